"""Problems found while reading or checking an article.

A `Problem` is plain data: a stable kebab-case ``code``, a human ``message``, and the 1-based
``line``/``column`` in the file where it stands. Load problems and validation diagnostics share it.
A message is at most `MAX_MESSAGE` characters: whatever it quotes (a value, a list of allowed
values), one diagnostic stays one readable line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from newsdesk.core.model.record import Record

Severity = Literal["error", "warning"]
#: The longest message a `Problem` carries; longer ones are cut with an ellipsis.
MAX_MESSAGE = 500
#: Past this many choices no spelling is suggested: comparing with each costs more than it helps.
SUGGEST_LIMIT = 1000
_set = object.__setattr__


class Problem(Record):
    """One problem (a frozen value, as the dataclass it was; not one, so that validating one
    file does not import `dataclasses`: see `newsdesk.core.model.record`)."""

    __slots__ = ("code", "column", "field", "line", "message", "severity")
    _fields = ("code", "message", "line", "column", "severity", "field")
    code: str
    message: str
    line: int
    column: int
    severity: Severity
    field: str | None

    def __init__(
        self,
        code: str,
        message: str,
        line: int = 1,
        column: int = 1,
        severity: Severity = "error",
        field: str | None = None,
    ) -> None:
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
        _set(self, "code", code)
        _set(self, "message", message)
        _set(self, "line", line)
        _set(self, "column", column)
        _set(self, "severity", severity)
        _set(self, "field", field)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.line, self.column, self.code, self.message)


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.7) -> str | None:
    """The choice ``word`` most likely meant, for a "did you mean" hint: the same letters in another
    case, else the closest spelling (`difflib`, ratio >= ``cutoff``); None when nothing is close or
    there are more than `SUGGEST_LIMIT` choices."""
    options = [c for c in dict.fromkeys(choices) if isinstance(c, str)]
    if len(options) > SUGGEST_LIMIT:
        return None
    lowered = {c.casefold(): c for c in options}
    if word.casefold() in lowered:
        return lowered[word.casefold()]
    import difflib  # only on the error path: validate starts without it

    close = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    return close[0] if close else None
