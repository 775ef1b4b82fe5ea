"""The plain time-indexed model of DESIGN §4/§6, solver-neutral: what every peer of the benchmarks solves.

One 0/1 column per eligible move (cadre, target, start) as `planner.eligibility.candidates` lists them. The hard
rules become rows of two shapes only:

* "at most" rows  Σ x ≤ rhs : a post filled at most once (rule 2); a seat's capacity in every month, less the
  `ongoing` secondments it holds (rule 3); a cadre's `max_moves_per_cadre` (rule 1), and when that exceeds 1,
  one move per cadre per month and per target; a unit's away cap in every month, less its cadres away on
  `ongoing` moves (rule 6);
* "at least" rows Σ x ≥ 1 : the pins of DESIGN §3 (a pinned move, a cadre who must move, a target that must be
  filled). Forbids remove columns.

The objective levels are coefficient vectors over the columns: level 1 the post priority of rotations, level 2 one
per secondment, level 3 the move score of the brief less `burden_heaviest_unit` × B, where B ≥ the new moves of
each source unit (rows `burden`). Greedy, HiGHS and plain CP-SAT read this one structure, so they solve the same
problem by construction. No solver import here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from models.domain import Cadre, Post, Seat
from models.plan import Move, Plan
from models.problem import Problem
from models.scales import Gender, LockAction, MoveKind
from models.text import key

LEVELS_LEX = ("priority_filled", "secondments", "quality")


@dataclass
class TimeIndexed:
    """Columns (moves) and rows of the time-indexed model. Row index lists point into `moves`."""

    moves: list[Move]
    priority: list[int]  # level-1 coefficient of each move (post priority for rotations, else 0)
    secondment: list[int]  # level-2 coefficient (1 for secondments)
    score: list[int]  # level-3 move score (without the burden term)
    at_most: list[tuple[str, list[int], int]]  # (name, columns, rhs)
    at_least: list[tuple[str, list[int], int]]
    burden_groups: list[tuple[str, list[int]]]  # per source unit: its moves
    burden_weight: int
    mode: str  # "lexicographic" or "weighted"
    fill_weight: int
    secondment_weight: int
    infeasible: list[str] = field(default_factory=list)  # pins with no eligible column

    @property
    def level_names(self) -> tuple[str, ...]:
        return LEVELS_LEX if self.mode == "lexicographic" else ("weighted",)

    def level_coefficients(self) -> list[tuple[str, list[int], int]]:
        """Per level: (name, column coefficients, coefficient of the burden variable B)."""
        if self.mode == "lexicographic":
            return [
                ("priority_filled", self.priority, 0),
                ("secondments", self.secondment, 0),
                ("quality", self.score, -self.burden_weight),
            ]
        fw, sw = self.fill_weight, self.secondment_weight
        coef = [fw * p + sw * s + q for p, s, q in zip(self.priority, self.secondment, self.score, strict=True)]
        return [("weighted", coef, -self.burden_weight)]

    def plan(self, chosen: list[int]) -> Plan:
        return Plan(moves=tuple(self.moves[i] for i in sorted(set(chosen)))).sorted()


def _candidates(problem: Problem, target_id: str) -> list[tuple[str, tuple[int, ...]]]:
    from planner.eligibility import candidates

    out = []
    for cand in candidates(problem, target_id):
        out.append((cand.cadre_id, tuple(sorted(cand.starts))))
    return out


def move_score(problem: Problem, cadre: Cadre, target: Post | Seat, start: int) -> int:
    """The level-3 score of one move, exactly as the team brief defines it (burden term excluded)."""
    w = problem.objective.weights
    unit = problem.unit_by_id.get(target.unit_id)
    score = 0
    if isinstance(target, Post):
        if cadre.field and target.fields and key(cadre.field) in {key(f) for f in target.fields}:
            score += w.field_match
        langs = {key(target.language)} if target.language else {key(x) for x in (unit.languages if unit else ())}
        langs.discard("")
        if langs and langs & {key(x) for x in cadre.languages}:
            score += w.language_match
        if cadre.ethnic_minority and unit is not None and unit.ethnic_area:
            score += w.ethnic_to_ethnic_area
        if unit is not None and unit.difficult:
            score += w.difficult_commune
    elif target.field and cadre.field and key(cadre.field) == key(target.field):
        score += w.field_match
    if problem.age_years(cadre, start) < problem.policy.young_age:
        score += w.young
    if cadre.gender is Gender.FEMALE:
        score += w.women
    score -= w.delay_per_month * (start - target.open_from)
    return score


def evaluate(problem: Problem, plan: Plan) -> dict[str, int]:
    """Objective levels of a plan, recomputed from the plan alone (the peers' own account; cross-checked in tests)."""
    l1 = l2 = q = 0
    per_unit: dict[str, int] = defaultdict(int)
    for m in plan.moves:
        cadre = problem.cadre_by_id[m.cadre_id]
        target: Post | Seat
        if m.kind is MoveKind.ROTATION:
            target = problem.post_by_id[m.target_id]
            l1 += target.priority
        else:
            target = problem.seat_by_id[m.target_id]
            l2 += 1
        q += move_score(problem, cadre, target, m.start)
        per_unit[cadre.unit_id] += 1
    q -= problem.objective.weights.burden_heaviest_unit * max(per_unit.values(), default=0)
    if problem.objective.mode == "weighted":
        o = problem.objective
        return {"weighted": o.fill_weight * l1 + o.secondment_weight * l2 + q}
    return {"priority_filled": l1, "secondments": l2, "quality": q}


def _cover(moves: list[Move], cols: list[int], extra: frozenset[int] | set[int] = frozenset()) -> dict[int, list[int]]:
    """Columns covering each month where the covering set or the rhs can change.

    A month m's row is implied by the row at the latest start (or `extra` change point, e.g. where ongoing moves
    begin or end) at or before m: every move covering m started by then and still runs, and the rhs is equal.
    """
    if not cols:
        return {}
    idx = np.asarray(cols, dtype=np.int64)
    starts = np.asarray([moves[i].start for i in cols], dtype=np.int64)
    ends = np.asarray([moves[i].end for i in cols], dtype=np.int64)
    points = sorted(set(starts.tolist()) | set(extra))
    return {m: idx[(starts <= m) & (ends >= m)].tolist() for m in points}


def _month_rows(
    name: str, cover: dict[int, list[int]], rhs_of_month: dict[int, int] | int, rows: list[tuple[str, list[int], int]]
) -> None:
    """Add one row per month (deduplicated: equal column sets keep the smallest rhs; slack rows dropped)."""
    best: dict[tuple[int, ...], tuple[int, int]] = {}
    for month, cols in cover.items():
        rhs = rhs_of_month if isinstance(rhs_of_month, int) else rhs_of_month.get(month, 0)
        rhs = max(0, rhs)
        if len(cols) <= rhs:
            continue
        sig = tuple(sorted(cols))
        if sig not in best or rhs < best[sig][1]:
            best[sig] = (month, rhs)
    for sig, (month, rhs) in best.items():
        rows.append((f"{name}@{month}", list(sig), rhs))


def build(problem: Problem) -> TimeIndexed:
    """Enumerate every eligible move and write the rows of DESIGN §4 over them."""
    policy = problem.policy
    held = {o.target_id for o in problem.ongoing if o.target_id in problem.post_by_id}
    forbid_pairs: set[tuple[str | None, str | None, int | None]] = set()
    for lock in problem.locks:
        if lock.action is LockAction.FORBID:
            forbid_pairs.add((lock.cadre_id, lock.target_id, lock.start))

    def forbidden(c: str, t: str, s: int) -> bool:
        if not forbid_pairs:
            return False
        return any(
            (fc is None or fc == c) and (ft is None or ft == t) and (fs is None or fs == s)
            for fc, ft, fs in forbid_pairs
        )

    moves: list[Move] = []
    priority: list[int] = []
    second: list[int] = []
    score: list[int] = []
    targets: list[tuple[MoveKind, Post | Seat]] = [
        (MoveKind.ROTATION, p) for p in problem.posts if p.post_id not in held
    ] + [(MoveKind.SECONDMENT, s) for s in problem.seats]
    by_target: dict[str, list[int]] = defaultdict(list)
    by_cadre: dict[str, list[int]] = defaultdict(list)
    for kind, target in targets:
        tid = target.post_id if isinstance(target, Post) else target.seat_id
        for cadre_id, starts in _candidates(problem, tid):
            cadre = problem.cadre_by_id[cadre_id]
            base = move_score(problem, cadre, target, target.open_from)
            young_until = cadre.birth_date + 12 * policy.young_age  # young while start < this month
            young_at_open = target.open_from < young_until
            w = problem.objective.weights
            for s in starts:
                if forbidden(cadre_id, tid, s):
                    continue
                i = len(moves)
                moves.append(Move(kind=kind, cadre_id=cadre_id, target_id=tid, start=s, months=target.months))
                priority.append(target.priority if isinstance(target, Post) else 0)
                second.append(1 if kind is MoveKind.SECONDMENT else 0)
                sc = base - w.delay_per_month * (s - target.open_from)
                if young_at_open and not s < young_until:
                    sc -= w.young
                score.append(sc)
                by_target[tid].append(i)
                by_cadre[cadre_id].append(i)

    at_most: list[tuple[str, list[int], int]] = []
    # Rule 2: a post at most once.
    for post in problem.posts:
        cols = by_target.get(post.post_id, [])
        if len(cols) > 1:
            at_most.append((f"post:{post.post_id}", cols, 1))
    # Rule 3: seat capacity in every month, less ongoing secondments held.
    for seat in problem.seats:
        held_m: dict[int, int] = defaultdict(int)
        for o in problem.ongoing:
            if o.target_id == seat.seat_id:
                for month in range(o.start, o.end + 1):
                    held_m[month] += 1
        changes = {mo for o in problem.ongoing if o.target_id == seat.seat_id for mo in (o.start, o.end + 1)}
        cover = _cover(moves, by_target.get(seat.seat_id, []), changes)
        _month_rows(f"seat:{seat.seat_id}", cover, {mo: seat.capacity - held_m[mo] for mo in cover}, at_most)
    # Rule 1: moves per cadre; with more than one allowed, never two at once and never the same target twice.
    for cadre_id, cols in by_cadre.items():
        if len(cols) > policy.max_moves_per_cadre:
            at_most.append((f"cadre:{cadre_id}", cols, policy.max_moves_per_cadre))
        if policy.max_moves_per_cadre > 1:
            same: dict[str, list[int]] = defaultdict(list)
            for i in cols:
                same[moves[i].target_id].append(i)
            cover = _cover(moves, cols)
            _month_rows(f"cadre-month:{cadre_id}", cover, 1, at_most)
            for tid, tcols in same.items():
                if len(tcols) > 1:
                    at_most.append((f"cadre-target:{cadre_id}:{tid}", tcols, 1))
    # Rule 6: unit away caps in every month, counting ongoing moves of the unit's own cadres.
    unit_cols: dict[str, list[int]] = defaultdict(list)
    for cadre_id, cols in by_cadre.items():
        unit_cols[problem.cadre_by_id[cadre_id].unit_id].extend(cols)
    for unit in problem.units:
        cap = problem.away_cap(unit)
        cols = unit_cols.get(unit.unit_id, [])
        if cap is None or not cols:
            continue
        away: dict[int, int] = defaultdict(int)
        unit_changes: set[int] = set()
        for o in problem.ongoing:
            c = problem.cadre_by_id.get(o.cadre_id)
            if c is not None and c.unit_id == unit.unit_id:
                unit_changes |= {o.start, o.end + 1}
                for month in range(o.start, o.end + 1):
                    away[month] += 1
        cover = _cover(moves, cols, unit_changes)
        _month_rows(f"unit:{unit.unit_id}", cover, {mo: cap - away[mo] for mo in cover}, at_most)

    # Rule 7: pins.
    at_least: list[tuple[str, list[int], int]] = []
    infeasible: list[str] = []
    for lock in problem.locks:
        if lock.action is not LockAction.PIN:
            continue
        if lock.cadre_id and lock.target_id:
            pool = [i for i in by_cadre.get(lock.cadre_id, []) if moves[i].target_id == lock.target_id]
        elif lock.cadre_id:
            pool = list(by_cadre.get(lock.cadre_id, []))
        elif lock.target_id:
            pool = list(by_target.get(lock.target_id, []))
        else:
            continue
        if lock.start is not None:
            pool = [i for i in pool if moves[i].start == lock.start]
        if not pool:
            infeasible.append(lock.describe())
        at_least.append((f"pin:{lock.describe()}", pool, 1))

    burden_groups = [(u, cols) for u, cols in sorted(unit_cols.items()) if cols]
    return TimeIndexed(
        moves=moves,
        priority=priority,
        secondment=second,
        score=score,
        at_most=at_most,
        at_least=at_least,
        burden_groups=burden_groups,
        burden_weight=problem.objective.weights.burden_heaviest_unit,
        mode=problem.objective.mode,
        fill_weight=problem.objective.fill_weight,
        secondment_weight=problem.objective.secondment_weight,
        infeasible=infeasible,
    )
