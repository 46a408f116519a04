"""Time ``newsdesk validate`` against two floors, as whole processes (issue 13's table).

    python benchmarks/bench_validate.py [--count 10000] [--runs 5] [--standin DIR] [--generated DIR]

Two sets: a stand-in for 4,041 real Hugo news articles (small front matter; ``standin.py``, made
from the real-world articles beside the repository, or ``--standin DIR``) and 10,000 generated
~4 KB articles (long front matter; ``generate.py``, or ``--generated DIR``). Two floors:

* the *bare loop*: ``frontmatter.load`` on each file, one process (what a script using
  python-frontmatter pays only to parse the files);
* the *parsing limit*: read each file, cut the front-matter block, ``yaml.load(block,
  Loader=yaml.CSafeLoader)`` and nothing else, split over 2 processes (and its 1-process form).

Every command runs once per round, the rounds interleaved (so a load that comes and goes falls on
all of them alike); after one warm-up round (page cache, byte-code), the median of ``--runs``
rounds is kept. Wall time, and CPU time (user + system, the process and its workers). The load
average before and after is printed: other work on the machine slows everything.

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

HERE = Path(__file__).resolve().parent

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

#: Read, cut the block, parse it with libyaml: nothing else. ``argv[2]`` processes (forked; the
#: parent takes the last share).
PARSING_LIMIT = """
import os, sys, tomllib, yaml
loader = yaml.CSafeLoader
paths = []
for folder, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        if name.endswith((".md", ".markdown")):
            paths.append(os.path.join(folder, name))
