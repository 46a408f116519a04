"""The controls of the edit form: one per schema field, made from its `FieldSpec`.

Every control follows one rule (see `newsdesk.core.rules.fieldtext`): while its text is what it was given,
`value()` is the original value, untouched; only what the editor changed is parsed. So an untouched
form saves nothing, and a value the form cannot show faithfully is shown read-only and kept exactly.

`value()` returns `UNSET` for a field that is (or has become) absent: an emptied input removes the
field. Problems from `validate_article` are shown under the control they belong to.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Select, Static, Switch, TextArea

from newsdesk.core.model.body import merge_lines
from newsdesk.core.model.problems import Problem
from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.rules.fieldtext import display, kind_of, list_from_lines, list_to_lines, parse
from newsdesk.core.rules.schema import FieldSpec, Schema
from newsdesk.core.write.splice import UNSET, same
from newsdesk.ui.widgets.field_input import FieldInput
from newsdesk.ui.widgets.visible import VisibleTextArea

#: Select value standing for a value on disk that is not among the schema's values.
OUTSIDE = "\x00outside"


class FormChanged(Message):
    """Something in the form changed that Input/TextArea/Select/Switch events do not cover
    (a list item added, removed or moved)."""


def label_content(name: str, spec: FieldSpec | None) -> Content:
    """``name *`` (``*``: always required)."""
    parts: list[str | tuple[str, str]] = [(clean_line(name), "bold")]
    if spec is not None and spec.required is True:
        parts.append((" *", "bold $error"))
    return Content.assemble(*parts)


def note_content(spec: FieldSpec | None, note: str = "") -> Content:
    """What to know about a field: "required from review on", its description, a hint."""
    parts: list[str] = []
    if spec is not None and isinstance(spec.required, str) and spec.required:
        parts.append(f"required from {clean_line(spec.required)} on")
    if spec is not None and spec.description:
        parts.append(clean_line(spec.description))
    if note:
        parts.append(note)
    return Content.styled(" — ".join(parts), "$text-muted") if parts else Content("")


def form_message(problem: Problem) -> str:
    """A check's message as said beside its field: the command-line hint on how to write the key
    (``add `byline: ...` ``) means nothing in a form."""
    message = problem.message
    if problem.code in ("required", "empty") and " — " in message:
        why = message.split(" — ", 1)[1]
        return f"{'missing' if problem.code == 'required' else 'blank'}: {why}"
    if problem.code == "required-one-of" and ": add `" in message:
        return message.split(": add `", 1)[0]
    return message


def problem_content(problems: list[Problem], *, prefix: str = "") -> Content:
    lines: list[Content] = []
    for p in problems:
        mark, style = ("✗ ", "bold $error") if p.is_error else ("! ", "$warning")
        lines.append(Content.assemble((mark, style), (prefix + clean_line(form_message(p)), style)))
    return Content("\n").join(lines)


def show_problems(owner: Widget, problems: list[Problem]) -> None:
    """Put ``problems`` on ``owner``'s problems line (mounted the first time there are some)."""
    lines = list(owner.query_children(".problems"))
    if lines:
        line = lines[0]
        assert isinstance(line, Static)
        line.update(problem_content(problems))
        line.display = bool(problems)
    elif problems:
        owner.mount(Static(problem_content(problems), classes="problems"))


