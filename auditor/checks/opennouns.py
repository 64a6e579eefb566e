"""The open-world name-as-noun check: names rendered as common nouns, for people no gazetteer holds (auditor/entities/opennouns.py)."""

from __future__ import annotations

import functools
from typing import Any, Iterator, Mapping

from auditor.checks import Hit, Resources, register
from auditor.checks.entities import _tokens, document_runs, run_texts
from auditor.document import Document
from auditor.entities.gazetteer import builtin_first_names, load_first_names, plain
from auditor.entities.censusnames import english_bearer
from auditor.entities.described import find_described
from auditor.entities.compounds import TABLE_NAME as COMPOUNDS_TABLE, CompoundTable, find_compounds, read_table as read_compounds, run_phrases
from auditor.entities.agentless import abroad, builtin_table as agentless_table, find_agentless, is_name
from auditor.entities.namewords import TABLE_NAME as NAME_WORDS, NameWord, find_name_words, french_subject, later_uses, read_words
from auditor.entities.opennouns import MAX_EMIGRANT_RANK, Lexicon, Word, builtin_table, english_name, find_open_nouns, joined_parts, lowercase_renderings, may_match, named_lowercase, reverse_table
from auditor.lang.frequencies import zipf
from auditor.ruleset.loader import builtin_rules_dir

ENGLISH_GIVEN_NAME = "given_names_english.txt"  # see tools/build_english_given.py
FRENCH_SURNAMES = "surnames_fr_common.txt"
MIN_FRENCH_LEAD = 1.0  # Zipf by which French text must write a bare noun more than English, as pivot.NAME_LIKE_GAP
MIN_BORROWED_ZIPF = 2.3  # Zipf from which English text writes a French word: a French name it borrows (Carrefour 2.45)
MAX_MEMO = 200_000  # runs remembered per worker: bounded memory in long nightly runs


def _listed(name: str) -> frozenset[str]:
    """The names of the built-in list rules/gazetteer/`name`, or none when it is absent."""
    path = builtin_rules_dir() / "gazetteer" / name
    return load_first_names(path) if path.is_file() else frozenset()


def _given_names(resources: Resources, lists: Mapping[str, bool]) -> set[str]:
    """The built-in first names, those of the gazetteer lists named in `lists` (unaccented too where True), and the gazetteer entries' own."""
    names = set(builtin_first_names())
    for name, unaccented in lists.items():
        names.update(n for g in _listed(name) for n in ((g, plain(g)) if unaccented else (g,)))
    for entry in resources.gazetteer:
        names.update(n.casefold() for n in getattr(entry, "first_names", ()))
    return names


