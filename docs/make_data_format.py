"""Regenerate the generated blocks of docs/data-format.md from the code, so the reference cannot drift.

The blocks sit between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` lines; everything else in the
file is written by hand. Sources: the column schema (planner/io/columns.py), the scales (models/scales.py) and the
scenario models (models/policy.py).

    python docs/make_data_format.py          # rewrite the blocks in place
    python docs/make_data_format.py --check  # exit 1 if the file is not up to date (tests run this)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from models.policy import Objective, Policy, QualityWeights, SolverSettings
from models.scales import Education, Gender, Level, LockAction, MoveKind, PoliticalTheory, Scale, StateMgmt
from planner.io.cells import INT_LIMITS
from planner.io.columns import TABLES
from planner.io.template import KIND_TEXT, default_text

DOC = Path(__file__).with_name("data-format.md")

# Where each policy parameter comes from (DESIGN §5). A Policy field missing here stops the generator.
POLICY_NOTES: dict[str, str] = {
    "rotation_months": "Length of a rotation when the post gives none. Quy định 65-QĐ/TW (2022) art. 8: a "
                       "rotation lasts at least 3 years.",
    "rotation_min_months_left": "Months of service a cadre must have left at the start of a rotation. "
                                "Quy định 65-QĐ/TW art. 5: at least 10 years.",
    "nonlocal_min_months_left": "The same for a `non_local` post (a non-native leader serves one full term).",
    "max_secondment_months": "Longest allowed secondment; a seat's `months` may not exceed it. Luật Viên chức "
                             "art. 36, Nghị định 170/2025 art. 26: at most 3 years (a program may set 6).",
    "max_moves_per_cadre": "New moves per cadre in one plan (ongoing moves do not count).",
    "require_planning": "A rotated cadre must have the post's title in `planned_titles` (succession pool, "
                        "Quy định 65-QĐ/TW).",
    "max_rank_step": "A post's rank may be at most this much above the cadre's rank (where both are given).",
    "language_rule": "`soft`: a post's language is a quality bonus only; `hard`: the cadre must speak it.",
    "retirement": "`roadmap` (Bộ luật Lao động 2019 art. 169, Nghị định 135/2020) or fixed ages in years, "
                  "e.g. `{nam: 62, nữ: 60}` (fractions allowed: 60.25 = 60 years 3 months).",
    "rotation_source_levels": "Unit levels rotated cadres may come from, when the post gives none.",
    "secondment_source_levels": "Unit levels seconded cadres may come from, when the seat gives none.",
    "max_away_share": "Share of a unit's `headcount` that may be away at once when `max_away` is empty "
                      "(rounded down, at least 1).",
    "young_age": "A cadre younger than this (completed years at the move's start) counts as young.",
}

WEIGHT_NOTES: dict[str, str] = {
    "field_match": "per move whose cadre's field matches the post's fields (rotation) or the seat's field",
    "language_match": "per rotation whose cadre speaks the post's language (or one of the target unit's)",
    "ethnic_to_ethnic_area": "per rotation of an ethnic-minority cadre into a unit with `ethnic_area`",
    "young": "per move of a cadre younger than `policy.young_age` at the start",
    "women": "per move of a woman",
    "difficult_commune": "per rotation into a unit marked `difficult`",
    "delay_per_month": "penalty per month between the target's `open_from` and the move's start",
    "burden_heaviest_unit": "penalty per move on the source unit that loses the most cadres in this plan",
}

OBJECTIVE_NOTES: dict[str, str] = {
    "mode": "`lexicographic` (levels optimised one after the other) or `weighted` (one weighted sum)",
    "weights": "the quality weights below",
    "fill_weight": "weighted mode only: worth of one priority point filled",
    "secondment_weight": "weighted mode only: worth of one secondment",
    "stability": "re-planning against a baseline (`planner solve --baseline DIR`): the level counting baseline moves "
    "kept exactly ranks `above_quality` (default), `below_quality`, or is `off`",
    "stability_weight": "weighted mode only: worth of one baseline move kept",
}

SOLVER_NOTES: dict[str, str] = {
    "time_limit_s": "wall-clock limit of the whole solve, in seconds",
    "workers": "CP-SAT search workers (threads)",
    "seed": "random seed of the search, recorded in the outputs",
    "deterministic": "deterministic search: same inputs and seed give the same plan (also `--deterministic`)",
}


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _default(model: type[BaseModel], name: str) -> str:
    info = model.model_fields[name]
    value = info.default_factory() if info.default_factory is not None else info.default  # type: ignore[call-arg]
    if value is PydanticUndefined:
        return "(required)"
    if isinstance(value, BaseModel):
        return "(see below)"
    if isinstance(value, tuple):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _param_table(model: type[BaseModel], notes: dict[str, str], prefix: str) -> str:
    missing = set(model.model_fields) - set(notes)
    if missing:
        raise SystemExit(f"{model.__name__}: document {sorted(missing)} in docs/make_data_format.py")
    lines = ["| key | default | meaning |", "|---|---|---|"]
    for name in model.model_fields:
        lines.append(f"| `{prefix}{name}` | `{_default(model, name)}` | {_cell(notes[name])} |")
    return "\n".join(lines)


def render_tables() -> str:
    parts = []
    for table in TABLES.values():
        optional = " (optional table: may be absent or header-only)" if table.optional else ""
        parts.append(f"### `{table.name}` — sheet *{table.sheet_vi}*{optional}\n")
        parts.append(f"{table.help_en}. *{table.help_vi}.*\n")
        parts.append("| column | Vietnamese header | required | kind | default when empty | meaning |")
        parts.append("|---|---|---|---|---|---|")
        for column in table.columns:
            kind = KIND_TEXT[column.kind][1]
            if column.scale is not None:
                kind += f" — scale `{column.scale.__name__}`"
            if column.kind == "int":
                low, high = INT_LIMITS.get(column.name, (0, 1_000_000))
                kind += f", {low}–{high:,}"
            aliases = f" (also: {', '.join(column.aliases)})" if column.aliases else ""
            parts.append(
                f"| `{column.name}` | {_cell(column.header_vi)}{_cell(aliases)} | "
                f"{'**yes**' if column.required else ''} | {_cell(kind)} | "
                f"{_cell(default_text(table, column, 'en'))} | {_cell(column.help_en)} |"
            )
        parts.append("")
    return "\n".join(parts).rstrip()


SCALES: tuple[tuple[type[Scale], str, bool], ...] = (
    (Education, "education level (trình độ chuyên môn)", True),
    (PoliticalTheory, "political theory, LLCT (lý luận chính trị)", True),
    (StateMgmt, "state management, QLNN (quản lý nhà nước)", True),
    (Level, "unit level (cấp đơn vị), listed from the top of the hierarchy down", False),
    (Gender, "gender (giới tính)", False),
    (LockAction, "lock action (loại quyết định)", False),
    (MoveKind, "kind of move, in the outputs (loại điều động)", False),
)


def render_scales() -> str:
    parts = []
    for scale, title, ordered in SCALES:
        used = [f"`{t.name}.{c.name}`" for t in TABLES.values() for c in t.columns if c.scale is scale]
        line = f"**`{scale.__name__}`** — {title}"
        line += "; ordered, lowest first" if ordered else ""
        line += f". Used by {', '.join(used)}." if used else "."
        parts.append(line + "\n")
        parts.append("| code | Vietnamese label | English label |")
        parts.append("|---|---|---|")
        for member in scale:
            parts.append(f"| `{member.code}` | {member.label_vi} | {member.label_en} |")
        parts.append("")
    return "\n".join(parts).rstrip()


BLOCKS = {
    "tables": render_tables,
    "scales": render_scales,
    "policy": lambda: _param_table(Policy, POLICY_NOTES, ""),
    "objective": lambda: _param_table(Objective, OBJECTIVE_NOTES, ""),
    "weights": lambda: _param_table(QualityWeights, WEIGHT_NOTES, "weights."),
    "solver": lambda: _param_table(SolverSettings, SOLVER_NOTES, ""),
}


def render(text: str) -> str:
    """The document with every generated block replaced by its fresh content."""
    for name, make in BLOCKS.items():
        pattern = re.compile(
            rf"(<!-- generated:{name} -->\n).*?(<!-- /generated:{name} -->)", re.DOTALL
        )
        if not pattern.search(text):
            raise SystemExit(f"docs/data-format.md has no generated block {name!r}")
        body = make()
        text = pattern.sub(lambda m, body=body: m.group(1) + body + "\n" + m.group(2), text)
    return text


def main(argv: list[str]) -> int:
    current = DOC.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in argv:
        if fresh != current:
            print("docs/data-format.md is out of date: run python docs/make_data_format.py", file=sys.stderr)
            return 1
        return 0
    if fresh != current:
        DOC.write_text(fresh, encoding="utf-8")
        print("docs/data-format.md updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
