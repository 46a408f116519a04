"""Inferring a schema from a site's existing articles: ``newsdesk init --detect``.

`detect` reads every article under a folder and works out a ``newsdesk.toml`` that fits them:
every field seen, its type, ``required`` when (nearly) every article has it, enum values when a few
values repeat, sub-fields of objects and of lists of objects, and the field roles it recognises
(``[articles.roles]``). Each field carries a comment with its evidence.

Decisions worth knowing:

* **Outliers are reported, not absorbed.** A field's type is the one that fits most of its values
  (a specific type -- date, integer, boolean, list, object -- wins over plain text when it fits at
  least 90% of them, or more values than text does); values that do not fit are listed as
  outliers with their file. So are files missing a required field, an enum value that is a near
  miss of a common one (``reviewed`` beside 1,650 ``review``), and a rare field whose name is a
  near miss of a common one that it never appears beside (``sectoin``), which is left out of the
  schema. The outliers are exactly what ``newsdesk validate`` then reports (tests check this).
* **Broken files are reported, not guessed from**: a file with any reading problem (syntax error,
  duplicate key, bad UTF-8, ...) is left out of the inference and listed.
* **Hugo section pages**: an ``_index.md`` whose folder holds other articles is the list page of a
  section, not content. It does not count when comparing folders, and a field is required only if
  every such page has it too (so they pass); its own fields are in the schema like any other.
* **Sections**: where sibling folders hold different kinds of content (by the fields their
  articles use), each becomes a section with its own ``newsdesk.toml`` (the nearest one applies);
  a section is inferred only from the files it governs. Folders named by numbers (``2023``,
  ``05``) are dates, never kinds of content.
* Numbers with a fraction make a field a ``number``; numbers written as text (``"3,048"``,
  ``1459/1460``) make it a string. Text in some files and a list of texts in others is
  ``string_or_list``; text in some and ``false`` in others (Eleventy's ``permalink: false``) is a
  string with ``allow_false``.
* No type fits times of day or lists of numbers: such a field is left out of the schema
  (``validate`` warns about it as unknown) and the run says so. Nor does a "key" that is prose (a
  paragraph whose indentation broke): it is reported as a broken line.
* **Not articles**: a file with no front matter whose folder holds no article (a README, a code
  of conduct, a pull-request template at a repository's root) or whose name says it is a
  repository file is left out, listed in its schema's ``[articles] exclude`` and said so.
* **Site conventions**: a Jekyll or Eleventy site (its configuration file above the folder) is
  not a Hugo site whatever its bodies hold. Jekyll's boolean ``published`` is the status with
  true = published; articles dated by their file names (``2016-03-04-title.md``) get
  ``date_from_filename``. A Jekyll site's ``_drafts/`` is a section of its own whose articles
  are drafts by their folder (``status_fixed = "draft"``), whatever their fields say.

The TOML is written as text (comments are the point, and tomli-w cannot write them): keys and
strings are quoted by `toml_key` / `toml_string`, and the result is checked with
`newsdesk.core.rules.schema.parse_schema` before it is returned.
"""

from __future__ import annotations

import datetime as dt
import difflib
import glob
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.core.check.batch import PARALLEL_THRESHOLD
from newsdesk.core.check.forked import MAX_CHUNKS, default_jobs, run_chunks
from newsdesk.core.folder.index import iter_article_paths
from newsdesk.core.model.article import Article
from newsdesk.core.model.dates import DATE_TEXT, DATETIME_TEXT, URL_TEXT, impossible_date
from newsdesk.core.model.problems import Problem
from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.read.reader import load_article
from newsdesk.core.rules.roles import date_in_name
from newsdesk.core.rules.schema import DEFAULT_STATUSES, SCHEMA_FILENAME, Schema, parse_schema
from newsdesk.core.rules.validate import (
    broken_line_message,
    may_hold_control,
    prose_key,
    validate_article,
)

__all__ = [
    "ROLE_CANDIDATES",
    "Detection",
    "Outlier",
    "SectionSchema",
    "detect",
    "toml_key",
    "toml_string",
]

#: A field is required when at least this share of the articles has it (and not blank).
REQUIRED_SHARE = 0.95
#: ... and at least this many articles do.
MIN_REQUIRED = 3
#: A specific type (date, integer, ...) wins over plain text when it fits this share of values.
SPECIFIC_SHARE = 0.9
#: Enum: 2 to this many distinct values, each used this many times on average, short one-liners.
ENUM_MAX_VALUES = 12
ENUM_MIN_REPEAT = 3
ENUM_MAX_CHARS = 40
#: ... and most of its uses are of values used more than once.
ENUM_REPEATED_SHARE = 0.75
#: Distinct short values remembered per field (beyond this it is not an enum).
TRACK_VALUES = 64
#: Text whose values average more characters than this (or have line breaks) is ``text``.
TEXT_CHARS = 100
#: A near-miss value or field name is a typo when it is at most this share of the one it misses.
TYPO_SHARE = 0.1
#: Near-miss field names are looked for among this many of the most used ones.
TYPO_TARGETS = 50
#: Pairs of alternative keys (required_one_of) are looked for among this many of the most used.
ONE_OF_KEYS = 12
#: More kinds of content than this among sibling folders is no structure: no sections then.
MAX_SECTIONS = 20
#: A folder needs this many articles to be a section of its own.
MIN_SECTION = 5
#: Folders whose field use is less similar than this (weighted Jaccard, 0-1) are different kinds.
SECTION_SIMILARITY = 0.5
#: Mappings nested deeper than this are not looked into (their schema says only "object").
MAX_DEPTH = 6
_CHUNK = 250

#: Articles are dated by their file names when at least this share of a section's names start
#: with a date (an undated page, ``about.md``, may sit beside them).
DATED_SHARE = 0.5
#: A title candidate in fewer of the articles than this share gives way to one in more.
TITLE_SHARE = 0.5
#: Roles newsdesk recognises, with the field names that fill them (first match wins) and the types
#: that field must have.
ROLE_CANDIDATES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "title": (
        ("title", ("string", "text")),
        ("display_name", ("string", "text")),
        ("name", ("string", "text")),
    ),
    "date": (
        ("date", ("date", "datetime")),
        ("publishDate", ("date", "datetime")),
        ("pubDate", ("date", "datetime")),
        ("published", ("date", "datetime")),
    ),
    "byline": (
        ("byline", ("string", "text", "enum", "list", "string_or_list")),
        ("author", ("string", "text", "enum", "list", "string_or_list")),
        ("authors", ("string", "text", "enum", "list", "string_or_list")),
    ),
    "status": (("status", ("enum", "string")), ("draft", ("boolean",)), ("published", ("boolean",))),
    "summary": (
        ("summary", ("string", "text")),
        ("description", ("string", "text")),
        ("excerpt", ("string", "text")),
        ("abstract", ("string", "text")),
    ),
    "attendees": (("attendees", ("list",)), ("participants", ("list",))),
    "speakers": (("speakers", ("list",)),),
}

_STR_KINDS = ("str", "dstr", "dtstr", "bdstr")
_DATE_KINDS = ("date", "datetime", "dstr", "dtstr")
_KIND_NAMES = {
    "str": "text",
    "dstr": "a date written as text",
    "dtstr": "a date-time written as text",
    "bdstr": "an impossible or malformed date",
    "bool": "true/false",
    "int": "a whole number",
    "float": "a number with a fraction",
    "date": "a date",
    "datetime": "a date-time",
    "time": "a time of day",
    "list": "a list",
    "map": "a mapping",
    "other": "a value of another kind",
}
_TYPE_NAMES = {
    "string": "text",
    "text": "text",
    "url": "a web address",
    "enum": "one of a few values",
    "date": "a date",
    "datetime": "a date or date-time",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true/false",
    "list": "a list",
    "object": "a mapping",
    "string_or_list": "text or a list of texts",
}


# -- observing values ----------------------------------------------------------------------


#: The keys of a mapping: those with a value, and those present but blank.
Shape = tuple[frozenset[str], frozenset[str]]
_NO_KEYS: Shape = (frozenset(), frozenset())


