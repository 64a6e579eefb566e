"""Bad inputs never stop a batch: each becomes an error row with its reason, the run goes on, exit 4."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

import auditor.run.pipeline
from auditor.cli import main
from auditor.inputs.reading import decode, read_file

GOOD = "Walter Isaxon a écrit une biographie.\n"
FRENCH = "Le président de l'Élysée a déclaré à la presse qu'il était « très déçu » par la décision.\n"


def summary_rows(run: Path) -> dict[str, dict[str, str]]:
    """summary.csv keyed by path."""
    with (run / "summary.csv").open(encoding="utf-8", newline="") as fh:
        return {row["path"]: row for row in csv.DictReader(fh)}


@pytest.fixture
def bad_batch(tmp_path: Path) -> Path:
    """A folder with two good files and one file of each bad kind."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (d / "z_good.md").write_text(GOOD, encoding="utf-8")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (d / "bad_utf8.txt").write_bytes("café ".encode() + b"\xff\xfe la suite\n")
    (d / "utf16.txt").write_text(FRENCH, encoding="utf-16")
    (d / "cp1252.txt").write_bytes(FRENCH.encode("cp1252"))
    (d / "empty.txt").write_bytes(b"")
    (d / "huge.txt").write_text("mot " * 3000, encoding="utf-8")
    (d / "loop.txt").symlink_to("loop.txt")
    (d / "locked.txt").write_text(GOOD, encoding="utf-8")
    (d / "vanish.txt").write_text(GOOD, encoding="utf-8")
    with open(os.path.join(os.fsencode(d), b"caf\xe9.txt"), "wb") as fh:
        fh.write(GOOD.encode())
    return d


