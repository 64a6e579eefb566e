"""Results of earlier runs, keyed by a document's text and by everything that shapes its result.

The cache is one SQLite file under `<out>/.cache/`. SQLite's journal makes it safe against
runs that are killed and against two runs sharing a folder; the main process is the only
writer, workers only read. A cache that cannot be used is a warning, never a failed run.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any, Mapping

from auditor import SCORING_VERSION, __version__
from auditor.discover import Source
from auditor.model import DocumentResult, Finding, Severity

CACHE_FORMAT = 1  # bump when the stored record changes shape
FILE_NAME = "results.sqlite3"
FLUSH_EVERY = 256  # entries per transaction: one commit per document would dominate warm runs
_LOCATION_FIELDS = ("path", "key", "source")  # not stored: the same text may move or be copied
_FINDING_FIELDS = tuple(f.name for f in fields(Finding))
_RESULT_FIELDS = tuple(f.name for f in fields(DocumentResult) if f.name not in _LOCATION_FIELDS)


def code_digest() -> str:
    """Hash the package's own source, so that an edited check never serves stale results."""
    root = Path(__file__).resolve().parent
    hasher = hashlib.blake2b(digest_size=16)
    for path in sorted(root.rglob("*.py")):
        hasher.update(path.relative_to(root).as_posix().encode() + b"\0")
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def context_digest(signature: Mapping[str, Any], engine_options: Mapping[str, Any]) -> str:
    """Hash everything besides the text that decides a result: tool, code, rules, scoring, options."""
    parts = {
        "format": CACHE_FORMAT,
        "tool": __version__,
        "scoring_version": SCORING_VERSION,
        "code": code_digest(),
        "signature": dict(signature),
        "engine": {k: engine_options[k] for k in sorted(engine_options)},
    }
    return hashlib.blake2b(json.dumps(parts, sort_keys=True, default=str).encode(), digest_size=16).hexdigest()


def dumps(result: DocumentResult) -> str:
    """Serialise a result without its location (path, key, source) as compact JSON."""
    record: dict[str, Any] = {}
    for name in _RESULT_FIELDS:
        value = getattr(result, name)
        if name == "findings":
            value = [{n: _plain(getattr(f, n)) for n in _FINDING_FIELDS} for f in value]
        record[name] = _plain(value)
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _plain(value: Any) -> Any:
    """JSON-ready form of a field value: enums by value, tuples as lists, mappings as dicts."""
    if isinstance(value, Severity):
        return value.value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


def loads(record: str, src: Source) -> DocumentResult:
    """Rebuild a `DocumentResult` stored by `dumps`, placed at `src`."""
    data = json.loads(record)
    findings = tuple(
        Finding(**{**f, "severity": Severity(f["severity"]), "suggestions": tuple(f["suggestions"])}) for f in data.pop("findings")
    )
    data["notes"] = tuple(data["notes"])
    return DocumentResult(path=src.display, key=src.key, source=src.source, findings=findings, **data)


class Cache:
    """A SQLite table of result records; one connection per process, opened on first use."""

    def __init__(self, folder: Path, context: str) -> None:
        self.folder = Path(folder)
        self.path = self.folder / FILE_NAME
        self.context = context
        self.hits = 0
        self.stored = 0
        self.broken = ""  # why the cache was switched off, if it was
        self._pending: list[tuple[str, str]] = []
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, record TEXT NOT NULL)")
            conn.commit()
            conn.close()
        except (OSError, sqlite3.Error) as exc:
            self._disable(exc)

    def _disable(self, exc: Exception) -> None:
        """Stop using the cache after an error, with one warning: results are still correct."""
        if not self.broken:
            self.broken = f"{type(exc).__name__}: {exc}"
            print(f"auditor: warning: result cache {self.path} disabled: {self.broken}", file=sys.stderr)

    def _connection(self) -> sqlite3.Connection | None:
        """This process's connection: a connection must never cross a fork."""
        if self.broken:
            return None
        if self._conn is None or self._pid != os.getpid():
            self._conn = sqlite3.connect(self.path, timeout=30)
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._pid = os.getpid()
        return self._conn

    def key(self, text: str, encoding: str, notes: tuple[str, ...]) -> str:
        """Hash a document's text with how it was read and the run's context."""
        hasher = hashlib.blake2b(digest_size=20)
        hasher.update(f"{self.context}\0{encoding}\0{'|'.join(notes)}\0".encode())
        hasher.update(text.encode("utf-8", "surrogatepass"))
        return hasher.hexdigest()

    def get(self, key: str, src: Source) -> DocumentResult | None:
        """Return the stored result for `key` placed at `src`, or None."""
        try:
            conn = self._connection()
            if conn is None:
                return None
            row = conn.execute("SELECT record FROM results WHERE key = ?", (key,)).fetchone()
            return None if row is None else loads(row[0], src)
        except (sqlite3.Error, ValueError, TypeError, KeyError) as exc:
            self._disable(exc)
            return None

    @staticmethod
    def dumps(result: DocumentResult) -> str:
        """Serialise a result for storage."""
        return dumps(result)

    def put(self, key: str, record: str) -> None:
        """Queue a record; records are written in batches."""
        if self.broken:
            return
        self._pending.append((key, record))
        if len(self._pending) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write the queued records in one transaction."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        try:
            conn = self._connection()
            if conn is None:
                return
            with conn:
                conn.executemany("INSERT OR REPLACE INTO results (key, record) VALUES (?, ?)", pending)
            self.stored += len(pending)
        except sqlite3.Error as exc:
            self._disable(exc)

    def close(self) -> None:
        """Flush and close this process's connection."""
        self.flush()
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None
