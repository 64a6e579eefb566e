"""The East Asian pivot check: Chinese and Japanese names spelled through Russian and back (auditor/entities/cjk.py)."""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

import regex

from auditor.kinds.regexes import compiled as compiled_regex  # start-up patterns come back compiled from the user cache
from auditor.checks import Hit, Resources, register
from auditor.checks.entities import document_runs, remember, run_texts
from auditor.checks.openworld import BOTH_GIVEN_RANK, census_given_ranks
from auditor.document import Document
from auditor.entities.cjk import NAMES, STRONG, SYSTEMS, WEAK, Reading, builtin_syllables, read_syllables, read_word, spelled_in, table_path, valid_as_written
from auditor.entities.gazetteer import builtin_first_names
from auditor.entities.pivot import KNOWN_MIN_LENGTH, builtin_known, georgian_ending
from auditor.lang.frequencies import letters_zipf, zipf

MAX_MEMO = 200_000  # runs remembered per worker: bounded memory in long nightly runs
MAX_NAME_WORDS = 3  # a Chinese or Japanese name: surname and given name, a given name in two parts at most
SURNAME_WORD_ZIPF = 4.5  # a respelled Chinese surname this frequent in English is that English word ("Go", "Day")
MAX_SUGGESTIONS = 4  # more readings than this: alternatives in the message, no suggestion
# A word with only a weak mark (Kh, Ts, ia, iu, v for w, si, ti) counts where the document is
# about the country and the word is one no language writes: never seen in French or English
# (Sia, Ivan, Khan and Van are; so are the rare French spellings of Russian names, Soukhoumi),
# nor in the filter of 18 other languages (Iulia, Iasi). wordfreq gives 1.0 or more to any word it has.
UNSEEN_ZIPF = 0.5
# A capitalised word before the name this frequent in French, and this much more frequent than
# in English, opens the sentence or is a title ("Selon", "Président"); a name is about as
# frequent in both ("Ricardo"), and a name with a word that no system reads is no such name.
OPENER_ZIPF = 3.5
OPENER_GAP = 1.0
# Words before a name that open a sentence or a title, and segment like syllables ("La", "Le").
_OPENERS = frozenset({"le", "la", "les", "un", "une", "de", "du", "des", "et", "en", "a", "au", "aux", "ce"})
# The name is in a story about China or Japan: the country, its people, a city or the currency
# is named within CONTEXT_WINDOW characters (a paragraph or so; a digest of short news items
# that names Japan in another item says nothing about a street name).
CONTEXT_WINDOW = 300
CONTEXT = {
    "zh": compiled_regex(
        r"\b(?:chine|chinois(?:e|es)?|p[ée]kin|shanghai|hong[ -]kong|ta[iï]wan(?:ais|aise|aises)?|shenzhen|wuhan|"
        r"canton|guangzhou|tianjin|chongqing|xinjiang|tibet|macao|yuans?|renminbi|communiste chinois)\b",
        regex.IGNORECASE,
    ),
    "ja": compiled_regex(
        r"\b(?:japon|japonais(?:e|es)?|nippon(?:e|es|ne|nes)?|tokyo|osaka|kyoto|yokohama|hiroshima|nagasaki|"
        r"okinawa|fukushima|sapporo|nikkei|yens?)\b",
        regex.IGNORECASE,
    ),
}
# A name only pinyin spells so (X, Q and Zh before a vowel: "Xu", "Qian", "Zhou"), written as pinyin,
# says the story is about China as well as the country's name does.
_PINYIN_ONLY_RE = compiled_regex(r"(?<![\p{L}\p{M}])(?:X|Q|Zh)[a-z]+(?![\p{L}\p{M}])")
# Russian and Armenian surnames romanised end so ("Yarovaya", "Buranova", "Karapetian"); a
# Chinese or Japanese word through the pivot never does, except Palladius -ian (янь, yan).
_SLAVIC_END = {
    "zh": compiled_regex(r"(?:ov|ev|ova|eva|aya|enko|vich|vna)$"),
    "ja": compiled_regex(r"(?:ov|ev|ova|eva|aya|enko|vich|vna|ian|yan)$"),
}
_WORD_RE = compiled_regex(r"[^\s‐-]+")
_ELISION_RE = compiled_regex(r"(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’]", regex.IGNORECASE)
_PLAIN_WORD_RE = compiled_regex(r"[a-zà-öø-ÿæœ]+")  # the one-token words the frequency tables answer
_NAME_WORD_RE = compiled_regex(r"[A-Z][a-z]*|[a-z]+")  # a-z only: accents, apostrophes and digits are no pivot spelling
_ASCII_WORD_RE = compiled_regex(r"[A-Za-z]+")  # every name word that _NAME_WORD_RE accepts is one such whole stretch


