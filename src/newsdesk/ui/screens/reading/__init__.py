"""The parts of the reader (`newsdesk.ui.screens.main.MainScreen`) that it composes.

The screen keeps the widgets, the keys, the folder's list and its live refresh; each part owns one
concern and asks the screen only through `context.MainContext`:

- `filtering`: the filter line, and the body grep behind it;
- `people`: the index of everyone named across the folder, built after each scan or change, and
  the People view it feeds;
- `profiles`: the profile of a person an article names by slug.
"""
