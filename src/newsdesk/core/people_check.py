"""The people warnings of ``newsdesk validate``: ``name-variant``, ``role-changed`` and
``speaker-not-attending``.

They need the whole folder, not one file: run over a folder they are worked out once, from what
checking the files already read (`FileResult.people`); run on a few files (pre-commit) the rest of
the folder comes from the folder index the app keeps in ``$XDG_CACHE_HOME/newsdesk`` (only files
changed since are read, and the cache is updated for the next run).

Which folder: the ``[articles] folder`` of the ``newsdesk.toml`` that governs a file, else the
folder that ``newsdesk.toml`` is in, else the folder given on the command line that holds the
file, else the file's own folder. ``people.toml`` beside ``newsdesk.toml`` (or in that folder)
is honoured.

* ``name-variant``: a spelling that differs from the canonical (``people.toml``) or most used
  spelling of the same person, or a near miss of a name used in more articles (suggested, with
  the evidence; pairs ``people.toml`` says are different people are left alone).
* ``role-changed``: a role different from the one the person had in the nearest earlier article
  (by date) that gives one: fine for a promotion, so a warning, never an error.
* ``speaker-not-attending``: a speaker missing from the attendees, when the attendees name people
  and no group (a group such as "members of the public" may include the speaker).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from newsdesk.core.article import Article
from newsdesk.core.people import (
    ArticlePeople,
    PeopleConfig,
    PeopleIndex,
    PersonEntry,
    differences,
    earlier_roles,
    load_people_config,
    people_file_for,
    refs_of,
    role_key,
)
from newsdesk.core.problems import Problem
from newsdesk.core.schema import Schema


def cache_dir() -> Path:
    """Where derived data (the folder index) is kept: ``$XDG_CACHE_HOME/newsdesk/``."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "newsdesk"


def article_people(article: Article, schema: Schema, root: Path | None = None) -> ArticlePeople | None:
    """What the people index needs of ``article`` (None when its front matter was not read)."""
    if article.format is None or not isinstance(article.metadata, dict) or not article.metadata:
        return None
    roles = schema.roles
    date = roles.date_of(article.metadata)
    rel = str(article.path)
    if root is not None:
        try:
            rel = str(article.path.relative_to(root))
        except ValueError:
            pass
    return ArticlePeople(
        article.path,
        rel,
        roles.title_of(article.metadata) or "",
        date.isoformat() if date else "",
        refs_of(article.metadata, roles),
    )


# -- one article's warnings ------------------------------------------------------------------------

#: A warning before its position is known: (field path, code, message, at the value).
Pending = tuple[str, str, str]


def _field(schema: Schema, kind: str, position: int, key: str) -> str:
    roles = schema.roles
    list_field = roles.attendees if kind == "attendee" else roles.speakers
    return f"{list_field}[{position}].{roles.person.get(key, key)}"


def _articles(n: int) -> str:
    return f"{n} article" + ("" if n == 1 else "s")


def pending_for(art: ArticlePeople, index: PeopleIndex, schema: Schema) -> list[Pending]:
    """The people warnings of one article against the folder's index (positions still unknown)."""
    out: list[Pending] = []
    people: list[tuple[Any, PersonEntry]] = []
    for ref in art.persons:
        if ref.name is None or not ref.name.strip():
            continue
        person = index.person_named(ref.name)
        if person is not None:
            people.append((ref, person))
    near: dict[int, Any] | None = None
    # name-variant
    for ref, person in people:
        spelling = ref.name.strip()
        path = _field(schema, ref.kind, ref.position, "name")
        if spelling != person.name:
            how = ", ".join(differences(spelling, person.name))
            if person.configured:
                where = "people.toml names this person"
            else:
                where = f"so in {_articles(person.spellings.get(person.name, 0))}"
            out.append(
                (
                    path,
                    "name-variant",
                    f"'{spelling}' is '{person.name}' ({where}; differs by {how}): write it the same way",
                )
            )
            continue
        if near is None:
            near = _near_for(index, [p for _, p in people])
        found = near.get(person.id)
        if found is not None:
            other, evidence = found
            out.append(
                (
                    path,
                    "name-variant",
                    f"'{spelling}' may be '{other.name}' ({_articles(other.count)}; {evidence}): a "
                    "misspelling? If they are two people, list both under [[not_same]] in people.toml",
                )
            )
    # role-changed
    said: set[tuple[int, str]] = set()
    here: dict[int, set[str]] = {}  # each person's roles in this article
    for ref, person in people:
        if ref.role:
            here.setdefault(person.id, set()).add(role_key(ref.role, person.organizations))
    for ref, person in people:
        if not ref.role or not art.date:
            continue
        orgs = person.organizations
        key = role_key(ref.role, orgs)
        if (person.id, key) in said:
            continue
        said.add((person.id, key))
        earlier = earlier_roles(person, art.date)
        if earlier is None:
            continue
        before, roles = earlier
        # Listed here with the earlier role too (and a second one, e.g. "..., Chair"): unchanged.
        if {role_key(r, orgs) for r in roles} & here[person.id]:
            continue
        out.append(
            (
                _field(schema, ref.kind, ref.position, "role"),
                "role-changed",
                f"{person.name}'s role '{' '.join(ref.role.split())}' differs from '{' '.join(roles[0].split())}' "
                f"in {before.rel} ({before.date}), the nearest earlier article naming them: fine if it "
                "changed (a promotion); else write it the same way",
            )
        )
    # speaker-not-attending
    attendees = [r for r in art.persons if r.kind == "attendee"]
    if attendees and all(r.name for r in attendees):
        present = {p.id for r, p in people if r.kind == "attendee"}
        present_names = {" ".join(r.name.split()).casefold() for r in attendees if r.name}
        for ref, person in people:
            if ref.kind != "speaker" or person.id in present:
                continue
            if " ".join(ref.name.split()).casefold() in present_names:
                continue
            out.append(
                (
                    _field(schema, "speaker", ref.position, "name"),
                    "speaker-not-attending",
                    f"speaker '{' '.join(ref.name.split())}' is not among the attendees: add them there "
                    "(or check the spelling in both lists)",
                )
            )
    return out


