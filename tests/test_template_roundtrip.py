"""A filled template loads with no conversion step: template → rows typed as a user would → scenario → Problem.

The rows are written with openpyxl under the template's own headers, using the values its drop-down lists offer
(Vietnamese labels such as "Đại học", "Xã, phường, thị trấn", "Có"), then a scenario YAML points every table to the
workbook, and `planner.scenario.load_problem` must read it as it is.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from models.months import parse_month
from models.scales import Education, Gender, Level, LockAction, PoliticalTheory, StateMgmt
from planner.errors import InputError
from planner.io.columns import TABLES
from planner.io.template import scenario_snippet, sheet_name, write_template
from planner.scenario import load_problem

# One small, valid province: a department, a district and one of its communes; three cadres; one post, two seats,
# one pin and one ongoing secondment. Values are what a user picks from the drop-downs or types as text.
ROWS_VI: dict[str, list[dict[str, object]]] = {
    "units": [
        {"unit_id": "T", "name": "Tỉnh Điện Biên", "level": "Tỉnh"},
        {"unit_id": "SNN", "name": "Sở Nông nghiệp và Môi trường", "level": "Sở, ban, ngành tỉnh", "parent_id": "T"},
        {"unit_id": "H1", "name": "Huyện Mường Chà", "level": "Huyện", "parent_id": "T", "headcount": 50},
        {"unit_id": "X1", "name": "Xã Na Sang", "level": "Xã, phường, thị trấn", "parent_id": "H1",
         "difficult": "Có", "ethnic_area": "Có", "languages": "Thái; Mông", "max_away": 2},
    ],
    "cadres": [
        {"cadre_id": "C1", "full_name": "Lò Văn Anh", "gender": "Nam", "birth_date": "1990-05-12", "unit_id": "H1",
         "education": "Đại học", "political_theory": "Trung cấp", "ethnicity": "Thái", "home_unit_id": "X1",
         "title": "Phó Trưởng phòng Nông nghiệp", "rank": 1, "field": "Nông nghiệp", "state_mgmt": "Chuyên viên",
         "party_member": "Có", "planned_titles": "Chủ tịch UBND xã; Phó Bí thư Đảng ủy xã", "languages": "Thái",
         "available_from": "2027-01", "secondment_exempt": "Không", "under_review": "Không"},
        {"cadre_id": "C2", "full_name": "Nguyễn Thị Bình", "gender": "Nữ", "birth_date": "1985", "unit_id": "SNN",
         "education": "Thạc sĩ", "political_theory": "Cao cấp", "ethnicity": "Kinh", "rank": 2,
         "state_mgmt": "Chuyên viên chính"},
        {"cadre_id": "C3", "full_name": "Giàng A Páo", "gender": "Nam", "birth_date": "1992-11", "unit_id": "X1",
         "education": "Cao đẳng", "political_theory": "Chưa có", "ethnicity": "Mông", "rank": 1,
         "field": "Nông nghiệp"},
    ],
    "posts": [
        {"post_id": "P1", "unit_id": "X1", "title": "Chủ tịch UBND xã", "open_from": "2027-03", "priority": 5,
         "open_to": "2027-06", "min_education": "Đại học", "min_political_theory": "Trung cấp",
         "party_required": "Có", "fields": "Nông nghiệp; Kinh tế", "language": "Thái", "non_local": "Không",
         "source_levels": "Huyện; Sở, ban, ngành tỉnh"},
    ],
    "seats": [
        {"seat_id": "S1", "unit_id": "SNN", "capacity": 2, "open_from": "2027-02", "months": 6,
         "field": "Nông nghiệp", "min_rank": 1, "ethnic_minority_only": "Có"},
        # An Excel date typed into a month cell (2027-04-01) is read as its month.
        {"seat_id": "S2", "unit_id": "SNN", "capacity": 1, "open_from": dt.datetime(2027, 4, 1), "months": 6},
    ],
    "locks": [
        {"action": "Ghim", "cadre_id": "C1", "target_id": "P1", "reason": "Ban Thường vụ đã thống nhất"},
    ],
    "ongoing": [
        {"cadre_id": "C3", "target_id": "S1", "start": "2026-09", "end": "2027-02"},
    ],
}


def _fill(path: Path, rows: dict[str, list[dict[str, object]]], lang: str) -> None:
    """Write rows under the template's headers, by column name, as a user filling the sheets would."""
    wb = openpyxl.load_workbook(path)
    for name, records in rows.items():
        table = TABLES[name]
        ws = wb[sheet_name(table, lang)]
        headers = [cell.value for cell in ws[1]]
        index = {c.name: headers.index(c.header_vi if lang == "vi" else c.name) + 1 for c in table.columns}
        for row, record in enumerate(records, start=2):
            for column, value in record.items():
                ws.cell(row=row, column=index[column], value=value)
    wb.save(path)


