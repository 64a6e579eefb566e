"""`auditor config`: print the configuration in force (defaults, then file, then flags)."""

from __future__ import annotations

import argparse
import json

from auditor.commands.common import add_rule_arguments, add_scoring_arguments
from auditor.config import COLOR, effective, to_toml
from auditor.inputs.reading import DEFAULT_MAX_BYTES
from auditor.reporters import load_reporters

NAME = "config"
HELP = "print the effective configuration (from auditor.toml or pyproject.toml, and flags)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Accept the options a configuration can set, so their effect on it can be shown."""
    parser.add_argument("--json", action="store_true", help="print JSON instead of TOML")
    g = parser.add_argument_group("settings (same meaning as in scan and check)")
    g.add_argument("--format", default="text", choices=sorted(load_reporters()))
    g.add_argument("--report", action="append", default=[], choices=sorted(load_reporters()), metavar="FORMAT")
    g.add_argument("--out", default="reports")
    g.add_argument("--excel", action="store_true")
    g.add_argument("--include", action="append", default=[], metavar="GLOB")
    g.add_argument("--exclude", action="append", default=[], metavar="GLOB")
    g.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
    g.add_argument("--baseline", default="", metavar="FILE")
    g.add_argument("--color", choices=COLOR, default="auto")
    add_rule_arguments(parser)
    add_scoring_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Print the effective settings and where they came from."""
    values = effective(args)
    source = args.config_file or "none (built-in defaults)"
    if args.json:
        print(json.dumps({"config_file": args.config_file or None, "settings": values}, ensure_ascii=False, indent=2))
    else:
        print(f"# configuration file: {source}\n# command-line flags override it\n" + to_toml(values), end="")
    return 0
