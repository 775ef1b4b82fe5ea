"""The glossary and the contributor page stay true to the code they name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from models.scales import Education, Level, PoliticalTheory, StateMgmt
from planner.io.columns import TABLES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def test_docs_glossary_names_every_table_and_every_ordered_scale_code():
    text = _read("glossary.md")
    for table in TABLES:
        assert f"`{table}`" in text, table
    for scale in (Education, PoliticalTheory, StateMgmt, Level):
        for member in scale:
            assert f"`{member.code}`" in text, member


def test_docs_glossary_maps_the_design_terms():
    text = _read("glossary.md").casefold()
    for term in ("luân chuyển", "biệt phái", "quy hoạch", "vị trí khuyết", "chỉ tiêu tiếp nhận biệt phái",
                 "xã đặc biệt khó khăn", "người dân tộc thiểu số", "quê quán"):
        assert term in text, term


def test_docs_adding_a_rule_names_the_checker_lists_that_exist():
    # If check.py renames its rule lists or RULES table, the contributor page must follow.
    text = _read("adding-a-rule.md")
    source = (ROOT / "planner" / "check.py").read_text(encoding="utf-8")
    for name in ("RULES", "_MOVE_RULES", "_PLAN_RULES", "Violation"):
        assert f"`{name}`" in text or f"`{name}`s" in text
        assert re.search(rf"\b{name}\b", source), name
    validation = (ROOT / "planner" / "validation.py").read_text(encoding="utf-8")
    assert "`ERRORS`" in text and re.search(r"^ERRORS\b", validation, re.MULTILINE)


@pytest.mark.parametrize("page", ["data-format.md", "glossary.md", "adding-a-rule.md"])
def test_docs_relative_links_resolve(page):
    for target in re.findall(r"\]\(([^)#:]+)\)", _read(page)):
        assert (DOCS / target).exists(), target


def test_docs_adding_a_rule_example_runs_and_its_pair_holds():
    # The page's allowed/refused example is real code: run it and both of its tests.
    text = _read("adding-a-rule.md")
    (code,) = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    namespace: dict[str, object] = {}
    exec(compile(code, "adding-a-rule.md", "exec"), namespace)
    tests = [name for name in namespace if name.startswith("test_")]
    assert tests == ["test_rank_step_allows_one_step_up", "test_rank_step_refuses_two_steps_up"]
    for name in tests:
        namespace[name]()  # type: ignore[operator]
