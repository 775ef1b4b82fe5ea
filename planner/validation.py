"""Input validators: one small function per rule, each returning every `Issue` it finds (DESIGN §3–4).

They run on parsed rows (planner.io.tables.Row) after patches and defaults, before any model is built, so that a
bad row is reported with its file, sheet, row, column and value and never stops the others. A value that could not
be parsed is absent from its row (already reported) and every rule skips it. Rules that need another table skip
when that table could not be read at all.

Warnings (suspicious but legal data) come last; those that need the whole `Problem` are in `problem_warnings`.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from models.months import fmt_month
from models.policy import Policy
from models.problem import Problem
from planner.errors import Issue
from planner.io.tables import Row, issue_at

TABLE_IDS = {"units": "unit_id", "cadres": "cadre_id", "posts": "post_id", "seats": "seat_id"}
TABLE_VI = {"units": "đơn vị", "cadres": "cán bộ", "posts": "vị trí", "seats": "chỉ tiêu", "locks": "quyết định ghim",
            "ongoing": "trường hợp đang thực hiện"}


@dataclass
class Context:
    """Parsed rows of each table (None: the table could not be read), the horizon and the final policy."""

    rows: dict[str, list[Row] | None]
    horizon_start: int
    horizon_months: int
    policy: Policy

    @property
    def horizon_end(self) -> int:
        return self.horizon_start + self.horizon_months - 1

    def table(self, name: str) -> list[Row]:
        return self.rows.get(name) or []

    def readable(self, *names: str) -> bool:
        return all(self.rows.get(n) is not None for n in names)

    def ids(self, name: str) -> set[str]:
        column = TABLE_IDS[name]
        return {r.values[column] for r in self.table(name) if column in r.values}


def fmt(value: int | None) -> str | None:
    return None if value is None else fmt_month(value)


# --- errors --------------------------------------------------------------------------------------------------

def duplicate_ids(ctx: Context) -> list[Issue]:
    """Every unit, cadre, post and seat id is unique in its table; a post and a seat never share an id."""
    issues: list[Issue] = []
    for name, column in TABLE_IDS.items():
        first: dict[str, Row] = {}
        for row in ctx.table(name):
            value = row.get(column)
            if value is None:
                continue
            if value in first:
                issues.append(issue_at(row.ref, column, value, f"mã bị trùng với {first[value].ref}",
                                       rule="duplicate_id"))
            else:
                first[value] = row
    posts = {r.get("post_id"): r for r in ctx.table("posts") if r.get("post_id")}
    for row in ctx.table("seats"):
        other = posts.get(row.get("seat_id"))
        if other is not None:
            issues.append(issue_at(row.ref, "seat_id", row.get("seat_id"),
                                   f"mã chỉ tiêu trùng với mã vị trí ở {other.ref} (locks/ongoing không phân biệt được)",
                                   rule="duplicate_id"))
    return issues


def _dangling(ctx: Context, table: str, column: str, targets: set[str], what: str) -> list[Issue]:
    issues = []
    for row in ctx.table(table):
        value = row.get(column)
        if value is not None and value not in targets:
            issues.append(issue_at(row.ref, column, value, f"không có {what} nào mang mã này", rule="dangling_ref"))
    return issues


def dangling_references(ctx: Context) -> list[Issue]:
    """Every id that names another row (parent, current/home unit, post/seat unit, lock and ongoing ids) exists."""
    issues: list[Issue] = []
    if ctx.readable("units"):
        units = ctx.ids("units")
        issues += _dangling(ctx, "units", "parent_id", units, "đơn vị")
        issues += _dangling(ctx, "cadres", "unit_id", units, "đơn vị")
        issues += _dangling(ctx, "cadres", "home_unit_id", units, "đơn vị")
        issues += _dangling(ctx, "posts", "unit_id", units, "đơn vị")
        issues += _dangling(ctx, "seats", "unit_id", units, "đơn vị")
    if ctx.readable("cadres"):
        cadres = ctx.ids("cadres")
        issues += _dangling(ctx, "locks", "cadre_id", cadres, "cán bộ")
        issues += _dangling(ctx, "ongoing", "cadre_id", cadres, "cán bộ")
    if ctx.readable("posts", "seats"):
        targets = ctx.ids("posts") | ctx.ids("seats")
        issues += _dangling(ctx, "locks", "target_id", targets, "vị trí hoặc chỉ tiêu")
        issues += _dangling(ctx, "ongoing", "target_id", targets, "vị trí hoặc chỉ tiêu")
    return issues


def unit_cycles(ctx: Context) -> list[Issue]:
    """The unit tree has no cycle: following parent_id from any unit ends at a root."""
    rows = {r.get("unit_id"): r for r in ctx.table("units") if r.get("unit_id")}
    parent = {uid: r.get("parent_id") for uid, r in rows.items()}
    issues: list[Issue] = []
    done: set[str] = set()
    for start in rows:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node is not None and node in rows and node not in done:
            if node in on_path:
                cycle = path[path.index(node):] + [node]
                issues.append(issue_at(rows[node].ref, "parent_id", parent[node],
                                       "vòng lặp trong cây đơn vị: " + " → ".join(cycle), rule="unit_cycle"))
                break
            path.append(node)
            on_path.add(node)
            node = parent[node]
        done.update(path)
    return issues


_WINDOWS = (
    ("posts", "open_from", "open_to", "tháng bắt đầu muộn nhất trước tháng bắt đầu sớm nhất"),
    ("seats", "open_from", "open_to", "tháng bắt đầu muộn nhất trước tháng bắt đầu sớm nhất"),
    ("cadres", "available_from", "available_to", "sẵn sàng đến tháng trước sẵn sàng từ tháng"),
    ("ongoing", "start", "end", "tháng kết thúc trước tháng bắt đầu"),
)


def reversed_windows(ctx: Context) -> list[Issue]:
    """No window ends before it starts (open_to ≥ open_from, available_to ≥ available_from, ongoing end ≥ start)."""
    issues = []
    for table, lo, hi, reason in _WINDOWS:
        for row in ctx.table(table):
            start, end = row.get(lo), row.get(hi)
            if start is not None and end is not None and end < start:
                issues.append(issue_at(row.ref, hi, fmt(end), f"{reason} ({lo} = {fmt(start)})",
                                       rule="reversed_window"))
    return issues


def windows_outside_horizon(ctx: Context) -> list[Issue]:
    """Post and seat windows lie inside the horizon: horizon start ≤ open_from ≤ open_to ≤ horizon end."""
    issues = []
    lo, hi = ctx.horizon_start, ctx.horizon_end
    span = f"[{fmt_month(lo)}, {fmt_month(hi)}]"
    for table in ("posts", "seats"):
        for row in ctx.table(table):
            for column in ("open_from", "open_to"):
                value = row.get(column)
                if column == "open_to" and "open_to" in row.defaulted:
                    continue  # defaulted from open_from: already reported there
                if value is not None and not lo <= value <= hi:
                    issues.append(issue_at(row.ref, column, fmt(value), f"nằm ngoài khoảng kế hoạch {span}",
                                           rule="window_outside_horizon"))
    return issues


def nonpositive_capacity(ctx: Context) -> list[Issue]:
    """A seat takes at least one cadre at once."""
    return [issue_at(r.ref, "capacity", r.get("capacity"), "số người cùng lúc phải lớn hơn 0", rule="capacity")
            for r in ctx.table("seats") if r.get("capacity") is not None and r.get("capacity") <= 0]


def nonpositive_months(ctx: Context) -> list[Issue]:
    """A post or seat lasts at least one month."""
    return [issue_at(r.ref, "months", r.get("months"), "số tháng phải lớn hơn 0", rule="months")
            for table in ("posts", "seats") for r in ctx.table(table)
            if r.get("months") is not None and r.get("months") <= 0]


def seat_months_over_policy(ctx: Context) -> list[Issue]:
    """A secondment lasts at most policy.max_secondment_months (rule 3)."""
    cap = ctx.policy.max_secondment_months
    return [issue_at(r.ref, "months", r.get("months"),
                     f"biệt phái dài hơn mức tối đa của chính sách (max_secondment_months = {cap})",
                     rule="secondment_months")
            for r in ctx.table("seats") if r.get("months") is not None and r.get("months") > cap]


def birth_after_horizon(ctx: Context) -> list[Issue]:
    """Nobody is born after the horizon starts."""
    return [issue_at(r.ref, "birth_date", fmt(r.get("birth_date")),
                     f"ngày sinh sau tháng bắt đầu kế hoạch ({fmt_month(ctx.horizon_start)})", rule="birth_date")
            for r in ctx.table("cadres")
            if r.get("birth_date") is not None and r.get("birth_date") > ctx.horizon_start]


def lock_without_ids(ctx: Context) -> list[Issue]:
    """A lock names a cadre, a target or both."""
    return [issue_at(r.ref, "cadre_id", None, "quyết định ghim/cấm phải có mã cán bộ hoặc mã vị trí/chỉ tiêu",
                     rule="lock")
            for r in ctx.table("locks")
            if r.get("cadre_id") is None and r.get("target_id") is None and not {"cadre_id", "target_id"} & r.bad]


def lock_start_without_target(ctx: Context) -> list[Issue]:
    """A lock's start month only makes sense for a move, so it needs a target."""
    return [issue_at(r.ref, "start", fmt(r.get("start")), "có tháng bắt đầu nhưng không có mã vị trí/chỉ tiêu",
                     rule="lock")
            for r in ctx.table("locks")
            if r.get("start") is not None and r.get("target_id") is None and "target_id" not in r.bad]


