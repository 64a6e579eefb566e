"""Candidate blocks for fuzzy name matching: names sharing a consonant skeleton, or one consonant apart.

A garbled name seldom keeps its first letter ("Garris" for Harris, "Si" for Xi), so blocks
are keyed by the skeleton that survives a pivot (see translit), plus its one-deletion
neighbourhood (as in SymSpell) so that one dropped or swapped consonant is still found.
A lookup costs a few dict reads whatever the size of the gazetteer.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

from auditor import usercache
from auditor.entities.gazetteer import PARTICLES, plain
from auditor.entities.translit import Transliterator

MIN_DELETION_SKELETON = 3  # a two-consonant skeleton minus one is too common a key to block on
MAX_LENGTH_GAP = 4  # letters: beyond this no budget below lets two names match


_CORES: dict[str, str] = {}


def core(name: str) -> str:
    """Return the plain words of a name that carry its sound: particles ('von der', 'el-') dropped."""
    found = _CORES.get(name)
    if found is None:
        if len(_CORES) > 100_000:  # bounded memory in long runs
            _CORES.clear()
        words = plain(name).replace("-", " ").replace("'", " ").split()
        # Elided articles and prepositions (l', d') are no more part of the name than particles.
        kept = [w for w in words if w not in PARTICLES and len(w) > 1]
        found = _CORES[name] = " ".join(kept or words)
    return found


@functools.lru_cache(maxsize=1024)
def budget(length: int, scale: float = 1.0) -> float:
    """Return the weighted distance a name of `length` letters may be from another and still be a variant of it."""
    # Short names leave room for cheap equivalences only; long ones for one plain edit more.
    if length <= 3:
        allowed = 0.5
    elif length <= 5:
        allowed = 0.7
    elif length <= 8:
        allowed = 1.0
    else:
        allowed = 1.5
    return round(allowed * scale, 3)


@dataclass(frozen=True)
class Near:
    """A name of the block within budget of the query, with its distance."""

    name: str
    distance: float


class SkeletonBlocks:
    """Names grouped by the skeleton of their core, by that skeleton minus one symbol, and with one symbol open."""

    def __init__(self, names: Iterable[str], translit: Transliterator) -> None:
        self.translit = translit
        self.exact: dict[str, list[str]] = {}
        self.deleted: dict[str, list[str]] = {}
        # Skeleton with one symbol replaced by "*" -> (name, that symbol): a swapped consonant
        # is a candidate only when the table lets the two symbols stand for one sound.
        self.open: dict[str, list[tuple[str, str]]] = {}
        self.confusable = confusable_symbols(translit)
        self.cores: dict[str, str] = {}  # block name -> its core, letters only
        self._nearest: dict[tuple[str, float, str], list[Near]] = {}
        for name in sorted(set(names)):
            sk = translit.skeleton(core(name))
            if not sk:
                continue
            self.cores[name] = "".join(c for c in core(name) if "a" <= c <= "z")
            self.exact.setdefault(sk, []).append(name)
            if len(sk) >= MIN_DELETION_SKELETON:
                for key in translit.deletions(sk):
                    self.deleted.setdefault(key, []).append(name)
                for i, symbol in enumerate(sk):
                    self.open.setdefault(sk[:i] + "*" + sk[i + 1 :], []).append((name, symbol))

    def tables(self) -> dict[str, Any]:
        """Return the blocks (neither the table nor the memo), for the user cache."""
        return usercache.state_of(self, "translit", "_nearest")

    @classmethod
    def restored(cls, tables: Mapping[str, Any], translit: Transliterator) -> "SkeletonBlocks":
        """Return the blocks `tables()` gave, under `translit` (the table they were built with), without building them again."""
        return usercache.restored(cls, tables, translit=translit, _nearest={})

    def candidates(self, name: str) -> set[str]:
        """Return the names that may be near `name`: same skeleton, or one symbol apart (a set: callers sort)."""
        sk = self.translit.skeleton(core(name))
        if not sk:
            return set()
        found = set(self.exact.get(sk, ()))
        found.update(self.deleted.get(sk, ()))  # the name lost a consonant
        if len(sk) >= MIN_DELETION_SKELETON:
            confusable = self.confusable
            for key in self.translit.deletions(sk):
                found.update(self.exact.get(key, ()))  # the name gained one
            for i, symbol in enumerate(sk):
                for other, theirs in self.open.get(sk[:i] + "*" + sk[i + 1 :], ()):
                    if (symbol, theirs) in confusable:  # one was swapped for a sound-alike
                        found.add(other)
        return found

    def nearest(self, name: str, scale: float = 1.0, keep: Callable[[str], bool] | None = None, tag: str = "") -> list[Near]:
        """Return the names within budget of `name` (and passing `keep`), closest first, ties by name; memoised.

        `tag` names the `keep` filter in the memo: equal tags must mean equal filters.
        """
        memo_key = (name, scale, tag)
        found = self._nearest.get(memo_key)
        if found is None:
            if len(self._nearest) > 100_000:
                self._nearest.clear()
            found = self._nearest[memo_key] = self._find_nearest(name, scale, keep)
        return found

    def _find_nearest(self, name: str, scale: float, keep: Callable[[str], bool] | None) -> list[Near]:
        """Compute nearest(name, scale, keep)."""
        query = "".join(c for c in core(name) if "a" <= c <= "z")
        letters = len(query)
        distance = self.translit.letters_distance
        out = []
        for cand in self.candidates(name):
            other = self.cores[cand]
            if abs(letters - len(other)) > MAX_LENGTH_GAP or (keep is not None and not keep(cand)):
                continue
            allowed = budget(max(letters, len(other)), scale)
            d = distance(query, other, allowed)
            if d <= allowed:
                out.append(Near(cand, d))
        out.sort(key=lambda near: (near.distance, near.name))
        return out


def confusable_symbols(translit: Transliterator) -> frozenset[tuple[str, str]]:
    """Return the pairs of one-letter skeleton symbols some spelling folds to in two classes (ts: S and J)."""
    keys_of: dict[str, set[str]] = {}
    for cls in translit.table.classes:
        if len(cls.key) == 1:
            for form in cls.forms:
                if form:
                    keys_of.setdefault(form, set()).add(cls.key)
    return frozenset((a, b) for keys in keys_of.values() for a in keys for b in keys if a != b)


@functools.lru_cache(maxsize=8192)
def neighbourhood(skeleton: str) -> frozenset[str]:
    """Return a skeleton and its one-deletion keys: two skeletons one symbol apart share one of them."""
    return frozenset({skeleton, *(skeleton[:i] + skeleton[i + 1 :] for i in range(len(skeleton)))})


def one_apart(a: str, b: str) -> bool:
    """True when two skeletons are equal or one symbol apart (deleted, added or swapped)."""
    if a == b:
        return True
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
