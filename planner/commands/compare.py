"""`planner compare A.yaml B.yaml … --out DIR`: solve each scenario with the same settings and compare them.

Writes `compare.xlsx`, `compare.html`, `comparison.json` and each scenario's own outputs in `DIR/<scenario>/`,
every file atomically and owner-only. `--anonymize` shows every cadre under the pseudonym `planner solve
--anonymize` gives them (terminal, every file, each scenario's outputs) and hides lock reasons. Exit 1 on bad input in any scenario (every error listed, nothing written).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from models.months import fmt_month
from planner.compare import (
    LANGS,
    Comparison,
    MoveView,
    ScenarioOutcome,
    compare,
    comparison_json,
    delta_sense,
    describe_what,
    fmt_delta,
    fmt_value,
    tr,
)
from planner.errors import InputError, Issue
from planner.io.atomic import ensure_private_dir, write_files

OUTPUT_FILES = ("compare.xlsx", "compare.html", "comparison.json")
TERMINAL_DIFFS = 40  # rows of the differences table on the terminal; the files list them all


def folder_name(name: str) -> str:
    """A portable folder name for a scenario: ASCII, lower case, dashes ("Điện Biên 2027" → "dien-bien-2027")."""
    text = name.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text[:60] or "scenario"


def folder_names(names: list[str]) -> list[str]:
    """Distinct folder names, in order; none collides with the comparison's own files."""
    out: list[str] = []
    for name in names:
        base = folder_name(name)
        candidate, n = base, 2
        while candidate in out or candidate in OUTPUT_FILES:
            candidate, n = f"{base}-{n}", n + 1
        out.append(candidate)
    return out


