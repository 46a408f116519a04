"""The people index: who attended, spoke and wrote where across the archive, and whose name is
written how.

Built from what the folder scan records per article (`newsdesk.core.persons.refs.PersonRef`) and
the article's date; files are never read again for it. Pure data and rules, no I/O.

* **The same person** (merged): spellings the name rules make one (`newsdesk.core.persons.names.
  name_keys`: case, spacing, punctuation, diacritics, honorifics, degrees, order), and the aliases
  of ``people.toml`` (`newsdesk.core.persons.config`), never two names it says are different.
* **Candidates** (suggested, never merged; `PeopleIndex.similar`): near misses by edit similarity
  (``Chang Junyue``/``Chang Junyu``, `NEAR_MISS` = the tuned threshold, rapidfuzz), the same name
  with extra initials or a title (``John F. Kennedy``/``John Kennedy``), and a name in Han
  characters whose pinyin reading is a Latin spelling in the archive (``刘红``/``Liu Hong``;
  `newsdesk.core.persons.pinyin`); the evidence says when a name has several readings and when
  several Han names share one.

rapidfuzz and pypinyin are imported only when candidates are asked for, so checking one article
without them costs nothing.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from newsdesk.core.model.record import Record
from newsdesk.core.persons.config import EMPTY_CONFIG, PeopleConfig
from newsdesk.core.persons.names import (
    NEAR_MISS,
    TITLE_WORDS,
    could_be_near,
    fold,
    has_han,
    match_form,
    max_edits,
    name_keys,
    name_tokens,
    role_key,
    squeeze,
)
from newsdesk.core.persons.refs import PersonRef

_set = object.__setattr__


class ArticlePeople(NamedTuple):
    """What the people index needs of one article."""

    path: Path
    rel: str
    title: str
    date: str  # ISO date or ""
    persons: tuple[PersonRef, ...]


class Appearance(NamedTuple):
    """One person named in one list of one article (a tuple: there are tens of thousands)."""

    article: ArticlePeople
    kind: str  # "attendee" | "speaker"
    position: int
    name: str  # the spelling as written (trimmed)
    role: str | None
    organization: str | None
    topic: str | None

    @property
    def date(self) -> str:
        return self.article.date


class RoleSpan(Record):
    """A role (and organization) a person held over a run of articles, oldest first."""

    __slots__ = ("article", "count", "first_date", "last_date", "organization", "role")
    _fields = ("role", "organization", "first_date", "last_date", "article", "count")
    role: str | None
    organization: str | None
    first_date: str
    last_date: str
    article: ArticlePeople  # the first article with it
    count: int

    def __init__(
        self,
        role: str | None,
        organization: str | None,
        first_date: str,
        last_date: str,
        article: ArticlePeople,
        count: int,
    ) -> None:
        _set(self, "role", role)
        _set(self, "organization", organization)
        _set(self, "first_date", first_date)
        _set(self, "last_date", last_date)
        _set(self, "article", article)
        _set(self, "count", count)


#: For each article that gives a person a role, oldest first: their dates, and (the article, the
#: roles it gives them, and their keys: `role_key`).
RolesByDate = tuple[list[str], list[tuple[ArticlePeople, list[str], frozenset[str]]]]


def _newest_first(a: Appearance) -> tuple[str, str]:
    return (a.article.date, a.article.rel)


def _article_newest_first(article: ArticlePeople) -> tuple[str, str]:
    return (article.date, article.rel)


class PersonEntry:
    """One person across the folder (compared by identity: one object per person per index)."""

    id: int
    name: str  # the canonical spelling: people.toml's, else the one most used
    appearances: list[Appearance]  # newest first
    spellings: dict[str, int]  # spelling -> articles using it, most used first
    configured: bool  # named in people.toml
    _history: list[RoleSpan] | None
    _search: str | None
    _counts: tuple[int, int, int] | None
    _orgs: list[str] | None
    _org_key: tuple[str, ...] | None
    _roles_by_date: RolesByDate | None

    def __init__(
        self,
        id: int,
        name: str,
        appearances: list[Appearance],
        spellings: dict[str, int],
        configured: bool = False,
    ) -> None:
        self.id = id
        self.name = name
        self.appearances = appearances
        self.spellings = spellings
        self.configured = configured
        self._history = None
        self._search = None
        self._counts = None
        self._orgs = None
        self._org_key = None
        self._roles_by_date = None

    def __repr__(self) -> str:  # as the dataclass wrote it (the cached fields left out)
        return (
            f"{self.__class__.__qualname__}(id={self.id!r}, name={self.name!r}, "
            f"appearances={self.appearances!r}, spellings={self.spellings!r}, "
            f"configured={self.configured!r})"
        )

    @property
    def articles(self) -> list[ArticlePeople]:
        """Distinct articles, newest first."""
        seen: dict[Path, ArticlePeople] = {}
        for a in self.appearances:
            seen.setdefault(a.article.path, a.article)
        return list(seen.values())

    def _count(self) -> tuple[int, int, int]:
        if self._counts is None:
            attended = {id(a.article) for a in self.appearances if a.kind == "attendee"}
            spoke = {id(a.article) for a in self.appearances if a.kind == "speaker"}
            self._counts = (len(attended), len(spoke), len({id(a.article) for a in self.appearances}))
        return self._counts

    @property
    def wrote(self) -> int:
        """In how many articles the person is an author (a byline referring to profiles)."""
        return len({id(a.article) for a in self.appearances if a.kind == "author"})

    @property
    def attended(self) -> int:
        """In how many articles the person is among the attendees."""
        return self._count()[0]

    @property
    def spoke(self) -> int:
        """In how many articles the person is among the speakers."""
        return self._count()[1]

    @property
    def count(self) -> int:
        """In how many articles the person is named."""
        return self._count()[2]

    @property
    def last_date(self) -> str:
        return max((a.date for a in self.appearances), default="")

    @property
    def first_date(self) -> str:
        return min((a.date for a in self.appearances if a.date), default="")

    @property
    def organizations(self) -> list[str]:
        if self._orgs is None:
            # (Each distinct text squeezed once: a person's appearances repeat a few.)
            self._orgs = sorted({squeeze(o) for o in {a[5] for a in self.appearances} if o})
        return self._orgs

    @property
    def org_key(self) -> tuple[str, ...]:
        """`organizations` as `role_key` takes them (worked out once)."""
        if self._org_key is None:
            self._org_key = tuple(self.organizations)
        return self._org_key

    @property
    def topics(self) -> list[tuple[str, Appearance]]:
        return [(squeeze(a.topic), a) for a in self.appearances if a.topic and a.kind == "speaker"]

    @property
    def role_history(self) -> list[RoleSpan]:
        """Each distinct role (and organization) the person had, in the order it first appears,
        with the first article that gives it, its first and last date and how many articles do.
        A role written with the person's organization after it (``Dean, Faculty of Arts``) is
        the same role as ``Dean`` at that organization."""
        if self._history is not None:
            return self._history
        orgs = self.organizations
        # Each span as [role, organization, first_date, last_date, article, count], made into
        # RoleSpans at the end.
        spans: list[list[Any]] = []
        keys: list[tuple[str, str]] = []
        seen: list[set[Path]] = []
        # A person's articles repeat a few roles and organizations: each is folded once, and
        # which span a (role, organization) joins is looked up once until the spans change.
        role_keys: dict[str | None, str] = {}
        org_keys: dict[str | None, str] = {}
        joins: dict[tuple[str, str], int | None] = {}
        for a in sorted(self.appearances, key=_newest_first):
            if not a.role and not a.organization:
                continue
            role = role_keys.get(a.role)
            if role is None:
                role = role_keys[a.role] = role_key(a.role, orgs)
            org = org_keys.get(a.organization)
            if org is None:
                org = org_keys[a.organization] = fold(squeeze(a.organization)) if a.organization else ""
            date = a.article.date
            path = a.article.path
            if (role, org) in joins:
                i = joins[(role, org)]
            else:
                # The same role; an organization given in one article and not in another is the same.
                i = joins[(role, org)] = next(
                    (i for i, (r, o) in enumerate(keys) if r == role and (o == org or not o or not org)), None
                )
            if i is None:
                keys.append((role, org))
                joins.clear()
                spans.append([a.role, a.organization, date, date, a.article, 1])
                seen.append({path})
                continue
            span = spans[i]
            if org and not keys[i][1]:
                keys[i] = (role, org)
                joins.clear()
            span[0] = span[0] or a.role
            span[1] = span[1] or a.organization
            span[2] = span[2] or date
            span[3] = date or span[3]
            if path not in seen[i]:
                span[5] += 1
                seen[i].add(path)
        self._history = [RoleSpan(*span) for span in spans]
        return self._history

    @property
    def search_text(self) -> str:
        """Folded text the People view's filter matches: every spelling and every role."""
        if self._search is None:
            roles = {a.role for a in self.appearances if a.role}
            self._search = fold(" ".join((*self.spellings, self.name, *sorted(roles))))
        return self._search

    def matches(self, query: str) -> bool:
        """Whether every word of ``query`` is in `search_text` (case and diacritics aside)."""
        words = fold(query).split()
        if not words:
            return True
        text = self.search_text
        return all(w in text for w in words)

    def kinds_in(self, article: ArticlePeople) -> list[str]:
        """``attendee``, ``speaker`` and/or ``author``: how the person is named in ``article``."""
        kinds = {a.kind for a in self.appearances if a.article is article}
        return [k for k in ("attendee", "speaker", "author") if k in kinds]

    def role_in(self, article: ArticlePeople) -> str | None:
        """The person's role in ``article`` (the first list that gives one)."""
        found = None
        for a in self.appearances:
            if a.article is article and a.role:
                if a.kind == "attendee":
                    return a.role
                found = found or a.role
        return found

    @property
    def latest_role(self) -> str | None:
        for a in self.appearances:
            if a.role:
                return a.role
        return None

    @property
    def latest_role_or_organization(self) -> str | None:
        """`latest_role`, else the latest organization (a profile that gives only a company)."""
        found = self.latest_role
        if found is None:
            found = next((a.organization for a in self.appearances if a.organization), None)
        return found


