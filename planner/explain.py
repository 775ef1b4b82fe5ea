"""Explain a post or a cadre line by line (`planner explain SCENARIO --post ID | --cadre ID`, issue 5 item 1).

Plain functions return data (tests assert on it); `render_post` / `render_cadre` turn it into rich text, Vietnamese
by default, English with `lang="en"`.

For a post (`explain_post`):
* the eligibility funnel (`planner.eligibility.funnel`): cadres in scope, then how many each rule removed;
* the eligible candidates ranked by their best move score, with the score parts of `planner.evaluate`;
* who got the post in the plan and, for every other candidate (the runner-up first), why not — the finding of
  `planner.verdict.try_change` when that candidate is put on the post instead: the rules the plan would then break
  (taken elsewhere by another move, the unit's away cap in a given month, a lock) or the objective level it would
  lose (a lower score), or a tie;
* for an empty post, the smallest changes that would fill it, each TESTED by re-solving the changed problem and
  reported only when the new plan fills the post. A change is a list of scenario patches (DESIGN §3) and policy
  settings, so the committee can paste it into a what-if scenario; `apply_suggestion` applies it to a Problem.

For a cadre (`explain_cadre`): where the cadre could go (targets with feasible starts), why not elsewhere (the
blocking rules, grouped, with the targets each rule blocks), the qualifications they lack for the posts whose
title is in their succession pool, and their move in the plan with its return placement.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from models.domain import Move, Post
from models.months import fmt_month
from models.plan import Plan, Result
from models.policy import SolverSettings
from models.problem import Problem
from models.scales import Education, LockAction, MoveKind, PoliticalTheory, StateMgmt
from models.text import key
from planner.eligibility import START_RULES, Rule, eligibility, target_kind
from planner.evaluate import SCORE_PARTS, move_score
from planner.verdict import try_change

MAX_TRIALS = 10  # re-solves per empty post at most


def tr(lang: str, vi: str, en: str) -> str:
    return vi if lang == "vi" else en


# --- data ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FunnelRow:
    rule: str | None  # rule code; None for the cadres in scope
    label_vi: str
    label_en: str
    ruled_out: int
    remaining: int


@dataclass(frozen=True)
class Ranked:
    """An eligible candidate at their best start, with the score parts (already weighted)."""

    cadre_id: str
    full_name: str
    unit_id: str
    start: int
    parts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.parts.values())


@dataclass(frozen=True)
class WhyNot:
    """Why a candidate does not hold the post in the plan: a reason code and the sentence that proves it."""

    cadre_id: str
    reason: str  # taken_elsewhere | unit_cap | lock | rule | lower_score | tie
    detail_vi: str
    detail_en: str
    month: int | None = None  # the month a capacity binds, when the reason is one
    other_target: str | None = None  # where the cadre goes instead, when taken elsewhere

    def detail(self, lang: str = "vi") -> str:
        return self.detail_vi if lang == "vi" else self.detail_en


@dataclass(frozen=True)
class Suggestion:
    """A tested change that fills an empty post: patches and policy settings, in plain words."""

    code: str
    text_vi: str
    text_en: str
    patches: tuple[dict[str, Any], ...] = ()
    policy: dict[str, Any] = field(default_factory=dict)
    size: int = 1  # how many records or settings change
    filled_by: str | None = None  # who fills the post in the re-solved plan
    start: int | None = None
    cost_vi: str = ""  # what the re-solved plan gives up for it, when anything
    cost_en: str = ""

    def text(self, lang: str = "vi") -> str:
        return self.text_vi if lang == "vi" else self.text_en

    def yaml(self) -> str:
        """The change as scenario YAML (patches and policy) to paste into a what-if file."""
        import yaml

        data: dict[str, Any] = {}
        if self.policy:
            data["policy"] = dict(self.policy)
        if self.patches:
            data["patches"] = [dict(p) for p in self.patches]
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None).strip()


@dataclass(frozen=True)
class PostExplanation:
    post_id: str
    unit_id: str
    title: str
    priority: int
    held: bool  # held by an ongoing rotation: not fillable in this plan
    funnel: tuple[FunnelRow, ...]
    candidates: tuple[Ranked, ...]
    assigned: Move | None
    why_not: tuple[WhyNot, ...]  # every other candidate, in rank order (the runner-up first)
    suggestions: tuple[Suggestion, ...]
    plan_status: str

    @property
    def runner_up(self) -> WhyNot | None:
        return self.why_not[0] if self.why_not else None


# --- helpers ------------------------------------------------------------------------------------------------

def rebuilt(problem: Problem, **changes: Any) -> Problem:
    """A fresh Problem with some fields replaced (fresh lookups and a fresh eligibility)."""
    data = {name: getattr(problem, name) for name in Problem.model_fields}
    data.update(changes)
    return Problem(**data)


_TABLE_IDS = {"units": "unit_id", "cadres": "cadre_id", "posts": "post_id", "seats": "seat_id"}


def _matches(record: Any, where: Mapping[str, Any]) -> bool:
    for column, wanted in where.items():
        have = getattr(record, column, None)
        have = getattr(have, "code", have)
        if key(str(have if have is not None else "")) != key(str(wanted)):
            return False
    return True


def apply_suggestion(problem: Problem, suggestion: Suggestion) -> Problem:
    """The problem with the suggestion's patches (parsed like the loader parses cells) and policy applied."""
    from planner.io.cells import parse_cell
    from planner.io.columns import TABLES

    tables: dict[str, list[Any]] = {name: list(getattr(problem, name)) for name in ("units", "cadres", "posts",
                                                                                    "seats", "locks")}
    for patch in suggestion.patches:
        name = patch["table"]
        rows = tables[name]
        hits = [r for r in rows if _matches(r, patch["where"])]
        if not hits:
            raise ValueError(f"patch matches no row: {patch}")
        if patch.get("drop"):
            tables[name] = [r for r in rows if r not in hits]
            continue
        update = {}
        for column, value in patch["set"].items():
            update[column] = None if value is None else parse_cell(TABLES[name].column(column), value)[0]
        tables[name] = [r.model_copy(update=update) if r in hits else r for r in rows]
    policy = problem.policy.model_copy(update=suggestion.policy) if suggestion.policy else problem.policy
    return rebuilt(problem, policy=policy, **{k: tuple(v) for k, v in tables.items()})


