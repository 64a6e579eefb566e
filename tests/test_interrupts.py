"""Interrupts as a property: a `--jobs 2` scan stopped at random moments never hangs, never leaves a
partial report, a temporary file or a worker behind, and a re-run gives the reports of an
uninterrupted run. Also: kill -9 of the main process leaves no orphan worker and no temporary file.

`AUDITOR_INTERRUPT_TRIALS` sets the number of random moments (default 12, about 40 s);
`AUDITOR_INTERRUPT_SEED` the seed of their draw, so a failing trial can be replayed.
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from auditor.reporters.atomic import remove_stale_temps
from surfaces import without_run_columns

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TRIALS = int(os.environ.get("AUDITOR_INTERRUPT_TRIALS", "12"))
SEED = int(os.environ.get("AUDITOR_INTERRUPT_SEED", "20261216"))
EXIT_WITHIN = 5.0  # seconds from the signal to the exit of the main process
TEMP = re.compile(r"^\..+\.tmp$")
TIMES = {"run.json": ("run_id", "started", "finished")}  # the only fields that differ between runs

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find worker processes")


@dataclass(frozen=True)
class Mode:
    """How the signal is sent: which signal, to the process group or the main process only."""

    name: str
    signum: int
    group: bool
    ignored_at_start: bool = False  # SIGINT ignored on entry, as for a background job of a script


MODES = (
    Mode("SIGINT to the process group (Ctrl-C)", signal.SIGINT, group=True),
    Mode("SIGINT to the main process", signal.SIGINT, group=False),
    Mode("SIGTERM to the main process", signal.SIGTERM, group=False),
    Mode("SIGTERM to the process group", signal.SIGTERM, group=True),
    Mode("SIGINT to a run started with SIGINT ignored", signal.SIGINT, group=False, ignored_at_start=True),
)


def make_corpus(folder: Path) -> None:
    """60 article variants, and 3 documents whose results exceed a 64 KiB pipe buffer."""
    folder.mkdir(parents=True)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    for i in range(12):
        for j, text in enumerate(texts):
            (folder / f"doc{i:03d}_{j}.txt").write_text(f"Dépêche numéro {i}.\n{text}", encoding="utf-8")
    for k in (1, 30, 59):  # ~300 findings each: a result of about 140 KB
        lines = [f"Walter Isaxon a écrit la biographie numéro {n} ,mais  il a dit : « non »." for n in range(300 + k)]
        (folder / f"doc{k:03d}_big.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def command(corpus: Path, out: Path, run_id: str, quiet: bool = True) -> list[str]:
    """The scan under test: two workers, the cache on, exit 0 when it completes.

    A generous regex time bound: on a loaded machine a rule stopped by it would make a result
    differ from the reference run's (and not be cached), which is not what is tested here.
    """
    cmd = [sys.executable, "-m", "auditor", "scan", str(corpus), "--out", str(out), "--run-id", run_id, "--regex-timeout", "60"]
    return [*cmd, "--jobs", "2", "--lang", "fr", "--fail-on", "never", *(["-q"] if quiet else [])]


def environment() -> dict[str, str]:
    """The test's environment, with this checkout importable."""
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def default_sigint() -> None:
    """In the child before exec: SIGINT as an interactive shell leaves it, whatever pytest was started with."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def ignore_sigint() -> None:
    """In the child before exec: SIGINT ignored, as a non-interactive shell does for `cmd &`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def group_members(pgid: int) -> list[str]:
    """`pid (name) state` of every process still in process group `pgid` (zombies included)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        name_end = stat.rindex(")")
        fields = stat[name_end + 2 :].split()
        if int(fields[2]) == pgid:  # fields: state, ppid, pgrp, ...
            found.append(f"{entry} {stat[: name_end + 1].split(' ', 1)[1]} {fields[0]}")
    return found


def temporaries(folder: Path) -> list[str]:
    """Every temporary file left anywhere below `folder`."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if TEMP.match(p.name))


