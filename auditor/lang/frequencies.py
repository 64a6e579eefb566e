"""Word frequencies (Zipf scale) from wordfreq, served from a compact per-user table.

wordfreq's answer for a plain lowercase French or English word depends only on its entry
in wordfreq's frequency list, and loading that list costs about 0.25 s per process and
language. A table of those values, built once from wordfreq itself and kept in the user
cache (`auditor.usercache`), loads in about 10 ms; anything the table cannot answer
exactly goes to wordfreq.
"""

from __future__ import annotations

import array
import bisect
import importlib.util
import itertools
import math
import os
import re
import zlib
from dataclasses import dataclass, field, replace
from typing import Any, Iterator, Sequence


def zipf(word: str, language: str = "fr") -> float:
    """Return the wordfreq Zipf frequency of a word (0 when unknown), importing wordfreq only when needed."""
    table = _TABLES.get(language)
    if table is not None:
        # A batch asks about the same names and words again and again (60% of the calls).
        known = table.memo.get(word)
        if known is not None:
            return known
    if language in TABLE_LANGUAGES or (language in LEXICON_LANGUAGES and _ONE_TOKEN_RE.fullmatch(word)):
        if _TABLE_TOKEN_RE.fullmatch(word):
            table = frequency_table(language)
            if table is not None:
                found = table.memo[word] = table.zipf(word)
                if len(table.memo) > _MEMO_WORDS:
                    table.memo.clear()
                return found
        elif _TOKENS_RE.fullmatch(word):  # "de trump": a particle merged into the name word
            table = frequency_table(language)
            if table is not None and table.combines:
                return table.combined_zipf(word.split(" "))
        elif _COMPOUND_RE.fullmatch(word):  # "maison-blanche", "d'oussama", "o'malley"
            table = frequency_table(language)
            if table is not None:
                tokens = wordfreq_tokens(word)
                if len(tokens) == 1:
                    return table.zipf(tokens[0])
                if table.combines:
                    return table.combined_zipf(tokens)
        elif _SPACED_RE.fullmatch(word):  # "du nord-westfalie", "recherche- l": wordfreq splits at spaces as at hyphens
            table = frequency_table(language)
            if table is not None and table.combines:
                return table.combined_zipf([token for piece in _SPACES_HYPHENS_RE.split(word) for token in wordfreq_tokens(piece)])
    # Imported here: `import wordfreq` costs ~50 ms at start-up, and most documents never need it.
    from wordfreq import zipf_frequency

    return zipf_frequency(word, language)


def letters_zipf(word: str, language: str) -> float:
    """Return zipf(word, language) for a word of plain lowercase letters a-z: straight from the table when there is one."""
    table = frequency_table(language) if language in LEXICON_LANGUAGES else None
    return table.zipf(word) if table is not None else zipf(word, language)


SIEVE_BITS = 1 << 23  # 1 MB: the 250,000 French and English words of Zipf 1.8 or more let about one unknown word in 40 through
_SIEVE_MASK = (SIEVE_BITS >> 3) - 1


@dataclass(frozen=True)
class WordSieve:
    """Words as a bit table of their CRC-32: a word whose bit is clear is none of them (a set bit may be another's)."""

    table: bytes

    def __contains__(self, word: str) -> bool:
        h = zlib.crc32(word.encode("utf-8"))
        return bool(self.table[h >> 3 & _SIEVE_MASK] >> (h & 7) & 1)


def frequent_sieve(languages: Sequence[str], level: float) -> WordSieve | None:
    """Return a sieve of the words the tables of lexicon `languages` give Zipf `level` or more, kept in the user cache; None without tables.

    Most strings a search for restorations tries are words of no language: the sieve turns
    them away for the price of one CRC, where each table lookup costs a bisect and a search.
    """
    from auditor import usercache

    tables = [table for table in (frequency_table(language) for language in languages if language in LEXICON_LANGUAGES) if table is not None]
    if len(tables) < len(languages):
        return None
    # The sieve is a function of the tables and this module: each table named by its words and values.
    parts = [part for table in tables for part in ("\n".join(table.firsts), table.values.tobytes(), repr(table.zipfs))]
    key = usercache.module_entry_key(__file__, "frequent-sieve", repr(level), *languages, *parts)
    stored = usercache.load("wordfreq-sieve", key)
    if isinstance(stored, bytes) and len(stored) == SIEVE_BITS >> 3:
        return WordSieve(stored)
    sieve = bytearray(SIEVE_BITS >> 3)
    for table in tables:
        for word in table.words_at_least(level):
            h = zlib.crc32(word.encode("utf-8"))
            sieve[h >> 3 & _SIEVE_MASK] |= 1 << (h & 7)
    usercache.store("wordfreq-sieve", key, bytes(sieve), keep=2)
    return WordSieve(bytes(sieve))


