"""Entity checks driven by the gazetteer: garbled name variants, names turned into nouns,
first names followed by ordinary words, English-style romanisation and inconsistent spellings.

Every check shares one analysis per document: a single regex pass finds runs of
capitalised words, each run is resolved against the compiled gazetteer index by dict
lookups (fuzzy matching only inside a small block of keys), and run results are
memoised per worker, because the same names recur across thousands of documents.
"""

from __future__ import annotations

import functools
import heapq
import sys
import unicodedata
from array import array
from itertools import compress
from collections import Counter
from operator import attrgetter, itemgetter
from dataclasses import dataclass
from typing import Any, Callable, Collection, Iterable, Iterator, Mapping, NamedTuple, Sequence

import regex

from auditor.kinds.regexes import compiled as compiled_regex  # start-up patterns come back compiled from the user cache
from auditor.checks import Hit, Hits, Resources, register
import auditor.document
from auditor.document import Document
from auditor.lang.frequencies import loaded_zipf, zipf
from auditor.entities.blocking import SkeletonBlocks, budget, core, neighbourhood
from auditor import usercache
from auditor.entities.gazetteer import PARTICLES, Entry, GazetteerIndex, NamePair, builtin_first_names, compile_index, name_key, plain, word_key
from auditor.entities.nouns import compile_finder, find_mentions, person_context
from auditor.entities.translit import Transliterator, builtin as builtin_translit

# English-style romanisations of Russian and Ukrainian given names, with the French form.
# Only forms the French press does not use itself: "Sergei" and "Mikhail" are left alone.
RUSSIAN_FIRST_NAMES: Mapping[str, str] = {
    "dmitry": "Dmitri", "dmitriy": "Dmitri", "sergey": "Sergueï", "sergiy": "Serguiï",
    "alexey": "Alexeï", "aleksey": "Alexeï", "aleksei": "Alexeï", "andrey": "Andreï",
    "andriy": "Andriï", "yevgeny": "Evgueni", "yevgeniy": "Evgueni", "evgeny": "Evgueni",
    "yuriy": "Iouri", "nikolay": "Nikolaï", "arkady": "Arkadi", "arkadiy": "Arkadi",
    "gennady": "Guennadi", "gennadiy": "Guennadi", "vitaly": "Vitali", "vitaliy": "Vitali",
    "vasily": "Vassili", "vasiliy": "Vassili", "grigory": "Grigori", "grigoriy": "Grigori",
    "anatoly": "Anatoli", "anatoliy": "Anatoli", "georgy": "Guéorgui", "georgiy": "Guéorgui",
    "aleksandr": "Alexandre", "oleksiy": "Oleksiï", "valeriy": "Valeri", "matvey": "Matveï",
    "timofey": "Timofeï", "yevgeniya": "Evguenia", "valentina": "Valentina",
}
RUSSIAN_FIRST_NAMES = {k: v for k, v in RUSSIAN_FIRST_NAMES.items() if k != v.casefold()}

# Surname endings that mark a Russian or Ukrainian name, for fingerprints such as "Zh".
_SLAVIC_SUFFIX = compiled_regex(r"(?:ov|ev|yov|yev|in|yn|sky|skiy|enko|uk|yuk|ova|eva|ina|ich|ovich|evich)$")
# French romanises Х as Kh too (Khrouchtchev, Khatchanov): an initial Kh is English-style only
# without a French Tch, Ou or Ï beside it (Khachanov, Khodorkovsky).
_FINGERPRINT = compiled_regex(r"(?:iy|yy)$|[aeiou]ye|^Zh|^Yev|^Yek|^Kh(?!\w*(?:tch|ou|ï))\w*(?:ov|ev|sky|in)$")

_W = r"[\p{L}\p{M}]"
_CAPW = rf"\p{{Lu}}{_W}*(?:['’]{_W}+)?(?:[‐-]{_W}+)*"
_PREFIXES = ("al", "el", "ad", "as", "ash", "ar", "at", "az", "an", "ben", "bin", "ibn", "abu", "d")
_PREFIXED = rf"(?:{'|'.join(_PREFIXES)})[‐'’-]\p{{Lu}}{_W}*(?:[‐-]{_W}+)*"
_HEAD = rf"(?:{_CAPW}|{_PREFIXED})"
_LINK = r"(?:de|del|della|di|da|dos|du|der|den|van|von|fon|ter|ten|zu|bin|ben|ibn|abu|el|al)"
# After spaces only a particle or a head can follow, and every one starts with a capital or
# one of these letters: the lookahead prunes the doomed tries after each ordinary word.
_AFTER_SPACE = r"(?=[\p{Lu}abdefitvz])"
_SEP = rf"(?:[ \t\u00a0]+{_AFTER_SPACE}(?:{_LINK}[ \t\u00a0]+{_AFTER_SPACE})*|[ \t]+[‐-](?={_W})|[‐-][ \t]+(?=\p{{Lu}}))"
# A run of capitalised words joined by spaces, particles and hyphens, including the
# odd hyphen spacing of pivot MT ("Kim Jong -in") whose tail may be lowercase.
RUN_RE = compiled_regex(
    rf"(?<![\p{{L}}\p{{M}}\d_‐-]){_HEAD}(?:{_SEP}(?:{_HEAD}|(?<=[‐-]){_W}+))*(?![\p{{L}}\p{{M}}\d_])"
)
# RUN_RE tried at every position cost more than the rest of the analysis: its prefixed heads
# ("al-", "d'") start with a lowercase letter, which defeats the engine's scan for a first
# capital. The same runs are found as the runs that start with a capital (_CAP_RUN_RE) merged
# with RUN_RE's own matches at the few places where a prefix stands before [-'] and a capital.
_CAP_RUN_RE = compiled_regex(
    rf"(?<![\p{{L}}\p{{M}}\d_‐-]){_CAPW}(?:{_SEP}(?:{_HEAD}|(?<=[‐-]){_W}+))*(?![\p{{L}}\p{{M}}\d_])"
)
_PREFIX_END_RE = compiled_regex(r"[‐'’-]\p{Lu}")
_PREFIX_SET = frozenset(_PREFIXES)
_LONGEST_PREFIX = max(map(len, _PREFIXES))
_TOKEN_RE = compiled_regex(rf"{_W}+(?:['’]{_W}+)?(?:(?:[‐-]|[ \t]+[‐-]|[‐-][ \t]+){_W}+)*")
_ODD_HYPHEN_RE = compiled_regex(r"\s[‐-]|[‐-]\s")


_START = attrgetter("start")  # read in C, not by a lambda per fact


class Fact(NamedTuple):
    """What the analysis found in a run, offsets relative to the run or the document."""

    # A named tuple, not a frozen dataclass: a document holds one per name occurrence, and a
    # document repeating one name 900,000 times spent seconds and hundreds of MB on them.

    start: int
    end: int
    kind: str  # mention | garbled | variant | foreign | fingerprint | first-word
    entries: tuple[int, ...] = ()
    suggestion: str = ""
    needs_context: bool = False  # a lone-surname match counts only where the entity's context appears
    surface: str = ""  # the last word as written, for consistency
    needs_terms: bool = False  # counts only where a context term (not a name) of the entity appears

    def shifted(self, offset: int) -> "Fact":
        """Return the fact moved by `offset` characters."""
        return Fact(self.start + offset, self.end + offset, *self[2:])


@dataclass(frozen=True)
class Token:
    """One name word of a run: offsets in the run, its text and its plain form."""

    start: int
    end: int
    text: str
    plain: str