def _name(problem: Problem, cadre_id: str) -> str:
    cadre = problem.cadre_by_id.get(cadre_id)
    return f"{cadre.full_name} ({cadre_id})" if cadre else cadre_id


def _best_start(problem: Problem, cadre_id: str, target_id: str, starts: Sequence[int]) -> Ranked:
    kind = target_kind(problem, target_id)
    months = (problem.post_by_id.get(target_id) or problem.seat_by_id[target_id]).months
    cadre = problem.cadre_by_id[cadre_id]
    best: Ranked | None = None
    for s in starts:
        score = move_score(problem, Move(kind=kind, cadre_id=cadre_id, target_id=target_id, start=s, months=months))
        r = Ranked(cadre_id, cadre.full_name, cadre.unit_id, s, dict(score.parts))
        if best is None or r.total > best.total:
            best = r
    assert best is not None
    return best


def ranked_candidates(problem: Problem, target_id: str) -> list[Ranked]:
    """Eligible cadres at their best start, highest score first (then by id)."""
    cands = eligibility(problem).candidates[target_id]
    ranked = [_best_start(problem, c.cadre_id, target_id, c.starts) for c in cands]
    return sorted(ranked, key=lambda r: (-r.total, r.cadre_id))


def funnel_rows(problem: Problem, target_id: str) -> list[FunnelRow]:
    out = []
    for step in eligibility(problem).funnel(target_id):
        if step.rule is None:
            out.append(FunnelRow(None, "Cán bộ trong phạm vi xem xét", "Cadres in scope", 0, step.remaining))
        else:
            out.append(FunnelRow(step.rule.code, step.rule.label_vi, step.rule.label_en, step.ruled_out,
                                 step.remaining))
    return out


def _plan_of(problem: Problem, plan: Plan | None, settings: SolverSettings | None) -> tuple[Plan, str]:
    if plan is not None:
        return plan, "GIVEN"
    from planner.solve import solve

    result = solve(problem, settings)
    return result.plan, result.status


# --- why not this candidate ---------------------------------------------------------------------------------

_TAKEN = {"max_moves", "overlap", "same_target_twice"}


