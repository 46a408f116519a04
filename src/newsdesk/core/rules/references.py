"""References: a field whose values are slugs naming profiles (``presenter_slugs: [jane-doe]``).

A site declares where its profiles are in ``newsdesk.toml`` and which field refers to them::

    [references.presenters]
    files = "_presenters/*.md"      # one profile per file; the key is what * stands for
    name = "name"                   # the profile fields that give the name,
    organization = "company"        # the organization, the role and the photo
    photo = "photo"

    [references.authors]
    data = "src/_data/authors.json" # or a data file (YAML, JSON, TOML or CSV) keyed by slug
    role = "title"

    [fields.presenter_slugs]
    type = "list"
    ref = "presenters"

Paths are relative to the ``newsdesk.toml`` that declares them (``../authors/*/_index.md``).
``key``: the profile field holding the slug (``slug``), when the file or folder name is not it;
for a data file that is a list of rows, the column that holds it (default ``slug``).

Profiles are read once per state of the collection (`signature`: its files' sizes and times)
and kept for the process (`load_profiles`: keyed by that state, they cannot go stale). Within a
pass (`newsdesk.core.rules.refspec.one_pass`: a folder scan, a refresh, ``validate``) each
collection's files are looked at once, each schema's `Resolver` made once, and a profile the pass
read as an article (`read_article`: the scan reads ``authors/*/_index.md`` as the articles of the
``authors/`` section) is not read again to resolve slugs. Between passes the reader resolves
slugs from the last pass's (`resolver_for`) until the next pass or `forget_resolvers`: one
mechanism, one lifetime, described in refspec's docstring. Checking one article (``newsdesk
validate ONE.md``) needs only the keys: one folder listing, or the data file parsed
(`profile_keys`). No Textual, no folder walk.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdesk.core.model.problems import Problem
from newsdesk.core.model.record import Record
from newsdesk.core.rules.refspec import (
    PLACES,
    Memo,
    ReferenceSpec,
    data_path,
    files_place,
    forget_pass,
    in_pass,
    is_profile_path,
    kept_memo,
    open_pass,
    pass_articles,
    pass_reads,
    profile_files,
    profile_states,
    signature,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from newsdesk.core.model.article import Article
    from newsdesk.core.rules.schema import Schema

_set = object.__setattr__
#: Data files of profiles larger than this are not read (a profile table is small).
MAX_DATA_BYTES = 16 * 1024 * 1024


class Profile(Record):
    """One profile a reference can name."""

    _fields = ("key", "name", "organization", "role", "photo", "path")
    __slots__ = _fields
    key: str
    name: str | None
    organization: str | None
    role: str | None
    photo: str | None
    path: Path  # the profile's file (a data file for a data-file collection)

    def __init__(
        self,
        key: str,
        name: str | None,
        organization: str | None = None,
        role: str | None = None,
        photo: str | None = None,
        path: Path | None = None,
    ) -> None:
        _set(self, "key", key)
        _set(self, "name", name)
        _set(self, "organization", organization)
        _set(self, "role", role)
        _set(self, "photo", photo)
        _set(self, "path", Path() if path is None else path)

    @property
    def label(self) -> str:
        """The name, else the key."""
        return self.name or self.key

    @property
    def is_file(self) -> bool:
        """Whether the profile is an article of its own (not a row of a data file)."""
        return self.path.suffix.lower() in (".md", ".markdown")


def _text(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _profile(spec: ReferenceSpec, key: str, fields: Mapping[str, Any], path: Path) -> Profile:
    def get(name: str | None) -> str | None:
        return _text(fields.get(name)) if name else None

    return Profile(key, get(spec.name_field), get(spec.organization), get(spec.role), get(spec.photo), path)


def read_data(path: Path) -> object:
    """The content of a data file of profiles; `ValueError` when it cannot be read."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_DATA_BYTES + 1)
    except OSError as exc:
        raise ValueError(f"cannot read {path.name}: {exc.strerror or exc}") from None
    if len(raw) > MAX_DATA_BYTES:
        raise ValueError(f"{path.name} is larger than {MAX_DATA_BYTES // (1024 * 1024)} MB")
    text = raw.decode("utf-8-sig", "replace")
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            import json  # only for a JSON profile file: a site's validate starts without it

            return json.loads(text)
        if suffix == ".toml":
            import tomllib  # only for a TOML profile file: validate starts without it

            return tomllib.loads(text)
        if suffix == ".csv":
            import csv  # only for a CSV profile file: validate starts without it

            return list(csv.DictReader(io.StringIO(text)))
        import yaml

        from newsdesk.core.read.loaders import NewsdeskLoader

        return yaml.load(text, Loader=NewsdeskLoader)
    except Exception as exc:  # any parser's error: one clear message
        raise ValueError(
            f"cannot read {path.name}: {str(exc).splitlines()[0] if str(exc) else exc}"
        ) from None