# Scales of the length-dependent budget of weighted transliteration distance (blocking.budget).
SURNAME_WITH_FIRST = 1.0  # surname close to an entry whose first name is written right
SURNAME_ODD_HYPHEN = 1.3  # the same when the name shows pivot-MT hyphen spacing
FIRST_WITH_SURNAME = 1.0  # first name close to the entry's, surname written right...
RARE_FIRST_ZIPF = 1.5  # ...and the first name a string almost never seen: real names (Ivana, Ivanka) are not
FIRST_AS_WORD = 0.5  # a first name that is a word or another given name: this far at most (cheap equivalences), and context terms
BOTH_FUZZY = 0.8  # first name and surname both off: each must stay this close
MAX_SURNAME_ZIPF = 3.5  # a fuzzy surname this frequent in French is a word, left to first-name-common-word
LONE_SURNAME = 0.6  # a surname with no first name needs a closer match...
LONE_MAX_ZIPF = 1.0  # ...must be a string almost never seen in French...
LONE_MIN_LENGTH = 5  # ...and long enough to carry a signal
MAX_PREFILTER_FORMS = 32  # beyond this, one substring test per form costs more than the regex scan


def find_runs(text: str) -> Iterator[Any]:
    """Yield the matches of RUN_RE in `text`, exactly as RUN_RE.finditer does, in half the time."""
    # A run with a prefixed head starts 1 to 3 characters before its [-'] and capital: RUN_RE's
    # own matches there are merged, leftmost first, into the runs that start with a capital.
    prefixed = []
    for m in _PREFIX_END_RE.finditer(text):
        end = m.start()
        # Increasing and distinct: a prefix is letters only, so it never spans an earlier [-'].
        for start in range(max(end - _LONGEST_PREFIX, 0), end):
            if text[start:end] in _PREFIX_SET:
                run = RUN_RE.match(text, start)
                if run is not None:
                    prefixed.append(run)
    if not prefixed:
        yield from _CAP_RUN_RE.finditer(text)
        return
    pos, k, n = 0, 0, len(prefixed)
    while True:
        while k < n and prefixed[k].start() < pos:
            k += 1
        limit = prefixed[k].start() if k < n else len(text) + 1
        for run in _CAP_RUN_RE.finditer(text, pos):
            if run.start() >= limit:
                break
            yield run
            if run.end() > limit:  # the next prefixed run starts inside this one: skip it
                while k < n and prefixed[k].start() < run.end():
                    k += 1
                limit = prefixed[k].start() if k < n else len(text) + 1
        if k >= n:
            return
        yield prefixed[k]
        pos = prefixed[k].end()


class _Runs(Sequence[tuple[int, str]]):
    """(offset, text) of a large document's runs kept as two integer columns and one string per
    distinct run: a tuple per occurrence cost about 90 bytes (a 10 MB page naming one person
    909,091 times held 85 MB of them). Read like the tuple of pairs."""

    __slots__ = ("starts", "which", "texts")

    def __init__(self, matches: Iterable[Any]) -> None:
        self.starts, self.which = array("q"), array("i")
        self.texts: list[str] = []
        at: dict[str, int] = {}
        for m in matches:
            text = m.group()
            i = at.get(text)
            if i is None:
                i = at[text] = len(self.texts)
                self.texts.append(text)
            self.starts.append(m.start())
            self.which.append(i)

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return tuple(zip(self.starts[index], map(self.texts.__getitem__, self.which[index])))
        return self.starts[index], self.texts[self.which[index]]

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return zip(self.starts, map(self.texts.__getitem__, self.which))


_MATCH_START = regex.Match.start  # unbound: called by map, not through a bound method per match
_MATCH_GROUP = regex.Match.group


_RUNS_PIECE = 1 << 16  # characters of a large document whose runs are found at a time
_RUNS_PIECE_END_RE = regex.compile(r"[.,;:!?()\n]")  # in no run, nor in what a run may not follow


def _large_runs(text: str) -> _Runs:
    """`_Runs(find_runs(text))`, found a piece at a time, each piece's runs remembered by its text.

    A piece ends after a character no run holds and none may follow, so no run crosses its
    edges and each is found there as in the whole text: a page repeating one sentence
    900,000 times has a few distinct pieces.
    """
    import numpy as np  # imported here: only large documents come this way

    runs = _Runs(())
    number: dict[str, int] = {}  # run text -> its index in runs.texts
    pos = 0
    while pos < len(text):
        found = _RUNS_PIECE_END_RE.search(text, pos + _RUNS_PIECE)
        cut = found.end() if found is not None else len(text)
        piece = (_piece_runs_kept if cut - pos <= 2 * _RUNS_PIECE else _piece_runs)(text[pos:cut])
        if piece.texts:
            for run in piece.texts:
                if run not in number:
                    number[run] = len(runs.texts)
                    runs.texts.append(run)
            renumbered = np.array([number[run] for run in piece.texts], dtype=np.int32)
            runs.starts.frombytes((np.frombuffer(piece.starts, dtype=np.int64) + pos).tobytes())
            runs.which.frombytes(renumbered[np.frombuffer(piece.which, dtype=np.int32)].tobytes())
        pos = cut
    return runs


def _piece_runs(piece: str) -> _Runs:
    """The runs of a piece of a large document, offsets in the piece."""
    return _Runs(find_runs(piece))


_piece_runs_kept = functools.lru_cache(maxsize=64)(_piece_runs)


def document_runs(doc: Document) -> Sequence[tuple[int, str]]:
    """Return (offset, text) of every run of capitalised words in `doc`, found once per document for every check."""
    cached = doc._cache.get("name-runs")
    if cached is None:
        if len(doc.text) >= auditor.document.LARGE_DOCUMENT:
            cached = doc._cache["name-runs"] = _large_runs(doc.text)
            return cached
        # One string per distinct run: a document may repeat one name hundreds of thousands of times.
        # Pairs made by map and zip, at C speed, not by a Python loop per run.
        texts: dict[str, str] = {}
        matches = list(find_runs(doc.text))
        groups = list(map(_MATCH_GROUP, matches))
        cached = doc._cache["name-runs"] = tuple(zip(map(_MATCH_START, matches), map(texts.setdefault, groups, groups)))
    return cached


_RUN_TEXT = itemgetter(1)  # the text of a (start, text) run


def run_texts(doc: Document) -> frozenset[str]:
    """Return the distinct texts of a document's runs, made once per document for every check.

    A check takes the runs it has not settled yet as a set difference at C speed, so a document
    whose runs were all judged before is never walked run by run in Python.
    """
    found = doc._cache.get("name-run-texts")
    if found is None:
        found = doc._cache["name-run-texts"] = frozenset(map(_RUN_TEXT, document_runs(doc)))
    return found


def remember(seen: set[str], run: str, limit: int) -> None:
    """Add `run` to a worker's set of settled runs, emptied when it holds `limit`: bounded memory in long nightly runs."""
    if len(seen) > limit:
        seen.clear()
    seen.add(run)


