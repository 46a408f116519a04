"""The schema: what a valid article is, read from ``newsdesk.toml``.

A ``newsdesk.toml`` is looked up from the articles folder upwards (the nearest wins); without one
the built-in `DEFAULT_SCHEMA` applies, which fits institutional news reports. See docs/schema.md for the
format. A broken file raises `SchemaError` naming its line.

A field's ``pattern`` is an RE2 regular expression (``google-re2``): it runs in time linear in the
text, so no pattern can make checking hang (Python's ``re`` backtracks: ``(a+)+$`` against forty
``a`` and a ``b`` never ends). RE2 has no backreferences or look-around; a pattern it cannot
compile is a `SchemaError` naming its line. ``re2`` is imported only when a pattern is compiled.
"""

from __future__ import annotations

import os
import re
import stat
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from newsdesk.core.model.record import Record, replace
from newsdesk.core.read.loaders import invalid_toml, load_toml
from newsdesk.core.rules.roles import DEFAULT_ROLES, FLAG_STATUSES, Roles, roles_from_table
from newsdesk.core.rules.workflow import Workflow, default_workflow, workflow_from_table

if TYPE_CHECKING:
    from collections.abc import Callable

    from newsdesk.core.rules.refspec import ReferenceSpec

SCHEMA_FILENAME = "newsdesk.toml"
#: A schema error message is cut to this many characters (a value quoted in it may be huge).
MAX_MESSAGE = 500
FIELD_TYPES = (
    "string",
    "text",
    "date",
    "datetime",
    "integer",
    "number",
    "boolean",
    "url",
    "enum",
    "list",
    "object",
    "string_or_list",
)
ITEM_TYPES = ("string", "object")
UnknownPolicy = Literal["allow", "warn", "error"]

DEFAULT_STATUSES = ["draft", "review", "approved", "published"]

