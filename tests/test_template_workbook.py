"""The Excel input template: sheets, headers, marks on required columns, drop-downs, the guide, atomic writing."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest
import typer
from typer.testing import CliRunner

from models.scales import Education, Level, LockAction, PoliticalTheory, StateMgmt
from planner.commands.template import template
from planner.io.columns import TABLES
from planner.io.template import GUIDE_COLUMNS, LAST_ROW, build_template, write_template


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = write_template(tmp_path_factory.mktemp("tpl") / "input.xlsx")
    return openpyxl.load_workbook(path)


def _validations(ws) -> dict[str, object]:
    """Column letter of the validated range → the validation covering it."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            found[rng.coord.split(":")[0].rstrip("0123456789")] = (dv, rng)
    return found


def _list_values(wb: openpyxl.Workbook, formula: str) -> list[str]:
    sheet, cells = formula.rsplit("!", 1)
    ws = wb[sheet.strip("'")]
    return [c.value for row in ws[cells.replace("$", "")] for c in row]


def test_template_sheets_are_guide_tables_and_hidden_lists(workbook):
    # Guide first, then the six tables under their Vietnamese names in schema order, then the hidden lists.
    expected = ["Hướng dẫn", *[t.sheet_vi for t in TABLES.values()], "Danh mục"]
    assert workbook.sheetnames == expected
    assert expected[1:7] == ["Đơn vị", "Cán bộ", "Vị trí khuyết", "Chỉ tiêu biệt phái", "Quyết định ghim",
                             "Đang thực hiện"]
    assert workbook["Danh mục"].sheet_state == "hidden"
    assert all(workbook[name].sheet_state == "visible" for name in expected[:-1])


def test_template_headers_are_the_vietnamese_aliases_and_rows_are_empty(workbook):
    for table in TABLES.values():
        ws = workbook[table.sheet_vi]
        assert [c.value for c in ws[1]] == [c.header_vi for c in table.columns]
        assert ws.max_row == 1, "no data cell may be created below the header (the loader would read it)"
        assert ws.freeze_panes == "A2"
        for cell, column in zip(ws[1], table.columns, strict=True):
            assert cell.font.bold
            assert cell.comment is not None and column.help_vi in cell.comment.text
            assert ws.column_dimensions[cell.column_letter].width >= 12


def test_template_required_columns_have_their_own_fill_and_note(workbook):
    ws = workbook["Cán bộ"]
    table = TABLES["cadres"]
    fills = {c.required: set() for c in table.columns}
    for cell, column in zip(ws[1], table.columns, strict=True):
        fills[column.required].add(cell.fill.fgColor.rgb)
        assert cell.comment.text.startswith("BẮT BUỘC" if column.required else "Không bắt buộc")
    # One colour for required headers, another for optional ones.
    assert len(fills[True]) == 1 and len(fills[False]) == 1 and fills[True] != fills[False]


@pytest.mark.parametrize(
    ("table", "column", "values"),
    [
        ("cadres", "education", [m.label_vi for m in Education]),
        ("cadres", "political_theory", [m.label_vi for m in PoliticalTheory]),
        ("cadres", "state_mgmt", [m.label_vi for m in StateMgmt]),
        ("cadres", "gender", ["Nam", "Nữ"]),
        ("cadres", "party_member", ["Có", "Không"]),
        ("units", "level", [m.label_vi for m in Level]),
        ("posts", "min_education", [m.label_vi for m in Education]),
        ("posts", "non_local", ["Có", "Không"]),
        ("seats", "ethnic_minority_only", ["Có", "Không"]),
        ("locks", "action", [m.label_vi for m in LockAction]),
    ],
)
def test_template_drop_down_lists_offer_the_labels(workbook, table, column, values):
    ws = workbook[TABLES[table].sheet_vi]
    index = [c.name for c in TABLES[table].columns].index(column)
    letter = openpyxl.utils.get_column_letter(index + 1)
    dv, rng = _validations(ws)[letter]
    assert dv.type == "list"
    assert (rng.min_row, rng.max_row) == (2, LAST_ROW)
    # Level labels hold commas ("Sở, ban, ngành tỉnh"), so lists must be ranges, never inline "a,b,c" text.
    assert "!" in dv.formula1
    assert _list_values(workbook, dv.formula1) == values
    # Every offered value is read back by the scale parser as a member (what the loader relies on).
    scale = TABLES[table].column(column).scale
    if scale is not None:
        assert [scale.parse(v) for v in values] == list(scale)


def test_template_every_scale_and_bool_column_has_a_list_and_no_other_column_does(workbook):
    for table in TABLES.values():
        ws = workbook[table.sheet_vi]
        found = _validations(ws)
        for index, column in enumerate(table.columns, start=1):
            dv = found.get(openpyxl.utils.get_column_letter(index), (None, None))[0]
            has_list = dv is not None and dv.type == "list"
            assert has_list == (column.kind in ("scale", "bool")), (table.name, column.name)


