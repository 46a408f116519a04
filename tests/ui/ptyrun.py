"""Run the real ``newsdesk`` app in a pseudo-terminal, as a user's terminal would, and collect
what it writes (tests that must see the bytes: colours, escape codes)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

SGR = re.compile(r"\x1b\[([0-9;:]*)m")


class PtyApp:
    """``python -m newsdesk ARGS`` in a pty of ``cols`` x ``rows`` (``python ARGS`` when
    ``module`` is false)."""

    def __init__(
        self, args: list[str], cols: int, rows: int, env: dict[str, str], *, module: bool = True
    ) -> None:
        argv = [sys.executable, *(["-m", "newsdesk"] if module else []), *args]
        pid, fd = pty.fork()
        if pid == 0:  # child
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execvpe(sys.executable, argv, env)
        self.pid, self.fd = pid, fd
        self.output = bytearray()
        self.status: int | None = None

    def read(self, quiet: float = 0.8, limit: float = 20.0) -> bytes:
        """Everything written until the app has been silent for ``quiet`` seconds."""
        got = bytearray()
        start = last = time.monotonic()
        while True:
            now = time.monotonic()
            if now - last >= quiet or now - start >= limit:
                break
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                got += chunk
                last = time.monotonic()
        self.output += got
        return bytes(got)

    def send(self, keys: str, quiet: float = 0.5) -> bytes:
        os.write(self.fd, keys.encode())
        return self.read(quiet)

    def wait(self, timeout: float = 10.0) -> int:
        """The exit status (killing the app if it has not exited in ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.read(0.1, 0.5)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                break
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.status = -9
        os.close(self.fd)
        return self.status

    def close(self) -> None:
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.wait(5)


def app_env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLORTERM", "FORCE_COLOR")}
    env.update(
        TERM="xterm-256color",
        XDG_CONFIG_HOME=str(tmp / "config"),
        XDG_CACHE_HOME=str(tmp / "cache"),
        NEWSDESK_RAW_OUTPUT="1",  # Textual's own output: what colours it asks for, unrewritten
    )
    env.update(extra)
    return env


def colour_codes(data: bytes) -> list[str]:
    """Every SGR parameter that sets a colour (foreground or background, any colour system)."""
    found: list[str] = []
    for match in SGR.finditer(data.decode("utf-8", "replace")):
        params = match.group(1).replace(":", ";").split(";")
        i = 0
        while i < len(params):
            p = params[i]
            if p in ("38", "48", "58"):
                found.append(";".join(params[i : i + 5]))
                i += 5 if i + 1 < len(params) and params[i + 1] == "2" else 3
                continue
            if p.isdigit() and (30 <= int(p) <= 37 or 40 <= int(p) <= 47 or 90 <= int(p) <= 107):
                found.append(p)
            i += 1
    return found
