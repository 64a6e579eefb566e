"""A given name rendered by a French word that English text also writes, introduced as an English speaker ("l'aventurier britannique Ours Grylls").

The introduced signal of auditor/entities/opennouns.py never takes a French word English text writes
often (opennouns._rendering: Rose Byrne, Art Garfunkel are names as they stand). That veto also drops
the renderings whose English homograph is some other word: "Ours" (bear, not the pronoun), "Note"
(Bill). Here such a word counts as a given name translated when it opens a two-word name right after a
person's role and an English-speaking nationality, before a surname that looks English, provided it is
no given name of the US census (Rose, Art, Don stay vetoed) and its English translation is another
word than itself (Accord, Fortune, Page are names or words as they stand).

Also here: a given-name rendering closing a longer run that a role's complement opens, "le guitariste
des Rolling Stones Baleine Richards": the band's or the team's name, then the person's, the given name
a French noun of the table (any that opennouns._rendering accepts) before an English-looking surname.
"""

from __future__ import annotations

import re
from typing import Sequence

from auditor.entities.opennouns import (
    _ANGLOPHONE_WORD,
    _FUNCTION_BEFORE,
    _INTRODUCED,
    _INTRODUCED_BACK,
    _NATIONAL_NOUN,
    _ROLE_BEFORE,
    _ROLE_BEFORE_BACK,
    CUE_WINDOW,
    MAX_UNLISTED_SURNAME_EN,
    Lexicon,
    OpenNoun,
    Word,
    _before,
    _capitalised,
    _common_french_surname,
    _english,
    _english_surname,
    _name,
    _rendering,
)
from auditor.entities.gazetteer import plain


def _census_given(word: str) -> bool:
    """True for a given name of the 1990 US census lists (rules/gazetteer/census_given_names.tsv)."""
    from auditor.checks.openworld import census_given_ranks  # the check's reader, read once per process

    return word in census_given_ranks()


def introduced_given_word(text: str, offset: int, words: Sequence[Word], lexicon: Lexicon) -> OpenNoun | None:
    """Return a given-name rendering English text writes too, opening a name introduced as an English speaker's; else None."""
    if len(words) != 2:
        return None
    a, b = words
    table = lexicon.table
    # The word lookups first, in the order that drops most runs: the case opennouns._rendering leaves out.
    if (
        a.text.casefold() not in table.written
        or lexicon.zipf(a.plain, "en") < MAX_UNLISTED_SURNAME_EN
        or not _capitalised(a.text)
        or a.plain in lexicon.given_names
        or a.text.casefold() in lexicon.french_surnames
        or _common_french_surname(a.plain, table)
    ):
        return None
    english = _english(a.plain, table)
    if not english or plain(english) == a.plain or _census_given(a.plain) or not _english_surname(b, lexicon):
        return None
    start = offset + a.start
    if _FUNCTION_BEFORE.search(text, max(0, start - 20), start):
        return None
    # A person's role and the nationality, or the nationality as a noun ("le Britannique"): no company's kind.
    cue = _NATIONAL_NOUN.search(text, max(0, start - 30), start) or _before(_INTRODUCED, _INTRODUCED_BACK, text, max(0, start - CUE_WINDOW), start)
    if cue is None or ("company" in cue.groupdict() and cue.group("company")) or not _ANGLOPHONE_WORD.fullmatch(cue.group("nationality")):
        return None
    return OpenNoun(start, offset + b.end, f"{_name(english)} {b.text}", f"'{a.text}' renders the given name {_name(english)}")


# The preposition a role's complement opens with, right before the run ("le guitariste des Rolling Stones").
_DE_BEFORE = re.compile(r"(?:^|\W)(?:de|des|du|d['’])\s*$")


def complement_given(text: str, offset: int, words: Sequence[Word], lexicon: Lexicon) -> OpenNoun | None:
    """Return a given-name rendering before an English-looking surname closing a run that a role's complement opens, else None."""
    if len(words) < 3:
        return None
    a, b = words[-2], words[-1]
    table = lexicon.table
    if not _rendering(a, lexicon) or _common_french_surname(a.plain, table) or not _english_surname(b, lexicon):
        return None
    english = (table.given.get(a.plain) or ("",))[0] or _english(a.plain, table)
    run_start = offset + words[0].start
    if not english or not _DE_BEFORE.search(text, max(0, run_start - 6), run_start):
        return None
    if _before(_ROLE_BEFORE, _ROLE_BEFORE_BACK, text, max(0, run_start - CUE_WINDOW), run_start) is None:
        return None
    return OpenNoun(offset + a.start, offset + b.end, f"{_name(english)} {b.text}", f"'{a.text}' renders the given name {_name(english)}")
