"""Policy (DESIGN §5), objective (§6) and solver settings of a scenario. Unknown keys are errors."""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator

from models.months import Month
from models.scales import Level

WEIGHT_LIMIT = 1_000_000  # |quality weight|
LEVEL_WEIGHT_LIMIT = 1_000_000_000  # weighted mode: fill, secondment and stability weights


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class FixedRetirementAges(Strict):
    """Fixed retirement ages in years (fractions allowed: 60.25 = 60 years 3 months)."""

    male: float = Field(validation_alias=AliasChoices("nam", "male"), gt=0, lt=100)
    female: float = Field(validation_alias=AliasChoices("nữ", "nu", "female"), gt=0, lt=100)

    def months(self, male: bool) -> int:
        return round((self.male if male else self.female) * 12)


def _default_rotation_levels() -> tuple[Level, ...]:
    return (Level.DISTRICT, Level.DISTRICT_OFFICE, Level.PROVINCE_DEPT)


def _default_secondment_levels() -> tuple[Level, ...]:
    return (Level.DISTRICT, Level.DISTRICT_OFFICE, Level.COMMUNE)


class Policy(Strict):
    rotation_months: int = Field(default=36, ge=1, le=240)
    rotation_min_months_left: int = Field(default=120, ge=0, le=1200)
    nonlocal_min_months_left: int = Field(default=60, ge=0, le=1200)
    max_secondment_months: int = Field(default=36, ge=1, le=240)
    max_moves_per_cadre: int = Field(default=1, ge=0, le=240)
    require_planning: bool = True
    max_rank_step: int = Field(default=1, ge=0)
    language_rule: Literal["soft", "hard"] = "soft"
    retirement: Literal["roadmap"] | FixedRetirementAges = "roadmap"
    rotation_source_levels: tuple[Level, ...] = Field(default_factory=_default_rotation_levels)
    secondment_source_levels: tuple[Level, ...] = Field(default_factory=_default_secondment_levels)
    max_away_share: float = Field(default=0.2, ge=0, le=1)
    young_age: int = Field(default=35, ge=1, le=100)

    @field_validator("rotation_source_levels", "secondment_source_levels", mode="before")
    @classmethod
    def _levels(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part for part in (p.strip() for p in value.split(";")) if part)
        return value


class QualityWeights(Strict):
    """Weights of the plan-quality terms (level 3). Bonuses are per move; penalties per month or per cadre."""

    # Bounded so that every objective coefficient fits the solver's 64-bit integers whatever the data size.
    field_match: int = Field(default=3, ge=-WEIGHT_LIMIT, le=WEIGHT_LIMIT)
    language_match: int = Field(default=2, ge=-WEIGHT_LIMIT, le=WEIGHT_LIMIT)
    ethnic_to_ethnic_area: int = Field(default=2, ge=-WEIGHT_LIMIT, le=WEIGHT_LIMIT)
    young: int = Field(default=2, ge=-WEIGHT_LIMIT, le=WEIGHT_LIMIT)
    women: int = Field(default=1, ge=-WEIGHT_LIMIT, le=WEIGHT_LIMIT)
    difficult_commune: int = Field(default=2, ge=-WEIGHT_LIMIT, le=WEIGHT_LIMIT)
    delay_per_month: int = Field(default=1, ge=-WEIGHT_LIMIT, le=WEIGHT_LIMIT)
    burden_heaviest_unit: int = Field(default=2, ge=-WEIGHT_LIMIT, le=WEIGHT_LIMIT)


class Objective(Strict):
    mode: Literal["lexicographic", "weighted"] = "lexicographic"
    weights: QualityWeights = Field(default_factory=QualityWeights)
    # Weighted mode only: what one priority point filled and one secondment are worth against quality points.
    fill_weight: int = Field(default=1000, ge=0, le=LEVEL_WEIGHT_LIMIT)
    secondment_weight: int = Field(default=100, ge=0, le=LEVEL_WEIGHT_LIMIT)
    # Re-planning against a baseline (`planner solve --baseline DIR`): where the number of baseline moves kept
    # exactly ranks — a level just above plan quality (default), just below it, or not at all; in weighted mode
    # each kept move adds `stability_weight` to the one weighted level instead.
    stability: Literal["above_quality", "below_quality", "off"] = "above_quality"
    stability_weight: int = Field(default=50, ge=0, le=LEVEL_WEIGHT_LIMIT)


class SolverSettings(Strict):
    time_limit_s: float = Field(default=60.0, gt=0)
    workers: int = Field(default=2, ge=1, le=64)
    seed: int = Field(default=0, ge=0, le=2**31 - 1)  # CP-SAT's random_seed is a 32-bit integer
    deterministic: bool = False


class Horizon(Strict):
    start: Month
    months: int = Field(ge=1, le=240)


class DataPaths(Strict):
    units: str
    cadres: str
    posts: str
    seats: str
    locks: str | None = None
    ongoing: str | None = None


TableName = Literal["units", "cadres", "posts", "seats", "locks", "ongoing"]


class Patch(Strict):
    """A what-if edit applied after loading: rows matching `where` get `set`, or are dropped."""

    table: TableName
    where: dict[str, object] = Field(min_length=1)
    set: dict[str, object] | None = None
    drop: bool = False


class ScenarioSpec(Strict):
    """A scenario file after `extends` is merged: the YAML contract of DESIGN §3."""

    name: str = "scenario"
    description: str | None = None
    horizon: Horizon
    data: DataPaths
    policy: Policy = Field(default_factory=Policy)
    objective: Objective = Field(default_factory=Objective)
    patches: tuple[Patch, ...] = ()
    solver: SolverSettings = Field(default_factory=SolverSettings)
