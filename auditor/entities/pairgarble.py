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
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import regex

from auditor.entities.gazetteer import PARTICLES, load_first_names, plain
from auditor.entities.pivotkey import KeyTable, key, romanised, sounds

GIVEN_MIN_LENGTH = 3
SURNAME_MIN_LENGTH = 3  # a surname left as written may be short ("Pul"); one restored needs a key of pivotkey.MIN_KEY
GIVEN_WORD_MAX_ZIPF = 3.0  # a word this frequent in English or French is that word ("New York", "Heat de Miami"), no garbled name
SURNAME_MAX_ZIPF = 4.0  # a surname left as written is a name wordfreq sees less than this: more is a place or a word ("York")
GIVEN_REF_ZIPF = 2.5  # the given name a word respells is a common one: wordfreq sees it this often (English or French)
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
# What a pair's run ends with at least: a plain capitalised word (the given name), particles, a
# plain capitalised word after a space, no letter glued to either (the standard module: \w is
# every script's letters there too, and it is twice as fast).
_TAIL_RE = re.compile(r"(?<![^\W\d_])([A-Z][a-z]{%d,})(?:[ ]+[a-z]+)*[ ]+[A-Z][a-z]{%d,}\Z" % (GIVEN_MIN_LENGTH - 1, SURNAME_MIN_LENGTH - 1))

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


def name_like(zipfs: tuple[float, float]) -> bool:
    """True for a word French and English text both use about as often, as they do a name."""
    en, fr = zipfs
    return en > 0 and fr > 0 and abs(en - fr) <= NAME_LIKE_GAP and max(en, fr) >= NAME_LIKE_MIN_ZIPF


# A coarse key, cheap at C speed, that two names alike (respellings) always share: vowels, H,
# W, F, V and P dropped (Kh with them: Russian's H), the other consonants one class but B,
# L, M, N and R, repeats merged. Blocking only: respellings decides.
_COARSE = str.maketrans({**{c: None for c in "aeiouyhwfvp"}, **{c: "k" for c in "cdgjkqstxz"}})
_REPEAT_RE = re.compile(r"(.)\1+")  # the standard module: twice as fast on these plain letters


def coarse_key(word: str) -> str:
    """Return the coarse key of a plain lowercase word (see _COARSE)."""
    return _REPEAT_RE.sub(r"\1", word.replace("kh", "").translate(_COARSE))


@dataclass(frozen=True)
class GivenIndex:
    """The known given names (plain lowercase), by coarse key; each block split by sound key, common names only, when first asked."""

    known: frozenset[str]
    by_coarse: dict[str, tuple[str, ...]]
    # coarse key -> sound key -> (name, Zipf): made once per block asked, a few per run of a
    # worker (a sound key for all 10,000 names costs more than the check's budget).
    blocks: dict[str, dict[str, list[tuple[str, float]]]] = field(default_factory=dict)

    def common(self, word: str, zipfs: Zipfs) -> list[tuple[str, float]]:
        """Return the common given names (Zipf GIVEN_REF_ZIPF or more) sharing a word's sound key."""
        coarse = coarse_key(word)
        block = self.blocks.get(coarse)
        if block is None:
            block = self.blocks[coarse] = {}
            for name in self.by_coarse.get(coarse, ()):
                if (value := max(zipfs(name))) >= GIVEN_REF_ZIPF:
                    block.setdefault(key(name), []).append((name, value))
        return block.get(key(word), [])


def given_index(names: frozenset[str], common: frozenset[str] | None = None) -> GivenIndex:
    """Return the GivenIndex of a set of plain lowercase given names, those a garble may be restored to (`common`, all by default) by coarse key."""
    by_coarse: dict[str, list[str]] = {}
    for name in names if common is None else common:
        by_coarse.setdefault(coarse_key(name), []).append(name)
    return GivenIndex(names, {k: tuple(v) for k, v in by_coarse.items()})


def garbled_given_word(word: str, zipfs: Zipfs) -> bool:
    """True when a plain lowercase word may be a given name garbled: a pivot's spelling, no name nor common word in wordfreq's eyes."""
    if len(word) < GIVEN_MIN_LENGTH or not romanised(word):
        return False  # a J, W or lone H is no pivot's spelling: "Jhonathan" is how Colombia writes it
    seen = zipfs(word)
    return not name_like(seen) and max(seen) < GIVEN_WORD_MAX_ZIPF


def garbled_given(word: str, given: Callable[[], GivenIndex], zipfs: Zipfs) -> str:
    """Return the common given name a capitalised word respells through a pivot ("fil": phil), or '' when it is a name itself or none.

    `given` returns the index, asked only of a word that may be a garble (most never get so far).
    """
    if not garbled_given_word(word, zipfs):
        return ""
    index = given()
    if word in index.known:
        return ""
    # The name fewest respellings away, the best known of those: "Stivi" is Stevie, not Stewie.
    found = []
    for name, value in index.common(word, zipfs):
        changed = respellings(word, name)
        if changed is not None:
            found.append((changed, -value, name))
    return min(found)[2] if found else ""


RESTORE = "?"  # surname_kind of a word that may be restored from the table (restored_surname)


def surname_kind(word: str, zipfs: Zipfs, unseen: Callable[[str], bool]) -> str:
    """Return the name a surname stands for as written (itself, when wordfreq sees it as a name), RESTORE for a pivot's spelling no lexicon knows, or ''."""
    seen = zipfs(word)
    if name_like(seen):
        return word if max(seen) < SURNAME_MAX_ZIPF else ""
    return RESTORE if romanised(word) and unseen(word) else ""


