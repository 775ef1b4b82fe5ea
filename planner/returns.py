"""Where a cadre goes when a move ends (issue 5 item 6): back to their current unit, at a planned or the same title.

The rule, in order (documented for users in docs/outputs.md):

* the unit is always the cadre's current unit (`cadres.unit_id`): rotated cadres come back (DESIGN §1), seconded
  cadres return to their own unit;
* a rotation returns at a title of the cadre's succession pool (`planned_titles`) other than the title of the
  rotated post itself, when
  1. `planned_in_unit`: the cadre's own unit has that title — a post of the unit (`posts`) or a cadre of the unit
     (`cadres.title`) carries it; among several, the highest ranked, then alphabetical;
  2. `planned_higher`: else the title ranks above the cadre's current `rank` — a title's rank is the highest `rank`
     of the posts and cadres that carry it in the data; among several, the lowest such rank (the next step up),
     then alphabetical;
* `same_title`: otherwise (and always after a secondment) the cadre returns at their current title (`title`,
  empty when not given).

Pure functions of the problem and the move; no solver.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from models.domain import Move
from models.months import fmt_month
from models.problem import Problem
from models.scales import MoveKind
from models.text import key

BASES: dict[str, tuple[str, str]] = {
    "planned_in_unit": ("Về đơn vị cũ, giữ chức danh quy hoạch mà đơn vị có",
                        "Back to the own unit at a planned title the unit has"),
    "planned_higher": ("Về đơn vị cũ, chức danh quy hoạch cao hơn chức vụ hiện tại",
                       "Back to the own unit at a planned title above the current rank"),
    "same_title": ("Về đơn vị cũ, giữ chức danh hiện tại", "Back to the own unit at the current title"),
}


@dataclass(frozen=True)
class ReturnPlacement:
    """Where and when the cadre of a move comes back, and which rule chose the title."""

    cadre_id: str
    target_id: str
    unit_id: str
    title: str
    month: int  # the first month after the move
    basis: str  # a key of BASES

    def basis_label(self, lang: str = "vi") -> str:
        vi, en = BASES[self.basis]
        return vi if lang == "vi" else en


def title_ranks(problem: Problem) -> dict[str, int]:
    """Title key → the highest rank any post or cadre carrying that title has in the data."""
    ranks: dict[str, int] = {}
    carriers: Iterable[tuple[str | None, int | None]] = [
        *((p.title, p.rank) for p in problem.posts), *((c.title, c.rank) for c in problem.cadres)
    ]
    for title, rank in carriers:
        if title and rank is not None:
            ranks[key(title)] = max(rank, ranks.get(key(title), rank))
    return ranks


def unit_titles(problem: Problem, unit_id: str) -> set[str]:
    """Title keys the unit has: those of its posts and of its cadres' current titles."""
    found = {key(p.title) for p in problem.posts if p.unit_id == unit_id}
    found |= {key(c.title) for c in problem.cadres if c.unit_id == unit_id and c.title}
    found.discard("")
    return found


def return_placement(problem: Problem, move: Move, *, ranks: dict[str, int] | None = None) -> ReturnPlacement:
    """The return of one move by the rule of the module docstring."""
    cadre = problem.cadre_by_id[move.cadre_id]
    month = move.end + 1
    same = ReturnPlacement(cadre.cadre_id, move.target_id, cadre.unit_id, cadre.title or "", month, "same_title")
    if move.kind is not MoveKind.ROTATION:
        return same
    post = problem.post_by_id.get(move.target_id)
    rotated = key(post.title) if post else ""
    planned = [t for t in dict.fromkeys(cadre.planned_titles) if key(t) != rotated]
    if not planned:
        return same
    ranks = title_ranks(problem) if ranks is None else ranks
    own = unit_titles(problem, cadre.unit_id)
    in_unit = [t for t in planned if key(t) in own]
    if in_unit:
        best = min(in_unit, key=lambda t: (-ranks.get(key(t), -1), key(t)))
        return ReturnPlacement(cadre.cadre_id, move.target_id, cadre.unit_id, best, month, "planned_in_unit")
    higher = [t for t in planned if ranks.get(key(t), -1) > cadre.rank]
    if higher:
        best = min(higher, key=lambda t: (ranks[key(t)], key(t)))
        return ReturnPlacement(cadre.cadre_id, move.target_id, cadre.unit_id, best, month, "planned_higher")
    return same


def return_placements(problem: Problem, moves: Iterable[Move]) -> dict[Move, ReturnPlacement]:
    """The return of every move (the title ranks computed once)."""
    ranks = title_ranks(problem)
    return {m: return_placement(problem, m, ranks=ranks) for m in moves}


def return_cells(placement: ReturnPlacement, lang: str = "vi") -> dict[str, str]:
    """The assignments.csv / plan.xlsx cells of a return placement."""
    return {
        "return_unit_id": placement.unit_id,
        "return_title": placement.title,
        "return_month": fmt_month(placement.month),
        "return_basis": placement.basis,
    }
