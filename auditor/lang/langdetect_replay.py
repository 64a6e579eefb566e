"""A numpy replay of langdetect's detector: the same probabilities, bit for bit, much faster.

langdetect spends nearly all its time in a Python loop multiplying 55 probabilities per
sampled n-gram. This module reads its profiles into sparse arrays (cached per user),
replays its seeded random draws in bulk, and runs its trials with numpy, every product,
sum and division being the same IEEE operation in the same order. `auditor.lang.language`
uses it as the langdetect backend; tests/test_langdetect_parity.py checks it against
langdetect's own detect_langs.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import random
import re
import threading
import types
from typing import Any, Mapping, Sequence


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
    if _valid_entry(cached):  # anything else is rebuilt
        langs, joined, indptr, cols, probs = cached
        return langs, joined.split("\n"), indptr, cols, probs
    langs, grams, indptr, cols, probs = _read_profiles(folder, names)
    if not any("\n" in gram for gram in grams):  # one joined string unpickles faster than a list
        # 3 MB: one table, and the one before it for a run of the previous code still going.
        usercache.store("langdetect", key, (langs, "\n".join(grams), indptr, cols, probs), keep=2)
    return langs, grams, indptr, cols, probs


def _valid_entry(cached: Any) -> bool:
    """Whether a user-cache entry has the shape `_profile_arrays` stores: languages, joined n-grams and three numpy arrays."""
    if not (isinstance(cached, tuple) and len(cached) == 5):
        return False
    langs, joined, *arrays = cached
    np = _np()
    return (
        isinstance(langs, list)
        and all(isinstance(lang, str) for lang in langs)
        and isinstance(joined, str)
        and all(isinstance(a, np.ndarray) and a.dtype != object for a in arrays)
    )


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


def probabilities(text: str, ignore: str = "", floor: float = 0.0) -> list[tuple[str, float]]:
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
