"""The review queue as data: which articles wait for review, and since when (no screens, no app;
`newsdesk.ui.screens.main` keeps the queue, `newsdesk.ui.review` moves through it)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsdesk.core.folder.index import Entry
    from newsdesk.core.rules.schema import Schema


def _when(text: str) -> dt.datetime | None:
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.astimezone()


def asked_at(entry: Entry) -> dt.datetime:
    """When review was asked for: the last ``submitted`` entry, else the file's last change."""
    when = _when(entry.asked_at)
    if when is not None:
        return when
    return dt.datetime.fromtimestamp(entry.mtime_ns / 1e9, dt.UTC)


_UNKNOWN = "\0"


def review_status(schema: Schema) -> str | None:
    """The status of an article waiting for review (None: the workflow has no review step)."""
    return schema.workflow.target("submitted")


def queue_of(entries: list[Entry], status_for: Callable[[Path], str | None]) -> list[Entry]:
    """The articles in review (by each one's own workflow: ``status_for(path)``), oldest request first."""
    # One workflow per folder; keyed by the folder part of ``rel`` (string work: making 10,000
    # parent Paths and hashing them took 35 ms).
    by_folder: dict[str, str | None] = {}
    waiting = []
    for e in entries:
        if not e.status:
            continue
        folder = e.rel.rpartition(os.sep)[0]
        target = by_folder.get(folder, _UNKNOWN)
        if target is _UNKNOWN:
            target = by_folder[folder] = status_for(e.path)
        if e.status == target:
            waiting.append(e)
    waiting.sort(key=lambda e: (asked_at(e), e.rel))
    return waiting
