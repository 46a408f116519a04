"""``newsdesk init [FOLDER] [--detect] [--dry-run] [--force]``: write ``newsdesk.toml``.

Without ``--detect`` the built-in schema is written out for you to adapt; with it, the schema is
inferred from the articles under FOLDER (`newsdesk.core.infer.detect`), one ``newsdesk.toml`` per
section when sub-folders hold different kinds of content. An existing ``newsdesk.toml`` is never
overwritten unless ``--force`` is given, and then only after the difference has been shown.
Exit codes: 0 written (or printed), 1 refused or nothing to infer from, 2 usage (no such folder).
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
from pathlib import Path
from typing import TextIO

import tomli_w

from newsdesk.core.rules.schema import DEFAULT_SCHEMA, SCHEMA_FILENAME

HEADER = """\
# newsdesk schema: what a valid article is. Every setting: docs/schema.md in newsdesk's repository.
# field types: string | text | date | datetime | integer | boolean | url | enum | list | object
# required: true, or a status from which on the field is required (e.g. "review").

"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", nargs="?", default=".", help="where to write newsdesk.toml (default: .)")
    parser.add_argument(
        "--detect",
        action="store_true",
        help="infer the schema from the articles under FOLDER (one newsdesk.toml per section)",
    )
    parser.add_argument(
        "-n", "--dry-run", action="store_true", help="print the schema(s) instead of writing them"
    )
    parser.add_argument(
        "--force", action="store_true", help="replace an existing newsdesk.toml, after showing the difference"
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="with --detect: worker processes for large sets (default: one per core; 1: no workers)",
    )
    from newsdesk.cli.common import add_follow_symlinks

    add_follow_symlinks(parser)


def run(args: argparse.Namespace) -> int:
    from newsdesk.cli.errors import UsageError

    folder = Path(args.folder)
    _check_reachable(folder)
    if not folder.is_dir():
        from newsdesk.core.model.textsafe import escape_path

        what = "not a folder" if os.path.lexists(folder) else "no such folder"
        raise UsageError(f"{what}: {escape_path(args.folder)}")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.detect:
        return _detect(folder, args)
    target = folder / SCHEMA_FILENAME
    schema = copy.deepcopy(DEFAULT_SCHEMA)
    schema["articles"]["folder"] = "articles" if (folder / "articles").is_dir() else "."
    from newsdesk.core.rules.workflow import DEFAULT_WORKFLOW_TOML

    text = HEADER + tomli_w.dumps(schema) + "\n" + DEFAULT_WORKFLOW_TOML
    return _write(
        [(target, text)],
        dry_run=args.dry_run,
        force=args.force,
        out=sys.stdout,
        follow_symlinks=args.follow_symlinks,
    )


def _check_reachable(folder: Path) -> None:
    """A folder that cannot even be looked at is a usage error, never a traceback."""
    from newsdesk.cli.errors import UsageError

    try:
        os.stat(folder)
    except FileNotFoundError:
        pass  # reported as "not a folder" by the caller
    except OSError as exc:
        raise UsageError(f"cannot open {_show(folder)}: {exc.strerror or exc}") from None


def _show(path: Path | str) -> str:
    from newsdesk.core.model.textsafe import clean_line

    return clean_line(str(path))


def _write(
    targets: list[tuple[Path, str]], *, dry_run: bool, force: bool, out: TextIO, follow_symlinks: bool = False
) -> int:
    """Print (``dry_run``) or write each schema; existing files only with ``force``, diff first."""
    from newsdesk.cli.errors import CommandError
    from newsdesk.core.model.errors import SaveError
    from newsdesk.core.write.disk import atomic_write, check_inside, create_file

    if dry_run:
        for path, text in targets:
            if len(targets) > 1:
                print(f"# ==> {_show(path)} <==", file=sys.stdout)
            sys.stdout.write(text)
            if len(targets) > 1:
                print(file=sys.stdout)
        return 0
    existing = [path for path, _ in targets if os.path.lexists(path)]
    if existing and not force:
        names = ", ".join(_show(p) for p in existing[:3]) + (", ..." if len(existing) > 3 else "")
        what = (
            f"{names} already exists"
            if len(existing) == 1
            else f"{len(existing)} files already exist: {names}"
        )
        raise CommandError(
            f"{what}; not overwriting (--force replaces after showing the difference, --dry-run prints)"
        )
    for path, text in targets:
        try:
            check_inside(path, follow_symlinks=follow_symlinks)  # before reading through a link
            if os.path.lexists(path):
                old = _read_old(path)
                if old == text:
                    print(f"{_show(path)} is unchanged", file=out)
                    continue
                _print_diff(path, old, text, out)
                atomic_write(path, text.encode("utf-8"), follow_symlinks=follow_symlinks)
                print(f"replaced {_show(path)}", file=out)
            else:
                create_file(path, text.encode("utf-8"), follow_symlinks=follow_symlinks)
                print(f"wrote {_show(path)}", file=out)
        except SaveError as exc:
            raise CommandError(str(exc)) from None
    return 0


