"""Alternative plans (`planner solve SCENARIO --alternatives K [--tolerance PCT]`, issue 5 item 5).

After the best plan, up to K further plans are found one at a time. Each keeps levels 1 and 2 within the
tolerance of the best plan's (`priority_filled ≥ ⌈(1 − t)·best⌉`, `secondments ≥ ⌈(1 − t)·best⌉`; t = 0 by default:
equal), then maximises *diversity* — the number of its (cadre, target) pairs found in none of the plans before it
(the best and the earlier alternatives) — and, among the most diverse, plan quality. The search stops early when no
plan within the tolerance brings a new pair. The committee chooses; the tool only lays the plans side by side
(`alternatives.csv`: one row per plan with its KPIs).

An alternative's reported objective levels are left empty (its solve optimised diversity, not the scenario's
levels): its kpis.json shows the recomputed levels without a bound, and its `alternative` block.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from models.plan import Plan, Result
from models.policy import SolverSettings
from models.problem import Problem
from models.scales import MoveKind
from planner.evaluate import Evaluation, evaluate


@dataclass(frozen=True)
class Alternative:
    n: int  # 1, 2, … (0 is the best plan)
    result: Result
    new_pairs: int  # (cadre, target) pairs in no earlier plan
    differs_from_best: int  # moves whose (cadre, target) pair the best plan does not have


def _pairs(plan: Plan) -> set[tuple[str, str]]:
    return {(m.cadre_id, m.target_id) for m in plan.moves}


def floors(problem: Problem, best: Plan, tolerance: float) -> tuple[int, int]:
    """The least priority_filled and secondments an alternative may have."""
    ev = evaluate(problem, best)
    return (math.ceil(ev.priority_filled * (1 - tolerance) - 1e-9), math.ceil(ev.secondments * (1 - tolerance) - 1e-9))


def diversity_customizer(problem: Problem, used: set[tuple[str, str]], floor: tuple[int, int]) -> Callable[[Any], None]:
    """A `solve(customize=…)` hook: levels 1 and 2 held at their floors; objective diversity, then quality."""
    from planner.cpsat.objective import Level, add_level_expr, move_scores

    def customize(pm: Any) -> None:
        v = pm.v
        fill = [problem.post_by_id[v.target[k]].priority if v.kind[k] is MoveKind.ROTATION else 0
                for k in range(len(v.x))]
        seconded = [1 if v.kind[k] is MoveKind.SECONDMENT else 0 for k in range(len(v.x))]
        for coefs, least in ((fill, floor[0]), (seconded, floor[1])):
            if least > 0:
                pm.model.add(sum(c * v.x[k] for k, c in enumerate(coefs) if c) >= least)
        diversity = Level("diversity", [0 if (v.cadre[k], v.target[k]) in used else 1 for k in range(len(v.x))])
        quality = Level("quality", move_scores(problem, v), problem.objective.weights.burden_heaviest_unit)
        pm.levels[:] = [diversity, quality]
        pm.exprs[:] = [add_level_expr(pm.model, problem, v, level) for level in pm.levels]

    return customize


def alternatives(problem: Problem, best: Plan, k: int, tolerance: float = 0.0,
                 settings: SolverSettings | None = None, *, solver: Callable[..., Result] | None = None,
                 progress: Callable[[int], None] | None = None) -> list[Alternative]:
    """Up to `k` plans within `tolerance` (a fraction, 0.05 = 5 %) of `best` on levels 1 and 2, each as different as
    possible from every plan before it."""
    if solver is None:
        from planner.solve import solve as solver
    assert solver is not None
    floor = floors(problem, best, tolerance)
    previous = [best]
    out: list[Alternative] = []
    for n in range(1, k + 1):
        if progress is not None:
            progress(n)
        used = set().union(*(_pairs(p) for p in previous))
        result = solver(problem, settings, customize=diversity_customizer(problem, used, floor))
        if result.status not in ("OPTIMAL", "FEASIBLE"):
            break
        new = len(_pairs(result.plan) - used)
        if new == 0:
            break
        result = result.model_copy(update={"levels": ()})
        out.append(Alternative(n, result, new, len(_pairs(result.plan) - _pairs(best))))
        previous.append(result.plan)
    return out


# --- the side-by-side table ---------------------------------------------------------------------------------

TABLE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("plan", "Phương án", "Plan"),
    ("folder", "Thư mục", "Folder"),
    ("status", "Trạng thái", "Status"),
    ("posts_filled", "Số vị trí được bố trí", "Posts filled"),
    ("priority_filled", "Tổng mức ưu tiên", "Priority filled"),
    ("secondments", "Số biệt phái", "Secondments"),
    ("quality", "Chất lượng", "Quality"),
    ("cadres_moved", "Số cán bộ điều động", "Cadres moved"),
    ("moved_ethnic_minority", "Người DTTS", "Ethnic minority"),
    ("moved_young", "Cán bộ trẻ", "Young"),
    ("moved_women", "Cán bộ nữ", "Women"),
    ("heaviest_burden", "Nhiều cán bộ đi nhất (đơn vị: số)", "Heaviest burden (unit: count)"),
    ("new_pairs", "Số cặp cán bộ–nơi đến mới", "New cadre–target pairs"),
    ("differs_from_best", "Khác phương án tốt nhất", "Moves unlike the best plan"),
)


def table_row(name: str, folder: str, status: str, evaluation: Evaluation, new_pairs: int,
              differs: int) -> dict[str, Any]:
    k = evaluation.kpis
    burden = k.heaviest_burden
    return {
        "plan": name, "folder": folder, "status": status, "posts_filled": k.posts_filled,
        "priority_filled": k.priority_filled, "secondments": k.secondments, "quality": evaluation.quality,
        "cadres_moved": k.cadres_moved, "moved_ethnic_minority": k.moved_ethnic_minority,
        "moved_young": k.moved_young, "moved_women": k.moved_women,
        "heaviest_burden": f"{burden.unit_id}: {burden.count}" if burden else "",
        "new_pairs": new_pairs, "differs_from_best": differs,
    }


def table_rows(problem: Problem, best: Result, found: Sequence[Alternative], lang: str = "vi") -> list[dict[str, Any]]:
    best_name = "Phương án tốt nhất" if lang == "vi" else "Best plan"
    alt_name = "Phương án thay thế" if lang == "vi" else "Alternative"
    rows = [table_row(best_name, ".", best.status, evaluate(problem, best.plan), len(_pairs(best.plan)), 0)]
    for alt in found:
        rows.append(table_row(f"{alt_name} {alt.n}", f"alt-{alt.n}", alt.result.status,
                              evaluate(problem, alt.result.plan), alt.new_pairs, alt.differs_from_best))
    return rows


def render_table_csv(rows: list[dict[str, Any]]) -> bytes:
    from planner.report.common import OutColumn
    from planner.report.csv_out import render_csv

    return render_csv([OutColumn(n, vi, en) for n, vi, en in TABLE_COLUMNS], rows)


def render_table_text(rows: list[dict[str, Any]], lang: str = "vi") -> Any:
    """A rich Table with one column per plan (the best, alt-1, …) and one row per KPI, labels in `lang`."""
    from rich.table import Table

    table = Table(title="Các phương án để lựa chọn" if lang == "vi" else "Plans to choose from")
    table.add_column("Chỉ số" if lang == "vi" else "Indicator")
    for row in rows:
        table.add_column(("tốt nhất" if lang == "vi" else "best") if row["folder"] == "." else row["folder"],
                         justify="right")
    for name, vi, en in TABLE_COLUMNS:
        if name in ("plan", "folder"):
            continue
        table.add_row(vi if lang == "vi" else en, *(str(row[name]) for row in rows))
    return table


def write_alternatives(problem: Problem, best: Result, out_dir: Any, k: int, tolerance: float,
                       settings: SolverSettings | None = None, *, lang: str = "vi", anonymize: bool = False,
                       out: Any = None, solver: Callable[..., Result] | None = None) -> list[Alternative]:
    """Find the alternatives, write each to `out_dir/alt-<n>/` (the usual outputs) and `alternatives.csv` to
    `out_dir`, and print the side-by-side table to `out` (a rich Console) when given."""
    from pathlib import Path

    from planner.io.atomic import write_files
    from planner.report import write_outputs

    found = alternatives(problem, best.plan, k, tolerance, settings, solver=solver)
    folder = Path(out_dir)
    for alt in found:
        write_outputs(problem, alt.result, folder / f"alt-{alt.n}", lang=lang, anonymize=anonymize,
                      kpis_extra={"alternative": {"n": alt.n, "tolerance": tolerance, "new_pairs": alt.new_pairs,
                                                  "differs_from_best": alt.differs_from_best}})
    rows = table_rows(problem, best, found, lang)
    write_files(folder, {"alternatives.csv": render_table_csv(rows)})
    if out is not None:
        out.print(render_table_text(rows, lang))
        if len(found) < k:
            out.print(f"Chỉ có {len(found)} phương án khác trong mức sai lệch cho phép" if lang == "vi"
                      else f"Only {len(found)} different plans within the tolerance")
    return found
