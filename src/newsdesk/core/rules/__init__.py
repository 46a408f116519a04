"""What a site's articles must be: the schema (newsdesk.toml), roles, workflow settings, field
values and text, and the per-article checks (validate, editcheck). Below the folder."""
