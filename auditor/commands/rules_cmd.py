"""`auditor rules list|show|test|docs`: the rules in force, one rule explained, their examples, their reference page."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from auditor.commands.common import UsageError, add_rule_arguments, documented_rules, ruleset_from_args
from auditor.reporters.atomic import open_atomic
from auditor.ruleset.docs import explain, markdown
from auditor.ruleset.examples import check_examples
from auditor.ruleset.loader import load_file, load_ruleset

NAME = "rules"
HELP = "list the rules in force, explain one, run their examples, or write their reference page"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare `rules list`, `rules show`, `rules test` and `rules docs`."""
    sub = parser.add_subparsers(dest="rules_command", required=True, metavar="{list,show,test,docs}")
    ls = sub.add_parser("list", help="list the rules in force")
    ls.add_argument("--format", choices=("text", "json"), default="text")
    add_rule_arguments(ls)
    show = sub.add_parser("show", help="explain rules: message, MQM category, severity, description, source, examples, how to turn off")
    show.add_argument("rule_ids", nargs="+", metavar="RULE", help="a rule id, or a dotted id prefix")
    add_rule_arguments(show)
    docs = sub.add_parser("docs", help="write the rules' reference page (Markdown, one anchor per rule id)")
    docs.add_argument("--out", dest="docs_out", default="", help="write the page to this file (default: stdout)")
    docs.add_argument("--check", action="store_true", help="exit 1 when --out differs from the rules, writing nothing")
    add_rule_arguments(docs)
    test = sub.add_parser("test", help="run each rule's flag and pass examples")
    test.add_argument("files", nargs="*", metavar="RULE_FILE", help="rule files to test (default: all rules in force)")
    add_rule_arguments(test)


def run(args: argparse.Namespace) -> int:
    """Dispatch to the sub-command."""
    return {"list": _list, "show": _show, "test": _test, "docs": _docs}[args.rules_command](args)


def _show(args: argparse.Namespace) -> int:
    """Explain every rule each id or prefix names; an id that names none is a usage error."""
    rules = documented_rules(ruleset_from_args(args))
    chosen = []
    for wanted in args.rule_ids:
        found = [r for r in rules if r.id == wanted or r.id.startswith(wanted.rstrip(".") + ".")]
        if not found:  # a finding's id below its rule's (fr.entity.known.isaxon): the rule it came from
            parents = [r for r in rules if wanted.startswith(r.id + ".")]
            found = sorted(parents, key=lambda r: len(r.id))[-1:]
        if not found:
            raise UsageError(f"no rule in force is named {wanted!r} (see `auditor rules list`)")
        chosen += [r for r in found if r not in chosen]
    print("\n".join(explain(r, Path.cwd()) for r in chosen), end="")
    return 0


def _docs(args: argparse.Namespace) -> int:
    """Print or write the reference page; with --check, say whether the written one is stale."""
    page = markdown(documented_rules(ruleset_from_args(args)), Path.cwd())
    if not args.docs_out:
        if args.check:
            raise UsageError("--check needs --out FILE: the page to compare")
        print(page, end="")
        return 0
    target = Path(args.docs_out)
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != page:
            print(f"{target} is stale: run `auditor rules docs --out {target}`", file=sys.stderr)
            return 1
        return 0
    with open_atomic(target, encoding="utf-8") as fh:
        fh.write(page)
    return 0


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