def reports(run: Path) -> dict[str, bytes]:
    """Every report file of a run folder, run.json without its run id and times."""
    found = {}
    for path in sorted(run.rglob("*")):
        if path.is_file():
            rel = path.relative_to(run).as_posix()
            data = path.read_bytes()
            if rel in TIMES:
                record = json.loads(data)
                for key in TIMES[rel]:
                    record.pop(key)
                data = json.dumps(record, sort_keys=True).encode()
            elif rel.endswith(".csv"):
                data = without_run_columns(data)
            found[rel] = data
    return found


def parse_fully(run: Path) -> None:
    """Every JSON and CSV file below `run` parses to its end."""
    for path in run.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    for path in run.rglob("*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows and all(len(row) == len(rows[0]) for row in rows), path


def reused(stderr: bytes) -> int:
    """The N of `cache: N of M documents reused from earlier runs`."""
    match = re.search(rb"cache: (\d+) of \d+ documents reused", stderr)
    assert match, stderr
    return int(match.group(1))


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes], float]:
    """The corpus, the reports of an uninterrupted run, and the wall time of a full run (the slower of two)."""
    base = tmp_path_factory.mktemp("interrupts")
    corpus = base / "corpus"
    make_corpus(corpus)
    walls = []
    for run_id in ("cold", "again"):  # two cold runs: the calibration includes a first start-up
        out = base / f"reference-{run_id}"
        started = time.monotonic()
        done = subprocess.run(command(corpus, out, "ref"), env=environment(), capture_output=True, timeout=300)
        walls.append(time.monotonic() - started)
        assert done.returncode == 0, done.stderr.decode()
    expected = reports(base / "reference-cold" / "ref")
    assert expected == reports(base / "reference-again" / "ref")
    assert max(len(expected[f"files/doc{k:03d}_big.txt.json"]) for k in (1, 30, 59)) > 65536
    return corpus, expected, max(walls)


def test_interrupt_at_random_moments_never_hangs_or_leaves_partial_reports(
    tmp_path: Path, reference: tuple[Path, dict[str, bytes], float]
) -> None:
    """Each trial: exit 130/143 (0 if already done) within 5 s, no temporary file, no worker left,
    each report complete or absent, and a re-run that reuses every finished document and
    writes the reports of an uninterrupted run."""
    corpus, expected, wall = reference
    rng = random.Random(SEED)
    for trial in range(TRIALS):
        mode = MODES[trial % len(MODES)]
        delay = rng.uniform(0.0, 1.1 * wall)  # start-up, discovery, audits, report writing, and after
        out = tmp_path / f"t{trial}"
        where = f"trial {trial} (seed {SEED}): {mode.name} after {delay:.3f}s of {wall:.3f}s"
        proc = subprocess.Popen(
            command(corpus, out, "first"),
            env=environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: the group a Ctrl-C would reach
            preexec_fn=ignore_sigint if mode.ignored_at_start else default_sigint,
        )
        if mode.ignored_at_start:  # before the CLI's first line the inherited SIG_IGN rules: wait until it runs
            while not out.exists() and proc.poll() is None:
                time.sleep(0.005)
        time.sleep(delay)
        signalled_ns = time.time_ns()
        try:
            if mode.group:
                os.killpg(proc.pid, mode.signum)
            else:
                os.kill(proc.pid, mode.signum)
        except ProcessLookupError:  # already gone: nothing to interrupt
            pass
        try:
            _, err = proc.communicate(timeout=EXIT_WITHIN)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail(f"{where}: still running {EXIT_WITHIN}s after the signal")
        leftover = group_members(proc.pid)
        if leftover:
            os.killpg(proc.pid, signal.SIGKILL)
        assert leftover == [], f"{where}: processes left behind"
        run = out / "first"
        complete = (run / "run.json").exists()
        # Killed by the signal itself only before the CLI took over (nothing written yet) or once it had finished.
        allowed = {0, 128 + mode.signum, -mode.signum} if complete or not out.exists() else {128 + mode.signum}
        # A Ctrl-C while the interpreter itself starts, before auditor's entry point installs its
        # handlers, is CPython's: it fails importing `site` ("init_import_site", exit 1), or its
        # default handler's KeyboardInterrupt lands in a finaliser and is dropped ("Exception
        # ignored ... KeyboardInterrupt"; auditor's own handler never raises there).
        interpreter_start = b"Fatal Python error: init_import_site" in err or (b"Exception ignored" in err and b"\nKeyboardInterrupt" in err)
        if interpreter_start:
            allowed |= {0, 1}
        assert proc.returncode in allowed, f"{where}: exit {proc.returncode}: {err.decode()}"
        if proc.returncode == 0 and not interpreter_start:  # only a run that had finished before the signal may ignore it
            assert complete and (run / "run.json").stat().st_mtime_ns <= signalled_ns, f"{where}: signal not honoured: {err.decode()}"
        assert temporaries(out) == [], where
        if out.exists():
            parse_fully(run)
            written = reports(run)
            if complete:
                assert written == expected, where
            else:  # every report present is whole: byte for byte the uninterrupted run's
                assert {k: v for k, v in written.items() if expected.get(k) != v} == {}, where
        again = subprocess.run(command(corpus, out, "second", quiet=False), env=environment(), capture_output=True, timeout=300)
        assert again.returncode == 0, f"{where}: re-run: {again.stderr.decode()}"
        finished = len(list((run / "files").glob("*.json"))) if run.exists() else 0
        assert reused(again.stderr) >= finished, f"{where}: the re-run audited finished documents again"
        assert reports(out / "second") == expected, where
        assert temporaries(out) == [], where


