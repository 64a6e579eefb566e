"""Measure false positives of the entity checks on human French: prints words, findings, rate and each finding."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from auditor.checks import CHECKS, Resources
from auditor.document import Document
from auditor.ruleset.loader import builtin_rules_dir
from auditor.entities.gazetteer import load_gazetteer_dir

import auditor.checks.entities  # noqa: F401  (registers the checks)
import auditor.checks.opennouns  # noqa: F401
import auditor.checks.openworld  # noqa: F401
import auditor.checks.pivot  # noqa: F401

CHECK_NAMES = ("name-variant", "name-as-noun", "first-name-common-word", "romanisation", "entity-consistency", "unknown-garbled", "pivot-garbled", "open-name-as-noun", "agentless-noun")
DEFAULT_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def documents(corpora: Path, lines_as_documents: bool) -> list[tuple[str, str]]:
    """Return (name, text) for every human French document of the shared corpora."""
    docs = [(str(p.relative_to(corpora)), p.read_text(encoding="utf-8")) for p in sorted((corpora / "wmt21-de-fr" / "ref").glob("*.txt"))]
    newstest = corpora / "newstest2014-fr" / "newstest2014.fr.txt"
    text = newstest.read_text(encoding="utf-8")
    if lines_as_documents:  # newstest2014 is 3,003 sentences of many articles, not one document
        docs += [(f"{newstest.relative_to(corpora)}:{i}", line) for i, line in enumerate(text.splitlines(), 1)]
    else:
        docs.append((str(newstest.relative_to(corpora)), text))
    return docs


def main(argv: list[str] | None = None) -> int:
    """Run every entity check over the corpora and print the findings and the rate per 20,000 words."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--lines", action="store_true", help="treat each newstest line as its own document")
    args = parser.parse_args(argv)
    if not args.corpora.is_dir():
        print(f"corpora not found: {args.corpora}", file=sys.stderr)
        return 2
    resources = Resources(gazetteer=load_gazetteer_dir(builtin_rules_dir()))
    detectors = [(name, CHECKS[name].factory({}, resources)) for name in CHECK_NAMES]
    words = 0
    per_check = dict.fromkeys(CHECK_NAMES, 0)
    findings = []
    for name, text in documents(args.corpora, args.lines):
        doc = Document(text, path=name)
        words += doc.word_count
        for check, detect in detectors:
            for hit in detect(doc):
                per_check[check] += 1
                line, col = doc.position(hit.start)
                findings.append(f"{name}:{line}:{col}: [{check}] {text[hit.start:hit.end]!r} -> {', '.join(hit.suggestions)} | {doc.excerpt(hit.start, hit.end)}")
    for finding in findings:
        print(finding)
    total = len(findings)
    print(f"gazetteer entries: {len(resources.gazetteer)}")
    print(f"words: {words}")
    for check, count in per_check.items():
        print(f"  {check}: {count}")
    print(f"findings: {total}")
    print(f"rate: {total * 20000 / max(words, 1):.2f} per 20,000 words (target < 1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
