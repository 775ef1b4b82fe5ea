"""Infeasibility in the committee's terms (issue 5 item 4): which locks conflict, which rules they conflict through,
and the best plan with those locks set aside, marked as such.

* `minimal_conflict(problem)`: the solver's conflicting set (assumptions on the lock literals, then deletion), checked
  once more by deletion filtering here: a lock whose removal leaves the rest still infeasible is dropped, so every
  lock of the returned set is needed (each proper subset has a plan) whenever each check finishes in its time.
* `conflict_rules(problem, locks)`: the plan-level rule families the set conflicts through — each family whose
  removal alone lets the locks hold (post filled once, seat capacity, a cadre's moves, a unit's away cap).
* `relax(problem)`: sets the minimal conflicting locks aside (again while the rest is still infeasible) and solves;
  the result carries every relaxed lock, by file and row.

The `planner solve` command writes that plan with kpis.json `status: INFEASIBLE` (the original problem has no plan),
`relaxed_locks` and `relaxed_status`, and still exits with code 2 (DESIGN §8).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from models.domain import Lock
from models.plan import Result
from models.policy import SolverSettings
from models.problem import Problem
from planner.eligibility import Rule

CHECK_TIME_S = 5.0  # at most, per feasibility check


def with_locks(problem: Problem, keep: list[int] | tuple[int, ...]) -> Problem:
    """A fresh Problem with only the locks at indices `keep` (in order); everything else shared."""
    data = {name: getattr(problem, name) for name in Problem.model_fields}
    data["locks"] = tuple(problem.locks[n] for n in keep)
    return Problem(**data)


def _family_rules() -> dict[str, tuple[Rule, ...]]:
    return {
        "add_post_once": (Rule.POST_ONCE,),
        "add_seat_capacity": (Rule.SEAT_CAPACITY,),
        "add_cadre_moves": (Rule.MAX_MOVES, Rule.OVERLAP),
        "add_unit_caps": (Rule.AWAY_CAP,),
    }


def _feasible(problem: Problem, locks: list[int], settings: SolverSettings, *, skip: str | None = None) -> bool | None:
    """Is there a plan keeping the locks at `locks` (and every rule family but `skip`)? None when undecided."""
    from planner.cpsat.constraints import CONSTRAINTS, add_locks
    from planner.cpsat.variables import add_variables
    from planner.eligibility import eligibility

    model = cp_model.CpModel()
    v = add_variables(model, problem, eligibility(problem))
    for family in CONSTRAINTS:
        if family.__name__ != skip:
            family(model, problem, v)
    literals = add_locks(model, problem, v)
    model.add_bool_and([literals[n] for n in locks])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = settings.seed
    solver.parameters.max_time_in_seconds = min(CHECK_TIME_S, settings.time_limit_s)
    status = solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    if status == cp_model.INFEASIBLE:
        return False
    return None


def minimal_conflict(problem: Problem, settings: SolverSettings | None = None,
                     among: list[int] | None = None) -> list[int]:
    """Indices of a minimal set of locks (among `among`, default all) that cannot hold together with the rules;
    empty when they can."""
    from planner.solve import conflicting_locks

    settings = settings or problem.solver
    among = list(range(len(problem.locks))) if among is None else among
    if not among or _feasible(problem, among, settings) is not False:
        return []
    sub = with_locks(problem, among)
    core = [among[n] for n in conflicting_locks(sub, settings, max(1.0, settings.time_limit_s))]
    if _feasible(problem, core, settings) is not False:
        core = list(among)  # the solver's set could not be confirmed: start the deletion from everything
    for n in list(core):  # deletion filter: keep a lock only if the set is feasible without it
        rest = [m for m in core if m != n]
        if _feasible(problem, rest, settings) is False:
            core = rest
    return sorted(core)


def conflict_rules(problem: Problem, locks: list[int], settings: SolverSettings | None = None) -> list[Rule]:
    """The rule families without which the locks would hold together (each named by its rules)."""
    settings = settings or problem.solver
    out: list[Rule] = []
    for family, rules in _family_rules().items():
        if _feasible(problem, locks, settings, skip=family) is True:
            out.extend(rules)
    return out


@dataclass(frozen=True)
class Relaxation:
    """The locks set aside (indices into the original `problem.locks`), grouped by the conflict they came from,
    with the rules each conflict goes through, and the best plan of the problem without them."""

    sets: tuple[tuple[int, ...], ...]
    rules: tuple[tuple[Rule, ...], ...]
    problem: Problem  # without the relaxed locks
    result: Result

    @property
    def relaxed(self) -> tuple[int, ...]:
        return tuple(sorted({n for s in self.sets for n in s}))


def lock_entry(lock: Lock, rules: tuple[Rule, ...] = (), lang: str = "vi") -> dict[str, Any]:
    """One relaxed lock as kpis.json lists it: what it says, where it comes from, and the rules it conflicted with."""
    ref = lock.ref
    return {
        "lock": lock.describe(),
        "action": lock.action.code,
        "cadre_id": lock.cadre_id,
        "target_id": lock.target_id,
        "file": ref.file if ref else None,
        "sheet": ref.sheet if ref else None,
        "row": ref.row if ref else None,
        "reason": lock.reason,
        "rules": [r.code for r in rules],
        "rule_names": [r.label(lang) for r in rules],
    }


def relax(problem: Problem, settings: SolverSettings | None = None, *, max_rounds: int = 5,
          solver: Any = None) -> Relaxation | None:
    """Set minimal conflicting lock sets aside until a plan exists; None when the locks are not the cause."""
    if solver is None:
        from planner.solve import solve as solver
    settings = settings or problem.solver
    t0 = time.perf_counter()
    keep = list(range(len(problem.locks)))
    sets: list[tuple[int, ...]] = []
    rules: list[tuple[Rule, ...]] = []
    for _ in range(max_rounds):
        core = minimal_conflict(problem, settings, keep)
        if not core:
            break
        sets.append(tuple(core))
        rules.append(tuple(conflict_rules(problem, core, settings)))
        keep = [n for n in keep if n not in core]
    if not sets:
        return None
    relaxed_problem = with_locks(problem, keep)
    left = max(1.0, settings.time_limit_s - (time.perf_counter() - t0))
    result = solver(relaxed_problem, settings.model_copy(update={"time_limit_s": left}))
    if result.status not in ("OPTIMAL", "FEASIBLE"):
        return None
    return Relaxation(sets=tuple(sets), rules=tuple(rules), problem=relaxed_problem, result=result)


def relaxation_kpis(problem: Problem, relaxation: Relaxation, lang: str = "vi") -> dict[str, Any]:
    """kpis.json additions: the original status stays INFEASIBLE; the plan's own status is `relaxed_status`."""
    entries: list[dict[str, Any]] = []
    for locks, rules in zip(relaxation.sets, relaxation.rules, strict=True):
        entries.extend(lock_entry(problem.locks[n], rules, lang) for n in locks)
    return {"status": "INFEASIBLE", "optimal": False, "relaxed_status": relaxation.result.status,
            "relaxed_locks": entries}


def describe(problem: Problem, relaxation: Relaxation, lang: str = "vi") -> list[str]:
    """Terminal lines: each conflicting set with its rules, then what was written."""
    lines = []
    for i, (locks, rules) in enumerate(zip(relaxation.sets, relaxation.rules, strict=True), start=1):
        names = ", ".join(r.label(lang) for r in rules) or ("điều kiện của từng cán bộ" if lang == "vi"
                                                             else "the cadres' eligibility")
        head = (f"Nhóm khóa mâu thuẫn {i} (qua quy định: {names}):" if lang == "vi"
                else f"Conflicting lock set {i} (through the rules: {names}):")
        lines.append(head)
        for n in locks:
            lock = problem.locks[n]
            lines.append(f"  • {lock.describe()}" + (f" — {lock.reason}" if lock.reason else ""))
    return lines
