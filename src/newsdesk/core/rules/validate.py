"""Checking articles against the schema: the rules shared by ``newsdesk validate`` and edit mode.

`validate_article` is pure and fast (no I/O): it returns the article's load problems plus every
schema diagnostic, sorted by position. Checking many files (`validate_paths`: each against the
``newsdesk.toml`` nearest to it, worker processes for large sets, the people checks across the
folder) is `newsdesk.core.check.batch`, built on this module, the folder walk and the people checks.

Every diagnostic has a stable kebab-case code (see `CODES`) and points at a 1-based line and
column: the value when the value is wrong, the key when the key is, the ``status`` line when a
field is missing because of the status, and the opening ``---``/``+++`` line for a field that is
missing outright.

Decisions worth knowing:

* A ``date`` field accepts a date (``2024-05-22``, a TOML local date, or the same text quoted) and
  also a date-time (Hugo-style sites write ``2023-01-05 09:00:00 -0500``): it carries a date.
  A ``datetime`` field accepts a date-time or a bare date. Impossible or malformed ones are ``date``.
* ``null``/empty values of optional fields are fine; of a required field they are ``empty``.
* A plain (unquoted) YAML scalar that YAML 1.1 turns into something else than the text written
  (``on`` -> true, ``10:30`` -> 630, ``010`` -> 8) where text is expected is ``ambiguous-value``.
* ``speaker-not-in-body`` is skipped when the body is blank or was not read whole.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
import re
from collections.abc import Iterator, Sequence
from typing import Any

from newsdesk.core.model.article import Article, Pos
from newsdesk.core.model.dates import DATE_TEXT, DATETIME_TEXT, URL_TEXT, impossible_date, impossible_time
from newsdesk.core.model.problems import Problem, Severity, did_you_mean
from newsdesk.core.model.textsafe import FORMAT_CHARS, clean_line, describe_char, escape_path, has_control
from newsdesk.core.read.reader import locate
from newsdesk.core.rules.schema import (
    FieldSpec,
    Schema,
    default_schema,
)
from newsdesk.core.rules.workflow import REVIEW_FIELD, history

#: Every diagnostic code ``newsdesk validate`` can report, with what it means.
CODES: dict[str, str] = {
    "yaml-syntax": "the YAML front matter cannot be parsed",
    "toml-syntax": "the TOML front matter cannot be parsed",
    "no-front-matter": "the file does not start with a '---' or '+++' block (or is empty)",
    "front-matter-shape": "the front matter is never closed, or is a list or a single value, not a mapping",
    "encoding": "the file is not UTF-8 text (invalid bytes, or binary)",
    "line-ends": "the lines end in a lone CR (classic Mac): other tools see no front matter; never edited",
    "duplicate-key": "a key appears twice; YAML would silently keep the last value",
    "conflict-markers": "a merge conflict left in the file (<<<<<<< / ======= / >>>>>>> lines from git)",
    "too-large": "the file is over the size limit; only its front matter was checked",
    "too-complex": "the front matter expands too far through YAML aliases, or nests too deeply",
    "not-a-file": "the path is a FIFO, socket or device; skipped",
    "unreadable": "the file cannot be read (permissions, symlink loop, deleted)",
    "required": "a required field is missing (maybe required from a status on)",
    "empty": "a required field is present but blank",
    "type": "a value has the wrong type (text, number, list, ...)",
    "enum": "a value is not one of the allowed values",
    "pattern": "a value does not match the field's pattern",
    "date": "an impossible date or a date in the wrong format",
    "min-items": "a list has fewer items than required",
    "max-length": "a text is longer than allowed",
    "required-one-of": "a list item lacks every key of a required group (e.g. name or group)",
    "unknown-field": "a field (or list-item key) the schema does not know",
    "broken-line": "text read as a field name: a line of a paragraph whose indentation broke",
    "ambiguous-value": "an unquoted YAML 1.1 value (yes/no/on/off, 10:30) where text is expected",
    "duplicate-person": "the same name appears twice in one list",
    "speaker-not-in-body": "a listed speaker's name never appears in the body (warning)",
    "unknown-reference": "a slug in a reference field names no profile (with a did-you-mean)",
    "reserved-key": "a key python-frontmatter reserves (content, handler): frontmatter.load() fails (warning)",
    "control-character": "an invisible control or layout character in a value; a line break or tab in a one-line field",
    "invalid-schema": "a newsdesk.toml in a sub-folder cannot be used; the articles it governs were not checked",
    "review": "a review entry's time has no time zone offset (warning)",
    "review-status": "the status is further along than the last review verdict took it (warning)",
    # Checked over the whole folder (newsdesk.core.check.people_check):
    "name-variant": "a person's name written differently from the same person elsewhere, or a near miss of one (warning)",
    "role-changed": "a role different from the person's in the nearest earlier article: fine for a promotion (warning)",
    "speaker-not-attending": "a speaker missing from the attendees, when they name people and no group (warning)",
    # Checked by the runner (newsdesk.core.check.batch), for the files that are links:
    "link-outside": "the file is a symlink to a file outside the folder: read, never written (warning)",
}


def link_outside_problem(path: str | os.PathLike[str]) -> Problem | None:
    """The ``link-outside`` warning when the file ``path`` is a symbolic link that leads out of
    the folder being worked on (`newsdesk.core.read.links.link_outside`): newsdesk reads through
    it, but a save would be refused. None for a link that stays inside (or a linked folder on the
    way: a folder walk never follows one). Only for paths known to be links: it asks the file
    system a few times."""
    from newsdesk.core.read.links import file_link_outside  # for links only: not on every start

    found = file_link_outside(path)
    return None if found is None else link_outside_warning(path, *found)


def link_outside_warning(path: str | os.PathLike[str], target: str, root: str) -> Problem:
    """`link_outside_problem`'s warning, for a link already looked at (``newsdesk show``)."""
    return Problem(
        "link-outside",
        f"{escape_path(path)} is a link to {escape_path(target)}, outside {escape_path(root)}: "
        "newsdesk reads it but will not write it (--follow-symlinks)",
        severity="warning",
    )


#: Keys python-frontmatter passes to ``Post(content, handler, **metadata)`` itself.
RESERVED_KEYS = ("content", "handler")
#: Front matter that may hold a control character in a value: one written raw, an escape
#: (``\e``, ``\u202e``) or a tab. (TOML multi-line strings are looked for separately.)
_MAY_HOLD_CONTROL = re.compile(f"[\\x00-\\x09\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{FORMAT_CHARS}\\\\]")


