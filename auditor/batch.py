"""Running the pipeline over many sources in worker processes, results streamed in input order.

Each worker compiles the rules once (on its first document) and audits chunks of sources.
The main process keeps a bounded window of chunks in flight and hands results to the
reporters in input order, so memory does not grow with the number of files. A worker that
dies (a crash in a C extension, the out-of-memory killer) costs one error row, not the run.
"""

from __future__ import annotations

import copyreg
import signal
import types
from collections import deque
from itertools import chain, islice
from typing import TYPE_CHECKING, Iterable, Iterator

from auditor.discover import Source
from auditor.pipeline import Options, Outcome, audit_source, error_result
from auditor.scanner import Engine

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from auditor.cache import Cache

# concurrent.futures and multiprocessing are imported only when workers are started:
# a one-file run should not pay for them.

CHUNK = 8  # sources per task: big enough to hide inter-process overhead, small for a smooth order
WINDOW_PER_JOB = 4  # chunks in flight per worker: keeps workers busy, bounds memory
CRASH_REASON = "the worker process died while auditing this document (a crash, or out of memory)"


def _proxy(items: dict) -> types.MappingProxyType:
    """Rebuild a read-only mapping after pickling."""
    return types.MappingProxyType(items)


# Rules keep their parameters in read-only mappings; teach pickle to carry them, so that
# workers can receive the rule set when processes are spawned instead of forked.
copyreg.pickle(types.MappingProxyType, lambda mp: (_proxy, (dict(mp),)))

_WORKER: tuple[Engine, Options, Cache | None] | None = None


def _init_worker(engine: Engine, options: Options, cache: Cache | None) -> None:
    """Worker start-up: Ctrl-C is the main process's business; keep the engine for every chunk."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = (engine, options, cache)


def _work(chunk: list[Source]) -> list[Outcome]:
    """Audit one chunk of sources in a worker."""
    assert _WORKER is not None, "worker not initialised"
    engine, options, cache = _WORKER
    return [audit_source(src, engine, options, cache) for src in chunk]


def outcomes(sources: Iterable[Source], engine: Engine, options: Options, jobs: int, cache: Cache | None = None) -> Iterator[Outcome]:
    """Yield one outcome per source, in input order, using `jobs` processes (1: this process)."""
    it = iter(sources)
    if jobs > 1:
        head = list(islice(it, 2))
        it = chain(head, it)
        if len(head) < 2:  # one document: starting workers would cost more than it saves
            jobs = 1
    if jobs <= 1:
        for src in it:
            yield audit_source(src, engine, options, cache)
        return
    yield from _parallel(it, engine, options, jobs, cache)


def _chunks(it: Iterator[Source], size: int) -> Iterator[list[Source]]:
    """Group sources into lists of `size`."""
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        yield chunk


def _start(jobs: int, engine: Engine, options: Options, cache: Cache | None) -> ProcessPoolExecutor:
    """Start a pool; workers get an uncompiled engine (compiled matchers hold closures)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    fresh = Engine(engine.ruleset, engine.options)
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(fresh, options, cache))


def _stop(executor: ProcessPoolExecutor, kill: bool) -> None:
    """Shut the pool down; on interruption, terminate workers instead of waiting for them."""
    if kill:
        # ProcessPoolExecutor has no public way to stop running tasks before Python 3.14.
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            process.terminate()
    # Waiting is safe even after terminating: the pool sees its workers gone, fails the
    # pending futures and closes its queues, so no thread is left to block the exit.
    executor.shutdown(wait=True, cancel_futures=True)


def _parallel(it: Iterator[Source], engine: Engine, options: Options, jobs: int, cache: Cache | None) -> Iterator[Outcome]:
    """Run chunks in a pool with a bounded window; recover from a worker that dies."""
    from concurrent.futures.process import BrokenProcessPool

    chunks = _chunks(it, CHUNK)
    executor = _start(jobs, engine, options, cache)
    pending: deque[tuple[list[Source], Future]] = deque()
    finished = False
    try:
        while True:
            while len(pending) < jobs * WINDOW_PER_JOB:
                chunk = next(chunks, None)
                if chunk is None:
                    break
                pending.append((chunk, executor.submit(_work, chunk)))
            if not pending:
                finished = True
                return
            chunk, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                executor.shutdown(wait=False, cancel_futures=True)
                results, executor = _isolate(chunk, jobs, engine, options, cache)
                retry = [c for c, _ in pending]
                pending.clear()
                pending.extend((c, executor.submit(_work, c)) for c in retry)
            yield from results
    finally:
        _stop(executor, kill=not finished)


def _isolate(
    chunk: list[Source], jobs: int, engine: Engine, options: Options, cache: Cache | None
) -> tuple[list[Outcome], ProcessPoolExecutor]:
    """Audit a chunk whose worker died one source at a time, to find the source that kills it."""
    from concurrent.futures.process import BrokenProcessPool

    executor = _start(jobs, engine, options, cache)
    results: list[Outcome] = []
    for src in chunk:
        try:
            results.extend(executor.submit(_work, [src]).result())
        except BrokenProcessPool:
            results.append(Outcome(error_result(src, CRASH_REASON), None))
            executor.shutdown(wait=False, cancel_futures=True)
            executor = _start(jobs, engine, options, cache)
    return results, executor