def _near_for(index: PeopleIndex, people: Sequence[PersonEntry]) -> dict[int, Any]:
    """For each of ``people``: a person named in more articles whose name is a near miss of
    theirs (or the same with initials or a title added), with the evidence."""
    from newsdesk.core.people import suggest_for

    out: dict[int, Any] = {}
    for s in suggest_for(index, people):
        if s.kind == "pinyin":
            continue
        for me, other in ((s.a, s.b), (s.b, s.a)):
            if me in people and other.count > me.count:
                best = out.get(me.id)
                if best is None or other.count > best[0].count:
                    out[me.id] = (other, s.evidence)
    return out


def locate_pending(article: Article, pending: list[Pending]) -> list[Problem]:
    """Problems at the values the pending warnings are about (the article is read with positions)."""
    out: list[Problem] = []
    for path, code, message in pending:
        target = path if path in article.locations else path[: path.rindex(".")]
        pos = article.value_position(target)
        out.append(Problem(code, message, pos.line, pos.column, "warning", target))
    return out


# -- over many files -------------------------------------------------------------------------------


def people_root(path: Path, schema: Schema, given: Sequence[Path]) -> Path:
    """The folder whose articles ``path`` is checked against (see the module's docstring)."""
    if schema.source is not None:
        return schema.folder if schema.folder is not None else schema.source.parent
    best: Path | None = None
    for g in given:
        try:
            inside = g.is_dir() and (g == path.parent or g in path.parents)
            if inside and (best is None or len(g.parts) < len(best.parts)):
                best = g
        except OSError:
            continue
    return best if best is not None else (path.parent if path.parent.parts else Path("."))


def load_config_for(root: Path, schema: Schema) -> PeopleConfig:
    """``people.toml`` for ``root``; `newsdesk.core.people.PeopleConfigError` when it is broken."""
    return load_people_config(people_file_for(root, schema.source))


def folder_people(
    root: Path,
    schema: Schema,
    fresh: dict[Path, ArticlePeople],
    *,
    cache: Path | None,
    checker: Callable[[Article], list[Problem]] | None = None,
) -> list[ArticlePeople]:
    """Every article under ``root``: ``fresh`` ones as given, the others from the folder index
    (cached as the app's is: only files changed since are read; the cache is updated)."""
    from newsdesk.core.index import FolderIndex, cache_file_for, cache_tag, iter_article_paths

    by_real = {os.path.realpath(p): a for p, a in fresh.items()}
    paths = list(iter_article_paths(root))
    found: dict[Path, ArticlePeople] = {}
    missing: list[Path] = []
    for p in paths:
        art = by_real.pop(os.path.realpath(p), None)
        if art is None:
            missing.append(p)
        else:
            found[p] = replace(art, rel=_rel(p, root))
    out = list(found.values()) + [replace(a, rel=_rel(a.path, root)) for a in by_real.values()]
    if not missing:
        return out
    if checker is None:
        from newsdesk.core.validate import validate_article

        def checker(article: Article) -> list[Problem]:
            return validate_article(article, schema)

    cache_file = cache_file_for(root, cache) if cache is not None else None
    index = FolderIndex(root, checker=checker, cache_file=cache_file, cache_tag=cache_tag(schema))
    index.load_cache()
    changed = False
    for p in paths:
        entry = index.cached_entry(p)
        if p in found:  # checked just now; its cache row is kept only while still true
            if entry is not None:
                index.entries[p] = entry
            continue
        if entry is None:
            entry = index.load_entry(p)
            changed = True
        index.entries[p] = entry
        out.append(ArticlePeople(p, entry.rel, entry.title, entry.date, entry.persons))
    if changed:
        index.save_cache()
    return out


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def add_people_warnings(
    results: list[Any], schemas: Sequence[Schema], given: Sequence[Path], *, cache: Path | None = None
) -> list[Any]:
    """``results`` (`newsdesk.core.validate.FileResult`, one per checked article, with its
    ``people``) with the people warnings added. Raises `newsdesk.core.people.PeopleConfigError`
    for a broken ``people.toml``."""
    from newsdesk.core.reader import load_article

    by_root: dict[Path, tuple[Schema, dict[Path, ArticlePeople]]] = {}
    checked: dict[Path, tuple[Path, Schema]] = {}
    for result, schema in zip(results, schemas, strict=True):
        art = result.people
        if art is None:
            continue
        root = people_root(result.path, schema, given)
        by_root.setdefault(root, (schema, {}))[1][result.path] = art
        if art.persons:
            checked[result.path] = (root, schema)
    if not checked:
        return results
    extra: dict[Path, list[Problem]] = {}
    for root, (root_schema, fresh) in by_root.items():
        mine = [p for p, (r, _) in checked.items() if r == root]
        if not mine:
            continue
        config = load_config_for(root, root_schema)
        articles = folder_people(root, root_schema, fresh, cache=cache_dir() if cache is None else cache)
        index = PeopleIndex.build(articles, config)
        for path in mine:
            pending = pending_for(fresh[path], index, checked[path][1])
            if pending:
                extra[path] = locate_pending(load_article(path), pending)
    if not extra:
        return results
    out = []
    for result in results:
        more = extra.get(result.path)
        if more:
            problems = sorted((*result.problems, *more), key=Problem.sort_key)
            result = replace(result, problems=tuple(problems))
        out.append(result)
    return out
