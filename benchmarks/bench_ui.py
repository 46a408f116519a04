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
    python benchmarks/bench_ui.py --issue13 [--count 10000] [--runs 5]

``--issue13``: issue 13's rows for the app, as whole ``newsdesk FOLDER`` processes (headless),
against the parsing limit of ``bench_validate.py`` measured in the same interleaved rounds: every
article listed on a first open (no index cache) and on reopening (the cache the first open
wrote), on 10,000 generated articles and on the stand-in for 4,041 real ones (``standin.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import resource
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


def start_pool(folder: Path, cache: Path, use_pool: bool) -> tuple[object, object]:
    """What ``newsdesk FOLDER`` does before the app starts: the schema, and the scan workers
    forked and already reading (with the index cache the app will use)."""
    from newsdesk.core.folder.index import cache_file_for, cache_tag
    from newsdesk.core.folder.scanpool import ScanPool
    from newsdesk.core.rules.schema import schema_for

    schema = schema_for(folder)
    pool = ScanPool.start(folder, schema) if use_pool else None
    if pool is not None:
        pool.scan(cache_file_for(folder, cache), cache_tag(schema))
    elif use_pool:
        print("warning: no scan workers (threads running?)", file=sys.stderr)
    return schema, pool


async def reopen(folder: Path, config: Path, cache: Path, use_pool: bool = True) -> dict[str, float]:
    """Open the folder again: the index remembered by the first run stands for unchanged files."""
    from newsdesk.ui.app import NewsdeskApp

    t0 = time.perf_counter()
    schema, pool = start_pool(folder, cache, use_pool)
    app = NewsdeskApp(
        folder, schema=schema, config_dir=config, cache_dir=cache, poll_interval=0, scan_pool=pool
    )
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        assert screen is not None
        await wait_for(lambda: len(screen.article_list.rows) > 0)
        first = time.perf_counter() - t0
        await wait_for(lambda: not screen.scanning, timeout=600)
        every = time.perf_counter() - t0
        await pilot.pause()
    if pool is not None:
        pool.close()  # type: ignore[attr-defined]
    return {"reopen: first rows on screen (s)": first, "reopen: all articles listed (s)": every}


async def run(folder: Path, config: Path, cache: Path, use_pool: bool = True) -> dict[str, float]:
    from newsdesk.ui.app import NewsdeskApp

    results: dict[str, float] = {}
    t0 = time.perf_counter()
    schema, pool = start_pool(folder, cache, use_pool)
    app = NewsdeskApp(
        folder, schema=schema, config_dir=config, cache_dir=cache, poll_interval=0, scan_pool=pool
    )
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
    if pool is not None:
        pool.close()  # type: ignore[attr-defined]
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
    from newsdesk.core.folder.index import iter_article_paths

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
    from newsdesk.core.folder.index import FolderIndex

    index = FolderIndex(folder)
    index.scan()
    started = time.process_time()
    for _ in range(3):
        index.changed_paths()
    each = (time.process_time() - started) / 3
    return {"old 2 s walk: CPU s per walk": each, "old 2 s walk: idle CPU %": each / 2 * 100}


# -- issue 13: the app's rows, against the parsing limit, as whole processes ---------------------

#: One whole ``newsdesk FOLDER`` process, headless: what the command does before the app (the
#: schema, the scan workers forked and already reading), then the app at 120x36 until every
#: article is listed. Prints the seconds since ``argv[1]`` (the parent's clock just before it
#: started this process) at the first rows on screen and when every article is listed.
APP_OPEN = """
import sys, time
t0 = float(sys.argv[1])
from pathlib import Path
folder = Path(sys.argv[2])
from newsdesk.cli.common import load_schema_or_fail
schema = load_schema_or_fail(folder)
try:
    from newsdesk.cli.app_cmd import start_up as _start_scan
except ImportError:
    try:
        from newsdesk.cli.app_cmd import _start_scan
    except ImportError:  # an older newsdesk (PYTHONPATH), read in a thread
        _start_scan = None
pool = _start_scan(folder, schema) if _start_scan else None
import asyncio
from newsdesk.ui.app import NewsdeskApp

async def main():
    made = time.time() - t0
    options = {"scan_pool": pool} if _start_scan else {}
    app = NewsdeskApp(folder, schema=schema, config_dir=Path(sys.argv[3]), **options)
    # The first frame: the first screen update turned into terminal output (the headless
    # driver skips the write; rendering the segments is what a real one pays).
    frame = []
    display = app._display

    def stamped(screen, renderable):
        display(screen, renderable)
        if renderable is not None and not frame:
            if hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)
            frame.append(time.time() - t0)

    app._display = stamped
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        while screen is None or not screen.article_list.rows:
            await asyncio.sleep(0.002)
            screen = app.main_screen
        first = time.time() - t0
        while screen.scanning:
            await asyncio.sleep(0.002)
        every = time.time() - t0
        print(first, every, len(screen.model.entries), made, frame[0] if frame else -1)
    if pool is not None:
        pool.close()

asyncio.run(main())
"""


def _app_once(folder: Path, cache: Path, config: Path, env: dict[str, str]) -> dict[str, float]:
    """One whole app process with ``cache`` as its cache, in seconds since the process was
    started: first rows, all listed, articles, app object made, first frame, and CPU seconds (the
    process and its scan workers, which it reaps)."""
    env = dict(env, XDG_CACHE_HOME=str(cache))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(
        [sys.executable, "-c", APP_OPEN, repr(time.time()), str(folder), str(config)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = proc.communicate()  # reaped: its CPU time (and its reaped workers') is counted
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"the app failed: {err[-2000:]}")
    fields = out.split()
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {
        "first rows": float(fields[0]),
        "all listed": float(fields[1]),
        "articles": int(fields[2]),
        "made": float(fields[3]),
        "first frame": float(fields[4]),
        "cpu": cpu,
    }


def issue13(
    runs: int, count: int, wanted: tuple[str, ...] = ("real", "gen"), before: Path | None = None
) -> int:
    """Issue 13's (and 23's) app rows: the app (first open with no index cache, and reopening
    with it) on the ``wanted`` sets (``site``: the site-shaped stand-in for the 4,041 real
    files; ``real``: issue 13's one-folder stand-in; ``gen``: ``count`` generated articles), and
    the parsing limit (2 processes) on each, in interleaved rounds (one warm-up round; medians
    of ``runs``). Wall and CPU time (the app's process and its scan workers)."""
    sys.path.insert(0, str(HERE))
    import generate
    import standin
    from bench_validate import PARSING_LIMIT, _ms, _one

    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["NO_COLOR"] = "1"
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp_text:
        tmp = Path(tmp_text)
        sets: dict[str, Path] = {}
        if "site" in wanted and standin.SECTIONS_SOURCE.is_dir():
            sets["site"] = tmp / "site"
            standin.build_site(sets["site"])
        if "real" in wanted and standin.DEFAULT_SOURCE.is_dir():
            sets["real"] = tmp / "standin"
            standin.build(sets["real"], 4041)
        if "gen" in wanted:
            sets["gen"] = tmp / "generated"
            generate.generate(sets["gen"], count)
        # The fixed cost: Python, the imports, Textual's start and first frame.
        sets["empty"] = tmp / "empty"
        (sets["empty"] / "empty.md").parent.mkdir()
        (sets["empty"] / "empty.md").write_text("---\ntitle: One\ndate: 2024-01-01\nstatus: draft\n---\n")
        config = tmp / "config"
        # This checkout, and another one's source (``--before SRC``) in the same rounds.
        versions = {"": env}
        if before is not None:
            versions[" (before)"] = dict(env, PYTHONPATH=str(before))
        times: dict[str, list[float]] = {}
        listed: dict[str, int] = {}
        load_before = Path("/proc/loadavg").read_text().split()[:3]
        print(
            f"{runs} interleaved rounds after a warm-up; load average {' '.join(load_before)}",
            file=sys.stderr,
        )
        for round_ in range(runs + 1):
            got: dict[str, float] = {}
            for key, folder in sets.items():
                if key != "empty":
                    wall, cpu = _one([sys.executable, "-c", PARSING_LIMIT, str(folder), "2"], env)
                    got[f"{key}: parsing limit, 2 proc."] = wall
                    got[f"{key}: parsing limit, 2 proc. (CPU)"] = cpu
                for version, version_env in versions.items():
                    tag = f"{key}{version}"
                    cold = tmp / f"cache-{tag}-{round_}"  # empty: a first open
                    one = _app_once(folder, cold, config, version_env)
                    got[f"{tag}: first open, first frame"] = one["first frame"]
                    got[f"{tag}: first open, first rows"] = one["first rows"]
                    got[f"{tag}: first open, all listed"] = one["all listed"]
                    got[f"{tag}: first open (CPU)"] = one["cpu"]
                    # The cache the first open wrote: reopening.
                    one = _app_once(folder, cold, config, version_env)
                    got[f"{tag}: reopen, first frame"] = one["first frame"]
                    got[f"{tag}: reopen, first rows"] = one["first rows"]
                    got[f"{tag}: reopen, all listed"] = one["all listed"]
                    got[f"{tag}: reopen (CPU)"] = one["cpu"]
                    shutil.rmtree(cold, ignore_errors=True)
                    listed[key] = int(one["articles"])
            if round_:
                for label, value in got.items():
                    times.setdefault(label, []).append(value)
            print(
                f"  round {round_}/{runs} done; load {Path('/proc/loadavg').read_text().split()[0]}",
                file=sys.stderr,
            )
        load_after = Path("/proc/loadavg").read_text().split()[:3]
    m = {label: statistics.median(values) for label, values in times.items()}
    cpus = len(os.sched_getaffinity(0))
    print(
        f"{cpus} CPU(s), Python {sys.version.split()[0]}, median of {runs} interleaved runs; "
        f"load average {' '.join(load_before)} before, {' '.join(load_after)} after"
    )
    print()
    print("| measured | median | best |")
    print("| --- | --- | --- |")
    for label, values in times.items():
        print(f"| {label} | {_ms(m[label])} | {_ms(min(values))} |")
    print()
    print(
        "The app's rows (whole processes, headless at 120x36), against the parsing limit in the same rounds:"
    )
    print()
    print("| set | first frame | all listed | parsing limit (2 proc.) | ratio (wall) | ratio (CPU) |")
    print("| --- | --- | --- | --- | --- | --- |")
    names = {"site": "site-shaped", "real": "one-folder news", "gen": "generated"}
    for key, version in ((k, v) for k in sets for v in versions):
        if key == "empty":
            continue
        limit, limit_cpu = m[f"{key}: parsing limit, 2 proc."], m[f"{key}: parsing limit, 2 proc. (CPU)"]
        for kind in ("first open", "reopen"):
            tag = f"{key}{version}"
            every, cpu = m[f"{tag}: {kind}, all listed"], m[f"{tag}: {kind} (CPU)"]
            print(
                f"| {listed[key]:,} {names[key]}{version}, {kind} | {_ms(m[f'{tag}: {kind}, first frame'])} | "
                f"{_ms(every)} (CPU {_ms(cpu)}) | {_ms(limit)} (CPU {_ms(limit_cpu)}) | "
                f"**{every / limit:.2f}x** | {cpu / limit_cpu:.2f}x |"
            )
    for version in versions:
        tag = f"empty{version}"
        print(
            f"| one article (the fixed cost){version} | {_ms(m[f'{tag}: first open, first frame'])} | "
            f"{_ms(m[f'{tag}: first open, all listed'])} (CPU {_ms(m[f'{tag}: first open (CPU)'])}) | | | |"
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--idle", type=float, default=20.0, help="seconds of idle CPU to measure (0: skip)")
    parser.add_argument(
        "--issue13",
        action="store_true",
        help="only issue 13's app rows against the parsing limit (whole processes)",
    )
    parser.add_argument("--runs", type=int, default=5, help="rounds for --issue13 (default 5)")
    parser.add_argument("--before", type=Path, help="--issue13: also another checkout's src/, same rounds")
    parser.add_argument("--sets", default="real,gen", help="--issue13: of site, real, gen (default real,gen)")
    args = parser.parse_args()
    if args.issue13:
        return issue13(args.runs, args.count, tuple(args.sets.split(",")), args.before)
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
