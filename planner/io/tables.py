"""Reading the scenario tables from CSV or .xlsx into raw rows, and parsing raw rows into typed values.

Reading never stops at the first problem: every problem becomes an `Issue` appended to the caller's list, and a
table that cannot be read at all comes back as None. Row numbers are those a spreadsheet user sees (header = 1).

* CSV: UTF-8 with or without BOM, `,` or `;` separated (sniffed from the header line), every cell read as text.
  UTF-16 with a BOM is decoded with a warning; anything else that is not UTF-8 is an error asking for "CSV UTF-8".
* .xlsx: read-only; the sheet named like the table (English or Vietnamese name), the sheet after `#` in
  `file.xlsx#Sheet`, or the only sheet of a one-sheet workbook. The sheet is read once in formula mode; only when a
  data cell holds a formula are the cached values read too (a second, data-only pass over the formula rows): a
  cached value is used with a warning, a formula without one (a workbook written by a program and never opened in
  Excel) is an error. Merged ranges (`<mergeCells>` of the sheet part, which read-only openpyxl does not expose) that
  cover data cells are warned about: only their top-left cell holds the value.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.domain import RowRef
from models.text import key
from planner.errors import InputError, Issue
from planner.io.cells import CellError, cell_text, default_value, is_blank, parse_cell
from planner.io.columns import TABLES, Column, Table

DATA_SUFFIXES = (".csv", ".xlsx")
MAX_WARNINGS_PER_KIND = 5  # the same warning in one column of one file is listed this many times, then counted


@dataclass
class RawRow:
    """One non-empty data row: where it came from and its cells by canonical column name (as read)."""

    ref: RowRef
    cells: dict[str, Any]
    bad: set[str] | None = None  # columns already reported as unreadable while reading (formula without a value)


@dataclass
class RawTable:
    table: Table
    file: str  # as shown to the user
    sheet: str | None
    typed: bool  # cells keep their types (.xlsx) rather than being all text (CSV)
    columns: list[str]  # canonical names of the columns present, in file order
    rows: list[RawRow] = field(default_factory=list)
    merged: dict[tuple[int, str], str] = field(default_factory=dict)  # (row, column) inside a merged range -> range


@dataclass
class Row:
    """One parsed row: typed values by column name (absent = empty or unreadable) and the columns that failed."""

    ref: RowRef
    values: dict[str, Any]
    bad: set[str] = field(default_factory=set)
    defaulted: set[str] = field(default_factory=set)  # filled from a policy default, not written in the file

    def get(self, name: str) -> Any:
        return self.values.get(name)


def issue_at(ref: RowRef, column: str | None, value: object, reason: str, severity: str = "error",
             rule: str | None = None) -> Issue:
    text = None if value is None else cell_text(value)
    return Issue(reason=reason, file=ref.file, sheet=ref.sheet, row=ref.row, column=column, value=text,
                 severity=severity, rule=rule)  # type: ignore[arg-type]


# --- headers -------------------------------------------------------------------------------------------------

def header_map(table: Table) -> dict[str, str]:
    """Comparison key of every accepted header (English, Vietnamese, aliases) -> canonical column name."""
    names: dict[str, str] = {}
    for col in table.columns:
        for text in (col.name, col.header_vi, *col.aliases):
            names[key(text)] = col.name
            names[key(text).replace(" ", "_")] = col.name
    return names


def _map_headers(table: Table, headers: list[Any], file: str, sheet: str | None,
                 issues: list[Issue]) -> tuple[list[str | None], bool]:
    """Canonical name per header position (None: ignored); False when the header is unusable."""
    known = header_map(table)
    mapped: list[str | None] = []
    seen: dict[str, str] = {}
    ok = True
    for raw in headers:
        text = cell_text(raw).strip()
        if is_blank(raw):
            mapped.append(None)
            continue
        name = known.get(key(text)) or known.get(key(text).replace(" ", "_"))
        if name is None:
            issues.append(Issue(f"cột không có trong bảng '{table.name}', bỏ qua", file, sheet, 1, text, None,
                                "warning"))
            mapped.append(None)
            continue
        if name in seen:
            issues.append(Issue(f"cột bị lặp: '{seen[name]}' và '{text}' cùng là cột {name}", file, sheet, 1, text))
            ok = False
        seen[name] = text
        mapped.append(name)
    for col in table.columns:
        if col.required and col.name not in seen:
            issues.append(Issue(f"thiếu cột bắt buộc '{col.name}' ({col.header_vi})", file, sheet, 1, col.name))
            ok = False
    return mapped, ok


def _has_content(cells: dict[str, Any]) -> bool:
    for value in cells.values():
        if type(value) is str:
            text = value.strip()
            if text and (text[0] not in "\u200b\ufeff" or not is_blank(text)):
                return True
        elif not is_blank(value):
            return True
    return False


def _collect_rows(table: Table, rows: Iterable[tuple[int, list[Any]]], mapped: list[str | None], file: str,
                  sheet: str | None, typed: bool) -> RawTable:
    out = RawTable(table, file, sheet, typed, [n for n in mapped if n])
    positions = [(i, n) for i, n in enumerate(mapped) if n]
    append = out.rows.append
    make_ref = RowRef.model_construct  # plain values known to be right: skip validation on 100,000 rows
    for number, values in rows:
        width = len(values)
        cells = {name: values[i] for i, name in positions if i < width and values[i] is not None and values[i] != ""}
        if cells and _has_content(cells):
            append(RawRow(make_ref(file=file, row=number, sheet=sheet), cells))
    return out


# --- CSV -----------------------------------------------------------------------------------------------------

def decode_csv(data: bytes, file: str, issues: list[Issue]) -> str | None:
    """The text of a CSV file, or None (with an error) when it is not UTF-8 text."""
    save_as = 'hãy lưu lại bằng Excel với kiểu "CSV UTF-8 (Comma delimited)"'
    if not data:
        issues.append(Issue("tệp rỗng (0 byte)", file))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            issues.append(Issue(f"tệp UTF-16 bị hỏng, không đọc được; {save_as}", file))
            return None
        issues.append(Issue(f"tệp mã hoá UTF-16, đã đọc được; nên {save_as}", file, severity="warning"))
        return text
    if data.startswith(b"PK\x03\x04"):
        issues.append(Issue("tệp .csv này thực ra là tệp nén/Excel (.xlsx); hãy đổi đuôi thành .xlsx hoặc "
                            f"{save_as}", file))
        return None
    if b"\x00" in data[:4096]:
        issues.append(Issue(f"tệp nhị phân hoặc mã hoá UTF-16 không có BOM, không phải CSV văn bản; {save_as}", file))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        issues.append(Issue(f"tệp không phải mã hoá UTF-8 (có thể là Windows-1258 hoặc TCVN3), lỗi ở dòng {line}; "
                            f"{save_as}", file))
        return None
    if "\x00" in text:
        issues.append(Issue(f"tệp chứa ký tự nhị phân, không phải CSV văn bản; {save_as}", file))
        return None
    return text


def sniff_delimiter(text: str) -> str:
    """`;` when the header line has more semicolons than commas outside quotes, else `,`."""
    header = text.split("\n", 1)[0]
    counts = {",": 0, ";": 0}
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return ";" if counts[";"] > counts[","] else ","


def read_csv_table(table: Table, path: Path, file: str, issues: list[Issue]) -> RawTable | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        issues.append(Issue(f"không đọc được tệp: {exc.strerror or exc}", file))
        return None
    text = decode_csv(data, file, issues)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        headers = next(reader, None)
        if headers is None or all(is_blank(h) for h in headers):
            issues.append(Issue("tệp không có dòng tiêu đề (dòng 1 trống)", file, None, 1))
            return None
        mapped, ok = _map_headers(table, list(headers), file, None, issues)
        result = _collect_rows(table, enumerate(reader, start=2), mapped, file, None, typed=False)
    except csv.Error as exc:
        issues.append(Issue(f"tệp CSV sai định dạng: {exc}", file))
        return None
    return result if ok else None


# --- XLSX ----------------------------------------------------------------------------------------------------

class Workbooks:
    """Opened workbooks of one load, so that a one-workbook scenario is opened once."""

    def __init__(self) -> None:
        self._open: dict[Path, Any] = {}

    def get(self, path: Path, file: str, issues: list[Issue]) -> Any:
        """The workbook in formula mode (a formula cell reads as its `=…` text), None when it cannot be opened."""
        if path in self._open:
            return self._open[path]
        import openpyxl  # only loaded when a workbook is read

        book = None
        try:
            if not zipfile.is_zipfile(path):
                issues.append(Issue("tệp .xlsx không hợp lệ (không phải bảng tính Excel; tệp .xls cũ phải lưu lại "
                                    "thành .xlsx)", file))
            else:
                book = openpyxl.load_workbook(path, read_only=True, data_only=False)
        except OSError as exc:
            issues.append(Issue(f"không đọc được tệp: {exc.strerror or exc}", file))
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
            issues.append(Issue(f"tệp .xlsx bị hỏng, không mở được ({type(exc).__name__})", file))
        self._open[path] = book
        return book

    def cached(self, path: Path) -> Any:
        """The same workbook in data-only mode (formulas give the values Excel saved); opened only when needed."""
        slot = path.with_name(path.name + "#cached")  # a key no real path of this load can have
        if slot not in self._open:
            import openpyxl

            self._open[slot] = openpyxl.load_workbook(path, read_only=True, data_only=True)
        return self._open[slot]

    def close(self) -> None:
        for book in self._open.values():
            if book is not None:
                book.close()
        self._open.clear()


def pick_sheet(table: Table, names: list[str], wanted: str | None) -> str | None:
    if wanted is not None:
        return next((n for n in names if key(n) == key(wanted)), None)
    for candidate in (table.name, table.sheet_vi):
        found = next((n for n in names if key(n) == key(candidate)), None)
        if found:
            return found
    return names[0] if len(names) == 1 else None


MAX_BLANK_RUN = 5_000  # consecutive blank sheet rows after which the rest of a sheet is taken as formatting only


def _sheet_rows(sheet: Any, file: str, issues: list[Issue]) -> Iterator[tuple[int, list[Any]]]:
    blank_run = 0
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if all(v is None for v in values):
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                if sheet.max_row and sheet.max_row > number:
                    issues.append(Issue(f"ngừng đọc sau {MAX_BLANK_RUN} dòng trống liên tiếp (dòng {number}); "
                                        "nếu còn dữ liệu phía dưới, hãy xoá các dòng trống", file, sheet.title,
                                        number, severity="warning"))
                return
            continue
        blank_run = 0
        yield number, list(values)


_PLAIN_TYPES = frozenset({str, int, float, bool, dt.datetime, dt.date, dt.time, dt.timedelta})


def _formula_text(value: Any) -> str | None:
    """The formula of a cell read in formula mode (`=…` text, or openpyxl's array/data-table formula object)."""
    if value.__class__ is str:
        return value if value.startswith("=") and len(value) > 1 else None
    if value.__class__ in _PLAIN_TYPES:
        return None
    text = getattr(value, "text", None)  # ArrayFormula
    return text if isinstance(text, str) else f"={type(value).__name__}"


def _find_formulas(result: RawTable) -> list[tuple[RawRow, str, str]]:
    found = []
    plain = _PLAIN_TYPES
    for raw_row in result.rows:
        for name, value in raw_row.cells.items():
            if value.__class__ is str:
                if value[:1] != "=":
                    continue
            elif value.__class__ in plain:
                continue
            formula = _formula_text(value)
            if formula is not None:
                found.append((raw_row, name, formula))
    return found


def _resolve_formulas(result: RawTable, formulas: list[tuple[RawRow, str, str]], index: dict[str, int],
                      path: Path, books: Workbooks, issues: list[Issue]) -> None:
    """Replace each formula cell by the value Excel saved with it (warning), or report it (error) when none."""
    sheet_name = result.sheet
    rows = [r.ref.row for r, _, _ in formulas]
    cols = [index[name] for _, name, _ in formulas]
    wanted = set(zip(rows, cols, strict=True))
    saved: dict[tuple[int, int], tuple[Any, str]] = {}
    sheet = books.cached(path)[sheet_name]
    for cells in sheet.iter_rows(min_row=min(rows), max_row=max(rows), min_col=min(cols), max_col=max(cols)):
        for cell in cells:
            where = (getattr(cell, "row", None), getattr(cell, "column", None))
            if where in wanted:
                saved[where] = (cell.value, cell.data_type)
    warnings = _Warnings(issues)
    touched: list[RawRow] = []
    for raw_row, name, formula in formulas:
        value, data_type = saved.get((raw_row.ref.row, index[name]), (None, "n"))
        touched.append(raw_row)
        if value is None and data_type == "str":  # Excel saved an empty text result (`=IF(…;"";…)`)
            del raw_row.cells[name]
        elif value is None:
            issues.append(issue_at(raw_row.ref, name, formula,
                                   f"ô chứa công thức '{formula}' nhưng tệp không lưu giá trị đã tính (tệp do một "
                                   "chương trình tạo, chưa từng mở bằng Excel); hãy mở tệp bằng Excel rồi lưu lại, "
                                   "hoặc sao chép và dán dạng giá trị (Paste Values) thay cho công thức"))
            del raw_row.cells[name]
            raw_row.bad = (raw_row.bad or set()) | {name}
        else:
            raw_row.cells[name] = value
            if not is_blank(value):
                warnings.add(raw_row.ref, name, value,
                             f"ô chứa công thức '{formula}', dùng giá trị đã tính '{cell_text(value)}' lưu trong tệp")
    warnings.flush()
    gone = {id(r) for r in touched if not r.bad and not (r.cells and _has_content(r.cells))}
    if gone:  # rows whose only content was formulas giving empty text: blank rows, skipped like the others
        result.rows = [r for r in result.rows if id(r) not in gone]


_MERGE_RE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Za-z]{1,3}\d+(?::[A-Za-z]{1,3}\d+)?)\"")
_FORMULA_TAGS = (b"<f>", b"<f ", b":f>", b":f ")
_CHUNK = 1 << 20
_TAIL = 256


