"""Field roles: which of a site's front-matter fields plays the title, the date, the byline...

newsdesk's own names (``title``, ``date``, ``byline``, ``status``, ``summary``, ``attendees``,
``speakers``) are the defaults. A site with its own conventions maps them in ``newsdesk.toml``::

    [articles.roles]
    date = "publishDate"
    byline = "authors"          # a list is shown joined: "Ana Ruiz, Lee Park"
    status = "draft"            # Hugo's boolean draft flag: true = draft, false/absent = published
    status_true = "draft"       # what true means for a boolean status: "draft" (Hugo's `draft`)
                                # or "published" (Jekyll's `published: false`; the default for a
                                # field named `published`)
    date_from_filename = true   # no date field: the date in the file's name (2016-03-04-title.md)
    status_fixed = "draft"      # every article this schema governs has this status, whatever its
                                # fields say (Jekyll's `_drafts/`): no status field is read or written
    attendees = "participants"

    [articles.roles.person]     # the keys inside attendee/speaker items
    name = "full_name"

Everything that needs a role asks a `Roles` (``schema.roles``) with the article's metadata; nothing
else spells a field name. Pure data, no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from newsdesk.core.model.article import Article, Person
from newsdesk.core.model.record import Record

_set = object.__setattr__

#: The roles a site can map, with newsdesk's own field name for each (the default).
ROLE_NAMES: tuple[str, ...] = ("title", "date", "byline", "status", "summary", "attendees", "speakers")
#: The keys of an attendee or speaker item that can be mapped.
PERSON_KEYS: tuple[str, ...] = ("name", "role", "organization", "topic", "group")
#: The two statuses a boolean draft flag can express.
FLAG_STATUSES: tuple[str, str] = ("draft", "published")
#: A file name that starts with a date (Jekyll's posts: ``2016-03-04-title.md``).
_NAME_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[-_.]|$)")


def date_in_name(name: str) -> dt.date | None:
    """The date a file's name starts with (``2016-03-04-title.md``), or None."""
    match = _NAME_DATE.match(name)
    if match is None:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def text_value(value: object) -> str | None:
    """A scalar front-matter value as stripped text; None for nothing, a list or a table."""
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = str(value).strip()
    return text or None