@dataclass(frozen=True)
class NameWord:
    """One word of a candidate name: offsets in the run, its reading (None when valid as written), and what it stands for."""

    start: int
    end: int
    reading: Reading | None
    # Lowercase spellings to suggest: the reading's, or for a word valid as written, the
    # pivot reading when it never gives the word back (Palladius "Si" is Xi: pinyin si is "Sy").
    standards: tuple[str, ...]


@dataclass(frozen=True)
class Candidate:
    """A name of a run that reads wholly as one system's pivot spelling: its words and whether it needs the document's context."""

    system: str
    words: tuple[NameWord, ...]
    needs_context: bool


def _unseen(word: str) -> bool:
    """True for a word (lowercase) that French and English never write (wordfreq), nor, five letters or more, 18 other languages."""
    if letters_zipf(word, "fr") >= UNSEEN_ZIPF or letters_zipf(word, "en") >= UNSEEN_ZIPF:
        return False
    return len(word) < KNOWN_MIN_LENGTH or word not in builtin_known()


def analyse_run(run: str) -> tuple[tuple[Candidate, ...], ...]:
    """Return, for each name of a run of capitalised words, its candidates (at most one per system).

    A lowercase word after a space is a particle between names ("Tokyo de Mitsubisi" holds
    two); after a hyphen it is the tail of a name word ("Dok-su").
    """
    # A candidate needs a word that reads as a marked pivot spelling, and each word of a name is
    # a whole stretch of letters a-z (a word, or what follows an elision): a run with none such,
    # nearly every run, has no candidate, and its openers need no frequency lookups.
    surnames = respelled_surnames()
    if not any(_marked(lower := word.lower()) or lower in surnames for word in _ASCII_WORD_RE.findall(run)):
        return ()
    groups: list[list[tuple[int, int, str]]] = [[]]
    for m in _WORD_RE.finditer(run):
        if m.group()[:1].islower() and groups[-1] and "-" not in run[groups[-1][-1][1] : m.start()].replace("‐", "-"):
            groups.append([])
            continue
        groups[-1].append((m.start(), m.end(), m.group()))
    return tuple(found for words in groups if words and (found := _name_candidates(run, words)))


