"""Peer (b): HiGHS on the plain time-indexed MIP, lexicographic levels solved as a sequence.

ortools and highspy bundle clashing HiGHS symbols, so they never share a process. The parent side
(`export_model`, `solve_highs`) imports neither: it writes the MIP as arrays into an `.npz` file (columns, CSR
rows, one objective vector per level) and runs `python -m planner.peers.highs_mip MODEL OUT` in a child process
that imports only numpy and highspy. The child maximises level 1, then adds the row "level-1 value ≥ v1" and
maximises level 2, and so on (no MIP start: with `setSolution`, HiGHS 1.16 returned the start, not its
optimum, as the solution of the next level): each level is optimised with the levels
above held at the value reached (their optimum when proven). Objectives are integers, so an absolute gap below 1
is a proof of optimality (`mip_abs_gap` 0.999, `mip_rel_gap` 0). The child records (time, level, incumbent,
bound) from HiGHS' MIP callbacks so the benchmark can read the gap at any time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from models.plan import LevelValue, Result
from models.problem import Problem
from planner.peers.timeindexed import TimeIndexed, build


def export_model(ti: TimeIndexed, path: Path) -> None:
    """Write the MIP of `ti` as numpy arrays (columns: one per move, then the burden variable B)."""
    n = len(ti.moves)
    burden = ti.burden_weight > 0 and bool(ti.burden_groups)
    ncols = n + (1 if burden else 0)
    starts = [0]
    index: list[int] = []
    lower: list[float] = []
    upper: list[float] = []
    value: list[float] = []
    for _, cols, rhs in ti.at_most:
        index.extend(cols)
        value.extend([1.0] * len(cols))
        starts.append(len(index))
        lower.append(-np.inf)
        upper.append(float(rhs))
    for _, cols, rhs in ti.at_least:
        index.extend(cols)
        value.extend([1.0] * len(cols))
        starts.append(len(index))
        lower.append(float(rhs))
        upper.append(np.inf)
    if burden:
        for _, cols in ti.burden_groups:
            index.extend([*cols, n])
            value.extend([1.0] * len(cols) + [-1.0])
            starts.append(len(index))
            lower.append(-np.inf)
            upper.append(0.0)
    col_upper = np.ones(ncols)
    if burden:
        col_upper[n] = float(max(len(cols) for _, cols in ti.burden_groups))
    objectives = np.zeros((len(ti.level_names), ncols))
    for k, (_, coef, b) in enumerate(ti.level_coefficients()):
        objectives[k, :n] = coef
        if burden:
            objectives[k, n] = b
    np.savez(
        path,
        col_upper=col_upper,
        row_start=np.asarray(starts, dtype=np.int64),
        row_index=np.asarray(index, dtype=np.int32),
        row_value=np.asarray(value, dtype=np.float64),
        row_lower=np.asarray(lower, dtype=np.float64),
        row_upper=np.asarray(upper, dtype=np.float64),
        objectives=objectives,
        level_names=np.asarray(ti.level_names),
        n_moves=np.asarray(n),
    )


def solve_highs(
    problem: Problem, time_limit_s: float, threads: int = 2, seed: int = 0, workdir: Path | None = None
) -> tuple[Result, list[dict[str, Any]]]:
    """Build, export and solve in a child process. Returns the result and the (time, level, value, bound) events.

    Times in the events count from the start of this call (model building included).
    """
    t0 = time.perf_counter()
    ti = build(problem)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        model, out = Path(tmp) / "model.npz", Path(tmp) / "out.json"
        export_model(ti, model)
        offset = time.perf_counter() - t0
        cmd = [
            sys.executable, "-m", "planner.peers.highs_mip", str(model), str(out),
            "--time-limit", f"{max(0.1, time_limit_s - offset):.3f}",
            "--threads", str(threads), "--seed", str(seed), "--offset", f"{offset:.4f}",
        ]
        env = dict(os.environ)
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
        data = json.loads(out.read_text())
    plan = ti.plan(data["chosen"])
    levels = tuple(LevelValue(name=lv["name"], value=lv["value"], bound=lv["bound"]) for lv in data["levels"])
    all_optimal = len(data["levels"]) == len(ti.level_names) and all(lv["optimal"] for lv in data["levels"])
    status = "OPTIMAL" if all_optimal else ("FEASIBLE" if data["levels"] else "UNKNOWN")
    if ti.infeasible or data.get("infeasible"):
        status = "INFEASIBLE"
    return (
        Result(status=status, plan=plan, levels=levels, wall_time_s=time.perf_counter() - t0,
               seed=seed, workers=threads, stopped_early=not all_optimal),
        data["events"],
    )


# --- child side: numpy + highspy only ---------------------------------------------------------------------


def _child(model_path: str, out_path: str, time_limit: float, threads: int, seed: int, offset: float) -> None:
    import highspy

    t0 = time.perf_counter()
    data = np.load(model_path)
    ncols = len(data["col_upper"])
    h = highspy.Highs()
    h.setOptionValue("output_flag", bool(os.environ.get("HIGHS_LOG")))
    h.setOptionValue("threads", threads)
    h.setOptionValue("random_seed", seed)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)
    lp = highspy.HighsLp()
    lp.num_col_ = ncols
    lp.num_row_ = len(data["row_lower"])
    lp.col_cost_ = data["objectives"][0]
    lp.col_lower_ = np.zeros(ncols)
    lp.col_upper_ = data["col_upper"]
    lp.row_lower_ = data["row_lower"]
    lp.row_upper_ = data["row_upper"]
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = data["row_start"]
    lp.a_matrix_.index_ = data["row_index"]
    lp.a_matrix_.value_ = data["row_value"]
    lp.integrality_ = [highspy.HighsVarType.kInteger] * ncols
    lp.sense_ = highspy.ObjSense.kMaximize
    h.passModel(lp)

    events: list[dict[str, Any]] = []
    level = {"k": 0, "name": ""}
    last: dict[str, float] = {}

    def record(e: Any) -> None:
        d = e.data_out
        primal, dual = float(d.mip_primal_bound), float(d.mip_dual_bound)
        if abs(primal) > 1e20:
            primal = float("nan")
        if last.get("p") == primal and last.get("d") == dual:
            return
        last["p"], last["d"] = primal, dual
        events.append({"t": offset + time.perf_counter() - t0, "level": level["name"],
                       "value": None if primal != primal else primal, "bound": dual})

    h.cbMipImprovingSolution.subscribe(record)
    h.cbMipInterrupt.subscribe(record)

    names = [str(x) for x in data["level_names"]]
    levels: list[dict[str, Any]] = []
    x: np.ndarray | None = None
    infeasible = False
    for k, name in enumerate(names):
        remaining = time_limit - (time.perf_counter() - t0)
        if remaining <= 0.05:
            break
        level["k"], level["name"] = k, name
        last.clear()
        cost = data["objectives"][k]
        h.changeColsCost(ncols, np.arange(ncols, dtype=np.int32), cost)
        h.setOptionValue("time_limit", remaining)
        h.run()
        status = h.getModelStatus()
        info = h.getInfo()
        if status == highspy.HighsModelStatus.kInfeasible:
            infeasible = True
            break
        if info.primal_solution_status != 2:  # no feasible solution
            break
        x = np.asarray(h.getSolution().col_value)
        val = float(np.dot(cost, x))
        optimal = status == highspy.HighsModelStatus.kOptimal
        bound = val if optimal else float(info.mip_dual_bound)
        events.append({"t": offset + time.perf_counter() - t0, "level": name, "value": val, "bound": bound})
        levels.append({"name": name, "value": round(val), "bound": bound, "optimal": optimal,
                       "t": offset + time.perf_counter() - t0})
        if k + 1 < len(names):
            nz = np.nonzero(cost)[0].astype(np.int32)
            h.addRow(float(round(val)) - 0.5, highspy.kHighsInf, len(nz), nz, cost[nz])
    n_moves = int(data["n_moves"])  # the burden variable, when present, is the column after the moves
    chosen = [] if x is None else [int(i) for i in np.nonzero(x[:n_moves] > 0.5)[0]]
    Path(out_path).write_text(json.dumps({"levels": levels, "events": events, "chosen": chosen,
                                          "infeasible": infeasible}))


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="Solve an exported time-indexed MIP with HiGHS (child process).")
    ap.add_argument("model")
    ap.add_argument("out")
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--offset", type=float, default=0.0)
    a = ap.parse_args()
    _child(a.model, a.out, a.time_limit, a.threads, a.seed, a.offset)
