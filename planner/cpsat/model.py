"""The CP-SAT planning model: variables, the hard families in order, the locks and the objective levels.

`build_model(problem)` is the only entry point; `planner.solve` drives the lexicographic levels over it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.domain import Move
from models.plan import Plan
from models.problem import Problem
from models.scales import LockAction
from planner.cpsat.constraints import CONSTRAINTS, add_locks, lock_matches
from planner.cpsat.objective import Level, add_level_expr, objective_levels
from planner.cpsat.variables import Variables, add_variables
from planner.eligibility import Eligibility, eligibility


@dataclass
class PlanningModel:
    problem: Problem
    elig: Eligibility
    model: cp_model.CpModel
    v: Variables
    lock_literals: list[cp_model.IntVar]
    levels: list[Level]
    exprs: list[cp_model.LinearExprT] = field(default_factory=list)

    @property
    def unit_of(self) -> dict[str, str]:
        return {c.cadre_id: c.unit_id for c in self.problem.cadres}

    def plan(self, chosen: list[int]) -> Plan:
        """The plan of the x indices set to 1, moves sorted."""
        v = self.v
        moves = [Move(kind=v.kind[k], cadre_id=v.cadre[k], target_id=v.target[k], start=v.start[k],
                      months=v.months[k]) for k in chosen]
        return Plan(moves=tuple(moves)).sorted()

    def indices_of(self, plan: Plan) -> list[int]:
        """The x indices of a plan's moves (moves without a variable are ignored)."""
        index = self.v.index()
        return [index[key] for m in plan.moves if (key := (m.cadre_id, m.target_id, m.start)) in index]


def build_model(problem: Problem, elig: Eligibility | None = None, *, enforce_locks: bool = True) -> PlanningModel:
    """The whole model. With `enforce_locks` the lock literals are fixed true; else they are left for assumptions."""
    elig = elig or eligibility(problem)
    model = cp_model.CpModel()
    v = add_variables(model, problem, elig)
    for family in CONSTRAINTS:
        family(model, problem, v)
    literals = add_locks(model, problem, v)
    if enforce_locks and literals:
        model.add_bool_and(literals)
    levels = objective_levels(problem, v)
    exprs = [add_level_expr(model, problem, v, level) for level in levels]
    return PlanningModel(problem, elig, model, v, literals, levels, exprs)


def greedy(pm: PlanningModel) -> list[int]:
    """A quick plan for the solver's hint: pinned moves first, then posts by priority and seats, each taking its
    best-scoring candidate that keeps every capacity (forbidden moves skipped). Not necessarily feasible with
    partial pins; the solver repairs or ignores it."""
    problem, v = pm.problem, pm.v
    forbidden: set[int] = set()
    pinned: list[int] = []
    for lock in problem.locks:
        ks = lock_matches(v, lock)
        if lock.action is LockAction.FORBID:
            forbidden.update(ks)
        elif lock.cadre_id and lock.target_id and ks:
            pinned.append(ks[0])
    quality = pm.levels[-1].coefs
    unit_of = pm.unit_of
    caps = {u.unit_id: problem.away_cap(u) for u in problem.units}
    away: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    seat_use: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for o in problem.ongoing:
        if o.cadre_id in unit_of:
            for m in range(o.start, o.end + 1):
                away[unit_of[o.cadre_id]][m] += 1
        if o.target_id in problem.seat_by_id:
            for m in range(o.start, o.end + 1):
                seat_use[o.target_id][m] += 1
    busy: dict[str, list[tuple[int, int]]] = defaultdict(list)
    taken: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    chosen: list[int] = []
    limit = problem.policy.max_moves_per_cadre

    def fits(k: int) -> bool:
        cid, tid, s, e = v.cadre[k], v.target[k], v.start[k], v.end(k)
        mine = busy[cid]
        if len(mine) >= limit or any(a <= e and s <= b for a, b in mine) or tid in taken or (cid, tid) in pairs:
            return False
        cap = caps.get(unit_of[cid])
        if cap is not None and any(away[unit_of[cid]][m] + 1 > cap for m in range(s, e + 1)):
            return False
        seat = problem.seat_by_id.get(tid)
        return seat is None or all(seat_use[tid][m] + 1 <= seat.capacity for m in range(s, e + 1))

    def take(k: int) -> None:
        cid, tid, s, e = v.cadre[k], v.target[k], v.start[k], v.end(k)
        busy[cid].append((s, e))
        pairs.add((cid, tid))  # nobody takes the same post or seat twice (DESIGN "Exact readings")
        for m in range(s, e + 1):
            away[unit_of[cid]][m] += 1
            if tid in problem.seat_by_id:
                seat_use[tid][m] += 1
        if tid in problem.post_by_id:
            taken.add(tid)
        chosen.append(k)

    for k in pinned:
        if k not in forbidden and fits(k):
            take(k)
    posts = sorted(problem.posts, key=lambda p: (-p.priority, p.open_from, p.post_id))
    for target_id in [p.post_id for p in posts] + [s.seat_id for s in problem.seats]:
        ks = sorted((k for k in v.by_target.get(target_id, []) if k not in forbidden),
                    key=lambda k: (-quality[k], k))
        for k in ks:
            if fits(k):
                take(k)
                if target_id in problem.post_by_id:
                    break
    return sorted(chosen)
