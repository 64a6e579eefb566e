"""A safe fix leaves the sentence grammatical: a suggestion that brings its own determiner never follows the text's ("son la paix", "de le président")."""

from __future__ import annotations

from pathlib import Path

import pytest
from surfaces import run_cli

from auditor.fixes import fits_site


@pytest.mark.parametrize(
    "before, suggestion, fits",
    [
        ("il restaurerait son ", "la paix", False),  # "son la paix"
        ("Il a parlé de ", "le président argentin", False),  # "de le" must contract to "du"
        ("Ils ont écrit à ", "les élus", False),  # "à les" must contract to "aux"
        ("rembourser la ", "le solde", False),
        ("Il a parlé de ", "la présidente", True),  # "de la" needs nothing
        ("Il a parlé de ", "Javier Milei", True),
        ("il restaurerait ", "la paix", True),  # the determiner was part of the span
        ("", "la paix", True),
        ("Le texte cite l'", "apologiste", True),
    ],
)
def test_fits_site(before: str, suggestion: str, fits: bool) -> None:
    assert fits_site(before + "xxx", len(before), suggestion) is fits


RULE = """rules:
  - id: t.mir
    kind: pattern
    category: accuracy/mistranslation
    severity: major
    message: Here "mir" means peace.
    languages: [fr]
    fix: auto
    pattern: '{pattern}'
    suggest: la paix
    examples:
      flag: ["Il veut rétablir {flag} vite."]
      pass: ["Il veut la paix."]
"""


@pytest.mark.parametrize(
    "pattern, flag, fixed",
    [
        # The span leaves the determiner out: shown as a suggestion, never applied.
        (r"rétablir son (?P<span>monde)", "son [[monde]]", "Il veut rétablir son monde vite.\n"),
        # The span takes the determiner in: applied.
        (r"rétablir (?P<span>son monde)", "[[son monde]]", "Il veut rétablir la paix vite.\n"),
    ],
)
def test_write_applies_only_fixes_that_fit(capsys: pytest.CaptureFixture[str], tmp_path: Path, pattern: str, flag: str, fixed: str) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULE.format(pattern=pattern, flag=flag), encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("Il veut rétablir son monde vite.\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "check", str(doc), "--write", "--no-config", "--no-builtin", "--rules", str(rules), "--lang", "fr", "--fail-on", "never")
    assert doc.read_text(encoding="utf-8") == fixed


@pytest.mark.parametrize(
    "text, suggestion",
    [
        ("Selon Moscou, Trump a promis qu'il rétablirait son monde en Europe.", "Selon Moscou, Trump a promis qu'il rétablirait la paix en Europe."),
        ("Il a longuement parlé de Mileya Argentine devant la presse.", "Il a longuement parlé de Javier Milei devant la presse."),
    ],
)
def test_builtin_suggestions_read_as_french_once_applied(engine, text: str, suggestion: str) -> None:
    from auditor.run.pipeline import Options, audit_text

    result = audit_text(text, engine, Options(language="fr"))
    (f,) = [f for f in result.findings if f.rule_id in ("fr.mistranslation.mir-monde", "fr.entity.known.mileya")]
    assert text[: f.start] + f.suggestions[0] + text[f.end :] == suggestion
