"""What the people index costs at 10,000 articles.

    python benchmarks/bench_people.py [FOLDER] [--count 10000] [--runs 5]

Without FOLDER, N synthetic articles are generated (``benchmarks/generate.py``: 3-9 attendees and
2-4 speakers each, 750 recurring names with random roles). This VM is shared and noisy (two
cores, other work running): differences of whole runs swing by a second, so the added work is
also measured on its own, in one process, as the best of ``--runs`` (CPU time):

* the folder scan (what the app's worker does per article: read the front matter, check it,
  keep an `Entry`): the extra work of recording the people (`people_refs` over every article's
  parsed front matter), the memory the entries hold with and without them (tracemalloc), and
  whole scans with and without (best of runs, wall time);
* reopening (the index remembered in the cache): reading the rows back with and without people;
* building the `PeopleIndex` from the entries (the People view, the sidebar counts) and the
  suggested pairs (``--similar``);
* ``newsdesk validate`` on one file with the folder's index cached (a pre-commit run) and on the
  whole folder, with and without the people checks (``--no-people``), best of runs.

Goal (issue 14): at most +100 ms and +50 MB on the folder scan at 10,000 articles.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

MEASURE = r"""
import gc, json, sys, time, tracemalloc
from pathlib import Path
from newsdesk.core.folder import index as ix
from newsdesk.core.folder.index import FolderIndex, cache_file_for, cache_tag, iter_article_paths
from newsdesk.core.persons.people import ArticlePeople, PeopleIndex
from newsdesk.core.persons.refs import refs_of
from newsdesk.core.read.reader import load_article
from newsdesk.core.rules.roles import DEFAULT_ROLES
from newsdesk.core.rules.schema import schema_for
from newsdesk.core.rules.validate import validate_article

root, runs, cache = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
schema = schema_for(root)
paths = list(iter_article_paths(root))
out = {"n": len(paths)}

def best(fn):
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)

# The added work of the scan: people_refs over every parsed front matter.
metas = [load_article(p, locations=False).metadata for p in paths]
out["refs"] = best(lambda: [refs_of(m, DEFAULT_ROLES) for m in metas])
del metas

def scan(with_people):
    ix.people_refs = refs_of if with_people else (lambda *a, **k: ())
    index = FolderIndex(root, checker=lambda a: validate_article(a, schema))
    start = time.perf_counter()
    entries = {p: index.load_entry(p) for p in paths}
    return time.perf_counter() - start, entries, index

for flag in (False, True):
    out[f"scan{int(flag)}"] = min(scan(flag)[0] for _ in range(max(2, runs // 2)))
    gc.collect(); tracemalloc.start()
    _, entries, index = scan(flag)
    gc.collect(); out[f"held{int(flag)}"] = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    # Reopening: the rows read back from the cache.
    index.entries = entries
    index.cache_file = cache / f"bench-{int(flag)}.json"
    index.cache_tag = cache_tag(schema)
    index.save_cache()
    out[f"cache_bytes{int(flag)}"] = index.cache_file.stat().st_size
    def reopen():
        again = FolderIndex(root, cache_file=index.cache_file, cache_tag=cache_tag(schema))
        again.load_cache()
        assert all(again.cached_entry(p) is not None for p in paths)
    out[f"reopen{int(flag)}"] = best(reopen)
    if flag:
        arts = [ArticlePeople(e.path, e.rel, e.title, e.date, e.persons) for e in entries.values()]
    del entries, index

ix.people_refs = refs_of
out["build"] = best(lambda: PeopleIndex.build(arts))
gc.collect(); tracemalloc.start()
people = PeopleIndex.build(arts)
gc.collect(); out["build_bytes"] = tracemalloc.get_traced_memory()[0]
tracemalloc.stop()
start = time.process_time()
out["pairs"] = len(people.similar())
out["similar"] = time.process_time() - start
out["people"] = len(people.people)
print(json.dumps(out))
"""


def _wall(cmd: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
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
        done = subprocess.run(
            [sys.executable, "-c", MEASURE, str(folder), str(args.runs), tmp],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        m = json.loads(done.stdout.strip().splitlines()[-1])
        nd = [sys.executable, "-m", "newsdesk", "validate"]
        one = next(iter(sorted(folder.rglob("*.md"))))
        subprocess.run([*nd, str(one)], env=env, capture_output=True, check=False)  # fills the cache
        runs = args.runs
        one_no = _wall([*nd, "--no-people", str(one)], env, runs)
        one_yes = _wall([*nd, str(one)], env, runs)
        folder_runs = max(1, runs // 2)
        folder_no = _wall([*nd, "--no-people", str(folder)], env, folder_runs)
        folder_yes = _wall([*nd, str(folder)], env, folder_runs)
        warnings = subprocess.run([*nd, str(folder)], env=env, capture_output=True, text=True, check=False)
        summary = warnings.stdout.strip().splitlines()[-1] if warnings.stdout.strip() else ""

    n = m["n"]
    ms = lambda s: f"{1000 * s:,.0f} ms"  # noqa: E731
    mb = lambda b: f"{b / 1e6:.1f} MB"  # noqa: E731
    print(f"{n:,} articles; best of {args.runs} runs\n")
    print("| | without people | with people | added |")
    print("| --- | --- | --- | --- |")
    print(f"| recording the people in the scan (CPU) | | | {ms(m['refs'])} |")
    print(
        f"| whole folder scan (wall, noisy) | {m['scan0']:.2f} s | {m['scan1']:.2f} s | {ms(m['scan1'] - m['scan0'])} |"
    )
    print(
        f"| memory held by the entries | {mb(m['held0'])} | {mb(m['held1'])} | {mb(m['held1'] - m['held0'])} |"
    )
    print(
        f"| index cache file | {mb(m['cache_bytes0'])} | {mb(m['cache_bytes1'])} | {mb(m['cache_bytes1'] - m['cache_bytes0'])} |"
    )
    print(
        f"| reopening: entries read back from the cache (CPU) | {ms(m['reopen0'])} | {ms(m['reopen1'])} | {ms(m['reopen1'] - m['reopen0'])} |"
    )
    print(
        f"| `newsdesk validate ONE.md`, index cached (wall) | {one_no:.2f} s | {one_yes:.2f} s | {ms(one_yes - one_no)} |"
    )
    print(
        f"| `newsdesk validate FOLDER` (wall) | {folder_no:.2f} s | {folder_yes:.2f} s | {ms(folder_yes - folder_no)} |"
    )
    print(
        f"\nPeople index: {m['people']:,} people from {n:,} articles built in {ms(m['build'])} (CPU), holding "
        f"{mb(m['build_bytes'])}; {m['pairs']:,} suggested pairs found in {ms(m['similar'])}."
    )
    print(f"validate FOLDER with the people checks: {summary}")


if __name__ == "__main__":
    main()
