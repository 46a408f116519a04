"""People: references, names, people.toml and the people index, built from articles.
Built on rules; the folder index and the people checks are built on it."""
