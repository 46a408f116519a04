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

Each verdict is one lossless save (`apply_verdict`): the new status, and one entry
``{by, at, verdict, note}`` appended to the article's ``review`` list. `plan_move` decides whether
a move is allowed and returns the changes, or raises `MoveRefused` with the reason: a move the
workflow does not list, an article that would be invalid in the new status (fields required from
that status on), self-approval where it is off, a request for changes without a note.

Pure apart from `apply_verdict` (which saves through `newsdesk.core.save`) and `reviewer_name`
(which may ask git); never imports textual.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdesk.core.record import Record

_set = object.__setattr__

if TYPE_CHECKING:
    from newsdesk.core.article import Article
    from newsdesk.core.schema import Schema

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
#: How long `reviewer_name` waits for ``git config user.name``.
GIT_TIMEOUT = 2.0

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


class MoveRefused(Exception):
    """A verdict that may not be given; ``str()`` is the reason, for a person."""


class Workflow(Record):
    """Which status moves are allowed, and which status each verdict moves to.

    (A frozen value written out, not a dataclass: see `newsdesk.core.record`.)"""

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


def _text(value: object) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value).strip()


def _note_text(value: object) -> str:
    return value.strip() if isinstance(value, str) else _text(value)


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
                by=_text(item.get("by")),
                verdict=_text(item.get("verdict")),
                at=_as_datetime(at),
                at_text=_text(at),
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


