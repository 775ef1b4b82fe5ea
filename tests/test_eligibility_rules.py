"""Eligibility: one refused case per rule (and the default cadre, who is allowed everywhere).

Each case changes one thing about the default cadre/target/problem of tests/factories.py so that exactly one rule
rules the cadre out; the test asserts that rule alone is named, and that the funnel attributes the one removed cadre
to it. The default cadre (PH1 district office, rank 1, Thái, đại học, cao cấp LLCT, party member, planned for the
title, born 1990) is eligible for the default post P (X1 commune) and the default seat S (SNN department).
"""

from __future__ import annotations

import time

import pytest

from planner.eligibility import (
    ROTATION_RULES,
    SECONDMENT_RULES,
    Rule,
    blockers,
    candidates,
    eligibility,
    feasible_starts,
    funnel,
)
from tests.factories import make_problem

JAN = 2027 * 12  # 2027-01


def _problem(cadre: dict | None = None, post: dict | None = None, seat: dict | None = None, **kw):
    return make_problem(
        cadres=[{"cadre_id": "A", **(cadre or {})}],
        posts=[{"post_id": "P", **(post or {})}],
        seats=[{"seat_id": "S", **(seat or {})}],
        **kw,
    )


def test_default_cadre_is_eligible_for_default_post_and_seat():
    problem = _problem()
    assert blockers(problem, "A", "P") == [] and blockers(problem, "A", "S") == []
    assert feasible_starts(problem, "A", "P") == (JAN,)
    assert [c.cadre_id for c in candidates(problem, "S")] == ["A"]


# (target, rule, cadre overrides, post/seat overrides, policy/problem keywords)
STATIC_CASES = [
    ("P", Rule.TARGET_HELD, {}, {}, {"ongoing": [{"cadre_id": "A", "target_id": "P", "start": "2025-01",
                                                 "end": "2026-06"}]}),
    ("P", Rule.UNDER_REVIEW, {"under_review": True}, {}, {}),
    ("S", Rule.UNDER_REVIEW, {"under_review": True}, {}, {}),
    ("P", Rule.MAX_MOVES, {}, {}, {"max_moves_per_cadre": 0}),
    ("P", Rule.SOURCE_LEVEL, {"unit_id": "X2"}, {}, {}),  # a commune is not a rotation source level by default
    ("P", Rule.OWN_UNIT, {"unit_id": "X1"}, {"source_levels": ["commune"]}, {}),
    ("P", Rule.EDUCATION, {"education": "cao_dang"}, {"min_education": "dai_hoc"}, {}),
    ("P", Rule.POLITICAL_THEORY, {"political_theory": "so_cap"}, {"min_political_theory": "trung_cap"}, {}),
    ("P", Rule.STATE_MGMT, {"state_mgmt": "none"}, {"min_state_mgmt": "chuyen_vien"}, {}),
    ("P", Rule.PARTY, {"party_member": False}, {"party_required": True}, {}),
    ("P", Rule.FIELD, {"field": "Y tế"}, {"fields": ["Nông nghiệp", "Giáo dục"]}, {}),
    ("P", Rule.FIELD, {}, {"fields": ["Nông nghiệp"]}, {}),  # no field given: not in the post's fields
    ("P", Rule.LANGUAGE, {"languages": ["Mông"]}, {"language": "Thái"}, {"language_rule": "hard"}),
    ("P", Rule.NON_LOCAL, {"home_unit_id": "H1"}, {"non_local": False, "unit_id": "H1"}, {}),
    ("P", Rule.PLANNING, {"planned_titles": ["Bí thư xã"]}, {}, {}),
    ("P", Rule.RANK_STEP, {"rank": 0}, {"rank": 2}, {}),
    ("S", Rule.SECONDMENT_MONTHS, {}, {"months": 12}, {"max_secondment_months": 6}),
    ("S", Rule.EXEMPT, {"secondment_exempt": True}, {}, {}),
    ("S", Rule.SOURCE_LEVEL, {"unit_id": "SYT"}, {}, {}),
    ("S", Rule.OWN_UNIT, {"unit_id": "SNN"}, {"source_levels": ["province_dept"]}, {}),
    ("S", Rule.MIN_RANK, {"rank": 0}, {}, {}),
    ("S", Rule.ETHNIC_MINORITY, {"ethnicity": "Kinh"}, {}, {}),
    ("S", Rule.ETHNIC_MINORITY, {"ethnicity": None}, {}, {}),  # empty ethnicity is not a minority
    ("S", Rule.SEAT_FIELD, {"field": "Y tế"}, {"field": "Nông nghiệp"}, {}),
]


