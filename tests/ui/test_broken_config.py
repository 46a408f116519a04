"""A broken ``newsdesk.toml`` or ``people.toml`` never stops the app (issue 25): it says so and
goes on, with the built-in schema or without the people file."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from .conftest import article, make_app, ready, wait_until, write_folder

#: Deeper than tomllib can recurse: it raised RecursionError, which crashed the app.
NESTED = "x = " + "[" * 5000 + "]" * 5000 + "\n"


async def test_nested_people_toml_is_reported_and_the_app_goes_on(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "articles",
        {
            "a.md": article("Alpha", extra="attendees:\n  - name: Zed Person\n"),
            "b.md": article("Bravo"),
            "people.toml": NESTED,
        },
    )
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        main = app.main_screen
        assert main is not None
        await wait_until(pilot, lambda: main.people is not None and not main.people_stale)
        await pilot.pause()
        message = str(main.query_one("#message", Static).render())
        assert "people.toml not used" in message and "nested too deeply" in message
        assert "people.toml:1:" in message
        assert main.people is not None and main.people.person_named("Zed Person") is not None
        await pilot.press("j")  # still running: the cursor moves
        await wait_until(pilot, lambda: main.article_list.current is not None)
        assert app.is_running


async def test_nested_newsdesk_toml_is_reported_and_the_built_in_schema_applies(tmp_path: Path) -> None:
    write_folder(tmp_path, {"newsdesk.toml": NESTED})
    folder = write_folder(tmp_path / "articles", {"a.md": article("Alpha"), "b.md": article("Bravo")})
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        assert app.schema_error is not None
        assert "newsdesk.toml:1:" in app.schema_error and "nested too deeply" in app.schema_error
        assert app.schema.source is None  # the built-in schema
        main = app.main_screen
        assert main is not None and len(main.model.entries) == 2
        await pilot.press("j")
        assert app.is_running
