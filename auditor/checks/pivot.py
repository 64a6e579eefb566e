"""The pivot-garbled name check: any entity's name spelled through Russian and back (auditor/entities/pivot.py)."""

from __future__ import annotations

import functools
from array import array
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping, Sequence

import regex

from auditor.checks import Hit, Resources, register
from auditor.checks.entities import analyser_for, document_runs, remember, run_texts
from auditor.checks.openworld import given_names_for, open_names_for
from auditor.document import Document
from auditor.entities.gazetteer import PARTICLES, plain
from auditor.entities.nouns import person_context
from auditor.entities.openworld import MIN_RESPELLED_LENGTH, GivenNames, respelled_surnames
from auditor.entities.openkey import builtin_table as builtin_english_keys, match as open_key_match, without_initial_w
from auditor.entities.phonetic import MIN_LENGTH as HEARD_MIN_LENGTH, builtin_table as builtin_phonetic, hear
from auditor.entities.pivotkey import builtin_table as builtin_keys, match as key_match
from auditor.checks.pairgarble import with_garbled_pairs
from auditor.entities.pivot import (
    EVIDENCE_MIN_LENGTH,
    MIN_LENGTH,
    STRONG_NAME_ZIPF,
    Lexicon,
    Restored,
    builtin_known,
    builtin_names,
    builtin_reversals,
    georgian_ending,
    name_case,
    name_like,
    restore,
    pivot_only,
    restore_weak,
    slavic_ending,
    sure_fingerprint,
    dj_only,
)
from auditor.entities.translit import builtin as builtin_translit
from auditor.entities.typos import DROPPED, Misspelled, NameList, builtin_names as builtin_typo_names, merged, misspelled, name_list
from auditor.lang.frequencies import LEXICON_LANGUAGES, frequent_sieve, letters_zipf, zipf

MAX_MEMO = 200_000  # words remembered per worker: bounded memory in long nightly runs
ENGLISH_KNOWN = ("en", "fr", "names")  # Restored.language of a name English or French text, or the census lists, know
COMMON_WORD_ZIPF = 3.0  # a capitalised word this frequent in French opens a sentence ("Selon"), no name part
# A lone word wordfreq never saw in French or English (nor the filter in 18 other languages),
# one re-spelled vowel from a well-known name-like word, is that name alone ("Hemingwei"):
# one cheap change, an unseen word and a famous name together.
LONE_MAX_COST = 0.3
NAME_WORD_ZIPF = 2.5  # ...and a word before it this frequent in both French and English, about equally, is a name
GIVEN_GARBLED_ZIPF = 2.5  # a rare word within the transliteration budget of a given name is that name garbled (openworld)
# A surname alone where a person is named (a verb of saying after it, a title before it) may
# be restored to a less famous name, by one or two cheap changes: "Tunberg a déclaré".
PERSON_NAME_ZIPF = 2.0
PERSON_MAX_COST = 0.4
UNSEEN_ZIPF = 1.0  # a lone word below this in French and English (and unknown to the filter) may respell a surname of its document...
# ...written after a given name before it, this close: an article names a person in full, then
# by the surname (a file of many articles must not pair two people of two articles).
RESPELLED_WINDOW = 3000
# An English name written by ear (entities/phonetic.py) stands alone when the name is well
# known for the word's distance from its rendering (a far-fetched one must be famous:
# "Gollivud" for Hollywood at 0.5), and within HEARD_ALONE_COST; else it needs evidence.
HEARD_ALONE_COST = 0.5
HEARD_ALONE_ZIPF = 3.0
HEARD_COST_ZIPF = 2.0
# ...and with evidence, within this, and with a pivot fingerprint (entities/pivot._SURE_RE: Kh,
# Dj...) or none to undo: a rare real surname a vowel from some English one is common in the
# news ("Litvine": Litwin), a given name before a German "Faeser" (Pfizer at 0.6) no evidence.
HEARD_WEAK_COST = 0.3
CYRILLIC_ONLY = "cyrillic"  # Restored.language of a word restored to itself: its letters alone show the pivot
# Restored.language of a word that shares a name's sound key (entities/pivotkey.py). A name
# this well known stands alone; a less known one (any of the key table) needs evidence: after
# a given name or a capitalised word French seldom writes (KEYED_BEFORE_ZIPF: a name's first
# part, not "Selon"), or alone where a person is named.
KEYED = "sound key"
KEYED_COST = 0.5
KEYED_ALONE_ZIPF = STRONG_NAME_ZIPF
KEYED_GIVEN_ZIPF = 1.5
KEYED_BEFORE_ZIPF = 4.0
# A word that shares a name's sound key with no pivot fingerprint (entities/openkey.py; its
# Restored is not `strong`) never stands alone, however well known the name: a real rare name
# shares keys with English ones. It needs a given name before it (known, or itself garbled),
# a garbled word beside it, or to stand alone where a person is named.

