"""``newsdesk validate [PATHS...] [--format text|json|github] [--strict] [--no-color]``.

Checks articles against the schema (each file against the ``newsdesk.toml`` nearest to it) and
prints one line per diagnostic. Exit 0: no errors (warnings allowed unless ``--strict``); 1: errors;
2: usage or configuration error. Output is deterministic: files in sorted order, diagnostics by
position. Pygments is imported only to colour source snippets on a terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from newsdesk.core.check.batch import FileResult, ValidationReport, validate_paths
from newsdesk.core.model.problems import Problem
from newsdesk.core.model.textsafe import clean_line, escape_path
from newsdesk.core.rules.schema import SchemaError

FORMATS = ("text", "json", "github")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="article files or folders (folders are searched for *.md and *.markdown); "
        "default: the configured articles folder",
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    parser.add_argument("--no-color", action="store_true", help="no colours (also: the NO_COLOR variable)")
    parser.add_argument(
        "--no-people",
        action="store_true",
        help="skip the people checks (name-variant, role-changed, speaker-not-attending), which need the whole folder",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="worker processes for large sets (default: one per core; 1: no workers)",
    )


def run(args: argparse.Namespace) -> int:
    from newsdesk.cli.errors import UsageError

    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.paths:
        paths = [Path(p) for p in args.paths]
    else:  # only then the folder's settings: `validate ONE.md` does not import them
        from newsdesk.cli.common import default_folder, relative_to_cwd

        paths = [relative_to_cwd(default_folder())]
    for path in paths:
        try:
            os.lstat(path)  # a broken symlink or a symlink loop is checked (and reported) like a file
        except OSError:
            raise UsageError(f"no such file or folder: {_display(path)}") from None
    import gc

    # validate_paths runs without the cyclic garbage collector (it makes no such garbage) and
    # turns it on again after; this process ends soon after: turned on, its first pass would walk
    # everything read (a tenth of a second on 10,000 articles) for nothing.
    gc.disable()
    try:
        report = validate_paths(paths, jobs=args.jobs, on_many=_tell_many, people=not args.no_people)
    except SchemaError as exc:
        raise UsageError(str(exc)) from None
    _tell_skipped(report, paths)

    out = sys.stdout
    if args.format == "json":
        _print_json(report, out)
    elif args.format == "github":
        _print_github(report, out)
        print(_summary(report), file=sys.stderr)
    else:
        tty = out.isatty()
        color = tty and not args.no_color and not os.environ.get("NO_COLOR")
        _print_text(report, out, snippets=tty, color=color)
    out.flush()
    if args.format != "json":
        _tell_built_in(report, paths)
    return 1 if report.failed(strict=args.strict) else 0


def _tell_built_in(report: ValidationReport, paths: list[Path]) -> None:
    """Errors in files no newsdesk.toml governs come from the built-in schema (made for the
    bundled sample reports): a site nobody here wrote fails its required fields on every
    article until it has a schema of its own; say how to get one (on stderr)."""
    if not report.built_in or not report.errors:
        return
    where = _display(paths[0]) if len(paths) == 1 and paths[0].is_dir() else "FOLDER"
    if report.built_in == report.files_checked:
        files = "this file: it was" if report.built_in == 1 else "these files: they were"
    else:
        files = f"{_count(report.built_in, 'file')} of these: they were"
    print(
        f"newsdesk: no newsdesk.toml governs {files} checked against the built-in "
        f"schema (fields of newsdesk's sample reports). `newsdesk init --detect {where}` writes "
        "one that fits the site's own articles",
        file=sys.stderr,
    )


def _tell_many(root: Path, count: int) -> None:
    from newsdesk.core.folder import walk

    print(
        f"newsdesk: warning: {_display(root)} holds more than {walk.MANY_FILES:,} files; still looking "
        "(is it the right folder?)",
        file=sys.stderr,
        flush=True,
    )


def _tell_skipped(report: ValidationReport, paths: list[Path]) -> None:
    """Say on stderr when nothing was checked, or files were skipped as not articles."""
    skipped = len(report.skipped)
    outside = f"{_count(skipped, 'file')} outside the articles folder set in newsdesk.toml"
    if report.excluded:
        excluded = len(report.excluded)
        outside = f"{_count(excluded, 'file')} newsdesk.toml excludes (not articles)" + (
            f" and {_count(skipped - excluded, 'file')} outside its articles folder"
            if skipped > excluded
            else ""
        )
    if report.files:
        if skipped:
            print(f"newsdesk: skipped {outside}", file=sys.stderr)
    elif skipped:
        print(f"newsdesk: no articles to check: skipped {outside}", file=sys.stderr)
    else:
        where = ", ".join(_display(p) for p in paths)
        print(f"newsdesk: no articles found under {where}", file=sys.stderr)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _summary(report: ValidationReport) -> str:
    return (
        f"{_count(report.files_checked, 'file')} checked, {_count(report.errors, 'error')}, "
        f"{_count(report.warnings, 'warning')}"
    )


def _display(path: Path) -> str:
    return escape_path(path)


# -- json ----------------------------------------------------------------------------------


def _print_json(report: ValidationReport, out: TextIO) -> None:
    import json

    data = {
        "version": 1,
        "files_checked": report.files_checked,
        "errors": report.errors,
        "warnings": report.warnings,
        "skipped": [_display(p) for p in report.skipped],
        "diagnostics": [
            {
                "path": _display(path),
                "line": p.line,
                "column": p.column,
                "severity": p.severity,
                "code": p.code,
                "field": p.field,
                "message": p.message,
            }
            for path, p in report.diagnostics()
        ],
    }
    # Paths are escaped (no lone surrogates from undecodable names); messages are cleaned text.
    out.write(json.dumps(data, indent=2, ensure_ascii=True) + "\n")


# -- github --------------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _print_github(report: ValidationReport, out: TextIO) -> None:
    for path, p in report.diagnostics():
        out.write(
            f"::{p.severity} file={_escape_property(_display(path))},line={p.line},col={p.column},"
            f"title={_escape_property(p.code)}::{_escape_data(clean_line(p.message))}\n"
        )


# -- text ----------------------------------------------------------------------------------

_RESET, _BOLD, _RED, _YELLOW, _BLUE, _DIM = (
    "\x1b[0m",
    "\x1b[1m",
    "\x1b[31m",
    "\x1b[33m",
    "\x1b[34m",
    "\x1b[2m",
)


def _print_text(report: ValidationReport, out: TextIO, *, snippets: bool, color: bool) -> None:
    for result in report.files:
        if not result.problems:
            continue
        source = _Source(result, color) if snippets else None
        shown = _display(result.path)  # once per file, not per problem
        if source is None:  # a pipe, a CI log: one write per file
            out.write("".join([_headline(shown, p, color) + "\n" for p in result.problems]))
            continue
        for p in result.problems:
            out.write(_headline(shown, p, color) + "\n")
            if source is not None:
                out.write(source.snippet(p))
    summary = _summary(report)
    if color:
        tone = _RED if report.errors else (_YELLOW if report.warnings else "")
        summary = f"{_BOLD}{tone}{summary}{_RESET}"
    out.write(summary + "\n")


def _headline(shown: str, p: Problem, color: bool) -> str:
    """One problem's first line; ``shown``: its file's path as printed (`_display`)."""
    where = f"{shown}:{p.line}:{p.column}:"
    label = f"{p.severity}[{p.code}]"
    message = clean_line(p.message)
    if not color:
        return f"{where} {label} {message}"
    tone = _RED if p.is_error else _YELLOW
    return f"{_BOLD}{where}{_RESET} {_BOLD}{tone}{label}{_RESET} {message}"


class _Source:
    """The lines of one file, for compiler-style snippets (read again, only on a terminal)."""

    MAX_BYTES = 1 << 20

    def __init__(self, result: FileResult, color: bool) -> None:
        self.color = color
        self.format = result.format
        self.lines: list[str] = []
        self.highlighted: list[str] | None = None
        if any(p.code in ("not-a-file", "unreadable") for p in result.problems):
            return
        try:
            fd = os.open(result.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(fd, "rb") as fh:
                raw = fh.read(self.MAX_BYTES)
        except OSError:
            return
        if b"\x00" in raw[:8192]:
            return
        text = raw.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
        self.lines = [clean_line(line) for line in text.splitlines()]

    def _highlight(self) -> list[str]:
        if self.highlighted is None:
            self.highlighted = list(self.lines)
            if self.color and self.format is not None:
                self.highlighted = _pygmentize(self.lines, self.format)
        return self.highlighted

    def snippet(self, p: Problem) -> str:
        index = p.line - 1
        if not 0 <= index < len(self.lines) or not self.lines[index].strip():
            return ""
        lines = self._highlight()
        number = str(p.line)
        gutter = " " * len(number)
        caret_at = _width(self.lines[index][: p.column - 1])
        tone = _RED if p.is_error else _YELLOW
        if self.color:
            bar = f"{_BLUE}|{_RESET}"
            return (
                f" {_BLUE}{number}{_RESET} {bar} {lines[index]}\n"
                f" {gutter} {bar} {' ' * caret_at}{_BOLD}{tone}^{_RESET}\n"
            )
        return f" {number} | {self.lines[index]}\n {gutter} | {' ' * caret_at}^\n"


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pygmentize(lines: list[str], fmt: str) -> list[str]:
    """Highlight the front matter (Pygments, imported only here); body lines stay plain."""
    try:
        from pygments import highlight
        from pygments.formatters import TerminalFormatter
        from pygments.lexers import TOMLLexer, YamlLexer
    except ImportError:  # pragma: no cover - pygments is a dependency
        return lines
    fence = "+++" if fmt == "toml" else "---"
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (fence, "...")), len(lines) - 1)
    lexer = TOMLLexer() if fmt == "toml" else YamlLexer()
    block = "\n".join(lines[1:end]) + "\n"
    try:
        coloured = highlight(block, lexer, TerminalFormatter()).split("\n")
    except Exception:  # pragma: no cover - a lexer bug must not break validation
        return lines
    if len(coloured) < end - 1:
        return lines
    return [lines[0], *coloured[: end - 1], *lines[end:]]
