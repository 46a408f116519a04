"""newsdesk: browse, validate and edit a newsroom's Markdown articles from a terminal."""

__version__ = "0.1.0"
