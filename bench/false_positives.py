"""Measure findings on human French (the false-positive yardstick) and on MT output.

Usage: python bench/false_positives.py [--shared ../shared] [--list]

Prints, for the 61 human reference documents of WMT21 de-fr, for newstest2014 (grouped
into documents of 20 sentences) and for each WMT21 system: words, findings per severity,
major+critical findings per 10,000 words, verdicts, and the findings per rule.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.run.pipeline import Options, audit_text  # noqa: E402
from auditor.ruleset.loader import load_ruleset  # noqa: E402
from auditor.scanner import Engine  # noqa: E402


def documents(shared: Path) -> dict[str, list[tuple[str, str]]]:
    """Return the corpora as {name: [(path, text)]}."""
    out: dict[str, list[tuple[str, str]]] = {}
    ref = shared / "corpora" / "wmt21-de-fr" / "ref"
    out["wmt21-ref (human)"] = [(str(p), p.read_text(encoding="utf-8")) for p in sorted(ref.glob("*.txt"))]
    lines = (shared / "corpora" / "newstest2014-fr" / "newstest2014.fr.txt").read_text(encoding="utf-8").splitlines()
    out["newstest2014 (human)"] = [(f"newstest2014#{i // 20}", "\n".join(lines[i : i + 20])) for i in range(0, len(lines), 20)]
    for system in sorted((shared / "corpora" / "wmt21-de-fr" / "sys").iterdir()):
        out[f"sys/{system.name} (MT)"] = [(str(p), p.read_text(encoding="utf-8")) for p in sorted(system.glob("*.txt"))]
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the measurement and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--list", action="store_true", help="list every finding on human text")
    args = parser.parse_args(argv)
    engine = Engine(load_ruleset())
    options = Options(language="fr")
    for name, docs in documents(Path(args.shared)).items():
        words = 0
        sev: Counter[str] = Counter()
        rules: Counter[str] = Counter()
        verdicts: Counter[str] = Counter()
        listed = []
        for path, text in docs:
            result = audit_text(text, engine, options, path)
            words += result.words
            verdicts[result.verdict] += 1
            for f in result.findings:
                sev[f.severity.value] += 1
                rules[f.rule_id] += 1
                if args.list and "human" in name:
                    listed.append(f"  {path}:{f.line}:{f.column}: {f.severity.value} [{f.rule_id}] {f.text!r} {f.detail}")
        serious = sev["major"] + sev["critical"]
        print(
            f"{name:<26} docs={len(docs):>4} words={words:>7} findings={sum(sev.values()):>4} "
            f"(minor {sev['minor']}, major {sev['major']}, critical {sev['critical']}) "
            f"major+critical/10k={serious * 10000 / max(words, 1):.2f} all/10k={sum(sev.values()) * 10000 / max(words, 1):.2f} "
            f"verdicts={dict(sorted(verdicts.items()))}"
        )
        if "human" in name:
            for rule, n in rules.most_common():
                print(f"    {rule:<40} {n:>4}  {n * 10000 / max(words, 1):.2f}/10k")
            print("\n".join(listed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