class _SheetSpy:
    """Watches the XML bytes openpyxl's own parser reads from a sheet part, so that the one parsing pass also tells
    whether the sheet has formula elements and which ranges are merged (its `<mergeCells>`, after the rows)."""

    def __init__(self) -> None:
        self.formulas = False
        self.merged: set[bytes] = set()
        self.finished = False  # a stream was read to its end (so `<mergeCells>` was seen if there is one)

    def install(self, sheet: Any) -> bool:
        source = getattr(sheet, "_get_source", None)
        if source is None:
            return False
        spy = self

        class Stream:
            def __init__(self, raw: Any) -> None:
                self.raw = raw
                self.tail = b""

            def read(self, size: int = -1) -> bytes:
                data = self.raw.read(size)
                if not data:
                    spy.finished = True
                    return data
                window = self.tail + data
                if not spy.formulas and any(tag in window for tag in _FORMULA_TAGS):
                    spy.formulas = True
                if b"mergeCell" in window:
                    spy.merged.update(m.group(1) for m in _MERGE_RE.finditer(window))
                self.tail = window[-_TAIL:]
                return data

            def __getattr__(self, name: str) -> Any:
                return getattr(self.raw, name)

            def __enter__(self) -> Any:
                return self

            def __exit__(self, *exc: object) -> None:
                self.raw.close()

        sheet._get_source = lambda: Stream(source())
        return True


