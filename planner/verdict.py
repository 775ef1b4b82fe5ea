"""What happens to a plan if some moves are taken out and others put in: the rules it would break (by the
independent checker) or, when it keeps every rule, the first objective level on which it would be worse.

Shared by `explain` (why the runner-up did not get a post), `replan` (why a baseline move was not kept) and
`alternatives`. The claims these modules make are this function's findings, so they hold by construction and
tests can assert them with the same checker.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from models.domain import Move
from models.plan import Plan
from models.problem import Problem
from planner.check import Violation, check
from planner.evaluate import LEVEL_LABELS, evaluate


@dataclass(frozen=True)
class Verdict:
    """The changed plan's fate: `violations` (empty: it keeps every rule) and the level comparison."""

    plan: Plan
    violations: tuple[Violation, ...]
    level: str | None = None  # first objective level where the changed plan differs from the original
    before: int | None = None
    after: int | None = None

    @property
    def valid(self) -> bool:
        return not self.violations

    @property
    def worse(self) -> bool:
        return self.valid and self.level is not None and (self.after or 0) < (self.before or 0)

    @property
    def tie(self) -> bool:
        return self.valid and self.level is None

    def sentence(self, lang: str = "vi") -> str:
        """One sentence for people: the broken rules, the level lost, or a tie."""
        if self.violations:
            seen = list(dict.fromkeys(v.message(lang) for v in self.violations))
            return "; ".join(seen[:3]) + ("; …" if len(seen) > 3 else "")
        if self.level is None:
            return ("phương án ngang bằng theo mọi mức mục tiêu (bộ giải chọn một trong các phương án bằng nhau)"
                    if lang == "vi" else "an equally good plan on every objective level (the solver picked one)")
        label = LEVEL_LABELS.get(self.level, (self.level, self.level))[0 if lang == "vi" else 1]
        if lang == "vi":
            verb = "giảm" if (self.after or 0) < (self.before or 0) else "tăng"
            return f"«{label}» sẽ {verb} từ {self.before} xuống {self.after}" if verb == "giảm" else \
                f"«{label}» sẽ tăng từ {self.before} lên {self.after}"
        verb = "drop" if (self.after or 0) < (self.before or 0) else "rise"
        return f"'{label}' would {verb} from {self.before} to {self.after}"


def try_change(problem: Problem, plan: Plan, remove: Iterable[Move] = (), add: Iterable[Move] = ()) -> Verdict:
    """Check `plan` − `remove` + `add`; when it keeps every rule, compare the objective levels in order."""
    gone = set(remove)
    moves = tuple(m for m in plan.moves if m not in gone) + tuple(m for m in add if m not in plan.moves or m in gone)
    changed = Plan(moves=moves).sorted()
    violations = tuple(check(problem, changed))
    if violations:
        return Verdict(changed, violations)
    before = evaluate(problem, plan).levels
    after = evaluate(problem, changed).levels
    for (name, a), (_, b) in zip(before, after, strict=True):
        if a != b:
            return Verdict(changed, (), name, a, b)
    return Verdict(changed, ())