def _read_old(path: Path) -> str:
    from newsdesk.cli.errors import CommandError

    try:
        return path.read_bytes().decode("utf-8", "replace")
    except OSError as exc:
        raise CommandError(f"cannot read {_show(path)}: {exc.strerror or exc}") from None


def _print_diff(path: Path, old: str, new: str, out: TextIO) -> None:
    import difflib

    from newsdesk.core.model.textsafe import clean

    name = str(path)
    diff = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"{name} (now)", f"{name} (new)"
    )
    for line in diff:
        out.write(clean(line if line.endswith("\n") else line + "\n"))


# -- --detect ------------------------------------------------------------------------------


def _detect(folder: Path, args: argparse.Namespace) -> int:
    from newsdesk.cli.errors import CommandError
    from newsdesk.core.infer.detect import detect

    detection = detect(folder, jobs=args.jobs)
    # With --dry-run the schemas go to stdout (redirect them to a file), the report to stderr.
    out = sys.stderr if args.dry_run else sys.stdout
    if detection.files == 0:
        raise CommandError(f"no articles (*.md, *.markdown) under {_show(folder)}: nothing to infer from")
    _report(detection, out)
    if not detection.sections:
        raise CommandError(f"none of the {detection.files:,} articles could be read: fix them first")
    targets = [(section.target, section.text) for section in detection.sections]
    code = _write(
        targets, dry_run=args.dry_run, force=args.force, out=out, follow_symlinks=args.follow_symlinks
    )
    outliers = detection.outliers
    if outliers:
        print(
            f"{len(outliers):,} thing{'s' if len(outliers) != 1 else ''} to fix in "
            f"{len({o.path for o in outliers}):,} file(s), listed above: `newsdesk validate` reports them",
            file=out,
        )
    out.flush()
    return code


def _report(detection: object, out: TextIO) -> None:
    from newsdesk.core.infer.detect import Detection

    assert isinstance(detection, Detection)
    root = detection.root
    print(
        f"read {detection.files:,} article{'s' if detection.files != 1 else ''} under {_show(root)}", file=out
    )
    if detection.split:
        print(
            f"sub-folders hold different kinds of content: one {SCHEMA_FILENAME} per section "
            "(the nearest one applies to each article)",
            file=out,
        )
    for section in detection.sections:
        pages = len(section.list_pages)
        extra = f" (+{pages} section page{'s' if pages != 1 else ''})" if pages else ""
        print(
            f"  {_show(section.target)}: from {section.files - pages:,} article"
            f"{'s' if section.files - pages != 1 else ''}{extra}; {section.field_count} field"
            f"{'s' if section.field_count != 1 else ''}, {section.required} required",
            file=out,
        )
        if section.roles:
            roles = ", ".join(f"{role} = {_show(name)}" for role, name in section.roles.items())
            print(f"    roles: {roles}", file=out)
        for line in section.left_out:
            print(f"    left out: {_show(line)}", file=out)
    for path in detection.existing:
        print(
            f"  note: {_show(path)} already exists below and still applies to the articles under it",
            file=out,
        )
    outliers = detection.outliers
    if outliers:
        print("to fix (outliers, not absorbed into the schema):", file=out)
        for outlier in outliers:
            try:
                shown = outlier.path.relative_to(root)
            except ValueError:
                shown = outlier.path
            where = f"{_show(outlier.field)}: " if outlier.field else ""
            print(f"  {_show(shown)}: {where}{_show(outlier.message)}", file=out)