def merged_ranges(path: Path, sheet: Any) -> list[str]:
    """The merged ranges (`A2:A5`) of a sheet, read from the `<mergeCells>` element of its XML part.

    The part is streamed in chunks and only searched as bytes (no XML parsing): one inflate pass; `[]` when the
    sheet does not name its part. Used when the reading pass could not watch the part to its end.
    """
    part = getattr(sheet, "_worksheet_path", None)
    if not part:
        return []
    found: set[bytes] = set()
    tail = b""
    with zipfile.ZipFile(path) as archive, archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            window = tail + chunk
            if b"mergeCell" in window:
                found.update(m.group(1) for m in _MERGE_RE.finditer(window))
            tail = window[-_TAIL:]
    return sorted(ref.decode("ascii") for ref in found)


def _note_merged(result: RawTable, mapped: list[str | None], path: Path, sheet: Any, spy: _SheetSpy | None,
                 issues: list[Issue]) -> None:
    from openpyxl.utils.cell import range_boundaries

    if spy is not None and spy.finished:
        ranges = sorted(ref.decode("ascii") for ref in spy.merged)
    else:
        try:
            ranges = merged_ranges(path, sheet)
        except (OSError, KeyError, zipfile.BadZipFile, EOFError, zlib.error):
            return
    warnings = _Warnings(issues)
    for ref in ranges:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        if max_row < 2 or (min_col == max_col and min_row == max_row):
            continue
        names = [(c, mapped[c - 1]) for c in range(min_col, min(max_col, len(mapped)) + 1) if mapped[c - 1]]
        if not names:
            continue
        for number in range(max(min_row, 2), max_row + 1):
            for column, name in names:
                if (number, column) != (min_row, min_col):
                    result.merged[(number, name)] = ref  # type: ignore[index]
        first = names[0][1]
        assert first is not None
        ref_row = RowRef.model_construct(file=result.file, row=max(min_row, 2), sheet=result.sheet)
        warnings.add(ref_row, first, None,
                     f"vùng ô gộp (merged) {ref}: chỉ ô đầu tiên có giá trị, các ô còn lại đọc là trống; hãy bỏ gộp "
                     "ô (Unmerge) và điền giá trị vào từng dòng")
    warnings.flush()


