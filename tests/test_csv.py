"""CSV for spreadsheets: stable columns, formula injection neutralised, Excel BOM, rules.csv and sources.csv."""

from __future__ import annotations

import csv

from surfaces import scan_run

from auditor.reporters.csvfmt import FINDING_COLUMNS, SUMMARY_COLUMNS
from auditor.reporters.totals import RULE_COLUMNS, SOURCE_COLUMNS


def read_csv(path):
    """Return the rows of a CSV file written by auditor."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def corpus(root):
    """Two sites, one with a formula planted in the scraped text."""
    (root / "site-a").mkdir(parents=True)
    (root / "site-b").mkdir()
    (root / "site-a" / "one.txt").write_text('=HYPERLINK("http://x","y") et Ilon Musk.\n', encoding="utf-8")
    (root / "site-a" / "two.txt").write_text("Le service StarLink marche.\n", encoding="utf-8")
    (root / "site-b" / "three.txt").write_text("Rien à signaler ici.\n", encoding="utf-8")
    (root / "site-b" / "empty.txt").write_bytes(b"")
    return root


def test_formula_from_a_document_is_neutralised(capsys, tmp_path):
    run = scan_run(capsys, corpus(tmp_path / "in"), tmp_path / "out", "r1")
    rows = read_csv(run / "findings.csv")
    assert tuple(rows[0]) == FINDING_COLUMNS
    formula = [r for r in rows[1:] if r[5] == "t.formula"][0]
    assert formula[8] == "'=HYPERLINK(\"http://x\",\"y\")"  # text cell
    assert formula[12] == "'=HYPERLINK(\"http://x\",\"y\") et Ilon Musk."  # excerpt cell
    raw = (run / "findings.csv").read_text(encoding="utf-8")
    assert ',=' not in raw and not raw.startswith("\ufeff")


def test_rules_and_sources_totals(capsys, tmp_path):
    run = scan_run(capsys, corpus(tmp_path / "in"), tmp_path / "out", "r1")
    assert read_csv(run / "rules.csv") == [
        list(RULE_COLUMNS),
        ["t.formula", "style/boilerplate", "minor", "1", "1"],
        ["t.name.ilon", "accuracy/entity", "major", "1", "1"],
        ["t.name.starlink", "fluency/spelling", "minor", "1", "1"],
    ]
    assert read_csv(run / "sources.csv") == [
        list(SOURCE_COLUMNS),
        ["site-a", "2", "0", "11", "3", "2", "1", "0", "98.60", "0", "2", "0"],  # 97.60 and 99.60: scored as 250 words, too short to pass
        ["site-b", "2", "1", "4", "0", "0", "0", "0", "100.00", "1", "0", "0"],
    ]
    assert tuple(read_csv(run / "summary.csv")[0]) == SUMMARY_COLUMNS


def test_excel_adds_a_bom_to_every_csv(capsys, tmp_path):
    run = scan_run(capsys, corpus(tmp_path / "in"), tmp_path / "out", "r1", "--excel")
    for name in ("summary.csv", "findings.csv", "rules.csv", "sources.csv"):
        assert (run / name).read_bytes().startswith(b"\xef\xbb\xbf"), name


def old_style(result):
    """The report bytes as the reporters wrote them before rendering moved to the workers."""
    import io
    import json

    from auditor.reporters.csvfmt import finding_rows, summary_row
    from auditor.reporters.wire import document_record

    summary, findings = io.StringIO(), io.StringIO()
    csv.writer(summary, lineterminator="\n").writerow(summary_row(result))
    csv.writer(findings, lineterminator="\n").writerows(finding_rows(result))
    return json.dumps(document_record(result), ensure_ascii=False) + "\n", summary.getvalue(), findings.getvalue()


def test_rendered_reports_are_placed_byte_for_byte():
    """Rendering without the location, then placing it, gives the bytes of rendering in place."""
    from auditor.model import DocumentResult, Finding, Severity
    from auditor.reporters.rendered import place, render

    tricky = Finding("r.x", "fluency/grammar", Severity.MAJOR, '=cmd|"x"', 0, 5, 1, 1, 2, 3, 'a,"b"\nc\rd', "-excerpt, «»", ("s1", "s2"), True, "")
    plain = Finding("r.y", "style/awkward", Severity.MINOR, "Msg", 7, 9, 1, 8, 1, 10, "xy", "…ab xy cd…")
    results = [
        DocumentResult("in/a.txt", "a.txt", "in", "fr", 12, (tricky, plain, plain), 97.5, "review", 5.0, "utf-8"),
        DocumentResult('=in/b,"q".txt', 'b,"q".txt', "@site", "fr", 3, (), 100.0, "pass", 0.0, "cp1252", "", ("decoded as cp1252",)),
        DocumentResult("in/\nnl.txt", "\nnl.txt", ".", error="empty file"),
        DocumentResult("in/c.txt", "c.txt", "in", "en", 4, (plain,), 75.0, "fail", 1.0, extra={"reference": {"bleu": 12.5}}),
    ]
    for result in results:
        placed = place(render(result), result.path, result.key, result.source)
        assert (placed.record, placed.summary, placed.findings) == old_style(result)