class _Facts(Iterable[Fact]):
    """A large document's facts, made from its runs and one analysis per distinct run each time
    they are read, in position order: a fact per occurrence kept cost about 180 bytes."""

    __slots__ = ("runs", "analysed", "lowercase")

    def __init__(self, runs: Sequence[tuple[int, str]], analysed: Mapping[str, tuple[Fact, ...]], lowercase: list[Fact]) -> None:
        self.runs = runs
        self.analysed = analysed
        self.lowercase = lowercase

    def _of_runs(self) -> Iterator[Fact]:
        make, analysed = Fact._make, self.analysed
        for start, run in self.runs:
            for f in analysed[run]:
                yield make((f[0] + start, f[1] + start, *f[2:]))

    def __iter__(self) -> Iterator[Fact]:
        # Runs are disjoint and in order, their facts too: merging the few lowercase garbled
        # forms by start, runs' facts first among equals, is the stable sort of the whole.
        return heapq.merge(self._of_runs(), self.lowercase, key=_START)

    def _kept(self, kinds: Collection[str]) -> tuple[list[tuple[Fact, ...]], Any]:
        """Per distinct run, its facts of `kinds` (relative to the run); and the indexes, in
        position order, of the runs' occurrences that have some (a numpy array)."""
        import numpy as np  # imported here: only large documents come this way

        runs = self.runs
        assert isinstance(runs, _Runs)
        kept = [tuple(f for f in self.analysed[text] if f[2] in kinds) for text in runs.texts]
        wanted = np.fromiter(map(bool, kept), dtype=bool, count=len(kept))
        which = np.frombuffer(runs.which, dtype=np.int32)
        return kept, np.flatnonzero(wanted[which]) if wanted.any() else np.zeros(0, dtype=np.int64)

    def grouped(self, kinds: Collection[str]) -> Iterator[tuple[tuple[Fact, ...], Any]]:
        """Per distinct run with facts of `kinds`, in the order of its first occurrence: those facts
        (relative to the run) and the offsets of its occurrences (an int64 numpy array, in order).
        The runs' facts only: the caller reads `lowercase` itself."""
        import numpy as np

        kept, at = self._kept(kinds)
        runs = self.runs
        which = np.frombuffer(runs.which, dtype=np.int32)[at]  # type: ignore[attr-defined]
        starts = np.frombuffer(runs.starts, dtype=np.int64)[at]  # type: ignore[attr-defined]
        order = np.argsort(which, kind="stable")
        distinct, first, counts = np.unique(which[order], return_index=True, return_counts=True)
        for i in np.argsort(order[first], kind="stable").tolist():
            group = order[first[i] : first[i] + counts[i]]
            yield kept[int(distinct[i])], starts[group]

    def placed(self, kinds: Collection[str]) -> Iterator[tuple[int, Fact]]:
        """(offset, fact relative to it) of every fact of `kinds`, in the order of iteration: the
        facts of a run are the same objects at each of its occurrences, so a check judges each once."""
        import numpy as np

        kept, at = self._kept(kinds)
        starts, which = self.runs.starts, self.runs.which  # type: ignore[attr-defined]
        of_runs = ((starts[i], f) for i in array("q", at.astype(np.int64).tobytes()) for f in kept[which[i]])
        lowercase = [(0, f) for f in self.lowercase if f[2] in kinds]
        if not lowercase:
            return of_runs
        return heapq.merge(of_runs, lowercase, key=lambda placed: placed[0] + placed[1][0])

    def of_kinds(self, kinds: Collection[str]) -> Iterator[Fact]:
        """The facts of `kinds`, in the order of iteration, made only for the runs that have some."""
        make = Fact._make
        return (make((f[0] + offset, f[1] + offset, *f[2:])) for offset, f in self.placed(kinds))

    def first_uses(self, kinds: Collection[str]) -> Iterator[tuple[Fact, int]]:
        """(fact, uses) of `kinds` at the first occurrence of each distinct run, with the number
        of that run's occurrences; the lowercase facts once each. In the order of iteration:
        a subsequence of it, so what a check records on first sight is what it would record."""
        import numpy as np

        kept, at = self._kept(kinds)
        runs = self.runs
        which = np.frombuffer(runs.which, dtype=np.int32)[at]  # type: ignore[attr-defined]
        uses = np.bincount(which, minlength=len(kept)).tolist()
        _, first = np.unique(which, return_index=True)
        make, starts = Fact._make, runs.starts  # type: ignore[attr-defined]
        of_runs = []
        for i in sorted(at[first].tolist()):
            offset, run = starts[i], runs.which[i]  # type: ignore[attr-defined]
            of_runs += [(make((f[0] + offset, f[1] + offset, *f[2:])), uses[run]) for f in kept[run]]
        lowercase = [(f, 1) for f in self.lowercase if f[2] in kinds]
        return heapq.merge(of_runs, lowercase, key=lambda used: used[0][0]) if lowercase else iter(of_runs)


