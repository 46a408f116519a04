"""Small frozen value classes without `dataclasses`.

``newsdesk validate ONE.md`` (pre-commit) pays for every import: `dataclasses` imports `inspect`
(with `ast`, `dis`, `tokenize`...: ~9 ms), and each ``@dataclass`` compiles its methods from text
when its module is imported (~0.5 ms a class here). The classes on that path are written out by
hand instead: each has ``__slots__`` (or not), ``_fields`` (its fields in ``__init__`` order) and
its own ``__init__``; `Record` gives them what ``@dataclass(frozen=True)`` would: equality with
the same class, a hash, the same ``repr``, no assignment, pickling. `replace` is
`dataclasses.replace` for them.
"""

from __future__ import annotations

from typing import Any, TypeVar

_T = TypeVar("_T")


class Record:
    """Equality, hash, repr, pickling and no assignment, from the class's ``_fields``."""

    __slots__ = ()
    #: The fields, in ``__init__`` order (each an ``__init__`` keyword too).
    _fields: tuple[str, ...] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self._fields])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self.__class__.__qualname__}({inner})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (self.__class__, self._values())


def replace(obj: _T, /, **changes: Any) -> _T:
    """A copy of ``obj`` (a `Record`, or a class with ``_fields`` and a keyword ``__init__``) with
    ``changes``, as `dataclasses.replace` makes it."""
    fields: tuple[str, ...] = obj._fields  # type: ignore[attr-defined]
    for name in changes:
        if name not in fields:
            raise TypeError(f"{obj.__class__.__qualname__} has no field {name!r}")
    values = {name: getattr(obj, name) for name in fields}
    values.update(changes)
    return obj.__class__(**values)
