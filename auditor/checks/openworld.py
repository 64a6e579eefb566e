"""The open-world name check: garbled names of people no gazetteer holds (auditor/entities/openworld.py)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping

from auditor import usercache
from auditor.checks import Hit, Resources, memoised, register
from auditor.checks.entities import _tokens, document_runs
from auditor.document import Document
from auditor.entities.gazetteer import builtin_first_names, load_first_names, load_ranks
from auditor.entities.openkey import builtin_table as builtin_english_keys, match as open_key_match
from auditor.entities.openworld import GivenNames, HeardGiven, OpenName, PairNames, Respelled, Word, find_open_names, surname_fingerprint
from auditor.entities.pivotkey import builtin_table as builtin_keys, key as sound_key
from auditor.entities.pivot import KNOWN_MIN_LENGTH, KnownNames, builtin_known, builtin_names, builtin_reversals, candidates, name_like, respellings, slavic_ending
from auditor.entities.blocking import SkeletonBlocks
from auditor.entities.nativepivot import Native, builtin_table as native_table, builtin_words as native_words, partner as native_partner, restore as native_restore
from auditor.entities.translit import Transliterator, builtin as builtin_translit
from auditor.lang.frequencies import LEXICON_LANGUAGES, TABLE_LANGUAGES, frequency_table, wordfreq_tokens, zipf
from auditor.ruleset.loader import builtin_rules_dir

MAX_MEMO = 200_000  # runs remembered per worker: bounded memory in long nightly runs
PAIR_MAX_COST = 0.3  # one pivot change at most between a garbled given name and the common one
PAIR_GIVEN_BAND = 3  # the restored given name: a common one (census rank 2,000 or better)
# Both halves respelled (openworld._both): the given name restored within this weight and this
# common among the census given names (or a listed one); the surname within this weight, a
# name this well known (wordfreq or census band) and this much better known than the word.
BOTH_GIVEN_COST = 0.4
BOTH_GIVEN_RANK = 1500
BOTH_SURNAME_COST = 0.7
BOTH_SURNAME_ZIPF = 2.5
BOTH_SURNAME_GAP = 1.0
BOTH_COST_ZIPF = 1.0  # ...plus this much per unit of weight: a far-fetched surname must be famous
BOTH_SEARCH_LIMIT = 60  # spellings tried per word, cheapest first
HEARD_GIVEN_MIN_LENGTH = 5  # a given name heard with its surname heard too: shorter than openkey's lone words ("Stenli")
HEARD_SURNAME_MIN_LENGTH = 5  # a surname heard after a listed heard given name ("Laïls"): the given name is evidence already
HEARD_SURNAME_UNSEEN_ZIPF = 1.0  # ...and one wordfreq (almost) never saw in French or English (openworld.UNSEEN_ZIPF)
UNDOUBLED_MIN_LENGTH = 5  # a surname written with a doubled consonant single ("Hidleston")...
UNDOUBLED_NAME_ZIPF = 2.0  # ...of a name English text writes this often (openkey.ONE_CHANGE_ZIPF)
ENGLISH_SURNAME_BAND = 3  # a surname of English alone after a heard given name: among the census's commonest (rank 2,000 or better)...
ENGLISH_SURNAME_GAP = 0.25  # ...and this much more frequent in English than in any other lexicon language
NATIVE_MIN_LENGTH = 5  # a word restored to a native spelling (entities/nativepivot.py): shorter ones restore to some word by chance
REAL_ELSEWHERE_ZIPF = 2.0  # a rendering this frequent in a language that writes names natively is a real name there (Braian, Toni)


# A name word with a particle merged in and a hyphen or apostrophe ("de nouvelle-galles"):
# lang.frequencies.zipf answers either shape alone from its table, but this one from wordfreq,
# whose import and French list cost a worker 0.15 s, for one word before a pair. (The standard re
# module, as there: these plain character ranges match the same, faster.)
_SPACED_COMPOUND_RE = re.compile(r"[a-zà-öø-ÿæœ]+(?:[ '’-][a-zà-öø-ÿæœ]+)+")


def run_zipf(word: str, language: str = "fr") -> float:
    """Return zipf(word, language); words joined by spaces and hyphens or apostrophes read from the table, as zipf reads each shape."""
    if " " in word and language in TABLE_LANGUAGES and _SPACED_COMPOUND_RE.fullmatch(word):
        table = frequency_table(language)
        if table is not None and table.combines:
            # wordfreq splits at spaces as at hyphens: the tokens of each part, combined.
            return table.combined_zipf([token for part in word.split(" ") for token in wordfreq_tokens(part)])
    return zipf(word, language)


class ListedPairNames(PairNames):
    """The pair evidence from the pivot reverse table and the census names filter, memoised per word."""

    def __init__(self, given: GivenNames, names: KnownNames) -> None:
        self.given = given
        self.names = names
        self.reversals = builtin_reversals()
        # Each question's answers, per worker: names recur in many runs and documents.
        self._restored = memoised(self._restored_given, MAX_MEMO)
        self._given_respelled_memo = memoised(self._given_respelled, MAX_MEMO)
        self._surname_respelled_memo = memoised(self._surname_respelled, MAX_MEMO)
        self._heard = memoised(self._given_heard, MAX_MEMO)
        self._pairs_heard = memoised(lambda pair: self._both_heard(*pair), MAX_MEMO)
        self._surname_heard_memo = memoised(self._surname_heard, MAX_MEMO)
        self._undoubled_memo = memoised(self._surname_undoubled, MAX_MEMO)
        self._native_memo = memoised(self._native_word, MAX_MEMO)
        self._english_memo = memoised(self._english_surname, MAX_MEMO)

    def restored_given(self, word: str) -> str:
        return self._restored(word)

    def given_respelled(self, word: str) -> Respelled | None:
        return self._given_respelled_memo(word)

    def surname_respelled(self, word: str) -> Respelled | None:
        return self._surname_respelled_memo(word)

    def given_heard(self, word: str) -> str:
        return self._heard(word)

    def both_heard(self, given: str, surname: str) -> tuple[str, str] | None:
        return self._pairs_heard((given, surname))

    def heard_listed(self, word: str) -> HeardGiven | None:
        return heard_given_table().get(word)

    def surname_heard(self, word: str) -> str:
        return self._surname_heard_memo(word)

    def surname_undoubled(self, word: str) -> str:
        return self._undoubled_memo(word)

    def english_surname(self, word: str) -> bool:
        return self._english_memo(word)

    def _english_surname(self, word: str) -> bool:
        if self.names.band(word) < ENGLISH_SURNAME_BAND or slavic_ending(word):
            return False
        # Every language's news writes an English celebrity's name, English the most: well ahead of each
        # other lexicon language (not German "Meyer", Spanish "Ojeda", Swedish "Larsen", nor "Taylor", "Wong").
        english = zipf(word, "en") - ENGLISH_SURNAME_GAP
        return all(zipf(word, language) < english for language in LEXICON_LANGUAGES if language not in ("en", "fr"))

    def native(self, first: str, second: str) -> tuple[str, str, str] | None:
        # Either word may be the one heard (the surname mostly, "Klaus Myakelya"; the given name too).
        for garbled, other, garbled_first in ((second, first, False), (first, second, True)):
            for native in self._native_memo(garbled):
                spelling = native_partner(other, native.language, native_table(), native_words())
                if spelling:
                    return (native.spelling, spelling, native.language) if garbled_first else (spelling, native.spelling, native.language)
        return None

    def _native_word(self, word: str) -> tuple[Native, ...]:
        # Only a word no French or English text writes, long enough, of letters a-z (plain): most name words stop here.
        if len(word) < NATIVE_MIN_LENGTH or not (word.isascii() and word.isalpha()):
            return ()
        if zipf(word, "fr") >= HEARD_SURNAME_UNSEEN_ZIPF or zipf(word, "en") >= HEARD_SURNAME_UNSEEN_ZIPF:
            return ()
        return native_restore(word, native_table(), native_words())  # nothing for most words: no change of the pivot's own to undo

    def _surname_undoubled(self, word: str) -> str:
        # Russian writes some doubled letters once (Хидлстон); a word no lexicon, census or other language
        # knows that is a well-known name with its doubled consonants written once is that name.
        if len(word) < UNDOUBLED_MIN_LENGTH or not (word.isascii() and word.isalpha()) or self.names.band(word) or self.known(word):
            return ""
        if max(zipf(word, "en"), zipf(word, "fr")) >= HEARD_SURNAME_UNSEEN_ZIPF or slavic_ending(word):
            return ""
        found = [
            keyed
            for table in (builtin_english_keys(), builtin_keys())
            for keyed in table.names(sound_key(word))
            if keyed.zipf >= UNDOUBLED_NAME_ZIPF and keyed.name != word and _single(keyed.name) == word
        ]
        return max(found, key=lambda keyed: (keyed.zipf, keyed.name)).name if found else ""

    def _surname_heard(self, word: str) -> str:
        # The English surname behind a pivot fingerprint (Kh for H) or heard by ear with none ("Batler" for Butler).
        # (Not the other languages' filter: Serbian writes English surnames by ear too, "Batler".)
        if not (word.isascii() and word.isalpha()) or self.names.band(word):
            return ""
        if max(zipf(word, "en"), zipf(word, "fr")) >= HEARD_SURNAME_UNSEEN_ZIPF:
            return ""  # a word wordfreq sees is a name or a word as written (Farrell, Khamenei), not one heard
        hint = surname_fingerprint(word, zipf, self.known)
        if hint:
            # A fingerprint with no English name behind it (Persian "Khamenei", Chinese "Zhengfei") is no English surname heard.
            return "" if hint == "?" else hint.casefold()
        keyed = open_key_match(word, (builtin_english_keys(), builtin_keys()), builtin_translit(), HEARD_SURNAME_MIN_LENGTH)
        return keyed.name if keyed is not None else ""

    def _restored_given(self, word: str) -> str:
        # A word listed itself is a real name (Kasper), whatever it is one change from.
        if word.isascii() and word.isalpha() and not self.names.band(word):
            for _, spelling in candidates(word, self.reversals, PAIR_MAX_COST, limit=20):
                if spelling in self.given.known or self.names.band(spelling) >= PAIR_GIVEN_BAND:
                    return spelling
        return ""

    def listed(self, word: str) -> bool:
        return self.names.band(word) > 0

    def known(self, word: str) -> bool:
        return len(word) >= KNOWN_MIN_LENGTH and word in builtin_known()

    def _given_respelled(self, word: str) -> Respelled | None:
        if not (word.isascii() and word.isalpha()) or len(word) < 3 or self._common_given(word):
            return None
        for cost, spelling, fingerprint in respellings(word, self.reversals, BOTH_GIVEN_COST, BOTH_SEARCH_LIMIT):
            if self._common_given(spelling):
                return Respelled(spelling, cost, fingerprint)
        return None

    def _given_heard(self, word: str) -> str:
        # A word another language writes (the filter), or a name the census lists, is a real
        # given name: Portuguese "Sidnei" is no Sydney, though Serbian "Vinston" is Winston.
        if word.isascii() and word.isalpha() and not self.known(word) and not self.names.band(word):
            keyed = open_key_match(word, (builtin_english_keys(), builtin_keys()), builtin_translit())
            if keyed is not None and self._common_given(keyed.name):
                return keyed.name
        return ""

    def _both_heard(self, given: str, surname: str) -> tuple[str, str] | None:
        # The other languages' filter is no veto here (see openworld._both_heard); a census name is.
        if not (given.isascii() and given.isalpha() and surname.isascii() and surname.isalpha()) or self.names.band(given):
            return None
        tables, translit = (builtin_english_keys(), builtin_keys()), builtin_translit()
        heard_given = open_key_match(given, tables, translit, HEARD_GIVEN_MIN_LENGTH)
        if heard_given is None or not self._common_given(heard_given.name):
            return None
        heard_surname = open_key_match(surname, tables, translit)
        if heard_surname is None or heard_surname.zipf < BOTH_SURNAME_ZIPF or heard_surname.name in census_given_ranks():
            return None
        return heard_given.name, heard_surname.name

    def common_given(self, word: str) -> bool:
        return self._common_given(word)

    def _common_given(self, word: str) -> bool:
        return word in self.given.known or census_given_ranks().get(word, BOTH_GIVEN_RANK + 1) <= BOTH_GIVEN_RANK

    def _surname_respelled(self, word: str) -> Respelled | None:
        if not (word.isascii() and word.isalpha()) or len(word) < 3:
            return None
        floor = max(BOTH_SURNAME_ZIPF, self._standing(word) + BOTH_SURNAME_GAP)
        # The best known for its cost: a famous name two vowels away explains the word better
        # than an obscure one a vowel away ("Mur": Moore, not Mure).
        best: tuple[float, str, float, bool] | None = None  # (-(standing - cost charge), spelling, cost, fingerprint)
        for cost, spelling, fingerprint in respellings(word, self.reversals, BOTH_SURNAME_COST, BOTH_SEARCH_LIMIT):
            if slavic_ending(spelling):
                continue  # two romanisations of one Slavic name, no Western original
            standing = self._standing(spelling)
            score = (-(standing - BOTH_COST_ZIPF * cost), spelling, cost, fingerprint)
            if standing >= floor + BOTH_COST_ZIPF * cost and (best is None or score < best):
                best = score
        return Respelled(best[1], best[2], best[3]) if best is not None else None

    def _standing(self, word: str) -> float:
        """How well known `word` is as a name: its census band's value, or its wordfreq value where French and English use it alike."""
        known = max(zipf(word, "en"), zipf(word, "fr")) if name_like(word, zipf) else 0.0
        return max(self.names.zipf(word), known)


