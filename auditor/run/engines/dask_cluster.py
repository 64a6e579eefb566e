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
import pickle
import threading
from collections import deque
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from auditor.run.engines import EngineOptions, EngineUnreachable
from auditor.run.signals import WAKE_SECONDS, check_interrupted

if TYPE_CHECKING:
    from auditor.inputs.discover import Source
    from auditor.run.batch import Setup
    from auditor.run.cache import Cache
    from auditor.run.pipeline import Outcome

CHUNK = 16  # sources per task: a Dask task costs about a millisecond of scheduling, a document ten
WINDOW_PER_WORKER = 4  # chunks in flight per worker thread: keeps workers busy, bounds memory
CONNECT_SECONDS = 10  # a scheduler that does not answer fails the run rather than holding it
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}  # for the LocalCluster; docs/scale.md says how for a cluster
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
    return [setup.audit(src) for src in chunk]


def remote_setup(setup: Setup) -> Setup:
    """The setup workers receive: rules uncompiled (compiled matchers hold closures), the cache reduced to its keys."""
    from auditor.scanner import Engine

    engine = Engine(setup.engine.ruleset, setup.engine.options, batch=setup.engine.batch)
    return replace(setup, engine=engine, cache=None if setup.cache is None else KeysOnly.of(setup.cache))


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

    def connect(self) -> tuple[Any, Any]:
        """A client of the cluster, and the LocalCluster started for it (None with an address)."""
        from distributed import Client, LocalCluster

        import dask

        if self.scheduler:
            try:
                return Client(self.scheduler, set_as_default=False, timeout=CONNECT_SECONDS), None
            except (OSError, ValueError) as exc:  # refused, timed out, or not an address
                raise EngineUnreachable(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from None
        # Workers sample their own stacks every 10 ms for Dask's profiler by default: CPU taken from the audit.
        with dask.config.set(WORKER_CONFIG):
            cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
            )
        return Client(cluster, set_as_default=False), cluster

    def outcomes(self, sources: Iterable[Source], setup: Setup) -> Iterator[Outcome]:
        """One outcome per source, in input order: unchanged files from the cache here, the others from the cluster."""
        from auditor.run.batch import _answered

        client, cluster = self.connect()
        inflight: list[_Chunk] = []
        try:
            threads = max(1, sum(client.nthreads().values()))
            blob = pickle.dumps(remote_setup(setup), protocol=pickle.HIGHEST_PROTOCOL)
            digest = hashlib.blake2b(blob, digest_size=16).hexdigest()
            shared = client.submit(setup_blob, blob, key=f"auditor-setup-{digest}", pure=False)
            yield from self._stream(client, (shared, digest), _answered(iter(sources), setup), threads, inflight)
        finally:
            pending = [c.future for c in inflight if c.future is not None and not c.future.done()]
            if pending:  # Ctrl-C or an error: nothing more is computed for this run
                client.cancel(pending, force=True)
            client.close()
            if cluster is not None:
                cluster.close()

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
                chunk.outcomes = [o for part in chunk.parts for o in self._gather(part, submit, inflight)]
                for part in chunk.parts:
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

    def _failed(self, chunk: _Chunk, exc: Exception, submit: Any) -> list[Outcome] | None:
        """Split a failed chunk into one task per source; a single source's failure is its error row."""
        from distributed import KilledWorker

        from auditor.run.pipeline import Outcome, error_result

        if len(chunk.sources) > 1:
            chunk.parts = [_Chunk([src]) for src in chunk.sources]
            for part in chunk.parts:
                submit(part)
            return None
        reason = WORKER_DIED if isinstance(exc, KilledWorker) else f"the Dask task failed while auditing this document: {type(exc).__name__}: {exc}"
        return [Outcome(error_result(chunk.sources[0], reason), None)]