# --- warnings ------------------------------------------------------------------------------------------------

def idle_units(ctx: Context) -> list[Issue]:
    """Warning: a unit with no cadre, no post, no seat and no unit under it plays no part in the plan."""
    if not ctx.readable("units", "cadres", "posts", "seats"):
        return []
    used = {r.get("unit_id") for t in ("cadres", "posts", "seats") for r in ctx.table(t)}
    used |= {r.get("parent_id") for r in ctx.table("units")}
    return [issue_at(r.ref, "unit_id", r.get("unit_id"), "đơn vị không có cán bộ, vị trí, chỉ tiêu hay đơn vị trực "
                     "thuộc nào", severity="warning", rule="idle_unit")
            for r in ctx.table("units") if r.get("unit_id") and r.get("unit_id") not in used]


def cadres_past_available(ctx: Context) -> list[Issue]:
    """Warning: a cadre whose availability ends before the horizon starts can never move."""
    return [issue_at(r.ref, "available_to", fmt(r.get("available_to")),
                     "cán bộ hết thời gian sẵn sàng trước khi kế hoạch bắt đầu", severity="warning",
                     rule="availability")
            for r in ctx.table("cadres")
            if r.get("available_to") is not None and r.get("available_to") < ctx.horizon_start]


ERRORS: tuple[Callable[[Context], list[Issue]], ...] = (
    duplicate_ids,
    dangling_references,
    unit_cycles,
    reversed_windows,
    windows_outside_horizon,
    nonpositive_capacity,
    nonpositive_months,
    seat_months_over_policy,
    birth_after_horizon,
    lock_without_ids,
    lock_start_without_target,
)
WARNINGS: tuple[Callable[[Context], list[Issue]], ...] = (idle_units, cadres_past_available)


