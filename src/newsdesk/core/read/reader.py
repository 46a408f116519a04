"""Reading an article file: never raises on bad content.

Every way a file can be wrong (missing, a FIFO, a symlink loop, binary, too large, bad UTF-8,
no front matter, an unclosed block, broken YAML/TOML, a list instead of a mapping, an alias bomb)
gives an `Article` whose ``problems`` say what and where, so callers can show it.

The file is split here (not by python-frontmatter, which strips text, mishandles a BOM and
re-splits a body that opens with a ``---`` rule); the front-matter block is parsed by the
python-frontmatter handlers in `newsdesk.core.read.handlers`.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from newsdesk.core.model.article import Article, FieldLoc, Fingerprint, Format, Pos
from newsdesk.core.model.dates import impossible_date, impossible_time
from newsdesk.core.model.problems import Problem
from newsdesk.core.model.textsafe import describe_char
from newsdesk.core.read.loaders import (
    NewsdeskLoader,
    construct,
    toml_error_message,
    toml_error_position,
)

#: Files larger than this are listed with a problem; only their head is read and they are never saved.
MAX_FILE_BYTES = 8 * 1024 * 1024
#: How much of an over-large file is read to find its front matter.
HEAD_BYTES = 256 * 1024
#: A YAML document whose aliases expand to more values than this is refused (billion laughs).
MAX_EXPANDED_NODES = 100_000

# Blank lines before the opening delimiter are tolerated (Hugo and python-frontmatter accept them).
_OPEN_LINE = re.compile(r"((?:[ \t]*\r?\n)*)(---|\+\+\+)[ \t]*(\r?\n|$)")
_BOM = b"\xef\xbb\xbf"
#: O_NONBLOCK: a path swapped for a FIFO after its stat must not hang the open.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
_LONE_CR = re.compile(r"\r(?!\n)")
LONE_CR_MESSAGE = (
    "the lines end in a lone CR (old Mac style): other tools see one long line and no front "
    "matter, and newsdesk will not change the file; convert it to LF line ends (mac2unix FILE)"
)


def load_article(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = MAX_FILE_BYTES,
    locations: bool = True,
    digest: bool = True,
) -> Article:
    """Read and parse one article file. Never raises for bad content or unreadable files.

    ``locations=False`` skips recording where each key stands (validation's fast path; see `locate`).
    ``digest=False`` leaves the fingerprint's SHA-256 empty, for a read nothing is ever saved from
    (``validate``, the folder scan): a save from such an article finds the file "changed on disk"
    and writes nothing.
    """
    # Hot path (every file of a folder): one stat, the bytes read with one system call, and the
    # Path given used as it is (wrapping it again would parse it again), turned into text once.
    p = path if isinstance(path, Path) else Path(path)
    try:
        text = os.fspath(p)
        st = os.stat(text)
    except OSError as exc:
        return _unreadable(p, _os_reason(exc))
    if not stat.S_ISREG(st.st_mode):
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file (FIFO, socket or device)"
        return _unreadable(p, f"{kind}; skipped", code="not-a-file")
    size = st.st_size
    too_large = size > max_bytes
    try:
        fd = os.open(text, _OPEN_FLAGS)  # (non-blocking: see `_OPEN_FLAGS`)
        try:
            raw = _read_upto(fd, HEAD_BYTES if too_large else max_bytes + 1, size)
        finally:
            os.close(fd)
    except OSError as exc:
        return _unreadable(p, _os_reason(exc))
    if len(raw) > max_bytes:  # grew since stat
        raw, too_large = raw[:HEAD_BYTES], True
    if digest:
        import hashlib  # not for validate (pre-commit pays for every import)

        fingerprint = Fingerprint(size, st.st_mtime_ns, hashlib.sha256(raw).hexdigest())
    else:
        fingerprint = Fingerprint(size, st.st_mtime_ns, "")
    article = parse_article(raw, p, fingerprint=fingerprint, truncated=too_large, locations=locations)
    if too_large:
        article.problems.insert(
            0,
            Problem(
                "too-large",
                f"file is {size / 1048576:.1f} MiB, over the {max_bytes / 1048576:.0f} MiB "
                "limit; only its front matter was read and it will not be edited",
            ),
        )
    return article


def _read_upto(fd: int, limit: int, size: int) -> bytes:
    """Up to ``limit`` bytes from ``fd``, a file ``stat`` said has ``size`` bytes.

    One ``read`` of ``size + 1`` bytes reads a file that has not changed, and finds its end;
    asking for ``limit`` at once would allocate that much for every small file.
    """
    want = min(limit, size + 1)
    data = os.read(fd, want)
    if len(data) == size or len(data) >= limit or not data:
        return data
    chunks = [data]  # grown since stat (or a short read)
    total = len(data)
    while total < limit:
        chunk = os.read(fd, min(limit - total, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def parse_article(
    raw: bytes,
    path: str | os.PathLike[str] = "<memory>",
    *,
    fingerprint: Fingerprint | None = None,
    truncated: bool = False,
    locations: bool = True,
) -> Article:
    """Parse the bytes of an article file."""
    p = path if isinstance(path, Path) else Path(path)
    if raw.find(b"\x00", 0, 8192) >= 0:
        return Article(
            p,
            None,
            {},
            "",
            problems=[Problem("encoding", "binary file (contains NUL bytes); skipped")],
            fingerprint=fingerprint,
            read_only=True,
        )
    bom = raw.startswith(_BOM)
    data = raw[3:] if bom else raw
    problems: list[Problem] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if truncated and exc.start >= len(data) - 4:  # cut in the middle of a character
            text = data[: exc.start].decode("utf-8", "surrogateescape")
        else:
            line = data.count(b"\n", 0, exc.start) + 1
            col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            problems.append(
                Problem(
                    "encoding",
                    f"invalid UTF-8 byte 0x{data[exc.start]:02x}; save the file as UTF-8",
                    line,
                    col,
                )
            )
            text = data.decode("utf-8", "surrogateescape")
    article = parse_text(text, p, bom=bom, locations=locations)
    if problems:
        article.problems[:0] = problems
    article.fingerprint = fingerprint
    article.read_only = article.read_only or truncated
    return article


def parse_text(
    text: str, path: str | os.PathLike[str] = "<memory>", *, bom: bool = False, locations: bool = True
) -> Article:
    """Parse decoded article text (without BOM).

    A file whose lines end in a lone CR (classic Mac OS) is read with each CR taken as a line
    break (the article's ``text`` has LF there; offsets are the same) and is read-only, with a
    ``line-ends`` error: other tools see one long line and no front matter in it, and a save would
    have to write LF or a front matter of lone CRs nobody else reads.
    """
    p = path if isinstance(path, Path) else Path(path)
    nl_at = text.find("\n")
    cr_at = text.find("\r", 0, nl_at) if nl_at >= 0 else text.find("\r")
    if cr_at >= 0 and cr_at != nl_at - 1:  # the first line break is a lone CR
        article = parse_text(_LONE_CR.sub("\n", text), p, bom=bom, locations=locations)
        article.problems.insert(0, Problem("line-ends", LONE_CR_MESSAGE, 1, cr_at + 1))
        article.read_only = True
        return article
    newline = "\r\n" if nl_at > 0 and text[nl_at - 1] == "\r" else "\n"
    base: dict[str, Any] = {"text": text, "bom": bom, "newline": newline}
    if not text or text.isspace():
        msg = "file is empty" if not text else "file is blank"
        return Article(p, None, {}, text, problems=[Problem("no-front-matter", msg)], **base)
    opening = _OPEN_LINE.match(text)
    if not opening:
        return Article(
            p,
            None,
            {},
            text,
            problems=[
                Problem(
                    "no-front-matter",
                    "no front matter: the file must start with a '---' (YAML) or '+++' (TOML) line",
                )
            ],
            **base,
        )
    delimiter = opening.group(2)
    fmt: Format = "yaml" if delimiter == "---" else "toml"
    fm_start = opening.end()
    base["fm_line"] = opening.group(1).count("\n") + 2
    closer = _find_close(text, fm_start, fmt) if opening.group(3) else None
    if closer is None:
        return Article(
            p,
            fmt,
            {},
            "",
            fm_start=fm_start,
            fm_end=len(text),
            body_start=len(text),
            problems=[
                Problem(
                    "front-matter-shape",
                    f"front matter opened on line {base['fm_line'] - 1} with '{delimiter}' is never closed",
                    base["fm_line"] - 1,
                )
            ],
            **base,
        )
    fm_end, body_start = closer
    if text.startswith("\r\n", body_start):
        body_start += 2
    elif text.startswith("\n", body_start):
        body_start += 1
    article = Article(
        p, fmt, {}, text[body_start:], fm_start=fm_start, fm_end=fm_end, body_start=body_start, **base
    )
    fm_text = text[fm_start:fm_end]
    if fmt == "yaml":
        not_mapping = _parse_yaml(article, fm_text, locations)
        if not_mapping is not None:
            return _rule_not_front_matter(p, text, base, fm_end, not_mapping)
    else:
        _parse_toml(article, fm_text, locations)
    return article


def _find_close(text: str, start: int, fmt: Format) -> tuple[int, int] | None:
    """Where the closing line stands (its start, and its end before the line break): the first line
    from ``start`` on that is ``---`` or ``...`` (YAML) or ``+++`` (TOML), spaces and tabs after it
    allowed; None if there is none. ``start`` (> 0) is the start of a line.

    (What ``re.compile(r"^(?:---|\\.\\.\\.)[ \\t]*\\r?$", re.MULTILINE).search(text, start)`` finds,
    for a tenth of its cost.)
    """
    marks = ("\n---", "\n...") if fmt == "yaml" else ("\n+++",)
    size = len(text)
    at = start - 1  # the line break before a line start
    while True:
        found = -1
        for mark in marks:
            i = text.find(mark, at)
            if i >= 0 and (found < 0 or i < found):
                found = i
        if found < 0:
            return None
        end = found + 4
        while end < size and text[end] in " \t":
            end += 1
        if end < size and text[end] == "\r":
            end += 1
        if end == size or text[end] == "\n":
            return found + 1, end
        at = found + 1


def _rule_not_front_matter(
    path: Path, text: str, base: dict[str, Any], close_at: int, kind: tuple[str, int, int]
) -> Article:
    """A first ``---`` block that is not a mapping: a Markdown rule, not front matter.

    ``---``, a paragraph, ``---`` is a body that opens with a horizontal rule; the whole file is
    body (shown and searched as such), with a warning saying why it is not front matter.
    """
    what, line, column = kind
    first = base["fm_line"] - 1
    last = text.count("\n", 0, close_at) + 1
    problem = Problem(
        "front-matter-shape",
        f"the '---' block on lines {first}-{last} is {what}, not keys and values, so it is not "
        "front matter: it is read as body text",
        line,
        column,
        severity="warning",
    )
    base = {k: v for k, v in base.items() if k != "fm_line"}
    return Article(path, None, {}, text, problems=[problem], **base)


# -- YAML ----------------------------------------------------------------------------------


def _parse_yaml(article: Article, fm_text: str, locations: bool = True) -> tuple[str, int, int] | None:
    """Parse the YAML block into ``article``; for a block that is not a mapping, what it is instead
    (``"a list"``, line, column) and nothing else is done."""
    first = article.fm_line
    try:
        loader = NewsdeskLoader(fm_text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            # Without an alias ('*') nothing is shared, so the document cannot blow up.
            aliases = "*" in fm_text
            complexity = _complexity_problem(node) if aliases else None
            if complexity:
                article.problems.append(Problem("too-complex", complexity, first, 1))
                return None
            if not isinstance(node, yaml.MappingNode):
                kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
                return kind, first + node.start_mark.line, node.start_mark.column + 1
            # One pass builds the values and finds repeated keys; PyYAML's constructor takes
            # over for anything unusual (tags, merge keys, aliases) and words any error.
            repeats = [False]
            data: Any = None
            if not aliases:
                try:
                    data = construct(loader, node, repeats)
                except Exception:  # `Unusual`, or a value PyYAML refuses: it says how below
                    data = None
            if data is None:
                data = loader.construct_document(node)
                repeats[0] = _has_duplicate_keys(node)
        finally:
            loader.dispose()
    except yaml.reader.ReaderError:
        # libyaml refuses a raw control character; its message has a byte offset into
        # "<unicode string>". Say which character, and where it really is.
        article.problems.append(_unacceptable_character(fm_text, first))
        return None
    except UnicodeEncodeError:  # a lone surrogate: a byte that is not UTF-8 (reported as encoding)
        article.problems.append(_unacceptable_character(fm_text, first))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (first + mark.line, mark.column + 1) if mark else (first, 1)
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part) or "invalid YAML"
        article.problems.append(Problem("yaml-syntax", message, line, col))
        return None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError, OverflowError) as exc:
        article.problems.append(Problem("yaml-syntax", f"invalid YAML: {exc}", first, 1))
        return None
    article.metadata = {k if type(k) is str else _key_text(k): v for k, v in data.items()}
    if locations or repeats[0]:
        _yaml_locations(article, node, first)
    else:
        article.yaml_node = node  # for `locate`, if a diagnostic needs positions
    return None


#: What YAML 1.1 does not allow in a stream (libyaml raises a ReaderError on it).
_YAML_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _unacceptable_character(fm_text: str, first: int) -> Problem:
    found = _YAML_UNPRINTABLE.search(fm_text)
    if found is None:  # pragma: no cover - libyaml and this pattern agree
        return Problem("yaml-syntax", "the front matter holds a character YAML does not allow", first, 1)
    at = found.start()
    line = first + fm_text.count("\n", 0, at)
    column = at - (fm_text.rfind("\n", 0, at) + 1) + 1
    ch = found.group()
    if 0xDC80 <= ord(ch) <= 0xDCFF:
        message = f"{describe_char(ch)}, stops the YAML parser: save the file as UTF-8"
    else:
        message = (
            f"the control character {describe_char(ch)} is not allowed in YAML: remove it "
            "(it is invisible in most editors)"
        )
    return Problem("yaml-syntax", message, line, column)


def _key_text(key: object) -> str:
    """A key as text, spelled as YAML writes it (``null: x`` is the key ``null``, not ``None``)."""
    if isinstance(key, str):
        return key
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, (dt.date, dt.datetime)):
        return key.isoformat()
    return str(key)


def _complexity_problem(root: yaml.Node) -> str | None:
    """Refuse alias bombs and cycles: count the values the document expands to, sharing-aware."""
    sizes: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        nid = id(node)
        if done:
            on_stack.discard(nid)
            total = 1
            for child in _children(node):
                total += sizes[id(child)]
            sizes[nid] = total
            if total > MAX_EXPANDED_NODES:
                return (
                    f"front matter expands to more than {MAX_EXPANDED_NODES:,} values through YAML "
                    "aliases (a 'billion laughs' document); refusing to load it"
                )
            continue
        if nid in sizes:
            continue
        if nid in on_stack:
            return "front matter contains a YAML alias that refers to itself; refusing to load it"
        on_stack.add(nid)
        stack.append((node, True))
        for child in _children(node):
            cid = id(child)
            if cid in on_stack:
                return "front matter contains a YAML alias that refers to itself; refusing to load it"
            if cid not in sizes:
                stack.append((child, False))
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _yaml_locations(article: Article, root: yaml.MappingNode, first: int) -> None:
    # Hot path (runs for every key of every article): marks are read inline and nodes compared by
    # exact type, which halves its cost against helper calls per node.
    offset = article.fm_start
    locs = article.locations
    mapping, sequence, scalar = yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode
    stack: list[tuple[str, yaml.Node, int]] = [("", root, 0)]
    while stack:
        prefix, node, depth = stack.pop()
        kind = type(node)
        if kind is mapping:
            seen: dict[str, Pos] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not scalar:
                    continue
                key = key_node.value
                path = f"{prefix}.{key}" if prefix else key
                km = key_node.start_mark
                key_pos = Pos(first + km.line, km.column + 1)
                if key in seen:
                    earlier = seen[key]
                    article.problems.append(
                        Problem(
                            "duplicate-key",
                            f"key '{key}' appears twice (first on line {earlier.line}); "
                            "YAML keeps only the last value",
                            key_pos.line,
                            key_pos.column,
                            field=path,
                        )
                    )
                seen[key] = key_pos
                vm = value_node.start_mark
                locs[path] = FieldLoc(
                    key_pos,
                    Pos(first + vm.line, vm.column + 1),
                    offset + vm.index,
                    offset + value_node.end_mark.index,
                    type(value_node) is scalar and not value_node.style,
                )
                if depth < 3 and type(value_node) is not scalar:
                    stack.append((path, value_node, depth + 1))
        elif kind is sequence:
            for i, item in enumerate(node.value):
                path = f"{prefix}[{i}]"
                im = item.start_mark
                item_pos = Pos(first + im.line, im.column + 1)
                locs[path] = FieldLoc(
                    item_pos,
                    item_pos,
                    offset + im.index,
                    offset + item.end_mark.index,
                    type(item) is scalar and not item.style,
                )
                if depth < 3 and type(item) is not scalar:
                    stack.append((path, item, depth + 1))


def _has_duplicate_keys(root: yaml.Node) -> bool:
    """Whether a mapping that `_yaml_locations` walks repeats a key (cheap: no positions)."""
    mapping, sequence, scalar = yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        kind = type(node)
        if kind is mapping:
            keys = [k.value for k, _ in node.value if type(k) is scalar]
            if len(set(keys)) != len(keys):
                return True
            if depth < 3:
                stack.extend((v, depth + 1) for _, v in node.value if type(v) is not scalar)
        elif kind is sequence and depth < 3:
            stack.extend((v, depth + 1) for v in node.value if type(v) is not scalar)
    return False


def locate(article: Article) -> None:
    """Fill ``article.locations`` for an article read with ``locations=False`` (from the nodes
    the reader kept; parses again only for an article that kept none)."""
    node, article.yaml_node = article.yaml_node, None
    if article.locations or article.format is None or not article.metadata:
        return
    fm_text = article.front_matter_text
    if article.format == "toml":
        from newsdesk.core.read.tomlscan import toml_locations  # as tomllib: TOML articles only

        article.locations.update(toml_locations(fm_text, article.fm_line, article.fm_start))
        return
    if node is None:
        loader = NewsdeskLoader(fm_text)
        try:
            node = loader.get_single_node()
        except (
            yaml.YAMLError,
            ValueError,
            TypeError,
            RecursionError,
        ):  # pragma: no cover - parsed once already
            return
        finally:
            loader.dispose()
    if isinstance(node, yaml.MappingNode):
        problems = list(article.problems)
        _yaml_locations(article, node, article.fm_line)
        article.problems[:] = problems  # duplicate keys were reported by the first parse


# -- TOML ----------------------------------------------------------------------------------


def _parse_toml(article: Article, fm_text: str, locations: bool = True) -> None:
    import tomllib  # only for a TOML article: validate of a YAML one starts without it (six modules)

    first = article.fm_line
    try:
        data = tomllib.loads(fm_text)
    except tomllib.TOMLDecodeError as exc:
        where = toml_error_position(exc)
        line, col = (first + where[0] - 1, where[1]) if where else (first, 1)
        message = toml_error_message(exc)
        if where is not None:
            explained = _toml_date_problem(fm_text, where[0])
            if explained is not None:
                message, col = explained
        article.problems.append(Problem("toml-syntax", message, line, col))
        return
    except RecursionError:
        article.problems.append(Problem("too-complex", "front matter is nested too deeply", first, 1))
        return
    article.metadata = data
    if locations:
        from newsdesk.core.read.tomlscan import toml_locations

        article.locations.update(toml_locations(fm_text, first, article.fm_start))


_TOML_DATE = re.compile(
    r"(?<![\w.:+-])(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?(?![\w:-])"
)
QUOTES = "\"'"
_TOML_KEY = re.compile(r"[ \t]*([A-Za-z0-9_.-]+|\"[^\"\n]*\"|'[^'\n]*')[ \t]*=")


def _toml_date_problem(fm_text: str, line_no: int) -> tuple[str, int] | None:
    """For a TOML error on a line holding an impossible date (``2024-13-01``), why it is
    impossible and the date's column: tomllib only says "Invalid date" or "Expected newline"."""
    lines = fm_text.split("\n")
    if not 1 <= line_no <= len(lines):
        return None
    line = lines[line_no - 1]
    for match in _TOML_DATE.finditer(line):
        year, month, day = (int(g) for g in match.groups()[:3])
        why = impossible_date(year, month, day)
        if why is None and match.group(4) is not None:
            why = impossible_time(int(match.group(4)), int(match.group(5)), int(match.group(6) or 0))
        token = match.group().strip()
        if why is not None:
            why = f"{token}, which is impossible: {why}"
        elif len(match.group(2)) != 2 or len(match.group(3)) != 2:
            why = f"{token}: write it as YYYY-MM-DD ({year:04d}-{month:02d}-{day:02d})"
        else:
            continue
        key = _TOML_KEY.match(line)
        name = f"'{key.group(1).strip(QUOTES)}'" if key and key.end() <= match.start() else "the date"
        return f"{name} is {why}", match.start() + 1
    return None


# -- unreadable files ----------------------------------------------------------------------


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop; skipped"
    if exc.errno == errno.ENOENT:
        return "no such file (a broken symlink, or deleted)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return exc.strerror or str(exc)


def _unreadable(path: Path, reason: str, code: str = "unreadable") -> Article:
    return Article(path, None, {}, "", problems=[Problem(code, reason)], read_only=True)
