"""Pivot-garbled names of any entity, found by undoing the pivot and asking a multilingual lexicon.

A name translated through Russian comes back spelled as a romanisation of its Cyrillic
form: Kh or G for H, Dj or I for J, V for W, Ts for Z, K for C... ("Khelsinki" for Helsinki).
The garbled word is a string wordfreq has (nearly) never seen in any Latin-script
language, while undoing a few of those changes (rules/gazetteer/pivot_reverse.tsv) gives a
word wordfreq knows well in one of them. Nothing here needs a gazetteer entry or a given name.
"""

from __future__ import annotations

import binascii
import bisect
import functools
import hashlib
import heapq
import math
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Container, Sequence

MAX_WORD_ZIPF = 2.0  # the garbled word: this rare in every lexicon language at most
MIN_NAME_ZIPF = 1.8  # the restored name: this frequent in one of them at least...
MIN_GAP = 1.5  # ...and this much more frequent than the garbled word...
COST_ZIPF = 0.5  # ...plus this much per unit of change cost: a far-fetched candidate must be famous
MAX_COST = 0.9  # total weight of the changes undone
MAX_CHANGES = 3
MAX_CANDIDATES = 200  # candidates tried per word, cheapest first: bounds the cost of a long word (vowel changes make many)
WEAK_MAX_CANDIDATES = 100  # restore_weak: a vowel-only or four-letter restoration must be cheap anyway
MIN_LENGTH = 5  # shorter words carry no signal: too many four-letter strings are words somewhere ("Ekho")
DOUBLING = 0.3  # a consonant the pivot wrote single written double ("Kaufman" / "Kauffman"): Russian keeps most doubled letters
UNDOUBLING = 0.3  # a doubled consonant written single
_DOUBLABLE = frozenset("bcdfglmnprstz")
POSITIONS = frozenset({"any", "start", "end", "inner"})
# In the table, "C" stands for one consonant kept as written: a vowel heard and re-spelled
# around it ("eiC" -> "aCe": Russian ей for an English long a written a-consonant-e).
CONSONANT = "C"
_CONSONANTS = "bcdfghjklmnpqrstvwxz"
# The words other languages know (rules/gazetteer/pivot_known.b64, tools/build_pivot_known.py):
# a word known this well in one of these is a real word or name of theirs, no garble.
KNOWN_LANGUAGES = ("de", "es", "it", "pt", "nl", "pl", "sv", "ro", "cs", "sk", "sh", "sl", "hu", "tr", "fi", "da", "nb", "ca")
KNOWN_ZIPF = MAX_WORD_ZIPF
# restore_weak: vowel changes alone, or a four-letter word, need evidence from around the word.
EVIDENCE_MIN_LENGTH = 4
WEAK_MAX_WORD_ZIPF = MAX_WORD_ZIPF  # the word itself rare in French and English (four letters: no filter of other languages)
STRONG_NAME_ZIPF = 3.0  # a name this well known may be restored with one piece of evidence only
# A name is written alike in French and English text, so wordfreq sees it about as often in
# both; a common word is far more frequent in its own language ("fully", "sadique").
NAME_LIKE_GAP = 1.0
KNOWN_MIN_LENGTH = MIN_LENGTH
# People's names wordfreq seldom sees (rules/gazetteer/pivot_names.b64, tools/build_pivot_names.py):
# band -> (the census rank a name needs for it, the Zipf value it stands for as a restored name).
NAME_BANDS = {1: (10**9, 2.0), 2: (20_000, 2.5), 3: (2_000, 3.0)}
# A garbled word that is itself a listed name counts for this much less: a real name is no
# garble unless the name it would come from is far better known ("Witmer" stays, rank 8,418).
NAME_WORD_DISCOUNT = 1.0
# Vowels alone re-spelled reach some listed name from many a real one ("Arill": Arielle): with
# no fingerprint, a listed name explains a word by one cheap change at most.
LISTED_WEAK_MAX_COST = 0.3
# A word this frequent in English or French that the census lists as a rare name at most is
# a common word of its language, no name a weak restoration may reach ("Faki": fake, 4.65).
WEAK_COMMON_WORD_ZIPF = 4.5

