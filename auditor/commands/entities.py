"""`auditor entities suggest`: mine a batch for name variants (logic in auditor/entities/mining.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "entities"
HELP = "mine documents for entity name variants (gazetteer suggestions)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare `entities suggest PATH... [--output FILE]`."""
    from auditor.commands.common import add_rule_arguments  # lazy: keeps suggest() importable alone

    sub = parser.add_subparsers(dest="entities_command", required=True, metavar="{suggest}")
    sg = sub.add_parser("suggest", help="propose gazetteer entries from variants found in a batch")
    sg.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders of .txt/.md documents")
    sg.add_argument("--output", "-o", type=Path, help="write the YAML here instead of stdout")
    add_rule_arguments(sg)


def run(args: argparse.Namespace) -> int:
    """Run `entities suggest`; exit 2 on a missing path."""
    from auditor.commands.common import ruleset_from_args

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print(f"auditor: error: no such file or folder: {missing[0]}", file=sys.stderr)
        return 2
    from auditor.entities.mining import iter_documents, suggest  # lazy: wordfreq and rapidfuzz load slowly

    ruleset = ruleset_from_args(args)
    text = suggest(iter_documents(args.paths), ruleset.gazetteer)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