def why_not(problem: Problem, plan: Plan, post: Post, ranked: Ranked, starts: Sequence[int]) -> WhyNot:
    """Put the candidate on the post (in place of whoever holds it) at each feasible start; report the best
    outcome: a tie or lower score when some start keeps every rule, else the rules broken at the best start."""
    holder = [m for m in plan.moves if m.target_id == post.post_id]
    cid = ranked.cadre_id
    order = sorted(starts, key=lambda s: (s != ranked.start, s))
    verdicts = []
    for s in order:
        move = Move(kind=MoveKind.ROTATION, cadre_id=cid, target_id=post.post_id, start=s, months=post.months)
        verdicts.append((s, try_change(problem, plan, remove=holder, add=[move])))
    valid = [(s, v) for s, v in verdicts if v.valid]
    if valid:
        s, v = valid[0]
        if v.tie:
            return WhyNot(cid, "tie", v.sentence("vi"), v.sentence("en"))
        if v.worse:
            return WhyNot(cid, "lower_score", "nếu bố trí người này thì " + v.sentence("vi"),
                          "with this cadre instead, " + v.sentence("en"))
        return WhyNot(cid, "tie", v.sentence("vi"), v.sentence("en"))
    s, v = verdicts[0]
    codes = [x.code for x in v.violations]
    elsewhere = [m for m in plan.moves if m.cadre_id == cid]
    if any(c in _TAKEN for c in codes) and elsewhere:
        where = ", ".join(f"{m.target_id} ({fmt_month(m.start)}–{fmt_month(m.end)})" for m in elsewhere)
        return WhyNot(cid, "taken_elsewhere", f"phương án bố trí người này đến {where}",
                      f"the plan places this cadre at {where}", other_target=elsewhere[0].target_id)
    cap = [x for x in v.violations if x.code == "unit_cap"]
    if cap:
        unit = problem.cadre_by_id[cid].unit_id
        month = cap[0].month
        when = fmt_month(month) if month is not None else "?"
        return WhyNot(cid, "unit_cap", f"đơn vị {unit} đã đủ số người vắng mặt cùng lúc trong tháng {when} "
                                       f"({v.sentence('vi')})",
                      f"the away cap of unit {unit} binds in {when} ({v.sentence('en')})", month=month)
    if any(c.startswith("lock") or "lock" in c for c in codes):
        return WhyNot(cid, "lock", v.sentence("vi"), v.sentence("en"))
    return WhyNot(cid, "rule", v.sentence("vi"), v.sentence("en"))


# --- suggestions for an empty post --------------------------------------------------------------------------

_SCALES = {Rule.EDUCATION: ("min_education", "education", Education),
           Rule.POLITICAL_THEORY: ("min_political_theory", "political_theory", PoliticalTheory),
           Rule.STATE_MGMT: ("min_state_mgmt", "state_mgmt", StateMgmt)}


def _near_misses(problem: Problem, post: Post, rule: Rule) -> list[str]:
    """Cadres ruled out of the post by this rule and by no other start-independent rule."""
    elig = eligibility(problem)
    return [c.cadre_id for c in problem.cadres if elig.blockers(c.cadre_id, post.post_id) == [rule]]


def _post_patch(post: Post, **values: Any) -> dict[str, Any]:
    return {"table": "posts", "where": {"post_id": post.post_id}, "set": values}


def _ids(ids: Sequence[str], n: int = 4) -> str:
    return ", ".join(ids[:n]) + (", …" if len(ids) > n else "")


