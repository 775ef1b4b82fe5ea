"""`planner compare` end to end on two tiny scenario files (a base and a what-if that extends it): the real
loader, solve(), evaluate() and checker; files written; KPIs equal each scenario's own kpis.json; bad input."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.compare import compare
from planner.evaluate import evaluate

UNITS = """unit_id,name,level,parent_id,difficult,ethnic_area,languages
T,Tỉnh Điện Biên,province,,,,
SNN,Sở Nông nghiệp và Môi trường,province_dept,T,,,
SNV,Sở Nội vụ,province_dept,T,,,
H1,Huyện Mường Nhé,district,T,,,
X1,Xã Chung Chải,commune,H1,x,x,Mông
X2,Xã Nậm Kè,commune,H1,,,
"""
CADRES = """cadre_id,full_name,gender,birth_date,unit_id,education,political_theory,ethnicity,rank,field,planned_titles
C1,Lò Văn An,nam,1995-05,SNN,dai_hoc,trung_cap,Thái,1,Nông nghiệp,Phó Chủ tịch UBND xã;Bí thư Đảng ủy xã
C2,Nguyễn Thị Bình,nữ,1985-02,SNV,thac_si,trung_cap,Kinh,1,,Phó Chủ tịch UBND xã;Bí thư Đảng ủy xã
C3,Giàng A Châu,nam,1990-07,H1,dai_hoc,trung_cap,Mông,1,Nông nghiệp,
C4,Vàng Thị Dung,nữ,1996-03,X1,dai_hoc,so_cap,Mông,1,Nông nghiệp,
"""
POSTS = """post_id,unit_id,title,open_from,open_to,months,priority,source_levels
P1,X1,Phó Chủ tịch UBND xã,2027-01,2027-06,36,5,province_dept;district
P2,X2,Bí thư Đảng ủy xã,2027-03,2027-06,36,3,province_dept;district
"""
SEATS = """seat_id,unit_id,capacity,open_from,open_to,months,field,source_levels
S1,SNN,1,2027-01,2027-01,6,Nông nghiệp,district;commune
"""
BASE = """name: Cơ sở 2027
horizon: {start: 2027-01, months: 24}
data: {units: units.csv, cadres: cadres.csv, posts: posts.csv, seats: seats.csv}
solver: {time_limit_s: 20, workers: 1, seed: 0}
"""
# What-if: Sở Nông nghiệp takes one more seconded cadre, and C2 (Nguyễn Thị Bình) is no longer available.
WHATIF = """name: Thêm chỉ tiêu SNN
extends: base.yaml
patches:
  - {table: seats, where: {seat_id: S1}, set: {capacity: 2}}
  - {table: cadres, where: {cadre_id: C2}, drop: true}
