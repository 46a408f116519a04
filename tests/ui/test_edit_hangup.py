"""A dropped SSH link (SIGHUP) or SIGTERM: the app journals unsaved edits before it dies.

Runs the real app in a pseudo-terminal, types into the form, and hangs up well before the 2 s
journal timer would fire.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

ART = "---\ntitle: Council meets\ndate: 2024-03-02\nstatus: draft\n---\n\nBody.\n"


def _read_until_quiet(fd: int, quiet: float, limit: float) -> bytes:
    out = bytearray()
    start = last = time.monotonic()
    while time.monotonic() - last < quiet and time.monotonic() - start < limit:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
            last = time.monotonic()
    return bytes(out)


def _start_app(folder: Path, tmp_path: Path) -> tuple[int, int]:
    """The real app on ``folder`` in a pseudo-terminal of 80x24: (pid, terminal fd)."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", XDG_STATE_HOME=str(tmp_path / "state"))
        env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_CACHE_HOME=str(tmp_path / "cache"))
        os.execvpe(sys.executable, [sys.executable, "-m", "newsdesk", str(folder)], env)
    return pid, fd


def _wait_for_exit(pid: int, fd: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        done, _status = os.waitpid(pid, os.WNOHANG)
        if done:
            return
        _read_until_quiet(fd, 0.1, 0.2)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError("the app did not exit")


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_unsaved_edits_are_journalled_when_the_app_is_killed(tmp_path: Path, signum: int) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text(ART)
    state = tmp_path / "state"
    pid, fd = _start_app(folder, tmp_path)
    try:
        _read_until_quiet(fd, 1.5, 30)
        os.write(fd, b"e")
        _read_until_quiet(fd, 1.0, 20)
        os.write(fd, b"\x1bOF and more")  # end, then type
        _read_until_quiet(fd, 0.3, 5)
        os.kill(pid, signum)
        _wait_for_exit(pid, fd)
    finally:
        os.close(fd)
    entries = list((state / "newsdesk" / "recovery").glob("*.json"))
    assert len(entries) == 1
    data = json.loads(entries[0].read_text())
    assert data["changes"] == {"title": "Council meets and more"}
    assert (folder / "a.md").read_text() == ART  # nothing written to the article


def test_two_apps_on_one_article_both_keep_their_edits(tmp_path: Path) -> None:
    """Two app processes edit one article; the second is told; a hangup kills both: both edit
    sets are kept, and ``newsdesk recover`` lists both with their times."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text(ART)
    a_pid, a_fd = _start_app(folder, tmp_path)
    b_pid = b_fd = -1
    try:
        _read_until_quiet(a_fd, 1.5, 30)
        os.write(a_fd, b"e")
        _read_until_quiet(a_fd, 1.0, 20)
        os.write(a_fd, b"\x1bOF from A")
        _read_until_quiet(a_fd, 0.3, 5)
        b_pid, b_fd = _start_app(folder, tmp_path)
        _read_until_quiet(b_fd, 1.5, 30)
        os.write(b_fd, b"e")
        shown = _read_until_quiet(b_fd, 1.0, 20)
        assert b"Also open in another newsdesk" in shown  # B is told A has it open
        os.write(b_fd, b"\x1bOF from B")
        _read_until_quiet(b_fd, 0.3, 5)
        for pid in (a_pid, b_pid):
            os.kill(pid, signal.SIGHUP)
        _wait_for_exit(a_pid, a_fd)
        _wait_for_exit(b_pid, b_fd)
    finally:
        os.close(a_fd)
        if b_fd != -1:
            os.close(b_fd)
    recovery = tmp_path / "state" / "newsdesk" / "recovery"
    titles = sorted(json.loads(f.read_text())["changes"]["title"] for f in recovery.glob("*.json"))
    assert titles == ["Council meets from A", "Council meets from B"]
    assert not list(recovery.glob("*.open"))  # neither app is open any more
    assert (folder / "a.md").read_text() == ART
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state"))
    out = subprocess.run(
        [sys.executable, "-m", "newsdesk", "recover"], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.count(str((folder / "a.md").resolve())) == 2
    assert out.count("kept 2") == 2 and out.count("gone);") == 2 and "2 kept" in out
