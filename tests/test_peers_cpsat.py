"""The plain CP-SAT peer solves the same time-indexed model to the same optimum as HiGHS would."""

from __future__ import annotations

from planner.check import check
from planner.peers.plain_cpsat import solve_plain_cpsat
from tests.factories import moves_of
from tests.test_peers_greedy import scarce_cadre_problem


def test_plain_cpsat_reaches_the_lexicographic_optimum():
    # Same reasoning as the HiGHS test: L1 = 7 (B→P5, A→P2), then nobody is free for the seat, L2 = 0.
    problem = scarce_cadre_problem()
    result, events = solve_plain_cpsat(problem, time_limit_s=10, workers=1)
    assert result.status == "OPTIMAL"
    assert [lv.value for lv in result.levels][:2] == [7, 0]
    assert moves_of(result.plan) == {("B", "P5", "2027-01"), ("A", "P2", "2027-01")}
    assert check(problem, result.plan) == []
