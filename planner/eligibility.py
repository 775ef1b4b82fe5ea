"""Who may take which post or seat, when, and why not (DESIGN §4 rules 1, 4, 5 and the ongoing moves).

One piece of code serves the CP-SAT model (its variables exist only for eligible (cadre, target, start) triples),
the lock checks, the reasons of unfilled posts and `explain`:

* `Rule` names every hard rule (code, Vietnamese and English label). Rules that rule a cadre out of a target
  are evaluated here; the plan-level ones (a post filled once, seat capacity, unit caps, …) are enforced by the
  model and only named here so that every message uses the same codes.
* `blockers(problem, cadre, target_id)`: the start-independent rules that rule the cadre out.
* `feasible_starts(problem, cadre, target_id)`: the start months in the target's window where the whole move fits.
* `candidates(problem, target_id)` and `funnel(problem, target_id)`, computed once per problem (`eligibility`).

Speed: cadre attributes are numpy arrays; each target filters the cadre indices rule by rule (the funnel order),
so 10,000 cadres × 600 targets is a few thousand vector operations. The start-dependent rules are intervals
(availability, ongoing moves, retirement, months left), so the feasible starts of a pair are one interval.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import NamedTuple

import numpy as np

from models.domain import Cadre, Post, Seat
from models.problem import Problem
from models.scales import MoveKind
from models.text import key

_NEVER = -(10**9)  # a month before anything
_ALWAYS = 10**9  # a month after anything


class Rule(Enum):
    """A hard rule of DESIGN §4, with a stable snake_case code and labels for people."""

    def __init__(self, code: str, label_vi: str, label_en: str) -> None:
        self.code = code
        self.label_vi = label_vi
        self.label_en = label_en

    def label(self, lang: str = "vi") -> str:
        return self.label_vi if lang == "vi" else self.label_en

    def __repr__(self) -> str:
        return f"Rule.{self.name}"

    def __str__(self) -> str:
        return self.code

    @classmethod
    def by_code(cls, code: str) -> Rule:
        for rule in cls:
            if rule.code == code:
                return rule
        raise KeyError(code)

    # --- the target itself (rules everyone out) ---
    TARGET_HELD = ("target_held", "Vị trí đang do người luân chuyển đợt trước đảm nhiệm",
                   "Post held by an ongoing rotation")
    SECONDMENT_MONTHS = ("secondment_months", "Thời hạn biệt phái của chỉ tiêu vượt mức tối đa cho phép",
                         "Seat's months exceed the maximum secondment length")
    # --- the cadre alone ---
    UNDER_REVIEW = ("under_review", "Đang bị xem xét kỷ luật hoặc điều tra", "Under discipline review or investigation")
    MAX_MOVES = ("max_moves", "Vượt số lần điều động tối đa của một cán bộ trong kế hoạch",
                 "More moves than a cadre may make in one plan")
    EXEMPT = ("exempt", "Thuộc diện miễn biệt phái", "Exempt from secondment")
    # --- the pair (cadre, target) ---
    SOURCE_LEVEL = ("source_level", "Cấp của đơn vị đang công tác không thuộc nguồn được điều động",
                    "Current unit's level is not a source level of the target")
    OWN_UNIT = ("own_unit", "Không điều động về chính đơn vị đang công tác", "No move into one's own current unit")
    EDUCATION = ("education", "Trình độ chuyên môn thấp hơn yêu cầu", "Education below the minimum")
    POLITICAL_THEORY = ("political_theory", "Trình độ lý luận chính trị thấp hơn yêu cầu",
                        "Political theory below the minimum")
    STATE_MGMT = ("state_mgmt", "Trình độ quản lý nhà nước thấp hơn yêu cầu", "State management below the minimum")
    PARTY = ("party", "Vị trí yêu cầu là đảng viên", "Post requires a party member")
    FIELD = ("field", "Lĩnh vực chuyên môn không thuộc lĩnh vực của vị trí", "Field not among the post's fields")
    LANGUAGE = ("language", "Không biết tiếng dân tộc mà vị trí yêu cầu", "Does not speak the post's language")
    NON_LOCAL = ("non_local", "Vị trí không bố trí người địa phương (quê quán tại đơn vị)",
                 "Post refuses natives of its unit")
    PLANNING = ("planning", "Chưa được quy hoạch vào chức danh này", "Not in the succession pool for this title")
    RANK_STEP = ("rank_step", "Chức vụ của vị trí cao hơn chức vụ hiện tại quá mức cho phép",
                 "Post's rank too far above the cadre's")
    MIN_RANK = ("min_rank", "Chức vụ hiện tại thấp hơn yêu cầu của chỉ tiêu biệt phái",
                "Rank below the seat's minimum")
    ETHNIC_MINORITY = ("ethnic_minority", "Chỉ tiêu dành cho cán bộ người dân tộc thiểu số",
                       "Seat reserved for ethnic-minority cadres")
    SEAT_FIELD = ("seat_field", "Lĩnh vực chuyên môn không khớp lĩnh vực của chỉ tiêu",
                  "Field does not match the seat's")
    # --- the start month (the whole move must fit) ---
    ONGOING = ("ongoing", "Đang thực hiện đợt luân chuyển/biệt phái trước", "Still away on an ongoing move")
    AVAILABILITY = ("availability", "Ngoài thời gian có thể điều động của cán bộ",
                    "Outside the cadre's availability")
    RETIREMENT = ("retirement", "Nghỉ hưu trước khi kết thúc đợt điều động", "Retires before the move ends")
    MONTHS_LEFT = ("months_left", "Không đủ thời gian công tác còn lại trước khi nghỉ hưu",
                   "Too few months of service left at the start")
    # --- the plan as a whole (enforced by the model, named here for messages) ---
    WINDOW = ("window", "Tháng bắt đầu ngoài khoảng cho phép của vị trí/chỉ tiêu", "Start outside the target's window")
    DURATION = ("duration", "Thời gian điều động khác thời hạn của vị trí/chỉ tiêu",
                "Length differs from the target's months")
    POST_ONCE = ("post_once", "Một vị trí chỉ bố trí một người", "A post is filled at most once")
    SEAT_CAPACITY = ("seat_capacity", "Vượt số người tiếp nhận biệt phái cùng lúc", "Seat over capacity")
    OVERLAP = ("overlap", "Một cán bộ có hai đợt điều động trùng thời gian", "Two moves of one cadre overlap")
    SAME_TARGET = ("same_target", "Một cán bộ nhận cùng một vị trí/chỉ tiêu hai lần",
                   "The same post or seat twice for one cadre")
    AWAY_CAP = ("away_cap", "Vượt số cán bộ của đơn vị được vắng mặt cùng lúc", "Unit over its away cap")
    LOCK = ("lock", "Trái với quyết định ghim/cấm", "Breaks a pin or forbid lock")


# The funnel order (and evaluation order) of each kind of target. Start-dependent rules come last.
ROTATION_RULES: tuple[Rule, ...] = (
    Rule.TARGET_HELD, Rule.UNDER_REVIEW, Rule.MAX_MOVES, Rule.SOURCE_LEVEL, Rule.OWN_UNIT, Rule.EDUCATION,
    Rule.POLITICAL_THEORY, Rule.STATE_MGMT, Rule.PARTY, Rule.FIELD, Rule.LANGUAGE, Rule.NON_LOCAL, Rule.PLANNING,
    Rule.RANK_STEP, Rule.ONGOING, Rule.AVAILABILITY, Rule.RETIREMENT, Rule.MONTHS_LEFT,
)
SECONDMENT_RULES: tuple[Rule, ...] = (
    Rule.SECONDMENT_MONTHS, Rule.UNDER_REVIEW, Rule.MAX_MOVES, Rule.EXEMPT, Rule.SOURCE_LEVEL, Rule.OWN_UNIT,
    Rule.MIN_RANK, Rule.ETHNIC_MINORITY, Rule.SEAT_FIELD, Rule.ONGOING, Rule.AVAILABILITY, Rule.RETIREMENT,
)
START_RULES: frozenset[Rule] = frozenset({Rule.ONGOING, Rule.AVAILABILITY, Rule.RETIREMENT, Rule.MONTHS_LEFT})


class Candidate(NamedTuple):
    """A cadre who may take a target, and the start months where the whole move fits."""

    cadre_id: str
    starts: tuple[int, ...]


class FunnelStep(NamedTuple):
    """One step of a target's funnel: `rule` None is the cadres in scope; then how many each rule removed."""

    rule: Rule | None
    ruled_out: int
    remaining: int


