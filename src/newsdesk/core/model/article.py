"""The article model: one Markdown file with YAML or TOML front matter.

An `Article` is plain data about one file as it was read: the decoded text (kept whole, so that
saving can splice edits into it without touching other bytes), where the front matter and body
stand in it, the parsed metadata, where every key and list item stands (1-based line and column),
the problems met while reading, and a fingerprint of the bytes (for conflict detection).

Reading never raises on bad content; see `newsdesk.core.read.reader`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from newsdesk.core.model.problems import Problem
from newsdesk.core.model.record import Record

Format = Literal["yaml", "toml"]
_set = object.__setattr__

# Plain classes, not dataclasses: `newsdesk validate ONE.md` imports this module and should not
# pay for `dataclasses` (see `newsdesk.core.model.record`). Each behaves as the frozen dataclass it was.


class Pos(Record):
    """A 1-based line and column in the file."""

    __slots__ = ("column", "line")
    _fields = ("line", "column")
    line: int
    column: int

    def __init__(self, line: int, column: int) -> None:
        _set(self, "line", line)
        _set(self, "column", column)


class FieldLoc(Record):
    """Where one key (or list item) and its value stand in the file.

    ``start``/``end`` are offsets into `Article.text` of the value's source text; ``plain`` is true
    when the value was an unquoted YAML scalar (used to catch YAML 1.1 traps like ``on``).
    For a list item, ``key`` is the item's own position.
    """

    __slots__ = ("end", "key", "plain", "start", "value")
    _fields = ("key", "value", "start", "end", "plain")
    key: Pos
    value: Pos
    start: int
    end: int
    plain: bool

    def __init__(self, key: Pos, value: Pos, start: int, end: int, plain: bool = False) -> None:
        _set(self, "key", key)
        _set(self, "value", value)
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "plain", plain)


class Fingerprint(Record):
    """What a file was read from: compared before saving to detect changes on disk."""

    __slots__ = ("mtime_ns", "sha256", "size")
    _fields = ("size", "mtime_ns", "sha256")
    size: int
    mtime_ns: int
    sha256: str

    def __init__(self, size: int, mtime_ns: int, sha256: str) -> None:
        _set(self, "size", size)
        _set(self, "mtime_ns", mtime_ns)
        _set(self, "sha256", sha256)


class Person(Record):
    """One attendee or speaker entry. A group (``group:``) stands for several people."""

    __slots__ = ("group", "index", "name", "organization", "role", "topic")
    _fields = ("index", "name", "role", "organization", "topic", "group")
    index: int
    name: str | None
    role: str | None
    organization: str | None
    topic: str | None
    group: str | None

    def __init__(
        self,
        index: int,
        name: str | None = None,
        role: str | None = None,
        organization: str | None = None,
        topic: str | None = None,
        group: str | None = None,
    ) -> None:
        _set(self, "index", index)
        _set(self, "name", name)
        _set(self, "role", role)
        _set(self, "organization", organization)
        _set(self, "topic", topic)
        _set(self, "group", group)

    @property
    def is_group(self) -> bool:
        return self.name is None and self.group is not None

    @property
    def label(self) -> str:
        return self.name or self.group or "(unnamed)"

    @classmethod
    def from_value(cls, index: int, value: object) -> Person:
        if isinstance(value, dict):

            def get(key: str) -> str | None:
                v = value.get(key)
                if v is None or isinstance(v, (dict, list)):
                    return None
                text = str(v).strip()
                return text or None

            return cls(
                index=index,
                name=get("name"),
                role=get("role"),
                organization=get("organization"),
                topic=get("topic"),
                group=get("group"),
            )
        if value is None or isinstance(value, list):
            return cls(index=index)
        return cls(index=index, name=str(value).strip() or None)


class Article:
    """One article file as read from disk (equal only to itself; `newsdesk.core.model.record.replace`
    copies it with changes, as `dataclasses.replace` did)."""

    _fields = (
        "path",
        "format",
        "metadata",
        "body",
        "text",
        "bom",
        "newline",
        "fm_start",
        "fm_end",
        "body_start",
        "fm_line",
        "locations",
        "problems",
        "fingerprint",
        "read_only",
    )

    def __init__(
        self,
        path: Path,
        format: Format | None,
        metadata: dict[str, Any],
        body: str,
        text: str = "",
        bom: bool = False,
        newline: str = "\n",
        fm_start: int = 0,
        fm_end: int = 0,
        body_start: int = 0,
        fm_line: int = 2,
        locations: dict[str, FieldLoc] | None = None,
        problems: list[Problem] | None = None,
        fingerprint: Fingerprint | None = None,
        read_only: bool = False,
    ) -> None:
        self.path = path
        self.format = format
        self.metadata = metadata
        self.body = body
        self.text = text
        self.bom = bom
        self.newline = newline
        self.fm_start = fm_start
        self.fm_end = fm_end
        self.body_start = body_start
        self.fm_line = fm_line
        self.locations: dict[str, FieldLoc] = {} if locations is None else locations
        self.problems: list[Problem] = [] if problems is None else problems
        self.fingerprint = fingerprint
        #: True when the file could not be read losslessly (too large, binary, not a file);
        #: such an article is shown but never saved.
        self.read_only = read_only
        #: The YAML front matter's node tree, kept by a read with ``locations=False`` until
        #: `newsdesk.core.read.reader.locate` works out positions from it (or the article is dropped).
        self.yaml_node: Any = None

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self.__class__.__qualname__}({inner})"

    # Typed views (title, date, byline, status, people...) depend on the site's field roles:
    # ``schema.roles.view(article)`` (`newsdesk.core.rules.roles.RoleView`).

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)

    # -- positions -------------------------------------------------------------------------

    def position(self, field_path: str | None) -> Pos:
        """Where ``field_path`` (``title``, ``speakers[1]``, ``speakers[1].name``) stands.

        Falls back to the nearest enclosing field that has a position, then to the first line of
        the front matter (or line 1 when there is none).
        """
        path = field_path
        while path:
            loc = self.locations.get(path)
            if loc is not None:
                return loc.key
            path = _parent_path(path)
        if self.format is None:
            return Pos(1, 1)
        return Pos(max(self.fm_line - 1, 1), 1)

    def value_position(self, field_path: str) -> Pos:
        loc = self.locations.get(field_path)
        return loc.value if loc is not None else self.position(field_path)

    @property
    def front_matter_text(self) -> str:
        return self.text[self.fm_start : self.fm_end]


def _parent_path(path: str) -> str | None:
    if path.endswith("]") and "[" in path:  # a key may end in "]" too
        return path[: path.rindex("[")] or None
    if "." in path:
        return path[: path.rindex(".")]
    return None
