"""Build rules/gazetteer/heard_given.tsv: common English given names as a Russian pivot hears and writes them back in Latin letters.

A Russian (or Ukrainian, Bulgarian, Serbian) outlet writes an English given name by ear
(Brian -> Брайан, Andy -> Энди, Matt -> Мэтт), and a pivot translation romanises that
spelling back (Braian, Endi, Mett). For each common given name of the US census list
(rules/gazetteer/census_given_names.tsv) this script spells the name in Cyrillic by the
usual English-to-Russian practice, letter group by letter group and with every usual
alternative (A as А, Э or ЕЙ; a final E silent; J as ДЖ...), keeps the spellings Russian
text really writes (wordfreq's Russian list, Zipf 2.0 or more: the attested form, not a
guess), and romanises each kept spelling as pivot translations do: English-style (Dzh, Kh,
Y for Й, Yu, Ya), French-style (Dj, Kh, Tch, Ch for Ш, Ou for У, Ï for Й, Iou, Ia) and the
plain mix of the two (Dj, I for Й). A rendering equal to the name is dropped.

Each rendering carries how real a name it is elsewhere: the best wordfreq Zipf among
languages that write names in their own spelling (not Serbo-Croatian or Slovene, which
write English names by ear, as the pivot does), and whether the census or INSEE lists hold
it. "Toni", "Pol", "Kelli", "Braian" are real names somewhere: the check asks more evidence
for them (entities/openworld.py).

A rendering Jörg Michael's name dictionary lists as a given name of any country (Russian
"Danil", German "Maik", Finnish "Toni") is marked real too, when the dictionary is given.

Sources: US Census Bureau 1990 given names (public domain, via census_given_names.tsv);
wordfreq 3.1.1 (MIT; data CC BY-SA 4.0), Russian and other languages' lists; INSEE given
names (via given_fr_ranks.tsv); nam_dict.txt as shipped by the PyPI package gender-guesser
0.4.0 (GNU FDL 1.2; read at build time only, one yes/no per rendering kept).
Run: PYTHONPATH=. python tools/build_heard_given.py --nam-dict gender_guesser/data/nam_dict.txt
"""

from __future__ import annotations

import itertools
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAZ = ROOT / "rules" / "gazetteer"
OUT = GAZ / "heard_given.tsv"

MAX_RANK = 1500  # common given names only (openworld's BOTH_GIVEN_RANK)
MIN_RU_ZIPF = 2.0  # a Cyrillic spelling Russian text writes
MAX_RU_ZIPF = 5.0  # ...but no everyday word ("мат", "кол"), which the alternatives reach by chance
COST_ZIPF = 0.5  # a spelling's standing: its Russian Zipf less this per step down the alternatives...
KEEP_BELOW_BEST = 1.5  # ...within this of the name's best standing (a spelling far behind is a stray word)
MAX_COMBINATIONS = 4000  # Cyrillic spellings tried per name
# Languages that write foreign names in their own spelling (Serbo-Croatian and Slovene write English names by ear).
NATIVE_LANGUAGES = ("fr", "en", "es", "pt", "it", "de", "nl", "pl", "cs", "sk", "sv", "nb", "da", "fi", "hu", "ro", "tr", "ca", "lt", "lv", "id", "ms", "fil", "vi")
VOWELS = "aeiouy"
NAMED_ZIPF = 2.0  # the standing given a rendering nam_dict lists as a name (openworld's REAL_ELSEWHERE_ZIPF: real)
# Renderings ending as a Slavic woman's own name is romanised (Ukrainian passports "Anastasiia",
# "Viktoriia"; Russian "Sofiya", "Nataliya"): the name a Slav bears, no English name garbled.
SLAVIC_OWN_ENDINGS = ("iia", "iya", "ia", "ya", "iy", "ii")

