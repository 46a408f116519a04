"""Inferring a schema from a site's existing articles: ``newsdesk init --detect``.

`detect` reads every article under a folder and works out a ``newsdesk.toml`` that fits them:
every field seen, its type, ``required`` when (nearly) every article has it, enum values when a few
values repeat, sub-fields of objects and of lists of objects, and the field roles it recognises
(``[articles.roles]``). Each field carries a comment with its evidence.

Decisions worth knowing:

* **Outliers are reported, not absorbed.** A field's type is the one that fits most of its values
  (a specific type -- date, integer, boolean, list, object -- wins over plain text when it fits at
  least 90% of them, or more values than text does); values that do not fit are listed as
  outliers with their file. So are files missing a required field, an enum value that is a near
  miss of a common one (``reviewed`` beside 1,650 ``review``), and a rare field whose name is a
  near miss of a common one that it never appears beside (``sectoin``), which is left out of the
  schema. The outliers are exactly what ``newsdesk validate`` then reports (tests check this).
* **Broken files are reported, not guessed from**: a file with any reading problem (syntax error,
  duplicate key, bad UTF-8, ...) is left out of the inference and listed.
* **Hugo section pages**: an ``_index.md`` whose folder holds other articles is the list page of a
  section, not content. It does not count when comparing folders, and a field is required only if
  every such page has it too (so they pass); its own fields are in the schema like any other.
* **Sections**: where sibling folders hold different kinds of content (by the fields their
  articles use), each becomes a section with its own ``newsdesk.toml`` (the nearest one applies);
  a section is inferred only from the files it governs. Folders named by numbers (``2023``,
  ``05``) are dates, never kinds of content.
* Numbers with a fraction make a field a ``number``; numbers written as text (``"3,048"``,
  ``1459/1460``) make it a string. Text in some files and a list of texts in others is
  ``string_or_list``; text in some and ``false`` in others (Eleventy's ``permalink: false``) is a
  string with ``allow_false``.
* No type fits times of day or lists of numbers: such a field is left out of the schema
  (``validate`` warns about it as unknown) and the run says so. Nor does a "key" that is prose (a
  paragraph whose indentation broke): it is reported as a broken line.
* **Not articles**: a file with no front matter whose folder holds no article (a README, a code
  of conduct, a pull-request template at a repository's root) or whose name says it is a
  repository file is left out, listed in its schema's ``[articles] exclude`` and said so.
* **Site conventions**: a Jekyll or Eleventy site (its configuration file above the folder) is
  not a Hugo site whatever its bodies hold. Jekyll's boolean ``published`` is the status with
  true = published; articles dated by their file names (``2016-03-04-title.md``) get
  ``date_from_filename``. A Jekyll site's ``_drafts/`` is a section of its own whose articles
  are drafts by their folder (``status_fixed = "draft"``), whatever their fields say.

The TOML is written as text (comments are the point, and tomli-w cannot write them): keys and
strings are quoted by `toml_key` / `toml_string`, and the result is checked with
`newsdesk.core.rules.schema.parse_schema` before it is returned.

The parts: `newsdesk.core.infer.observe` records what each field's values are,
`newsdesk.core.infer.fieldtypes` infers the fields' types (and their outliers) from that,
`newsdesk.core.infer.detect_roles` finds the roles among them, `newsdesk.core.infer.sections`
finds the sections and the site's kind and renders the TOML (quoted by
`newsdesk.core.infer.tomltext`). This module reads the files and puts it together.
"""

from __future__ import annotations

import glob
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.core.check.batch import PARALLEL_THRESHOLD
from newsdesk.core.check.forked import MAX_CHUNKS, default_jobs, run_chunks
from newsdesk.core.folder.walk import iter_article_paths
from newsdesk.core.infer.detect_roles import ROLE_CANDIDATES, find_roles
from newsdesk.core.infer.fieldtypes import MIN_REQUIRED, Draft, Inference, Outlier
from newsdesk.core.infer.observe import Node, merge, observe_mapping
from newsdesk.core.infer.sections import (
    JEKYLL_DRAFTS,
    Parts,
    looks_like_hugo,
    plan_sections,
    pool,
    render,
    schema_data,
    site_kind,
)
from newsdesk.core.infer.tomltext import toml_key, toml_string
from newsdesk.core.model.article import Article
from newsdesk.core.model.problems import Problem
from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.read.reader import load_article
from newsdesk.core.rules.roles import date_in_name
from newsdesk.core.rules.schema import SCHEMA_FILENAME, Schema, parse_schema
from newsdesk.core.rules.validate import may_hold_control, validate_article

