"""``newsdesk [FOLDER]``: open the app."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from newsdesk.cli.common import load_schema_or_fail, resolve_folder

if TYPE_CHECKING:
    from newsdesk.core.folder.scanpool import ScanPool
    from newsdesk.core.rules.schema import Schema

#: The commands that work without a terminal (for the message when there is none).
HEADLESS = "newsdesk validate, list, show, set, init, log or the verdict commands"


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # closed or detached
        return False


def missing_terminal() -> list[str]:
    """The standard streams that are not a terminal (the app reads keys from stdin and draws on
    stderr; stdout must be one too, or ``newsdesk >log`` would draw where nobody looks)."""
    streams = {"stdin": sys.stdin, "stdout": sys.stdout, "stderr": sys.stderr}
    return [name for name, stream in streams.items() if not _is_terminal(stream)]


def run_app(folder: str | None, start: str | None = None) -> int:
    """Run the terminal app on ``folder`` (default: configured folder, ./articles, else .).

    ``start="review"`` opens it on the review queue.
    """
    from newsdesk.cli.errors import UsageError

    missing = missing_terminal()
    if missing:
        # Without this, `newsdesk </dev/null >log` (or `ssh host newsdesk` without -t) spun at
        # 100% CPU writing escape codes forever.
        streams = " and ".join(missing)
        verb = "is" if len(missing) == 1 else "are"
        raise UsageError(
            f"the app needs a terminal, and {streams} {verb} not one (over ssh, use 'ssh -t'); "
            f"without a terminal use {HEADLESS}"
        )
    path = resolve_folder(folder)
    schema = load_schema_or_fail(path if path.is_dir() else path.parent)
    pool = start_up(path, schema)
    try:
        from newsdesk.ui.app import NewsdeskApp

        app = NewsdeskApp(path, schema=schema, start=start, scan_pool=pool)
        app.run()
    finally:
        if pool is not None:
            pool.close()
    return int(app.return_code or 0)


def start_up(path: Path, schema: Schema) -> ScanPool | None:
    """What the command does before the app is imported: the garbage collector off until the
    first scan is listed (`newsdesk.ui.screens.main.MainScreen` turns it on again: starting
    makes no cyclic garbage worth collecting, and the collector's passes over the modules
    being imported and the entries arriving cost about a tenth of the start on 4,041 articles),
    and the scan workers forked and reading (`_start_scan`)."""
    import gc

    gc.disable()
    return _start_scan(path, schema)


def _start_scan(path: Path, schema: Schema) -> ScanPool | None:
    """Worker processes that read the folder (one per core), forked now, while this process
    runs one thread and has the real standard streams, and already reading it (with the index
    cache the app will use) while the app is imported and started."""
    if not path.is_dir():
        return None
    from newsdesk.core.folder.index import cache_file_for, cache_tag
    from newsdesk.core.folder.scanpool import ScanPool
    from newsdesk.ui.config import cache_dir

    pool = ScanPool.start(path, schema)
    if pool is not None:
        pool.scan(cache_file_for(path, cache_dir()), cache_tag(schema))
    return pool
