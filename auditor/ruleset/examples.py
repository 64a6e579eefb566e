"""Run a rule's own examples: flag examples must be flagged at exactly the marked spans."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from auditor.checks import Resources
from auditor.document import Document
from auditor.model import Example, Rule
from auditor.scanner import audit, compile_rules


@dataclass(frozen=True)
class ExampleFailure:
    """One example that did not behave as its rule promises."""

    rule_id: str
    kind: str  # "flag" or "pass"
    text: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.kind} example {self.text!r}: {self.message}"


def example_language(rule: Rule) -> str:
    """The language a rule's examples are written in: its first language, French for '*'."""
    return next((lang for lang in rule.languages if lang != "*"), "fr")


def check_examples(rule: Rule, gazetteer: tuple[Any, ...] = (), options: Mapping[str, Any] | None = None) -> list[ExampleFailure]:
    """Run all of a rule's examples with the rule alone; return the failures."""
    compiled = compile_rules([rule], Resources(gazetteer=gazetteer), options or {})
    lang = example_language(rule)
    failures = []
    for kind, examples in (("flag", rule.flag_examples), ("pass", rule.pass_examples)):
        for ex in examples:
            failures += _check_one(rule, compiled, lang, kind, ex)
    return failures


def _check_one(rule: Rule, compiled: Any, lang: str, kind: str, ex: Example) -> list[ExampleFailure]:
    """Compare the findings on one example with its marked spans and suggestion."""
    findings = [f for f in audit(Document(ex.text, language=lang), compiled).findings if f.rule_id == rule.id]
    got = [(f.start, f.end) for f in findings]
    want = list(ex.spans)
    if got != want:
        shown = ", ".join(repr(ex.text[a:b]) for a, b in got) or "nothing"
        expected = ", ".join(repr(ex.text[a:b]) for a, b in want) or "nothing"
        return [ExampleFailure(rule.id, kind, ex.text, f"flagged {shown}, expected {expected}")]
    if ex.suggestion is not None:
        first = findings[0].suggestions[0] if findings and findings[0].suggestions else None
        if first != ex.suggestion:
            return [ExampleFailure(rule.id, kind, ex.text, f"suggested {first!r}, expected {ex.suggestion!r}")]
    return []
