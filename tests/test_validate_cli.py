"""`planner validate`: exit codes, the summary, and the bad-input corpus of tests/data/bad.

Every folder of tests/data/bad (but `_shared`) is a case: scenario.yaml, its files, and expected.txt holding a
substring the error output must contain. Binary cases (wrong encodings, workbooks) are generated into tmp_path by
tests/data/bad/make_binary_cases.py. Each must exit 1, say the expected thing, and never show a traceback.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.scenario import load_problem, summarize
from tests.test_io_tables import OK

BAD = Path(__file__).parent / "data" / "bad"
TEXT_CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def _binary_module():
    spec = importlib.util.spec_from_file_location("make_binary_cases", BAD / "make_binary_cases.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BINARY = _binary_module()


@pytest.fixture(scope="module")
def binary_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bad")
    BINARY.make(root)
    return root


def run(*args: str):
    return CliRunner().invoke(app, ["validate", *map(str, args)])


def check_case(folder: Path) -> None:
    expected = (folder / "expected.txt").read_text(encoding="utf-8").strip()
    result = run(folder / "scenario.yaml")
    output = result.stdout + result.stderr
    assert result.exit_code == 1, output
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert expected in output, output


def test_corpus_is_big_enough():
    assert len(TEXT_CASES) + len(BINARY.CASES) >= 25


@pytest.mark.parametrize("case", TEXT_CASES)
def test_bad_case(case):
    check_case(BAD / case)


@pytest.mark.parametrize("case", sorted(BINARY.CASES))
def test_bad_binary_case(case, binary_root):
    check_case(binary_root / case)


@pytest.mark.parametrize("case", sorted(BINARY.WARN_CASES))
def test_ok_with_warning_case(case, binary_root):
    # Read unambiguously (Excel dates, numbers as text, NFD, stray spaces, saved formula values, merged optional
    # cells, blank rows): the scenario loads (exit 0) and the output says what was read and how.
    folder = binary_root / case
    expected = (folder / "expected.txt").read_text(encoding="utf-8").strip()
    # Wide enough that the warning table does not wrap the reason over several lines.
    result = CliRunner().invoke(app, ["validate", str(folder / "scenario.yaml")], env={"COLUMNS": "400"})
    output = " ".join((result.stdout + result.stderr).split())
    assert result.exit_code == 0, output
    assert "Traceback" not in output and result.exception is None
    assert expected in output, output


def test_shared_base_of_the_corpus_is_itself_valid():
    # Otherwise a case could fail for a reason other than the one it is about.
    assert run(BAD / "_shared" / "base.yaml").exit_code == 0


def test_valid_scenario_exits_0_with_summary():
    result = run(OK / "scenarios" / "base.yaml")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Kịch bản hợp lệ" in result.stdout and "Cán bộ" in result.stdout
    english = run(OK / "scenarios" / "base.yaml", "--lang", "en")
    assert english.exit_code == 0 and "Scenario is valid" in english.stdout


def test_missing_scenario_file_exits_1():
    result = run("no/such/scenario.yaml")
    assert result.exit_code == 1 and "không tìm thấy tệp kịch bản" in result.stderr


def test_every_error_is_listed_not_just_the_first(tmp_path):
    shutil.copytree(BAD / "_shared", tmp_path / "_shared")
    case = tmp_path / "many"
    case.mkdir()
    seats = (BAD / "_shared" / "seats.csv").read_text(encoding="utf-8")
    seats = seats.replace("S1,SNN,1,", "S1,SNN,0,").replace("S2,SNV,2,2027-02,6,", "S2,SNV,2,2027-02,-6,")
    (case / "seats.csv").write_text(seats, encoding="utf-8")
    (case / "scenario.yaml").write_text("extends: ../_shared/base.yaml\ndata: {seats: seats.csv}\n"
                                        "polciy: {}\n", encoding="utf-8")
    result = run(case / "scenario.yaml")
    # The typo stops the scenario from being read: the spec error is listed; table errors need a readable spec.
    assert result.exit_code == 1 and "polciy" in result.stderr
    (case / "scenario.yaml").write_text("extends: ../_shared/base.yaml\ndata: {seats: seats.csv}\n", encoding="utf-8")
    result = run(case / "scenario.yaml")
    assert "số người cùng lúc phải lớn hơn 0" in result.stderr and "không được là số âm" in result.stderr


def test_summarize_counts_groups():
    summary = summarize(load_problem(OK / "scenarios" / "base.yaml").problem)
    assert summary["counts"] == {"units": 7, "cadres": 5, "posts": 2, "seats": 2, "locks": 2, "ongoing": 1}
    assert summary["units_by_level"] == {"province": 1, "province_dept": 2, "district": 1, "district_office": 1,
                                         "commune": 2}
    # C001, C003 Thái and C004 Mông are ethnic minorities; C002 and C004 are women; only C004 (born 1995-01) is
    # under 35 at 2027-01 (C001, born 1990-05, is 36); C001 and C002 have planned titles.
    assert summary["cadres_by_group"] == {"ethnic_minority": 3, "women": 2, "young": 1, "succession_pool": 2}