class Analyser:
    """Resolves runs of capitalised words against the gazetteer; results memoised per run text."""

    # What the constructor derives from the gazetteer alone, kept in the user cache (AnalyserTables).
    _BLOCKS = ("surname_near", "lone_near")
    _PER_PROCESS = ("index", "memo", "_with_facts", "_probes", "translit", *_BLOCKS)

    def __init__(self, index: GazetteerIndex, tables: Mapping[str, Any] | None = None) -> None:
        self.index = index
        self.memo: dict[str, tuple[Fact, ...]] = {}
        self._with_facts: set[str] = set()  # the runs in memo that have facts
        self._probes: dict[bool, ContextProbe] = {}
        self.translit: Transliterator = builtin_translit()
        if tables is not None:
            vars(self).update(tables["own"])
            for name in self._BLOCKS:
                setattr(self, name, SkeletonBlocks.restored(tables[name], self.translit))
            return
        entries = index.entries
        self.short_name = tuple(_short_french(e) for e in entries)
        self.first_name_entries: dict[str, tuple[int, ...]] = {}
        for i, entry in enumerate(entries):
            for name in entry.first_names:
                key = plain(name)
                self.first_name_entries[key] = (*self.first_name_entries.get(key, ()), i)
        garbled_case: dict[str, int] = {}
        for i, entry in enumerate(entries):
            for form in entry.garbled:
                garbled_case[_case_norm(form)] = i
        self.garbled_case = garbled_case
        # Fuzzy candidates come from skeleton blocks (blocking.py): plain surname -> its pairs,
        # and plain one-surname form -> its entries, each blocked on what survives a pivot.
        by_surname: dict[str, list[NamePair]] = {}
        for pairs in index.pairs_by_surname.values():
            for pair in pairs:
                by_surname.setdefault(pair.surname, []).append(pair)
        self.pairs_by_plain = {k: tuple(v) for k, v in by_surname.items()}
        self.surname_near = SkeletonBlocks(self.pairs_by_plain, self.translit)
        # For each surname, the one-deletion keys of its first names' skeletons: a first name
        # one symbol from one of them shares a key (a set test, not a loop of comparisons).
        self.first_keys = {
            surname: frozenset().union(*(neighbourhood(self.translit.skeleton(p.first)) for p in pairs))
            for surname, pairs in self.pairs_by_plain.items()
        }
        self.any_first_key = frozenset().union(*self.first_keys.values())
        self.pair_firsts = frozenset(p.first for pairs in self.pairs_by_plain.values() for p in pairs)
        lone: dict[str, set[int]] = {}
        for i, entry in enumerate(entries):
            if entry.type != "person":
                continue
            firsts = {plain(n) for n in entry.first_names}
            for form in entry.accepted:
                p = plain(form)
                # One-surname forms, particles aside: "Scholz", "von der Leyen", "el-Assad".
                if p not in firsts and len(core(p).split()) == 1 and len(core(p)) >= 3 and p.split()[0] not in firsts:
                    lone.setdefault(p, set()).add(i)
        self.lone_entries = {k: tuple(sorted(v)) for k, v in lone.items()}
        self.lone_near = SkeletonBlocks(self.lone_entries, self.translit)
        # Each entry's accepted forms and their words folded past romanisation (name-variant's
        # tables): 20 ms of every start-up when the check worked them out, each form twice.
        romanised = [[_romanisation_key(f) for f in e.accepted] for e in entries]
        self.romanised_forms = tuple(frozenset(keys) for keys in romanised)
        self.romanised_words = tuple(frozenset(w for k in keys for w in k.split()) for keys in romanised)

    def tables(self) -> dict[str, Any]:
        """Return what the constructor derived from the gazetteer (blocks as their tables), for the user cache."""
        own = {k: v for k, v in vars(self).items() if k not in self._PER_PROCESS and k != "_lower"}
        return {"own": own, **{name: getattr(self, name).tables() for name in self._BLOCKS}}

    def probe(self, names: bool = True) -> ContextProbe:
        """Return the context probe shared by every check, so a document's evidence is counted once."""
        probe = self._probes.get(names)
        if probe is None:
            probe = self._probes[names] = ContextProbe(self.index.entries, names)
        return probe

    def document_facts(self, doc: Document) -> Iterable[Fact]:
        """Return the facts of every run in `doc`, computed once per document."""
        cache_key = ("entities", id(self))
        cached = doc._cache.get(cache_key)
        if cached is not None:
            return cached
        facts: list[Fact] = []
        memo = self.memo
        if len(memo) > 200_000:  # bounded memory in long nightly runs
            memo.clear()
            self._with_facts.clear()
        runs = document_runs(doc)
        if isinstance(runs, _Runs):
            # One analysis per distinct run, kept for this document: the memo may be cleared.
            analysed = {}
            for run in runs.texts:
                found = memo.get(run)
                if found is None:
                    found = memo[run] = self.analyse_run(run)
                    if found:
                        self._with_facts.add(run)
                analysed[run] = found
            result = doc._cache[cache_key] = _Facts(runs, analysed, sorted(self._garbled_lowercase(doc), key=_START))
            return result
        # Set operations at C speed: most documents' runs were all analysed before, and most runs
        # have no facts, so only the occurrences of those that have some are walked in Python.
        texts = run_texts(doc)
        missing = texts.difference(memo)
        if missing:
            for run in dict.fromkeys(map(_RUN_TEXT, runs)):  # analysed in order of first occurrence
                if run in missing:
                    found = memo[run] = self.analyse_run(run)
                    if found:
                        self._with_facts.add(run)
        having = texts.intersection(self._with_facts)
        if having:
            make = Fact._make  # tuple.__new__: Fact.shifted without a method call per name occurrence
            at = compress(runs, map(having.__contains__, map(_RUN_TEXT, runs)))
            facts = [make((f[0] + start, f[1] + start, *f[2:])) for start, run in at for f in memo[run]]
        facts.extend(self._garbled_lowercase(doc))
        result = doc._cache[cache_key] = tuple(sorted(facts, key=_START))
        return result

    def _garbled_lowercase(self, doc: Document) -> Iterator[Fact]:
        """Find known garbled forms that start lowercase ('bammer', 'talent Carlson'), outside runs."""
        pattern, pieces = self._lower_re()
        if pattern is None:
            return
        # Each form's longest literal piece must appear as written: a substring test rules
        # out nearly every document before the regex has to scan it.
        if pieces and not any(piece in doc.text for piece in pieces):
            return
        for m in pattern.finditer(doc.text):
            i = self.garbled_case[_case_norm(m.group())]
            form = m.group()
            suggestion = self.index.entries[i].name("fr") if " " in form else self.short_name[i]
            yield Fact(m.start(), m.end(), "garbled", (i,), suggestion, surface=form.split()[-1])

    def _lower_re(self) -> tuple[Any, tuple[str, ...]]:
        """Compile, once, the garbled forms that begin lowercase as one alternation, with their longest literal pieces."""
        if not hasattr(self, "_lower"):
            forms = sorted((f for f in self.garbled_case if f[:1].islower()), key=len, reverse=True)
            alts = "|".join(_literal(f) for f in forms)
            pattern = regex.compile(rf"(?<![\p{{L}}\d])(?:{alts})(?![\p{{L}}\d])") if forms else None
            # No pieces when there are too many forms to test one by one.
            pieces = tuple(max(f.split("'"), key=len) for f in forms) if len(forms) <= MAX_PREFILTER_FORMS else ()
            self._lower = (pattern, pieces)
        return self._lower

    # -- one run -----------------------------------------------------------------------

    def analyse_run(self, run: str) -> tuple[Fact, ...]:
        """Resolve one run: exact forms first (longest), then first name + surname pairs, then lone words."""
        index = self.index
        toks = _tokens(run)
        n = len(toks)
        facts: list[Fact] = []
        i = 0
        while i < n:
            fact, used = self._exact(run, toks, i, min_words=2)
            if fact is None and i + 1 < n:
                surname, width = _surname_at(run, toks, i + 1)
                fact = self._pair(run, toks[i], surname)
                used = width + 1 if fact else 0
            if fact is None:  # longer forms failed above: only the one-word form is left to try
                fact, used = self._exact(run, toks, i, min_words=1, max_words=1)
                if fact is not None and fact.kind == "foreign" and i + 1 < n:
                    # A one-word English form opening a longer name is that name's word: Duma Boko
                    # presides over Botswana, not the Russian Duma.
                    fact, used = None, 0
            if fact is None:
                fact = self._single(toks[i], toks[i - 1] if i else None, toks[i + 1] if i + 1 < n else None)
                used = 1
            if fact is not None:
                facts.append(fact)
            i += max(used, 1)
        del index
        return tuple(facts)

    def _exact(self, run: str, toks: Sequence[Token], i: int, min_words: int, max_words: int | None = None) -> tuple[Fact | None, int]:
        """Match accepted or garbled forms of `min_words` to `max_words` words starting at token i, longest first."""
        index = self.index
        n = len(toks)
        longest = min(index.max_words, n - i) if max_words is None else min(max_words, index.max_words, n - i)
        for length in range(longest, min_words - 1, -1):
            s, e = toks[i].start, toks[i + length - 1].end
            text = run[s:e]
            surface = toks[i + length - 1].text
            g = self.garbled_case.get(_case_norm(text))
            p = plain(text)
            if g is None and p not in index.accepted:
                g = index.garbled.get(p)
            if g is not None:
                suggestion = index.entries[g].name("fr") if length > 1 else self.short_name[g]
                return Fact(s, e, "garbled", (g,), suggestion, surface=surface), length
            if text in index.acronyms:
                return Fact(s, e, "mention", tuple(sorted(index.acronyms[text])), surface=surface), length
            ids = index.accepted.get(p)
            if ids:
                if length > 1 and _ODD_HYPHEN_RE.search(text):  # "Kim Jong -un": pivot-MT spacing
                    j = min(ids)
                    return Fact(s, e, "variant", (j,), index.entries[j].name("fr"), surface=surface), length
                if p in index.french:
                    return Fact(s, e, "mention", tuple(sorted(index.french[p])), surface=surface), length
                j = min(ids)
                return Fact(s, e, "foreign", (j,), self._french_for(j, text), surface=surface), length
        return None, 0

    def _french_for(self, entry: int, form: str) -> str:
        """Return the French form of an entry matching `form`: the whole name, or its surname alone."""
        e = self.index.entries[entry]
        if len(form.split()) > 1:
            return e.name("fr")
        key = name_key(form)
        for variant in (e.name("fr"), *e.variants):
            words = variant.split()
            if len(words) == 1 and name_key(variant) == key:
                return variant
            if words and name_key(words[-1]) == key:
                return words[-1]
        return e.name("fr")

    def _pair(self, run: str, a: Token, b: Token) -> Fact | None:
        """Judge a first name + surname pair that is no accepted form."""
        index = self.index
        if a.plain in PARTICLES or len(a.plain) < 2:
            return None
        ru = RUSSIAN_FIRST_NAMES.get(a.plain)
        sk = name_key(b.plain)
        if not sk:
            return None
        exact = index.pairs_by_surname.get(sk)
        odd = bool(_ODD_HYPHEN_RE.search(run[a.start:b.end]))
        # (pair, surname distance): the surname's own key first, then its skeleton block.
        scored: list[tuple[NamePair, float]] = [(pair, 0.0) for pair in exact or ()]
        # Only surnames of a pair whose first name could be this one are worth a distance.
        first = self.translit.skeleton(a.plain) if exact is None else ""
        wanted = neighbourhood(first) if exact is None else frozenset()
        if exact is None and self._may_be_garbled_surname(b, loaded_only=True) and not wanted.isdisjoint(self.any_first_key):
            # A first name written right allows the surname more room than one that is off too.
            right_first = a.plain in self.pair_firsts
            scale = max(SURNAME_WITH_FIRST if right_first else BOTH_FUZZY, SURNAME_ODD_HYPHEN if odd and right_first else 0.0)
            first_keys = self.first_keys

            def keep(surname: str) -> bool:
                return not wanted.isdisjoint(first_keys[surname])

            near = self.surname_near.nearest(b.plain, scale, keep, tag=first)
            # The frequency test comes last when it costs more than the search (no table read yet).
            if near and self._may_be_garbled_surname(b, loaded_only=False):
                for one in near:
                    scored.extend((pair, one.distance) for pair in self.pairs_by_plain[one.name])
        if not scored:
            if ru and b.text[:1].isupper():
                return Fact(a.start, b.end, "fingerprint", (), f"{ru} {b.text}", surface=b.text)
            return self._first_word(a, b)
        fk = word_key(a.plain)
        a_given = a.plain in index.given_names
        first_len = len(a.plain)
        for pair, sur_d in scored:
            first_ok = a.plain == pair.first
            sur_ok = b.plain == pair.surname or pair.entry in index.accepted.get(b.plain, ())
            if first_ok and sur_ok:
                return Fact(a.start, b.end, "mention", (pair.entry,), surface=b.text)
            same_key = fk == pair.first_key
            if ru and same_key:
                return Fact(a.start, b.end, "fingerprint", (pair.entry,), index.entries[pair.entry].name("fr"), surface=b.text)
            fd = 0.0 if same_key else self.translit.distance(a.plain, pair.first)
            length = max(first_len, len(pair.first))
            sur_len = max(len(core(b.plain)), len(core(pair.surname)))
            needs_terms = False
            if first_ok:
                ok = sur_d <= budget(sur_len, SURNAME_ODD_HYPHEN if odd else SURNAME_WITH_FIRST)
            elif a_given or zipf(a.plain) >= RARE_FIRST_ZIPF:
                # A first name that is another given name or a word ("Kir", "Marin", "Si") is
                # a variant only by cheap equivalences, and only where the entity's context is.
                close = same_key or fd <= FIRST_AS_WORD
                ok = close and (sur_ok or sur_d <= budget(sur_len, BOTH_FUZZY))
                needs_terms = True  # even a first name of the same key: 'Marin' is a word first
            elif sur_ok:
                ok = same_key or fd <= budget(length, FIRST_WITH_SURNAME)
            else:
                ok = (same_key or fd <= budget(length, BOTH_FUZZY)) and sur_d <= budget(sur_len, BOTH_FUZZY)
            if ok:
                return Fact(a.start, b.end, "variant", (pair.entry,), index.entries[pair.entry].name("fr"), surface=b.text, needs_terms=needs_terms)
        if ru and b.text[:1].isupper():
            return Fact(a.start, b.end, "fingerprint", (), f"{ru} {b.text}", surface=b.text)
        return self._first_word(a, b)

    def _may_be_garbled_surname(self, b: Token, loaded_only: bool) -> bool:
        """True unless the word is a real name or word itself: an accepted form, a given name, frequent French.

        With `loaded_only`, the frequency is looked up only where it is cheap (else assumed rare).
        """
        index = self.index
        p = b.plain
        if p in index.accepted or p in index.given_names or len(core(p)) < 3 or b.text.isupper():
            return False
        # Only a one-word surname can be an ordinary word; "Jong -in" is no phrase "jong in".
        words = core(p).split()
        if len(words) > 1:
            return True
        z = _cheap_zipf(words[0]) if loaded_only else zipf(words[0])
        return z is None or z < MAX_SURNAME_ZIPF

    def _first_word(self, a: Token, b: Token) -> Fact | None:
        """Note a known given name followed by a capitalised ordinary word ('Steve Emplois')."""
        index = self.index
        if a.plain not in index.given_names or b.plain in index.given_names or b.plain in PARTICLES:
            return None
        if not b.text[:1].isupper() or b.text.isupper() or b.plain in index.accepted:
            return None
        entries = self.first_name_entries.get(a.plain, ())
        return Fact(a.start, b.end, "first-word", entries, surface=b.text)

    def _single(self, tok: Token, prev: Token | None, after: Token | None) -> Fact | None:
        """Judge a lone capitalised word against one-word surnames, or by romanisation fingerprints."""
        index = self.index
        p = tok.plain
        if len(p) < LONE_MIN_LENGTH or p in index.given_names or tok.text.isupper() or p in index.accepted:
            return None
        if tok.text[:1].islower() and p.partition(" ")[2] in index.accepted:
            return None  # "L'amendement de Goodlatte": a preposition before a right name, no particle of it
        # A word wordfreq knows is out whatever the gazetteer says. Once the frequency table is
        # read, that test is cheaper than the transliteration key; before, the gazetteer and
        # fingerprint tests come first, as most documents never need a frequency at all.
        z = loaded_zipf(p)
        if z is not None and z >= LONE_MAX_ZIPF:
            return None
        k = name_key(p)
        ids = index.singles.get(k)
        # The fuzzy search costs more than the neighbour test it would face after: that goes first.
        if ids is None and self._may_be_lone_surname(p) and not self._in_other_name(prev, after, loaded_only=True):
            near = self.lone_near.nearest(p, LONE_SURNAME)
            if near:
                ids = self.lone_entries[near[0].name]
        if ids:
            fact = Fact(tok.start, tok.end, "variant", ids, self.short_name[ids[0]], needs_context=True, surface=tok.text)
        elif _FINGERPRINT.search(tok.text) and (_SLAVIC_SUFFIX.search(p) or p.endswith(("iy", "yy"))):
            fact = Fact(tok.start, tok.end, "fingerprint", (), "", surface=tok.text)
        else:
            return None
        if zipf(p) >= LONE_MAX_ZIPF or self._in_other_name(prev, after, loaded_only=False):
            return None
        return fact

    def _may_be_lone_surname(self, p: str) -> bool:
        """True when the sound-carrying part of a lone word is one word, and not one wordfreq already knows."""
        words = core(p).split()
        if len(words) != 1:  # "Grande-Bretagne", "Berlin-Francfort": compounds, not garbled surnames
            return False
        z = _cheap_zipf(words[0])  # "l'affaire" is the word "affaire"
        return z is None or z < LONE_MAX_ZIPF

    def _in_other_name(self, prev: Token | None, after: Token | None, loaded_only: bool) -> bool:
        """True when a neighbour is a given name or itself a rare word: part of another person's name ("Shira Scheindlin").

        With `loaded_only`, frequencies are looked up only where they are cheap (else the test says no).
        """
        given = self.index.given_names
        for other in (prev, after):
            if other is None:
                continue
            if other.plain in given:
                return True
            if len(other.plain) > 2:
                z = _cheap_zipf(other.plain) if loaded_only else zipf(other.plain)
                if z is not None and z < 3.0:
                    return True
        return False


