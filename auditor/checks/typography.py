"""Fragments and typography: broken sentences, unbalanced quotes, doubled words, stray spaces, quote style."""

from __future__ import annotations

import itertools
import operator
import re
from typing import Any, Callable, Iterator, Mapping

import regex

from auditor.checks import Hit, Resources, register
from auditor.document import Document
from auditor.lang.frequencies import zipf

# Abbreviations that end with a full stop and may be followed by a lowercase word.
# Compared lowercased, without the stop. Single letters (initials, "p.", "M.") and
# numbers are excluded by the pattern itself.
DEFAULT_ABBREVIATIONS: tuple[str, ...] = (
    "etc", "cf", "ex", "env", "av", "apr", "vol", "art", "al", "chap", "fig", "éd", "ed",
    "coll", "dir", "trad", "réf", "ref", "tél", "tel", "hab", "min", "max", "sq", "sqq",
    "resp", "approx", "vs", "mme", "mmes", "mlle", "mlles", "mgr", "dr", "pr", "me", "st",
    "ste", "cie", "inc", "ltd", "co", "jr", "sr", "no", "nos", "op", "cit", "ibid", "id",
    "janv", "févr", "fév", "avr", "juil", "sept", "oct", "nov", "déc", "lun", "mar", "mer",
    "jeu", "ven", "sam", "dim", "km", "kg", "cm", "mm", "mg", "hl", "ha", "env", "bd",
    "boul", "fg", "pl", "rte", "sté", "ets", "éts", "mrd", "mds", "mio", "hr", "nr",
    "bzw", "usw", "ca", "ph", "phd", "mr", "mrs", "ms", "prof", "gén", "gen", "col", "cdt",
    "lt", "cne", "sgt", "adj", "éq", "lat", "long", "alt", "anc", "dép", "dpt", "arr",
)

# A full stop, optional closing marks, space, then a word in lowercase. The token before
# the stop is checked afterwards on a short window, so the scan is anchored on the stop.
_STOP_LOWER_RE = regex.compile(r"\.(?P<close>[»”\")\]]*)[ \t\u00a0\u202f]+(?P<next>\p{Ll}[\p{L}'’-]*)")
# The token before the stop: two letters or more, or closing marks; not part of an URL,
# an e-mail address, a number or a dotted abbreviation ("J.-C.", "c.-à-d.").
_PREV_TOKEN_RE = regex.compile(r"(?<![\w.@/:-])(?P<prev>\p{L}[\p{L}'’-]*\p{L}|[»”\")\]]+)$")
_INNER_CAPITAL_RE = regex.compile(r"\p{Ll}+\p{Lu}")  # iPhone, eBay: brand names
_LOOKBACK = 60
# News agencies that sign a dispatch in lowercase after its last sentence ("». dpa",
# "mardi. afp/ats"): the credit ends the line, it does not continue the sentence.
DEFAULT_AGENCY_CREDITS: tuple[str, ...] = (
    "afp", "ap", "dpa", "apa", "ats", "sda", "ansa", "efe", "epd", "kna", "anp", "belga", "reuters",
    "tass", "xinhua", "ria", "upi", "sid", "ddp", "pap", "ctk", "bloomberg",
)
# What may follow the agency on its line: more agencies or an editor's initials ("dpa/ml").
_CREDIT_TAIL_RE = regex.compile(r"(?:[ \t]*[/,&+-][ \t]*\p{L}{1,12})*[ \t.)\]]*(?:\r?\n|\Z)")


# A signature the list does not hold ("dts/dpa", "idw"): a short code of at most this
# many letters that ends the line and is no common French word.
_CREDIT_CODE_LETTERS = 4
_CREDIT_WORD_ZIPF = 3.0  # "ça", "là", "oui" are common words and may truly follow a broken sentence
_CREDIT_TOKEN_RE = regex.compile(r"\p{L}+")


