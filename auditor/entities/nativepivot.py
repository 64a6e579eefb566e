"""Names of languages with letters of their own, heard through a Russian pivot, restored to their native spelling.

A Finnish, Scandinavian, German, Turkish, Dutch or Hungarian name spelled through Russian
comes back with its own letters or letter groups rendered by ear: Mäkelä as "Myakelya" (Мякеля), Gündoğan as "Guiundogan"
(Гюндоган), Knausgård as "Knausgor" (Кнаусгор), Şafak as "Chafak" (Шафак). French and
English word lists know none of these names, so no English restoration explains the word;
the word list of the name's own language knows the native spelling. Undoing the changes of
rules/gazetteer/native_reverse.tsv gives candidates written with native letters, asked of
rules/gazetteer/native_names.b64 (tools/build_native_names.py). The French press drops those
letters ("Makela", "Gundogan") but never writes them so: one change at least must be the
pivot's own (Ya for Ä, Ch for Ş, O for Å...), not a dropped accent.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from auditor.entities.pivot import FINGERPRINT, KnownWords, Reversal, _search, parse_known, parse_reversals

# The languages asked, and the letters each writes that French and English lack.
NATIVE_LETTERS: dict[str, frozenset[str]] = {
    "de": frozenset("äöüß"),
    "sv": frozenset("åäö"),
    "nb": frozenset("åøæ"),
    "da": frozenset("åøæ"),
    "fi": frozenset("äöå"),
    "tr": frozenset("şçğıöü"),
    "is": frozenset("æöðþáéíóúý"),
    "nl": frozenset(),
    "hu": frozenset("áéíóöőúüű"),
}
# Letter groups a language writes for one sound that Russian renders with one letter, which the
# French and English press copy as written: Dutch Ij (Ей), Oe (У), Ui (Ёй), Sch (Сх); Hungarian
# Sz (С), Cs (Ч), Zs (Ж), Gy (Дь). A restoration that writes more of them than the word counts as
# one written with that language's own letters.
NATIVE_GROUPS: dict[str, tuple[str, ...]] = {
    "nl": ("ij", "oe", "ui", "sch"),
    "hu": ("sz", "cs", "zs", "gy"),
}
LANGUAGES = tuple(NATIVE_LETTERS)
NATIVE_ZIPF = 2.5  # a restored native spelling: this frequent in its language at least (tools/build_native_names.py)
PARTNER_ZIPF = 3.0  # a word of letters a-z beside it: this frequent in the same language
MAX_COST = 0.5  # weight of the changes undone in the garbled word
PARTNER_MAX_COST = 0.3  # ...and in the word beside it (Ouve: Ove)
MAX_CANDIDATES = 20  # candidates tried per word, cheapest first: bounds the cost of a long word


@dataclass(frozen=True)
class Native:
    """A word restored to a native spelling: the spelling, its language and the weight of the changes undone."""

    spelling: str
    language: str
    cost: float


def parse_table(text: str, source: str = "native_reverse.tsv") -> tuple[Reversal, ...]:
    """Parse the table (garbled, native, weight, at, strong), the pivot table's format whose restored spellings are any letters; raise ValueError naming the line."""
    return parse_reversals(text, source, str.isalpha)


def _gazetteer() -> Path:
    from auditor.ruleset.loader import builtin_rules_dir  # lazy: avoids an import cycle

    return builtin_rules_dir() / "gazetteer"


@functools.lru_cache(maxsize=1)
def builtin_table() -> tuple[Reversal, ...]:
    """Return the built-in table of native spellings a pivot renders."""
    path = _gazetteer() / "native_reverse.tsv"
    return parse_table(path.read_text(encoding="utf-8"), path.name)


@functools.lru_cache(maxsize=1)
def builtin_words() -> KnownWords:
    """Return the built-in filter of native words (read once per process, when a word first gets that far)."""
    path = _gazetteer() / "native_names.b64"
    return parse_known(path.read_bytes(), path.name)


def restore(word: str, table: tuple[Reversal, ...], words: KnownWords) -> tuple[Native, ...]:
    """Return the native spellings of a plain lowercase word a pivot may have garbled, cheapest first (one per language).

    Each is written with a letter of its language's own, and one change undone at least is
    the pivot's own (`strong`): a word the press wrote without accents is no garble.
    """
    if not may_restore(word, table):
        return ()
    out: dict[str, Native] = {}
    for cost, spelling, _, _ in _search(word, table, MAX_COST, MAX_CANDIDATES, FINGERPRINT):
        letters = {c for c in spelling if not c.isascii()}
        for language, own in NATIVE_LETTERS.items():
            if language in out or not letters <= own or not (letters or native_groups(spelling, word, language)):
                continue
            # (A word its language writes as it stands is that language's own spelling: Dutch "Reinders".)
            if f"{language}:{spelling}" in words and f"{language}:{word}" not in words:
                out[language] = Native(spelling, language, cost)
    return tuple(sorted(out.values(), key=lambda n: (n.cost, n.language)))


def may_restore(word: str, table: tuple[Reversal, ...]) -> bool:
    """True when a plain lowercase word holds the letters of a change of the pivot's own where it may be undone (most words do not: no search)."""
    return _strong_pattern(table).search(word) is not None


@functools.lru_cache(maxsize=4)
def _strong_pattern(table: tuple[Reversal, ...]) -> re.Pattern[str]:
    """Return one pattern finding the garbled letters of any strong change of a table at a place it fits."""
    where = {"start": "^(?:{})", "end": "(?:{})$", "inner": "(?<=.)(?:{})", "any": "(?:{})"}
    parts = [where[r.at].format(re.escape(r.garbled)) for r in table if r.strong]
    return re.compile("|".join(sorted(set(parts))))


def native_groups(spelling: str, word: str, language: str) -> bool:
    """True when a spelling writes more of a language's own letter groups than the word it restores."""
    return any(spelling.count(group) > word.count(group) for group in NATIVE_GROUPS.get(language, ()))


def partner(word: str, language: str, table: tuple[Reversal, ...], words: KnownWords) -> str:
    """Return the spelling in which a plain lowercase word is a word of `language` (itself, or with cheap changes undone), '' for none."""
    if f"{language}:{word}" in words:
        return word
    for _, spelling, _, _ in _search(word, table, PARTNER_MAX_COST, MAX_CANDIDATES, 0):
        if f"{language}:{spelling}" in words:
            return spelling
    return ""