#: `may_hold_control`'s look at the source's UTF-8 bytes, in one pass: an ASCII character
#: `_MAY_HOLD_CONTROL` finds -> 0, a quote of either kind -> 1, any other byte -> 2. (A multi-byte
#: UTF-8 sequence has no ASCII bytes: a 0 is such a character, and three quotes in a row in the
#: text are three 1s in a row.)
_SOURCE_BYTES = bytes(
    0 if _MAY_HOLD_CONTROL.match(chr(b)) else 1 if chr(b) in "\"'" else 2 for b in range(128)
) + bytes([2] * 128)


def may_hold_control(fm_text: str) -> bool:
    """Whether front matter may hold a control character in a value, by a cheap look at the
    source: one written raw, an escape, a tab, or a TOML multi-line string. (Block scalars of
    one-line fields are looked for apart: that depends on the schema.)

    That is ``_MAY_HOLD_CONTROL.search(fm_text) or '\"\"\"' in fm_text or "'''" in fm_text``, in
    fewer passes: one translation of the bytes (`_SOURCE_BYTES`) finds the ASCII characters the
    pattern looks for, and the runs of quotes; every other character it looks for is unprintable
    (`str.isprintable`), so the pattern is only searched in a text with something unprintable
    besides its line breaks.
    """
    ascii_only = fm_text.isascii()  # (no look at the text: CPython keeps this with it)
    seen = fm_text.encode("ascii" if ascii_only else "utf-8", "surrogatepass").translate(_SOURCE_BYTES)
    if b"\0" in seen:
        return True
    if (
        not ascii_only
        and not fm_text.replace("\n", " ").isprintable()
        and _MAY_HOLD_CONTROL.search(fm_text) is not None
    ):
        return True
    return b"\1\1\1" in seen and ('"""' in fm_text or "'''" in fm_text)


#: The indicator of a YAML block scalar (``key: |``, ``- >-``) at the end of its line.
_BLOCK_INDICATOR = re.compile(r"[|>][-+0-9]*[ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE)
_LINE_BREAK_OR_TAB = re.compile(r"[\r\n\t]")
#: How YAML and TOML escapes of a control character may be spelled in the source.
_SHORT_ESCAPES = {
    "\x00": ("\\0",),
    "\x07": ("\\a",),
    "\x08": ("\\b",),
    "\t": ("\\t",),
    "\n": ("\\n",),
    "\x0b": ("\\v",),
    "\x0c": ("\\f",),
    "\r": ("\\r",),
    "\x1b": ("\\e",),
    "\x85": ("\\N",),
    "\u2028": ("\\L",),
    "\u2029": ("\\P",),
}
#: At most this many control-character diagnostics per article (one per value).
_MAX_CONTROL_REPORTS = 20

#: Load problems after which the metadata is not usable, so schema checks are skipped.
_BLOCKING = frozenset(
    {
        "yaml-syntax",
        "toml-syntax",
        "no-front-matter",
        "front-matter-shape",
        "too-complex",
        "not-a-file",
        "unreadable",
    }
)


# -- one article ---------------------------------------------------------------------------


def validate_article(article: Article, schema: Schema, *, planned: bool = False) -> list[Problem]:
    """The article's load problems plus its schema diagnostics, sorted by (line, column, code).

    ``planned``: the article is a planned change (a review move checking the article it would
    leave), so messages do not quote its status back as the file's own. No I/O. For an article read with ``locations=False``, positions are worked out (by parsing its
    front matter again) only when a diagnostic needs them, and kept in ``article.locations``.
    """
    problems = list(article.problems)
    text = article.text
    if _may_hold_markers(text):  # cheap: the text is in memory already
        markers = conflict_markers(text)
        if markers:
            if markers[0].line < _line_of(text, article.body_start) or article.format is None:
                problems = [p for p in problems if p.code not in _SYNTAX]  # the markers are the cause
            problems += markers
    if article.format is None:
        if not any(p.is_error for p in problems):
            # e.g. a '---' rule, a paragraph and a '---': the reader warns it is body, not front
            # matter; as an article it still has none.
            problems.append(Problem("no-front-matter", _NO_FRONT_MATTER))
    elif not article.problems or not any(p.code in _BLOCKING for p in article.problems):
        checker = _Checker(article, schema, problems, planned=planned)
        checker.check()
    if len(problems) > 1:
        problems.sort(key=Problem.sort_key)
    return problems


# -- checking the review history -----------------------------------------------------------


def review_problems(article: Article, schema: Schema) -> list[tuple[str, str, str, str]]:
    """What validate adds about the ``review`` list beyond its field types.

    ``(code, field path, message, severity)``: a time without an offset (warning), and a status
    further along than the last verdict took it (warning): a ``published`` article whose last
    verdict is neither ``published`` nor ``approved``, an ``approved`` one last sent back...
    """
    out: list[tuple[str, str, str, str]] = []
    entries = history(article.metadata)
    for entry in entries:
        if entry.at is not None and entry.at.tzinfo is None:
            out.append(
                (
                    "review",
                    f"{REVIEW_FIELD}[{entry.index}].at",
                    f"'{REVIEW_FIELD}[{entry.index}].at' has no time zone offset: write it like "
                    "2024-05-22T14:30:00+02:00",
                    "warning",
                )
            )
    if not entries:
        return out
    last = entries[-1]
    workflow = schema.workflow
    implied = workflow.target(last.verdict)
    status = schema.roles.status_of(article.metadata)
    order = workflow.statuses
    if implied is None or status is None or status not in order or implied not in order:
        return out
    allowed = {implied}
    if last.verdict == "approved" and workflow.target("published"):
        allowed.add(str(workflow.target("published")))
    if status not in allowed and order.index(status) > order.index(implied):
        who = f" by {last.by}" if last.by else ""
        out.append(
            (
                "review-status",
                schema.roles.status,
                f"status is '{status}' but the last review verdict is '{last.verdict}'{who} "
                f"({REVIEW_FIELD}[{last.index}]), which leaves it {implied}: was it moved without a review?",
                "warning",
            )
        )
    return out


_SYNTAX = frozenset({"yaml-syntax", "toml-syntax", "front-matter-shape", "no-front-matter"})
_MARKER = re.compile(r"^(<<<<<<<|>>>>>>>)(?: [^\n]*)?$", re.MULTILINE)


#: The start of a marker line, as `validate_article` looks for one before `conflict_markers`.
_OURS = re.compile("<<<<<<< ")
_THEIRS = re.compile(">>>>>>> ")


def _may_hold_markers(text: str) -> bool:
    """``"<<<<<<< " in text or ">>>>>>> " in text``, sooner: a text without a ``<`` (or ``>``) is
    known to be without after one quick look (``in`` looks for one character with ``memchr``),
    and `re` finds a literal faster than ``in`` in a text that is not all ASCII."""
    return ("<" in text and _OURS.search(text) is not None) or (
        ">" in text and _THEIRS.search(text) is not None
    )


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def conflict_markers(text: str) -> list[Problem]:
    """One ``conflict-markers`` error per conflict git (or a merge driver) left in ``text``: at its
    ``<<<<<<<`` line (or a ``>>>>>>>`` line without one). A ``=======`` line alone is a Markdown
    heading's underline, not a marker."""
    out: list[Problem] = []
    inside = False
    for m in _MARKER.finditer(text):
        line = _line_of(text, m.start())
        if m.group(1) == "<<<<<<<":
            inside = True
            out.append(
                Problem(
                    "conflict-markers",
                    "a merge conflict is left here (<<<<<<< ours / ======= / >>>>>>> theirs): keep "
                    "the right lines and delete the three marker lines",
                    line,
                )
            )
        elif not inside:
            out.append(
                Problem("conflict-markers", "a '>>>>>>>' conflict marker is left here: delete it", line)
            )
        else:
            inside = False
    return out


@functools.cache
def _review_spec() -> FieldSpec:
    """The built-in schema's ``review`` field, for a schema that does not define it."""
    return default_schema().fields[REVIEW_FIELD]


_NO_FRONT_MATTER = (
    "no front matter: an article starts with a '---' (YAML) or '+++' (TOML) block of keys and values"
)


def _short(value: object, limit: int = 60) -> str:
    text = clean_line(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(value: object) -> str:
    """How a wrongly-typed value is named in a message."""
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.datetime):
        return f"the date-time {value.isoformat(sep=' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dt.time):
        return f"the time {value.isoformat()}"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    if isinstance(value, str):
        return f"the text '{_short(value)}'"
    return f"a {type(value).__name__}"


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict)):
        return not value
    return False


