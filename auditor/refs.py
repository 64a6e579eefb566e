"""Reference metrics as a pipeline stage: pair each audited document with its reference."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from auditor.metrics import (
    DEFAULT_TOKENIZE,
    METRIC_NAMES,
    CorpusMetrics,
    align,
    document_stats,
    missing_reference_note,
    rank_correlation,
    scores_from_stats,
    signatures,
)
from auditor.model import DocumentResult
from auditor.inputs.reading import read_file


def _round(value: float) -> float:
    """Round a metric for reports: sacrebleu prints at most 4 decimals."""
    return round(value, 4)


@dataclass
class ReferenceScorer:
    """Adds BLEU, chrF++ and TER to each document that has a reference, and keeps corpus totals.

    Runs in the parent process, after the (possibly cached) audit: only summed sacrebleu
    statistics and one (score, metrics) triple per document are kept, so memory stays small.
    """

    refs_dir: Path
    tokenize: str = DEFAULT_TOKENIZE
    names: tuple[str, ...] = METRIC_NAMES  # TER costs seconds per long unaligned document
    corpus: CorpusMetrics = field(init=False)
    pairs: list[tuple[float, float, float, float]] = field(default_factory=list, init=False)
    missing: int = field(default=0, init=False)
    unreadable: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.corpus = CorpusMetrics(self.tokenize, self.names)

    def reference_path(self, key: str) -> Path:
        """The reference of a document sits at the same relative path under the refs folder."""
        return self.refs_dir.joinpath(*[p for p in Path(key).parts if p not in ("..", "/")])

    def __call__(self, result: DocumentResult, text: str | None) -> DocumentResult:
        """Return the result with reference metrics (or a note saying why there are none)."""
        if result.error or text is None:
            return result
        path = self.reference_path(result.key)
        if not path.is_file():
            self.missing += 1
            return replace(result, notes=(*result.notes, missing_reference_note(str(path))), extra={**result.extra, "reference": {"status": "missing", "path": str(path)}})
        decoded = read_file(path)
        if decoded.error:
            self.unreadable += 1
            note = f"reference {path} unreadable: {decoded.error}"
            return replace(result, notes=(*result.notes, note), extra={**result.extra, "reference": {"status": "unreadable", "path": str(path)}})
        alignment = align(text, decoded.text)
        stats = document_stats(alignment, self.tokenize, self.names)
        self.corpus.add_stats(stats, alignment.aligned)
        scores = scores_from_stats(stats, self.tokenize)
        record: dict[str, Any] = {
            "status": "aligned" if alignment.aligned else "document-level",
            "path": str(path),
            "segments": len(alignment.hyp_segments),
            **{name: _round(value) for name, value in scores.items()},
        }
        notes = result.notes if alignment.aligned else (*result.notes, alignment.warning)
        if result.score is not None:
            self.pairs.append((result.score, *(scores.get(m, float("nan")) for m in METRIC_NAMES)))
        return replace(result, notes=notes, extra={**result.extra, "reference": record})

    def totals(self) -> dict[str, Any]:
        """Corpus metrics, signatures, coverage and the rank correlation with the rule-based score."""
        scores = [p[0] for p in self.pairs]

        def rho(i: int) -> float | None:
            if METRIC_NAMES[i - 1] not in self.names:
                return None
            value = rank_correlation(scores, [p[i] for p in self.pairs])
            return None if value is None else round(value, 4)

        return {
            "documents_with_reference": self.corpus.documents,
            "document_level_fallbacks": self.corpus.misaligned,
            "missing_references": self.missing,
            "unreadable_references": self.unreadable,
            "corpus": {name: _round(value) for name, value in self.corpus.result().items()},
            "signatures": {m: sig for m, sig in signatures(self.tokenize).items() if m in self.names},
            # Spearman's rho over documents with a reference: does the rule score track quality?
            # Higher chrF++/BLEU is better and lower TER is better, so a useful rule score gives
            # positive rho with chrF++/BLEU and negative rho with TER.
            "spearman_score_vs": {"bleu": rho(1), "chrf": rho(2), "ter": rho(3)},
        }
