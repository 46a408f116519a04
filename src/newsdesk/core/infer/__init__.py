"""Inferring from a folder: detect (newsdesk init --detect), Hugo archetypes, new articles.
The top layer: may use every other."""
