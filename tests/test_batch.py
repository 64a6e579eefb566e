"""The batch engine: workers, cache and resume, Ctrl-C, time bounds, stdin lists, records, HTML."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import auditor.run.pipeline
import auditor.inputs.reading
from auditor.cli import main
from auditor.inputs.extract import html_to_text
from auditor.scanner import Engine
from surfaces import without_run_columns

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GOOD = "Walter Isaxon a écrit une biographie.\n"


def scan(tmp_path: Path, *args: str) -> tuple[int, Path]:
    """Run `auditor scan` in-process into tmp_path/reports/run."""
    out = tmp_path / "reports"
    code = main(["scan", *args, "--out", str(out), "--run-id", "run", "--overwrite", "--lang", "fr", "-q"])
    return code, out / "run"


def summary(run: Path) -> list[tuple[str, str, str]]:
    """(file name, verdict, error) of each summary.csv row, in order."""
    with (run / "summary.csv").open(encoding="utf-8", newline="") as fh:
        return [(Path(r["path"]).name, r["verdict"], r["error"]) for r in csv.DictReader(fh)]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes, keyed by relative path; CSVs without their run_id and run_started cells."""
    return {
        p.relative_to(folder).as_posix(): without_run_columns(p.read_bytes()) if p.suffix == ".csv" else p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def make_corpus(folder: Path, copies: int) -> None:
    """Write `copies` variants of each sample article (distinct texts, so none are cache twins)."""
    folder.mkdir(parents=True)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    for i in range(copies):
        for j, text in enumerate(texts):
            (folder / f"doc{i:04d}_{j}.txt").write_text(f"Dépêche numéro {i}.\n{text}", encoding="utf-8")


def test_jobs_2_reports_are_byte_identical_to_jobs_1(tmp_path: Path) -> None:
    """Worker processes change nothing in the reports: same per-file JSON, same CSVs, same order."""
    corpus = tmp_path / "in"
    make_corpus(corpus, 4)
    out = tmp_path / "reports"
    for jobs, run_id in (("1", "one"), ("2", "two")):
        code = main(["scan", str(corpus), "--out", str(out), "--run-id", run_id, "--jobs", jobs, "--no-cache", "-q", "--lang", "fr"])
        assert code == 1
    one, two = tree(out / "one"), tree(out / "two")
    assert len([k for k in one if k.startswith("files/")]) == 20
    assert {k: v for k, v in one.items() if k != "run.json"} == {k: v for k, v in two.items() if k != "run.json"}


def test_cache_reuses_results_and_reports_stay_identical(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A second run takes every result from the cache and writes the same reports."""
    corpus = tmp_path / "in"
    make_corpus(corpus, 2)
    out = tmp_path / "reports"
    for run_id in ("cold", "warm"):
        main(["scan", str(corpus), "--out", str(out), "--run-id", run_id, "--jobs", "2", "--lang", "fr"])
    err = capsys.readouterr().err
    assert "cache: 0 of 10 documents reused from earlier runs\n" in err
    assert "cache: 10 of 10 documents reused from earlier runs\n" in err
    cold, warm = tree(out / "cold"), tree(out / "warm")
    assert {k: v for k, v in cold.items() if k != "run.json"} == {k: v for k, v in warm.items() if k != "run.json"}


def test_pathological_pattern_is_bounded_and_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A catastrophic-backtracking rule stops at its time bound; the note names rule and file."""
    rules = tmp_path / "slow.yaml"
    rules.write_text(
        """rules:
  - id: x.slow
    kind: pattern
    category: fluency/grammar
    severity: minor
    message: Catastrophic backtracking.
    languages: [fr]
    pattern: '(a|aa)+b'
    examples:
      flag: ["[[aab]]"]
      pass: ["ccc"]
""",
        encoding="utf-8",
    )
    doc = tmp_path / "doc.txt"
    doc.write_text("Un texte.\n" + "a" * 60 + "!\n", encoding="utf-8")
    started = time.monotonic()
    code, run = scan(tmp_path, str(doc), "--rules", str(rules), "--no-builtin", "--regex-timeout", "0.5")
    assert time.monotonic() - started < 30
    assert code == 0
    note = f"rule 'x.slow' stopped after 0.5s (time bound); its matches are incomplete (file: {doc})"
    assert json.loads((run / "files" / "doc.txt.json").read_text(encoding="utf-8"))["notes"] == [note]
    assert f"{doc}: note: {note}\n" in capsys.readouterr().out


def test_paths_from_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`-` reads paths from stdin; reports keep their folders so equal names do not collide."""
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "same.txt").write_text(GOOD, encoding="utf-8")
    listing = f"{tmp_path / 'a' / 'same.txt'}\n\n{tmp_path / 'b' / 'same.txt'}\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(listing)))
    code, run = scan(tmp_path, "-")
    assert code == 0
    reports = sorted(p.relative_to(run / "files").as_posix() for p in (run / "files").rglob("*.json"))
    rel = str(tmp_path).lstrip("/")
    assert reports == [f"{rel}/a/same.txt.json", f"{rel}/b/same.txt.json"]


def test_jsonl_and_json_records_are_documents(tmp_path: Path) -> None:
    """Each record is a document `<file>#<id>`; bad records are error rows; ids are made safe."""
    feed = tmp_path / "in" / "feed.jsonl"
    feed.parent.mkdir()
    lines = [
        json.dumps({"id": "a/1", "text": GOOD}),
        json.dumps({"id": 7, "body": GOOD}),
        "{not json",
        "",
        json.dumps({"id": "a/1", "text": "Bonjour à tous."}),
        json.dumps({"text": "Bonjour."}),
    ]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "in" / "list.json").write_text(json.dumps([{"id": "x", "text": GOOD}]), encoding="utf-8")
    code, run = scan(tmp_path, str(tmp_path / "in"))
    assert code == 4
    assert summary(run) == [
        ("feed.jsonl#a_1", "review", ""),
        ("feed.jsonl#7", "error", "record 2: text field 'text' is missing"),
        ("feed.jsonl#3", "error", "record 3: invalid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        ("feed.jsonl#a_1~2", "pass", ""),
        ("feed.jsonl#5", "pass", ""),
        ("list.json#x", "review", ""),
    ]
    assert sorted(p.name for p in (run / "files").glob("*.json")) == [
        "feed.jsonl#3.json",
        "feed.jsonl#5.json",
        "feed.jsonl#7.json",
        "feed.jsonl#a_1.json",
        "feed.jsonl#a_1~2.json",
        "list.json#x.json",
    ]
    code, run = scan(tmp_path / "other", str(feed), "--text-field", "body", "--id-field", "nope")
    assert [row[:2] for row in summary(run)][:2] == [("feed.jsonl#1", "error"), ("feed.jsonl#2", "review")]


HTML = """<!doctype html><html><head><title>Titre</title><style>p { color: red }</style>
<script>var nom = "Walter Isaxon";</script></head>
<body><nav>Accueil</nav><p>Une biographie de
  Walter <b>Isaxon</b>&nbsp;!</p><p>Fin&amp;suite</p></body></html>"""


def test_html_to_text_skips_scripts_and_breaks_blocks() -> None:
    """Visible text only, one block per line, entities decoded, spaces collapsed."""
    assert html_to_text(HTML) == "Titre\nAccueil\nUne biographie de Walter Isaxon\u00a0!\nFin&suite\n"


def test_html_positions_refer_to_extracted_text(tmp_path: Path) -> None:
    """A finding in HTML has the line and column of the extracted text, and a note says so."""
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    code, run = scan(tmp_path, str(page))
    record = json.loads((run / "files" / "page.html.json").read_text(encoding="utf-8"))
    isaxon = [f for f in record["findings"] if f["text"] == "Isaxon"]
    assert [(f["line"], f["column"], f["start"]) for f in isaxon] == [(3, 26, 39)]
    assert record["notes"] == ["text extracted from HTML; lines and columns refer to the extracted text"]
    assert code == 0


def test_a_worker_that_dies_costs_one_error_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A document that kills its worker process (a C crash, the OOM killer) is isolated and reported."""
    import auditor.run.batch

    real = auditor.run.batch.audit_sources

    def crashing(srcs, *args):  # type: ignore[no-untyped-def]
        if any(src.path.name == "crash.txt" for src in srcs):
            os._exit(70)  # only ever runs in a forked worker: --jobs 2 with several files
        return real(srcs, *args)

    monkeypatch.setattr(auditor.run.batch, "audit_sources", crashing)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "crash.txt", "z.txt"):
        (folder / name).write_text(GOOD, encoding="utf-8")
    code, run = scan(tmp_path, str(folder), "--jobs", "2", "--no-cache")
    assert code == 4
    assert summary(run) == [
        ("a.txt", "review", ""),
        ("crash.txt", "error", "the worker process died while auditing this document (a crash, or out of memory)"),
        ("z.txt", "review", ""),
    ]


def stat_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust stat signatures of files written a moment ago (the tests cannot wait 2 s per run)."""
    monkeypatch.setattr(auditor.inputs.reading, "RACY_NS", 0)


def forbid_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any read of an input file fail the test."""

    def read_bytes(path: Path, max_bytes: int) -> tuple[bytes, str]:
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(auditor.run.pipeline, "read_bytes", read_bytes)


def forbid_compiling(*args: object) -> None:
    """Fail the test if rules are compiled."""
    raise AssertionError("rules compiled")


def test_warm_run_reports_unchanged_files_without_reading_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Files with the stat signature of the cold run come from the cache unread; same reports, linked."""
    stat_trusted(monkeypatch)
    corpus = tmp_path / "in"
    make_corpus(corpus, 2)
    out = tmp_path / "reports"
    cold = main(["scan", str(corpus), "--out", str(out), "--run-id", "cold", "--jobs", "1", "--lang", "fr"])
    cold_out = capsys.readouterr().out
    forbid_reading(monkeypatch)  # also in workers: they are forked from this process
    monkeypatch.setattr(Engine, "for_language", forbid_compiling)  # the cold run proved the rules compile
    warm = main(["scan", str(corpus), "--out", str(out), "--run-id", "warm", "--jobs", "2", "--lang", "fr"])
    captured = capsys.readouterr()
    assert (cold, warm) == (1, 1)
    assert captured.out == cold_out
    assert "cache: 10 of 10 documents reused from earlier runs\n" in captured.err
    cold_tree, warm_tree = tree(out / "cold"), tree(out / "warm")
    assert {k: v for k, v in cold_tree.items() if k != "run.json"} == {k: v for k, v in warm_tree.items() if k != "run.json"}
    # Per-file JSON identical to the previous run's is a hard link to it, not a copy.
    for name in (k for k in warm_tree if k.startswith("files/")):
        assert (out / "warm" / name).stat().st_ino == (out / "cold" / name).stat().st_ino


def test_a_file_edited_in_place_keeping_size_and_mtime_is_audited_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Same size, mtime put back: the change time still differs, so the file is read again."""
    stat_trusted(monkeypatch)
    folder = tmp_path / "in"
    folder.mkdir()
    edited, kept = folder / "edited.txt", folder / "kept.txt"
    edited.write_text(GOOD, encoding="utf-8")
    kept.write_text(GOOD.replace("biographie", "chronique!"), encoding="utf-8")
    code, run = scan(tmp_path, str(folder))
    assert (code, summary(run)) == (0, [("edited.txt", "review", ""), ("kept.txt", "review", "")])
    before = edited.stat()
    edited.write_text(GOOD.replace("Isaxon", "Dupont"), encoding="utf-8")
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = edited.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    capsys.readouterr()
    out = tmp_path / "reports"
    code = main(["scan", str(folder), "--out", str(out), "--run-id", "again", "--lang", "fr"])
    assert code == 0
    assert summary(out / "again") == [("edited.txt", "pass", ""), ("kept.txt", "review", "")]
    assert "cache: 1 of 2 documents reused from earlier runs\n" in capsys.readouterr().err


def test_stat_signature_is_kept_only_for_files_unchanged_for_two_seconds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file changed within the last 2 s (or dated in the future) may change again unseen: no signature."""
    path = tmp_path / "doc.txt"
    path.write_text(GOOD, encoding="utf-8")
    st = path.stat()
    changed = max(st.st_mtime_ns, st.st_ctime_ns)
    expected = f"{st.st_dev}:{st.st_ino}:{len(GOOD.encode())}:{st.st_mtime_ns}:{st.st_ctime_ns}"
    for now, signature in ((changed, ""), (changed + 1_999_999_999, ""), (changed + 2_000_000_000, expected)):
        monkeypatch.setattr(auditor.inputs.reading.time, "time_ns", lambda now=now: now)
        assert auditor.inputs.reading.stable_signature(path) == signature
    os.utime(path, ns=(st.st_atime_ns, changed + 3600 * 10**9))  # in the future: never stable
    monkeypatch.setattr(auditor.inputs.reading.time, "time_ns", lambda: changed + 60 * 10**9)
    assert auditor.inputs.reading.stable_signature(path) == ""
    assert auditor.inputs.reading.stable_signature(tmp_path) == ""  # a folder has no text to vouch for


def test_files_written_just_before_a_run_are_read_again_next_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the 2 s of calm, the first run keeps no signatures: the next one reads every file."""
    corpus = tmp_path / "in"
    make_corpus(corpus, 1)
    # Every file counts as written within the window, however slow a loaded machine is
    # between writing them and the first run's start (with the real 2 s, it was flaky).
    monkeypatch.setattr(auditor.inputs.reading, "RACY_NS", 10**18)
    scan(tmp_path, str(corpus), "--run-id", "first")
    monkeypatch.setattr(auditor.inputs.reading, "RACY_NS", 0)
    real = auditor.run.pipeline.read_bytes
    read: list[str] = []

    def counting(path: Path, max_bytes: int) -> tuple[bytes, str]:
        read.append(path.name)
        return real(path, max_bytes)

    monkeypatch.setattr(auditor.run.pipeline, "read_bytes", counting)
    main(["scan", str(corpus), "--out", str(tmp_path / "reports"), "--run-id", "second", "--jobs", "1", "--lang", "fr", "-q"])
    assert sorted(read) == sorted(p.name for p in corpus.iterdir())


def test_html_pages_show_the_text_on_a_warm_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The HTML report needs each text: unchanged files are then read (their results still cached)."""
    stat_trusted(monkeypatch)
    doc = tmp_path / "in" / "doc.txt"
    doc.parent.mkdir()
    doc.write_text(GOOD, encoding="utf-8")
    scan(tmp_path, str(doc.parent))
    code, run = scan(tmp_path, str(doc.parent), "--html")
    page = (run / "pages" / "doc.txt.html").read_text(encoding="utf-8")
    assert "Walter <mark" in page and "(text not available in this run)" not in page


def test_cache_record_round_trip() -> None:
    """A stored result comes back equal, enums, tuples and optional fields included."""
    from auditor.run.cache import dumps, loads
    from auditor.inputs.discover import Source
    from auditor.model import DocumentResult, Finding, Severity

    finding = Finding("r.x", "fluency/grammar", Severity.MAJOR, "Msg", 3, 9, 1, 4, 2, 1, "a,\"b\"\nc", "…x…", ("s1", "s2"), True, "detail")
    src = Source(Path("x/doc.txt"), "x/doc.txt", "doc.txt", "x")
    for result in (
        DocumentResult("x/doc.txt", "doc.txt", "x", "fr", 12, (finding, finding), 97.5, "review", 5.0, "cp1252", "", ("decoded as cp1252",)),
        DocumentResult("x/doc.txt", "doc.txt", "x", error="empty file", extra={"reference": {"bleu": 1.5}}),
    ):
        assert loads(dumps(result), src) == result


def test_workers_ignore_stop_signals() -> None:
    """Ctrl-C and SIGTERM are the main process's business: a worker killed by one would look like a crash."""
    from auditor.run.batch import Setup, _init_worker

    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        _init_worker(Setup(None, None))  # type: ignore[arg-type]
        assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == (signal.SIG_IGN, signal.SIG_IGN)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def temporaries(folder: Path) -> list[str]:
    """Every temporary file (`.NAME.PID.tmp`) below `folder`."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob(".*.tmp"))


def test_out_that_is_a_file_is_exit_8_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--out naming a file: exit 8 (not 1, which means findings), one message, the file untouched."""
    doc = tmp_path / "doc.txt"
    doc.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "reports.txt"
    out.write_text("mine\n", encoding="utf-8")
    code = main(["scan", str(doc), "--out", str(out), "--run-id", "run", "--lang", "fr", "-q"])
    assert code == 8
    assert capsys.readouterr().err == f"auditor: error: cannot write reports: {out}: Not a directory\n"
    assert out.read_text(encoding="utf-8") == "mine\n"
    for sub in ("sub", "sub/deeper"):  # a folder below a file: the trick that works even as root
        code = main(["scan", str(doc), "--out", str(out / sub), "--run-id", "run", "--lang", "fr", "-q", "--no-cache"])
        assert code == 8
        assert capsys.readouterr().err == f"auditor: error: cannot write reports: {out / sub}: Not a directory\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_out_is_exit_8_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A read-only --out: exit 8, one message, nothing written."""
    doc = tmp_path / "doc.txt"
    doc.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "reports"
    out.mkdir()
    out.chmod(0o555)
    try:
        code = main(["scan", str(doc), "--out", str(out), "--run-id", "run", "--lang", "fr", "-q"])
    finally:
        out.chmod(0o755)
    assert code == 8
    assert capsys.readouterr().err == f"auditor: error: cannot write reports: {out}: Permission denied\n"
    assert list(out.iterdir()) == []


class FullDisk:
    """`os` as auditor.reporters.atomic sees it, whose writes fail with ENOSPC after `allowed` of them."""

    def __init__(self, allowed: int) -> None:
        self.allowed = allowed

    def write(self, fd: int, data: bytes) -> int:
        if self.allowed <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.allowed -= 1
        return os.write(fd, data)

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)


