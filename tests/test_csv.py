"""CSV for spreadsheets: stable columns, formula injection neutralised, Excel BOM, rules.csv and sources.csv."""

from __future__ import annotations

import csv
import re

import pytest

from surfaces import RULES, run_cli, scan_run

from auditor.model import Severity
from auditor.reporters.csvfmt import FINDING_COLUMNS, RUN_COLUMNS, SUMMARY_COLUMNS, ExcelFr
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
    assert tuple(rows[0]) == (*FINDING_COLUMNS, *RUN_COLUMNS)
    formula = [r for r in rows[1:] if r[5] == "t.formula"][0]
    assert formula[8] == "'=HYPERLINK(\"http://x\",\"y\")"  # text cell
    assert formula[12] == "'=HYPERLINK(\"http://x\",\"y\") et Ilon Musk."  # excerpt cell
    raw = (run / "findings.csv").read_text(encoding="utf-8")
    assert ',=' not in raw and not raw.startswith("\ufeff")


def test_rules_and_sources_totals(capsys, tmp_path):
    run = scan_run(capsys, corpus(tmp_path / "in"), tmp_path / "out", "r1")
    started = read_csv(run / "summary.csv")[1][-1]
    assert read_csv(run / "rules.csv") == [
        [*RULE_COLUMNS, *RUN_COLUMNS],
        ["t.formula", "style/boilerplate", "minor", "1", "1", "r1", started],
        ["t.name.ilon", "accuracy/entity", "major", "1", "1", "r1", started],
        ["t.name.starlink", "fluency/spelling", "minor", "1", "1", "r1", started],
    ]
    assert read_csv(run / "sources.csv") == [
        [*SOURCE_COLUMNS, *RUN_COLUMNS],
        ["site-a", "2", "0", "11", "3", "2", "1", "0", "98.60", "0", "2", "0", "r1", started],  # 97.60 and 99.60: scored as 250 words, too short to pass
        ["site-b", "2", "1", "4", "0", "0", "0", "0", "100.00", "1", "0", "0", "r1", started],
    ]
    assert tuple(read_csv(run / "summary.csv")[0]) == (*SUMMARY_COLUMNS, *RUN_COLUMNS)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", started)


