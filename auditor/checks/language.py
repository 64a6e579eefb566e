"""Language checks: segments and short lines left in another language, documents in the wrong language, garbled words."""

from __future__ import annotations

import itertools
from typing import Any, Iterable, Mapping

from auditor.checks import Detector, Hit, Resources, register
from auditor.document import Document
from auditor.lang.language import SegmentOptions, detect_language, foreign_segments, get_detector
from auditor.lang.lexicon import document_words, garbled_words
from auditor.lang.wordevidence import LazyNames, evidence, short_english_lines


def _param(params: Mapping[str, Any], check: str, key: str, kind: type, default: Any) -> Any:
    """Return params[key] checked against `kind`, or `default` when absent."""
    value = params.get(key, default)
    # bool is an int subclass: "min_words: true" must not pass as 1.
    ok = isinstance(value, kind) and not (kind is not bool and isinstance(value, bool))
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        ok, value = True, float(value)
    if not ok:
        raise ValueError(f"check {check!r}: param {key!r} must be {kind.__name__}, got {value!r}")
    return value


def _detail(language: str, probability: float, expected: str) -> str:
    """Format what was detected, for the finding's message."""
    return f"detected {language} (p={probability:.2f}), expected {expected}"


@register(
    "untranslated-segment",
    params=["min_chars", "min_words", "min_probability", "long_paragraph", "cascade", "backend", "language"],
)
def untranslated_segment(params: Mapping[str, Any], resources: Resources) -> Detector:
    """Flag paragraphs and sentences in another language than the document's."""
    name = "untranslated-segment"
    options = SegmentOptions(
        min_letters=_param(params, name, "min_chars", int, SegmentOptions.min_letters),
        min_words=_param(params, name, "min_words", int, SegmentOptions.min_words),
        min_probability=_param(params, name, "min_probability", float, SegmentOptions.min_probability),
        long_paragraph=_param(params, name, "long_paragraph", int, SegmentOptions.long_paragraph),
    )
    cascade = _param(params, name, "cascade", bool, True)
    backend = _param(params, name, "backend", str, "langdetect")
    # Used only when the scanner has set no language on the document.
    fallback = _param(params, name, "language", str, "")
    get_detector(backend)  # an unknown or missing backend fails when rules compile, not per file

    def detect(doc: Document) -> Iterable[Hit]:
        expected = doc.language or fallback or detect_language(doc.text, backend)[0]
        if expected == "und":
            return []
        return [
            Hit(s.start, s.end, detail=_detail(s.language, s.probability, expected))
            for s in foreign_segments(doc, expected, cascade=cascade, backend=backend, options=options)
        ]

    return detect


@register("document-language", params=["expected", "min_words", "min_probability", "cascade", "backend"])
def document_language(params: Mapping[str, Any], resources: Resources) -> Detector:
    """Flag a document written in another language than the `expected` param, at its first paragraph."""
    name = "document-language"
    expected = _param(params, name, "expected", str, "")
    if not expected:
        raise ValueError(f"check {name!r}: param 'expected' is required (e.g. expected: fr)")
    min_words = _param(params, name, "min_words", int, 15)
    min_probability = _param(params, name, "min_probability", float, 0.80)
    cascade = _param(params, name, "cascade", bool, True)
    backend = _param(params, name, "backend", str, "langdetect")
    get_detector(backend)

    def detect(doc: Document) -> Iterable[Hit]:
        # doc.language may itself come from detection, so compare with the configured
        # language, never with doc.language.
        if not doc.paragraphs:
            return []
        language, probability = detect_language(doc.text, backend, cascade=cascade)
        # Counting every word of the document is left for the rare document in another language.
        if language in ("und", expected) or probability < min_probability or doc.word_count < min_words:
            return []
        start, end = doc.paragraphs[0]
        return [Hit(start, end, detail=_detail(language, probability, expected))]

    return detect


def _garble_detail(count: int) -> str:
    """Say why a word is flagged, and how often it occurs."""
    detail = "in neither the French nor the English word list"
    return detail if count == 1 else f"{detail}; used {count} times, reported once"


@register("garbled-word", params=[])
def garbled_word(params: Mapping[str, Any], resources: Resources) -> Detector:
    """Flag lowercase words that are neither French nor English, nor a form of a word that is."""

    def detect(doc: Document) -> Iterable[Hit]:
        return [
            Hit(g.start, g.end, suggestions=g.suggestions, detail=_garble_detail(g.count))
            # The paragraphs' distinct folded words are already there for other checks.
            for g in garbled_words(doc.text, document_words(doc))
        ]

    return detect


@register("short-english-line", params=["min_words", "max_words", "min_evidence", "terse_words"])
def short_english_line(params: Mapping[str, Any], resources: Resources) -> Detector:
    """Flag lines too short for the segment check (headlines, link titles, page furniture) whose words are English."""
    name = "short-english-line"
    min_words = _param(params, name, "min_words", int, 2)
    max_words = _param(params, name, "max_words", int, 12)
    min_evidence = _param(params, name, "min_evidence", float, 3.0)
    # Lines of at most this many words may also be judged word by word (`reads_english_terse`).
    terse_words = _param(params, name, "terse_words", int, 0)
    # The gazetteer's names are no English words: "The New York Times" alone on a line is a source.
    names = LazyNames(
        known
        for entry in resources.gazetteer
        for known in (*entry.canonical.values(), *entry.variants, *itertools.chain.from_iterable(entry.foreign.values()))
    )

    def detect(doc: Document) -> Iterable[Hit]:
        spans = short_english_lines(doc.text, doc.paragraphs, min_words, max_words, min_evidence, names, terse_words)
        if not spans:
            return []
        # A line inside a segment the segment check reports is part of that finding.
        segments = foreign_segments(doc, doc.language or "fr")
        return [
            Hit(start, end, detail=f"English word evidence {evidence(doc.text[start:end]).english:.1f}")
            for start, end in spans
            if not any(s.start < end and start < s.end for s in segments)
        ]

    return detect