@register("open-name-as-noun", params=[])
def open_name_as_noun(params: Mapping[str, Any], resources: Resources):
    """Flag an English name word rendered as a French common noun next to the rest of the name ('Kate Mousse')."""
    table = builtin_table()
    # Given names that are French nouns (Aurore, Fleur), as written and unaccented: renderings are looked up both ways.
    given_names = frozenset(_given_names(resources, {"given_names_common.txt": False, "nouns.given_fr.txt": True}))
    french_surnames = _listed(FRENCH_SURNAMES)
    english_given = _listed(ENGLISH_GIVEN_NAME)
    reverse = reverse_table(table)  # English words whose French translation may stand for them in the same document
    # Run -> its words and whether they can make a match (may_match) or only name the English word one translates.
    memo: dict[str, tuple[tuple[Word, ...], bool]] = {}
    live: set[str] = set()  # the runs of memo with words: a document takes its own by a set intersection, at C speed
    able: set[str] = set()  # the runs of memo that can make a match
    word_zipf = functools.lru_cache(maxsize=1 << 16)(zipf)  # pure, and asked of the same names in every document
    agentless: dict[str, tuple[str, ...]] = {}  # plain key -> the written forms of the nouns that cannot act, feelings left out
    for noun, row in sorted(agentless_table().items()):
        if not row.feeling:
            agentless[plain(noun)] = (*agentless.get(plain(noun), ()), noun)
    lexicon = Lexicon(table, given_names, word_zipf, french_surnames, reverse, english_given, agentless=agentless)
    dropped: tuple[tuple[Word, ...], bool] = ((), False)

    def words_of(run: str) -> tuple[tuple[Word, ...], bool]:
        """The run's words and True when they can make a match (see may_match); a lone English name and False; else ((), False)."""
        words = tuple(Word(t.start, t.end, t.text, t.plain) for t in _tokens(run))
        if not words:
            return dropped
        if may_match(words, lexicon):
            return words, True
        # A joined name's English part ("SharkNinja") may be rendered lowercase too ("le requin a...").
        return (words, False) if len(words) == 1 and (english_name(words[0], lexicon) or joined_parts(words[0].text, lexicon)) else dropped

    def detect(doc: Document) -> Iterator[Hit]:
        if len(memo) > MAX_MEMO:
            memo.clear()
            live.clear()
            able.clear()
        texts = run_texts(doc)
        # A document's runs read before are settled by set operations; only its new ones are read, in any order (words_of is pure).
        for run in texts.difference(memo):
            words, can = memo[run] = words_of(run)
            if words:
                live.add(run)
            if can:
                able.add(run)
        present = live.intersection(texts)
        # Most documents: no run can make a match, and an English name alone is a finding only rendered lowercase after an
        # article (named_lowercase); a document with neither is done.
        if able.isdisjoint(present):
            if present:
                renderings = [r for run in sorted(present) for r in lowercase_renderings(memo[run][0][0], lexicon)]
                for found in named_lowercase(doc.text, renderings, lexicon) if renderings else ():
                    yield Hit(found.start, found.end, (found.suggestion,), found.detail)
            return
        runs = []
        singles = []
        for start, run in document_runs(doc):
            if run in present:
                words = memo[run][0]
                if len(words) == 1:
                    singles.append((start, words[0]))
                else:
                    runs.append((start, words))
        for found in find_open_nouns(doc.text, runs, lexicon, singles):
            yield Hit(found.start, found.end, (found.suggestion,) if found.suggestion else (), found.detail)

    return detect


