"""Compare ``newsdesk validate --format json`` of this checkout with another version's, byte for byte.

    python benchmarks/compare_output.py [--ref main] [--sets bundled,realworld,...] [--keep DIR]

Speed work must not change a diagnostic or its position. This builds the sets below in a
temporary folder, runs ``validate --format json`` (both cores, and ``-j 1``) with the source of
this checkout and with the source of git revision ``--ref`` (``git archive``, run from the same
venv), and prints the first difference. Exit 0: identical everywhere.

Sets: ``bundled`` (the sample articles), ``realworld`` (the real-world folders beside the
repository, when present), ``generated`` (``generate.py``, 10,000 articles), ``broken``
(``generate.py --broken 0.3 --toml 0.3``, 3,000 articles: every error path), ``standin``
(``standin.py``, 4,041 Hugo articles, when its source is present), ``site`` (``standin.py
--shape site``: a site's sections with author profiles named by slug), ``hostile`` (a few
files of every kind the reader refuses: binary, bad UTF-8, BOM, CRLF, FIFO, symlink loop,
alias bomb, duplicate keys, control characters, a huge file...) and ``precommit`` (some bundled
articles named one by one and together, as pre-commit passes them: the people warnings read the
rest of the folder from its index). Also ``app``: the folder
index of the app (`FolderIndex.scan` entries) on ``broken``, ``standin`` and ``site``, compared the same way.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
REALWORLD = REPO.parent / "shared" / "realworld"
SETS = ("bundled", "realworld", "generated", "broken", "standin", "site", "hostile", "precommit", "app")

INDEX_DUMP = """
import dataclasses, importlib, json, sys
from pathlib import Path
def layered(layer, name):  # a --ref from before core's layers (issue 15) has them flat in core/
    try:
        return importlib.import_module(f"newsdesk.core.{layer}.{name}")
    except ImportError:
        return importlib.import_module(f"newsdesk.core.{name}")
FolderIndex = layered("folder", "index").FolderIndex
SchemaLookup, schema_for = layered("rules", "schema").SchemaLookup, layered("rules", "schema").schema_for
validate_article = layered("rules", "validate").validate_article
root = Path(sys.argv[1])
base = schema_for(root)
lookup = SchemaLookup(root, base)
def check(article):
    return validate_article(article, lookup.for_path(article.path))
