"""Configuration files: discovery upward, strict keys, flags override, `auditor config`."""

from __future__ import annotations

import json

import pytest
from surfaces import DOC, RULES, run_cli

from auditor.config import to_toml

BASE = ["--no-builtin", "--lang", "fr"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project with auditor.toml at its root, an article, and the cwd two folders below."""
    (tmp_path / "auditor.toml").write_text(
        f'rules = ["{RULES}"]\nbuiltin = false\nlanguage = "fr"\nfail_on = "minor"\ndisable = ["t.guess"]\n'
        '[severity]\n"t.name.starlink" = "major"\n[thresholds]\npass = 98\nreview = 90\n',
        encoding="utf-8",
    )
    (tmp_path / "article.txt").write_text(DOC, encoding="utf-8")
    deep = tmp_path / "articles" / "2024"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    return tmp_path


def test_config_is_found_upward_and_printed(capsys, project):
    code, out, _ = run_cli(capsys, "config")
    assert code == 0
    assert out == (
        f"# configuration file: {project / 'auditor.toml'}\n"
        "# command-line flags override it\n"
        f'rules = ["{RULES}"]\n'
        "builtin = false\n"
        "select = []\n"
        'disable = ["t.guess"]\n'
        'language = "fr"\n'
        'fail_on = "minor"\n'
        "min_words = 250\n"
        'format = "text"\n'
        "reports = []\n"
        'out = "reports"\n'
        "excel = false\n"
        'csv_dialect = "rfc4180"\n'
        "include = []\n"
        "exclude = []\n"
        "max_bytes = 10485760\n"
        'baseline = ""\n'
        'refs = ""\n'
        'color = "auto"\n'
        "\n[severity]\n"
        '"t.name.starlink" = "major"\n'
        "\n[weights]\n"
        "minor = 1.0\nmajor = 5.0\ncritical = 25.0\n"
        "\n[thresholds]\n"
        "pass = 98.0\nreview = 90.0\n"
    )


def test_flags_override_the_file(capsys, project):
    code, out, _ = run_cli(capsys, "config", "--fail-on", "never", "--json")
    settings = json.loads(out)
    assert settings["config_file"] == str(project / "auditor.toml")
    assert settings["settings"]["fail_on"] == "never"
    assert settings["settings"]["thresholds"] == {"pass": 98.0, "review": 90.0}


def test_config_shapes_check(capsys, project):
    article = str(project / "article.txt")
    code, out, _ = run_cli(capsys, "check", article)
    assert "t.guess.masque" not in out  # disabled in the file
    assert f"{article}:1:28: major [t.name.starlink]" in out  # severity raised in the file
    assert code == 1  # fail_on = "minor" from the file
    assert run_cli(capsys, "check", article, "--fail-on", "never")[0] == 0  # the flag wins
    _, out, _ = run_cli(capsys, "check", article, "--no-config", "--rules", str(RULES), *BASE)
    assert "t.guess.masque" in out and "1:28: minor [t.name.starlink]" in out


def test_pyproject_tool_section(capsys, tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.auditor]\nfail_on = "major"\n', encoding="utf-8")
    inner = tmp_path / "pkg"
    inner.mkdir()
    # A pyproject.toml without [tool.auditor] on the way up is not a configuration.
    (inner / "pyproject.toml").write_text('[project]\nname = "inner"\n', encoding="utf-8")
    monkeypatch.chdir(inner)
    _, out, _ = run_cli(capsys, "config", "--json")
    settings = json.loads(out)
    assert (settings["config_file"], settings["settings"]["fail_on"]) == (str(tmp_path / "pyproject.toml"), "major")


@pytest.mark.parametrize(
    "text, message",
    [
        ('fail_on = "major"\nswp = 1\n', ":2: unknown key 'swp' (known keys: baseline, builtin, color, csv_dialect, disable, excel, exclude, fail_on, format, include, language, max_bytes, min_words, out, per-path, refs, reports, rules, select, severity, thresholds, weights)"),
        ('fail_on = "sometimes"\n', ":1: key 'fail_on': 'sometimes' is not one of fail, review, critical, major, minor, never"),
        ("disable = \"fr.locale\"\n", ":1: key 'disable': expected a list of strings"),
        ('[weights]\nmajor = "five"\n', ":1: key 'weights': field 'major' must be a non-negative number"),
        ('[thresholds]\npass = 90\nreview = 95\n', ":1: key 'thresholds': review must not exceed pass"),
        ('[severity]\n"fr.x" = "huge"\n', ":1: key 'severity': rule 'fr.x': 'huge' is not one of minor, major, critical"),
        ('format = "xml"\n', ":1: key 'format': unknown format 'xml' (known: csv, github, html, json, jsonl, pretty, sarif, text, xlsx)"),
        ("fail_on = \n", ": invalid TOML: Invalid value (at line 1, column 11)"),
    ],
)
def test_bad_configuration_is_a_usage_error(capsys, tmp_path, monkeypatch, text, message):
    (tmp_path / "auditor.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(capsys, "check", "whatever.txt")
    assert (code, out, err) == (2, "", f"auditor: error: {tmp_path / 'auditor.toml'}{message}\n")


def test_explicit_config_and_no_config(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "auditor.toml").write_text("swp = 1\n", encoding="utf-8")  # broken, but ignored below
    (tmp_path / "team.toml").write_text('fail_on = "major"\n', encoding="utf-8")
    _, out, _ = run_cli(capsys, "config", "--config", "team.toml", "--json")
    assert json.loads(out)["settings"]["fail_on"] == "major"
    _, out, _ = run_cli(capsys, "config", "--no-config", "--json")
    assert json.loads(out)["config_file"] is None
    code, _, err = run_cli(capsys, "config", "--config", "missing.toml")
    assert (code, err) == (2, "auditor: error: missing.toml: configuration file not found\n")


def test_to_toml_round_trips():
    import tomllib

    values = {"rules": ["a b", 'q"uote'], "builtin": False, "severity": {"fr.entity": "minor"}, "weights": {"minor": 1.5}}
    assert tomllib.loads(to_toml(values)) == values


def test_min_words_from_the_file_and_the_flag(capsys, tmp_path, monkeypatch):
    """min_words sets the evaluation word count of short documents; it is named in run.json's scoring signature."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_text(DOC, encoding="utf-8")  # 18 words: 2 major and 4 minor findings
    (tmp_path / "auditor.toml").write_text(f'rules = ["{RULES}"]\nbuiltin = false\nlanguage = "fr"\nmin_words = 1\n', encoding="utf-8")
    _, out, _ = run_cli(capsys, "check", "article.txt")
    assert out.endswith("score 22.22/100, verdict FAIL — 6 findings (0 critical, 2 major, 4 minor), 18 words; 3 safe fixes (--diff to review, --write to apply)\n")
    _, out, _ = run_cli(capsys, "check", "article.txt", "--min-words", "100")
    assert "score 86.00/100, verdict FAIL" in out
    assert run_cli(capsys, "scan", "article.txt", "--out", "reports", "--run-id", "r", "-q", "--fail-on", "never")[0] == 0
    scoring = json.loads((tmp_path / "reports" / "r" / "run.json").read_text(encoding="utf-8"))["signature"]["scoring"]
    assert scoring == "mqm-rqs-2|weights:minor=1,major=5,critical=25|pass:99|review:95|min_words:1"
    code, out, err = run_cli(capsys, "check", "article.txt", "--min-words", "0")
    assert (code, out, err) == (2, "", "auditor: error: --min-words must be a positive integer, got 0\n")
    (tmp_path / "auditor.toml").write_text("min_words = 0\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "check", "article.txt")
    assert (code, err) == (2, f"auditor: error: {tmp_path / 'auditor.toml'}:1: key 'min_words': expected a positive integer\n")
