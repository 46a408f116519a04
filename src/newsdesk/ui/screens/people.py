"""The People view (``w``): everyone named in attendees and speakers across the folder.

A table of people with how often they attended and spoke and when last; ``/`` filters as you
type (any spelling, any role), ``s`` cycles the sort (name, count, last date). ``enter`` lists the
person's articles (date, as attendee or speaker, the role then, title); ``enter`` again opens one
in the reader. ``esc`` steps back. The index is built from the folder index's entries in a thread
worker (nothing is read from disk again); names and titles are shown as text, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from newsdesk.core.model.textsafe import clean_line, shown_line
from newsdesk.core.persons.people import SORTS, ArticlePeople, PeopleIndex, PersonEntry, sort_people
from newsdesk.ui.widgets.filter_line import FilterLine

if TYPE_CHECKING:
    from newsdesk.ui.host import Reader

#: The widest a name or a role is shown in the table (the rest is cut with an ellipsis).
NAME_WIDTH = 28
ROLE_WIDTH = 40
TITLE_WIDTH = 80


def _cell(text: str | None, limit: int | None = None, style: str = "") -> Text:
    """A table cell as plain text (DataTable reads a str as markup: never give it one)."""
    return Text(shown_line(text or "", limit), style=style, no_wrap=True, overflow="ellipsis")


class PeopleTable(DataTable[Text]):
    """A table whose j/k move the cursor like the article list's."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g,home", "scroll_top", "First", show=False),
        Binding("G,end", "scroll_bottom", "Last", show=False),
        Binding("ctrl+d", "page_down", "Page down", show=False),
        Binding("ctrl+u", "page_up", "Page up", show=False),
    ]


@dataclass(frozen=True)
class PeoplePlace:
    """Where the People view was left: its sort, filter, the person whose articles were listed
    and the rows the cursors were on. The next People view opens there."""

    sort: str = "name"
    filter_text: str = ""
    person: str | None = None
    list_person: str | None = None
    article_row: int = 0


