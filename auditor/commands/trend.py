"""`auditor trend RUN_DIR…`: each night's document count, verdict shares and top rules, as CSV and a line chart."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from auditor.commands.common import UsageError
from auditor.reporters.atomic import write_atomic

NAME = "trend"
HELP = "compare runs over time: documents, verdict shares and top rules per night (CSV and HTML chart)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare `trend RUN... [--csv FILE] [--html FILE] [--top N]`."""
    parser.add_argument("runs", nargs="+", type=Path, metavar="RUN", help="run folders, or report folders standing for all their complete runs")
    parser.add_argument("--csv", default="", metavar="FILE", help="write the CSV here instead of stdout")
    parser.add_argument("--html", default="", metavar="FILE", help="also write a page of line charts (self-contained, no script)")
    parser.add_argument("--top", type=int, default=5, metavar="N", help="how many of the most frequent rules to follow (default 5)")


def run(args: argparse.Namespace) -> int:
    """Read the runs' totals and write the trend; a folder that is not a complete run is a usage error."""
    import io

    from auditor.reporters.csvfmt import csv_writer
    from auditor.reporters.trend import TREND_COLUMNS, TrendError, nights_of, top_rules, trend_page, trend_rows

    if args.top < 0:
        raise UsageError(f"--top must be 0 or more, got {args.top}")
    try:
        nights = nights_of(args.runs)
    except TrendError as exc:
        raise UsageError(str(exc)) from None
    rules = top_rules(nights, args.top)
    text = io.StringIO()
    writer = csv_writer(text)
    writer.writerow([*TREND_COLUMNS, *(f"rule:{r}" for r in rules)])
    writer.writerows(trend_rows(nights, rules))
    if args.csv:
        write_atomic(Path(args.csv), text.getvalue())
    else:
        sys.stdout.write(text.getvalue())
    if args.html:
        write_atomic(Path(args.html), trend_page(nights, rules))
    return 0
