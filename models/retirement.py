"""Retirement month under the legal roadmap (Bộ luật Lao động 2019 art. 169, Nghị định 135/2020).

Men: 60 years 3 months in 2021, +3 months a year, 62 from 2028. Women: 55 years 4 months in 2021, +4 months a
year, 60 from 2035. The age that applies is the one in force in the calendar year the person reaches it; they
retire at the end of that month, so the returned month is the last month they work.
"""

from __future__ import annotations

from functools import lru_cache

from models.months import year_of
from models.scales import Gender


def roadmap_age_months(gender: Gender, year: int) -> int:
    """Retirement age in months for someone reaching it in `year`."""
    steps = max(0, year - 2021)
    if gender is Gender.MALE:
        return min(60 * 12 + 3 + 3 * steps, 62 * 12)
    return min(55 * 12 + 4 + 4 * steps, 60 * 12)


@lru_cache(maxsize=4096)  # pure; 100,000 cadres share a few hundred birth months
def roadmap_retirement_month(gender: Gender, birth_month: int) -> int:
    """The month index in which a person born in `birth_month` reaches the roadmap age."""
    year = year_of(birth_month) + 50
    while True:
        reached = birth_month + roadmap_age_months(gender, year)
        if year_of(reached) <= year:
            # Stepping one year adds 12 months to the calendar but at most 4 to the age, so the first year whose
            # rule is reached within it is the one that applies.
            return reached
        year += 1


def fixed_retirement_month(birth_month: int, age_months: int) -> int:
    return birth_month + age_months
