"""Shape of the names development set (bench/devset/names.yaml): minimum sizes, never detection results."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
NAMES_SET = ROOT / "bench" / "devset" / "names.yaml"

# Minimum marked spans per class, from issue #11 item 5.
MIN_SPANS = {"garbled": 60, "noun": 40, "lone-surname": 25, "batch": 20}
MIN_ARTIFACTS = 160
MIN_ENTITIES = 45
MIN_BATCHES = 10
MIN_CLEAN_TEXTS = 25


def _devset_score() -> ModuleType:
    # bench/ is a folder of scripts, not a package: load the scorer by path, as the suite has no other way in.
    spec = importlib.util.spec_from_file_location("devset_score", ROOT / "bench" / "devset_score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("devset_score", module)  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def names_set():
    return _devset_score().load_set(NAMES_SET)


def _entity(note: str) -> str:
    """The entity a note names: the text before its parenthesised detail."""
    return note.split(" (", 1)[0].strip()


def test_classes_are_the_five_of_the_issue(names_set) -> None:
    classes, _cases, _batches = names_set
    assert classes == {
        "garbled": ("fr.entity",), "noun": ("fr.entity",), "lone-surname": ("fr.entity",),
        "batch": ("fr.entity",), "clean": (),
    }


def test_minimum_spans_per_class(names_set) -> None:
    _classes, cases, batches = names_set
    spans: Counter[str] = Counter()
    for case in cases + [doc for _bid, _cls, docs in batches for doc in docs]:
        spans[case.cls] += len(case.spans)
    for cls, minimum in MIN_SPANS.items():
        assert spans[cls] >= minimum, f"{cls}: {spans[cls]} spans, need {minimum}"
    assert sum(spans.values()) >= MIN_ARTIFACTS


def test_minimum_distinct_entities(names_set) -> None:
    _classes, cases, batches = names_set
    notes = [c.note for c in cases if c.cls != "clean"] + [docs[0].note for _bid, _cls, docs in batches]
    assert all(notes), "every flagged case and batch names its entity in `note`"
    assert len({_entity(n) for n in notes}) >= MIN_ENTITIES


def test_batches_have_a_majority_spelling(names_set) -> None:
    _classes, _cases, batches = names_set
    assert len(batches) >= MIN_BATCHES
    for bid, cls, docs in batches:
        assert cls == "batch", bid
        assert 4 <= len(docs) <= 8, f"{bid}: {len(docs)} documents"
        with_variant = sum(1 for doc in docs if doc.spans)
        assert 1 <= with_variant <= 2, f"{bid}: {with_variant} documents carry a variant"


def test_clean_texts_carry_no_mark(names_set) -> None:
    _classes, cases, _batches = names_set
    clean = [c for c in cases if c.cls == "clean"]
    assert len(clean) >= MIN_CLEAN_TEXTS
    assert [c.id for c in clean if c.spans] == []


def test_every_flagged_case_marks_a_non_empty_span(names_set) -> None:
    _classes, cases, batches = names_set
    for case in cases:
        if case.cls != "clean":
            assert case.spans, f"{case.id}: no marked span"
    for case in cases + [doc for _bid, _cls, docs in batches for doc in docs]:
        for start, end in case.spans:
            marked = case.text[start:end]
            assert marked.strip() and marked == marked.strip(), f"{case.id}: bad span {marked!r}"
            assert "[[" not in marked and "]]" not in marked, case.id


def test_case_ids_are_unique(names_set) -> None:
    _classes, cases, batches = names_set
    ids = [c.id for c in cases] + [bid for bid, _cls, _docs in batches]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