# English letter groups and their Cyrillic renderings, longest first. Vowels are handled apart (`_vowel`).
_CONSONANTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tch", ("ч",)),
    ("sch", ("ш",)),
    ("ch", ("ч", "к")),
    ("sh", ("ш",)),
    ("th", ("т", "с")),
    ("ph", ("ф", "в")),
    ("gh", ("", "г")),
    ("ck", ("к",)),
    ("qu", ("кв",)),
    ("wh", ("у", "в")),
    ("wr", ("р",)),
    ("kn", ("н",)),
    ("dg", ("дж",)),
    ("x", ("кс",)),
    ("j", ("дж",)),
    ("z", ("з",)),
    ("b", ("б",)),
    ("d", ("д",)),
    ("f", ("ф",)),
    ("k", ("к",)),
    ("l", ("л",)),
    ("m", ("м",)),
    ("n", ("н",)),
    ("p", ("п",)),
    ("r", ("р",)),
    ("t", ("т",)),
    ("v", ("в",)),
)
_VOWEL_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("eigh", ("ей", "эй")),
    ("augh", ("о",)),
    ("ough", ("о", "оу")),
    ("ee", ("и",)),
    ("ea", ("и", "е")),
    ("ai", ("ей", "эй")),
    ("ay", ("ей", "эй")),
    ("ei", ("ей", "эй", "ай", "и")),
    ("ey", ("ей", "эй", "и")),
    ("ie", ("и", "ай")),
    ("oo", ("у",)),
    ("ou", ("ау", "оу", "у", "о", "а")),
    ("ow", ("оу", "ау")),
    ("aw", ("о",)),
    ("au", ("о", "ау")),
    ("oa", ("оу", "о")),
    ("oe", ("оу", "о")),
    ("ew", ("ью", "ю", "у")),
    ("ue", ("ью", "ю", "у")),
    ("oy", ("ой",)),
    ("oi", ("ой",)),
    ("ia", ("иа", "ия", "айа")),
    ("ae", ("", "эй", "и", "е")),
    ("io", ("ио",)),
    ("eo", ("ео", "ио")),
    ("ua", ("уа",)),
)
# One vowel letter: in a closed syllable, in an open one (followed by one consonant and a vowel: "magic E"), at the start.
_SHORT = {"a": ("э", "а", "е"), "e": ("е", "э"), "i": ("и",), "o": ("о", "а"), "u": ("а", "у"), "y": ("и",)}
_LONG = {"a": ("ей", "эй", "а", "э"), "e": ("и", "е"), "i": ("ай", "и"), "o": ("оу", "о"), "u": ("ю", "у"), "y": ("ай", "и")}
_INITIAL = {"a": ("э", "а", "ей", "эй"), "e": ("э", "и"), "i": ("и", "ай"), "o": ("о", "а"), "u": ("а", "ю"), "y": ("и",)}


def _alternatives(name: str) -> list[tuple[str, ...]]:
    """Return, per letter group of a lowercase name, its Cyrillic alternatives in order."""
    out: list[tuple[str, ...]] = []
    i, n = 0, len(name)
    while i < n:
        rest = name[i:]
        before = name[i - 1] if i else ""
        nxt = name[i + 1] if i + 1 < n else ""
        # A doubled consonant: written once or twice.
        if rest[0] not in VOWELS and nxt == rest[0]:
            single = _consonant(rest[0], name, i)
            out.append(tuple(dict.fromkeys([s + s for s in single if s] + list(single))))
            i += 2
            continue
        if rest[0] == "e" and i == n - 1 and i > 1:
            out.append(("", "и", "е"))  # final E: silent (Jane), or read (Stephanie's -ie is a group)
            i += 1
            continue
        if rest[0] == "h":
            out.append(("",) if (before in VOWELS and before) else ("х", "г", ""))  # Henry: Генри; Sarah: Сара
            i += 1
            continue
        if rest[0] == "w":
            out.append(("у", "в") if nxt in VOWELS else ("",))
            i += 1
            continue
        if rest[0] == "y" and nxt in VOWELS and nxt:
            out.append(("й", "и") if i == 0 else ("ай", "й", "и"))  # Yolanda: Йоланда; Bryan: Брайан
            i += 1
            continue
        group = next(((g, r) for g, r in _VOWEL_GROUPS if rest.startswith(g)), None)
        if group is not None:
            g, r = group
            final = i + len(g) == n
            if g in ("ie", "ey") and final:
                r = ("и",) + tuple(x for x in r if x != "и")
            out.append(r)
            i += len(g)
            continue
        if rest[0] in VOWELS:
            out.append(_vowel(name, i))
            i += 1
            continue
        digraph = next(((g, r) for g, r in _CONSONANTS if len(g) > 1 and rest.startswith(g)), None)
        if digraph is not None:
            out.append(digraph[1])
            i += len(digraph[0])
            continue
        if rest[0] in ("c", "g", "s"):
            out.append(_consonant(rest[0], name, i))
            i += 1
            continue
        for g, r in _CONSONANTS:
            if rest.startswith(g):
                out.append(r)
                i += len(g)
                break
        else:
            return []  # a letter the tables do not know
    return out