class GroupEntry:
    """A group of attendees or speakers (``group:``), kept apart from people."""

    name: str
    appearances: list[Appearance]

    def __init__(self, name: str, appearances: list[Appearance]) -> None:
        self.name = name
        self.appearances = appearances

    def __repr__(self) -> str:
        return f"{self.__class__.__qualname__}(name={self.name!r}, appearances={self.appearances!r})"

    @property
    def count(self) -> int:
        return len({a.article.path for a in self.appearances})


#: How a list of people can be sorted.
SORTS = ("name", "count", "last")


def sort_people(people: Iterable[PersonEntry], sort: str) -> list[PersonEntry]:
    """``people`` by name (A-Z), count (most articles first) or last date (newest first)."""
    items = list(people)
    if sort == "count":
        return sorted(items, key=lambda p: (-p.count, fold(p.name), p.id))
    by_name = sorted(items, key=lambda p: (fold(p.name), p.name, p.id))
    if sort == "last":  # newest first; the same date (or none, last) by name
        return sorted(by_name, key=lambda p: p.last_date, reverse=True)
    return by_name


class Suggestion(Record):
    """Two people who may be one: never merged, shown with the evidence."""

    __slots__ = ("a", "b", "evidence", "kind", "score")
    _fields = ("a", "b", "kind", "score", "evidence")
    a: PersonEntry
    b: PersonEntry
    kind: str  # "near-miss" | "extra-words" | "pinyin"
    score: float
    evidence: str

    def __init__(self, a: PersonEntry, b: PersonEntry, kind: str, score: float, evidence: str) -> None:
        _set(self, "a", a)
        _set(self, "b", b)
        _set(self, "kind", kind)
        _set(self, "score", score)
        _set(self, "evidence", evidence)


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root


