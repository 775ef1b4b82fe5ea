"""Compare scenarios side by side: the same `solve()` and `evaluate()` per scenario, KPIs with deltas against the
first scenario, and who moves differently.

`compare(paths, overrides, lang)` loads, solves, evaluates and checks every scenario; `build_comparison(outcomes,
lang)` is the pure part (tests call it with hand-made outcomes). Renderers (terminal, HTML, XLSX, JSON) read only the
`Comparison` value and the `STRINGS` dictionary below, so every label exists once, in Vietnamese and English.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from models.domain import Move
from models.months import fmt_month
from models.plan import Result
from models.policy import SolverSettings
from models.problem import Problem
from models.scales import MoveKind
from planner.errors import Issue
from planner.evaluate import Evaluation, evaluate, fillable_posts

Lang = Literal["vi", "en"]
LANGS: tuple[str, ...] = ("vi", "en")

# --- every user-facing label of the comparison outputs, once ------------------------------------------------------
STRINGS: dict[str, dict[str, str]] = {
    "vi": {
        "title": "So sánh các phương án kế hoạch luân chuyển, biệt phái cán bộ",
        "subtitle": "Chênh lệch (Δ) tính so với phương án đầu tiên: {base}",
        "generated": "Lập lúc",
        "kpis": "Chỉ số chính",
        "kpi": "Chỉ số",
        "delta": "Δ",
        "differences": "Cán bộ được bố trí khác so với “{base}”",
        "no_differences": "Không có khác biệt nào so với phương án đầu tiên.",
        "scenario": "Phương án",
        "scenarios": "Các phương án",
        "file": "Tệp",
        "change": "Thay đổi",
        "cadre_id": "Mã cán bộ",
        "cadre": "Cán bộ",
        "from_unit": "Đơn vị hiện tại",
        "in_base": "Trong “{base}”",
        "in_other": "Trong phương án này",
        "what_changed": "Khác ở",
        "change.added": "Thêm",
        "change.removed": "Bỏ",
        "change.changed": "Đổi",
        "what.target": "nơi đến",
        "what.start": "tháng bắt đầu",
        "what.months": "thời gian",
        "what.kind": "hình thức",
        "none": "—",
        "kind": "Hình thức",
        "target_id": "Mã vị trí/chỉ tiêu",
        "target_unit": "Đơn vị đến",
        "title_col": "Chức danh / lĩnh vực",
        "start": "Bắt đầu",
        "end": "Kết thúc",
        "months": "Số tháng",
        "score": "Điểm",
        "assignments": "Phân công",
        "sheet.differences": "Khác biệt",
        "kpi.posts_open": "Vị trí khuyết cần bố trí",
        "kpi.posts_filled": "Vị trí được bố trí (luân chuyển)",
        "kpi.filled_p5": "  trong đó ưu tiên 5 (cao nhất)",
        "kpi.filled_p4": "  trong đó ưu tiên 4",
        "kpi.filled_p3": "  trong đó ưu tiên 3",
        "kpi.filled_p2": "  trong đó ưu tiên 2",
        "kpi.filled_p1": "  trong đó ưu tiên 1 (thấp nhất)",
        "kpi.priority_filled": "Tổng điểm ưu tiên đã bố trí",
        "kpi.priority_share": "Tỷ lệ điểm ưu tiên đã bố trí",
        "kpi.secondments": "Số cán bộ biệt phái mới",
        "kpi.seat_months": "Tháng-chỉ tiêu biệt phái sử dụng",
        "kpi.seat_share": "Tỷ lệ sử dụng chỉ tiêu biệt phái",
        "kpi.cadres_moved": "Số cán bộ được điều động",
        "kpi.moved_ethnic_minority": "  trong đó người dân tộc thiểu số",
        "kpi.moved_women": "  trong đó nữ",
        "kpi.moved_young": "  trong đó cán bộ trẻ",
        "kpi.burden_max": "Số cán bộ đi nhiều nhất từ một đơn vị",
        "kpi.burden_unit": "  đơn vị đó",
        "kpi.quality": "Chất lượng kế hoạch (điểm)",
        "kpi.weighted": "Điểm mục tiêu có trọng số",
        "kpi.status": "Trạng thái lời giải",
        "kpi.gap": "Khoảng cách tối ưu (gap)",
        "kpi.wall_time_s": "Thời gian giải (giây)",
        "kpi.violations": "Vi phạm quy định (bộ kiểm tra độc lập)",
        "status.OPTIMAL": "Tối ưu",
        "status.FEASIBLE": "Khả thi (chưa chứng minh tối ưu)",
        "status.INFEASIBLE": "Không có phương án khả thi",
        "status.UNKNOWN": "Chưa tìm được phương án",
        "chart.priority": "Vị trí được bố trí theo mức ưu tiên",
        "chart.priority.x": "Mức ưu tiên",
        "chart.priority.open": "số vị trí khuyết",
        "chart.priority.note": "Cột đậm: số vị trí được bố trí; cột nhạt viền nét đứt phía sau: số vị trí khuyết "
                               "có thể bố trí ở mức ưu tiên đó (5 là cao nhất).",
        "chart.groups": "Cán bộ được điều động theo nhóm",
        "group.ethnic_minority": "Dân tộc thiểu số",
        "group.women": "Nữ",
        "group.young": "Trẻ",
        "chart.seats": "Sử dụng chỉ tiêu biệt phái theo tháng",
        "chart.seats.used": "đang biệt phái",
        "chart.seats.capacity": "chỉ tiêu (nét đứt)",
        "chart.seats.note": "Nét liền: số cán bộ biệt phái mới đang ở nơi tiếp nhận trong tháng; nét đứt cùng màu: "
                            "tổng chỉ tiêu tiếp nhận đang mở trong tháng của phương án đó.",
        "chart.burden": "Số cán bộ đi theo đơn vị nguồn (các đơn vị nhiều nhất)",
        "chart.empty": "Không có dữ liệu.",
        "charts": "Biểu đồ",
        "footer": "Trang này tự chứa, không cần mạng; có thể mở trực tiếp từ USB.",
        "yes": "có",
        "no": "không",
        "kinds.rotation": "Luân chuyển",
        "kinds.secondment": "Biệt phái",
        "cli.solving": "Đang giải phương án {i}/{n}: {name}",
        "cli.solved": "  xong: {status}, {time:.1f} giây",
        "cli.bad_input": "Dữ liệu đầu vào không hợp lệ — không ghi tệp nào",
        "cli.written": "Đã ghi kết quả so sánh vào",
        "cli.need_two": "Cần ít nhất một tệp phương án",
        "cli.warnings": "Phương án {name}: {n} cảnh báo dữ liệu (xem bằng `planner validate`)",
        "cli.more": "… và {n} thay đổi khác: xem đầy đủ trong compare.xlsx hoặc compare.html",
        "cli.lang": "--lang phải là vi hoặc en",
        "cli.cannot_write": "Không ghi được kết quả",
        "cli.violations": "Cảnh báo: phương án {name} có {n} vi phạm theo bộ kiểm tra",
    },
    "en": {
        "title": "Comparison of rotation and secondment plan scenarios",
        "subtitle": "Differences (Δ) are against the first scenario: {base}",
        "generated": "Generated",
        "kpis": "Key figures",
        "kpi": "Figure",
        "delta": "Δ",
        "differences": "Cadres placed differently than in “{base}”",
        "no_differences": "No difference from the first scenario.",
        "scenario": "Scenario",
        "scenarios": "Scenarios",
        "file": "File",
        "change": "Change",
        "cadre_id": "Cadre id",
        "cadre": "Cadre",
        "from_unit": "Current unit",
        "in_base": "In “{base}”",
        "in_other": "In this scenario",
        "what_changed": "Differs in",
        "change.added": "Added",
        "change.removed": "Removed",
        "change.changed": "Changed",
        "what.target": "target",
        "what.start": "start month",
        "what.months": "duration",
        "what.kind": "kind",
        "none": "—",
        "kind": "Kind",
        "target_id": "Post/seat id",
        "target_unit": "Target unit",
        "title_col": "Title / field",
        "start": "Start",
        "end": "End",
        "months": "Months",
        "score": "Score",
        "assignments": "Assignments",
        "sheet.differences": "Differences",
        "kpi.posts_open": "Vacant posts to fill",
        "kpi.posts_filled": "Posts filled (rotations)",
        "kpi.filled_p5": "  of which priority 5 (highest)",
        "kpi.filled_p4": "  of which priority 4",
        "kpi.filled_p3": "  of which priority 3",
        "kpi.filled_p2": "  of which priority 2",
        "kpi.filled_p1": "  of which priority 1 (lowest)",
        "kpi.priority_filled": "Priority points filled",
        "kpi.priority_share": "Share of priority points filled",
        "kpi.secondments": "New secondments",
        "kpi.seat_months": "Secondment seat-months used",
        "kpi.seat_share": "Share of seat capacity used",
        "kpi.cadres_moved": "Cadres moved",
        "kpi.moved_ethnic_minority": "  of whom ethnic minority",
        "kpi.moved_women": "  of whom women",
        "kpi.moved_young": "  of whom young",
        "kpi.burden_max": "Most cadres sent by one unit",
        "kpi.burden_unit": "  that unit",
        "kpi.quality": "Plan quality (points)",
        "kpi.weighted": "Weighted objective",
        "kpi.status": "Solver status",
        "kpi.gap": "Optimality gap",
        "kpi.wall_time_s": "Solve time (s)",
        "kpi.violations": "Rule violations (independent checker)",
        "status.OPTIMAL": "Optimal",
        "status.FEASIBLE": "Feasible (not proven optimal)",
        "status.INFEASIBLE": "No feasible plan",
        "status.UNKNOWN": "No plan found",
        "chart.priority": "Posts filled by priority",
        "chart.priority.x": "Priority",
        "chart.priority.open": "vacant posts",
        "chart.priority.note": "Solid bars: posts filled; pale dashed bars behind them: vacant posts that could be "
                               "filled at that priority (5 is the highest).",
        "chart.groups": "Cadres moved by group",
        "group.ethnic_minority": "Ethnic minority",
        "group.women": "Women",
        "group.young": "Young",
        "chart.seats": "Secondment seat use by month",
        "chart.seats.used": "seconded",
        "chart.seats.capacity": "capacity (dashed)",
        "chart.seats.note": "Solid: new secondments under way in the month; dashed, same colour: the seat "
                            "capacity open in that month in that scenario.",
        "chart.burden": "Cadres sent by source unit (top units)",
        "chart.empty": "No data.",
        "charts": "Charts",
        "footer": "This page is self-contained and works offline; it can be opened straight from a USB stick.",
        "yes": "yes",
        "no": "no",
        "kinds.rotation": "Rotation",
        "kinds.secondment": "Secondment",
        "cli.solving": "Solving scenario {i}/{n}: {name}",
        "cli.solved": "  done: {status}, {time:.1f} s",
        "cli.bad_input": "Bad input — nothing written",
        "cli.written": "Comparison written to",
        "cli.need_two": "Give at least one scenario file",
        "cli.warnings": "Scenario {name}: {n} data warning(s) (see them with `planner validate`)",
        "cli.more": "… and {n} more: see compare.xlsx or compare.html for all of them",
        "cli.lang": "--lang must be vi or en",
        "cli.cannot_write": "Cannot write the results",
        "cli.violations": "Warning: scenario {name} has {n} violations according to the checker",
    },
}


def tr(key: str, lang: str = "vi", **fmt: object) -> str:
    """The label `key` in `lang` (Vietnamese unless "en"), formatted with `fmt`."""
    text = STRINGS["en" if lang == "en" else "vi"][key]
    return text.format(**fmt) if fmt else text


# --- the KPI rows, in display order -------------------------------------------------------------------------------
Better = Literal["up", "down"] | None
KpiKind = Literal["int", "float", "share", "text", "seconds"]


@dataclass(frozen=True)
class Metric:
    key: str
    kind: KpiKind
    better: Better  # which direction is an improvement (colours the delta); None: neutral


METRICS: tuple[Metric, ...] = (
    Metric("posts_open", "int", None),
    Metric("posts_filled", "int", "up"),
    Metric("filled_p5", "int", "up"),
    Metric("filled_p4", "int", "up"),
    Metric("filled_p3", "int", "up"),
    Metric("filled_p2", "int", "up"),
    Metric("filled_p1", "int", "up"),
    Metric("priority_filled", "int", "up"),
    Metric("priority_share", "share", "up"),
    Metric("secondments", "int", "up"),
    Metric("seat_months", "int", "up"),
    Metric("seat_share", "share", "up"),
    Metric("cadres_moved", "int", None),
    Metric("moved_ethnic_minority", "int", "up"),
    Metric("moved_women", "int", "up"),
    Metric("moved_young", "int", "up"),
    Metric("burden_max", "int", "down"),
    Metric("burden_unit", "text", None),
    Metric("quality", "float", "up"),
    Metric("weighted", "float", "up"),
    Metric("status", "text", None),
    Metric("gap", "share", "down"),
    Metric("wall_time_s", "seconds", None),
    Metric("violations", "int", "down"),
)
METRIC_BY_KEY = {m.key: m for m in METRICS}
GROUPS: tuple[str, ...] = ("ethnic_minority", "women", "young")


# --- values ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScenarioOutcome:
    """One scenario after solving: what the renderers and the comparison need."""

    name: str
    problem: Problem
    result: Result
    evaluation: Evaluation  # evaluate(problem, result.plan)
    violations: tuple[str, ...] = ()  # the independent checker's findings (should be empty)
    warnings: tuple[str, ...] = ()  # input warnings from loading
    path: Path | None = None


@dataclass(frozen=True)
class MoveView:
    """A move as people read it: names next to ids."""

    kind: str  # MoveKind code
    cadre_id: str
    cadre_name: str
    from_unit_id: str
    from_unit_name: str
    target_id: str
    target_unit_id: str
    target_unit_name: str
    title: str  # post title, or the seat's field
    start: int
    months: int
    score: float | None = None

    @property
    def end(self) -> int:
        return self.start + self.months - 1


Change = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class Difference:
    """A cadre whose move differs between the first scenario (`before`) and `scenario` (`after`)."""

    scenario: str
    change: Change
    cadre_id: str
    cadre_name: str
    from_unit_id: str
    from_unit_name: str
    before: MoveView | None
    after: MoveView | None
    what: tuple[str, ...] = ()  # for "changed": among kind, target, start, months


@dataclass(frozen=True)
class SeatMonth:
    month: int
    used: int  # new secondments of this plan under way in the month
    capacity: int  # capacity of the seats open in the month


@dataclass(frozen=True)
class ScenarioFigures:
    """Everything shown about one scenario."""

    name: str
    file: str | None
    kpis: dict[str, Any]
    filled_by_priority: dict[int, int]
    open_by_priority: dict[int, int]
    groups: dict[str, int]
    seat_use: tuple[SeatMonth, ...]
    burden: dict[str, int]  # source unit id -> new moves of its cadres
    unit_names: dict[str, str]
    moves: tuple[MoveView, ...]
    levels: tuple[dict[str, Any], ...]
    warnings: tuple[str, ...] = ()
    violations: tuple[str, ...] = ()


@dataclass(frozen=True)
class KpiRow:
    key: str
    values: tuple[Any, ...]  # one per scenario, in order
    deltas: tuple[float | None, ...]  # against the first scenario; None for the first and for text

    @property
    def metric(self) -> Metric:
        return METRIC_BY_KEY[self.key]


@dataclass(frozen=True)
class Comparison:
    lang: str
    scenarios: tuple[ScenarioFigures, ...]
    rows: tuple[KpiRow, ...]
    differences: tuple[Difference, ...]
    outcomes: tuple[ScenarioOutcome, ...] = field(default=(), repr=False)
    anonymize: bool = False  # names shown as pseudonyms; each scenario's own outputs are written anonymised too

    @property
    def base(self) -> str:
        return self.scenarios[0].name

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.scenarios)


# --- from a plan to what people read ----------------------------------------------------------------------------
def _target_title(problem: Problem, kind: MoveKind, target_id: str) -> str:
    if kind is MoveKind.ROTATION and target_id in problem.post_by_id:
        return problem.post_by_id[target_id].title
    if target_id in problem.seat_by_id:
        return problem.seat_by_id[target_id].field or ""
    return ""


def _unit_name(problem: Problem, unit_id: str | None) -> str:
    if not unit_id:
        return ""
    unit = problem.unit_by_id.get(unit_id)
    return unit.name if unit else unit_id


def move_views(problem: Problem, plan_moves: Sequence[Move],
               scores: dict[tuple[str, str, int], float] | None = None) -> tuple[MoveView, ...]:
    """The moves of a plan with cadre, source unit and target unit names, sorted by kind, target unit, start."""
    views = []
    for m in plan_moves:
        cadre = problem.cadre_by_id.get(m.cadre_id)
        target_unit = problem.target_unit(m.target_id) or ""
        views.append(MoveView(
            kind=m.kind.code,
            cadre_id=m.cadre_id,
            cadre_name=cadre.full_name if cadre else m.cadre_id,
            from_unit_id=cadre.unit_id if cadre else "",
            from_unit_name=_unit_name(problem, cadre.unit_id) if cadre else "",
            target_id=m.target_id,
            target_unit_id=target_unit,
            target_unit_name=_unit_name(problem, target_unit),
            title=_target_title(problem, m.kind, m.target_id),
            start=m.start,
            months=m.months,
            score=(scores or {}).get((m.cadre_id, m.target_id, m.start)),
        ))
    order = {MoveKind.ROTATION.code: 0, MoveKind.SECONDMENT.code: 1}
    return tuple(sorted(views, key=lambda v: (order.get(v.kind, 2), v.target_unit_name, v.start, v.cadre_name,
                                              v.target_id)))


def open_by_priority(problem: Problem) -> dict[int, int]:
    """Vacant posts this plan can fill (evaluate's `fillable_posts`), counted by priority 1..5."""
    counts = Counter(problem.post_by_id[p].priority for p in fillable_posts(problem))
    return {p: counts.get(p, 0) for p in range(1, 6)}


def filled_by_priority(problem: Problem, plan_moves: Sequence[Any]) -> dict[int, int]:
    """Posts filled by new rotations of the plan, counted by their priority 1..5."""
    posts = {m.target_id for m in plan_moves if m.kind is MoveKind.ROTATION and m.target_id in problem.post_by_id}
    counts = Counter(problem.post_by_id[p].priority for p in posts)
    return {p: counts.get(p, 0) for p in range(1, 6)}


def burden_by_unit(problem: Problem, plan_moves: Sequence[Any]) -> dict[str, int]:
    """New moves of the plan per source unit (the cadre's current `unit_id`), largest first."""
    counts: Counter[str] = Counter()
    for m in plan_moves:
        cadre = problem.cadre_by_id.get(m.cadre_id)
        if cadre is not None:
            counts[cadre.unit_id] += 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def seat_use_by_month(problem: Problem, plan_moves: Sequence[Move]) -> tuple[SeatMonth, ...]:
    """For every month of the horizon: the plan's new secondments under way, and the capacity of the seats open in
    that month (a seat can hold someone from `open_from` to `open_to + months − 1`).

    Summed over the months, `used` is the plan's seat-months and `capacity` the seat-months offered, exactly as
    evaluate() counts them (inside the horizon).
    """
    if not problem.seats:
        return ()
    secondments = [m for m in plan_moves if m.kind is MoveKind.SECONDMENT]
    out = []
    for month in range(problem.horizon_start, problem.horizon_end + 1):
        capacity = sum(s.capacity for s in problem.seats if s.open_from <= month <= s.open_to + s.months - 1)
        used = sum(1 for m in secondments if m.start <= month <= m.end)
        out.append(SeatMonth(month, used, capacity))
    return tuple(out)


def gap_of(result: Result) -> float | None:
    """The gap kpis.json reports (`planner.report.kpis.gap`); None when there is no plan."""
    from planner.report.kpis import gap

    if result.status not in ("OPTIMAL", "FEASIBLE"):
        return None
    return gap(result)


# --- KPIs from the evaluation ----------------------------------------------------------------------------------
def scenario_kpis(outcome: ScenarioOutcome) -> dict[str, Any]:
    """The KPI values of one scenario: the plan's own figures from `evaluate(problem, plan)` (the same numbers as
    its kpis.json), the breakdown by priority derived from the same plan, and the solver's status, gap and time.
    """
    problem, result, ev = outcome.problem, outcome.result, outcome.evaluation
    k = ev.kpis
    by_priority = filled_by_priority(problem, result.plan.moves)
    burden = k.heaviest_burden
    return {
        "posts_open": k.posts_fillable,
        "posts_filled": k.posts_filled,
        **{f"filled_p{p}": by_priority[p] for p in range(5, 0, -1)},
        "priority_filled": k.priority_filled,
        "priority_share": k.priority_share,
        "secondments": k.secondments,
        "seat_months": k.seat_months_used,
        "seat_share": k.seat_use,
        "cadres_moved": k.cadres_moved,
        "moved_ethnic_minority": k.moved_ethnic_minority,
        "moved_women": k.moved_women,
        "moved_young": k.moved_young,
        "burden_max": burden.count if burden else 0,
        "burden_unit": burden.name if burden else None,
        "quality": ev.quality,
        "weighted": ev.weighted if ev.mode == "weighted" else None,
        "status": result.status,
        "gap": gap_of(result),
        "wall_time_s": result.wall_time_s,
        "violations": len(outcome.violations),
    }


def _scores(evaluation: Evaluation) -> dict[tuple[str, str, int], float]:
    return {(s.move.cadre_id, s.move.target_id, s.move.start): s.total for s in evaluation.move_scores}


def scenario_figures(outcome: ScenarioOutcome) -> ScenarioFigures:
    problem, moves = outcome.problem, outcome.result.plan.moves
    kpis = scenario_kpis(outcome)
    burden = burden_by_unit(problem, moves)
    return ScenarioFigures(
        name=outcome.name,
        file=str(outcome.path) if outcome.path else None,
        kpis=kpis,
        filled_by_priority=filled_by_priority(problem, moves),
        open_by_priority=open_by_priority(problem),
        groups={g: kpis[f"moved_{g}"] or 0 for g in GROUPS},
        seat_use=seat_use_by_month(problem, moves),
        burden=burden,
        unit_names={u: _unit_name(problem, u) for u in burden},
        moves=move_views(problem, moves, _scores(outcome.evaluation)),
        levels=tuple({"name": lv.name, "value": lv.value, "bound": lv.bound} for lv in outcome.result.levels),
        warnings=outcome.warnings,
        violations=outcome.violations,
    )


# --- who moves differently ---------------------------------------------------------------------------------------
def _same(a: MoveView, b: MoveView) -> bool:
    return (a.kind, a.target_id, a.start, a.months) == (b.kind, b.target_id, b.start, b.months)


def _what(a: MoveView, b: MoveView) -> tuple[str, ...]:
    out = []
    if a.kind != b.kind:
        out.append("kind")
    if a.target_id != b.target_id:
        out.append("target")
    if a.start != b.start:
        out.append("start")
    if a.months != b.months:
        out.append("months")
    return tuple(out)


def differences(base: ScenarioFigures, other: ScenarioFigures) -> tuple[Difference, ...]:
    """Cadres whose moves differ between `base` and `other`, by cadre.

    Moves identical in both (kind, target, start, months) are not differences. Of the rest, a cadre's moves are
    paired in start order: a pair is "changed" (with what differs), a move only in `other` is "added", only in
    `base` "removed".
    """
    mine: dict[str, list[MoveView]] = {}
    theirs: dict[str, list[MoveView]] = {}
    for v in base.moves:
        mine.setdefault(v.cadre_id, []).append(v)
    for v in other.moves:
        theirs.setdefault(v.cadre_id, []).append(v)
    out: list[Difference] = []
    for cadre_id in sorted(set(mine) | set(theirs)):
        before = sorted(mine.get(cadre_id, []), key=lambda v: (v.start, v.target_id))
        after = sorted(theirs.get(cadre_id, []), key=lambda v: (v.start, v.target_id))
        left = [b for b in before if not any(_same(b, a) for a in after)]
        right = [a for a in after if not any(_same(a, b) for b in before)]
        for i in range(max(len(left), len(right))):
            b = left[i] if i < len(left) else None
            a = right[i] if i < len(right) else None
            who = b or a
            assert who is not None
            change: Change = "changed" if a and b else ("added" if a else "removed")
            out.append(Difference(
                scenario=other.name, change=change, cadre_id=cadre_id, cadre_name=who.cadre_name,
                from_unit_id=who.from_unit_id, from_unit_name=who.from_unit_name, before=b, after=a,
                what=_what(b, a) if a and b else (),
            ))
    order = {"changed": 0, "added": 1, "removed": 2}
    return tuple(sorted(out, key=lambda d: (order[d.change], d.from_unit_name, d.cadre_name, d.cadre_id)))


# --- the comparison ----------------------------------------------------------------------------------------------
def _delta(metric: Metric, base: Any, value: Any) -> float | None:
    if metric.kind == "text" or base is None or value is None:
        return None
    if isinstance(base, bool) or isinstance(value, bool):
        return None
    return value - base


def unique_names(names: Sequence[str]) -> list[str]:
    """Names made unique in order: a repeated name gets " (2)", " (3)", …"""
    seen: Counter[str] = Counter()
    out = []
    for name in names:
        seen[name] += 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def build_comparison(outcomes: Sequence[ScenarioOutcome], lang: str = "vi", anonymize: bool = False) -> Comparison:
    """The comparison of already solved scenarios; the first is the base of every delta and difference.

    With `anonymize`, every figure is built from `anonymized_problem` (the pseudonyms `planner solve --anonymize`
    writes, lock reasons hidden), so no renderer of the comparison can show a real name; `outcomes` keep the real
    problems, whose own outputs the solve writer anonymises (and whose manifest hashes the real inputs).
    """
    from planner.report.common import anonymized_problem

    if not outcomes:
        raise ValueError("no scenario to compare")
    names = unique_names([o.name for o in outcomes])
    outcomes = [o if o.name == n else _renamed(o, n) for o, n in zip(outcomes, names, strict=True)]
    shown = [_with_problem(o, anonymized_problem(o.problem, lang)) if anonymize else o for o in outcomes]
    figures = [scenario_figures(o) for o in shown]
    weighted = any(o.problem.objective.mode == "weighted" for o in outcomes)
    rows = []
    for metric in METRICS:
        if metric.key == "weighted" and not weighted:
            continue
        values = tuple(f.kpis.get(metric.key) for f in figures)
        base = values[0]
        deltas = (None,) + tuple(_delta(metric, base, v) for v in values[1:])
        rows.append(KpiRow(metric.key, values, deltas))
    diffs: list[Difference] = []
    for other in figures[1:]:
        diffs.extend(differences(figures[0], other))
    return Comparison(lang="en" if lang == "en" else "vi", scenarios=tuple(figures), rows=tuple(rows),
                      differences=tuple(diffs), outcomes=tuple(outcomes), anonymize=anonymize)


def _renamed(outcome: ScenarioOutcome, name: str) -> ScenarioOutcome:
    from dataclasses import replace

    return replace(outcome, name=name)


def _with_problem(outcome: ScenarioOutcome, problem: Problem) -> ScenarioOutcome:
    from dataclasses import replace

    return replace(outcome, problem=problem)


# --- formatting shared by the renderers ------------------------------------------------------------------------
def fmt_value(metric: Metric, value: Any, lang: str) -> str:
    if value is None:
        return tr("none", lang)
    if metric.key == "status":
        return tr(f"status.{value}", lang) if f"status.{value}" in STRINGS["vi"] else str(value)
    if metric.kind == "share":
        return f"{100 * value:.1f}%"
    if metric.kind == "seconds":
        return f"{value:.2f}"
    if metric.kind == "float":
        return f"{value:g}" if float(value).is_integer() else f"{value:.2f}"
    return str(value)


def fmt_delta(metric: Metric, delta: float | None) -> str:
    if delta is None:
        return ""
    if metric.kind == "share":
        return f"{100 * delta:+.1f}%" if abs(delta) > 1e-12 else "±0"
    if metric.kind == "seconds":
        return f"{delta:+.2f}" if abs(delta) >= 0.005 else "±0"
    if abs(delta) < 1e-9:
        return "±0"
    if metric.kind == "float" and not float(delta).is_integer():
        return f"{delta:+.2f}"
    return f"{int(delta):+d}" if float(delta).is_integer() else f"{delta:+g}"


def delta_sense(metric: Metric, delta: float | None) -> Literal["better", "worse", "same", ""]:
    """Whether a delta is an improvement in the metric's own direction."""
    if delta is None or metric.better is None:
        return ""
    if abs(delta) < 1e-9:
        return "same"
    good = delta > 0 if metric.better == "up" else delta < 0
    return "better" if good else "worse"


def kind_label(kind: str, lang: str) -> str:
    return tr(f"kinds.{kind}", lang) if f"kinds.{kind}" in STRINGS["vi"] else kind


def describe_move(view: MoveView | None, lang: str) -> str:
    """One line: kind, target (title at unit), months."""
    if view is None:
        return tr("none", lang)
    where = f"{view.title} — {view.target_unit_name}" if view.title else view.target_unit_name
    return (f"{kind_label(view.kind, lang)}: {where} [{view.target_id}], "
            f"{fmt_month(view.start)} → {fmt_month(view.end)}")


def describe_what(diff: Difference, lang: str) -> str:
    return ", ".join(tr(f"what.{w}", lang) for w in diff.what)


# --- JSON -------------------------------------------------------------------------------------------------------
def _move_json(view: MoveView | None) -> dict[str, Any] | None:
    if view is None:
        return None
    return {
        "kind": view.kind, "cadre_id": view.cadre_id, "full_name": view.cadre_name,
        "from_unit_id": view.from_unit_id, "target_id": view.target_id, "target_unit_id": view.target_unit_id,
        "target_unit_name": view.target_unit_name, "title": view.title, "start": fmt_month(view.start),
        "end": fmt_month(view.end), "months": view.months, "score": view.score,
    }


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """Machine-readable comparison: KPIs per scenario (English keys), deltas against the first, differences."""
    return {
        "base": comparison.base,
        "lang": comparison.lang,
        "scenarios": [
            {
                "name": f.name,
                "file": f.file,
                "kpis": f.kpis,
                "levels": list(f.levels),
                "filled_by_priority": {str(p): n for p, n in f.filled_by_priority.items()},
                "open_by_priority": {str(p): n for p, n in f.open_by_priority.items()},
                "moved_by_group": f.groups,
                "burden_by_unit": f.burden,
                "seat_use": [{"month": fmt_month(s.month), "used": s.used, "capacity": s.capacity}
                             for s in f.seat_use],
                "violations": list(f.violations),
                "warnings": list(f.warnings),
            }
            for f in comparison.scenarios
        ],
        "deltas": {
            name: {row.key: row.deltas[i] for row in comparison.rows if row.deltas[i] is not None}
            for i, name in enumerate(comparison.names) if i > 0
        },
        "differences": [
            {"scenario": d.scenario, "change": d.change, "cadre_id": d.cadre_id, "full_name": d.cadre_name,
             "from_unit_id": d.from_unit_id, "from_unit_name": d.from_unit_name, "what": list(d.what),
             "before": _move_json(d.before), "after": _move_json(d.after)}
            for d in comparison.differences
        ],
    }


# --- the whole run -------------------------------------------------------------------------------------------
Progress = Callable[[str], None]


def _settings(problem: Problem, overrides: dict[str, Any] | None) -> SolverSettings:
    """The scenario's solver settings with the command line's overrides (None values ignored) applied."""
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    return SolverSettings.model_validate({**problem.solver.model_dump(), **given})


def _override_issues(overrides: dict[str, Any] | None) -> list[Issue]:
    """Command-line solver settings out of range (e.g. --time-limit 0), as input issues."""
    from pydantic import ValidationError

    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    try:
        SolverSettings.model_validate(given)
    except ValidationError as exc:
        options = {"time_limit_s": "--time-limit", "workers": "--workers", "seed": "--seed"}
        return [Issue(reason=str(e["msg"]), column=options.get(str(e["loc"][0]), str(e["loc"][0])),
                      value=str(given.get(str(e["loc"][0]), ""))) for e in exc.errors()]
    return []


def _display_name(problem: Problem, path: Path) -> str:
    return problem.name if problem.name and problem.name != "scenario" else path.stem


def compare(paths: Sequence[Path], overrides: dict[str, Any] | None = None, lang: str = "vi",
            progress: Progress | None = None, anonymize: bool = False) -> Comparison:
    """Load every scenario, then solve each (in order, with the same `solve()` and the same setting overrides),
    evaluate and check each plan, and compare them against the first.

    Raises `InputError` with the issues of every scenario at once when any scenario has bad input (nothing is
    solved then). `overrides` keys are `SolverSettings` fields (time_limit_s, workers, seed, deterministic).
    With `anonymize`, names are pseudonyms and lock reasons hidden in every output (`build_comparison`); checker
    messages are worded from the anonymised problem and input warnings lose the cell value they quote.
    """
    from dataclasses import replace

    from planner.check import check
    from planner.errors import InputError
    from planner.report.common import anonymized_problem
    from planner.scenario import load_problem
    from planner.solve import solve

    issues = _override_issues(overrides)
    if issues:
        raise InputError(issues)
    loaded = []
    for path in paths:
        try:
            loaded.append((Path(path), load_problem(Path(path))))
        except InputError as exc:
            issues.extend(exc.issues)
    if any(i.severity == "error" for i in issues):
        raise InputError(issues)
    outcomes = []
    for i, (path, scenario) in enumerate(loaded, start=1):
        problem = scenario.problem
        name = _display_name(problem, path)
        settings = _settings(problem, overrides)
        if progress:
            progress(tr("cli.solving", lang, i=i, n=len(loaded), name=name))
        result = solve(problem, settings)
        if progress:
            progress(tr("cli.solved", lang, status=tr(f"status.{result.status}", lang), time=result.wall_time_s))
        evaluation = evaluate(problem, result.plan)
        checked = anonymized_problem(problem, lang) if anonymize else problem  # messages quote lock reasons
        violations = tuple(v.message(lang) for v in check(checked, result.plan))
        warnings = [replace(w, value=None) if anonymize else w for w in scenario.warnings]
        outcomes.append(ScenarioOutcome(
            name=name, problem=problem, result=result, evaluation=evaluation, violations=violations,
            warnings=tuple(str(w) for w in warnings), path=path,
        ))
    return build_comparison(outcomes, lang, anonymize)
