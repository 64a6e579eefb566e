"""summary.parquet and findings.parquet: the rows of summary.csv and findings.csv with typed columns, for DuckDB, pandas and Spark.

The cells are the CSV's, so a query gives the same answer on either file: counts and
positions are integers, penalty, score and the reference metrics doubles, an empty cell is
null, and text keeps the CSV's guard against spreadsheet formulas. Rows are streamed to
temporary files in row groups and renamed into place when the run completes, as every
report is. pyarrow is an optional extra: `pip install 'auditor[data]'`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from auditor.model import DocumentResult, RunSummary
from auditor.reporters.atomic import open_atomic
from auditor.reporters.base import Reporter, RunInfo
from auditor.reporters.csvfmt import FINDING_COLUMNS, RUN_COLUMNS, SUMMARY_COLUMNS, full_finding_rows, run_cells, summary_row

INSTALL_HINT = "--parquet needs pyarrow: pip install 'auditor[data]'"
ROWS_PER_GROUP = 10_000  # rows held in memory before a row group is written
_INTEGER = frozenset({"words", "findings", "minor", "major", "critical", "accuracy", "fluency", "locale-convention", "style", "suppressed",
                      "line", "column", "end_line", "end_column"})
_DOUBLE = frozenset({"penalty", "score", "bleu", "chrf", "ter"})
# Columns this module does not know (appended to the CSVs later) are kept as text.


def require_pyarrow() -> None:
    """Raise ImportError with the install hint when pyarrow is missing."""
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError as exc:
        raise ImportError(INSTALL_HINT) from exc


def schema(columns: Sequence[str]) -> Any:
    """The Arrow schema of a CSV's columns."""
    import pyarrow as pa

    def kind(name: str) -> Any:
        return pa.int64() if name in _INTEGER else pa.float64() if name in _DOUBLE else pa.string()

    return pa.schema([(name, kind(name)) for name in columns])


def typed(name: str, cell: Any) -> Any:
    """A CSV cell as its column's type: empty is null."""
    if cell == "" or cell is None:
        return None if name in _INTEGER or name in _DOUBLE else ""
    if name in _INTEGER:
        return int(cell)
    if name in _DOUBLE:
        return float(cell)
    return str(cell)


class _Table:
    """One Parquet file written row group by row group into a temporary file."""

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        import pyarrow.parquet as pq

        self.columns = tuple(columns)
        self.schema = schema(columns)
        self.handle = open_atomic(path, encoding="latin-1")
        self.writer = pq.ParquetWriter(self.handle.__enter__().buffer, self.schema)  # type: ignore[attr-defined]
        self.rows: list[list[Any]] = []

    def add(self, row: Sequence[Any]) -> None:
        """Queue one CSV row; a full row group is written out."""
        self.rows.append([typed(name, cell) for name, cell in zip(self.columns, row)])
        if len(self.rows) >= ROWS_PER_GROUP:
            self.flush()

    def flush(self) -> None:
        """Write the queued rows as one row group."""
        if self.rows:
            import pyarrow as pa

            columns = list(zip(*self.rows))
            self.writer.write_table(pa.Table.from_arrays([pa.array(c, type=t) for c, t in zip(columns, self.schema.types)], schema=self.schema))
            self.rows.clear()

    def commit(self) -> None:
        """Write the last rows and the footer, then move the file into place."""
        self.flush()
        self.writer.close()
        self.handle.commit()

    def abort(self) -> None:
        """Remove the temporary file."""
        try:
            self.writer.close()
        finally:
            self.handle.abort()


class ParquetReporter(Reporter):
    """Writes summary.parquet and findings.parquet into the run folder."""

    def __init__(self, run_dir: Path) -> None:
        super().__init__()
        self.run_dir = Path(run_dir)
        self.tables: dict[str, _Table] = {}
        self.run: list[str] = []

    def start(self, run: RunInfo) -> None:
        """Open both files as temporaries."""
        self.run = run_cells(run.run_id, run.started)  # the CSVs' run columns, so Parquet files of many nights stack too
        self.tables = {
            "summary": _Table(self.run_dir / "summary.parquet", (*SUMMARY_COLUMNS, *RUN_COLUMNS)),
            "findings": _Table(self.run_dir / "findings.parquet", (*FINDING_COLUMNS, *RUN_COLUMNS)),
        }

    def document(self, result: DocumentResult, text: str | None) -> None:
        """Add the document's summary row and finding rows."""
        self.tables["summary"].add([*summary_row(result), *self.run])
        for row in full_finding_rows(result, self.run):
            self.tables["findings"].add(row)

    def finish(self, summary: RunSummary) -> None:
        """Move both files into place."""
        for table in self.tables.values():
            table.commit()
        self.tables = {}

    def abort(self) -> None:
        """Remove the temporaries of an interrupted run."""
        for table in self.tables.values():
            table.abort()
        self.tables = {}


def parquet_reporter(run_dir: Path) -> ParquetReporter:
    """The Parquet reporter for a run folder; raises ImportError with the install hint without pyarrow."""
    require_pyarrow()
    return ParquetReporter(run_dir)
