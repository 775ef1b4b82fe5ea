"""Bad-input cases whose files are binary (wrong encodings, workbooks), generated instead of committed.

`make(root)` writes each case as a folder `root/<case>/` (scenario.yaml, the bad file, expected.txt) next to a
copy of `_shared/`, exactly like the committed text cases. Run directly to write them beside this file:
`python tests/data/bad/make_binary_cases.py /tmp/bad`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
SHARED = HERE / "_shared"


def to_cp1258(text: str) -> bytes:
    """Vietnamese text as Windows-1258 writes it: the base letter (with ^, ˘ or ') then a combining tone mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts if c in tones)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)) + tone)
    return "".join(out).encode("cp1258")


def _shared(name: str) -> str:
    return (SHARED / name).read_text(encoding="utf-8-sig")


def _workbook(sheets: dict[str, list[list[object]]], merge: dict[str, list[str]] | None = None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for ref in (merge or {}).get(name, []):
            sheet.merge_cells(ref)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _with_saved_values(data: bytes, values: dict[str, str]) -> bytes:
    """A workbook as Excel saves it: formula cells (cell reference -> text result) carry their computed value.

    openpyxl writes a formula with an empty `<v />` (no value: what a script-written workbook looks like).
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                for ref, value in values.items():
                    body = re.sub(rb'<c r="%s"[^>]*><f>(.*?)</f><v\s*/>' % ref.encode(),
                                  lambda m, r=ref, v=value: b'<c r="%s" t="str"><f>%s</f><v>%s</v>'
                                  % (r.encode(), m.group(1), v.encode()), body)
            target.writestr(item, body)
    return out.getvalue()


def _edit(name: str, row: int, column: str, value: object) -> list[list[object]]:
    """The rows of a `_shared` table with one cell (data row `row`, 1 = first after the header) replaced."""
    rows = _rows(name)
    rows[row][rows[0].index(column)] = value
    return rows


def _rows(name: str) -> list[list[object]]:
    import csv

    text = _shared(name)
    delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    return [list(r) for r in csv.reader(text.splitlines(), delimiter=delimiter)]


def _over(table: str, file: str) -> str:
    return f"extends: ../_shared/base.yaml\ndata: {{{table}: {file}}}\n"


# case name -> (scenario text, {file name: bytes maker}, expected substring)
CASES: dict[str, tuple[str, dict[str, Callable[[], bytes]], str]] = {
    "csv_windows_1258": (_over("cadres", "cadres.csv"), {"cadres.csv": lambda: to_cp1258(_shared("cadres.csv"))},
                         "CSV UTF-8"),
    "csv_zero_bytes": (_over("posts", "posts.csv"), {"posts.csv": lambda: b""}, "tệp rỗng (0 byte)"),
    "csv_binary": (_over("seats", "seats.csv"), {"seats.csv": lambda: bytes(range(256)) * 8}, "CSV UTF-8"),
    "csv_utf16_no_bom": (_over("units", "units.csv"),
                         {"units.csv": lambda: _shared("units.csv").encode("utf-16-le")}, "UTF-16"),
    "csv_really_xlsx": (_over("units", "units.csv"), {"units.csv": lambda: _workbook({"units": _rows("units.csv")})},
                        "đổi đuôi thành .xlsx"),
    "xlsx_missing_sheet": (
        _over("units", "book.xlsx"),
        {"book.xlsx": lambda: _workbook({"Cán bộ": _rows("cadres.csv"), "Ghi chú": [["x"]]})},
        "không tìm thấy trang tính 'units' hoặc 'Đơn vị'",
    ),
    "xlsx_named_sheet_missing": (_over("units", "book.xlsx#Danh mục"),
                                 {"book.xlsx": lambda: _workbook({"units": _rows("units.csv")})},
                                 "không tìm thấy trang tính 'Danh mục'"),
    "xlsx_not_a_workbook": (_over("units", "book.xlsx"), {"book.xlsx": lambda: b"this is not a zip file" * 10},
                            "tệp .xlsx không hợp lệ"),
    "xlsx_duplicated_header": (
        _over("units", "book.xlsx"),
        {"book.xlsx": lambda: _workbook({"units": [[*_rows("units.csv")[0], "Tên đơn vị"],
                                                   *_rows("units.csv")[1:]]})},
        "cột bị lặp",
    ),
    "xlsx_number_in_month_column": (
        _over("posts", "book.xlsx"),
        {"book.xlsx": lambda: _workbook({"posts": [_rows("posts.csv")[0],
                                                   [2027 if c == "2027-01" else c for c in _rows("posts.csv")[1]],
                                                   _rows("posts.csv")[2]]})},
        "phải là tháng dạng YYYY-MM",
    ),
    # A script wrote `=…` into a required cell and nobody opened the file in Excel: there is no value to read.
    "xlsx_formula_without_saved_value": (
        _over("units", "book.xlsx"),
        {"book.xlsx": lambda: _workbook({"units": _edit("units.csv", 3, "name", '=UPPER("Sở Nội vụ")')})},
        "ô chứa công thức '=UPPER(\"Sở Nội vụ\")' nhưng tệp không lưu giá trị đã tính",
    ),
    # `level` merged over the rows of SNN and SNV (sheet rows 3 and 4, both province_dept): SNV's cell reads empty.
    "xlsx_merged_required_cells": (
        _over("units", "book.xlsx"),
        {"book.xlsx": lambda: _workbook({"units": _edit("units.csv", 3, "level", None)}, {"units": ["C3:C4"]})},
        "thiếu giá trị ở cột bắt buộc (ô gộp (merged) C3:C4",
    ),
}

# Cells that can be read unambiguously: loaded (exit 0) with a warning; same layout as CASES.
WARN_CASES: dict[str, tuple[str, dict[str, Callable[[], bytes]], str]] = {
    "xlsx_month_as_excel_date": (
        _over("posts", "book.xlsx"),
        {"book.xlsx": lambda: _workbook({"posts": _edit("posts.csv", 1, "open_from", dt.datetime(2027, 1, 1))})},
        "ô ngày tháng của Excel (2027-01-01), đã đọc thành tháng",
    ),
    "xlsx_number_as_text": (
        _over("posts", "book.xlsx"),
        {"book.xlsx": lambda: _workbook({"posts": _rows("posts.csv")})},  # every cell of _rows is text: rank "1"
        "số lưu dạng văn bản trong Excel, đã đọc thành số",
    ),
    "csv_name_in_nfd": (
        _over("cadres", "cadres.csv"),
        {"cadres.csv": lambda: unicodedata.normalize("NFD", _shared("cadres.csv")).encode("utf-8")},
        "chữ tiếng Việt dạng tổ hợp (NFD), đã chuẩn hoá về NFC",
    ),
    "xlsx_nbsp_in_id": (
        _over("cadres", "book.xlsx"),
        {"book.xlsx": lambda: _workbook({"cadres": _edit("cadres.csv", 1, "cadre_id", "C001\u00a0")})},
        "mã có khoảng trắng lạ",
    ),
    "xlsx_formula_with_saved_value": (
        _over("units", "book.xlsx"),
        {"book.xlsx": lambda: _with_saved_values(
            _workbook({"units": _edit("units.csv", 3, "name", '=UPPER("Sở Nội vụ")')}), {"B4": "SỞ NỘI VỤ"})},
        "dùng giá trị đã tính 'SỞ NỘI VỤ'",
    ),
    # `max_away` (optional) merged over two rows: read, but the covered cell is empty, so the user is told.
    "xlsx_merged_optional_cells": (
        _over("units", "book.xlsx"),
        {"book.xlsx": lambda: _workbook({"units": _rows("units.csv")}, {"units": ["I3:I4"]})},
        "vùng ô gộp (merged) I3:I4",
    ),
    # Blank rows between data rows are skipped (rows keep the numbers a user sees), nothing to warn about:
    # the expected text is the summary.
    "xlsx_empty_rows": (
        _over("units", "book.xlsx"),
        {"book.xlsx": lambda: _workbook({"units": [*_rows("units.csv")[:3], [], [None, "  ", None],
                                                   *_rows("units.csv")[3:]]})},
        "Kịch bản hợp lệ",
    ),
}


def make(root: Path) -> list[str]:
    """Write every binary case under `root` (which must hold, or receives, a copy of `_shared/`)."""
    import shutil

    if not (root / "_shared").exists():
        shutil.copytree(SHARED, root / "_shared")
    for name, (scenario, files, expected) in {**CASES, **WARN_CASES}.items():
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "scenario.yaml").write_text(scenario, encoding="utf-8")
        (folder / "expected.txt").write_text(expected + "\n", encoding="utf-8")
        for file_name, maker in files.items():
            (folder / file_name.split("#")[0]).write_bytes(maker())
    return [*CASES, *WARN_CASES]


if __name__ == "__main__":
    print("\n".join(make(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)))
