"""Reading tables: CSV flavours, .xlsx workbooks, headers, empty rows, row numbers, encodings.

The helpers at the top (copy of the ok fixture, CSV → xlsx) are shared with the other loader test files.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from planner.errors import InputError
from planner.io.columns import TABLES
from planner.io.tables import read_table
from planner.scenario import load_problem

OK = Path(__file__).parent / "data" / "ok"
TABLE_NAMES = ("units", "cadres", "posts", "seats", "locks", "ongoing")


def copy_ok(tmp_path: Path) -> Path:
    """A private copy of tests/data/ok; returns its scenario file."""
    shutil.copytree(OK, tmp_path / "ok")
    return tmp_path / "ok" / "scenarios" / "base.yaml"


def read_csv_rows(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8-sig")
    delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    return list(csv.reader(text.splitlines(), delimiter=delimiter))


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",", bom: bool = False) -> None:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)


def _typed(column: str, text: str):
    """How a careful Excel user's cell would hold a value: numbers as numbers, birth dates as dates."""
    table_col = next((c for t in TABLES.values() for c in t.columns if c.name == column), None)
    if text == "":
        return None
    if table_col is not None and table_col.kind == "int":
        return int(text)
    if column == "birth_date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.datetime.fromisoformat(text)
    return text


def ok_to_xlsx(tables_dir: Path, out: Path, vietnamese: bool = False) -> None:
    """One workbook with a sheet per table, from the CSVs of the ok fixture."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in TABLE_NAMES:
        table = TABLES[name]
        rows = read_csv_rows(tables_dir / f"{name}.csv")
        sheet = book.create_sheet(table.sheet_vi if vietnamese else name)
        header = rows[0]
        sheet.append([table.column(h).header_vi if vietnamese else h for h in header])
        for row in rows[1:]:
            sheet.append([_typed(h, v) for h, v in zip(header, row, strict=True)])
    book.save(out)


def scenario_on(path: Path, data: dict[str, str], extra: str = "") -> Path:
    """A scenario next to the ok fixture's base.yaml that extends it and reads other data files."""
    lines = ["extends: base.yaml", "data:"]
    lines += [f"  {k}: {v}" for k, v in data.items()]
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def _binary_cases_script():
    """tests/data/bad/make_binary_cases.py, a standalone script: its `to_cp1258` is the one encoder the tests use."""
    path = Path(__file__).parent / "data" / "bad" / "make_binary_cases.py"
    spec = importlib.util.spec_from_file_location("make_binary_cases", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


to_cp1258 = _binary_cases_script().to_cp1258


def comparable(problem) -> dict:
    """A problem's content, without provenance (file names and hashes differ between formats)."""
    return problem.model_dump(exclude={"input_hashes", "resolved_scenario"})


# --- tests ---------------------------------------------------------------------------------------------------

def test_ok_fixture_loads_with_defaults_filled():
    loaded = load_problem(OK / "scenarios" / "base.yaml")
    p = loaded.problem
    assert [u.unit_id for u in p.units] == ["P", "SNN", "SNV", "D1", "D1NN", "X1", "X2"]
    assert p.unit_by_id["X1"].languages == ("Thái", "Mông")  # quoted `;` list inside a `;`-separated file
    post2 = p.post_by_id["P2"]
    assert post2.open_to == post2.open_from  # open_to defaults to open_from
    assert p.post_by_id["P1"].months == 36  # months default to policy.rotation_months
    assert p.seat_by_id["S1"].source_levels == p.policy.secondment_source_levels
    assert p.seat_by_id["S1"].ethnic_minority_only is True  # column default "true"
    assert p.seat_by_id["S2"].ethnic_minority_only is False
    assert p.cadre_by_id["C003"].party_member is True  # "1"
    assert p.cadres[0].ref.file == "tables/cadres.csv" and p.cadres[0].ref.row == 2
    assert set(p.input_hashes) >= {"scenarios/base.yaml", "tables/units.csv"}
    assert p.resolved_scenario["data"]["units"] == "tables/units.csv"
    assert loaded.warnings == []


def test_xlsx_workbook_gives_the_same_problem_as_csv(tmp_path):
    scenario = copy_ok(tmp_path)
    csv_problem = load_problem(scenario).problem
    ok_to_xlsx(tmp_path / "ok" / "tables", tmp_path / "ok" / "tables" / "all.xlsx")
    data = {n: "../tables/all.xlsx" for n in TABLE_NAMES}
    loaded = load_problem(scenario_on(tmp_path / "ok" / "scenarios" / "x.yaml", data))
    assert comparable(loaded.problem) == comparable(csv_problem)
    # Birth dates typed as Excel dates are read and warned about.
    assert any("ngày tháng của Excel" in w.reason for w in loaded.warnings)
    assert loaded.problem.units[0].ref.sheet == "units"


def test_vietnamese_sheets_and_headers(tmp_path):
    scenario = copy_ok(tmp_path)
    csv_problem = load_problem(scenario).problem
    ok_to_xlsx(tmp_path / "ok" / "tables", tmp_path / "ok" / "tables" / "vi.xlsx", vietnamese=True)
    data = {n: "../tables/vi.xlsx" for n in TABLE_NAMES}
    problem = load_problem(scenario_on(tmp_path / "ok" / "scenarios" / "vi.yaml", data)).problem
    assert comparable(problem) == comparable(csv_problem)


def test_sheet_named_after_hash_and_one_file_per_table(tmp_path):
    scenario = copy_ok(tmp_path)
    tables = tmp_path / "ok" / "tables"
    ok_to_xlsx(tables, tables / "all.xlsx")
    book = openpyxl.load_workbook(tables / "all.xlsx")
    book["units"].title = "Danh mục"  # a sheet with another name, named after `#`
    book.save(tables / "all.xlsx")
    single = openpyxl.Workbook()  # a one-sheet workbook: its only sheet is the table, whatever its name
    header, *body = read_csv_rows(tables / "posts.csv")
    single.active.append(header)
    for row in body:
        single.active.append([_typed(h, v) for h, v in zip(header, row, strict=True)])
    single.save(tables / "posts_only.xlsx")
    data = {n: "../tables/all.xlsx" for n in TABLE_NAMES}
    data["units"] = "../tables/all.xlsx#Danh mục"
    data["posts"] = "../tables/posts_only.xlsx"
    problem = load_problem(scenario_on(tmp_path / "ok" / "scenarios" / "h.yaml", data)).problem
    assert comparable(problem) == comparable(load_problem(scenario).problem)


def test_empty_rows_skipped_and_row_numbers_kept(tmp_path):
    path = tmp_path / "units.csv"
    write_csv(path, [["unit_id", "name", "level"], ["P", "Tỉnh", "province"], ["", " ", ""],
                     ["X1", "Xã", "commune"]], delimiter=";", bom=True)
    rows, warnings = read_table("units", path)
    # Row 3 is blank and skipped, but X1 keeps the number a spreadsheet user sees: 4.
    assert [(r.values["unit_id"], r.ref.row) for r in rows] == [("P", 2), ("X1", 4)]
    assert warnings == []


def test_xlsx_empty_rows_skipped_and_row_numbers_kept(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "units"
    for row in (["unit_id", "name", "level"], ["P", "Tỉnh", "province"], [None, "  ", None], [None, None, None],
                ["X1", "Xã", "commune"]):
        sheet.append(row)
    book.save(tmp_path / "u.xlsx")
    rows, warnings = read_table("units", tmp_path / "u.xlsx")
    # Rows 3 (spaces only) and 4 (nothing) are skipped; X1 keeps the number the user sees in Excel: 5.
    assert [(r.values["unit_id"], r.ref.row) for r in rows] == [("P", 2), ("X1", 5)]
    assert warnings == []


def test_unknown_column_warns_duplicate_header_errs(tmp_path):
    path = tmp_path / "units.csv"
    write_csv(path, [["unit_id", "name", "level", "ghi chú"], ["P", "Tỉnh", "province", "x"]])
    rows, warnings = read_table("units", path)
    assert len(rows) == 1 and "ghi chú" in warnings[0].column and warnings[0].severity == "warning"
    # `Mã đơn vị` is the Vietnamese header of unit_id: two headers for one column.
    write_csv(path, [["unit_id", "name", "level", "Mã đơn vị"], ["P", "Tỉnh", "province", "Q"]])
    with pytest.raises(InputError) as info:
        read_table("units", path)
    assert "lặp" in str(info.value)


def test_missing_required_column_and_values(tmp_path):
    path = tmp_path / "units.csv"
    write_csv(path, [["unit_id", "level"], ["P", "province"]])
    with pytest.raises(InputError) as info:
        read_table("units", path)
    assert "thiếu cột bắt buộc 'name'" in str(info.value)
    write_csv(path, [["unit_id", "name", "level"], ["P", "", "province"], ["", "Xã", "tỉnh"]])
    with pytest.raises(InputError) as info:
        read_table("units", path)
    found = {(i.row, i.column) for i in info.value.errors}
    assert found == {(2, "name"), (3, "unit_id")}  # every error, not just the first


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "rỗng"),  # 0 bytes
        (to_cp1258("unit_id,name,level\nP,Tỉnh Điện Biên,province\n"), "CSV UTF-8"),  # Windows-1258
        (b"\x00\x01\x02\x03binary\xff\xfe", "CSV UTF-8"),  # binary data
        ("unit_id,name\n".encode("utf-16-le"), "CSV UTF-8"),  # UTF-16 without a BOM
        (b"PK\x03\x04rest-of-a-zip", ".xlsx"),  # a workbook saved with a .csv name
    ],
)
def test_unreadable_csv_names_the_file(tmp_path, data, reason):
    path = tmp_path / "units.csv"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_table("units", path)
    assert reason in str(info.value) and "units.csv" in str(info.value)