def candidate_changes(problem: Problem, post: Post, plan: Plan) -> list[Suggestion]:
    """Changes worth testing for an empty post, smallest first (not yet tested)."""
    out: list[Suggestion] = []
    elig = eligibility(problem)
    for lock in problem.locks:
        if lock.action is LockAction.FORBID and lock.target_id == post.post_id and not lock.cadre_id:
            where = {"action": "forbid", "target_id": post.post_id}
            out.append(Suggestion("drop_lock", f"Bỏ quyết định để trống vị trí ({lock.describe()})",
                                  f"Drop the lock keeping the post empty ({lock.describe()})",
                                  ({"table": "locks", "where": where, "drop": True},)))
    bites = [r for r in funnel_rows(problem, post.post_id) if r.rule and r.ruled_out]
    for row in bites:
        rule = Rule.by_code(row.rule or "")
        near = _near_misses(problem, post, rule) if rule not in START_RULES else []
        if rule in _SCALES and near:
            column, attr, scale = _SCALES[rule]
            best = max(getattr(problem.cadre_by_id[c], attr) for c in near)
            who = [c for c in near if getattr(problem.cadre_by_id[c], attr) == best]
            current = getattr(post, column)
            cur = current.label_vi if current is not None else "—"
            cur_en = current.label_en if current is not None else "—"
            out.append(Suggestion(
                f"lower_{column}",
                f"{len(who)} cán bộ sẽ đủ điều kiện nếu yêu cầu «{rule.label_vi}» hạ xuống «{best.label_vi}» "
                f"({_ids(who)}) — hoặc nhu cầu đào tạo: bồi dưỡng họ lên «{cur}»",
                f"{len(who)} cadres would qualify with {best.label_en} ({_ids(who)}) — lower the post's minimum "
                f"from {cur_en}, or a training need: train them to {cur_en}",
                (_post_patch(post, **{column: best.code}),)))
        elif rule is Rule.PARTY and near:
            out.append(Suggestion("drop_party", f"Bỏ yêu cầu đảng viên: {len(near)} cán bộ đủ điều kiện ({_ids(near)})",
                                  f"Drop the party requirement: {len(near)} cadres qualify ({_ids(near)})",
                                  (_post_patch(post, party_required="false"),)))
        elif rule is Rule.FIELD and near:
            fields = sorted({problem.cadre_by_id[c].field or "" for c in near} - {""})
            out.append(Suggestion("widen_fields", f"Mở rộng lĩnh vực của vị trí thêm: {', '.join(fields)}",
                                  f"Add fields to the post: {', '.join(fields)}",
                                  (_post_patch(post, fields=";".join([*post.fields, *fields])),)))
        elif rule is Rule.LANGUAGE and near:
            out.append(Suggestion("soft_language", "Nới quy định ngôn ngữ (tiếng dân tộc thành tiêu chí ưu tiên)",
                                  "Relax the language rule (the language becomes a preference)",
                                  policy={"language_rule": "soft"}))
        elif rule is Rule.NON_LOCAL and near:
            out.append(Suggestion("allow_local", "Cho phép bố trí người địa phương vào vị trí này",
                                  "Allow natives of the unit into this post", (_post_patch(post, non_local="false"),)))
        elif rule is Rule.PLANNING and near:
            ranked = [r for r in (_best_start_or_none(problem, c, post) for c in near) if r is not None]
            for cid in [r.cadre_id for r in sorted(ranked, key=lambda r: (-r.total, r.cadre_id))][:2]:
                cadre = problem.cadre_by_id[cid]
                out.append(Suggestion(
                    "add_to_pool",
                    f"Bỏ yêu cầu quy hoạch cho vị trí này với {_name(problem, cid)}: bổ sung vào quy hoạch chức "
                    f"danh «{post.title}»",
                    f"Drop the planning requirement for this post for {_name(problem, cid)}: add them to the pool "
                    f"for '{post.title}'",
                    ({"table": "cadres", "where": {"cadre_id": cid},
                      "set": {"planned_titles": ";".join([*cadre.planned_titles, post.title])}},)))
        elif rule is Rule.RANK_STEP and near and post.rank is not None:
            rank = max(problem.cadre_by_id[c].rank for c in near) + problem.policy.max_rank_step
            out.append(Suggestion("lower_rank", f"Hạ cấp bậc của vị trí xuống {rank}",
                                  f"Lower the post's rank to {rank}", (_post_patch(post, rank=str(rank)),)))
        elif rule is Rule.SOURCE_LEVEL and near:
            levels = sorted({problem.unit_by_id[problem.cadre_by_id[c].unit_id].level.code for c in near
                             if problem.cadre_by_id[c].unit_id in problem.unit_by_id})
            merged = list(dict.fromkeys([lv.code for lv in post.source_levels] + levels))
            out.append(Suggestion("widen_sources", f"Mở rộng nguồn cán bộ của vị trí thêm cấp: {', '.join(levels)}",
                                  f"Add source levels to the post: {', '.join(levels)}",
                                  (_post_patch(post, source_levels=";".join(merged)),)))
    start_bites = [r for r in bites if r.rule and Rule.by_code(r.rule) in START_RULES]
    if start_bites or elig.candidates[post.post_id]:
        lo, hi = problem.horizon_start, problem.horizon_end
        if (post.open_from, post.open_to) != (lo, hi):
            out.append(Suggestion("widen_window", f"Mở rộng khoảng thời gian bắt đầu: {fmt_month(lo)}–{fmt_month(hi)}",
                                  f"Widen the start window: {fmt_month(lo)}–{fmt_month(hi)}",
                                  (_post_patch(post, open_from=fmt_month(lo), open_to=fmt_month(hi)),)))
    # Plan-level: eligible cadres held by their unit's cap, placed elsewhere, or forbidden here.
    cands = elig.candidates[post.post_id]
    if cands:
        seen_units: set[str] = set()
        for cand in ranked_candidates(problem, post.post_id):
            starts = next(c.starts for c in cands if c.cadre_id == cand.cadre_id)
            w = why_not(problem, plan, post, cand, starts)
            unit_id = problem.cadre_by_id[cand.cadre_id].unit_id
            if w.reason == "unit_cap" and unit_id not in seen_units:
                seen_units.add(unit_id)
                unit = problem.unit_by_id[unit_id]
                cap = problem.away_cap(unit) or 0
                when = fmt_month(w.month) if w.month is not None else "?"
                out.append(Suggestion(
                    "raise_cap", f"Hạn mức vắng mặt của đơn vị {unit.name} ({unit_id}) bị chạm trong tháng {when}: "
                                 f"tăng max_away lên {cap + 1}",
                    f"The away cap of unit {unit.name} ({unit_id}) binds in {when}: raise max_away to {cap + 1}",
                    ({"table": "units", "where": {"unit_id": unit_id}, "set": {"max_away": str(cap + 1)}},)))
        forbids = [lk for lk in problem.locks if lk.action is LockAction.FORBID and lk.cadre_id
                   and lk.target_id in (post.post_id, None) and any(c.cadre_id == lk.cadre_id for c in cands)]
        if forbids:
            out.append(Suggestion(
                "drop_forbids", "Bỏ các quyết định cấm: " + "; ".join(lk.describe() for lk in forbids),
                "Drop the forbid locks: " + "; ".join(lk.describe() for lk in forbids),
                tuple({"table": "locks", "where": {k: v for k, v in (("action", "forbid"), ("cadre_id", lk.cadre_id),
                                                                    ("target_id", lk.target_id)) if v},
                       "drop": True} for lk in forbids), size=len(forbids)))
        if post.priority < 5:
            out.append(Suggestion("raise_priority", f"Nâng mức ưu tiên của vị trí lên 5 (hiện {post.priority})",
                                  f"Raise the post's priority to 5 (now {post.priority})",
                                  (_post_patch(post, priority="5"),)))
    return sorted(out, key=lambda s: s.size)


