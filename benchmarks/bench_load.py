"""Load + validate benchmark at the scale of a whole province (issue 7 §6): 100,000 cadres must load and validate
in under 20 s and 2 GiB.

    python benchmarks/bench_load.py                       # 100,000 cadres, CSV, 3 runs
    python benchmarks/bench_load.py --xlsx                # the same data with cadres in an .xlsx sheet too
    python benchmarks/bench_load.py --cadres 20000 --repeat 1

The data set comes from `planner.generate.generate("province", seed, cadres=N)` into benchmarks/out/ (git-ignored,
kept between runs: generation is not part of the measure). Each measure runs in a fresh child process, so that the
peak resident set size (`ru_maxrss` of that child, read with `os.wait4`) is the load's own and nothing is cached:

* `library`: import planner, `load_problem(scenario)` and `summarize()` — what `planner validate` does — with the
  load timed inside the child;
* `cli`: `python -m planner.cli validate SCENARIO`, timed from outside (interpreter start and imports included).

Figures, machine and load average are printed, and written as JSON next to the data; benchmarks/LOAD.md keeps the
recorded ones. Exit code 1 when a run misses the target.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from hostinfo import cpu_model, memory_gib, package_version

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 20.0
TARGET_RSS_MIB = 2048.0

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
from planner.scenario import load_problem, summarize
t1 = time.perf_counter()
loaded = load_problem(sys.argv[1])
summary = summarize(loaded.problem)
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_validate_s": t2 - t1, "counts": summary["counts"],
                  "warnings": len(loaded.warnings)}))
"""


def machine() -> dict[str, object]:
    versions = {package: package_version(package) for package in ("pydantic", "openpyxl", "pyyaml")}
    return {"cpu": cpu_model(), "cpus": os.cpu_count(), "memory_gib": memory_gib(),
            "python": platform.python_version(), "platform": platform.platform(), **versions}


