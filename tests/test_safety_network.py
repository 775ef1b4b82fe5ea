"""Nothing is ever sent over the network (issue 7 §5).

Two dynamic checks and one static one:
* `planner validate` and `planner solve` run in a child process inside a fresh network namespace (`unshare -rn`:
  no interface but a downed loopback) and succeed;
* the same commands run in-process with every socket creation and DNS lookup made to fail, and succeed (this one
  runs everywhere, also where user namespaces are not allowed);
* no module of planner/ or models/ imports a networking library.
"""

from __future__ import annotations

import ast
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.report import OUTPUT_FILES
from tests.test_cli_solve import write_scenario

ROOT = Path(__file__).resolve().parent.parent
NETWORK_MODULES = {"socket", "ssl", "http", "urllib", "urllib3", "requests", "httpx", "aiohttp", "ftplib", "smtplib",
                   "poplib", "imaplib", "telnetlib", "xmlrpc", "webbrowser", "socketserver", "asyncio", "websocket",
                   "websockets", "grpc", "paramiko", "boto3", "google"}


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    try:
        return subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.mark.skipif(not _unshare_works(), reason="user+network namespaces not available (unshare -rn)")
def test_cli_runs_in_a_namespace_without_network(tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path / "in")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    probe = subprocess.run(["unshare", "-rn", sys.executable, "-c",
                            "import socket; socket.create_connection(('1.1.1.1', 53), timeout=2)"],
                           capture_output=True, text=True, timeout=60, env=env)
    assert probe.returncode != 0 and "unreachable" in probe.stderr.lower()  # the namespace really has no network
    base = ["unshare", "-rn", sys.executable, "-m", "planner.cli"]
    validate = subprocess.run([*base, "validate", str(scenario)], capture_output=True, text=True, timeout=120,
                              env=env)
    assert validate.returncode == 0, validate.stderr
    out = tmp_path / "out"
    solve = subprocess.run([*base, "solve", str(scenario), "--out", str(out), "--workers", "1", "--time-limit", "20"],
                           capture_output=True, text=True, timeout=180, env=env)
    assert solve.returncode == 0, solve.stdout + solve.stderr
    assert sorted(os.listdir(out)) == sorted(OUTPUT_FILES)


class NetworkUsed(AssertionError):
    pass


def test_cli_runs_with_sockets_forbidden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def fail(*args, **kwargs):  # type: ignore[no-untyped-def]
            attempts.append(f"{name}{args[:2]}")
            raise NetworkUsed(f"network use: {name}")
        return fail

    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname", "socketpair", "fromfd"):
        monkeypatch.setattr(socket, name, refuse(f"socket.{name}"))
    scenario = write_scenario(tmp_path / "in")
    runner = CliRunner()
    assert runner.invoke(app, ["validate", str(scenario)]).exit_code == 0
    result = runner.invoke(app, ["solve", str(scenario), "--out", str(tmp_path / "out"), "--workers", "2",
                                 "--time-limit", "20"])
    assert result.exit_code == 0, result.output
    assert attempts == []


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif (isinstance(node, ast.Call) and ast.unparse(node.func) in ("__import__", "importlib.import_module")
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            names.add(node.args[0].value.split(".")[0])
    return names


def test_no_module_imports_a_networking_library() -> None:
    files = sorted([*(ROOT / "planner").rglob("*.py"), *(ROOT / "models").rglob("*.py")])
    assert len(files) > 20
    found = {str(p.relative_to(ROOT)): sorted(_imports(p) & NETWORK_MODULES) for p in files}
    assert {k: v for k, v in found.items() if v} == {}
