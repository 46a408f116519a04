"""Sections and site conventions for `newsdesk.core.infer.detect`, and the ``newsdesk.toml`` text.

Where sibling folders hold different kinds of content (by the fields their articles use), each
becomes a section (`plan_sections`); folders named by numbers are dates, never kinds of content.
`site_kind` tells a Hugo, Jekyll or Eleventy site by its configuration files. `render` writes a
section's schema as TOML text with each field's evidence as comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from newsdesk.core.infer.fieldtypes import Draft, plural
from newsdesk.core.infer.tomltext import toml_key, toml_string
from newsdesk.core.model.textsafe import clean_line

__all__ = [
    "ELEVENTY_CONFIGS",
    "HUGO_CONFIGS",
    "JEKYLL_CONFIGS",
    "JEKYLL_DRAFTS",
    "Parts",
    "looks_like_hugo",
    "plan_sections",
    "pool",
    "render",
    "schema_data",
    "site_kind",
]

#: More kinds of content than this among sibling folders is no structure: no sections then.
MAX_SECTIONS = 20
#: A folder needs this many articles to be a section of its own.
MIN_SECTION = 5
#: Folders whose field use is less similar than this (weighted Jaccard, 0-1) are different kinds.
SECTION_SIMILARITY = 0.5

#: Files at a site's root that say it is built by Hugo.
HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")


#: Jekyll's folder of drafts: built only with ``--drafts``, whatever their front matter says.
JEKYLL_DRAFTS = "_drafts"
#: Files at a site's root that say it is built by Jekyll.
JEKYLL_CONFIGS = ("_config.yml", "_config.yaml")
#: Files at a site's root that say it is built by Eleventy.
ELEVENTY_CONFIGS = (
    ".eleventy.js",
    ".eleventy.cjs",
    "eleventy.config.js",
    "eleventy.config.cjs",
    "eleventy.config.mjs",
)


def site_kind(root: Path) -> str | None:
    """``hugo``, ``jekyll`` or ``eleventy`` by the configuration files in ``root`` or above it
    (not past a repository's top); None when none is found."""
    try:
        start = root.resolve()
    except (OSError, RuntimeError):
        return None
    for folder in (start, *start.parents):
        try:
            if any((folder / name).is_file() for name in HUGO_CONFIGS):
                return "hugo"
            if (folder / "archetypes").is_dir() and (folder / "content").is_dir():
                return "hugo"
            if any((folder / name).is_file() for name in JEKYLL_CONFIGS):
                return "jekyll"
            if any((folder / name).is_file() for name in ELEVENTY_CONFIGS):
                return "eleventy"
            if (folder / ".git").exists():
                return None
        except OSError:
            return None
    return None


def looks_like_hugo(root: Path, shortcodes: int, list_pages: int) -> bool:
    """Whether the articles under ``root`` belong to a Hugo site: above ``root`` (not past a
    repository's top) there is a Hugo configuration file or an ``archetypes/`` folder beside
    ``content/``; or there is no Jekyll or Eleventy configuration either and bodies use Hugo
    shortcodes or folders have ``_index.md`` section pages."""
    kind = site_kind(root)
    if kind is not None:
        return kind == "hugo"
    return bool(shortcodes or list_pages)


# -- writing the TOML ----------------------------------------------------------------------


def _comment(text: str) -> str:
    return "# " + clean_line(text, 300)


def render(
    fields: dict[str, Draft],
    roles: dict[str, str],
    fmt: str,
    files: int,
    where: str,
    list_pages: int = 0,
    dated_by_name: bool = False,
    exclude: Sequence[str] = (),
    references: dict[str, dict[str, str]] | None = None,
) -> str:
    """The ``newsdesk.toml`` text for an inferred section."""
    pages = f" and {plural(list_pages, 'section page')}" if list_pages else ""
    lines = [
        _comment(
            f"newsdesk schema inferred by `newsdesk init --detect` from {plural(files - list_pages, 'article')}{pages}"
        ),
        _comment(f"in {where}. Each field's comment is its evidence; outliers are listed by the run."),
        "# Every setting: newsdesk's docs/schema.md. Check it, then run `newsdesk validate`.",
        "",
        "[articles]",
        'folder = "."',
        f"format = {toml_string(fmt)}",
        'unknown_fields = "warn"',
    ]
    if exclude:
        lines.append("# Files with no front matter: not articles.")
        lines.append("exclude = [" + ", ".join(toml_string(p) for p in exclude) + "]")
    lines.append("")
    if roles:
        lines.append("# The fields newsdesk shows as each article's title, date, byline, status and summary.")
        lines.append("[articles.roles]")
        for role, name in roles.items():
            if role == "status_fixed":
                lines.append("# Jekyll's drafts: built only with --drafts, whatever a field says; move one")
                lines.append("# to _posts/ to publish it.")
            lines.append(f"{role} = {toml_string(name)}")
        if dated_by_name:
            lines.append("# An article without a date is dated by its file name (2016-03-04-title.md).")
            lines.append("date_from_filename = true")
        lines.append("")
    for ref_name, table in (references or {}).items():
        lines.append("# Profiles that a field's slugs name (newsdesk's docs/schema.md: References).")
        lines.append(f"[references.{toml_key(ref_name)}]")
        lines += [f"{key} = {toml_string(value)}" for key, value in table.items()]
        lines.append("")
    for name, draft in fields.items():
        _render_field(lines, ("fields", name), draft)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def _render_field(lines: list[str], keys: tuple[str, ...], draft: Draft) -> None:
    dotted = ".".join(keys[1:]).replace(".fields.", ".")
    if draft.type is None:
        for i, text in enumerate(draft.comment):
            lines.append(_comment(f"{dotted} (left out): {text}" if i == 0 else text))
        lines.append("")
        return
    for text in draft.comment:
        lines.append(_comment(text))
    lines.append("[" + ".".join(toml_key(k) for k in keys) + "]")
    lines.append(f"type = {toml_string(draft.type)}")
    if draft.required:
        lines.append("required = true")
    if draft.values:
        lines.append("values = [" + ", ".join(toml_string(v) for v in draft.values) + "]")
    if draft.items is not None:
        lines.append(f"items = {toml_string(draft.items)}")
    if draft.allow_false:
        lines.append("allow_false = true")
    if draft.one_of:
        lines.append("required_one_of = [[" + ", ".join(toml_string(k) for k in draft.one_of) + "]]")
    if draft.ref is not None:
        lines.append(f"ref = {toml_string(draft.ref)}")
    lines.append("")
    for name, sub in draft.fields.items():
        _render_field(lines, (*keys, "fields", name), sub)


def schema_data(fields: dict[str, Draft]) -> dict[str, Any]:
    """The ``[fields]`` table the drafts stand for, as `tomllib` reads the rendered text."""
    out: dict[str, Any] = {}
    for name, draft in fields.items():
        if draft.type is None:
            continue
        spec: dict[str, Any] = {"type": draft.type}
        if draft.required:
            spec["required"] = True
        if draft.values:
            spec["values"] = list(draft.values)
        if draft.items is not None:
            spec["items"] = draft.items
        if draft.allow_false:
            spec["allow_false"] = True
        if draft.one_of:
            spec["required_one_of"] = [list(draft.one_of)]
        if draft.ref is not None:
            spec["ref"] = draft.ref
        sub = schema_data(draft.fields)
        if sub:
            spec["fields"] = sub
        out[name] = spec
    return out


# -- sections ------------------------------------------------------------------------------

_DATED = re.compile(r"\d[\d._-]*")
Parts = tuple[str, ...]


def _similarity(a: tuple[int, dict[str, int]], b: tuple[int, dict[str, int]]) -> float:
    """Weighted Jaccard similarity of two groups' field use (share of articles per field)."""
    (na, ca), (nb, cb) = a, b
    if not na or not nb:
        return 1.0
    low = high = 0.0
    for key in ca.keys() | cb.keys():
        fa, fb = ca.get(key, 0) / na, cb.get(key, 0) / nb
        low += min(fa, fb)
        high += max(fa, fb)
    return low / high if high else 1.0


def pool(groups: Iterable[tuple[int, dict[str, int]]]) -> tuple[int, dict[str, int]]:
    total = 0
    counts: dict[str, int] = {}
    for n, more in groups:
        total += n
        for key, count in more.items():
            counts[key] = counts.get(key, 0) + count
    return total, counts


def _cluster(groups: list[tuple[int, dict[str, int]]]) -> list[list[int]]:
    """Greedy: biggest first, each joins the most similar cluster so far or starts its own.

    Stops once there are more than `MAX_SECTIONS` clusters (that is no structure anyway).
    """
    clusters: list[tuple[list[int], tuple[int, dict[str, int]]]] = []
    for index in sorted(range(len(groups)), key=lambda i: -groups[i][0]):
        scored = [(_similarity(stats, groups[index]), c) for c, (_, stats) in enumerate(clusters)]
        best = max(scored, default=(0.0, -1))
        if best[1] >= 0 and best[0] >= SECTION_SIMILARITY:
            members, stats = clusters[best[1]]
            clusters[best[1]] = ([*members, index], pool([stats, groups[index]]))
        else:
            clusters.append(([index], groups[index]))
            if len(clusters) > MAX_SECTIONS:
                break
    return [members for members, _ in clusters]


def plan_sections(
    children: dict[Parts, list[Parts]], stats: dict[Parts, tuple[int, dict[str, int]]]
) -> list[Parts]:
    """Folders that become sections of their own: where sibling folders hold different kinds.

    Only folders with `MIN_SECTION` articles or more and not named by numbers (dates) are
    compared. Every level is looked at, so ``content/en/{news,events}`` splits too.
    """
    found: list[Parts] = []
    for at in sorted(children):
        big = [c for c in children[at] if not _DATED.fullmatch(c[-1]) and stats[c][0] >= MIN_SECTION]
        if len(big) >= 2 and 2 <= len(_cluster([stats[c] for c in big])) <= MAX_SECTIONS:
            found += big
    return found
