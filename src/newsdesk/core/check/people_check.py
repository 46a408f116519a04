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
* ``role-changed``: what a reader can act on (issue 23). A role that differs from both the
  person's previous and next appearance (by date) is a likely mistake: a warning on that article.
  A lasting change (the new role kept in the next article, or the latest) is said once, on the
  first article with the new role, not on every later one; an article that merely returns to
  the role before a one-off mistake says nothing. Fine for a promotion: a warning, never an error.
* ``speaker-not-attending``: a speaker missing from the attendees, when the attendees name people
  and no group (a group such as "members of the public" may include the speaker).
"""

from __future__ import annotations

import os
import struct
from array import array
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from newsdesk.core.model.article import Article
from newsdesk.core.model.problems import Problem
from newsdesk.core.model.record import replace
from newsdesk.core.persons.config import PeopleConfig, load_people_config, people_file_for
from newsdesk.core.persons.names import differences, role_key
from newsdesk.core.persons.people import (
    ArticlePeople,
    PeopleIndex,
    PersonEntry,
    earlier_roles,
    new_roles,
    role_neighbours,
)
from newsdesk.core.persons.refs import PersonRef, refs_from_json, refs_of
from newsdesk.core.rules.schema import Schema

if TYPE_CHECKING:
    from newsdesk.core.rules.references import Resolver

#: Up to this many files checked at once, only the people related to theirs are built.
SMALL_RUN = 50


def cache_dir() -> Path:
    """Where derived data (the folder index) is kept: ``$XDG_CACHE_HOME/newsdesk/``."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "newsdesk"


def resolver_for(schema: Schema) -> Resolver | None:
    """The schema's reference fields' resolver, if it has any (imported only then)."""
    if not schema.references:
        return None
    from newsdesk.core.rules.references import resolver_for as resolver

    return resolver(schema)


def article_people(article: Article, schema: Schema, root: Path | None = None) -> ArticlePeople | None:
    """What the people index needs of ``article`` (None when its front matter was not read)."""
    if article.format is None or not isinstance(article.metadata, dict) or not article.metadata:
        return None
    roles = schema.roles
    date = roles.date_of(article.metadata, article.path.name)
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
        refs_of(article.metadata, roles, resolver_for(schema)),
    )


# -- one article's warnings ------------------------------------------------------------------------

#: A warning before its position is known: (field path, code, message, and the same path in
#: parts: the list field, the item's index, "name" or "role").
Pending = tuple[str, str, str, str, int, str]


def _pending(schema: Schema, kind: str, position: int, key: str, code: str, message: str) -> Pending:
    roles = schema.roles
    list_field = roles.attendees if kind == "attendee" else roles.speakers
    return (f"{list_field}[{position}].{roles.person_key(key)}", code, message, list_field, position, key)


def _articles(n: int) -> str:
    return f"{n} article" + ("" if n == 1 else "s")


#: For a person: someone named in more articles whose name is a near miss of theirs, and why.
NearMap = dict[int, tuple[PersonEntry, str]]


def near_map(index: PeopleIndex) -> NearMap:
    """For each person: the person named in most articles among those whose name is a near miss
    of theirs (or the same with initials or a title added) and who is named in more articles."""
    from newsdesk.core.persons.people import suggest

    out: NearMap = {}
    for s in suggest(index.people, index.config, pinyin=False):
        for me, other in ((s.a, s.b), (s.b, s.a)):
            if other.count > me.count:
                best = out.get(me.id)
                if best is None or other.count > best[0].count:
                    out[me.id] = (other, s.evidence)
    return out


def pending_for(
    art: ArticlePeople,
    index: PeopleIndex,
    schema: Schema,
    near: NearMap | None = None,
    role_keys: dict[tuple[int, str], str] | None = None,
    *,
    changed: Collection[int] | None = None,
    kinds: frozenset[str] | None = None,
) -> list[Pending]:
    """The people warnings of one article against the folder's index (positions still unknown).
    ``near``: `near_map` of the index (worked out here when not given); ``role_keys``: a dict kept
    across the articles checked against one index, remembering each person's roles' `role_key`;
    ``changed``: the ids of the only people whose roles ``role-changed`` can say something about
    here (`RoleChanges.changed_in`), None: everyone's are looked at; ``kinds``: `profile_kinds`
    of ``schema``, when the caller has it.

    This runs for every article of a folder (tens of thousands of names): the references stay
    plain tuples (``kind, position, name, role, ...``) and a warning's text is made only when
    there is one."""
    people = _named_people(art, index, profile_kinds(schema) if kinds is None else kinds)
    out = _name_variants(people, index, schema, near)
    if art.date:
        # The others' roles are those of their article before (or they have none before): the
        # check would say nothing of them.
        mine = people if changed is None else [p for p in people if p[2].id in changed] if changed else []
        if mine:
            out += _role_changes(art.date, mine, schema, {} if role_keys is None else role_keys)
    out += _absent_speakers(art, people, schema)
    return out


def profile_kinds(schema: Schema) -> frozenset[str]:
    """The lists whose names come from profiles (a field of slugs), not written in the article:
    the authors, and the attendees or speakers when their field refers to profiles."""
    return frozenset(
        {"author"}
        | {
            kind
            for kind, field in (("attendee", schema.roles.attendees), ("speaker", schema.roles.speakers))
            if (spec := schema.fields.get(field)) is not None and spec.ref is not None
        }
    )


_ASK = object()
_Changed = dict[int, set[int]] | None


