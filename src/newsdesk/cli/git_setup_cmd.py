"""``newsdesk git-setup``: let git merge articles field by field (`newsdesk merge-driver`).

Writes two things, and says what it wrote:

* ``*.md merge=newsdesk`` and ``*.markdown merge=newsdesk`` in the repository's ``.gitattributes``
  (added once; the file is committed, so the whole team's clones use the driver);
* the driver in the repository's git config (``--global``: the user's): ``merge.newsdesk.name`` and
  ``merge.newsdesk.driver``, a command running this very newsdesk (the absolute path of the Python
  it runs in, ``-m newsdesk merge-driver %O %A %B %P``), so it works from a virtualenv that is not
  on git's PATH. Config is not shared by git: each clone (or user, with ``--global``) runs it once.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
from pathlib import Path

from newsdesk.cli.errors import CommandError
from newsdesk.core.model.textsafe import clean_line, escape_path

PATTERNS = ("*.md", "*.markdown")
#: git with no pager and no prompt (git-setup runs only rev-parse and config: nothing diffs).
_GIT_ENV = {"GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0"}
_TIMEOUT = 30.0


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--global",
        dest="global_",
        action="store_true",
        help="install the driver in your global git config (every repository); .gitattributes still per repository",
    )
    parser.add_argument("folder", nargs="?", default=".", help="a folder inside the repository (default: .)")


def driver_command() -> str:
    """The driver git runs (through a shell): this Python, ``-P -m newsdesk merge-driver`` (``-P``: a
    folder named newsdesk in the repository is never imported instead)."""
    return f"{shlex.quote(sys.executable)} -P -m newsdesk merge-driver %O %A %B %P"


def _git(folder: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "--no-pager", *args],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            check=False,
            env={**os.environ, **_GIT_ENV},
        )
    except FileNotFoundError:
        raise CommandError("git-setup: git is not installed (or not on PATH)") from None
    except (OSError, subprocess.SubprocessError) as exc:
        raise CommandError(f"git-setup: git failed: {clean_line(exc)}") from None
    if done.returncode != 0:
        why = clean_line(done.stderr.strip() or f"exit {done.returncode}")
        raise CommandError(f"git-setup: git {args[0]}: {why}")
    return done.stdout


def run(args: argparse.Namespace) -> int:
    from newsdesk.core.write.disk import atomic_write

    folder = Path(args.folder)
    if not folder.is_dir():
        raise CommandError(f"git-setup: not a folder: {escape_path(folder)}")
    try:
        top = Path(_git(folder, "rev-parse", "--show-toplevel").rstrip("\n"))
    except CommandError:
        raise CommandError(f"git-setup: {escape_path(folder)} is not inside a git repository") from None
    attributes = top / ".gitattributes"
    try:
        old = attributes.read_bytes().decode("utf-8", "surrogateescape")
    except FileNotFoundError:
        old = ""
    except OSError as exc:
        raise CommandError(f"git-setup: cannot read {escape_path(attributes)}: {exc.strerror}") from None
    have = {" ".join(line.split()) for line in old.splitlines()}
    missing = [f"{p} merge=newsdesk" for p in PATTERNS if f"{p} merge=newsdesk" not in have]
    if missing:
        sep = "" if not old or old.endswith("\n") else "\n"
        new = old + sep + "".join(line + "\n" for line in missing)
        atomic_write(attributes, new.encode("utf-8", "surrogateescape"))
        for line in missing:
            print(f"{escape_path(attributes)}: added {line}")
    else:
        print(f"{escape_path(attributes)}: already has {', '.join(f'{p} merge=newsdesk' for p in PATTERNS)}")
    scope = "--global" if args.global_ else "--local"
    settings = {
        "merge.newsdesk.name": "newsdesk: merge articles field by field",
        "merge.newsdesk.driver": driver_command(),
    }
    for key, value in settings.items():
        _git(top, "config", scope, key, value)
        print(f"git config {scope} {key} {shlex.quote(value)}")
    print("commit .gitattributes so every clone uses the driver; run newsdesk git-setup once in each clone")
    return 0
