"""Article text into widgets, safely.

Article text is data: it is never parsed as Rich/Textual markup (``[@click=app.quit]`` must show
literally) and control characters never reach the terminal (`newsdesk.core.textsafe`). Every piece
of article text goes through these helpers, which return `Content` built from plain strings.
"""

from __future__ import annotations

from textual.content import Content

from newsdesk.core.textsafe import clean, clean_line


def plain(text: object, style: str = "") -> Content:
    """One line of article text as literal Content (no markup, control chars neutralised)."""
    s = clean_line(text)
    return Content.styled(s, style) if style else Content(s)


def block(text: str, style: str = "") -> Content:
    """Multi-line article text as literal Content."""
    s = clean(text)
    return Content.styled(s, style) if style else Content(s)


__all__ = ["block", "clean", "clean_line", "plain"]
