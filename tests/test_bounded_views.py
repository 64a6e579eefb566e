"""A large document's views are compact and read the same (issue #16, bounded resources).

A 10 MB page repeating one phrase held a tuple and two integers per sentence and per word,
and a string per word occurrence. From `LARGE_DOCUMENT` characters on, spans are kept in
arrays and words interned. Memory is checked with tracemalloc (bytes allocated, the same on
every run), never with a clock.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

import auditor.document as document
from auditor.document import LARGE_DOCUMENT, Document, Spans
from auditor.ruleset.loader import load_ruleset
from auditor.scanner import Engine, audit

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.txt"))
TRICKY = "Il pleut. Vraiment ?  « Oui. » Non…\n\n  Deux paragraphes ici\r\nLigne trois ! fin"


def views(text: str) -> tuple:
    """The span and word views of a document, as plain tuples."""
    doc = Document(text)
    return (
        tuple(doc.sentences), tuple(doc.words), doc.paragraph_words, [doc.sentence_at(i) for i in range(len(text))],
        [doc.word_index(i) for i in range(len(text))], Document(text).word_count,
    )


def test_compact_views_equal_the_tuples(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same sentences, words and positions whichever form holds them."""
    plain = views(TRICKY)
    assert [TRICKY[a:b] for a, b in plain[0]] == ["Il pleut.", "Vraiment ?", "« Oui.", "» Non…", "Deux paragraphes ici", "Ligne trois !", "fin"]
    monkeypatch.setattr(document, "LARGE_DOCUMENT", 1)
    doc = Document(TRICKY)
    assert isinstance(doc.sentences, Spans) and isinstance(doc.words, Spans)
    assert views(TRICKY) == plain


def test_spans_read_like_a_tuple_of_spans() -> None:
    """Index, negative index, slice, length, iteration and equality, as a tuple's."""
    from array import array

    spans = Spans(array("q", [0, 5, 9]), array("q", [4, 8, 12]))
    assert (len(spans), spans[1], spans[-1], spans[1:]) == (3, (5, 8), (9, 12), ((5, 8), (9, 12)))
    assert list(spans) == [(0, 4), (5, 8), (9, 12)]
    assert spans == ((0, 4), (5, 8), (9, 12)) and spans != ((0, 4),)
    assert bool(Spans(array("q"), array("q"))) is False


def test_large_document_words_are_one_string_per_distinct_word() -> None:
    """Two million word occurrences of two words share two strings; the words are those of findall."""
    text = "Ilon Musk. " * (LARGE_DOCUMENT // 11 + 1)
    (words,) = Document(text).paragraph_words
    assert len(words) == 2 * (LARGE_DOCUMENT // 11 + 1)
    assert words[:4] == ["ilon", "musk", "ilon", "musk"]
    assert len({id(w) for w in words}) == 2


def test_words_of_a_huge_paragraph_split_only_at_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces cut at a space never split a word, even a word longer than a piece."""
    text = "a" * 70_000 + " bc d'e  " + "f" * 10 + "\n\nz"
    expected = Document(text).paragraph_words
    monkeypatch.setattr(document, "LARGE_DOCUMENT", 1)
    monkeypatch.setattr(document, "_PIECE", 3)
    assert Document(text).paragraph_words == expected == (["a" * 70_000, "bc", "d", "e", "f" * 10], ["z"])


def test_views_of_a_2mb_document_stay_small() -> None:
    """Sentences, words and paragraph words of 2 MB with 380,000 words take under 20 MB at the peak (12.8 MB; the tuples took 93 MB)."""
    text = "Ilon Musk. " * 190_000
    doc = Document(text)
    doc.folded  # the folded text is the document's, not the views'
    tracemalloc.start()
    try:
        doc.sentences, doc.words, doc.paragraph_words, doc.sentence_at(1_000_000), doc.word_index(1_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(doc.sentences) == 190_000 and len(doc.words) == 380_000
    assert peak < 20 * 2**20, f"{peak / 2**20:.1f} MiB"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_samples_audit_the_same_with_compact_views(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every check reads the compact views as it reads the tuples: the same findings and notes."""
    engine = Engine(load_ruleset())
    compiled = engine.for_language("fr")
    text = path.read_text(encoding="utf-8")
    expected = audit(Document(text, language="fr"), compiled)
    monkeypatch.setattr(document, "LARGE_DOCUMENT", 1)
    assert audit(Document(text, language="fr"), compiled) == expected


def test_entity_rule_examples_audit_the_same_with_compact_runs_and_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large document's name runs are columns and its facts are made on reading: the entity rules' examples give the same findings."""
    from auditor.checks.entities import _Facts, _Runs, analyser_for, document_runs
    from auditor.checks import Resources

    engine = Engine(load_ruleset())
    compiled = engine.for_language("fr")
    rules = [r for r in engine.ruleset.rules if r.id.startswith("fr.entity.") and r.applies_to("fr")]
    text = "\n\n".join(ex.text.replace("[[", "").replace("]]", "") for r in rules for ex in (*r.flag_examples, *r.pass_examples))
    expected = audit(Document(text, language="fr"), compiled)
    assert {f.rule_id for f in expected.findings} >= {"fr.entity.consistency", "fr.entity.name-variant"}
    monkeypatch.setattr(document, "LARGE_DOCUMENT", 1)
    doc = Document(text, language="fr")
    assert audit(doc, compiled) == expected
    runs = document_runs(doc)
    assert isinstance(runs, _Runs) and len(set(runs.texts)) == len(runs.texts) < len(runs)
    analyser = analyser_for(Resources(gazetteer=engine.ruleset.gazetteer))
    facts = analyser.document_facts(Document(text, language="fr"))
    assert isinstance(facts, _Facts) and [f.start for f in facts] == sorted(f.start for f in facts)


def test_duplicates_of_a_large_document_hold_integer_ngrams(monkeypatch: pytest.MonkeyPatch) -> None:
    """500 reworded pairs of paragraphs (258 KB) in a large document: the chrF n-grams are integer arrays, 24 MiB at the peak where the Counters took 72 MiB."""
    import random

    from auditor.checks import CHECKS, Resources, load_all

    load_all()
    rng = random.Random(7)
    vocabulary = ("le la les un une des conseil municipal a voté mardi soir budget de deux millions euros pour rénover écoles "
                  "primaires ville commune train gare région lundi matin annonce président ministre loi projet vote assemblée "
                  "nationale sénat réforme retraite grève syndicat").split()
    paragraphs = []
    for _ in range(500):
        words = [rng.choice(vocabulary) for _ in range(40)]
        reworded = list(words)
        reworded[rng.randrange(40)] = rng.choice(vocabulary)
        reworded[rng.randrange(40)] = rng.choice(vocabulary)
        paragraphs += [" ".join(words) + ".", " ".join(reworded) + "."]
    rng.shuffle(paragraphs)
    text = "\n\n".join(paragraphs)
    monkeypatch.setattr(document, "LARGE_DOCUMENT", 1)
    doc = Document(text)
    doc.paragraph_words  # the document's own views are not the check's
    detect = CHECKS["duplicate-paragraphs"].factory({}, Resources())
    tracemalloc.start()
    try:
        hits = list(detect(doc))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(hits) == 500 and (hits[0].start, hits[0].end, hits[0].detail) == (10024, 10294, "repeats line 7 reworded (chrF 94)")
    assert peak < 30 * 2**20, f"{peak / 2**20:.1f} MiB"
