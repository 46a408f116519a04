"""``newsdesk people [FOLDER] [--json] [--person NAME] [--similar] [--write-aliases]``.

Everyone named in attendees and speakers across the folder: how often they attended and spoke,
when last, their role; one person's appearances (``--person``); the pairs that may be one person,
with the evidence (``--similar``); and a ``people.toml`` started from those suggestions for an
editor to confirm (``--write-aliases``). The folder is read through the same index the app keeps
(``$XDG_CACHE_HOME/newsdesk``), so a second run reads only what changed.

Exit codes: 0 ok; 1 no such person (with the closest names), or people.toml cannot be written;
2 usage or configuration error (no such folder, a broken newsdesk.toml or people.toml).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from newsdesk.cli.common import load_schema_or_fail, relative_to_cwd, resolve_folder
from newsdesk.core.model.textsafe import clean_line, escape_path
from newsdesk.core.persons.config import PeopleConfig, PeopleConfigError, people_file_for
from newsdesk.core.persons.people import (
    SORTS,
    ArticlePeople,
    PeopleIndex,
    PersonEntry,
    Suggestion,
    sort_people,
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", nargs="?", help="folder of articles; default: the configured folder")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--person", metavar="NAME", help="one person's appearances (any spelling of the name)"
    )
    parser.add_argument(
        "--similar",
        action="store_true",
        help="pairs that may be one person, with the evidence (never merged)",
    )
    parser.add_argument(
        "--write-aliases",
        action="store_true",
        help="start (or add to) people.toml from the spellings and suggestions, for you to edit",
    )
    parser.add_argument(
        "-n", "--dry-run", action="store_true", help="with --write-aliases: print what would be written"
    )
    parser.add_argument("--sort", choices=SORTS, default="name", help="order of the table (default: name)")


def load(folder: str | None) -> tuple[Path, PeopleIndex, Path]:
    """The folder, its people index and where its people.toml is (or would be)."""
    from newsdesk.cli.errors import UsageError
    from newsdesk.core.check.people_check import cache_dir, folder_people

    root = resolve_folder(folder)
    schema = load_schema_or_fail(root if root.is_dir() else root.parent)
    config_path = people_file_for(root, schema.source)
    try:
        from newsdesk.core.persons.config import load_people_config

        config = load_people_config(config_path)
    except PeopleConfigError as exc:
        raise UsageError(str(exc)) from None
    # A first run writes the caches in a forked child while the output is made (`run` waits).
    articles = folder_people(root, schema, {}, cache=cache_dir(), save_aside=True)
    return root, PeopleIndex.build(articles, config), config_path


def run(args: argparse.Namespace) -> int:
    from newsdesk.core.check.people_check import wait_for_saves

    try:
        return _run(args)
    finally:
        wait_for_saves()  # the caches a first run writes beside the output


def _run(args: argparse.Namespace) -> int:
    from newsdesk.cli.errors import UsageError

    if args.dry_run and not args.write_aliases:
        raise UsageError("--dry-run goes with --write-aliases")
    _, index, config_path = load(args.folder)
    relative = args.folder is None
    out = sys.stdout
    person: PersonEntry | None = None
    if args.person is not None:
        person = index.person_named(args.person)
        if person is None:
            return _no_such_person(index, args.person)
    if args.write_aliases:
        return _write_aliases(index, config_path, person, dry_run=args.dry_run)
    if args.similar:
        found = index.similar()
        if person is not None:
            found = [s for s in found if person in (s.a, s.b)]
        if args.json:
            _dump([_suggestion_json(s) for s in found])
        else:
            for s in found:
                out.write(_suggestion_line(s) + "\n")
            if not found:
                print("no suggestions: every name is far from the others", file=sys.stderr)
        return 0
    if person is not None:
        if args.json:
            _dump(_person_json(person, relative, index))
        else:
            out.write("\n".join(_person_lines(person, relative, index)) + "\n")
        return 0
    people = sort_people(index.people, args.sort)
    if args.json:
        _dump(
            {
                "people": [_person_json(p, relative, None) for p in people],
                "groups": [
                    {
                        "name": g.name,
                        "articles": g.count,
                        "appearances": [_appearance_json(a, relative) for a in g.appearances],
                    }
                    for g in index.groups
                ],
            }
        )
        return 0
    lines = _table(people)
    if index.groups:
        lines.append("")
        lines.append(f"groups ({len(index.groups)}):")
        for g in sorted(index.groups, key=lambda g: -g.count):
            lines.append(f"  {clean_line(g.name)} — {g.count} article{'s' if g.count != 1 else ''}")
    if lines:
        out.write("\n".join(lines) + "\n")
    else:
        print("no attendees or speakers in these articles", file=sys.stderr)
    return 0


def _no_such_person(index: PeopleIndex, name: str) -> int:
    close = index.closest(name) if index.people else []
    message = f"newsdesk: no person named {clean_line(name)!r}"
    if close:
        message += " (closest: " + ", ".join(clean_line(p.name) for p in close) + ")"
    print(message, file=sys.stderr)
    return 1


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _table(people: list[PersonEntry]) -> list[str]:
    if not people:
        return []
    columns = shutil.get_terminal_size((100, 24)).columns
    names = [clean_line(p.name) for p in people]
    width = min(max(len(n) for n in names), 32)
    # Authors (a byline of slugs naming profiles) get their own column, when there are any.
    authors = any(p.wrote for p in people)
    wrote = f"  {'wr':>3}" if authors else ""
    lines = [f"{'name':<{width}}  {'att':>3}  {'spk':>3}{wrote}  {'last':<10}  role"]
    for p, name in zip(people, names, strict=True):
        role = clean_line(p.latest_role or (p.organizations[0] if authors and p.organizations else ""))
        wrote = f"  {p.wrote:>3}" if authors else ""
        if len(p.spellings) > 1:
            role += f"  (+{_plural(len(p.spellings) - 1, 'spelling')})"
        line = f"{name:<{width}}  {p.attended:>3}  {p.spoke:>3}{wrote}  {p.last_date or '-':<10}  {role}".rstrip()
        if len(line) > columns > 40:
            line = line[: columns - 1] + "…"
        lines.append(line)
    return lines


_PATHS: dict[tuple[int, bool], tuple[ArticlePeople, str]] = {}


def _path(article: ArticlePeople, relative: bool) -> str:
    # An article is named once per person and appearance (150,000 times for 10,000 articles):
    # its path is written out once (the article kept beside its text, so its id stays its own).
    key = (id(article), relative)
    known = _PATHS.get(key)
    if known is not None and known[0] is article:
        return known[1]
    text = escape_path(relative_to_cwd(article.path) if relative else article.path)
    _PATHS[key] = (article, text)
    return text


def _person_lines(person: PersonEntry, relative: bool, index: PeopleIndex) -> list[str]:
    lines = [clean_line(person.name)]
    spellings = ", ".join(f"{clean_line(s)} ({n})" for s, n in person.spellings.items())
    lines.append(f"  written: {spellings}" + ("  [people.toml]" if person.configured else ""))
    lines.append(
        f"  attended {person.attended}, spoke {person.spoke}"
        + (f", wrote {person.wrote}" if person.wrote else "")
        + "; "
        f"first {person.first_date or '-'}, last {person.last_date or '-'}"
    )
    history = person.role_history
    if history:
        lines.append("  roles:")
        for span in history:
            what = ", ".join(clean_line(x) for x in (span.role, span.organization) if x)
            when = span.first_date or "-"
            if span.last_date and span.last_date != span.first_date:
                when += f" to {span.last_date}"
            lines.append(
                f"    {what} — {when}, {_plural(span.count, 'article')} (from {_path(span.article, relative)})"
            )
    topics = person.topics
    if topics:
        lines.append("  spoke on:")
        for topic, a in topics:
            lines.append(f"    {a.date or '-':<10}  {clean_line(topic)}")
    suggestions = index.suggestions_for(person)
    if suggestions:
        lines.append("  maybe also (not merged):")
        for s in suggestions:
            other = s.b if s.a is person else s.a
            lines.append(
                f"    {clean_line(other.name)} ({_plural(other.count, 'article')}): {s.kind}, {clean_line(s.evidence)}"
            )
    lines.append("  articles (newest first):")
    for article in person.articles:
        role = person.role_in(article)
        kinds = " and ".join(person.kinds_in(article))
        lines.append(
            f"    {article.date or '-':<10}  {kinds:<21}  {clean_line(role or '-')}  —  "
            f"{clean_line(article.title or '(no title)')}  {_path(article, relative)}"
        )
    return lines


def _appearance_json(a: Any, relative: bool) -> dict[str, Any]:
    return {
        "path": _path(a.article, relative),
        "date": a.article.date or None,
        "title": a.article.title or None,
        "as": a.kind,
        "name": a.name,
        "role": a.role,
        "organization": a.organization,
        "topic": a.topic,
    }


def _person_json(person: PersonEntry, relative: bool, index: PeopleIndex | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": person.name,
        "spellings": person.spellings,
        "configured": person.configured,
        "attended": person.attended,
        "spoke": person.spoke,
        "wrote": person.wrote,
        "articles": person.count,
        "first_date": person.first_date or None,
        "last_date": person.last_date or None,
        "roles": [
            {
                "role": s.role,
                "organization": s.organization,
                "first_date": s.first_date or None,
                "last_date": s.last_date or None,
                "articles": s.count,
                "from": _path(s.article, relative),
            }
            for s in person.role_history
        ],
        "organizations": person.organizations,
        "topics": [
            {"topic": t, "date": a.date or None, "path": _path(a.article, relative)} for t, a in person.topics
        ],
        "appearances": [_appearance_json(a, relative) for a in person.appearances],
    }
    if index is not None:
        data["suggestions"] = [_suggestion_json(s) for s in index.suggestions_for(person)]
    return data


def _suggestion_json(s: Suggestion) -> dict[str, Any]:
    return {
        "a": {"name": s.a.name, "articles": s.a.count},
        "b": {"name": s.b.name, "articles": s.b.count},
        "kind": s.kind,
        "score": round(s.score, 1),
        "evidence": s.evidence,
    }


def _suggestion_line(s: Suggestion) -> str:
    return (
        f"{clean_line(s.a.name)} ({_plural(s.a.count, 'article')}) ~ {clean_line(s.b.name)} "
        f"({_plural(s.b.count, 'article')}): {s.kind}, {clean_line(s.evidence)}"
    )


def _dump(data: Any) -> None:
    from newsdesk.cli.jsonout import dump_indented

    dump_indented(data, sys.stdout)  # json.dump(..., ensure_ascii=False, indent=2), faster
    sys.stdout.write("\n")


# -- people.toml ------------------------------------------------------------------------------------

HEADER = """\
# people.toml: who is who in this archive, for newsdesk (the People view, `newsdesk people`
# and validate's name-variant warnings). It sits beside newsdesk.toml.
#
#   [[person]]    name = the spelling to use everywhere; aliases = other spellings of that person
#                 (merged with it, and validate suggests the name instead of them)
#   [[not_same]]  names = spellings that look alike but are different people (never suggested
#                 as one again)
#
# Started by `newsdesk people --write-aliases`. Spellings newsdesk already counts as the same
# person are listed as aliases; suggestions (near misses, Han/pinyin readings, initials) are
# commented out: uncomment the right ones, or move a pair to [[not_same]].
"""


def _toml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def aliases_text(index: PeopleIndex, existing: str = "", only: PersonEntry | None = None) -> str:
    """The ``[[person]]`` blocks for people with several spellings or suggestions that
    ``existing`` (a people.toml's text) does not mention yet."""
    mentioned = existing

    def known(name: str) -> bool:
        return _toml_str(name) in mentioned

    by_person: dict[int, list[Suggestion]] = {}
    for s in index.similar():
        # The suggestion goes to the block of the person named in more articles.
        major, minor = (s.a, s.b) if (s.a.count, -s.a.id) >= (s.b.count, -s.b.id) else (s.b, s.a)
        by_person.setdefault(major.id, []).append(Suggestion(major, minor, s.kind, s.score, s.evidence))
    blocks: list[str] = []
    for person in index.people:
        if only is not None and person is not only:
            continue
        same = [sp for sp in person.spellings if sp != person.name and not known(sp)]
        maybe = [s for s in by_person.get(person.id, []) if not known(s.b.name)]
        if only is not None:
            maybe += [
                Suggestion(person, s.a if s.b is person else s.b, s.kind, s.score, s.evidence)
                for s in index.suggestions_for(person)
                if s.a is not person and s.b is person and not known(s.a.name)
            ]
        if not same and not maybe:
            continue
        lines: list[str] = []
        if not known(person.name) or not (person.configured and not same):
            lines += ["[[person]]", f"name = {_toml_str(person.name)}", "aliases = ["]
        else:
            lines += [f"# more for {clean_line(person.name)}:", "# aliases = ["]
        for sp in same:
            from newsdesk.core.persons.names import differences

            why = ", ".join(differences(sp, person.name))
            lines.append(
                f"    {_toml_str(sp)},  # same by the rules ({why}): {_plural(person.spellings[sp], 'article')}"
            )
        for s in maybe:
            lines.append(
                f"    # {_toml_str(s.b.name)},  # {s.kind}: {clean_line(s.evidence)} ({_plural(s.b.count, 'article')})"
            )
        lines.append("]" if lines[0] == "[[person]]" else "# ]")
        blocks.append("\n".join(lines))
        mentioned += "\n".join(lines)
    return "\n\n".join(blocks)


def _write_aliases(index: PeopleIndex, path: Path, only: PersonEntry | None, *, dry_run: bool) -> int:
    from newsdesk.cli.errors import CommandError
    from newsdesk.core.model.errors import SaveError
    from newsdesk.core.write.disk import atomic_write

    try:
        existing = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        existing = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read {escape_path(path)}: {exc}") from None
    blocks = aliases_text(index, existing, only)
    shown = escape_path(relative_to_cwd(path))
    if not blocks:
        print(f"nothing to add to {shown}: no other spellings or suggestions", file=sys.stderr)
        return 0
    text = (existing.rstrip("\n") + "\n\n" if existing else HEADER + "\n") + blocks + "\n"
    if dry_run:
        sys.stdout.write(text)
        return 0
    try:
        atomic_write(path, text.encode("utf-8"))
    except (OSError, SaveError) as exc:
        raise CommandError(f"cannot write {shown}: {exc}") from None
    count = blocks.count("[[person]]") + blocks.count("# more for ")
    verb = "added to" if existing else "wrote"
    print(f"{verb} {shown}: {_plural(count, 'person')} to check", file=sys.stderr)
    return 0


__all__ = ["PeopleConfig", "aliases_text", "configure", "load", "run"]
