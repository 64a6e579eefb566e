"""Fragments and typography: broken sentences, unbalanced quotes, doubled words, stray spaces, quote style."""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Mapping

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

# A full stop closing a word (or a closing quote or bracket), then a new word in lowercase.
# The word before must be two letters or more, or a closing mark; the character before it
# must not be a dot or a word character that makes it part of an URL or a number.
_FRAGMENT_RE = regex.compile(
    r"(?<![\w.@/:-])(?P<prev>\p{L}[\p{L}'’-]*\p{L}|[»”\")\]]+)"
    r"\.(?P<close>[»”\")\]]*)[ \t\u00a0\u202f]+"
    r"(?P<next>\p{Ll}[\p{L}'’-]*)"
)
_INNER_CAPITAL_RE = regex.compile(r"\p{Ll}+\p{Lu}")  # iPhone, eBay: brand names


@register("sentence-fragment", params=["abbreviations", "extra_abbreviations"])
def sentence_fragment(params: Mapping[str, Any], resources: Resources):
    """Flag a full stop followed by a lowercase word: a sentence broken in two."""
    abbrevs = frozenset(
        a.lower().rstrip(".")
        for a in (*params.get("abbreviations", DEFAULT_ABBREVIATIONS), *params.get("extra_abbreviations", ()))
    )
    finditer = _FRAGMENT_RE.finditer
    inner_capital = _INNER_CAPITAL_RE.match

    def detect(doc: Document) -> Iterator[Hit]:
        text = doc.text
        if ". " not in text and ".\u00a0" not in text and ".\t" not in text and ".»" not in text and ".\"" not in text:
            return
        for m in finditer(text):
            prev = m.group("prev")
            if prev[0].isalpha() and prev.lower().replace("’", "'") in abbrevs:
                continue
            nxt = m.group("next")
            if inner_capital(nxt):
                continue
            yield Hit(m.start(), m.end())

    return detect


# Opening and closing marks of each pair that must balance within a paragraph.
_PAIRS: Mapping[str, tuple[str, str]] = {
    "guillemets": ("«", "»"),
    "curly": ("“", "”"),
    "parentheses": ("(", ")"),
}
# "1)" or "a)" at the start of a paragraph is a list marker, not a closing parenthesis.
_LIST_MARKER_RE = regex.compile(r"\s*(?:\w{1,3}|[ivxlIVXL]+)\)")
# Straight double quotes: an inch mark after a digit is not a quotation mark.
_STRAIGHT_RE = regex.compile(r'(?<!\d)"')


@register("unbalanced-quotes", params=["marks"])
def unbalanced_quotes(params: Mapping[str, Any], resources: Resources):
    """Flag quotation marks and parentheses left unmatched within a paragraph."""
    marks = tuple(params.get("marks", ("guillemets", "curly", "straight", "parentheses")))
    unknown = set(marks) - set(_PAIRS) - {"straight"}
    if unknown:
        raise ValueError(f"unknown marks {sorted(unknown)}; expected {sorted({*_PAIRS, 'straight'})}")
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
        for pstart, pend in doc.paragraphs:
            for name, opener, closer, mark_re in present:
                depth: list[int] = []
                for m in mark_re.finditer(text, pstart, pend):
                    if m.group() == opener:
                        depth.append(m.start())
                    elif depth:
                        depth.pop()
                    elif name == "parentheses" and _LIST_MARKER_RE.fullmatch(text, pstart, m.end()):
                        continue
                    else:
                        hits.append(Hit(m.start(), m.end(), detail=f"no matching {opener}"))
                hits.extend(Hit(pos, pos + 1, detail=f"no matching {closer}") for pos in depth)
            if has_straight:
                quotes = [m.start() for m in _STRAIGHT_RE.finditer(text, pstart, pend)]
                if len(quotes) % 2:
                    hits.append(Hit(quotes[-1], quotes[-1] + 1, detail="odd number of \" in the paragraph"))
        hits.sort(key=lambda h: h.start)
        yield from hits

    return detect


# Pairs that French (and English) legitimately double: reflexive "nous nous", "vous vous",
# emphatic "très très", and reduplicated words such as "bye bye".
DEFAULT_ALLOWED_DOUBLES: tuple[str, ...] = (
    "nous", "vous", "très", "si", "non", "oui", "bye", "fifty", "tam", "pan", "chut", "ha",
    "hé", "bla", "toc", "plouf", "couci", "cha", "train", "pousse", "that", "had", "is",
)
_DOUBLE_RE = regex.compile(r"\b(?P<word>\p{L}+)[ \t\u00a0]+(?P=word)\b", regex.IGNORECASE)


@register("doubled-words", params=["allowed"])
def doubled_words(params: Mapping[str, Any], resources: Resources):
    """Flag a word written twice in a row ("le le"), except legitimate doublings."""
    allowed = frozenset(w.lower() for w in params.get("allowed", DEFAULT_ALLOWED_DOUBLES))
    finditer = _DOUBLE_RE.finditer

    def detect(doc: Document) -> Iterator[Hit]:
        for m in finditer(doc.text):
            word = m.group("word")
            second = m.group()[-len(word):]
            # "Bora Bora", "Sing Sing": both capitalised is a name, not a slip.
            if word.lower() in allowed or (word[0].isupper() and second[0].isupper()):
                continue
            yield Hit(m.start(), m.end(), suggestions=(word,))

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
_STRAIGHT_PAIR_RE = regex.compile(r'(?<!\d)"(?P<inner>[^"\n]{1,1000})"')
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
        # French online press widely types straight quotes; they are only a finding when
        # the same document also uses guillemets, i.e. conventions are mixed.
        check_straight = '"' in text and (policy == "always" or (policy == "mixed" and "«" in text))
        if not has_curly and not check_straight:
            return
        # Curly quotes nested inside guillemets are the French second-level quotation marks.
        nested = [m.span() for m in _GUILLEMET_RE.finditer(text)] if "«" in text else []
        hits = []
        patterns = ([_CURLY_PAIR_RE] if has_curly else []) + ([_STRAIGHT_PAIR_RE] if check_straight else [])
        for pattern in patterns:
            for m in pattern.finditer(text):
                s, e = m.span()
                if any(ns < s and e < ne for ns, ne in nested):
                    continue
                inner = m.group("inner").strip()
                hits.append(Hit(s, e, suggestions=(f"« {inner} »",)))
        hits.sort(key=lambda h: h.start)
        yield from hits

    return detect