def _name_candidates(run: str, words: list[tuple[int, int, str]]) -> tuple[Candidate, ...]:
    """Return the candidates of one name of a run: its words (offsets in the run, text), openers included."""
    if words and (elided := _ELISION_RE.match(words[0][2])):
        # "L'équipementier Khuavei": a French word, no part of the name; "d'Ian Tszechi": the name.
        start, end, word = words[0]
        if word[elided.end() :][:1].islower():
            words.pop(0)
        else:
            words[0] = (start + elided.end(), end, word[elided.end() :])
    # Sentence openers before the name are no part of it: a determiner, or a frequent French
    # word that no system reads ("Selon").
    while len(words) > 1:
        first = words[0][2]
        lower = first.casefold()
        if lower not in _OPENERS:
            if _NAME_WORD_RE.fullmatch(first) and any(_read(lower, system) is not None for system in SYSTEMS):
                break
            # Only a plain word is looked up: anything else ("2019", "Aujourd'hui") would make wordfreq
            # load its whole lists (+28 MB and 0.14 s for French alone), and is no opener anyway.
            if not _PLAIN_WORD_RE.fullmatch(lower):
                return ()
            fr = zipf(lower, "fr")
            if fr < OPENER_ZIPF or fr - zipf(lower, "en") < OPENER_GAP:
                return ()
        words.pop(0)
    if not words or len(words) > MAX_NAME_WORDS or not all(_NAME_WORD_RE.fullmatch(w) for _, _, w in words):
        return ()
    if not words[0][2][:1].isupper():
        return ()
    out = []
    for system in SYSTEMS:
        read = []
        for start, end, word in words:
            # Polivanov writes a final ぜ as dze, but that is how Georgian surnames end ("Kobakhidze").
            found = _read(lower, system) if not georgian_ending(lower := word.lower()) else None
            if found is None:
                break
            read.append(NameWord(start, end, *found))
        else:
            marked = [(w, run[w.start : w.end].lower()) for w in read if w.reading is not None]
            # A first word valid as written may be a common surname respelled ("Den" for Deng):
            # the name's reading starts with that surname, and alone it needs the context.
            surname = _respelled_surname(run, read[0]) if system == "zh" and len(read) > 1 and read[0].reading is None else None
            if surname is not None:
                read[0] = surname
            if not marked:
                if surname is not None:
                    out.append(Candidate(system, tuple(read), True))
                continue
            if any(w.reading.mark == STRONG for w, _ in marked):
                out.append(Candidate(system, tuple(read), False))
            elif any(_unseen(text) and not _SLAVIC_END[system].search(text) for _, text in marked):
                out.append(Candidate(system, tuple(read), True))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def respelled_surnames() -> dict[str, str]:
    """Return the Palladius spellings of common Chinese surnames that are no surname in any romanisation: spelling -> the surname in pinyin.

    Such a spelling is valid pinyin as written ("Se" for Xie, "Den" for Deng), so no syllable
    shows the pivot; but a name's first word is its surname, and surnames are a closed set
    (rules/gazetteer/zh_surnames.tsv, tools/build_cjk_surnames.py).
    """
    path = table_path().with_name("zh_surnames.tsv")
    rank: dict[str, int] = {}
    forms: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            pinyin, order, spellings = line.split("\t")
            rank[pinyin] = int(order)
            forms.update(spellings.split(","))
    given = {n.casefold() for n in builtin_first_names()} | {n for n, r in census_given_ranks().items() if r <= BOTH_GIVEN_RANK}
    out = {}
    for spelling, standards in builtin_syllables()["zh"].pivot.items():
        known = [s for s in standards if s in rank]
        if not known or spelling in forms or len(spelling) < 2 or letters_zipf(spelling, "en") >= SURNAME_WORD_ZIPF or spelling in given:
            continue  # a surname as written, one letter, an everyday English word ("Go", "May"), or a given name ("Ian")
        out[spelling] = min(known, key=rank.__getitem__)
    return out


def _respelled_surname(run: str, first: NameWord) -> NameWord | None:
    """Return the first word of a name read as a common surname's Palladius spelling (needing the document's context), or None."""
    written = run[first.start : first.end]
    surname = respelled_surnames().get(written.lower()) if written[:1].isupper() else None
    if surname is None:
        return None
    return NameWord(first.start, first.end, Reading("zh", WEAK, (surname,), f"{surname} (a surname)"), (surname,))


def _marked(word: str) -> bool:
    """True when a lowercase word reads as a pivot spelling (not valid as written) in some system."""
    return any((found := _read(word, system)) is not None and found[0] is not None for system in SYSTEMS)


@functools.lru_cache(maxsize=MAX_MEMO)
def _read(word: str, system: str) -> tuple[Reading | None, tuple[str, ...]] | None:
    """Return a lowercase word's reading in `system` (None when valid as written) and the spellings to suggest; None when it is neither."""
    table = builtin_syllables()[system]
    reading = read_word(word, table)
    if reading is not None:
        return reading, reading.standards
    if not valid_as_written(word, table):
        return None
    pivot = read_syllables(word, table)
    return None, pivot.standards if pivot is not None and pivot.standards and word not in pivot.standards else (word,)


def _styled(standard: str, written: str) -> str:
    """Return a standard spelling in the case of the word it replaces."""
    if written.isupper() and len(written) > 1:
        return standard.upper()
    return standard[:1].upper() + standard[1:] if written[:1].isupper() else standard