def test_kill_9_of_the_main_process_leaves_no_worker_and_the_next_run_no_temporary_file(
    tmp_path: Path, reference: tuple[Path, dict[str, bytes], float]
) -> None:
    """Workers notice their main process died and exit; the next run removes the dead run's temporaries."""
    corpus, expected, _ = reference
    out = tmp_path / "reports"
    proc = subprocess.Popen(
        command(corpus, out, "killed"), env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    files = out / "killed" / "files"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(files.glob("*.json"))) < 5 and proc.poll() is None:
        time.sleep(0.01)
    assert proc.poll() is None, "the run ended before it could be killed"
    workers = [m for m in group_members(proc.pid) if not m.startswith(f"{proc.pid} ")]
    assert len(workers) == 2, workers
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    def alive() -> list[str]:  # orphans are reaped by init, not by us: a zombie is already dead
        return [m for m in group_members(proc.pid) if not m.endswith(" Z")]

    deadline = time.monotonic() + EXIT_WITHIN
    while alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    leftover = alive()
    if leftover:
        os.killpg(proc.pid, signal.SIGKILL)
    assert leftover == []
    left = temporaries(out)
    assert f"killed/.summary.csv.{proc.pid}.tmp" in left and f"killed/.findings.csv.{proc.pid}.tmp" in left
    again = subprocess.run(command(corpus, out, "next"), env=environment(), capture_output=True, timeout=300)
    assert again.returncode == 0, again.stderr.decode()
    assert temporaries(out) == []
    assert reports(out / "next") == expected


def test_stale_temporaries_of_dead_processes_are_removed_and_others_kept(tmp_path: Path) -> None:
    """Only `.NAME.PID.tmp` files of processes that no longer exist go, and only in incomplete run folders."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    dead_pid, live_pid = int(dead.stdout), os.getppid()  # pytest's parent outlives the test
    names = {
        "r1/.summary.csv.{d}.tmp": False,
        "r1/files/sub/.a.txt.json.{d}-3.tmp": False,
        "r1/.findings.csv.{l}.tmp": True,  # a live run's: kept
        "r1/files/.b.txt.json.{d}": True,  # not a temporary name
        "r1/files/a.txt.json": True,
        "r2/run.json": True,
        "r2/.summary.csv.{d}.tmp": True,  # complete runs are not searched: none can hold temporaries
        "r3/run.json": True,
        "r3/.summary.csv.{d}.tmp": False,  # ... except the one about to be written again (same run id)
        ".cache/.x.{d}.tmp": True,  # hidden folders are not run folders
    }
    for name in names:
        path = tmp_path / name.format(d=dead_pid, l=live_pid)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    assert remove_stale_temps(tmp_path, tmp_path / "r3") == 3
    assert {n: (tmp_path / n.format(d=dead_pid, l=live_pid)).exists() for n in names} == names
    assert remove_stale_temps(tmp_path / "missing") == 0