Zipf = Callable[[str, str], float]
# Letters no Western spelling writes there, but a romanisation of Cyrillic does: Kh at the
# start or between vowels, Ts or I before a vowel at the start, Dj, Kv, Sht/Shp/Gv at the
# start, a final -itch. Only a word with one is looked up beyond French and English while
# candidates are tried, so a clean article's rare words ("Akismet") never load the other
# tables. (Mid-word ts, zh and tsch are German or pinyin: no fingerprint here.)
_SURE_RE = re.compile(r"^(?:kh|ts[aeiouy]|i[aeou]|sh[tp]|gv)|[aeiouy]kh[aeiouy]|dj|kv|itch$")
# A candidate ending as a Russian or Ukrainian surname or patronymic is the same Slavic name
# romanised another way, not the Western original a pivot garbled.
_SLAVIC_END_RE = re.compile(r"(?:[oe]v|[oe]va|enko|[oe]vich|ovna|evna)$")
# A Georgian surname ends in the patronymic -dze or -shvili (-chvili in French): "Kobakhidze",
# "Saakachvili". Its Kh is how French writes it too, and no Chinese or Japanese name ends so.
_GEORGIAN_END_RE = re.compile(r"(?:dze|[sc]hvili)$")


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
    strong: bool = True  # at least one change undone is a pivot fingerprint


def parse_reversals(text: str, source: str = "pivot_reverse.tsv", original_ok: Callable[[str], bool] | None = None) -> tuple[Reversal, ...]:
    """Parse the tab-separated reverse table; raise PivotTableError naming the line.

    `original_ok` checks the spelling a change restores (default: letters a-z, as the garbled one);
    the native-spelling table restores letters of other alphabets (entities/nativepivot.py).
    """
    original_ok = original_ok or _spelling_ok
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        where = f"{source}:{number}"
        if len(cells) != 5:
            raise PivotTableError(f"{where}: expected 5 tab-separated cells (garbled, original, weight, at, strong), got {len(cells)}")
        garbled, original, weight, at, strong = cells
        if not (_spelling_ok(garbled) and original_ok(original)):
            raise PivotTableError(f"{where}: spellings must be lowercase letters a-z, with at most one C (a consonant), or the letters the table restores")
        if garbled.count(CONSONANT) != original.count(CONSONANT) or garbled == original:
            raise PivotTableError(f"{where}: a C (one consonant, kept) must stand in both spellings or in neither, and they must differ")
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


def _spelling_ok(spelling: str) -> bool:
    """True for lowercase letters a-z with at most one consonant placeholder."""
    letters = spelling.replace(CONSONANT, "", 1)
    return bool(letters) and letters.isascii() and letters.isalpha() and letters.islower() or spelling == CONSONANT


def table_path() -> Path:
    """Return the path of the built-in reverse table."""
    from auditor.ruleset.loader import builtin_rules_dir  # lazy: avoids an import cycle

    return builtin_rules_dir() / "gazetteer" / "pivot_reverse.tsv"


@functools.lru_cache(maxsize=1)
def builtin_reversals() -> tuple[Reversal, ...]:
    """Return the built-in reverse table."""
    path = table_path()
    return parse_reversals(path.read_text(encoding="utf-8"), path.name)


def _fits(r: Reversal, start: int, end: int, n: int) -> bool:
    """True when the garbled letters of `r` may stand at [start, end) of a word of length n."""
    return r.at == "any" or (r.at == "start" and start == 0) or (r.at == "end" and end == n) or (r.at == "inner" and start > 0)


@functools.lru_cache(maxsize=None)
def _consonant_pattern(garbled: str) -> re.Pattern[str]:
    """Return a pattern finding every place, overlapping, where a table spelling with a consonant placeholder stands."""
    head, _, tail = garbled.partition(CONSONANT)
    return re.compile(f"(?={re.escape(head)}([{_CONSONANTS}]){re.escape(tail)})")


# How much a change says about a pivot: a doubled letter says nothing alone, a vowel heard and
# re-spelled says a little, a fingerprint (table column `strong`) says enough.
DOUBLED, RESPELLED, FINGERPRINT = 0, 1, 2


