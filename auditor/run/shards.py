"""Shards: a stable 1/N of a run's documents, chosen by a hash of each document's key, and the manifest that lets `merge` rebuild the whole run.

A document belongs to shard I of N when a hash of its key (its path relative to the
scanned folder, or its record id) falls in bucket I: the split does not depend on the
order of listing, on the host, or on which other files exist. Each shard run writes
`shard.json` beside its reports: where each of its documents stood in the full input
listing, so that `auditor merge` puts every document back in the place a single run
gives it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from auditor.inputs.discover import Source
from auditor.model import DocumentResult, Finding, RunSummary, Severity
from auditor.reporters.atomic import write_atomic
from auditor.reporters.base import Reporter

MANIFEST = "shard.json"
MANIFEST_FORMAT = 1
_SEVERITIES = {s.value: s for s in Severity}


@dataclass(frozen=True)
class Shard:
    """Shard `index` (1-based) of `count`."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, key: str) -> bool:
        """True when the document with report key `key` belongs to this shard."""
        digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        return int.from_bytes(digest, "big") % self.count == self.index - 1


def parse_shard(text: str) -> Shard:
    """Read `--shard I/N` (1 <= I <= N); raise ValueError with the reason."""
    index, sep, count = text.partition("/")
    if not sep or not index.strip().isdigit() or not count.strip().isdigit():
        raise ValueError(f"--shard {text!r}: expected I/N, e.g. 2/8")
    shard = Shard(int(index), int(count))
    if not 1 <= shard.index <= shard.count:
        raise ValueError(f"--shard {text!r}: I must be between 1 and N")
    return shard


@dataclass
class Selection:
    """The sources of one shard, with the place each held in the full listing (filled as they stream)."""

    shard: Shard
    positions: list[int] = field(default_factory=list)

    def select(self, sources: Iterable[Source]) -> Iterator[Source]:
        """Yield this shard's sources, remembering their positions among all sources."""
        for position, src in enumerate(sources):
            if self.shard.holds(src.key):
                self.positions.append(position)
                yield src


class ManifestWriter(Reporter):
    """Writes shard.json at the end of a shard run: the shard, and each document's position and key, in report order."""

    def __init__(self, run_dir: Path, selection: Selection, fail_on: str, excel: bool, csv_dialect: str = "rfc4180") -> None:
        super().__init__()
        self.path = Path(run_dir) / MANIFEST
        self.selection = selection
        # Settings the merged run must share: its CSVs are written again from the per-file records.
        self.settings = {"fail_on": fail_on, "excel": excel, "csv_dialect": csv_dialect}
        self.documents: list[tuple[int, str]] = []

    def document(self, result: DocumentResult, text: str | None) -> None:
        """Pair the document with its position in the full listing (documents arrive in selection order)."""
        self.documents.append((self.selection.positions[len(self.documents)], result.key))

    def finish(self, summary: RunSummary) -> None:
        """Write the manifest; before run.json, whose presence marks the run complete."""
        record = {"format": MANIFEST_FORMAT, "shard": str(self.selection.shard), **self.settings, "documents": self.documents}
        write_atomic(self.path, json.dumps(record, ensure_ascii=False) + "\n")


def result_from_record(record: Mapping[str, Any]) -> DocumentResult:
    """Rebuild a `DocumentResult` from its per-file JSON record (the inverse of `DocumentResult.to_dict`)."""
    findings = tuple(
        Finding(
            rule_id=f["rule_id"],
            category=f["category"],
            severity=_SEVERITIES[f["severity"]],
            message=f["message"],
            start=f["start"],
            end=f["end"],
            line=f["line"],
            column=f["column"],
            end_line=f["end_line"],
            end_column=f["end_column"],
            text=f["text"],
            excerpt=f["excerpt"],
            suggestions=tuple(f["suggestions"]),
            fix=f["fix"],
            detail=f["detail"],
        )
        for f in record["findings"]
    )
    return DocumentResult(
        path=record["path"],
        key=record["key"],
        source=record["source"],
        language=record["language"],
        words=record["words"],
        findings=findings,
        score=record["score"],
        verdict=record["verdict"],
        penalty=record["penalty"],
        encoding=record["encoding"],
        error=record["error"],
        notes=tuple(record["notes"]),
        extra=record.get("extra", {}),
        suppressed=record["suppressed"],
    )
