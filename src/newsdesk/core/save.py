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
* Writing is atomic (temporary file in the same folder, fsync, ``os.replace``), keeps the file's mode
  bits, writes through a symlink to its target, and on failure leaves the original untouched and no
  temporary file behind.
* A file changed or deleted on disk since it was read is a `ConflictError` (unless ``force``).

Changes are keyed by field path: ``title``, ``attendees[1].role``, ``related[0]``, ``venue.city``.
The value `UNSET` removes a field or list item; an index equal to the list's length appends.
"""

from __future__ import annotations

import copy
import datetime as dt
import errno
import hashlib
import json
import math
import os
import re
import stat
import tempfile
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Literal, Protocol

from newsdesk.core.article import Article
from newsdesk.core.reader import load_article, parse_text
from newsdesk.core.schema import FieldSpec

__all__ = [
    "UNSET",
    "ConflictError",
    "EditError",
    "SaveError",
    "atomic_write",
    "check_conflict",
    "create",
    "parse_cli_value",
    "parse_path",
    "render",
    "same",
    "save",
]

#: Problems that mean the front matter could not be parsed; such an article is never edited.
BROKEN_CODES = frozenset({"yaml-syntax", "toml-syntax", "front-matter-shape", "too-complex"})
_BOM = b"\xef\xbb\xbf"


class SaveError(Exception):
    """An article that cannot be saved (read-only, broken front matter, failed write). Says why."""


class ConflictError(SaveError):
    """The file changed (or was deleted) on disk since the article was read."""


class EditError(SaveError):
    """A change that cannot be spliced into the existing text (raised by the format editors)."""


class Fallback(Exception):
    """An editor cannot edit inside this node: the caller rewrites the whole node instead."""


class _Unset:
    _instance: _Unset | None = None

    def __new__(cls) -> _Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __reduce__(self) -> str:
        return "UNSET"


#: Change value meaning "remove this field (or list item)".
UNSET: Any = _Unset()

PathPart = str | int
FieldPath = tuple[PathPart, ...]

# -- values ------------------------------------------------------------------------------------


def same(a: object, b: object) -> bool:
    """Equality that also compares types: ``1`` is not ``True``, a date is not a datetime."""
    if a is b:
        return True
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dt.datetime) or isinstance(b, dt.datetime):
        return type(a) is type(b) and a == b and _tz(a) == _tz(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return type(a) is type(b) and a == b
    return type(a) is type(b) and a == b


def _tz(value: object) -> object:
    return value.utcoffset() if isinstance(value, dt.datetime) else None


def _canon(value: object) -> str:
    """A hashable, type-aware key for matching list items."""

    def default(o: object) -> str:
        return f"<{type(o).__name__}:{o}>"

    def tag(v: object) -> object:
        if isinstance(v, dict):
            return {str(k): tag(x) for k, x in v.items()}
        if isinstance(v, list):
            return [tag(x) for x in v]
        if isinstance(v, str):
            return v
        return f"<{type(v).__name__}:{v!r}>"

    return json.dumps(tag(value), sort_keys=True, default=default, ensure_ascii=False)


# -- field paths -------------------------------------------------------------------------------

_TOKEN = re.compile(r"(?P<key>[^.\[\]]+)|\[(?P<idx>\d+)\]|(?P<dot>\.)")


def parse_path(path: str, metadata: Mapping[str, object] | None = None) -> FieldPath:
    """``attendees[1].role`` -> ``("attendees", 1, "role")``. A top-level key that exists as written
    (``og:title``, even ``a.b``) wins over the dotted reading."""
    if metadata is not None and path in metadata:
        return (path,)
    parts: list[PathPart] = []
    expect_key = True
    pos = 0
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        if m is None:
            raise ValueError(f"invalid field path {path!r}")
        if m.group("key") is not None:
            if not expect_key:
                raise ValueError(f"invalid field path {path!r}")
            parts.append(m.group("key"))
            expect_key = False
        elif m.group("idx") is not None:
            if expect_key:
                raise ValueError(f"invalid field path {path!r}")
            parts.append(int(m.group("idx")))
        else:
            if expect_key:
                raise ValueError(f"invalid field path {path!r}")
            expect_key = True
        pos = m.end()
    if expect_key or not parts:
        raise ValueError(f"invalid field path {path!r}")
    return tuple(parts)


def apply_changes(metadata: Mapping[str, Any], changes: Mapping[str, object]) -> dict[str, Any]:
    """A deep copy of ``metadata`` with ``changes`` (keyed by field path) applied."""
    result: dict[str, Any] = copy.deepcopy(dict(metadata))
    for raw_path, value in changes.items():
        path = parse_path(raw_path, metadata)
        _apply_one(result, path, value, raw_path)
    return result


def _apply_one(root: dict[str, Any], path: FieldPath, value: object, raw: str) -> None:
    container: Any = root
    for i, part in enumerate(path[:-1]):
        nxt = path[i + 1]
        if isinstance(container, dict):
            if part not in container or container[part] is None:
                if value is UNSET:
                    return
                container[part] = [] if isinstance(nxt, int) else {}
            container = container[part]
        elif isinstance(container, list) and isinstance(part, int):
            if part >= len(container):
                if value is UNSET:
                    return
                raise SaveError(f"{raw}: there is no item {part} (the list has {len(container)})")
            container = container[part]
        else:
            raise SaveError(f"{raw}: {_describe(path[: i + 1])} is not a list or mapping")
    last = path[-1]
    new = copy.deepcopy(value)
    if isinstance(container, dict) and isinstance(last, str):
        if new is UNSET:
            container.pop(last, None)
        else:
            container[last] = new
    elif isinstance(container, list) and isinstance(last, int):
        if new is UNSET:
            if last < len(container):
                del container[last]
        elif last < len(container):
            container[last] = new
        elif last == len(container):
            container.append(new)
        else:
            raise SaveError(f"{raw}: there is no item {last} (the list has {len(container)})")
    else:
        kind = (
            "list" if isinstance(container, list) else "mapping" if isinstance(container, dict) else "value"
        )
        raise SaveError(f"{raw}: {_describe(path[:-1])} is a {kind}; cannot set {last!r} in it")


def _describe(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(front matter)"


def apply_edits(s: str, edits: Sequence[tuple[int, int, str]]) -> str:
    """Apply non-overlapping splices ``(start, end, text)`` to ``s``.

    Insertions at the same point keep their order and come before a replacement starting there;
    overlapping deletions are merged. Any other overlap is an `EditError`.
    """
    order = sorted(range(len(edits)), key=lambda i: (edits[i][0], edits[i][0] != edits[i][1], i))
    out: list[str] = []
    cur = 0
    for i in order:
        start, end, text = edits[i]
        if start < cur:
            if text == "" and out and out[-1] == "":
                cur = max(cur, end)
                continue
            raise EditError("internal error: overlapping edits")
        out.append(s[cur:start])
        out.append(text)
        cur = end
    out.append(s[cur:])
    return "".join(out)


class Splicer:
    """Bookkeeping shared by the format editors: splices collected on one front-matter text.

    ``s`` is the text with ``\\n`` line ends as parsed; ``nl`` is the file's line ending, applied
    to inserted text. Splices are applied together by `result` (see `apply_edits`).
    """

    def __init__(self, fm: str, newline: str = "\n") -> None:
        self.s = fm
        self.nl = newline
        self.edits: list[tuple[int, int, str]] = []

    def mark(self) -> int:
        return len(self.edits)

    def rollback(self, mark: int) -> None:
        del self.edits[mark:]

    def _splice(self, start: int, end: int, text: str) -> None:
        if self.nl != "\n":
            text = text.replace("\n", self.nl)
        self.edits.append((start, end, text))

    def result(self) -> str:
        return apply_edits(self.s, self.edits)

    def _line_start(self, i: int) -> int:
        return self.s.rfind("\n", 0, i) + 1


# -- the diff engine ---------------------------------------------------------------------------


class Editor(Protocol):
    """What a format editor offers the diff engine. Offsets are into the front-matter text."""

    def can_descend(self, path: FieldPath, kind: Literal["map", "seq"]) -> bool: ...
    def replace(self, path: FieldPath, old: object, new: object) -> None: ...
    def add_key(
        self, path: FieldPath, key: str, value: object, after: str | None, before: str | None
    ) -> None: ...
    def remove_key(self, path: FieldPath, key: str) -> None: ...
    def insert_item(self, path: FieldPath, before: int, value: object) -> None: ...
    def remove_item(self, path: FieldPath, index: int) -> None: ...
    def mark(self) -> int: ...
    def rollback(self, mark: int) -> None: ...


def diff(editor: Editor, old: object, new: object, order: Sequence[str] | None = None) -> None:
    """Turn ``old -> new`` (the whole metadata) into minimal editor operations."""
    try:
        _diff(editor, (), old, new, order)
    except Fallback:
        raise EditError("cannot edit this front matter in place") from None


def _diff(ed: Editor, path: FieldPath, old: object, new: object, order: Sequence[str] | None) -> None:
    if same(old, new):
        return
    if path:
        mark = ed.mark()
        try:
            if _descend(ed, path, old, new, None):
                return
        except Fallback:
            ed.rollback(mark)
        try:
            ed.replace(path, old, new)
        except Fallback:
            if len(path) == 1:
                raise EditError(f"cannot rewrite field '{_describe(path)}' in place") from None
            raise
        return
    if not _descend(ed, path, old, new, order):
        ed.replace(path, old, new)


def _descend(ed: Editor, path: FieldPath, old: object, new: object, order: Sequence[str] | None) -> bool:
    if isinstance(old, dict) and isinstance(new, dict):
        survivors = [k for k in old if k in new]
        if (path and not survivors) or not ed.can_descend(path, "map"):
            return False
        for key in old:
            if key not in new:
                ed.remove_key(path, key)
        for key in old:
            if key in new and not same(old[key], new[key]):
                _diff(ed, (*path, key), old[key], new[key], None)
        for key in new:
            if key not in old:
                after, before = _neighbours(key, list(old), order)
                ed.add_key(path, key, new[key], after, before)
        return True
    if isinstance(old, list) and isinstance(new, list):
        if not old or not new or not ed.can_descend(path, "seq"):
            return False
        matcher = SequenceMatcher(None, [_canon(x) for x in old], [_canon(y) for y in new], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            common = min(i2 - i1, j2 - j1)
            for k in range(common):
                _diff(ed, (*path, i1 + k), old[i1 + k], new[j1 + k], None)
            for k in range(i1 + common, i2):
                ed.remove_item(path, k)
            for k in range(j1 + common, j2):
                ed.insert_item(path, i2, new[k])
        return True
    return False


def _neighbours(key: str, existing: list[str], order: Sequence[str] | None) -> tuple[str | None, str | None]:
    """Where the schema's order puts a new key: after an existing key, or before one."""
    if not order or key not in order:
        return None, None
    rank = {k: i for i, k in enumerate(order)}
    mine = rank[key]
    before_me = [k for k in existing if k in rank and rank[k] < mine]
    if before_me:
        return max(before_me, key=lambda k: rank[k]), None
    after_me = [k for k in existing if k in rank and rank[k] > mine]
    if after_me:
        return None, min(after_me, key=lambda k: rank[k])
    return None, None


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


