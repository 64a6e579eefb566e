"""The report folder: per-file JSON, summary.csv, findings.csv and run.json, all atomic."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from auditor import SCHEMA_VERSION
from auditor.reporters.atomic import link_identical, open_atomic, write_atomic
from auditor.model import DocumentResult, RunSummary
from auditor.reporters.base import Reporter, RunInfo
from auditor.reporters.csvfmt import (
    DEFAULT_DIALECT,
    DIALECTS,
    FINDING_COLUMNS,
    RUN_COLUMNS,
    SUMMARY_COLUMNS,
    CsvDialect,
    csv_writer,
    finding_tail_text,
    run_cells,
    safe_cell,
)
from auditor.reporters.rendered import LARGE_RECORD, Rendered, csv_row, place_rows, record_head, render
from auditor.reporters.totals import RULE_COLUMNS, SOURCE_COLUMNS, Totals
from auditor.reporters.wire import summary_record


def dumps(record: Any, pretty: bool = False) -> str:
    """Serialise JSON deterministically (sorted keys would reorder findings' fields, so no).

    Per-file records are written on one line: `indent` switches Python's json module to its
    pure-Python encoder, which made report writing the slowest stage of a warm re-run.
    """
    return json.dumps(record, ensure_ascii=False, indent=2 if pretty else None) + "\n"


# Bytes of one report file-name component: NAME_MAX is 255 on common file systems, and the
# atomic writer adds a dot, the process id and ".tmp" around the name, with ".json" after it.
MAX_COMPONENT_BYTES = 200


def _component(part: str, suffix: str = "") -> str:
    """One folder or file name of a report path: escaped so that distinct keys never share a
    file ('%' first, then '.' and '..', which would mean this folder or its parent), and cut
    to fit the file system with a hash of the whole name, so long names stay distinct too."""
    part = part.replace("%", "%25")
    if part in (".", "..") and not suffix:
        part = part.replace(".", "%2E")
    raw = part.encode("utf-8", "surrogatepass")
    room = MAX_COMPONENT_BYTES - len(suffix)
    if len(raw) <= room:
        return part + suffix
    digest = hashlib.blake2b(raw, digest_size=8).hexdigest()
    head = raw[: room - len(digest) - 1].decode("utf-8", "ignore")
    return f"{head}~{digest}{suffix}"


def relative_report(key: str) -> str:
    """Where a document's JSON goes below files/; keys never escape the run folder.

    Distinct keys get distinct paths, whatever their length. Plain strings: pathlib would
    cost more than writing the small file itself.
    """
    names = key.replace(os.altsep, os.sep) if os.altsep else key
    parts = [p for p in names.split(os.sep) if p] or ["."]
    return os.path.join(*(_component(p) for p in parts[:-1]), _component(parts[-1], ".json"))


def previous_files(run_dir: Path) -> str | None:
    """The files/ folder of the newest complete run beside `run_dir` (run.json marks one), or None.

    A per-file JSON that comes out byte for byte as that run wrote it is hard-linked from
    there instead of written again: on a nightly run most reports do not change.
    """
    newest: tuple[int, str] | None = None
    try:
        entries = list(os.scandir(run_dir.parent))
    except OSError:
        return None
    for entry in entries:
        if entry.name.startswith(".") or entry.name == run_dir.name:
            continue
        try:
            finished = os.stat(os.path.join(entry.path, "run.json")).st_mtime_ns
        except OSError:
            continue
        if newest is None or finished > newest[0]:
            newest = (finished, os.path.join(entry.path, "files"))
    return None if newest is None else newest[1]


class ReportDir(Reporter):
    """Writes a run's reports under `<out>/<run>/`; CSVs appear only when the run completes."""

    def __init__(self, run_dir: Path, excel: bool = False, dialect: CsvDialect = DEFAULT_DIALECT, keep_fields: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.run_dir = Path(run_dir)
        self.dialect = DIALECTS["excel"] if excel and dialect is DEFAULT_DIALECT else dialect
        self.encoding = self.dialect.encoding
        # Rows rendered by the workers are RFC 4180 text: another separator or decimal mark writes rows here.
        self._rendered_rows = self.dialect.delimiter == "," and self.dialect.decimal == "."
        self._run_cells: list[str] = []
        self._run_text = ""
        self.keep_fields = keep_fields  # record fields appended to summary.csv (--keep-field)
        self.kept: dict[str, tuple[tuple[str, str], ...]] = {}  # key -> kept values, filled as records are read
        self._csv: dict[str, tuple[IO[str], open_atomic]] = {}
        self._files = str(self.run_dir / "files")
        self._previous: str | None = None  # files/ of the previous complete run, to link from
        self.run: RunInfo | None = None
        self.totals = Totals()

    def start(self, run: RunInfo) -> None:
        """Open the CSV files (as temporaries) and write their headers."""
        self.run = run
        self._previous = previous_files(self.run_dir)
        (self.run_dir / "files").mkdir(parents=True, exist_ok=True)
        self._run_cells = run_cells(run.run_id, run.started)
        self._run_text = csv_row(self._run_cells)
        for name, columns in (("summary.csv", (*SUMMARY_COLUMNS, *RUN_COLUMNS, *self.keep_fields)), ("findings.csv", (*FINDING_COLUMNS, *RUN_COLUMNS))):
            handle = open_atomic(self.run_dir / name, encoding=self.encoding)
            fh = handle.__enter__()
            csv_writer(fh, self.dialect).writerow(columns)
            self._csv[name] = (fh, handle)

    def file_path(self, key: str) -> str:
        """Return where a document's JSON goes; keys never escape the run folder."""
        return os.path.join(self._files, relative_report(key))

    def document(self, result: DocumentResult, text: str | None) -> None:
        """Write the document's JSON and add its CSV rows."""
        self.document_rendered(result, text, None)

    def document_rendered(self, result: DocumentResult, text: str | None, rendered: Rendered | None) -> None:
        """Write the document's JSON and add its CSV rows, from its rendering when it comes with one."""
        tails = finding_tail_text(result, csv_row)
        rendered = rendered or render(result)
        head = record_head(result.path, result.key, result.source)
        data: bytes | tuple[bytes, ...]
        if len(rendered.record) < LARGE_RECORD:
            data = (head + rendered.record).encode("utf-8")
        else:  # a page-long record: encoded once, not copied with its head first
            data = (head.encode("utf-8"), rendered.record.encode("utf-8"))
        rel = relative_report(result.key)
        target = os.path.join(self._files, rel)
        if not self._link(rel, target, data):
            write_atomic(target, data)
        del data  # written: not held while the CSV rows are
        self.totals.add(result)
        summary, findings = place_rows(rendered, result.path, result.source, tails, self._run_text)
        if not self._rendered_rows:
            self._write_rows(summary, findings, result.key)
            return
        if self.keep_fields:
            self._csv["summary.csv"][0].write(f"{summary[:-1]},{csv_row(self._kept_cells(result.key))}\n")
        else:
            self._csv["summary.csv"][0].write(summary)
        if findings:
            self._csv["findings.csv"][0].write(findings)

    def _write_rows(self, summary: str, findings: str, key: str) -> None:
        """Write a document's placed RFC 4180 rows again in this run's dialect (separator, decimal mark).

        The rows are read back with csv, a C loop, rather than rendered again from the result:
        rendering costs the findings' fingerprints a second time.
        """
        localise = self.dialect.localise
        [row] = csv.reader(io.StringIO(summary, newline=""))
        csv_writer(self._csv["summary.csv"][0], self.dialect).writerow(localise(SUMMARY_COLUMNS, [*row, *self._kept_cells(key)]))
        if findings:
            writer = csv_writer(self._csv["findings.csv"][0], self.dialect)
            writer.writerows(localise(FINDING_COLUMNS, row) for row in csv.reader(io.StringIO(findings, newline="")))

    def _kept_cells(self, key: str) -> list[str]:
        """The document's --keep-field cells (empty for files that are not records), formula-safe."""
        values = dict(self.kept.pop(key, ()))
        return [safe_cell(values.get(name, "")) for name in self.keep_fields]

    def _link(self, rel: str, target: str, data: bytes | tuple[bytes, ...]) -> bool:
        """Link the previous run's identical file, if any; stop trying where links are refused."""
        if self._previous is None:
            return False
        try:
            return link_identical(os.path.join(self._previous, rel), target, data)
        except OSError:
            self._previous = None
            return False

    def finish(self, summary: RunSummary) -> None:
        """Move the CSVs into place and write run.json last: its presence marks a complete run."""
        for _, handle in self._csv.values():
            handle.commit()
        self._csv.clear()
        self.write_csv("rules.csv", RULE_COLUMNS, self.totals.rule_rows())
        self.write_csv("sources.csv", SOURCE_COLUMNS, self.totals.source_rows())
        assert self.run is not None
        record = {
            "schema_version": SCHEMA_VERSION,
            "run_id": self.run.run_id,
            "started": self.run.started,
            "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "signature": dict(self.run.signature),
            "totals": summary_record(summary),
        }
        write_atomic(self.run_dir / "run.json", dumps(record, pretty=True))

    def write_csv(self, name: str, columns: tuple[str, ...], rows: Any) -> None:
        """Write a whole CSV file atomically, every cell neutralised against formulas."""
        with open_atomic(self.run_dir / name, encoding=self.encoding) as fh:
            writer = csv_writer(fh, self.dialect)
            writer.writerow((*columns, *RUN_COLUMNS))
            for row in rows:
                writer.writerow(self.dialect.localise(columns, [*(safe_cell(v) for v in row), *self._run_cells]))

    def abort(self) -> None:
        """Delete unfinished CSV temporaries (on Ctrl-C or a crash)."""
        for _, handle in self._csv.values():
            handle.abort()
        self._csv.clear()