def test_each_bad_input_is_reported_and_the_run_goes_on(
    bad_batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Good files are audited; every bad one is an error row with its exact reason; exit 4."""
    real_read = auditor.run.pipeline.read_bytes
    real_open = os.open

    def read_bytes(path: Path, max_bytes: int) -> tuple[bytes, str]:
        if path.name == "vanish.txt":  # deleted after discovery, before it is read
            path.unlink()
        return real_read(path, max_bytes)

    def open_(path: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        # Tests run as root, which chmod 000 does not stop: refuse the open as the OS would.
        if os.path.basename(os.fsdecode(path)) == "locked.txt":  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(auditor.run.pipeline, "read_bytes", read_bytes)
    monkeypatch.setattr(os, "open", open_)
    out = tmp_path / "reports"
    code = main(["scan", str(bad_batch), "--out", str(out), "--run-id", "run", "--lang", "fr", "--max-bytes", "5000", "--jobs", "2"])
    assert code == 4
    rows = summary_rows(out / "run")
    d = str(bad_batch)
    errors = {Path(p).name: r["error"] for p, r in rows.items() if r["error"]}
    assert errors == {
        "binary.txt": "binary file (contains NUL bytes)",
        "bad_utf8.txt": "invalid UTF-8 at byte 6 (the file mixes UTF-8 with other bytes)",
        "empty.txt": "empty file",
        "huge.txt": "file too large: 12000 bytes (limit 5000; see --max-bytes)",
        "loop.txt": "symbolic link loop",
        "locked.txt": "permission denied",
        "vanish.txt": "file vanished before it could be read",
        "caf\\xe9.txt": "file name is not valid UTF-8 (shown with \\x escapes); rename the file to audit it",
    }
    for name in ("a_good.txt", "z_good.md"):
        assert (rows[f"{d}/{name}"]["verdict"], rows[f"{d}/{name}"]["major"]) == ("review", "1")
    # UTF-16 with a BOM and cp1252 are text: decoded, audited, and the encoding is noted.
    for name, encoding in (("utf16.txt", "utf-16"), ("cp1252.txt", "cp1252")):
        row = rows[f"{d}/{name}"]
        assert (row["encoding"], row["error"], row["verdict"]) == (encoding, "", "pass")
        record = json.loads((out / "run" / "files" / f"{name}.json").read_text(encoding="utf-8"))
        assert record["notes"] == [f"decoded as {encoding}"]
        assert record["words"] == 18
    assert len(rows) == 12
    printed = capsys.readouterr().out
    assert f"{d}/loop.txt: error: symbolic link loop\n" in printed


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode")
def test_real_permission_denied(tmp_path: Path) -> None:
    """Without root, a mode-000 file is refused by the OS and reported."""
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    try:
        assert read_file(locked).error == "permission denied"
    finally:
        locked.chmod(0o644)


def test_broken_symlink_and_missing_path(tmp_path: Path) -> None:
    """A dangling link and a path that does not exist have their own reasons."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    out = tmp_path / "reports"
    code = main(["scan", str(tmp_path / "in"), str(tmp_path / "missing.txt"), "--out", str(out), "--run-id", "r", "-q"])
    assert code == 4
    errors = {Path(p).name: r["error"] for p, r in summary_rows(out / "r").items()}
    assert errors == {"dangling.txt": "broken symbolic link", "missing.txt": "no such file or directory"}


@pytest.mark.parametrize(
    ("data", "encoding", "error"),
    [
        (FRENCH.encode("cp1252"), "cp1252", ""),
        (FRENCH.encode("utf-16"), "utf-16", ""),
        (FRENCH.encode("utf-8-sig"), "utf-8-sig", ""),
        ("Zażółć gęślą jaźń, powiedział prezydent w środę.".encode("cp1250"), "cp1250", ""),
        (b"\xff\xfe" + "abc".encode("utf-16-le")[:-1], "", "invalid utf-16 after its byte-order mark at byte 6"),
    ],
)
def test_decode_legacy_encodings(data: bytes, encoding: str, error: str) -> None:
    """French cp1252 is not mistaken for cp1250 (which would turn 'à' into 'ŕ')."""
    decoded = decode(data)
    assert (decoded.encoding, decoded.error) == (encoding, error)


def test_atomic_write_steps_around_a_leftover_temporary(tmp_path: Path) -> None:
    """A temporary left by a killed process with our pid does not block the write, and is left alone."""
    from auditor.reporters.atomic import write_atomic

    target = tmp_path / "sub" / "r.json"
    target.parent.mkdir()
    stale = target.parent / f".r.json.{os.getpid()}.tmp"
    stale.write_text("stale", encoding="utf-8")
    write_atomic(target, "new\n")
    write_atomic(tmp_path / "created" / "x.json", b"bytes\n")  # missing folders are created
    assert target.read_text(encoding="utf-8") == "new\n"
    assert (tmp_path / "created" / "x.json").read_bytes() == b"bytes\n"
    assert sorted(p.name for p in target.parent.iterdir()) == [stale.name, "r.json"]
    assert stale.read_text(encoding="utf-8") == "stale"


def test_link_identical_links_only_the_same_bytes(tmp_path: Path) -> None:
    """A previous report is hard-linked only when it holds exactly the new bytes and the name is free."""
    from auditor.reporters.atomic import link_identical

    old = tmp_path / "old.json"
    old.write_bytes(b'{"a": 1}\n')
    assert not link_identical(str(old), str(tmp_path / "x.json"), b'{"a": 2}\n')
    assert not link_identical(str(old), str(tmp_path / "x.json"), b'{"a": 1}')  # a prefix is not the same
    assert not link_identical(str(tmp_path / "missing.json"), str(tmp_path / "x.json"), b"")
    assert not (tmp_path / "x.json").exists()
    assert link_identical(str(old), str(tmp_path / "new" / "x.json"), b'{"a": 1}\n')
    assert (tmp_path / "new" / "x.json").stat().st_ino == old.stat().st_ino
    assert not link_identical(str(old), str(tmp_path / "new" / "x.json"), b'{"a": 1}\n')  # taken


def test_a_report_in_pieces_is_written_and_linked_as_their_bytes(tmp_path: Path) -> None:
    """A page-long report comes as its head and its encoded record: the file holds them joined, compared piece by piece."""
    from auditor.reporters.atomic import link_identical, write_atomic

    old = tmp_path / "old.json"
    write_atomic(old, (b'{"a": ', b"1}\n"))
    assert old.read_bytes() == b'{"a": 1}\n'
    assert not link_identical(str(old), str(tmp_path / "x.json"), (b'{"a": ', b"2}\n"))
    assert not link_identical(str(old), str(tmp_path / "x.json"), (b'{"a": ', b"1}"))  # a prefix is not the same
    assert not link_identical(str(old), str(tmp_path / "x.json"), (b'{"a": ', b"1}\n", b"more"))
    assert not (tmp_path / "x.json").exists()
    assert link_identical(str(old), str(tmp_path / "x.json"), (b'{"a": 1', b"", b"}\n"))
    assert (tmp_path / "x.json").stat().st_ino == old.stat().st_ino
    page = tmp_path / "page.json"  # compared a MiB at a time: a difference in the last one counts
    write_atomic(page, (b"{", b"x" * (3 << 20) + b"y"))
    assert not link_identical(str(page), str(tmp_path / "p.json"), (b"{", b"x" * (3 << 20) + b"z"))
    assert link_identical(str(page), str(tmp_path / "p.json"), (b"{", b"x" * (3 << 20) + b"y"))


def test_reports_are_written_where_hard_links_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file system without hard links (or the previous run on another one): written, same bytes, one try."""
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / "in" / name).write_text(GOOD, encoding="utf-8")
    out = tmp_path / "reports"
    main(["scan", str(tmp_path / "in"), "--out", str(out), "--run-id", "one", "--lang", "fr", "-q"])
    tried: list[str] = []

    def refuse(source: str, path: str) -> None:
        tried.append(os.path.basename(path))
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", refuse)
    main(["scan", str(tmp_path / "in"), "--out", str(out), "--run-id", "two", "--lang", "fr", "-q"])
    assert tried == ["a.txt.json"]
    for name in ("a.txt.json", "b.txt.json", "c.txt.json"):
        one, two = out / "one" / "files" / name, out / "two" / "files" / name
        assert two.read_bytes() == one.read_bytes() and two.stat().st_ino != one.stat().st_ino


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs procfs")
def test_read_bytes_reads_past_a_stat_size_of_zero() -> None:
    """procfs files stat as empty yet hold text: the reader goes on to the end, not stopping at the stat size."""
    from auditor.inputs.reading import read_bytes

    data, error = read_bytes(Path("/proc/self/status"))
    assert error == ""
    assert data.startswith(b"Name:") and data.endswith(b"\n")


def test_read_bytes_reads_a_file_that_grew_since_the_stat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bytes written after the size was taken are read too, and the cap still holds."""
    from auditor.inputs import reading

    path = tmp_path / "growing.txt"
    path.write_bytes(b"0123456789" * 3)
    real_fstat = os.fstat
    monkeypatch.setattr(reading.os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 10, *real_fstat(fd)[7:])))
    assert reading.read_bytes(path) == (b"0123456789" * 3, "")
    assert reading.read_bytes(path, max_bytes=20) == (b"", "file too large: over 20 bytes (limit 20; see --max-bytes)")