#: How many allowed values a message lists before it says how many more there are.
_LISTED_VALUES = 12


def _choices(values: Sequence[str]) -> str:
    """Allowed values for a message: all of them, or the first few and a count."""
    if len(values) <= _LISTED_VALUES:
        return ", ".join(_short(v, 40) for v in values)
    shown = ", ".join(_short(v, 40) for v in values[:_LISTED_VALUES])
    return f"{shown}, … ({len(values):,} values in all)"


def _leaf(path: str) -> str:
    """The last key of a field path: ``speakers[1].name`` -> ``name``."""
    tail = path.rsplit(".", 1)[-1]
    return tail.split("[", 1)[0] if not tail.startswith("[") else tail


class _Checker:
    __slots__ = ("article", "fmt", "out", "planned", "schema", "status")

    def __init__(
        self, article: Article, schema: Schema, out: list[Problem], *, planned: bool = False
    ) -> None:
        self.article = article
        self.planned = planned
        self.schema = schema
        self.out = out
        # The status that "required from a status on" compares with: the status role's field
        # (a boolean draft flag reads as draft / published).
        self.status = schema.roles.status_of(article.metadata)
        self.fmt = article.format

    # -- reporting ---------------------------------------------------------------------

    def add(
        self,
        code: str,
        path: str | None,
        message: str,
        *,
        at_value: bool = True,
        severity: Severity = "error",
        where: str | None = None,
    ) -> None:
        article = self.article
        locate(article)  # positions are needed now (no-op when already known)
        loc_path = where if where is not None else path
        if loc_path is None:
            pos = article.position(None)
        elif at_value:
            pos = article.value_position(loc_path)
        else:
            pos = article.position(loc_path)
        self.out.append(Problem(code, message, pos.line, pos.column, severity, path))

    def source(self, path: str) -> str | None:
        locate(self.article)
        loc = self.article.locations.get(path)
        if loc is None:
            return None
        return self.article.text[loc.start : loc.end]

    def is_plain(self, path: str) -> bool:
        locate(self.article)
        loc = self.article.locations.get(path)
        return loc is not None and loc.plain

    def assign(self, path: str, example: str) -> str:
        """How to write ``key = example`` in this article's format (for messages)."""
        key = _leaf(path)
        if self.fmt == "toml":
            return f"{key} = {example}"
        return f"{key}: {example}"

    # -- the walk ----------------------------------------------------------------------

    def check(self) -> None:
        metadata = self.article.metadata
        schema = self.schema
        if not self.fields_clean(field_plan(schema)):
            self.walk_fields()
        if REVIEW_FIELD in metadata:
            for code, path, message, severity in review_problems(self.article, schema):
                self.add(code, path, message, severity="warning" if severity == "warning" else "error")
        speakers = schema.roles.speakers
        speaker_spec = schema.fields.get(speakers)
        if speakers in metadata and (
            speaker_spec is None or speaker_spec.ref is None
        ):  # references: by their names
            self.speakers_in_body(speakers, metadata[speakers])
        for key in RESERVED_KEYS:
            if key in metadata:
                self.add(
                    "reserved-key",
                    key,
                    f"'{key}' is a name python-frontmatter keeps for itself: frontmatter.load() of "
                    "this file fails with a TypeError; rename the field",
                    at_value=False,
                    severity="warning",
                )
        fm_text = self.article.front_matter_text
        if may_hold_control(fm_text) or _one_line_block(fm_text, schema):
            found = mapping_controls(metadata, schema.fields)
            for path, ch in itertools.islice(found, _MAX_CONTROL_REPORTS):
                self.control_character(path, ch)

    def walk_fields(self) -> None:
        """Every field's diagnostics (in the schema's order), then the unknown keys'."""
        metadata = self.article.metadata
        schema = self.schema
        for name, spec in schema.fields.items():
            self.field(name, spec, metadata, name in metadata, metadata.get(name), parent=None)
        if REVIEW_FIELD in metadata and REVIEW_FIELD not in schema.fields:  # the workflow's own field
            self.field(REVIEW_FIELD, _review_spec(), metadata, True, metadata[REVIEW_FIELD], parent=None)
        if schema.unknown_fields != "allow":
            known = schema.fields
            for key in metadata:
                if key not in known and key != REVIEW_FIELD:
                    self.unknown(key, key, list(known), None)

    def fields_clean(self, plan: FieldPlan) -> bool:
        """Whether `walk_fields` would report nothing, found the quick way (`entries_clean`).
        False: the walk reports something, or may."""
        check_unknown = self.schema.unknown_fields != "allow"
        return self.entries_clean(plan, self.article.metadata, check_unknown, "")

    def entries_clean(
        self, plan: FieldPlan, mapping: dict[Any, Any], check_unknown: bool, prefix: str
    ) -> bool:
        """Whether the keys and values of ``mapping`` (the front matter, or an item at ``prefix``)
        are fine, as the walk would find them, the quick way: a value of the plain type its field
        expects (`FieldPlan`) is fine as it is; any other is checked by `value` and, should that
        report anything, dropped again: False (the walk reports it, in its order). False too for
        a missing required field or a key the schema does not know."""
        schema = self.schema
        status = self.status
        for name, spec in plan.required:
            if name not in mapping and schema.is_required(spec, status):
                return False
        plain_types = plan.plain
        for key, value in mapping.items():
            plain = plain_types.get(key)
            if plain is None:
                if check_unknown:
                    return False
                continue
            cls = type(value)
            if cls in plain and (cls is not str or value.strip()):
                continue  # a value of the expected plain type: nothing to report
            spec, how = plan.tests[key]
            if how == _STR_LIST:
                if cls is list and value and _ONLY_STR.issuperset(map(type, value)):
                    continue
            elif how == _DATE:
                if cls is str and _CLEAN_DATE.fullmatch(value):
                    continue
            elif how != _OTHER and _plain_value(how, spec, value):
                continue
            if _blank(value):
                if spec.required and schema.is_required(spec, status):
                    return False
                continue
            if not self.value_clean(prefix + key, spec, value):
                return False
        return True

    def value_clean(self, path: str, spec: FieldSpec, value: Any) -> bool:
        """Whether `value` reports nothing about ``value``; what it reports is dropped again."""
        out = self.out
        before = len(out)
        self.value(path, spec, value)
        if len(out) == before:
            return True
        del out[before:]
        return False

    # -- control characters ------------------------------------------------------------

    def control_character(self, path: str, ch: str) -> None:
        pos = self.char_position(path, ch)
        message = control_message(path, ch)
        self.out.append(Problem("control-character", message, pos.line, pos.column, "error", path))

    def char_position(self, path: str, ch: str) -> Pos:
        """Where ``ch`` stands in the value's source text, written raw or as an escape."""
        article = self.article
        locate(article)
        loc = article.locations.get(path)
        if loc is None:
            return article.position(path)
        source = article.text[loc.start : loc.end]
        code = ord(ch)
        # A raw line break in the source is the layout of a block scalar, not the one in the value.
        spellings = [*(() if ch in "\r\n" else (ch,)), *_SHORT_ESCAPES.get(ch, ())]
        if code <= 0xFF:
            spellings += [f"\\x{code:02x}", f"\\x{code:02X}"]
        spellings += [f"\\u{code:04x}", f"\\u{code:04X}", f"\\U{code:08x}", f"\\U{code:08X}"]
        hits = [i for i in (source.find(s) for s in spellings) if i >= 0]
        if not hits:
            return loc.value
        at = loc.start + min(hits)
        text = article.text
        return Pos(text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1)

    def unknown(self, key: str, path: str, known: list[str], owner: str | None) -> None:
        severity: Severity = "error" if self.schema.unknown_fields == "error" else "warning"
        if prose_key(key):
            self.add("broken-line", path, broken_line_message(key), at_value=False, severity="error")
            return
        hint = did_you_mean(key, known)
        where = f"a key of {owner} items" if owner else "in the schema"
        message = f"unknown field '{_short(key)}': it is not {where}"
        if hint:
            message += f"; did you mean '{hint}'?"
        elif owner:
            message += f" (known: {_choices(known)})"
        else:
            message += "; remove it, or add it under [fields] in newsdesk.toml"
        self.add("unknown-field", path, message, at_value=False, severity=severity)

    def field(
        self,
        path: str,
        spec: FieldSpec,
        container: dict[str, Any],
        present: bool,
        value: Any,
        parent: str | None,
    ) -> None:
        if not present or _blank(value):
            if not self.schema.is_required(spec, self.status):
                return
            why = self.why_required(spec)
            if present:
                self.add("empty", path, f"'{path}' is blank: fill it in — {why}", at_value=False)
                return
            example = "..." if self.fmt == "yaml" else '"..."'
            if parent is None:
                where: str | None = None
                if spec.required is not True:
                    locate(self.article)  # positions are needed now: point at the status line
                    if self.schema.roles.status in self.article.locations:
                        where = self.schema.roles.status
                self.add(
                    "required",
                    path,
                    f"'{path}' is missing: add `{self.assign(path, example)}` — {why}",
                    at_value=False,
                    where=where,
                )
            else:
                self.add(
                    "required",
                    path,
                    f"'{path}' is missing: add `{self.assign(path, example)}` to this item — {why}",
                    at_value=False,
                    where=parent,
                )
            return
        self.value(path, spec, value)

    def why_required(self, spec: FieldSpec) -> str:
        if spec.required is True:
            return "it is required"
        roles = self.schema.roles
        if roles.draft_flag:
            flag = "true" if roles.status_value(str(spec.required)) else "false"
            return f"required once the article is {spec.required} ({roles.status}: {flag} or absent)"
        why = f"required once {roles.status} is {spec.required}"
        return why if self.planned else f"{why}; {roles.status} here is '{_short(self.status)}'"

    def value(self, path: str, spec: FieldSpec, value: Any) -> None:
        kind = spec.type
        if value is False and spec.allow_false:
            return
        if kind == "string_or_list":
            kind = "list" if isinstance(value, list) else "string"
            if kind == "string" and not isinstance(value, str):
                self.not_text(path, spec, value, " or a list of texts")
                return
        if kind in ("string", "text", "url"):
            if not isinstance(value, str):
                self.not_text(path, spec, value)
                return
            if kind == "url" and not URL_TEXT.fullmatch(value.strip()):
                self.add(
                    "type",
                    path,
                    f"'{path}' must be a web address starting with https:// or http://, "
                    f"not '{_short(value)}'",
                )
                return
            self.text_rules(path, spec, value)
        elif kind == "enum":
            self.enum(path, spec, value)
        elif kind == "date":
            self.date(path, value, with_time=False)
        elif kind == "datetime":
            self.date(path, value, with_time=True)
        elif kind == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                self.add("type", path, f"'{path}' must be a whole number, not {_describe(value)}")
        elif kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.add("type", path, f"'{path}' must be a number, not {_describe(value)}")
        elif kind == "boolean":
            if not isinstance(value, bool):
                hint = " (write true or false without quotes)" if isinstance(value, str) else ""
                self.add("type", path, f"'{path}' must be true or false, not {_describe(value)}{hint}")
        elif kind == "list":
            self.list(path, spec, value)
        elif kind == "object":
            if not isinstance(value, dict):
                self.add(
                    "type", path, f"'{path}' must be a mapping of keys to values, not {_describe(value)}"
                )
                return
            self.mapping(path, spec, value)

    def not_text(self, path: str, spec: FieldSpec, value: Any, also: str = "") -> None:
        source = self.source(path) if self.is_plain(path) else None
        if (
            source is not None
            and not isinstance(value, (list, dict))
            and (
                isinstance(value, bool) or (isinstance(value, (int, float)) and source.strip() != str(value))
            )
        ):
            text = source.strip()
            self.add(
                "ambiguous-value",
                path,
                f"'{_short(text)}' is read by YAML as {_describe(value)}, not as text: quote it: "
                f'`{self.item_or_key(path)}"{_short(text)}"`',
            )
            return
        what = "a web address" if spec.type == "url" else "text"
        message = f"'{path}' must be {what}{also}, not {_describe(value)}"
        if not isinstance(value, (list, dict)):
            shown = source.strip() if source else _short(value)
            message += f': quote it: `{self.item_or_key(path)}"{_short(shown)}"`'
        self.add("type", path, message)

    def item_or_key(self, path: str) -> str:
        if path.endswith("]"):
            return "- " if self.fmt == "yaml" else ""
        return f"{_leaf(path)}: " if self.fmt == "yaml" else f"{_leaf(path)} = "

    def text_rules(self, path: str, spec: FieldSpec, value: str) -> None:
        if spec.max_length is not None and len(value) > spec.max_length:
            over = len(value) - spec.max_length
            self.add(
                "max-length",
                path,
                f"'{path}' is {len(value)} characters long; the limit is "
                f"{spec.max_length}: shorten it by {over}",
            )
        if spec.pattern is not None and not _matches(spec, value):
            hint = f" ({spec.description})" if spec.description else ""
            self.add(
                "pattern",
                path,
                f"'{path}' is '{_short(value)}', which does not match the pattern "
                f"{_short(spec.pattern, 200)}{_short(hint, 200)}",
            )

    def enum(self, path: str, spec: FieldSpec, value: Any) -> None:
        values = spec.values
        if isinstance(value, str):
            if value in spec.value_set:
                return
            hint = did_you_mean(value.strip(), values)
            message = f"'{path}' is '{_short(value)}'; use one of: {_choices(values)}"
            if hint:
                message += f" (did you mean '{hint}'?)"
            self.add("enum", path, message)
            return
        source = self.source(path) if self.is_plain(path) else None
        if source is not None and source.strip() in spec.value_set:
            text = source.strip()
            self.add(
                "ambiguous-value",
                path,
                f"'{text}' is read by YAML as {_describe(value)}, not as text: "
                f'quote it: `{self.item_or_key(path)}"{text}"`',
            )
            return
        self.add("enum", path, f"'{path}' must be one of: {_choices(values)}; not {_describe(value)}")

    def date(self, path: str, value: Any, *, with_time: bool) -> None:
        if isinstance(value, dt.date):  # a datetime is a date too
            return
        if type(value) is str and _CLEAN_DATE.fullmatch(value):  # the common case, quickly
            return
        example = (
            "YYYY-MM-DD HH:MM:SS (e.g. 2024-05-22 14:30:00+02:00)"
            if with_time
            else "YYYY-MM-DD (e.g. 2024-05-22)"
        )
        kind = "a date-time" if with_time else "a date"
        if not isinstance(value, str):
            self.add("type", path, f"'{path}' must be {kind} written {example}, not {_describe(value)}")
            return
        text = value.strip()
        match = DATETIME_TEXT.fullmatch(text) or DATE_TEXT.fullmatch(text)
        if match is None:
            self.add(
                "date", path, f"'{path}' is '{_short(text)}', which is not {kind}: write it as {example}"
            )
            return
        year, month, day = (int(g) for g in match.groups()[:3])
        problem = impossible_date(year, month, day)
        if problem is None and match.re is DATETIME_TEXT:
            hour, minute = int(match.group(4)), int(match.group(5))
            problem = impossible_time(hour, minute, int(match.group(6) or 0))
        if problem is not None:
            self.add("date", path, f"'{path}' is {text}, which is impossible: {problem}")
            return
        if len(match.group(2)) != 2 or len(match.group(3)) != 2:
            self.add(
                "date",
                path,
                f"'{path}' is {text}: write it as YYYY-MM-DD, month and day with two digits "
                f"({year:04d}-{month:02d}-{day:02d})",
            )

    def list(self, path: str, spec: FieldSpec, value: Any) -> None:
        if not isinstance(value, list):
            example = "[first, second]" if self.fmt == "yaml" else '["first", "second"]'
            self.add(
                "type",
                path,
                f"'{path}' must be a list, not {_describe(value)}: write "
                f"`{self.assign(path, example)}` or one '- item' per line",
            )
            return
        if spec.min_items is not None and len(value) < spec.min_items:
            self.add(
                "min-items",
                path,
                f"'{path}' has {len(value)} item{'s' if len(value) != 1 else ''}; "
                f"it needs at least {spec.min_items}",
                at_value=False,
            )
        if spec.items == "object":
            seen: dict[str, int] = {}
            roles = self.schema.roles
            # Attendees and speakers name people by the site's person key; other lists by 'name'.
            name_key = roles.person_key("name") if path in roles.people_fields else "name"
            has_name = not spec.fields or name_key in spec.fields
            for i, item in enumerate(value):
                item_path = f"{path}[{i}]"
                if not isinstance(item, dict):
                    if item is None:
                        self.add(
                            "type", item_path, f"'{item_path}' is an empty item: fill it in or remove it"
                        )
                    else:
                        self.add(
                            "type",
                            item_path,
                            f"'{item_path}' must be a mapping "
                            f"({self.item_example(spec)}), not {_describe(item)}",
                        )
                    continue
                self.mapping(item_path, spec, item)
                name = item.get(name_key) if has_name else None
                if isinstance(name, str) and name.strip():
                    key = " ".join(name.split()).casefold()
                    if key in seen:
                        first = seen[key]
                        self.add(
                            "duplicate-person",
                            f"{item_path}.{name_key}",
                            f"'{_short(name.strip())}' is listed twice in {path} (also {path}[{first}]): "
                            "remove one",
                        )
                    else:
                        seen[key] = i
        else:
            for i, item in enumerate(value):
                if type(item) is str:
                    continue
                item_path = f"{path}[{i}]"
                if item is None:
                    self.add(
                        "empty",
                        item_path,
                        f"'{item_path}' is an empty item: fill it in or remove it",
                        at_value=False,
                    )
                elif not isinstance(item, str):
                    self.not_text(item_path, FieldSpec(name=_leaf(path), type="string"), item)

    def item_example(self, spec: FieldSpec) -> str:
        keys = [group[0] for group in spec.required_one_of if group] or list(spec.fields)[:1]
        if not keys:
            return "key: value pairs"
        sep = " = " if self.fmt == "toml" else ": "
        return ", ".join(f"{k}{sep}..." for k in keys)

    def mapping(self, path: str, spec: FieldSpec, value: dict[str, Any]) -> None:
        if self.mapping_clean(path, spec, value):
            return
        for group in spec.required_one_of:
            for k in group:
                if not _blank(value.get(k)):
                    break
            else:
                keys = " or ".join(f"'{k}'" for k in group)
                self.add(
                    "required-one-of",
                    path,
                    f"'{path}' needs {'one of ' if len(group) > 1 else ''}{keys}: add "
                    f"`{group[0]}{' = ' if self.fmt == 'toml' else ': '}...`",
                    at_value=False,
                )
        fields = spec.fields
        if not fields:
            return
        required, plain_text = _plan(spec)
        for name in required:
            self.field(f"{path}.{name}", fields[name], value, name in value, value.get(name), parent=path)
        check_unknown = self.schema.unknown_fields != "allow"
        for key, item in value.items():
            sub = fields.get(key)
            if sub is None:
                if check_unknown:
                    key_text = str(key)
                    owner = _leaf(path) if not path.endswith("]") else path[: path.rindex("[")]
                    self.unknown(key_text, f"{path}.{key_text}", list(fields), owner)
            elif key in required or (key in plain_text and type(item) is str) or _blank(item):
                continue  # checked above / nothing to check / blank and optional
            else:
                self.value(f"{path}.{key}", sub, item)

    def mapping_clean(self, path: str, spec: FieldSpec, value: dict[str, Any]) -> bool:
        """Whether `mapping` would report nothing, found the quick way (`entries_clean`)."""
        for group in spec.required_one_of:
            for k in group:
                if not _blank(value.get(k)):
                    break
            else:
                return False
        if not spec.fields:
            return True
        plan = _entry_plan(spec)
        text_keys = plan.text_keys
        if (
            text_keys is not None
            and text_keys.issuperset(value)
            and _ONLY_STR.issuperset(map(type, value.values()))
        ):
            return True  # known keys, each an optional one-line or multi-line text, all texts
        return self.entries_clean(plan, value, self.schema.unknown_fields != "allow", f"{path}.")

    def speakers_in_body(self, field: str, speakers: Any, *, some_named: bool = False) -> None:
        article = self.article
        if not isinstance(speakers, list) or article.read_only or not article.body.strip():
            return
        if some_named and not any(
            isinstance(n, str) and n.strip() and _named_in(n, article.body) for n in speakers
        ):
            return  # a body that names none of its speakers is about something else
        text = article.body
        body: str | None = None
        squeezed: str | None = None
        name_key = self.schema.roles.person_key("name")
        for i, raw in enumerate(speakers):
            name = raw.get(name_key) if isinstance(raw, dict) else raw
            if not isinstance(name, str) or not name.strip():
                continue
            if name.strip() in text:
                continue  # as written, so also case-folded (case folding goes letter by letter)
            if body is None:
                body = text.casefold()
            needle = name.strip().casefold()
            if needle in body:
                continue
            # Names may be wrapped across lines in the body.
            if squeezed is None:
                squeezed = " ".join(body.split())
            needle = " ".join(needle.split())
            if needle in squeezed:
                continue
            path = f"{field}[{i}].{name_key}" if isinstance(raw, dict) else f"{field}[{i}]"
            self.add(
                "speaker-not-in-body",
                path,
                f"speaker '{_short(' '.join(name.split()))}' is never named in the body: check the "
                "spelling in both places",
                severity="warning",
            )