def _best_start_or_none(problem: Problem, cadre_id: str, post: Post) -> Ranked | None:
    starts = range(post.open_from, post.open_to + 1)
    return _best_start(problem, cadre_id, post.post_id, list(starts)) if starts else None


def try_suggestion(problem: Problem, post_id: str, suggestion: Suggestion, plan: Plan,
                   settings: SolverSettings | None = None,
                   solver: Callable[..., Result] | None = None) -> Suggestion | None:
    """Apply the change and re-solve: the suggestion with who fills the post (and the posts the new plan leaves
    empty that `plan` filled), or None when the post stays empty."""
    if solver is None:
        from planner.solve import solve as solver
    assert solver is not None
    try:
        changed = apply_suggestion(problem, suggestion)
    except ValueError:
        return None
    if post_id not in changed.post_by_id:
        return None
    result = solver(changed, settings)
    if result.status not in ("OPTIMAL", "FEASIBLE"):
        return None
    move = next((m for m in result.plan.moves if m.target_id == post_id), None)
    if move is None:
        return None
    was = {m.target_id for m in plan.moves if m.kind is MoveKind.ROTATION}
    now = {m.target_id for m in result.plan.moves if m.kind is MoveKind.ROTATION}
    lost = sorted(was - now)
    return Suggestion(suggestion.code, suggestion.text_vi, suggestion.text_en, suggestion.patches,
                      suggestion.policy, suggestion.size, move.cadre_id, move.start,
                      f"các vị trí khác để trống: {', '.join(lost)}" if lost else "",
                      f"other posts left empty: {', '.join(lost)}" if lost else "")


def suggestions(problem: Problem, post_id: str, plan: Plan, settings: SolverSettings | None = None, *,
                limit: int = MAX_TRIALS, solver: Callable[..., Result] | None = None) -> list[Suggestion]:
    """Every candidate change that, applied and re-solved, fills the empty post — smallest first."""
    post = problem.post_by_id[post_id]
    out = []
    for s in candidate_changes(problem, post, plan)[:limit]:
        tested = try_suggestion(problem, post_id, s, plan, settings, solver)
        if tested is not None:
            out.append(tested)
    return out