def _changes(word: str, reversals: Sequence[Reversal], doubling: bool = True) -> list[tuple[int, int, str, int, int]]:
    """Return every change that may be undone in `word`: (start, end, replacement, cost in hundredths, level), by start."""
    n = len(word)
    out = []
    for r in reversals:
        level = FINGERPRINT if r.strong else RESPELLED
        if CONSONANT in r.garbled:
            for m in _consonant_pattern(r.garbled).finditer(word):
                i, end = m.start(), m.start() + len(r.garbled)
                if _fits(r, i, end, n):
                    out.append((i, end, r.original.replace(CONSONANT, m.group(1)), round(r.weight * 100), level))
            continue
        i = word.find(r.garbled)
        while i >= 0:
            end = i + len(r.garbled)
            if _fits(r, i, end, n):
                out.append((i, end, r.original, round(r.weight * 100), level))
            i = word.find(r.garbled, i + 1)
    for i in range(1, n if doubling else 1):
        c = word[i]
        if c in _DOUBLABLE and word[i - 1] != c and (i + 1 == n or word[i + 1] != c):
            out.append((i, i + 1, c + c, round(DOUBLING * 100), DOUBLED))
        elif c == word[i - 1] and c in _DOUBLABLE:
            out.append((i, i + 1, "", round(UNDOUBLING * 100), DOUBLED))
    out.sort(key=lambda change: change[0])
    return out


def candidates(word: str, reversals: Sequence[Reversal], max_cost: float = MAX_COST, limit: int = MAX_CANDIDATES) -> list[tuple[float, str]]:
    """Return (cost, spelling) of the words `word` may have been garbled from, cheapest first, each with a strong change.

    The changes are those found in `word` itself, undone left to right (each after the end
    of the previous one), so a spelling is reached once per set of changes and never
    through a change of a change.
    """
    return [(cost, spelling) for cost, spelling, _, _ in _search(word, reversals, max_cost, limit, FINGERPRINT)]


# Letters an English-style romanisation of Cyrillic writes in a name where the French press
# would not: Kh before a vowel at the start or between vowels, Dzh, Ts before a vowel at the
# start, Sht/Shp at the start. Not Dj (French for Дж and Arabic ج: Hodjak, Djamel), Kv (Georgian
# in French: Kvaratskhelia), an initial I before a vowel (Romanian Ioana), nor -itch (French for -ич).
_PIVOT_ONLY_RE = re.compile(r"^kh[aeiouy]|[aeiouy]kh[aeiouy]|dzh|^ts[aeiouy]|^sh[tp]")


def pivot_only(word: str) -> str:
    """Return the letters of a plain lowercase word that only a romanisation of Cyrillic writes there ('' for none)."""
    m = _PIVOT_ONLY_RE.search(word)
    return m.group().strip("aeiouy") if m else ""


def sure_fingerprint(word: str) -> bool:
    """True for a plain lowercase word with letters only a romanisation of Cyrillic writes there (Kh at the start, Dj, Kv, -itch...)."""
    return _SURE_RE.search(word) is not None


def dj_only(word: str) -> bool:
    """True for a plain lowercase word whose only sure fingerprint is a Dj (French's own spelling of the J of many languages)."""
    return "dj" in word and _SURE_RE.search(word) is not None and _SURE_RE.search(word.replace("dj", "j")) is None


def slavic_ending(spelling: str) -> bool:
    """True for a spelling that ends as a Russian or Ukrainian surname or patronymic (-ov, -enko, -ovich...)."""
    return _SLAVIC_END_RE.search(spelling) is not None


def georgian_ending(spelling: str) -> bool:
    """True for a lowercase spelling that ends as a Georgian surname (-dze, -shvili, -chvili)."""
    return _GEORGIAN_END_RE.search(spelling) is not None


def respellings(word: str, reversals: Sequence[Reversal], max_cost: float, limit: int) -> list[tuple[float, str, bool]]:
    """Return (cost, spelling, has a fingerprint) of the spellings `word` may come from by re-spelled vowels or fingerprints, cheapest first."""
    return [(cost, spelling, strong) for cost, spelling, strong, _ in _search(word, reversals, max_cost, limit, RESPELLED)]


