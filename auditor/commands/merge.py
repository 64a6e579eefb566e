"""`auditor merge RUN_DIR… --out DIR`: join the runs of `scan --shard I/N` into the run one scan would have written."""

from __future__ import annotations

import argparse
import heapq
import json
import sys
from pathlib import Path
from typing import Any, Iterator

from auditor.commands.common import UsageError
from auditor.reporters.base import Reporter, RunInfo
from auditor.reporters.csvfmt import DIALECTS
from auditor.reporters.outdir import ReportDir, relative_report
from auditor.run.pipeline import EXIT_USAGE, Totals
from auditor.run.shards import MANIFEST, MANIFEST_FORMAT, parse_shard, result_from_record

NAME = "merge"
HELP = "join the report folders of `scan --shard I/N` runs into one run"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of `auditor merge`."""
    parser.add_argument("runs", nargs="+", metavar="RUN_DIR", help="the run folders of the shards, one per shard, in any order")
    parser.add_argument("--out", dest="merge_out", required=True, metavar="DIR", help="the merged run folder (must not exist, or be empty)")
    parser.add_argument("--parquet", dest="merge_parquet", action="store_true", help="also write summary.parquet and findings.parquet (needs auditor[data])")


class ShardRun:
    """One shard's run folder, checked complete: its run.json and its manifest."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.run = _read_json(folder / "run.json", "run.json (a complete run)")
        manifest = _read_json(folder / MANIFEST, f"{MANIFEST} (a run of scan --shard)")
        if manifest.get("format") != MANIFEST_FORMAT:
            raise UsageError(f"{folder / MANIFEST}: written by another version of auditor (format {manifest.get('format')!r})")
        try:
            self.shard = parse_shard(str(manifest["shard"]))
        except ValueError as exc:
            raise UsageError(f"{folder / MANIFEST}: {exc}") from None
        self.settings = {"fail_on": manifest["fail_on"], "excel": manifest["excel"], "csv_dialect": manifest.get("csv_dialect", "rfc4180")}
        self.documents: list[tuple[int, str]] = [(int(p), str(k)) for p, k in manifest["documents"]]

    def records(self) -> Iterator[tuple[int, str, Path]]:
        """(position in the full listing, key, per-file JSON) of each document, in report order."""
        files = self.folder / "files"
        return ((position, key, files / relative_report(key)) for position, key in self.documents)


def _read_json(path: Path, what: str) -> dict[str, Any]:
    """Read one JSON file of a shard run; a missing or broken one is a usage error naming it."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path.parent}: no {what}; was the shard run complete?") from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path}: cannot read: {exc}") from None


def check_shards(shards: list[ShardRun]) -> None:
    """Refuse shards that do not make one run: other settings or rules, a shard missing or given twice."""
    first = shards[0]
    for other in shards[1:]:
        if other.run.get("signature") != first.run.get("signature"):
            raise UsageError(f"{other.folder}: made with other rules or settings than {first.folder} (run.json signatures differ)")
        if other.settings != first.settings or other.shard.count != first.shard.count:
            raise UsageError(f"{other.folder}: shard {other.shard} does not match {first.folder}'s shard {first.shard}, or its --fail-on/--excel/--csv-dialect")
    given = sorted(s.shard.index for s in shards)
    count = first.shard.count
    if given != list(range(1, count + 1)):
        missing = sorted(set(range(1, count + 1)) - set(given))
        twice = sorted({i for i in given if given.count(i) > 1})
        parts = [f"missing shard{'s' if len(missing) > 1 else ''} {', '.join(f'{i}/{count}' for i in missing)}"] if missing else []
        parts += [f"shard {i}/{count} given twice" for i in twice]
        raise UsageError(f"cannot merge: {'; '.join(parts)}")


def merged_reporters(out: Path, excel: bool, parquet: bool, csv_dialect: str = "rfc4180") -> list[Reporter]:
    """The report folder's reporters for the merged run."""
    reporters: list[Reporter] = [ReportDir(out, excel=excel, dialect=DIALECTS[csv_dialect])]
    if parquet:
        from auditor.reporters.parquet import parquet_reporter

        reporters.append(parquet_reporter(out))
    return reporters


def run(args: argparse.Namespace) -> int:
    """Check the shards, then feed every document, in the single run's order, to the report folder's reporters."""
    shards = [ShardRun(Path(p)) for p in args.runs]
    check_shards(shards)
    out = Path(args.merge_out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        print(f"auditor: error: --out {out}: exists and is not an empty folder", file=sys.stderr)
        return EXIT_USAGE
    first = shards[0]
    reporters = merged_reporters(out, bool(first.settings["excel"]), args.merge_parquet, str(first.settings["csv_dialect"]))
    out.mkdir(parents=True, exist_ok=True)
    info = RunInfo(out.name, str(out), first.run["signature"], min(str(s.run["started"]) for s in shards))
    totals = Totals()
    from auditor.commands.scan import stopped

    try:
        for reporter in reporters:
            reporter.start(info)
        for _position, _key, path in heapq.merge(*(s.records() for s in shards)):
            result = result_from_record(json.loads(path.read_text(encoding="utf-8")))
            totals.add(result)
            for reporter in reporters:
                reporter.document(result, None)
        summary = totals.summary(str(first.settings["fail_on"]))
        for reporter in reporters:
            reporter.finish(summary)
    except BaseException as exc:
        return stopped(exc, reporters, out)
    print(f"merged {len(shards)} shards, {summary.documents} documents: {out}", file=sys.stderr)
    return summary.exit_code
