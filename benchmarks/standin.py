"""Stand-ins for a real Hugo site, made from real files of that site (not in this repository).

    python benchmarks/standin.py OUT_DIR [--shape site|news] [--count 4041] [--source DIR]

``--shape site`` (the default, issue 23): a whole site's ``content/`` folder shaped like the real
one the issue measured: 4,041 files in 1,366 folders, 1,138 folders holding a single file; 1,123
``_index.md`` section and profile pages, 1,044 of them author profiles
``authors/<slug>/_index.md``; sections news 2,081, authors 1,044, events 339, resources 228,
guides 130, then topics and sources; the articles' ``authors`` name profiles by slug (a
``[references.authors]`` table, issue 20), a few authors writing much, most a little. Made from
``digitalgov-sections-sample`` and ``digitalgov-news-2023`` beside the repository (`build_site`).

``--shape news``: issue 13's one-section stand-in, kept as a row of its own (`build`):

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
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "realworld" / "digitalgov-news-2023"
SECTIONS_SOURCE = REPO.parent / "shared" / "realworld" / "digitalgov-sections-sample" / "content"
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


# -- the whole site (issue 23) ---------------------------------------------------------------------

FIRST = [
    "Aaron",
    "Abby",
    "Adam",
    "Aidan",
    "Alan",
    "Albert",
    "Alex",
    "Alice",
    "Amanda",
    "Amy",
    "Ana",
    "Andrea",
    "Angela",
    "Anna",
    "Ben",
    "Beth",
    "Bill",
    "Brian",
    "Carla",
    "Carlos",
    "Carol",
    "Chris",
    "Claire",
    "Dan",
    "Dana",
    "David",
    "Diana",
    "Emily",
    "Eric",
    "Erin",
    "Frank",
    "Grace",
    "Hannah",
    "Ian",
    "Jack",
    "James",
    "Jane",
    "Jason",
    "Jen",
    "Jessica",
    "Joe",
    "John",
    "Jose",
    "Julia",
    "Karen",
    "Kate",
    "Kevin",
    "Laura",
    "Lee",
    "Linda",
    "Lisa",
    "Maria",
    "Mark",
    "Mary",
    "Matt",
    "Megan",
    "Michael",
    "Mike",
    "Nancy",
    "Nina",
    "Paul",
    "Peter",
    "Rachel",
    "Rosa",
    "Ryan",
    "Sam",
    "Sara",
    "Sean",
    "Sophie",
    "Steve",
    "Tara",
    "Tom",
    "Victor",
    "Wei",
    "Yan",
    "Zoe",
]
LAST = [
    "Abbott",
    "Adams",
    "Alvarez",
    "Baker",
    "Barnes",
    "Bell",
    "Brooks",
    "Brown",
    "Bryant",
    "Campbell",
    "Carter",
    "Chen",
    "Clark",
    "Cohen",
    "Collins",
    "Cook",
    "Cooper",
    "Cruz",
    "Davis",
    "Diaz",
    "Edwards",
    "Evans",
    "Fisher",
    "Flores",
    "Foster",
    "Garcia",
    "Gomez",
    "Gray",
    "Green",
    "Hall",
    "Harris",
    "Hayes",
    "Hill",
    "Howard",
    "Hughes",
    "Jackson",
    "James",
    "Jenkins",
    "Johnson",
    "Jones",
    "Kelly",
    "Kim",
    "Lee",
    "Lewis",
    "Li",
    "Lopez",
    "Martin",
    "Miller",
    "Mitchell",
    "Moore",
    "Morgan",
    "Murphy",
    "Nguyen",
    "Ortiz",
    "Parker",
    "Patel",
    "Perez",
    "Price",
    "Reed",
    "Rivera",
    "Roberts",
    "Rogers",
    "Ross",
    "Russell",
    "Sanchez",
    "Scott",
    "Shaw",
    "Smith",
    "Stewart",
    "Sullivan",
    "Taylor",
    "Thomas",
    "Torres",
    "Turner",
    "Walker",
    "Wang",
    "Ward",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
    "Zhang",
]

_AUTHORS_BLOCK = re.compile(r"^authors:[ \t]*\n((?:[ \t]*- .*\n)+)", re.MULTILINE)
_FIELD = {
    name: re.compile(rf"^{name}: .*$", re.MULTILINE)
    for name in ("slug", "display_name", "first_name", "last_name")
}


def _split(text: str) -> tuple[str, str]:
    """(front matter with its fences, body) of a ``---`` article."""
    end = text.find("\n---", 3)
    end = text.find("\n", end + 4)
    return (
        (text if text.endswith("\n") else text + "\n", "") if end < 0 else (text[: end + 1], text[end + 1 :])
    )


def _cut(body: str, target: int) -> str:
    """``body`` cut at the first blank line after ``target`` characters (as it is if shorter)."""
    at = body.find("\n\n", target)
    return body if at < 0 else body[: at + 1]


def _profile(template: str, first: str, last: str, slug: str) -> str:
    values = {
        "slug": slug,
        "display_name": f'"{first} {last}"',
        "first_name": f'"{first}"',
        "last_name": f'"{last}"',
    }
    for name, pattern in _FIELD.items():
        template = pattern.sub(lambda _m, n=name: f"{n}: {values[n]}", template, count=1)
    return template.replace("/authors/", f"/authors/{slug}#", 1) if "/authors/" in template else template


def _dated(
    text: str,
    day: dt.date,
    n: int,
    rng: random.Random,
    slugs: list[str],
    weights: list[float],
    bodies: list[str],
) -> str:
    """An article ``text`` moved to ``day``, title and slug made its own (``n``), its authors
    replaced by as many profile slugs, and its body cut to a realistic length. Most of the real
    files' link posts have no body, and their newer front matter more comments than the archive's
    older articles: a body is taken from ``bodies`` for those, and 3 in 4 lose their comments."""
    head, body = _split(text)
    if len(body) < 200:
        body = bodies[rng.randrange(len(bodies))]
    if rng.random() < 0.75:
        head = _uncommented(head)
    match = _DATE.search(head)
    if match:
        head = head[: match.start()] + f"date: {day.isoformat()}{match.group(4)}" + head[match.end() :]
    head = _TITLE.sub(lambda m: f"title: {_append(m.group(1), f' ({n})')}", head, count=1)
    head = _SLUG.sub(lambda m: f"slug: {_append(m.group(1), f'-{n}')}", head, count=1)

    def authors(m: re.Match[str]) -> str:
        count = m.group(1).count("\n")
        chosen = list(dict.fromkeys(rng.choices(slugs, weights, k=count)))
        return "authors:\n" + "".join(f"  - {slug}\n" for slug in chosen)

    head = _AUTHORS_BLOCK.sub(authors, head, count=1)
    return head + _cut(body, int(rng.lognormvariate(8.05, 0.6)))


def _uncommented(head: str) -> str:
    return "".join(line for line in head.splitlines(keepends=True) if not line.lstrip().startswith("#"))


def _slug_of(text: str, fallback: str) -> str:
    match = _SLUG.search(text)
    value = match.group(1).strip().strip("\"'") if match else ""
    return (re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-")[:50].strip("-") or "page") + f"-{fallback}"


def _months(first_year: int, last_year: int) -> list[tuple[int, int]]:
    return [(y, m) for y in range(first_year, last_year + 1) for m in range(1, 13)]


def build_site(
    out: Path,
    news_source: Path = DEFAULT_SOURCE,
    sections: Path = SECTIONS_SOURCE,
    *,
    schema: bool = True,
    seed: int = 23,
) -> list[Path]:
    """Write the site-shaped stand-in under ``out`` (see the module's text); the files' paths.

    The same arguments give the same bytes."""
    rng = random.Random(seed)
    read = lambda paths: [p.read_text(encoding="utf-8") for p in sorted(paths)]  # noqa: E731
    news = read(
        p for p in [*news_source.rglob("*.md"), *(sections / "news").rglob("*.md")] if p.name != "_index.md"
    )
    events = read(p for p in (sections / "events").rglob("*.md") if p.name != "_index.md")
    profiles = read((sections / "authors").glob("*/_index.md"))
    topics = read((sections / "topics").glob("*/_index.md"))
    sources = read(p for p in (sections / "sources").glob("*.md") if p.name != "_index.md")
    index_page = (sections / "events" / "_index.md").read_text(encoding="utf-8")
    if not (news and events and profiles and topics and sources):
        raise SystemExit(f"missing real files under {news_source} or {sections}")
    bodies = [body for body in (_split(t)[1] for t in news + events) if len(body) >= 200]
    files: dict[Path, str] = {}

    # 1,044 author profiles, one folder each; a few write much, most a little (Zipf-like).
    names = [(f, last) for last in LAST for f in FIRST]
    rng.shuffle(names)
    slugs: list[str] = []
    for n, (first, last) in enumerate(names[:1044]):
        slug = f"{first}-{last}".lower()
        slugs.append(slug)
        files[Path("authors", slug, "_index.md")] = _profile(profiles[n % len(profiles)], first, last, slug)
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(slugs))]

    def section_index(name: str) -> str:
        return _TITLE.sub(f"title: {name.title()}", index_page, count=1)

    def dated(
        section: str, templates: list[str], count: int, months: list[tuple[int, int]], singles: int
    ) -> None:
        # ``singles`` months hold one file each; the rest share the others evenly.
        per_month = [1] * singles + [0] * (len(months) - singles)
        for i in range(count - singles):
            per_month[singles + i % (len(months) - singles)] += 1
        n = 0
        for (year, month), k in zip(months, per_month, strict=True):
            for j in range(k):
                day = dt.date(year, month, 1 + (j * 29 // max(k, 1)) % 28)
                text = _dated(templates[n % len(templates)], day, n, rng, slugs, weights, bodies)
                files[
                    Path(
                        section,
                        f"{year:04d}",
                        f"{month:02d}",
                        f"{day.isoformat()}-{_slug_of(text, str(n))}.md",
                    )
                ] = text
                n += 1

    files[Path("news", "_index.md")] = section_index("news")
    dated("news", news, 2080, _months(2013, 2024), 0)
    files[Path("events", "_index.md")] = section_index("events")
    event_months = _months(2016, 2024)
    dated("events", events, 338, sorted(rng.sample(event_months, 99)), 30)
    files[Path("resources", "_index.md")] = section_index("resources")
    for n in range(227):
        text = _dated(
            news[(n * 7) % len(news)],
            dt.date(2015, 1, 1) + dt.timedelta(days=11 * n),
            n,
            rng,
            slugs,
            weights,
            bodies,
        )
        files[Path("resources", f"{_slug_of(text, str(n))}.md")] = text
    files[Path("guides", "_index.md")] = section_index("guides")
    n = 0
    for g in range(13):
        guide = f"guide-{g + 1:02d}"
        files[Path("guides", guide, "_index.md")] = section_index(guide.replace("-", " "))
        for _ in range(9 if g < 12 else 8):
            text = _dated(
                news[(n * 5) % len(news)],
                dt.date(2019, 1, 1) + dt.timedelta(days=9 * n),
                n,
                rng,
                slugs,
                weights,
                bodies,
            )
            files[Path("guides", guide, f"{_slug_of(text, str(n))}.md")] = text
            n += 1
    files[Path("topics", "_index.md")] = section_index("topics")
    for n in range(60):
        text = _SLUG.sub(
            lambda m, n=n: f"slug: {_append(m.group(1), f'-{n}')}",
            _uncommented(topics[n % len(topics)]),
            count=1,
        )
        files[Path("topics", _slug_of(text, str(n)), "_index.md")] = text
    files[Path("sources", "_index.md")] = section_index("sources")
    for n in range(157):
        text = _uncommented(sources[n % len(sources)])
        files[Path("sources", f"source_{_slug_of(text, str(n))}.md")] = text
    written = []
    for rel, text in sorted(files.items()):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    if schema:
        subprocess.run(
            [sys.executable, "-m", "newsdesk", "init", "--detect", str(out)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return written


def shape(out: Path) -> dict[str, object]:
    """What `build_site` is measured against: files, folders, single-file folders, ``_index.md``
    pages, files per section, median and 90th percentile of front-matter and body sizes."""
    import statistics

    paths = sorted(p for p in out.rglob("*.md"))
    folders: dict[Path, int] = {}
    heads: list[int] = []
    bodies: list[int] = []
    sections: dict[str, int] = {}
    for p in paths:
        folders[p.parent] = folders.get(p.parent, 0) + 1
        head, body = _split(p.read_text(encoding="utf-8"))
        heads.append(len(head.encode()))
        bodies.append(len(body.encode()))
        top = p.relative_to(out).parts[0]
        sections[top] = sections.get(top, 0) + 1
    return {
        "files": len(paths),
        "folders": len(folders),
        "single-file folders": sum(1 for n in folders.values() if n == 1),
        "_index.md": sum(1 for p in paths if p.name == "_index.md"),
        "sections": dict(sorted(sections.items(), key=lambda kv: -kv[1])),
        "front matter median, p90": (statistics.median(heads), statistics.quantiles(heads, n=10)[-1]),
        "body median": statistics.median(bodies),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--shape", choices=("site", "news"), default="site")
    parser.add_argument("--count", type=int, default=4041, help="--shape news: how many articles")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        raise SystemExit(
            f"no such folder: {args.source} (give --source: a folder of real Hugo news articles)"
        )
    if args.shape == "site":
        paths = build_site(args.out, args.source)
        print(f"{len(paths)} files in {args.out}: {shape(args.out)}")
        return 0
    paths = build(args.out, args.count, args.source)
    print(f"{len(paths)} articles in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
