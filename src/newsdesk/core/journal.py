"""The recovery journal: unsaved edits kept outside the articles folder until saved or discarded.

Edit mode writes an entry a couple of seconds after typing stops and when the app is killed
(SIGHUP from a dropped SSH link, SIGTERM). Entries live in ``$XDG_STATE_HOME/newsdesk/recovery/``
(default ``~/.local/state/newsdesk/recovery/``), never beside the articles, so git never sees them.
One entry per article (a new, never-saved article gets its own id), written atomically.

An entry holds the article's path, the fingerprint of the file the edits were made on, the pending
metadata changes (top-level field -> new value, or `UNSET` to remove it), the edited body (None when
unchanged) or, for a file whose front matter could not be parsed, the whole edited text. Values
are stored as tagged JSON so dates, date-times and removals come back as they were.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from newsdesk.core.article import Article, Fingerprint
from newsdesk.core.disk import atomic_write
from newsdesk.core.errors import SaveError
from newsdesk.core.splice import UNSET, apply_changes, same

__all__ = [
    "Entry",
    "decode_value",
    "encode_value",
    "entry_for",
    "list_entries",
    "metadata_changes",
    "recovery_dir",
    "remove_entry",
    "write_entry",
]

VERSION = 1
FileState = Literal["unchanged", "changed", "missing", "new"]


def recovery_dir() -> Path:
    """``$XDG_STATE_HOME/newsdesk/recovery`` (``~/.local/state/newsdesk/recovery`` by default)."""
    base = os.environ.get("XDG_STATE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "state"
    return root / "newsdesk" / "recovery"


@dataclass
class Entry:
    """Pending edits of one article."""

    #: The article file (absolute); for a new article, where it will probably be written.
    path: Path
    #: What the file was when the edits started (None: a new article, not on disk yet).
    fingerprint: Fingerprint | None
    #: Top-level field -> new value (`UNSET`: remove the field).
    changes: dict[str, Any] = field(default_factory=dict)
    #: The edited body (None: unchanged).
    body: str | None = None
    #: The whole edited text, for a file edited as raw text (broken front matter).
    raw: str | None = None
    #: A new article: the metadata it starts from, and its format.
    new_format: Literal["yaml", "toml"] | None = None
    saved_at: float = field(default_factory=time.time)
    #: The id of a new article's entry (existing articles are keyed by their path).
    new_id: str | None = None

    @property
    def is_new(self) -> bool:
        return self.new_id is not None

    @property
    def key(self) -> str:
        return entry_key(self.path, self.new_id)

    def file_state(self) -> FileState:
        """Whether the file is still what the edits were made on."""
        if self.fingerprint is None:
            return "new"
        try:
            with open(self.path, "rb") as fh:
                data = fh.read(self.fingerprint.size + 1)
        except FileNotFoundError:
            return "missing"
        except OSError:
            return "changed"
        if len(data) != self.fingerprint.size or hashlib.sha256(data).hexdigest() != self.fingerprint.sha256:
            return "changed"
        return "unchanged"

    def apply(self, metadata: Mapping[str, Any]) -> dict[str, Any]:
        """``metadata`` with the entry's changes applied."""
        return apply_changes(metadata, self.changes)

    def describe(self) -> list[str]:
        """What the entry changes, one short line each (for lists and the recovery offer)."""
        parts = [f"{'remove' if v is UNSET else 'set'} {k}" for k, v in self.changes.items()]
        if self.body is not None:
            parts.append("edit the body")
        if self.raw is not None:
            parts.append("edit the whole text")
        return parts


def entry_key(path: Path, new_id: str | None = None) -> str:
    if new_id is not None:
        return f"new-{new_id}"
    return hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()[:24]


def new_id() -> str:
    return uuid.uuid4().hex[:16]


def _file(key: str, folder: Path | None = None) -> Path:
    return (folder or recovery_dir()) / f"{key}.json"


def metadata_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """The top-level fields that differ: new value, or `UNSET` for a removed field."""
    changes: dict[str, Any] = {}
    for key in old:
        if key not in new:
            changes[key] = UNSET
    for key, value in new.items():
        if key not in old or not same(old[key], value):
            changes[key] = value
    return changes


def for_article(
    article: Article,
    new_meta: Mapping[str, Any],
    body: str | None,
    *,
    raw: str | None = None,
    new_format: Literal["yaml", "toml"] | None = None,
    new_entry_id: str | None = None,
) -> Entry:
    """An entry for edits of ``article`` (``body`` None or equal to the article's: unchanged)."""
    changes = dict(new_meta) if new_entry_id is not None else metadata_changes(article.metadata, new_meta)
    return Entry(
        path=Path(os.path.abspath(article.path)),
        fingerprint=article.fingerprint if new_entry_id is None else None,
        changes=changes,
        body=body,
        raw=raw,
        new_format=new_format,
        new_id=new_entry_id,
    )


