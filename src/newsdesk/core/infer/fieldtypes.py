"""Inferring each field's type for `newsdesk.core.infer.detect`, from what `newsdesk.core.infer.observe`
saw: its type (a specific one wins over text when it fits most values), ``required``, enum values,
sub-fields of objects and of lists of objects, and the outliers -- values that do not fit, files
missing a required field, near-miss enum values and field names (typos). `Inference` does it for one
section; each `Draft` carries a comment with its evidence.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.core.infer.observe import ENUM_MAX_VALUES, ENUM_MIN_REPEAT, NO_KEYS, Node, Shape, without
from newsdesk.core.infer.tomltext import toml_safe
from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.rules.schema import DEFAULT_STATUSES
from newsdesk.core.rules.validate import broken_line_message, prose_key

__all__ = ["MIN_REQUIRED", "Draft", "Inference", "Outlier", "plural"]

#: A field is required when at least this share of the articles has it (and not blank).
REQUIRED_SHARE = 0.95
#: ... and at least this many articles do.
MIN_REQUIRED = 3
#: A specific type (date, integer, ...) wins over plain text when it fits this share of values.
SPECIFIC_SHARE = 0.9
#: An enum (`newsdesk.core.infer.observe.ENUM_MAX_VALUES`): most of its uses are of values used more than once.
ENUM_REPEATED_SHARE = 0.75
#: Text whose values average more characters than this (or have line breaks) is ``text``.
TEXT_CHARS = 100
#: A near-miss value or field name is a typo when it is at most this share of the one it misses.
TYPO_SHARE = 0.1
#: Near-miss field names are looked for among this many of the most used ones.
TYPO_TARGETS = 50
#: Pairs of alternative keys (required_one_of) are looked for among this many of the most used.
ONE_OF_KEYS = 12

_STR_KINDS = ("str", "dstr", "dtstr", "bdstr")
_DATE_KINDS = ("date", "datetime", "dstr", "dtstr")
_KIND_NAMES = {
    "str": "text",
    "dstr": "a date written as text",
    "dtstr": "a date-time written as text",
    "bdstr": "an impossible or malformed date",
    "bool": "true/false",
    "int": "a whole number",
    "float": "a number with a fraction",
    "date": "a date",
    "datetime": "a date-time",
    "time": "a time of day",
    "list": "a list",
    "map": "a mapping",
    "other": "a value of another kind",
}
_TYPE_NAMES = {
    "string": "text",
    "text": "text",
    "url": "a web address",
    "enum": "one of a few values",
    "date": "a date",
    "datetime": "a date or date-time",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true/false",
    "list": "a list",
    "object": "a mapping",
    "string_or_list": "text or a list of texts",
}


@dataclass(frozen=True, slots=True)
class Outlier:
    """One thing to fix in one file: what ``newsdesk validate`` will report there.

    ``field`` is the field path with list items as ``[]`` (``attendees[].name``), or None for a
    whole-file problem.
    """

    path: Path
    field: str | None
    message: str


@dataclass(slots=True)
class Draft:
    """One inferred field. ``type`` None: no schema type fits, so it is left out."""

    name: str
    type: str | None
    required: bool = False
    values: tuple[str, ...] = ()
    items: str | None = None
    fields: dict[str, Draft] = field(default_factory=dict)
    one_of: tuple[str, ...] = ()  # required_one_of: each item needs one of these keys
    comment: list[str] = field(default_factory=list)
    share: float = 0.0  # of the articles (content pages) or items that have it
    filled: float = 0.0  # ... and not blank
    allow_false: bool = False  # text, or false (Eleventy's `permalink: false`)

    ref: str | None = None  # a reference to the profiles of [references.NAME] (refdetect)


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def _near(a: str, b: str) -> bool:
    """Whether ``a`` looks like a slip of the keyboard for ``b``."""
    if a == b:
        return False
    if a.casefold() == b.casefold() or a.strip() == b.strip():
        return True
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 2:
        return False
    if len(a) == len(b):  # one transposition or one substitution
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]):
            return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


#: Words in a field's name that say its values are people's, places' or files' own (never an enum).
_FREE_NAMES = frozenset(
    [
        "name",
        "names",
        "author",
        "authors",
        "address",
        "street",
        "city",
        "state",
        "country",
        "zip",
        "postcode",
        "pronoun",
        "pronouns",
        "photo",
        "image",
        "avatar",
        "picture",
        "email",
        "phone",
        "twitter",
        "github",
        "company",
        "organization",
        "organisation",
        "employer",
        "affiliation",
    ]
)
_ADDRESS = re.compile(r"\d+\s+\w")
_FILE_NAME = re.compile(r"[^\s]+\.[A-Za-z0-9]{2,4}")


def _free_values(path: str, values: Sequence[str]) -> bool:
    """Whether a field's values are names, addresses, file names or prose, not a set of choices."""
    words = re.split(r"[^a-z]+", re.sub(r"([a-z])([A-Z])", r"\1_\2", path.rpartition(".")[2]).lower())
    if _FREE_NAMES.intersection(words):
        return True
    for value in values:
        text = value.strip()
        if "/" in text or "@" in text or _FILE_NAME.fullmatch(text) or _ADDRESS.match(text):
            return True
        if len(text.split()) >= 4 or text.endswith((".", "!", "?")):
            return True
    return False