def test_template_month_and_id_columns_are_text_formatted(workbook):
    # Otherwise Excel turns a typed 2027-01 into a date and a typed id 007 into the number 7.
    ws = workbook["Vị trí khuyết"]
    names = [c.name for c in TABLES["posts"].columns]
    for name in ("post_id", "open_from", "open_to", "fields"):
        letter = openpyxl.utils.get_column_letter(names.index(name) + 1)
        assert ws.column_dimensions[letter].number_format == "@"
    letter = openpyxl.utils.get_column_letter(names.index("priority") + 1)
    assert ws.column_dimensions[letter].number_format != "@"


def test_template_guide_has_one_row_per_column_of_every_table(workbook):
    ws = workbook["Hướng dẫn"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    start = next(i for i, r in enumerate(rows) if r[: len(GUIDE_COLUMNS["vi"])] == GUIDE_COLUMNS["vi"]) + 1
    body = []
    for r in rows[start:]:
        if not r[0]:
            break
        body.append(r)
    expected = [(t.sheet_vi, c.header_vi, c.name) for t in TABLES.values() for c in t.columns]
    assert [(r[0], r[1], r[2]) for r in body] == expected
    by_name = {(r[0], r[2]): r for r in body}
    assert by_name[("Cán bộ", "full_name")][3] == "Bắt buộc"
    assert not by_name[("Cán bộ", "ethnicity")][3]
    assert "Đại học (dai_hoc)" in by_name[("Cán bộ", "education")][5]
    assert by_name[("Chỉ tiêu biệt phái", "ethnic_minority_only")][6] == "Có"
    text = "\n".join(str(v) for r in rows for v in r if v)
    # The how-to names the way to use it from a scenario.
    assert "units: input.xlsx" in text and "ongoing: input.xlsx" in text and ".xlsx" in text


def test_template_english_variant_uses_english_names_and_codes(tmp_path):
    wb = openpyxl.load_workbook(write_template(tmp_path / "en.xlsx", lang="en"))
    assert wb.sheetnames == ["Guide", *TABLES, "Lists"]
    assert [c.value for c in wb["cadres"][1]] == [c.name for c in TABLES["cadres"].columns]
    dv, _ = _validations(wb["cadres"])["F"]  # education
    assert _list_values(wb, dv.formula1) == [m.code for m in Education]


def test_template_rejects_an_unknown_language(tmp_path):
    with pytest.raises(ValueError):
        build_template("fr")
    with pytest.raises(ValueError):
        write_template(tmp_path / "x.xlsx", lang="fr")
    assert not list(tmp_path.iterdir())


def test_template_write_is_atomic_and_replaces_an_old_file(tmp_path, monkeypatch):
    path = tmp_path / "input.xlsx"
    path.write_bytes(b"old")
    write_template(path)
    assert openpyxl.load_workbook(path).sheetnames[0] == "Hướng dẫn"
    assert [p.name for p in tmp_path.iterdir()] == ["input.xlsx"]  # no temp file left behind

    # A failure while saving leaves the previous file untouched and no temp file.
    def broken_save(self, filename):
        Path(filename).write_bytes(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    before = path.read_bytes()
    with pytest.raises(OSError):
        write_template(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["input.xlsx"]
    assert os.stat(path).st_mode & 0o044  # readable by others like any file the user saves


def _cli() -> typer.Typer:
    # A group with a callback, as planner's app is once it has several commands.
    app = typer.Typer()
    app.callback()(lambda: None)
    app.command("template")(template)
    return app


def test_template_command_writes_the_workbook(tmp_path):
    out = tmp_path / "sub" / "input.xlsx"
    result = CliRunner().invoke(_cli(), ["template", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and "Đã ghi" in result.output
    result = CliRunner().invoke(_cli(), ["template", "--out", str(tmp_path / "en.xlsx"), "--lang", "en"])
    assert result.exit_code == 0 and openpyxl.load_workbook(tmp_path / "en.xlsx").sheetnames[0] == "Guide"


def test_template_command_refuses_bad_language_and_suffix_with_exit_1(tmp_path):
    runner = CliRunner()
    assert runner.invoke(_cli(), ["template", "--out", str(tmp_path / "a.xlsx"), "--lang", "fr"]).exit_code == 1
    assert runner.invoke(_cli(), ["template", "--out", str(tmp_path / "a.csv")]).exit_code == 1
    assert not list(tmp_path.iterdir())


def test_template_command_is_registered_in_the_planner_app():
    from planner.cli import app

    assert "template" in [c.name for c in app.registered_commands]


def test_template_whole_number_columns_use_the_loader_limits(workbook):
    # Priority is 1 … 5 in the loader (planner.io.cells.INT_LIMITS), so the template refuses 0 and 6 as typed.
    from planner.io.cells import INT_LIMITS

    ws = workbook["Vị trí khuyết"]
    names = [c.name for c in TABLES["posts"].columns]
    dv, _ = _validations(ws)[openpyxl.utils.get_column_letter(names.index("priority") + 1)]
    assert (dv.type, dv.formula1, dv.formula2) == ("whole", "1", "5") == ("whole", *map(str, INT_LIMITS["priority"]))
