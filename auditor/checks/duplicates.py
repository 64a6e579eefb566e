"""Exact and near-duplicate paragraphs within a document, scored with sacrebleu's chrF."""

from __future__ import annotations

import operator
from collections import Counter
from typing import Any, Iterator, Mapping, Sequence

from auditor.checks import Hit, Resources, register
from auditor.checks.typography import is_heading
import auditor.document
from auditor.document import Document

CHAR_ORDER = 6  # sacrebleu's CHRF default
# Characters of paragraphs whose n-gram counts are held at once: six orders of counts cost
# about 500 bytes per character, so this keeps them near 100 MB.
NGRAM_BUDGET = 200_000


def f_score(statistics: Sequence[int], beta: int, order: int = CHAR_ORDER) -> float:
    """chrF from [hyp, ref, match] counts per order: sacrebleu's CHRF._compute_f_score (no eps
    smoothing, no word n-grams), step for step so the floats are the same.

    Kept here rather than imported: importing sacrebleu costs more than a one-article check.
    tests/test_structure_checks.py compares it with CHRF.sentence_score.
    """
    eps = 1e-16
    factor = beta**2
    avg_prec, avg_rec = 0.0, 0.0
    effective_order = 0
    for i in range(order):
        n_hyp, n_ref, n_match = statistics[3 * i : 3 * i + 3]
        prec = n_match / n_hyp if n_hyp > 0 else eps
        rec = n_match / n_ref if n_ref > 0 else eps
        if n_hyp > 0 and n_ref > 0:
            avg_prec += prec
            avg_rec += rec
            effective_order += 1
    if effective_order == 0:
        avg_prec = avg_rec = 0.0
    else:
        avg_prec /= effective_order
        avg_rec /= effective_order
    if avg_prec + avg_rec:
        score = (1 + factor) * avg_prec * avg_rec
        score /= (factor * avg_prec) + avg_rec
        return 100 * score
    return 0.0


def _char_ngrams(text: str, n: int) -> Counter[str]:
    """Return the character n-grams of `text` without whitespace, as sacrebleu's chrF counts them."""
    return _line_ngrams("".join(text.split()), n)


def _line_ngrams(line: str, n: int) -> Counter[str]:
    """Return the character n-grams of `line`, a text already without whitespace."""
    if n == 1:  # the characters themselves: counted in C
        return Counter(line)
    return Counter([line[i : i + n] for i in range(len(line) - n + 1)])


def _match_stats(hyp: Counter[str], ref: Counter[str], n_hyp: int, n_ref: int) -> list[int]:
    """Return [hypothesis n-grams, reference n-grams, matches] for one order, as sacrebleu's chrF does.

    `n_hyp` and `n_ref` are the numbers of n-grams, the sums of the counts (see _ChrfPairs.total).
    """
    # The smaller count of each n-gram both have: the same integer whichever side is walked,
    # so the side with fewer distinct n-grams is.
    walked, other = (hyp, ref) if len(hyp) <= len(ref) else (ref, hyp)
    matches = 0
    get = other.get
    for gram, count in walked.items():
        theirs = get(gram)
        if theirs is not None:
            matches += count if count < theirs else theirs
    return [n_hyp if n_ref else 0, n_ref, matches]