def wordfreq_tokens(word: str) -> list[str]:
    """Return wordfreq's tokens of a lowercase word joined by hyphens or apostrophes (`_COMPOUND_RE`).

    wordfreq breaks at a hyphen, never at an apostrophe between letters ("o'malley",
    "aujourd'hui"), except after one or two letters at a token's start that an apostrophe
    joins to a vowel or h ("l'homme", "qu'il": an elision); it then uncurls "’" to "'".
    Words that need wordfreq for this cost its import and lists in every worker (0.3 s).
    """
    tokens = []
    for piece in word.split("-"):
        while (elision := _ELISION_RE.match(piece)) is not None:
            tokens.append(elision.group(1))
            piece = piece[elision.end() :]
        tokens.append(piece.replace("’", "'"))
    return tokens


def one_word(word: str) -> bool:
    """True when a lowercase word is one wordfreq token the table answers alone (no hyphen, digit, other script)."""
    return _ONE_TOKEN_RE.fullmatch(word) is not None


# wordfreq tokenizes French and English by NFC normalisation, case folding and a regex that
# keeps a run of letters with no apostrophe, digit or '@' whole: such a word is its own single
# token, so its Zipf value depends only on its entry in the frequency dict. Loading that dict
# cost ~0.25 s per process and language; a per-user table of those values loads in ~10 ms.
TABLE_LANGUAGES = frozenset({"fr", "en"})
# Latin-script languages whose large lists tokenize a plain word of letters a-z as one token:
# the name lexicon of auditor/entities/pivot.py reads their tables too, each built or read
# only when a word with a sure pivot fingerprint first needs it.
LEXICON_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "pl", "sv")
# The standard re module: these plain character ranges match the same there, twice as fast.
_ONE_TOKEN_RE = re.compile(r"[a-zà-öø-ÿæœ]+")
# The French and English tables also hold the words with the other lowercase letters of Latin
# Extended-A that wordfreq keeps whole (checked on every word of each list and language):
# news names "Erdoğan", "Škoda" and "Łódź", and one such word used to load wordfreq's own
# lists of both languages (55 MB and 0.4 s a worker). one_word keeps the narrower class.
_EXTENDED_A = "āăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĳĵķĸĺļľŀłńņňŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżž"
_TABLE_TOKEN_RE = re.compile(f"[a-zà-öø-ÿæœ{_EXTENDED_A}]+")
_TOKENS_RE = re.compile(r"[a-zà-öø-ÿæœ]+(?: [a-zà-öø-ÿæœ]+)+")
# Words joined by hyphens or apostrophes, and wordfreq's elision: its token pattern splits
# "l'" and "qu'" from a vowel or h (INITIAL_VOWEL_EXPR of wordfreq.tokens, lowercase part).
_COMPOUND_RE = re.compile(r"[a-zà-öø-ÿæœ]+(?:['’-][a-zà-öø-ÿæœ]+)+")
# Words, each maybe with inner apostrophes, joined by spaces and hyphens in any number.
_SPACED_RE = re.compile(r"[a-zà-öø-ÿæœ]+(?:['’][a-zà-öø-ÿæœ]+)*(?:[ -]+[a-zà-öø-ÿæœ]+(?:['’][a-zà-öø-ÿæœ]+)*)+")
_SPACES_HYPHENS_RE = re.compile(r"[ -]+")
_ELISION_RE = re.compile(r"([a-zà-öø-ÿæœ]{1,2})'(?=[aehiouyáéíóúàèìòùâêîôûåïöœ])")
_APOSTROPHE_WORD_RE = re.compile(r"[a-zà-öø-ÿæœ]+(?:'[a-zà-öø-ÿæœ]+)+")
FREQUENCY_CHUNK = 64  # words per chunk string: a lookup is one bisect and one short str.find
_UNKNOWN_PROBES = ("zzzzqx", "zzzzqxzzzzqx", "qqqqqqqqqqqqqqqqqqqq")


