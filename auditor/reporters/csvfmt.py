"""CSV rows for spreadsheets: stable documented columns and formula-injection-safe cells."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from typing import Any, Iterator, Sequence, TextIO

from auditor.run.identity import Identity, identify_findings
from auditor.model import CATEGORY_DIMENSIONS, DocumentResult, Severity
from auditor.reporters.wire import finding_counts

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
    # Appended (columns never move): group findings by site, language or verdict without a lookup.
    "source",
    "language",
    "verdict",
    "score",
    "fix",  # yes: the rule's suggestion is a safe fix (`fix: auto`, applied by `check --write`)
)
# Appended to every CSV of a run, after its own columns, so that nightly files can be stacked.
RUN_COLUMNS: tuple[str, ...] = ("run_id", "run_started")
# Columns holding decimals: written with the dialect's decimal separator.
DECIMAL_COLUMNS = frozenset({"penalty", "score", "bleu", "chrf", "ter", "mean_score"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A formula start right after a line break inside a cell: some importers split cells there.
_FORMULA_AFTER_BREAK = re.compile(r"(?<=[\r\n])(?=[=+\-@\t])")
# What a cell of Excel or LibreOffice holds, in UTF-16 code units (a character outside the
# Basic Multilingual Plane, an emoji, counts two): a longer CSV cell is cut or spills into the next rows.
CELL_LIMIT = 32_767


def safe_cell(value: Any) -> Any:
    """Make text a spreadsheet cell: an apostrophe before a formula (and after each line break), cut to `CELL_LIMIT`."""
    if not isinstance(value, str):
        return value
    if "\r" in value or "\n" in value:
        value = _FORMULA_AFTER_BREAK.sub("'", value)
    if value.startswith(_FORMULA_START):
        value = "'" + value
    return fit_cell(value) if len(value) > CELL_LIMIT // 2 else value


def _units(value: str) -> int:
    """`value`'s length in UTF-16 code units, as a spreadsheet counts it."""
    return len(value) if value.isascii() else len(value.encode("utf-16-le", "surrogatepass")) // 2


def _fitting(value: str, budget: int) -> int:
    """The most leading characters of `value` that take at most `budget` UTF-16 code units."""
    keep = min(len(value), budget)
    while (over := _units(value[:keep]) - budget) > 0:
        keep -= (over + 1) // 2  # each character over counts at most two units: never cut below the best
    return keep


def fit_cell(value: str) -> str:
    """`value` cut to `CELL_LIMIT` UTF-16 units (exactly, unless an emoji straddles the cut), the last saying how many characters were cut: "… [cut: 9,967,262 characters]"."""
    if len(value) <= CELL_LIMIT // 2 or (len(value) <= CELL_LIMIT and _units(value) <= CELL_LIMIT):
        return value
    cut = len(value) - CELL_LIMIT
    while True:  # the marker's length depends on the count it gives: at most a few rounds
        marker = f"… [cut: {cut:,} characters]"  # one unit a character
        keep = _fitting(value, CELL_LIMIT - len(marker))
        if len(value) - keep == cut:
            return value[:keep] + marker
        cut = len(value) - keep


# Cells joined after NUL: a formula start right after one is a cell `safe_cell` might change (as is
# one holding a line break). A literal first character keeps the scan at C speed, where an
# alternation with ^ costs a regex match attempt per character. NUL inside a cell can send
# a row through `safe_cell` for nothing, never let a cell through.
_FORMULA_AFTER_NUL = re.compile("\x00[=+\\-@\t]")


def safe_rows(rows: list[list[Any]]) -> list[list[Any]]:
    """`safe_cell` of every cell of `rows`: one scan of all their text when, as nearly always, no cell needs it."""
    cells = [cell for row in rows for cell in row if isinstance(cell, str)]
    if all(_safe_cells(part) for part in _parts(cells)) and not _too_long(cells):
        return rows
    return [[safe_cell(cell) for cell in row] for row in rows]


def _safe_cells(cells: list[str]) -> bool:
    """True when no cell of `cells` holds a line break or starts a formula (one scan of their text)."""
    text = "\x00".join(["", *cells])
    return "\r" not in text and "\n" not in text and _FORMULA_AFTER_NUL.search(text) is None


def _too_long(cells: list[str]) -> bool:
    """True when a cell of `cells` may exceed `CELL_LIMIT` units (their total is the cheap first test)."""
    return sum(map(len, cells)) > CELL_LIMIT // 2 and max(map(len, cells)) > CELL_LIMIT // 2


_SCANNED_CHARS = 1 << 20  # characters of cells `safe_rows` joins at a time


def _parts(cells: list[str]) -> Iterator[list[str]]:
    """`cells` in runs of about _SCANNED_CHARS characters: joined whole, a page-long cell (a finding
    over a whole document) took all the others' width (four bytes a character for one emoji)."""
    if sum(map(len, cells)) <= _SCANNED_CHARS:
        yield cells
        return
    part: list[str] = []
    size = 0
    for cell in cells:
        if part and size + len(cell) > _SCANNED_CHARS:
            yield part
            part, size = [], 0
        part.append(cell)
        size += len(cell)
    yield part


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


class ExcelFr(csv.excel):
    """The csv dialect of `--csv-dialect excel-fr`: what a French spreadsheet opens by default."""

    delimiter = ";"
    lineterminator = "\r\n"