def test_nested_deferred_blocks_hold_the_signal_until_the_outer_one_ends() -> None:
    """A block inside another installs nothing; the signal it sees runs its handler when the outer block ends."""
    import signal

    from auditor.reporters.atomic import deferred_signals

    seen: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: seen.append(signum))
    try:
        with deferred_signals():
            outer_hold = signal.getsignal(signal.SIGTERM)
            with deferred_signals():
                assert signal.getsignal(signal.SIGTERM) is not None
                assert signal.getsignal(signal.SIGTERM) == outer_hold  # the inner block kept the outer's holder
                os.kill(os.getpid(), signal.SIGTERM)
            assert seen == []  # the inner block's end does not deliver it
        assert seen == [signal.SIGTERM]
        assert signal.getsignal(signal.SIGTERM) is not outer_hold
        assert deferred_signals._depth == 0
    finally:
        signal.signal(signal.SIGTERM, previous)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_child_forked_inside_a_deferred_block_holds_signals_in_its_own_blocks() -> None:
    """The parent's open block is not the child's: a block in the child installs its holder again."""
    from auditor.reporters.atomic import deferred_signals

    with deferred_signals():
        pid = os.fork()
        if pid == 0:  # the child: exit code 0 only when its block installed its own holder
            import signal

            block = deferred_signals()
            with block:
                ok = signal.getsignal(signal.SIGTERM) == block._hold
            os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
