"""A plan as data: the moves chosen, and the solver's account of how good it is. No solver import."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models.domain import Move

Status = Literal["OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN"]


class LevelValue(BaseModel):
    """One objective level: its name, the value reached and the best bound proven."""

    model_config = ConfigDict(frozen=True)

    name: str
    value: float
    bound: float


class Plan(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    moves: tuple[Move, ...] = ()

    def sorted(self) -> Plan:
        return Plan(moves=tuple(sorted(self.moves, key=lambda m: (m.kind.rank, m.target_id, m.cadre_id))))


class Result(BaseModel):
    """What `solve()` returns: always a value, whatever happened (infeasible and timed-out included)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: Status
    plan: Plan = Field(default_factory=Plan)
    levels: tuple[LevelValue, ...] = ()
    wall_time_s: float = 0.0
    seed: int = 0
    workers: int = 1
    stopped_early: bool = False
    message: str | None = None
    conflicting_locks: tuple[str, ...] = ()