__all__ = [
    "ROLE_CANDIDATES",
    "Detection",
    "Draft",
    "Node",
    "Outlier",
    "SectionSchema",
    "detect",
    "render",
    "schema_data",
    "toml_key",
    "toml_string",
]

_CHUNK = 250

#: Articles are dated by their file names when at least this share of a section's names start
#: with a date (an undated page, ``about.md``, may sit beside them).
DATED_SHARE = 0.5


# -- reading -------------------------------------------------------------------------------

#: Checks that do not depend on the schema (a speaker never named in the body).
_ANY_SCHEMA = Schema(fields={}, unknown_fields="allow")


@dataclass(slots=True)
class _Partial:
    """What reading some files found: one root `Node` per folder, and the problems."""

    folders: dict[int, Node] = field(default_factory=dict)
    broken: list[tuple[int, tuple[Problem, ...]]] = field(default_factory=list)
    checks: list[tuple[int, Problem]] = field(default_factory=list)
    #: Files whose front matter may hold a control character: checked against the inferred schema.
    suspects: list[int] = field(default_factory=list)
    #: Files whose body uses a Hugo shortcode (``{{< ... >}}``, ``{{% ... %}}``).
    shortcodes: int = 0


def _read(paths: Sequence[Path], folder_ids: Sequence[int], indices: Iterable[int]) -> _Partial:
    out = _Partial()
    for i in indices:
        article = load_article(paths[i], locations=False)
        if article.problems or article.format is None:
            out.broken.append((i, tuple(article.problems)))
            continue
        fid = folder_ids[i]
        node = out.folders.get(fid)
        if node is None:
            node = out.folders[fid] = Node()
        node.formats[article.format] = node.formats.get(article.format, 0) + 1
        observe_mapping(node, article.metadata, i, 1)
        if may_hold_control(article.front_matter_text):
            out.suspects.append(i)
        if "speakers" in article.metadata:
            out.checks.extend((i, p) for p in _schema_free_problems(article))
        body = article.body
        if ("{{<" in body or "{{%" in body) and _SHORTCODE.search(body):
            out.shortcodes += 1
    return out


#: A Hugo shortcode: ``{{< name ... >}}`` or ``{{% name ... %}}`` (a Nunjucks ``{{{% endraw %}``
#: is not one: it never closes with ``%}}``).
_SHORTCODE = re.compile(r"\{\{<\s*/?\s*[\w./-]+[^\n]*?>\}\}|\{\{%\s*/?\s*[\w./-]+[^\n]*?%\}\}")


def _schema_free_problems(article: Article) -> list[Problem]:
    return validate_article(article, _ANY_SCHEMA)


