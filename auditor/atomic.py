"""Atomic file writes: a report file is either complete or absent, never half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO


def write_atomic(path: Path, data: str, encoding: str = "utf-8", newline: str | None = "") -> None:
    """Write `data` to `path` through a temporary file and an atomic rename."""
    with open_atomic(path, encoding=encoding, newline=newline) as fh:
        fh.write(data)


class open_atomic:
    """Context manager: write to a temporary file beside `path`, rename on success, delete on error."""

    def __init__(self, path: Path, encoding: str = "utf-8", newline: str | None = "") -> None:
        self.path = Path(path)
        self.encoding = encoding
        self.newline = newline
        self.tmp: Path | None = None
        self.fh: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self.tmp = Path(tmp)
        self.fh = os.fdopen(fd, "w", encoding=self.encoding, newline=self.newline)
        return self.fh

    def commit(self) -> None:
        """Flush, fsync and rename the temporary file into place."""
        assert self.fh is not None and self.tmp is not None
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        """Close and delete the temporary file."""
        if self.fh is not None and not self.fh.closed:
            self.fh.close()
        if self.tmp is not None and self.tmp.exists():
            self.tmp.unlink()

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()
