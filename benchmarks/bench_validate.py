"""Time ``newsdesk validate`` against the floor for this stack, both as whole processes.

    python benchmarks/bench_validate.py [FOLDER] [--count 10000] [--runs 5]

Without FOLDER, N synthetic articles are generated (``benchmarks/generate.py``) into a temporary
folder. Each command runs ``--runs`` times after one warm-up run (so the files are in the page cache
and byte-code is compiled); the table shows the best and the median wall time. The floor is a bare
loop calling ``frontmatter.load`` on the same files; the ratio is validate's median over the floor's
(<= 1.0 is the goal). "one file" is starting Python and checking a single article, what pre-commit
pays per batch.

``PYTHONDONTWRITEBYTECODE`` is removed from the children's environment (as for a normal install,
whose byte-code is cached), unless ``--keep-env`` is given.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE_LOOP = """
import os, sys, frontmatter
n = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        if name.endswith((".md", ".markdown")):
            frontmatter.load(os.path.join(folder, name))
            n += 1
print(n, "files")
"""

READ_BYTES = """
import os, sys
n = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        if name.endswith((".md", ".markdown")):
            with open(os.path.join(folder, name), "rb") as fh:
                fh.read()
            n += 1
print(n, "files")
"""


def _time(cmd: list[str], runs: int, env: dict[str, str], ok: tuple[int, ...] = (0, 1)) -> list[float]:
    times: list[float] = []
    for i in range(runs + 1):
        start = time.perf_counter()
        result = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if result.returncode not in ok:
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
    parser.add_argument("folder", nargs="?", type=Path, help="articles to check (default: generate them)")
    parser.add_argument("--count", type=int, default=10_000, help="articles to generate (default 10000)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep-env", action="store_true", help="keep PYTHONDONTWRITEBYTECODE if set")
    args = parser.parse_args(argv)

    env = dict(os.environ)
    if not args.keep_env:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["NO_COLOR"] = "1"

    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        folder = args.folder
        if folder is None:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from generate import generate

            folder = Path(tmp) / "articles"
            generate(folder, args.count)
        files = sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".markdown"))
        if not files:
            raise SystemExit(f"no articles in {folder}")
        py = sys.executable
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        rows = [
            ("read bytes only", [py, "-c", READ_BYTES, str(folder)]),
            ("bare frontmatter.load loop", [py, "-c", BARE_LOOP, str(folder)]),
            ("newsdesk validate", [py, "-m", "newsdesk", "validate", str(folder)]),
            ("newsdesk validate -j 1", [py, "-m", "newsdesk", "validate", "-j", "1", str(folder)]),
            ("newsdesk validate ONE.md", [py, "-m", "newsdesk", "validate", str(files[0])]),
            ("python -c pass", [py, "-c", "pass"]),
        ]
        size = sum(f.stat().st_size for f in files) / len(files) / 1024
        print(
            f"{len(files)} files in {folder} ({size:.1f} KB each), {cpus} CPU(s), "
            f"Python {sys.version.split()[0]}, best/median of {args.runs} runs"
        )
        print()
        print(f"| {'command':<28} | {'best':>8} | {'median':>8} | {'files/s (median)':>16} |")
        print(f"|{'-' * 30}|{'-' * 10}|{'-' * 10}|{'-' * 18}|")
        medians: dict[str, float] = {}
        for label, cmd in rows:
            times = _time(cmd, args.runs, env)
            best, median = min(times), statistics.median(times)
            medians[label] = median
            n = 1 if "ONE" in label else (0 if "pass" in label else len(files))
            rate = f"{n / median:,.0f}" if n > 1 else ""
            print(f"| {label:<28} | {best * 1000:6.0f}ms | {median * 1000:6.0f}ms | {rate:>16} |")
        ratio = medians["newsdesk validate"] / medians["bare frontmatter.load loop"]
        print()
        print(f"ratio validate / bare loop (median): {ratio:.2f}  (goal: <= 1.0)")
        print(
            f"one file, start to finish (median):  {medians['newsdesk validate ONE.md'] * 1000:.0f} ms  "
            "(goal: < 150 ms)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
