"""People across the archive: who attended and spoke where, and whose name is written how.

Built from what the folder scan records per article (`PersonRef`: each attendee and speaker item
with its role, organization and topic, read through the site's field roles) and the article's date;
files are never read again for it. Pure data and rules, no I/O except reading ``people.toml``.

Matching rules (see `name_keys`):

* **The same person** (merged): spellings that differ only in case, spacing, punctuation,
  diacritics (``Jose``/``José``), honorifics before the name (``Prof.``, ``Dr``, ``Professor``) or
  degrees after it (``PhD``), or the order of given and family name (``Liu Hong``/``Hong Liu``).
  ``people.toml`` adds aliases (merged too) and "not the same person" pairs (never merged).
* **Candidates** (suggested, never merged; `PeopleIndex.similar`): near misses by edit similarity
  (``Chang Junyue``/``Chang Junyu``, `NEAR_MISS` = the tuned threshold, rapidfuzz), the same name
  with extra initials or a title (``John F. Kennedy``/``John Kennedy``), and a name in Han
  characters whose pinyin reading is a Latin spelling in the archive (``刘红``/``Liu Hong``;
  pypinyin). Ambiguous readings: every reading of every character counts (``红`` is ``hong`` or
  ``gong``), the common reading of a surname first (``曾`` is ``zeng``, not ``ceng``), at most
  `MAX_READINGS` combinations per name; the evidence says when a name has several readings and
  when several Han names share one.

rapidfuzz and pypinyin are imported only when candidates are asked for, so checking one article
without them costs nothing.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from newsdesk.core.model.record import Record
from newsdesk.core.rules.schema import SchemaError

if TYPE_CHECKING:
    from newsdesk.core.rules.references import Resolver

#: How a person is named in an article: among the attendees, the speakers, or (a byline that
#: refers to profiles) the authors.
Kind = Literal["attendee", "speaker", "author"]
_set = object.__setattr__
_intern = sys.intern
PEOPLE_FILENAME = "people.toml"
#: The rapidfuzz ratio (0-100) from which two names are suggested as the same person. Tuned on the
#: bundled and real-world names (benchmarks/tune_people.py; precision in the README).
NEAR_MISS = 88.0
#: At most this many pinyin readings are tried per Han name (combinations of heteronyms).
MAX_READINGS = 64


#: One attendee or speaker item of one article, as the scan records it: (kind — "attendee" or
#: "speaker" —, its index in the list, name, role, organization, topic, group). A plain tuple: the
#: garbage collector stops following tuples of text and numbers (a named tuple it follows for ever,
#: and a scan of 10,000 articles makes 90,000 of them); `Ref` gives them names where needed.
PersonRef = tuple[str, int, str | None, str | None, str | None, str | None, str | None]


class Ref(NamedTuple):
    """A `PersonRef` with its fields named (``Ref._make(ref)``)."""

    kind: str  # "attendee" | "speaker"
    position: int  # its index in the list
    name: str | None
    role: str | None = None
    organization: str | None = None
    topic: str | None = None
    group: str | None = None


def _one_line(value: object) -> str | None:
    """A person item's value as `newsdesk.core.model.article.Person` reads it (None: absent or not text)."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = (value if isinstance(value, str) else str(value)).strip()
    return _intern(text) if text else None


def refs_of(
    metadata: Mapping[str, Any], roles: Any, resolver: Resolver | None = None
) -> tuple[PersonRef, ...]:
    """The attendees and speakers of one article, read through ``roles`` (a `Roles`: the site's
    attendee and speaker fields and its person-key mapping), as `Roles.people_of` reads them.

    This runs for every article of every scan, so it reads the items directly (the same rules
    as `Person.from_value`; a test keeps them equal) instead of building `Person` objects first,
    and recurring names, roles and organizations are interned (one string for all appearances).

    ``resolver``: the schema's reference fields (`newsdesk.core.rules.references.resolver_for`):
    a slug in a reference field stands for its profile's name, role and organization, and a
    byline that refers to profiles names its authors (kind ``author``).
    """
    if resolver is not None:
        return _resolved_refs(metadata, roles, resolver)
    keys = roles.person
    nk, rk, ok, tk, gk = (keys.get(k, k) for k in ("name", "role", "organization", "topic", "group"))
    out: list[PersonRef] = []
    intern = _intern
    for field_name, kind in ((roles.attendees, "attendee"), (roles.speakers, "speaker")):
        items = metadata.get(field_name)
        if type(items) is not list:
            continue
        for i, item in enumerate(items):
            if type(item) is dict:
                v = item.get(nk)
                name = (intern(t) if (t := v.strip()) else None) if type(v) is str else _one_line(v)
                v = item.get(gk)
                group = None if v is None else _one_line(v)
                if name is None and group is None:
                    continue
                v = item.get(rk)
                role = (intern(t) if (t := v.strip()) else None) if type(v) is str else _one_line(v)
                v = item.get(ok)
                org = None if v is None else _one_line(v)
                v = item.get(tk)
                topic = None if v is None else _text_of(v)
                out.append((kind, i, name, role, org, topic, group))
            elif item is not None and type(item) is not list:
                name = _one_line(item)
                if name is not None:
                    out.append((kind, i, name, None, None, None, None))
    return tuple(out)