def test_utf16_with_bom_is_read_and_warned(tmp_path):
    path = tmp_path / "units.csv"
    path.write_bytes("unit_id\tname,name,level\nP,Tỉnh,province\n".replace("unit_id\tname,", "unit_id,")
                     .encode("utf-16"))
    rows, warnings = read_table("units", path)
    assert rows[0].values["name"] == "Tỉnh"
    assert "UTF-16" in warnings[0].reason


def test_many_rows_read_quickly(tmp_path):
    # 20,000 cadres (a fifth of the 100,000 the brief asks for in a few seconds): well under a second or two.
    import time

    header = ["cadre_id", "full_name", "gender", "birth_date", "unit_id", "education", "political_theory",
              "planned_titles", "party_member", "rank"]
    rows = [header] + [[f"C{i:06d}", f"Cán bộ {i}", "nam" if i % 2 else "nữ", f"{1970 + i % 30}-0{1 + i % 9}-15",
                        f"U{i % 50}", "dai_hoc", "trung_cap", "Bí thư;Chủ tịch", "x", str(i % 3)]
                       for i in range(20_000)]
    path = tmp_path / "cadres.csv"
    write_csv(path, rows)
    start = time.perf_counter()
    parsed, _ = read_table("cadres", path)
    assert len(parsed) == 20_000
    assert time.perf_counter() - start < 5.0


