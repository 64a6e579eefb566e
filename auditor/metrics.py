"""Reference-based metrics (BLEU, chrF++, TER) computed with sacrebleu, exactly as its CLI does.

Public API (pure functions and small values; nothing here reads or writes files):

- ``split_segments(text) -> list[str]``: one segment per non-blank line, trimmed
  (the same views as ``Document.paragraphs``: scraped news puts one paragraph per line).
- ``align(hyp_text, ref_text) -> Alignment``: pairs hypothesis and reference segments;
  when the counts differ the alignment is flagged (``aligned=False``, ``warning``) and
  falls back to one segment per side (segments joined by a space): never silently misaligned.
- ``document_stats(alignment) -> DocumentStats``: sacrebleu's sufficient statistics for one
  document, summed over its segments; small and picklable, so worker processes can compute
  them and the parent only adds numbers.
- ``document_metrics(alignment) -> Mapping[str, float]``: ``{"bleu", "chrf", "ter"}`` for one
  document, i.e. what ``sacrebleu`` prints for that document's segments alone.
- ``CorpusMetrics``: streaming corpus totals; ``add(alignment)`` (or ``add_stats(stats)``) then
  ``result()``. Keeps only summed statistics (a few dozen integers), never segments, and its
  result equals the sacrebleu CLI on all added segments concatenated in the order added.
- ``signatures() -> Mapping[str, str]``: each metric's sacrebleu signature, for ``run.json``.
- ``missing_reference_note(path) -> str``: the note recorded when a document has no reference.
- ``rank_correlation(xs, ys)`` and ``rule_metric_correlation(pairs)``: Spearman's rho with
  average ranks for ties, or None when it is undefined.

Settings match the CLI call ``sacrebleu REF -i HYP -m bleu chrf ter --chrf-word-order 2
--tokenize 13a``: BLEU with the 13a tokenizer (sacrebleu's default; see docs/metrics.md for why
French keeps it), chrF++ = CHRF(word_order=2), TER with sacrebleu defaults (tercom, lowercased).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Mapping, Sequence

from auditor.document import Document

METRIC_NAMES: tuple[str, ...] = ("bleu", "chrf", "ter")
DEFAULT_TOKENIZE = "13a"
SEGMENT_JOINER = " "


@dataclass(frozen=True)
class Alignment:
    """Hypothesis and reference segments to score pairwise, and whether they were truly aligned."""

    hyp_segments: tuple[str, ...]
    ref_segments: tuple[str, ...]
    aligned: bool
    warning: str = ""
    hyp_count: int = 0
    ref_count: int = 0


@dataclass(frozen=True)
class DocumentStats:
    """sacrebleu sufficient statistics of one document, per metric, summed over its segments."""

    stats: Mapping[str, tuple[float, ...]]
    segments: int


def split_segments(text: str) -> list[str]:
    """Return the trimmed non-blank lines of text; blank lines only separate paragraphs."""
    # Same definition as Document.paragraphs so a segment is the paragraph the checks see;
    # lines split on "\n" only, as the sacrebleu CLI reads files (newline="\n").
    return [text[start:end] for start, end in Document(text).paragraphs]


def align(hyp_text: str, ref_text: str) -> Alignment:
    """Pair the segments of a hypothesis and its reference, falling back to one segment each."""
    hyp, ref = split_segments(hyp_text), split_segments(ref_text)
    if len(hyp) == len(ref):
        if not hyp:
            # sacrebleu needs at least one segment; an empty pair scores as one empty segment.
            return Alignment(("",), ("",), True, "", 0, 0)
        return Alignment(tuple(hyp), tuple(ref), True, "", len(hyp), len(ref))
    warning = (
        f"segment count mismatch: {len(hyp)} hypothesis segment(s) vs {len(ref)} reference "
        "segment(s); scored at document level (each side joined into one segment)"
    )
    return Alignment(
        (SEGMENT_JOINER.join(hyp),),
        (SEGMENT_JOINER.join(ref),),
        False,
        warning,
        len(hyp),
        len(ref),
    )


@lru_cache(maxsize=None)
def _metric_objects(tokenize: str) -> Mapping[str, Any]:
    """Build the sacrebleu metric objects once per BLEU tokenizer; sacrebleu is imported lazily."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    return {"bleu": BLEU(tokenize=tokenize), "chrf": CHRF(word_order=2), "ter": TER()}


def _clear_tokenizer_caches(metrics: Mapping[str, Any]) -> None:
    """Empty sacrebleu's per-class tokenizer caches after each document."""
    # Each tokenizer memoises up to 65,536 lines; with document-level segments over a
    # nightly batch that is gigabytes of text kept for no gain (documents do not repeat).
    for metric in metrics.values():
        tokenizer = getattr(metric, "tokenizer", None)
        for tok in (tokenizer, getattr(tokenizer, "_post_tokenizer", None)):
            clear = getattr(type(tok).__call__, "cache_clear", None) if tok is not None else None
            if clear is not None:
                clear()


def _add(left: Sequence[float], right: Sequence[float]) -> tuple[float, ...]:
    """Add two statistics vectors element by element."""
    return tuple(a + b for a, b in zip(left, right))


def _check_names(names: Sequence[str]) -> tuple[str, ...]:
    """Validate a selection of metric names, keeping the canonical order."""
    unknown = sorted(set(names) - set(METRIC_NAMES))
    if unknown:
        raise ValueError(f"unknown metric(s) {', '.join(unknown)}; known: {', '.join(METRIC_NAMES)}")
    return tuple(name for name in METRIC_NAMES if name in names)


