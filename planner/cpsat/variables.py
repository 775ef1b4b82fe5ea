"""The decision variables: one Boolean per eligible (cadre, target, start) triple.

Eligibility (DESIGN §4 rules 1, 4, 5: qualifications, availability, retirement, months left, ongoing moves, a post
held by an ongoing rotation, a seat longer than the maximum secondment) is settled before the model exists: a triple
that breaks one of those rules simply has no variable. The starts of each triple lie in the target's window and the
move lasts exactly the target's months (rules 2 and 3), so those rules hold by construction too.

Integer indices live only here and in the rest of `planner/cpsat/`; everything outside speaks in ids.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.problem import Problem
from models.scales import MoveKind
from planner.eligibility import Eligibility


@dataclass
class Variables:
    """The x variables and the indices the constraint families need. Variable k is the triple `keys[k]`."""

    x: list[cp_model.IntVar] = field(default_factory=list)
    cadre: list[str] = field(default_factory=list)  # cadre id of x[k]
    target: list[str] = field(default_factory=list)  # target id of x[k]
    start: list[int] = field(default_factory=list)  # first month of x[k]
    months: list[int] = field(default_factory=list)  # length of x[k]
    kind: list[MoveKind] = field(default_factory=list)
    by_target: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_cadre: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def __len__(self) -> int:
        return len(self.x)

    def end(self, k: int) -> int:
        """Last month occupied by x[k]."""
        return self.start[k] + self.months[k] - 1

    def index(self) -> dict[tuple[str, str, int], int]:
        """(cadre_id, target_id, start) -> k."""
        return {(self.cadre[k], self.target[k], self.start[k]): k for k in range(len(self.x))}


def add_variables(model: cp_model.CpModel, problem: Problem, elig: Eligibility) -> Variables:
    """One Boolean per eligible (cadre, target, start): hard rules 1–5 by construction (DESIGN §4)."""
    v = Variables()
    for kind, targets in ((MoveKind.ROTATION, problem.posts), (MoveKind.SECONDMENT, problem.seats)):
        for target in targets:
            target_id = target.post_id if kind is MoveKind.ROTATION else target.seat_id  # type: ignore[union-attr]
            for cand in elig.candidates[target_id]:
                for start in cand.starts:
                    k = len(v.x)
                    v.x.append(model.new_bool_var(f"x[{cand.cadre_id},{target_id},{start}]"))
                    v.cadre.append(cand.cadre_id)
                    v.target.append(target_id)
                    v.start.append(start)
                    v.months.append(target.months)
                    v.kind.append(kind)
                    v.by_target[target_id].append(k)
                    v.by_cadre[cand.cadre_id].append(k)
    return v
