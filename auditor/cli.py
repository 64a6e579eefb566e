"""The command line: `main(argv=None) -> int`, so it can be tested in-process."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Iterator, Sequence

from auditor import __version__
from auditor.commands import load_commands
from auditor.commands.common import UsageError, add_config_arguments
from auditor.config import Config, ConfigError, load_config
from auditor.run.identity import BaselineError
from auditor.run.pipeline import EXIT_ERROR, EXIT_USAGE
from auditor.run.signals import as_interrupt, interrupted_exit_code, stop_on_signals
from auditor.ruleset.errors import RuleError

EPILOG = """exit codes (1, 4 and 8 add up: 5 = failing documents and unreadable inputs):
  0  nothing reached --fail-on, every input read, every report written
  1  a document reached --fail-on (default: a document whose verdict is fail)
  2  usage error, broken rule file or configuration (nothing written)
  4  some inputs could not be read (see the error rows)
  8  reports could not be written (full disk, read-only folder…) or an internal error
130  interrupted by Ctrl-C (SIGINT); 143: stopped by SIGTERM"""


def build_parser(config: Config = Config()) -> argparse.ArgumentParser:
    """Build the argument parser with one subparser per registered command.

    The configuration only changes option defaults, so flags on the command line win.
    """
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
    for leaf in _leaf_parsers(parser):
        add_config_arguments(leaf)
        dests = {action.dest for action in leaf._actions} | set(leaf._defaults)  # per_path has no flag
        leaf.set_defaults(config_file=config.path, **{k: v for k, v in config.defaults.items() if k in dests})
    return parser


def _leaf_parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """Yield the parsers that take options directly (commands and sub-commands, not groups)."""
    children = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not children:
        yield parser
        return
    for action in children:
        for child in dict.fromkeys(action.choices.values()):  # aliases map to the same parser
            yield from _leaf_parsers(child)


def _config_flags(argv: Sequence[str]) -> tuple[str | None, bool]:
    """Read --config and --no-config before the real parse: they decide the defaults."""
    pre = argparse.ArgumentParser(prog="auditor", add_help=False)
    pre.add_argument("--config")
    pre.add_argument("--no-config", action="store_true")
    try:
        known, _ = pre.parse_known_args(argv)
    except SystemExit:  # e.g. --config without a value: the real parse reports it
        return None, False
    return known.config, known.no_config


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code."""
    try:
        with stop_on_signals():  # from the first line: SIGINT and SIGTERM stop any command cleanly
            return _main(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt as exc:  # while the parser is built or rules load: nothing was written
        print("auditor: interrupted", file=sys.stderr)
        return interrupted_exit_code(exc)


def _main(argv: list[str]) -> int:
    """Parse the arguments, run the command, turn its errors into messages and exit codes."""
    try:
        explicit, disabled = _config_flags(argv)
        config = load_config(explicit, disabled)
    except ConfigError as exc:
        print(f"auditor: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    parser = build_parser(config)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help, --version and usage errors
        return int(exc.code or 0)
    try:
        return args.handler(args)
    except (RuleError, UsageError, ConfigError, BaselineError) as exc:
        print(f"auditor: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # `auditor check … | head`: the reader left; say nothing more, as cat and grep do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename is not None else ""
        print(f"auditor: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # a bug: one line, and an exit code that cannot be taken for findings
        interrupt = as_interrupt(exc)
        if interrupt is not None:  # a stop signal's exception wrapped on its way up: no bug, an interrupt
            raise interrupt from exc
        print(f"auditor: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