# A capitalised word of a run, whole, of plain letters a-z and long enough to judge
# (pivot.EVIDENCE_MIN_LENGTH; MIN_LENGTH without evidence): no letter or mark glued on
# either side ("Gómez" holds no such word).
_WORD_RE = regex.compile(rf"(?<![\p{{L}}\p{{M}}])[A-Z][a-z]{{{EVIDENCE_MIN_LENGTH - 1},}}(?![\p{{L}}\p{{M}}])")
# Every word of a run, capitalised or a particle, to know what stands beside a word.
_RUN_WORD_RE = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)?")
_ELISION_RE = regex.compile(r"^(?:[dlmnst]|qu|jusqu|lorsqu|puisqu)['’](?=\p{Lu})")
_JOINER_RE = regex.compile(r"[ \t]+|[ \t]*[‐-][ \t]*")
# A surname alone that stands for a person beyond a verb of saying or a title: an attribution
# before it ("Pour X, ...", "Selon X"), or the subject of a negated verb ("X n'exclut pas").
_ATTRIBUTED_BEFORE_RE = regex.compile(r"(?:^|[^\p{L}])(?:pour|selon|d['’]après)\s+$", regex.IGNORECASE)
_NEGATED_AFTER_RE = regex.compile(r"\s+(?:ne\s+|n['’])\p{L}")
ATTRIBUTION_WINDOW = 20  # characters looked at before the word


def _heard_allowed(standing: float) -> float:
    """Return the distance a rendering may be from a word for the standing of its name: what stands alone, or what evidence may vouch for."""
    return max(HEARD_WEAK_COST, min(HEARD_ALONE_COST, (standing - HEARD_ALONE_ZIPF) / HEARD_COST_ZIPF))


def _named_alone(text: str, start: int, end: int) -> bool:
    """True when a surname alone at [start, end) stands for a person: where a person is named, after an attribution, or as the subject of a negated verb."""
    if person_context(text, start, end) or _NEGATED_AFTER_RE.match(text, end):
        return True
    return _ATTRIBUTED_BEFORE_RE.search(text, max(0, start - ATTRIBUTION_WINDOW), start) is not None


def _person_may_vouch(w: RunWord) -> bool:
    """True when a word with no evidence in its run takes a person named around it as evidence."""
    return w.end - w.start >= MIN_LENGTH and (
        w.restored.name_zipf >= STRONG_NAME_ZIPF or (w.ends_run and w.restored.name_zipf >= PERSON_NAME_ZIPF and w.restored.cost <= PERSON_MAX_COST)
    )


def _alone_may_vouch(w: RunWord) -> bool:
    """True when a word with no evidence in its run takes its standing alone for a person as evidence."""
    return w.restored.language in (CYRILLIC_ONLY, KEYED) and w.ends_run


def _garbled_detail(written: str, restored: Restored) -> str:
    """Return what the finding says of one garbled word."""
    if restored.language == CYRILLIC_ONLY:
        return f"'{written}' is spelled as a romanisation of a Russian form ('{pivot_only(restored.word)}': French and English never write it so)"
    if restored.language == KEYED:
        return f"'{written}' sounds like {name_case(restored.name, written)} written by ear through Russian"
    return f"'{written}' looks like {name_case(restored.name, written)} spelled through Russian"


@dataclass(frozen=True)
class RunWord:
    """One restored word of a run: its offsets in the run, its restoration, and the evidence it has there ('' for none)."""

    start: int
    end: int
    restored: Restored
    # "" when flagged on its own (a pivot fingerprint, five letters or more); else why; "?" for
    # none in the run (the document may bring some), "-" for none in a longer name either.
    evidence: str
    ends_run: bool = False  # no name word after it in its run: a surname alone, no given name before another word


@dataclass(frozen=True)
class RunShape:
    """What a run says about the document's names: its lone words (offsets in the run) and the surname it ends a full name with."""

    lone: tuple[tuple[int, int, str], ...]
    surname: str  # "" when the run is no given name + surname


