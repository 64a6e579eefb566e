"""Chinese and Japanese names spelled through a Russian pivot: Palladius and Polivanov read back in Latin letters.

A Chinese name translated through Russian comes back as its Palladius Cyrillic romanised
(Xi Jinping -> Си Цзиньпин -> "Si Tszinpin"), a Japanese one as its Polivanov Cyrillic
(Ishiguro -> Исигуро -> "Isiguro"). Such a word segments wholly into the syllables of
rules/gazetteer/cjk_pivot.tsv (tools/build_cjk_pivot.py) but is no valid pinyin, Wade-Giles
or Hepburn as written; reading the syllables back gives the standard spelling.
"""

from __future__ import annotations

import functools
import re
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Iterable, Iterator, Mapping

SYSTEMS = ("zh", "ja")
STANDARDS = {"pinyin": "zh", "wade-giles": "zh", "hepburn": "ja"}  # kind of a table row -> its system
NAMES = {"zh": "Palladius (Chinese)", "ja": "Polivanov (Japanese)"}
# Syllables per word at most: a Chinese given name has two, a word of three is a place or a
# brand; Japanese names run to five or six kana.
MAX_SYLLABLES = {"zh": 3, "ja": 6}
# Letters only the Russian systems write, inside a word that segments wholly: цз (z, j) and
# чж (zh) of Palladius, дз (z, j) of Polivanov. Other marks (Kh, Ts, ia, iu, si, ti, v for w)
# are how other languages spell their own names too, and need the document's context.
STRONG_MARKS = {"zh": ("tsz", "chzh"), "ja": ("dz",)}
WEAK, STRONG = 1, 2
MAX_READINGS = 4  # standard spellings kept per word: more is no suggestion, only alternatives
# A standard syllable opening with a vowel after another is set off by an apostrophe in pinyin (Xi'an).
_PINYIN_APOSTROPHE_BEFORE = frozenset("aoe")


class CjkTableError(ValueError):
    """The syllable table is invalid: the message names the file line."""


@dataclass(frozen=True)
class Syllables:
    """One system's syllables: pivot spelling -> the standard syllables it stands for, and each standard romanisation's syllables."""

    system: str
    pivot: Mapping[str, tuple[str, ...]]
    standards: Mapping[str, frozenset[str]]  # pinyin, wade-giles / hepburn -> its syllables
    longest: int  # the longest pivot spelling
    standard_longest: int  # the longest standard syllable
    marked: frozenset[str]  # pivot spellings that differ from every standard syllable they stand for by a consonant

    # Compiled when first asked (a cached property writes past the frozen dataclass): most
    # words asked are no name of the system, and a pattern tells so at C speed.
    @functools.cached_property
    def pivot_re(self) -> re.Pattern[str]:
        """A pattern that fully matches a word that segments into MAX_SYLLABLES pivot spellings at most (`segmentations` finds some)."""
        return _syllables_re(self.pivot, self.pivot, MAX_SYLLABLES[self.system])

    @functools.cached_property
    def standard_res(self) -> dict[str, re.Pattern[str]]:
        """Per standard romanisation, a pattern that fully matches what `spelled_in` accepts at MAX_SYLLABLES syllables."""
        limit = MAX_SYLLABLES[self.system]
        return {
            kind: _syllables_re(syllables, syllables if kind != "pinyin" else [s for s in syllables if s[0] not in _PINYIN_APOSTROPHE_BEFORE], limit)
            for kind, syllables in self.standards.items()
        }


def _syllables_re(first: Iterable[str], inner: Iterable[str], limit: int) -> re.Pattern[str]:
    """Return a pattern fully matching one syllable of `first`, then up to limit - 1 of `inner`."""
    return re.compile(f"(?:{_trie(sorted(set(first)))})(?:{_trie(sorted(set(inner)))}){{0,{limit - 1}}}")


def _trie(syllables: list[str]) -> str:
    """Return an alternation matching any of some sorted syllables, as a trie: the engine tries a handful of letters, not every syllable."""
    branches = []
    for letter, group in itertools.groupby(syllables, key=lambda s: s[0]):
        tails = [s[1:] for s in group]
        rest = [t for t in tails if t]
        if not rest:
            branches.append(re.escape(letter))
            continue
        # A syllable that is a prefix of others ("xi", "xian") makes the rest optional.
        branches.append(f"{re.escape(letter)}(?:{_trie(rest)})" + ("?" if "" in tails else ""))
    return "|".join(branches)