@dataclass(slots=True)
class Node:
    """What was seen at one field path, over many articles (or list items). Mergeable.

    File numbers are indexes into the list of paths read; every list holds one entry per
    occurrence, so its length is a count.
    """

    kinds: dict[str, list[int]] = field(default_factory=dict)  # non-blank values by kind
    blanks: dict[str, list[int]] = field(default_factory=dict)  # blank values: none/str/list/map
    examples: dict[str, Any] = field(default_factory=dict)  # first value of each kind
    str_chars: int = 0
    str_max: int = 0
    multiline: int = 0
    urls: int = 0
    numeric_text: int = 0  # numbers written as text: "3,048", 1459/1460
    values: dict[str, list[int]] | None = field(default_factory=dict)  # short text values
    int_lo: int | None = None
    int_hi: int | None = None
    trues: int = 0
    len_lo: int | None = None  # list lengths
    len_hi: int = 0
    #: Mappings seen here, by their keys: (keys with a value, keys present but blank).
    shapes: dict[Shape, list[int]] = field(default_factory=dict)
    order: float = 0.0  # sum of this key's relative positions in its mappings (0 first, 1 last)
    fields: dict[str, Node] = field(default_factory=dict)
    items: Node | None = None
    dup_names: list[int] = field(default_factory=list)  # lists of mappings naming someone twice
    formats: dict[str, int] = field(default_factory=dict)  # (the root node) yaml/toml files


#: A number written as text, with separators: "3,048", "1459/1460", "2.5", "10-12".
_NUMERIC_TEXT = re.compile(r"\d[\d ]*(?:[.,/-]\d[\d ]*)+")


def _date_text_kind(text: str) -> str | None:
    """``dstr``/``dtstr`` when validate accepts ``text`` as a date/date-time, ``bdstr`` when it
    looks like one but validate would reject it, None when it is not date-like at all."""
    match = DATETIME_TEXT.fullmatch(text) or DATE_TEXT.fullmatch(text)
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups()[:3])
    timed = match.re is DATETIME_TEXT
    if impossible_date(year, month, day) is not None:
        return "bdstr"
    if timed:
        hour, minute = int(match.group(4)), int(match.group(5))
        second = int(match.group(6) or 0)
        if hour > 23 or minute > 59 or second > 59:
            return "bdstr"
    if len(match.group(2)) != 2 or len(match.group(3)) != 2:
        return "bdstr"
    return "dtstr" if timed else "dstr"


def _add(table: dict[str, list[int]], key: str, fi: int) -> None:
    found = table.get(key)
    if found is None:
        table[key] = [fi]
    else:
        found.append(fi)


def _observe(node: Node, value: Any, fi: int, depth: int) -> bool:
    """Record ``value`` (seen in file ``fi``) in ``node``; True when it is blank."""
    t = type(value)
    if t is str:
        text = value.strip()
        if not text:
            _add(node.blanks, "str", fi)
            return True
        kind = "str"
        if text[:1].isdigit() and len(text) >= 8:
            kind = _date_text_kind(text) or "str"
        _add(node.kinds, kind, fi)
        if kind not in node.examples:
            node.examples[kind] = value
        size = len(value)
        node.str_chars += size
        if size > node.str_max:
            node.str_max = size
        # A block scalar's final newline ('title: >') is not a line break in the value.
        newline = "\n" in value.rstrip("\r\n")
        if newline:
            node.multiline += 1
        if text[:4].lower() == "http" and URL_TEXT.fullmatch(text):
            node.urls += 1
        elif text[:1].isdigit() and _NUMERIC_TEXT.fullmatch(text) and kind == "str":
            node.numeric_text += 1
        values = node.values
        if values is not None:
            if size > ENUM_MAX_CHARS or newline:
                node.values = None
            else:
                seen = values.get(value)
                if seen is not None:
                    seen.append(fi)
                elif len(values) >= TRACK_VALUES:
                    node.values = None
                else:
                    values[value] = [fi]
        return False
    if value is None:
        _add(node.blanks, "none", fi)
        return True
    if t is dict:
        if not value:
            _add(node.blanks, "map", fi)
            return True
        _add(node.kinds, "map", fi)
        if depth < MAX_DEPTH:
            _observe_mapping(node, value, fi, depth + 1)
        return False
    if t is list:
        if not value:
            _add(node.blanks, "list", fi)
            return True
        _add(node.kinds, "list", fi)
        size = len(value)
        if node.len_lo is None or size < node.len_lo:
            node.len_lo = size
        if size > node.len_hi:
            node.len_hi = size
        if depth > MAX_DEPTH:  # lists of lists of ...: never typed anyway (no list item type fits)
            return False
        items = node.items
        if items is None:
            items = node.items = Node()
        names: set[str] = set()
        for item in value:
            _observe(items, item, fi, depth + 1)
            if type(item) is dict:
                name = item.get("name")
                if isinstance(name, str) and name.strip():
                    key = " ".join(name.split()).casefold()
                    if key in names and (not node.dup_names or node.dup_names[-1] != fi):
                        node.dup_names.append(fi)
                    names.add(key)
        return False
    if t is bool:
        kind = "bool"
        if value:
            node.trues += 1
    elif t is int:
        kind = "int"
        if node.int_lo is None or value < node.int_lo:
            node.int_lo = value
        if node.int_hi is None or value > node.int_hi:
            node.int_hi = value
    elif t is float:
        kind = "float"
    elif t is dt.datetime:
        kind = "datetime"
    elif t is dt.date:
        kind = "date"
    elif t is dt.time:
        kind = "time"
    else:
        kind = "other"
    _add(node.kinds, kind, fi)
    if kind not in node.examples:
        node.examples[kind] = value
    return False


def _observe_mapping(node: Node, mapping: dict[Any, Any], fi: int, depth: int) -> None:
    fields = node.fields
    keys: list[str] = []
    blanks: list[str] = []
    step = 1.0 / max(len(mapping) - 1, 1)
    for i, (raw, value) in enumerate(mapping.items()):
        key = raw if type(raw) is str else str(raw)
        child = fields.get(key)
        if child is None:
            child = fields[key] = Node()
        child.order += i * step
        (blanks if _observe(child, value, fi, depth) else keys).append(key)
    shape = (frozenset(keys), frozenset(blanks))
    found = node.shapes.get(shape)
    if found is None:
        node.shapes[shape] = [fi]
    else:
        found.append(fi)


def _merge(into: Node, other: Node) -> None:
    """Add what ``other`` saw to ``into`` (``other`` must not be used afterwards)."""
    for table, more in ((into.kinds, other.kinds), (into.blanks, other.blanks)):
        for key, files in more.items():
            if key in table:
                table[key].extend(files)
            else:
                table[key] = files
    for key, value in other.examples.items():
        into.examples.setdefault(key, value)
    into.str_chars += other.str_chars
    into.str_max = max(into.str_max, other.str_max)
    into.multiline += other.multiline
    into.urls += other.urls
    into.numeric_text += other.numeric_text
    if into.values is not None:
        if other.values is None:
            into.values = None
        else:
            for key, files in other.values.items():
                if key in into.values:
                    into.values[key].extend(files)
                else:
                    into.values[key] = files
            if len(into.values) > TRACK_VALUES:
                into.values = None
    if other.int_lo is not None:
        into.int_lo = other.int_lo if into.int_lo is None else min(into.int_lo, other.int_lo)
    if other.int_hi is not None:
        into.int_hi = other.int_hi if into.int_hi is None else max(into.int_hi, other.int_hi)
    into.trues += other.trues
    if other.len_lo is not None:
        into.len_lo = other.len_lo if into.len_lo is None else min(into.len_lo, other.len_lo)
    into.len_hi = max(into.len_hi, other.len_hi)
    into.order += other.order
    for shape, files in other.shapes.items():
        if shape in into.shapes:
            into.shapes[shape].extend(files)
        else:
            into.shapes[shape] = files
    for key, child in other.fields.items():
        if key in into.fields:
            _merge(into.fields[key], child)
        else:
            into.fields[key] = child
    if other.items is not None:
        if into.items is None:
            into.items = other.items
        else:
            _merge(into.items, other.items)
    into.dup_names.extend(other.dup_names)
    for fmt, count in other.formats.items():
        into.formats[fmt] = into.formats.get(fmt, 0) + count


def _without(node: Node, kind: str) -> Node:
    """``node`` with its values of ``kind`` forgotten (a shallow copy)."""
    copy = Node(**{name: getattr(node, name) for name in Node.__slots__})
    copy.kinds = {k: files for k, files in node.kinds.items() if k != kind}
    return copy


