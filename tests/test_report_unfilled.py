"""Reasons of empty posts in unfilled.csv: one small case per reason code (see planner/report/unfilled.py).

In the base problem only cadre A may take PX1 (B works in a commune, which is no rotation source level).
"""

from __future__ import annotations

from planner.report.unfilled import REASONS, unfilled_posts
from tests.test_check_fixtures import base_units, cadre, cadre_b, lock, mv, ongoing, plan, post, problem, seat


def _only(p, moves=plan()):  # type: ignore[no-untyped-def]
    found = unfilled_posts(p, moves)
    assert len(found) == 1, found
    return found[0]


def test_locked_empty() -> None:
    u = _only(problem(locks=[lock("forbid", target_id="PX1", reason="Chờ sáp nhập xã")]))
    assert (u.post_id, u.reason) == ("PX1", "locked_empty") and "Chờ sáp nhập xã" in u.explanation_vi


def test_no_eligible_cadre_names_the_blocking_rule() -> None:
    # Two cadres in scope: B is ruled out by the source level, A by the education minimum: nobody is left,
    # and the sentence points at the education rule (A passed everything before it).
    u = _only(problem(posts=[post(min_education="tien_si")]))
    assert u.reason == "no_eligible_cadre" and u.eligible == 0
    assert "Trong 2 cán bộ" in u.explanation_vi and "loại 1" in u.explanation_vi
    assert "Education" in u.explanation_en or "education" in u.explanation_en


def test_locked_out() -> None:
    u = _only(problem(locks=[lock("forbid", "A", "PX1")]))
    assert (u.reason, u.eligible) == ("locked_out", 1)


def test_eligible_taken_elsewhere() -> None:
    # A is the only eligible cadre of PX1 and PX2 (at X2) and takes PX2, so PX1 stays empty.
    p = problem(posts=[post(), post("PX2", unit_id="X2")])
    u = _only(p, plan(mv("A", "PX2", "2027-01")))
    assert (u.post_id, u.reason) == ("PX1", "eligible_taken_elsewhere") and "A → PX2" in u.explanation_vi


def test_unit_cap() -> None:
    # H1P may have 1 cadre away; its cadre D is away on an ongoing secondment through 2030: A cannot leave.
    p = problem(units=base_units(H1P={"max_away": 1}), seats=[seat(), seat("S2")],
                cadres=[cadre(), cadre_b(), cadre("D")], ongoing=[ongoing("D", "S2", "2026-07", "2030-12")])
    u = _only(p)
    assert u.reason == "unit_cap" and "H1P" in u.explanation_vi


def test_taken_or_unit_cap() -> None:
    # A takes PX2; C (of H1, capped at 1 with its cadre E away) is held by the cap: a mix of the two.
    p = problem(units=base_units(H1={"max_away": 1}), posts=[post(), post("PX2", unit_id="X2")],
                seats=[seat(), seat("S2")],
                cadres=[cadre(), cadre_b(), cadre("C", unit_id="H1", home_unit_id="P"), cadre("E", unit_id="H1")],
                ongoing=[ongoing("E", "S2", "2026-07", "2030-12")])
    u = _only(p, plan(mv("A", "PX2", "2027-01")))
    assert (u.reason, u.eligible) == ("taken_or_unit_cap", 2)


def test_not_chosen() -> None:
    u = _only(problem())
    assert u.reason == "not_chosen" and "A" in u.explanation_vi


def test_posts_held_by_ongoing_or_filled_are_not_listed() -> None:
    p = problem(posts=[post(), post("PX2", unit_id="X2")], ongoing=[ongoing("D", "PX2", "2025-01", "2027-12")])
    assert unfilled_posts(p, plan(mv("A", "PX1", "2027-01"))) == []


def test_sorted_by_priority_then_id_and_every_code_is_known() -> None:
    p = problem(posts=[post("PX1", priority=2), post("PX0", unit_id="X2", priority=2),
                       post("PX9", unit_id="X2", priority=5)])
    found = unfilled_posts(p, plan())
    assert [u.post_id for u in found] == ["PX9", "PX0", "PX1"]
    assert all(u.reason in REASONS for u in found)
