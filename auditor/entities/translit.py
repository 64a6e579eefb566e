"""Transliteration equivalences: a consonant skeleton that survives a pivot language, and a weighted edit distance.

The equivalences are data (rules/gazetteer/transliteration.yaml): classes of spellings a
romanisation or a Russian/Ukrainian pivot swaps for one another ("h", "g", "kh"), each with
a weight. `skeleton` folds a name to its consonants after the equivalences, for blocking;
`distance` charges an equivalence its weight instead of a full edit, for scoring.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from auditor.entities.gazetteer import plain

TABLE_KEYS = frozenset({"edit", "vowel", "doubled", "classes"})
CLASS_KEYS = frozenset({"forms", "weight", "key", "at", "before"})
POSITIONS = frozenset({"any", "start", "end"})
_FORM_RE = re.compile(r"^[a-z]*$")
_KEY_RE = re.compile(r"^[A-Z]{0,3}$")
VOWELS = frozenset("aeiouy")


class TransliterationError(ValueError):
    """The transliteration table is invalid; `key` is the dotted path of the offending key."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        self.message = f"key '{key}': {message}" if key else message
        super().__init__(self.message)


@dataclass(frozen=True)
class Equivalence:
    """Spellings of one sound that a romanisation or a pivot swaps, with the cost of a swap."""

    forms: tuple[str, ...]
    weight: float
    key: str  # skeleton symbol of the forms ("" for vowels: dropped)
    at: str = "any"  # any | start | end: where in the word the forms stand
    before: str = ""  # when set, the letter after the form must be one of these


@dataclass(frozen=True)
class Table:
    """The whole equivalence table: classes plus the cost of a plain edit and of a doubled letter."""

    classes: tuple[Equivalence, ...]
    edit: float = 1.0
    doubled: float = 0.2
    vowel: float = 1.0  # one vowel written for another: transliterations shift vowels more than consonants


