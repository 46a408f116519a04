"""Review in the app: the queue, verdict keys with their note prompt, and moving through the queue.

The main screen keeps the queue (the articles in review, oldest request first) up to date
whenever its rows change (`update_queue`); the keys call `start_verdict`, `step_queue`,
`open_queue` and `show_changes`. A verdict is checked before the note is asked for (a move that is
refused says why at once), saved in a thread worker against the version the reviewer read (a file
changed on disk meanwhile is refused, never approved unseen), and then the queue moves on.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from newsdesk.core.folder.index import Entry, summarize
from newsdesk.core.model.article import Article
from newsdesk.core.model.errors import ConflictError, SaveError
from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.read.reader import load_article
from newsdesk.core.review.verdicts import (
    MoveRefused,
    apply_verdict,
    plan_move,
    reviewer_name,
    undo_changes,
)
from newsdesk.core.rules.workflow import COMMAND_OF, REVIEW_FIELD
from newsdesk.ui.messages import CursorMoved
from newsdesk.ui.review_queue import review_status

if TYPE_CHECKING:
    from newsdesk.ui.host import NewsdeskHost as NewsdeskApp
    from newsdesk.ui.screens.main import MainScreen
    from newsdesk.ui.screens.note import NotePrompt

#: What each verdict key is called in prompts and messages.
ACTION_TITLE = {
    "submitted": "Send to review",
    "approved": "Approve",
    "changes-requested": "Request changes",
    "published": "Publish",
}
DONE = {
    "submitted": "sent to review",
    "approved": "approved",
    "changes-requested": "changes requested",
    "published": "published",
}


def _main(app: NewsdeskApp) -> MainScreen | None:
    """The reader, as this flow drives it (the App's main screen)."""
    return cast("MainScreen | None", app.main_screen)


# -- moving through the queue ------------------------------------------------------------------


def _leave_overlays(app: NewsdeskApp) -> MainScreen | None:
    """Close the queue and diff screens; None when something else (edit mode, a dialog) is on top."""
    from newsdesk.ui.screens.diff import DiffScreen
    from newsdesk.ui.screens.main import MainScreen
    from newsdesk.ui.screens.queue import QueueScreen

    while isinstance(app.screen, (QueueScreen, DiffScreen)):
        app.pop_screen()
    return app.screen if isinstance(app.screen, MainScreen) else None


def step_queue(app: NewsdeskApp, delta: int) -> None:
    """``]`` / ``[``: the next / previous article in the queue, from anywhere."""
    main = _main(app)
    if main is None:
        return
    from newsdesk.ui.screens.main import MainScreen

    if not isinstance(app.screen, MainScreen) and _blocked(app):
        return
    queue = main.review_queue
    if not queue:
        app.notify("no articles in review", markup=False)
        return
    current = main.article_list.current
    pos = main.queue_pos.get(current.path) if current is not None else None
    if pos is None:
        target = queue[0] if delta > 0 else queue[-1]
    else:
        index = pos + delta
        if not 0 <= index < len(queue):
            where = "last" if delta > 0 else "first"
            app.notify(f"that is the {where} of {len(queue)} in review", markup=False)
            return
        target = queue[index]
    main = _leave_overlays(app)
    if main is not None:
        go_to(main, target.path)


def _blocked(app: NewsdeskApp) -> bool:
    from newsdesk.ui.screens.diff import DiffScreen
    from newsdesk.ui.screens.queue import QueueScreen

    if isinstance(app.screen, (QueueScreen, DiffScreen)):
        return False
    app.notify("leave this screen first (esc)", markup=False)
    return True


def go_to(main: MainScreen, path: Path) -> None:
    """Put the cursor on ``path``, keeping the focus in the article pane when it was there, and
    the article on screen in the same frame when it was read ahead."""
    reading = main.focused is main.article_view
    main.jump_to(path)
    if reading:
        main.set_focus(main.article_view)
    current = main.article_list.current
    if current is not None and current.path == path:
        main.load_article(current)  # read ahead: shown now; else read in a worker as usual


def open_queue(app: NewsdeskApp) -> None:
    """``R``: the review queue."""
    from newsdesk.ui.screens.main import MainScreen
    from newsdesk.ui.screens.queue import QueueScreen

    if isinstance(app.screen, QueueScreen):
        return
    if not isinstance(app.screen, MainScreen) and _blocked(app):
        return
    main = _leave_overlays(app)
    if review_status(app.schema) is None and (main is None or not main.review_queue):
        app.notify(
            "this site's workflow has no review status (see [workflow] in newsdesk.toml)", markup=False
        )
        return
    app.push_screen(QueueScreen())


# -- verdicts ----------------------------------------------------------------------------------


def unsaved_edits(app: NewsdeskApp, path: Path) -> str | None:
    """Why a verdict must wait for edit mode (None: no unsaved edits for ``path``): an edit screen
    on it with changes not saved, or edits kept in the journal (after a crash or a dropped link)."""
    from newsdesk.core.write import journal
    from newsdesk.ui.editing import edit_screens

    for screen in edit_screens(app):
        if _same_file(screen.article.path, path) and screen.is_dirty():
            return "edit mode has unsaved changes for this article: save or discard them first"
    try:
        kept = journal.entry_for(path)
    except Exception:  # an unreadable journal never blocks a verdict
        kept = None
    if kept is not None:
        return "unsaved edits are kept for this article: open it with e to save or discard them first"
    return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a == b or a.resolve() == b.resolve()
    except OSError:
        return a == b


def _reviewer(app: NewsdeskApp) -> str:
    """The reviewer's name, looked up once (may ask git: call from a worker)."""
    name = app.reviewer
    if not name:
        folder = app.folder if app.folder.is_dir() else app.folder.parent
        name = app.reviewer = reviewer_name(folder)
    return str(name)


def _article_for(main: MainScreen, entry: Entry) -> Article:
    """The version of the article the reviewer is looking at (read again if none is shown)."""
    shown = main.article_view.shown
    if shown is not None and shown.path == entry.path and shown.article.fingerprint is not None:
        return shown.article
    return load_article(entry.path)


def start_verdict(main: MainScreen, verdict: str) -> None:
    """A verdict key: check the move, ask for the note, then give the verdict."""
    entry = main.article_list.current
    action = COMMAND_OF[verdict].replace("-", " ")
    if entry is None:
        main.show_message(f"no article to {action}", "warning")
        return
    why = unsaved_edits(main.nd_app, entry.path)
    if why:
        main.show_message(f"cannot {action}: {why}", "error")
        return
    main.run_worker(
        lambda: _check(main, entry, verdict),
        thread=True,
        group="verdict",
        exclusive=True,
        exit_on_error=False,
    )


def _check(main: MainScreen, entry: Entry, verdict: str) -> None:
    """(worker) Refuse now what would be refused anyway; else open the note prompt."""
    app = main.nd_app
    schema = app.schema_for(entry.path)  # its section's workflow
    try:
        article = _article_for(main, entry)
        reviewer = _reviewer(app)
        status = schema.roles.status_of(article.metadata)
        target = schema.workflow.target(verdict)
        forced = (status, target) in schema.workflow.forced
        plan_move(article, schema, verdict, reviewer, "(note)", force=forced)
    except MoveRefused as exc:
        main.from_worker(main.show_message, str(exc), "error", 8)
        return
    except Exception as exc:  # an unreadable file: say so, never crash
        main.from_worker(main.show_message, f"cannot {COMMAND_OF[verdict]}: {exc}", "error", 8)
        return
    main.from_worker(_ask, main, entry, article, verdict, reviewer, forced, status, target)


def _ask(
    main: MainScreen,
    entry: Entry,
    article: Article,
    verdict: str,
    reviewer: str,
    forced: bool,
    status: str | None,
    target: str | None,
) -> None:
    from newsdesk.ui.screens.note import NotePrompt

    title = clean_line(main.nd_app.roles_for(entry.path).title_of(article.metadata) or entry.rel, 60)
    heading = f"{ACTION_TITLE[verdict]} “{title}” ({status} → {target}) as {reviewer}"
    if forced:
        heading = (
            f"{ACTION_TITLE[verdict]} “{title}”: {status} → {target} is a forced move; enter confirms it"
        )
    label = {"approved": "approve", "changes-requested": "send back", "published": "publish"}.get(
        verdict, "submit"
    )

    def cancelled(note: str | None) -> None:
        if note is None:
            main.show_message("cancelled: nothing was written")

    def submit(note: str) -> None:
        # The prompt stays (saying "saving…") until the save is done: the list, the queue and
        # the next article then replace it in one frame.
        main.run_worker(
            lambda: _give(main, prompt, entry, article, verdict, reviewer, note, forced),
            thread=True,
            group="verdict",
            exclusive=True,
            exit_on_error=False,
        )

    prompt = NotePrompt(heading, required=verdict == "changes-requested", action=label, on_submit=submit)
    main.app.push_screen(prompt, cancelled)
    _read_ahead(main, entry)


def _read_ahead(main: MainScreen, entry: Entry) -> None:
    """While the note is typed, read and lay out the article that comes next in the queue, so that
    it is on screen as soon as the verdict is saved."""
    nxt = next_in_queue(main, entry)
    if nxt is None:
        return
    view = main.article_view
    width, dark, raw = view.body_width, main.app.current_theme.dark, view.raw
    if width > 0:
        main.prefetch(nxt, width, dark, raw)


def next_in_queue(main: MainScreen, entry: Entry) -> Entry | None:
    """The article after ``entry`` in the queue (wrapping to the start), None if there is none."""
    queue = main.review_queue
    pos = main.queue_pos.get(entry.path)
    candidates = queue[pos + 1 :] + queue[:pos] if pos is not None else list(queue)
    return next((e for e in candidates if e.path != entry.path), None)


def _give(
    main: MainScreen,
    prompt: NotePrompt,
    entry: Entry,
    article: Article,
    verdict: str,
    reviewer: str,
    note: str,
    forced: bool,
) -> None:
    """(worker) Save the verdict; then put the next article of the queue on screen."""
    app = main.nd_app
    why = None
    saved: Article | None = None
    try:
        saved = apply_verdict(article, app.schema_for(entry.path), verdict, reviewer, note, force=forced)
    except ConflictError:
        why = (
            "the file changed on disk since you opened it: nothing was written; "
            "read it again (it is reloaded) and give your verdict then"
        )
    except (MoveRefused, SaveError) as exc:
        why = f"{exc}; nothing was written"
    except Exception as exc:
        why = f"cannot {COMMAND_OF[verdict]}: {exc}; nothing was written"
    if saved is not None and why is None:
        main.last_verdict = (article, saved, verdict)  # ctrl+z takes it back (`undo_verdict`)
    if saved is not None and not saved.read_only:
        # The article as written: no need to read the file again for the list.
        fresh = summarize(saved, main.index.root, app.check(saved), main.index.schema_for(entry.path))
    else:
        fresh = main.index.load_entry(entry.path)
    main.index.entries[entry.path] = fresh
    main.from_worker(_after, main, prompt, entry, fresh, verdict, why)


def _after(
    main: MainScreen, prompt: NotePrompt, entry: Entry, fresh: Entry, verdict: str, why: str | None
) -> None:
    """The verdict is saved: the list, the queue and the article catch up, and, when the article
    was in the queue, the queue moves on to the next one (publishing an approved article or
    submitting a draft stays on it)."""
    with main.app.batch_update():
        if prompt.is_attached:
            prompt.dismiss("")
        was_queued = entry.path in main.queue_pos
        nxt = next_in_queue(main, entry) if was_queued else None
        if not _patch_row(main, fresh):
            main.apply_rows()
        if why is not None:
            main.show_message(why, "error", 10)
            return
        title = clean_line(fresh.title or fresh.rel, 30)
        done = f"{DONE[verdict]}: {title}"
        if nxt is not None and nxt.path not in main.queue_pos:
            nxt = next_in_queue(main, entry)
        if not was_queued or nxt is None:
            left = len(main.review_queue)
            more = f"; {left} in review" if left else "; the review queue is empty"
            main.show_message(done + more)
            return
        go_to(main, nxt.path)
        label = main.queue_label(main.article_list.current) or ""
        main.show_message(f"{done}; next: {label}")


# -- taking the last verdict back (ctrl+z) ------------------------------------------------------


def undo_verdict(main: MainScreen) -> None:
    """``ctrl+z``: take back the last verdict given in this session, as a new save that restores
    the status and removes the entry it appended; refused when the file changed since."""
    last = main.last_verdict
    if last is None:
        main.show_message("nothing to undo: no verdict was given in this session", "warning")
        return
    before, saved, verdict = last
    why = unsaved_edits(main.nd_app, saved.path)
    if why:
        main.show_message(f"cannot undo: {why}", "error")
        return
    main.run_worker(
        lambda: _take_back(main, before, saved, verdict),
        thread=True,
        group="verdict",
        exclusive=True,
        exit_on_error=False,
    )


def _take_back(main: MainScreen, before: Article, saved: Article, verdict: str) -> None:
    """(worker) The undo, through the one save with its conflict check."""
    from newsdesk.core.write.save import render, write_text

    app = main.nd_app
    schema = app.schema_for(saved.path)
    why = None
    restored: Article | None = None
    try:
        changes = undo_changes(before.metadata, saved.metadata, schema)
        order = list(schema.fields)
        if REVIEW_FIELD not in order:
            order.append(REVIEW_FIELD)
        restored = write_text(
            saved, render(saved, changes, order=order), follow_symlinks=schema.follow_symlinks
        )
    except ConflictError:
        why = "cannot undo: the file changed on disk since the verdict was saved; nothing was written"
    except (MoveRefused, SaveError) as exc:
        why = f"cannot undo: {exc}; nothing was written"
    except Exception as exc:
        why = f"cannot undo: {exc}; nothing was written"
    if restored is not None and not restored.read_only:
        fresh = summarize(restored, main.index.root, app.check(restored), main.index.schema_for(saved.path))
    else:
        fresh = main.index.load_entry(saved.path)
    main.index.entries[saved.path] = fresh
    main.from_worker(_after_undo, main, fresh, verdict, why)


def _after_undo(main: MainScreen, fresh: Entry, verdict: str, why: str | None) -> None:
    if not _patch_row(main, fresh):
        main.apply_rows()
    if why is not None:
        main.show_message(why, "error", 10)
        return
    main.last_verdict = None
    title = clean_line(fresh.title or fresh.rel, 30)
    main.show_message(f"undone: {DONE[verdict]}: {title} is {fresh.status or 'as it was'} again")


def _patch_row(main: MainScreen, fresh: Entry) -> bool:
    """Put ``fresh`` in its row without re-listing the folder (10,000 rows are sorted again only
    when the change moves or hides the row). False: the caller re-lists."""
    index = main.model.replace(fresh)
    if index is None:
        return False
    lst = main.article_list
    lst.refresh_line(index)  # the problem mark is one fixed cell: no other row moves
    main.update_queue()
    main.update_header()
    if index == lst.cursor:
        lst.post_message(CursorMoved(fresh, by_user=False))
    return True


# -- what changed since the last verdict -------------------------------------------------------


def show_changes(app: NewsdeskApp) -> None:
    """``d``: the diff since the article's last verdict.

    git runs in a worker; the diff screen opens with the result (one frame), or after
    `DIFF_PATIENCE` seconds saying it is reading the history, when git is slow.
    """
    main = _main(app)
    if main is None:
        return
    entry = main.article_list.current
    if entry is None:
        main.show_message("no article", "warning")
        return
    from newsdesk.core.review.since import changes_since_last_verdict
    from newsdesk.ui.screens.diff import DiffScreen

    screen = DiffScreen(entry.path, entry.rel, clean_line(entry.title or entry.rel), load=False)
    state = {"pushed": False, "done": False}

    def push() -> None:
        if not state["pushed"] and isinstance(app.screen, type(main)):
            state["pushed"] = True
            app.push_screen(screen)

    def ready(changes: object) -> None:
        state["done"] = True
        screen.changes_ready(changes)  # type: ignore[arg-type]
        push()

    def work() -> None:
        changes = changes_since_last_verdict(entry.path)
        main.from_worker(ready, changes)

    main.set_timer(DIFF_PATIENCE, lambda: None if state["done"] else push())
    main.run_worker(work, thread=True, group="diff", exclusive=True, exit_on_error=False)


#: How long ``d`` waits for git before it opens the diff screen saying it is reading.
DIFF_PATIENCE = 0.15


# -- committing the article (git) --------------------------------------------------------------

#: The verb a commit message starts with, from the article's last verdict.
COMMIT_VERB = {
    "approved": "approve",
    "changes-requested": "request changes",
    "published": "publish",
    "submitted": "submit",
}


def commit_current(app: NewsdeskApp) -> None:
    """``C``: commit the highlighted article's saved change, with a message the user types
    (prefilled ``approve: <title>``, or the last verdict's verb). git runs in a worker; a hook
    that refuses shows its output. Nothing is pushed."""
    main = _main(app)
    if main is None:
        return
    entry = main.article_list.current
    if entry is None:
        main.show_message("no article to commit", "warning")
        return
    marks = main.git_marks
    if marks is None:
        main.show_message("cannot commit: not in a git work tree (or git is not installed)", "warning")
        return
    if entry.path not in marks:
        main.show_message(f"nothing to commit: {clean_line(entry.rel)} is as git has it", "warning")
        return
    why = unsaved_edits(app, entry.path)
    if why:
        main.show_message(f"cannot commit: {why}", "error")
        return
    from newsdesk.ui.screens.commit import CommitPrompt

    verb = COMMIT_VERB.get(entry.last_verdict or "", "approve")
    title = clean_line(entry.title) or clean_line(entry.rel)

    def done(committed: object) -> None:
        from textual.content import Content

        from newsdesk.core.model.textsafe import clean
        from newsdesk.core.review.git import Committed
        from newsdesk.ui.screens.dialogs import DiffScreen

        assert isinstance(committed, Committed)
        main.git_refresh()
        if committed.ok:
            main.show_message(f"Committed {clean_line(entry.rel)}: {committed.message}", timeout=8)
            return
        main.show_message(f"Not committed: {committed.message}", "error", timeout=0)
        if committed.output:
            app.push_screen(DiffScreen("Not committed: what git said", Content(clean(committed.output))))

    def chosen(message: str | None) -> None:
        if message is None:
            main.show_message("not committed")
            return
        main.show_message(f"committing {clean_line(entry.rel)}…", timeout=0)

        def work() -> None:
            from newsdesk.core.review.git import commit

            main.from_worker(done, commit(entry.path, message))

        main.run_worker(work, thread=True, group="commit", exclusive=True, exit_on_error=False)

    app.push_screen(CommitPrompt(f"Commit {clean_line(entry.rel)} (git)", f"{verb}: {title}"), chosen)
