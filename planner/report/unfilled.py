"""Why each fillable post stays empty in a plan: a stable reason code and a sentence that explains it.

Posts held by an ongoing rotation are neither filled nor unfilled (DESIGN "Exact readings") and are not listed.
The reason of an empty post is the first of these that applies:

| code | meaning |
|---|---|
| `locked_empty` | a lock forbids filling the post this plan (`forbid` with only the target) |
| `no_eligible_cadre` | no cadre passes every eligibility rule for any start month (the funnel says which rule ruled out whom) |
| `locked_out` | cadres are eligible, but locks forbid each of them (or each of their start months) here |
| `eligible_taken_elsewhere` | every eligible cadre is already moved elsewhere in this plan for the months it would need |
| `unit_cap` | the eligible cadres who are free come from units that already have their maximum away in those months |
| `taken_or_unit_cap` | each eligible cadre is either moved elsewhere or held back by their unit's cap |
| `not_chosen` | an eligible, free cadre could still be added: the solver stopped before finding it (a non-optimal plan) |

The funnel comes from `planner.eligibility.funnel`; the plan-level reasons are worked out here against the plan.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from models.domain import Move, Post
from models.months import fmt_month
from models.plan import Plan
from models.problem import Problem
from models.scales import LockAction, MoveKind
from planner import eligibility
from planner.check import lock_matches
from planner.evaluate import fillable_posts

REASONS: dict[str, tuple[str, str]] = {
    "locked_empty": ("Quyết định để trống", "Locked empty"),
    "no_eligible_cadre": ("Không có cán bộ đủ điều kiện", "No eligible cadre"),
    "locked_out": ("Cán bộ đủ điều kiện bị quyết định cấm", "Eligible cadres forbidden by locks"),
    "eligible_taken_elsewhere": ("Cán bộ đủ điều kiện đã được bố trí nơi khác", "Eligible cadres placed elsewhere"),
    "unit_cap": ("Đơn vị của cán bộ đủ điều kiện đã đủ số người vắng", "Eligible cadres' units at their away cap"),
    "taken_or_unit_cap": ("Cán bộ đủ điều kiện đã bố trí nơi khác hoặc đơn vị đã đủ số người vắng",
                          "Eligible cadres placed elsewhere or held by their unit's cap"),
    "not_chosen": ("Chưa được chọn (phương án chưa tối ưu)", "Not chosen (plan not optimal)"),
}

_LIST = 5  # how many cadre ids a sentence names before "…"


@dataclass(frozen=True)
class UnfilledPost:
    post_id: str
    unit_id: str
    title: str
    priority: int
    reason: str
    explanation_vi: str
    explanation_en: str
    eligible: int  # cadres eligible for the post on their own (before the plan and the locks)

    def explanation(self, lang: str = "vi") -> str:
        return self.explanation_vi if lang == "vi" else self.explanation_en

    def reason_label(self, lang: str = "vi") -> str:
        vi, en = REASONS[self.reason]
        return vi if lang == "vi" else en


def _ids(ids: list[str]) -> str:
    shown = ", ".join(ids[:_LIST])
    return shown + (", …" if len(ids) > _LIST else "")


def _funnel_sentences(problem: Problem, post_id: str) -> tuple[str, str]:
    steps = eligibility.funnel(problem, post_id)
    if not steps or steps[0].remaining == 0:
        return ("Không có cán bộ nào trong phạm vi xem xét.", "No cadre is in scope.")
    total = steps[0].remaining
    cut_vi, cut_en = [], []
    blocking = None
    for step in steps[1:]:
        if step.rule is None or step.ruled_out == 0:
            continue
        cut_vi.append(f"«{step.rule.label_vi}» loại {step.ruled_out}")
        cut_en.append(f"'{step.rule.label_en}' ruled out {step.ruled_out}")
        if step.remaining == 0 and blocking is None:
            blocking = step
    vi = f"Trong {total} cán bộ: " + "; ".join(cut_vi) + "; không còn ai đủ điều kiện."
    en = f"Of {total} cadres: " + "; ".join(cut_en) + "; none is left."
    if blocking is not None and blocking.rule is not None:
        vi += (f" {blocking.ruled_out} cán bộ đạt mọi điều kiện trước đó nhưng bị loại vì «{blocking.rule.label_vi}»: "
               f"nới điều kiện này (hoặc bổ sung nguồn cán bộ) sẽ mở khả năng bố trí.")
        en += (f" {blocking.ruled_out} cadres pass every earlier rule but are ruled out by '{blocking.rule.label_en}': "
               f"relaxing it (or adding cadres) would unblock the post.")
    return vi, en


class _PlanState:
    """The plan's moves by cadre and the cadres away from each unit, to test one more move against them."""

    def __init__(self, problem: Problem, plan: Plan) -> None:
        self.problem = problem
        self.moves_of: dict[str, list[Move]] = defaultdict(list)
        for m in plan.moves:
            self.moves_of[m.cadre_id].append(m)
        unit_of = {c.cadre_id: c.unit_id for c in problem.cadres}
        self.away: dict[str, list[tuple[str, int, int]]] = defaultdict(list)  # unit -> (cadre, start, end)
        for m in plan.moves:
            self.away[unit_of.get(m.cadre_id, "")].append((m.cadre_id, m.start, m.end))
        for o in problem.ongoing:
            self.away[unit_of.get(o.cadre_id, "")].append((o.cadre_id, o.start, o.end))

    def busy(self, cadre_id: str, post: Post, start: int) -> bool:
        """Moving the cadre here would break max moves, overlap or same-target given its other moves."""
        mine = self.moves_of.get(cadre_id, [])
        end = start + post.months - 1
        return (len(mine) >= self.problem.policy.max_moves_per_cadre
                or any(m.start <= end and start <= m.end for m in mine)
                or any(m.target_id == post.post_id for m in mine))

    def capped(self, cadre_id: str, post: Post, start: int) -> bool:
        """Moving the cadre here would put one too many of its unit's cadres away in some month."""
        cadre = self.problem.cadre_by_id[cadre_id]
        unit = self.problem.unit_by_id.get(cadre.unit_id)
        cap = self.problem.away_cap(unit) if unit is not None else None
        if cap is None:
            return False
        others = [(c, a, b) for c, a, b in self.away.get(cadre.unit_id, []) if c != cadre_id]
        for t in range(start, start + post.months):
            if len({c for c, a, b in others if a <= t <= b}) + 1 > cap:
                return True
        return False


