"""A document's text with cached, position-preserving views used by every detector."""

from __future__ import annotations

import bisect
import itertools
import re
import sys
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Iterator, overload

import regex

Span = tuple[int, int]

WORD_RE = re.compile(r"\w+(?:[-‐]\w+)*", re.UNICODE)
_FOLDED_WORD_RE = re.compile(r"\w+")  # the words of paragraph_words: runs of letters, digits and underscores
# A hyphen joining two \w runs into one WORD_RE word ("Saint-Denis"). Written hyphen first:
# the search then skips to the rare hyphens instead of testing a lookbehind at every position.
_WORD_JOIN_RE = re.compile(r"[-‐](?<=\w[-‐])(?=\w)")
# The one character that is a word character while its folded form is not (ʼ becomes an
# apostrophe): elsewhere the \w runs of `folded` are those of the text (tests/test_document.py).
_UNFOLDED_WORD_CHARS = "ʼ"
# A sentence ends at . ! ? … (optionally followed by closing quotes) before whitespace.
# Written [.!?…][.!?…]* rather than [.!?…]+, the same matches: a pattern that opens with a
# character set lets `re` skip to the next candidate character in C, where one that opens
# with a repeat is tried at every position (the search costs 2.5 times less).
_SENTENCE_END_RE = re.compile(r"[.!?…][.!?…]*[»”\"')\]]*(?=\s)")
_APOSTROPHES = "’‘ʼ`´"
_LINE_BREAK_RE = re.compile(r"\r\n?|\n")
# From this size on (in characters) a document's per-word and per-sentence views are kept
# compactly: a long page repeating one phrase holds a view entry per occurrence. News
# articles are a few kilobytes, so they never pay for the compaction.
LARGE_DOCUMENT = 1 << 20


def _fold_char(ch: str) -> str:
    """Lowercase one character without changing the text length."""
    if ch in _APOSTROPHES:
        return "'"
    low = ch.lower()
    return low if len(low) == 1 else ch


def _strip_accent(ch: str) -> str:
    """Return the base letter of an accented character, keeping length 1."""
    base = unicodedata.normalize("NFD", ch)[0]
    return base if base else ch


class _DeaccentTable(dict):
    """A str.translate table that computes each character's base letter on first sight."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value = self[code] = _strip_accent(ch) if code > 127 else ch
        return value


_FOLD_CACHE: dict[str, str] = {}
_DEACCENT_TABLE = _DeaccentTable()


def fold(text: str) -> str:
    """Lowercase and unify apostrophes, one character for one, so offsets stay valid."""
    low = text.lower()
    if len(low) != len(text):
        # Rare: a character whose lowercase is longer (İ). Fold char by char instead.
        table = _FOLD_CACHE
        low = "".join(table.get(ch) or table.setdefault(ch, _fold_char(ch)) for ch in text)
    for apostrophe in _APOSTROPHES:
        if apostrophe in low:
            low = low.replace(apostrophe, "'")
    return low


def deaccent(text: str) -> str:
    """Strip diacritics one character for one, so offsets stay valid."""
    return text.translate(_DEACCENT_TABLE)


def is_word_char(ch: str) -> bool:
    """Return True for characters that continue a word (letters, digits, underscore)."""
    return ch.isalnum() or ch == "_"


# What the matching view changes: a letter followed by combining marks (decomposed, NFD
# text: "e\u0301" for "é") and the invisible format characters that hide a word from a
# rule (soft hyphen, zero-width space/non-joiner/joiner, word joiner, BOM).
_IGNORABLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_MATCHING_CHANGE_RE = regex.compile(f"[{_IGNORABLE}]+|\\P{{M}}\\p{{M}}+")


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets of a matching view back to the original text: one entry per changed segment."""

    view_starts: tuple[int, ...]
    segments: tuple[tuple[int, int, int, int], ...]  # (view start, view end, original start, original end)

    def start(self, pos: int) -> int:
        """The original offset where a span starting at view offset `pos` starts (ignored characters before it are left out)."""
        i = bisect.bisect_right(self.view_starts, pos) - 1
        if i < 0:
            return pos
        vs, ve, os_, oe = self.segments[i]
        return os_ if pos < ve else oe + (pos - ve)

    def end(self, pos: int) -> int:
        """The original offset where a span ending at view offset `pos` ends (a composed letter ends after all its marks)."""
        i = bisect.bisect_left(self.view_starts, pos) - 1
        if i < 0:
            return pos
        vs, ve, os_, oe = self.segments[i]
        return oe if pos <= ve else oe + (pos - ve)


