"""A large document's hits travel as columns and its text is read a piece at a time (issue #16, bounded resources).

Past LARGE_DOCUMENT, checks yield `Hits` and matchers `Matches` (a rule's spans as two arrays),
and language units, name runs, census words and the substitution automaton's scan go a piece
of text at a time, pieces remembered by their text. Each path is compared with the object
path on the samples and on every French rule example, with the sizes lowered so that small
texts take it. Work is checked by counting, never by timing.
"""

from __future__ import annotations

import random
from array import array
from pathlib import Path

import ahocorasick
import pytest

import auditor.checks.entities as entities
import auditor.document as document
import auditor.entities.batchnames as batchnames
import auditor.kinds.substitution as substitution
import auditor.lang.language as language
import auditor.reporters.csvfmt as csvfmt
import auditor.run.identity as identity
import auditor.scanner as scanner
from auditor.document import Document
from auditor.kinds import Match, Matches
from auditor.model import Rule, Severity
from auditor.ruleset.loader import load_ruleset
from auditor.scanner import Engine, audit

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.txt"))


def _lowered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Send small texts down the large document's paths, in pieces of a few dozen characters."""
    monkeypatch.setattr(document, "LARGE_DOCUMENT", 1)
    monkeypatch.setattr(scanner, "MANY_MATCHES", 0)
    monkeypatch.setattr(language, "_PIECE_CHARS", 40)
    monkeypatch.setattr(entities, "_RUNS_PIECE", 30)
    monkeypatch.setattr(substitution, "_AUTOMATON_PIECE", 25)
    monkeypatch.setattr(batchnames, "_COUNTED_CHARS", 20)


def _examples() -> list[str]:
    """Every French rule example, flagged and passed, without its marks."""
    rules = [r for r in load_ruleset().rules if r.applies_to("fr")]
    return [ex.text.replace("[[", "").replace("]]", "") for r in rules for ex in (*r.flag_examples, *r.pass_examples)]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_samples_audit_the_same_through_columns_and_pieces(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every sample gives the same findings and notes through the columns and the pieces."""
    compiled = Engine(load_ruleset()).for_language("fr")
    text = path.read_text(encoding="utf-8")
    expected = audit(Document(text, language="fr"), compiled)
    _lowered(monkeypatch)
    assert audit(Document(text, language="fr"), compiled) == expected


@pytest.mark.parametrize("joiner", ["\n\n", " "], ids=["paragraphs", "one-long-paragraph"])
def test_rule_examples_audit_the_same_through_columns_and_pieces(joiner: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every French rule example, one paragraph each or all in one long paragraph (its language units in pieces): the same findings and notes.

    A soft hyphen in one name gives the document a matching view, whose columns are mapped
    back one match at a time.
    """
    compiled = Engine(load_ruleset()).for_language("fr")
    text = joiner.join(_examples()) + joiner + "Ilon Musk a parlé. Il\u00adon Musk aussi."
    expected = audit(Document(text, language="fr"), compiled)
    assert len(expected.findings) > 300
    _lowered(monkeypatch)
    assert audit(Document(text, language="fr"), compiled) == expected


def test_three_rules_on_the_same_names_keep_one_row_per_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page repeating one garbled name 200,000 times: three rules flag each, their columns are settled as they come, one row per name is left (and one for the page's language)."""
    compiled = Engine(load_ruleset()).for_language("fr")
    rows = []
    settle = scanner._settle_columns
    monkeypatch.setattr(scanner, "_settle_columns", lambda found, notes: rows.append(len(found.starts)) or settle(found, notes))
    result = audit(Document("Ilon Musk. " * 200_000, language="fr"), compiled)
    assert rows == [200_001]
    assert {f.rule_id for f in result.findings} == {"fr.entity.known.ilon-musk", "fr.language.document"}


def _rule(rule_id: str, severity: Severity, category: str = "accuracy/entity") -> Rule:
    return Rule(id=rule_id, kind="check", category=category, severity=severity, message="m", languages=("fr",), params={})


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0), (1, 1, 2)])
def test_columns_of_the_same_spans_settle_as_their_objects(order: tuple[int, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    """Columns of one span set from rules of every rank, in any order, a rule twice with other suggestions, among other matches (one of them on a shared span before its rule's columns): the matches their objects give."""
    monkeypatch.setattr(scanner, "MAX_FINDINGS_PER_RULE", 5)
    rules = [_rule("t.b", Severity.MINOR), _rule("t.a", Severity.MAJOR), _rule("t.c", Severity.MAJOR)]
    spans = [(11 * i, 11 * i + 9) for i in range(12)]
    batches = [
        Matches(rules[k], array("q", [s for s, _ in spans]), array("q", [e for _, e in spans]), (f"s{n}",), f"d{n}")
        for n, k in enumerate(order)
    ]
    loose = [Match(rules[0], 3, 20, ("x",)), Match(_rule("t.z", Severity.CRITICAL, "fluency/x"), 0, 9)]
    # Between the first two columns, a match of the second's rule on one of their spans: it came first.
    between = Match(rules[order[1]], *spans[3], ("between",))
    objects = [loose[0], *batches[0], between, *(m for batch in batches[1:] for m in batch), loose[1]]
    expected, expected_notes = scanner._settle(list(objects), notes := []), notes
    monkeypatch.setattr(scanner, "MANY_MATCHES", 0)
    found = scanner._Collected()
    found.add(loose[0])
    found.add_columns(batches[0])
    found.add(between)
    for batch in batches[1:]:
        found.add_columns(batch)
    found.add(loose[1])
    got_notes: list[str] = []
    assert scanner._settle_columns(found, got_notes) == expected and got_notes == expected_notes


def test_the_automaton_read_in_pieces_gives_its_hits_in_order() -> None:
    """Overlapping forms, a form across every cut: the hits and order of one reading of the whole text."""
    auto = ahocorasick.Automaton()
    for form in ["ab", "abc", "bca", "cab", "aaaa", "b", "abcabcab"]:
        auto.add_word(form, (len(form), form))
    auto.make_automaton()
    rng = random.Random(3)
    for _ in range(200):
        text = "".join(rng.choice("abc ") for _ in range(rng.randint(0, 300)))
        for piece in (1, 2, 3, 7, 50):
            substitution._AUTOMATON_PIECE, kept = piece, substitution._AUTOMATON_PIECE
            try:
                assert list(substitution._pieces(auto, text)) == list(auto.iter(text))
            finally:
                substitution._AUTOMATON_PIECE = kept


def _names_text(rng: random.Random) -> str:
    """Capitalised words, particles, prefixes, hyphens and punctuation, every way runs and pairs may meet a cut."""
    words = ["Ilon", "Musk", "Kaja", "Kallas", "Jean-Pierre", "de", "la", "Élise", "al-Assad", "d'Estaing", "Kim", "Jong", "-in", "van", "O’Neil", "ÉCOLE"]
    seps = [" ", " ", "  ", ". ", ", ", "\n", "(", ")", "!", "-", "'", "\t", ":", ";", "\u00a0", " - "]
    return "".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(0, 150)))


