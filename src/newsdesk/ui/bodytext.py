"""A body of a real site made readable in the reader: template tags as short labelled
placeholders, HTML blocks as their text.

Sites write their bodies for a template engine: Hugo shortcodes (``{{< youtube id="…" >}}``,
``{{% note %}}…{{% /note %}}``), Liquid and Nunjucks tags (``{% image "a.jpg" "alt" %}``,
``{% raw %}…{% endraw %}``, ``{{ page.url }}``), and blocks of raw HTML (a table, a footnote
list). Rich's Markdown shows the tags as noise, URL-escapes them in a link target
(``%7B%7B``) and drops an HTML block altogether. `display_body` turns the body's Markdown into
Markdown for the reader: ``[image: alt]``, ``[video: title]``, ``[note]`` … ``[end note]``, a
link's target resolved (``{{< ref "/x.md" >}}`` → ``/x.md``), an output tag as code, an HTML
block as paragraphs of text.

Display only: the file is never changed. Every piece of article text stays data: what comes
out of a tag or an HTML block is Markdown-escaped (no emphasis, no link, no HTML), and Rich's
Markdown never reads Rich markup. The bodies are untrusted: every search below either moves
forward or reuses the result of an earlier one (an opener without its closer is looked for
once, not once per opener), so the time is linear in the body's length.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

#: A tag longer than this is not a tag (its opener is shown as text).
MAX_TAG = 4000
#: What of a tag's argument a placeholder shows at most.
LABEL_LIMIT = 200
#: A link's text and target are looked for this far back and ahead of a tag.
LINK_REACH = 500

#: Rich's Markdown parser, for the blocks only (the inline rules are not needed here).
_PARSER = MarkdownIt().enable("strikethrough").enable("table").disable(["inline", "text_join"])

_IMAGE_WORDS = ("image", "img", "figure", "picture", "photo")
_VIDEO_WORDS = ("youtube", "vimeo", "video")
_LINK_TAGS = ("ref", "relref", "link", "post_url")
#: Arguments that name a file or an id rather than say what the tag shows.
_NOT_LABELS = ("src", "id", "class", "width", "height", "url", "href", "link", "path", "file")
_LABEL_KEYS = ("alt", "title", "caption", "text", "label", "name", "heading")
_NAME = re.compile(r"[/\w][\w./:-]*")
_BLOCK_START = re.compile(r"^(?:[-+=>]|\d{1,9}[.)])", re.MULTILINE)
_MD_SPECIAL = re.compile(r"[\\`*_\[\]<>#!|~{}&]")
_SAFE_TARGET = re.compile(r"[\w/.~:#?&=%+@,;-]*")


def escape(text: str) -> str:
    """``text`` as Markdown that shows it literally (no emphasis, link, HTML, list or heading)."""
    text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(), text)
    return _BLOCK_START.sub(lambda m: "\\" + m.group(), text)


def _code(text: str) -> str:
    """``text`` as one inline code span (a fence longer than any run of backticks inside)."""
    text = " ".join(text.split())
    run = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (run + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _label(text: str) -> str:
    return " ".join(text.split())[:LABEL_LIMIT]


# -- finding things once ----------------------------------------------------------------------


class _Finder:
    """``text.find(needle, start)`` for starts that only grow: a result still ahead of the start
    is reused, and once the needle is known to be absent it is never looked for again."""

    __slots__ = ("at", "needle", "text")

    def __init__(self, text: str, needle: str) -> None:
        self.text = text
        self.needle = needle
        self.at = -2  # not looked for yet

    def find(self, start: int) -> int:
        if self.at == -1 or self.at >= start:
            return self.at
        self.at = self.text.find(self.needle, start)
        return self.at


# -- tags -------------------------------------------------------------------------------------


def _split_args(text: str) -> tuple[list[str], dict[str, str]]:
    """A tag's arguments: positional ones and ``key=value`` ones (quotes taken off)."""
    positional: list[str] = []
    named: dict[str, str] = {}
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace() or ch == ",":
            i += 1
            continue
        key = None
        m = re.match(r"([\w-]+)\s*[=:]\s*(?=\S)", text[i : i + 80])
        if m and not text.startswith(("'", '"', "`"), i):
            key = m.group(1)
            i += m.end()
        if i < n and text[i] in "\"'`":
            quote, j = text[i], i + 1
            while j < n and text[j] != quote:
                j += 2 if text[j] == "\\" else 1
            value = text[i + 1 : min(j, n)].replace("\\" + quote, quote)
            i = j + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] != ",":
                j += 1
            value = text[i:j]
            i = j
        if key is None:
            positional.append(value)
        else:
            named.setdefault(key.casefold(), value)
    return positional, named


