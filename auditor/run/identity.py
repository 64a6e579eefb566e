"""Finding identities that survive edits elsewhere in a document, and baselines built on them.

A finding is identified by its rule, the text it matched and a few normalised words of
context on each side, plus an occurrence index when the same triple repeats. Offsets
are deliberately left out: a sentence added above a finding must not make it "new".
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from auditor.document import WORD_RE
from auditor.model import Finding

CONTEXT_WORDS = 3  # words kept on each side of the match
EXCERPT_WIDTH = 40  # must equal Document.excerpt's default width
_ELLIPSIS = "…"
BASELINE_KIND = "auditor-baseline"
BASELINE_COLUMNS = ("key", "rule_id", "text", "context", "occurrence", "fingerprint")


@dataclass(frozen=True)
class Identity:
    """What makes a finding the same finding from one night to the next."""

    rule_id: str
    text: str
    context: str  # "before words|after words", normalised
    occurrence: int = 0  # index among findings with the same rule, text and context

    @functools.cached_property  # asked for by the JSON record and by findings.csv
    def fingerprint(self) -> str:
        """Return a short stable hash of the identity (used in SARIF and baselines)."""
        raw = "\x1f".join((self.rule_id, _normal_text(self.text), self.context, str(self.occurrence)))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]

    def loose(self) -> tuple[str, str]:
        """Return the part of the identity that survives an edit right next to the finding."""
        return self.rule_id, normalise(self.text)


_APOSTROPHE_RE = re.compile(r"[’‘ʼ`´]")


def normalise(text: str) -> str:
    """Casefold, unify apostrophes and NFC, collapse whitespace: edits of form, not substance."""
    if text.isascii():  # NFC leaves ASCII as it is, casefold is lower, and '`' is its only apostrophe
        text = text.lower().replace("`", "'")
    else:
        text = unicodedata.normalize("NFC", text).casefold()
        text = _APOSTROPHE_RE.sub("'", text)
    if len(text) <= _COLLAPSED_CHARS:
        return " ".join(text.split())
    # A finding over a whole long page (its language): a list of its words held 1.8 million
    # strings for a 10 MB page. Pieces cut at whitespace join to the same text.
    parts = []
    pos = 0
    while pos < len(text):
        cut = next((i for i in range(pos + max(_COLLAPSED_CHARS, 1), len(text)) if text[i].isspace()), len(text))
        parts.append(" ".join(text[pos:cut].split()))
        pos = cut
    return " ".join(part for part in parts if part)


_COLLAPSED_CHARS = 1 << 16  # characters whose whitespace `normalise` collapses at a time


# A finding's text is normalised for its identity and again for its fingerprint, and the same
# names are flagged in document after document: the pure function is remembered.
_normal_text = functools.lru_cache(maxsize=4096)(normalise)


def _words(text: str) -> list[str]:
    """Return the word tokens of `text`."""
    return WORD_RE.findall(text)


def excerpt_span(excerpt: str, text: str, column: int) -> tuple[int, int]:
    """Return where the match sits in its excerpt (cut at the line end for multi-line matches).

    The excerpt holds EXCERPT_WIDTH characters of the match's line on each side, so the
    match starts at min(EXCERPT_WIDTH, column - 1) after the optional leading ellipsis.
    """
    prefix = 1 if excerpt.startswith(_ELLIPSIS) else 0
    at = prefix + min(EXCERPT_WIDTH, max(column - 1, 0))
    shown = text.split("\n", 1)[0].rstrip("\r").replace("\t", " ")
    if excerpt[at : at + len(shown)] != shown:
        found = excerpt.find(shown)
        at = found if found >= 0 else at
    return at, min(at + len(shown), len(excerpt))


def local_context(excerpt: str, text: str, column: int, width: int = CONTEXT_WORDS) -> str:
    """Return 'before|after': up to `width` whole words each side of the match in its excerpt."""
    prefix = 1 if excerpt.startswith(_ELLIPSIS) else 0
    at, end = excerpt_span(excerpt, text, column)
    before, after = excerpt[:at], excerpt[end:]
    before_words = _words(before.lstrip(_ELLIPSIS))
    after_words = _words(after.rstrip(_ELLIPSIS))
    # A word cut by the excerpt's edge would change with unrelated edits: drop it.
    if prefix and before_words and not before[1:2].isspace():
        before_words = before_words[1:]
    if after.endswith(_ELLIPSIS) and after_words and not after[-2:-1].isspace():
        after_words = after_words[:-1]
    return normalise(" ".join(before_words[-width:])) + "|" + normalise(" ".join(after_words[:width]))


def identify(findings: Iterable[Finding | Mapping[str, Any]]) -> list[Identity]:
    """Return the identity of each finding of one document, in the given order."""
    seen: dict[tuple[str, str, str], int] = defaultdict(int)
    out = []
    for f in findings:
        # Findings first: asking a Finding whether it is a Mapping goes through the ABC machinery.
        if isinstance(f, Finding) or not isinstance(f, Mapping):
            rule_id, text, excerpt, column = f.rule_id, f.text, f.excerpt, f.column
        else:
            rule_id, text, excerpt, column = f["rule_id"], f["text"], f["excerpt"], f["column"]
        context = local_context(excerpt, text, int(column))
        triple = (rule_id, _normal_text(text), context)
        out.append(Identity(rule_id, text, context, seen[triple]))
        seen[triple] += 1
    return out


@functools.lru_cache(maxsize=16)
def identify_findings(findings: tuple[Finding, ...]) -> tuple[Identity, ...]:
    """`identify` for one result's findings, computed once: every reporter of a document asks."""
    return tuple(identify(findings))


