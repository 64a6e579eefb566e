"""Names rendered as common nouns for people no gazetteer holds: 'Kate Mousse' (Moss), 'Espoir Hicks' (Hope).

Machine translation renders an English name word that is also a common word as the French
word: a surname after its given name ("Tim Cuisinier"), or a given name before its surname.
The open-world signals, driven by a generated table (rules/gazetteer/nouns.open.generated.txt,
see tools/build_name_nouns.py --open) rather than by gazetteer entries:

  surname  an English given name, then a capitalised French word that renders a frequent
           English surname ("Kate Mousse" -> Kate Moss). The given name is one more frequent
           in English than in French text, so a French person whose surname is a word (Jean
           Moulin, Laurent Berger, Ségolène Royal) never matches; nor does a French word that
           is itself a given name (Sharon Pierre could be a person).
  given    a capitalised French word that renders an English given name, then a surname
           that looks English (more frequent in English text than French, and rare in French),
           with no determiner or preposition before the French word ("la Baie Adams" is a place).
  later    once a surname rendering is found, the same capitalised word later in the document
           used alone as the person: mid-sentence outside a longer name, or as a sentence
           subject before a verb of saying ("Mousse a déclaré").
  speaker  a capitalised surname rendering alone, with no determiner, as the subject of a verb
           of saying ("Mousse a déclaré", "a déclaré Mousse", "selon Mousse"): a French common
           noun takes an article, a person does not.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

import regex

from auditor.entities.gazetteer import plain
from auditor.entities.nouns import _SPEECH, ARTICLE_BEFORE, SUBJECT_AFTER, WINDOW, _inside_name, _sentence_start
from auditor.entities.openworld import Word  # the capitalised word of a run, shared with the garbled-name check

TABLE_NAME = "nouns.open.generated.txt"
MAX_SURNAME_ZIPF_FR = 3.5  # the surname after a rendered given name is rare in French (Hicks, not Martin)
MIN_SURNAME_LEAD = 0.2  # and more English than French, or unknown to both
RARE_ZIPF = 2.0
# One capitalised word of letters: no particle or elision ("Comté D'Altötting"), no initials.
_SURNAME_SHAPE = regex.compile(r"\p{Lu}\p{Ll}{2,}(?:-\p{Lu}\p{Ll}+)?$")
MIN_GIVEN_LEAD = 0.2  # as tools/build_name_nouns.py: Kate +0.43 is English, Emma +0.11 is shared
# A verb of saying after a bare name, with its auxiliary: "Mousse a déclaré", ", qui a ajouté";
# without one, too many sentences open on a word and an infinitive ("Pour assurer").
_SPEAKER_AFTER = regex.compile(
    rf"(?:\s*,\s*qui\s+|\s+)(?:a|avait|aurait|a-t-il|a-t-elle|n['’]a|n['’]avait)\s+(?:\p{{Ll}}+\s+)?(?:{_SPEECH})\b", regex.IGNORECASE
)
# A verb of saying with its auxiliary right before a bare name, its subject inverted ("a confié Mousse"), or "selon".
_SPEAKER_BEFORE = regex.compile(rf"(?:\b(?:selon|d['’]après)|\b(?:a|avait|aurait)\s+(?:{_SPEECH}))\s+$", regex.IGNORECASE)
# A determiner or preposition before the rendering makes it the word or a place ("la Baie Adams").
_FUNCTION_BEFORE = regex.compile(r"(?:^|[^\p{L}])(?:le|la|les|l['’]|du|des|de|d['’]|au|aux|un|une|en|à|sur|par|pour|ce|cette|son|sa|ses)\s*$", regex.IGNORECASE)


@dataclass(frozen=True)
class NounTable:
    """The open-world table: French word (plain) -> English names it renders, and the English given names."""

    surnames: Mapping[str, tuple[str, ...]]  # most frequent surname first
    given: Mapping[str, tuple[str, ...]]
    first: frozenset[str]  # plain English given names


@dataclass(frozen=True)
class OpenNoun:
    """A French word that stands for part of a person's name, with the name it renders."""

    start: int
    end: int
    suggestion: str
    detail: str


def read_table(path: Path) -> NounTable:
    """Read the generated table: tab-separated rows `surname|given FRENCH ENGLISH ...` and `first NAME`."""
    surnames: dict[str, list[str]] = {}
    given: dict[str, list[str]] = {}
    first: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        role, *fields = line.split("\t")
        if role == "first":
            first.add(plain(fields[0]))
        elif role in ("surname", "given"):
            table = surnames if role == "surname" else given
            names = table.setdefault(plain(fields[0]), [])
            if fields[1] not in names:
                names.append(fields[1])
    return NounTable(
        {k: tuple(v) for k, v in surnames.items()}, {k: tuple(v) for k, v in given.items()}, frozenset(first)
    )


@functools.lru_cache(maxsize=1)
def builtin_table() -> NounTable:
    """Return the built-in table, read once per process (empty when not installed)."""
    from auditor.ruleset.loader import builtin_rules_dir

    path = builtin_rules_dir() / "gazetteer" / TABLE_NAME
    return read_table(path) if path.is_file() else NounTable({}, {}, frozenset())


def _name(word: str) -> str:
    """Capitalise an English name as news spells it."""
    return word[:1].upper() + word[1:]


def _capitalised(text: str) -> bool:
    """True for a word with a capital initial that is not all capitals."""
    return text[:1].isupper() and not text.isupper()