def _resolved_refs(metadata: Mapping[str, Any], roles: Any, resolver: Resolver) -> tuple[PersonRef, ...]:
    """`refs_of` of a schema with reference fields: their slugs resolved to the profiles."""
    from newsdesk.core.rules.references import ref_values

    out: list[PersonRef] = []
    plain = refs_of(metadata, roles)
    fields = resolver.fields
    for ref in plain:
        field = roles.attendees if ref[0] == "attendee" else roles.speakers
        if field in fields and ref[2] is not None:
            profile = resolver.profile(field, ref[2])
            if profile is not None:
                name = _intern(profile.label)
                out.append((ref[0], ref[1], name, profile.role, profile.organization, ref[5], ref[6]))
                continue
        out.append(ref)
    byline = roles.byline
    if byline in fields:
        for index, slug in ref_values(metadata.get(byline)):
            profile = resolver.profile(byline, slug)
            if profile is None:
                out.append(("author", index or 0, _intern(slug), None, None, None, None))
            else:
                name = _intern(profile.label)
                out.append(("author", index or 0, name, profile.role, profile.organization, None, None))
    return tuple(out)


def _text_of(value: object) -> str | None:
    if isinstance(value, (dict, list)):
        return None
    text = (value if isinstance(value, str) else str(value)).strip()
    return text or None


_KINDS = frozenset({"attendee", "speaker", "author"})
_TEXT_TYPES = frozenset({str, type(None)})


def refs_to_json(refs: Sequence[PersonRef]) -> str:
    """``refs`` as the index cache keeps them: one JSON text per article (a string is one object
    for the JSON reader where a list of lists is dozens: reading a large cache is faster)."""
    if not refs:
        return ""
    return json.dumps([list(r) for r in refs], ensure_ascii=False, separators=(",", ":"))


def refs_from_json(value: object) -> tuple[PersonRef, ...]:
    """`PersonRef`s back from a cache row (`refs_to_json`'s text, or its list); `ValueError`
    when it is not what we wrote."""
    if type(value) is str:
        if not value:
            return ()
        value = json.loads(value)
    if type(value) is not list:
        raise ValueError("not a list of people")
    intern = _intern
    out: list[PersonRef] = []
    for item in value:
        if type(item) is not list or len(item) != 7:
            raise ValueError("not a person row")
        kind, position, name, role, org, topic, group = item
        if (
            kind not in _KINDS
            or type(position) is not int
            or not {type(name), type(role), type(org), type(topic), type(group)} <= _TEXT_TYPES
        ):
            raise ValueError("not a person row")
        out.append(
            (
                "attendee" if kind == "attendee" else "speaker" if kind == "speaker" else "author",
                position,
                intern(name) if name else name,
                intern(role) if role else role,
                org,
                topic,
                group,
            )
        )
    return tuple(out)


# -- names -----------------------------------------------------------------------------------

