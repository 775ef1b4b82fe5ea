"""Infeasibility in the committee's terms (planner.relax): the minimal conflicting locks, the rules they conflict
through, and the best plan with them set aside.

Instance: cadres A and B work in PH1, whose cap is 1 away at once (max_away 1); D works in PH2 (no cap). Posts P1
and P2 in X1 open 2027-01 only (36 months). Any two moves of PH1 cadres overlap in 2027-01, so two pins of A and
B cannot hold together: they conflict through the away cap and nothing else.
"""

from __future__ import annotations

import json
from pathlib import Path

from planner.relax import conflict_rules, minimal_conflict, relax, relaxation_kpis
from planner.solve import solve
from tests.factories import CAPPED_OFFICE_UNITS as UNITS
from tests.factories import FAST, make_problem


def _problem(locks):  # type: ignore[no-untyped-def]
    # A and B in PH1 (cap 1); D in PH2 (no cap). Posts P1, P2 both open 2027-01 only.
    return make_problem(units=UNITS, cadres=[{"cadre_id": "A"}, {"cadre_id": "B"}, {"cadre_id": "D", "unit_id": "PH2"}],
                        posts=[{"post_id": "P1"}, {"post_id": "P2"}], locks=locks, solver=FAST)


def test_two_pins_through_the_cap_are_the_minimal_set() -> None:
    # Row 2 pins A→P1, row 3 pins B→P2, row 4 forbids D→P1 (harmless). A and B are both of PH1, cap 1, and both
    # moves cover 2027-01: rows 2 and 3 conflict, through the away cap only; row 4 is not part of it.
    p = _problem([{"action": "pin", "cadre_id": "A", "target_id": "P1"},
                  {"action": "pin", "cadre_id": "B", "target_id": "P2"},
                  {"action": "forbid", "cadre_id": "D", "target_id": "P1"}])
    assert solve(p).status == "INFEASIBLE"
    core = minimal_conflict(p)
    assert core == [0, 1]
    assert [r.code for r in conflict_rules(p, core)] == ["away_cap"]
    # Minimal: each lock alone has a plan.
    from planner.relax import _feasible

    assert _feasible(p, [0], p.solver) and _feasible(p, [1], p.solver)


def test_relaxed_plan_drops_only_the_conflict_and_is_marked() -> None:
    # Setting rows 2 and 3 aside, the best plan fills both posts: one PH1 cadre (cap 1) and D. The forbid of
    # D→P1 still holds, so D takes P2 and A or B takes P1.
    p = _problem([{"action": "pin", "cadre_id": "A", "target_id": "P1"},
                  {"action": "pin", "cadre_id": "B", "target_id": "P2"},
                  {"action": "forbid", "cadre_id": "D", "target_id": "P1"}])
    relaxation = relax(p)
    assert relaxation is not None and relaxation.relaxed == (0, 1)
    moves = {(m.cadre_id, m.target_id) for m in relaxation.result.plan.moves}
    assert ("D", "P2") in moves and len(moves) == 2 and ("D", "P1") not in moves
    kpis = relaxation_kpis(p, relaxation, "en")
    assert kpis["status"] == "INFEASIBLE" and kpis["relaxed_status"] == "OPTIMAL"
    assert [(e["file"], e["row"], e["rules"]) for e in kpis["relaxed_locks"]] == [
        ("locks.csv", 2, ["away_cap"]), ("locks.csv", 3, ["away_cap"])]


def test_no_conflict_no_relaxation() -> None:
    p = _problem([{"action": "pin", "cadre_id": "A", "target_id": "P1"}])
    assert minimal_conflict(p) == [] and relax(p) is None


def test_solve_command_writes_the_relaxed_plan_and_exits_2(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from planner.cli import app
    from tests.test_cli_solve import CADRE_C, CADRES, write_scenario

    # As test_cli_solve: A and C of H1P (cap 1) both pinned to move: rows 2 and 3 conflict through the cap.
    scenario = write_scenario(tmp_path / "in", cadres=CADRES + CADRE_C, cap="1",
                              locks="pin,A,,,Đề nghị của Huyện ủy\npin,C,,,Đề nghị của Sở\n")
    res = CliRunner().invoke(app, ["solve", str(scenario), "--out", str(tmp_path / "out"), "--lang", "en"])
    assert res.exit_code == 2, res.output
    assert "Conflicting lock set 1" in res.stderr and "Unit over its away cap" in res.stderr
    for folder in (tmp_path / "out", tmp_path / "out" / "relaxed"):
        kpis = json.loads((folder / "kpis.json").read_text("utf-8"))
        assert kpis["status"] == "INFEASIBLE"
        assert [(e["row"], e["rules"]) for e in kpis["relaxed_locks"]] == [(2, ["away_cap"]), (3, ["away_cap"])]
    assert not (tmp_path / "out" / "plan.xlsx").exists() and (tmp_path / "out" / "relaxed" / "plan.xlsx").exists()
