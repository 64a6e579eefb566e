"""A band's or a company's plural name translated, introduced by its kind and an English-speaking nationality ("le groupe britannique Singes").

English bands and brands are often plural nouns (Arctic Monkeys, Eagles, Doors, Killers), and machine
translation writes the French plural ("le groupe britannique Singes de l'Arctique"). The introduced
signal of auditor/entities/opennouns.py looks words up as the table spells them, in the singular;
here a plural whose singular is a rendering of the table ("Singes" -> singe -> monkey) counts the same
way: alone in its run, right after a role or a company's kind and an English-speaking nationality
(not Canadian: French Canada names companies with French plurals, Cascades), or with them in apposition
after it. A plural that is a people's name (Américains) or an English word as written (Paris, Glass)
is no rendering (opennouns._singular).
"""

from __future__ import annotations

from auditor.entities.opennouns import (
    _ANGLOPHONE_WORD,
    _FUNCTION_BEFORE,
    _INTRODUCED,
    _INTRODUCED_AFTER,
    _INTRODUCED_BACK,
    CUE_WINDOW,
    Lexicon,
    OpenNoun,
    Word,
    _before,
    _common_french_surname,
    _english,
    _name,
    _rendering,
    _singular,
)


def english_plural(word: str) -> str:
    """Return the regular English plural of a noun (monkey -> monkeys, fly -> flies, box -> boxes)."""
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def introduced_plural(text: str, start: int, end: int, word: Word, lexicon: Lexicon) -> OpenNoun | None:
    """Return a lone plural rendering introduced by a role or a kind and an English-speaking nationality, else None."""
    # The word lookups first: most lone words are no plural of the table.
    singular = _singular(word, lexicon)
    if singular is None or singular.text == word.text or not _rendering(singular, lexicon):
        return None
    if _common_french_surname(singular.plain, lexicon.table) or _FUNCTION_BEFORE.search(text, max(0, start - 20), start):
        return None
    cue = _before(_INTRODUCED, _INTRODUCED_BACK, text, max(0, start - CUE_WINDOW), start) or _INTRODUCED_AFTER.match(text, end)
    if cue is None or not _ANGLOPHONE_WORD.fullmatch(cue.group("nationality")):
        return None
    english = _english(singular.plain, lexicon.table)
    if not english:
        return None
    source = _name(english_plural(english))
    return OpenNoun(start, end, source, f"'{word.text}' renders the word {source}")
