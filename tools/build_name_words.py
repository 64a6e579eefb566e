"""Generate rules/gazetteer/nouns.names.generated.tsv: French nouns and adjectives with the English word they translate.

A brand, a band or an artist whose English name is a common word ("Target", "Tool", "Bad Bunny")
comes out of machine translation as the French word ("Cible", "Outil", "Mauvais Lapin"). The
agentless-noun check (auditor/entities/agentless.py) recognises such a word where French grammar
wants a name: a bare singular noun as a clause's subject, or a capitalised word after a kind noun
("le distributeur américain Cible"). It needs the English word to suggest, and only words whose
English is another word: a French word English writes alike (orange, casino, air, justice) is a
name in both languages and never evidence.

  translation  the single-word English translation of the French word (a noun, or an adjective for
               multi-word names: "Mauvais Lapin") the most sources give: FreeDict fra-eng, FreeDict
               eng-fra read backwards, and each pivot language of tools/build_name_nouns.py that leads
               from the English word to the French one (crown -> Krone -> couronne). At least
               MIN_SUPPORT sources must agree, so the main sense, not a side one (outil: tool, not agent).
               An adjective needs both dictionaries; one they do not agree on (or lack: épicé) takes the word
               MIN_PIVOT_ADJECTIVE_SUPPORT sources give, each pivot language that leads from the English adjective
               to the French one counting (spicy -> würzig -> épicé), and yields to a noun row of the tables.
  tables       a noun no MIN_SUPPORT sources agree on takes the English word of the generated tables built
               from the same dictionaries with pivots and WordNet: the `noun` row of nouns.open.generated.txt
               (tools/build_name_nouns.py --open), else the row of nouns.agentless.generated.tsv
               (tools/build_agentless_nouns.py): jeu -> game, fusée -> rocket.
  kept         a French word of French text (wordfreq Zipf 2.0 to 5.5, no function word), an English
               word of everyday text (Zipf 3.0 and up), spelt otherwise than the French word once
               accents are dropped, and no proper noun in either dictionary (orange: Orange; an adjective
               fra-eng writes in lowercase is none for one capitalised noun sense: noir, 'Negro').

Get the sources (Debian packages, build time only) and run:

    apt-get download dict-freedict-fra-eng dict-freedict-eng-fra dict-freedict-eng-deu dict-freedict-deu-fra dict-freedict-fra-deu \
        $(for l in fin nld swe spa ita por pol; do echo dict-freedict-eng-$l dict-freedict-fra-$l; done) \
        dict-freedict-fin-fra dict-freedict-nld-fra dict-freedict-swe-fra dict-freedict-por-fra dict-freedict-pol-fra
    for f in *.deb; do dpkg-deb -x "$f" deb; done
    PYTHONPATH=. python tools/build_name_words.py --freedict deb

The French nouns no source above gives a row take one where the pivot languages of GAP_PIVOT_LANGUAGES (Russian,
Greek, Bulgarian, Japanese, Turkish, Lithuanian, Latin) bring the sources to MIN_SUPPORT (émeute: riot, jeton: token),
or, for a noun neither FreeDict dictionary holds, where MIN_GAP_SUPPORT pivot languages agree, as the open table takes
a rendering two pivot languages agree on (harcèlement: harassment): they fill gaps, never change a row, and never
make a row of a gazetteer name (Bourgogne). Unpack their pairs into the same folder (Japanese from fra-jpn read backwards only:
the older jpn-fra tags no part of speech):

    apt-get download dict-freedict-eng-rus dict-freedict-fra-rus dict-freedict-eng-ell dict-freedict-ell-fra \
        dict-freedict-fra-ell dict-freedict-eng-bul dict-freedict-fra-bul dict-freedict-eng-jpn dict-freedict-fra-jpn \
        dict-freedict-eng-tur dict-freedict-fra-tur dict-freedict-eng-lit dict-freedict-fra-lit dict-freedict-eng-lat \
        dict-freedict-fra-lat

The output is deterministic: the same packages and wordfreq give the same file.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path
from typing import Iterable, Mapping

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_name_nouns import (  # noqa: E402
    GAP_PIVOT_LANGUAGES,
    GAP_PIVOT_LICENCES,
    PIVOT_LANGUAGES,
    _SENSE_NUMBER_RE,
    _optional_pair,
    find_pair,
    load_pivots,
    package_version,
    read_dictd,
)

from auditor.entities.gazetteer import load_gazetteer_dir, plain  # noqa: E402
from auditor.lang.frequencies import zipf  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "rules" / "gazetteer" / "nouns.names.generated.tsv"
OPEN_TABLE = ROOT / "rules" / "gazetteer" / "nouns.open.generated.txt"
AGENTLESS_TABLE = ROOT / "rules" / "gazetteer" / "nouns.agentless.generated.tsv"
MIN_FRENCH_ZIPF = 2.0  # a word French text writes, not a dictionary rarity
MAX_FRENCH_ZIPF = 5.5  # and no function word a dictionary tags as a noun too (après, bien)
MIN_ENGLISH_ZIPF = 3.0  # a brand's or a band's English word is an everyday one
MIN_LENGTH = 3
MIN_SUPPORT = 3  # sources (two dictionaries, each pivot language) that must give a noun's English word
MIN_GAP_SUPPORT = 2  # pivot languages that name a noun neither dictionary holds (gap_rows)
MIN_ADJECTIVE_SUPPORT = 2  # an adjective: both dictionaries must give it
MIN_PIVOT_ADJECTIVE_SUPPORT = 3  # or, when they do not agree, three sources counting each pivot language (spicy -> épicé)
_ENGLISH = re.compile(r"^[a-z]+$")
_WORD = re.compile(r"^[a-zàâçéèêëîïôûùüÿœæ]+$")


def _plain(word: str) -> str:
    """The word without accents, casefolded: 'Zèbre' and 'zebre' compare equal."""
    return "".join(c for c in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.combining(c)).replace("œ", "oe")


def table_nouns() -> dict[str, str]:
    """French noun -> English word, from the open table's `noun` rows, then the agentless table's rows."""
    out: dict[str, str] = {}
    for line in OPEN_TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("noun\t"):
            _, french, english, *_ = line.split("\t")
            if english != "-":
                out.setdefault(french, english)
    for line in AGENTLESS_TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            french, english, _ = line.split("\t")
            out.setdefault(french, english)
    return out


def _best(word: str, by: Mapping[str, int], counts: Mapping[str, int], support: int) -> str | None | bool:
    """The English word most sources give `word`, None when too few agree, False when English writes the word alike."""
    if any(_plain(e) == _plain(word) for e, n in counts.items() if n >= 2 or e in by):
        return False  # English writes it alike (orange, casino, air): a name in both languages
    best = sorted(((n, zipf(e, "en"), e) for e, n in counts.items() if _ENGLISH.match(e)), key=lambda t: (-t[0], -t[1], t[2]))
    return best[0][2] if best and best[0][0] >= support and best[0][1] >= MIN_ENGLISH_ZIPF else None


def adjective_pivots(freedict: Path) -> dict[str, dict[str, set[str]]]:
    """French adjective -> English word -> the pivot languages leading from it to the adjective (spicy -> würzig -> épicé).

    eng-<lang> gives the English word's translations (its `adj` entries, or every entry of a pair that tags none),
    <lang>-fra and fra-<lang> (read backwards) the French adjectives of each, from their `adj` entries only.
    """
    reached: dict[str, dict[str, set[str]]] = {}
    for lang in PIVOT_LANGUAGES:
        to_french: dict[str, set[str]] = {}
        for head in _optional_pair(freedict, f"{lang}-fra"):
            if head.pos.startswith("adj"):
                to_french.setdefault(head.word.lower(), set()).update(_SENSE_NUMBER_RE.sub("", t.lower()) for t in head.translations)
        for head in _optional_pair(freedict, f"fra-{lang}"):
            if head.pos.startswith("adj"):
                for t in head.translations:
                    to_french.setdefault(_SENSE_NUMBER_RE.sub("", t.lower()), set()).add(head.word)
        for head in read_dictd(*find_pair(freedict, f"eng-{lang}")):
            if head.pos and not head.pos.startswith("adj") or not _ENGLISH.match(head.word):  # older pairs tag nothing
                continue
            for t in head.translations:
                for french in to_french.get(_SENSE_NUMBER_RE.sub("", t.lower()), ()):
                    reached.setdefault(french, {}).setdefault(head.word, set()).add(lang)
    return reached


def name_word_rows(freedict: Path) -> list[tuple[str, str, str]]:
    """(French word, English word, 'noun' or 'adj') for every French word MIN_SUPPORT sources translate by another English word."""
    support: dict[tuple[str, str], dict[str, int]] = {}  # (French word, pos) -> English word -> sources
    proper: set[str] = set()
    common: set[str] = set()  # words with an entry whose translations are all lowercase: a common word, whatever else
    for head in read_dictd(*find_pair(freedict, "fra-eng")):
        pos = "noun" if head.pos.startswith("n") else "adj" if head.pos.startswith("adj") else ""
        if any(t[:1].isupper() for t in head.translations):
            proper.add(head.word)
        elif pos == "adj":
            common.add(head.word)
        if pos:
            for english in dict.fromkeys(head.translations):
                by = support.setdefault((head.word, pos), {})
                by[english] = by.get(english, 0) + 1
    # An adjective the dictionary writes in lowercase is no name for one capitalised noun sense (noir: 'black'; 'Negro').
    proper -= common
    back: dict[str, set[str]] = {}
    for head in read_dictd(*find_pair(freedict, "eng-fra")):
        for french in head.translations:
            back.setdefault(french.lower(), set()).add(head.word)
            if head.word[:1].isupper():
                proper.add(french.lower())
    pivots, nouns = load_pivots(freedict)
    reached = _reached(pivots)
    for french in nouns:
        support.setdefault((french, "noun"), {})
    adjectives = adjective_pivots(freedict)
    pivoted: set[str] = set()  # adjectives whose row the pivots gave
    for french in adjectives:
        support.setdefault((french, "adj"), {})
    rows = []
    for (word, pos), by in sorted(support.items()):
        if word in proper or not _WORD.match(word) or len(word) < MIN_LENGTH:
            continue
        if not MIN_FRENCH_ZIPF <= zipf(word, "fr") <= MAX_FRENCH_ZIPF:
            continue
        counts = dict(by)
        for english in back.get(word, ()):
            counts[english] = counts.get(english, 0) + 1
        if pos == "noun":
            for english, langs in reached.get(word, {}).items():
                counts[english] = counts.get(english, 0) + len(langs)
        row = _best(word, by, counts, MIN_SUPPORT if pos == "noun" else MIN_ADJECTIVE_SUPPORT)
        if row is False:
            continue
        if row is None and pos == "adj" and word in adjectives:
            # An adjective the two dictionaries do not agree on (or do not hold: épicé) takes the pivots' word.
            for english, langs in adjectives[word].items():
                counts[english] = counts.get(english, 0) + len(langs)
            row = _best(word, by, counts, MIN_PIVOT_ADJECTIVE_SUPPORT)
            pivoted.add(word)
        if row:
            rows.append((word, row, pos))
    kept = {w for w, _, p in rows if p == "noun" or w not in pivoted}  # an adjective only pivots give yields to a noun row below
    for word, english in sorted(table_nouns().items()):
        if word in kept or word in proper or not _WORD.match(word) or len(word) < MIN_LENGTH or not _ENGLISH.match(english):
            continue
        if MIN_FRENCH_ZIPF <= zipf(word, "fr") <= MAX_FRENCH_ZIPF and _plain(english) != _plain(word) and zipf(english, "en") >= MIN_ENGLISH_ZIPF:
            if not any(_plain(e) == _plain(word) for e in support.get((word, "noun"), {})):
                rows.append((word, english, "noun"))
    rows += gap_rows(freedict, {w for w, _, _ in rows}, proper, back, support, reached)
    rows.sort()
    # A word both a noun and an adjective keeps its noun row: names are nouns first.
    noun_rows = {w for w, _, p in rows if p == "noun"}
    return [row for row in rows if row[2] == "noun" or row[0] not in noun_rows]


def _reached(pivots: Mapping[str, tuple[Mapping[str, tuple[str, ...]], Mapping[str, tuple[str, ...]]]]) -> dict[str, dict[str, set[str]]]:
    """French word -> English word -> the pivot languages leading from the English word to it."""
    reached: dict[str, dict[str, set[str]]] = {}
    for lang, (to_lang, to_french) in sorted(pivots.items()):
        for english, words in to_lang.items():
            if _ENGLISH.match(english):
                for word in words:
                    for french in to_french.get(word, ()):
                        reached.setdefault(french, {}).setdefault(english, set()).add(lang)
    return reached


def gap_rows(
    freedict: Path,
    kept: set[str],
    proper: set[str],
    back: Mapping[str, set[str]],
    support: Mapping[tuple[str, str], Mapping[str, int]],
    reached: Mapping[str, Mapping[str, set[str]]],
) -> list[tuple[str, str, str]]:
    """Noun rows for the French nouns no row gives, counting GAP_PIVOT_LANGUAGES as sources too (émeute: riot, German and Polish
    one short of MIN_SUPPORT, Bulgarian the third): they fill the gaps of the sources above, never change a row of theirs. None when their
    pairs are not unpacked under `freedict`."""
    languages = tuple(lang for lang in GAP_PIVOT_LANGUAGES if sorted(freedict.rglob(f"freedict-eng-{lang}.index")))
    if not languages:
        return []
    pivots, nouns = load_pivots(freedict, languages)
    extra = _reached(pivots)
    # A name some pair tags so (pn: bulgarie, bourgogne) or the gazetteer holds is none of this table's words, whatever an
    # untagged pair makes of it.
    names = {plain(form) for entry in load_gazetteer_dir(ROOT / "rules" / "gazetteer", patches=False) for form in entry.accepted}
    names |= {plain(h.word) for lang in (*PIVOT_LANGUAGES, *languages) for h in _optional_pair(freedict, f"fra-{lang}") if h.pos.startswith("pn")}
    rows = []
    for word in sorted(nouns | {w for w, pos in support if pos == "noun"}):
        if word in kept or word in proper or plain(word) in names or not _WORD.match(word) or len(word) < MIN_LENGTH:
            continue
        if not MIN_FRENCH_ZIPF <= zipf(word, "fr") <= MAX_FRENCH_ZIPF:
            continue
        by = support.get((word, "noun"), {})
        counts = dict(by)
        for english in back.get(word, ()):
            counts[english] = counts.get(english, 0) + 1
        for table in (reached, extra):
            for english, langs in table.get(word, {}).items():
                counts[english] = counts.get(english, 0) + len(langs)
        # A noun neither dictionary holds has no sense of theirs to outvote: two pivot languages agreeing name its English
        # word, as they do a rendering of the open table (tools/build_name_nouns.py MIN_PIVOT_LANGUAGES).
        unheld = not by and not back.get(word)
        row = _best(word, by, counts, MIN_GAP_SUPPORT if unheld else MIN_SUPPORT)
        if row:
            rows.append((word, row, "noun"))
    return rows


def render(rows: Iterable[tuple[str, str, str]], versions: Mapping[str, str]) -> str:
    """The file: a header naming sources and licences, then tab-separated rows."""
    header = [
        "# GENERATED by tools/build_name_words.py: do not edit.",
        "# Command: PYTHONPATH=. python tools/build_name_words.py --freedict DIR",
        "# French nouns and adjectives that dictionaries and pivot languages agree translate another English word (see the script).",
        "# Sources:",
        f"#   FreeDict fra-eng {versions.get('fra-eng', '')}, eng-fra {versions.get('eng-fra', '')}: GPL-2+ (FreeDict contributors)",
        "#   and, as pivots, the FreeDict/WikDict pairs of tools/build_name_nouns.py (eng-deu, deu-fra, fra-deu, and eng-, -fra,",
        "#   fra- for fin, nld, swe, spa, ita, por, pol): GPL and CC-BY-SA-3.0, as nouns.open.generated.txt's header lists.",
        "#   rules/gazetteer/nouns.open.generated.txt `noun` rows and nouns.agentless.generated.tsv (WordNet 3.0, see its header).",
        *(
            ["#   and, for the French nouns no source above gives a row, more pivots (tools/build_name_nouns.py GAP_PIVOT_LANGUAGES):", *gap]
            if any(versions.get(f"eng-{lang}") for lang in GAP_PIVOT_LANGUAGES)
            and (gap := [f"#     {pair} {versions[pair]}: {licence}" for pair, licence in GAP_PIVOT_LICENCES.items() if versions.get(pair)])
            else []
        ),
        "#   wordfreq 3.1.1 frequencies (filter only).",
        "# Rows, tab-separated: <French word> <English word it translates> <noun|adj>",
    ]
    return "\n".join(header + ["\t".join(row) for row in rows]) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Build the table from the unpacked packages."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--freedict", type=Path, required=True, help="folder holding the unpacked dict-freedict packages")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    rows = name_word_rows(args.freedict)
    versions = {p: package_version(args.freedict, p) for p in ("fra-eng", "eng-fra", *GAP_PIVOT_LICENCES)}
    args.output.write_text(render(rows, versions), encoding="utf-8")
    print(f"{len(rows)} rows -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