def _single(spelling: str) -> str:
    """Return a spelling with its doubled consonants written once, doubled vowels kept ("hiddleston": "hidleston")."""
    return "".join(c for i, c in enumerate(spelling) if not i or spelling[i - 1] != c or c in "aeiouy")


@functools.lru_cache(maxsize=1)
def census_given_ranks() -> dict[str, int]:
    """Return the census given names (rules/gazetteer/census_given_names.tsv, tools/build_pivot_given.py) with their rank."""
    return load_ranks(builtin_rules_dir() / "gazetteer" / "census_given_names.tsv")


@functools.lru_cache(maxsize=1)
def heard_given_table() -> dict[str, HeardGiven]:
    """Return the listed pivot renderings of common English given names (rules/gazetteer/heard_given.tsv, tools/build_heard_given.py)."""
    out: dict[str, HeardGiven] = {}
    path = builtin_rules_dir() / "gazetteer" / "heard_given.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        rendering, name, _cyrillic, _ru, elsewhere, listed = line.split("\t")
        out[rendering] = HeardGiven(name, float(elsewhere) >= REAL_ELSEWHERE_ZIPF, listed == "1")
    return out


_ANALYSERS: dict[int, tuple[tuple[Any, ...], Callable[[str], tuple[OpenName, ...]]]] = {}


