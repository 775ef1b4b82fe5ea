"""Solver-free evaluation: objective levels, move scores and KPIs on tiny hand-made plans (arithmetic in comments).

Default weights: field 3, language 2, ethnic→ethnic area 2, young 2, women 1, difficult 2, delay 1/month,
burden 2 per move of the heaviest source unit.
"""

from __future__ import annotations

import pytest

from planner.evaluate import SCORE_PARTS, evaluate, move_score
from tests.test_check_fixtures import (
    base_plan,
    base_units,
    cadre,
    cadre_b,
    mv,
    ongoing,
    plan,
    post,
    problem,
    seat,
)


def test_base_plan_levels_and_parts() -> None:
    # A → PX1 (X1: difficult, ethnic area, speaks Thái; post has no fields):
    #   language 2 (A speaks Thái) + ethnic→area 2 (A is Thái) + difficult 2 = 6; A born 1985 is 42: not young.
    # B → S1 (field Nông nghiệp = B's): field 3 + young 2 (31 at 2027-01) + woman 1 = 6.
    # Heaviest source unit: H1P and X2 one move each → burden 2 × 1 = 2. Quality = 6 + 6 − 2 = 10.
    ev = evaluate(problem(), base_plan())
    assert ev.levels == (("priority_filled", 4), ("secondments", 1), ("quality", 10))
    a = ev.score_of(mv("A", "PX1", "2027-01"))
    assert a.parts == {"field_match": 0, "language_match": 2, "ethnic_to_ethnic_area": 2, "young": 0, "women": 0,
                       "difficult_commune": 2, "delay": 0}
    b = ev.score_of(mv("B", "S1", "2027-01"))
    assert b.parts == {"field_match": 3, "language_match": 0, "ethnic_to_ethnic_area": 0, "young": 2, "women": 1,
                       "difficult_commune": 0, "delay": 0}
    assert (a.total, b.total, ev.burden_penalty) == (6, 6, 2)
    assert list(a.parts) == list(SCORE_PARTS)


def test_weighted_mode_single_level() -> None:
    # 1000 × 4 + 100 × 1 + 10 = 4110.
    ev = evaluate(problem(objective={"mode": "weighted"}), base_plan())
    assert ev.levels == (("weighted", 4110),)
    ev = evaluate(problem(objective={"mode": "weighted", "fill_weight": 7, "secondment_weight": 5}), base_plan())
    assert ev.levels == (("weighted", 7 * 4 + 5 * 1 + 10),)


def test_delay_and_custom_weights() -> None:
    # Start 2027-04, post open from 2027-01: delay 3 months × 5 = −15. Field now matches: +1 (custom weight).
    p = problem(posts=[post(fields=("nông nghiệp",))],
                objective={"weights": {"delay_per_month": 5, "field_match": 1, "burden_heaviest_unit": 0}})
    s = move_score(p, mv("A", "PX1", "2027-04"))
    assert s.parts["delay"] == -15 and s.parts["field_match"] == 1
    # 1 + 2 + 2 + 2 − 15 = −8; burden weight 0.
    assert s.total == -8
    assert evaluate(p, plan(mv("A", "PX1", "2027-04"))).quality == -8


def test_post_language_overrides_unit_languages() -> None:
    # L = {post.language} = {Mông}: A speaks only Thái (the unit's language), so no language bonus.
    assert move_score(problem(posts=[post(language="Mông")]), mv("A", "PX1", "2027-01")).parts["language_match"] == 0
    # B speaks Mông: bonus 2 (B is not eligible by the rules, but evaluation scores any plan).
    assert move_score(problem(posts=[post(language=" mông ")]), mv("B", "PX1", "2027-01")).parts["language_match"] == 2
    # No post language and a unit without languages: L is empty, no bonus.
    p = problem(units=base_units(X1={"languages": ()}))
    assert move_score(p, mv("A", "PX1", "2027-01")).parts["language_match"] == 0


