"""The ``newsdesk`` command.

``newsdesk [FOLDER]`` opens the app; ``newsdesk COMMAND ...`` runs a headless command. Each command
lives in its own module with ``configure(parser)`` and ``run(args) -> int`` and is imported only when
it runs, so ``newsdesk validate`` never pays for textual.

Exit codes are an API, the same for every command: 0 ok, 1 the command's own failure (errors
found, refused), 2 usage or configuration error (a bad option, a missing path, a broken
newsdesk.toml). Errors go to stderr as one line, never a traceback.
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

from newsdesk import __version__
from newsdesk.cli.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, CommandError, UsageError

#: name -> (module, one-line summary)
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("newsdesk.cli.validate_cmd", "check articles against the schema (pre-commit, CI)"),
    "list": ("newsdesk.cli.list_cmd", "one line per article: path, date, status, title"),
    "show": ("newsdesk.cli.show_cmd", "print an article's metadata and body"),
    "set": ("newsdesk.cli.set_cmd", "change front-matter fields without touching anything else"),
    "init": ("newsdesk.cli.init_cmd", "write the default schema as newsdesk.toml"),
    "new": ("newsdesk.cli.new_cmd", "start a new article (draft) and print its path"),
    "recover": ("newsdesk.cli.recover_cmd", "list unsaved edits kept for recovery"),
    "submit": ("newsdesk.cli.submit_cmd", "submit an article for review (draft -> review)"),
    "approve": ("newsdesk.cli.approve_cmd", "approve an article in review [-m NOTE]"),
    "request-changes": ("newsdesk.cli.request_changes_cmd", "send an article back with a note (-m NOTE)"),
    "publish": ("newsdesk.cli.publish_cmd", "publish an approved article"),
    "log": ("newsdesk.cli.log_cmd", "an article's review history (--json)"),
    "review": ("newsdesk.cli.review_cmd", "open the app on the review queue"),
    "people": ("newsdesk.cli.people_cmd", "who attended and spoke where; names written the same way"),
    "git-setup": ("newsdesk.cli.git_setup_cmd", "let git merge articles field by field (.gitattributes)"),
    "merge-driver": ("newsdesk.cli.merge_driver_cmd", "git's merge driver: BASE OURS THEIRS [PATH]"),
}


def _columns() -> int:
    """``shutil.get_terminal_size().columns``, without importing shutil (and with it zlib, bz2
    and lzma: ~2 ms of every ``newsdesk validate``): argparse makes a help formatter for each
    option it adds, and the formatter asks for the width."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # no stdout, not a terminal
            columns = 80
    return columns


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, as wide as the terminal (as argparse makes it), without shutil."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        super().__init__(
            prog, indent_increment, max_help_position, _columns() - 2 if width is None else width
        )


class _RawFormatter(argparse.RawDescriptionHelpFormatter, _Formatter):
    """`argparse.RawDescriptionHelpFormatter` without shutil."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _epilog() -> str:
    lines = ["commands:"]
    lines += [f"  {name:<16} {summary}" for name, (_, summary) in COMMANDS.items()]
    lines.append("")
    lines.append("Run 'newsdesk COMMAND --help' for a command's options.")
    return "\n".join(lines)


def _app_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newsdesk",
        description="Browse, validate and edit a newsroom's Markdown articles from a terminal.",
        epilog=_epilog(),
        formatter_class=_RawFormatter,
    )
    parser.add_argument(
        "folder",
        nargs="?",
        help="folder of articles to open (default: the configured folder, else ./articles, else .)",
    )
    parser.add_argument("--version", action="version", version=f"newsdesk {__version__}")
    return parser


def _check_app_folder(folder: str) -> None:
    """``newsdesk WORD``: WORD must be a command or an existing path; say which it was meant to be."""

    if os.path.lexists(folder):
        return
    from newsdesk.core.model.textsafe import escape_path

    message = f"no such command or folder: {escape_path(folder)}"
    if os.sep not in folder:
        from newsdesk.core.model.problems import did_you_mean

        close = did_you_mean(folder, COMMANDS, cutoff=0.6)
        if close:
            message += f" (did you mean {close}?)"
    raise UsageError(message)


#: Commands whose process ends at once when they are done (`run`): they read, and write nothing
#: but caches through the atomic save (closed, and waited for by their exit handlers). After a
#: folder of 4,000 files, freeing every object and module one by one takes the interpreter 10-15 ms.
QUICK_EXIT = frozenset({"validate", "list", "people"})


def run() -> None:
    """The ``newsdesk`` console script and ``python -m newsdesk``: `main`, then exit with its code.

    After a `QUICK_EXIT` command that ran to its end in a process running no other thread, the
    exit handlers run (``atexit``: the people cache's writer is waited for there), the output is
    flushed and the process ends without the interpreter's teardown. Anything else (a closed
    pipe, another thread, another command) exits the usual way."""
    code = main()
    argv = sys.argv[1:]
    if not argv or argv[0] not in QUICK_EXIT:
        raise SystemExit(code)
    threading = sys.modules.get("threading")
    handlers = getattr(atexit, "_run_exitfuncs", None)
    if handlers is None or (threading is not None and threading.active_count() != 1):
        raise SystemExit(code)
    handlers()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a pipe closed early, a stream closed: the usual exit copes
        raise SystemExit(code) from None
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] in COMMANDS:
            name = args_list[0]
            module_name, summary = COMMANDS[name]
            module = importlib.import_module(module_name)
            parser = _Parser(prog=f"newsdesk {name}", description=summary)
            module.configure(parser)
            args = parser.parse_args(args_list[1:])
            return int(module.run(args))
        if args_list and not args_list[0].startswith("-"):
            # Before argparse: `newsdesk valdate articles` is a mistyped command, not two folders.
            _check_app_folder(args_list[0])
        args = _app_parser().parse_args(args_list)
        from newsdesk.cli.app_cmd import run_app

        return run_app(args.folder)
    except UsageError as exc:
        print(f"newsdesk: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CommandError as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `newsdesk list | head`: stop quietly.
        sys.stderr.close()
        return EXIT_OK
