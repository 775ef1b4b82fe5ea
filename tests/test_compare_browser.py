"""compare.html rendered by a real headless Chromium from file:// (as from a USB stick): the DOM has the SVG
charts and the tables, and the screenshot is a real picture. Skipped, with the reason, when Chromium is absent
(`.ci/run` installs it from the OS packages)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from planner.report.compare_html import render_html
from tests.test_compare_core import tiny_comparison

pytestmark = pytest.mark.browser


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def _run(binary: str, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
             f"--user-data-dir={tmp / 'profile'}"]
    return subprocess.run([binary, *flags, *args], capture_output=True, text=True, timeout=120, check=False)


def test_compare_html_renders_in_chromium(tmp_path: Path) -> None:
    binary = _chromium()
    if binary is None:
        pytest.skip("Chromium not installed (`apt-get install chromium`; .ci/run installs it)")
    page = tmp_path / "usb" / "compare.html"
    page.parent.mkdir()
    page.write_text(render_html(tiny_comparison(), generated="2027-01-05 10:00"), encoding="utf-8")
    url = page.resolve().as_uri()

    dom = _run(binary, tmp_path, "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    assert html.count("<svg") == 4
    for chart in ("chart-priority", "chart-groups", "chart-seats", "chart-burden"):
        assert f'id="{chart}"' in html
    assert 'id="kpi-table"' in html and 'class="diff"' in html
    assert html.count('class="bar"') >= 10  # bars were laid out, not just markup text
    assert "Lò Văn An" in html  # UTF-8 Vietnamese read correctly from file://

    shot = tmp_path / "compare.png"
    result = _run(binary, tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", "--hide-scrollbars", url)
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.exists()
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 30_000  # a blank 1280×2000 page compresses to a few kB; charts and tables do not
