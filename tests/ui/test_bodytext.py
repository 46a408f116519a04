"""Bodies of real sites in the reader (issue 20 §4): template tags as short labelled
placeholders, a link's templated target resolved, HTML blocks as their text; the text of a tag
stays data; hostile bodies come back in linear time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.core.model.article import Article
from newsdesk.ui import render
from newsdesk.ui.bodytext import display_body, html_text

ROOT = Path(__file__).resolve().parents[2]


def shown(body: str, width: int = 78) -> str:
    """What the reader shows of ``body``: its lines, as plain text."""
    article = Article(Path("x.md"), "yaml", {"title": "t"}, body, text=body)
    markdown = render.body_markdown(article, [])
    lines = render.markdown_lines(markdown, width).lines
    return "\n".join("".join(s.text for s in line).rstrip() for line in lines)


def test_liquid_image_tag_is_a_labelled_placeholder() -> None:
    assert shown('{% image "a.jpg" "alt" %}') == "[image: alt]"
    # Eleventy's shortcode, as tests/sites/eleventy-blog writes it (a comma between arguments).
    assert shown('{% image "/img/interview.jpg", "Two people at a table" %}') == (
        "[image: Two people at a table]"
    )


def test_hugo_shortcodes_are_labelled_placeholders() -> None:
    assert shown('{{< youtube id="tfjKAYKLnvg" title="Jargon Madness" >}}') == "[video: Jargon Madness]"
    assert shown('{{< img src="notify-gov-dashboard" alt="The dashboard" >}}') == "[image: The dashboard]"
    assert shown('{{< img-right src="gsa-blue-logo-sq" >}}') == "[image: gsa-blue-logo-sq]"
    assert shown("{{% notice %}}") == "[notice]"
    # Unknown: its name and its first text argument.
    assert shown('{{< quote-block text="Don’t forget to eat lunch!" cite="" >}}') == (
        "[quote-block: Don’t forget to eat lunch!]"
    )


def test_paired_shortcode_shows_its_text_labelled() -> None:
    text = shown('{{< note variant="activity" >}}\nRead **this** first.\n{{< /note >}}')
    assert text.split("\n\n") == ["[note: activity]", "Read this first.", "[end note]"]
    assert shown("a {{< note >}}inline{{< /note >}} b") == "a [note]inline[end note] b"


def test_liquid_include_and_unknown_tags() -> None:
    assert shown('{% include footer.html cls="x" %}') == "[include: footer.html]"
    assert shown("{% if page.x %}yes{% endif %}") == "[if: page.x]yes[end if]"


def test_raw_block_shows_its_content_literally() -> None:
    body = "In a template we write {% raw %}{{ page.url | url }}{% endraw %} to link a page."
    assert shown(body) == "In a template we write {{ page.url | url }} to link a page."
    assert "{{ page.url | url }}" in display_body(body) and "raw" not in display_body(body)


def test_output_tag_is_shown_as_code() -> None:
    assert display_body("Hi {{ page.url }}!") == "Hi `{{ page.url }}`!"
    assert shown("Hi {{ page.url }}!") == "Hi {{ page.url }}!"


def test_link_targets_are_resolved() -> None:
    assert shown('See [the topic]({{< ref "/topics/mobile" >}}).') == "See the topic (/topics/mobile)."
    assert shown('See [x]({{< relref path="/a.md" >}}).') == "See x (/a.md)."
    assert shown('See [home]({{ "/x/" | url }}).') == "See home (/x/)."
    assert shown("See [the talk]({% link _talks/a.md %}).") == "See the talk (_talks/a.md)."
    assert shown('![A chart]({{ "/img/c.png" | url }})') == "[image: A chart]"


def test_liquid_variable_in_a_link_is_not_url_escaped() -> None:
    text = shown("See [the schedule]({{site.baseurl}}/schedule/).")
    assert "%7B" not in text
    assert text == "See the schedule ({{site.baseurl}}/schedule/)."
    assert shown("See [x]({{ site.baseurl }}/y/)") == "See x ({{ site.baseurl }}/y/)"


def test_tags_in_code_are_kept_as_written() -> None:
    assert display_body("Use `{{< note >}}` here.") == "Use `{{< note >}}` here."
    fenced = "```\n{{< note >}}\n{% raw %}x{% endraw %}\n```\n"
    assert display_body(fenced) == fenced
    assert shown("    {{ indented }}").strip() == "{{ indented }}"


def test_hugo_escaped_shortcode_shows_the_shortcode() -> None:
    assert shown("{{</* youtube abc */>}}") == "{{< youtube abc >}}"


def test_a_body_that_is_one_html_block_shows_its_text() -> None:
    body = (
        '<div class="dg-footnote">\n<h3>Footnotes</h3>\n<ol>\n'
        '<li id="fn1">Pew &amp; Co, 2021 &#8211; <a href="https://pew.org/x">Mobile</a></li>\n'
        "<li>Second</li>\n</ol>\n<p>Last <b>words</b>.</p>\n</div>\n"
    )
    assert shown(body).split("\n\n") == [
        "Footnotes",
        "• Pew & Co, 2021 – Mobile (https://pew.org/x)",
        "• Second",
        "Last words.",
    ]
    table = "<table>\n<tr><th>Say</th><th>Not</th></tr>\n<tr><td>a</td><td>b</td></tr>\n</table>"
    assert html_text(table) == "Say | Not\n\na | b"
    assert html_text("<div><script>alert(1)</script><style>p{}</style>ok</div>") == "ok"


def test_tag_text_stays_data() -> None:
    # Rich markup and Markdown in a tag's argument are shown as written, never interpreted.
    assert shown('{% image "a.jpg" "[red]x[/] *y* <b>" %}') == "[image: [red]x[/] *y* <b>]"
    # An escape character in a tag, or decoded from an HTML block's entity, is neutralised.
    text = shown('{{< note title="a\x1b[31mb" >}}')
    assert "\x1b" not in text and "^[" in text
    text = shown("<div>\n<p>a\x1b[31mb &#x202E;c &#27;d</p>\n</div>")
    assert "\x1b" not in text and "\u202e" not in text
    assert text == "a^[[31mb <U+202E>c d"


def test_an_unclosed_tag_is_text() -> None:
    assert shown("a {{< b and {% c") == "a {{< b and {% c"


HOSTILE = {
    "shortcode": "'{{<' * 350_000",
    "liquid": "'{%' * 500_000",
    "raw": "'{% raw %}' * 120_000",
    "links": "'[a](x{{a}}' * 100_000",
    "html": "'<div>' + '<' * 1_000_000",
    "code": "'`a``b```c' * 100_000",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_body_returns(name: str) -> None:
    """A 1 MB body of openers without closers comes back (run in a child: a hang fails it)."""
    code = (
        "from newsdesk.ui.bodytext import display_body\n"
        f"body = {HOSTILE[name]}\n"
        "assert len(body) >= 900_000\n"
        "print(len(display_body(body)) > 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
