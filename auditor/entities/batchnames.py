"""Names learnt from the batch: a rare spelling that is a near-variant of a frequent one.

A nightly folder often holds the same story from many sites, so the batch itself knows how a
name is spelled: "Kaja Kallas" in five documents and "Kaya Kalas" in one. The census counts
in how many documents each capitalised word occurs; `learn` then pairs each rare spelling
with a frequent one it folds to under the pivot's transliteration equivalences (or one edit
away from), and the `batch-variant` check flags the rare spelling with the frequent one as
its suggestion. Nothing here depends on a gazetteer: it works for names no list holds.

Everything is order-independent (document frequencies, sorted tie-breaks), so the result
is the same whatever the order of files, the number of jobs or the cache.
"""

from __future__ import annotations

import functools
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from itertools import compress
from typing import Callable, Iterable, Mapping

import regex

from auditor.kinds.regexes import compiled as compiled_regex  # start-up patterns come back compiled from the user cache
from auditor.entities.gazetteer import load_first_names, load_ranks, plain as _plain
from auditor.lang.frequencies import LEXICON_LANGUAGES, one_word, zipf

MIN_LENGTH = 4  # shorter capitalised words are initials, titles and function words
# A capitalised word of MIN_LENGTH letters or more; after an elision ("d'Apple") the apostrophe
# is no letter, so the name is found alone. A pattern that starts with its capital lets the
# engine skip ahead to the next capital: 50 MB/s, where an optional "d'" prefix cost 18.
_TOKEN_RE = compiled_regex(
    rf"(?<![\p{{L}}\p{{M}}\d_])\p{{Lu}}[\p{{Ll}}\p{{M}}]{{{MIN_LENGTH - 1},}}(?:-\p{{Lu}}[\p{{Ll}}\p{{M}}]+)?(?![\p{{L}}\p{{M}}\d_])"
)
_TOKEN_SPLIT_RE = compiled_regex(f"({_TOKEN_RE.pattern})")  # its split() keeps each word (its one group) between what lies around
# Letter groups a pivot through Cyrillic turns into one another, folded to one form. Longest
# first: each position takes the first group that matches there.
_FOLDS: tuple[tuple[str, str], ...] = (
    ("dzh", "j"), ("tch", "c"), ("sch", "s"), ("chr", "kr"), ("chl", "kl"), ("kh", "h"), ("gh", "g"), ("dj", "j"),
    ("dz", "j"), ("zh", "j"), ("ts", "c"), ("tz", "c"), ("ck", "k"), ("ph", "f"), ("th", "t"), ("ou", "u"),
    ("ae", "e"), ("ie", "e"), ("ye", "e"), ("iy", "i"), ("yi", "i"), ("ks", "x"), ("ca", "ka"), ("co", "ko"),
    ("cu", "ku"), ("cr", "kr"), ("cl", "kl"), ("w", "v"), ("y", "i"), ("z", "s"), ("q", "k"), ("g", "h"),
)
_FOLD_RE = compiled_regex("|".join(regex.escape(a) for a, _ in _FOLDS))
_FOLD_TO = dict(_FOLDS)
# A final -ie, -ey or -y is the Cyrillic -и of "Robbi" (Robbie), "Dzhonni" (Johnny).
_FINAL_RE = compiled_regex(r"(?:ie|ey|ee|y)$")
_DOUBLE_RE = compiled_regex(r"(.)\1+")


def name_tokens(text: str) -> frozenset[str]:
    """The distinct capitalised words of a text, and each pair of them one space apart ("Kaja Kallas")."""
    if len(text) <= _PIECE_CHARS:
        return _piece_tokens(text)
    # A long page a piece at a time, its pieces remembered by their text: a page repeating one
    # sentence 900,000 times has a few distinct pieces. A piece ends after a character no word
    # holds, nor the space of a pair, so it holds the words and pairs the whole text has there.
    tokens: set[str] = set()
    pos = 0
    while pos < len(text):
        found = _PIECE_END_RE.search(text, pos + _PIECE_CHARS)
        cut = found.end() if found is not None else len(text)
        tokens.update(_piece_tokens_kept(text[pos:cut]) if cut - pos <= 2 * _PIECE_CHARS else _piece_tokens(text[pos:cut]))
        pos = cut
    return frozenset(tokens)


