"""The versioned JSON wire form of results: the canonical record every format derives from."""

from __future__ import annotations

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


def result_fields(result: DocumentResult, identities: Sequence[Identity] | None = None) -> dict[str, Any]:
    """The rest of a document record: what was found, the same wherever the text lies."""
    if identities is None:
        identities = identify_findings(result.findings)
    return {
        "language": result.language,
        "encoding": result.encoding,
        "words": result.words,
        "penalty": result.penalty,
        "score": result.score,
        "verdict": result.verdict,
        "error": result.error,
        "notes": list(result.notes),
        "counts": {
            "severity": {s.value: result.count(s) for s in Severity},
            "category": {d: result.count_dimension(d) for d in CATEGORY_DIMENSIONS},
        },
        "findings": [{**f.to_dict(), "fingerprint": ident.fingerprint} for f, ident in zip(result.findings, identities)],
        "suppressed": result.suppressed,
        **({"extra": dict(result.extra)} if result.extra else {}),
    }


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