class Roles(Record):
    """Where each role lives in a site's front matter. ``draft_flag``: the status role is a boolean,
    whose true means ``status_true`` (``draft`` for Hugo's ``draft``, ``published`` for Jekyll's
    ``published``); the other value, or none, is the other status. ``date_from_filename``: an
    article without a date field is dated by its file name (`date_in_name`). ``status_fixed``: every
    article has this status whatever its front matter says (a Jekyll site's ``_drafts/``, which is
    built only with ``--drafts``); its status field is neither read nor written.

    (A frozen value written out, not a dataclass: see `newsdesk.core.model.record`.)"""

    _fields = (
        "title",
        "date",
        "byline",
        "status",
        "summary",
        "attendees",
        "speakers",
        "person",
        "draft_flag",
        "status_true",
        "date_from_filename",
        "status_fixed",
    )
    __slots__ = _fields
    title: str
    date: str
    byline: str
    status: str
    summary: str
    attendees: str
    speakers: str
    person: Mapping[str, str]
    draft_flag: bool
    status_true: str
    date_from_filename: bool
    status_fixed: str | None

    def __init__(
        self,
        title: str = "title",
        date: str = "date",
        byline: str = "byline",
        status: str = "status",
        summary: str = "summary",
        attendees: str = "attendees",
        speakers: str = "speakers",
        person: Mapping[str, str] | None = None,
        draft_flag: bool = False,
        status_true: str = FLAG_STATUSES[0],
        date_from_filename: bool = False,
        status_fixed: str | None = None,
    ) -> None:
        _set(self, "title", title)
        _set(self, "date", date)
        _set(self, "byline", byline)
        _set(self, "status", status)
        _set(self, "summary", summary)
        _set(self, "attendees", attendees)
        _set(self, "speakers", speakers)
        _set(self, "person", {k: k for k in PERSON_KEYS} if person is None else person)
        _set(self, "draft_flag", draft_flag)
        _set(self, "status_true", status_true)
        _set(self, "date_from_filename", date_from_filename)
        _set(self, "status_fixed", status_fixed)

    def field_for(self, role: str) -> str:
        """The site's field name for ``role`` (one of `ROLE_NAMES`)."""
        if role not in ROLE_NAMES:
            raise KeyError(role)
        return str(getattr(self, role))

    # -- reading ---------------------------------------------------------------------------

    def title_of(self, meta: Mapping[str, Any]) -> str | None:
        return text_value(meta.get(self.title))

    def summary_of(self, meta: Mapping[str, Any]) -> str | None:
        return text_value(meta.get(self.summary))

    def date_of(self, meta: Mapping[str, Any], name: str | None = None) -> dt.date | None:
        """The article's date (a date-time counts by its date); None when absent or unreadable.

        ``name``: the file's name, whose date (`date_in_name`) stands in for an absent date field
        when the site dates articles by file name (``date_from_filename``)."""
        value = meta.get(self.date)
        if value is None and name is not None and self.date_from_filename:
            return date_in_name(name)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip()[:10])
            except ValueError:
                return None
        return None

    def byline_of(self, meta: Mapping[str, Any]) -> str | None:
        """The byline; a list of authors is joined with ", "."""
        value = meta.get(self.byline)
        if isinstance(value, list):
            return ", ".join(text_values(value)) or None
        return text_value(value)

    def status_of(self, meta: Mapping[str, Any]) -> str | None:
        """The workflow status. With a boolean flag: ``status_true`` when true, the other status
        when false; absent, ``published`` (Hugo and Jekyll build a page without the flag). A fixed
        status (``status_fixed``) whatever the fields say."""
        if self.status_fixed is not None:
            return self.status_fixed
        value = meta.get(self.status)
        if self.draft_flag:
            if value is None:
                return FLAG_STATUSES[1]
            if value is True or value is False:
                return self.status_true if value else self._flag_other
        return text_value(value)

    @property
    def _flag_other(self) -> str:
        return FLAG_STATUSES[1] if self.status_true == FLAG_STATUSES[0] else FLAG_STATUSES[0]

    def status_value(self, status: str) -> object:
        """The value to write in the status field for ``status``; `ValueError` if it cannot be one."""
        if self.status_fixed is not None:
            raise ValueError(
                f"every article here is {self.status_fixed} (articles.roles.status_fixed): "
                "no field changes that"
            )
        if not self.draft_flag:
            return status
        if status in FLAG_STATUSES:
            return status == self.status_true
        raise ValueError(
            f"this site marks articles only as draft or published (the boolean '{self.status}' field); "
            f"add a status field to newsdesk.toml to use '{status}'"
        )

    def view(self, article: Article) -> RoleView:
        """The article as this site's roles read it."""
        return RoleView(article, self)

    def person_key(self, key: str) -> str:
        """The site's key inside attendee/speaker items for ``key`` (one of `PERSON_KEYS`)."""
        return self.person.get(key, key)

    @property
    def people_fields(self) -> tuple[str, str]:
        """The site's fields for the attendees and the speakers roles."""
        return (self.attendees, self.speakers)

    def people_of(self, meta: Mapping[str, Any], which: str) -> list[Person]:
        """The attendees (``which="attendees"``) or speakers, read through the person-key mapping."""
        value = meta.get(self.field_for(which))
        if not isinstance(value, list):
            return []
        keys = self.person
        if all(keys.get(k, k) == k for k in PERSON_KEYS):
            return [Person.from_value(i, item) for i, item in enumerate(value)]
        out: list[Person] = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                item = {k: item.get(keys.get(k, k)) for k in PERSON_KEYS}
            out.append(Person.from_value(i, item))
        return out

    def people_labels(self, meta: Mapping[str, Any]) -> tuple[str, ...]:
        """The `Person.label` of every attendee, then of every speaker (as `people_of` reads
        them), without making the `Person` objects: the folder index keeps only the labels."""
        name_key = self.person.get("name", "name")
        group_key = self.person.get("group", "group")
        labels: list[str] = []
        for field_name in (self.attendees, self.speakers):
            value = meta.get(field_name)
            if not isinstance(value, list):
                continue
            for item in value:
                if isinstance(item, dict):
                    label = _person_text(item.get(name_key)) or _person_text(item.get(group_key))
                elif item is None or isinstance(item, list):
                    label = None
                else:
                    label = str(item).strip() or None
                labels.append(label or "(unnamed)")
        return tuple(labels)


