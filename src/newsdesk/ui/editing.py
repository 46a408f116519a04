"""Between the reader and edit mode: opening the editor (``e``, ``n``, ``E``), coming back, quitting
with unsaved edits, and journalling them when the app is killed (SIGHUP, SIGTERM).

Kept out of the screens: the main screen's ``e`` / ``E`` / ``n`` and edit mode's own keys ask the
App (`newsdesk.ui.host.NewsdeskHost`), which calls these; so no screen imports this module.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from newsdesk.core.infer.newarticle import archetype_for, initial_metadata, unused_path
from newsdesk.core.model.article import Article
from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.read.reader import load_article, parse_text
from newsdesk.core.write import journal
from newsdesk.core.write.save import render_new

if TYPE_CHECKING:
    from newsdesk.ui.host import NewsdeskHost as NewsdeskApp
    from newsdesk.ui.screens.edit import EditScreen
    from newsdesk.ui.screens.main import MainScreen


def _main(app: NewsdeskApp) -> MainScreen | None:
    """The reader, as this flow drives it (the App's main screen)."""
    return cast("MainScreen | None", app.main_screen)


def rel_path(app: NewsdeskApp, path: Path) -> str:
    root = app.folder if app.folder.is_dir() else app.folder.parent
    try:
        return os.path.relpath(path, root)
    except ValueError:
        return str(path)


def edit_screens(app: NewsdeskApp) -> list[EditScreen]:
    from newsdesk.ui.screens.edit import EditScreen

    return [s for s in app.screen_stack if isinstance(s, EditScreen)]


def open_edit(app: NewsdeskApp, path: Path) -> None:
    """Open ``path`` in edit mode (offering kept edits, if any)."""
    from newsdesk.ui.screens.edit import EditScreen

    article = load_article(path)
    kept, notes = kept_edits(path)
    # The article's own schema: a section's newsdesk.toml (its fields, its roles) where it has one.
    schema = app.schema_for(path)
    screen = EditScreen(article, schema, rel=rel_path(app, path), recovery=kept)
    if notes:
        screen.opening_message = "; ".join(notes)
    app.push_screen(screen)


def kept_edits(path: Path) -> tuple[list[journal.Entry], list[str]]:
    """The journal's entries of ``path`` to offer for restore (their writer is gone), oldest
    first, and what to tell the editor: another app editing it now, damaged entries skipped."""
    try:
        found, damaged = journal.entries_for(path)
    except Exception as exc:  # a broken journal never stops edit mode
        return [], [f"the recovery journal could not be read: {clean_line(str(exc), 80)}"]
    notes: list[str] = []
    live = {e.writer[0] for e in found if e.writer is not None and e.writer_state() == "live"}
    pids = sorted(live.union(journal.open_elsewhere(path)))
    if pids:
        edits = " with unsaved edits" if live else ""
        notes.append(
            f"Also open in another newsdesk (pid {', '.join(map(str, pids))}){edits}: "
            "whoever saves second gets the conflict dialog"
        )
    if damaged:
        notes.append(
            f"a damaged recovery entry was skipped ({clean_line(damaged[0].reason, 60)}): newsdesk recover"
        )
    return [e for e in found if e.has_edits and e.writer_state() != "live"], notes


def new_article(app: NewsdeskApp) -> None:
    """``n``: a new draft in edit mode, written when first saved."""
    from newsdesk.ui.screens.edit import EditScreen, NewDraft

    folder = app.folder if app.folder.is_dir() else app.folder.parent
    today = dt.date.today()
    placeholder = unused_path(folder, "new article", today)
    schema = app.schema_for(placeholder)
    # A Hugo site's archetype for the folder, when it has one; else the schema's defaults.
    archetype, warnings = archetype_for(folder, "", today)
    meta = initial_metadata(schema, "", today, archetype)
    meta.pop(schema.roles.title, None)  # typed in the form
    fmt = archetype.format if archetype is not None else schema.format
    body = archetype.body if archetype is not None and archetype.body.strip() else "\n"
    draft_article = parse_text(render_new(meta, body, fmt), placeholder)
    try:
        entries = journal.list_entries()
    except Exception:  # a broken journal never stops edit mode
        entries = []
    here = Path(os.path.abspath(folder))
    kept = [e for e in entries if e.is_new and e.path.parent == here and e.writer_state() != "live"]
    entry = kept[-1] if len(kept) == 1 else None
    draft = NewDraft(
        folder,
        entry.new_format or fmt if entry else fmt,
        entry.new_id if entry and entry.new_id else journal.new_id(),
    )
    screen = EditScreen(draft_article, schema, rel="(new)", new_draft=draft, recovery=kept)
    if warnings:
        screen.opening_message = "; ".join(warnings)
    app.push_screen(screen)


def pause_reader(app: NewsdeskApp) -> None:
    """While edit mode is up, the reader beneath does not look at the folder.

    Its refresh would repaint it, and Textual passes a repaint of the screen below on to the screen
    on top as a full redraw: kilobytes over SSH every two seconds while the editor types. Edit mode
    watches its own file; the reader catches up when edit mode closes (`back_to_reader`).
    """
    main = _main(app)
    if main is not None:
        main.pause_refresh()


def refresh_main(app: NewsdeskApp, path: Path | None = None) -> None:
    """Let the reader pick up a file just written (list row and article pane; None: look at the
    whole folder). While edit mode is up this waits until it closes."""
    main = _main(app)
    if main is None:
        return
    main.refresh_from_disk(None if path is None else {path})


def back_to_reader(app: NewsdeskApp, path: Path | None) -> None:
    """After leaving edit mode: the reader on the article that was edited."""
    main = _main(app)
    if main is None:
        return
    refresh_main(app, path)
    if not edit_screens(app):
        main.resume_refresh()
    if path is not None and any(e.path == path for e in main.model.entries.values()):
        main.jump_to(path)
        current = main.article_list.current
        if current is not None and current.path == path:
            main.load_article(current)
    elif path is not None:
        main.show_message(f"{clean_line(rel_path(app, path))} will show once the list is refreshed")


def edit_neighbour(app: NewsdeskApp, screen: EditScreen, delta: int) -> None:
    """Edit the next (or previous) article in the reader's list instead."""
    main = _main(app)
    if main is None:
        return
    rows = main.article_list.rows
    paths = [e.path for e in rows]
    here = screen.article.path
    index = paths.index(here) if here in paths else main.article_list.cursor
    new = index + delta
    if not 0 <= new < len(rows):
        screen.show_message("No more articles that way")
        return
    main.article_list.move_to(new)
    screen.mark_leaving()
    app.pop_screen()
    open_edit(app, rows[new].path)


def validation_summary(app: NewsdeskApp, article: Article) -> str:
    """After an external edit: what the checks say now, shortest first (one line at 80 columns)."""
    problems = app.check(article)
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if not problems:
        return "Re-read after the editor: no problems"
    first = next((p for p in problems if p.is_error), problems[0])
    return (
        f"Re-read: {errors} error{'s' if errors != 1 else ''}, {warnings} "
        f"warning{'s' if warnings != 1 else ''} — line {first.line}: {first.message}"
    )


def external_edit(app: NewsdeskApp, path: Path) -> None:
    """``E`` in the reader: the file in $VISUAL / $EDITOR, then re-read and re-check it."""
    from newsdesk.ui.external import run_editor

    error = run_editor(app, path)
    main = _main(app)
    if main is None:
        return
    if error is not None:
        main.show_message(error, "error")
        return
    refresh_main(app, path)
    summary = validation_summary(app, load_article(path))

    def show() -> None:
        if main.refreshing:  # the list is being refreshed: its "changed on disk" note comes first
            main.set_timer(0.1, show)
        else:
            main.show_message(summary, timeout=10)

    show()


def edit_commands(screen: object) -> list[tuple[str, str, Callable[[], object]]]:
    """Command-palette entries (name, help, callback) for edit mode; none on other screens."""
    from newsdesk.ui.screens.edit import EditScreen

    if not isinstance(screen, EditScreen):
        return []
    return [
        ("Save", "Check and save the article (ctrl+s)", screen.action_save),
        (
            "Back to the reader",
            "Leave edit mode; asks when there are unsaved changes (esc)",
            screen.action_leave,
        ),
        ("Edit in $EDITOR", "The file in $VISUAL / $EDITOR (ctrl+o)", screen.action_external),
        ("Next article", "Edit the next article of the list (ctrl+pgdn)", lambda: screen.action_switch(1)),
        ("Previous article", "Edit the previous article (ctrl+pgup)", lambda: screen.action_switch(-1)),
    ]


# -- quitting and being killed -----------------------------------------------------------------


def quit_app(app: NewsdeskApp) -> None:
    """``ctrl+q`` (and ``q`` in the reader): asks first when edits are unsaved."""
    from newsdesk.ui.screens.dialogs import Dialog

    if isinstance(app.screen, Dialog):
        return  # a question is already open
    screens = edit_screens(app)
    if not screens:
        app.exit()
        return
    screen = screens[-1]
    # ctrl+q is a priority binding: let keys typed just before it reach their field first.
    screen.after_pending_keys(lambda: screen.confirm_leave(app.exit))


def journal_all(app: NewsdeskApp) -> None:
    for screen in edit_screens(app):
        screen.write_journal_sync()


def install_signal_handlers(app: NewsdeskApp) -> None:
    """On SIGHUP (a dropped SSH link) and SIGTERM, journal unsaved edits, then exit.

    Textual installs no handler for these, so without this the app dies with the edits in memory.
    """
    if app.is_headless or threading.current_thread() is not threading.main_thread():
        return
    loop = asyncio.get_running_loop()

    def handler(signum: int) -> None:
        journal_all(app)
        # The terminal may be gone: if shutting down hangs on it, leave anyway.
        timer = threading.Timer(3.0, os._exit, (128 + signum,))
        timer.daemon = True
        timer.start()
        app.exit(return_code=128 + signum)

    for sig in (signal.SIGHUP, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, handler, int(sig))
        except (NotImplementedError, RuntimeError, ValueError):
            pass
