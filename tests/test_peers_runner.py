"""The benchmark runner's figures, derived from a solver's progress events (no solving here)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import run  # noqa: E402  (benchmarks/run.py)


def _raw(solver: str, status: str, solve_s: float, events: list[tuple[float, str, float | None, float | None]],
         levels: list[tuple[str, float, float]]) -> dict:
    return {"solver": solver, "status": status, "solve_s": solve_s, "time_limit_s": 120.0, "moves": 3,
            "events": [{"t": t, "level": lv, "value": v, "bound": b} for t, lv, v, b in events],
            "levels": [{"name": n, "value": v, "bound": b} for n, v, b in levels],
            "evaluated": {n: v for n, v, _ in levels}}


def test_a_peer_that_proves_level_one_then_stalls():
    # First incumbent at 2 s (90 against a bound of 100: gap 11.11 %), level 1 proven at 5 s, then level 2 runs
    # until the limit with 40 against a bound of 50 (gap 25 %). At 10 s and 30 s level 2 is the one being
    # optimised; level 1 held after 10 s is its proven 100.
    r = _raw("highs", "FEASIBLE", 120.0,
             [(2.0, "priority_filled", 90, 100), (5.0, "priority_filled", 100, 100),
              (8.0, "secondments", 40, 50)],
             [("priority_filled", 100, 100), ("secondments", 40, 50)])
    d = run.derive(r)
    assert d["first_plan_s"] == 2.0 and d["optimum_s"] is None
    assert d["gap_10s"] == "secondments 25.00%" and d["gap_60s"] == "secondments 25.00%"
    assert d["l1_at_10s"] == 100 and d["l1"] == 100


def test_a_solver_done_before_the_checkpoints():
    # Every level proven at 1.5 s: gaps read "done"; the level-1 value after 10 s is the final one.
    r = _raw("ours", "OPTIMAL", 1.5, [(0.5, "priority_filled", 7, 7)],
             [("priority_filled", 7, 7), ("secondments", 2, 2), ("quality", -3, -3)])
    d = run.derive(r)
    assert d["optimum_s"] == 1.5 and d["gap_10s"] == "done" and d["l1_at_10s"] == 7


def test_ratio_text_says_when_a_peer_never_got_there():
    assert run.ratio_text(2.0, 10.0, 120.0) == "5.0×"
    assert run.ratio_text(2.0, None, 120.0).startswith("> 60.0×")
