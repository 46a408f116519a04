"""Tune the near-miss threshold of the people index on real names and report its precision.

    python benchmarks/tune_people.py [--realworld ../shared/realworld]

Names come from the bundled articles (attendees and speakers) and from the real-world sample
(copied to a temporary folder first): the author profiles of digitalgov-sections-sample
(``display_name``, ``first_name`` + ``last_name`` and the profile's slug, all one person) and the
author slugs of both sets. Two spellings are the same person when they come from the same
profile or slug (or, in the bundled articles, when the story says so: "Chang Junyu" is a typo of
"Chang Junyue"); every other pair is two people.

Real archives rarely keep their typos, so the positives are completed with one synthetic typo per
real name of 8 letters or more (a letter dropped, doubled, swapped with its neighbour or replaced,
seeded): those measure recall; precision is what matters here (a suggestion that is wrong wastes
an editor's time) and is measured against every real pair of different people.

Pairs that the matching rules already merge (case, spacing, punctuation, diacritics, honorifics,
order) are left out: the threshold only decides the near misses.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newsdesk.core.persons.names import has_han, match_form, max_edits, name_keys  # noqa: E402

#: Common Chinese names in pinyin (every one another person): short names one letter apart are
#: the hardest case for a near-miss rule, and this archive has many.
COMMON_PINYIN = re.split(
    r",\s*",
    "Li Wei, Li Wen, Li Na, Li Ning, Wang Wei, Wang Fei, Wang Fang, Wang Fan, Zhang Wei, Zhang Wen, "
    "Zhang Min, Zhang Ming, Liu Yang, Liu Ying, Liu Hong, Liu Hang, Chen Jing, Chen Jin, Chen Jie, "
    "Yang Li, Yang Lin, Zhao Lei, Zhao Li, Huang Min, Huang Ming, Zhou Jie, Zhou Jin, Wu Hong, "
    "Wu Hang, Xu Jing, Xu Jin, Sun Li, Sun Lin, Ma Li, Ma Lin, Zhu Hong, Zhu Hang, Hu Jun, Hu Juan, "
    "Guo Jing, Guo Jin, He Ping, He Ming, Lin Feng, Lin Fang, Gao Yan, Gao Yang, Luo Jun, Luo Qun, "
    "Liang Yu, Liang Yun, Song Jia, Song Jie, Zheng Hui, Zheng Hua, Xie Ping, Xie Bin, Han Mei, "
    "Han Mai, Tang Hao, Tang Hai, Feng Lei, Feng Li, Cao Yu, Cao Yun, Deng Chao, Deng Hao, "
    "Chang Jun, Chang Junyi, Wang Weichen, Wang Weichun, Jing Shuiqin, Jing Shuqin, Liu Hongmei, "
    "Liu Hongwei, Zhang Xiaoming, Zhang Xiaoping, Li Xiaohong, Li Xiaodong",
)
#: The bundled articles' own story: spellings that are one person beyond what the rules see.
BUNDLED_SAME = {"Chang Junyu": "Chang Junyue"}


def _front_matter(path: Path) -> dict[str, object]:
    import yaml

    text = path.read_text(encoding="utf-8", errors="replace")
    if not text.startswith("---"):
        return {}
    end = text.find("\n---", 3)
    try:
        data = yaml.safe_load(text[3:end])
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def bundled_names() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for path in sorted((REPO / "articles").glob("*.md")):
        meta = _front_matter(path)
        for key in ("attendees", "speakers"):
            for item in meta.get(key) or []:
                name = item.get("name") if isinstance(item, dict) else None
                if isinstance(name, str) and not has_han(name):
                    label = BUNDLED_SAME.get(name, name)
                    out.append((name, "bundled:" + "".join(sorted(name_keys(label)[-1:]))))
    return out


def _slug_name(slug: str) -> str:
    return " ".join(w.capitalize() for w in slug.split("-"))


def realworld_names(root: Path) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    authors = root / "digitalgov-sections-sample" / "content" / "authors"
    for profile in sorted(authors.glob("*/_index.md")):
        slug = profile.parent.name
        meta = _front_matter(profile)
        out.append((_slug_name(slug), slug))
        display = meta.get("display_name")
        if isinstance(display, str):
            out.append((display, slug))
        first, last = meta.get("first_name"), meta.get("last_name")
        if isinstance(first, str) and isinstance(last, str):
            out.append((f"{first} {last}", slug))
    for path in sorted(root.rglob("*.md")):
        meta = _front_matter(path)
        for slug in meta.get("authors") or []:
            if isinstance(slug, str) and re.fullmatch(r"[a-z0-9-]+", slug):
                out.append((_slug_name(slug), slug))
    return out


def typo(name: str, rng: random.Random) -> str:
    words = name.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))
    w = words[i]
    p = rng.randrange(1, len(w) - 1)
    kind = rng.choice(["drop", "double", "swap", "replace"])
    if kind == "drop":
        w = w[:p] + w[p + 1 :]
    elif kind == "double":
        w = w[:p] + w[p] + w[p:]
    elif kind == "swap":
        w = w[:p] + w[p + 1] + w[p] + w[p + 2 :]
    else:
        w = w[:p] + rng.choice("aeiounrst".replace(w[p].lower(), "")) + w[p + 1 :]
    words[i] = w
    return " ".join(words)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--realworld", type=Path, default=REPO.parent / "shared" / "realworld")
    args = parser.parse_args()
    from rapidfuzz import fuzz
    from rapidfuzz.distance import OSA

    names = bundled_names()
    with tempfile.TemporaryDirectory() as tmp:
        if args.realworld.is_dir():
            copy = Path(tmp) / "realworld"
            shutil.copytree(args.realworld, copy)
            names += realworld_names(copy)
        else:
            print(f"(no {args.realworld}: bundled names only)", file=sys.stderr)
    names += [(n, "common:" + n) for n in COMMON_PINYIN]
    real = sorted(set(names))
    rng = random.Random(14)
    synthetic = sorted({(typo(n, rng), k) for n, k in real if len(n.replace(" ", "")) >= 8})
    spellings = sorted(set(real) | set(synthetic))
    print(f"{len({n for n, _ in real})} real spellings of {len({k for _, k in real})} people, "
          f"{len(synthetic)} synthetic typos")  # fmt: skip
    pairs: list[tuple[float, bool, bool, tuple[str, str]]] = []  # (score, same person, real pair, names)
    real_set = set(real)
    for (a, ka), (b, kb) in itertools.combinations(spellings, 2):
        if a == b or set(name_keys(a)) & set(name_keys(b)):
            continue  # the rules merge these
        fa, fb = match_form(a), match_form(b)
        score = float(fuzz.ratio(fa, fb))
        if OSA.distance(fa, fb) > max_edits(fa, fb):
            score = 0.0  # more letter edits than a typo makes: never a near miss
        pairs.append((score, ka == kb, (a, ka) in real_set and (b, kb) in real_set, (a, b)))
    positives = sum(1 for _, same, _, _ in pairs if same)
    real_negatives = sum(1 for _, same, is_real, _ in pairs if not same and is_real)
    print(f"{len(pairs):,} pairs the rules do not merge: {positives} of one person, "
          f"{real_negatives:,} real pairs of two people\n")  # fmt: skip
    print(
        "| threshold | suggested | right | wrong | precision | recall | wrong without the common pinyin names |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    common = set(COMMON_PINYIN)
    for t in (80, 84, 86, 88, 90, 92, 94, 96):
        picked = [(same, is_real, ab) for score, same, is_real, ab in pairs if score >= t]
        right = sum(1 for same, _, _ in picked if same)
        wrong = [ab for same, is_real, ab in picked if not same and is_real]
        plain = [ab for ab in wrong if not (set(ab) & common)]
        precision = right / (right + len(wrong)) if right + len(wrong) else 1.0
        recall = right / positives if positives else 1.0
        print(
            f"| {t} | {len(picked)} | {right} | {len(wrong)} | {precision:.1%} | {recall:.1%} | {len(plain)} |"
        )
        if t == 88:
            examples = ", ".join(f"{a} / {b}" for a, b in wrong[:8])
            print(f"|  | at 88, wrong: {examples} | | | | | |")


if __name__ == "__main__":
    main()
