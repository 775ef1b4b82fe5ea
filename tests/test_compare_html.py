"""compare.html: self-contained and offline, four inline SVG charts, the KPI and differences tables, escaped text,
Vietnamese by default and English on request."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from planner.compare import STRINGS
from planner.report.compare_html import nice_step, render_html
from tests.test_compare_core import tiny_comparison

CHARTS = ("chart-priority", "chart-groups", "chart-seats", "chart-burden")


def test_no_external_reference_at_all() -> None:
    page = render_html(tiny_comparison(), generated="2027-01-05 10:00")
    lowered = page.lower()
    assert "http://" not in lowered and "https://" not in lowered and "//cdn" not in lowered
    for needle in ("<script", "<link", "<img", "<iframe", "src=", "@import", "url(", "@font-face"):
        assert needle not in lowered, needle
    # The page forbids any fetch by itself.
    assert "default-src 'none'" in page


def test_has_the_four_svg_charts_and_the_tables() -> None:
    page = render_html(tiny_comparison())
    for chart in CHARTS:
        assert f'<figure class="chart" id="{chart}">' in page
    svgs = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    assert len(svgs) == 4
    for svg in svgs:
        ET.fromstring(svg)  # each chart is well-formed markup
    assert 'id="kpi-table"' in page
    assert page.count('<tr class="diff ') == 3  # changed C1, added C4, removed C2
    # One KPI row per metric shown, each with a value per scenario and one delta.
    assert page.count("data-kpi=") == len(tiny_comparison().rows)


def test_bars_show_the_comparison_figures() -> None:
    page = render_html(tiny_comparison())
    # Priority chart: A filled one priority-5 post, B none; the tooltips carry the numbers.
    assert "Phương án A &lt;gốc&gt; — 5: 1</title>" in page
    assert "Phương án B &amp; thêm chỉ tiêu — 5: 0</title>" in page
    # Groups chart: B moved 3 ethnic-minority cadres.
    assert "Phương án B &amp; thêm chỉ tiêu — Dân tộc thiểu số: 3</title>" in page


def test_input_text_is_escaped() -> None:
    evil = '<script>alert("x")</script> & =cmd'
    page = render_html(tiny_comparison(c1_name=evil))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; =cmd" in page
    assert "<gốc>" not in page and "&lt;gốc&gt;" in page


def test_vietnamese_by_default_english_on_request() -> None:
    vi = render_html(tiny_comparison())
    en = render_html(tiny_comparison("en"))
    assert '<html lang="vi">' in vi and '<html lang="en">' in en
    assert STRINGS["vi"]["kpis"] in vi and STRINGS["en"]["kpis"] not in vi
    assert STRINGS["en"]["kpis"] in en and STRINGS["vi"]["kpis"] not in en
    assert "Tối ưu" in vi and "Optimal" in en
    assert "Dân tộc thiểu số" in vi and "Ethnic minority" in en


def test_every_label_exists_in_both_languages() -> None:
    assert set(STRINGS["vi"]) == set(STRINGS["en"])


def test_nice_steps() -> None:
    assert nice_step(1) == 1
    assert nice_step(7) == 2
    assert nice_step(23) == 5
    assert nice_step(240) == 50
