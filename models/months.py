"""Whole months as integers: month index = year * 12 + (month - 1).

Integer months live everywhere in the domain; text `YYYY-MM` only at the boundary (input and output).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

_MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*$")


def month_index(year: int, month: int) -> int:
    """The index of `year`-`month` (month 1..12)."""
    return year * 12 + (month - 1)


def year_of(m: int) -> int:
    return m // 12


def month_of(m: int) -> int:
    """Calendar month 1..12 of a month index."""
    return m % 12 + 1


def fmt_month(m: int) -> str:
    """`YYYY-MM` text of a month index."""
    return f"{year_of(m):04d}-{month_of(m):02d}"


def parse_month(value: Any) -> int:
    """Read a month: `YYYY-MM` (or `YYYY-MM-DD`, day ignored), a date, or an already parsed index.

    Raises ValueError with a short Vietnamese/English reason on anything else.
    """
    if isinstance(value, bool):
        raise ValueError(f"not a month (YYYY-MM): {value!r}")
    if isinstance(value, int):
        if 1900 * 12 <= value < 2300 * 12:
            return value
        raise ValueError(f"not a month (YYYY-MM): {value!r}")
    if isinstance(value, dt.datetime | dt.date):
        return month_index(value.year, value.month)
    if isinstance(value, str):
        match = _MONTH_RE.match(value)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            if 1 <= month <= 12 and 1900 <= year < 2300:
                if match.group(3) is not None:
                    dt.date(year, month, int(match.group(3)))  # validates the day
                return month_index(year, month)
    raise ValueError(f"not a month (YYYY-MM): {value!r}")


def parse_birth(value: Any) -> int:
    """Read a birth date: YYYY-MM-DD, YYYY-MM or YYYY (a bare year counts as January)."""
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value < 2300:
        return month_index(value, 1)
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value):
        year = int(value)
        if 1900 <= year < 2300:
            return month_index(year, 1)
    return parse_month(value)


Month = Annotated[int, BeforeValidator(parse_month), PlainSerializer(fmt_month, return_type=str)]
BirthMonth = Annotated[int, BeforeValidator(parse_birth), PlainSerializer(fmt_month, return_type=str)]
