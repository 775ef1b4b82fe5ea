"""The `planner` command: thin typer wrappers; exit codes live here and in planner/commands only.

Exit codes (DESIGN §8): 0 done, 1 bad input, 2 no feasible plan, 3 stopped before any plan was found.
Each command lives in its own module under planner/commands and is registered below.
"""

from __future__ import annotations

import sys

import typer

from planner import __version__

EXIT_BAD_INPUT = 1

app = typer.Typer(
    name="planner",
    help="Lập kế hoạch luân chuyển và biệt phái cán bộ / Cadre rotation and secondment planner.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# --- commands (one module each under planner/commands; keep sorted by name) ---------------------------------
from planner.commands.compare import compare_command  # noqa: E402
from planner.commands.explain import explain  # noqa: E402
from planner.commands.generate import generate  # noqa: E402
from planner.commands.solve import solve  # noqa: E402
from planner.commands.template import template  # noqa: E402
from planner.commands.validate import validate  # noqa: E402

app.command("compare")(compare_command)
app.command("explain")(explain)
app.command("generate")(generate)
app.command("solve")(solve)
app.command("template")(template)
app.command("validate")(validate)


def _version(show: bool) -> None:
    if show:
        typer.echo(f"planner {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Phiên bản / version."),
) -> None:
    """Lập kế hoạch luân chuyển và biệt phái cán bộ / Cadre rotation and secondment planner."""


def main(argv: list[str] | None = None) -> int:
    """The console script. A wrong option or argument is bad input (exit 1), not the usage code 2 of click,
    which DESIGN §8 gives to "no feasible plan"."""
    try:
        code = app(args=argv, standalone_mode=False)
    except typer.Abort:
        typer.echo("Đã dừng / aborted.", err=True)
        return 3
    except Exception as exc:
        # click's usage errors (typer vendors click in recent releases, so they are recognised by shape).
        if callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()  # type: ignore[attr-defined]
            return 0 if type(exc).__name__ == "NoArgsIsHelpError" else EXIT_BAD_INPUT
        raise
    return code if isinstance(code, int) else 0


def main_script() -> None:
    sys.exit(main())


if __name__ == "__main__":
    sys.exit(main())