class RoleChanges:
    """Which people ``role-changed`` can say something about in each article checked against one
    index (`new_roles`, worked out once per person over their dated roles, before the articles
    are shared between processes): ``changed_in`` gives them to `pending_for`."""

    def __init__(
        self,
        index: PeopleIndex,
        articles: Sequence[ArticlePeople],
        schema: Schema,
        changed: object = _ASK,
    ) -> None:
        self.kinds = profile_kinds(schema)
        #: `new_roles` of the index (``changed``: worked out already).
        self.changed = new_roles(index.people, self.kinds) if changed is _ASK else cast(_Changed, changed)
        self.articles = {a.path: a for a in articles} if self.changed is not None else {}
        if len(self.articles) != len(articles):  # a path twice: its articles are checked fully
            seen: set[Path] = set()
            for a in articles:
                if a.path in seen:
                    self.articles.pop(a.path, None)
                seen.add(a.path)
        self._kinds: dict[int, bool] = {}  # whether a schema (by id) has `kinds`

    def changed_in(self, path: Path, art: ArticlePeople, schema: Schema) -> Collection[int] | None:
        """The ids of the people whose roles in ``art`` (at ``path``, checked against ``schema``)
        `pending_for` has to look at; None (all of them) unless ``art`` is the very article the
        index holds there, read through the same lists."""
        indexed = self.articles.get(path)
        if indexed is None or indexed.persons is not art.persons or indexed.date != art.date:
            return None  # (`new_roles` gave up: there are none)
        same = self._kinds.get(id(schema))
        if same is None:
            same = self._kinds[id(schema)] = profile_kinds(schema) == self.kinds
        changed = self.changed
        return changed.get(id(indexed), ()) if same and changed is not None else None


#: A name written in an article: (its reference, the name, the person it is).
_Named = list[tuple[PersonRef, str, PersonEntry]]


def _named_people(art: ArticlePeople, index: PeopleIndex, from_profiles: frozenset[str]) -> _Named:
    """The people ``art`` names in its own words (not through profiles: the lists
    ``from_profiles``), found in the index."""
    people: _Named = []
    person_named = index.person_named
    by_spelling = index.by_spelling  # (what `person_named` looks at first)
    for ref in art.persons:
        name = ref[2]
        if name is None or ref[0] in from_profiles:
            continue
        spelling = name.strip()
        if not spelling:
            continue
        person = by_spelling.get(spelling)
        if person is None:
            person = person_named(spelling)
            if person is None:
                continue
        people.append((ref, name, person))
    return people


def _name_variants(people: _Named, index: PeopleIndex, schema: Schema, near: NearMap | None) -> list[Pending]:
    """``name-variant``: a spelling other than the person's, or a near miss of a more used name."""
    out: list[Pending] = []
    for ref, name, person in people:
        spelling = name.strip()
        if spelling != person.name:
            how = ", ".join(differences(spelling, person.name))
            if person.configured:
                where = "people.toml names this person"
            else:
                where = f"so in {_articles(person.spellings.get(person.name, 0))}"
            message = f"'{spelling}' is '{person.name}' ({where}; differs by {how}): write it the same way"
            out.append(_pending(schema, ref[0], ref[1], "name", "name-variant", message))
            continue
        if near is None:
            near = near_map(index)
        found = near.get(person.id)
        if found is not None:
            other, evidence = found
            message = (
                f"'{spelling}' may be '{other.name}' ({_articles(other.count)}; {evidence}): a "
                "misspelling? If they are two people, list both under [[not_same]] in people.toml"
            )
            out.append(_pending(schema, ref[0], ref[1], "name", "name-variant", message))
    return out


def _role_changes(
    date: str, people: _Named, schema: Schema, role_keys: dict[tuple[int, str], str]
) -> list[Pending]:
    """``role-changed`` for an article of ``date``: a one-off role (said here), or a lasting
    change (said once, on its first article)."""
    out: list[Pending] = []
    said: set[tuple[int, str]] = set()
    here: dict[int, set[str]] = {}  # each person's roles in this article
    keyed: list[tuple[PersonRef, str, PersonEntry, str]] = []
    for ref, _, person in people:
        role = ref[3]
        if role:
            key = role_keys.get((person.id, role))
            if key is None:
                key = role_keys[(person.id, role)] = role_key(role, person.org_key)
            here.setdefault(person.id, set()).add(key)
            keyed.append((ref, role, person, key))
    for ref, role, person, key in keyed:
        if (person.id, key) in said:
            continue
        said.add((person.id, key))
        # Most roles are the role of the article before: that alone is looked up first.
        before = earlier_roles(person, date)
        if before is None:
            continue
        mine = here[person.id]
        # Listed here with the earlier role too (and a second one, e.g. "..., Chair"): unchanged.
        if not before[2].isdisjoint(mine):
            continue
        message = _role_message(person, date, role, mine)
        if message is not None:
            out.append(_pending(schema, ref[0], ref[1], "role", "role-changed", message))
    return out


