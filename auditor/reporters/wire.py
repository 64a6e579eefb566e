"""The versioned JSON wire form of results: the canonical record every format derives from."""

from __future__ import annotations

from typing import Any

from auditor import SCHEMA_VERSION
from auditor.identity import identify_findings
from auditor.model import CATEGORY_DIMENSIONS, DocumentResult, RunSummary, Severity


def document_record(result: DocumentResult) -> dict[str, Any]:
    """Return the JSON record of one document (no timestamps: byte-identical across runs)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "path": result.path,
        "key": result.key,
        "source": result.source,
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
        "findings": [
            {**f.to_dict(), "fingerprint": ident.fingerprint} for f, ident in zip(result.findings, identify_findings(result.findings))
        ],
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
        **dict(summary.extra),
    }