def test_full_disk_is_exit_8_and_leaves_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A write that fails with ENOSPC mid-run: exit 8, one message, finished files whole, no temporary, no CSV."""
    import auditor.reporters.atomic

    corpus = tmp_path / "in"
    make_corpus(corpus, 2)
    monkeypatch.setattr(auditor.reporters.atomic, "os", FullDisk(allowed=3))
    code, run = scan(tmp_path, str(corpus), "--jobs", "2", "--no-cache")
    assert code == 8
    assert capsys.readouterr().err == f"auditor: error: cannot write reports: {run}: No space left on device\n"
    assert temporaries(tmp_path / "reports") == []
    assert sorted(p.name for p in run.iterdir()) == ["files"]  # no CSV, no run.json: the run is incomplete
    written = sorted(p.name for p in (run / "files").iterdir())
    assert written == ["doc0000_0.txt.json", "doc0000_1.txt.json", "doc0000_2.txt.json"]
    for name in written:
        assert json.loads((run / "files" / name).read_text(encoding="utf-8"))["verdict"] in ("pass", "review", "fail")


def limit_file_size() -> None:
    """In the child before exec: files may not grow past 200 kB (Python ignores SIGXFSZ: writes fail with EFBIG)."""
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))


def test_report_that_outgrows_the_disk_is_removed_not_left_as_a_temporary(tmp_path: Path) -> None:
    """findings.csv fails to grow (a real write error, from the kernel): its temporary goes, even though
    closing it fails again; exit 8 with one line."""
    corpus = tmp_path / "in"
    make_corpus(corpus, 40)
    out = tmp_path / "reports"
    cmd = [sys.executable, "-m", "auditor", "scan", str(corpus), "--out", str(out), "--run-id", "run", "--jobs", "1", "--no-cache", "-q"]
    done = subprocess.run(
        [*cmd, "--lang", "fr", "--format", "json"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=limit_file_size,
        timeout=300,
    )
    assert done.returncode == 8
    assert done.stderr.decode() == f"auditor: error: cannot write reports: {out / 'run'}: File too large\n"
    assert temporaries(out) == []
    assert sorted(p.name for p in (out / "run").iterdir()) == ["files"]


STOP_WHILE_SENDING = """
import sys
from pathlib import Path

