"""manifest.json: everything needed to regenerate an official plan and to know it is the same one.

Input file hashes (the scenario YAML chain and every data file), the scenario as resolved (after `extends`),
the hash of the resolved problem, tool / OR-Tools / Python versions, seed, workers and every run parameter, and
the sha256 of each output file written next to it. No timestamp: the same run gives the same manifest.
"""

from __future__ import annotations

import hashlib
import platform
import sys
from collections.abc import Mapping
from importlib import metadata
from typing import Any

import planner
from models.months import fmt_month
from models.plan import Result
from models.problem import Problem
from planner.report.kpis import input_hash


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def build_manifest(problem: Problem, result: Result, parameters: Mapping[str, Any],
                   outputs: Mapping[str, bytes]) -> dict[str, Any]:
    """The manifest of one solved scenario; `outputs` are the other files written (name -> bytes)."""
    return {
        "tool": "planner",
        "tool_version": planner.__version__,
        "ortools_version": _version("ortools"),
        "python_version": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "platform": sys.platform,
        "scenario": problem.name,
        "input_files": dict(sorted(problem.input_hashes.items())),
        "input_hash": input_hash(problem),
        "resolved_scenario": problem.resolved_scenario,
        "horizon": {"start": fmt_month(problem.horizon_start), "months": problem.horizon_months},
        "policy": problem.policy.model_dump(mode="json"),
        "objective": problem.objective.model_dump(mode="json"),
        "solver": problem.solver.model_dump(mode="json"),
        "seed": result.seed,
        "workers": result.workers,
        "parameters": dict(parameters),
        "status": result.status,
        "outputs": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(outputs.items())},
    }