_PIECE_CHARS = 1 << 16  # characters of a long text `name_tokens` reads at a time
_PIECE_END_RE = regex.compile(r"[.,;:!?()\n]")  # neither in a word nor next to one's end in a pair


def _piece_tokens(text: str) -> frozenset[str]:
    """`name_tokens` of a text read whole."""
    # The words and what the text holds between each two, at C speed (a Python loop over the
    # matches cost the census workers 8% more CPU): two words one space apart are a pair.
    parts = _TOKEN_SPLIT_RE.split(text)
    words = parts[1::2]
    tokens = set(words)
    tokens.update(map(" ".join, compress(zip(words, words[1:]), map(" ".__eq__, parts[2:-1:2]))))
    return frozenset(tokens)


_piece_tokens_kept = functools.lru_cache(maxsize=64)(_piece_tokens)


def fold(word: str) -> str:
    """The spelling a name keeps through a Cyrillic pivot: equivalent letter groups made one, doubles single."""
    folded = _FOLD_RE.sub(lambda m: _FOLD_TO[m.group()], _FINAL_RE.sub("i", _plain(word)))
    return _DOUBLE_RE.sub(r"\1", folded)


@functools.lru_cache(maxsize=1 << 16)
def keys(word: str) -> frozenset[str]:
    """The folded forms of a spelling: J is both the Дж of "Djastin" and the Й of "Kaja" (Kaya)."""
    # Memoised: `check` learns from every document alone, and the same names recur in each.
    folded = fold(word)
    return frozenset((folded, folded.replace("j", "i")))


@functools.lru_cache(maxsize=1 << 16)
def _neighbours(word: str) -> frozenset[str]:
    """Every deletion neighbour of every key of a spelling: what it shares with a near spelling's."""
    return frozenset(d for k in keys(word) for d in _deletions(k))


def _deletions(key: str) -> set[str]:
    """The key and every form of it with one letter deleted (a SymSpell neighbourhood of radius 1)."""
    return {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}


@dataclass(frozen=True)
class Variant:
    """A rare spelling of the batch and the frequent spelling it stands for."""

    spelling: str
    frequent: str
    rare_documents: int
    frequent_documents: int
    after: str = ""  # when set, only the spelling right after this word (a first name) is the variant

    def detail(self, documents: int) -> str:
        """The counts behind the finding, for its detail field."""
        return (f"'{self.frequent}' in {self.frequent_documents} of {documents} documents of this batch, "
                f"'{self.spelling}' in {self.rare_documents}")


@dataclass(frozen=True)
class Settings:
    """When a spelling counts as frequent, as rare, and as an ordinary word."""

    min_frequent: int = 3  # documents a spelling needs to be taken as the batch's own
    ratio: float = 2.0  # the frequent spelling is in at least this many times more documents
    max_rare: int = 2  # a variant is in at most this many documents
    max_zipf: float = 3.0  # a rare spelling this frequent in French is a word, not a garble ("Sains")
    max_english_zipf: float = 3.5  # nor one this frequent in English (first names are less frequent)
    max_frequent_zipf: float = 4.6  # a frequent spelling this common in French is a word at a sentence start


@dataclass(frozen=True)
class BatchNames:
    """What the batch taught: its size and its rare variants keyed by spelling."""

    documents: int = 0
    variants: Mapping[str, Variant] = field(default_factory=dict)
    # Keyed by the spelling, or by "first second" for a variant only after that first word.
    # Report keys of the documents that hold a variant: their results depend on the batch,
    # so they are always audited afresh, never answered from (or stored in) the result cache.
    affected: frozenset[str] = frozenset()


def _zipf(word: str, language: str = "fr") -> float:
    """wordfreq's Zipf value of a plain word; 0 for a compound ("jean-luc") or another script.

    Those are names, not ordinary words, and asking wordfreq about them would import it and
    load its lists (0.45 s) in a process that the frequency table otherwise spares.
    """
    return zipf(word, language) if one_word(word) else 0.0


MIN_FOREIGN_ZIPF = 3.0  # a word this frequent in another language of the name lexicon is that language's


def _foreign_word(word: str) -> bool:
    """True when German, Spanish, Italian, Portuguese, Dutch, Polish or Swedish text writes the word often."""
    low = word.casefold()
    return any(_zipf(low, language) >= MIN_FOREIGN_ZIPF for language in LEXICON_LANGUAGES[2:])