_GIVEN: dict[int, tuple[tuple[Any, ...], GivenNames]] = {}


def given_names_for(resources: Resources) -> GivenNames:
    """Return the worker's known given names for this gazetteer (the built-in lists and the entries' first names)."""
    entries = tuple(resources.gazetteer)
    hit = _GIVEN.get(id(resources.gazetteer))
    if hit is not None and hit[0] == entries:
        return hit[1]
    names = set(builtin_first_names())
    common = builtin_rules_dir() / "gazetteer" / "given_names_common.txt"
    if common.is_file():
        names.update(load_first_names(common))
    for entry in resources.gazetteer:
        names.update(getattr(entry, "first_names", ()))
    given = _cached_given_names(frozenset(names), builtin_translit())
    _GIVEN[id(resources.gazetteer)] = (entries, given)
    return given


@dataclass(frozen=True)
class GivenTables:
    """A `GivenNames` as the user cache keeps it: its attributes, and its blocks as their tables."""

    attributes: Mapping[str, Any]
    blocks: Mapping[str, Any]


def _cached_given_names(names: frozenset[str], translit: Transliterator) -> GivenNames:
    """Return the `GivenNames` of `names`, read from the user cache when an earlier process blocked them (a tenth of a one-article start-up)."""

    def build() -> GivenTables:
        given = GivenNames(names, translit)
        return GivenTables(usercache.state_of(given, "blocks"), given.blocks.tables())

    parts = ("given-names", "\n".join(sorted(names)), repr(translit.table))
    stored = usercache.memo("given-names", parts, build, lambda v: isinstance(v, GivenTables), keep=4)
    return usercache.restored(GivenNames, stored.attributes, blocks=SkeletonBlocks.restored(stored.blocks, translit))


