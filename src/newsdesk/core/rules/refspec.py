"""Where a ``[references.NAME]`` table's profiles are (`ReferenceSpec`), and the state of its
files (`signature`): what the schema and the folder index need of references, without reading a
profile (`newsdesk.core.rules.references` reads and resolves them)."""

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


#: Within `one_pass`: each collection's listing and signature, looked at once (None: outside).
_PASS: dict[tuple[str, Hashable], Any] | None = None


class one_pass:
    """A pass over many articles (a folder scan, ``newsdesk validate``): within it each
    collection's profiles are listed, and their signature worked out, once, not once per article
    (1,044 author profiles looked at for each of 2,800 articles was 95% of a site's validate).
    Nested passes share the outer one. A change to the profiles during a pass is seen by the next.
    (A class, not contextlib: ``validate ONE.md`` imports little.)"""

    __slots__ = ("outer",)

    def __enter__(self) -> None:
        global _PASS
        self.outer = _PASS
        if self.outer is None:
            _PASS = {}

    def __exit__(self, *exc: object) -> None:
        global _PASS
        if self.outer is None:
            _PASS = None


def in_pass(kind: str, key: Hashable, make: Callable[[], T]) -> T:
    """``make()``, once per ``kind`` and ``key`` (a collection) within `one_pass` (every time
    outside one)."""
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


def profile_files(spec: ReferenceSpec) -> list[tuple[str, Path]]:
    """(key, file) of every profile file of a ``files`` collection, sorted: one folder listing
    (and one ``stat`` per entry when the * is a folder name). Never raises."""
    return [(key, path) for key, path, _ in _listing(spec)]


def _listing(spec: ReferenceSpec) -> list[tuple[str, Path, os.stat_result | None]]:
    """`profile_files` with the ``stat`` of each file when it was needed to list it."""
    # By where the files are: sections' tables naming the same profiles share one listing.
    return in_pass("files", _split_pattern(spec), lambda: _list_profiles(spec))


def _list_profiles(spec: ReferenceSpec) -> list[tuple[str, Path, os.stat_result | None]]:
    if spec.files is None:
        return []
    folder, before, after, rest = _split_pattern(spec)
    out: list[tuple[str, Path, os.stat_result | None]] = []
    try:
        with os.scandir(folder) as listing:
            names = sorted(e.name for e in listing if not e.name.startswith("."))
    except OSError:
        return []
    base = str(folder)
    for name in names:
        if not (name.startswith(before) and name.endswith(after)) or len(name) <= len(before) + len(after):
            continue
        key = name[len(before) : len(name) - len(after)]
        st = None
        if rest:
            try:  # one stat: is it a file, and (for the signature) its size and time
                st = os.stat(os.path.join(base, name, rest))
            except (OSError, ValueError):
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
        out.append((key, folder / name / rest if rest else folder / name, st))
    return out


def data_path(spec: ReferenceSpec) -> Path:
    assert spec.data is not None
    return Path(os.path.normpath(spec.base / spec.data))


def signature(spec: ReferenceSpec) -> str:
    """What the collection's profiles depend on: its files' sizes and modification times."""
    return in_pass("signature", spec, lambda: _signature(spec))


def _signature(spec: ReferenceSpec) -> str:
    listed = [(data_path(spec), None)] if spec.data is not None else [(p, st) for _, p, st in _listing(spec)]
    parts = []
    for path, st in listed:
        if st is None:
            try:
                st = path.stat()
            except OSError:
                continue
        parts.append(f"{path.name}:{st.st_mtime_ns}:{st.st_size}")
    import zlib  # a stable checksum: the signature is kept in the index cache between runs

    return f"{spec.name}={len(parts)}:{zlib.crc32('|'.join(parts).encode('utf-8', 'replace')):08x}"
