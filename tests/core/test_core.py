"""The core's boundaries: no textual, python-frontmatter handlers, safe text, the folder index."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import frontmatter
from hypothesis import given
from hypothesis import strategies as st

from conftest import unescape_path
from newsdesk.core.folder.index import FolderIndex
from newsdesk.core.folder.walk import iter_article_paths
from newsdesk.core.model.textsafe import clean, clean_line, describe_char, escape_path, visible
from newsdesk.core.read.handlers import TOMLHandler, YAMLHandler


def test_core_never_imports_textual():
    code = textwrap.dedent(
        """
        import sys, pkgutil, importlib, newsdesk.core
        for mod in pkgutil.walk_packages(newsdesk.core.__path__, "newsdesk.core."):
            importlib.import_module(mod.name)
        import newsdesk.cli.validate_cmd
        bad = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
        print(",".join(bad))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_toml_handler_works_with_python_frontmatter():
    post = frontmatter.loads('+++\ntitle = "x"\ndate = 2022-02-24\n+++\nbody\n', handler=TOMLHandler())
    assert post["title"] == "x"
    assert str(post["date"]) == "2022-02-24"
    assert post.content == "body"
    assert TOMLHandler().export({"title": "x", "tags": ["a"]}) == 'title = "x"\ntags = [\n    "a",\n]'


def test_yaml_handler_keeps_impossible_dates_as_text():
    assert YAMLHandler().load("d: 2024-02-30\ne: 2024-02-03") == {
        "d": "2024-02-30",
        "e": __import__("datetime").date(2024, 2, 3),
    }


def test_clean_neutralises_control_characters():
    hostile = "a\x1b]52;c;SGVsbG8=\x07b\x9bc\r\nd\ud800"
    cleaned = clean(hostile)
    assert "\x1b" not in cleaned and "\x07" not in cleaned and "\x9b" not in cleaned
    assert cleaned == "a^[]52;c;SGVsbG8=^Gb<U+009B>c\nd\ufffd"
    assert clean("tabs\tand\nnewlines stay") == "tabs\tand\nnewlines stay"
    assert clean_line("two\nlines\x1b[2J") == "two lines^[[2J"
    assert clean_line(None) == "" and clean_line(3) == "3"


def test_index_lists_without_bodies_and_refreshes(tmp_path):
    (tmp_path / "b.md").write_text("---\ntitle: B\ndate: 2022-01-02\nstatus: draft\n---\nbody\n")
    (tmp_path / "a.markdown").write_text("+++\ntitle = 'A'\n+++\n")
    (tmp_path / "notes.txt").write_text("not an article")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.md").write_text("---\ntitle: C\n---\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "broken.md").write_text("---\ntitle: [\n---\n")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path / "sub")  # a symlinked folder loop is not followed
    assert [p.name for p in iter_article_paths(tmp_path)] == ["a.markdown", "b.md", "broken.md"]

    index = FolderIndex(tmp_path)
    entries = index.scan()
    by_name = {e.path.name: e for e in entries}
    assert by_name["b.md"].title == "B" and by_name["b.md"].date == "2022-01-02"
    assert by_name["b.md"].status == "draft" and by_name["b.md"].problem_count == 0
    assert by_name["broken.md"].errors == 1 and by_name["broken.md"].first_problem
    assert by_name["broken.md"].rel == "sub/broken.md"
    assert not hasattr(by_name["b.md"], "body")

    (tmp_path / "b.md").write_text("---\ntitle: B2\n---\n")
    (tmp_path / "a.markdown").unlink()
    (tmp_path / "new.md").write_text("---\ntitle: New\n---\n")
    updated, removed = index.refresh()
    assert sorted(e.title for e in updated) == ["B2", "New"]
    assert [p.name for p in removed] == ["a.markdown"]
    assert sorted(e.title for e in index.entries.values()) == ["", "B2", "New"]
    assert index.refresh() == ([], [])


def test_index_uses_the_checker_for_problem_counts(tmp_path):
    from newsdesk.core.model.problems import Problem

    (tmp_path / "a.md").write_text("---\ntitle: A\n---\n")
    index = FolderIndex(tmp_path, checker=lambda a: [Problem("x", "m", severity="warning")])
    (entry,) = index.scan()
    assert (entry.errors, entry.warnings) == (0, 1)


