"""Turning an `Article` into display content: header, people, problems, raw source.

Everything here is built from plain strings passed through `clean_line`/`clean`, never markup.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.markdown import Markdown as RichMarkdown
from rich.segment import Segment
from rich.syntax import Syntax
from rich.text import Text
from textual.content import Content

from newsdesk.core.article import Article, Person
from newsdesk.core.problems import Problem
from newsdesk.core.textsafe import clean, clean_line

#: Bodies and sources longer than this are cut in the view (the file itself is untouched).
MAX_VIEW_CHARS = 200_000

STATUS_STYLE = {
    "draft": "$warning",
    "review": "$accent",
    "approved": "$primary",
    "published": "$success",
}


def _problem_line(problem: Problem) -> Content:
    where = f"{problem.line}:{problem.column}"
    style = "$error" if problem.is_error else "$warning"
    return Content.assemble((where, f"bold {style}"), " ", clean_line(problem.message))


def header(article: Article, problems: list[Problem], rel: str) -> Content:
    """Title, date · section · byline · status, tags, location, path, and a problem summary."""
    title = clean_line(article.title) or "(no title)"
    parts: list[str | Content | tuple[str, str]] = [(title, "bold"), "\n"]
    meta: list[str | tuple[str, str]] = []
    if article.date:
        meta.append(article.date.isoformat())
    elif article.metadata.get("date") is not None:
        meta.append((clean_line(article.metadata.get("date")), "$error"))
    if article.section:
        meta.append(clean_line(article.section))
    if article.byline:
        meta.append("by " + clean_line(article.byline))
    status = article.status
    if status:
        meta.append(
            (clean_line(status).upper(), "bold " + STATUS_STYLE.get(status.casefold(), "$foreground"))
        )
    for i, m in enumerate(meta):
        if i:
            parts.append(("  ·  ", "dim"))
        parts.append(m)
    if article.tags:
        parts += ["\n", ("Tags ", "dim"), ", ".join(clean_line(t) for t in article.tags)]
    if article.location:
        parts += ["\n", ("Location ", "dim"), clean_line(article.location)]
    parts += ["\n", (clean_line(rel), "dim")]
    if problems:
        errors = sum(1 for p in problems if p.is_error)
        n = len(problems)
        label = f"✗ {n} problem{'s' if n != 1 else ''}" if errors else f"! {n} warning{'s' if n != 1 else ''}"
        first = min(problems, key=lambda p: (not p.is_error, p.line, p.column))
        parts += ["\n", (label, "bold $error" if errors else "bold $warning"), "  ", _problem_line(first)]
    return Content.assemble(*parts)


def _person(person: Person, speaker: bool) -> Content:
    if person.is_group:
        return Content.assemble(("◆ ", "dim"), clean_line(person.group), (" (group)", "dim"))
    extra = [clean_line(x) for x in (person.role, None if speaker else person.organization) if x]
    parts: list[str | tuple[str, str]] = [("• ", "dim"), (clean_line(person.label), "bold")]
    if extra:
        parts += [" — ", ", ".join(extra)]
    if speaker and person.topic:
        parts += ["\n  ", (f"“{clean_line(person.topic)}”", "italic")]
    return Content.assemble(*parts)


def people(article: Article, problems: list[Problem]) -> Content:
    """The sidebars: attendees, speakers (each with a count) and problems."""
    lines: list[Content] = []
    attendees, speakers = article.attendees, article.speakers
    lines.append(Content.styled(f"Attendees ({len(attendees)})", "bold $accent"))
    lines += [_person(p, False) for p in attendees] or [Content.styled("  none listed", "dim")]
    lines.append(Content(""))
    lines.append(Content.styled(f"Speakers ({len(speakers)})", "bold $accent"))
    lines += [_person(p, True) for p in speakers] or [Content.styled("  none listed", "dim")]
    if problems:
        lines.append(Content(""))
        lines.append(Content.styled(f"Problems ({len(problems)})", "bold $error"))
        lines += [_problem_line(p) for p in sorted(problems, key=Problem.sort_key)]
    return Content("\n").join(lines)


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
    return "\n".join(lines) + clean(body) + note


def _md_escape(text: str) -> str:
    return "".join("\\" + c if c in "\\`*_[]<>#!|" else c for c in text)


def raw_source(article: Article, dark: bool = True) -> Content:
    """The whole file with line numbers: front matter and Markdown highlighted by Pygments."""
    text = clean(article.text[:MAX_VIEW_CHARS])
    theme = "ansi_dark" if dark else "ansi_light"
    out = Text()
    if article.format is not None and article.fm_end > 0:
        # Split at the original offsets; clean() keeps line structure so count lines instead.
        fm_first = article.text.count("\n", 0, article.fm_start)
        body_first = article.text.count("\n", 0, article.body_start)
        lines = text.split("\n")
        head = "\n".join(lines[:fm_first])
        fm = "\n".join(lines[fm_first : body_first - 1]) if body_first > fm_first else ""
        closer = lines[body_first - 1] if body_first >= 1 and body_first - 1 < len(lines) else ""
        rest = "\n".join(lines[body_first:])
        lexer = "yaml" if article.format == "yaml" else "toml"
        chunks = [(head, "text"), (fm, lexer), (closer, "text"), (rest, "markdown")]
        first = True
        for code, lang in chunks:
            if not first:
                out.append("\n")
            first = False
            if lang == "text":
                out.append(code, style="bold")
            else:
                out.append_text(_highlight(code, lang, theme))
    else:
        out = _highlight(text, "markdown", theme)
    numbered = Text()
    width = len(str(out.plain.count("\n") + 1))
    for n, line in enumerate(out.split("\n", allow_blank=True), 1):
        if n > 1:
            numbered.append("\n")
        numbered.append(f"{n:>{width}} ", style="dim")
        numbered.append_text(line)
    return Content.from_rich_text(numbered)


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
