"""The recovery journal: unsaved edits kept outside the articles folder until saved or discarded.

Edit mode writes an entry a couple of seconds after typing stops and when the app is killed
(SIGHUP from a dropped SSH link, SIGTERM). Entries live in ``$XDG_STATE_HOME/newsdesk/recovery/``
(default ``~/.local/state/newsdesk/recovery/``), never beside the articles, so git never sees them.
One entry per article and per running app (a new, never-saved article gets its own id), written
atomically, readable by its owner only (files 0600 in a 0700 folder).

Several instances: each app process (its pid and start time name it, `instance`) writes its own
file, ``<article key>.<pid>-<start>.json``, and removes only its own. An entry whose writer still
runs is *live* (edit mode is open there: an entry without edits just says so); one whose writer is
gone is *kept* and offered for restore. Files named ``<key>.json`` (older versions) count as kept.
While edit mode is open on an article, an empty ``<key>.<pid>-<start>.open`` says so (`mark_open`).
A file that cannot be read as an entry (truncated, hostile values) is `Damaged`, never an error.

An entry holds the article's path, the fingerprint of the file the edits were made on, the pending
metadata changes (top-level field -> new value, or `UNSET` to remove it), the edited body (None when
unchanged) or, for a file whose front matter could not be parsed, the whole edited text. Values
are stored as tagged JSON so dates, date-times and removals come back as they were.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import math
import os
import re
import stat
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from newsdesk.core.model.article import Article, Fingerprint
from newsdesk.core.model.errors import SaveError
from newsdesk.core.write.disk import atomic_write
from newsdesk.core.write.splice import UNSET, apply_changes, same

__all__ = [
    "Damaged",
    "Entry",
    "decode_value",
    "discard",
    "encode_value",
    "entries_for",
    "entry_for",
    "instance",
    "kept_paths",
    "list_entries",
    "mark_closed",
    "mark_open",
    "metadata_changes",
    "open_elsewhere",
    "recovery_dir",
    "remove_entry",
    "scan",
    "write_entry",
]

VERSION = 1
FileState = Literal["unchanged", "changed", "missing", "new"]
WriterState = Literal["mine", "live", "gone"]
#: Entries larger than this are not read (a hostile or corrupt file must not fill the memory).
MAX_ENTRY_BYTES = 256 * 1024 * 1024
#: saved_at beyond this (the year 9999) is not a time.
_MAX_TIME = 253402300799.0
_NAME = re.compile(
    r"^(?P<key>(?:new-)?[0-9a-f]{1,64})(?:\.(?P<pid>[0-9]{1,10})-(?P<start>t?[0-9]{1,20}))?\.json$"
)
_NEW_ID = re.compile(r"^[0-9a-f]{1,64}$")


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
    #: Who wrote it: (pid, start) of the app process (None: an entry of an older version).
    writer: tuple[int, str] | None = None
    #: The file it was read from.
    file: Path | None = None

    @property
    def is_new(self) -> bool:
        return self.new_id is not None

    @property
    def has_edits(self) -> bool:
        """False for the entry an open edit mode writes before anything is typed."""
        return bool(self.changes) or self.body is not None or self.raw is not None

    def writer_state(self) -> WriterState:
        """``mine`` (this process), ``live`` (another app still running) or ``gone``."""
        return writer_state(self.writer)

    def kept_at(self) -> str:
        """When the entry was written, ``YYYY-MM-DD HH:MM`` local time."""
        try:
            return time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        except (OverflowError, OSError, ValueError):
            return "an unknown time"

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


def _start_of(pid: int) -> str | None:
    """The start time of process ``pid`` (clock ticks since boot, from /proc), if it can be read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            data = fh.read()
    except (OSError, ValueError):
        return None
    fields = data[data.rfind(b")") + 2 :].split()  # the command name may hold spaces and parens
    return fields[19].decode("ascii", "replace") if len(fields) > 19 else None


_IMPORTED = time.time()
_instance: tuple[int, str] | None = None


def instance() -> tuple[int, str]:
    """This process as a journal writer: (pid, start time). After a fork, the child's own."""
    global _instance
    pid = os.getpid()
    if _instance is None or _instance[0] != pid:
        start = _start_of(pid)
        _instance = (pid, start if start is not None else f"t{int(_IMPORTED * 1000)}")
    return _instance


def writer_state(writer: tuple[int, str] | None) -> WriterState:
    if writer is None:
        return "gone"
    if writer == instance():
        return "mine"
    pid, start = writer
    now = _start_of(pid)
    if now is not None:
        return "live" if now == start else "gone"  # same pid, other start: a reused pid
    if pid <= 0:
        return "gone"
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return "gone"
    except PermissionError:
        return "live"
    except (OSError, OverflowError, ValueError):
        return "gone"
    return "live"


def _file(key: str, folder: Path | None = None) -> Path:
    pid, start = instance()
    return (folder or recovery_dir()) / f"{key}.{pid}-{start}.json"


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