#: Titles written before a name that do not change who is meant.
HONORIFICS = frozenset(
    [
        "prof",
        "professor",
        "dr",
        "doctor",
        "mr",
        "mrs",
        "ms",
        "mx",
        "miss",
        "sir",
        "dame",
        "rev",
        "revd",
        "reverend",
        "hon",
        "honourable",
        "honorable",
        "the",
        "assoc",
        "associate",
        "asst",
        "assistant",
        "emeritus",
    ]
)
#: "associate"/"assistant"/"the" only count when another honorific follows ("Assoc. Prof.").
_HONORIFIC_LEADS = frozenset({"the", "assoc", "associate", "asst", "assistant"})
#: Degrees and honours written after a name.
POSTNOMINALS = frozenset(["phd", "dphil", "edd", "esq", "obe", "mbe", "cbe", "kbe", "dbe", "frs"])
#: Chinese titles written after a name (刘红教授): stripped when two or more characters remain.
HAN_TITLES = ("教授", "博士", "先生", "女士", "老师", "同志", "校长", "院长", "主任", "书记")
#: Words that, added to a name, are a title rather than part of it ("Administrator Robin
#: Carnahan"): names that differ only by these (or by initials) are suggested as candidates.
TITLE_WORDS = frozenset(
    [
        "administrator",
        "president",
        "vice",
        "chancellor",
        "dean",
        "secretary",
        "director",
        "chair",
        "chairman",
        "chairwoman",
        "minister",
        "senator",
        "governor",
        "mayor",
        "deputy",
        "chief",
        "head",
        "provost",
        "principal",
        "rector",
        "registrar",
        "ambassador",
        "commissioner",
        "judge",
        "justice",
        "general",
        "colonel",
        "captain",
    ]
)
_LETTERS_MAP = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
)
_UPPER_LETTERS_MAP = str.maketrans({"Ø": "O", "Ł": "L", "Đ": "D", "Ð": "D", "Þ": "Th", "Æ": "Ae", "Œ": "Oe"})
#: Han characters (CJK ideographs). Compiled when first needed (its ranges take 2-3 ms to
#: compile, which `newsdesk validate ONE.md` need not pay for names in the Latin alphabet).
_HAN_CLASS = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"


@functools.cache
def _han() -> re.Pattern[str]:
    return re.compile(_HAN_CLASS)


def has_han(text: str) -> bool:
    # ASCII text has no Han characters: no need to compile the pattern for it.
    return not text.isascii() and _han().search(text) is not None


def squeeze(text: str) -> str:
    """``text`` with runs of white space as one space, trimmed: how a spelling is compared."""
    return " ".join(text.split())