def _consonant(c: str, name: str, i: int) -> tuple[str, ...]:
    """Return the Cyrillic of C, G or S (soft before E, I, Y) or of any plain consonant."""
    nxt = name[i + 1 : i + 2]
    if c == "c":
        return ("с",) if nxt in ("e", "i", "y") and nxt else ("к",)
    if c == "g":
        return ("дж", "г") if nxt in ("e", "i", "y") and nxt else ("г",)
    if c == "s":
        return ("с", "з")
    return next((r for g, r in _CONSONANTS if g == c), ("",))


def _vowel(name: str, i: int) -> tuple[str, ...]:
    """Return the Cyrillic of one vowel letter: initial, long (open syllable) or short."""
    v = name[i]
    if i == 0:
        return _INITIAL[v]
    if v == "y" and i == len(name) - 1:
        return ("и",)
    if v == "i" and i == len(name) - 1:
        return ("и",)
    if v == "a" and i == len(name) - 1:
        return ("а",)
    if v == "o" and i == len(name) - 1:
        return ("о", "оу")
    after = name[i + 1 :]
    if after[:2] in ("ch", "th", "sh", "ph"):
        after = after[1:]  # one consonant sound
    opened = len(after) >= 2 and after[0] not in VOWELS and after[1] in VOWELS and after[0] not in "rwxy"
    if opened:
        return tuple(dict.fromkeys(_LONG[v] + _SHORT[v]))
    if v == "a" and after[:1] == "r":
        return ("а", "э")  # Mark: Марк, Carl: Карл
    if v in "eiu" and after[:1] == "r" and after[1:2] not in VOWELS:
        return ("ё", "е", "э", "и" if v == "i" else "а")  # Burnham: Бёрнем
    return _SHORT[v]


def cyrillic_spellings(name: str) -> dict[str, int]:
    """Return every Cyrillic spelling the alternatives give a lowercase name (bounded), with its cost: how far down the alternatives it reaches."""
    alts = _alternatives(name)
    if not alts:
        return {}
    out: dict[str, int] = {}
    indexed = [list(enumerate(a)) for a in alts]
    for combo in itertools.islice(itertools.product(*indexed), MAX_COMBINATIONS):
        spelled = "".join(c for _, c in combo)
        cost = sum(i for i, _ in combo)
        if spelled and cost < out.get(spelled, cost + 1):
            out[spelled] = cost
    return out


# Romanisation schemes a pivot writes: per Cyrillic letter, the Latin; digraph rules first.
_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "з": "z", "и": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ф": "f", "ц": "ts",
    "ы": "y", "ь": "", "ъ": "", "э": "e", "х": "kh",
}
_SCHEMES = {
    "english": {"дж": "dzh", "ж": "zh", "й": "y", "у": "u", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "yu", "я": "ya"},
    "plain": {"дж": "dj", "ж": "zh", "й": "i", "у": "u", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "iu", "я": "ia"},
    "french": {"дж": "dj", "ж": "j", "й": "ï", "у": "ou", "ч": "tch", "ш": "ch", "щ": "chtch", "ю": "iou", "я": "ia"},
}


def romanisations(cyrillic: str) -> list[str]:
    """Return the Latin spellings the pivot schemes give a Cyrillic word."""
    out = []
    for scheme in _SCHEMES.values():
        letters, i = [], 0
        while i < len(cyrillic):
            if cyrillic.startswith("дж", i):
                letters.append(scheme["дж"])
                i += 2
                continue
            c = cyrillic[i]
            letters.append(scheme.get(c, _COMMON.get(c, c)))
            i += 1
        out.append("".join(letters))
    return list(dict.fromkeys(out))


def _plain(word: str) -> str:
    return word.replace("ï", "i")


def nam_dict_names(path: Path | None) -> frozenset[str]:
    """Return the plain ASCII given names nam_dict.txt lists for any country (empty without the file)."""
    if path is None:
        return frozenset()
    out = set()
    for line in path.read_text(encoding="iso-8859-1").splitlines():
        if line.startswith("#") or line.startswith("=") or len(line) < 30:
            continue
        for part in line[3:29].strip().split("+"):
            word = part.strip().casefold()
            if word.isascii() and word.isalpha():
                out.add(word)
    return frozenset(out)


