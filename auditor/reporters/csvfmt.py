"""CSV rows for spreadsheets: stable documented columns and formula-injection-safe cells."""

from __future__ import annotations

import csv
import re
from typing import Any, Iterator, Sequence, TextIO

from auditor.run.identity import Identity, identify_findings
from auditor.model import CATEGORY_DIMENSIONS, DocumentResult, Severity

# Column lists are part of the public interface (README, "CSV columns"): append only.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "path",
    "source",
    "language",
    "encoding",
    "words",
    "findings",
    *(s.value for s in Severity),
    *CATEGORY_DIMENSIONS,
    "penalty",
    "score",
    "verdict",
    "error",
    # Reference metrics (--refs): empty when the document has no reference.
    "bleu",
    "chrf",
    "ter",
    "suppressed",  # findings silenced by inline comments (appended: columns never move)
)
FINDING_COLUMNS: tuple[str, ...] = (
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "rule_id",
    "category",
    "severity",
    "text",
    "suggestion",
    "message",
    "detail",
    "excerpt",
    "fingerprint",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A formula start right after a line break inside a cell: some importers split cells there.
_FORMULA_AFTER_BREAK = re.compile(r"(?<=[\r\n])(?=[=+\-@\t])")


def safe_cell(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula: an apostrophe before the cell and after each line break."""
    if not isinstance(value, str):
        return value
    if "\r" in value or "\n" in value:
        value = _FORMULA_AFTER_BREAK.sub("'", value)
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


class _LfLines:
    """A stream wrapper that turns the writer's CRLF row ends into LF.

    csv's QUOTE_MINIMAL quotes a field only for the characters of its own line
    terminator: with "\n" a bare CR stays unquoted and a reader starts a new row there.
    Writing with "\r\n" quotes every field holding CR or LF; the row end is then put back to "\n".
    """

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, row: str) -> Any:
        return self.stream.write(row[:-2] + "\n")


def csv_writer(stream: TextIO | Any) -> Any:
    """Return the csv writer of every report CSV: LF row ends, and any field holding CR or LF quoted."""
    return csv.writer(_LfLines(stream), lineterminator="\r\n")


def summary_row(result: DocumentResult) -> list[Any]:
    """Return one summary.csv row for a document."""
    values = {
        "path": result.path,
        "source": result.source,
        "language": result.language,
        "encoding": result.encoding,
        "words": result.words if not result.error else "",
        "findings": len(result.findings) if not result.error else "",
        **{s.value: (result.count(s) if not result.error else "") for s in Severity},
        **{d: (result.count_dimension(d) if not result.error else "") for d in CATEGORY_DIMENSIONS},
        "penalty": f"{result.penalty:g}" if not result.error else "",
        "score": f"{result.score:.2f}" if result.score is not None else "",
        "verdict": result.verdict,
        "error": result.error,
        **_metric_cells(result),
        "suppressed": result.suppressed if not result.error else "",
    }
    return [safe_cell(values[c]) for c in SUMMARY_COLUMNS]


def _metric_cells(result: DocumentResult) -> dict[str, str]:
    """BLEU, chrF++ and TER of a document with a reference, formatted as sacrebleu prints them."""
    ref = result.extra.get("reference", {}) if result.extra else {}
    return {name: (f"{ref[name]:.2f}" if name in ref else "") for name in ("bleu", "chrf", "ter")}


def finding_rows(result: DocumentResult, identities: Sequence[Identity] | None = None) -> Iterator[list[Any]]:
    """Return the findings.csv rows of a document."""
    if identities is None:
        identities = identify_findings(result.findings)
    for f, ident in zip(result.findings, identities):
        values = {
            "path": result.path,
            "line": f.line,
            "column": f.column,
            "end_line": f.end_line,
            "end_column": f.end_column,
            "rule_id": f.rule_id,
            "category": f.category,
            "severity": f.severity.value,
            "text": f.text,
            "suggestion": f.suggestion,
            "message": f.message,
            "detail": f.detail,
            "excerpt": f.excerpt,
            "fingerprint": ident.fingerprint,
        }
        yield [safe_cell(values[c]) for c in FINDING_COLUMNS]
