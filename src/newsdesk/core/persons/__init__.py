"""People: references (refs), names, people.toml (config), pinyin readings and the people index
(people), built from articles.
Built on rules; the folder index and the people checks are built on it."""