def _named_in(name: str, body: str) -> bool:
    return " ".join(name.split()).casefold() in " ".join(body.casefold().split())


def speaker_problems(article: Article, schema: Schema, field: str, names: list[str | None]) -> list[Problem]:
    """``speaker-not-in-body`` for speakers given by reference: ``names`` are their profiles'
    names, in the field's order. Checked only when the body names at least one of them."""
    out: list[Problem] = []
    _Checker(article, schema, out).speakers_in_body(field, names, some_named=True)
    return out


_ONE_LINE_ITEM = FieldSpec(name="item", type="string")

#: A "key" this long, or of this many words, is prose: a paragraph whose indentation broke.
PROSE_KEY_CHARS = 80
PROSE_KEY_WORDS = 6


def prose_key(key: str) -> bool:
    """Whether ``key`` is text read as a field name (a mis-indented line of a paragraph)."""
    return len(key) > PROSE_KEY_CHARS or len(key.split()) >= PROSE_KEY_WORDS


def broken_line_message(key: str) -> str:
    return (
        f"'{_short(key)}' is read as a field name but is text: a line whose indentation broke "
        "(indent it under the field it continues, or quote the value)"
    )


# -- control characters: the rule (validate reports it, edit mode and `set` refuse it) ------------


def mapping_controls(
    mapping: dict[Any, Any], fields: dict[str, FieldSpec] | None, prefix: str = "", depth: int = 0
) -> Iterator[tuple[str, str]]:
    """``(field path, character)`` for each string value in ``mapping`` that holds a control
    character (`value_controls`); ``fields`` describe its keys."""
    for key, value in mapping.items():
        name = str(key)
        path = f"{prefix}.{name}" if prefix else name
        spec = fields.get(name) if fields else None
        yield from value_controls(path, spec, value, depth)


