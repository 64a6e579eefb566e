"""report.xlsx: the run's CSVs as one workbook, with typed numbers, frozen headers, filters and coloured verdicts.

openpyxl is optional (`pip install 'auditor[xlsx]'`) and imported only when the workbook is
written. Its write-only mode streams each sheet's rows to a temporary file, so memory
stays bounded by rules and sites, not by documents or findings.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Iterable, Sequence

from auditor.model import DocumentResult, RunSummary
from auditor.reporters.atomic import write_atomic
from auditor.reporters.base import Reporter, RunInfo, register
from auditor.reporters.csvfmt import (
    DECIMAL_COLUMNS,
    FINDING_COLUMNS,
    RUN_COLUMNS,
    SUMMARY_COLUMNS,
    full_finding_rows,
    run_cells,
    safe_cell,
    summary_row,
)
from auditor.reporters.totals import RULE_COLUMNS, SOURCE_COLUMNS, VERDICTS, Totals

FILE_NAME = "report.xlsx"
SHEETS: tuple[str, ...] = ("summary", "findings", "rules", "sources")
# Whole-number columns of every sheet; the decimal ones are csvfmt.DECIMAL_COLUMNS.
INTEGER_COLUMNS = frozenset(
    {"words", "findings", "minor", "major", "critical", "accuracy", "fluency", "locale-convention", "style", "suppressed",
     "line", "column", "end_line", "end_column", "documents", "errors", *VERDICTS}
)
# Fill of each verdict, with a text colour dark enough to read on it (and the verdict word itself, for greyscale).
VERDICT_FILLS = {"pass": ("C6EFCE", "006100"), "review": ("FFEB9C", "9C5700"), "fail": ("FFC7CE", "9C0006"), "error": ("D9D9D9", "000000")}


def typed(columns: Sequence[str], row: Iterable[Any]) -> list[Any]:
    """Return the row with numbers as numbers and empty cells as blanks, so a spreadsheet can sort and average them."""
    out: list[Any] = []
    for name, value in zip(columns, row):
        if value == "" or value is None:
            out.append(None)
        elif name in INTEGER_COLUMNS and isinstance(value, (int, str)):
            out.append(int(value))
        elif name in DECIMAL_COLUMNS and isinstance(value, (int, float, str)):
            out.append(float(value))
        else:
            out.append(safe_cell(value))
    return out


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 1-based column number (1 -> A, 27 -> AA)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@register("xlsx")
class XlsxReporter(Reporter):
    """Writes report.xlsx into the run folder: sheets summary, findings, rules and sources."""

    def __init__(self, stream: object = None) -> None:
        super().__init__(None)
        self.path: Path | None = None
        self.totals = Totals()
        self._run: list[str] = []
        self._book: Any = None
        self._sheets: dict[str, Any] = {}
        self._rows: dict[str, int] = {}

    def start(self, run: RunInfo) -> None:
        """Open a write-only workbook and write the headers of the streamed sheets."""
        if not run.out_dir:
            raise ValueError("the xlsx format writes into a report folder; give the run an output folder")
        from openpyxl import Workbook  # lazy: an optional dependency, needed only here

        self.path = Path(run.out_dir) / FILE_NAME
        self._run = run_cells(run.run_id, run.started)
        self.keep(run)  # the --keep-field columns of the summary sheet, after the run's
        self._book = Workbook(write_only=True)
        for name, columns in zip(SHEETS, (SUMMARY_COLUMNS, FINDING_COLUMNS, RULE_COLUMNS, SOURCE_COLUMNS)):
            sheet = self._book.create_sheet(name)
            sheet.freeze_panes = "A2"  # before the first row: write-only sheets write their view first
            sheet.append([*columns, *RUN_COLUMNS, *(self.keep_fields if name == "summary" else ())])
            self._sheets[name] = sheet
            self._rows[name] = 1

    def _append(self, name: str, columns: Sequence[str], row: Sequence[Any], kept: Sequence[str] = ()) -> None:
        """Add one typed row to a sheet; kept record fields stay text whatever their name (blank when empty)."""
        self._sheets[name].append([*typed((*columns, *RUN_COLUMNS), row), *(safe_cell(v) if v else None for v in kept)])
        self._rows[name] += 1

    def document(self, result: DocumentResult, text: str | None) -> None:
        """Add the document's summary row (with its --keep-field values) and its findings rows."""
        self.totals.add(result)
        kept = self.kept_values(result.key) or {}
        self._append("summary", SUMMARY_COLUMNS, [*summary_row(result), *self._run], list(kept.values()))
        for row in full_finding_rows(result, self._run):
            self._append("findings", FINDING_COLUMNS, row)

    def finish(self, summary: RunSummary) -> None:
        """Write the totals sheets, add filters and verdict colours, and save the workbook atomically."""
        assert self.path is not None
        for row in self.totals.rule_rows():
            self._append("rules", RULE_COLUMNS, [*row, *self._run])
        for row in self.totals.source_rows():
            self._append("sources", SOURCE_COLUMNS, [*row, *self._run])
        for name, columns in zip(SHEETS, (SUMMARY_COLUMNS, FINDING_COLUMNS, RULE_COLUMNS, SOURCE_COLUMNS)):
            sheet, last = self._sheets[name], self._rows[name]
            width = len(columns) + len(RUN_COLUMNS) + (len(self.keep_fields) if name == "summary" else 0)
            sheet.auto_filter.ref = f"A1:{column_letter(width)}{last}"
            if "verdict" in columns and last > 1:
                colour_verdicts(sheet, column_letter(columns.index("verdict") + 1), last)
        data = io.BytesIO()
        self._book.save(data)
        self._book = None
        write_atomic(self.path, data.getvalue())

    def abort(self) -> None:
        """Drop the workbook's temporary sheets."""
        self._book = None


def colour_verdicts(sheet: Any, column: str, last: int) -> None:
    """Colour each verdict cell of a sheet by its value (conditional formatting, so sorting keeps it right)."""
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font, PatternFill

    cells = f"{column}2:{column}{last}"
    for verdict, (fill, ink) in VERDICT_FILLS.items():
        rule = CellIsRule(operator="equal", formula=[f'"{verdict}"'], fill=PatternFill(bgColor=fill), font=Font(color=ink, bold=verdict == "fail"))
        sheet.conditional_formatting.add(cells, rule)


def openpyxl_available() -> bool:
    """True when the optional openpyxl library can be imported."""
    import importlib.util

    return importlib.util.find_spec("openpyxl") is not None