def _scenario(folder: Path, workbook: str) -> Path:
    # The same snippet the guide sheet shows, so the guide's example is known to work.
    path = folder / "kich-ban.yaml"
    path.write_text(scenario_snippet(workbook), encoding="utf-8")
    return path


def test_template_roundtrip_filled_vietnamese_template_loads_as_it_is(tmp_path):
    folder = tmp_path / "case"
    book = write_template(folder / "input.xlsx")
    _fill(book, ROWS_VI, "vi")
    problem = load_problem(_scenario(folder, "input.xlsx")).problem

    assert (problem.horizon_start, problem.horizon_months) == (parse_month("2027-01"), 24)
    assert [len(getattr(problem, t)) for t in TABLES] == [4, 3, 1, 2, 1, 1]

    units = problem.unit_by_id
    assert units["SNN"].level is Level.PROVINCE_DEPT and units["X1"].level is Level.COMMUNE
    assert units["X1"].difficult and units["X1"].ethnic_area and units["X1"].languages == ("Thái", "Mông")
    assert not units["H1"].difficult and units["H1"].headcount == 50 and units["X1"].max_away == 2

    c1, c2, c3 = (problem.cadre_by_id[i] for i in ("C1", "C2", "C3"))
    assert c1.gender is Gender.MALE and c2.gender is Gender.FEMALE
    assert c1.birth_date == parse_month("1990-05") and c2.birth_date == parse_month("1985-01")  # bare year: Jan
    assert c1.education is Education.DAI_HOC and c2.education is Education.THAC_SI
    assert c1.political_theory is PoliticalTheory.TRUNG_CAP and c3.political_theory is PoliticalTheory.NONE
    assert c1.state_mgmt is StateMgmt.CHUYEN_VIEN and c3.state_mgmt is StateMgmt.NONE  # empty: none
    assert c1.party_member and not c2.party_member  # "Có"; empty takes the default false
    assert c1.planned_titles == ("Chủ tịch UBND xã", "Phó Bí thư Đảng ủy xã")
    assert c1.ethnic_minority and not c2.ethnic_minority and c3.ethnic_minority
    assert c1.available_from == parse_month("2027-01") and c1.rank == 1 and c3.rank == 1
    assert not c1.secondment_exempt and not c1.under_review

    p1 = problem.post_by_id["P1"]
    assert (p1.open_from, p1.open_to) == (parse_month("2027-03"), parse_month("2027-06"))
    assert p1.months == 36  # empty: the policy's rotation_months
    assert p1.priority == 5 and p1.party_required and not p1.non_local
    assert p1.min_education is Education.DAI_HOC and p1.min_political_theory is PoliticalTheory.TRUNG_CAP
    assert p1.fields == ("Nông nghiệp", "Kinh tế") and p1.language == "Thái"
    # A level label with commas inside a `;` list.
    assert p1.source_levels == (Level.DISTRICT, Level.PROVINCE_DEPT)

    s1, s2 = problem.seat_by_id["S1"], problem.seat_by_id["S2"]
    assert s1.capacity == 2 and s1.months == 6 and s1.ethnic_minority_only and s1.field == "Nông nghiệp"
    # S2 left the optional columns empty: open_to = open_from, min_rank 1, ethnic-minority only, policy levels.
    assert s2.open_from == s2.open_to == parse_month("2027-04")
    assert s2.min_rank == 1 and s2.ethnic_minority_only and s2.field is None
    assert s2.source_levels == problem.policy.secondment_source_levels

    (lock,) = problem.locks
    assert (lock.action, lock.cadre_id, lock.target_id, lock.start) == (LockAction.PIN, "C1", "P1", None)
    assert lock.reason == "Ban Thường vụ đã thống nhất"
    (ongoing,) = problem.ongoing
    assert (ongoing.cadre_id, ongoing.target_id, ongoing.start, ongoing.end) == (
        "C3", "S1", parse_month("2026-09"), parse_month("2027-02"))


