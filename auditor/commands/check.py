"""`auditor check FILE… | -`: the editor's fast path for one article, with safe fixes."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, TextIO

from auditor.commands.common import (
    BaselineGate,
    UsageError,
    add_rule_arguments,
    add_scoring_arguments,
    baseline_from_args,
    documented_rules,
    per_path_from_args,
    ruleset_from_args,
    scoring_from_args,
)
from auditor.config import COLOR
from auditor.fixes import FixError, apply_edits, safe_edits, unified_diff, write_fixed
from auditor.model import DocumentResult
from auditor.inputs.discover import Source
from auditor.inputs.extract import expand_records
from auditor.inputs.markup import markup_of
from auditor.run.pipeline import EXIT_ERROR, EXIT_OK, HTML_NOTE, Options, Prepared, Totals, audit_text, prepare
from auditor.inputs.reading import Decoded, decode
from auditor.reporters import RunInfo, load_reporters
from auditor.reporters.base import Reporter
from auditor.reporters.escape import terminal_safe
from auditor.scanner import Engine

NAME = "check"
HELP = "check articles (or stdin) quickly: findings underlined, score, verdict, safe fixes"
STDIN = "-"
EXIT_NOT_WRITTEN = EXIT_ERROR  # --write could not apply the fixes of some file (README, "Exit codes")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of `auditor check`."""
    parser.add_argument("files", nargs="+", metavar="FILE", help="files to check, or - to read standard input")
    g = parser.add_argument_group("fixes")
    g.add_argument("--diff", action="store_true", help="print a unified diff of the safe fixes instead of the report, changed words coloured on a terminal; write nothing")
    g.add_argument("--word-diff", action="store_true", help="like --diff, one line per changed line: path:line: …[-old-]{+new+}… cut around the change (coloured on a terminal)")
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


def read_inputs(name: str, args: argparse.Namespace, options: Options) -> Iterator[tuple[Source, Prepared]]:
    """Read one named input as `scan` reads it: HTML extracted, one document per JSON record; stdin as plain text."""
    if name == STDIN:
        buffer = getattr(sys.stdin, "buffer", None)
        data = buffer.read() if buffer is not None else sys.stdin.read().encode("utf-8")
        decoded = decode(data) if data else Decoded(error="empty file")
        src = Source(Path(args.stdin_name), args.stdin_name, args.stdin_name, ".")
        yield src, Prepared(text=decoded.text, encoding=decoded.encoding, error=decoded.error, size=len(data))
        return
    src = Source(Path(name), name, name, ".")
    if not os.path.lexists(name):  # named on the command line: not "vanished", never there
        yield src, Prepared(error="no such file")
        return
    for record in expand_records([src], options.text_field, options.id_field, options.max_bytes):
        yield record, prepare(record, options)


def make_reporters(args: argparse.Namespace, stream: TextIO) -> list[Reporter]:
    """Return the printing reporter, plus the report folder and HTML reporters when --out is given."""
    registry = load_reporters()
    if args.check_format == "pretty":
        printer = registry["pretty"](stream, color=args.color)
    else:
        printer = registry[args.check_format](stream)
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
    # `check - --write` prints the fixed text on stdout, as ruff and black do; the findings go to stderr.
    filtering = args.write and STDIN in args.files
    if filtering and len(args.files) > 1:
        raise UsageError("--write with standard input (-) takes no other file: the fixed text goes to stdout")
    if args.files.count(STDIN) > 1:
        raise UsageError("standard input (-) can be read only once")
    if args.word_diff:
        args.diff = True
    if args.diff and args.write:
        raise UsageError("--diff and --word-diff show the fixes without writing them: give --write alone to apply them")
    ruleset = ruleset_from_args(args)
    options = Options(language=args.lang, scoring=scoring_from_args(args), fail_on=args.fail_on, per_path=per_path_from_args(args))
    engine = Engine(ruleset)
    if options.per_path is not None:
        options.per_path.check(engine)
    baseline = baseline_from_args(args)
    gate = BaselineGate(baseline, args.fail_on) if baseline is not None else None
    reporters = [] if args.diff else make_reporters(args, sys.stderr if filtering else sys.stdout)
    if gate is not None:
        reporters.append(gate)
    from auditor.commands.scan import signature  # one definition of a run's signature

    now = datetime.now(timezone.utc)
    info = RunInfo("check", args.check_out or None, signature(ruleset.digest, options), now.isoformat(timespec="seconds"), rules=documented_rules(ruleset))
    for reporter in reporters:
        reporter.start(info)
    totals = Totals()
    unwritten = 0
    for name in args.files:
        for src, prep in read_inputs(name, args, options):
            result, text, written = check_one(src, prep, args, engine, options)
            unwritten += not written
            totals.add(result)
            for reporter in reporters:
                reporter.document(result, text)
    summary = totals.summary(options.fail_on)
    for reporter in reporters:
        reporter.finish(summary)
    code = gate.exit_code(summary) if gate is not None else summary.exit_code
    return code | (EXIT_NOT_WRITTEN if unwritten else EXIT_OK)


