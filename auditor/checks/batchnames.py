"""The `batch-variant` check: a thin adapter over auditor.entities.batchnames."""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, Mapping

from auditor.checks import Hit, Resources, register
from auditor.document import Document
from auditor.entities.batchnames import BatchNames, Settings, document_batch, known_spellings, occurrences


def settings_from(params: Mapping[str, Any]) -> Settings:
    """The census settings a `batch-variant` rule asks for; bad values raise ValueError."""
    settings = Settings(
        min_frequent=int(params.get("min_frequent", Settings.min_frequent)),
        ratio=float(params.get("ratio", Settings.ratio)),
        max_rare=int(params.get("max_rare", Settings.max_rare)),
    )
    if settings.min_frequent < 2 or settings.ratio < 1 or settings.max_rare < 1:
        raise ValueError("min_frequent must be >= 2, ratio >= 1 and max_rare >= 1")
    return settings


@register("batch-variant", params=["min_frequent", "ratio", "max_rare"], reads_batch=True)
def batch_variant(params: Mapping[str, Any], resources: Resources):
    """Flag a rare spelling of a name that the batch (or, alone, the document) spells another way."""
    settings = settings_from(params)
    batch: BatchNames | None = resources.batch
    known = known_spellings(resources.gazetteer)
    holds_variant = _substring_test(batch.variants) if batch is not None and batch.variants else None

    def detect(doc: Document) -> Iterator[Hit]:
        names = batch if batch is not None else document_batch(doc.text, known, settings)
        if not names.variants:
            return
        if holds_variant is not None and not holds_variant(doc.text):
            return  # most documents of a batch hold none of its variants: one scan instead of a pass over every name
        documents = max(names.documents, 1)
        previous_end, previous = -2, ""
        for start, end, spelling in occurrences(doc.text):
            variant = names.variants.get(spelling)
            if variant is None and start == previous_end + 1 and doc.text[previous_end] == " ":
                variant = names.variants.get(f"{previous} {spelling}")
            previous_end, previous = end, spelling
            if variant is not None:
                yield Hit(start, end, (variant.frequent,), variant.detail(documents) if batch is not None else
                          f"'{variant.frequent}' {variant.frequent_documents} times in this document, '{spelling}' {variant.rare_documents}")

    return detect


def _substring_test(keys: Iterable[str]) -> Callable[[str], bool]:
    """A test for whether a text contains one of `keys` (one automaton scan): a variant, or the
    "first second" pair a variant is keyed by, is always a substring of the text it is found in."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for key in keys:
        automaton.add_word(key, None)
    automaton.make_automaton()
    return lambda text: next(automaton.iter(text), None) is not None
