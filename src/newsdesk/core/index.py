"""A folder of articles, listed from their front matter.

The index keeps one small `Entry` per article (what the list pane and ``newsdesk list`` show) and
never holds bodies: an article is read whole only when it is opened. Files are found in sorted
order, hidden folders skipped, symlinked folders not followed (so a symlink loop cannot trap the
scan), and every file, however broken, gets an entry carrying its problems.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsdesk.core.article import Article
from newsdesk.core.problems import Problem
from newsdesk.core.reader import load_article

ARTICLE_SUFFIXES = (".md", ".markdown")
Checker = Callable[[Article], list[Problem]]


@dataclass(frozen=True, slots=True)
class Entry:
    """What the list shows of one article."""

    path: Path
    rel: str
    title: str
    date: str
    status: str
    byline: str
    section: str
    tags: tuple[str, ...]
    people: tuple[str, ...]
    format: str | None
    errors: int
    warnings: int
    first_problem: str | None
    mtime_ns: int
    size: int

    @property
    def problem_count(self) -> int:
        return self.errors + self.warnings

    @property
    def search_text(self) -> str:
        """Lower-cased text that the list filter matches against (body words aside)."""
        return " ".join(
            (self.title, self.byline, self.section, self.status, self.rel, *self.tags, *self.people)
        ).casefold()


def is_article_path(path: Path) -> bool:
    return path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.startswith(".")


def iter_article_paths(root: Path) -> Iterator[Path]:
    """Article files under ``root`` (a file or folder), in sorted order."""
    if not root.is_dir():
        yield root
        return
    for folder, dirs, files in os.walk(root, followlinks=False, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
        base = Path(folder)
        for name in sorted(files):
            candidate = base / name
            if is_article_path(candidate):
                yield candidate


def summarize(article: Article, root: Path | None = None, problems: Iterable[Problem] | None = None) -> Entry:
    probs = list(article.problems if problems is None else problems)
    errors = sum(1 for p in probs if p.is_error)
    first = min(probs, key=lambda p: (not p.is_error, p.line, p.column)) if probs else None
    try:
        rel = str(article.path.relative_to(root)) if root and root.is_dir() else str(article.path)
    except ValueError:
        rel = str(article.path)
    date = article.date
    people = tuple(p.label for p in (*article.attendees, *article.speakers))
    fp = article.fingerprint
    return Entry(
        path=article.path,
        rel=rel,
        title=article.title or "",
        date=date.isoformat() if date else "",
        status=article.status or "",
        byline=article.byline or "",
        section=article.section or "",
        tags=tuple(article.tags),
        people=people,
        format=article.format,
        errors=errors,
        warnings=len(probs) - errors,
        first_problem=f"{first.line}:{first.column} {first.message}" if first else None,
        mtime_ns=fp.mtime_ns if fp else 0,
        size=fp.size if fp else 0,
    )


class FolderIndex:
    """Entries for every article under ``root``, refreshed file by file."""

    def __init__(self, root: Path, checker: Checker | None = None) -> None:
        self.root = root
        self.checker = checker
        self.entries: dict[Path, Entry] = {}

    def load_entry(self, path: Path) -> Entry:
        # Positions are skipped: a checker that reports a problem works them out when it needs them.
        article = load_article(path, locations=False)
        problems = self.checker(article) if self.checker else None
        return summarize(article, self.root, problems)

    def scan(self, progress: Callable[[int, int], None] | None = None) -> list[Entry]:
        """(Re)read every article. ``progress(done, total)`` is called now and then."""
        paths = list(iter_article_paths(self.root))
        entries: dict[Path, Entry] = {}
        for n, path in enumerate(paths, 1):
            entries[path] = self.load_entry(path)
            if progress and (n % 250 == 0 or n == len(paths)):
                progress(n, len(paths))
        self.entries = entries
        return list(entries.values())

    def changed_paths(self) -> tuple[list[Path], list[Path]]:
        """Paths added or modified on disk since the last scan, and paths removed."""
        current = set(iter_article_paths(self.root))
        removed = [p for p in self.entries if p not in current]
        changed: list[Path] = []
        for path in sorted(current):
            entry = self.entries.get(path)
            try:
                st = path.stat()
            except OSError:
                if entry is None or entry.mtime_ns != 0:
                    changed.append(path)
                continue
            if entry is None or entry.mtime_ns != st.st_mtime_ns or entry.size != st.st_size:
                changed.append(path)
        return changed, removed

    def refresh(self) -> tuple[list[Entry], list[Path]]:
        """Re-read what changed on disk; returns (updated entries, removed paths)."""
        changed, removed = self.changed_paths()
        for path in removed:
            self.entries.pop(path, None)
        updated = [self.load_entry(p) for p in changed]
        for entry in updated:
            self.entries[entry.path] = entry
        return updated, removed