def test_runs_and_name_tokens_found_in_pieces_are_those_of_the_whole_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large document's runs (columns and distinct texts, in order) and a text's name tokens, a piece at a time: those of one pass."""
    rng = random.Random(13)
    for _ in range(300):
        text = _names_text(rng)
        runs = entities._Runs(entities.find_runs(text))
        tokens = batchnames.name_tokens(text)
        for piece in (1, 3, 10, 40):
            monkeypatch.setattr(entities, "_RUNS_PIECE", piece)
            monkeypatch.setattr(batchnames, "_PIECE_CHARS", piece)
            got = entities._large_runs(text)
            assert (got.starts, got.which, got.texts) == (runs.starts, runs.which, runs.texts)
            assert batchnames.name_tokens(text) == tokens


def test_whitespace_and_formula_scans_in_pieces_agree_with_one_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """identity.normalise and csvfmt.safe_rows, a piece of text at a time: what one pass over the whole gives."""
    rng = random.Random(5)
    alphabet = ["a", "B", " ", "\n", "\r", "\u00a0", "é", "’", "\x1c", "=", "+", "-", "@", "\t", "\x00", "Я"]
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        rows = [[rng.choice([1, None, text[: rng.randint(0, 6)], rng.choice(alphabet)]) for _ in range(3)] for _ in range(rng.randint(0, 4))]
        normal, safe = identity.normalise(text), csvfmt.safe_rows(rows)
        for piece in (0, 1, 2, 5):
            monkeypatch.setattr(identity, "_COLLAPSED_CHARS", piece)
            monkeypatch.setattr(csvfmt, "_SCANNED_CHARS", piece)
            got = csvfmt.safe_rows(rows)
            assert identity.normalise(text) == normal and got == safe and (got is rows) == (safe is rows)


def test_long_paragraphs_give_the_same_foreign_segments_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Long paragraphs of French, English and short sentences (a short one takes its foreign neighbour's language): the same segments, cascade or not, whatever the pieces."""
    french = ["Le conseil municipal a voté mardi soir un budget de deux millions d'euros pour les écoles.", "La ministre a annoncé une réforme des retraites devant l'Assemblée nationale."]
    english = ["The government announced on Tuesday that the new policy would take effect next month.", "Officials said the decision was made after a long review of the available evidence."]
    short = ["Yes.", "Thank you!", "Merci.", "OK ?", "Ilon Musk.", "Well done."]
    rng = random.Random(17)
    paragraphs = ["  ".join(rng.choice(rng.choice([french, english, short, short])) for _ in range(rng.randint(40, 160))) for _ in range(12)]
    for text in paragraphs:
        for cascade in (True, False):
            monkeypatch.setattr(language, "_long_paragraph_units", language._sentence_units)  # every sentence, one by one
            expected = language.foreign_segments(Document(text, language="fr"), "fr", cascade=cascade)
            monkeypatch.undo()
            assert expected  # the English sentences
            for piece in (10, 150, 4000):
                monkeypatch.setattr(language, "_PIECE_CHARS", piece)
                assert language.foreign_segments(Document(text, language="fr"), "fr", cascade=cascade) == expected
                monkeypatch.undo()