class PeopleIndex:
    """Every person and group named in attendees and speakers across a folder."""

    def __init__(self, people: list[PersonEntry], groups: list[GroupEntry], config: PeopleConfig) -> None:
        self.people = people
        self.groups = groups
        self.config = config
        self.by_spelling: dict[str, PersonEntry] = {}
        self.by_key: dict[str, PersonEntry] = {}
        for person in people:
            for spelling in person.spellings:
                self.by_spelling[spelling] = person
                for key in name_keys(spelling):
                    self.by_key.setdefault(key, person)
        by_name = {p.name: p for p in people}
        for cp in config.persons:
            named = by_name.get(cp.name)
            if named is None:
                continue
            for alias in (cp.name, *cp.aliases):
                self.by_spelling.setdefault(alias, named)
                for key in name_keys(alias):
                    self.by_key.setdefault(key, named)
        self._similar: list[Suggestion] | None = None

    @classmethod
    def build(cls, articles: Iterable[ArticlePeople], config: PeopleConfig = EMPTY_CONFIG) -> PeopleIndex:
        """The index of ``articles``' people and groups.

        Each spelling's appearances are gathered newest first by walking the articles newest
        first (one sort of the articles, not one of every person's appearances: 90,000 of them
        at 10,000 articles), so a person with one spelling needs no sort at all; the articles
        that use a spelling are counted by a number per distinct path (one hash of a `Path` per
        article, not per appearance). The same index as sorting each person's appearances
        (`tests/test_people.py::test_build_is_the_plain_reading` holds it to that reading)."""
        articles = articles if isinstance(articles, list) else list(articles)
        new = tuple.__new__
        # Groups: the label is the first spelling met in the articles' order.
        groups: dict[str, GroupEntry] = {}
        for art in articles:
            for kind, position, name, role, org, topic, group in art.persons:
                if name is None and group:
                    label = squeeze(group)
                    g = groups.get(label.casefold())
                    if g is None:
                        g = groups[label.casefold()] = GroupEntry(label, [])
                    g.appearances.append(new(Appearance, (art, kind, position, label, role, org, topic)))
        # Newest first, ties in the articles' order (a stable sort): each spelling's list is then
        # what sorting its appearances newest first gives.
        newest = sorted(articles, key=_article_newest_first, reverse=True)
        appearances: dict[str, list[Appearance]] = {}
        paths_of: dict[str, set[int]] = {}
        # Each spelling's (appearances, paths' numbers): one look-up per name written.
        both: dict[str, tuple[list[Appearance], set[int]]] = {}
        path_ids: dict[Path, int] = {}
        for art in newest:
            persons = art[4]
            if not persons:
                continue
            pid = path_ids.setdefault(art[0], len(path_ids))
            for kind, position, name, role, org, topic, _ in persons:
                if name is None:
                    continue
                spelling = name.strip()
                if not spelling:
                    continue
                found = both.get(spelling)
                if found is None:
                    found = both[spelling] = (
                        appearances.setdefault(spelling, []),
                        paths_of.setdefault(spelling, set()),
                    )
                found[0].append(new(Appearance, (art, kind, position, spelling, role, org, topic)))
                found[1].add(pid)
        clusters = cluster(sorted(appearances), config)
        people: list[PersonEntry] = []
        configured = {squeeze(cp.name).casefold(): cp.name for cp in config.persons}
        for members, config_name in clusters:
            present = [m for m in members if m in appearances]
            if not present:
                continue
            if len(present) == 1:
                apps = appearances[present[0]]
            else:
                apps = [a for m in present for a in appearances[m]]
                apps.sort(key=_newest_first, reverse=True)
            # Spellings by the number of articles that use them; a tie goes to the one written
            # first (the archive's established spelling), then to the alphabet.
            counts = {m: len(paths_of[m]) for m in present}
            first = {m: appearances[m][-1].article.date for m in present}  # each list: newest first
            spellings = sorted(counts, key=lambda s: (-counts[s], first.get(s, "") or "9999", s))
            canonical = config_name or spellings[0]
            people.append(
                PersonEntry(
                    0,
                    canonical,
                    apps,
                    {s: counts[s] for s in spellings},
                    configured=config_name is not None or squeeze(canonical).casefold() in configured,
                )
            )
        people.sort(key=lambda p: (fold(p.name), p.name))
        for i, person in enumerate(people):
            person.id = i
        group_list = sorted(groups.values(), key=lambda g: (fold(g.name), g.name))
        for g in group_list:
            g.appearances.sort(key=_newest_first, reverse=True)
        return cls(people, group_list, config)

    # -- looking up ----------------------------------------------------------------------------

    def person_named(self, name: str) -> PersonEntry | None:
        """The person written ``name`` (any spelling the rules or people.toml make the same)."""
        spelling = name.strip()
        found = self.by_spelling.get(spelling)
        if found is not None:
            return found
        for key in name_keys(spelling):
            found = self.by_key.get(key)
            if found is not None:
                return found
        return None

    def closest(self, name: str, limit: int = 3) -> list[PersonEntry]:
        """People whose names are closest to ``name`` (for a "did you mean")."""
        from rapidfuzz import fuzz, process

        forms = {p.id: match_form(p.name) for p in self.people}
        found = process.extract(match_form(name), forms, scorer=fuzz.ratio, limit=limit, score_cutoff=60)
        return [self.people[pid] for _, _, pid in found]

    # -- candidates ----------------------------------------------------------------------------

    def similar(self, threshold: float = NEAR_MISS) -> list[Suggestion]:
        """Pairs of people that may be one person, best first (computed once)."""
        if self._similar is None or threshold != NEAR_MISS:
            found = suggest(self.people, self.config, threshold)
            if threshold != NEAR_MISS:
                return found
            self._similar = found
        return self._similar

    @property
    def similar_ready(self) -> bool:
        """Whether `similar` has been worked out (it may take a moment: call it in a worker)."""
        return self._similar is not None

    def suggestions_for(self, person: PersonEntry) -> list[Suggestion]:
        return [s for s in self.similar() if s.a is person or s.b is person]


