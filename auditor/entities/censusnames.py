"""Which of two surnames an American or a Briton more likely bears: the French one, or the English one it translates.

The noun checks veto a rendering that French people bear as a surname (Chevalier, Renard, Canard:
INSEE lists them). Where the text places the person in the English-speaking world, that veto is
the wrong question: English speakers bear French surnames too (Joan Fontaine), but far fewer than
the English surname the word translates (Knight, Fox, Drake). The 1990 US census surname ranks
(rules/gazetteer/census_surnames.tsv, see tools/build_census_surnames.py) answer it.
"""

from __future__ import annotations

import functools
from typing import Mapping

from auditor.entities.gazetteer import load_ranks, plain

TABLE_NAME = "census_surnames.tsv"
UNLISTED_RANK = 88_800  # past the census list's last rank (88,799): a surname it does not list
# How many times commoner in the census the English surname must be than the French word: Knight (155) 37 times
# Chevalier (5,754), Drake (458) 84 times Canard; not Pope (405) 11 times Pape, nor Plant (5,729) against Plante (3,748).
MIN_CENSUS_LEAD = 20


@functools.lru_cache(maxsize=1)
def census_ranks() -> Mapping[str, int]:
    """Return unaccented lowercase surname -> 1990 US census rank, read once per process (empty when absent)."""
    from auditor.ruleset.loader import builtin_rules_dir

    path = builtin_rules_dir() / "gazetteer" / TABLE_NAME
    return load_ranks(path) if path.is_file() else {}


def english_bearer(french: str, english: str) -> bool:
    """True when the census lists the English surname at least MIN_CENSUS_LEAD times as common as the French word."""
    ranks = census_ranks()
    mine = ranks.get(plain(english).casefold())
    return mine is not None and mine * MIN_CENSUS_LEAD <= ranks.get(plain(french).casefold(), UNLISTED_RANK)
