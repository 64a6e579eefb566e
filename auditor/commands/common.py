"""Command-line options shared by the subcommands that load rules or score documents."""

from __future__ import annotations

import argparse
from pathlib import Path

from auditor.pipeline import FAIL_ON
from auditor.ruleset.loader import RuleSet, load_ruleset
from auditor.scoring import ScoringConfig, parse_weights


class UsageError(Exception):
    """A command-line value is wrong; exit code 2."""


def add_rule_arguments(parser: argparse.ArgumentParser) -> None:
    """Add --rules, --no-builtin, --disable and --severity."""
    g = parser.add_argument_group("rules")
    g.add_argument("--rules", action="append", default=[], metavar="PATH", help="extra rule file or folder (repeatable)")
    g.add_argument("--no-builtin", action="store_true", help="do not load the built-in rules")
    g.add_argument("--disable", action="append", default=[], metavar="ID", help="disable a rule id or id prefix (repeatable)")
    g.add_argument(
        "--severity", action="append", default=[], metavar="ID=LEVEL", help="override the severity of a rule id or prefix (repeatable)"
    )


def add_scoring_arguments(parser: argparse.ArgumentParser) -> None:
    """Add --lang, --fail-on, --weights and the verdict thresholds."""
    g = parser.add_argument_group("scoring")
    g.add_argument("--lang", default="auto", help="document language code, or 'auto' to detect (default)")
    g.add_argument("--fail-on", choices=FAIL_ON, default="critical", help="exit 1 when a finding of this severity or worse exists (default: critical)")
    g.add_argument("--weights", default="", metavar="minor=1,major=5,critical=25", help="MQM severity weights")
    g.add_argument("--pass-threshold", type=float, default=99.0, help="lowest score that passes (default 99)")
    g.add_argument("--review-threshold", type=float, default=95.0, help="lowest score that is reviewed rather than failed (default 95)")


def ruleset_from_args(args: argparse.Namespace) -> RuleSet:
    """Load the rule set the options describe; raises RuleError or UsageError."""
    severities = {}
    for item in args.severity:
        selector, sep, level = item.partition("=")
        if not sep or not selector:
            raise UsageError(f"--severity {item!r}: expected ID=LEVEL")
        severities[selector] = level
    return load_ruleset([Path(p) for p in args.rules], builtin=not args.no_builtin, disable=args.disable, severities=severities)


def scoring_from_args(args: argparse.Namespace) -> ScoringConfig:
    """Build the scoring configuration; raises UsageError."""
    try:
        weights = parse_weights(args.weights)
    except ValueError as exc:
        raise UsageError(f"--weights: {exc}") from None
    if not 0 <= args.review_threshold <= args.pass_threshold <= 100:
        raise UsageError("thresholds must satisfy 0 <= --review-threshold <= --pass-threshold <= 100")
    return ScoringConfig(weights=weights, pass_threshold=args.pass_threshold, review_threshold=args.review_threshold)
