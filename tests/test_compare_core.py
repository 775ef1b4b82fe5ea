"""The comparison's figures and differences on a tiny hand-made pair of scenarios (no solver involved).

Factories here are shared by the other tests/test_compare_*.py files.
"""

from __future__ import annotations

from models.domain import Cadre, Move, Post, Seat, Unit
from models.months import parse_month
from models.plan import LevelValue, Plan, Result
from models.policy import Objective, Policy
from models.problem import Problem
from models.scales import Level, MoveKind
from planner.check import check
from planner.compare import (
    Comparison,
    ScenarioOutcome,
    build_comparison,
    comparison_json,
    fmt_delta,
    seat_use_by_month,
)
from planner.evaluate import evaluate

M = parse_month
ROT, SEC = MoveKind.ROTATION, MoveKind.SECONDMENT


def tiny_problem(name: str = "Cơ sở", seat_capacity: int = 1, weighted: bool = False,
                 c1_name: str = "Lò Văn An") -> Problem:
    """Two communes with one vacant post each, one department seat, four cadres.

    P1 (priority 5) at Xã Chung Chải (difficult, ethnic area, Mông); P2 (priority 3) at Xã Nậm Kè, opening in March.
    S1: one secondment seat at Sở Nông nghiệp for six months from 2027-01 (capacity set by the caller).
    """
    units = (
        Unit(unit_id="T", name="Tỉnh Điện Biên", level=Level.PROVINCE),
        Unit(unit_id="SNN", name="Sở Nông nghiệp và Môi trường", level=Level.PROVINCE_DEPT, parent_id="T"),
        Unit(unit_id="SNV", name="Sở Nội vụ", level=Level.PROVINCE_DEPT, parent_id="T"),
        Unit(unit_id="H1", name="Huyện Mường Nhé", level=Level.DISTRICT, parent_id="T"),
        Unit(unit_id="X1", name="Xã Chung Chải", level=Level.COMMUNE, parent_id="H1", difficult=True,
             ethnic_area=True, languages=("Mông",)),
        Unit(unit_id="X2", name="Xã Nậm Kè", level=Level.COMMUNE, parent_id="H1"),
    )
    titles = ("Phó Chủ tịch UBND xã", "Bí thư Đảng ủy xã")
    cadres = (
        Cadre(cadre_id="C1", full_name=c1_name, gender="nam", birth_date="1995-05", unit_id="SNN",
              education="dai_hoc", political_theory="trung_cap", ethnicity="Thái", rank=1, planned_titles=titles,
              field="nông nghiệp"),
        Cadre(cadre_id="C2", full_name="Nguyễn Thị Bình", gender="nu", birth_date="1985-02", unit_id="SNV",
              education="thac_si", political_theory="trung_cap", ethnicity="Kinh", rank=1, planned_titles=titles),
        Cadre(cadre_id="C3", full_name="Giàng A Châu", gender="nam", birth_date="1990-07", unit_id="H1",
              education="dai_hoc", political_theory="trung_cap", ethnicity="Mông", rank=1, field="nông nghiệp"),
        Cadre(cadre_id="C4", full_name="Vàng Thị Dung", gender="nu", birth_date="1996-03", unit_id="X1",
              education="dai_hoc", political_theory="so_cap", ethnicity="Mông", rank=1, field="Nông nghiệp"),
    )
    posts = (
        Post(post_id="P1", unit_id="X1", title=titles[0], open_from=M("2027-01"), open_to=M("2027-06"), months=36,
             priority=5, source_levels=(Level.PROVINCE_DEPT, Level.DISTRICT)),
        Post(post_id="P2", unit_id="X2", title=titles[1], open_from=M("2027-03"), open_to=M("2027-06"), months=36,
             priority=3, source_levels=(Level.PROVINCE_DEPT, Level.DISTRICT)),
    )
    seats = (
        Seat(seat_id="S1", unit_id="SNN", capacity=seat_capacity, open_from=M("2027-01"), open_to=M("2027-01"),
             months=6, field="nông nghiệp", source_levels=(Level.DISTRICT, Level.COMMUNE)),
    )
    objective = Objective(mode="weighted") if weighted else Objective()
    return Problem(name=name, horizon_start=M("2027-01"), horizon_months=24, units=units, cadres=cadres,
                   posts=posts, seats=seats, policy=Policy(), objective=objective)


