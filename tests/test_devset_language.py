"""The language development set (bench/devset/language.yaml) loads and holds the cases issue #12 asks for."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SET_PATH = ROOT / "bench" / "devset" / "language.yaml"


def _load_scorer():
    # bench/ is not a package and may not be on sys.path when the suite runs from an install.
    spec = importlib.util.spec_from_file_location("devset_score", ROOT / "bench" / "devset_score.py")
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the class is built.
    sys.modules["devset_score"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def devset():
    """The set's classes and cases, read with the scorer's own loader."""
    classes, cases, batches = _load_scorer().load_set(SET_PATH)
    assert batches == []
    return classes, cases


def _spans(cases, cls):
    return [case.text[s:e] for case in cases if case.cls == cls for s, e in case.spans]


@pytest.mark.parametrize(("cls", "minimum"), [("calque", 60), ("garbled-word", 25), ("short-english", 30)])
def test_marked_spans_per_class(devset, cls, minimum):
    _classes, cases = devset
    assert len(_spans(cases, cls)) >= minimum


def test_total_marked_artifacts(devset):
    _classes, cases = devset
    assert sum(len(case.spans) for case in cases) >= 130


def test_calques_cover_distinct_constructions(devset):
    _classes, cases = devset
    notes = {case.note for case in cases if case.cls == "calque"}
    assert "" not in notes
    assert len(notes) >= 35


@pytest.mark.parametrize(("cls", "minimum"), [("falsealarm", 25), ("clean", 30)])
def test_clean_classes_have_texts_and_no_marks(devset, cls, minimum):
    classes, cases = devset
    texts = [case for case in cases if case.cls == cls]
    assert classes[cls] == ()
    assert len(texts) >= minimum
    assert [case.id for case in texts if case.spans] == []


def test_small_texts_are_short_marked_and_expect_review(devset):
    _classes, cases = devset
    small = [case for case in cases if case.cls == "small"]
    assert 6 <= len(small) <= 10
    for case in small:
        assert case.verdict == "review", case.id
        assert len(case.spans) == 1, case.id
        assert 15 <= len(case.text.split()) <= 40, case.id


def test_marked_spans_are_trimmed_and_not_empty(devset):
    _classes, cases = devset
    for case in cases:
        for start, end in case.spans:
            span = case.text[start:end]
            assert span and span == span.strip(), (case.id, span)


def test_garbled_words_are_single_lowercase_words(devset):
    _classes, cases = devset
    for word in _spans(cases, "garbled-word"):
        assert word.islower() and len(word.split()) == 1 and "'" not in word, word


def test_english_lines_are_whole_short_lines(devset):
    _classes, cases = devset
    for case in (c for c in cases if c.cls == "short-english"):
        lines = case.text.splitlines()
        assert len(lines) >= 2, case.id
        for start, end in case.spans:
            span = case.text[start:end]
            assert span in lines, (case.id, span)
            assert 2 <= len(span.split()) <= 12, (case.id, span)


def test_case_ids_are_unique(devset):
    _classes, cases = devset
    counts = Counter(case.id for case in cases)
    assert [case_id for case_id, n in counts.items() if n > 1] == []
