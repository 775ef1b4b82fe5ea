"""`planner solve` end to end on a tiny scenario written to tmp_path (real loader, real solver, small limits).

The scenario is the base problem of `test_check_fixtures` as files: cadre A (district office H1P) may take post
PX1 (priority 4) or seat S1; cadre B (commune X2) may take S1 only; post PX2 (priority 5, "Bí thư Đảng ủy xã")
has no eligible cadre (nobody is planned for that title). The optimum: A → PX1 and B → S1, both at the window
start (no delay), so priority 4, one secondment, quality 6 + 6 − 2 = 10 (see test_evaluate_objective).
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from models.plan import Plan, Result
from planner.cli import app
from planner.report import OUTPUT_FILES
from tests.test_check_fixtures import mv

runner = CliRunner()

UNITS = """unit_id,name,level,parent_id,difficult,ethnic_area,languages,headcount,max_away
P,Tỉnh,province,,,,,,
SNN,Sở Nông nghiệp,province_dept,P,,,,,
H1,Huyện H1,district,P,,,,,
H1P,Phòng Nông nghiệp H1,district_office,H1,,,,,{cap}
X1,Xã X1,commune,H1,x,x,Thái,,
X2,Xã X2,commune,H1,,,,,
"""
CADRES = """cadre_id,full_name,gender,birth_date,unit_id,education,political_theory,ethnicity,home_unit_id,rank,field,state_mgmt,party_member,planned_titles,languages
A,Nguyễn Văn An,nam,1985-01,H1P,dai_hoc,trung_cap,Thái,X2,1,Nông nghiệp,chuyen_vien,x,Chủ tịch UBND xã,Thái
B,Lò Thị Bình,nữ,1995-06,X2,dai_hoc,trung_cap,Mông,X2,1,Nông nghiệp,chuyen_vien,x,,Mông
"""
CADRE_C = "C,Quàng Văn Cường,nam,1986-01,H1P,dai_hoc,trung_cap,Thái,X2,1,Nông nghiệp,chuyen_vien,x,Chủ tịch UBND xã,Thái\n"
POSTS = """post_id,unit_id,title,open_from,open_to,months,priority
PX1,X1,Chủ tịch UBND xã,2027-01,2027-06,36,4
PX2,X2,Bí thư Đảng ủy xã,2027-01,2027-06,36,5
"""
SEATS = """seat_id,unit_id,capacity,open_from,open_to,months,field
S1,SNN,1,2027-01,2027-06,6,Nông nghiệp
"""


def write_scenario(folder: Path, *, cadres: str = CADRES, posts: str = POSTS, cap: str = "",
                   locks: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "units.csv").write_text(UNITS.format(cap=cap), "utf-8")
    (folder / "cadres.csv").write_text(cadres, "utf-8")
    (folder / "posts.csv").write_text(posts, "utf-8")
    (folder / "seats.csv").write_text(SEATS, "utf-8")
    lock_line = ""
    if locks is not None:
        (folder / "locks.csv").write_text("action,cadre_id,target_id,start,reason\n" + locks, "utf-8")
        lock_line = "  locks: locks.csv\n"
    (folder / "scenario.yaml").write_text(
        "name: Thử nghiệm\nhorizon: {start: 2027-01, months: 24}\ndata:\n  units: units.csv\n  cadres: cadres.csv\n"
        "  posts: posts.csv\n  seats: seats.csv\n" + lock_line + "solver: {time_limit_s: 10, workers: 1}\n", "utf-8")
    return folder / "scenario.yaml"


def _solve(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["solve", *args])


def test_solve_writes_the_optimal_plan_and_objective_matches_recomputation(tmp_path: Path) -> None:
    from planner.evaluate import evaluate
    from planner.scenario import load_problem

    scenario = write_scenario(tmp_path / "in")
    out = tmp_path / "out"
    res = _solve(str(scenario), "--out", str(out), "--time-limit", "10", "--workers", "1", "--seed", "3")
    assert res.exit_code == 0, res.output
    assert "TỐI ƯU" in res.stdout
    assert sorted(os.listdir(out)) == sorted(OUTPUT_FILES)
    rows = list(csv.DictReader(io.StringIO((out / "assignments.csv").read_text("utf-8"))))
    assert [(r["cadre_id"], r["target_id"], r["start"]) for r in rows] == [("A", "PX1", "2027-01"),
                                                                         ("B", "S1", "2027-01")]
    kpis = json.loads((out / "kpis.json").read_text("utf-8"))
    assert kpis["status"] == "OPTIMAL" and kpis["seed"] == 3 and kpis["workers"] == 1
    assert [(lv["name"], lv["value"], lv["bound"]) for lv in kpis["levels"]] == [
        ("priority_filled", 4, 4), ("secondments", 1, 1), ("quality", 10, 10)]
    # The solver's objective equals the solver-free recomputation of the plan it returned.
    problem = load_problem(scenario).problem
    plan = Plan(moves=tuple(mv(r["cadre_id"], r["target_id"], r["start"]) for r in rows))
    assert [(n, float(v)) for n, v in evaluate(problem, plan).levels] == [(lv["name"], lv["value"])
                                                                         for lv in kpis["levels"]]
    unfilled = list(csv.DictReader(io.StringIO((out / "unfilled.csv").read_text("utf-8"))))
    assert [(u["post_id"], u["reason"]) for u in unfilled] == [("PX2", "no_eligible_cadre")]
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    shown = {Path(name).name for name in manifest["input_files"]}
    assert shown >= {"scenario.yaml", "units.csv", "cadres.csv", "posts.csv", "seats.csv"}
    assert manifest["parameters"]["time_limit_s"] == 10 and manifest["seed"] == 3


def test_bad_input_lists_every_error_and_writes_nothing(tmp_path: Path) -> None:
    bad = CADRES.replace("1985-01", "năm 1985").replace("Lò Thị Bình,nữ", "Lò Thị Bình,khác")
    scenario = write_scenario(tmp_path / "in", cadres=bad)
    out = tmp_path / "out"
    res = _solve(str(scenario), "--out", str(out))
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output
    assert "birth_date" in res.stderr and "gender" in res.stderr and "cadres.csv" in res.stderr
    assert "dòng 2" in res.stderr and "dòng 3" in res.stderr
    assert not out.exists()


def test_locks_that_leave_no_plan_exit_2_and_are_named(tmp_path: Path) -> None:
    # A and C both work in H1P, whose cap is 1 away at once. Both are pinned to move; every move starts in
    # 2027-01..06 and lasts ≥ 6 months, so any two moves overlap in 2027-06: no plan keeps both pins.
    scenario = write_scenario(tmp_path / "in", cadres=CADRES + CADRE_C, cap="1",
                              locks="pin,A,,,Đề nghị của Huyện ủy\npin,C,,,Đề nghị của Sở\n")
    out = tmp_path / "out"
    res = _solve(str(scenario), "--out", str(out), "--time-limit", "10")
    assert res.exit_code == 2, res.output
    assert "cadre=A" in res.stderr and "cadre=C" in res.stderr
    # No plan in the output folder itself: only kpis.json saying INFEASIBLE and naming the conflict.
    kpis = json.loads((out / "kpis.json").read_text("utf-8"))
    assert kpis["status"] == "INFEASIBLE" and {e["cadre_id"] for e in kpis["relaxed_locks"]} == {"A", "C"}
    assert not (out / "assignments.csv").exists()
    # Issue 5: the best plan with the conflicting pins set aside is offered in relaxed/, marked as such.
    relaxed = json.loads((out / "relaxed" / "kpis.json").read_text("utf-8"))
    assert relaxed["status"] == "INFEASIBLE" and relaxed["relaxed_status"] == "OPTIMAL"
    assert (out / "relaxed" / "assignments.csv").exists()


def test_english_and_anonymized(tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path / "in")
    out = tmp_path / "out"
    res = _solve(str(scenario), "--out", str(out), "--lang", "en", "--anonymize", "--deterministic")
    assert res.exit_code == 0, res.output
    assert "OPTIMAL plan" in res.stdout
    for name in OUTPUT_FILES:
        data = (out / name).read_bytes()
        if name.endswith(".xlsx"):
            import zipfile

            with zipfile.ZipFile(io.BytesIO(data)) as z:
                data = b"".join(z.read(n) for n in z.namelist())
        for real in ("Nguyễn Văn An", "Lò Thị Bình"):
            assert real.encode("utf-8") not in data, name


def test_deterministic_runs_give_identical_files(tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path / "in")
    for run in ("a", "b"):
        res = _solve(str(scenario), "--out", str(tmp_path / run), "--deterministic", "--seed", "5")
        assert res.exit_code == 0, res.output
    for name in ("assignments.csv", "unfilled.csv", "plan.xlsx"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


@pytest.mark.parametrize(
    ("fake", "code", "words"),
    [
        (Result(status="UNKNOWN"), 3, "Hết thời gian"),
        (Result(status="INFEASIBLE", conflicting_locks=("pin cadre=A", "forbid target=PX1")), 2, "forbid target=PX1"),
        # A rotation of 12 months into a 36-month post: the checker faults it, so it is never written.
        (Result(status="OPTIMAL", plan=Plan(moves=(mv("A", "PX1", "2027-01", 12),))), 4, "Lỗi nội bộ"),
    ],
)
def test_exit_codes_without_a_writable_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: Result,
                                            code: int, words: str) -> None:
    import planner.commands.solve as command

    monkeypatch.setattr(command, "get_solver", lambda: lambda problem, settings, progress=None: fake)
    scenario = write_scenario(tmp_path / "in")
    res = _solve(str(scenario), "--out", str(tmp_path / "out"))
    assert res.exit_code == code, res.output
    assert words in res.stderr
    if code == 2:  # no plan: only kpis.json saying so, for outside tools
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["kpis.json"]
        assert json.loads((tmp_path / "out" / "kpis.json").read_text("utf-8"))["status"] == "INFEASIBLE"
    else:
        assert not (tmp_path / "out").exists()


def test_interrupt_before_any_plan_exits_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import planner.commands.solve as command

    def interrupted(problem, settings, progress=None):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(command, "get_solver", lambda: interrupted)
    res = _solve(str(write_scenario(tmp_path / "in")), "--out", str(tmp_path / "out"))
    assert res.exit_code == 3 and not (tmp_path / "out").exists()


def test_options_reach_the_solver(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import planner.commands.solve as command

    seen = {}

    def spy(problem, settings, progress=None):  # type: ignore[no-untyped-def]
        seen["settings"] = settings
        return Result(status="FEASIBLE", plan=Plan(moves=(mv("A", "PX1", "2027-02"),)), stopped_early=True)

    monkeypatch.setattr(command, "get_solver", lambda: spy)
    res = _solve(str(write_scenario(tmp_path / "in")), "--out", str(tmp_path / "out"), "--time-limit", "2.5",
                 "--workers", "3", "--seed", "9", "--deterministic")
    assert res.exit_code == 0, res.output
    s = seen["settings"]
    assert (s.time_limit_s, s.workers, s.seed, s.deterministic) == (2.5, 3, 9, True)
    assert "KHẢ THI" in res.stdout  # not proven optimal, and the summary says so
    unfilled = list(csv.DictReader(io.StringIO((tmp_path / "out" / "unfilled.csv").read_text("utf-8"))))
    assert {u["post_id"] for u in unfilled} == {"PX2"}
