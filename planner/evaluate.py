"""Solver-free evaluation of a plan: the objective levels, each move's score and the KPIs of DESIGN §7.

The objective is recomputed exactly as the team brief defines it, so that the solver's reported objective can be
asserted equal to it:

1. `priority_filled` = sum of `post.priority` over the posts filled by new rotations of the plan;
2. `secondments` = number of new secondments;
3. `quality` = sum of the move scores − `w.burden_heaviest_unit` × (the largest number of new moves whose cadres
   share one current `unit_id`; 0 without moves);
`weighted` (objective.mode weighted) = fill_weight × L1 + secondment_weight × L2 + L3.

No solver import; no side effect. Works on any plan (a broken one too: each post counts once).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from models.domain import Cadre, Move
from models.plan import Plan
from models.problem import Problem
from models.scales import Gender, MoveKind
from models.text import key

# The named parts of a move's score, in the order of the brief (columns of assignments.csv).
SCORE_PARTS: tuple[str, ...] = (
    "field_match", "language_match", "ethnic_to_ethnic_area", "young", "women", "difficult_commune", "delay",
)
SCORE_PART_LABELS: dict[str, tuple[str, str]] = {
    "field_match": ("Đúng lĩnh vực", "Field match"),
    "language_match": ("Biết tiếng dân tộc", "Language match"),
    "ethnic_to_ethnic_area": ("Người DTTS đến vùng DTTS", "Ethnic minority to ethnic area"),
    "young": ("Cán bộ trẻ", "Young cadre"),
    "women": ("Cán bộ nữ", "Woman cadre"),
    "difficult_commune": ("Xã đặc biệt khó khăn", "Extremely difficult commune"),
    "delay": ("Bắt đầu muộn", "Late start"),
}
LEVEL_LABELS: dict[str, tuple[str, str]] = {
    "priority_filled": ("Tổng mức ưu tiên các vị trí được bố trí", "Priority of the posts filled"),
    "secondments": ("Số cán bộ biệt phái", "Secondments"),
    "quality": ("Chất lượng phương án", "Plan quality"),
    "weighted": ("Điểm tổng hợp có trọng số", "Weighted score"),
}


@dataclass(frozen=True)
class MoveScore:
    """A move's quality score split into its named, already weighted parts (sum = `total`)."""

    move: Move
    parts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.parts.values())


@dataclass(frozen=True)
class Burden:
    """The source unit that loses the most cadres to new moves of the plan."""

    unit_id: str
    name: str
    count: int


@dataclass(frozen=True)
class Kpis:
    posts_fillable: int  # posts not held by an ongoing rotation
    posts_filled: int
    priority_fillable: int
    priority_filled: int
    priority_share: float  # priority_filled / priority_fillable (0 when nothing is fillable)
    secondments: int
    seat_months_used: int  # new secondments' months inside the horizon
    seat_months_offered: int  # Σ capacity × months a seat can hold someone inside the horizon
    seat_use: float
    cadres_moved: int
    moved_ethnic_minority: int
    moved_young: int  # younger than policy.young_age at the start of their (first) move
    moved_women: int
    heaviest_burden: Burden | None
    moves_by_kind: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Evaluation:
    mode: str
    priority_filled: int
    secondments: int
    quality: int
    weighted: int
    burden_penalty: int
    move_scores: tuple[MoveScore, ...]
    kpis: Kpis

    @property
    def levels(self) -> tuple[tuple[str, int], ...]:
        """The objective levels of the scenario's mode, by name, in order."""
        if self.mode == "weighted":
            return (("weighted", self.weighted),)
        return (("priority_filled", self.priority_filled), ("secondments", self.secondments), ("quality", self.quality))

    def score_of(self, move: Move) -> MoveScore:
        return next(s for s in self.move_scores if s.move == move)


def fillable_posts(problem: Problem) -> list[str]:
    """Posts this plan may fill: those not held by an ongoing rotation (Exact readings)."""
    held = {o.target_id for o in problem.ongoing}
    return [p.post_id for p in problem.posts if p.post_id not in held]


def is_young(problem: Problem, cadre: Cadre, month: int) -> bool:
    return problem.age_years(cadre, month) < problem.policy.young_age


