"""Word evidence for French against English in short lines: how strongly their words are one language rather than the other.

A language detector needs more text than a headline or a menu label gives it ("Ukraine
war: Zelensky urges allies to…" comes out as Afrikaans). Word frequencies do better: each
word is scored by how much more frequent it is in one language than in the other (wordfreq
Zipf values, a log-likelihood ratio in base 10). Names are used in both languages with
similar frequencies, so a word whose difference is small says nothing; function words count
heavily; names capitalised inside a sentence-case line are set aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from auditor.lang.frequencies import zipf
from auditor.lang.language import PROFILES

# A word must be this much more frequent (Zipf) in one language to count for it: names and
# shared words (festival, opinion, facebook) fall below, and so do the team names of
# "Elite League : Dundee Stars 5-3 Belfast Giants" (league 0.96, giants 1.15).
MIN_GAP = 1.25
_CLIP = 3.0  # one word never outweighs a whole line
FUNCTION_WEIGHT = 3.0
_RARE = 2.5  # a word rarer than this in both languages is a name or a term
_NOT_FRENCH = 2.0  # a common English word French barely uses ("sponsored", "urges") counts fully
_FOREIGN = 1.5  # a lowercase word rarer than this in French and rare in English is foreign

# Function words that are also common words of the other language ("but" is a French noun,
# "car" and "son" English nouns, "an" French for year) say nothing.
_HOMOGRAPHS = frozenset("an as i no or but do if son car me plus y dont pour s t".split())
_FR_FUNCTION = PROFILES["fr"] - PROFILES["en"] - _HOMOGRAPHS
_EN_FUNCTION = (PROFILES["en"] | {"us", "my"}) - PROFILES["fr"] - _HOMOGRAPHS
_FUNCTION = _FR_FUNCTION | _EN_FUNCTION
# A word with internal apostrophes or hyphens is one token: "week-end", "start-up" and
# "aujourd'hui" are judged whole, and "l'homme" gives the elided article.
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_ELIDED_FR = frozenset("l d j m n s t c qu jusqu lorsqu puisqu".split())
_CONTRACTION_EN = frozenset("t s re ve ll d m".split())
# A line that is one quotation: a title or a slogan cited in its own language.
_QUOTED_LINE_RE = re.compile(r"[\"“‘'].*[\"”’']\W*", re.DOTALL)
# French typography: a space before a high punctuation mark, or guillemets.
_FRENCH_TYPOGRAPHY_RE = re.compile(r"[ \u00a0\u202f][:;!?»]|«")


@dataclass(frozen=True)
class Evidence:
    """The summed evidence of a line's words for English and for French, and how many words gave any."""

    english: float
    french: float
    english_words: int  # words that counted for English
    english_function_words: int  # of which function words
    french_words: int
    other_words: int  # lowercase words neither French nor English: another language, or garbles
    french_typography: bool


def evidence(line: str) -> Evidence:
    """Return the word evidence of a line for English and for French."""
    return _evidence(line)


@lru_cache(maxsize=4_096)
def _evidence(line: str) -> Evidence:
    """evidence() without the cache: scraped sites repeat the same furniture lines on every page."""
    found = _WORD_RE.findall(line)
    title_case = _title_case(found)
    english = french = 0.0
    english_words = english_function_words = french_words = other_words = 0
    for i, word in enumerate(found):
        if not title_case and _inside_name(found, i):
            continue
        en, fr = _word_evidence(word, i > 0 and not title_case)
        english += max(en, 0.0)
        french += fr
        english_words += en > 0
        english_function_words += en > 0 and word.lower() in _EN_FUNCTION
        french_words += fr > 0
        other_words += en < 0
    return Evidence(
        english,
        french,
        english_words,
        english_function_words,
        french_words,
        other_words,
        bool(_FRENCH_TYPOGRAPHY_RE.search(line)),
    )


def _inside_name(found: Sequence[str], i: int) -> bool:
    """Return True for a lowercase English function word between two capitalised words: part of a name
    ("Bank of England", "House of Commons") in a sentence-case line."""
    word = found[i]
    return (
        0 < i < len(found) - 1
        and word.islower()
        and word in _EN_FUNCTION
        and found[i - 1][0].isupper()
        and found[i + 1][0].isupper()
    )


