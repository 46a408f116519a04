"""How the review history is shown: the sidebar's Review section (newest first, notes wrapped),
the narrow layout's one-line summary, and the symbols the list and the queue use.

Built from plain strings through `clean_line`/`clean`, never markup: notes are article data.
"""

from __future__ import annotations

import datetime as dt

from textual.content import Content

from newsdesk.core.model.article import Article
from newsdesk.core.model.textsafe import clean, clean_line
from newsdesk.core.rules.workflow import Verdict, history, waited

#: A verdict's symbol and style (the symbol carries the meaning without colour too).
VERDICT_MARK: dict[str, tuple[str, str]] = {
    "submitted": ("→", "$accent"),
    "approved": ("✓", "$success"),
    "changes-requested": ("↩", "bold $warning"),
    "published": ("↑", "$primary"),
}
#: How many entries the sidebar shows (the rest are counted).
SHOWN_ENTRIES = 50

Line = tuple[Content, int | None]


def clock() -> dt.datetime:
    """The time "how long ago" is counted from (tests and snapshots pin it)."""
    return dt.datetime.now(dt.UTC)


def mark(verdict: str) -> tuple[str, str]:
    return VERDICT_MARK.get(verdict, ("?", "$text-muted"))


def when(entry: Verdict, now: dt.datetime | None = None) -> str:
    """``2024-05-02 10:30 (2d ago)``; the text as written when it is not a time."""
    if entry.at is None:
        return clean_line(entry.at_text or "no time", 40)
    ago = waited(entry.at, now or clock())
    return (
        f"{entry.at.strftime('%Y-%m-%d %H:%M')} ({ago} ago)"
        if ago != "now"
        else entry.at.strftime("%Y-%m-%d %H:%M")
    )


def history_lines(article: Article, now: dt.datetime | None = None) -> list[Line]:
    """The sidebar's Review section: newest first, each note wrapped under its verdict."""
    entries = history(article.metadata)
    if not entries:
        return []
    lines: list[Line] = [(Content.styled(f"Review ({len(entries)})", "bold $accent"), 0)]
    for entry in list(reversed(entries))[:SHOWN_ENTRIES]:
        symbol, style = mark(entry.verdict)
        verdict = clean_line(entry.verdict or "?", 40)
        lines.append(
            (
                Content.assemble(
                    (f"{symbol} ", style), (verdict, style), " · ", clean_line(entry.by or "?", 80)
                ),
                2,
            )
        )
        lines.append((Content.styled("  " + when(entry, now), "dim"), 2))
        if entry.note:
            for paragraph in clean(entry.note).split("\n"):
                lines.append((Content("  " + paragraph) if paragraph else Content(""), 2))
    if len(entries) > SHOWN_ENTRIES:
        lines.append((Content.styled(f"  … {len(entries) - SHOWN_ENTRIES} earlier", "dim"), 2))
    return lines


def summary_line(article: Article, now: dt.datetime | None = None) -> Line | None:
    """The narrow layout's one line: the last verdict, who, and when."""
    entries = history(article.metadata)
    if not entries:
        return None
    last = entries[-1]
    symbol, style = mark(last.verdict)
    ago = waited(last.at, now or clock()) if last.at is not None else "?"
    text = f"{clean_line(last.verdict or '?', 40)} by {clean_line(last.by or '?', 60)}, {ago} ago"
    if last.note:
        text += ": " + clean_line(last.note, 200)
    return (
        Content.assemble((f"Review ({len(entries)}) ", "bold $accent"), (f"{symbol} ", style), text),
        None,
    )
