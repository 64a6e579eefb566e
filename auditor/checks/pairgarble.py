"""fr.entity.pivot-garbled's last path: a garbled given name before a garbled or known surname (auditor/entities/pairgarble.py)."""

from __future__ import annotations

from typing import Callable, Iterator

from auditor.checks import Hit, Resources
from auditor.checks.entities import document_runs, remember, run_texts
from auditor.checks.openworld import given_names_for, open_names_for
from auditor.document import Document
from auditor.entities.pairgarble import GarbledPair, builtin_given, builtin_table, garbled_given, garbled_given_word, garbled_pair, respelled_surname
from auditor.lang.frequencies import letters_zipf, zipf

MAX_MEMO = 200_000  # runs remembered per worker: bounded memory in long nightly runs


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
    givens: dict[str, str] = {}  # word -> the given name it restores ('' for none): names recur in many runs
    surnames: dict[str, str] = {}
    maybe: dict[str, bool] = {}  # word -> whether it may be a given name garbled (garbled_given_word)

    def may_be_given(word: str) -> bool:
        found = maybe.get(word)
        if found is None:
            if len(maybe) > MAX_MEMO:
                maybe.clear()
            found = maybe[word] = garbled_given_word(word, _zipfs)
        return found

    def given_of(word: str) -> str:
        found = givens.get(word)
        if found is None:
            if len(givens) > MAX_MEMO:
                givens.clear()
            found = givens[word] = garbled_given(word, builtin_given, _zipfs)
        return found

    def surname_of(word: str) -> str:
        found = surnames.get(word)
        if found is None:
            if len(surnames) > MAX_MEMO:
                surnames.clear()
            found = surnames[word] = respelled_surname(word, builtin_table, _zipfs, unseen)
        return found

    def judge(run: str) -> GarbledPair | None:
        pair = pairs.get(run)
        if pair is None:
            pair = garbled_pair(run, may_be_given, given_of, surname_of, _opener)
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
        extra = []
        for start, run in document_runs(doc):
            pair = found.get(run)
            if pair is None:
                continue
            a, b = start + pair.start, start + pair.end
            if any(h.start < b and a < h.end for h in hits):
                continue  # the word-level paths already said it
            detail = f"'{run[pair.start:pair.end]}' looks like {pair.suggestion} spelled through Russian: a given name no list holds that sounds like {pair.given.title()}, before a surname"
            extra.append(Hit(a, b, (pair.suggestion,) if pair.suggestion != run[pair.start : pair.end] else (), detail))
        yield from sorted(hits + extra, key=lambda h: (h.start, h.end))

    return detect_with_pairs
