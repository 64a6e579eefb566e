"""Execution engines: how a run's documents get audited (this machine's worker processes, a Dask cluster), behind one interface.

An engine turns the run's sources into outcomes, one per source, in input order; the
pipeline hands them to the reporters and the cache. Engines are registered by name, as rule
kinds and reporters are; optional ones import their libraries only when chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Protocol

if TYPE_CHECKING:
    from auditor.inputs.discover import Source
    from auditor.run.batch import Setup
    from auditor.run.pipeline import Outcome


@dataclass(frozen=True)
class EngineOptions:
    """What the command line says about execution: worker count, and a cluster's address."""

    jobs: int = 1  # local worker processes (1: this process); for Dask, the LocalCluster's workers
    scheduler: str = ""  # a Dask scheduler's address; empty: start a LocalCluster


class ExecutionEngine(Protocol):
    """Audits sources somewhere and yields their outcomes in input order."""

    def outcomes(self, sources: Iterable[Source], setup: Setup) -> Iterator[Outcome]:
        """One outcome per source, in input order."""
        ...


EngineFactory = Callable[[EngineOptions], ExecutionEngine]
ENGINES: dict[str, tuple[str, str]] = {
    # name: (module, install hint for an optional engine, or "")
    "local": ("auditor.run.engines.local", ""),
    "dask": ("auditor.run.engines.dask_cluster", "pip install 'auditor[dask]'"),
}


class EngineUnavailable(Exception):
    """An optional engine's library is not installed; the message says what to install."""


class EngineUnreachable(Exception):
    """The engine's cluster could not be reached; the message names its address and the reason."""


def make_engine(name: str, options: EngineOptions) -> ExecutionEngine:
    """Build the engine registered as `name`; raise EngineUnavailable when its library is missing."""
    import importlib

    module_name, hint = ENGINES[name]
    module = importlib.import_module(module_name)
    missing = module.missing()
    if missing:
        raise EngineUnavailable(f"--engine {name} needs {missing}: {hint}")
    return module.build(options)
