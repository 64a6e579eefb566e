"""Names rendered as common words where French grammar wants a name: 'Cible a annoncé', 'le distributeur américain Cible'.

A bare singular common noun with no determiner as a clause's subject is no French grammar
whatever its class, and neither is a capitalised common noun right after a kind noun ("le
distributeur américain Cible", "le groupe de metal Outil"): both are names. When every word of
the name is a French word that translates another English word (rules/gazetteer/
nouns.names.generated.tsv, see tools/build_name_words.py: Target -> Cible, Pearl Jam ->
Confiture de Perles), the name is an English one machine translation rendered word by word,
provided the document is about the English-speaking world (agentless.abroad) and does not place
its subject in France: French companies and artists bear French nouns (Printemps, Aigle, the DJ
Petit Biscuit), and a text that calls one French, Parisian or Lyonnais is about one. Once a word
is found as a name, its later uses after "le", "la" or "l'" acting as a person are the same name
("la cible a annoncé").

The vetoes are the agentless check's: a given name, a French surname, a gazetteer name, a word
English writes nearly as often (`named`), a word inside a longer capitalised name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from auditor.entities.agentless import _ACT, _after_function_word

TABLE_NAME = "nouns.names.generated.tsv"


@dataclass(frozen=True)
class NameWord:
    """A name rendered as common words, with the English name suggested."""

    start: int
    end: int
    suggestion: str
    detail: str


def read_words(path: Path) -> dict[str, tuple[str, str]]:
    """French word -> (English word, 'noun' or 'adj'), from the generated table."""
    out: dict[str, tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            french, english, pos = line.split("\t")
            out[french] = (english, pos)
    return out


# Nouns that introduce a company's, a brand's, a band's or an artist's name in apposition.
_KINDS = (
    "groupe|fabricant|constructeur|distributeur|enseigne|chaîne|marque|société|entreprise|start-up|startup|jeune\\s+pousse|"
    "néobanque|banque|assureur|plateforme|application|appli|éditeur|studio|label|loueur|géant|filiale|maison|équipementier|"
    "concepteur|développeur|opérateur|émetteur|courtier|spécialiste|leader|numéro\\s+un|firme|compagnie|détaillant|"
    "chanteur|chanteuse|rappeur|rappeuse|musicien|musicienne|DJ|duo|trio|quatuor|artiste|guitariste|producteur|productrice"
)
# People of a company or a band, named after it with "de": "le batteur de Genèse", "ancien guitariste de Crème".
_ROLES = (
    "chanteur|chanteuse|guitariste|batteur|batteuse|bassiste|claviériste|leader|fondateur|fondatrice|cofondateur|"
    "cofondatrice|patron|patronne|PDG|directeur\\s+général|directrice\\s+générale"
)
# Words that end a kind noun's complement: a verb, a pronoun, a determiner or a preposition other than "de" opens
# another phrase ("la société ne supporte pas une TVA", "la banque mondiale, la République").
_NOT_COMPLEMENT = (
    r"(?!(?:ne|n|pas|plus|qui|que|qu|a|ont|est|sont|était|sera|se|s|il|elle|ils|elles|on|y|le|la|les|un|une|ce|cette|ces|"
    r"son|sa|ses|leur|leurs|à|au|aux|avec|pour|par|sur|dans|chez|vers|contre|entre|sans|selon|et|ou|mais|comme)(?![\w'’-]))"
)
# A determiner, the kind noun, one to six words qualifying it, then the name. A kind noun alone ("la marque Aigle",
# "la chanteuse Pomme") is how French text names its own brands and artists; a translated one says what it is.
_APPOSITION = re.compile(
    rf"\b(?:[Ll]e|[Ll]a|[Ll]['’]|[Uu]n|[Uu]ne|[Dd]u|[Ss]a|[Ss]on|[Aa]u)[ \t\u00a0]*(?:{_KINDS})"
    rf"(?:[ \t\u00a0]+{_NOT_COMPLEMENT}(?:[a-zàâçéèêëîïôûùüÿœæ][\w'’-]*|d['’][\w-]+|de[ \t\u00a0]+[A-Z][\w-]*)){{1,6}}?"
    r"(?:,)?[ \t\u00a0]+(?P<name>[A-ZÀÂÇÉÈÊÎÔŒ][\w’'-]*(?:[ \t\u00a0]+(?:(?:de|d['’]|et)[ \t\u00a0]*)?[A-ZÀÂÇÉÈÊÎÔŒ][\w-]*){0,3})"
    r"(?=[ \t\u00a0]*[,.;:)]|[ \t\u00a0]+[a-zàâçéèêîôû])"
)
_ROLE = re.compile(
    rf"(?:,|\b(?:[Ll]e|[Ll]a|[Ll]['’]|[Uu]n|[Uu]ne|[Ss]on|[Ss]a))[ \t\u00a0]*(?:(?:ancien|ancienne|ex-)[ \t\u00a0]*)?(?:{_ROLES})"
    rf"(?:[ \t\u00a0]+et[ \t\u00a0]+(?:{_ROLES}))?[ \t\u00a0]+(?:du[ \t\u00a0]+groupe[ \t\u00a0]+|de[ \t\u00a0]+)"
    r"(?P<name>[A-ZÀÂÇÉÈÊÎÔŒ][\w’'-]*(?:[ \t\u00a0]+(?:(?:de|d['’]|et)[ \t\u00a0]*)?[A-ZÀÂÇÉÈÊÎÔŒ][\w-]*){0,3})"
    r"(?=[ \t\u00a0]*[,.;:)]|[ \t\u00a0]+[a-zàâçéèêîôû])"
)
# A name at a clause's start that a kind noun then describes: "Bloc, la société de paiement fondée par...".
_NAME_THEN_KIND = re.compile(
    r"(?P<name>[A-ZÀÂÇÉÈÊÎÔŒ][\w’'-]*(?:[ \t\u00a0]+(?:(?:de|d['’]|et)[ \t\u00a0]*)?[A-ZÀÂÇÉÈÊÎÔŒ][\w-]*){0,3}),"
    rf"[ \t\u00a0]+(?:[Ll]e|[Ll]a|[Ll]['’]|[Uu]n|[Uu]ne)[ \t\u00a0]*(?:{_KINDS})\b"
)
# A second name between commas after the first: "La plateforme de streaming de NBC, Paon, a annoncé".
_NEXT_NAME = re.compile(
    r",[ \t\u00a0]+(?P<name>[A-ZÀÂÇÉÈÊÎÔŒ][\w’'-]*(?:[ \t\u00a0]+(?:(?:de|d['’]|et)[ \t\u00a0]*)?[A-ZÀÂÇÉÈÊÎÔŒ][\w-]*){0,3})[ \t\u00a0]*,"
)
# More acts of a company, for a bare name only: bought, fined, about to close or cut ("Souhait a été racheté", "Bottes va fermer").
_MORE_ACTS = re.compile(
    r" (?:a[ \t\u00a0]+été[ \t\u00a0]+(?:racheté|acquis|condamné|valorisé|introduit|sanctionné|poursuivi)e?s?"
    r"|va[ \t\u00a0]+(?:fermer|supprimer|licencier|racheter|lancer|ouvrir|sortir|quitter|investir|céder|vendre|publier))(?![\w-])"
)
# A multi-word name before an act: Title-Case words joined by "de", "d'", "et".
_PHRASE = re.compile(r"(?:[A-ZÀÂÇÉÈÊÎÔŒ][\w-]*[ \t\u00a0]+(?:(?:de|d['’]|et)[ \t\u00a0]*)?){1,3}$")
_CONNECTORS = frozenset(("de", "d'", "d’", "et"))
# A text that places its subject in France: a French company or artist, not a translated English name.
_FRENCH = re.compile(
    r"(?i)\b(?:français|française|françaises|hexagon\w*|tricolore|parisien\w*|lyonnais\w*|marseillais\w*|rennais\w*|"
    r"dijonnais\w*|rémois\w*|troyen\w*|bordelais\w*|nantais\w*|lillois\w*|toulousain\w*|niçois\w*|strasbourgeois\w*|"
    r"montpelliérain\w*|grenoblois\w*|stéphanois\w*|breton\w*|normand\w*|alsacien\w*|savoyard\w*|belge\w*|bruxellois\w*|"
    r"québécois\w*|montréalais\w*|suisse\w*|genevois\w*|CAC\s+40|SBF\s+120|Euronext\s+Paris)\b"
)
LOOKBACK = 80


def french_subject(text: str) -> bool:
    """True when the text speaks of a French (or Belgian, Swiss, Quebec) company or artist."""
    return _FRENCH.search(text) is not None


# Feminine endings of adjectives and their masculine: "Massive" -> massif, "Ouverte" -> ouvert.
_FEMININE = (("ive", "if"), ("euse", "eux"), ("ère", "er"), ("enne", "en"), ("elle", "el"), ("e", ""))


def _word(token: str, words: Mapping[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The table's row of a capitalised token, or of its singular ('Perles' -> perle) or masculine ('Massive' -> massif)."""
    key = token.casefold()
    if len(key) > 3 and key[-1] in "sx" and key not in words:
        key = key[:-1]
    row = words.get(key)
    for feminine, masculine in _FEMININE:
        if row is None and key.endswith(feminine) and len(key) > 4:
            found = words.get(key[: -len(feminine)] + masculine)
            row = found if found is not None and found[1] == "adj" else None
    return row


