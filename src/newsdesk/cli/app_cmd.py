"""``newsdesk [FOLDER]``: open the app."""

from __future__ import annotations

import sys
from typing import TextIO

from newsdesk.cli.common import load_schema_or_fail, resolve_folder

#: The commands that work without a terminal (for the message when there is none).
HEADLESS = "newsdesk validate, list, show, set or init"


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


def run_app(folder: str | None) -> int:
    """Run the terminal app on ``folder`` (default: configured folder, ./articles, else .)."""
    from newsdesk.cli import UsageError

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
    from newsdesk.ui.app import NewsdeskApp

    app = NewsdeskApp(path, schema=schema)
    app.run()
    return int(app.return_code or 0)
