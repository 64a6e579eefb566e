"""Registry of rule kinds: each kind validates its own keys and compiles its rules together."""

from __future__ import annotations

import itertools
from array import array
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from auditor.checks import Resources
from auditor.document import Document
from auditor.model import Rule


@dataclass(frozen=True, slots=True)  # slots: a document may hold hundreds of thousands before the cap
class Match:
    """A raw match of one rule, before context conditions turn it into a finding."""

    rule: Rule
    start: int
    end: int
    suggestions: tuple[str, ...] = ()
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Matches:
    """Raw matches of one rule that share suggestions and detail, their spans as two columns.

    A matcher may yield this in place of one Match per occurrence where a large document holds
    very many (a page repeating one name 900,000 times): the scanner takes the columns whole.
    """

    rule: Rule
    starts: array  # array("q"), in the order the Matches would have come
    ends: array
    suggestions: tuple[str, ...] = ()
    detail: str = ""

    def __iter__(self) -> Iterator[Match]:
        """The same matches one by one, as objects."""
        rule, suggestions, detail = self.rule, self.suggestions, self.detail
        return (Match(rule, s, e, suggestions, detail) for s, e in zip(self.starts, self.ends))


class ParamError(Exception):
    """A kind-specific key is missing or invalid; carries the key for the error message."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


class MatchTimeout(Exception):
    """A rule ran past its time bound on one document."""

    def __init__(self, rule_id: str, seconds: float) -> None:
        super().__init__(f"rule '{rule_id}' stopped after {seconds:g}s (time bound); its matches are incomplete")
        self.rule_id = rule_id


# A matcher finds matches of all rules of one kind in a document. It reports rules that
# ran out of time through `on_error` and keeps going with the other rules.
Matcher = Callable[[Document, Callable[[MatchTimeout], None]], Iterable["Match | Matches"]]


@dataclass(frozen=True)
class Steps:
    """A matcher made of steps, each a matcher of its own: called, it runs them in turn on one document.

    A scan runs the steps of a chunk of documents one step at a time over the whole chunk
    (`scanner.audit_many`): each check's tables stay in the CPU's caches while it reads every
    document of the chunk, instead of being evicted by the thirty others at every document.
    """

    steps: tuple[Matcher, ...]

    def __call__(self, doc: Document, on_error: Callable[[MatchTimeout], None]) -> Iterator["Match | Matches"]:
        for step in self.steps:
            yield from step(doc, on_error)


@dataclass(frozen=True)
class Kind:
    """A rule kind: its keys, a validator for them, and a compiler for its rules."""

    name: str
    keys: frozenset[str]
    required: frozenset[str]
    parse: Callable[[Mapping[str, Any]], Mapping[str, Any]]
    compile: Callable[[Sequence[Rule], Resources, Mapping[str, Any]], Matcher]


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind to the registry."""
    if kind.name in KINDS:
        raise ValueError(f"kind {kind.name!r} registered twice")
    KINDS[kind.name] = kind
    return kind


# The accent-exact tables of compiled substitution rules, by token (a number per table, never
# reused): the pattern kind's automaton scans the same folded text, so it finds their forms too
# and leaves them in the document's memo (SHARED_HITS), and the text is scanned once, not twice.
# The pattern kind must run first: it registers before the substitution kind (`load_kinds`).
# Bounded: a process that compiles many rule sets keeps the latest tables; the others scan alone.
MAX_SHARED = 4
SHARED_HITS = "substitution-hits"
_shared: dict[int, Mapping[str, tuple[int, tuple]]] = {}
_tokens = itertools.count(1)


def share_forms(table: Mapping[str, tuple[int, tuple]]) -> int:
    """Offer an accent-exact table (folded form -> automaton value) to the pattern kind's scan; return its token."""
    token = next(_tokens)
    _shared[token] = dict(table)
    while len(_shared) > MAX_SHARED:
        del _shared[min(_shared)]
    return token


def shared_forms() -> tuple[int, Mapping[int, Mapping[str, tuple[int, tuple]]]]:
    """The shared tables (a copy: another thread may compile meanwhile) and their version, the latest token: a scan built for an older version is rebuilt."""
    return max(_shared, default=0), dict(_shared)


# The built-in kinds' matchers run in this order: the pattern kind's scan finds the
# substitution forms for the substitution kind (`share_forms`), so it must come first.
BUILTIN_ORDER = ("check", "pattern", "substitution")


def load_kinds() -> Mapping[str, Kind]:
    """Import the built-in kinds so they register, then return the registry in running order."""
    from auditor.kinds import check, pattern, substitution  # noqa: F401

    # Registration follows import order, which any module importing one kind alone changes
    # (a test importing auditor.kinds.substitution first put it before the pattern kind):
    # the order is fixed here, other kinds after the built-in ones as they registered.
    ordered = {name: KINDS[name] for name in BUILTIN_ORDER}
    ordered.update((name, kind) for name, kind in KINDS.items() if name not in ordered)
    return ordered


def str_list(value: Any, key: str) -> tuple[str, ...]:
    """Validate a string or list of non-empty strings."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ParamError(key, f"key '{key}': must be a string or a list of non-empty strings")
    return tuple(value)


def boolean(value: Any, key: str) -> bool:
    """Validate a boolean."""
    if not isinstance(value, bool):
        raise ParamError(key, f"key '{key}': must be true or false, got {value!r}")
    return value
