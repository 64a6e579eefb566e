"""English names written by ear through a Russian pivot: "Merfi" is Murphy (Мёрфи), "Khitrou" Heathrow (Хитроу).

Russian transcribes an English name by its sound, so a translation through Russian brings
back a spelling that no letter change of the English one reaches. The renderings of
rules/gazetteer/pivot_phonetic.tsv (tools/build_pivot_phonetic.py: CMU pronunciations
transcribed into Cyrillic and read back) are blocked by their consonant skeleton under the
transliteration equivalences (the file's first column); a word is heard as a name when it
shares a rendering's skeleton and lies within a small weighted distance of it.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from auditor.entities.translit import Transliterator

MIN_LENGTH = 5  # shorter words match some rendering by chance
MAX_DISTANCE = 0.5  # weighted distance to a rendering: a cheap equivalence or two, or one vowel re-spelled
# Letters a word may have more or fewer than a rendering within MAX_DISTANCE (Dzh for J, a
# doubled letter, a dropped final e): a pair farther apart in length is never compared.
MAX_LENGTH_GAP = 2


class PhoneticTableError(ValueError):
    """The phonetic table is invalid: the message names the file line."""


@dataclass(frozen=True)
class Heard:
    """A word heard as the pivot's rendering of an English name."""

    word: str  # plain lowercase form as written
    name: str  # the English name, lowercase
    rendering: str  # the rendering it matched
    distance: float
    standing: float  # how well known the name is (table column)


class PhoneticTable:
    """The table's lines, sorted as text: the rows of one skeleton are found by bisection, with no parse of the rest."""

    def __init__(self, text: str, source: str = "pivot_phonetic.tsv") -> None:
        self.source = source
        self.lines = [line for line in text.splitlines() if line and not line.startswith("#")]
        if self.lines != sorted(self.lines):
            raise PhoneticTableError(f"{source}: the lines must be sorted as text (tools/build_pivot_phonetic.py writes them so)")

    def rows(self, skeleton: str) -> list[tuple[str, str, float]]:
        """Return (rendering, name, standing) of the rows of one skeleton."""
        head = skeleton + "\t"
        lines = self.lines
        out = []
        for i in range(bisect.bisect_left(lines, head), len(lines)):
            line = lines[i]
            if not line.startswith(head):
                break
            out.append(parse_row(line, f"{self.source}: line {line!r}"))
        return out


def parse_row(line: str, where: str) -> tuple[str, str, float]:
    """Return (rendering, name, standing) of one data line; raise PhoneticTableError naming `where`."""
    cells = line.split("\t")
    if len(cells) != 5 or not all(c.isascii() and c.isalpha() for c in cells[:3]):
        raise PhoneticTableError(f"{where}: expected skeleton, rendering, name (letters), cyrillic, standing")
    try:
        return cells[1], cells[2], float(cells[4])
    except ValueError:
        raise PhoneticTableError(f"{where}: standing must be a number, got {cells[4]!r}") from None


def hear(word: str, table: PhoneticTable, translit: Transliterator, allowed: Callable[[float], float] = lambda standing: MAX_DISTANCE) -> Heard | None:
    """Return the English name a plain lowercase word renders by ear, the closest (then the best known), or None.

    `allowed` gives the distance a rendering may be from the word for the standing of its
    name (a far-fetched one must be famous), MAX_DISTANCE at most.
    """
    if len(word) < MIN_LENGTH:
        return None
    best: tuple[float, float, str, str] | None = None
    n = len(word)
    for rendering, name, standing in table.rows(translit.skeleton(word)):
        if name == word or abs(len(rendering) - n) > MAX_LENGTH_GAP:
            continue
        limit = min(allowed(standing), MAX_DISTANCE)
        d = translit.letters_distance(word, rendering, limit)
        if d <= limit and (best is None or (d, -standing, name, rendering) < best):
            best = (d, -standing, name, rendering)
    if best is None:
        return None
    return Heard(word, best[2], best[3], best[0], -best[1])


def table_path() -> Path:
    """Return the path of the built-in phonetic table."""
    from auditor.ruleset.loader import builtin_rules_dir  # lazy: avoids an import cycle

    return builtin_rules_dir() / "gazetteer" / "pivot_phonetic.tsv"


@functools.lru_cache(maxsize=1)
def builtin_table() -> PhoneticTable:
    """Return the built-in table (read once per process, when a word first gets that far)."""
    path = table_path()
    return PhoneticTable(path.read_text(encoding="utf-8"), path.name)