def _role_message(person: PersonEntry, date: str, role: str, mine: set[str]) -> str | None:
    """The ``role-changed`` warning for ``person``'s ``role`` on ``date`` (their roles there:
    ``mine``), which is not their role before; None when it returns to the role before that."""
    before, before_that, after = role_neighbours(person, date)
    assert before is not None
    was = " ".join(before[1][0].split())
    now = " ".join(role.split())
    if after is not None and after[2].isdisjoint(mine):
        # Not the role before nor the role after: a likely mistake, said on this article.
        return (
            f"{person.name}'s role '{now}' differs from both '{was}' in {before[0].rel} "
            f"({before[0].date}) and '{' '.join(after[1][0].split())}' in {after[0].rel} "
            f"({after[0].date}), the articles before and after naming them: likely a "
            "mistake; write it as they do"
        )
    if before_that is not None and not before_that[2].isdisjoint(mine):
        return None  # back to the role they had: the one article between was the mistake (said there)
    # A lasting change (kept in the next article, or the latest): once, on its first article.
    return (
        f"{person.name}'s role changed from '{was}' in {before[0].rel} ({before[0].date}) "
        f"to '{now}' here"
        + (f" and after ({after[0].rel}, {after[0].date})" if after is not None else "")
        + ": said once, on the first article with the new role; fine if it changed (a promotion)"
    )


def _absent_speakers(art: ArticlePeople, people: _Named, schema: Schema) -> list[Pending]:
    """``speaker-not-attending``, when the attendees name people and no group."""
    out: list[Pending] = []
    attendees = [r for r in art.persons if r[0] == "attendee"]
    if attendees and all(r[2] for r in attendees):
        present = {p.id for r, _, p in people if r[0] == "attendee"}
        absent = [
            (ref, name) for ref, name, person in people if ref[0] == "speaker" and person.id not in present
        ]
        # Worked out only for a speaker not found among the attendees (most articles have none).
        present_names = {" ".join(r[2].split()).casefold() for r in attendees if r[2]} if absent else set()
        for ref, name in absent:
            written = " ".join(name.split())
            if written.casefold() in present_names:
                continue
            message = (
                f"speaker '{written}' is not among the attendees: add them there "
                "(or check the spelling in both lists)"
            )
            out.append(_pending(schema, "speaker", ref[1], "name", "speaker-not-attending", message))
    return out


def locate_pending(article: Article, pending: list[Pending]) -> list[Problem]:
    """Problems at the values the pending warnings are about (the article is read with positions)."""
    out: list[Problem] = []
    for path, code, message, *_ in pending:
        target = path if path in article.locations else path[: path.rindex(".")]
        pos = article.value_position(target)
        out.append(Problem(code, message, pos.line, pos.column, "warning", target))
    return out


#: Where a YAML article's attendees and speakers stand, from its first read, so that its warnings
#: need no second one: the front matter's first line, and for each people field present, its key's
#: (line, column) and, per item, (line, column) of the item and of its name's and its role's
#: values (0 where the item has no such key). Every article of a folder run has them and they
#: travel back from the workers: packed into one `bytes` (`array` of C ints: the front matter's
#: line, then per field its number in `Roles.people_fields`, its key's line and column, its
#: count of items and 6 numbers per item), which pickles as one value where tuples of numbers
#: cost an operation each (`locate_pending_at` reads them).
PeoplePositions = bytes
_ONE, _FOUR, _SIX = (struct.Struct(f"{n}i").pack for n in (1, 4, 6))  # as `array("i")` reads them


def people_positions(article: Article, schema: Schema) -> PeoplePositions | None:
    """`PeoplePositions` of ``article`` (read with ``locations=False``, or located since), the
    positions `locate_pending` would find; None for a TOML article or one without the nodes."""
    if article.format != "yaml" or not isinstance(article.metadata, dict):
        return None
    roles = schema.roles
    names = roles.people_fields
    if not any(name in article.metadata for name in names):
        return None
    nk, rk = roles.person_key("name"), roles.person_key("role")
    if article.locations:  # located already (the article has a problem)
        return _located_positions(article, names, nk, rk)
    import yaml

    root = article.yaml_node
    if type(root) is not yaml.MappingNode:
        return None
    # The marks `newsdesk.core.read.reader.locate` would record for these paths, read directly.
    first = article.fm_line
    numbers = [_ONE(first)]
    add = numbers.append
    six, four = _SIX, _FOUR
    mapping, sequence, scalar = yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode
    for key_node, value_node in root.value:
        if type(key_node) is not scalar or key_node.value not in names:
            continue
        km = key_node.start_mark
        items = value_node.value if type(value_node) is sequence else ()
        add(four(names.index(key_node.value), first + km.line, km.column + 1, len(items)))
        for item in items:
            im = item.start_mark
            name_node: Any = None
            role_node: Any = None
            if type(item) is mapping:
                # The last of a repeated key, as `locate`. (A key that is not a scalar has a
                # list for its value: never equal to a key's text.)
                for k, v in item.value:
                    key = k.value
                    if key == nk:
                        name_node = v
                    elif key == rk:
                        role_node = v
                if nk == rk:
                    role_node = name_node
            nl = nc = rl = rc = 0
            if name_node is not None:
                vm = name_node.start_mark
                nl, nc = first + vm.line, vm.column + 1
            if role_node is not None:
                vm = role_node.start_mark
                rl, rc = first + vm.line, vm.column + 1
            add(six(first + im.line, im.column + 1, nl, nc, rl, rc))
    return b"".join(numbers)


def _located_positions(article: Article, names: tuple[str, str], nk: str, rk: str) -> PeoplePositions:
    """`people_positions` of an article read with its locations."""
    locs = article.locations
    numbers = [article.fm_line]
    for which, name in enumerate(names):
        loc = locs.get(name)
        if loc is None:
            continue
        items: list[int] = []
        count = 0
        while (item := locs.get(f"{name}[{count}]")) is not None:
            prefix = f"{name}[{count}]."
            n, r = locs.get(prefix + nk), locs.get(prefix + rk)
            items += (
                item.value.line,
                item.value.column,
                n.value.line if n else 0,
                n.value.column if n else 0,
                r.value.line if r else 0,
                r.value.column if r else 0,
            )
            count += 1
        numbers += (which, loc.key.line, loc.key.column, count, *items)
    return array("i", numbers).tobytes()