# -- values as tagged JSON ---------------------------------------------------------------------


def encode_value(value: Any) -> Any:
    """A metadata value as JSON that `decode_value` turns back into the same value."""
    if value is UNSET:
        return {"$unset": True}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$time": value.isoformat()}
    if isinstance(value, list):
        return [encode_value(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: encode_value(v) for k, v in value.items()}
        return {"$map": [[encode_value(k), encode_value(v)] for k, v in value.items()]}
    return {"$text": str(value)}


def decode_value(data: Any) -> Any:
    if isinstance(data, list):
        return [decode_value(v) for v in data]
    if not isinstance(data, dict):
        return data
    if len(data) == 1:
        ((tag, payload),) = data.items()
        if tag == "$unset":
            return UNSET
        if tag == "$float":
            return float(payload)
        if tag == "$datetime":
            return dt.datetime.fromisoformat(payload)
        if tag == "$date":
            return dt.date.fromisoformat(payload)
        if tag == "$time":
            return dt.time.fromisoformat(payload)
        if tag == "$map":
            return {_hashable(decode_value(k)): decode_value(v) for k, v in payload}
        if tag == "$text":
            return str(payload)
    return {k: decode_value(v) for k, v in data.items()}


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


# -- reading and writing -----------------------------------------------------------------------


def _to_json(entry: Entry) -> dict[str, Any]:
    fp = entry.fingerprint
    return {
        "version": VERSION,
        "path": str(entry.path),
        "fingerprint": None
        if fp is None
        else {"size": fp.size, "mtime_ns": fp.mtime_ns, "sha256": fp.sha256},
        "changes": {k: encode_value(v) for k, v in entry.changes.items()},
        "body": entry.body,
        "raw": entry.raw,
        "new_format": entry.new_format,
        "new_id": entry.new_id,
        "saved_at": entry.saved_at,
    }


def _from_json(data: Any) -> Entry | None:
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("path"), str):
        return None
    try:
        fp_data = data.get("fingerprint")
        fp = (
            None
            if fp_data is None
            else Fingerprint(int(fp_data["size"]), int(fp_data["mtime_ns"]), str(fp_data["sha256"]))
        )
        changes = {str(k): decode_value(v) for k, v in dict(data.get("changes") or {}).items()}
        body, raw = data.get("body"), data.get("raw")
        new_format = data.get("new_format")
        return Entry(
            path=Path(data["path"]),
            fingerprint=fp,
            changes=changes,
            body=body if isinstance(body, str) else None,
            raw=raw if isinstance(raw, str) else None,
            new_format=new_format if new_format in ("yaml", "toml") else None,
            saved_at=float(data.get("saved_at") or 0.0),
            new_id=data.get("new_id") if isinstance(data.get("new_id"), str) else None,
        )
    except (KeyError, TypeError, ValueError):
        return None


def write_entry(entry: Entry, folder: Path | None = None) -> Path:
    """Write ``entry`` atomically (replacing the article's earlier entry). Raises `SaveError`."""
    target_dir = folder or recovery_dir()
    try:
        target_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise SaveError(f"cannot keep unsaved edits in {target_dir}: {exc.strerror or exc}") from None
    entry.saved_at = time.time()
    target = _file(entry.key, target_dir)
    data = json.dumps(_to_json(entry), ensure_ascii=False, indent=1).encode("utf-8", "surrogateescape")
    atomic_write(target, data, own_folder=True)  # newsdesk's own folder: never a link out of it
    return target


def load_file(path: Path) -> Entry | None:
    """One entry file (None when unreadable or not an entry)."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8", "surrogateescape"))
    except (OSError, ValueError):
        return None
    return _from_json(data)


def entry_for(path: Path, folder: Path | None = None) -> Entry | None:
    """The entry of the article at ``path``, if there is one."""
    entry = load_file(_file(entry_key(path), folder))
    if entry is None or os.path.abspath(entry.path) != os.path.abspath(path):
        return None
    return entry


def list_entries(folder: Path | None = None) -> list[Entry]:
    """Every entry, oldest first."""
    root = folder or recovery_dir()
    try:
        files = sorted(root.glob("*.json"))
    except OSError:
        return []
    entries = [e for e in (load_file(f) for f in files) if e is not None]
    entries.sort(key=lambda e: e.saved_at)
    return entries


def remove_entry(path: Path, new_entry_id: str | None = None, folder: Path | None = None) -> bool:
    """Forget the entry of ``path`` (or of a new article's id); True if there was one."""
    try:
        _file(entry_key(path, new_entry_id), folder).unlink()
    except FileNotFoundError:
        return False
    except OSError:
        return False
    return True
