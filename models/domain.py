"""The rows of the scenario tables (DESIGN §3), resolved: defaults filled, text cleaned, scales parsed.

These models hold ids, never solver indices. `ref` points back to the file and row a record came from, so that
every later message (a pin that breaks a rule, an infeasible lock set) can name it.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from models.months import BirthMonth, Month
from models.scales import Education, Gender, Level, LockAction, MoveKind, PoliticalTheory, StateMgmt
from models.text import clean, key


class RowRef(BaseModel):
    """Where a record came from: file, sheet (for .xlsx) and row as a spreadsheet user counts it (header = 1)."""

    model_config = ConfigDict(frozen=True)

    file: str
    row: int
    sheet: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}#{self.sheet}" if self.sheet else self.file
        return f"{where}, dòng {self.row}"


Id = Annotated[str, Field(min_length=1)]
Texts = tuple[str, ...]


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    ref: RowRef | None = Field(default=None, exclude=True, repr=False)

    def __eq__(self, other: object) -> bool:
        # Two records are the same data whatever file and row they were read from.
        if type(other) is not type(self):
            return NotImplemented
        return self.model_dump() == other.model_dump()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, repr(sorted(self.model_dump().items(), key=lambda kv: kv[0]))))

    @field_validator("*", mode="before")
    @classmethod
    def _clean_text(cls, value: object) -> object:
        return clean(value) if isinstance(value, str) else value


class Unit(Record):
    unit_id: Id
    name: str
    level: Level
    parent_id: str | None = None
    difficult: bool = False
    ethnic_area: bool = False
    languages: Texts = ()
    headcount: int | None = Field(default=None, ge=0)
    max_away: int | None = Field(default=None, ge=0)


class Cadre(Record):
    cadre_id: Id
    full_name: str
    gender: Gender
    birth_date: BirthMonth
    unit_id: Id
    education: Education
    political_theory: PoliticalTheory
    ethnicity: str | None = None
    home_unit_id: str | None = None
    title: str | None = None
    rank: int = Field(default=0, ge=0)
    field: str | None = None
    state_mgmt: StateMgmt = StateMgmt.NONE
    party_member: bool = False
    planned_titles: Texts = ()
    languages: Texts = ()
    available_from: Month | None = None
    available_to: Month | None = None
    secondment_exempt: bool = False
    under_review: bool = False
    retirement_month: Month | None = None

    @property
    def ethnic_minority(self) -> bool:
        """Anyone whose ethnicity is given and is not Kinh (the majority)."""
        return bool(self.ethnicity) and key(self.ethnicity) != "kinh"


class Post(Record):
    """A vacant post (rotation target). `open_to`, `months` and `source_levels` are always resolved."""

    post_id: Id
    unit_id: Id
    title: str
    open_from: Month
    open_to: Month
    months: int = Field(ge=1)
    rank: int | None = Field(default=None, ge=0)
    priority: int = Field(default=3, ge=1, le=5)
    min_education: Education | None = None
    min_political_theory: PoliticalTheory | None = None
    min_state_mgmt: StateMgmt | None = None
    party_required: bool = False
    fields: Texts = ()
    language: str | None = None
    non_local: bool = False
    source_levels: tuple[Level, ...]


class Seat(Record):
    """Secondment capacity of a department. `open_to` and `source_levels` are always resolved."""

    seat_id: Id
    unit_id: Id
    capacity: int = Field(ge=1)
    open_from: Month
    open_to: Month
    months: int = Field(ge=1)
    field: str | None = None
    min_rank: int = Field(default=1, ge=0)
    ethnic_minority_only: bool = True
    source_levels: tuple[Level, ...]


class Lock(Record):
    """A committee decision: pin or forbid a move, a cadre's moving, or a target's filling."""

    action: LockAction
    cadre_id: str | None = None
    target_id: str | None = None
    start: Month | None = None
    reason: str | None = None

    def describe(self) -> str:
        parts = [self.action.code]
        if self.cadre_id:
            parts.append(f"cadre={self.cadre_id}")
        if self.target_id:
            parts.append(f"target={self.target_id}")
        if self.start is not None:
            from models.months import fmt_month

            parts.append(f"start={fmt_month(self.start)}")
        where = f" ({self.ref})" if self.ref else ""
        return " ".join(parts) + where


class Ongoing(Record):
    """A move decided earlier and under way: it holds its target and keeps the cadre away until `end`."""

    cadre_id: Id
    target_id: Id
    start: Month
    end: Month


class Move(BaseModel):
    """One move of a plan: a rotation into a post or a secondment into a seat."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: MoveKind
    cadre_id: Id
    target_id: Id
    start: Month
    months: int = Field(ge=1)

    @property
    def end(self) -> int:
        """Last month occupied (inclusive)."""
        return self.start + self.months - 1
