"""The Dask engine: chunks of sources audited on a Dask distributed cluster, outcomes streamed back in input order.

Workers read the inputs (which must be at the same paths on every worker: shared storage),
audit them and render their reports, exactly as local workers do, so the reports are the
bytes a `--jobs 1` run writes. This process, the client, keeps the result cache: it answers
the files it knows unchanged without sending them, and stores what the workers send back;
workers never open the cache. A bounded window of chunks is in flight, so memory does not
grow with the run.

Faults: when a worker dies, the scheduler runs its tasks again elsewhere (the client reads
each chunk's result once, so no document is reported twice). A chunk that keeps killing
workers is audited again one document at a time, and a document that kills workers on
its own becomes an error row, as with local workers. Ctrl-C cancels the futures in flight.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import signal
import sys
import threading
from collections import deque
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from auditor.run.engines import EngineOptions, EngineUnreachable
from auditor.run.signals import STOP_SIGNALS, WAKE_SECONDS, check_interrupted

if TYPE_CHECKING:
    from auditor.inputs.discover import Source
    from auditor.run.batch import Setup
    from auditor.run.cache import Cache
    from auditor.run.pipeline import Outcome

# Sources per task. A task costs the client, the scheduler and a worker about 2 ms of CPU in all,
# plus one result message: at 16 documents a task the whole run took 2-4 s more CPU than at 64
# on the bench corpus (4,200 documents). 64 documents are about a quarter of a second of work.
CHUNK = 64
WINDOW_PER_WORKER = 4  # chunks in flight per worker thread: keeps workers busy, bounds memory
CONNECT_SECONDS = 10  # a scheduler that does not answer fails the run rather than holding it
# For the LocalCluster (docs/scale.md says how for a cluster). Dask's defaults wake every process
# many times a second: the profiler samples each worker's stack every 10 ms, every event loop
# checks its own health every 20 ms, nannies poll their worker's memory every 100 ms. Idle, a
# 2-worker LocalCluster took 55 ms of CPU per second (25 in the client, 15 per worker); with
# these, 13.
WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}
WORKER_DIED = "the Dask worker died while auditing this document, on every attempt (a crash, or out of memory)"


def missing() -> str:
    """What is missing to run on Dask ("" when dask.distributed imports)."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return "dask.distributed"
    return ""


def build(options: EngineOptions) -> DaskEngine:
    """The Dask engine for these options."""
    return DaskEngine(options.scheduler, max(1, options.jobs))


# The setup each worker unpickled, by digest: its rules compile on the first document and serve every later chunk.
_SETUPS: dict[str, Setup] = {}


def setup_blob(blob: bytes) -> bytes:
    """A Dask task whose result is the pickled setup: the scheduler keeps the bytes and can compute it again
    when every worker holding it has died (scattered data would be lost for good)."""
    return blob


def audit_chunk(blob: bytes, digest: str, chunk: list[Source]) -> list[Outcome]:
    """A Dask task: audit one chunk of sources on a worker, with the worker's own copy of the setup.

    The setup travels as bytes and is unpickled here once per worker: the compiled rules it
    holds after the first document (closures) never have to travel between workers.
    """
    setup = _SETUPS.get(digest)
    if setup is None:
        _SETUPS.clear()  # a worker serves one run at a time; an earlier run's rules are not kept
        setup = _SETUPS[digest] = pickle.loads(blob)
    return setup.audit_chunk(chunk)


def remote_setup(setup: Setup) -> Setup:
    """The setup workers receive: rules uncompiled (compiled matchers hold closures), the cache reduced to its keys."""
    from auditor.scanner import Engine

    engine = Engine(setup.engine.ruleset, setup.engine.options, batch=setup.engine.batch)
    return replace(setup, engine=engine, cache=None if setup.cache is None else KeysOnly.of(setup.cache))


def worker_setup(setup: Setup) -> Setup:
    """The setup a forked worker inherits: the client's own, rules compiled, with the key-only cache."""
    return replace(setup, cache=None if setup.cache is None else KeysOnly.of(setup.cache))


_FORKING = [False]  # True while this process's LocalCluster may fork workers (at start, and to replace a dead one)
_HOOKED = [False]


