"""A stand-in for a real Hugo news section: N articles made from a folder of real ones.

    python benchmarks/standin.py OUT_DIR [--count 4041] [--source DIR]

Issue 13's first rows were measured on 4,041 real Hugo news articles from a public site (small
front matter: a date with a UTC offset, title, deck, summary, topics, authors, slug, weight, YAML
comments; bodies with Hugo shortcodes). They are not in this repository. This builds a folder of
the same shape by replicating a folder of real articles of that site (by default the 94 of
``../shared/realworld/digitalgov-news-2023`` beside the repository, when it is there) with varied
names and values: copy *k* of each file gets its own file name, ``YYYY/MM`` folder, date, title
and slug, and every other byte is the original's. A ``newsdesk.toml`` inferred from the real
articles (``newsdesk init --detect``) is written at its top, as a site using newsdesk would have one.

The output is the same for the same arguments. Nothing here is kept in git.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "realworld" / "digitalgov-news-2023"
ORDINALS = ["", "Again", "Revisited", "Update", "Part Two", "A Year On", "Follow-up", "Redux", "Notes"]

_DATE = re.compile(r"^date: (\d{4})-(\d{2})-(\d{2})(.*)$", re.MULTILINE)
_TITLE = re.compile(r"^title: (.*)$", re.MULTILINE)
_SLUG = re.compile(r"^slug: (.*)$", re.MULTILINE)


def _append(value: str, extra: str) -> str:
    """``extra`` added to a YAML scalar as written (inside its quotes if it has them)."""
    value = value.rstrip()
    if value[:1] in "\"'" and value.endswith(value[0]) and len(value) > 1:
        return value[:-1] + extra + value[0]
    return value + extra


def _vary(text: str, copy: int) -> tuple[str, dt.date]:
    """Copy ``copy`` of an article: date moved back ``copy`` x 37 days, title and slug marked."""
    match = _DATE.search(text)
    day = (
        dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if match
        else dt.date(2023, 1, 1)
    )
    day -= dt.timedelta(days=37 * copy)
    if match:
        text = text[: match.start()] + f"date: {day.isoformat()}{match.group(4)}" + text[match.end() :]
    if copy:
        suffix = ORDINALS[copy % len(ORDINALS)] or f"No. {copy}"
        text = _TITLE.sub(lambda m: f"title: {_append(m.group(1), f' ({suffix} {copy})')}", text, count=1)
        text = _SLUG.sub(lambda m: f"slug: {m.group(1)}-{copy}", text, count=1)
    return text, day


def build(out: Path, count: int = 4041, source: Path = DEFAULT_SOURCE, *, schema: bool = True) -> list[Path]:
    """Write ``count`` articles under ``out`` (``YYYY/MM/YYYY-MM-DD-name.md``); their paths."""
    originals = sorted(p for p in source.rglob("*.md") if p.is_file())
    if not originals:
        raise SystemExit(f"no articles in {source}")
    texts = [p.read_text(encoding="utf-8") for p in originals]
    written: list[Path] = []
    taken: set[Path] = set()
    for n in range(count):
        copy, which = divmod(n, len(originals))
        text, day = _vary(texts[which], copy)
        name = originals[which].name.split("-", 3)[-1]
        if copy:
            name = name.replace(".md", f"-{copy}.md")
        path = out / f"{day.year:04d}" / f"{day.month:02d}" / f"{day.isoformat()}-{name}"
        while path in taken:  # two originals of the same name and day
            path = path.with_name(path.name.replace(".md", "-b.md"))
        taken.add(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    if schema:
        # The schema the site would have: inferred from the real articles themselves.
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(source, Path(tmp) / "site")
            subprocess.run(
                [sys.executable, "-m", "newsdesk", "init", "--detect", str(Path(tmp) / "site")],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            shutil.copy(Path(tmp) / "site" / "newsdesk.toml", out / "newsdesk.toml")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=4041)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        raise SystemExit(
            f"no such folder: {args.source} (give --source: a folder of real Hugo news articles)"
        )
    paths = build(args.out, args.count, args.source)
    print(f"{len(paths)} articles in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
