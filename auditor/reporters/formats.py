"""Machine formats for pipelines and CI: jsonl, csv, sarif (2.1.0) and github annotations."""

from __future__ import annotations

import json
import os
import sys
from pathlib import PurePosixPath
from typing import Any, TextIO
from urllib.parse import quote

from auditor import __version__
from auditor.run.identity import identify_findings
from auditor.model import DocumentResult, Finding, Rule, RunSummary, Severity
from auditor.reporters.base import Reporter, RunInfo, register, write_json
from auditor.reporters.csvfmt import FINDING_COLUMNS, RUN_COLUMNS, csv_writer, full_finding_rows, run_cells
from auditor.reporters.stepsummary import STEP_SUMMARY_ENV, WORST, step_summary
from auditor.reporters.wire import document_record, with_kept

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "auditorIdentity/v1"


def level(severity: Severity) -> str:
    """Map MQM severity to a SARIF / GitHub level: critical and major are errors."""
    return "warning" if severity is Severity.MINOR else "error"


@register("jsonl")
class JsonLinesReporter(Reporter):
    """One JSON document record per line, streamed as documents finish."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(stream or sys.stdout)

    def start(self, run: RunInfo) -> None:
        """Collect the run's --keep-field values, if any."""
        self.keep(run)

    def document(self, result: DocumentResult, text: str | None) -> None:
        """Write the document's record on one line, with its --keep-field values when the run keeps some."""
        record = with_kept(document_record(result), self.kept_values(result.key))
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")


@register("csv")
class CsvReporter(Reporter):
    """findings.csv on stdout: the same columns and formula-safe cells as the report folder."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(stream or sys.stdout)
        self._writer = csv_writer(self.stream)
        self._run: list[str] = []

    def start(self, run: RunInfo) -> None:
        """Write the header."""
        self._run = run_cells(run.run_id, run.started)
        self._writer.writerow((*FINDING_COLUMNS, *RUN_COLUMNS))

    def document(self, result: DocumentResult, text: str | None) -> None:
        """Write one row per finding."""
        self._writer.writerows(full_finding_rows(result, self._run))


def sentence(text: str) -> str:
    """`text` ended by a full stop unless it ends a sentence already (SARIF2001: messages are complete sentences)."""
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?", "…")) else text + "."


def sarif_message(f: Finding) -> str:
    """A result's message.text: the rule's message, the detail and the suggestion, each a sentence."""
    parts = [sentence(f.message)]
    if f.detail:
        parts.append(sentence(f.detail[0].upper() + f.detail[1:]))
    if f.suggestions:
        parts.append(sentence(f"Suggestion: {f.suggestion}"))
    return " ".join(parts)


def artifact_uri(path: str) -> str:
    """Return a SARIF artifact URI: relative paths stay relative, with / separators."""
    posix = path.replace("\\", "/")
    if PurePosixPath(posix).is_absolute():
        return "file://" + quote(posix)
    return quote(posix)


@register("sarif")
class SarifReporter(Reporter):
    """A SARIF 2.1.0 log with one run; columns count Unicode code points, as auditor's do."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(stream or sys.stdout)
        self._rules: dict[str, int] = {}
        self._descriptors: list[dict[str, Any]] = []
        self._results: list[dict[str, Any]] = []
        self._notifications: list[dict[str, Any]] = []
        self._run: RunInfo | None = None
        self._rule_docs: dict[str, Rule] = {}

    def start(self, run: RunInfo) -> None:
        """Remember the run signature and the rules, whose descriptions go into tool.driver.rules."""
        self._run = run
        self._rule_docs = {rule.id: rule for rule in run.rules}

    def _rule_of(self, rule_id: str) -> Rule | None:
        """The rule a finding came from: its id, or the longest prefix (fr.entity.known.isaxon comes from fr.entity.known)."""
        parts = rule_id.split(".")
        for n in range(len(parts), 0, -1):
            rule = self._rule_docs.get(".".join(parts[:n]))
            if rule is not None:
                return rule
        return None

    def _descriptor(self, f: Finding) -> dict[str, Any]:
        """tool.driver.rules entry: GitHub's ingestion wants a full description and help for each rule."""
        rule = self._rule_of(f.rule_id)
        description = " ".join((rule.description if rule and rule.description else f.message).split())
        help_text = f"{f.message} MQM category {f.category}, severity {f.severity.value}. Explained by `auditor rules show {f.rule_id}`; turned off by `--disable {f.rule_id}`."
        descriptor: dict[str, Any] = {
            "id": f.rule_id,
            "shortDescription": {"text": f.message},
            "fullDescription": {"text": description},
            "help": {"text": help_text, "markdown": help_text},
            "defaultConfiguration": {"level": level(f.severity)},
            "properties": {"category": f.category, "severity": f.severity.value, "tags": [f.category]},
        }
        if rule is not None and rule.link.startswith(("http://", "https://")):
            descriptor["helpUri"] = rule.link
        return descriptor

    def _rule_index(self, f: Finding) -> int:
        """Return the index of the finding's rule in tool.driver.rules, adding it when new."""
        index = self._rules.get(f.rule_id)
        if index is None:
            index = self._rules[f.rule_id] = len(self._descriptors)
            self._descriptors.append(self._descriptor(f))
        return index

    def document(self, result: DocumentResult, text: str | None) -> None:
        """Add one SARIF result per finding, or a notification for an unreadable input."""
        uri = artifact_uri(result.path)
        if result.error:
            self._notifications.append(
                {
                    "level": "error",
                    "message": {"text": result.error},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
                }
            )
            return
        for f, ident in zip(result.findings, identify_findings(result.findings)):
            message = sarif_message(f)
            record: dict[str, Any] = {
                "ruleId": f.rule_id,
                "ruleIndex": self._rule_index(f),
                "level": level(f.severity),
                "message": {"text": message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri},
                            "region": {
                                "startLine": f.line,
                                "startColumn": f.column,
                                "endLine": f.end_line,
                                "endColumn": f.end_column,
                                "charOffset": f.start,
                                "charLength": f.end - f.start,
                                "snippet": {"text": f.text},
                            },
                        }
                    }
                ],
                "partialFingerprints": {FINGERPRINT_KEY: ident.fingerprint},
                "properties": {"severity": f.severity.value, "category": f.category, "suggestions": list(f.suggestions)},
            }
            if f.fix:
                record["fixes"] = [
                    {
                        "description": {"text": f"Replace with {f.suggestions[0]!r}"},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": uri},
                                "replacements": [
                                    {
                                        "deletedRegion": {"charOffset": f.start, "charLength": f.end - f.start},
                                        "insertedContent": {"text": f.suggestions[0]},
                                    }
                                ],
                            }
                        ],
                    }
                ]
            self._results.append(record)

    def finish(self, summary: RunSummary) -> None:
        """Write the whole log."""
        signature = dict(self._run.signature) if self._run else {}
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "auditor",
                            "version": __version__,
                            "semanticVersion": __version__,
                            "rules": self._descriptors,
                        }
                    },
                    "invocations": [
                        {
                            "executionSuccessful": summary.errors == 0,
                            "exitCode": summary.exit_code,
                            "toolExecutionNotifications": self._notifications,
                        }
                    ],
                    "columnKind": "unicodeCodePoints",
                    "results": self._results,
                    "properties": {"signature": signature},
                }
            ],
        }
        write_json(self.stream, log)