def _is_credit(text: str, end: int, word: str, credits: frozenset[str], credit_tail: Callable[[str, int], Any]) -> bool:
    """Return True when `word`, after a full stop, is a dispatch's signature: it ends its line (with
    more agencies or an editor's initials), and it or one of those is a known agency, or it is a short
    code that is no common French word."""
    tail = credit_tail(text, end)
    if tail is None:
        return False
    if word in credits or any(t.lower() in credits for t in _CREDIT_TOKEN_RE.findall(tail.group())):
        return True
    return word.isalpha() and len(word) <= _CREDIT_CODE_LETTERS and zipf(word, "fr") < _CREDIT_WORD_ZIPF


@register("sentence-fragment", params=["abbreviations", "extra_abbreviations", "agency_credits"])
def sentence_fragment(params: Mapping[str, Any], resources: Resources):
    """Flag a full stop followed by a lowercase word: a sentence broken in two."""
    abbrevs = frozenset(
        a.lower().rstrip(".")
        for a in (*params.get("abbreviations", DEFAULT_ABBREVIATIONS), *params.get("extra_abbreviations", ()))
    )
    credits = frozenset(a.lower() for a in params.get("agency_credits", DEFAULT_AGENCY_CREDITS))
    credit_tail = _CREDIT_TAIL_RE.match

    def detect(doc: Document) -> Iterator[Hit]:
        text = doc.text
        for m in _STOP_LOWER_RE.finditer(text):
            stop = m.start()
            window = text[max(0, stop - _LOOKBACK):stop]
            prev = _PREV_TOKEN_RE.search(window)
            if prev is None:
                continue
            word = prev.group("prev")
            if word[0].isalpha() and word.lower().replace("’", "'") in abbrevs:
                continue
            nxt = m.group("next")
            if _INNER_CAPITAL_RE.match(nxt):
                continue
            if _is_credit(text, m.end(), nxt, credits, credit_tail):
                continue  # "». dpa": the agency's signature at the end of the dispatch
            # "(R-Ariz.) a déclaré": a capitalised abbreviation closing a parenthesis; a
            # sentence does not end inside brackets and carry on outside them.
            if word[0].isupper() and ")" in m.group("close"):
                continue
            yield Hit(stop - len(word), m.end())

    return detect


# Opening and closing marks of each pair that must balance within a section.
_PAIRS: Mapping[str, tuple[str, str]] = {
    "guillemets": ("«", "»"),
    "curly": ("“", "”"),
    "parentheses": ("(", ")"),
}
# "1)", "a)" or "iv)" after a space or at a paragraph start is a list marker, not a
# closing parenthesis.
_LIST_MARKER_RE = regex.compile(r"(?:^|[\s;:,.])(?:\d{1,2}|\p{L}|[ivxIVX]{1,4})\)$")
_STRAIGHT_RE = regex.compile('"')
# What may stand before a mark that opens a paragraph: spaces, dashes and bullets.
_LEADERS = " \t\u00a0\u202f-–—•*"
# A mark opening a paragraph inside a running quotation, followed by the start of a new
# sentence, repeats the quotation mark (« or » in French, “ in English); followed by a
# comma or a full stop ("», a-t-il dit"), it is the closing mark pushed onto a new line.
_CONTINUES_RE = regex.compile(r"[ \t\u00a0\u202f]*[\p{Lu}\d«“\"(—–-]")
_ENDS = (".", "!", "?", "…")
# Elided words ("l'", "qu'") that machine translation writes with a straight quote for the
# apostrophe ("l"économie", "jusqu "à", "d" État"): never a quotation mark, whatever the balance.
DEFAULT_ELISIONS: tuple[str, ...] = ("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu")
# An opening mark followed by a comma or a full stop ("examinée « , a déclaré VW") is a
# closing mark typed the wrong way round. (At the end of a line it may be a line break.)
_AFTER_TURNED = frozenset(",.;:!?)")
_SPACES = " \t\u00a0\u202f"


def is_heading(text: str, words: int, max_words: int) -> bool:
    """Return True for a title-shaped paragraph: at most `max_words` words, no final full stop (or colon, comma)."""
    return words <= max_words and not text.rstrip(" \t\r\u00a0\u202f»”\"’)").endswith((".", "…", ":", ";", ","))