def value_controls(
    path: str, spec: FieldSpec | None, value: Any, depth: int = 0
) -> Iterator[tuple[str, str]]:
    """``(field path, character)`` for each string in ``value`` (the value at ``path``, described
    by ``spec``) that holds a control or invisible layout character, or a line break or tab
    where the schema says one line of text (every type but ``text``; a field the schema does not
    know may be multi-line text). Nine levels deep at most."""
    if depth > 8:
        return
    if isinstance(value, str):
        # A block scalar's final newline ('title: >') is not part of a one-line value.
        one_line = spec is not None and spec.type != "text"
        # A carriage return in multi-line text is a line ending (CRLF), not a control character.
        text = value.rstrip("\r\n") if one_line else value.replace("\r", "")
        found = has_control(text, allow_newlines=not one_line)
        if found is not None:
            yield path, found.group()
    elif isinstance(value, list):
        item_spec: FieldSpec | None = None
        if spec is not None and spec.type in ("list", "string_or_list") and spec.items != "object":
            item_spec = _ONE_LINE_ITEM
        for i, item in enumerate(value):
            if isinstance(item, dict):
                sub = spec.fields if spec is not None else None
                yield from mapping_controls(item, sub, f"{path}[{i}]", depth + 1)
            else:
                yield from value_controls(f"{path}[{i}]", item_spec, item, depth + 1)
    elif isinstance(value, dict):
        yield from mapping_controls(value, spec.fields if spec else None, path, depth + 1)


