"""The cost of people named by slug (issue 20 §1): the app's first open (no index cache) of a
site of ~4,000 articles whose authors are slugs naming ~700 profile files, with and without the
``[references.authors]`` table (the same files; only ``newsdesk.toml`` differs).

    python benchmarks/bench_refs.py [--articles 3300] [--profiles 700] [--runs 4]

Runs are paired (one of each, alternating which goes first) on a machine that may be shared:
the load average is printed with each pair, and the ratio per pair.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_ui import start_pool, wait_for

PLAIN = """[articles]
folder = "."

[articles.roles]
byline = "authors"

[fields.title]
type = "string"
required = true

[fields.authors]
type = "list"
items = "string"
"""
REFS = (
    PLAIN
    + """ref = "authors"

[references.authors]
files = "authors/*.md"
name = "name"
organization = "company"
"""
)


def build(root: Path, articles: int, profiles: int) -> None:
    rng = random.Random(20)
    slugs = [f"person-{i:04d}" for i in range(profiles)]
    (root / "authors").mkdir(parents=True)
    for i, slug in enumerate(slugs):
        (root / "authors" / f"{slug}.md").write_text(
            f"---\ntitle: Person {i}\nname: Person Number {i}\ncompany: Agency {i % 40}\n---\nBio.\n"
        )
    for i in range(articles):
        folder = root / "news" / f"{2010 + i % 14}" / f"{1 + i % 12:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        names = "\n".join(f"  - {s}" for s in rng.sample(slugs, 1 + i % 3))
        (folder / f"story-{i:05d}.md").write_text(
            f"---\ntitle: Story {i}\ndate: 2020-01-{1 + i % 28:02d}\nauthors:\n{names}\n---\n"
            + "A paragraph of the story. " * 40
            + "\n"
        )


async def first_open(folder: Path, tmp: Path) -> float:
    from newsdesk.ui.app import NewsdeskApp

    cache = Path(tempfile.mkdtemp(dir=tmp))
    t0 = time.perf_counter()
    schema, pool = start_pool(folder, cache, True)
    app = NewsdeskApp(folder, schema=schema, config_dir=tmp, cache_dir=cache, poll_interval=0, scan_pool=pool)
    async with app.run_test(size=(120, 36)):
        screen = app.main_screen
        assert screen is not None
        await wait_for(lambda: not screen.scanning, timeout=600)
        took = time.perf_counter() - t0
    if pool is not None:
        pool.close()  # type: ignore[attr-defined]
    return took


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=3300)
    parser.add_argument("--profiles", type=int, default=700)
    parser.add_argument("--runs", type=int, default=4)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-refs-"))
    try:
        site = tmp / "site"
        build(site, args.articles, args.profiles)
        print(f"{args.articles} articles + {args.profiles} profiles; first open, no index cache")
        ratios = []
        for run in range(args.runs):
            times = {}
            for variant in ("plain", "refs") if run % 2 == 0 else ("refs", "plain"):
                (site / "newsdesk.toml").write_text(REFS if variant == "refs" else PLAIN)
                times[variant] = asyncio.run(first_open(site, tmp))
            ratio = times["refs"] / times["plain"]
            ratios.append(ratio)
            load = os.getloadavg()[0]
            print(
                f"pair {run + 1}: load {load:.2f}  without {times['plain']:.2f} s  "
                f"with [references] {times['refs']:.2f} s  ratio {ratio:.2f}"
            )
        print(f"median ratio {sorted(ratios)[len(ratios) // 2]:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
