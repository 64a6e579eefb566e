"""Context conditions: document mentions, nearby terms and antipatterns around a match."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Pattern

import regex

from auditor.document import Document, fold
from auditor.kinds.regexes import compiled
from auditor.model import Context

# How far around a match an antipattern is searched; antipatterns are local phrases.
UNLESS_WINDOW = 120


def _terms_regex(terms: tuple[str, ...]) -> tuple[Pattern[str] | None, Pattern[str] | None]:
    """Compile terms into (folded, case-exact) whole-word regexes.

    All-caps terms such as "X" or "NASA" are matched case-exactly so that the social
    network X is not confused with every lowercase "x"; other terms ignore case.
    """
    exact = [t for t in terms if t.isupper()]
    loose = [fold(t) for t in terms if not t.isupper()]

    def build(items: list[str]) -> Pattern[str] | None:
        if not items:
            return None
        # Longest first, ties by text: the same pattern in every process, so the user cache serves it.
        alts = "|".join(regex.escape(t) for t in sorted(set(items), key=lambda t: (-len(t), t)))
        return compiled(rf"(?<!\w)(?:{alts})(?!\w)")

    return build(loose), build(exact)


@dataclass(frozen=True)
class CompiledContext:
    """A rule's context conditions, compiled once."""

    mentions: tuple[Pattern[str] | None, Pattern[str] | None]
    near: tuple[Pattern[str] | None, Pattern[str] | None]
    near_words: int | None
    unless: tuple[Pattern[str], ...]
    empty: bool

    @classmethod
    def build(cls, ctx: Context) -> "CompiledContext":
        """Compile a rule's `Context` (once per process: rules are compiled again after the batch census)."""
        return _build(ctx)


@lru_cache(maxsize=4_096)  # bounded all the same: per-path configurations may load other rule sets
def _build(ctx: Context) -> CompiledContext:
    """The compiled form of a `Context`; pure, so one per distinct context serves every rule set."""
    return CompiledContext(
        mentions=_terms_regex(ctx.mentions),
        near=_terms_regex(ctx.near_terms),
        near_words=ctx.near_words,
        unless=tuple(compiled(p, regex.IGNORECASE) for p in ctx.unless),
        empty=not (ctx.mentions or ctx.near_terms or ctx.unless),
    )


def _occurrences(doc: Document, pats: tuple[Pattern[str] | None, Pattern[str] | None]) -> list[tuple[int, int]]:
    """All spans where any of the terms occur, cached per document."""
    key = ("terms", pats)
    cached = doc._cache.get(key)
    if cached is None:
        loose, exact = pats
        spans = []
        if loose is not None:
            spans += [m.span() for m in loose.finditer(doc.folded)]
        if exact is not None:
            spans += [m.span() for m in exact.finditer(doc.text)]
        cached = doc._cache[key] = sorted(spans)
    return cached


def accepts(ctx: CompiledContext, doc: Document, start: int, end: int) -> bool:
    """Return True when a match at [start, end) meets all of its rule's context conditions."""
    if ctx.empty:
        return True
    if ctx.mentions != (None, None) and not _occurrences(doc, ctx.mentions):
        return False
    if ctx.near != (None, None):
        spans = _occurrences(doc, ctx.near)
        if ctx.near_words is None:
            s_start, s_end = doc.sentence_at(start)
            if not any(s_start <= a and b <= s_end and (b <= start or a >= end) for a, b in spans):
                return False
        else:
            first, last = doc.word_index(start), doc.word_index(max(start, end - 1))
            limit = ctx.near_words
            ok = False
            for a, b in spans:
                if a < end and b > start:
                    continue  # the match itself is not its own context
                wa = doc.word_index(a)
                if (wa < first and first - wa <= limit) or (wa > last and wa - last <= limit):
                    ok = True
                    break
            if not ok:
                return False
    if ctx.unless:
        lo, hi = max(0, start - UNLESS_WINDOW), min(len(doc.text), end + UNLESS_WINDOW)
        for pat in ctx.unless:
            for m in pat.finditer(doc.folded, lo, hi):
                if m.start() < end and m.end() > start:
                    return False
    return True
