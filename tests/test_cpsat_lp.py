"""LP guidance of the levels (planner/cpsat/lp.py): exact reduced-cost fixing, and the same optimum as CP-SAT alone."""

from __future__ import annotations

import numpy as np
import pytest

import planner.solve as solve_module
from models.policy import Objective, SolverSettings
from planner.check import check
from planner.cpsat.lp import LpResult, reduced_cost_fixing
from planner.generate import generate
from planner.scenario import load_problem


def test_reduced_cost_fixing_keeps_only_what_can_beat_the_target():
    # LP optimum z = 10.4 with x0 at 1 (reduced cost 0.5), x1 and x2 at 0 (reduced costs −0.2 and −2).
    # For a plan of value ≥ 10: forcing x2 to 1 bounds the objective by 10.4 − 2 = 8.4 < 10, so x2 is fixed to 0;
    # x1 to 1 still allows 10.2, so it stays free; forcing x0 to 0 bounds it by 10.4 − 0.5 = 9.9 < 10, so x0 is
    # fixed to 1.
    lp = LpResult(value=10.4, x=np.array([1.0, 0.0, 0.0]), reduced=np.array([0.5, -0.2, -2.0]))
    zero, one = reduced_cost_fixing(lp, np.arange(3), target=10)
    assert zero.tolist() == [2] and one.tolist() == [0]
    assert lp.bound == 10
    # Round-off: a z a hair below an integer still bounds at that integer.
    assert LpResult(value=873.99999999, x=np.zeros(1), reduced=np.zeros(1)).bound == 874


@pytest.fixture(scope="module", params=[("province", 7, "lexicographic"), ("commune", 8, "weighted")])
def small(request, tmp_path_factory):
    profile, seed, mode = request.param
    path = generate(profile, seed, cadres=200, posts=12, seats=5, months=12, out_dir=tmp_path_factory.mktemp("g"))
    problem = load_problem(path).problem
    return problem.model_copy(update={"objective": Objective(mode=mode)})


def test_lp_guided_solve_equals_cpsat_alone(small, monkeypatch):
    settings = SolverSettings(time_limit_s=30, workers=1)
    guided = solve_module.solve(small, settings)
    monkeypatch.setattr(solve_module, "USE_LP", False)
    alone = solve_module.solve(small, settings)
    assert guided.status == alone.status == "OPTIMAL"
    assert [lv.value for lv in guided.levels] == [lv.value for lv in alone.levels]
    assert check(small, guided.plan) == []