"""


@pytest.fixture()
def scenarios(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in (("units.csv", UNITS), ("cadres.csv", CADRES), ("posts.csv", POSTS), ("seats.csv", SEATS),
                       ("base.yaml", BASE), ("whatif.yaml", WHATIF)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder / "base.yaml", folder / "whatif.yaml"


def test_compare_matches_each_plans_own_evaluation(scenarios: tuple[Path, Path]) -> None:
    cmp = compare(list(scenarios), {"time_limit_s": 20, "workers": 1})
    assert cmp.names == ("Cơ sở 2027", "Thêm chỉ tiêu SNN")
    for figures, out in zip(cmp.scenarios, cmp.outcomes, strict=True):
        assert out.result.status == "OPTIMAL"
        assert out.violations == ()
        k = evaluate(out.problem, out.result.plan).kpis
        assert (figures.kpis["posts_filled"], figures.kpis["priority_filled"], figures.kpis["secondments"],
                figures.kpis["seat_months"], figures.kpis["cadres_moved"], figures.kpis["moved_ethnic_minority"],
                figures.kpis["moved_women"], figures.kpis["moved_young"]) == (
            k.posts_filled, k.priority_filled, k.secondments, k.seat_months_used, k.cadres_moved,
            k.moved_ethnic_minority, k.moved_women, k.moved_young)
        # The solver's own level values agree with the evaluation shown.
        assert {lv.name: lv.value for lv in out.result.levels}["quality"] == figures.kpis["quality"]
    # Base: both posts can be filled (C1, C2 qualify for both) → 8 priority points; one seat → one secondment.
    # What-if: C2 is dropped but C1 alone cannot fill two posts (one move each) and C3/C4 are not in the succession
    # pool → only P1 (priority 5) is filled; the seat holds two → two secondments (C3 and C4).
    rows = {r.key: r for r in cmp.rows}
    assert rows["priority_filled"].values == (8, 5)
    assert rows["secondments"].values == (1, 2)
    diffs = {(d.change, d.cadre_id) for d in cmp.differences}
    assert ("removed", "C2") in diffs
    assert any(d.change == "added" and d.cadre_id in ("C3", "C4") for d in cmp.differences)


def test_cli_writes_everything_and_kpis_match_kpis_json(scenarios: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["compare", *map(str, scenarios), "--out", str(out), "--time-limit", "20",
                                      "--workers", "1", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "Tổng điểm ưu tiên đã bố trí" in result.output
    for name in ("compare.xlsx", "compare.html", "comparison.json"):
        path = out / name
        assert path.stat().st_size > 0
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    data = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    for scenario, folder in zip(data["scenarios"], ("co-so-2027", "them-chi-tieu-snn"), strict=True):
        own = json.loads((out / folder / "kpis.json").read_text(encoding="utf-8"))
        mine = scenario["kpis"]
        assert mine["status"] == own["status"]
        assert mine["posts_filled"] == own["posts_filled"]
        assert mine["posts_open"] == own["posts_fillable"]
        assert mine["priority_filled"] == own["priority_filled"]
        assert mine["secondments"] == own["secondments"]
        assert mine["seat_months"] == own["seat_months_used"]
        assert mine["cadres_moved"] == own["cadres_moved"]
        assert scenario["moved_by_group"] == own["moved_by_group"]
        assert mine["burden_max"] == (own["heaviest_burden"] or {}).get("count", 0)
        assert mine["quality"] == own["quality"]
        assert mine["gap"] == own["gap"]
        assert (out / folder / "assignments.csv").exists() and (out / folder / "plan.xlsx").exists()
    assert data["deltas"]["Thêm chỉ tiêu SNN"]["priority_filled"] == -3


def test_cli_english(scenarios: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["compare", *map(str, scenarios), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Priority points filled" in result.output
    page = (out / "compare.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Key figures" in page


def test_bad_input_in_any_scenario_lists_all_errors_and_writes_nothing(scenarios: tuple[Path, Path],
                                                                       tmp_path: Path) -> None:
    base, whatif = scenarios
    broken = base.parent / "broken.yaml"
    broken.write_text(BASE.replace("posts.csv", "missing-posts.csv").replace("name: Cơ sở 2027", "name: Hỏng"),
                      encoding="utf-8")
    bad_patch = base.parent / "bad-patch.yaml"
    bad_patch.write_text(WHATIF.replace("seat_id: S1", "seat_id: S9"), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["compare", str(base), str(broken), str(bad_patch), "--out", str(out)],
                                env={"COLUMNS": "300"})
    assert result.exit_code == 1
    assert "missing-posts.csv" in result.output  # the first broken scenario's error …
    assert "S9" in result.output  # … and the second's, in one run
    assert "Traceback" not in result.output
    assert not out.exists()


def test_bad_option_is_bad_input(scenarios: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["compare", *map(str, scenarios), "--out", str(out), "--time-limit", "0"])
    assert result.exit_code == 1
    assert "--time-limit" in result.output
    assert not out.exists()
    result = CliRunner().invoke(app, ["compare", *map(str, scenarios), "--out", str(out), "--lang", "fr"])
    assert result.exit_code == 1 and not out.exists()


def test_umask_does_not_widen_permissions(scenarios: tuple[Path, Path], tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        out = tmp_path / "open"
        result = CliRunner().invoke(app, ["compare", str(scenarios[0]), "--out", str(out)])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((out / "compare.html").stat().st_mode) == 0o600
    assert stat.S_IMODE((out / "co-so-2027").stat().st_mode) == 0o700


def test_deterministic_runs_give_the_same_page_and_json(scenarios: tuple[Path, Path], tmp_path: Path) -> None:
    pages = []
    for run in ("one", "two"):
        out = tmp_path / run
        result = CliRunner().invoke(app, ["compare", *map(str, scenarios), "--out", str(out), "--deterministic",
                                          "--seed", "7"])
        assert result.exit_code == 0, result.output
        data = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
        for s in data["scenarios"]:
            s["kpis"].pop("wall_time_s")  # the only figure that depends on the clock
        data["deltas"] = {k: {m: d for m, d in v.items() if m != "wall_time_s"} for k, v in data["deltas"].items()}
        page = (out / "compare.html").read_text(encoding="utf-8")
        pages.append((data, re.sub(r'data-kpi="wall_time_s">.*?</tr>', "", page)))
    assert pages[0] == pages[1]
