"""Input problems as values: every error and warning carries file, sheet, row, column, value and reason.

Library code collects `Issue`s and raises one `InputError` with all of them; only `cli.py` turns that into
an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    reason: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None  # as a spreadsheet user counts it: header = row 1
    column: str | None = None
    value: str | None = None
    severity: Severity = "error"
    rule: str | None = None  # the rule code this issue is about, where one applies

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(f"{self.file}#{self.sheet}" if self.sheet else self.file)
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = self.where()
        value = f" [giá trị: {self.value!r}]" if self.value not in (None, "") else ""
        return f"{text}: {self.reason}{value}" if text else f"{self.reason}{value}"


@dataclass
class InputError(Exception):
    """Bad input: one or more errors (and any warnings found on the way)."""

    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    def __str__(self) -> str:
        return "\n".join(str(i) for i in self.errors)
