"""``newsdesk recover [--discard PATH]``: list the unsaved edits kept for recovery.

Edit mode keeps unsaved edits in ``$XDG_STATE_HOME/newsdesk/recovery/`` (written a couple of seconds
after typing stops, and when the app is killed, e.g. by a dropped SSH link). Opening the article in
the app offers to restore them. This command lists them: the article, when the edits were kept,
what they change, and whether the file has changed since.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from newsdesk.cli.errors import CommandError
from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.write import journal
from newsdesk.core.write.journal import Entry, recovery_dir, scan

_STATE = {
    "unchanged": "file unchanged since",
    "changed": "FILE CHANGED ON DISK since: restoring opens the conflict dialog",
    "missing": "FILE DELETED since",
    "new": "new article, never saved",
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the entries as JSON")
    parser.add_argument("--discard", metavar="PATH", help="forget the kept edits of PATH (an article file)")


def _writer(e: Entry) -> str:
    """`` (app pid N, gone)`` / ``still open there``; nothing for an entry of an older version."""
    if e.writer is None:
        return ""
    return f" (app pid {e.writer[0]}, {'still open there' if e.writer_state() == 'live' else 'gone'})"


def _discard(arg: str) -> int:
    path = Path(arg)
    entries, _damaged = journal.entries_for(path)
    kept = [e for e in entries if e.has_edits]
    live = [e for e in kept if e.writer_state() == "live"]
    gone = [e for e in kept if e.writer_state() != "live"]
    if not gone:
        if live:
            pids = ", ".join(str(e.writer[0]) for e in live if e.writer is not None)
            raise CommandError(
                f"{clean_line(arg)} is open in another newsdesk (pid {pids}): save or discard its edits there"
            )
        raise CommandError(f"no kept edits for {clean_line(arg)}")
    for e in gone:
        journal.discard(e)
    sets = "kept edits" if len(gone) == 1 else f"{len(gone)} sets of kept edits"
    print(f"{clean_line(arg)}: {sets} discarded")
    return 0


def run(args: argparse.Namespace) -> int:
    if args.discard is not None:
        return _discard(args.discard)
    found, damaged = scan()
    entries = [e for e in found if e.has_edits]
    if args.json:
        rows = [
            {
                "path": str(e.path),
                "saved_at": dt.datetime.fromtimestamp(e.saved_at).isoformat(timespec="seconds"),
                "state": e.file_state(),
                "changes": e.describe(),
                "writer": None
                if e.writer is None
                else {"pid": e.writer[0], "running": e.writer_state() == "live"},
            }
            for e in entries
        ]
        bad = [{"file": str(d.file), "problem": d.reason} for d in damaged]
        print(
            json.dumps(
                {"folder": str(recovery_dir()), "entries": rows, "damaged": bad}, ensure_ascii=False, indent=1
            )
        )
        return 1 if damaged else 0
    if not entries and not damaged:
        print(f"no unsaved edits kept (in {clean_line(recovery_dir())})")
        return 0
    for e in entries:
        print(f"{clean_line(e.path)}")
        print(f"  kept {e.kept_at()}{_writer(e)}; {_STATE[e.file_state()]}")
        print(f"  {clean_line('; '.join(e.describe()) or 'no changes')}")
    if entries:
        print(f"{len(entries)} kept; open the article in newsdesk (e) to restore or discard")
    for d in damaged:
        print(
            f"newsdesk: damaged recovery entry {clean_line(d.file)}: {clean_line(d.reason)} (delete the file to forget it)",
            file=sys.stderr,
        )
    return 1 if damaged else 0
