"""The `planner` command: thin typer wrappers; exit codes live here and in planner/commands only.

Exit codes (DESIGN §8): 0 done, 1 bad input, 2 no feasible plan, 3 stopped before any plan was found.
Each command lives in its own module under planner/commands and is registered below.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="planner",
    help="Lập kế hoạch luân chuyển và biệt phái cán bộ / Cadre rotation and secondment planner.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# --- command registrations (one line each; keep sorted by name) -------------------------------------------
app.command("compare")(__import__("planner.commands.compare", fromlist=["compare_command"]).compare_command)
app.command("explain")(__import__("planner.commands.explain", fromlist=["explain"]).explain)
app.command("generate")(__import__("planner.commands.generate", fromlist=["generate"]).generate)
app.command("solve")(__import__("planner.commands.solve", fromlist=["solve"]).solve)
app.command("template")(__import__("planner.commands.template", fromlist=["template"]).template)
app.command("validate")(__import__("planner.commands.validate", fromlist=["validate"]).validate)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