def document_stats(
    alignment: Alignment,
    tokenize: str = DEFAULT_TOKENIZE,
    names: Sequence[str] = METRIC_NAMES,
) -> DocumentStats:
    """Compute each metric's sufficient statistics for one aligned document."""
    metrics = _metric_objects(tokenize)
    hyps, refs = list(alignment.hyp_segments), [list(alignment.ref_segments)]
    stats: dict[str, tuple[float, ...]] = {}
    for name in _check_names(names):
        # _extract_corpus_statistics is what corpus_score (and so the CLI) sums: one
        # statistics vector per segment, added element-wise. Summing them here, per
        # document, and again across documents gives the same integers in any grouping.
        per_segment = metrics[name]._extract_corpus_statistics(hyps, refs)
        total = tuple(per_segment[0])
        for seg in per_segment[1:]:
            total = _add(total, seg)
        stats[name] = total
    _clear_tokenizer_caches(metrics)
    return DocumentStats(stats, len(hyps))


def scores_from_stats(stats: DocumentStats, tokenize: str = DEFAULT_TOKENIZE) -> Mapping[str, float]:
    """Turn summed statistics into scores with sacrebleu's own formulas."""
    metrics = _metric_objects(tokenize)
    return {
        # A fresh list each time: BLEU's add-k smoothing would modify its argument in place.
        name: float(metrics[name]._compute_score_from_stats(list(values)).score)
        for name, values in stats.stats.items()
    }


def document_metrics(
    alignment: Alignment,
    tokenize: str = DEFAULT_TOKENIZE,
    names: Sequence[str] = METRIC_NAMES,
) -> Mapping[str, float]:
    """Score one document: BLEU, chrF++ and TER over its segments, as sacrebleu's CLI would."""
    return scores_from_stats(document_stats(alignment, tokenize, names), tokenize)


class CorpusMetrics:
    """Streaming corpus scores: sums per-document statistics, never keeps segments."""

    def __init__(self, tokenize: str = DEFAULT_TOKENIZE, names: Sequence[str] = METRIC_NAMES):
        """Start an empty corpus for the given BLEU tokenizer and metrics."""
        self.tokenize = tokenize
        self.names = _check_names(names)
        self.documents = 0
        self.segments = 0
        self.misaligned = 0
        self._totals: dict[str, tuple[float, ...]] = {}

    def add_stats(self, stats: DocumentStats, aligned: bool = True) -> None:
        """Add statistics computed elsewhere (e.g. in a worker process by document_stats)."""
        if set(stats.stats) != set(self.names):
            raise ValueError(
                f"statistics for {sorted(stats.stats)} but this corpus scores {list(self.names)}"
            )
        for name, values in stats.stats.items():
            current = self._totals.get(name)
            self._totals[name] = tuple(values) if current is None else _add(current, values)
        self.documents += 1
        self.segments += stats.segments
        self.misaligned += not aligned

    def add(self, alignment: Alignment) -> Mapping[str, float]:
        """Add one document and return its own scores (computed from the same statistics)."""
        stats = document_stats(alignment, self.tokenize, self.names)
        self.add_stats(stats, alignment.aligned)
        return scores_from_stats(stats, self.tokenize)

    def result(self) -> Mapping[str, float]:
        """Return the corpus scores so far; empty when no document was added."""
        if not self._totals:
            return {}
        return scores_from_stats(DocumentStats(dict(self._totals), self.segments), self.tokenize)


@lru_cache(maxsize=None)
def _signatures(tokenize: str) -> tuple[tuple[str, str], ...]:
    """Compute the signatures once; sacrebleu fills nrefs only after scoring something."""
    metrics = _metric_objects(tokenize)
    out = []
    for name in METRIC_NAMES:
        metrics[name].corpus_score(["x"], [["x"]])
        out.append((name, metrics[name].get_signature().format()))
    return tuple(out)


def signatures(tokenize: str = DEFAULT_TOKENIZE) -> Mapping[str, str]:
    """Return each metric's full sacrebleu signature, as the CLI prints it."""
    return dict(_signatures(tokenize))


def missing_reference_note(ref_path: str) -> str:
    """Return the note recorded for a document whose reference file does not exist."""
    return f"no reference at {ref_path}: reference metrics not computed for this document"


def _average_ranks(values: Sequence[float]) -> list[float]:
    """Rank values from 1, giving tied values the mean of the ranks they span."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        rank = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = rank
        i = j + 1
    return ranks


def rank_correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rho (Pearson on average ranks); None below 3 pairs or with a constant side."""
    if len(xs) != len(ys):
        raise ValueError(f"rank_correlation needs paired values, got {len(xs)} and {len(ys)}")
    if len(xs) < 3:
        return None
    rx, ry = _average_ranks(xs), _average_ranks(ys)
    mean = (len(xs) + 1) / 2  # average ranks always sum to n(n+1)/2
    dx = [r - mean for r in rx]
    dy = [r - mean for r in ry]
    sxx = sum(d * d for d in dx)
    syy = sum(d * d for d in dy)
    if sxx == 0 or syy == 0:
        return None
    return sum(a * b for a, b in zip(dx, dy)) / math.sqrt(sxx * syy)


def rule_metric_correlation(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Spearman's rho between per-document rule-based scores and a metric (e.g. chrF++)."""
    pairs = list(pairs)
    return rank_correlation([p[0] for p in pairs], [p[1] for p in pairs])
