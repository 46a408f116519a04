"""Every key of the app, in one table: the help screen and the README are made from it.

``w`` (who) opens the People view. Keys left free for later issues: ``e`` (edit), ``a`` (approve), ``x`` (reject / request changes),
``n`` (note).
"""

from __future__ import annotations

#: (section, keys, what it does)
KEYS: list[tuple[str, str, str]] = [
    ("List", "j / k, ↓ / ↑", "move the cursor"),
    ("List", "g / G, home / end", "first / last article"),
    ("List", "pgdn / pgup, ctrl+d / ctrl+u", "page the list"),
    ("List", "enter / l", "read the article (focus the article pane)"),
    ("List", "/", "filter as you type: title, people, tags, section, body words"),
    ("List", "esc", "clear the filter"),
    ("List", "s / S", "cycle the sort (date, title, status, path) / reverse it"),
    ("List", "f", "cycle the status filter (all, draft, review, approved, published, with problems)"),
    ("Article", "j / k, ↓ / ↑", "scroll the article"),
    ("Article", "space / b", "page the article down / up (also from the list)"),
    ("Article", "g / G", "top / bottom of the article"),
    ("Article", "h / esc", "back to the list"),
    ("Article", "r", "raw source view (front matter and Markdown highlighted)"),
    ("People", "/", "filter as you type: any spelling of a name, a role"),
    ("People", "s", "cycle the sort (name, count, last date)"),
    ("People", "enter", "the person's articles (date, as attendee or speaker, role then); again: read it"),
    ("People", "esc", "back: to the people, then (filter cleared) to the reader"),
    ("Everywhere", "w", "who: the People view; on the sidebar, j / k pick a person first and w opens it"),
    ("Everywhere", "tab / shift+tab", "cycle panes"),
    ("Everywhere", "p", "hide / show the sidebars (below 100 columns: roles, links and all fields)"),
    ("Everywhere", "?", "this help"),
    ("Everywhere", "ctrl+p", "command palette: jump to an article by title, run any command"),
    ("Everywhere", "ctrl+l", "redraw the whole screen (after line noise on a flaky link)"),
    ("Everywhere", "q", "quit"),
]


def markdown_table() -> str:
    """The keys as a Markdown table (for the README)."""
    rows = ["| Key | Where | Does |", "| --- | --- | --- |"]
    rows += [f"| `{keys}` | {where} | {does} |" for where, keys, does in KEYS]
    return "\n".join(rows)