class _ChrfPairs:
    """chrF between paragraphs of one document, with each paragraph's n-grams counted once.

    The score is sacrebleu's own: the same integer statistics per order go through the
    same arithmetic as CHRF._compute_f_score (`f_score`), so it equals sentence_score to the last bit. Pairs that cannot
    reach the threshold are dropped after the two cheapest orders: a matched n-gram
    contains a matched (n-1)-gram, so matches of order n are at most those of order n-1,
    and the F-score grows with the matches, which bounds the score from above.
    """

    def __init__(self, texts: Sequence[str], beta: int) -> None:
        self.texts = texts
        self.beta = beta
        self.order = CHAR_ORDER
        self.ngrams: dict[int, list[Counter[str]]] = {}  # in order of last use
        self.held = 0  # characters of the paragraphs whose n-grams are held
        # Paragraphs without whitespace, made on first use: most documents compare no pair at all.
        self.lines: dict[int, str] = {}
        self.last: dict[int, Sequence[str]] = {}  # paragraph -> its n-grams of the highest order counted, listed

    def _line(self, i: int) -> str:
        """Return paragraph i without whitespace, as sacrebleu's chrF reads it."""
        line = self.lines.get(i)
        if line is None:
            line = self.lines[i] = "".join(self.texts[i].split())
        return line

    def _grams(self, i: int, n: int) -> Counter[str]:
        """Return the n-grams of order n (1-based) of paragraph i, counted on first use."""
        have = self.ngrams.pop(i, None)
        if have is None:
            have = []
            self.held += len(self._line(i))
        # Most recently used last: past NGRAM_BUDGET characters the least recently used
        # paragraph's counts are let go (and counted again if it comes back), so a long page
        # full of reworded repeats does not hold every paragraph's n-grams (1.5 GB at 10 MB).
        self.ngrams[i] = have
        if len(have) < n:
            line = self._line(i)
            # The n-grams of order k are those of order k - 1, each extended by the character after
            # it: one concatenation each, in C, instead of a slice of the line in a Python loop
            # (operator.add, a C function: str.__add__ is a slot wrapper, twice the cost a call).
            grams: Sequence[str] | None = self.last.pop(i, None)
            if grams is None:
                grams = line
            while len(have) < n:
                k = len(have) + 1
                if k > 1:
                    grams = list(map(operator.add, grams, line[k - 1 :]))
                have.append(Counter(grams))
            if n < self.order:
                self.last[i] = grams  # the next order is built on these
        while self.held > NGRAM_BUDGET and len(self.ngrams) > 2:
            oldest = next(iter(self.ngrams))
            del self.ngrams[oldest]
            self.last.pop(oldest, None)
            self.held -= len(self._line(oldest))
        return have[n - 1]

    def total(self, i: int, n: int) -> int:
        """Return the number of n-grams of order n in paragraph i: one per position, none in a shorter text."""
        return max(len(self._line(i)) - n + 1, 0)

    def score(self, hyp: int, ref: int, threshold: float) -> float | None:
        """Return chrF of paragraph `hyp` against `ref`, or None when it is surely below `threshold`."""
        order = self.order
        len_hyp, len_ref = len(self._line(hyp)), len(self._line(ref))
        # The numbers of n-grams of each order (see total), worked out once for the pair.
        totals = [(max(len_hyp - n, 0), max(len_ref - n, 0)) for n in range(order)]
        stats: list[int] = []
        for n in range(1, order + 1):
            n_hyp, n_ref = totals[n - 1]
            stats += _match_stats(self._grams(hyp, n), self._grams(ref, n), n_hyp, n_ref)
            if n == order:
                break
            # The orders not yet counted are bounded from above by the last one's matches: a
            # pair far from the threshold stops before its longer n-grams are counted.
            bound = list(stats)
            matches = stats[-1]
            for h, r in totals[n:]:
                matches = min(matches, h, r)
                bound += [h if r else 0, r, matches]
            # The margin covers rounding: the bound is compared, never reported.
            if f_score(bound, self.beta) < threshold - 1e-6:
                return None
        return f_score(stats, self.beta)


# Bytes of n-gram arrays held at once by _ChrfCodes (12 bytes a distinct n-gram), the least
# recently used paragraph's let go past it: they are counted again in a fraction of a millisecond.
CODES_BUDGET = 24 << 20
_ORDER_SHIFT = 60  # an n-gram's order sits above its characters' 60 bits


