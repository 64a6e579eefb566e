"""Stop signals: SIGINT and SIGTERM become `Interrupted`, from the first line of the CLI on.

Kept free of heavy imports so that the entry point can install the handlers before it imports
anything else: a Ctrl-C that lands while a module is being imported must still stop the run.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from types import FrameType
from typing import Any, Iterator

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# How often a main process waiting on its workers looks for a stop signal recorded without
# raising (one that landed inside a finaliser): a Ctrl-C never waits for the next result.
WAKE_SECONDS = 0.1


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM reached the main process: the run stops cleanly."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(int(signum))
        self.signum = int(signum)


def interrupted_exit_code(exc: KeyboardInterrupt) -> int:
    """128 + the signal's number, as a shell reports a process stopped by it: 130 for Ctrl-C, 143 for SIGTERM."""
    return 128 + getattr(exc, "signum", signal.SIGINT)


_RECEIVED: list[int] = []  # stop signals received and not yet acted on, first first


def _in_finaliser(frame: FrameType | None) -> bool:
    """Whether the interrupted code runs inside a `__del__`, where Python prints and drops any exception."""
    while frame is not None:
        if frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


def _stop_handler(signum: int, frame: FrameType | None) -> None:
    _RECEIVED.append(signum)
    # Raised inside a finaliser, the exception would only print "Exception ignored in …" to the
    # log and vanish: leave it to the next `check_interrupted`, which the run loop calls.
    if not _in_finaliser(frame):
        raise Interrupted(signum)


def as_interrupt(exc: BaseException) -> KeyboardInterrupt | None:
    """The interrupt `exc` stands for: itself when it is one, `Interrupted` when a stop signal arrived, else None.

    A handler's exception can change shape on its way up: Python 3.11 wraps one raised in a
    class body's `__set_name__` (a dataclass being defined while a module is imported) in a
    RuntimeError, and any library may catch it and raise its own. Whatever it became, the
    run was asked to stop and must say so with 130 or 143, not as a bug. The caller acts on
    the interrupt returned, so the recorded signal is forgotten: it must not stop the run twice.
    """
    interrupt = exc if isinstance(exc, KeyboardInterrupt) else Interrupted(_RECEIVED[0]) if _RECEIVED else None
    if interrupt is not None:
        _RECEIVED.clear()
    return interrupt


def check_interrupted() -> None:
    """Raise `Interrupted` if a stop signal arrived and its exception was held back or lost on the way.

    Python drops a handler's exception raised while a finaliser (`__del__`, a weakref callback)
    runs: without this check the run would go on as if nothing had been asked.
    """
    if _RECEIVED:
        raise Interrupted(_RECEIVED[0])


@contextmanager
def blocked_while_forking() -> Iterator[None]:
    """Block SIGINT and SIGTERM in this thread for the block: processes forked in it start with them
    blocked (each worker then sets its own handlers and unblocks what it wants), threads started
    in it keep them blocked, and a signal that came meanwhile is delivered when the block ends.

    A handler that records instead of acting (`deferred_signals`) must never be inherited: a
    worker would swallow the SIGTERM meant to stop it, and the pool's join would wait forever.
    """
    blocked = hasattr(signal, "pthread_sigmask")
    if blocked:
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def install_stop_handlers() -> None:
    """Make SIGINT and SIGTERM raise `Interrupted` for the rest of the process (the entry point's first act)."""
    if threading.current_thread() is threading.main_thread():
        for sig in STOP_SIGNALS:
            signal.signal(sig, _stop_handler)


class stop_on_signals:
    """Within the block, SIGINT and SIGTERM raise `Interrupted` in the main thread.

    Installed even where SIGINT was ignored on entry (a shell script's `auditor scan … &`):
    a batch job must stop when asked, and say so with exit 130 or 143. A signal that the
    entry point's handlers recorded before the block is raised on entry.
    """

    def __init__(self) -> None:
        self.previous: dict[int, Any] = {}

    def __enter__(self) -> stop_on_signals:
        if threading.current_thread() is threading.main_thread():
            self.previous = {sig: signal.signal(sig, _stop_handler) for sig in STOP_SIGNALS}
            if _RECEIVED:  # `with` calls no __exit__ when __enter__ raises: tidy up here
                signum = _RECEIVED[0]
                self.__exit__(None, None, None)
                raise Interrupted(signum)
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        # An exception that leaves the block after a stop signal is that signal's interrupt, whatever it became on the way.
        signum = _RECEIVED[0] if _RECEIVED and exc is not None and not isinstance(exc, KeyboardInterrupt) else None
        for sig, handler in self.previous.items():
            signal.signal(sig, handler)
        _RECEIVED.clear()
        if signum is not None:
            raise Interrupted(signum) from exc
