"""Safety of what the tool reads (issue 7 §3): YAML only through the safe loader, and no input can make the tool
read a file outside what the scenario names.

The containment rule (planner.scenario): every path a scenario writes (`extends`, `data.*`) is relative to the YAML
file that writes it and, once resolved (symlinks followed, `..` collapsed), must lie inside the workspace: the parent
of the folder of the scenario given on the command line. A path that leaves it is an error before anything is read.
The tests below check it both by outcome (exit 1, the error named) and by observation: a Python audit hook records
every file the process opens while loading, and nothing outside the workspace may appear.
"""

from __future__ import annotations

import ast
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.errors import InputError
from planner.scenario import load_problem

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(__file__).parent / "data" / "bad" / "_shared"


# --- observing every open() ----------------------------------------------------------------------------------

_OPENED: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if _OPENED is not None and event == "open" and args and isinstance(args[0], str | bytes | os.PathLike):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)  # audit hooks cannot be removed; it records only while a test asks it to


def opened_while(action) -> list[Path]:  # type: ignore[no-untyped-def]
    """Every file (not Python code) opened while `action()` runs, resolved."""
    global _OPENED
    _OPENED = []
    try:
        action()
    except InputError:
        pass
    finally:
        names, _OPENED = _OPENED, None
    code_roots = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    out = []
    for name in names:
        path = Path(name).resolve()
        if path.suffix in (".py", ".pyc", ".so", ".pth") or any(path.is_relative_to(r) for r in code_roots):
            continue  # lazily imported modules and their data (openpyxl, ortools)
        out.append(path)
    return out


def workspace_with_case(tmp_path: Path) -> tuple[Path, Path]:
    """tmp/ws/{_shared/, case/}: the workspace of case/scenario.yaml is tmp/ws; tmp/secret.csv lies outside."""
    ws = tmp_path / "ws"
    shutil.copytree(SHARED, ws / "_shared")
    (ws / "case").mkdir()
    (tmp_path / "secret.csv").write_text("unit_id,name,level\nS,Bí mật,province\n", "utf-8")
    return ws, ws / "case"


def errors_of(scenario: Path) -> list:  # type: ignore[type-arg]
    with pytest.raises(InputError) as info:
        load_problem(scenario)
    return info.value.errors


def test_a_valid_scenario_opens_only_the_files_it_names(tmp_path: Path) -> None:
    ws, case = workspace_with_case(tmp_path)
    (case / "scenario.yaml").write_text("extends: ../_shared/base.yaml\n", "utf-8")
    opened = set(opened_while(lambda: load_problem(case / "scenario.yaml")))
    named = {(ws / "_shared" / f).resolve() for f in ("base.yaml", "units.csv", "cadres.csv", "posts.csv",
                                                     "seats.csv", "locks.csv", "ongoing.csv")}
    assert opened == named | {(case / "scenario.yaml").resolve()}


ESCAPES = {
    "up and out": "../../secret.csv",
    "far up": "../../../../../../../../etc/passwd",
    "absolute": "/etc/passwd",
    "absolute csv": "{secret}",
    "home": "~/.bashrc",
    "proc": "/proc/self/environ",
    "sheet suffix does not hide it": "../../secret.csv#units",
    "dot segments": "../_shared/../../secret.csv",
}


@pytest.mark.parametrize("path", list(ESCAPES.values()), ids=list(ESCAPES))
def test_data_paths_leaving_the_workspace_are_refused_and_never_opened(tmp_path: Path, path: str) -> None:
    ws, case = workspace_with_case(tmp_path)
    path = path.format(secret=tmp_path / "secret.csv")
    (case / "scenario.yaml").write_text(f"extends: ../_shared/base.yaml\ndata: {{units: '{path}'}}\n", "utf-8")
    errors = errors_of(case / "scenario.yaml")
    assert any("ra ngoài thư mục kịch bản" in e.reason and e.column == "data.units" for e in errors), errors
    opened = opened_while(lambda: load_problem(case / "scenario.yaml"))
    assert all(p.is_relative_to(ws.resolve()) for p in opened), opened
    result = runner.invoke(app, ["validate", str(case / "scenario.yaml")])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "Bí mật" not in result.stdout + result.stderr


@pytest.mark.parametrize("target", ["../../secret.yaml", "/etc/hostname", "{secret}"])
def test_extends_leaving_the_workspace_is_refused(tmp_path: Path, target: str) -> None:
    ws, case = workspace_with_case(tmp_path)
    (tmp_path / "secret.yaml").write_text("name: bí mật\n", "utf-8")
    target = target.format(secret=tmp_path / "secret.yaml")
    (case / "scenario.yaml").write_text(f"extends: '{target}'\n", "utf-8")
    errors = errors_of(case / "scenario.yaml")
    assert any("ra ngoài" in e.reason and e.column == "extends" for e in errors), errors
    assert all(p.is_relative_to(ws.resolve()) for p in opened_while(lambda: load_problem(case / "scenario.yaml")))


