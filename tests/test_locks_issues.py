"""lock_issues: locks that break a rule by themselves, and locks that clash on their face (bad input, exit 1).

Defaults of tests/factories.py: A and B are eligible for the posts and the seat; locks sit in locks.csv from row 2.
"""

from __future__ import annotations

from planner.locks import lock_issues
from tests.factories import make_problem


def _issues(locks, cadres=None, posts=None, seats=None, **kw):
    problem = make_problem(
        cadres=cadres or [{"cadre_id": "A"}, {"cadre_id": "B"}],
        posts=posts or [{"post_id": "P"}, {"post_id": "Q"}],
        seats=seats or [{"seat_id": "S"}],
        locks=locks,
        **kw,
    )
    return lock_issues(problem)


def test_good_locks_have_no_issue():
    issues = _issues([{"action": "pin", "cadre_id": "A", "target_id": "P", "start": "2027-01"},
                      {"action": "forbid", "cadre_id": "B", "target_id": "P"},
                      {"action": "pin", "target_id": "Q"}, {"action": "pin", "cadre_id": "B"},
                      {"action": "forbid", "target_id": "S"}])
    assert issues == []


def test_pin_of_ineligible_move_names_the_rule_and_row():
    issues = _issues([{"action": "pin", "cadre_id": "A", "target_id": "P"}],
                     cadres=[{"cadre_id": "A", "education": "cao_dang"}], posts=[{"post_id": "P", "min_education": "dai_hoc"}])
    assert len(issues) == 1
    issue = issues[0]
    assert (issue.rule, issue.file, issue.row, issue.column) == ("education", "locks.csv", 2, "cadre_id")
    assert "Trình độ chuyên môn" in issue.reason


def test_pin_start_outside_window():
    issues = _issues([{"action": "pin", "cadre_id": "A", "target_id": "P", "start": "2027-05"}])
    assert [(i.rule, i.column, i.value) for i in issues] == [("window", "start", "2027-05")]


def test_pin_start_outside_availability():
    # A is available from 2027-03; P is open Jan…Apr. A start in Feb breaks availability; one in March is fine.
    cadres = [{"cadre_id": "A", "available_from": "2027-03"}]
    posts = [{"post_id": "P", "open_to": "2027-04"}]
    bad = _issues([{"action": "pin", "cadre_id": "A", "target_id": "P", "start": "2027-02"}], cadres=cadres, posts=posts)
    assert [(i.rule, i.column) for i in bad] == [("availability", "start")]
    assert _issues([{"action": "pin", "cadre_id": "A", "target_id": "P", "start": "2027-03"}],
                   cadres=cadres, posts=posts) == []


def test_pin_without_any_feasible_start_names_the_start_rule():
    issues = _issues([{"action": "pin", "cadre_id": "A", "target_id": "S"}],
                     cadres=[{"cadre_id": "A", "retirement_month": "2027-03"}])
    assert [i.rule for i in issues] == ["retirement"]


def test_pin_of_cadre_or_target_nobody_can_satisfy():
    issues = _issues([{"action": "pin", "cadre_id": "A"}, {"action": "pin", "target_id": "P"}],
                     cadres=[{"cadre_id": "A", "under_review": True}])
    assert [(i.row, i.rule) for i in issues] == [(2, "under_review"), (3, "under_review")]


def test_unknown_ids():
    issues = _issues([{"action": "pin", "cadre_id": "Z", "target_id": "P"}, {"action": "forbid", "target_id": "NOPE"}])
    assert [(i.row, i.column) for i in issues] == [(2, "cadre_id"), (3, "target_id")]


def test_post_pinned_to_two_cadres():
    issues = _issues([{"action": "pin", "cadre_id": "A", "target_id": "P"},
                      {"action": "pin", "cadre_id": "B", "target_id": "P"}])
    assert [(i.row, i.rule) for i in issues] == [(3, "post_once")]
    assert "dòng 2" in issues[0].reason  # names the other lock's row


def test_cadre_pinned_to_two_moves_over_max_moves():
    issues = _issues([{"action": "pin", "cadre_id": "A", "target_id": "P"},
                      {"action": "pin", "cadre_id": "A", "target_id": "Q"}])
    assert [(i.row, i.rule) for i in issues] == [(3, "max_moves")]


def test_cadre_pinned_to_two_overlapping_moves():
    # Two moves allowed, but P (36 months from Jan) and the seat (from March) overlap.
    issues = _issues([{"action": "pin", "cadre_id": "A", "target_id": "P", "start": "2027-01"},
                      {"action": "pin", "cadre_id": "A", "target_id": "S", "start": "2027-03"}],
                     seats=[{"seat_id": "S", "open_from": "2027-03"}], max_moves_per_cadre=2)
    assert [(i.row, i.rule) for i in issues] == [(3, "overlap")]
    # Not overlapping (seat Jan–Jun, 6-month post from July): fine.
    assert _issues([{"action": "pin", "cadre_id": "A", "target_id": "P", "start": "2027-07"},
                    {"action": "pin", "cadre_id": "A", "target_id": "S", "start": "2027-01"}],
                   posts=[{"post_id": "P", "open_from": "2027-07", "months": 6}], max_moves_per_cadre=2) == []


def test_same_target_twice_with_two_starts():
    issues = _issues([{"action": "pin", "cadre_id": "A", "target_id": "S", "start": "2027-01"},
                      {"action": "pin", "cadre_id": "A", "target_id": "S", "start": "2027-08"}],
                     seats=[{"seat_id": "S", "open_to": "2027-08"}], max_moves_per_cadre=2)
    assert [(i.row, i.rule) for i in issues] == [(3, "same_target")]


def test_seat_pinned_over_capacity_in_a_month():
    issues = _issues([{"action": "pin", "cadre_id": "A", "target_id": "S", "start": "2027-01"},
                      {"action": "pin", "cadre_id": "B", "target_id": "S", "start": "2027-01"}])
    assert [(i.row, i.rule) for i in issues] == [(3, "seat_capacity")]


def test_pin_and_forbid_of_the_same_move():
    # forbid A→P covers pin A→P; forbid cadre-only A covers pin A→Q; forbid A→P at 2027-01 does not cover a pin
    # of B; and pin target-only P vs forbid target-only P clash.
    issues = _issues([{"action": "pin", "cadre_id": "A", "target_id": "P"},
                      {"action": "forbid", "cadre_id": "A", "target_id": "P"}])
    assert [(i.row, i.rule) for i in issues] == [(3, "lock")]
    issues = _issues([{"action": "forbid", "target_id": "P"}, {"action": "pin", "target_id": "P"}])
    assert [(i.row, i.rule) for i in issues] == [(3, "lock")]
    # A forbid with a start does not cover a pin without one (other months remain).
    assert _issues([{"action": "pin", "cadre_id": "A", "target_id": "P"},
                    {"action": "forbid", "cadre_id": "A", "target_id": "P", "start": "2027-01"}],
                   posts=[{"post_id": "P", "open_to": "2027-03"}]) == []
