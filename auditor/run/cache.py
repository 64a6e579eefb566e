"""Results of earlier runs, keyed by a document's text and by everything that shapes its result.

The cache is one SQLite file under `<out>/.cache/`: each result with its rendered reports,
and each file's stat signature with the key of its text, so that an unchanged file is
answered without being read. SQLite's journal makes it safe against runs that are killed
and against two runs sharing a folder; the main process is the only writer, workers only
read. A cache that cannot be used is a warning, never a failed run.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any, Mapping, Sequence

from auditor import SCORING_VERSION, __version__, usercache
from auditor.inputs.discover import Source
from auditor.model import DocumentResult, Finding, Severity
from auditor.inputs.reading import file_location, signature
from auditor.reporters.rendered import Rendered

CACHE_FORMAT = 3  # bump when the stored record changes shape
FILE_NAME = "results.sqlite3"
FLUSH_EVERY = 256  # entries per transaction: one commit per document would dominate warm runs
# Tables are named by format: a cache written by another version keeps its own tables.
_SCHEMA = (
    # A result and its rendering, without location: the same text may move or be copied.
    "CREATE TABLE IF NOT EXISTS documents_v3 (key TEXT PRIMARY KEY, result TEXT NOT NULL, record TEXT NOT NULL,"
    " summary TEXT NOT NULL, findings TEXT NOT NULL)",
    # What a file looked like (stat signature) when its text had a given key, per context.
    "CREATE TABLE IF NOT EXISTS files_v3 (context TEXT NOT NULL, path TEXT NOT NULL, signature TEXT NOT NULL, key TEXT NOT NULL,"
    " PRIMARY KEY (context, path)) WITHOUT ROWID",
    # The name tokens of a file for the batch census (auditor/run/census.py), by stat signature:
    # they depend on the file and the code only, so every context shares them.
    "CREATE TABLE IF NOT EXISTS names_v1 (path TEXT PRIMARY KEY, signature TEXT NOT NULL, tokens TEXT NOT NULL) WITHOUT ROWID",
    # A whole census, by a digest of every file's location and signature: a re-run over an
    # unchanged batch learns nothing new, so it reads nothing again.
    "CREATE TABLE IF NOT EXISTS censuses_v1 (digest TEXT PRIMARY KEY, census TEXT NOT NULL) WITHOUT ROWID",
)
_PUT_DOCUMENT = "INSERT OR REPLACE INTO documents_v3 (key, result, record, summary, findings) VALUES (?, ?, ?, ?, ?)"
_PUT_FILE = "INSERT OR REPLACE INTO files_v3 (context, path, signature, key) VALUES (?, ?, ?, ?)"
_GET_DOCUMENT = "SELECT result, record, summary, findings FROM documents_v3 WHERE key = ?"
_GET_UNCHANGED = (  # {} is a list of placeholders, one per path
    "SELECT f.path, f.signature, d.result, d.record, d.summary, d.findings FROM files_v3 f JOIN documents_v3 d ON d.key = f.key"
    " WHERE f.context = ? AND f.path IN ({})"
)
_KNOWS_CONTEXT = "SELECT 1 FROM files_v3 WHERE context = ? LIMIT 1"
_PUT_NAMES = "INSERT OR REPLACE INTO names_v1 (path, signature, tokens) VALUES (?, ?, ?)"
_GET_NAMES = "SELECT path, signature, tokens FROM names_v1 WHERE path IN ({})"  # {}: one placeholder per path
_PUT_CENSUS = "INSERT OR REPLACE INTO censuses_v1 (digest, census) VALUES (?, ?)"
_GET_CENSUS = "SELECT census FROM censuses_v1 WHERE digest = ?"
TOKEN_SEPARATOR = "\x1f"  # tokens are words: no word holds a unit separator
# Stored results are positional JSON lists: a third of the keyed record's size, parsed three
# times faster, and a cache hit on a warm run is mostly that parse.
_LOCATION_FIELDS = ("path", "key", "source")  # not stored: the same text may move or be copied
_RESULT_FIELDS = tuple(f.name for f in fields(DocumentResult) if f.name not in _LOCATION_FIELDS)
_FINDING_FIELDS = tuple(f.name for f in fields(Finding))
_SEVERITY_AT = _FINDING_FIELDS.index("severity")
_SUGGESTIONS_AT = _FINDING_FIELDS.index("suggestions")
_SEVERITIES = {s.value: s for s in Severity}  # Severity("minor") goes through Enum's slow __call__
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # json.dumps would build one per call
Entry = tuple[str, str, str, str]  # what is stored for a cache key: result, record, summary, findings


def context_digest(signature: Mapping[str, Any], engine_options: Mapping[str, Any]) -> str:
    """Hash everything besides the text that decides a result: tool, code, rules, scoring, options."""
    parts = {
        "format": CACHE_FORMAT,
        "tool": __version__,
        "scoring_version": SCORING_VERSION,
        "code": usercache.package_digest(),
        "signature": dict(signature),
        "engine": {k: engine_options[k] for k in sorted(engine_options)},
    }
    return hashlib.blake2b(json.dumps(parts, sort_keys=True, default=str).encode(), digest_size=16).hexdigest()


def dumps(result: DocumentResult) -> str:
    """Serialise a result without its location as a compact positional JSON list."""
    values = [getattr(result, name) for name in _RESULT_FIELDS]
    values[_RESULT_FIELDS.index("findings")] = [[getattr(f, name) for name in _FINDING_FIELDS] for f in result.findings]
    return _JSON.encode(values)


def loads(record: str, src: Source) -> DocumentResult:
    """Rebuild a `DocumentResult` stored by `dumps`, placed at `src`."""
    data = dict(zip(_RESULT_FIELDS, json.loads(record)))
    findings = []
    for values in data["findings"]:
        values[_SEVERITY_AT] = _SEVERITIES[values[_SEVERITY_AT]]
        values[_SUGGESTIONS_AT] = tuple(values[_SUGGESTIONS_AT])
        findings.append(Finding(*values))
    data["findings"] = tuple(findings)
    data["notes"] = tuple(data["notes"])
    return DocumentResult(path=src.display, key=src.key, source=src.source, **data)


def entry(result: DocumentResult, rendered: Rendered) -> Entry:
    """What the cache stores for a result (built in the worker, stored by the main process)."""
    return dumps(result), rendered.record, rendered.summary, _JSON.encode(rendered.findings)


def _hit(row: tuple[str, str, str, str], src: Source) -> tuple[DocumentResult, Rendered]:
    """Rebuild a stored result and its rendering, placed at `src`."""
    result, record, summary, findings = row
    return loads(result, src), Rendered(record, summary, tuple(json.loads(findings)))


class Cache:
    """The SQLite tables of results and file signatures; one connection per process, opened on first use."""

    def __init__(self, folder: Path, context: str) -> None:
        self.folder = Path(folder)
        self.path = self.folder / FILE_NAME
        self.context = context
        self.hits = 0
        self.stored = 0
        self.broken = ""  # why the cache was switched off, if it was
        # True when an earlier run with this context recorded files: it got past compiling
        # the rules (a run stores nothing before), and files may be recognised unread.
        self.seen = False
        self._documents: list[tuple[str, str, str, str, str]] = []
        self._files: list[tuple[str, str, str, str]] = []
        self._names: list[tuple[str, str, str]] = []
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.commit()
            self.seen = conn.execute(_KNOWS_CONTEXT, (context,)).fetchone() is not None
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

    def get(self, key: str, src: Source) -> tuple[DocumentResult, Rendered] | None:
        """Return the stored result for `key` placed at `src`, with its rendering, or None."""
        return self._lookup(_GET_DOCUMENT, (key,), src)

    def unchanged(self, sources: Sequence[Source], max_bytes: int) -> list[tuple[DocumentResult, Rendered, int] | None]:
        """The results of files that have not changed since they were audited, found without reading them.

        A file is unchanged when its stat signature (device, inode, size, modification and
        change times) is the one recorded when its text was read; only signatures that were
        stable when recorded are kept (see `reading.stable_signature`). Returns, for each
        source, its result, rendering and size, or None: then the file is read and hashed.
        Sources are looked up in one query: one per file would cost more than the rest.
        """
        found: list[tuple[DocumentResult, Rendered, int] | None] = [None] * len(sources)
        if not self.seen or not sources:
            return found
        wanted: dict[str, tuple[int, str, int]] = {}  # location -> (index, signature, size)
        for i, src in enumerate(sources):
            if src.error or src.text is not None:
                continue
            try:
                st = os.stat(src.path)
            except (OSError, ValueError):
                continue
            if st.st_size <= max_bytes:  # a lower --max-bytes now refuses it
                wanted[file_location(src.path)] = (i, signature(st), st.st_size)
        try:
            conn = self._connection()
            if conn is None or not wanted:
                return found
            query = _GET_UNCHANGED.format(", ".join("?" * len(wanted)))
            for location, file_signature, *row in conn.execute(query, (self.context, *wanted)):
                i, current, size = wanted[location]
                if file_signature == current:
                    found[i] = (*_hit(row, sources[i]), size)  # type: ignore[arg-type]
        except (sqlite3.Error, ValueError, TypeError, KeyError) as exc:
            self._disable(exc)
            return [None] * len(sources)
        return found

    def names(self, files: Mapping[str, str]) -> dict[str, frozenset[str]]:
        """The stored census tokens of files whose stat signature is unchanged: {location: tokens}."""
        if not files:
            return {}
        try:
            conn = self._connection()
            if conn is None:
                return {}
            rows = conn.execute(_GET_NAMES.format(", ".join("?" * len(files))), tuple(files))
            code = usercache.package_digest()
            # The code's digest is part of the signature: a new tokeniser never reads old tokens.
            return {path: frozenset(tokens.split(TOKEN_SEPARATOR)) if tokens else frozenset()
                    for path, sig, tokens in rows if sig == f"{code}:{files[path]}"}
        except (sqlite3.Error, ValueError, TypeError) as exc:
            self._disable(exc)
            return {}

    def put_names(self, path: str, file_signature: str, tokens: frozenset[str]) -> None:
        """Queue a file's census tokens, kept by its stat signature."""
        if not self.broken:
            self._names.append((path, f"{usercache.package_digest()}:{file_signature}", TOKEN_SEPARATOR.join(sorted(tokens))))
            self._flush_when_due()

    def census(self, digest: str) -> str | None:
        """A stored census (its JSON) for the batch whose files hash to `digest`, or None."""
        try:
            conn = self._connection()
            row = None if conn is None else conn.execute(_GET_CENSUS, (digest,)).fetchone()
            return None if row is None else row[0]
        except sqlite3.Error as exc:
            self._disable(exc)
            return None

    def put_census(self, digest: str, census: str) -> None:
        """Keep a census for the batch whose files hash to `digest` (written now: there is one per run)."""
        try:
            conn = self._connection()
            if conn is not None:
                with conn:
                    conn.execute(_PUT_CENSUS, (digest, census))
        except sqlite3.Error as exc:
            self._disable(exc)

    def _lookup(self, query: str, params: tuple[str, ...], src: Source) -> tuple[DocumentResult, Rendered] | None:
        """Run a query for one stored rendering and rebuild it; any failure disables the cache."""
        try:
            conn = self._connection()
            if conn is None:
                return None
            row = conn.execute(query, params).fetchone()
            return None if row is None else _hit(row, src)
        except (sqlite3.Error, ValueError, TypeError, KeyError) as exc:
            self._disable(exc)
            return None

    @staticmethod
    def entry(result: DocumentResult, rendered: Rendered) -> Entry:
        """What to store for a result: see `entry`."""
        return entry(result, rendered)

    def put(self, key: str, stored: Entry) -> None:
        """Queue an entry made by `entry`; entries are written in batches."""
        if not self.broken:
            self._documents.append((key, *stored))
            self._flush_when_due()

    def put_file(self, path: str, file_signature: str, key: str) -> None:
        """Queue what a file looked like when its text had `key`."""
        if not self.broken:
            self._files.append((self.context, path, file_signature, key))
            self._flush_when_due()

    def _flush_when_due(self) -> None:
        if len(self._documents) + len(self._files) + len(self._names) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write the queued records in one transaction."""
        if not self._documents and not self._files and not self._names:
            return
        documents, self._documents = self._documents, []
        files, self._files = self._files, []
        names, self._names = self._names, []
        try:
            conn = self._connection()
            if conn is None:
                return
            with conn:
                conn.executemany(_PUT_DOCUMENT, documents)
                conn.executemany(_PUT_FILE, files)
                conn.executemany(_PUT_NAMES, names)
            self.stored += len(documents)
        except sqlite3.Error as exc:
            self._disable(exc)

    def close(self) -> None:
        """Flush and close this process's connection."""
        self.flush()
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None
