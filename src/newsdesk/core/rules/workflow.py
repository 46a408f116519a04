"""The review workflow: who moved an article between statuses, when, and whether they may.

A site's ``newsdesk.toml`` describes its workflow in a ``[workflow]`` table (all optional)::

    [workflow]
    status = "status"                    # the status field (default: the status role)
    moves = ["draft -> review", "review -> approved", "approved -> published",
             "review -> draft", "approved -> draft"]
    forced_moves = ["published -> draft"]   # allowed only with --force
    self_approval = true                 # false: the byline or the last submitter may not approve

    [workflow.verdicts]                  # the status each verdict moves an article to
    submitted = "review"
    approved = "approved"
    changes-requested = "draft"
    published = "published"

This module is the workflow's settings (`Workflow`, read by the schema) and an article's review
history (`history`, read by the index and validate): pure, no I/O. Giving a verdict (`plan_move`,
`apply_verdict`, `reviewer_name`) is `newsdesk.core.review.verdicts`, which is built on the schema,
validate and the save; keeping it apart is what lets the schema import this module without a
circle.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from newsdesk.core.model.record import Record

_set = object.__setattr__

#: The front-matter field that holds the review history.
REVIEW_FIELD = "review"
#: The verdicts, in the order a review usually goes.
VERDICTS: tuple[str, ...] = ("submitted", "approved", "changes-requested", "published")
#: The command (CLI and palette) for each verdict.
COMMAND_OF: dict[str, str] = {
    "submitted": "submit",
    "approved": "approve",
    "changes-requested": "request-changes",
    "published": "publish",
}
VERDICT_OF: dict[str, str] = {command: verdict for verdict, command in COMMAND_OF.items()}

DEFAULT_MOVES: tuple[tuple[str, str], ...] = (
    ("draft", "review"),
    ("review", "approved"),
    ("approved", "published"),
    ("review", "draft"),
    ("approved", "draft"),
)
DEFAULT_FORCED: tuple[tuple[str, str], ...] = (("published", "draft"),)
DEFAULT_TARGETS: dict[str, str] = {
    "submitted": "review",
    "approved": "approved",
    "changes-requested": "draft",
    "published": "published",
}
#: A note longer than this is refused (a review note is a paragraph, not an article).
MAX_NOTE = 4000

_TABLE_KEYS = ("status", "moves", "forced_moves", "self_approval", "verdicts")
_MOVE = re.compile(r"\s*([^\s>-][^>]*?)\s*->\s*([^\s>-][^>]*?)\s*")


#: What ``newsdesk init`` writes: the default workflow, explained.
DEFAULT_WORKFLOW_TOML = """\
# The review workflow. Each verdict (newsdesk submit | approve | request-changes | publish, or
# the keys u, a, x, P in the app) moves an article's status and appends one entry
# {by, at, verdict, note} to its `review` list. Delete this table to keep these defaults.
[workflow]
# The status field (default: the status role, [articles.roles] status).
# status = "status"
# The moves allowed between statuses ("from -> to"); any other move is refused.
moves = [
  "draft -> review",         # submit
  "review -> approved",      # approve
  "approved -> published",   # publish
  "review -> draft",         # request changes
  "approved -> draft",       # request changes
]
# Moves allowed only when forced (newsdesk request-changes --force).
forced_moves = ["published -> draft"]
# false: the byline, or whoever last submitted the article, may not approve it.
self_approval = true

# The status each verdict moves an article to.
[workflow.verdicts]
submitted = "review"
approved = "approved"
changes-requested = "draft"
published = "published"
"""


class Workflow(Record):
    """Which status moves are allowed, and which status each verdict moves to.

    (A frozen value written out, not a dataclass: see `newsdesk.core.model.record`.)"""

    _fields = ("statuses", "moves", "forced", "targets", "self_approval", "status_field")
    statuses: tuple[str, ...]
    moves: frozenset[tuple[str, str]]
    forced: frozenset[tuple[str, str]]
    targets: Mapping[str, str]
    self_approval: bool
    status_field: str | None  # None: the schema's status role

    def __init__(
        self,
        statuses: tuple[str, ...],
        moves: frozenset[tuple[str, str]],
        forced: frozenset[tuple[str, str]] = frozenset(),
        targets: Mapping[str, str] | None = None,
        self_approval: bool = True,
        status_field: str | None = None,
    ) -> None:
        _set(self, "statuses", statuses)
        _set(self, "moves", moves)
        _set(self, "forced", forced)
        _set(self, "targets", {} if targets is None else targets)
        _set(self, "self_approval", self_approval)
        _set(self, "status_field", status_field)

    def target(self, verdict: str) -> str | None:
        """The status ``verdict`` moves an article to, or None when this site has no such step."""
        return self.targets.get(verdict)

    def allowed_from(self, status: str) -> list[str]:
        return [b for a, b in sorted(self.moves, key=lambda m: self._rank(m[1])) if a == status]

    def _rank(self, status: str) -> int:
        return self.statuses.index(status) if status in self.statuses else len(self.statuses)

    def move_text(self) -> list[str]:
        return [
            f"{a} -> {b}" for a, b in sorted(self.moves, key=lambda m: (self._rank(m[0]), self._rank(m[1])))
        ]


def default_workflow(statuses: Sequence[str], *, draft_flag: bool = False) -> Workflow:
    """The issue's default moves, kept to those whose statuses this site has."""
    have = set(statuses)
    moves = {m for m in DEFAULT_MOVES if m[0] in have and m[1] in have}
    if draft_flag:  # a boolean draft flag: draft and published only
        moves.add(("draft", "published"))
    forced = {m for m in DEFAULT_FORCED if m[0] in have and m[1] in have}
    targets = {v: s for v, s in DEFAULT_TARGETS.items() if s in have}
    return Workflow(tuple(statuses), frozenset(moves), frozenset(forced), targets)