def _shown(value: Any, limit: int = 40) -> str:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return clean_line(value, limit)


def _variety(values: dict[str, list[int]] | None, example: Any, count: int) -> str:
    if count == 1:
        return f"once: {_shown(example)!r}"
    if values is not None and len(values) == 1:
        return f"always {_shown(example)!r}"
    how_many = f"{len(values):,} different values" if values is not None else "many different values"
    return f"{how_many}, e.g. {_shown(example)!r}"


class Inference:
    """Infers the fields of one section and collects its outliers."""

    def __init__(self, paths: Sequence[Path], list_pages: frozenset[int]) -> None:
        self.paths = paths
        self.list_pages = list_pages
        self.outliers: list[Outlier] = []
        self.left_out: list[str] = []

    def flag(self, files: Iterable[int], path: str | None, message: str) -> None:
        for fi in dict.fromkeys(files):
            self.outliers.append(Outlier(self.paths[fi], path, message))

    def rel(self, fi: int) -> str:
        return clean_line(self.paths[fi].name, 80)

    # -- mappings (the article itself, objects, items of lists of objects) ---------------

    def mapping(
        self, node: Node, prefix: str, extra: Sequence[int] = (), top: bool = False, unit: str = "items"
    ) -> dict[str, Draft]:
        """Drafts for the keys of the mappings seen at ``node``, in their usual order.

        ``extra``: occurrences of empty mappings (items ``{}``) that count as having no keys.
        ``top``: the article level, where list pages count apart. Linear in the keys seen.
        """
        occurrences: list[tuple[Shape, list[int]]] = list(node.shapes.items())
        if extra:
            occurrences.append((NO_KEYS, list(extra)))
        total = sum(len(files) for _, files in occurrences)
        where: dict[str, list[int]] = {}  # key -> indexes of the occurrences that have it
        for index, ((full, blank), _) in enumerate(occurrences):
            for key in full:
                where.setdefault(key, []).append(index)
            for key in blank:
                where.setdefault(key, []).append(index)
        presence = {key: sum(len(occurrences[i][1]) for i in where.get(key, ())) for key in node.fields}
        lists = self.list_pages if top else frozenset()
        content_total = (
            total - sum(1 for _, files in occurrences for fi in files if fi in lists) if lists else total
        )
        typos = self.typos(occurrences, where, presence)
        ordered = sorted(node.fields, key=lambda k: node.fields[k].order / max(presence[k], 1))
        drafts: dict[str, Draft] = {}
        unknown: dict[str, str] = {}  # left-out key -> why (validate calls it unknown)
        for key in ordered:
            child = node.fields[key]
            path = f"{prefix}.{key}" if prefix else key
            present = presence[key]
            if key in typos:
                target, count = typos[key]
                note = (
                    f"in {plural(present, unit[:-1])}: probably a typo of {target!r} "
                    f"(in {count:,}), so it is left out"
                )
                drafts[key] = Draft(key, None, comment=[clean_line(note)])
                unknown[key] = f"probably a typo of {clean_line(target, 60)!r}"
                continue
            if prose_key(key):
                files = [fi for i in where.get(key, ()) for fi in occurrences[i][1]]
                self.flag(files, path, broken_line_message(key))
                self.left_out.append(clean_line(f"{key[:40]}...: text read as a field name (broken line)"))
                continue
            if not toml_safe(key):
                drafts[key] = Draft(
                    key, None, comment=[f"in {plural(present, unit[:-1])}: not writable in TOML"]
                )
                unknown[key] = "its name cannot be written in newsdesk.toml"
                continue
            draft = self.value(child, path, key)
            blanks = sum(len(f) for f in child.blanks.values())
            evidence = f"in {present:,} of {total:,} {unit}" + (f" ({blanks:,} blank)" if blanks else "")
            if lists:
                content = sum(1 for i in where[key] for fi in occurrences[i][1] if fi not in lists)
                draft.share = content / content_total if content_total else 0.0
            else:
                draft.share = present / total if total else 0.0
            draft.filled = draft.share * (present - blanks) / present if present else 0.0
            draft.comment.insert(0, evidence + (f"; {draft.comment.pop(0)}" if draft.comment else ""))
            if draft.type is None:
                unknown[key] = "no field type fits its values"
            elif present - blanks >= REQUIRED_SHARE * content_total:  # else it cannot be required
                self.decide_required(draft, key, path, occurrences, unit, top)
            drafts[key] = draft
        for key, why in unknown.items():
            path = f"{prefix}.{key}" if prefix else key
            self.left_out.append(clean_line(f"{path}: {drafts[key].comment[0]}"))
            # validate looks for unknown keys at the top, and in mappings whose schema lists fields.
            if top or any(d.type is not None for d in drafts.values()):
                files = [fi for i in where.get(key, ()) for fi in occurrences[i][1]]
                self.flag(files, path, f"unknown field {clean_line(key, 60)!r}: {why}")
                drafts[key].comment.append(
                    f"validate will warn about it in {plural(len(set(files)), 'file')}"
                )
        return drafts

    def typos(
        self,
        occurrences: list[tuple[Shape, list[int]]],
        where: dict[str, list[int]],
        presence: dict[str, int],
    ) -> dict[str, tuple[str, int]]:
        """Rare keys that are near misses of a common key they never appear beside."""
        common = sorted(presence, key=lambda k: -presence[k])[:TYPO_TARGETS]
        found: dict[str, tuple[str, int]] = {}
        for key, count in presence.items():
            for other in common:
                other_count = presence[other]
                if count > other_count * TYPO_SHARE:
                    break  # the rest are rarer still
                if not _near(key, other):
                    continue
                if any(other in occurrences[i][0][0] or other in occurrences[i][0][1] for i in where[key]):
                    continue
                found[key] = (other, other_count)
                break
        return found

    def decide_required(
        self,
        draft: Draft,
        key: str,
        path: str,
        occurrences: list[tuple[Shape, list[int]]],
        unit: str,
        top: bool,
    ) -> None:
        """``required`` when nearly every mapping has ``key`` (not blank), and every list page."""
        lists = self.list_pages if top else frozenset()
        content_total = 0
        missing: list[int] = []
        blank: list[int] = []
        list_bad: list[int] = []
        for (full, blank_keys), files in occurrences:
            state = "ok" if key in full else ("blank" if key in blank_keys else "missing")
            for fi in files:
                if fi in lists:
                    if state != "ok":
                        list_bad.append(fi)
                    continue
                content_total += 1
                if state == "missing":
                    missing.append(fi)
                elif state == "blank":
                    blank.append(fi)
        good = content_total - len(missing) - len(blank)
        if content_total < MIN_REQUIRED or good < REQUIRED_SHARE * content_total:
            return
        if list_bad:
            names = ", ".join(self.rel_dir(fi) for fi in sorted(set(list_bad))[:2])
            draft.comment.append(
                clean_line(f"not required: the section page {names} lacks it (or leaves it blank)")
            )
            return
        draft.required = True
        if missing or blank:
            draft.comment.append(
                f"missing or blank in {plural(len(missing) + len(blank), unit[:-1])} (outliers)"
            )
        where = f"{good:,} of {content_total:,} {unit} have it"
        shown = clean_line(path, 80)
        self.flag(missing, path, f"{shown!r} is missing, but it is required ({where})")
        self.flag(blank, path, f"{shown!r} is blank, but it is required ({where})")

    def one_of(self, draft: Draft, node: Node, path: str, extra: Sequence[int]) -> None:
        """For items with no required key: a pair of keys nearly every item has one of."""
        if any(d.required for d in draft.fields.values()):
            return
        occurrences = [(full, files) for (full, _), files in node.shapes.items()]
        if extra:
            occurrences.append((frozenset(), list(extra)))
        total = sum(len(f) for _, f in occurrences)
        typed = [k for k, d in draft.fields.items() if d.type is not None]
        keys = sorted(typed, key=lambda k: -draft.fields[k].share)[:ONE_OF_KEYS]
        # Pairs of alternatives (a name or a group) that nearly every item has one of; of those,
        # the keys that come first in the items (what identifies an item usually does).
        best: tuple[float, int, tuple[str, str]] | None = None
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                covered = both = only_a = only_b = 0
                for shape, files in occurrences:
                    has_a, has_b = a in shape, b in shape
                    covered += len(files) if has_a or has_b else 0
                    both += len(files) if has_a and has_b else 0
                    only_a += len(files) if has_a else 0
                    only_b += len(files) if has_b else 0
                if both > TYPO_SHARE * min(only_a, only_b) or covered < REQUIRED_SHARE * total:
                    continue
                place = node.fields[a].order / max(only_a, 1) + node.fields[b].order / max(only_b, 1)
                if best is None or (place, -covered) < (best[0], -best[1]):
                    best = (place, covered, (a, b) if only_a >= only_b else (b, a))
        if best is None or total < MIN_REQUIRED:
            return
        a, b = best[2]
        draft.one_of = (a, b)
        lacking = [fi for s, f in occurrences if a not in s and b not in s for fi in f]
        draft.comment.append(
            clean_line(
                f"each item has {a!r} or {b!r}"
                + (f", except in {plural(len(lacking), 'file')} (outliers)" if lacking else "")
            )
        )
        self.flag(
            lacking,
            f"{path}[]",
            f"an item of {clean_line(path, 80)!r} has neither {clean_line(a, 40)!r} nor {clean_line(b, 40)!r} "
            f"({best[1]:,} of {total:,} items have one)",
        )

    def rel_dir(self, fi: int) -> str:
        path = self.paths[fi]
        return clean_line(f"{path.parent.name}/{path.name}", 80)

    # -- one value ----------------------------------------------------------------------

    def value(self, node: Node, path: str, name: str) -> Draft:
        """The draft of the field whose values ``node`` saw: the type that fits most of them (a
        specific one over text when it fits `SPECIFIC_SHARE` of them), its evidence, its outliers."""
        counts = {kind: len(files) for kind, files in node.kinds.items()}
        total = sum(counts.values())
        if total == 0:
            return Draft(name, "string", comment=["always blank"])
        strs = sum(counts.get(k, 0) for k in _STR_KINDS)
        floats = counts.get("float", 0)
        lists = counts.get("list", 0)
        specific = (
            ("date", sum(counts.get(k, 0) for k in _DATE_KINDS)),
            ("number", counts.get("int", 0) + floats) if floats else ("integer", counts.get("int", 0)),
            ("boolean", counts.get("bool", 0)),
            ("list", lists),
            ("object", counts.get("map", 0)),
        )
        best, fits = max(specific, key=lambda pair: pair[1])
        if best in ("integer", "number") and node.numeric_text:
            fits = 0  # numbers written as text ("3,048") beside them: the field is text
        if strs and lists and strs + lists == total and self.texts_only(node.items):
            return self.string_or_list(name, strs, lists)
        if strs and counts.get("bool", 0) and strs + counts["bool"] == total and node.trues == 0:
            draft = self.value(without(node, "bool"), path, name)
            if draft.type in ("string", "text", "url"):
                draft.allow_false = True
                draft.comment.append(f"false in {counts['bool']:,} (meant: not built)")
                return draft
        if fits and (fits >= strs or fits >= SPECIFIC_SHARE * total):
            chosen = best
        elif strs:
            chosen, fits = "string", strs
        else:
            chosen = ""
        unfit = counts.get("time", 0) + counts.get("other", 0) + (floats if chosen != "number" else 0)
        if not chosen or unfit > fits:
            kinds = ", ".join(
                f"{_KIND_NAMES[k]} in {n:,}" for k, n in sorted(counts.items(), key=lambda p: -p[1])
            )
            return Draft(name, None, comment=[f"{kinds}: no field type fits, so it is left out"])
        accepted = {
            "date": _DATE_KINDS,
            "integer": ("int",),
            "number": ("int", "float"),
            "boolean": ("bool",),
            "list": ("list",),
            "object": ("map",),
            "string": _STR_KINDS,
        }[chosen]
        draft = Draft(name, chosen)
        if chosen in ("date", "integer", "number", "boolean"):
            self.scalar_type(draft, node, counts)
        elif chosen == "string":
            self.text_type(draft, node, path, strs)
        elif chosen == "list":
            self.list_type(draft, node, path)
            if draft.type is None:
                return draft
        elif chosen == "object":
            draft.fields = self.mapping(node, path, unit="files")
            keys = ", ".join(clean_line(k, 30) for k in list(draft.fields)[:8])
            draft.comment.append(
                f"mappings with keys {keys}" if keys else "mappings, nested too deep to look into"
            )
        wrong = {k: files for k, files in node.kinds.items() if k not in accepted}
        self.flag_kinds(
            draft, wrong, path, f"{fits:,} of {total:,} values are {_TYPE_NAMES[draft.type or 'string']}"
        )
        return draft

    @staticmethod
    def scalar_type(draft: Draft, node: Node, counts: dict[str, int]) -> None:
        """The evidence for a date, integer, number or boolean ``draft`` (a date-time when any is)."""
        chosen = draft.type
        if chosen == "date":
            timed = counts.get("datetime", 0) + counts.get("dtstr", 0)
            draft.type = "datetime" if timed else "date"
            example = next(
                node.examples[k] for k in ("dtstr", "datetime", "dstr", "date") if k in node.examples
            )
            draft.comment.append(f"{'date-times' if timed else 'dates'} like {_shown(example)}")
        elif chosen == "integer":
            span = (
                f"always {node.int_lo}" if node.int_hi == node.int_lo else f"{node.int_lo} to {node.int_hi}"
            )
            draft.comment.append(f"whole numbers, {span}")
        elif chosen == "number":
            example = node.examples.get("float")
            draft.comment.append(f"numbers, e.g. {example!r}")
        elif chosen == "boolean":
            trues = node.trues
            draft.comment.append(f"true in {trues:,}, false in {counts['bool'] - trues:,}")

    @staticmethod
    def texts_only(items: Node | None) -> bool:
        """Whether the items of the lists seen are all text (no blanks, numbers or mappings)."""
        if items is None or items.blanks:
            return False
        return all(kind in _STR_KINDS for kind in items.kinds)

    def string_or_list(self, name: str, strs: int, lists: int) -> Draft:
        """Text in some files, a list of texts in others: templates accept both shapes."""
        draft = Draft(name, "string_or_list", items="string")
        draft.comment.append(f"text in {strs:,}, a list of texts in {lists:,}")
        return draft

    def flag_kinds(self, draft: Draft, wrong: dict[str, list[int]], path: str, majority: str) -> None:
        if not wrong:
            return
        parts = []
        for kind, files in sorted(wrong.items(), key=lambda p: -len(p[1])):
            shown = ", ".join(self.rel(fi) for fi in list(dict.fromkeys(files))[:2])
            more = "" if len(set(files)) <= 2 else ", ..."
            parts.append(f"{_KIND_NAMES[kind]} in {len(files):,} ({shown}{more})")
            self.flag(files, path, f"{clean_line(path, 80)!r} is {_KIND_NAMES[kind]} here, but {majority}")
        draft.comment.append("outliers: " + "; ".join(parts))

    def text_type(self, draft: Draft, node: Node, path: str, strs: int) -> None:
        counts = {kind: len(files) for kind, files in node.kinds.items()}
        plain = counts.get("str", 0)
        if node.urls and node.urls == strs:
            draft.type = "url"
            draft.comment.append(f"web addresses, e.g. {_shown(node.examples['str'], 60)}")
            return
        if plain == strs and node.values is not None and self.enum(draft, node, path):
            return
        example = next(node.examples[k] for k in _STR_KINDS if k in node.examples)
        if node.multiline or node.str_chars / strs > TEXT_CHARS:
            draft.type = "text"
            lines = f", {plural(node.multiline, 'value')} with line breaks" if node.multiline else ""
            draft.comment.append(f"text up to {node.str_max:,} characters{lines}")
            return
        draft.type = "string"
        draft.comment.append(_variety(node.values, example, strs))

    def enum(self, draft: Draft, node: Node, path: str) -> bool:
        assert node.values is not None
        ranked = sorted(node.values.items(), key=lambda p: (-len(p[1]), p[0]))
        keep: list[tuple[str, int]] = []
        typos: list[tuple[str, list[int], str, int]] = []
        for value, files in ranked:
            if not toml_safe(value):
                return False
            near = next((k for k, n in keep if len(files) <= n * TYPO_SHARE and _near(value, k)), None)
            if near is not None:
                typos.append((value, files, near, len(node.values[near])))
            else:
                keep.append((value, len(files)))
        used = sum(n for _, n in keep)
        if not 2 <= len(keep) <= ENUM_MAX_VALUES or used < ENUM_MIN_REPEAT * len(keep):
            return False
        # An enum needs repeated values (most uses are of values used again), not just few
        # distinct ones; and a field of names, addresses, file names or prose stays text.
        repeated = sum(n for _, n in keep if n > 1)
        singles = sum(1 for _, n in keep if n == 1)
        if (
            repeated < ENUM_REPEATED_SHARE * used
            or singles > len(keep) // 2
            or _free_values(path, [v for v, _ in keep])
        ):
            return False
        names = [v for v, _ in keep]
        if set(names) <= set(DEFAULT_STATUSES):
            names.sort(key=DEFAULT_STATUSES.index)
        draft.type = "enum"
        draft.values = tuple(names)
        counts = dict(keep)
        draft.comment.append(
            f"{len(names)} values: " + ", ".join(f"{_shown(v)} ({counts[v]:,})" for v in names)
        )
        for value, files, near, count in typos:
            draft.comment.append(
                clean_line(f"outlier: {value!r} in {plural(len(files), 'file')}, probably a typo of {near!r}")
            )
            self.flag(
                files,
                path,
                f"{clean_line(path, 80)!r} is {_shown(value)!r}: probably a typo of {_shown(near)!r} "
                f"(used {count:,} times)",
            )
        return True

    def list_type(self, draft: Draft, node: Node, path: str) -> None:
        items = node.items
        lengths = f"lists of {node.len_lo}" + (f" to {node.len_hi}" if node.len_hi != node.len_lo else "")
        lengths += " item" if node.len_hi == 1 else " items"
        item_path = f"{path}[]"
        if items is None:  # nested too deep to be looked into
            draft.type = None
            draft.comment.append(f"{lengths}, nested too deep: no field type fits, so it is left out")
            return
        counts = {kind: len(files) for kind, files in items.kinds.items()}
        strs = sum(counts.get(k, 0) for k in _STR_KINDS)
        maps = counts.get("map", 0)
        others = sum(counts.values()) - strs - maps
        if maps > strs and maps >= others:
            draft.items = "object"
            extra = items.blanks.get("map", [])
            draft.fields = self.mapping(items, item_path, extra)
            self.one_of(draft, items, path, extra)
            keys = ", ".join(clean_line(k, 30) for k in list(draft.fields)[:8])
            draft.comment.append(f"{lengths} with keys {keys}")
            wrong = {k: f for k, f in items.kinds.items() if k != "map"}
            bad_blanks = [fi for kind in ("none", "str", "list") for fi in items.blanks.get(kind, [])]
            if node.dup_names and "name" in draft.fields:
                self.flag(
                    node.dup_names, item_path + ".name", f"{clean_line(path, 80)!r} names someone twice"
                )
                draft.comment.append(
                    f"the same name twice in {plural(len(node.dup_names), 'file')} (outliers)"
                )
        elif strs >= others and strs:
            draft.items = "string"
            example = next(items.examples[k] for k in _STR_KINDS if k in items.examples)
            draft.comment.append(f"{lengths} of text; {_variety(items.values, example, strs)}")
            wrong = {k: f for k, f in items.kinds.items() if k not in _STR_KINDS}
            bad_blanks = [fi for kind in ("none", "list", "map") for fi in items.blanks.get(kind, [])]
        else:
            kinds = ", ".join(
                f"{_KIND_NAMES[k]} in {n:,}" for k, n in sorted(counts.items(), key=lambda p: -p[1])
            )
            draft.type = None
            draft.comment.append(f"{lengths} of {kinds or 'blanks'}: no field type fits, so it is left out")
            return
        self.flag_kinds(
            draft,
            wrong,
            item_path,
            f"items of {clean_line(path, 80)!r} are {'mappings' if draft.items == 'object' else 'text'}",
        )
        if bad_blanks:
            self.flag(bad_blanks, item_path, f"{clean_line(path, 80)!r} has an empty item")
            draft.comment.append(f"empty items in {plural(len(set(bad_blanks)), 'file')} (outliers)")
