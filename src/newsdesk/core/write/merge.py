"""One three-way merge of articles, field by field: for the app, ``set``, the verdicts and git.

``merge(base, ours, theirs)`` takes the version both writers started from and the two edited
versions, and returns a `MergeResult`: plain data, nothing is written.

* The front matter is merged **field by field** (and key by key inside mappings): a field only one
  side changed takes that side's value; a field both sides changed to the same value is that value;
  a field both sides changed differently is a `FieldConflict` naming the field with the three values.
* Lists of people (mappings with a ``name``, else a ``slug``) are merged **item by item by
  identity**, not by index: one side renaming Ann's role and the other appending Cy is no conflict.
  The ``review`` history is a union of entries (identified by ``by``, ``at`` and ``verdict``): two
  verdicts appended on both sides are both kept, the new ones in time order. Other lists are merged
  as sequences of items (`merge3`'s rules), a clash being a conflict on the whole list.
* The body is merged **by lines** with `merge3` (the diff3 rules git uses): overlapping changes are
  a conflict naming the body lines.

The merged text is written the way every save is (`newsdesk.core.write.save.render_metadata`): the
merged values are spliced into **theirs' text** (the version on disk, or the other branch), so
theirs' bytes are kept except where ours changed a value. Before that, a plain line merge of the
three texts is tried: when it is clean and reads back exactly as the field merge says, it is used,
so ours' changed lines keep their own bytes too (and ours' edits to comments, which carry no value,
survive). Lines nobody changed stay byte-identical either way: comments, quoting, CRLF, a BOM.

With conflicts, `MergeResult.text` takes theirs' value at each conflict (nothing of ours is lost:
the conflicts carry ours' values) and `MergeResult.marked` is the text with standard conflict
markers (``<<<<<<< ours`` / ``=======`` / ``>>>>>>> theirs``) around only the lines that differ
between "ours wins" and "theirs wins": the conflicting fields' lines, or the body lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from newsdesk.core.model.article import Article
from newsdesk.core.model.errors import ConflictError, EditError, SaveError
from newsdesk.core.read.reader import parse_article, parse_text
from newsdesk.core.write.splice import UNSET, apply_changes, canon, same

__all__ = [
    "DiskMerge",
    "FieldConflict",
    "MergeConflict",
    "MergeResult",
    "merge",
    "merge_files",
    "overwrite_changed",
    "plan_merge",
    "resolve",
    "with_markers",
    "write_merging",
]

START, MID, END = "<<<<<<< ours", "=======", ">>>>>>> theirs"
#: The list whose entries are a history: merged as a union, in time order.
REVIEW_FIELD = "review"


@dataclass(frozen=True)
class FieldConflict:
    """Both sides changed one field (or body lines) differently.

    ``field`` is the field path as `set` takes it (``title``, ``attendees[1].role``) or ``body``;
    ``base``/``ours``/``theirs`` are the values (`UNSET`: absent there; for the body, the lines'
    text). ``lines`` is, for the body, the 1-based first and last line of theirs' side in the body.
    """

    field: str
    base: Any
    ours: Any
    theirs: Any
    lines: tuple[int, int] | None = None


@dataclass
class MergeResult:
    """A merge's outcome, as data.

    ``text`` is the merged file text (without BOM; theirs' value at each conflict), or None when
    the merged values could not be written into theirs' text; ``marked`` is the text with conflict
    markers (equal to ``text`` when there are no conflicts). ``from_ours`` / ``from_theirs`` name the
    top-level fields (and ``body``) whose merged value came from that side.
    """

    text: str | None
    marked: str | None
    metadata: dict[str, Any]
    conflicts: list[FieldConflict] = field(default_factory=list)
    from_ours: list[str] = field(default_factory=list)
    from_theirs: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts and self.text is not None


Ours = Article | tuple[Mapping[str, Any], str]


def merge(base: Article, ours: Ours, theirs: Article, *, order: Sequence[str] | None = None) -> MergeResult:
    """Merge ``ours`` and ``theirs`` (both edited from ``base``); see the module's description.

    ``ours`` is an `Article` or, for an edit not yet written anywhere, ``(metadata, body)``.
    ``order`` (the schema's field order) places fields new to theirs' text; by default they go
    where ours has them. `SaveError` when theirs cannot be edited (broken front matter).
    """
    o_meta, o_body = (ours.metadata, ours.body) if isinstance(ours, Article) else (dict(ours[0]), ours[1])
    conflicts: list[FieldConflict] = []
    meta_o, meta_t = _merge_value((), base.metadata, o_meta, theirs.metadata, conflicts)
    body_o, body_t = _merge_body(base.body, o_body, theirs.body, conflicts)
    from_ours = [k for k in o_meta if not same(o_meta[k], base.metadata.get(k, UNSET))]
    from_ours += [k for k in base.metadata if k not in o_meta]
    from_theirs = [k for k in theirs.metadata if not same(theirs.metadata[k], base.metadata.get(k, UNSET))]
    from_theirs += [k for k in base.metadata if k not in theirs.metadata]
    if o_body != base.body:
        from_ours.append("body")
    if theirs.body != base.body:
        from_theirs.append("body")
    metadata = meta_t if isinstance(meta_t, dict) else {}
    place = list(order) if order is not None else list(o_meta)
    text = None
    if not conflicts and isinstance(ours, Article):
        text = _line_merged(base, ours, theirs, metadata, body_t)
    if text is None:
        try:
            text = _render(theirs, metadata, body_t, place)
        except (SaveError, EditError):
            if not conflicts:
                raise
    marked = text
    if conflicts and text is not None:
        try:
            text_o = _render(theirs, meta_o if isinstance(meta_o, dict) else {}, body_o, place)
        except (SaveError, EditError):
            marked = None
        else:
            marked = with_markers(text_o, text, theirs.newline)
    return MergeResult(text, marked, metadata, conflicts, from_ours, from_theirs)


def _render(theirs: Article, metadata: dict[str, Any], body: str, order: Sequence[str]) -> str:
    from newsdesk.core.write.save import render_metadata

    return render_metadata(theirs, metadata, order=order, body=body)


def _line_merged(
    base: Article, ours: Article, theirs: Article, metadata: dict[str, Any], body: str
) -> str | None:
    """The plain line merge of the three texts, when it reads back exactly as the field merge.

    Tried as it is (clean), then with lines both sides inserted at one place taken together,
    theirs' first and then ours' first (two verdicts or two people appended at the end of a list):
    each side's new lines keep their own bytes (a flow mapping stays one), and a result that reads
    back differently from the field merge (another order, a broken front matter) is not used.
    """
    import merge3

    from newsdesk.core.write.save import BROKEN_CODES

    m = merge3.Merge3(
        base.text.splitlines(keepends=True),
        ours.text.splitlines(keepends=True),
        theirs.text.splitlines(keepends=True),
    )
    regions = list(m.merge_regions())
    for union in (None, "theirs", "ours"):
        out: list[str] = []
        for region in regions:
            if region[0] != "conflict":
                out.extend(_region_lines(m, region))
                continue
            spans: tuple[Any, ...] = region
            if union is None or spans[1] != spans[2]:  # not a pure insertion on both sides
                break
            mine, other = list(m.a[spans[3] : spans[4]]), list(m.b[spans[5] : spans[6]])
            if not all(line.endswith(("\n", "\r")) for line in mine + other):
                break
            out.extend(other + mine if union == "theirs" else mine + other)
        else:
            text = "".join(out)
            check = parse_text(text, theirs.path, bom=theirs.bom)
            if (
                not check.read_only
                and not any(p.code in BROKEN_CODES for p in check.problems)
                and check.format == theirs.format
                and same(check.metadata, metadata)
                and check.body == body
            ):
                return text
        if not any(region[0] == "conflict" for region in regions):
            return None
    return None


def _region_lines(m: Any, region: tuple[Any, ...]) -> list[Any]:
    """The lines of a merge3 region that is not a conflict."""
    kind, start, end = region[0], region[1], region[2]
    lines = m.base if kind == "unchanged" else m.a if kind in ("same", "a") else m.b
    return list(lines[start:end])


# -- values ------------------------------------------------------------------------------------


def _show(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _merge_value(
    path: tuple[str | int, ...], b: Any, o: Any, t: Any, conflicts: list[FieldConflict]
) -> tuple[Any, Any]:
    """(the value with ours winning conflicts, the value with theirs winning); `UNSET` = absent."""
    if same(o, t):
        return o, t
    if same(b, o):
        return t, t
    if same(b, t):
        return o, o
    if isinstance(o, dict) and isinstance(t, dict):
        bd = b if isinstance(b, dict) else {}
        ro: dict[str, Any] = {}
        rt: dict[str, Any] = {}
        for key in [*t, *(k for k in o if k not in t)]:
            vo, vt = _merge_value(
                (*path, key), bd.get(key, UNSET), o.get(key, UNSET), t.get(key, UNSET), conflicts
            )
            if vo is not UNSET:
                ro[key] = vo
            if vt is not UNSET:
                rt[key] = vt
        return ro, rt
    if isinstance(o, list) and isinstance(t, list):
        bl = b if isinstance(b, list) else []
        identity = _identity(path, bl, o, t)
        if identity is not None:
            return _merge_by_identity(path, bl, o, t, identity, conflicts)
        return _merge_sequence(path, bl, o, t, conflicts)
    conflicts.append(FieldConflict(_show(path), b, o, t))
    return o, t


def _identity(path: tuple[str | int, ...], *lists: list[Any]) -> Callable[[dict[str, Any]], str] | None:
    """How items of these lists are told apart, when they all are mappings with a unique key."""
    items = [x for lst in lists for x in lst]
    if not items or not all(isinstance(x, dict) for x in items):
        return None
    key: Callable[[dict[str, Any]], str]
    if path == (REVIEW_FIELD,):

        def key(x: dict[str, Any]) -> str:
            return canon([x.get("by"), x.get("at"), x.get("verdict")])

    else:
        name = next((n for n in ("name", "slug") if all(isinstance(x.get(n), str) for x in items)), None)
        if name is None:
            return None

        def key(x: dict[str, Any]) -> str:
            return " ".join(str(x[name]).split()).casefold()

    for lst in lists:
        keys = [key(x) for x in lst]
        if len(set(keys)) != len(keys):
            return None
    return key


def _merge_by_identity(
    path: tuple[str | int, ...],
    b: list[Any],
    o: list[Any],
    t: list[Any],
    key: Callable[[dict[str, Any]], str],
    conflicts: list[FieldConflict],
) -> tuple[list[Any], list[Any]]:
    bm, om, tm = ({key(x): x for x in lst} for lst in (b, o, t))
    order = list(tm)
    ours_keys = list(om)
    for i, k in enumerate(ours_keys):
        if k in order:
            continue
        before = next((p for p in reversed(ours_keys[:i]) if p in order), None)
        at = order.index(before) + 1 if before is not None else 0
        while k not in bm and at < len(order) and order[at] not in om and order[at] not in bm:
            at += 1  # after what theirs added at the same place
        order.insert(at, k)
    ro: list[Any] = []
    rt: list[Any] = []
    for k in order:
        index = len(rt) if k in tm else len(ro)
        vo, vt = _merge_value((*path, index), bm.get(k, UNSET), om.get(k, UNSET), tm.get(k, UNSET), conflicts)
        if vo is not UNSET:
            ro.append(vo)
        if vt is not UNSET:
            rt.append(vt)
    if path == (REVIEW_FIELD,):
        known = set(bm)
        ro, rt = _time_ordered(ro, known, key), _time_ordered(rt, known, key)
    return ro, rt


def _time_ordered(entries: list[Any], known: set[str], key: Callable[[dict[str, Any]], str]) -> list[Any]:
    """The entries, those after the last one base had sorted by their time (``at``)."""
    start = len(entries)
    for i, entry in enumerate(entries):
        if key(entry) not in known:
            start = i
            break
    tail = entries[start:]
    times = [_when(e.get("at")) for e in tail]
    if len(tail) < 2 or any(t is None for t in times):
        return entries
    pairs = list(zip(times, range(len(tail)), strict=True))
    pairs.sort(key=lambda p: (p[0], p[1]))
    return entries[:start] + [tail[i] for _, i in pairs]


def _when(value: object) -> float | None:
    """A sortable instant for a review time (a time without offset is taken as UTC)."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).timestamp()
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC).timestamp()
    return None


def _merge_sequence(
    path: tuple[str | int, ...], b: list[Any], o: list[Any], t: list[Any], conflicts: list[FieldConflict]
) -> tuple[list[Any], list[Any]]:
    """A list merged as a sequence of items; any clash is one conflict on the whole list."""
    import merge3

    m = merge3.Merge3([canon(x) for x in b], [canon(x) for x in o], [canon(x) for x in t])
    sources = {"unchanged": b, "same": o, "a": o, "b": t}
    ro: list[Any] = []
    rt: list[Any] = []
    clash = False
    for region in m.merge_regions():
        kind = region[0]
        if kind == "conflict":
            clash = True
            spans: tuple[Any, ...] = region
            ro.extend(o[spans[3] : spans[4]])
            rt.extend(t[spans[5] : spans[6]])
        else:
            items = sources[kind][region[1] : region[2]]
            ro.extend(items)
            rt.extend(items)
    if clash:
        conflicts.append(FieldConflict(_show(path), b, o, t))
    return ro, rt


# -- resolving (the app's changed-on-disk dialog) ---------------------------------------------


def resolve(
    result: MergeResult, theirs: Article, take_ours: Collection[int], *, order: Sequence[str] | None = None
) -> str:
    """The merged text with each conflict decided: ``take_ours`` holds the indexes (into
    ``result.conflicts``) that take ours' value, the others keep theirs'. Written into theirs'
    text like every merge. `SaveError` when it cannot be written."""
    if result.text is None:
        raise SaveError(f"{theirs.path}: the merged values cannot be written into the version on disk")
    merged = parse_text(result.text, theirs.path, bom=theirs.bom)
    metadata: dict[str, Any] = dict(merged.metadata)
    lines = merged.body.splitlines(keepends=True)
    # Last first: a list item removed or body lines replaced leave earlier positions as they were.
    for index in sorted(take_ours, reverse=True):
        c = result.conflicts[index]
        if c.field == "body" and c.lines is not None:
            first, last = c.lines
            lines[first - 1 : last] = str(c.ours).splitlines(keepends=True)
        else:
            metadata = apply_changes(metadata, {c.field: c.ours})
    place = list(order) if order is not None else list(metadata)
    return _render(theirs, metadata, "".join(lines), place)


def overwrite_changed(
    base: Article, ours: Ours, theirs: Article, *, order: Sequence[str] | None = None
) -> str:
    """Theirs' text with ours' value for every top-level field (and the body) ours changed from
    ``base``, and nothing else: "overwrite with yours" overwrites only what you changed."""
    o_meta, o_body = (ours.metadata, ours.body) if isinstance(ours, Article) else (dict(ours[0]), ours[1])
    metadata: dict[str, Any] = dict(theirs.metadata)
    for key in [*o_meta, *(k for k in base.metadata if k not in o_meta)]:
        value = o_meta.get(key, UNSET)
        if same(value, base.metadata.get(key, UNSET)):
            continue
        if value is UNSET:
            metadata.pop(key, None)
        else:
            metadata[key] = value
    body = o_body if o_body != base.body else theirs.body
    place = list(order) if order is not None else list(o_meta)
    return _render(theirs, metadata, body, place)


@dataclass
class DiskMerge:
    """A save that found its file changed on disk (the app's dialog): the version the edit started
    from (``base``), the text the save meant to write (``ours``), the version on disk now
    (``fresh``) and their `merge`. The texts it offers are written over ``fresh``."""

    base: Article
    ours_text: str
    ours: Article
    fresh: Article
    result: MergeResult
    order: list[str] | None = None
    #: Why the last text asked for could not be made.
    error: str | None = None

    def describe(self) -> str:
        """What "merge" will do, in a sentence."""
        both = list(dict.fromkeys(_top(c.field) for c in self.result.conflicts))
        if both:
            return f"Changed on both sides: {', '.join(both)}; merge shows both and you decide."
        theirs = [f for f in self.result.from_theirs if f not in self.result.from_ours]
        kept = f" and the disk's {', '.join(theirs)}" if theirs else ""
        return f"Your changes do not overlap theirs: merge keeps yours{kept}."

    def from_disk(self) -> str:
        """For the status line after a merge: which fields came from disk."""
        theirs = [f for f in self.result.from_theirs if f not in self.result.from_ours]
        if not theirs:
            return "merged with the version on disk"
        return f"merged with the version on disk; from disk: {', '.join(theirs)}"

    def resolved(self, take_ours: Collection[int]) -> str | None:
        """The merged text, ``take_ours`` deciding the conflicts (`resolve`); None: see ``error``."""
        return self._text(lambda: resolve(self.result, self.fresh, take_ours, order=self.order))

    def overwrite(self) -> str | None:
        """ "Overwrite with yours": the fields you changed, over the version on disk."""
        return self._text(lambda: overwrite_changed(self.base, self.ours, self.fresh, order=self.order))

    def mine_over_theirs(self) -> tuple[dict[str, Any], str] | None:
        """The merge with yours at every conflict, as (metadata, body), for the form."""
        text = self.resolved(range(len(self.result.conflicts)))
        if text is None:
            return None
        merged = parse_text(text, self.fresh.path, bom=self.fresh.bom)
        return dict(merged.metadata), merged.body

    def _text(self, make: Callable[[], str]) -> str | None:
        try:
            return make()
        except (SaveError, EditError, ValueError, RecursionError) as exc:
            self.error = str(exc)
            return None


def _top(field_path: str) -> str:
    cut = min((i for i in (field_path.find("."), field_path.find("[")) if i > 0), default=len(field_path))
    return field_path[:cut]


def plan_merge(base: Article, text: str, *, order: Sequence[str] | None = None) -> DiskMerge | None:
    """Read ``base``'s file again and merge ``text`` (what a save of ``base`` meant to write) with
    it. None when there is nothing to merge with: the file is gone or unreadable, or either side's
    front matter does not parse."""
    from newsdesk.core.read.reader import load_article
    from newsdesk.core.write.save import BROKEN_CODES

    fresh = load_article(base.path)
    ours = parse_text(text, base.path, bom=base.bom)
    for article in (base, ours, fresh):
        if article.read_only or any(p.code in BROKEN_CODES for p in article.problems):
            return None
    if fresh.fingerprint is None:
        return None
    try:
        result = merge(base, ours, fresh, order=order)
    except (SaveError, EditError, ValueError, RecursionError):
        return None
    if result.text is None:
        return None
    return DiskMerge(base, text, ours, fresh, result, list(order) if order is not None else None)


# -- the body ----------------------------------------------------------------------------------


def _merge_body(b: str, o: str, t: str, conflicts: list[FieldConflict]) -> tuple[str, str]:
    if o == t or b == o:
        return t, t
    if b == t:
        return o, o
    import merge3

    m = merge3.Merge3(b.splitlines(keepends=True), o.splitlines(keepends=True), t.splitlines(keepends=True))
    ro: list[str] = []
    rt: list[str] = []
    for region in m.merge_regions():
        if region[0] == "conflict":
            zs, ze, os_, oe, ts, te = region[1:]
            ours, theirs = m.a[os_:oe], m.b[ts:te]
            first = len(rt) + 1
            conflicts.append(
                FieldConflict(
                    "body",
                    "".join(m.base[zs:ze]),
                    "".join(ours),
                    "".join(theirs),
                    (first, first + len(theirs) - 1),
                )
            )
            ro.extend(ours)
            rt.extend(theirs)
        else:
            lines = _region_lines(m, region)
            ro.extend(lines)
            rt.extend(lines)
    return "".join(ro), "".join(rt)


# -- conflict markers --------------------------------------------------------------------------


def with_markers(ours_text: str, theirs_text: str, newline: str = "\n") -> str:
    """``theirs_text`` with ``<<<<<<< ours`` / ``=======`` / ``>>>>>>> theirs`` around each run of
    lines that differs from ``ours_text`` (ours' lines first), as git writes a conflict."""
    a = ours_text.splitlines(keepends=True)
    b = theirs_text.splitlines(keepends=True)
    out: list[str] = []

    def put(lines: list[str]) -> None:
        for line in lines:
            out.append(line)
        if out and not out[-1].endswith(("\n", "\r")):
            out.append(newline)

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(b[j1:j2])
            continue
        if out and not out[-1].endswith(("\n", "\r")):
            out.append(newline)
        out.append(START + newline)
        put(a[i1:i2])
        out.append(MID + newline)
        put(b[j1:j2])
        out.append(END + newline)
    return "".join(out)


# -- files (git's merge driver) ----------------------------------------------------------------


def merge_files(base: bytes, ours: bytes, theirs: bytes, path: str = "<merge>") -> tuple[bytes, bool]:
    """Merge three versions of a file's bytes, as git's merge driver does: (the result, clean?).

    The field merge when all three parse (`merge`, rendered into theirs' text, with conflict
    markers around conflicting fields only); otherwise -- a side with broken front matter, not
    UTF-8, binary -- a plain line merge of the bytes with standard conflict markers, as
    ``git merge-file`` writes it.
    """
    from newsdesk.core.write.save import BROKEN_CODES

    articles = [parse_article(data, path) for data in (base, ours, theirs)]
    usable = all(
        not a.read_only and not any(p.code in BROKEN_CODES or p.code == "encoding" for p in a.problems)
        for a in articles
    )
    if usable:
        b, o, t = articles
        try:
            result = merge(b, o, t)
        except (SaveError, ValueError, RecursionError):  # a value the splice cannot write: lines
            result = None
        if result is not None and result.marked is not None:
            text = result.marked if result.conflicts else result.text
            if text is not None:
                bom = b"\xef\xbb\xbf" if t.bom else b""
                return bom + text.encode("utf-8", "surrogateescape"), not result.conflicts
    return _plain_merge(base, ours, theirs)


def _plain_merge(base: bytes, ours: bytes, theirs: bytes) -> tuple[bytes, bool]:
    import merge3

    m = merge3.Merge3(
        base.splitlines(keepends=True), ours.splitlines(keepends=True), theirs.splitlines(keepends=True)
    )
    out = b"".join(m.merge_lines(name_a=b"ours", name_b=b"theirs"))
    clean = not any(region[0] == "conflict" for region in m.merge_regions())
    return out, clean


# -- saving over a concurrent writer -----------------------------------------------------------


class MergeConflict(ConflictError):
    """The file changed on disk and the other writer changed a field this save changes too."""

    def __init__(self, message: str, fresh: Article, result: MergeResult) -> None:
        super().__init__(message)
        self.fresh = fresh
        self.result = result


def write_merging(
    article: Article,
    text: str,
    *,
    order: Sequence[str] | None = None,
    tries: int = 1,
    follow_symlinks: bool = False,
) -> Article:
    """`newsdesk.core.write.save.write_text`, merging with a concurrent writer: when the file changed on
    disk since ``article`` was read, read it again, `merge` ``text`` (ours) with it (``article`` is
    the base) and write the clean merge over the new version; at most ``tries`` times.

    Returns the article as written. `MergeConflict` (a `ConflictError`) when the merge conflicts,
    carrying the new version and the merge; `ConflictError` when the file was deleted, cannot be
    read, or kept changing; the save's other errors as they are.
    """
    from newsdesk.core.read.reader import load_article
    from newsdesk.core.write import save

    ours = parse_text(text, article.path, bom=article.bom)
    current = article
    for attempt in range(tries + 1):
        try:
            return save.write_text(current, text, follow_symlinks=follow_symlinks)
        except ConflictError:
            if attempt == tries:
                raise
            fresh = load_article(article.path)
            if fresh.read_only or fresh.fingerprint is None:
                raise
            try:
                result = merge(article, ours, fresh, order=order)
            except SaveError:
                raise ConflictError(f"{article.path} changed on disk and cannot be merged") from None
            if not result.clean or result.text is None:
                where = ", ".join(c.field for c in result.conflicts) or "?"
                raise MergeConflict(
                    f"{article.path} changed on disk: {where} changed there too", fresh, result
                ) from None
            text, current = result.text, fresh
    raise AssertionError("unreachable")  # pragma: no cover
