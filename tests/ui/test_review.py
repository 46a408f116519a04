"""Pilot tests of review in the app: each verdict key, the note prompt (submit, cancel), the queue
(R, ] and [, the header), refused moves, the history in the sidebar, and the diff view."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from textual.widgets import Static

from newsdesk.core.read.reader import load_article
from newsdesk.ui.screens.diff import DiffScreen
from newsdesk.ui.screens.main import MainScreen
from newsdesk.ui.screens.note import NoteArea, NotePrompt
from newsdesk.ui.screens.queue import QueueScreen

from .conftest import make_app, ready, wait_until, write_folder

REVIEWER = "Rita Reviewer"


def doc(
    title: str,
    status: str,
    *,
    date: str = "2024-01-01",
    byline: str = "Ann Lee",
    review: str = "",
    summary: bool = True,
) -> str:
    lines = ["---", f"title: {title}", f"date: {date}", f"status: {status}", f"byline: {byline}"]
    if summary:
        lines.append("summary: A summary.")
    if review:
        lines.append("review:")
        lines.append(review.rstrip("\n"))
    return "\n".join(lines) + f"\n---\n\nThe body of {title}.\n"


def submitted(by: str, at: str) -> str:
    return f"  - {{by: {by}, at: '{at}', verdict: submitted}}\n"


@pytest.fixture(autouse=True)
def reviewer(_config_home: Path) -> str:
    (_config_home / "newsdesk").mkdir(parents=True, exist_ok=True)
    (_config_home / "newsdesk" / "config.toml").write_text(f'name = "{REVIEWER}"\n')
    return REVIEWER


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    return write_folder(
        tmp_path / "desk",
        {
            "a.md": doc(
                "Alpha waits longest",
                "review",
                date="2024-03-01",
                review=submitted("Ann Lee", "2024-04-01T09:00:00+02:00"),
            ),
            "b.md": doc(
                "Bravo waits least",
                "review",
                date="2024-03-03",
                review=submitted("Bo Chen", "2024-04-03T09:00:00+02:00"),
            ),
            "c.md": doc(
                "Charlie in between",
                "review",
                date="2024-03-02",
                review=submitted("Cy Day", "2024-04-02T09:00:00+02:00"),
            ),
            "d.md": doc("Delta draft", "draft", date="2024-03-04"),
            "e.md": doc("Echo approved", "approved", date="2024-03-05"),
            "f.md": doc(
                "Foxtrot no summary",
                "review",
                date="2024-03-06",
                summary=False,
                review=submitted("Ann Lee", "2024-04-04T09:00:00+02:00"),
            ),
        },
    )


def header(app: object) -> str:
    return str(app.main_screen.query_one("#list-header", Static).render())  # type: ignore[attr-defined]


def message(app: object) -> str:
    return str(app.main_screen.query_one("#message", Static).render())  # type: ignore[attr-defined]


def current_title(app: object) -> str:
    entry = app.main_screen.article_list.current  # type: ignore[attr-defined]
    return entry.title if entry is not None else ""


async def go(pilot: object, app: object, title: str) -> None:
    main = app.main_screen  # type: ignore[attr-defined]
    entry = next(e for e in main.model.entries.values() if e.title == title)
    main.jump_to(entry.path)
    await ready(pilot, app)  # type: ignore[arg-type]


async def prompt(pilot: object, app: object) -> NotePrompt:
    await wait_until(pilot, lambda: isinstance(app.screen, NotePrompt))  # type: ignore[attr-defined]
    return app.screen  # type: ignore[attr-defined,no-any-return]


async def give(pilot: object, app: object, key: str, note: str = "") -> NotePrompt:
    await pilot.press(key)  # type: ignore[attr-defined]
    screen = await prompt(pilot, app)
    if note:
        await pilot.press(*note)  # type: ignore[attr-defined]
    return screen


def verdicts(path: Path) -> list[tuple[str, str, str]]:
    entries = load_article(path).metadata.get("review") or []
    return [(e["verdict"], e["by"], e.get("note", "")) for e in entries]


# -- each verdict key --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "start", "after", "verdict", "note"),
    [
        ("a", "review", "approved", "approved", "Fine."),
        ("x", "review", "draft", "changes-requested", "Name the venue."),
        ("P", "approved", "published", "published", ""),
        ("u", "draft", "review", "submitted", ""),
    ],
)
async def test_each_verdict_key_saves_the_status_and_one_entry(
    tmp_path: Path, key: str, start: str, after: str, verdict: str, note: str
) -> None:
    folder = write_folder(tmp_path / "one", {"a.md": doc("Only", start)})
    path = folder / "a.md"
    before = path.read_text()
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        await give(pilot, app, key, note)
        await pilot.press("enter")
        await wait_until(pilot, lambda: load_article(path).metadata["status"] == after)
        await wait_until(pilot, lambda: app.main_screen.article_list.current.status == after)  # type: ignore[union-attr]
    assert verdicts(path) == [(verdict, REVIEWER, note)]
    # One save: the status line and the appended entry, nothing else.
    new = path.read_text()
    assert (
        new.replace(f"status: {after}", f"status: {start}", 1).split("review:\n")[0]
        == before.split("---\n\n")[0]
    )
    assert new.endswith(before.split("---\n", 2)[2])


async def test_the_note_prompt_takes_several_lines_and_cancel_writes_nothing(desk: Path) -> None:
    path = desk / "a.md"
    before = path.read_bytes()
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await go(pilot, app, "Alpha waits longest")
        screen = await give(pilot, app, "x", "First line.")
        await pilot.press("ctrl+j", *"Second line.")
        area = screen.query_one(NoteArea)
        assert area.text == "First line.\nSecond line."
        await wait_until(pilot, lambda: area.size.height == 2)  # it grew (at the next layout)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_until(pilot, lambda: "cancelled: nothing was written" in message(app))
        assert path.read_bytes() == before
        # A request for changes needs a note: enter on an empty one says so and stays.
        screen = await give(pilot, app, "x")
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: "a note is required" in str(screen.query_one("#note-hint", Static).render())
        )
        assert app.screen is screen
        await pilot.press(*"Too long.", "enter")
        await wait_until(pilot, lambda: verdicts(path) != [])
    assert verdicts(path)[-1] == ("changes-requested", REVIEWER, "Too long.")


async def test_ctrl_e_writes_the_note_in_the_editor(
    desk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "fake-editor"
    script.write_text('#!/bin/sh\nprintf "From the editor.\\nLine two.\\n" > "$1"\n')
    script.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(script))
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await go(pilot, app, "Alpha waits longest")
        screen = await give(pilot, app, "a", "draft")
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: screen.query_one(NoteArea).text == "From the editor.\nLine two.")
        await pilot.press("enter")
        await wait_until(pilot, lambda: verdicts(desk / "a.md") != [submitted_tuple("Ann Lee")])
    assert verdicts(desk / "a.md")[-1] == ("approved", REVIEWER, "From the editor.\nLine two.")


def submitted_tuple(by: str) -> tuple[str, str, str]:
    return ("submitted", by, "")


# -- the queue ---------------------------------------------------------------------------------


async def test_queue_lists_articles_in_review_oldest_request_first(desk: Path) -> None:
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("R")
        await wait_until(pilot, lambda: isinstance(app.screen, QueueScreen))
        queue = app.screen
        assert [e.title for e in queue.rows] == [
            "Alpha waits longest",
            "Charlie in between",
            "Bravo waits least",
            "Foxtrot no summary",
        ]
        text = str(queue.query_one("#queue-header", Static).render())
        assert "4 articles in review" in text
        # enter reads the highlighted one; the header says where it is in the queue.
        await pilot.press("j", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await ready(pilot, app)
        assert current_title(app) == "Charlie in between"
        assert "2 of 4 in review" in header(app)
        assert app.focused is app.main_screen.article_view  # type: ignore[union-attr]


async def test_brackets_move_through_the_queue_from_anywhere(desk: Path) -> None:
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await go(pilot, app, "Delta draft")  # not in review: ] goes to the first
        assert "in review" not in header(app)
        await pilot.press("right_square_bracket")
        await ready(pilot, app)
        assert current_title(app) == "Alpha waits longest" and "1 of 4 in review" in header(app)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await ready(pilot, app)
        assert current_title(app) == "Bravo waits least" and "3 of 4 in review" in header(app)
        await pilot.press("left_square_bracket")
        await ready(pilot, app)
        assert current_title(app) == "Charlie in between"
        # From the queue screen and from the diff view too.
        await pilot.press("R")
        await wait_until(pilot, lambda: isinstance(app.screen, QueueScreen))
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await ready(pilot, app)
        assert current_title(app) == "Bravo waits least"
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, DiffScreen))
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await ready(pilot, app)
        assert current_title(app) == "Foxtrot no summary" and "4 of 4 in review" in header(app)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert current_title(app) == "Foxtrot no summary"
        assert "last of 4 in review" in message(app)


async def test_after_a_verdict_the_queue_moves_on(desk: Path) -> None:
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await go(pilot, app, "Delta draft")
        await pilot.press("right_square_bracket")
        await ready(pilot, app)
        assert current_title(app) == "Alpha waits longest"
        await pilot.press("l")  # reading
        await give(pilot, app, "a")
        await pilot.press("enter")
        await wait_until(pilot, lambda: current_title(app) == "Charlie in between")
        await ready(pilot, app)
        assert "1 of 3 in review" in header(app)
        assert "approved: Alpha waits longest; next: 1 of 3 in review" in message(app)
        assert app.focused is app.main_screen.article_view  # type: ignore[union-attr]
        await give(pilot, app, "x", "No.")
        await pilot.press("enter")
        await wait_until(pilot, lambda: current_title(app) == "Bravo waits least")
        assert load_article(desk / "c.md").metadata["status"] == "draft"


async def test_the_list_marks_changes_requested_and_shows_the_last_reviewer(desk: Path) -> None:
    app = make_app(desk)
    async with app.run_test(size=(200, 40)) as pilot:  # wide enough for the list's right-hand column
        await ready(pilot, app)
        await go(pilot, app, "Alpha waits longest")
        await give(pilot, app, "x", "Redo.")
        await pilot.press("enter")
        await wait_until(pilot, lambda: load_article(desk / "a.md").metadata["status"] == "draft")
        await pilot.pause(0.1)
        main = app.main_screen
        entry = next(e for e in main.model.entries.values() if e.title == "Alpha waits longest")
        row = main.article_list.rows.index(entry)
        text = main.article_list.render_line(row - main.article_list.scroll_offset.y).text
        assert "DFT↩" in text and f"↩ {REVIEWER}"[:10] in text
        # Without a review history: the byline; after a submission: who asked, marked →.
        delta = next(e for e in main.model.entries.values() if e.title == "Delta draft")
        text = main.article_list.render_line(
            main.article_list.rows.index(delta) - main.article_list.scroll_offset.y
        ).text
        assert "DFT " in text and "Ann Lee" in text and "→" not in text
        bravo = next(e for e in main.model.entries.values() if e.title == "Bravo waits least")
        text = main.article_list.render_line(
            main.article_list.rows.index(bravo) - main.article_list.scroll_offset.y
        ).text
        assert "REV " in text and "→ Bo Chen" in text


# -- refusals ----------------------------------------------------------------------------------


async def test_a_move_that_is_not_allowed_is_refused_before_the_prompt(desk: Path) -> None:
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await go(pilot, app, "Delta draft")
        before = (desk / "d.md").read_bytes()
        await pilot.press("a")
        await wait_until(pilot, lambda: "draft -> approved is not allowed" in message(app))
        assert isinstance(app.screen, MainScreen)
        await pilot.press("P")
        await wait_until(pilot, lambda: "draft -> published is not allowed" in message(app))
        assert (desk / "d.md").read_bytes() == before


async def test_a_move_that_leaves_the_article_invalid_is_refused(desk: Path) -> None:
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await go(pilot, app, "Foxtrot no summary")
        before = (desk / "f.md").read_bytes()
        await pilot.press("a")
        await wait_until(pilot, lambda: "not valid as approved" in message(app))
        assert "'summary' is missing" in message(app) or "summary" in message(app)
        assert isinstance(app.screen, MainScreen) and (desk / "f.md").read_bytes() == before


async def test_self_approval_is_refused_where_the_workflow_says_so(desk: Path) -> None:
    (desk / "newsdesk.toml").write_text("[workflow]\nself_approval = false\n")
    (desk / "a.md").write_text(doc("Alpha waits longest", "review", byline=REVIEWER))
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await go(pilot, app, "Alpha waits longest")
        await pilot.press("a")
        await wait_until(pilot, lambda: "self-approval" in message(app))
        assert f"{REVIEWER} is the byline" in message(app)
        assert isinstance(app.screen, MainScreen)


async def test_a_verdict_waits_for_unsaved_edits_in_edit_mode(desk: Path) -> None:
    from newsdesk.ui import review

    from .edit_support import open_edit

    path = desk / "a.md"
    before = path.read_bytes()
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        await pilot.press("end", "!")
        assert screen.dirty
        # A verdict on this article from anywhere (the palette, a key): refused, nothing written.
        main = app.main_screen
        assert main is not None
        review.start_verdict(main, "approved")
        await pilot.pause()
        assert "cannot approve: edit mode has unsaved changes for this article" in message(app)
        assert path.read_bytes() == before
        # Saved: the verdict goes ahead.
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not screen.dirty)
        assert review.unsaved_edits(app, path) is None


async def test_a_verdict_waits_for_edits_kept_in_the_journal(desk: Path) -> None:
    from newsdesk.core.write import journal

    path = desk / "a.md"
    article = load_article(path)
    journal.write_entry(journal.for_article(article, {**article.metadata, "title": "Changed"}, None))
    before = path.read_bytes()
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await go(pilot, app, "Alpha waits longest")
        await pilot.press("a")
        await pilot.pause()
        assert "cannot approve: unsaved edits are kept for this article" in message(app)
        assert isinstance(app.screen, MainScreen) and path.read_bytes() == before


async def test_a_file_changed_on_disk_since_it_was_read_is_not_approved_unseen(desk: Path) -> None:
    path = desk / "a.md"
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await go(pilot, app, "Alpha waits longest")
        await give(pilot, app, "a")
        changed = path.read_text().replace("The body of", "Someone else rewrote the body of")
        path.write_text(changed)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "changed on disk since you opened it" in message(app))
        assert path.read_text() == changed


async def test_a_published_article_is_unpublished_only_as_a_confirmed_forced_move(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "pub", {"a.md": doc("Out", "published")})
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        screen = await give(pilot, app, "x", "Wrong date.")
        assert "forced move" in str(screen.query_one("#note-title", Static).render())
        await pilot.press("enter")
        await wait_until(pilot, lambda: load_article(folder / "a.md").metadata["status"] == "draft")


# -- history and diff --------------------------------------------------------------------------


async def test_the_sidebar_shows_the_history_newest_first_with_notes(tmp_path: Path) -> None:
    history = (
        "  - {by: Ann Lee, at: '2024-04-01T09:00:00+02:00', verdict: submitted}\n"
        "  - by: Rita Reviewer\n    at: '2024-04-02T09:00:00+02:00'\n    verdict: changes-requested\n"
        "    note: The second paragraph repeats the first one almost word for word; cut it and name the venue.\n"
        "  - {by: Ann Lee, at: '2024-04-03T09:00:00+02:00', verdict: submitted}\n"
    )
    folder = write_folder(tmp_path / "h", {"a.md": doc("History", "review", review=history)})
    app = make_app(folder)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        sidebar = app.main_screen.query_one("#sidebar")  # type: ignore[union-attr]
        lines = [strip.text.rstrip() for strip in sidebar.lines]
        assert lines[0] == "Review (3)"
        assert lines[1].startswith("→ submitted · Ann Lee") and "2024-04-03 09:00" in lines[2]
        assert lines[3].startswith("↩ changes-requested · Rita")
        note = " ".join(line.strip() for line in lines[5:10] if line.strip() and not line.startswith("→"))
        assert "The second paragraph repeats" in note and "name the venue." in note
        assert all(len(line) <= sidebar.size.width for line in lines)
    # Narrow: one line with the last verdict under the header.
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        text = "\n".join(s.text for s in app.main_screen.article_view.lines)  # type: ignore[union-attr]
        assert "Review (3) → submitted by Ann Lee" in text


def git(folder: Path, *args: str) -> None:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="T",
        GIT_AUTHOR_EMAIL="t@x",
        GIT_COMMITTER_NAME="T",
        GIT_COMMITTER_EMAIL="t@x",
    )
    subprocess.run(["git", *args], cwd=folder, check=True, env=env, capture_output=True)


def diff_text(app: object) -> str:
    view = app.screen.query_one("#diff")  # type: ignore[attr-defined]
    return "\n".join(strip.text.rstrip() for strip in view.lines)


async def open_diff(pilot: object, app: object) -> str:
    await pilot.press("d")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: isinstance(app.screen, DiffScreen) and app.screen.changes is not None)  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: len(app.screen.query_one("#diff").lines) > 1)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    return diff_text(app)


async def test_the_diff_since_the_last_verdict_in_a_git_repository(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "repo",
        {"a.md": doc("Repo", "review", review=submitted("Ann Lee", "2024-04-01T09:00:00+02:00"))},
    )
    path = folder / "a.md"
    git(folder, "init", "-q")
    git(folder, "add", "a.md")
    git(folder, "commit", "-qm", "submitted")
    git(folder, "commit", "-q", "--allow-empty", "-m", "unrelated")
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        # No reviewer verdict yet: the whole article.
        text = await open_diff(pilot, app)
        assert "no earlier verdict: the whole article" in text and "The body of Repo." in text
        await pilot.press("escape")
        await give(pilot, app, "x", "Say where.")
        await pilot.press("enter")
        await wait_until(pilot, lambda: load_article(path).metadata["status"] == "draft")
    git(folder, "commit", "-qam", "changes requested")
    path.write_text(path.read_text().replace("The body of Repo.", "The body of Repo, in the Great Hall."))
    git(folder, "commit", "-qam", "author: the venue")
    path.write_text(path.read_text().replace("title: Repo", "title: Repo at the Hall"))  # uncommitted
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        text = await open_diff(pilot, app)
        assert "Since ↩ changes-requested by Rita Reviewer" in text
        assert "1 commit since · and uncommitted changes · +2 -2 lines" in text
        assert "- title: Repo\n+ title: Repo at the Hall" in text
        assert "- The body of Repo.\n+ The body of Repo, in the Great Hall." in text
        assert "Say where." in text  # the context around the body shows the review entry
        assert all(len(line) <= 80 for line in text.splitlines())
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))


async def test_the_diff_view_outside_git_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    history = (
        submitted("Ann Lee", "2024-04-01T09:00:00+02:00")
        + "  - {by: Rita, at: '2024-04-02T09:00:00+02:00', verdict: changes-requested, note: x}\n"
    )
    folder = write_folder(tmp_path / "plain", {"a.md": doc("Plain", "draft", review=history)})
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        text = await open_diff(pilot, app)
        assert "not in a git work tree" in text


async def test_newsdesk_review_opens_on_the_queue(desk: Path) -> None:
    app = make_app(desk, start="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, QueueScreen))
        await wait_until(pilot, lambda: len(app.screen.rows) == 4)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await ready(pilot, app)
        assert current_title(app) == "Alpha waits longest"


async def test_publishing_or_submitting_stays_on_the_article(desk: Path) -> None:
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await go(pilot, app, "Echo approved")
        await give(pilot, app, "P")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.main_screen.article_list.current.status == "published")  # type: ignore[union-attr]
        assert current_title(app) == "Echo approved"
        assert "published: Echo approved; 4 in review" in message(app)
        await go(pilot, app, "Delta draft")
        await give(pilot, app, "u")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.main_screen.article_list.current.status == "review")  # type: ignore[union-attr]
        assert current_title(app) == "Delta draft" and "5 of 5 in review" in header(app)


# -- messages at 80 columns (issue 22.6) -------------------------------------------------------


def _bottom_text(app: object, rows: int = 3) -> str:
    from .edit_support import screen_text

    return " ".join(" ".join(screen_text(app).splitlines()[-rows:]).split())  # type: ignore[arg-type]


async def test_a_long_refusal_wraps_fully_visible_at_80_columns(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "one", {"a.md": doc("Already out", "published")})
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("u")
        await wait_until(pilot, lambda: "nothing moves out of" in message(app))
        await pilot.pause()
        # The whole reason is on screen (two lines), not cut at the edge.
        assert "is not allowed (nothing moves out of published)" in _bottom_text(app)
        assert app.main_screen.query_one("#message", Static).size.height == 2  # type: ignore[attr-defined]


async def test_a_draft_refused_by_submit_says_what_is_missing(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "one", {"a.md": doc("No byline yet", "draft", byline="")})
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("u")
        await wait_until(pilot, lambda: "cannot submit" in message(app))
        await pilot.pause()
        shown = _bottom_text(app)
        assert "byline" in shown and "required once status is review" in shown, shown
        assert "status here is" not in shown


async def test_the_note_required_hint_clears_once_a_note_is_typed(desk: Path) -> None:
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await go(pilot, app, "Alpha waits longest")
        screen = await give(pilot, app, "x")
        await pilot.press("enter")
        hint = screen.query_one("#note-hint", Static)
        await wait_until(pilot, lambda: "a note is required" in str(hint.render()))
        await pilot.press("N")
        await wait_until(pilot, lambda: "a note is required" not in str(hint.render()))
        assert "enter send back" in str(hint.render())
        await pilot.press("escape")


# -- ctrl+z: the last verdict taken back (issue 22.3) -------------------------------------------


async def test_ctrl_z_undoes_the_last_verdict_with_a_new_save(desk: Path) -> None:
    path = desk / "a.md"
    before = path.read_bytes()
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await go(pilot, app, "Alpha waits longest")
        await give(pilot, app, "a", "Fine.")
        await pilot.press("enter")
        await wait_until(pilot, lambda: load_article(path).metadata["status"] == "approved")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: "undone: approved" in message(app))
        assert path.read_bytes() == before
        # Once: a second ctrl+z has nothing to take back.
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: "nothing to undo" in message(app))
        assert path.read_bytes() == before


async def test_ctrl_z_is_refused_after_an_outside_change(desk: Path) -> None:
    path = desk / "a.md"
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await go(pilot, app, "Alpha waits longest")
        await give(pilot, app, "a", "Fine.")
        await pilot.press("enter")
        await wait_until(pilot, lambda: load_article(path).metadata["status"] == "approved")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        changed = path.read_bytes() + b"A line added by someone else.\n"
        path.write_bytes(changed)
        os.utime(path, ns=(1, 1))  # a different mtime even on a coarse clock
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: "cannot undo: the file changed on disk" in message(app))
        assert path.read_bytes() == changed
