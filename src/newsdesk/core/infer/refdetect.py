"""``init --detect``: fields whose values are slugs naming profiles (references).

A field of one section whose values are slug-like (``jane-doe``) and name, at a high rate, the
file stems or folder names of another folder (``_presenters/jane-doe.md``,
``content/authors/dan-williams/_index.md``) or the keys of a data file (``_data/authors.json``)
is a reference to that profile collection. The profiles' own fields say which gives the name,
the organization, the role and the photo. A value that names nothing but is a near miss of a key
(``john-mcLaughlin``) counts as a likely typo: reported, as ``newsdesk validate`` will report it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from newsdesk.core.model.problems import did_you_mean
from newsdesk.core.read.reader import load_article
from newsdesk.core.rules.references import data_rows, read_data
from newsdesk.core.rules.refspec import DATA_SUFFIXES, ReferenceSpec

#: A value is slug-like: no spaces, letters, digits, ``-``, ``_`` or ``.``.
SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,80}")
#: Of a field's distinct values, at least this share must name a profile (exactly or as a near
#: miss), and the exact ones must be at least as many as the near misses.
MATCH_SHARE = 0.8
#: At most this many files of a section are read for the values of its candidate fields.
SAMPLE_FILES = 400
#: Folders that hold data files (Jekyll and Eleventy ``_data``, Hugo ``data``).
DATA_FOLDERS = ("_data", "data")
NAME_FIELDS = ("display_name", "full_name", "fullname", "name", "title")
ORG_FIELDS = (
    "company",
    "organization",
    "organisation",
    "agency_full_name",
    "agency",
    "affiliation",
    "employer",
)
ROLE_FIELDS = ("role", "job_title", "position", "title")
PHOTO_FIELDS = ("photo", "avatar", "image", "profile_photo", "headshot", "picture")


class Collection:
    """A candidate profile collection: its keys and where they come from."""

    def __init__(self, name: str, folder: Path, files: str | None, data: Path | None, keys: dict[str, Any]):
        self.name = name
        self.folder = folder  # the profiles' folder (a data file's folder)
        self.files = files  # pattern below the site root, e.g. "_presenters/*.md"
        self.data = data
        self.keys = keys  # key -> profile fields (read lazily for files: None)


def _collection_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", text.lstrip("_.")) or "profiles"


def _file_collections(root: Path, paths: Sequence[Path]) -> list[Collection]:
    stems: dict[Path, list[Path]] = {}
    bundles: dict[Path, list[Path]] = {}
    for path in paths:
        stems.setdefault(path.parent, []).append(path)
        if path.name in ("_index.md", "index.md") and path.parent != root:
            bundles.setdefault(path.parent.parent, []).append(path)
    out: list[Collection] = []
    for folder, files in stems.items():
        keys = {p.stem: p for p in files if p.name not in ("_index.md", "index.md")}
        if len(keys) >= 2:
            rel = folder.relative_to(root).as_posix()
            pattern = f"{rel}/*.md" if rel != "." else "*.md"
            out.append(Collection(_collection_name(folder.name), folder, pattern, None, dict(keys)))
    for folder, files in bundles.items():
        by_name: dict[str, list[Path]] = {}
        for p in files:
            by_name.setdefault(p.name, []).append(p)
        name, chosen = max(by_name.items(), key=lambda item: len(item[1]))
        if len(chosen) >= 2:
            rel = folder.relative_to(root).as_posix()
            pattern = f"{rel}/*/{name}" if rel != "." else f"*/{name}"
            keys = {p.parent.name: p for p in chosen}
            out.append(Collection(_collection_name(folder.name), folder, pattern, None, dict(keys)))
    return out


def _data_collections(root: Path) -> list[Collection]:
    out: list[Collection] = []
    for top, dirs, files in os.walk(root):
        depth = len(Path(top).relative_to(root).parts)
        dirs[:] = [d for d in sorted(dirs) if not d.startswith(".") and d != "node_modules" and depth < 3]
        if Path(top).name not in DATA_FOLDERS:
            continue
        for name in sorted(files):
            if not name.lower().endswith(DATA_SUFFIXES):
                continue
            path = Path(top) / name
            spec = ReferenceSpec(name=path.stem, data=name, base=Path(top))
            try:
                rows = dict(data_rows(spec, read_data(path)))
            except ValueError:
                continue
            if len(rows) >= 2:
                out.append(Collection(_collection_name(path.stem), Path(top), None, path, rows))
    return out


def _values(files: Iterable[Path], fields: Sequence[str]) -> dict[str, dict[str, list[Path]]]:
    """Each candidate field's slug-like values, with the files that hold them."""
    out: dict[str, dict[str, list[Path]]] = {f: {} for f in fields}
    for path in files:
        meta = load_article(path, locations=False, digest=False).metadata
        if not isinstance(meta, dict):
            continue
        for field in fields:
            value = meta.get(field)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and SLUG.fullmatch(item.strip()):
                    out[field].setdefault(item.strip(), []).append(path)
    return out


