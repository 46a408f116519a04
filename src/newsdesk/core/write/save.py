"""Saving articles: the one path every edit goes through.

What saving promises (YAML and TOML front matter alike):

* No change, no write: saving an article whose values are unchanged leaves the file (bytes and mtime)
  alone.
* Only what changed is rewritten. A change is turned into the smallest set of edits on the original
  text (a field's value, a list item, a key inside a list item) and spliced in at the exact source
  positions; every other byte -- comments, key order, quoting, blank lines, indentation, line endings,
  a BOM, the final newline or its absence, and the body -- stays as it was.
* New values are written as a person would: plain scalars where YAML reads them back unchanged,
  quoted otherwise (``"yes"``, ``"10:30"``, ``"@handle"``), dates as ``YYYY-MM-DD``, lists and
  mappings in the style their neighbours use.
* A safety net: before anything is written the new text is parsed again with the same reader, and
  the values read back must equal the intended values (and all others must be unchanged); otherwise
  saving refuses with `SaveError`.
* Writing is atomic (temporary file in the same folder, fsync, ``os.replace``), keeps the file's
  owner, group and mode (or writes in place after a backup copy where a rename cannot keep them),
  writes through a symlink to its target (never out of the folder being worked on: the git work
  tree, else the folder of ``newsdesk.toml``; ``follow_symlinks`` allows it), and on failure leaves
  the original untouched and no temporary file behind (`newsdesk.core.write.disk`).
* A file changed or deleted on disk since it was read is a `ConflictError` (unless ``force``). The
  check and the replace are one step under newsdesk's folder lock, so of two saves racing on one
  file the second always sees the first. A file its owner may not write is a `ReadOnlyError`
  (unless ``read_only_ok``).

Changes are keyed by field path: ``title``, ``attendees[1].role``, ``related[0]``, ``venue.city``.
The value `UNSET` removes a field or list item; an index equal to the list's length appends.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from newsdesk.core.model.article import Article, Fingerprint
from newsdesk.core.model.body import merge_lines
from newsdesk.core.model.errors import ConflictError, EditError, LinkOutsideError, ReadOnlyError, SaveError
from newsdesk.core.model.textsafe import escape_path
from newsdesk.core.read.reader import MAX_FILE_BYTES, load_article, parse_article, parse_text
from newsdesk.core.write.disk import create_file, replace_checked
from newsdesk.core.write.splice import UNSET, apply_changes, diff, same

__all__ = [
    "BROKEN_CODES",
    "UNSET",
    "ConflictError",
    "EditError",
    "LinkOutsideError",
    "ReadOnlyError",
    "SaveError",
    "create",
    "encode",
    "render",
    "render_metadata",
    "render_new",
    "save",
    "write_text",
]

#: Problems that mean the front matter could not be parsed; such an article is never edited.
BROKEN_CODES = frozenset({"yaml-syntax", "toml-syntax", "front-matter-shape", "too-complex"})
_BOM = b"\xef\xbb\xbf"
#: The file names a front-matter block is ever added to (a file without one).
ARTICLE_SUFFIXES = frozenset({".md", ".markdown"})


# -- rendering ---------------------------------------------------------------------------------


def _check_editable(article: Article) -> None:
    if article.read_only:
        why = article.problems[0].message if article.problems else "it could not be read losslessly"
        raise SaveError(f"{article.path} cannot be edited: {why}")
    for problem in article.problems:
        if problem.code in BROKEN_CODES:
            raise SaveError(
                f"{article.path} cannot be edited: its front matter is broken ({problem.message}, "
                f"line {problem.line}); fix it in a text editor first"
            )
    if article.format is None and not any(p.code == "no-front-matter" for p in article.problems):
        raise SaveError(f"{article.path} cannot be edited: it has no front matter")


def _markdown_name(path: Path) -> bool:
    """Whether ``path`` -- and the file it leads to, when it is a link -- is named ``.md``/``.markdown``."""
    real = Path(os.path.realpath(path))
    return path.suffix.lower() in ARTICLE_SUFFIXES and real.suffix.lower() in ARTICLE_SUFFIXES


def render(
    article: Article,
    changes: Mapping[str, object],
    *,
    order: Sequence[str] | None = None,
    body: str | None = None,
) -> str:
    """The article's new full text (without BOM) with ``changes`` applied.

    ``order`` (the schema's field order) decides where a new top-level field goes; without it new
    fields are appended at the end of the front matter. ``body`` is the edited body as a text editor
    hands it back (any line-ending style): lines that did not change keep their bytes and endings
    (see `newsdesk.core.model.body.merge_lines`), new lines get the file's newline; None keeps the body.
    Raises `SaveError` when the article cannot be edited or the edit could not be verified.
    """
    _check_editable(article)
    try:
        new_meta = apply_changes(article.metadata, changes)
    except ValueError as exc:
        raise SaveError(str(exc)) from None
    return render_metadata(article, new_meta, order=order, body=body)


def render_metadata(
    article: Article,
    new_meta: Mapping[str, Any],
    *,
    order: Sequence[str] | None = None,
    body: str | None = None,
) -> str:
    """Like `render`, for a complete new metadata mapping: front matter and body in one text."""
    _check_editable(article)
    new = dict(new_meta)
    new_body = article.body if body is None else merge_lines(article.body, body, article.newline)
    if same(article.metadata, new):
        if new_body == article.body:
            return article.text
        text = article.text[: article.body_start] + new_body
    elif article.format is None:
        text = _add_front_matter(article, new, new_body)
    else:
        fm = article.front_matter_text
        if article.format == "yaml":
            from newsdesk.core.write.yaml_edit import YamlEditor

            editor: Any = YamlEditor(fm, article.newline)
        else:
            from newsdesk.core.write.toml_edit import TomlEditor

            editor = TomlEditor(fm, article.newline)
        diff(editor, article.metadata, new, order)
        new_fm = editor.result()
        text = article.text[: article.fm_start] + new_fm + article.text[article.fm_end : article.body_start]
        text += new_body
    _verify(article, text, new, new_body)
    return text


def render_new(metadata: Mapping[str, object], body: str, fmt: Literal["yaml", "toml"]) -> str:
    """The full text of a new article (what `create` writes)."""
    if fmt == "yaml":
        from newsdesk.core.write.yaml_edit import dump_document

        return f"---\n{dump_document(dict(metadata))}---\n{body}"
    from newsdesk.core.write.toml_edit import dump_document as dump_toml

    return f"+++\n{dump_toml(dict(metadata))}+++\n{body}"


def _add_front_matter(article: Article, new: dict[str, Any], body: str) -> str:
    from newsdesk.core.write.yaml_edit import dump_document

    nl = article.newline
    fm = dump_document(new).replace("\n", nl)
    return f"---{nl}{fm}---{nl}{body}"


def _verify(article: Article, text: str, intended: dict[str, Any], body: str | None = None) -> None:
    """Read ``text`` back: it must parse, carry exactly ``intended`` and the body ``body``
    (default: the article's own body). Otherwise `SaveError`, and nothing is written."""
    check = parse_text(text, article.path, bom=article.bom)
    broken = [p for p in check.problems if p.code in BROKEN_CODES or p.code == "no-front-matter"]
    if broken:
        raise SaveError(
            f"{article.path}: refusing to save: the edited front matter would not parse "
            f"({broken[0].message}); nothing was written"
        )
    if not same(check.metadata, intended):
        changed = sorted(
            k
            for k in set(check.metadata) | set(intended)
            if not same(check.metadata.get(k, UNSET), intended.get(k, UNSET))
        )
        raise SaveError(
            f"{article.path}: refusing to save: the edited text would read back differently "
            f"(field {', '.join(changed) or '?'}); nothing was written"
        )
    if check.body != (article.body if body is None else body):
        raise SaveError(f"{article.path}: refusing to save: the body would change; nothing was written")


# -- saving ------------------------------------------------------------------------------------


def encode(article: Article, text: str) -> bytes:
    """The bytes of ``text`` as ``article``'s file holds them (UTF-8, its BOM if it had one)."""
    data = text.encode("utf-8", "surrogateescape")
    return _BOM + data if article.bom else data


def save(
    article: Article,
    changes: Mapping[str, object],
    *,
    force: bool = False,
    read_only_ok: bool = False,
    order: Sequence[str] | None = None,
    lock_timeout: float | None = None,
    follow_symlinks: bool = False,
) -> Article:
    """Apply ``changes`` and write the article; returns the `Article` as written.

    Writes nothing (and returns ``article``) when the values are unchanged. Raises `ConflictError`
    when the file changed on disk since it was read (unless ``force``), `ReadOnlyError` when its
    owner may not write it (unless ``read_only_ok``), `SaveError` otherwise. See `write_text`.
    """
    text = render(article, changes, order=order)
    return write_text(
        article,
        text,
        force=force,
        read_only_ok=read_only_ok,
        lock_timeout=lock_timeout,
        follow_symlinks=follow_symlinks,
    )


def write_text(
    article: Article,
    text: str,
    *,
    force: bool = False,
    read_only_ok: bool = False,
    lock_timeout: float | None = None,
    follow_symlinks: bool = False,
) -> Article:
    """Write ``text`` (as produced by `render`) over the article's file; returns the `Article` as written.

    One locked step (`newsdesk.core.write.disk.replace_checked`): refuses a read-only file
    (`ReadOnlyError`, unless ``read_only_ok``) or one the user may not write; checks the file still
    holds the bytes ``article`` was read from (`ConflictError`, unless ``force``); replaces it
    atomically keeping owner, group and mode (or writes in place after a backup copy where the
    rename cannot keep them); refuses a target outside the folder being worked on
    (`LinkOutsideError`, unless ``follow_symlinks``). The returned article is parsed from the bytes written, with their
    fingerprint: a later save of it conflicts with any write that came after this one.
    """
    if text == article.text:
        return article
    if article.format is None and not _markdown_name(article.path):
        # Only a Markdown article is given a front-matter block (never /etc/passwd, a script...).
        raise SaveError(
            f"{escape_path(article.path)} cannot be edited: it has no front matter and is not "
            "a .md or .markdown file, so none is added"
        )
    data = encode(article, text)
    fingerprint = replace_checked(
        article,
        data,
        force=force,
        read_only_ok=read_only_ok,
        lock_timeout=lock_timeout,
        follow_symlinks=follow_symlinks,
    )
    return _written(article.path, data, fingerprint)


def _written(path: Path, data: bytes, fingerprint: Fingerprint) -> Article:
    if len(data) > MAX_FILE_BYTES:
        return load_article(path)
    return parse_article(data, path, fingerprint=fingerprint)


def create(
    path: Path,
    metadata: Mapping[str, object],
    body: str,
    fmt: Literal["yaml", "toml"],
    *,
    lock_timeout: float | None = None,
    follow_symlinks: bool = False,
) -> Article:
    """Write a new article file (locked, fsynced, linked into place); `SaveError` when ``path`` exists."""
    if fmt == "yaml":
        from newsdesk.core.write.yaml_edit import dump_document

        text = f"---\n{dump_document(dict(metadata))}---\n{body}"
    else:
        from newsdesk.core.write.toml_edit import dump_document as dump_toml

        text = f"+++\n{dump_toml(dict(metadata))}+++\n{body}"
    check = parse_text(text, path)
    if not same(check.metadata, dict(metadata)) or any(p.code in BROKEN_CODES for p in check.problems):
        raise SaveError(f"cannot create {path}: these values cannot be written as {fmt.upper()} front matter")
    data = text.encode("utf-8", "surrogateescape")
    return _written(
        path, data, create_file(path, data, lock_timeout=lock_timeout, follow_symlinks=follow_symlinks)
    )
