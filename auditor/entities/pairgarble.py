"""Garbled name pairs: a given name respelled through a pivot before a surname respelled the same way.

A pivot through Russian writes a name by ear: "Fil Foden" for Phil Foden, "Kalkin" for
Culkin, "Venders" for Wenders. Neither word alone is proof: French writes real Arabic,
African or Dutch names with the same vowels (Moussa, Bourita), and a surname a vowel from
a known name is often another real one. Two weak signals together are: a given name no
list holds, no name in wordfreq's eyes, that sounds like a common given name (same
consonants, vowels a pivot swaps), before a surname that is a name wordfreq knows, or a word
no lexicon knows sounding like one (rules/gazetteer/pair_surnames.tsv, built by
tools/build_pair_surnames.py).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import regex

from auditor.entities.gazetteer import PARTICLES, plain
from auditor.entities.pivotkey import KeyTable, key, romanised, sounds

GIVEN_MIN_LENGTH = 3
SURNAME_MIN_LENGTH = 3  # a surname left as written may be short ("Pul"); one restored needs a key of pivotkey.MIN_KEY
GIVEN_WORD_MAX_ZIPF = 3.0  # a word this frequent in English or French is that word ("New York", "Heat de Miami"), no garbled name
SURNAME_MAX_ZIPF = 4.0  # a surname left as written is a name wordfreq sees less than this: more is a place or a word ("York")
GIVEN_REF_ZIPF = 2.5  # the given name a word respells is a common one: wordfreq sees it this often (English or French)
UNSEEN_ZIPF = 1.0  # a surname below this in every lexicon is no word
NAME_LIKE_MIN_ZIPF = 1.5  # a word French and English text use this often, alike, is a name (a real given name: "Kiran")
NAME_LIKE_GAP = 1.2
OPENER_ZIPF = 3.0  # a capitalised word before the pair this frequent in French or English opens the run ("Le Néerlandais"), no name part
# The vowel groups a pivot writes for a name's, as (written, the name's spelling): Russian has
# no OE, OU, AU or AE (Evenepoel, Moungi, Minaur, Aert), writes I for IE, EE, EA, Y or E, E
# and A for each other, A for U heard in English; a group it shortens keeps its head (IU for
# IEU). No other: "Iulian" is Romanian, no Ilan garbled.
_PIVOT_VOWELS = frozenset({
    ("u", "oe"), ("u", "oo"), ("u", "ou"), ("o", "au"), ("a", "ae"), ("e", "ae"), ("a", "e"), ("e", "a"), ("i", "ie"),
    ("i", "ee"), ("i", "ea"), ("i", "y"), ("i", "e"), ("a", "u"), ("ie", "ieu"), ("iu", "ieu"), ("ei", "ay"),
})
# A run's words: letters a-z only, capitalised (a name part) or lowercase (a particle).
_WORD_RE = regex.compile(r"[\p{L}\p{M}]+")
_PLAIN_NAME_RE = regex.compile(r"[A-Z][a-z]+")

Zipfs = Callable[[str], tuple[float, float]]  # a plain lowercase word's (English, French) Zipf values


@dataclass(frozen=True)
class GarbledPair:
    """A garbled pair in a run: its offsets there and the name it restores ("Phil Foden")."""

    start: int
    end: int
    suggestion: str
    given: str  # the common given name the first word respells
    surname: str  # the surname the last word respells, or itself when it is a known name


def respellings(word: str, name: str) -> int | None:
    """Return how many sounds of a plain lowercase word a pivot respelled from the name's (consonants the same, each vowel group one a pivot writes for the name's), or None when it renders no such name."""
    ours, theirs = sounds(word), sounds(name)
    if len(theirs) == len(ours) + 1 and theirs[-1] == ("", "e"):
        theirs.pop()  # a final e, silent or sounded: a rendering may drop it
    if len(ours) != len(theirs):
        return None
    changed = 0
    for (symbol, written), (other, spelled) in zip(ours, theirs):
        if symbol != other or (symbol == "F" and ("v" in written) != any(c in spelled for c in "vw")):
            return None  # V writes a V or a W, F an F or a Ph: "Fil" is Phil, never Will
        if not symbol and written != spelled and (written, spelled) not in _PIVOT_VOWELS:
            return None
        changed += written != spelled
    return changed + (len(sounds(name)) > len(ours))


def alike(word: str, name: str) -> bool:
    """True when a plain lowercase word sounds like another name through a pivot (respellings)."""
    return word != name and respellings(word, name) is not None


def name_like(zipfs: tuple[float, float]) -> bool:
    """True for a word French and English text both use about as often, as they do a name."""
    en, fr = zipfs
    return en > 0 and fr > 0 and abs(en - fr) <= NAME_LIKE_GAP and max(en, fr) >= NAME_LIKE_MIN_ZIPF


@dataclass(frozen=True)
class GivenIndex:
    """The known given names (plain lowercase), and the common ones by sound key."""

    known: frozenset[str]
    by_key: dict[str, tuple[str, ...]]


def given_index(names: frozenset[str]) -> GivenIndex:
    """Return the GivenIndex of a set of plain lowercase given names."""
    by_key: dict[str, list[str]] = {}
    for name in sorted(names):
        by_key.setdefault(key(name), []).append(name)
    return GivenIndex(names, {k: tuple(v) for k, v in by_key.items()})


def garbled_given(word: str, index: GivenIndex, zipfs: Zipfs) -> str:
    """Return the common given name a capitalised word respells through a pivot ("fil": phil), or '' when it is a name itself or none."""
    seen = zipfs(word)
    if len(word) < GIVEN_MIN_LENGTH or word in index.known or name_like(seen) or max(seen) >= GIVEN_WORD_MAX_ZIPF or not romanised(word):
        return ""  # a J, W or lone H is no pivot's spelling: "Jhonathan" is how Colombia writes it
    # The name fewest respellings away, the best known of those: "Stivi" is Stevie, not Stewie.
    found = []
    for name in index.by_key.get(key(word), ()):
        changed = respellings(word, name) if name != word else None
        if changed is not None and (value := max(zipfs(name))) >= GIVEN_REF_ZIPF:
            found.append((changed, -value, name))
    return min(found)[2] if found else ""


def respelled_surname(word: str, table: KeyTable, zipfs: Zipfs, unseen: Callable[[str], bool]) -> str:
    """Return the name a surname stands for: itself when wordfreq sees it as a name, the best-known name it sounds like when no lexicon knows it, or ''."""
    seen = zipfs(word)
    if name_like(seen):
        return word if max(seen) < SURNAME_MAX_ZIPF else ""
    if not unseen(word) or not romanised(word):
        return ""
    found = []
    for n in table.names(key(word)):
        changed = respellings(word, n.name) if n.name != word else None
        if changed is not None:
            found.append((changed, -n.zipf, n.name))
    return min(found)[2] if found else ""


def _cased(name: str, written: str) -> str:
    """Return a plain lowercase name in the case of the word it replaces."""
    return name[:1].upper() + name[1:] if written[:1].isupper() else name


def garbled_pair(run: str, index: GivenIndex, table: KeyTable, zipfs: Zipfs, unseen: Callable[[str], bool], opener: Callable[[str], float]) -> GarbledPair | None:
    """Return the garbled pair a run ends with (a given name, particles, a surname), or None.

    The words before the pair must be common words opening the run ("Le Belge", a team's
    "Golden State Warriors"): a word of a longer name before it makes it no given name.
    """
    words = [(m.start(), m.group()) for m in _WORD_RE.finditer(run)]
    if len(words) < 2:
        return None
    s_at, surname = words[-1]
    if len(surname) < SURNAME_MIN_LENGTH or not _PLAIN_NAME_RE.fullmatch(surname):
        return None
    i = len(words) - 2
    while i >= 0 and words[i][1] in PARTICLES:
        i -= 1
    if i < 0:
        return None
    g_at, given = words[i]
    if not _PLAIN_NAME_RE.fullmatch(given):
        return None
    if any(opener(w.lower()) < OPENER_ZIPF for _, w in words[:i]):
        return None
    right_given = garbled_given(given.lower(), index, zipfs)
    if not right_given:
        return None
    right_surname = respelled_surname(surname.lower(), table, zipfs, unseen)
    if not right_surname:
        return None
    suggestion = _cased(right_given, given) + run[g_at + len(given) : s_at] + _cased(right_surname, surname)
    return GarbledPair(g_at, s_at + len(surname), suggestion, right_given, right_surname)


def _read_names(path: Path) -> set[str]:
    """Return the first column of a name list (one name a line, or name<TAB>rank), plain lowercase, comments skipped."""
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            out.add(plain(line.split("\t", 1)[0].strip()))
    return out


GIVEN_LISTS = ("first_names.txt", "given_names_common.txt", "given_names_english.txt", "census_given_names.tsv", "given_fr_ranks.tsv")


@functools.lru_cache(maxsize=1)
def builtin_given() -> GivenIndex:
    """Return the index of the built-in given-name lists (read once per process, when a run first gets that far)."""
    from auditor.ruleset.loader import builtin_rules_dir  # lazy: avoids an import cycle

    folder = builtin_rules_dir() / "gazetteer"
    names: set[str] = set()
    for name in GIVEN_LISTS:
        if (folder / name).is_file():
            names |= _read_names(folder / name)
    return given_index(frozenset(n for n in names if n.isascii() and n.isalpha()))


def table_path() -> Path:
    """Return the path of the built-in surname key table."""
    from auditor.ruleset.loader import builtin_rules_dir  # lazy: avoids an import cycle

    return builtin_rules_dir() / "gazetteer" / "pair_surnames.tsv"


@functools.lru_cache(maxsize=1)
def builtin_table() -> KeyTable:
    """Return the built-in surname key table (read once per process)."""
    path = table_path()
    return KeyTable(path.read_text(encoding="utf-8"), path.name)