def matching_text(text: str) -> tuple[str, OffsetMap] | None:
    """Return `text` with letters and their combining marks composed (NFC) and ignorable format characters removed, and the map back; None when nothing changes."""
    # The common case costs two C scans, no copy (a regex search would cost 10% of a run).
    if unicodedata.is_normalized("NFC", text) and not any(ch in text for ch in _IGNORABLE):
        return None
    parts: list[str] = []
    segments: list[tuple[int, int, int, int]] = []
    pos = view = 0
    for m in _MATCHING_CHANGE_RE.finditer(text):
        start, end = m.span()
        piece = m.group()
        new = "" if piece[0] in _IGNORABLE else unicodedata.normalize("NFC", piece)
        if new == piece:
            continue
        parts.append(text[pos:start])
        view += start - pos
        parts.append(new)
        segments.append((view, view + len(new), start, end))
        view += len(new)
        pos = end
    if not segments:
        return None
    parts.append(text[pos:])
    return "".join(parts), OffsetMap(tuple(s[0] for s in segments), tuple(segments))


_MATCH_START, _MATCH_END = re.Match.start, re.Match.end


def sentence_spans(text: str, pstart: int, pend: int) -> Iterator[tuple[int, int]]:
    """Yield the sentences of the paragraph text[pstart:pend], split at terminal punctuation.

    Searched within the paragraph alone: it is trimmed, so no end crosses its edges, and the
    one end the search cannot see, at its last character, ends its last sentence anyway.
    """
    start = pstart
    for m in _SENTENCE_END_RE.finditer(text, pstart, pend):
        end = m.end()
        if end > start:
            yield start, end
        start = end
        while start < pend and text[start].isspace():
            start += 1
    if start < pend:
        yield start, pend
_PIECE = 1 << 16  # characters searched at a time by _interned_words
# Paragraphs up to this length have their words kept, 4,096 of them (18 MB on bench/corpus,
# 50 MB at most): scraped sites repeat whole paragraphs (bylines, furniture, wire copy) from
# page to page, and a lookup costs a small fraction of the search.
_WORDS_MEMO_CHARS = 1_000
_WORDS_MEMO_SIZE = 4_096


@lru_cache(maxsize=_WORDS_MEMO_SIZE)
def _paragraph_words(paragraph: str) -> list[str]:
    """The \\w+ runs of a folded paragraph (a shared list: read, never modify)."""
    # Not interned: on text that does not repeat, interning made the search 40% dearer.
    return _FOLDED_WORD_RE.findall(paragraph)


def paragraph_words_of(paragraph: str) -> list[str]:
    """The \\w+ runs of a folded, trimmed paragraph, as Document.paragraph_words gives them (a shared list: read, never modify).

    Language detection reads a document's first lines before the document is made:
    the words it gets here are kept for the paragraphs of that document.
    """
    return _paragraph_words(paragraph) if len(paragraph) <= _WORDS_MEMO_CHARS else _FOLDED_WORD_RE.findall(paragraph)


