"""Pinyin readings of names in Han characters (``刘红`` reads ``Liu Hong``), for the candidates of
the people index: every reading of every character counts (``红`` is ``hong`` or ``gong``), the
common reading of a surname first (``曾`` is ``zeng``, not ``ceng``), at most `MAX_READINGS`
combinations per name. pypinyin is imported when a name is first read; the people index imports
this module only when the folder has a name in Han characters."""

from __future__ import annotations

import itertools
import os
import sys

from newsdesk.core.model.record import Record
from newsdesk.core.persons.names import has_han, split_words

#: At most this many pinyin readings are tried per Han name (combinations of heteronyms).
MAX_READINGS = 64
_set = object.__setattr__


#: Surnames whose surname reading is not the character's most common one, and compound surnames.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "单": ("shan",),
    "曾": ("zeng",),
    "乐": ("yue", "le"),
    "解": ("xie",),
    "区": ("ou",),
    "朴": ("piao",),
    "查": ("zha",),
    "仇": ("qiu",),
    "盖": ("ge", "gai"),
    "缪": ("miao",),
    "覃": ("qin", "tan"),
    "召": ("shao",),
    "翟": ("zhai", "di"),
    "秘": ("bi",),
    "员": ("yun",),
    "句": ("gou",),
    "繁": ("po",),
    "种": ("chong",),
    "折": ("she",),
    "黑": ("he",),
    "宿": ("su",),
    "车": ("che",),
    "长": ("chang",),
    "重": ("chong",),
    "燕": ("yan",),
    "尉": ("wei", "yu"),
    "藏": ("zang",),
    "柏": ("bai",),
    "万": ("wan",),
    "沈": ("shen",),
    "任": ("ren",),
    "华": ("hua",),
    "薄": ("bo",),
    "纪": ("ji",),
}
COMPOUND_SURNAMES: dict[str, str] = {
    "欧阳": "ouyang",
    "司马": "sima",
    "上官": "shangguan",
    "诸葛": "zhuge",
    "东方": "dongfang",
    "皇甫": "huangfu",
    "尉迟": "yuchi",
    "公孙": "gongsun",
    "慕容": "murong",
    "长孙": "zhangsun",
    "宇文": "yuwen",
    "司徒": "situ",
    "夏侯": "xiahou",
    "令狐": "linghu",
    "澹台": "tantai",
    "端木": "duanmu",
    "轩辕": "xuanyuan",
    "独孤": "dugu",
    "南宫": "nangong",
    "万俟": "moqi",
    "呼延": "huyan",
    "赫连": "helian",
    "申屠": "shentu",
    "西门": "ximen",
}


def _char_readings(chars: str) -> list[list[str]]:
    if "pypinyin" not in sys.modules:
        # Per-character readings are all that names need: the phrase dictionary (60 MB, 0.3 s)
        # guesses readings from word context, which names do not have.
        os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
        os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
    from pypinyin import Style, pinyin

    return [
        list(dict.fromkeys(r))
        for r in pinyin(list(chars), style=Style.NORMAL, heteronym=True, errors="ignore")
    ]


class Reading(Record):
    __slots__ = ("ambiguous", "given", "surname")
    _fields = ("surname", "given", "ambiguous")
    surname: str
    given: str
    ambiguous: bool  # the name has other readings too

    def __init__(self, surname: str, given: str, ambiguous: bool) -> None:
        _set(self, "surname", surname)
        _set(self, "given", given)
        _set(self, "ambiguous", ambiguous)


def readings(han: str) -> list[Reading]:
    """Pinyin readings of a Han name (surname, given name), the most likely first: surname
    readings from `SURNAME_READINGS`/`COMPOUND_SURNAMES`, then each character's readings in
    pypinyin's order, at most `MAX_READINGS`."""
    chars = "".join(split_words(han))
    if not 2 <= len(chars) <= 5 or not all(has_han(c) for c in chars):
        return []
    if chars[:2] in COMPOUND_SURNAMES and len(chars) >= 3:
        surname_options = [COMPOUND_SURNAMES[chars[:2]]]
        rest = chars[2:]
    else:
        first = _char_readings(chars[0])
        options = list(SURNAME_READINGS.get(chars[0], ()))
        options += [r for r in (first[0] if first else []) if r not in options]
        surname_options = options
        rest = chars[1:]
    rest_readings = _char_readings(rest)
    if not surname_options or len(rest_readings) != len(rest):
        return []
    combos = itertools.islice(itertools.product(surname_options, *rest_readings), MAX_READINGS)
    out = [Reading(c[0], "".join(c[1:]), False) for c in combos]
    if len(out) > 1:
        out = [Reading(r.surname, r.given, True) for r in out]
    return out


def _u_variants(text: str) -> set[str]:
    """pypinyin writes ü as v: Lü is also written Lu, Lyu or Lv."""
    if "v" not in text:
        return {text}
    return {text.replace("v", "u"), text.replace("v", "yu"), text}


def reading_keys(r: Reading) -> set[str]:
    keys: set[str] = set()
    for s in _u_variants(r.surname):
        for g in _u_variants(r.given):
            keys.update({s + g, g + s, "".join(sorted((s, g)))})
    return keys


__all__ = ["COMPOUND_SURNAMES", "MAX_READINGS", "SURNAME_READINGS", "Reading", "reading_keys", "readings"]
