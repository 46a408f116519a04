"""Editing a file in the user's own editor: ``$VISUAL``, else ``$EDITOR``, else ``vi``.

The command may carry arguments (``EDITOR="code --wait"``, ``VISUAL="vim -u NONE"``); the file's path
is appended. The app is suspended while the editor runs (`App.suspend`), and repainted after.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from textual.app import App, SuspendNotSupported


def editor_command(env: Mapping[str, str] | None = None) -> list[str]:
    """The editor command as a list: ``$VISUAL``, else ``$EDITOR``, else ``["vi"]``."""
    environ = os.environ if env is None else env
    for name in ("VISUAL", "EDITOR"):
        value = (environ.get(name) or "").strip()
        if not value:
            continue
        try:
            parts = shlex.split(value)
        except ValueError:  # an unbalanced quote: take it word by word
            parts = value.split()
        if parts:
            return parts
    return ["vi"]


def run_editor(app: App[Any], path: Path) -> str | None:
    """Run the editor on ``path`` with the app suspended. Returns an error message, or None."""
    command = [*editor_command(), os.fspath(path)]
    error: str | None = None

    def run(**kwargs: object) -> None:
        nonlocal error
        try:
            result = subprocess.run(command, check=False, **kwargs)  # type: ignore[call-overload]
        except FileNotFoundError:
            error = f"editor not found: {command[0]} (set $VISUAL or $EDITOR)"
        except OSError as exc:
            error = f"cannot run {command[0]}: {exc.strerror or exc}"
        else:
            if result.returncode != 0:
                error = f"{command[0]} exited with status {result.returncode}"

    try:
        with app.suspend():
            run()  # never raises: an exception here would skip the app's resume
    except SuspendNotSupported:
        if not app.is_headless:
            return "cannot run an editor here (the terminal cannot be handed over)"
        run(stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    redraw = getattr(app, "action_redraw", None)
    if redraw is not None:
        redraw()
    return error