# --- a post -------------------------------------------------------------------------------------------------

def explain_post(problem: Problem, post_id: str, plan: Plan | None = None, settings: SolverSettings | None = None,
                 *, suggest: bool = True) -> PostExplanation:
    """Everything about one post: funnel, ranked candidates, who got it and why not the others, and for an empty
    post the tested changes that would fill it. Solves the problem when `plan` is None."""
    post = problem.post_by_id[post_id]
    plan, status = _plan_of(problem, plan, settings)
    held = any(o.target_id == post_id for o in problem.ongoing)
    cands = eligibility(problem).candidates[post_id]
    starts = {c.cadre_id: c.starts for c in cands}
    ranked = ranked_candidates(problem, post_id)
    assigned = next((m for m in plan.moves if m.target_id == post_id), None)
    others = [r for r in ranked if assigned is None or r.cadre_id != assigned.cadre_id]
    reasons = tuple(why_not(problem, plan, post, r, starts[r.cadre_id]) for r in others)
    found: list[Suggestion] = []
    if assigned is None and not held and suggest:
        found = suggestions(problem, post_id, plan, settings)
    return PostExplanation(post_id, post.unit_id, post.title, post.priority, held,
                           tuple(funnel_rows(problem, post_id)), tuple(ranked), assigned, reasons, tuple(found), status)


# --- a cadre ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Option:
    target_id: str
    kind: str
    starts: tuple[int, ...]
    score: int  # at the best start


@dataclass(frozen=True)
class Lack:
    """A post whose title is in the cadre's succession pool, and the start-independent rules that rule them out."""

    post_id: str
    title: str
    rules: tuple[str, ...]  # rule codes
    details_vi: tuple[str, ...]
    details_en: tuple[str, ...]


@dataclass(frozen=True)
class CadreExplanation:
    cadre_id: str
    full_name: str
    unit_id: str
    options: tuple[Option, ...]
    blocked: dict[str, tuple[str, ...]]  # rule code -> targets it blocks
    lacks: tuple[Lack, ...]
    moves: tuple[Move, ...]  # the cadre's moves in the plan
    returns: tuple[tuple[str, str, int, str], ...]  # (unit, title, month, basis) per move
    plan_status: str


def _lack_detail(problem: Problem, cadre_id: str, post: Post, rule: Rule) -> tuple[str, str]:
    cadre = problem.cadre_by_id[cadre_id]
    if rule in _SCALES:
        column, attr, _ = _SCALES[rule]
        need, have = getattr(post, column), getattr(cadre, attr)
        return (f"{rule.label_vi}: cần «{need.label_vi}», hiện «{have.label_vi}»",
                f"{rule.label_en}: needs {need.label_en}, has {have.label_en}")
    if rule is Rule.FIELD:
        return (f"{rule.label_vi}: cần {', '.join(post.fields)}, hiện «{cadre.field or '—'}»",
                f"{rule.label_en}: needs {', '.join(post.fields)}, has {cadre.field or '—'}")
    if rule is Rule.LANGUAGE:
        return (f"{rule.label_vi}: cần tiếng {post.language}", f"{rule.label_en}: needs {post.language}")
    return rule.label_vi, rule.label_en


