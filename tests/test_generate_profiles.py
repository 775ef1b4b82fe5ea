"""The generator: byte-for-byte reproducible by seed, every profile loads, realistic eligibility density, CLI."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.eligibility import candidates
from planner.generate import PROFILES, generate
from planner.scenario import load_problem


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("profile", PROFILES)
def test_same_seed_same_bytes_and_other_seed_differs(profile: str, tmp_path: Path) -> None:
    kwargs = {"cadres": 300, "posts": 12, "seats": 5}
    generate(profile, 7, out_dir=tmp_path / "a", **kwargs)
    generate(profile, 7, out_dir=tmp_path / "b", **kwargs)
    generate(profile, 8, out_dir=tmp_path / "c", **kwargs)
    a, b, c = files(tmp_path / "a"), files(tmp_path / "b"), files(tmp_path / "c")
    assert set(a) == {"units.csv", "cadres.csv", "posts.csv", "seats.csv", "locks.csv", "ongoing.csv",
                      "scenario.yaml"}
    assert a == b
    assert a["cadres.csv"] != c["cadres.csv"]


@pytest.mark.parametrize("profile", PROFILES)
def test_every_profile_loads_with_its_requested_sizes(profile: str, tmp_path: Path) -> None:
    path = generate(profile, 1, cadres=250, posts=10, seats=4, months=12, start="2025-03", out_dir=tmp_path)
    problem = load_problem(path).problem
    assert len(problem.cadres) == 250
    assert len(problem.seats) == 4
    # 10 vacant posts plus the posts held by ongoing rotations (a few moves from earlier plans).
    held = {o.target_id for o in problem.ongoing} & set(problem.post_by_id)
    assert len(problem.posts) == 10 + len(held) and problem.ongoing
    assert problem.locks == ()
    assert problem.horizon_months == 12
    if profile == "two-level-province":
        assert {u.level.code for u in problem.units} == {"province", "province_dept", "commune"}
        assert all({lv.code for lv in p.source_levels} == {"province_dept"} for p in problem.posts)


def test_province_scale_eligibility_density(tmp_path: Path) -> None:
    """At province scale a post typically has some tens of eligible cadres, a seat a handful to tens, none zero."""
    problem = load_problem(generate("province", 0, out_dir=tmp_path)).problem
    held = {o.target_id for o in problem.ongoing}
    per_post = [len(candidates(problem, p.post_id)) for p in problem.posts if p.post_id not in held]
    per_seat = [len(candidates(problem, s.seat_id)) for s in problem.seats]
    assert min(per_post) >= 1 and 15 <= statistics.median(per_post) <= 150
    assert min(per_seat) >= 1 and 5 <= statistics.median(per_seat) <= 80


def test_ten_thousand_cadres(tmp_path: Path) -> None:
    path = generate("province", 3, cadres=10_000, posts=150, seats=40, out_dir=tmp_path)
    lines = (path.parent / "cadres.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 10_001
    assert len({line.split(",", 1)[0] for line in lines[1:]}) == 10_000


def test_unknown_profile_and_short_horizon_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown profile"):
        generate("county", 0, out_dir=tmp_path)
    with pytest.raises(ValueError, match="months"):
        generate("commune", 0, months=3, out_dir=tmp_path)


def test_cli_writes_the_same_files_as_the_function(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["generate", "--profile", "district", "--seed", "5", "--out",
                                      str(tmp_path / "cli"), "--cadres", "200", "--posts", "8", "--seats", "3",
                                      "--months", "18", "--start", "2026-07"])
    assert result.exit_code == 0, result.output
    generate("district", 5, 200, 8, 3, 18, "2026-07", tmp_path / "lib")
    assert files(tmp_path / "cli") == files(tmp_path / "lib")
    bad = CliRunner().invoke(app, ["generate", "--profile", "county", "--out", str(tmp_path / "x")])
    assert bad.exit_code != 0
