"""Terminal output: one grep-friendly line per finding, then a short summary."""

from __future__ import annotations

import sys
from typing import TextIO

from auditor.model import DocumentResult, Finding, RunSummary
from auditor.reporters.base import Reporter, RunInfo, register, write_json
from auditor.reporters.escape import terminal_safe
from auditor.reporters.wire import document_record, summary_record, with_kept


def finding_line(path: str, f: Finding) -> str:
    """Format `path:line:col: severity [rule-id] message (→ suggestion)`, control characters escaped."""
    detail = f" — {f.detail}" if f.detail else ""
    suggestion = f" (→ {f.suggestion})" if f.suggestions else ""
    return terminal_safe(f"{path}:{f.line}:{f.column}: {f.severity.value} [{f.rule_id}] {f.message}{detail}{suggestion}")


@register("text")
class TextReporter(Reporter):
    """Lines for people and grep; the summary lists the worst documents."""

    WORST = 5

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(stream or sys.stdout)
        self._worst: list[tuple[float, str, str]] = []

    def document(self, result: DocumentResult, text: str | None) -> None:
        """Print the document's findings, or its error."""
        out = self.stream
        if result.error:
            print(terminal_safe(f"{result.path}: error: {result.error}"), file=out)
            return
        lines = [finding_line(result.path, f) for f in result.findings]
        lines += [terminal_safe(f"{result.path}: note: {note}") for note in result.notes]
        if lines:  # one write per document: print() per line costs two
            out.write("\n".join(lines) + "\n")
        if result.score is not None:
            self._worst.append((result.score, result.path, result.verdict))
            self._worst.sort()
            del self._worst[self.WORST :]

    def finish(self, summary: RunSummary) -> None:
        """Print totals, verdict counts and the lowest-scoring documents."""
        out = self.stream
        sev = summary.by_severity
        print("", file=out)
        print(
            f"{summary.documents} documents, {summary.words} words: {summary.findings} findings "
            f"({sev.get('critical', 0)} critical, {sev.get('major', 0)} major, {sev.get('minor', 0)} minor)",
            file=out,
        )
        verdicts = ", ".join(f"{n} {v}" for v, n in summary.by_verdict.items() if v != "error")
        print(f"verdicts: {verdicts or 'none'}; unreadable: {summary.errors}", file=out)
        if summary.suppressed:
            print(f"suppressed by inline comments: {summary.suppressed}", file=out)
        if self._worst:
            print("lowest scores:", file=out)
            for value, path, verdict in self._worst:
                print(f"  {value:6.2f}  {verdict:<6}  {terminal_safe(path)}", file=out)


@register("json")
class JsonReporter(Reporter):
    """One JSON document on stdout with every document record and the totals."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(stream or sys.stdout)
        self._docs: list[dict] = []
        self._run: RunInfo | None = None

    def start(self, run: RunInfo) -> None:
        """Remember the run signature for the output."""
        self._run = run
        self.keep(run)

    def document(self, result: DocumentResult, text: str | None) -> None:
        """Collect the document record, with its --keep-field values when the run keeps some."""
        self._docs.append(with_kept(document_record(result), self.kept_values(result.key)))

    def finish(self, summary: RunSummary) -> None:
        """Print everything as one JSON object."""
        from auditor import SCHEMA_VERSION

        record = {
            "schema_version": SCHEMA_VERSION,
            "signature": dict(self._run.signature) if self._run else {},
            "documents": self._docs,
            "totals": summary_record(summary),
        }
        write_json(self.stream, record)
