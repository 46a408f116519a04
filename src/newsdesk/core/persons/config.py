"""``people.toml``: canonical names with their aliases (merged into one person) and pairs that are
not the same person (never merged); where it lives, reading it, and its errors."""

from __future__ import annotations

import itertools
from pathlib import Path

from newsdesk.core.model.record import Record
from newsdesk.core.persons.names import squeeze
from newsdesk.core.rules.schema import SchemaError

PEOPLE_FILENAME = "people.toml"
_set = object.__setattr__


class PeopleConfigError(SchemaError):
    """A ``people.toml`` that cannot be used (``str()``: ``path:line: message``)."""


# The value classes below are written out on `Record`, not dataclasses: checking one article that
# names people (``newsdesk validate ONE.md``) should not import `dataclasses` (see
# `newsdesk.core.model.record`). Each behaves as the dataclass it was.


class ConfiguredPerson(Record):
    __slots__ = ("aliases", "name")
    _fields = ("name", "aliases")
    name: str
    aliases: tuple[str, ...]

    def __init__(self, name: str, aliases: tuple[str, ...] = ()) -> None:
        _set(self, "name", name)
        _set(self, "aliases", aliases)


class PeopleConfig(Record):
    """What ``people.toml`` says: canonical names with aliases, and pairs that are not one person."""

    __slots__ = ("not_same", "persons", "source")
    _fields = ("persons", "not_same", "source")
    persons: tuple[ConfiguredPerson, ...]
    not_same: tuple[tuple[str, str], ...]
    source: Path | None

    def __init__(
        self,
        persons: tuple[ConfiguredPerson, ...] = (),
        not_same: tuple[tuple[str, str], ...] = (),
        source: Path | None = None,
    ) -> None:
        _set(self, "persons", persons)
        _set(self, "not_same", not_same)
        _set(self, "source", source)

    def is_not_same(self, a: str, b: str) -> bool:
        ka, kb = squeeze(a).casefold(), squeeze(b).casefold()
        return any({ka, kb} == {squeeze(x).casefold(), squeeze(y).casefold()} for x, y in self.not_same)


EMPTY_CONFIG = PeopleConfig()


def people_file_for(root: Path, schema_source: Path | None) -> Path:
    """Where ``people.toml`` lives: beside the ``newsdesk.toml`` in use, else in the folder."""
    if schema_source is not None:
        return schema_source.parent / PEOPLE_FILENAME
    return (root if root.is_dir() else root.parent) / PEOPLE_FILENAME


def load_people_config(path: Path) -> PeopleConfig:
    """Read ``people.toml``; an absent file is an empty config; a broken one `PeopleConfigError`."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(1_000_001)
    except FileNotFoundError:
        return EMPTY_CONFIG
    except OSError as exc:
        raise PeopleConfigError(path, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > 1_000_000:
        raise PeopleConfigError(path, "too large (over 1 MB)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise PeopleConfigError(path, "not UTF-8 text") from None
    return parse_people_config(text, path)


def parse_people_config(text: str, path: Path | None = None) -> PeopleConfig:
    import tomllib  # only with a people.toml: validate starts without it

    # From the loaders, not `newsdesk.core.read.handlers`: that imports python-frontmatter, which
    # validate never needs.
    from newsdesk.core.read.loaders import invalid_toml, load_toml

    try:
        data = load_toml(text)
    except tomllib.TOMLDecodeError as exc:
        raise PeopleConfigError(path, *invalid_toml(exc)) from None

    def fail(message: str, needle: str | None = None) -> PeopleConfigError:
        line = None
        if needle is not None:
            for n, text_line in enumerate(text.splitlines(), 1):
                if needle in text_line:
                    line = n
                    break
        return PeopleConfigError(path, message, line)

    unknown = sorted(set(data) - {"person", "not_same"})
    if unknown:
        raise fail(f"unknown key {unknown[0]!r} (known: person, not_same)", unknown[0])
    persons: list[ConfiguredPerson] = []
    raw_persons = data.get("person", [])
    if not isinstance(raw_persons, list):
        raise fail("'person' must be an array of tables: [[person]]", "person")
    for i, item in enumerate(raw_persons):
        if not isinstance(item, dict):
            raise fail(f"person[{i}] must be a table", "person")
        extra = sorted(set(item) - {"name", "aliases"})
        if extra:
            raise fail(f"person[{i}]: unknown key {extra[0]!r} (known: name, aliases)", extra[0])
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise fail(f'person[{i}] needs a name = "..."', "[[person]]")
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise fail(f"person[{i}] ({name}): aliases must be a list of names", name)
        persons.append(ConfiguredPerson(squeeze(name), tuple(squeeze(a) for a in aliases)))
    pairs: list[tuple[str, str]] = []
    raw_pairs = data.get("not_same", [])
    if not isinstance(raw_pairs, list):
        raise fail("'not_same' must be an array of tables: [[not_same]]", "not_same")
    for i, item in enumerate(raw_pairs):
        names = item.get("names") if isinstance(item, dict) else None
        if (
            not isinstance(names, list)
            or len(names) < 2
            or not all(isinstance(n, str) and n.strip() for n in names)
        ):
            raise fail(f'not_same[{i}] needs names = ["A", "B"] (two or more names)', "not_same")
        extra = sorted(set(item) - {"names", "note"})
        if extra:
            raise fail(f"not_same[{i}]: unknown key {extra[0]!r} (known: names, note)", extra[0])
        for a, b in itertools.combinations(names, 2):
            pairs.append((squeeze(a), squeeze(b)))
    return PeopleConfig(tuple(persons), tuple(pairs), path)


__all__ = [
    "EMPTY_CONFIG",
    "PEOPLE_FILENAME",
    "ConfiguredPerson",
    "PeopleConfig",
    "PeopleConfigError",
    "load_people_config",
    "parse_people_config",
    "people_file_for",
]
