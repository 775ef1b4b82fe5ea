"""An independent checker: does a plan keep every hard rule of DESIGN §4? Pure Python, no solver.

Written from the DESIGN text directly, on purpose without importing `planner.eligibility` or `planner.cpsat`:
it is the second opinion that every solved plan must pass before it is written (`planner solve` refuses to
write a plan this checker faults). Each rule family is one small function listed once in `_PLAN_RULES` or
`_MOVE_RULES`; each yields `Violation`s with a stable rule code (see `RULES`).

Readings worth stating (DESIGN "Exact readings"):
* Text is compared by `models.text.key` (trimmed, NFC, case-insensitive).
* A move occupies start … start+months−1. Windows bound the start month only; a move may end after the horizon.
* Seat capacity and unit caps are checked in every month that at least one new move of this plan occupies
  (the plan cannot be faulted for months where only earlier, ongoing moves are away), counting ongoing moves.
* A lock matches a move when every part it gives (cadre, target, start) equals the move's. A pin needs at least
  one matching move in the plan; a forbid allows none. So: pin cadre+target fixes that move (and month when
  given); pin cadre only = the cadre must move; pin target only = it must be filled; forbid cadre only = the cadre
  stays; forbid target only = the target stays empty; forbid cadre+target rules that move out (that month only
  when a start is given).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from models.domain import Cadre, Lock, Move, Post, Seat
from models.months import fmt_month
from models.plan import Plan
from models.problem import Problem
from models.scales import LockAction, MoveKind
from models.text import key

# rule code -> (Vietnamese name, English name). Codes are stable: tests and reports use them.
RULES: dict[str, tuple[str, str]] = {
    "unknown_cadre": ("Cán bộ không có trong dữ liệu", "Cadre not in the data"),
    "unknown_target": ("Vị trí/chỉ tiêu không có trong dữ liệu", "Post or seat not in the data"),
    "kind_mismatch": ("Loại điều động không khớp với nơi đến", "Move kind does not match its target"),
    "max_moves": ("Vượt số lần điều động tối đa của một cán bộ", "More moves than a cadre may make"),
    "overlap": ("Hai lần điều động trùng thời gian", "Two moves of one cadre overlap"),
    "availability": ("Ngoài thời gian sẵn sàng của cán bộ", "Outside the cadre's availability"),
    "retirement": ("Kết thúc sau tháng nghỉ hưu", "Ends after the retirement month"),
    "under_review": ("Đang xem xét kỷ luật", "Under discipline review"),
    "months_left": ("Không đủ thời gian công tác còn lại", "Too few months left before retirement"),
    "ongoing_unavailable": ("Đang luân chuyển/biệt phái dở dang", "Still away on an ongoing move"),
    "post_filled_twice": ("Vị trí được bố trí hơn một lần", "Post filled more than once"),
    "post_held_by_ongoing": ("Vị trí đang có người luân chuyển giữ", "Post held by an ongoing rotation"),
    "start_window": ("Bắt đầu ngoài khoảng thời gian cho phép", "Start outside the target's window"),
    "exact_months": ("Thời gian khác với quy định của vị trí/chỉ tiêu", "Length differs from the target's"),
    "seat_capacity": ("Vượt số người tiếp nhận cùng lúc", "Seat over capacity"),
    "secondment_too_long": ("Biệt phái quá thời gian tối đa", "Secondment longer than the policy allows"),
    "same_target_twice": ("Một cán bộ đến cùng một nơi hai lần", "Same target twice for one cadre"),
    "unit_cap": ("Đơn vị có quá nhiều cán bộ vắng cùng lúc", "Too many of a unit's cadres away at once"),
    "education": ("Trình độ chuyên môn dưới mức tối thiểu", "Education below the minimum"),
    "political_theory": ("Lý luận chính trị dưới mức tối thiểu", "Political theory below the minimum"),
    "state_mgmt": ("Quản lý nhà nước dưới mức tối thiểu", "State management below the minimum"),
    "party_member": ("Không phải đảng viên", "Not a party member"),
    "field": ("Lĩnh vực không phù hợp", "Field does not match"),
    "language": ("Không biết tiếng dân tộc yêu cầu", "Does not speak the required language"),
    "native": ("Là người địa phương (vị trí không bố trí người địa phương)", "Native of a non-local post's unit"),
    "planning": ("Chức danh không có trong quy hoạch", "Title not in the cadre's succession planning"),
    "source_level": ("Cấp đơn vị hiện tại không thuộc cấp nguồn", "Current unit's level is not a source level"),
    "own_unit": ("Điều động về chính đơn vị đang công tác", "Move into the cadre's own unit"),
    "rank_step": ("Chức vụ vượt quá bậc cho phép", "Post rank too far above the cadre's"),
    "min_rank": ("Chức vụ dưới bậc tối thiểu", "Rank below the seat's minimum"),
    "ethnic_minority_only": ("Không phải người dân tộc thiểu số", "Not an ethnic-minority cadre"),
    "exempt": ("Thuộc diện miễn biệt phái", "Excused from secondment"),
    "lock_pin": ("Quyết định ghim không được thực hiện", "A pin lock does not hold"),
    "lock_forbid": ("Quyết định cấm bị vi phạm", "A forbid lock is broken"),
}


@dataclass(frozen=True)
class Violation:
    """One broken rule: its code (a key of `RULES`), a sentence in Vietnamese and English, and where."""

    code: str
    message_vi: str
    message_en: str
    cadre_id: str | None = None
    target_id: str | None = None
    month: int | None = None

    def message(self, lang: str = "vi") -> str:
        return self.message_vi if lang == "vi" else self.message_en

    def __str__(self) -> str:
        where = [f"cadre={self.cadre_id}" if self.cadre_id else "", f"target={self.target_id}" if self.target_id else "",
                 f"month={fmt_month(self.month)}" if self.month is not None else ""]
        return f"[{self.code}] {self.message_en} ({' '.join(w for w in where if w)})"


_UNSET: Any = object()


def _v(code: str, vi: str, en: str, move: Move | None = None, *, cadre_id: Any = _UNSET,
       target_id: Any = _UNSET, month: Any = _UNSET) -> Violation:
    """A violation of rule `code`; where it happens defaults to the move's cadre, target and start."""
    name_vi, name_en = RULES[code]

    def pick(given: Any, from_move: Any) -> Any:
        return (from_move if move is not None else None) if given is _UNSET else given

    return Violation(
        code=code,
        message_vi=f"{name_vi}: {vi}",
        message_en=f"{name_en}: {en}",
        cadre_id=pick(cadre_id, move.cadre_id if move else None),
        target_id=pick(target_id, move.target_id if move else None),
        month=pick(month, move.start if move else None),
    )


