"""Inline suppression: `auditor: disable` comments silence findings in a region or on a line, are counted, and are reported when they silence nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from surfaces import FIXED, run_cli

from auditor.document import Document
from auditor.inputs.extract import html_to_text
from auditor.inputs.suppress import parse_directives, regions

# Five paragraphs, each with one t.name.ilon finding (major) and one t.name.starlink (minor).
TEXT = (
    "Ilon Musk et StarLink, un.\n"
    "Ilon Musk et StarLink, deux. <!-- auditor: disable-line t.name.ilon -->\n"
    "<!-- auditor: disable-next-line -->\n"
    "Ilon Musk et StarLink, trois.\n"
    "<!-- auditor: disable t.name -->\n"
    "Ilon Musk et StarLink, quatre.\n"
    "<!-- auditor: enable -->\n"
    "Ilon Musk et StarLink, cinq. auditor: disable-line t.name.starlink\n"
)


def report(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> tuple[int, dict]:
    """Check one file with the fixed rules (t.name only); return the exit code and its JSON document."""
    code, out, err = run_cli(capsys, "check", str(path), *FIXED, "--select", "t.name", "--format", "json", "--fail-on", "never", *extra)
    assert err == ""
    data = json.loads(out)
    return code, data


def where(doc: dict) -> list[tuple[int, int, str]]:
    """(line, column, rule) of each finding of a JSON document record."""
    return [(f["line"], f["column"], f["rule_id"]) for f in doc["findings"]]


def test_directives_silence_lines_regions_and_rules(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, data = report(capsys, path)
    doc = data["documents"][0]
    assert code == 0
    assert where(doc) == [(1, 1, "t.name.ilon"), (1, 14, "t.name.starlink"), (2, 14, "t.name.starlink"), (8, 1, "t.name.ilon")]
    assert doc["suppressed"] == 6  # line 2: ilon; line 4: both; line 6: both; line 8: starlink
    assert data["totals"]["suppressed"] == 6
    # Scored on what is left: 2 major + 2 minor.
    assert doc["penalty"] == 12


def test_a_directive_that_silences_nothing_is_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Ilon Musk est là.\nRien ici. <!-- auditor: disable-line t.name -->\nPlus rien. auditor: disable-line t.other\n", encoding="utf-8")
    code, data = report(capsys, path, "--extend-select", "auditor.unused-suppression")
    doc = data["documents"][0]
    assert where(doc) == [(1, 1, "t.name.ilon"), (2, 11, "auditor.unused-suppression"), (3, 12, "auditor.unused-suppression")]
    unused = doc["findings"][1]
    assert (unused["severity"], unused["category"], unused["text"]) == ("minor", "style/awkward", "<!-- auditor: disable-line t.name -->")
    assert unused["message"] == "Suppression comment that silences no finding."
    assert unused["detail"] == "disable-line t.name: no finding there to silence"
    assert doc["findings"][2]["detail"] == "disable-line t.other: no finding there to silence"
    assert (doc["penalty"], doc["suppressed"]) == (5, 0)  # reported, never scored: the major finding alone
    # Selected and disabled like a rule, as ruff's RUF100: --select t.name leaves it out.
    code, data = report(capsys, path)
    assert where(data["documents"][0]) == [(1, 1, "t.name.ilon")]
    code, data = report(capsys, path, "--extend-select", "auditor", "--disable", "auditor.unused-suppression")
    assert where(data["documents"][0]) == [(1, 1, "t.name.ilon")]


def test_the_text_output_counts_suppressed_findings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, out, _ = run_cli(capsys, "check", str(path), *FIXED, "--select", "t.name", "--format", "text", "--fail-on", "never")
    assert out.splitlines()[-4:-2] == ["verdicts: 1 review; unreadable: 0", "suppressed by inline comments: 6"]
    code, out, _ = run_cli(capsys, "check", str(path), *FIXED, "--select", "t.name", "--color", "never", "--fail-on", "never")
    assert out.splitlines()[-1].endswith("; 6 suppressed by inline comments")


def test_markdown_directives_and_no_plain_form(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("<!-- auditor: disable t.name.ilon -->\nIlon Musk et StarLink.\n\nIlon Musk. auditor: disable-line\n", encoding="utf-8")
    code, data = report(capsys, path)
    doc = data["documents"][0]
    # In Markdown only the comment form counts: a plain "auditor: disable-line" is prose there.
    assert where(doc) == [(2, 14, "t.name.starlink")] and doc["suppressed"] == 2


def test_html_keeps_directive_comments_in_place(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = "<p>Ilon Musk <!-- auditor: disable-line t.name.ilon --> et StarLink.</p><!-- auditor: disable-next-line --><p>Ilon Musk.</p><!-- a note --><!-- auditor: a note -->"
    assert html_to_text(page) == "Ilon Musk <!-- auditor: disable-line t.name.ilon --> et StarLink.\n<!-- auditor: disable-next-line -->\nIlon Musk.\n"
    path = tmp_path / "a.html"
    path.write_text(page, encoding="utf-8")
    code, data = report(capsys, path)
    doc = data["documents"][0]
    assert where(doc) == [(1, 57, "t.name.starlink")] and doc["suppressed"] == 2


def test_enable_closes_only_the_rules_it_names() -> None:
    text = "<!-- auditor: disable a -->x\n<!-- auditor: disable b.c, d -->y\n<!-- auditor: enable b.c d -->z\n<!-- auditor: disable -->w"
    doc = Document(text)
    directives = parse_directives(text, plain=True)
    assert [(d.verb, d.rules) for d in directives] == [("disable", ("a",)), ("disable", ("b.c", "d")), ("enable", ("b.c", "d")), ("disable", ())]
    got = [(r.rules, text[r.start : r.end]) for r in regions(doc, directives)]
    assert got == [
        (("a",), text[27:]),
        (("b.c", "d"), "y\n"),
        ((), "w"),
    ]


def test_an_auditor_word_that_is_no_directive_is_prose() -> None:
    assert parse_directives("Note <!-- auditor: todo --> et l'auditor: disable-line x au milieu.\n", plain=True) == ()
    assert parse_directives("Aucun commentaire ici.\n", plain=True) == ()


def test_summary_csv_appends_the_suppressed_column(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "in" / "a.txt"
    path.parent.mkdir()
    path.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, "scan", str(path.parent), "--out", str(out), "--run-id", "r", *FIXED, "--select", "t.name", "--fail-on", "never", "-q")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO((out / "r" / "summary.csv").read_text(encoding="utf-8"))))
    assert list(rows[0])[-3:] == ["suppressed", "run_id", "run_started"] and rows[0]["suppressed"] == "6"
    assert json.loads((out / "r" / "run.json").read_text(encoding="utf-8"))["totals"]["suppressed"] == 6


def test_the_unused_suppression_examples_hold(engine) -> None:
    from auditor.inputs.suppress import UNUSED_SUPPRESSION_RULE
    from auditor.run.pipeline import Options, audit_text

    for examples, flagged in ((UNUSED_SUPPRESSION_RULE.flag_examples, True), (UNUSED_SUPPRESSION_RULE.pass_examples, False)):
        for ex in examples:
            result = audit_text(ex.text, engine, Options(language="fr"))
            got = tuple((f.start, f.end) for f in result.findings if f.rule_id == "auditor.unused-suppression")
            assert got == ex.spans and bool(got) is flagged, ex.text


def test_rules_show_explains_the_unused_suppression(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "rules", "show", "auditor.unused-suppression", "--no-config")
    assert code == 0 and out.splitlines()[:5] == [
        "auditor.unused-suppression",
        "  message:   Suppression comment that silences no finding.",
        "  category:  style/awkward (MQM)",
        "  severity:  minor",
        "  kind:      directive",
    ]


def test_suppression_is_the_same_from_the_cache_and_with_workers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    for n in range(3):
        (root / f"{n}.txt").write_text(TEXT, encoding="utf-8")
    args = ("--out", str(tmp_path / "out"), *FIXED, "--select", "t.name", "--extend-select", "auditor", "--format", "json", "--fail-on", "never")
    _, first, _ = run_cli(capsys, "scan", str(root), *args, "-q")
    _, cached, err = run_cli(capsys, "scan", str(root), *args)
    _, parallel, _ = run_cli(capsys, "scan", str(root), *args, "-q", "--no-cache", "--jobs", "2")
    assert "cache: 3 of 3 documents reused" in err
    docs = json.loads(first)["documents"]
    assert [d["suppressed"] for d in docs] == [6, 6, 6]
    assert json.loads(cached)["documents"] == docs == json.loads(parallel)["documents"]
    assert json.loads(cached)["totals"]["suppressed"] == 18