def test_template_roundtrip_header_only_optional_sheets_load_empty(tmp_path):
    # Locks and ongoing left untouched (header only) are empty tables, not errors.
    folder = tmp_path / "case"
    book = write_template(folder / "input.xlsx")
    _fill(book, {k: v for k, v in ROWS_VI.items() if k not in ("locks", "ongoing")}, "vi")
    problem = load_problem(_scenario(folder, "input.xlsx")).problem
    assert problem.locks == () and problem.ongoing == ()
    assert len(problem.cadres) == 3


def test_template_roundtrip_a_value_outside_the_list_is_reported_on_its_sheet_row_and_column(tmp_path):
    # Excel's drop-down can be bypassed by pasting; the loader must then name the template's sheet and cell.
    folder = tmp_path / "case"
    book = write_template(folder / "input.xlsx")
    rows = {**ROWS_VI, "cadres": [dict(ROWS_VI["cadres"][0], education="Đại hoc xịn"), *ROWS_VI["cadres"][1:]]}
    _fill(book, rows, "vi")
    with pytest.raises(InputError) as caught:
        load_problem(_scenario(folder, "input.xlsx"))
    errors = caught.value.errors
    assert any(e.sheet == "Cán bộ" and e.row == 2 and e.column in ("education", "Trình độ chuyên môn")
               for e in errors), [str(e) for e in errors]


def test_template_roundtrip_english_template_with_codes_loads(tmp_path):
    # The English template: sheets named like the tables, English headers, drop-downs offering the codes.
    folder = tmp_path / "case"
    book = write_template(folder / "input-en.xlsx", lang="en")
    rows = {
        "units": [{"unit_id": "H1", "name": "District", "level": "district"},
                  {"unit_id": "X1", "name": "Commune", "level": "commune", "parent_id": "H1", "difficult": "true"}],
        "cadres": [{"cadre_id": "C1", "full_name": "A", "gender": "nu", "birth_date": "1991-02", "unit_id": "H1",
                    "education": "dai_hoc", "political_theory": "so_cap", "party_member": "true"}],
        "posts": [{"post_id": "P1", "unit_id": "X1", "title": "Chủ tịch UBND xã", "open_from": "2027-02"}],
        "seats": [{"seat_id": "S1", "unit_id": "H1", "capacity": 1, "open_from": "2027-01", "months": 6,
                   "ethnic_minority_only": "false"}],
    }
    _fill(book, rows, "en")
    problem = load_problem(_scenario(folder, "input-en.xlsx")).problem
    (cadre,) = problem.cadres
    assert cadre.gender is Gender.FEMALE and cadre.education is Education.DAI_HOC and cadre.party_member
    assert problem.unit_by_id["X1"].difficult and not problem.seat_by_id["S1"].ethnic_minority_only
    assert problem.post_by_id["P1"].open_to == parse_month("2027-02")