def restored_surname(word: str, table: Callable[[], KeyTable]) -> str:
    """Return the best-known name of the table a surname sounds like through a pivot, fewest respellings first, or ''."""
    found = []
    for n in table().names(key(word)):
        changed = respellings(word, n.name) if n.name != word else None
        if changed is not None:
            found.append((changed, -n.zipf, n.name))
    return min(found)[2] if found else ""


def _cased(name: str, written: str) -> str:
    """Return a plain lowercase name in the case of the word it replaces."""
    return name[:1].upper() + name[1:] if written[:1].isupper() else name


def garbled_pair(
    run: str,
    may_be_given: Callable[[str], bool],
    given_of: Callable[[str], str],
    surname_of: Callable[[str], str],
    restore_surname: Callable[[str], str],
    opener: Callable[[str], float],
) -> GarbledPair | None:
    """Return the garbled pair a run ends with (a given name, particles, a surname), or None.

    `may_be_given` is garbled_given_word, `given_of` garbled_given, `surname_of` surname_kind and
    `restore_surname` restored_surname, memoised by the caller. The words before the pair must be
    common words opening the run ("Le Belge", a team's "Golden State Warriors"): a word of a longer name
    before it makes it no given name.
    """
    tail = _TAIL_RE.search(run)
    if tail is None or not may_be_given(tail.group(1).lower()):
        return None  # the cheap test first: nearly every run stops here, at C speed or one memo look-up
    words = [(m.start(), m.group()) for m in _WORD_RE.finditer(run)]
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
    # The cheap tests first (a given name's letters and frequency, then the surname): they
    # spare the given names' index, which then is seldom read at all.
    if not may_be_given(given.lower()):
        return None
    right_surname = surname_of(surname.lower())
    if not right_surname:
        return None
    right_given = given_of(given.lower())
    if not right_given:
        return None
    if right_surname == RESTORE:
        right_surname = restore_surname(surname.lower())  # last: the table is read only when a pair may be there
        if not right_surname:
            return None
    if any(opener(w.lower()) < OPENER_ZIPF for _, w in words[:i]):
        return None
    suggestion = _cased(right_given, given) + run[g_at + len(given) : s_at] + _cased(right_surname, surname)
    return GarbledPair(g_at, s_at + len(surname), suggestion, right_given, right_surname)


GIVEN_LISTS = ("first_names.txt", "given_names_common.txt", "given_names_english.txt")  # unranked; the ranked two are read by their checks
# A garble is restored to a name of the unranked lists, or of the ranked ones (census, INSEE) this
# common: a rarer one is seldom the name meant, and indexing it all costs more than the check's budget.
REF_MAX_RANK = 1500


@functools.lru_cache(maxsize=1)
def builtin_given() -> GivenIndex:
    """Return the index of the built-in given-name lists (read once per process, when a run first gets that far).

    Kept in the user cache, keyed by the lists it reads: building it cost 14 ms of a
    one-article scan, reading it back costs 1.
    """
    from auditor import usercache
    from auditor.entities.cuedpairs import GIVEN_RANKS
    from auditor.ruleset.loader import builtin_rules_dir  # lazy: avoids an import cycle

    folder = builtin_rules_dir() / "gazetteer"
    parts: list[bytes | str] = ["given-index"]
    for name in (*GIVEN_LISTS, CENSUS_GIVEN, GIVEN_RANKS):
        path = folder / name
        parts += [name, path.read_bytes() if path.is_file() else b"\0absent"]
    return usercache.memo("given-index", tuple(parts), _build_given, lambda v: isinstance(v, GivenIndex) and not v.blocks, keep=2)


CENSUS_GIVEN = "census_given_names.tsv"  # read by auditor.checks.openworld.census_given_ranks


def _build_given() -> GivenIndex:
    """Build the index of the built-in given-name lists (see builtin_given)."""
    from auditor.checks.openworld import census_given_ranks  # the checks' readers, read once per process
    from auditor.entities.cuedpairs import given_ranks
    from auditor.ruleset.loader import builtin_rules_dir  # lazy: avoids an import cycle

    folder = builtin_rules_dir() / "gazetteer"
    names: set[str] = set()
    common: set[str] = set()
    for name in GIVEN_LISTS:
        if (folder / name).is_file():
            listed = {n if n.isascii() else plain(n) for n in load_first_names(folder / name)}
            names |= listed
            common |= listed
    for ranks in (census_given_ranks(), given_ranks()):
        for name, rank in ranks.items():
            name = name if name.isascii() else plain(name)
            names.add(name)
            if rank <= REF_MAX_RANK:
                common.add(name)
    return given_index(frozenset(names), frozenset(n for n in common if n.isascii() and n.isalpha()))


def table_path() -> Path:
    """Return the path of the built-in surname key table."""
    from auditor.ruleset.loader import builtin_rules_dir  # lazy: avoids an import cycle

    return builtin_rules_dir() / "gazetteer" / "pair_surnames.tsv"


@functools.lru_cache(maxsize=1)
def builtin_table() -> KeyTable:
    """Return the built-in surname key table (read once per process)."""
    path = table_path()
    return KeyTable(path.read_text(encoding="utf-8"), path.name)
