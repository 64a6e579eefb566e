"""`auditor scan`: audit files and folders, write the report folder, print findings."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

from auditor import SCORING_VERSION, __version__
from auditor.commands.common import add_rule_arguments, add_scoring_arguments, ruleset_from_args, scoring_from_args
from auditor.discover import discover
from auditor.pipeline import EXIT_USAGE, Options
from auditor.pipeline import run as run_pipeline
from auditor.reading import DEFAULT_MAX_BYTES
from auditor.reporters import RunInfo, load_reporters
from auditor.reporters.outdir import ReportDir
from auditor.scanner import Engine

NAME = "scan"
HELP = "audit files and folders and write reports"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of `auditor scan`."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to audit")
    parser.add_argument("--out", default="reports", help="report folder (default: reports)")
    parser.add_argument("--run-id", default="", help="name of the run folder (default: UTC timestamp)")
    parser.add_argument("--format", default="text", choices=sorted(load_reporters()), help="what to print on stdout")
    parser.add_argument("--include", action="append", default=[], metavar="GLOB", help="only audit matching files")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip matching files")
    parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="larger files become error rows")
    parser.add_argument("--excel", action="store_true", help="write CSVs with a UTF-8 BOM for Excel")
    add_rule_arguments(parser)
    add_scoring_arguments(parser)


def signature(ruleset_digest: str, options: Options) -> dict[str, str]:
    """Say exactly how a run's numbers were produced, so they can be reproduced."""
    return {
        "tool": f"auditor {__version__}",
        "rules": ruleset_digest,
        "scoring": f"{SCORING_VERSION}|{options.scoring.signature()}",
        "language": options.language,
    }


def run(args: argparse.Namespace) -> int:
    """Run a scan; rule errors exit 2 before anything is written."""
    ruleset = ruleset_from_args(args)
    options = Options(language=args.lang, scoring=scoring_from_args(args), max_bytes=args.max_bytes, fail_on=args.fail_on)
    engine = Engine(ruleset)
    now = datetime.now(timezone.utc)
    run_id = args.run_id or now.strftime("%Y%m%dT%H%M%SZ")
    if "/" in run_id or run_id in (".", ".."):
        print(f"auditor: error: --run-id {run_id!r} must be a plain folder name", file=sys.stderr)
        return EXIT_USAGE
    out = ReportDir(Path(args.out) / run_id, excel=args.excel)
    printer = load_reporters()[args.format](sys.stdout)
    reporters = [out, printer]
    info = RunInfo(run_id, str(out.run_dir), signature(ruleset.digest, options), now.isoformat(timespec="seconds"))
    for reporter in reporters:
        reporter.start(info)
    try:
        summary = run_pipeline(discover(args.paths, args.include, args.exclude), engine, options, reporters)
    except KeyboardInterrupt:
        for reporter in reporters:
            reporter.abort()
        print("auditor: interrupted; finished documents are kept, unfinished reports removed", file=sys.stderr)
        return 130
    print(f"reports: {out.run_dir}", file=sys.stderr)
    return summary.exit_code

