"""Pivot-garbled names of any entity, found by undoing the pivot and asking a multilingual lexicon.

A name translated through Russian comes back spelled as a romanisation of its Cyrillic
form: Kh or G for H, Dj or I for J, V for W, Ts for Z, K for C... ("Khaidelberg" style).
The garbled word is a string wordfreq has (nearly) never seen in any Latin-script
language, while undoing a few of those changes (rules/gazetteer/pivot_reverse.tsv) gives a
word wordfreq knows well in one of them. Nothing here needs a gazetteer entry or a given name.
"""

from __future__ import annotations

import functools
import heapq
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

MAX_WORD_ZIPF = 2.0  # the garbled word: this rare in every lexicon language at most
MIN_NAME_ZIPF = 2.0  # the restored name: this frequent in one of them at least...
MIN_GAP = 1.5  # ...and this much more frequent than the garbled word...
COST_ZIPF = 1.0  # ...plus this much per unit of change cost: a far-fetched candidate must be famous
MAX_COST = 0.9  # total weight of the changes undone
MAX_CHANGES = 3
MAX_CANDIDATES = 150  # candidates tried per word, cheapest first: bounds the cost of a long word
MIN_LENGTH = 4  # shorter words carry no signal ("Kim", "Ian")
DOUBLING = 0.2  # a consonant the pivot wrote single written double ("Volf" / "Wolff")
UNDOUBLING = 0.3  # a doubled consonant written single
_DOUBLABLE = frozenset("bcdfglmnprstz")
POSITIONS = frozenset({"any", "start", "end", "inner"})

Zipf = Callable[[str, str], float]


class PivotTableError(ValueError):
    """The reverse table is invalid: the message names the file line."""


@dataclass(frozen=True)
class Reversal:
    """One change to undo: letters the pivot writes, the spelling they stand for, its cost and place."""

    garbled: str
    original: str
    weight: float
    at: str  # any | start | end | inner (anywhere but the start)
    strong: bool  # a pivot fingerprint: a candidate needs at least one such change


@dataclass(frozen=True)
class Restored:
    """A garbled word and the name it was garbled from."""

    word: str  # plain lowercase form as written
    name: str  # plain lowercase restored form
    cost: float
    word_zipf: float
    name_zipf: float
    language: str  # the lexicon language that knows the name best