class _ChrfCodes(_ChrfPairs):
    """_ChrfPairs for a large document: each n-gram is one integer, its order and its characters'
    ranks in the document's alphabet side by side, so all of a paragraph's counts are two numpy
    arrays (sorted distinct n-grams of every order, and their counts), made and matched in C.
    The same integers as the Counters, so the same scores: a 10 MB page of reworded repeats
    spent most of its time counting n-grams in Python, and held 500 bytes a character of Counters.

    Every order is matched at once, so a pair is not dropped after the cheapest orders: its
    score is returned whatever the threshold (callers compare it with the threshold anyway).
    """

    def __init__(self, texts: Sequence[str], beta: int, rank: Any, bits: int) -> None:
        super().__init__(texts, beta)
        self.rank = rank  # code point -> its rank among the characters of the texts
        self.bits = bits  # bits per character: CHAR_ORDER of them fit in _ORDER_SHIFT
        self.codes: dict[int, tuple[Any, Any]] = {}  # in order of last use
        self.held_bytes = 0

    def _counted(self, i: int) -> tuple[Any, Any]:
        """The sorted distinct n-grams of every order of paragraph i and their counts, made on first use."""
        import numpy as np

        have = self.codes.pop(i, None)
        if have is None:
            ranks = self.rank[np.frombuffer(self._line(i).encode("utf-32-le"), dtype=np.uint32)]
            size, shift = len(ranks), np.uint64(self.bits)
            orders = []
            for n in range(1, min(self.order, size) + 1):
                codes = ranks[: size - n + 1].copy()
                for k in range(1, n):
                    codes <<= shift
                    codes |= ranks[k : size - n + 1 + k]
                codes |= np.uint64(n << _ORDER_SHIFT)
                orders.append(codes)
            grams, counts = np.unique(np.concatenate(orders) if orders else ranks, return_counts=True)
            have = (grams, counts.astype(np.int32))
            self.held_bytes += have[0].nbytes + have[1].nbytes
        self.codes[i] = have  # most recently used last
        while self.held_bytes > CODES_BUDGET and len(self.codes) > 2:
            grams, counts = self.codes.pop(next(iter(self.codes)))
            self.held_bytes -= grams.nbytes + counts.nbytes
        return have

    def score(self, hyp: int, ref: int, threshold: float) -> float | None:
        """Return chrF of paragraph `hyp` against `ref` (`threshold` is not needed)."""
        import numpy as np

        hyp_grams, hyp_counts = self._counted(hyp)
        ref_grams, ref_counts = self._counted(ref)
        if len(hyp_grams) > len(ref_grams):  # the smaller count of each shared n-gram: either side may be looked up
            hyp_grams, hyp_counts, ref_grams, ref_counts = ref_grams, ref_counts, hyp_grams, hyp_counts
        matches = [0] * (self.order + 1)
        if len(ref_grams):
            # Both sorted and distinct: each of one side's n-grams is looked up in the other's.
            at = np.searchsorted(ref_grams, hyp_grams)
            at[at == len(ref_grams)] = 0
            shared = ref_grams[at] == hyp_grams
            smaller = np.minimum(hyp_counts[shared], ref_counts[at[shared]]).astype(np.int64)
            order_of = (hyp_grams[shared] >> np.uint64(_ORDER_SHIFT)).astype(np.intp)
            matches = np.bincount(order_of, weights=smaller, minlength=self.order + 1).astype(np.int64).tolist()
        stats: list[int] = []
        for n in range(1, self.order + 1):
            n_hyp, n_ref = self.total(hyp, n), self.total(ref, n)
            stats += [n_hyp if n_ref else 0, n_ref, matches[n]]
        return f_score(stats, self.beta)


def _chrf_pairs(doc: Document, texts: Sequence[str], beta: int) -> _ChrfPairs:
    """The chrF scorer of a document's paragraphs: n-grams as integers in numpy arrays in a large
    document whose alphabet is small enough, as Counters of strings otherwise."""
    if len(doc.text) < auditor.document.LARGE_DOCUMENT:
        return _ChrfPairs(texts, beta)
    import numpy as np  # imported here: only large documents need it

    alphabet = np.array(sorted(set("".join(texts))), dtype="U1").view(np.uint32)
    bits = max(1, (len(alphabet) - 1).bit_length())
    if bits * CHAR_ORDER > 64:  # more than 1,024 distinct characters (CJK text): strings
        return _ChrfPairs(texts, beta)
    rank = np.zeros(int(alphabet[-1]) + 1, dtype=np.uint64)  # at most 1,114,112 entries
    rank[alphabet] = np.arange(len(alphabet), dtype=np.uint64)
    return _ChrfCodes(texts, beta, rank, bits)


def _shingles(words: list[str], size: int) -> set[tuple[str, ...]]:
    """Return the set of word `size`-grams of a paragraph."""
    return set(zip(*[words[k:] for k in range(size)]))