def applied(path: str, count: int) -> str:
    """The line that says how many safe fixes went into a file."""
    return f"{path}: applied {count} safe {'fix' if count == 1 else 'fixes'}"


def show_diff(path: str, old: str, new: str, args: argparse.Namespace) -> str:
    """The safe fixes of one file as --diff (unified, changed words coloured) or --word-diff shows them."""
    from auditor.reporters.pretty import Style, use_color
    from auditor.reporters.worddiff import highlight_unified, word_diff

    colored = use_color(sys.stdout, args.color)
    style = Style(colored)
    if args.word_diff:
        return word_diff(terminal_safe(path), old, new, style, colored)
    return highlight_unified(unified_diff(path, old, new), style) if colored else unified_diff(path, old, new)


def check_one(src: Source, prep: Prepared, args: argparse.Namespace, engine: Engine, options: Options) -> tuple[DocumentResult, str | None, bool]:
    """Audit one document; with --diff print its fixes, with --write apply them and re-audit.

    The third value is False when --write had fixes to apply and could not write them.
    """
    path = src.display
    if prep.error:
        return DocumentResult(path=path, key=src.key, source=".", error=prep.error, encoding=prep.encoding), None, True

    doc_engine, doc_options = engine, options
    if options.per_path is not None:
        doc_engine, doc_options, _ = options.per_path.resolve(src, engine, options)

    def audited(text: str) -> DocumentResult:
        result = audit_text(text, doc_engine, doc_options, path, src.key, markup=markup_of(src.path))
        return replace(result, encoding=prep.encoding, notes=(*result.notes, *prep.notes))

    text = prep.text
    result = audited(text)
    edits = safe_edits(result.findings, text) if (args.diff or args.write) else []
    if args.write and args.files == [STDIN]:  # a filter: the text, fixed where it can be, on stdout
        fixed = apply_edits(text, edits) if edits else text
        sys.stdout.write(fixed)
        if not edits:
            return result, text, True
        print(terminal_safe(applied(path, len(edits))), file=sys.stderr)
        return audited(fixed), fixed, True
    if not edits:
        if args.diff:
            print(terminal_safe(f"{path}: no safe fixes"), file=sys.stderr)
        return result, text, True
    if src.text is not None or HTML_NOTE in prep.notes:  # offsets are in the extracted text, not in the file's bytes
        print(terminal_safe(f"auditor: {path}: safe fixes apply to text and Markdown files only; this text was extracted from HTML or JSON, file left unchanged"), file=sys.stderr)
        return result, text, not args.write
    fixed = apply_edits(text, edits)
    if args.diff:
        sys.stdout.write(show_diff(path, text, fixed, args))
    if args.write:
        try:
            write_fixed(src.path, fixed, prep.encoding, original=text)
        except FixError as exc:
            print(terminal_safe(f"auditor: {exc}; file left unchanged"), file=sys.stderr)
            return result, text, False
        print(terminal_safe(applied(path, len(edits))), file=sys.stderr)
        return audited(fixed), fixed, True
    return result, text, True
