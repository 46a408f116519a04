"""Time ``newsdesk init --detect`` against ``newsdesk validate`` on the same files, as whole processes.

    python benchmarks/bench_detect.py [FOLDER] [--count 10000] [--runs 3]

Without FOLDER, N synthetic articles are generated (``benchmarks/generate.py``) into a temporary
folder and the ``newsdesk.toml`` the generator writes is removed. With FOLDER, the folder is
copied to a temporary one first (``init --detect`` writes there). Each command runs ``--runs``
times after one warm-up run (files in the page cache, byte-code compiled); the table shows the
best and the median wall time. Before each ``init --detect`` run the schemas it wrote are removed,
so every run reads, infers and writes; ``validate`` runs with the inferred schemas in place, as it
would after adopting them. The goal: detect's median at most 2x validate's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

GOAL = 2.0


def _time(
    cmd: list[str], runs: int, env: dict[str, str], before: Callable[[], None] | None = None
) -> list[float]:
    times: list[float] = []
    for i in range(runs + 1):
        if before is not None:
            before()
        start = time.perf_counter()
        result = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if result.returncode not in (0, 1):
            raise SystemExit(
                f"{' '.join(cmd)} failed ({result.returncode}): {result.stderr.decode()[-2000:]}"
            )
        if i:  # the first run warms caches
            times.append(elapsed)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "folder", nargs="?", type=Path, help="articles to use (copied; default: generate them)"
    )
    parser.add_argument("--count", type=int, default=10_000, help="articles to generate (default 10000)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["NO_COLOR"] = "1"

    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        folder = Path(tmp) / "articles"
        if args.folder is None:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from generate import generate

            generate(folder, args.count)
            (folder / "newsdesk.toml").unlink()
        else:
            shutil.copytree(args.folder, folder, symlinks=True)
        files = [p for p in folder.rglob("*") if p.suffix in (".md", ".markdown")]
        if not files:
            raise SystemExit(f"no articles in {folder}")
        py = sys.executable

        def remove_schemas() -> None:
            for schema in folder.rglob("newsdesk.toml"):
                schema.unlink()

        remove_schemas()
        detect_times = _time(
            [py, "-m", "newsdesk", "init", "--detect", str(folder)], args.runs, env, before=remove_schemas
        )
        written = sorted(str(p.relative_to(folder)) for p in folder.rglob("newsdesk.toml"))
        validate_times = _time([py, "-m", "newsdesk", "validate", str(folder)], args.runs, env)
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        size = sum(f.stat().st_size for f in files) / len(files) / 1024
        print(
            f"{len(files)} files ({size:.1f} KB each), {cpus} CPU(s), Python {sys.version.split()[0]}, "
            f"best/median of {args.runs} runs; schemas written: {', '.join(written)}"
        )
        print()
        print(f"| {'command':<24} | {'best':>8} | {'median':>8} | {'files/s (median)':>16} |")
        print(f"|{'-' * 26}|{'-' * 10}|{'-' * 10}|{'-' * 18}|")
        for label, times in (("newsdesk validate", validate_times), ("newsdesk init --detect", detect_times)):
            best, median = min(times), statistics.median(times)
            print(f"| {label:<24} | {best:7.2f}s | {median:7.2f}s | {len(files) / median:16,.0f} |")
        ratio = statistics.median(detect_times) / statistics.median(validate_times)
        print()
        print(f"ratio init --detect / validate (median): {ratio:.2f}  (goal: <= {GOAL})")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