def workflow_from_table(
    table: Mapping[str, Any], statuses: Sequence[str], *, draft_flag: bool = False
) -> Workflow:
    """Build a `Workflow` from a ``[workflow]`` table; `ValueError` names a bad entry."""
    unknown = sorted(set(table) - set(_TABLE_KEYS))
    if unknown:
        raise ValueError(f"workflow: unknown setting {unknown[0]!r} (known: {', '.join(_TABLE_KEYS)})")
    base = default_workflow(statuses, draft_flag=draft_flag)
    status_field = table.get("status")
    if status_field is not None and (not isinstance(status_field, str) or not status_field):
        raise ValueError("workflow.status must be a field name")

    def moves_of(key: str, default: frozenset[tuple[str, str]]) -> frozenset[tuple[str, str]]:
        raw = table.get(key)
        if raw is None:
            return default
        if not isinstance(raw, list) or not all(isinstance(m, str) for m in raw):
            raise ValueError(f'workflow.{key} must be a list like ["draft -> review"]')
        out = set()
        for text in raw:
            m = _MOVE.fullmatch(text)
            if m is None:
                raise ValueError(f'workflow.{key}: {text!r} is not a move like "draft -> review"')
            for status in m.groups():
                if status not in statuses:
                    raise ValueError(
                        f"workflow.{key}: {status!r} in {text!r} is not a status ({', '.join(statuses)})"
                    )
            out.add((m.group(1), m.group(2)))
        return frozenset(out)

    moves = moves_of("moves", base.moves)
    forced = moves_of("forced_moves", base.forced)
    targets = dict(base.targets)
    verdicts = table.get("verdicts", {})
    if not isinstance(verdicts, dict):
        raise ValueError("[workflow.verdicts] must be a table: verdict = status")
    for verdict, status in verdicts.items():
        if verdict not in VERDICTS:
            raise ValueError(f"workflow.verdicts: unknown verdict {verdict!r} (known: {', '.join(VERDICTS)})")
        if not isinstance(status, str) or status not in statuses:
            raise ValueError(
                f"workflow.verdicts.{verdict} must be one of the statuses ({', '.join(statuses)}), not {status!r}"
            )
        targets[verdict] = status
    self_approval = table.get("self_approval", True)
    if not isinstance(self_approval, bool):
        raise ValueError("workflow.self_approval must be true or false")
    return Workflow(tuple(statuses), moves, forced, targets, self_approval, status_field)


# -- the history -------------------------------------------------------------------------------


class Verdict(Record):
    """One entry of an article's ``review`` list (``index`` is its place in the list)."""

    __slots__ = ("at", "at_text", "by", "index", "note", "verdict")
    _fields = ("index", "by", "verdict", "at", "at_text", "note")
    index: int
    by: str
    verdict: str
    at: dt.datetime | None
    at_text: str
    note: str

    def __init__(
        self, index: int, by: str, verdict: str, at: dt.datetime | None, at_text: str, note: str
    ) -> None:
        _set(self, "index", index)
        _set(self, "by", by)
        _set(self, "verdict", verdict)
        _set(self, "at", at)
        _set(self, "at_text", at_text)
        _set(self, "note", note)

    def as_dict(self) -> dict[str, Any]:
        return {"by": self.by, "at": self.at_text, "verdict": self.verdict, "note": self.note}


def _as_datetime(value: object) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def text_of(value: object) -> str:
    """A review entry's value as one stripped text ('' for nothing, a list or a table)."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value).strip()


def _note_text(value: object) -> str:
    return value.strip() if isinstance(value, str) else text_of(value)


def history(metadata: Mapping[str, Any]) -> list[Verdict]:
    """The article's review entries, oldest first (as written); entries that are not mappings are skipped."""
    raw = metadata.get(REVIEW_FIELD)
    if not isinstance(raw, list):
        return []
    out: list[Verdict] = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            continue
        at = item.get("at")
        out.append(
            Verdict(
                index=i,
                by=text_of(item.get("by")),
                verdict=text_of(item.get("verdict")),
                at=_as_datetime(at),
                at_text=text_of(at),
                note=_note_text(item.get("note")),
            )
        )
    return out


def last_verdict(metadata: Mapping[str, Any]) -> Verdict | None:
    entries = history(metadata)
    return entries[-1] if entries else None


def last_request(metadata: Mapping[str, Any]) -> Verdict | None:
    """The latest ``submitted`` entry: who asked for review, and when."""
    for entry in reversed(history(metadata)):
        if entry.verdict == "submitted":
            return entry
    return None


def waited(since: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """How long ago ``since`` was, for a person: ``5m``, ``3h``, ``2d``, ``6w``; ``?`` when unknown."""
    if since is None:
        return "?"
    now = now or dt.datetime.now(dt.UTC)
    if since.tzinfo is None:
        since = since.astimezone()  # a time without offset: the local time zone
    if now.tzinfo is None:
        now = now.astimezone()
    seconds = (now - since).total_seconds()
    if seconds < 0:
        return "now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes}m"
    hours = minutes // 60
    if hours < 48:
        return f"{hours}h"
    days = hours // 24
    if days < 14:
        return f"{days}d"
    if days < 730:
        return f"{days // 7}w"
    return f"{days // 365}y"


# -- notes -----------------------------------------------------------------------------------


def clean_note(note: str | None) -> str:
    """A note as it is stored: line ends made ``\\n``, control characters dropped, ends trimmed."""
    if not note:
        return ""
    text = note.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    from newsdesk.core.model.textsafe import FORMAT_CHARS

    text = re.sub(f"[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff{FORMAT_CHARS}]", "", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n").strip()