@register("agentless-noun", params=[])
def agentless_noun(params: Mapping[str, Any], resources: Resources):
    """Flag a noun that cannot act (an animal, a food, a tool) acting as a person or a company ('Glaçon a annoncé')."""
    table = agentless_table()
    words_path = builtin_rules_dir() / "gazetteer" / NAME_WORDS
    words = read_words(words_path) if words_path.is_file() else {}
    runs_read: dict[str, object] = {}  # run -> the name it ends with, read once per worker (see namewords.name_of_run)
    runs_dead: set[str] = set()  # runs read as no name: most documents have only these
    given = _given_names(resources, {"given_names_common.txt": True, "nouns.given_fr.txt": True, ENGLISH_GIVEN_NAME: True})
    surnames = {plain(n) for n in _listed(FRENCH_SURNAMES)}
    # A bare speaker may bear any INSEE surname of the open table's words, as the open check's speaker does ("Fosse a refusé").
    every = frozenset(surnames | set(builtin_table().french_ranks))
    names = {plain(form) for entry in resources.gazetteer for form in entry.accepted if " " not in form.strip()}
    given_, names_ = frozenset(given), frozenset(names)
    word_zipf = functools.lru_cache(maxsize=1 << 12)(zipf)

    def shared(word: str) -> bool:
        """True when English text writes the word nearly as often as French: a name at home in both (Khan, Bombardier)."""
        key = word.casefold()
        return word_zipf(key, "fr") - word_zipf(key, "en") < MIN_FRENCH_LEAD

    def named(word: str) -> bool:
        return is_name(word, given_, every, names_) or shared(word)

    def borrowed(word: str) -> bool:
        """True when English text writes the word: a French name English news borrows (Carrefour, Safran)."""
        return word_zipf(word.casefold(), "en") >= MIN_BORROWED_ZIPF

    open_surnames, french_ranks = builtin_table().surnames, builtin_table().french_ranks

    def census_english(word: str) -> bool:
        """True for a word rendering an English surname the census finds far more often than the word (Canard: Drake)."""
        key = plain(word)
        english = open_surnames.get(key)
        return bool(english) and english_bearer(key, english[0])

    def named_person(word: str) -> bool:
        """`named` for an English-speaking person, whose French surname must be one emigrants took along (INSEE's first hundred:
        Fontaine, Chevalier) or one the census finds among English speakers near as often as the English surname it renders."""
        if is_name(word, given_, frozenset(), names_) or shared(word):
            return True
        key = plain(word)
        if key not in every:
            return False
        return french_ranks.get(key, MAX_EMIGRANT_RANK + 1) <= MAX_EMIGRANT_RANK or not census_english(word)

    def listed(word: str) -> bool:
        """True when the given-name or gazetteer lists hold the word."""
        return is_name(word, given_, frozenset(), names_)

    def renamed_company(word: str) -> bool:
        """`named` without the French surname lists: after a kind noun a company's name, not a person's."""
        return listed(word) or shared(word)

    def detect(doc: Document) -> Iterator[Hit]:
        if len(runs_read) > MAX_MEMO:
            runs_read.clear()
            runs_dead.clear()
        found = find_agentless(doc.text, table, named)
        # Names rendered as common words where French wants a name (auditor/entities/namewords.py); those an agentless finding covers are its.
        spans = [(f.start, f.end) for f in found]
        renamed = [w for w in find_name_words(doc.text, document_runs(doc), words, named, runs_read, renamed_company, run_texts(doc), runs_dead, borrowed, named_person, census_english, listed) if not any(s < w.end and w.start < e for s, e in spans)]
        # A noun its sentence's opening describes as a person or a company (auditor/entities/described.py).
        described = [d for d in find_described(doc.text, table) if not any(s < d.end and d.start < e for s, e in spans)]
        # Capitalised, it may be a French company's or artist's name, unless the document is about the English-speaking world;
        # a described noun too, for a French company may bear a common word.
        if (renamed or described or any(f.capitalised for f in found)) and not abroad(doc.text, (w for run in run_texts(doc) for w in run.split()), word_zipf):
            found, renamed, described = [f for f in found if not f.capitalised], [], []
        if renamed and french_subject(doc.text):
            renamed = []  # a French (Belgian, Swiss, Quebec) company or artist bears a French word: Printemps, Aigle
        # A name the agentless table found bare is the same name when used again with an article ("le monstre a gagné").
        bare = [NameWord(f.start, f.end, f.suggestion, f.detail) for f in found if f.capitalised]
        taken = {(f.start, f.end) for f in found}
        again = [w for w in later_uses(doc.text, bare) if not any(s < w.end and w.start < e for s, e in taken)]
        hits: dict[tuple[int, int], tuple[str, str]] = {}
        for f in [*found, *described, *renamed, *again]:  # one finding a span: a later use both paths read is one
            hits.setdefault((f.start, f.end), (f.suggestion, f.detail))
        for (start, end), (suggestion, detail) in sorted(hits.items()):
            yield Hit(start, end, (suggestion,), detail)

    return detect


@register("compound-rendering", params=[])
def compound_rendering(params: Mapping[str, Any], resources: Resources):
    """Flag an English compound name rendered word by word, written as a name ('Pierre de Feu' for Firestone)."""
    path = builtin_rules_dir() / "gazetteer" / COMPOUNDS_TABLE
    table = read_compounds(path) if path.is_file() else CompoundTable({})
    word_zipf = functools.lru_cache(maxsize=1 << 12)(zipf)
    # Run of capitalised words -> the first words of the phrases it holds ("Pierre de Feu": pierre), read
    # once per worker: a document takes its runs that hold one by set operations at C speed, and most have none.
    memo: dict[str, frozenset[str]] = {}
    live: set[str] = set()

    def detect(doc: Document) -> Iterator[Hit]:
        if len(memo) > MAX_MEMO:
            memo.clear()
            live.clear()
        texts = run_texts(doc)
        for run in texts.difference(memo):
            held = memo[run] = run_phrases(run, table)
            if held:
                live.add(run)
        present = live.intersection(texts)
        if not present:  # most documents: no phrase can start
            return
        found = find_compounds(doc.text, frozenset().union(*(memo[run] for run in present)), table)
        # A French brand or book may bear such a phrase: only in a document about the English-speaking world.
        if found and abroad(doc.text, (w for run in texts for w in run.split()), word_zipf):
            for c in found:
                yield Hit(c.start, c.end, (c.suggestion,), c.detail)

    return detect