class _Tag:
    """One template tag: ``kind`` is ``<`` / ``%`` (Hugo shortcodes), ``{`` (an output tag
    ``{{ … }}``) or ``l`` (a Liquid/Nunjucks tag ``{% … %}``)."""

    __slots__ = ("args", "end", "inner", "kind", "name", "named", "source", "start")

    def __init__(self, text: str, start: int, end: int, kind: str, inner: str) -> None:
        self.start = start
        self.end = end
        self.kind = kind
        self.source = text[start:end]
        self.inner = inner.strip().strip("-").strip()
        self.name = ""
        self.args: list[str] = []
        self.named: dict[str, str] = {}
        if kind != "{":
            m = _NAME.match(self.inner)
            if m:
                self.name = m.group()
                self.args, self.named = _split_args(self.inner[m.end() :])

    @property
    def kind_word(self) -> str:
        """What the tag shows, in a word: ``image``, ``video``, or its own name."""
        low = self.name.casefold()
        if any(w in low for w in _IMAGE_WORDS):
            return "image"
        if any(w in low for w in _VIDEO_WORDS):
            return "video"
        return self.name

    def text_argument(self) -> str:
        """The argument that says what the tag shows (an alt text, a title), if any."""
        for key in _LABEL_KEYS:
            if self.named.get(key, "").strip():
                return self.named[key]
        args = [a for a in self.args if a.strip()]
        if self.kind_word == "image" and len(args) > 1:
            return args[1]  # {% image "src", "alt" %}
        if args:
            return args[0].rsplit("/", 1)[-1] if self.kind_word == "image" else args[0]
        for key, value in self.named.items():
            if key not in _NOT_LABELS and value.strip():
                return value
        for key in ("src", "id"):
            if self.named.get(key, "").strip():
                return self.named[key].rsplit("/", 1)[-1]
        return ""

    def target(self) -> str:
        """What the tag stands for in a link's target: a page's path, a quoted string's text
        (``{{ "/x/" | url }}``), or else the tag as written."""
        if self.kind == "{":
            m = re.match(r"""(["'])(.*?)\1""", self.inner)
            return m.group(2) if m else self.source
        if self.name in _LINK_TAGS:
            path = self.named.get("path") or (self.args[0] if self.args else "")
            if path:
                return path
        return self.source

    def placeholder(self) -> str:
        """The tag shown on its own, as Markdown."""
        if self.kind == "{":
            return _code(self.source)
        if self.kind in "<%" and self.inner.startswith("/*") and self.inner.endswith("*/"):
            # Hugo's escaped shortcode, {{</* name */>}}: the page shows {{< name >}}.
            shown = self.inner[2:-2].strip()
            close = ">" if self.kind == "<" else "%"
            return _code("{{" + self.kind + " " + shown + " " + close + "}}")
        if not self.name:
            return _code(self.source)
        if self.name.startswith("/"):
            return "*" + escape(f"[end {self.name[1:]}]") + "*"
        if self.kind == "l" and self.name.startswith("end") and len(self.name) > 3:
            return "*" + escape(f"[end {self.name[3:]}]") + "*"
        label = _label(self.text_argument())
        word = self.kind_word
        return "*" + escape(f"[{word}: {label}]" if label else f"[{word}]") + "*"


_OPENERS = {"{{<": ("<", ">}}"), "{{%": ("%", "%}}"), "{{": ("{", "}}"), "{%": ("l", "%}")}
_END_RAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_RAW = re.compile(r"-?\s*raw\s*-?")


