"""Fragments and typography: broken sentences, unbalanced quotes, doubled words, stray spaces, quote style."""

from __future__ import annotations

import itertools
import re
from typing import Any, Iterator, Mapping

import regex

from auditor.checks import Hit, Resources, register
from auditor.document import Document

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
            if nxt in credits and credit_tail(text, m.end()):
                continue  # "». dpa": the agency's signature at the end of the dispatch
            # "(R-Ariz.) a déclaré": a capitalised abbreviation closing a parenthesis; a
            # sentence does not end inside brackets and carry on outside them.
            if word[0].isupper() and ")" in m.group("close"):
                continue
            yield Hit(stop - len(word), m.end())

    return detect


# Opening and closing marks of each pair that must balance within a paragraph.
_PAIRS: Mapping[str, tuple[str, str]] = {
    "guillemets": ("«", "»"),
    "curly": ("“", "”"),
    "parentheses": ("(", ")"),
}
# "1)", "a)" or "iv)" after a space or at a paragraph start is a list marker, not a
# closing parenthesis.
_LIST_MARKER_RE = regex.compile(r"(?:^|[\s;:,.])(?:\d{1,2}|\p{L}|[ivxIVX]{1,4})\)$")
_STRAIGHT_RE = regex.compile('"')


@register("unbalanced-quotes", params=["marks", "max_carry"])
def unbalanced_quotes(params: Mapping[str, Any], resources: Resources):
    """Flag quotation marks and parentheses left unmatched within a paragraph."""
    marks = tuple(params.get("marks", ("guillemets", "curly", "straight", "parentheses")))
    unknown = set(marks) - set(_PAIRS) - {"straight"}
    if unknown:
        raise ValueError(f"unknown marks {sorted(unknown)}; expected {sorted({*_PAIRS, 'straight'})}")
    # A quotation may run over several paragraphs: an opening mark still open at the end
    # of a paragraph may be closed up to `max_carry` paragraphs later.
    max_carry = int(params.get("max_carry", 2))
    pairs = [(name, *_PAIRS[name], regex.compile(regex.escape(_PAIRS[name][0]) + "|" + regex.escape(_PAIRS[name][1])))
             for name in marks if name in _PAIRS]
    straight = "straight" in marks

    def detect(doc: Document) -> Iterator[Hit]:
        text = doc.text
        present = [p for p in pairs if p[1] in text or p[2] in text]
        has_straight = straight and '"' in text
        if not present and not has_straight:
            return
        hits: list[Hit] = []
        for name, opener, closer, mark_re in present:
            carried: list[int] = []  # openers left open by earlier paragraphs
            carried_for = 0
            for pstart, pend in doc.paragraphs:
                opened: list[int] = []
                for m in mark_re.finditer(text, pstart, pend):
                    if m.group() == opener:
                        if carried and not opened and m.start() == pstart:
                            continue  # « opening each continued paragraph of a long quotation
                        opened.append(m.start())
                    elif opened:
                        opened.pop()
                    elif carried:
                        carried.pop()
                    elif name == "parentheses" and _LIST_MARKER_RE.search(text[max(pstart, m.start() - 5):m.end()]):
                        continue
                    else:
                        hits.append(Hit(m.start(), m.end(), detail=f"no matching {opener}"))
                if opened:
                    hits.extend(Hit(pos, pos + 1, detail=f"no matching {closer}") for pos in carried)
                    carried, carried_for = opened, 0
                elif carried:
                    carried_for += 1
                    if carried_for > max_carry:
                        hits.extend(Hit(pos, pos + 1, detail=f"no matching {closer}") for pos in carried)
                        carried, carried_for = [], 0
            hits.extend(Hit(pos, pos + 1, detail=f"no matching {closer}") for pos in carried)
        if has_straight:
            for pstart, pend in doc.paragraphs:
                quotes = [m.start() for m in _STRAIGHT_RE.finditer(text, pstart, pend)]
                if len(quotes) % 2:
                    hits.append(Hit(quotes[-1], quotes[-1] + 1, detail='odd number of " in the paragraph'))
        hits.sort(key=lambda h: h.start)
        yield from hits

    return detect


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
        # words are the paragraphs' (shared with the duplicate check), laid end to end: a
        # match never crosses a line, so pairs across paragraphs only add candidates.
        words = list(itertools.chain.from_iterable(doc.paragraph_words))
        # Compared in C: only the few words equal to the next one reach the Python test
        # (one article in ten has "nous nous" or "vous vous").
        repeated = itertools.compress(words, map(str.__eq__, words, words[1:]))
        if all(word in allowed for word in repeated):
            return
        text, folded = doc.text, doc.folded
        for m in _DOUBLE_RE.finditer(folded):
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

