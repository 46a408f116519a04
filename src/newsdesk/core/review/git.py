"""git for the app, lightly: which articles are modified or untracked, and committing one.

Every call runs with a timeout (git and what it started are killed after it), no pager, no
prompt, no optional locks, no fsmonitor hook, ``--literal-pathspecs`` and ``--`` before paths;
diffs (the ``d`` key) also pass ``--no-ext-diff`` / ``--no-textconv``. Nothing is pushed or
pulled. A commit runs the repository's hooks (a pre-commit hook running ``newsdesk validate`` is
the point): their output comes back with a refusal. UI-free: the app calls these from workers.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: Seconds each git command may take.
GIT_TIMEOUT = 5.0
#: Seconds a commit may take (its hooks may validate the folder).
COMMIT_TIMEOUT = 120.0
#: The marks `status` gives: changed (staged or not, added, deleted) and untracked.
MODIFIED, UNTRACKED = "M", "?"


class GitError(Exception):
    """git failed: its first line of stderr (``output``: all it printed)."""

    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output


def run(args: Sequence[str], cwd: Path, data: bytes | None = None, timeout: float = GIT_TIMEOUT) -> bytes:
    """Run git; `GitError` with its first line of stderr. On a timeout git is killed with
    everything it started (its own process group), so a hung helper cannot keep us waiting."""
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0", LC_ALL="C", GIT_TERMINAL_PROMPT="0", GIT_PAGER="cat")
    try:
        proc = subprocess.Popen(
            ["git", "--literal-pathspecs", "-c", "core.quotepath=off", "-c", "core.fsmonitor=false", *args],
            cwd=cwd,
            stdin=subprocess.PIPE if data is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except OSError as exc:
        raise GitError(f"cannot run git: {exc}") from None
    try:
        out, err = proc.communicate(data, timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            proc.kill()
        proc.communicate()
        raise GitError(f"git took longer than {timeout:g} s") from None
    if proc.returncode != 0:
        text = (out + err).decode("utf-8", "replace").strip()
        lines = err.decode("utf-8", "replace").strip().splitlines() or text.splitlines()
        raise GitError(lines[0] if lines else f"git {args[0]} failed", text)
    return out


def _where(folder: Path) -> tuple[Path, str]:
    """The folder to run git in and the pathspec for ``folder`` (a folder, or one file)."""
    if folder.is_dir():
        return folder, "."
    return folder.parent if str(folder.parent) else Path("."), folder.name


def status(folder: Path, *, timeout: float = GIT_TIMEOUT) -> dict[Path, str] | None:
    """The files under ``folder`` that differ from HEAD (`MODIFIED`) or are untracked
    (`UNTRACKED`), keyed by ``folder / <relative path>``. None when git is absent or fails, or
    ``folder`` is not in a git work tree (the app then shows no marks)."""
    cwd, spec = _where(folder)
    try:
        top = run(["rev-parse", "--show-toplevel"], cwd, timeout=timeout).decode("utf-8", "surrogateescape")
        out = run(
            ["status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=all", "--", spec],
            cwd,
            timeout=timeout,
        )
    except GitError:
        return None
    root = Path(top.rstrip("\n"))
    base = Path(os.path.realpath(folder if folder.is_dir() else cwd))
    shown = folder if folder.is_dir() else cwd
    marks: dict[Path, str] = {}
    for item in out.split(b"\0"):
        if len(item) < 4:
            continue
        code, name = item[:2].decode("ascii", "replace"), item[3:].decode("utf-8", "surrogateescape")
        try:
            rel = (root / name).relative_to(base)
        except ValueError:
            continue
        marks[shown / rel] = UNTRACKED if code == "??" else MODIFIED
    return marks


@dataclass(frozen=True)
class Committed:
    """A commit's outcome: ``ok``, and what git (and its hooks) said."""

    ok: bool
    message: str
    output: str = ""


def commit(path: Path, message: str, *, timeout: float = COMMIT_TIMEOUT) -> Committed:
    """Commit ``path`` as it is on disk, and nothing else (``git commit -m message -- path``, which
    takes the file from the work tree whatever the index holds; a file git does not know yet is
    added first). Hooks run; a refusal comes back with their output, and leaves the index as it
    was: the real index is only written when the commit is made, and a new file added for it is
    taken out again (it was left staged, and went into the user's next ``git commit``)."""
    cwd = path.parent if str(path.parent) else Path(".")
    name = path.name
    try:
        known = bool(run(["ls-files", "--", name], cwd, timeout=GIT_TIMEOUT).strip())
        if not known:
            run(["add", "--", name], cwd, timeout=GIT_TIMEOUT)
        try:
            out = run(["commit", "--no-edit", "-m", message, "--", name], cwd, timeout=timeout)
        except GitError:
            if not known:
                with contextlib.suppress(GitError):
                    run(["rm", "--cached", "--quiet", "--", name], cwd, timeout=GIT_TIMEOUT)
            raise
    except GitError as exc:
        return Committed(False, str(exc), exc.output)
    text = out.decode("utf-8", "replace").strip()
    return Committed(True, text.splitlines()[0] if text else "committed", text)