def _profile_fields(collection: Collection) -> dict[str, str]:
    """Which profile fields give the name, organization, role and photo (most profiles have them)."""
    rows: list[dict[str, Any]] = []
    for value in list(collection.keys.values())[:200]:
        if isinstance(value, Path):
            meta = load_article(value, locations=False, digest=False).metadata
            rows.append(meta if isinstance(meta, dict) else {})
        elif isinstance(value, dict):
            rows.append(value)
    half = max(1, len(rows) // 2)

    def common(candidates: Sequence[str], taken: Iterable[str] = ()) -> str | None:
        for name in candidates:
            if name in taken:
                continue
            if sum(1 for r in rows if isinstance(r.get(name), str) and r[name].strip()) >= half:
                return name
        return None

    out: dict[str, str] = {}
    name = common(NAME_FIELDS)
    if name:
        out["name"] = name
    org = common(ORG_FIELDS)
    if org:
        out["organization"] = org
    role = common(ROLE_FIELDS, taken=out.values())
    if role:
        out["role"] = role
    photo = common(PHOTO_FIELDS)
    if photo:
        out["photo"] = photo
    return out


class Found:
    """A reference found in one section's field."""

    def __init__(
        self,
        field: str,
        collection: Collection,
        exact: int,
        near: dict[str, str],
        distinct: int,
        files: dict[str, list[Path]],
    ):
        self.field = field
        self.collection = collection
        self.exact = exact
        self.near = near  # value -> the key it likely means
        self.distinct = distinct
        self.files = files  # value -> files holding it

    @property
    def evidence(self) -> str:
        where = self.collection.files or (self.collection.data.name if self.collection.data else "")
        text = f"a reference: {self.exact} of {self.distinct} values name a profile in {where}"
        if self.near:
            text += f"; {len(self.near)} a near miss (outliers)"
        return text


def find_references(
    root: Path,
    paths: Sequence[Path],
    sections: Sequence[tuple[Path, dict[str, tuple[str | None, str | None]]]],
) -> dict[Path, list[Found]]:
    """For each section (its folder, its fields as name -> (type, items)): the reference fields."""
    collections = _file_collections(root, paths) + _data_collections(root)
    if not collections:
        return {}
    folders = sorted((folder for folder, _ in sections), key=lambda f: len(f.parts), reverse=True)

    def governing(path: Path) -> Path | None:
        return next((f for f in folders if path.is_relative_to(f)), None)

    files_of: dict[Path, list[Path]] = {}
    for path in paths:
        at = governing(path)
        if at is not None:
            files_of.setdefault(at, []).append(path)
    out: dict[Path, list[Found]] = {}
    for folder, fields in sections:
        candidates = [
            name
            for name, (ftype, items) in fields.items()
            if ftype == "string" or (ftype in ("list", "string_or_list") and items == "string")
        ]
        files = files_of.get(folder, [])[:SAMPLE_FILES]
        if not candidates or not files:
            continue
        values = _values(files, candidates)
        for field, seen in values.items():
            best: Found | None = None
            for collection in collections:
                if collection.files is not None and governing(collection.folder / "x.md") == folder:
                    continue  # the profiles' own fields
                keys = collection.keys
                exact = sum(1 for v in seen if v in keys)
                if not exact:
                    continue
                near: dict[str, str] = {}
                for v in seen:
                    if v not in keys:
                        hint = did_you_mean(v, keys, cutoff=0.75)
                        if hint:
                            near[v] = hint
                if (exact + len(near)) / len(seen) < MATCH_SHARE or exact < len(near):
                    continue
                found = Found(field, collection, exact, near, len(seen), seen)
                if best is None or exact > best.exact:
                    best = found
            if best is not None:
                out.setdefault(folder, []).append(best)
    return out


def reference_table(found: Found, section_folder: Path) -> tuple[str, dict[str, str]]:
    """The ``[references.NAME]`` table (name, settings) for a found reference, paths relative to
    the section's ``newsdesk.toml``."""
    collection = found.collection
    table: dict[str, str] = {}
    if collection.data is not None:
        table["data"] = Path(os.path.relpath(collection.data, section_folder)).as_posix()
    else:
        assert collection.files is not None
        base = Path(os.path.relpath(collection.folder, section_folder)).as_posix()
        tail = collection.files.rpartition("*")[2]
        table["files"] = f"{base}/*{tail}" if base != "." else f"*{tail}"
    table.update(_profile_fields(collection))
    return collection.name, table


def role_for(field: str, roles: dict[str, str]) -> str | None:
    """The role a reference field plays, by its name: byline, speakers or attendees."""
    if field in roles.values():
        return None
    low = field.casefold()
    if any(w in low for w in ("speaker", "presenter", "panelist")) and "speakers" not in roles:
        return "speakers"
    if any(w in low for w in ("attendee", "participant")) and "attendees" not in roles:
        return "attendees"
    if any(w in low for w in ("author", "byline", "writer")) and "byline" not in roles:
        return "byline"
    return None