def _cheap_zipf(word: str) -> float | None:
    """Return a word's Zipf value when it costs little (the table read, or wordfreq imported), else None."""
    z = loaded_zipf(word)
    # With the user cache off there is no table, only wordfreq: once imported, one lookup
    # still costs less than the fuzzy search it can spare.
    if z is None and "wordfreq" in sys.modules:
        z = zipf(word)
    return z


@functools.lru_cache(maxsize=65536)
def _spelling(surface: str) -> str:
    """Return how a name's last word is spelled, ignoring accents and a particle prefix ('el-Assad')."""
    word = surface.split()[-1].replace("’", "'")
    head, _, tail = word.partition("-")
    if tail and head.casefold() in PARTICLES:
        word = tail
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


_HYPHEN_SPACE_RE = compiled_regex(r"[\s‐‑–-]+")
_ENGLISH_DIGRAPHS = (("sh", "ch"), ("zh", "j"))


def _romanisation_key(name: str) -> str:
    """A name folded past hyphens and the English digraphs of Cyrillic and Arabic romanisation (Sh, Zh)."""
    key = _HYPHEN_SPACE_RE.sub(" ", plain(name)).strip()
    for english, french in _ENGLISH_DIGRAPHS:
        key = key.replace(english, french)
    return key


def _english_markers(foreign: str, french: str) -> bool:
    """True when a foreign form shows English romanisation where the French form does not (sh, y, u for ou)."""
    f, fr = plain(foreign), plain(french)
    return (
        any(m in f and m not in fr for m in ("sh", "zh", "kh"))
        or f.count("y") > fr.count("y")
        or fr.count("ou") > f.count("ou")
        or (f.endswith(("iy", "yy", "yi")) and not fr.endswith(("iy", "yy", "yi")))  # Zelenskiy
    )


def _short_french(entry: Entry) -> str:
    """Return the shortest French form of an entry: what a surname or product alone should read."""
    forms = [entry.name("fr"), *entry.variants]
    return min(forms, key=lambda f: (len(f.split()), len(f)))


