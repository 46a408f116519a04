"""The article model: one Markdown file with YAML or TOML front matter.

An `Article` is plain data about one file as it was read: the decoded text (kept whole, so that
saving can splice edits into it without touching other bytes), where the front matter and body
stand in it, the parsed metadata, where every key and list item stands (1-based line and column),
the problems met while reading, and a fingerprint of the bytes (for conflict detection).

Reading never raises on bad content; see `newsdesk.core.reader`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from newsdesk.core.problems import Problem

Format = Literal["yaml", "toml"]


@dataclass(frozen=True, slots=True)
class Pos:
    """A 1-based line and column in the file."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class FieldLoc:
    """Where one key (or list item) and its value stand in the file.

    ``start``/``end`` are offsets into `Article.text` of the value's source text; ``plain`` is true
    when the value was an unquoted YAML scalar (used to catch YAML 1.1 traps like ``on``).
    For a list item, ``key`` is the item's own position.
    """

    key: Pos
    value: Pos
    start: int
    end: int
    plain: bool = False


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a file was read from: compared before saving to detect changes on disk."""

    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True, slots=True)
class Person:
    """One attendee or speaker entry. A group (``group:``) stands for several people."""

    index: int
    name: str | None = None
    role: str | None = None
    organization: str | None = None
    topic: str | None = None
    group: str | None = None

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


@dataclass(eq=False)
class Article:
    """One article file as read from disk."""

    path: Path
    format: Format | None
    metadata: dict[str, Any]
    body: str
    text: str = ""
    bom: bool = False
    newline: str = "\n"
    fm_start: int = 0
    fm_end: int = 0
    body_start: int = 0
    fm_line: int = 2
    locations: dict[str, FieldLoc] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    fingerprint: Fingerprint | None = None
    #: True when the file could not be read losslessly (too large, binary, not a file);
    #: such an article is shown but never saved.
    read_only: bool = False
    #: The YAML front matter's node tree, kept by a read with ``locations=False`` until
    #: `newsdesk.core.reader.locate` works out positions from it (or the article is dropped).
    yaml_node: Any = field(default=None, init=False, repr=False)

    # Typed views (title, date, byline, status, people...) depend on the site's field roles:
    # ``schema.roles.view(article)`` (`newsdesk.core.roles.RoleView`).

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
