"""assignments.csv and unfilled.csv: UTF-8 (no BOM), `\n` line ends, English headers, sorted rows, no timestamp.

Text that a spreadsheet would take for a formula is neutralised (see `common.neutralise`), so a name or title from
the input such as `=HYPERLINK(…)` reaches Excel as plain text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from planner.report.common import OutColumn, neutralise


def render_csv(columns: Sequence[OutColumn], rows: Iterable[Mapping[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([c.name for c in columns])
    for row in rows:
        writer.writerow([neutralise(row.get(c.name, "")) for c in columns])
    return buffer.getvalue().encode("utf-8")
