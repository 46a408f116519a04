"""A pre-commit run's start: ``newsdesk validate FILE`` in a copy of the bundled articles, this
checkout against another's ``src/`` (issue 19: the layering must not start slower).

    python benchmarks/bench_onefile.py --before /tmp/old/src [--runs 20]

Three runs, interleaved, each after one warm-up round: a file naming people with the folder's
index cache there (the usual pre-commit run), the same as a first run in the folder (a fresh
cache folder: it writes the index), and a file naming nobody. Wall and CPU time (medians), and
how many modules each run ends with in ``sys.modules``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTICLES = Path(__file__).resolve().parents[1] / "articles"
PEOPLE = "2022-02-24-spring-employment-meeting.md"
COUNT = (
    "import sys, runpy, io, contextlib\n"
    "sys.argv = ['newsdesk', 'validate', sys.argv[1]]\n"
    "try:\n"
    "    with contextlib.redirect_stdout(io.StringIO()): runpy.run_module('newsdesk', run_name='__main__')\n"
    "except SystemExit: pass\n"
    "sys.stderr.write(f'modules {len(sys.modules)}\\n')\n"
)


def run(env: dict[str, str], args: list[str]) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--before", required=True, help="another checkout's src/ folder")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    folder = work / "articles"
    shutil.copytree(ARTICLES, folder)
    (folder / "nobody.md").write_text("---\ntitle: Nobody\ndate: 2024-01-01\n---\nBody.\n")
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    versions = {"before": args.before, "this": str(Path(__file__).resolve().parents[1] / "src")}
    caches = {name: str(work / f"cache-{name}") for name in versions}
    kinds = ("naming people", "naming people, first run", "naming nobody")
    times: dict[tuple[str, str], list[tuple[float, float]]] = {(v, k): [] for v in versions for k in kinds}
    modules: dict[tuple[str, str], str] = {}
    for n in range(args.runs + 1):
        for name, src in versions.items():
            for kind in kinds:
                cache = caches[name] if "first" not in kind else tempfile.mkdtemp(dir=work)
                env = dict(base, PYTHONPATH=src, XDG_CACHE_HOME=cache)
                path = str(folder / (PEOPLE if "people" in kind else "nobody.md"))
                wall, cpu, _ = run(env, ["-m", "newsdesk", "validate", path])
                if n:
                    times[(name, kind)].append((wall, cpu))
                if n == 1:  # the module count, once (warm: the cache of round 0)
                    if "first" in kind:
                        env["XDG_CACHE_HOME"] = tempfile.mkdtemp(dir=work)
                    modules[(name, kind)] = run(env, ["-c", COUNT, path])[2].split()[-1]
    print(f"load average {os.getloadavg()[0]:.2f}; medians of {args.runs} interleaved runs after a warm-up")
    print("| run | before: wall / CPU / modules | this: wall / CPU / modules |")
    print("| --- | --- | --- |")
    for kind in kinds:
        cells = []
        for name in versions:
            walls = [w for w, _ in times[(name, kind)]]
            cpus = [c for _, c in times[(name, kind)]]
            cells.append(
                f"{statistics.median(walls) * 1000:.0f} ms / {statistics.median(cpus) * 1000:.0f} ms / "
                f"{modules[(name, kind)]}"
            )
        print(f"| {kind} | {cells[0]} | {cells[1]} |")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
