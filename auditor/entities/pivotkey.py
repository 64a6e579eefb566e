"""Names heard through a Russian pivot, found by a sound key shared with their English spelling.

Russian writes a foreign name by ear (Burridge -> Барридж, Huddersfield -> Хаддерсфилд),
and the romanisation that comes back ("Barridzh", "Khaddersfild") is no letter change of
the original a few pivot changes undo. Both spellings still fold to one key when
vowels are dropped and the consonant spellings a pivot swaps are merged: g, j, dj, dzh; h,
kh; v, w, f, ph; t, th; sh, ch, tch, sch. rules/gazetteer/pivot_keys.tsv
(tools/build_pivot_keys.py) holds the key of every word wordfreq sees in English and French
about alike, as it sees names; a word no lexicon knows, spelled as a romanisation of Cyrillic,
that shares the key of such a name, sounds like it (same consonants and vowel groups) and
writes Dj, Dzh, Kh or Tch where the name writes G, J, H or Ch is that name heard through the pivot.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

MIN_LENGTH = 5  # shorter words share some name's key by chance
MIN_KEY = 3  # symbols a key needs at least: two consonants say nothing
VOWELS = frozenset("aeiouy")
# Spellings folded to one symbol, longest first at each letter. A symbol is one capital letter (X gives two: K, S).
_RULES: tuple[tuple[str, str], ...] = (
    ("tsch", "C"),
    ("shch", "C"),
    ("dzh", "G"),
    ("sch", "C"),
    ("tch", "C"),
    ("gue", "G"),
    ("gui", "G"),
    ("dj", "G"),
    ("dg", "G"),
    ("zh", "G"),
    ("gh", "G"),
    ("kh", "H"),
    ("ch", "C"),
    ("sh", "C"),
    ("cz", "C"),
    ("sz", "C"),
    ("ph", "F"),
    ("th", "T"),
    ("ck", "K"),
    ("qu", "K"),
    ("ts", "S"),
    ("tz", "S"),
)
_SINGLE = {"g": "G", "j": "G", "h": "H", "v": "F", "f": "F", "k": "K", "q": "K", "x": "KS", "z": "S", "s": "S", "t": "T"}


def key(word: str) -> str:
    """Return the sound key of a plain lowercase word: consonant spellings a pivot swaps merged, vowels dropped, repeats merged."""
    return "".join(symbol for symbol, _ in consonants(word))


def consonants(word: str) -> list[tuple[str, str]]:
    """Return (symbol, spellings) of a plain lowercase word's consonants, repeats merged across vowels too ("Barridzh": B, R, G)."""
    out: list[tuple[str, str]] = []
    for symbol, spelled in sounds(word):
        if not symbol:
            continue
        if out and out[-1][0] == symbol:
            out[-1] = (symbol, out[-1][1] + spelled)
        else:
            out.append((symbol, spelled))
    return out