def data_rows(spec: ReferenceSpec, data: object) -> Iterable[tuple[str, Mapping[str, Any]]]:
    """(key, fields) of each profile in a data file: a table keyed by slug, or a list of rows."""
    if isinstance(data, dict):
        for key, value in data.items():
            fields = value if isinstance(value, dict) else {}
            own = _text(fields.get(spec.key)) if spec.key else None
            yield (own or str(key)), fields
    elif isinstance(data, list):
        column = spec.key or "slug"
        for row in data:
            if isinstance(row, dict):
                key = _text(row.get(column))
                if key:
                    yield key, row


#: Loaded collections: (where the profiles are, the fields that say what, the state of the
#: files) -> profiles by key. Sections' tables naming the same profiles the same way share them.
_LOADED: dict[tuple[object, ...], dict[str, Profile]] = {}


def load_profiles(spec: ReferenceSpec, memo: Memo | None = None) -> dict[str, Profile]:
    """The collection's profiles by key, read once per `signature` (never raises: a profile
    that cannot be read still counts, by its key, without a name). ``memo``: as `in_pass`."""
    sig = signature(spec, memo)
    where = files_place(spec) if spec.data is None else data_path(spec)
    loaded = (
        where,
        spec.key,
        spec.name_field,
        spec.organization,
        spec.role,
        spec.photo,
        sig.partition("=")[2],
    )
    found = _LOADED.get(loaded)
    if found is not None:
        return found
    out: dict[str, Profile] = {}
    if spec.data is not None:
        path = data_path(spec)
        try:
            rows = list(data_rows(spec, read_data(path)))
        except ValueError:
            rows = []
        for key, fields in rows:
            out.setdefault(key, _profile(spec, key, fields, path))
    else:
        for key, path, meta in _profile_metadata(spec, sig, memo):
            if spec.key:
                key = _text(meta.get(spec.key)) or key
            out.setdefault(key, _profile(spec, key, meta, path))
    if len(_LOADED) > 64:
        _LOADED.clear()
    _LOADED[loaded] = out
    return out


#: The front matter of a ``files`` collection's profiles: (where the files are, the state of
#: their files) -> (key, file, front matter) of each.
_READ: dict[tuple[object, str], list[tuple[str, Path, Mapping[str, Any]]]] = {}


def _profile_metadata(
    spec: ReferenceSpec, sig: str, memo: Memo | None
) -> list[tuple[str, Path, Mapping[str, Any]]]:
    """Each profile file's front matter, read once for every section whose table names the same
    files in the same state (a site's sections each declaring ``../authors/*/_index.md`` read
    the 1,044 profiles four times: a fifth of a folder scan), and not at all when the pass read
    the file as an article in the same state (`read_article`)."""
    where = (files_place(spec), sig.partition("=")[2])
    found = _READ.get(where)
    if found is not None:
        return found
    from newsdesk.core.read.reader import load_article

    seen = pass_reads(memo)
    open_memo = open_pass()
    keep = open_memo is not None and (memo is None or memo is open_memo)
    articles = pass_articles() if keep else {}
    states = {str(p): state for _, p, state in profile_states(spec, memo)} if seen else {}
    out: list[tuple[str, Path, Mapping[str, Any]]] = []
    for key, path in profile_files(spec, memo):
        text = str(path)
        read = seen.get(text)
        if read is not None and read[:2] == states.get(text):
            out.append((key, path, read[2]))
            continue
        article = load_article(path, locations=False, digest=False)
        if keep:  # for the walk, when it comes to this file (`read_article`)
            articles[text] = article
        out.append((key, path, article.metadata if isinstance(article.metadata, dict) else {}))
    if len(_READ) > 16:
        _READ.clear()
    _READ[where] = out
    return out


def read_article(path: Path) -> Article:
    """``path`` as a folder scan reads it (`load_article` without positions or digest). Within a
    pass, a file a known collection's pattern names (a profile, perhaps) shares its read with
    the references: its front matter is kept for resolving slugs (`pass_reads`), or, read
    already to resolve them (the walk came to the profiles after articles naming them), it is
    taken and not read again. Any other file: a few string tests more."""
    from newsdesk.core.read.reader import load_article

    full = is_profile_path(str(path)) if PLACES and open_pass() is not None else None
    if full is None:
        return load_article(path, locations=False, digest=False)
    article: Article | None = pass_articles().pop(full, None) if full == str(path) else None
    if article is None:
        article = load_article(path, locations=False, digest=False)
    fp = article.fingerprint
    if fp is not None:
        meta = article.metadata
        pass_reads()[full] = (fp.size, fp.mtime_ns, meta if isinstance(meta, dict) else {})
    return article


