"""The empty Excel input workbook (`planner template`): one sheet per table, a guide sheet and drop-down lists.

Everything here is derived from the column schema in `planner/io/columns.py`, so the template, the loader and
the data-format reference cannot drift apart. A filled template is read by the loader as it is: the data sheets
are named like the tables (Vietnamese name, or English name with `lang="en"`), headers are the Vietnamese aliases
(or the English names), and the drop-down values are labels the scale parsers accept.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from models.scales import Scale
from planner.io.cells import INT_LIMITS
from planner.io.columns import TABLES, Column, Table

LANGS = ("vi", "en")
LAST_ROW = 5000  # drop-down lists and formats cover rows 2..LAST_ROW of every data sheet

GUIDE_SHEET = {"vi": "Hướng dẫn", "en": "Guide"}
LISTS_SHEET = {"vi": "Danh mục", "en": "Lists"}

BOOL_VALUES = {"vi": ("Có", "Không"), "en": ("true", "false")}

# What each column kind means to the person filling the sheet.
KIND_TEXT: dict[str, tuple[str, str]] = {
    "id": ("Mã (văn bản)", "Id (text)"),
    "text": ("Văn bản", "Text"),
    "int": ("Số nguyên", "Whole number"),
    "float": ("Số", "Number"),
    "bool": ("Có/Không (cũng nhận true/false, 1/0, x)", "Boolean: true/false, 1/0, x, có/không"),
    "month": ("Tháng, dạng YYYY-MM (ví dụ 2027-01)", "Month, YYYY-MM (e.g. 2027-01)"),
    "birth": ("Ngày sinh: YYYY-MM-DD, YYYY-MM hoặc YYYY", "Birth date: YYYY-MM-DD, YYYY-MM or YYYY"),
    "list": ("Danh sách, các mục cách nhau bởi dấu ;", "List, items separated by `;`"),
    "scale": ("Chọn trong danh sách (mã hoặc tên tiếng Việt)", "One of a list (code or Vietnamese label)"),
    "levels": ("Danh sách cấp đơn vị, cách nhau bởi dấu ;", "List of unit levels, separated by `;`"),
}

# Defaults that are not a constant but come from another column or from the scenario's policy.
DERIVED_DEFAULTS: dict[tuple[str, str], tuple[str, str]] = {
    ("units", "max_away"): ("Biên chế × max_away_share (làm tròn xuống, ít nhất 1); trống cả hai: không giới hạn",
                            "headcount × policy.max_away_share (rounded down, at least 1); neither: no cap"),
    ("cadres", "retirement_month"): ("Theo lộ trình tuổi nghỉ hưu luật định", "the legal retirement roadmap"),
    ("posts", "open_to"): ("= Bắt đầu từ tháng", "= open_from"),
    ("posts", "months"): ("policy.rotation_months (36)", "policy.rotation_months (36)"),
    ("posts", "source_levels"): ("policy.rotation_source_levels", "policy.rotation_source_levels"),
    ("posts", "fields"): ("trống: mọi lĩnh vực", "empty: any field"),
    ("seats", "open_to"): ("= Bắt đầu từ tháng", "= open_from"),
    ("seats", "field"): ("trống: mọi lĩnh vực", "empty: any field"),
    ("seats", "source_levels"): ("policy.secondment_source_levels", "policy.secondment_source_levels"),
}

# Formats given to whole columns, so that Excel keeps typed ids and months as text (2027-01 stays 2027-01).
_TEXT_KINDS = {"id", "text", "month", "birth", "list", "levels"}

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_REQUIRED_FILL = PatternFill("solid", fgColor="C0504D")  # red-brown: must be filled
_OPTIONAL_FILL = PatternFill("solid", fgColor="4F81BD")  # blue: may be left empty
_TITLE_FONT = Font(bold=True, size=14)
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return lang


def sheet_name(table: Table, lang: str = "vi") -> str:
    """The sheet a table is written to: its Vietnamese name, or its English name with lang='en'."""
    return table.sheet_vi if lang == "vi" else table.name


def header(column: Column, lang: str = "vi") -> str:
    """The header cell text of a column: the Vietnamese alias, or the English name with lang='en'."""
    return column.header_vi if lang == "vi" else column.name


def choice_labels(scale: type[Scale], lang: str = "vi") -> list[str]:
    """The values offered by a scale's drop-down: Vietnamese labels, or the codes with lang='en'."""
    return [m.label_vi if lang == "vi" else m.code for m in scale]