def sounds(word: str) -> list[tuple[str, str]]:
    """Return (symbol, spelling) of a plain lowercase word's consonants and vowel groups (symbol ''), in order, repeats merged."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(word)
    while i < n:
        symbol, step = "", 1
        for spelling, folded in _RULES:
            if word.startswith(spelling, i):
                symbol, step = folded, len(spelling)
                break
        else:
            c = word[i]
            if c == "h" and i and word[i - 1] not in VOWELS:
                i += 1  # after a consonant: no sound of its own ("Rhodes")
                continue
            if c == "w":
                # W after a vowel is part of it ("Barlow"); before one it is a consonant, V in Russian.
                symbol = "F" if i + 1 < n and word[i + 1] in VOWELS else ""
            elif c == "c":
                symbol = "S" if i + 1 < n and word[i + 1] in "eiy" else "K"
            elif c not in VOWELS:
                symbol = _SINGLE.get(c, c.upper())
        spelled = word[i : i + step]
        # X is two sounds, K and S, as Russian writes it ("Aleksander"); the spelling goes with the first.
        for part in symbol or "":
            if out and out[-1][0] == part:
                out[-1] = (part, out[-1][1] + spelled)
            else:
                out.append((part, spelled))
            spelled = ""
        if not symbol:
            if out and out[-1][0] == "":
                out[-1] = ("", out[-1][1] + spelled)
            else:
                out.append(("", spelled))
        i += step
    return out


# Vowels Russian writes for English ones heard, as (written, the name's spelling): A for the U
# of "Trump", E for the A of "Jackson" (not before R: "Harvey" is Kharvi), I for the EE of
# "Greenwood"... One way only: "Djerad" (e, a) is no Jared (a, e).
_HEARD_VOWELS = frozenset({("a", "u"), ("e", "a"), ("i", "e"), ("i", "ea"), ("i", "ee"), ("i", "ie"), ("i", "y"), ("e", "u")})
# A vowel group a romanisation of Cyrillic writes: one vowel, or two (ia, iu, ai, ou...), never three.
MAX_GROUP = 2


def heard_as_other(written: str, spelled: str) -> bool:
    """True when a vowel group is one Russian writes for the name's other vowel as heard (A for the U of "Trump", I for EE...)."""
    return (written, spelled) in _HEARD_VOWELS


def vowels_heard(written: str, spelled: str, after: str = "") -> bool:
    """True when a vowel group of a word may render the name's group by ear: the same, one holding a letter of the other, or a vowel heard as another.

    `after` is the letter after the name's group ("r" keeps the A of "Harvey" an A).
    """
    if written == spelled:
        return True
    if len(written) > MAX_GROUP:
        return False
    if (written, spelled) in _HEARD_VOWELS:
        return not (spelled == "a" and after == "r") and not (spelled == "u" and written == "e" and after != "r")
    return any(a in spelled for a in written if a != "w") and (len(written) == 1 or len(spelled) == 1 or written[0] == spelled[0])


# What a romanisation of Cyrillic writes: no c, h, j, q, w or x of their own (only in ch, kh,
# sh, zh, dj), no ph, th or ck. A word with other letters is no pivot's spelling.
_ROMANISED_RE = re.compile(r"(?:[abdefgiklmnoprstuvyz]|[cksz]h|dj)+")
# Consonant spellings a pivot writes for Western ones (in a word's symbol, absent from the
# name's): a fingerprint, one at least per match. Not V for W, K for C, Ts for Z, Ks for X
# nor Zh: German, Polish, Czech or Finnish words write them so by the thousand ("Lekture",
# "Metsaan", "Zhorsi").
_FINGERPRINTS = {"G": ("dj", "dzh"), "H": ("kh",), "C": ("tch",)}
# ...each only for a name that spells the sound another way (Dj for G or J, Kh for H, Tch for Ch).
_WESTERN = {"G": ("g", "j"), "H": ("h",), "C": ("ch", "sh", "sch", "cz")}


def western(symbol: str, spelled: str) -> bool:
    """True when a name's spelling of one consonant symbol is one a pivot writes otherwise (G for Dj, H for Kh...)."""
    return any(w in spelled for w in _WESTERN.get(symbol, ())) and not any(p in spelled for p in _FINGERPRINTS.get(symbol, ()))


def romanised(word: str) -> bool:
    """True for a plain lowercase word spelled only with what a romanisation of Cyrillic writes."""
    return _ROMANISED_RE.fullmatch(word) is not None


def pivot_marks(word: str, name: str) -> int:
    """Return how many of a word's consonants a pivot wrote for the name's spelling of the same sound, or 0 when they sound unalike.

    Alike: the same consonant symbols and vowel groups in the same order (a silent final e
    of the name aside), each vowel group of the word one of the name's heard.
    """
    ours, theirs = sounds(word), sounds(name)
    if len(theirs) == len(ours) + 1 and theirs[-1] == ("", "e"):
        theirs.pop()  # a final e, silent ("Burridge") or sounded: a rendering may drop it
    if len(ours) != len(theirs):
        return 0
    marks = 0
    for i, ((symbol, written), (other, spelled)) in enumerate(zip(ours, theirs)):
        if symbol != other:
            return 0
        if not symbol:
            after = theirs[i + 1][1][:1] if i + 1 < len(theirs) else ""
            if not vowels_heard(written, spelled, after):
                return 0
        elif any(p in written for p in _FINGERPRINTS.get(symbol, ())) and western(symbol, spelled):
            marks += 1
    return marks