def test_symlinked_file_pointing_outside_is_refused(tmp_path: Path) -> None:
    ws, case = workspace_with_case(tmp_path)
    (case / "units.csv").symlink_to(tmp_path / "secret.csv")
    (case / "scenario.yaml").write_text("extends: ../_shared/base.yaml\ndata: {units: units.csv}\n", "utf-8")
    errors = errors_of(case / "scenario.yaml")
    assert any("ra ngoài" in e.reason for e in errors), errors
    assert (tmp_path / "secret.csv").resolve() not in opened_while(lambda: load_problem(case / "scenario.yaml"))


def test_symlinked_folder_pointing_outside_is_refused(tmp_path: Path) -> None:
    ws, case = workspace_with_case(tmp_path)
    (case / "data").symlink_to(tmp_path, target_is_directory=True)
    (case / "scenario.yaml").write_text("extends: ../_shared/base.yaml\ndata: {units: data/secret.csv}\n", "utf-8")
    assert any("ra ngoài" in e.reason for e in errors_of(case / "scenario.yaml"))


def test_symlinked_extends_pointing_outside_is_refused(tmp_path: Path) -> None:
    ws, case = workspace_with_case(tmp_path)
    (tmp_path / "outside.yaml").write_text("extends: ws/_shared/base.yaml\n", "utf-8")
    (case / "base.yaml").symlink_to(tmp_path / "outside.yaml")
    (case / "scenario.yaml").write_text("extends: base.yaml\n", "utf-8")
    assert any("ra ngoài" in e.reason and e.column == "extends" for e in errors_of(case / "scenario.yaml"))


def test_symlink_inside_the_workspace_is_fine(tmp_path: Path) -> None:
    # Containment is about where a file really is, not about links as such.
    ws, case = workspace_with_case(tmp_path)
    (case / "units.csv").symlink_to(ws / "_shared" / "units.csv")
    (case / "scenario.yaml").write_text("extends: ../_shared/base.yaml\ndata: {units: units.csv}\n", "utf-8")
    assert len(load_problem(case / "scenario.yaml").problem.units) == 7


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_or_a_folder_named_like_a_table_is_refused_without_blocking(tmp_path: Path) -> None:
    # A named pipe would block a reader forever; a device would stream forever. Neither is a file: refused.
    ws, case = workspace_with_case(tmp_path)
    os.mkfifo(case / "units.csv")
    (case / "cadres.csv").mkdir()
    (case / "scenario.yaml").write_text("extends: ../_shared/base.yaml\ndata: {units: units.csv, "
                                        "cadres: cadres.csv}\n", "utf-8")
    errors = errors_of(case / "scenario.yaml")
    assert {e.file for e in errors if "không tìm thấy tệp" in e.reason} >= {"case/units.csv", "case/cadres.csv"}


def test_only_csv_and_xlsx_are_read(tmp_path: Path) -> None:
    ws, case = workspace_with_case(tmp_path)
    (case / "units.pkl").write_bytes(b"\x80\x04K\x01.")  # a pickle: never a data format
    (case / "scenario.yaml").write_text("extends: ../_shared/base.yaml\ndata: {units: units.pkl}\n", "utf-8")
    assert any("chỉ đọc được tệp .csv hoặc .xlsx" in e.reason for e in errors_of(case / "scenario.yaml"))


# --- YAML: the safe loader only ------------------------------------------------------------------------------

TAGS = [
    "!!python/object/apply:os.mkdir ['{marker}']",
    "!!python/object/new:os.mkdir ['{marker}']",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/object:pathlib.Path {{}}",
    "!!python/tuple [1, 2]",
]


@pytest.mark.parametrize("tag", TAGS)
def test_python_tags_are_refused_and_never_run(tmp_path: Path, tag: str) -> None:
    ws, case = workspace_with_case(tmp_path)
    marker = tmp_path / "pwned"
    (case / "scenario.yaml").write_text("extends: ../_shared/base.yaml\n"
                                        f"description: {tag.format(marker=marker)}\n", "utf-8")
    result = runner.invoke(app, ["validate", str(case / "scenario.yaml")])
    assert result.exit_code == 1, result.output
    assert "thẻ YAML không được phép" in result.stderr and "Traceback" not in result.stderr
    assert not marker.exists()