def locate_pending_at(at: PeoplePositions, pending: list[Pending], schema: Schema) -> list[Problem]:
    """`locate_pending` from the positions of the first read (`people_positions`, of an article
    checked against ``schema``)."""
    numbers = array("i", at)
    # Each field present: (its key's line and column, its count of items, where its items start).
    names = schema.roles.people_fields
    fields: dict[str, tuple[int, int, int, int]] = {}
    i, end = 1, len(numbers)
    while i < end:
        number, line, column, count = numbers[i : i + 4]
        fields[names[number]] = (line, column, count, i + 4)
        i += 4 + 6 * count
    out: list[Problem] = []
    for path, code, message, list_field, index, which in pending:
        target = path
        field = fields.get(list_field)
        item = field[3] + 6 * index if field is not None and index < field[2] else 0
        at_value = item + (2 if which == "name" else 4)  # where the name's (or role's) position is
        if item and numbers[at_value]:  # Article.value_position
            line, column = numbers[at_value], numbers[at_value + 1]
        else:  # the item, else the nearest enclosing field, else the front matter's start
            target = path[: path.rindex(".")]
            if item:
                line, column = numbers[item], numbers[item + 1]
            elif field is not None:
                line, column = field[0], field[1]
            else:
                line, column = max(numbers[0] - 1, 1), 1
        out.append(Problem(code, message, line, column, "warning", target))
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
    """``people.toml`` for ``root``; `newsdesk.core.persons.config.PeopleConfigError` when it is broken."""
    return load_people_config(people_file_for(root, schema.source))


def _realpath(path: Path, folders: dict[str, str]) -> str:
    """``os.path.realpath(path)``, its folder's worked out once per folder (``folders``): only a
    file that is itself a symbolic link is resolved on its own (one ``lstat`` per file)."""
    text = str(path)
    folder, name = os.path.split(text)
    if name in ("", ".", "..") or os.path.islink(text):
        return os.path.realpath(text)
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder or ".")
    return os.path.join(real, name)


def folder_people(
    root: Path,
    schema: Schema,
    fresh: dict[Path, ArticlePeople],
    *,
    cache: Path | None,
    wanted: Callable[[set[str]], set[str]] | None = None,
    save_aside: bool = False,
    walked: Walked | None = None,
) -> list[ArticlePeople]:
    """Every article under ``root``: ``fresh`` ones as given, the others from the folder index
    (cached as the app's is: only files changed since are read; the cache is updated).
    ``walked``: the caller's walk of a folder, which is ``root`` when it is the same real folder
    (`_from_walk`: then ``root`` is not walked again).

    ``wanted``: given every name in the folder, the names that matter; the other people are
    left out (a pre-commit run on one file needs only the people related to its own), which
    spares building them from the cache. ``save_aside``: on a first run of a large folder, the
    caches may be written by a forked child while the caller goes on (`save_aside`); the caller
    then calls `wait_for_saves` before it ends.
    """
    if walked is not None:
        found = _from_walk(root, fresh, walked, wanted)
        if found is not None:
            return found
    stale = False  # the people cache is missing, or behind the index cache
    if cache is not None:
        quick, stale = _from_people_cache(root, schema, fresh, cache, wanted)
        if quick is not None:
            return quick
    from newsdesk.core.folder.walk import iter_article_paths

    paths = list(iter_article_paths(root))
    given, missing_at, leftover = _match([str(p) for p in paths], fresh)
    missing = [paths[i] for i in missing_at]
    out = [
        *(given[i]._replace(rel=_rel(paths[i], root)) for i in sorted(given)),
        *(a._replace(rel=_rel(a.path, root)) for a in leftover),
    ]
    if not missing:
        return out if wanted is None else _keep(out, wanted)
    index, rows = _index_rows(root, schema, missing, [paths[i] for i in given], cache, stale, save_aside)
    names: set[str] | None = None
    if wanted is not None:
        names = wanted(_every_name(index, rows, out))
    for p, rel, title, date, persons in rows:
        if type(persons) is str:  # raw, from the cache
            if names is not None:
                labels = index.cached_labels(p)
                if labels is not None and names.isdisjoint(labels):
                    continue  # nobody who matters: not even parsed
            try:
                persons = refs_from_json(persons)
            except ValueError:  # not what we wrote: read the file
                persons = index.load_entry(p).persons
        out.append(ArticlePeople(p, rel, title, date, persons))
    return out if names is None else _keep(out, lambda _: names)


#: An article as the index cache holds it: (path, rel, title, date, persons: raw JSON text from the
#: cache, parsed only when needed, or the references of an entry read now).
_Row = tuple[Path, str, str, str, Any]