def run_shape(run: str, given: GivenNames, unseen: Callable[[str], bool]) -> RunShape:
    """Split a run into lone name words no lexicon knows (after no name word) and the surname of a full name ("Anna Lindqvist")."""
    names = _name_words(run)
    lone = []
    surname = ""
    for i, (s, word) in enumerate(names):
        before = names[i - 1][1] if i else None
        if before is None or not _given_like(before, given):
            # Only the words that may be respellings: a run's shape is asked of every run.
            if len(word) >= MIN_RESPELLED_LENGTH and word[:1].isupper() and not word.isupper() and unseen(plain(word)):
                lone.append((s, s + len(word), word))
        elif i == len(names) - 1 and word[:1].isupper() and not word.isupper():
            surname = word
    return RunShape(tuple(lone), surname)


# Letters English and French names do not use: a surname holding one is of another language.
_FOREIGN_LETTERS_RE = regex.compile(r"[ćčšžđłńśźżřěůőűñãõţşğı]")
OTHER_SURNAME_GAP = 1.0  # a surname this much more frequent in another lexicon language than in English is of that language
OTHER_SURNAME_ZIPF = 4.0


def _native_given(word: str, surname: str) -> bool:
    """True when a word before a surname of another language (Spanish Murillo, Serbian Petrović) is that language's given name.

    A Russian pivot respells English names; Jeison before Murillo and Djordje before
    Petrović are Colombian and Serbian names written as their bearers write them. A word
    with a fingerprint only Cyrillic gives (Dzh, Kh) stays a pivot's, whatever follows it.
    """
    lower = word.lower()
    if sure_fingerprint(lower) and not dj_only(lower):
        return False
    if _FOREIGN_LETTERS_RE.search(surname.lower()):
        return True
    key = plain(surname)
    english = zipf(key, "en")
    # Below OTHER_SURNAME_ZIPF: a word that language uses everywhere is no surname there (German "allen": Jeremy Allen White).
    return any(
        english + OTHER_SURNAME_GAP <= zipf(key, language) < OTHER_SURNAME_ZIPF for language in LEXICON_LANGUAGES if language not in ("en", "fr")
    )


def _given_like(word: str, given: GivenNames) -> bool:
    """True for a word that may be a given name before a surname: a listed one, a name-like word, or no common French word."""
    key = plain(word)
    return key in given.known or zipf(key, "fr") < COMMON_WORD_ZIPF or name_like(key, zipf)


def _name_words(run: str) -> list[tuple[int, str]]:
    """Return (offset, word) of a run's name words in order: particles left out, an elided article cut off ("d'Elton" is Elton)."""
    names = []
    for m in _RUN_WORD_RE.finditer(run):
        if m.group().casefold() not in PARTICLES:
            elided = _ELISION_RE.match(m.group())
            cut = elided.end() if elided else 0
            names.append((m.start() + cut, m.group()[cut:]))
    return names


@functools.lru_cache(maxsize=1)
def shared_lexicon() -> Lexicon:
    """Return the worker's lexicon of plain words, shared by the checks here: they ask about the same capitalised words."""
    # Every word asked about is plain letters a-z: one wordfreq token, answered by the tables.
    return Lexicon(letters_zipf, LEXICON_LANGUAGES[:2], LEXICON_LANGUAGES[2:], frequent_sieve)


