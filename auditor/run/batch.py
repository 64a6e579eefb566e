"""Running the pipeline over many sources in worker processes, results streamed in input order.

Workers inherit the rules compiled by the main process (or compile them once, on their
first document) and audit chunks of sources; files the cache knows unchanged are answered
by the main process without reading them. The main process keeps a bounded window of
chunks in flight and hands results to the reporters in input order, so memory does not
grow with the number of files. A worker that dies (a crash in a C extension, the
out-of-memory killer) costs one error row, not the run.

The pool is our own, over `multiprocessing`, because stopping a `ProcessPoolExecutor`
can hang: a worker killed while it writes a result larger than the pipe buffer leaves its
reader thread waiting for an end of file that never comes (the main process holds the
write end of the shared result queue). Here each worker has its own pair of pipes; the
main process keeps no copy of a worker's write end, reads results only in its own thread
and never waits without a time bound to stop a worker. Workers die with the main process.
"""

from __future__ import annotations

import atexit
import gc
import os
import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, replace
from itertools import chain, islice
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from auditor.inputs.discover import Source
from auditor.reporters.atomic import deferred_signals
from auditor.run.pipeline import Options, Outcome, audit_sources, error_result, timings_enabled
from auditor.run.signals import WAKE_SECONDS, blocked_while_forking, check_interrupted
from auditor.scanner import Engine

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from auditor.run.cache import Cache

# multiprocessing is imported only when workers are started: a one-file run should not pay for it.

CHUNK = 8  # sources per task: big enough to hide inter-process overhead, small for a smooth order
WINDOW_PER_JOB = 4  # chunks in flight per worker: keeps workers busy, bounds memory
QUEUED_PER_WORKER = 2  # chunks sent to one worker ahead of its results: it never waits for the main process
LOOKUP_BLOCK = 64  # sources whose stat signatures are looked up in the cache in one query
CRASH_REASON = "the worker process died while auditing this document (a crash, or out of memory)"
PARENT_POLL_SECONDS = 0.5  # how often a worker checks that the main process is still alive
STOP_SECONDS = 5.0  # how long a stopped worker may take to exit before it is killed
_STOPPING = (signal.SIGINT, signal.SIGTERM)
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PIPE_BYTES = 1 << 20  # result pipe buffer: Linux lets any user raise a pipe to 1 MiB (fs.pipe-max-size)


# Rules keep their parameters in read-only mappings; auditor.model teaches pickle to carry
# them, so that workers can receive the rule set when processes are spawned instead of forked.


@dataclass(frozen=True)
class Setup:
    """What every worker needs to audit a source: the same for the whole run."""

    engine: Engine
    options: Options
    cache: Cache | None = None
    keep_text: bool = True  # send each text back: a reporter or stage in this process uses it

    def audit_chunk(self, chunk: Sequence[Source]) -> list[Outcome]:
        """Audit a chunk of sources together (or take them from the cache): the outcomes of `audit_source`, in order."""
        return audit_sources(chunk, self.engine, self.options, self.cache, self.keep_text)


_WORKER: Setup | None = None


def _init_worker(setup: Setup) -> None:
    """Worker start-up: signals are the main process's business; keep the setup for every chunk.

    Ctrl-C reaches the whole process group and cron stops jobs with SIGTERM: a worker that
    died of either would look like a crash to the main process. The main process stops its
    workers itself, with SIGKILL, and they die with it (see `_die_with_parent`).
    """
    global _WORKER
    for sig in _STOPPING:
        signal.signal(sig, signal.SIG_IGN)
    _WORKER = setup


def _work(chunk: list[Source]) -> list[Outcome]:
    """Audit one chunk of sources in a worker."""
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.audit_chunk(chunk)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when the main process dies (even by SIGKILL)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no libc to ask: the watchdog in `_serve` still notices
            pass
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _serve(setup: Setup, tasks: Connection, results: Connection, parent: int, inherited: list[Connection]) -> None:
    """A worker's life: audit the chunks that arrive on `tasks`, send each chunk's outcomes on `results`.

    A thread receives the chunks, so the main process can always send; it also watches the
    parent, the portable fallback to Linux's death signal: a worker whose main process is
    gone exits, even while it is blocked sending a result nobody will read.
    """
    for conn in inherited:  # the main process's pipe ends, copied by fork: they would hold pipes open
        conn.close()
    _die_with_parent(parent)
    _init_worker(setup)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)
    inbox: deque[list[Source] | None] = deque()
    ready = threading.Semaphore(0)

    def receive() -> None:
        try:
            while True:
                while not tasks.poll(PARENT_POLL_SECONDS):
                    if os.getppid() != parent:
                        os._exit(1)
                inbox.append(tasks.recv())
                ready.release()
        except (EOFError, OSError):  # the main process closed the pipe: no more chunks
            inbox.append(None)
            ready.release()

    threading.Thread(target=receive, daemon=True).start()
    while True:
        ready.acquire()
        chunk = inbox.popleft()
        if chunk is None:
            return
        try:
            results.send(_work(chunk))
        except (BrokenPipeError, ConnectionResetError):  # the main process stopped reading
            os._exit(1)


