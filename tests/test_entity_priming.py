"""Entity-check analyses primed ahead of the documents (by the main process, before it forks the audit workers) change no finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checks import Resources
from auditor.checks.cjk import analyse_run
from auditor.checks.entities import document_runs, prime_runs
from auditor.document import Document
from auditor.entities.batchnames import name_tokens
from auditor.ruleset.examples import _check_one, example_language
from auditor.ruleset.loader import load_ruleset
from auditor.scanner import compile_rules

RULESET = load_ruleset()
PRIMED_CHECKS = {"name-variant", "romanisation", "entity-consistency", "first-name-common-word", "name-as-noun",
                 "pivot-garbled", "cjk-pivot", "open-name-as-noun", "unknown-garbled"}
RULES = [r for r in RULESET.rules if r.kind == "check" and r.params["check"] in PRIMED_CHECKS]


def test_every_primed_check_has_rules() -> None:
    assert {r.params["check"] for r in RULES} == PRIMED_CHECKS


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples_hold_after_priming(rule) -> None:
    """Every run of the examples, each of its prefixes (runs too short to judge) and every census name, primed first."""
    compiled = compile_rules([rule], Resources(gazetteer=RULESET.gazetteer), {})
    examples = [("flag", ex) for ex in rule.flag_examples] + [("pass", ex) for ex in rule.pass_examples]
    runs = {run for _, ex in examples for _, run in document_runs(Document(ex.text))}
    names = set().union(*(name_tokens(ex.text) for _, ex in examples))
    primed = sorted(runs | names | {run[:k] for run in runs for k in range(1, len(run))})
    assert prime_runs(primed) == len(primed)
    lang = example_language(rule)
    failures = [f for kind, ex in examples for f in _check_one(rule, compiled, lang, kind, ex)]
    assert not failures, "\n".join(str(f) for f in failures)


@pytest.mark.parametrize(
    "run",
    ["Paris", "Le Monde", "Selon Emmanuel Macron", "Aujourd'hui", "Jean-Luc Mélenchon", "McDonald", "2024"],
)
def test_cjk_runs_without_a_marked_word_have_no_candidate(run: str) -> None:
    assert analyse_run(run) == ()


def test_cjk_run_with_a_marked_word_keeps_its_candidate() -> None:
    # Ван Цзюнь (Wang Jun) through Russian: "Tszyun" reads jun, "Van" as wang.
    (found,) = analyse_run("Selon Van Tszyun")
    assert [(c.system, [("Selon Van Tszyun"[w.start:w.end], w.standards) for w in c.words]) for c in found] == [
        ("zh", [("Van", ("wang", "wan")), ("Tszyun", ("jun", "jiong"))])
    ]


def test_census_hands_over_the_names_of_two_documents_or_more(tmp_path: Path) -> None:
    from auditor.inputs.discover import discover
    from auditor.run.census import take_census

    texts = ["Anna Lindqvist parle.", "Anna Lindqvist répond à Piotr.", "Piotr Nowak arrive."]
    for i, text in enumerate(texts):
        (tmp_path / f"d{i}.txt").write_text(text, encoding="utf-8")
    got: list[list[str]] = []
    take_census(list(discover([str(tmp_path)])), 1_000_000, 1, recurring=got.append)
    assert got == [["Anna", "Anna Lindqvist", "Lindqvist", "Piotr"]]