@dataclass(frozen=True)
class Reading:
    """A word read as a pivot spelling of one system: how sure, and the standard spellings it stands for."""

    system: str
    mark: int  # WEAK or STRONG, 0 when no syllable shows the pivot ("Ulate": u-la-te, as pinyin wu-la-te)
    standards: tuple[str, ...]  # lowercase, at most MAX_READINGS; empty when there were more
    alternatives: str  # per syllable, "jian/qian"-style, for the message


_VOWELS_RE = re.compile(r"[aeiouü]+")


def marks(system: str, spelling: str, standard: str) -> bool:
    """True when a pivot spelling shows the pivot: it differs from the standard syllable in a consonant, not only in a vowel.

    Palladius drops pinyin's -g of -ng (пин: "pin" for ping), writes -ong as -un and ie as e,
    and a w before u as nothing (у: "u" for wu): spellings real names and words have too, so
    no evidence. Kh for h, Ts for c, z, q and j, S for x, V for w, I for y, Zh for r are.
    """
    if system != "zh":
        return spelling != standard
    if standard.startswith("w") and spelling.startswith("u"):
        standard = standard[1:]
    skeleton = _VOWELS_RE.sub("", spelling)
    standard_skeleton = _VOWELS_RE.sub("", standard[:-1] if standard.endswith("ng") else standard)
    return skeleton != standard_skeleton


