"""Turning an `Article` into display content: header, people, problems, raw source.

Everything here is built from plain strings passed through `clean_line`/`clean`, never markup.
The title, date, byline, status, summary, attendees and speakers are found through the site's
field roles (``roles``, default: newsdesk's own names), never by fixed key names.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Collection
from typing import Any

from rich.console import Console
from rich.markdown import Markdown as RichMarkdown
from rich.segment import Segment
from rich.syntax import Syntax
from rich.text import Text
from textual.content import Content

from newsdesk.core.model.article import Article, Person
from newsdesk.core.model.problems import Problem
from newsdesk.core.model.textsafe import LINE_LIMIT, clean, clean_line, shown_line
from newsdesk.core.rules.roles import DEFAULT_ROLES, PERSON_KEYS, Roles
from newsdesk.ui.bodytext import display_body

#: Bodies and sources longer than this are cut in the view (the file itself is untouched).
MAX_VIEW_CHARS = 200_000

STATUS_STYLE = {
    "draft": "$warning",
    "review": "$accent",
    "approved": "$primary",
    "published": "$success",
}

#: One logical line and the hanging indent of its continuation lines: a wrapped line goes on
#: under the text, not under the bullet, label or line number. None: never wrapped, cut to the
#: width with an ellipsis.
Line = tuple[Content, int | None]
#: What of one value the header shows at most (the file is not changed).
TITLE_LIMIT = 300
SUMMARY_LIMIT = 600
#: Keys the header shows besides the roles' fields (title, summary, date, byline, status).
HEADER_EXTRA_KEYS = ("section", "tags", "location", "language")


def header_keys(roles: Roles = DEFAULT_ROLES) -> tuple[str, ...]:
    """Keys rendered by the header; with the people/links sections' keys, every other key is
    listed under "Other fields"."""
    return (roles.title, roles.summary, roles.date, roles.byline, roles.status, *HEADER_EXTRA_KEYS)


def _problem_line(problem: Problem) -> Line:
    where = f"{problem.line}:{problem.column}"
    style = "$error" if problem.is_error else "$warning"
    return Content.assemble((where, f"bold {style}"), " ", clean_line(problem.message)), len(where) + 1


def value_text(value: object, limit: int | None = LINE_LIMIT) -> str:
    """A front-matter value on one line: lists joined with commas, mappings as ``key: value``."""
    if isinstance(value, dt.datetime | dt.date):
        text = value.isoformat()
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list):
        text = ", ".join(value_text(v, limit) for v in value[:100])
        if len(value) > 100:
            text += f", … ({len(value)} in all)"
    elif isinstance(value, dict):
        text = ", ".join(f"{k}: {value_text(v, limit)}" for k, v in list(value.items())[:50])
        text = "{" + text + "}"
    elif value is None:
        text = "(empty)"
    else:
        text = str(value)
    return clean_line(text, limit)


def _text_field(article: Article, key: str) -> str | None:
    """The field as one line when it is a plain value (None when absent or a list/mapping)."""
    value = article.metadata.get(key)
    if value is None or isinstance(value, list | dict):
        return None
    return value_text(value).strip() or None


def counts_label(problems: list[Problem]) -> tuple[str, str]:
    """``✗ 2 errors, 1 warning`` (or ``! 3 warnings``) and its style."""
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ("✗ " if errors else "! ") + ", ".join(parts), "bold $error" if errors else "bold $warning"


def header(article: Article, problems: list[Problem], rel: str, roles: Roles = DEFAULT_ROLES) -> list[Line]:
    """Title, summary, date · section · byline · status, tags, location, language, path, and the
    first problem."""
    meta_data = article.metadata
    view = roles.view(article)
    title = shown_line(view.title, TITLE_LIMIT) if view.title else ""
    lines: list[Line] = [(Content.styled(title or "(no title)", "bold" if title else "bold dim"), 0)]
    summary = _text_field(article, roles.summary)
    if summary:
        lines.append((Content.styled(shown_line(summary, SUMMARY_LIMIT), "italic"), 0))
    meta: list[str | tuple[str, str]] = []
    date = meta_data.get(roles.date)
    if isinstance(date, dt.date) and not isinstance(date, dt.datetime):
        meta.append(date.isoformat())
    elif view.date:
        meta.append(value_text(date))  # a date-time, shown whole
    elif date is not None:
        meta.append((value_text(date), "$error"))
    section = _text_field(article, "section")
    if section:
        meta.append(section)
    if _byline_shown(meta_data.get(roles.byline)) and view.byline:
        meta.append("by " + shown_line(view.byline))  # a list of names, joined
    # A draft flag reads as draft / published (absent: published, as Hugo builds it).
    status = clean_line(view.status) if view.status else None
    if status:
        meta.append((status.upper(), "bold " + STATUS_STYLE.get(status.casefold(), "$foreground")))
    if meta:
        parts: list[str | tuple[str, str]] = []
        for i, m in enumerate(meta):
            if i:
                parts.append((" · ", "dim"))
            parts.append(m)
        lines.append((Content.assemble(*parts), 0))
    for key, label in (("tags", "Tags"), ("location", "Location"), ("language", "Language")):
        value = meta_data.get(key)
        if value is None or value == "" or value == []:
            continue
        lines.append((Content.assemble((label + " ", "dim"), value_text(value)), len(label) + 1))
    lines.append((Content.styled(clean_line(rel), "dim"), 0))
    if problems:
        label, style = counts_label(problems)
        first = min(problems, key=lambda p: (not p.is_error, p.line, p.column))
        problem, _ = _problem_line(first)
        lines.append((Content.assemble((label, style), "  ", problem), len(label) + 2))
    return lines


def _byline_shown(value: object) -> bool:
    """Whether the header shows the byline field: text, or a list of names (joined); any other
    shape is listed under "Other fields"."""
    if isinstance(value, list):
        return all(not isinstance(v, list | dict) for v in value)
    return not isinstance(value, dict)


def _item_extras(item: dict[Any, Any], known: Collection[str]) -> str:
    extra = [f"{clean_line(k, 60)}: {value_text(v, 200)}" for k, v in item.items() if k not in known]
    return "; ".join(extra)


def _as_person(item: dict[Any, Any], roles: Roles) -> Person:
    """``item`` read through the site's person keys (``[articles.roles.person]``)."""
    return Person.from_value(0, {k: item.get(roles.person_key(k)) for k in PERSON_KEYS})


