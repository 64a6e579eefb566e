"""Command-line options shared by the subcommands that load rules or score documents."""

from __future__ import annotations

import argparse
from typing import Any
from pathlib import Path

from auditor.run.identity import Baseline, BaselineError, identify_findings, load_baseline
from auditor.model import DocumentResult, Rule, RunSummary, Severity
from auditor.run.pipeline import DEFAULT_FAIL_ON, EXIT_INPUT, EXIT_OK, EXIT_THRESHOLD, FAIL_ON, VERDICT_LEVELS
from auditor.reporters import load_reporters
from auditor.reporters.base import Reporter
from auditor.reporters.tofile import folder_reporter
from auditor.run.perpath import PerPath, RuleSource
from auditor.ruleset.loader import RuleSet, load_ruleset
from auditor.scoring import DEFAULT_MIN_WORDS, ScoringConfig, parse_weights


class UsageError(Exception):
    """A command-line value is wrong; exit code 2."""


class _Replace(argparse.Action):
    """Append, but the first use on the command line replaces the default the configuration gave."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: str | None = None) -> None:
        flag = f"_{self.dest}_given"
        items = list(getattr(namespace, self.dest) or []) if getattr(namespace, flag, False) else []
        setattr(namespace, flag, True)
        setattr(namespace, self.dest, [*items, values])


def add_rule_arguments(parser: argparse.ArgumentParser) -> None:
    """Add --rules, --no-builtin, --disable and --severity."""
    g = parser.add_argument_group("rules")
    g.add_argument("--rules", action="append", default=[], metavar="PATH", help="extra rule file or folder (repeatable)")
    g.add_argument("--no-builtin", action="store_true", help="do not load the built-in rules")
    g.add_argument("--select", action=_Replace, default=[], metavar="ID", help="run only these rule ids or id prefixes (repeatable; replaces the configuration's select)")
    g.add_argument("--extend-select", action="append", default=[], metavar="ID", help="add rule ids or prefixes to the selection (repeatable)")
    g.add_argument("--disable", action="append", default=[], metavar="ID", help="disable a rule id or id prefix (repeatable)")
    g.add_argument(
        "--severity", action="append", default=[], metavar="ID=LEVEL", help="override the severity of a rule id or prefix (repeatable)"
    )
    parser.set_defaults(per_path=())  # the configuration's [[per-path]] tables: no flag sets them


def add_scoring_arguments(parser: argparse.ArgumentParser) -> None:
    """Add --lang, --fail-on, --weights, the verdict thresholds and --min-words."""
    g = parser.add_argument_group("scoring")
    g.add_argument("--lang", default="auto", help="document language code, or 'auto' to detect (default)")
    g.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default=DEFAULT_FAIL_ON,
        help=f"exit 1 when a document's verdict (fail, review) or a finding's severity (critical, major, minor) reaches this (default: {DEFAULT_FAIL_ON})",
    )
    g.add_argument("--weights", default="", metavar="minor=1,major=5,critical=25", help="MQM severity weights")
    g.add_argument("--pass-threshold", type=float, default=99.0, help="lowest score that passes (default 99)")
    g.add_argument("--review-threshold", type=float, default=95.0, help="lowest score that is reviewed rather than failed (default 95)")
    g.add_argument(
        "--min-words",
        type=int,
        default=DEFAULT_MIN_WORDS,
        metavar="N",
        help=f"score a shorter document as if it had N words (MQM minimum evaluation word count; default {DEFAULT_MIN_WORDS}, 1 for none)",
    )


def rule_source(args: argparse.Namespace) -> RuleSource:
    """How the options ask for rules to be loaded; raises UsageError."""
    severities = {}
    for item in args.severity:
        selector, sep, level = item.partition("=")
        if not sep or not selector:
            raise UsageError(f"--severity {item!r}: expected ID=LEVEL")
        severities[selector] = level
    select = [*args.select, *args.extend_select] if args.select else []
    if args.extend_select and not args.select:
        raise UsageError("--extend-select adds to --select (or the configuration's select): give --select first")
    return RuleSource(tuple(args.rules), not args.no_builtin, tuple(select), tuple(args.disable), tuple(severities.items()))


def ruleset_from_args(args: argparse.Namespace) -> RuleSet:
    """Load the rule set the options describe; raises RuleError or UsageError."""
    source = rule_source(args)
    return load_ruleset([Path(p) for p in source.paths], builtin=source.builtin, disable=source.disable, severities=dict(source.severity), select=source.select)


def documented_rules(ruleset: RuleSet) -> tuple[Rule, ...]:
    """The rules in force, plus auditor.unused-suppression when it is reported: what `rules show`, the docs and SARIF describe."""
    from auditor.inputs.suppress import UNUSED_SUPPRESSION_RULE

    return (*ruleset.rules, UNUSED_SUPPRESSION_RULE) if ruleset.report_unused else ruleset.rules


def per_path_from_args(args: argparse.Namespace) -> PerPath | None:
    """The configuration's [[per-path]] tables over the run's rule settings, or None when there are none."""
    tables = getattr(args, "per_path", ())
    return PerPath(rule_source(args), tuple(tables)) if tables else None


def scoring_from_args(args: argparse.Namespace) -> ScoringConfig:
    """Build the scoring configuration; raises UsageError."""
    try:
        weights = parse_weights(args.weights)
    except ValueError as exc:
        raise UsageError(f"--weights: {exc}") from None
    if not 0 <= args.review_threshold <= args.pass_threshold <= 100:
        raise UsageError("thresholds must satisfy 0 <= --review-threshold <= --pass-threshold <= 100")
    if args.min_words < 1:
        raise UsageError(f"--min-words must be a positive integer, got {args.min_words}")
    return ScoringConfig(
        weights=weights, pass_threshold=args.pass_threshold, review_threshold=args.review_threshold, min_words=args.min_words
    )



def add_config_arguments(parser: argparse.ArgumentParser) -> None:
    """Add --config and --no-config (read before parsing by cli.main; declared here for --help)."""
    g = parser.add_argument_group("configuration")
    g.add_argument("--config", metavar="FILE", help="read settings from FILE instead of searching for auditor.toml / pyproject.toml")
    g.add_argument("--no-config", action="store_true", help="ignore configuration files")


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """Add --report, --html and --baseline (used by scan and check)."""
    g = parser.add_argument_group("output")
    g.add_argument(
        "--report",
        action="append",
        default=[],
        choices=sorted(load_reporters()),
        metavar="FORMAT",
        help="also write FORMAT into the run folder (html: index.html and pages/, sarif: report.sarif, ...; repeatable)",
    )
    g.add_argument("--html", action="append_const", dest="report", const="html", help="same as --report html")
    g.add_argument("--xlsx", action="append_const", dest="report", const="xlsx", help="same as --report xlsx: report.xlsx (needs openpyxl)")
    g.add_argument("--baseline", default="", metavar="FILE", help="accepted findings (JSON or CSV): only other findings count toward --fail-on")


def folder_reporters(args: argparse.Namespace, run_dir: Path) -> list[Reporter]:
    """Return the reporters that --report/--html ask for, writing into `run_dir`."""
    registry = load_reporters()
    names = list(dict.fromkeys(getattr(args, "report", None) or []))  # once each, in order
    if "xlsx" in names:
        from auditor.reporters.xlsx import openpyxl_available

        if not openpyxl_available():
            raise UsageError("the xlsx report needs openpyxl: pip install 'auditor[xlsx]'")
    return [folder_reporter(name, run_dir, registry) for name in names]


def baseline_from_args(args: argparse.Namespace) -> Baseline | None:
    """Load --baseline, or return None; raises UsageError naming the file."""
    if not getattr(args, "baseline", ""):
        return None
    try:
        return load_baseline(Path(args.baseline))
    except BaselineError as exc:
        raise UsageError(str(exc)) from None


class BaselineGate(Reporter):
    """A reporter that counts only findings the baseline does not accept toward --fail-on.

    By verdict, a document blocks when its verdict reaches --fail-on and it has a new finding.
    """

    def __init__(self, baseline: Baseline, fail_on: str) -> None:
        super().__init__()
        self.baseline = baseline
        self.verdicts = VERDICT_LEVELS.get(fail_on)
        self.level = None if fail_on == "never" or self.verdicts else Severity(fail_on).rank
        self.blocking = 0  # new findings at or above --fail-on, or documents with a new finding and such a verdict
        self.accepted = 0

    def document(self, result: DocumentResult, text: str | None) -> None:
        """Count the document's findings that are new relative to the baseline."""
        if result.error or not result.findings:
            return
        new = set(self.baseline.new_indices(result.key, identify_findings(result.findings)))
        self.accepted += len(result.findings) - len(new)
        if self.verdicts is not None:
            self.blocking += bool(new) and result.verdict in self.verdicts
        elif self.level is not None:
            self.blocking += sum(1 for i in new if result.findings[i].severity.rank >= self.level)

    def exit_code(self, summary: RunSummary) -> int:
        """1 when a new finding reaches --fail-on, plus 4 when some inputs could not be read."""
        return (EXIT_THRESHOLD if self.blocking else EXIT_OK) | (EXIT_INPUT if summary.errors else EXIT_OK)