class _Tags:
    """Finds the tags of one stretch of text, front to back."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.finders = {closer: _Finder(text, closer) for _, closer in _OPENERS.values()}
        self.open_out = _Finder(text, "{{")
        self.open_liquid = _Finder(text, "{%")
        #: The last ``{% endraw %}`` found, and whether there is none after it.
        self.end_raw: re.Match[str] | None = None
        self.no_end_raw = False
        #: The ``](`` of the last link whose target could not be read (not tried again).
        self.failed_link = -1

    def next_opener(self, start: int) -> int:
        a, b = self.open_out.find(start), self.open_liquid.find(start)
        return min(a, b) if a >= 0 and b >= 0 else max(a, b)

    def tag_at(self, j: int) -> _Tag | None:
        """The tag that starts at ``j`` (None: the opener has no closer near enough)."""
        text = self.text
        for opener in ("{{<", "{{%", "{{", "{%"):
            if text.startswith(opener, j):
                kind, closer = _OPENERS[opener]
                break
        else:
            return None
        inner_start = j + len(opener)
        close = self.finders[closer].find(inner_start)
        if close < 0 or close - j > MAX_TAG:
            return None
        return _Tag(text, j, close + len(closer), kind, text[inner_start:close])

    def raw_end(self, start: int) -> tuple[int, int] | None:
        """Where the ``{% endraw %}`` at or after ``start`` starts and ends."""
        found = self.end_raw
        if self.no_end_raw or (found is not None and found.start() >= start):
            return None if found is None else found.span()
        found = self.end_raw = _END_RAW.search(self.text, start)
        self.no_end_raw = found is None
        return None if found is None else found.span()


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Where the inline code spans are (their tags are shown as written): runs of up to 16
    backticks closed by a run of the same length."""
    spans: list[tuple[int, int]] = []
    finders: dict[int, _Finder] = {}
    i = 0
    while True:
        k = text.find("`", i)
        if k < 0:
            return spans
        run_end = k
        while run_end < len(text) and text[run_end] == "`":
            run_end += 1
        length = run_end - k
        i = run_end
        if length > 16:
            continue
        finder = finders.setdefault(length, _Finder(text, "`" * length))
        at = run_end
        while True:
            c = finder.find(at)
            if c < 0:
                break
            c_end = c + length
            while c_end < len(text) and text[c_end] == "`":
                c_end += 1
            if c_end - c == length and (c == 0 or text[c - 1] != "`"):
                spans.append((k, c_end))
                i = c_end
                break
            at = c_end
        # No closer: the run is text; go on after it.


def _link_before(text: str, j: int, floor: int) -> tuple[int, int] | None:
    """When the tag at ``j`` is in a link's target (``[text](…{{ tag }}``): where the link
    starts (its ``[``, or the ``!`` of an image) and where its ``](`` is."""
    k = text.rfind("](", max(floor, j - LINK_REACH), j)
    if k < 0 or any(c in text[k + 2 : j] for c in ") \n\t"):
        return None
    b = text.rfind("[", max(floor, k - LINK_REACH), k)
    if b < 0 or "\n\n" in text[b:k]:
        return None
    return (b - 1 if b > floor and text[b - 1] == "!" else b), k


def _link(text: str, tags: _Tags, start: int, bracket: int) -> tuple[str, int] | None:
    """The link (or image) at ``start`` whose target holds tags, as Markdown that shows its
    text and its target readably, and where it ends."""
    parts: list[str] = []
    i = bracket + 2
    limit = min(len(text), i + LINK_REACH)
    while i < limit:
        ch = text[i]
        if ch == ")":
            break
        if ch in "\n" or (ch.isspace() and not parts):
            return None
        if text.startswith(("{{", "{%"), i):
            tag = tags.tag_at(i)
            if tag is None:
                return None
            parts.append(tag.target())
            i = tag.end
            continue
        parts.append(ch)
        i += 1
    else:
        return None
    target = "".join(parts).strip()
    if text[start] == "!":
        alt = _label(text[start + 2 : bracket])
        return "*" + escape(f"[image: {alt}]" if alt else "[image]") + "*", i + 1
    link_text = text[start + 1 : bracket]
    if _SAFE_TARGET.fullmatch(target):
        return f"[{link_text}]({target})", i + 1
    return f"{link_text} ({escape(target)})", i + 1


