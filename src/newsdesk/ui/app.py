"""The newsdesk App: a thin composition root.

``NewsdeskApp(folder)`` is what ``newsdesk [FOLDER]`` runs and what tests instantiate directly.
Screens live in `newsdesk.ui.screens`, widgets in `newsdesk.ui.widgets`, all styles in
``newsdesk.tcss``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.content import Content
from textual.driver import Driver
from textual.filter import LineFilter, Monochrome, NoColor
from textual.notifications import SeverityLevel
from textual.screen import Screen

from newsdesk.core.folder.index import FolderIndex, cache_file_for, cache_tag, schema_checker
from newsdesk.core.folder.scanpool import ScanPool
from newsdesk.core.model.article import Article
from newsdesk.core.model.problems import Problem
from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.rules.roles import Roles
from newsdesk.core.rules.schema import Schema, SchemaError, SchemaLookup, default_schema, schema_for
from newsdesk.ui.commands import ArticleProvider, newsdesk_commands
from newsdesk.ui.config import cache_dir, load_config, save_config
from newsdesk.ui.host import NewsdeskHost
from newsdesk.ui.mono import NoColour, wants_no_colour
from newsdesk.ui.output import compact_driver
from newsdesk.ui.screens.main import MainScreen

#: The terminal's own colours: looks native over SSH and costs the fewest bytes per frame.
DEFAULT_THEME = "ansi-dark"


class NewsdeskApp(NewsdeskHost):
    """Browse a folder of newsroom articles (the screens' `NewsdeskHost`)."""

    TITLE = "newsdesk"
    CSS_PATH = Path(__file__).parent / "newsdesk.tcss"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = App.COMMANDS | {ArticleProvider}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+l", "redraw", "Redraw", show=False),
        # Review: the queue, and the next / previous article in it, from every screen.
        Binding("R", "review_queue", "Review queue", show=False),
        Binding("right_square_bracket", "queue_step(1)", "Next in review", show=False),
        Binding("left_square_bracket", "queue_step(-1)", "Previous in review", show=False),
    ]

    def __init__(
        self,
        folder: Path,
        *,
        schema: Schema | None = None,
        config_dir: Path | None = None,
        poll_interval: float = 2.0,
        settle: float = 0.01,
        debounce: float = 0.1,
        checker: Callable[[Article], list[Problem]] | None = None,
        cache_dir: Path | None = None,
        scan_pool: ScanPool | None = None,
        start: str | None = None,
    ) -> None:
        """
        Args:
            folder: the articles folder (or one file).
            schema: the schema to check against (default: the nearest ``newsdesk.toml``).
            config_dir: where the user config lives (default: XDG config dir).
            poll_interval: 0: do not follow the folder. Otherwise changes are followed by
                file-system notifications (`newsdesk.ui.watch`); this is then how often a gone
                folder is looked for, and the interval of the polling fallback.
            settle: delay before showing the article after a move from rest (keys closer
                together than this are coalesced; the article is read meanwhile).
            debounce: while keys repeat, the article waits until the cursor rests this long.
            checker: an article's problems (default: `validate_article` against ``schema``).
            cache_dir: where the folder index is remembered between runs (default: XDG cache
                dir; ignored with a custom ``checker``, whose results the cache cannot vouch for).
            scan_pool: worker processes that read the folder (`newsdesk.core.folder.scanpool`), started
                for ``folder`` and ``schema`` before the app; not used with a custom ``checker``.
                Without one, the folder is read in a thread.
            start: ``"review"`` opens the review queue (``newsdesk review``).
        """
        super().__init__()
        self.folder = folder
        self.config_dir = config_dir
        self.poll_interval = poll_interval
        self.settle = settle
        self.debounce = debounce
        self.schema_error: str | None = None
        if schema is None:
            try:
                schema = schema_for(folder if folder.is_dir() else folder.parent)
            except SchemaError as exc:
                self.schema_error = str(exc)
                schema = default_schema()
        self.schema = schema
        #: Each article's schema: a section's own newsdesk.toml under the folder, else ``schema``.
        self.schemas = SchemaLookup(folder if folder.is_dir() else folder.parent, schema)
        self._checker = checker
        self._check = schema_checker(self.schemas)
        self.cache_dir = cache_dir
        usable = checker is None and scan_pool is not None and scan_pool.root == folder
        self.scan_pool = (
            scan_pool if usable and scan_pool is not None and scan_pool.schema is schema else None
        )
        self.start = start
        theme = load_config(config_dir).get("theme")
        self.theme = theme if isinstance(theme, str) and theme in self.available_themes else DEFAULT_THEME
        # NO_COLOR (non-empty) or a terminal without colours: no colour at all (see ui/mono.py).
        # Also the ``:nocolor`` pseudo-class the stylesheet uses for reverse/bold/underline.
        self.no_color = wants_no_colour()
        self._no_colour = [NoColour()]

    def get_line_filters(self) -> Sequence[LineFilter]:
        if self.no_color:
            return self._no_colour
        # Textual adds its own NO_COLOR filter even for an empty NO_COLOR; it maps the ANSI
        # theme's colours to black. Never use it.
        return [f for f in super().get_line_filters() if not isinstance(f, (NoColor, Monochrome))]

    def get_driver_class(self) -> type[Driver]:
        driver = super().get_driver_class()
        if os.environ.get("NEWSDESK_RAW_OUTPUT"):
            return driver
        return compact_driver(driver)

    def _forget_screen(self) -> None:
        cache = getattr(self._driver, "screen_cache", None)
        if cache is not None:
            cache.clear()

    def on_resize(self) -> None:
        self._forget_screen()

    def action_redraw(self) -> None:
        """Repaint the whole screen (ctrl+l), e.g. after line noise on a flaky link."""
        self._forget_screen()
        self.screen.refresh(repaint=True)

    def schema_for(self, path: Path) -> Schema:
        """The schema of the article ``path``: its section's newsdesk.toml, else the folder's."""
        return self.schemas.for_path(path)

    def roles_for(self, path: Path) -> Roles:
        """Where the article ``path`` keeps its title, date, byline, status and people."""
        return self.schemas.for_path(path).roles

    def check(self, article: Article) -> list[Problem]:
        """The article's problems, against its own schema (called from worker threads)."""
        if self._checker is not None:
            return self._checker(article)
        return self._check(article)

    def make_index(self) -> FolderIndex:
        """The folder index, remembered between runs when the default checker is in use."""
        if self._checker is not None:
            return FolderIndex(self.folder, checker=self.check, schemas=self.schemas)
        cache_file = cache_file_for(self.folder, self.cache_dir or cache_dir())
        return FolderIndex(
            self.folder,
            checker=self.check,
            schemas=self.schemas,
            cache_file=cache_file,
            cache_tag=cache_tag(self.schema),
        )

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self.folder)

    def on_mount(self) -> None:
        from newsdesk.ui.editing import install_signal_handlers

        install_signal_handlers(self)
        self.theme_changed_signal.subscribe(self, self._save_theme)
        if self.schema_error:
            self.notify(self.schema_error, severity="error", markup=False)
        if self.start == "review":
            self.call_after_refresh(self.action_review_queue)

    def action_review_queue(self) -> None:
        """R: the articles in review, the oldest request first."""
        from newsdesk.ui.review import open_queue

        open_queue(self)

    def action_queue_step(self, delta: int) -> None:
        """] / [: the next / previous article in the review queue."""
        from newsdesk.ui.review import step_queue

        step_queue(self, delta)

    async def action_quit(self) -> None:
        """Quit (ctrl+q anywhere, q in the reader); asks first when edits are unsaved."""
        from newsdesk.ui.editing import quit_app

        quit_app(self)

    # -- the flows screens start (NewsdeskHost): edit mode and review ------------------------

    def open_edit(self, path: Path) -> None:
        from newsdesk.ui import editing

        editing.open_edit(self, path)

    def external_edit(self, path: Path) -> None:
        from newsdesk.ui import editing

        editing.external_edit(self, path)

    def new_article(self) -> None:
        from newsdesk.ui import editing

        editing.new_article(self)

    def pause_reader(self) -> None:
        from newsdesk.ui import editing

        editing.pause_reader(self)

    def refresh_reader(self, path: Path | None = None) -> None:
        from newsdesk.ui import editing

        editing.refresh_main(self, path)

    def back_to_reader(self, path: Path | None) -> None:
        from newsdesk.ui import editing

        editing.back_to_reader(self, path)

    def edit_neighbour(self, screen: object, delta: int) -> None:
        from newsdesk.ui import editing
        from newsdesk.ui.screens.edit import EditScreen

        assert isinstance(screen, EditScreen)
        editing.edit_neighbour(self, screen, delta)

    def validation_summary(self, article: Article) -> str:
        from newsdesk.ui import editing

        return editing.validation_summary(self, article)

    def start_verdict(self, verdict: str) -> None:
        from newsdesk.ui import review

        main = self.main_screen
        if main is not None:
            review.start_verdict(main, verdict)

    def show_changes(self) -> None:
        from newsdesk.ui import review

        review.show_changes(self)

    def undo_verdict(self) -> None:
        from newsdesk.ui import review

        main = self.main_screen
        if main is not None:
            review.undo_verdict(main)

    def commit_article(self) -> None:
        from newsdesk.ui import review

        review.commit_current(self)

    def _save_theme(self, theme: object) -> None:
        save_config({"theme": self.theme}, self.config_dir)

    @property
    def main_screen(self) -> MainScreen | None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Messages go to the one-line message area above the footer."""
        main = self.main_screen
        if main is None or not main.is_mounted:  # (a toast: its text is drawn as given)
            if not markup:
                message = clean_line(message)
            super().notify(
                message, title=clean_line(title), severity=severity, timeout=timeout, markup=markup
            )
            return
        content = Content.from_markup(message) if markup else Content(clean_line(message))
        if title:
            content = Content.assemble((title, "bold"), ": ", content)
        main.show_message(content, severity, timeout or 5)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand("Theme", "Change the current theme (remembered)", self.action_change_theme)
        yield SystemCommand("Quit", "Quit newsdesk (q)", self.action_quit)
        from newsdesk.ui.editing import edit_commands

        editing = edit_commands(screen)
        for name, help_text, callback in editing:
            yield SystemCommand(name, help_text, callback)
        if editing:
            return  # the reader's commands act on the screen beneath
        main = self.main_screen
        if main is not None:
            for name, help_text, callback in newsdesk_commands(main):
                yield SystemCommand(name, help_text, callback)