def _index_rows(
    root: Path,
    schema: Schema,
    missing: list[Path],
    given: list[Path],
    cache: Path | None,
    stale: bool,
    aside: bool = False,
) -> tuple[Any, list[_Row]]:
    """The folder index (`newsdesk.core.folder.index.FolderIndex`, its cache loaded) and the rows
    of the ``missing`` articles: cached where unchanged, the others read (by forked workers
    when many); the caches written back when anything was read (or the people cache alone when
    it was ``stale``). ``given``: the articles checked now, whose cached rows are kept."""
    from newsdesk.core.folder.index import FolderIndex, cache_file_for, cache_tag, schema_checker
    from newsdesk.core.rules.schema import SchemaLookup

    # The index as the app keeps it (the same sections, checks and cache), so that each reuses
    # what the other read.
    lookup = SchemaLookup(root if root.is_dir() else root.parent, schema)
    cache_file = cache_file_for(root, cache) if cache is not None else None
    index = FolderIndex(
        root,
        checker=schema_checker(lookup),
        schemas=lookup,
        cache_file=cache_file,
        cache_tag=cache_tag(schema),
    )
    index.load_cache()
    rows: list[_Row] = []
    cached = [index.cached_row(p) for p in missing]
    to_read = [p for p, row in zip(missing, cached, strict=True) if row is None]
    read = _read_in_workers(index, schema) if len(to_read) >= PARALLEL_READ else {}
    for p, row in zip(missing, cached, strict=True):
        if row is None:
            entry = read.get(p)
            if entry is None:
                entry = index.load_entry(p)
            index.entries[p] = entry
            rows.append((p, entry.rel, entry.title, entry.date, entry.persons))
        else:
            rows.append((p, row["rel"], row["title"], row["date"], row["persons"]))
    if to_read or stale:
        for p in given:  # checked just now: their rows are kept while still true
            index.cached_row(p)
        if to_read:
            # And the people cache with it; a first run of a large folder: beside the caller's
            # own work (`save_aside`).
            if not (aside and len(to_read) >= PARALLEL_READ and save_aside(index.cache_saver())):
                index.save_cache()
        else:
            # The index cache was up to date but the people cache was not (or not there yet):
            # written for the next run.
            index.save_people_cache()
    return index, rows


#: The forked children writing caches (`save_aside`), waited for by `wait_for_saves`.
_saving: list[int] = []


def save_aside(save: Callable[[], object]) -> bool:
    """Run ``save`` (a cache writer: `newsdesk.core.folder.index.FolderIndex.cache_saver`) in a
    forked child, so that writing the caches (24 MB at 10,000 articles, half a second) overlaps
    what this process does next (``people --json`` encoding its 50 MB); False, nothing done,
    where no child can be forked (threads running, no fork): the caller saves itself.

    The child writes through the one atomic save (`newsdesk.core.write.disk`), so a run killed at
    any point leaves the old cache or the new one. `wait_for_saves` waits for it (and is run at
    exit too), so that a run ends with its caches written, as before."""
    from newsdesk.core.check.forked import can_fork

    if not can_fork():
        return False
    import gc

    gc.freeze()  # the collector must not walk (and so copy) every shared object in the child
    try:
        pid = os.fork()
    except OSError:
        gc.unfreeze()
        return False
    if pid == 0:  # pragma: no cover - the child (coverage does not follow it)
        code = 1
        try:
            gc.disable()
            code = 0 if save() else 1
        finally:
            os._exit(code)
    gc.unfreeze()
    if not _saving:
        import atexit

        atexit.register(wait_for_saves)
    _saving.append(pid)
    return True


def wait_for_saves() -> None:
    """Wait for the caches `save_aside` is writing."""
    while _saving:
        pid = _saving.pop()
        try:
            os.waitpid(pid, 0)
        except (ChildProcessError, InterruptedError):
            pass


def _every_name(index: Any, rows: list[_Row], out: list[ArticlePeople]) -> set[str]:
    """Every name in the folder: the cache rows' labels (names, or group names) are enough."""
    every: set[str] = set()
    for p, *_, persons in rows:
        if type(persons) is str:
            labels = index.cached_labels(p)
            if labels is not None:
                every.update(labels)
                continue
            try:
                persons = refs_from_json(persons)
            except ValueError:  # not what we wrote: read the file
                persons = index.load_entry(p).persons
        every.update(r[2].strip() for r in persons if r[2])
    for a in out:
        every.update(r[2].strip() for r in a.persons if r[2])
    return every


#: From this many articles to read (a first run on a large folder, no index cache yet), the
#: folder is read by forked workers, one per core, as the app's first scan is (`ScanPool`).
PARALLEL_READ = 1000


def _read_in_workers(index: Any, schema: Schema) -> dict[Path, Any]:
    """The folder's entries (`newsdesk.core.folder.index.Entry`) read by a `ScanPool` (the
    index cache, loaded, standing for unchanged files); empty where no pool can be had (one
    core, another thread running, no fork): the caller reads what is missing itself."""
    from newsdesk.core.folder.scanpool import ScanPool

    pool = ScanPool.start(index.root, schema)
    if pool is None:
        return {}
    try:
        pool.scan(index.cache_file, index.cache_tag)
        scan = pool.take(index, lambda: False)
        return dict(scan.entries()) if scan is not None else {}
    finally:
        pool.close()


def _match(
    texts: list[str], fresh: dict[Path, ArticlePeople]
) -> tuple[dict[int, ArticlePeople], list[int], list[ArticlePeople]]:
    """The ``fresh`` articles among a folder's walk (the paths' ``texts``, in walk order): (walk
    index -> article, the walk indexes not among them, the fresh articles not in the walk).

    The walk names the files the way the command line did when it walked this folder too, so
    they are matched by their text first; only the rest by their real paths (a folder given
    another way, a symbolic link)."""
    by_text = {str(p): a for p, a in fresh.items()}
    given: dict[int, ArticlePeople] = {}
    for i, text in enumerate(texts):
        art = by_text.pop(text, None) if by_text else None
        if art is not None:
            given[i] = art
    missing = [i for i in range(len(texts)) if i not in given]
    if not (by_text and missing):
        return given, missing, list(by_text.values())
    folders: dict[str, str] = {}
    fresh_real = {_realpath(Path(t), folders): a for t, a in by_text.items()}
    still: list[int] = []
    for i in missing:
        art = fresh_real.pop(_realpath(Path(texts[i]), folders), None) if fresh_real else None
        if art is None:
            still.append(i)
        else:
            given[i] = art
    return given, still, list(fresh_real.values())


