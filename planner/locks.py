"""Locks that are bad input on their own (DESIGN §4 rule 7, "Exact readings": exit code 1).

Two kinds, both found before any solving:
* a lock that breaks a hard rule by itself: a pin of a move the cadre is not eligible for (the rule is named), a
  pinned start outside the target's window or the cadre's dates, a cadre pinned to move who is eligible for
  nothing, a target pinned to be filled that nobody is eligible for, a lock naming an unknown cadre or target;
* locks that clash on their face: one post pinned to two cadres, a seat pinned to more cadres than it holds in a
  month, one cadre pinned to two overlapping moves, to the same target twice or to more moves than
  `max_moves_per_cadre`, and a pin with a forbid that rules out every move the pin allows.

Locks that only together with the rules leave no plan are found by the solver (`planner.solve`), not here.
A forbid rules out every move matching the parts it gives (cadre, target, start); a pin asks for at least one
move matching the parts it gives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from models.domain import Lock
from models.months import fmt_month
from models.problem import Problem
from models.scales import LockAction
from planner.eligibility import Rule, eligibility
from planner.errors import Issue


def _issue(lock: Lock, reason: str, column: str | None, value: object, rule: Rule | None) -> Issue:
    ref = lock.ref
    return Issue(
        reason=reason,
        file=ref.file if ref else None,
        sheet=ref.sheet if ref else None,
        row=ref.row if ref else None,
        column=column,
        value=None if value is None else str(value),
        rule=rule.code if rule else None,
    )


def _labels(rules: Sequence[Rule]) -> str:
    return "; ".join(r.label_vi for r in rules)


def _where(lock: Lock) -> str:
    return f" ({lock.ref})" if lock.ref else ""


def _single_issues(problem: Problem, lock: Lock) -> list[Issue]:
    """Issues of one lock taken alone."""
    elig = eligibility(problem)
    cid, tid, start = lock.cadre_id, lock.target_id, lock.start
    out: list[Issue] = []
    if not cid and not tid:
        return [_issue(lock, "Khóa phải ghi mã cán bộ hoặc mã vị trí/chỉ tiêu (hoặc cả hai)", "cadre_id", None, None)]
    if cid and cid not in problem.cadre_by_id:
        out.append(_issue(lock, f"Khóa nhắc đến cán bộ không có trong dữ liệu: {cid}", "cadre_id", cid, None))
    if tid and tid not in problem.post_by_id and tid not in problem.seat_by_id:
        out.append(_issue(lock, f"Khóa nhắc đến vị trí/chỉ tiêu không có trong dữ liệu: {tid}", "target_id", tid, None))
    if out or lock.action is not LockAction.PIN:
        return out
    target = (problem.post_by_id.get(tid) or problem.seat_by_id.get(tid)) if tid else None
    if target is not None and start is not None and not target.open_from <= start <= target.open_to:
        return [_issue(
            lock,
            f"Ghim {tid} bắt đầu {fmt_month(start)}, ngoài khoảng cho phép {fmt_month(target.open_from)}"
            f"–{fmt_month(target.open_to)}",
            "start", fmt_month(start), Rule.WINDOW,
        )]
    if cid and tid:
        rules = elig.blockers(cid, tid)
        if rules:
            return [_issue(lock, f"Ghim cán bộ {cid} vào {tid} vi phạm quy định: {_labels(rules)}",
                           "cadre_id", cid, rules[0])]
        starts = elig.feasible_starts(cid, tid)
        if start is not None and start not in starts:
            rules = elig.start_blockers(cid, tid, start)
            return [_issue(lock, f"Ghim cán bộ {cid} vào {tid} bắt đầu {fmt_month(start)} vi phạm quy định: "
                                 f"{_labels(rules)}", "start", fmt_month(start), rules[0] if rules else Rule.WINDOW)]
        if not starts:
            rules = elig.why_not(cid, tid)
            return [_issue(lock, f"Ghim cán bộ {cid} vào {tid}: không có tháng bắt đầu nào hợp lệ ({_labels(rules)})",
                           "cadre_id", cid, rules[0] if rules else Rule.WINDOW)]
        return []
    if cid:
        options = [(t, s) for t, s in elig.by_cadre.get(cid, []) if start is None or start in s]
        if not options:
            cadre = problem.cadre_by_id[cid]
            personal = [r for r in (Rule.UNDER_REVIEW, Rule.MAX_MOVES) if
                        (r is Rule.UNDER_REVIEW and cadre.under_review)
                        or (r is Rule.MAX_MOVES and problem.policy.max_moves_per_cadre < 1)]
            when = f" bắt đầu {fmt_month(start)}" if start is not None else ""
            return [_issue(lock, f"Ghim cán bộ {cid} phải được điều động{when} nhưng không có vị trí/chỉ tiêu nào "
                                 f"cán bộ đủ điều kiện" + (f" ({_labels(personal)})" if personal else ""),
                           "cadre_id", cid, personal[0] if personal else Rule.LOCK)]
        return []
    assert tid is not None
    cands = [c for c in elig.candidates[tid] if start is None or start in c.starts]
    if not cands:
        last = [s.rule for s in elig.funnel(tid) if s.rule is not None and s.ruled_out and s.remaining == 0]
        when = f" bắt đầu {fmt_month(start)}" if start is not None else ""
        detail = f" (quy định loại người cuối cùng: {last[0].label_vi})" if last else ""
        return [_issue(lock, f"Ghim {tid} phải được bố trí{when} nhưng không có cán bộ nào đủ điều kiện{detail}",
                       "target_id", tid, last[0] if last else Rule.LOCK)]
    return []


def _covers(forbid: Lock, pin: Lock) -> bool:
    """A forbid rules out every move a pin allows: each part the forbid gives, the pin gives equal."""
    return all(
        f is None or f == p
        for f, p in ((forbid.cadre_id, pin.cadre_id), (forbid.target_id, pin.target_id), (forbid.start, pin.start))
    )


def _clash_issues(problem: Problem, locks: list[Lock]) -> list[Issue]:
    """Locks that clash on their face. Each clash is reported once, on the later lock, naming the earlier ones."""
    out: list[Issue] = []
    pins = [lk for lk in locks if lk.action is LockAction.PIN]
    forbids = [lk for lk in locks if lk.action is LockAction.FORBID]
    whole = [lk for lk in pins if lk.cadre_id and lk.target_id]
    max_moves = problem.policy.max_moves_per_cadre

    by_post: dict[str, list[Lock]] = defaultdict(list)
    by_cadre: dict[str, list[Lock]] = defaultdict(list)
    for lk in whole:
        assert lk.cadre_id and lk.target_id
        by_cadre[lk.cadre_id].append(lk)
        if lk.target_id in problem.post_by_id:
            earlier = [e for e in by_post[lk.target_id] if e.cadre_id != lk.cadre_id]
            if earlier:
                out.append(_issue(lk, f"Vị trí {lk.target_id} bị ghim cho hai cán bộ: {lk.cadre_id} và "
                                      f"{earlier[0].cadre_id}{_where(earlier[0])}",
                                  "target_id", lk.target_id, Rule.POST_ONCE))
            by_post[lk.target_id].append(lk)

    # Seats: pins with a start, counted month by month with the seat's ongoing moves.
    for seat in problem.seats:
        dated = [lk for lk in whole if lk.target_id == seat.seat_id and lk.start is not None]
        used: dict[int, list[Lock]] = defaultdict(list)
        for o in problem.ongoing:
            if o.target_id == seat.seat_id:
                for m in range(o.start, o.end + 1):
                    used[m].append(Lock(action=LockAction.PIN, cadre_id=o.cadre_id, target_id=o.target_id))
        reported = False
        for lk in dated:
            assert lk.start is not None
            for m in range(lk.start, lk.start + seat.months):
                used[m].append(lk)
                if len(used[m]) > seat.capacity and not reported:
                    others = ", ".join(f"{e.cadre_id}{_where(e)}" for e in used[m] if e is not lk)
                    out.append(_issue(lk, f"Chỉ tiêu {seat.seat_id} nhận tối đa {seat.capacity} người cùng lúc nhưng "
                                          f"bị ghim thêm {lk.cadre_id} trong tháng {fmt_month(m)} (cùng {others})",
                                      "target_id", seat.seat_id, Rule.SEAT_CAPACITY))
                    reported = True

    for cid, mine in by_cadre.items():
        distinct: list[Lock] = []
        for lk in mine:
            same = [e for e in distinct if e.target_id == lk.target_id]
            if same:
                if lk.start is not None and same[0].start is not None and lk.start != same[0].start:
                    out.append(_issue(lk, f"Cán bộ {cid} bị ghim vào {lk.target_id} hai lần (hai tháng bắt đầu khác "
                                          f"nhau; xem{_where(same[0])})", "start", fmt_month(lk.start),
                                      Rule.SAME_TARGET))
                continue
            clash = None
            if lk.start is not None:
                months = _months(problem, lk.target_id)
                for e in distinct:
                    if e.start is not None and e.target_id is not None:
                        other = _months(problem, e.target_id)
                        if months and other and lk.start <= e.start + other - 1 and e.start <= lk.start + months - 1:
                            clash = e
                            break
            if clash is not None:
                out.append(_issue(lk, f"Cán bộ {cid} bị ghim vào hai đợt điều động trùng thời gian: {lk.target_id} "
                                      f"và {clash.target_id}{_where(clash)}", "cadre_id", cid, Rule.OVERLAP))
            elif len(distinct) + 1 > max_moves:
                names = ", ".join(f"{e.target_id}{_where(e)}" for e in distinct)
                out.append(_issue(lk, f"Cán bộ {cid} bị ghim vào {len(distinct) + 1} đợt điều động, vượt mức tối đa "
                                      f"{max_moves} (cùng {names})", "cadre_id", cid, Rule.MAX_MOVES))
            distinct.append(lk)

    position = {id(lk): n for n, lk in enumerate(locks)}
    for pin in pins:
        for forbid in forbids:
            if _covers(forbid, pin):
                out.append(_issue(forbid if position[id(forbid)] > position[id(pin)] else pin,
                                  f"Khóa ghim {pin.describe()} và khóa cấm {forbid.describe()} mâu thuẫn nhau",
                                  "action", None, Rule.LOCK))
    return out


def _months(problem: Problem, target_id: str | None) -> int | None:
    target = (problem.post_by_id.get(target_id) or problem.seat_by_id.get(target_id)) if target_id else None
    return target.months if target is not None else None


def lock_issues(problem: Problem) -> list[Issue]:
    """Every lock that breaks a hard rule by itself, then every clash between locks on their face."""
    out: list[Issue] = []
    for lock in problem.locks:
        out.extend(_single_issues(problem, lock))
    out.extend(_clash_issues(problem, list(problem.locks)))
    return out
