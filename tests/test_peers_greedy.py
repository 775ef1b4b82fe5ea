"""The greedy baseline peer (benchmarks): a spreadsheet process, feasible by construction, not optimal."""

from __future__ import annotations

from planner.check import check
from planner.peers.greedy import solve_greedy
from planner.peers.timeindexed import build, evaluate
from tests.factories import make_problem, moves_of

T1, T2 = "Phó Chủ tịch UBND xã", "Bí thư Đảng ủy xã"


def scarce_cadre_problem():
    """A is planned for both titles, B only for T1; P5 (priority 5, T1, in X1) and P2 (priority 2, T2, in X2);
    one seat S (capacity 1) both may take. Everyone is from PH1 (district office), Thái, rank 1, born 1990."""
    return make_problem(
        cadres=[{"cadre_id": "A", "planned_titles": (T1, T2)}, {"cadre_id": "B", "planned_titles": (T1,)}],
        posts=[{"post_id": "P5", "priority": 5, "title": T1},
               {"post_id": "P2", "priority": 2, "title": T2, "unit_id": "X2"}],
        seats=[{"seat_id": "S"}],
    )


def test_greedy_takes_the_first_eligible_cadre_and_misses_the_optimum():
    # Greedy goes down the posts by priority: P5 gets the first eligible cadre in data order, A; P2 can only take
    # A, who already moves (one move per cadre), so it stays empty; the seat then gets the first free eligible
    # cadre, B. L1 = 5 (the optimum is 7: B→P5, A→P2), L2 = 1.
    problem = scarce_cadre_problem()
    result = solve_greedy(problem)
    assert moves_of(result.plan) == {("A", "P5", "2027-01"), ("B", "S", "2027-01")}
    assert check(problem, result.plan) == []
    values = {lv.name: lv.value for lv in result.levels}
    assert values["priority_filled"] == 5 and values["secondments"] == 1
    # Quality: A→P5 scores difficult commune +2 and ethnic-minority to ethnic area +2; B→S scores 0 (nobody is
    # young at 37, male, no field); both come from PH1, so the burden term is −2 × 2: quality 0.
    assert values["quality"] == 0


def test_greedy_respects_unit_cap_and_seat_capacity():
    # PH1 may have only one cadre away (max_away 1): greedy fills P5 with A and must leave the seat empty although
    # B is eligible and free, because B is also from PH1.
    problem = make_problem(
        units=[
            {"unit_id": "P", "name": "Tỉnh", "level": "province"},
            {"unit_id": "SNN", "name": "Sở", "level": "province_dept", "parent_id": "P"},
            {"unit_id": "PH1", "name": "Phòng", "level": "district_office", "parent_id": "P", "max_away": 1},
            {"unit_id": "X1", "name": "Xã 1", "level": "commune", "parent_id": "P"},
        ],
        cadres=[{"cadre_id": "A"}, {"cadre_id": "B"}],
        posts=[{"post_id": "P5", "priority": 5}],
        seats=[{"seat_id": "S", "capacity": 2}],
    )
    result = solve_greedy(problem)
    assert moves_of(result.plan) == {("A", "P5", "2027-01")}
    assert check(problem, result.plan) == []


def test_time_indexed_levels_agree_with_the_plan_evaluation():
    # The peers' own evaluation and planner.evaluate must agree to the unit on any plan (here the greedy one).
    from planner.evaluate import evaluate as plan_evaluate

    problem = scarce_cadre_problem()
    ti = build(problem)
    plan = solve_greedy(problem).plan
    assert evaluate(problem, plan) == dict(plan_evaluate(problem, plan).levels)
    # One column per (cadre, target, start): A×{P5,P2,S} + B×{P5,S}, each open at one month only.
    assert len(ti.moves) == 5
