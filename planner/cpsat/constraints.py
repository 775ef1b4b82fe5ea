"""The hard constraint families of DESIGN §4 that are not settled by eligibility, one `add_<family>()` each.

`CONSTRAINTS` lists them once, in order; `model.build_model` calls each. A family with no data adds nothing.
Time-indexed capacities are per-month sums over the x variables that cover the month; a month whose set of covering
(start, length) groups is contained in another month's, with no more room, is skipped (it cannot be the binding
one), and so is a month whose candidates cannot exceed the room. (Summing each group into an intermediate integer
first gives fewer terms but, measured at province scale, a much weaker bound on level 1: kept direct on purpose.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from ortools.sat.python import cp_model

from models.domain import Lock
from models.problem import Problem
from models.scales import LockAction
from planner.cpsat.variables import Variables

Family = Callable[[cp_model.CpModel, Problem, Variables], None]


def _room(capacity: int, used: dict[int, int]) -> Callable[[int], int]:
    """room(month) = `capacity` minus what ongoing moves already hold in that month."""
    return lambda month: capacity - used.get(month, 0)


def _monthly_limits(
    model: cp_model.CpModel,
    groups: dict[tuple[int, int], list[int]],
    x: list[cp_model.IntVar],
    room: Callable[[int], int],
    name: str,
) -> None:
    """For every month, the x of `groups` ((start, months) -> x indices) covering it sum to at most room(month)."""
    if not groups:
        return
    keys = sorted(groups)
    # Each (start, months) group summed once and shared by every month's row (LinearExpr.sum: Python's sum()
    # was the slowest part of building the model at L).
    sums = {key: cp_model.LinearExpr.sum([x[k] for k in groups[key]]) for key in keys}
    # Candidate constraints: month -> (covering keys, room); keep the undominated ones.
    first = min(s for s, _ in keys)
    last = max(s + m - 1 for s, m in keys)
    rows: dict[frozenset[tuple[int, int]], int] = {}
    for month in range(first, last + 1):
        cover = frozenset(k for k in keys if k[0] <= month <= k[0] + k[1] - 1)
        if not cover:
            continue
        limit = max(0, room(month))
        if cover not in rows or limit < rows[cover]:
            rows[cover] = limit
    kept = [
        (cover, limit) for cover, limit in rows.items()
        if not any(other > cover and other_limit <= limit for other, other_limit in rows.items())
    ]
    for cover, limit in kept:
        members_count = sum(len(groups[k]) for k in cover)
        if members_count <= limit:
            continue  # cannot bind
        model.add(cp_model.LinearExpr.sum([sums[k] for k in sorted(cover)]) <= limit).with_name(name)


def _group(v: Variables, indices: Iterable[int]) -> dict[tuple[int, int], list[int]]:
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k in indices:
        groups[(v.start[k], v.months[k])].append(k)
    return groups


def add_post_once(model: cp_model.CpModel, problem: Problem, v: Variables) -> None:
    """Each post is filled at most once in the plan (hard; DESIGN §4 rule 2)."""
    for post in problem.posts:
        ks = v.by_target.get(post.post_id, [])
        if len(ks) > 1:
            model.add_at_most_one(v.x[k] for k in ks).with_name(f"post_once[{post.post_id}]")


def add_seat_capacity(model: cp_model.CpModel, problem: Problem, v: Variables) -> None:
    """A seat never holds more than `capacity` cadres in any month, ongoing ones included (hard; §4 rule 3)."""
    held: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for o in problem.ongoing:
        if o.target_id in problem.seat_by_id:
            for month in range(o.start, o.end + 1):
                held[o.target_id][month] += 1
    for seat in problem.seats:
        ks = v.by_target.get(seat.seat_id, [])
        if not ks:
            continue
        used = held.get(seat.seat_id, {})
        _monthly_limits(model, _group(v, ks), v.x, _room(seat.capacity, used), f"seat_capacity[{seat.seat_id}]")


def add_cadre_moves(model: cp_model.CpModel, problem: Problem, v: Variables) -> None:
    """A cadre makes at most `max_moves_per_cadre` moves, never two at once, never the same target twice (hard;
    §4 rule 1 and "Exact readings")."""
    limit = problem.policy.max_moves_per_cadre
    for cadre_id, ks in v.by_cadre.items():
        if len(ks) <= min(limit, 1):
            continue
        if limit <= 1:
            model.add(cp_model.LinearExpr.sum([v.x[k] for k in ks]) <= limit).with_name(f"max_moves[{cadre_id}]")
            continue
        model.add(cp_model.LinearExpr.sum([v.x[k] for k in ks]) <= limit).with_name(f"max_moves[{cadre_id}]")
        per_target: dict[str, list[int]] = defaultdict(list)
        for k in ks:
            per_target[v.target[k]].append(k)
        for target_id, same in per_target.items():
            if len(same) > 1:
                model.add_at_most_one(v.x[k] for k in same).with_name(f"same_target[{cadre_id},{target_id}]")
        _monthly_limits(model, _group(v, ks), v.x, lambda m: 1, f"overlap[{cadre_id}]")


def add_unit_caps(model: cp_model.CpModel, problem: Problem, v: Variables) -> None:
    """A unit never has more of its own cadres away than its cap in any month, ongoing moves included (hard;
    §4 rule 6; `Problem.away_cap`)."""
    cadre_unit = {c.cadre_id: c.unit_id for c in problem.cadres}
    away: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for o in problem.ongoing:
        unit_id = cadre_unit.get(o.cadre_id)
        if unit_id is not None:
            for month in range(o.start, o.end + 1):
                away[unit_id][month] += 1
    members: dict[str, list[int]] = defaultdict(list)
    for cadre_id, ks in v.by_cadre.items():
        members[cadre_unit[cadre_id]].extend(ks)
    for unit in problem.units:
        cap = problem.away_cap(unit)
        unit_ks = members.get(unit.unit_id)
        if cap is None or not unit_ks:
            continue
        used = away.get(unit.unit_id, {})
        _monthly_limits(model, _group(v, unit_ks), v.x, _room(cap, used), f"away_cap[{unit.unit_id}]")


# The hard families, in order. (Eligibility, windows and durations are in `variables.add_variables`; locks are
# `add_locks` below, called last because it returns the locks' literals.)
CONSTRAINTS: tuple[Family, ...] = (add_post_once, add_seat_capacity, add_cadre_moves, add_unit_caps)


def lock_matches(v: Variables, lock: Lock) -> list[int]:
    """The x a lock speaks about: those matching each part it gives (cadre, target, start)."""
    if lock.cadre_id:
        ks = v.by_cadre.get(lock.cadre_id, [])
        if lock.target_id:
            ks = [k for k in ks if v.target[k] == lock.target_id]
    elif lock.target_id:
        ks = v.by_target.get(lock.target_id, [])
    else:
        return []
    if lock.start is not None:
        ks = [k for k in ks if v.start[k] == lock.start]
    return list(ks)


def add_locks(model: cp_model.CpModel, problem: Problem, v: Variables) -> list[cp_model.IntVar]:
    """Every lock holds when its literal is true: a pin needs a matching move, a forbid allows none (hard; §3 and
    §4 rule 7). Returns one literal per lock, in `problem.locks` order, for fixing or for assumptions."""
    literals = []
    for n, lock in enumerate(problem.locks):
        lit = model.new_bool_var(f"lock[{n}]")
        ks = lock_matches(v, lock)
        if lock.action is LockAction.PIN:
            model.add_bool_or([v.x[k] for k in ks]).only_enforce_if(lit)
        elif ks:
            model.add_bool_and([v.x[k].negated() for k in ks]).only_enforce_if(lit)
        literals.append(lit)
    return literals