@dataclass(frozen=True)
class FrequencyTable:
    """wordfreq's frequencies of a language's one-token words, as sorted chunk strings that unpickle in milliseconds."""

    firsts: tuple[str, ...]  # the first word of each chunk
    chunks: tuple[str, ...]  # "\nword\nword\n...\n": FREQUENCY_CHUNK sorted words each, the last one shorter
    values: array.array  # typecode "H": the value index of each word, in sorted order
    zipfs: tuple[float, ...]  # by value index: wordfreq's own zipf_frequency of a word with that frequency
    freqs: tuple[float, ...]  # by value index: the word's entry in wordfreq's frequency dict
    unknown: float  # wordfreq's Zipf value of a word it does not know
    combines: bool  # combined_zipf agreed with wordfreq on every probe when the table was built
    # Per process: `zipf`'s answers for one-token words, from this table.
    memo: dict[str, float] = field(default_factory=dict, init=False, compare=False, repr=False)

    def value(self, word: str) -> int:
        """Return the value index of a one-token word, or -1 when wordfreq does not know it."""
        k = bisect.bisect_right(self.firsts, word) - 1
        if k < 0:
            return -1
        chunk = self.chunks[k]
        at = chunk.find(f"\n{word}\n")
        return -1 if at < 0 else self.values[k * FREQUENCY_CHUNK + chunk.count("\n", 0, at)]

    def zipf(self, word: str) -> float:
        """Return wordfreq's Zipf value of a one-token word."""
        i = self.value(word)
        return self.unknown if i < 0 else self.zipfs[i]

    def words_at_least(self, level: float) -> Iterator[str]:
        """Yield the words whose Zipf value is `level` or more, chunk by chunk (no list of every word at once)."""
        kept = bytes(z >= level for z in self.zipfs)  # by value index
        values = self.values
        for k, chunk in enumerate(self.chunks):
            yield from itertools.compress(chunk[1:-1].split("\n"), map(kept.__getitem__, values[k * FREQUENCY_CHUNK : (k + 1) * FREQUENCY_CHUNK]))

    def combined_zipf(self, tokens: Sequence[str]) -> float:
        """Return wordfreq's Zipf value of several one-token words, combined as wordfreq's _word_frequency does."""
        one_over = 0.0
        for token in tokens:
            i = self.value(token)
            if i < 0:  # wordfreq returns its minimum when any token is unknown
                return self.unknown
            one_over += 1.0 / self.freqs[i]
        freq = max(1.0 / one_over, _MIN_FREQ)
        rounded = round(freq, math.floor(-math.log(freq, 10)) + 3)  # wordfreq keeps 3 significant digits
        return round(math.log(rounded, 10) + 9, 2)

    def stored(self) -> tuple[Any, ...]:
        """Return the table as plain values for the user cache: unpickling them depends on no class of this module."""
        return (self.firsts, self.chunks, self.values.tobytes(), self.zipfs, self.freqs, self.unknown, self.combines)

    @classmethod
    def from_stored(cls, value: Any) -> "FrequencyTable | None":
        """Return the table that `stored` gave, or None for anything else (then it is rebuilt)."""
        if not (isinstance(value, tuple) and len(value) == 7 and isinstance(value[2], bytes)):
            return None
        firsts, chunks, values, zipfs, freqs, unknown, combines = value
        # Every part checked for its type: a damaged entry is a miss, never a crash mid-run.
        if not (
            all(isinstance(part, tuple) for part in (firsts, chunks, zipfs, freqs))
            and all(isinstance(s, str) for s in (*firsts, *chunks))
            and all(isinstance(x, float) for x in (*zipfs, *freqs, unknown))
            and isinstance(combines, bool)
            and len(values) % 2 == 0
        ):
            return None
        table = cls(firsts, chunks, array.array("H", values), zipfs, freqs, unknown, combines)
        if len(table.firsts) != len(table.chunks) or len(table.values) != sum(c.count("\n") - 1 for c in table.chunks):
            return None
        return table


_MEMO_WORDS = 50_000  # a memo this large starts again: a batch's recurring words, a few MB, not a dictionary
_MIN_FREQ = 10**0.0 / 1e9  # wordfreq's zipf_to_freq(0.0), the minimum zipf_frequency passes on
_TABLES: dict[str, FrequencyTable | None] = {}  # per process: the table of each language, once read


def loaded_zipf(word: str) -> float | None:
    """Return a word's French Zipf value when it costs one lookup in a table already read, else None."""
    table = _TABLES.get("fr")
    return table.zipf(word) if table is not None and _ONE_TOKEN_RE.fullmatch(word) else None


def frequency_table(language: str) -> FrequencyTable | None:
    """Return a language's frequency table, read or built once per process; None when the user cache is off."""
    if language not in _TABLES:
        _TABLES[language] = _read_table(language)
    return _TABLES[language]


