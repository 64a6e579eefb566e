"""Report text rendered once, without the document's location, then placed at its path.

Workers render each result to the exact bytes of its per-file JSON and CSV rows, minus
the path, key and source, so the main process only joins strings and writes files, and
the cache can keep the rendering for any later run, wherever the same text lies.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from auditor.run.identity import identify_findings
from auditor.model import DocumentResult, Finding
from auditor.reporters.csvfmt import csv_writer, finding_rows, safe_cell, summary_row
from auditor.reporters.wire import finding_counts, location_fields, result_fields


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


def csv_rows(rows: Iterable[Sequence[Any]]) -> tuple[str, ...]:
    """Return CSV rows as the report files hold them, without line ends: `csv_row` of each (findings' long rows)."""
    return tuple([line if (line := _quoted_row(row)) is not None else _ROW.writerow(row)[:-1] for row in rows])


def _quoted_row(cells: Sequence[Any]) -> str | None:
    """The row as csv writes it in the report dialect, quoted cell by cell here; None when csv must convert a cell.

    csv's writer looks up every character of every cell in the row end (about 170 machine
    instructions a character): a finding's row, with its message and excerpt, cost more
    than its JSON record. Here a cell is quoted, its quotes doubled, when it holds a comma,
    a quote, CR or LF (QUOTE_MINIMAL with CRLF row ends), found by one regex scan at C
    speed. Rows with a cell of another type than str and int, a NUL, or a single cell go through csv.
    Short rows are cheaper in csv: this serves rows of long text.
    """
    if len(cells) < 2:  # a lone empty cell is written quoted
        return None
    out = []
    for c in cells:
        kind = c.__class__
        if kind is str:
            out.append(f'"{c.replace(chr(34), chr(34) * 2)}"' if _NEEDS_QUOTES(c) else c)
        elif kind is int:
            out.append(str(c))
        else:  # None, float, bool, a str subclass: csv converts it
            return None
    line = ",".join(out)
    return None if "\x00" in line else line


_NEEDS_QUOTES = re.compile('[,"\r\n]').search


@dataclass(frozen=True)
class Rendered:
    """A result's report text without its location (path, key and source)."""

    record: str  # per-file JSON after the location fields, up to and including the line end
    summary: str  # summary.csv cells after path and source, no line end
    findings: tuple[str, ...]  # findings.csv cells after path, one string per finding, no line ends


def render(result: DocumentResult) -> Rendered:
    """Render a result's JSON record and CSV rows, leaving out where the document is."""
    identities = identify_findings(result.findings)
    counts = finding_counts(result)  # for the JSON record and the summary row alike
    return Rendered(
        record=_record_body(result_fields(result, identities, counts), result.findings),
        summary=csv_row(summary_row(result, counts)[2:]),
        findings=csv_rows([row[1:] for row in finding_rows(result, identities)]),
    )


# Characters of findings' text and excerpts from which a record is encoded one finding at a time.
LARGE_RECORD = 1 << 20
_NO_FINDINGS = '"findings": []'


def _record_body(fields: dict[str, Any], findings: Sequence[Finding]) -> str:
    """The record's JSON after its "{" (placed after the location fields), with its line end.

    Cutting the "{" and adding the line end copy the whole text twice. A finding that quotes
    a whole page makes that text tens of MB (two bytes a character as soon as any text is
    outside Latin-1): such a record is encoded one finding at a time and joined once.
    """
    if sum([len(f.text) + len(f.excerpt) for f in findings]) < LARGE_RECORD:
        return _JSON.encode(fields)[1:] + "\n"
    # Quotes inside strings are escaped: the first '"findings": []' is the record's own key.
    outline = _JSON.encode({**fields, "findings": []})
    at = outline.index(_NO_FINDINGS) + len(_NO_FINDINGS) - 1
    pieces = [outline[1:at]]
    for i, finding in enumerate(fields["findings"]):
        if i:
            pieces.append(", ")
        pieces.append(_JSON.encode(finding))
    pieces += [outline[at:], "\n"]
    return "".join(pieces)


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
    summary, findings = place_rows(rendered, path, source, tails, run)
    return Placed(record_head(path, key, source) + rendered.record, summary, findings)


def record_head(path: str, key: str, source: str) -> str:
    """The per-file JSON's location fields, up to the rendered record (`Rendered.record`)."""
    return _JSON.encode(location_fields(path, key, source))[:-1] + ", "


def place_rows(rendered: Rendered, path: str, source: str, tails: Sequence[str] = (), run: str = "") -> tuple[str, str]:
    """The summary.csv line and the findings.csv lines of a rendering placed at `path` (see `place`)."""
    after = f",{run}" if run else ""
    # csv quotes each cell on its own, so a row's text is its cells' texts joined by commas.
    path_cell = _cell(path)
    source_cell = _source_cell(source)
    findings = ""
    if rendered.findings:
        if tails:
            findings = "".join([f"{path_cell},{row},{source_cell},{tail}{after}\n" for row, tail in zip(rendered.findings, tails)])
        else:
            findings = "".join([f"{path_cell},{row}\n" for row in rendered.findings])
    return f"{path_cell},{source_cell},{rendered.summary}{after}\n", findings


def _cell(value: str) -> str:
    """One formula-safe CSV cell as a row holds it."""
    return csv_row([safe_cell(value), ""])[:-1]  # a lone empty cell would be quoted: add one, cut it off


# Sources are the top folders of a batch: a few names shared by thousands of documents.
_source_cell = functools.lru_cache(maxsize=256)(_cell)