def test_tags_in_a_base_scenario_are_refused_too(tmp_path: Path) -> None:
    ws, case = workspace_with_case(tmp_path)
    marker = tmp_path / "pwned"
    (case / "base.yaml").write_text(f"extends: ../_shared/base.yaml\nname: !!python/object/apply:os.mkdir "
                                    f"['{marker}']\n", "utf-8")
    (case / "scenario.yaml").write_text("extends: base.yaml\n", "utf-8")
    result = runner.invoke(app, ["solve", str(case / "scenario.yaml"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and not marker.exists() and not (tmp_path / "out").exists()


def _calls(path: Path) -> Iterator[tuple[str, ast.Call]]:
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield ast.unparse(node.func), node


def test_no_unsafe_yaml_loader_anywhere_in_the_code() -> None:
    # Static: every YAML read in planner/ and models/ goes through SafeLoader (yaml.safe_load, or an explicit
    # Loader=yaml.SafeLoader); yaml.load / full_load / unsafe_load and Loader/FullLoader/UnsafeLoader never appear.
    unsafe = {"yaml.load", "yaml.load_all", "yaml.full_load", "yaml.full_load_all", "yaml.unsafe_load",
              "yaml.unsafe_load_all"}
    files = sorted([*(ROOT / "planner").rglob("*.py"), *(ROOT / "models").rglob("*.py")])
    assert len(files) > 20
    found = []
    for path in files:
        text = path.read_text("utf-8")
        for name in ("yaml.Loader", "FullLoader", "UnsafeLoader", "yaml.CLoader", "yaml.UnsafeLoader"):
            if name in text:
                found.append(f"{path.relative_to(ROOT)}: {name}")
        for func, call in _calls(path):
            if func in unsafe:
                found.append(f"{path.relative_to(ROOT)}:{call.lineno}: {func}")
            for kw in call.keywords:
                if kw.arg == "Loader" and ast.unparse(kw.value) not in ("yaml.SafeLoader", "SafeLoader"):
                    found.append(f"{path.relative_to(ROOT)}:{call.lineno}: Loader={ast.unparse(kw.value)}")
    assert found == []


def test_no_code_execution_primitives_on_input() -> None:
    # Static: nothing in planner/ or models/ evaluates text (eval/exec/compile), unpickles or shells out with
    # shell=True. (planner/peers/highs_mip.py runs a benchmark worker with an argument list, never a shell.)
    found = []
    for path in sorted([*(ROOT / "planner").rglob("*.py"), *(ROOT / "models").rglob("*.py")]):
        for func, call in _calls(path):
            if func in ("eval", "exec", "compile", "pickle.load", "pickle.loads", "marshal.loads", "os.system",
                        "os.popen"):
                found.append(f"{path.relative_to(ROOT)}:{call.lineno}: {func}")
            if any(kw.arg == "shell" and ast.unparse(kw.value) != "False" for kw in call.keywords):
                found.append(f"{path.relative_to(ROOT)}:{call.lineno}: shell=")
    assert found == []


# --- paths the file system itself refuses ----------------------------------------------------------------------

@pytest.mark.parametrize("key", ["data: {units: '%s'}", "extends: '%s'"])
@pytest.mark.parametrize("path", ["u\\0.csv", "a" * 300 + ".csv", "loop", "~nosuchuser_xyz/units.csv"],
                         ids=["NUL byte", "name too long", "symlink loop", "unknown ~user"])
def test_paths_the_file_system_refuses_are_input_errors(tmp_path: Path, key: str, path: str) -> None:
    ws, case = workspace_with_case(tmp_path)
    (case / "loop").symlink_to(case / "loop2")
    (case / "loop2").symlink_to(case / "loop")
    line = key % path
    text = ("extends: ../_shared/base.yaml\n" + line.replace("'", '"') + "\n") if key.startswith("data") else \
        line.replace("'", '"') + "\n"
    (case / "scenario.yaml").write_text(text, "utf-8")
    result = runner.invoke(app, ["validate", str(case / "scenario.yaml")])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "case/" in result.stderr  # the scenario line that writes the path, or the path itself (not found)


def test_a_scenario_path_too_long_for_the_file_system(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / ("s" * 300 + ".yaml"))])
    assert result.exit_code == 1 and "không tìm thấy tệp kịch bản" in result.stderr


# --- a previous plan read back (explain --plan, solve --baseline) ---------------------------------------------------

@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage", b"kind,cadre_id\x00,x\n", b"", b"a,b\n1,2\n",
                                     b'kind,cadre_id,target_id,start,months\nrotation,A,PX1,"' + b"x" * 200_000 + b'",36\n',
                                     b"kind,cadre_id,target_id,start,months\nrotation,A,PX1,2027-99,abc\n"],
                         ids=["binary", "NUL", "empty", "wrong columns", "huge field", "bad values"])
@pytest.mark.parametrize("command", ["explain", "solve"])
def test_a_broken_previous_plan_is_an_input_error(tmp_path: Path, content: bytes, command: str) -> None:
    from tests.test_cli_solve import write_scenario

    scenario = write_scenario(tmp_path / "in")
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "assignments.csv").write_bytes(content)
    args = (["explain", str(scenario), "--post", "PX1", "--plan", str(plan)] if command == "explain" else
            ["solve", str(scenario), "--out", str(tmp_path / "out"), "--baseline", str(plan)])
    result = runner.invoke(app, [*args, "--workers", "1", "--time-limit", "5"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stdout + result.stderr and "assignments.csv" in result.stderr
    assert not (tmp_path / "out").exists()
