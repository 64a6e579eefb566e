"""The local engine: this machine's worker processes (auditor.run.batch), or this process with --jobs 1."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator

from auditor.run.engines import EngineOptions

if TYPE_CHECKING:
    from auditor.inputs.discover import Source
    from auditor.run.batch import Setup
    from auditor.run.pipeline import Outcome


@dataclass(frozen=True)
class LocalEngine:
    """Audits on this machine with `jobs` processes."""

    jobs: int

    def outcomes(self, sources: Iterable[Source], setup: Setup) -> Iterator[Outcome]:
        """One outcome per source, in input order, from the process pool."""
        from auditor.run.batch import outcomes

        return outcomes(sources, setup, self.jobs)


def missing() -> str:
    """Nothing to install: the local engine is built in."""
    return ""


def build(options: EngineOptions) -> LocalEngine:
    """The local engine for these options."""
    return LocalEngine(options.jobs)