def _keys(texts: Iterable[str]) -> set[str]:
    return {key(t) for t in texts}


def lock_matches(lock: Lock, move: Move) -> bool:
    """A lock matches a move when each part it names (cadre, target, start) is the move's."""
    return (
        (lock.cadre_id is None or lock.cadre_id == move.cadre_id)
        and (lock.target_id is None or lock.target_id == move.target_id)
        and (lock.start is None or lock.start == move.start)
    )


def _names_something(lock: Lock) -> bool:
    return bool(lock.cadre_id or lock.target_id)


# --- rules on one move on its own ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    """A move with its cadre and target resolved (rules that need both run only when both exist)."""

    problem: Problem
    move: Move
    cadre: Cadre
    post: Post | None
    seat: Seat | None

    @property
    def target_open(self) -> tuple[int, int, int]:
        t = self.post if self.post is not None else self.seat
        assert t is not None
        return t.open_from, t.open_to, t.months

    @property
    def target_unit_id(self) -> str:
        t = self.post if self.post is not None else self.seat
        assert t is not None
        return t.unit_id


def _rule_availability(c: _Ctx) -> Iterator[Violation]:
    """The whole move lies inside [available_from, available_to] (rule 1; Exact readings)."""
    m, cadre = c.move, c.cadre
    if cadre.available_from is not None and m.start < cadre.available_from:
        yield _v("availability", f"bắt đầu {fmt_month(m.start)} trước {fmt_month(cadre.available_from)}",
                 f"starts {fmt_month(m.start)} before {fmt_month(cadre.available_from)}", m)
    if cadre.available_to is not None and m.end > cadre.available_to:
        yield _v("availability", f"kết thúc {fmt_month(m.end)} sau {fmt_month(cadre.available_to)}",
                 f"ends {fmt_month(m.end)} after {fmt_month(cadre.available_to)}", m, month=m.end)