def sections(doc: Document, heading_words: int) -> list[tuple[int, int]]:
    """Group the paragraphs into sections, [first, last) index ranges: a heading stands alone,
    and a gap of more blank lines than the document usually leaves between paragraphs
    (and at least two) starts a new section."""
    paras, text = doc.paragraphs, doc.text
    if len(paras) < 2:
        return [(0, len(paras))] if paras else []
    gaps = [text.count("\n", paras[k][1], paras[k + 1][0]) - 1 for k in range(len(paras) - 1)]
    counts: dict[int, int] = {}
    for gap in gaps:
        counts[gap] = counts.get(gap, 0) + 1
    long_gap = max(max(counts, key=counts.__getitem__), 1)  # the usual gap; the first seen among ties
    # A short line that leaves a quotation open is a quotation broken over lines, not a title.
    # (The word count is tested first: most paragraphs are too long to be titles.)
    heading = [
        len(words) <= heading_words and is_heading(text[a:b], len(words), heading_words) and not _leaves_open(text, a, b)
        for (a, b), words in zip(paras, doc.paragraph_words)
    ]
    out, first = [], 0
    for k in range(1, len(paras)):
        if heading[k] or heading[k - 1] or gaps[k - 1] > long_gap:
            out.append((first, k))
            first = k
    out.append((first, len(paras)))
    return out


def _leaves_open(text: str, start: int, end: int) -> bool:
    """True when [start, end) opens more « or “ than it closes."""
    return text.count("«", start, end) > text.count("»", start, end) or text.count("“", start, end) > text.count("”", start, end)


def _continues(text: str, pstart: int, pos: int, end: int) -> bool:
    """True when the mark at `pos` opens its paragraph and repeats a running quotation's mark."""
    return not text[pstart:pos].strip(_LEADERS) and _CONTINUES_RE.match(text, end) is not None


def _section_marks(text: str, paras: tuple[tuple[int, int], ...], first: int, last: int, mark_re: Any) -> Iterator[tuple[Any, int, bool]]:
    """The marks of paragraphs [first, last), in order, each with its paragraph and whether it is the paragraph's first.

    One search over the section, not one per paragraph: no mark lies between paragraphs
    (only blanks do), and most paragraphs hold none.
    """
    k, pend = first - 1, 0
    for m in mark_re.finditer(text, paras[first][0], paras[last - 1][1]):
        pos = m.start()
        new = pos >= pend
        if new:
            k += 1
            while paras[k][1] <= pos:
                k += 1
            pend = paras[k][1]
        yield m, k, new


def _balance(
    text: str, paras: tuple[tuple[int, int], ...], parts: list[tuple[int, int]], opener: str, closer: str, mark_re: Any
) -> tuple[list[Hit], list[tuple[int, int]], bool]:
    """Match one pair of marks within each section; return the hits, the matched spans, and
    whether a mark was still open where a paragraph began (only then do sections matter)."""
    hits: list[Hit] = []
    matched: list[tuple[int, int]] = []
    quotes = opener != "("
    crossed = False
    for first, last in parts:
        # [position of an open mark, its paragraph, a quotation nested in it in that paragraph was closed]
        stack: list[list[Any]] = []
        if first >= last:
            continue
        # A paragraph starts with the stack as the last paragraph with marks left it.
        k, carried = first - 1, False
        for m, k, new in _section_marks(text, paras, first, last, mark_re):
            pos = m.start()
            pstart, pend = paras[k]
            if new:
                carried = bool(stack)
                crossed = crossed or carried
            if carried:
                carried = False
                if quotes and _continues(text, pstart, pos, m.end()):
                    continue  # « or » opening each continued paragraph of a long quotation
            is_opener = m.group() == opener
            turned = False
            if quotes and is_opener:
                after = text[m.end():min(pend, m.end() + 4)].lstrip(_SPACES)
                turned = after[:1] in _AFTER_TURNED
            if turned:
                hits.append(Hit(pos, pos + 1, detail=f"{opener} where {closer} is expected"))
            if is_opener and not turned:
                stack.append([pos, k, False])
            elif stack:
                matched.append((stack.pop()[0], m.end()))
                # A quoted sentence closing the quotation around it may close both with
                # one mark: « Il m’a dit : « Non ! » (the ! shows the inner one ends there).
                if stack and stack[-1][1] == k and text[max(pstart, pos - 3):pos].rstrip(_LEADERS)[-1:] in _ENDS:
                    stack[-1][2] = True
            elif turned:
                continue
            elif not quotes and _LIST_MARKER_RE.search(text[max(pstart, pos - 5):m.end()]):
                continue
            else:
                hits.append(Hit(pos, pos + 1, detail=f"no matching {opener}"))
        crossed = crossed or (bool(stack) and k + 1 < last)  # the paragraphs after the last one with marks
        # French closes a quotation and the one nested in it with a single mark
        # (« … « … », écrit-il): an outer quotation whose inner one was closed is closed too.
        hits.extend(Hit(pos, pos + 1, detail=f"no matching {closer}") for pos, _, nested in stack if not (quotes and nested))
    return hits, matched, crossed


