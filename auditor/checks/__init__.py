"""Registry of built-in checks: Python detectors that YAML rules of kind `check` switch on.

A check is registered as a factory: `factory(params, resources)` runs once per worker
when rules are compiled and returns a pure function `detect(doc) -> Iterable[Hit]`.
The YAML rule that names the check supplies the id, MQM category, severity, message
and examples, so every check is configured, disabled and re-graded like any other rule.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Any, Callable, Hashable, Iterable, Iterator, Mapping, TypeVar

from auditor.document import Document


@dataclass(frozen=True)
class Hit:
    """A raw detection: a character span, optional suggestions and a detail for the message."""

    start: int
    end: int
    suggestions: tuple[str, ...] = ()
    detail: str = ""


@dataclass(frozen=True)
class Hits:
    """Hits that share suggestions and detail, their spans as two columns of offsets.

    A detector may yield this in place of one Hit per occurrence for a large document that
    repeats one finding very many times; the check kind hands the columns on whole.
    """

    starts: array  # array("q"), in the order the Hits would have come
    ends: array
    suggestions: tuple[str, ...] = ()
    detail: str = ""

    def __iter__(self) -> Iterator[Hit]:
        """The same hits one by one, as objects."""
        suggestions, detail = self.suggestions, self.detail
        return (Hit(s, e, suggestions, detail) for s, e in zip(self.starts, self.ends))


@dataclass(frozen=True)
class Resources:
    """Shared data compiled once with the rules and handed to every check factory."""

    gazetteer: tuple[Any, ...] = ()  # auditor.entities.gazetteer entries from all rule files
    batch: Any = None  # auditor.entities.batchnames.BatchNames learnt from a scan's batch, if any


Detector = Callable[[Document], Iterable["Hit | Hits"]]
CheckFactory = Callable[[Mapping[str, Any], Resources], Detector]


@dataclass(frozen=True)
class CheckSpec:
    """A registered check: its factory and the parameter names it accepts."""

    name: str
    factory: CheckFactory
    params: frozenset[str]
    reads_batch: bool = False  # its detector depends on Resources.batch (what a scan's census learnt)


CHECKS: dict[str, CheckSpec] = {}


def register(name: str, params: Iterable[str] = (), reads_batch: bool = False) -> Callable[[CheckFactory], CheckFactory]:
    """Register a check factory under `name`, accepting the given parameter names."""

    def deco(fn: CheckFactory) -> CheckFactory:
        if name in CHECKS:
            raise ValueError(f"check {name!r} registered twice")
        CHECKS[name] = CheckSpec(name, fn, frozenset(params), reads_batch)
        return fn

    return deco


K = TypeVar("K", bound=Hashable)
T = TypeVar("T")
_UNSEEN = object()


def memoised(judge: Callable[[K], T], limit: int) -> Callable[[K], T]:
    """Return `judge` remembering its answers, None included, `limit` at most (then forgotten all at
    once): checks ask of the same words again and again, and a nightly run must not grow without end."""
    memo: dict[K, T] = {}

    def remembered(key: K) -> T:
        found = memo.get(key, _UNSEEN)
        if found is _UNSEEN:
            if len(memo) > limit:
                memo.clear()
            found = memo[key] = judge(key)
        return found  # type: ignore[return-value]

    return remembered


def load_all() -> Mapping[str, CheckSpec]:
    """Import every check module so their `register` calls run, then return the registry."""
    # Imported here, not at module top: the check modules import this registry.
    from auditor.checks import batchnames, boilerplate, cjk, duplicates, encoding, entities, language, opennouns, openworld, pivot, typography  # noqa: F401

    return CHECKS
