"""The objective levels of the team brief (DESIGN §6), as linear expressions over the x variables.

1. `priority_filled` = Σ post.priority over new rotations;
2. `secondments` = number of new secondments;
3. `quality` = Σ move scores − w.burden_heaviest_unit × (the largest number of new moves whose cadres share one
   current unit; 0 without moves);
`weighted` (objective.mode weighted) = fill_weight × L1 + secondment_weight × L2 + L3, one level.
All are maximised. A level is kept as coefficients on x plus the burden term, so its value can be recomputed from
any assignment (`Level.value`) without the solver.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models.domain import Cadre
from models.problem import Problem
from models.scales import Gender, MoveKind
from models.text import key
from planner.cpsat.variables import Variables


def score_parts(problem: Problem, cadre: Cadre, target_id: str, start: int) -> dict[str, int]:
    """The named parts of the score of a move of `cadre` into `target_id` starting at `start` (brief, level 3)."""
    w = problem.objective.weights
    post = problem.post_by_id.get(target_id)
    seat = problem.seat_by_id.get(target_id)
    target = post if post is not None else seat
    assert target is not None
    unit = problem.unit_by_id.get(target.unit_id)
    parts = dict.fromkeys(
        ("field_match", "language_match", "ethnic_to_ethnic_area", "young", "women", "difficult_commune", "delay"), 0
    )
    cadre_field = key(cadre.field)
    if post is not None:
        if cadre_field and post.fields and cadre_field in {key(f) for f in post.fields}:
            parts["field_match"] = w.field_match
        languages = {key(post.language)} if post.language else {key(x) for x in (unit.languages if unit else ())}
        languages.discard("")
        if languages and languages & {key(x) for x in cadre.languages}:
            parts["language_match"] = w.language_match
        if cadre.ethnic_minority and unit is not None and unit.ethnic_area:
            parts["ethnic_to_ethnic_area"] = w.ethnic_to_ethnic_area
        if unit is not None and unit.difficult:
            parts["difficult_commune"] = w.difficult_commune
    elif seat is not None and seat.field and cadre_field == key(seat.field):
        parts["field_match"] = w.field_match
    if problem.age_years(cadre, start) < problem.policy.young_age:
        parts["young"] = w.young
    if cadre.gender is Gender.FEMALE:
        parts["women"] = w.women
    parts["delay"] = -w.delay_per_month * (start - target.open_from)
    return parts


def move_score(problem: Problem, cadre: Cadre, target_id: str, start: int) -> int:
    return sum(score_parts(problem, cadre, target_id, start).values())


@dataclass
class Level:
    """One objective level: Σ coefs[k]·x[k] − burden × (heaviest source unit's number of moves)."""

    name: str
    coefs: list[int]
    burden: int = 0  # weight of the heaviest-unit term (0: no such term)

    def value(self, chosen: list[int], v: Variables, unit_of: dict[str, str]) -> int:
        """The level's value for the x indices set to 1."""
        total = sum(self.coefs[k] for k in chosen)
        if self.burden:
            counts = Counter(unit_of[v.cadre[k]] for k in chosen)
            total -= self.burden * max(counts.values(), default=0)
        return total

    def trivial_bound(self, v: Variables, unit_of: dict[str, str]) -> int:
        """An upper bound valid for every plan: the positive coefficients (and the burden term at its best)."""
        total = sum(c for c in self.coefs if c > 0)
        if self.burden < 0:
            counts = Counter(unit_of[v.cadre[k]] for k in range(len(v.x)))
            total += -self.burden * max(counts.values(), default=0)
        return total


def move_scores(problem: Problem, v: Variables) -> list[int]:
    """The score of every x, computed once per (cadre, target) for the start-independent parts."""
    cache: dict[tuple[str, str], tuple[int, int, int]] = {}
    w = problem.objective.weights
    young_months = 12 * problem.policy.young_age
    out = []
    for cadre_id, target_id, start in zip(v.cadre, v.target, v.start, strict=True):
        pair = (cadre_id, target_id)
        found = cache.get(pair)
        if found is None:
            cadre = problem.cadre_by_id[cadre_id]
            parts = score_parts(problem, cadre, target_id, start)
            static = sum(val for name, val in parts.items() if name not in ("young", "delay"))
            target = problem.post_by_id.get(target_id) or problem.seat_by_id[target_id]
            # Young at `start` iff the completed age (start − birth) // 12 < young_age, i.e. start < this month.
            found = cache[pair] = (static, target.open_from, cadre.birth_date + young_months)
        static, open_from, young_until = found
        young = w.young if start < young_until else 0
        out.append(static + young - w.delay_per_month * (start - open_from))
    return out


def objective_levels(problem: Problem, v: Variables) -> list[Level]:
    """The levels to optimise, in order (one `weighted` level in weighted mode)."""
    obj = problem.objective
    fill = [problem.post_by_id[v.target[k]].priority if v.kind[k] is MoveKind.ROTATION else 0
            for k in range(len(v.x))]
    seconded = [1 if v.kind[k] is MoveKind.SECONDMENT else 0 for k in range(len(v.x))]
    quality = move_scores(problem, v)
    burden = obj.weights.burden_heaviest_unit
    if obj.mode == "weighted":
        coefs = [obj.fill_weight * f + obj.secondment_weight * s + q for f, s, q in zip(fill, seconded, quality,
                                                                                         strict=True)]
        return [Level("weighted", coefs, burden)]
    return [Level("priority_filled", fill), Level("secondments", seconded), Level("quality", quality, burden)]


def add_level_expr(model: cp_model.CpModel, problem: Problem, v: Variables, level: Level) -> cp_model.LinearExprT:
    """The level as a CP-SAT expression (adds the heaviest-unit variable when the level has a burden term)."""
    pairs = [(v.x[k], c) for k, c in enumerate(level.coefs) if c]
    expr: cp_model.LinearExpr = cp_model.LinearExpr.weighted_sum([p[0] for p in pairs], [p[1] for p in pairs])
    if not level.burden or not v.x:
        return expr
    unit_of = {c.cadre_id: c.unit_id for c in problem.cadres}
    per_unit: dict[str, list[int]] = defaultdict(list)
    for k in range(len(v.x)):
        per_unit[unit_of[v.cadre[k]]].append(k)
    cadres_per_unit = Counter(unit_of[cid] for cid in v.by_cadre)
    top = max(cadres_per_unit[u] * problem.policy.max_moves_per_cadre for u in per_unit)
    heaviest = model.new_int_var(0, top, f"heaviest_unit[{level.name}]")
    counts = [cp_model.LinearExpr.sum([v.x[k] for k in ks]) for ks in per_unit.values()]
    if level.burden > 0:
        for count in counts:  # maximising −burden × heaviest pushes it down onto the largest count
            model.add(heaviest >= count)
    else:
        model.add_max_equality(heaviest, counts)
    return expr - level.burden * heaviest
