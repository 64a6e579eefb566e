"""The versioned JSON wire form of results: the canonical record every format derives from."""

from __future__ import annotations

from collections import Counter
from typing import Any, Sequence

from auditor import SCHEMA_VERSION
from auditor.run.identity import Identity, identify_findings
from auditor.model import CATEGORY_DIMENSIONS, DocumentResult, RunSummary, Severity


def document_record(result: DocumentResult, identities: Sequence[Identity] | None = None) -> dict[str, Any]:
    """Return the JSON record of one document (no timestamps: byte-identical across runs)."""
    return {**location_fields(result.path, result.key, result.source), **result_fields(result, identities)}


def with_kept(record: dict[str, Any], kept: dict[str, str] | None) -> dict[str, Any]:
    """The record with a run's --keep-field values last, under "kept_fields" (absent when the run keeps none)."""
    if kept is not None:
        record["kept_fields"] = kept
    return record


def location_fields(path: str, key: str, source: str) -> dict[str, Any]:
    """The head of a document record: schema and where the document is."""
    return {"schema_version": SCHEMA_VERSION, "path": path, "key": key, "source": source}


def result_fields(
    result: DocumentResult, identities: Sequence[Identity] | None = None, counts: tuple[dict[str, int], dict[str, int]] | None = None
) -> dict[str, Any]:
    """The rest of a document record: what was found, the same wherever the text lies; `counts` is its `finding_counts` when known."""
    if identities is None:
        identities = identify_findings(result.findings)
    severities, dimensions = counts or finding_counts(result)
    return {
        "language": result.language,
        "encoding": result.encoding,
        "words": result.words,
        "penalty": result.penalty,
        "score": result.score,
        "verdict": result.verdict,
        "error": result.error,
        "notes": list(result.notes),
        "counts": {"severity": severities, "category": dimensions},
        "findings": [{**f.to_dict(), "fingerprint": ident.fingerprint} for f, ident in zip(result.findings, identities)],
        "suppressed": result.suppressed,
        **({"extra": dict(result.extra)} if result.extra else {}),
    }


_SEVERITIES = tuple((s.value, id(s)) for s in Severity)


def finding_counts(result: DocumentResult) -> tuple[dict[str, int], dict[str, int]]:
    """Return result.count per severity and result.count_dimension per dimension, from one pass each."""
    findings = result.findings
    if not findings:
        return {value: 0 for value, _ in _SEVERITIES}, dict.fromkeys(CATEGORY_DIMENSIONS, 0)
    # Counted by identity, as `count` compares with `is`.
    severities = Counter([id(f.severity) for f in findings])
    dimensions = Counter([f.category.split("/", 1)[0] for f in findings])
    return {value: severities[key] for value, key in _SEVERITIES}, {d: dimensions[d] for d in CATEGORY_DIMENSIONS}


def summary_record(summary: RunSummary) -> dict[str, Any]:
    """Return the JSON form of run totals."""
    return {
        "documents": summary.documents,
        "errors": summary.errors,
        "words": summary.words,
        "findings": summary.findings,
        "by_severity": dict(summary.by_severity),
        "by_category": dict(summary.by_category),
        "by_rule": dict(summary.by_rule),
        "by_verdict": dict(summary.by_verdict),
        "exit_code": summary.exit_code,
        "suppressed": summary.suppressed,
        **dict(summary.extra),
    }
