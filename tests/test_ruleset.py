"""Rule loading: strict validation with messages naming file, line, rule and key; layering."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.model import Severity
from auditor.ruleset.errors import RuleError
from auditor.ruleset.loader import load_file, load_ruleset

GOOD_RULE = """\
rules:
  - id: fr.test.one
    kind: substitution
    category: accuracy/entity
    severity: major
    message: Test rule.
    languages: [fr]
    replace:
      Ilon Musk: Elon Musk
    examples:
      flag: ["[[Ilon Musk]] a parlé."]
      pass: ["Elon Musk a parlé."]
"""


def write(tmp_path: Path, text: str, name: str = "bad.yaml") -> Path:
    """Write a rule file and return its path."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("    message: Test rule.\n", "    message: Test rule.\n    swp: 1\n", "bad.yaml:7: rule 'fr.test.one': unknown key 'swp' for a substitution rule"),
        ("severity: major", "severity: huge", "bad.yaml:5: rule 'fr.test.one': key 'severity': must be minor, major or critical, got 'huge'"),
        ("category: accuracy/entity", "category: accuracy/nonsense", "bad.yaml:4: rule 'fr.test.one': key 'category': unknown MQM category 'accuracy/nonsense' (see docs/rule-format.md)"),
        ("kind: substitution", "kind: magic", "bad.yaml:3: rule 'fr.test.one': key 'kind': must be one of check, pattern, substitution, got 'magic'"),
        ('flag: ["[[Ilon Musk]] a parlé."]', 'flag: ["Ilon Musk a parlé."]', "bad.yaml:11: rule 'fr.test.one': key 'examples.flag': a flag example must mark its span with [[...]]: 'Ilon Musk a parlé.'"),
        ("    replace:\n      Ilon Musk: Elon Musk\n", "", "bad.yaml:2: rule 'fr.test.one': missing required key 'replace'"),
        ("id: fr.test.one", "id: Bad Id", "bad.yaml:2: rule 'Bad Id': key 'id': must be dotted lowercase like 'fr.entity.name-variant', got 'Bad Id'"),
    ],
)
def test_broken_rule_messages(tmp_path: Path, old: str, new: str, expected: str) -> None:
    """Each defect is reported with the file, the line of the key, the rule id and the key."""
    path = write(tmp_path, GOOD_RULE.replace(old, new))
    with pytest.raises(RuleError) as err:
        load_file(path, "bad.yaml")
    assert str(err.value) == expected


def test_invalid_yaml_names_line(tmp_path: Path) -> None:
    """A YAML syntax error names the line where the parser stopped."""
    path = write(tmp_path, "rules:\n  - id: x\n    kind: [unclosed\n")
    with pytest.raises(RuleError) as err:
        load_file(path, "bad.yaml")
    assert str(err.value).startswith("bad.yaml:4: invalid YAML: ")


def test_bad_regex_is_a_rule_error(tmp_path: Path) -> None:
    """An invalid pattern is reported at the 'pattern' key."""
    text = GOOD_RULE.replace("kind: substitution", "kind: pattern").replace("    replace:\n      Ilon Musk: Elon Musk\n", "    pattern: '(unclosed'\n")
    path = write(tmp_path, text)
    with pytest.raises(RuleError) as err:
        load_file(path, "bad.yaml")
    assert str(err.value) == "bad.yaml:8: rule 'fr.test.one': key 'pattern': invalid regular expression: missing ) at position 9"


def test_broken_rule_file_exits_2_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI prints one clear line, exits 2, and creates no report folder."""
    path = write(tmp_path, GOOD_RULE.replace("severity: major", "severity: huge"))
    doc = tmp_path / "doc.txt"
    doc.write_text("Ilon Musk a parlé.", encoding="utf-8")
    out = tmp_path / "reports"
    code = main(["scan", str(doc), "--rules", str(path), "--out", str(out)])
    assert code == 2
    err = capsys.readouterr().err
    assert err == f"auditor: error: {path}:5: rule 'fr.test.one': key 'severity': must be minor, major or critical, got 'huge'\n"
    assert not out.exists()


def test_layering_disable_and_severity_override(tmp_path: Path) -> None:
    """User files add rules; ids or prefixes disable them; the longest selector sets severity."""
    path = write(tmp_path, GOOD_RULE, "user.yaml")
    rs = load_ruleset([path], builtin=False)
    assert [r.id for r in rs.rules] == ["fr.test.one"]
    assert load_ruleset([path], builtin=False, disable=["fr.test"]).rules == ()
    assert load_ruleset([path], builtin=False, disable=["fr.te"]).rules != ()  # prefixes are dotted
    rs = load_ruleset([path], builtin=False, severities={"fr": "minor", "fr.test.one": "critical"})
    assert rs.rules[0].severity is Severity.CRITICAL
    assert load_ruleset([path], builtin=False).digest != rs.digest


def test_user_rule_overrides_builtin_of_same_id(tmp_path: Path) -> None:
    """A later file redefines a rule of the same id: layering, not duplication."""
    text = GOOD_RULE.replace("fr.test.one", "fr.entity.known.isaxon").replace("severity: major", "severity: minor")
    path = write(tmp_path, text, "user.yaml")
    rs = load_ruleset([path])
    rule = rs.by_id()["fr.entity.known.isaxon"]
    assert rule.severity is Severity.MINOR
    assert rule.source == f"{path}#1"


def test_defaults_are_merged(tmp_path: Path) -> None:
    """File defaults apply to each rule and a rule's own key wins."""
    text = "defaults:\n  languages: [en]\n  severity: minor\n" + GOOD_RULE.replace("    languages: [fr]\n", "")
    rules, _ = load_file(write(tmp_path, text))
    assert rules[0].languages == ("en",)
    assert rules[0].severity is Severity.MAJOR


def test_bad_check_parameter_is_a_rule_error_at_compile_time(tmp_path: Path) -> None:
    """A check whose factory rejects a parameter value fails when rules compile, naming the rule."""
    from auditor.scanner import Engine

    text = """\
rules:
  - id: fr.test.lang
    kind: check
    category: accuracy/untranslated
    severity: major
    message: m
    languages: [fr]
    check: untranslated-segment
    params: {backend: no-such-backend}
    examples: {flag: ["[[This paragraph is plainly written in English for the test.]]"], pass: ["Ceci est un texte."]}
"""
    path = write(tmp_path, text, "lang.yaml")
    engine = Engine(load_ruleset([path], builtin=False))
    with pytest.raises(RuleError) as err:
        engine.precompile()
    assert str(err.value).startswith(f"{path}: rule 'fr.test.lang': key 'params': ")
    assert "no-such-backend" in str(err.value)