def _person(
    item: object, speaker: bool, roles: Roles = DEFAULT_ROLES, others: int | None = None
) -> list[Line]:
    """One attendee or speaker: name — role, organization (and the topic, and any other keys);
    ``others``: in how many other articles of the folder the person appears."""
    if not isinstance(item, dict):
        return [(Content.assemble(("• ", "dim"), (value_text(item) or "(empty)", "bold")), 2)]
    person = _as_person(item, roles)
    extras = _item_extras(item, {roles.person_key(k) for k in PERSON_KEYS})
    if person.is_group:
        head = Content.assemble(("◆ ", "dim"), shown_line(person.group), (" (group)", "dim"))
        details = [clean_line(x) for x in (person.role, person.organization) if x]
        if details:
            head = head + Content(" — " + ", ".join(details))
    else:
        head = Content.assemble(("• ", "dim"), (shown_line(person.label), "bold"))
        details = [clean_line(x) for x in (person.role, person.organization) if x]
        if details:
            head = head + Content(" — " + ", ".join(details))
    if extras:
        head = head + Content.styled(f" ({extras})", "dim")
    if others:
        head = head + Content.styled(f" · {others} other article{'s' if others != 1 else ''}", "dim")
    lines: list[Line] = [(head, 2)]
    if person.topic:
        lines.append((Content.assemble("  ", (f"“{clean_line(person.topic)}”", "italic")), 2))
    return lines


#: Items of one list the sidebars show at most (the rest is counted).
ITEMS_LIMIT = 500


def _more(count: int) -> list[Line]:
    if count <= ITEMS_LIMIT:
        return []
    return [(Content.styled(f"  … and {count - ITEMS_LIMIT:,} more (r: the raw file)", "dim"), 2)]