def _title_case(found: Sequence[str]) -> bool:
    """Return True when every word of three letters or more but function words is capitalised: then a capital marks no name."""
    long = [w for w in found if len(w) >= 3 and w.lower() not in _FUNCTION]
    return len(long) >= 2 and all(w[0].isupper() for w in long)


@lru_cache(maxsize=65_536)
def _word_evidence(word: str, capital_is_name: bool) -> tuple[float, float]:
    """Return one word's evidence (english, french); (-1, 0) for a lowercase word in neither language.

    Memoised: lines seldom repeat in real text, but their words do, and each costs two table lookups.
    """
    if "'" in word or "’" in word:
        head, _, tail = word.replace("’", "'").lower().partition("'")
        if head in _ELIDED_FR and "'" not in tail:
            return 0.0, FUNCTION_WEIGHT
        if tail in _CONTRACTION_EN:
            return FUNCTION_WEIGHT, 0.0
        return 0.0, 0.0
    if "-" in word:  # compounds: accepted loans (week-end, start-up) and names (Saint-Denis)
        return 0.0, 0.0
    lower = word.lower()
    capital = word[0].isupper()
    if lower in _FR_FUNCTION and not (capital and capital_is_name):  # "Le" of "Le Monde" inside a line
        return 0.0, FUNCTION_WEIGHT
    if lower in _EN_FUNCTION and not (capital and capital_is_name):
        return FUNCTION_WEIGHT, 0.0
    if (capital and capital_is_name) or len(lower) < 3 or word.isupper():
        return 0.0, 0.0  # a name, an initial or an acronym
    en, fr = zipf(lower, "en"), zipf(lower, "fr")
    if max(en, fr) < _RARE:
        return (-1.0 if not capital and fr < _FOREIGN else 0.0), 0.0
    gap = en - fr
    if gap >= MIN_GAP:
        return (_CLIP if fr < _NOT_FRENCH else min(gap, _CLIP)), 0.0
    if -gap >= MIN_GAP:
        return 0.0, (_CLIP if en < _NOT_FRENCH else min(-gap, _CLIP))
    return 0.0, 0.0


def reads_english(line: str, min_evidence: float) -> bool:
    """Return True when a short line's words make it English: enough English evidence, French far behind, and
    one English word at least that is not a function word ("The Guardian" is a name)."""
    ev = evidence(line)
    return (
        not ev.french_typography
        and not _QUOTED_LINE_RE.fullmatch(line)
        and ev.english >= min_evidence
        and ev.english >= 3 * ev.french
        # Two English function words are no name either ("Here is the plan").
        and (ev.english_words > ev.english_function_words or ev.english_function_words >= 2)
    )


# A terse line ("Video player", "Go back") gives too little evidence for `reads_english`:
# there every word must lean English and be a common English word, which names rarely are.
_TERSE_MIN_ZIPF = 4.0  # "Dundee" (3.6), "Belfast" (3.9): a rarer word is a name or a term
_TERSE_MIN_GAP = 0.5  # every content word this much more frequent in English than in French


def reads_english_terse(line: str) -> bool:
    """Return True when every word of a terse line is English: English function words, and common words more
    frequent in English than in French, one of them a clear English function word or a lowercase English word.

    A capitalised word proves nothing on its own: "Front Page" and "Belfast Giants" look
    alike, so a line of capitalised words only ("Black Friday", "Green Deal") is left alone.
    """
    if _FRENCH_TYPOGRAPHY_RE.search(line) or _QUOTED_LINE_RE.fullmatch(line):
        return False
    found = _WORD_RE.findall(line)
    if len(found) < 2:
        return False
    telling = False
    for word in found:
        lower = word.lower()
        if lower in _EN_FUNCTION:
            telling = True
            continue
        if lower in _FR_FUNCTION or "'" in word or "’" in word or "-" in word or word.isupper():
            return False
        en, fr = zipf(lower, "en"), zipf(lower, "fr")
        if en < _TERSE_MIN_ZIPF or en - fr < _TERSE_MIN_GAP:
            return False
        telling = telling or (word.islower() and en - fr >= MIN_GAP)
    return telling


