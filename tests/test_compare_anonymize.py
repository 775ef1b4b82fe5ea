"""`planner compare --anonymize` (issue 7 §5): no real full name, and no lock reason (free text that may name a
person), in any file it writes — the comparison's three files and each scenario's own outputs, every workbook
part included — nor on the terminal; each cadre shows under the very pseudonym `planner solve --anonymize` gives
it, the same in every scenario.

The data are test_compare_cli's four cadres (base and a what-if that drops C2), plus one pin whose reason names
C2 by full name: C1 → P1 "theo đề nghị của đồng chí Nguyễn Thị Bình".
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.compare import compare
from planner.report.common import pseudonyms
from planner.scenario import load_problem
from tests.test_compare_cli import CADRES, POSTS, SEATS, UNITS, WHATIF
from tests.test_reproducible_solve import every_text

REAL_NAMES = ("Lò Văn An", "Nguyễn Thị Bình", "Giàng A Châu", "Vàng Thị Dung")
REASON = "theo đề nghị của đồng chí Nguyễn Thị Bình"
LOCKS = f"action,cadre_id,target_id,start,reason\npin,C1,P1,,{REASON}\n"
BASE = """name: Cơ sở 2027
horizon: {start: 2027-01, months: 24}
data: {units: units.csv, cadres: cadres.csv, posts: posts.csv, seats: seats.csv, locks: locks.csv}
solver: {time_limit_s: 20, workers: 1, seed: 0}
"""
WIDE = {"COLUMNS": "250"}  # rich would otherwise fold a name across two lines and hide it from a substring search
runner = CliRunner()


def write_tiny(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True)
    for name, text in (("units.csv", UNITS), ("cadres.csv", CADRES), ("posts.csv", POSTS), ("seats.csv", SEATS),
                       ("locks.csv", LOCKS), ("base.yaml", BASE), ("whatif.yaml", WHATIF)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder / "base.yaml", folder / "whatif.yaml"


def leaks(texts: dict[str, str]) -> list[tuple[str, str]]:
    return sorted({(where, n) for where, text in texts.items() for n in (*REAL_NAMES, "đề nghị") if n in text})


def terminal(res) -> str:  # type: ignore[no-untyped-def]
    try:
        return res.stdout + res.stderr
    except ValueError:  # older click: stderr mixed into stdout
        return res.output


def solve_pseudonyms(scenario: Path, out: Path) -> dict[str, str]:
    """cadre id → the name `planner solve --anonymize` writes in assignments.csv."""
    res = runner.invoke(app, ["solve", str(scenario), "--out", str(out), "--anonymize", "--deterministic"])
    assert res.exit_code == 0, res.output
    rows = csv.DictReader(io.StringIO((out / "assignments.csv").read_text("utf-8")))
    return {r["cadre_id"]: r["full_name"] for r in rows}


@pytest.fixture()
def tiny(tmp_path: Path) -> tuple[Path, Path]:
    return write_tiny(tmp_path / "in")


def test_compare_anonymize_leaves_no_real_name_anywhere(tiny: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = runner.invoke(app, ["compare", *map(str, tiny), "--out", str(out), "--anonymize", "--deterministic"],
                        env=WIDE)
    assert res.exit_code == 0, res.output
    texts = every_text(out)
    # Every file was read back: the comparison's three and both scenarios' own five (workbooks part by part).
    assert {"compare.html", "comparison.json", "compare.xlsx cells", "assignments.csv", "unfilled.csv",
            "plan.xlsx cells", "manifest.json", "kpis.json"} <= set(texts)
    assert len(list(out.rglob("assignments.csv"))) == 2
    assert leaks(texts) == []
    assert leaks({"terminal": terminal(res)}) == []
    # The pin's reason is there, hidden; C2 (dropped in the what-if) is a difference shown under its pseudonym.
    base_rows = list(csv.DictReader(io.StringIO((out / "co-so-2027" / "assignments.csv").read_text("utf-8"))))
    c1 = next(r for r in base_rows if r["cadre_id"] == "C1")
    assert c1["target_id"] == "P1" and c1["lock_reason"] == "(đã ẩn)"
    data = json.loads((out / "comparison.json").read_text("utf-8"))
    removed = next(d for d in data["differences"] if d["cadre_id"] == "C2")
    assert removed["full_name"].startswith("Cán bộ ") and removed["full_name"] in terminal(res)
    assert json.loads((out / "co-so-2027" / "manifest.json").read_text("utf-8"))["parameters"]["anonymize"] is True

    # The same run without --anonymize shows the names and the reason: the search above is not vacuous.
    plain = tmp_path / "plain"
    res = runner.invoke(app, ["compare", *map(str, tiny), "--out", str(plain), "--deterministic"], env=WIDE)
    assert res.exit_code == 0, res.output
    found = {n for _, n in leaks(every_text(plain))}
    assert {"Lò Văn An", "Nguyễn Thị Bình", "đề nghị"} <= found
    assert "Nguyễn Thị Bình" in terminal(res)


def test_compare_pseudonyms_are_solves_and_stable_across_scenarios(tiny: tuple[Path, Path], tmp_path: Path) -> None:
    cmp = compare(list(tiny), {"time_limit_s": 20, "workers": 1, "deterministic": True}, anonymize=True)
    shown = [{v.cadre_id: v.cadre_name for v in f.moves} for f in cmp.scenarios]
    for scenario, mine, folder in zip(tiny, shown, ("base", "whatif"), strict=True):
        theirs = solve_pseudonyms(scenario, tmp_path / folder)
        # Base: C1 pinned to P1, C2 to P2, one secondment; what-if: C2 dropped, two secondments (C3, C4).
        assert len(mine) >= 3 and set(mine) == set(theirs)
        assert mine == theirs
        assert mine == {c: n for c, n in pseudonyms(load_problem(scenario).problem).items() if c in mine}
    common = set(shown[0]) & set(shown[1])
    assert "C1" in common and all(shown[0][c] == shown[1][c] for c in common)
    assert not any(n in REAL_NAMES for s in shown for n in s.values())
    # The scenario outcomes keep the real problem (their manifests hash the real inputs).
    assert cmp.outcomes[0].problem.cadre_by_id["C1"].full_name == "Lò Văn An"
