"""Cell parsing by column kind: what is read, what is read with a warning, what is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from models.months import month_index
from models.scales import Education, Gender, Level, PoliticalTheory
from planner.io.cells import CellError, parse_cell
from planner.io.columns import CADRES, POSTS, SEATS, UNITS

C = CADRES.column
P = POSTS.column


@pytest.mark.parametrize(
    ("column", "raw", "typed", "value", "warns"),
    [
        (C("cadre_id"), " C001 ", False, "C001", True),  # stray spaces in an id: trimmed, warned
        (C("cadre_id"), "C\u00a0001", False, "C 001", True),  # non-breaking space: a plain space, warned
        (C("cadre_id"), 101, True, "101", False),  # an xlsx number cell as an id
        (C("full_name"), "Lo\u0300 Va\u0306n A", False, "Lò Văn A", True),  # NFD Vietnamese -> NFC, warned
        (C("full_name"), "  Lò Văn A ", False, "Lò Văn A", False),  # text is simply trimmed
        (C("party_member"), "x", False, True, False),
        (C("party_member"), "Có", False, True, False),
        (C("party_member"), "không", False, False, False),
        (C("party_member"), "0", False, False, False),
        (C("party_member"), True, True, True, False),  # an xlsx boolean cell
        (C("party_member"), "", False, None, False),  # empty: None, the caller fills the column default
        (C("rank"), "2", False, 2, False),
        (C("rank"), "2", True, 2, True),  # a number stored as text in Excel: read, warned
        (C("rank"), "3.0", False, 3, True),  # `3.0` read as 3, warned
        (C("rank"), 3.0, True, 3, False),  # an xlsx number cell holding 3.0 is ordinary
        (C("available_from"), "2027-03", False, month_index(2027, 3), False),
        (C("available_from"), "2027-3", False, month_index(2027, 3), False),
        (C("available_from"), dt.datetime(2027, 3, 1), True, month_index(2027, 3), True),  # Excel date cell
        (C("available_from"), "2027-03-15", False, month_index(2027, 3), True),  # day dropped, warned
        (C("available_from"), "03/2027", False, month_index(2027, 3), True),  # MM/YYYY, warned
        (C("birth_date"), "1990-05-10", False, month_index(1990, 5), False),
        (C("birth_date"), "1990-05", False, month_index(1990, 5), False),
        (C("birth_date"), "1990", False, month_index(1990, 1), False),  # a bare year counts as January
        (C("birth_date"), 1990, True, month_index(1990, 1), False),
        (C("birth_date"), dt.datetime(1990, 5, 10), True, month_index(1990, 5), True),
        (C("planned_titles"), "Bí thư; Chủ tịch UBND xã ;", False, ("Bí thư", "Chủ tịch UBND xã"), False),
        (C("education"), "Đại học", False, Education.DAI_HOC, False),
        (C("education"), "DAI_HOC", False, Education.DAI_HOC, False),
        (C("political_theory"), "trung cấp", False, PoliticalTheory.TRUNG_CAP, False),
        (C("gender"), "Nữ", False, Gender.FEMALE, False),
        (P("source_levels"), "district; Sở, ban, ngành tỉnh", False, (Level.DISTRICT, Level.PROVINCE_DEPT), False),
        (P("priority"), "5", False, 5, False),
    ],
)
def test_cells_read(column, raw, typed, value, warns):
    parsed, warning = parse_cell(column, raw, typed)
    assert parsed == value
    assert (warning is not None) == warns


@pytest.mark.parametrize(
    ("column", "raw", "reason"),
    [
        (C("rank"), "2.5", "số nguyên"),  # not an integer
        (C("rank"), "-1", "âm"),  # negative rank
        (C("rank"), "abc", "số nguyên"),
        (C("rank"), "99999999999999999999", "quá lớn"),  # huge number
        (UNITS.column("headcount"), "2000000", "từ 0 đến"),  # beyond the sane range of a headcount
        (SEATS.column("months"), "-6", "âm"),  # negative months
        (P("priority"), "7", "từ 1 đến 5"),  # priority is 1..5
        (C("rank"), True, True),  # a boolean where a number is expected
        (C("party_member"), "maybe", "có/không"),
        (C("available_from"), "2027/03/01", "YYYY-MM"),
        (C("available_from"), "2027-13", "YYYY-MM"),  # month 13
        (C("available_from"), "01/03/2027", "YYYY-MM"),  # day-first or month-first: ambiguous, refused
        (C("birth_date"), "10/05/1990", "YYYY-MM-DD"),
        (C("birth_date"), "1850", "1900"),  # out of the years a cadre can be born in
        (C("education"), "tiểu học", "không phải một trong"),
        (P("source_levels"), "district;village", "village"),  # the bad item is named
    ],
)
def test_cells_refused(column, raw, reason):
    with pytest.raises(CellError) as info:
        parse_cell(column, raw, typed=not isinstance(raw, str))
    if isinstance(reason, str):
        assert reason in str(info.value)