def profile_keys(spec: ReferenceSpec, memo: Memo | None = None) -> frozenset[str]:
    """The keys a reference may name, as cheaply as they can be had: the file stems or folder
    names (one listing) unless the key is a profile field (then the profiles are read)."""
    if spec.files is not None and spec.key is None:
        return in_pass("keys", spec, lambda: frozenset(key for key, _ in profile_files(spec, memo)), memo)
    return in_pass("keys", spec, lambda: frozenset(load_profiles(spec, memo)), memo)


def data_problem(spec: ReferenceSpec) -> str | None:
    """Why a data-file collection cannot be read, or None."""
    if spec.data is None:
        return None
    try:
        read_data(data_path(spec))
    except ValueError as exc:
        return str(exc)
    return None


# -- references in an article -----------------------------------------------------------------


def ref_values(value: object) -> list[tuple[int | None, str]]:
    """The slugs a reference field holds: (index in the list or None for one value, slug)."""
    if isinstance(value, list):
        return [(i, t) for i, v in enumerate(value) if (t := _text(v)) is not None]
    text = _text(value)
    return [(None, text)] if text is not None else []


def reference_fields(schema: Schema) -> dict[str, ReferenceSpec]:
    """The schema's fields that are references, with their collections."""
    refs = schema.references
    return {name: refs[spec.ref] for name, spec in schema.fields.items() if spec.ref and spec.ref in refs}


class Resolver:
    """Names for the slugs of one schema's reference fields (profiles read on first use)."""

    def __init__(self, fields: Mapping[str, ReferenceSpec], memo: Memo | None = None) -> None:
        self.fields = dict(fields)
        #: The pass whose look at the profiles this resolver uses (`resolver_for`).
        self._memo = memo
        #: Each collection as first loaded: its files are looked at once per resolver (a
        #: `signature` stats every profile file: per slug, that made a scan 40x slower).
        self._loaded: dict[str, dict[str, Profile]] = {}
        self._keys: dict[str, frozenset[str]] = {}

    def profiles(self, field: str) -> dict[str, Profile] | None:
        found = self._loaded.get(field)
        if found is None:
            spec = self.fields.get(field)
            if spec is None:
                return None
            found = self._loaded[field] = load_profiles(spec, self._memo)
        return found

    def keys(self, field: str) -> frozenset[str]:
        """The slugs ``field`` may name (`profile_keys`: the profiles read only when needed)."""
        found = self._keys.get(field)
        if found is None:
            loaded = self._loaded.get(field)
            spec = self.fields[field]
            found = self._keys[field] = (
                frozenset(loaded) if loaded is not None else profile_keys(spec, self._memo)
            )
        return found

    def profile(self, field: str, slug: str) -> Profile | None:
        found = self.profiles(field)
        return found.get(slug) if found is not None else None

    def label(self, field: str, slug: str) -> str:
        """The profile's name for ``slug`` (the slug itself when it names no profile)."""
        profile = self.profile(field, slug)
        return profile.label if profile is not None else slug


def resolver_for(schema: Schema | None) -> Resolver | None:
    """The `Resolver` of ``schema``'s reference fields; None when it has none. One per schema
    within a pass, and between passes the last pass's (`refspec.kept_memo`): the reader showing
    one article after another on the app's loop looks at no profile file again."""
    if schema is None or not schema.references:
        return None
    global _RECENT
    memo = kept_memo()
    recent = _RECENT  # one tuple, read at once: another thread may set it meanwhile
    if recent[0] is memo and recent[1] is schema:  # a scan asks thrice per article
        return recent[2]
    found = memo.get(("resolver", id(schema)))
    if found is None or found[0] is not schema:
        fields = reference_fields(schema)
        found = (schema, Resolver(fields, memo) if fields else None)
        memo[("resolver", id(schema))] = found  # the schema kept: its id is not reused
    _RECENT = (memo, found[0], found[1])
    return found[1]


#: The memo, schema and resolver `resolver_for` gave last (a new pass: a new memo).
_RECENT: tuple[Memo | None, Schema | None, Resolver | None] = (None, None, None)


def forget_resolvers() -> None:
    """Look at the profiles' files again (a new walk of the folder, a change seen on disk): the
    last pass's look at them is dropped (`refspec.forget_pass`)."""
    forget_pass()


