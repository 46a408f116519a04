"""Finding the field roles (``[articles.roles]``) among the fields `newsdesk.core.infer.detect`
inferred: which field is each article's title, date, byline, status, summary, ... (The roles
themselves, as validate and the app read them, are `newsdesk.core.rules.roles`.)"""

from __future__ import annotations

from newsdesk.core.infer.fieldtypes import Draft

__all__ = ["ROLE_CANDIDATES", "TITLE_SHARE", "find_roles"]

#: A title candidate in fewer of the articles than this share gives way to one in more.
TITLE_SHARE = 0.5
#: Roles newsdesk recognises, with the field names that fill them (first match wins) and the types
#: that field must have.
ROLE_CANDIDATES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "title": (
        ("title", ("string", "text")),
        ("display_name", ("string", "text")),
        ("name", ("string", "text")),
    ),
    "date": (
        ("date", ("date", "datetime")),
        ("publishDate", ("date", "datetime")),
        ("pubDate", ("date", "datetime")),
        ("published", ("date", "datetime")),
    ),
    "byline": (
        ("byline", ("string", "text", "enum", "list", "string_or_list")),
        ("author", ("string", "text", "enum", "list", "string_or_list")),
        ("authors", ("string", "text", "enum", "list", "string_or_list")),
    ),
    "status": (("status", ("enum", "string")), ("draft", ("boolean",)), ("published", ("boolean",))),
    "summary": (
        ("summary", ("string", "text")),
        ("description", ("string", "text")),
        ("excerpt", ("string", "text")),
        ("abstract", ("string", "text")),
    ),
    "attendees": (("attendees", ("list",)), ("participants", ("list",))),
    "speakers": (("speakers", ("list",)),),
}


def find_roles(fields: dict[str, Draft], *, hugo: bool = False) -> dict[str, str]:
    """The roles recognised among ``fields``: role -> the site's field name.

    On a Hugo site (``hugo``) where no field plays the status, the status is Hugo's ``draft``
    flag even when no article sets it (Hugo publishes a page without one): ``draft`` is added to
    ``fields`` as a boolean, so the list shows each article as published and ``draft: true`` is
    known once someone writes it.
    """
    # A field that only the section pages have does not play a role.
    typed = {name: d for name, d in fields.items() if d.type is not None and d.share > 0}
    folded: dict[str, str] = {}
    for name in typed:
        folded.setdefault(name.casefold(), name)
    roles: dict[str, str] = {}
    for role, candidates in ROLE_CANDIDATES.items():
        options: list[str] = []
        for candidate, types in candidates:
            found = candidate if candidate in typed else folded.get(candidate.casefold())
            if found is None:
                continue
            draft = typed[found]
            if draft.type not in types:
                continue
            if role == "byline" and draft.type == "list" and draft.items != "string":
                continue
            options.append(found)
        if role == "title":  # a `title` few have (a presenter's job title) is not the title
            options.sort(key=lambda name: typed[name].share < TITLE_SHARE)
        elif role == "summary":  # the one most often filled in: one blank everywhere is none
            options = [name for name in options if typed[name].filled > 0]
            options.sort(key=lambda name: -typed[name].filled)
        if options:
            roles[role] = options[0]
    if roles.get("status", "").casefold() == "published":
        roles["status_true"] = "published"  # Jekyll's `published: false`: true is published
    if hugo and "status" not in roles and "draft" not in fields and "status" not in fields:
        fields["draft"] = Draft(
            name="draft",
            type="boolean",
            comment=[
                "Hugo's draft flag: in no file yet; a page without it is published, "
                "`draft: true` keeps it out of the site"
            ],
        )
        roles["status"] = "draft"
    return roles
