"""The parts of the reader (`newsdesk.ui.screens.main.MainScreen`) that it composes.

The screen keeps the widgets, the keys and the list's rows; each part owns one concern and asks
the screen only through `context.MainContext`:

- `listing`: the folder's scan (rows handed over in batches), its live refresh, the unsaved edits
  kept in the journal, git's marks, and the folder going away and coming back;
- `articles`: the article under the cursor, read and laid out in a thread (debounced while keys
  repeat) and its neighbours read ahead;
- `filtering`: the filter line, and the body grep behind it;
- `people`: the index of everyone named across the folder, built after each scan or change, and
  the People view it feeds;
- `profiles`: the profile of a person an article names by slug.
"""
