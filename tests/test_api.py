"""The public Python API: Auditor, its results, fixes, pickling, and the examples of docs/api.md."""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

import auditor
from auditor import Auditor, DocumentResult, Edit
from auditor.cli import main

ROOT = Path(__file__).resolve().parents[1]
MUSK = "Le patron de Tesla, Ilon Musk, a fait des déclarations."


@pytest.fixture(scope="module")
def fr() -> Auditor:
    """One French Auditor for the module: rules compile once."""
    return Auditor(language="fr")


def test_public_names_are_exported():
    assert {"Auditor", "DocumentResult", "Finding", "Edit", "audit_text", "RuleError", "UsageError", "ConfigError"} <= set(dir(auditor))
    assert "Auditor" in auditor.__all__


def test_audit_text_returns_the_frozen_result_with_exact_span(fr: Auditor):
    result = fr.audit_text(MUSK, path="note.txt")
    assert isinstance(result, DocumentResult)
    assert [(f.rule_id, f.start, f.end, f.text, f.suggestions) for f in result.findings] == [
        ("fr.entity.known.ilon-musk", 20, 29, "Ilon Musk", ("Elon Musk",))
    ]
    assert (result.path, result.language, result.words, result.score, result.verdict) == ("note.txt", "fr", 10, 98.0, "review")


def test_to_dict_is_the_per_file_json_record(tmp_path: Path, fr: Auditor):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "note.txt").write_text(MUSK + "\n", encoding="utf-8")
    assert main(["scan", str(folder), "--out", str(tmp_path / "out"), "--run-id", "r", "--lang", "fr", "-q", "--no-cache", "--fail-on", "never"]) == 0
    written = (tmp_path / "out" / "r" / "files" / "note.txt.json").read_text(encoding="utf-8")
    result = fr.audit_file(folder / "note.txt")
    # The record names the file as scan does (root joined with the relative path, key relative).
    record = result.to_dict()
    record.update(path=str(folder / "note.txt"), key="note.txt")
    assert json.dumps(record, ensure_ascii=False) + "\n" == written
    assert result.to_dict() == auditor.result_record(result)


def test_fix_text_applies_the_safe_fixes(fr: Auditor):
    fixed, fixes = fr.fix_text(MUSK)
    assert fixed == "Le patron de Tesla, Elon Musk, a fait des déclarations."
    assert fixes == (Edit(20, 29, "Ilon Musk", "Elon Musk", "fr.entity.known.ilon-musk"),)
    assert fr.fix_text("Le gouvernement a présenté son budget mardi.") == ("Le gouvernement a présenté son budget mardi.", ())


def test_options_are_the_command_lines(tmp_path: Path):
    quiet = Auditor(language="fr", disable=["fr.entity"])
    assert quiet.audit_text(MUSK).findings == ()
    minor = Auditor(language="fr", severity={"fr.entity": "minor"}, min_words=1)
    [finding] = minor.audit_text(MUSK).findings
    assert finding.severity.value == "minor"
    assert minor.audit_text(MUSK).score == 90.0  # 1 - 1/10 words: the plain per-word formula
    config = tmp_path / "auditor.toml"
    config.write_text('disable = ["fr.entity"]\nlanguage = "fr"\n', encoding="utf-8")
    assert Auditor(config=config).audit_text(MUSK).findings == ()


def test_bad_options_raise_the_clis_errors(tmp_path: Path):
    with pytest.raises(auditor.UsageError, match="--weights"):
        Auditor(weights="minor=x")
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: fr.test.one\n    kind: substitution\n    severity: huge\n", encoding="utf-8")
    with pytest.raises(auditor.RuleError, match="bad.yaml"):
        Auditor(rules=[bad])


def test_audit_file_reports_an_unreadable_file_as_an_error_result(tmp_path: Path, fr: Auditor):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = fr.audit_file(tmp_path / "empty.txt")
    assert (result.verdict, result.error) == ("error", "empty file")
    with pytest.raises(ValueError, match="audit_text"):
        fr.audit_file(tmp_path / "records.jsonl")


CHILD = """
import pickle, sys
auditor = pickle.loads(sys.stdin.buffer.read())
result = auditor.audit_text(sys.argv[1])
print([(f.rule_id, f.start, f.end, f.severity.value) for f in result.findings], result.score)
"""


def test_an_auditor_pickles_and_gives_the_same_findings_in_a_fresh_process(tmp_path: Path):
    rules = tmp_path / "extra.yaml"
    rules.write_text(
        "rules:\n"
        "  - id: test.avion\n    kind: substitution\n    category: fluency/spelling\n    severity: critical\n    languages: [fr]\n"
        "    message: Misspelt.\n    replace:\n      aviom: avion\n"
        "    examples:\n      flag:\n        - text: \"Un [[aviom]] vole.\"\n      pass:\n        - \"Un avion vole.\"\n",
        encoding="utf-8",
    )
    original = Auditor(language="fr", rules=[rules], severity={"fr.entity": "minor"})
    payload = pickle.dumps(original)
    assert len(payload) < 2000  # the settings travel, not the compiled rules
    text = MUSK + " Un aviom passe."
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    child = subprocess.run([sys.executable, "-c", CHILD, text], input=payload, capture_output=True, env=env, timeout=300, check=True)
    here = original.audit_text(text)
    expected = [(f.rule_id, f.start, f.end, f.severity.value) for f in here.findings]
    assert expected == [("fr.entity.known.ilon-musk", 20, 29, "minor"), ("test.avion", 59, 64, "critical")]
    assert child.stdout.decode().strip() == f"{expected} {here.score}"


def _python_blocks(markdown: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", markdown, flags=re.S)


def test_the_runnable_examples_of_docs_api_md_run(tmp_path: Path):
    pytest.importorskip("pandas")  # in the test extra; a plain install may lack it
    blocks = _python_blocks((ROOT / "docs" / "api.md").read_text(encoding="utf-8"))
    runnable = [b for b in blocks if not re.search(r"^(from|import) (datasets|pyspark|ray)\b", b, flags=re.M)]
    assert len(runnable) == 2 and len(blocks) == 5  # the first example and pandas; datasets, Spark and Ray need a cluster
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    first = subprocess.run([sys.executable, "-c", runnable[0]], capture_output=True, env=env, cwd=tmp_path, timeout=300, text=True)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        "review 98.0",
        "1 21 fr.entity.known.ilon-musk Ilon Musk -> Elon Musk",
        "Le patron de Tesla, Elon Musk, a fait des déclarations.",
    ]
    pandas = subprocess.run([sys.executable, "-c", runnable[1]], capture_output=True, env=env, cwd=tmp_path, timeout=300, text=True)
    assert pandas.returncode == 0, pandas.stderr
    assert re.search(r"0\s+a\s+review\s+98\.0\s+1\n1\s+b\s+pass\s+100\.0\s+0", pandas.stdout), pandas.stdout
