"""`planner validate SCENARIO`: load and check a scenario; a short summary, or every error with where it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from models.months import fmt_month
from models.scales import Level
from planner.errors import InputError, Issue
from planner.scenario import load_problem, summarize

TEXT: dict[str, dict[str, Any]] = {
    "vi": {
        "ok": "Kịch bản hợp lệ", "table": "Bảng", "rows": "Số dòng", "level": "Cấp đơn vị", "units": "Số đơn vị",
        "group": "Nhóm cán bộ", "cadres": "Số cán bộ", "horizon": "Kỳ kế hoạch", "months": "tháng",
        "warnings": "Cảnh báo", "errors": "Lỗi dữ liệu đầu vào", "count": "lỗi", "file": "Tệp", "row": "Dòng",
        "column": "Cột", "value": "Giá trị", "reason": "Lý do",
        "tables": {"units": "Đơn vị", "cadres": "Cán bộ", "posts": "Vị trí khuyết", "seats": "Chỉ tiêu biệt phái",
                   "locks": "Quyết định ghim", "ongoing": "Đang thực hiện"},
        "groups": {"ethnic_minority": "Người dân tộc thiểu số", "women": "Nữ", "young": "Dưới {age} tuổi",
                   "succession_pool": "Trong quy hoạch"},
    },
    "en": {
        "ok": "Scenario is valid", "table": "Table", "rows": "Rows", "level": "Unit level", "units": "Units",
        "group": "Cadre group", "cadres": "Cadres", "horizon": "Horizon", "months": "months",
        "warnings": "Warnings", "errors": "Input errors", "count": "error(s)", "file": "File", "row": "Row",
        "column": "Column", "value": "Value", "reason": "Reason",
        "tables": {"units": "Units", "cadres": "Cadres", "posts": "Vacant posts", "seats": "Secondment seats",
                   "locks": "Locks", "ongoing": "Ongoing moves"},
        "groups": {"ethnic_minority": "Ethnic minority", "women": "Women", "young": "Under {age}",
                   "succession_pool": "In succession pool"},
    },
}


def _issue_table(issues: list[Issue], t: dict[str, Any], title: str) -> Table:
    table = Table(title=title, show_lines=False, expand=False)
    for name in ("file", "row", "column", "value", "reason"):
        table.add_column(t[name], overflow="fold")
    for i in issues:
        where = f"{i.file}#{i.sheet}" if i.file and i.sheet else (i.file or "")
        cells = (where, "" if i.row is None else str(i.row), i.column or "", i.value or "", i.reason)
        table.add_row(*(escape(c) for c in cells))  # input text is shown as written, never read as markup
    return table


def render_summary(summary: dict[str, Any], warnings: list[Issue], lang: str, console: Console) -> None:
    t = TEXT[lang]
    horizon = summary["horizon"]
    console.print(f"[bold green]✓ {t['ok']}[/]: {escape(summary['name'])} — {t['horizon']} {fmt_month(horizon['start'])}"
                  f" … {fmt_month(horizon['end'])} ({horizon['months']} {t['months']})")
    counts = Table(show_header=True)
    counts.add_column(t["table"])
    counts.add_column(t["rows"], justify="right")
    for name, n in summary["counts"].items():
        counts.add_row(t["tables"][name], str(n))
    console.print(counts)
    levels = Table(show_header=True)
    levels.add_column(t["level"])
    levels.add_column(t["units"], justify="right")
    for code, n in summary["units_by_level"].items():
        levels.add_row(Level.parse(code).label(lang), str(n))
    console.print(levels)
    groups = Table(show_header=True)
    groups.add_column(t["group"])
    groups.add_column(t["cadres"], justify="right")
    for name, n in summary["cadres_by_group"].items():
        groups.add_row(t["groups"][name].format(age=summary["young_age"]), str(n))
    console.print(groups)
    if warnings:
        console.print(_issue_table(warnings, t, f"{t['warnings']} ({len(warnings)})"))


def run_validate(scenario: Path, lang: str, out: Console, err: Console) -> int:
    """Validate and print; the exit code (0 valid, 1 bad input)."""
    try:
        loaded = load_problem(scenario)
    except InputError as exc:
        t = TEXT[lang]
        errors = exc.errors
        err.print(f"[bold red]✗ {t['errors']}: {len(errors)} {t['count']}[/]")
        if err.is_terminal:
            err.print(_issue_table(errors, t, t["errors"]))
            if exc.warnings:
                err.print(_issue_table(exc.warnings, t, f"{t['warnings']} ({len(exc.warnings)})"))
        else:  # logs, pipes and tests: one plain line per issue, never wrapped, easy to grep
            for issue in exc.issues:
                prefix = "" if issue.severity == "error" else f"[{t['warnings']}] "
                err.print(prefix + str(issue), markup=False, highlight=False, soft_wrap=True)
        return 1
    render_summary(summarize(loaded.problem), loaded.warnings, lang, out)
    return 0


def validate(
    scenario: Path = typer.Argument(..., help="Tệp kịch bản YAML / scenario YAML file"),
    lang: str = typer.Option("vi", "--lang", help="vi | en"),
) -> None:
    """Kiểm tra kịch bản và dữ liệu đầu vào / Check a scenario and its input data."""
    if lang not in TEXT:
        raise typer.BadParameter("--lang phải là vi hoặc en / must be vi or en")
    code = run_validate(scenario, lang, Console(), Console(stderr=True))
    raise typer.Exit(code)
