"""Re-planning with minimal change (`planner solve SCENARIO --baseline DIR`, issue 5 item 3).

The previous plan is read from its `assignments.csv`. A *stability* level counts the baseline moves the new plan
keeps exactly (same cadre, target and start). Where it ranks is `objective.stability`:

* `above_quality` (default): lexicographic levels priority_filled, secondments, **stability**, quality — the
  new plan fills as much as it can first, then keeps as much of the baseline as that allows, then is as good as
  it can be;
* `below_quality`: the stability level comes last (it only breaks ties of quality);
* `off`: no stability term (a plain re-solve, the baseline only serves as the solver's starting hint).
In `objective.mode: weighted` each kept move adds `objective.stability_weight` to the one weighted level instead;
the reported `weighted` level is then the weighted objective without that term, and `stability` is reported apart.

`changes(problem, baseline, plan)` says what changed and why: every baseline move kept, changed (the same cadre
moves elsewhere or at another month) or dropped, with the reason it could not be kept (the cadre or the target is
gone, a rule now rules the move out — named —, a lock forbids it, or the rule/objective finding of
`planner.verdict.try_change` on the new plan), and every added move (taking over a post a baseline move left, or
new).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.domain import Move
from models.months import fmt_month, parse_month
from models.plan import LevelValue, Plan, Result
from models.policy import SolverSettings
from models.problem import Problem
from models.scales import LockAction, MoveKind
from planner.check import lock_matches
from planner.errors import InputError, Issue
from planner.verdict import try_change

REASONS: dict[str, tuple[str, str]] = {
    "kept": ("Giữ nguyên", "Kept"),
    "cadre_removed": ("Cán bộ không còn trong dữ liệu", "The cadre is no longer in the data"),
    "target_removed": ("Vị trí/chỉ tiêu không còn trong dữ liệu", "The post or seat is no longer in the data"),
    "not_eligible": ("Cán bộ không còn đủ điều kiện", "The cadre is no longer eligible"),
    "start_not_allowed": ("Tháng bắt đầu cũ không còn hợp lệ", "The old start month is no longer allowed"),
    "forbidden": ("Bị quyết định cấm", "Forbidden by a lock"),
    "rule_conflict": ("Giữ nguyên sẽ vi phạm quy định trong phương án mới",
                      "Keeping it would break a rule in the new plan"),
    "objective": ("Đổi để phương án tốt hơn ở mức mục tiêu cao hơn", "Changed for a better higher objective level"),
    "tie": ("Phương án ngang bằng", "An equally good plan"),
    "takes_over": ("Thay vào vị trí của đợt điều động cũ không giữ được", "Takes over a target the baseline lost"),
    "new": ("Đợt điều động mới", "A new move"),
}
CHANGES: dict[str, tuple[str, str]] = {
    "kept": ("Giữ nguyên", "Kept"),
    "changed": ("Thay đổi", "Changed"),
    "dropped": ("Bỏ", "Dropped"),
    "added": ("Thêm mới", "Added"),
}
CHANGE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("change", "Thay đổi", "Change"),
    ("cadre_id", "Mã cán bộ", "Cadre id"),
    ("full_name", "Họ và tên", "Full name"),
    ("old_target_id", "Nơi đến cũ", "Old target"),
    ("old_start", "Tháng bắt đầu cũ", "Old start"),
    ("new_target_id", "Nơi đến mới", "New target"),
    ("new_start", "Tháng bắt đầu mới", "New start"),
    ("reason", "Lý do", "Reason"),
    ("explanation", "Giải thích", "Explanation"),
)


@dataclass(frozen=True)
class Change:
    change: str  # a key of CHANGES
    cadre_id: str
    old: Move | None
    new: Move | None
    reason: str  # a key of REASONS
    detail_vi: str = ""
    detail_en: str = ""

    def explanation(self, lang: str = "vi") -> str:
        label = REASONS[self.reason][0 if lang == "vi" else 1]
        detail = self.detail_vi if lang == "vi" else self.detail_en
        return f"{label}: {detail}" if detail else label


@dataclass(frozen=True)
class Replan:
    result: Result
    baseline: Plan
    changes: tuple[Change, ...]

    def count(self, change: str) -> int:
        return sum(c.change == change for c in self.changes)


# --- reading a previous plan --------------------------------------------------------------------------------

def read_plan(folder: str | Path) -> Plan:
    """The moves of a solved plan folder's assignments.csv (written by `planner solve`); InputError when unreadable."""
    path = Path(folder) / "assignments.csv"
    shown = str(path)
    try:
        text = path.read_text("utf-8-sig")
    except OSError as exc:
        raise InputError([Issue(f"không đọc được phương án trước: {exc.strerror or exc}", shown)]) from exc
    except UnicodeDecodeError as exc:
        raise InputError([Issue("phương án trước không phải tệp CSV UTF-8", shown)]) from exc
    if "\x00" in text:
        raise InputError([Issue("phương án trước chứa ký tự nhị phân, không phải tệp CSV", shown)])
    reader = csv.DictReader(io.StringIO(text))
    moves: list[Move] = []
    issues: list[Issue] = []
    try:
        missing = [c for c in ("cadre_id", "target_id", "start", "months") if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError([Issue(f"thiếu cột {c}", shown, column=c) for c in missing])
        for n, row in enumerate(reader, start=2):
            try:
                kind = MoveKind.parse(row.get("kind") or "rotation")
                moves.append(Move(kind=kind, cadre_id=(row["cadre_id"] or "").strip(),
                                  target_id=(row["target_id"] or "").strip(), start=parse_month(row["start"]),
                                  months=int(row["months"])))
            except (ValueError, KeyError, TypeError) as exc:
                issues.append(Issue(f"dòng không đọc được: {exc}", shown, row=n))
    except csv.Error as exc:
        raise InputError([Issue(f"phương án trước sai định dạng CSV: {exc}", shown)]) from exc
    if issues:
        raise InputError(issues)
    return Plan(moves=tuple(moves))


# --- the stability level ------------------------------------------------------------------------------------

def _triple(m: Move) -> tuple[str, str, int]:
    return (m.cadre_id, m.target_id, m.start)


def stability_customizer(problem: Problem, baseline: Plan) -> Callable[[Any], None]:
    """A `solve(customize=…)` hook adding the stability term of the module docstring to the model."""
    from planner.cpsat.objective import Level, add_level_expr

    def customize(pm: Any) -> None:
        obj = problem.objective
        index = pm.v.index()
        kept = sorted({index[t] for m in baseline.moves if (t := _triple(m)) in index})
        if obj.stability == "off" or not kept:
            return
        coefs = [0] * len(pm.v.x)
        for k in kept:
            coefs[k] = 1
        if obj.mode == "weighted":
            old = pm.levels[0]
            level = Level(old.name, [c + obj.stability_weight * s for c, s in zip(old.coefs, coefs, strict=True)],
                          old.burden)
            pm.levels[0] = level
            pm.exprs[0] = add_level_expr(pm.model, problem, pm.v, level)
            return
        level = Level("stability", coefs)
        names = [lv.name for lv in pm.levels]
        at = names.index("quality") if obj.stability == "above_quality" and "quality" in names else len(names)
        pm.levels.insert(at, level)
        pm.exprs.insert(at, add_level_expr(pm.model, problem, pm.v, level))

    return customize


def kept_count(baseline: Plan, plan: Plan) -> int:
    mine = {_triple(m) for m in plan.moves}
    return sum(_triple(m) in mine for m in baseline.moves)


def replan(problem: Problem, baseline: Plan, settings: SolverSettings | None = None, *,
           progress: Callable[..., None] | None = None, solver: Callable[..., Result] | None = None) -> Replan:
    """Solve `problem` keeping as much of `baseline` as the stability setting asks; say what changed and why."""
    if solver is None:
        from planner.solve import solve as solver
    assert solver is not None
    result = solver(problem, settings, progress=progress, hint=baseline,
                    customize=stability_customizer(problem, baseline))
    obj = problem.objective
    if result.plan.moves and obj.mode == "weighted" and obj.stability != "off":
        # The weighted level carried stability_weight × kept: report the weighted objective without it.
        extra = obj.stability_weight * kept_count(baseline, result.plan)
        levels = tuple(LevelValue(name=lv.name, value=lv.value - extra, bound=lv.bound - extra)
                       for lv in result.levels)
        levels += (LevelValue(name="stability", value=kept_count(baseline, result.plan),
                              bound=len(baseline.moves)),)
        result = result.model_copy(update={"levels": levels})
    found = changes(problem, baseline, result.plan) if result.status in ("OPTIMAL", "FEASIBLE") else ()
    return Replan(result=result, baseline=baseline, changes=tuple(found))


# --- what changed and why -----------------------------------------------------------------------------------

def _why_not_kept(problem: Problem, old: Move, plan: Plan) -> tuple[str, str, str]:
    """(reason code, detail vi, detail en) of a baseline move the new plan does not keep."""
    from planner.eligibility import Rule, eligibility

    if old.cadre_id not in problem.cadre_by_id:
        return "cadre_removed", f"{old.cadre_id}", f"{old.cadre_id}"
    target = problem.post_by_id.get(old.target_id) or problem.seat_by_id.get(old.target_id)
    if target is None:
        return "target_removed", old.target_id, old.target_id
    elig = eligibility(problem)
    rules = elig.blockers(old.cadre_id, old.target_id)
    if rules:
        return ("not_eligible", "; ".join(r.label_vi for r in rules), "; ".join(r.label_en for r in rules))
    if old.start not in elig.feasible_starts(old.cadre_id, old.target_id):
        rules = elig.start_blockers(old.cadre_id, old.target_id, old.start)
        if not target.open_from <= old.start <= target.open_to:
            rules = [Rule.WINDOW, *rules]
        return ("start_not_allowed", f"{fmt_month(old.start)}: " + "; ".join(r.label_vi for r in rules),
                f"{fmt_month(old.start)}: " + "; ".join(r.label_en for r in rules))
    probe = old.model_copy(update={"months": target.months})
    forbids = [lk for lk in problem.locks if lk.action is LockAction.FORBID and (lk.cadre_id or lk.target_id)
               and lock_matches(lk, probe)]
    if forbids:
        text = "; ".join(lk.describe() + (f" — {lk.reason}" if lk.reason else "") for lk in forbids)
        return "forbidden", text, text
    # Possible alone: put it back into the new plan in place of what now occupies its cadre and its post.
    displaced = [m for m in plan.moves if m.cadre_id == old.cadre_id
                 or (m.target_id == old.target_id and old.target_id in problem.post_by_id)]
    verdict = try_change(problem, plan, remove=displaced, add=[probe])
    if not verdict.valid:
        return "rule_conflict", verdict.sentence("vi"), verdict.sentence("en")
    if verdict.worse:
        return "objective", "giữ nguyên thì " + verdict.sentence("vi"), "keeping it, " + verdict.sentence("en")
    return "tie", verdict.sentence("vi"), verdict.sentence("en")


def changes(problem: Problem, baseline: Plan, plan: Plan) -> list[Change]:
    """Every baseline move kept, changed or dropped (with the reason), then every added move."""
    new_by_cadre: dict[str, list[Move]] = {}
    for m in plan.moves:
        new_by_cadre.setdefault(m.cadre_id, []).append(m)
    new_triples = {_triple(m) for m in plan.moves}
    old_cadres = {m.cadre_id for m in baseline.moves}
    out: list[Change] = []
    lost_targets: dict[str, str] = {}  # target -> cadre of the baseline move not kept there
    claimed: set[Move] = set()
    for old in sorted(baseline.moves, key=lambda m: (m.cadre_id, m.start, m.target_id)):
        if _triple(old) in new_triples:
            out.append(Change("kept", old.cadre_id, old, next(m for m in plan.moves if _triple(m) == _triple(old)),
                              "kept"))
            claimed.add(out[-1].new)  # type: ignore[arg-type]
            continue
        lost_targets.setdefault(old.target_id, old.cadre_id)
        reason, vi, en = _why_not_kept(problem, old, plan)
        others = [m for m in new_by_cadre.get(old.cadre_id, []) if m not in claimed
                  and _triple(m) not in {_triple(b) for b in baseline.moves}]
        if others:
            new = others[0]
            claimed.add(new)
            out.append(Change("changed", old.cadre_id, old, new, reason, vi, en))
        else:
            out.append(Change("dropped", old.cadre_id, old, None, reason, vi, en))
    for m in sorted(plan.moves, key=lambda m: (m.cadre_id, m.start, m.target_id)):
        if m in claimed:
            continue
        if m.target_id in lost_targets and lost_targets[m.target_id] != m.cadre_id:
            who = lost_targets[m.target_id]
            out.append(Change("added", m.cadre_id, None, m, "takes_over", f"thay {who} tại {m.target_id}",
                              f"replaces {who} at {m.target_id}"))
        else:
            first = "" if m.cadre_id not in old_cadres else " (cán bộ có thêm đợt điều động)"
            out.append(Change("added", m.cadre_id, None, m, "new", f"{m.target_id} từ {fmt_month(m.start)}{first}",
                              f"{m.target_id} from {fmt_month(m.start)}"))
    return out


# --- outputs ------------------------------------------------------------------------------------------------

def change_rows(problem: Problem, found: tuple[Change, ...] | list[Change], lang: str = "vi",
                names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The rows of changes.csv: codes in `change`/`reason`, the sentence in the chosen language."""
    shown = names if names is not None else {c.cadre_id: c.full_name for c in problem.cadres}
    return [{
        "change": c.change,
        "cadre_id": c.cadre_id,
        "full_name": shown.get(c.cadre_id, ""),
        "old_target_id": c.old.target_id if c.old else "",
        "old_start": fmt_month(c.old.start) if c.old else "",
        "new_target_id": c.new.target_id if c.new else "",
        "new_start": fmt_month(c.new.start) if c.new else "",
        "reason": c.reason,
        "explanation": c.explanation(lang),
    } for c in found]


def render_changes_csv(problem: Problem, found: tuple[Change, ...] | list[Change], lang: str = "vi",
                       names: dict[str, str] | None = None) -> bytes:
    from planner.report.common import OutColumn
    from planner.report.csv_out import render_csv

    columns = [OutColumn(n, vi, en) for n, vi, en in CHANGE_COLUMNS]
    return render_csv(columns, change_rows(problem, found, lang, names))


def summary_lines(replanned: Replan, lang: str = "vi") -> list[str]:
    """A short terminal summary: counts, then one line per move that is not kept."""
    n = len(replanned.baseline.moves)
    kept, changed, dropped, added = (replanned.count(x) for x in ("kept", "changed", "dropped", "added"))
    if lang == "vi":
        lines = [f"So với phương án trước ({n} đợt điều động): giữ nguyên {kept}, thay đổi {changed}, bỏ {dropped}, "
                 f"thêm {added}"]
    else:
        lines = [f"Against the previous plan ({n} moves): kept {kept}, changed {changed}, dropped {dropped}, "
                 f"added {added}"]
    for c in replanned.changes:
        if c.change == "kept":
            continue
        old = f"{c.old.target_id} {fmt_month(c.old.start)}" if c.old else "—"
        new = f"{c.new.target_id} {fmt_month(c.new.start)}" if c.new else "—"
        lines.append(f"  {CHANGES[c.change][0 if lang == 'vi' else 1]} {c.cadre_id}: {old} → {new} — "
                     f"{c.explanation(lang)}")
    return lines


def baseline_kpis(replanned: Replan, folder: str | Path) -> dict[str, Any]:
    """What kpis.json records of a re-plan (key `baseline`)."""
    return {"baseline": {
        "dir": str(folder),
        "moves": len(replanned.baseline.moves),
        "kept": replanned.count("kept"),
        "changed": replanned.count("changed"),
        "dropped": replanned.count("dropped"),
        "added": replanned.count("added"),
    }}

