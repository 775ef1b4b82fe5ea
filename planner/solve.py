"""solve(problem) → Result: the lexicographic (or weighted) CP-SAT solve, with locks, hints, time and Ctrl-C.

* Lexicographic: level 1 is maximised; it is then held `>=` the value found while level 2 is maximised, and so
  on. Each level first goes through the LP guidance of `planner/cpsat/lp.py` (GLOP bound, a dive for a plan,
  reduced-cost fixing to prove it; measured on the benchmark classes it proves every level in seconds); CP-SAT
  alone finishes a level the LP guidance leaves open, with the LP bound added as a constraint. The time limit is shared: each level but the last may use `LEVEL_SHARE` of what
  is left, the last level all of it. Each level starts from the previous level's plan as a hint (the first from
  the caller's `hint`, else a greedy plan).
* Status: OPTIMAL when every level is proven; FEASIBLE (with `stopped_early`) when a plan was found but not every
  level proven (time limit or Ctrl-C); INFEASIBLE when the locks leave no plan, with the smallest set of
  conflicting locks found (assumptions on the lock literals, then deletion of each lock that is not needed);
  UNKNOWN when no plan was found before the limit.
* Ctrl-C: while solving from the main thread, SIGINT stops the search (a second one raises as usual); the solver
  runs in a worker thread so the handler runs at once. A KeyboardInterrupt raised by the `progress` callback does
  the same. The best plan so far is returned as FEASIBLE with `stopped_early`.
* Deterministic (`settings.deterministic`): fixed seed, `interleave_search` and deterministic-time limits, so the
  same inputs and seed give the identical plan whatever the machine load.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any

from ortools.sat.python import cp_model

from models.plan import LevelValue, Plan, Result
from models.policy import SolverSettings
from models.problem import Problem
from planner.check import check
from planner.cpsat.lp import LevelOutcome, Relaxation, carry_over, objective_terms, solve_level
from planner.cpsat.model import PlanningModel, build_model, greedy

LEVEL_SHARE = 0.6  # of the remaining time, for each level but the last
USE_LP = True  # LP guidance per level (planner/cpsat/lp.py): bound, dive, reduced-cost fixing
CORE_TIME_S = 10.0  # at most, for each solve that narrows down conflicting locks


@dataclass(frozen=True)
class Progress:
    """A new best plan during solving: the level being optimised, its value, the best bound and the gap."""

    level: str
    incumbent: float
    bound: float
    gap: float
    elapsed_s: float


def _gap(value: float, bound: float) -> float:
    return abs(bound - value) / max(1.0, abs(value))


class _Callback(cp_model.CpSolverSolutionCallback):
    """Reports progress; a KeyboardInterrupt raised by the progress function stops the search."""

    def __init__(self, level: str, t0: float, progress: Callable[[Progress], None] | None) -> None:
        super().__init__()
        self.level, self.t0, self.progress = level, t0, progress
        self.interrupted = False

    def on_solution_callback(self) -> None:
        if self.progress is None:
            return
        value, bound = self.objective_value, self.best_objective_bound
        try:
            self.progress(Progress(self.level, value, bound, _gap(value, bound), time.perf_counter() - self.t0))
        except KeyboardInterrupt:
            self.interrupted = True
            self.stop_search()
        except Exception:  # a broken progress display must not lose the plan
            pass


class _Stop:
    """The SIGINT handler while solving (main thread only): the first Ctrl-C stops the search and keeps the plan;
    a second one raises KeyboardInterrupt as usual."""

    def __init__(self) -> None:
        self.requested = False
        self.solver: cp_model.CpSolver | None = None
        self.previous: Callable[[int, FrameType | None], Any] | int | None = None

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
        if self.solver is not None:
            self.solver.stop_search()

    def install(self) -> None:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self)

    def uninstall(self) -> None:
        previous = self.previous
        if previous is not None and signal.getsignal(signal.SIGINT) is self:
            signal.signal(signal.SIGINT, previous)


def _run(
    solver: cp_model.CpSolver, model: cp_model.CpModel, callback: _Callback, stop: _Stop
) -> tuple[cp_model.CpSolverStatus, bool]:
    """Solve in a worker thread while this thread waits, so that Ctrl-C here stops the search cleanly.
    Returns (status, stopped by the user)."""
    out: dict[str, cp_model.CpSolverStatus] = {}
    done = threading.Event()

    def work() -> None:
        try:
            out["status"] = solver.solve(model, callback)
        finally:
            done.set()

    stop.solver = solver
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    while True:
        try:
            while not done.is_set():
                time.sleep(0.02)
            break
        except KeyboardInterrupt:  # no handler installed (not the main thread's solve) or a second Ctrl-C
            stop.requested = True
            solver.stop_search()
    thread.join()
    stop.solver = None
    return out["status"], stop.requested or callback.interrupted


def _parameters(solver: cp_model.CpSolver, settings: SolverSettings, limit: float, *, workers: int | None = None) -> None:
    p = solver.parameters
    p.random_seed = settings.seed
    p.num_workers = workers or settings.workers
    p.catch_sigint_signal = False
    if settings.deterministic:
        p.interleave_search = True
        p.max_deterministic_time = max(limit, 0.01)
        p.max_time_in_seconds = max(4 * limit, 1.0)  # a safety net only; the deterministic limit binds first
    else:
        p.max_time_in_seconds = max(limit, 0.01)


def _hint(pm: PlanningModel, chosen: list[int]) -> None:
    """Hint every x (1 for `chosen`), written into the proto in bulk (add_hint per x took 1.4 s at L)."""
    model = pm.model
    model.clear_hints()
    ones = set(chosen)
    hint = model.proto.solution_hint
    hint.vars.extend([x.index for x in pm.v.x])
    hint.values.extend([1 if k in ones else 0 for k in range(len(pm.v.x))])


def _chosen(pm: PlanningModel, solver: cp_model.CpSolver) -> list[int]:
    values = solver.response_proto.solution
    return [k for k, x in enumerate(pm.v.x) if values[x.index]]


def solve(
    problem: Problem,
    settings: SolverSettings | None = None,
    *,
    progress: Callable[[Progress], None] | None = None,
    hint: Plan | None = None,
    customize: Callable[[PlanningModel], None] | None = None,
) -> Result:
    """Plan the problem: see the module docstring for the levels, statuses, time limit and Ctrl-C.

    `customize(pm)`, when given, is called once on the built model before solving: it may add constraints and
    replace or insert objective levels (`pm.levels` and `pm.exprs` together), e.g. a stability level for a
    re-plan against a baseline or a diversity level for alternatives. The default keeps the plain model."""
    settings = settings or problem.solver
    t0 = time.perf_counter()
    pm = build_model(problem)
    if customize is not None:
        customize(pm)
    unit_of = pm.unit_of
    budget = settings.time_limit_s
    used = 0.0 if settings.deterministic else time.perf_counter() - t0  # seconds, or deterministic time
    best: list[int] | None = None
    bounds: list[float | None] = [None] * len(pm.levels)
    proven = [False] * len(pm.levels)
    stopped = False
    current = pm.indices_of(hint) if hint is not None else greedy(pm)
    # The first plan the user can have: the hint (greedy or the caller's) once the independent checker passes it.
    first_ok = customize is None and not check(problem, pm.plan(current))
    early_stop = False  # the progress callback raised KeyboardInterrupt on that first plan
    if first_ok:
        best = list(current)
        if progress is not None and pm.levels:
            value = pm.levels[0].value(current, pm.v, unit_of)
            bound = pm.levels[0].trivial_bound(pm.v, unit_of)
            try:
                progress(Progress(pm.levels[0].name, value, bound, _gap(value, bound), time.perf_counter() - t0))
            except KeyboardInterrupt:
                early_stop = True
            except Exception:  # a broken progress display must not lose the plan
                pass
    stop = _Stop()
    stop.install()
    relaxation = Relaxation(pm.model) if USE_LP else None

    try:
        for n, (level, expr) in enumerate(zip(pm.levels, pm.exprs, strict=True)):
            if not settings.deterministic:
                used = time.perf_counter() - t0
            remaining = budget - used
            if stop.requested or early_stop:
                stopped = True
                break
            if remaining <= 1e-3:
                stopped = True
                break
            limit = remaining if n == len(pm.levels) - 1 else remaining * LEVEL_SHARE
            _hint(pm, current)
            pm.model.maximize(expr)
            if relaxation is not None:
                trusted = n > 0 or first_ok  # a level's plan is feasible; the first hint only once checked
                outcome, det_used, interrupted = _lp_level(pm, level, expr, relaxation, current, trusted, settings,
                                                           t0, limit, progress, stop)
                used += det_used
                if outcome is not None:
                    best = current = outcome.chosen
                    bounds[n] = outcome.bound
                    proven[n] = outcome.proven
                if interrupted:
                    stopped = True
                    break
                if outcome is not None:
                    if outcome.proven:
                        proven[n] = True
                        if n < len(pm.levels) - 1:
                            carry_over(pm.model, relaxation, pm.v.x, outcome.lp, outcome.value)
                            relaxation.add_at_least(objective_terms(pm.model), outcome.value)
                            pm.model.add(expr >= outcome.value)
                        continue
                    pm.model.add(expr <= outcome.bound)  # the LP bound: valid for every plan, it lets CP-SAT stop
                    _hint(pm, current)
                if not settings.deterministic:
                    used = time.perf_counter() - t0
                limit = max(0.01, (budget - used) if n == len(pm.levels) - 1 else (budget - used) * LEVEL_SHARE)
            solver = cp_model.CpSolver()
            _parameters(solver, settings, limit)
            callback = _Callback(level.name, t0, progress)
            status, interrupted = _run(solver, pm.model, callback, stop)
            used = used + solver.response_proto.deterministic_time if settings.deterministic \
                else time.perf_counter() - t0  # wall time includes building the model and hints
            if status == cp_model.MODEL_INVALID:
                raise RuntimeError(f"invalid CP-SAT model: {pm.model.validate()}")
            if status == cp_model.INFEASIBLE:
                if n == 0:
                    return _infeasible(problem, settings, t0, budget - used)
                raise RuntimeError(f"level {level.name} infeasible although the level above had a plan")
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                best = current = _chosen(pm, solver)
                value = round(solver.objective_value)
                bounds[n] = round(solver.best_objective_bound)
                proven[n] = status == cp_model.OPTIMAL
                if n < len(pm.levels) - 1:
                    # `>=` even when proven (equivalent, as nothing exceeds the optimum; CP-SAT searches it faster)
                    pm.model.add(expr >= value)
                    if relaxation is not None:
                        relaxation.add_at_least(objective_terms(pm.model), value)
            if interrupted or best is None:
                stopped = True
                break
    except KeyboardInterrupt:  # a second Ctrl-C between two solves: keep the best plan so far
        stopped = True
    finally:
        stop.uninstall()

    wall = time.perf_counter() - t0
    if best is None:
        return Result(status="UNKNOWN", wall_time_s=wall, seed=settings.seed, workers=settings.workers,
                      stopped_early=True, message="Chưa tìm được kế hoạch nào trước khi dừng")
    levels = tuple(
        LevelValue(
            name=level.name,
            value=level.value(best, pm.v, unit_of),
            bound=bounds[n] if bounds[n] is not None else level.trivial_bound(pm.v, unit_of),
        )
        for n, level in enumerate(pm.levels)
    )
    optimal = all(proven) and not stopped
    return Result(
        status="OPTIMAL" if optimal else "FEASIBLE",
        plan=pm.plan(best),
        levels=levels,
        wall_time_s=wall,
        seed=settings.seed,
        workers=settings.workers,
        stopped_early=not optimal,
        message=None if optimal else "Dừng trước khi chứng minh tối ưu mọi mức (hết thời gian hoặc bị ngắt)",
    )


def _lp_level(
    pm: PlanningModel, level: object, expr: cp_model.LinearExprT, relaxation: Relaxation, current: list[int],
    trusted: bool, settings: SolverSettings, t0: float, limit: float,
    progress: Callable[[Progress], None] | None, stop: _Stop,
) -> tuple[LevelOutcome | None, float, bool]:
    """One level by LP bound, dive and reduced-cost proof (planner/cpsat/lp.py), within `limit` seconds (or
    deterministic time). Returns the outcome (None: fall back to CP-SAT alone), the deterministic time used and
    whether the user interrupted."""
    name = getattr(level, "name", "")
    start = time.perf_counter()
    det = [0.0]
    interrupted = [False]

    def left() -> float:
        return limit - (det[0] if settings.deterministic else time.perf_counter() - start)

    def run(model: cp_model.CpModel, seconds: float) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
        solver = cp_model.CpSolver()
        _parameters(solver, settings, max(0.01, min(seconds, left())))
        status, stopped = _run(solver, model, _Callback(name, t0, None), stop)
        det[0] += solver.response_proto.deterministic_time
        if stopped:  # solve_level then skips what is left and returns the best plan so far
            interrupted[0] = True
        return status, solver

    def report(value: int, bound: float) -> None:
        if progress is not None:
            try:
                progress(Progress(name, value, bound, _gap(value, bound), time.perf_counter() - t0))
            except KeyboardInterrupt:  # stop after this level's plan is kept
                interrupted[0] = True
            except Exception:  # a broken progress display must not lose the plan
                pass

    def value_of(chosen: list[int]) -> int:
        return level.value(chosen, pm.v, pm.unit_of)  # type: ignore[attr-defined]

    try:
        outcome = solve_level(pm.model, expr, pm.v.x, relaxation, value_of, current, trusted, run, left, report,
                              lambda: interrupted[0] or stop.requested)
    except KeyboardInterrupt:
        return None, det[0], True
    return outcome, det[0], interrupted[0]


def _infeasible(problem: Problem, settings: SolverSettings, t0: float, remaining: float) -> Result:
    """No plan keeps the locks: name the smallest set of locks found that cannot hold together."""
    conflict = conflicting_locks(problem, settings, max(remaining, 1.0))
    names = tuple(problem.locks[n].describe() + (f" — {problem.locks[n].reason}" if problem.locks[n].reason else "")
                  for n in conflict)
    return Result(
        status="INFEASIBLE",
        wall_time_s=time.perf_counter() - t0,
        seed=settings.seed,
        workers=settings.workers,
        message="Không có kế hoạch nào giữ được đồng thời các khóa sau cùng với các quy định",
        conflicting_locks=names,
    )


def conflicting_locks(problem: Problem, settings: SolverSettings, time_budget: float) -> list[int]:
    """Indices of a small set of locks that cannot hold together (minimal when every solve finishes in time)."""
    pm = build_model(problem, enforce_locks=False)
    deadline = time.perf_counter() + time_budget

    def infeasible(subset: list[int]) -> list[int] | None:
        """The sufficient subset found when `subset` is infeasible, else None."""
        pm.model.clear_assumptions()
        pm.model.add_assumptions([pm.lock_literals[n] for n in subset])
        solver = cp_model.CpSolver()
        left = deadline - time.perf_counter()
        _parameters(solver, settings, max(0.1, min(CORE_TIME_S, left)), workers=1)
        status = solver.solve(pm.model)
        if status != cp_model.INFEASIBLE:
            return None
        by_index = {pm.lock_literals[n].index: n for n in subset}
        core = [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index]
        return sorted(core) or subset

    pm.model.clear_objective()
    core = infeasible(list(range(len(problem.locks))))
    if core is None:
        return list(range(len(problem.locks)))
    for n in list(core):
        if n not in core or time.perf_counter() > deadline:
            continue
        smaller = infeasible([m for m in core if m != n])
        if smaller is not None:
            core = smaller
    return core
