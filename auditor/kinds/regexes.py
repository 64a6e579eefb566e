"""Compiled regular expressions of start-up, kept in the user cache: the `regex` module parses patterns in Python.

Rule contexts and check factories compile the same few dozen patterns in every process
(some 30 ms of a one-article check's start-up). A pattern compiled once is kept by its
text and flags; `save` stores what this process used, and the next process reads the
compiled forms back (the `regex` module pickles a pattern with its compiled code, so
reading one back skips the parser). Entries are keyed by the package source and the
`regex` version, so they never outlive the code that made them.
"""

from __future__ import annotations

from typing import Any

import regex

from auditor import usercache

KIND = "regexes"
MAX_KEPT = 4_000  # patterns in one entry: a process that compiles more (huge user rule sets) keeps its first ones

_memo: dict[tuple[str, int], Any] | None = None  # (pattern, flags) -> compiled, for this process
_unsaved = False  # True when `_memo` holds patterns the stored entry lacks


def compiled(pattern: str, flags: int = 0) -> Any:
    """Return `regex.compile(pattern, flags)`, from this process's memo or the user cache when it holds it."""
    global _memo, _unsaved
    memo = _memo if _memo is not None else _load()
    key = (pattern, int(flags))  # a plain int: the entry holds nothing but strings, ints and patterns
    found = memo.get(key)
    if found is None:
        found = regex.compile(pattern, flags)
        if len(memo) < MAX_KEPT:
            memo[key] = found
            _unsaved = True
    return found


def save() -> None:
    """Store the patterns this process compiled, when the stored entry lacks some; never raises."""
    global _unsaved
    if _memo is not None and _unsaved:
        _unsaved = False
        usercache.store(KIND, _key(), dict(_memo), keep=4)


def _key() -> str:
    """The entry's key: the package source (in every key) and the regex module's version."""
    return usercache.entry_key(KIND, str(getattr(regex, "__version__", "")))


def _load() -> dict[tuple[str, int], Any]:
    """Read this process's memo from the user cache (empty when absent or malformed)."""
    global _memo
    stored = usercache.load(KIND, _key())
    valid = isinstance(stored, dict) and all(
        isinstance(k, tuple) and len(k) == 2 and isinstance(k[0], str) and isinstance(k[1], int) and isinstance(v, regex.Pattern) and v.pattern == k[0]
        for k, v in stored.items()
    )
    _memo = stored if valid else {}
    return _memo