def allowed_text(column: Column, lang: str = "vi") -> str:
    """The allowed values of a column, for the guide and the reference docs ('' when free)."""
    if column.scale is not None:
        if lang == "vi":
            return "; ".join(f"{m.label_vi} ({m.code})" for m in column.scale)
        return "; ".join(f"{m.code} ({m.label_vi})" for m in column.scale)
    if column.kind == "bool":
        return "Có; Không" if lang == "vi" else "true; false"
    if (column.name, column.kind) == ("priority", "int"):
        return "1 … 5"
    return ""


def default_text(table: Table, column: Column, lang: str = "vi") -> str:
    """The default of a column when its cell is empty, in words ('' when there is none)."""
    derived = DERIVED_DEFAULTS.get((table.name, column.name))
    if derived is not None:
        return derived[0] if lang == "vi" else derived[1]
    if not column.default:
        return ""
    if column.kind == "bool":
        yes, no = BOOL_VALUES[lang]
        return yes if column.default == "true" else no
    if column.scale is not None:
        member = column.scale.parse(column.default)
        return member.label_vi if lang == "vi" else member.code
    return column.default


def _guide_rows(lang: str) -> list[list[str]]:
    rows = []
    for table in TABLES.values():
        for column in table.columns:
            required = ("Bắt buộc" if lang == "vi" else "required") if column.required else ""
            kind_vi, kind_en = KIND_TEXT[column.kind]
            rows.append([
                sheet_name(table, lang),
                header(column, lang),
                column.name,
                required,
                kind_vi if lang == "vi" else kind_en,
                allowed_text(column, lang),
                default_text(table, column, lang),
                column.help_vi if lang == "vi" else column.help_en,
            ])
    return rows


GUIDE_COLUMNS = {
    "vi": ["Bảng (sheet)", "Cột", "Tên tiếng Anh", "Bắt buộc", "Kiểu, định dạng", "Giá trị cho phép",
           "Mặc định khi để trống", "Ý nghĩa"],
    "en": ["Table (sheet)", "Column", "English name", "Required", "Kind, format", "Allowed values",
           "Default when empty", "Meaning"],
}


def scenario_snippet(filename: str = "input.xlsx") -> str:
    """A minimal scenario YAML that reads every table from the filled workbook."""
    return (
        "name: Kế hoạch 2027\n"
        "horizon: {start: 2027-01, months: 24}\n"
        "data:\n"
        f"  units: {filename}\n"
        f"  cadres: {filename}\n"
        f"  posts: {filename}\n"
        f"  seats: {filename}\n"
        f"  locks: {filename}\n"
        f"  ongoing: {filename}\n"
        "policy: {max_secondment_months: 6}\n"
        "solver: {time_limit_s: 60, seed: 0}\n"
    )


