"""The HiGHS peer runs in a child process on the exported time-indexed MIP and must reach the true optimum."""

from __future__ import annotations

import importlib.util

import pytest

from planner.check import check
from planner.peers.highs_mip import solve_highs
from tests.factories import moves_of
from tests.test_peers_greedy import scarce_cadre_problem

pytestmark = pytest.mark.skipif(importlib.util.find_spec("highspy") is None, reason="highspy is not installed")


def _values(result):
    return {lv.name: lv.value for lv in result.levels}


def test_highs_reaches_the_level_one_optimum_that_greedy_misses():
    # A may take P5 or P2, B only P5: the optimum gives P5 to B and P2 to A (L1 = 5 + 2 = 7). Nobody is left for
    # the seat (one move per cadre), so L2 = 0.
    problem = scarce_cadre_problem()
    result, events = solve_highs(problem, time_limit_s=20, threads=1)
    assert result.status == "OPTIMAL"
    assert _values(result)["priority_filled"] == 7 and _values(result)["secondments"] == 0
    assert moves_of(result.plan) == {("B", "P5", "2027-01"), ("A", "P2", "2027-01")}
    assert check(problem, result.plan) == []
    assert events and all(e["t"] >= 0 for e in events)


def test_highs_level_one_equals_our_solver():
    solve = pytest.importorskip("planner.solve").solve
    problem = scarce_cadre_problem()
    ours = solve(problem, problem.solver.model_copy(update={"time_limit_s": 10, "workers": 1}))
    peer, _ = solve_highs(problem, time_limit_s=20, threads=1)
    assert _values(peer)["priority_filled"] == _values(ours)["priority_filled"] == 7