def _search(word: str, reversals: Sequence[Reversal], max_cost: float, limit: int, need: int) -> list[tuple[float, str, bool, bool]]:
    """Return (cost, spelling, has a fingerprint, has a re-spelled vowel) of the candidates of `word` with a change of level `need` or more, cheapest first."""
    # Doubled letters are how real names differ: a restoration that needs evidence does without.
    changes = _changes(word, reversals, doubling=need == FINGERPRINT)
    starts = [change[0] for change in changes]
    # level_from[k]: the highest level of the changes from k on; a node below `need` that can
    # reach it no more yields nothing.
    level_from = [DOUBLED] * (len(changes) + 1)
    for k in range(len(changes) - 1, -1, -1):
        level_from[k] = max(changes[k][4], level_from[k + 1])
    # Costs in hundredths: integer sums, no float noise to round away.
    budget = round(max_cost * 100)
    # What every node asks of a change, worked out once: (start, end, replacement, weight, level,
    # index of the first change after it, the word after it, whether `need` is still reachable
    # through it, whether it re-spells a vowel).
    steps = []
    for start, end, replacement, weight, change_level in changes:
        after = bisect.bisect_left(starts, end)
        steps.append((start, end, replacement, weight, change_level, after, word[end:], change_level >= need or level_from[after] >= need, change_level == RESPELLED))
    # A node: (cost, changes made, spelling so far, index of the first change still allowed, position in word, level, re-spelled).
    heap: list[tuple[int, int, str, int, int, int, bool]] = [(0, 0, "", 0, 0, DOUBLED, False)]
    best: dict[tuple[str, int, bool], int] = {}
    out: list[tuple[float, str, bool, bool]] = []
    found: set[str] = {word}
    pop, push, unreached = heapq.heappop, heapq.heappush, budget + 1
    while heap and len(out) < limit:
        cost, count, head, first, pos, level, respelled = pop(heap)
        short = level < need
        if not short:
            spelling = head + word[pos:]
            if spelling not in found:
                found.add(spelling)
                out.append((cost / 100, spelling, level == FINGERPRINT, respelled))
        if count >= MAX_CHANGES:
            continue
        for start, end, replacement, weight, change_level, after, rest, reaches, respells in steps[first:]:
            total = cost + weight
            if total > budget or (short and not reaches):
                continue  # over budget, or a node below `need` that can reach it no more
            now = level if level >= change_level else change_level
            new_head = head + word[pos:start] + replacement
            now_respelled = respelled or respells
            key = (new_head + rest, now, now_respelled)
            if best.get(key, unreached) > total:
                best[key] = total
                push(heap, (total, count + 1, new_head, after, end, now, now_respelled))
    return out


def bloom_positions(word: str, bits: int, hashes: int) -> list[int]:
    """Return the bit positions of `word` in a Bloom filter of `bits` bits and `hashes` hash functions."""
    digest = hashlib.blake2b(word.encode("utf-8"), digest_size=16, person=b"pivot-known").digest()
    h1 = int.from_bytes(digest[:8], "little")
    h2 = int.from_bytes(digest[8:], "little") | 1
    return [(h1 + i * h2) % bits for i in range(hashes)]


@dataclass(frozen=True)
class KnownWords:
    """A Bloom filter of words other languages know: membership may be a false positive, never a false negative."""

    bits: int
    hashes: int
    table: bytes

    def __contains__(self, word: str) -> bool:
        # bloom_positions inlined, stopping at the first clear bit: most words asked are absent,
        # and the names filter takes 20 hashes.
        # The two halves unpacked at once: int.from_bytes of two slices cost half the probe.
        h1, h2 = _HALVES(hashlib.blake2b(word.encode("utf-8"), digest_size=16, person=b"pivot-known").digest())
        h2 |= 1
        table, bits = self.table, self.bits
        for i in range(self.hashes):
            p = (h1 + i * h2) % bits
            if not table[p >> 3] >> (p & 7) & 1:
                return False
        return True


_HALVES = struct.Struct("<QQ").unpack  # a 16-byte digest as two little-endian 64-bit integers, as bloom_positions reads it


