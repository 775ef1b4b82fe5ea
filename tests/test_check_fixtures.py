"""Tiny hand-made problems and plans shared by the check / evaluate / report / solve-CLI tests.

The base problem (horizon 2027-01, 24 months):

    P (province)
    ├── SNN  province_dept — seat S1: capacity 1, Nông nghiệp, open 2027-01..2027-06, 6 months
    └── H1   district
        ├── H1P  district_office — cadre A (Thái, rank 1, Nông nghiệp, planned for "Chủ tịch UBND xã")
        ├── X1   commune, difficult, ethnic area, speaks Thái — post PX1 "Chủ tịch UBND xã",
        │        open 2027-01..2027-06, 36 months, priority 4
        └── X2   commune — cadre B (Mông, rank 1, Nông nghiệp)

The base plan (A → PX1 at 2027-01, B → S1 at 2027-01) keeps every rule.
"""

from __future__ import annotations

from typing import Any

from models.domain import Cadre, Lock, Move, Ongoing, Post, Seat, Unit
from models.months import parse_month
from models.plan import Plan
from models.policy import Objective, Policy
from models.problem import Problem
from models.scales import MoveKind

ROT, SEC = MoveKind.ROTATION, MoveKind.SECONDMENT


def unit(unit_id: str, level: str, parent: str | None = None, **over: Any) -> Unit:
    return Unit.model_validate({"unit_id": unit_id, "name": f"Đơn vị {unit_id}", "level": level,
                                "parent_id": parent, **over})


def base_units(**over: dict[str, Any]) -> list[Unit]:
    spec = [
        ("P", "province", None, {}),
        ("SNN", "province_dept", "P", {"name": "Sở Nông nghiệp"}),
        ("H1", "district", "P", {}),
        ("H1P", "district_office", "H1", {"name": "Phòng Nông nghiệp H1"}),
        ("X1", "commune", "H1", {"name": "Xã X1", "difficult": True, "ethnic_area": True, "languages": ("Thái",)}),
        ("X2", "commune", "H1", {"name": "Xã X2"}),
    ]
    return [unit(uid, lv, parent, **{**extra, **over.get(uid, {})}) for uid, lv, parent, extra in spec]


def cadre(cadre_id: str = "A", **over: Any) -> Cadre:
    data: dict[str, Any] = {
        "cadre_id": cadre_id, "full_name": f"Nguyễn Văn {cadre_id}", "gender": "nam", "birth_date": "1985-01",
        "unit_id": "H1P", "education": "dai_hoc", "political_theory": "trung_cap", "ethnicity": "Thái",
        "home_unit_id": "X2", "rank": 1, "field": "Nông nghiệp", "state_mgmt": "chuyen_vien", "party_member": True,
        "planned_titles": ("Chủ tịch UBND xã",), "languages": ("Thái",),
    }
    data.update(over)
    return Cadre.model_validate(data)


def cadre_b(**over: Any) -> Cadre:
    data: dict[str, Any] = {"unit_id": "X2", "ethnicity": "Mông", "languages": ("Mông",), "home_unit_id": "X2",
                            "full_name": "Lò Thị B", "gender": "nu", "birth_date": "1995-06"}
    data.update(over)
    return cadre("B", **data)


def post(post_id: str = "PX1", **over: Any) -> Post:
    data: dict[str, Any] = {
        "post_id": post_id, "unit_id": "X1", "title": "Chủ tịch UBND xã", "open_from": "2027-01",
        "open_to": "2027-06", "months": 36, "priority": 4,
        "source_levels": ("district", "district_office", "province_dept"),
    }
    data.update(over)
    return Post.model_validate(data)


def seat(seat_id: str = "S1", **over: Any) -> Seat:
    data: dict[str, Any] = {
        "seat_id": seat_id, "unit_id": "SNN", "capacity": 1, "open_from": "2027-01", "open_to": "2027-06",
        "months": 6, "field": "Nông nghiệp", "source_levels": ("district", "district_office", "commune"),
    }
    data.update(over)
    return Seat.model_validate(data)


def lock(action: str, cadre_id: str | None = None, target_id: str | None = None, start: str | None = None,
         reason: str | None = None) -> Lock:
    return Lock.model_validate({"action": action, "cadre_id": cadre_id, "target_id": target_id, "start": start,
                                "reason": reason})


def ongoing(cadre_id: str, target_id: str, start: str, end: str) -> Ongoing:
    return Ongoing.model_validate({"cadre_id": cadre_id, "target_id": target_id, "start": start, "end": end})


def problem(*, units: list[Unit] | None = None, cadres: list[Cadre] | None = None, posts: list[Post] | None = None,
            seats: list[Seat] | None = None, locks: list[Lock] = (), ongoing: list[Ongoing] = (),  # type: ignore[assignment]
            policy: dict[str, Any] | None = None, objective: dict[str, Any] | None = None,
            start: str = "2027-01", months: int = 24) -> Problem:
    return Problem(
        name="Thử nghiệm",
        horizon_start=parse_month(start),
        horizon_months=months,
        units=tuple(units if units is not None else base_units()),
        cadres=tuple(cadres if cadres is not None else [cadre(), cadre_b()]),
        posts=tuple(posts if posts is not None else [post()]),
        seats=tuple(seats if seats is not None else [seat()]),
        locks=tuple(locks),
        ongoing=tuple(ongoing),
        policy=Policy.model_validate(policy or {}),
        objective=Objective.model_validate(objective or {}),
    )


def mv(cadre_id: str, target_id: str, start: str, months: int | None = None) -> Move:
    kind = SEC if target_id.startswith("S") else ROT
    if months is None:
        months = 6 if kind is SEC else 36
    return Move(kind=kind, cadre_id=cadre_id, target_id=target_id, start=parse_month(start), months=months)


def plan(*moves: Move) -> Plan:
    return Plan(moves=tuple(moves))


def base_plan() -> Plan:
    return plan(mv("A", "PX1", "2027-01"), mv("B", "S1", "2027-01"))


def test_base_plan_is_valid() -> None:
    from planner.check import check

    assert check(problem(), base_plan()) == []
