"""`auditor check FILE… | -`: the editor's fast path for one article, with safe fixes."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from auditor.commands.common import (
    BaselineGate,
    UsageError,
    add_rule_arguments,
    add_scoring_arguments,
    baseline_from_args,
    ruleset_from_args,
    scoring_from_args,
)
from auditor.config import COLOR
from auditor.fixes import FixError, apply_edits, safe_edits, unified_diff, write_fixed
from auditor.model import DocumentResult
from auditor.run.pipeline import Options, Totals, audit_text
from auditor.inputs.reading import Decoded, decode, read_file
from auditor.reporters import RunInfo, load_reporters
from auditor.reporters.base import Reporter
from auditor.reporters.escape import terminal_safe
from auditor.scanner import Engine

NAME = "check"
HELP = "check articles (or stdin) quickly: findings underlined, score, verdict, safe fixes"
STDIN = "-"
EXIT_NOT_WRITTEN = 4  # --write could not apply the fixes of some file (README, "Exit codes")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of `auditor check`."""
    parser.add_argument("files", nargs="+", metavar="FILE", help="files to check, or - to read standard input")
    g = parser.add_argument_group("fixes")
    g.add_argument("--diff", action="store_true", help="print a unified diff of the safe fixes instead of the report; write nothing")
    g.add_argument("--write", action="store_true", help="apply the safe fixes in place (atomically), then report what remains")
    o = parser.add_argument_group("output")
    formats = sorted(set(load_reporters()) - {"html"})
    # Own destinations: the configuration's `format` and `out` are meant for scan.
    o.add_argument("--format", dest="check_format", default="pretty", choices=formats, help="output format (default: pretty)")
    o.add_argument("--color", choices=COLOR, default="auto", help="colour the pretty output (default: auto; NO_COLOR is respected)")
    o.add_argument("--stdin-name", default="<stdin>", metavar="NAME", help="path shown for standard input")
    o.add_argument("--out", dest="check_out", default="", metavar="DIR", help="also write a report folder (JSON, CSV) into DIR")
    o.add_argument("--html", dest="check_html", action="store_true", help="with --out, add the HTML report")
    o.add_argument("--baseline", default="", metavar="FILE", help="accepted findings (JSON or CSV): only other findings count toward --fail-on")
    add_rule_arguments(parser)
    add_scoring_arguments(parser)


def read_input(name: str, stdin_name: str) -> tuple[str, Decoded]:
    """Return the display path and the decoded text (or error) of a file or of stdin."""
    if name != STDIN:
        return name, read_file(Path(name))
    buffer = getattr(sys.stdin, "buffer", None)
    data = buffer.read() if buffer is not None else sys.stdin.read().encode("utf-8")
    return stdin_name, decode(data) if data else Decoded(error="empty file")


def make_reporters(args: argparse.Namespace) -> list[Reporter]:
    """Return the stdout reporter, plus the report folder and HTML reporters when --out is given."""
    registry = load_reporters()
    if args.check_format == "pretty":
        printer = registry["pretty"](sys.stdout, color=args.color)
    else:
        printer = registry[args.check_format](sys.stdout)
    reporters: list[Reporter] = [printer]
    if args.check_out:
        from auditor.reporters.outdir import ReportDir

        reporters.append(ReportDir(Path(args.check_out)))
        if args.check_html:
            reporters.append(registry["html"]())
    elif args.check_html:
        raise UsageError("--html needs --out DIR: the HTML report is a folder")
    return reporters


def run(args: argparse.Namespace) -> int:
    """Check each file: print findings (or the diff of safe fixes), then score and verdict."""
    if args.write and STDIN in args.files:
        raise UsageError("--write cannot rewrite standard input; use --diff")
    if args.files.count(STDIN) > 1:
        raise UsageError("standard input (-) can be read only once")
    ruleset = ruleset_from_args(args)
    options = Options(language=args.lang, scoring=scoring_from_args(args), fail_on=args.fail_on)
    engine = Engine(ruleset)
    baseline = baseline_from_args(args)
    gate = BaselineGate(baseline, args.fail_on) if baseline is not None else None
    reporters = [] if args.diff else make_reporters(args)
    if gate is not None:
        reporters.append(gate)
    from auditor.commands.scan import signature  # one definition of a run's signature

    now = datetime.now(timezone.utc)
    info = RunInfo("check", args.check_out or None, signature(ruleset.digest, options), now.isoformat(timespec="seconds"))
    for reporter in reporters:
        reporter.start(info)
    totals = Totals()
    unwritten = 0
    for name in args.files:
        result, text, written = check_one(name, args, engine, options)
        unwritten += not written
        totals.add(result)
        for reporter in reporters:
            reporter.document(result, text)
    summary = totals.summary(options.fail_on)
    for reporter in reporters:
        reporter.finish(summary)
    if unwritten:
        return EXIT_NOT_WRITTEN
    return gate.exit_code(summary) if gate is not None else summary.exit_code


def check_one(name: str, args: argparse.Namespace, engine: Engine, options: Options) -> tuple[DocumentResult, str | None, bool]:
    """Audit one input; with --diff print its fixes, with --write apply them and re-audit.

    The third value is False when --write had fixes to apply and could not write them.
    """
    path, decoded = read_input(name, args.stdin_name)
    if decoded.error:
        return DocumentResult(path=path, key=path, source=".", error=decoded.error, encoding=decoded.encoding), None, True
    text = decoded.text
    result = replace(audit_text(text, engine, options, path, path), encoding=decoded.encoding)
    edits = safe_edits(result.findings, text) if (args.diff or args.write) else []
    if not edits:
        if args.diff:
            print(terminal_safe(f"{path}: no safe fixes"), file=sys.stderr)
        return result, text, True
    fixed = apply_edits(text, edits)
    if args.diff:
        sys.stdout.write(unified_diff(path, text, fixed))
    if args.write:
        try:
            write_fixed(Path(name), fixed, decoded.encoding, original=text)
        except FixError as exc:
            print(terminal_safe(f"auditor: {exc}; file left unchanged"), file=sys.stderr)
            return result, text, False
        print(terminal_safe(f"{path}: applied {len(edits)} safe {'fix' if len(edits) == 1 else 'fixes'}"), file=sys.stderr)
        result = replace(audit_text(fixed, engine, options, path, path), encoding=decoded.encoding)
        text = fixed
    return result, text, True
