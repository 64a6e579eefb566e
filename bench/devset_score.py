"""Score a development set: recall per class, every miss and every false flag.

A development set is a YAML file (see bench/devset/README.md):

    classes:                       # class -> rule-id prefixes that may claim its spans
      garbled: [fr.entity]
      clean: []                    # a class with no prefixes holds clean texts
    cases:
      - id: garbled-001
        class: garbled
        note: Keir Starmer          # free text: the entity or construction
        text: "Le Premier ministre [[Kir Starmer]] a annoncé..."
        verdict: review             # optional: the verdict the document must get
    batches:                       # optional: folders audited together by `scan`
      - id: batch-001
        class: batch
        documents: ["text with a [[variant]]", "text with the right spelling", ...]

A marked span `[[...]]` is caught when a finding of one of its class's rule prefixes
overlaps it. A text of a class without prefixes must come out with no finding at all;
every finding on it is a false flag. Findings outside the marked spans of a flagged text
are printed as "extra", for reading, and counted as false flags too.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

ROOT = Path(__file__).resolve().parents[1]
MARK_OPEN, MARK_CLOSE = "[[", "]]"


@dataclass(frozen=True)
class Case:
    """One text of the set, with its marked spans removed from the text and kept as offsets."""

    id: str
    cls: str
    text: str
    spans: tuple[tuple[int, int], ...]
    verdict: str = ""
    note: str = ""


def unmark(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Strip [[...]] marks; return the plain text and the marked spans as offsets."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    i = 0
    while True:
        j = marked.find(MARK_OPEN, i)
        if j < 0:
            out.append(marked[i:])
            break
        k = marked.find(MARK_CLOSE, j)
        if k < 0:
            raise ValueError(f"unclosed {MARK_OPEN} in {marked!r}")
        out.append(marked[i:j])
        start = sum(map(len, out))
        out.append(marked[j + 2 : k])
        spans.append((start, start + k - j - 2))
        i = k + 2
    return "".join(out), tuple(spans)


def load_set(path: Path) -> tuple[dict[str, tuple[str, ...]], list[Case], list[tuple[str, str, list[Case]]]]:
    """Read a development set file: its classes, single cases and batches."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    classes = {name: tuple(prefixes or ()) for name, prefixes in data["classes"].items()}
    cases = []
    for raw in data.get("cases", []):
        text, spans = unmark(raw["text"])
        if raw["class"] not in classes:
            raise ValueError(f"{path}: case {raw['id']}: unknown class {raw['class']!r}")
        if any(case.id == raw["id"] for case in cases):
            # Results are keyed by id: a second case of the same id would be scored with the first's findings.
            raise ValueError(f"{path}: case {raw['id']}: id used twice")
        cases.append(Case(raw["id"], raw["class"], text, spans, raw.get("verdict", ""), raw.get("note", "")))
    batches = []
    for raw in data.get("batches", []):
        docs = []
        for n, marked in enumerate(raw["documents"]):
            text, spans = unmark(marked)
            docs.append(Case(f"{raw['id']}/{n:02d}", raw["class"], text, spans, "", raw.get("note", "")))
        batches.append((raw["id"], raw["class"], docs))
    return classes, cases, batches


def _claims(rule_id: str, prefixes: Sequence[str]) -> bool:
    return any(rule_id == p or rule_id.startswith(p.rstrip(".") + ".") for p in prefixes)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def audit_cases(cases: Iterable[Case], disable: Sequence[str], rules: Sequence[Path]) -> dict[str, list[dict[str, Any]]]:
    """Audit each case on its own, in-process; return its findings as dicts and its verdict."""
    from auditor.ruleset.loader import load_ruleset
    from auditor.run.pipeline import Options, audit_text
    from auditor.scanner import Engine

    engine = Engine(load_ruleset(paths=rules, disable=disable))
    out: dict[str, list[dict[str, Any]]] = {}
    for case in cases:
        result = audit_text(case.text, engine, Options(language="fr"), path=case.id)
        out[case.id] = [
            {"rule_id": f.rule_id, "start": f.start, "end": f.end, "severity": str(f.severity.value), "message": f.message,
             "verdict": result.verdict}
            for f in result.findings
        ] or [{"verdict": result.verdict}]
    return out


