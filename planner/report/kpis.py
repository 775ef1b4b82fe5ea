"""kpis.json: the numbers outside tools read (DESIGN §7), and the hash that identifies the inputs."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from models.months import fmt_month
from models.plan import Result
from models.problem import Problem
from planner.evaluate import LEVEL_LABELS, Evaluation
from planner.report.unfilled import REASONS, UnfilledPost


def input_hash(problem: Problem) -> str:
    """sha256 of the resolved problem (every table after patches and defaults, policy, objective, file hashes)."""
    text = json.dumps(problem.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def gap_level(result: Result) -> str | None:
    """The first objective level whose value is not proven equal to its bound (None when all are)."""
    if result.status == "OPTIMAL":
        return None
    return next((lv.name for lv in result.levels if abs(lv.bound - lv.value) > 1e-9), None)


def gap(result: Result) -> float:
    """Relative gap of the first objective level not proven optimal: |bound − value| / max(1, |bound|); 0 if none."""
    name = gap_level(result)
    level = next((lv for lv in result.levels if lv.name == name), None)
    if level is None:
        return 0.0
    return abs(level.bound - level.value) / max(1.0, abs(level.bound))


def level_rows(result: Result, evaluation: Evaluation) -> list[dict[str, Any]]:
    """The solver's levels (value and proven bound); without them, the recomputed values with no bound."""
    if result.levels:
        return [{"name": lv.name, "value": lv.value, "bound": lv.bound} for lv in result.levels]
    return [{"name": name, "value": value, "bound": None} for name, value in evaluation.levels]


def level_mismatches(result: Result, evaluation: Evaluation) -> list[str]:
    """Levels whose value the solver reports differently from the solver-free recomputation (should be none)."""
    recomputed = dict(evaluation.levels)
    return [f"{lv.name}: solver {lv.value:g} ≠ recomputed {recomputed[lv.name]:g}" for lv in result.levels
            if lv.name in recomputed and abs(lv.value - recomputed[lv.name]) > 1e-6]


def kpis(problem: Problem, result: Result, evaluation: Evaluation, unfilled: list[UnfilledPost]) -> dict[str, Any]:
    k = evaluation.kpis
    by_reason = {code: 0 for code in REASONS}
    for u in unfilled:
        by_reason[u.reason] += 1
    burden = k.heaviest_burden
    return {
        "scenario": problem.name,
        "status": result.status,
        "optimal": result.status == "OPTIMAL",
        "stopped_early": result.stopped_early,
        "objective_mode": problem.objective.mode,
        "levels": level_rows(result, evaluation),
        "levels_recomputed": [{"name": n, "value": v, "label_vi": LEVEL_LABELS[n][0], "label_en": LEVEL_LABELS[n][1]}
                              for n, v in evaluation.levels],
        "gap": gap(result),
        "gap_level": gap_level(result),
        "posts_filled": k.posts_filled,
        "posts_fillable": k.posts_fillable,
        "posts_unfilled": len(unfilled),
        "priority_filled": k.priority_filled,
        "priority_fillable": k.priority_fillable,
        "priority_share": round(k.priority_share, 6),
        "secondments": k.secondments,
        "seat_months_used": k.seat_months_used,
        "seat_months_offered": k.seat_months_offered,
        "seat_use": round(k.seat_use, 6),
        "cadres_moved": k.cadres_moved,
        "moved_by_group": {"ethnic_minority": k.moved_ethnic_minority, "young": k.moved_young,
                           "women": k.moved_women},
        "young_age": problem.policy.young_age,
        "heaviest_burden": None if burden is None else {"unit_id": burden.unit_id, "name": burden.name,
                                                        "count": burden.count},
        "moves_by_kind": k.moves_by_kind,
        "quality": evaluation.quality,
        "unfilled_by_reason": by_reason,
        "horizon": {"start": fmt_month(problem.horizon_start), "months": problem.horizon_months},
        "wall_time_s": round(result.wall_time_s, 3),
        "seed": result.seed,
        "workers": result.workers,
        "input_hash": input_hash(problem),
    }


def to_json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")
