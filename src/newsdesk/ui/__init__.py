"""The newsdesk terminal app (Textual). ``newsdesk.core`` never imports this package."""

from __future__ import annotations

__all__ = ["NewsdeskApp"]


def __getattr__(name: str) -> object:
    if name == "NewsdeskApp":
        from newsdesk.ui.app import NewsdeskApp

        return NewsdeskApp
    raise AttributeError(name)
