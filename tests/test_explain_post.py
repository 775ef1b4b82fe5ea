"""`explain` (planner.explain): each claim is checked against the plan, the checker or a re-solve.

Defaults (tests.factories): cadres in PH1 (district office), eligible for posts titled TITLE in X1 that open
2027-01 only (36 months); unit X1 is difficult and an ethnic area, so every move there gets the same +4 for a
Thái cadre. Female cadres get +1 (women).
"""

from __future__ import annotations

from pathlib import Path

from planner.check import check
from planner.explain import apply_suggestion, explain_cadre, explain_post
from planner.solve import solve
from tests.factories import CAPPED_OFFICE_UNITS as UNITS
from tests.factories import FAST, TITLE, make_problem, moves_of


def _filled_after(problem, suggestion, post_id):  # type: ignore[no-untyped-def]
    changed = apply_suggestion(problem, suggestion)
    plan = solve(changed).plan
    assert check(changed, plan) == []
    return any(m.target_id == post_id for m in plan.moves)


def test_runner_up_taken_elsewhere() -> None:
    # P1 (priority 5, title T1) and P2 (priority 3, title T2). A (female: +1) is planned for both, B for T1 only.
    # Filling both needs B→P1 and A→P2 (priority 8). A ranks first on P1 by score but goes to P2:
    # the runner-up reason for P1 is "taken elsewhere" (A→P2), which the plan confirms.
    p = make_problem(units=UNITS, cadres=[{"cadre_id": "A", "gender": "nữ", "unit_id": "PH2",
                                           "planned_titles": ("T1", "T2")},
                                          {"cadre_id": "B", "unit_id": "PH2", "planned_titles": ("T1",)}],
                     posts=[{"post_id": "P1", "title": "T1", "priority": 5}, {"post_id": "P2", "title": "T2"}],
                     solver=FAST)
    ex = explain_post(p, "P1")
    assert [r.cadre_id for r in ex.candidates] == ["A", "B"]
    assert ex.candidates[0].total == ex.candidates[1].total + 1 and ex.candidates[0].parts["women"] == 1
    assert ex.assigned is not None and ex.assigned.cadre_id == "B"
    assert ex.runner_up is not None and ex.runner_up.cadre_id == "A"
    assert ex.runner_up.reason == "taken_elsewhere" and ex.runner_up.other_target == "P2"
    plan = solve(p).plan
    assert ("A", "P2", "2027-01") in moves_of(plan)
    assert ex.funnel[0].rule is None and ex.funnel[0].remaining == 2


def test_runner_up_lower_score() -> None:
    # One post; A (female) scores one more than B: A gets it; putting B there instead keeps every rule but
    # lowers quality by 1 — the runner-up reason is "lower score" naming quality.
    p = make_problem(cadres=[{"cadre_id": "A", "gender": "nữ"}, {"cadre_id": "B"}], posts=[{"post_id": "P1"}],
                     solver=FAST)
    ex = explain_post(p, "P1")
    assert ex.assigned is not None and ex.assigned.cadre_id == "A"
    assert ex.runner_up is not None and ex.runner_up.reason == "lower_score"
    assert "Plan quality" in ex.runner_up.detail_en and "Chất lượng phương án" in ex.runner_up.detail_vi


def test_unit_cap_binds_and_raising_it_fills_the_post() -> None:
    # A and B both of PH1 (max_away 1), posts P1 and P2 both open 2027-01: only one can move, so one post stays
    # empty. Its candidates are held by the cap in 2027-01; raising PH1's cap to 2 fills it (re-solved).
    p = make_problem(units=UNITS, cadres=[{"cadre_id": "A"}, {"cadre_id": "B"}],
                     posts=[{"post_id": "P1"}, {"post_id": "P2"}], solver=FAST)
    plan = solve(p).plan
    empty = ({"P1", "P2"} - {m.target_id for m in plan.moves}).pop()
    ex = explain_post(p, empty, plan)
    assert ex.assigned is None
    free = [w for w in ex.why_not if w.cadre_id not in {m.cadre_id for m in plan.moves}]
    assert free and free[0].reason == "unit_cap" and free[0].month == plan.moves[0].start
    codes = [s.code for s in ex.suggestions]
    assert "raise_cap" in codes
    cap = next(s for s in ex.suggestions if s.code == "raise_cap")
    assert "2027-01" in cap.text_en and cap.patches[0]["set"] == {"max_away": "2"}
    for s in ex.suggestions:  # every suggestion reported does fill the post when applied
        assert _filled_after(p, s, empty), s.code