def build_known(words: Sequence[str], false_positive_rate: float) -> KnownWords:
    """Return a Bloom filter of `words` sized for `false_positive_rate` (for the tools that generate the filter files)."""
    n = len(words)
    bits = math.ceil(-n * math.log(false_positive_rate) / math.log(2) ** 2 / 8) * 8
    hashes = max(1, round(bits / n * math.log(2)))
    table = bytearray(bits // 8)
    for word in words:
        for p in bloom_positions(word, bits, hashes):
            table[p >> 3] |= 1 << (p & 7)
    return KnownWords(bits, hashes, bytes(table))


def format_known(known: KnownWords, words: int, header: Sequence[str]) -> str:
    """Return the text of a filter file (the format parse_known reads): '#' header lines, the 'bloom' line, base64 lines."""
    # Base64 text, not raw bytes: every file under rules/ stays text that tools and tests can read.
    encoded = binascii.b2a_base64(known.table, newline=False).decode("ascii")
    body = "".join(encoded[i : i + 76] + "\n" for i in range(0, len(encoded), 76))
    return "".join(f"# {line}\n" for line in header) + f"bloom {known.bits} {known.hashes} {words}\n" + body


def parse_known(data: bytes, source: str = "pivot_known.b64") -> KnownWords:
    """Parse the filter file: '#' header lines, a line 'bloom BITS HASHES WORDS', then the bits in base64 lines."""
    pos = 0
    while data.startswith(b"#", pos):
        pos = data.find(b"\n", pos) + 1 or len(data)
    end = data.find(b"\n", pos)
    fields = data[pos:end].split() if end >= 0 else []
    if len(fields) != 4 or fields[0] != b"bloom" or not all(f.isdigit() for f in fields[1:]):
        raise ValueError(f"{source}: expected a line 'bloom BITS HASHES WORDS' after the header")
    bits, hashes = int(fields[1]), int(fields[2])
    try:
        table = binascii.a2b_base64(data[end + 1 :].replace(b"\n", b""), strict_mode=True)
    except binascii.Error as exc:
        raise ValueError(f"{source}: the filter is not base64: {exc}") from None
    if bits <= 0 or hashes <= 0 or len(table) * 8 != bits:
        raise ValueError(f"{source}: {len(table)} bytes of filter for {bits} bits")
    return KnownWords(bits, hashes, table)


def known_path() -> Path:
    """Return the path of the built-in filter of words other languages know."""
    return table_path().with_name("pivot_known.b64")


@functools.lru_cache(maxsize=1)
def builtin_known() -> KnownWords:
    """Return the built-in filter (about 1.4 MB, read once per process when a rare word first needs it)."""
    path = known_path()
    return parse_known(path.read_bytes(), path.name)


@dataclass(frozen=True)
class KnownNames:
    """People's names in a Bloom filter, each with a band of how common it is (0: not listed)."""

    names: KnownWords

    def band(self, word: str) -> int:
        """Return the highest band `word` is listed in, 0 for none (one filter probe for most words)."""
        if word not in self.names:
            return 0
        return next((band for band in sorted(NAME_BANDS, reverse=True) if band > 1 and f"{band}:{word}" in self.names), 1)

    def zipf(self, word: str) -> float:
        """Return the Zipf value a listed name stands for as a restored name (0 when not listed)."""
        band = self.band(word)
        return NAME_BANDS[band][1] if band else 0.0


_TOP_LISTED_ZIPF = max(zipf for _, zipf in NAME_BANDS.values())  # what the best listed name stands for
NO_NAMES = KnownNames(KnownWords(8, 1, b"\0"))  # lists nothing: restorations judged by wordfreq alone


def names_path() -> Path:
    """Return the path of the built-in filter of people's names."""
    return table_path().with_name("pivot_names.b64")


@functools.lru_cache(maxsize=1)
def builtin_names() -> KnownNames:
    """Return the built-in filter of people's names (about 0.4 MB, read once per process when a rare word first needs it)."""
    path = names_path()
    return KnownNames(parse_known(path.read_bytes(), path.name))


# frequent(languages, level): a container holding every word the lexicon's zipf gives `level`
# or more in one of `languages` (others too, rarely), or None when it cannot tell.
Frequent = Callable[[Sequence[str], float], "Container[str] | None"]


class Lexicon:
    """Wordfreq Zipf values of plain words in two tiers of languages, memoised.

    The primary languages (French and English, whose tables every audit reads anyway)
    judge every candidate; the names tier (German, Spanish...) is read only for a word with
    a sure pivot fingerprint, so a clean article never loads those tables.
    """

    def __init__(self, zipf: Zipf, primary: Sequence[str], names: Sequence[str], frequent: Frequent | None = None) -> None:
        self.zipf = zipf
        self.tiers = (tuple(primary), tuple(primary) + tuple(names))
        self._memo: dict[tuple[str, int], tuple[float, str]] = {}
        self._frequent = frequent
        self._sieves: dict[float, Container[str] | None] = {}

    def sieve(self, level: float) -> Container[str] | None:
        """Return a container of the primary languages' words of Zipf `level` or more (a word it lacks is below it in all), or None."""
        if level not in self._sieves:
            self._sieves[level] = None if self._frequent is None else self._frequent(self.tiers[0], level)
        return self._sieves[level]

    def best(self, word: str, tier: int = 0) -> tuple[float, str]:
        """Return (the highest Zipf value of `word` in the languages of `tier` (0 or 1), that language); the first language wins ties."""
        key = (word, tier)
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) > 200_000:
                self._memo.clear()
            found = (0.0, "")
            for lang in self.tiers[tier]:
                value = self.zipf(word, lang)
                if value > found[0]:
                    found = (value, lang)
            self._memo[key] = found
        return found


