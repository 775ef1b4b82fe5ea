"""`planner explain --anonymize` (issue 7 §5): the terminal output names every cadre by the pseudonym
`planner solve --anonymize` gives it, shows no real full name and no lock reason (which may name a person).

Data: tests/test_compare_anonymize's base scenario — C1 pinned to P1 with a reason naming C2; C1 and C2 both
qualify for P1 and P2, so explaining P2 names C2 (who holds it) and C1 (the runner-up, taken elsewhere).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from tests.test_compare_anonymize import REAL_NAMES, WIDE, leaks, solve_pseudonyms, terminal, write_tiny

runner = CliRunner()


@pytest.mark.parametrize("what", [["--post", "P2"], ["--post", "P1"], ["--cadre", "C2"], ["--cadre", "C1"]])
def test_explain_anonymize_shows_only_solves_pseudonyms(tmp_path: Path, what: list[str]) -> None:
    base, _ = write_tiny(tmp_path / "in")
    plan = tmp_path / "plan"
    pseudonym = solve_pseudonyms(base, plan)  # solve --anonymize: C1 → P1 (pinned), C2 → P2
    assert {"C1", "C2"} <= set(pseudonym)
    res = runner.invoke(app, ["explain", str(base), *what, "--anonymize", "--deterministic"], env=WIDE)
    assert res.exit_code == 0, res.output
    shown = terminal(res)
    assert leaks({"terminal": shown}) == []
    who = "C2" if what in (["--post", "P2"], ["--cadre", "C2"]) else "C1"
    assert f"{pseudonym[who]} ({who})" in shown
    # Reading the plan from the anonymised solve's folder gives the same pseudonyms.
    res = runner.invoke(app, ["explain", str(base), *what, "--plan", str(plan), "--anonymize"], env=WIDE)
    assert res.exit_code == 0 and leaks({"terminal": terminal(res)}) == []
    assert f"{pseudonym[who]} ({who})" in terminal(res)
    # Without --anonymize the same explanation names the cadre: the checks above are not vacuous.
    res = runner.invoke(app, ["explain", str(base), *what, "--deterministic"], env=WIDE)
    assert res.exit_code == 0 and any(n in terminal(res) for n in REAL_NAMES)
