"""Reading an article: the front-matter loaders and handlers, the TOML scanner, the reader.
Built on the model only."""