_HOW_TO = {
    "vi": [
        "Mẫu nhập liệu cho planner — kế hoạch luân chuyển và biệt phái cán bộ",
        "1. Mỗi bảng dữ liệu nằm ở một sheet: Đơn vị, Cán bộ, Vị trí khuyết, Chỉ tiêu biệt phái (bắt buộc); "
        "Quyết định ghim, Đang thực hiện (không bắt buộc, có thể để trống chỉ có dòng tiêu đề).",
        "2. Không đổi tên sheet và không sửa dòng tiêu đề. Cột tiêu đề màu đỏ là bắt buộc, màu xanh có thể để "
        "trống; di chuột vào ô tiêu đề để xem giải thích. Mỗi dòng từ dòng 2 là một bản ghi.",
        "3. Các cột danh mục (trình độ, LLCT, QLNN, cấp đơn vị, giới tính, loại quyết định) và các cột Có/Không có "
        "danh sách chọn. Tháng ghi dạng YYYY-MM (ví dụ 2027-01); danh sách ghi các mục cách nhau bởi dấu ;.",
        "4. Lưu tệp dạng .xlsx (Excel Workbook) rồi khai báo tệp trong kịch bản YAML như ví dụ ở cuối sheet này: "
        "mỗi bảng trỏ tới tệp .xlsx, chương trình đọc sheet mang tên của bảng (tên tiếng Việt hoặc tiếng Anh); "
        "tệp.xlsx#TênSheet chỉ định một sheet khác.",
        "5. Kiểm tra dữ liệu bằng lệnh: planner validate kich-ban.yaml (mọi lỗi được liệt kê kèm sheet, dòng, cột).",
    ],
    "en": [
        "Input template for planner — cadre rotation and secondment plan",
        "1. Each table is one sheet: units, cadres, posts, seats (required); locks, ongoing (optional, may be left "
        "with the header row only).",
        "2. Do not rename the sheets or edit the header row. Red headers are required columns, blue ones may be left "
        "empty; hover over a header cell for its meaning. Every row from row 2 is one record.",
        "3. Scale columns (education, political theory, state management, unit level, gender, lock action) and "
        "true/false columns have drop-down lists. Months are YYYY-MM (e.g. 2027-01); lists separate items by `;`.",
        "4. Save as .xlsx (Excel Workbook) and name the file in the scenario YAML as in the example at the end of "
        "this sheet: each table points to the .xlsx file and the sheet named like the table (English or "
        "Vietnamese name) is read; file.xlsx#Sheet names another sheet.",
        "5. Check the data with: planner validate scenario.yaml (every error is listed with sheet, row and column).",
    ],
}


def _write_guide(ws: Worksheet, lang: str) -> None:
    how_to = _HOW_TO[lang]
    ws.append([how_to[0]])
    ws.cell(row=1, column=1).font = _TITLE_FONT
    for line in how_to[1:]:
        ws.append([line])
    ws.append([])
    ws.append(GUIDE_COLUMNS[lang])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = _HEADER_FONT
        cell.fill = _OPTIONAL_FILL
    for row in _guide_rows(lang):
        ws.append(row)
        if row[3]:
            ws.cell(row=ws.max_row, column=4).font = _BOLD
    ws.append([])
    ws.append(["Ví dụ kịch bản (kich-ban.yaml, đặt cùng thư mục với input.xlsx):" if lang == "vi"
               else "Example scenario (scenario.yaml, in the same folder as input.xlsx):"])
    ws.cell(row=ws.max_row, column=1).font = _BOLD
    for line in scenario_snippet().splitlines():
        ws.append([line])
        ws.cell(row=ws.max_row, column=1).font = Font(name="Consolas")
    widths = [20, 28, 22, 10, 34, 40, 30, 60]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for row in ws.iter_rows(min_row=header_row + 1, max_row=header_row + len(_guide_rows(lang))):
        for cell in row:
            cell.alignment = _WRAP
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)


def _write_lists(ws: Worksheet, lang: str) -> dict[str, str]:
    """Write one column per drop-down list; return list name → absolute range formula."""
    lists: dict[str, list[str]] = {}
    for table in TABLES.values():
        for column in table.columns:
            if column.kind == "scale" and column.scale is not None:
                lists.setdefault(column.scale.__name__, choice_labels(column.scale, lang))
    lists["Boolean"] = list(BOOL_VALUES[lang])
    formulas = {}
    quoted = quote_sheetname(ws.title)
    for index, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        ws.cell(row=1, column=index, value=name).font = _BOLD
        for row, value in enumerate(values, start=2):
            ws.cell(row=row, column=index, value=value)
        formulas[name] = f"{quoted}!${letter}$2:${letter}${len(values) + 1}"
        ws.column_dimensions[letter].width = max(len(v) for v in [name, *values]) + 2
    return formulas