def render(article: Article, changes: Mapping[str, object], *, order: Sequence[str] | None = None) -> str:
    """The article's new full text (without BOM) with ``changes`` applied; the body is untouched.

    ``order`` (the schema's field order) decides where a new top-level field goes; without it new
    fields are appended at the end of the front matter. Raises `SaveError` when the article cannot be
    edited or the edit could not be verified.
    """
    _check_editable(article)
    try:
        new_meta = apply_changes(article.metadata, changes)
    except ValueError as exc:
        raise SaveError(str(exc)) from None
    return render_metadata(article, new_meta, order=order)


def render_metadata(
    article: Article, new_meta: Mapping[str, Any], *, order: Sequence[str] | None = None
) -> str:
    """Like `render`, for a complete new metadata mapping."""
    _check_editable(article)
    new = dict(new_meta)
    if same(article.metadata, new):
        return article.text
    if article.format is None:
        text = _add_front_matter(article, new)
    else:
        fm = article.front_matter_text
        if article.format == "yaml":
            from newsdesk.core.yaml_edit import YamlEditor

            editor: Any = YamlEditor(fm, article.newline)
        else:
            from newsdesk.core.toml_edit import TomlEditor

            editor = TomlEditor(fm, article.newline)
        diff(editor, article.metadata, new, order)
        new_fm = editor.result()
        text = article.text[: article.fm_start] + new_fm + article.text[article.fm_end :]
    _verify(article, text, new)
    return text


