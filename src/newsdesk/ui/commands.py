"""Command palette (ctrl+p): jump to an article by title, and every newsdesk command.

Titles are article data: hits are built as plain `Content` (the stock ``Matcher.highlight`` parses
markup, so it is not used).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING

from textual.command import Hit, Hits, Provider
from textual.content import Content

from newsdesk.core.model.textsafe import clean_line

if TYPE_CHECKING:
    from newsdesk.ui.screens.main import MainScreen

#: Results shown for a query at most (the palette lists the best ones).
MAX_HITS = 200
#: What of a title the palette matches and shows (a 2 MB title took 2.8 s per keystroke).
TITLE_LIMIT = 200


def _main_screen(provider: Provider) -> MainScreen | None:
    from newsdesk.ui.screens.main import MainScreen

    for screen in reversed(provider.app.screen_stack):
        if isinstance(screen, MainScreen):
            return screen
    return None


def highlight(candidate: str, offsets: Sequence[int], style: str = "reverse") -> Content:
    content = Content(candidate)
    for offset in offsets:
        if offset < len(candidate) and not candidate[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content


class ArticleProvider(Provider):
    """Jump to an article by its title (or file name)."""

    async def search(self, query: str) -> Hits:
        screen = _main_screen(self)
        if screen is None:
            return
        matcher = self.matcher(query)
        needed = set(query.casefold().replace(" ", ""))
        found = 0
        for entry in list(screen.model.entries.values()):
            title = clean_line(entry.title, TITLE_LIMIT) or clean_line(entry.rel, TITLE_LIMIT)
            if not needed <= set(title.casefold()):
                continue
            score, offsets = matcher.fuzzy_search.match(matcher.query, title)
            if score <= 0:
                continue
            found += 1
            yield Hit(
                score,
                highlight(title, offsets),
                partial(screen.jump_to, entry.path),
                text=title,
                help=clean_line(f"{entry.date}  {entry.status}  {entry.rel}"),
            )
            if found >= MAX_HITS:
                return


def newsdesk_commands(screen: MainScreen) -> Iterator[tuple[str, str, Callable[[], object]]]:
    """(name, help, callback) for each command of the main screen."""
    yield "Filter", "Filter the list as you type (/)", screen.action_open_filter
    yield "Clear filter", "Show every article again (esc)", screen.action_escape
    yield "Cycle sort", "Sort by date, title, status or path (s)", screen.action_sort
    yield "Reverse sort", "Reverse the sort order (S)", screen.action_reverse
    yield (
        "Cycle status filter",
        ", ".join(("all", *screen.model.statuses, "with problems")) + " (f)",
        screen.action_status,
    )
    yield "Raw source", "Toggle the raw source view (r)", screen.action_raw
    yield "Sidebars", "Hide or show the sidebars (p)", screen.action_sidebars
    yield "Help", "Show every key (?)", screen.action_help
    yield "Reload folder", "Re-read every article from disk", screen.action_reload
    app = screen.nd_app
    yield "Review queue", "Articles in review, oldest request first (R)", app.action_review_queue
    yield "Next in review", "The next article in the review queue (])", partial(app.action_queue_step, 1)
    yield (
        "Previous in review",
        "The previous article in the review queue ([)",
        partial(app.action_queue_step, -1),
    )
    yield (
        "Approve",
        "Approve this article, with an optional note (a)",
        partial(screen.action_verdict, "approved"),
    )
    yield (
        "Request changes",
        "Send this article back to draft with a note (x)",
        partial(screen.action_verdict, "changes-requested"),
    )
    yield "Publish", "Publish this approved article (P)", partial(screen.action_verdict, "published")
    yield "Send to review", "Submit this article for review (u)", partial(screen.action_verdict, "submitted")
    yield (
        "Changes since last verdict",
        "What changed since the last verdict, from git (d)",
        screen.action_changes,
    )