def dataset(out: Path, profile: str, cadres: int, seed: int) -> Path:
    """The generated scenario (reused when already there with the same parameters)."""
    folder = out / f"{profile}-{cadres}-seed{seed}"
    scenario = folder / "scenario.yaml"
    if not scenario.is_file():
        sys.path.insert(0, str(ROOT))
        from planner.generate import generate

        t0 = time.perf_counter()
        generate(profile, seed, cadres=cadres, out_dir=folder)
        print(f"generated {folder} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return scenario


def excel_like(path: Path) -> None:
    """Rewrite an openpyxl workbook the way Excel saves one: text in a shared-strings part, not inline.

    openpyxl writes every text cell inline (`t="inlineStr"`); Excel, LibreOffice and Google Sheets write
    `t="s"` indices into xl/sharedStrings.xml. Readers behave differently on the two, so the benchmark measures
    the form staff actually send.
    """
    import re
    import zipfile

    cell = re.compile(r'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")? t="inlineStr"><is><t(?: xml:space="preserve")?>(.*?)</t>'
                      r'</is></c>', re.S)
    strings: dict[str, int] = {}

    def shared(match: re.Match[str]) -> str:
        text = match.group(3)
        index = strings.setdefault(text, len(strings))
        return f'<c r="{match.group(1)}"{match.group(2) or ""} t="s"><v>{index}</v></c>'

    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        parts[name] = cell.sub(shared, parts[name].decode("utf-8")).encode("utf-8")
    items = "".join(f"<si><t xml:space=\"preserve\">{text}</t></si>" for text in strings)
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts["xl/sharedStrings.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{ns}" '
                                     f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>').encode()
    types = parts["[Content_Types].xml"].decode("utf-8")
    parts["[Content_Types].xml"] = types.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType='
                                                 '"application/vnd.openxmlformats-officedocument.spreadsheetml.'
                                                 'sharedStrings+xml"/></Types>').encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    parts["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>", '<Relationship Id="rIdSST" Type="http://'
                                                       'schemas.openxmlformats.org/officeDocument/2006/relationships/'
                                                       'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
                                                       ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)


def xlsx_variant(scenario: Path) -> Path:
    """The same scenario with the cadres table in a workbook sheet saved as Excel saves it (Excel is how staff
    keep the table): shared strings and a <dimension> element."""
    import csv

    import openpyxl

    folder = scenario.parent
    book_path = folder / "cadres.xlsx"
    if not book_path.is_file():
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "cadres"
        with (folder / "cadres.csv").open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                sheet.append(row)
        book.save(book_path)
        excel_like(book_path)
    variant = folder / "scenario-xlsx.yaml"
    variant.write_text(scenario.read_text("utf-8").replace("cadres: cadres.csv", "cadres: cadres.xlsx"), "utf-8")
    return variant


def _run(argv: list[str]) -> tuple[float, float, str, int]:
    """Run a child; (wall seconds, peak RSS MiB, stdout, exit code). Without os.wait4 the peak is the largest of
    every child so far (RUSAGE_CHILDREN), an upper bound."""
    import resource

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, rss, proc.stdout.decode("utf-8", "replace"), proc.returncode


def _wait4_run(argv: list[str]) -> tuple[float, float, str, int]:
    """Like _run, but the peak RSS is exactly this child's (os.wait4)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench_load_{os.getpid()}.out"
    with out_path.open("wb") as sink:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=sink, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
        _, status, rusage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = out_path.read_text("utf-8", "replace")
    out_path.unlink()
    return wall, rusage.ru_maxrss / 1024, text, proc.returncode


def measure(scenario: Path, repeat: int) -> dict[str, object]:
    runner = _wait4_run if hasattr(os, "wait4") else _run
    library, cli = [], []
    for _ in range(repeat):
        wall, rss, out, code = runner([sys.executable, "-c", CHILD, str(scenario)])
        if code != 0:
            raise SystemExit(f"load failed ({code}): {out}")
        data = json.loads(out.strip().splitlines()[-1])
        library.append({"wall_s": round(wall, 2), "load_validate_s": round(data["load_validate_s"], 2),
                        "import_s": round(data["import_s"], 2), "peak_rss_mib": round(rss)})
        wall, rss, _, code = runner([sys.executable, "-m", "planner.cli", "validate", str(scenario)])
        if code != 0:
            raise SystemExit(f"planner validate exited {code}")
        cli.append({"wall_s": round(wall, 2), "peak_rss_mib": round(rss)})
    return {"scenario": str(scenario.relative_to(ROOT) if scenario.is_relative_to(ROOT) else scenario),
            "counts": data["counts"], "library": library, "cli": cli,
            "median_load_validate_s": statistics.median(r["load_validate_s"] for r in library),
            "median_cli_s": statistics.median(r["wall_s"] for r in cli),
            "max_peak_rss_mib": max(r["peak_rss_mib"] for r in library + cli)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cadres", type=int, default=100_000)
    parser.add_argument("--profile", default="province")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--xlsx", action="store_true", help="also measure the cadres table as an .xlsx sheet")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "load")
    args = parser.parse_args()

    scenario = dataset(args.out, args.profile, args.cadres, args.seed)
    report: dict[str, object] = {"machine": machine(), "load_average_before": os.getloadavg(),
                                 "target": {"seconds": TARGET_S, "peak_rss_mib": TARGET_RSS_MIB}, "runs": []}
    variants = [("csv", scenario)] + ([("xlsx", xlsx_variant(scenario))] if args.xlsx else [])
    ok = True
    for name, path in variants:
        result = measure(path, args.repeat)
        result["format"] = name
        report["runs"].append(result)  # type: ignore[union-attr]
        worst = max(r["wall_s"] for r in result["cli"])  # type: ignore[union-attr]
        passed = worst < TARGET_S and result["max_peak_rss_mib"] < TARGET_RSS_MIB  # type: ignore[operator]
        ok = ok and passed
        print(f"{name}: {result['counts']['cadres']} cadres — load+validate median {result['median_load_validate_s']}"
              f" s, planner validate median {result['median_cli_s']} s (worst {worst} s), peak RSS "
              f"{result['max_peak_rss_mib']} MiB — {'PASS' if passed else 'MISS'}")
    report["load_average_after"] = os.getloadavg()
    print(json.dumps(report, indent=2, ensure_ascii=False))
    (scenario.parent / "bench_load.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