def _rule_retirement(c: _Ctx) -> Iterator[Violation]:
    """No move ends after the cadre's retirement month (rule 1)."""
    retire = c.problem.retirement_month(c.cadre)
    if c.move.end > retire:
        yield _v("retirement", f"kết thúc {fmt_month(c.move.end)}, nghỉ hưu {fmt_month(retire)}",
                 f"ends {fmt_month(c.move.end)}, retires {fmt_month(retire)}", c.move, month=c.move.end)


def _rule_under_review(c: _Ctx) -> Iterator[Violation]:
    """No move for a cadre under discipline review (rule 1)."""
    if c.cadre.under_review:
        yield _v("under_review", "không được điều động", "may not move", c.move)


def _rule_ongoing(c: _Ctx) -> Iterator[Violation]:
    """A cadre on an ongoing move is unavailable until the month after its end (Exact readings)."""
    for o in c.problem.ongoing:
        if o.cadre_id == c.cadre.cadre_id and c.move.start <= o.end:
            yield _v("ongoing_unavailable",
                     f"đang ở {o.target_id} đến {fmt_month(o.end)}, bắt đầu mới {fmt_month(c.move.start)}",
                     f"away at {o.target_id} until {fmt_month(o.end)}, new start {fmt_month(c.move.start)}", c.move)


def _rule_window_and_length(c: _Ctx) -> Iterator[Violation]:
    """The move starts within [open_from, open_to] and lasts exactly the target's months (rules 2, 3)."""
    lo, hi, months = c.target_open
    m = c.move
    if not lo <= m.start <= hi:
        yield _v("start_window", f"{fmt_month(m.start)} ngoài [{fmt_month(lo)}, {fmt_month(hi)}]",
                 f"{fmt_month(m.start)} outside [{fmt_month(lo)}, {fmt_month(hi)}]", m)
    if m.months != months:
        yield _v("exact_months", f"{m.months} tháng thay vì {months}", f"{m.months} months instead of {months}", m)


def _rule_own_unit(c: _Ctx) -> Iterator[Violation]:
    """Nobody is rotated or seconded into their own current unit (rule 4; Exact readings)."""
    if c.target_unit_id == c.cadre.unit_id:
        yield _v("own_unit", f"đơn vị {c.cadre.unit_id}", f"unit {c.cadre.unit_id}", c.move)


def _rule_source_level(c: _Ctx) -> Iterator[Violation]:
    """The cadre's current unit level is one of the target's source levels (rules 4, 5)."""
    t = c.post if c.post is not None else c.seat
    assert t is not None
    unit = c.problem.unit_by_id.get(c.cadre.unit_id)
    if unit is None or unit.level not in t.source_levels:
        level = unit.level.code if unit else "?"
        allowed = ", ".join(lv.code for lv in t.source_levels)
        yield _v("source_level", f"cấp {level} không thuộc [{allowed}]", f"level {level} not in [{allowed}]", c.move)


