"""Progress on stderr: a tqdm bar on a terminal, plain periodic lines for cron and CI logs."""

from __future__ import annotations

import shutil
import time
from typing import Any, TextIO

from auditor.run.pipeline import Outcome

LOG_EVERY_SECONDS = 10.0


class Progress:
    """Counts outcomes and shows files, MB/s and (on a terminal) an ETA; silent when quiet."""

    def __init__(self, stream: TextIO, quiet: bool = False, interval: float = LOG_EVERY_SECONDS) -> None:
        self.stream = stream
        self.quiet = quiet
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.interval = interval
        self.files = self.bytes = self.errors = self.cached = 0
        self.started = time.monotonic()
        self._last_log = self.started
        self._bar: Any = None
        self._total: int | None = None

    @property
    def wants_total(self) -> bool:
        """True when a bar will be drawn, so counting the inputs first is worth it."""
        return self.tty and not self.quiet

    def set_total(self, total: int) -> None:
        """Tell the bar how many documents to expect (records may make it more)."""
        self._total = total

    def rate(self) -> float:
        """Megabytes per second so far."""
        return self.bytes / 1e6 / max(time.monotonic() - self.started, 1e-9)

    def update(self, outcome: Outcome) -> None:
        """Count one finished document and refresh the display when due."""
        self.files += 1
        self.bytes += outcome.size
        self.errors += bool(outcome.result.error)
        self.cached += outcome.cached
        if self.quiet:
            return
        if self.tty:
            self._draw()
        elif time.monotonic() - self._last_log >= self.interval:
            self._last_log = time.monotonic()
            print(f"auditor: {self.line()}", file=self.stream, flush=True)

    def line(self) -> str:
        """One progress line: counts, volume and speed."""
        return (
            f"{self.files} documents, {self.bytes / 1e6:.1f} MB, {self.rate():.2f} MB/s, "
            f"{self.cached} from cache, {self.errors} unreadable, {time.monotonic() - self.started:.0f}s"
        )

    def _draw(self) -> None:
        """Advance the tqdm bar (imported on first use: it costs start-up time)."""
        if self._bar is None:
            import tqdm

            tqdm.tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked
            total = self._total if self._total and self._total > 1 else None
            # A terminal that reports no size (some CI ptys) would get an empty or hidden bar.
            known = shutil.get_terminal_size((0, 0)).columns >= 40
            size = {} if known else {"ncols": 100, "nrows": 10}
            self._bar = tqdm.tqdm(total=total, unit="doc", file=self.stream, dynamic_ncols=known, mininterval=0.25, **size)
        self._bar.update(1)
        if self._total is not None and self.files > self._total:  # JSON records outnumber files
            self._bar.total = None
        now = time.monotonic()
        if now - self._last_log >= 0.5:
            self._last_log = now
            self._bar.set_postfix_str(f"{self.rate():.2f} MB/s, {self.errors} unreadable", refresh=False)

    def close(self) -> None:
        """Close the bar, or print a last line when periodic lines were printed."""
        if self._bar is not None:
            self._bar.set_postfix_str(f"{self.rate():.2f} MB/s, {self.errors} unreadable", refresh=True)
            self._bar.close()
        elif not self.quiet and not self.tty and self._last_log > self.started:
            print(f"auditor: done: {self.line()}", file=self.stream, flush=True)