@dataclass
class Damaged:
    """A file in the recovery folder that is not a readable entry."""

    file: Path
    reason: str


def _from_json(data: Any) -> Entry | str:
    """The entry, or why ``data`` is not one."""
    if not isinstance(data, dict):
        return "not a recovery entry"
    if data.get("version") != VERSION:
        return f"unknown version {_short(data.get('version'))}"
    path = data.get("path")
    if not isinstance(path, str) or "\0" in path or not os.path.isabs(path):
        return "its article path is not an absolute path"
    saved_at = data.get("saved_at")
    if (
        isinstance(saved_at, bool)
        or not isinstance(saved_at, (int, float))
        or not 0 <= saved_at <= _MAX_TIME  # False for NaN
    ):
        return "its saved_at is not a time"
    new = data.get("new_id")
    if new is not None and not (isinstance(new, str) and _NEW_ID.match(new)):
        return "its new_id is not an id"
    try:
        fp_data = data.get("fingerprint")
        fp = None
        if fp_data is not None:
            size, mtime, sha = fp_data["size"], fp_data["mtime_ns"], fp_data["sha256"]
            if not (isinstance(size, int) and isinstance(mtime, int) and isinstance(sha, str) and size >= 0):
                return "its fingerprint is damaged"
            fp = Fingerprint(size, mtime, sha)
        changes_data = data.get("changes") or {}
        if not isinstance(changes_data, dict):
            return "its changes are damaged"
        changes = {str(k): decode_value(v) for k, v in changes_data.items()}
    except (KeyError, TypeError, ValueError, OverflowError, RecursionError):
        return "its values are damaged"
    body, raw = data.get("body"), data.get("raw")
    new_format = data.get("new_format")
    return Entry(
        path=Path(path),
        fingerprint=fp,
        changes=changes,
        body=body if isinstance(body, str) else None,
        raw=raw if isinstance(raw, str) else None,
        new_format=new_format if new_format in ("yaml", "toml") else None,
        saved_at=float(saved_at),
        new_id=new,
    )


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _private_folder(folder: Path, *, create: bool) -> None:
    """``folder`` readable by its owner only (0700), created if ``create``. Raises `OSError`."""
    if create:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    st = os.stat(folder)
    if stat.S_IMODE(st.st_mode) & 0o077 and st.st_uid == os.geteuid():
        os.chmod(folder, stat.S_IMODE(st.st_mode) & 0o700)


def write_entry(entry: Entry, folder: Path | None = None) -> Path:
    """Write ``entry`` as this process's entry for its article (replacing its earlier one),
    atomically, mode 0600. Raises `SaveError`."""
    target_dir = folder or recovery_dir()
    try:
        _private_folder(target_dir, create=True)
    except OSError as exc:
        raise SaveError(f"cannot keep unsaved edits in {target_dir}: {exc.strerror or exc}") from None
    entry.saved_at = time.time()
    entry.writer = instance()
    target = _file(entry.key, target_dir)
    data = json.dumps(_to_json(entry), ensure_ascii=False, indent=1).encode("utf-8", "surrogateescape")
    atomic_write(target, data, mode=0o600, own_folder=True)  # newsdesk's own folder: never a link out of it
    entry.file = target
    return target


def _read(path: Path) -> bytes | str:
    """The bytes of a regular file (never blocks on a FIFO), or why not."""
    flags = (
        os.O_RDONLY
        | getattr(os, "O_NONBLOCK", 0)
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_CLOEXEC", 0)
    )
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return exc.strerror or str(exc)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return "not a regular file"
        if st.st_size > MAX_ENTRY_BYTES:
            return f"larger than {MAX_ENTRY_BYTES // (1024 * 1024)} MiB"
        if stat.S_IMODE(st.st_mode) & 0o077 and st.st_uid == os.geteuid():
            os.fchmod(fd, 0o600)  # written by an older version
        with os.fdopen(os.dup(fd), "rb") as fh:
            return fh.read(MAX_ENTRY_BYTES + 1)
    except OSError as exc:
        return exc.strerror or str(exc)
    finally:
        os.close(fd)


def read_file(path: Path) -> Entry | Damaged:
    """One entry file, or why it is not a readable entry (never raises)."""
    data = _read(path)
    if isinstance(data, str):
        return Damaged(path, f"cannot be read: {data}")
    try:
        parsed = json.loads(data.decode("utf-8", "surrogateescape"))
    except (ValueError, RecursionError):
        return Damaged(path, "not valid JSON (truncated?)")
    try:
        entry = _from_json(parsed)
    except RecursionError:
        entry = "nested too deeply"
    if isinstance(entry, str):
        return Damaged(path, entry)
    entry.file = path
    name = _NAME.match(path.name)
    if name is not None and name["pid"] is not None:
        entry.writer = (int(name["pid"]), name["start"])
    return entry


def load_file(path: Path) -> Entry | None:
    """One entry file (None when unreadable or not an entry)."""
    entry = read_file(path)
    return entry if isinstance(entry, Entry) else None


