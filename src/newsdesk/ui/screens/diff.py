"""What changed since the last verdict (``d``): a readable diff, front matter and body.

git runs in a thread worker (`newsdesk.core.review.since`, with a timeout); the screen says what it is
comparing (whose verdict, when, how many commits since, uncommitted changes), then the changed
lines with a few lines around them. Long lines wrap under their text; the words that changed in
a changed line are marked (reverse video, so it reads without colour too). Outside git it says so;
with no earlier verdict it shows the whole article.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Footer, Static

from newsdesk.core.model.textsafe import clean, clean_line
from newsdesk.core.review.since import Changes, DiffLine, changes_since_last_verdict
from newsdesk.ui.review_render import mark, when
from newsdesk.ui.widgets.article_view import LinesView

Line = tuple[Content, int | None]

#: A diff line over this many characters is cut in the view.
MAX_LINE = 5000


class DiffView(LinesView, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll(1)", show=False),
        Binding("k,up", "scroll(-1)", show=False),
        Binding("space,pagedown", "page(1)", show=False),
        Binding("b,pageup", "page(-1)", show=False),
        Binding("g,home", "top", show=False),
        Binding("G,end", "bottom", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source: list[Line] = []

    def build(self, source: object, width: int) -> list[Strip]:
        assert isinstance(source, list)
        return self.content_strips(source, width)

    def action_scroll(self, delta: int) -> None:
        self.scroll_relative(y=delta, animate=False)

    def action_page(self, direction: int) -> None:
        if direction > 0:
            self.scroll_page_down(animate=False)
        else:
            self.scroll_page_up(animate=False)

    def action_top(self) -> None:
        self.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.scroll_end(animate=False)


def _styled(line: DiffLine, base: str, changed: str) -> Content:
    text = clean(line.text[:MAX_LINE])
    if len(text) != len(line.text[:MAX_LINE]) or not line.spans:  # control characters shown: no spans
        return Content.styled(text, base) if base else Content(text)
    content = Content.styled(text, base) if base else Content(text)
    for start, end in line.spans:
        if end > start:
            content = content.stylize(changed, start, min(end, len(text)))
    return content


def diff_lines(changes: Changes) -> list[Line]:
    """The diff as display lines: ``+ `` added, ``- `` removed, ``  `` around, hunks as rules."""
    out: list[Line] = []
    if changes.state == "whole":
        return [(Content(clean(line.text[:MAX_LINE])), 0) for line in changes.lines]
    for line in changes.lines:
        if line.kind == "hunk":
            where = line.new_no
            head = line.text
            try:
                where = int(head.split("+", 1)[1].split(",", 1)[0])
            except (IndexError, ValueError):
                where = None
            label = f"┄┄ line {where} ┄┄" if where else "┄┄"
            if out:
                out.append((Content(""), 0))
            out.append((Content.styled(label, "dim"), 0))
        else:
            # A wrapped line goes on under its own text (YAML keys keep their indentation).
            hang = 2 + min(len(line.text) - len(line.text.lstrip(" ")), 40)
            if line.kind == "added":
                text = Content.assemble(("+ ", "bold $success"), _styled(line, "$success", "reverse bold"))
            elif line.kind == "removed":
                text = Content.assemble(("- ", "bold $error"), _styled(line, "$error", "reverse"))
            else:
                text = Content.assemble("  ", Content.styled(clean(line.text[:MAX_LINE]), "$text-muted"))
            out.append((text, hang))
    return out


def summary(changes: Changes) -> list[Line]:
    """What is compared with what, in a line or two."""
    lines: list[Line] = []
    base = changes.base
    if base is not None and changes.state in ("ok", "no-git", "error"):
        symbol, style = mark(base.verdict)
        lines.append(
            (
                Content.assemble(
                    "Since ",
                    (f"{symbol} {clean_line(base.verdict, 40)}", style),
                    f" by {clean_line(base.by or '?', 60)}, {when(base)}",
                ),
                2,
            )
        )
    if changes.state == "ok":
        parts = []
        if changes.base_commit:
            parts.append(f"commit {changes.base_commit[:10]}")
        n = changes.commits_since
        parts.append(f"{n} commit{'s' if n != 1 else ''} since")
        parts.append("and uncommitted changes" if changes.uncommitted else "nothing uncommitted")
        added = sum(1 for line in changes.lines if line.kind == "added")
        removed = sum(1 for line in changes.lines if line.kind == "removed")
        parts.append(f"+{added} -{removed} lines")
        lines.append((Content.styled(" · ".join(parts), "dim"), 2))
    if changes.note:
        style = "bold $warning" if changes.state in ("no-git", "error") else "italic"
        lines.append((Content.styled(clean_line(changes.note), style), 2))
    return lines


class DiffScreen(Screen[None]):
    """The changes since the last verdict of one article."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,h,d", "close", "Back", key_display="esc"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, path: Path, rel: str, title: str, *, load: bool = True) -> None:
        """``load=False``: the caller runs git and hands the result to `changes_ready`."""
        super().__init__()
        self.path = path
        self.rel = rel
        self.title_text = title
        self.load = load
        self.changes: Changes | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content.styled(clean_line(self.title_text, 200), "bold"), id="diff-title")
        yield DiffView(id="diff")
        yield Footer()

    def on_mount(self) -> None:
        view = self.query_one(DiffView)
        view.focus()
        if self.changes is not None:
            self.call_after_refresh(self._show, self.changes)  # once the view has its size
            return
        view.install(None, [(Content.styled("Reading the git history…", "dim"), 0)])
        if self.load:
            self._load()

    def changes_ready(self, changes: Changes) -> None:
        """The result of git (from the caller's worker): shown now, or when the screen mounts."""
        self.changes = changes
        if self.is_mounted:
            self._show(changes)

    @work(thread=True, exclusive=True, group="diff", description="diff")
    def _load(self) -> None:
        changes = changes_since_last_verdict(self.path)
        try:
            self.app.call_from_thread(self._show, changes)
        except RuntimeError:
            pass  # the app is gone

    def _show(self, changes: Changes) -> None:
        if not self.is_mounted:
            return
        self.changes = changes
        lines = summary(changes)
        lines.append((Content(""), 0))
        lines += diff_lines(changes)
        view = self.query_one(DiffView)
        view.install(None, lines)
        view.scroll_home(animate=False, immediate=True)

    def action_close(self) -> None:
        self.dismiss()
