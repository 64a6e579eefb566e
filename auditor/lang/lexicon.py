"""Lexicon lookups: whether a lowercase word is French or English, its inflections, and near words for garbles.

A word is known when wordfreq lists it in French at all, or in English at a Zipf value of
at least KNOWN_EN_ZIPF (the English list carries junk tokens below that). wordfreq lists
many French inflections but not all of them: a word it lacks is still accepted when it is
an inflection, a prefixed form or a derivation of a word it has (`explained`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from auditor.document import Document
from auditor.lang.drugnames import is_medicine_name
from auditor.lang.frequencies import one_word, zipf

KNOWN_EN_ZIPF = 2.0
# Stems and suggestions must be real French words, not the rare junk of the web lists.
_STEM_ZIPF = 1.5
_SUGGEST_ZIPF = 3.0
_SPLIT_ZIPF = 3.5
_JOINED_ZIPF = 4.5
_FUNCTION_ZIPF = 5.5  # "de", "la", "les": glued to a neighbour, the neighbour may be rare
_PREFIXED_ZIPF = 2.5  # "resservis" is re- and "servis"; "supercrets" is not super- and "crets"
MIN_LETTERS = 5  # shorter lowercase tokens are mostly abbreviations and units

# Per process: every word looked up so far. A batch repeats the same few thousand words,
# so after the first documents a document's words are settled by one set difference with
# _SETTLED (known words, and tokens too short or not lowercase letters), without a Python
# call per word.
_SETTLED: set[str] = set()
_UNKNOWN: set[str] = set()
_LIMIT = 400_000


def is_known(word: str) -> bool:
    """Return True when wordfreq lists a lowercase word in French, or in English above KNOWN_EN_ZIPF."""
    return zipf(word, "fr") > 0.0 or zipf(word, "en") >= KNOWN_EN_ZIPF


def document_words(doc: Document) -> frozenset[str]:
    """Return the distinct words of a document's paragraphs (its `paragraph_words`), gathered once per document.

    The garbled-word check looks them up and the share-button check screens them for network
    names: one set serves both.
    """
    words = doc._cache.get("document_words")
    if words is None:
        # One union over the paragraphs' lists, not a chained iterator: a third faster.
        words = doc._cache["document_words"] = frozenset().union(*doc.paragraph_words)
    return words


def unknown_words(words: Iterable[str]) -> list[str]:
    """Return the distinct lowercase words of `words` of MIN_LETTERS letters or more that are not known, sorted."""
    # The concrete types: typing.AbstractSet's isinstance costs 3 µs a document.
    rest = (words if isinstance(words, (set, frozenset)) else set(words)).difference(_SETTLED)
    if len(_SETTLED) + len(_UNKNOWN) + len(rest) > _LIMIT:
        _SETTLED.clear()
        _UNKNOWN.clear()
    out = []
    for w in rest:
        if w in _UNKNOWN:
            out.append(w)
        elif len(w) >= MIN_LETTERS and one_word(w) and not is_known(w):
            _UNKNOWN.add(w)
            out.append(w)
        else:
            _SETTLED.add(w)
    return sorted(out)


def _french(word: str, floor: float = _STEM_ZIPF) -> bool:
    """Return True when `word` is a French word at least `floor` on the Zipf scale."""
    return zipf(word, "fr") >= floor


# ----------------------------------------------------------------- inflections

# Endings French inflection and derivation add, and the endings of the word each comes
# from: a word with such an ending is explained when its stem with one of those endings is
# a French word (intenteront / intenter, hessoises / hessois, collusoires / collusion).
_VERB = ("er", "ir", "re", "é", "i", "u", "", "ion")
# A verb's -age noun is made on its stem (nettoy-age, nettoy-er): a verb form whose -age
# noun is French is that verb, even when wordfreq lacks the verb ("ensiler", "ensilage").
_AGE = "age"
_AGE_STEM = 5  # shorter stems meet -age nouns that come from no verb: cour-age, from-age, vis-age
# The literary tenses news prose still writes: the passé simple and the imperfect subjunctive
# of -er verbs ("conjugua", "traitai", "utilisât"), of -ir and -re verbs ("finirent", "bâtît")
# and of -oir verbs ("voulurent").
_LITERARY: dict[str, tuple[str, ...]] = {
    **dict.fromkeys("a ai as ât asses assions assiez".split(), ("er",)),
    **dict.fromkeys("ît îmes îtes irent".split(), ("ir", "re")),
    **dict.fromkeys("ût ûmes ûtes urent".split(), ("oir", "re")),
}
_LITERARY_STEM = 4  # letters: one- or two-letter endings on a short stem meet typos ("achât" for "achat")
_DERIVED: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        """erions eriez eraient erais erait erons eront erez era eras erai
        issions issiez issaient issais issait issant issons issez issent isse isses
        irions iriez iraient irais irait irons iront irez ira iras irai rions riez raient rais rait rons ront
        ions iez aient ais ait ant ants ante antes ons ez ent asse assent âmes âtes èrent ées és ée ies is it its ue ues us""".split(),
        (*_VERB, _AGE),
    ),
    **_LITERARY,
    "er": (_AGE,),
    "s": ("",), "x": ("",), "e": ("", "er"), "es": ("", "er"), "aux": ("al", "ail"),
    "euse": ("eur",), "euses": ("eur",), "rice": ("eur",), "rices": ("eur",), "ive": ("if",), "ives": ("if",),
    "elle": ("el",), "elles": ("el",), "enne": ("en",), "ennes": ("en",), "ère": ("er",), "ères": ("er",),
    "ette": ("et",), "ettes": ("et",), "ation": _VERB, "ations": _VERB, "ement": ("er", "e", ""), "ements": ("er", "e", ""),
    "ité": ("", "e"), "ités": ("", "e"), "iste": ("", "e", "ie", "ique", "isme"), "istes": ("", "e", "ie", "ique", "isme"),
    "isme": ("", "e", "ie", "ique", "iste"), "ismes": ("", "e", "ie", "ique", "iste"),
    "oire": ("ion", "er"), "oires": ("ion", "er"), "icien": ("ique",), "iciens": ("ique",), "icienne": ("ique",),
    "iciennes": ("ique",), "able": ("er", "ion"), "ables": ("er", "ion"), "ible": ("er", "ion", "re"), "ibles": ("er", "ion", "re"),
}
_ENDINGS = tuple(sorted(_DERIVED, key=len, reverse=True))
_PREFIXES = tuple(sorted(
    """re ré dé dés des in im ir il anti sur sous super hyper ultra multi co pré post inter
    néo auto mini micro méga maxi non contre mal mé pro trans extra semi demi bi tri euro
    cyber télé vidéo bio éco géo psycho socio agro narco pseudo quasi para poly mono
    archi hydro photo radio thermo électro infra supra rétro ex""".split(),
    key=len,
    reverse=True,
))
# Stems change an accent between forms: réitèrerait / réitérer, achète / acheter.
_ACCENT_SWAPS = (("è", "é"), ("é", "è"), ("ê", "e"), ("e", "é"))


@lru_cache(maxsize=8_192)
def explained(word: str) -> bool:
    """Return True when an unknown lowercase word is an inflection, prefixed form or derivation of a French word."""
    if _misspelt_twin(word):
        return False
    # A prefixed form needs a common word after the prefix: "supercrets" is not super- and "crets".
    return _inflected(word) or any(
        word.startswith(p)
        and len(word) - len(p) >= 4
        and (_french(word[len(p) :], _PREFIXED_ZIPF) or _inflected(word[len(p) :], _PREFIXED_ZIPF))
        for p in _PREFIXES
    )


# Spellings machine translation swaps for the right one: an accent on the prefix re- ("rélancés"
# for "relancés"), -ible for -able ("remarquible"). An unknown word whose twin with the right
# spelling is French is that twin misspelt, not a derivation of some other word.
_TWIN_SWAPS = (("ré", "re", "start"), ("ible", "able", "end"), ("ibles", "ables", "end"))


# Rival suffixes: French makes one action noun of a verb, and the one in use blocks the others.
# An unknown "surveillement" whose stem has a common "surveillance" is that noun misbuilt, not a
# rare derivation; so is an agent suffix put on a word that is an agent already ("hackeristes").
_RIVAL_SUFFIXES: dict[str, tuple[str, ...]] = {
    "ement": ("ance", "ation", "age", "ure"), "ements": ("ances", "ations", "ages", "ures"),
    "ation": ("ement", "age", "ure", "ance"), "ations": ("ements", "ages", "ures", "ances"),
    "ance": ("ement", "ation"), "ances": ("ements", "ations"),
    "age": ("ement", "ation"), "ages": ("ements", "ations"),
}
_RIVAL_ZIPF = 3.0  # the rival must be a word in use, not a rare one
_RIVAL_STEM = 4  # letters: a shorter stem meets suffixes that are no rivals (ch-ance, vis-age)
_AGENT_ON_AGENT = (("eristes", "ers"), ("eriste", "er"), ("euristes", "eurs"), ("euriste", "eur"))


def _misspelt_twin(word: str) -> str:
    """Return the French word or form an unknown word is with a prefix accent or an -ible ending swapped back, or
    with its suffix traded for the rival the language uses, or ""."""
    for wrong, right, at in _TWIN_SWAPS:
        if at == "start" and word.startswith(wrong):
            twin = right + word[len(wrong) :]
        elif at == "end" and word.endswith(wrong):
            twin = word[: len(word) - len(wrong)] + right
        else:
            continue
        # A common twin only: the web lists hold rare junk ("revent") that would explain a garble away.
        # And a ré- word that is itself a form of a common verb is that verb: the web writes
        # "reveiller" unaccented often enough to make "réveilleriez" a twin of it.
        if (_french(twin, _PREFIXED_ZIPF) or _inflected(twin, _PREFIXED_ZIPF)) and not (
            at == "start" and _inflected(word, _PREFIXED_ZIPF)
        ):
            return twin
    return _rival(word)


def _rival(word: str) -> str:
    """Return the common word an unknown derived noun stands for: its stem with the rival suffix in use, or ""."""
    for suffix, rivals in _RIVAL_SUFFIXES.items():
        if word.endswith(suffix) and len(word) - len(suffix) >= _RIVAL_STEM:
            stem = word[: len(word) - len(suffix)]
            for rival in rivals:
                if _french(stem + rival, _RIVAL_ZIPF):
                    return stem + rival
    for suffix, agent in _AGENT_ON_AGENT:
        if word.endswith(suffix) and len(word) - len(suffix) >= _RIVAL_STEM - 1:
            noun = word[: len(word) - len(suffix)] + agent
            if _french(noun, _RIVAL_ZIPF):
                return noun
    return ""


def _inflected(word: str, floor: float = _STEM_ZIPF) -> bool:
    """Return True when `word` is a form of a French word: its stem with an ending it comes from."""
    for ending in _ENDINGS:
        if not word.endswith(ending):
            continue
        stem = word[: len(word) - len(ending)]
        if len(stem) < (_LITERARY_STEM if ending in _LITERARY else 3):
            continue
        # A verb form on the stem of an -ation noun ("évacuatés" from "évacuation") is a
        # garble of the verb's own form ("évacués"): real verbs in -ater are found by "er".
        lemmas = _DERIVED[ending] if not stem.endswith("at") else tuple(x for x in _DERIVED[ending] if x != "ion")
        if len(stem) < _AGE_STEM:
            lemmas = tuple(x for x in lemmas if x != _AGE)
        for stem_form in _stem_forms(stem):
            if any(_french(stem_form + lemma, floor) for lemma in lemmas if stem_form + lemma != word):
                return True
    return False


def _stem_forms(stem: str) -> Iterable[str]:
    """Yield a stem and its forms with the last accent swapped, and with a doubled final consonant undone."""
    yield stem
    for a, b in _ACCENT_SWAPS:
        at = stem.rfind(a)
        if at >= 0:
            yield stem[:at] + b + stem[at + 1 :]
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] in "lnt":  # appellent / appeler, jettent / jeter
        yield stem[:-1]
    if len(stem) > 5 and stem.endswith("is"):  # crématisés / crémation: a verb made with -iser
        yield stem[:-2]
    if stem.endswith("ç"):  # manigançant / manigancer: ç keeps c soft before a and o
        yield stem[:-1] + "c"
    if stem.endswith("gn") and len(stem) > 4:  # rejoignèrent / rejoindre, craignions / craindre
        yield stem[:-2] + "nd"
    if stem.endswith("iend") and len(stem) > 5:  # soutiendrions / soutenir, parviendra / parvenir
        yield stem[:-4] + "en"


# ----------------------------------------------------------------- suggestions


@dataclass(frozen=True)
class _Pool:
    """Frequent French words, for near-word suggestions."""

    words: tuple[str, ...]
    zipfs: dict[str, float]


@lru_cache(maxsize=1)
def _pool() -> _Pool:
    """Return the French words at least _SUGGEST_ZIPF, kept in the user cache (0.18 s to build)."""
    from auditor import usercache
    from auditor.lang.frequencies import frequency_table

    tables = (frequency_table("fr"), frequency_table("en"))
    if tables[0] is None or tables[1] is None:
        return _build_pool()
    # The pool is a function of the two tables and the code: their chunk heads name the tables.
    key = usercache.entry_key("lexicon-pool", *("\n".join(t.firsts) for t in tables))
    stored = usercache.load("lexicon", key)
    if isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[0], str) and isinstance(stored[1], list):
        words = tuple(stored[0].split("\n")) if stored[0] else ()
        if len(words) == len(stored[1]):
            return _Pool(words, dict(zip(words, stored[1])))
    pool = _build_pool()
    usercache.store("lexicon", key, ("\n".join(pool.words), [pool.zipfs[w] for w in pool.words]), keep=2)
    return pool


def preload() -> None:
    """Read the suggestion pool now, and index it by length (a process about to fork workers that will need it)."""
    _pool_by_length()


def _build_pool() -> _Pool:
    """Build the pool of frequent French words from wordfreq's table (or its dict without a user cache)."""
    from auditor.lang.frequencies import FREQUENCY_CHUNK, frequency_table

    table = frequency_table("fr")
    zipfs: dict[str, float] = {}
    if table is not None:
        for k, chunk in enumerate(table.chunks):
            for i, w in enumerate(chunk[1:-1].split("\n")):
                z = table.zipfs[table.values[k * FREQUENCY_CHUNK + i]]
                if z >= _SUGGEST_ZIPF and len(w) >= 2 and "'" not in w:  # the table also holds "o'malley"
                    zipfs[w] = z
    else:  # no user cache: the same words from wordfreq's dict, which lists the most frequent first
        from wordfreq import get_frequency_dict, zipf_frequency

        for w in get_frequency_dict("fr"):
            if one_word(w) and len(w) >= 2:
                z = zipf_frequency(w, "fr")
                if z < _SUGGEST_ZIPF:
                    break
                zipfs[w] = z
    # Words more English than French ("king", "guys") are no suggestion for a French text.
    zipfs = {w: z for w, z in zipfs.items() if z + 0.5 >= zipf(w, "en")}
    return _Pool(tuple(sorted(zipfs)), zipfs)


