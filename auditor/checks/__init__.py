"""Registry of built-in checks: Python detectors that YAML rules of kind `check` switch on.

A check is a pure function `(doc, params) -> Iterable[Hit]`. The YAML rule that names
it supplies the id, MQM category, severity, message and examples, so every check is
configured, disabled and re-graded exactly like any other rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

from auditor.document import Document


@dataclass(frozen=True)
class Hit:
    """A raw detection: a character span, optional suggestions and a detail for the message."""

    start: int
    end: int
    suggestions: tuple[str, ...] = ()
    detail: str = ""


CheckFn = Callable[[Document, Mapping[str, Any]], Iterable[Hit]]


@dataclass(frozen=True)
class CheckSpec:
    """A registered check: its function and the parameter names it accepts."""

    name: str
    fn: CheckFn
    params: frozenset[str]


CHECKS: dict[str, CheckSpec] = {}


def register(name: str, params: Iterable[str] = ()) -> Callable[[CheckFn], CheckFn]:
    """Register a check function under `name`, accepting the given parameter names."""

    def deco(fn: CheckFn) -> CheckFn:
        if name in CHECKS:
            raise ValueError(f"check {name!r} registered twice")
        CHECKS[name] = CheckSpec(name, fn, frozenset(params))
        return fn

    return deco


def load_all() -> Mapping[str, CheckSpec]:
    """Import every check module so their `register` calls run, then return the registry."""
    # Imported here, not at module top, so the registry module has no import cycle.
    from auditor.checks import typography  # noqa: F401

    for name in ("language", "boilerplate", "duplicates", "encoding", "entities"):
        try:
            __import__(f"auditor.checks.{name}")
        except ModuleNotFoundError as exc:
            # Only a missing module of our own is tolerated (not yet written);
            # a missing third-party dependency must still surface.
            if exc.name != f"auditor.checks.{name}":
                raise
    return CHECKS