@register("pivot-garbled", params=[])
def pivot_garbled(params: Mapping[str, Any], resources: Resources):
    """Flag a capitalised word no language knows whose pivot changes undone give a name wordfreq knows well."""
    reversals = builtin_reversals()
    lexicon = shared_lexicon()
    memo: dict[str, tuple[Restored | None, Restored | None]] = {}
    run_memo: dict[str, tuple[tuple[RunWord, ...], RunShape] | tuple[()]] = {}  # runs recur across documents ("Allemagne")
    quiet: set[str] = set()  # runs that say nothing (judged (), or too short to judge)
    surname_only: set[str] = set()  # runs that only end a full name with its surname
    unseen_memo: dict[str, bool] = {}
    translit = builtin_translit()
    open_names = None
    given = None

    def judge(word: str) -> tuple[Restored | None, Restored | None]:
        """Return (the restoration that stands alone, the one that needs evidence) of a word: at most one is set."""
        found = memo.get(word)
        if found is None:
            if len(memo) > MAX_MEMO:
                memo.clear()
            lower = word.lower()
            alone = restore(lower, lexicon, reversals, builtin_known, builtin_names) if len(word) >= MIN_LENGTH else None
            if alone is not None and alone.language not in ENGLISH_KNOWN and dj_only(lower):
                # French writes Dj for the J of Arabic, Balkan or Turkish names ("Djerbi", "Djerad"): a Dj alone stands for
                # the Дж of an English name, one English text or the census knows (Jagger), not Italian "Gerbi" or German "Gerad".
                alone = None
            heard = heard_as(lower) if alone is None else None
            if heard is not None and heard.cost <= HEARD_ALONE_COST and heard.name_zipf >= HEARD_ALONE_ZIPF + HEARD_COST_ZIPF * heard.cost:
                alone, heard = heard, None
            elif heard is not None and (heard.cost > HEARD_WEAK_COST or (heard.cost and not sure_fingerprint(lower))):
                heard = None
            weak = None if alone is not None else restore_weak(lower, lexicon, reversals, builtin_known, builtin_names) or heard
            if alone is None and weak is None:
                weak = keyed_as(lower)
                if weak is not None and weak.strong and weak.name_zipf >= KEYED_ALONE_ZIPF:
                    alone, weak = weak, None
                elif weak is None:
                    weak = spelled_through_cyrillic(lower)
            elif weak is not None and weak.name_zipf < STRONG_NAME_ZIPF and (keyed := keyed_as(lower)) is not None and not keyed.strong:
                # A restoration too little known to take a given name before it as evidence: the
                # sound key's weaker bar does, for the same name (Lenkford: Lankford).
                weak = keyed if keyed.name == weak.name else weak
            found = memo[word] = (alone, weak)
        return found

    def spelled_through_cyrillic(lower: str) -> Restored | None:
        """Return a word no lexicon knows, with letters only a romanisation of Cyrillic writes, as its own restoration (no suggestion), or None.

        Nothing tells the name it was garbled from, so it counts only as a surname alone
        where a person is named (the evidence of a weak restoration of a little-known name).
        """
        if len(lower) < MIN_LENGTH or not pivot_only(lower) or slavic_ending(lower) or georgian_ending(lower) or not unseen(lower) or builtin_names().band(lower):
            return None  # a Russian or Georgian surname is written with Kh in French too ("Zakharova", "Kobakhidze")
        return Restored(lower, lower, 0.0, lexicon.best(lower)[0], PERSON_NAME_ZIPF, CYRILLIC_ONLY, True)

    def keyed_as(lower: str) -> Restored | None:
        """Return the name a word no lexicon knows (nor the census lists) shares a sound key with, through a pivot's spelling, or None."""
        if len(lower) < MIN_LENGTH or not unseen(lower) or builtin_names().band(lower):
            return None
        found = key_match(lower, builtin_keys())
        if found is not None:
            return Restored(lower, found.name, KEYED_COST, lexicon.best(lower)[0], found.zipf, KEYED, True)
        found = open_key_match(lower, (builtin_english_keys(), builtin_keys()), translit)
        if found is None:
            return None
        # An initial U for W is a pivot's spelling too ("Uilkinson"): French writes Ou, Japanese Ue- names match no W name.
        return Restored(lower, found.name, KEYED_COST, lexicon.best(lower)[0], found.zipf, KEYED, without_initial_w(lower, found.name)[2] > 0)

    def heard_as(lower: str) -> Restored | None:
        """Return the English name a word no lexicon knows (nor the census lists) renders by ear through Russian, or None."""
        if len(lower) < HEARD_MIN_LENGTH or not unseen(lower) or builtin_names().band(lower):
            return None
        heard = hear(lower, builtin_phonetic(), translit, _heard_allowed)
        if heard is None:
            return None
        return Restored(lower, heard.name, heard.distance, lexicon.best(lower)[0], heard.standing, "phonetic", False)

    def judge_run(run: str) -> tuple[tuple[RunWord, ...], RunShape] | tuple[()]:
        """Return a run's restored words and its shape (lone words, surname), or () when it has none of them; memoised per run."""
        nonlocal given
        found = run_memo.get(run)
        if found is None:
            if len(run_memo) > MAX_MEMO:
                run_memo.clear()
            if given is None:
                given = given_names_for(resources)
            words, shape = _run_words(run), run_shape(run, given, unseen)
            found = run_memo[run] = (words, shape) if words or shape.lone or shape.surname else ()
        return found

    def _run_words(run: str) -> tuple[RunWord, ...]:
        nonlocal given
        judged = [(m.start(), m.end(), judge(m.group())) for m in _WORD_RE.finditer(run)]
        if not any(alone or weak for _, _, (alone, weak) in judged):
            return ()
        # The run's name words in order: what stands beside each word.
        names = _name_words(run)
        position = {start: i for i, (start, _) in enumerate(names)}
        restored_at = {s: alone or weak for s, _, (alone, weak) in judged if alone or weak}
        out = []
        for s, e, (alone, weak) in judged:
            if alone is not None:
                i = position.get(s)
                if i is not None and i + 1 < len(names) and _native_given(run[s:e], names[i + 1][1]):
                    continue
                out.append(RunWord(s, e, alone, ""))
                continue
            if weak is None:
                continue
            i = position.get(s)
            before = names[i - 1] if i else None
            after = names[i + 1] if i is not None and i + 1 < len(names) else None
            # A word beside a name part (a rare word, a given name) is part of a longer name:
            # a title or a verb of saying around it says nothing about this word.
            alone = not any(n is not None and zipf(n[1].casefold(), "fr") < COMMON_WORD_ZIPF for n in (before, after))
            # A sound key's match with no fingerprint stands for a surname alone, at the end of its
            # run: before another name word it is a given name's place (openworld's to judge).
            evidence = "?" if alone and (after is None or weak.strong or weak.language != KEYED) else "-"
            if any(n is not None and n[0] in restored_at for n in (before, after)):
                evidence = "beside another garbled word"
            elif before is not None and weak.name_zipf >= (KEYED_GIVEN_ZIPF if weak.language == KEYED else STRONG_NAME_ZIPF):
                if given is None:
                    given = given_names_for(resources)
                key = plain(before[1])
                if key in given.known:
                    evidence = f"after the given name {before[1]}"
                elif zipf(key, "fr") < GIVEN_GARBLED_ZIPF and zipf(key, "en") < GIVEN_GARBLED_ZIPF and (near := given.nearest(key)):
                    evidence = f"after {before[1]}, a garbled given name ({near})"
                elif before[1].istitle() and len(key) > 2 and min(zipf(key, "fr"), zipf(key, "en")) >= NAME_WORD_ZIPF and name_like(key, zipf):
                    # A word French and English text use alike is a name ("Elton"), though no list holds it.
                    evidence = f"after the name {before[1]}"
                elif (
                    weak.language == KEYED
                    and not weak.strong
                    and after is None
                    and before[1].istitle()
                    and len(key) > 2
                    and zipf(key, "fr") < COMMON_WORD_ZIPF
                    and max(zipf(key, "fr"), zipf(key, "en")) >= NAME_WORD_ZIPF
                    and name_like(key, zipf)
                ):
                    # ...and so is one less common in French, a given name of another origin ("Anil").
                    evidence = f"after the name {before[1]}"
                elif weak.language == KEYED and weak.strong and after is None and before[1].istitle() and len(key) > 1 and zipf(key, "fr") < KEYED_BEFORE_ZIPF:
                    # A pivot's spelling of a name's sound ends a full name: its surname ("Tom Barridzh").
                    evidence = f"after {before[1]}, a first name"
            out.append(RunWord(s, e, weak, evidence, after is None))
        return tuple(out)

    def detect(doc: Document) -> Iterator[Hit]:
        # Where runs with restored words start, and per start the (run, words) pair shared by
        # every use of that run: a page may repeat one name 900,000 times.
        found_at: array = array("q")
        found: list[tuple[str, tuple[RunWord, ...]]] = []
        pairs: dict[str, tuple[str, tuple[RunWord, ...]]] = {}
        lone: list[tuple[int, int, str]] = []
        surnames: dict[str, array] = {}  # surname -> where the document writes it after a given name
        runs = document_runs(doc)
        # A document has dozens of runs, nearly all seen before and with nothing to say: its
        # distinct runs less those (a set difference, at C speed) are all that needs a look.
        live = run_texts(doc).difference(quiet)
        if not live or live.issubset(surname_only):
            return  # a surname after a given name only serves to pair a lone word with
        said: dict[str, tuple[tuple[RunWord, ...], RunShape]] = {}
        for run in live:
            judged = judge_run(run) if len(run) >= EVIDENCE_MIN_LENGTH else ()
            if judged:
                said[run] = judged
                if not judged[0] and not judged[1].lone:
                    remember(surname_only, run, MAX_MEMO)
            else:
                remember(quiet, run, MAX_MEMO)
        if surname_only.issuperset(said):
            return
        for start, run in runs:
            judged = said.get(run)
            if judged is None:
                continue
            words, shape = judged
            if words:
                pair = pairs.get(run)
                if pair is None:
                    pair = pairs[run] = (run, words)
                found_at.append(start)
                found.append(pair)
            if shape.lone:
                lone += [(start + a, start + b, w) for a, b, w in shape.lone]
            if shape.surname:
                at = surnames.get(shape.surname)
                if at is None:
                    at = surnames[shape.surname] = array("q")
                at.append(start)
        if not found and not lone:
            return
        # A word the document itself spells right after a given name takes that spelling as
        # its suggestion, over the name a lexicon restores; a restored name of several words
        # stays one finding.
        respelled = _respelled_hits(lone, surnames) if lone and surnames else []
        own = {(h.start, h.end) for h in respelled}
        hits = [h for h in _restored_hits(doc.text, found_at, found, list(pairs.values())) if (h.start, h.end) not in own]
        hits += [h for h in respelled if not any(x.start < h.end and h.start < x.end for x in hits)]
        hits.sort(key=lambda h: (h.start, h.end))
        yield from hits

    def _restored_hits(
        text: str, found_at: Sequence[int], found: list[tuple[str, tuple[RunWord, ...]]], distinct: Sequence[tuple[str, tuple[RunWord, ...]]]
    ) -> Iterator[Hit]:
        """Hits of the words whose pivot changes undone give a name (with the evidence each needs), from the runs (starting at `found_at`) that have some.

        `distinct` holds each (run, words) pair of `found` once: a page may repeat one name
        900,000 times, and all its occurrences share one pair.
        """
        if not found:
            return
        # The names flagged with evidence from their own run count as evidence for the same
        # name alone elsewhere in the document ("Stiven Spilberg" ... "Spilberg a dit").
        flagged = {w.restored.name for _, words in distinct for w in words if w.evidence not in ("?", "-")}

        def kept_words(start: int, words: tuple[RunWord, ...]) -> list[tuple[RunWord, str]]:
            """The words of a run at `start` with the evidence they have there."""
            kept: list[tuple[RunWord, str]] = []
            for w in words:
                evidence = w.evidence
                if evidence in ("?", "-"):
                    if w.restored.name in flagged:
                        evidence = "as elsewhere in the document"
                    elif evidence == "?" and _person_may_vouch(w) and person_context(text, start + w.start, start + w.end):
                        evidence = "where a person is named"
                    elif evidence == "?" and _alone_may_vouch(w) and _named_alone(text, start + w.start, start + w.end):
                        evidence = "a surname alone that stands for a person"
                    elif (
                        evidence == "?"
                        and w.end - w.start >= MIN_LENGTH
                        and w.restored.name_zipf >= STRONG_NAME_ZIPF
                        and w.restored.cost <= LONE_MAX_COST
                        and w.restored.word_zipf == 0
                    ):
                        evidence = "one vowel from a well-known name no language spells so"
                    else:
                        continue
                kept.append((w, evidence))
            return kept

        # A run none of whose words asks the text around it (whether a person is named there)
        # keeps the same words at every occurrence: judged once.
        same_everywhere = {
            id(pair): kept_words(0, pair[1])
            for pair in distinct
            if not any(w.evidence == "?" and w.restored.name not in flagged and (_person_may_vouch(w) or _alone_may_vouch(w)) for w in pair[1])
        }
        runs_kept: list[tuple[int, str, list[tuple[RunWord, str]]]] = []
        if len(same_everywhere) < len(distinct):
            for start, pair in zip(found_at, found):
                if id(pair) not in same_everywhere:
                    runs_kept.append((start, pair[0], kept_words(start, pair[1])))
        # A word flagged once, on any evidence, is the same garble wherever the document writes it
        # again ("Khaniuell a annoncé ... Khaniuell espère"): the evidence of one use holds for all.
        written = {(run[w.start : w.end], w.restored.name) for _, run, kept in runs_kept for w, _ in kept}
        written.update((pair[0][w.start : w.end], w.restored.name) for pair in distinct if id(pair) in same_everywhere for w, _ in same_everywhere[id(pair)])

        def run_hits(run: str, words: tuple[RunWord, ...], kept: list[tuple[RunWord, str]]) -> Iterator[tuple[int, int, tuple[str, ...], str]]:
            """The hits of one run, with offsets in the run."""
            nonlocal open_names
            if len(kept) < len(words):
                have = {id(w) for w, _ in kept}
                kept = kept + [(w, "as elsewhere in the document") for w in words if id(w) not in have and (run[w.start : w.end], w.restored.name) in written]
                kept.sort(key=lambda k: k[0].start)
            if not kept:
                return
            if open_names is None:
                open_names = open_names_for(resources)
            claimed = [(n.start, n.end) for n in open_names(run)] if " " in run else []
            kept = [k for k in kept if not any(a < k[0].end and k[0].start < b for a, b in claimed)]
            # Garbled words next to each other in a run are one name: one finding, one suggestion.
            groups: list[list[tuple[RunWord, str]]] = []
            for k in kept:
                if groups and _JOINER_RE.fullmatch(run, groups[-1][-1][0].end, k[0].start):
                    groups[-1].append(k)
                else:
                    groups.append([k])
            for group in groups:
                a, b = group[0][0].start, group[-1][0].end
                fixed, pos = [], a
                for w, _ in group:
                    fixed += [run[pos : w.start], name_case(w.restored.name, run[w.start : w.end])]
                    pos = w.end
                detail = "; ".join(_garbled_detail(run[w.start : w.end], w.restored) + (f" ({evidence})" if evidence else "") for w, evidence in group)
                # A word restored to itself gives no suggestion: only its letters show the pivot.
                suggestion = "".join(fixed)
                yield a, b, (suggestion,) if suggestion != run[a:b] else (), detail

        # Each run judged the same everywhere gives the same hits, in the order of its words, at each occurrence.
        hits_of = {key: list(run_hits(pair[0], pair[1], same_everywhere[key])) for pair in distinct if (key := id(pair)) in same_everywhere}
        if not runs_kept and not any(hits_of.values()):
            return
        judged_at = iter(runs_kept)
        # The hits of a run depend only on it and on the words kept there with their evidence.
        hits_kept: dict[tuple[int, tuple[tuple[int, str], ...]], list[tuple[int, int, tuple[str, ...], str]]] = {}
        for start, pair in zip(found_at, found):
            relative = hits_of.get(id(pair))
            if relative is None:
                _, _, kept = next(judged_at)
                key = (id(pair), tuple([(id(w), evidence) for w, evidence in kept]))
                relative = hits_kept.get(key)
                if relative is None:
                    relative = hits_kept[key] = list(run_hits(pair[0], pair[1], kept))
            for a, b, suggestions, detail in relative:
                yield Hit(start + a, start + b, suggestions, detail)

    def unseen(key: str) -> bool:
        found = unseen_memo.get(key)
        if found is None:
            if len(unseen_memo) > MAX_MEMO:
                unseen_memo.clear()
            found = unseen_memo[key] = key.isascii() and key.isalpha() and lexicon.best(key)[0] < UNSEEN_ZIPF and key not in builtin_known()
        return found

    def _respelled_hits(lone: list[tuple[int, int, str]], surnames: Mapping[str, Sequence[int]]) -> list[Hit]:
        """Hits of the lone words that respell, as a pivot does, a surname the document writes after a given name."""
        respelled = respelled_surnames((w for _, _, w in lone), surnames, translit, unseen)
        out = []
        for a, b, word in lone:
            r = respelled.get(word)
            if r is None:
                continue
            if not any(0 < a - at <= RESPELLED_WINDOW for at in surnames[r.surname]):
                continue
            out.append(Hit(a, b, (r.surname,), f"'{word}' looks like {r.surname}, as the document writes it after a given name, spelled through Russian"))
        return out

    return with_garbled_pairs(detect, resources, unseen)