def _rule_rotation_eligibility(c: _Ctx) -> Iterator[Violation]:
    """Rotation eligibility of rule 4: minimums, party, field, language, natives, planning, months left, rank."""
    post, cadre, m, pol = c.post, c.cadre, c.move, c.problem.policy
    if post is None:
        return
    if post.min_education is not None and cadre.education < post.min_education:
        yield _v("education", f"{cadre.education.label_vi} < {post.min_education.label_vi}",
                 f"{cadre.education.label_en} < {post.min_education.label_en}", m)
    if post.min_political_theory is not None and cadre.political_theory < post.min_political_theory:
        yield _v("political_theory", f"{cadre.political_theory.label_vi} < {post.min_political_theory.label_vi}",
                 f"{cadre.political_theory.label_en} < {post.min_political_theory.label_en}", m)
    if post.min_state_mgmt is not None and cadre.state_mgmt < post.min_state_mgmt:
        yield _v("state_mgmt", f"{cadre.state_mgmt.label_vi} < {post.min_state_mgmt.label_vi}",
                 f"{cadre.state_mgmt.label_en} < {post.min_state_mgmt.label_en}", m)
    if post.party_required and not cadre.party_member:
        yield _v("party_member", "vị trí yêu cầu đảng viên", "the post requires a party member", m)
    if post.fields and (not cadre.field or key(cadre.field) not in _keys(post.fields)):
        yield _v("field", f"'{cadre.field or ''}' không thuộc {list(post.fields)}",
                 f"'{cadre.field or ''}' not in {list(post.fields)}", m)
    if pol.language_rule == "hard" and post.language and key(post.language) not in _keys(cadre.languages):
        yield _v("language", f"không biết tiếng {post.language}", f"does not speak {post.language}", m)
    if post.non_local and cadre.home_unit_id and cadre.home_unit_id in c.problem.subtree(post.unit_id):
        yield _v("native", f"quê {cadre.home_unit_id} thuộc {post.unit_id}",
                 f"home {cadre.home_unit_id} is under {post.unit_id}", m)
    if pol.require_planning and key(post.title) not in _keys(cadre.planned_titles):
        yield _v("planning", f"'{post.title}' không có trong quy hoạch", f"'{post.title}' not in planned titles", m)
    need = pol.nonlocal_min_months_left if post.non_local else pol.rotation_min_months_left
    left = c.problem.retirement_month(cadre) - m.start
    if left < need:
        yield _v("months_left", f"còn {left} tháng, cần {need}", f"{left} months left, {need} needed", m)
    if post.rank is not None and post.rank - cadre.rank > pol.max_rank_step:
        yield _v("rank_step", f"bậc {cadre.rank} → {post.rank}, tối đa +{pol.max_rank_step}",
                 f"rank {cadre.rank} → {post.rank}, at most +{pol.max_rank_step}", m)


def _rule_secondment_eligibility(c: _Ctx) -> Iterator[Violation]:
    """Secondment eligibility of rule 5, and the policy's longest secondment (rule 3)."""
    seat, cadre, m, pol = c.seat, c.cadre, c.move, c.problem.policy
    if seat is None:
        return
    if cadre.rank < seat.min_rank:
        yield _v("min_rank", f"bậc {cadre.rank} < {seat.min_rank}", f"rank {cadre.rank} < {seat.min_rank}", m)
    if seat.ethnic_minority_only and not cadre.ethnic_minority:
        yield _v("ethnic_minority_only", f"dân tộc '{cadre.ethnicity or ''}'", f"ethnicity '{cadre.ethnicity or ''}'", m)
    if seat.field and key(cadre.field) != key(seat.field):
        yield _v("field", f"'{cadre.field or ''}' ≠ '{seat.field}'", f"'{cadre.field or ''}' ≠ '{seat.field}'", m)
    if cadre.secondment_exempt:
        yield _v("exempt", "miễn biệt phái", "excused", m)
    if m.months > pol.max_secondment_months:
        yield _v("secondment_too_long", f"{m.months} > {pol.max_secondment_months} tháng",
                 f"{m.months} > {pol.max_secondment_months} months", m)


def _rule_post_held(c: _Ctx) -> Iterator[Violation]:
    """A post held by an ongoing rotation cannot be filled in this plan (Exact readings)."""
    if c.post is None:
        return
    for o in c.problem.ongoing:
        if o.target_id == c.post.post_id:
            yield _v("post_held_by_ongoing", f"{o.cadre_id} giữ đến {fmt_month(o.end)}",
                     f"{o.cadre_id} holds it until {fmt_month(o.end)}", c.move)