def outcome(problem: Problem, moves: list[Move], status: str = "OPTIMAL", time_s: float = 0.5,
            bound_extra: float = 0.0) -> ScenarioOutcome:
    """A solved scenario as `compare()` builds it: evaluate() and check() run on the hand-made plan; the levels
    reported by the "solver" are the evaluation's (with `bound_extra` added to the last bound)."""
    plan = Plan(moves=tuple(moves))
    evaluation = evaluate(problem, plan)
    levels = [LevelValue(name=n, value=v, bound=v) for n, v in evaluation.levels]
    if bound_extra:
        last = levels[-1]
        levels[-1] = LevelValue(name=last.name, value=last.value, bound=last.bound + bound_extra)
    result = Result(status=status, plan=plan, levels=tuple(levels), wall_time_s=time_s)  # type: ignore[arg-type]
    violations = tuple(v.message("vi") for v in check(problem, plan))
    return ScenarioOutcome(name=problem.name, problem=problem, result=result, evaluation=evaluation,
                           violations=violations)


def plan_a() -> list[Move]:
    return [
        Move(kind=ROT, cadre_id="C1", target_id="P1", start=M("2027-01"), months=36),
        Move(kind=ROT, cadre_id="C2", target_id="P2", start=M("2027-03"), months=36),
        Move(kind=SEC, cadre_id="C3", target_id="S1", start=M("2027-01"), months=6),
    ]


def plan_b() -> list[Move]:
    return [
        Move(kind=ROT, cadre_id="C1", target_id="P2", start=M("2027-03"), months=36),
        Move(kind=SEC, cadre_id="C3", target_id="S1", start=M("2027-01"), months=6),
        Move(kind=SEC, cadre_id="C4", target_id="S1", start=M("2027-01"), months=6),
    ]


def tiny_comparison(lang: str = "vi", c1_name: str = "Lò Văn An") -> Comparison:
    a = outcome(tiny_problem("Phương án A <gốc>", c1_name=c1_name), plan_a())
    b = outcome(tiny_problem("Phương án B & thêm chỉ tiêu", seat_capacity=2, c1_name=c1_name), plan_b(),
                status="FEASIBLE", time_s=1.25, bound_extra=3)
    return build_comparison([a, b], lang=lang)


# --- tests -----------------------------------------------------------------------------------------------------
def test_fixture_plans_are_valid() -> None:
    # Both hand-made plans keep every rule, so the comparison is between two real plans.
    assert check(tiny_problem(), Plan(moves=tuple(plan_a()))) == []
    assert check(tiny_problem(seat_capacity=2), Plan(moves=tuple(plan_b()))) == []


def test_kpis_equal_each_plans_own_evaluation() -> None:
    cmp = tiny_comparison()
    for figures, out in zip(cmp.scenarios, cmp.outcomes, strict=True):
        k = evaluate(out.problem, out.result.plan).kpis
        assert figures.kpis["posts_filled"] == k.posts_filled
        assert figures.kpis["priority_filled"] == k.priority_filled
        assert figures.kpis["priority_share"] == k.priority_share
        assert figures.kpis["secondments"] == k.secondments
        assert figures.kpis["seat_months"] == k.seat_months_used
        assert figures.kpis["seat_share"] == k.seat_use
        assert figures.kpis["cadres_moved"] == k.cadres_moved
        assert figures.kpis["moved_ethnic_minority"] == k.moved_ethnic_minority
        assert figures.kpis["moved_women"] == k.moved_women
        assert figures.kpis["moved_young"] == k.moved_young
        assert figures.kpis["burden_max"] == (k.heaviest_burden.count if k.heaviest_burden else 0)
        assert figures.kpis["quality"] == evaluate(out.problem, out.result.plan).quality
        # The breakdowns add up to the same totals.
        assert sum(figures.filled_by_priority.values()) == k.posts_filled
        assert sum(p * n for p, n in figures.filled_by_priority.items()) == k.priority_filled
        assert sum(figures.open_by_priority.values()) == k.posts_fillable
        assert sum(s.used for s in figures.seat_use) == k.seat_months_used
        assert sum(s.capacity for s in figures.seat_use) == k.seat_months_offered
        assert max(figures.burden.values(), default=0) == figures.kpis["burden_max"]


