"""`auditor rules list|test` and `auditor --version`."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import __version__
from auditor.cli import main

RULE = """\
rules:
  - id: fr.user.calque
    kind: pattern
    category: accuracy/overly-literal
    severity: minor
    languages: [fr]
    message: Calque.
    pattern: '\\bfaire du sens\\b'
    suggest: avoir du sens
    examples:
      flag:
        - text: "Cela peut [[faire du sens]]."
          suggestion: avoir du sens
      pass:
        - "Cela peut avoir du sens."
"""


def test_rules_test_reports_each_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A linguist's new rule file is checked without pytest; a wrong mark fails with exit 1."""
    good = tmp_path / "good.yaml"
    good.write_text(RULE, encoding="utf-8")
    assert main(["rules", "test", str(good)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "ok   fr.user.calque (1 flag, 1 pass)",
        "1 rules, 2 examples: 1 rules passed, 0 failed",
    ]
    bad = tmp_path / "bad.yaml"
    bad.write_text(RULE.replace("[[faire du sens]]", "faire [[du sens]]"), encoding="utf-8")
    assert main(["rules", "test", str(bad)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "FAIL fr.user.calque: flag example 'Cela peut faire du sens.': flagged 'faire du sens', expected 'du sens'",
        "1 rules, 2 examples: 0 rules passed, 1 failed",
    ]


def test_rules_list_shows_user_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`rules list` prints one line per rule and a total line with the rules hash."""
    path = tmp_path / "user.yaml"
    path.write_text(RULE, encoding="utf-8")
    assert main(["rules", "list", "--no-builtin", "--rules", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["fr.user.calque", "pattern", "minor", "accuracy/overly-literal", "fr", "Calque."]
    assert lines[1].startswith("1 rules, 0 gazetteer entries, rules hash ")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the tool version and exits 0."""
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"auditor {__version__}\n"
