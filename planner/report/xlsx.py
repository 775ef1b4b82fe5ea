"""plan.xlsx: the plan for people, one sheet per list, Vietnamese by default (`lang="en"` for English).

Headers are bold with a frozen first row and an auto-filter; column widths follow the content (within bounds).
Text from the input that would read as a formula is neutralised. The bytes are stable for the same content:
fixed workbook properties and fixed zip entry times; the wall time is left to kpis.json, so two runs that find
the same plan give the same workbook.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from models.scales import MoveKind
from planner.report.common import ASSIGNMENT_COLUMNS, UNFILLED_COLUMNS, OutColumn, neutralise
from planner.report.unfilled import REASONS

FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
MIN_WIDTH, MAX_WIDTH = 6, 70
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

SHEETS = {
    "assignments": ("Phân công", "Assignments"),
    "unfilled": ("Vị trí chưa bố trí", "Unfilled posts"),
    "kpis": ("Chỉ số", "KPIs"),
}

KPI_LABELS: dict[str, tuple[str, str]] = {
    "scenario": ("Kịch bản", "Scenario"),
    "status": ("Trạng thái bộ giải", "Solver status"),
    "optimal": ("Đã chứng minh tối ưu", "Proven optimal"),
    "objective_mode": ("Cách xếp thứ tự mục tiêu", "Objective mode"),
    "gap": ("Khoảng cách tới cận (gap)", "Gap to the bound"),
    "posts_filled": ("Số vị trí được bố trí", "Posts filled"),
    "posts_fillable": ("Số vị trí có thể bố trí", "Fillable posts"),
    "posts_unfilled": ("Số vị trí chưa bố trí", "Posts left empty"),
    "priority_filled": ("Tổng mức ưu tiên đã bố trí", "Priority filled"),
    "priority_fillable": ("Tổng mức ưu tiên có thể bố trí", "Priority of fillable posts"),
    "priority_share": ("Tỷ lệ mức ưu tiên đã bố trí", "Share of priority filled"),
    "secondments": ("Số cán bộ biệt phái", "Secondments"),
    "seat_months_used": ("Số tháng-chỉ tiêu đã dùng", "Seat-months used"),
    "seat_months_offered": ("Số tháng-chỉ tiêu có thể dùng", "Seat-months offered"),
    "seat_use": ("Tỷ lệ sử dụng chỉ tiêu biệt phái", "Seat use"),
    "cadres_moved": ("Số cán bộ được điều động", "Cadres moved"),
    "moved_by_group.ethnic_minority": ("— trong đó người dân tộc thiểu số", "— of whom ethnic minority"),
    "moved_by_group.young": ("— trong đó cán bộ trẻ", "— of whom young"),
    "moved_by_group.women": ("— trong đó cán bộ nữ", "— of whom women"),
    "young_age": ("Tuổi tối đa của cán bộ trẻ (chưa đủ)", "Young: under this age"),
    "heaviest_burden.unit_id": ("Đơn vị có nhiều cán bộ đi nhất", "Unit losing the most cadres"),
    "heaviest_burden.name": ("— tên đơn vị", "— unit name"),
    "heaviest_burden.count": ("— số cán bộ đi", "— cadres moved"),
    "moves_by_kind.rotation": ("Số lượt luân chuyển", "Rotations"),
    "moves_by_kind.secondment": ("Số lượt biệt phái", "Secondments (moves)"),
    "quality": ("Chất lượng phương án", "Plan quality"),
    "seed": ("Hạt giống ngẫu nhiên", "Seed"),
    "workers": ("Số luồng", "Workers"),
    "input_hash": ("Mã băm dữ liệu vào", "Input hash"),
}


def _width(values: Sequence[Any], floor: int) -> int:
    longest = max((len(str(v)) for v in values if v is not None), default=0)
    return max(MIN_WIDTH, min(MAX_WIDTH, max(floor, longest + 2)))


def _fill_sheet(ws: Worksheet, columns: Sequence[OutColumn], rows: Sequence[Sequence[Any]], lang: str) -> None:
    headers = [c.header(lang) for c in columns]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for row in rows:
        ws.append([neutralise(v) for v in row])
    for i, column in enumerate(columns, start=1):
        values = [headers[i - 1], *(r[i - 1] for r in rows)]
        ws.column_dimensions[get_column_letter(i)].width = _width(values, column.width)
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"


def _flatten(data: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for name, value in data.items():
        path = f"{prefix}{name}"
        if isinstance(value, Mapping):
            out.extend(_flatten(value, path + "."))
        else:
            out.append((path, value))
    return out


def _kpi_rows(kpis: Mapping[str, Any], lang: str) -> list[list[Any]]:
    from planner.evaluate import LEVEL_LABELS

    flat = dict(_flatten(kpis))
    rows: list[list[Any]] = []
    for name, (vi, en) in KPI_LABELS.items():
        if name in flat:
            value = flat[name]
            if isinstance(value, bool):
                value = ("có" if value else "không") if lang == "vi" else ("yes" if value else "no")
            rows.append([vi if lang == "vi" else en, value])
    for level in kpis.get("levels", []):
        vi, en = LEVEL_LABELS.get(level["name"], (level["name"], level["name"]))
        rows.append([f"{vi if lang == 'vi' else en} — {'giá trị' if lang == 'vi' else 'value'}", level["value"]])
        if level.get("bound") is not None:
            rows.append([f"{vi if lang == 'vi' else en} — {'cận' if lang == 'vi' else 'bound'}", level["bound"]])
    for code, count in kpis.get("unfilled_by_reason", {}).items():
        if count:
            vi, en = REASONS[code]
            rows.append([f"{'Chưa bố trí' if lang == 'vi' else 'Unfilled'}: {vi if lang == 'vi' else en}", count])
    return rows


def _stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry times and attributes, in the same order: same content → same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render_workbook(assignments: Sequence[Mapping[str, Any]], unfilled: Sequence[Mapping[str, Any]],
                    kpis: Mapping[str, Any], lang: str = "vi") -> bytes:
    """The workbook's bytes. `assignments`/`unfilled` are the CSV rows (codes); labels are applied here."""
    idx = 0 if lang == "vi" else 1
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEETS["assignments"][idx]
    kinds = {k.code: k.label(lang) for k in MoveKind}
    from planner.returns import BASES

    labels = {"kind": kinds, "return_basis": {code: pair[idx] for code, pair in BASES.items()}}
    _fill_sheet(ws, ASSIGNMENT_COLUMNS,
                [[labels[c.name].get(r.get(c.name, ""), r.get(c.name, "")) if c.name in labels else r.get(c.name, "")
                  for c in ASSIGNMENT_COLUMNS] for r in assignments], lang)
    _fill_sheet(wb.create_sheet(SHEETS["unfilled"][idx]), UNFILLED_COLUMNS,
                [[REASONS[r["reason"]][idx] if c.name == "reason" else r.get(c.name, "") for c in UNFILLED_COLUMNS]
                 for r in unfilled], lang)
    kpi_ws = wb.create_sheet(SHEETS["kpis"][idx])
    kpi_cols = (OutColumn("name", "Chỉ số", "Indicator", 40), OutColumn("value", "Giá trị", "Value", 16))
    _fill_sheet(kpi_ws, kpi_cols, _kpi_rows(kpis, lang), lang)
    for row in kpi_ws.iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].alignment = Alignment(horizontal="left")

    props = wb.properties
    props.creator = "planner"
    props.lastModifiedBy = "planner"
    props.title = str(kpis.get("scenario", ""))
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()
    return _stable_zip(raw.getvalue())
