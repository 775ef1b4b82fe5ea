"""docs/security.md stays true: every test and test file it cites exists, and every guarantee section cites one."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")


def test_every_cited_test_exists() -> None:
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    cited = set(re.findall(r"`(test_[a-z0-9_]+)`", PAGE))
    assert len(cited) >= 15
    assert sorted(name for name in cited if f"def {name}(" not in sources) == []


def test_every_cited_file_exists() -> None:
    cited = set(re.findall(r"`((?:tests|planner|benchmarks|docs)/[\w./-]+)`", PAGE))
    assert len(cited) >= 10
    assert sorted(path for path in cited if not (ROOT / path.rstrip("/")).exists()) == []


def test_every_guarantee_names_its_tests() -> None:
    sections = re.split(r"\n### ", PAGE)[1:]
    assert len(sections) >= 8
    for section in sections:
        assert "Tests:" in section, section.splitlines()[0]
