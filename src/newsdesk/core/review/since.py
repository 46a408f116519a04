"""What changed in an article since its last review verdict, from git (the ``d`` key).

The version "at the last verdict" is the file as it was in the first commit that holds that
verdict's entry in its ``review`` list; the diff goes from there to the file on disk now, so it
covers later commits and uncommitted changes alike, front matter and body. The last verdict is the
last one a reviewer gave (``approved``, ``changes-requested``, ``published``): an author's
``submitted`` does not count, or a resubmitted article would show no changes at all.

Two git processes, whatever the history's length: ``git log`` lists the commits that touched the
file, ``git cat-file --batch`` hands over every version of it. Each runs with a timeout. Pure
apart from reading the file and running git; never imports textual.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from newsdesk.core.read.reader import parse_article
from newsdesk.core.review.git import GIT_TIMEOUT, GitError, run
from newsdesk.core.rules.workflow import Verdict, history

#: How many commits of the file's history are looked through at most.
MAX_COMMITS = 500
#: Lines of context around each change.
CONTEXT = 3

Kind = Literal["hunk", "context", "added", "removed"]


@dataclass(frozen=True, slots=True)
class DiffLine:
    """One line of the diff. ``spans``: (start, end) of the words that changed within it."""

    kind: Kind
    text: str
    old_no: int | None = None
    new_no: int | None = None
    spans: tuple[tuple[int, int], ...] = ()


@dataclass
class Changes:
    """The answer for one article: what to compare, and why."""

    #: ok: ``lines`` is a diff; whole: no earlier verdict, ``lines`` is the whole article;
    #: no-git: not in a git work tree; error: git failed (``note`` says how).
    state: Literal["ok", "whole", "no-git", "error"]
    note: str
    lines: list[DiffLine] = field(default_factory=list)
    base: Verdict | None = None
    base_commit: str | None = None
    #: Commits of the file after the base version, and whether the file differs from HEAD.
    commits_since: int = 0
    uncommitted: bool = False


def _blobs(folder: Path, name: str, commits: list[str], timeout: float) -> dict[str, bytes | None]:
    """Every commit's version of ``name`` (None where the file did not exist), in one process."""
    request = "".join(f"{c}:./{name}\n" for c in commits).encode("utf-8", "surrogateescape")
    out = run(["cat-file", "--batch"], folder, request, timeout)
    result: dict[str, bytes | None] = {}
    pos = 0
    for commit in commits:
        eol = out.index(b"\n", pos)
        header = out[pos:eol].split()
        pos = eol + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            result[commit] = out[pos : pos + size]
            pos += size + 1
        else:
            result[commit] = None
    return result


def _same_entry(entries: list[Verdict], base: Verdict) -> bool:
    return any(
        e.index == base.index and e.by == base.by and e.verdict == base.verdict and e.at_text == base.at_text
        for e in entries
    )


def base_verdict(entries: list[Verdict]) -> Verdict | None:
    """The last verdict a reviewer gave (not an author's ``submitted``)."""
    for entry in reversed(entries):
        if entry.verdict and entry.verdict != "submitted":
            return entry
    return None


def _text(data: bytes) -> str:
    text = data.decode("utf-8", "replace")
    return text[1:] if text.startswith("\ufeff") else text