# fr.entity.misspelled-name (entities/typos.py): a name this well known in French and English
# is flagged wherever the word stands; a less known one only after a known given name, or
# alone where a person is named.
MISSPELLED_ALONE_ZIPF = 3.0
MISSPELLED_MIN_LENGTH = 6  # entities/typos.MIN_LENGTH: no shorter word is asked


def _typo_names(resources: Resources) -> tuple[NameList, frozenset[str], frozenset[str]]:
    """Return the names a misspelled word may come from (the built-in list and the gazetteer's), the gazetteer's alone, and every word of its forms."""
    index = analyser_for(resources).index  # compiled once per worker for every entity check
    written = {w for form in index.accepted for w in form.replace("-", " ").split() if len(w) >= MISSPELLED_MIN_LENGTH}
    # Surnames and one-word names: a given name is no entity's name alone.
    listed = frozenset(w for w in written if w.isascii() and w.isalpha() and w not in index.given_names)
    return merged(builtin_typo_names(), name_list(listed)), listed, frozenset(written) | index.given_names


@register("misspelled-name", params=[])
def misspelled_name(params: Mapping[str, Any], resources: Resources):
    """Flag a capitalised word no language knows that one letter dropped or two letters swapped make of a well-known or gazetteer name."""
    lexicon = shared_lexicon()
    memo: dict[str, tuple[Misspelled | None]] = {}
    run_memo: dict[str, tuple[tuple[int, int, Misspelled, str], ...]] = {}
    quiet: set[str] = set()  # runs with no misspelled word
    given = None
    # (every name a word may come from, the gazetteer's names, every word of its forms)
    names: tuple[NameList, frozenset[str], frozenset[str]] | None = None

    def judge(word: str) -> Misspelled | None:
        """Return the name a capitalised word misspells, or None."""
        nonlocal names
        found = memo.get(word)
        if found is None:
            if len(memo) > MAX_MEMO:
                memo.clear()
            lower = word.lower()
            found = (None,)
            # Only a word no lexicon, no other language and no census list knows, and none a
            # pivot marks (pivot-garbled's): real names are one letter from famous ones too.
            if (
                lexicon.best(lower)[0] < UNSEEN_ZIPF
                and not sure_fingerprint(lower)
                and lower not in builtin_known()
                and not builtin_names().band(lower)
            ):
                if names is None:
                    names = _typo_names(resources)
                # A spelling the gazetteer accepts is a name as written (its variants, its mined forms).
                if lower not in names[2]:
                    found = (misspelled(lower, letters_zipf, names[0], names[1]),)
            memo[word] = found
        return found[0]

    def judge_run(run: str) -> tuple[tuple[int, int, Misspelled, str], ...]:
        """Return (start, end, misspelling, evidence) of a run's misspelled words: evidence '?' when the document must give it (a lone surname where a person is named), '-' for none in the run."""
        nonlocal given
        found = run_memo.get(run)
        if found is None:
            if len(run_memo) > MAX_MEMO:
                run_memo.clear()
            out: list[tuple[int, int, Misspelled, str]] = []
            words = None
            for m in _WORD_RE.finditer(run):
                if m.end() - m.start() < MISSPELLED_MIN_LENGTH or (typo := judge(m.group())) is None:
                    continue
                if typo.name_like and typo.name_zipf >= MISSPELLED_ALONE_ZIPF:
                    out.append((m.start(), m.end(), typo, ""))
                    continue
                if words is None:
                    words = _name_words(run)
                i = next((k for k, (start, _) in enumerate(words) if start == m.start()), None)
                before = words[i - 1][1] if i else None
                after = words[i + 1][1] if i is not None and i + 1 < len(words) else None
                if before is not None:
                    if given is None:
                        given = given_names_for(resources)
                    if plain(before) in given.known:
                        out.append((m.start(), m.end(), typo, f"after the given name {before}"))
                        continue
                # A common French word beside the word opens the sentence ("Selon"): no name part.
                alone = not any(n is not None and zipf(n.casefold(), "fr") < COMMON_WORD_ZIPF for n in (before, after))
                out.append((m.start(), m.end(), typo, "?" if alone else "-"))
            if out:
                # A gazetteer name the entity checks already report as garbled is theirs: one finding per name.
                claimed = [(f.start, f.end) for f in analyser_for(resources).analyse_run(run) if f.kind in ("garbled", "variant") and not f.needs_context]
                out = [o for o in out if not any(a < o[1] and o[0] < b for a, b in claimed)]
            found = run_memo[run] = tuple(out)
        return found

    def detect(doc: Document) -> Iterator[Hit]:
        runs = document_runs(doc)
        live = run_texts(doc).difference(quiet)
        if not live:
            return
        said = {}
        for run in live:
            judged = judge_run(run) if len(run) >= MISSPELLED_MIN_LENGTH else ()
            if judged:
                said[run] = judged
            else:
                remember(quiet, run, MAX_MEMO)
        if not said:
            return
        text = doc.text
        found: list[tuple[int, int, str, Misspelled, str]] = []  # (start, end, written, misspelling, evidence)
        pending: list[tuple[int, int, str, Misspelled, str]] = []  # the same, still needing evidence
        for start, run in runs:
            for a, b, typo, evidence in said.get(run, ()):
                if evidence == "?" and _named_alone(text, start + a, start + b):
                    evidence = "a surname alone that stands for a person"
                (pending if evidence in ("?", "-") else found).append((start + a, start + b, run[a:b], typo, evidence))
        if not found:
            return
        # A word flagged once is the same misspelling wherever the document writes it again.
        flagged = {w[2] for w in found}
        found += [(a, b, written, typo, "as elsewhere in the document") for a, b, written, typo, _ in pending if written in flagged]
        found.sort(key=lambda w: (w[0], w[1]))
        for a, b, written, typo, evidence in found:
            how = "a letter dropped" if typo.edit == DROPPED else "two letters swapped"
            fixed = name_case(typo.name, written)
            detail = f"'{written}' looks like {fixed} with {how}" + (f" ({evidence})" if evidence else "")
            yield Hit(a, b, (fixed,), detail)

    return detect
