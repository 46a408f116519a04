"""Write N realistic synthetic newsroom articles (for benchmarks and load tests).

    python benchmarks/generate.py OUT_DIR [--count 10000] [--seed 7] [--broken 0.0] [--toml 0.0]

Each article is about 4 KB: YAML (or, with ``--toml``, a share in TOML) front matter with a title,
date, status, byline, section, summary, tags, language, 3-9 attendees (some of them groups),
2-4 speakers who are named in the body, organisations, and a few body paragraphs. The output is
the same for the same arguments (fixed seed). ``--broken F`` makes a share F of the files carry one
mistake each (a syntax error, an impossible date, an unknown status, a missing speaker name, ...),
so that the checker's error paths are exercised too. A default ``newsdesk.toml`` is written next
to the articles so that the result does not depend on where OUT_DIR is.
"""

from __future__ import annotations

import argparse
import random
import sys
import zlib
from pathlib import Path

FIRST = [
    "Wang",
    "Liu",
    "Chang",
    "Jing",
    "Ma",
    "Zhao",
    "Chen",
    "Park",
    "Kim",
    "Lee",
    "Amara",
    "Nadia",
    "Tomas",
    "Ines",
    "Sofia",
    "Lucas",
    "Hannah",
    "Omar",
    "Priya",
    "Kenji",
    "Aiko",
    "Mateo",
    "Elena",
    "Yusuf",
    "Fatima",
    "Noah",
    "Grace",
    "Ivan",
    "Olga",
    "Samuel",
]
LAST = [
    "Weichen",
    "Hong",
    "Junyue",
    "Shuiqin",
    "Bizhuo",
    "Okafor",
    "Moreau",
    "Lindqvist",
    "Haddad",
    "Novak",
    "Silva",
    "Fischer",
    "Tanaka",
    "Rossi",
    "Kowalski",
    "Nguyen",
    "Adeyemi",
    "Costa",
    "Petrov",
    "Larsen",
    "Dubois",
    "Herrera",
    "Yilmaz",
    "Kaur",
    "Brennan",
]
ROLES = [
    "President",
    "Vice President",
    "Dean, Faculty of Business",
    "Director, Admissions Office",
    "Head of Research",
    "Professor of History",
    "Student Union Chair",
    "Chief Librarian",
    "Secretary of the Academic Council",
    "Visiting Scholar",
]
ORGS = [
    "Faculty of English",
    "Faculty of Journalism and Communication",
    "Faculty of Business",
    "Faculty of International Arts",
    "School of Engineering",
    "Graduate School",
    "Alumni Association",
    "Hanseong University",
    "City Council",
    "Coastal Research Centre",
]
GROUPS = [
    "heads of relevant functional departments",
    "secretaries and deans of the colleges",
    "all graduation-grade counselors",
    "student representatives",
    "members of the press",
]
SECTIONS = ["Campus News", "Research", "International", "Events", "Announcements"]
STATUSES = ["draft", "review", "approved", "published", "published", "published"]
TAGS = [
    "employment",
    "graduates",
    "research",
    "international",
    "awards",
    "library",
    "sustainability",
    "alumni",
    "conference",
    "teaching",
    "students",
    "partnership",
    "innovation",
    "community",
]
TOPICS = [
    "the employment of the class of the year",
    "the results of the past semester",
    "the plan for the new research centre",
    "international cooperation in teaching",
    "the renovation of the main library",
    "the net-zero plan and its consultation",
]
WORDS = [
    "the",
    "school",
    "held",
    "a",
    "meeting",
    "to",
    "promote",
    "work",
    "in",
    "the",
    "semester",
    "reviewing",
    "results",
    "and",
    "setting",
    "out",
    "requirements",
    "for",
    "the",
    "coming",
    "year",
    "while",
    "departments",
    "exchanged",
    "views",
    "on",
    "measures",
    "to",
    "improve",
    "services",
    "strengthen",
    "teams",
    "consolidate",
    "the",
    "market",
    "and",
    "carry",
    "out",
    "guidance",
    "for",
    "every",
    "graduate",
]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, rng.randint(12, 24)) for _ in range(rng.randint(3, 5)))


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _role_of(name: str, date: str, rng: random.Random, roles: str) -> str:
    """``roles="random"``: any role, each time (issue 13's set: no real archive does this; kept as
    an adversarial row). ``"realistic"`` (issue 23): a person keeps one role, 1 in 8 is promoted
    once (on a date of their own, to another role, kept from then on), and 1 reference in 300
    misspells the title once (a letter dropped)."""
    if roles == "random":
        return rng.choice(ROLES)
    h = zlib.crc32(name.encode())
    role = ROLES[h % len(ROLES)]
    if h % 8 == 0:
        promoted = f"{2019 + (h >> 8) % 7:04d}-{1 + (h >> 12) % 12:02d}-15"
        if date >= promoted:
            role = ROLES[(h // 7 + 1) % len(ROLES)]
    if rng.random() < 1 / 300:
        cut = 1 + rng.randrange(len(role) - 1)
        role = role[:cut] + role[cut + 1 :]
    return role


def _article_data(rng: random.Random, i: int, roles: str = "random") -> dict[str, object]:
    year = rng.randint(2019, 2025)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    date = f"{year:04d}-{month:02d}-{day:02d}"
    speakers: list[dict[str, str]] = []
    used: set[str] = set()
    n_speakers = rng.randint(2, 4)
    while len(speakers) < n_speakers:
        name = _name(rng)
        if name in used:
            continue
        used.add(name)
        speakers.append({"name": name, "role": _role_of(name, date, rng, roles), "topic": rng.choice(TOPICS)})
    attendees: list[dict[str, str]] = []
    for _ in range(rng.randint(3, 9)):
        if rng.random() < 0.2:
            attendees.append({"group": rng.choice(GROUPS)})
        else:
            name = _name(rng)
            if name in used:
                continue
            used.add(name)
            attendees.append(
                {"name": name, "role": _role_of(name, date, rng, roles), "organization": rng.choice(ORGS)}
            )
    return {
        "title": f"{rng.choice(SECTIONS)}: {_sentence(rng, rng.randint(6, 12))[:-1]} ({i})",
        "date": f"{year:04d}-{month:02d}-{day:02d}",
        "status": rng.choice(STATUSES),
        "byline": _name(rng),
        "section": rng.choice(SECTIONS),
        "summary": _sentence(rng, rng.randint(25, 40)),
        "tags": rng.sample(TAGS, rng.randint(1, 4)),
        "language": "en",
        "location": rng.choice(["Main Hall", "Library Auditorium", "Room 301", "Online"]),
        "attendees": attendees,
        "speakers": speakers,
        "organizations": rng.sample(ORGS, rng.randint(1, 4)),
    }


def _body(rng: random.Random, data: dict[str, object]) -> str:
    speakers = data["speakers"]
    assert isinstance(speakers, list)
    paras = [_paragraph(rng)]
    for sp in speakers:
        paras.append(f"{sp['name']}, {sp['role']}, spoke about {sp['topic']}. {_paragraph(rng)}")
    paras.append(_paragraph(rng))
    return "\n\n".join(paras) + "\n"


def _yaml(data: dict[str, object], body: str) -> str:
    out = ["---"]
    out.append(f"title: {_q(str(data['title']))}")
    out.append(f"date: {data['date']}")
    for key in ("status", "byline", "section"):
        out.append(f"{key}: {data[key]}")
    out.append("summary: >-")
    out.append(f"  {data['summary']}")
    out.append("tags:")
    out += [f"  - {t}" for t in data["tags"]]  # type: ignore[attr-defined]
    out.append(f"language: {data['language']}")
    out.append(f"location: {data['location']}")
    out.append("attendees:")
    for person in data["attendees"]:  # type: ignore[attr-defined]
        first = True
        for key, value in person.items():
            out.append(f"  {'- ' if first else '  '}{key}: {value}")
            first = False
    out.append("speakers:")
    for person in data["speakers"]:  # type: ignore[attr-defined]
        out.append(f"  - name: {person['name']}")
        out.append(f"    role: {person['role']}")
        out.append(f"    topic: {person['topic']}")
    out.append("# Organisations represented at the event.")
    out.append("organizations:")
    out += [f"  - {o}" for o in data["organizations"]]  # type: ignore[attr-defined]
    out.append("---")
    return "\n".join(out) + "\n\n" + body


def _toml(data: dict[str, object], body: str) -> str:
    out = ["+++"]
    out.append(f"title = {_q(str(data['title']))}")
    out.append(f"date = {data['date']}")
    for key in ("status", "byline", "section", "summary", "language", "location"):
        out.append(f"{key} = {_q(str(data[key]))}")
    out.append("tags = [" + ", ".join(_q(t) for t in data["tags"]) + "]")  # type: ignore[attr-defined]
    out.append("organizations = [" + ", ".join(_q(o) for o in data["organizations"]) + "]")  # type: ignore[attr-defined]
    for table in ("attendees", "speakers"):
        for person in data[table]:  # type: ignore[attr-defined]
            out.append("")
            out.append(f"[[{table}]]")
            out += [f"{k} = {_q(v)}" for k, v in person.items()]
    out.append("+++")
    return "\n".join(out) + "\n\n" + body


#: One mistake per broken file; each maps the article text to a broken version.
BREAKERS: list[tuple[str, str, str]] = [
    ("yaml-syntax", "title: ", "title: [unclosed "),
    ("date", "date: ", "date: 2023-02-30\nx_old_date: "),
    ("enum", "status: ", "status: reviewed\nx_old_status: "),
    ("ambiguous-value", "location: ", "location: on\nx_old_location: "),
    ("unknown-field", "section: ", "sectoin: "),
    ("required-one-of", "  - name: ", "  - nmae: "),
    ("duplicate-key", "byline: ", "byline: Someone Else\nbyline: "),
    ("type", "tags:\n", "tags: just one tag\nx_tags:\n"),
]


def generate(
    out: Path, count: int, *, seed: int = 7, broken: float = 0.0, toml: float = 0.0, roles: str = "random"
) -> list[Path]:
    """``roles``: "random" (issue 13's set, the default: the same bytes as before) or "realistic"
    (see `_role_of`)."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    _write_schema(out)
    written: list[Path] = []
    width = len(str(count))
    for i in range(count):
        data = _article_data(rng, i, roles)
        body = _body(rng, data)
        use_toml = rng.random() < toml
        text = _toml(data, body) if use_toml else _yaml(data, body)
        if not use_toml and rng.random() < broken:
            _code, old, new = BREAKERS[rng.randrange(len(BREAKERS))]
            text = text.replace(old, new, 1)
        path = out / f"{data['date']}-article-{i:0{width}d}.md"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _write_schema(out: Path) -> None:
    import tomli_w

    from newsdesk.core.rules.schema import DEFAULT_SCHEMA

    schema = {**DEFAULT_SCHEMA, "articles": {**DEFAULT_SCHEMA["articles"], "folder": "."}}
    (out / "newsdesk.toml").write_text(tomli_w.dumps(schema), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="folder to write into (created if missing)")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--broken", type=float, default=0.0, help="share of files with one mistake (0-1)")
    parser.add_argument("--toml", type=float, default=0.0, help="share of files with TOML front matter (0-1)")
    parser.add_argument(
        "--roles",
        choices=("random", "realistic"),
        default="random",
        help="each person's roles (see _role_of)",
    )
    args = parser.parse_args(argv)
    paths = generate(
        args.out, args.count, seed=args.seed, broken=args.broken, toml=args.toml, roles=args.roles
    )
    total = sum(p.stat().st_size for p in paths)
    average = total / max(len(paths), 1) / 1024
    print(f"wrote {len(paths)} articles to {args.out} ({average:.1f} KB each on average)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