def cluster(spellings: list[str], config: PeopleConfig) -> list[tuple[list[str], str | None]]:
    """Group spellings into people: people.toml aliases first, then shared `name_keys`, never
    joining two names people.toml says are different. Returns (spellings, configured name)."""
    union = _Union()
    forbidden: dict[str, set[str]] = {}
    for a, b in config.not_same:
        ka, kb = squeeze(a).casefold(), squeeze(b).casefold()
        forbidden.setdefault(ka, set()).add(kb)
        forbidden.setdefault(kb, set()).add(ka)
    # The guarded forms each set holds (forms named in a not_same pair).
    guarded: dict[str, set[str]] = {}
    config_name: dict[str, str] = {}

    def form(s: str) -> str:
        return squeeze(s).casefold()

    nodes: list[str] = []
    for s in spellings:
        nodes.append("s:" + s)
    alias_nodes: list[tuple[str, str]] = []
    for i, cp in enumerate(config.persons):
        head = f"c:{i}"
        config_name[head] = cp.name
        for n in (cp.name, *cp.aliases):
            alias_nodes.append((head, form(n)))
    for node in nodes:
        f = form(node[2:])
        if f in forbidden:
            guarded[union.find(node)] = {f}

    def join(x: str, y: str, force: bool = False) -> None:
        rx, ry = union.find(x), union.find(y)
        if rx == ry:
            return
        gx, gy = guarded.get(rx, set()), guarded.get(ry, set())
        if not force and any(forbidden[g] & gy for g in gx):
            return
        union.parent[ry] = rx
        if gy:
            guarded.setdefault(rx, set()).update(gy)
            guarded.pop(ry, None)
        if ry in config_name and rx not in config_name:
            config_name[rx] = config_name.pop(ry)

    # people.toml aliases: spellings written as a configured name or alias belong to that person.
    by_form: dict[str, list[str]] = {}
    for node in nodes:
        by_form.setdefault(form(node[2:]), []).append(node)
    for head, f in alias_nodes:
        union.find(head)
        for node in by_form.get(f, ()):
            join(head, node, force=True)
    # The rules: spellings sharing a key are one person.
    by_key: dict[str, str] = {}
    for head, f in alias_nodes:
        for key in name_keys(f):
            if key in by_key:
                join(by_key[key], head)
            else:
                by_key[key] = head
    for node in nodes:
        for key in name_keys(node[2:]):
            if key in by_key:
                join(by_key[key], node)
            else:
                by_key[key] = node
    groups: dict[str, list[str]] = {}
    for node in nodes:
        groups.setdefault(union.find(node), []).append(node[2:])
    out: list[tuple[list[str], str | None]] = []
    for root, members in groups.items():
        out.append((members, config_name.get(root)))
    return out


