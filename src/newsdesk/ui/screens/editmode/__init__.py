"""The parts of edit mode that `newsdesk.ui.screens.edit.EditScreen` composes.

The screen keeps the widgets, the bindings and the saved state; each part owns one concern and
asks the screen only through `context.EditContext`:

- `form`: the controls made from the schema, the values they stand for, problems placed on them,
  the header line (pure functions);
- `navigation`: what Tab passes and where a field is (pure functions over widgets);
- `journalling`: unsaved edits kept outside the articles folder while typing;
- `saving`: check and write (the form, a new article, raw text);
- `conflicts`: the file changed on disk: the dialog, the merge, the polling that notices it;
- `recovery`: edits kept by an app that died, offered and restored.
"""
