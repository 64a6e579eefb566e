"""Exit codes that say what happened, one folder per run, and the small promises of issue #13."""

from __future__ import annotations

import shlex
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from surfaces import FIXED, run_cli

from auditor.commands import scan as scan_command

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_004 = next((ROOT / "samples").glob("004_*.txt"))
BUILTIN = ["--no-config", "--lang", "fr"]
FAILING = "Hier, Ilon Musk a parlé de StarLink avec des dossiers supercrets.\n"  # verdict review under the fixed rules


def test_check_exits_1_on_an_article_whose_verdict_is_fail(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "check", str(SAMPLE_004), *BUILTIN)
    assert "verdict FAIL" in out and "(0 critical," in out
    assert code == 1  # it exited 0 when only critical findings counted


@pytest.mark.parametrize(("fail_on", "expected"), [("fail", 1), ("review", 1), ("critical", 0), ("major", 1), ("never", 0)])
def test_fail_on_takes_verdicts_and_severities(capsys: pytest.CaptureFixture[str], fail_on: str, expected: int) -> None:
    code, _, _ = run_cli(capsys, "check", str(SAMPLE_004), *BUILTIN, "--fail-on", fail_on)
    assert code == expected


def test_review_counts_a_review_verdict_that_fail_lets_pass(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = tmp_path / "brouillon.txt"
    doc.write_text("Le service StarLink.\n", encoding="utf-8")  # one minor finding: 99.60, review
    code, out, _ = run_cli(capsys, "check", str(doc), *FIXED, "--fail-on", "fail")
    assert "verdict REVIEW" in out and code == 0
    code, _, _ = run_cli(capsys, "check", str(doc), *FIXED, "--fail-on", "review")
    assert code == 1


def test_failing_documents_and_unreadable_inputs_add_up_to_5(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "bad.txt").write_text(FAILING, encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    code, _, err = run_cli(capsys, "scan", str(corpus), "--out", str(tmp_path / "out"), "--run-id", "r", *FIXED, "--fail-on", "review")
    assert code == 5, err  # a cron job alerting on "& 1" still sees the failing document
    (corpus / "bad.txt").write_text("Le rapport arrive demain.\n", encoding="utf-8")
    code, _, _ = run_cli(capsys, "scan", str(corpus), "--out", str(tmp_path / "out"), "--run-id", "r2", *FIXED, "--fail-on", "review")
    assert code == 4


def test_two_runs_in_the_same_second_get_two_folders(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    instant = datetime(2026, 12, 6, 3, 0, 0, tzinfo=timezone.utc)

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
            return instant

    monkeypatch.setattr(scan_command, "datetime", Frozen)
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(FAILING, encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(3):
        code, _, err = run_cli(capsys, "scan", str(corpus), "--out", str(out), *FIXED, "--fail-on", "never")
        assert code == 0, err
    runs = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert runs == ["20261206T030000Z", "20261206T030000Z-2", "20261206T030000Z-3"]
    for name in runs:
        assert sorted(p.name for p in (out / name / "files").iterdir()) == ["a.txt.json"]
        assert f'"run_id": "{name}"' in (out / name / "run.json").read_text(encoding="utf-8")


def test_a_run_id_given_twice_is_refused_unless_overwrite(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(FAILING, encoding="utf-8")
    out = tmp_path / "out"
    argv = ["scan", str(corpus), "--out", str(out), "--run-id", "nightly", *FIXED, "--fail-on", "never"]
    assert run_cli(capsys, *argv)[0] == 0
    (corpus / "b.txt").write_text(FAILING, encoding="utf-8")
    code, _, err = run_cli(capsys, *argv)
    assert (code, err) == (2, f"auditor: error: run folder {out / 'nightly'} already exists: give another --run-id, or --overwrite to replace its reports\n")
    assert sorted(p.name for p in (out / "nightly" / "files").iterdir()) == ["a.txt.json"]  # untouched
    code, _, err = run_cli(capsys, *argv, "--overwrite")
    assert code == 0, err
    assert sorted(p.name for p in (out / "nightly" / "files").iterdir()) == ["a.txt.json", "b.txt.json"]


def test_quiet_prints_nothing_on_stderr(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(FAILING, encoding="utf-8")
    code, _, err = run_cli(capsys, "scan", str(corpus), "--out", str(tmp_path / "out"), *FIXED, "-q", "--fail-on", "never")
    assert (code, err) == (0, "")


def test_check_names_a_missing_file_as_missing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent.txt"
    code, out, _ = run_cli(capsys, "check", str(missing), *FIXED)
    assert (code, out) == (4, f"{missing}: error: no such file\n")


def test_check_stdin_write_prints_the_fixed_text_on_stdout(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(FAILING.encode("utf-8")), encoding="utf-8"))
    code, out, err = run_cli(capsys, "check", "-", "--write", *FIXED, "--fail-on", "never")
    assert code == 0
    assert out == "Hier, Elon Musk a parlé de Starlink avec des dossiers supercrets.\n"  # the safe fixes, nothing else
    assert "<stdin>: applied 2 safe fixes" in err


def test_check_stdin_write_takes_no_other_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run_cli(capsys, "check", "-", str(tmp_path / "a.txt"), "--write", *FIXED)
    assert (code, err) == (2, "auditor: error: --write with standard input (-) takes no other file: the fixed text goes to stdout\n")


def test_the_pre_commit_hook_fails_on_a_failing_article() -> None:
    """The hook's entry run as pre-commit runs it: the entry's words, then the staged file names."""
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    entry = shlex.split(hooks["auditor"]["entry"])
    assert entry[0] == "auditor"
    command = [sys.executable, "-m", "auditor", *entry[1:], str(SAMPLE_004)]  # the console script runs the same function
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 1, done.stderr
    assert "verdict FAIL" in done.stdout