def _literal(form: str) -> str:
    """Return a regex for a literal form in which ' and ’ are the same character."""
    return "['’]".join(regex.escape(part) for part in form.replace("’", "'").split("'"))


MAX_LITERAL_SCANS = 12  # beyond this many scans, one pass of the full alternation is cheaper


def _literal_finder(pattern: Any, forms: Sequence[tuple[str, int]]) -> Callable[[str], Iterator[Any]]:
    """Return a faster `pattern.finditer` for `pattern`, the (form, regex flags) `forms` as one alternation in lookarounds."""
    # An alternation of forms that do not share a first letter ("lien d'étoile|masque") makes
    # the regex engine try every position; each group of forms with one first character (as
    # written: "masque|Mask" is slow too) is scanned fast, and `pattern` itself is matched
    # at the positions found, leftmost first.
    groups: dict[tuple[str, int], list[str]] = {}
    for form, flags in forms:
        groups.setdefault((form[:1], flags), []).append(_literal(form))
    if len(groups) > MAX_LITERAL_SCANS:
        return pattern.finditer
    scans = tuple(regex.compile("|".join(alts), flags) for (_, flags), alts in groups.items())

    def finditer(text: str) -> Iterator[Any]:
        starts = sorted({m.start() for scan in scans for m in scan.finditer(text, overlapped=True)})
        end = 0
        for start in starts:
            if start >= end:
                m = pattern.match(text, start)
                if m is not None:
                    end = m.end()
                    yield m

    return finditer


def _case_norm(text: str) -> str:
    """Normalise apostrophes, hyphens and whitespace, keeping case, accents and hyphen spacing."""
    return " ".join(text.replace("’", "'").replace("‐", "-").split())


def _surname_at(run: str, toks: Sequence[Token], j: int) -> tuple[Token, int]:
    """Return the surname starting at token j, capitalised particles included ("Le Pen"), and its width in tokens."""
    k = j
    while k + 1 < len(toks) and toks[k].plain in PARTICLES:
        k += 1
    if k == j:
        return toks[j], 1
    text = run[toks[j].start : toks[k].end]
    return Token(toks[j].start, toks[k].end, text, plain(text)), k - j + 1


def _tokens(run: str) -> list[Token]:
    """Split a run into name words; a lowercase particle is merged into the word that follows."""
    toks: list[Token] = []
    pending: int | None = None
    for m in _TOKEN_RE.finditer(run):
        word = m.group()
        p = plain(word)
        if word[:1].islower() and p in PARTICLES:
            if pending is None:
                pending = m.start()
            continue
        start = pending if pending is not None else m.start()
        pending = None
        toks.append(Token(start, m.end(), run[start:m.end()], plain(run[start:m.end()])))
    return toks


_ANALYSERS: dict[int, tuple[tuple[Entry, ...], Analyser]] = {}


def analyser_for(resources: Resources) -> Analyser:
    """Return the worker's analyser for this gazetteer, shared by every entity check."""
    entries = tuple(resources.gazetteer)
    key = id(resources.gazetteer)
    hit = _ANALYSERS.get(key)
    if hit is not None and hit[0] == entries:
        return hit[1]
    analyser = _cached_analyser(resources.gazetteer if isinstance(resources.gazetteer, tuple) else entries)
    _ANALYSERS[key] = (entries, analyser)
    return analyser


@dataclass(frozen=True)
class AnalyserTables:
    """The gazetteer index and analyser tables of one gazetteer, as the user cache keeps them."""

    index: Mapping[str, Any]
    analyser: Mapping[str, Any]


def _cached_analyser(entries: tuple[Entry, ...]) -> Analyser:
    """Return the analyser of `entries`, its tables read from the user cache when an earlier process compiled them.

    Compiling the index, the blocks and the pair tables cost a quarter of a one-article
    check's start-up; reading them back costs a tenth of that. The key covers everything
    they are derived from: the entries, the given-name list and the transliteration table.
    """
    translit = builtin_translit()
    first_names = builtin_first_names()

    def build() -> AnalyserTables:
        analyser = Analyser(compile_index(entries, first_names))
        return AnalyserTables(analyser.index.tables(), analyser.tables())

    parts = ("analyser", repr(entries), "\n".join(sorted(first_names)), repr(translit.table))
    stored = usercache.memo("analyser", parts, build, lambda v: isinstance(v, AnalyserTables), keep=4)
    return Analyser(GazetteerIndex.restored(entries, stored.index), stored.analyser)


class ContextProbe:
    """Counts, once per document, how many of an entity's context terms and names it mentions."""

    def __init__(self, entries: Sequence[Entry], names: bool = True) -> None:
        self.entries = tuple(entries)
        self.names = names
        # Compiled on first use: a document only ever probes a handful of entries, and
        # compiling all of them up front cost seconds at every start-up.
        self._finders: dict[int, Callable[[str], Iterator[Any]] | None] = {}

    def finder(self, entry: int) -> Callable[[str], Iterator[Any]] | None:
        """Return the `finditer` of one entry's context regex (None when it has no terms)."""
        if entry not in self._finders:
            self._finders[entry] = _context_finder(self.entries[entry], self.names)
        return self._finders[entry]

    def evidence(self, doc: Document, entry: int) -> int:
        """Return the number of distinct context terms (and the entity's names) found in `doc`."""
        cache = doc._cache.setdefault(("entity-context", id(self)), {})
        found = cache.get(entry)
        if found is None:
            finditer = self.finder(entry)
            found = cache[entry] = len({m.group().casefold() for m in finditer(doc.text)}) if finditer else 0
        return found


def _context_finder(entry: Entry, names: bool = True) -> Callable[[str], Iterator[Any]] | None:
    """Compile one regex for an entity's context terms and, with `names`, its one-word names; return its finditer."""
    terms = list(entry.context)
    if names:
        terms += [*(v for v in entry.variants if len(v.split()) == 1), entry.name("fr")]
    # Short terms ("X") are matched as written: lowercase "x" is a multiplication sign.
    forms = [(term, 0 if len(term) <= 3 else regex.IGNORECASE) for term in dict.fromkeys(terms)]
    if not forms:
        return None
    alts = "|".join(_literal(term) if not flags else f"(?i:{_literal(term)})" for term, flags in forms)
    return _literal_finder(regex.compile(rf"(?<![\p{{L}}\d])(?:{alts})(?![\p{{L}}\d])"), forms)


def _context_ok(probe: ContextProbe, doc: Document, entries: Iterable[int], minimum: int) -> int | None:
    """Return the first entry whose context evidence in `doc` reaches `minimum`, else None."""
    for entry in entries:
        if probe.evidence(doc, entry) >= minimum:
            return entry
    return None


def _of_kinds(facts: Iterable[Fact], kinds: Collection[str]) -> Iterable[Fact]:
    """The facts a check reads: a large document's only of `kinds` (the others are never made),
    a small one's all of them (the check skips the others itself)."""
    return facts.of_kinds(kinds) if isinstance(facts, _Facts) else facts


_NAMED = ("mention", "garbled", "variant", "foreign")  # the facts that name an entity, as entity-consistency reads them


# ---------------------------------------------------------------------------------------
# name-variant