# -- candidates ----------------------------------------------------------------------------------


#: Of two kinds of evidence for one pair, the more telling is shown.
_PRIORITY = {"near-miss": 0, "extra-words": 1, "pinyin": 2}


def suggest(
    people: Sequence[PersonEntry],
    config: PeopleConfig,
    threshold: float = NEAR_MISS,
    *,
    queries: Sequence[PersonEntry] | None = None,
    pinyin: bool = True,
) -> list[Suggestion]:
    """Suggested same-person pairs: near misses, extra initials or titles, Han/pinyin readings.

    With ``queries``, only pairs with one of them, and no pinyin links (what validate needs).
    """
    found: dict[tuple[int, int], Suggestion] = {}

    def add(s: Suggestion) -> None:
        if s.a is s.b or _kept_apart(s.a, s.b, config):
            return
        a, b = (s.a, s.b) if s.a.id < s.b.id else (s.b, s.a)
        key = (a.id, b.id)
        old = found.get(key)
        if old is None or _PRIORITY[s.kind] > _PRIORITY[old.kind]:
            found[key] = Suggestion(a, b, s.kind, max(s.score, old.score if old else 0), s.evidence)
        elif _PRIORITY[s.kind] == _PRIORITY[old.kind] and s.score > old.score:
            found[key] = Suggestion(a, b, s.kind, s.score, s.evidence)

    wanted = None if queries is None else {p.id for p in queries}
    for s in _near_misses(people, threshold, queries):
        add(s)
    for s in _extra_words(people):
        if wanted is None or s.a.id in wanted or s.b.id in wanted:
            add(s)
    if pinyin and queries is None and any(has_han(sp) for p in people for sp in p.spellings):
        for s in _pinyin_links(people):
            add(s)
    return sorted(found.values(), key=lambda s: (-s.score, fold(s.a.name), fold(s.b.name)))


def suggest_for(index: PeopleIndex, people: Sequence[PersonEntry]) -> list[Suggestion]:
    """`suggest` restricted to pairs with one of ``people`` (cheap for a few)."""
    if len(people) * 4 >= len(index.people):
        return [s for s in index.similar() if s.a in people or s.b in people]
    return suggest(index.people, index.config, queries=people)


