"""``newsdesk [FOLDER]``: open the app."""

from __future__ import annotations

from newsdesk.cli.common import load_schema_or_fail, resolve_folder


def run_app(folder: str | None, start: str | None = None) -> int:
    """Run the terminal app on ``folder`` (default: configured folder, ./articles, else .).

    ``start="review"`` opens it on the review queue.
    """
    path = resolve_folder(folder)
    schema = load_schema_or_fail(path if path.is_dir() else path.parent)
    from newsdesk.ui.app import NewsdeskApp

    app = NewsdeskApp(path, schema=schema, start=start)
    app.run()
    return int(app.return_code or 0)
