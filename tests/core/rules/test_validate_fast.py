"""The fast path (read without locations, locate only when something is wrong) gives the same result."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.core.read.reader import _find_close, load_article, parse_text
from newsdesk.core.rules.schema import default_schema
from newsdesk.core.rules.validate import validate_article

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
import generate

TEXTS = [
    "---\ntitle: T\ndate: 2024-02-30\nstatus: draft\nlocation: on\n---\nbody\n",
    "---\ntitle: T\ndate: 2024-01-01\nstatus: draft\ntitle: U\n---\nbody\n",
    "---\ntitle: T\ndate: 2024-01-01\nstatus: draft\nspeakers:\n  - name: A\n    name: B\n---\nA B\n",
    "---\ntitle: T\ndate: 2024-01-01\nstatus: draft\nattendees:\n  - nmae: X\n  - name: Y\n"
    "  - name: y\n---\n",
    '+++\ntitle = "T"\ndate = 2024-01-01\nstatus = "nope"\n[[speakers]]\nrole = 3\n+++\nbody\n',
    "---\ntitle: T\ndate: 2024-01-01\nstatus: draft\ntags: [yes, 10:30]\n---\nbody\n",
    "---\n---\nbody\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_fast_path_matches_full_read(text: str) -> None:
    schema = default_schema()
    full = validate_article(parse_text(text, "a.md"), schema)
    fast_article = parse_text(text, "a.md", locations=False)
    fast = validate_article(fast_article, schema)
    assert fast == full
    assert full  # every sample has something to report


def test_fast_path_skips_locations_for_clean_files() -> None:
    text = "---\ntitle: T\ndate: 2024-01-01\nstatus: draft\n---\nbody\n"
    article = parse_text(text, "a.md", locations=False)
    assert validate_article(article, default_schema()) == []
    assert article.locations == {}


def test_fast_path_matches_on_generated_articles(tmp_path: Path) -> None:
    paths = generate.generate(tmp_path, 150, seed=3, broken=0.5, toml=0.3)
    schema = default_schema()
    broken = 0
    for path in paths:
        full = validate_article(load_article(path), schema)
        fast = validate_article(load_article(path, locations=False), schema)
        assert fast == full, path
        broken += bool(full)
    assert broken > 30


_CLOSE = {
    "yaml": re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE),
    "toml": re.compile(r"^\+\+\+[ \t]*\r?$", re.MULTILINE),
}


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(["---", "...", "+++", "----", "-- -", " ---", "\t", " ", "\r", "\n", "x", "..", "+"])
    ),
    st.sampled_from(["yaml", "toml"]),
)
def test_closing_line_is_found_as_the_pattern_finds_it(pieces: list[str], fmt: str) -> None:
    text = "---\n" + "".join(pieces)
    match = _CLOSE[fmt].search(text, 4)
    assert _find_close(text, 4, fmt) == ((match.start(), match.end()) if match else None)  # type: ignore[arg-type]


def test_people_warnings_placed_from_the_first_read_as_by_a_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The people warnings take their positions from the first read (no second read of each
    file): the same positions as reading each file again with locations, on the bundled articles
    (name variants, role changes, a speaker not attending) and on generated ones, with some
    other problem in some of them (already located), TOML among them (read again), both cores."""
    import shutil

    import newsdesk.core.check.people_check as people_check
    from conftest import ARTICLES
    from newsdesk.core.check.batch import validate_paths

    shutil.copytree(ARTICLES, tmp_path / "bundled")
    generate.generate(tmp_path / "generated", 450, seed=5, broken=0.2, toml=0.2)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for folder in ("bundled", "generated"):
        for jobs in (1, 2):
            fast = validate_paths([tmp_path / folder], jobs=jobs)
            with monkeypatch.context() as m:
                m.setattr(people_check, "people_positions", lambda article, schema: None)
                reread = validate_paths([tmp_path / folder], jobs=jobs)
            assert [(r.path, r.problems) for r in fast.files] == [(r.path, r.problems) for r in reread.files]
            assert any(p.code in ("name-variant", "role-changed") for r in fast.files for p in r.problems)
            assert any(r.people_at is not None for r in fast.files)  # the first read's positions
