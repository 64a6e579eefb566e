"""report.xlsx: sheet names, typed cells, frozen headers, filters, verdict colours; LibreOffice reads numbers where installed."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
from surfaces import scan_run
from test_csv import corpus, record_feed

from auditor.reporters.csvfmt import FINDING_COLUMNS, RUN_COLUMNS, SUMMARY_COLUMNS
from auditor.reporters.totals import RULE_COLUMNS, SOURCE_COLUMNS

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture
def workbook_run(capsys, tmp_path):
    """A scan of the two-site corpus with --xlsx."""
    return scan_run(capsys, corpus(tmp_path / "in"), tmp_path / "out", "r1", "--xlsx")


def test_workbook_has_the_four_sheets_with_typed_cells(workbook_run):
    book = openpyxl.load_workbook(workbook_run / "report.xlsx")
    assert book.sheetnames == ["summary", "findings", "rules", "sources"]
    summary = book["summary"]
    rows = list(summary.iter_rows(values_only=True))
    assert rows[0] == (*SUMMARY_COLUMNS, *RUN_COLUMNS)
    by_name = {Path(r[0]).name: dict(zip(rows[0], r)) for r in rows[1:]}
    one = by_name["one.txt"]
    assert (one["score"], one["words"], one["verdict"], one["penalty"], one["source"], one["run_id"]) == (97.6, 7, "review", 6.0, "site-a", "r1")
    assert isinstance(one["score"], float) and isinstance(one["words"], int)
    assert by_name["empty.txt"]["score"] is None and by_name["empty.txt"]["verdict"] == "error"
    findings = list(book["findings"].iter_rows(values_only=True))
    assert findings[0] == (*FINDING_COLUMNS, *RUN_COLUMNS)
    formula = [dict(zip(findings[0], r)) for r in findings[1:] if r[5] == "t.formula"][0]
    assert formula["text"] == "'=HYPERLINK(\"http://x\",\"y\")"  # text, never a formula
    assert (formula["line"], formula["column"], formula["score"], formula["fix"]) == (1, 1, 97.6, "no")
    assert [r[:5] for r in book["rules"].iter_rows(values_only=True)][0] == RULE_COLUMNS
    sources = list(book["sources"].iter_rows(values_only=True))
    assert sources[0] == (*SOURCE_COLUMNS, *RUN_COLUMNS)
    assert sources[1][:9] == ("site-a", 2, 0, 11, 3, 2, 1, 0, 98.6)


def test_workbook_headers_are_frozen_filtered_and_verdicts_coloured(workbook_run):
    book = openpyxl.load_workbook(workbook_run / "report.xlsx")
    for name, width in (("summary", "W"), ("findings", "U"), ("rules", "G"), ("sources", "N")):
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref == f"A1:{width}{sheet.max_row}", name
    verdict = "P"  # summary's verdict column, the 16th
    rules = {str(r.sqref): [x.formula for x in r.rules] for r in book["summary"].conditional_formatting}
    assert rules == {f"{verdict}2:{verdict}5": [['"pass"'], ['"review"'], ['"fail"'], ['"error"']]}


def test_workbook_summary_keeps_record_fields_as_text(capsys, tmp_path):
    """--keep-field columns follow run_started in the summary sheet, as in summary.csv: text cells (even under a
    numeric column's name), formulas neutralised, blank when a record lacks the field or a file is no record."""
    (tmp_path / "in" / "site").mkdir(parents=True)
    (tmp_path / "in" / "site" / "plain.txt").write_text("Rien à signaler ici.\n", encoding="utf-8")
    keep = ("--keep-field", "url", "--keep-field", "rank", "--keep-field", "words")
    run = scan_run(capsys, record_feed(tmp_path / "in"), tmp_path / "out", "r1", "--xlsx", *keep)
    book = openpyxl.load_workbook(run / "report.xlsx")
    sheet = book["summary"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (*SUMMARY_COLUMNS, *RUN_COLUMNS, "url", "rank", "words")
    assert sorted((Path(r[0]).name, r[-3:]) for r in rows[1:]) == [
        ("feed.jsonl#a", ("https://lemonde.example/1", None, None)),
        ("feed.jsonl#b", ("'=cmd()", "3", None)),
        ("feed.jsonl#c", (None, None, None)),
        ("plain.txt", (None, None, None)),
    ]
    assert sheet.auto_filter.ref == f"A1:Z{sheet.max_row}"  # 23 columns, then the three kept ones
    assert [next(book[name].iter_rows(values_only=True))[-1] for name in ("findings", "rules", "sources")] == ["run_started"] * 3


def test_workbook_is_refused_plainly_without_openpyxl(capsys, tmp_path, monkeypatch):
    import auditor.reporters.xlsx as xlsx

    monkeypatch.setattr(xlsx, "openpyxl_available", lambda: False)
    from surfaces import FIXED, run_cli

    code, _, err = run_cli(capsys, "scan", str(corpus(tmp_path / "in")), "--out", str(tmp_path / "out"), "--xlsx", *FIXED)
    assert (code, err) == (2, "auditor: error: the xlsx report needs openpyxl: pip install 'auditor[xlsx]'\n")


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice is not installed")
def test_libreoffice_reads_scores_as_numbers(workbook_run, tmp_path):
    """LibreOffice, headless, converts the summary sheet to CSV: scores come out as numbers, not quoted text."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    profile = tmp_path / "profile"
    subprocess.run(
        [office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,false,false,false,false,1",
         "--outdir", str(tmp_path / "lo"), str(workbook_run / "report.xlsx")],
        check=True, capture_output=True, timeout=180,
    )
    [converted] = (tmp_path / "lo").glob("*.csv")
    with converted.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    at = rows[0].index("score")
    scores = [r[at] for r in rows[1:] if r[at]]
    assert scores and all(float(s) > 0 for s in scores)
    raw = converted.read_text(encoding="utf-8")
    assert ',"97.6",' not in raw and ",97.6," in raw  # quoted only if LibreOffice had kept text


def test_workbook_cuts_a_cell_over_the_limit_as_the_csv_does(capsys, tmp_path):
    """The findings sheet holds the CSV's cut cell, not the 40,012 characters a spreadsheet cannot show."""
    from test_csv import read_csv

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text("Voir =HYPERLINK(" + "x" * 40_000 + ") ici.\n", encoding="utf-8")
    run = scan_run(capsys, tmp_path / "in", tmp_path / "out", "r1", "--xlsx")
    sheet = list(openpyxl.load_workbook(run / "report.xlsx")["findings"].iter_rows(values_only=True))
    at = FINDING_COLUMNS.index("text")
    cell = read_csv(run / "findings.csv")[1][at]
    assert sheet[1][at] == cell and cell.endswith("… [cut: 7,271 characters]")