def test_repeated_cell_warnings_are_listed_a_few_times_then_counted(tmp_path):
    path = tmp_path / "units.csv"
    # Eight ids with a trailing space: each is read (trimmed) with a warning; five are listed, the rest counted.
    write_csv(path, [["unit_id", "name", "level"]] + [[f"U{i} ", "Xã", "commune"] for i in range(8)])
    rows, warnings = read_table("units", path)
    assert [r.values["unit_id"] for r in rows] == [f"U{i}" for i in range(8)]
    assert [w.row for w in warnings] == [2, 3, 4, 5, 6, None]
    assert "và 3 ô khác" in warnings[-1].reason


def test_input_error_carries_the_warnings_too(tmp_path):
    path = tmp_path / "units.csv"
    write_csv(path, [["unit_id", "name", "level", "ghi chú"], ["P", "Tỉnh", "làng", ""]])
    with pytest.raises(InputError) as info:
        read_table("units", path)
    assert [i.column for i in info.value.errors] == ["level"]  # `làng` is no unit level
    assert [i.column for i in info.value.warnings] == ["ghi chú"]  # the unknown column


def test_sheet_reading_stops_after_a_long_blank_run(tmp_path):
    from planner.io import tables

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "units"
    sheet.append(["unit_id", "name", "level"])
    sheet.append(["P", "Tỉnh", "province"])
    sheet.cell(row=tables.MAX_BLANK_RUN + 10, column=1, value="LOST")  # far below a run of blank rows
    book.save(tmp_path / "u.xlsx")
    rows, warnings = read_table("units", tmp_path / "u.xlsx")
    # Only P is read; the far-away row is not silently dropped: a warning says where reading stopped.
    assert [r.values["unit_id"] for r in rows] == ["P"]
    assert "dòng trống liên tiếp" in warnings[0].reason
