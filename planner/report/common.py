"""What every output of a solved scenario shares: columns (with Vietnamese and English headers), rows,
pseudonyms for `--anonymize`, and the neutralising of spreadsheet formulas.

Rows are plain dicts keyed by column name; CSV writes codes (machine-readable), the workbook writes labels in the
chosen language. Every list is sorted, so the same plan always gives the same rows in the same order.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from models.domain import Move
from models.months import fmt_month
from models.plan import Plan
from models.problem import Problem
from models.scales import LockAction, MoveKind
from planner.check import lock_matches
from planner.evaluate import SCORE_PART_LABELS, SCORE_PARTS, Evaluation

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would read as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class OutColumn:
    name: str
    header_vi: str
    header_en: str
    width: int = 14  # workbook column width (characters), a floor: long content widens it

    def header(self, lang: str) -> str:
        return self.header_vi if lang == "vi" else self.header_en


ASSIGNMENT_COLUMNS: tuple[OutColumn, ...] = (
    OutColumn("kind", "Hình thức", "Kind", 12),
    OutColumn("cadre_id", "Mã cán bộ", "Cadre id", 10),
    OutColumn("full_name", "Họ và tên", "Full name", 22),
    OutColumn("from_unit_id", "Mã đơn vị đi", "From unit id", 10),
    OutColumn("target_id", "Mã vị trí/chỉ tiêu", "Target id", 10),
    OutColumn("target_unit_id", "Mã đơn vị đến", "Target unit id", 10),
    OutColumn("title", "Chức danh", "Title", 22),
    OutColumn("start", "Tháng bắt đầu", "Start", 10),
    OutColumn("end", "Tháng kết thúc", "End", 10),
    OutColumn("months", "Số tháng", "Months", 8),
    OutColumn("score", "Điểm", "Score", 8),
    *(OutColumn(p, SCORE_PART_LABELS[p][0], SCORE_PART_LABELS[p][1], 10) for p in SCORE_PARTS),
    OutColumn("from_unit_name", "Đơn vị đi", "From unit", 22),
    OutColumn("target_unit_name", "Đơn vị đến", "Target unit", 22),
    # Return placement (planner.returns; docs/outputs.md): where the cadre goes when the move ends.
    OutColumn("return_unit_id", "Mã đơn vị trở về", "Return unit id", 10),
    OutColumn("return_title", "Chức danh khi trở về", "Return title", 22),
    OutColumn("return_month", "Tháng trở về", "Return month", 10),
    OutColumn("return_basis", "Căn cứ bố trí khi trở về", "Return basis", 14),
    OutColumn("lock_reason", "Lý do ghim", "Lock reason", 20),
)

UNFILLED_COLUMNS: tuple[OutColumn, ...] = (
    OutColumn("post_id", "Mã vị trí", "Post id", 10),
    OutColumn("unit_id", "Mã đơn vị", "Unit id", 10),
    OutColumn("title", "Chức danh", "Title", 22),
    OutColumn("priority", "Mức ưu tiên", "Priority", 8),
    OutColumn("reason", "Lý do", "Reason", 18),
    OutColumn("explanation", "Giải thích", "Explanation", 60),
    OutColumn("unit_name", "Đơn vị", "Unit", 22),
    OutColumn("eligible", "Số cán bộ đủ điều kiện", "Eligible cadres", 10),
)


def pseudonyms(problem: Problem, lang: str = "vi") -> dict[str, str]:
    """A stable pseudonym per cadre ("Cán bộ 0042"), derived from a hash of the cadre id.

    Numbers are unique within the problem: a clash goes to the next free number, cadres taken in id order.
    """
    word = "Cán bộ" if lang == "vi" else "Cadre"
    width = max(4, len(str(len(problem.cadres) * 10)))
    space = 10**width
    taken: set[int] = set()
    out: dict[str, str] = {}
    for cadre_id in sorted(c.cadre_id for c in problem.cadres):
        n = int.from_bytes(hashlib.sha256(cadre_id.encode("utf-8")).digest()[:8], "big") % space
        while n in taken:
            n = (n + 1) % space
        taken.add(n)
        out[cadre_id] = f"{word} {n:0{width}d}"
    return out


def names(problem: Problem, anonymize: bool, lang: str) -> dict[str, str]:
    """The name shown for each cadre: the real one, or the pseudonym under `--anonymize`."""
    if anonymize:
        return pseudonyms(problem, lang)
    return {c.cadre_id: c.full_name for c in problem.cadres}


HIDDEN = {"vi": "(đã ẩn)", "en": "(hidden)"}


def hidden(lang: str) -> str:
    """What a free-text field that may name a person (a lock's reason) shows under `--anonymize`."""
    return HIDDEN["en" if lang == "en" else "vi"]


def anonymized_problem(problem: Problem, lang: str = "vi") -> Problem:
    """The problem as an output meant to leave the committee may show it: every cadre's full name replaced by its
    pseudonym (`pseudonyms`, so the same one `planner solve --anonymize` writes) and every lock reason, free text
    that may name a person, replaced by `hidden(lang)`.

    Only names and reasons change; solving, checking and evaluating it give what the real problem gives (none of
    them reads a name or a reason). Renderers that work from the problem (compare, explain, unfilled posts) are
    handed this copy, so no code path of theirs can reach a real name.
    """
    shown = pseudonyms(problem, lang)
    mask = hidden(lang)
    cadres = tuple(c.model_copy(update={"full_name": shown[c.cadre_id]}) for c in problem.cadres)
    locks = tuple(lk.model_copy(update={"reason": mask}) if lk.reason else lk for lk in problem.locks)
    data = {name: getattr(problem, name) for name in Problem.model_fields}
    data.update(cadres=cadres, locks=locks)
    return Problem(**data)


def _pin_reason(problem: Problem, cadre_id: str, target_id: str, start: int) -> str:
    probe = Move(kind=MoveKind.ROTATION, cadre_id=cadre_id, target_id=target_id, start=start, months=1)
    reasons = [lock.reason for lock in problem.locks
               if lock.action is LockAction.PIN and lock.reason and (lock.cadre_id or lock.target_id)
               and lock_matches(lock, probe)]
    return "; ".join(dict.fromkeys(r for r in reasons if r))


def assignment_rows(problem: Problem, plan: Plan, evaluation: Evaluation, *, anonymize: bool = False,
                    lang: str = "vi") -> list[dict[str, Any]]:
    """One row per new move, sorted by kind, target, start, cadre; score parts already weighted."""
    from planner.returns import return_cells, return_placements

    shown = names(problem, anonymize, lang)
    scores = {s.move: s for s in evaluation.move_scores}
    returns = return_placements(problem, plan.moves)
    rows = []
    for move in sorted(plan.moves, key=lambda m: (m.kind.rank, m.target_id, m.start, m.cadre_id)):
        cadre = problem.cadre_by_id[move.cadre_id]
        target_unit = problem.target_unit(move.target_id) or ""
        post = problem.post_by_id.get(move.target_id) if move.kind is MoveKind.ROTATION else None
        from_unit = problem.unit_by_id.get(cadre.unit_id)
        to_unit = problem.unit_by_id.get(target_unit)
        score = scores[move]
        reason = _pin_reason(problem, move.cadre_id, move.target_id, move.start)
        rows.append({
            "kind": move.kind.code,
            "cadre_id": move.cadre_id,
            "full_name": shown.get(move.cadre_id, ""),
            "from_unit_id": cadre.unit_id,
            "target_id": move.target_id,
            "target_unit_id": target_unit,
            "title": post.title if post else "",
            "start": fmt_month(move.start),
            "end": fmt_month(move.end),
            "months": move.months,
            "score": score.total,
            **{p: score.parts[p] for p in SCORE_PARTS},
            "from_unit_name": from_unit.name if from_unit else "",
            "target_unit_name": to_unit.name if to_unit else "",
            **return_cells(returns[move], lang),
            "lock_reason": hidden(lang) if anonymize and reason else reason,
        })
    return rows