def test_kpi_values_by_hand() -> None:
    # A: P1 (prio 5) and P2 (prio 3) filled → 2 posts, 8 points of 8; one secondment of 6 months out of 6
    #    seat-months offered; three cadres moved: ethnic minority C1 (Thái) and C3 (Mông), woman C2, young C1
    #    (31 in 2027-01; C3 is 36, C2 is 42). One move from each of SNN, SNV, H1 → heaviest burden 1.
    # B: only P2 filled → 1 post, 3 points; two secondments (seat capacity 2) → 12 of 12 seat-months;
    #    moved C1, C3, C4: ethnic minority 3, women 1 (C4), young 2 (C1 31 in 2027-03, C4 30).
    cmp = tiny_comparison()
    rows = {r.key: r for r in cmp.rows}
    assert rows["posts_filled"].values == (2, 1) and rows["posts_filled"].deltas == (None, -1)
    assert rows["filled_p5"].values == (1, 0) and rows["filled_p3"].values == (1, 1)
    assert rows["priority_filled"].values == (8, 3) and rows["priority_filled"].deltas == (None, -5)
    assert rows["priority_share"].values == (1.0, 3 / 8)
    assert rows["secondments"].values == (1, 2) and rows["secondments"].deltas == (None, 1)
    assert rows["seat_months"].values == (6, 12)
    assert rows["cadres_moved"].values == (3, 3) and rows["cadres_moved"].deltas == (None, 0)
    assert rows["moved_ethnic_minority"].values == (2, 3)
    assert rows["moved_women"].values == (1, 1)
    assert rows["moved_young"].values == (1, 2)
    assert rows["burden_max"].values == (1, 1)
    assert rows["status"].values == ("OPTIMAL", "FEASIBLE") and rows["status"].deltas == (None, None)
    assert rows["wall_time_s"].values == (0.5, 1.25)
    assert rows["violations"].values == (0, 0)
    # Gap: A proven; B's quality bound is 3 above its value → 3 / max(1, |bound|).
    quality_b = rows["quality"].values[1]
    assert rows["gap"].values[0] == 0.0
    assert abs(rows["gap"].values[1] - 3 / max(1.0, abs(quality_b + 3))) < 1e-12
    assert "weighted" not in rows  # lexicographic scenarios only


def test_differences_of_the_hand_made_pair() -> None:
    # A: C1→P1 (2027-01), C2→P2 (2027-03), C3→S1 (2027-01). B: C1→P2 (2027-03), C3→S1 (2027-01), C4→S1 (2027-01).
    # So, against A: C1 changed target and start; C4 added; C2 removed; C3 identical → not listed.
    # Order: changed, added, removed.
    cmp = tiny_comparison()
    diffs = cmp.differences
    assert [(d.change, d.cadre_id) for d in diffs] == [("changed", "C1"), ("added", "C4"), ("removed", "C2")]
    changed, added, removed = diffs
    assert changed.what == ("target", "start")
    assert changed.cadre_name == "Lò Văn An" and changed.from_unit_name == "Sở Nông nghiệp và Môi trường"
    assert changed.before is not None and changed.before.target_unit_name == "Xã Chung Chải"
    assert changed.after is not None and changed.after.target_unit_name == "Xã Nậm Kè"
    assert changed.after.title == "Bí thư Đảng ủy xã"
    assert added.before is None and added.after is not None and added.after.kind == "secondment"
    assert added.from_unit_name == "Xã Chung Chải" and added.cadre_name == "Vàng Thị Dung"
    assert removed.after is None and removed.before is not None and removed.before.target_id == "P2"
    assert all(d.scenario == "Phương án B & thêm chỉ tiêu" for d in diffs)