def target_kind(problem: Problem, target_id: str) -> MoveKind:
    """ROTATION for a post, SECONDMENT for a seat; KeyError for an unknown id."""
    if target_id in problem.post_by_id:
        return MoveKind.ROTATION
    if target_id in problem.seat_by_id:
        return MoveKind.SECONDMENT
    raise KeyError(target_id)


def target_months(problem: Problem, target_id: str) -> int:
    """How long a move into the target lasts."""
    target = problem.post_by_id.get(target_id) or problem.seat_by_id[target_id]
    return target.months


def _codes(values: Sequence[str | None]) -> tuple[dict[str, int], np.ndarray]:
    """Integer codes of text keys (-1 for empty)."""
    table: dict[str, int] = {}
    out = np.full(len(values), -1, dtype=np.int64)
    for i, value in enumerate(values):
        k = key(value)
        if k:
            out[i] = table.setdefault(k, len(table))
    return table, out


class _Cadres:
    """The cadres' attributes as arrays, indexed like `problem.cadres`."""

    def __init__(self, problem: Problem) -> None:
        cadres = problem.cadres
        self.ids = [c.cadre_id for c in cadres]
        self.index = {cid: i for i, cid in enumerate(self.ids)}
        n = len(cadres)
        units = problem.unit_by_id
        self.unit_index = {u.unit_id: i for i, u in enumerate(problem.units)}

        def arr(values: list[int]) -> np.ndarray:
            return np.asarray(values, dtype=np.int64).reshape(n)

        self.education = arr([c.education.rank for c in cadres])
        self.political_theory = arr([c.political_theory.rank for c in cadres])
        self.state_mgmt = arr([c.state_mgmt.rank for c in cadres])
        self.party = np.asarray([c.party_member for c in cadres], dtype=bool).reshape(n)
        self.rank = arr([c.rank for c in cadres])
        self.under_review = np.asarray([c.under_review for c in cadres], dtype=bool).reshape(n)
        self.exempt = np.asarray([c.secondment_exempt for c in cadres], dtype=bool).reshape(n)
        self.ethnic = np.asarray([c.ethnic_minority for c in cadres], dtype=bool).reshape(n)
        self.unit = arr([self.unit_index.get(c.unit_id, -1) for c in cadres])
        self.level = arr([units[c.unit_id].level.rank if c.unit_id in units else -1 for c in cadres])
        self.home = arr([self.unit_index.get(c.home_unit_id or "", -1) for c in cadres])
        self.field_codes, self.field = _codes([c.field for c in cadres])
        self.retire = arr([problem.retirement_month(c) for c in cadres])
        self.avail_from = arr([_NEVER if c.available_from is None else c.available_from for c in cadres])
        self.avail_to = arr([_ALWAYS if c.available_to is None else c.available_to for c in cadres])
        busy = np.full(n, _NEVER, dtype=np.int64)
        for ongoing in problem.ongoing:
            i = self.index.get(ongoing.cadre_id)
            if i is not None:
                busy[i] = max(busy[i], ongoing.end)
        self.busy_until = busy  # last month of the cadre's latest ongoing move
        self._titles = self._members([c.planned_titles for c in cadres])
        self._languages = self._members([c.languages for c in cadres])
        self._masks: dict[tuple[str, str], np.ndarray] = {}
        self.n = n

    @staticmethod
    def _members(lists: list[tuple[str, ...]]) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for i, items in enumerate(lists):
            for item in {key(x) for x in items}:
                out.setdefault(item, []).append(i)
        return out

    def has(self, what: str, text: str) -> np.ndarray:
        """Boolean mask over cadres: planned for title `text` (what='title') or speaks language `text`."""
        k = key(text)
        mask = self._masks.get((what, k))
        if mask is None:
            mask = np.zeros(self.n, dtype=bool)
            members = (self._titles if what == "title" else self._languages).get(k, [])
            mask[members] = True
            self._masks[(what, k)] = mask
        return mask