# -- moves -------------------------------------------------------------------------------------


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def clean_note(note: str | None) -> str:
    """A note as it is stored: line ends made ``\\n``, control characters dropped, ends trimmed."""
    if not note:
        return ""
    text = note.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    from newsdesk.core.textsafe import FORMAT_CHARS

    text = re.sub(f"[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff{FORMAT_CHARS}]", "", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n").strip()


def _status_now(article: Article, schema: Schema) -> str | None:
    status = schema.roles.status_of(article.metadata)
    if status is None:
        spec = schema.fields.get(schema.roles.status)
        default = spec.default if spec is not None else None
        status = default if isinstance(default, str) else None
    return status


def _authors(article: Article, schema: Schema) -> list[tuple[str, str]]:
    """(name, why) for everyone who counts as the article's author for self-approval."""
    out: list[tuple[str, str]] = []
    byline = article.metadata.get(schema.roles.byline)
    names = byline if isinstance(byline, list) else [byline]
    for name in names:
        text = _text(name)
        if text:
            out.append((text, "the byline"))
    request = last_request(article.metadata)
    if request is not None and request.by:
        out.append((request.by, "who asked for review"))
    return out


def plan_move(
    article: Article,
    schema: Schema,
    verdict: str,
    reviewer: str,
    note: str | None = None,
    *,
    force: bool = False,
    now: dt.datetime | None = None,
) -> dict[str, object]:
    """The changes (field path -> value) that give ``verdict``; `MoveRefused` with the reason if not allowed."""
    from newsdesk.core.save import BROKEN_CODES

    if verdict not in VERDICTS:
        raise MoveRefused(f"unknown verdict {verdict!r} (known: {', '.join(VERDICTS)})")
    action = COMMAND_OF[verdict].replace("-", " ")
    workflow = schema.workflow
    roles = schema.roles
    if article.read_only or article.format is None or any(p.code in BROKEN_CODES for p in article.problems):
        why = next((p.message for p in article.problems if p.is_error), "it has no front matter")
        raise MoveRefused(f"cannot {action}: the article cannot be edited ({why})")
    target = workflow.target(verdict)
    if target is None:
        if roles.draft_flag:
            raise MoveRefused(
                f"cannot {action}: this site marks articles only as draft or published (the boolean "
                f"'{roles.status}' field); add a status field to newsdesk.toml for a review step"
            )
        raise MoveRefused(
            f"cannot {action}: the workflow has no status for '{verdict}' ([workflow.verdicts])"
        )
    current = _status_now(article, schema)
    if current is None:
        raise MoveRefused(f"cannot {action}: the article has no {roles.status}")
    if current == target:
        raise MoveRefused(f"cannot {action}: its status is already {target}")
    move = (current, target)
    if move not in workflow.moves:
        if move in workflow.forced:
            if not force:
                raise MoveRefused(
                    f"cannot {action}: {current} -> {target} is allowed only when forced (--force)"
                )
        else:
            allowed = workflow.allowed_from(current)
            hint = (
                f"from {current} the workflow allows: {', '.join(allowed)}"
                if allowed
                else (f"nothing moves out of {current}")
            )
            raise MoveRefused(f"cannot {action}: {current} -> {target} is not allowed ({hint})")
    note = clean_note(note)
    if verdict == "changes-requested" and not note:
        raise MoveRefused("cannot request changes without a note: say what should change")
    if len(note) > MAX_NOTE:
        raise MoveRefused(f"the note is {len(note):,} characters; at most {MAX_NOTE:,}")
    reviewer = " ".join(reviewer.split())
    if not reviewer:
        raise MoveRefused(f"cannot {action}: no reviewer name (set name in newsdesk's config.toml)")
    if verdict == "approved" and not workflow.self_approval:
        for name, why in _authors(article, schema):
            if _name_key(name) == _name_key(reviewer):
                raise MoveRefused(
                    f"cannot approve: {reviewer} is {why} of this article, and the workflow does not "
                    "allow self-approval (self_approval = false): ask someone else"
                )
    raw_history = article.metadata.get(REVIEW_FIELD)
    if raw_history is not None and not isinstance(raw_history, list):
        raise MoveRefused(f"cannot {action}: the '{REVIEW_FIELD}' field is not a list; fix it first")
    try:
        value = roles.status_value(target)
    except ValueError as exc:
        raise MoveRefused(f"cannot {action}: {exc}") from None
    at = (now or dt.datetime.now().astimezone()).replace(microsecond=0)
    entry: dict[str, object] = {"by": reviewer, "at": at, "verdict": verdict}
    if note:
        entry["note"] = note
    n = len(raw_history) if isinstance(raw_history, list) else 0
    changes: dict[str, object] = {roles.status: value, f"{REVIEW_FIELD}[{n}]": entry}
    if verdict != "changes-requested":
        _check_valid_after(article, schema, changes, action, target)
    return changes


def _check_valid_after(
    article: Article, schema: Schema, changes: Mapping[str, object], action: str, target: str
) -> None:
    """Refuse a move after which the article has errors (a field required from ``target`` on, say)."""
    from newsdesk.core.reader import locate
    from newsdesk.core.record import replace
    from newsdesk.core.splice import apply_changes
    from newsdesk.core.validate import validate_article

    locate(article)
    after = replace(article, metadata=apply_changes(article.metadata, changes), problems=[])
    errors = [p for p in validate_article(after, schema, planned=True) if p.is_error]
    if not errors:
        return
    first = errors[0]
    more = f" (and {len(errors) - 1} more error{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
    from newsdesk.core.textsafe import clean_line

    # What is missing first (a one-line message line shows the start): the validation message
    # says why ("required once status is review"), without quoting the planned status back as
    # if the file had it.
    raise MoveRefused(
        f"cannot {action}: {clean_line(first.message, 300)} (line {first.line}; not valid as {target}){more}"
    )


def apply_verdict(
    article: Article,
    schema: Schema,
    verdict: str,
    reviewer: str,
    note: str | None = None,
    *,
    force: bool = False,
    now: dt.datetime | None = None,
    retries: int = 0,
) -> Article:
    """Plan and save ``verdict`` in one lossless save; returns the article as written.

    `MoveRefused` when the move is not allowed; the save's `SaveError`/`ConflictError` otherwise.
    A `ConflictError` (the file changed since ``article`` was read) is retried ``retries`` times:
    the verdict is merged with the other writer's change (`newsdesk.core.merge`: a verdict given
    meanwhile is kept beside this one), or, when the other writer moved the status too, planned
    again from scratch on the new version (the app passes 0: a reviewer's verdict is about the
    version they read).
    """
    from newsdesk.core.merge import MergeConflict, write_merging
    from newsdesk.core.save import render

    order = list(schema.fields)
    if REVIEW_FIELD not in order:
        order.append(REVIEW_FIELD)
    while True:
        changes = plan_move(article, schema, verdict, reviewer, note, force=force, now=now)
        text = render(article, changes, order=order)
        try:
            return write_merging(article, text, order=order, tries=retries)
        except MergeConflict as exc:
            retries -= 1
            if retries < 0:
                raise
            article = exc.fresh


# -- who is reviewing --------------------------------------------------------------------------


def config_path(env: Mapping[str, str] | None = None) -> Path:
    """newsdesk's user config file: ``$XDG_CONFIG_HOME/newsdesk/config.toml``."""
    env = os.environ if env is None else env
    base = env.get("XDG_CONFIG_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return root / "newsdesk" / "config.toml"


def reviewer_name(folder: Path | None = None, env: Mapping[str, str] | None = None) -> str:
    """Who gives a verdict: ``name`` in newsdesk's config, else ``git config user.name``, else the login."""
    import tomllib

    try:
        with open(config_path(env), "rb") as fh:
            name = tomllib.load(fh).get("name")
        if isinstance(name, str) and name.strip():
            return " ".join(name.split())
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError, AttributeError, RecursionError):
        pass
    git = git_user_name(folder)
    if git:
        return git
    try:
        import getpass

        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # pragma: no cover - no login name at all
        return "unknown"


def git_user_name(folder: Path | None = None) -> str | None:
    import subprocess  # here: validate imports this module, and a pre-commit run never needs git

    try:
        done = subprocess.run(
            ["git", "config", "user.name"],
            cwd=folder if folder is not None and folder.is_dir() else None,
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    name = " ".join(done.stdout.split())
    return name if done.returncode == 0 and name else None


# -- checking the history (for validate) -------------------------------------------------------


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
