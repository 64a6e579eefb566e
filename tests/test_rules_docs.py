"""Rules that explain themselves: `rules show`, and docs/rules.md generated from the rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from surfaces import RULES, run_cli

ROOT = Path(__file__).resolve().parents[1]


def shown(path: Path) -> str:
    """How `rules show` names a user rule file: relative to the working directory when below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)

FIXED = ["--no-config", "--no-builtin", "--rules", str(RULES)]  # the fixed test rules only


def test_the_rules_page_is_generated_from_the_builtin_rules(capsys: pytest.CaptureFixture[str]) -> None:
    """Fails when a rule changed and docs/rules.md was not regenerated."""
    code, _, err = run_cli(capsys, "rules", "docs", "--no-config", "--out", str(ROOT / "docs" / "rules.md"), "--check")
    assert (code, err) == (0, ""), "run: auditor rules docs --no-config --out docs/rules.md"


def test_docs_check_reports_a_stale_page_and_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "rules.md"
    page.write_text("# Rules\nold\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "rules", "docs", *FIXED, "--out", str(page), "--check")
    assert (code, err) == (1, f"{page} is stale: run `auditor rules docs --out {page}`\n")
    assert page.read_text(encoding="utf-8") == "# Rules\nold\n"
    assert run_cli(capsys, "rules", "docs", *FIXED, "--out", str(page))[0] == 0
    text = page.read_text(encoding="utf-8")
    assert '<a id="t.name.starlink"></a>\n\n## t.name.starlink\n' in text
    assert "| [t.name.starlink](#t.name.starlink) | fluency/spelling | minor | auto |" in text
    assert run_cli(capsys, "rules", "docs", *FIXED, "--out", str(page), "--check")[0] == 0


def test_rules_show_explains_one_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "rules", "show", "t.name.starlink", *FIXED)
    assert code == 0
    lines = out.splitlines()
    assert lines[:8] == [
        "t.name.starlink",
        '  message:   The company writes "Starlink".',
        "  category:  fluency/spelling (MQM)",
        "  severity:  minor",
        "  kind:      substitution",
        "  languages: fr",
        "  fix:       auto (safe fix: check --write applies it)",
        f"  source:    {shown(RULES)}#2",
    ]
    assert "  to turn it off: --disable t.name.starlink (or disable = [\"t.name.starlink\"] in auditor.toml);" in lines


def test_rules_show_takes_a_prefix_and_refuses_an_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "rules", "show", "t.name", *FIXED)
    assert code == 0 and [line for line in out.splitlines() if line.startswith("t.")] == ["t.name.ilon", "t.name.starlink"]
    code, _, err = run_cli(capsys, "rules", "show", "t.nothing", *FIXED)
    assert (code, err) == (2, "auditor: error: no rule in force is named 't.nothing' (see `auditor rules list`)\n")


def test_sarif_describes_every_rule_it_reports(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """GitHub's SARIF ingestion wants fullDescription and help on each rule descriptor."""
    import json

    doc = tmp_path / "a.txt"
    doc.write_text("Hier, Ilon Musk a parlé de StarLink.\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "check", str(doc), *FIXED, "--lang", "fr", "--format", "sarif", "--fail-on", "never")
    rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    assert code == 0 and [r["id"] for r in rules] == ["t.name.ilon", "t.cross", "t.name.starlink"]
    assert all(r["fullDescription"]["text"] and r["help"]["text"] and r["help"]["markdown"] for r in rules)
    assert rules[2]["fullDescription"] == {"text": 'The company writes "Starlink".'}  # no description: the message
    assert rules[2]["help"]["text"] == (
        'The company writes "Starlink". MQM category fluency/spelling, severity minor.'
        " Explained by `auditor rules show t.name.starlink`; turned off by `--disable t.name.starlink`."
    )


@pytest.mark.parametrize(
    ("options", "rules"),
    [
        ([], ["t.choice.supercrets", "t.cross", "t.formula", "t.guess.masque", "t.name.ilon", "t.name.starlink", "t.script"]),
        (["--select", "t.name"], ["t.name.ilon", "t.name.starlink"]),
        (["--select", "t.name", "--extend-select", "t.cross"], ["t.cross", "t.name.ilon", "t.name.starlink"]),
        (["--select", "t.name", "--disable", "t.name.ilon"], ["t.name.starlink"]),
    ],
)
def test_select_narrows_the_rules_and_disable_removes_from_them(capsys: pytest.CaptureFixture[str], options: list[str], rules: list[str]) -> None:
    code, out, _ = run_cli(capsys, "rules", "list", *FIXED, *options, "--format", "json")
    import json

    assert code == 0 and [r["id"] for r in json.loads(out)] == rules


def test_the_command_line_select_replaces_the_configurations(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "auditor.toml"
    config.write_text(f'rules = ["{RULES}"]\nbuiltin = false\nselect = ["t.name"]\n', encoding="utf-8")
    import json

    code, out, _ = run_cli(capsys, "rules", "list", "--config", str(config), "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["t.name.ilon", "t.name.starlink"]
    code, out, _ = run_cli(capsys, "rules", "list", "--config", str(config), "--select", "t.cross", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["t.cross"]
    code, out, _ = run_cli(capsys, "rules", "list", "--config", str(config), "--extend-select", "t.cross", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["t.cross", "t.name.ilon", "t.name.starlink"]


def test_extend_select_alone_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "rules", "list", *FIXED, "--extend-select", "t.cross")
    assert (code, err) == (2, "auditor: error: --extend-select adds to --select (or the configuration's select): give --select first\n")