def explain_cadre(problem: Problem, cadre_id: str, plan: Plan | None = None,
                  settings: SolverSettings | None = None) -> CadreExplanation:
    """Where the cadre could go, why not elsewhere, what they lack for their planned titles, their move."""
    from planner.returns import return_placements

    cadre = problem.cadre_by_id[cadre_id]
    plan, status = _plan_of(problem, plan, settings)
    elig = eligibility(problem)
    options = []
    for target_id, starts in elig.by_cadre.get(cadre_id, []):
        best = _best_start(problem, cadre_id, target_id, starts)
        options.append(Option(target_id, target_kind(problem, target_id).code, starts, best.total))
    options.sort(key=lambda o: (-o.score, o.target_id))
    reachable = {o.target_id for o in options}
    blocked: dict[str, list[str]] = {}
    for target_id in [*problem.post_by_id, *problem.seat_by_id]:
        if target_id in reachable:
            continue
        for rule in elig.why_not(cadre_id, target_id):
            blocked.setdefault(rule.code, []).append(target_id)
    planned = {key(t) for t in cadre.planned_titles}
    lacks = []
    for post in problem.posts:
        if key(post.title) not in planned or post.post_id in reachable:
            continue
        rules = elig.why_not(cadre_id, post.post_id)
        details = [_lack_detail(problem, cadre_id, post, r) for r in rules]
        lacks.append(Lack(post.post_id, post.title, tuple(r.code for r in rules), tuple(d[0] for d in details),
                          tuple(d[1] for d in details)))
    moves = tuple(m for m in plan.moves if m.cadre_id == cadre_id)
    returns = return_placements(problem, moves)
    return CadreExplanation(cadre_id, cadre.full_name, cadre.unit_id, tuple(options),
                            {k: tuple(v) for k, v in blocked.items()}, tuple(lacks), moves,
                            tuple((r.unit_id, r.title, r.month, r.basis) for r in returns.values()), status)


# --- rendering ----------------------------------------------------------------------------------------------

def _part_label(part: str, lang: str) -> str:
    from planner.evaluate import SCORE_PART_LABELS

    vi, en = SCORE_PART_LABELS[part]
    return vi if lang == "vi" else en


def render_post(problem: Problem, ex: PostExplanation, lang: str = "vi") -> list[Any]:
    """Rich renderables (tables and text) of a post's explanation."""
    from rich.table import Table
    from rich.text import Text

    out: list[Any] = []
    unit = problem.unit_by_id.get(ex.unit_id)
    out.append(Text(tr(lang, f"Vị trí {ex.post_id}: {ex.title} — {unit.name if unit else ex.unit_id} (ưu tiên "
                             f"{ex.priority})",
                       f"Post {ex.post_id}: {ex.title} — {unit.name if unit else ex.unit_id} (priority "
                       f"{ex.priority})"), style="bold"))
    if ex.held:
        out.append(Text(tr(lang, "Vị trí đang do người luân chuyển đợt trước đảm nhiệm: không bố trí trong kế hoạch này.",
                           "Held by an ongoing rotation: not filled in this plan.")))
    funnel = Table(title=tr(lang, "Sàng lọc điều kiện", "Eligibility funnel"))
    funnel.add_column(tr(lang, "Quy định", "Rule"))
    funnel.add_column(tr(lang, "Loại", "Ruled out"), justify="right")
    funnel.add_column(tr(lang, "Còn lại", "Remaining"), justify="right")
    for row in ex.funnel:
        if row.rule is None or row.ruled_out:
            funnel.add_row(row.label_vi if lang == "vi" else row.label_en, str(row.ruled_out or ""), str(row.remaining))
    out.append(funnel)
    if ex.candidates:
        cands = Table(title=tr(lang, "Cán bộ đủ điều kiện (xếp theo điểm)", "Eligible cadres (by score)"))
        cands.add_column("#", justify="right")
        cands.add_column(tr(lang, "Cán bộ", "Cadre"))
        cands.add_column(tr(lang, "Bắt đầu", "Start"))
        cands.add_column(tr(lang, "Điểm", "Score"), justify="right")
        cands.add_column(tr(lang, "Thành phần điểm", "Score parts"))
        for n, r in enumerate(ex.candidates, start=1):
            parts = ", ".join(f"{_part_label(p, lang)} {r.parts[p]:+d}" for p in SCORE_PARTS if r.parts.get(p))
            mark = " ✓" if ex.assigned and ex.assigned.cadre_id == r.cadre_id else ""
            cands.add_row(str(n), f"{r.full_name} ({r.cadre_id}){mark}", fmt_month(r.start), str(r.total), parts)
        out.append(cands)
    if ex.assigned is not None:
        a = ex.assigned
        out.append(Text(tr(lang, f"Trong phương án: {_name(problem, a.cadre_id)} từ {fmt_month(a.start)} đến "
                                 f"{fmt_month(a.end)}", f"In the plan: {_name(problem, a.cadre_id)} from "
                                 f"{fmt_month(a.start)} to {fmt_month(a.end)}"), style="green"))
    elif not ex.held:
        out.append(Text(tr(lang, "Trong phương án: vị trí để trống", "In the plan: the post is left empty"),
                        style="yellow"))
    reasons = {"taken_elsewhere": ("đã bố trí nơi khác", "taken elsewhere"), "unit_cap": ("hạn mức vắng mặt", "unit cap"),
               "lock": ("quyết định ghim/cấm", "lock"), "rule": ("quy định", "rule"),
               "lower_score": ("điểm thấp hơn", "lower score"), "tie": ("ngang điểm", "tie")}
    for n, w in enumerate(ex.why_not[:5]):
        head = tr(lang, "Người xếp kế tiếp" if n == 0 else "Ứng viên khác", "Runner-up" if n == 0 else "Other candidate")
        label = reasons[w.reason][0 if lang == "vi" else 1]
        out.append(Text(f"{head}: {_name(problem, w.cadre_id)} — {label}: {w.detail(lang)}"))
    if ex.assigned is None and not ex.held:
        if ex.suggestions:
            out.append(Text(tr(lang, "Thay đổi nhỏ nhất để bố trí được (đã kiểm chứng bằng giải lại):",
                               "Smallest changes that fill the post (each tested by re-solving):"), style="bold"))
            for s in ex.suggestions:
                who = _name(problem, s.filled_by) if s.filled_by else "?"
                when = fmt_month(s.start) if s.start is not None else "?"
                cost = (s.cost_vi if lang == "vi" else s.cost_en)
                line = tr(lang, f"  • {s.text_vi} → {who} từ {when}", f"  • {s.text_en} → {who} from {when}")
                out.append(Text(line + (f" ({cost})" if cost else "")))
                out.append(Text("    " + s.yaml().replace("\n", "\n    "), style="dim"))
        else:
            out.append(Text(tr(lang, "Không tìm thấy thay đổi nhỏ nào (đã thử) làm vị trí được bố trí.",
                               "No small change tried fills the post.")))
    return out