def parse_reversals(text: str, source: str = "pivot_reverse.tsv") -> tuple[Reversal, ...]:
    """Parse the tab-separated reverse table; raise PivotTableError naming the line."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        where = f"{source}:{number}"
        if len(cells) != 5:
            raise PivotTableError(f"{where}: expected 5 tab-separated cells (garbled, original, weight, at, strong), got {len(cells)}")
        garbled, original, weight, at, strong = cells
        if not (garbled.isascii() and garbled.isalpha() and garbled.islower()) or not (original.isascii() and original.isalpha() and original.islower()):
            raise PivotTableError(f"{where}: spellings must be lowercase letters a-z")
        try:
            cost = float(weight)
        except ValueError:
            raise PivotTableError(f"{where}: weight must be a number, got {weight!r}") from None
        if not 0 < cost <= 1:
            raise PivotTableError(f"{where}: weight must be above 0 and at most 1, got {weight}")
        if at not in POSITIONS:
            raise PivotTableError(f"{where}: 'at' must be one of {', '.join(sorted(POSITIONS))}, got {at!r}")
        if strong not in ("yes", "no"):
            raise PivotTableError(f"{where}: 'strong' must be yes or no, got {strong!r}")
        out.append(Reversal(garbled, original, cost, at, strong == "yes"))
    return tuple(out)


def table_path() -> Path:
    """Return the path of the built-in reverse table."""
    from auditor.ruleset.loader import builtin_rules_dir  # lazy: avoids an import cycle

    return builtin_rules_dir() / "gazetteer" / "pivot_reverse.tsv"


@functools.lru_cache(maxsize=1)
def builtin_reversals() -> tuple[Reversal, ...]:
    """Return the built-in reverse table."""
    path = table_path()
    return parse_reversals(path.read_text(encoding="utf-8"), path.name)


def _changes(word: str, start: int, reversals: Sequence[Reversal]) -> Iterable[tuple[float, str, int, bool]]:
    """Yield (cost, new word, position after the change, strong) for each change at or after `start`."""
    n = len(word)
    for r in reversals:
        i = word.find(r.garbled, start)
        while i >= 0:
            end = i + len(r.garbled)
            if r.at == "any" or (r.at == "start" and i == 0) or (r.at == "end" and end == n) or (r.at == "inner" and i > 0):
                yield r.weight, word[:i] + r.original + word[end:], i + len(r.original), r.strong
            i = word.find(r.garbled, i + 1)
    for i in range(max(start, 1), n):
        c = word[i]
        if c in _DOUBLABLE and word[i - 1] != c and (i + 1 == n or word[i + 1] != c):
            yield DOUBLING, word[:i] + c + word[i:], i + 2, False
        elif c == word[i - 1] and c in _DOUBLABLE:
            yield UNDOUBLING, word[:i] + word[i + 1 :], i, False


def candidates(word: str, reversals: Sequence[Reversal], max_cost: float = MAX_COST, limit: int = MAX_CANDIDATES) -> list[tuple[float, str]]:
    """Return (cost, spelling) of the words `word` may have been garbled from, cheapest first, each with a strong change.

    Changes are undone left to right (each after the previous one's output), so one
    spelling is reached once per order of changes and never through a change of a change.
    """
    heap: list[tuple[float, int, str, int, bool]] = [(0.0, 0, word, 0, False)]
    best: dict[tuple[str, bool], float] = {(word, False): 0.0}
    out: list[tuple[float, str]] = []
    found: set[str] = set()
    while heap and len(out) < limit:
        cost, count, current, pos, strong = heapq.heappop(heap)
        if strong and current not in found:
            found.add(current)
            out.append((cost, current))
        if count >= MAX_CHANGES:
            continue
        for weight, spelling, after, is_strong in _changes(current, pos, reversals):
            total = round(cost + weight, 3)
            key = (spelling, strong or is_strong)
            if total <= max_cost and best.get(key, 2.0) > total:
                best[key] = total
                heapq.heappush(heap, (total, count + 1, spelling, after, key[1]))
    return out


class Lexicon:
    """Maximum wordfreq Zipf value of a plain word over the lexicon languages, memoised."""

    def __init__(self, zipf: Zipf, languages: Sequence[str]) -> None:
        self.zipf = zipf
        self.languages = tuple(languages)
        self._memo: dict[str, tuple[float, str]] = {}

    def rare(self, word: str, limit: float) -> bool:
        """True when `word` is below `limit` in every lexicon language (stops at the first that knows it)."""
        found = self._memo.get(word)
        if found is not None:
            return found[0] < limit
        # The languages in order, French and English first: their tables are loaded already.
        return all(self.zipf(word, lang) < limit for lang in self.languages)

    def best(self, word: str) -> tuple[float, str]:
        """Return (the highest Zipf value of `word` in any lexicon language, that language)."""
        found = self._memo.get(word)
        if found is None:
            if len(self._memo) > 200_000:
                self._memo.clear()
            found = self._memo[word] = max(((self.zipf(word, lang), lang) for lang in self.languages), key=lambda x: x[0])
        return found


def restore(word: str, lexicon: Lexicon, reversals: Sequence[Reversal]) -> Restored | None:
    """Return the name a rare plain lowercase word was garbled from by a pivot, or None."""
    if len(word) < MIN_LENGTH or not (word.isascii() and word.isalpha()):
        return None
    if not lexicon.rare(word, MAX_WORD_ZIPF):
        return None
    word_zipf, _ = lexicon.best(word)
    found: Restored | None = None
    for cost, spelling in candidates(word, reversals):
        need = max(MIN_NAME_ZIPF, word_zipf + MIN_GAP) + COST_ZIPF * cost
        name_zipf, language = lexicon.best(spelling)
        # Ties go to the cheaper candidate (listed first); then the spelling, for determinism.
        if name_zipf >= need and (found is None or name_zipf - COST_ZIPF * cost > found.name_zipf - COST_ZIPF * found.cost):
            found = Restored(word, spelling, cost, word_zipf, name_zipf, language)
    return found


def name_case(spelling: str, written: str) -> str:
    """Capitalise a restored spelling as the word was written (only the first letter for a name)."""
    return spelling[:1].upper() + spelling[1:] if written[:1].isupper() else spelling
