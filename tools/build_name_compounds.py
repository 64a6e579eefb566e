"""Generate rules/gazetteer/nouns.compounds.generated.tsv: closed English compound names and their word-by-word French.

Machine translation renders a brand made of two English words closed up (Starlink, Firestone, Greenpeace) word by word:
"Lien d'étoile", "Pierre de Feu", "Paix Verte". This script lists the French phrases such a rendering takes, so that the
compound-rendering check (auditor/entities/compounds.py) can find them and suggest the name.

  compound  an English word W = A + B (each part MIN_PART_LENGTH letters and up) of wordfreq's English list with Zipf
            MIN_ENGLISH_ZIPF and up that is a name, not a word: no headword FreeDict eng-fra or eng-deu translates by
            another word (bathroom, railway, honeymoon are words; eng-deu writes Greenpeace as it is), and French text writes it nearly as often as English text (Zipf at most
            MAX_FRENCH_GAP lower: Firestone 2.9 / 2.3, Greenpeace 3.0 / 3.4; bathroom 4.5 / 1.8 is an English word);
  parts     A and B English words whose French words are the rows of nouns.names.generated.tsv (tools/build_name_words.py:
            French words dictionaries and pivots agree translate it) or eng-fra's one-word translations that fra-eng
            holds as nouns or adjectives (link -> lien); the French phrase is "N(B) de N(A)" ("d'" before a vowel or h)
            or, where fra-eng holds A's French word as an adjective, "N(B) Adj(A)", in its masculine form and, where
            French text knows it (Zipf MIN_FEMININE_ZIPF), its feminine one (Paix Verte);
  kept      a phrase that is no multi-word headword of FreeDict fra-eng (pomme de terre, chemin de fer) and no form
            of a gazetteer name (Maison Blanche, Côte d'Ivoire): those are French, rightly written.

Get the sources (Debian packages, build time only) and run:

    apt-get download dict-freedict-eng-fra dict-freedict-fra-eng dict-freedict-eng-deu
    for f in *.deb; do dpkg-deb -x "$f" deb; done
    PYTHONPATH=. python tools/build_name_compounds.py --freedict deb

The output is deterministic: the same packages, tables and wordfreq give the same file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Iterable, Mapping

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from build_name_nouns import Headword, find_pair, package_version, read_dictd  # noqa: E402
from auditor.entities.gazetteer import load_gazetteer_dir, plain  # noqa: E402
from auditor.lang.frequencies import zipf  # noqa: E402

GAZETTEER = ROOT / "rules" / "gazetteer"
WORDS_TABLE = GAZETTEER / "nouns.names.generated.tsv"
OUT = GAZETTEER / "nouns.compounds.generated.tsv"
MIN_ENGLISH_ZIPF = 1.8  # Starlink 1.84, Mailchimp 1.93: young brands are rare in wordfreq's older sources
MAX_FRENCH_GAP = 1.0  # Zipf by which French text may write the compound less than English text does
MIN_PART_LENGTH = 3  # fire + fox; two-letter parts split any word (at + tack)
MAX_FRENCH_WORD_ZIPF = 6.0  # as build_name_nouns.MAX_OPEN_FRENCH_ZIPF: "une", "pas" are nouns too, but MT writes them as words
MIN_FEMININE_ZIPF = 2.0  # as tools/build_name_nouns.py: the feminine form is a word French text knows
_VOWEL_START = tuple("aeiouyhàâéèêëîïôûœ")
# Irregular feminines of the colour and size adjectives compound names use most (blanc -> blanche).
_FEMININES = {"blanc": "blanche", "long": "longue", "frais": "fraîche", "sec": "sèche", "doux": "douce", "faux": "fausse",
              "roux": "rousse", "vieux": "vieille", "nouveau": "nouvelle", "beau": "belle", "fou": "folle", "gros": "grosse",
              "bas": "basse", "gras": "grasse", "épais": "épaisse", "las": "lasse"}


def read_words(path: Path) -> dict[str, list[str]]:
    """Return English word -> the French words of the table that translate it."""
    out: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        french, english = line.split("\t")[:2]
        out.setdefault(english, []).append(french)
    return out


def add_dictionary(words: dict[str, list[str]], heads: Iterable[Headword], french: frozenset[str]) -> dict[str, list[str]]:
    """Return `words` with eng-fra's one-word translations that are French nouns or adjectives (link -> lien), sorted,
    all below MAX_FRENCH_WORD_ZIPF."""
    out = {e: list(f) for e, f in words.items()}
    for head in heads:
        if head.word.isalpha():
            out.setdefault(head.word, []).extend(t for t in head.translations if t in french and " " not in t)
    return {e: sorted(f for f in set(fs) if zipf(f) < MAX_FRENCH_WORD_ZIPF) for e, fs in out.items()}


def common_words(heads: Iterable[Headword]) -> frozenset[str]:
    """Return the headwords a dictionary translates by another word (bathroom: Badezimmer), not by themselves (Greenpeace)."""
    return frozenset(h.word.lower() for h in heads if any(t.lower() != h.word.lower() for t in h.translations))


def feminine(adjective: str) -> str:
    """Return the feminine form of a French adjective ('' when it is its own or French text does not know it)."""
    if adjective.endswith("e"):
        return ""
    form = _FEMININES.get(adjective) or (adjective[:-1] + "ve" if adjective.endswith("f") else adjective + "e")
    return form if zipf(form) >= MIN_FEMININE_ZIPF else ""


def phrases(head: str, modifier: str, pos: str) -> list[str]:
    """Return the French phrases of head noun + modifier: 'tête de lion', "lien d'étoile"; 'paix verte'."""
    if pos == "adj":
        return [f"{head} {form}" for form in dict.fromkeys((modifier, feminine(modifier))) if form]
    return [f"{head} d'{modifier}" if modifier.startswith(_VOWEL_START) else f"{head} de {modifier}"]


def english_vocabulary() -> Iterable[str]:
    """Yield wordfreq's English words of letters only, most frequent first, down to MIN_ENGLISH_ZIPF."""
    from wordfreq import iter_wordlist

    for word in iter_wordlist("en"):
        if zipf(word, "en") < MIN_ENGLISH_ZIPF:
            break
        if word.isalpha() and word.isascii():
            yield word