def _list_name(column: Column) -> str | None:
    if column.kind == "scale" and column.scale is not None:
        return column.scale.__name__
    if column.kind == "bool":
        return "Boolean"
    return None


def _write_table(ws: Worksheet, table: Table, lang: str, formulas: dict[str, str]) -> None:
    ws.append([header(c, lang) for c in table.columns])
    for index, column in enumerate(table.columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = _HEADER_FONT
        cell.fill = _REQUIRED_FILL if column.required else _OPTIONAL_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        note = _header_note(table, column, lang)
        cell.comment = Comment(note, "planner", width=320, height=140)
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = max(12, min(40, len(cell.value) + 4))
        if column.kind in _TEXT_KINDS:
            ws.column_dimensions[letter].number_format = "@"
        cells = f"{letter}2:{letter}{LAST_ROW}"
        list_name = _list_name(column)
        if list_name is not None:
            dv = DataValidation(type="list", formula1=formulas[list_name], allow_blank=True)
            dv.error = ("Chọn một giá trị trong danh sách" if lang == "vi" else "Pick a value from the list")
            dv.errorTitle = header(column, lang)
            dv.prompt = column.help_vi if lang == "vi" else column.help_en
            dv.showErrorMessage = True
            dv.showInputMessage = True
            dv.add(cells)
            ws.add_data_validation(dv)
        elif column.kind == "int":
            low, high = INT_LIMITS.get(column.name, (0, 1_000_000))  # the loader's own limits
            dv = DataValidation(type="whole", operator="between", formula1=str(low), formula2=str(high),
                                allow_blank=True)
            dv.error = (f"Nhập số nguyên từ {low} đến {high}" if lang == "vi"
                        else f"Enter a whole number from {low} to {high}")
            dv.showErrorMessage = True
            dv.add(cells)
            ws.add_data_validation(dv)
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"


def _header_note(table: Table, column: Column, lang: str) -> str:
    kind_vi, kind_en = KIND_TEXT[column.kind]
    if lang == "vi":
        lines = [("BẮT BUỘC. " if column.required else "Không bắt buộc. ") + column.help_vi,
                 f"Tên tiếng Anh: {column.name}", f"Kiểu: {kind_vi}"]
        default, allowed = default_text(table, column, "vi"), allowed_text(column, "vi")
        if allowed:
            lines.append(f"Giá trị: {allowed}")
        if default:
            lines.append(f"Mặc định: {default}")
    else:
        lines = [("REQUIRED. " if column.required else "Optional. ") + column.help_en,
                 f"Vietnamese header: {column.header_vi}", f"Kind: {kind_en}"]
        default, allowed = default_text(table, column, "en"), allowed_text(column, "en")
        if allowed:
            lines.append(f"Values: {allowed}")
        if default:
            lines.append(f"Default: {default}")
    return "\n".join(lines)


def build_template(lang: str = "vi") -> Workbook:
    """The template workbook in memory: guide sheet first, one sheet per table, the hidden lists sheet last."""
    _check_lang(lang)
    wb = Workbook()
    guide = wb.active
    assert guide is not None
    guide.title = GUIDE_SHEET[lang]
    tables = [wb.create_sheet(sheet_name(t, lang)) for t in TABLES.values()]
    lists = wb.create_sheet(LISTS_SHEET[lang])
    formulas = _write_lists(lists, lang)
    lists.sheet_state = "hidden"
    _write_guide(guide, lang)
    for ws, table in zip(tables, TABLES.values(), strict=True):
        _write_table(ws, table, lang, formulas)
    wb.active = 0
    return wb


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_template(path: str | os.PathLike[str], lang: str = "vi") -> Path:
    """Write the empty input workbook to `path`, whole or not at all (temp file in the same folder, then rename)."""
    _check_lang(lang)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    wb = build_template(lang)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes the file private; give it the usual mode
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
