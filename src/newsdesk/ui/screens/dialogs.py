"""Edit mode's dialogs: one key per choice, esc always means "keep editing / not now".

* `UnsavedDialog` — leaving with unsaved changes: ``s`` save, ``d`` discard, ``esc`` keep editing.
* `ConflictDialog` — the file changed on disk: ``m`` merge (both sides' changes; fields changed on
  both sides are decided one by one), ``d`` show the difference, ``r`` reload (after a
  confirmation: your edits are dropped), ``o`` overwrite the fields you changed, ``esc`` keep editing.
* `RecoveryDialog` — kept edits found: ``r`` restore, ``d`` discard them, ``esc`` not now.
* `RecoveryChoice` — several kept sets of edits (several app instances died): ``j`` / ``k`` pick
  one, ``enter`` shows it (then ``r`` / ``d`` as above), ``esc`` not now.
* `ConfirmDialog` — a yes/no question: ``y`` yes, ``esc`` / ``n`` no.
* `DiffScreen` — their version vs. yours, per field and body.

All text from articles goes in as `Content` (never markup).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.rules.editcheck import FieldDifference, show_value


def key_hints(pairs: list[tuple[str, str]]) -> Content:
    parts: list[str | tuple[str, str]] = []
    for i, (key, what) in enumerate(pairs):
        if i:
            parts.append(("  ·  ", "$text-muted"))
        parts.append((key, "bold reverse"))
        parts.append(f" {what}")
    return Content.assemble(*parts)


class Dialog(ModalScreen[str | None]):
    """A small box with a title, a message and one key per choice."""

    CHOICES: ClassVar[list[tuple[str, str, str]]] = []  # (key, label, result)

    def __init__(self, title: str, message: Content | str) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.message = message if isinstance(message, Content) else Content(clean_line(message))
        self.choices = list(self.CHOICES)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Content.styled(self.title_text, "bold"), classes="dialog-title")
            yield Static(self.message, classes="dialog-message")
            yield Static(
                key_hints([(k, label) for k, label, _ in self.choices] + [("esc", self.esc_label())]),
                classes="dialog-keys",
            )

    def esc_label(self) -> str:
        return "keep editing"

    def on_key(self, event: object) -> None:
        key = getattr(event, "key", "")
        for k, _, result in self.choices:
            if key == k:
                getattr(event, "stop")()  # noqa: B009
                self.dismiss(result)
                return
        if key in ("escape", *self.extra_escape()):
            getattr(event, "stop")()  # noqa: B009
            self.dismiss(None)

    def extra_escape(self) -> tuple[str, ...]:
        return ()


class UnsavedDialog(Dialog):
    CHOICES: ClassVar[list[tuple[str, str, str]]] = [("s", "save", "save"), ("d", "discard", "discard")]


class ConflictDialog(Dialog):
    """``m`` merge first (when the two versions can be merged), then ``d`` / ``r`` / ``o``."""

    CHOICES: ClassVar[list[tuple[str, str, str]]] = [
        ("d", "show difference", "diff"),
        ("r", "reload theirs", "reload"),
        ("o", "overwrite with yours", "overwrite"),
    ]

    def __init__(self, title: str, message: Content | str, *, can_merge: bool = False) -> None:
        super().__init__(title, message)
        if can_merge:
            self.choices.insert(0, ("m", "merge", "merge"))

    def add_note(self, note: str) -> None:
        """Say more once it is known (what a merge would do: read in a worker after the dialog is up)."""
        if self.is_attached:
            message = Content.assemble(self.message, " ", Content(clean_line(note)))
            self.query_one(".dialog-message", Static).update(message)


class RecoveryDialog(Dialog):
    CHOICES: ClassVar[list[tuple[str, str, str]]] = [
        ("r", "restore", "restore"),
        ("d", "discard them", "discard"),
    ]

    def esc_label(self) -> str:
        return "not now"


class RecoveryChoice(ModalScreen[int | None]):
    """Pick one of several kept sets of edits (rows: when kept, what they change); its index."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "not_now", "Not now"),
        Binding("j", "move(1)", show=False),
        Binding("k", "move(-1)", show=False),
    ]

    def __init__(self, title: str, rows: list[Content]) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Content.styled(self.title_text, "bold"), classes="dialog-title")
            yield OptionList(*(Option(row) for row in self.rows), id="recovery-choices")
            yield Static(
                key_hints([("j/k", "pick"), ("enter", "show and restore or discard"), ("esc", "not now")]),
                classes="dialog-keys",
            )

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.highlighted = 0
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_move(self, delta: int) -> None:
        choices = self.query_one(OptionList)
        choices.action_cursor_down() if delta > 0 else choices.action_cursor_up()

    def action_not_now(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog):
    CHOICES: ClassVar[list[tuple[str, str, str]]] = [("y", "yes", "yes")]

    def esc_label(self) -> str:
        return "no"

    def extra_escape(self) -> tuple[str, ...]:
        return ("n",)


def differences_content(fields: list[FieldDifference], body_diff: list[str], *, limit: int = 400) -> Content:
    """Their version vs. yours: one block per field, then the body's unified diff."""
    lines: list[Content] = []
    for d in fields:
        lines.append(Content.styled(clean_line(d.field), "bold"))
        lines.append(Content.assemble(("  on disk: ", "$text-muted"), show_value(d.theirs)))
        lines.append(Content.assemble(("  yours:   ", "$text-muted"), show_value(d.mine)))
    if body_diff:
        lines.append(Content.styled("body", "bold"))
        for line in body_diff[:limit]:
            style = (
                "$success" if line.startswith("+") else "$error" if line.startswith("-") else "$text-muted"
            )
            lines.append(Content.styled("  " + clean_line(line), style))
        if len(body_diff) > limit:
            lines.append(Content.styled(f"  … {len(body_diff) - limit} more lines", "$text-muted"))
    if not lines:
        lines.append(Content.styled("no differences", "$text-muted"))
    return Content("\n").join(lines)


class DiffScreen(ModalScreen[None]):
    """Their version vs. yours (esc / q closes)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close"),
        Binding("j,down", "scroll(1)", show=False),
        Binding("k,up", "scroll(-1)", show=False),
        Binding("space,pagedown", "page(1)", show=False),
        Binding("b,pageup", "page(-1)", show=False),
    ]

    def __init__(self, title: str, content: Content) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.content = content

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box diff-box"):
            yield Static(Content.styled(self.title_text, "bold"), classes="dialog-title")
            with VerticalScroll(classes="diff-scroll"):
                yield Static(self.content, classes="diff-text")
            yield Static(key_hints([("esc", "back")]), classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, delta: int) -> None:
        self.query_one(".diff-scroll", VerticalScroll).scroll_relative(y=delta, animate=False)

    def action_page(self, delta: int) -> None:
        box = self.query_one(".diff-scroll", VerticalScroll)
        box.scroll_relative(y=delta * max(box.size.height - 1, 1), animate=False)