@register("name-variant", params=["min_context"])
def name_variant(params: Mapping[str, Any], resources: Resources):
    """Flag names close to a gazetteer entry that match none of its accepted forms."""
    analyser = analyser_for(resources)
    probe = analyser.probe()
    terms = analyser.probe(names=False)
    entries = analyser.index.entries
    min_context = int(params.get("min_context", 1))

    # Accepted forms, case-folded: a name that differs from one only by case ("StarLink") is
    # a spelling slip, left to the consistency check and minor spelling rules, not a garble.
    accepted = [
        frozenset(f.casefold() for f in (*e.canonical.values(), *e.variants)) for e in entries
    ]
    # ...and one that differs from an accepted form only by a hyphen or by an English digraph
    # (Sh, Zh for Ch, J: "Bettencourt-Meyers", "Bashar El Assad") is a spelling the press uses
    # or a romanisation, not a garble. Not U for Ou: "Putine" mixes two spellings of Poutine.
    loose = analyser.romanised_forms
    # ...and so is a full name whose every word is a word of an accepted form: two romanisations
    # mixed ("Muammar Kadhafi", English given name and French surname) are a matter of house
    # style, which fr.locale.romanisation reports (minor); a garbled word is in no accepted form.
    words = analyser.romanised_words  # both from the analyser's tables, kept in the user cache
    # Worked out once, not per finding: a document may repeat one garbled name thousands of times.
    french = [e.name("fr") for e in entries]
    details = [f"probably {name}" for name in french]

    def detect(doc: Document) -> Iterator[Hit]:
        made: dict[str, tuple[str]] = {}  # one suggestion tuple per suggestion, shared by its findings
        facts = analyser.document_facts(doc)
        if isinstance(facts, _Facts):
            if any(f.kind in ("garbled", "variant") for f in facts.lowercase):
                yield from _placed_hits(doc, facts, made)
            else:
                yield from _placed_columns(doc, facts, made)
            return
        for fact in facts:
            if fact.kind not in ("garbled", "variant"):
                continue
            found = judge(doc, fact, made)
            if found is not None:
                yield Hit(fact.start, fact.end, *found)

    def judge(doc: Document, fact: Fact, made: dict[str, tuple[str]]) -> tuple[tuple[str], str] | None:
        """The suggestions and detail of a garbled or variant fact's finding, or None when it is none."""
        entry = fact.entries[0]
        if fact.needs_context:
            entry = _context_ok(probe, doc, fact.entries, min_context)
            if entry is None:
                return None
        if fact.needs_terms and _context_ok(terms, doc, (entry,), min_context) is None:
            return None
        surface = doc.text[fact.start : fact.end]
        key = _romanisation_key(surface)
        if surface.casefold() in accepted[entry] or key in loose[entry]:
            return None
        if " " in key and words[entry].issuperset(key.split()):
            return None
        suggestion = fact.suggestion or french[entry]
        shared = made.get(suggestion)
        if shared is None:
            shared = made[suggestion] = (suggestion,)
        return shared, details[entry]

    def _placed_hits(doc: Document, facts: _Facts, made: dict[str, tuple[str]]) -> Iterator[Hit]:
        """The hits of a large document, each distinct run's fact judged once: what it says
        does not depend on where the run stands (context is counted over the whole document)."""
        judged: dict[int, tuple[tuple[str], str] | None] = {}
        make = Fact._make
        for offset, fact in facts.placed(("garbled", "variant")):
            key = id(fact)  # the same object at every occurrence of its run, alive as long as `facts`
            if key in judged:
                found = judged[key]
            else:
                found = judged[key] = judge(doc, make((fact[0] + offset, fact[1] + offset, *fact[2:])), made)
            if found is not None:
                yield Hit(offset + fact[0], offset + fact[1], *found)

    def _placed_columns(doc: Document, facts: _Facts, made: dict[str, tuple[str]]) -> Iterator[Hits]:
        """`_placed_hits` as columns, one per fact of a distinct run, when no lowercase fact is
        among them: a run's occurrences are disjoint, so the hits of one span all come from one
        occurrence, in the order of its facts, which the columns keep."""
        judged: dict[int, tuple[tuple[str], str] | None] = {}
        make = Fact._make
        for run_facts, starts in facts.grouped(("garbled", "variant")):
            offset = int(starts[0])
            for fact in run_facts:
                key = id(fact)  # as `_placed_hits` does: judged where the fact first stands
                if key in judged:
                    found = judged[key]
                else:
                    found = judged[key] = judge(doc, make((fact[0] + offset, fact[1] + offset, *fact[2:])), made)
                if found is not None:
                    yield Hits(array("q", (starts + fact[0]).tobytes()), array("q", (starts + fact[1]).tobytes()), *found)

    return detect


# ---------------------------------------------------------------------------------------
# romanisation

# Athletes keep the spelling their federation registers, which is English-style for most
# Russian and Ukrainian ones; the French sports press writes it ("Andrey Rublev", "Karen
# Khachanov"). An open fingerprint (no gazetteer entry) in a sports story is no error.
_SPORT = compiled_regex(
    r"\b(?:tennis|ATP|WTA|Grand\s+Chelem|Roland-Garros|Wimbledon|US\s+Open|Open\s+d['’]Australie|Coupe\s+Davis|"
    r"sets?|tournoi|finale|tie-break|jeu\s+décisif|hockey|NHL|KHL|(?:joueu(?:r|se)|partie|champion(?:ne)?|tournoi)\s+d['’]échecs|échiquier|FIDE|patinage|biathlon|ski\s+de\s+fond|boxe|boxeur|UFC|MMA|"
    r"judo|haltérophilie|gymnaste|gymnastique|nageu(?:r|se)|natation|athlétisme|cycliste|"
    r"footballeur|buteur|attaquant|milieu\s+de\s+terrain|gardien\s+de\s+but|Ligue\s+des\s+champions|Premier\s+League|"
    r"médaillée?|médaille\s+d['’](?:or|argent)|Jeux\s+olympiques|JO|champion(?:ne)?\s+(?:du\s+monde|olympique|d['’]Europe))\b"
)


# Countries whose own alphabet is Latin with a Y for the Cyrillic -ев- (Azerbaijani Mirzəyeva,
# Uzbek Mirzayev, Turkmen): an unlisted name there is written as its bearer writes it.
_TURKIC_LATIN = compiled_regex(
    r"\b(?:Azerba[iï]djan(?:ais|aise|aises)?|azerba[iï]djanais(?:es?)?|azéris?|Bakou|Ouzb[ée]kistan|ouzbèkes?|Tachkent|"
    r"Turkm[ée]nistan|turkmènes?|Achgabat)\b"
)
_VOWEL_YE = compiled_regex(r"[aeiou]ye")  # the Y those alphabets write for Cyrillic е after a vowel (Mirzayeva)


@register("romanisation", params=["first_names"])
def romanisation(params: Mapping[str, Any], resources: Resources):
    """Flag Russian and Ukrainian names in English-style romanisation, suggesting the French form."""
    analyser = analyser_for(resources)
    entries = analyser.index.entries
    extra = {plain(k): str(v) for k, v in (params.get("first_names") or {}).items()}

    def detect(doc: Document) -> Iterator[Hit]:
        text = doc.text
        sport: bool | None = None  # worked out at the first open fingerprint: most documents have none
        latin: bool | None = None
        for fact in _of_kinds(analyser.document_facts(doc), ("foreign", "fingerprint", "first-word")):
            if fact.kind == "foreign" and _english_markers(text[fact.start:fact.end], fact.suggestion):
                yield Hit(fact.start, fact.end, (fact.suggestion,), f"French form of {entries[fact.entries[0]].name('fr')}")
            elif fact.kind == "fingerprint":
                if not fact.entries:
                    if sport is None:
                        sport = _SPORT.search(text) is not None
                    if sport:
                        continue
                    if _VOWEL_YE.search(fact.surface):
                        if latin is None:
                            latin = _TURKIC_LATIN.search(text) is not None
                        if latin:
                            continue
                yield Hit(fact.start, fact.end, (fact.suggestion,) if fact.suggestion else (), "English-style romanisation")
            elif fact.kind == "first-word" and extra:
                first = plain(text[fact.start:fact.end].split()[0])
                if first in extra:
                    yield Hit(fact.start, fact.end, (f"{extra[first]} {fact.surface}",), "English-style romanisation")

    return detect


# ---------------------------------------------------------------------------------------
# entity-consistency

