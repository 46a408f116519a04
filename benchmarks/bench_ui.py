"""Headless timings of the newsdesk app on a large synthetic folder (default 10,000 articles).

Measures, with Textual's headless driver at 120x36:

* start: time from creating the app until the first rows are on screen, and until every article
  is listed (the list fills in batches from a thread worker while a progress line shows), cold
  (no index cache) and on reopening (the index remembered by the first run);
* cursor: time from a key press (``j``) until the first frame that shows the next article has
  been composed and turned into terminal output (the headless driver skips the write, so the
  benchmark renders each frame's segments itself to count that cost). This includes the
  ``settle`` delay after a move from rest; it is reported separately too;
* filter: time from a filter keystroke until the list is narrowed (list text; body words follow
  from a background grep, timed separately);
* live folder (``--idle SECONDS``, the real app in a pty on a copy of the folder): the app's CPU
  use while nothing happens (file-system notifications; then watchfiles' polling fallback, as
  with ``WATCHFILES_FORCE_POLLING=1``), and the time from writing a new article until the list
  counts it. For comparison, one walk-and-stat of the folder: what the old 2 s refresh cost.

Goals (issue 5, 2-core machine): list on screen within 1.0 s; next article within 50 ms;
each filter keystroke narrows the list within 100 ms.

    python benchmarks/bench_ui.py [FOLDER] [--count 10000] [--idle 20]
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import select
import shutil
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


async def wait_for(predicate, timeout: float = 60.0, step: float = 0.002) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("condition not met")
        await asyncio.sleep(step)
    return time.perf_counter() - start


async def reopen(folder: Path, config: Path, cache: Path) -> dict[str, float]:
    """Open the folder again: the index remembered by the first run stands for unchanged files."""
    from newsdesk.ui.app import NewsdeskApp

    t0 = time.perf_counter()
    app = NewsdeskApp(folder, config_dir=config, cache_dir=cache, poll_interval=0)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        assert screen is not None
        await wait_for(lambda: len(screen.article_list.rows) > 0)
        first = time.perf_counter() - t0
        await wait_for(lambda: not screen.scanning, timeout=600)
        every = time.perf_counter() - t0
        await pilot.pause()
    return {"reopen: first rows on screen (s)": first, "reopen: all articles listed (s)": every}


async def run(folder: Path, config: Path, cache: Path) -> dict[str, float]:
    from newsdesk.ui.app import NewsdeskApp

    results: dict[str, float] = {}
    t0 = time.perf_counter()
    app = NewsdeskApp(folder, config_dir=config, cache_dir=cache, poll_interval=0)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        assert screen is not None
        lst = screen.article_list
        await wait_for(lambda: len(lst.rows) > 0)
        results["start: first rows on screen (s)"] = time.perf_counter() - t0
        await wait_for(lambda: not screen.scanning, timeout=600)
        results["start: all articles listed (s)"] = time.perf_counter() - t0
        results["articles"] = len(screen.model.entries)
        view = screen.article_view
        await wait_for(lambda: view.shown is not None and view.shown.path == lst.current.path)  # type: ignore[union-attr]

        # Cursor -> article, one key at a time (each after the cursor has rested): time until a
        # frame showing the new article has been composed and rendered to terminal output.
        frames: list[tuple[float, Path | None]] = []
        display = app._display

        def stamped_display(screen, renderable):  # type: ignore[no-untyped-def]
            display(screen, renderable)
            if renderable is not None and not app._batch_count:
                if hasattr(renderable, "render_segments"):
                    renderable.render_segments(app.console)  # what a real driver would write
                shown = view.shown
                frames.append((time.perf_counter(), None if shown is None else shown.path))

        app._display = stamped_display  # type: ignore[method-assign]
        latencies = []
        for _ in range(30):
            await asyncio.sleep(0.25)
            frames.clear()
            start = time.perf_counter()
            await pilot.press("j")
            target = lst.current.path  # type: ignore[union-attr]
            await wait_for(lambda t=target: any(p == t for _, p in frames))
            latencies.append(next(s for s, p in frames if p == target) - start)
        app._display = display  # type: ignore[method-assign]
        results["settle delay included (ms)"] = app.settle * 1000
        results["cursor -> article median (ms)"] = statistics.median(latencies) * 1000
        results["cursor -> article max (ms)"] = max(latencies) * 1000

        # Filter keystrokes: list text first (synchronous), body words from the grep worker.
        # Time from the key until the narrowed rows are handed to the list widget.
        stamps: list[float] = []
        set_rows = lst.set_rows

        def stamped_set_rows(*args, **kwargs):  # type: ignore[no-untyped-def]
            set_rows(*args, **kwargs)
            stamps.append(time.perf_counter())

        lst.set_rows = stamped_set_rows  # type: ignore[method-assign]
        await pilot.press("slash")
        filter_times = []
        for ch in "announce":
            stamps.clear()
            start = time.perf_counter()
            await pilot.press(ch)
            await wait_for(lambda: bool(stamps))
            filter_times.append(stamps[0] - start)
        results["filter keystroke median (ms)"] = statistics.median(filter_times) * 1000
        results["filter keystroke max (ms)"] = max(filter_times) * 1000
        start = time.perf_counter()
        words = screen.model.words
        await wait_for(
            lambda: screen.model.body_matches is not None and screen.model.body_matches[0] == words,
            timeout=120,
        )
        results["body-word grep done (s)"] = time.perf_counter() - start
        results["rows after filter"] = len(lst.rows)
    return results


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, all its threads included."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _drain(fd: int, seconds: float, until: bytes | None = None) -> bytes:
    out = bytearray()
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], min(left, 0.05))
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            out += chunk
            if until is not None and until in out:
                break
    return bytes(out)


def live_folder(source: Path, tmp: Path, idle: float, polling: bool) -> dict[str, float]:
    """The real app in a pty on a copy of ``source``: CPU while idle, and a new file's latency."""
    from newsdesk.core.index import iter_article_paths

    folder = tmp / ("live-poll" if polling else "live")
    shutil.copytree(source, folder)
    total = sum(1 for _ in iter_article_paths(folder))
    env = dict(
        os.environ, TERM="xterm-256color", XDG_CONFIG_HOME=str(tmp / "cfg"), XDG_CACHE_HOME=str(tmp / "cache")
    )
    env.pop("NO_COLOR", None)
    if polling:
        env["WATCHFILES_FORCE_POLLING"] = "1"
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
        os.execvpe(sys.executable, [sys.executable, "-m", "newsdesk", str(folder)], env)
    try:
        loaded = f" of {total:,}".encode()
        _drain(fd, 180, until=loaded)
        _drain(fd, 5)  # settle: the cache written, the article read ahead
        before, started = _cpu_seconds(pid), time.monotonic()
        _drain(fd, idle)
        cpu = (_cpu_seconds(pid) - before) / (time.monotonic() - started) * 100
        latencies = []
        for n in range(1, 6):
            path = folder / f"zz-live-{n}.md"
            wrote = time.monotonic()
            path.write_text(f"---\ntitle: Live {n}\ndate: 2030-01-0{n}\nstatus: draft\n---\nBody.\n")
            _drain(fd, 10, until=f" of {total + n:,}".encode())
            latencies.append(time.monotonic() - wrote)
            _drain(fd, 1)
        os.write(fd, b"q")
        _drain(fd, 2)
    finally:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    mode = "polling" if polling else "notify"
    return {
        f"idle CPU % ({mode})": cpu,
        f"new file listed, median s ({mode})": statistics.median(latencies),
        f"new file listed, max s ({mode})": max(latencies),
    }