def _interned_words(folded: str, start: int, end: int) -> list[str]:
    """The \\w+ runs of folded[start:end], one interned string per distinct word."""
    findall, intern = _FOLDED_WORD_RE.findall, sys.intern
    words: list[str] = []
    while start < end:
        # Pieces end at a space, which no \w+ run crosses: the words of a 10 MB paragraph
        # never exist all at once as separate strings.
        cut = folded.find(" ", min(start + _PIECE, end), end)
        cut = end if cut == -1 else cut
        words += map(intern, findall(folded, start, cut))
        start = cut
    return words


class Spans(Sequence[Span]):
    """(start, end) spans kept in two arrays of integers: 16 bytes a span, where a tuple of spans
    costs about 110 (a tuple and two integer objects each). Read like a tuple of spans."""

    __slots__ = ("starts", "ends")

    def __init__(self, starts: array, ends: array) -> None:
        self.starts = starts
        self.ends = ends

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> Span: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Span, ...]: ...

    def __getitem__(self, index: int | slice) -> Span | tuple[Span, ...]:
        if isinstance(index, slice):
            return tuple(zip(self.starts[index], self.ends[index]))
        return self.starts[index], self.ends[index]

    def __iter__(self) -> Iterator[Span]:
        return zip(self.starts, self.ends)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to a tuple, but mutable arrays inside

    def __repr__(self) -> str:
        return f"Spans({tuple(self)!r})"


