"""Report text rendered once, without the document's location, then placed at its path.

Workers render each result to the exact bytes of its per-file JSON and CSV rows, minus
the path, key and source, so the main process only joins strings and writes files, and
the cache can keep the rendering for any later run, wherever the same text lies.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from auditor.run.identity import identify_findings
from auditor.model import DocumentResult
from auditor.reporters.csvfmt import csv_writer, finding_rows, safe_cell, summary_row
from auditor.reporters.wire import location_fields, result_fields


class _Echo:
    """A file whose `write` hands the line back: `csv.writer.writerow` returns what `write` returns."""

    def write(self, line: str) -> str:
        return line


# The report CSVs are written with this dialect: a row's text must be the bytes they get.
_ROW = csv_writer(_Echo())
# json.dumps(..., ensure_ascii=False) builds a new encoder on every call.
_JSON = json.JSONEncoder(ensure_ascii=False)


def csv_row(cells: Sequence[Any]) -> str:
    """Return one CSV row as the report files hold it, without its line end."""
    return _ROW.writerow(cells)[:-1]


class _Lines:
    """A file whose `write` is a list's append: `csv.writer.writerows` then runs without a Python call per row."""

    def __init__(self, lines: list[str]) -> None:
        self.write = lines.append


def csv_rows(rows: Iterable[Sequence[Any]]) -> tuple[str, ...]:
    """Return CSV rows as the report files hold them, without line ends: `csv_row` of each, in one C loop."""
    lines: list[str] = []
    # The dialect of `csv_writer`: CRLF row ends, cut here as its stream wrapper cuts them.
    csv.writer(_Lines(lines), lineterminator="\r\n").writerows(rows)
    return tuple([line[:-2] for line in lines])


@dataclass(frozen=True)
class Rendered:
    """A result's report text without its location (path, key and source)."""

    record: str  # per-file JSON after the location fields, up to and including the line end
    summary: str  # summary.csv cells after path and source, no line end
    findings: tuple[str, ...]  # findings.csv cells after path, one string per finding, no line ends


def render(result: DocumentResult) -> Rendered:
    """Render a result's JSON record and CSV rows, leaving out where the document is."""
    identities = identify_findings(result.findings)
    record = _JSON.encode(result_fields(result, identities))
    return Rendered(
        record=record[1:] + "\n",  # the fields after "{": placed after the location fields
        summary=csv_row(summary_row(result)[2:]),
        findings=csv_rows([row[1:] for row in finding_rows(result, identities)]),
    )


@dataclass(frozen=True)
class Placed:
    """A rendered result placed at its document's path: the exact text of its report lines."""

    record: str  # the per-file JSON
    summary: str  # the summary.csv line
    findings: str  # the findings.csv lines


def place(rendered: Rendered, path: str, key: str, source: str, tails: Sequence[str] = (), run: str = "") -> Placed:
    """Put the location back into a rendering; the same bytes as rendering the placed result.

    `tails` holds each finding's cells after source (`finding_tail`, as one CSV text each),
    `run` the run_id and run_started cells: both end every CSV line when given.
    """
    head = _JSON.encode(location_fields(path, key, source))
    after = f",{run}" if run else ""
    location = csv_row([safe_cell(path), safe_cell(source)])
    findings = ""
    if rendered.findings:
        path_cell = csv_row([safe_cell(path), ""])[:-1]  # a lone empty cell would be quoted: add one
        if tails:
            source_cell = csv_row([safe_cell(source), ""])[:-1]
            findings = "".join([f"{path_cell},{row},{source_cell},{tail}{after}\n" for row, tail in zip(rendered.findings, tails)])
        else:
            findings = "".join([f"{path_cell},{row}\n" for row in rendered.findings])
    return Placed(f"{head[:-1]}, {rendered.record}", f"{location},{rendered.summary}{after}\n", findings)
