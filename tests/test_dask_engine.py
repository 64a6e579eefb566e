"""--engine dask: a LocalCluster of worker processes writes the reports a --jobs 1 run writes, survives killed workers, keeps the cache."""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path
from typing import Iterator

import pytest

from auditor.cli import main
from surfaces import without_run_columns

distributed = pytest.importorskip("distributed")  # the dask extra: installed by the test extra, optional for users
import cloudpickle  # noqa: E402  (comes with distributed)

# The helpers below run inside the workers, which cannot import this test module: ship them by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.txt"))
REPORTS = ("summary.csv", "findings.csv", "rules.csv", "sources.csv")


def make_corpus(root: Path, documents: int = 200) -> Path:
    """`documents` articles cut from the samples in 8 site folders, plus unreadable files of several kinds."""
    folder = root / "in"
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    for i in range(documents):
        paragraphs = texts[i % len(texts)].split("\n\n")
        start = (i // len(texts)) % max(1, len(paragraphs) - 1)
        site = folder / f"site-{i % 8}"
        site.mkdir(parents=True, exist_ok=True)
        (site / f"doc-{i:03d}.txt").write_text("\n\n".join(paragraphs[start:]) + "\n", encoding="utf-8")
    for site in range(4):
        (folder / f"site-{site}").mkdir(parents=True, exist_ok=True)
    (folder / "site-0" / "undecodable.txt").write_bytes(b"\xff\xfe\x00\x00\xd8\x00")
    (folder / "site-1" / "empty.txt").write_bytes(b"")
    (folder / "site-2" / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "site-3" / "page.html").write_text("<html><body><p>Le patron de Tesla, Ilon Musk, a parlé.</p></body></html>", encoding="utf-8")
    return folder


def scan(folder: Path, out: Path, run_id: str, *extra: str) -> int:
    return main(["scan", str(folder), "--out", str(out), "--run-id", run_id, "-q", "--fail-on", "never", "--format", "jsonl", *extra])


def reports(run: Path) -> dict[str, bytes]:
    """summary.csv, findings.csv, the totals CSVs (run cells blanked) and every per-file JSON of a run."""
    files = {str(p.relative_to(run)): p.read_bytes() for p in sorted((run / "files").rglob("*.json"))}
    return {**files, **{name: without_run_columns((run / name).read_bytes()) for name in REPORTS}}


def keys_in_order(run: Path, folder: Path) -> list[str]:
    """The document keys of a run in summary.csv's order (the input order)."""
    with (run / "summary.csv").open(encoding="utf-8", newline="") as fh:
        return [os.path.relpath(row["path"], str(folder)) for row in csv.DictReader(fh)]


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    """A LocalCluster of 2 worker processes (one thread each), shared by the tests of this module."""
    import logging

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR) as local:
        yield local


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The 200-document folder and a --jobs 1 run over it, made once."""
    root = tmp_path_factory.mktemp("dask")
    folder = make_corpus(root)
    assert scan(folder, root / "reference", "jobs1", "--jobs", "1", "--no-cache") == 4  # unreadable inputs
    return folder, root / "reference" / "jobs1"


def test_dask_reports_are_byte_identical_to_jobs_1(cluster, corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder, reference = corpus
    capsys.readouterr()
    assert scan(folder, tmp_path, "dask", "--engine", "dask", "--scheduler", cluster.scheduler_address, "--no-cache") == 4
    expected, got = reports(reference), reports(tmp_path / "dask")
    assert len([name for name in expected if name.startswith("files/")]) == 204
    assert sorted(got) == sorted(expected)
    assert [name for name in expected if got[name] != expected[name]] == []
    keys = [json.loads(line)["key"] for line in capsys.readouterr().out.splitlines()]
    assert keys == keys_in_order(reference, folder)


def _install_killer(marker: str, victim: str) -> None:
    """Make this worker die (SIGKILL) the first time any worker audits `victim`: the marker file, created atomically, says it happened."""
    import os
    import signal

    from auditor.run import batch

    original = batch.Setup.audit_chunk

    def audit_chunk(self, chunk):  # type: ignore[no-untyped-def]
        if any(src.key == victim for src in chunk):
            try:
                fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                return original(self, chunk)
            os.close(fd)
            os.kill(os.getpid(), signal.SIGKILL)
        return original(self, chunk)

    batch.Setup.audit_chunk = audit_chunk  # type: ignore[method-assign]


def test_a_killed_worker_loses_no_document_and_reports_none_twice(cluster, corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder, reference = corpus
    marker = tmp_path / "killed"
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        client.run(_install_killer, str(marker), "site-5/doc-101.txt")
    capsys.readouterr()
    assert scan(folder, tmp_path, "killed", "--engine", "dask", "--scheduler", cluster.scheduler_address, "--no-cache") == 4
    assert marker.exists()  # a worker did die mid-run, auditing that document
    keys = [json.loads(line)["key"] for line in capsys.readouterr().out.splitlines()]
    assert keys == keys_in_order(reference, folder)  # every document exactly once, in input order
    assert len(set(keys)) == len(keys) == 204
    assert reports(tmp_path / "killed") == reports(reference)


def _install_serial_killer(marker_dir: str, victim: str) -> None:
    """Make this worker die (SIGKILL) whenever it audits `victim`, leaving one marker file per death."""
    import os
    import signal

    from auditor.run import batch

    original = batch.Setup.audit_chunk

    def audit_chunk(self, chunk):  # type: ignore[no-untyped-def]
        if any(src.key == victim for src in chunk):
            open(os.path.join(marker_dir, str(os.getpid())), "w").close()
            os.kill(os.getpid(), signal.SIGKILL)
        return original(self, chunk)

    batch.Setup.audit_chunk = audit_chunk  # type: ignore[method-assign]


class _SerialKiller(distributed.WorkerPlugin):
    """Installs the serial killer in every worker, the ones restarted after a death too."""

    name = "serial-killer"

    def __init__(self, marker_dir: str, victim: str) -> None:
        self.marker_dir = marker_dir
        self.victim = victim

    def setup(self, worker) -> None:  # type: ignore[no-untyped-def]
        _install_serial_killer(self.marker_dir, self.victim)


def test_a_document_that_kills_every_worker_becomes_an_error_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    import logging

    import dask

    folder = make_corpus(tmp_path, documents=20)
    marker_dir = tmp_path / "kills"
    marker_dir.mkdir()
    # No second chance for a task that killed a worker (two deaths suffice, not eight), and one task
    # at a time on each worker, so that a death makes only the running task suspect.
    settings = {"distributed.scheduler.allowed-failures": 0, "distributed.scheduler.worker-saturation": 1.0}
    with dask.config.set(settings):
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR) as local:
            with distributed.Client(local.scheduler_address, set_as_default=False) as client:
                client.register_plugin(_SerialKiller(str(marker_dir), "site-3/doc-011.txt"))
            capsys.readouterr()
            code = scan(folder, tmp_path / "out", "r", "--engine", "dask", "--scheduler", local.scheduler_address, "--no-cache")
    assert code == 4
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["key"] for r in records] == keys_in_order(tmp_path / "out" / "r", folder)
    assert len({r["key"] for r in records}) == 24
    victim = next(r for r in records if r["key"] == "site-3/doc-011.txt")
    assert victim["error"] == "the Dask worker died while auditing this document, on every attempt (a crash, or out of memory)"
    others = [r for r in records if "/doc-" in r["key"] and r is not victim]
    assert len(others) == 19 and all(r["error"] == "" for r in others)
    assert len(list(marker_dir.iterdir())) == 2  # the chunk's task, then the document's own task


def test_without_dask_engine_dask_exits_2_with_the_install_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setitem(sys.modules, "distributed", None)
    folder = make_corpus(tmp_path, documents=2)
    assert scan(folder, tmp_path / "out", "r", "--engine", "dask") == 2
    assert capsys.readouterr().err.strip() == "auditor: error: --engine dask needs dask.distributed: pip install 'auditor[dask]'"
    assert not (tmp_path / "out").exists()


def test_a_local_cluster_started_by_scan_fills_the_cache_for_the_next_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder = make_corpus(tmp_path, documents=6)
    assert main(["scan", str(folder), "--out", str(tmp_path / "out"), "--run-id", "dask", "--fail-on", "never", "--format", "jsonl", "--engine", "dask", "--jobs", "2"]) == 4
    assert "cache: 0 of 10 documents reused from earlier runs" in capsys.readouterr().err
    assert main(["scan", str(folder), "--out", str(tmp_path / "out"), "--run-id", "local", "--fail-on", "never", "--format", "jsonl", "--jobs", "1"]) == 4
    # The 7 readable documents come from the cache the Dask run filled; the 3 unreadable are read again.
    assert "cache: 7 of 10 documents reused from earlier runs" in capsys.readouterr().err
    assert reports(tmp_path / "out" / "dask") == reports(tmp_path / "out" / "local")


def test_ctrl_c_cancels_the_futures_and_leaves_no_partial_report(cluster, corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import time

    from auditor.run import pipeline

    folder, _reference = corpus
    calls = {"n": 0}

    def interrupt_at_the_twentieth_document() -> None:
        calls["n"] += 1
        if calls["n"] == 20:
            raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "check_interrupted", interrupt_at_the_twentieth_document)
    assert scan(folder, tmp_path, "stopped", "--engine", "dask", "--scheduler", cluster.scheduler_address, "--no-cache") == 130
    run = tmp_path / "stopped"
    assert not (run / "run.json").exists() and not (run / "summary.csv").exists() and not (run / "findings.csv").exists()
    assert [p.name for p in run.rglob("*.tmp")] == []
    assert len(list((run / "files").rglob("*.json"))) == 19  # the documents reported before Ctrl-C are kept
    # The run's client is gone and its futures with it: the scheduler forgets every task (bounded wait, no timing asserted).
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        deadline = time.monotonic() + 30
        while client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) == 0


def test_an_unreachable_scheduler_is_named_in_one_line_and_exits_8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """A scheduler address nobody answers fails the run within the connect bound, with its address and no report left half-written."""
    import socket

    from auditor.run.engines import dask_cluster

    monkeypatch.setattr(dask_cluster, "CONNECT_SECONDS", 1)
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens on it
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Le texte est propre.\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["scan", str(folder), "--out", str(out), "--run-id", "r", "-q", "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{port}"])
    err = capsys.readouterr().err
    assert code == 8
    assert err.startswith(f"auditor: error: cannot reach the Dask scheduler at tcp://127.0.0.1:{port}: ")
    assert len(err.strip().splitlines()) == 1
    assert not (out / "r" / "run.json").exists()
    assert not [p.name for p in (out / "r").iterdir() if p.name.endswith(".tmp") or p.suffix == ".csv"]


def test_a_local_cluster_started_by_scan_writes_the_reports_of_jobs_1(corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Without --scheduler, scan starts its own LocalCluster, of spawned workers by default."""
    monkeypatch.delenv("AUDITOR_DASK_FORK", raising=False)
    folder, reference = corpus
    capsys.readouterr()
    assert scan(folder, tmp_path, "local", "--engine", "dask", "--jobs", "2", "--no-cache") == 4
    keys = [json.loads(line)["key"] for line in capsys.readouterr().out.splitlines()]
    assert keys == keys_in_order(reference, folder)
    assert reports(tmp_path / "local") == reports(reference)


def test_only_auditor_dask_fork_1_makes_the_local_cluster_fork_its_workers(monkeypatch: pytest.MonkeyPatch):
    """Forking from the client's threads can inherit a held lock and hang a worker: spawned unless AUDITOR_DASK_FORK=1."""
    from auditor.run.engines import dask_cluster

    monkeypatch.delenv("AUDITOR_DASK_FORK", raising=False)
    assert dask_cluster.fork_available() is False
    monkeypatch.setenv("AUDITOR_DASK_FORK", "0")
    assert dask_cluster.fork_available() is False
    monkeypatch.setenv("AUDITOR_DASK_FORK", "1")
    assert dask_cluster.fork_available() is sys.platform.startswith("linux")