def fold(text: str) -> str:
    """Case and diacritics folded away (``José`` -> ``jose``, ``Łukasz`` -> ``lukasz``); other
    scripts' marks (kana voicing) are kept."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_LETTERS_MAP)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not ("\u0300" <= c <= "\u036f"))
    return unicodedata.normalize("NFC", stripped)


_WORD = re.compile(r"[^\W_]+")


def _split(text: str) -> list[str]:
    """Words of folded text: letters and digits; punctuation and spaces separate them."""
    return _WORD.findall(text)


def name_tokens(name: str) -> list[str]:
    """The words that identify a person: folded, without honorifics before or degrees after."""
    words = _split(fold(name))
    if len(words) == 1 and has_han(words[0]):
        word = words[0]
        for title in HAN_TITLES:
            if word.endswith(title) and len(word) - len(title) >= 2:
                return [word[: -len(title)]]
        return words
    start = 0
    while start < len(words) - 1 and words[start] in HONORIFICS:
        if words[start] in _HONORIFIC_LEADS and words[start + 1] not in HONORIFICS:
            break
        start += 1
    end = len(words)
    while end - start > 1 and words[end - 1] in POSTNOMINALS:
        end -= 1
    return words[start:end] if end > start else words


def name_keys(name: str) -> tuple[str, ...]:
    """Keys under which spellings are the same person: the words run together as written, and
    (for names not in Han characters) sorted, so that order and spacing do not matter."""
    words = name_tokens(name)
    if not words:
        return ()
    written = "".join(words)
    if has_han(written):
        return (written,)
    ordered = "".join(sorted(words))
    return (written,) if ordered == written else (written, ordered)


def match_form(name: str) -> str:
    """The form near misses are measured on: the identifying words, sorted, space-separated."""
    return " ".join(sorted(name_tokens(name)))


_FEATURES = ("case", "diacritics", "punctuation", "spacing", "honorific", "order")


def _forms_without(name: str, off: str) -> set[str]:
    """The forms `name_keys` compares, with the normalisation ``off`` left out."""
    text = unicodedata.normalize("NFKC", name)
    if off != "case":
        text = text.casefold()
    if off != "diacritics":
        text = text.translate(_LETTERS_MAP).translate(_UPPER_LETTERS_MAP)
        text = unicodedata.normalize(
            "NFC", "".join(c for c in unicodedata.normalize("NFD", text) if not ("\u0300" <= c <= "\u036f"))
        )
    words = _split(text) if off != "punctuation" else text.split()
    if off != "honorific":
        folded = [fold(w) for w in words]
        start = 0
        while start < len(words) - 1 and folded[start].strip(".") in HONORIFICS:
            if (
                folded[start].strip(".") in _HONORIFIC_LEADS
                and folded[start + 1].strip(".") not in HONORIFICS
            ):
                break
            start += 1
        end = len(words)
        while end - start > 1 and folded[end - 1].strip(".,") in POSTNOMINALS:
            end -= 1
        words = words[start:end]
    joiner = " " if off == "spacing" else ""
    forms = {joiner.join(words)}
    if off != "order":
        forms.add(joiner.join(sorted(words)))
    return forms


def differences(a: str, b: str) -> list[str]:
    """How two spellings of one person differ, in words an editor knows: the normalisations
    (case, diacritics, punctuation, spacing, honorific, order) without which they would not be the
    same; ``alias`` when only people.toml makes them one."""
    if a.strip() == b.strip():
        return []
    if not set(name_keys(a)) & set(name_keys(b)):
        return ["alias"]
    out = [f for f in _FEATURES if not (_forms_without(a, f) & _forms_without(b, f))]
    spaces_differ = re.findall(r"\s+", a.strip()) != re.findall(r"\s+", b.strip())
    if "spacing" not in out and spaces_differ and len(_split(a)) == len(_split(b)):
        out.append("spacing")
    if not out and squeeze(a) != squeeze(b) and squeeze(a).casefold() == squeeze(b).casefold():
        out.append("case")
    return out or ["spacing"]


@functools.lru_cache(maxsize=16384)
def role_words(role: str) -> tuple[str, ...]:
    """A role's (or organization's) folded words; roles recur, so they are remembered."""
    return tuple(_split(fold(role)))


# -- people.toml -----------------------------------------------------------------------------


class PeopleConfigError(SchemaError):
    """A ``people.toml`` that cannot be used (``str()``: ``path:line: message``)."""


# The value classes below are written out on `Record`, not dataclasses: checking one article that
# names people (``newsdesk validate ONE.md``) should not import `dataclasses` (see
# `newsdesk.core.model.record`). Each behaves as the dataclass it was.


class ConfiguredPerson(Record):
    __slots__ = ("aliases", "name")
    _fields = ("name", "aliases")
    name: str
    aliases: tuple[str, ...]

    def __init__(self, name: str, aliases: tuple[str, ...] = ()) -> None:
        _set(self, "name", name)
        _set(self, "aliases", aliases)


class PeopleConfig(Record):
    """What ``people.toml`` says: canonical names with aliases, and pairs that are not one person."""

    __slots__ = ("not_same", "persons", "source")
    _fields = ("persons", "not_same", "source")
    persons: tuple[ConfiguredPerson, ...]
    not_same: tuple[tuple[str, str], ...]
    source: Path | None

    def __init__(
        self,
        persons: tuple[ConfiguredPerson, ...] = (),
        not_same: tuple[tuple[str, str], ...] = (),
        source: Path | None = None,
    ) -> None:
        _set(self, "persons", persons)
        _set(self, "not_same", not_same)
        _set(self, "source", source)

    def is_not_same(self, a: str, b: str) -> bool:
        ka, kb = squeeze(a).casefold(), squeeze(b).casefold()
        return any({ka, kb} == {squeeze(x).casefold(), squeeze(y).casefold()} for x, y in self.not_same)


EMPTY_CONFIG = PeopleConfig()


def people_file_for(root: Path, schema_source: Path | None) -> Path:
    """Where ``people.toml`` lives: beside the ``newsdesk.toml`` in use, else in the folder."""
    if schema_source is not None:
        return schema_source.parent / PEOPLE_FILENAME
    return (root if root.is_dir() else root.parent) / PEOPLE_FILENAME


def load_people_config(path: Path) -> PeopleConfig:
    """Read ``people.toml``; an absent file is an empty config; a broken one `PeopleConfigError`."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(1_000_001)
    except FileNotFoundError:
        return EMPTY_CONFIG
    except OSError as exc:
        raise PeopleConfigError(path, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > 1_000_000:
        raise PeopleConfigError(path, "too large (over 1 MB)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise PeopleConfigError(path, "not UTF-8 text") from None
    return parse_people_config(text, path)


def parse_people_config(text: str, path: Path | None = None) -> PeopleConfig:
    # From the loaders, not `newsdesk.core.read.handlers`: that imports python-frontmatter, which
    # validate never needs.
    import tomllib  # only with a people.toml: validate starts without it

    from newsdesk.core.read.loaders import invalid_toml, load_toml

    try:
        data = load_toml(text)
    except tomllib.TOMLDecodeError as exc:
        raise PeopleConfigError(path, *invalid_toml(exc)) from None

    def fail(message: str, needle: str | None = None) -> PeopleConfigError:
        line = None
        if needle is not None:
            for n, text_line in enumerate(text.splitlines(), 1):
                if needle in text_line:
                    line = n
                    break
        return PeopleConfigError(path, message, line)

    unknown = sorted(set(data) - {"person", "not_same"})
    if unknown:
        raise fail(f"unknown key {unknown[0]!r} (known: person, not_same)", unknown[0])
    persons: list[ConfiguredPerson] = []
    raw_persons = data.get("person", [])
    if not isinstance(raw_persons, list):
        raise fail("'person' must be an array of tables: [[person]]", "person")
    for i, item in enumerate(raw_persons):
        if not isinstance(item, dict):
            raise fail(f"person[{i}] must be a table", "person")
        extra = sorted(set(item) - {"name", "aliases"})
        if extra:
            raise fail(f"person[{i}]: unknown key {extra[0]!r} (known: name, aliases)", extra[0])
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise fail(f'person[{i}] needs a name = "..."', "[[person]]")
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise fail(f"person[{i}] ({name}): aliases must be a list of names", name)
        persons.append(ConfiguredPerson(squeeze(name), tuple(squeeze(a) for a in aliases)))
    pairs: list[tuple[str, str]] = []
    raw_pairs = data.get("not_same", [])
    if not isinstance(raw_pairs, list):
        raise fail("'not_same' must be an array of tables: [[not_same]]", "not_same")
    for i, item in enumerate(raw_pairs):
        names = item.get("names") if isinstance(item, dict) else None
        if (
            not isinstance(names, list)
            or len(names) < 2
            or not all(isinstance(n, str) and n.strip() for n in names)
        ):
            raise fail(f'not_same[{i}] needs names = ["A", "B"] (two or more names)', "not_same")
        extra = sorted(set(item) - {"names", "note"})
        if extra:
            raise fail(f"not_same[{i}]: unknown key {extra[0]!r} (known: names, note)", extra[0])
        for a, b in itertools.combinations(names, 2):
            pairs.append((squeeze(a), squeeze(b)))
    return PeopleConfig(tuple(persons), tuple(pairs), path)


# -- the index ---------------------------------------------------------------------------------


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
            self._orgs = sorted({squeeze(a.organization) for a in self.appearances if a.organization})
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


def role_key(role: str | None, organizations: Sequence[str] = ()) -> str:
    """A role as compared: folded words, without a trailing ``, <organization>`` of this person."""
    if not role:
        return ""
    return _role_key(role, tuple(organizations))


@functools.lru_cache(maxsize=65536)
def _role_key(role: str, organizations: tuple[str, ...]) -> str:
    words = role_words(role)
    for org in organizations:
        org_words = role_words(org)
        if org_words and len(words) > len(org_words) and words[-len(org_words) :] == org_words:
            words = words[: -len(org_words)]
            break
    return " ".join(words)


def same_role(a: str | None, b: str | None, organizations: Sequence[str] = ()) -> bool:
    if not a or not b:
        return True
    return role_key(a, organizations) == role_key(b, organizations)


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
        appearances: dict[str, list[Appearance]] = {}
        groups: dict[str, GroupEntry] = {}
        new = tuple.__new__
        for art in articles:
            for kind, position, name, role, org, topic, group in art.persons:
                if name is None:
                    if group:
                        label = squeeze(group)
                        g = groups.get(label.casefold())
                        if g is None:
                            g = groups[label.casefold()] = GroupEntry(label, [])
                        g.appearances.append(new(Appearance, (art, kind, position, label, role, org, topic)))
                    continue
                spelling = name.strip()
                if not spelling:
                    continue
                found = appearances.get(spelling)
                if found is None:
                    found = appearances[spelling] = []
                found.append(new(Appearance, (art, kind, position, spelling, role, org, topic)))
        clusters = cluster(sorted(appearances), config)
        people: list[PersonEntry] = []
        configured = {squeeze(cp.name).casefold(): cp.name for cp in config.persons}
        for members, config_name in clusters:
            apps = [a for s in members for a in appearances.get(s, ())]
            if not apps:
                continue
            apps.sort(key=_newest_first, reverse=True)
            # Spellings by the number of articles that use them; a tie goes to the one written
            # first (the archive's established spelling), then to the alphabet.
            counts = Counter(name for name, _ in {(a.name, a.article.path) for a in apps})
            first = {a.name: a.date for a in apps}  # apps are newest first: the oldest date wins
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


def near_miss_score(a: str, b: str) -> float:
    """How alike two names are (0-100): rapidfuzz's ratio on `match_form`."""
    from rapidfuzz import fuzz

    return float(fuzz.ratio(match_form(a), match_form(b)))


def max_edits(form_a: str, form_b: str) -> int:
    """The most letter edits (insert, delete, replace, swap two neighbours) a near miss may
    take: 1 for short names, 2 from 12 letters. "Ma Kowalski" is not a typo of "Mateo Kowalski"."""
    return 1 if min(len(form_a), len(form_b)) < 12 else 2


def is_near_miss(a: str, b: str, threshold: float = NEAR_MISS) -> bool:
    """Whether two spellings are suggested as one person by the near-miss rule."""
    from rapidfuzz.distance import OSA

    fa, fb = match_form(a), match_form(b)
    cap = max_edits(fa, fb)
    return near_miss_score(a, b) >= threshold and OSA.distance(fa, fb, score_cutoff=cap) <= cap


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


def could_be_near(form_a: str, form_b: str) -> bool:
    """False only when ``form_a`` and ``form_b`` (`match_form`) cannot be a near miss
    (`max_edits`): each letter edit changes the lengths by at most one and the letters (as a
    multiset) by at most two, so names further apart in either are more edits apart."""
    cap = max_edits(form_a, form_b)
    if abs(len(form_a) - len(form_b)) > cap:
        return False
    apart = Counter(form_a)
    apart.subtract(form_b)
    return sum(map(abs, apart.values())) <= 2 * cap


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


#: Surnames whose surname reading is not the character's most common one, and compound surnames.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "单": ("shan",),
    "曾": ("zeng",),
    "乐": ("yue", "le"),
    "解": ("xie",),
    "区": ("ou",),
    "朴": ("piao",),
    "查": ("zha",),
    "仇": ("qiu",),
    "盖": ("ge", "gai"),
    "缪": ("miao",),
    "覃": ("qin", "tan"),
    "召": ("shao",),
    "翟": ("zhai", "di"),
    "秘": ("bi",),
    "员": ("yun",),
    "句": ("gou",),
    "繁": ("po",),
    "种": ("chong",),
    "折": ("she",),
    "黑": ("he",),
    "宿": ("su",),
    "车": ("che",),
    "长": ("chang",),
    "重": ("chong",),
    "燕": ("yan",),
    "尉": ("wei", "yu"),
    "藏": ("zang",),
    "柏": ("bai",),
    "万": ("wan",),
    "沈": ("shen",),
    "任": ("ren",),
    "华": ("hua",),
    "薄": ("bo",),
    "纪": ("ji",),
}
COMPOUND_SURNAMES: dict[str, str] = {
    "欧阳": "ouyang",
    "司马": "sima",
    "上官": "shangguan",
    "诸葛": "zhuge",
    "东方": "dongfang",
    "皇甫": "huangfu",
    "尉迟": "yuchi",
    "公孙": "gongsun",
    "慕容": "murong",
    "长孙": "zhangsun",
    "宇文": "yuwen",
    "司徒": "situ",
    "夏侯": "xiahou",
    "令狐": "linghu",
    "澹台": "tantai",
    "端木": "duanmu",
    "轩辕": "xuanyuan",
    "独孤": "dugu",
    "南宫": "nangong",
    "万俟": "moqi",
    "呼延": "huyan",
    "赫连": "helian",
    "申屠": "shentu",
    "西门": "ximen",
}


def _char_readings(chars: str) -> list[list[str]]:
    if "pypinyin" not in sys.modules:
        # Per-character readings are all that names need: the phrase dictionary (60 MB, 0.3 s)
        # guesses readings from word context, which names do not have.
        os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
        os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
    from pypinyin import Style, pinyin

    return [
        list(dict.fromkeys(r))
        for r in pinyin(list(chars), style=Style.NORMAL, heteronym=True, errors="ignore")
    ]


class Reading(Record):
    __slots__ = ("ambiguous", "given", "surname")
    _fields = ("surname", "given", "ambiguous")
    surname: str
    given: str
    ambiguous: bool  # the name has other readings too

    def __init__(self, surname: str, given: str, ambiguous: bool) -> None:
        _set(self, "surname", surname)
        _set(self, "given", given)
        _set(self, "ambiguous", ambiguous)


def readings(han: str) -> list[Reading]:
    """Pinyin readings of a Han name (surname, given name), the most likely first: surname
    readings from `SURNAME_READINGS`/`COMPOUND_SURNAMES`, then each character's readings in
    pypinyin's order, at most `MAX_READINGS`."""
    chars = "".join(_split(han))
    if not 2 <= len(chars) <= 5 or not all(has_han(c) for c in chars):
        return []
    if chars[:2] in COMPOUND_SURNAMES and len(chars) >= 3:
        surname_options = [COMPOUND_SURNAMES[chars[:2]]]
        rest = chars[2:]
    else:
        first = _char_readings(chars[0])
        options = list(SURNAME_READINGS.get(chars[0], ()))
        options += [r for r in (first[0] if first else []) if r not in options]
        surname_options = options
        rest = chars[1:]
    rest_readings = _char_readings(rest)
    if not surname_options or len(rest_readings) != len(rest):
        return []
    combos = itertools.islice(itertools.product(surname_options, *rest_readings), MAX_READINGS)
    out = [Reading(c[0], "".join(c[1:]), False) for c in combos]
    if len(out) > 1:
        out = [Reading(r.surname, r.given, True) for r in out]
    return out


def _u_variants(text: str) -> set[str]:
    """pypinyin writes ü as v: Lü is also written Lu, Lyu or Lv."""
    if "v" not in text:
        return {text}
    return {text.replace("v", "u"), text.replace("v", "yu"), text}


def reading_keys(r: Reading) -> set[str]:
    keys: set[str] = set()
    for s in _u_variants(r.surname):
        for g in _u_variants(r.given):
            keys.update({s + g, g + s, "".join(sorted((s, g)))})
    return keys


def _pinyin_links(people: Sequence[PersonEntry]) -> Iterator[Suggestion]:
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
        orgs = person.org_key
        newest_first: list[tuple[str, ArticlePeople, list[str]]] = []
        for a in person.appearances:  # newest first; one article's appearances lie together
            date = a.article.date
            if not date or not a.role:
                continue
            if newest_first and newest_first[-1][1] is a.article:
                newest_first[-1][2].append(a.role)
            else:
                newest_first.append((date, a.article, [a.role]))
        newest_first.reverse()
        keys: dict[str, str] = {}  # a person's few roles, each folded once

        def key(role: str) -> str:
            k = keys.get(role)
            if k is None:
                k = keys[role] = role_key(role, orgs)
            return k

        person._roles_by_date = (
            [d for d, _, _ in newest_first],
            [(art, roles, frozenset(map(key, roles))) for _, art, roles in newest_first],
        )
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


__all__ = [
    "EMPTY_CONFIG",
    "NEAR_MISS",
    "PEOPLE_FILENAME",
    "SORTS",
    "Appearance",
    "ArticlePeople",
    "GroupEntry",
    "PeopleConfig",
    "PeopleConfigError",
    "PeopleIndex",
    "PersonEntry",
    "PersonRef",
    "Ref",
    "Suggestion",
    "fold",
    "has_han",
    "load_people_config",
    "name_keys",
    "name_tokens",
    "people_file_for",
    "readings",
    "refs_of",
    "role_key",
    "same_role",
    "sort_people",
    "squeeze",
    "suggest",
    "suggest_for",
]