def open_names_for(resources: Resources) -> Callable[[str], tuple[OpenName, ...]]:
    """Return the worker's memoised run analysis for this gazetteer, shared with the pivot check (one finding per span)."""
    entries = tuple(resources.gazetteer)
    hit = _ANALYSERS.get(id(resources.gazetteer))
    if hit is not None and hit[0] == entries:
        return hit[1]
    given = given_names_for(resources)
    pair = ListedPairNames(given, builtin_names())
    memo: dict[str, tuple[OpenName, ...]] = {}

    def analyse(run: str) -> tuple[OpenName, ...]:
        if len(memo) > MAX_MEMO:
            memo.clear()
        found = memo.get(run)
        if found is None:
            words = [Word(t.start, t.end, t.text, t.plain) for t in _tokens(run)]
            found = memo[run] = tuple(find_open_names(words, given, run_zipf, pair)) if len(words) >= 2 else ()
        return found

    _ANALYSERS[id(resources.gazetteer)] = (entries, analyse)
    return analyse


@register("unknown-garbled", params=[])
def unknown_garbled(params: Mapping[str, Any], resources: Resources):
    """Flag a garbled given name, or a pivot-romanised surname after a known given name, of any person."""
    analyse = open_names_for(resources)

    def detect(doc: Document) -> Iterator[Hit]:
        # The runs are the entity checks' own: found once per document, whichever check asks first.
        for start, run in document_runs(doc):
            if " " not in run:  # one word: no given name + surname pair
                continue
            for name in analyse(run):
                yield Hit(start + name.start, start + name.end, (name.suggestion,) if name.suggestion else (), name.detail)

    return detect