@pytest.mark.parametrize(("birth", "young"), [("1992-02", True), ("1992-01", False)])
def test_young_is_completed_age_below_young_age(birth: str, young: bool) -> None:
    # At 2027-01: born 1992-02 → 34 completed years (< 35); born 1992-01 → 35 (not < 35).
    p = problem(cadres=[cadre(birth_date=birth), cadre_b()])
    assert move_score(p, mv("A", "PX1", "2027-01")).parts["young"] == (2 if young else 0)


def test_secondment_gets_no_rotation_terms() -> None:
    # A (Thái) seconded to S1: only field 3 counts (no language/ethnic/difficult terms for secondments).
    s = move_score(problem(), mv("A", "S1", "2027-02"))
    assert s.parts == {**dict.fromkeys(SCORE_PARTS, 0), "field_match": 3, "delay": -1}


def test_burden_counts_heaviest_source_unit() -> None:
    # A and C both from H1P, B from X2: heaviest = 2 moves → penalty 2 × 2 = 4.
    p = problem(posts=[post(), post("PX2", unit_id="X2")], seats=[seat(capacity=2)],
                cadres=[cadre(), cadre_b(), cadre("C", home_unit_id="P")])
    moves = plan(mv("A", "PX1", "2027-01"), mv("C", "PX2", "2027-01"), mv("B", "S1", "2027-01"))
    ev = evaluate(p, moves)
    assert ev.burden_penalty == 4
    assert ev.quality == sum(s.total for s in ev.move_scores) - 4
    burden = ev.kpis.heaviest_burden
    assert burden is not None and (burden.unit_id, burden.name, burden.count) == ("H1P", "Phòng Nông nghiệp H1", 2)


def test_empty_plan() -> None:
    ev = evaluate(problem(), plan())
    assert ev.levels == (("priority_filled", 0), ("secondments", 0), ("quality", 0))
    assert ev.kpis.heaviest_burden is None and ev.kpis.cadres_moved == 0 and ev.kpis.priority_share == 0


def test_kpis() -> None:
    # Posts: PX1 (priority 4) filled; PX2 (priority 5) open; PX3 (priority 2) held by an ongoing rotation, so it is
    # neither fillable nor unfilled. Fillable priority 4 + 5 = 9, share 4/9.
    # Seat S1: capacity 1, starts 2027-01..06, 6 months → may hold someone 2027-01..2027-11 = 11 seat-months;
    # S2: capacity 2, open 2028-10, 6 months → 2028-10..2029-03 clipped at the horizon end 2028-12: 3 months × 2 = 6.
    # Offered 17; used: B's 6 months → 6/17.
    p = problem(posts=[post(), post("PX2", unit_id="X2", priority=5), post("PX3", unit_id="X2", priority=2)],
                seats=[seat(), seat("S2", capacity=2, open_from="2028-10", open_to="2028-10")],
                ongoing=[ongoing("D", "PX3", "2025-01", "2027-12")])
    k = evaluate(p, base_plan()).kpis
    assert (k.posts_fillable, k.posts_filled, k.priority_fillable, k.priority_filled) == (2, 1, 9, 4)
    assert k.priority_share == pytest.approx(4 / 9)
    assert (k.secondments, k.seat_months_used, k.seat_months_offered) == (1, 6, 17)
    assert k.seat_use == pytest.approx(6 / 17)
    # Moved: A (Thái, 42, man) and B (Mông, 31, woman): 2 ethnic minority, 1 young, 1 woman.
    assert (k.cadres_moved, k.moved_ethnic_minority, k.moved_young, k.moved_women) == (2, 2, 1, 1)
    assert k.moves_by_kind == {"rotation": 1, "secondment": 1}
    # Tie between H1P and X2 (one move each): the smaller id wins, so the KPI is stable.
    assert k.heaviest_burden is not None and k.heaviest_burden.unit_id == "H1P"


def test_secondment_used_months_clipped_to_horizon() -> None:
    # Horizon 2027-01 + 3 months ends 2027-03: B's 6-month secondment from 2027-01 uses 3 seat-months inside it;
    # S1 offers 2027-01..2027-03 (clipped) × 1 = 3.
    k = evaluate(problem(months=3, seats=[seat(open_to="2027-01")]), plan(mv("B", "S1", "2027-01"))).kpis
    assert (k.seat_months_used, k.seat_months_offered) == (3, 3)
