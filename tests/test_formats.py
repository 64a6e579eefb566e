"""CI formats: SARIF 2.1.0 (validated against the OASIS schema), GitHub annotations, jsonl, csv."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from surfaces import DOC, FIXED, run_cli

from auditor.reporters import load_reporters
from auditor.reporters.csvfmt import FINDING_COLUMNS, RUN_COLUMNS
from auditor.reporters.formats import annotation, escape_data, escape_property

# The OASIS SARIF 2.1.0 schema (errata 01), committed so the test runs offline.
SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-2.1.0.json"


@pytest.fixture
def inputs(tmp_path):
    """An article with findings (one with a safe fix), a clean one and an empty (unreadable) one."""
    (tmp_path / "article.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "clean.txt").write_text("Rien à signaler ici.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    return [str(tmp_path / n) for n in ("article.txt", "clean.txt", "empty.txt")]


def test_every_format_is_registered():
    assert {"text", "json", "jsonl", "csv", "sarif", "github", "html"} <= set(load_reporters())


def test_sarif_validates_against_the_schema(capsys, inputs):
    code, out, _ = run_cli(capsys, "check", *inputs, "--format", "sarif", *FIXED)
    log = json.loads(out)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    validator.validate(log)
    broken = json.loads(out)
    broken["runs"][0]["results"][0]["region"] = {}  # misplaced: regions live in physicalLocation
    assert not validator.is_valid(broken)  # the schema does bite
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    assert [r["ruleId"] for r in run["results"]] == [
        "t.name.ilon",
        "t.cross",
        "t.name.starlink",
        "t.choice.supercrets",
        "t.guess.masque",
        "t.name.starlink",
    ]
    assert [d["id"] for d in run["tool"]["driver"]["rules"]] == ["t.name.ilon", "t.cross", "t.name.starlink", "t.choice.supercrets", "t.guess.masque"]
    first = run["results"][0]
    assert first["level"] == "error" and run["results"][1]["level"] == "warning"
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1,
        "startColumn": 7,
        "endLine": 1,
        "endColumn": 16,
        "charOffset": 6,
        "charLength": 9,
        "snippet": {"text": "Ilon Musk"},
    }
    assert first["fixes"][0]["artifactChanges"][0]["replacements"] == [
        {"deletedRegion": {"charOffset": 6, "charLength": 9}, "insertedContent": {"text": "Elon Musk"}}
    ]
    assert "fixes" not in run["results"][4]  # the guess offers no fix
    assert len(first["partialFingerprints"]["auditorIdentity/v1"]) == 16
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == ["empty file"]
    assert run["invocations"][0]["executionSuccessful"] is False and code == 5  # 4: an unreadable input, +1: a failing document


def test_github_annotations(capsys, inputs):
    _, out, _ = run_cli(capsys, "check", *inputs, "--format", "github", *FIXED)
    article, _, empty = inputs
    assert out.splitlines() == [
        f"::error file={article},line=1,col=7,endLine=1,endColumn=15,title=major [t.name.ilon]::Garbled name. (→ Elon Musk)",
        f"::warning file={article},line=1,col=12,endLine=1,endColumn=23,title=minor [t.cross]::Crossing span for the overlap test.",
        f"::warning file={article},line=1,col=28,endLine=1,endColumn=35,title=minor [t.name.starlink]::The company writes \"Starlink\". (→ Starlink)",
        f"::warning file={article},line=1,col=55,endLine=1,endColumn=64,title=minor [t.choice.supercrets]::Not a French word. (→ ultrasecrets | top secret)",
        f"::error file={article},line=2,col=4,endLine=2,endColumn=9,title=major [t.guess.masque]::Maybe a name translated as a noun. (→ Musk)",
        f"::warning file={article},line=2,col=25,endLine=2,endColumn=32,title=minor [t.name.starlink]::The company writes \"Starlink\". (→ Starlink)",
        f"::error file={empty},title=unreadable input::empty file",
    ]


def test_github_escaping_follows_the_workflow_command_rules():
    assert escape_data("100% sûr\r\nfin") == "100%25 sûr%0D%0Afin"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    assert annotation("warning", "x: y, z", file="dir/a,b:c.txt", line=3, col=None, title="t") == (
        "::warning file=dir/a%2Cb%3Ac.txt,line=3,title=t::x: y, z"
    )


def test_github_multiline_finding_has_no_columns(capsys, tmp_path):
    rules = tmp_path / "multi.yaml"
    rules.write_text(
        "rules:\n  - id: t.multi\n    kind: pattern\n    category: fluency/grammar\n    severity: minor\n"
        "    message: Two lines.\n    languages: [fr]\n    pattern: 'lui\\.\\ndiscussions'\n"
        "    examples:\n      flag: [\"avec [[lui.\\ndiscussions]] ici\"]\n      pass: [\"avec lui. Discussions\"]\n",
        encoding="utf-8",
    )
    doc = tmp_path / "d.txt"
    doc.write_text("avec lui.\ndiscussions ici\n", encoding="utf-8")
    _, out, _ = run_cli(capsys, "check", str(doc), "--format", "github", "--no-config", "--no-builtin", "--rules", str(rules), "--lang", "fr")
    assert out == f"::warning file={doc},line=1,endLine=2,title=minor [t.multi]::Two lines.\n"


def test_jsonl_has_one_record_per_document(capsys, inputs):
    _, out, _ = run_cli(capsys, "check", *inputs, "--format", "jsonl", *FIXED)
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["path"], len(r["findings"]), r["verdict"], r["error"]) for r in records] == [
        (inputs[0], 6, "fail", ""),
        (inputs[1], 0, "pass", ""),
        (inputs[2], 0, "error", "empty file"),
    ]
    assert records[0]["schema_version"] == 1


def test_csv_on_stdout_uses_the_findings_columns(capsys, inputs):
    _, out, _ = run_cli(capsys, "check", *inputs, "--format", "csv", *FIXED)
    rows = list(csv.reader(io.StringIO(out)))
    assert tuple(rows[0]) == (*FINDING_COLUMNS, *RUN_COLUMNS)
    assert rows[1][len(FINDING_COLUMNS) - 5 :] == [".", "fr", "fail", "94.40", "yes", "check", rows[1][-1]]
    assert rows[1][:10] == [inputs[0], "1", "7", "1", "16", "t.name.ilon", "accuracy/entity", "major", "Ilon Musk", "Elon Musk"]
    assert len(rows) == 7


@pytest.mark.parametrize("keep", [True, False])
def test_json_reports_carry_kept_record_fields_in_the_order_asked(capsys, tmp_path, keep):
    """--keep-field values come last in each record of the json (stdout and report.json) and jsonl reports, as
    the record held them ("" when missing or when the file is no record); without --keep-field there is no such key."""
    from test_csv import record_feed

    root = record_feed(tmp_path / "in")
    (root / "plain.txt").write_text("Rien à signaler ici.\n", encoding="utf-8")
    fields = ("--keep-field", "rank", "--keep-field", "url") if keep else ()
    code, out, err = run_cli(
        capsys, "scan", str(root), "--out", str(tmp_path / "out"), "--run-id", "r1", *FIXED, "--format", "json", "--report", "json", "--report", "jsonl", *fields
    )
    assert code in (0, 1), err
    run = tmp_path / "out" / "r1"
    printed = json.loads(out)
    assert printed == json.loads((run / "report.json").read_text(encoding="utf-8"))
    lines = [json.loads(line) for line in (run / "report.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["key"] for d in printed["documents"]] == [d["key"] for d in lines]
    expected = {
        "feed.jsonl#a": [("rank", ""), ("url", "https://lemonde.example/1")],
        "feed.jsonl#b": [("rank", "3"), ("url", "=cmd()")],
        "feed.jsonl#c": [("rank", ""), ("url", "")],
        "plain.txt": [("rank", ""), ("url", "")],
    }
    for records in (printed["documents"], lines):
        if keep:
            assert {Path(d["key"]).name: list(d["kept_fields"].items()) for d in records} == expected
            assert all(list(d)[-1] == "kept_fields" for d in records)
        else:
            assert not any("kept_fields" in d for d in records)