# -- reading -------------------------------------------------------------------------------

#: Checks that do not depend on the schema (a speaker never named in the body).
_ANY_SCHEMA = Schema(fields={}, unknown_fields="allow")


@dataclass(slots=True)
class _Partial:
    """What reading some files found: one root `Node` per folder, and the problems."""

    folders: dict[int, Node] = field(default_factory=dict)
    broken: list[tuple[int, tuple[Problem, ...]]] = field(default_factory=list)
    checks: list[tuple[int, Problem]] = field(default_factory=list)
    #: Files whose front matter may hold a control character: checked against the inferred schema.
    suspects: list[int] = field(default_factory=list)
    #: Files whose body uses a Hugo shortcode (``{{< ... >}}``, ``{{% ... %}}``).
    shortcodes: int = 0


def _read(paths: Sequence[Path], folder_ids: Sequence[int], indices: Iterable[int]) -> _Partial:
    out = _Partial()
    for i in indices:
        article = load_article(paths[i], locations=False)
        if article.problems or article.format is None:
            out.broken.append((i, tuple(article.problems)))
            continue
        fid = folder_ids[i]
        node = out.folders.get(fid)
        if node is None:
            node = out.folders[fid] = Node()
        node.formats[article.format] = node.formats.get(article.format, 0) + 1
        _observe_mapping(node, article.metadata, i, 1)
        if may_hold_control(article.front_matter_text):
            out.suspects.append(i)
        if "speakers" in article.metadata:
            out.checks.extend((i, p) for p in _schema_free_problems(article))
        body = article.body
        if ("{{<" in body or "{{%" in body) and _SHORTCODE.search(body):
            out.shortcodes += 1
    return out


#: A Hugo shortcode: ``{{< name ... >}}`` or ``{{% name ... %}}`` (a Nunjucks ``{{{% endraw %}``
#: is not one: it never closes with ``%}}``).
_SHORTCODE = re.compile(r"\{\{<\s*/?\s*[\w./-]+[^\n]*?>\}\}|\{\{%\s*/?\s*[\w./-]+[^\n]*?%\}\}")


def _schema_free_problems(article: Article) -> list[Problem]:
    return validate_article(article, _ANY_SCHEMA)


