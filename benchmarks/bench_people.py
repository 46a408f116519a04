"""What the people index costs at 10,000 articles.

    python benchmarks/bench_people.py [FOLDER] [--count 10000] [--runs 3]

Without FOLDER, N synthetic articles are generated (``benchmarks/generate.py``, 3-9 attendees and
2-4 speakers each). Each figure is measured in a fresh process (median of ``--runs``, after one
warm-up so that files are in the page cache):

* the folder scan (what the app's worker does: read every front matter, check it, keep an
  `Entry`), with the people recorded in each entry and without: the time and the memory the
  entries hold (tracemalloc, in a separate pass);
* building the `PeopleIndex` from the entries (the People view, the sidebar counts) and finding
  the suggested pairs (``--similar``);
* ``newsdesk validate`` on the folder with and without the people checks, and on one file with
  the folder's index cached (what a pre-commit run pays).

Goal (issue 14): at most +100 ms and +50 MB on the folder scan at 10,000 articles.
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

HERE = Path(__file__).resolve().parent

SCAN = r"""
import sys, time, json, tracemalloc, gc
from pathlib import Path
from newsdesk.core import index as ix
from newsdesk.core.index import FolderIndex, iter_article_paths
from newsdesk.core.schema import schema_for
from newsdesk.core.validate import validate_article
root, with_people, memory = Path(sys.argv[1]), sys.argv[2] == "1", sys.argv[3] == "1"
if not with_people:
    ix.people_refs = lambda *a, **k: ()
schema = schema_for(root)
index = FolderIndex(root, checker=lambda a: validate_article(a, schema))
paths = list(iter_article_paths(root))
if memory:
    gc.collect(); tracemalloc.start()
start = time.perf_counter()
entries = {p: index.load_entry(p) for p in paths}
elapsed = time.perf_counter() - start
held = 0
if memory:
    gc.collect(); held = tracemalloc.get_traced_memory()[0]
print(json.dumps({"seconds": elapsed, "bytes": held, "n": len(entries)}))
"""

BUILD = r"""
import sys, time, json, tracemalloc, gc
from pathlib import Path
from newsdesk.core.index import FolderIndex, iter_article_paths
from newsdesk.core.people import ArticlePeople, PeopleIndex
from newsdesk.core.schema import schema_for
root = Path(sys.argv[1])
index = FolderIndex(root)
entries = [index.load_entry(p) for p in iter_article_paths(root)]
arts = [ArticlePeople(e.path, e.rel, e.title, e.date, e.persons) for e in entries]
gc.collect(); tracemalloc.start()
start = time.perf_counter()
people = PeopleIndex.build(arts)
built = time.perf_counter() - start
gc.collect(); held = tracemalloc.get_traced_memory()[0]
tracemalloc.stop()
start = time.perf_counter()
similar = people.similar()
found = time.perf_counter() - start
print(json.dumps({"build": built, "bytes": held, "similar": found, "people": len(people.people),
                  "pairs": len(similar)}))
"""


def _python(code: str, *args: str, env: dict[str, str]) -> dict[str, float]:
    import json

    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def _median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        folder = args.folder
        if folder is None:
            folder = Path(tmp) / "articles"
            subprocess.run(
                [sys.executable, str(HERE / "generate.py"), str(folder), "--count", str(args.count)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        runs = args.runs
        scan: dict[str, list[float]] = {"0": [], "1": []}
        for i in range(runs + 1):
            for flag in ("0", "1"):
                seconds = _python(SCAN, str(folder), flag, "0", env=env)["seconds"]
                if i:
                    scan[flag].append(seconds)
        held = {flag: _python(SCAN, str(folder), flag, "1", env=env)["bytes"] for flag in ("0", "1")}
        build = [_python(BUILD, str(folder), env=env) for _ in range(runs)]
        nd = [sys.executable, "-m", "newsdesk", "validate"]
        one = next(iter(sorted(folder.rglob("*.md"))))
        _wall([*nd, str(folder)], env)  # warm-up
        folder_no = [_wall([*nd, "--no-people", str(folder)], env) for _ in range(runs)]
        folder_yes = [_wall([*nd, str(folder)], env) for _ in range(runs)]
        _wall([*nd, str(one)], env)  # fills the cache
        one_no = [_wall([*nd, "--no-people", str(one)], env) for _ in range(runs)]
        one_yes = [_wall([*nd, str(one)], env) for _ in range(runs)]

    n = args.count if args.folder is None else sum(1 for _ in folder.rglob("*.md"))
    without, with_ = _median(scan["0"]), _median(scan["1"])
    print(f"{n:,} articles, median of {runs} runs\n")
    print("| | without people | with people | difference |")
    print("| --- | --- | --- | --- |")
    print(
        f"| folder scan (app worker) | {without:.2f} s | {with_:.2f} s | {1000 * (with_ - without):+.0f} ms |"
    )
    mb0, mb1 = held["0"] / 1e6, held["1"] / 1e6
    print(f"| memory held by the entries | {mb0:.1f} MB | {mb1:.1f} MB | {mb1 - mb0:+.1f} MB |")
    f0, f1 = _median(folder_no), _median(folder_yes)
    print(f"| `newsdesk validate FOLDER` | {f0:.2f} s | {f1:.2f} s | {1000 * (f1 - f0):+.0f} ms |")
    o0, o1 = _median(one_no), _median(one_yes)
    print(
        f"| `newsdesk validate ONE.md` (index cached) | {o0:.2f} s | {o1:.2f} s | {1000 * (o1 - o0):+.0f} ms |"
    )
    b = build[len(build) // 2]
    print(
        f"\nPeople index: {b['people']:,} people built in {1000 * _median([x['build'] for x in build]):.0f} ms, "
        f"{b['bytes'] / 1e6:.1f} MB; suggested pairs ({b['pairs']:,}) in "
        f"{1000 * _median([x['similar'] for x in build]):.0f} ms"
    )


if __name__ == "__main__":
    main()
