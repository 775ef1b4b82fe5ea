"""One allowed / refused pair per constraint family of planner/cpsat, on tiny instances solved end to end.

Defaults (tests/factories.py): cadres in PH1 (district office), eligible for the post title and for seats; posts in
X1 (difficult, ethnic area), seats in SNN; horizon 2027-01 for 12 months; posts last 36 months, seats 6.
Each test says in a comment why the asserted plan is the optimum.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from models.policy import SolverSettings
from planner.cpsat import constraints
from planner.cpsat.model import build_model
from planner.solve import solve
from tests.factories import make_problem, moves_of

FAST = SolverSettings(time_limit_s=10, workers=1, seed=0)


def _solve(**kw):
    result = solve(make_problem(**kw), FAST)
    assert result.status == "OPTIMAL", result
    return result


def _level(result, name):
    return next(lv.value for lv in result.levels if lv.name == name)


def test_families_are_listed_once_in_order():
    assert (
        constraints.add_post_once, constraints.add_seat_capacity, constraints.add_cadre_moves,
        constraints.add_unit_caps,
    ) == constraints.CONSTRAINTS
    assert all(f.__doc__ and "hard" in f.__doc__ for f in constraints.CONSTRAINTS)


# --- add_post_once --------------------------------------------------------------------------------------------

def test_post_once_refuses_second_cadre():
    # Two eligible cadres, one post: it is filled once (priority 3), the other cadre stays.
    result = _solve(cadres=[{"cadre_id": "A"}, {"cadre_id": "B"}], posts=[{"post_id": "P"}])
    assert len(result.plan.moves) == 1 and _level(result, "priority_filled") == 3


def test_post_once_allows_one_cadre_per_post():
    # Two posts, two cadres: both filled (3 + 3).
    result = _solve(cadres=[{"cadre_id": "A"}, {"cadre_id": "B"}], posts=[{"post_id": "P"}, {"post_id": "Q"}])
    assert {m.target_id for m in result.plan.moves} == {"P", "Q"} and _level(result, "priority_filled") == 6


def test_post_once_family_alone_adds_one_at_most_one():
    problem = make_problem(cadres=[{"cadre_id": "A"}, {"cadre_id": "B"}], posts=[{"post_id": "P"}])
    pm = build_model(problem)
    before = len(pm.model.proto.constraints)
    constraints.add_post_once(pm.model, problem, pm.v)
    proto = pm.model.proto.constraints
    assert len(proto) == before + 1
    assert proto[before].has_at_most_one() and len(proto[before].at_most_one.literals) == 2


# --- add_seat_capacity ----------------------------------------------------------------------------------------

def test_seat_capacity_refuses_more_than_capacity_at_once():
    # Capacity 1, window one month: only one of the two cadres can be seconded.
    result = _solve(cadres=[{"cadre_id": "A"}, {"cadre_id": "B"}], seats=[{"seat_id": "S", "capacity": 1}])
    assert _level(result, "secondments") == 1


def test_seat_capacity_allows_one_after_the_other():
    # 6-month seat open 2027-01 … 2027-07: Jan–Jun and Jul–Dec do not overlap, so both go.
    result = _solve(cadres=[{"cadre_id": "A"}, {"cadre_id": "B"}],
                    seats=[{"seat_id": "S", "capacity": 1, "open_to": "2027-07"}])
    assert _level(result, "secondments") == 2
    assert sorted(m.start % 12 + 1 for m in result.plan.moves) == [1, 7]


def test_seat_capacity_counts_ongoing_moves():
    # An ongoing secondment (cadre O) holds the only place until 2027-03: a start in Jan…Mar is refused,
    # so of the window Jan…Apr only April remains.
    result = _solve(cadres=[{"cadre_id": "A"}, {"cadre_id": "O", "under_review": True}],
                    seats=[{"seat_id": "S", "capacity": 1, "open_to": "2027-04"}],
                    ongoing=[{"cadre_id": "O", "target_id": "S", "start": "2026-10", "end": "2027-03"}])
    assert moves_of(result.plan) == {("A", "S", "2027-04")}


# --- add_cadre_moves ------------------------------------------------------------------------------------------

def test_cadre_moves_refuses_second_move_by_default():
    # max_moves_per_cadre = 1: one cadre, two posts → one filled.
    result = _solve(cadres=[{"cadre_id": "A"}], posts=[{"post_id": "P"}, {"post_id": "Q"}])
    assert len(result.plan.moves) == 1


def test_cadre_moves_allows_two_moves_one_after_the_other():
    # max 2 moves; 6-month posts opening Jan and Jul do not overlap → both filled by A.
    result = _solve(cadres=[{"cadre_id": "A"}],
                    posts=[{"post_id": "P", "months": 6}, {"post_id": "Q", "months": 6, "open_from": "2027-07"}],
                    max_moves_per_cadre=2)
    assert {m.target_id for m in result.plan.moves} == {"P", "Q"}


def test_cadre_moves_refuses_overlap():
    # Same, but Q opens in March while P (Jan–Jun) is running: only one of them.
    result = _solve(cadres=[{"cadre_id": "A"}],
                    posts=[{"post_id": "P", "months": 6}, {"post_id": "Q", "months": 6, "open_from": "2027-03"}],
                    max_moves_per_cadre=2)
    assert len(result.plan.moves) == 1


def test_cadre_moves_refuses_same_target_twice():
    # A 3-month seat of capacity 2 open all year; A may move twice but not into the same seat twice → 1;
    # with a second seat, 2.
    one = _solve(cadres=[{"cadre_id": "A"}],
                 seats=[{"seat_id": "S", "capacity": 2, "months": 3, "open_to": "2027-12"}], max_moves_per_cadre=2)
    assert _level(one, "secondments") == 1
    two = _solve(cadres=[{"cadre_id": "A"}],
                 seats=[{"seat_id": "S", "months": 3, "open_to": "2027-12"},
                        {"seat_id": "T", "months": 3, "open_to": "2027-12"}], max_moves_per_cadre=2)
    assert _level(two, "secondments") == 2


# --- add_unit_caps --------------------------------------------------------------------------------------------

UNITS_CAPPED = [
    {"unit_id": "P", "name": "Tỉnh", "level": "province"},
    {"unit_id": "SNN", "name": "Sở", "level": "province_dept", "parent_id": "P"},
    {"unit_id": "H1", "name": "Huyện", "level": "district", "parent_id": "P"},
    {"unit_id": "X1", "name": "Xã", "level": "commune", "parent_id": "H1"},
]


def test_unit_caps_refuse_more_away_than_max_away():
    # PH1 may have 1 cadre away: two posts, two PH1 cadres → one filled.
    units = [*UNITS_CAPPED, {"unit_id": "PH1", "name": "Phòng", "level": "district_office", "max_away": 1}]
    result = _solve(units=units, cadres=[{"cadre_id": "A"}, {"cadre_id": "B"}],
                    posts=[{"post_id": "P"}, {"post_id": "Q"}])
    assert len(result.plan.moves) == 1


def test_unit_caps_allow_headcount_share():
    # headcount 10 × 0.2 = 2 away at once: both posts filled.
    units = [*UNITS_CAPPED, {"unit_id": "PH1", "name": "Phòng", "level": "district_office", "headcount": 10}]
    result = _solve(units=units, cadres=[{"cadre_id": "A"}, {"cadre_id": "B"}],
                    posts=[{"post_id": "P"}, {"post_id": "Q"}])
    assert len(result.plan.moves) == 2


def test_unit_caps_count_ongoing_moves():
    # Cap 1; PH1's cadre O is away on an ongoing secondment until 2027-02. Post P opens Jan…Apr: A can start
    # only from March (when O is back); starting early scores better, so March.
    units = [*UNITS_CAPPED, {"unit_id": "PH1", "name": "Phòng", "level": "district_office", "max_away": 1}]
    result = _solve(units=units, cadres=[{"cadre_id": "A"}, {"cadre_id": "O", "under_review": True}],
                    posts=[{"post_id": "P", "open_to": "2027-04"}], seats=[{"seat_id": "S", "capacity": 5}],
                    ongoing=[{"cadre_id": "O", "target_id": "S", "start": "2026-09", "end": "2027-02"}])
    assert ("A", "P", "2027-03") in moves_of(result.plan)


# --- objective levels -----------------------------------------------------------------------------------------

def test_priority_first():
    # One cadre, posts of priority 2 and 5: the 5.
    result = _solve(cadres=[{"cadre_id": "A"}], posts=[{"post_id": "P", "priority": 2}, {"post_id": "Q", "priority": 5}])
    assert moves_of(result.plan) == {("A", "Q", "2027-01")}


def test_filling_posts_before_secondments():
    # One cadre eligible for a priority-1 post and a seat: level 1 (1 > 0) wins over level 2.
    result = _solve(cadres=[{"cadre_id": "A"}], posts=[{"post_id": "P", "priority": 1}], seats=[{"seat_id": "S"}])
    assert {m.target_id for m in result.plan.moves} == {"P"}
    assert [(lv.name, lv.value, lv.bound) for lv in result.levels][:2] == [
        ("priority_filled", 1, 1), ("secondments", 0, 0)]


def test_weighted_mode_trades_levels_by_weight():
    # Weighted: a secondment (100) is worth more than a priority-1 post (1 × 1 fill weight + quality ≤ 8).
    result = _solve(cadres=[{"cadre_id": "A"}], posts=[{"post_id": "P", "priority": 1}], seats=[{"seat_id": "S"}],
                    objective={"mode": "weighted", "fill_weight": 1, "secondment_weight": 100})
    assert {m.target_id for m in result.plan.moves} == {"S"}
    assert [lv.name for lv in result.levels] == ["weighted"]


def test_quality_prefers_women_young_and_early_starts():
    # Two cadres, one post open Jan…Mar. B is a woman born 1995 (young at 32 < 35: +2, woman +1), A a man born
    # 1980: B scores 3 more. Starting in January avoids the delay penalty (1 per month).
    result = _solve(cadres=[{"cadre_id": "A", "birth_date": "1980-01"},
                            {"cadre_id": "B", "gender": "nu", "birth_date": "1995-01"}],
                    posts=[{"post_id": "P", "open_to": "2027-03"}])
    assert moves_of(result.plan) == {("B", "P", "2027-01")}
    # Score: ethnic to ethnic area 2 + difficult 2 + young 2 + woman 1 = 7; heaviest unit 1 move × 2 → 5.
    assert _level(result, "quality") == 5


def test_quality_spreads_burden_over_units():
    # Two seats (capacity 1 each), three cadres: A1, A2 in PH1 and B in X2 (commune, a secondment source).
    # Two secondments either way; taking A1 and B keeps the heaviest unit at 1 move (−2) instead of 2 (−4).
    result = _solve(cadres=[{"cadre_id": "A1"}, {"cadre_id": "A2"}, {"cadre_id": "B", "unit_id": "X2"}],
                    seats=[{"seat_id": "S"}, {"seat_id": "T"}])
    assert "B" in {m.cadre_id for m in result.plan.moves}
    assert _level(result, "quality") == -2


def test_level_expressions_match_direct_values():
    # The solver objective of the last level equals the recomputed value (no slack in the burden variable).
    problem = make_problem(cadres=[{"cadre_id": "A"}, {"cadre_id": "B", "gender": "nu"}],
                           posts=[{"post_id": "P"}], seats=[{"seat_id": "S"}])
    pm = build_model(problem)
    pm.model.maximize(pm.exprs[-1])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(pm.model) == cp_model.OPTIMAL
    chosen = [k for k, x in enumerate(pm.v.x) if solver.value(x)]
    assert round(solver.objective_value) == pm.levels[-1].value(chosen, pm.v, pm.unit_of)