def _add_front_matter(article: Article, new: dict[str, Any]) -> str:
    from newsdesk.core.yaml_edit import dump_document

    nl = article.newline
    fm = dump_document(new).replace("\n", nl)
    return f"---{nl}{fm}---{nl}{article.text}"


def _verify(article: Article, text: str, intended: dict[str, Any]) -> None:
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
    if check.body != article.body:
        raise SaveError(f"{article.path}: refusing to save: the body would change; nothing was written")


# -- saving ------------------------------------------------------------------------------------


def encode(article: Article, text: str) -> bytes:
    data = text.encode("utf-8", "surrogateescape")
    return _BOM + data if article.bom else data


def save(
    article: Article,
    changes: Mapping[str, object],
    *,
    force: bool = False,
    order: Sequence[str] | None = None,
) -> Article:
    """Apply ``changes`` and write the article; returns the re-read `Article`.

    Writes nothing (and returns ``article``) when the values are unchanged. Raises `ConflictError`
    when the file changed on disk since it was read (unless ``force``), `SaveError` otherwise.
    """
    text = render(article, changes, order=order)
    return write_text(article, text, force=force)


def write_text(article: Article, text: str, *, force: bool = False) -> Article:
    """Write ``text`` (as produced by `render`) over the article's file, with conflict check."""
    if text == article.text:
        return article
    if not force:
        check_conflict(article)
    atomic_write(article.path, encode(article, text))
    return load_article(article.path)