def _nearest(word: str, max_distance: int) -> str:
    """Return the pool word closest to `word`, within `max_distance` insertions and deletions, or "".

    Only three shapes of garble are trusted: letters lost ("teminaux", "millardaire"), one
    letter wrong, or one letter too many. Letters lost win among equals, then frequency.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    pool = _pool()
    found = [
        (w, d)
        # A pool word of a trusted shape is one letter shorter at most (the garble's letter too many).
        for w, d, _ in process.extract(word, _pool_near(len(word) - 1, len(word) + max_distance), scorer=Indel.distance, score_cutoff=max_distance, limit=None)
        if d == len(w) - len(word) or d == 1 or (d == 2 and len(w) == len(word))
    ]
    if not found:
        return ""
    return min(found, key=lambda f: (f[1], f[1] != len(f[0]) - len(word), -pool.zipfs[f[0]], f[0]))[0]


@lru_cache(maxsize=64)
def _pool_near(shortest: int, longest: int) -> tuple[str, ...]:
    """The pool words of `shortest` to `longest` letters, by length, each length in pool order.

    No other word is of a trusted shape within the distance, and the scorer no longer reads
    the whole pool for each garble (2 ms each).
    """
    by_length = _pool_by_length()
    return tuple(w for length in range(max(shortest, 0), longest + 1) for w in by_length.get(length, ()))


@lru_cache(maxsize=1)
def _pool_by_length() -> dict[int, tuple[str, ...]]:
    """The pool words by length, in pool order: one pass over the pool, not one per window of lengths asked."""
    out: dict[int, list[str]] = {}
    for w in _pool().words:
        out.setdefault(len(w), []).append(w)
    return {length: tuple(words) for length, words in out.items()}


def _distance(a: str, b: str) -> int:
    """Return the insertions and deletions between two words."""
    from rapidfuzz.distance import Indel

    return Indel.distance(a, b)


def _split_zipf(word: str) -> float:
    """Return the French Zipf value of a word that may be half of a pair run together; 0 when it is rather English."""
    fr = zipf(word, "fr")
    return fr if fr + 0.5 >= zipf(word, "en") else 0.0


@lru_cache(maxsize=4_096)
def suggestions(word: str) -> tuple[str, ...]:
    """Return near French words or word pairs for a garbled word: its rightly spelt twin, a missing space, a pair with a
    garbled half, a near word."""
    twin = _misspelt_twin(word)
    if twin:
        return (twin,)
    zipfs = _pool().zipfs
    # A missing space: two frequent words, or a function word and any French word
    # ("réalisationde" -> "réalisation de", "lastagflation" -> "la stagflation").
    for i in range(2, len(word) - 1):
        left, right = word[:i], word[i:]
        low, high = sorted((_split_zipf(left), _split_zipf(right)))
        if (low >= _SPLIT_ZIPF or (high >= _FUNCTION_ZIPF and low >= _STEM_ZIPF)) and min(len(left), len(right)) >= 2:
            return (f"{left} {right}",)
    near = _nearest(word, 2 if len(word) < 8 else 3)
    if _distance(word, near) == 1:
        return (near,)
    # Two words run together, letters lost from the second ("supercrets" -> "super secrets"),
    # after a common word.
    for i in range(len(word) - 4, 3, -1):
        left, right = word[:i], word[i:]
        if zipfs.get(left, 0.0) >= _JOINED_ZIPF:
            joined = _nearest(right, 2)
            if len(joined) > len(right) and _split_zipf(joined) >= _SPLIT_ZIPF:
                return (f"{left} {joined}",)
    return (near,) if near else ()


# ----------------------------------------------------------------- garbled words


@dataclass(frozen=True)
class Garble:
    """A word that is neither French nor English, and the words it may stand for."""

    start: int
    end: int
    word: str
    suggestions: tuple[str, ...]
    count: int = 1  # occurrences in the text; the first one is reported


# Lowercase letter runs between word boundaries: a run touching a capital, a digit or an
# underscore ("Ukraine", "abc123", "snake_case") is not matched at all.
_LOWER_RE = re.compile(r"\b[a-zà-öø-ÿæœ]{%d,}\b" % MIN_LETTERS)
# Letters French does not use: a word holding one is a foreign word or a name.
_FOREIGN_LETTERS = frozenset("äåãñöõøßáíóúìòý")
# A token whose chunk holds one of these is a URL, an e-mail, a handle, a hashtag or a path.
_ADDRESS_RE = re.compile(r"[@#/\\_=&]|\w\.\w|www|https?")
# A definition set off after a term: a dash or a bracket, then "un"/"une" and a word ("la
# bergénie – une vivace", "le kénaf (une plante à fibres)"): how an author introduces a
# rare term (a plant, a tool) the reader may not know. One word may stand between the term
# and its definition, its adjective ("la bergénie pourpre – une vivace"). A comma does not
# count: ", une fois", ", un jour" follow any word; nor does an adverbial phrase set off
# by dashes ("– une fois de plus –", "– un peu tard –").
_GLOSS_RE = re.compile(
    r"(?:[ \u00a0][a-zà-öø-ÿæœ]{4,})?[ \u00a0\u202f]*(?:[–—(]|-[ \u00a0])[ \u00a0\u202f]*une?[ \u00a0]"
    r"(?!(?:fois|jour|peu|instant|moment|temps|an|mois)\b)[a-zà-öø-ÿæœ]"
)
_ELISIONS = frozenset("l d j m n s t c qu jusqu lorsqu puisqu quoiqu presqu".split())
_APOSTROPHES = "'’"
_OPENING, _CLOSING, _SPACES = "«“\"", "»”\"", " \u00a0\u202f"


def garbled_words(text: str, words: Iterable[str] | None = None) -> list[Garble]:
    """Return the lowercase words of `text` that are neither French nor English, nor explained as forms of a word.

    `words` may give the text's words, lowercased, when the caller has them already: the
    candidates are those of them that are unknown, then found lowercase in the text.
    """
    if words is None:
        words = _LOWER_RE.findall(text)
    out = []
    candidates = unknown_words(words)
    uses = _word_uses(text, candidates) if len(candidates) > _ONE_PASS_WORDS else None
    for word in candidates:
        if (word not in text if uses is None else word not in uses) or _FOREIGN_LETTERS.intersection(word) or explained(word):
            continue
        if is_medicine_name(word):  # health news names medicines no frequency list holds
            continue
        starts = uses[word] if uses is not None else [m.start() for m in re.finditer(rf"\b{word}\b", text)]
        if any(_GLOSS_RE.match(text, s + len(word)) for s in starts):
            continue  # a term its author defines is a rare word, not a garble, wherever it recurs
        at = [s for s in starts if not _excused(text, s, s + len(word))]
        # A word used again and again is one finding, at its first use: a garble repeated
        # is one problem, and a rare term an author repeats (a plant, a neologism) one doubt.
        if at:
            out.append(Garble(at[0], at[0] + len(word), word, suggestions(word), len(at)))
    out += _garbled_prefixed_names(text)
    out.sort(key=lambda g: g.start)
    return _join_runs(text, out)


# Past this many candidate words, their uses are found in one pass over the text's words: a
# regex scan of the whole text per word was quadratic on a long page (18 s of a 10 MB one).
_ONE_PASS_WORDS = 32
_WORD_RUN_RE = re.compile(r"\w+")


def _word_uses(text: str, words: Iterable[str]) -> dict[str, list[int]]:
    """Return where each of `words` (runs of word characters) stands whole in `text`: the starts \\bword\\b finds."""
    # A match of \bword\b, word made of \w only, is exactly a maximal \w+ run equal to word.
    wanted = set(words)
    uses: dict[str, list[int]] = {}
    for m in _WORD_RUN_RE.finditer(text):
        word = m.group()
        if word in wanted:
            found = uses.get(word)
            if found is None:
                uses[word] = [m.start()]
            else:
                found.append(m.start())
    return uses


def _join_runs(text: str, garbles: list[Garble]) -> list[Garble]:
    """Merge unknown words that follow one another with a space between into one garble.

    Two unknown words side by side are one term ("silphie perfoliée", a plant named by its
    noun and adjective) or one mangled phrase: one doubt, reported once, not one per word.
    """
    out: list[Garble] = []
    for g in garbles:
        last = out[-1] if out else None
        if last is not None and g.start == last.end + 1 and text[last.end] in _SPACES:
            phrase = text[last.start : g.end]
            count = len(re.findall(rf"(?<!\w){re.escape(phrase)}(?!\w)", text))
            # A suggestion for one of the words would not do for the whole span.
            out[-1] = Garble(last.start, g.end, phrase, (), count)
        else:
            out.append(g)
    return out


# A prefix joined to a capitalised word: "non-Yanfa", "anti-Trump", "pro-Kremlin". The
# pattern starts at the hyphen, which the regex engine finds fast; the prefix is checked after.
_CAPITAL_AFTER_HYPHEN_RE = re.compile(r"-([A-ZÀ-ÖØ-Þ][a-zà-öø-ÿæœ]{3,})\b")
_PREFIX_BEFORE_RE = re.compile(r"(?<!\w)(?:non|anti|pro|pré|post|ex|néo|pan|pseudo)$")


def _garbled_prefixed_names(text: str) -> list[Garble]:
    """Return prefixed capitalised words whose word neither language knows ("non-Yanfa" for "non-Taiwanese").

    The capitalised part of such a compound is a people, a party or a person ("anti-Trump",
    "pro-Morsi") that wordfreq knows; one it does not know is a garble more often than a name.
    """
    seen: dict[str, list[int]] = {}
    for m in _CAPITAL_AFTER_HYPHEN_RE.finditer(text):
        prefix = _PREFIX_BEFORE_RE.search(text, max(m.start() - 6, 0), m.start())
        name = m.group(1).lower()
        if prefix and not is_known(name) and not _FOREIGN_LETTERS.intersection(name):
            seen.setdefault(text[prefix.start() : m.end()], []).append(prefix.start())
    return [Garble(at[0], at[0] + len(word), word, (), len(at)) for word, at in seen.items()]


def _excused(text: str, start: int, end: int) -> bool:
    """Return True when an occurrence of an unknown word is an address, a name part, a code or a quoted foreign word."""
    chunk_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    chunk_end = min((i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0), default=len(text))
    chunk = text[chunk_start:chunk_end]
    if _ADDRESS_RE.search(chunk) or any(ch.isdigit() for ch in chunk):
        return True
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before and before in _APOSTROPHES:  # l'apologne: the stem after an elision is judged; anything else is a name part
        head = re.search(r"(\w+)[" + _APOSTROPHES + r"]$", text[chunk_start:start])
        if head is None or head.group(1).lower() not in _ELISIONS:
            return True
    if after and after in _APOSTROPHES and text[end + 1 : end + 2].isalpha():
        return True  # the elided head of an apostrophe word
    opening = text[max(start - 2, 0) : start].rstrip(_SPACES)[-1:]
    closing = text[end : end + 2].lstrip(_SPACES)[:1]
    if opening and closing and opening in _OPENING and closing in _CLOSING:
        return True  # a word cited alone in quotes (« flygskam », "nuking") is a term under discussion
    # Part of a hyphenated name ("Bad-Schwartau", "Saint-Nazaire"): a capital in the compound.
    if before == "-" or after == "-":
        compound = re.search(r"[\w-]*$", text[chunk_start:start]).group() + text[start:end] + re.match(r"[\w-]*", text[end:chunk_end]).group()
        if any(ch.isupper() for ch in compound):
            return True
    return False