def _rule_forbid_locks(c: _Ctx) -> Iterator[Violation]:
    """No move matches a forbid lock (rule 7)."""
    for lock in c.problem.locks:
        if lock.action is LockAction.FORBID and _names_something(lock) and lock_matches(lock, c.move):
            reason = f" — {lock.reason}" if lock.reason else ""
            yield _v("lock_forbid", f"{lock.describe()}{reason}", f"{lock.describe()}{reason}", c.move)


_MOVE_RULES: tuple[Callable[[_Ctx], Iterator[Violation]], ...] = (
    _rule_under_review,
    _rule_availability,
    _rule_retirement,
    _rule_ongoing,
    _rule_window_and_length,
    _rule_post_held,
    _rule_own_unit,
    _rule_source_level,
    _rule_rotation_eligibility,
    _rule_secondment_eligibility,
    _rule_forbid_locks,
)


def check_move(problem: Problem, move: Move) -> list[Violation]:
    """Every rule that one move breaks on its own, whatever else the plan holds."""
    cadre = problem.cadre_by_id.get(move.cadre_id)
    post = problem.post_by_id.get(move.target_id)
    seat = problem.seat_by_id.get(move.target_id)
    found: list[Violation] = []
    if cadre is None:
        found.append(_v("unknown_cadre", move.cadre_id, move.cadre_id, move))
    if post is None and seat is None:
        found.append(_v("unknown_target", move.target_id, move.target_id, move))
        return found
    if move.kind is MoveKind.ROTATION and post is None:
        found.append(_v("kind_mismatch", "luân chuyển vào một chỉ tiêu biệt phái",
                        "a rotation into a secondment seat", move))
        return found
    if move.kind is MoveKind.SECONDMENT and seat is None:
        found.append(_v("kind_mismatch", "biệt phái vào một vị trí luân chuyển", "a secondment into a post", move))
        return found
    if cadre is None:
        return found
    ctx = _Ctx(problem, move, cadre, post if move.kind is MoveKind.ROTATION else None,
               seat if move.kind is MoveKind.SECONDMENT else None)
    for rule in _MOVE_RULES:
        found.extend(rule(ctx))
    return found


# --- rules on the plan as a whole ----------------------------------------------------------------------------


def _moves_by_cadre(plan: Plan) -> dict[str, list[Move]]:
    by: dict[str, list[Move]] = defaultdict(list)
    for m in plan.moves:
        by[m.cadre_id].append(m)
    return by


def _rule_max_moves(problem: Problem, plan: Plan) -> Iterator[Violation]:
    """A cadre makes at most `policy.max_moves_per_cadre` new moves; ongoing ones do not count (rule 1)."""
    limit = problem.policy.max_moves_per_cadre
    for cadre_id, moves in sorted(_moves_by_cadre(plan).items()):
        if len(moves) > limit:
            yield _v("max_moves", f"{len(moves)} lần, tối đa {limit}", f"{len(moves)} moves, at most {limit}",
                     cadre_id=cadre_id, target_id=None, month=min(m.start for m in moves))


def _rule_overlap(problem: Problem, plan: Plan) -> Iterator[Violation]:
    """Never two moves of one cadre at once (rule 1)."""
    for _cadre_id, moves in sorted(_moves_by_cadre(plan).items()):
        ordered = sorted(moves, key=lambda m: (m.start, m.target_id))
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                if b.start <= a.end:
                    yield _v("overlap", f"{a.target_id} và {b.target_id} trùng từ {fmt_month(b.start)}",
                             f"{a.target_id} and {b.target_id} overlap from {fmt_month(b.start)}", b)


def _rule_same_target(problem: Problem, plan: Plan) -> Iterator[Violation]:
    """Nobody takes the same post or seat twice in one plan (Exact readings)."""
    seen: dict[tuple[str, str], int] = defaultdict(int)
    for m in plan.moves:
        seen[(m.cadre_id, m.target_id)] += 1
    for (cadre_id, target_id), n in sorted(seen.items()):
        if n > 1:
            yield _v("same_target_twice", f"{n} lần", f"{n} times", cadre_id=cadre_id, target_id=target_id,
                     month=min(m.start for m in plan.moves if (m.cadre_id, m.target_id) == (cadre_id, target_id)))