def english_name(tokens: list[str], words: Mapping[str, tuple[str, str]]) -> str | None:
    """The English name the French words render, word by word, or None when a word does not translate."""
    content = [t for t in tokens if t.casefold() not in _CONNECTORS]
    rows = [_word(t, words) for t in content]
    if not content or any(r is None for r in rows) or all(r[1] == "adj" for r in rows if r):
        return None  # a word that does not translate, or no noun: adjectives alone name nothing
    english = [r[0].capitalize() for r in rows if r]
    if len(content) == 2 and any(t.casefold() in ("de", "d'", "d’") for t in tokens):
        english.reverse()  # "Confiture de Perles": Pearl Jam
    elif len(content) == 2 and rows[1] and rows[1][1] == "adj":
        english.reverse()  # the French adjective follows its noun: "Attaque Massive"
    return " ".join(english)


def _tokens(name: str) -> list[str]:
    """The words of a name, an elided "d'" kept as a word."""
    return [t for t in re.split(r"[ \t\u00a0]+|(?<=['’])", name) if t]


def find_name_words(text: str, words: Mapping[str, tuple[str, str]], named: Callable[[str], bool]) -> list[NameWord]:
    """The names of `text` rendered as common words: bare subjects of an act, appositions after a kind noun, later uses."""
    found: dict[int, NameWord] = {}
    for act in [*_ACT.finditer(text), *_MORE_ACTS.finditer(text)]:
        start = act.start() + 1
        lo = max(0, start - LOOKBACK)
        before = text[lo:start].rstrip(" \t\u00a0,")
        last = before.rsplit(None, 1)[-1] if before.strip() else ""
        if not last[:1].isupper() or _word(last, words) is None:
            continue
        # The name runs back over Title-Case words and connectors: "Confiture de Perles a annulé".
        phrase = _PHRASE.search(before + " ")
        if phrase is None:
            continue
        span_start, end = lo + phrase.start(), lo + len(before)
        tokens = _tokens(text[span_start:end])
        while tokens and tokens[0].casefold() in _CONNECTORS:
            span_start = text.index(tokens[1], span_start) if len(tokens) > 1 else end
            tokens.pop(0)
        if not tokens or not _clause_start(text, span_start) or _after_function_word(text, span_start):
            continue
        hit = _hit(text, span_start, end, tokens, words, named)
        if hit is not None:
            found.setdefault(span_start, hit)
    appositions = [(m, True) for m in _APPOSITION.finditer(text)] + [(m, False) for m in _ROLE.finditer(text)]
    for match, kind in appositions:
        start, tokens = match.start("name"), _tokens(match.group("name"))
        # A place closing the kind noun's complement is no part of the name: "le groupe de Bristol Attaque Massive".
        while len(tokens) > 1 and _word(tokens[0], words) is None and text[max(0, start - 3) : start].rstrip(" \t\u00a0").endswith(("de", "'", "’")):
            start = text.index(tokens[1], start + len(tokens[0]))
            tokens.pop(0)
        # After a kind noun, a name follows its complement, not a preposition or a determiner ("du groupe des Verts").
        if kind and _after_function_word(text, start):
            continue
        hit = _hit(text, start, match.end("name"), tokens, words, named)
        if hit is None and (after := _NEXT_NAME.match(text, match.end("name"))) is not None:
            hit = _hit(text, after.start("name"), after.end("name"), _tokens(after.group("name")), words, named)
        if hit is not None:
            found.setdefault(hit.start, hit)
    for match in _NAME_THEN_KIND.finditer(text):
        start = match.start("name")
        if _clause_start(text, start) and not _after_function_word(text, start):
            hit = _hit(text, start, match.end("name"), _tokens(match.group("name")), words, named)
            if hit is not None:
                found.setdefault(start, hit)
    # Later uses with an article acting as a person are the same name ("la cible a annoncé").
    for hit in list(found.values()):
        if " " in text[hit.start : hit.end]:
            continue
        later = re.compile(rf"\b(?:[Ll]e|[Ll]a|[Ll]['’])[ \t\u00a0]*({re.escape(text[hit.start:hit.end].casefold())})(?=[ \t\u00a0]*,?[ \t\u00a0]+a(?:vait|urait)?[ \t\u00a0])")
        for use in later.finditer(text, hit.end):
            act = _ACT.match(text, use.end() + _spaces(text, use.end()) - 1)
            if act is not None and act.group("strong") is not None:
                found.setdefault(use.start(), NameWord(use.start(), use.end(1), hit.suggestion, f"'{use.group(0)}' acts as a person: the name {hit.suggestion} again"))
    return sorted(found.values(), key=lambda f: (f.start, f.end))


def _spaces(text: str, i: int) -> int:
    """How many spaces and commas follow position i."""
    j = i
    while j < len(text) and text[j] in " \t\u00a0,":
        j += 1
    return j - i


def _hit(text: str, start: int, end: int, tokens: list[str], words: Mapping[str, tuple[str, str]], named: Callable[[str], bool]) -> NameWord | None:
    """The finding for a name whose words all translate and none of which a list holds as a name, else None."""
    content = [t for t in tokens if t.casefold() not in _CONNECTORS]
    if not content or any(named(t) for t in content) or any(not t[:1].isupper() for t in content):
        return None
    english = english_name(tokens, words)
    if english is None:
        return None
    french = text[start:end]
    return NameWord(start, end, english, f"'{french}' is a common word where French wants a name: the English name {english}, translated")


def _clause_start(text: str, start: int) -> bool:
    """True when only spaces and a clause's opening punctuation precede `start` (or a conjunction)."""
    before = text[max(0, start - 12) : start].rstrip(" \t\u00a0«\"“(")
    return not before or before[-1] in ".!?:;,\n»)" or before.endswith((" et", " mais", " puis"))
