"""Bad-input cases whose files are binary (wrong encodings, workbooks), generated instead of committed.

`make(root)` writes each case as a folder `root/<case>/` (scenario.yaml, the bad file, expected.txt) next to a
copy of `_shared/`, exactly like the committed text cases. Run directly to write them beside this file:
`python tests/data/bad/make_binary_cases.py /tmp/bad`.
"""

from __future__ import annotations

import io
import sys
import unicodedata
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


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


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
}


def make(root: Path) -> list[str]:
    """Write every binary case under `root` (which must hold, or receives, a copy of `_shared/`)."""
    import shutil

    if not (root / "_shared").exists():
        shutil.copytree(SHARED, root / "_shared")
    for name, (scenario, files, expected) in CASES.items():
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "scenario.yaml").write_text(scenario, encoding="utf-8")
        (folder / "expected.txt").write_text(expected + "\n", encoding="utf-8")
        for file_name, maker in files.items():
            (folder / file_name.split("#")[0]).write_bytes(maker())
    return list(CASES)


if __name__ == "__main__":
    print("\n".join(make(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)))