def check_conflict(article: Article) -> None:
    """Raise `ConflictError` when the file's bytes differ from what ``article`` was read from."""
    fp = article.fingerprint
    path = article.path
    if fp is None:
        raise ConflictError(f"{path} was not read from disk, so it cannot be checked for changes")
    try:
        with open(path, "rb") as fh:
            data = fh.read(fp.size + 1)
    except FileNotFoundError:
        raise ConflictError(f"{path} was deleted or moved since it was opened") from None
    except OSError as exc:
        raise SaveError(f"cannot save {path}: {_reason(exc)}") from None
    if len(data) != fp.size or hashlib.sha256(data).hexdigest() != fp.sha256:
        raise ConflictError(f"{path} was changed on disk since it was opened")


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    return exc.strerror or str(exc)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path``'s content with ``data`` atomically.

    Writes a temporary file in the target's folder, flushes and fsyncs it, then ``os.replace``\\ s it
    over the target. A symlink is followed (its target is replaced; the link stays a link); the mode
    bits are kept. On failure the original is untouched, the temporary file removed, and `SaveError`
    says why.
    """
    target = Path(os.path.realpath(path))
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise SaveError(f"cannot save {path}: {_reason(exc)}") from None
    _write_then(path, target, data, st, os.replace)


def _write_then(path: Path, target: Path, data: bytes, st: os.stat_result | None, finish: Any) -> None:
    """Write ``data`` to a fsynced temporary file beside ``target``, then ``finish(tmp, target)``."""
    folder = target.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".newsdesk-tmp", dir=folder)
    except OSError as exc:
        raise SaveError(f"cannot save {path}: cannot write in {folder}: {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if st is not None:
            os.chmod(tmp_name, stat.S_IMODE(st.st_mode))
            if hasattr(os, "chown"):
                try:
                    os.chown(tmp_name, -1, st.st_gid)
                except OSError:
                    pass
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        finish(tmp_name, target)
    except BaseException as exc:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        if isinstance(exc, FileExistsError):
            raise SaveError(f"cannot create {path}: a file with that name already exists") from None
        if isinstance(exc, OSError):
            raise SaveError(f"cannot save {path}: {_reason(exc)}") from None
        raise
    _fsync_dir(folder)


def _link_new(tmp_name: str, target: Path) -> None:
    """Give the temporary file its final name without ever replacing an existing file."""
    os.link(tmp_name, target)  # FileExistsError when the name is taken
    os.unlink(tmp_name)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def create(path: Path, metadata: Mapping[str, object], body: str, fmt: Literal["yaml", "toml"]) -> Article:
    """Write a new article file; refuses (`SaveError`) when ``path`` exists."""
    if fmt == "yaml":
        from newsdesk.core.yaml_edit import dump_document

        text = f"---\n{dump_document(dict(metadata))}---\n{body}"
    else:
        from newsdesk.core.toml_edit import dump_document as dump_toml

        text = f"+++\n{dump_toml(dict(metadata))}+++\n{body}"
    check = parse_text(text, path)
    if not same(check.metadata, dict(metadata)) or any(p.code in BROKEN_CODES for p in check.problems):
        raise SaveError(f"cannot create {path}: these values cannot be written as {fmt.upper()} front matter")
    _write_then(path, Path(os.path.abspath(path)), text.encode("utf-8", "surrogateescape"), None, _link_new)
    return load_article(path)


# -- command-line values -----------------------------------------------------------------------

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def parse_cli_value(spec: FieldSpec | None, raw: str) -> object:
    """Parse a ``KEY=VALUE`` value by the field's schema type; `ValueError` names the problem.

    Unknown fields (``spec`` is None) take the text as a string, or JSON when it starts with
    ``[`` or ``{``.
    """
    if spec is None:
        stripped = raw.strip()
        if stripped[:1] in ("[", "{"):
            return _json(raw, "a JSON value")
        return raw
    ftype = spec.type
    if ftype in ("string", "text"):
        return raw
    if ftype == "url":
        if not raw.strip() or any(ch.isspace() for ch in raw.strip()):
            raise ValueError(f"{raw!r} is not a URL")
        return raw.strip()
    if ftype == "enum":
        if raw not in spec.values:
            raise ValueError(f"{raw!r} is not one of: {', '.join(spec.values)}")
        return raw
    if ftype == "date":
        text = raw.strip()
        if not _DATE.fullmatch(text):
            raise ValueError(f"{raw!r} is not a date; write it as YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{raw!r} is not a real date") from None
    if ftype == "datetime":
        text = raw.strip()
        try:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(
                f"{raw!r} is not a date and time; write it as YYYY-MM-DD HH:MM[:SS][+HH:MM]"
            ) from None
        return value
    if ftype == "integer":
        text = raw.strip()
        if not re.fullmatch(r"[-+]?\d+", text):
            raise ValueError(f"{raw!r} is not a whole number")
        return int(text)
    if ftype == "boolean":
        text = raw.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError(f"{raw!r} is not true or false")
    if ftype == "list":
        value = _json(raw, 'a JSON array, e.g. ["one","two"]')
        if not isinstance(value, list):
            raise ValueError('expected a JSON array, e.g. ["one","two"]')
        if spec.items == "string":
            for i, item in enumerate(value):
                if not isinstance(item, str):
                    raise ValueError(f"item {i + 1} ({json.dumps(item)}) is not a string")
        elif spec.items == "object":
            for i, item in enumerate(value):
                if not isinstance(item, dict):
                    raise ValueError(f"item {i + 1} ({json.dumps(item)}) is not an object")
        return value
    if ftype == "object":
        value = _json(raw, 'a JSON object, e.g. {"name":"..."}')
        if not isinstance(value, dict):
            raise ValueError('expected a JSON object, e.g. {"name":"..."}')
        return value
    return raw  # pragma: no cover - FIELD_TYPES is closed


def _json(raw: str, what: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"expected {what}: {exc.msg} at character {exc.pos + 1}") from None


def spec_for_path(fields: Mapping[str, FieldSpec], path: FieldPath) -> FieldSpec | None:
    """The schema spec that describes the value at ``path`` (None when the schema says nothing)."""
    spec = fields.get(str(path[0]))
    for part in path[1:]:
        if spec is None:
            return None
        if isinstance(part, int):
            if spec.type != "list":
                return None
            spec = FieldSpec(
                name=spec.name, type="object" if spec.items == "object" else "string", fields=spec.fields
            )
        else:
            spec = spec.fields.get(part)
    return spec
