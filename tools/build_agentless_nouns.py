"""Generate rules/gazetteer/nouns.agentless.generated.tsv: French nouns that cannot be the agent of a person's or a company's act.

An animal, a plant, a food, a feeling, a shape or a tool does not declare, announce a takeover
or lay off staff: "le phoque a déclaré", "Glaçon a annoncé", "la discorde a licencié" stand for
a name (Seal, Ice Cube, Discord) that machine translation rendered as the common word. The
semantic class comes from Princeton WordNet 3.0, through the French word's English translations:

  translations  the French word's FreeDict fra-eng translations, the English headwords of FreeDict
                eng-fra that translate into it, the English word of its `noun` row in
                nouns.open.generated.txt (tools/build_name_nouns.py --open), then the English words two
                pivot languages of that script lead to it from (valve -> Ventil, venttiili -> soupape).
                The first WordNet knows is the main one, and the English word suggested.
  classes       for each translation found among WordNet's nouns, the lexicographer files of its
                usual senses: the senses SemCor tagged (WordNet's index.noun orders them first and
                counts them), or when none was tagged its first sense that WordNet writes in lowercase (hippo:
                not Hippo, the ancient city). A rare sense is left out
                (seal as a Navy SEAL, never tagged): MT renders the common word.
  agentless     every usual sense of the main translation is an animal, plant, food, substance,
                feeling, shape, body part, natural object, attribute, state, phenomenon, process, or
                an artifact that is no building, facility or medium (a seal, a hinge, a spoon); and no
                translation two sources give (fra-eng, eng-fra, the open table, each pivot language)
                has a person's or a group's usual sense (gamin: urchin). Persons and groups act;
                communications, places, buildings and institutions speak by metonymy ("le rapport
                indique", "le site a annoncé", "l'Élysée a déclaré"); acts, events and cognition too
                often stand for people ("la défense a plaidé", "la science a montré"); months and days
                open French sentences bare ("Octobre a été"): none of them is kept. Nor is a word some
                translation writes capitalised (orange: Orange), English writes alike (jaguar), or a
                dictionary tags as another part of speech too (jeune, calme).

Get the sources (Debian packages, build time only) and run:

    apt-get download wordnet-base dict-freedict-fra-eng dict-freedict-eng-fra dict-freedict-eng-deu dict-freedict-deu-fra dict-freedict-fra-deu \
        $(for l in fin nld swe spa ita por pol; do echo dict-freedict-eng-$l dict-freedict-fra-$l; done) \
        dict-freedict-fin-fra dict-freedict-nld-fra dict-freedict-swe-fra dict-freedict-por-fra dict-freedict-pol-fra
    for f in *.deb; do dpkg-deb -x "$f" deb; done
    PYTHONPATH=. python tools/build_agentless_nouns.py --wordnet deb/usr/share/wordnet --freedict deb

The output is deterministic: the same packages, table and wordfreq give the same file.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_name_nouns import find_pair, load_pivots, package_version, read_dictd  # noqa: E402

from auditor.lang.frequencies import zipf  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OPEN_TABLE = ROOT / "rules" / "gazetteer" / "nouns.open.generated.txt"
OUTPUT = ROOT / "rules" / "gazetteer" / "nouns.agentless.generated.tsv"
# WordNet's lexicographer files, numbered from 3 for nouns (lexnames(5WN)).
LEXNAMES = (
    "Tops act animal artifact attribute body cognition communication event feeling food group location motive object "
    "person phenomenon plant possession process quantity relation shape state substance time"
).split()
AGENTLESS = frozenset(
    # Not time: French writes months and days bare at a sentence's start ("Octobre a été le mois le plus meurtrier").
    "animal plant food substance feeling shape body object attribute state phenomenon process artifact".split()
)
# Artifacts that stand for the people in them or behind them: an artifact sense under one of these
# lemmas' artifact senses is no agentless sense ("l'hôpital a annoncé", "la chaîne a déclaré").
SPEAKING_ARTIFACTS = ("structure", "facility", "establishment", "medium", "building", "institution", "platform", "website")
MIN_FRENCH_ZIPF = 2.0  # a word French text writes, not a dictionary rarity
MAX_FRENCH_ZIPF = 5.5  # and no function word some dictionary tags as a noun too (après 5.9, bien 5.9)
MIN_LENGTH = 4
MIN_ENGLISH_ZIPF = 2.5  # an English word of everyday text: a rare one brings its rare senses
MIN_PIVOT_AGREEMENT = 2  # pivot languages that must agree on the main translation: one alone is too often a side sense
MIN_VETO_SUPPORT = 2  # sources that must give a person or a group for it to veto the word
_ENGLISH = re.compile(r"^[a-z]+$")
_WORD = re.compile(r"^[a-zàâçéèêëîïôûùüÿœæ]+$")


@dataclass(frozen=True)
class WordNet:
    """The noun part of WordNet: lemma -> its usual senses (synset offsets), synset -> lexname and hypernyms."""

    usual: Mapping[str, tuple[str, ...]]
    lexname: Mapping[str, str]
    hypernyms: Mapping[str, tuple[str, ...]]
    all_senses: Mapping[str, tuple[str, ...]]


def read_wordnet(folder: Path) -> WordNet:
    """Read index.noun and data.noun of a WordNet 3.0 database folder."""
    lexname: dict[str, str] = {}
    hypernyms: dict[str, tuple[str, ...]] = {}
    proper: set[tuple[str, str]] = set()  # (lemma, synset) where the synset writes the lemma capitalised: a name (Hippo, the city)
    for line in (folder / "data.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue  # the licence header
        fields = line.split(" ")
        offset = fields[0]
        lexname[offset] = LEXNAMES[int(fields[1]) - 3]
        for word in fields[4 : 4 + 2 * int(fields[3], 16) : 2]:
            if word[:1].isupper():
                proper.add((word.lower().split("(")[0], offset))
        i = 4 + 2 * int(fields[3], 16)
        pointers = int(fields[i])
        i += 1
        found = []
        for _ in range(pointers):
            symbol, target, pos = fields[i : i + 3]
            i += 4
            if symbol in ("@", "@i") and pos == "n":
                found.append(target)
        hypernyms[offset] = tuple(found)
    usual: dict[str, tuple[str, ...]] = {}
    every: dict[str, tuple[str, ...]] = {}
    for line in (folder / "index.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue
        fields = line.split()
        lemma, pointers = fields[0], int(fields[3])
        tagged = int(fields[5 + pointers])
        offsets = tuple(fields[6 + pointers :])
        every[lemma] = offsets
        # Senses come most frequent first. With none tagged, the first is the word's usual sense unless it is a name's
        # (hippo: Hippo, an ancient city, before the animal): MT renders the common word, so its first common sense.
        common = [o for o in offsets if (lemma, o) not in proper]
        usual[lemma] = offsets[:tagged] if tagged else (common or list(offsets))[:1]
    return WordNet(usual, lexname, hypernyms, every)


def speaking_roots(wordnet: WordNet) -> frozenset[str]:
    """The artifact synsets of SPEAKING_ARTIFACTS: under one of them an artifact stands for people."""
    return frozenset(o for lemma in SPEAKING_ARTIFACTS for o in wordnet.all_senses.get(lemma, ()) if wordnet.lexname[o] == "artifact")


def _ancestors(offset: str, wordnet: WordNet) -> set[str]:
    """Every hypernym of a synset, transitively."""
    seen: set[str] = set()
    todo = [offset]
    while todo:
        for parent in wordnet.hypernyms.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def sense_classes(english: str, wordnet: WordNet, roots: frozenset[str]) -> list[str] | None:
    """The classes of an English noun's usual senses ('artifact-speaking' for a building or medium), or None if WordNet lacks it."""
    senses = wordnet.usual.get(english.lower().replace(" ", "_").replace("-", "_"))
    if senses is None:
        return None
    out = []
    for offset in senses:
        name = wordnet.lexname[offset]
        if name == "artifact" and (offset in roots or _ancestors(offset, wordnet) & roots):
            name = "artifact-speaking"
        out.append(name)
    return out


