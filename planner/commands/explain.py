"""`planner explain SCENARIO --post ID | --cadre ID [--plan DIR] [--lang vi|en]`: explain one post or one cadre.

Reads the plan from a solved folder's assignments.csv with `--plan DIR`, else solves the scenario. Exit codes:
0 explained; 1 bad input (scenario, plan folder, unknown id, or neither/both of --post and --cadre); 2 no feasible
plan to explain against; 3 stopped before any plan was found. `--anonymize` shows every cadre under the
pseudonym `planner solve --anonymize` gives them and hides lock reasons.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from planner.errors import InputError


def _settings(problem: Any, time_limit: float | None, workers: int | None, seed: int | None,
              deterministic: bool) -> Any:
    from models.policy import SolverSettings

    data = problem.solver.model_dump()
    data.update({k: v for k, v in {"time_limit_s": time_limit, "workers": workers, "seed": seed}.items()
                 if v is not None})
    if deterministic:
        data["deterministic"] = True
    return SolverSettings.model_validate(data)


def run_explain(scenario: Path, *, post: str | None = None, cadre: str | None = None, plan_dir: Path | None = None,
                lang: str = "vi", time_limit: float | None = None, workers: int | None = None,
                seed: int | None = None, deterministic: bool = False, anonymize: bool = False,
                out: Console | None = None, err: Console | None = None) -> int:
    """Load, get the plan (read or solve), explain, print; returns the exit code."""
    from planner.explain import explain_cadre, explain_post, render_cadre, render_post
    from planner.scenario import load_problem

    out = out or Console()
    err = err or Console(stderr=True)
    vi = lang == "vi"
    if (post is None) == (cadre is None):
        err.print("Cần đúng một trong hai: --post hoặc --cadre" if vi else "Give exactly one of --post or --cadre")
        return 1
    try:
        problem = load_problem(scenario).problem
    except InputError as exc:
        err.print(f"[bold red]✗ {'Lỗi dữ liệu đầu vào' if vi else 'Input errors'}: {len(exc.errors)}[/]")
        for issue in exc.errors:
            err.print(f"  • {issue}", markup=False, highlight=False, soft_wrap=True)
        return 1
    if post is not None and post not in problem.post_by_id:
        err.print(f"{'Không có vị trí' if vi else 'No post'} {post}", markup=False)
        return 1
    if cadre is not None and cadre not in problem.cadre_by_id:
        err.print(f"{'Không có cán bộ' if vi else 'No cadre'} {cadre}", markup=False)
        return 1
    if anonymize:
        from planner.report.common import anonymized_problem

        # Everything below (solve, explanation, suggestions, rendering) sees only pseudonyms and hidden reasons;
        # no rule or score reads a name or a reason, so the explanation is the same one.
        problem = anonymized_problem(problem, lang)
    settings = _settings(problem, time_limit, workers, seed, deterministic)
    plan = None
    if plan_dir is not None:
        from planner.replan import read_plan

        try:
            plan = read_plan(plan_dir)
        except InputError as exc:
            for issue in exc.errors:
                err.print(f"  • {issue}", markup=False, highlight=False, soft_wrap=True)
            return 1
    else:
        from planner.solve import solve

        result = solve(problem, settings)
        if result.status == "INFEASIBLE":
            err.print("Không có phương án khả thi để giải thích" if vi else "No feasible plan to explain against")
            for lock in result.conflicting_locks:
                err.print(f"  • {lock}", markup=False, highlight=False)
            return 2
        if result.status == "UNKNOWN":
            err.print("Hết thời gian trước khi tìm được phương án" if vi else "Stopped before any plan was found")
            return 3
        plan = result.plan
    if post is not None:
        parts = render_post(problem, explain_post(problem, post, plan, settings), lang)
    else:
        assert cadre is not None
        parts = render_cadre(problem, explain_cadre(problem, cadre, plan, settings), lang)
    for part in parts:
        out.print(part)
    return 0


def explain(
    scenario: Path = typer.Argument(..., help="Tệp kịch bản YAML / scenario YAML file"),
    post: str | None = typer.Option(None, "--post", help="Mã vị trí / post id"),
    cadre: str | None = typer.Option(None, "--cadre", help="Mã cán bộ / cadre id"),
    plan: Path | None = typer.Option(None, "--plan", help="Thư mục phương án đã giải / solved plan folder"),
    lang: str = typer.Option("vi", "--lang", help="vi | en"),
    time_limit: float | None = typer.Option(None, "--time-limit", min=0.001, help="Giới hạn thời gian (giây)"),
    workers: int | None = typer.Option(None, "--workers", min=1, help="Số luồng / solver workers"),
    seed: int | None = typer.Option(None, "--seed", min=0, help="Hạt giống ngẫu nhiên / random seed"),
    deterministic: bool = typer.Option(False, "--deterministic", help="Chạy tái lập được / reproducible run"),
    anonymize: bool = typer.Option(False, "--anonymize", help="Thay họ tên bằng bí danh, ẩn lý do ghim / "
                                                             "pseudonyms for names, lock reasons hidden"),
) -> None:
    """Giải thích một vị trí hoặc một cán bộ / Explain one post or one cadre."""
    if lang not in ("vi", "en"):
        raise typer.BadParameter("--lang phải là vi hoặc en / must be vi or en")
    raise typer.Exit(run_explain(scenario, post=post, cadre=cadre, plan_dir=plan, lang=lang, time_limit=time_limit,
                                 workers=workers, seed=seed, deterministic=deterministic, anonymize=anonymize))
