"""Print corpus BLEU, chrF++ and TER of the nine WMT21 de-fr systems as auditor computes them.

Usage: PYTHONPATH=. python bench/wmt21_metrics.py [--corpus DIR] [--jobs N] [--out FILE.json]
                                                  [--systems A B ...] [--no-ter] [--no-rules]

Each system document is aligned with the reference of the same name (auditor.metrics.align);
document statistics are computed in worker processes and summed in name order by
CorpusMetrics, so the corpus scores equal `sacrebleu` on the concatenated segments.
--out writes per-document scores (and alignment warnings) as JSON, so the rule-based score
can be correlated later with `rule_chrf_correlation` without recomputing TER.
Unless --no-rules, each document is also audited with the built-in rules (language fr) and the
Spearman correlation between the rule-based score and chrF++ is printed per system, pooled over
all documents, and across systems (mean rule score vs corpus chrF++).
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


_ENGINE = None


def rule_score(text: str) -> float:
    """Audit one French text with the built-in rules and return its rule-based score (0-100)."""
    global _ENGINE
    from auditor.run.pipeline import Options, audit_text  # lazy: the bench also runs without rules
    from auditor.ruleset.loader import load_ruleset
    from auditor.scanner import Engine

    if _ENGINE is None:  # one rule set per worker process
        _ENGINE = Engine(load_ruleset())
    return audit_text(text, _ENGINE, Options(language="fr")).score


def _stats_for(job: tuple[str, str, tuple[str, ...], bool]):
    """Worker: align one document pair, compute its statistics and (optionally) its rule score."""
    hyp_path, ref_path, names, with_rules = job
    hyp_text = Path(hyp_path).read_text(encoding="utf-8")
    alignment = align(hyp_text, Path(ref_path).read_text(encoding="utf-8"))
    return alignment, document_stats(alignment, names=names), rule_score(hyp_text) if with_rules else None


def score_system(
    system_dir: Path,
    ref_dir: Path,
    pool: ProcessPoolExecutor,
    names: Sequence[str],
    with_rules: bool,
) -> tuple[Mapping[str, float], list[dict]]:
    """Return the corpus scores of one system and its per-document records."""
    corpus = CorpusMetrics(names=names)
    jobs = [
        (str(hyp), str(ref_dir / hyp.name), tuple(names), with_rules)
        for hyp in sorted(system_dir.glob("*.txt"))
    ]
    documents = []
    for job, (alignment, stats, rules) in zip(jobs, pool.map(_stats_for, jobs)):
        corpus.add_stats(stats, alignment.aligned)
        documents.append(
            {
                "document": Path(job[0]).name,
                "aligned": alignment.aligned,
                "hyp_segments": alignment.hyp_count,
                "ref_segments": alignment.ref_count,
                "warning": alignment.warning,
                **scores_from_stats(stats),
                **({} if rules is None else {"rule_score": rules}),
            }
        )
    return corpus.result(), documents


def _mean(documents: Sequence[Mapping]) -> float:
    """Mean rule-based score of a system's documents."""
    return sum(d["rule_score"] for d in documents) / len(documents)


def _fmt(rho: float | None) -> str:
    """Format a correlation, or say it is undefined."""
    return "n/a" if rho is None else f"{rho:+.3f}"


def _rho(documents: Sequence[Mapping]) -> str:
    """Spearman's rho between the documents' rule scores and chrF++, formatted."""
    return _fmt(rule_chrf_correlation((d["rule_score"], d["chrf"]) for d in documents))


def main(argv: Sequence[str] | None = None) -> int:
    """Score every system folder and print one table row per system."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--systems", nargs="*", default=None)
    parser.add_argument("--no-ter", action="store_true", help="skip TER (slow on long segments)")
    parser.add_argument("--no-rules", action="store_true", help="skip the rule-based correlation")
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
    with_rules = not args.no_rules
    print(f"{'system':<10} {'docs':>4} {'misaligned':>10} " + " ".join(f"{n:>7}" for n in names)
          + (f" {'rules':>7} {'rho':>6}" if with_rules else "") + f" {'seconds':>8}")
    record = {"signatures": dict(signatures()), "systems": {}}
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for system in systems:
            start = time.perf_counter()
            result, documents = score_system(system, args.corpus / "ref", pool, names, with_rules)
            elapsed = time.perf_counter() - start
            misaligned = sum(not d["aligned"] for d in documents)
            print(
                f"{system.name:<10} {len(documents):>4} {misaligned:>10} "
                + " ".join(f"{result[n]:>7.2f}" for n in names)
                + (f" {_mean(documents):>7.2f} {_rho(documents):>6}" if with_rules else "")
                + f" {elapsed:>8.1f}",
                flush=True,
            )
            record["systems"][system.name] = {"corpus": dict(result), "documents": documents}
    if with_rules:
        runs = record["systems"].values()
        pooled = [d for run in runs for d in run["documents"]]
        across = rule_metric_correlation(
            (_mean(run["documents"]), run["corpus"]["chrf"]) for run in runs
        )
        print(f"rule score vs chrF++, pooled over {len(pooled)} documents: rho = {_rho(pooled)}")
        print(f"rule score (system mean) vs corpus chrF++, over {len(runs)} systems: rho = "
              f"{_fmt(across)}")
    if args.out:
        args.out.write_text(json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
