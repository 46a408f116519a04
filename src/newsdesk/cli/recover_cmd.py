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
from pathlib import Path

from newsdesk.cli import CommandError
from newsdesk.core.journal import list_entries, recovery_dir, remove_entry
from newsdesk.core.textsafe import clean_line

_STATE = {
    "unchanged": "file unchanged since",
    "changed": "FILE CHANGED ON DISK since: restoring opens the conflict dialog",
    "missing": "FILE DELETED since",
    "new": "new article, never saved",
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the entries as JSON")
    parser.add_argument("--discard", metavar="PATH", help="forget the kept edits of PATH (an article file)")


def run(args: argparse.Namespace) -> int:
    if args.discard is not None:
        path = Path(args.discard)
        if not remove_entry(path):
            raise CommandError(f"no kept edits for {clean_line(args.discard)}")
        print(f"{clean_line(args.discard)}: kept edits discarded")
        return 0
    entries = list_entries()
    if args.json:
        rows = [
            {
                "path": str(e.path),
                "saved_at": dt.datetime.fromtimestamp(e.saved_at).isoformat(timespec="seconds"),
                "state": e.file_state(),
                "changes": e.describe(),
            }
            for e in entries
        ]
        print(json.dumps({"folder": str(recovery_dir()), "entries": rows}, ensure_ascii=False, indent=1))
        return 0
    if not entries:
        print(f"no unsaved edits kept (in {clean_line(recovery_dir())})")
        return 0
    for e in entries:
        when = dt.datetime.fromtimestamp(e.saved_at).strftime("%Y-%m-%d %H:%M")
        print(f"{clean_line(e.path)}")
        print(f"  kept {when}; {_STATE[e.file_state()]}")
        print(f"  {clean_line('; '.join(e.describe()) or 'no changes')}")
    print(f"{len(entries)} kept; open the article in newsdesk (e) to restore or discard")
    return 0