def _alone(text: str, start: int, end: int) -> bool:
    """Whether only blanks are around ``text[start:end]`` on its line(s)."""
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    while end < len(text) and text[end] in " \t\r":
        end += 1
    return (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")


def _tags_shown(text: str, plain: bool) -> str:
    """``text`` with its template tags as placeholders. ``plain``: the text is not Markdown
    (it came out of an HTML block) and is escaped; else it is Markdown, left as it is, and
    tags inside code spans are kept as written."""
    if "{{" not in text and "{%" not in text:
        return escape(text) if plain else text
    out: list[str] = []
    tags = _Tags(text)
    spans = [] if plain else _code_spans(text)
    span_at = 0
    done = 0  # text[:done] is in out

    def literal(upto: int) -> None:
        piece = text[done:upto]
        out.append(escape(piece) if plain else piece)

    i = 0
    while True:
        j = tags.next_opener(i)
        if j < 0:
            break
        while span_at < len(spans) and spans[span_at][1] <= j:
            span_at += 1
        if span_at < len(spans) and spans[span_at][0] <= j:
            i = spans[span_at][1]  # in a code span: as written
            continue
        tag = tags.tag_at(j)
        if tag is None:
            i = j + 2
            continue
        if not plain:
            link = _link_before(text, j, done)
            if link is not None and link[1] != tags.failed_link:
                linked = _link(text, tags, *link)
                if linked is None:
                    tags.failed_link = link[1]
                else:
                    literal(link[0])
                    out.append(linked[0])
                    done = i = linked[1]
                    continue
        literal(j)
        if tag.kind == "l" and _RAW.fullmatch(tag.inner):
            end = tags.raw_end(tag.end)
            if end is not None:
                raw = text[tag.end : end[0]]
                out.append(_code(raw) if "\n" not in raw.strip() else escape(raw))
                done = i = end[1]
                continue
        shown = tag.placeholder()
        if _alone(text, j, tag.end):  # a paragraph of its own, not run into the next line
            shown = "\n" + shown + "\n"
        out.append(shown)
        done = i = tag.end
    literal(len(text))
    return "".join(out)


# -- HTML blocks ------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    ]
)
_SKIPPED = ("script", "style", "template")
_TAG_NAME = re.compile(r"(/?)([A-Za-z][A-Za-z0-9-]*)")
_HREF = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def html_text(block: str) -> str:
    """The text of an HTML block, one paragraph per block element (``li``: a bullet, a table
    row's cells joined by ``|``, a link followed by its address): plain text, not Markdown."""
    paragraphs: list[str] = []
    current: list[str] = []
    href: str | None = None
    gt, comment_end = _Finder(block, ">"), _Finder(block, "-->")

    def para(prefix: str = "") -> None:
        line = " ".join("".join(current).split())
        if line:
            paragraphs.append(line)
        current.clear()
        if prefix:
            current.append(prefix)

    i, n = 0, len(block)
    while i < n:
        lt = block.find("<", i)
        if lt < 0:
            current.append(html.unescape(block[i:]))
            break
        current.append(html.unescape(block[i:lt]))
        if block.startswith("<!--", lt):
            end = comment_end.find(lt + 4)
            i = n if end < 0 else end + 3
            continue
        close = gt.find(lt + 1)
        m = _TAG_NAME.match(block, lt + 1)
        if close < 0 or m is None:
            current.append("<")
            i = lt + 1
            continue
        closing, name = m.group(1) == "/", m.group(2).casefold()
        i = close + 1
        if name in _SKIPPED and not closing:
            end = block.find(f"</{name}", i)  # once per such element, then past it
            i = n if end < 0 else end
        elif name in ("td", "th"):
            if not closing and "".join(current).strip():
                current.append(" | ")
        elif name == "a":
            if not closing:
                found = _HREF.search(block, lt, close)
                href = next((g for g in found.groups() if g is not None), None) if found else None
            elif href and href.startswith(("http://", "https://", "mailto:")):
                current.append(f" ({html.unescape(href)})")
                href = None
        elif name in _BLOCK_TAGS:
            para("• " if name == "li" and not closing else "")
    para()
    return "\n\n".join(paragraphs)


# -- the body ---------------------------------------------------------------------------------


def display_body(body: str) -> str:
    """The body's Markdown as the reader shows it: tags as placeholders, HTML blocks as text,
    fenced and indented code as written."""
    if "{{" not in body and "{%" not in body and "<" not in body:
        return body
    lines = body.splitlines(keepends=True)
    kinds: dict[int, tuple[str, int]] = {}  # first line: (kind, end line)
    for token in _PARSER.parse(body):
        if token.level == 0 and token.map and token.type in ("html_block", "fence", "code_block"):
            kinds[token.map[0]] = (token.type, token.map[1])
    out: list[str] = []
    run: list[str] = []
    n = 0
    while n < len(lines):
        kind = kinds.get(n)
        if kind is None:
            run.append(lines[n])
            n += 1
            continue
        out.append(_tags_shown("".join(run), plain=False))
        run = []
        block = "".join(lines[n : kind[1]])
        if kind[0] == "html_block":
            text = _tags_shown(html_text(block), plain=True)
            out.append(text + "\n\n" if text else "")
        else:
            out.append(block)
        n = max(kind[1], n + 1)
    out.append(_tags_shown("".join(run), plain=False))
    return "".join(out)