import auditor.run.batch as batch
from auditor.inputs.discover import Source
from auditor.run.pipeline import Options, Outcome, error_result

def huge(src, *args):  # a result far larger than any pipe buffer: its worker is mid-write when stopped
    return Outcome(error_result(src, "big"), src.key * (4 << 20))

batch.audit_sources = lambda srcs, *args: [huge(src, *args) for src in srcs]
batch.CHUNK = 1
sources = [Source(Path(f"d{i}.txt"), f"d{i}.txt", f"d{i:07d}", ".") for i in range(8)]
for _ in range(5):
    stream = batch.outcomes(sources, batch.Setup(None, Options(), None, keep_text=True), jobs=2)
    assert len(next(stream).text) == 32 << 20
    stream.close()  # what an interruption does: the workers are stopped mid-run
print("stopped")
"""


def test_stopping_workers_that_are_sending_large_results_does_not_hang() -> None:
    """Stop the pool while workers write 32 MB results into their pipes (the Ctrl-C hang of #16): it returns."""
    done = subprocess.run(
        [sys.executable, "-c", STOP_WHILE_SENDING], env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, timeout=120
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, b"stopped\n", b"")


def test_a_signal_held_while_a_temporary_is_created_leaves_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGTERM held while open_atomic creates its temporary is raised as __enter__ ends, where `with`
    calls no __exit__: the temporary must go all the same (it was left as .rules.csv.PID.tmp)."""
    from auditor.reporters.atomic import open_atomic
    from auditor.run.signals import Interrupted, stop_on_signals

    real = open_atomic._open

    def open_then_signal(self: open_atomic):  # type: ignore[no-untyped-def]
        opened = real(self)
        os.kill(os.getpid(), signal.SIGTERM)  # arrives while signals are held
        return opened

    monkeypatch.setattr(open_atomic, "_open", open_then_signal)
    with stop_on_signals(), pytest.raises(Interrupted) as raised:
        with open_atomic(tmp_path / "rules.csv") as fh:
            fh.write("never\n")
    assert raised.value.signum == signal.SIGTERM
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_run_nested_in_another_leaves_the_outer_runs_heap_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """An API caller that runs a batch while iterating another: the inner run's end must not unfreeze the outer's heap."""
    import gc

    import auditor.run.batch as batch
    from auditor.inputs.discover import Source
    from auditor.run.pipeline import Options, Outcome, error_result

    monkeypatch.setattr(batch, "audit_sources", lambda srcs, *args: [Outcome(error_result(src, "stub"), "") for src in srcs])
    sources = [Source(Path(f"d{i}.txt"), f"d{i}.txt", f"d{i:07d}", ".") for i in range(3)]
    setup = batch.Setup(None, Options(), None, keep_text=True)
    before = gc.get_freeze_count()
    outer = batch.outcomes(sources, setup, jobs=1)
    assert next(outer).result.error == "stub"
    frozen = gc.get_freeze_count()
    assert frozen > before
    assert [o.result.error for o in batch.outcomes(sources, setup, jobs=1)] == ["stub"] * 3
    assert gc.get_freeze_count() >= frozen  # still frozen: the outer run goes on
    assert [o.result.error for o in outer] == ["stub"] * 2
    assert gc.get_freeze_count() == before


def test_startup_heap_holds_the_collector_off_then_freezes_until_the_command_ends() -> None:
    """A command's start-up runs without collections; `built` freezes what it made and gives the collector back; the end unfreezes."""
    import gc

    from auditor.run.batch import StartupHeap

    assert gc.isenabled()
    before = gc.get_freeze_count()
    with StartupHeap() as heap:
        assert not gc.isenabled()
        tables = [[i] for i in range(1000)]  # long-lived start-up objects
        heap.built()
        assert gc.isenabled() and gc.get_freeze_count() >= before + len(tables)
    assert gc.isenabled() and gc.get_freeze_count() == before


def test_startup_heap_gives_the_collector_back_when_start_up_fails() -> None:
    """A rule error before the tables are built leaves the caller's collector as it was, nothing frozen."""
    import gc

    from auditor.run.batch import StartupHeap

    before = gc.get_freeze_count()
    with pytest.raises(ValueError), StartupHeap():
        raise ValueError("broken rule")
    assert gc.isenabled() and gc.get_freeze_count() == before


def test_a_chunk_audited_together_gives_each_source_its_own_outcome(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """audit_sources over a chunk: the outcome each source gets alone, in order; an unreadable file and a
    document whose audit raised are error rows in their own places, and the others are untouched."""
    from auditor.inputs.discover import Source
    from auditor.ruleset.loader import load_ruleset
    from auditor.run.pipeline import Options, audit_source, audit_sources

    texts = {"a.txt": GOOD, "b.md": "# Titre\n\nLe patron de Tesla, Ilon Musk, a parlé.\n", "c.txt": "Un texte propre.\n", "d.txt": GOOD}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    names = ["a.txt", "missing.txt", "b.md", "c.txt", "d.txt"]
    sources = [Source(tmp_path / n, n, n, ".") for n in names]
    engine, options = Engine(load_ruleset()), Options()
    alone = [audit_source(src, engine, options) for src in sources]
    together = audit_sources(sources, engine, options)
    assert [(o.result, o.text, o.rendered) for o in together] == [(o.result, o.text, o.rendered) for o in alone]
    assert [(o.result.error, o.result.verdict, [(f.rule_id, f.text) for f in o.result.findings]) for o in together] == [
        ("", "review", [("fr.entity.known.isaxon", "Isaxon")]),
        ("file vanished before it could be read", "error", []),
        ("", "review", [("fr.entity.known.ilon-musk", "Ilon Musk")]),
        ("", "pass", []),
        ("", "review", [("fr.entity.known.isaxon", "Isaxon")]),
    ]

    real = auditor.run.pipeline.audit_many

    def second_fails(docs, compiled):  # type: ignore[no-untyped-def]
        out = real(docs, compiled)
        return [RuntimeError("detector bug") if doc.path == "c.txt" else a for doc, a in zip(docs, out)]

    monkeypatch.setattr(auditor.run.pipeline, "audit_many", second_fails)
    failed = audit_sources(sources, engine, options)
    assert failed[3].result.error == "internal error while auditing: RuntimeError: detector bug"
    assert [o.result for i, o in enumerate(failed) if i != 3] == [o.result for i, o in enumerate(alone) if i != 3]