def _wordlike(word: str, settings: Settings) -> bool:
    """True when a capitalised word is an ordinary French or English word (or a name wordfreq knows well)."""
    low = word.casefold()
    return _zipf(low) >= settings.max_zipf or _zipf(low, "en") >= settings.max_english_zipf


def learn(counts: Mapping[str, int], documents: int, known: Iterable[str] = (), settings: Settings = Settings()) -> BatchNames:
    """Pair each rare spelling with the frequent spelling it folds to, from document frequencies.

    Counts hold single words and pairs of words ("Carlos Sainz"). A pair whose first word is
    the batch's and whose second is near the batch's pair ("Carlos Sains") is evidence enough
    even when the second word is also a common word or short. `known` holds spellings that
    are right as they are (the gazetteer's forms): never variants.
    """
    known_plain = _plain_set(frozenset(known))
    singles = {t: n for t, n in counts.items() if " " not in t}
    # Pairs: group the frequent ones by first word, then compare second words under that word.
    pairs: dict[str, dict[str, int]] = defaultdict(dict)
    before: dict[str, list[str]] = defaultdict(list)  # second word -> the first words written before it
    for t, n in counts.items():
        if " " in t:
            first, second = t.split(" ", 1)
            pairs[first][second] = n
            before[second].append(first)

    def same_person(rare: str, frequent: str) -> bool:
        """True when the two spellings stand before one surname, or after one given name, somewhere in
        the batch (or two spellings of one: Kaya Kalas, Kaja Kallas)."""
        for neighbours in (pairs, before):
            theirs = tuple(neighbours.get(frequent, ()))
            if any(x == y or _closeness(x, keys(x), y, 4) == NEAR for x in neighbours.get(rare, ()) for y in theirs):
                return True
        return False

    # Across documents a word of another language is more often a name there than a slip (in one
    # document, the same story by construction, it stands beside the right spelling: "Kalas").
    foreign = _foreign_word if documents > 1 else (lambda word: False)
    variants = _variants(singles, known_plain, settings, strict=True, same_person=same_person, first_words=pairs, foreign=foreign)
    for first in sorted(pairs):
        for second, variant in _variants(pairs[first], known_plain, settings, strict=False).items():
            if second not in variants:  # keyed by the pair: only after this first word is it a slip
                variants[f"{first} {second}"] = replace(variant, after=first)
    return BatchNames(documents, dict(sorted(variants.items())))


@functools.lru_cache(maxsize=8)
def _plain_set(known: frozenset[str]) -> frozenset[str]:
    """The plain forms of the gazetteer's spellings, made once: `check` learns from every document
    alone, and folding thousands of known spellings each time cost more than the whole audit."""
    return frozenset(_plain(k) for k in known)


def _variants(
    counts: Mapping[str, int],
    known_plain: set[str] | frozenset[str],
    settings: Settings,
    strict: bool,
    same_person: Callable[[str, str], bool] = lambda rare, frequent: False,
    first_words: Mapping[str, object] | frozenset[str] = frozenset(),
    foreign: Callable[[str], bool] = lambda word: False,
) -> dict[str, Variant]:
    """Rare spellings near a frequent one among `counts`; `strict` also refuses common words, short names,
    and a given name for another unless `same_person` says both stand before one surname."""
    frequent = sorted(
        (t for t, n in counts.items() if n >= settings.min_frequent and _zipf(t.casefold()) < settings.max_frequent_zipf),
        key=lambda t: (-counts[t], t),
    )
    if not frequent:
        return {}
    index: dict[str, list[str]] = defaultdict(list)  # deletion neighbour of a folded key -> frequent spellings
    for t in frequent:
        for key in _neighbours(t):
            index[key].append(t)
    min_length = 5 if strict else 4
    variants: dict[str, Variant] = {}
    # Neighbours first, in one pass: nearly every spelling shares none with a frequent one, and
    # then its frequency lookups (the costly tests) are never needed. Each spelling is judged
    # alone, so the order only keeps the dict's.
    reach = index.keys()
    near = sorted(t for t, n in counts.items() if n <= settings.max_rare and not reach.isdisjoint(_neighbours(t)))
    for t in near:
        n = counts[t]
        if _plain(t) in known_plain or (strict and _wordlike(t, settings)):
            continue
        own = keys(t)
        candidates = {u for key in reach & _neighbours(t) for u in index[key]}
        # A given name: listed, or written before another capitalised word somewhere in the batch.
        given = strict and (_plain(t) in given_names() or t in first_words)
        for u in sorted(candidates, key=lambda u: (-counts[u], u)):
            # Two given names are two people (Garry Kasparov, Harry Kane; Filip, Philip), not one
            # name garbled: a batch of unrelated stories holds many such pairs. They are one only
            # before one surname (Kristofer Nolan, Christopher Nolan; Margo Robbi, Margot Robbie).
            # A garbled given name (Djastin) is in no list.
            if given and (_plain(u) in given_names() or u in first_words) and not same_person(t, u):
                continue
            if counts[u] < settings.ratio * n or _plain(u) == _plain(t):
                continue
            closeness = _closeness(t, own, u, min_length, written=not strict)
            # A consonant added counts where the neighbours agree: after the frequent pair's first
            # word (the pairs), or before one surname (Landon Norris for Lando Norris).
            if closeness == NEAR or (closeness == VOUCHED and (not strict or same_person(t, u))):
                # A word another European language writes is a name or a word there (Vitoria,
                # Rickard, Deutscher, Akademie), no garble: unless it stands before the frequent
                # spelling's own surname (Landon Norris for Lando Norris).
                if not (strict and foreign(t) and not same_person(t, u)):
                    variants[t] = Variant(t, u, n, counts[u])
                break
    return variants