def _scan_files(files: list[Path]) -> tuple[list[Entry], list[Damaged]]:
    entries: list[Entry] = []
    damaged: list[Damaged] = []
    for f in files:
        got = read_file(f)
        (entries if isinstance(got, Entry) else damaged).append(got)  # type: ignore[arg-type]
    entries.sort(key=lambda e: e.saved_at)
    return entries, damaged


def scan(folder: Path | None = None) -> tuple[list[Entry], list[Damaged]]:
    """Every entry (live ones and ones without edits too), oldest first, and the damaged files."""
    root = folder or recovery_dir()
    try:
        if not root.is_dir():
            return [], []
        _private_folder(root, create=False)
        files = sorted(f for f in root.iterdir() if f.name.endswith(".json") and not f.name.startswith("."))
    except OSError as exc:
        return [], [Damaged(root, f"cannot be read: {exc.strerror or exc}")]
    return _scan_files(files)


def entries_for(
    path: Path, new_entry_id: str | None = None, folder: Path | None = None
) -> tuple[list[Entry], list[Damaged]]:
    """Every entry of the article at ``path`` (any writer, with or without edits), oldest first,
    and the damaged files among its entries."""
    key = entry_key(path, new_entry_id)
    root = folder or recovery_dir()
    try:
        files = sorted(root.glob(f"{key}.*json"))
    except OSError:
        return [], []
    files = [f for f in files if (m := _NAME.match(f.name)) is not None and m["key"] == key]
    entries, damaged = _scan_files(files)
    if new_entry_id is None:
        entries = [e for e in entries if os.path.abspath(e.path) == os.path.abspath(path)]
    return entries, damaged


def entry_for(path: Path, folder: Path | None = None) -> Entry | None:
    """The newest entry with edits of the article at ``path``, if there is one."""
    entries = [e for e in entries_for(path, folder=folder)[0] if e.has_edits]
    return entries[-1] if entries else None


def list_entries(folder: Path | None = None) -> list[Entry]:
    """Every entry with edits, oldest first."""
    return [e for e in scan(folder)[0] if e.has_edits]


def kept_paths(folder: Path | None = None) -> set[Path]:
    """The articles (absolute paths) with unsaved edits kept by an app that is gone.

    Cheap enough for start-up: the folder's file names say whose each entry is, and only the
    entries of gone writers are read (to see they hold edits, and whose article they are)."""
    root = folder or recovery_dir()
    try:
        names = os.listdir(root)
    except OSError:
        return set()
    found: set[Path] = set()
    for name in names:
        match = _NAME.match(name)
        if match is None or match["key"].startswith("new-"):
            continue
        writer = (int(match["pid"]), match["start"]) if match["pid"] is not None else None
        if writer_state(writer) != "gone":
            continue
        entry = load_file(root / name)
        if entry is not None and entry.has_edits and not entry.is_new and entry.key == match["key"]:
            found.add(Path(os.path.abspath(entry.path)))
    return found


def remove_entry(path: Path, new_entry_id: str | None = None, folder: Path | None = None) -> bool:
    """Forget this process's entry of ``path`` (or of a new article's id); True if there was one.
    Other instances' entries stay."""
    try:
        _file(entry_key(path, new_entry_id), folder).unlink()
    except OSError:
        return False
    return True


def mark_open(path: Path, folder: Path | None = None) -> None:
    """Say that this process has the article at ``path`` open in edit mode (best effort)."""
    root = folder or recovery_dir()
    try:
        _private_folder(root, create=True)
        flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(_file(entry_key(path), root).with_suffix(".open"), flags, 0o600)
        try:
            os.fchmod(fd, 0o600)
        finally:
            os.close(fd)
    except OSError:
        pass


def mark_closed(path: Path, folder: Path | None = None) -> None:
    try:
        _file(entry_key(path), folder).with_suffix(".open").unlink()
    except OSError:
        pass


def open_elsewhere(path: Path, folder: Path | None = None) -> list[int]:
    """The pids of other running newsdesk apps with ``path`` open in edit mode (markers of gone
    ones are removed)."""
    key = entry_key(path)
    pids: list[int] = []
    try:
        marks = list((folder or recovery_dir()).glob(f"{key}.*.open"))
    except OSError:
        return []
    for mark in marks:
        name = _NAME.match(mark.name[: -len(".open")] + ".json")
        if name is None or name["key"] != key or name["pid"] is None:
            continue
        state = writer_state((int(name["pid"]), name["start"]))
        if state == "live":
            pids.append(int(name["pid"]))
        elif state == "gone":
            with contextlib.suppress(OSError):
                mark.unlink()
    return sorted(pids)


def discard(entry: Entry) -> bool:
    """Forget the file ``entry`` was read from (whoever wrote it); True if it was there."""
    if entry.file is None:
        return False
    try:
        entry.file.unlink()
    except OSError:
        return False
    return True