def read_open_nouns(path: Path) -> dict[str, str]:
    """French noun -> English word, from the `noun` rows of nouns.open.generated.txt."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("noun\t"):
            _, french, english, *_ = line.split("\t")
            if english != "-":
                out.setdefault(french, english)
    return out


@dataclass(frozen=True)
class French:
    """What the dictionaries say of French words: direct English translations, nouns, other parts of speech."""

    direct: Mapping[str, tuple[str, ...]]  # fra-eng: French noun -> English translations
    reverse: Mapping[str, tuple[str, ...]]  # eng-fra read backwards: French word -> English headwords
    nouns: frozenset[str]  # tagged as nouns by fra-eng or a WikDict pair
    other: frozenset[str]  # tagged otherwise by fra-eng (jeune, calme: adjectives too), or function words


def read_french(freedict: Path) -> French:
    """Read fra-eng, eng-fra and the pivot pairs' part-of-speech tags."""
    direct: dict[str, list[str]] = {}
    other: set[str] = set()
    for head in read_dictd(*find_pair(freedict, "fra-eng")):
        if head.pos.startswith("n"):
            direct.setdefault(head.word, []).extend(t for t in head.translations if t not in direct.get(head.word, ()))
        elif head.pos:
            other.add(head.word)
    reverse: dict[str, list[str]] = {}
    for head in read_dictd(*find_pair(freedict, "eng-fra")):
        if " " not in head.word:
            for french in head.translations:
                if head.word not in reverse.setdefault(french.lower(), []):
                    reverse[french.lower()].append(head.word)
    _, pivot_nouns = load_pivots(freedict)  # nouns minus the function words the pairs tag
    return French(
        {k: tuple(v) for k, v in direct.items()}, {k: tuple(v) for k, v in reverse.items()}, frozenset(direct) | pivot_nouns, frozenset(other)
    )


