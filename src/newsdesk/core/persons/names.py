"""How names are compared, and roles.

* **The same person** (`name_keys`; the people index merges them): spellings that differ only in
  case, spacing, punctuation, diacritics (``Jose``/``José``), honorifics before the name
  (``Prof.``, ``Dr``, ``Professor``) or degrees after it (``PhD``), or the order of given and
  family name (``Liu Hong``/``Hong Liu``); `differences` says which, in words an editor knows.
* **Near misses** (`is_near_miss`; suggested, never merged): edit similarity on `match_form`
  (``Chang Junyue``/``Chang Junyu``), from `NEAR_MISS`, the tuned threshold (rapidfuzz, imported
  only when two names are measured), within `max_edits`.
* **Roles** (`role_key`): folded words, a trailing ``, <organization>`` of the person left out.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

#: The rapidfuzz ratio (0-100) from which two names are suggested as the same person. Tuned on the
#: bundled and real-world names (benchmarks/tune_people.py; precision in the README).
NEAR_MISS = 88.0

#: Titles written before a name that do not change who is meant.
HONORIFICS = frozenset(
    [
        "prof",
        "professor",
        "dr",
        "doctor",
        "mr",
        "mrs",
        "ms",
        "mx",
        "miss",
        "sir",
        "dame",
        "rev",
        "revd",
        "reverend",
        "hon",
        "honourable",
        "honorable",
        "the",
        "assoc",
        "associate",
        "asst",
        "assistant",
        "emeritus",
    ]
)
#: "associate"/"assistant"/"the" only count when another honorific follows ("Assoc. Prof.").
_HONORIFIC_LEADS = frozenset({"the", "assoc", "associate", "asst", "assistant"})
#: Degrees and honours written after a name.
POSTNOMINALS = frozenset(["phd", "dphil", "edd", "esq", "obe", "mbe", "cbe", "kbe", "dbe", "frs"])
#: Chinese titles written after a name (刘红教授): stripped when two or more characters remain.
HAN_TITLES = ("教授", "博士", "先生", "女士", "老师", "同志", "校长", "院长", "主任", "书记")
#: Words that, added to a name, are a title rather than part of it ("Administrator Robin
#: Carnahan"): names that differ only by these (or by initials) are suggested as candidates.
TITLE_WORDS = frozenset(
    [
        "administrator",
        "president",
        "vice",
        "chancellor",
        "dean",
        "secretary",
        "director",
        "chair",
        "chairman",
        "chairwoman",
        "minister",
        "senator",
        "governor",
        "mayor",
        "deputy",
        "chief",
        "head",
        "provost",
        "principal",
        "rector",
        "registrar",
        "ambassador",
        "commissioner",
        "judge",
        "justice",
        "general",
        "colonel",
        "captain",
    ]
)
_LETTERS_MAP = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
)
_UPPER_LETTERS_MAP = str.maketrans({"Ø": "O", "Ł": "L", "Đ": "D", "Ð": "D", "Þ": "Th", "Æ": "Ae", "Œ": "Oe"})
#: Han characters (CJK ideographs). Compiled when first needed (its ranges take 2-3 ms to
#: compile, which `newsdesk validate ONE.md` need not pay for names in the Latin alphabet).
_HAN_CLASS = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"


@functools.cache
def _han() -> re.Pattern[str]:
    return re.compile(_HAN_CLASS)


def has_han(text: str) -> bool:
    """Whether ``text`` has a Han character (a name written in Chinese characters)."""
    # ASCII text has no Han characters: no need to compile the pattern for it.
    return not text.isascii() and _han().search(text) is not None


def squeeze(text: str) -> str:
    """``text`` with runs of white space as one space, trimmed: how a spelling is compared."""
    return " ".join(text.split())


def fold(text: str) -> str:
    """Case and diacritics folded away (``José`` -> ``jose``, ``Łukasz`` -> ``lukasz``); other
    scripts' marks (kana voicing) are kept."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_LETTERS_MAP)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not ("\u0300" <= c <= "\u036f"))
    return unicodedata.normalize("NFC", stripped)


_WORD = re.compile(r"[^\W_]+")


def split_words(text: str) -> list[str]:
    """Words of folded text: letters and digits; punctuation and spaces separate them."""
    return _WORD.findall(text)


def name_tokens(name: str) -> list[str]:
    """The words that identify a person: folded, without honorifics before or degrees after."""
    words = split_words(fold(name))
    if len(words) == 1 and has_han(words[0]):
        word = words[0]
        for title in HAN_TITLES:
            if word.endswith(title) and len(word) - len(title) >= 2:
                return [word[: -len(title)]]
        return words
    start = 0
    while start < len(words) - 1 and words[start] in HONORIFICS:
        if words[start] in _HONORIFIC_LEADS and words[start + 1] not in HONORIFICS:
            break
        start += 1
    end = len(words)
    while end - start > 1 and words[end - 1] in POSTNOMINALS:
        end -= 1
    return words[start:end] if end > start else words


def name_keys(name: str) -> tuple[str, ...]:
    """Keys under which spellings are the same person: the words run together as written, and
    (for names not in Han characters) sorted, so that order and spacing do not matter."""
    words = name_tokens(name)
    if not words:
        return ()
    written = "".join(words)
    if has_han(written):
        return (written,)
    ordered = "".join(sorted(words))
    return (written,) if ordered == written else (written, ordered)