def test_index_cache_round_trip_and_invalidation(tmp_path):
    from newsdesk.core.folder.index import cache_file_for, cache_tag
    from newsdesk.core.rules.schema import default_schema

    folder = tmp_path / "desk"
    folder.mkdir()
    a, b = folder / "a.md", folder / "b.md"
    a.write_text("---\ntitle: A\ntags: [x, y]\nspeakers:\n  - name: P\n---\n")
    b.write_text("---\ntitle: [broken\n---\n")
    cache = cache_file_for(folder, tmp_path / "cache")
    tag = cache_tag(default_schema())
    index = FolderIndex(folder, cache_file=cache, cache_tag=tag)
    assert index.load_cache() == 0  # nothing remembered yet
    entries = {e.path: e for e in index.scan()}
    assert index.save_cache() and cache.is_file()

    again = FolderIndex(folder, cache_file=cache, cache_tag=tag)
    assert again.load_cache() == 2
    assert {p: again.cached_entry(p) for p in entries} == entries

    # the app's two steps: a snapshot now, written later while the entries go on changing
    save = index.cache_saver()
    index.entries = {}
    assert save()
    assert FolderIndex(folder, cache_file=cache, cache_tag=tag).load_cache() == 2

    a.write_text("---\ntitle: A changed\n---\n")
    assert again.cached_entry(a) is None  # changed since: read it again
    assert again.cached_entry(b) == entries[b]
    b.unlink()
    assert again.cached_entry(b) is None
    assert again.cached_entry(folder / "new.md") is None

    # another schema or version: the cache is not trusted
    assert FolderIndex(folder, cache_file=cache, cache_tag=tag + "!").load_cache() == 0
    # a damaged cache file is ignored, never an error
    bad_row = json.dumps({"format": 1, "tag": tag, "entries": [[str(a), 2]]})
    for junk in ("{not json", "[]", bad_row):
        cache.write_text(junk)
        damaged = FolderIndex(folder, cache_file=cache, cache_tag=tag)
        damaged.load_cache()
        assert damaged.cached_entry(a) is None


def test_cache_tag_follows_the_schema_file(tmp_path):
    from newsdesk.core.folder.index import cache_tag
    from newsdesk.core.rules.schema import load_schema

    path = tmp_path / "newsdesk.toml"
    path.write_text("[fields.title]\nrequired = true\n")
    before = cache_tag(load_schema(path))
    path.write_text("[fields.title]\nrequired = false\n# changed\n")
    assert cache_tag(load_schema(path)) != before


def test_clean_neutralises_layout_changing_characters():
    # bidi override, zero-width space, line separator, a BOM inside a title
    hostile = "a\u202eb\u200bc\u2028d\ufeffe"
    assert clean_line(hostile) == "a<U+202E>b<U+200B>c<U+2028>d<U+FEFF>e"
    assert clean(hostile) == clean_line(hostile)
    # combining accents and CJK stay as they are
    assert clean_line("Jose\u0301 刘红") == "Jose\u0301 刘红"


def test_visible_maps_one_character_to_one_symbol():
    """What editing widgets draw: same length (their cursor indexes the real text), nothing a
    terminal acts on, tabs kept."""
    hostile = "a\x1b]52;c;x\x07\x9b\x7f\u202e\u200b\ud800\n\r\x00b\tc"
    shown = visible(hostile)
    assert shown == "a␛]52;c;x␇\ufffd␡\ufffd\ufffd\ufffd␊␍␀b\tc"
    assert len(shown) == len(hostile)
    assert visible("Jose\u0301 刘红\tplain") == "Jose\u0301 刘红\tplain"


def test_clean_line_is_bounded():
    huge = "x" * 2_000_000
    out = clean_line(huge)
    assert len(out) == 1000 and out.endswith("…")
    assert clean_line(huge, limit=None) == huge
    assert clean_line("short", limit=3) == "sh…"


# -- paths printed escaped but recoverable --------------------------------------------------


def test_escape_path_examples():
    import os

    assert escape_path("articles/2024/é.md") == "articles/2024/é.md"
    assert escape_path(os.fsdecode(b"a\nb\xff.md")) == "a\\nb\\xff.md"
    assert escape_path("back\\slash\t\x1b\u202e") == "back\\\\slash\\t\\x1b\\u202e"


@given(st.binary(max_size=40))
def test_escape_path_is_one_printable_line_and_recoverable(raw):
    import os

    path = os.fsdecode(raw)
    shown = escape_path(path)
    assert "\n" not in shown and "\r" not in shown
    assert clean_line(shown, limit=None) == shown  # nothing a terminal would act on
    shown.encode("utf-8")  # no lone surrogates: this would raise
    assert unescape_path(shown) == path


def test_describe_char():
    assert describe_char("\x1b") == "U+001B (ESC)"
    assert describe_char("\u202e") == "U+202E (RIGHT-TO-LEFT OVERRIDE)"
    assert describe_char("\x9b") == "U+009B"


def test_did_you_mean_prefers_case_then_spelling_and_gives_up_on_huge_choice_sets() -> None:
    from newsdesk.core.model.problems import SUGGEST_LIMIT, did_you_mean

    assert did_you_mean("Status", ["title", "status"]) == "status"
    assert did_you_mean("stauts", ["title", "status", "date"]) == "status"
    assert did_you_mean("zzz", ["title", "status"]) is None
    many = [f"value{i}" for i in range(SUGGEST_LIMIT + 1)]
    assert did_you_mean("value1", many) is None
    assert did_you_mean("valdate", ["validate", "list"], cutoff=0.6) == "validate"
