"""Golden tests: on every bundled article and every real-world file (when present), an unchanged save
is byte-identical and writes nothing, and a one-field edit changes only that field's lines."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from test_save_support import assert_confined, changed_lines, edited, field_lines

from newsdesk.core.model.article import Article
from newsdesk.core.read.reader import load_article
from newsdesk.core.write.save import render, save
from newsdesk.core.write.splice import same

REPO = Path(__file__).resolve().parents[3]
BUNDLED = sorted((REPO / "articles").glob("*.md"))
REALWORLD_DIR = Path(__file__).resolve().parents[4] / "shared" / "realworld"
REALWORLD = sorted(REALWORLD_DIR.rglob("*.md")) if REALWORLD_DIR.is_dir() else []
REALWORLD = [p for p in REALWORLD if p.name != "README.md"]


def _copy(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / source.name
    shutil.copyfile(source, target)
    return target


def _is_table_array(article: Article, key: str) -> bool:
    loc = article.locations.get(key)
    return (
        article.format == "toml"
        and loc is not None
        and loc.start == loc.end
        and article.text.startswith("[[", loc.start)
    )


def check_unchanged(path: Path) -> None:
    before = path.read_bytes()
    mtime = os.stat(path).st_mtime_ns
    article = load_article(path)
    assert render(article, {}) == article.text
    assert save(article, {}) is article
    same_values = {k: v for k, v in article.metadata.items()}
    assert save(article, same_values) is article
    assert path.read_bytes() == before
    assert os.stat(path).st_mtime_ns == mtime


def check_field_edits(path: Path) -> list[tuple[str, int, int]]:
    """Edit each top-level field (and one key of a list-of-objects item); return the diff sizes."""
    original = path.read_bytes()
    article = load_article(path)
    assert not article.has_errors or not any(p.code.endswith("syntax") for p in article.problems)
    sizes: list[tuple[str, int, int]] = []
    for key, value in article.metadata.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value) and len(value) > 1:
            sub = next(iter(value[1]))
            item_path = f"{key}[1].{sub}"
            new_text = render(article, {item_path: edited(value[1][sub])})
            first, last = field_lines(article, item_path)
            n_old, n_new = assert_confined(article.text, new_text, first, last)
            sizes.append((item_path, n_old, n_new))
            if _is_table_array(article, key):
                continue
        change = {key: edited(value)}
        new_text = render(article, change)
        first, last = field_lines(article, key)
        n_old, n_new = assert_confined(article.text, new_text, first, last)
        sizes.append((key, n_old, n_new))
        assert new_text[len(new_text) - len(article.body) :] == article.body
    # One real save: bytes outside the field, BOM and body are kept; values read back.
    key = "title" if "title" in article.metadata else next(iter(article.metadata))
    saved = save(article, {key: edited(article.metadata[key])})
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") == original.startswith(b"\xef\xbb\xbf")
    body = article.body.encode("utf-8", "surrogateescape")
    assert data.endswith(body)
    assert same(saved.metadata[key], edited(article.metadata[key]))
    for other, value in article.metadata.items():
        if other != key:
            assert same(saved.metadata[other], value)
    return sizes


@pytest.mark.parametrize("source", BUNDLED, ids=lambda p: p.name)
def test_bundled_unchanged_save_writes_nothing(source: Path, tmp_path: Path) -> None:
    check_unchanged(_copy(source, tmp_path))


@pytest.mark.parametrize("source", BUNDLED, ids=lambda p: p.name)
def test_bundled_one_field_edit_changes_only_its_lines(source: Path, tmp_path: Path) -> None:
    sizes = check_field_edits(_copy(source, tmp_path))
    assert sizes


def test_bundled_articles_exist() -> None:
    assert len(BUNDLED) >= 2, "the bundled articles are missing"


def test_realworld_unchanged_and_one_field_edits(tmp_path: Path) -> None:
    if not REALWORLD:
        pytest.skip("../shared/realworld is not present in this checkout")
    one_line_titles = 0
    for source in REALWORLD:
        target = _copy(source, tmp_path)
        check_unchanged(target)
        sizes = check_field_edits(target)
        assert sizes, source.name
        title = [s for s in sizes if s[0] == "title"]
        if title and title[0][1:] == (1, 1):
            one_line_titles += 1
        target.unlink()
    # Titles written on one line stay one-line diffs; wrapped titles stay wrapped (same line count).
    assert one_line_titles > 0


def test_realworld_title_edit_is_one_line_when_title_was_one_line(tmp_path: Path) -> None:
    if not REALWORLD:
        pytest.skip("../shared/realworld is not present in this checkout")
    for source in REALWORLD:
        article = load_article(_copy(source, tmp_path))
        title = article.metadata.get("title")
        if not isinstance(title, str) or "title" not in article.locations:
            continue
        first, last = field_lines(article, "title")
        if first != last:
            continue
        new = render(article, {"title": "A short new title"})
        assert changed_lines(article.text, new)[1:] == (1, 1), source.name