def validate_rows(ctx: Context) -> list[Issue]:
    """Every error and warning of every rule, in rule order."""
    issues: list[Issue] = []
    for rule in (*ERRORS, *WARNINGS):
        issues += rule(ctx)
    return issues


# --- warnings on the built problem ---------------------------------------------------------------------------

def unreachable_targets(problem: Problem) -> list[Issue]:
    """Warning: a post or seat that no cadre could ever take (planner.eligibility.candidates is empty)."""
    if importlib.util.find_spec("planner.eligibility") is None:
        return []
    from planner import eligibility

    candidates = getattr(eligibility, "candidates", None)
    if candidates is None:
        return []
    issues = []
    held = {o.target_id for o in problem.ongoing}
    targets: Iterable = (*problem.posts, *problem.seats)
    for target in targets:
        target_id = getattr(target, "post_id", None) or target.seat_id
        if target_id in held:
            continue
        if not list(candidates(problem, target_id)):
            what = "vị trí" if hasattr(target, "post_id") else "chỉ tiêu"
            ref = target.ref
            issues.append(Issue(f"không cán bộ nào đủ điều kiện nhận {what} này", ref.file if ref else None,
                                ref.sheet if ref else None, ref.row if ref else None,
                                "post_id" if what == "vị trí" else "seat_id", target_id, "warning",
                                "no_candidate"))
    return issues


def problem_warnings(problem: Problem) -> list[Issue]:
    return unreachable_targets(problem)