@register(
    "duplicate-paragraphs",
    params=[
        "min_words", "reworded_min_words", "threshold", "shingle_size", "min_shared", "max_postings", "beta",
        "headline_words", "headline_threshold",
    ],
)
def duplicate_paragraphs(params: Mapping[str, Any], resources: Resources):
    """Flag a paragraph that repeats, exactly or reworded, an earlier one of the same document."""
    min_words = int(params.get("min_words", 8))
    # chrF of two short sentences turns on a handful of words, and a speaker's short line
    # comes back in human writing with a few words more ("Je ressens sa présence..." and
    # later "Dans toutes les pièces je ressens sa présence..."): a pair with a paragraph
    # shorter than this is held to headline_threshold (a near-identical copy), as a title is.
    reworded_min_words = max(min_words, int(params.get("reworded_min_words", 12)))
    threshold = float(params.get("threshold", 70.0))
    # A news lead restates its headline in other words; only a near-identical copy of a
    # title-shaped paragraph is machine duplication.
    headline_words = int(params.get("headline_words", 20))
    headline_threshold = max(threshold, float(params.get("headline_threshold", 90.0)))
    size = int(params.get("shingle_size", 3))
    min_shared = float(params.get("min_shared", 0.2))
    max_postings = int(params.get("max_postings", 8))
    # chrF with beta 1 weighs precision and recall equally, so the score is symmetric.
    beta = int(params.get("beta", 1))

    def detect(doc: Document) -> Iterator[Hit]:
        if len(doc.paragraphs) < 2:  # most articles of real news are one line: nothing to compare
            return
        text = doc.text
        paras = []  # (start, end, normalised words)
        for (start, end), words in zip(doc.paragraphs, doc.paragraph_words):
            if len(words) >= min_words:
                paras.append((start, end, words))
        if len(paras) < 2:
            return
        chrf: _ChrfPairs | None = None  # made when a first pair is scored: most documents score none
        headlines: dict[int, bool] = {}  # paragraph -> title-shaped, asked only of compared pairs

        def headline(k: int) -> bool:
            shaped = headlines.get(k)
            if shaped is None:
                start, end, words = paras[k]
                shaped = headlines[k] = is_heading(text[start:end], len(words), headline_words)
            return shaped

        # Exact repeats first; the others get word n-gram sets for blocking.
        first_exact: dict[tuple[str, ...], int] = {}
        exact: dict[int, int] = {}  # paragraph -> the earlier one it repeats word for word
        sets: dict[int, set[tuple[str, ...]]] = {}
        for i, (_, _, words) in enumerate(paras):
            # The words themselves are the key: a tuple hashes the words, which the shingles
            # hash again (a string's hash is kept), where a joined string was copied and hashed.
            j = first_exact.setdefault(tuple(words), i)
            if j != i:
                exact[i] = j
            else:
                sets[i] = _shingles(words, size)
        # Only n-grams found in two paragraphs or more can link them: set operations in C
        # find those, so the Python loop below sees a handful of n-grams, not every one.
        seen: set[tuple[str, ...]] = set()
        common: set[tuple[str, ...]] = set()
        for shingles in sets.values():
            common |= shingles & seen
            seen |= shingles
        postings: dict[tuple[str, ...], list[int]] = {}
        for i, (start, end, words) in enumerate(paras):
            if i in exact:
                line = doc.position(paras[exact[i]][0])[0]
                yield Hit(start, end, detail=f"repeats line {line} word for word")
                continue
            shingles = sets[i]
            if not common:
                continue
            # Blocking: only paragraphs sharing enough word n-grams are compared, and an
            # n-gram shared by many paragraphs (a stock phrase) carries no evidence.
            linked_to: list[int] = []  # the earlier paragraphs of each shared n-gram, counted in C below
            for sh in shingles & common:
                linked = postings.get(sh)
                if linked is None:
                    postings[sh] = [i]
                elif len(linked) < max_postings:
                    linked_to += linked
                    linked.append(i)
            shared = Counter(linked_to)
            best: tuple[float, int] | None = None
            # In paragraph order, so that among equal scores the earliest paragraph is named
            # (set order varies from one process to the next).
            for j in sorted(shared):
                # chrF1 is symmetric, so two paragraphs of very different length never
                # reach the threshold: the share is taken of the larger n-gram set.
                if shared[j] < max(3, min_shared * max(len(shingles), len(paras[j][2]) - size + 1)):
                    continue
                short = min(len(words), len(paras[j][2])) < reworded_min_words
                needed = headline_threshold if headline(i) or headline(j) or short else threshold
                if chrf is None:
                    chrf = _chrf_pairs(doc, [text[start:end] for start, end, _ in paras], beta)
                # A candidate must beat the best so far: its score is bounded against that too.
                score = chrf.score(i, j, needed if best is None else max(needed, best[0]))
                if score is not None and score >= needed and (best is None or score > best[0]):
                    best = (score, j)
            if best is not None:
                line = doc.position(paras[best[1]][0])[0]
                yield Hit(start, end, detail=f"repeats line {line} reworded (chrF {best[0]:.0f})")

    return detect