#: A walk the caller made: (the folder walked, as named, its real path, its article files in the
#: order `newsdesk.core.folder.walk.iter_article_names` lists them, named as the walk named them).
Walked = tuple[Path, str, list[Path]]


def _from_walk(
    root: Path,
    fresh: dict[Path, ArticlePeople],
    walked: Walked,
    wanted: Callable[[set[str]], set[str]] | None,
) -> list[ArticlePeople] | None:
    """`folder_people` from the caller's walk, when it walked ``root`` (the same real folder) and
    every file it found is ``fresh`` (``validate FOLDER``: each was just read); else None. The
    same articles in the same order as a walk of ``root`` gives (the walk follows no symbolic
    link to a folder, so each file's path below the folder is the same), and no second walk."""
    folder, real, files = walked
    if len(files) != len(fresh) or os.path.realpath(root) != real:
        return None
    new = tuple.__new__
    base = str(folder)
    cut = len(base) + 1 if base not in (".", os.sep) else 0  # what `_rel` cuts off the walk's texts
    here = base == "."  # (`validate .`: the walk names the files relative to it, as `_rel` would)
    out: list[ArticlePeople] = []
    for path in files:
        art = fresh.get(path)
        if art is None:
            return None
        text = str(path)
        rel = (
            text
            if here
            else text[cut:]
            if cut and text[cut - 1 : cut] == os.sep and text.startswith(base)
            else _rel(text, folder)
        )
        out.append(new(ArticlePeople, (art[0], rel, art[2], art[3], art[4])))
    return out if wanted is None else _keep(out, wanted)


def _join(folder: str, name: str) -> str:
    """``str(Path(folder) / name)`` for a folder the walk gave."""
    if folder == ".":
        return name
    return folder + name if folder.endswith(os.sep) else folder + os.sep + name


def _from_people_cache(
    root: Path,
    schema: Schema,
    fresh: dict[Path, ArticlePeople],
    cache: Path,
    wanted: Callable[[set[str]], set[str]] | None,
) -> tuple[list[ArticlePeople] | None, bool]:
    """`folder_people` from the folder's people cache (`newsdesk.core.folder.index.read_people_cache`):
    the same articles in the same order, without reading the index cache; None (the caller
    reads the index as before) when the cache is missing, of another tag, or has no unchanged
    row for a file that is not in ``fresh`` (and then True: the people cache is stale). Paths
    are made only for the articles kept."""
    from newsdesk.core.folder.index import cache_file_for, cache_tag, read_people_cache
    from newsdesk.core.folder.walk import iter_article_names

    if not root.is_dir():
        return None, False
    walk: list[tuple[Path, str, str]] = []  # (folder, name, path text)
    for folder, files in iter_article_names(root):
        base = str(folder)
        walk.extend((folder, name, _join(base, name)) for name in files)
    given, missing, leftover = _match([text for _, _, text in walk], fresh)
    out = [
        *(
            given[i]._replace(rel=_rel(walk[i][2], root)) for i in sorted(given)
        ),  # the walk's text: no Path made
        *(a._replace(rel=_rel(a.path, root)) for a in leftover),
    ]
    if not missing:
        return (out if wanted is None else _keep(out, wanted)), False

    found = read_people_cache(cache_file_for(root, cache), cache_tag(schema))
    if found is None:
        return None, True
    rows, lines = found
    from newsdesk.core.rules.schema import SchemaLookup

    lookup = SchemaLookup(root, schema)
    keys: dict[int, str] = {}  # the section schema key of each folder (by identity)
    base = str(root)
    prefix = "" if base == "." else base if base.endswith(os.sep) else base + os.sep
    kept: list[tuple[int, str, str, str, list[str], int]] = []  # (walk index, rel, title, date, labels, line)
    stat = os.stat
    for i in missing:
        folder, name, text = walk[i]
        if not text.startswith(prefix) or text == prefix:
            return None, False
        cached = rows.get(text[len(prefix) :])
        if cached is None:
            return None, True
        (rel, mtime_ns, size, schema_key, date, title, labels), line = cached
        key = keys.get(id(folder))
        if key is None:
            key = keys[id(folder)] = lookup.key_for(folder / name)
        if schema_key != key:
            return None, True
        try:
            st = stat(text)
        except OSError:
            return None, False
        if st.st_mtime_ns != mtime_ns or st.st_size != size:
            return None, True
        kept.append((i, rel, title, date, labels, line))
    names: set[str] | None = None
    if wanted is not None:
        every: set[str] = set()
        for *_, labels, _ in kept:
            every.update(labels)
        for a in out:
            every.update(r[2].strip() for r in a.persons if r[2])
        names = wanted(every)
    for i, rel, title, date, labels, line in kept:
        if names is not None and names.isdisjoint(labels):
            continue  # nobody who matters: not even parsed
        try:
            persons = refs_from_json(lines[line])
        except ValueError:  # not what we wrote: the index, as before
            return None, True
        out.append(ArticlePeople(walk[i][0] / walk[i][1], rel, title, date, persons))
    return (out if names is None else _keep(out, lambda _: names)), False


