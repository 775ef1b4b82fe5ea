"""`planner solve SCENARIO --out DIR`: load, solve, check, and write the outputs of one scenario.

Exit codes (DESIGN §8): 0 a plan was written (optimal or not — the summary says which); 1 bad input (every error
listed with file, row and column; nothing written); 2 no feasible plan (the conflicting locks named); 3 stopped by
the time limit or an interrupt before any plan was found. 4 is an internal error: the independent checker faults
the solver's plan (such a plan is never written) or the outputs could not be written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from models.months import fmt_month
from models.plan import Result
from models.policy import SolverSettings
from models.problem import Problem
from planner.errors import InputError, Issue

EXIT_OK, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_STOPPED, EXIT_INTERNAL = 0, 1, 2, 3, 4

TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "errors": "Lỗi dữ liệu đầu vào: {n} lỗi — không ghi kết quả",
        "warning": "Cảnh báo",
        "loaded": "Đã đọc kịch bản «{name}»: {cadres} cán bộ, {posts} vị trí, {seats} chỉ tiêu biệt phái",
        "solving": "Đang giải",
        "progress": "Đang giải — mức {level}: hiện có {incumbent}, cận {bound}, gap {gap:.1%}, {elapsed:.0f} giây",
        "interrupted": "Đã dừng (ngắt) trước khi tìm được phương án — không ghi kết quả",
        "stopped": "Hết thời gian trước khi tìm được phương án — không ghi kết quả (tăng --time-limit)",
        "infeasible": "Không có phương án khả thi — không ghi kết quả",
        "locks": "Các quyết định ghim/cấm mâu thuẫn nhau",
        "internal": "Lỗi nội bộ: phương án của bộ giải vi phạm quy định — không ghi kết quả",
        "write_failed": "Không ghi được kết quả vào {out}: {why}",
        "optimal": "Phương án TỐI ƯU (đã chứng minh)",
        "feasible": "Phương án KHẢ THI, chưa chứng minh tối ưu (gap {gap:.1%} ở mức {level})",
        "summary": "Bố trí {filled}/{fillable} vị trí (ưu tiên {pf}/{pt}), {sec} biệt phái, {unfilled} vị trí chưa "
                   "bố trí; {time:.1f} giây",
        "written": "Đã ghi kết quả vào {out}",
        "mismatch": "Cảnh báo nội bộ: giá trị mục tiêu của bộ giải khác với tính lại: {what}",
        "bad_option": "Tham số không hợp lệ",
        "relaxed": "Đã ghi phương án tốt nhất khi bỏ {n} khóa mâu thuẫn vào {out} (đánh dấu relaxed_locks trong "
                   "kpis.json; phương án gốc: không khả thi)",
    },
    "en": {
        "errors": "Input errors: {n} — nothing written",
        "warning": "Warning",
        "loaded": "Loaded scenario '{name}': {cadres} cadres, {posts} posts, {seats} secondment seats",
        "solving": "Solving",
        "progress": "Solving — level {level}: incumbent {incumbent}, bound {bound}, gap {gap:.1%}, {elapsed:.0f} s",
        "interrupted": "Interrupted before any plan was found — nothing written",
        "stopped": "Time limit reached before any plan was found — nothing written (raise --time-limit)",
        "infeasible": "No feasible plan — nothing written",
        "locks": "Conflicting locks",
        "internal": "Internal error: the solver's plan breaks a rule — nothing written",
        "write_failed": "Could not write the outputs to {out}: {why}",
        "optimal": "OPTIMAL plan (proven)",
        "feasible": "FEASIBLE plan, not proven optimal (gap {gap:.1%} on level {level})",
        "summary": "Filled {filled}/{fillable} posts (priority {pf}/{pt}), {sec} secondments, {unfilled} posts left "
                   "empty; {time:.1f} s",
        "written": "Outputs written to {out}",
        "mismatch": "Internal warning: the solver's objective differs from the recomputation: {what}",
        "bad_option": "Invalid option",
        "relaxed": "Wrote the best plan with the {n} conflicting locks set aside to {out} (marked relaxed_locks in "
                   "kpis.json; the original has no feasible plan)",
    },
}

Solver = Callable[..., Result]


def get_solver() -> Solver:
    """The solver entry point (`planner.solve.solve`), imported when a solve is run."""
    from planner.solve import solve

    return solve


def _print_issues(issues: list[Issue], err: Console) -> None:
    for issue in issues:
        err.print(f"  • {issue}", markup=False, highlight=False, soft_wrap=True)


def _settings(problem: Problem, time_limit: float | None, workers: int | None, seed: int | None,
              deterministic: bool) -> SolverSettings:
    data: dict[str, Any] = problem.solver.model_dump()
    overrides = {"time_limit_s": time_limit, "workers": workers, "seed": seed}
    data.update({k: v for k, v in overrides.items() if v is not None})
    if deterministic:
        data["deterministic"] = True
    return SolverSettings.model_validate(data)


class _Progress:
    """A live status line on stderr while solving, only when stderr is a terminal."""

    def __init__(self, err: Console, t: dict[str, str]) -> None:
        self.t = t
        self.status = err.status(t["solving"]) if err.is_terminal else None

    def __enter__(self) -> _Progress:
        if self.status is not None:
            self.status.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.status is not None:
            self.status.stop()

    def __call__(self, progress: Any) -> None:
        if self.status is None:
            return
        try:
            text = self.t["progress"].format(
                level=getattr(progress, "level", "?"), incumbent=getattr(progress, "incumbent", "?"),
                bound=getattr(progress, "bound", "?"), gap=float(getattr(progress, "gap", 0.0) or 0.0),
                elapsed=float(getattr(progress, "elapsed_s", 0.0) or 0.0))
        except (TypeError, ValueError):
            text = self.t["solving"]
        self.status.update(escape(text))


def run_solve(scenario: Path, out_dir: Path, *, time_limit: float | None = None, workers: int | None = None,
              seed: int | None = None, deterministic: bool = False, lang: str = "vi", anonymize: bool = False,
              out: Console | None = None, err: Console | None = None, baseline: Path | None = None,
              alternatives: int = 0, tolerance: float = 0.0) -> int:
    """Load, solve, check and write; returns the exit code. Prints to `out` (summary) and `err` (problems)."""
    from planner.check import check
    from planner.report import PlanRejected, write_outputs
    from planner.report.kpis import gap, gap_level, level_mismatches
    from planner.scenario import load_problem

    out = out or Console()
    err = err or Console(stderr=True)
    t = TEXT[lang]

    try:
        loaded = load_problem(scenario)
    except InputError as exc:
        err.print(f"[bold red]✗ {t['errors'].format(n=len(exc.errors))}[/]")
        _print_issues(exc.errors, err)
        if exc.warnings:
            err.print(f"[yellow]{t['warning']}:[/]")
            _print_issues(exc.warnings, err)
        return EXIT_INPUT
    problem = loaded.problem
    if loaded.warnings:
        err.print(f"[yellow]{t['warning']}:[/]")
        _print_issues(loaded.warnings, err)
    try:
        settings = _settings(problem, time_limit, workers, seed, deterministic)
    except ValidationError as exc:
        err.print(f"[bold red]✗ {t['bad_option']}:[/]")
        for e in exc.errors():
            err.print(f"  • {'.'.join(str(x) for x in e['loc'])}: {e['msg']}", markup=False)
        return EXIT_INPUT
    out.print(escape(t["loaded"].format(name=problem.name, cadres=len(problem.cadres), posts=len(problem.posts),
                                        seats=len(problem.seats))))

    solve = get_solver()
    replanned = None
    try:
        if baseline is not None:  # re-plan with minimal change (planner.replan)
            from planner.replan import read_plan, replan

            previous = read_plan(baseline)
            with _Progress(err, t) as progress:
                replanned = replan(problem, previous, settings, progress=progress, solver=solve)
            result = replanned.result
        else:
            with _Progress(err, t) as progress:
                result = solve(problem, settings, progress=progress)
    except InputError as exc:
        err.print(f"[bold red]✗ {t['errors'].format(n=len(exc.errors))}[/]")
        _print_issues(exc.errors, err)
        return EXIT_INPUT
    except KeyboardInterrupt:
        err.print(f"[bold yellow]■ {t['interrupted']}[/]")
        return EXIT_STOPPED

    if result.status == "INFEASIBLE":
        err.print(f"[bold red]✗ {t['infeasible']}[/]")
        if result.message:
            err.print(f"  {result.message}", markup=False, highlight=False)
        if result.conflicting_locks:
            err.print(f"  {t['locks']}:")
            for lock in _shown_locks(problem, result.conflicting_locks, anonymize, lang):
                err.print(f"  • {lock}", markup=False, highlight=False)
        _write_relaxed(problem, result, settings, out_dir, lang=lang, anonymize=anonymize, out=out, err=err)
        return EXIT_INFEASIBLE
    if result.status == "UNKNOWN":
        err.print(f"[bold yellow]■ {t['stopped']}[/]")
        if result.message:
            err.print(f"  {result.message}", markup=False, highlight=False)
        return EXIT_STOPPED

    violations = check(problem, result.plan)
    if violations:
        err.print(f"[bold red]✗ {t['internal']}[/]")
        for v in violations[:50]:
            err.print(f"  • {v.message(lang)} ({v.cadre_id or ''} {v.target_id or ''} "
                      f"{fmt_month(v.month) if v.month is not None else ''})", markup=False, highlight=False)
        return EXIT_INTERNAL

    parameters = {"scenario": str(scenario), "time_limit_s": settings.time_limit_s, "workers": settings.workers,
                  "seed": settings.seed, "deterministic": settings.deterministic}
    try:
        extra: dict[str, Any] = {}
        if replanned is not None:
            from planner.replan import baseline_kpis, changes, render_changes_csv
            from planner.report.common import anonymized_problem, names

            found = replanned.changes
            if anonymize:  # the sentences may quote a lock's reason: word them from the anonymized problem
                found = tuple(changes(anonymized_problem(problem, lang), replanned.baseline, result.plan))
            extra = {"extra_files": {"changes.csv": render_changes_csv(problem, found, lang,
                                                                       names(problem, anonymize, lang))},
                     "kpis_extra": baseline_kpis(replanned, baseline or "")}
        outputs = write_outputs(problem, result, out_dir, lang=lang, anonymize=anonymize, parameters=parameters,
                                **extra)
    except PlanRejected as exc:  # cannot happen after the check above; kept so no path writes a faulty plan
        err.print(f"[bold red]✗ {t['internal']}[/] {escape(str(exc))}")
        return EXIT_INTERNAL
    except OSError as exc:
        err.print(f"[bold red]✗ {escape(t['write_failed'].format(out=out_dir, why=exc))}[/]")
        return EXIT_INTERNAL

    k = outputs.evaluation.kpis
    if result.status == "OPTIMAL":
        headline = t["optimal"]
    else:
        headline = t["feasible"].format(gap=gap(result), level=gap_level(result) or "—")
    out.print(f"[bold green]✓ {escape(headline)}[/]")
    out.print(escape(t["summary"].format(filled=k.posts_filled, fillable=k.posts_fillable, pf=k.priority_filled,
                                         pt=k.priority_fillable, sec=k.secondments, unfilled=len(outputs.unfilled),
                                         time=result.wall_time_s)))
    mismatches = level_mismatches(result, outputs.evaluation)
    if mismatches:
        err.print(f"[yellow]{escape(t['mismatch'].format(what='; '.join(mismatches)))}[/]")
    out.print(escape(t["written"].format(out=out_dir)))
    if replanned is not None:
        from planner.replan import summary_lines

        for line in summary_lines(replanned, lang):
            out.print(line, markup=False, highlight=False, soft_wrap=True)
    if alternatives > 0:
        from planner.alternatives import write_alternatives

        write_alternatives(problem, result, out_dir, alternatives, tolerance, settings, lang=lang,
                           anonymize=anonymize, out=out)
    return EXIT_OK


def _write_relaxed(problem: Problem, result: Result, settings: SolverSettings, out_dir: Path, *, lang: str,
                   anonymize: bool, out: Console, err: Console) -> None:
    """After an INFEASIBLE solve: name the minimal conflicting locks and offer the best plan without them.

    `out_dir/kpis.json` says INFEASIBLE and names the conflicting locks; no plan is written there, so nothing in
    `out_dir` passes for a solution. The relaxed plan goes whole into `out_dir/relaxed/`, marked (its kpis.json
    has `relaxed_locks` and `relaxed_status`). The exit code stays 2.
    """
    from planner.io.atomic import write_files
    from planner.relax import describe, relax, relaxation_kpis
    from planner.report import PlanRejected, write_outputs
    from planner.report.common import anonymized_problem
    from planner.report.kpis import input_hash, to_json_bytes

    relaxation = relax(problem, settings) if problem.locks else None
    # What leaves the committee under --anonymize shows no lock reason (free text that may name a person).
    shown = anonymized_problem(problem, lang) if anonymize else problem
    summary: dict[str, Any] = {
        "status": "INFEASIBLE", "optimal": False, "posts_filled": 0, "priority_filled": 0, "secondments": 0,
        "levels": [], "wall_time_s": result.wall_time_s, "seed": settings.seed, "workers": settings.workers,
        "input_hash": input_hash(problem), "message": result.message,
        "conflicting_locks": _shown_locks(problem, result.conflicting_locks, anonymize, lang),
    }
    if relaxation is not None:
        for line in describe(shown, relaxation, lang):
            err.print(line, markup=False, highlight=False, soft_wrap=True)
        marking = relaxation_kpis(shown, relaxation, lang)
        summary.update({"relaxed_locks": marking["relaxed_locks"], "relaxed_status": marking["relaxed_status"],
                        "relaxed_plan": "relaxed"})
    try:
        write_files(out_dir, {"kpis.json": to_json_bytes(summary)})
        if relaxation is None:
            return
        write_outputs(relaxation.problem, relaxation.result, out_dir / "relaxed", lang=lang, anonymize=anonymize,
                      kpis_extra=marking)
    except (PlanRejected, OSError) as exc:
        err.print(f"[bold red]✗ {escape(t_of(lang)['write_failed'].format(out=out_dir, why=exc))}[/]")
        return
    out.print(escape(t_of(lang)["relaxed"].format(n=len(relaxation.relaxed), out=out_dir / "relaxed")))


def _shown_locks(problem: Problem, locks: tuple[str, ...], anonymize: bool, lang: str) -> list[str]:
    """The conflicting locks as listed to the user; under --anonymize their reasons are masked."""
    if not anonymize:
        return list(locks)
    from planner.report.common import hidden

    reasons = sorted({lk.reason for lk in problem.locks if lk.reason}, key=len, reverse=True)
    masked = []
    for text in locks:
        for reason in reasons:
            text = text.replace(reason, hidden(lang))
        masked.append(text)
    return masked


def t_of(lang: str) -> dict[str, str]:
    return TEXT[lang]


def solve(
    scenario: Path = typer.Argument(..., help="Tệp kịch bản YAML / scenario YAML file"),
    out: Path = typer.Option(..., "--out", help="Thư mục ghi kết quả / output folder"),
    time_limit: float | None = typer.Option(None, "--time-limit", min=0.001,
                                            help="Giới hạn thời gian (giây) / time limit in seconds"),
    workers: int | None = typer.Option(None, "--workers", min=1, help="Số luồng / solver workers"),
    seed: int | None = typer.Option(None, "--seed", min=0, help="Hạt giống ngẫu nhiên / random seed"),
    deterministic: bool = typer.Option(False, "--deterministic",
                                       help="Cùng dữ liệu, cùng seed → cùng phương án / reproducible run"),
    lang: str = typer.Option("vi", "--lang", help="vi | en"),
    anonymize: bool = typer.Option(False, "--anonymize", help="Thay họ tên bằng bí danh / pseudonyms for names"),
    baseline: Path | None = typer.Option(None, "--baseline",
                                         help="Thư mục phương án trước: giữ tối đa / previous plan folder to keep"),
    alternatives: int = typer.Option(0, "--alternatives", min=0, help="Số phương án thay thế / alternative plans"),
    tolerance: float = typer.Option(0.0, "--tolerance", min=0.0, max=100.0,
                                    help="Sai lệch cho phép (%) mức 1–2 / tolerance (%) on levels 1–2"),
) -> None:
    """Lập phương án cho một kịch bản và ghi kết quả / Solve one scenario and write its outputs."""
    if lang not in TEXT:
        raise typer.BadParameter("--lang phải là vi hoặc en / must be vi or en")
    code = run_solve(scenario, out, time_limit=time_limit, workers=workers, seed=seed,
                     deterministic=deterministic, lang=lang, anonymize=anonymize, baseline=baseline,
                     alternatives=alternatives, tolerance=tolerance / 100.0)
    raise typer.Exit(code)
