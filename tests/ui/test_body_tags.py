"""The reader pane on a body full of template tags (issue 20 §4), at 80x24: placeholders, not
noise; the file is never changed by showing it."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import make_app, ready
from .test_app import screen_text

FIXTURE = Path(__file__).parent / "fixtures" / "tagged"


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "tagged"
    shutil.copytree(FIXTURE, folder)
    return folder


async def test_reader_pane_shows_placeholders_at_80x24(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "2024-05-02-summit.md"
    before = path.read_bytes()
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("enter")  # the pane: its scrolling shows the whole body
        view = app.main_screen.article_view
        text = ""
        for _ in range(6):
            await pilot.pause()
            text += screen_text(app)
            await pilot.press("space")
        await app.action_quit()
    for expected in (
        "[image: The main stage]",
        "the keynote (/talks/keynote.md)",
        "schedule ({{site.baseurl}}/schedule/)",
        "[video: Opening keynote]",
        "[note: activity]",
        "the page (/slides/)",
        "[end note]",
        "[image: A full room]",
        "{{ page.url }}",
        "[include: cta.njk]",
        "Footnote – one source (https://example.org/)",
    ):
        assert expected in text, expected
    assert "%7B" not in text and "{{<" not in text and "{%" not in text
    # Entities in the title, byline, summary and names are decoded on screen (list and header),
    # never in the file.
    for expected in ("Summit recap – what we heard", "Ana O'Neil", "Talks, slides & a video", "Seán O'Brien"):
        assert expected in text, expected
    assert "&#" not in text and "&amp;" not in text
    assert view.shown is not None
    assert view.shown.article.metadata["title"] == "Summit recap &#8211; what we heard"
    assert path.read_bytes() == before  # showing never writes


def test_reader_pane_snapshot_80x24(snap_compare: object, tmp_path: Path) -> None:
    app = make_app(FIXTURE)

    async def run_before(pilot: object) -> None:
        await ready(pilot, app)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)  # type: ignore[operator]


def test_entities_decoded_for_display_only() -> None:
    from newsdesk.core.model.textsafe import shown_line
    from newsdesk.core.read.reader import load_article
    from newsdesk.ui import render
    from newsdesk.ui.screens.people import _cell

    article = load_article(FIXTURE / "2024-05-02-summit.md")
    header = "\n".join(line.plain for line, _ in render.header(article, [], "x.md"))
    assert "Summit recap – what we heard" in header and "by Ana O'Neil" in header
    assert "Talks, slides & a video" in header
    sidebar = "\n".join(line.plain for line, _ in render.details(article, []))
    assert "Seán O'Brien — Host" in sidebar
    assert article.metadata["attendees"][0]["name"] == "Se&aacute;n O&#39;Brien"
    assert _cell("O&#39;Neil &amp; Co").plain == "O'Neil & Co"
    # What an entity decodes to is cleaned like the rest: no bidi override, no newline.
    assert shown_line("a&#x202E;b&#10;c") == "a<U+202E>b c"
    assert shown_line("R&D, AT&T") == "R&D, AT&T"
