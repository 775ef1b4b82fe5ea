"""Text normalisation shared by every comparison in the contract (DESIGN §4, "Exact readings")."""

from __future__ import annotations

import unicodedata


def clean(value: str) -> str:
    """Trim and NFC-normalise text as it is stored (non-breaking spaces count as spaces)."""
    return unicodedata.normalize("NFC", value.replace("\u00a0", " ")).strip()


def key(value: str | None) -> str:
    """The comparison key of a text: trimmed, NFC-normalised, case-insensitive."""
    if value is None:
        return ""
    return clean(value).casefold()


def split_list(value: str | None) -> tuple[str, ...]:
    """Split a `;`-separated cell into its cleaned, non-empty items."""
    if value is None:
        return ()
    return tuple(item for item in (clean(part) for part in str(value).split(";")) if item)
