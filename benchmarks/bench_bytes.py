"""Bytes newsdesk writes to the terminal per key, measured through a pty (as over SSH).

Runs ``python -m newsdesk FOLDER`` in a pseudo-terminal (TERM=xterm-256color, 120x36 by default),
waits until the screen settles, then sends keys and counts the bytes the app writes back.

Goals (issue 5, at 120x36): at most 6 KB for a move that shows a new article; 20 quick moves
(keys 30 ms apart, like a held key) under 10 KB in all. For scale: a plain DataTable + Markdown
prototype wrote about 15 KB per move and 100 KB for 20 quick moves; ``less`` writes 12 bytes per line.

    python benchmarks/bench_bytes.py [FOLDER] [--size 120x36] [--count 2000]

Without FOLDER a synthetic folder is generated in a temporary directory.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def spawn(folder: Path, cols: int, rows: int, env_extra: dict[str, str]) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:  # child
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows), **env_extra)
        env.pop("COLORTERM", None)
        env.pop("NO_COLOR", None)
        os.execvpe(sys.executable, [sys.executable, "-m", "newsdesk", str(folder)], env)
    return pid, fd


LAST_OUTPUT = [0.0]


def read_until_quiet(fd: int, quiet: float, limit: float) -> bytes:
    """Read everything the app writes until it has been silent for ``quiet`` seconds."""
    out = bytearray()
    start = last = time.monotonic()
    while True:
        now = time.monotonic()
        if now - last >= quiet or now - start >= limit:
            LAST_OUTPUT[0] = last
            return bytes(out)
        ready, _, _ = select.select([fd], [], [], min(quiet - (now - last), 0.05))
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return bytes(out)
            if not chunk:
                return bytes(out)
            out += chunk
            last = time.monotonic()


def send(fd: int, keys: str) -> None:
    os.write(fd, keys.encode())


def measure(folder: Path, cols: int, rows: int, settle: float, theme: str | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as config:
        if theme:
            (Path(config) / "newsdesk").mkdir()
            (Path(config) / "newsdesk" / "config.toml").write_text(f'theme = "{theme}"\n')
        pid, fd = spawn(folder, cols, rows, {"XDG_CONFIG_HOME": config})
        try:
            start_bytes = read_until_quiet(fd, settle, 120)
            # One move at a time, each after the screen has rested.
            singles = []
            latency = []
            for _ in range(12):
                sent = time.monotonic()
                send(fd, "j")
                singles.append(len(read_until_quiet(fd, 0.6, 10)))
                latency.append(LAST_OUTPUT[0] - sent)
            back = []
            for _ in range(4):
                send(fd, "k")
                back.append(len(read_until_quiet(fd, 0.6, 10)))
            # 20 quick moves, 30 ms apart (a held key repeats at ~30/s).
            burst = bytearray()
            for _ in range(20):
                send(fd, "j")
                ready_until = time.monotonic() + 0.03
                while (left := ready_until - time.monotonic()) > 0:
                    r, _, _ = select.select([fd], [], [], left)
                    if r:
                        burst += os.read(fd, 65536)
            burst += read_until_quiet(fd, 0.6, 10)
            # 20 moves sent at once (a paste / very fast repeat).
            send(fd, "j" * 20)
            burst_fast = read_until_quiet(fd, 0.6, 10)
            # Filter keystrokes.
            filter_bytes = []
            send(fd, "/")
            read_until_quiet(fd, 0.6, 10)
            for ch in "staff":
                send(fd, ch)
                filter_bytes.append(len(read_until_quiet(fd, 1.0, 10)))
            send(fd, "q" if False else "\x1b")
            read_until_quiet(fd, 0.6, 10)
            send(fd, "q")
            read_until_quiet(fd, 0.5, 5)
        finally:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
            os.close(fd)
    return {
        "startup_bytes": len(start_bytes),
        "move_new_article_median": statistics.median(singles),
        "move_new_article_max": max(singles),
        "move_up_median": statistics.median(back),
        "key_to_last_byte_median_ms": statistics.median(latency) * 1000,
        "key_to_last_byte_max_ms": max(latency) * 1000,
        "quick_moves_20_at_30ms": len(burst),
        "quick_moves_20_at_once": len(burst_fast),
        "filter_keystroke_median": statistics.median(filter_bytes),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--size", default="120x36")
    parser.add_argument("--count", type=int, default=2000, help="articles to generate without FOLDER")
    parser.add_argument("--theme", help="theme to run with (default: newsdesk's default)")
    args = parser.parse_args()
    cols, rows = (int(x) for x in args.size.lower().split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        if folder is None:
            folder = Path(tmp) / "articles"
            subprocess.run(
                [sys.executable, str(HERE / "generate.py"), str(folder), "--count", str(args.count)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        settle = 3.0
        results = measure(folder, cols, rows, settle, args.theme)
    print(f"bytes written to the terminal at {cols}x{rows} (TERM=xterm-256color):")
    for key, value in results.items():
        print(f"  {key:<28} {value:>8,.0f}")
    ok_move = results["move_new_article_max"] <= 6 * 1024
    ok_burst = results["quick_moves_20_at_30ms"] < 10 * 1024
    print(f"goal: move shows a new article <= 6 KB: {'met' if ok_move else 'NOT met'}")
    print(f"goal: 20 quick moves < 10 KB: {'met' if ok_burst else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