def _straight_open(
    text: str, paras: tuple[tuple[int, int], ...], parts: list[tuple[int, int]], elided: set[int]
) -> tuple[list[tuple[int, str]], bool]:
    """The straight quote left open in each section with an odd number of them ("paragraph" or
    "section" for the message), and whether one was open where a paragraph began."""
    left: list[tuple[int, str]] = []
    crossed = False
    for first, last in parts:
        open_at = None
        if first >= last:
            continue
        k, carried = first - 1, False
        for m, k, new in _section_marks(text, paras, first, last, _STRAIGHT_RE):
            pos = m.start()
            if new:
                carried = open_at is not None
                crossed = crossed or carried
            if pos in elided:
                continue
            if carried:
                carried = False
                if _continues(text, paras[k][0], pos, m.end()):
                    continue
            open_at = pos if open_at is None else None
        crossed = crossed or (open_at is not None and k + 1 < last)
        if open_at is not None:
            left.append((open_at, "paragraph" if last - first == 1 else "section"))
    return left, crossed


@register("unbalanced-quotes", params=["marks", "heading_words", "elisions"])
def unbalanced_quotes(params: Mapping[str, Any], resources: Resources):
    """Flag quotation marks and parentheses left unmatched within a section of the document."""
    marks = tuple(params.get("marks", ("guillemets", "curly", "straight", "parentheses")))
    unknown = set(marks) - set(_PAIRS) - {"straight"}
    if unknown:
        raise ValueError(f"unknown marks {sorted(unknown)}; expected {sorted({*_PAIRS, 'straight'})}")
    heading_words = int(params.get("heading_words", 20))
    # Guillemets come first: “…” and "…" nested in a « … » quotation are judged inside it.
    names = sorted((name for name in marks if name in _PAIRS), key=lambda name: name != "guillemets")
    pairs = [(name, *_PAIRS[name], regex.compile(regex.escape(_PAIRS[name][0]) + "|" + regex.escape(_PAIRS[name][1])))
             for name in names]
    straight = "straight" in marks
    elisions = tuple(params.get("elisions", DEFAULT_ELISIONS))
    elided_words = frozenset(e.lower() for e in elisions)

    def detect(doc: Document) -> Iterator[Hit]:
        text = doc.text
        present = [p for p in pairs if p[1] in text or p[2] in text]
        has_straight = straight and '"' in text
        if not present and not has_straight:
            return
        # A quotation may run over several paragraphs, so marks balance over a section. Most
        # quotations close in their own paragraph: matched over the whole document as one
        # section, they give what the sections would (a section's start only empties a stack
        # that is empty there anyway), so the sections are made only for a mark left open
        # where a paragraph begins, or a straight quote left open whose message names its section.
        paras = doc.paragraphs
        whole = [(0, len(paras))]
        parts: list[tuple[int, int]] | None = None
        hits: list[Hit] = []
        quoted: list[tuple[int, int]] = []  # spans of matched « … »
        for name, opener, closer, mark_re in present:
            found, matched, crossed = _balance(text, paras, whole if parts is None else parts, opener, closer, mark_re)
            if crossed and parts is None:
                parts = sections(doc, heading_words)
                found, matched, _ = _balance(text, paras, parts, opener, closer, mark_re)
            if name == "guillemets":
                quoted = matched
            elif name == "curly":
                # “ nested in « … » and closed with it (« Il a dit : “Non ! ») is second-level quoting.
                found = [h for h in found if h.detail != f"no matching {closer}" or not _inside(h.start, quoted)]
            hits.extend(found)
        if has_straight:
            elided = _elided_quotes(text, elided_words) if elided_words else set()
            hits.extend(Hit(pos, pos + 1, detail='" where an apostrophe is expected') for pos in elided)
            left, crossed = _straight_open(text, paras, whole if parts is None else parts, elided)
            if (crossed or left) and parts is None:
                parts = sections(doc, heading_words)
                left, _ = _straight_open(text, paras, parts, elided)
            for open_at, where in left:
                if not _inside(open_at, quoted):
                    hits.append(Hit(open_at, open_at + 1, detail=f'odd number of " in the {where}'))
        hits.sort(key=lambda h: h.start)
        yield from hits

    return detect