def read_xlsx_table(table: Table, path: Path, file: str, wanted: str | None, books: Workbooks,
                    issues: list[Issue]) -> RawTable | None:
    book = books.get(path, file, issues)
    if book is None:
        return None
    name = pick_sheet(table, book.sheetnames, wanted)
    if name is None:
        asked = f"'{wanted}'" if wanted else f"'{table.name}' hoặc '{table.sheet_vi}'"
        issues.append(Issue(f"không tìm thấy trang tính {asked}; các trang có: {', '.join(book.sheetnames)}", file,
                            wanted))
        return None
    sheet = book[name]
    watcher = _SheetSpy()
    spy: _SheetSpy | None = watcher if watcher.install(sheet) else None
    rows = _sheet_rows(sheet, file, issues)
    try:
        first = next(rows, None)
        if first is None or all(is_blank(h) for h in first[1]):
            issues.append(Issue("trang tính không có dòng tiêu đề (dòng 1 trống)", file, name, 1))
            return None
        mapped, ok = _map_headers(table, first[1], file, name, issues)
        result = _collect_rows(table, rows, mapped, file, name, typed=True)
        formulas = _find_formulas(result) if spy is None or spy.formulas else []
        if formulas:
            index = {n: i + 1 for i, n in enumerate(mapped) if n}
            _resolve_formulas(result, formulas, index, path, books, issues)
    except Exception as exc:  # noqa: BLE001 - a damaged sheet part
        issues.append(Issue(f"trang tính bị hỏng, không đọc được ({type(exc).__name__})", file, name))
        return None
    _note_merged(result, mapped, path, sheet, spy, issues)
    return result if ok else None


