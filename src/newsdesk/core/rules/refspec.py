"""Where a ``[references.NAME]`` table's profiles are (`ReferenceSpec`), and the state of its
files (`signature`): what the schema and the folder index need of references, without reading a
profile (`newsdesk.core.rules.references` reads and resolves them).

**How long what is looked at of the profiles is kept** (one mechanism, `one_pass`): a pass over
many articles (a folder scan, a refresh, ``newsdesk validate``, a scan worker's share) opens a
memo; within it each collection is listed, its files ``stat``-ed and its signature worked out
once, each schema's `newsdesk.core.rules.references.Resolver` made once, and the profiles the
pass read as articles are kept (`references.read_article`): resolving their slugs does not read
them again. When the pass ends its memo is kept as *the last pass's*: the reader, showing one article
at a time on the app's loop outside any pass, resolves slugs from it (`kept_memo`) and lists
nothing. It is dropped when the next pass begins or `forget_pass` is called (a new walk of the
folder, a change seen on disk), so a profile edited is seen by the next pass, and by the reader
after it. Outside a pass the functions here look at the files every time (`validate ONE.md`, a
field editor's choices, a profile edited between two calls). The profiles' content is cached
apart, by the state of their files (`references.load_profiles`): it cannot go stale.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from newsdesk.core.model.record import Record

T = TypeVar("T")

_set = object.__setattr__
DATA_SUFFIXES = (".json", ".yml", ".yaml", ".toml", ".csv")
#: The settings of a ``[references.NAME]`` table.
REFERENCE_KEYS = ("files", "data", "key", "name", "organization", "role", "photo")


class ReferenceSpec(Record):
    """One ``[references.NAME]`` table: where the profiles are and which fields say what."""

    _fields = ("name", "files", "data", "key", "name_field", "organization", "role", "photo", "base")
    __slots__ = (*_fields, "_hash")
    name: str
    files: str | None  # a pattern with one *, relative to base
    data: str | None  # a data file, relative to base
    key: str | None  # the profile field holding the key (None: file stem / folder name / mapping key)
    name_field: str
    organization: str | None
    role: str | None
    photo: str | None
    base: Path  # the folder of the newsdesk.toml that declares it
    _hash: int

    def __init__(
        self,
        name: str,
        files: str | None = None,
        data: str | None = None,
        key: str | None = None,
        name_field: str = "name",
        organization: str | None = None,
        role: str | None = None,
        photo: str | None = None,
        base: Path | None = None,
    ) -> None:
        _set(self, "name", name)
        _set(self, "files", files)
        _set(self, "data", data)
        _set(self, "key", key)
        _set(self, "name_field", name_field)
        _set(self, "organization", organization)
        _set(self, "role", role)
        _set(self, "photo", photo)
        _set(self, "base", Path.cwd() if base is None else base)
        # Looked up by for every slug an article names (a scan resolves thousands): hashed once.
        _set(self, "_hash", hash(self._values()))
        _note_place(self)  # a scan keeps what it reads of the files this names (`read_article`)

    def __hash__(self) -> int:
        return self._hash

    @property
    def where(self) -> str:
        """The pattern or data file, as written."""
        return self.files or self.data or ""


def reference_from_table(name: str, table: object, base: Path) -> ReferenceSpec:
    """A `ReferenceSpec` from ``[references.NAME]``; `ValueError` names what is wrong."""
    dotted = f"references.{name}"
    if not isinstance(table, dict):
        raise ValueError(f"[{dotted}] must be a table")
    unknown = sorted(set(table) - set(REFERENCE_KEYS))
    if unknown:
        raise ValueError(f"{dotted}: unknown setting {unknown[0]!r} (known: {', '.join(REFERENCE_KEYS)})")
    for key, value in table.items():
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{dotted}.{key} must be a non-empty string")
    files, data = table.get("files"), table.get("data")
    if (files is None) == (data is None):
        raise ValueError(
            f"{dotted} needs one of 'files' (a pattern like \"_people/*.md\") or 'data' (a file)"
        )
    if files is not None and files.count("*") != 1:
        raise ValueError(f"{dotted}.files must hold exactly one * (it stands for the key): {files!r}")
    if data is not None and not data.lower().endswith(DATA_SUFFIXES):
        raise ValueError(f"{dotted}.data must be a {', '.join(DATA_SUFFIXES)} file: {data!r}")
    return ReferenceSpec(
        name=name,
        files=files,
        data=data,
        key=table.get("key"),
        name_field=table.get("name", "name"),
        organization=table.get("organization"),
        role=table.get("role"),
        photo=table.get("photo"),
        base=base,
    )


# -- finding the profiles -------------------------------------------------------------------------


def _split_pattern(spec: ReferenceSpec) -> tuple[Path, str, str, str]:
    """(folder to list, text before *, text after * in that name, the rest of the path below)."""
    assert spec.files is not None
    pattern = spec.files.replace("\\", "/")
    head, _, tail = pattern.partition("*")
    folder, _, before = head.rpartition("/")
    after, _, rest = tail.partition("/")
    return Path(os.path.normpath(spec.base / folder)) if folder else spec.base, before, after, rest


#: A pass's memo: (kind, key) -> what was looked at (see the module's docstring).
Memo = dict[tuple[str, Hashable], Any]
#: The open pass's memo (None: outside a pass), and the last pass's, kept after it ends.
_PASS: Memo | None = None
_LAST: Memo | None = None


class one_pass:
    """A pass over many articles (a folder scan, ``newsdesk validate``): within it each
    collection's profiles are listed, and their signature worked out, once, not once per article
    (1,044 author profiles looked at for each of 2,800 articles was 95% of a site's validate).
    Nested passes share the outer one. A change to the profiles during a pass is seen by the next.
    The memo outlives the pass as the last pass's (`kept_memo`) until the next pass or
    `forget_pass`. (A class, not contextlib: ``validate ONE.md`` imports little.)"""

    __slots__ = ("outer",)

    def __enter__(self) -> None:
        global _PASS, _LAST
        self.outer = _PASS
        if self.outer is None:
            _PASS = {}
            _LAST = None

    def __exit__(self, *exc: object) -> None:
        global _PASS, _LAST
        if self.outer is None:
            if _PASS is not None:
                _PASS.pop(("articles", None), None)  # profiles read and not taken: of no more use
            _LAST, _PASS = _PASS, None


def kept_memo() -> Memo:
    """The open pass's memo, else the last pass's (a new one, kept as the last pass's, when
    there is none): what the reader resolves slugs with between passes."""
    global _LAST
    memo = _PASS if _PASS is not None else _LAST
    if memo is None:
        memo = _LAST = {}
    return memo


def open_pass() -> Memo | None:
    """The open pass's memo; None outside a pass."""
    return _PASS


def forget_pass() -> None:
    """Drop the last pass's memo (the profiles may have changed): the next use looks again."""
    global _LAST
    _LAST = None


def in_pass(kind: str, key: Hashable, make: Callable[[], T], memo: Memo | None = None) -> T:
    """``make()``, once per ``kind`` and ``key`` (a collection) within `one_pass` (every time
    outside one); ``memo``: that one instead of the open pass's (`kept_memo`)."""
    if memo is None:
        memo = _PASS
        if memo is None:
            return make()
    found = memo.get((kind, key), memo)
    if found is memo:
        found = memo[(kind, key)] = make()
    return found  # type: ignore[no-any-return]


def files_place(spec: ReferenceSpec) -> Hashable:
    """Where a ``files`` collection's profiles are (the same for sections' tables naming the
    same files, wherever each newsdesk.toml is)."""
    return _split_pattern(spec)


#: Where ``files`` collections made in this process have their profiles: (the folder's text and a
#: separator, text before *, after it, the rest of the path below), for `is_profile_path`.
PLACES: dict[tuple[str, str, str, str], None] = {}


def _note_place(spec: ReferenceSpec) -> None:
    if spec.files is not None:
        folder, before, after, rest = _split_pattern(spec)
        if len(PLACES) > 64:
            PLACES.clear()
        PLACES[(os.path.join(str(folder), ""), before, after, rest)] = None


def is_profile_path(text: str) -> str | None:
    """The absolute, normal text of the file ``text`` when a known collection's pattern may
    name it (a profile, perhaps), else None: a few string tests per known place."""
    for prefix, before, after, rest in PLACES:
        if rest:
            if not text.endswith(rest) or text[-len(rest) - 1 : -len(rest)] not in ("/", os.sep):
                continue
        elif not text.endswith(after):
            continue
        # A Path's text is normal but for "..": most often nothing to do.
        full = text if text.startswith(prefix) and ".." not in text else os.path.abspath(text)
        if full is not text and not full.startswith(prefix):
            continue
        name, sep, below = full[len(prefix) :].partition(os.sep)
        if (
            below == rest
            and (sep != "") == bool(rest)
            and name.startswith(before)
            and name.endswith(after)
            and len(name) > len(before) + len(after)
        ):
            return full
    return None


#: A file's state: (size, modification time in ns).
State = tuple[int, int]


def pass_reads(memo: Memo | None = None) -> dict[str, tuple[int, int, dict[str, Any]]]:
    """What the pass (``memo``, else the open one) read of files that may be profiles: (size,
    mtime_ns, front matter) by the file's absolute normal text (`references.read_article`); an
    empty dict outside a pass."""
    memo = memo if memo is not None else _PASS
    if memo is None:
        return {}
    found: dict[str, tuple[int, int, dict[str, Any]]] = memo.setdefault(("read", None), {})
    return found


def pass_articles() -> dict[str, Any]:
    """The open pass's profiles read to resolve slugs before the walk came to them, for it to
    take (`references.read_article`): articles by their files' text; an empty dict outside a
    pass. Dropped when the pass ends."""
    if _PASS is None:
        return {}
    found: dict[str, Any] = _PASS.setdefault(("articles", None), {})
    return found


def profile_files(spec: ReferenceSpec, memo: Memo | None = None) -> list[tuple[str, Path]]:
    """(key, file) of every profile file of a ``files`` collection, sorted: one folder listing
    (and one ``stat`` per entry when the * is a folder name, none for a file the pass read as
    an article). Never raises."""
    return [(key, path) for key, path, _ in _listing(spec, memo)]


def _listing(spec: ReferenceSpec, memo: Memo | None) -> list[tuple[str, Path, State | None]]:
    """`profile_files` with the state of each file when it was needed to list it."""
    # By where the files are: sections' tables naming the same profiles share one listing.
    return in_pass("files", _split_pattern(spec), lambda: _list_profiles(spec, memo), memo)


def profile_states(spec: ReferenceSpec, memo: Memo | None = None) -> list[tuple[str, Path, State]]:
    """`profile_files` with each file's state (those that cannot be had left out): one ``stat``
    per file at most, shared with the listing's and the `signature`'s within a pass."""
    return in_pass("states", _split_pattern(spec), lambda: _states(spec, memo), memo)


def _states(spec: ReferenceSpec, memo: Memo | None) -> list[tuple[str, Path, State]]:
    out = []
    for key, path, state in _listing(spec, memo):
        if state is None:
            try:
                st = os.stat(path)
            except (OSError, ValueError):
                continue
            state = (st.st_size, st.st_mtime_ns)
        out.append((key, path, state))
    return out


def _list_profiles(spec: ReferenceSpec, memo: Memo | None) -> list[tuple[str, Path, State | None]]:
    if spec.files is None:
        return []
    folder, before, after, rest = _split_pattern(spec)
    out: list[tuple[str, Path, State | None]] = []
    try:
        with os.scandir(folder) as listing:
            names = sorted(e.name for e in listing if not e.name.startswith("."))
    except OSError:
        return []
    base = str(folder)
    read = pass_reads(memo) if rest else {}
    for name in names:
        if not (name.startswith(before) and name.endswith(after)) or len(name) <= len(before) + len(after):
            continue
        key = name[len(before) : len(name) - len(after)]
        state: State | None = None
        text = ""
        if rest:
            text = os.path.join(base, name, rest)
            seen = read.get(text)
            if seen is not None:  # read as an article in this pass: a file, in this state
                state = seen[:2]
            else:
                try:  # one stat: is it a file, and (for the signature) its size and time
                    st = os.stat(text)
                except (OSError, ValueError):
                    continue
                if not stat.S_ISREG(st.st_mode):
                    continue
                state = (st.st_size, st.st_mtime_ns)
        # One parse of the text (two joins cost twice as much, 1,044 times per pass).
        out.append((key, Path(text) if rest else folder / name, state))
    return out


def data_path(spec: ReferenceSpec) -> Path:
    assert spec.data is not None
    return Path(os.path.normpath(spec.base / spec.data))


def signature(spec: ReferenceSpec, memo: Memo | None = None) -> str:
    """What the collection's profiles depend on: its files' sizes and modification times."""
    return in_pass("signature", spec, lambda: _signature(spec, memo), memo)


def _signature(spec: ReferenceSpec, memo: Memo | None) -> str:
    listed: list[tuple[Path, State]] = []
    if spec.data is not None:
        try:
            st = os.stat(data_path(spec))
            listed.append((data_path(spec), (st.st_size, st.st_mtime_ns)))
        except OSError:
            pass
    else:
        listed = [(p, state) for _, p, state in profile_states(spec, memo)]
    parts = [f"{path.name}:{mtime_ns}:{size}" for path, (size, mtime_ns) in listed]
    import zlib  # a stable checksum: the signature is kept in the index cache between runs

    return f"{spec.name}={len(parts)}:{zlib.crc32('|'.join(parts).encode('utf-8', 'replace')):08x}"