class FieldControl(Vertical):
    """One field: a label line, the control, and a line for its problems."""

    def __init__(
        self,
        name: str,
        spec: FieldSpec | None,
        saved: Any,
        shown: Any,
        *,
        schema: Schema | None = None,
    ) -> None:
        super().__init__(classes="field -inline" if self.INLINE else "field -block")
        self.field_name = name
        self.spec = spec
        self.saved = saved
        self.shown = shown
        self.schema = schema
        self.problems: list[Problem] = []

    # -- what subclasses provide -----------------------------------------------------------

    def compose_control(self) -> ComposeResult:
        yield from ()

    def value(self) -> Any:
        """The field's value (`UNSET`: absent). Before the control is mounted: what it shows."""
        if not self.is_mounted:
            return self.shown
        try:
            return self.current_value()
        except NoMatches:
            return self.shown

    def current_value(self) -> Any:
        return self.shown

    def focus_target(self, path: str | None = None) -> Widget | None:
        """The widget to focus for a problem at ``path`` (None: the control)."""
        for child in self.query("*"):
            if child.focusable:
                return child
        return None

    def rebase(self) -> None:
        """After a save: what is shown now is the saved state."""
        self.saved = self.shown = self.value()

    # -- shared ----------------------------------------------------------------------------

    #: One line (label beside the control) or a block (label above it).
    INLINE: ClassVar[bool] = True

    def label_note(self) -> str:
        return ""

    def compose(self) -> ComposeResult:
        # Few widgets per field (the form of a long article has hundreds otherwise): the label and
        # the control sit in a two-column grid; the problems line is mounted only when needed.
        yield Static(label_content(self.field_name, self.spec), classes="field-label")
        note = note_content(self.spec, self.label_note())
        if note and not self.INLINE:  # a block's note goes between its label and the control
            yield Static(note, classes="field-note")
        yield from self.compose_control()
        if note and self.INLINE:
            yield Static(note, classes="field-note")

    def is_changed(self) -> bool:
        return not same(self.value(), self.saved)

    def set_problems(self, problems: list[Problem]) -> None:
        """Show ``problems`` (each with a field path under this field)."""
        self.problems = problems
        if not self.is_mounted:
            return
        show_problems(self, problems)
        self.set_class(any(p.is_error for p in problems), "-invalid")


# -- one-line text: string, url, date, integer ----------------------------------------------------


class InputField(FieldControl):
    """string, url, date, datetime, integer: one line of text."""

    def compose_control(self) -> ComposeResult:
        kind = kind_of(self.spec)
        placeholder = {
            "date": "YYYY-MM-DD" if self.spec is None or self.spec.type == "date" else "YYYY-MM-DD HH:MM",
            "integer": "a whole number",
        }.get(kind, "")
        if self.spec is not None and self.spec.type == "url":
            placeholder = "https://…"
        self.shown_text = display(self.shown)
        yield FieldInput(self.shown_text, placeholder=placeholder)

    @property
    def input(self) -> FieldInput:
        return self.query_one(FieldInput)

    def current_value(self) -> Any:
        text = self.input.value
        if text == self.shown_text:
            return self.shown
        return parse(self.spec, text)

    def rebase(self) -> None:
        super().rebase()
        self.shown_text = self.input.value


def area_text(shown: str, area: TextArea) -> str:
    """The text of ``area``, which was given ``shown``, with the line breaks of ``shown`` kept.

    A TextArea breaks lines at every break Python knows -- form feed, vertical tab, U+0085,
    U+2028, U+2029, ``\r\n`` -- and joins them back with one newline: read as it is, an untouched
    summary holding a form feed came back changed, and a tag holding one became two tags. A break
    between two untouched neighbouring lines is the original's (`merge_lines`, as for the body).
    """
    return merge_lines(shown, area.text)


class TextField(FieldControl):
    """text: several lines (soft-wrapped)."""

    INLINE = False

    def compose_control(self) -> ComposeResult:
        self.shown_text = display(self.shown)
        area = VisibleTextArea(
            self.shown_text, soft_wrap=True, tab_behavior="focus", compact=True, classes="field-text"
        )
        area.cursor_blink = False  # no repaints (bytes over SSH) while idle
        yield area

    @property
    def area(self) -> TextArea:
        return self.query_one(TextArea)

    def current_value(self) -> Any:
        text = area_text(self.shown_text, self.area)
        if text == self.shown_text:
            return self.shown
        return parse(self.spec, text)

    def rebase(self) -> None:
        super().rebase()
        self.shown_text = area_text(self.shown_text, self.area)


# -- choices -------------------------------------------------------------------------------------


