"""Every key of the app, in one table: the help screen and the key tables of README.md and docs/ are
made from it (`python -m newsdesk.ui.keys --markdown README.md docs/*.md`; tests/test_docs.py checks)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

#: (section, keys, what it does)
KEYS: list[tuple[str, str, str]] = [
    ("List", "j / k, ↓ / ↑", "move the cursor"),
    ("List", "g / G, home / end", "first / last article"),
    ("List", "pgdn / pgup, ctrl+d / ctrl+u", "page the list"),
    ("List", "enter / l", "read the article (focus the article pane)"),
    ("List", "/", "filter as you type: title, people, tags, section, body words"),
    ("List", "esc", "clear the filter"),
    ("List", "s / S", "cycle the sort (date, title, status, path) / reverse it"),
    ("List", "f", "cycle the status filter (all, each of the site's statuses, with problems)"),
    ("List", "z", "wide list: the whole screen, with dates, statuses, bylines; z or enter: back"),
    ("Article", "j / k, ↓ / ↑", "scroll the article"),
    ("Article", "space / b", "page the article down / up (also from the list)"),
    ("Article", "g / G", "top / bottom of the article"),
    ("Article", "h / esc", "back to the list (esc: to the People view, if the article was opened there)"),
    ("Article", "r", "raw source view (front matter and Markdown highlighted)"),
    ("Everywhere", "w", "who: the People view; on the sidebar, j / k pick a person first and w opens it"),
    (
        "Everywhere",
        "o, enter on the sidebar",
        "the profile of a person named by slug (pick one when there are several): opened in the "
        "reader when it is an article of the list, else its fields in a box",
    ),
    ("Everywhere", "tab / shift+tab", "cycle panes"),
    ("Everywhere", "p", "hide / show the sidebars (below 100 columns: roles, links and all fields)"),
    ("Everywhere", "?", "this help (j / k, space / b, g / G scroll it)"),
    ("Everywhere", "ctrl+p", "command palette: jump to an article by title, run any command"),
    ("Everywhere", "ctrl+l", "redraw the whole screen (after line noise on a flaky link)"),
    ("Everywhere", "q", "quit"),
    ("Reader", "e", "edit the article (form and body)"),
    ("Reader", "E", "open the file in $VISUAL / $EDITOR / vi, then re-read and re-check it"),
    ("Reader", "n", "new article (draft, today's date, named YYYY-MM-DD-title.md when first saved)"),
    ("People", "/", "filter as you type: any spelling of a name, a role"),
    ("People", "s", "cycle the sort (name, count, last date)"),
    ("People", "enter", "the person's articles (date, as attendee or speaker, role then); again: read it"),
    (
        "People",
        "esc",
        "back: to the people, then (filter cleared) to the reader; w opens it where it was left",
    ),
    ("Edit mode", "tab / shift+tab", "next / previous field (a list of people or links is one stop)"),
    ("Edit mode", "↓ / ↑", "in a list of people or links: next / previous item"),
    ("Edit mode", "ctrl+g", "go to a field: type a few letters of its name, enter"),
    ("Edit mode", "alt+p", "the lists of people (attendees, then speakers)"),
    ("Edit mode", "ctrl+s", "check and save (errors refuse the save and are shown at their field)"),
    ("Edit mode", "esc", "back to the reader (asks when there are unsaved changes)"),
    ("Edit mode", "ctrl+q", "quit from anywhere (asks when there are unsaved changes: s / d / esc)"),
    (
        "Edit mode",
        "ctrl+o, E",
        "edit the file in $VISUAL / $EDITOR (asks to save or discard first; E where it does not type)",
    ),
    ("Edit mode", "ctrl+pgdn / ctrl+pgup", "edit the next / previous article of the list"),
    ("Edit mode", "ctrl+z / ctrl+y", "undo / redo (in inputs and text areas)"),
    ("Edit mode", "ctrl+u / ctrl+k, home / end", "delete to start / end of line; line start / end"),
    ("Edit mode", "enter", "on a person or link row: edit its fields"),
    (
        "Edit mode",
        "ctrl+t",
        "in a field of people named by slug: pick a profile (type to filter by name or slug; enter sets it)",
    ),
    ("Edit mode", "ctrl+n / ctrl+r", "in a list of people or links: add an item after / remove this one"),
    ("Edit mode", "ctrl+z", "on a list of people or links: put back the item removed last"),
    ("Edit mode", "alt+↑ / alt+↓", "move the item up / down (also ctrl+↑ / ctrl+↓)"),
    (
        "Edit mode",
        "r / d / esc",
        "unsaved edits were kept (a crash, a dropped link): restore / discard / not now",
    ),
    (
        "Edit mode",
        "j / k, enter",
        "several sets were kept (several apps died): pick one, show it (then r / d)",
    ),
    ("Edit mode", "f1", "this help, open at these keys"),
    ("Review", "R", "the review queue: articles in review, oldest request first, how long each waited"),
    ("Review", "] / [", "next / previous article in the review queue (from every screen)"),
    ("Review", "a", "approve the article (a note is optional)"),
    ("Review", "x", "request changes (a note is required); the article goes back to draft"),
    ("Review", "P", "publish an approved article"),
    ("Review", "u", "submit: send the article (back) to review (not undo: that is ctrl+z)"),
    ("Review", "ctrl+z", "undo the last verdict of this session (refused if the file changed since)"),
    ("Review", "d", "what changed since the last verdict (git: commits and uncommitted changes)"),
    (
        "Review",
        "C",
        "git: commit this article's saved change (message prefilled: approve: <title>); nothing is pushed",
    ),
    ("Note prompt", "enter / esc", "give the verdict / cancel (nothing is written)"),
    ("Note prompt", "ctrl+j, ctrl+e", "new line in the note / write the note in $VISUAL or $EDITOR"),
]


def markdown_row(where: str, keys: str, does: str) -> str:
    return f"| `{keys}` | {where} | {does} |"


def markdown_table(sections: tuple[str, ...] | None = None) -> str:
    """The keys (of ``sections``, default all) as a Markdown table, for the README."""
    rows = ["| Key | Where | Does |", "| --- | --- | --- |"]
    rows += [markdown_row(*key) for key in KEYS if sections is None or key[0] in sections]
    return "\n".join(rows)


#: The keys the README shows (``<!-- keys:begin essential -->``): enough for the five-minute tour.
ESSENTIAL: frozenset[tuple[str, str]] = frozenset(
    {
        ("List", "j / k, ↓ / ↑"),
        ("List", "enter / l"),
        ("List", "/"),
        ("List", "f"),
        ("List", "s / S"),
        ("Article", "space / b"),
        ("Article", "h / esc"),
        ("Article", "r"),
        ("Everywhere", "?"),
        ("Everywhere", "ctrl+p"),
        ("Everywhere", "q"),
        ("Reader", "e"),
        ("Reader", "n"),
        ("Edit mode", "tab / shift+tab"),
        ("Edit mode", "ctrl+s"),
        ("Edit mode", "esc"),
        ("Review", "R"),
        ("Review", "a"),
        ("Review", "x"),
        ("Review", "u"),
    }
)

#: ``<!-- keys:begin WHAT -->`` ... ``<!-- keys:end -->``: WHAT is ``essential`` or section names
#: separated by commas (``List, Article``); what is between is the table, made by `fill_tables`.
_BLOCK = re.compile(r"(<!-- keys:begin ([^>]*?) -->\n).*?(<!-- keys:end -->)", re.DOTALL)


def _block_table(what: str) -> str:
    if what == "essential":
        rows = [key for key in KEYS if key[:2] in ESSENTIAL]
        return "\n".join(["| Key | Where | Does |", "| --- | --- | --- |", *(markdown_row(*k) for k in rows)])
    sections = tuple(s.strip() for s in what.split(","))
    unknown = [s for s in sections if s not in {key[0] for key in KEYS}]
    if unknown:
        raise ValueError(f"no keys section {unknown[0]!r} (in <!-- keys:begin {what} -->)")
    return markdown_table(sections)


def fill_tables(text: str) -> str:
    """``text`` (Markdown) with every marked key table made again from `KEYS`."""
    return _BLOCK.sub(lambda m: f"{m.group(1)}{_block_table(m.group(2))}\n{m.group(3)}", text)


def main(argv: list[str] | None = None) -> int:
    """``python -m newsdesk.ui.keys --markdown FILE...``: rewrite the marked key tables in FILEs."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] != "--markdown" or len(args) < 2:
        print("usage: python -m newsdesk.ui.keys --markdown FILE...", file=sys.stderr)
        return 2
    for name in args[1:]:
        path = Path(name)
        old = path.read_text(encoding="utf-8")
        new = fill_tables(old)
        if new != old:
            path.write_text(new, encoding="utf-8")
            print(f"updated {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
