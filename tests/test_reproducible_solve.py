"""Reproducibility and privacy of `planner solve` on the bundled seed scenarios (issue 7 §4–5).

* `--deterministic` twice, in two fresh processes with different hash seeds, gives byte-identical files, every one
  of them: a deterministic run leaves the clock out of kpis.json (`wall_time_s` 0, `wall_time_recorded` false).
* manifest.json carries what regenerating the plan needs: the hash of every input file (checked against the files),
  the scenario after `extends` and with its patches, tool / OR-Tools / Python versions, seed, workers and every
  run parameter; a scenario rebuilt from the manifest alone gives the same plan.
* `--anonymize` leaves no real full name in any output file (every CSV/JSON byte, every workbook part).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import planner
from planner.cli import app
from planner.report import OUTPUT_FILES

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
runner = CliRunner()


def solve_in_child(scenario: Path, out: Path, hash_seed: str, *extra: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": hash_seed}
    proc = subprocess.run([sys.executable, "-m", "planner.cli", "solve", str(scenario), "--out", str(out),
                           "--deterministic", "--time-limit", "20", *extra], capture_output=True, text=True,
                          timeout=300, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("name", ["quang-nam-base", "two-level-uu-tien-tre"])
def test_deterministic_solve_twice_is_identical(tmp_path: Path, name: str) -> None:
    scenario = SCENARIOS / f"{name}.yaml"
    # Two processes with different PYTHONHASHSEED: set and dict orders that leak into a file would show here.
    solve_in_child(scenario, tmp_path / "a", "1")
    solve_in_child(scenario, tmp_path / "b", "2")
    a = {n: (tmp_path / "a" / n).read_bytes() for n in OUTPUT_FILES}
    b = {n: (tmp_path / "b" / n).read_bytes() for n in OUTPUT_FILES}
    for n in sorted(OUTPUT_FILES):
        assert a[n] == b[n], n
    assert a["assignments.csv"].count(b"\n") > 2  # a real plan, not an empty one
    kpis = json.loads(a["kpis.json"])
    assert kpis["wall_time_s"] == 0.0 and kpis["wall_time_recorded"] is False
    man = json.loads(a["manifest.json"])  # the manifest's hashes are those of the files next to it
    assert man["outputs"] == {n: hashlib.sha256(a[n]).hexdigest() for n in sorted(OUTPUT_FILES)
                              if n != "manifest.json"}


def test_manifest_carries_everything_needed_to_regenerate(tmp_path: Path) -> None:
    # A what-if scenario: extends the base, changes a policy value and patches every 6-month seat to 12 months.
    scenario = SCENARIOS / "quang-nam-biet-phai-12-thang.yaml"
    out = tmp_path / "out"
    res = runner.invoke(app, ["solve", str(scenario), "--out", str(out), "--deterministic", "--seed", "7",
                              "--workers", "2", "--time-limit", "20"])
    assert res.exit_code == 0, res.output
    man = json.loads((out / "manifest.json").read_text("utf-8"))
    # Input hashes: the YAML chain (base first) and every data file, each equal to the file's sha256.
    assert set(man["input_files"]) == {"scenarios/quang-nam-biet-phai-12-thang.yaml", "scenarios/quang-nam-base.yaml",
                                       *(f"seeds/quang-nam/{t}.csv" for t in ("units", "cadres", "posts", "seats",
                                                                               "locks", "ongoing"))}
    for shown, digest in man["input_files"].items():
        assert hashlib.sha256((ROOT / shown).read_bytes()).hexdigest() == digest, shown
    # The scenario after extends: the child's policy value over the base's, the patch kept, data paths resolved.
    resolved = man["resolved_scenario"]
    assert resolved["policy"]["max_secondment_months"] == 12
    assert resolved["patches"] == [{"table": "seats", "where": {"months": 6}, "set": {"months": 12}, "drop": False}]
    assert resolved["data"]["cadres"] == "seeds/quang-nam/cadres.csv"
    assert resolved["horizon"] == {"start": "2024-09", "months": 16}
    # Versions, seed, workers, parameters.
    assert man["tool_version"] == planner.__version__ and man["ortools_version"] == metadata.version("ortools")
    assert man["python_version"] and man["seed"] == 7 and man["workers"] == 2
    assert man["parameters"] | {"scenario": None} == {"scenario": None, "time_limit_s": 20.0, "workers": 2,
                                                      "seed": 7, "deterministic": True, "lang": "vi",
                                                      "anonymize": False}
    kpis = json.loads((out / "kpis.json").read_text("utf-8"))
    assert kpis["input_hash"] == man["input_hash"] and kpis["seed"] == 7

    # Regenerate from the manifest alone: the resolved scenario as one YAML file (no extends) over a copy of the
    # data whose hashes match, solved with the recorded parameters, gives the same plan byte for byte.
    ws = tmp_path / "ws"
    shutil.copytree(ROOT / "seeds" / "quang-nam", ws / "seeds" / "quang-nam")
    for shown, digest in man["input_files"].items():
        if shown.startswith("seeds/"):
            assert hashlib.sha256((ws / shown).read_bytes()).hexdigest() == digest
    spec = dict(resolved)
    spec["data"] = {t: f"../{p}" for t, p in resolved["data"].items()}
    (ws / "regen").mkdir()
    (ws / "regen" / "scenario.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), "utf-8")
    p = man["parameters"]
    again = tmp_path / "again"
    res = runner.invoke(app, ["solve", str(ws / "regen" / "scenario.yaml"), "--out", str(again), "--seed",
                              str(p["seed"]), "--workers", str(p["workers"]), "--time-limit", str(p["time_limit_s"]),
                              "--deterministic", "--lang", p["lang"]])
    assert res.exit_code == 0, res.output
    for n in ("assignments.csv", "unfilled.csv"):
        assert (again / n).read_bytes() == (out / n).read_bytes(), n
    # input_hash also covers the YAML files' own hashes, and the regenerated scenario is a different YAML file:
    # the plan is the same, the hash (and the workbook row that shows it) names the different inputs.
    k1, k2 = (json.loads((d / "kpis.json").read_text("utf-8")) for d in (out, again))
    assert {k for k in k1 if k1[k] != k2[k]} <= {"input_hash"}


# --- anonymize -----------------------------------------------------------------------------------------------

def real_names(scenario: Path) -> set[str]:
    from planner.scenario import load_problem

    return {c.full_name for c in load_problem(scenario).problem.cadres}


def every_text(folder: Path) -> dict[str, str]:
    """Each output as text: CSV/JSON decoded; each workbook part (sheets, shared strings, properties) decoded."""
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                for part in z.namelist():
                    out[f"{path.name}/{part}"] = z.read(part).decode("utf-8", "replace")
            import openpyxl

            book = openpyxl.load_workbook(path)
            out[f"{path.name} cells"] = "\n".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows()
                                                  for c in row if c.value is not None)
        else:
            out[path.name] = path.read_bytes().decode("utf-8")
    return out


@pytest.mark.parametrize("name", ["dien-bien-base", "lang-son-bac-son-ghim"])
def test_anonymize_leaves_no_real_name_in_any_output(tmp_path: Path, name: str) -> None:
    scenario = SCENARIOS / f"{name}.yaml"
    names = real_names(scenario)
    assert len(names) > 200
    out = tmp_path / "out"
    res = runner.invoke(app, ["solve", str(scenario), "--out", str(out), "--anonymize", "--deterministic",
                              "--time-limit", "20"])
    assert res.exit_code == 0, res.output
    texts = every_text(out)
    assert {"assignments.csv", "kpis.json", "manifest.json", "unfilled.csv"} <= set(texts)
    leaks = sorted({(f, n) for f, text in texts.items() for n in names if n in text})
    assert leaks == []
    rows = list(csv.DictReader(io.StringIO(texts["assignments.csv"])))
    assert rows and all(r["full_name"].startswith("Cán bộ ") for r in rows)
    # Without --anonymize the same files do carry the real names: the check above is not vacuous.
    plain = tmp_path / "plain"
    assert runner.invoke(app, ["solve", str(scenario), "--out", str(plain), "--deterministic",
                               "--time-limit", "20"]).exit_code == 0
    assert any(n in every_text(plain)["assignments.csv"] for n in names)


def test_pseudonyms_are_stable_across_runs_and_scenarios(tmp_path: Path) -> None:
    # The same cadre gets the same pseudonym in the base and in a what-if of the same data (hash of the cadre id).
    seen: dict[str, set[str]] = {}
    for name in ("two-level-base", "two-level-biet-phai-12-thang"):
        out = tmp_path / name
        res = runner.invoke(app, ["solve", str(SCENARIOS / f"{name}.yaml"), "--out", str(out), "--anonymize",
                                  "--deterministic", "--time-limit", "20"])
        assert res.exit_code == 0, res.output
        for row in csv.DictReader(io.StringIO((out / "assignments.csv").read_text("utf-8"))):
            seen.setdefault(row["cadre_id"], set()).add(row["full_name"])
    assert len(seen) > 5 and all(len(v) == 1 for v in seen.values())
    pseudonyms = [next(iter(v)) for v in seen.values()]
    assert len(set(pseudonyms)) == len(pseudonyms)