def _rows(text: str, source: str) -> Iterator[tuple[str, list[str]]]:
    """Yield ('file:line', the five cells) of each data line of the table."""
    lines = ((n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#"))
    for number, line in lines:
        cells = line.split("\t")
        if len(cells) != 5:
            raise CjkTableError(f"{source}:{number}: expected 5 tab-separated cells (system, kind, spelling, cyrillic, standard), got {len(cells)}")
        yield f"{source}:{number}", cells


def parse_table(text: str, source: str = "cjk_pivot.tsv") -> dict[str, Syllables]:
    """Parse the tab-separated syllable table; raise CjkTableError naming the line."""
    pivot: dict[str, dict[str, list[str]]] = {s: {} for s in SYSTEMS}
    valid: dict[str, set[str]] = {k: set() for k in STANDARDS}
    for where, (system, kind, spelling, _cyrillic, standard) in _rows(text, source):
        if system not in SYSTEMS:
            raise CjkTableError(f"{where}: system must be one of {', '.join(SYSTEMS)}, got {system!r}")
        if not (spelling.isascii() and spelling.isalpha() and spelling.islower()):
            raise CjkTableError(f"{where}: spelling must be lowercase letters a-z, got {spelling!r}")
        if kind in STANDARDS and STANDARDS[kind] == system:
            valid[kind].add(spelling)
        elif kind == "pivot":
            standards = pivot[system].setdefault(spelling, [])
            if standard not in standards:
                standards.append(standard)
        else:
            raise CjkTableError(f"{where}: kind must be pivot or a standard of {system} ({', '.join(k for k, v in STANDARDS.items() if v == system)}), got {kind!r}")
    return {
        s: Syllables(
            s,
            {k: tuple(v) for k, v in pivot[s].items()},
            {k: frozenset(v) for k, v in valid.items() if STANDARDS[k] == s},
            max(map(len, pivot[s]), default=0),
            max((len(v) for k, vs in valid.items() if STANDARDS[k] == s for v in vs), default=0),
            frozenset(k for k, v in pivot[s].items() if all(marks(s, k, std) for std in v)),
        )
        for s in SYSTEMS
    }


def table_path() -> Path:
    """Return the path of the built-in syllable table."""
    from auditor.ruleset.loader import builtin_rules_dir  # lazy: avoids an import cycle

    return builtin_rules_dir() / "gazetteer" / "cjk_pivot.tsv"


@functools.lru_cache(maxsize=1)
def builtin_syllables() -> dict[str, Syllables]:
    """Return the built-in syllable tables, by system."""
    path = table_path()
    return parse_table(path.read_text(encoding="utf-8"), path.name)


def segmentations(word: str, syllables: Collection[str], longest: int, limit: int) -> list[tuple[str, ...]]:
    """Return the segmentations of `word` into members of `syllables` with the fewest syllables (at most `limit`)."""
    n = len(word)
    # best[i]: the fewest-syllable segmentations of word[:i]; a short word keeps this tiny.
    best: list[list[tuple[str, ...]] | None] = [None] * (n + 1)
    best[0] = [()]
    for i in range(n):
        heads = best[i]
        if not heads or len(heads[0]) >= limit:
            continue
        for j in range(i + 1, min(n, i + longest) + 1):
            piece = word[i:j]
            if piece not in syllables:
                continue
            paths = [h + (piece,) for h in heads]
            current = best[j]
            if current is None or len(current[0]) > len(paths[0]):
                best[j] = paths
            elif len(current[0]) == len(paths[0]):
                current.extend(paths)
    return best[n] or []



def _join(system: str, parts: tuple[str, ...]) -> str:
    """Join standard syllables into one word (pinyin sets off a vowel-initial syllable with an apostrophe)."""
    if system != "zh":
        return "".join(parts)
    out = parts[0]
    for part in parts[1:]:
        out += ("'" if part[0] in _PINYIN_APOSTROPHE_BEFORE else "") + part
    return out


def valid_as_written(word: str, table: Syllables) -> bool:
    """True when `word` (lowercase) is spelled in one standard romanisation of the system as written: no evidence of a pivot."""
    # What spelled_in answers at MAX_SYLLABLES, each a pattern run at C speed: nearly every word asked is none.
    return not word or any(pattern.fullmatch(word) is not None for pattern in table.standard_res.values())


def spelled_in(word: str, kind: str, syllables: frozenset[str], limit: int, longest: int) -> bool:
    """True when `word` is at most `limit` syllables (each at most `longest` letters) of one standard romanisation."""
    n = len(word)
    # Pinyin writes an apostrophe before a syllable opening with a, o or e ("Xi'an"): "Sia" is no pinyin.
    inner_vowel = kind != "pinyin"
    # fewest[i]: the fewest syllables that spell word[:i] (limit + 1 when none do).
    fewest = [0] + [limit + 1] * n
    for i in range(n):
        if fewest[i] >= limit:
            continue
        for j in range(i + 1, min(n, i + longest) + 1):
            piece = word[i:j]
            if piece in syllables and (i == 0 or inner_vowel or piece[0] not in _PINYIN_APOSTROPHE_BEFORE):
                fewest[j] = min(fewest[j], fewest[i] + 1)
    return fewest[n] <= limit


def read_word(word: str, table: Syllables) -> Reading | None:
    """Return how a lowercase word reads as a pivot spelling of `table`'s system, or None when it is none, shows no mark or is valid as written."""
    reading = read_syllables(word, table)  # first: most words are no pivot spelling, and fail fast
    return reading if reading is not None and reading.mark and not valid_as_written(word, table) else None


def read_syllables(word: str, table: Syllables) -> Reading | None:
    """Return the standard spellings a lowercase word stands for as a pivot spelling of `table`'s system, valid as written or not."""
    system = table.system
    if word and table.pivot_re.fullmatch(word) is None:
        return None  # no segmentation (nearly every word asked): found at C speed
    paths = segmentations(word, table.pivot, table.longest, MAX_SYLLABLES[system])
    if not paths:
        return None
    # The segmentations that show the pivot first: their readings are the likelier ("gua-nü" reads
    # Guaniui as well as "guan-yu", whose юй only Palladius writes iui).
    paths.sort(key=lambda path: not any(p in table.marked for p in path))
    if any(m in word for m in STRONG_MARKS[system]):
        mark = STRONG
    elif any(p in table.marked for p in paths[0]):
        mark = WEAK
    else:
        mark = 0
    scored: dict[str, tuple[int, int]] = {}
    per_syllable = []
    for order, path in enumerate(paths):
        choices = [table.pivot[p] for p in path]
        per_syllable.append("-".join("/".join(c) for c in choices))
        # The table lists a spelling's standards most frequent first: the readings whose
        # syllables rank best overall come first ("tszinpin": jin-ping, then jing-ping, jin-pin).
        for combo in itertools.product(*(enumerate(c) for c in choices)):
            spelled = _join(system, tuple(standard for _, standard in combo))
            scored.setdefault(spelled, (sum(rank for rank, _ in combo), order))
    readings = sorted(scored, key=scored.__getitem__)
    standards = tuple(readings) if len(readings) <= MAX_READINGS else ()
    return Reading(system, mark, standards, " or ".join(per_syllable))