def _quiet_child() -> None:
    """In a forked LocalCluster worker: Ctrl-C and SIGTERM are the client's business, as for --jobs workers, and so is stdout.

    The client stops its cluster itself, and a nanny ends its worker by message, then SIGKILL;
    a worker that kept the client's handlers would raise on Ctrl-C and print a traceback.
    A nanny forks from its own thread, so a worker that replaces a dead one can inherit
    report lines the main thread had buffered for stdout, which it would write again when it
    exits: workers write nothing to stdout.
    """
    if _FORKING[0]:
        for sig in STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115  (the worker's for life)


FORK_VARIABLE = "AUDITOR_DASK_FORK"


def fork_available() -> bool:
    """Whether LocalCluster workers are forked here: only on Linux, and only when AUDITOR_DASK_FORK=1 asks for it."""
    import multiprocessing

    # Spawned by default: a nanny forks from the client's Dask event-loop thread, and a lock some
    # other thread holds at that instant (a log handler's, a file's) stays held in the worker,
    # which then hangs at start-up. It happened in our test suite; no run may hang.
    if os.environ.get(FORK_VARIABLE, "").strip() != "1":
        return False
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _keys_only_type() -> type:
    """A cache that computes keys and entries but reads and stores nothing: what a worker needs to return cacheable outcomes."""
    from auditor.run.cache import Cache

    class _KeysOnly(Cache):
        def __init__(self, context: str) -> None:  # no database: the client alone keeps the cache
            self.context = context
            self.broken = ""

        def get(self, key: str, src: Source) -> None:
            """Never a hit on a worker: the client already answered the files it knows."""
            return None

        def __reduce__(self) -> tuple[Any, ...]:
            return (KeysOnly.of_context, (self.context,))

    return _KeysOnly


class KeysOnly:
    """Builds the workers' key-only cache (a subclass of Cache made on first use, so that importing this module stays cheap)."""

    _type: type | None = None

    @classmethod
    def of_context(cls, context: str) -> Cache:
        """A key-only cache for a cache context."""
        if cls._type is None:
            cls._type = _keys_only_type()
        return cls._type(context)

    @classmethod
    def of(cls, cache: Cache) -> Cache:
        """A key-only cache with the same context as `cache`."""
        return cls.of_context(cache.context)


@dataclass
class _Slot:
    """One place in the output order: a ready outcome, or a chunk's future and the index in it."""

    outcome: Outcome | None = None
    task: _Chunk | None = None
    index: int = 0


class _Chunk:
    """Sources sent as one task, and their outcomes once gathered (or split after killing workers)."""

    def __init__(self, sources: list[Source]) -> None:
        self.sources = sources
        self.future: Any = None
        self.ready = threading.Event()  # set by Dask when the future finishes
        self.outcomes: list[Outcome] | None = None
        self.parts: list[_Chunk] = []


@dataclass
class DaskEngine:
    """Audits on a Dask cluster at `scheduler`, or on a LocalCluster of `workers` processes started for the run."""

    scheduler: str = ""
    workers: int = 2

    def connect(self, fork: bool = False) -> tuple[Any, Any]:
        """A client of the cluster, and the LocalCluster started for it (None with an address); `fork`: its workers are forked from this process."""
        from distributed import Client, LocalCluster

        import dask

        if self.scheduler:
            try:
                return Client(self.scheduler, set_as_default=False, timeout=CONNECT_SECONDS), None
            except (OSError, ValueError) as exc:  # refused, timed out, or not an address
                raise EngineUnreachable(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from None
        config = {**WORKER_CONFIG, "distributed.worker.multiprocessing-method": "fork" if fork else "spawn"}
        with dask.config.set(config):  # the client's own event loop too
            cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
            )
            return Client(cluster, set_as_default=False), cluster

    def outcomes(self, sources: Iterable[Source], setup: Setup) -> Iterator[Outcome]:
        """One outcome per source, in input order: unchanged files from the cache here, the others from the cluster."""
        from auditor.run.batch import _answered

        blob = pickle.dumps(remote_setup(setup), protocol=pickle.HIGHEST_PROTOCOL)
        digest = hashlib.blake2b(blob, digest_size=16).hexdigest()
        # A LocalCluster's workers are forked from this process where the platform allows, as --jobs
        # workers are: they inherit the imports, the loaded word lists and the compiled rules (about
        # 2.5 s of CPU per spawned worker), and find this run's setup already in place.
        fork = not self.scheduler and fork_available()
        if fork:
            _SETUPS.clear()
            _SETUPS[digest] = worker_setup(setup)
            if not _HOOKED[0]:
                os.register_at_fork(after_in_child=_quiet_child)
                _HOOKED[0] = True
            _FORKING[0] = True
        client = cluster = None
        inflight: list[_Chunk] = []
        try:
            client, cluster = self.connect(fork)
            threads = max(1, sum(client.nthreads().values()))
            shared = client.submit(setup_blob, blob, key=f"auditor-setup-{digest}", pure=False)
            yield from self._stream(client, (shared, digest), _answered(iter(sources), setup), threads, inflight)
        finally:
            pending = [c.future for c in inflight if c.future is not None and not c.future.done()]
            if pending:  # Ctrl-C or an error: nothing more is computed for this run
                client.cancel(pending, force=True)
            if client is not None:
                client.close()
            if cluster is not None:
                cluster.close()
            _SETUPS.pop(digest, None)
            _FORKING[0] = False

    def _stream(self, client: Any, shared: tuple[Any, str], answered: Iterator[tuple[Source, Outcome | None]], threads: int, inflight: list[_Chunk]) -> Iterator[Outcome]:
        """Keep a window of chunks in flight and yield outcomes in input order."""
        slots: deque[_Slot] = deque()
        max_chunks = threads * WINDOW_PER_WORKER
        max_slots = max_chunks * CHUNK * 4  # bounds memory when cached files and audits interleave
        filling: list[Source] = []
        exhausted = False

        def submit(chunk: _Chunk) -> None:
            chunk.future = client.submit(audit_chunk, *shared, chunk.sources, pure=False)
            chunk.future.add_done_callback(lambda _future: chunk.ready.set())
            inflight.append(chunk)

        while True:
            while not exhausted and len(inflight) < max_chunks and len(slots) < max_slots:
                pair = next(answered, None)
                if pair is None:
                    exhausted = True
                    break
                src, ready = pair
                if ready is not None:
                    slots.append(_Slot(outcome=ready))
                    continue
                filling.append(src)
                if len(filling) == CHUNK:
                    chunk = _Chunk(filling)
                    slots.extend(_Slot(task=chunk, index=i) for i in range(len(filling)))
                    submit(chunk)
                    filling = []
            if filling:  # a part chunk holds up the slots behind it: send it now
                chunk = _Chunk(filling)
                slots.extend(_Slot(task=chunk, index=i) for i in range(len(filling)))
                submit(chunk)
                filling = []
            if not slots:
                return
            slot = slots.popleft()
            if slot.outcome is not None:
                yield slot.outcome
                continue
            assert slot.task is not None
            outcomes = self._gather(slot.task, submit, inflight)
            if slot.index == len(slot.task.sources) - 1:
                inflight.remove(slot.task)
            yield outcomes[slot.index]

    def _gather(self, chunk: _Chunk, submit: Any, inflight: list[_Chunk]) -> list[Outcome]:
        """Wait for a chunk's outcomes; a chunk that killed its workers is split, a document that did is an error row."""
        while chunk.outcomes is None:
            if chunk.parts:
                chunk.outcomes = []
                for part in chunk.parts:
                    # One suspect at a time, alone on the cluster: a task that dies beside another
                    # takes it down too, and a bystander would be reported as the killer.
                    self._wait_alone(chunk, inflight)
                    submit(part)
                    chunk.outcomes += self._gather(part, submit, inflight)
                    inflight.remove(part)
                break
            # Waiting on an event, not with Future.result(timeout=...): under load, distributed's timed
            # wait can lose a race with its own timeout and raise UnboundLocalError for a finished task.
            if not chunk.ready.wait(WAKE_SECONDS):
                check_interrupted()  # not done yet: a chance to notice Ctrl-C
                continue
            try:
                chunk.outcomes = chunk.future.result()
            except Exception as exc:  # KilledWorker: the task took down workers, allowed-failures times
                chunk.outcomes = self._failed(chunk, exc, submit)
            chunk.future = None  # release the result on the cluster
        return chunk.outcomes

    @staticmethod
    def _wait_alone(failed: _Chunk, inflight: list[_Chunk]) -> None:
        """Wait until no task of this run but `failed`'s own is still running on the cluster."""
        for other in list(inflight):
            if other is not failed and other.future is not None:
                while not other.ready.wait(WAKE_SECONDS):
                    check_interrupted()

    def _failed(self, chunk: _Chunk, exc: Exception, submit: Any) -> list[Outcome] | None:
        """Split a failed chunk into one task per source; a single source's failure is its error row."""
        from distributed import KilledWorker

        from auditor.run.pipeline import Outcome, error_result

        if len(chunk.sources) > 1:
            chunk.parts = [_Chunk([src]) for src in chunk.sources]  # submitted one by one by `_gather`
            return None
        reason = WORKER_DIED if isinstance(exc, KilledWorker) else f"the Dask task failed while auditing this document: {type(exc).__name__}: {exc}"
        return [Outcome(error_result(chunk.sources[0], reason), None)]

