"""A site opened with no newsdesk.toml is checked against the built-in schema (the sample
reports' fields): when that marks half the articles or more ✗, the message line says where the
rules come from and what to run (`newsdesk init --detect`), once; as `newsdesk validate` says on
stderr."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from .conftest import article, make_app, ready, write_folder

HUGO = "---\ntitle: A Hugo post\ndate: 2023-01-18\nauthors: [jane-doe]\n---\nBody.\n"


async def _message(folder: Path) -> str:
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.pause()
        return str(app.main_screen.query_one("#message", Static).render())  # type: ignore[union-attr]


@pytest.mark.asyncio
async def test_a_site_without_a_schema_is_told_where_the_errors_come_from(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "site", {"a.md": HUGO, "b.md": article("Fine")})
    assert await _message(folder) == "no newsdesk.toml: ✗ by the built-in schema (run newsdesk init --detect)"


@pytest.mark.asyncio
async def test_nothing_is_said_when_the_built_in_schema_fits_or_the_site_has_its_own(tmp_path: Path) -> None:
    fits = write_folder(tmp_path / "fits", {"a.md": article("Fine"), "b.md": article("Also fine")})
    assert "newsdesk.toml" not in await _message(fits)
    # One broken report among good ones: its ✗ is its own, not a schema that does not fit.
    one = write_folder(tmp_path / "one", {"a.md": HUGO, "b.md": article("Fine"), "c.md": article("Too")})
    assert "newsdesk.toml" not in await _message(one)
    own = write_folder(
        tmp_path / "own",
        {"a.md": HUGO, "newsdesk.toml": '[fields.status]\ntype = "string"\nrequired = true\n'},
    )
    assert "newsdesk.toml" not in await _message(own)