@dataclass(frozen=True)
class Matching:
    """How the findings of two versions of a document correspond."""

    pairs: tuple[tuple[int, int], ...]  # (old index, new index) of unchanged findings
    resolved: tuple[int, ...]  # old indices with no counterpart
    new: tuple[int, ...]  # new indices with no counterpart


def match(old: Sequence[Identity], new: Sequence[Identity]) -> Matching:
    """Pair findings: first by full identity, then leftovers by rule and text in order.

    The second pass keeps a finding "unchanged" when an edit touched the words next to it
    (its context changed) but the same rule still flags the same text.
    """
    exact: dict[Identity, list[int]] = defaultdict(list)
    for i, ident in enumerate(old):
        exact[ident].append(i)
    pairs: list[tuple[int, int]] = []
    left_new: list[int] = []
    for j, ident in enumerate(new):
        bucket = exact.get(ident)
        if bucket:
            pairs.append((bucket.pop(0), j))
        else:
            left_new.append(j)
    paired_old = {i for i, _ in pairs}
    loose: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, ident in enumerate(old):
        if i not in paired_old:
            loose[ident.loose()].append(i)
    still_new = []
    for j in left_new:
        bucket = loose.get(new[j].loose())
        if bucket:
            pairs.append((bucket.pop(0), j))
        else:
            still_new.append(j)
    resolved = sorted(i for bucket in loose.values() for i in bucket)
    return Matching(tuple(sorted(pairs, key=lambda p: p[1])), tuple(resolved), tuple(still_new))


@dataclass(frozen=True)
class Baseline:
    """Accepted findings per document key, read from a baseline file."""

    entries: Mapping[str, tuple[Identity, ...]]
    path: str = ""

    def for_document(self, key: str) -> tuple[Identity, ...]:
        """Return the accepted identities of a document, matching keys as path suffixes.

        A baseline written from `scan corpus/` holds keys relative to `corpus/`; `check
        corpus/a.txt` sees the path, so a key also matches the end of a path.
        """
        if key in self.entries:
            return self.entries[key]
        for base_key, idents in self.entries.items():
            if key.endswith("/" + base_key):
                return idents
        return ()

    def new_indices(self, key: str, identities: Sequence[Identity]) -> tuple[int, ...]:
        """Return the indices of `identities` that the baseline does not accept."""
        return match(self.for_document(key), identities).new


class BaselineError(Exception):
    """A baseline file cannot be read or has the wrong shape."""


def baseline_rows(documents: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Return baseline entries for per-file JSON records (as found in a run folder)."""
    rows = []
    for doc in documents:
        for ident in identify(doc.get("findings", ())):
            rows.append(
                {
                    "key": doc["key"],
                    "rule_id": ident.rule_id,
                    "text": ident.text,
                    "context": ident.context,
                    "occurrence": ident.occurrence,
                    "fingerprint": ident.fingerprint,
                }
            )
    return rows


def baseline_json(rows: Sequence[Mapping[str, Any]]) -> str:
    """Serialise baseline entries as the JSON baseline format."""
    record = {"schema_version": 1, "kind": BASELINE_KIND, "findings": list(rows)}
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def _csv_rows(raw: str) -> list[dict[str, str]]:
    """The rows of a CSV baseline, comma- or semicolon-separated (a French spreadsheet saves with ';')."""
    header = raw.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    # newline="" keeps a quoted cell's line breaks inside its cell, as the csv module asks
    return list(csv.DictReader(io.StringIO(raw, newline=""), delimiter=delimiter))


def load_baseline(path: Path) -> Baseline:
    """Read a JSON or CSV baseline; raise BaselineError with the file name on any problem."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    try:
        if path.suffix.lower() == ".csv":
            rows: list[Mapping[str, Any]] = _csv_rows(raw)
        else:
            record = json.loads(raw)
            if not isinstance(record, dict) or record.get("kind") != BASELINE_KIND:
                raise BaselineError(f"{path}: not an auditor baseline (expected \"kind\": \"{BASELINE_KIND}\")")
            rows = record.get("findings", [])
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    entries: dict[str, list[Identity]] = defaultdict(list)
    for n, row in enumerate(rows, 1):
        missing = [c for c in BASELINE_COLUMNS[:5] if c not in row]
        if missing:
            raise BaselineError(f"{path}: entry {n}: missing {', '.join(missing)}")
        try:
            occurrence = int(row["occurrence"])
        except (TypeError, ValueError):
            raise BaselineError(f"{path}: entry {n}: occurrence must be an integer") from None
        entries[str(row["key"])].append(Identity(str(row["rule_id"]), str(row["text"]), str(row["context"]), occurrence))
    return Baseline({k: tuple(v) for k, v in entries.items()}, str(path))
