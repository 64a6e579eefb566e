"""Names rendered as nouns that a sentence's opening describes as a person or a company: 'Battue aux points, la fureur réclame'.

French news often opens a sentence with a description of its subject, then names it: "Marié pendant
sept ans à Heidi Klum, le chanteur...", "Premier réseau d'agents immobiliers du pays, Compass a
licencié...". When the subject after that comma is a noun that cannot act (rules/gazetteer/
nouns.agentless.generated.tsv: a tool, an animal, a feeling) with "le", "la" or "l'", the description
says it is a person or a company, and the noun is a name machine translation rendered as a word:
"Battue aux points à Riyad, la fureur britannique réclame..." (Tyson Fury), "Premier réseau d'agents
immobiliers du pays, la boussole a licencié" (Compass).

Only descriptions no tool and no feeling bears count: a life a person leads (interviewed, married,
accused, elected), a company's life (founded, valued, listed, in administration), a contest's
outcome (beaten on points, X times champion), or a kind noun of a company or an artist, bare
("Premier réseau de...", "Spécialiste de...") or, with its article, before a subject set off by
commas ("L'application de..., la charnière, a annoncé"). A finite verb outside a relative clause
makes the opening a clause of its own. An animal counts only after a person's or a company's life
("Né en captivité, le phoque" is a zoo's; "Interrogé, le phoque" and "Premier transporteur
d'autocars, le lévrier" are no animals), never after a contest (a horse is champion) or an artist's
kind noun. Things that stand for their people or their crew in French never count: "Leader du
marché, l'enseigne a annoncé", "Placé sous pavillon panaméen, le pétrolier a". The check
(auditor/checks/opennouns.py) keeps a finding only in a document about the English-speaking world.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from auditor.entities.agentless import Row
from auditor.entities.namewords import _KINDS, _PERSONS

# The participle's endings: masculine, feminine, plural.
_AGREE = r"(?:e|s|es)?"
# A life only a person leads: no animal is interviewed, married or elected.
_PERSON_LIFE = rf"(?:Interrogé|Interviewé|Marié|Divorcé|Fiancé|Accusé|Condamné|Inculpé|Élu|Réélu|Nommé){_AGREE}"
# A company's life: neither an animal, a tool nor a feeling is founded, valued, listed or put in administration.
_COMPANY_LIFE = (
    rf"(?:Fondé|Cofondé|Valorisé){_AGREE}"
    rf"|Coté{_AGREE}[ \t\u00a0]+(?:en[ \t\u00a0]+Bourse|au[ \t\u00a0]+Nasdaq|à[ \t\u00a0]+(?:Wall[ \t\u00a0]+Street|la[ \t\u00a0]+Bourse))"
    rf"|Placé{_AGREE}[ \t\u00a0]+(?:sous|en)[ \t\u00a0]+(?:administration|redressement|liquidation|sauvegarde|procédure)"
    # A kind noun of a company or an artist with no article, maybe ranked: "Premier réseau de...", "Spécialiste de...". A
    # sentence opens on a bare common noun only in apposition to its subject.
    r"|(?:(?:[Pp]remier|[Pp]remière|[Dd]euxième|[Ss]econd|[Ss]econde|[Aa]ncien|[Aa]ncienne|[Pp]rincipal|[Pp]rincipale)[ \t\u00a0]+)?"
    rf"(?P<kind>(?i:{_KINDS}))"
)
# A contest's outcome: no tool nor feeling is beaten on points or crowned, but a horse or a dog is.
_CONTEST = (
    rf"(?:Sacré|Éliminé){_AGREE}"
    rf"|Battu{_AGREE}[ \t\u00a0]+(?:aux[ \t\u00a0]+points|par[ \t\u00a0]+K|en[ \t\u00a0]+(?:finale|demi|quart|huitième)"
    r"|au[ \t\u00a0]+(?:premier|deuxième|second|troisième)[ \t\u00a0]+tour|aux[ \t\u00a0]+tirs)"
    r"|(?:\w+[ \t\u00a0]+fois[ \t\u00a0]+)?(?:[Cc]hampion|[Cc]hampionne|[Vv]ainqueur|[Ll]auréat|[Ll]auréate|[Mm]édaillé|[Mm]édaillée|[Ff]inaliste)s?"
)
# With its article the kind noun may open a clause ("Le groupe joue ce soir, le..."): it describes only a subject set off
# by commas on both sides ("L'application de rencontres préférée des trentenaires, la charnière, a annoncé").
_ARTICLE_KIND = rf"(?:(?:[Ll]e|[Ll]a|[Uu]n|[Uu]ne)[ \t\u00a0]+|[Ll]['’][ \t\u00a0]*)(?:(?i:{_KINDS}))"
# The description, from a sentence's start to the comma before its subject (no comma inside, up to 140 characters).
_ANIMAL_FRONT = re.compile(rf"(?:{_PERSON_LIFE}|{_COMPANY_LIFE})(?![\w-])[^,.!?;:\n]{{0,140}}$")
_ANY_FRONT = re.compile(rf"(?:{_PERSON_LIFE}|{_COMPANY_LIFE}|{_CONTEST})(?![\w-])[^,.!?;:\n]{{0,140}}$")
_APPOSED_FRONT = re.compile(rf"{_ARTICLE_KIND}(?![\w-])[^,.!?;:\n]{{0,140}}$")
# The subject after the description's comma: the article and the lowercase noun.
_SUBJECT = re.compile(r",[ \t\u00a0]+(?P<det>le|la|l['’])[ \t\u00a0]*(?P<noun>[a-zàâçéèêëîïôûùüÿœæ][\w-]*)")
# Between the noun and its verb, a nationality or a city's people ("la fureur britannique réclame"), or the comma of an apposition.
_NATIONALITY = (
    r"(?:améric|britanni|anglais|australien|gallois|écossais|irlandais|néo-zélandais|canadien|jamaïcain|londonien|new-yorkais|"
    r"californien|texan|mancunien|bostonien|hollywoodien|russe|allemand|italien|espagnol|suédois|norvégien|danois|néerlandais|"
    r"ukrainien|nigérian|kényan|sud-africain|brésilien|argentin|mexicain|japonais|chinois|coréen|indien)[a-z]*"
)
# Then the verb: any word but one that continues the noun phrase ("la guitare de...", "le phoque et le...").
_VERB_AFTER = re.compile(
    rf"(?:[ \t\u00a0]+{_NATIONALITY})?[ \t\u00a0]*(?P<apposed>,)?[ \t\u00a0]+"
    r"(?!(?:[Dd]e|[Dd]u|[Dd]es|et|ou|à|au|aux|en|pour|par|sur|dans|avec|le|la|les|un|une|que)(?![\w'’-])|[Dd]['’]|qu['’])"
    r"(?:[nsl]['’]|[a-zàâçéèêëîïôûùüÿœæ][\w-]*)"
)
# Things that stand for their people or their crew: a shop sign for its chain, a studio or a laboratory for its company,
# a throne for the monarchy, a ship, a plane or a tanker for their crew or owner (le pétrolier: the oil company too).
_METONYMS = frozenset(
    "laboratoire studio plateforme enseigne laiterie scierie quincaillerie buanderie salon trône télé sanctuaire crèche "
    "cantine comptoir pavillon navire vaisseau frégate pétrolier bateau voilier cotre goélette galion chaland embarcation "
    "cuirassé aéroglisseur hydravion avion aéronef aéroplane hélicoptère fusée dirigeable montgolfière camion locomotive "
    "tramway navette transbordeur fraudeur corniaud guignol androïde micro".split()
)
# A finite verb before any relative pronoun makes the opening a clause of its own ("La marque est édulcorée, la singularité
# disparaît": a list of clauses), not a description; inside a relative one it is the description's ("qu'il a fondée").
_CLAUSE_VERB = re.compile(
    r"(?<![\w'’-])(?P<relative>qu['’])|(?<![\w'’-])(?:(?P<pronoun>qui|que|dont|où)|est|sont|était|étaient|sera|seront|a|ont|avait|avaient|aura|auront|"
    r"va|vont|fait|font|reste|restent|devient|deviennent|disparaît|semble)(?![\w'’-])"
)
SENTENCE_LOOKBACK = 160  # characters before the subject searched for its sentence's start


@dataclass(frozen=True)
class Described:
    """A noun that cannot act, which its sentence's opening describes as a person or a company."""

    start: int
    end: int
    suggestion: str
    detail: str


