"""``newsdesk init [FOLDER]``: write the default schema as ``newsdesk.toml``."""

from __future__ import annotations

import argparse
import copy
import os
from pathlib import Path

import tomli_w

from newsdesk.core.schema import DEFAULT_SCHEMA, SCHEMA_FILENAME

HEADER = """\
# newsdesk schema: what a valid article is. See the README ("Schema") for every setting.
# field types: string | text | date | datetime | integer | boolean | url | enum | list | object
# required: true, or a status from which on the field is required (e.g. "review").

"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", nargs="?", default=".", help="where to write newsdesk.toml (default: .)")


def run(args: argparse.Namespace) -> int:
    from newsdesk.cli import CommandError, UsageError

    folder = Path(args.folder)
    if not folder.is_dir():
        from newsdesk.core.textsafe import escape_path

        what = "not a folder" if os.path.lexists(folder) else "no such folder"
        raise UsageError(f"{what}: {escape_path(args.folder)}")
    target = folder / SCHEMA_FILENAME
    schema = copy.deepcopy(DEFAULT_SCHEMA)
    schema["articles"]["folder"] = "articles" if (folder / "articles").is_dir() else "."
    text = HEADER + tomli_w.dumps(schema)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise CommandError(f"{target} already exists; not overwriting it") from None
    except OSError as exc:
        raise CommandError(f"cannot write {target}: {exc.strerror}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    print(f"wrote {target}")
    return 0