def render_cadre(problem: Problem, ex: CadreExplanation, lang: str = "vi") -> list[Any]:
    from rich.table import Table
    from rich.text import Text

    from planner.returns import BASES

    out: list[Any] = [Text(f"{ex.full_name} ({ex.cadre_id}) — {tr(lang, 'đơn vị', 'unit')} {ex.unit_id}",
                           style="bold")]
    if ex.moves:
        for m, (unit, title, month, basis) in zip(ex.moves, ex.returns, strict=True):
            out.append(Text(tr(lang, f"Trong phương án: {m.target_id} từ {fmt_month(m.start)} đến {fmt_month(m.end)}; "
                                     f"trở về {unit} ({title or '—'}) từ {fmt_month(month)} — {BASES[basis][0]}",
                               f"In the plan: {m.target_id} from {fmt_month(m.start)} to {fmt_month(m.end)}; returns "
                               f"to {unit} ({title or '—'}) from {fmt_month(month)} — {BASES[basis][1]}"),
                            style="green"))
    else:
        out.append(Text(tr(lang, "Trong phương án: không điều động", "In the plan: not moved")))
    if ex.options:
        table = Table(title=tr(lang, "Có thể đến", "Could go to"))
        for col in (tr(lang, "Nơi đến", "Target"), tr(lang, "Hình thức", "Kind"), tr(lang, "Tháng bắt đầu", "Starts"),
                    tr(lang, "Điểm", "Score")):
            table.add_column(col)
        for o in ex.options:
            span = fmt_month(o.starts[0]) + (f"–{fmt_month(o.starts[-1])}" if len(o.starts) > 1 else "")
            table.add_row(o.target_id, MoveKind.parse(o.kind).label(lang), span, str(o.score))
        out.append(table)
    if ex.blocked:
        table = Table(title=tr(lang, "Vì sao không đến nơi khác", "Why not elsewhere"))
        table.add_column(tr(lang, "Quy định", "Rule"))
        table.add_column(tr(lang, "Số nơi", "Targets"), justify="right")
        table.add_column(tr(lang, "Ví dụ", "E.g."))
        for code, targets in sorted(ex.blocked.items(), key=lambda kv: -len(kv[1])):
            table.add_row(Rule.by_code(code).label(lang), str(len(targets)), _ids(list(targets)))
        out.append(table)
    for lack in ex.lacks:
        details = lack.details_vi if lang == "vi" else lack.details_en
        out.append(Text(tr(lang, f"Quy hoạch «{lack.title}» — {lack.post_id}: còn thiếu ", f"Planned for "
                                 f"'{lack.title}' — {lack.post_id}: lacks ") + "; ".join(details)))
    return out
