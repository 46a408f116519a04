"""Worker processes that read a folder's articles into index entries (the app's folder scan).

Listing a folder means reading the front matter of every article in it; for thousands of files
that is seconds on one core. A `ScanPool` forks worker processes that do it on every core, in
the ``newsdesk`` command *before* the app is imported and takes over the terminal: forking is
only safe while the process runs a single thread (Textual starts several), and the workers must
inherit the real standard streams. The first scan is asked for at once (`ScanPool.scan`), so the
workers read while the app is still being imported and laid out; the app's scan thread then
takes the entries in order (`Scan.entry`).

Each worker walks the folder itself (`iter_article_paths`, the walk the app makes) and takes
every N-th chunk of it, N the number of workers; an entry is made exactly as
`FolderIndex.load_entry` makes it, with the same checker (`schema_checker`), and an entry
remembered in the index cache stands for a file whose size and modification time still match,
as in the app. Entries travel back pickled through one pipe per worker, each with its path and
the key of the schema it was read with (the app then looks up no schema per folder), so the app
takes only entries for the paths its own walk found and reads anything missing itself.
A worker that dies costs speed, never entries.

Nothing here imports Textual. The workers exit when the app closes their pipes (or dies).
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import struct
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from newsdesk.core.folder.index import Entry, FolderIndex, schema_checker
from newsdesk.core.rules.refspec import one_pass
from newsdesk.core.rules.schema import Schema, SchemaLookup

_HEADER = struct.Struct("<Q")
#: The first chunks are small, so the first rows come quickly; then larger ones.
_FIRST_CHUNK = 32
_CHUNK = 128


def chunks(total: int) -> list[tuple[int, int]]:
    """How ``total`` walked paths are cut into chunks (the same in the workers and the app)."""
    out: list[tuple[int, int]] = []
    start = 0
    size = _FIRST_CHUNK
    while start < total:
        out.append((start, min(start + size, total)))
        start += size
        size = _CHUNK
    return out


def _row(entry: Entry) -> tuple[Any, ...]:
    """An entry without its path (the app has its own Path objects): ``Entry(path, *row)``."""
    return tuple(getattr(entry, name) for name in _FIELDS)


_FIELDS = tuple(name for name in Entry._fields if name != "path")


# -- the worker ----------------------------------------------------------------------------


def _send(fd: int, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int) -> Any:
    """One message from a blocking pipe; None at its end."""
    header = _read_exactly(fd, _HEADER.size)
    if header is None:
        return None
    data = _read_exactly(fd, _HEADER.unpack(header)[0])
    return None if data is None else pickle.loads(data)


def _read_exactly(fd: int, size: int) -> bytes | None:
    parts: list[bytes] = []
    while size:
        part = os.read(fd, min(size, 1 << 20))
        if not part:
            return None
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _worker(me: int, workers: int, requests: int, replies: int, base: Schema) -> None:  # pragma: no cover
    """A worker's life: scan what is asked, until the app closes the pipe. (Forked: coverage
    does not follow it; tests check what it sends.)"""
    while True:
        request = _receive(requests)
        if request is None:
            return
        scan_id, root, cache_file, cache_tag = request
        # Reading makes no cyclic garbage worth collecting, and the collector's passes cost a
        # sixth of a scan (as in `newsdesk validate`): off while scanning.
        gc.disable()
        try:
            with one_pass():  # each profile collection looked at once per scan
                _scan(me, workers, requests, replies, base, scan_id, Path(root), cache_file, cache_tag)
        except Exception:  # e.g. the folder went away: the app reads what is missing itself
            _send(replies, (scan_id, -1, -1, None))
        finally:
            gc.enable()


def _scan(
    me: int,
    workers: int,
    requests: int,
    replies: int,
    base: Schema,
    scan_id: int,
    root: Path,
    cache_file: str | None,
    cache_tag: str,
) -> None:
    lookup = SchemaLookup(root, base)
    index = FolderIndex(
        root,
        schema_checker(lookup),
        schemas=lookup,
        cache_file=Path(cache_file) if cache_file else None,
        cache_tag=cache_tag,
    )
    remembered = index.load_cache()
    paths = list(index.article_paths())
    total = len(paths)
    fresh = 0  # entries read from their files, not taken from the cache
    for n, (start, end) in enumerate(chunks(total)):
        if n % workers != me:
            continue
        if select.select([requests], [], [], 0)[0]:
            return  # a newer scan is asked for (or the app is gone): this one is dropped
        rows = []
        for path in paths[start:end]:
            entry = index.cached_entry(path)
            if entry is None:
                entry = index.load_entry(path)
                fresh += 1
            # With the schema key it was read with: the app then asks the file system nothing
            # per folder or profile (`FolderIndex.note_schema`).
            rows.append((str(path), _row(entry), index.noted_schema_key(path)))
        _send(replies, (scan_id, n, total, rows))
    # The end of this worker's share: how many entries it read afresh, and the cache's size.
    _send(replies, (scan_id, -1, total, (fresh, remembered)))


# -- the app's side ------------------------------------------------------------------------


class ScanPool:
    """Forked worker processes that read articles into index entries for the folder ``root``
    (checked against ``schema`` and the sections' own). Start it before any thread runs.

    A thread of the pool takes the workers' replies as they come (so a worker never waits on a
    full pipe while the app is still starting) and keeps those of the latest scan until the
    app's scan thread takes them.
    """

    def __init__(self, root: Path, schema: Schema, workers: int) -> None:
        self.root = root
        self.schema = schema
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._scan_id = 0
        #: The scan asked for and not yet taken: (id, cache file, cache tag).
        self._pending: tuple[int, str | None, str] | None = None
        #: The latest scan's chunks not yet taken (by number), the totals the workers' walks
        #: found, and how many workers have finished it.
        self._chunks: dict[int, list[tuple[str, tuple[Any, ...], str]]] = {}
        self._totals: set[int] = set()
        self._ended = 0
        #: Of the latest scan: entries the workers read afresh, and the rows each found cached.
        self._fresh = 0
        self._remembered: set[int] = set()
        self._workers: list[tuple[int, int, int]] = []  # pid, request fd, reply fd
        for me in range(workers):
            requests, to_worker = os.pipe()
            replies, from_worker = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the worker
                code = 0
                try:
                    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the app decides when to stop
                    os.close(to_worker)
                    os.close(replies)
                    for _, theirs, their_replies in self._workers:  # siblings' ends
                        os.close(theirs)
                        os.close(their_replies)
                    _worker(me, workers, requests, from_worker, schema)
                except BaseException:
                    code = 1  # never a traceback on the app's screen
                finally:
                    os._exit(code)
            os.close(requests)
            os.close(from_worker)
            self._workers.append((pid, to_worker, replies))
        self._alive = len(self._workers)
        self._reader = threading.Thread(target=self._read_replies, name="newsdesk-scan-replies", daemon=True)
        self._reader.start()

    @classmethod
    def start(cls, root: Path, schema: Schema, workers: int | None = None) -> ScanPool | None:
        """A pool of one worker per core (at least 2 cores), or None where forking is not to be
        had (another thread runs, no fork on this system, one core)."""
        if workers is None:
            try:
                workers = len(os.sched_getaffinity(0))
            except (AttributeError, OSError):  # pragma: no cover - not Linux
                workers = os.cpu_count() or 1
        if workers < 2 or not hasattr(os, "fork") or threading.active_count() != 1:
            return None
        try:
            return cls(root, schema, workers)
        except OSError:  # out of processes or file descriptors: the app reads in its thread
            return None

    def scan(self, cache_file: Path | None, cache_tag: str) -> None:
        """Ask the workers to read the folder now (the index cache ``cache_file`` under
        ``cache_tag`` stands for unchanged files); `take` hands the result over."""
        with self._lock:
            self._scan_id += 1
            cache = str(cache_file) if cache_file is not None else None
            self._pending = (self._scan_id, cache, cache_tag)
            self._chunks = {}
            self._totals = set()
            self._ended = 0
            self._fresh = 0
            self._remembered = set()
            for _, to_worker, _ in self._workers:
                try:
                    _send(to_worker, (self._scan_id, str(self.root), cache, cache_tag))
                except OSError:
                    pass  # that worker is gone: its chunks are read by the app

    def take(self, index: FolderIndex, cancelled: Callable[[], bool]) -> Scan | None:
        """The scan asked for with ``index``'s cache file and tag, for the app's ``index``; None if
        no such scan is pending (ask `scan` first)."""
        with self._lock:
            pending = self._pending
            cache = str(index.cache_file) if index.cache_file is not None else None
            if pending is None or pending[1] != cache or pending[2] != index.cache_tag:
                return None
            self._pending = None
        return Scan(self, pending[0], index, cancelled)

    def close(self) -> None:
        """Stop the workers (closing their pipes ends them) and reap them."""
        with self._lock:
            workers, self._workers = self._workers, []
            self._alive = 0
            self._arrived.notify_all()
        for _, to_worker, _ in workers:
            try:
                os.close(to_worker)  # the worker reads the end of its requests and exits
            except OSError:
                pass
        for pid, _, _ in workers:
            try:
                os.kill(pid, signal.SIGTERM)  # if it is busy reading a folder
                os.waitpid(pid, 0)
            except OSError:
                pass
        self._reader.join(1.0)

    # -- replies -----------------------------------------------------------------------------

    def _read_replies(self) -> None:
        """The pool's thread: parse replies as they come; keep the latest scan's."""
        with self._lock:
            fds = {replies: bytearray() for _, _, replies in self._workers}
        while fds:
            try:
                ready, _, _ = select.select(list(fds), [], [], 0.5)
            except (OSError, ValueError):
                break
            for fd in ready:
                buffer = fds[fd]
                try:
                    data = os.read(fd, 1 << 20)
                except OSError:
                    data = b""
                if not data:  # the worker exited (or the pool is closing)
                    del fds[fd]
                    try:
                        os.close(fd)
                    except OSError:
                        pass
                    with self._lock:
                        self._alive -= 1
                        self._arrived.notify_all()
                    continue
                buffer += data
                messages = []
                while len(buffer) >= _HEADER.size:
                    size = _HEADER.unpack_from(buffer)[0]
                    if len(buffer) < _HEADER.size + size:
                        break
                    messages.append(pickle.loads(memoryview(buffer)[_HEADER.size : _HEADER.size + size]))
                    del buffer[: _HEADER.size + size]
                if messages:
                    with self._lock:
                        for scan_id, number, total, rows in messages:
                            if scan_id != self._scan_id:
                                continue  # an older scan's, dropped
                            self._totals.add(total)
                            if number < 0:
                                self._ended += 1
                                if rows is not None:
                                    self._fresh += rows[0]
                                    self._remembered.add(rows[1])
                            else:
                                self._chunks[number] = rows
                        self._arrived.notify_all()


class Scan:
    """The entries of one scan, in the order of the walk, as the workers send them (`entries`)."""

    def __init__(
        self, pool: ScanPool, scan_id: int, index: FolderIndex, cancelled: Callable[[], bool]
    ) -> None:
        self.pool = pool
        self.scan_id = scan_id
        self.index = index
        self.cancelled = cancelled
        #: Whether `entries` gave every article (else: the app reads the rest itself).
        self.complete = False
        #: How many articles the workers' walk found (0 until known).
        self.total = 0

    def entries(self) -> Iterator[tuple[Path, Entry]]:
        """Each article's path and entry, in the walk's order, as they come. Stops early (with
        `complete` false) when a worker is gone, the workers' walks disagree (the folder changed
        meanwhile), a newer scan is asked for, or ``cancelled()``."""
        index = self.index
        number = 0
        # Each row names the schema it was read with, so this process asks the file system
        # nothing per folder (the site shape: 1,366 folders, and 1,044 profiles whose state is
        # part of the key). The first article of each key is looked up here all the same, so the
        # lookup knows every schema in use, in the order met (`SchemaLookup.statuses_in_use`).
        met: set[str] = set()
        while (rows := self._next(number)) is not None:
            for text, row, key in rows:
                path = Path(text)
                if key not in met:
                    met.add(key)
                    index.schema_for(path)
                index.note_schema(path, key)
                yield path, Entry(path, *row)
            number += 1

    @property
    def cache_current(self) -> bool:
        """Whether the index cache already holds exactly these entries (a complete scan, every
        entry taken from it, none left over): saving it again would write the same rows."""
        pool = self.pool
        with pool._lock:
            # The workers' last words follow their last chunks closely: wait a moment for them.
            deadline = time.monotonic() + 0.5
            while self.complete and pool._ended < pool._alive and time.monotonic() < deadline:
                pool._arrived.wait(0.01)
            return (
                self.complete
                and pool._scan_id == self.scan_id
                and pool._ended >= len(pool._workers)
                and pool._fresh == 0
                and pool._remembered == {self.total}
            )

    def _next(self, number: int) -> list[tuple[str, tuple[Any, ...], str]] | None:
        """Chunk ``number`` (waiting for it); None after the last one (`complete`) or when the
        rest will not come."""
        pool = self.pool
        with pool._lock:
            while True:
                if pool._scan_id != self.scan_id or self.cancelled():
                    return None
                if len(pool._totals) > 1 or -1 in pool._totals:
                    return None  # the walks disagree, or one failed
                if pool._totals:
                    self.total = next(iter(pool._totals))
                    if number >= len(chunks(self.total)):
                        self.complete = True
                        return None
                rows = pool._chunks.pop(number, None)
                if rows is not None:
                    return rows
                if pool._ended >= pool._alive:
                    return None  # every worker has finished (or is gone) without this chunk
                pool._arrived.wait(0.05)