index = FolderIndex(root, check, schemas=lookup)
entries = index.scan()
fields = getattr(type(entries[0]), "_fields", None) if entries else None  # a Record (no dataclass)
fields = fields or ([f.name for f in dataclasses.fields(entries[0])] if entries else [])
names = [n for n in fields if n != "mtime_ns"]
rows = [[str(getattr(e, n)) for n in names] for e in entries]
print(json.dumps([names, *rows], indent=0, ensure_ascii=True))
"""


def _hostile(folder: Path) -> None:
    folder.mkdir(parents=True)
    files: dict[str, bytes] = {
        "binary.md": b"---\ntitle: x\n---\n\x00\x01\x02",
        "bad-utf8.md": b"---\ntitle: caf\xe9\ndate: 2024-01-01\nstatus: draft\n---\nbody\n",
        "bom.md": b"\xef\xbb\xbf---\ntitle: T\ndate: 2024-01-01\nstatus: draft\n---\nbody\n",
        "crlf.md": b"---\r\ntitle: T\r\ndate: 2024-01-01\r\nstatus: draft\r\nbogus: 1\r\n---\r\nbody\r\n",
        "empty.md": b"",
        "blank.md": b"\n  \n",
        "no-fm.md": b"just text\n",
        "unclosed.md": b"---\ntitle: T\ndate: 2024-01-01\n",
        "rule.md": b"---\nA paragraph, not keys.\n---\nbody\n",
        "list.md": b"---\n- a\n- b\n---\nbody\n",
        "syntax.md": b"---\ntitle: [unclosed\ndate: 2024-01-01\n---\n",
        "dup.md": b"---\ntitle: T\ndate: 2024-01-01\nstatus: draft\ntitle: U\nspeakers:\n  - name: A\n    name: B\n---\nA B\n",
        "dup-deep.md": b"---\ntitle: T\ndate: 2024-01-01\nstatus: draft\nrelated:\n  - title: a\n    url: https://x.org\n    url: https://y.org\n---\n",
        "alias-bomb.md": b"---\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e]\n---\n",
        "alias-ok.md": b"---\ntitle: &t T\ndate: 2024-01-01\nstatus: draft\nsummary: *t\n---\n",
        "control.md": '---\ntitle: "a\\x1bb"\ndate: 2024-01-01\nstatus: draft\nsection: x\u202ey\n'
        'tags:\n  - "a\\tb"\n---\n'.encode(),
        "raw-control.md": b"---\ntitle: a\x07b\ndate: 2024-01-01\n---\n",
        "block-title.md": b"---\ntitle: |\n  two\n  lines\ndate: 2024-01-01\nstatus: draft\n---\n",
        "ambiguous.md": b"---\ntitle: T\ndate: 2024-01-01\nstatus: draft\nlocation: on\nsection: 10:30\ntags: [yes, 010]\n---\n",
        "dates.md": b"---\ntitle: T\ndate: 2024-02-30\nstatus: draft\n---\n",
        "toml.md": b'+++\ntitle = "T"\ndate = 2024-13-01\n+++\n',
        "toml-ok.md": b'+++\ntitle = "T"\ndate = 2024-01-01\nstatus = "nope"\n[[speakers]]\nrole = 3\n+++\nbody\n',
        "unhashable.md": b"---\n? [a, b]\n: 1\ntitle: T\n---\n",
        "keys.md": b"---\nnull: x\n2024-01-01: y\ntrue: z\n3: w\ntitle: T\ndate: 2024-01-01\nstatus: draft\n---\n",
        "reserved.md": b"---\ntitle: T\ndate: 2024-01-01\nstatus: draft\ncontent: x\nhandler: y\n---\n",
        "deep.md": b"---\ntitle: T\ndate: 2024-01-01\nstatus: draft\nx: "
        + b"[" * 200
        + b"]" * 200
        + b"\n---\n",
        "no-mapping.md": b"---\njust a value\n---\nbody\n",
        "blank-lines.md": b"\n\n---\ntitle: T\ndate: 2024-01-01\nstatus: draft\n---\n",
        "dots.md": b"---\ntitle: T\ndate: 2024-01-01\nstatus: draft\n...\nbody\n",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    big = b"---\ntitle: Big\ndate: 2024-01-01\nstatus: draft\n---\n" + b"x" * (9 * 1024 * 1024)
    (folder / "huge.md").write_bytes(big)
    os.mkfifo(folder / "fifo.md")
    os.symlink("loop-b.md", folder / "loop-a.md")
    os.symlink("loop-a.md", folder / "loop-b.md")
    os.symlink("missing.md", folder / "dangling.md")
    (folder / "folder.md").mkdir()
    (folder / "sub").mkdir()
    (folder / "sub" / "newsdesk.toml").write_text("[fields.title\n")
    (folder / "sub" / "a.md").write_bytes(b"---\ntitle: T\n---\n")


def build_sets(root: Path, wanted: set[str]) -> dict[str, list[str]]:
    """Build the wanted sets under ``root``; set name -> the paths to pass (relative to root)."""
    sys.path.insert(0, str(HERE))
    import generate
    import standin

    sets: dict[str, list[str]] = {}
    if "bundled" in wanted:
        shutil.copytree(REPO / "articles", root / "bundled")
        sets["bundled"] = ["bundled"]
    if "realworld" in wanted and REALWORLD.is_dir():
        shutil.copytree(REALWORLD, root / "realworld", ignore=shutil.ignore_patterns("README.md"))
        sets["realworld"] = sorted(f"realworld/{p.name}" for p in (root / "realworld").iterdir())
    if "generated" in wanted:
        generate.generate(root / "generated", 10_000)
        sets["generated"] = ["generated"]
    if "broken" in wanted or "app" in wanted:
        generate.generate(root / "broken", 3_000, seed=11, broken=0.3, toml=0.3)
        sets["broken"] = ["broken"]
    if ("standin" in wanted or "app" in wanted) and standin.DEFAULT_SOURCE.is_dir():
        standin.build(root / "standin", 4041)
        sets["standin"] = ["standin"]
    if ("site" in wanted or "app" in wanted) and standin.SECTIONS_SOURCE.is_dir():
        standin.build_site(root / "site")  # sections, author profiles named by slug (issue 23)
        sets["site"] = ["site"]
    if "hostile" in wanted:
        _hostile(root / "hostile")
        sets["hostile"] = ["hostile"]
    if "precommit" in wanted:
        # As pre-commit runs it: a few files of a folder, those that name people and those that
        # do not, with the rest of the folder read from its index (people warnings).
        shutil.copytree(REPO / "articles", root / "precommit")
        (root / "precommit" / "2024-12-01-no-people.md").write_text(
            "---\ntitle: Nobody named\ndate: 2024-12-01\nstatus: draft\n---\nBody.\n"
        )
        names = sorted(p.name for p in (root / "precommit").glob("*.md"))
        sets["precommit"] = [f"precommit/{name}" for name in names[::4]] + [
            "precommit/2024-12-01-no-people.md"
        ]
    return sets


def _run(src: Path, args: list[str], cwd: Path) -> str:
    env = dict(os.environ, PYTHONPATH=str(src), NO_COLOR="1")
    result = subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, errors="replace"
    )
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}--- stderr\n{result.stderr}"


def _first_difference(a: str, b: str) -> str:
    la, lb = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(la, lb, strict=False)):
        if x != y:
            return f"line {i + 1}:\n  ref:  {x[:300]}\n  this: {y[:300]}"
    return f"lengths differ: ref {len(la)} lines, this {len(lb)} lines"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--ref", default="main", help="git revision to compare with (default: main)")
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated (default: {','.join(SETS)})")
    parser.add_argument("--keep", type=Path, help="also write every output into this folder")
    args = parser.parse_args(argv)
    try:  # what newsdesk and the stand-in builders need: run from newsdesk's environment
        import tomli_w  # noqa: F401

        import newsdesk  # noqa: F401
    except ImportError as exc:
        parser.exit(
            2,
            f"compare_output.py: {exc}: run it with the Python newsdesk is installed in "
            "(python -m pip install -e '.[test]', then that environment's python)\n",
        )
    wanted = set(args.sets.split(","))
    with tempfile.TemporaryDirectory(prefix="newsdesk-compare-") as tmp:
        ref_src = Path(tmp) / "ref"
        ref_src.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", args.ref, "src"], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(ref_src)], input=archive, check=True)
        data = Path(tmp) / "data"
        data.mkdir()
        sets = build_sets(data, wanted)
        failures = 0
        runs: list[tuple[str, list[str]]] = []
        for name, paths in sets.items():
            if name in wanted:
                runs.append((name, ["-m", "newsdesk", "validate", "--format", "json", *paths]))
                runs.append(
                    (f"{name} -j 1", ["-m", "newsdesk", "validate", "--format", "json", "-j", "1", *paths])
                )
                if name in ("realworld", "hostile", "bundled"):
                    runs.append((f"{name} text", ["-m", "newsdesk", "validate", *paths]))
                if name == "precommit":
                    for one in paths:
                        runs.append(
                            (f"{name} {one}", ["-m", "newsdesk", "validate", "--format", "json", one])
                        )
        if "app" in wanted:
            for name in ("broken", "standin", "site"):
                if name in sets:
                    runs.append((f"app index {name}", ["-c", INDEX_DUMP, name]))
        for label, cmd in runs:
            ref = _run(ref_src / "src", cmd, data)
            this = _run(REPO / "src", cmd, data)
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                stem = label.replace(" ", "_")
                (args.keep / f"{stem}.ref.txt").write_text(ref)
                (args.keep / f"{stem}.this.txt").write_text(this)
            if ref == this:
                print(f"same       {label} ({len(this):,} characters)")
            else:
                failures += 1
                print(f"DIFFERENT  {label}: {_first_difference(ref, this)}")
    print("identical" if not failures else f"{failures} run(s) differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
