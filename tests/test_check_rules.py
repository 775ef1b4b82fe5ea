"""One allowed / refused pair per rule of DESIGN §4 for the independent checker.

Each case builds a variant of the base problem of `test_check_fixtures` and two plans (or two problems): the
refused one breaks exactly the rule named (the checker must report that code and no other), the allowed one is
the nearest variant that keeps it (no violation at all).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from models.plan import Plan
from models.problem import Problem
from planner.check import RULES, check, check_move
from tests.test_check_fixtures import (
    base_plan,
    base_units,
    cadre,
    cadre_b,
    lock,
    mv,
    ongoing,
    plan,
    post,
    problem,
    seat,
)

Case = Callable[[], tuple[Problem, Plan]]

A_PX1 = plan(mv("A", "PX1", "2027-01"))
B_S1 = plan(mv("B", "S1", "2027-01"))

# rule code -> (allowed, refused)
CASES: dict[str, tuple[Case, Case]] = {
    # A is also eligible for S1 (Thái, rank 1, district_office, Nông nghiệp): S1 2027-01..06 then PX1 from 2027-07.
    "max_moves": (
        lambda: (problem(posts=[post(open_to="2027-12")], policy={"max_moves_per_cadre": 2}),
                 plan(mv("A", "S1", "2027-01"), mv("A", "PX1", "2027-07"))),
        lambda: (problem(posts=[post(open_to="2027-12")]),
                 plan(mv("A", "S1", "2027-01"), mv("A", "PX1", "2027-07"))),
    ),
    # S1 from 2027-01 occupies up to 2027-06: PX1 from 2027-06 overlaps one month.
    "overlap": (
        lambda: (problem(posts=[post(open_to="2027-12")], policy={"max_moves_per_cadre": 2}),
                 plan(mv("A", "S1", "2027-01"), mv("A", "PX1", "2027-07"))),
        lambda: (problem(posts=[post(open_to="2027-12")], policy={"max_moves_per_cadre": 2}),
                 plan(mv("A", "S1", "2027-01"), mv("A", "PX1", "2027-06"))),
    ),
    # PX1 from 2027-01 for 36 months ends 2029-12: the whole move must fit before available_to.
    "availability": (
        lambda: (problem(cadres=[cadre(available_from="2027-01", available_to="2029-12"), cadre_b()]), A_PX1),
        lambda: (problem(cadres=[cadre(available_to="2029-11"), cadre_b()]), A_PX1),
    ),
    # A secondment (no months-left rule) of 6 months from 2027-01 ends 2027-06.
    "retirement": (
        lambda: (problem(cadres=[cadre(), cadre_b(retirement_month="2027-06")]), B_S1),
        lambda: (problem(cadres=[cadre(), cadre_b(retirement_month="2027-05")]), B_S1),
    ),
    "under_review": (
        lambda: (problem(cadres=[cadre(under_review=False), cadre_b()]), A_PX1),
        lambda: (problem(cadres=[cadre(under_review=True), cadre_b()]), A_PX1),
    ),
    # Months left = retirement − start: 2037-01 − 2027-01 = 120 (enough), 2036-12 − 2027-01 = 119.
    "months_left": (
        lambda: (problem(cadres=[cadre(retirement_month="2037-01"), cadre_b()]), A_PX1),
        lambda: (problem(cadres=[cadre(retirement_month="2036-12"), cadre_b()]), A_PX1),
    ),
    "post_filled_twice": (
        lambda: (problem(cadres=[cadre(), cadre("C", unit_id="H1")]), plan(mv("A", "PX1", "2027-01"))),
        lambda: (problem(cadres=[cadre(), cadre("C", unit_id="H1")]),
                 plan(mv("A", "PX1", "2027-01"), mv("C", "PX1", "2027-02"))),
    ),
    "post_held_by_ongoing": (
        lambda: (problem(posts=[post(), post("PX2")], ongoing=[ongoing("D", "PX2", "2025-01", "2027-12")]), A_PX1),
        lambda: (problem(ongoing=[ongoing("D", "PX1", "2025-01", "2027-12")]), A_PX1),
    ),
    # PX1 may start 2027-01..2027-06.
    "start_window": (
        lambda: (problem(), plan(mv("A", "PX1", "2027-06"))),
        lambda: (problem(), plan(mv("A", "PX1", "2027-07"))),
    ),
    "exact_months": (
        lambda: (problem(), plan(mv("A", "PX1", "2027-01", 36))),
        lambda: (problem(), plan(mv("A", "PX1", "2027-01", 24))),
    ),
    # S1 holds 1 at once; A (2027-01..06) and B (from 2027-03) overlap, unless the capacity is 2.
    "seat_capacity": (
        lambda: (problem(seats=[seat(capacity=2)]), plan(mv("A", "S1", "2027-01"), mv("B", "S1", "2027-03"))),
        lambda: (problem(), plan(mv("A", "S1", "2027-01"), mv("B", "S1", "2027-03"))),
    ),
    "secondment_too_long": (
        lambda: (problem(policy={"max_secondment_months": 6}), B_S1),
        lambda: (problem(policy={"max_secondment_months": 5}), B_S1),
    ),
    "education": (
        lambda: (problem(posts=[post(min_education="dai_hoc")]), A_PX1),
        lambda: (problem(posts=[post(min_education="thac_si")]), A_PX1),
    ),
    "political_theory": (
        lambda: (problem(posts=[post(min_political_theory="Trung cấp")]), A_PX1),
        lambda: (problem(posts=[post(min_political_theory="cao_cap")]), A_PX1),
    ),
    "state_mgmt": (
        lambda: (problem(posts=[post(min_state_mgmt="chuyen_vien")]), A_PX1),
        lambda: (problem(posts=[post(min_state_mgmt="chuyen_vien_chinh")]), A_PX1),
    ),
    "party_member": (
        lambda: (problem(posts=[post(party_required=True)]), A_PX1),
        lambda: (problem(cadres=[cadre(party_member=False), cadre_b()], posts=[post(party_required=True)]), A_PX1),
    ),
    # Keys compare case-insensitively: "NÔNG NGHIỆP" matches A's "Nông nghiệp".
    "field": (
        lambda: (problem(posts=[post(fields=("Giáo dục", "NÔNG NGHIỆP"))]), A_PX1),
        lambda: (problem(posts=[post(fields=("Giáo dục",))]), A_PX1),
    ),
    "language": (
        lambda: (problem(posts=[post(language="thái")], policy={"language_rule": "hard"}), A_PX1),
        lambda: (problem(posts=[post(language="Mông")], policy={"language_rule": "hard"}), A_PX1),
    ),
    # A post at district H1 refuses natives of H1 or of any unit under it (X1 is under H1).
    "native": (
        lambda: (problem(posts=[post(unit_id="H1", non_local=True)], cadres=[cadre(home_unit_id="SNN"), cadre_b()]),
                 A_PX1),
        lambda: (problem(posts=[post(unit_id="H1", non_local=True)], cadres=[cadre(home_unit_id="X1"), cadre_b()]),
                 A_PX1),
    ),
    "planning": (
        lambda: (problem(cadres=[cadre(planned_titles=("chủ tịch ubnd xã ",)), cadre_b()]), A_PX1),
        lambda: (problem(cadres=[cadre(planned_titles=("Bí thư Đảng ủy xã",)), cadre_b()]), A_PX1),
    ),
    "source_level": (
        lambda: (problem(posts=[post(source_levels=("district_office",))]), A_PX1),
        lambda: (problem(posts=[post(source_levels=("district", "province_dept"))]), A_PX1),
    ),
    "own_unit": (
        lambda: (problem(posts=[post(unit_id="X1")]), A_PX1),
        lambda: (problem(posts=[post(unit_id="H1P")]), A_PX1),
    ),
    # max_rank_step 1: rank 1 → 2 is one step, rank 1 → 3 two.
    "rank_step": (
        lambda: (problem(posts=[post(rank=2)]), A_PX1),
        lambda: (problem(posts=[post(rank=3)]), A_PX1),
    ),
    "min_rank": (
        lambda: (problem(seats=[seat(min_rank=1)]), B_S1),
        lambda: (problem(seats=[seat(min_rank=2)]), B_S1),
    ),
    "ethnic_minority_only": (
        lambda: (problem(cadres=[cadre(), cadre_b(ethnicity="Kinh")], seats=[seat(ethnic_minority_only=False)]), B_S1),
        lambda: (problem(cadres=[cadre(), cadre_b(ethnicity=" kinh ")]), B_S1),
    ),
    "exempt": (
        lambda: (problem(cadres=[cadre(), cadre_b(secondment_exempt=False)]), B_S1),
        lambda: (problem(cadres=[cadre(), cadre_b(secondment_exempt=True)]), B_S1),
    ),
    # A ongoing move ending 2027-02 keeps A unavailable until 2027-03.
    "ongoing_unavailable": (
        lambda: (problem(seats=[seat(), seat("S2")], ongoing=[ongoing("A", "S2", "2026-09", "2027-02")]),
                 plan(mv("A", "PX1", "2027-03"))),
        lambda: (problem(seats=[seat(), seat("S2")], ongoing=[ongoing("A", "S2", "2026-09", "2027-02")]),
                 plan(mv("A", "PX1", "2027-02"))),
    ),
    # H1P may have 1 cadre away; its cadre D is away on an ongoing move until 2027-06, so A cannot leave before.
    "unit_cap": (
        lambda: (problem(units=base_units(H1P={"max_away": 2}), seats=[seat(), seat("S2")],
                         ongoing=[ongoing("D", "S2", "2026-07", "2027-06")],
                         cadres=[cadre(), cadre_b(), cadre("D")]), A_PX1),
        lambda: (problem(units=base_units(H1P={"max_away": 1}), seats=[seat(), seat("S2")],
                         ongoing=[ongoing("D", "S2", "2026-07", "2027-06")],
                         cadres=[cadre(), cadre_b(), cadre("D")]), A_PX1),
    ),
    "same_target_twice": (
        lambda: (problem(seats=[seat(open_to="2027-07"), seat("S2", open_to="2027-07")],
                         policy={"max_moves_per_cadre": 2}),
                 plan(mv("B", "S1", "2027-01"), mv("B", "S2", "2027-07"))),
        lambda: (problem(seats=[seat(open_to="2027-07")], policy={"max_moves_per_cadre": 2}),
                 plan(mv("B", "S1", "2027-01"), mv("B", "S1", "2027-07"))),
    ),
    "lock_pin": (
        lambda: (problem(locks=[lock("pin", "A", "PX1", "2027-02", "Ban Thường vụ đã quyết")]),
                 plan(mv("A", "PX1", "2027-02"))),
        lambda: (problem(locks=[lock("pin", "A", "PX1", "2027-02", "Ban Thường vụ đã quyết")]), A_PX1),
    ),
    "lock_forbid": (
        lambda: (problem(locks=[lock("forbid", "A", "PX1", "2027-02")]), A_PX1),
        lambda: (problem(locks=[lock("forbid", "A", "PX1")]), A_PX1),
    ),
    "kind_mismatch": (
        lambda: (problem(), B_S1),
        lambda: (problem(), plan(mv("B", "S1", "2027-01").model_copy(update={"kind": mv("A", "PX1", "2027-01").kind}))),
    ),
    "unknown_target": (
        lambda: (problem(), A_PX1),
        lambda: (problem(), plan(mv("A", "PX9", "2027-01"))),
    ),
    "unknown_cadre": (
        lambda: (problem(), A_PX1),
        lambda: (problem(), plan(mv("Z", "PX1", "2027-01"))),
    ),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_allowed_and_refused(code: str) -> None:
    allowed, refused = CASES[code]
    assert check(*allowed()) == []
    found = check(*refused())
    assert {v.code for v in found} == {code}, [str(v) for v in found]
    assert all(v.message_vi and v.message_en for v in found)


def test_every_rule_code_has_a_pair() -> None:
    # The secondment-field rule shares the code "field" with rotations; it has its own pair below.
    assert set(CASES) == set(RULES)


def test_secondment_field_pair() -> None:
    assert check(problem(cadres=[cadre(), cadre_b(field=" nông nghiệp")]), B_S1) == []
    found = check(problem(cadres=[cadre(), cadre_b(field="Giáo dục")]), B_S1)
    assert [v.code for v in found] == ["field"]
    # An empty field never matches a seat that names one.
    assert [v.code for v in check(problem(cadres=[cadre(), cadre_b(field=None)]), B_S1)] == ["field"]


def test_secondment_source_level_and_own_unit_pairs() -> None:
    assert [v.code for v in check(problem(seats=[seat(source_levels=("district",))]), B_S1)] == ["source_level"]
    # B works at SNN itself: secondment into one's own unit (SNN's level allowed so only own_unit fires).
    p = problem(cadres=[cadre(), cadre_b(unit_id="SNN")], seats=[seat(source_levels=("province_dept",))])
    assert [v.code for v in check(p, B_S1)] == ["own_unit"]


def test_nonlocal_post_uses_its_own_months_left() -> None:
    # non_local post: 60 months needed (not 120). 2032-01 − 2027-01 = 60 passes, 2031-12 gives 59.
    posts = [post(non_local=True)]
    assert check(problem(posts=posts, cadres=[cadre(retirement_month="2032-01"), cadre_b()]), A_PX1) == []
    found = check(problem(posts=posts, cadres=[cadre(retirement_month="2031-12"), cadre_b()]), A_PX1)
    assert [v.code for v in found] == ["months_left"]


def test_soft_language_is_no_rule() -> None:
    assert check(problem(posts=[post(language="Mông")]), A_PX1) == []


def test_start_before_window_and_availability_from() -> None:
    p = problem(posts=[post(open_from="2027-03", open_to="2027-06")])
    assert [v.code for v in check(p, A_PX1)] == ["start_window"]
    p = problem(cadres=[cadre(available_from="2027-02"), cadre_b()])
    assert [v.code for v in check(p, A_PX1)] == ["availability"]


def test_seat_capacity_counts_ongoing() -> None:
    # E holds S1 (capacity 1) until 2027-03: B may start in 2027-04 but not in 2027-03.
    p = problem(ongoing=[ongoing("E", "S1", "2026-10", "2027-03")])
    assert check(p, plan(mv("B", "S1", "2027-04"))) == []
    found = check(p, plan(mv("B", "S1", "2027-03")))
    assert [(v.code, v.target_id) for v in found] == [("seat_capacity", "S1")]


def test_unit_cap_counts_cadres_by_their_own_unit_only() -> None:
    # H1 (cap 1) is the parent of H1P: A (of H1P) does not count for H1, so C (of H1) and A may both move.
    p = problem(units=base_units(H1={"max_away": 1}), posts=[post(), post("PX2", unit_id="X2")],
                cadres=[cadre(), cadre_b(), cadre("C", unit_id="H1", home_unit_id="P")])
    two = plan(mv("A", "PX1", "2027-01"), mv("C", "PX2", "2027-01"))
    assert check(p, two) == []
    # Both from H1P with a cap from headcount: 5 × 0.2 = 1 away at once.
    p = problem(units=base_units(H1P={"headcount": 5}), posts=[post(), post("PX2", unit_id="X2")],
                cadres=[cadre(), cadre_b(), cadre("C", home_unit_id="P")])
    found = check(p, two)
    assert {(v.code, v.target_id) for v in found} == {("unit_cap", "H1P")}


@pytest.mark.parametrize(
    ("locks", "moves", "ok"),
    [
        # pin with only a cadre: the cadre must move somewhere.
        ([lock("pin", "A")], [], False),
        ([lock("pin", "A")], [mv("A", "S1", "2027-01")], True),
        # pin with only a target: it must be filled by someone.
        ([lock("pin", target_id="S1")], [mv("A", "PX1", "2027-01")], False),
        ([lock("pin", target_id="S1")], [mv("B", "S1", "2027-02")], True),
        # pin with a target and a start: filled, starting that month.
        ([lock("pin", target_id="S1", start="2027-02")], [mv("B", "S1", "2027-01")], False),
        # forbid with only a cadre: the cadre stays.
        ([lock("forbid", "B")], [mv("B", "S1", "2027-01")], False),
        ([lock("forbid", "B")], [mv("A", "PX1", "2027-01")], True),
        # forbid with only a target: it stays empty this plan.
        ([lock("forbid", target_id="PX1")], [mv("A", "PX1", "2027-01")], False),
        ([lock("forbid", target_id="PX1")], [mv("B", "S1", "2027-01")], True),
        # pin of a whole move: that cadre into that target, any month of the window.
        ([lock("pin", "A", "PX1")], [mv("A", "PX1", "2027-04")], True),
        ([lock("pin", "A", "PX1")], [mv("A", "S1", "2027-01")], False),
    ],
)
def test_partial_locks(locks: list, moves: list, ok: bool) -> None:
    found = check(problem(locks=locks), plan(*moves))
    assert (found == []) is ok, [str(v) for v in found]
    assert {v.code for v in found} <= {"lock_pin", "lock_forbid"}


def test_lock_reason_is_in_the_message() -> None:
    found = check(problem(locks=[lock("forbid", "A", reason="Đang học cao cấp LLCT")]), A_PX1)
    assert "Đang học cao cấp LLCT" in found[0].message_vi


def test_check_move_on_its_own() -> None:
    p = problem()
    assert check_move(p, mv("A", "PX1", "2027-01")) == []
    assert [v.code for v in check_move(p, mv("A", "PX1", "2027-01", 12))] == ["exact_months"]


def test_base_plan_breaks_nothing_and_violation_says_where() -> None:
    assert check(problem(), base_plan()) == []
    v = check(problem(posts=[post(min_education="tien_si")]), A_PX1)[0]
    assert (v.cadre_id, v.target_id, v.month) == ("A", "PX1", A_PX1.moves[0].start)
    assert "A" in str(v) and "education" in str(v)


def test_checker_imports_no_solver_and_no_eligibility() -> None:
    import ast
    import inspect

    import planner.check as module

    tree = ast.parse(inspect.getsource(module))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not any(n.startswith(("ortools", "planner.eligibility", "planner.cpsat")) for n in names)