@pytest.mark.parametrize("target, rule, cadre, target_kw, extra", STATIC_CASES,
                         ids=[f"{c[0]}-{c[1].code}-{i}" for i, c in enumerate(STATIC_CASES)])
def test_static_rule_refuses(target, rule, cadre, target_kw, extra):
    if rule is Rule.NON_LOCAL:
        # The refused case is the non_local post; the same post without non_local is allowed (set above).
        allowed = _problem(cadre, post=target_kw, **extra)
        assert blockers(allowed, "A", target) == []
        target_kw = {**target_kw, "non_local": True}
    post = target_kw if target == "P" else None
    seat = target_kw if target == "S" else None
    problem = _problem(cadre, post=post, seat=seat, **extra)
    assert blockers(problem, "A", target) == [rule]
    assert feasible_starts(problem, "A", target) == ()
    assert candidates(problem, target) == []
    steps = funnel(problem, target)
    assert steps[0].rule is None and steps[0].remaining == 1
    removed = [s.rule for s in steps if s.ruled_out]
    assert removed == [rule]


def test_language_soft_is_no_rule():
    # language_rule soft (default): a language is only a level-3 bonus.
    problem = _problem({"languages": ["Mông"]}, post={"language": "Thái"})
    assert blockers(problem, "A", "P") == []


def test_text_comparisons_use_keys():
    # Titles, fields and languages compare trimmed, NFC and case-insensitive.
    problem = _problem({"planned_titles": ["  phó chủ tịch ubnd xã "], "field": "NÔNG NGHIỆP", "languages": ["thái"]},
                       post={"fields": ["nông nghiệp"], "language": "Thái"}, language_rule="hard")
    assert blockers(problem, "A", "P") == []


def test_non_local_refuses_natives_of_units_under_the_post_unit():
    # Home X1 lies under H1: a non_local post in H1 refuses them, one in X2 does not.
    problem = make_problem(cadres=[{"cadre_id": "A", "home_unit_id": "X1"}],
                           posts=[{"post_id": "P", "unit_id": "H1", "non_local": True},
                                  {"post_id": "Q", "unit_id": "X2", "non_local": True}])
    assert blockers(problem, "A", "P") == [Rule.NON_LOCAL]
    assert blockers(problem, "A", "Q") == []


def test_rank_step_allows_one_step_up_and_unranked_posts():
    problem = make_problem(cadres=[{"cadre_id": "A", "rank": 1}],
                           posts=[{"post_id": "P", "rank": 2}, {"post_id": "Q"}, {"post_id": "R", "rank": 3}])
    assert blockers(problem, "A", "P") == [] and blockers(problem, "A", "Q") == []
    assert blockers(problem, "A", "R") == [Rule.RANK_STEP]


def test_several_blockers_all_named_in_funnel_order():
    problem = _problem({"education": "cao_dang", "party_member": False, "planned_titles": []},
                       post={"min_education": "dai_hoc", "party_required": True})
    assert blockers(problem, "A", "P") == [Rule.EDUCATION, Rule.PARTY, Rule.PLANNING]


# --- start-dependent rules: feasible starts are an interval ----------------------------------------------------

def test_window_gives_every_start():
    problem = _problem(post={"open_from": "2027-01", "open_to": "2027-04"})
    assert feasible_starts(problem, "A", "P") == (JAN, JAN + 1, JAN + 2, JAN + 3)


def test_availability_bounds_the_whole_move():
    # Seat lasts 6 months; available 2027-02 … 2027-09 → starts 2027-02 … 2027-04 (ends 07 … 09) of 01 … 06.
    problem = _problem({"available_from": "2027-02", "available_to": "2027-09"},
                       seat={"open_from": "2027-01", "open_to": "2027-06"})
    assert feasible_starts(problem, "A", "S") == (JAN + 1, JAN + 2, JAN + 3)
    refused = _problem({"available_to": "2027-05"}, seat={"open_from": "2027-01", "open_to": "2027-06"})
    assert feasible_starts(refused, "A", "S") == ()
    assert [s.rule for s in funnel(refused, "S") if s.ruled_out] == [Rule.AVAILABILITY]