# --- entry points --------------------------------------------------------------------------------------------

def is_file(path: Path) -> bool:
    """`path.is_file()`, False too where the file system refuses the name itself (too long, invalid)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def split_sheet(spec: str) -> tuple[str, str | None]:
    """`book.xlsx#Sheet` -> (`book.xlsx`, `Sheet`); a path without `#` has no sheet."""
    if "#" in spec:
        path, sheet = spec.rsplit("#", 1)
        return path, (sheet or None)
    return spec, None


def read_raw_table(table: Table, path: Path, file: str, sheet: str | None, books: Workbooks,
                   issues: list[Issue]) -> RawTable | None:
    """Read one table from a CSV file or a workbook sheet; problems go to `issues`, None when unreadable."""
    suffix = path.suffix.lower()
    if suffix not in DATA_SUFFIXES:
        issues.append(Issue(f"chỉ đọc được tệp .csv hoặc .xlsx, không đọc tệp '{suffix or path.name}'", file))
        return None
    if not is_file(path):
        issues.append(Issue("không tìm thấy tệp", file))
        return None
    if suffix == ".csv":
        if sheet is not None:
            issues.append(Issue("tệp .csv không có trang tính (bỏ phần '#…' sau tên tệp)", file, sheet))
            return None
        return read_csv_table(table, path, file, issues)
    return read_xlsx_table(table, path, file, sheet, books, issues)


class _Warnings:
    """Collects per-cell warnings, listing each kind a few times per file and column, then counting the rest."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        self.counts: dict[tuple[str, str | None, str, str], int] = {}

    def add(self, ref: RowRef, column: str, raw: object, reason: str) -> None:
        kind = reason.split("'")[0].split("(")[0]
        slot = (ref.file, ref.sheet, column, kind)
        seen = self.counts.get(slot, 0)
        self.counts[slot] = seen + 1
        if seen < MAX_WARNINGS_PER_KIND:
            self.issues.append(issue_at(ref, column, raw, reason, "warning"))

    def flush(self) -> None:
        for (file, sheet, column, kind), count in self.counts.items():
            if count > MAX_WARNINGS_PER_KIND:
                self.issues.append(Issue(f"và {count - MAX_WARNINGS_PER_KIND} ô khác cùng cảnh báo: {kind.strip()}",
                                         file, sheet, None, column, None, "warning"))