def reference_problems(article: Article, schema: Schema) -> list[Problem]:
    """An error for each slug of a reference field that names no profile, with a did-you-mean.
    (A profile nobody names is fine.) Reads only the collections' keys."""
    resolver = resolver_for(schema)
    meta = article.metadata
    if resolver is None or not isinstance(meta, dict):
        return []
    fields = resolver.fields
    out: list[Problem] = []
    speakers = schema.roles.speakers
    if speakers in fields and isinstance(meta.get(speakers), list):
        from newsdesk.core.rules.validate import speaker_problems

        profiles = resolver.profiles(speakers) or {}
        names = [
            (p.name if (p := profiles.get(v.strip())) is not None else None) if isinstance(v, str) else None
            for v in meta[speakers]
        ]
        out += speaker_problems(article, schema, speakers, names)
    for field, spec in fields.items():
        values = ref_values(meta.get(field))
        if not values:
            continue
        keys = resolver.keys(field)
        for index, slug in values:
            if slug in keys:
                continue
            from newsdesk.core.model.problems import did_you_mean
            from newsdesk.core.read.reader import locate

            path = field if index is None else f"{field}[{index}]"
            hint = did_you_mean(slug, keys)
            message = f"'{path}': {slug!r} matches no profile in {spec.where}"
            if hint:
                message += f" (did you mean {hint!r}?)"
            locate(article)
            pos = article.value_position(path)
            out.append(Problem("unknown-reference", message, pos.line, pos.column, "error", path))
    return out


def display_metadata(metadata: Mapping[str, Any], schema: Schema) -> dict[str, Any] | None:
    """``metadata`` as the reader shows it, its people given by reference resolved: each slug of
    a speakers or attendees reference becomes an item with the profile's name, role and
    organization (under the site's person keys), a byline of slugs the profiles' names. A slug
    that names no profile stays as written. None when the schema's people are not references
    (nothing to resolve). Never for saving: the file keeps its slugs."""
    resolver = resolver_for(schema)
    if resolver is None:
        return None
    roles = schema.roles
    out = dict(metadata)
    changed = False
    for field in (roles.attendees, roles.speakers):
        value = metadata.get(field)
        if field not in resolver.fields or value is None:
            continue
        items: list[Any] = []
        for item in value if isinstance(value, list) else [value]:
            profile = resolver.profile(field, item.strip()) if isinstance(item, str) else None
            if profile is None:
                items.append(item)
                continue
            person = {roles.person_key("name"): profile.label}
            if profile.role:
                person[roles.person_key("role")] = profile.role
            if profile.organization:
                person[roles.person_key("organization")] = profile.organization
            items.append(person)
        out[field] = items
        changed = True
    byline = metadata.get(roles.byline)
    if roles.byline in resolver.fields and byline is not None:
        out[roles.byline] = [resolver.label(roles.byline, slug) for _, slug in ref_values(byline)]
        changed = True
    return out if changed else None


def profile_path(schema: Schema, field: str, slug: str) -> Path | None:
    """The profile article a reference names (None: no such profile, or a row of a data file)."""
    resolver = resolver_for(schema)
    profile = resolver.profile(field, slug) if resolver is not None else None
    return profile.path if profile is not None and profile.is_file else None


def profile_fields(spec: ReferenceSpec, profile: Profile) -> dict[str, Any]:
    """Every field of ``profile`` (its front matter, or its row of the data file), read now;
    empty when it cannot be read."""
    if spec.data is not None:
        try:
            rows = data_rows(spec, read_data(data_path(spec)))
        except ValueError:
            return {}
        return next((dict(fields) for key, fields in rows if key == profile.key), {})
    from newsdesk.core.read.reader import load_article

    meta = load_article(profile.path, locations=False, digest=False).metadata
    return dict(meta) if isinstance(meta, dict) else {}


def people_profiles(metadata: Mapping[str, Any], schema: Schema) -> list[tuple[str, str, Profile | None]]:
    """(field, slug, profile or None) of each person ``metadata`` names by reference in its
    byline, speakers and attendees roles, in that order (each slug once)."""
    resolver = resolver_for(schema)
    if resolver is None:
        return []
    roles = schema.roles
    out: list[tuple[str, str, Profile | None]] = []
    seen: set[tuple[str, str]] = set()
    for field in (roles.byline, roles.speakers, roles.attendees):
        if field not in resolver.fields or (field, "") in seen:
            continue
        seen.add((field, ""))
        for _, slug in ref_values(metadata.get(field)):
            if (field, slug) not in seen:
                seen.add((field, slug))
                out.append((field, slug, resolver.profile(field, slug)))
    return out