# Given-name lists of the gazetteer folder (one name a line, or name<TAB>rank): English, French and US census names.
_GIVEN_LISTS = ("first_names.txt", "given_names_common.txt", "given_names_english.txt", "census_given_names.tsv", "given_fr_ranks.tsv")


@functools.lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The plain forms of every given name the built-in lists hold (empty when they are not installed)."""
    from auditor.ruleset.loader import builtin_rules_dir  # lazy: avoids an import cycle

    folder = builtin_rules_dir() / "gazetteer"
    names: set[str] = set()
    for name in _GIVEN_LISTS:
        path = folder / name
        if path.is_file():
            names.update(map(_plain, load_ranks(path) if name.endswith(".tsv") else load_first_names(path)))
    return frozenset(names)


_INFLECTIONS = ("s", "es")
_ENDINGS = ("es", "er", "en", "e", "s")  # longest first


def _stem(word: str) -> str:
    """A plain word without one inflectional ending, when at least four letters stay."""
    for end in _ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 4:
            return word[: -len(end)]
    return word


def _one_stem(a: str, b: str) -> bool:
    """True when two plain words are one consonant-final stem with other endings (not Robbi, Robbie)."""
    stem = _stem(a)
    return stem == _stem(b) and stem[-1:] not in _VOWELS and a != b
_VOWELS = "aeiouy"


APART, VOUCHED, NEAR = 0, 1, 2  # two spellings: other names; one name if their neighbours agree; one name


def _closeness(rare: str, own: frozenset[str], frequent: str, min_length: int, written: bool = False) -> int:
    """NEAR when two spellings are the same name through the pivot, or one edit apart on a long name (`written`: in their
    written forms too, for a second word after the frequent pair's first); VOUCHED when the rare one only adds a
    consonant, one name only where their neighbours agree; APART else."""
    a, b = _plain(rare), _plain(frequent)
    # A plural or genitive ("Handelsblatts") is grammar, not a misspelt name; so are a feminine
    # and a German adjective's endings on one stem (Mexicaines, Mexicains; Deutscher, Deutsche).
    if any(a == b + end or b == a + end for end in _INFLECTIONS) or _one_stem(a, b):
        return APART
    # Names that differ only in their final vowels are usually two names ("Simona" and
    # "Simone", "Georgio" and "Géorgie"), except the pivot's -i for -ie/-y ("Robbi").
    stem_a, stem_b = a.rstrip(_VOWELS), b.rstrip(_VOWELS)
    if stem_a == stem_b and a != b and not (a.endswith("i") and _FINAL_RE.search(b)):
        return APART
    # The folds bring far-apart spellings together ("Gove" and "Howie"): the written forms
    # must stay close, one edit for every two letters of the shorter ("Moditch" for "Modric").
    from rapidfuzz.distance import Levenshtein  # here: few documents ever compare two spellings, and its import costs a one-article check 20 ms

    if Levenshtein.distance(a, b) > max(1, min(len(a), len(b)) // 2):
        return APART
    others = keys(frequent)
    if own & others:
        return NEAR
    # One letter deleted or inserted in the folded form: only for names long enough that one
    # letter does not easily make another name, and never the first letter, which a misspelling
    # or a pivot keeps: Galice is no Alice, Mladen no Laden, Zelena no Elena.
    # After the first word of the frequent pair, the written forms count too: a letter dropped
    # before a fold's group ("Florian Wirz" for "Florian Wirtz": "tz" folds to "c", "z" to "s")
    # leaves keys one substitution apart, the spellings one deletion. Not a word alone: Barac
    # is a surname of its own, not Barack.
    pairs = ((a, b),) if written else ()
    closeness = APART
    for x, y in (*pairs, *((k, o) for k in own for o in others)):
        if min(len(x), len(y)) >= min_length and x[:1] == y[:1]:
            if x in _deletions(y) or _slip_inserted(x, y):
                return NEAR
            if y in _deletions(x):
                closeness = VOUCHED
    return closeness


def _slip_inserted(longer: str, shorter: str) -> bool:
    """True when `longer` is `shorter` with one letter a slip adds: a vowel, or a letter doubled.

    A letter dropped is a typo whatever it is (Afghnistan, Rusell); a consonant added more often
    makes another name: Crolles is no Coles, Maxine no Maine, Spacek no Space, Bansko no Banco.
    """
    if len(longer) != len(shorter) + 1:
        return False
    for i in range(len(longer)):
        if longer[:i] + longer[i + 1 :] == shorter:
            c = longer[i]
            if c in _VOWELS or longer[i - 1 : i] == c or longer[i + 1 : i + 2] == c:
                return True
    return False


def known_spellings(gazetteer: Iterable[object]) -> frozenset[str]:
    """Every word of every accepted form of the gazetteer's entries: right as written, never a variant."""
    # A scan asks three times of one gazetteer (the check's first compilation, the census, the
    # compilation with what the census learnt): 7 ms each. A tuple of frozen entries says the
    # same every time; the memo holds it, so its id is never another's.
    if _KNOWN and _KNOWN[0][0] is gazetteer:
        return _KNOWN[0][1]
    words: set[str] = set()
    for entry in gazetteer:
        for form in getattr(entry, "accepted", ()):
            words.update(_TOKEN_RE.findall(form))
    known = frozenset(words)
    if isinstance(gazetteer, tuple):
        _KNOWN[:] = [(gazetteer, known)]
    return known


_KNOWN: list[tuple[tuple[object, ...], frozenset[str]]] = []  # the last tuple gazetteer asked of, and its spellings


def occurrences(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, spelling) of every capitalised word of a text long enough to be a name."""
    for m in _TOKEN_RE.finditer(text):
        yield m.start(), m.end(), m.group()


def document_batch(text: str, known: Iterable[str], settings: Settings = Settings()) -> BatchNames:
    """A single document as its own batch (`check`, rule examples): occurrences stand for documents."""
    # The spellings `occurrences` yields, without a tuple each, a piece of text at a time: a
    # list of every word of a 10 MB page held 1.8 million strings (125 MB).
    counts: Counter[str] = Counter()
    pos = 0
    while pos < len(text):
        # Pieces end at a whitespace character: no word crosses one, and the word before it
        # sees the same end of word as in the whole text.
        cut = text.find(" ", pos + _COUNTED_CHARS) if len(text) - pos > _COUNTED_CHARS else -1
        cut = len(text) if cut < 0 else cut
        counts.update(_TOKEN_RE.findall(text, pos, cut))
        pos = cut
    return learn(counts, 1, known, settings)


_COUNTED_CHARS = 1 << 16  # characters of a document counted at a time by document_batch


def to_json(names: BatchNames) -> str:
    """Serialise what a batch taught (for the result cache's census memo)."""
    variants = [[k, v.spelling, v.frequent, v.rare_documents, v.frequent_documents, v.after] for k, v in names.variants.items()]
    return json.dumps({"documents": names.documents, "variants": sorted(variants), "affected": sorted(names.affected)})


def from_json(data: str) -> BatchNames:
    """Rebuild what `to_json` wrote; raise ValueError (or KeyError, TypeError) when it is not that."""
    raw = json.loads(data)
    variants = {str(v[0]): Variant(str(v[1]), str(v[2]), int(v[3]), int(v[4]), str(v[5])) for v in raw["variants"]}
    return BatchNames(int(raw["documents"]), variants, frozenset(str(k) for k in raw["affected"]))
