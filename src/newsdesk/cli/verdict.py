"""What ``newsdesk submit|approve|request-changes|publish PATH`` share: give one review verdict.

Each verdict is one lossless save: the new status and one entry appended to the article's
``review`` list (`newsdesk.core.rules.workflow`). A refused move (not allowed by the workflow, invalid in
the new status, self-approval where it is off) is exit 1 with the reason, the file unchanged; a
missing file or a folder is exit 2. If the file changes on disk while the command runs, it is read
again and the verdict merged with the other writer's change (`newsdesk.core.write.merge`: another verdict
given meanwhile is kept beside this one); when the other writer moved the status too, the move is
planned again from the new version.
"""

from __future__ import annotations

import argparse
import difflib
import os
import stat
import sys
from pathlib import Path

from newsdesk.cli.common import add_follow_symlinks, check_link, load_schema_or_fail
from newsdesk.cli.errors import CommandError, UsageError
from newsdesk.core.model.errors import ConflictError, ReadOnlyError, SaveError
from newsdesk.core.model.textsafe import clean, clean_line, escape_path
from newsdesk.core.read.reader import load_article
from newsdesk.core.review.verdicts import MoveRefused, plan_move, reviewer_name
from newsdesk.core.rules.workflow import COMMAND_OF

#: How many times a verdict is planned again when the file keeps changing under it.
MAX_TRIES = 5


def configure(parser: argparse.ArgumentParser, verdict: str) -> None:
    command = COMMAND_OF[verdict]
    parser.add_argument("path", metavar="PATH", help="the article file")
    note_help = {
        "changes-requested": "what should change (required)",
        "approved": "an optional note for the author",
    }.get(verdict, "an optional note")
    parser.add_argument(
        "-m",
        "--message",
        dest="note",
        metavar="NOTE",
        required=verdict == "changes-requested",
        help=f"{note_help}; '-' reads it from standard input",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="allow a move the workflow allows only when forced (published -> draft by default)",
    )
    parser.add_argument(
        "-n", "--dry-run", action="store_true", help="print the change as a diff; write nothing"
    )
    add_follow_symlinks(parser)
    parser.epilog = (
        f"Exit codes: 0 done, 1 refused (the reason on stderr, file unchanged), 2 usage error.\n"
        f"The reviewer is `name` in newsdesk's config.toml, else git's user.name, else the login.\n"
        f"example: newsdesk {command} articles/x.md"
        + (" -m 'The second paragraph repeats the first.'" if verdict == "changes-requested" else "")
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter


def _check_path(path: Path) -> None:
    shown = escape_path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise UsageError(f"no such file: {shown}") from None
    except OSError:
        return  # unreadable: load_article says why (exit 1)
    if stat.S_ISDIR(st.st_mode):
        raise UsageError(f"{shown} is a folder: give one article file")


def run(args: argparse.Namespace, verdict: str) -> int:
    path = Path(args.path)
    _check_path(path)
    note = args.note
    if note == "-":
        note = sys.stdin.read()
    if verdict == "changes-requested" and not (note or "").strip():
        raise UsageError("request-changes needs a note: -m NOTE")
    schema = load_schema_or_fail(path.parent if path.parent.parts else Path("."))
    shown = escape_path(path)
    follow = args.follow_symlinks or schema.follow_symlinks
    check_link(path, follow)
    _check_unsaved_edits(path, shown)
    reviewer = reviewer_name(path.parent if path.parent.parts else Path("."))
    order = list(schema.fields)
    from newsdesk.core.rules.workflow import REVIEW_FIELD
    from newsdesk.core.write.merge import write_merging
    from newsdesk.core.write.save import render

    if REVIEW_FIELD not in order:
        order.append(REVIEW_FIELD)
    for _ in range(MAX_TRIES):
        article = load_article(path)
        if article.fingerprint is None or article.read_only:
            why = article.problems[0].message if article.problems else "cannot be read"
            raise CommandError(f"{shown}: {clean_line(why)}; file unchanged")
        before = schema.roles.status_of(article.metadata)
        try:
            changes = plan_move(article, schema, verdict, reviewer, note, force=args.force)
            text = render(article, changes, order=order)
        except MoveRefused as exc:
            raise CommandError(f"{shown}: {clean_line(exc, None)}; file unchanged") from None
        except SaveError as exc:
            raise CommandError(f"{clean_line(exc, None)}; file unchanged") from None
        if args.dry_run:
            diff = difflib.unified_diff(
                article.text.splitlines(keepends=True), text.splitlines(keepends=True), str(path), str(path)
            )
            sys.stdout.write(clean("".join(diff)))
            return 0
        try:
            write_merging(article, text, order=order, tries=MAX_TRIES, follow_symlinks=follow)
        except ConflictError:
            # The status moved on disk meanwhile (or the file kept changing): plan again from the
            # new version, which says why the move is no longer allowed if it is not.
            continue
        except ReadOnlyError as exc:
            raise CommandError(f"{clean_line(exc, None)}; file unchanged") from None
        except SaveError as exc:
            raise CommandError(f"{clean_line(exc, None)}; file unchanged") from None
        after = schema.workflow.target(verdict)
        print(f"{shown}: {verdict} by {clean_line(reviewer)} ({before} -> {after})")
        return 0
    raise CommandError(f"{shown} kept changing on disk ({MAX_TRIES} tries); file unchanged")


def _check_unsaved_edits(path: Path, shown: str) -> None:
    """Edits kept from the app (edit mode's journal) come first: a verdict would be given on a
    version its editor has not finished with."""
    from newsdesk.core.write import journal

    try:
        kept = journal.entry_for(path)
    except Exception:  # an unreadable journal never blocks a verdict
        return
    if kept is not None:
        raise CommandError(
            f"{shown}: unsaved edits are kept for this article (newsdesk recover lists them): "
            "save or discard them in the app first; file unchanged"
        )