def restore(
    word: str, lexicon: Lexicon, reversals: Sequence[Reversal], known: Callable[[], Container[str]], names: Callable[[], KnownNames] = lambda: NO_NAMES
) -> Restored | None:
    """Return the name a rare plain lowercase word was garbled from by a pivot, or None.

    `known` returns the words other languages know, `names` the people's names (each read
    only when a word gets that far).
    """
    if len(word) < MIN_LENGTH or not (word.isascii() and word.isalpha()):
        return None
    word_zipf, _ = lexicon.best(word)
    if word_zipf >= MAX_WORD_ZIPF:
        return None
    listed = names()
    word_zipf = max(word_zipf, listed.zipf(word) - NAME_WORD_DISCOUNT)
    known_words = known()
    if word_zipf >= MAX_WORD_ZIPF or word in known_words:
        return None
    # Only a word with a sure fingerprint asks the other languages' tables about a candidate,
    # and only about one the filter says they know: a clean article never loads them.
    sure = _SURE_RE.search(word) is not None
    tier: Callable[[str], int] = (lambda spelling: 1 if spelling in known_words else 0) if sure else (lambda spelling: 0)
    def named(spelling: str) -> bool:
        return name_like(spelling, lexicon.zipf)

    found = _search(word, reversals, MAX_COST, MAX_CANDIDATES, FINGERPRINT)
    best = _cheapest(word, word_zipf, lexicon, found, tier, named, listed)
    if best is None and sure and len(found) >= MAX_CANDIDATES:
        # Vowel re-spellings fill the candidates of a long word before three fingerprints are
        # undone together ("Tsiurikh": ts, iu and kh): a word that surely went through Cyrillic
        # is searched again by its fingerprints alone.
        found = _search(word, _fingerprints(reversals), MAX_COST, MAX_CANDIDATES, FINGERPRINT)
        best = _cheapest(word, word_zipf, lexicon, found, tier, named, listed)
    return best


@functools.lru_cache(maxsize=4)
def _fingerprints(reversals: tuple[Reversal, ...]) -> tuple[Reversal, ...]:
    """Return the changes of a table that are pivot fingerprints (column `strong`)."""
    return tuple(r for r in reversals if r.strong)


def restore_weak(
    word: str, lexicon: Lexicon, reversals: Sequence[Reversal], known: Callable[[], Container[str]], names: Callable[[], KnownNames] = lambda: NO_NAMES
) -> Restored | None:
    """Return the name an unseen word may come from when vowel changes alone count, or a four-letter word's; None else.

    Weaker than restore: real names differ from famous ones by a vowel too, and four
    letters spell a word somewhere. The caller flags the result only with evidence that
    the word is a garbled name (another garbled word beside it, a given name before it,
    the same name flagged elsewhere in the document). Only French and English are asked.
    """
    if len(word) < EVIDENCE_MIN_LENGTH or not (word.isascii() and word.isalpha()):
        return None
    word_zipf, _ = lexicon.best(word)
    if word_zipf >= WEAK_MAX_WORD_ZIPF or (len(word) >= KNOWN_MIN_LENGTH and word in known()):
        return None
    listed = names()
    word_zipf = max(word_zipf, listed.zipf(word) - NAME_WORD_DISCOUNT)
    if word_zipf >= WEAK_MAX_WORD_ZIPF:
        return None
    found = _search(word, reversals, MAX_COST, WEAK_MAX_CANDIDATES, RESPELLED)
    return _cheapest(word, word_zipf, lexicon, found, lambda spelling: 0, lambda spelling: name_like(spelling, lexicon.zipf), listed, always=True)