def _person_text(value: object) -> str | None:
    """A person's value as `Person.from_value` reads it."""
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).strip() or None


DEFAULT_ROLES = Roles()


def text_values(value: object) -> list[str]:
    """The non-empty texts of a list value (`text_value` of each); [] for anything else."""
    if not isinstance(value, list):
        return []
    return [t for t in (text_value(v) for v in value) if t]


class RoleView(Record):
    """One article's typed values, read through a site's `Roles` (``roles.view(article)``).

    The roles (title, date, byline, status, summary, attendees, speakers) come from the site's
    fields; ``section``, ``location`` and ``tags`` are not roles and keep their names.
    """

    __slots__ = ("article", "roles")
    _fields = ("article", "roles")
    article: Article
    roles: Roles

    def __init__(self, article: Article, roles: Roles = DEFAULT_ROLES) -> None:
        _set(self, "article", article)
        _set(self, "roles", roles)

    @property
    def metadata(self) -> dict[str, Any]:
        return self.article.metadata

    @property
    def title(self) -> str | None:
        return self.roles.title_of(self.article.metadata)

    @property
    def date(self) -> dt.date | None:
        return self.roles.date_of(self.article.metadata, self.article.path.name)

    @property
    def byline(self) -> str | None:
        return self.roles.byline_of(self.article.metadata)

    @property
    def status(self) -> str | None:
        """The status; None for a front matter that could not be read (or holds nothing), which
        a draft flag would otherwise call published."""
        metadata = self.article.metadata
        return self.roles.status_of(metadata) if metadata else None

    @property
    def summary(self) -> str | None:
        return self.roles.summary_of(self.article.metadata)

    @property
    def attendees(self) -> list[Person]:
        return self.roles.people_of(self.article.metadata, "attendees")

    @property
    def speakers(self) -> list[Person]:
        return self.roles.people_of(self.article.metadata, "speakers")

    @property
    def section(self) -> str | None:
        return text_value(self.article.metadata.get("section"))

    @property
    def location(self) -> str | None:
        return text_value(self.article.metadata.get("location"))

    @property
    def tags(self) -> list[str]:
        return text_values(self.article.metadata.get("tags"))


def roles_from_table(table: Mapping[str, Any], draft_flag: bool = False) -> Roles:
    """Build `Roles` from an ``[articles.roles]`` table; `ValueError` names a bad entry."""
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key == "status_true":
            if value not in FLAG_STATUSES:
                raise ValueError("articles.roles.status_true must be 'draft' or 'published'")
            values[key] = value
            continue
        if key == "status_fixed":
            if not isinstance(value, str) or not value.strip():
                raise ValueError('articles.roles.status_fixed must be a status, like "draft"')
            values[key] = value.strip()
            continue
        if key == "date_from_filename":
            if not isinstance(value, bool):
                raise ValueError("articles.roles.date_from_filename must be true or false")
            values[key] = value
            continue
        if key == "person":
            if not isinstance(value, dict):
                raise ValueError("articles.roles.person must be a table of person keys")
            person = {k: k for k in PERSON_KEYS}
            for pk, pv in value.items():
                if pk not in PERSON_KEYS:
                    raise ValueError(
                        f"articles.roles.person: unknown key {pk!r} (known: {', '.join(PERSON_KEYS)})"
                    )
                if not isinstance(pv, str) or not pv:
                    raise ValueError(f"articles.roles.person.{pk} must be a field name")
                person[pk] = pv
            values["person"] = person
            continue
        if key not in ROLE_NAMES:
            raise ValueError(f"articles.roles: unknown role {key!r} (known: {', '.join(ROLE_NAMES)})")
        if not isinstance(value, str) or not value:
            raise ValueError(f"articles.roles.{key} must be a field name")
        values[key] = value
    if "status_true" not in values and str(values.get("status", "")).casefold() == FLAG_STATUSES[1]:
        values["status_true"] = FLAG_STATUSES[1]  # Jekyll's `published: false`
    return Roles(**values, draft_flag=draft_flag)
