"""Atomic file writes: a report file is either complete or absent, never half-written."""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

_DEFERRED = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block ends, so a write cannot be cut mid-way.

    Python runs signal handlers between any two bytecodes, even between creating a
    temporary file and remembering its name. Blocking delivery with a signal mask is not
    enough: with worker pools the process has other threads, the signal lands on one of
    them, and the main thread still runs the handler. So for the duration of the block a
    handler that only records the signal is installed, and the real one runs afterwards.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def hold(signum: int, frame: object) -> None:
        received.append(signum)

    previous = {sig: signal.signal(sig, hold) for sig in _DEFERRED}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if received:
            sig = received[0]
            handler = previous[sig]
            if callable(handler):
                handler(sig, None)  # e.g. raises KeyboardInterrupt, now that the write is whole
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), sig)


def write_atomic(path: Path, data: str, encoding: str = "utf-8", newline: str | None = "", durable: bool = False) -> None:
    """Write `data` to `path` through a temporary file and an atomic rename.

    The rename alone makes the file complete-or-absent for anything short of a power
    cut; `durable` adds an fsync for that case too, at a cost of milliseconds per file
    that would dominate a run writing tens of thousands of small reports.
    """
    with deferred_signals(), open_atomic(path, encoding=encoding, newline=newline, durable=durable) as fh:
        fh.write(data)


class open_atomic:
    """Context manager: write to a temporary file beside `path`, rename on success, delete on error."""

    def __init__(self, path: Path, encoding: str = "utf-8", newline: str | None = "", durable: bool = True) -> None:
        self.path = Path(path)
        self.encoding = encoding
        self.newline = newline
        self.durable = durable
        self.tmp: Path | None = None
        self.fh: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        with deferred_signals():
            return self._open()

    def _open(self) -> IO[str]:
        """Create the temporary file beside the target."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self.tmp = Path(tmp)
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
        """Close and delete the temporary file."""
        if self.fh is not None and not self.fh.closed:
            self.fh.close()
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()