def test_near_miss_political_theory_is_a_training_need() -> None:
    # P1 needs cao cấp LLCT; A and B have trung cấp, C sơ cấp: nobody is eligible. Lowering the minimum to
    # trung cấp lets the two best near-misses qualify: "2 cadres would qualify with Intermediate", which the
    # re-solve confirms (A or B fills P1).
    p = make_problem(cadres=[{"cadre_id": "A", "political_theory": "trung_cap"},
                             {"cadre_id": "B", "political_theory": "trung_cap", "unit_id": "H1"},
                             {"cadre_id": "C", "political_theory": "so_cap"}],
                     posts=[{"post_id": "P1", "min_political_theory": "cao_cap"}], solver=FAST)
    ex = explain_post(p, "P1")
    assert ex.assigned is None and ex.candidates == ()
    bite = [r for r in ex.funnel if r.rule == "political_theory"]
    assert bite and bite[0].ruled_out == 3 and bite[0].remaining == 0
    first = ex.suggestions[0]
    assert first.code == "lower_min_political_theory"
    assert first.text_vi.startswith("2 cán bộ") and "Trung cấp" in first.text_vi and "đào tạo" in first.text_vi
    assert first.patches == ({"table": "posts", "where": {"post_id": "P1"},
                              "set": {"min_political_theory": "trung_cap"}},)
    assert first.filled_by in {"A", "B"}
    assert _filled_after(p, first, "P1")


def test_planning_requirement_and_language_rule() -> None:
    # A is not in the pool for P1's title and P1 requires Mông under the hard language rule, which A speaks;
    # B speaks it too but is not planned either. Nobody is eligible: the planning rule rules out both.
    # Adding one of them to the pool fills P1 (tested); the language rule does not bite, so it is not offered.
    p = make_problem(cadres=[{"cadre_id": "A", "planned_titles": (), "languages": ("Mông",)},
                             {"cadre_id": "B", "planned_titles": ("Khác",), "languages": ("Mông",)}],
                     posts=[{"post_id": "P1", "language": "Mông"}], language_rule="hard", solver=FAST)
    ex = explain_post(p, "P1")
    codes = [s.code for s in ex.suggestions]
    assert "add_to_pool" in codes and "soft_language" not in codes
    s = next(s for s in ex.suggestions if s.code == "add_to_pool")
    assert TITLE in s.patches[0]["set"]["planned_titles"] and _filled_after(p, s, "P1")


def test_cadre_options_blocks_and_lacks() -> None:
    # A may take P1 (its title is planned). P2 "Chủ tịch UBND xã" (planned too) needs thạc sĩ: A lacks it
    # (đại học). P3 needs a party member... A is one; P3 in A's own unit PH1 is ruled out by "own unit".
    p = make_problem(cadres=[{"cadre_id": "A", "planned_titles": (TITLE, "Chủ tịch UBND xã")}],
                     posts=[{"post_id": "P1"}, {"post_id": "P2", "title": "Chủ tịch UBND xã", "min_education": "thac_si"},
                            {"post_id": "P3", "unit_id": "PH1"}], solver=FAST)
    ex = explain_cadre(p, "A")
    assert [o.target_id for o in ex.options] == ["P1"]
    assert ex.blocked["education"] == ("P2",) and "P3" in ex.blocked["own_unit"]
    lack = next(x for x in ex.lacks if x.post_id == "P2")
    assert lack.rules == ("education",) and "Thạc sĩ" in lack.details_vi[0] and "Đại học" in lack.details_vi[0]
    assert [m.target_id for m in ex.moves] == ["P1"] and ex.returns[0][0] == "PH1"


def test_cli_explain_post_with_plan_and_patch_yaml(tmp_path: Path) -> None:
    import yaml
    from typer.testing import CliRunner

    from planner.cli import app
    from planner.scenario import load_problem
    from tests.test_cli_solve import write_scenario

    # test_cli_solve's scenario: PX2 ("Bí thư Đảng ủy xã", priority 5) has nobody planned for its title. Adding
    # A to that pool moves A from PX1 (priority 4) to PX2: filled, at the cost of PX1 — the suggestion says so.
    scenario = write_scenario(tmp_path / "in")
    runner = CliRunner()
    res = runner.invoke(app, ["solve", str(scenario), "--out", str(tmp_path / "out"), "--deterministic"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["explain", str(scenario), "--post", "PX2", "--plan", str(tmp_path / "out"),
                              "--lang", "en"])
    assert res.exit_code == 0, res.output
    text = " ".join(res.stdout.split())  # rich wraps at the test terminal's width
    assert "Eligibility funnel" in text and "add them to the pool" in text and "(each tested by re-solving)" in text
    res_vi = runner.invoke(app, ["explain", str(scenario), "--cadre", "A"])
    assert res_vi.exit_code == 0 and "Có thể đến" in res_vi.stdout
    # The YAML form of the suggestion, pasted into the scenario, fills PX2 as well.
    problem = load_problem(scenario).problem
    ex = explain_post(problem, "PX2")
    s = next(s for s in ex.suggestions if s.code == "add_to_pool")
    assert "PX1" in s.cost_en
    data = yaml.safe_load(scenario.read_text("utf-8"))
    data.update(yaml.safe_load(s.yaml()))
    what_if = scenario.with_name("what-if.yaml")
    what_if.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    patched = load_problem(what_if).problem
    assert any(m.target_id == "PX2" for m in solve(patched).plan.moves)