def audit_batch(docs: Sequence[Case], disable: Sequence[str], rules: Sequence[Path]) -> dict[str, list[dict[str, Any]]]:
    """Audit a batch with `auditor scan` as a nightly job would, so batch statistics apply."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for doc in docs:
            (folder / (doc.id.replace("/", "_") + ".txt")).write_text(doc.text, encoding="utf-8")
        cmd = [sys.executable, "-m", "auditor", "scan", str(folder), "--out", str(Path(tmp) / "out"), "--run-id", "dev",
               "--lang", "fr", "--format", "jsonl", "--fail-on", "never", "-q", "--no-cache", "--jobs", "1"]
        cmd += [a for d in disable for a in ("--disable", d)]
        cmd += [a for r in rules for a in ("--rules", str(r))]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
        out: dict[str, list[dict[str, Any]]] = {}
        by_name = {doc.id.replace("/", "_") + ".txt": doc.id for doc in docs}
        for line in done.stdout.splitlines():
            record = json.loads(line)
            name = Path(record["path"]).name
            if name not in by_name:
                continue
            findings = record.get("findings", [])
            out[by_name[name]] = [
                {"rule_id": f["rule_id"], "start": f["start"], "end": f["end"], "severity": f["severity"],
                 "message": f["message"], "verdict": record.get("verdict", "")}
                for f in findings
            ] or [{"verdict": record.get("verdict", "")}]
        if not out:
            raise RuntimeError(f"scan printed no records (exit {done.returncode}): {done.stderr[-2000:]}")
        return out


def score(path: Path, disable: Sequence[str], rules: Sequence[Path], verbose: bool) -> int:
    """Print recall per class, misses and false flags; return the number of false flags."""
    classes, cases, batches = load_set(path)
    results = audit_cases(cases, disable, rules)
    all_cases = list(cases)
    for _bid, _cls, docs in batches:
        results.update(audit_batch(docs, disable, rules))
        all_cases += docs
    caught: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses: list[str] = []
    false_flags: list[str] = []
    verdict_errors: list[str] = []
    by_class_flags: dict[str, int] = defaultdict(int)
    for case in all_cases:
        findings = [f for f in results.get(case.id, []) if "rule_id" in f]
        verdict = (results.get(case.id) or [{}])[0].get("verdict", "")
        prefixes = classes[case.cls]
        for span in case.spans:
            total[case.cls] += 1
            if any(_claims(f["rule_id"], prefixes) and _overlaps(span, (f["start"], f["end"])) for f in findings):
                caught[case.cls] += 1
            else:
                got = ", ".join(f"{f['rule_id']}@{case.text[f['start']:f['end']]!r}" for f in findings) or "nothing"
                misses.append(f"MISS  {case.id} [{case.cls}] {case.text[span[0]:span[1]]!r} ({case.note}); found: {got}")
        for f in findings:
            if not any(_overlaps(span, (f["start"], f["end"])) for span in case.spans):
                by_class_flags[case.cls] += 1
                kind = "FALSE" if not prefixes else "EXTRA"
                false_flags.append(f"{kind} {case.id} [{case.cls}] {f['severity']} {f['rule_id']} "
                                   f"{case.text[f['start']:f['end']]!r}: {f['message']}")
        if case.verdict and verdict != case.verdict:
            verdict_errors.append(f"VERDICT {case.id}: expected {case.verdict}, got {verdict}")
    print(f"development set {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
          + (f" (disabled: {', '.join(disable)})" if disable else ""))
    print(f"{'class':<16}{'caught':>8}{'spans':>8}{'recall':>9}{'texts':>7}{'false flags':>13}")
    texts = Counter(c.cls for c in all_cases)
    for cls in classes:
        recall = f"{100 * caught[cls] / total[cls]:.1f}%" if total[cls] else "-"
        print(f"{cls:<16}{caught[cls]:>8}{total[cls]:>8}{recall:>9}{texts[cls]:>7}{by_class_flags[cls]:>13}")
    if verbose:
        for line in misses + false_flags + verdict_errors:
            print(line)
    else:
        for line in [m for m in false_flags if m.startswith("FALSE")] + verdict_errors:
            print(line)
    return sum(by_class_flags[c] for c in classes if not classes[c]) + len(verdict_errors)


def main(argv: list[str] | None = None) -> int:
    """Score one or more development sets; exit 1 when a clean text got a finding or a verdict is wrong."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="*", type=Path, help="set files (default: every bench/devset/*.yaml)")
    parser.add_argument("--disable", action="append", default=[], help="rule id or prefix to disable (repeatable)")
    parser.add_argument("--rules", action="append", type=Path, default=[], help="extra rule file or folder")
    parser.add_argument("-v", "--verbose", action="store_true", help="also print every miss and extra finding")
    args = parser.parse_args(argv)
    sets = args.sets or sorted((ROOT / "bench" / "devset").glob("*.yaml"))
    bad = 0
    for path in sets:
        bad += score(path.resolve(), args.disable, args.rules, args.verbose)
        print()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