def _elided_quotes(text: str, words: frozenset[str]) -> set[int]:
    """Positions of straight quotes written for an apostrophe: after an elided word, before a letter."""
    out = set()
    pos = text.find('"')
    while pos >= 0:
        after = text[pos + 1:pos + 3]
        end = pos - 1 if text[pos - 1:pos] in (" ", "\t") else pos
        # One space at most, on either side: "l"économie", "l "énergie", "d" État".
        if after[:1].isalpha() or (end == pos and after[:1] in (" ", "\t") and after[1:2].isalpha()):
            start = end
            while start > 0 and end - start < 7 and text[start - 1].isalpha():
                start -= 1
            if (start == 0 or not text[start - 1].isalnum()) and text[start:end].lower() in words:
                out.add(pos)
        pos = text.find('"', pos + 1)
    return out


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """True when `pos` lies within one of `spans`."""
    return any(a < pos < b for a, b in spans)


# Pairs that French (and English) legitimately double: reflexive "nous nous", "vous vous",
# emphatic "très très", and reduplicated words such as "bye bye".
DEFAULT_ALLOWED_DOUBLES: tuple[str, ...] = (
    "nous", "vous", "très", "si", "non", "oui", "bye", "fifty", "tam", "pan", "chut", "ha",
    "hé", "bla", "toc", "plouf", "couci", "cha", "train", "pousse", "that", "had", "is",
)
# Run on the folded (lowercased) text, so the back-reference needs no case folding.
_DOUBLE_RE = re.compile(r"\b(?P<word>[^\W\d_]+)[ \t\u00a0]+(?P=word)\b")