Check = Callable[[np.ndarray], np.ndarray]  # cadre indices -> mask of those that pass


@dataclass
class Eligibility:
    """Eligibility of every cadre for every post and seat of one problem (see the module docstring)."""

    problem: Problem
    cadres: _Cadres = field(init=False)
    candidates: dict[str, list[Candidate]] = field(init=False)

    def __post_init__(self) -> None:
        self.cadres = _Cadres(self.problem)
        self._subtrees: dict[str, np.ndarray] = {}
        self._held = {o.target_id for o in self.problem.ongoing if o.target_id in self.problem.post_by_id}
        self.candidates = {}
        everyone = np.arange(self.cadres.n, dtype=np.int64)
        for target_id in [*self.problem.post_by_id, *self.problem.seat_by_id]:
            idx, lo, hi = self._filter(target_id, everyone, None)
            ids = self.cadres.ids
            self.candidates[target_id] = [
                Candidate(ids[i], tuple(range(a, b + 1))) for i, a, b in zip(idx.tolist(), lo.tolist(), hi.tolist(), strict=True)
            ]

    # --- public queries ---------------------------------------------------------------------------------------
    def funnel(self, target_id: str) -> list[FunnelStep]:
        """Cadres in scope, then how many each rule (in the fixed order of the target's kind) removed."""
        steps: list[FunnelStep] = []
        everyone = np.arange(self.cadres.n, dtype=np.int64)
        self._filter(target_id, everyone, steps)
        return steps

    def blockers(self, cadre_id: str, target_id: str) -> list[Rule]:
        """Every start-independent rule that rules the cadre out of the target."""
        i = np.asarray([self.cadres.index[cadre_id]], dtype=np.int64)
        out = []
        for rule, check in self._checks(target_id):
            if not bool(check(i)[0]):
                out.append(rule)
        return out

    def start_blockers(self, cadre_id: str, target_id: str, start: int) -> list[Rule]:
        """The start-dependent rules (ongoing, availability, retirement, months left) that refuse this start."""
        c = self.cadres
        i = c.index[cadre_id]
        months = target_months(self.problem, target_id)
        end = start + months - 1
        out = []
        if start <= c.busy_until[i]:
            out.append(Rule.ONGOING)
        if start < c.avail_from[i] or end > c.avail_to[i]:
            out.append(Rule.AVAILABILITY)
        if end > c.retire[i]:
            out.append(Rule.RETIREMENT)
        left = self._min_months_left(target_id)
        if left is not None and c.retire[i] - start < left:
            out.append(Rule.MONTHS_LEFT)
        return out

    def feasible_starts(self, cadre_id: str, target_id: str) -> tuple[int, ...]:
        """Start months in the target's window where the whole move fits (empty when a rule blocks the pair)."""
        i = np.asarray([self.cadres.index[cadre_id]], dtype=np.int64)
        idx, lo, hi = self._filter(target_id, i, None)
        if len(idx) == 0:
            return ()
        return tuple(range(int(lo[0]), int(hi[0]) + 1))

    def why_not(self, cadre_id: str, target_id: str) -> list[Rule]:
        """Why the cadre cannot take the target: its blockers, else the start rule that removed the last start."""
        found = self.blockers(cadre_id, target_id)
        if found:
            return found
        steps: list[FunnelStep] = []
        self._filter(target_id, np.asarray([self.cadres.index[cadre_id]], dtype=np.int64), steps)
        return [s.rule for s in steps if s.ruled_out and s.rule is not None]

    @cached_property
    def by_cadre(self) -> dict[str, list[tuple[str, tuple[int, ...]]]]:
        """Each cadre's eligible targets with their starts (cadres with none are absent)."""
        out: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
        for target_id, cands in self.candidates.items():
            for cand in cands:
                out.setdefault(cand.cadre_id, []).append((target_id, cand.starts))
        return out

    # --- the rules --------------------------------------------------------------------------------------------
    def _min_months_left(self, target_id: str) -> int | None:
        post = self.problem.post_by_id.get(target_id)
        if post is None:
            return None
        policy = self.problem.policy
        return policy.nonlocal_min_months_left if post.non_local else policy.rotation_min_months_left

    def _subtree(self, unit_id: str) -> np.ndarray:
        found = self._subtrees.get(unit_id)
        if found is None:
            index = self.cadres.unit_index
            found = np.asarray(sorted(index[u] for u in self.problem.subtree(unit_id) if u in index), dtype=np.int64)
            self._subtrees[unit_id] = found
        return found

    def _checks(self, target_id: str) -> list[tuple[Rule, Check]]:
        """The start-independent checks of a target, in funnel order."""
        problem, c = self.problem, self.cadres
        policy = problem.policy
        post: Post | None = problem.post_by_id.get(target_id)
        seat: Seat | None = problem.seat_by_id.get(target_id)
        if post is None and seat is None:
            raise KeyError(target_id)
        target = post if post is not None else seat
        assert target is not None
        unit = c.unit_index.get(target.unit_id, -2)
        levels = np.asarray(sorted(level.rank for level in target.source_levels), dtype=np.int64)

        def const(value: bool) -> Check:
            return lambda i: np.full(len(i), value, dtype=bool)

        common: dict[Rule, Check] = {
            Rule.UNDER_REVIEW: lambda i: ~c.under_review[i],
            Rule.MAX_MOVES: const(policy.max_moves_per_cadre >= 1),
            Rule.SOURCE_LEVEL: lambda i: np.isin(c.level[i], levels),
            Rule.OWN_UNIT: lambda i: c.unit[i] != unit,
        }
        checks: dict[Rule, Check]
        if post is not None:
            p = post
            field_codes = np.asarray(
                sorted({c.field_codes[key(f)] for f in p.fields if key(f) in c.field_codes}), dtype=np.int64
            )
            checks = {
                Rule.TARGET_HELD: const(p.post_id not in self._held),
                **common,
                Rule.EDUCATION: const(True) if p.min_education is None
                else (lambda i: c.education[i] >= p.min_education.rank),  # type: ignore[union-attr]
                Rule.POLITICAL_THEORY: const(True) if p.min_political_theory is None
                else (lambda i: c.political_theory[i] >= p.min_political_theory.rank),  # type: ignore[union-attr]
                Rule.STATE_MGMT: const(True) if p.min_state_mgmt is None
                else (lambda i: c.state_mgmt[i] >= p.min_state_mgmt.rank),  # type: ignore[union-attr]
                Rule.PARTY: (lambda i: c.party[i]) if p.party_required else const(True),
                Rule.FIELD: (lambda i: np.isin(c.field[i], field_codes)) if p.fields else const(True),
                Rule.LANGUAGE: (lambda i: c.has("language", p.language or "")[i])
                if p.language and policy.language_rule == "hard" else const(True),
                Rule.NON_LOCAL: (lambda i: ~np.isin(c.home[i], self._subtree(p.unit_id))) if p.non_local
                else const(True),
                Rule.PLANNING: (lambda i: c.has("title", p.title)[i]) if policy.require_planning else const(True),
                Rule.RANK_STEP: const(True) if p.rank is None
                else (lambda i: p.rank - c.rank[i] <= policy.max_rank_step),  # type: ignore[operator]
            }
            order = ROTATION_RULES
        else:
            s = seat
            assert s is not None
            seat_field = c.field_codes.get(key(s.field), -2) if s.field else None
            checks = {
                Rule.SECONDMENT_MONTHS: const(s.months <= policy.max_secondment_months),
                **common,
                Rule.EXEMPT: lambda i: ~c.exempt[i],
                Rule.MIN_RANK: lambda i: c.rank[i] >= s.min_rank,
                Rule.ETHNIC_MINORITY: (lambda i: c.ethnic[i]) if s.ethnic_minority_only else const(True),
                Rule.SEAT_FIELD: const(True) if seat_field is None else (lambda i: c.field[i] == seat_field),
            }
            order = SECONDMENT_RULES
        return [(rule, checks[rule]) for rule in order if rule not in START_RULES]

    def _filter(
        self, target_id: str, idx: np.ndarray, steps: list[FunnelStep] | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Cadres of `idx` eligible for the target with their first and last feasible start (appends the funnel)."""
        c = self.cadres
        if steps is not None:
            steps.append(FunnelStep(None, 0, len(idx)))

        target = self.problem.post_by_id.get(target_id) or self.problem.seat_by_id[target_id]
        lo = np.full(len(idx), target.open_from, dtype=np.int64)
        hi = np.full(len(idx), target.open_to, dtype=np.int64)

        def keep(rule: Rule, mask: np.ndarray) -> None:
            nonlocal idx, lo, hi
            if steps is not None:
                steps.append(FunnelStep(rule, int(len(idx) - mask.sum()), int(mask.sum())))
            idx, lo, hi = idx[mask], lo[mask], hi[mask]

        for rule, check in self._checks(target_id):
            keep(rule, check(idx) if len(idx) else np.zeros(0, dtype=bool))
        months = target.months
        # Start-dependent rules: each narrows the interval of starts [lo, hi].
        lo = np.maximum(lo, c.busy_until[idx] + 1)
        keep(Rule.ONGOING, lo <= hi)
        lo = np.maximum(lo, c.avail_from[idx])
        hi = np.minimum(hi, c.avail_to[idx] - months + 1)
        keep(Rule.AVAILABILITY, lo <= hi)
        hi = np.minimum(hi, c.retire[idx] - months + 1)
        keep(Rule.RETIREMENT, lo <= hi)
        left = self._min_months_left(target_id)
        if left is not None:
            hi = np.minimum(hi, c.retire[idx] - left)
            keep(Rule.MONTHS_LEFT, lo <= hi)
        return idx, lo, hi


_CACHE: list[tuple[Problem, Eligibility]] = []
_CACHE_SIZE = 4


def eligibility(problem: Problem) -> Eligibility:
    """The eligibility of a problem, computed once and cached (by identity) for the last few problems."""
    for cached_problem, found in _CACHE:
        if cached_problem is problem:
            return found
    found = Eligibility(problem)
    _CACHE.insert(0, (problem, found))
    del _CACHE[_CACHE_SIZE:]
    return found


def _cadre_id(cadre: Cadre | str) -> str:
    return cadre if isinstance(cadre, str) else cadre.cadre_id


def blockers(problem: Problem, cadre: Cadre | str, target_id: str) -> list[Rule]:
    """The start-independent rules that rule the cadre out of the target (empty: eligible apart from dates)."""
    return eligibility(problem).blockers(_cadre_id(cadre), target_id)


def feasible_starts(problem: Problem, cadre: Cadre | str, target_id: str) -> tuple[int, ...]:
    """Start months in the target's window where the whole move fits every rule (empty if blocked)."""
    return eligibility(problem).feasible_starts(_cadre_id(cadre), target_id)


def candidates(problem: Problem, target_id: str) -> list[Candidate]:
    """The cadres who may take the target, each with their feasible starts (in `problem.cadres` order)."""
    return eligibility(problem).candidates[target_id]


def funnel(problem: Problem, target_id: str) -> list[FunnelStep]:
    """How many cadres are in scope, then how many each rule ruled out, in the fixed order of the target's kind."""
    return eligibility(problem).funnel(target_id)