def escape_data(value: str) -> str:
    """Escape a workflow-command message: %, CR and LF."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow-command property value: also ':' and ','."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(kind: str, message: str, **props: Any) -> str:
    """Format one `::kind prop=value,...::message` workflow command; None properties are left out."""
    fields = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{kind} {fields}::{escape_data(message)}" if fields else f"::{kind}::{escape_data(message)}"


def github_line(path: str, f: Finding) -> str:
    """Return the annotation of one finding.

    GitHub only accepts col/endColumn on one-line annotations, and its endColumn is the
    last annotated column, while auditor's end column is the one after the match.
    """
    one_line = f.end_line == f.line
    message = f.message + (f" (→ {f.suggestion})" if f.suggestions else "")
    return annotation(
        level(f.severity),
        message,
        file=path,
        line=f.line,
        col=f.column if one_line else None,
        endLine=f.end_line,
        endColumn=max(f.column, f.end_column - 1) if one_line else None,
        title=f"{f.severity.value} [{f.rule_id}]",
    )


@register("github")
class GithubReporter(Reporter):
    """GitHub Actions annotations: critical and major as ::error, minor as ::warning.

    With $GITHUB_STEP_SUMMARY set, the run's totals are appended to that file as Markdown:
    GitHub shows only the first ten annotations of each level of a step.
    """

    def __init__(self, stream: TextIO | None = None, summary_path: str | None = None) -> None:
        # Only the annotations on stdout (the step's log) write the summary, not a copy in the run folder.
        on_stdout = stream is None or stream is sys.stdout
        super().__init__(stream or sys.stdout)
        if summary_path is None:
            summary_path = os.environ.get(STEP_SUMMARY_ENV, "") if on_stdout else ""
        self.summary_path = summary_path
        self._worst: list[tuple[float, str, str, int]] = []

    def document(self, result: DocumentResult, text: str | None) -> None:
        """Print one annotation per finding, or an ::error for an unreadable input."""
        if result.error:
            print(annotation("error", result.error, file=result.path, title="unreadable input"), file=self.stream)
            return
        for f in result.findings:
            print(github_line(result.path, f), file=self.stream)
        if self.summary_path and result.score is not None:
            self._worst.append((result.score, result.path, result.verdict, len(result.findings)))
            self._worst.sort()
            del self._worst[WORST:]

    def finish(self, summary: RunSummary) -> None:
        """Append the Markdown summary to $GITHUB_STEP_SUMMARY, when set; a failure to write is a warning."""
        if not self.summary_path:
            return
        try:
            with open(self.summary_path, "a", encoding="utf-8") as out:
                out.write(step_summary(summary, self._worst))
        except OSError as exc:
            print(f"auditor: warning: cannot append the summary to ${STEP_SUMMARY_ENV} ({self.summary_path}): {exc.strerror or exc}", file=sys.stderr)