def build(named: frozenset[str] = frozenset()) -> list[tuple[str, str, str, float, float, bool]]:
    """Return (rendering, name, cyrillic, russian zipf, zipf elsewhere, listed) rows, sorted."""
    from wordfreq import get_frequency_dict, zipf_frequency

    ru = get_frequency_dict("ru")
    ranks = _ranks(GAZ / "census_given_names.tsv")
    french = set(_ranks(GAZ / "given_fr_ranks.tsv"))
    rows: dict[str, tuple[tuple[int, int, float], tuple[str, str, str, float, float, bool]]] = {}
    for name, rank in sorted(ranks.items()):
        if rank > MAX_RANK or not name.isalpha() or not name.isascii():
            continue
        spellings = cyrillic_spellings(name)
        attested = [(spellings[c], math.log10(ru[c] * 1e9), c) for c in spellings if c in ru]
        attested = [(cost, z, c) for cost, z, c in attested if MIN_RU_ZIPF <= z <= MAX_RU_ZIPF]
        if not attested:
            continue
        best = max(z - COST_ZIPF * cost for cost, z, _ in attested)
        for cost, z, cyr in sorted(attested):
            if z - COST_ZIPF * cost < best - KEEP_BELOW_BEST:
                continue
            for latin in romanisations(cyr):
                key = _plain(latin)
                if key == name or len(key) < 3 or key.endswith(SLAVIC_OWN_ENDINGS):
                    continue
                elsewhere = max(zipf_frequency(key, lang) for lang in NATIVE_LANGUAGES)
                listed = key in ranks or key in french
                if key in named:
                    elsewhere = max(elsewhere, NAMED_ZIPF)  # a given name somewhere, whatever wordfreq sees
                row = (key, name, cyr, round(z, 2), round(elsewhere, 2), listed)
                # One name per rendering: the one whose usual Cyrillic it is (fewest steps down the alternatives), then the commoner.
                order = (cost, ranks[name], -z)
                if key not in rows or order < rows[key][0]:
                    rows[key] = (order, row)
    return sorted(row for _, row in rows.values())


def _ranks(path: Path) -> dict[str, int]:
    out: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip() or "\t" not in line:
            continue
        name, rank = line.split("\t")[:2]
        if rank.isdigit():
            out[name.casefold()] = int(rank)
    return out


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nam-dict", type=Path, help="gender_guesser/data/nam_dict.txt of gender-guesser 0.4.0")
    args = parser.parse_args()
    if args.nam_dict is not None and not args.nam_dict.is_file():
        parser.error(f"{args.nam_dict} not found")
    rows = build(nam_dict_names(args.nam_dict))
    from importlib.metadata import version

    header = [
        "# Common English given names as a Russian pivot writes them by ear and romanises them back",
        "# (auditor/entities/openworld.py, the heard given name). Generated by tools/build_heard_given.py; do not edit.",
        "# Sources: US Census Bureau 1990 given names (public domain; census_given_names.tsv), rank 1500 or better;",
        f"#   wordfreq {version('wordfreq')} (MIT; data CC BY-SA 4.0): the Cyrillic spelling attested in Russian text",
        "#   (Zipf 2.0 or more), and the rendering's best Zipf in languages that write names natively;",
        "#   INSEE given names (public domain; given_fr_ranks.tsv); a rendering that Jörg Michael's nam_dict.txt",
        "#   (gender-guesser 0.4.0, GNU FDL 1.2) lists as a given name stands at Zipf 2.0 or more elsewhere.",
        "#   This table: CC BY-SA 4.0. Command: PYTHONPATH=. python tools/build_heard_given.py --nam-dict gender_guesser/data/nam_dict.txt",
        "# Columns: rendering (plain), English given name, Cyrillic, Russian Zipf, Zipf elsewhere, listed (census or INSEE).",
        f"# {len(rows)} renderings.",
    ]
    lines = header + ["\t".join((k, n, c, f"{z:.2f}", f"{e:.2f}", "1" if listed else "0")) for k, n, c, z, e, listed in rows]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rows)} renderings", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