def _rule_post_once(problem: Problem, plan: Plan) -> Iterator[Violation]:
    """A post is filled at most once (rule 2)."""
    by_post: dict[str, list[Move]] = defaultdict(list)
    for m in plan.moves:
        if m.target_id in problem.post_by_id:
            by_post[m.target_id].append(m)
    for post_id, moves in sorted(by_post.items()):
        if len(moves) > 1:
            who = ", ".join(sorted(m.cadre_id for m in moves))
            yield _v("post_filled_twice", f"{len(moves)} lần ({who})", f"{len(moves)} times ({who})",
                     cadre_id=None, target_id=post_id, month=min(m.start for m in moves))


def _occupied_months(moves: Iterable[Move]) -> set[int]:
    return {t for m in moves for t in range(m.start, m.end + 1)}


def _rule_seat_capacity(problem: Problem, plan: Plan) -> Iterator[Violation]:
    """A seat never holds more than `capacity` cadres in a month, counting ongoing secondments (rule 3)."""
    for seat in problem.seats:
        new = [m for m in plan.moves if m.target_id == seat.seat_id]
        old = [o for o in problem.ongoing if o.target_id == seat.seat_id]
        for t in sorted(_occupied_months(new)):
            n = sum(m.start <= t <= m.end for m in new) + sum(o.start <= t <= o.end for o in old)
            if n > seat.capacity:
                yield _v("seat_capacity", f"{n} người, sức chứa {seat.capacity}", f"{n} cadres, capacity {seat.capacity}",
                         cadre_id=None, target_id=seat.seat_id, month=t)


def _rule_unit_cap(problem: Problem, plan: Plan) -> Iterator[Violation]:
    """No unit has more of its own cadres (by current unit_id) away in a month than its cap, ongoing counted (rule 6)."""
    cadre_unit = {c.cadre_id: c.unit_id for c in problem.cadres}
    for unit in problem.units:
        cap = problem.away_cap(unit)
        if cap is None:
            continue
        new = [m for m in plan.moves if cadre_unit.get(m.cadre_id) == unit.unit_id]
        old = [o for o in problem.ongoing if cadre_unit.get(o.cadre_id) == unit.unit_id]
        for t in sorted(_occupied_months(new)):
            away = {m.cadre_id for m in new if m.start <= t <= m.end} | {o.cadre_id for o in old if o.start <= t <= o.end}
            if len(away) > cap:
                yield _v("unit_cap", f"{unit.unit_id}: {len(away)} người vắng, tối đa {cap}",
                         f"{unit.unit_id}: {len(away)} away, cap {cap}", cadre_id=None, target_id=unit.unit_id, month=t)


def _rule_pin_locks(problem: Problem, plan: Plan) -> Iterator[Violation]:
    """Every pin lock is met by at least one move of the plan (rule 7)."""
    for lock in problem.locks:
        pinned = lock.action is LockAction.PIN and _names_something(lock)
        if pinned and not any(lock_matches(lock, m) for m in plan.moves):
            reason = f" — {lock.reason}" if lock.reason else ""
            yield _v("lock_pin", f"{lock.describe()}{reason}", f"{lock.describe()}{reason}",
                     cadre_id=lock.cadre_id, target_id=lock.target_id, month=lock.start)


_PLAN_RULES: tuple[Callable[[Problem, Plan], Iterator[Violation]], ...] = (
    _rule_max_moves,
    _rule_overlap,
    _rule_same_target,
    _rule_post_once,
    _rule_seat_capacity,
    _rule_unit_cap,
    _rule_pin_locks,
)


def check(problem: Problem, plan: Plan) -> list[Violation]:
    """Every hard rule of DESIGN §4 that `plan` breaks on `problem`; an empty list means the plan is valid."""
    found: list[Violation] = []
    for move in sorted(plan.moves, key=lambda m: (m.cadre_id, m.start, m.target_id)):
        found.extend(check_move(problem, move))
    for rule in _PLAN_RULES:
        found.extend(rule(problem, plan))
    return found
