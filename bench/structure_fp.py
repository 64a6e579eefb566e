"""False-positive rate and speed of the structure rules (rules/fr/structure.yaml) on human French.

Runs every rule of the structure file, alone, over the human French in ../shared/corpora:
the WMT21 de-fr references (one document per file) and newstest2014 (groups of
--group lines as documents). Prints, per rule, the findings, the findings per 10,000
words and the throughput, then lists every finding.

    PYTHONPATH=. python bench/structure_fp.py [--corpora DIR] [--group 20] [--quiet]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from auditor.checks import Resources
from auditor.document import Document
from auditor.ruleset.loader import load_file
from auditor.scanner import audit, compile_rules

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules" / "fr" / "structure.yaml"


def load_documents(corpora: Path, group: int) -> list[tuple[str, str]]:
    """Return (name, text) for every human French document of the corpora."""
    docs = [(f"ref/{p.name}", p.read_text(encoding="utf-8")) for p in sorted((corpora / "wmt21-de-fr" / "ref").glob("*.txt"))]
    lines = (corpora / "newstest2014-fr" / "newstest2014.fr.txt").read_text(encoding="utf-8").splitlines()
    for i in range(0, len(lines), group):
        docs.append((f"newstest2014:{i + 1}-{min(i + group, len(lines))}", "\n".join(lines[i:i + group]) + "\n"))
    return docs


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table and findings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--group", type=int, default=20, help="newstest2014 lines per document")
    parser.add_argument("--quiet", action="store_true", help="print the table only, not the findings")
    args = parser.parse_args(argv)

    docs = [Document(text, path=name, language="fr") for name, text in load_documents(args.corpora, args.group)]
    words = sum(d.word_count for d in docs)
    megabytes = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    rules, _ = load_file(RULES)
    print(f"{len(docs)} documents, {words} words, {megabytes:.2f} MB, {len(rules)} rules from {RULES.relative_to(ROOT)}\n")

    # Build the shared document views (folded text, lines, paragraphs) once, timed apart,
    # so each rule's time is its own work.
    t0 = time.perf_counter()
    for d in docs:
        d.folded, d.lines, d.paragraphs, d.line_starts, d.word_count  # noqa: B018
    views = time.perf_counter() - t0
    print(f"document views (folded text, lines, paragraphs): {megabytes / views:.1f} MB/s\n")

    listing = []
    total_time = 0.0
    print(f"{'rule':45} {'findings':>8} {'per 10k words':>14} {'MB/s':>8}")
    for rule in rules:
        compiled = compile_rules([rule], Resources(), {})
        audit(Document("Warm-up.", language="fr"), compiled)  # lazy imports (sacrebleu) happen here
        t0 = time.perf_counter()
        found = [(d, f) for d in docs for f in audit(d, compiled).findings]
        elapsed = time.perf_counter() - t0
        total_time += elapsed
        rate = len(found) * 10_000 / words
        print(f"{rule.id:45} {len(found):8d} {rate:14.2f} {megabytes / elapsed:8.1f}")
        listing += [(rule.id, d.path, f) for d, f in found]
    print(f"{'all rules, one at a time':45} {len(listing):8d} {len(listing) * 10_000 / words:14.2f} {megabytes / total_time:8.1f}")

    compiled = compile_rules(rules, Resources(), {})
    audit(Document("Warm-up.", language="fr"), compiled)
    fresh = [Document(d.text, path=d.path, language="fr") for d in docs]
    t0 = time.perf_counter()
    together = sum(len(audit(d, compiled).findings) for d in fresh)
    elapsed = time.perf_counter() - t0
    label = "all rules together, views included"
    print(f"{label:45} {together:8d} {together * 10_000 / words:14.2f} {megabytes / elapsed:8.1f}")

    if not args.quiet:
        print("\nFindings:")
        for rule_id, path, f in listing:
            print(f"  {path}:{f.line}:{f.column}: [{rule_id}] {f.text[:70]!r} {f.detail}  | {f.excerpt[:110]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