def pivot_translations(freedict: Path, wordnet: WordNet) -> dict[str, dict[str, int]]:
    """French noun -> {English noun: how many pivot languages lead from it to the French word} (valve -> Ventil, venttiili -> soupape)."""
    pivots, _ = load_pivots(freedict)
    reached: dict[str, dict[str, set[str]]] = {}
    for lang, (to_lang, to_french) in sorted(pivots.items()):
        for english, words in to_lang.items():
            if not _ENGLISH.match(english) or english not in wordnet.usual or zipf(english, "en") < MIN_ENGLISH_ZIPF:
                continue
            for word in words:
                for french in to_french.get(word, ()):
                    reached.setdefault(french, {}).setdefault(english, set()).add(lang)
    return {french: {e: len(langs) for e, langs in by_english.items()} for french, by_english in reached.items()}


def agentless_rows(
    french: French, open_nouns: Mapping[str, str], pivots: Mapping[str, Mapping[str, int]], wordnet: WordNet
) -> list[tuple[str, str, str]]:
    """(French noun, English word to suggest, classes) for every French noun whose main translation is agentless and that
    no well-attested translation makes a person or a group.

    The main translation is the first WordNet knows among fra-eng's, eng-fra's read backwards, the open table's, then
    those MIN_PIVOT_AGREEMENT pivot languages agree on, most languages first. Every translation is attested by its
    sources (fra-eng, eng-fra, the open table, each pivot language): one with a person's or a group's usual sense and
    two sources vetoes the word (gamin: pickle in fra-eng, but urchin in eng-fra and two pivots); one source alone
    does not (phoque: sea-dog in fra-eng only).
    """
    roots = speaking_roots(wordnet)
    rows = []
    for word in sorted(french.nouns):
        if word in french.other or not _WORD.match(word) or len(word) < MIN_LENGTH:
            continue
        if not MIN_FRENCH_ZIPF <= zipf(word, "fr") <= MAX_FRENCH_ZIPF:
            continue
        dictionaries = [french.direct.get(word, ()), french.reverse.get(word, ()), [open_nouns[word]] if word in open_nouns else []]
        by_languages = sorted(pivots.get(word, {}).items(), key=lambda kv: (-kv[1], kv[0]))
        support: dict[str, int] = {}
        for source in dictionaries:
            for english in dict.fromkeys(source):
                support[english] = support.get(english, 0) + 1
        for english, languages in by_languages:
            support[english] = support.get(english, 0) + languages
        if any(e[:1].isupper() for e in support):
            continue  # a proper noun too (fra-eng: orange -> Orange): the French word names something
        ordered = dict.fromkeys([*(e for source in dictionaries for e in source), *(e for e, n in by_languages if n >= MIN_PIVOT_AGREEMENT)])
        found = [(e, c) for e in ordered if (c := sense_classes(e, wordnet, roots)) is not None]
        if not found or found[0][0].casefold() == word:
            continue  # unknown to WordNet, or English writes it alike (jaguar): MT keeps such a name
        english, classes = found[0]
        if not all(name in AGENTLESS for name in classes):
            continue
        vetoed = any(
            n >= MIN_VETO_SUPPORT and {"person", "group"} & set(sense_classes(e, wordnet, roots) or ()) for e, n in support.items()
        )
        if not vetoed:
            rows.append((word, english, ",".join(sorted(set(classes)))))
    return rows