def parse_rows(raw: RawTable, issues: list[Issue]) -> list[Row]:
    """Parse every cell of every row by its column kind; empty required cells and unreadable cells are errors.

    Column defaults (columns.py `default`) are filled; policy defaults are not (see planner.scenario).
    """
    table = raw.table
    columns: list[Column] = [table.column(n) for n in raw.columns]
    present = set(raw.columns)
    defaults = {c.name: default_value(c) for c in table.columns if c.default}
    required = [c for c in table.columns if c.required]
    caches: dict[str, dict[Any, tuple[Any, str | None, str | None]]] = {c.name: {} for c in columns}
    typed = raw.typed
    warnings = _Warnings(issues)
    out: list[Row] = []
    by_name = {c.name: c for c in columns}
    for raw_row in raw.rows:
        row = Row(raw_row.ref, {})
        if raw_row.bad:
            row.bad |= raw_row.bad
        values = row.values
        for name, value in raw_row.cells.items():
            cache = caches[name]
            hit = cache.get((type(value), value) if typed else value)
            if hit is None:
                try:
                    parsed, warning = parse_cell(by_name[name], value, typed)
                    hit = (parsed, warning, None)
                except CellError as exc:
                    hit = (None, None, str(exc))
                cache[(type(value), value) if typed else value] = hit
            parsed, warning, error = hit
            if error is not None:
                issues.append(issue_at(row.ref, name, value, error))
                row.bad.add(name)
                continue
            if warning is not None:
                warnings.add(row.ref, name, value, warning)
            if parsed is not None:
                values[name] = parsed
        for col in required:
            if col.name in present and col.name not in row.values and col.name not in row.bad:
                where = raw.merged.get((row.ref.row, col.name))
                hint = f" (ô gộp (merged) {where}: giá trị chỉ nằm ở ô đầu tiên của vùng gộp)" if where else ""
                issues.append(issue_at(row.ref, col.name, None, "thiếu giá trị ở cột bắt buộc" + hint))
                row.bad.add(col.name)
        for name, value in defaults.items():
            if name not in row.values and name not in row.bad:
                row.values[name] = value
        out.append(row)
    warnings.flush()
    return out


def read_table(table_name: str, path: str | Path, sheet: str | None = None) -> tuple[list[Row], list[Issue]]:
    """Read and parse one table file on its own (no scenario, no policy defaults); raises InputError on errors.

    `path` may be `book.xlsx#Sheet`. Returns the parsed rows and the warnings.
    """
    table = TABLES[table_name]
    text = str(path)
    if sheet is None:
        text, sheet = split_sheet(text)
    issues: list[Issue] = []
    books = Workbooks()
    try:
        raw = read_raw_table(table, Path(text), text, sheet, books, issues)
    finally:
        books.close()
    rows = parse_rows(raw, issues) if raw is not None else []
    if raw is None or any(i.severity == "error" for i in issues):
        raise InputError(issues)
    return rows, issues