def move_score(problem: Problem, move: Move) -> MoveScore:
    """The brief's move score, part by part, with `objective.weights` applied."""
    w = problem.objective.weights
    cadre = problem.cadre_by_id[move.cadre_id]
    parts = dict.fromkeys(SCORE_PARTS, 0)
    if move.kind is MoveKind.ROTATION:
        post = problem.post_by_id[move.target_id]
        unit = problem.unit_by_id.get(post.unit_id)
        if cadre.field and post.fields and key(cadre.field) in {key(f) for f in post.fields}:
            parts["field_match"] = w.field_match
        languages = (post.language,) if post.language else (unit.languages if unit else ())
        if languages and {key(x) for x in languages} & {key(x) for x in cadre.languages}:
            parts["language_match"] = w.language_match
        if cadre.ethnic_minority and unit is not None and unit.ethnic_area:
            parts["ethnic_to_ethnic_area"] = w.ethnic_to_ethnic_area
        if unit is not None and unit.difficult:
            parts["difficult_commune"] = w.difficult_commune
        open_from = post.open_from
    else:
        seat = problem.seat_by_id[move.target_id]
        if cadre.field and seat.field and key(cadre.field) == key(seat.field):
            parts["field_match"] = w.field_match
        open_from = seat.open_from
    if is_young(problem, cadre, move.start):
        parts["young"] = w.young
    if cadre.gender is Gender.FEMALE:
        parts["women"] = w.women
    parts["delay"] = -w.delay_per_month * (move.start - open_from)
    return MoveScore(move=move, parts=parts)


def _sorted_moves(plan: Plan) -> list[Move]:
    return sorted(plan.moves, key=lambda m: (m.kind.rank, m.target_id, m.start, m.cadre_id))


def evaluate(problem: Problem, plan: Plan) -> Evaluation:
    """Objective levels, move scores and KPIs of `plan`, computed without a solver."""
    moves = _sorted_moves(plan)
    rotations = [m for m in moves if m.kind is MoveKind.ROTATION]
    secondments = [m for m in moves if m.kind is MoveKind.SECONDMENT]
    filled = {m.target_id for m in rotations if m.target_id in problem.post_by_id}
    priority_filled = sum(problem.post_by_id[p].priority for p in filled)

    scores = tuple(move_score(problem, m) for m in moves)
    per_unit = Counter(problem.cadre_by_id[m.cadre_id].unit_id for m in moves)
    heaviest = max(per_unit.values(), default=0)
    burden_penalty = problem.objective.weights.burden_heaviest_unit * heaviest
    quality = sum(s.total for s in scores) - burden_penalty
    obj = problem.objective
    weighted = obj.fill_weight * priority_filled + obj.secondment_weight * len(secondments) + quality

    return Evaluation(
        mode=obj.mode,
        priority_filled=priority_filled,
        secondments=len(secondments),
        quality=quality,
        weighted=weighted,
        burden_penalty=burden_penalty,
        move_scores=scores,
        kpis=_kpis(problem, moves, filled, priority_filled, per_unit),
    )


def _kpis(problem: Problem, moves: list[Move], filled: set[str], priority_filled: int,
          per_unit: Counter[str]) -> Kpis:
    fillable = fillable_posts(problem)
    priority_fillable = sum(problem.post_by_id[p].priority for p in fillable)
    h0, h1 = problem.horizon_start, problem.horizon_end

    secondments = [m for m in moves if m.kind is MoveKind.SECONDMENT]
    used = sum(max(0, min(m.end, h1) - max(m.start, h0) + 1) for m in secondments)
    offered = 0
    for seat in problem.seats:
        last = min(seat.open_to + seat.months - 1, h1)
        offered += seat.capacity * max(0, last - max(seat.open_from, h0) + 1)

    first_start: dict[str, int] = {}
    for m in moves:
        first_start[m.cadre_id] = min(m.start, first_start.get(m.cadre_id, m.start))
    moved = [problem.cadre_by_id[c] for c in sorted(first_start)]

    burden = None
    if per_unit:
        # The most moves; ties go to the smallest unit id, so the KPI is stable.
        unit_id, count = min(per_unit.items(), key=lambda kv: (-kv[1], kv[0]))
        unit = problem.unit_by_id.get(unit_id)
        burden = Burden(unit_id=unit_id, name=unit.name if unit else unit_id, count=count)

    return Kpis(
        posts_fillable=len(fillable),
        posts_filled=len(filled),
        priority_fillable=priority_fillable,
        priority_filled=priority_filled,
        priority_share=priority_filled / priority_fillable if priority_fillable else 0.0,
        secondments=len(secondments),
        seat_months_used=used,
        seat_months_offered=offered,
        seat_use=used / offered if offered else 0.0,
        cadres_moved=len(moved),
        moved_ethnic_minority=sum(c.ethnic_minority for c in moved),
        moved_young=sum(is_young(problem, c, first_start[c.cadre_id]) for c in moved),
        moved_women=sum(c.gender is Gender.FEMALE for c in moved),
        heaviest_burden=burden,
        moves_by_kind={k.code: sum(m.kind is k for m in moves) for k in MoveKind},
    )