def render(rows: Iterable[tuple[str, str, str]], versions: Mapping[str, str]) -> str:
    """The file: a header naming sources and licences, then tab-separated rows."""
    header = [
        "# GENERATED by tools/build_agentless_nouns.py: do not edit.",
        "# Command: PYTHONPATH=. python tools/build_agentless_nouns.py --wordnet DIR --freedict DIR",
        "# French nouns none of whose usual senses can act as a person or a company does (see the script).",
        "# Sources:",
        f"#   Princeton WordNet 3.0 (Debian wordnet-base {versions.get('wordnet', '')}): lexicographer files and",
        "#   hypernyms of the English senses. WordNet 3.0 Copyright 2006 by Princeton University. All rights",
        "#   reserved. WordNet licence (permissive; text in licenses/WordNet-3.0.txt).",
        f"#   FreeDict fra-eng {versions.get('fra-eng', '')}, eng-fra {versions.get('eng-fra', '')}: GPL-2+ (FreeDict contributors)",
        "#   rules/gazetteer/nouns.open.generated.txt `noun` rows (tools/build_name_nouns.py --open), as its header says,",
        "#   and the FreeDict/WikDict pivot pairs that header lists (GPL, CC-BY-SA-3.0).",
        "#   wordfreq 3.1.1 frequencies (filter only).",
        "# Rows, tab-separated: <French noun> <English word it translates> <WordNet classes of its usual senses>",
    ]
    return "\n".join(header + ["\t".join(row) for row in rows]) + "\n"


def _wordnet_version(folder: Path) -> str:
    """The Debian version of wordnet-base from its changelog, '' when absent."""
    for changelog in sorted(folder.parents[1].rglob("doc/wordnet-base/changelog.Debian.gz")):
        first = gzip.open(changelog).readline().decode("utf-8")
        match = re.search(r"\(([^)]+)\)", first)
        return match.group(1) if match else ""
    return ""


def main(argv: list[str] | None = None) -> int:
    """Build the table from the unpacked packages."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, required=True, help="WordNet 3.0 dict folder (index.noun, data.noun)")
    parser.add_argument("--freedict", type=Path, required=True, help="folder holding the unpacked dict-freedict packages")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    wordnet = read_wordnet(args.wordnet)
    open_nouns = read_open_nouns(OPEN_TABLE)
    rows = agentless_rows(read_french(args.freedict), open_nouns, pivot_translations(args.freedict, wordnet), wordnet)
    versions = {"wordnet": _wordnet_version(args.wordnet), **{p: package_version(args.freedict, p) for p in ("fra-eng", "eng-fra")}}
    args.output.write_text(render(rows, versions), encoding="utf-8")
    print(f"{len(rows)} rows -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