def test_identical_scenarios_have_no_difference_and_zero_deltas() -> None:
    a = outcome(tiny_problem("A"), plan_a())
    b = outcome(tiny_problem("A"), plan_a())
    cmp = build_comparison([a, b])
    assert cmp.differences == ()
    assert cmp.names == ("A", "A (2)")  # names made unique for the tables
    for row in cmp.rows:
        if row.metric.kind in ("int", "float", "share"):
            assert row.deltas[1] in (0, 0.0), row.key


def test_changed_duration_only() -> None:
    # The same cadre to the same seat in the same month, but 3 months instead of 6 → "changed" on months only.
    a = outcome(tiny_problem("A"), [Move(kind=SEC, cadre_id="C3", target_id="S1", start=M("2027-01"), months=6)])
    b = outcome(tiny_problem("B"), [Move(kind=SEC, cadre_id="C3", target_id="S1", start=M("2027-01"), months=3)])
    (d,) = build_comparison([a, b]).differences
    assert d.change == "changed" and d.what == ("months",)


def test_weighted_mode_shows_the_weighted_row() -> None:
    a = outcome(tiny_problem("A", weighted=True), plan_a())
    cmp = build_comparison([a])
    row = next(r for r in cmp.rows if r.key == "weighted")
    assert row.values == (evaluate(a.problem, a.result.plan).weighted,)


def test_seat_use_by_month_counts_each_month() -> None:
    # Seat S1 (capacity 2) can hold someone 2027-01 … 2027-06; B's two secondments run 2027-01 … 2027-06.
    problem = tiny_problem(seat_capacity=2)
    use = seat_use_by_month(problem, plan_b())
    assert len(use) == 24
    assert [(u.used, u.capacity) for u in use[:7]] == [(2, 2)] * 6 + [(0, 0)]


def test_json_is_machine_readable() -> None:
    data = comparison_json(tiny_comparison("en"))
    assert data["base"] == "Phương án A <gốc>"
    assert [s["kpis"]["posts_filled"] for s in data["scenarios"]] == [2, 1]
    assert data["deltas"]["Phương án B & thêm chỉ tiêu"]["priority_filled"] == -5
    assert [d["change"] for d in data["differences"]] == ["changed", "added", "removed"]
    assert data["differences"][0]["before"]["start"] == "2027-01"


def test_delta_text() -> None:
    from planner.compare import METRIC_BY_KEY

    assert fmt_delta(METRIC_BY_KEY["posts_filled"], -1) == "-1"
    assert fmt_delta(METRIC_BY_KEY["posts_filled"], 2) == "+2"
    assert fmt_delta(METRIC_BY_KEY["posts_filled"], 0) == "±0"
    assert fmt_delta(METRIC_BY_KEY["priority_share"], -0.625) == "-62.5%"


def test_a_scenario_without_a_plan_is_compared_not_an_error() -> None:
    # B has no feasible plan: its column shows the status, no gap, zero figures; every move of A is "removed".
    from planner.report.compare_html import render_html
    from planner.report.compare_xlsx import render_xlsx

    a = outcome(tiny_problem("A"), plan_a())
    problem_b = tiny_problem("B")
    b = ScenarioOutcome(name="B", problem=problem_b, result=Result(status="INFEASIBLE"),
                        evaluation=evaluate(problem_b, Plan()))
    cmp = build_comparison([a, b])
    rows = {r.key: r for r in cmp.rows}
    assert rows["status"].values == ("OPTIMAL", "INFEASIBLE")
    assert rows["gap"].values == (0.0, None) and rows["gap"].deltas == (None, None)
    assert rows["posts_filled"].values == (2, 0)
    assert rows["burden_max"].values == (1, 0) and rows["burden_unit"].values[1] is None
    assert sorted(d.cadre_id for d in cmp.differences if d.change == "removed") == ["C1", "C2", "C3"]
    assert len(cmp.differences) == 3
    page = render_html(cmp)
    assert "Không có phương án khả thi" in page and page.count("<svg") == 4
    assert render_xlsx(cmp)[:2] == b"PK"