def control_message(path: str, ch: str) -> str:
    """What is wrong with the control character ``ch`` in the value at ``path``, and what to do."""
    if ch in "\r\n":
        return f"'{path}' is one line of text but holds a line break: join the lines"
    if ch == "\t":
        return f"'{path}' is one line of text but holds a tab: use a space"
    return (
        f"'{path}' holds {describe_char(ch)}, an invisible character that terminals act "
        "on or show differently: remove it"
    )


_ONE_LINE_NAMES: dict[int, tuple[Schema, frozenset[str]]] = {}


def _one_line_block(fm_text: str, schema: Schema) -> bool:
    """Whether a YAML block scalar may hold a line break where one line of text is expected.

    (Most block scalars are a ``summary: >-``: walking every value for them would cost a
    sixth of a clean file's check.)
    """
    if "|" not in fm_text and ">" not in fm_text:
        return False
    names: frozenset[str] | None = None
    for match in _block_indicators(fm_text):
        start = match.start()
        before = fm_text[fm_text.rfind("\n", 0, start) + 1 : start].strip()
        if before.startswith("-"):
            before = before[1:].lstrip()
        if not before:
            return True  # a list item: maybe a tag, one line of text
        if not before.endswith(":"):
            continue  # 'a > b' in a plain value
        if names is None:
            names = _one_line_names(schema)
        if before[:-1].strip().strip("'\"") in names:
            return True
    return False


