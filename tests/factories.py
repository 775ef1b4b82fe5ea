"""Tiny problem builders for tests: a test states only what matters, everything else is a sensible default.

Defaults (so that the default cadre is eligible for the default post and the default seat):
* units: P (province) › SNN, SYT (province_dept) and H1 (district) › PH1 (district_office), X1 (commune,
  difficult, ethnic area, language Thái), X2 (commune);
* a cadre: in PH1, rank 1, male, born 1990-01, Thái (ethnic minority), đại học / cao cấp LLCT / chuyên viên cao
  cấp QLNN, party member, planned for "Phó Chủ tịch UBND xã";
* a post: in X1, "Phó Chủ tịch UBND xã", open at the horizon start only, months from the policy;
* a seat: in SNN, capacity 1, 6 months, open at the horizon start only.

Records may be given as dicts (merged over the defaults, `open_to`/`months`/`source_levels` resolved from the
policy like the loader does) or as ready model objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from models.domain import Cadre, Lock, Ongoing, Post, Seat, Unit
from models.months import parse_month
from models.plan import Plan
from models.policy import Objective, Policy, SolverSettings
from models.problem import Problem

TITLE = "Phó Chủ tịch UBND xã"
START = "2027-01"

DEFAULT_UNITS: tuple[dict[str, Any], ...] = (
    {"unit_id": "P", "name": "Tỉnh", "level": "province"},
    {"unit_id": "SNN", "name": "Sở Nông nghiệp", "level": "province_dept", "parent_id": "P"},
    {"unit_id": "SYT", "name": "Sở Y tế", "level": "province_dept", "parent_id": "P"},
    {"unit_id": "H1", "name": "Huyện 1", "level": "district", "parent_id": "P"},
    {"unit_id": "PH1", "name": "Phòng Nội vụ H1", "level": "district_office", "parent_id": "H1"},
    {"unit_id": "X1", "name": "Xã 1", "level": "commune", "parent_id": "H1", "difficult": True,
     "ethnic_area": True, "languages": ("Thái",)},
    {"unit_id": "X2", "name": "Xã 2", "level": "commune", "parent_id": "H1"},
)

# Two offices of H1: PH1 may have one cadre away at once (max_away 1), PH2 has no cap; X1 a plain commune.
CAPPED_OFFICE_UNITS: tuple[dict[str, Any], ...] = (
    {"unit_id": "P", "name": "Tỉnh", "level": "province"},
    {"unit_id": "H1", "name": "Huyện 1", "level": "district", "parent_id": "P"},
    {"unit_id": "PH1", "name": "Phòng 1", "level": "district_office", "parent_id": "H1", "max_away": 1},
    {"unit_id": "PH2", "name": "Phòng 2", "level": "district_office", "parent_id": "H1"},
    {"unit_id": "X1", "name": "Xã 1", "level": "commune", "parent_id": "H1"},
)

# Solver settings for tests that solve: one worker, deterministic, 10 s at most.
FAST: dict[str, Any] = {"time_limit_s": 10, "workers": 1, "deterministic": True}

CADRE_DEFAULTS: dict[str, Any] = {
    "full_name": "Cán bộ", "gender": "nam", "birth_date": "1990-01", "unit_id": "PH1", "education": "dai_hoc",
    "political_theory": "cao_cap", "state_mgmt": "chuyen_vien_cao_cap", "party_member": True, "rank": 1,
    "ethnicity": "Thái", "planned_titles": (TITLE,),
}


def unit(unit_id: str, **kw: Any) -> Unit:
    return Unit(**{"unit_id": unit_id, "name": unit_id, "level": "commune", **kw})


def cadre(cadre_id: str, **kw: Any) -> Cadre:
    return Cadre(**{**CADRE_DEFAULTS, "full_name": f"Cán bộ {cadre_id}", "cadre_id": cadre_id, **kw})


def post(post_id: str, policy: Policy | None = None, **kw: Any) -> Post:
    policy = policy or Policy()
    data: dict[str, Any] = {"post_id": post_id, "unit_id": "X1", "title": TITLE, "open_from": START, **kw}
    data.setdefault("open_to", data["open_from"])
    data.setdefault("months", policy.rotation_months)
    data.setdefault("source_levels", policy.rotation_source_levels)
    return Post(**data)


def seat(seat_id: str, policy: Policy | None = None, **kw: Any) -> Seat:
    policy = policy or Policy()
    data: dict[str, Any] = {"seat_id": seat_id, "unit_id": "SNN", "capacity": 1, "open_from": START, "months": 6, **kw}
    data.setdefault("open_to", data["open_from"])
    data.setdefault("source_levels", policy.secondment_source_levels)
    return Seat(**data)


def lock(action: str, cadre_id: str | None = None, target_id: str | None = None, start: str | None = None,
         row: int = 2, **kw: Any) -> Lock:
    from models.domain import RowRef

    return Lock(action=action, cadre_id=cadre_id, target_id=target_id, start=start,
                ref=RowRef(file="locks.csv", row=row), **kw)


def _build(items: Iterable[Any], make: Any, id_field: str) -> tuple[Any, ...]:
    out = []
    for item in items:
        if isinstance(item, Mapping):
            data = dict(item)
            out.append(make(data.pop(id_field), **data))
        else:
            out.append(item)
    return tuple(out)


def make_problem(
    *,
    units: Iterable[Mapping[str, Any] | Unit] | None = None,
    cadres: Iterable[Mapping[str, Any] | Cadre] = (),
    posts: Iterable[Mapping[str, Any] | Post] = (),
    seats: Iterable[Mapping[str, Any] | Seat] = (),
    locks: Iterable[Mapping[str, Any] | Lock] = (),
    ongoing: Iterable[Mapping[str, Any] | Ongoing] = (),
    start: str = START,
    months: int = 12,
    objective: Objective | Mapping[str, Any] | None = None,
    solver: SolverSettings | Mapping[str, Any] | None = None,
    **policy: Any,
) -> Problem:
    """A Problem from a few records; `policy` keywords are Policy fields (e.g. max_moves_per_cadre=2)."""
    pol = Policy(**policy)
    unit_list = _build(DEFAULT_UNITS if units is None else units, unit, "unit_id")
    lock_list = tuple(
        lock(**{"row": 2 + n, **item}) if isinstance(item, Mapping) else item for n, item in enumerate(locks)
    )
    ongoing_list = tuple(Ongoing(**item) if isinstance(item, Mapping) else item for item in ongoing)
    extra: dict[str, Any] = {}
    if objective is not None:
        extra["objective"] = objective if isinstance(objective, Objective) else Objective(**objective)
    if solver is not None:
        extra["solver"] = solver if isinstance(solver, SolverSettings) else SolverSettings(**solver)
    return Problem(
        horizon_start=parse_month(start),
        horizon_months=months,
        units=unit_list,
        cadres=_build(cadres, cadre, "cadre_id"),
        posts=_build(posts, lambda pid, **kw: post(pid, pol, **kw), "post_id"),
        seats=_build(seats, lambda sid, **kw: seat(sid, pol, **kw), "seat_id"),
        locks=lock_list,
        ongoing=ongoing_list,
        policy=pol,
        **extra,
    )


def moves_of(plan: Plan) -> set[tuple[str, str, str]]:
    """A plan's moves as (cadre_id, target_id, YYYY-MM) triples, for short assertions."""
    from models.months import fmt_month

    return {(m.cadre_id, m.target_id, fmt_month(m.start)) for m in plan.moves}