def render_files(cmp: Comparison, generated: str | None = None) -> dict[str, bytes]:
    """The three comparison files as bytes, rendered before anything is written."""
    import json

    from planner.report.compare_html import render_html
    from planner.report.compare_xlsx import render_xlsx

    data = comparison_json(cmp)
    return {
        "compare.xlsx": render_xlsx(cmp),
        "compare.html": render_html(cmp, generated=generated).encode("utf-8"),
        "comparison.json": (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    }


def scenario_files(outcome: ScenarioOutcome, lang: str, parameters: dict[str, Any],
                   anonymize: bool = False) -> dict[str, bytes] | None:
    """The scenario's own outputs (assignments.csv, unfilled.csv, kpis.json, plan.xlsx, manifest.json) rendered by
    the `planner solve` writer; None when there is no plan to write (no solution, or one the checker faults)."""
    from planner.report import render_outputs  # the solve writer, imported only when needed

    if outcome.result.status not in ("OPTIMAL", "FEASIBLE") or outcome.violations:
        return None
    return render_outputs(outcome.problem, outcome.result, lang=lang, anonymize=anonymize,
                          parameters=parameters).files


def write_comparison(cmp: Comparison, out: Path, generated: str | None = None,
                     parameters: dict[str, Any] | None = None) -> list[Path]:
    """Render every file first (the comparison's and each scenario's), then write them: each scenario's set in
    `out/<scenario>/`, then the three comparison files; each set atomically, owner-only."""
    staged: list[tuple[Path, dict[str, bytes]]] = []
    root = Path(out)
    for outcome, sub in zip(cmp.outcomes, folder_names(list(cmp.names)), strict=True):
        files = scenario_files(outcome, cmp.lang, {"command": "compare", **(parameters or {})}, cmp.anonymize)
        if files is not None:
            staged.append((root / sub, files))
    staged.append((root, render_files(cmp, generated)))
    ensure_private_dir(root)
    written: list[Path] = []
    for folder, files in staged:
        written.extend(write_files(folder, files))
    return written


def kpi_table(cmp: Comparison) -> Table:
    """The terminal table: one row per KPI, one column per scenario and a Δ column after each but the first."""
    lang = cmp.lang
    table = Table(title=tr("kpis", lang), show_lines=False, header_style="bold")
    table.add_column(tr("kpi", lang), no_wrap=True)
    for i, name in enumerate(cmp.names):
        table.add_column(escape(name), justify="right", overflow="fold")
        if i > 0:
            table.add_column(tr("delta", lang), justify="right")
    for row in cmp.rows:
        cells = [tr(f"kpi.{row.key}", lang)]
        for i, value in enumerate(row.values):
            cells.append(escape(fmt_value(row.metric, value, lang)))
            if i > 0:
                text = fmt_delta(row.metric, row.deltas[i])
                style = {"better": "green", "worse": "red"}.get(delta_sense(row.metric, row.deltas[i]))
                cells.append(f"[{style}]{text}[/]" if style and text else text)
        table.add_row(*cells)
    return table


def _short(view: MoveView | None, lang: str) -> str:
    """A move in a few words for the terminal: target unit [id], start month."""
    if view is None:
        return tr("none", lang)
    return escape(f"{view.target_unit_name} [{view.target_id}] {fmt_month(view.start)}")


def diff_table(cmp: Comparison) -> Table | None:
    """Who moves differently, compactly (the workbook and the page have the full descriptions)."""
    if not cmp.differences:
        return None
    lang = cmp.lang
    several = len(cmp.scenarios) > 2
    more = len(cmp.differences) - TERMINAL_DIFFS
    caption = tr("cli.more", lang, n=more) if more > 0 else None
    base = escape(cmp.base)  # input text (names, ids) is shown as written, never read as markup
    table = Table(title=tr("differences", lang, base=base), caption=caption, header_style="bold")
    heads = ([tr("scenario", lang)] if several else []) + [
        tr("change", lang), tr("cadre", lang), tr("from_unit", lang), tr("in_base", lang, base=base),
        tr("in_other", lang), tr("what_changed", lang)]
    for head in heads:
        table.add_column(head, overflow="fold")
    colours = {"added": "green", "removed": "red", "changed": "yellow"}
    for d in cmp.differences[:TERMINAL_DIFFS]:
        cells = ([escape(d.scenario)] if several else []) + [
            f"[{colours[d.change]}]{tr(f'change.{d.change}', lang)}[/]", escape(f"{d.cadre_name} ({d.cadre_id})"),
            escape(d.from_unit_name), _short(d.before, lang), _short(d.after, lang), escape(describe_what(d, lang))]
        table.add_row(*cells)
    return table


def _issues_table(issues: list[Issue], lang: str) -> Table:
    heads = ("Tệp", "Dòng", "Cột", "Giá trị", "Lý do") if lang == "vi" else ("File", "Row", "Column", "Value",
                                                                          "Reason")
    table = Table(title=tr("cli.bad_input", lang))
    for head in heads:
        table.add_column(head, overflow="fold")
    for i in issues:
        where = f"{i.file}#{i.sheet}" if i.file and i.sheet else (i.file or "")
        cells = (where, "" if i.row is None else str(i.row), i.column or "", i.value or "", i.reason)
        table.add_row(*(escape(c) for c in cells))
    return table


def run_compare(scenarios: list[Path], out: Path, overrides: dict[str, Any], lang: str, console: Console,
                err: Console, anonymize: bool = False) -> int:
    """Compare and write; the exit code (0 done, 1 bad input or unwritable output)."""
    if lang not in LANGS:
        err.print(tr("cli.lang", "vi") + " / --lang must be vi or en")
        return 1
    if not scenarios:
        err.print(tr("cli.need_two", lang))
        return 1
    try:
        cmp = compare(scenarios, overrides, lang, progress=lambda text: err.print(text, highlight=False, markup=False),
                      anonymize=anonymize)
    except InputError as exc:
        errors = exc.errors or exc.issues
        err.print(_issues_table(errors, lang))
        err.print(f"[red]{tr('cli.bad_input', lang)}[/]: {len(errors)}")
        return 1
    console.print(kpi_table(cmp))
    diffs = diff_table(cmp)
    if diffs is not None:
        console.print(diffs)
    else:
        console.print(tr("no_differences", lang))
    for f in cmp.scenarios:
        if f.warnings:
            err.print(f"[yellow]{tr('cli.warnings', lang, name=escape(f.name), n=len(f.warnings))}[/]", highlight=False)
        if f.violations:
            err.print(f"[red]{tr('cli.violations', lang, name=escape(f.name), n=len(f.violations))}[/]")
    # A deterministic run leaves the clock out of the page, so that two runs give the same compare.html.
    generated = None if overrides.get("deterministic") else dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    try:
        write_comparison(cmp, out, generated, {k: v for k, v in overrides.items() if v is not None})
    except OSError as exc:
        err.print(f"[red]{tr('cli.cannot_write', lang)}[/] {escape(f'{out}: {exc}')}")
        return 1
    console.print(f"{tr('cli.written', lang)} {out}", highlight=False, markup=False)
    return 0


def compare_command(
    scenarios: list[Path] = typer.Argument(..., help="Các tệp kịch bản YAML; tệp đầu tiên là gốc so sánh / "
                                                   "scenario YAML files; the first is the base"),
    out: Path = typer.Option(..., "--out", "-o", help="Thư mục ghi kết quả / output folder"),
    time_limit: float | None = typer.Option(None, "--time-limit", help="Giới hạn thời gian giải mỗi phương án "
                                                                        "(giây) / seconds per scenario"),
    workers: int | None = typer.Option(None, "--workers", help="Số luồng của bộ giải / solver workers"),
    seed: int | None = typer.Option(None, "--seed", help="Hạt giống ngẫu nhiên / random seed"),
    deterministic: bool = typer.Option(False, "--deterministic",
                                       help="Giải tất định (cùng dữ liệu, cùng hạt giống → cùng kế hoạch) / "
                                            "same inputs and seed give the same plans"),
    lang: str = typer.Option("vi", "--lang", help="Ngôn ngữ kết quả: vi hoặc en / output language"),
    anonymize: bool = typer.Option(False, "--anonymize", help="Thay họ tên bằng bí danh, ẩn lý do ghim / "
                                                             "pseudonyms for names, lock reasons hidden"),
) -> None:
    """So sánh các phương án: bảng chỉ số, ai được bố trí khác, compare.xlsx và compare.html / compare scenarios."""
    overrides = {"time_limit_s": time_limit, "workers": workers, "seed": seed,
                 "deterministic": True if deterministic else None}
    code = run_compare(scenarios, out, overrides, lang, Console(), Console(stderr=True), anonymize)
    if code:
        raise typer.Exit(code)
