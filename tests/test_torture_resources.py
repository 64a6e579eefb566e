"""Bounded work for a document full of findings (issue #16, bounded resources).

A 10 MB file of "Ilon Musk. " repeated gave 909,091 findings and ran for minutes: a
container check copied the rest of the match list for every match. Work is checked by
counting, never by timing.
"""

from __future__ import annotations

import pytest

import auditor.scanner as scanner
from auditor.document import Document
from auditor.kinds import Match
from auditor.model import Rule, Severity
from auditor.ruleset.loader import load_ruleset
from auditor.scanner import MAX_FINDINGS_PER_RULE, Engine, _drop_containers, audit


def test_findings_are_capped_per_rule_with_a_note() -> None:
    """A document repeating one mistake reports the first 10,000 of each rule, in position order, and says how many more there were."""
    engine = Engine(load_ruleset())
    text = "Ilon Musk. " * (MAX_FINDINGS_PER_RULE + 50)
    result = audit(Document(text, language="fr"), engine.for_language("fr"))
    musk = [f for f in result.findings if f.rule_id == "fr.entity.known.ilon-musk"]
    assert len(musk) == MAX_FINDINGS_PER_RULE
    assert (musk[0].start, musk[-1].start) == (0, 11 * (MAX_FINDINGS_PER_RULE - 1))
    assert "rule fr.entity.known.ilon-musk: 50 more findings not reported (at most 10000 per rule per document)" in result.notes


class CountingList(list):
    """A list that counts the elements read through it, slices included."""

    read = 0

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        value = super().__getitem__(index)
        CountingList.read += len(value) if isinstance(index, slice) else 1
        return value

    def __iter__(self):  # type: ignore[no-untyped-def]
        for i in range(len(self)):
            yield self[i]


def test_container_check_reads_each_match_a_bounded_number_of_times() -> None:
    """Non-overlapping matches: each is read at most three times, not once per earlier match (20,000 matches, not 200 million reads)."""
    rule = Rule(id="t.x", kind="pattern", category="fluency/spelling", severity=Severity.MINOR, message="x", languages=("fr",), params={})
    n = 20_000
    matches = CountingList(Match(rule, 3 * i, 3 * i + 2, ()) for i in range(n))
    CountingList.read = 0
    kept = _drop_containers(matches)
    assert len(kept) == n
    assert CountingList.read <= 3 * n  # the old slice per match read n * (n - 1) / 2


def test_many_matches_settle_as_columns_to_the_same_findings_and_notes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past MANY_MATCHES, matches are settled as integer columns: the same findings, suggestions and cap notes as the objects give.

    Every French rule example, flagged and passed, one paragraph each: spans shared by two
    rules, nested and containing matches, and (with the cap lowered to 3) rules over the cap.
    """
    engine = Engine(load_ruleset())
    compiled = engine.for_language("fr")
    rules = [r for r in engine.ruleset.rules if r.applies_to("fr")]
    examples = [ex.text.replace("[[", "").replace("]]", "") for r in rules for ex in (*r.flag_examples, *r.pass_examples)]
    text = "\n\n".join(examples)
    monkeypatch.setattr(scanner, "MAX_FINDINGS_PER_RULE", 3)
    monkeypatch.setattr(scanner, "MANY_MATCHES", 10**9)
    as_objects = audit(Document(text, language="fr"), compiled)
    monkeypatch.setattr(scanner, "MANY_MATCHES", 0)
    as_columns = audit(Document(text, language="fr"), compiled)
    assert as_columns == as_objects
    assert len(as_objects.findings) > 300
    assert any(note.endswith("more findings not reported (at most 3 per rule per document)") for note in as_objects.notes)


def test_a_large_document_full_of_findings_is_audited_in_bounded_memory() -> None:
    """2.2 MB repeating one garbled name 200,000 times: under 100 MiB at the peak (60 MiB measured; 149 MiB before matches, runs, facts and language units stopped costing an object each), with the exact count past the cap.

    Memory is read from tracemalloc (bytes allocated, the same on every run), never from a clock.
    """
    import tracemalloc

    engine = Engine(load_ruleset())
    compiled = engine.for_language("fr")
    audit(Document("Ilon Musk a parlé. " * 20, language="fr"), compiled)  # tables loaded on first use are not the document's
    text = "Ilon Musk. " * 200_000
    tracemalloc.start()
    try:
        result = audit(Document(text, language="fr"), compiled)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    musk = [f for f in result.findings if f.rule_id == "fr.entity.known.ilon-musk"]
    assert (len(musk), musk[-1].start) == (MAX_FINDINGS_PER_RULE, 11 * (MAX_FINDINGS_PER_RULE - 1))
    assert "rule fr.entity.known.ilon-musk: 190000 more findings not reported (at most 10000 per rule per document)" in result.notes
    assert peak < 100 * 2**20, f"{peak / 2**20:.1f} MiB"