def changes_since_last_verdict(path: Path, *, timeout: float = GIT_TIMEOUT) -> Changes:
    """What changed in ``path`` since its last verdict (see the module's docstring)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Changes("error", f"cannot read the file: {exc.strerror or exc}")
    now = parse_article(data, path)
    now_text = _text(data)
    base = base_verdict(history(now.metadata))
    if base is None:
        return Changes("whole", "no earlier verdict: the whole article", _whole(now_text))
    folder = path.parent if str(path.parent) else Path(".")
    name = path.name
    if "\n" in name or "\r" in name:  # git cat-file --batch reads one name per line
        return Changes("error", "git cannot be asked about a file name with a line break in it", base=base)
    try:
        raw = run(
            ["log", "--no-ext-diff", "--no-textconv", f"-n{MAX_COMMITS}", "--format=%H", "--", name],
            folder,
            timeout=timeout,
        )
    except GitError as exc:
        if "not a git repository" in str(exc):
            return Changes(
                "no-git", "not in a git work tree: the changes since a verdict need git history", base=base
            )
        if "does not have any commits yet" not in str(exc):
            return Changes("error", f"git: {exc}", base=base)
        raw = b""  # a repository without a commit yet
    commits = raw.decode("ascii", "replace").split()
    if not commits:
        return Changes(
            "whole",
            "the file has no git history yet (never committed): the whole article",
            _whole(now_text),
            base,
        )
    try:
        blobs = _blobs(folder, name, commits, timeout)
    except (GitError, ValueError) as exc:
        return Changes("error", f"git: {exc}", base=base)
    # Newest to oldest: the oldest commit that still holds the verdict is the version it was given on.
    found: str | None = None
    for commit in commits:
        blob = blobs.get(commit)
        if blob is None:
            break
        if not _same_entry(history(parse_article(blob, path).metadata), base):
            break
        found = commit
    head_blob = blobs.get(commits[0])
    uncommitted = head_blob is None or head_blob != data
    if found is None:
        old = _text(head_blob) if head_blob is not None else ""
        lines = diff_lines(old, now_text)
        return Changes(
            "ok",
            "the last verdict is not committed yet: showing the changes since the last commit",
            lines,
            base,
            commits[0],
            0,
            uncommitted,
        )
    old_blob = blobs[found]
    assert old_blob is not None
    since = commits.index(found)
    lines = diff_lines(_text(old_blob), now_text)
    note = "no changes since the last verdict" if not any(line.kind != "context" for line in lines) else ""
    return Changes("ok", note, lines, base, found, since, uncommitted)


def _whole(text: str) -> list[DiffLine]:
    return [DiffLine("context", line, n, n) for n, line in enumerate(text.splitlines(), 1)]


# -- the diff ----------------------------------------------------------------------------------

_WORD = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _word_spans(old: str, new: str) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
    """Where ``old`` and ``new`` differ, word by word: (old spans, new spans)."""
    a, b = _words(old), _words(new)
    if len(a) * len(b) > 250_000:  # a huge paragraph: the whole line is the change
        return ((0, len(old)),), ((0, len(new)),)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    old_spans: list[tuple[int, int]] = []
    new_spans: list[tuple[int, int]] = []
    a_pos = [0]
    for w in a:
        a_pos.append(a_pos[-1] + len(w))
    b_pos = [0]
    for w in b:
        b_pos.append(b_pos[-1] + len(w))
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            old_spans.append((a_pos[i1], a_pos[i2]))
        if j2 > j1:
            new_spans.append((b_pos[j1], b_pos[j2]))
    return tuple(old_spans), tuple(new_spans)


def diff_lines(old: str, new: str, context: int = CONTEXT) -> list[DiffLine]:
    """A unified diff of ``old`` -> ``new`` as `DiffLine` s; a changed line paired with its new
    version carries the spans of the words that changed."""
    a, b = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out: list[DiffLine] = []
    for group in matcher.get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        out.append(
            DiffLine(
                "hunk",
                f"@@ -{first[1] + 1},{last[2] - first[1]} +{first[3] + 1},{last[4] - first[3]} @@",
            )
        )
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [DiffLine("context", a[i], i + 1, j1 + (i - i1) + 1) for i in range(i1, i2)]
                continue
            pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
            removed = [DiffLine("removed", a[i], i + 1, None) for i in range(i1, i2)]
            added = [DiffLine("added", b[j], None, j + 1) for j in range(j1, j2)]
            for k in range(pairs):
                old_spans, new_spans = _word_spans(a[i1 + k], b[j1 + k])
                removed[k] = DiffLine("removed", a[i1 + k], i1 + k + 1, None, old_spans)
                added[k] = DiffLine("added", b[j1 + k], None, j1 + k + 1, new_spans)
            out += removed + added
    return out
