"""fr.entity.pivot-garbled's last path: a garbled given name before a garbled or known surname (auditor/entities/pairgarble.py)."""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from itertools import accumulate
from typing import Callable, Iterator

from auditor.checks import Hit, Hits, Resources, memoised
from auditor.checks.entities import _Runs, document_runs, remember, run_texts
from auditor.checks.openworld import given_names_for, open_names_for
from auditor.document import Document
from auditor.entities.pairgarble import GarbledPair, builtin_given, builtin_table, garbled_given, garbled_given_word, garbled_pair, restored_surname, surname_kind
from auditor.lang.frequencies import letters_zipf, zipf

MAX_MEMO = 200_000  # runs (and words) remembered per worker: bounded memory in long nightly runs


def _zipfs(word: str) -> tuple[float, float]:
    """Return a plain lowercase word's (English, French) Zipf values."""
    return letters_zipf(word, "en"), letters_zipf(word, "fr")


def _opener(word: str) -> float:
    """Return how often French or English writes a lowercase word, accents and all ("néerlandais", "warriors")."""
    return max(zipf(word, "fr"), zipf(word, "en"))


def with_garbled_pairs(detect: Callable[[Document], Iterator[Hit]], resources: Resources, unseen: Callable[[str], bool]) -> Callable[[Document], Iterator[Hit]]:
    """Return `detect` followed by the garbled pairs of a document that its own hits leave alone."""
    quiet: set[str] = set()  # runs that hold no garbled pair, most of a document's runs after a few
    pairs: dict[str, GarbledPair] = {}
    # Per word, memoised: names recur in many runs.
    may_be_given = memoised(lambda word: garbled_given_word(word, _zipfs), MAX_MEMO)
    given_of = memoised(lambda word: garbled_given(word, builtin_given, _zipfs), MAX_MEMO)
    surname_of = memoised(lambda word: surname_kind(word, _zipfs, unseen), MAX_MEMO)
    restore_surname = memoised(lambda word: restored_surname(word, builtin_table), MAX_MEMO)

    def judge(run: str) -> GarbledPair | None:
        pair = pairs.get(run)
        if pair is None:
            pair = garbled_pair(run, may_be_given, given_of, surname_of, restore_surname, _opener)
            # A given name the gazetteer's entries know is no garble of another one; a span the
            # open-world check reports (fr.entity.unknown-garbled) is its own: one finding per span.
            if (
                pair is None
                or run[pair.start :].split(None, 1)[0].lower() in given_names_for(resources).known
                or any(n.start < pair.end and pair.start < n.end for n in open_names_for(resources)(run))
            ):
                remember(quiet, run, MAX_MEMO)
                return None
            if len(pairs) > MAX_MEMO:
                pairs.clear()
            pairs[run] = pair
        return pair

    def detect_with_pairs(doc: Document) -> Iterator[Hit]:
        hits = list(detect(doc))
        # Only a run of two words or more may hold a pair; the rest of the runs were judged before.
        live = [run for run in run_texts(doc).difference(quiet) if " " in run]
        if not live:
            yield from hits
            return
        found = {run: pair for run in live if (pair := judge(run)) is not None}
        if not found:
            yield from hits
            return
        hits.sort(key=_span)
        runs = document_runs(doc)
        if isinstance(runs, _Runs):
            # A large document's pairs as columns: no pair kept overlaps a hit, so no two of
            # them share a span and their order among the hits changes no finding.
            yield from hits
            yield from _pair_columns(runs, found, hits)
            return
        yield from heapq.merge(hits, _pair_hits(doc, found, hits), key=_span)

    return detect_with_pairs


def _span(hit: Hit) -> tuple[int, int]:
    """A hit's position, for ordering."""
    return hit.start, hit.end


def _shown(run: str, pair: GarbledPair) -> tuple[tuple[str, ...], str]:
    """The suggestions and detail of a pair's hit."""
    written = run[pair.start : pair.end]
    detail = f"'{written}' looks like {pair.suggestion} spelled through Russian: a given name no list holds that sounds like {pair.given.title()}, before a surname"
    return (pair.suggestion,) if pair.suggestion != written else (), detail


def _pair_columns(runs: _Runs, found: dict[str, GarbledPair], hits: list[Hit]) -> Iterator[Hits]:
    """`_pair_hits` of a large document's runs as columns, one per run of `found`: each run's
    occurrences are found and tested against the hits (sorted) with numpy, never one by one."""
    import numpy as np  # imported here: only large documents come this way

    starts = np.array([h.start for h in hits], dtype=np.int64)
    reach = np.maximum.accumulate(np.array([h.end for h in hits], dtype=np.int64)) if hits else starts
    which = np.frombuffer(runs.which, dtype=np.int32)
    at = np.frombuffer(runs.starts, dtype=np.int64)
    order = np.argsort(which, kind="stable")  # each run's occurrences together, in position order
    first = np.concatenate(([0], np.cumsum(np.bincount(which, minlength=len(runs.texts)))))
    number = {text: i for i, text in enumerate(runs.texts)}
    for run, pair in found.items():
        i = number[run]
        occurrences = at[order[first[i] : first[i + 1]]]
        a, b = occurrences + pair.start, occurrences + pair.end
        before = np.searchsorted(starts, b, side="left")  # the hits that start before the pair ends
        said = (before > 0) & (reach[np.maximum(before - 1, 0)] > a) if hits else np.zeros(len(a), dtype=bool)
        if not said.all():
            yield Hits(array("q", a[~said].tobytes()), array("q", b[~said].tobytes()), *_shown(run, pair))


def _pair_hits(doc: Document, found: dict[str, GarbledPair], hits: list[Hit]) -> Iterator[Hit]:
    """Yield, in document order, the pairs of `found` that no hit of `hits` (sorted) overlaps.

    A page repeating one name holds it hundreds of thousands of times: each occurrence asks
    the hits by bisection, never one by one, and shares its pair's message and suggestion.
    """
    starts = [h.start for h in hits]
    reach = list(accumulate((h.end for h in hits), max))  # the furthest end among the hits up to each one
    said: dict[str, tuple[tuple[str, ...], str]] = {}
    for start, run in document_runs(doc):
        pair = found.get(run)
        if pair is None:
            continue
        a, b = start + pair.start, start + pair.end
        before = bisect_left(starts, b)  # the hits that start before the pair ends
        if before and reach[before - 1] > a:
            continue  # the word-level paths already said it
        shown = said.get(run)
        if shown is None:
            shown = said[run] = _shown(run, pair)
        yield Hit(a, b, *shown)
