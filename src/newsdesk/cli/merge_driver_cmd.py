"""``newsdesk merge-driver BASE OURS THEIRS [PATH]``: git's merge driver for articles.

git runs it (``newsdesk git-setup`` installs it) as ``%O %A %B %P`` when a file changed on both
branches: it merges the three versions field by field (`newsdesk.core.write.merge`) and writes the result
over OURS (git's ``%A``), atomically. Two branches changing different fields, or both appending a
review verdict, merge clean (exit 0). A field both changed differently gets standard conflict
markers around that field's lines only (``<<<<<<< ours`` / ``=======`` / ``>>>>>>> theirs``), and
overlapping body edits around those body lines (exit 1: git reports a conflict; ``newsdesk
validate`` then names the file and the line). A version whose front matter does not parse is
merged as plain lines, as ``git merge-file`` would.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsdesk.cli.errors import CommandError
from newsdesk.core.model.textsafe import clean_line, escape_path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", metavar="BASE", help="the common ancestor's version (git's %%O)")
    parser.add_argument(
        "ours", metavar="OURS", help="this branch's version; the result is written here (%%A)"
    )
    parser.add_argument("theirs", metavar="THEIRS", help="the other branch's version (%%B)")
    parser.add_argument("path", metavar="PATH", nargs="?", help="the file's path in the repository (%%P)")
    parser.epilog = "Exit codes: 0 merged clean, 1 conflicts left (marked in the file), 2 usage error."


def _read(name: str) -> bytes:
    try:
        with open(name, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise CommandError(f"merge-driver: cannot read {escape_path(name)}: {exc.strerror or exc}") from None


def run(args: argparse.Namespace) -> int:
    from newsdesk.core.model.errors import SaveError
    from newsdesk.core.write.disk import atomic_write
    from newsdesk.core.write.merge import merge_files

    base, ours, theirs = _read(args.base), _read(args.ours), _read(args.theirs)
    shown = escape_path(args.path or args.ours)
    data, clean = merge_files(base, ours, theirs, args.path or args.ours)
    if data != ours:
        try:
            atomic_write(Path(args.ours), data)
        except (OSError, SaveError) as exc:
            raise CommandError(f"merge-driver: cannot write {shown}: {clean_line(exc)}") from None
    if not clean:
        print(f"newsdesk merge-driver: {shown}: conflicts left, marked in the file", file=sys.stderr)
        return 1
    return 0
