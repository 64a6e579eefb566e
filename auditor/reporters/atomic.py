"""Atomic file writes: a report file is either complete or absent, never half-written."""

from __future__ import annotations

import _signal  # signal.signal wraps it in enum conversions that cost more than the write itself
import os
import re
import signal
import threading
from pathlib import Path
from typing import IO

_DEFERRED = (signal.SIGINT, signal.SIGTERM)
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_TEMP_ATTEMPTS = 100
_TEMP_NAME = re.compile(r"^\..+\.(\d+)(?:-\d+)?\.tmp$")  # what `_create_temp` names: .NAME.PID.tmp, .NAME.PID-N.tmp


class deferred_signals:
    """Hold Ctrl-C and SIGTERM until the block ends, so a write cannot be cut mid-way.

    Python runs signal handlers between any two bytecodes, even between creating a
    temporary file and remembering its name. Blocking delivery with a signal mask is not
    enough: with worker pools the process has other threads, the signal lands on one of
    them, and the main thread still runs the handler. So for the duration of the block a
    handler that only records the signal is installed, and the real one runs afterwards.
    """

    # Blocks of the main thread that hold signals now. A block inside another holds nothing
    # itself: the outer one already records the signal and runs the handler once it ends,
    # and installing handlers costs two system calls per signal (one report per document
    # is written inside the block around that document's cache entry and reports).
    _depth = 0

    def __init__(self) -> None:
        self.received: list[int] = []
        self.previous: dict[int, object] = {}
        self.holding = False

    def _hold(self, signum: int, frame: object) -> None:
        self.received.append(signum)

    def __enter__(self) -> None:
        # Only the main thread runs handlers (and may install them): elsewhere there is nothing to hold.
        if threading.current_thread() is threading.main_thread():
            if deferred_signals._depth == 0:
                self.previous = {sig: _signal.signal(sig, self._hold) for sig in _DEFERRED}
            deferred_signals._depth += 1
            self.holding = True

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self.holding:
            deferred_signals._depth -= 1
            self.holding = False
        for sig, handler in self.previous.items():
            _signal.signal(sig, handler)
        if self.received:
            sig = self.received[0]
            handler = self.previous[sig]
            if callable(handler):
                handler(sig, None)  # e.g. raises KeyboardInterrupt, now that the write is whole
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), sig)


def _forget_outer_blocks() -> None:
    """In a forked child, no block of the parent is open: its own blocks install their handlers again."""
    deferred_signals._depth = 0


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_outer_blocks)


def make_folders(folder: str) -> None:
    """Create `folder` and its missing parents, like os.makedirs but without recursion.

    os.makedirs recurses once per missing level: a report for a file 1,200 folders deep
    must not exhaust Python's stack.
    """
    missing: list[str] = []
    while folder and not os.path.isdir(folder):
        missing.append(folder)
        folder = os.path.dirname(folder)
    for name in reversed(missing):
        try:
            os.mkdir(name)
        except FileExistsError:
            if not os.path.isdir(name):
                raise


def _create_temp(path: str) -> tuple[int, str]:
    """Create an empty temporary file beside `path`, creating its folder when missing.

    The name holds the process id, so concurrent writers never share one; O_EXCL refuses a
    name that is taken (a leftover of a killed process, another thread), and the next is tried.
    """
    folder, name = os.path.split(path)
    pid = os.getpid()
    for attempt in range(_TEMP_ATTEMPTS):
        tmp = os.path.join(folder, f".{name}.{pid}.tmp" if attempt == 0 else f".{name}.{pid}-{attempt}.tmp")
        try:
            return os.open(tmp, _FLAGS, 0o666), tmp
        except FileExistsError:
            continue
        except FileNotFoundError:
            if not folder or os.path.isdir(folder):
                raise
            make_folders(folder)
            return _create_temp(path)
    raise FileExistsError(f"no free temporary name beside {path}")


def write_atomic(path: Path | str, data: str | bytes | tuple[bytes, ...], encoding: str = "utf-8", newline: str | None = "", durable: bool = False) -> None:
    """Write `data` (text, bytes, or bytes in pieces) to `path` through a temporary file and an atomic rename.

    The rename alone makes the file complete-or-absent for anything short of a power
    cut; `durable` adds an fsync for that case too, at a cost of milliseconds per file
    that would dominate a run writing tens of thousands of small reports. Text is
    encoded with `encoding`, its line ends translated as `open` does (`newline` "" and
    "\\n": none); bytes are written as they are.
    """
    if isinstance(data, str):
        if newline is None:
            newline = os.linesep
        if newline not in ("", "\n"):
            data = data.replace("\n", newline)
        data = data.encode(encoding)  # before anything exists on disk: an encoding error leaves nothing
    target = os.fspath(path)
    with deferred_signals():
        fd, tmp = _create_temp(target)
        try:
            for piece in data if isinstance(data, tuple) else (data,):
                view = memoryview(piece)
                while view:
                    view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
            os.close(fd)
            fd = -1
            os.replace(tmp, target)
        except BaseException:
            if fd >= 0:
                os.close(fd)
            os.unlink(tmp)
            raise