#: After this many ``|`` or ``>`` in one front matter, `_block_indicators` leaves the rest to `re`.
_INDICATOR_TRIES = 12


def _block_indicators(fm_text: str) -> Iterator[re.Match[str]]:
    """``_BLOCK_INDICATOR.finditer(fm_text)``, sooner: the pattern is tried only where a ``|``
    or ``>`` is (found with ``memchr``; a front matter has few), not searched for along the text
    (`re` looks at every character for one)."""
    pos = 0
    bar = fm_text.find("|")
    gt = fm_text.find(">")
    for _ in range(_INDICATOR_TRIES):
        if bar < 0 and gt < 0:
            return
        at = bar if gt < 0 or 0 <= bar < gt else gt
        match = _BLOCK_INDICATOR.match(fm_text, at)
        if match is None:
            pos = at + 1
        else:
            yield match
            pos = match.end()
        if 0 <= bar < pos:
            bar = fm_text.find("|", pos)
        if 0 <= gt < pos:
            gt = fm_text.find(">", pos)
    yield from _BLOCK_INDICATOR.finditer(fm_text, pos)


def _one_line_names(schema: Schema) -> frozenset[str]:
    """The names of every field, at any depth, that is not multi-line text."""
    cached = _ONE_LINE_NAMES.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    names: set[str] = set()
    stack = list(schema.fields.values())
    while stack:
        spec = stack.pop()
        if spec.type != "text":
            names.add(spec.name)
        stack.extend(spec.fields.values())
    if len(_ONE_LINE_NAMES) > 64:
        _ONE_LINE_NAMES.clear()
    _ONE_LINE_NAMES[id(schema)] = (schema, frozenset(names))
    return _ONE_LINE_NAMES[id(schema)][1]


# -- the quick look at each field (`_Checker.fields_clean`) -----------------------------------

#: How `_Checker.entries_clean` looks at a value not of its field's plain type: a list of texts, a
#: date as text, or `_plain_value` for the others (`_OTHER`: it does not; `_Checker.value` does).
_OTHER, _TEXT_RULES, _URL, _ENUM, _DATE, _STR_LIST = range(6)
_ONLY_STR = frozenset({str})
#: A date or date-time `_Checker.date` has nothing to say about: ``YYYY-MM-DD`` with two-digit
#: month and day, a day every month of every year has (so the 29th of February is left to the
#: general check), a year after 0, and optionally a time of day (hours to 23, minutes and seconds
#: to 59) and an offset, written as `DATETIME_TEXT` takes them, with ASCII digits only.
_CLEAN_DATE = re.compile(
    r"(?!0000)[0-9]{4}-"
    r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
    r"(?:(?:[Tt]|[ \t]+)(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]+)?)?"
    r"[ \t]*(?:Z|z|[+-][0-9]{1,2}(?::?[0-9]{2})?)?)?"
)