class _Task:
    """A chunk of sources sent to a worker, and its outcomes once they are back."""

    def __init__(self, sources: list[Source] | None = None) -> None:
        self.sources: list[Source] = sources or []
        self.results: list[Outcome] | None = None
        self.parts: list[_Task] = []  # one task per source, after the chunk killed its worker

    def done(self) -> bool:
        """True when the outcomes are here (assembled from the parts, if the chunk was split)."""
        if self.results is None and self.parts and all(p.results is not None for p in self.parts):
            self.results = [r for p in self.parts for r in p.results or ()]
        return self.results is not None


class _Worker:
    """One worker process with its own pipes; `queued` holds the chunks sent to it, oldest first."""

    def __init__(self, process: BaseProcess, tasks: Connection, results: Connection) -> None:
        self.process = process
        self.tasks = tasks  # this process's end: chunks go out
        self.results = results  # this process's end: outcomes come in
        self.queued: deque[_Task] = deque()

    def close(self) -> None:
        """Close this process's ends of the pipes."""
        self.tasks.close()
        self.results.close()


class _Pool:
    """Worker processes started on first use; a worker that dies is replaced and its chunk isolated."""

    def __init__(self, setup: Setup, jobs: int) -> None:
        self.setup = setup
        self.jobs = jobs
        self.workers: list[_Worker] = []
        self.pending: deque[_Task] = deque()  # chunks not yet sent, in order
        self.context: Any = None

    def submit(self, task: _Task) -> None:
        """Queue a chunk for the workers."""
        self.pending.append(task)
        self._dispatch()

    def results(self, task: _Task) -> list[Outcome]:
        """Wait for a chunk's outcomes, reading every worker's results meanwhile."""
        while not task.done():
            self._collect(WAKE_SECONDS)
            check_interrupted()
        assert task.results is not None
        return task.results

    def collect_ready(self) -> None:
        """Read the outcomes that are already here: a worker blocked on a full pipe would wait for us."""
        if self.workers:
            self._collect(0)

    def _collect(self, timeout: float | None) -> None:
        """Receive what the busy workers have sent (waiting up to `timeout`; None: until one sends), then send more."""
        from multiprocessing.connection import wait

        self._dispatch()
        by_conn = {w.results: w for w in self.workers if w.queued}
        for conn in wait(list(by_conn), timeout):
            self._receive(by_conn[conn])  # type: ignore[index]
        self._dispatch()

    def _receive(self, worker: _Worker) -> None:
        """Take one chunk's outcomes from a worker, or handle its death."""
        try:
            outcomes = worker.results.recv()
        except (EOFError, OSError):
            self._died(worker)
            return
        worker.queued.popleft().results = outcomes

    def _died(self, worker: _Worker) -> None:
        """Replace a dead worker: its current chunk is audited again one source at a time, alone."""
        _end(worker.process)
        worker.close()
        self.workers.remove(worker)
        culprit, *innocent = worker.queued
        if len(culprit.sources) == 1:
            culprit.results = [Outcome(error_result(culprit.sources[0], CRASH_REASON), None)]
        else:
            culprit.parts = [_Task([src]) for src in culprit.sources]
        self.pending.extendleft(reversed([*culprit.parts, *innocent]))

    def _dispatch(self) -> None:
        """Send pending chunks to the least busy workers, starting workers when needed."""
        while self.pending:
            if len(self.workers) < self.jobs:
                self._start()
            worker = min(self.workers, key=lambda w: len(w.queued))
            if len(worker.queued) >= QUEUED_PER_WORKER:
                return
            task = self.pending.popleft()
            worker.queued.append(task)
            worker.tasks.send(task.sources)

    def _start(self) -> None:
        """Start a worker; forked workers inherit the compiled rules, spawned ones compile their own."""
        import multiprocessing

        setup = self.setup
        if self.context is None:
            fork = "fork" in multiprocessing.get_all_start_methods()
            self.context = multiprocessing.get_context("fork" if fork else None)
            # Workers ignore SIGTERM, which is how multiprocessing stops leftover children at
            # exit before waiting for them without a bound: a pool nobody stopped is killed first.
            atexit.register(self.stop, True)
        forked = self.context.get_start_method() == "fork"
        if not forked:  # arguments are pickled, and compiled matchers hold closures
            setup = replace(setup, engine=Engine(setup.engine.ruleset, setup.engine.options))
        task_in, task_out = self.context.Pipe(duplex=False)
        result_in, result_out = self.context.Pipe(duplex=False)
        _widen(result_out)
        # A forked worker gets copies of this process's pipe ends, its own included: holding its
        # own tasks' write end, it would never see the end of file that tells it to exit.
        inherited = [task_out, result_in, *(c for w in self.workers for c in (w.tasks, w.results))] if forked else []
        process = self.context.Process(target=_serve, args=(setup, task_in, result_out, os.getpid(), inherited), daemon=True)
        # Signals are blocked across the fork: a Ctrl-C landing before the worker ignores it
        # would kill the worker, and the main process would take that for a crash.
        with blocked_while_forking():
            try:
                process.start()
                self.workers.append(_Worker(process, task_out, result_in))  # before any signal: `stop` must see it
            finally:
                # Only the worker may hold the write end of its results: if it dies, reading gives EOF.
                task_in.close()
                result_out.close()

    def stop(self, kill: bool) -> None:
        """Stop the workers: finished ones exit when their pipe closes; on interruption they are killed.

        Every wait has a time bound, and signals are held meanwhile, so a Ctrl-C cannot
        leave workers behind by cutting the stop short.
        """
        atexit.unregister(self.stop)
        if not self.workers:  # also when stopped at exit, then again as the generator is collected
            return
        with deferred_signals():
            for worker in self.workers:
                if kill:
                    worker.process.kill()
                worker.tasks.close()
            deadline = time.monotonic() + STOP_SECONDS
            for worker in self.workers:
                _end(worker.process, max(0.0, deadline - time.monotonic()))
                worker.results.close()
            self.workers.clear()