def _link(source: str, path: str) -> None:
    """Hard-link `source` to `path`, creating the folder of `path` when missing."""
    try:
        os.link(source, path)
    except FileNotFoundError:
        folder = os.path.dirname(path)
        if not folder or os.path.isdir(folder) or not os.path.exists(source):
            raise
        make_folders(folder)
        os.link(source, path)


def link_identical(source: str, path: str, data: bytes | tuple[bytes, ...]) -> bool:
    """Make `path` a hard link to `source` when `source` holds exactly `data` (joined, when in pieces); False when it was not done.

    Linking costs no new inode and no data block: twice as cheap as writing a small file,
    and a nightly run whose reports did not change takes no extra space. The link appears
    complete, as a rename does. `path` must not exist yet. The inode is checked after the
    link, so a `source` replaced between the comparison and the link is never kept.
    Raises OSError when the file system refuses the link itself (another device, no hard
    links, too many links): the caller should stop trying.
    """
    try:
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return False
    try:
        if not (os.read(fd, len(data) + 1) == data if isinstance(data, bytes) else _holds(fd, data)):
            return False
        compared = os.fstat(fd)
        with deferred_signals():
            try:
                _link(source, path)
            except (FileExistsError, FileNotFoundError):  # path taken; source deleted meanwhile
                return False
            linked = os.stat(path)
            if (linked.st_dev, linked.st_ino) != (compared.st_dev, compared.st_ino):
                os.unlink(path)
                return False
        return True
    finally:
        os.close(fd)


_COMPARED_BYTES = 1 << 20  # bytes of a report in pieces read and compared at a time


def _holds(fd: int, pieces: tuple[bytes, ...]) -> bool:
    """True when the file `fd` holds exactly `pieces`, read a MiB at a time (not a copy of a page-long report)."""
    for piece in pieces:
        view = memoryview(piece)
        for at in range(0, len(view), _COMPARED_BYTES):
            part = view[at : at + _COMPARED_BYTES]
            if os.read(fd, len(part)) != part:
                return False
    return os.read(fd, 1) == b""


class open_atomic:
    """Context manager: write to a temporary file beside `path`, rename on success, delete on error."""

    def __init__(self, path: Path, encoding: str = "utf-8", newline: str | None = "", durable: bool = True) -> None:
        self.path = Path(path)
        self.encoding = encoding
        self.newline = newline
        self.durable = durable
        self.tmp: str | None = None
        self.fh: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        try:
            with deferred_signals():
                return self._open()
        except BaseException:  # a signal held during _open is raised here: `with` will not call __exit__
            self.abort()
            raise

    def _open(self) -> IO[str]:
        """Create the temporary file beside the target."""
        fd, self.tmp = _create_temp(os.fspath(self.path))
        try:
            self.fh = os.fdopen(fd, "w", encoding=self.encoding, newline=self.newline)
        except BaseException:
            os.close(fd)
            self.abort()
            raise
        return self.fh

    def commit(self) -> None:
        """Flush (and fsync when durable) the temporary file, then rename it into place."""
        assert self.fh is not None and self.tmp is not None
        with deferred_signals():
            self._commit()

    def _commit(self) -> None:
        """The steps of `commit`, cleaned up if anything fails."""
        assert self.fh is not None and self.tmp is not None
        try:
            self.fh.flush()
            if self.durable:
                os.fsync(self.fh.fileno())
            self.fh.close()
            os.replace(self.tmp, self.path)
        except BaseException:  # Ctrl-C in the middle: leave no temporary file behind
            self.abort()
            raise

    def abort(self) -> None:
        """Close and delete the temporary file, even when closing fails (a full disk fails the last flush)."""
        try:
            if self.fh is not None and not self.fh.closed:
                self.fh.close()
        except OSError:
            pass
        finally:
            if self.tmp is not None:
                Path(self.tmp).unlink(missing_ok=True)

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def _alive(pid: int) -> bool:
    """True when a process `pid` exists (or may: one of another user counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def remove_stale_temps(out: Path | str, current: Path | str | None = None) -> int:
    """Delete the temporary files that dead processes left in the incomplete run folders of `out`; return how many.

    A process killed with SIGKILL (or by a power cut) cannot clean up after itself. Only
    run folders without run.json are searched, and `current` (the folder a run is about to
    write, which an earlier run with the same id may have completed): a complete run wrote
    its last file after all the others, so it holds no temporary file, and the search
    stays cheap as complete runs accumulate. A temporary file is `.NAME.PID.tmp`; it is
    kept while PID is running (another run may be writing it) and when PID is this process.
    """
    removed = 0
    try:
        runs = [e.path for e in os.scandir(out) if e.is_dir(follow_symlinks=False) and not e.name.startswith(".")]
    except OSError:
        return 0
    again = os.path.realpath(current) if current is not None else None
    for run in runs:
        if os.path.exists(os.path.join(run, "run.json")) and os.path.realpath(run) != again:
            continue
        for folder, _dirs, names in os.walk(run):
            for name in names:
                match = _TEMP_NAME.match(name)
                if match is None or int(match.group(1)) == os.getpid() or _alive(int(match.group(1))):
                    continue
                try:
                    os.unlink(os.path.join(folder, name))
                    removed += 1
                except OSError:  # removed by another run meanwhile, or not ours to remove
                    pass
    return removed
