"""Generate rules/gazetteer/cjk_pivot.tsv: Chinese and Japanese syllables as a Russian pivot spells them back in Latin letters.

A Chinese name translated English -> Russian -> French comes back in the Russian Palladius
system read in Latin letters (Xi Jinping -> Си Цзиньпин -> "Si Tszinpin"); a Japanese name in
the Polivanov system (Ishiguro -> Исигуро -> "Isiguro"). This script writes, for each system,
every syllable's pivot spellings (the Cyrillic syllable romanised as MT engines do, with the
ISO 9 / BGN-style letter table below, every variant of ю, я, й, ё) and the standard spelling
it stands for, plus the syllables of each standard romanisation (pinyin, Wade-Giles without
marks, Hepburn): a word spelled in one of them as written is no evidence of a pivot.

  zh  every pinyin syllable that PyPI `pypinyin` (MIT licence) knows a character for, with
      its Palladius Cyrillic from pypinyin's Style.CYRILLIC, and its Wade-Giles form from
      Style.WADEGILES (apostrophes and umlauts dropped, as French news prints them).
  ja  the Hepburn syllables of the kana chart (gojuon, dakuten, yoon, geminated consonants)
      and their Polivanov Cyrillic, the standard Russian system (Е. Д. Поливанов, 1917),
      written out below: it is a fixed table of about a hundred syllables.

Korean (the Kontsevich system) is not built: its names are written in news in personal
spellings (Yoon, Lee, Park) that no syllable table gives, so a Kontsevich reverse table would
have no standard spelling to suggest.

pypinyin is needed to build the table only, never at run time:

    pip install '.[tools]'   # pypinyin (pyproject's build-time extra)
    PYTHONPATH=. python tools/build_cjk_pivot.py
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "rules" / "gazetteer" / "cjk_pivot.tsv"

# Cyrillic -> Latin as MT engines romanise Russian names (ISO 9 / BGN-style): the letters with
# several customary spellings give one variant each. ъ and ь are dropped.
LATIN: dict[str, tuple[str, ...]] = {
    "а": ("a",), "б": ("b",), "в": ("v",), "г": ("g",), "д": ("d",), "е": ("e",), "ё": ("io", "yo"),
    "ж": ("zh",), "з": ("z",), "и": ("i",), "й": ("i", "y"), "к": ("k",), "л": ("l",), "м": ("m",),
    "н": ("n",), "о": ("o",), "п": ("p",), "р": ("r",), "с": ("s",), "т": ("t",), "у": ("u",),
    "ф": ("f",), "х": ("kh",), "ц": ("ts",), "ч": ("ch",), "ш": ("sh",), "щ": ("shch",), "ъ": ("",),
    "ы": ("y",), "ь": ("",), "э": ("e",), "ю": ("iu", "yu"), "я": ("ia", "ya"),
}
# Initial е (pinyin ye) is also written "ye" by BGN-style tables.
INITIAL_VARIANTS = {"е": ("e", "ye")}
MAX_VARIANTS = 8  # a syllable has at most three variable letters (юй -> iui, yui, iuy, yuy)

# Hepburn syllable -> Polivanov Cyrillic (kana chart; ぢ and づ are written ji and zu as じ and ず,
# を is o).
POLIVANOV: dict[str, str] = {
    "a": "а", "i": "и", "u": "у", "e": "э", "o": "о",
    "ka": "ка", "ki": "ки", "ku": "ку", "ke": "кэ", "ko": "ко",
    "sa": "са", "shi": "си", "su": "су", "se": "сэ", "so": "со",
    "ta": "та", "chi": "ти", "tsu": "цу", "te": "тэ", "to": "то",
    "na": "на", "ni": "ни", "nu": "ну", "ne": "нэ", "no": "но",
    "ha": "ха", "hi": "хи", "fu": "фу", "he": "хэ", "ho": "хо",
    "ma": "ма", "mi": "ми", "mu": "му", "me": "мэ", "mo": "мо",
    "ya": "я", "yu": "ю", "yo": "ё",
    "ra": "ра", "ri": "ри", "ru": "ру", "re": "рэ", "ro": "ро",
    "wa": "ва", "n": "н",
    "ga": "га", "gi": "ги", "gu": "гу", "ge": "гэ", "go": "го",
    "za": "дза", "ji": "дзи", "zu": "дзу", "ze": "дзэ", "zo": "дзо",
    "da": "да", "de": "дэ", "do": "до",
    "ba": "ба", "bi": "би", "bu": "бу", "be": "бэ", "bo": "бо",
    "pa": "па", "pi": "пи", "pu": "пу", "pe": "пэ", "po": "по",
    "kya": "кя", "kyu": "кю", "kyo": "кё", "sha": "ся", "shu": "сю", "sho": "сё",
    "cha": "тя", "chu": "тю", "cho": "тё", "nya": "ня", "nyu": "ню", "nyo": "нё",
    "hya": "хя", "hyu": "хю", "hyo": "хё", "mya": "мя", "myu": "мю", "myo": "мё",
    "rya": "ря", "ryu": "рю", "ryo": "рё", "gya": "гя", "gyu": "гю", "gyo": "гё",
    "ja": "дзя", "ju": "дзю", "jo": "дзё", "bya": "бя", "byu": "бю", "byo": "бё",
    "pya": "пя", "pyu": "пю", "pyo": "пё",
}
# A geminated consonant (small tsu) doubles the next consonant in both systems; Hepburn writes
# it "t" before ch.
GEMINABLE = ("k", "s", "t", "p")


def romanise(cyrillic: str) -> list[str]:
    """Return every Latin spelling of a Cyrillic syllable under the letter table, sorted."""
    options = []
    for i, letter in enumerate(cyrillic):
        table = INITIAL_VARIANTS if i == 0 and letter in INITIAL_VARIANTS else LATIN
        if letter not in table:
            raise ValueError(f"no romanisation for {letter!r} in {cyrillic!r}")
        options.append(table[letter])
    spellings = sorted({"".join(p) for p in itertools.product(*options)})
    if len(spellings) > MAX_VARIANTS:
        raise ValueError(f"{cyrillic!r} gives {len(spellings)} spellings")
    return spellings


def chinese_rows() -> list[tuple[str, str, str, str, str]]:
    """Return the zh rows: pivot spellings of every pinyin syllable, and the valid pinyin and Wade-Giles syllables."""
    from pypinyin import Style
    from pypinyin.pinyin_dict import pinyin_dict
    from pypinyin.style import convert

    syllables: set[str] = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            normal = convert(reading, Style.NORMAL, strict=True)  # ü is written v: lv, nve
            if re.fullmatch(r"[a-z]+", normal) and re.search(r"[aeiouv]", normal):
                syllables.add(normal)
    rows = []
    valid: set[str] = set()
    wade_giles: set[str] = set()
    for syllable in sorted(syllables):
        cyrillic = convert(syllable, Style.CYRILLIC, strict=True)
        valid.add(syllable)
        if "v" in syllable:  # nü, lü: written nu, lu, nyu, lyu or nv, lv in names
            valid.update({syllable.replace("v", "u"), syllable.replace("v", "yu")})
        wade = convert(syllable, Style.WADEGILES, strict=True).replace("'", "").replace("’", "").replace("ü", "u")
        if re.fullmatch(r"[a-z]+", wade):
            wade_giles.add(wade)
        if not re.fullmatch(r"[а-яё]+", cyrillic):
            continue
        for spelling in romanise(cyrillic):
            rows.append(("zh", "pivot", spelling, cyrillic, syllable.replace("v", "ü")))
    rows += [("zh", "pinyin", s, "-", "-") for s in sorted(valid)]
    rows += [("zh", "wade-giles", s, "-", "-") for s in sorted(wade_giles)]
    return rows


def syllable_counts() -> dict[str, int]:
    """Return how often each pinyin syllable (ü written ü) stands in pypinyin's phrase list."""
    from collections import Counter

    from pypinyin import Style
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.style import convert

    counts: Counter[str] = Counter()
    for readings in phrases_dict.values():
        for reading in readings:
            counts[convert(reading[0], Style.NORMAL, strict=True).replace("v", "ü")] += 1
    return dict(counts)


