"""The audit pipeline as plain functions: read -> audit -> score -> report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Sequence

from auditor.discover import Source
from auditor.document import Document
from auditor.model import DocumentResult, RunSummary, Severity
from auditor.reading import DEFAULT_MAX_BYTES, read_file
from auditor.reporters.base import Reporter
from auditor.scanner import Engine, audit
from auditor.scoring import ScoringConfig, score

EXIT_OK, EXIT_THRESHOLD, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3
FAIL_ON = ("critical", "major", "minor", "never")


@dataclass(frozen=True)
class Options:
    """Settings of a run that shape every document's result."""

    language: str = "auto"  # a language code, or "auto" to detect per document
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    max_bytes: int = DEFAULT_MAX_BYTES
    fail_on: str = "critical"


def resolve_language(text: str, declared: str) -> str:
    """Return the declared language, or the detected one when `declared` is 'auto'."""
    if declared != "auto":
        return declared
    from auditor.language import detect_language  # lazy: loading profiles costs start-up time

    lang, _prob = detect_language(text)
    return lang


def audit_text(text: str, engine: Engine, options: Options, path: str = "<text>", key: str = "", source: str = ".") -> DocumentResult:
    """Audit one decoded text and score it. Pure: no I/O."""
    language = resolve_language(text, options.language)
    doc = Document(text, path=path, language=language)
    outcome = audit(doc, engine.for_language(language))
    sc = score(outcome.findings, doc.word_count, options.scoring)
    return DocumentResult(
        path=path,
        key=key or path,
        source=source,
        language=language,
        words=doc.word_count,
        findings=outcome.findings,
        score=sc.score,
        verdict=sc.verdict,
        penalty=sc.penalty,
        notes=outcome.notes,
    )


def error_result(src: Source, error: str, encoding: str = "") -> DocumentResult:
    """A report row for a document that could not be audited."""
    return DocumentResult(path=src.display, key=src.key, source=src.source, error=error, encoding=encoding)


def audit_source(src: Source, engine: Engine, options: Options) -> tuple[DocumentResult, str | None]:
    """Read, decode and audit one source; any failure becomes an error row, never an exception."""
    if src.error:
        return error_result(src, src.error), None
    decoded = read_file(src.path, options.max_bytes)
    if decoded.error:
        return error_result(src, decoded.error, decoded.encoding), None
    try:
        result = audit_text(decoded.text, engine, options, src.display, src.key, src.source)
    except Exception as exc:  # a detector bug must not stop a batch: record it, go on
        return error_result(src, f"internal error while auditing: {type(exc).__name__}: {exc}", decoded.encoding), None
    notes = result.notes
    if decoded.encoding not in ("utf-8", "utf-8-sig"):
        notes = (*notes, f"decoded as {decoded.encoding}")
    return replace(result, encoding=decoded.encoding, notes=notes), decoded.text


class Totals:
    """Running totals over the results of a run, kept in constant memory."""

    def __init__(self) -> None:
        self.documents = 0
        self.errors = 0
        self.words = 0
        self.findings = 0
        self.by_severity: Counter[str] = Counter()
        self.by_category: Counter[str] = Counter()
        self.by_rule: Counter[str] = Counter()
        self.by_verdict: Counter[str] = Counter()

    def add(self, result: DocumentResult) -> None:
        """Count one document."""
        self.documents += 1
        self.by_verdict[result.verdict] += 1
        if result.error:
            self.errors += 1
            return
        self.words += result.words
        self.findings += len(result.findings)
        for f in result.findings:
            self.by_severity[f.severity.value] += 1
            self.by_category[f.category] += 1
            self.by_rule[f.rule_id] += 1

    def summary(self, fail_on: str) -> RunSummary:
        """Freeze the totals into a `RunSummary` with the exit code the run deserves."""
        return RunSummary(
            documents=self.documents,
            errors=self.errors,
            words=self.words,
            findings=self.findings,
            by_severity={s.value: self.by_severity.get(s.value, 0) for s in Severity},
            by_category=dict(sorted(self.by_category.items())),
            by_rule=dict(sorted(self.by_rule.items())),
            by_verdict=dict(sorted(self.by_verdict.items())),
            exit_code=self.exit_code(fail_on),
        )

    def exit_code(self, fail_on: str) -> int:
        """3 when inputs failed, else 1 when a finding reaches `fail_on`, else 0."""
        if self.errors:
            return EXIT_INPUT
        if fail_on != "never":
            level = Severity(fail_on).rank
            if any(self.by_severity.get(s.value, 0) for s in Severity if s.rank >= level):
                return EXIT_THRESHOLD
        return EXIT_OK


def run(
    sources: Iterable[Source],
    engine: Engine,
    options: Options,
    reporters: Sequence[Reporter],
    on_result: Callable[[DocumentResult], None] | None = None,
) -> RunSummary:
    """Audit every source in order and stream each result to every reporter."""
    totals = Totals()
    for src in sources:
        result, text = audit_source(src, engine, options)
        totals.add(result)
        for reporter in reporters:
            reporter.document(result, text)
        if on_result is not None:
            on_result(result)
    summary = totals.summary(options.fail_on)
    for reporter in reporters:
        reporter.finish(summary)
    return summary
