"""`auditor rules list|test`: show the rules in force and run their own examples."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from auditor.commands.common import add_rule_arguments, ruleset_from_args
from auditor.ruleset.examples import check_examples
from auditor.ruleset.loader import load_file, load_ruleset

NAME = "rules"
HELP = "list the rules in force, or run their examples"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare `rules list` and `rules test`."""
    sub = parser.add_subparsers(dest="rules_command", required=True, metavar="{list,test}")
    ls = sub.add_parser("list", help="list the rules in force")
    ls.add_argument("--format", choices=("text", "json"), default="text")
    add_rule_arguments(ls)
    test = sub.add_parser("test", help="run each rule's flag and pass examples")
    test.add_argument("files", nargs="*", metavar="RULE_FILE", help="rule files to test (default: all rules in force)")
    add_rule_arguments(test)


def run(args: argparse.Namespace) -> int:
    """Dispatch to list or test."""
    return _list(args) if args.rules_command == "list" else _test(args)


def _list(args: argparse.Namespace) -> int:
    """Print one line per rule, or JSON."""
    ruleset = ruleset_from_args(args)
    if args.format == "json":
        rows = [
            {
                "id": r.id,
                "kind": r.kind,
                "category": r.category,
                "severity": r.severity.value,
                "languages": list(r.languages),
                "message": r.message,
                "fix": "auto" if r.fix else "",
                "source": r.source,
            }
            for r in ruleset.rules
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    width = max((len(r.id) for r in ruleset.rules), default=10)
    for r in ruleset.rules:
        print(f"{r.id:<{width}}  {r.kind:<12}  {r.severity.value:<8}  {r.category:<30}  {','.join(r.languages):<6}  {r.message}")
    print(f"{len(ruleset.rules)} rules, {len(ruleset.gazetteer)} gazetteer entries, rules hash {ruleset.digest}")
    return 0


def _test(args: argparse.Namespace) -> int:
    """Run examples; exit 1 when any example fails."""
    ruleset = ruleset_from_args(args)
    if args.files:
        # Test only the named files, but keep the gazetteer in force for entity checks.
        base = load_ruleset(builtin=not args.no_builtin)
        rules, entries = [], list(base.gazetteer)
        for name in args.files:
            file_rules, file_entries = load_file(Path(name))
            rules += file_rules
            entries += file_entries
        gazetteer = tuple(entries)
    else:
        rules, gazetteer = list(ruleset.rules), ruleset.gazetteer
    failed = examples = 0
    for rule in rules:
        failures = check_examples(rule, gazetteer)
        examples += len(rule.flag_examples) + len(rule.pass_examples)
        if failures:
            failed += 1
            for failure in failures:
                print(f"FAIL {failure}")
        else:
            print(f"ok   {rule.id} ({len(rule.flag_examples)} flag, {len(rule.pass_examples)} pass)")
    print(f"{len(rules)} rules, {examples} examples: {len(rules) - failed} rules passed, {failed} failed")
    return 1 if failed else 0
