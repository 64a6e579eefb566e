"""`auditor diff OLD_RUN NEW_RUN`: night-to-night comparison of two report folders."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from auditor.reporters.atomic import open_atomic, write_atomic
from auditor.commands.common import UsageError, baseline_from_args
from auditor.run.identity import Baseline, Identity, baseline_json, baseline_rows, identify, match
from auditor.model import Severity
from auditor.run.pipeline import EXIT_OK, EXIT_THRESHOLD, FAIL_ON
from auditor.reporters.csvfmt import safe_cell

NAME = "diff"
HELP = "compare two report folders: new, resolved and unchanged findings, score changes"

# Public CSV columns (docs/surfaces.md): append only.
DIFF_COLUMNS = (
    "path",
    "change",
    "rule_id",
    "category",
    "severity",
    "text",
    "old_line",
    "old_column",
    "new_line",
    "new_column",
    "suggestion",
    "message",
    "excerpt",
    "fingerprint",
    "baselined",
)
DOCUMENT_COLUMNS = (
    "path",
    "status",
    "old_score",
    "new_score",
    "score_change",
    "old_verdict",
    "new_verdict",
    "new",
    "resolved",
    "unchanged",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of `auditor diff`."""
    parser.add_argument("runs", nargs="+", metavar="RUN", help="OLD_RUN NEW_RUN, or one run with --baseline or --write-baseline")
    parser.add_argument("--out", dest="diff_out", default="", metavar="DIR", help="where diff.csv goes (default: NEW_RUN)")
    parser.add_argument("--baseline", default="", metavar="FILE", help="accepted findings: they never count as new toward --fail-on")
    parser.add_argument("--write-baseline", default="", metavar="FILE", help="write the last run's findings as a baseline (.json or .csv)")
    parser.add_argument("--fail-on", choices=FAIL_ON, default="critical", help="exit 1 when a new finding has this severity or worse")
    parser.add_argument("--excel", action="store_true", help="write CSVs with a UTF-8 BOM for Excel")


def load_run(folder: Path) -> dict[str, dict[str, Any]]:
    """Read every per-file JSON record of a run folder, keyed by document key."""
    files = folder / "files"
    if not files.is_dir():
        raise UsageError(f"{folder}: not a report folder (no files/ inside)")
    records = {}
    for path in sorted(files.rglob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UsageError(f"{path}: unreadable report file: {exc}") from None
        if not isinstance(record, dict) or "key" not in record:
            raise UsageError(f"{path}: not an auditor per-file record (no 'key')")
        problem = record_problem(record)
        if problem:
            raise UsageError(f"{path}: malformed per-file record: {problem}")
        records[record["key"]] = record
    return records


# What the comparison reads of each finding, and the JSON types it needs them to have.
_FINDING_FIELDS: Mapping[str, tuple[type, ...]] = {
    "rule_id": (str,), "text": (str,), "excerpt": (str,), "column": (int,), "line": (int,),
    "severity": (str,), "message": (str,), "category": (str,),
}


def record_problem(record: Mapping[str, Any]) -> str:
    """Say what in a per-file record the comparison could not use ("" when it is sound)."""
    if not isinstance(record["key"], str):
        return "'key' is not a string"
    score = record.get("score")
    if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))):
        return "'score' is not a number"
    findings = record.get("findings", [])
    if not isinstance(findings, list):
        return "'findings' is not a list"
    for n, f in enumerate(findings):
        if not isinstance(f, dict):
            return f"finding {n}: not an object"
        for name, types in _FINDING_FIELDS.items():
            if not isinstance(f.get(name), types) or isinstance(f.get(name), bool):
                return f"finding {n}: '{name}' is missing or not a {types[0].__name__}"
        if not isinstance(f.get("suggestions", []), list):
            return f"finding {n}: 'suggestions' is not a list"
    return ""


@dataclass(frozen=True)
class Side:
    """One version of a document's findings: wire records and their identities."""

    record: Mapping[str, Any] | None
    findings: Sequence[Mapping[str, Any]]
    identities: Sequence[Identity]

    @classmethod
    def of(cls, record: Mapping[str, Any] | None) -> "Side":
        """Build from a per-file record (None when the document is absent)."""
        findings = list(record.get("findings", ())) if record else []
        return cls(record, findings, identify(findings))

    @classmethod
    def accepted(cls, identities: Sequence[Identity]) -> "Side":
        """Build from baseline entries, which have no positions."""
        findings = [{"rule_id": i.rule_id, "text": i.text} for i in identities]
        return cls(None, findings, list(identities))


