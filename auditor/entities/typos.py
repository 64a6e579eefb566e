"""Names a machine translation misspelled by one letter: a letter dropped or two letters swapped.

No pivot explains "Kowalczk" for Kowalczyk or "Gonzlaez" for Gonzalez: the output lost a
letter or swapped two. The misspelled word is a string no lexicon has seen, while the one
edit undone gives a word French and English text use about as often and well, as they do a
well-known name. Nothing here needs a gazetteer entry; the check (auditor/checks/pivot.py)
asks for evidence where the name is less famous.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Container, Iterable

Zipf = Callable[[str, str], float]

MIN_LENGTH = 6  # shorter words are one letter from too many names ("Maron", "Bolt")
# The restored name: this frequent in French and in English at least, and about as frequent
# in both (a name is written alike in both; "dimanche" is French only).
MIN_NAME_ZIPF = 2.5
NAME_LIKE_GAP = 1.0
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
DROPPED, SWAPPED = "dropped", "swapped"


@dataclass(frozen=True)
class Misspelled:
    """A misspelled word, the name it was misspelled from, how, and how well French and English know that name."""

    word: str  # plain lowercase form as written
    name: str  # plain lowercase restored form
    edit: str  # DROPPED or SWAPPED
    name_zipf: float  # the lower of its French and English Zipf values
    name_like: bool = True  # French and English use it alike and well; False for a listed name they may not


AFFIX = 3  # letters at either end a name list indexes: an edit away from an end leaves them as written


@dataclass(frozen=True)
class NameList:
    """The words a misspelling may come from, with their first and last AFFIX letters: most edits are ruled out by an end."""

    words: frozenset[str]
    heads: frozenset[str]
    tails: frozenset[str]


def name_list(words: Iterable[str]) -> NameList:
    """Return a NameList of `words`."""
    words = frozenset(words)
    return NameList(words, frozenset(w[:AFFIX] for w in words), frozenset(w[-AFFIX:] for w in words))


def merged(a: NameList, b: NameList) -> NameList:
    """Return the NameList of the words of both."""
    return NameList(a.words | b.words, a.heads | b.heads, a.tails | b.tails)


def edits(word: str, names: NameList | None = None) -> list[tuple[str, str]]:
    """Return (edit, spelling) for every word `word` may be misspelled from by one letter dropped or two adjacent letters swapped.

    The first letter is kept: a name with another first letter is another name (Astor,
    Hastor). A letter dropped beside the same letter is a doubled letter written single,
    how real names differ (Philip, Phillip), never counted. With `names`, only the
    spellings whose first and last letters some listed word has are made.
    """
    n = len(word)
    # An edit at i or later keeps the first AFFIX letters; one ending `n - i` letters or more
    # before the end keeps the last AFFIX: a word whose ends no name has has edits at its ends only.
    head = names is None or word[:AFFIX] in names.heads
    tail = names is None or word[-AFFIX:] in names.tails
    out = []
    for i in range(1, n - 1):
        a, b = word[i], word[i + 1]
        if a != b and (head or i < AFFIX) and (tail or i + 2 > n - AFFIX):
            out.append((SWAPPED, word[:i] + b + a + word[i + 2 :]))
    for i in range(1, n + 1):
        if not ((head or i < AFFIX) and (tail or i > n - AFFIX)):
            continue
        for c in _LETTERS:
            if c != word[i - 1] and (i == n or c != word[i]):
                out.append((DROPPED, word[:i] + c + word[i:]))
    return out


def names_path() -> Path:
    """Return the path of the built-in list of name-like words (tools/build_typo_names.py)."""
    from auditor.ruleset.loader import builtin_rules_dir  # lazy: avoids an import cycle

    return builtin_rules_dir() / "gazetteer" / "typo_names.txt"


@functools.lru_cache(maxsize=1)
def builtin_names() -> NameList:
    """Return the built-in name-like words (read once per process, when an unseen word first needs them)."""
    lines = names_path().read_text(encoding="utf-8").splitlines()
    return name_list(line for line in lines if line and not line.startswith("#"))


def misspelled(word: str, zipf: Zipf, names: NameList | None = None, listed: Container[str] = frozenset()) -> Misspelled | None:
    """Return the name a plain lowercase word is one dropped or swapped letter from (name-like ones first, the best known), or None.

    A name is a word French and English use alike and well, or one of `listed` (the
    gazetteer's names, whatever wordfreq says of them). `names` holds every word that may
    qualify, `listed` too (a set probe rules the rest out before any frequency is read);
    None asks `zipf` about every spelling. The caller checks that `word` itself is unseen:
    this only searches.
    """
    if len(word) < MIN_LENGTH or not (word.isascii() and word.isalpha()):
        return None
    best: Misspelled | None = None
    for edit, spelling in edits(word, names):
        if names is not None and spelling not in names.words:
            continue
        fr = zipf(spelling, "fr")
        en = zipf(spelling, "en") if fr >= MIN_NAME_ZIPF else 0.0
        like = en >= MIN_NAME_ZIPF and abs(en - fr) <= NAME_LIKE_GAP
        if not like and spelling not in listed:
            continue
        found = Misspelled(word, spelling, edit, min(fr, en), like)
        if best is None or (not found.name_like, -found.name_zipf, found.name) < (not best.name_like, -best.name_zipf, best.name):
            best = found
    return best