@register("doubled-words", params=["allowed"])
def doubled_words(params: Mapping[str, Any], resources: Resources):
    """Flag a word written twice in a row ("le le"), except legitimate doublings."""
    allowed = frozenset(w.lower() for w in params.get("allowed", DEFAULT_ALLOWED_DOUBLES))

    def detect(doc: Document) -> Iterator[Hit]:
        # Comparing neighbouring words is far cheaper than the back-referencing regex,
        # which then runs only on the rare documents where two neighbours are equal. The
        # words are the paragraphs' (shared with the duplicate check), compared within each
        # paragraph: a match never crosses a line, and its two words are neighbours there.
        # Compared in C: only the few words equal to the next one reach the Python test
        # (one article in ten has "nous nous" or "vous vous").
        # (operator.eq is a C function; str.__eq__ is a slot wrapper that costs twice as much a call.)
        eq, compress, islice = operator.eq, itertools.compress, itertools.islice
        # The paragraphs where a word not allowed doubled follows itself: the only ones
        # where the regex can find something to report.
        suspects = [
            k
            for k, words in enumerate(doc.paragraph_words)
            if len(words) > 1 and not allowed.issuperset(compress(words, map(eq, words, islice(words, 1, None))))
        ]
        if not suspects:
            return
        text, folded, paragraphs = doc.text, doc.folded, doc.paragraphs
        # Searched paragraph by paragraph in text order: \b sees the character before a
        # paragraph's start (a line break or a space), as it does in one search of the text.
        for m in (m for k in suspects for m in _DOUBLE_RE.finditer(folded, *paragraphs[k])):
            word = m.group("word")
            if word in allowed:
                continue
            first = text[m.start():m.start() + len(word)]
            second = text[m.end() - len(word):m.end()]
            # "Bora Bora" (both capitalised) is a name; "R&D d'Accenture" (single letters
            # of different case) is not a doubled word.
            if second[0].isupper() or (len(word) == 1 and first != second):
                continue
            yield Hit(m.start(), m.end(), suggestions=(first,))

    return detect


# Whitespace before a comma or full stop that ends a word. A spaced ellipsis (". . .")
# and a leading dot as in ".NET" are left alone.
_SPACE_BEFORE_RE = regex.compile(
    r"(?<=[\w»)\]”%])(?P<space>[ \t\u00a0\u202f]+)(?P<punct>[,.])(?!\.|\w|[ \t]+\.)"
)


@register("space-before-punctuation", params=[])
def space_before_punctuation(params: Mapping[str, Any], resources: Resources):
    """Flag a space before a comma or full stop ("2022 ,"), suggesting the punctuation alone."""
    finditer = _SPACE_BEFORE_RE.finditer

    def detect(doc: Document) -> Iterator[Hit]:
        text = doc.text
        if " ," not in text and " ." not in text and "\u00a0," not in text and "\u00a0." not in text:
            return
        for m in finditer(text):
            yield Hit(m.start(), m.end(), suggestions=(m.group("punct"),))

    return detect


_CURLY_PAIR_RE = regex.compile(r"“(?P<inner>[^“”\n]{1,1000})”")
_STRAIGHT_PAIR_RE = regex.compile(r'"(?P<inner>[^"\n]{1,1000})"')
_GUILLEMET_RE = regex.compile(r"«[^«»\n]*»")


@register("english-quotes", params=["straight"])
def english_quotes(params: Mapping[str, Any], resources: Resources):
    """Flag English-style quotations (“…”, and "…" by policy) in French text; suggest « … »."""
    policy = params.get("straight", "mixed")
    if policy not in ("always", "mixed", "never"):
        raise ValueError(f"straight must be always, mixed or never, not {policy!r}")

    def detect(doc: Document) -> Iterator[Hit]:
        text = doc.text
        has_curly = "“" in text
        check_straight = '"' in text and policy != "never"
        if not has_curly and not check_straight:
            return
        # Curly quotes nested inside guillemets are the French second-level quotation marks.
        nested = [m.span() for m in _GUILLEMET_RE.finditer(text)] if "«" in text else []
        hits = []
        if has_curly:
            for m in _CURLY_PAIR_RE.finditer(text):
                s, e = m.span()
                if not any(ns < s and e < ne for ns, ne in nested):
                    hits.append(Hit(s, e, suggestions=(f"« {m.group('inner').strip()} »",)))
        if check_straight:
            for pstart, pend in doc.paragraphs:
                # Much of the French online press types straight quotes; under "mixed" they
                # are a finding only in a paragraph that also uses guillemets.
                if policy == "mixed" and "«" not in text[pstart:pend]:
                    continue
                for m in _STRAIGHT_PAIR_RE.finditer(text, pstart, pend):
                    if any(ns < m.start() and m.end() < ne for ns, ne in nested):
                        continue
                    hits.append(Hit(m.start(), m.end(), suggestions=(f"« {m.group('inner').strip()} »",)))
        hits.sort(key=lambda h: h.start)
        yield from hits

    return detect