@dataclass(frozen=True)
class DocumentDiff:
    """How one document changed between the runs."""

    key: str
    path: str
    old: Side
    new: Side
    unchanged: tuple[tuple[int, int], ...]
    resolved: tuple[int, ...]
    added: tuple[int, ...]
    baselined: frozenset[int]  # new-side indices the baseline accepts
    status: str  # 'both', 'added' (only in the new run) or 'removed' (only in the old run)

    def score(self, side: Side) -> float | None:
        """Return a side's score, if it has one."""
        return side.record.get("score") if side.record else None


def compare(key: str, old: Side, new: Side, baseline: Baseline | None, status: str = "both") -> DocumentDiff:
    """Match a document's findings across the runs."""
    m = match(old.identities, new.identities)
    accepted: frozenset[int] = frozenset()
    if baseline is not None:
        not_accepted = set(baseline.new_indices(key, new.identities))
        accepted = frozenset(i for i in range(len(new.identities)) if i not in not_accepted)
    path = (new.record or old.record or {}).get("path", key)
    return DocumentDiff(key, path, old, new, m.pairs, m.resolved, m.new, accepted, status)


def diff_rows(d: DocumentDiff) -> Iterator[list[Any]]:
    """Return the diff.csv rows of a document: new, resolved and unchanged findings."""

    def row(change: str, f: Mapping[str, Any], ident: Identity, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None, baselined: bool) -> list[Any]:
        values = {
            "path": d.path,
            "change": change,
            "rule_id": f.get("rule_id", ""),
            "category": f.get("category", ""),
            "severity": f.get("severity", ""),
            "text": f.get("text", ""),
            "old_line": (old or {}).get("line", ""),
            "old_column": (old or {}).get("column", ""),
            "new_line": (new or {}).get("line", ""),
            "new_column": (new or {}).get("column", ""),
            "suggestion": " | ".join(f.get("suggestions", ())),
            "message": f.get("message", ""),
            "excerpt": f.get("excerpt", ""),
            "fingerprint": ident.fingerprint,
            "baselined": "yes" if baselined else "",
        }
        return [safe_cell(values[c]) for c in DIFF_COLUMNS]

    for j in d.added:
        f = d.new.findings[j]
        yield row("new", f, d.new.identities[j], None, f, j in d.baselined)
    for i in d.resolved:
        f = d.old.findings[i]
        yield row("resolved", f, d.old.identities[i], f, None, False)
    for i, j in d.unchanged:
        f = d.new.findings[j]
        yield row("unchanged", f, d.new.identities[j], d.old.findings[i], f, j in d.baselined)


def _fmt_score(value: float | None) -> str:
    """Format a score, or '-' for none."""
    return f"{value:.2f}" if value is not None else "-"


def document_row(d: DocumentDiff) -> list[Any]:
    """Return the diff-documents.csv row of a document."""
    old, new = d.score(d.old), d.score(d.new)
    # A number, not "+1.50": a signed string would be neutralised as a formula.
    change = round(new - old, 2) if old is not None and new is not None else ""
    values = {
        "path": d.path,
        "status": d.status,
        "old_score": _fmt_score(old) if old is not None else "",
        "new_score": _fmt_score(new) if new is not None else "",
        "score_change": change,
        "old_verdict": (d.old.record or {}).get("verdict", ""),
        "new_verdict": (d.new.record or {}).get("verdict", ""),
        "new": len(d.added),
        "resolved": len(d.resolved),
        "unchanged": len(d.unchanged),
    }
    return [safe_cell(values[c]) for c in DOCUMENT_COLUMNS]


def summary_lines(d: DocumentDiff) -> list[str]:
    """Return the human lines of a changed document (none when nothing changed)."""
    old, new = d.score(d.old), d.score(d.new)
    if not d.added and not d.resolved and old == new and d.status == "both":
        return []
    if d.status == "both":
        delta = f" ({new - old:+.2f})" if old is not None and new is not None else ""
        head = (
            f"{d.path}: score {_fmt_score(old)} -> {_fmt_score(new)}{delta}, "
            f"{(d.old.record or {}).get('verdict', '-')} -> {(d.new.record or {}).get('verdict', '-')}: "
        )
    else:
        head = f"{d.path}: {d.status}: "
    lines = [head + f"{len(d.added)} new, {len(d.resolved)} resolved, {len(d.unchanged)} unchanged"]
    for j in d.added:
        lines.append("  new       " + _finding_brief(d.new.findings[j]) + ("  (in baseline)" if j in d.baselined else ""))
    for i in d.resolved:
        lines.append("  resolved  " + _finding_brief(d.old.findings[i]))
    return lines