def _widen(conn: Connection) -> None:
    """Give a result pipe 1 MiB of buffer where Linux allows it: a worker then rarely waits for the main process to read."""
    try:
        import fcntl

        fcntl.fcntl(conn.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):  # not Linux, or above the system's limit: the default will do
        pass


def _end(process: BaseProcess, grace: float = STOP_SECONDS) -> None:
    """Wait up to `grace` seconds for a worker to exit, then kill it; no wait is unbounded."""
    process.join(grace)
    if process.exitcode is None:
        process.kill()
        process.join(STOP_SECONDS)


def outcomes(sources: Iterable[Source], setup: Setup, jobs: int) -> Iterator[Outcome]:
    """Yield one outcome per source, in input order, using `jobs` processes (1: this process).

    Files unchanged since an earlier run are answered here from the cache, without being
    read, unless the text is wanted (HTML pages, reference metrics): the workers, started
    only for the first file that needs auditing, see only the others.
    """
    _freeze()
    try:
        it = iter(sources)
        if jobs > 1:
            head = list(islice(it, 2))
            it = chain(head, it)
            if len(head) < 2:  # one document: starting workers would cost more than it saves
                jobs = 1
        if jobs <= 1:
            yield from _in_process(it, setup)
            return
        yield from _parallel(it, setup, jobs)
    finally:
        _unfreeze()


_FROZEN = [0]  # runs under way in this process that froze the heap (an API caller may nest or interleave them)


def _freeze() -> None:
    """Freeze the heap when the first of this process's runs starts."""
    # What exists now (the compiled rules, gazetteer indexes, word tables: most of the
    # process's objects) lives for the whole run: frozen, the cyclic garbage collector no
    # longer walks it at every full collection, in this process or in the forked workers.
    if _FROZEN[0] == 0:
        gc.freeze()
    _FROZEN[0] += 1


def _unfreeze() -> None:
    """Unfreeze it when the last one ends, so that a caller running many batches leaks nothing."""
    # Counted: an inner run that unfroze on its own would hand the outer run's heap back
    # to the collector half-way through it.
    _FROZEN[0] -= 1
    if _FROZEN[0] == 0:
        gc.unfreeze()


