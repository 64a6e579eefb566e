"""Time the entity checks and the whole audit over the human and MT corpora (CPU seconds, best of N runs)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from auditor.checks import CHECKS, Resources
from auditor.document import Document
from auditor.run.pipeline import Options, audit_text
from auditor.ruleset.loader import load_ruleset
from auditor.scanner import Engine

import auditor.checks.entities  # noqa: F401  (registers the checks)
import auditor.checks.opennouns  # noqa: F401
import auditor.checks.openworld  # noqa: F401
import auditor.checks.pivot  # noqa: F401

DEFAULT_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
ENTITY_RULES = (
    "fr.entity.name-variant", "fr.entity.name-as-noun", "fr.entity.first-name-common-word", "fr.locale.romanisation", "fr.entity.consistency",
    "fr.entity.unknown-garbled", "fr.entity.pivot-garbled", "fr.entity.name-as-noun-open",
)


def corpus_texts(corpora: Path) -> list[str]:
    """Return every human and MT French document: wmt21 references and systems, newstest2014 by line."""
    paths = sorted((corpora / "wmt21-de-fr" / "ref").glob("*.txt")) + sorted((corpora / "wmt21-de-fr" / "sys").rglob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    texts += (corpora / "newstest2014-fr" / "newstest2014.fr.txt").read_text(encoding="utf-8").splitlines()
    return [t for t in texts if t.strip()]


def best_of(runs: int, work, setup=lambda: None) -> float:
    """Return the least CPU time of `runs` calls of `work(setup())`: CPU time, as other processes share the machine."""
    best = float("inf")
    for _ in range(runs):
        prepared = setup()
        t0 = time.process_time()
        work(prepared)
        best = min(best, time.process_time() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    """Print the CPU time of the entity checks alone, each, and of audit_text over every document."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    texts = corpus_texts(args.corpora)
    size = sum(len(t.encode()) for t in texts) / 1e6
    ruleset = load_ruleset()
    rules = ruleset.by_id()
    resources = Resources(gazetteer=ruleset.gazetteer)
    detectors = {
        r: CHECKS[rules[r].params["check"]].factory(rules[r].params.get("params") or {}, resources) for r in ENTITY_RULES if r in rules
    }

    def fresh_documents() -> list[Document]:
        """New documents (no cached analysis), with the views the rule kinds and the duplicate and
        typography checks compute for every document anyway: shared, so not the entity checks' cost."""
        docs = [Document(text) for text in texts]
        for doc in docs:
            doc.folded, doc.paragraph_words
        return docs

    def run_checks(names, docs: list[Document]) -> None:
        for doc in docs:
            for name in names:
                list(detectors[name](doc))

    run_checks(detectors, fresh_documents())  # warm-up: frequency tables, analysers, per-worker memos
    print(f"documents: {len(texts)}, {size:.2f} MB")
    all_checks = best_of(args.runs, lambda docs: run_checks(detectors, docs), fresh_documents)
    print(f"entity checks together: {all_checks:.3f} s ({size / all_checks:.1f} MB/s)")
    # The analysis shared by every check runs with the first one: each check alone is timed
    # after name-variant, which pays for it.
    base = best_of(args.runs, lambda docs: run_checks(["fr.entity.name-variant"], docs), fresh_documents)
    for name in detectors:
        if name != "fr.entity.name-variant":
            extra = best_of(args.runs, lambda docs: run_checks(["fr.entity.name-variant", name], docs), fresh_documents) - base
            print(f"  {name}: +{extra:.3f} s")
    engine = Engine(ruleset)
    options = Options(language="fr")
    total = best_of(max(1, args.runs // 2), lambda _: [audit_text(t, engine, options) for t in texts])
    print(f"audit_text: {total:.2f} s ({size / total:.2f} MB/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
