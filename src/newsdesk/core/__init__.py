"""newsdesk's UI-free core: the article model, reading, schema, validation and the folder index.

Nothing under ``newsdesk.core`` imports textual (a test checks it), so ``newsdesk validate`` starts fast.
"""

from newsdesk.core.model.article import Article, FieldLoc, Fingerprint, Format, Person, Pos
from newsdesk.core.model.problems import Problem
from newsdesk.core.read.reader import load_article, parse_article, parse_text

__all__ = [
    "Article",
    "FieldLoc",
    "Fingerprint",
    "Format",
    "Person",
    "Pos",
    "Problem",
    "load_article",
    "parse_article",
    "parse_text",
]
