"""Closed English compound names rendered word by word ("Pierre de Feu" for Firestone, "Paix Verte" for Greenpeace).

The table (rules/gazetteer/nouns.compounds.generated.tsv, tools/build_name_compounds.py) maps the French phrases of
such renderings to the compound. A phrase stands for the name where it is written as one: every word capitalised but
"de" and "d'" (a run of capitalised words holds it, auditor/checks/entities.document_runs), inside a sentence (a capital at a sentence start proves nothing), not the tail of a longer name
("Richard Cœur de Lion") nor a street's or a building's ("rue Pierre de Feu").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import regex

from auditor.entities.nouns import _sentence_start

TABLE_NAME = "nouns.compounds.generated.tsv"
# The words before a phrase that make it a place's or a building's name, French and rightly written.
_PLACE_BEFORE = regex.compile(
    r"(?i:\b(?:rue|avenue|boulevard|bd|place|quai|allée|impasse|chemin|route|cours|passage|square|parc|pont|porte|port|gare|"
    r"station|église|chapelle|cathédrale|abbaye|château|lycée|collège|école|hôtel|musée|théâtre|salle|stade|villa|domaine|"
    r"mont|lac|île|cap|col|pointe|baie|val|forêt|bois|canal|fort|tour|hameau|lieu-dit|résidence|cité|quartier|rond-point)\s+)$"
)
_PREV_WORD = regex.compile(r"([\p{L}\p{M}'’.-]+)\s+$")


@dataclass(frozen=True)
class Compound:
    """A French phrase found written as a name, and the English compound it renders."""

    start: int
    end: int
    suggestion: str
    detail: str


@dataclass(frozen=True)
class CompoundTable:
    """The phrases by their first word (lowercase), longest first, each with its compound."""

    by_first: Mapping[str, tuple[tuple[str, str], ...]]


def read_table(path: Path) -> CompoundTable:
    """Read the generated table: tab-separated rows `phrase compound how`."""
    by_first: dict[str, list[tuple[str, str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        phrase, compound = line.split("\t")[:2]
        by_first.setdefault(phrase.split(" ")[0], []).append((phrase, compound))
    return CompoundTable({w: tuple(sorted(p, key=lambda pc: (-len(pc[0]), pc))) for w, p in by_first.items()})


def run_phrases(run: str, table: CompoundTable) -> frozenset[str]:
    """Return the first words of the phrases a run of capitalised words holds whole ('Selon Paix Verte': paix)."""
    words = run.split()
    held = set()
    for i, word in enumerate(words[:-1]):  # a phrase has two words at least
        key = word.lower().replace("’", "'")
        phrases = table.by_first.get(key)
        if phrases:
            rest = " ".join(words[i:]).lower().replace("’", "'")
            if any(rest == p or rest.startswith(p + " ") for p, _ in phrases):
                held.add(key)
    return frozenset(held)


def find_compounds(text: str, words: Iterable[str], table: CompoundTable) -> list[Compound]:
    """Return the phrases of the table written as names in `text`; `words` are the document's lowercase words."""
    out: list[Compound] = []
    for first in sorted(table.by_first.keys() & set(words)):
        capital = first[:1].upper() + first[1:]
        i = text.find(capital)
        while i >= 0:
            found = _match(text, i, table.by_first[first])
            if found is not None:
                out.append(found)
            i = text.find(capital, i + 1)
    return sorted(out, key=lambda c: (c.start, c.end))


def _match(text: str, start: int, phrases: Sequence[tuple[str, str]]) -> Compound | None:
    """The compound whose phrase is written at `start` as a name, or None."""
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-'’"):
        return None
    window = text[start:start + 80]
    folded = window.lower().replace("’", "'")
    for phrase, compound in phrases:
        end = len(phrase)
        if not folded.startswith(phrase) or (end < len(folded) and (folded[end].isalnum() or folded[end] in "-'")):
            continue
        if not _title_case(window[:end]) or _sentence_start(text, start) or _after_name(text, start):
            return None
        return Compound(start, start + end, compound[:1].upper() + compound[1:], f"'{window[:end]}' is {compound.capitalize()} translated word by word")
    return None


def _title_case(phrase: str) -> bool:
    """True when every word but de and d' opens on a capital: 'Pierre de Feu', "Bois d'Étoile", 'Paix Verte'."""
    words = phrase.replace("’", "'").replace("d'", "d' ").split()
    return all(w[:1].isupper() for w in words if w not in ("de", "d'"))


def _after_name(text: str, start: int) -> bool:
    """True when a capitalised word (a longer name: Richard Cœur de Lion) or a place word (rue, église) stands right before."""
    lo = max(0, start - 40)
    if _PLACE_BEFORE.search(text, lo, start):
        return True
    prev = _PREV_WORD.search(text, lo, start)
    return prev is not None and prev.group(1)[:1].isupper() and not _sentence_start(text, prev.start(1))