def _forbidden(problem: Problem, cadre_id: str, post: Post, start: int) -> bool:
    probe = Move(kind=MoveKind.ROTATION, cadre_id=cadre_id, target_id=post.post_id, start=start, months=post.months)
    return any(lock.action is LockAction.FORBID and (lock.cadre_id or lock.target_id) and lock_matches(lock, probe)
               for lock in problem.locks)


def _explain(problem: Problem, state: _PlanState, post: Post) -> tuple[str, str, str, int]:
    """(reason, sentence vi, sentence en, eligible count) of one empty post."""
    for lock in problem.locks:
        if (lock.action is LockAction.FORBID and lock.target_id == post.post_id and not lock.cadre_id
                and lock.start is None):
            why = f" Lý do: {lock.reason}." if lock.reason else ""
            why_en = f" Reason: {lock.reason}." if lock.reason else ""
            return ("locked_empty", f"Quyết định cấm bố trí vị trí này trong kế hoạch.{why}",
                    f"A lock keeps this post empty this plan.{why_en}", 0)
    cands = eligibility.candidates(problem, post.post_id)
    if not cands:
        vi, en = _funnel_sentences(problem, post.post_id)
        return "no_eligible_cadre", f"Không có cán bộ đủ điều kiện. {vi}", f"No eligible cadre. {en}", 0
    n = len(cands)
    open_pairs = [(c.cadre_id, s) for c in cands for s in c.starts if not _forbidden(problem, c.cadre_id, post, s)]
    if not open_pairs:
        ids = _ids([c.cadre_id for c in cands])
        return ("locked_out", f"{n} cán bộ đủ điều kiện ({ids}) đều bị quyết định cấm bố trí vào vị trí này.",
                f"{n} eligible cadres ({ids}) are all forbidden here by locks.", n)
    free = [(c, s) for c, s in open_pairs if not state.busy(c, post, s) and not state.capped(c, post, s)]
    if free:
        cadre_id, start = free[0]
        return ("not_chosen",
                f"{n} cán bộ đủ điều kiện; vẫn có thể bố trí, ví dụ {cadre_id} từ {fmt_month(start)}: bộ giải dừng "
                f"trước khi tìm thấy, hãy chạy lâu hơn.",
                f"{n} eligible cadres; the post could still be filled, e.g. by {cadre_id} from {fmt_month(start)}: "
                f"the solver stopped before finding it, run longer.", n)
    busy = sorted({c for c, s in open_pairs if state.busy(c, post, s)})
    capped = sorted({c for c, s in open_pairs if state.capped(c, post, s)})
    taken_all = all(state.busy(c, post, s) for c, s in open_pairs)
    capped_all = all(state.capped(c, post, s) for c, s in open_pairs)
    where = _ids([f"{c} → {', '.join(m.target_id for m in state.moves_of[c])}" for c in busy])
    units = _ids(sorted({problem.cadre_by_id[c].unit_id for c in capped}))
    if taken_all:
        return ("eligible_taken_elsewhere",
                f"{n} cán bộ đủ điều kiện đều đã được bố trí nơi khác trong kế hoạch ({where}); cần thêm nguồn cán "
                f"bộ đủ điều kiện để bố trí vị trí này.",
                f"{n} eligible cadres are all placed elsewhere in this plan ({where}); more eligible cadres are "
                f"needed to fill this post.", n)
    if capped_all:
        return ("unit_cap",
                f"{n} cán bộ đủ điều kiện nhưng đơn vị của họ ({units}) đã đủ số người vắng cùng lúc; tăng "
                f"max_away của các đơn vị này sẽ mở khả năng bố trí.",
                f"{n} eligible cadres, but their units ({units}) already have their maximum away at once; raising "
                f"those units' max_away would unblock the post.", n)
    return ("taken_or_unit_cap",
            f"{n} cán bộ đủ điều kiện: người đã được bố trí nơi khác ({where}), người bị giới hạn vắng mặt của đơn "
            f"vị ({units}).",
            f"{n} eligible cadres: placed elsewhere ({where}) or held by their unit's cap ({units}).", n)


def unfilled_posts(problem: Problem, plan: Plan) -> list[UnfilledPost]:
    """Every fillable post the plan leaves empty, highest priority first, then by post id."""
    filled = {m.target_id for m in plan.moves if m.kind is MoveKind.ROTATION}
    state = _PlanState(problem, plan)
    out = []
    for post_id in fillable_posts(problem):
        if post_id in filled:
            continue
        post = problem.post_by_id[post_id]
        reason, vi, en, n = _explain(problem, state, post)
        out.append(UnfilledPost(post.post_id, post.unit_id, post.title, post.priority, reason, vi, en, n))
    return sorted(out, key=lambda u: (-u.priority, u.post_id))
