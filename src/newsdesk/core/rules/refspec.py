"""Where a ``[references.NAME]`` table's profiles are (`ReferenceSpec`), and the state of its
files (`signature`): what the schema and the folder index need of references, without reading a
profile (`newsdesk.core.rules.references` reads and resolves them)."""

from __future__ import annotations

import os
from pathlib import Path

from newsdesk.core.model.record import Record

_set = object.__setattr__
DATA_SUFFIXES = (".json", ".yml", ".yaml", ".toml", ".csv")
#: The settings of a ``[references.NAME]`` table.
REFERENCE_KEYS = ("files", "data", "key", "name", "organization", "role", "photo")


class ReferenceSpec(Record):
    """One ``[references.NAME]`` table: where the profiles are and which fields say what."""

    _fields = ("name", "files", "data", "key", "name_field", "organization", "role", "photo", "base")
    __slots__ = _fields
    name: str
    files: str | None  # a pattern with one *, relative to base
    data: str | None  # a data file, relative to base
    key: str | None  # the profile field holding the key (None: file stem / folder name / mapping key)
    name_field: str
    organization: str | None
    role: str | None
    photo: str | None
    base: Path  # the folder of the newsdesk.toml that declares it

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


def profile_files(spec: ReferenceSpec) -> list[tuple[str, Path]]:
    """(key, file) of every profile file of a ``files`` collection, sorted: one folder listing
    (and one ``stat`` per entry when the * is a folder name). Never raises."""
    if spec.files is None:
        return []
    folder, before, after, rest = _split_pattern(spec)
    out: list[tuple[str, Path]] = []
    try:
        with os.scandir(folder) as listing:
            names = sorted(e.name for e in listing if not e.name.startswith("."))
    except OSError:
        return []
    for name in names:
        if not (name.startswith(before) and name.endswith(after)) or len(name) <= len(before) + len(after):
            continue
        key = name[len(before) : len(name) - len(after)]
        path = folder / name / rest if rest else folder / name
        if rest and not path.is_file():
            continue
        out.append((key, path))
    return out


def data_path(spec: ReferenceSpec) -> Path:
    assert spec.data is not None
    return Path(os.path.normpath(spec.base / spec.data))


def signature(spec: ReferenceSpec) -> str:
    """What the collection's profiles depend on: its files' sizes and modification times."""
    paths = [data_path(spec)] if spec.data is not None else [p for _, p in profile_files(spec)]
    parts = []
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue
        parts.append(f"{path.name}:{st.st_mtime_ns}:{st.st_size}")
    import zlib  # a stable checksum: the signature is kept in the index cache between runs

    return f"{spec.name}={len(parts)}:{zlib.crc32('|'.join(parts).encode('utf-8', 'replace')):08x}"
