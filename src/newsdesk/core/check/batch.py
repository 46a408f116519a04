"""Checking many files: ``newsdesk validate``'s runner over files and folders.

`validate_paths` reads files (each against the ``newsdesk.toml`` nearest to it), checks each with
`newsdesk.core.rules.validate.validate_article`, uses worker processes for large sets, and adds the
people checks that need the whole folder (`newsdesk.core.check.people_check`). Kept apart from the
per-article rules so that the rules import neither the folder walk nor the people checks (which
are built on the rules): no import circle.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from newsdesk.core.model.article import Article
from newsdesk.core.model.problems import Problem
from newsdesk.core.model.record import Record, replace
from newsdesk.core.read.reader import load_article
from newsdesk.core.rules.schema import SCHEMA_FILENAME, Schema, SchemaError, default_schema, load_schema
from newsdesk.core.rules.validate import link_outside_problem, validate_article

if TYPE_CHECKING:
    from newsdesk.core.check.people_check import PeoplePositions
    from newsdesk.core.persons.people import ArticlePeople


_set = object.__setattr__


class FileResult(Record):
    """The diagnostics of one file, sorted. ``is_schema``: a broken ``newsdesk.toml``, not an article.

    (Frozen values written out, not dataclasses, as `ValidationReport`: see `newsdesk.core.model.record`.)"""

    _fields = ("path", "problems", "format", "is_schema", "people", "people_at")
    __slots__ = _fields
    path: Path
    problems: tuple[Problem, ...]
    format: str | None
    is_schema: bool
    #: Its attendees and speakers, for the people checks over the folder (when they run).
    people: ArticlePeople | None
    #: Where they stand (YAML), so their warnings need no second read (`people_positions`).
    people_at: PeoplePositions | None

    def __init__(
        self,
        path: Path,
        problems: tuple[Problem, ...],
        format: str | None = None,
        is_schema: bool = False,
        people: ArticlePeople | None = None,
        people_at: PeoplePositions | None = None,
    ) -> None:
        _set(self, "path", path)
        _set(self, "problems", problems)
        _set(self, "format", format)
        _set(self, "is_schema", is_schema)
        _set(self, "people", people)
        _set(self, "people_at", people_at)

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.is_error)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if not p.is_error)


class ValidationReport(Record):
    """What `validate_paths` found, files in sorted order.

    ``skipped``: files named or found that lie outside the articles folder their
    ``newsdesk.toml`` configures (a README next to the articles), or that it excludes
    (``[articles] exclude``: those are also in ``excluded``), so not articles. ``built_in``: how
    many of the files checked no ``newsdesk.toml`` governs (checked against the built-in schema).
    """

    _fields = ("files", "skipped", "excluded", "built_in")
    __slots__ = _fields
    files: tuple[FileResult, ...]
    skipped: tuple[Path, ...]
    excluded: tuple[Path, ...]
    built_in: int

    def __init__(
        self,
        files: tuple[FileResult, ...],
        skipped: tuple[Path, ...] = (),
        excluded: tuple[Path, ...] = (),
        built_in: int = 0,
    ) -> None:
        _set(self, "files", files)
        _set(self, "skipped", skipped)
        _set(self, "excluded", excluded)
        _set(self, "built_in", built_in)

    @property
    def files_checked(self) -> int:
        return sum(1 for f in self.files if not f.is_schema)

    @property
    def errors(self) -> int:
        return sum([f.errors for f in self.files if f.problems])

    @property
    def warnings(self) -> int:
        return sum([f.warnings for f in self.files if f.problems])

    def diagnostics(self) -> Iterator[tuple[Path, Problem]]:
        for result in self.files:
            for problem in result.problems:
                yield result.path, problem

    def failed(self, *, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


#: ``on_many(root, count)``: a folder walk has passed `newsdesk.core.folder.walk.MANY_FILES` files.
ManyFiles = Callable[[Path, int], None]


def collect_paths(paths: Sequence[Path], *, on_many: ManyFiles | None = None) -> list[Path]:
    """The files to check: files as given, folders searched for articles; deduplicated, sorted."""
    return [path for _, path, _ in _listing(paths, on_many)]


class _Group:
    """What the files of one folder share, so that work per folder is done once."""

    __slots__ = ("folder", "linked", "real", "state")

    def __init__(self, folder: Path, linked: AbstractSet[str], real: str | None) -> None:
        self.folder = folder
        #: The names of its article files that are symbolic links.
        self.linked = linked
        #: Its real path; None: files given one by one, not found by a walk.
        self.real = real
        #: What `_gather` works out for the folder (`_folder_state`); None until then.
        self.state: tuple[Any, str] | None = None


def _listing(
    paths: Sequence[Path],
    on_many: ManyFiles | None,
    cache: _SchemaCache | None = None,
    order: list[Path] | None = None,
) -> list[tuple[tuple[str, ...], Path, _Group]]:
    """The files to check, sorted (by their paths' parts, the first item) and deduplicated, each
    with its folder's `_Group`: work per folder is then done once, and nothing is hashed per file.

    ``cache`` hears what the walk saw of each folder (its real path, whether it holds a
    newsdesk.toml), so that finding the folders' schemas asks the file system nothing more. The
    files that are symbolic links are known from the walk's listing for free (one ``islink`` per
    file as given). ``order``: for one folder given, hears its files in the walk's order.
    """
    listed: list[tuple[tuple[str, ...], Path, _Group]] = []
    given: dict[Path, _Group] = {}  # files given, by folder
    for path in paths:
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        if not is_dir:
            listed.append(_given(path, given, os.path.islink(path)))
            continue
        from newsdesk.core.folder.walk import walk_folders_links  # not for single files (pre-commit)

        for folder, real, names, has_schema, linked in walk_folders_links(path, on_many):
            if names is None:  # gone since is_dir: as the walk would, it is its own one file
                listed.append(_given(path, given, False))
                continue
            if cache is not None:
                cache.walked(real, has_schema)
                if folder is path:
                    cache.real_of[path] = real
            if not names:
                continue
            group = _Group(folder, linked, real)
            parts = folder.parts
            # `folder / name`'s parts, as a tuple made from the folder's (one parse per file).
            listed += [((*parts, name), folder / name, group) for name in names]
    if len(paths) == 1:  # one walk (or one file) finds each file once
        if order is not None and not given:
            order.extend(path for _, path, _ in listed)
    else:  # a file found twice: the first path given that finds it keeps it
        first: dict[Path, tuple[tuple[str, ...], Path, _Group]] = {}
        for item in listed:
            first.setdefault(item[1], item)
        listed = list(first.values())
    listed.sort(key=_first)
    return listed


def _given(path: Path, given: dict[Path, _Group], link: bool) -> tuple[tuple[str, ...], Path, _Group]:
    """`_listing`'s item for a file given (not found by a walk): files given in one folder share
    its group."""
    folder = path.parent
    group = given.get(folder)
    if group is None:
        group = given[folder] = _Group(folder, set(), None)
    if link:
        cast(set[str], group.linked).add(path.name)
    return path.parts, path, group


_first = itemgetter(0)


def _start(path: Path) -> Path:
    """The folder whose ``newsdesk.toml`` (or a parent's) governs ``path``."""
    try:
        if path.is_dir():
            return path
    except OSError:
        pass
    return path.parent if path.parent.parts else Path(".")


_UNKNOWN = object()


class _SchemaCache:
    """The schema nearest to each folder, looked up once per folder. Raises `SchemaError`.

    Per folder, from what the walk saw (`walked`): a folder's real path and whether it holds a
    ``newsdesk.toml``; its nearest schema file is then its own or its parent's, without a
    ``realpath`` or a ``stat`` (a site of 1,366 folders paid 5,465 ``realpath`` steps and 8,000
    ``stat`` calls for 7 schema files). Folders the walk did not see (files named one by one)
    are looked up as `find_schema_file` does, one ``realpath`` each."""

    def __init__(self) -> None:
        self.by_folder: dict[Path, Schema | SchemaError] = {}
        self.default: Schema | None = None
        #: Real folder -> whether the walk saw a newsdesk.toml in it.
        self.seen: dict[str, bool] = {}
        #: Folder not walked (or the root of a walk) -> its real path.
        self.real_of: dict[Path, str] = {}
        #: Real folder -> the text of its nearest newsdesk.toml's path (None: there is none).
        self.nearest: dict[str, str | None] = {}
        self.by_file: dict[str, Schema | SchemaError] = {}
        #: A schema's articles folder -> its real path, and that followed by a separator.
        self.real_articles: dict[Path, tuple[str, str]] = {}

    def walked(self, real: str, has_schema: bool) -> None:
        """The walk listed the folder whose real path is ``real``: it holds a newsdesk.toml or not."""
        self.seen[real] = has_schema

    def real(self, folder: Path) -> str:
        """The real path of a folder the walk did not give (remembered)."""
        real = self.real_of.get(folder)
        if real is None:
            real = self.real_of[folder] = os.path.realpath(folder if folder.parts else ".")
        return real

    def _schema_file(self, real: str) -> str | None:
        """The nearest ``newsdesk.toml`` to the real folder ``real``: `find_schema_file`'s answer,
        remembered for every folder on the way up."""
        on_the_way: list[str] = []
        level = real
        found: str | None = None
        while True:
            known = self.nearest.get(level, _UNKNOWN)
            if known is not _UNKNOWN:
                found = known  # type: ignore[assignment]
                break
            if self.seen.get(level, True):  # seen with one, or not seen: ask
                candidate = os.path.join(level, SCHEMA_FILENAME)
                try:
                    if os.path.isfile(candidate):
                        found = candidate
                        self.nearest[level] = found
                        break
                except (OSError, ValueError):
                    pass
            on_the_way.append(level)
            parent = os.path.dirname(level)
            if parent == level:
                break
            level = parent
        for folder in on_the_way:
            self.nearest[folder] = found
        return found

    def get(self, path: Path) -> Schema:
        """The schema for the file ``path``; raises the `SchemaError` of a broken one."""
        return self.for_folder(path.parent if path.parent.parts else Path("."))

    def for_folder(self, folder: Path) -> Schema:
        schema = self.by_folder.get(folder)
        if schema is None:
            schema = self.by_folder[folder] = self.for_real(self.real(folder))
        if isinstance(schema, SchemaError):
            raise schema
        return schema

    def for_real(self, real: str) -> Schema | SchemaError:
        """The schema for the files of the real folder ``real`` (the error of a broken one)."""
        found = self._schema_file(real)
        if found is None:
            if self.default is None:
                self.default = default_schema()
            return self.default
        schema = self.by_file.get(found)
        if schema is None:
            try:
                schema = load_schema(Path(found))
            except SchemaError as exc:
                schema = exc
            except OSError as exc:  # gone or unreadable since it was found
                schema = SchemaError(Path(found), f"cannot read schema: {exc.strerror or exc}")
            self.by_file[found] = schema
        return schema

    def is_article(self, path: Path, schema: Schema) -> bool:
        """Whether ``path`` lies in the articles folder ``schema``'s newsdesk.toml configures.

        Without a newsdesk.toml, or one that names no folder, every Markdown file is an article.
        """
        return self.inside(self.real(path.parent), schema)

    def inside(self, where: str, schema: Schema) -> bool:
        """`is_article` of the files in the folder whose real path is ``where``."""
        if schema.source is None or schema.folder is None:
            return True
        articles = self.real_articles.get(schema.folder)
        if articles is None:
            real = os.path.realpath(schema.folder)
            articles = self.real_articles[schema.folder] = (real, real.rstrip(os.sep) + os.sep)
        return where == articles[0] or where.startswith(articles[1])


def _load(path: Path) -> Article:
    # Positions are only worked out if something is wrong (validate_article calls `locate`).
    return load_article(path, locations=False, digest=False)


def check_file(
    path: Path, schema: Schema, *, people: bool = False, read: Callable[[Path], Article] = _load
) -> FileResult:
    """Read one file and check it against ``schema``. Never raises for bad content.

    ``people``: also record its attendees and speakers (`FileResult.people`) when it has an
    attendees or speakers field (for the others the people machinery is not even imported: a
    pre-commit run on files naming nobody never loads it, and a folder run records nothing for
    an article that adds nothing to the people index). ``read``: how the file is read (within a
    references pass, `newsdesk.core.rules.references.read_article`, which shares the read of a
    profile with the references)."""
    return check_files([path], [schema], people=people, read=read)[0]


def check_files(
    files: Sequence[Path],
    schemas: Sequence[Schema],
    *,
    people: bool = False,
    read: Callable[[Path], Article] = _load,
    bounds: tuple[int, int] | None = None,
) -> list[FileResult]:
    """`check_file` of each of ``files`` with its schema (``bounds``: of ``files[start:stop]``),
    in order: the runner's loop, with what is the same for every file looked up once."""
    start, stop = (0, len(files)) if bounds is None else bounds
    out: list[FileResult] = []
    append = out.append
    validate = validate_article
    sort_key = Problem.sort_key
    refs: Callable[[Article, Schema], list[Problem]] | None = None
    for i in range(start, stop):
        path = files[i]
        schema = schemas[i]
        try:
            article = read(path)
            problems = validate(article, schema)
            if schema.references:  # slugs naming profiles: one listing of the profiles' keys
                if refs is None:
                    refs = _reference_problems()
                more = refs(article, schema)
                if more:  # (validate_article's are sorted)
                    problems = sorted([*problems, *more], key=sort_key)
        except RecursionError:  # pragma: no cover - the reader bounds nesting; belt and braces
            append(FileResult(path, (Problem("too-complex", "front matter is nested too deeply"),)))
            continue
        found = at = None
        if people:
            meta = article.metadata
            roles = schema.roles
            if isinstance(meta, dict) and (roles.attendees in meta or roles.speakers in meta):
                found, at = _people_of(article, schema)
        append(FileResult(path, tuple(problems), article.format, False, found, at))
    return out


def _reference_problems() -> Callable[[Article, Schema], list[Problem]]:
    from newsdesk.core.rules.references import reference_problems

    return reference_problems


def _people_of(article: Article, schema: Schema) -> tuple[ArticlePeople | None, PeoplePositions | None]:
    """The attendees and speakers of an article that has such a field, and where they stand."""
    from newsdesk.core.check.people_check import article_people, people_positions

    found = article_people(article, schema)
    at = people_positions(article, schema) if found is not None and found.persons else None
    return found, at


#: Below this many files, checking in this process is faster than starting workers.
PARALLEL_THRESHOLD = 400
_CHUNK = 250
#: A file's result as it travels back from a worker: its problems, format, people and their
#: positions. Its people without the path and its text (the parent has them; pickling a `Path`
#: and making it again cost more than the rest of the tuple): (title, date, persons); the whole
#: `ArticlePeople` in the odd case it names another path.
_Checked = tuple[tuple[Problem, ...], str | None, "tuple[Any, ...] | None", "PeoplePositions | None"]


def _check_chunk(
    files: list[Path],
    schemas: list[Schema],
    bounds: tuple[int, int],
    people: bool,
    read: Callable[[Path], Article],
) -> list[_Checked]:
    out: list[_Checked] = []
    for result in check_files(files, schemas, people=people, read=read, bounds=bounds):
        found: tuple[Any, ...] | None = result.people
        if found is not None and found[0] is result.path and found[1] == str(result.path):
            found = found[2:]
        out.append((result.problems, result.format, found, result.people_at))
    return out


def validate_paths(
    paths: Sequence[Path], *, jobs: int | None = None, on_many: ManyFiles | None = None, people: bool = True
) -> ValidationReport:
    """Check files and folders, each file against the ``newsdesk.toml`` nearest to it.

    A broken ``newsdesk.toml`` that governs a path as given raises
    `newsdesk.core.rules.schema.SchemaError` (nothing can be checked as asked). One deeper down, in a
    sub-folder that was not named, is an ``invalid-schema`` error on that file (its line), the
    articles it governs are not checked, and every other file is. Files outside the articles
    folder their ``newsdesk.toml`` configures are not articles: they are skipped (and listed in
    the report). ``on_many`` hears of a folder walk that passes 100,000 files.

    With ``jobs`` None, large sets are spread over every available core (fork start method;
    only when this process runs a single thread, as forking a threaded process is unsafe);
    ``jobs=1`` stays in-process. ``people``: add the people warnings, which need the whole
    folder (`newsdesk.core.check.people_check`); a broken ``people.toml`` raises its `SchemaError`.
    """
    import gc

    # Checking makes no cyclic garbage worth collecting (the memory used is the same without
    # the collector), while the collector's passes over everything read so far cost 15% of a
    # run over 10,000 files and more of the people pass. Off for the run, in the workers too.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _validate_paths(paths, jobs, on_many, people)
    finally:
        if enabled:
            gc.enable()


class _Gathered:
    """The files to check, each with its schema, and what was set aside (`_gather`)."""

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.schemas: list[Schema] = []
        self.skipped: list[Path] = []
        self.excluded: list[Path] = []
        self.broken: dict[Path, tuple[SchemaError, int]] = {}
        #: The files that are links leading out of the folder, with their warnings.
        self.outside: dict[Path, Problem] = {}
        #: Whether a schema in use names profiles (``[references]``).
        self.references = False
        #: One folder given: it, its real path and its files in the walk's order (the people
        #: pass need not walk it again: `newsdesk.core.check.people_check.folder_people`).
        self.walked: tuple[Path, str, list[Path]] | None = None


def _gather(paths: Sequence[Path], on_many: ManyFiles | None) -> _Gathered:
    """The walk: the files to check with their schemas (looked up per folder, not per file, with
    whether the folder's files are articles)."""
    cache = _SchemaCache()
    for path in paths:
        cache.for_folder(_start(path))  # raises for a broken schema over a named path
    out = _Gathered()
    files, schemas, skipped = out.files, out.schemas, out.skipped
    order: list[Path] = []
    broken = out.broken
    for _, path, group in _listing(paths, on_many, cache, order):
        known = group.state
        if known is None:  # the folder's first file
            known = group.state = _folder_state(cache, group, out)
        schema, kind = known
        if kind is _CHECK or (kind is _EXCLUDES and not schema.excludes(path)):
            files.append(path)
            schemas.append(schema)
            linked = group.linked
            if linked and path.name in linked and not schema.follow_symlinks:
                problem = link_outside_problem(path)  # read through it, but say where it leads
                if problem is not None:
                    out.outside[path] = problem
        elif kind is _BROKEN:
            key = schema.path or path
            broken[key] = (schema, broken[key][1] + 1 if key in broken else 1)
        else:  # outside the articles folder, or excluded
            skipped.append(path)
            if kind is _EXCLUDES:
                out.excluded.append(path)
    real = cache.real_of.get(paths[0]) if order else None
    if real is not None:
        out.walked = (paths[0], real, order)
    return out


#: What `_folder_state` says of a folder's files: check them; check those `Schema.excludes` does
#: not exclude; skip them (outside the articles folder); the schema is broken.
_CHECK, _EXCLUDES, _SKIP, _BROKEN = "check", "excludes", "skip", "broken"


def _folder_state(cache: _SchemaCache, group: _Group, out: _Gathered) -> tuple[Any, str]:
    """The schema governing the files of a group's folder (its `SchemaError` if broken), and what
    to do with them (`_CHECK`...); notes in ``out`` whether a schema in use names profiles."""
    folder, real = group.folder, group.real
    if real is None:  # files given: their folder, as named
        try:
            governing: Schema | SchemaError = cache.for_folder(folder if folder.parts else Path("."))
        except SchemaError as exc:
            governing = exc
        real = cache.real(folder)
    else:
        governing = cache.for_real(real)
    if isinstance(governing, SchemaError):
        return governing, _BROKEN
    if not cache.inside(real, governing):
        return governing, _SKIP
    if governing.references:
        out.references = True
    return governing, _EXCLUDES if governing.exclude else _CHECK


def _validate_paths(
    paths: Sequence[Path], jobs: int | None, on_many: ManyFiles | None, people: bool
) -> ValidationReport:
    found = _gather(paths, on_many)
    if not found.references:  # no profiles to look at: refspec is not even imported
        results = _check(found, paths, jobs, people, _load)
    else:
        from newsdesk.core.rules.references import read_article
        from newsdesk.core.rules.refspec import one_pass

        # One pass for every section: each profile collection is looked at once, not once per
        # article or section, and a profile read as an article is not read again.
        with one_pass():
            results = _check(found, paths, jobs, people, read_article)
    if found.broken:
        results += [_schema_result(path, exc, count) for path, (exc, count) in found.broken.items()]
        results.sort(key=lambda r: r.path.parts)
    built_in = sum(1 for schema in found.schemas if schema.source is None)
    return ValidationReport(tuple(results), tuple(found.skipped), tuple(found.excluded), built_in)


def _check(
    found: _Gathered, paths: Sequence[Path], jobs: int | None, people: bool, read: Callable[[Path], Article]
) -> list[FileResult]:
    """Read and check the files gathered, then add the people warnings over the folder."""
    files, schemas, outside = found.files, found.schemas, found.outside
    workers = 1
    if len(files) >= PARALLEL_THRESHOLD and jobs != 1:  # else no workers: their module is not imported
        from newsdesk.core.check.forked import can_fork, default_jobs

        workers = default_jobs() if jobs is None else max(jobs, 1)
        workers = min(workers, max(len(files) // _CHUNK, 1))
        if workers > 1 and not can_fork():
            workers = 1
    if workers > 1:
        results = _parallel(files, schemas, workers, people, read)
    else:
        results = check_files(files, schemas, people=people, read=read)
    if outside:
        results = [_with_problem(r, outside[r.path]) if r.path in outside else r for r in results]
    # The people checks do not run at all when no file names anyone (their warnings are about
    # the names in the files checked).
    if people and any(r.people is not None for r in results):
        from newsdesk.core.check.people_check import add_people_warnings

        results = add_people_warnings(results, schemas, paths, jobs=jobs, walked=found.walked)
    return results


def _with_problem(result: FileResult, problem: Problem) -> FileResult:
    return replace(result, problems=tuple(sorted([*result.problems, problem], key=Problem.sort_key)))


def _schema_result(path: Path, exc: SchemaError, governed: int) -> FileResult:
    articles = "article" if governed == 1 else "articles"
    message = f"{exc.message}; the {governed} {articles} it governs were not checked"
    problem = Problem("invalid-schema", message, exc.line or 1, exc.column or 1)
    try:  # shown like the articles' paths: relative when under the working folder
        path = path.relative_to(Path.cwd())
    except ValueError:
        pass
    return FileResult(path, (problem,), None, is_schema=True)


def _parallel(
    files: list[Path], schemas: list[Schema], workers: int, people: bool, read: Callable[[Path], Article]
) -> list[FileResult]:
    """Check ``files`` in this process and ``workers - 1`` forked children
    (`newsdesk.core.check.forked.run_chunks`): only the problems (and the people) travel back."""
    from newsdesk.core.check.forked import MAX_CHUNKS, run_chunks

    size = max(_CHUNK, -(-len(files) // MAX_CHUNKS))
    chunks = [(i, min(i + size, len(files))) for i in range(0, len(files), size)]
    done = run_chunks(len(chunks), lambda n: _check_chunk(files, schemas, chunks[n], people, read), workers)
    if people:
        from newsdesk.core.persons.people import ArticlePeople
    out: list[FileResult] = []
    for part in done:
        for problems, fmt, found, at in part:
            path = files[len(out)]
            art: ArticlePeople | None = None
            if found is not None:  # (people were asked for: ArticlePeople is imported)
                whole = len(found) == len(ArticlePeople._fields)
                art = cast(
                    ArticlePeople, found if whole else tuple.__new__(ArticlePeople, (path, str(path), *found))
                )
            out.append(FileResult(path, problems, fmt, people=art, people_at=at))
    return out