def derive(
    words: Mapping[str, list[str]], adjectives: frozenset[str], headwords: frozenset[str], french_phrases: frozenset[str], names: frozenset[str]
) -> list[tuple[str, str, str]]:
    """Return (French phrase, English compound, how) rows, sorted; a modifier in `adjectives` agrees, any other takes "de"."""
    rows: set[tuple[str, str, str]] = set()
    for word in english_vocabulary():
        if word in headwords or len(word) < 2 * MIN_PART_LENGTH or zipf(word) < zipf(word, "en") - MAX_FRENCH_GAP:
            continue
        for cut in range(MIN_PART_LENGTH, len(word) - MIN_PART_LENGTH + 1):
            first, second = word[:cut], word[cut:]
            for head in (h for h in words.get(second, ()) if h not in adjectives):
                for modifier in words.get(first, ()):
                    for phrase in phrases(head, modifier, "adj" if modifier in adjectives else "noun"):
                        if phrase not in french_phrases and plain(phrase) not in names:
                            rows.add((phrase, word, f"{first} -> {modifier}; {second} -> {head}"))
    return sorted(rows)


def main(argv: list[str] | None = None) -> int:
    """Build the compound table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--freedict", type=Path, required=True, help="folder holding the unpacked dict-freedict packages")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    eng_fra = list(read_dictd(*find_pair(args.freedict, "eng-fra")))
    fra_eng = list(read_dictd(*find_pair(args.freedict, "fra-eng")))
    headwords = common_words(eng_fra) | common_words(read_dictd(*find_pair(args.freedict, "eng-deu")))
    french_phrases = frozenset(h.word.lower() for h in fra_eng if " " in h.word)
    adjectives = frozenset(h.word for h in fra_eng if h.pos == "adj")
    french = frozenset(h.word for h in fra_eng if h.pos.startswith("n") or h.pos == "adj")
    names = frozenset(plain(form) for entry in load_gazetteer_dir(GAZETTEER, patches=False) for form in entry.accepted)
    rows = derive(add_dictionary(read_words(WORDS_TABLE), eng_fra, french), adjectives, headwords, french_phrases, names)
    from importlib.metadata import version

    versions = {pair: package_version(args.freedict, pair) for pair in ("eng-fra", "fra-eng", "eng-deu")}
    lines = [
        "# GENERATED by tools/build_name_compounds.py: do not edit.",
        "# Command: PYTHONPATH=. python tools/build_name_compounds.py --freedict DIR",
        "# Closed English compound names (Firestone) and the French phrases word-by-word translation makes of them (see the script).",
        "# Sources:",
        "#   rules/gazetteer/nouns.names.generated.tsv (tools/build_name_words.py; FreeDict and WikDict pairs, GPL and CC-BY-SA-3.0,",
        "#   as its header lists): the French words of each English word.",
        f"#   FreeDict eng-fra {versions['eng-fra']}, fra-eng {versions['fra-eng']}: GPL-2+ (FreeDict contributors); eng-deu {versions['eng-deu']}:",
        "#   GPL-3+ (Frank Richter, Einhard Leichtfuß: Ding): headwords only, as filters (English words, French set phrases).",
        f"#   wordfreq {version('wordfreq')} word list and frequencies (CC BY-SA 4.0).",
        "# Rows, tab-separated: <French phrase, lowercase> <English compound, lowercase> <how>",
    ]
    args.out.write_text("\n".join(lines + ["\t".join(row) for row in rows]) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(rows)} phrases, {len({r[1] for r in rows})} compounds")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
