"""People references: the attendees, speakers and (bylines that refer to profiles) authors of one
article, read out of its metadata as the folder scan records them (`PersonRef`), and kept in the
folder index's cache (`refs_to_json`, `refs_from_json`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from newsdesk.core.rules.references import Resolver

#: How a person is named in an article: among the attendees, the speakers, or (a byline that
#: refers to profiles) the authors.
Kind = Literal["attendee", "speaker", "author"]
_intern = sys.intern


#: One attendee or speaker item of one article, as the scan records it: (kind — "attendee" or
#: "speaker" —, its index in the list, name, role, organization, topic, group). A plain tuple: the
#: garbage collector stops following tuples of text and numbers (a named tuple it follows for ever,
#: and a scan of 10,000 articles makes 90,000 of them); `Ref` gives them names where needed.
PersonRef = tuple[str, int, str | None, str | None, str | None, str | None, str | None]


class Ref(NamedTuple):
    """A `PersonRef` with its fields named (``Ref._make(ref)``)."""

    kind: str  # "attendee" | "speaker"
    position: int  # its index in the list
    name: str | None
    role: str | None = None
    organization: str | None = None
    topic: str | None = None
    group: str | None = None


def _one_line(value: object) -> str | None:
    """A person item's value as `newsdesk.core.model.article.Person` reads it (None: absent or not text)."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = (value if isinstance(value, str) else str(value)).strip()
    return _intern(text) if text else None


def refs_of(
    metadata: Mapping[str, Any], roles: Any, resolver: Resolver | None = None
) -> tuple[PersonRef, ...]:
    """The attendees and speakers of one article, read through ``roles`` (a `Roles`: the site's
    attendee and speaker fields and its person-key mapping), as `Roles.people_of` reads them.

    This runs for every article of every scan, so it reads the items directly (the same rules
    as `Person.from_value`; a test keeps them equal) instead of building `Person` objects first,
    and recurring names, roles and organizations are interned (one string for all appearances).

    ``resolver``: the schema's reference fields (`newsdesk.core.rules.references.resolver_for`):
    a slug in a reference field stands for its profile's name, role and organization, and a
    byline that refers to profiles names its authors (kind ``author``).
    """
    if resolver is not None:
        return _resolved_refs(metadata, roles, resolver)
    keys = roles.person
    nk, rk, ok, tk, gk = (keys.get(k, k) for k in ("name", "role", "organization", "topic", "group"))
    out: list[PersonRef] = []
    intern = _intern
    for field_name, kind in ((roles.attendees, "attendee"), (roles.speakers, "speaker")):
        items = metadata.get(field_name)
        if type(items) is not list:
            continue
        for i, item in enumerate(items):
            if type(item) is dict:
                # Text values (nearly all) are read here; anything else as `_one_line` reads it.
                get = item.get
                v = get(nk)
                name = (intern(t) if (t := v.strip()) else None) if type(v) is str else _one_line(v)
                v = get(gk)
                group = None if v is None else _one_line(v)
                if name is None and group is None:
                    continue
                v = get(rk)
                role = (
                    (intern(t) if (t := v.strip()) else None)
                    if type(v) is str
                    else None
                    if v is None
                    else _one_line(v)
                )
                v = get(ok)
                org = (
                    (intern(t) if (t := v.strip()) else None)
                    if type(v) is str
                    else None
                    if v is None
                    else _one_line(v)
                )
                v = get(tk)
                topic = (v.strip() or None) if type(v) is str else None if v is None else _text_of(v)
                out.append((kind, i, name, role, org, topic, group))
            elif item is not None and type(item) is not list:
                name = _one_line(item)
                if name is not None:
                    out.append((kind, i, name, None, None, None, None))
    return tuple(out)


def _resolved_refs(metadata: Mapping[str, Any], roles: Any, resolver: Resolver) -> tuple[PersonRef, ...]:
    """`refs_of` of a schema with reference fields: their slugs resolved to the profiles."""
    from newsdesk.core.rules.references import ref_values

    out: list[PersonRef] = []
    plain = refs_of(metadata, roles)
    fields = resolver.fields
    for ref in plain:
        field = roles.attendees if ref[0] == "attendee" else roles.speakers
        if field in fields and ref[2] is not None:
            profile = resolver.profile(field, ref[2])
            if profile is not None:
                name = _intern(profile.label)
                out.append((ref[0], ref[1], name, profile.role, profile.organization, ref[5], ref[6]))
                continue
        out.append(ref)
    byline = roles.byline
    if byline in fields:
        for index, slug in ref_values(metadata.get(byline)):
            profile = resolver.profile(byline, slug)
            if profile is None:
                out.append(("author", index or 0, _intern(slug), None, None, None, None))
            else:
                name = _intern(profile.label)
                out.append(("author", index or 0, name, profile.role, profile.organization, None, None))
    return tuple(out)


def _text_of(value: object) -> str | None:
    if isinstance(value, (dict, list)):
        return None
    text = (value if isinstance(value, str) else str(value)).strip()
    return text or None


_KINDS = frozenset({"attendee", "speaker", "author"})
_TEXT_TYPES = frozenset({str, type(None)})


def refs_to_json(refs: Sequence[PersonRef]) -> str:
    """``refs`` as the index cache keeps them: one JSON text per article (a string is one object
    for the JSON reader where a list of lists is dozens: reading a large cache is faster)."""
    if not refs:
        return ""
    return json.dumps([list(r) for r in refs], ensure_ascii=False, separators=(",", ":"))


def refs_from_json(value: object) -> tuple[PersonRef, ...]:
    """`PersonRef`s back from a cache row (`refs_to_json`'s text, or its list); `ValueError`
    when it is not what we wrote."""
    if type(value) is str:
        if not value:
            return ()
        value = json.loads(value)
    if type(value) is not list:
        raise ValueError("not a list of people")
    intern = _intern
    out: list[PersonRef] = []
    for item in value:
        if type(item) is not list or len(item) != 7:
            raise ValueError("not a person row")
        kind, position, name, role, org, topic, group = item
        if (
            kind not in _KINDS
            or type(position) is not int
            or not {type(name), type(role), type(org), type(topic), type(group)} <= _TEXT_TYPES
        ):
            raise ValueError("not a person row")
        out.append(
            (
                "attendee" if kind == "attendee" else "speaker" if kind == "speaker" else "author",
                position,
                intern(name) if name else name,
                intern(role) if role else role,
                org,
                topic,
                group,
            )
        )
    return tuple(out)


__all__ = ["Kind", "PersonRef", "Ref", "refs_from_json", "refs_of", "refs_to_json"]
