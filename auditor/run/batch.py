"""Running the pipeline over many sources in worker processes, results streamed in input order.

Workers inherit the rules compiled by the main process (or compile them once, on their
first document) and audit chunks of sources; files the cache knows unchanged are answered
by the main process without reading them. The main process keeps a bounded window of
chunks in flight and hands results to the reporters in input order, so memory does not
grow with the number of files. A worker that dies (a crash in a C extension, the
out-of-memory killer) costs one error row, not the run.
"""

from __future__ import annotations

import signal
import time
from collections import deque
from dataclasses import dataclass, replace
from itertools import chain, islice
from typing import TYPE_CHECKING, Iterable, Iterator

from auditor.inputs.discover import Source
from auditor.run.pipeline import Options, Outcome, audit_source, error_result, timings_enabled
from auditor.scanner import Engine

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from auditor.run.cache import Cache

# concurrent.futures and multiprocessing are imported only when workers are started:
# a one-file run should not pay for them.

CHUNK = 8  # sources per task: big enough to hide inter-process overhead, small for a smooth order
WINDOW_PER_JOB = 4  # chunks in flight per worker: keeps workers busy, bounds memory
LOOKUP_BLOCK = 64  # sources whose stat signatures are looked up in the cache in one query
CRASH_REASON = "the worker process died while auditing this document (a crash, or out of memory)"


# Rules keep their parameters in read-only mappings; auditor.model teaches pickle to carry
# them, so that workers can receive the rule set when processes are spawned instead of forked.


@dataclass(frozen=True)
class Setup:
    """What every worker needs to audit a source: the same for the whole run."""

    engine: Engine
    options: Options
    cache: Cache | None = None
    keep_text: bool = True  # send each text back: a reporter or stage in this process uses it

    def audit(self, src: Source) -> Outcome:
        """Audit one source (or take it from the cache)."""
        return audit_source(src, self.engine, self.options, self.cache, self.keep_text)


_WORKER: Setup | None = None


def _init_worker(setup: Setup) -> None:
    """Worker start-up: Ctrl-C is the main process's business; keep the setup for every chunk."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits scan's SIGTERM handler, which raises KeyboardInterrupt: the pool
    # catches that inside a task and the worker lives on, or it leaks the task queue's lock
    # and the other workers hang. Stopping the pool terminates workers: let them just die.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER = setup


def _work(chunk: list[Source]) -> list[Outcome]:
    """Audit one chunk of sources in a worker."""
    assert _WORKER is not None, "worker not initialised"
    return [_WORKER.audit(src) for src in chunk]


def outcomes(sources: Iterable[Source], setup: Setup, jobs: int) -> Iterator[Outcome]:
    """Yield one outcome per source, in input order, using `jobs` processes (1: this process).

    Files unchanged since an earlier run are answered here from the cache, without being
    read, unless the text is wanted (HTML pages, reference metrics): the workers, started
    only for the first file that needs auditing, see only the others.
    """
    it = iter(sources)
    if jobs > 1:
        head = list(islice(it, 2))
        it = chain(head, it)
        if len(head) < 2:  # one document: starting workers would cost more than it saves
            jobs = 1
    if jobs <= 1:
        for src, ready in _answered(it, setup):
            yield ready or setup.audit(src)
        return
    yield from _parallel(it, setup, jobs)


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


class _Task:
    """A chunk of sources sent to the pool, and its outcomes once they are back."""

    def __init__(self) -> None:
        self.sources: list[Source] = []
        self.future: Future | None = None
        self.results: list[Outcome] | None = None


class _Pool:
    """A worker pool started on first use and restarted after a worker dies."""

    def __init__(self, setup: Setup, jobs: int) -> None:
        self.setup = setup
        self.jobs = jobs
        self.executor: ProcessPoolExecutor | None = None

    def submit(self, task: _Task) -> None:
        """Send a chunk to the workers."""
        if self.executor is None:
            self.executor = _start(self.jobs, self.setup)
        task.future = self.executor.submit(_work, task.sources)

    def results(self, task: _Task, running: Iterable[_Task]) -> list[Outcome]:
        """Wait for a chunk's outcomes; if its worker died, isolate the culprit and resubmit the rest."""
        from concurrent.futures.process import BrokenProcessPool

        assert task.future is not None
        try:
            return task.future.result()
        except BrokenProcessPool:
            assert self.executor is not None
            self.executor.shutdown(wait=False, cancel_futures=True)
            results, self.executor = _isolate(task.sources, self.jobs, self.setup)
            for other in running:
                if other is not task:
                    self.submit(other)
            return results

    def stop(self, kill: bool) -> None:
        """Shut the pool down, if it was started."""
        if self.executor is not None:
            _stop(self.executor, kill)


def _start(jobs: int, setup: Setup) -> ProcessPoolExecutor:
    """Start a pool; forked workers inherit the compiled rules, spawned ones compile their own."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else None)
    if not fork:  # initargs are pickled, and compiled matchers hold closures
        setup = replace(setup, engine=Engine(setup.engine.ruleset, setup.engine.options))
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(setup,))


def _stop(executor: ProcessPoolExecutor, kill: bool) -> None:
    """Shut the pool down; on interruption, terminate workers instead of waiting for them."""
    if kill:
        # ProcessPoolExecutor has no public way to stop running tasks before Python 3.14.
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            process.terminate()
    # Waiting is safe even after terminating: the pool sees its workers gone, fails the
    # pending futures and closes its queues, so no thread is left to block the exit.
    executor.shutdown(wait=True, cancel_futures=True)


def _parallel(it: Iterator[Source], setup: Setup, jobs: int) -> Iterator[Outcome]:
    """Run chunks in a pool with a bounded window, answering unchanged files in between, in input order."""
    pool = _Pool(setup, jobs)
    answered = _answered(it, setup)
    # One slot per source, in input order: a ready outcome, or (task, index in its chunk).
    slots: deque[Outcome | tuple[_Task, int]] = deque()
    running: deque[_Task] = deque()  # submitted chunks not yet fully handed on, in order
    max_running = jobs * WINDOW_PER_JOB
    max_slots = max_running * CHUNK * 4  # bounds memory when cached files and audits interleave
    filling: _Task | None = None
    exhausted = finished = False
    try:
        while True:
            while not exhausted and len(running) < max_running and len(slots) < max_slots:
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
                    running.append(filling)
                    filling = None
            if filling is not None:  # a part chunk holds up the slots behind it: send it now
                pool.submit(filling)
                running.append(filling)
                filling = None
            if not slots:
                finished = True
                return
            slot = slots.popleft()
            if isinstance(slot, Outcome):
                yield slot
                continue
            task, index = slot
            if task.results is None:
                task.results = pool.results(task, running)
            if index == len(task.sources) - 1:
                running.popleft()
            yield task.results[index]
    finally:
        pool.stop(kill=not finished)


def _isolate(chunk: list[Source], jobs: int, setup: Setup) -> tuple[list[Outcome], ProcessPoolExecutor]:
    """Audit a chunk whose worker died one source at a time, to find the source that kills it."""
    from concurrent.futures.process import BrokenProcessPool

    executor = _start(jobs, setup)
    results: list[Outcome] = []
    for src in chunk:
        try:
            results.extend(executor.submit(_work, [src]).result())
        except BrokenProcessPool:
            results.append(Outcome(error_result(src, CRASH_REASON), None))
            executor.shutdown(wait=False, cancel_futures=True)
            executor = _start(jobs, setup)
    return results, executor