def reads_french(text: str) -> bool:
    """Return True when a short text's words make it French: two French words or more, twice the English
    evidence (French typography counting as a French word), and at most one word of neither language.

    Two words, not one: a German "des" or an Italian "sur" alone must not clear a sentence.
    Words in neither language support the detector: a French headline run into a German
    sentence ("... recrutements Die Deutsche Bahn möchte besonders ... neu einstellen.") stays foreign.
    """
    ev = evidence(text)
    # French typography (a space before a colon) weighs as one more French function word.
    french = ev.french + (FUNCTION_WEIGHT if ev.french_typography else 0.0)
    return ev.french_words >= 2 and french > 2 * ev.english and ev.other_words <= 1


def says_nothing_foreign(text: str) -> bool:
    """Return True when no word of a short text is English or foreign: names, numbers and French words only.

    A detector's verdict on "Elite League : Dundee Stars 5-3 Belfast Giants" (German) rests
    on the letters of the names alone.
    """
    ev = evidence(text)
    return ev.english_words == 0 and ev.other_words == 0


def short_english_lines(
    text: str,
    paragraphs: Sequence[tuple[int, int]],
    min_words: int,
    max_words: int,
    min_evidence: float,
    names: re.Pattern[str] | LazyNames | None = None,
    terse_words: int = 0,
) -> list[tuple[int, int]]:
    """Return the spans of the paragraphs of min_words to max_words words whose words make them English,
    still English once the `names` (gazetteer names: "The New York Times") are taken out; lines of at
    most `terse_words` words may also pass `reads_english_terse`."""
    out = []
    longest = 30 * max_words  # characters: a longer paragraph has more words, and needs no split to tell
    for start, end in paragraphs:
        if end - start > longest:
            continue
        line = text[start:end]
        count = len(line.split())
        if not min_words <= count <= max_words:
            continue
        terse = count <= terse_words
        # Names are cut, not blanked: a space left before a colon would read as French typography.
        if _judge(line, min_evidence, terse) and (names is None or _judge(names.sub("", line), min_evidence, terse)):
            out.append((start, end))
    return out


def _judge(line: str, min_evidence: float, terse: bool) -> bool:
    """Return True when a short line reads English by its evidence, or, for a terse line, word by word."""
    return reads_english(line, min_evidence) or (terse and reads_english_terse(line))


class LazyNames:
    """Names to cut from a line, indexed on first use: the cuts of `names_pattern`, whole names
    longest first, without compiling a pattern of thousands of names (0.2 s in every worker,
    for the few documents that have a short English line at all)."""

    def __init__(self, names: Iterable[str]) -> None:
        self._names: tuple[str, ...] | None = tuple(names)
        self._index: dict[str, tuple[str, ...]] = {}

    def sub(self, repl: str, text: str) -> str:
        """Replace every name in `text` with `repl`, as `names_pattern(names).sub` does."""
        if self._names is not None:
            self._index, self._names = _name_index(self._names), None
        index = self._index
        if not index:
            return text
        out, last, i, n = [], 0, 0, len(text)
        while i <= n - _MIN_NAME:
            # A name starts after a non-word character and ends before one, like (?<!\w)...(?!\w).
            if i == 0 or not _is_word(text[i - 1]):
                for name in index.get(text[i : i + _MIN_NAME], ()):
                    end = i + len(name)
                    if text.startswith(name, i) and (end == n or not _is_word(text[end])):
                        out += (text[last:i], repl)
                        last = i = end
                        break
                else:
                    i += 1
            else:
                i += 1
        return "".join(out) + text[last:] if out else text


_MIN_NAME = 3  # shorter names are initials and particles, never cut


def _is_word(ch: str) -> bool:
    """True for a character the `re` module's \\w matches in a str pattern."""
    return ch.isalnum() or ch == "_"


def _name_index(names: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The names of _MIN_NAME characters or more by their first _MIN_NAME characters, longest first (then
    alphabetical), the order in which `names_pattern` tries them."""
    index: dict[str, list[str]] = {}
    for name in sorted({n for n in names if len(n) >= _MIN_NAME}, key=lambda n: (-len(n), n)):
        index.setdefault(name[:_MIN_NAME], []).append(name)
    return {k: tuple(v) for k, v in index.items()}


def names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """Return a pattern matching any of `names` as whole words (longest first), or None when there is none."""
    ordered = sorted({n for n in names if len(n) >= _MIN_NAME}, key=lambda n: (-len(n), n))
    if not ordered:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")