def find_open_nouns(
    text: str,
    runs: Iterable[tuple[int, Sequence[Word]]],
    table: NounTable,
    given_names: frozenset[str],
    zipf: Callable[..., float],
    french_surnames: frozenset[str] = frozenset(),
    singles: Iterable[tuple[int, Word]] = (),
) -> list[OpenNoun]:
    """Return the name renderings of a document: surname and given-name renderings in runs, then later lone surnames.

    `runs` are the document's runs of capitalised words as (offset, words), the words' offsets
    relative to the run (runs recur across documents, their words are kept); `given_names` are
    known given names of any language, which a rendering must not be; `french_surnames`
    (casefolded) are surnames of French people, never a translation (Kevin Boulanger);
    `singles` are the document's one-word runs that are surname renderings, as (offset, word).
    """
    found: list[OpenNoun] = []
    lone: dict[str, str] = {}  # rendering as written -> English surname, for later mentions
    for offset, words in runs:
        for a, b in zip(words, words[1:]):
            if not (_capitalised(a.text) and _capitalised(b.text)):
                continue
            surnames = table.surnames.get(b.plain)
            # The rendering ends the run: "Tom Pierre Martin" has a middle name, not a surname.
            # The given name as written, accents kept: "Stéphanie" is French, "Stephanie" English.
            if (
                surnames
                and b is words[-1]
                and b.plain not in given_names
                and b.text.casefold() not in french_surnames
                and _english_given(a.text.casefold(), table, given_names, zipf)
            ):
                found.append(OpenNoun(offset + a.start, offset + b.end, f"{a.text} {_name(surnames[0])}", f"'{b.text}' renders the surname {_name(surnames[0])}"))
                lone.setdefault(b.text, surnames[0])
                continue
            names = table.given.get(a.plain)
            if (
                names
                and a is words[0]
                and _english_surname(b, given_names, zipf)
                and not _FUNCTION_BEFORE.search(text, max(0, offset + a.start - 20), offset + a.start)
            ):
                found.append(OpenNoun(offset + a.start, offset + b.end, f"{_name(names[0])} {b.text}", f"'{a.text}' renders the given name {_name(names[0])}"))
    if lone:
        found += _later(text, lone, [(f.start, f.end) for f in found])
    taken = {f.start for f in found}
    for offset, w in singles:
        start, end = offset + w.start, offset + w.end
        if start not in taken and w.text.casefold() not in french_surnames and w.plain not in given_names and _speaker(text, start, end):
            surname = table.surnames[w.plain][0]
            found.append(OpenNoun(start, end, _name(surname), f"'{w.text}' renders the surname {_name(surname)}"))
    return sorted(found, key=lambda f: f.start)


def _speaker(text: str, start: int, end: int) -> bool:
    """True when the bare capitalised word at [start, end) is the subject of a verb of saying: no determiner, in no longer name."""
    if not _capitalised(text[start:end]):
        return False
    before = text[max(0, start - WINDOW) : start]
    # The anchored match after the word is cheap; the search before it only runs where its words are.
    if _SPEAKER_AFTER.match(text, end, min(len(text), end + WINDOW)) is None:
        tail = before[-30:].lower()
        if not ("selon" in tail or "après" in tail or "a " in tail or "avait" in tail) or _SPEAKER_BEFORE.search(before) is None:
            return False
    return not _FUNCTION_BEFORE.search(before) and not _inside_name(text, start, end)


def _english_given(name: str, table: NounTable, given_names: frozenset[str], zipf: Callable[..., float]) -> bool:
    """True for an English given name: in the table's census names, or a known given name more frequent in English than French."""
    if name in table.first:
        return True
    return name in given_names and zipf(name, "en") - zipf(name) >= MIN_GIVEN_LEAD


def _english_surname(word: Word, given_names: frozenset[str], zipf: Callable[..., float]) -> bool:
    """True when a capitalised word looks like an English surname: rare in French, and more English or rare in both."""
    if word.plain in given_names or not _SURNAME_SHAPE.match(word.text):
        return False
    fr = zipf(word.plain)
    if fr >= MAX_SURNAME_ZIPF_FR:
        return False
    en = zipf(word.plain, "en")
    return en - fr >= MIN_SURNAME_LEAD or max(en, fr) < RARE_ZIPF


def _later(text: str, lone: Mapping[str, str], taken: Sequence[tuple[int, int]]) -> list[OpenNoun]:
    """Return the later capitalised uses of found surname renderings that stand for the person alone."""
    out: list[OpenNoun] = []
    first_end = min(e for _, e in taken)
    for written, surname in sorted(lone.items()):
        pattern = regex.compile(rf"(?<![\p{{L}}\p{{M}}\d-]){regex.escape(written)}(?![\p{{L}}\p{{M}}\d-])")
        for m in pattern.finditer(text, first_end):
            start, end = m.span()
            if any(s <= start < e for s, e in taken):
                continue
            if _inside_name(text, start, end) or ARTICLE_BEFORE.search(text, max(0, start - WINDOW), start):
                continue
            if _sentence_start(text, start) and not SUBJECT_AFTER.match(text, end, min(len(text), end + WINDOW)):
                continue  # "Mousse, la..." opens a sentence with the word; "Mousse a déclaré" is the person
            out.append(OpenNoun(start, end, _name(surname), f"'{written}' renders the surname {_name(surname)}"))
    return out
