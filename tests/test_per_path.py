"""[[per-path]] tables of the configuration: different rules and language for the documents under a glob, in scan and check, with --jobs and the cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from surfaces import RULES, run_cli

TEXT = "Hier, Ilon Musk a parlé de StarLink.\n"
CONFIG = f"""rules = ["{RULES}"]
builtin = false
language = "fr"
select = ["t.name"]

[[per-path]]
path = "siteB/*"
disable = ["t.name.starlink"]
severity = {{ "t.name.ilon" = "minor" }}

[[per-path]]
path = "siteC/*"
language = "en"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus of three sites with the same article, and a configuration with two [[per-path]] tables."""
    for site in ("siteA", "siteB", "siteC"):
        (tmp_path / "corpus" / site).mkdir(parents=True)
        (tmp_path / "corpus" / site / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "auditor.toml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def findings(out: str) -> list[tuple[str, str, str, str]]:
    """(key, language, rule, severity) of every finding of a JSON report, and the language of clean documents."""
    data = json.loads(out)
    rows = []
    for d in data["documents"]:
        rows += [(d["key"], d["language"], f["rule_id"], f["severity"]) for f in d["findings"]] or [(d["key"], d["language"], "", "")]
    return rows


EXPECTED = [
    ("siteA/a.txt", "fr", "t.name.ilon", "major"),
    ("siteA/a.txt", "fr", "t.name.starlink", "minor"),
    ("siteB/a.txt", "fr", "t.name.ilon", "minor"),  # severity overridden, starlink disabled
    ("siteC/a.txt", "en", "", ""),  # English: the French rules do not run
]


def test_scan_gives_each_site_its_rules(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    code, out, err = run_cli(capsys, "scan", "corpus", "--out", "out", "--format", "json", "-q", "--fail-on", "never")
    assert code == 0, err
    assert findings(out) == EXPECTED
    # The same with two workers, and again from the cache: byte-identical documents.
    code, parallel, err = run_cli(capsys, "scan", "corpus", "--out", "out2", "--format", "json", "-q", "--fail-on", "never", "--jobs", "2")
    assert json.loads(parallel)["documents"] == json.loads(out)["documents"]
    code, cached, err = run_cli(capsys, "scan", "corpus", "--out", "out", "--format", "json", "--fail-on", "never")
    assert json.loads(cached)["documents"] == json.loads(out)["documents"] and "cache: 3 of 3 documents reused" in err


def test_a_changed_table_is_never_answered_from_the_cache(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    run_cli(capsys, "scan", "corpus", "--out", "out", "-q", "--fail-on", "never")
    (project / "auditor.toml").write_text(CONFIG.replace('disable = ["t.name.starlink"]', 'disable = ["t.name.ilon"]'), encoding="utf-8")
    code, out, err = run_cli(capsys, "scan", "corpus", "--out", "out", "--format", "json", "--fail-on", "never")
    assert [row for row in findings(out) if row[0] == "siteB/a.txt"] == [("siteB/a.txt", "fr", "t.name.starlink", "minor")]
    assert "cache: 0 of 3 documents reused" in err  # the tables are part of the run's signature


def test_check_matches_the_same_glob_on_a_longer_path(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    code, out, _ = run_cli(capsys, "check", "corpus/siteB/a.txt", "corpus/siteA/a.txt", "--format", "text", "--fail-on", "never")
    assert out.splitlines()[:3] == [
        "corpus/siteB/a.txt:1:7: minor [t.name.ilon] Garbled name. (→ Elon Musk)",
        "corpus/siteA/a.txt:1:7: major [t.name.ilon] Garbled name. (→ Elon Musk)",
        'corpus/siteA/a.txt:1:28: minor [t.name.starlink] The company writes "Starlink". (→ Starlink)',
    ]


def test_config_prints_the_tables(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    code, out, _ = run_cli(capsys, "config")
    assert out.endswith('\n[[per-path]]\npath = "siteB/*"\ndisable = ["t.name.starlink"]\nseverity = {"t.name.ilon" = "minor"}\n\n[[per-path]]\npath = "siteC/*"\nlanguage = "en"\n')
    code, out, _ = run_cli(capsys, "config", "--json")
    assert json.loads(out)["settings"]["per-path"][1] == {"path": "siteC/*", "language": "en"}


@pytest.mark.parametrize(
    "table, line, message",
    [
        ('path = "a/*"\ndisabled = ["x"]', 4, "unknown key 'per-path[1].disabled' (known keys: path, select, disable, severity, language)"),
        ('disable = ["x"]', 2, "table 'per-path[1]': 'path' (a glob) is required"),
        ('path = "a/*"\nseverity = { x = "huge" }', 4, "key 'per-path[1].severity': rule 'x': 'huge' is not one of minor, major, critical"),
        ('path = "a/*"\nlanguage = 3', 4, "key 'per-path[1].language': expected a string, got a number"),
    ],
)
def test_wrong_tables_name_file_line_and_key(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, line: int, message: str) -> None:
    (tmp_path / "auditor.toml").write_text(f"builtin = false\n[[per-path]]\n{table}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(capsys, "check", "-")
    assert code == 2 and out == ""
    assert err == f"auditor: error: {tmp_path / 'auditor.toml'}:{line}: {message}\n"


def test_per_path_in_pyproject(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    (project / "auditor.toml").unlink()
    body = CONFIG.replace("[[per-path]]", "[[tool.auditor.per-path]]")
    (project / "pyproject.toml").write_text("[tool.auditor]\n" + body, encoding="utf-8")
    code, out, err = run_cli(capsys, "scan", "corpus", "--out", "out", "--format", "json", "-q", "--fail-on", "never", "--no-cache")
    assert findings(out) == EXPECTED