#: The built-in schema, as it is written by ``newsdesk init``.
DEFAULT_SCHEMA: dict[str, Any] = {
    "articles": {"folder": "articles", "format": "yaml", "unknown_fields": "warn"},
    "fields": {
        "title": {"type": "string", "required": True, "max_length": 200},
        "date": {"type": "date", "required": True},
        "status": {"type": "enum", "values": DEFAULT_STATUSES, "default": "draft", "required": True},
        "byline": {"type": "string", "required": "review"},
        "section": {"type": "string"},
        "summary": {"type": "text", "required": "approved", "max_length": 400},
        "tags": {"type": "list", "items": "string"},
        "location": {"type": "string"},
        "language": {"type": "string", "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
        "attendees": {
            "type": "list",
            "items": "object",
            "required_one_of": [["name", "group"]],
            "fields": {
                "name": {"type": "string"},
                "group": {"type": "string"},
                "role": {"type": "string"},
                "organization": {"type": "string"},
            },
        },
        "speakers": {
            "type": "list",
            "items": "object",
            "required_one_of": [["name"]],
            "fields": {
                "name": {"type": "string"},
                "role": {"type": "string"},
                "organization": {"type": "string"},
                "topic": {"type": "text"},
            },
        },
        "organizations": {"type": "list", "items": "string"},
        "related": {
            "type": "list",
            "items": "object",
            "required_one_of": [["url"]],
            "fields": {"title": {"type": "string"}, "url": {"type": "url"}},
        },
        "review": {
            "type": "list",
            "items": "object",
            "required_one_of": [["by"], ["at"], ["verdict"]],
            "description": "review history, one entry per verdict (appended by newsdesk approve etc.)",
            "fields": {
                "by": {"type": "string"},
                "at": {"type": "datetime"},
                "verdict": {
                    "type": "enum",
                    "values": ["submitted", "approved", "changes-requested", "published"],
                },
                "note": {"type": "text"},
            },
        },
    },
}


class SchemaError(Exception):
    """A ``newsdesk.toml`` that cannot be used. ``str()`` gives ``path:line: message``."""

    def __init__(self, path: Path | None, message: str, line: int | None = None, column: int | None = None):
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
        self.path = path
        self.message = message
        self.line = line
        self.column = column
        from newsdesk.core.model.textsafe import escape_path

        where = escape_path(path) if path else SCHEMA_FILENAME
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")


_set = object.__setattr__


# `FieldSpec` and `Schema` are frozen values written out, not dataclasses: validating one file
# should not import `dataclasses` (see `newsdesk.core.model.record`).


class FieldSpec(Record):
    _fields = (
        "name",
        "type",
        "required",
        "values",
        "default",
        "pattern",
        "min_items",
        "max_length",
        "items",
        "required_one_of",
        "fields",
        "description",
        "allow_false",
        "ref",
    )
    name: str
    type: str
    required: bool | str
    values: tuple[str, ...]
    default: Any
    pattern: str | None
    min_items: int | None
    max_length: int | None
    items: str | None
    required_one_of: tuple[tuple[str, ...], ...]
    fields: dict[str, FieldSpec]
    description: str | None
    #: The value may also be ``false`` (Eleventy's ``permalink: false``: the page is not built).
    allow_false: bool

    #: The name of a ``[references.NAME]`` table: the values are slugs naming its profiles.
    ref: str | None

    def __init__(
        self,
        name: str,
        type: str = "string",
        required: bool | str = False,
        values: tuple[str, ...] = (),
        default: Any = None,
        pattern: str | None = None,
        min_items: int | None = None,
        max_length: int | None = None,
        items: str | None = None,
        required_one_of: tuple[tuple[str, ...], ...] = (),
        fields: dict[str, FieldSpec] | None = None,
        description: str | None = None,
        allow_false: bool = False,
        ref: str | None = None,
    ) -> None:
        _set(self, "name", name)
        _set(self, "type", type)
        _set(self, "required", required)
        _set(self, "values", values)
        _set(self, "default", default)
        _set(self, "pattern", pattern)
        _set(self, "min_items", min_items)
        _set(self, "max_length", max_length)
        _set(self, "items", items)
        _set(self, "required_one_of", required_one_of)
        _set(self, "fields", {} if fields is None else fields)
        _set(self, "description", description)
        _set(self, "allow_false", allow_false)

        _set(self, "ref", ref)

    @property
    def regex(self) -> Regex | None:
        """The compiled ``pattern`` (RE2: linear time), or None."""
        return compile_pattern(self.pattern) if self.pattern else None

    @cached_property
    def value_set(self) -> frozenset[str]:
        """``values`` as a set (an enum may have very many values)."""
        return frozenset(self.values)


class Regex(Protocol):
    """What validation needs of a compiled pattern."""

    def search(self, text: str, /) -> object | None: ...


class _RE2Pattern:
    """An RE2 pattern whose ``search`` also takes text with lone surrogates (undecodable bytes)."""

    __slots__ = ("_compiled",)

    def __init__(self, compiled: Any) -> None:
        self._compiled = compiled

    def search(self, text: str, /) -> object | None:
        try:
            found: object | None = self._compiled.search(text)
        except UnicodeEncodeError:
            found = self._compiled.search(text.encode("utf-8", "replace"))
        return found


#: The built-in schema's patterns, as Python ``re`` patterns that find exactly what RE2 finds
#: (RE2's ``$`` is the end of the text: Python's ``\Z``) and run in linear time (no nested choice), so
#: that checking a ``language`` does not import re2 (~3 ms of a pre-commit run).
_BUILTIN_PATTERNS = {
    DEFAULT_SCHEMA["fields"]["language"]["pattern"]: r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\Z",
}


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> Regex:
    """Compile ``pattern`` with RE2. Raises `ValueError` with RE2's reason when it cannot."""
    same = _BUILTIN_PATTERNS.get(pattern)
    if same is not None:
        return re.compile(same)
    import re2  # type: ignore[import-not-found,import-untyped,unused-ignore]  # lazily: ~7 ms

    options = re2.Options()
    options.log_errors = False  # RE2 would print its own copy of the error to stderr
    try:
        return _RE2Pattern(re2.compile(pattern, options))
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise ValueError(str(reason)) from None


class Schema(Record):
    _fields = (
        "fields",
        "folder",
        "format",
        "unknown_fields",
        "source",
        "roles",
        "workflow_config",
        "follow_symlinks",
        "exclude",
        "references",
    )
    fields: dict[str, FieldSpec]
    folder: Path | None
    format: Literal["yaml", "toml"]
    unknown_fields: UnknownPolicy
    source: Path | None  # None: the built-in default
    roles: Roles
    #: The ``[workflow]`` table as read; None: the default workflow for these statuses.
    workflow_config: Workflow | None
    #: ``[articles] follow_symlinks``: saves may write through a link to a file outside the folder.
    follow_symlinks: bool
    #: ``[articles] exclude``: files under the schema's folder that are not articles (a README
    #: without front matter), as paths relative to it; ``*`` matches within a name.
    exclude: tuple[str, ...]

    #: ``[references.NAME]``: the profile collections reference fields name (``ref = "NAME"``).
    references: dict[str, ReferenceSpec]

    def __init__(
        self,
        fields: dict[str, FieldSpec],
        folder: Path | None = None,
        format: Literal["yaml", "toml"] = "yaml",
        unknown_fields: UnknownPolicy = "warn",
        source: Path | None = None,
        roles: Roles = DEFAULT_ROLES,
        workflow_config: Workflow | None = None,
        follow_symlinks: bool = False,
        exclude: tuple[str, ...] = (),
        references: dict[str, ReferenceSpec] | None = None,
    ) -> None:
        _set(self, "fields", fields)
        _set(self, "folder", folder)
        _set(self, "format", format)
        _set(self, "unknown_fields", unknown_fields)
        _set(self, "source", source)
        _set(self, "roles", roles)
        _set(self, "workflow_config", workflow_config)
        _set(self, "follow_symlinks", follow_symlinks)
        _set(self, "exclude", exclude)

        _set(self, "references", {} if references is None else references)

    @cached_property
    def workflow(self) -> Workflow:
        """The review workflow: allowed status moves and each verdict's status."""
        if self.workflow_config is not None:
            return self.workflow_config
        return default_workflow(self.statuses, draft_flag=self.roles.draft_flag)

    @property
    def statuses(self) -> tuple[str, ...]:
        """The workflow's statuses in order (a boolean draft flag has two: draft, published; a
        fixed status, one)."""
        if self.roles.status_fixed is not None:
            return (self.roles.status_fixed,)
        if self.roles.draft_flag:
            return FLAG_STATUSES
        spec = self.fields.get(self.roles.status)
        return spec.values if spec and spec.values else tuple(DEFAULT_STATUSES)

    @property
    def has_status(self) -> bool:
        """Whether articles have a status at all: a status field, a boolean draft flag, or a fixed
        status."""
        roles = self.roles
        return roles.draft_flag or roles.status_fixed is not None or roles.status in self.fields

    def fixed_status_reason(self) -> str | None:
        """Why no verdict or edit changes the status here (``status_fixed``), and what does: for
        Jekyll's ``_drafts/``, moving the file to ``_posts/``. None when the status is not fixed."""
        fixed = self.roles.status_fixed
        if fixed is None:
            return None
        folder = self.source.parent.name if self.source is not None else ""
        where = f"in {folder}/ " if folder else ""
        how = (
            "move it to _posts/ to publish it"
            if folder == "_drafts"
            else f"move it out of {folder or 'this folder'}/ to change that"
        )
        return f"every article {where}is {fixed} (articles.roles.status_fixed in {SCHEMA_FILENAME}): {how}"

    def excludes(self, path: Path) -> bool:
        """Whether ``path`` is one of the files ``[articles] exclude`` says are not articles."""
        if not self.exclude or self.source is None:
            return False
        try:
            rel = path.resolve().relative_to(self.source.parent.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            return False
        from fnmatch import fnmatchcase

        return any(fnmatchcase(rel, pattern) for pattern in self.exclude)

    def excluded_in(self, folder: Path) -> Callable[[str], bool] | None:
        """`excludes` for the files of one ``folder``, by name: the folder is resolved once (a
        walk asks this per folder, not per file). None when nothing in it can be excluded."""
        if not self.exclude or self.source is None:
            return None
        try:
            rel = folder.resolve().relative_to(self.source.parent.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            return None
        from fnmatch import fnmatchcase

        prefix = "" if rel == "." else rel + "/"
        patterns = self.exclude
        return lambda name: any(fnmatchcase(prefix + name, pattern) for pattern in patterns)

    def is_required(self, spec: FieldSpec, status: object) -> bool:
        """Whether ``spec`` is required in an article whose status is ``status``."""
        if spec.required is True:
            return True
        if not spec.required:
            return False
        order = self.statuses
        threshold = str(spec.required)
        if threshold not in order or not isinstance(status, str) or status not in order:
            return False
        return order.index(status) >= order.index(threshold)


# -- loading -------------------------------------------------------------------------------


def default_schema() -> Schema:
    # The built-in patterns are known to compile: checking them would import re2 for nothing.
    return _build(DEFAULT_SCHEMA, None, None, check_patterns=False)


def find_schema_file(start: Path) -> Path | None:
    """The nearest ``newsdesk.toml`` in ``start`` (a folder or file) or its parents."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / SCHEMA_FILENAME
        if path.is_file():
            return path
    return None


def schema_for(start: Path) -> Schema:
    """The schema that applies to ``start`` (a folder or an article path)."""
    found = find_schema_file(start)
    return load_schema(found) if found else default_schema()


def load_schema(path: Path) -> Schema:
    stat = path.stat()
    return _load_cached(path.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _load_cached(path: Path, _mtime: int, _size: int) -> Schema:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError(path, f"cannot read schema: {exc}") from None
    return parse_schema(text, path)


def parse_schema(text: str, path: Path | None = None) -> Schema:
    import tomllib  # only with a newsdesk.toml: without one, validate starts without it (six modules)

    try:
        data = load_toml(text)
    except tomllib.TOMLDecodeError as exc:
        raise SchemaError(path, *invalid_toml(exc)) from None
    try:
        return _build(data, path, text)
    except RecursionError:  # [fields.a.fields.b.fields.c...] hundreds deep
        raise SchemaError(path, "fields nested too deeply (each level's 'fields' in another)") from None


class SchemaLookup:
    """The schema of each article under ``root``: the nearest ``newsdesk.toml`` below ``root``
    (a section's own, as ``newsdesk init --detect`` writes them), else ``base`` (root's own).

    Looked up once per folder. A broken one is reported by `error_for` and ``base`` applies
    meanwhile; `key_for` names the file that applies (for caches that depend on it).
    """

    def __init__(self, root: Path, base: Schema) -> None:
        self.root = root
        self.base = base
        #: By the folder's text (the path's text up to its last separator: no Path is made
        #: for the several lookups per file of a scan).
        self._by_folder: dict[str, tuple[Schema, SchemaError | None, str]] = {}
        #: The state of each schema's profile collections (`references.signature`), by id.
        self._ref_keys: dict[int, tuple[Schema, str]] = {}

    def _lookup(self, path: Path) -> tuple[Schema, SchemaError | None, str]:
        text = str(path)
        found = self._by_folder.get(text[: text.rfind(os.sep) + 1])
        if found is not None:
            return found
        folder = path.parent
        result: tuple[Schema, SchemaError | None, str] = (self.base, None, "")
        root_parts = self.root.parts
        if (
            folder != self.root
            and len(folder.parts) > len(root_parts)
            and folder.parts[: len(root_parts)] == root_parts
        ):
            candidate = folder / SCHEMA_FILENAME
            try:
                st = candidate.stat()
                is_file = stat.S_ISREG(st.st_mode)
            except OSError:
                is_file = False
            if is_file:
                key = f"{candidate}:{st.st_mtime_ns}:{st.st_size}"
                try:
                    result = (load_schema(candidate), None, key)
                except SchemaError as exc:
                    result = (self.base, exc, key)
                except OSError as exc:
                    result = (self.base, SchemaError(candidate, f"cannot read schema: {exc}"), key)
            else:
                result = self._lookup(folder)
        self._by_folder[text[: text.rfind(os.sep) + 1]] = result
        return result

    def for_path(self, path: Path) -> Schema:
        """The schema for the article ``path``."""
        return self._lookup(path)[0]

    def error_for(self, path: Path) -> SchemaError | None:
        """The broken ``newsdesk.toml`` that should govern ``path``, if any."""
        return self._lookup(path)[1]

    def key_for(self, path: Path) -> str:
        """Which section schema applies to ``path`` (file, mtime, size); "" for ``base``. With
        references, the state of their profiles too: an entry read before a profile changed
        names the person as they were (the profiles are looked at once until `forget`)."""
        schema, _, key = self._lookup(path)
        if schema.references:
            known = self._ref_keys.get(id(schema))
            if known is None:
                from newsdesk.core.rules.refspec import signature

                sig = ";".join(signature(spec) for spec in schema.references.values())
                known = self._ref_keys[id(schema)] = (schema, sig)
            key += "|refs " + known[1]
        return key

    def statuses_in_use(self) -> tuple[str, ...]:
        """The statuses of the schemas that applied to the articles looked up so far, in each
        schema's order (none: those articles have no status at all)."""
        found: dict[str, None] = {}
        for schema, _, _ in list(self._by_folder.values()):
            if schema.has_status:
                for status in schema.statuses:
                    found.setdefault(status)
        return tuple(found)

    def forget(self) -> None:
        """Look the schema files up again (one may have been added, changed or removed), and
        the profiles their references name."""
        self._by_folder.clear()
        self._ref_keys.clear()


def _line_of(text: str | None, *patterns: str) -> int | None:
    """Line of the first pattern found. ``HEADER>>KEY`` finds KEY inside the table HEADER."""
    if not text:
        return None
    for pattern in patterns:
        start, _, key = pattern.partition(">>")
        match = re.search(start, text, re.MULTILINE)
        if match and key:
            table_end = re.compile(r"^[ \t]*\[", re.MULTILINE).search(text, match.end())
            match = (
                re.compile(key, re.MULTILINE).search(
                    text, match.end(), table_end.start() if table_end else len(text)
                )
                or match
            )
        if match:
            return text.count("\n", 0, match.start()) + 1
    return None


def _build(
    data: dict[str, Any], path: Path | None, text: str | None, *, check_patterns: bool = True
) -> Schema:
    def fail(message: str, *patterns: str) -> SchemaError:
        return SchemaError(path, message, _line_of(text, *patterns))

    articles = data.get("articles", {})
    if not isinstance(articles, dict):
        raise fail("[articles] must be a table", r"^[ \t]*articles\s*=")
    fmt, unknown, folder, follow, exclude = _articles_settings(articles, path, fail)
    raw_fields = data.get("fields", {})
    if not isinstance(raw_fields, dict):
        raise fail("[fields] must be a table", r"^[ \t]*fields\s*=")
    fields = {
        name: _field(name, spec, f"fields.{name}", fail, check_patterns) for name, spec in raw_fields.items()
    }
    workflow_table = data.get("workflow")
    if workflow_table is not None and not isinstance(workflow_table, dict):
        raise fail("[workflow] must be a table", r"^[ \t]*workflow\s*=")
    roles_table = articles.get("roles", {})
    if workflow_table and isinstance(workflow_table.get("status"), str) and isinstance(roles_table, dict):
        named = roles_table.get("status")
        if named is not None and named != workflow_table["status"]:
            raise fail(
                f"workflow.status ({workflow_table['status']!r}) and articles.roles.status ({named!r}) "
                "name different fields: keep one",
                r"^[ \t]*\[workflow\]>>^[ \t]*status[ \t]*=",
            )
        roles_table = {**roles_table, "status": workflow_table["status"]}
    roles = _roles(roles_table, fields, fail)
    references = _references(data.get("references"), fields, path, fail)
    schema = Schema(
        fields=fields,
        folder=folder,
        format=fmt,
        unknown_fields=unknown,
        source=path,
        roles=roles,
        follow_symlinks=follow,
        exclude=tuple(exclude),
        references=references,
    )
    if workflow_table is not None:
        schema = _with_workflow(schema, workflow_table, roles.draft_flag, fail)
    _check_required(schema, fail)
    return schema


def _articles_settings(
    articles: dict[str, Any], path: Path | None, fail: Callable[..., SchemaError]
) -> tuple[Literal["yaml", "toml"], UnknownPolicy, Path | None, bool, list[str]]:
    """``[articles]``: format, unknown_fields, folder, follow_symlinks and exclude, checked."""
    fmt = articles.get("format", "yaml")
    if fmt not in ("yaml", "toml"):
        raise fail(f"articles.format must be 'yaml' or 'toml', not {fmt!r}", r"^[ \t]*format\s*=")
    unknown = articles.get("unknown_fields", "warn")
    if unknown not in ("allow", "warn", "error"):
        raise fail(
            f"articles.unknown_fields must be 'allow', 'warn' or 'error', not {unknown!r}",
            r"^[ \t]*unknown_fields\s*=",
        )
    folder_value = articles.get("folder")
    folder: Path | None = None
    if folder_value is not None:
        if not isinstance(folder_value, str):
            raise fail("articles.folder must be a string", r"^[ \t]*folder\s*=")
        base = path.parent if path else Path.cwd()
        folder = base / folder_value
    follow = articles.get("follow_symlinks", False)
    if not isinstance(follow, bool):
        raise fail("articles.follow_symlinks must be true or false", r"^[ \t]*follow_symlinks\s*=")
    exclude = articles.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(e, str) and e for e in exclude):
        raise fail("articles.exclude must be a list of file paths", r"^[ \t]*exclude\s*=")
    return fmt, unknown, folder, follow, exclude


def _with_workflow(
    schema: Schema, table: dict[str, Any], draft_flag: bool, fail: Callable[..., SchemaError]
) -> Schema:
    """``schema`` with its ``[workflow]`` table, read against its statuses."""
    try:
        flow = workflow_from_table(table, schema.statuses, draft_flag=draft_flag)
    except ValueError as exc:
        key = str(exc).partition(".")[2].partition(" ")[0].partition(":")[0] or "workflow"
        raise fail(
            str(exc),
            rf"^[ \t]*\[workflow\]>>^[ \t]*{re.escape(key)}[ \t]*=",
            r"^[ \t]*\[workflow",
        ) from None
    return replace(schema, workflow_config=flow)


def _check_required(schema: Schema, fail: Callable[..., SchemaError]) -> None:
    """A field's ``required`` is true, false or one of the schema's statuses."""
    for spec in schema.fields.values():
        if isinstance(spec.required, str) and spec.required not in schema.statuses:
            raise fail(
                f"fields.{spec.name}.required must be true, false or one of the statuses "
                f"{list(schema.statuses)}, not {spec.required!r}",
                rf"^[ \t]*\[fields\.{re.escape(spec.name)}\]>>^[ \t]*required[ \t]*=",
            )


def _references(
    table: Any, fields: dict[str, FieldSpec], path: Path | None, fail: Callable[..., SchemaError]
) -> dict[str, ReferenceSpec]:
    """``[references.NAME]`` tables, and the fields' ``ref`` settings checked against them."""
    named = [spec for spec in fields.values() if spec.ref is not None]
    if table is None and not named:
        return {}
    from newsdesk.core.rules.refspec import reference_from_table

    if table is None:
        table = {}
    if not isinstance(table, dict):
        raise fail("[references] must be a table", r"^[ \t]*references\s*=")
    base = path.parent if path else Path.cwd()
    out: dict[str, ReferenceSpec] = {}
    for name, sub in table.items():
        try:
            out[name] = reference_from_table(name, sub, base)
        except ValueError as exc:
            raise fail(str(exc), rf"^[ \t]*\[references\.{re.escape(name)}\]") from None
    for spec in named:
        header = rf"^[ \t]*\[fields\.{re.escape(spec.name)}\]>>^[ \t]*ref[ \t]*="
        if spec.ref not in out:
            known = f" (declared: {', '.join(sorted(out))})" if out else ""
            raise fail(f"fields.{spec.name}.ref names no [references.{spec.ref}] table{known}", header)
        if spec.type not in ("string", "list", "string_or_list") or (
            spec.type == "list" and spec.items != "string"
        ):
            raise fail(
                f"fields.{spec.name}: a reference is a string or a list of strings "
                f"(or string_or_list), not {spec.type}",
                header,
            )
    return out


def _toml_repr(value: object) -> str:
    """A value as newsdesk.toml spells it (``true``, ``1``, ``2024-01-01``), for a message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    isoformat = getattr(value, "isoformat", None)
    return str(isoformat()) if callable(isoformat) else repr(value)


def _roles(table: Any, fields: dict[str, FieldSpec], fail: Any) -> Roles:
    """``[articles.roles]``; the status role is a draft flag when its field is a boolean."""
    if not isinstance(table, dict):
        raise fail("[articles.roles] must be a table", r"^[ \t]*roles\s*=")
    status_field = table.get("status", "status")
    spec = fields.get(status_field) if isinstance(status_field, str) else None
    flag = spec.type == "boolean" if spec is not None else status_field == "draft"
    flag = flag and "status_fixed" not in table  # a fixed status reads no field
    try:
        return roles_from_table(table, draft_flag=flag)
    except ValueError as exc:
        raise fail(str(exc), r"^[ \t]*\[articles\.roles") from None


_KNOWN_KEYS = set(FieldSpec._fields) - {"name"}  # a field's settings in newsdesk.toml


def _field(
    name: str, spec: Any, dotted: str, fail: Callable[..., SchemaError], check_patterns: bool = True
) -> FieldSpec:
    header = rf"^[ \t]*\[{re.escape(dotted)}\]"

    def at(key: str) -> str:
        return rf"{header}>>^[ \t]*{re.escape(key)}[ \t]*="

    if not isinstance(spec, dict):
        raise fail(f"{dotted} must be a table", rf"^[ \t]*{re.escape(name)}\s*=", header)
    unknown = sorted(set(spec) - _KNOWN_KEYS)
    if unknown:
        raise fail(
            f"{dotted}: unknown setting {unknown[0]!r}", rf"^[ \t]*{re.escape(unknown[0])}\s*=", header
        )
    ftype = spec.get("type", "string")
    if ftype not in FIELD_TYPES:
        raise fail(
            f"{dotted}.type must be one of {', '.join(FIELD_TYPES)}; not {ftype!r}", at("type"), header
        )
    values = _field_values(spec.get("values", []), ftype == "enum", dotted, at("values"), header, fail)
    allow_false = spec.get("allow_false", False)
    if not isinstance(allow_false, bool):
        raise fail(f"{dotted}.allow_false must be true or false", at("allow_false"), header)
    required = spec.get("required", False)
    if not isinstance(required, (bool, str)):
        raise fail(f"{dotted}.required must be true, false or a status", at("required"), header)
    pattern = spec.get("pattern")
    if pattern is not None:
        _check_pattern(pattern, dotted, at("pattern"), header, fail, check_patterns)
    items = spec.get("items")
    if items is not None and items not in ITEM_TYPES:
        raise fail(f"{dotted}.items must be 'string' or 'object', not {items!r}", at("items"), header)
    one_of = spec.get("required_one_of", [])
    if not isinstance(one_of, list) or not all(
        isinstance(group, list) and all(isinstance(k, str) for k in group) for group in one_of
    ):
        raise fail(
            f"{dotted}.required_one_of must be a list of lists of key names", at("required_one_of"), header
        )
    for int_key in ("min_items", "max_length"):
        value = spec.get(int_key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise fail(f"{dotted}.{int_key} must be a non-negative integer", at(int_key), header)
    sub = spec.get("fields", {})
    if not isinstance(sub, dict):
        raise fail(f"{dotted}.fields must be a table", header)
    ref = spec.get("ref")
    if ref is not None and (not isinstance(ref, str) or not ref):
        raise fail(f"{dotted}.ref must name a [references.NAME] table", at("ref"), header)
    return FieldSpec(
        name=name,
        type=ftype,
        required=required,
        values=tuple(values),
        default=spec.get("default"),
        pattern=pattern,
        min_items=spec.get("min_items"),
        max_length=spec.get("max_length"),
        items=items if items is not None else ("string" if ftype in ("list", "string_or_list") else None),
        required_one_of=tuple(tuple(group) for group in one_of),
        fields={k: _field(k, v, f"{dotted}.fields.{k}", fail, check_patterns) for k, v in sub.items()},
        description=spec.get("description"),
        allow_false=allow_false,
        ref=ref,
    )


def _field_values(
    values: Any, enum: bool, dotted: str, at: str, header: str, fail: Callable[..., SchemaError]
) -> list[str]:
    """A field's ``values`` (``at``: where the setting is), checked: a list of strings, not empty
    for an ``enum``."""
    if enum and (not isinstance(values, list) or not values):
        raise fail(f"{dotted}: an enum needs a non-empty 'values' list", header)
    if not isinstance(values, list):
        raise fail(f"{dotted}.values must be a list of strings", at, header)
    for value in values:
        if not isinstance(value, str):
            shown = _toml_repr(value)
            hint = "" if isinstance(value, (list, dict)) else f': write it in quotes, "{shown}"'
            raise fail(f"{dotted}.values must be a list of strings; {shown} is not one{hint}", at, header)
    return values


def _check_pattern(
    pattern: object, dotted: str, at: str, header: str, fail: Callable[..., SchemaError], compile_it: bool
) -> None:
    """A field's ``pattern`` is a string and (``compile_it``) an expression RE2 accepts."""
    if not isinstance(pattern, str):
        raise fail(f"{dotted}.pattern must be a string", at, header)
    if compile_it:
        try:
            compile_pattern(pattern)
        except ValueError as exc:
            raise fail(
                f"{dotted}.pattern is not a regular expression RE2 accepts ({exc}); patterns use "
                "RE2 syntax: no backreferences or look-around",
                at,
                header,
            ) from None