def _read_table(language: str) -> FrequencyTable | None:
    """Return a language's frequency table from the user cache, else build it from wordfreq and store it."""
    from auditor import usercache

    if usercache.writable_dir() is None:
        return None  # building a table costs more than wordfreq's own load: worth it only when stored
    # Keyed by wordfreq's files, not its version: importlib.metadata alone costs ~50 ms.
    spec = importlib.util.find_spec("wordfreq")
    folder = os.path.dirname(spec.origin) if spec is not None and spec.origin else ""
    names = ("__init__.py", "tokens.py", "preprocess.py", "language_info.py", f"data/large_{language}.msgpack.gz", f"data/small_{language}.msgpack.gz")
    stamps = []
    for path in (os.path.join(folder, name) for name in names):
        try:
            st = os.stat(path)
        except OSError:
            stamps.append(f"{path}\0missing")
        else:
            stamps.append(f"{path}\0{st.st_size}\0{st.st_mtime_ns}")
    # Keyed by this module's source, not the whole package's: the table is built and read here
    # alone. Keyed by the package, other checkouts of it (worktrees, CI runners of several
    # branches) run in turn evicted each other's tables, and every run built its own (1 s of CPU).
    key = usercache.module_entry_key(__file__, "wordfreq-zipf", language, *stamps)
    try:
        table = FrequencyTable.from_stored(usercache.load("wordfreq", key))
    except (TypeError, ValueError):  # a damaged entry is rebuilt, like any unreadable one
        table = None
    if table is None:
        table = _build_table(language)
        _release_wordfreq()
        # About 3 MB each: the tables of the current wordfreq and of this module, one per language.
        usercache.store("wordfreq", key, table.stored(), keep=len(LEXICON_LANGUAGES))
    return table


def _release_wordfreq() -> None:
    """Drop wordfreq's own memo of the lists it read: the stored table replaces them.

    wordfreq keeps every list it has read for the life of the process (some 60 MB a language):
    a first run that builds the tables of eight languages otherwise peaked at 550 MB.
    """
    import wordfreq

    for name in ("get_frequency_dict", "get_frequency_list"):
        getattr(getattr(wordfreq, name, None), "cache_clear", lambda: None)()


def _build_table(language: str) -> FrequencyTable:
    """Build a language's FrequencyTable from wordfreq's frequency dict, with values wordfreq computes itself."""
    from wordfreq import get_frequency_dict, zipf_frequency

    freqs = get_frequency_dict(language)
    # C-level passes only: a Python loop over the ~300,000 words doubled the cost of a cold start.
    one_token = _TABLE_TOKEN_RE if language in TABLE_LANGUAGES else _ONE_TOKEN_RE
    by_freq = list(filter(one_token.fullmatch, freqs))  # the dict lists words from the most frequent down
    # Words with an inner apostrophe that wordfreq keeps whole ("o'malley"): a word it would
    # split ("l'homme") is never looked up whole, and would give its value index a wrong Zipf.
    # Only where `zipf` looks them up (wordfreq_tokens was checked against wordfreq in fr and en).
    whole = [w for w in filter(_APOSTROPHE_WORD_RE.fullmatch, freqs) if wordfreq_tokens(w) == [w]] if language in TABLE_LANGUAGES else []
    words = sorted(by_freq + whole)
    word_freqs = list(map(freqs.__getitem__, words))
    first_with = dict(zip(reversed(word_freqs), reversed(words)))  # frequency -> its alphabetically first word
    distinct = sorted(first_with, reverse=True)
    if len(distinct) > 65535:
        raise ValueError("more distinct frequencies than an array of typecode 'H' can index")
    value_of = {freq: i for i, freq in enumerate(distinct)}
    # wordfreq itself computes each value, from a word with that frequency.
    zipfs = tuple(zipf_frequency(first_with[freq], language) for freq in distinct)
    chunks = tuple("\n" + "\n".join(words[k : k + FREQUENCY_CHUNK]) + "\n" for k in range(0, len(words), FREQUENCY_CHUNK))
    values = array.array("H", map(value_of.__getitem__, word_freqs))
    unknown = next(w for w in _UNKNOWN_PROBES if w not in freqs)
    table = FrequencyTable(tuple(words[::FREQUENCY_CHUNK]), chunks, values, zipfs, tuple(distinct), zipf_frequency(unknown, language), False)
    # The combination formula is wordfreq's, copied: it is used only if it agrees with this
    # wordfreq on pairs and triples drawn across the whole frequency range.
    step = max(len(by_freq) // 300, 1)
    probes = [by_freq[i : i + 2] for i in range(0, len(by_freq), step)] + [by_freq[i : i + 3] for i in range(step // 2, len(by_freq), step)]
    probes.append([words[0], unknown])
    combines = all(table.combined_zipf(p) == zipf_frequency(" ".join(p), language) for p in probes if len(p) > 1)
    return replace(table, combines=combines)