class PeopleScreen(Screen[None]):
    """Everyone across the folder; one person's articles."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "open_filter", "Filter"),
        Binding("s", "sort", "Sort"),
        Binding("escape", "back", "Back"),
        Binding("w", "back_to_reader", "Reader", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, main: Reader, person: str | None = None, place: PeoplePlace | None = None) -> None:
        super().__init__()
        self.main = main
        #: A name to put the cursor on once the index is ready (the sidebar's ``w``).
        self.wanted = person
        #: Where to open (the last People view's place; a person asked for wins over it).
        self.place = place if person is None else None
        self.index: PeopleIndex | None = None
        self.sort = place.sort if place is not None else "name"
        self.filter_text = self.place.filter_text if self.place is not None else ""
        self.shown: list[PersonEntry] = []
        #: The person whose articles are listed (None: the list of people is shown).
        self.person: PersonEntry | None = None
        self.articles: list[ArticlePeople] = []

    def compose(self) -> ComposeResult:
        yield Static(id="people-header")
        yield FilterLine(placeholder="filter: any spelling of a name, a role", id="people-filter")
        yield PeopleTable(id="people-table", cursor_type="row", zebra_stripes=False)
        yield Static(id="person-header")
        yield PeopleTable(id="person-articles", cursor_type="row", zebra_stripes=False)
        yield Static(id="people-message")
        yield Footer()

    @property
    def table(self) -> PeopleTable:
        return self.query_one("#people-table", PeopleTable)

    @property
    def article_table(self) -> PeopleTable:
        return self.query_one("#person-articles", PeopleTable)

    def on_mount(self) -> None:
        self.query_one("#people-filter", FilterLine).display = False
        self.query_one("#person-header", Static).display = False
        self.article_table.display = False
        table = self.table
        table.add_column("name", key="name")
        table.add_column("att", key="att")
        table.add_column("spk", key="spk")
        table.add_column("last", key="last")
        table.add_column("role", key="role")
        articles = self.article_table
        articles.add_column("date", key="date")
        articles.add_column("as", key="as")
        articles.add_column("role then", key="role")
        articles.add_column("title", key="title")
        self.set_focus(table)
        self._header("Reading the people of the folder…")
        index = self.main.people
        if index is not None and not self.main.people_stale:
            self.index_ready(index)
        else:
            self.main.want_people(self)

    # -- the index ----------------------------------------------------------------------------

    def index_ready(self, index: PeopleIndex) -> None:
        """The main screen's people index (built in its worker) is ready, or was rebuilt."""
        self.index = index
        if not index.similar_ready:
            self._similar_worker(index)
        keep = self.person.name if self.person is not None else None
        self._fill()
        place, self.place = self.place, None
        if place is not None and self._restore(index, place):
            return
        if self.wanted is not None:
            person = index.person_named(self.wanted)
            self.wanted = None
            if person is not None:
                self._select(person)
                self.show_person(person)
                return
        if keep is not None:
            person = index.person_named(keep)
            if person is not None:
                self.show_person(person)
            else:
                self.show_list()

    def _restore(self, index: PeopleIndex, place: PeoplePlace) -> bool:
        """Open where the last People view was left; True when at a person's articles."""
        if place.filter_text:
            box = self.query_one("#people-filter", FilterLine)
            box.value = place.filter_text
            box.display = True
        listed = index.person_named(place.list_person) if place.list_person else None
        if listed is not None:
            self._select(listed)
        person = index.person_named(place.person) if place.person else None
        if person is None:
            return False
        self.show_person(person)
        if 0 <= place.article_row < len(self.articles):
            self.article_table.move_cursor(row=place.article_row, animate=False)
        return True

    def left_at(self) -> PeoplePlace:
        current = self._current()
        return PeoplePlace(
            self.sort,
            self.filter_text,
            self.person.name if self.person is not None else None,
            current.name if current is not None else None,
            self.article_table.cursor_row if self.person is not None else 0,
        )

    def dismiss(self, result: None = None) -> AwaitComplete:
        if self.index is not None:  # not while still reading: keep the last place
            self.main.people_place = self.left_at()
        return super().dismiss(result)

    @work(thread=True, exclusive=True, group="people-similar", description="similar names")
    def _similar_worker(self, index: PeopleIndex) -> None:
        """The pairs that may be one person (rapidfuzz, pypinyin): off the event loop."""
        index.similar()
        try:
            self.app.call_from_thread(self._similar_ready, index)
        except RuntimeError:
            pass  # the app is gone

    def _similar_ready(self, index: PeopleIndex) -> None:
        if index is self.index and self.person is not None and self.is_attached:
            self.show_person(self.person, keep_cursor=True)

    def _fill(self) -> None:
        index = self.index
        if index is None:
            return
        table = self.table
        # The cursor stays on the person it was on, unless it was on the first row (a fresh
        # list: the new first row), as the article list does.
        current = self._current() if table.cursor_row > 0 else None
        people = sort_people(index.people, self.sort)
        if self.filter_text:
            people = [p for p in people if p.matches(self.filter_text)]
        self.shown = people
        table.clear()
        for p in people:
            table.add_row(
                _cell(p.name, NAME_WIDTH, "bold"),
                Text(str(p.attended), justify="right"),
                Text(str(p.spoke), justify="right"),
                _cell(p.last_date or "-"),
                _cell(p.latest_role_or_organization, ROLE_WIDTH),
                key=str(p.id),
            )
        if current is not None:
            self._select(current)
        self._header()

    def _current(self) -> PersonEntry | None:
        table = self.table
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def _select(self, person: PersonEntry) -> None:
        for i, p in enumerate(self.shown):
            if p.id == person.id:
                self.table.move_cursor(row=i, animate=False)
                return

    def _header(self, note: str | None = None) -> None:
        parts: list[str | tuple[str, str]] = []
        if note:
            parts.append((note, "$warning"))
        elif self.index is not None:
            total = len(self.index.people)
            parts += [("People ", "bold"), (f"{len(self.shown):,}", "bold"), f" of {total:,}  "]
            parts.append((f"sort: {self.sort}", "$text-muted"))
            if self.filter_text:
                parts.append((f"  filter: {clean_line(self.filter_text, 40)}", "$text-muted"))
            if self.main.scanning:
                done, of = self.main.load_progress
                parts.append((f"  (folder still loading {done:,}/{of:,})", "$warning"))
            groups = len(self.index.groups)
            if groups:
                parts.append((f"  + {groups} group{'s' if groups != 1 else ''}", "$text-muted"))
        self.query_one("#people-header", Static).update(Content.assemble(*parts))

    # -- one person ----------------------------------------------------------------------------

    def show_person(self, person: PersonEntry, *, keep_cursor: bool = False) -> None:
        cursor = self.article_table.cursor_row if keep_cursor else 0
        self.person = person
        self.articles = person.articles
        header = self.query_one("#person-header", Static)
        lines: list[Content] = [
            Content.assemble(
                (shown_line(person.name), "bold $accent"),
                f"  attended {person.attended}, spoke {person.spoke}",
                (f"  {person.first_date or '-'} to {person.last_date or '-'}", "$text-muted"),
            )
        ]
        others = [s for s in person.spellings if s != person.name]
        if others:
            lines.append(
                Content.assemble(("written also ", "$text-muted"), clean_line(", ".join(others), 200))
            )
        history = person.role_history
        if len(history) > 1:
            roles = " → ".join(clean_line(span.role or span.organization or "", 60) for span in history)
            lines.append(Content.assemble(("roles ", "$text-muted"), roles))
        index = self.index
        maybe = index.suggestions_for(person) if index is not None and index.similar_ready else []
        if maybe:
            others_text = ", ".join(
                f"{clean_line((s.b if s.a is person else s.a).name, 40)} ({s.kind})" for s in maybe[:4]
            )
            lines.append(Content.assemble(("maybe also ", "$text-muted"), others_text))
        header.update(Content("\n").join(lines[:4]))
        table = self.article_table
        table.clear()
        for article in self.articles:
            table.add_row(
                _cell(article.date or "-"),
                _cell(" and ".join(person.kinds_in(article))),
                _cell(person.role_in(article), ROLE_WIDTH),
                _cell(article.title or "(no title)", TITLE_WIDTH),
                key=str(article.path),
            )
        header.display = True
        table.display = True
        self.table.display = False
        self.query_one("#people-filter", FilterLine).display = False
        table.move_cursor(row=cursor, animate=False)
        self.set_focus(table)
        self._message("enter: open in the reader  esc: back to the people")

    def show_list(self) -> None:
        self.person = None
        self.query_one("#person-header", Static).display = False
        self.article_table.display = False
        self.table.display = True
        if self.filter_text:
            self.query_one("#people-filter", FilterLine).display = True
        self.set_focus(self.table)
        self._message("")

    def _message(self, text: str) -> None:
        self.query_one("#people-message", Static).update(Content.styled(text, "$text-muted"))

    # -- keys ------------------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """``/`` moves the focus at once, and keys typed right after it land in the filter.

        Keys that arrive together (a fast typist, a paste, a slow link) are all queued before a
        binding would move the focus; without this they would go to the table.
        """
        box = self.query_one("#people-filter", FilterLine)
        if event.key == "slash" and self.focused is not box:
            event.stop()
            event.prevent_default()
            self.action_open_filter()
            return
        if self.focused is box and box.display and event.is_printable and event.character:
            box.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    @on(DataTable.RowSelected, "#people-table")
    def _person_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.shown):
            self.show_person(self.shown[event.cursor_row])

    @on(DataTable.RowSelected, "#person-articles")
    def _article_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.articles):
            self.open_article(self.articles[event.cursor_row].path)

    def open_article(self, path: Path) -> None:
        """Leave for the reader with ``path`` open."""
        main = self.main
        self.dismiss()
        main.open_path(path, from_people=True)

    def action_back(self) -> None:
        if self.person is not None:
            person = self.person
            self.show_list()
            self._select(person)
        elif self.filter_text:
            self.query_one("#people-filter", FilterLine).value = ""
            self.close_filter()
        else:
            self.dismiss()

    def action_back_to_reader(self) -> None:
        self.dismiss()

    def action_sort(self) -> None:
        if self.person is not None:
            return
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._fill()
        self._message(f"sorted by {self.sort}")

    def action_open_filter(self) -> None:
        if self.person is not None:
            self.show_list()
        box = self.query_one("#people-filter", FilterLine)
        box.display = True
        self.set_focus(box)

    def close_filter(self, keep: bool = False) -> None:
        box = self.query_one("#people-filter", FilterLine)
        if not keep or not box.value:
            box.value = ""
            box.display = False
        self.set_focus(self.table)

    @on(Input.Changed, "#people-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if event.value != self.filter_text:
            self.filter_text = event.value
            self._fill()

    def action_help(self) -> None:
        from newsdesk.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(section="People"))