def name_like(spelling: str, zipf: Zipf) -> bool:
    """True when French and English text use a spelling about as often, as they do a name ("styles" yes, "fully" no)."""
    en, fr = zipf(spelling, "en"), zipf(spelling, "fr")
    return en > 0 and fr > 0 and abs(en - fr) <= NAME_LIKE_GAP


def _cheapest(
    word: str,
    word_zipf: float,
    lexicon: Lexicon,
    found_candidates: Sequence[tuple[float, str, bool, bool]],
    tier: Callable[[str], int],
    name_like: Callable[[str], bool],
    listed: KnownNames = NO_NAMES,
    always: bool = False,
) -> Restored | None:
    """Return the cheapest candidate that is a name known well enough for its cost (the most frequent among equals).

    Vowels heard and re-spelled lead to common words too ("Fittiches": fetishes): a candidate
    reached so that is not name-like pays twice for its cost, and with `always` (no
    fingerprint to vouch for the word) it must be name-like.
    """
    found: tuple[float, float, str, str, bool] | None = None  # (cost, -Zipf, spelling, language, strong)
    floor = max(MIN_NAME_ZIPF, word_zipf + MIN_GAP)
    # Nearly every candidate is a string no lexicon language writes: the sieve turns most away
    # without a lookup, as below MIN_NAME_ZIPF (<= floor) the value found would not matter.
    sieve = lexicon.sieve(MIN_NAME_ZIPF)
    for cost, spelling, strong, respelled in found_candidates:
        if found is not None and cost > found[0]:
            break  # the cheapest candidates that qualify: the fewest changes undone explain the word best
        if _SLAVIC_END_RE.search(spelling):
            continue  # Iakovlev / Yakovlev: two romanisations of one Slavic name, no Western original
        level = tier(spelling)
        if level == 0 and sieve is not None and spelling not in sieve:
            name_zipf, language = 0.0, ""
        else:
            name_zipf, language = lexicon.best(spelling, level)
        needed = floor + COST_ZIPF * cost
        if name_zipf < needed:
            if needed > _TOP_LISTED_ZIPF or (always and cost > LISTED_WEAK_MAX_COST):
                continue  # no listed name is known that well, or may be reached so far: the probe could not change the answer
            # A person's name wordfreq seldom sees ("Hipkins"); asked only then: one probe more.
            name_zipf = listed.zipf(spelling)
            if name_zipf < needed:
                continue
            language = "names"
        elif not always:
            # Ranked as the better known of the two: a name the census lists as common too (not
            # for a restoration that needs evidence: its evidence asks how well wordfreq knows it).
            name_zipf = max(name_zipf, listed.zipf(spelling))
        if always and language != "names" and name_zipf >= WEAK_COMMON_WORD_ZIPF and listed.band(spelling) < 2:
            continue
        # Asked only of a candidate known well enough: most are not, and this is two more lookups.
        # A listed person's name is a name, whatever wordfreq says of it.
        if language != "names" and (always or respelled) and not name_like(spelling) and (always or name_zipf < floor + 2 * COST_ZIPF * cost):
            continue
        if found is None or (cost, -name_zipf, spelling, language, strong) < found:
            found = (cost, -name_zipf, spelling, language, strong)
    if found is None:
        return None
    cost, minus_zipf, spelling, language, strong = found
    return Restored(word, spelling, cost, word_zipf, -minus_zipf, language, strong)


def name_case(spelling: str, written: str) -> str:
    """Capitalise a restored spelling as the word was written (the first letter for a name, and Mc's next: McCormack)."""
    if not written[:1].isupper():
        return spelling
    if spelling[:2] == "mc" and spelling[2:3].isalpha():
        return "Mc" + spelling[2:3].upper() + spelling[3:]
    return spelling[:1].upper() + spelling[1:]
