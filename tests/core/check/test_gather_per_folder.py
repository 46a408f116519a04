"""The runner's walk grouped per folder (issue 23) against the general path.

`validate FOLDER` works out once per folder what decides each file's fate (its schema, whether
the folder is in the articles folder, which files are links) and makes no `Path` hashes or
``parts`` per file. The same files named one by one take the general path: each file's folder
looked up on its own (its real path asked of the file system). Both must agree on every file:
checked (with which schema), skipped, excluded, under a broken schema, a link leading out.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsdesk.core.check import batch
from newsdesk.core.folder.walk import _is_article_name, walk_folders_links
from newsdesk.core.rules.schema import SchemaError

GOOD = "---\ntitle: T\n---\nBody.\n"

FOLDERS = ["", "a", "a/b", "A", ".hidden", "node_modules", "x.md", "sec", "sec/in", "sec/in/deep", "sec/out"]
NAMES = [
    "a.md",
    "b.MD",
    "c.markdown",
    "e.Markdown",
    ".h.md",
    "d.txt",
    "a",
    "a.md.bak",
    "z.md",
    "newsdesk.toml",
]
SCHEMAS = {
    "none": None,
    "plain": '[articles]\nformat = "yaml"\n',
    "folder": '[articles]\nfolder = "in"\n',
    "exclude": '[articles]\nexclude = ["in/z.md", "a.md"]\n',
    "broken": "[articles\n",
}


def _build(root: Path, files: list[tuple[str, str]], top: str, sec: str, link: bool) -> None:
    for folder, name in files:
        where = root / folder
        try:
            where.mkdir(parents=True, exist_ok=True)
        except OSError:  # a file of that name on the way
            continue
        if name != "newsdesk.toml" and not (where / name).exists():
            (where / name).write_text(GOOD)
    for folder, kind in (("", top), ("sec", sec)):
        text = SCHEMAS[kind]
        if text is not None:
            (root / folder).mkdir(parents=True, exist_ok=True)
            (root / folder / "newsdesk.toml").write_text(text)
    if link:
        outside = root.parent / "outside.md"
        outside.write_text(GOOD)
        (root / "sec").mkdir(exist_ok=True)
        os.symlink(outside, root / "sec" / "linked.md")
        os.symlink(root / "a", root / "folder-link")  # a linked folder: not followed


def _shape(found: batch._Gathered, root: Path) -> dict[str, object]:
    """What `_gather` decided, relative to ``root``, the schemas by their files."""

    def rel(p: Path) -> str:
        return str(p.relative_to(root))

    return {
        "files": [(rel(p), str(s.source)) for p, s in zip(found.files, found.schemas, strict=True)],
        "skipped": [rel(p) for p in found.skipped],
        "excluded": [rel(p) for p in found.excluded],
        "broken": sorted((str(k), n) for k, (_, n) in found.broken.items()),
        "outside": sorted((rel(p), problem.code) for p, problem in found.outside.items()),
        "references": found.references,
    }


def _walk_reference(root: Path) -> list[Path]:
    """The article files `os.walk` finds, as the walk skips (hidden folders, node_modules, linked
    folders), sorted by their parts."""
    out: list[Path] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "node_modules"]
        here = Path(folder)
        for name in names:
            if _is_article_name(name):
                out.append(here / name)
        # os.walk lists a symlink to a folder among dirs (not followed): it is no file of ours
    return sorted(out, key=lambda p: p.parts)


@settings(max_examples=60, deadline=None)
@given(
    files=st.lists(st.tuples(st.sampled_from(FOLDERS), st.sampled_from(NAMES)), max_size=25),
    top=st.sampled_from(sorted(SCHEMAS)),
    sec=st.sampled_from(sorted(SCHEMAS)),
    link=st.booleans(),
)
def test_a_folder_walk_decides_each_file_as_files_named_one_by_one(
    files: list[tuple[str, str]], top: str, sec: str, link: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        root.mkdir()
        _build(root, files, "plain" if top == "broken" else top, sec, link)  # (a broken root: raises)
        listed = batch.collect_paths([root])
        assert listed == _walk_reference(root)
        walked = batch._gather([root], None)
        if not listed:
            return
        assert walked.walked is not None and walked.walked[2] == [
            p for f, _, names, _, _ in walk_folders_links(root) if names for p in (f / n for n in names)
        ]
        # Named one by one, a file under a broken schema stops the run (nothing can be checked
        # as asked): the others are named, and each of those alone raises.
        fine = set(walked.files) | set(walked.skipped)
        under_broken = [p for p in listed if p not in fine]
        assert sum(n for _, n in walked.broken.values()) == len(under_broken)
        for path in under_broken[:3]:
            with pytest.raises(SchemaError):
                batch._gather([path], None)
        shape = _shape(walked, root)
        if fine:
            one_by_one = _shape(batch._gather([p for p in listed if p in fine], None), root)
            assert one_by_one == {**shape, "broken": []}
        # Files given twice (a folder and some of its files): each once, as in the folder's walk.
        both = batch._gather([root, *[p for p in listed if p in fine][::2]], None)
        assert _shape(both, root) == shape


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="aAmMdD.rkownx", min_size=1, max_size=9), max_size=12, unique=True))
@example(["a.MD", "b.Markdown", ".c.md", "d.md.x", "e.markdown", "f.md", "md", ".md"])
def test_the_walk_tests_article_names_as_is_article_name(names: list[str]) -> None:
    names = [n for n in names if n not in (".", "..")]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in names:
            (root / name).write_text(GOOD)
        [(folder, _, found, _, links)] = list(walk_folders_links(root))
        assert folder == root and not links
        assert found == sorted(n for n in names if _is_article_name(n))


def test_the_runners_loop_gives_what_check_file_gives(tmp_path: Path) -> None:
    """`check_files` (the loop the runner uses, what is the same per file looked up once) and
    `check_file` one file at a time: the same results, people and all."""
    from newsdesk.core.rules.schema import load_schema

    (tmp_path / "newsdesk.toml").write_text(
        '[articles]\nformat = "yaml"\n\n[fields.title]\ntype = "string"\nrequired = true\n'
    )
    texts = [
        GOOD,
        "---\ntitle: [unclosed\n---\n",
        "---\ndate: 2024-13-01\n---\n",
        "no front matter\n",
        "---\ntitle: P\nattendees:\n  - name: Jane Doe\n    role: Mayor\n---\n",
        "",
    ]
    paths = []
    for n, text in enumerate(texts):
        paths.append(tmp_path / f"{n}.md")
        paths[-1].write_text(text)
    schema = load_schema(tmp_path / "newsdesk.toml")
    schemas = [schema] * len(paths)
    for people in (False, True):
        one = [batch.check_file(p, schema, people=people) for p in paths]
        assert batch.check_files(paths, schemas, people=people) == one
        assert batch.check_files(paths, schemas, people=people, bounds=(2, 5)) == one[2:5]
    assert any(r.people is not None for r in one) and any(r.problems for r in one)
