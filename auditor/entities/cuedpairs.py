"""A surname rendering French people bear too, after an English given name French families rarely give ("l'humoriste Chris Rocher").

The surname signal of auditor/entities/opennouns.py vetoes any rendering that is a French surname
(Faucon, Rocher: INSEE lists them), since "Jimmy Faucon" may be a French footballer. That veto costs
every English name whose surname is a word French people bear too (Chris Rock -> Chris Rocher).
Here the French surname lowers confidence instead of vetoing, by how likely a French person bears
the whole name: the number of French bearers of a given name and a surname falls roughly as the
product of their INSEE ranks (rules/gazetteer/given_fr_ranks.tsv for given names, the table's
`frsurname` rows for surnames). Chris (561) Rocher (325) makes a French bearer unlikely, Jimmy (194)
Boulanger (167) or Robert (14) Plante (2694) do not. The given name must also be an English one
(census or English lists, more frequent in English text), a person must be around the pair (a role
before it, a verb after it), and the commonest French surnames (INSEE's first hundred: Blanc,
Fontaine) stay vetoed: they travelled with emigrants. So does a pair with a French-speaking nationality
around it ("le pilote français"), or in a document that mentions French-speaking America (Quebec,
Haiti, Louisiana), where English given names meet French surnames.
"""

from __future__ import annotations

import functools
import re
from typing import Mapping, Sequence

from auditor.entities.gazetteer import load_ranks
from auditor.entities.opennouns import (
    CUE_WINDOW,
    MAX_EMIGRANT_RANK,
    MAX_UNLISTED_SURNAME_EN,
    Lexicon,
    Word,
    _capitalised,
    _english_given,
    _inside_phrase,
    _name_pair,
    _person_around,
    _surname_as_written,
)

GIVEN_RANKS = "given_fr_ranks.tsv"  # see tools/build_given_fr_ranks.py
UNRANKED_GIVEN = 3001  # a given name past the file's last rank: rare in France
# The product of the given name's and the surname's French ranks above which a French bearer of the pair is unlikely:
# Chris Rocher 182,325 and Stephen Faucon 806,212 pass; Jimmy Boulanger 32,398 and Jordan Rocher 50,050 do not.
MIN_RANK_PRODUCT = 150_000
# French-speaking America gives English given names with French surnames (a Quebec hockey player Dustin Rocher, a Haitian
# singer): a document that mentions it anywhere leaves such pairs alone.
_FRENCH_AMERICA = re.compile(r"(?i:canadien|québé|quebec|montréal|acadien|haïti|louisian|cajun)")
# A French-speaking nationality around the name ("le pilote français Jimmy Faucon", "Chris Rocher, le Belge"): a French speaker.
_FRENCH_SPEAKING = re.compile(r"(?i:français|française|belge|suisse|luxembourgeois|monégasque|tricolore)")


@functools.lru_cache(maxsize=1)
def given_ranks() -> Mapping[str, int]:
    """Return casefolded French given name -> INSEE rank, read once per process (empty when the file is absent)."""
    from auditor.ruleset.loader import builtin_rules_dir

    path = builtin_rules_dir() / "gazetteer" / GIVEN_RANKS
    return load_ranks(path) if path.is_file() else {}


def french_surname_pair(text: str, offset: int, words: Sequence[Word], lexicon: Lexicon) -> str:
    """Return the English surname a French-surname rendering stands for after an English given name, when a French
    bearer of the pair is unlikely and a person is around it; else ''."""
    pair = _name_pair(text, offset, words)
    if pair is None:
        return ""
    a, b = pair
    table = lexicon.table
    surnames = table.surnames.get(b.plain)
    # Only a French surname with its INSEE rank: the others are the surname signal's business, or no rendering.
    rank = table.french_ranks.get(b.plain)
    if not surnames or rank is None or rank <= MAX_EMIGRANT_RANK or not _capitalised(b.text):
        return ""
    if (
        not _surname_as_written(b, table)  # "Fosse" (Jon Fosse) is no "fossé", the row's word for Hole
        or b.plain in lexicon.given_names
        or lexicon.zipf(b.plain, "en") >= MAX_UNLISTED_SURNAME_EN  # "Blanc" in Mont Blanc: English text writes it as it is
        or a.text.casefold() in table.written
        or not _english_given(a.text, lexicon)
        or given_ranks().get(a.text.casefold(), UNRANKED_GIVEN) * rank < MIN_RANK_PRODUCT
    ):
        return ""
    start, end = offset + a.start, offset + b.end
    if _inside_phrase(text, start, end) or not _person_around(text, start, end):
        return ""
    # The nationality before the name (its role's) or in apposition after it, half as far.
    if _FRENCH_SPEAKING.search(text, max(0, start - CUE_WINDOW), end + CUE_WINDOW // 2) or _FRENCH_AMERICA.search(text):
        return ""
    return surnames[0]