def _sentence_start(text: str, comma: int) -> int:
    """The offset where the sentence holding `comma` starts (after '.', '!', '?', a line break, or the text's start)."""
    low = max(0, comma - SENTENCE_LOOKBACK)
    cut = max(text.rfind(c, low, comma) for c in ".!?\n")
    start = cut + 1 if cut >= 0 else (0 if low == 0 else -1)
    if start < 0:
        return -1  # no sentence start within reach: a description that long is no apposition
    while start < comma and text[start] in " \t\u00a0«»\"“”(":
        start += 1
    return start


def find_described(text: str, table: Mapping[str, Row]) -> list[Described]:
    """The agentless nouns of `text` that their sentence's opening describes as a person or a company."""
    found: list[Described] = []
    for subject in _SUBJECT.finditer(text):
        noun = subject.group("noun")
        row = table.get(noun.casefold())
        if row is None or noun.casefold() in _METONYMS:
            continue
        verb = _VERB_AFTER.match(text, subject.end())
        if verb is None:
            continue
        comma = subject.start()
        start = _sentence_start(text, comma)
        if start < 0:
            continue
        opening = text[start:comma]
        front = (_ANIMAL_FRONT if row.animal else _ANY_FRONT).match(opening)
        if front is not None and row.animal and (front.group("kind") or "").casefold() in _PERSONS:
            front = None  # a singer or an artist may be a story's parrot or chimpanzee; a coach company is no greyhound
        if front is None and not (verb.group("apposed") and not row.animal and _APPOSED_FRONT.match(opening)):
            continue
        clause = _CLAUSE_VERB.search(text, start, comma)
        if clause is not None and clause.group("relative") is None and clause.group("pronoun") is None:
            continue
        name = row.english[:1].upper() + row.english[1:]
        words = text[subject.start("det") : subject.end("noun")]
        found.append(Described(subject.start("det"), subject.end("noun"), name, f"'{words}' is described as a person or a company: here it stands for a name ({name})"))
    return found
