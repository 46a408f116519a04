"""Issue 23 items 4 and 5: the generated 10,000 with realistic and with random roles, as whole processes.

    python benchmarks/bench_issue23.py [--count 10000] [--runs 5] [--realistic DIR] [--random DIR]

For each set (``generate.py --roles realistic``, and ``--roles random``: issue 13's set, kept as the
adversarial row), in the same interleaved rounds as ``bench_validate.py`` (its ``measure``: one
warm-up round, then medians of wall and CPU time): the parsing limit (2 processes), ``validate``
(with the people warnings), ``validate --no-people``, ``list --json``, ``people --json``, ``list`` and ``people``. The
two listing commands share one ``XDG_CACHE_HOME`` made for the run (filled by the warm-up round,
so both read their index caches as a second run does); ``people --json, first run`` removes
its own cache folder before each run (a first run: the people index read from the files). Goals: ``validate`` <= 1.2x the parsing
limit with realistic roles, <= 2.5x with random roles; ``people --json`` <= 1.2x ``list --json`` (and ``people`` <= 1.2x ``list``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_validate  # noqa: E402
import generate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--realistic", type=Path, help="a set made with generate.py --roles realistic")
    parser.add_argument("--random", type=Path, help="a set made with generate.py --roles random")
    args = parser.parse_args(argv)
    py = sys.executable
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["NO_COLOR"] = "1"
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench23-") as tmp:
        env["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        sets: dict[str, Path] = {}
        for key in ("realistic", "random"):
            folder = getattr(args, key)
            if folder is None:
                folder = Path(tmp) / key
                generate.generate(folder, args.count, roles=key)
            sets[key] = folder
        commands: dict[str, list[str]] = {}
        for key, folder in sets.items():
            nd = [py, "-m", "newsdesk"]
            commands |= {
                f"{key}: parsing limit, 2 proc.": [py, "-c", bench_validate.PARSING_LIMIT, str(folder), "2"],
                f"{key}: validate": [*nd, "validate", str(folder)],
                f"{key}: validate --no-people": [*nd, "validate", "--no-people", str(folder)],
                f"{key}: list --json": [*nd, "list", "--json", str(folder)],
                f"{key}: people --json": [*nd, "people", "--json", str(folder)],
                # A first run: no index cache, no people cache (removed before each run).
                f"{key}: people --json, first run": [
                    "sh",
                    "-c",
                    'rm -rf "$1" && XDG_CACHE_HOME="$1" exec "$2" -m newsdesk people --json "$3"',
                    "sh",
                    str(Path(tmp) / f"cold-{key}"),
                    py,
                    str(folder),
                ],
                f"{key}: list": [*nd, "list", str(folder)],
                f"{key}: people": [*nd, "people", str(folder)],
            }
        before = os.getloadavg()
        print(f"{len(commands)} commands, {args.runs} rounds; load average {before}", file=sys.stderr)
        m = bench_validate.measure(commands, args.runs, env)
        after = os.getloadavg()
    ms = bench_validate._ms
    print(
        f"Python {sys.version.split()[0]}, median of {args.runs} interleaved rounds; load average "
        f"{before[0]:.2f} {before[1]:.2f} {before[2]:.2f} before, {after[0]:.2f} {after[1]:.2f} {after[2]:.2f} after"
    )
    print()
    print("| command | wall (median) | wall (best) | CPU (median) |")
    print("| --- | --- | --- | --- |")
    for label, (median, best, cpu) in m.items():
        print(f"| {label} | {ms(median)} | {ms(best)} | {ms(cpu)} |")
    print()
    print("| row | ratio wall | ratio CPU | goal |")
    print("| --- | --- | --- | --- |")
    for key, goal in (("realistic", 1.2), ("random", 2.5)):
        for what, floor, g in (
            ("validate", "parsing limit, 2 proc.", goal),
            ("validate --no-people", "parsing limit, 2 proc.", 1.2),
            ("people --json", "list --json", 1.2),
            ("people --json, first run", "list --json", 1.2),
            ("people", "list", 1.2),
        ):
            a, b = m[f"{key}: {what}"], m[f"{key}: {floor}"]
            r, c = a[0] / b[0], a[2] / b[2]
            print(
                f"| {key}: `{what}` / {floor} | **{r:.2f}x** | {c:.2f}x | <= {g}x: {'met' if r <= g else 'NOT met'} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
