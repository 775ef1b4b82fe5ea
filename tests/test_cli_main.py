"""The console script's exit codes (DESIGN §8): usage mistakes are bad input (1), never click's usage code 2,
which means "no feasible plan"."""

from __future__ import annotations

import json
from pathlib import Path

from planner.cli import main
from tests.test_cli_solve import CADRE_C, CADRES, write_scenario


def test_unknown_option_and_missing_argument_are_bad_input(tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path / "in")
    assert main(["solve", str(scenario), "--out", str(tmp_path / "out"), "--bogus"]) == 1
    assert main(["solve"]) == 1
    assert main(["validate", str(scenario), "extra-argument"]) == 1
    assert not (tmp_path / "out").exists()


def test_help_version_and_success_are_0(tmp_path: Path) -> None:
    assert main([]) == 0  # no command: the help
    assert main(["--version"]) == 0
    assert main(["validate", str(write_scenario(tmp_path / "in"))]) == 0


def test_no_feasible_plan_keeps_exit_2(tmp_path: Path) -> None:
    # As in test_cli_solve: A and C of H1P (cap 1) both pinned to move; the pins conflict through the cap.
    scenario = write_scenario(tmp_path / "in", cadres=CADRES + CADRE_C, cap="1",
                              locks="pin,A,,,Đề nghị của Huyện ủy\npin,C,,,Đề nghị của Sở\n")
    assert main(["solve", str(scenario), "--out", str(tmp_path / "out"), "--time-limit", "10"]) == 2
    assert json.loads((tmp_path / "out" / "kpis.json").read_text("utf-8"))["status"] == "INFEASIBLE"


def test_anonymized_infeasible_solve_hides_lock_reasons(tmp_path: Path) -> None:
    # The two conflicting pins' reasons are free text that may name people: under --anonymize neither the
    # INFEASIBLE kpis.json nor the relaxed plan's files quote them.
    scenario = write_scenario(tmp_path / "in", cadres=CADRES + CADRE_C, cap="1",
                              locks="pin,A,,,Ý kiến ông Trần Văn Bảo\npin,C,,,Ý kiến bà Lê Thị Hoa\n")
    out = tmp_path / "out"
    assert main(["solve", str(scenario), "--out", str(out), "--time-limit", "10", "--anonymize"]) == 2
    files = [p for p in out.rglob("*") if p.is_file() and p.suffix in (".json", ".csv")]
    assert any(p.parent.name == "relaxed" for p in files)
    for path in files:
        text = path.read_text("utf-8")
        assert "Trần Văn Bảo" not in text and "Lê Thị Hoa" not in text, path
