"""One reader for every command: check reads HTML, JSON and Markdown as scan does, and never fixes what is not prose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from surfaces import FIXED, run_cli

from auditor.inputs.markup import not_prose, outside

PAGE = "<html><head><title>T</title><script>var x='Ilon Musk';</script></head><body><p>Hier, Ilon Musk a parlé de StarLink.</p><!-- Ilon Musk --></body></html>"
MARKDOWN = "Le texte `Ilon Musk` et [Ilon Musk](https://x.org/Ilon_Musk).\n\n```\nIlon Musk\n```\n<!-- Ilon Musk -->\nMais Ilon Musk ici, https://x.org/Ilon_Musk.\n"


def findings_of(report: str) -> list[tuple[str, int, int, str]]:
    """(path, line, column, rule) of every finding in a JSON report."""
    data = json.loads(report)
    return [(d["path"], f["line"], f["column"], f["rule_id"]) for d in data["documents"] for f in d["findings"]]


def test_check_and_scan_read_an_html_page_alike(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "in" / "page.html"
    page.parent.mkdir()
    page.write_text(PAGE, encoding="utf-8")
    code, out, _ = run_cli(capsys, "check", str(page), *FIXED, "--format", "json", "--fail-on", "never")
    checked = findings_of(out)
    assert code == 0 and checked == [(str(page), 2, 7, "t.name.ilon"), (str(page), 2, 12, "t.cross"), (str(page), 2, 28, "t.name.starlink")]
    code, out, _ = run_cli(capsys, "scan", str(page.parent), "--out", str(tmp_path / "out"), *FIXED, "--format", "json", "--fail-on", "never", "-q")
    assert code == 0 and findings_of(out) == checked  # the script and the comment are not text either way


def test_check_reads_one_document_per_json_record(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    records = tmp_path / "recs.jsonl"
    records.write_text('{"id": "a", "text": "Hier, Ilon Musk a parlé."}\n{"id": "b", "text": "Le service StarLink marche."}\n', encoding="utf-8")
    code, out, _ = run_cli(capsys, "check", str(records), *FIXED, "--format", "json", "--fail-on", "never")
    assert code == 0
    assert findings_of(out) == [(f"{records}#a", 1, 7, "t.name.ilon"), (f"{records}#a", 1, 12, "t.cross"), (f"{records}#b", 1, 12, "t.name.starlink")]


def test_markdown_code_urls_and_comments_are_not_audited(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text(MARKDOWN, encoding="utf-8")
    code, out, _ = run_cli(capsys, "check", str(doc), *FIXED, "--format", "json", "--fail-on", "never", "--select", "t.name")
    assert code == 0 and findings_of(out) == [(str(doc), 1, 26, "t.name.ilon"), (str(doc), 7, 6, "t.name.ilon")]  # the link's text and the prose


def test_write_fixes_markdown_prose_and_leaves_its_code_alone(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text(MARKDOWN, encoding="utf-8")
    code, _, _ = run_cli(capsys, "check", str(doc), "--write", *FIXED, "--fail-on", "never", "--select", "t.name")
    assert code == 0
    assert doc.read_text(encoding="utf-8") == MARKDOWN.replace("[Ilon Musk]", "[Elon Musk]").replace("Mais Ilon Musk", "Mais Elon Musk")


def test_write_refuses_to_fix_text_extracted_from_html(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    code, _, err = run_cli(capsys, "check", str(page), "--write", *FIXED, "--fail-on", "never")
    assert code == 8
    assert err == f"auditor: {page}: safe fixes apply to text and Markdown files only; this text was extracted from HTML or JSON, file left unchanged\n"
    assert page.read_text(encoding="utf-8") == PAGE


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("a `b` c", ["`b`"]),
        ("voir https://x.org/a_b.", ["https://x.org/a_b"]),
        ("[lien](https://x.org) fin", ["](https://x.org)"]),
        ("~~~\ncode\n~~~\nprose", ["~~~\ncode\n~~~\n"]),
        ("```\njamais fermé\nprose", ["```\njamais fermé\nprose"]),
        ("Prix : 3 € ; l'heure : 10:30.", []),
    ],
)
def test_not_prose_spans(text: str, spans: list[str]) -> None:
    assert [text[a:b] for a, b in not_prose(text, "markdown")] == spans
    assert not_prose(text, "text") == ()


def test_outside() -> None:
    spans = ((2, 5), (10, 12))
    assert [outside(spans, a, b) for a, b in ((0, 2), (0, 3), (5, 10), (4, 11), (12, 13), (3, 3), (5, 5))] == [True, False, True, False, True, False, True]
