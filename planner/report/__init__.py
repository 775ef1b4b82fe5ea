"""The outputs of one solved scenario (DESIGN §7): assignments.csv, unfilled.csv, kpis.json, plan.xlsx, manifest.json.

`render_outputs` builds every file in memory (nothing touches the disk); `write_outputs` checks the plan with the
independent checker, renders, then writes the whole set atomically (see `planner.io.atomic`). A plan that breaks
a rule, or a result without a plan, is never written: `PlanRejected` is raised and the folder is left untouched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.plan import Result
from models.problem import Problem
from planner.check import Violation, check
from planner.evaluate import Evaluation, evaluate
from planner.io.atomic import write_files
from planner.report.common import ASSIGNMENT_COLUMNS, UNFILLED_COLUMNS, anonymized_problem, assignment_rows
from planner.report.csv_out import render_csv
from planner.report.kpis import kpis as build_kpis
from planner.report.kpis import to_json_bytes
from planner.report.unfilled import UnfilledPost, unfilled_posts
from planner.report.xlsx import render_workbook

OUTPUT_FILES = ("assignments.csv", "unfilled.csv", "kpis.json", "plan.xlsx", "manifest.json")


class PlanRejected(Exception):
    """The result cannot be written: no plan, or a plan the checker faults (an internal error)."""

    def __init__(self, message: str, violations: list[Violation] | None = None) -> None:
        super().__init__(message)
        self.violations = violations or []


@dataclass
class Outputs:
    files: dict[str, bytes]
    evaluation: Evaluation
    unfilled: list[UnfilledPost]
    kpis: dict[str, Any] = field(default_factory=dict)


def unfilled_rows(problem: Problem, unfilled: list[UnfilledPost], lang: str) -> list[dict[str, Any]]:
    return [{
        "post_id": u.post_id,
        "unit_id": u.unit_id,
        "title": u.title,
        "priority": u.priority,
        "reason": u.reason,
        "explanation": u.explanation(lang),
        "unit_name": problem.unit_by_id[u.unit_id].name if u.unit_id in problem.unit_by_id else "",
        "eligible": u.eligible,
    } for u in unfilled]


def render_outputs(problem: Problem, result: Result, *, lang: str = "vi", anonymize: bool = False,
                   parameters: Mapping[str, Any] | None = None, extra_files: Mapping[str, bytes] | None = None,
                   kpis_extra: Mapping[str, Any] | None = None) -> Outputs:
    """Every output file's bytes for `result` (its plan assumed valid; `write_outputs` checks it).

    `extra_files` (e.g. a re-plan's changes.csv) are written with the others; `kpis_extra` keys are added to
    (or override) kpis.json's (e.g. `relaxed_locks`). Both default to nothing."""
    from planner.manifest import build_manifest

    if lang not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
    plan = result.plan
    evaluation = evaluate(problem, plan)
    # Unfilled explanations quote lock reasons (free text that may name a person): hidden under --anonymize.
    unfilled = unfilled_posts(anonymized_problem(problem, lang) if anonymize else problem, plan)
    assignments = assignment_rows(problem, plan, evaluation, anonymize=anonymize, lang=lang)
    empty = unfilled_rows(problem, unfilled, lang)
    kpis = build_kpis(problem, result, evaluation, unfilled)
    if (parameters or {}).get("deterministic"):
        # A deterministic run's files are byte-identical run after run: the clock is left out (the terminal
        # summary still prints the real time).
        kpis["wall_time_s"] = 0.0
        kpis["wall_time_recorded"] = False
    kpis.update(kpis_extra or {})
    files = {
        "assignments.csv": render_csv(ASSIGNMENT_COLUMNS, assignments),
        "unfilled.csv": render_csv(UNFILLED_COLUMNS, empty),
        "kpis.json": to_json_bytes(kpis),
        "plan.xlsx": render_workbook(assignments, empty, kpis, lang),
        **(extra_files or {}),
    }
    params = {"lang": lang, "anonymize": anonymize, **(parameters or {})}
    files["manifest.json"] = to_json_bytes(build_manifest(problem, result, params, files))
    return Outputs(files=files, evaluation=evaluation, unfilled=unfilled, kpis=kpis)


def write_outputs(problem: Problem, result: Result, out_dir: str | Path, *, lang: str = "vi",
                  anonymize: bool = False, parameters: Mapping[str, Any] | None = None,
                  extra_files: Mapping[str, bytes] | None = None,
                  kpis_extra: Mapping[str, Any] | None = None) -> Outputs:
    """Check the plan, render every output and write them all atomically into `out_dir` (0o600 files)."""
    if result.status not in ("OPTIMAL", "FEASIBLE"):
        raise PlanRejected(f"no plan to write (status {result.status})")
    violations = check(problem, result.plan)
    if violations:
        raise PlanRejected("the plan breaks a rule; nothing written", violations)
    outputs = render_outputs(problem, result, lang=lang, anonymize=anonymize, parameters=parameters,
                             extra_files=extra_files, kpis_extra=kpis_extra)
    write_files(out_dir, outputs.files)
    return outputs