def test_ongoing_move_makes_cadre_unavailable_until_month_after_end():
    # Ongoing ends 2027-02 → first start 2027-03.
    problem = _problem(seat={"open_from": "2027-01", "open_to": "2027-04"},
                       ongoing=[{"cadre_id": "A", "target_id": "S", "start": "2026-09", "end": "2027-02"}])
    assert feasible_starts(problem, "A", "S") == (JAN + 2, JAN + 3)
    refused = _problem(ongoing=[{"cadre_id": "A", "target_id": "S", "start": "2026-09", "end": "2027-02"}])
    assert feasible_starts(refused, "A", "S") == ()
    assert [s.rule for s in funnel(refused, "S") if s.ruled_out] == [Rule.ONGOING]


def test_retirement_end_must_not_pass_retirement_month():
    # Seat of 6 months from 2027-01 ends 2027-06: retiring 2027-06 is fine, 2027-05 is not.
    ok = _problem({"retirement_month": "2027-06"})
    assert feasible_starts(ok, "A", "S") == (JAN,)
    refused = _problem({"retirement_month": "2027-05"})
    assert feasible_starts(refused, "A", "S") == ()
    assert [s.rule for s in funnel(refused, "S") if s.ruled_out] == [Rule.RETIREMENT]


def test_months_left_rotation_and_non_local():
    # Post of 12 months; retirement 2037-01 → at 2027-01, 120 months left: exactly enough (>= 120).
    post = {"months": 12}
    assert feasible_starts(_problem({"retirement_month": "2037-01"}, post=post), "A", "P") == (JAN,)
    refused = _problem({"retirement_month": "2036-12"}, post=post)
    assert feasible_starts(refused, "A", "P") == ()
    assert [s.rule for s in funnel(refused, "P") if s.ruled_out] == [Rule.MONTHS_LEFT]
    # A non_local post needs only nonlocal_min_months_left (60).
    assert feasible_starts(_problem({"retirement_month": "2032-01"}, post={**post, "non_local": True}), "A", "P") \
        == (JAN,)
    assert eligibility(refused).start_blockers("A", "P", JAN) == [Rule.MONTHS_LEFT]


def test_funnel_orders_are_complete_and_fixed():
    problem = _problem()
    assert [s.rule for s in funnel(problem, "P")] == [None, *ROTATION_RULES]
    assert [s.rule for s in funnel(problem, "S")] == [None, *SECONDMENT_RULES]
    assert all(s.ruled_out == 0 and s.remaining == 1 for s in funnel(problem, "P"))


def test_rule_codes_are_unique_and_labelled():
    codes = [r.code for r in Rule]
    assert len(codes) == len(set(codes))
    assert all(r.label_vi and r.label_en for r in Rule)
    assert Rule.by_code("education") is Rule.EDUCATION


def test_eligibility_is_cached_per_problem():
    problem = _problem()
    assert eligibility(problem) is eligibility(problem)


def test_many_cadres_compute_fast():
    # 3,000 cadres × 200 posts + 60 seats (province scale) in well under the couple of seconds allowed.
    cadres = [{"cadre_id": f"C{i}", "education": ["cao_dang", "dai_hoc"][i % 2], "rank": i % 3,
               "planned_titles": ["Phó Chủ tịch UBND xã"] if i % 3 else []} for i in range(3000)]
    posts = [{"post_id": f"P{j}", "min_education": "dai_hoc", "open_to": "2027-06"} for j in range(200)]
    seats = [{"seat_id": f"S{j}"} for j in range(60)]
    problem = make_problem(cadres=cadres, posts=posts, seats=seats)
    t0 = time.perf_counter()
    elig = eligibility(problem)
    elapsed = time.perf_counter() - t0
    # Eligible for posts: đại học (even i) and planned (i % 3 != 0) and rank step ok (post unranked) → i%6 in {2,4}.
    assert len(elig.candidates["P0"]) == 1000
    assert len(elig.candidates["P0"][0].starts) == 6
    # Seats: rank >= 1 → i % 3 != 0.
    assert len(elig.candidates["S0"]) == 2000
    assert elapsed < 3.0
