"""docs/data-format.md documents every column, scale value and scenario key of the code, and is up to date."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from models.policy import Objective, Policy, QualityWeights, ScenarioSpec, SolverSettings
from models.scales import Education, Gender, Level, LockAction, PoliticalTheory, StateMgmt
from planner.io.columns import TABLES

DOCS = Path(__file__).resolve().parent.parent / "docs"
TEXT = (DOCS / "data-format.md").read_text(encoding="utf-8")


def _generator():
    spec = importlib.util.spec_from_file_location("make_data_format", DOCS / "make_data_format.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _table_section(name: str) -> str:
    """The generated section of one table: from its heading to the next heading."""
    start = TEXT.index(f"### `{name}` — sheet")
    end = TEXT.find("\n### ", start + 1)
    return TEXT[start:end]


@pytest.mark.parametrize("table", list(TABLES.values()), ids=list(TABLES))
def test_docs_data_format_lists_every_column_of_every_table(table):
    section = _table_section(table.name)
    assert table.sheet_vi in section
    for column in table.columns:
        # One row per column, naming the English name, the Vietnamese header and whether it is required.
        rows = [line for line in section.splitlines() if line.startswith(f"| `{column.name}` |")]
        assert len(rows) == 1, column.name
        cells = [c.strip() for c in rows[0].strip("|").split(" | ")]
        assert cells[1].startswith(column.header_vi)
        assert (cells[2] == "**yes**") == column.required
        assert column.help_en.replace("|", "\\|") in rows[0]


@pytest.mark.parametrize("model", [Policy, Objective, SolverSettings])
def test_docs_data_format_documents_every_scenario_parameter(model):
    for name in model.model_fields:
        assert f"| `{name}` |" in TEXT, f"{model.__name__}.{name}"


def test_docs_data_format_documents_every_quality_weight_and_the_policy_defaults():
    for name in QualityWeights.model_fields:
        assert f"| `weights.{name}` | `{QualityWeights.model_fields[name].default}` |" in TEXT
    # Defaults are the code's, not copies: rotation_months 36, max_away_share 0.2, source levels in order.
    assert "| `rotation_months` | `36` |" in TEXT
    assert "| `max_away_share` | `0.2` |" in TEXT
    assert "| `rotation_source_levels` | `[district, district_office, province_dept]` |" in TEXT


def test_docs_data_format_documents_every_top_level_scenario_key_and_extends():
    for key in [*ScenarioSpec.model_fields, "extends"]:
        assert re.search(rf"^\| `{key}` \|", TEXT, re.MULTILINE), key


@pytest.mark.parametrize("scale", [Education, PoliticalTheory, StateMgmt, Level, Gender, LockAction])
def test_docs_data_format_lists_every_scale_value_with_its_label(scale):
    for member in scale:
        assert f"| `{member.code}` | {member.label_vi} | {member.label_en} |" in TEXT


def test_docs_data_format_states_the_objective_levels_and_exit_codes():
    for level in ("priority_filled", "secondments", "quality", "weighted"):
        assert f"**`{level}`**" in TEXT
    for code in range(4):
        assert re.search(rf"^\| {code} \| \S", TEXT, re.MULTILINE), code


def test_docs_data_format_generated_blocks_are_up_to_date():
    # Regenerating must not change the page: a column added to columns.py without running the generator fails here.
    generator = _generator()
    assert generator.render(TEXT) == TEXT


def test_docs_data_format_generator_notices_a_stale_block():
    generator = _generator()
    stale = TEXT.replace("| `young_age` | `35` |", "| `young_age` | `40` |")
    assert stale != TEXT
    assert generator.render(stale) == TEXT