@register("entity-consistency", params=[])
def entity_consistency(params: Mapping[str, Any], resources: Resources):
    """Flag an entity spelled two ways in one document, once, at the minority spelling."""
    analyser = analyser_for(resources)
    entries = analyser.index.entries

    def detect(doc: Document) -> Iterator[Hit]:
        # Per entity and name key, per surface in the order of first use: its uses and its
        # first fact. Not every fact: a document may name one person 900,000 times.
        groups: dict[tuple[int, str], dict[str, list]] = {}
        # Per distinct surface, worked out once: its name key (None when it has no usable last
        # word) and its spelling. A document names few entities, and some of them many times.
        keys: dict[str, str | None] = {}
        spellings: dict[str, str] = {}
        facts = analyser.document_facts(doc)
        # A large document's facts come once per distinct run, with its number of uses.
        used = facts.first_uses(_NAMED) if isinstance(facts, _Facts) else ((fact, 1) for fact in facts)
        for fact, uses in used:
            if fact.kind not in _NAMED or not fact.entries:
                continue
            surface = fact.surface
            if surface in keys:
                key = keys[surface]
            else:
                last = surface.split()[-1] if surface else ""
                key = keys[surface] = None if not last or last.isupper() else name_key(last)
            if key is None:
                continue
            surfaces = groups.setdefault((fact.entries[0], key), {})
            seen = surfaces.get(surface)
            if seen is None:
                surfaces[surface] = [uses, fact]
            else:
                seen[0] += uses
        for (entry, _), surfaces in groups.items():
            if sum(n for n, _ in surfaces.values()) < 2:  # one mention has one spelling
                continue
            counts: Counter[str] = Counter()
            for surface, (n, _) in surfaces.items():
                spelling = spellings.get(surface)
                if spelling is None:
                    spelling = spellings[surface] = _spelling(surface)
                counts[spelling] += n
            if len(counts) < 2:
                continue
            canonical_words = {_spelling(w) for w in entries[entry].name("fr").split()}
            # The first fact of each spelling: the first of its surfaces' first facts, since
            # surfaces come in the order of their first use.
            first_at: dict[str, Fact] = {}
            for surface, (_, first) in surfaces.items():
                first_at.setdefault(spellings[surface], first)
            # The minority spelling is flagged (fewest uses, then the earliest), unless it is
            # the canonical one: then the commonest other spelling is, so the suggestion is right.
            order = sorted(counts, key=lambda sp: (counts[sp], first_at[sp].start))
            flagged = order[0] if order[0] not in canonical_words else next(sp for sp in reversed(order) if sp not in canonical_words)
            others = [sp for sp in counts if sp != flagged]
            right = next((sp for sp in others if sp in canonical_words), max(others, key=lambda sp: counts[sp]))
            f = first_at[flagged]
            last = f.surface.split()[-1]
            yield Hit(f.end - len(last), f.end, (right,), f"{entries[entry].name('fr')} is also written {right!r} here")

    return detect


# ---------------------------------------------------------------------------------------
# first-name-common-word

@register("first-name-common-word", params=["min_zipf", "min_french_lead", "min_context", "unlinked_min_zipf", "unlinked_min_first_lead"])
def first_name_common_word(params: Mapping[str, Any], resources: Resources):
    """Flag a known first name followed by a capitalised ordinary French word ('Steve Emplois')."""
    analyser = analyser_for(resources)
    probe = analyser.probe(names=False)
    entries = analyser.index.entries
    min_zipf = float(params.get("min_zipf", 3.5))
    # The word must be more French than English: English surnames (Brown, Turner) are
    # frequent in French text too, but a translated surname ("Emplois") is French only.
    min_lead = float(params.get("min_french_lead", 1.0))
    min_context = int(params.get("min_context", 2))
    # A first name of no gazetteer entry: the word must be very frequent, the first name more
    # English than French (a French person's surname is often a word: Marie Boulanger) and a
    # verb of saying or a title must show a person. None switches the unlinked case off.
    unlinked = params.get("unlinked_min_zipf", 4.0)
    first_lead = float(params.get("unlinked_min_first_lead", 0.5))
    # Words name-as-noun reports as an entity's rendering (Tim Cuisinier) in a document about
    # it: one finding, not two. Elsewhere they are ordinary words like any other.
    renderings = [frozenset(plain(n) for n in e.nouns.get("fr", ())) for e in entries]
    about = analyser.probe()

    def detect(doc: Document) -> Iterator[Hit]:
        for fact in _of_kinds(analyser.document_facts(doc), ("first-word",)):
            if fact.kind != "first-word" or (unlinked is None and not fact.entries):
                continue  # a first name of no gazetteer entry can only be flagged unlinked
            word = fact.surface.casefold()
            z = zipf(word)
            if z < min_zipf:
                continue
            if any(plain(word) in renderings[e] and (about.evidence(doc, e) >= 1 or _own_pair(entries[e], doc.text, fact)) for e in fact.entries):
                continue
            # The English frequency is looked up last: loading its list costs ~0.1 s, and
            # almost every word is out by then.
            linked = _context_ok(probe, doc, fact.entries, min_context)
            if linked is None and (unlinked is None or z < float(unlinked) or not _person_unlinked(doc.text, fact, first_lead)):
                continue
            if z - zipf(word, "en") < min_lead:
                continue
            if linked is not None:
                yield Hit(fact.start, fact.end, (entries[linked].name("fr"),), f"probably {entries[linked].name('fr')}")
            else:
                yield Hit(fact.start, fact.end, (), f"'{fact.surface}' is an ordinary French word")

    return detect


def _own_pair(entry: Entry, text: str, fact: Fact) -> bool:
    """True when name-as-noun reports this first name + rendering with no other evidence (a rare pair: see _rare_pair)."""
    return entry.type == "person" and fact.surface[:1].isupper() and _rare_pair(text[fact.start:fact.end].split()[0], fact.surface.casefold())


def _person_unlinked(text: str, fact: Fact, first_lead: float) -> bool:
    """True when an unlinked first name + word is a person's name: English-style first name, and a verb of saying or a title."""
    first = plain(text[fact.start:fact.end].split()[0])
    if zipf(first, "en") - zipf(first) < first_lead:
        return False
    return person_context(text, fact.start, fact.end)


# ---------------------------------------------------------------------------------------
# name-as-noun

# A person's own first name before a rendering is evidence by itself when French families rarely give it (INSEE rank
# past this: Cathie 1074, Harry 542; not Kevin 69, Dylan 141, Bryan 232) and the pair is no French person's name either.
MIN_RARE_GIVEN_RANK = 300
UNRANKED_SURNAME = 100_000  # a rendering no INSEE row of the open table ranks: rare as a French surname, if one at all


def _rare_pair(first: str, rendering: str) -> bool:
    """True when few French people can bear `first` + `rendering`: a rare French given name, and ranks whose product is large (see cuedpairs)."""
    from auditor.entities.cuedpairs import MIN_RANK_PRODUCT, UNRANKED_GIVEN
    from auditor.entities.opennouns import builtin_table, french_given_rank

    given = min(french_given_rank(plain(first)), UNRANKED_GIVEN)
    if given <= MIN_RARE_GIVEN_RANK:
        return False
    return given * builtin_table().french_ranks.get(plain(rendering), UNRANKED_SURNAME) >= MIN_RANK_PRODUCT

@register("name-as-noun", params=["min_context"])
def name_as_noun(params: Mapping[str, Any], resources: Resources):
    """Flag a common-noun rendering of a name (Musk -> 'masque') used as that person or product."""
    analyser = analyser_for(resources)
    entries = analyser.index.entries
    probe = analyser.probe()
    min_context = int(params.get("min_context", 1))
    finder = compile_finder(entries, rare_pair=_rare_pair)
    if not finder.by_form:
        return lambda doc: ()
    # A rendering replaces a person's surname ("Tim Cuisinier", "le cuisinier"): the surname is the fix.
    short = [e.name("fr").split()[-1] if e.type == "person" else s for e, s in zip(entries, analyser.short_name)]

    def detect(doc: Document) -> list[Hit]:
        return [
            Hit(m.start, m.end, (short[m.entry],), f"stands for {entries[m.entry].name('fr')}")
            for m in find_mentions(finder, doc, functools.partial(probe.evidence, doc), min_context)
        ]

    return detect
