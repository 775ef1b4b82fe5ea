"""Alternative plans (planner.alternatives): within the tolerance on levels 1–2, as different as possible."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from planner.alternatives import alternatives
from planner.check import check
from planner.evaluate import evaluate
from planner.solve import solve
from tests.factories import FAST, make_problem


def _pairs(plan):  # type: ignore[no-untyped-def]
    return {(m.cadre_id, m.target_id) for m in plan.moves}


def test_equal_levels_and_new_pairs() -> None:
    # Four interchangeable cadres, two posts of priority 3: the best fills both (6). An alternative at 0 %
    # tolerance also fills both, and can use two cadre–post pairs the best did not (e.g. the two idle cadres),
    # so alternative 1 differs from the best in both moves.
    p = make_problem(cadres=[{"cadre_id": c} for c in "ABCD"], posts=[{"post_id": "P1"}, {"post_id": "P2"}],
                     solver=FAST)
    best = solve(p)
    found = alternatives(p, best.plan, 2)
    assert found and found[0].new_pairs == 2 and found[0].differs_from_best == 2
    for alt in found:
        assert evaluate(p, alt.result.plan).priority_filled == evaluate(p, best.plan).priority_filled == 6
        assert check(p, alt.result.plan) == []
    assert not (_pairs(found[0].result.plan) & _pairs(best.plan))


def test_tolerance_opens_lower_plans() -> None:
    # P1 (priority 4) only A may take (planned T1); P2 (priority 1) A or B (planned T2). Best: A→P1, B→P2 = 5.
    # At 0 % and at 20 % (floor ⌈4.0⌉ = 4) every plan must have A→P1 and can only add B→P2: no new pair, no
    # alternative. At 80 % (floor ⌈1.0⌉ = 1) A→P2 is a new pair: one alternative, {A→P2}.
    p = make_problem(cadres=[{"cadre_id": "A", "planned_titles": ("T1", "T2")},
                             {"cadre_id": "B", "planned_titles": ("T2",)}],
                     posts=[{"post_id": "P1", "title": "T1", "priority": 4},
                            {"post_id": "P2", "title": "T2", "priority": 1}], solver=FAST)
    best = solve(p)
    assert _pairs(best.plan) == {("A", "P1"), ("B", "P2")}
    assert alternatives(p, best.plan, 3, 0.0) == []
    assert alternatives(p, best.plan, 3, 0.2) == []
    found = alternatives(p, best.plan, 3, 0.8)
    assert [_pairs(a.result.plan) for a in found] == [{("A", "P2")}]


def test_cli_writes_alt_folders_and_table(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from planner.cli import app
    from tests.test_cli_solve import write_scenario

    # The test_cli_solve scenario: A→PX1 and B→S1 is the only way to reach priority 4 and one secondment, so
    # at 0 % no alternative exists; at 100 % an empty-floor alternative brings a new pair (e.g. A→S1).
    scenario = write_scenario(tmp_path / "in")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["solve", str(scenario), "--out", str(out), "--alternatives", "2",
                                   "--tolerance", "100", "--deterministic"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO((out / "alternatives.csv").read_text("utf-8"))))
    assert rows[0]["folder"] == "." and len(rows) >= 2
    assert (out / "alt-1" / "assignments.csv").exists() and (out / "alt-1" / "kpis.json").exists()
    assert "alt-1" in res.stdout and "tốt nhất" in res.stdout
