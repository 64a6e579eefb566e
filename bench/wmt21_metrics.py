"""Print corpus BLEU, chrF++ and TER of the nine WMT21 de-fr systems as auditor computes them.

Usage: PYTHONPATH=. python bench/wmt21_metrics.py [--corpus DIR] [--jobs N] [--out FILE.json]
                                                  [--systems A B ...] [--no-ter]

Each system document is aligned with the reference of the same name (auditor.metrics.align);
document statistics are computed in worker processes and summed in name order by
CorpusMetrics, so the corpus scores equal `sacrebleu` on the concatenated segments.
--out writes per-document scores (and alignment warnings) as JSON, so the rule-based score
can be correlated later with `rule_chrf_correlation` without recomputing TER.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from auditor.metrics import (
    METRIC_NAMES,
    CorpusMetrics,
    align,
    document_stats,
    rule_metric_correlation,
    scores_from_stats,
    signatures,
)

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "wmt21-de-fr"


def rule_chrf_correlation(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Spearman's rho between per-document (rule-based score, chrF++) pairs."""
    return rule_metric_correlation(pairs)


def _stats_for(job: tuple[str, str, tuple[str, ...]]):
    """Worker: align one document pair and compute its statistics."""
    hyp_path, ref_path, names = job
    alignment = align(
        Path(hyp_path).read_text(encoding="utf-8"), Path(ref_path).read_text(encoding="utf-8")
    )
    return alignment, document_stats(alignment, names=names)


def score_system(
    system_dir: Path, ref_dir: Path, pool: ProcessPoolExecutor, names: Sequence[str]
) -> tuple[Mapping[str, float], list[dict]]:
    """Return the corpus scores of one system and its per-document records."""
    corpus = CorpusMetrics(names=names)
    jobs = [
        (str(hyp), str(ref_dir / hyp.name), tuple(names))
        for hyp in sorted(system_dir.glob("*.txt"))
    ]
    documents = []
    for (hyp, _, _), (alignment, stats) in zip(jobs, pool.map(_stats_for, jobs)):
        corpus.add_stats(stats, alignment.aligned)
        documents.append(
            {
                "document": Path(hyp).name,
                "aligned": alignment.aligned,
                "hyp_segments": alignment.hyp_count,
                "ref_segments": alignment.ref_count,
                "warning": alignment.warning,
                **scores_from_stats(stats),
            }
        )
    return corpus.result(), documents


def main(argv: Sequence[str] | None = None) -> int:
    """Score every system folder and print one table row per system."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--systems", nargs="*", default=None)
    parser.add_argument("--no-ter", action="store_true", help="skip TER (slow on long segments)")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    names = tuple(n for n in METRIC_NAMES if not (args.no_ter and n == "ter"))
    systems = sorted(p for p in (args.corpus / "sys").iterdir() if p.is_dir())
    if args.systems:
        systems = [p for p in systems if p.name in args.systems]
    for name, signature in signatures().items():
        print(f"# {name}: {signature}")
    print(f"{'system':<10} {'docs':>4} {'misaligned':>10} " + " ".join(f"{n:>7}" for n in names)
          + f" {'seconds':>8}")
    record = {"signatures": dict(signatures()), "systems": {}}
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for system in systems:
            start = time.perf_counter()
            result, documents = score_system(system, args.corpus / "ref", pool, names)
            elapsed = time.perf_counter() - start
            misaligned = sum(not d["aligned"] for d in documents)
            print(
                f"{system.name:<10} {len(documents):>4} {misaligned:>10} "
                + " ".join(f"{result[n]:>7.2f}" for n in names)
                + f" {elapsed:>8.1f}",
                flush=True,
            )
            record["systems"][system.name] = {"corpus": dict(result), "documents": documents}
    if args.out:
        args.out.write_text(json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