class EnumField(FieldControl):
    """enum: a select. A value on disk outside the schema's values is offered too, marked, and kept."""

    def compose_control(self) -> ComposeResult:
        assert self.spec is not None
        options: list[tuple[str | Content, str]] = [(Content(clean_line(v)), v) for v in self.spec.values]
        shown = self.shown
        current: object = Select.NULL
        self.outside: Any = UNSET
        if shown is not UNSET and shown is not None:
            if isinstance(shown, str) and shown in self.spec.values:
                current = shown
            else:
                self.outside = shown
                options.append((Content(f"{clean_line(display(shown))} (not in the schema)"), OUTSIDE))
                current = OUTSIDE
        self.shown_choice = current
        allow_blank = not (self.spec.required is True and current is not Select.NULL)
        yield Select(options, value=current, allow_blank=allow_blank, compact=True, prompt="(not set)")

    @property
    def select(self) -> Select[str]:
        return self.query_one(Select)

    def current_value(self) -> Any:
        choice = self.select.value
        if choice == self.shown_choice:
            return self.shown
        if choice is Select.NULL:
            return UNSET
        if choice == OUTSIDE:
            return self.outside
        return choice

    def rebase(self) -> None:
        super().rebase()
        self.shown_choice = self.select.value


class BoolField(FieldControl):
    """boolean: a switch."""

    def compose_control(self) -> ComposeResult:
        self.shown_state = self.shown is True
        yield Switch(self.shown_state, animate=False)

    def label_note(self) -> str:
        return "not set" if self.shown is UNSET or self.shown is None else ""

    def current_value(self) -> Any:
        state = self.query_one(Switch).value
        if state == self.shown_state:
            return self.shown
        return state

    def rebase(self) -> None:
        super().rebase()
        self.shown_state = self.query_one(Switch).value


# -- a list of strings: one per line ------------------------------------------------------------


class StringListField(FieldControl):
    """A list of strings (tags, organizations): one item per line."""

    INLINE = False

    def label_note(self) -> str:
        return "one per line"

    def compose_control(self) -> ComposeResult:
        items = self.shown if isinstance(self.shown, list) else []
        self.shown_text = list_to_lines(items)
        area = VisibleTextArea(
            self.shown_text, soft_wrap=False, tab_behavior="focus", compact=True, classes="field-list"
        )
        area.cursor_blink = False
        yield area

    @property
    def area(self) -> TextArea:
        return self.query_one(TextArea)

    def current_value(self) -> Any:
        text = area_text(self.shown_text, self.area)
        if text == self.shown_text:
            return self.shown
        items = list_from_lines(text, self.shown if isinstance(self.shown, list) else [])
        if not items:
            return UNSET
        return items

    def rebase(self) -> None:
        super().rebase()
        self.shown_text = area_text(self.shown_text, self.area)

    def set_problems(self, problems: list[Problem]) -> None:
        out = []
        for p in problems:
            rest = (p.field or "")[len(self.field_name) :]
            if rest.startswith("[") and "]" in rest:
                index = int(rest[1 : rest.index("]")])
                p = Problem(p.code, f"line {index + 1}: {p.message}", p.line, p.column, p.severity, p.field)
            out.append(p)
        super().set_problems(out)


# -- kept as is ---------------------------------------------------------------------------------


class ReadOnlyField(FieldControl, can_focus=True):
    """A field the schema does not know, or a value whose shape the form cannot show: shown, kept
    exactly, editable only in $EDITOR."""

    def __init__(
        self,
        name: str,
        spec: FieldSpec | None,
        saved: Any,
        shown: Any,
        *,
        schema: Schema | None = None,
        why: str,
    ) -> None:
        super().__init__(name, spec, saved, shown, schema=schema)
        self.why = why

    INLINE = False

    def label_note(self) -> str:
        return f"{self.why}; kept as is: ctrl+o edits the file"

    def compose_control(self) -> ComposeResult:
        from newsdesk.core.rules.editcheck import show_value

        yield Static(Content(show_value(self.shown, 600)), classes="field-readonly")

    def focus_target(self, path: str | None = None) -> Widget | None:
        return self