def _weight(raw: Any, key: str) -> float:
    """Return a cost in [0, 1] or raise naming `key`."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not 0 <= raw <= 1:
        raise TransliterationError(key, f"must be a number from 0 to 1, got {raw!r}")
    return float(raw)


def parse_table(raw: Any) -> Table:
    """Validate the `transliteration:` mapping of a rule file; raise TransliterationError naming the key."""
    if not isinstance(raw, dict):
        raise TransliterationError("", "must be a mapping with 'classes', 'edit', 'vowel' and 'doubled'")
    for key in raw:
        if key not in TABLE_KEYS:
            raise TransliterationError(str(key), f"unknown key '{key}' (expected one of {', '.join(sorted(TABLE_KEYS))})")
    raw_classes = raw.get("classes")
    if not isinstance(raw_classes, list) or not raw_classes:
        raise TransliterationError("classes", "required: a list of equivalence classes")
    classes = []
    for i, item in enumerate(raw_classes):
        where = f"classes.{i}"
        if not isinstance(item, dict):
            raise TransliterationError(where, f"must be a mapping, got {type(item).__name__}")
        for key in item:
            if key not in CLASS_KEYS:
                raise TransliterationError(f"{where}.{key}", f"unknown key '{key}' (expected one of {', '.join(sorted(CLASS_KEYS))})")
        forms = item.get("forms")
        if not isinstance(forms, list) or len(forms) < 2:
            raise TransliterationError(f"{where}.forms", "must be a list of at least two spellings")
        for j, form in enumerate(forms):
            if not isinstance(form, str) or not _FORM_RE.match(form):
                raise TransliterationError(f"{where}.forms", f"spelling {j + 1} must be lowercase letters a-z (or ''), got {form!r}")
        if len(set(forms)) != len(forms):
            raise TransliterationError(f"{where}.forms", "lists a spelling twice")
        if "weight" not in item:
            raise TransliterationError(f"{where}.weight", "required: the cost of swapping two of the forms")
        key = item.get("key", "")
        if not isinstance(key, str) or not _KEY_RE.match(key):
            raise TransliterationError(f"{where}.key", f"must be up to three capital letters or '', got {key!r}")
        at = item.get("at", "any")
        if at not in POSITIONS:
            raise TransliterationError(f"{where}.at", f"must be one of {', '.join(sorted(POSITIONS))}, got {at!r}")
        before = item.get("before", "")
        if not isinstance(before, str) or not _FORM_RE.match(before):
            raise TransliterationError(f"{where}.before", f"must be lowercase letters, got {before!r}")
        classes.append(Equivalence(tuple(forms), _weight(item["weight"], f"{where}.weight"), key, at, before))
    return Table(
        tuple(classes),
        _weight(raw.get("edit", 1.0), "edit"),
        _weight(raw.get("doubled", 0.2), "doubled"),
        _weight(raw.get("vowel", 1.0), "vowel"),
    )


def table_path() -> Path:
    """Return the path of the built-in table."""
    from auditor.ruleset.loader import builtin_rules_dir  # lazy: avoids an import cycle

    return builtin_rules_dir() / "gazetteer" / "transliteration.yaml"


@functools.lru_cache(maxsize=1)
def builtin_table() -> Table:
    """Return the built-in table (validated by the rule loader like every rule file)."""
    from auditor.ruleset.loader import safe_load  # lazy: PyYAML only when a name needs it
    from auditor import usercache  # the table parsed once per user, not once per process (PyYAML's import and parse)

    path = table_path()
    raw = path.read_bytes()
    return usercache.memo(
        "tables",
        ("transliteration", raw),
        lambda: parse_table((safe_load(raw.decode("utf-8-sig")) or {}).get("transliteration")),
        lambda v: isinstance(v, Table),
    )


class Transliterator:
    """Skeletons and distances under one table, memoised: the same names recur across documents."""

    def __init__(self, table: Table) -> None:
        self.table = table
        # Consonant forms before vowel forms (a "ju" must not swallow its j), longest first,
        # then file order: the skeleton takes the first that fits.
        self._skeleton_forms = sorted(
            ((form, c.key, c) for c in table.classes for form in c.forms if form),
            key=lambda item: (not item[1], -len(item[0])),
        )
        # Spelling -> (priority, symbol, class), best first: a few dict reads per letter.
        self._by_text: dict[str, list[tuple[int, str, Equivalence, bool]]] = {}
        for rank, (form, key, cls) in enumerate(self._skeleton_forms):
            self._by_text.setdefault(form, []).append((rank, key, cls, cls.at == "any" and not cls.before))
        self._longest_form = max((len(form) for form, _, _ in self._skeleton_forms), default=1)
        self._empty = tuple((i, c) for i, c in enumerate(table.classes) if "" in c.forms)
        # form -> (class index, class, True when it fits anywhere), by first letter
        self._forms_by_first: dict[str, list[tuple[str, int, Equivalence, bool]]] = {}
        for i, c in enumerate(table.classes):
            for form in c.forms:
                if form:
                    anywhere = c.at == "any" and not c.before
                    self._forms_by_first.setdefault(form[0], []).append((form, i, c, anywhere))
        self._skeletons: dict[str, str] = {}
        # (a, b) -> (distance, True), or (floor, False): the distance is beyond floor (computed under a cutoff)
        self._distances: dict[tuple[str, str], tuple[float, bool]] = {}
        self._match_memo: dict[str, list[dict[int, tuple[int, ...]]]] = {}
        self._weights = tuple(c.weight for c in table.classes)
        self._longest = max((len(f) for c in table.classes for f in c.forms), default=1) or 1

    # -- skeleton ----------------------------------------------------------------------

    def skeleton(self, name: str) -> str:
        """Return the consonant skeleton of a name: equivalent spellings folded, vowels dropped, repeats merged."""
        found = self._skeletons.get(name)
        if found is None:
            if len(self._skeletons) > 200_000:
                self._skeletons.clear()
            found = self._skeletons[name] = self._skeleton(_letters(name))
        return found

    def _skeleton(self, word: str) -> str:
        """Compute the skeleton of lowercase letters `word`: at each letter, the first form in priority order that fits."""
        out: list[str] = []
        by_text = self._by_text
        longest = self._longest_form
        i, n = 0, len(word)
        while i < n:
            best: tuple[int, str, int] | None = None  # (priority, symbol, length)
            for length in range(min(longest, n - i), 0, -1):
                for rank, key, cls, anywhere in by_text.get(word[i : i + length], ()):
                    if (best is None or rank < best[0]) and (anywhere or _fits(cls, word, i, i + length)):
                        best = (rank, key, length)
                        break  # later entries for this text rank lower
            if best is None:
                symbol, step = ("" if word[i] in VOWELS else word[i].upper()), 1
            else:
                _, symbol, step = best
            if symbol and not (out and out[-1].endswith(symbol)):
                out.append(symbol)
            i += step
        return "".join(out)

    # -- distance ----------------------------------------------------------------------

    def distance(self, a: str, b: str) -> float:
        """Return the weighted edit distance of two names: equivalences cost their weight, other edits a full edit."""
        return self.letters_distance(_letters(a), _letters(b))

    def letters_distance(self, a: str, b: str, cutoff: float = float("inf")) -> float:
        """Return distance(a, b) for plain letters a-z; any value above `cutoff` means "farther than cutoff" (memoised)."""
        if a == b:
            return 0.0
        memo_key = (a, b) if a <= b else (b, a)
        found = self._distances.get(memo_key)
        if found is not None:
            value, exact = found
            # An inexact entry only knows the distance is beyond `value`: it answers tighter cutoffs.
            if exact or cutoff < value:
                return value
        if len(self._distances) > 200_000:
            self._distances.clear()
        value, exact, floor = self._distance(*memo_key, cutoff)
        self._distances[memo_key] = (round(value, 3), True) if exact else (floor, False)
        return round(value, 3)

    def _matches(self, word: str) -> list[dict[int, tuple[int, ...]]]:
        """For each position of `word` (and its end), class -> lengths of the forms that fit there (memoised)."""
        found = self._match_memo.get(word)
        if found is None:
            if len(self._match_memo) > 100_000:
                self._match_memo.clear()
            found = self._match_memo[word] = self._find_matches(word)
        return found

    def _find_matches(self, word: str) -> list[dict[int, tuple[int, ...]]]:
        """Compute _matches(word)."""
        n = len(word)
        out: list[dict[int, tuple[int, ...]]] = [{} for _ in range(n + 1)]
        for c, cls in self._empty:
            for i in range(n + 1):
                if _fits(cls, word, i, i):
                    out[i][c] = (0,)
        by_first = self._forms_by_first
        for i in range(n):
            here = out[i]
            for form, c, cls, anywhere in by_first.get(word[i], ()):
                if word.startswith(form, i) and (anywhere or _fits(cls, word, i, i + len(form))):
                    here[c] = (*here.get(c, ()), len(form))
        return out

    def _distance(self, a: str, b: str, cutoff: float) -> tuple[float, bool, float]:
        """Dynamic programme over both words: (distance, True, distance), or (a value above `cutoff`, False, a floor the distance exceeds)."""
        table = self.table
        edit, doubled, vowel = table.edit, table.doubled, table.vowel
        weights = self._weights
        ma, mb = self._matches(a), self._matches(b)
        n, m = len(a), len(b)
        cutoff += 1e-9  # sums of weights carry float noise: 0.3 + 0.7 must stay within 1.0
        # Deleting or inserting one letter of a doubled pair costs `doubled`, any other letter `edit`.
        del_a = [doubled if (i and a[i] == a[i - 1]) or (i + 1 < n and a[i] == a[i + 1]) else edit for i in range(n)]
        ins_b = [doubled if (j and b[j] == b[j - 1]) or (j + 1 < m and b[j] == b[j + 1]) else edit for j in range(m)]
        vowel_b = [c in VOWELS for c in b]
        inf = float("inf")
        d = [[inf] * (m + 1) for _ in range(n + 1)]
        d[0][0] = 0.0
        reach = self._longest
        for i in range(n + 1):
            row = d[i]
            here_a = ma[i]
            if i < n:
                below = d[i + 1]
                ai, cost_del = a[i], del_a[i]
                sub_vowel = vowel if ai in VOWELS else edit
            for j in range(m + 1):
                here = row[j]
                if here > cutoff:  # costs only add up: nothing from here can come back under
                    continue
                if i < n and here + cost_del < below[j]:
                    below[j] = here + cost_del
                if j < m:
                    if here + ins_b[j] < row[j + 1]:
                        row[j + 1] = here + ins_b[j]
                    if i < n:
                        cost = here if ai == b[j] else here + (sub_vowel if vowel_b[j] else edit)
                        if cost < below[j + 1]:
                            below[j + 1] = cost
                if here_a:
                    here_b = mb[j]
                    if here_b:
                        for c in here_a.keys() & here_b.keys():
                            cost = here + weights[c]
                            for la in here_a[c]:
                                target = d[i + la]
                                for lb in here_b[c]:
                                    if (la or lb) and cost < target[j + lb]:
                                        target[j + lb] = cost
            if i < n:
                # Every path to the end enters a later row from a finished one: the least value
                # already written there bounds the distance from below.
                bound = min(min(d[k]) for k in range(i + 1, min(n, i + reach) + 1))
                if bound > cutoff:
                    return bound, False, cutoff
        # Cells beyond the cutoff were not expanded: above it, d[n][m] only says "farther".
        if d[n][m] > cutoff:
            return d[n][m], False, cutoff
        return d[n][m], True, d[n][m]

    def deletions(self, skeleton: str) -> Iterator[str]:
        """Yield the skeleton with one symbol deleted, for blocks that survive one dropped consonant."""
        seen = set()
        for i in range(len(skeleton)):
            key = skeleton[:i] + skeleton[i + 1 :]
            if key not in seen:
                seen.add(key)
                yield key


def _fits(cls: Equivalence, word: str, start: int, end: int) -> bool:
    """True when a form of `cls` may stand at word[start:end] (position and following letter)."""
    if cls.at == "start" and start != 0:
        return False
    if cls.at == "end" and end != len(word):
        return False
    if cls.before and (end >= len(word) or word[end] not in cls.before):
        return False
    return True


_NON_LETTER_RE = re.compile(r"[^a-z]+")


def _letters(name: str) -> str:
    """Return the plain lowercase letters of a name (accents, spaces and hyphens gone)."""
    return _NON_LETTER_RE.sub("", plain(name))


@functools.lru_cache(maxsize=1)
def builtin() -> Transliterator:
    """Return the transliterator of the built-in table, one per worker."""
    return Transliterator(builtin_table())


def skeleton(name: str) -> str:
    """Return the consonant skeleton of `name` under the built-in table."""
    return builtin().skeleton(name)


def distance(a: str, b: str) -> float:
    """Return the weighted edit distance of `a` and `b` under the built-in table."""
    return builtin().distance(a, b)


def table_error_path(key: str) -> list[Any]:
    """Turn a dotted error key into the YAML path below `transliteration` (list indexes as ints)."""
    return ["transliteration", *(int(p) if p.isdigit() else p for p in key.split(".") if p)]

