"""Text from the input printed on the terminal is shown as written, never read as console markup.

The commands print with rich, which reads `[bold]…[/]` in strings as styling. A scenario, unit, cadre or post
named `[/x]` (a closing tag with no opening one) made rich raise MarkupError, a crash with a traceback; `[bold]`
or `[link=…]` would silently restyle or hide part of the text. Each command is run on such names, both as on a
terminal (tables, colours) and into a pipe (plain lines), and must succeed and show the names literally.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from planner.cli import app
from tests.test_cli_solve import CADRES, POSTS, write_scenario

MARKUP = "[/x] [bold]B[/bold] [link=http://evil.example]L"
runner = CliRunner()


def markup_scenario(folder: Path, *, bad: bool = False, name: str = "Kịch bản [/oops]") -> Path:
    cadres = CADRES.replace("Nguyễn Văn An", f"An {MARKUP}").replace("Lò Thị Bình", f"Bình {MARKUP}")
    if bad:
        cadres = cadres.replace("1985-01", f"19{MARKUP}")
    scenario = write_scenario(folder, cadres=cadres, posts=POSTS.replace("Bí thư Đảng ủy xã", f"Bí thư {MARKUP}"))
    units = (folder / "units.csv").read_text("utf-8").replace("Xã X1", f"Xã {MARKUP}")
    (folder / "units.csv").write_text(units, "utf-8")
    text = scenario.read_text("utf-8").replace("name: Thử nghiệm", f"name: '{name}'")
    scenario.write_text(text, "utf-8")
    return scenario


def terminal() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=True, width=240, color_system=None), buffer


@pytest.mark.parametrize("bad", [False, True])
def test_validate_shows_markup_literally(tmp_path: Path, bad: bool) -> None:
    from planner.commands.validate import run_validate

    scenario = markup_scenario(tmp_path / "in", bad=bad)
    out, out_text = terminal()
    err, err_text = terminal()
    assert run_validate(scenario, "vi", out, err) == (1 if bad else 0)
    shown = out_text.getvalue() + err_text.getvalue()
    assert ("[/x]" in shown) if bad else ("Kịch bản [/oops]" in shown)
    piped = runner.invoke(app, ["validate", str(scenario)])
    assert piped.exit_code == (1 if bad else 0), piped.output
    assert piped.exception is None or isinstance(piped.exception, SystemExit)
    assert "Traceback" not in piped.stdout + piped.stderr


def test_solve_shows_markup_literally(tmp_path: Path) -> None:
    from planner.commands.solve import run_solve

    scenario = markup_scenario(tmp_path / "in")
    out, out_text = terminal()
    err, err_text = terminal()
    assert run_solve(scenario, tmp_path / "out", workers=1, out=out, err=err) == 0
    assert "Kịch bản [/oops]" in out_text.getvalue()


def test_compare_shows_markup_literally(tmp_path: Path) -> None:
    from planner.commands.compare import run_compare

    base = markup_scenario(tmp_path / "a")
    other = markup_scenario(tmp_path / "b", name="Khác [/y] [red]đỏ")
    (tmp_path / "b" / "seats.csv").write_text("seat_id,unit_id,capacity,open_from,open_to,months,field\n", "utf-8")
    out, out_text = terminal()
    err, err_text = terminal()
    code = run_compare([base, other], tmp_path / "cmp", {"workers": 1, "time_limit_s": 10}, "vi", out, err)
    assert code == 0, err_text.getvalue()
    shown = out_text.getvalue() + err_text.getvalue()
    assert "Khác [/y] [red]đỏ" in shown and "[/x]" in shown


def test_compare_bad_input_shows_markup_literally(tmp_path: Path) -> None:
    from planner.commands.compare import run_compare

    good = markup_scenario(tmp_path / "a")
    bad = markup_scenario(tmp_path / "b", bad=True)
    out, _ = terminal()
    err, err_text = terminal()
    assert run_compare([good, bad], tmp_path / "cmp", {}, "vi", out, err) == 1
    assert "[/x]" in err_text.getvalue() and not (tmp_path / "cmp").exists()


@pytest.mark.parametrize("what", [("--post", "PX2"), ("--cadre", "A")])
def test_explain_shows_markup_literally(tmp_path: Path, what: tuple[str, str]) -> None:
    scenario = markup_scenario(tmp_path / "in")
    result = runner.invoke(app, ["explain", str(scenario), *what, "--workers", "1", "--time-limit", "10"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.stdout + result.stderr
    assert "[/x]" in result.stdout