def _read_all(paths: Sequence[Path], folder_ids: Sequence[int], jobs: int | None) -> _Partial:
    """Read every file, in forked workers for large sets (`newsdesk.core.check.forked.run_chunks`, as
    `newsdesk.core.rules.validate` does)."""
    workers = default_jobs() if jobs is None else max(jobs, 1)
    workers = min(workers, max(len(paths) // _CHUNK, 1))
    if workers <= 1 or len(paths) < PARALLEL_THRESHOLD:
        return _read(paths, folder_ids, range(len(paths)))
    size = max(_CHUNK, -(-len(paths) // MAX_CHUNKS))
    bounds = [(i, min(i + size, len(paths))) for i in range(0, len(paths), size)]
    parts = run_chunks(len(bounds), lambda n: _read(paths, folder_ids, range(*bounds[n])), workers)
    total = _Partial()
    for part in parts:  # in order: first-seen field order is kept
        for fid, node in part.folders.items():
            if fid in total.folders:
                merge(total.folders[fid], node)
            else:
                total.folders[fid] = node
        total.broken.extend(part.broken)
        total.checks.extend(part.checks)
        total.suspects.extend(part.suspects)
        total.shortcodes += part.shortcodes
    return total


# -- results -------------------------------------------------------------------------------


@dataclass(slots=True)
class SectionSchema:
    """The schema inferred for one folder and the articles it governs."""

    folder: Path
    rel: str  # the folder relative to the one detected ("." for itself)
    files: int  # articles it was inferred from (list pages included)
    list_pages: tuple[str, ...]
    fields: dict[str, Draft]
    roles: dict[str, str]
    format: str
    text: str
    outliers: list[Outlier]
    left_out: list[str]  # fields no schema type fits (or typos), one line each
    # How `text` was rendered, for rendering it again with references (`_with_references`):
    where: str = ""
    dated_by_name: bool = False
    exclude: tuple[str, ...] = ()

    @property
    def target(self) -> Path:
        return self.folder / SCHEMA_FILENAME

    @property
    def required(self) -> int:
        return sum(1 for d in self.fields.values() if d.type is not None and d.required)

    @property
    def field_count(self) -> int:
        return sum(1 for d in self.fields.values() if d.type is not None)


@dataclass(slots=True)
class Detection:
    """What `detect` found under ``root``."""

    root: Path
    files: int  # article files found
    sections: list[SectionSchema]
    unusable: list[tuple[Path, Problem]]  # broken files (their first problem), not used
    checks: list[Outlier]  # problems that do not depend on the schema (speakers not in the body)
    split: bool  # whether sub-folders were found to hold different kinds of content
    existing: list[Path]  # newsdesk.toml files under root that are not targets but govern files

    @property
    def outliers(self) -> list[Outlier]:
        """Everything ``newsdesk validate`` will report once the schemas are written."""
        found = [o for s in self.sections for o in s.outliers] + self.checks
        found += [Outlier(p, None, f"{pr.code}: {pr.message}") for p, pr in self.unusable]
        return sorted(found, key=lambda o: (o.path.parts, o.field or "", o.message))


# -- the whole run -------------------------------------------------------------------------


def detect(root: Path, *, jobs: int | None = None) -> Detection:
    """Read every article under ``root`` and infer the schema(s) that fit them. Never writes.

    Over 80 lines as one run: its steps (read, plan the sections, infer each, add references and
    the problems no schema decides) share the file tables built at its top; each step below is
    its own function.
    """
    paths = list(iter_article_paths(root))
    by_parent: dict[Path, Parts] = {}
    rels: list[Parts] = []
    for path in paths:
        parent = path.parent
        parts = by_parent.get(parent)
        if parts is None:
            parts = by_parent[parent] = parent.relative_to(root).parts
        rels.append(parts)
    folder_of: dict[Parts, int] = {}
    folder_ids = [folder_of.setdefault(parts, len(folder_of)) for parts in rels]
    folders = list(folder_of)
    under: dict[Parts, int] = {}
    for parts in rels:
        for depth in range(len(parts) + 1):
            under[parts[:depth]] = under.get(parts[:depth], 0) + 1
    list_pages = frozenset(i for i, p in enumerate(paths) if p.name == "_index.md" and under[rels[i]] >= 2)
    read = _read_all(paths, folder_ids, jobs)

    # Field use per folder (content pages only), then per subtree.
    direct: dict[Parts, tuple[int, dict[str, int]]] = {}
    for fid, node in read.folders.items():
        n = 0
        counts: dict[str, int] = {}
        for shape, files in node.shapes.items():
            c = sum(1 for fi in files if fi not in list_pages)
            n += c
            for key in (*shape[0], *shape[1]):
                counts[key] = counts.get(key, 0) + c
        direct[folders[fid]] = (n, counts)
    children: dict[Parts, list[Parts]] = {}
    for parts in sorted(under):
        if parts:
            children.setdefault(parts[:-1], []).append(parts)
    stats: dict[Parts, tuple[int, dict[str, int]]] = {}
    for parts in sorted(under, key=len, reverse=True):  # deepest first: children before parents
        stats[parts] = pool([direct.get(parts, (0, {})), *(stats[c] for c in children.get(parts, []))])
    planned = plan_sections(children, stats)
    kind = site_kind(root)
    if kind == "jekyll":  # Jekyll's drafts are drafts by their folder: a section of their own
        planned += [parts for parts in under if parts and parts[-1] == JEKYLL_DRAFTS]
    roots = sorted({(), *planned}, key=lambda parts: parts)

    def governing(parts: Parts) -> Parts:
        for depth in range(len(parts), -1, -1):
            if parts[:depth] in roots_set:
                return parts[:depth]
        return ()

    roots_set = set(roots)
    governed: dict[Parts, list[int]] = {}
    for fid in sorted(read.folders):
        governed.setdefault(governing(folders[fid]), []).append(fid)
    # Files with no front matter that are not articles (a README at a repository's root): left
    # out and excluded by the schema that governs them, when one is written.
    excluded: dict[Parts, list[int]] = {}
    for i, problems in read.broken:
        bare = all(p.code == "no-front-matter" for p in problems)
        if bare and _not_an_article(paths[i], folder_ids[i] in read.folders):
            at = governing(rels[i])
            # The top keeps a schema for them when its articles are all in sections (Jekyll's
            # _drafts/ is one of its own even when it alone holds the site's articles).
            if at in governed or (at == () and governed):
                excluded.setdefault(at, []).append(i)
    left_out_files = {i for found in excluded.values() for i in found}

    sections: list[SectionSchema] = []
    by_root: dict[Parts, SectionSchema] = {}
    hugo = looks_like_hugo(root, read.shortcodes, len(list_pages))
    for at in roots:
        fids = governed.get(at)
        if not fids and at not in excluded:
            continue
        merged = Node()
        for fid in fids or ():
            merge(merged, read.folders[fid])
        drafts = kind == "jekyll" and at[-1:] == (JEKYLL_DRAFTS,)
        by_root[at] = _section(root, at, merged, paths, list_pages, hugo, excluded.get(at, ()), drafts)
        sections.append(by_root[at])
    _with_references(root, paths, sections)
    for i in sorted(read.suspects):
        section = by_root.get(governing(folders[folder_ids[i]]))
        if section is not None:
            section.outliers += _control_outliers(paths[i], section)
    unusable = [
        (paths[i], problems[0]) for i, problems in sorted(read.broken) if problems and i not in left_out_files
    ]
    unusable += [
        (paths[i], Problem("no-front-matter", "no front matter"))
        for i, problems in read.broken
        if not problems and i not in left_out_files
    ]
    checks = [Outlier(paths[i], _item_path(p.field), p.message) for i, p in read.checks]
    written = {s.folder for s in sections}
    existing = sorted(
        root.joinpath(*parts) / SCHEMA_FILENAME
        for parts in under
        if parts
        and root.joinpath(*parts) not in written
        and _is_file(root.joinpath(*parts) / SCHEMA_FILENAME)
    )
    split = any(s.rel != "." for s in sections)
    return Detection(root, len(paths), sections, unusable, checks, split, existing)


#: Files a repository holds beside its content (by their name without the suffix, upper case).
REPOSITORY_FILES = frozenset(
    [
        "README",
        "CONTRIBUTING",
        "CODE_OF_CONDUCT",
        "CHANGELOG",
        "CHANGES",
        "HISTORY",
        "LICENSE",
        "LICENCE",
        "SECURITY",
        "SUPPORT",
        "AUTHORS",
        "CODEOWNERS",
        "PULL_REQUEST_TEMPLATE",
        "ISSUE_TEMPLATE",
    ]
)


def _not_an_article(path: Path, beside_articles: bool) -> bool:
    """Whether a file with no front matter is not an article: a repository's own file (its
    name says so), or one in a folder that holds no article with front matter."""
    return not beside_articles or path.stem.upper() in REPOSITORY_FILES


def _with_references(root: Path, paths: Sequence[Path], sections: list[SectionSchema]) -> None:
    """Mark the sections' reference fields (slugs naming profiles: `refdetect`), their roles,
    their near misses as outliers, and render the sections again with their references."""
    from newsdesk.core.infer.refdetect import find_references, reference_table, role_for

    found = find_references(
        root, paths, [(s.folder, {n: (d.type, d.items) for n, d in s.fields.items()}) for s in sections]
    )
    for section in sections:
        tables: dict[str, dict[str, str]] = {}
        for ref in found.get(section.folder, []):
            name, table = reference_table(ref, section.folder)
            tables[name] = table
            draft = section.fields[ref.field]
            draft.ref = name
            draft.comment.append(ref.evidence)
            role = role_for(ref.field, section.roles)
            if role is not None:
                section.roles[role] = ref.field
            for value, hint in ref.near.items():
                message = f"{value!r} matches no profile (did you mean {hint!r}?)"
                section.outliers += [Outlier(p, ref.field, message) for p in ref.files[value]]
        if tables:
            section.text = render(
                section.fields,
                section.roles,
                section.format,
                section.files,
                section.where,
                len(section.list_pages),
                section.dated_by_name,
                section.exclude,
                references=tables,
            )
            parse_schema(section.text, section.target)  # never write what we cannot read


def _control_outliers(path: Path, section: SectionSchema) -> list[Outlier]:
    """Control characters in one file, against its inferred schema.

    They are errors whatever the schema, but whether a tab or line break is one depends on the
    inferred type; only the few files whose front matter may hold one are checked (`_read`).
    """
    schema = parse_schema(section.text, section.target)
    article = load_article(path, locations=False)
    return [
        Outlier(path, _item_path(p.field), p.message)
        for p in validate_article(article, schema)
        if p.code == "control-character"
    ]


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a folder we may list but not enter
        return False


def _item_path(path: str | None) -> str | None:
    return re.sub(r"\[\d+\]", "[]", path) if path else path


def _section(
    root: Path,
    at: Parts,
    node: Node,
    paths: Sequence[Path],
    list_pages: frozenset[int],
    hugo: bool = False,
    excluded: Sequence[int] = (),
    drafts: bool = False,
) -> SectionSchema:
    """The schema of one section. ``drafts``: a Jekyll site's ``_drafts/``, whose articles are
    drafts by their folder (``status_fixed``), not by a field."""
    folder = root.joinpath(*at)
    inference = Inference(paths, list_pages)
    fields = inference.mapping(node, "", top=True, unit="files")
    roles = find_roles(fields, hugo=hugo)
    if drafts:
        roles.pop("status", None)
        roles.pop("status_true", None)
        roles["status_fixed"] = "draft"
    content = [fi for f in node.shapes.values() for fi in f if fi not in list_pages]
    dated = sum(1 for fi in content if date_in_name(paths[fi].name) is not None)
    by_name = len(content) >= MIN_REQUIRED and dated >= DATED_SHARE * len(content)
    date_field = fields.get(roles.get("date", "date"))
    if by_name and (date_field is None or not date_field.required):
        roles.setdefault("date", "date")
    else:
        by_name = False
    exclude = [glob.escape(paths[i].relative_to(folder).as_posix()) for i in excluded]
    for pattern in exclude:
        inference.left_out.append(clean_line(f"{pattern}: no front matter, not an article: excluded"))
    fmt = "toml" if node.formats.get("toml", 0) > node.formats.get("yaml", 0) else "yaml"
    files = sum(len(f) for f in node.shapes.values())
    mine = sorted({fi for f in node.shapes.values() for fi in f if fi in list_pages})
    rel = "/".join(at) or "."
    where = (
        clean_line(str(root if not at else Path(*at)), 200) if at else clean_line(root.name or str(root), 200)
    )
    text = render(fields, roles, fmt, files, where, len(mine), by_name, exclude)
    parse_schema(text, folder / SCHEMA_FILENAME)  # a bug if this raises: never write what we cannot read
    return SectionSchema(
        folder=folder,
        rel=rel,
        files=files,
        list_pages=tuple(clean_line(str(paths[fi].relative_to(root)), 200) for fi in mine),
        fields=fields,
        roles=roles,
        format=fmt,
        text=text,
        outliers=inference.outliers,
        left_out=inference.left_out,
        where=where,
        dated_by_name=by_name,
        exclude=tuple(exclude),
    )
