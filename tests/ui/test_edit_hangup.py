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


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_unsaved_edits_are_journalled_when_the_app_is_killed(tmp_path: Path, signum: int) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text(ART)
    state = tmp_path / "state"
    pid, fd = pty.fork()
    if pid == 0:  # child
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", XDG_STATE_HOME=str(state))
        env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_CACHE_HOME=str(tmp_path / "cache"))
        os.execvpe(sys.executable, [sys.executable, "-m", "newsdesk", str(folder)], env)
    try:
        _read_until_quiet(fd, 1.5, 30)
        os.write(fd, b"e")
        _read_until_quiet(fd, 1.0, 20)
        os.write(fd, b"\x1bOF and more")  # end, then type
        _read_until_quiet(fd, 0.3, 5)
        os.kill(pid, signum)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            done, _status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            _read_until_quiet(fd, 0.1, 0.2)
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError("the app did not exit")
    finally:
        os.close(fd)
    entries = list((state / "newsdesk" / "recovery").glob("*.json"))
    assert len(entries) == 1
    data = json.loads(entries[0].read_text())
    assert data["changes"] == {"title": "Council meets and more"}
    assert (folder / "a.md").read_text() == ART  # nothing written to the article
