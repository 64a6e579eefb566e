"""The command line: `main(argv=None) -> int`, so it can be tested in-process."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from auditor import __version__
from auditor.commands import load_commands
from auditor.commands.common import UsageError
from auditor.pipeline import EXIT_USAGE
from auditor.ruleset.errors import RuleError

EPILOG = """exit codes:
  0  no finding reached --fail-on
  1  a finding reached --fail-on
  2  usage error or broken rule file (nothing written)
  3  some inputs could not be read (see the error rows)"""


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with one subparser per registered command."""
    parser = argparse.ArgumentParser(
        prog="auditor",
        description="Audit machine-translated text in bulk.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"auditor {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in load_commands():
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(p)
        p.set_defaults(handler=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help, --version and usage errors
        return int(exc.code or 0)
    try:
        return args.handler(args)
    except RuleError as exc:
        print(f"auditor: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except UsageError as exc:
        print(f"auditor: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