@dataclass(frozen=True)
class Document:
    """Text to audit; all derived views are computed once, on first use."""

    text: str
    path: str = "<text>"
    language: str = ""
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def line_starts(self) -> tuple[int, ...]:
        """Offsets where each line begins; a line ends at \\n, \\r\\n or a lone \\r (old Mac files)."""
        text = self.text
        if "\r" in text:
            return (0, *(m.end() for m in _LINE_BREAK_RE.finditer(text)))
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        return tuple(starts)

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of a character offset; columns count characters."""
        idx = bisect.bisect_right(self.line_starts, offset) - 1
        return idx + 1, offset - self.line_starts[idx] + 1

    def line_span(self, offset: int) -> Span:
        """Return the span of the line containing `offset`, without its line break."""
        return self.lines[bisect.bisect_right(self.line_starts, offset) - 1]

    @cached_property
    def matching_view(self) -> tuple["Document", OffsetMap] | None:
        """The document rules run on when the text has decomposed accents or ignorable characters, with the map back to this text; else None."""
        found = matching_text(self.text)
        if found is None:
            return None
        view, offsets = found
        return Document(view, path=self.path, language=self.language), offsets

    @cached_property
    def folded(self) -> str:
        """Lowercased text with unified apostrophes, same length as `text`."""
        return fold(self.text)

    @cached_property
    def folded_plain(self) -> str:
        """Lowercased, accent-free text with unified apostrophes, same length as `text`."""
        return deaccent(self.folded)

    @cached_property
    def lines(self) -> tuple[Span, ...]:
        """Spans of all lines, without their line breaks."""
        text = self.text
        starts = self.line_starts
        if "\r" not in text:
            # Every line but the last then ends just before the next one's start, at its \n: no
            # loop over the lines in Python (a third of the cost of a news article's lines).
            ends = [start - 1 for start in starts[1:]]
            ends.append(len(text))
            return tuple(zip(starts, ends))
        out = []
        for i, start in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else len(text)
            # Strip the break that ended the line: \n, \r\n or \r.
            if end > start and text[end - 1] == "\n" and i + 1 < len(starts):
                end -= 1
            if end > start and text[end - 1] == "\r":
                end -= 1
            out.append((start, end))
        return tuple(out)

    @cached_property
    def paragraphs(self) -> tuple[Span, ...]:
        """Spans of non-blank lines, trimmed: scraped news puts one paragraph per line."""
        text = self.text
        out = []
        for start, end in self.lines:
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                out.append((start, end))
        return tuple(out)

    @cached_property
    def paragraph_words(self) -> tuple[list[str], ...]:
        """The \\w+ runs of `folded` in each paragraph (shared lists: read, never modify)."""
        # The duplicate-paragraph and doubled-word checks both need these: one pass serves both.
        # No \w+ run crosses a paragraph's edge, since only whitespace lies between paragraphs.
        findall, folded = _FOLDED_WORD_RE.findall, self.folded
        if len(folded) < LARGE_DOCUMENT:
            memo = _paragraph_words
            return tuple(
                memo(folded[start:end]) if end - start <= _WORDS_MEMO_CHARS else findall(folded, start, end)
                for start, end in self.paragraphs
            )
        # A large document repeats its words: one string per distinct word, not one per
        # occurrence (a 10 MB page held 106 MB of word strings). Interning costs a lookup
        # per word, so documents of ordinary size skip it.
        return tuple(_interned_words(folded, start, end) for start, end in self.paragraphs)

    @cached_property
    def words(self) -> Sequence[Span]:
        """Spans of word tokens (a `Spans` in a large document)."""
        if len(self.text) >= LARGE_DOCUMENT:
            return Spans(array("q", map(_MATCH_START, WORD_RE.finditer(self.text))), array("q", map(_MATCH_END, WORD_RE.finditer(self.text))))
        return tuple(m.span() for m in WORD_RE.finditer(self.text))

    @cached_property
    def word_count(self) -> int:
        """Number of word tokens (WORD_RE matches), the MQM evaluation word count."""
        text = self.text
        runs = self.__dict__.get("paragraph_words")
        if runs is not None and _UNFOLDED_WORD_CHARS not in text:
            # The checks already split the text into \w runs: a WORD_RE word is a chain of runs
            # joined by single hyphens, so the words are the runs less the joining hyphens. A
            # findall here made a string per word again (most of scoring's time).
            count = sum(map(len, runs))
            if "-" in text or "‐" in text:
                count -= len(_WORD_JOIN_RE.findall(text))
            return count
        if len(text) >= LARGE_DOCUMENT:
            return len(self.words)  # the compact spans: findall made a string per word (100 MB at 10 MB)
        return len(WORD_RE.findall(text))

    @cached_property
    def sentences(self) -> Sequence[Span]:
        """Spans of sentences inside paragraphs, split at terminal punctuation (a `Spans` in a large document)."""
        text = self.text
        large = len(text) >= LARGE_DOCUMENT
        found = itertools.chain.from_iterable(sentence_spans(text, pstart, pend) for pstart, pend in self.paragraphs)
        if not large:
            return tuple(found)
        starts_out, ends_out = array("q"), array("q")
        for start, end in found:
            starts_out.append(start)
            ends_out.append(end)
        return Spans(starts_out, ends_out)

    def sentence_at(self, offset: int) -> Span:
        """Return the sentence span containing `offset` (or its line when outside any)."""
        sents = self.sentences
        starts = self._cache.get("sent_starts")
        if starts is None:
            starts = self._cache["sent_starts"] = sents.starts if isinstance(sents, Spans) else [s for s, _ in sents]
        idx = bisect.bisect_right(starts, offset) - 1
        if idx >= 0 and sents[idx][0] <= offset < max(sents[idx][1], sents[idx][0] + 1):
            return sents[idx]
        return self.line_span(offset)

    def word_index(self, offset: int) -> int:
        """Return the index of the word at or after `offset`."""
        starts = self._cache.get("word_starts")
        if starts is None:
            words = self.words
            starts = self._cache["word_starts"] = words.starts if isinstance(words, Spans) else [s for s, _ in words]
        return bisect.bisect_left(starts, offset)

    def excerpt(self, start: int, end: int, width: int = 40) -> str:
        """Return the match with up to `width` characters of context on its line, one line."""
        lstart, lend = self.line_span(start)
        lo = max(lstart, start - width)
        # A match that runs past its line is cut at the line end: excerpts are one line.
        hi = min(lend, end + width)
        prefix = "…" if lo > lstart else ""
        suffix = "…" if hi < lend else ""
        return prefix + self.text[lo:hi].replace("\t", " ") + suffix