def _read_all(paths: Sequence[Path], folder_ids: Sequence[int], jobs: int | None) -> _Partial:
    """Read every file, in forked workers for large sets (`newsdesk.core.check.forked.run_chunks`, as
    `newsdesk.core.rules.validate` does)."""
    workers = default_jobs() if jobs is None else max(jobs, 1)
    workers = min(workers, max(len(paths) // _CHUNK, 1))
    if workers <= 1 or len(paths) < PARALLEL_THRESHOLD:
        return _read(paths, folder_ids, range(len(paths)))
    size = max(_CHUNK, -(-len(paths) // MAX_CHUNKS))
    bounds = [(i, min(i + size, len(paths))) for i in range(0, len(paths), size)]
    parts = run_chunks(len(bounds), lambda n: _read(paths, folder_ids, range(*bounds[n])), workers)
    total = _Partial()
    for part in parts:  # in order: first-seen field order is kept
        for fid, node in part.folders.items():
            if fid in total.folders:
                _merge(total.folders[fid], node)
            else:
                total.folders[fid] = node
        total.broken.extend(part.broken)
        total.checks.extend(part.checks)
        total.suspects.extend(part.suspects)
        total.shortcodes += part.shortcodes
    return total


# -- results -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outlier:
    """One thing to fix in one file: what ``newsdesk validate`` will report there.

    ``field`` is the field path with list items as ``[]`` (``attendees[].name``), or None for a
    whole-file problem.
    """

    path: Path
    field: str | None
    message: str


@dataclass(slots=True)
class Draft:
    """One inferred field. ``type`` None: no schema type fits, so it is left out."""

    name: str
    type: str | None
    required: bool = False
    values: tuple[str, ...] = ()
    items: str | None = None
    fields: dict[str, Draft] = field(default_factory=dict)
    one_of: tuple[str, ...] = ()  # required_one_of: each item needs one of these keys
    comment: list[str] = field(default_factory=list)
    share: float = 0.0  # of the articles (content pages) or items that have it
    filled: float = 0.0  # ... and not blank
    allow_false: bool = False  # text, or false (Eleventy's `permalink: false`)

    ref: str | None = None  # a reference to the profiles of [references.NAME] (refdetect)


@dataclass(slots=True)
class SectionSchema:
    """The schema inferred for one folder and the articles it governs."""

    folder: Path
    rel: str  # the folder relative to the one detected ("." for itself)
    files: int  # articles it was inferred from (list pages included)
    list_pages: tuple[str, ...]
    fields: dict[str, Draft]
    roles: dict[str, str]
    format: str
    text: str
    outliers: list[Outlier]
    left_out: list[str]  # fields no schema type fits (or typos), one line each
    # How `text` was rendered, for rendering it again with references (`_with_references`):
    where: str = ""
    dated_by_name: bool = False
    exclude: tuple[str, ...] = ()

    @property
    def target(self) -> Path:
        return self.folder / SCHEMA_FILENAME

    @property
    def required(self) -> int:
        return sum(1 for d in self.fields.values() if d.type is not None and d.required)

    @property
    def field_count(self) -> int:
        return sum(1 for d in self.fields.values() if d.type is not None)


@dataclass(slots=True)
class Detection:
    """What `detect` found under ``root``."""

    root: Path
    files: int  # article files found
    sections: list[SectionSchema]
    unusable: list[tuple[Path, Problem]]  # broken files (their first problem), not used
    checks: list[Outlier]  # problems that do not depend on the schema (speakers not in the body)
    split: bool  # whether sub-folders were found to hold different kinds of content
    existing: list[Path]  # newsdesk.toml files under root that are not targets but govern files

    @property
    def outliers(self) -> list[Outlier]:
        """Everything ``newsdesk validate`` will report once the schemas are written."""
        found = [o for s in self.sections for o in s.outliers] + self.checks
        found += [Outlier(p, None, f"{pr.code}: {pr.message}") for p, pr in self.unusable]
        return sorted(found, key=lambda o: (o.path.parts, o.field or "", o.message))


# -- inference -----------------------------------------------------------------------------


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def _near(a: str, b: str) -> bool:
    """Whether ``a`` looks like a slip of the keyboard for ``b``."""
    if a == b:
        return False
    if a.casefold() == b.casefold() or a.strip() == b.strip():
        return True
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 2:
        return False
    if len(a) == len(b):  # one transposition or one substitution
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]):
            return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


#: Words in a field's name that say its values are people's, places' or files' own (never an enum).
_FREE_NAMES = frozenset(
    [
        "name",
        "names",
        "author",
        "authors",
        "address",
        "street",
        "city",
        "state",
        "country",
        "zip",
        "postcode",
        "pronoun",
        "pronouns",
        "photo",
        "image",
        "avatar",
        "picture",
        "email",
        "phone",
        "twitter",
        "github",
        "company",
        "organization",
        "organisation",
        "employer",
        "affiliation",
    ]
)
_ADDRESS = re.compile(r"\d+\s+\w")
_FILE_NAME = re.compile(r"[^\s]+\.[A-Za-z0-9]{2,4}")


def _free_values(path: str, values: Sequence[str]) -> bool:
    """Whether a field's values are names, addresses, file names or prose, not a set of choices."""
    words = re.split(r"[^a-z]+", re.sub(r"([a-z])([A-Z])", r"\1_\2", path.rpartition(".")[2]).lower())
    if _FREE_NAMES.intersection(words):
        return True
    for value in values:
        text = value.strip()
        if "/" in text or "@" in text or _FILE_NAME.fullmatch(text) or _ADDRESS.match(text):
            return True
        if len(text.split()) >= 4 or text.endswith((".", "!", "?")):
            return True
    return False


def _shown(value: Any, limit: int = 40) -> str:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return clean_line(value, limit)


def _variety(values: dict[str, list[int]] | None, example: Any, count: int) -> str:
    if count == 1:
        return f"once: {_shown(example)!r}"
    if values is not None and len(values) == 1:
        return f"always {_shown(example)!r}"
    how_many = f"{len(values):,} different values" if values is not None else "many different values"
    return f"{how_many}, e.g. {_shown(example)!r}"


class _Inference:
    """Infers the fields of one section and collects its outliers."""

    def __init__(self, paths: Sequence[Path], list_pages: frozenset[int]) -> None:
        self.paths = paths
        self.list_pages = list_pages
        self.outliers: list[Outlier] = []
        self.left_out: list[str] = []

    def flag(self, files: Iterable[int], path: str | None, message: str) -> None:
        for fi in dict.fromkeys(files):
            self.outliers.append(Outlier(self.paths[fi], path, message))

    def rel(self, fi: int) -> str:
        return clean_line(self.paths[fi].name, 80)

    # -- mappings (the article itself, objects, items of lists of objects) ---------------

    def mapping(
        self, node: Node, prefix: str, extra: Sequence[int] = (), top: bool = False, unit: str = "items"
    ) -> dict[str, Draft]:
        """Drafts for the keys of the mappings seen at ``node``, in their usual order.

        ``extra``: occurrences of empty mappings (items ``{}``) that count as having no keys.
        ``top``: the article level, where list pages count apart. Linear in the keys seen.
        """
        occurrences: list[tuple[Shape, list[int]]] = list(node.shapes.items())
        if extra:
            occurrences.append((_NO_KEYS, list(extra)))
        total = sum(len(files) for _, files in occurrences)
        where: dict[str, list[int]] = {}  # key -> indexes of the occurrences that have it
        for index, ((full, blank), _) in enumerate(occurrences):
            for key in full:
                where.setdefault(key, []).append(index)
            for key in blank:
                where.setdefault(key, []).append(index)
        presence = {key: sum(len(occurrences[i][1]) for i in where.get(key, ())) for key in node.fields}
        lists = self.list_pages if top else frozenset()
        content_total = (
            total - sum(1 for _, files in occurrences for fi in files if fi in lists) if lists else total
        )
        typos = self.typos(occurrences, where, presence)
        ordered = sorted(node.fields, key=lambda k: node.fields[k].order / max(presence[k], 1))
        drafts: dict[str, Draft] = {}
        unknown: dict[str, str] = {}  # left-out key -> why (validate calls it unknown)
        for key in ordered:
            child = node.fields[key]
            path = f"{prefix}.{key}" if prefix else key
            present = presence[key]
            if key in typos:
                target, count = typos[key]
                note = (
                    f"in {_plural(present, unit[:-1])}: probably a typo of {target!r} "
                    f"(in {count:,}), so it is left out"
                )
                drafts[key] = Draft(key, None, comment=[clean_line(note)])
                unknown[key] = f"probably a typo of {clean_line(target, 60)!r}"
                continue
            if prose_key(key):
                files = [fi for i in where.get(key, ()) for fi in occurrences[i][1]]
                self.flag(files, path, broken_line_message(key))
                self.left_out.append(clean_line(f"{key[:40]}...: text read as a field name (broken line)"))
                continue
            if not _toml_safe(key):
                drafts[key] = Draft(
                    key, None, comment=[f"in {_plural(present, unit[:-1])}: not writable in TOML"]
                )
                unknown[key] = "its name cannot be written in newsdesk.toml"
                continue
            draft = self.value(child, path, key)
            blanks = sum(len(f) for f in child.blanks.values())
            evidence = f"in {present:,} of {total:,} {unit}" + (f" ({blanks:,} blank)" if blanks else "")
            if lists:
                content = sum(1 for i in where[key] for fi in occurrences[i][1] if fi not in lists)
                draft.share = content / content_total if content_total else 0.0
            else:
                draft.share = present / total if total else 0.0
            draft.filled = draft.share * (present - blanks) / present if present else 0.0
            draft.comment.insert(0, evidence + (f"; {draft.comment.pop(0)}" if draft.comment else ""))
            if draft.type is None:
                unknown[key] = "no field type fits its values"
            elif present - blanks >= REQUIRED_SHARE * content_total:  # else it cannot be required
                self.decide_required(draft, key, path, occurrences, unit, top)
            drafts[key] = draft
        for key, why in unknown.items():
            path = f"{prefix}.{key}" if prefix else key
            self.left_out.append(clean_line(f"{path}: {drafts[key].comment[0]}"))
            # validate looks for unknown keys at the top, and in mappings whose schema lists fields.
            if top or any(d.type is not None for d in drafts.values()):
                files = [fi for i in where.get(key, ()) for fi in occurrences[i][1]]
                self.flag(files, path, f"unknown field {clean_line(key, 60)!r}: {why}")
                drafts[key].comment.append(
                    f"validate will warn about it in {_plural(len(set(files)), 'file')}"
                )
        return drafts

    def typos(
        self,
        occurrences: list[tuple[Shape, list[int]]],
        where: dict[str, list[int]],
        presence: dict[str, int],
    ) -> dict[str, tuple[str, int]]:
        """Rare keys that are near misses of a common key they never appear beside."""
        common = sorted(presence, key=lambda k: -presence[k])[:TYPO_TARGETS]
        found: dict[str, tuple[str, int]] = {}
        for key, count in presence.items():
            for other in common:
                other_count = presence[other]
                if count > other_count * TYPO_SHARE:
                    break  # the rest are rarer still
                if not _near(key, other):
                    continue
                if any(other in occurrences[i][0][0] or other in occurrences[i][0][1] for i in where[key]):
                    continue
                found[key] = (other, other_count)
                break
        return found

    def decide_required(
        self,
        draft: Draft,
        key: str,
        path: str,
        occurrences: list[tuple[Shape, list[int]]],
        unit: str,
        top: bool,
    ) -> None:
        """``required`` when nearly every mapping has ``key`` (not blank), and every list page."""
        lists = self.list_pages if top else frozenset()
        content_total = 0
        missing: list[int] = []
        blank: list[int] = []
        list_bad: list[int] = []
        for (full, blank_keys), files in occurrences:
            state = "ok" if key in full else ("blank" if key in blank_keys else "missing")
            for fi in files:
                if fi in lists:
                    if state != "ok":
                        list_bad.append(fi)
                    continue
                content_total += 1
                if state == "missing":
                    missing.append(fi)
                elif state == "blank":
                    blank.append(fi)
        good = content_total - len(missing) - len(blank)
        if content_total < MIN_REQUIRED or good < REQUIRED_SHARE * content_total:
            return
        if list_bad:
            names = ", ".join(self.rel_dir(fi) for fi in sorted(set(list_bad))[:2])
            draft.comment.append(
                clean_line(f"not required: the section page {names} lacks it (or leaves it blank)")
            )
            return
        draft.required = True
        if missing or blank:
            draft.comment.append(
                f"missing or blank in {_plural(len(missing) + len(blank), unit[:-1])} (outliers)"
            )
        where = f"{good:,} of {content_total:,} {unit} have it"
        shown = clean_line(path, 80)
        self.flag(missing, path, f"{shown!r} is missing, but it is required ({where})")
        self.flag(blank, path, f"{shown!r} is blank, but it is required ({where})")

    def one_of(self, draft: Draft, node: Node, path: str, extra: Sequence[int]) -> None:
        """For items with no required key: a pair of keys nearly every item has one of."""
        if any(d.required for d in draft.fields.values()):
            return
        occurrences = [(full, files) for (full, _), files in node.shapes.items()]
        if extra:
            occurrences.append((frozenset(), list(extra)))
        total = sum(len(f) for _, f in occurrences)
        typed = [k for k, d in draft.fields.items() if d.type is not None]
        keys = sorted(typed, key=lambda k: -draft.fields[k].share)[:ONE_OF_KEYS]
        # Pairs of alternatives (a name or a group) that nearly every item has one of; of those,
        # the keys that come first in the items (what identifies an item usually does).
        best: tuple[float, int, tuple[str, str]] | None = None
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                covered = both = only_a = only_b = 0
                for shape, files in occurrences:
                    has_a, has_b = a in shape, b in shape
                    covered += len(files) if has_a or has_b else 0
                    both += len(files) if has_a and has_b else 0
                    only_a += len(files) if has_a else 0
                    only_b += len(files) if has_b else 0
                if both > TYPO_SHARE * min(only_a, only_b) or covered < REQUIRED_SHARE * total:
                    continue
                place = node.fields[a].order / max(only_a, 1) + node.fields[b].order / max(only_b, 1)
                if best is None or (place, -covered) < (best[0], -best[1]):
                    best = (place, covered, (a, b) if only_a >= only_b else (b, a))
        if best is None or total < MIN_REQUIRED:
            return
        a, b = best[2]
        draft.one_of = (a, b)
        lacking = [fi for s, f in occurrences if a not in s and b not in s for fi in f]
        draft.comment.append(
            clean_line(
                f"each item has {a!r} or {b!r}"
                + (f", except in {_plural(len(lacking), 'file')} (outliers)" if lacking else "")
            )
        )
        self.flag(
            lacking,
            f"{path}[]",
            f"an item of {clean_line(path, 80)!r} has neither {clean_line(a, 40)!r} nor {clean_line(b, 40)!r} "
            f"({best[1]:,} of {total:,} items have one)",
        )

    def rel_dir(self, fi: int) -> str:
        path = self.paths[fi]
        return clean_line(f"{path.parent.name}/{path.name}", 80)

    # -- one value ----------------------------------------------------------------------

    def value(self, node: Node, path: str, name: str) -> Draft:
        counts = {kind: len(files) for kind, files in node.kinds.items()}
        total = sum(counts.values())
        if total == 0:
            return Draft(name, "string", comment=["always blank"])
        strs = sum(counts.get(k, 0) for k in _STR_KINDS)
        floats = counts.get("float", 0)
        lists = counts.get("list", 0)
        specific = (
            ("date", sum(counts.get(k, 0) for k in _DATE_KINDS)),
            ("number", counts.get("int", 0) + floats) if floats else ("integer", counts.get("int", 0)),
            ("boolean", counts.get("bool", 0)),
            ("list", lists),
            ("object", counts.get("map", 0)),
        )
        best, fits = max(specific, key=lambda pair: pair[1])
        if best in ("integer", "number") and node.numeric_text:
            fits = 0  # numbers written as text ("3,048") beside them: the field is text
        if strs and lists and strs + lists == total and self.texts_only(node.items):
            return self.string_or_list(name, strs, lists)
        if strs and counts.get("bool", 0) and strs + counts["bool"] == total and node.trues == 0:
            draft = self.value(_without(node, "bool"), path, name)
            if draft.type in ("string", "text", "url"):
                draft.allow_false = True
                draft.comment.append(f"false in {counts['bool']:,} (meant: not built)")
                return draft
        if fits and (fits >= strs or fits >= SPECIFIC_SHARE * total):
            chosen = best
        elif strs:
            chosen, fits = "string", strs
        else:
            chosen = ""
        unfit = counts.get("time", 0) + counts.get("other", 0) + (floats if chosen != "number" else 0)
        if not chosen or unfit > fits:
            kinds = ", ".join(
                f"{_KIND_NAMES[k]} in {n:,}" for k, n in sorted(counts.items(), key=lambda p: -p[1])
            )
            return Draft(name, None, comment=[f"{kinds}: no field type fits, so it is left out"])
        accepted = {
            "date": _DATE_KINDS,
            "integer": ("int",),
            "number": ("int", "float"),
            "boolean": ("bool",),
            "list": ("list",),
            "object": ("map",),
            "string": _STR_KINDS,
        }[chosen]
        draft = Draft(name, chosen)
        if chosen == "date":
            timed = counts.get("datetime", 0) + counts.get("dtstr", 0)
            draft.type = "datetime" if timed else "date"
            example = next(
                node.examples[k] for k in ("dtstr", "datetime", "dstr", "date") if k in node.examples
            )
            draft.comment.append(f"{'date-times' if timed else 'dates'} like {_shown(example)}")
        elif chosen == "integer":
            span = (
                f"always {node.int_lo}" if node.int_hi == node.int_lo else f"{node.int_lo} to {node.int_hi}"
            )
            draft.comment.append(f"whole numbers, {span}")
        elif chosen == "number":
            example = node.examples.get("float")
            draft.comment.append(f"numbers, e.g. {example!r}")
        elif chosen == "boolean":
            trues = node.trues
            draft.comment.append(f"true in {trues:,}, false in {counts['bool'] - trues:,}")
        elif chosen == "string":
            self.text_type(draft, node, path, strs)
        elif chosen == "list":
            self.list_type(draft, node, path)
            if draft.type is None:
                return draft
        elif chosen == "object":
            draft.fields = self.mapping(node, path, unit="files")
            keys = ", ".join(clean_line(k, 30) for k in list(draft.fields)[:8])
            draft.comment.append(
                f"mappings with keys {keys}" if keys else "mappings, nested too deep to look into"
            )
        wrong = {k: files for k, files in node.kinds.items() if k not in accepted}
        self.flag_kinds(
            draft, wrong, path, f"{fits:,} of {total:,} values are {_TYPE_NAMES[draft.type or 'string']}"
        )
        return draft

    @staticmethod
    def texts_only(items: Node | None) -> bool:
        """Whether the items of the lists seen are all text (no blanks, numbers or mappings)."""
        if items is None or items.blanks:
            return False
        return all(kind in _STR_KINDS for kind in items.kinds)

    def string_or_list(self, name: str, strs: int, lists: int) -> Draft:
        """Text in some files, a list of texts in others: templates accept both shapes."""
        draft = Draft(name, "string_or_list", items="string")
        draft.comment.append(f"text in {strs:,}, a list of texts in {lists:,}")
        return draft

    def flag_kinds(self, draft: Draft, wrong: dict[str, list[int]], path: str, majority: str) -> None:
        if not wrong:
            return
        parts = []
        for kind, files in sorted(wrong.items(), key=lambda p: -len(p[1])):
            shown = ", ".join(self.rel(fi) for fi in list(dict.fromkeys(files))[:2])
            more = "" if len(set(files)) <= 2 else ", ..."
            parts.append(f"{_KIND_NAMES[kind]} in {len(files):,} ({shown}{more})")
            self.flag(files, path, f"{clean_line(path, 80)!r} is {_KIND_NAMES[kind]} here, but {majority}")
        draft.comment.append("outliers: " + "; ".join(parts))

    def text_type(self, draft: Draft, node: Node, path: str, strs: int) -> None:
        counts = {kind: len(files) for kind, files in node.kinds.items()}
        plain = counts.get("str", 0)
        if node.urls and node.urls == strs:
            draft.type = "url"
            draft.comment.append(f"web addresses, e.g. {_shown(node.examples['str'], 60)}")
            return
        if plain == strs and node.values is not None and self.enum(draft, node, path):
            return
        example = next(node.examples[k] for k in _STR_KINDS if k in node.examples)
        if node.multiline or node.str_chars / strs > TEXT_CHARS:
            draft.type = "text"
            lines = f", {_plural(node.multiline, 'value')} with line breaks" if node.multiline else ""
            draft.comment.append(f"text up to {node.str_max:,} characters{lines}")
            return
        draft.type = "string"
        draft.comment.append(_variety(node.values, example, strs))

    def enum(self, draft: Draft, node: Node, path: str) -> bool:
        assert node.values is not None
        ranked = sorted(node.values.items(), key=lambda p: (-len(p[1]), p[0]))
        keep: list[tuple[str, int]] = []
        typos: list[tuple[str, list[int], str, int]] = []
        for value, files in ranked:
            if not _toml_safe(value):
                return False
            near = next((k for k, n in keep if len(files) <= n * TYPO_SHARE and _near(value, k)), None)
            if near is not None:
                typos.append((value, files, near, len(node.values[near])))
            else:
                keep.append((value, len(files)))
        used = sum(n for _, n in keep)
        if not 2 <= len(keep) <= ENUM_MAX_VALUES or used < ENUM_MIN_REPEAT * len(keep):
            return False
        # An enum needs repeated values (most uses are of values used again), not just few
        # distinct ones; and a field of names, addresses, file names or prose stays text.
        repeated = sum(n for _, n in keep if n > 1)
        singles = sum(1 for _, n in keep if n == 1)
        if (
            repeated < ENUM_REPEATED_SHARE * used
            or singles > len(keep) // 2
            or _free_values(path, [v for v, _ in keep])
        ):
            return False
        names = [v for v, _ in keep]
        if set(names) <= set(DEFAULT_STATUSES):
            names.sort(key=DEFAULT_STATUSES.index)
        draft.type = "enum"
        draft.values = tuple(names)
        counts = dict(keep)
        draft.comment.append(
            f"{len(names)} values: " + ", ".join(f"{_shown(v)} ({counts[v]:,})" for v in names)
        )
        for value, files, near, count in typos:
            draft.comment.append(
                clean_line(
                    f"outlier: {value!r} in {_plural(len(files), 'file')}, probably a typo of {near!r}"
                )
            )
            self.flag(
                files,
                path,
                f"{clean_line(path, 80)!r} is {_shown(value)!r}: probably a typo of {_shown(near)!r} "
                f"(used {count:,} times)",
            )
        return True

    def list_type(self, draft: Draft, node: Node, path: str) -> None:
        items = node.items
        lengths = f"lists of {node.len_lo}" + (f" to {node.len_hi}" if node.len_hi != node.len_lo else "")
        lengths += " item" if node.len_hi == 1 else " items"
        item_path = f"{path}[]"
        if items is None:  # nested too deep to be looked into
            draft.type = None
            draft.comment.append(f"{lengths}, nested too deep: no field type fits, so it is left out")
            return
        counts = {kind: len(files) for kind, files in items.kinds.items()}
        strs = sum(counts.get(k, 0) for k in _STR_KINDS)
        maps = counts.get("map", 0)
        others = sum(counts.values()) - strs - maps
        if maps > strs and maps >= others:
            draft.items = "object"
            extra = items.blanks.get("map", [])
            draft.fields = self.mapping(items, item_path, extra)
            self.one_of(draft, items, path, extra)
            keys = ", ".join(clean_line(k, 30) for k in list(draft.fields)[:8])
            draft.comment.append(f"{lengths} with keys {keys}")
            wrong = {k: f for k, f in items.kinds.items() if k != "map"}
            bad_blanks = [fi for kind in ("none", "str", "list") for fi in items.blanks.get(kind, [])]
            if node.dup_names and "name" in draft.fields:
                self.flag(
                    node.dup_names, item_path + ".name", f"{clean_line(path, 80)!r} names someone twice"
                )
                draft.comment.append(
                    f"the same name twice in {_plural(len(node.dup_names), 'file')} (outliers)"
                )
        elif strs >= others and strs:
            draft.items = "string"
            example = next(items.examples[k] for k in _STR_KINDS if k in items.examples)
            draft.comment.append(f"{lengths} of text; {_variety(items.values, example, strs)}")
            wrong = {k: f for k, f in items.kinds.items() if k not in _STR_KINDS}
            bad_blanks = [fi for kind in ("none", "list", "map") for fi in items.blanks.get(kind, [])]
        else:
            kinds = ", ".join(
                f"{_KIND_NAMES[k]} in {n:,}" for k, n in sorted(counts.items(), key=lambda p: -p[1])
            )
            draft.type = None
            draft.comment.append(f"{lengths} of {kinds or 'blanks'}: no field type fits, so it is left out")
            return
        self.flag_kinds(
            draft,
            wrong,
            item_path,
            f"items of {clean_line(path, 80)!r} are {'mappings' if draft.items == 'object' else 'text'}",
        )
        if bad_blanks:
            self.flag(bad_blanks, item_path, f"{clean_line(path, 80)!r} has an empty item")
            draft.comment.append(f"empty items in {_plural(len(set(bad_blanks)), 'file')} (outliers)")


# -- roles ---------------------------------------------------------------------------------


def find_roles(fields: dict[str, Draft], *, hugo: bool = False) -> dict[str, str]:
    """The roles recognised among ``fields``: role -> the site's field name.

    On a Hugo site (``hugo``) where no field plays the status, the status is Hugo's ``draft``
    flag even when no article sets it (Hugo publishes a page without one): ``draft`` is added to
    ``fields`` as a boolean, so the list shows each article as published and ``draft: true`` is
    known once someone writes it.
    """
    # A field that only the section pages have does not play a role.
    typed = {name: d for name, d in fields.items() if d.type is not None and d.share > 0}
    folded: dict[str, str] = {}
    for name in typed:
        folded.setdefault(name.casefold(), name)
    roles: dict[str, str] = {}
    for role, candidates in ROLE_CANDIDATES.items():
        options: list[str] = []
        for candidate, types in candidates:
            found = candidate if candidate in typed else folded.get(candidate.casefold())
            if found is None:
                continue
            draft = typed[found]
            if draft.type not in types:
                continue
            if role == "byline" and draft.type == "list" and draft.items != "string":
                continue
            options.append(found)
        if role == "title":  # a `title` few have (a presenter's job title) is not the title
            options.sort(key=lambda name: typed[name].share < TITLE_SHARE)
        elif role == "summary":  # the one most often filled in: one blank everywhere is none
            options = [name for name in options if typed[name].filled > 0]
            options.sort(key=lambda name: -typed[name].filled)
        if options:
            roles[role] = options[0]
    if roles.get("status", "").casefold() == "published":
        roles["status_true"] = "published"  # Jekyll's `published: false`: true is published
    if hugo and "status" not in roles and "draft" not in fields and "status" not in fields:
        fields["draft"] = Draft(
            name="draft",
            type="boolean",
            comment=[
                "Hugo's draft flag: in no file yet; a page without it is published, "
                "`draft: true` keeps it out of the site"
            ],
        )
        roles["status"] = "draft"
    return roles


#: Files at a site's root that say it is built by Hugo.
HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")


#: Jekyll's folder of drafts: built only with ``--drafts``, whatever their front matter says.
JEKYLL_DRAFTS = "_drafts"
#: Files at a site's root that say it is built by Jekyll.
JEKYLL_CONFIGS = ("_config.yml", "_config.yaml")
#: Files at a site's root that say it is built by Eleventy.
ELEVENTY_CONFIGS = (
    ".eleventy.js",
    ".eleventy.cjs",
    "eleventy.config.js",
    "eleventy.config.cjs",
    "eleventy.config.mjs",
)


def site_kind(root: Path) -> str | None:
    """``hugo``, ``jekyll`` or ``eleventy`` by the configuration files in ``root`` or above it
    (not past a repository's top); None when none is found."""
    try:
        start = root.resolve()
    except (OSError, RuntimeError):
        return None
    for folder in (start, *start.parents):
        try:
            if any((folder / name).is_file() for name in HUGO_CONFIGS):
                return "hugo"
            if (folder / "archetypes").is_dir() and (folder / "content").is_dir():
                return "hugo"
            if any((folder / name).is_file() for name in JEKYLL_CONFIGS):
                return "jekyll"
            if any((folder / name).is_file() for name in ELEVENTY_CONFIGS):
                return "eleventy"
            if (folder / ".git").exists():
                return None
        except OSError:
            return None
    return None


def looks_like_hugo(root: Path, shortcodes: int, list_pages: int) -> bool:
    """Whether the articles under ``root`` belong to a Hugo site: above ``root`` (not past a
    repository's top) there is a Hugo configuration file or an ``archetypes/`` folder beside
    ``content/``; or there is no Jekyll or Eleventy configuration either and bodies use Hugo
    shortcodes or folders have ``_index.md`` section pages."""
    kind = site_kind(root)
    if kind is not None:
        return kind == "hugo"
    return bool(shortcodes or list_pages)


# -- writing the TOML ----------------------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _toml_safe(text: str) -> bool:
    """Whether ``text`` can be written in a TOML file at all (no lone surrogates)."""
    return _SURROGATE.search(text) is None


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    return _ESCAPES.get(ch) or f"\\u{ord(ch):04X}"


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string. `ValueError` for text TOML cannot hold (lone surrogates)."""
    if not _toml_safe(text):
        raise ValueError("text with a lone surrogate cannot be written as TOML")
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def toml_key(key: str) -> str:
    """``key`` as a TOML key: bare when it can be, quoted otherwise (``"og:title"``)."""
    return key if _BARE_KEY.fullmatch(key) else toml_string(key)


def _comment(text: str) -> str:
    return "# " + clean_line(text, 300)


def render(
    fields: dict[str, Draft],
    roles: dict[str, str],
    fmt: str,
    files: int,
    where: str,
    list_pages: int = 0,
    dated_by_name: bool = False,
    exclude: Sequence[str] = (),
    references: dict[str, dict[str, str]] | None = None,
) -> str:
    """The ``newsdesk.toml`` text for an inferred section."""
    pages = f" and {_plural(list_pages, 'section page')}" if list_pages else ""
    lines = [
        _comment(
            f"newsdesk schema inferred by `newsdesk init --detect` from {_plural(files - list_pages, 'article')}{pages}"
        ),
        _comment(f"in {where}. Each field's comment is its evidence; outliers are listed by the run."),
        "# Every setting: newsdesk's docs/schema.md. Check it, then run `newsdesk validate`.",
        "",
        "[articles]",
        'folder = "."',
        f"format = {toml_string(fmt)}",
        'unknown_fields = "warn"',
    ]
    if exclude:
        lines.append("# Files with no front matter: not articles.")
        lines.append("exclude = [" + ", ".join(toml_string(p) for p in exclude) + "]")
    lines.append("")
    if roles:
        lines.append("# The fields newsdesk shows as each article's title, date, byline, status and summary.")
        lines.append("[articles.roles]")
        for role, name in roles.items():
            if role == "status_fixed":
                lines.append("# Jekyll's drafts: built only with --drafts, whatever a field says; move one")
                lines.append("# to _posts/ to publish it.")
            lines.append(f"{role} = {toml_string(name)}")
        if dated_by_name:
            lines.append("# An article without a date is dated by its file name (2016-03-04-title.md).")
            lines.append("date_from_filename = true")
        lines.append("")
    for ref_name, table in (references or {}).items():
        lines.append("# Profiles that a field's slugs name (newsdesk's docs/schema.md: References).")
        lines.append(f"[references.{toml_key(ref_name)}]")
        lines += [f"{key} = {toml_string(value)}" for key, value in table.items()]
        lines.append("")
    for name, draft in fields.items():
        _render_field(lines, ("fields", name), draft)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def _render_field(lines: list[str], keys: tuple[str, ...], draft: Draft) -> None:
    dotted = ".".join(keys[1:]).replace(".fields.", ".")
    if draft.type is None:
        for i, text in enumerate(draft.comment):
            lines.append(_comment(f"{dotted} (left out): {text}" if i == 0 else text))
        lines.append("")
        return
    for text in draft.comment:
        lines.append(_comment(text))
    lines.append("[" + ".".join(toml_key(k) for k in keys) + "]")
    lines.append(f"type = {toml_string(draft.type)}")
    if draft.required:
        lines.append("required = true")
    if draft.values:
        lines.append("values = [" + ", ".join(toml_string(v) for v in draft.values) + "]")
    if draft.items is not None:
        lines.append(f"items = {toml_string(draft.items)}")
    if draft.allow_false:
        lines.append("allow_false = true")
    if draft.one_of:
        lines.append("required_one_of = [[" + ", ".join(toml_string(k) for k in draft.one_of) + "]]")
    if draft.ref is not None:
        lines.append(f"ref = {toml_string(draft.ref)}")
    lines.append("")
    for name, sub in draft.fields.items():
        _render_field(lines, (*keys, "fields", name), sub)


def schema_data(fields: dict[str, Draft]) -> dict[str, Any]:
    """The ``[fields]`` table the drafts stand for, as `tomllib` reads the rendered text."""
    out: dict[str, Any] = {}
    for name, draft in fields.items():
        if draft.type is None:
            continue
        spec: dict[str, Any] = {"type": draft.type}
        if draft.required:
            spec["required"] = True
        if draft.values:
            spec["values"] = list(draft.values)
        if draft.items is not None:
            spec["items"] = draft.items
        if draft.allow_false:
            spec["allow_false"] = True
        if draft.one_of:
            spec["required_one_of"] = [list(draft.one_of)]
        if draft.ref is not None:
            spec["ref"] = draft.ref
        sub = schema_data(draft.fields)
        if sub:
            spec["fields"] = sub
        out[name] = spec
    return out


# -- sections ------------------------------------------------------------------------------

_DATED = re.compile(r"\d[\d._-]*")
Parts = tuple[str, ...]


def _similarity(a: tuple[int, dict[str, int]], b: tuple[int, dict[str, int]]) -> float:
    """Weighted Jaccard similarity of two groups' field use (share of articles per field)."""
    (na, ca), (nb, cb) = a, b
    if not na or not nb:
        return 1.0
    low = high = 0.0
    for key in ca.keys() | cb.keys():
        fa, fb = ca.get(key, 0) / na, cb.get(key, 0) / nb
        low += min(fa, fb)
        high += max(fa, fb)
    return low / high if high else 1.0


def _pool(groups: Iterable[tuple[int, dict[str, int]]]) -> tuple[int, dict[str, int]]:
    total = 0
    counts: dict[str, int] = {}
    for n, more in groups:
        total += n
        for key, count in more.items():
            counts[key] = counts.get(key, 0) + count
    return total, counts


def _cluster(groups: list[tuple[int, dict[str, int]]]) -> list[list[int]]:
    """Greedy: biggest first, each joins the most similar cluster so far or starts its own.

    Stops once there are more than `MAX_SECTIONS` clusters (that is no structure anyway).
    """
    clusters: list[tuple[list[int], tuple[int, dict[str, int]]]] = []
    for index in sorted(range(len(groups)), key=lambda i: -groups[i][0]):
        scored = [(_similarity(stats, groups[index]), c) for c, (_, stats) in enumerate(clusters)]
        best = max(scored, default=(0.0, -1))
        if best[1] >= 0 and best[0] >= SECTION_SIMILARITY:
            members, stats = clusters[best[1]]
            clusters[best[1]] = ([*members, index], _pool([stats, groups[index]]))
        else:
            clusters.append(([index], groups[index]))
            if len(clusters) > MAX_SECTIONS:
                break
    return [members for members, _ in clusters]


def _plan_sections(
    children: dict[Parts, list[Parts]], stats: dict[Parts, tuple[int, dict[str, int]]]
) -> list[Parts]:
    """Folders that become sections of their own: where sibling folders hold different kinds.

    Only folders with `MIN_SECTION` articles or more and not named by numbers (dates) are
    compared. Every level is looked at, so ``content/en/{news,events}`` splits too.
    """
    found: list[Parts] = []
    for at in sorted(children):
        big = [c for c in children[at] if not _DATED.fullmatch(c[-1]) and stats[c][0] >= MIN_SECTION]
        if len(big) >= 2 and 2 <= len(_cluster([stats[c] for c in big])) <= MAX_SECTIONS:
            found += big
    return found


# -- the whole run -------------------------------------------------------------------------


def detect(root: Path, *, jobs: int | None = None) -> Detection:
    """Read every article under ``root`` and infer the schema(s) that fit them. Never writes."""
    paths = list(iter_article_paths(root))
    by_parent: dict[Path, Parts] = {}
    rels: list[Parts] = []
    for path in paths:
        parent = path.parent
        parts = by_parent.get(parent)
        if parts is None:
            parts = by_parent[parent] = parent.relative_to(root).parts
        rels.append(parts)
    folder_of: dict[Parts, int] = {}
    folder_ids = [folder_of.setdefault(parts, len(folder_of)) for parts in rels]
    folders = list(folder_of)
    under: dict[Parts, int] = {}
    for parts in rels:
        for depth in range(len(parts) + 1):
            under[parts[:depth]] = under.get(parts[:depth], 0) + 1
    list_pages = frozenset(i for i, p in enumerate(paths) if p.name == "_index.md" and under[rels[i]] >= 2)
    read = _read_all(paths, folder_ids, jobs)

    # Field use per folder (content pages only), then per subtree.
    direct: dict[Parts, tuple[int, dict[str, int]]] = {}
    for fid, node in read.folders.items():
        n = 0
        counts: dict[str, int] = {}
        for shape, files in node.shapes.items():
            c = sum(1 for fi in files if fi not in list_pages)
            n += c
            for key in (*shape[0], *shape[1]):
                counts[key] = counts.get(key, 0) + c
        direct[folders[fid]] = (n, counts)
    children: dict[Parts, list[Parts]] = {}
    for parts in sorted(under):
        if parts:
            children.setdefault(parts[:-1], []).append(parts)
    stats: dict[Parts, tuple[int, dict[str, int]]] = {}
    for parts in sorted(under, key=len, reverse=True):  # deepest first: children before parents
        stats[parts] = _pool([direct.get(parts, (0, {})), *(stats[c] for c in children.get(parts, []))])
    planned = _plan_sections(children, stats)
    kind = site_kind(root)
    if kind == "jekyll":  # Jekyll's drafts are drafts by their folder: a section of their own
        planned += [parts for parts in under if parts and parts[-1] == JEKYLL_DRAFTS]
    roots = sorted({(), *planned}, key=lambda parts: parts)

    def governing(parts: Parts) -> Parts:
        for depth in range(len(parts), -1, -1):
            if parts[:depth] in roots_set:
                return parts[:depth]
        return ()

    roots_set = set(roots)
    governed: dict[Parts, list[int]] = {}
    for fid in sorted(read.folders):
        governed.setdefault(governing(folders[fid]), []).append(fid)
    # Files with no front matter that are not articles (a README at a repository's root): left
    # out and excluded by the schema that governs them, when one is written.
    excluded: dict[Parts, list[int]] = {}
    for i, problems in read.broken:
        bare = all(p.code == "no-front-matter" for p in problems)
        if bare and _not_an_article(paths[i], folder_ids[i] in read.folders):
            at = governing(rels[i])
            # The top keeps a schema for them when its articles are all in sections (Jekyll's
            # _drafts/ is one of its own even when it alone holds the site's articles).
            if at in governed or (at == () and governed):
                excluded.setdefault(at, []).append(i)
    left_out_files = {i for found in excluded.values() for i in found}

    sections: list[SectionSchema] = []
    by_root: dict[Parts, SectionSchema] = {}
    hugo = looks_like_hugo(root, read.shortcodes, len(list_pages))
    for at in roots:
        fids = governed.get(at)
        if not fids and at not in excluded:
            continue
        merged = Node()
        for fid in fids or ():
            _merge(merged, read.folders[fid])
        drafts = kind == "jekyll" and at[-1:] == (JEKYLL_DRAFTS,)
        by_root[at] = _section(root, at, merged, paths, list_pages, hugo, excluded.get(at, ()), drafts)
        sections.append(by_root[at])
    _with_references(root, paths, sections)
    for i in sorted(read.suspects):
        section = by_root.get(governing(folders[folder_ids[i]]))
        if section is not None:
            section.outliers += _control_outliers(paths[i], section)
    unusable = [
        (paths[i], problems[0]) for i, problems in sorted(read.broken) if problems and i not in left_out_files
    ]
    unusable += [
        (paths[i], Problem("no-front-matter", "no front matter"))
        for i, problems in read.broken
        if not problems and i not in left_out_files
    ]
    checks = [Outlier(paths[i], _item_path(p.field), p.message) for i, p in read.checks]
    written = {s.folder for s in sections}
    existing = sorted(
        root.joinpath(*parts) / SCHEMA_FILENAME
        for parts in under
        if parts
        and root.joinpath(*parts) not in written
        and _is_file(root.joinpath(*parts) / SCHEMA_FILENAME)
    )
    split = any(s.rel != "." for s in sections)
    return Detection(root, len(paths), sections, unusable, checks, split, existing)


#: Files a repository holds beside its content (by their name without the suffix, upper case).
REPOSITORY_FILES = frozenset(
    [
        "README",
        "CONTRIBUTING",
        "CODE_OF_CONDUCT",
        "CHANGELOG",
        "CHANGES",
        "HISTORY",
        "LICENSE",
        "LICENCE",
        "SECURITY",
        "SUPPORT",
        "AUTHORS",
        "CODEOWNERS",
        "PULL_REQUEST_TEMPLATE",
        "ISSUE_TEMPLATE",
    ]
)


def _not_an_article(path: Path, beside_articles: bool) -> bool:
    """Whether a file with no front matter is not an article: a repository's own file (its
    name says so), or one in a folder that holds no article with front matter."""
    return not beside_articles or path.stem.upper() in REPOSITORY_FILES


def _with_references(root: Path, paths: Sequence[Path], sections: list[SectionSchema]) -> None:
    """Mark the sections' reference fields (slugs naming profiles: `refdetect`), their roles,
    their near misses as outliers, and render the sections again with their references."""
    from newsdesk.core.infer.refdetect import find_references, reference_table, role_for

    found = find_references(
        root, paths, [(s.folder, {n: (d.type, d.items) for n, d in s.fields.items()}) for s in sections]
    )
    for section in sections:
        tables: dict[str, dict[str, str]] = {}
        for ref in found.get(section.folder, []):
            name, table = reference_table(ref, section.folder)
            tables[name] = table
            draft = section.fields[ref.field]
            draft.ref = name
            draft.comment.append(ref.evidence)
            role = role_for(ref.field, section.roles)
            if role is not None:
                section.roles[role] = ref.field
            for value, hint in ref.near.items():
                message = f"{value!r} matches no profile (did you mean {hint!r}?)"
                section.outliers += [Outlier(p, ref.field, message) for p in ref.files[value]]
        if tables:
            section.text = render(
                section.fields,
                section.roles,
                section.format,
                section.files,
                section.where,
                len(section.list_pages),
                section.dated_by_name,
                section.exclude,
                references=tables,
            )
            parse_schema(section.text, section.target)  # never write what we cannot read


def _control_outliers(path: Path, section: SectionSchema) -> list[Outlier]:
    """Control characters in one file, against its inferred schema.

    They are errors whatever the schema, but whether a tab or line break is one depends on the
    inferred type; only the few files whose front matter may hold one are checked (`_read`).
    """
    schema = parse_schema(section.text, section.target)
    article = load_article(path, locations=False)
    return [
        Outlier(path, _item_path(p.field), p.message)
        for p in validate_article(article, schema)
        if p.code == "control-character"
    ]


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a folder we may list but not enter
        return False


def _item_path(path: str | None) -> str | None:
    return re.sub(r"\[\d+\]", "[]", path) if path else path


def _section(
    root: Path,
    at: Parts,
    node: Node,
    paths: Sequence[Path],
    list_pages: frozenset[int],
    hugo: bool = False,
    excluded: Sequence[int] = (),
    drafts: bool = False,
) -> SectionSchema:
    """The schema of one section. ``drafts``: a Jekyll site's ``_drafts/``, whose articles are
    drafts by their folder (``status_fixed``), not by a field."""
    folder = root.joinpath(*at)
    inference = _Inference(paths, list_pages)
    fields = inference.mapping(node, "", top=True, unit="files")
    roles = find_roles(fields, hugo=hugo)
    if drafts:
        roles.pop("status", None)
        roles.pop("status_true", None)
        roles["status_fixed"] = "draft"
    content = [fi for f in node.shapes.values() for fi in f if fi not in list_pages]
    dated = sum(1 for fi in content if date_in_name(paths[fi].name) is not None)
    by_name = len(content) >= MIN_REQUIRED and dated >= DATED_SHARE * len(content)
    date_field = fields.get(roles.get("date", "date"))
    if by_name and (date_field is None or not date_field.required):
        roles.setdefault("date", "date")
    else:
        by_name = False
    exclude = [glob.escape(paths[i].relative_to(folder).as_posix()) for i in excluded]
    for pattern in exclude:
        inference.left_out.append(clean_line(f"{pattern}: no front matter, not an article: excluded"))
    fmt = "toml" if node.formats.get("toml", 0) > node.formats.get("yaml", 0) else "yaml"
    files = sum(len(f) for f in node.shapes.values())
    mine = sorted({fi for f in node.shapes.values() for fi in f if fi in list_pages})
    rel = "/".join(at) or "."
    where = (
        clean_line(str(root if not at else Path(*at)), 200) if at else clean_line(root.name or str(root), 200)
    )
    text = render(fields, roles, fmt, files, where, len(mine), by_name, exclude)
    parse_schema(text, folder / SCHEMA_FILENAME)  # a bug if this raises: never write what we cannot read
    return SectionSchema(
        folder=folder,
        rel=rel,
        files=files,
        list_pages=tuple(clean_line(str(paths[fi].relative_to(root)), 200) for fi in mine),
        fields=fields,
        roles=roles,
        format=fmt,
        text=text,
        outliers=inference.outliers,
        left_out=inference.left_out,
        where=where,
        dated_by_name=by_name,
        exclude=tuple(exclude),
    )