def match_form(name: str) -> str:
    """The form near misses are measured on: the identifying words, sorted, space-separated."""
    return " ".join(sorted(name_tokens(name)))


_FEATURES = ("case", "diacritics", "punctuation", "spacing", "honorific", "order")


def _forms_without(name: str, off: str) -> set[str]:
    """The forms `name_keys` compares, with the normalisation ``off`` left out."""
    text = unicodedata.normalize("NFKC", name)
    if off != "case":
        text = text.casefold()
    if off != "diacritics":
        text = text.translate(_LETTERS_MAP).translate(_UPPER_LETTERS_MAP)
        text = unicodedata.normalize(
            "NFC", "".join(c for c in unicodedata.normalize("NFD", text) if not ("\u0300" <= c <= "\u036f"))
        )
    words = split_words(text) if off != "punctuation" else text.split()
    if off != "honorific":
        folded = [fold(w) for w in words]
        start = 0
        while start < len(words) - 1 and folded[start].strip(".") in HONORIFICS:
            if (
                folded[start].strip(".") in _HONORIFIC_LEADS
                and folded[start + 1].strip(".") not in HONORIFICS
            ):
                break
            start += 1
        end = len(words)
        while end - start > 1 and folded[end - 1].strip(".,") in POSTNOMINALS:
            end -= 1
        words = words[start:end]
    joiner = " " if off == "spacing" else ""
    forms = {joiner.join(words)}
    if off != "order":
        forms.add(joiner.join(sorted(words)))
    return forms


def differences(a: str, b: str) -> list[str]:
    """How two spellings of one person differ, in words an editor knows: the normalisations
    (case, diacritics, punctuation, spacing, honorific, order) without which they would not be the
    same; ``alias`` when only people.toml makes them one."""
    if a.strip() == b.strip():
        return []
    if not set(name_keys(a)) & set(name_keys(b)):
        return ["alias"]
    out = [f for f in _FEATURES if not (_forms_without(a, f) & _forms_without(b, f))]
    spaces_differ = re.findall(r"\s+", a.strip()) != re.findall(r"\s+", b.strip())
    if "spacing" not in out and spaces_differ and len(split_words(a)) == len(split_words(b)):
        out.append("spacing")
    if not out and squeeze(a) != squeeze(b) and squeeze(a).casefold() == squeeze(b).casefold():
        out.append("case")
    return out or ["spacing"]


@functools.lru_cache(maxsize=16384)
def role_words(role: str) -> tuple[str, ...]:
    """A role's (or organization's) folded words; roles recur, so they are remembered."""
    return tuple(split_words(fold(role)))


def role_key(role: str | None, organizations: Sequence[str] = ()) -> str:
    """A role as compared: folded words, without a trailing ``, <organization>`` of this person."""
    if not role:
        return ""
    return _role_key(role, tuple(organizations))


@functools.lru_cache(maxsize=65536)
def _role_key(role: str, organizations: tuple[str, ...]) -> str:
    words = role_words(role)
    for org in organizations:
        org_words = role_words(org)
        if org_words and len(words) > len(org_words) and words[-len(org_words) :] == org_words:
            words = words[: -len(org_words)]
            break
    return " ".join(words)


def same_role(a: str | None, b: str | None, organizations: Sequence[str] = ()) -> bool:
    """Whether two roles are the same (`role_key`); a role not given is the same as any."""
    if not a or not b:
        return True
    return role_key(a, organizations) == role_key(b, organizations)


# -- near misses -----------------------------------------------------------------------------------


def near_miss_score(a: str, b: str) -> float:
    """How alike two names are (0-100): rapidfuzz's ratio on `match_form`."""
    from rapidfuzz import fuzz

    return float(fuzz.ratio(match_form(a), match_form(b)))


def max_edits(form_a: str, form_b: str) -> int:
    """The most letter edits (insert, delete, replace, swap two neighbours) a near miss may
    take: 1 for short names, 2 from 12 letters. "Ma Kowalski" is not a typo of "Mateo Kowalski"."""
    return 1 if min(len(form_a), len(form_b)) < 12 else 2


def is_near_miss(a: str, b: str, threshold: float = NEAR_MISS) -> bool:
    """Whether two spellings are suggested as one person by the near-miss rule."""
    from rapidfuzz.distance import OSA

    fa, fb = match_form(a), match_form(b)
    cap = max_edits(fa, fb)
    return near_miss_score(a, b) >= threshold and OSA.distance(fa, fb, score_cutoff=cap) <= cap


def could_be_near(form_a: str, form_b: str) -> bool:
    """False only when ``form_a`` and ``form_b`` (`match_form`) cannot be a near miss
    (`max_edits`): each letter edit changes the lengths by at most one and the letters (as a
    multiset) by at most two, so names further apart in either are more edits apart."""
    cap = max_edits(form_a, form_b)
    if abs(len(form_a) - len(form_b)) > cap:
        return False
    apart = Counter(form_a)
    apart.subtract(form_b)
    return sum(map(abs, apart.values())) <= 2 * cap


__all__ = [
    "HAN_TITLES",
    "HONORIFICS",
    "NEAR_MISS",
    "POSTNOMINALS",
    "TITLE_WORDS",
    "could_be_near",
    "differences",
    "fold",
    "has_han",
    "is_near_miss",
    "match_form",
    "max_edits",
    "name_keys",
    "name_tokens",
    "near_miss_score",
    "role_key",
    "role_words",
    "same_role",
    "split_words",
    "squeeze",
]
