"""Scenario files: extends (deep merge, list replace, patches accumulate, relative paths), patches, safety."""

from __future__ import annotations

import pytest

from models.months import month_index
from models.scales import Level, PoliticalTheory
from planner.errors import InputError
from planner.scenario import deep_merge, load_problem
from tests.test_io_tables import copy_ok


def write(path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(path) -> list:
    with pytest.raises(InputError) as info:
        load_problem(path)
    return info.value.errors


def test_deep_merge_maps_merge_lists_replace():
    base = {"policy": {"young_age": 35, "rotation_source_levels": ["district", "province_dept"]}, "name": "a"}
    child = {"policy": {"rotation_source_levels": ["commune"]}, "name": "b"}
    assert deep_merge(base, child) == {"policy": {"young_age": 35, "rotation_source_levels": ["commune"]},
                                       "name": "b"}
    assert base["policy"]["rotation_source_levels"] == ["district", "province_dept"]  # the base is not mutated


def test_extends_merges_deeply_and_patches_accumulate_base_first(tmp_path):
    base = copy_ok(tmp_path)
    scenarios = base.parent
    write(scenarios / "mid.yaml", """
extends: base.yaml
policy: {rotation_source_levels: [commune, district_office]}
patches:
  - {table: seats, where: {seat_id: S1}, set: {capacity: 3}}
""")
    top = write(scenarios / "top.yaml", """
extends: mid.yaml
name: biến thể
policy: {young_age: 40}
patches:
  - {table: seats, where: {seat_id: S1}, set: {capacity: 5}}
""")
    loaded = load_problem(top).problem
    # Maps merge: max_secondment_months from base, young_age from top; the list from mid replaced the default.
    assert loaded.policy.max_secondment_months == 12 and loaded.policy.young_age == 40
    assert loaded.policy.rotation_source_levels == (Level.COMMUNE, Level.DISTRICT_OFFICE)
    # Patches run base-first: mid sets 3, then top sets 5.
    assert loaded.seat_by_id["S1"].capacity == 5
    assert [p["set"] for p in loaded.resolved_scenario["patches"]] == [{"capacity": 3}, {"capacity": 5}]
    # Post source levels default to the FINAL policy's (patches and defaults come after the merge).
    assert loaded.post_by_id["P1"].source_levels == (Level.COMMUNE, Level.DISTRICT_OFFICE)
    assert loaded.name == "biến thể"


def test_paths_are_relative_to_the_file_that_writes_them(tmp_path):
    copy_ok(tmp_path)
    # A child in a sibling folder (same workspace `ok/`): base's data paths stay relative to base.yaml, the
    # child's own to the child.
    (tmp_path / "ok" / "more").mkdir()
    (tmp_path / "ok" / "more" / "locks.csv").write_text("action,cadre_id,target_id,start,reason\n"
                                                        "forbid,C002,P2,,thử\n", encoding="utf-8")
    child = write(tmp_path / "ok" / "variants" / "child.yaml",
                  "extends: ../scenarios/base.yaml\ndata: {locks: ../more/locks.csv}\n")
    problem = load_problem(child).problem
    assert [lock.target_id for lock in problem.locks] == ["P2"]
    assert len(problem.cadres) == 5


def test_extends_cycle_is_refused_naming_the_chain(tmp_path):
    base = copy_ok(tmp_path)
    write(base.parent / "a.yaml", "extends: b.yaml\n")
    write(base.parent / "b.yaml", "extends: a.yaml\n")
    [error] = errors_of(base.parent / "a.yaml")
    assert "vòng lặp" in error.reason and "scenarios/a.yaml → scenarios/b.yaml → scenarios/a.yaml" in error.reason


def test_typo_key_is_refused_with_file_and_key_path(tmp_path):
    base = copy_ok(tmp_path)
    child = write(base.parent / "typo.yaml", "extends: base.yaml\npolciy: {young_age: 40}\n"
                                             "objective: {weights: {feild_match: 2}}\n")
    errors = errors_of(child)
    assert {(e.file, e.column) for e in errors} == {("scenarios/typo.yaml", "polciy"),
                                                    ("scenarios/typo.yaml", "objective.weights.feild_match")}
    assert all("không hợp lệ" in e.reason for e in errors)


def test_patch_where_value_compared_by_text_key_and_scale(tmp_path):
    base = copy_ok(tmp_path)
    child = write(base.parent / "p.yaml", """
extends: base.yaml
patches:
  - {table: posts, where: {title: "  phó chủ tịch ubnd XÃ "}, set: {min_political_theory: Sơ cấp}}
  - {table: cadres, where: {education: Thạc sĩ}, drop: true}
  - {table: posts, where: {post_id: P2}, set: {open_from: 2027-05, open_to: null}}
""")
    problem = load_problem(child).problem
    # Trimmed, case-insensitive title match; the set value is parsed like a cell (a Vietnamese label).
    assert problem.post_by_id["P1"].min_political_theory is PoliticalTheory.SO_CAP
    # `Thạc sĩ` matches the cell `thac_si` by its parsed value: C002 is dropped.
    assert "C002" not in problem.cadre_by_id and len(problem.cadres) == 4
    # open_to cleared by the patch, so it defaults from the patched open_from (patches come before defaults).
    assert problem.post_by_id["P2"].open_to == month_index(2027, 5)


def test_patch_errors_are_all_reported(tmp_path):
    base = copy_ok(tmp_path)
    child = write(base.parent / "bad.yaml", """
extends: base.yaml
patches:
  - {table: seats, where: {unit_id: SXD}, set: {capacity: 3}}     # matches nothing
  - {table: seats, where: {colour: red}, set: {capacity: 3}}       # unknown where column
  - {table: seats, where: {seat_id: S1}, set: {capasity: 3}}       # unknown set column
  - {table: seats, where: {seat_id: S1}, set: {capacity: many}}    # set value not an integer
  - {table: seats, where: {seat_id: S1}}                           # neither set nor drop
""")
    errors = errors_of(child)
    assert [e.column for e in errors] == ["patches[0].where", "patches[1].where.colour", "patches[2].set.capasity",
                                          "patches[3].set.capacity", "patches[4]"]
    assert "không khớp" in errors[0].reason and all(e.file == "scenarios/bad.yaml" for e in errors)


@pytest.mark.parametrize(
    "path",
    ["../../../etc/passwd.csv", "/etc/hosts.csv"],  # up and out, and an absolute path elsewhere
)
def test_paths_outside_the_workspace_are_refused(tmp_path, path):
    base = copy_ok(tmp_path)
    child = write(base.parent / "esc.yaml", f"extends: base.yaml\ndata: {{units: {path}}}\n")
    [error] = errors_of(child)
    assert "đường dẫn ra ngoài thư mục kịch bản" in error.reason and error.column == "data.units"


def test_symlink_leaving_the_workspace_is_refused(tmp_path):
    base = copy_ok(tmp_path)
    outside = tmp_path / "secret.csv"
    outside.write_text("unit_id,name,level\n", encoding="utf-8")
    (tmp_path / "ok" / "tables" / "link.csv").symlink_to(outside)
    child = write(base.parent / "ln.yaml", "extends: base.yaml\ndata: {units: ../tables/link.csv}\n")
    [error] = errors_of(child)
    assert "ra ngoài" in error.reason


def test_yaml_aliases_bomb_is_refused_quickly(tmp_path):
    base = copy_ok(tmp_path)
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 9)]
    bomb = write(base.parent / "bomb.yaml", "\n".join(lines) + "\n")
    [error] = errors_of(bomb)
    assert "bí danh" in error.reason


def test_few_aliases_are_fine(tmp_path):
    base = copy_ok(tmp_path)
    child = write(base.parent / "alias.yaml", """
extends: base.yaml
policy:
  rotation_source_levels: &levels [district, district_office]
  secondment_source_levels: *levels
""")
    policy = load_problem(child).problem.policy
    assert policy.secondment_source_levels == (Level.DISTRICT, Level.DISTRICT_OFFICE)


def test_yaml_syntax_error_names_line(tmp_path):
    base = copy_ok(tmp_path)
    child = write(base.parent / "syn.yaml", "extends: base.yaml\npolicy: {young_age: 40\n")
    [error] = errors_of(child)
    assert "YAML" in error.reason and error.row is not None


def test_python_tags_are_never_constructed(tmp_path):
    base = copy_ok(tmp_path)
    child = write(base.parent / "tag.yaml", "extends: base.yaml\nname: !!python/object/apply:os.system [echo hi]\n")
    [error] = errors_of(child)
    assert "YAML" in error.reason