def _kept_apart(a: PersonEntry, b: PersonEntry, config: PeopleConfig) -> bool:
    if not config.not_same:
        return False
    return any(config.is_not_same(x, y) for x in (a.name, *a.spellings) for y in (b.name, *b.spellings))


def _forms(people: Sequence[PersonEntry]) -> list[tuple[str, PersonEntry]]:
    out: dict[tuple[str, int], PersonEntry] = {}
    for p in people:
        for s in p.spellings:
            if has_han(s):
                continue
            f = match_form(s)
            if f:
                out[(f, p.id)] = p
    return [(f, p) for (f, _), p in out.items()]


def _near_misses(
    people: Sequence[PersonEntry], threshold: float, queries: Sequence[PersonEntry] | None = None
) -> Iterator[Suggestion]:
    forms = sorted(_forms(people), key=lambda fp: (len(fp[0]), fp[0]))
    lengths = [len(f) for f, _ in forms]
    texts = [f for f, _ in forms]
    t = threshold / 100.0
    wanted = None if queries is None else {p.id for p in queries}
    # For each name compared: (its index, the range of names it is compared with).
    spans: list[tuple[int, int, int]] = []
    for i, (form, person) in enumerate(forms):
        if wanted is not None and person.id not in wanted:
            continue
        # ratio >= t needs 2*min/(la+lb) >= t: only names within these lengths can reach it.
        longest = int(len(form) * (2 - t) / t) if t > 0 else 10**9
        hi = bisect.bisect_right(lengths, longest)
        # Without queries, every pair once: only the names after this one.
        lo = i + 1 if wanted is None else bisect.bisect_left(lengths, len(form) * t / (2 - t))
        if hi > lo:
            spans.append((i, lo, hi))
    if not _any_could_be_near(forms, spans):
        return  # rapidfuzz is not even imported (a pre-commit run on an article of a small folder)
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import OSA

    for i, lo, hi in spans:
        form, person = forms[i]
        for _, score, k in process.extract(
            form, texts[lo:hi], scorer=fuzz.ratio, score_cutoff=threshold, limit=None
        ):
            other_form, other = forms[lo + k]
            if other is person:
                continue
            cap = max_edits(form, other_form)
            if OSA.distance(form, other_form, score_cutoff=cap) > cap:
                continue
            yield Suggestion(
                person, other, "near-miss", float(score), f"{score:.0f}% alike ('{form}' / '{other_form}')"
            )


#: Up to this many pairs, `_any_could_be_near` looks at each (beyond, rapidfuzz is simply used).
_PREFILTER_PAIRS = 2000


def _any_could_be_near(forms: list[tuple[str, PersonEntry]], spans: list[tuple[int, int, int]]) -> bool:
    """Whether any pair `_near_misses` would compare (``spans``) may be a near miss: a cheap
    check, so that a run with none (one article's names in a small folder) never imports
    rapidfuzz. Many pairs: True (rapidfuzz is faster than looking)."""
    if sum(hi - lo for _, lo, hi in spans) > _PREFILTER_PAIRS:
        return True
    for i, lo, hi in spans:
        form, person = forms[i]
        for other_form, other in forms[lo:hi]:
            if other is not person and could_be_near(form, other_form):
                return True
    return False


def _extra_words(people: Sequence[PersonEntry]) -> Iterator[Suggestion]:
    """The same name with initials or a title added: 'John F. Kennedy' / 'John Kennedy'."""
    by_words: dict[tuple[str, ...], list[PersonEntry]] = {}
    entries: list[tuple[tuple[str, ...], PersonEntry]] = []
    for p in people:
        for s in p.spellings:
            words = tuple(sorted(name_tokens(s)))
            if has_han("".join(words)):
                continue
            entries.append((words, p))
            if len(words) >= 2:
                by_words.setdefault(words, []).append(p)
    for words, person in entries:
        if len(words) < 3 or len(words) > 7:
            continue
        for size in range(2, len(words)):
            for sub in set(itertools.combinations(words, size)):
                others = by_words.get(sub)
                if not others:
                    continue
                extra = list((Counter(words) - Counter(sub)).elements())
                if not all(len(w) == 1 or w in TITLE_WORDS for w in extra):
                    continue
                for other in others:
                    if other is not person:
                        what = ", ".join(f"'{w}'" for w in extra)
                        yield Suggestion(
                            person, other, "extra-words", 92.0, f"the same name with {what} added"
                        )


