"""Peer (a): the spreadsheet process. Fill posts in priority order with the first eligible cadre, then seats.

What a committee's staff do by hand: go down the posts from the highest priority (ties: earliest window, then
post id), give each the first cadre of the list (data order) who is eligible and still free, at the earliest start
month that keeps every hard rule; then go through the seats in data order, giving each the first eligible cadres
at their earliest feasible start until none fits. Pinned moves are placed first, then pinned cadres and targets.
"Keeps every hard rule" is read off the time-indexed rows: a move is taken only if every "at most" row it lies in
still has room, so the plan is feasible by construction (pins aside: a greedy pass may fail a pin it cannot place).
"""

from __future__ import annotations

import time

from models.domain import Post
from models.plan import LevelValue, Plan, Result
from models.problem import Problem
from planner.peers.timeindexed import TimeIndexed, build, evaluate


def greedy_columns(problem: Problem, ti: TimeIndexed) -> list[int]:
    """The columns the greedy pass takes, in the order it takes them."""
    rows_of: list[list[int]] = [[] for _ in ti.moves]
    room = [rhs for _, _, rhs in ti.at_most]
    for r, (_, cols, _) in enumerate(ti.at_most):
        for i in cols:
            rows_of[i].append(r)
    chosen: list[int] = []
    taken = [False] * len(ti.moves)

    def take(i: int) -> bool:
        if taken[i] or any(room[r] <= 0 for r in rows_of[i]):
            return False
        for r in rows_of[i]:
            room[r] -= 1
        taken[i] = True
        chosen.append(i)
        return True

    # Pins first: the narrowest pins (a pinned move) before pinned cadres or targets.
    for _, cols, _ in sorted(ti.at_least, key=lambda row: len(row[1])):
        if not any(taken[i] for i in cols):
            for i in sorted(cols, key=lambda i: ti.moves[i].start):
                if take(i):
                    break

    cadre_order = {c.cadre_id: n for n, c in enumerate(problem.cadres)}
    by_target: dict[str, list[int]] = {}
    for i, m in enumerate(ti.moves):
        by_target.setdefault(m.target_id, []).append(i)
    for cols in by_target.values():
        cols.sort(key=lambda i: (cadre_order[ti.moves[i].cadre_id], ti.moves[i].start))

    posts: list[Post] = sorted(problem.posts, key=lambda p: (-p.priority, p.open_from, p.post_id))
    for post in posts:
        cols = by_target.get(post.post_id, [])
        if any(taken[i] for i in cols):
            continue
        for i in cols:
            if take(i):
                break
    for seat in problem.seats:
        for i in by_target.get(seat.seat_id, []):
            take(i)
    return chosen


def solve_greedy(problem: Problem) -> Result:
    """Run the greedy baseline; its levels are the plan's own values (a greedy proves no bound: bound = value)."""
    t0 = time.perf_counter()
    ti = build(problem)
    plan: Plan = ti.plan(greedy_columns(problem, ti))
    values = evaluate(problem, plan)
    pins_ok = all(any(m in plan.moves for m in (ti.moves[i] for i in cols)) for _, cols, _ in ti.at_least)
    levels = tuple(LevelValue(name=n, value=v, bound=v) for n, v in values.items())
    return Result(
        status="FEASIBLE" if pins_ok else "UNKNOWN",
        plan=plan,
        levels=levels,
        wall_time_s=time.perf_counter() - t0,
        message=None if pins_ok else "greedy could not place every pin",
    )