# Vowels only English pronunciation explains, as (written, the name's spelling): the U of "Trump"
# heard as A, EA and EE as I, UR as ER. A Dj, Kh or Tch is also how French writes Arabic, African
# or Slavic names ("Djamel" for Jamal, "Khassan" for Hassan): with one such mark, a match needs
# one of these too, to show the name came through English ears.
_BY_EAR = frozenset({("a", "u"), ("i", "ea"), ("i", "ee"), ("e", "u")})


def by_ear(word: str, name: str) -> int:
    """Return how many vowel groups of a word render the name's as English pronounces them (A for U...), for words that sound alike."""
    ours, theirs = sounds(word), sounds(name)
    if len(theirs) == len(ours) + 1 and theirs[-1] == ("", "e"):
        theirs.pop()
    return sum(1 for (symbol, written), (_, spelled) in zip(ours, theirs) if not symbol and (written, spelled) in _BY_EAR)


def match(word: str, table: "KeyTable") -> "Keyed | None":
    """Return the best-known name a plain lowercase word renders by ear through a pivot, or None.

    The word must be spelled as a romanisation of Cyrillic writes, share the name's key of
    MIN_KEY symbols or more, sound alike (pivot_marks) and hold a pivot's spelling where the
    name has a Western one (Dj for G, Kh for H, Tch for Ch...): two such, or a Dzh (no French
    spelling), or one with a vowel only English ears explain (by_ear).
    """
    if len(word) < MIN_LENGTH or not romanised(word):
        return None
    word_key = key(word)
    if len(word_key) < MIN_KEY:
        return None
    best: Keyed | None = None
    for keyed in table.names(word_key):
        if keyed.name == word or (best is not None and (-keyed.zipf, keyed.name) >= (-best.zipf, best.name)):
            continue
        marks = pivot_marks(word, keyed.name)
        if marks >= 2 or (marks and ("dzh" in word or by_ear(word, keyed.name))):
            best = keyed
    return best


class KeyTableError(ValueError):
    """The key table is invalid: the message names the file and the key."""


@dataclass(frozen=True)
class Keyed:
    """A name that shares a word's sound key."""

    name: str  # plain lowercase
    zipf: float  # how often wordfreq sees it (the higher of English and French)


class KeyTable:
    """The table's lines by key, each parsed only when its key is asked (most never are)."""

    def __init__(self, text: str, source: str = "pivot_keys.tsv") -> None:
        self.source = source
        self.rows: dict[str, str] = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                word_key, _, names = line.partition("\t")
                self.rows[word_key] = names

    def names(self, word_key: str) -> list[Keyed]:
        """Return the names of one key."""
        row = self.rows.get(word_key)
        if not row:
            return []
        out = []
        for cell in row.split(" "):
            name, _, value = cell.partition(":")
            try:
                out.append(Keyed(name, float(value)))
            except ValueError:
                raise KeyTableError(f"{self.source}: key {word_key}: expected name:zipf cells, got {cell!r}") from None
        return out


def table_path() -> Path:
    """Return the path of the built-in key table."""
    from auditor.ruleset.loader import builtin_rules_dir  # lazy: avoids an import cycle

    return builtin_rules_dir() / "gazetteer" / "pivot_keys.tsv"


@functools.lru_cache(maxsize=1)
def builtin_table() -> KeyTable:
    """Return the built-in table (read once per process, when a word first gets that far)."""
    path = table_path()
    return KeyTable(path.read_text(encoding="utf-8"), path.name)