def suggest(run: str, candidate: Candidate) -> tuple[tuple[str, ...], str]:
    """Return the suggestions (none when too many) and the detail of a candidate's finding."""
    choices, notes = [], []
    for w in candidate.words:
        written = run[w.start : w.end]
        if w.standards == (written.lower(),):
            choices.append((written,))
            continue
        choices.append(tuple(_styled(s, written) for s in w.standards))
        if w.reading is not None:
            notes.append(f"'{written}' reads {w.reading.alternatives}")
    a, b = candidate.words[0].start, candidate.words[-1].end
    suggestions: list[str] = []
    if all(choices) and len(list(itertools.islice(itertools.product(*choices), MAX_SUGGESTIONS + 1))) <= MAX_SUGGESTIONS:
        for combo in itertools.product(*choices):
            fixed, pos = [], a
            for w, spelled in zip(candidate.words, combo):
                fixed += [run[pos : w.start], spelled]
                pos = w.end
            suggestions.append("".join(fixed))
    standard = "pinyin" if candidate.system == "zh" else "Hepburn"
    detail = f"{NAMES[candidate.system]} spelling read back in Latin letters; in {standard}, " + "; ".join(notes)
    return tuple(suggestions), detail


def _about(text: str, system: str, pos: int, endpos: int) -> bool:
    """True when text[pos:endpos] names the country of `system`, or, for Chinese, holds another name in pinyin."""
    if CONTEXT[system].search(text, pos, endpos):
        return True
    if system == "zh":
        pinyin = builtin_syllables()["zh"]
        syllables = pinyin.standards["pinyin"]
        return any(spelled_in(m.group().lower(), "pinyin", syllables, 3, pinyin.standard_longest) for m in _PINYIN_ONLY_RE.finditer(text, pos, endpos))
    return False


def _written_right(text: str, run: str, candidate: Candidate) -> bool:
    """True when the document also writes a marked word of the candidate in its standard spelling ("Ishiguro" ... "Isiguro")."""
    for w in candidate.words:
        if w.reading is None:
            continue
        written = run[w.start : w.end]
        for standard in w.standards:
            spelled = _styled(standard, written)
            if spelled in text and regex.search(rf"(?<![\p{{L}}\p{{M}}]){regex.escape(spelled)}(?![\p{{L}}\p{{M}}])", text):
                return True
    return False


@register("cjk-pivot", params=[])
def cjk_pivot(params: Mapping[str, Any], resources: Resources):
    """Flag a Chinese or Japanese name spelled as the romanisation of its Russian (Palladius, Polivanov) form."""
    memo: dict[str, tuple[tuple[Candidate, ...], ...]] = {}  # runs with candidate names
    quiet: set[str] = set()  # runs with none: nearly every run

    def detect(doc: Document) -> Iterator[Hit]:
        runs = document_runs(doc)
        # The document's distinct runs less those known to hold no name (a set difference, at C
        # speed): most documents have none left, and their runs are never walked in Python.
        live = run_texts(doc).difference(quiet)
        if not live:
            return
        named: dict[str, tuple[tuple[Candidate, ...], ...]] = {}
        for run in live:
            names = memo.get(run)
            if names is None:
                names = analyse_run(run)
                if names:
                    if len(memo) > MAX_MEMO:
                        memo.clear()
                    memo[run] = names
            if names:
                named[run] = names
            else:
                remember(quiet, run, MAX_MEMO)
        if not named:
            return
        for start, run in runs:
            for found in named.get(run, ()):
                yield from _best(doc, start, run, found)

    return detect


def _best(doc: Document, start: int, run: str, found: tuple[Candidate, ...]) -> Iterator[Hit]:
    """Yield the finding of the candidate of one name that the document supports best, if any."""
    best: tuple[tuple[bool, bool, int, int], Candidate] | None = None
    a, b = start + found[0].words[0].start, start + found[0].words[-1].end
    for rank, candidate in enumerate(found):
        about = _about(doc.text, candidate.system, max(0, a - CONTEXT_WINDOW), b + CONTEXT_WINDOW)
        supported = about or (candidate.needs_context and _written_right(doc.text, run, candidate))
        if candidate.needs_context and not supported:
            continue
        # The system of the country the document names (or the name written right) wins, then a
        # sure mark, then the one that reads more words as pivot spellings, then Chinese.
        marked = sum(w.reading is not None for w in candidate.words)
        key = (supported, not candidate.needs_context, marked, -rank)
        if best is None or key > best[0]:
            best = (key, candidate)
    if best is not None:
        candidate = best[1]
        suggestions, detail = suggest(run, candidate)
        yield Hit(start + candidate.words[0].start, start + candidate.words[-1].end, suggestions, detail)
