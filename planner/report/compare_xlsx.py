"""`compare.xlsx`: the KPIs side by side with deltas, who moves differently, and one assignments sheet per scenario.

Numbers stay numbers (shares formatted as percentages) so staff can keep calculating; every text from input goes
through the formula-injection neutraliser of `planner.report.common`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from models.months import fmt_month
from planner.compare import (
    Comparison,
    MoveView,
    delta_sense,
    describe_what,
    kind_label,
    tr,
)
from planner.report.common import neutralise

HEAD_FILL = PatternFill("solid", fgColor="E8ECF1")
HEAD_FONT = Font(bold=True)
BETTER = Font(color="1A7F37", bold=True)
WORSE = Font(color="B42318", bold=True)
THIN = Border(bottom=Side(style="thin", color="D9DEE5"))
MAX_SHEET = 31
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_names(wanted: Sequence[str], taken: Iterable[str]) -> list[str]:
    """Valid, unique Excel sheet names for `wanted`: no []:*?/\\, at most 31 characters, not a name in `taken`
    (compared case-insensitively, as Excel does)."""
    used = {t.casefold() for t in taken}
    out = []
    for i, name in enumerate(wanted, start=1):
        base = _BAD_SHEET_CHARS.sub("_", name).strip().strip("'") or f"#{i}"
        candidate = base[:MAX_SHEET]
        n = 2
        while candidate.casefold() in used:
            suffix = f" ({n})"
            candidate = base[: MAX_SHEET - len(suffix)] + suffix
            n += 1
        used.add(candidate.casefold())
        out.append(candidate)
    return out


def _header(ws: Worksheet, headers: Sequence[str]) -> None:
    ws.append([neutralise(h) for h in headers])
    for cell in ws[1]:
        cell.fill, cell.font = HEAD_FILL, HEAD_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"


def _widths(ws: Worksheet, floor: int = 8, ceiling: int = 60) -> None:
    for col in ws.iter_cols(min_row=1, max_row=ws.max_row):
        longest = max((len(str(c.value)) for c in col if c.value is not None), default=0)
        ws.column_dimensions[get_column_letter(col[0].column)].width = max(floor, min(ceiling, longest + 2))


def _cell_value(kind: str, value: Any, lang: str, key: str) -> Any:
    if value is None:
        return None
    if key == "status":
        return tr(f"status.{value}", lang)
    if kind == "text":
        return neutralise(str(value))
    return value


def _kpi_sheet(ws: Worksheet, cmp: Comparison) -> None:
    lang = cmp.lang
    headers = [tr("kpi", lang)]
    for i, name in enumerate(cmp.names):
        headers.append(name)
        if i > 0:
            headers.append(f"{tr('delta', lang)} {name}")
    _header(ws, headers)
    for row in cmp.rows:
        metric = row.metric
        line: list[Any] = [tr(f"kpi.{row.key}", lang).strip()]
        for i, value in enumerate(row.values):
            line.append(_cell_value(metric.kind, value, lang, row.key))
            if i > 0:
                line.append(row.deltas[i])
        ws.append(line)
        r = ws.max_row
        if tr(f"kpi.{row.key}", lang).startswith("  "):
            ws.cell(r, 1).alignment = Alignment(indent=2)
        col = 2
        for i in range(len(row.values)):
            cells = [ws.cell(r, col)] + ([ws.cell(r, col + 1)] if i > 0 else [])
            for cell in cells:
                cell.border = THIN
                if metric.kind == "share":
                    cell.number_format = "0.0%"
                elif metric.kind in ("seconds", "float"):
                    cell.number_format = "0.0#"
            if i > 0:
                delta_cell = ws.cell(r, col + 1)
                if metric.kind not in ("share", "seconds", "float", "text"):
                    delta_cell.number_format = "+0;-0;0"
                sense = delta_sense(metric, row.deltas[i])
                if sense == "better":
                    delta_cell.font = BETTER
                elif sense == "worse":
                    delta_cell.font = WORSE
                col += 2
            else:
                col += 1
    _widths(ws, floor=12)
    ws.column_dimensions["A"].width = 44


def _move_cells(view: MoveView | None, lang: str) -> list[Any]:
    if view is None:
        return [None] * 6
    return [kind_label(view.kind, lang), neutralise(view.target_id), neutralise(view.target_unit_name),
            neutralise(view.title), fmt_month(view.start), fmt_month(view.end)]


def _diff_sheet(ws: Worksheet, cmp: Comparison) -> None:
    lang = cmp.lang
    side = [tr("kind", lang), tr("target_id", lang), tr("target_unit", lang), tr("title_col", lang),
            tr("start", lang), tr("end", lang)]
    base = tr("in_base", lang, base=cmp.base)
    other = tr("in_other", lang)
    headers = [tr("scenario", lang), tr("change", lang), tr("cadre_id", lang), tr("cadre", lang),
               tr("from_unit", lang), *(f"{base}: {h}" for h in side), *(f"{other}: {h}" for h in side),
               tr("what_changed", lang)]
    _header(ws, headers)
    ws.freeze_panes = "E2"
    for d in cmp.differences:
        ws.append([neutralise(d.scenario), tr(f"change.{d.change}", lang), neutralise(d.cadre_id),
                   neutralise(d.cadre_name), neutralise(d.from_unit_name), *_move_cells(d.before, lang),
                   *_move_cells(d.after, lang), describe_what(d, lang) or None])
        font = {"added": BETTER, "removed": WORSE}.get(d.change)
        if font:
            ws.cell(ws.max_row, 2).font = font
    if not cmp.differences:
        ws.append([tr("no_differences", lang)])
    _widths(ws)


def _assignment_sheet(ws: Worksheet, moves: Sequence[MoveView], lang: str) -> None:
    headers = [tr("kind", lang), tr("cadre_id", lang), tr("cadre", lang), tr("from_unit", lang),
               tr("target_id", lang), tr("target_unit", lang), tr("title_col", lang), tr("start", lang),
               tr("end", lang), tr("months", lang), tr("score", lang)]
    _header(ws, headers)
    ws.freeze_panes = "D2"
    for v in moves:
        ws.append([kind_label(v.kind, lang), neutralise(v.cadre_id), neutralise(v.cadre_name),
                   neutralise(v.from_unit_name), neutralise(v.target_id), neutralise(v.target_unit_name),
                   neutralise(v.title), fmt_month(v.start), fmt_month(v.end), v.months, v.score])
    _widths(ws)


def render_xlsx(cmp: Comparison) -> bytes:
    """The workbook as bytes (written atomically by the caller)."""
    lang = cmp.lang
    wb = Workbook()
    kpi_ws = wb.active
    assert kpi_ws is not None
    kpi_ws.title = tr("kpis", lang)
    _kpi_sheet(kpi_ws, cmp)
    diff_title = tr("sheet.differences", lang)
    _diff_sheet(wb.create_sheet(diff_title), cmp)
    for f, title in zip(cmp.scenarios, sheet_names(cmp.names, (kpi_ws.title, diff_title)), strict=True):
        _assignment_sheet(wb.create_sheet(title), f.moves, lang)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
