"""Every bundled scenario loads, and solves (short time limit) to a plan the independent checker accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from models.policy import SolverSettings
from planner.scenario import load_problem

SCENARIOS = sorted((Path(__file__).resolve().parent.parent / "scenarios").glob("*.yaml"))


def test_at_least_ten_scenarios_with_a_base_per_seed() -> None:
    names = {p.name for p in SCENARIOS}
    assert len(SCENARIOS) >= 10
    for seed in ("dien-bien", "lang-son-bac-son", "quang-nam", "two-level"):
        assert f"{seed}-base.yaml" in names


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_loads(path: Path) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert raw.get("description"), "every scenario says in one line which question it answers"
    if not path.stem.endswith("-base"):
        assert raw.get("extends"), "what-ifs are small files on top of a base"
    problem = load_problem(path).problem
    assert problem.cadres and (problem.posts or problem.seats)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_solves_to_a_checked_plan(path: Path) -> None:
    solve_module = pytest.importorskip("planner.solve", reason="planner.solve not available yet")
    check_module = pytest.importorskip("planner.check", reason="planner.check not available yet")
    problem = load_problem(path).problem
    result = solve_module.solve(problem, SolverSettings(time_limit_s=10, workers=2, seed=0))
    assert result.status in ("OPTIMAL", "FEASIBLE")
    assert result.plan.moves, "every bundled scenario gives a non-trivial plan"
    assert check_module.check(problem, result.plan) == []