def test_findings_csv_carries_source_language_verdict_score_and_fix(capsys, tmp_path):
    run = scan_run(capsys, corpus(tmp_path / "in"), tmp_path / "out", "r1")
    with (run / "findings.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    tail = [(r["rule_id"], r["source"], r["language"], r["verdict"], r["score"], r["fix"], r["run_id"]) for r in rows]
    assert tail == [
        ("t.formula", "site-a", "fr", "review", "97.60", "no", "r1"),
        ("t.name.ilon", "site-a", "fr", "review", "97.60", "yes", "r1"),
        ("t.name.starlink", "site-a", "fr", "review", "99.60", "yes", "r1"),
    ]


def test_excel_fr_round_trips_through_the_matching_csv_dialect(capsys, tmp_path):
    """excel-fr: ';' between cells, a decimal comma in decimal columns, a BOM; the same cells otherwise."""
    plain = scan_run(capsys, corpus(tmp_path / "in"), tmp_path / "out", "r1")
    french = scan_run(capsys, tmp_path / "in", tmp_path / "out", "r2", "--csv-dialect", "excel-fr")
    for name in ("summary.csv", "findings.csv", "rules.csv", "sources.csv"):
        raw = (french / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name
        with (french / name).open(encoding="utf-8-sig", newline="") as fh:
            fr_rows = list(csv.reader(fh, dialect=ExcelFr))
        en_rows = read_csv(plain / name)
        assert fr_rows[0] == en_rows[0] and len(fr_rows) == len(en_rows), name
        decimal = {i for i, c in enumerate(en_rows[0]) if c in ("penalty", "score", "bleu", "chrf", "ter", "mean_score")}
        for en, fr in zip(en_rows[1:], fr_rows[1:]):
            expected = [v.replace(".", ",") if i in decimal else v for i, v in enumerate(en)]
            expected[-2:] = ["r2", fr[-1]]  # the run's own id and start
            assert fr == expected, name
    summary = {r[0].rsplit("/", 1)[-1]: r for r in read_csv_fr(french / "summary.csv")}
    assert summary["one.txt"][SUMMARY_COLUMNS.index("score")] == "97,60"
    formula = [r for r in read_csv_fr(french / "findings.csv") if r[5] == "t.formula"][0]
    assert formula[8] == "'=HYPERLINK(\"http://x\",\"y\")"  # formulas still neutralised
    assert b";=" not in (french / "findings.csv").read_bytes()


def read_csv_fr(path):
    """Rows of an excel-fr CSV, header left out."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh, dialect=ExcelFr))[1:]


def test_csv_dialect_is_a_configuration_key(capsys, tmp_path):
    (tmp_path / "auditor.toml").write_text('csv_dialect = "excel-fr"\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "scan", str(corpus(tmp_path / "in")), "--out", str(tmp_path / "out"), "--run-id", "r",
                           "--config", str(tmp_path / "auditor.toml"), "--no-builtin", "--rules", str(RULES), "--lang", "fr")
    assert code in (0, 1, 4, 5), err
    assert (tmp_path / "out" / "r" / "summary.csv").read_bytes().startswith("\ufeffpath;source;".encode())
    (tmp_path / "auditor.toml").write_text('csv_dialect = "excel-de"\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "scan", str(tmp_path / "in"), "--config", str(tmp_path / "auditor.toml"))
    assert code == 2 and "'excel-de' is not one of excel, excel-fr, rfc4180" in err


def test_excel_adds_a_bom_to_every_csv(capsys, tmp_path):
    run = scan_run(capsys, corpus(tmp_path / "in"), tmp_path / "out", "r1", "--excel")
    for name in ("summary.csv", "findings.csv", "rules.csv", "sources.csv"):
        assert (run / name).read_bytes().startswith(b"\xef\xbb\xbf"), name


def old_style(result):
    """The report bytes as the reporters wrote them before rendering moved to the workers."""
    import io
    import json

    from auditor.reporters.csvfmt import full_finding_rows, run_cells, summary_row
    from auditor.reporters.wire import document_record

    summary, findings = io.StringIO(), io.StringIO()
    run = run_cells("=run", "2026-01-02T03:04:05+00:00")
    csv.writer(summary, lineterminator="\n").writerow([*summary_row(result), *run])
    csv.writer(findings, lineterminator="\n").writerows(full_finding_rows(result, run))
    return json.dumps(document_record(result), ensure_ascii=False) + "\n", summary.getvalue(), findings.getvalue()


def test_rendered_reports_are_placed_byte_for_byte():
    """Rendering without the location, then placing it, gives the bytes of rendering in place."""
    from auditor.model import DocumentResult, Finding, Severity
    from auditor.reporters.csvfmt import finding_tail, finding_tail_text, run_cells
    from auditor.reporters.rendered import csv_row, place, render

    tricky = Finding("r.x", "fluency/grammar", Severity.MAJOR, '=cmd|"x"', 0, 5, 1, 1, 2, 3, 'a,"b"\nc\rd', "-excerpt, «»", ("s1", "s2"), True, "")
    plain = Finding("r.y", "style/awkward", Severity.MINOR, "Msg", 7, 9, 1, 8, 1, 10, "xy", "…ab xy cd…")
    words = "Ilon Musk, \"Илон\".\n" * 60_000
    page = Finding("r.page", "accuracy/untranslated", Severity.CRITICAL, "Not «fr»", 0, len(words), 1, 1, 60_001, 1, words, words)
    results = [
        DocumentResult("in/a.txt", "a.txt", "in", "fr", 12, (tricky, plain, plain), 97.5, "review", 5.0, "utf-8"),
        DocumentResult('=in/b,"q".txt', 'b,"q".txt', "@site", "fr", 3, (), 100.0, "pass", 0.0, "cp1252", "", ("decoded as cp1252",)),
        DocumentResult("in/\nnl.txt", "\nnl.txt", ".", error="empty file"),
        DocumentResult("in/c.txt", "c.txt", "in", "en", 4, (plain,), 75.0, "fail", 1.0, extra={"reference": {"bleu": 12.5}}),
        # A page quoted whole, past LARGE_RECORD: its record is encoded a finding at a time, its cells cut.
        DocumentResult("in/page.txt", "page.txt", "in", "fr", 9, (plain, page, tricky), 50.0, "fail", 9.0, "utf-8", "", ("a note: \"findings\": []",)),
    ]
    for result in results:
        tails = [csv_row(t) for t in finding_tail(result)]
        assert finding_tail_text(result, csv_row) == tails  # the report folder's shortcut: the same text
        run = csv_row(run_cells("=run", "2026-01-02T03:04:05+00:00"))
        placed = place(render(result), result.path, result.key, result.source, tails, run)
        assert (placed.record, placed.summary, placed.findings) == old_style(result)


def test_a_cell_over_the_spreadsheet_limit_is_cut_with_a_marker(capsys, tmp_path):
    """A finding quoting 40,012 characters: its CSV cell ends with the count cut at exactly 32,767; the JSON keeps it whole."""
    import json

    from auditor.reporters.csvfmt import CELL_LIMIT

    formula = "=HYPERLINK(" + "x" * 40_000 + ")"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text(f"Voir {formula} ici.\n", encoding="utf-8")
    run = scan_run(capsys, tmp_path / "in", tmp_path / "out", "r1")
    rows = read_csv(run / "findings.csv")
    assert len(rows) == 2 and {len(row) for row in rows} == {len(FINDING_COLUMNS) + len(RUN_COLUMNS)}
    cell = rows[1][FINDING_COLUMNS.index("text")]
    # The apostrophe that neutralises the formula counts: 40,013 characters, 32,742 kept, 7,271 cut.
    assert cell == "'" + formula[:32_741] + "… [cut: 7,271 characters]"
    assert len(cell) == CELL_LIMIT
    assert all(len(c) <= CELL_LIMIT for c in rows[1])
    [finding] = json.loads((run / "files" / "long.txt.json").read_text(encoding="utf-8"))["findings"]
    assert finding["text"] == formula


@pytest.mark.parametrize("size", [32_767, 32_768, 42_766, 42_767, 42_768, 1_032_766, 1_032_767, 10_000_000])
def test_fit_cell_cuts_to_exactly_the_limit(size):
    """Whatever the number of digits of the count, the cut cell is the limit long and gives the characters it left out."""
    from auditor.reporters.csvfmt import CELL_LIMIT, fit_cell

    value = "".join(chr(0x61 + i % 26) for i in range(size))
    cell = fit_cell(value)
    if size <= CELL_LIMIT:
        assert cell == value
        return
    kept, marker = cell.split("… [cut: ")
    assert len(cell) == CELL_LIMIT and value.startswith(kept)
    assert marker == f"{size - len(kept):,} characters]"


@pytest.mark.parametrize(
    "cell, safe",
    [
        ("=1+2", "'=1+2"),  # a formula start
        ("-3", "'-3"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),  # a bare CR starts a cell too
        ("a\n@b", "a\n'@b"),  # a formula after a line break inside the cell
        ("a\r+b", "a\r'+b"),
        ("a\nb", "a\nb"),  # a line break alone changes nothing
        ("a\x00=b", "a\x00=b"),  # NUL (the scan's separator) inside a cell: scanned again cell by cell, unchanged
        ("a=b-c", "a=b-c"),  # formula characters inside a cell are no formula
    ],
)
def test_safe_rows_neutralise_any_cell_of_any_row(cell, safe):
    """One scan of a table's text finds the cell that needs care wherever it sits; numbers pass untouched."""
    from auditor.reporters.csvfmt import safe_cell, safe_rows

    for position in (0, 2):  # the first and the last cell of the second row
        rows = [["plain", 1, "text"], ["more", 2, "cells"]]
        rows[1][position] = cell
        expected = [["plain", 1, "text"], ["more", 2, "cells"]]
        expected[1][position] = safe
        assert safe_rows(rows) == expected
        assert safe_cell(cell) == safe  # the same as cell by cell


@pytest.mark.parametrize(
    "row, line",
    [
        (["a", 1, "b c"], "a,1,b c"),
        (["x, y", 'say "no"', ""], '"x, y","say ""no""",'),  # comma and quotes: quoted, quotes doubled
        (["line\nbreak", "cr\ronly", -2], '"line\nbreak","cr\ronly",-2'),  # CR alone is quoted too
        (["", ""], ","),
        ([""], '""'),  # a lone empty cell is quoted
        (["nul\x00", "x"], None),  # NUL, None, floats, bools and str subclasses: as csv writes them
        ([None, 1.5, True], None),
        ([Severity.MAJOR, "x"], None),
    ],
)
def test_rendered_rows_are_what_csv_writes(row, line):
    """Finding rows quoted without csv's writer are the report dialect's rows, character for character."""
    import io

    from auditor.reporters.rendered import csv_rows

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(row)
    expected = buf.getvalue()[:-2]
    assert line is None or expected == line
    assert csv_rows([row, row]) == (expected, expected)


def record_feed(root):
    """A JSONL feed of three records: fields to keep (one a formula, one a number, one missing) and sites."""
    import json as _json

    feed = root / "feed.jsonl"
    feed.parent.mkdir(parents=True, exist_ok=True)
    records = [
        {"id": "a", "site": "lemonde.example", "url": "https://lemonde.example/1", "text": "Hier, Ilon Musk a parlé."},
        {"id": "b", "site": "liberation.example", "url": "=cmd()", "rank": 3, "text": "Rien à signaler ici."},
        {"id": "c", "text": "Sans site ni adresse."},
    ]
    feed.write_text("".join(_json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return root


def test_jsonl_records_keep_fields_and_name_their_source(capsys, tmp_path):
    """--keep-field url lands in summary.csv after run_started; --source-field site replaces the folder as source."""
    run = scan_run(
        capsys, record_feed(tmp_path / "in"), tmp_path / "out", "r1", "--keep-field", "url", "--keep-field", "rank", "--source-field", "site"
    )
    with (run / "summary.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][-4:] == ["run_id", "run_started", "url", "rank"]
    at = rows[0].index("source")
    assert [(r[0].rsplit("/", 1)[-1], r[at], r[-2], r[-1]) for r in rows[1:]] == [
        ("feed.jsonl#a", "lemonde.example", "https://lemonde.example/1", ""),
        ("feed.jsonl#b", "liberation.example", "'=cmd()", "3"),
        ("feed.jsonl#c", ".", "", ""),
    ]
    assert [r[0] for r in read_csv(run / "sources.csv")[1:]] == [".", "lemonde.example", "liberation.example"]
    with (run / "findings.csv").open(encoding="utf-8", newline="") as fh:
        assert {(r["path"].rsplit("/", 1)[-1], r["source"]) for r in csv.DictReader(fh)} == {("feed.jsonl#a", "lemonde.example")}


@pytest.mark.parametrize("size", [16_383, 16_384, 20_000, 40_000])
def test_fit_cell_counts_an_emoji_as_two_units_as_a_spreadsheet_does(size):
    """Emoji take two UTF-16 units each: 20,000 of them (40,000 units) are cut, 16,383 are not."""
    from auditor.reporters.csvfmt import CELL_LIMIT, fit_cell

    value = "😀" * size
    cell = fit_cell(value)
    units = len(cell.encode("utf-16-le")) // 2
    if size * 2 <= CELL_LIMIT:
        assert cell == value
        return
    kept, marker = cell.split("… [cut: ")
    assert set(kept) == {"😀"} and marker == f"{size - len(kept):,} characters]"
    # An emoji never straddles the cut: the cell holds at most the limit, one unit short when the marker's length is even.
    assert CELL_LIMIT - 1 <= units <= CELL_LIMIT


def test_fit_cell_with_an_emoji_at_the_cut_fills_the_limit_with_plain_text():
    """Plain text after a few emoji: the cut cell reaches the limit exactly."""
    from auditor.reporters.csvfmt import CELL_LIMIT, fit_cell

    value = "😀" * 10 + "a" * 40_000
    cell = fit_cell(value)
    kept, marker = cell.split("… [cut: ")
    assert len(cell.encode("utf-16-le")) // 2 == CELL_LIMIT and value.startswith(kept) and kept.startswith("😀" * 10 + "a")
    assert marker == f"{len(value) - len(kept):,} characters]"
