"""Helpers shared by the commands: finding the articles folder and schema, JSON-safe values."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

from newsdesk.core.rules.schema import Schema, SchemaError, default_schema, find_schema_file, load_schema


def load_schema_or_fail(start: Path) -> Schema:
    """The schema for ``start``; a broken ``newsdesk.toml`` is a usage/configuration error (exit 2)."""
    from newsdesk.cli.errors import UsageError

    found = find_schema_file(start)
    if found is None:
        return default_schema()
    try:
        return load_schema(found)
    except SchemaError as exc:
        raise UsageError(str(exc)) from None


def default_folder(cwd: Path | None = None) -> Path:
    """The configured articles folder, else ``./articles``, else ``.``."""
    here = cwd or Path.cwd()
    found = find_schema_file(here)
    if found is not None:
        try:
            schema = load_schema(found)
        except SchemaError:
            schema = None
        if schema is not None and schema.folder is not None and schema.folder.is_dir():
            return schema.folder
    if (here / "articles").is_dir():
        return here / "articles"
    return here


def relative_to_cwd(path: Path) -> Path:
    """``path`` relative to the working folder when it lies inside it (as a person would type it)."""
    if not path.is_absolute():
        return path
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def resolve_folder(folder: str | None) -> Path:
    from newsdesk.cli.errors import UsageError

    if folder is None:
        return default_folder()
    path = Path(folder)
    if not path.exists():
        from newsdesk.core.model.textsafe import escape_path

        raise UsageError(f"no such file or folder: {escape_path(folder)}")
    return path


def add_follow_symlinks(parser: Any) -> None:
    """The ``--follow-symlinks`` option of every command that writes."""
    parser.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="write through a symbolic link to a file outside the folder (the git work tree, else "
        "newsdesk.toml's folder); refused by default ([articles] follow_symlinks = true allows it)",
    )


def check_link(path: Path, follow_symlinks: bool) -> None:
    """Refuse (exit 1, one line naming the link and its target) a path that leads out of the folder."""
    from newsdesk.cli.errors import CommandError
    from newsdesk.core.model.errors import LinkOutsideError
    from newsdesk.core.write.disk import check_inside

    try:
        check_inside(path, follow_symlinks=follow_symlinks)
    except LinkOutsideError as exc:
        raise CommandError(f"{exc}; nothing was written") from None


def jsonable(value: Any) -> Any:
    """Front-matter values as JSON: dates as ISO strings, everything else as JSON can hold it."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # YAML's .inf / .nan: JSON has no such numbers
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (set, frozenset)):
        return sorted((jsonable(v) for v in value), key=str)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


__all__ = [
    "add_follow_symlinks",
    "check_link",
    "default_folder",
    "default_schema",
    "jsonable",
    "load_schema_or_fail",
    "relative_to_cwd",
    "resolve_folder",
]