def _pinyin_links(people: Sequence[PersonEntry]) -> Iterator[Suggestion]:
    # Here, not at the top: only a folder with a name in Han characters needs the readings.
    from newsdesk.core.persons.pinyin import reading_keys, readings

    latin: dict[str, list[PersonEntry]] = {}
    for p in people:
        for s in p.spellings:
            if has_han(s):
                continue
            for key in name_keys(s):
                bucket = latin.setdefault(key, [])
                if p not in bucket:
                    bucket.append(p)
    if not latin:
        return
    links: list[tuple[PersonEntry, PersonEntry, str, bool, int]] = []
    for p in people:
        for s in p.spellings:
            if not has_han(s):
                continue
            han = "".join(name_tokens(s))
            rs = readings(han)
            for rank, r in enumerate(rs):
                hits = {id(q): q for k in reading_keys(r) for q in latin.get(k, ())}
                for q in hits.values():
                    links.append((p, q, f"{r.surname} {r.given}", r.ambiguous, rank))
                if hits:
                    break
    by_latin: dict[int, set[int]] = {}
    for p, q, _, _, _ in links:
        by_latin.setdefault(q.id, set()).add(p.id)
    seen: set[tuple[int, int]] = set()
    for p, q, reading, ambiguous, rank in links:
        if (p.id, q.id) in seen:
            continue
        seen.add((p.id, q.id))
        notes = [f"'{p.name}' reads {reading}"]
        if ambiguous:
            notes.append("one of several readings" if rank else "its most common reading; it has others")
        if len(by_latin[q.id]) > 1:
            notes.append(f"{len(by_latin[q.id])} Han names read so")
        score = 100.0 - (5.0 if ambiguous and rank else 0.0) - (5.0 if len(by_latin[q.id]) > 1 else 0.0)
        yield Suggestion(p, q, "pinyin", score, "; ".join(notes))


# -- checks over the folder ------------------------------------------------------------------------


def _roles_by_date(person: PersonEntry) -> RolesByDate:
    """`PersonEntry.roles_by_date`, worked out once per person."""
    if person._roles_by_date is None:
        # Newest first (the appearances' order; one article's appearances lie together), then
        # reversed. This runs for every person of a folder (90,000 appearances at 10,000
        # articles): plain loops, a person's few roles each folded once, and one frozenset of
        # keys shared by all the articles that give them one same role.
        dates: list[str] = []
        articles: list[ArticlePeople] = []
        roles_of: list[list[str]] = []
        last: ArticlePeople | None = None
        for a in person.appearances:
            role = a[4]
            if not role:
                continue
            art = a[0]
            if art is last:
                roles_of[-1].append(role)
                continue
            date = art[3]
            if not date:
                continue
            last = art
            dates.append(date)
            articles.append(art)
            roles_of.append([role])
        orgs = person.org_key if articles else ()
        keys: dict[str, str] = {}  # role -> its key
        single: dict[str, frozenset[str]] = {}  # role -> the keys of an article giving it alone
        found: list[tuple[ArticlePeople, list[str], frozenset[str]]] = []
        for art, roles in zip(reversed(articles), reversed(roles_of), strict=True):
            if len(roles) == 1:
                ks = single.get(roles[0])
                if ks is None:
                    k = keys.get(roles[0])
                    if k is None:
                        k = keys[roles[0]] = role_key(roles[0], orgs)
                    ks = single[roles[0]] = frozenset((k,))
            else:
                for role in roles:
                    if role not in keys:
                        keys[role] = role_key(role, orgs)
                ks = frozenset([keys[role] for role in roles])
            found.append((art, roles, ks))
        dates.reverse()
        person._roles_by_date = (dates, found)
    return person._roles_by_date


#: An article naming a person with roles: (the article, its roles for them, their `role_key`s).
RoleSeen = tuple["ArticlePeople", list[str], frozenset[str]]


def earlier_roles(person: PersonEntry, date: str) -> tuple[ArticlePeople, list[str], frozenset[str]] | None:
    """The roles ``person`` had in the nearest article before ``date`` that gives one (the last
    in the archive's order among articles of that date), with their keys (`role_key`)."""
    if not date:
        return None
    dates, found = _roles_by_date(person)
    older = bisect.bisect_left(dates, date)  # the articles dated before ``date``
    return found[older - 1] if older else None