procs = int(sys.argv[2])
share = -(-len(paths) // procs)
children = []
for i in range(procs):
    mine = paths[i * share : (i + 1) * share]
    if i < procs - 1:
        pid = os.fork()
        if pid:
            children.append(pid)
            continue
    for path in mine:
        with open(path, "rb") as fh:
            text = fh.read().decode("utf-8")
        if text.startswith("---"):
            yaml.load(text[4 : text.find("\\n---", 3)], Loader=loader)
        elif text.startswith("+++"):
            tomllib.loads(text[4 : text.find("\\n+++", 3)])
    if i < procs - 1:
        os._exit(0)
for pid in children:
    os.waitpid(pid, 0)
print(len(paths), "files")
"""


def _one(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run (CPU: the process and the children it waited for)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def measure(
    commands: dict[str, list[str]], runs: int, env: dict[str, str]
) -> dict[str, tuple[float, float, float]]:
    """label -> (median wall, best wall, median CPU) over ``runs`` interleaved rounds."""
    walls: dict[str, list[float]] = {k: [] for k in commands}
    cpus: dict[str, list[float]] = {k: [] for k in commands}
    for round_ in range(runs + 1):
        for label, cmd in commands.items():
            wall, cpu = _one(cmd, env)
            if round_:  # the first round warms caches
                walls[label].append(wall)
                cpus[label].append(cpu)
        print(f"  round {round_}/{runs} done", file=sys.stderr)
    return {k: (statistics.median(walls[k]), min(walls[k]), statistics.median(cpus[k])) for k in commands}


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=10_000, help="articles to generate (default 10000)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--standin", type=Path, help="a folder of real-shaped articles (default: standin.py)")
    parser.add_argument(
        "--generated", type=Path, help="a folder of generated articles (default: generate.py)"
    )
    parser.add_argument("--site", type=Path, help="a site-shaped stand-in (default: standin.build_site)")
    parser.add_argument(
        "--sets", default="site,real,gen", help="which sets to measure (default site,real,gen)"
    )
    parser.add_argument("--keep-env", action="store_true", help="keep PYTHONDONTWRITEBYTECODE if set")
    args = parser.parse_args(argv)

    env = dict(os.environ)
    if not args.keep_env:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["NO_COLOR"] = "1"
    sys.path.insert(0, str(HERE))
    import generate
    import standin

    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        wanted = set(args.sets.split(","))
        real = args.standin
        if real is None and "real" in wanted and standin.DEFAULT_SOURCE.is_dir():
            real = Path(tmp) / "standin"
            standin.build(real, 4041)
        site = args.site
        if site is None and "site" in wanted and standin.SECTIONS_SOURCE.is_dir():
            site = Path(tmp) / "site"
            standin.build_site(site)
        gen = args.generated
        if gen is None and "gen" in wanted:
            gen = Path(tmp) / "generated"
            generate.generate(gen, args.count)
        commands: dict[str, list[str]] = {"python -c pass": [py, "-c", "pass"]}
        sets = {
            k: v for k, v in (("site", site), ("real", real), ("gen", gen)) if v is not None and k in wanted
        }
        counts: dict[str, int] = {}
        for key, folder in sets.items():
            files = sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".markdown"))
            counts[key] = len(files)
            commands |= {
                f"{key}: read bytes": [py, "-c", READ_BYTES, str(folder)],
                f"{key}: bare loop": [py, "-c", BARE_LOOP, str(folder)],
                f"{key}: parsing limit, 2 proc.": [py, "-c", PARSING_LIMIT, str(folder), "2"],
                f"{key}: parsing limit, 1 proc.": [py, "-c", PARSING_LIMIT, str(folder), "1"],
                f"{key}: validate": [py, "-m", "newsdesk", "validate", str(folder)],
                f"{key}: validate -j 1": [py, "-m", "newsdesk", "validate", "-j", "1", str(folder)],
            }
            if key == "gen":  # the people warnings (issue 14) came after the goal was set
                commands[f"{key}: validate --no-people"] = [
                    py, "-m", "newsdesk", "validate", "--no-people", str(folder)
                ]  # fmt: skip
            if key == "real" or (real is None and key == min(sets)):
                commands[f"{key}: validate ONE.md"] = [py, "-m", "newsdesk", "validate", str(files[0])]
        load_before = os.getloadavg()
        print(
            f"{len(commands)} commands, {args.runs} interleaved rounds after a warm-up round; "
            f"load average {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}",
            file=sys.stderr,
        )
        m = measure(commands, args.runs, env)
        load_after = os.getloadavg()

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"{cpus} CPU(s), Python {sys.version.split()[0]}, median of {args.runs} interleaved runs; "
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after"
    )
    print()
    print("All commands (wall time median / best, CPU time median):")
    print()
    print("| command | files | wall (median) | wall (best) | CPU | files/s |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, (median, best, cpu) in m.items():
        key = label.split(":")[0]
        n = 1 if "ONE" in label else counts.get(key, 0)
        rate = f"{n / median:,.0f}" if n > 1 else ""
        print(f"| {label} | {n or ''} | {_ms(median)} | {_ms(best)} | {_ms(cpu)} | {rate} |")

    def ratio(a: str, b: str, *, cpu: bool = False) -> float:
        return m[a][2 if cpu else 0] / m[b][2 if cpu else 0]

    rows: list[tuple[str, str, str, str, str, str]] = []
    for key, what in (
        ("site", "site-shaped files (issue 23)"),
        ("real", "one-folder news stand-in (issue 13)"),
    ):
        if key not in sets:
            continue
        n = f"{counts[key]:,}"
        r = ratio(f"{key}: validate", f"{key}: bare loop")
        c = ratio(f"{key}: validate", f"{key}: bare loop", cpu=True)
        rows.append(
            (
                f"`validate`, {n} {what}",
                f"{_ms(m[f'{key}: validate'][0])} wall, {_ms(m[f'{key}: validate'][2])} CPU",
                _ms(m[f"{key}: bare loop"][0]),
                f"{_ms(m[f'{key}: parsing limit, 2 proc.'][0])} (2 proc.)",
                f"**{r:.2f}x** the loop; CPU **{c:.2f}x** the loop's",
                f"<= 0.75x; CPU <= 1.2x: {'met' if r <= 0.75 and c <= 1.2 else 'NOT met'}",
            )
        )
        r = ratio(f"{key}: validate -j 1", f"{key}: bare loop")
        goal = 1.0 if key == "site" else 1.2
        rows.append(
            (
                f"`validate -j 1`, the same {n}",
                _ms(m[f"{key}: validate -j 1"][0]),
                _ms(m[f"{key}: bare loop"][0]),
                f"{_ms(m[f'{key}: parsing limit, 1 proc.'][0])} (1 proc.)",
                f"**{r:.2f}x** the loop",
                f"<= {goal}x: {'met' if r <= goal else 'NOT met'}",
            )
        )
    if "gen" not in sets:
        pass
    else:
        r = ratio("gen: validate", "gen: parsing limit, 2 proc.")
        rows.append(
            (
                f"`validate`, {counts['gen']:,} generated 4 KB articles",
                f"{_ms(m['gen: validate'][0])} wall, {_ms(m['gen: validate'][2])} CPU",
                _ms(m["gen: bare loop"][0]),
                f"{_ms(m['gen: parsing limit, 2 proc.'][0])} (2 proc.)",
                f"**{r:.2f}x** the limit",
                f"<= 1.2x: {'met' if r <= 1.2 else 'NOT met'}",
            )
        )
        r = ratio("gen: validate --no-people", "gen: parsing limit, 2 proc.")
        rows.append(
            (
                "the same, `validate --no-people` (the checks the goal was set for)",
                f"{_ms(m['gen: validate --no-people'][0])} wall, {_ms(m['gen: validate --no-people'][2])} CPU",
                _ms(m["gen: bare loop"][0]),
                f"{_ms(m['gen: parsing limit, 2 proc.'][0])} (2 proc.)",
                f"**{r:.2f}x** the limit",
                f"<= 1.2x: {'met' if r <= 1.2 else 'NOT met'}",
            )
        )
    one = next(k for k in m if "ONE" in k)
    r = ratio(one, "python -c pass")
    rows.append(
        (
            "`validate one.md` (pre-commit)",
            _ms(m[one][0]),
            "",
            f"`python -c pass` {_ms(m['python -c pass'][0])}",
            f"**{r:.1f}x** `python -c pass`",
            f"< 60 ms where `python -c pass` is 8 ms (7.5x): {'met' if r <= 7.5 else 'NOT met'}",
        )
    )
    print()
    print("Issue 13's table, on this machine:")
    print()
    print("| work | newsdesk | bare loop | parsing limit | ratio | goal |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