@dataclass(frozen=True)
class CsvDialect:
    """How report CSVs are written: cell separator, decimal separator, byte order mark."""

    name: str
    delimiter: str = ","
    decimal: str = "."
    bom: bool = False

    @property
    def encoding(self) -> str:
        """The file encoding: UTF-8, with a BOM where spreadsheets need one to detect it."""
        return "utf-8-sig" if self.bom else "utf-8"

    def localise(self, columns: Sequence[str], row: Sequence[Any]) -> list[Any]:
        """Return the row with the decimal columns written with this dialect's decimal separator."""
        row = list(row)
        if self.decimal == ".":
            return row
        for i, name in enumerate(columns[: len(row)]):
            if name in DECIMAL_COLUMNS and isinstance(row[i], str):
                row[i] = row[i].replace(".", self.decimal)
        return row


# RFC 4180 (the default), the same with a BOM (`--excel`), and French spreadsheets.
DIALECTS: dict[str, CsvDialect] = {
    d.name: d
    for d in (
        CsvDialect("rfc4180"),
        CsvDialect("excel", bom=True),
        CsvDialect("excel-fr", delimiter=";", decimal=",", bom=True),
    )
}
DEFAULT_DIALECT = DIALECTS["rfc4180"]


def csv_writer(stream: TextIO | Any, dialect: CsvDialect = DEFAULT_DIALECT) -> Any:
    """Return the csv writer of every report CSV: LF row ends, and any field holding CR or LF quoted."""
    return csv.writer(_LfLines(stream), delimiter=dialect.delimiter, lineterminator="\r\n")


def run_cells(run_id: str, started: str) -> list[Any]:
    """The run_id and run_started cells of every row of a run."""
    return [safe_cell(run_id), safe_cell(started)]


def _tail_common(result: DocumentResult) -> list[Any]:
    """The document's cells of each findings.csv row: language, verdict, score."""
    return [safe_cell(result.language), result.verdict, f"{result.score:.2f}" if result.score is not None else ""]


def finding_tail(result: DocumentResult) -> list[list[Any]]:
    """The appended findings.csv cells after fingerprint and source, one list per finding."""
    common = _tail_common(result)
    return [[*common, "yes" if f.fix else "no"] for f in result.findings]


def finding_tail_text(result: DocumentResult, row: Any) -> list[str]:
    """`finding_tail` as CSV text, one string per finding; `row` turns cells into one CSV line (no line end)."""
    if not result.findings:
        return []
    common = row(_tail_common(result))  # the same for every finding: written once
    return [f"{common},yes" if f.fix else f"{common},no" for f in result.findings]


def summary_row(result: DocumentResult, counts: tuple[dict[str, int], dict[str, int]] | None = None) -> list[Any]:
    """Return one summary.csv row for a document; `counts` is its `finding_counts` when the caller has them."""
    if result.error:
        words: Any = ""
        found: Any = ""
        count_cells: list[Any] = _BLANK_COUNTS
        penalty = suppressed = ""
    else:
        words, found, penalty, suppressed = result.words, len(result.findings), f"{result.penalty:g}", result.suppressed
        severities, dimensions = counts or finding_counts(result)
        count_cells = [*severities.values(), *dimensions.values()]
    score = f"{result.score:.2f}" if result.score is not None else ""
    # In the order of SUMMARY_COLUMNS (checked below).
    row = [result.path, result.source, result.language, result.encoding, words, found, *count_cells, penalty, score, result.verdict, result.error, *_metric_cells(result), suppressed]
    return safe_rows([row])[0]


_BLANK_COUNTS: list[Any] = [""] * (len(Severity) + len(CATEGORY_DIMENSIONS))
_SUMMARY_ORDER = ("path", "source", "language", "encoding", "words", "findings", *(s.value for s in Severity), *CATEGORY_DIMENSIONS, "penalty", "score", "verdict", "error", "bleu", "chrf", "ter", "suppressed")
if SUMMARY_COLUMNS != _SUMMARY_ORDER:  # a column moved: summary_row must follow
    raise ImportError("summary_row does not write SUMMARY_COLUMNS in order")


def _metric_cells(result: DocumentResult) -> list[str]:
    """BLEU, chrF++ and TER of a document with a reference, formatted as sacrebleu prints them."""
    if not result.extra or "reference" not in result.extra:
        return ["", "", ""]
    ref = result.extra["reference"]
    return [f"{ref[name]:.2f}" if name in ref else "" for name in ("bleu", "chrf", "ter")]


def finding_rows(result: DocumentResult, identities: Sequence[Identity] | None = None) -> list[list[Any]]:
    """Return the findings.csv rows of a document, up to its fingerprint column (the rest is placed: see `finding_tail`)."""
    if identities is None:
        identities = identify_findings(result.findings)
    path = result.path
    # The cells in the order of _ROW_COLUMNS (checked below).
    return safe_rows([
        [
            path, f.line, f.column, f.end_line, f.end_column,
            f.rule_id, f.category, f.severity.value, f.text, f.suggestion, f.message, f.detail, f.excerpt, ident.fingerprint,
        ]
        for f, ident in zip(result.findings, identities)
    ])  # fmt: skip


_FINGERPRINT_END = FINDING_COLUMNS.index("fingerprint") + 1
_ROW_COLUMNS = ("path", "line", "column", "end_line", "end_column", "rule_id", "category", "severity", "text", "suggestion", "message", "detail", "excerpt", "fingerprint")
if FINDING_COLUMNS[:_FINGERPRINT_END] != _ROW_COLUMNS:  # a column moved: finding_rows must follow
    raise ImportError("finding_rows does not write FINDING_COLUMNS in order")


def full_finding_rows(result: DocumentResult, run: Sequence[Any] = ()) -> Iterator[list[Any]]:
    """Return complete findings.csv rows: the rendered cells, source, the appended cells and the run's."""
    for row, tail in zip(finding_rows(result), finding_tail(result)):
        yield [*row, safe_cell(result.source), *tail, *run]