def role_neighbours(
    person: PersonEntry, date: str
) -> tuple[RoleSeen | None, RoleSeen | None, RoleSeen | None]:
    """Around ``date``, the roles ``person`` had in the two nearest earlier articles that give
    one (nearest first; as `earlier_roles`) and in the nearest later one (the first in the
    archive's order among articles of that date)."""
    if not date:
        return None, None, None
    dates, found = _roles_by_date(person)
    older = bisect.bisect_left(dates, date)
    newer = bisect.bisect_right(dates, date)
    return (
        found[older - 1] if older else None,
        found[older - 2] if older > 1 else None,
        found[newer] if newer < len(found) else None,
    )


#: `new_roles` gives up once this share of the articles it has walked are listed (roles that
#: change in most articles: looking them up per article is then no more work).
MOSTLY_NEW = 0.25
#: (It looks at that share once it has walked this many articles.)
MOSTLY_NEW_AFTER = 2000


def mostly_new(walked: int, listed: int, most: float = MOSTLY_NEW, first: int = MOSTLY_NEW_AFTER) -> bool:
    """`new_roles`' rule for giving up: past ``first`` articles walked, more than ``most`` of them
    listed."""
    return walked > first and listed > most * walked


def new_roles(
    people: Iterable[PersonEntry],
    skip: frozenset[str] = frozenset(),
    *,
    most: float = MOSTLY_NEW,
    first: int = MOSTLY_NEW_AFTER,
) -> dict[int, set[int]] | None:
    """Where ``role-changed`` has something to look at: for each article (by identity: the `id`
    of the `ArticlePeople` the appearances are in), the ids of the people whose roles there, as
    the article's own lists give them (kinds not in ``skip``: lists filled from profiles), share
    no key with their roles in the nearest earlier article that gives them one (`earlier_roles`).
    For any other person and article whose lists give them a role, `earlier_roles` is None or
    shares a key with those roles: that check says nothing.

    One walk over each person's dated roles (oldest first), instead of one look-up per article
    and name; each person's role table is built here, once (the warnings then look roles up in
    it). None once more than ``most`` of the articles walked (past the ``first``) would be
    listed: the caller looks at everyone's roles."""
    out: dict[int, set[int]] = {}
    walked = listed = 0
    for person in people:
        if mostly_new(walked, listed, most, first):
            return None
        count, arts = walk_new_roles(person, skip)
        walked += count
        listed += len(arts)
        pid = person.id
        for art in arts:
            ids = out.get(art)
            if ids is None:
                ids = out[art] = set()
            ids.add(pid)
    return out


#: `new_roles`' walk over one person's dated roles: (how many articles it walked, the ids of the
#: articles it lists them in).
RolesWalked = tuple[int, list[int]]


def walk_new_roles(person: PersonEntry, skip: frozenset[str] = frozenset()) -> RolesWalked:
    """`new_roles`' walk over ``person``'s dated roles, oldest first (their role table is built
    here, once)."""
    dates, found = _roles_by_date(person)
    if len(found) < 2:
        return len(found), []  # nothing earlier than the first
    own = _own_keys(person, skip) if skip else None
    listed: list[int] = []
    before: frozenset[str] | None = None  # the keys of the last article of an earlier date
    last: frozenset[str] | None = None  # the keys of the article before this one
    current = ""  # the date of the articles walked
    for date, (art, _, keys) in zip(dates, found, strict=True):
        if date != current:
            before, current = last, date
        last = keys
        if before is None:
            continue  # no earlier date: nothing to compare with
        # (An article whose appearances do not lie together has an entry per run of them:
        # if all their keys share none with ``before``, neither does each run's.)
        mine = keys if own is None else own.get(id(art))
        if mine and before.isdisjoint(mine):
            listed.append(id(art))
    return len(found), listed


def _own_keys(person: PersonEntry, skip: frozenset[str]) -> dict[int, frozenset[str]] | None:
    """The keys (`role_key`) of ``person``'s roles in each article (by identity) from the lists
    not in ``skip``; None when none of their appearances is in such a list (all of them count)."""
    if skip.isdisjoint({a[1] for a in person.appearances}):
        return None
    orgs = person.org_key
    keys: dict[int, set[str]] = {}
    for a in person.appearances:
        if a.role and a.kind not in skip:
            keys.setdefault(id(a.article), set()).add(role_key(a.role, orgs))
    return {k: frozenset(v) for k, v in keys.items()}


__all__ = [
    "MOSTLY_NEW",
    "MOSTLY_NEW_AFTER",
    "SORTS",
    "Appearance",
    "ArticlePeople",
    "GroupEntry",
    "PeopleIndex",
    "PersonEntry",
    "RoleSpan",
    "Suggestion",
    "cluster",
    "earlier_roles",
    "mostly_new",
    "new_roles",
    "role_neighbours",
    "sort_people",
    "suggest",
    "suggest_for",
    "walk_new_roles",
]
