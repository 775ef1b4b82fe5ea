"""Run ONE solver on ONE scenario in this process and write its raw figures as JSON (the runner's child).

    python benchmarks/worker.py --solver ours|greedy|highs|cpsat --scenario S.yaml --time-limit 120 --out r.json

Each solver runs in its own process so that its peak memory (ru_maxrss of this process and its children, i.e. the
HiGHS child) is its own, and so that ortools and highspy never share a process. Times: `load_s` is loading and
validating the scenario; every event time counts from the start of the solve call (model building included).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _num(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if v == v else None


class _Progress:
    """Collects our solver's progress reports as (t, level, value, bound), whatever shape they come in."""

    def __init__(self, t0: float) -> None:
        self.t0 = t0
        self.events: list[dict[str, Any]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        data: dict[str, Any] = {}
        if args and not kwargs and len(args) == 1:
            obj = args[0]
            if isinstance(obj, dict):
                data = dict(obj)
            else:
                data = {k: getattr(obj, k) for k in dir(obj) if not k.startswith("_") and not callable(getattr(obj, k))}
        else:
            data = dict(kwargs)
            for name, value in zip(("level", "value", "bound"), args, strict=False):
                data.setdefault(name, value)
        level = data.get("level") or data.get("level_name") or data.get("name") or ""
        value = next((data[k] for k in ("value", "incumbent", "objective") if k in data), None)
        bound = next((data[k] for k in ("bound", "best_bound") if k in data), None)
        self.events.append({"t": time.perf_counter() - self.t0, "level": str(level),
                            "value": _num(value), "bound": _num(bound)})


def run(solver: str, scenario: str, time_limit: float, workers: int, seed: int) -> dict[str, Any]:
    from planner.scenario import load_problem

    t = time.perf_counter()
    problem = load_problem(scenario).problem
    load_s = time.perf_counter() - t
    out: dict[str, Any] = {"solver": solver, "scenario": scenario, "load_s": load_s, "time_limit_s": time_limit,
                           "workers": workers, "seed": seed, "size": {"cadres": len(problem.cadres),
                           "posts": len(problem.posts), "seats": len(problem.seats),
                           "months": problem.horizon_months}}
    events: list[dict[str, Any]]
    t0 = time.perf_counter()
    if solver == "ours":
        from planner.solve import solve

        settings = problem.solver.model_copy(update={"time_limit_s": time_limit, "workers": workers, "seed": seed})
        progress = _Progress(t0)
        result = solve(problem, settings, progress=progress)
        events = progress.events
    elif solver == "greedy":
        from planner.peers.greedy import solve_greedy

        result = solve_greedy(problem)
        events = [{"t": time.perf_counter() - t0, "level": lv.name, "value": lv.value, "bound": None}
                  for lv in result.levels]
    elif solver == "highs":
        from planner.peers.highs_mip import solve_highs

        result, events = solve_highs(problem, time_limit, threads=workers, seed=seed)
    elif solver == "cpsat":
        from planner.peers.plain_cpsat import solve_plain_cpsat

        result, events = solve_plain_cpsat(problem, time_limit, workers=workers, seed=seed)
    else:
        raise SystemExit(f"unknown solver {solver}")
    out["solve_s"] = time.perf_counter() - t0
    out["status"] = result.status
    out["levels"] = [{"name": lv.name, "value": lv.value, "bound": lv.bound} for lv in result.levels]
    out["events"] = events
    out["moves"] = len(result.plan.moves)
    out["message"] = result.message

    # Judged outside the solver: the independent checker and the solver-free evaluation.
    try:
        from planner.check import check

        t = time.perf_counter()
        violations = check(problem, result.plan)
        out["check_s"] = time.perf_counter() - t
        out["violations"] = len(violations)
        out["violation_codes"] = sorted({v.code for v in violations})[:10]
    except ImportError as exc:  # the checker has not landed
        out["violations"] = None
        out["check_error"] = str(exc)
    try:
        from planner.evaluate import evaluate

        out["evaluated"] = dict(evaluate(problem, result.plan).levels)
    except ImportError:
        from planner.peers.timeindexed import evaluate as peer_evaluate

        out["evaluated"] = peer_evaluate(problem, result.plan)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--solver", required=True)
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--time-limit", type=float, default=120.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    try:
        out = run(a.solver, a.scenario, a.time_limit, a.workers, a.seed)
    except Exception as exc:  # a crash is a figure too: recorded, not hidden
        out = {"solver": a.solver, "scenario": a.scenario, "error": f"{type(exc).__name__}: {exc}",
               "traceback": traceback.format_exc()[-3000:]}
    rss_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                 resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    out["peak_rss_mib"] = rss_kb / 1024
    Path(a.out).write_text(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