def _keep(articles: list[ArticlePeople], wanted: Callable[[set[str]], set[str]]) -> list[ArticlePeople]:
    every = {r[2].strip() for a in articles for r in a.persons if r[2]}
    names = wanted(every)
    out: list[ArticlePeople] = []
    for a in articles:
        persons = tuple(r for r in a.persons if r[2] is not None and r[2].strip() in names)
        if persons:
            out.append(a._replace(persons=persons))
    return out


def related_names(config: PeopleConfig, own: set[str]) -> Callable[[set[str]], set[str]]:
    """``wanted`` for `folder_people`: the names the people checks of articles naming ``own``
    need: everyone the rules or people.toml make the same as one of them, and everyone whose
    name is a near miss of theirs (with the people those are the same as)."""

    def wanted(every: set[str]) -> set[str]:
        from newsdesk.core.persons.people import cluster, suggest

        every = every | own
        clusters = cluster(sorted(every), config)
        cluster_of = {name: i for i, (members, _) in enumerate(clusters) for name in members}
        stand_ins = [
            PersonEntry(i, members[0], [], dict.fromkeys(members, 1))
            for i, (members, _) in enumerate(clusters)
        ]
        mine = {cluster_of[n] for n in own if n in cluster_of}
        keep = set(mine)
        queries = [stand_ins[i] for i in mine]
        for s in suggest(stand_ins, config, queries=queries, pinyin=False):
            keep.update((s.a.id, s.b.id))
        return {name for i in keep for name in clusters[i][0]}

    return wanted


def _rel(path: Path | str, root: Path) -> str:
    """``str(path.relative_to(root))``, else ``str(path)``; ``path`` may be a path's text."""
    text, base = str(path), str(root)
    if text.startswith(base) and text[len(base) : len(base) + 1] == os.sep and base not in (".", os.sep):
        return text[len(base) + 1 :]  # what relative_to gives, without making Paths
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return text


def _warnings_of(
    paths: list[Path],
    fresh: dict[Path, ArticlePeople],
    index: PeopleIndex,
    checked: dict[Path, tuple[Path, Schema]],
    near: NearMap,
    positions: dict[Path, PeoplePositions],
    roles: RoleChanges | None = None,
) -> list[tuple[int, list[Problem]]]:
    """The people warnings of the articles ``paths``: (index in ``paths``, warnings).
    ``roles``: the index's `RoleChanges` (else every role is looked up)."""
    from newsdesk.core.read.reader import load_article

    found: list[tuple[int, list[Problem]]] = []
    role_keys: dict[tuple[int, str], str] = {}
    kinds: dict[int, frozenset[str]] = {}  # each schema's (by id) `profile_kinds`
    for i, path in enumerate(paths):
        art = fresh[path]
        schema = checked[path][1]
        changed = None if roles is None else roles.changed_in(path, art, schema)
        from_profiles = kinds.get(id(schema))
        if from_profiles is None:
            from_profiles = kinds[id(schema)] = profile_kinds(schema)
        pending = pending_for(art, index, schema, near, role_keys, changed=changed, kinds=from_profiles)
        if pending:
            at = positions.get(path)
            if at is not None:
                found.append((i, locate_pending_at(at, pending, schema)))
            else:
                found.append((i, locate_pending(load_article(path), pending)))
    return found


def people_warnings(
    paths: list[Path],
    fresh: dict[Path, ArticlePeople],
    index: PeopleIndex,
    articles: Sequence[ArticlePeople],
    schema: Schema,
    checked: dict[Path, tuple[Path, Schema]],
    positions: dict[Path, PeoplePositions],
    *,
    workers: int | None = None,
) -> list[tuple[int, list[Problem]]]:
    """The people warnings of the articles ``paths`` against ``index`` (of ``articles``, their
    root's, with its ``schema``): (index in ``paths``, warnings), with the index's `near_map`
    and `RoleChanges`.

    Worked out here, in one process: the near map, the people's walks over their roles and the
    warnings took as long when shared with forked children (measured on the realistic-role
    10,000: 1.42 s either way, and 0.12 s more CPU forked), as every process that touches the
    index after a fork copies the pages it touches, and each built the people's role tables
    again. Only where the roles change in most articles (`new_roles` gives up, the random-role
    set: every role is looked up, 80,000 warnings) are the articles shared (`warnings_spread`)."""
    near, roles = near_map(index), RoleChanges(index, articles, schema)
    if roles.changed is None:
        return warnings_spread(paths, fresh, index, checked, near, positions, roles, workers=workers)
    return _warnings_of(paths, fresh, index, checked, near, positions, roles)


#: From this many articles with people, their warnings are worked out by this process and forked
#: children when the roles change in most articles (`warnings_spread`).
PARALLEL_WARNINGS = 2000
#: A warning as it travels back from a child: plain values, cheap to pickle (code, message, line,
#: column, field); all people warnings are warnings.
_Sent = tuple[str, str, int, int, str | None]