class FieldPlan:
    """How `_Checker.entries_clean` looks at the keys and values of a mapping: the front matter
    (`field_plan`, once per schema) or an object or list item (`_entry_plan`, once per field).

    ``plain``: for each known key, the plain types of its value (text, a whole number, a date...):
    one of them, not blank, has nothing to report. ``tests``: for each known key, its spec and how
    `_Checker.entries_clean` looks at another value (`_STR_LIST`...). ``required``: the fields
    that may be required. ``text_keys``: the keys when each is an optional text without a length
    limit or pattern (a mapping of some of them, each a text, has nothing to report), else None.
    """

    __slots__ = ("plain", "required", "tests", "text_keys")

    def __init__(self, fields: dict[str, FieldSpec], more: dict[str, FieldSpec] | None = None) -> None:
        every = {**fields, **more} if more else fields
        tests = {name: _field_test(spec) for name, spec in every.items()}
        self.plain: dict[str, frozenset[type]] = {name: test[0] for name, test in tests.items()}
        self.tests: dict[str, tuple[FieldSpec, int]] = {
            name: (every[name], test[1]) for name, test in tests.items()
        }
        self.required = tuple((name, spec) for name, spec in fields.items() if spec.required)
        all_text = all(
            spec.type in ("string", "text") and not spec.required and self.plain[name] == _ONLY_STR
            for name, spec in every.items()
        )
        self.text_keys = frozenset(every) if all_text else None


def _field_test(spec: FieldSpec) -> tuple[frozenset[type], int]:
    """``(plain types, how)`` for `FieldPlan`."""
    kind = spec.type
    rules = spec.max_length is not None or spec.pattern is not None
    plain: frozenset[type] = frozenset()
    how = _OTHER
    if kind in ("string", "text", "string_or_list"):
        if rules:
            how = _TEXT_RULES if kind != "string_or_list" else _OTHER
        else:
            plain = frozenset({str})
            if kind == "string_or_list" and spec.items != "object" and spec.min_items is None:
                how = _STR_LIST
    elif kind == "url":
        how = _OTHER if rules else _URL
    elif kind == "enum":
        how = _ENUM
    elif kind in ("date", "datetime"):
        plain, how = frozenset({dt.date, dt.datetime}), _DATE
    elif kind == "integer":
        plain = frozenset({int})
    elif kind == "number":
        plain = frozenset({int, float})
    elif kind == "boolean":
        plain = frozenset({bool})
    elif kind == "list" and spec.items != "object" and spec.min_items is None:
        how = _STR_LIST
    return plain, how


def _plain_value(how: int, spec: FieldSpec, value: Any) -> bool:
    """Whether ``value`` is a text the field (an enum, a web address or a text with a length
    limit or a pattern: ``how``) takes as it is: `_Checker.field` has nothing to say about it.
    False when a closer look is needed (a blank text among them)."""
    if type(value) is not str or not value.strip():
        return False
    if how == _ENUM:
        return value in spec.value_set
    if how == _URL:
        return URL_TEXT.fullmatch(value.strip()) is not None
    if how == _TEXT_RULES:
        return (spec.max_length is None or len(value) <= spec.max_length) and (
            spec.pattern is None or _matches(spec, value)
        )
    return False


_FIELD_PLANS: dict[int, tuple[Schema, FieldPlan]] = {}


def field_plan(schema: Schema) -> FieldPlan:
    """The `FieldPlan` of ``schema``'s top-level fields (and ``review``, the workflow's own field,
    always known). Cached by identity: schemas are immutable and few; the schema is kept alive
    with its plan."""
    cached = _FIELD_PLANS.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    more = None if REVIEW_FIELD in schema.fields else {REVIEW_FIELD: _review_spec()}
    plan = FieldPlan(schema.fields, more)
    if len(_FIELD_PLANS) > 64:
        _FIELD_PLANS.clear()
    _FIELD_PLANS[id(schema)] = (schema, plan)
    return plan


_ENTRY_PLANS: dict[int, tuple[FieldSpec, FieldPlan]] = {}


def _entry_plan(spec: FieldSpec) -> FieldPlan:
    """The `FieldPlan` of the keys of ``spec``'s mappings (an object, or a list's items). Cached
    by identity, as `_plan`."""
    cached = _ENTRY_PLANS.get(id(spec))
    if cached is not None and cached[0] is spec:
        return cached[1]
    plan = FieldPlan(spec.fields)
    if len(_ENTRY_PLANS) > 256:
        _ENTRY_PLANS.clear()
    _ENTRY_PLANS[id(spec)] = (spec, plan)
    return plan


_PLANS: dict[int, tuple[FieldSpec, frozenset[str], frozenset[str]]] = {}
#: pattern -> {value: whether the pattern finds it}: the same values (a language, a section)
#: come back in file after file, and each RE2 search costs microseconds through its wrapper.
_MATCHED: dict[str, dict[str, bool]] = {}
_MATCHED_LIMIT = 4096


def _matches(spec: FieldSpec, value: str) -> bool:
    """Whether ``spec``'s pattern is found in ``value`` (remembered per pattern and value)."""
    assert spec.pattern is not None
    seen = _MATCHED.get(spec.pattern)
    if seen is None:
        if len(_MATCHED) > 256:
            _MATCHED.clear()
        seen = _MATCHED[spec.pattern] = {}
    found = seen.get(value)
    if found is None:
        regex = spec.regex
        found = regex is not None and regex.search(value) is not None
        if len(seen) < _MATCHED_LIMIT:
            seen[value] = found
    return found


def _plan(spec: FieldSpec) -> tuple[frozenset[str], frozenset[str]]:
    """For the sub-fields of ``spec``: the ones that may be required, and plain text ones.

    (Cached by identity: schemas are immutable and few; the spec is kept alive with its plan.)
    """
    cached = _PLANS.get(id(spec))
    if cached is not None and cached[0] is spec:
        return cached[1], cached[2]
    required = frozenset(name for name, sub in spec.fields.items() if sub.required)
    plain_text = frozenset(
        name
        for name, sub in spec.fields.items()
        if sub.type in ("string", "text") and sub.max_length is None and sub.pattern is None
    )
    if len(_PLANS) > 256:
        _PLANS.clear()
    _PLANS[id(spec)] = (spec, required, plain_text)
    return required, plain_text
