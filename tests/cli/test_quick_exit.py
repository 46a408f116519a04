"""`newsdesk.cli.run`: after validate, list and people the process ends without the interpreter's
teardown, once the exit handlers have run and the output is flushed; nothing else changes."""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import newsdesk.cli as cli

GOOD = "---\ntitle: Good\ndate: 2022-02-24\nstatus: draft\n---\nBody.\n"
BROKEN = "---\ntitle: [unclosed\n---\n"


class Exited(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What `run` did at its end, in order: the exit handlers run, the quick exit taken."""
    done: list[str] = []

    def handlers() -> None:
        done.append("handlers")

    def exit_now(code: int) -> None:
        done.append(f"_exit {code}")
        raise Exited(code)

    monkeypatch.setattr(atexit, "_run_exitfuncs", handlers)
    monkeypatch.setattr(os, "_exit", exit_now)
    return done


def _run(monkeypatch: pytest.MonkeyPatch, *argv: str) -> int:
    monkeypatch.setattr(sys, "argv", ["newsdesk", *argv])
    try:
        cli.run()
    except Exited as exc:
        return exc.code
    except SystemExit as exc:
        return -1 if exc.code is None else -100 - int(exc.code)  # the usual exit, told apart
    raise AssertionError("run() returned")


def test_validate_ends_quickly_with_its_code_after_the_exit_handlers(tmp_path, monkeypatch, quick, capsys):
    (tmp_path / "a.md").write_text(GOOD)
    assert _run(monkeypatch, "validate", str(tmp_path)) == 0
    (tmp_path / "b.md").write_text(BROKEN)
    assert _run(monkeypatch, "validate", str(tmp_path)) == 1
    assert _run(monkeypatch, "validate", "--no-such-option") == 2  # a usage error: its code
    assert quick == ["handlers", "_exit 0", "handlers", "_exit 1", "handlers", "_exit 2"]
    assert "yaml-syntax" in capsys.readouterr().out


def test_other_commands_and_threaded_runs_exit_the_usual_way(tmp_path, monkeypatch, quick, capsys):
    (tmp_path / "a.md").write_text(GOOD)
    assert _run(monkeypatch, "show", str(tmp_path / "a.md")) == -100
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert _run(monkeypatch, "list", str(tmp_path)) == -100
    finally:
        stop.set()
        thread.join()
    assert quick == []
    capsys.readouterr()


def test_a_real_process_runs_its_exit_handlers_and_prints_everything(tmp_path: Path) -> None:
    for i in range(300):
        (tmp_path / f"a{i:03}.md").write_text(BROKEN if i % 2 else GOOD)
    marker = tmp_path / "handler-ran"
    script = (
        "import atexit, sys\n"
        f"atexit.register(lambda: open({str(marker)!r}, 'w').close())\n"
        "sys.argv = ['newsdesk', 'validate', '--format', 'json', sys.argv[1]]\n"
        "from newsdesk.cli import run\n"
        "run()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 1, proc.stderr
    assert marker.exists()
    assert proc.stdout.count('"code": "yaml-syntax"') == 150
    assert proc.stdout.rstrip().endswith("}")


def test_a_pipe_closed_early_still_ends_quietly(tmp_path: Path) -> None:
    for i in range(300):
        (tmp_path / f"a{i:03}.md").write_text(BROKEN)
    proc = subprocess.run(
        f"{sys.executable} -m newsdesk validate {tmp_path} | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.stdout.count("\n") == 1
    assert "Traceback" not in proc.stderr and "Exception" not in proc.stderr