class StartupHeap:
    """The cyclic collector held off while a command builds its long-lived tables, which `built`
    then freezes (as a run does) until the command ends."""

    # Loading the rules and compiling them make most of a process's objects, all kept to the
    # end, and next to no garbage: every full collection meanwhile walked them all again (a
    # tenth of a one-article scan's CPU), and so did each one after, until the run froze them.

    def __enter__(self) -> "StartupHeap":
        self._enabled = gc.isenabled()
        self._frozen = False
        gc.disable()
        return self

    def built(self) -> None:
        """The tables are built: freeze them and give the collector back (before any fork)."""
        if not self._frozen:
            self._frozen = True
            _freeze()
            if self._enabled:
                gc.enable()

    def __exit__(self, *exc: object) -> None:
        if self._frozen:
            _unfreeze()
        if self._enabled:
            gc.enable()


def _answered(sources: Iterator[Source], setup: Setup) -> Iterator[tuple[Source, Outcome | None]]:
    """Pair each source with its outcome when the cache knows the file unchanged (else None)."""
    cache = setup.cache
    if cache is None or setup.keep_text or not cache.seen:
        yield from ((src, None) for src in sources)
        return
    affected = setup.engine.batch.affected if setup.engine.batch is not None else frozenset()
    while block := list(islice(sources, LOOKUP_BLOCK)):
        t0 = time.perf_counter()
        hits = cache.unchanged(block, setup.options.max_bytes)
        timings = {"cache": (time.perf_counter() - t0) / len(block)} if timings_enabled() else {}
        for src, hit in zip(block, hits):
            if hit is not None and src.key in affected:  # a result that depends on the batch is made afresh
                hit = None
            yield src, None if hit is None else Outcome(hit[0], None, hit[2], cached=True, rendered=hit[1], timings=timings)


def _in_process(it: Iterator[Source], setup: Setup) -> Iterator[Outcome]:
    """Audit in this process, in input order, CHUNK sources at a time (`Setup.audit_chunk`), answering unchanged files in between."""
    held: list[tuple[Source, Outcome | None]] = []  # in input order: a source and its ready outcome, or None to audit
    unaudited = 0
    for src, ready in _answered(it, setup):
        held.append((src, ready))
        unaudited += ready is None
        # A chunk to audit, or many outcomes held up behind a part chunk: hand them on.
        if unaudited == CHUNK or len(held) >= 4 * CHUNK:
            yield from _audited(held, setup)
            held, unaudited = [], 0
    yield from _audited(held, setup)


def _audited(held: list[tuple[Source, Outcome | None]], setup: Setup) -> Iterator[Outcome]:
    """The outcomes of the held sources in order: the ready ones, and the others audited as one chunk."""
    audited = iter(setup.audit_chunk([src for src, ready in held if ready is None]))  # an empty chunk reads nothing
    for _, ready in held:
        yield ready if ready is not None else next(audited)


def _parallel(it: Iterator[Source], setup: Setup, jobs: int) -> Iterator[Outcome]:
    """Run chunks in a pool with a bounded window, answering unchanged files in between, in input order."""
    pool = _Pool(setup, jobs)
    answered = _answered(it, setup)
    # One slot per source, in input order: a ready outcome, or (task, index in its chunk).
    slots: deque[Outcome | tuple[_Task, int]] = deque()
    running = 0  # chunks submitted and not yet fully handed on
    max_running = jobs * WINDOW_PER_JOB
    max_slots = max_running * CHUNK * 4  # bounds memory when cached files and audits interleave
    filling: _Task | None = None
    exhausted = finished = False
    try:
        while True:
            while not exhausted and running < max_running and len(slots) < max_slots:
                pair = next(answered, None)
                if pair is None:
                    exhausted = True
                    break
                src, ready = pair
                if ready is not None:
                    slots.append(ready)
                    continue
                filling = filling or _Task()
                slots.append((filling, len(filling.sources)))
                filling.sources.append(src)
                if len(filling.sources) == CHUNK:
                    pool.submit(filling)
                    running += 1
                    filling = None
            if filling is not None:  # a part chunk holds up the slots behind it: send it now
                pool.submit(filling)
                running += 1
                filling = None
            if not slots:
                finished = True
                return
            slot = slots.popleft()
            if isinstance(slot, Outcome):
                yield slot
                continue
            task, index = slot
            results = pool.results(task)
            if index == 0:
                pool.collect_ready()
            if index == len(task.sources) - 1:
                running -= 1
            yield results[index]
    finally:
        pool.stop(kill=not finished)
