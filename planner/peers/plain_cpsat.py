"""Peer (c): plain CP-SAT on the time-indexed model, default parameters.

One Boolean per eligible move, the rows of `timeindexed` as linear constraints, each level maximised in turn with
the levels above held (`level ≥ value reached`). No hints, no symmetry work, no decomposition: only the time limit,
the number of workers and the seed are set. Imports ortools: never import this module next to highspy.
"""

from __future__ import annotations

import time
from typing import Any

from ortools.sat.python import cp_model

from models.plan import LevelValue, Result
from models.problem import Problem
from planner.peers.timeindexed import build


class _Events(cp_model.CpSolverSolutionCallback):
    def __init__(self, sink: list[dict[str, Any]], level: str, t0: float) -> None:
        super().__init__()
        self.sink, self.level, self.t0 = sink, level, t0

    def on_solution_callback(self) -> None:
        self.sink.append({"t": time.perf_counter() - self.t0, "level": self.level,
                          "value": self.objective_value, "bound": self.best_objective_bound})


def solve_plain_cpsat(
    problem: Problem, time_limit_s: float, workers: int = 2, seed: int = 0
) -> tuple[Result, list[dict[str, Any]]]:
    """Solve the levels in turn; returns the result and (time, level, value, bound) events from the call's start."""
    t0 = time.perf_counter()
    ti = build(problem)
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{i}") for i in range(len(ti.moves))]
    for _, cols, rhs in ti.at_most:
        model.add(cp_model.LinearExpr.sum([x[i] for i in cols]) <= rhs)
    for _, cols, rhs in ti.at_least:
        model.add(cp_model.LinearExpr.sum([x[i] for i in cols]) >= rhs)
    burden = None
    if ti.burden_weight > 0 and ti.burden_groups:
        burden = model.new_int_var(0, max(len(c) for _, c in ti.burden_groups), "burden")
        for _, cols in ti.burden_groups:
            model.add(cp_model.LinearExpr.sum([x[i] for i in cols]) <= burden)
    events: list[dict[str, Any]] = []
    levels: list[LevelValue] = []
    chosen: list[int] = []
    all_optimal = True
    infeasible = bool(ti.infeasible)
    for name, coef, b in ti.level_coefficients():
        remaining = time_limit_s - (time.perf_counter() - t0)
        if remaining <= 0.05 or infeasible:
            all_optimal = False
            break
        nz = [i for i, c in enumerate(coef) if c]
        vars_ = [x[i] for i in nz] + ([burden] if burden is not None and b else [])
        coefs = [coef[i] for i in nz] + ([b] if burden is not None and b else [])
        expr = cp_model.LinearExpr.weighted_sum(vars_, coefs)
        model.maximize(expr)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = remaining
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed

        def on_bound(bound: float, name: str = name) -> None:
            events.append({"t": time.perf_counter() - t0, "level": name, "value": None, "bound": bound})

        solver.best_bound_callback = on_bound
        status = solver.solve(model, _Events(events, name, t0))
        if status == cp_model.INFEASIBLE:
            infeasible = True
            break
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            all_optimal = False
            break
        value = round(solver.objective_value)
        optimal = status == cp_model.OPTIMAL
        all_optimal &= optimal
        bound = float(value) if optimal else solver.best_objective_bound
        events.append({"t": time.perf_counter() - t0, "level": name, "value": float(value), "bound": bound})
        levels.append(LevelValue(name=name, value=value, bound=bound))
        chosen = [i for i in range(len(x)) if solver.boolean_value(x[i])]
        model.add(expr >= value)
    status_text = "INFEASIBLE" if infeasible else (
        "OPTIMAL" if all_optimal and len(levels) == len(ti.level_names) else ("FEASIBLE" if levels else "UNKNOWN"))
    return (
        Result(status=status_text, plan=ti.plan(chosen), levels=tuple(levels), wall_time_s=time.perf_counter() - t0,
               seed=seed, workers=workers, stopped_early=status_text != "OPTIMAL"),
        events,
    )