def japanese_rows() -> list[tuple[str, str, str, str, str]]:
    """Return the ja rows: pivot spellings of every Hepburn syllable (Polivanov), and the valid Hepburn syllables."""
    rows = []
    valid = set(POLIVANOV) | {"wo"}  # を: Polivanov о, read back as o
    for hepburn, cyrillic in sorted(POLIVANOV.items()):
        for spelling in romanise(cyrillic):
            rows.append(("ja", "pivot", spelling, cyrillic, hepburn))
            if spelling[0] in GEMINABLE and hepburn != "n":
                doubled = "t" + hepburn if hepburn.startswith("ch") else hepburn[0] + hepburn
                rows.append(("ja", "pivot", spelling[0] + spelling, cyrillic[0] + cyrillic, doubled))
                valid.add(doubled)
    rows += [("ja", "hepburn", s, "-", "-") for s in sorted(valid)]
    return rows


def main(argv: list[str] | None = None) -> int:
    """Write the table (or print it with --stdout)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stdout", action="store_true", help="print instead of writing rules/gazetteer/cjk_pivot.tsv")
    args = parser.parse_args(argv)
    import pypinyin

    counts = syllable_counts()
    # A spelling's standard syllables in order of preference: the most frequent first (pinyin in
    # pypinyin's phrase list: "tszin" is jin before jing), then alphabetical.
    rows = sorted(set(chinese_rows() + japanese_rows()), key=lambda r: (r[0], r[1], r[2], -counts.get(r[4], 0), r[3], r[4]))
    header = [
        "# Chinese and Japanese syllables spelled through a Russian pivot, read by auditor/entities/cjk.py.",
        "# Generated by tools/build_cjk_pivot.py; do not edit by hand.",
        f"# Sources: zh: PyPI pypinyin {pypinyin.__version__} (MIT licence): its pinyin syllables, their Palladius",
        "#   Cyrillic (Style.CYRILLIC) and Wade-Giles forms (Style.WADEGILES); ja: the Hepburn kana chart and",
        "#   the Polivanov system (E. D. Polivanov, 1917), tabled in the script. Cyrillic read back with an",
        "#   ISO 9 / BGN-style letter table (х kh, ц ts, ж zh, ч ch, ю iu/yu, я ia/ya, ё io/yo; ь and ъ dropped).",
        "#",
        "#   system  zh | ja",
        "#   kind    pivot: a syllable as the pivot spells it; pinyin, wade-giles, hepburn: a syllable of",
        "#           that standard romanisation (a word made of one standard's syllables is no pivot spelling)",
        "#   spelling, cyrillic, standard (the standard syllable a pivot spelling stands for; - for valid rows)",
        "#   The standards of one spelling come most frequent first (zh: in pypinyin's phrase list).",
        "#",
        "# system\tkind\tspelling\tcyrillic\tstandard",
    ]
    text = "\n".join(header + ["\t".join(r) for r in rows]) + "\n"
    if args.stdout:
        sys.stdout.write(text)
    else:
        OUT.write_text(text, encoding="utf-8")
        print(f"{OUT.relative_to(ROOT)}: {len(rows)} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