def walk_cost(folder: Path) -> dict[str, float]:
    """One walk-and-stat of the folder: what the old refresh did every 2 s, idle or not."""
    from newsdesk.core.index import FolderIndex

    index = FolderIndex(folder)
    index.scan()
    started = time.process_time()
    for _ in range(3):
        index.changed_paths()
    each = (time.process_time() - started) / 3
    return {"old 2 s walk: CPU s per walk": each, "old 2 s walk: idle CPU %": each / 2 * 100}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--idle", type=float, default=20.0, help="seconds of idle CPU to measure (0: skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        if folder is None:
            folder = Path(tmp) / "articles"
            print(f"generating {args.count:,} articles…", file=sys.stderr)
            subprocess.run(
                [sys.executable, str(HERE / "generate.py"), str(folder), "--count", str(args.count)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        config = Path(tmp) / "config"
        cache = Path(tmp) / "cache"  # empty: the first run is a cold start
        results = asyncio.run(run(folder, config, cache))
        results.update(asyncio.run(reopen(folder, config, cache)))
        if args.idle > 0:
            results.update(walk_cost(folder))
            results.update(live_folder(folder, Path(tmp), args.idle, polling=False))
            results.update(live_folder(folder, Path(tmp), args.idle, polling=True))
    print(f"newsdesk headless timings ({os.cpu_count()} CPUs):")
    for key, value in results.items():
        print(f"  {key:<34} {value:>10,.3f}" if value % 1 else f"  {key:<34} {value:>10,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
