"""Every rule's own examples, each rule as its own test case named by its id."""

from __future__ import annotations

import pytest

from auditor.ruleset.examples import check_examples
from auditor.ruleset.loader import load_ruleset

RULESET = load_ruleset()


def test_every_rule_has_flag_and_pass_examples() -> None:
    """The loader enforces examples; this guards the invariant against a silent change."""
    assert RULESET.rules
    for rule in RULESET.rules:
        assert rule.flag_examples and rule.pass_examples, rule.id
        assert all(ex.spans for ex in rule.flag_examples), rule.id


@pytest.mark.parametrize("rule", RULESET.rules, ids=[r.id for r in RULESET.rules])
def test_rule_examples(rule) -> None:
    """Flag examples are flagged at exactly the marked spans; pass examples are not flagged."""
    failures = check_examples(rule, RULESET.gazetteer)
    assert not failures, "\n".join(str(f) for f in failures)