def warnings_spread(
    paths: list[Path],
    fresh: dict[Path, ArticlePeople],
    index: PeopleIndex,
    checked: dict[Path, tuple[Path, Schema]],
    near: NearMap,
    positions: dict[Path, PeoplePositions],
    roles: RoleChanges | None = None,
    *,
    workers: int | None = None,
) -> list[tuple[int, list[Problem]]]:
    """`_warnings_of`, the same warnings in the same order, the articles shared between this
    process and forked children (`newsdesk.core.check.forked.run_chunks`: they share the index
    built here, copy on write) once there are `PARALLEL_WARNINGS` of them: the people pass ran on
    one core after the reading that used both. Each article's warnings depend on it and the index
    alone. The warnings travel back as plain tuples (sending `Problem` values, 80,000 of them on
    the random-role set, cost more than it saved)."""
    if len(paths) < PARALLEL_WARNINGS or workers == 1:  # a pre-commit run imports no `forked`
        return _warnings_of(paths, fresh, index, checked, near, positions, roles)
    from newsdesk.core.check.forked import can_fork, default_jobs, run_chunks

    count = default_jobs() if workers is None else workers
    if count <= 1 or not can_fork():
        return _warnings_of(paths, fresh, index, checked, near, positions, roles)
    size = -(-len(paths) // (count * 4))  # a few chunks per process: a busy one takes fewer
    bounds = [(start, min(start + size, len(paths))) for start in range(0, len(paths), size)]

    def work(n: int) -> list[tuple[int, list[_Sent]]]:
        start, end = bounds[n]
        found = _warnings_of(paths[start:end], fresh, index, checked, near, positions, roles)
        return [
            (start + i, [(p.code, p.message, p.line, p.column, p.field) for p in problems])
            for i, problems in found
        ]

    out: list[tuple[int, list[Problem]]] = []
    for part in run_chunks(len(bounds), work, count):
        for i, sent in part:
            out.append((i, [Problem(c, m, line, col, "warning", f) for c, m, line, col, f in sent]))
    return out


#: The articles checked by their people's root (`people_root`): each root's first schema and
#: its articles; the articles naming someone, with their root and schema; their positions.
_ByRoot = tuple[
    dict[Path, tuple[Schema, dict[Path, ArticlePeople]]],
    dict[Path, tuple[Path, Schema]],
    dict[Path, PeoplePositions],
]


def _by_root(results: list[Any], schemas: Sequence[Schema], given: Sequence[Path]) -> _ByRoot:
    """`add_people_warnings`' articles by root."""
    by_root: dict[Path, tuple[Schema, dict[Path, ArticlePeople]]] = {}
    checked: dict[Path, tuple[Path, Schema]] = {}
    positions: dict[Path, PeoplePositions] = {}
    # (the schemas are kept by ``schemas``: their ids stay theirs)
    roots: dict[object, tuple[Path, dict[Path, ArticlePeople]]] = {}
    split = os.path.split
    last_schema: Schema | None = None
    last_folder = ""
    root = Path()
    fresh_of_root: dict[Path, ArticlePeople] = {}
    for result, schema in zip(results, schemas, strict=True):
        path = result.path
        art = result.people
        if art is None:
            # Read now and naming nobody (or not readable): it adds no one to the index, and
            # need not be read again for it.
            art = ArticlePeople(path, "", "", "", ())
        at = getattr(result, "people_at", None)
        if at is not None:
            positions[path] = at
        # The root depends on the schema alone, or (no newsdesk.toml) on the file's folder (the
        # text of its path's, as the walk made it: no `Path.parent` made per file): worked out
        # once for each, not per article (each asks whether the paths given are folders), and
        # looked up only when it is not the article before's.
        folder = "" if schema.source is not None else split(str(path))[0]
        if schema is not last_schema or folder != last_folder:
            last_schema, last_folder = schema, folder
            key = id(schema) if schema.source is not None else (id(schema), folder)
            found = roots.get(key)
            if found is None:
                root = people_root(path, schema, given)
                of_root = by_root.get(root)
                if of_root is None:
                    of_root = by_root[root] = (schema, {})
                found = roots[key] = (root, of_root[1])
            root, fresh_of_root = found
        fresh_of_root[path] = art
        if art.persons:
            checked[path] = (root, schema)
    return by_root, checked, positions


#: What the last `add_people_warnings` built (the indexes: 100,000 appearances at 10,000
#: articles), kept until the next one: freeing it took 14 ms at the end of a ``validate`` run,
#: which then ends without the interpreter's teardown (at most one run's is held).
_kept: list[object] = []


def add_people_warnings(
    results: list[Any],
    schemas: Sequence[Schema],
    given: Sequence[Path],
    *,
    cache: Path | None = None,
    jobs: int | None = None,
    walked: Walked | None = None,
) -> list[Any]:
    """``results`` (`newsdesk.core.check.batch.FileResult`, one per checked article, with its
    ``people``) with the people warnings added (``jobs``: processes, as `validate_paths`'s;
    ``walked``: `folder_people`'s). Raises `newsdesk.core.persons.config.PeopleConfigError` for
    a broken ``people.toml``."""
    by_root, checked, positions = _by_root(results, schemas, given)
    if not checked:
        return results
    extra: dict[Path, list[Problem]] = {}
    built: list[object] = []
    for root, (root_schema, fresh) in by_root.items():
        mine = [p for p, (r, _) in checked.items() if r is root or r == root]
        if not mine:
            continue
        config = load_config_for(root, root_schema)
        # Many files: the whole folder's index; a few (pre-commit): only the people related to
        # theirs, which is all their checks look at.
        wanted = None
        if len(mine) <= SMALL_RUN:
            wanted = related_names(config, {r[2].strip() for p in mine for r in fresh[p].persons if r[2]})
        cache_folder = cache_dir() if cache is None else cache
        articles = folder_people(root, root_schema, fresh, cache=cache_folder, wanted=wanted, walked=walked)
        index = PeopleIndex.build(articles, config)
        for i, problems in people_warnings(
            mine, fresh, index, articles, root_schema, checked, positions, workers=jobs
        ):
            extra[mine[i]] = problems
        built.append((index, articles))
    _kept[:] = built  # (the run before's are freed now)
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
