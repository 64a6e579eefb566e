"""Core types of auditor: small frozen dataclasses with no I/O."""

from __future__ import annotations

import copyreg
import types
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping


def _proxy(items: dict) -> types.MappingProxyType:
    """Rebuild a read-only mapping after pickling."""
    return types.MappingProxyType(items)


# Rules and gazetteer entries keep their parameters in read-only mappings; teach pickle to
# carry them, for workers started by spawning and for the user cache of parsed rule files.
copyreg.pickle(types.MappingProxyType, lambda mp: (_proxy, (dict(mp),)))


class Severity(str, Enum):
    """MQM severity levels, ordered from least to most serious."""

    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Return 0 for minor, 1 for major, 2 for critical."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.MINOR: 0, Severity.MAJOR: 1, Severity.CRITICAL: 2}

# MQM top-level dimensions and the subcategories auditor knows. Custom
# subcategories are rejected so reports stay comparable across rule sets.
CATEGORIES: Mapping[str, frozenset[str]] = {
    "accuracy": frozenset(
        {"mistranslation", "entity", "untranslated", "overly-literal", "omission", "addition"}
    ),
    "fluency": frozenset(
        {
            "grammar",
            "spelling",
            "punctuation",
            "typography",
            "inconsistency",
            "character-encoding",
            "duplication",
            "unintelligible",
        }
    ),
    "locale-convention": frozenset(
        {"date-format", "time-format", "number-format", "quote-marks", "name-format"}
    ),
    "style": frozenset({"awkward", "unidiomatic", "boilerplate", "register"}),
}

# The one finding auditor reports about its own directives: an inline suppression comment
# that silenced nothing (as ruff's RUF100). Not a rule of any file, so never scored.
UNUSED_SUPPRESSION = "auditor.unused-suppression"

# Top-level category names in a fixed order: they are CSV column names.
CATEGORY_DIMENSIONS: tuple[str, ...] = tuple(CATEGORIES)


@dataclass(frozen=True)
class Example:
    """A rule example: text, the spans the rule must flag there, optional expected suggestion."""

    text: str
    spans: tuple[tuple[int, int], ...]
    suggestion: str | None = None


@dataclass(frozen=True)
class Context:
    """Conditions a match must meet before it becomes a finding."""

    mentions: tuple[str, ...] = ()
    near_terms: tuple[str, ...] = ()
    near_words: int | None = None  # None with near_terms means "same sentence"
    unless: tuple[str, ...] = ()  # antipattern regexes


@dataclass(frozen=True)
class Rule:
    """One validated rule: identity, MQM classification, kind-specific params and examples."""

    id: str
    kind: str
    category: str
    severity: Severity
    message: str
    languages: tuple[str, ...]
    params: Mapping[str, Any]
    context: Context = field(default_factory=Context)
    description: str = ""
    link: str = ""
    fix: bool = False  # True only when the rule declares `fix: auto`
    flag_examples: tuple[Example, ...] = ()
    pass_examples: tuple[Example, ...] = ()
    source: str = ""  # "file:line" of the rule's definition

    def applies_to(self, language: str) -> bool:
        """Return True when the rule runs on documents in `language`."""
        return "*" in self.languages or language in self.languages

    @property
    def dimension(self) -> str:
        """Return the MQM top-level dimension, e.g. 'accuracy'."""
        return self.category.split("/", 1)[0]


@dataclass(frozen=True)
class Finding:
    """One problem found in a document, complete when created."""

    rule_id: str
    category: str
    severity: Severity
    message: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    excerpt: str
    suggestions: tuple[str, ...] = ()
    fix: bool = False
    detail: str = ""

    @property
    def suggestion(self) -> str:
        """Return the suggestions joined for one-cell display."""
        return " | ".join(self.suggestions)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON wire form of this finding."""
        return {
            "rule_id": self.rule_id,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
            "detail": self.detail,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "text": self.text,
            "excerpt": self.excerpt,
            "suggestions": list(self.suggestions),
            "fix": self.fix,
        }


@dataclass(frozen=True)
class Score:
    """MQM score of one document: absolute penalty, per-word penalty, 0-100 score, verdict."""

    penalty: float
    words: int
    score: float
    verdict: str


@dataclass(frozen=True)
class DocumentResult:
    """Everything auditor knows about one document after auditing it."""

    path: str
    key: str  # path relative to the scan root, used for report file names
    source: str  # top-level folder below the scan root (a site, for scraped data)
    language: str = ""
    words: int = 0
    findings: tuple[Finding, ...] = ()
    score: float | None = None
    verdict: str = "error"
    penalty: float = 0.0
    encoding: str = ""
    error: str = ""
    notes: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)
    suppressed: int = 0  # findings silenced by inline `auditor: disable` comments

    def to_dict(self) -> dict[str, Any]:
        """Return the per-file JSON record of this result, exactly as the report folder writes it."""
        from auditor.reporters.wire import document_record  # the reporters own the one serialiser

        return document_record(self)

    def count(self, severity: Severity) -> int:
        """Return how many findings have `severity`."""
        return sum(1 for f in self.findings if f.severity is severity)

    def count_dimension(self, dimension: str) -> int:
        """Return how many findings fall in the MQM top-level `dimension`."""
        return sum(1 for f in self.findings if f.category.split("/", 1)[0] == dimension)


@dataclass(frozen=True)
class RunSummary:
    """Totals of one run, as written to run.json and the terminal summary."""

    documents: int
    errors: int
    words: int
    findings: int
    by_severity: Mapping[str, int]
    by_category: Mapping[str, int]
    by_rule: Mapping[str, int]
    by_verdict: Mapping[str, int]
    exit_code: int
    extra: Mapping[str, Any] = field(default_factory=dict)  # e.g. reference metrics totals
    suppressed: int = 0  # findings silenced by inline comments, over all documents
