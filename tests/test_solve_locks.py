"""Locks in the model (whole and partial pins and forbids) and infeasible lock sets named by solve().

Setting for most tests: A (woman, born 1995: young +2, woman +1, speaks Thái: +2 language match in X1 only)
scores better than B; one post P (priority 3, open Jan…Mar) and one seat S. Unlocked, the optimum is A→P (level 1:
3) and B→S (level 2: 1): the swap B→P, A→S loses A's language bonus.
"""

from __future__ import annotations

from models.policy import SolverSettings
from planner.solve import solve
from tests.factories import make_problem, moves_of

FAST = SolverSettings(time_limit_s=10, workers=1)
CADRES = [{"cadre_id": "A", "gender": "nu", "birth_date": "1995-01", "languages": ["Thái"]}, {"cadre_id": "B"}]


def _plan(locks, posts=None, seats=None, cadres=None):
    problem = make_problem(cadres=cadres or CADRES, posts=posts or [{"post_id": "P", "open_to": "2027-03"}],
                           seats=seats if seats is not None else [{"seat_id": "S"}], locks=locks)
    result = solve(problem, FAST)
    assert result.status == "OPTIMAL", result
    return moves_of(result.plan)


def test_no_locks():
    assert _plan([]) == {("A", "P", "2027-01"), ("B", "S", "2027-01")}


def test_pin_whole_move_with_start():
    # Pinning A→P in March costs 2 months of delay but holds.
    assert ("A", "P", "2027-03") in _plan([{"action": "pin", "cadre_id": "A", "target_id": "P", "start": "2027-03"}])


def test_pin_whole_move_without_start():
    assert ("B", "P", "2027-01") in _plan([{"action": "pin", "cadre_id": "B", "target_id": "P"}])


def test_forbid_whole_move():
    assert _plan([{"action": "forbid", "cadre_id": "A", "target_id": "P"}]) == {("B", "P", "2027-01"),
                                                                                 ("A", "S", "2027-01")}


def test_forbid_whole_move_at_one_start():
    # A→P forbidden in January only: A still takes P, in February.
    assert ("A", "P", "2027-02") in _plan([{"action": "forbid", "cadre_id": "A", "target_id": "P",
                                            "start": "2027-01"}])


def test_pin_cadre_only_must_move():
    # Without the seat, only one of A, B moves (to P, A preferred). Pinning B makes B move: B→P.
    assert _plan([{"action": "pin", "cadre_id": "B"}], seats=[]) == {("B", "P", "2027-01")}


def test_forbid_cadre_only_stays():
    # A must stay: B takes P, nobody is left for S.
    assert _plan([{"action": "forbid", "cadre_id": "A"}]) == {("B", "P", "2027-01")}


def test_pin_target_only_must_be_filled():
    # One cadre only (B): level 1 wants P, but S is pinned to be filled, so B goes to S.
    assert _plan([{"action": "pin", "target_id": "S"}], cadres=[{"cadre_id": "B"}]) == {("B", "S", "2027-01")}


def test_pin_target_only_with_start():
    # P must be filled starting in February: A still scores best there; B takes S.
    assert _plan([{"action": "pin", "target_id": "P", "start": "2027-02"}]) == {("A", "P", "2027-02"),
                                                                                  ("B", "S", "2027-01")}


def test_forbid_target_only_stays_empty():
    # P must stay empty: A and B compete for S (capacity 1); A scores better there.
    assert _plan([{"action": "forbid", "target_id": "P"}]) == {("A", "S", "2027-01")}


def test_infeasible_pins_are_named_smallest_set():
    # Pins of P and S to be filled, and A forbidden to move: only B is left for two targets → infeasible.
    # The pin of a third, unrelated cadre C is not part of the conflict.
    problem = make_problem(
        cadres=[*CADRES, {"cadre_id": "C", "unit_id": "X2", "planned_titles": []}],
        posts=[{"post_id": "P"}], seats=[{"seat_id": "S", "capacity": 2}],
        locks=[{"action": "pin", "target_id": "P"}, {"action": "pin", "cadre_id": "C", "target_id": "S"},
               {"action": "pin", "cadre_id": "B", "target_id": "S"}, {"action": "forbid", "cadre_id": "A",
                                                                      "reason": "Đang học"}],
    )
    result = solve(problem, FAST)
    assert result.status == "INFEASIBLE" and result.plan.moves == ()
    assert result.conflicting_locks == (
        "pin target=P (locks.csv, dòng 2)",
        "pin cadre=B target=S (locks.csv, dòng 4)",
        "forbid cadre=A (locks.csv, dòng 5) — Đang học",
    )
