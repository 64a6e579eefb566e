"""`auditor scan` end to end: report files, exit codes, bad inputs and determinism."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from auditor.cli import main
from surfaces import without_run_columns


def scan(tmp_path: Path, *paths: str, extra: tuple[str, ...] = ()) -> tuple[int, Path]:
    """Run a scan into tmp_path/reports/run and return (exit code, run folder)."""
    out = tmp_path / "reports"
    code = main(["scan", *paths, "--out", str(out), "--run-id", "run", "--overwrite", "--lang", "fr", *extra])
    return code, out / "run"


def rows(path: Path) -> list[dict[str, str]]:
    """Read a CSV report as dictionaries."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_binary_input_is_an_error_row_and_exit_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A binary file becomes an error row with its reason; the good file is still audited."""
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text("Walter Isaxon a écrit une biographie.", encoding="utf-8")
    (tmp_path / "in" / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, run = scan(tmp_path, str(tmp_path / "in"))
    assert code == 4
    summary = {r["path"]: r for r in rows(run / "summary.csv")}
    bad = summary[str(tmp_path / "in" / "photo.txt")]
    assert (bad["verdict"], bad["error"], bad["score"]) == ("error", "binary file (contains NUL bytes)", "")
    assert summary[str(good)]["verdict"] == "review"  # 1 major finding in 6 words, scored as in 250: 98
    out = capsys.readouterr().out
    assert f"{tmp_path / 'in' / 'photo.txt'}: error: binary file (contains NUL bytes)\n" in out


def test_empty_input_is_an_error_row_and_exit_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An empty (or blank) file cannot be audited: it is reported, not scored."""
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    code, run = scan(tmp_path, str(empty))
    assert code == 4
    record = json.loads((run / "files" / "empty.txt.json").read_text(encoding="utf-8"))
    assert (record["error"], record["verdict"], record["findings"]) == ("empty file", "error", [])
    assert capsys.readouterr().out.startswith(f"{empty}: error: empty file\n")


def test_finding_lines_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Terminal lines are path:line:col: severity [rule] message (→ suggestion); --fail-on sets exit 1."""
    doc = tmp_path / "a.txt"
    doc.write_text("Titre\nLa biographie de Walter Isaxon.\n", encoding="utf-8")
    code, _ = scan(tmp_path, str(doc), extra=("--fail-on", "major"))
    assert code == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first == (
        f"{doc}:2:25: major [fr.entity.known.isaxon] Garbled spelling of \"Isaacson\" "
        "(Walter Isaacson, Musk's biographer). (→ Isaacson)"
    )
    assert scan(tmp_path, str(doc), extra=("--fail-on", "critical"))[0] == 0
    assert scan(tmp_path, str(doc), extra=("--fail-on", "never"))[0] == 0


def test_json_format_on_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints one machine-readable object with a schema version."""
    doc = tmp_path / "a.txt"
    doc.write_text("La biographie de Walter Isaxon.", encoding="utf-8")
    scan(tmp_path, str(doc), extra=("--format", "json"))
    data = json.loads(capsys.readouterr().out)
    assert data["schema_version"] == 1
    [record] = data["documents"]
    assert [(f["rule_id"], f["start"], f["end"], f["suggestions"]) for f in record["findings"]] == [
        ("fr.entity.known.isaxon", 24, 30, ["Isaacson"])
    ]


def test_reports_are_deterministic(tmp_path: Path) -> None:
    """Two runs over the same input give byte-identical reports apart from run.json timestamps."""
    samples = str(Path(__file__).resolve().parents[1] / "samples")
    _, first = scan(tmp_path / "one", samples)
    _, second = scan(tmp_path / "two", samples)
    for name in ("summary.csv", "findings.csv", "files/004_444b37314a03c9fa.txt.json"):
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        if name.endswith(".csv"):  # the run's id and start time are the only cells that may differ
            a, b = without_run_columns(a), without_run_columns(b)
        assert a == b, name
    a = json.loads((first / "run.json").read_text())
    b = json.loads((second / "run.json").read_text())
    for record in (a, b):
        del record["started"], record["finished"]
    assert a == b


def test_short_text_falls_back_to_french(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Too short to detect: --lang auto treats the text as French, the built-in rules' language."""
    doc = tmp_path / "a.txt"
    doc.write_text("Walter Isaxon.", encoding="utf-8")
    out = tmp_path / "reports"
    assert main(["scan", str(doc), "--out", str(out), "--run-id", "run", "--fail-on", "major"]) == 1
    record = json.loads((out / "run" / "files" / "a.txt.json").read_text(encoding="utf-8"))
    assert (record["language"], [f["rule_id"] for f in record["findings"]]) == ("fr", ["fr.entity.known.isaxon"])


def test_a_scan_leaves_the_callers_collector_as_it_was(tmp_path: Path) -> None:
    """An in-process scan holds the collector off while its rules compile and freezes them: afterwards both are undone."""
    import gc

    article = tmp_path / "a.txt"
    article.write_text("Walter Isaxon a écrit une biographie.", encoding="utf-8")
    before = gc.get_freeze_count()
    code, _ = scan(tmp_path, str(article), extra=("--jobs", "1", "--no-cache", "-q"))
    assert code == 0  # one major finding in six words: review, under --fail-on
    assert gc.isenabled() and gc.get_freeze_count() == before