def _list_of(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _heading(text: str, style: str = "bold $accent") -> Content:
    return Content.styled(text, style)


def details(
    article: Article,
    problems: list[Problem],
    roles: Roles = DEFAULT_ROLES,
    counts: dict[str, int] | None = None,
    names_out: list[tuple[int, str]] | None = None,
) -> list[Line]:
    """The sidebars: attendees, speakers (each with a count), organizations, related links, every
    other field of the front matter, and the problems.

    ``counts``: for a person's name, in how many other articles they appear (shown after the
    name); ``names_out`` gets (line number, name) for each named person's first line.
    """
    from newsdesk.ui.review_render import history_lines

    meta_data = article.metadata
    lines: list[Line] = history_lines(article)  # the review history first: what a reviewer reads
    for key, label in ((roles.attendees, "Attendees"), (roles.speakers, "Speakers")):
        value = meta_data.get(key)
        items = _list_of(value)
        if lines:
            lines.append((Content(""), 0))
        lines.append((_heading(f"{label} ({len(items)})"), 0))
        for item in items[:ITEMS_LIMIT]:
            name = _as_person(item, roles).name if isinstance(item, dict) else None
            if names_out is not None and name is not None:
                names_out.append((len(lines), name))
            lines += _person(item, label == "Speakers", roles, counts.get(name) if counts and name else None)
        lines += _more(len(items))
        if not items:
            shown = "none listed" if value in (None, [], "") else value_text(value)
            lines.append((Content.styled("  " + shown, "dim"), 2))
    organizations = meta_data.get("organizations")
    if organizations not in (None, [], ""):
        orgs = _list_of(organizations) or [organizations]
        lines += [(Content(""), 0), (_heading(f"Organizations ({len(orgs)})"), 0)]
        lines += [(Content.assemble(("• ", "dim"), value_text(o)), 2) for o in orgs[:ITEMS_LIMIT]]
        lines += _more(len(orgs))
    related = meta_data.get("related")
    if related not in (None, [], ""):
        links = _list_of(related) or [related]
        lines += [(Content(""), 0), (_heading(f"Related ({len(links)})"), 0)]
        for link in links[:ITEMS_LIMIT]:
            if isinstance(link, dict):
                title = value_text(link.get("title")) if link.get("title") else ""
                url = value_text(link.get("url")) if link.get("url") else ""
                lines.append((Content.assemble(("• ", "dim"), title or url or "(no url)"), 2))
                if title and url:
                    lines.append((Content.styled("  " + url, "dim underline"), 2))
                extras = _item_extras(link, ("title", "url"))
                if extras:
                    lines.append((Content.styled("  " + extras, "dim"), 2))
            else:
                lines.append((Content.assemble(("• ", "dim"), value_text(link)), 2))
        lines += _more(len(links))
    others = other_fields(article, roles)
    if others:
        lines += [(Content(""), 0), (_heading(f"Other fields ({len(others)})"), 0)]
        for key, value in others:
            label = clean_line(key, 40)
            if isinstance(value, list) and value:
                lines.append((Content.styled(f"{label} ({len(value)})", "bold"), 0))
                lines += _tree(value, 0)
            elif isinstance(value, dict) and value:
                lines.append((Content.styled(label, "bold"), 0))
                lines += _tree(value, 2)
            elif len(label) <= 8:
                lines.append((Content.assemble((label, "bold"), "  ", value_text(value)), len(label) + 2))
            else:  # a long key: the value under it (a narrow sidebar keeps its width)
                lines += [(Content.styled(label, "bold"), 0), (Content("  " + value_text(value)), 2)]
    if problems:
        lines += [(Content(""), 0), (_heading(f"Problems ({len(problems)})", "bold $error"), 0)]
        lines += [_problem_line(p) for p in sorted(problems, key=Problem.sort_key)]
    return lines


def _is_scalar(value: object) -> bool:
    return not isinstance(value, list | dict) or not value


def _tree(value: object, indent: int, depth: int = 0) -> list[Line]:
    """A nested list or mapping as indented lines: ``key: value``, ``• item``; every leaf shown
    (lists and mappings bounded by `ITEMS_LIMIT`, nesting by depth, then on one line)."""
    pad = " " * indent
    lines: list[Line] = []
    if isinstance(value, dict):
        items = list(value.items())
        for key, item in items[:ITEMS_LIMIT]:
            label = clean_line(key, 40) + ":"
            if _is_scalar(item) or depth >= 4:
                lines.append((Content.assemble(pad, (label, "dim"), " ", value_text(item)), indent + 2))
            else:
                lines.append((Content.assemble(pad, (label, "dim")), indent + 2))
                lines += _tree(item, indent + 2, depth + 1)
        return lines + _more(len(items))
    if isinstance(value, list):
        for item in value[:ITEMS_LIMIT]:
            if _is_scalar(item) or depth >= 4:
                lines.append((Content.assemble(pad, ("• ", "dim"), value_text(item)), indent + 2))
                continue
            sub = _tree(item, indent + 2, depth + 1)
            if sub:  # the first line of the item carries the bullet
                first, hang = sub[0]
                sub[0] = (Content.assemble(pad, ("• ", "dim"), first[indent + 2 :]), hang)
            lines += sub
        return lines + _more(len(value))
    return [(Content(pad + value_text(value)), indent)]


#: Fields `details` gives a section of their own (besides the attendees and speakers roles').
DETAIL_EXTRA_KEYS = ("organizations", "related", "review")


def other_fields(article: Article, roles: Roles = DEFAULT_ROLES) -> list[tuple[str, object]]:
    """Front-matter fields neither the header nor the people and links sections show: unknown
    fields, and known ones whose value has a shape the header cannot show (a list for a title)."""
    out: list[tuple[str, object]] = []
    detail = (roles.attendees, roles.speakers, *DETAIL_EXTRA_KEYS)
    always = (roles.date, "tags", "location", "language")  # shown whatever their shape
    shown = header_keys(roles)
    for key, value in article.metadata.items():
        name = str(key)
        if name in detail or name in always:
            continue
        if name == roles.byline and _byline_shown(value):
            continue  # a list of names is shown joined
        if name in shown and not isinstance(value, list | dict):
            continue
        out.append((name, value))
    return out


#: People the compact line shows with their organizations (wrapped): more are counted.
COMPACT_WITH_ORGANIZATIONS = 4


def compact(
    article: Article, problems: list[Problem], roles: Roles = DEFAULT_ROLES, *, organizations: bool = False
) -> list[Line]:
    """The narrow layout's summary of the sidebars: one line per list of people, one line naming
    the rest (``p`` shows all of it). ``organizations`` (people named by slug, resolved to their
    profiles): each name with its organization, the line wrapped under the names."""
    meta_data = article.metadata
    lines: list[Line] = []
    for key, label in ((roles.attendees, "Attendees"), (roles.speakers, "Speakers")):
        items = _list_of(meta_data.get(key))
        names = []
        for item in items[: COMPACT_WITH_ORGANIZATIONS if organizations else 30]:
            if isinstance(item, dict):
                person = _as_person(item, roles)
                name = shown_line(person.label, 80)
                if organizations and person.organization:
                    name += f" ({shown_line(person.organization, 80)})"
                names.append(name)
            else:
                names.append(value_text(item, 80))
        text = ", ".join(names) if names else "none listed"
        if len(items) > len(names):
            text += ", …" if not organizations else f", … {len(items) - len(names)} more (p)"
        head = f"{label} ({len(items)}) "
        lines.append((Content.assemble((head, "bold $accent"), text), len(head) if organizations else None))
    rest = []
    for key, label in (("organizations", "organization"), ("related", "related link")):
        n = len(_list_of(meta_data.get(key)) or ([1] if meta_data.get(key) not in (None, [], "") else []))
        if n:
            rest.append(f"{n} {label}{'s' if n != 1 else ''}")
    others = len(other_fields(article, roles))
    if others:
        rest.append(f"{others} other field{'s' if others != 1 else ''}")
    if len(problems) > 1:
        rest.append(f"{len(problems)} problems")
    from newsdesk.ui.review_render import summary_line

    review = summary_line(article)
    if review is not None:
        lines.append(review)
    hint = ("p: " + ", ".join(rest) + ", roles") if rest else "p: roles and topics"
    lines.append((Content.styled(hint, "dim"), None))
    return lines


def body_markdown(article: Article, problems: list[Problem]) -> str:
    """The body as Markdown text (the reader has already split the front matter off).

    When the file could not be read as an article (no usable front matter), the text says what
    is wrong and where, above whatever body there is.
    """
    lines: list[str] = []
    if not article.metadata and any(p.is_error for p in problems):
        lines = ["## This file could not be read as an article", ""]
        for p in sorted(problems, key=Problem.sort_key):
            lines.append(f"- line {p.line}, column {p.column}: {_md_escape(clean_line(p.message))}")
        lines += ["", "Press `r` to see the raw file.", ""]
        if article.format is None and article.text.strip():
            fence = clean(article.text[:MAX_VIEW_CHARS]).replace("```", "ˋˋˋ")
            return "\n".join([*lines, "```text", fence, "```"])
        if article.body.strip():
            lines += ["---", ""]
    body = article.body
    note = ""
    if len(body) > MAX_VIEW_CHARS:
        body = body[:MAX_VIEW_CHARS]
        note = f"\n\n---\n\n*The body is cut here in the view ({len(article.body):,} characters).*"
    # Template tags as placeholders, HTML blocks as their text (display only); cleaned again
    # after: an entity of an HTML block (&#27;) is a character only once decoded.
    return "\n".join(lines) + clean(display_body(clean(body))) + note


def _md_escape(text: str) -> str:
    return "".join("\\" + c if c in "\\`*_[]<>#!|" else c for c in text)


#: A longer line of the raw view is cut (the file is not changed).
RAW_LINE_LIMIT = 10_000


def raw_source(article: Article, dark: bool = True) -> list[Line]:
    """The whole file with line numbers: front matter and Markdown highlighted by Pygments.

    A wrapped line goes on after the line-number gutter. A view cut at `MAX_VIEW_CHARS`
    characters (or a line cut at `RAW_LINE_LIMIT`) says where it was cut.
    """
    text = clean(article.text[:MAX_VIEW_CHARS])
    theme = "ansi_dark" if dark else "ansi_light"
    out = Text()
    if article.format is not None and article.fm_end > 0:
        # Highlight by parts, split at the original line numbers (clean() keeps the lines); a
        # view cut inside the front matter has only its first parts.
        fm_first = article.text.count("\n", 0, article.fm_start)
        body_first = article.text.count("\n", 0, article.body_start)
        lines = text.split("\n")
        lexer = "yaml" if article.format == "yaml" else "toml"
        parts = [
            (0, fm_first, "text"),
            (fm_first, body_first - 1, lexer),
            (body_first - 1, body_first, "text"),
            (body_first, len(lines), "markdown"),
        ]
        first = True
        for start, end, lang in parts:
            start, end = max(0, start), min(end, len(lines))
            if start >= end:
                continue
            if not first:
                out.append("\n")
            first = False
            code = "\n".join(lines[start:end])
            if lang == "text":
                out.append(code, style="bold")
            else:
                out.append_text(_highlight(code, lang, theme))
    else:
        out = _highlight(text, "markdown", theme)
    split = out.split("\n", allow_blank=True)
    total_lines = article.text.count("\n") + 1
    gutter = len(str(total_lines))
    numbered: list[Line] = []
    full_lines = article.text.split("\n", len(split)) if len(article.text) > MAX_VIEW_CHARS else None
    for n, line in enumerate(split, 1):
        number = Content.styled(f"{n:>{gutter}} ", "dim")
        if len(line) > RAW_LINE_LIMIT:
            length = len(full_lines[n - 1]) if full_lines and n - 1 < len(full_lines) else len(line)
            line = line[:RAW_LINE_LIMIT]
            line.append(f"… (line {n} is cut here in the view: {length:,} characters)", style="dim")
        numbered.append((number + Content.from_rich_text(line), gutter + 1))
    if len(article.text) > MAX_VIEW_CHARS:
        note = (
            f"The view is cut here, at character {MAX_VIEW_CHARS:,} of {len(article.text):,} "
            f"(line {len(split)} of {total_lines:,}); the file itself is not changed."
        )
        numbered += [(Content(""), 0), (Content.styled(note, "dim italic"), 0)]
    return numbered


def _highlight(code: str, lexer: str, theme: str) -> Text:
    if not code:
        return Text()
    text = Syntax(code, lexer, theme=theme, background_color="default").highlight(code)
    if text.plain.endswith("\n") and not code.endswith("\n"):
        text.right_crop(1)
    text.style = ""
    return text


class PreRendered:
    """Lines of segments rendered ahead of time (in a worker thread) at a fixed width."""

    def __init__(self, lines: list[list[Segment]], width: int) -> None:
        self.lines = lines
        self.width = width


def markdown_lines(markdown: str, width: int, dark: bool = True) -> PreRendered:
    """Render Markdown to lines at ``width`` (safe to call from a thread).

    Rich's renderer with ``hyperlinks=False``: a link shows as ``text (address)``, never as a
    terminal hyperlink (OSC 8), and there is nothing to click.
    """
    width = max(width, 10)
    console = Console(width=width, color_system="truecolor", force_terminal=True, file=io.StringIO())
    theme = "ansi_dark" if dark else "ansi_light"
    md = RichMarkdown(markdown, code_theme=theme, inline_code_theme=theme, hyperlinks=False)
    lines = console.render_lines(md, console.options.update(width=width), pad=False)
    # Drop a trailing blank line Rich adds after the last block.
    while lines and not "".join(s.text for s in lines[-1]).strip():
        lines.pop()
    return PreRendered(lines, width)
