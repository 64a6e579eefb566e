"""Totals per rule and per source (top-level folder), kept in memory bounded by rules and sites."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterator

from auditor.model import DocumentResult, Severity

# Public CSV columns (docs/surfaces.md): append only.
RULE_COLUMNS: tuple[str, ...] = ("rule_id", "category", "severity", "findings", "documents")
VERDICTS: tuple[str, ...] = ("pass", "review", "fail")
SOURCE_COLUMNS: tuple[str, ...] = (
    "source",
    "documents",
    "errors",
    "words",
    "findings",
    *(s.value for s in Severity),
    "mean_score",
    *VERDICTS,
)

_RANK = {s.value: s.rank for s in Severity}  # Severity("major") goes through Enum's slow __call__


@dataclass
class RuleTotal:
    """How often one rule fired, and in how many documents."""

    category: str
    severity: str
    findings: int = 0
    documents: int = 0


@dataclass
class SourceTotal:
    """Totals of the documents of one source."""

    documents: int = 0
    errors: int = 0
    words: int = 0
    findings: int = 0
    severity: Counter = field(default_factory=Counter)
    score_sum: float = 0.0
    scored: int = 0
    verdicts: Counter = field(default_factory=Counter)


class Totals:
    """Accumulates per-rule, per-category and per-source totals one document at a time."""

    def __init__(self) -> None:
        self.rules: dict[str, RuleTotal] = {}
        self.categories: Counter[str] = Counter()
        self.sources: dict[str, SourceTotal] = {}

    def add(self, result: DocumentResult) -> None:
        """Count one document."""
        name = result.source or "."
        src = self.sources.get(name)
        if src is None:
            src = self.sources[name] = SourceTotal()
        src.documents += 1
        if result.error:
            src.errors += 1
            return
        src.words += result.words
        src.findings += len(result.findings)
        src.verdicts[result.verdict] += 1
        if result.score is not None:
            src.score_sum += result.score
            src.scored += 1
        seen = set()
        for f in result.findings:
            src.severity[f.severity.value] += 1
            self.categories[f.category] += 1
            total = self.rules.get(f.rule_id)
            if total is None:
                total = self.rules[f.rule_id] = RuleTotal(f.category, f.severity.value)
            elif f.severity.rank > _RANK[total.severity]:
                total.severity = f.severity.value  # a check may grade findings differently: show the worst
            total.findings += 1
            if f.rule_id not in seen:
                seen.add(f.rule_id)
                total.documents += 1

    def rule_rows(self) -> Iterator[list[Any]]:
        """Return rules.csv rows, most frequent rule first, then by id."""
        for rule_id, t in sorted(self.rules.items(), key=lambda kv: (-kv[1].findings, kv[0])):
            yield [rule_id, t.category, t.severity, t.findings, t.documents]

    def source_rows(self) -> Iterator[list[Any]]:
        """Return sources.csv rows in source order."""
        for name, t in sorted(self.sources.items()):
            mean = f"{t.score_sum / t.scored:.2f}" if t.scored else ""
            yield [
                name,
                t.documents,
                t.errors,
                t.words,
                t.findings,
                *(t.severity.get(s.value, 0) for s in Severity),
                mean,
                *(t.verdicts.get(v, 0) for v in VERDICTS),
            ]
