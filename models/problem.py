"""One validated, immutable planning problem: what a scenario resolves to after loading, patches and defaults."""

from __future__ import annotations

from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field

from models.domain import Cadre, Lock, Ongoing, Post, Seat, Unit
from models.months import Month
from models.policy import FixedRetirementAges, Objective, Policy, SolverSettings
from models.retirement import fixed_retirement_month, roadmap_retirement_month
from models.scales import Gender


class Problem(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = "scenario"
    description: str | None = None
    horizon_start: Month
    horizon_months: int = Field(ge=1)
    units: tuple[Unit, ...]
    cadres: tuple[Cadre, ...]
    posts: tuple[Post, ...]
    seats: tuple[Seat, ...]
    locks: tuple[Lock, ...] = ()
    ongoing: tuple[Ongoing, ...] = ()
    policy: Policy = Field(default_factory=Policy)
    objective: Objective = Field(default_factory=Objective)
    solver: SolverSettings = Field(default_factory=SolverSettings)
    # Provenance for the manifest: input file -> sha256, and the scenario after extends/patches as plain data.
    input_hashes: dict[str, str] = Field(default_factory=dict)
    resolved_scenario: dict[str, object] = Field(default_factory=dict)

    # --- horizon ------------------------------------------------------------------------------------------
    @property
    def horizon_end(self) -> int:
        """Last month of the horizon (inclusive)."""
        return self.horizon_start + self.horizon_months - 1

    # --- lookups ------------------------------------------------------------------------------------------
    @cached_property
    def unit_by_id(self) -> dict[str, Unit]:
        return {u.unit_id: u for u in self.units}

    @cached_property
    def cadre_by_id(self) -> dict[str, Cadre]:
        return {c.cadre_id: c for c in self.cadres}

    @cached_property
    def post_by_id(self) -> dict[str, Post]:
        return {p.post_id: p for p in self.posts}

    @cached_property
    def seat_by_id(self) -> dict[str, Seat]:
        return {s.seat_id: s for s in self.seats}

    @cached_property
    def children(self) -> dict[str, tuple[str, ...]]:
        kids: dict[str, list[str]] = {}
        for u in self.units:
            if u.parent_id:
                kids.setdefault(u.parent_id, []).append(u.unit_id)
        return {k: tuple(v) for k, v in kids.items()}

    def subtree(self, unit_id: str) -> frozenset[str]:
        """The unit and every unit under it."""
        seen = {unit_id}
        stack = [unit_id]
        while stack:
            for child in self.children.get(stack.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        return frozenset(seen)

    # --- rules that depend on policy ----------------------------------------------------------------------
    def retirement_month(self, cadre: Cadre) -> int:
        """Last month the cadre works: the individual decision, else fixed policy ages, else the roadmap."""
        if cadre.retirement_month is not None:
            return cadre.retirement_month
        rule = self.policy.retirement
        if isinstance(rule, FixedRetirementAges):
            return fixed_retirement_month(cadre.birth_date, rule.months(cadre.gender is Gender.MALE))
        return roadmap_retirement_month(cadre.gender, cadre.birth_date)

    def age_years(self, cadre: Cadre, month: int) -> int:
        """Completed years of age at `month`."""
        return (month - cadre.birth_date) // 12

    def away_cap(self, unit: Unit) -> int | None:
        """Rule 6: `max_away`, else floor(headcount × max_away_share) but at least 1, else no cap."""
        if unit.max_away is not None:
            return unit.max_away
        if unit.headcount is not None:
            return max(1, int(unit.headcount * self.policy.max_away_share + 1e-9))
        return None

    def target_unit(self, target_id: str) -> str | None:
        if target_id in self.post_by_id:
            return self.post_by_id[target_id].unit_id
        if target_id in self.seat_by_id:
            return self.seat_by_id[target_id].unit_id
        return None