def _finding_brief(f: Mapping[str, Any]) -> str:
    """Return 'line:col severity [rule] "text"' for one finding."""
    where = f"{f['line']}:{f['column']} " if "line" in f else ""
    severity = f"{f['severity']} " if "severity" in f else ""
    return f'{where}{severity}[{f["rule_id"]}] "{f["text"]}"'


def run(args: argparse.Namespace) -> int:
    """Compare runs (or a run and a baseline), write diff.csv, print a summary."""
    folders = [Path(p) for p in args.runs]
    if len(folders) > 2:
        raise UsageError("give OLD_RUN NEW_RUN, or one run with --baseline or --write-baseline")
    baseline = baseline_from_args(args)
    if len(folders) == 1 and baseline is None and not args.write_baseline:
        raise UsageError("one run given: add OLD_RUN, --baseline FILE or --write-baseline FILE")
    new_records = load_run(folders[-1])
    if args.write_baseline:
        write_baseline(Path(args.write_baseline), new_records.values())
        if len(folders) == 1 and baseline is None:
            return EXIT_OK
    old_records = load_run(folders[0]) if len(folders) == 2 else None
    out = Path(args.diff_out) if args.diff_out else folders[-1]
    encoding = "utf-8-sig" if args.excel else "utf-8"
    level = None if args.fail_on == "never" else Severity(args.fail_on).rank
    totals = {"new": 0, "resolved": 0, "unchanged": 0, "added": 0, "removed": 0, "documents": 0, "blocking": 0}
    keys = sorted(set(new_records) | set(old_records or {}))
    with open_atomic(out / "diff.csv", encoding=encoding) as fh, open_atomic(out / "diff-documents.csv", encoding=encoding) as dh:
        findings_csv, documents_csv = csv.writer(fh, lineterminator="\n"), csv.writer(dh, lineterminator="\n")
        findings_csv.writerow(DIFF_COLUMNS)
        documents_csv.writerow(DOCUMENT_COLUMNS)
        for key in keys:
            status = "both"
            if old_records is not None:
                old = Side.of(old_records.get(key))
                status = "added" if key not in old_records else "removed" if key not in new_records else "both"
            else:
                old = Side.accepted(baseline.for_document(key) if baseline else ())
            d = compare(key, old, Side.of(new_records.get(key)), baseline if old_records is not None else None, status)
            findings_csv.writerows(diff_rows(d))
            documents_csv.writerow(document_row(d))
            for line in summary_lines(d):
                print(line)
            totals["documents"] += 1
            totals["new"] += len(d.added)
            totals["resolved"] += len(d.resolved)
            totals["unchanged"] += len(d.unchanged)
            totals[d.status] = totals.get(d.status, 0) + 1
            if level is not None:
                totals["blocking"] += sum(
                    1 for j in d.added if j not in d.baselined and Severity(d.new.findings[j]["severity"]).rank >= level
                )
    against = "baseline " + baseline.path if old_records is None and baseline else "the old run"
    print(
        f"{totals['documents']} documents compared with {against} ({totals['added']} added, {totals['removed']} removed): "
        f"{totals['new']} new, {totals['resolved']} resolved, {totals['unchanged']} unchanged findings"
    )
    print(f"diff: {out / 'diff.csv'}", file=sys.stderr)
    return EXIT_THRESHOLD if totals["blocking"] else EXIT_OK


def write_baseline(path: Path, records: Any) -> None:
    """Write accepted findings as JSON, or CSV when the file name ends in .csv."""
    rows = baseline_rows(records)
    if path.suffix.lower() == ".csv":
        from auditor.run.identity import BASELINE_COLUMNS

        with open_atomic(path) as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(BASELINE_COLUMNS)
            writer.writerows([row[c] for c in BASELINE_COLUMNS] for row in rows)
    else:
        write_atomic(path, baseline_json(rows))
    print(f"baseline: {len(rows)} findings -> {path}", file=sys.stderr)
