"""What resolving references costs a folder scan (issue 23 item 6).

    python benchmarks/bench_references.py [--site DIR] [--runs 7]

The site-shaped stand-in (``standin.py``; its sections' ``newsdesk.toml`` declare
``[references.authors]`` and ``ref = "authors"`` on the byline), and a copy of it with those
tables and ``ref`` settings taken out (the bylines are then plain lists of slugs). Each round
scans both (`FolderIndex.scan`, no index cache, in a fresh process each, as the app's scan and
``validate`` do), in turn; the median of ``--runs`` rounds after a warm-up round. CPU time of the
scan alone (imports and schema loading excluded), and wall time; the share of the scan spent on
references is (with - without) / with.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

SCAN = """
import gc, sys, time
from pathlib import Path
from newsdesk.core.folder.index import FolderIndex, schema_checker
from newsdesk.core.rules.schema import SchemaLookup, schema_for
root = Path(sys.argv[1])
lookup = SchemaLookup(root, schema_for(root))
index = FolderIndex(root, schema_checker(lookup), schemas=lookup)
gc.disable()  # as in the scan workers and validate
wall, cpu = time.perf_counter(), time.process_time()
index.scan()
print(time.process_time() - cpu, time.perf_counter() - wall, len(index.entries))
"""


def without_references(site: Path, out: Path) -> None:
    """A copy of ``site`` whose newsdesk.toml files declare no references."""
    shutil.copytree(site, out)
    for toml in out.rglob("newsdesk.toml"):
        text = toml.read_text(encoding="utf-8")
        text = re.sub(r"(?ms)^\[references\.[^\]]+\]\n.*?(?=^\[|\Z)", "", text)
        text = re.sub(r'(?m)^ref = "[^"]*"\n', "", text)
        toml.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--site", type=Path, help="a site-shaped stand-in (default: standin.build_site)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before", type=Path, help="also another checkout's src/ (PYTHONPATH), same rounds")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    import standin

    env = dict(os.environ, NO_COLOR="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # byte-code written by the warm-up, as the other scripts
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            standin.build_site(site)
        plain = Path(tmp) / "no-references"
        without_references(site, plain)
        versions = {"": env}
        if args.before is not None:
            versions[" (before)"] = dict(env, PYTHONPATH=str(args.before))
        runs = [
            (f"{kind}{v}", folder, e)
            for v, e in versions.items()
            for kind, folder in (("with references", site), ("without", plain))
        ]
        got: dict[str, list[tuple[float, float]]] = {label: [] for label, _, _ in runs}
        load = [Path("/proc/loadavg").read_text().split()[0]]
        for round_ in range(args.runs + 1):
            for label, folder, run_env in runs:
                out = subprocess.run(
                    [sys.executable, "-c", SCAN, str(folder)],
                    env=run_env,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.split()
                if round_:
                    got[label].append((float(out[0]), float(out[1])))
            load.append(Path("/proc/loadavg").read_text().split()[0])
    cpu = {k: statistics.median(c for c, _ in v) for k, v in got.items()}
    wall = {k: statistics.median(w for _, w in v) for k, v in got.items()}
    print(f"median of {args.runs} interleaved rounds; load average (1 min) {', '.join(load)}")
    print()
    print("| scan of the site-shaped stand-in | CPU | wall |")
    print("| --- | --- | --- |")
    for label in got:
        print(f"| {label} | {cpu[label] * 1000:,.0f} ms | {wall[label] * 1000:,.0f} ms |")
    for v in versions:
        share = (cpu[f"with references{v}"] - cpu[f"without{v}"]) / cpu[f"with references{v}"]
        share_wall = (wall[f"with references{v}"] - wall[f"without{v}"]) / wall[f"with references{v}"]
        print(f"| references' share{v} | **{share:.1%}** | {share_wall:.1%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
