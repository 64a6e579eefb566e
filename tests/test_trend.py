"""`auditor trend`: night-by-night CSV and line charts read from the runs' run.json."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from surfaces import run_cli

from auditor.reporters.trend import TREND_COLUMNS


def night(out: Path, run_id: str, started: str, verdicts: dict[str, int], rules: dict[str, int]) -> Path:
    """Write a complete run folder holding only its run.json (all that trend reads)."""
    folder = out / run_id
    folder.mkdir(parents=True)
    documents = sum(verdicts.values())
    totals = {"documents": documents, "errors": verdicts.get("error", 0), "words": 100 * documents, "findings": sum(rules.values()),
              "by_verdict": verdicts, "by_rule": rules}
    (folder / "run.json").write_text(json.dumps({"schema_version": 1, "run_id": run_id, "started": started, "totals": totals}), encoding="utf-8")
    return folder


def nights(tmp_path: Path) -> Path:
    out = tmp_path / "reports"
    night(out, "n2", "2026-03-02T02:00:00+00:00", {"pass": 6, "review": 2, "fail": 2}, {"r.b": 4, "r.a": 1, "r.c": 2})
    night(out, "n1", "2026-03-01T02:00:00+00:00", {"pass": 2, "review": 1, "fail": 1}, {"r.a": 5, "r.b": 1})
    night(out, "n3", "2026-03-03T02:00:00+00:00", {"pass": 9, "fail": 1}, {"r.a": 2, "=evil": 9})
    (out / ".cache").mkdir()  # not a run: skipped when the report folder is given
    return out


def test_trend_csv_orders_nights_by_start_and_follows_top_rules(capsys, tmp_path):
    out = nights(tmp_path)
    code, stdout, err = run_cli(capsys, "trend", str(out / "n3"), str(out / "n1"), str(out / "n2"), "--top", "2")
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(stdout)))
    assert rows[0] == [*TREND_COLUMNS, "rule:=evil", "rule:r.a"]  # the header names rules as data: "rule:" keeps it inert
    assert rows[1:] == [
        ["n1", "2026-03-01T02:00:00+00:00", "4", "0", "400", "6", "2", "1", "1", "0", "0.5000", "0.2500", "0.2500", "0.0000", "0", "5"],
        ["n2", "2026-03-02T02:00:00+00:00", "10", "0", "1000", "7", "6", "2", "2", "0", "0.6000", "0.2000", "0.2000", "0.0000", "0", "1"],
        ["n3", "2026-03-03T02:00:00+00:00", "10", "0", "1000", "11", "9", "0", "1", "0", "0.9000", "0.0000", "0.1000", "0.0000", "9", "2"],
    ]


def test_trend_of_a_report_folder_and_its_chart(capsys, tmp_path):
    out = nights(tmp_path)
    code, _, err = run_cli(capsys, "trend", str(out), "--csv", str(tmp_path / "t.csv"), "--html", str(tmp_path / "t.html"))
    assert (code, err) == (0, "")
    assert [r[0] for r in csv.reader((tmp_path / "t.csv").open(encoding="utf-8", newline=""))][1:] == ["n1", "n2", "n3"]
    page = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert "<script" not in page and "default-src 'none'" in page
    assert '<title id="verdicts-title">Share of documents per verdict, per night</title>' in page
    assert "<title>pass, 2026-03-02: 60 %</title>" in page and "<title>fail, 2026-03-01: 25 %</title>" in page
    assert '<desc id="documents-desc">documents: 2026-03-01 4, 2026-03-02 10, 2026-03-03 10.</desc>' in page
    assert page.count('stroke-dasharray="6 3"') == 2  # the second line of the verdict and rule charts: dashed, not only coloured
    assert "<td>n2</td><td>2026-03-02T02:00:00+00:00</td><td>10</td>" in page


def test_trend_refuses_a_folder_that_is_not_a_run(capsys, tmp_path):
    (tmp_path / "empty").mkdir()
    code, out, err = run_cli(capsys, "trend", str(tmp_path / "empty"))
    assert (code, out) == (2, "")
    assert err == f"auditor: error: {tmp_path / 'empty'}: not a complete run (no run.json), nor a report folder holding runs\n"
    night(tmp_path, "bad", "x", {}, {})
    (tmp_path / "bad" / "run.json").write_text("{", encoding="utf-8")
    code, _, err = run_cli(capsys, "trend", str(tmp_path / "bad"))
    assert code == 2 and err.startswith(f"auditor: error: {tmp_path / 'bad' / 'run.json'}: not a readable run record (JSONDecodeError")


def test_trend_over_real_runs(capsys, tmp_path):
    """Two scans of the same folder, one file fixed in between: the second night has fewer findings."""
    from surfaces import FIXED

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Hier, Ilon Musk a parlé de StarLink.\n", encoding="utf-8")
    run_cli(capsys, "scan", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--run-id", "d1", "--fail-on", "never", *FIXED)
    (tmp_path / "in" / "a.txt").write_text("Hier, Elon Musk a parlé de StarLink.\n", encoding="utf-8")
    run_cli(capsys, "scan", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--run-id", "d2", "--fail-on", "never", *FIXED)
    code, stdout, _ = run_cli(capsys, "trend", str(tmp_path / "out"))
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert code == 0
    assert [(r["run_id"], r["findings"], r["rule:t.name.ilon"], r["rule:t.name.starlink"]) for r in rows] == [("d1", "3", "1", "1"), ("d2", "2", "0", "1")]
