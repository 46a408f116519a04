"""Giving a verdict: whether a move is allowed (`plan_move`), saving it (`apply_verdict`), and who
is giving it (`reviewer_name`).

Each verdict is one lossless save (`apply_verdict`): the new status, and one entry
``{by, at, verdict, note}`` appended to the article's ``review`` list. `plan_move` decides whether
a move is allowed and returns the changes, or raises `MoveRefused` with the reason: a move the
workflow does not list, an article that would be invalid in the new status (fields required from
that status on), self-approval where it is off, a request for changes without a note.

The workflow's settings and the review history are `newsdesk.core.rules.workflow` (below the schema);
this module is above the schema, validate and the save. Pure apart from `apply_verdict` (which
saves through `newsdesk.core.write.save`) and `reviewer_name` (which may ask git); never imports textual.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk.core.rules.workflow import (
    COMMAND_OF,
    MAX_NOTE,
    REVIEW_FIELD,
    VERDICTS,
    clean_note,
    last_request,
    text_of,
)

if TYPE_CHECKING:
    from newsdesk.core.model.article import Article
    from newsdesk.core.rules.schema import Schema

#: How long `reviewer_name` waits for ``git config user.name``.
GIT_TIMEOUT = 2.0


class MoveRefused(Exception):
    """A verdict that may not be given; ``str()`` is the reason, for a person."""


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


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
        text = text_of(name)
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
    if verdict not in VERDICTS:
        raise MoveRefused(f"unknown verdict {verdict!r} (known: {', '.join(VERDICTS)})")
    action = COMMAND_OF[verdict].replace("-", " ")
    workflow = schema.workflow
    roles = schema.roles
    target = _move_target(article, schema, verdict, action, force)
    note = clean_note(note)
    if verdict == "changes-requested" and not note:
        raise MoveRefused("cannot request changes without a note: say what should change")
    if len(note) > MAX_NOTE:
        raise MoveRefused(f"the note is {len(note):,} characters; at most {MAX_NOTE:,}")
    reviewer = " ".join(reviewer.split())
    if not reviewer:
        raise MoveRefused(f"cannot {action}: no reviewer name (set name in newsdesk's config.toml)")
    if verdict == "approved" and not workflow.self_approval:
        _check_not_author(article, schema, reviewer)
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


def _move_target(article: Article, schema: Schema, verdict: str, action: str, force: bool) -> str:
    """The status `plan_move` moves ``article`` to for ``verdict``; `MoveRefused` when the
    article cannot be edited or the workflow does not allow the move (``force``: a forced one)."""
    from newsdesk.core.write.save import BROKEN_CODES

    workflow = schema.workflow
    roles = schema.roles
    if article.read_only or article.format is None or any(p.code in BROKEN_CODES for p in article.problems):
        why = next((p.message for p in article.problems if p.is_error), "it has no front matter")
        raise MoveRefused(f"cannot {action}: the article cannot be edited ({why})")
    fixed = schema.fixed_status_reason()
    if fixed is not None:  # no field to write (Jekyll's _drafts/): say what does change it
        raise MoveRefused(f"cannot {action}: {fixed}")
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
    return target


def _check_not_author(article: Article, schema: Schema, reviewer: str) -> None:
    """`MoveRefused` when ``reviewer`` is an author of ``article`` (no self-approval)."""
    for name, why in _authors(article, schema):
        if _name_key(name) == _name_key(reviewer):
            raise MoveRefused(
                f"cannot approve: {reviewer} is {why} of this article, and the workflow does not "
                "allow self-approval (self_approval = false): ask someone else"
            )


def _check_valid_after(
    article: Article, schema: Schema, changes: Mapping[str, object], action: str, target: str
) -> None:
    """Refuse a move after which the article has errors (a field required from ``target`` on, say)."""
    from newsdesk.core.model.record import replace
    from newsdesk.core.read.reader import locate
    from newsdesk.core.rules.validate import validate_article
    from newsdesk.core.write.splice import apply_changes

    locate(article)
    after = replace(article, metadata=apply_changes(article.metadata, changes), problems=[])
    errors = [p for p in validate_article(after, schema, planned=True) if p.is_error]
    if not errors:
        return
    first = errors[0]
    more = f" (and {len(errors) - 1} more error{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
    from newsdesk.core.model.textsafe import clean_line

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
    the verdict is merged with the other writer's change (`newsdesk.core.write.merge`: a verdict
    given meanwhile is kept beside this one), or, when the other writer moved the status too,
    planned again from scratch on the new version (the app passes 0: a reviewer's verdict is about
    the version they read).
    """
    from newsdesk.core.write.merge import MergeConflict, write_merging
    from newsdesk.core.write.save import render

    order = list(schema.fields)
    if REVIEW_FIELD not in order:
        order.append(REVIEW_FIELD)
    while True:
        changes = plan_move(article, schema, verdict, reviewer, note, force=force, now=now)
        text = render(article, changes, order=order)
        try:
            return write_merging(
                article, text, order=order, tries=retries, follow_symlinks=schema.follow_symlinks
            )
        except MergeConflict as exc:
            retries -= 1
            if retries < 0:
                raise
            article = exc.fresh


# -- taking a verdict back ---------------------------------------------------------------------


def undo_changes(
    before: Mapping[str, object], after: Mapping[str, object], schema: Schema
) -> dict[str, object]:
    """The changes (field path -> value) that take back a verdict: ``before`` is the article's
    metadata before the verdict, ``after`` as the verdict wrote it. The status goes back to what it
    was (removed when it was not set) and the review entry the verdict appended is removed (the
    whole field when the verdict created it). `MoveRefused` when ``after`` is not ``before`` with
    one entry appended (the history changed meanwhile: nothing to take back safely)."""
    from newsdesk.core.write.splice import UNSET

    old = before.get(REVIEW_FIELD)
    new = after.get(REVIEW_FIELD)
    n = len(old) if isinstance(old, list) else 0
    if not isinstance(new, list) or len(new) != n + 1 or (isinstance(old, list) and new[:n] != old):
        raise MoveRefused("cannot undo: the review history is not the one the verdict wrote")
    status = schema.roles.status
    changes: dict[str, object] = {status: before.get(status, UNSET)}
    changes[REVIEW_FIELD if REVIEW_FIELD not in before else f"{REVIEW_FIELD}[{n}]"] = UNSET
    return changes


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
    import subprocess  # here: a run that gives no verdict never needs git

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
