"""Names rendered as common words where French grammar wants a name: 'Cible a annoncé', 'le distributeur américain Cible'.

A bare singular common noun with no determiner as a clause's subject is no French grammar
whatever its class, and neither is a capitalised common noun right after a kind noun and its
complement ("le distributeur américain Cible", "le groupe de metal d'Atlanta Outil"), after a
role or a part of a company or band ("l'ancien batteur de Genèse", "les salariés de Cible"), or
at a clause's start before a kind noun ("Bloc, la société de paiement"): all are names. When
every word of the name is a French word that translates another English word (rules/gazetteer/
nouns.names.generated.tsv, see tools/build_name_words.py: Target -> Cible, Pearl Jam ->
Confiture de Perles), the name is an English one machine translation rendered word by word,
provided the document is about the English-speaking world (agentless.abroad) and does not place
its subject in France: French companies and artists bear French nouns (Printemps, Aigle, the DJ
Petit Biscuit), and a text that calls one French, Parisian or Lyonnais is about one. A kind noun
with no complement ("la marque Aigle", "la chanteuse Pomme") is how French text names its own.
Once a word is found as a name, its later uses after "le", "la" or "l'" acting as a person are
the same name ("la cible a annoncé").

The vetoes are the agentless check's (`named`): a given name, a French surname (not after a
company's kind noun), a gazetteer name, a word English writes nearly as often, and a word English
text writes at all (a French name English news borrows: Carrefour); and a word inside a longer
capitalised name that does not translate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping

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
    "chanteur|chanteuse|rappeur|rappeuse|musicien|musicienne|DJ|duo|trio|quatuor|artiste|guitariste|producteur|productrice|"
    # Products and services bear their company's kind of name ("la messagerie chiffrée Signal"); not works, whose titles
    # French translates ("le film", "la série", "l'album").
    "service|site|réseau|messagerie|logiciel|navigateur|assistant|chatbot|générateur|transporteur|hôtelier|"
    "franchise|écurie"
)
# Kind nouns of a person: the name after them may be a surname, which the lists veto.
_PERSONS = frozenset("chanteur chanteuse rappeur rappeuse musicien musicienne dj artiste guitariste producteur productrice".split())
# People and parts of a company or a band, named after it with "de": "le batteur de Genèse", "les salariés de Cible".
_ROLES = (
    "chanteur|chanteuse|guitariste|batteur|batteuse|bassiste|claviériste|leader|fondateur|fondatrice|cofondateur|"
    "cofondatrice|patron|patronne|PDG|directeur\\s+général|directrice\\s+générale|porte-parole|actionnaires|salariés|"
    "employés|dirigeants|concurrent|rachat|filiale|maison\\s+mère|magasins|usines|restaurants|boutiques|"
    # Its headquarters: "le siège de Chenille est installé au Texas" (a siege is of a place, no word this check reads).
    "siège|faillite|valorisation|"
    # A person's events and people, which French writes of a person by name ("le meurtre de Décollage", "l'avocat de Ruée").
    "meurtre|assassinat|mort|décès|obsèques|funérailles|procès|arrestation|condamnation|inculpation|avocat|avocate|avocats|"
    "agent|manager|fans"
)
# Words that end a kind noun's complement: a verb, a pronoun, a determiner or a preposition other than "de", "en" and
# "par" opens another phrase ("la société ne supporte pas une TVA", "la banque mondiale, la République"); "en" and "par"
# before a bare noun qualify the kind ("le courtier en ligne", "la start-up de vidéo par intelligence artificielle").
_NOT_COMPLEMENT = (
    r"(?!(?:ne|n|pas|plus|qui|que|qu|a|ont|est|sont|était|sera|se|s|il|elle|ils|elles|on|y|le|la|les|un|une|ce|cette|ces|"
    r"son|sa|ses|leur|leurs|à|au|aux|avec|pour|sur|dans|chez|vers|contre|entre|sans|selon|et|ou|mais|comme)(?![\w'’-]))"
)
_DET = r"(?:\b(?:[Ll]e|[Ll]a|[Ll]es|[Dd]es|[Ss]es|[Uu]n|[Uu]ne|[Dd]u|[Ss]a|[Ss]on|[Aa]u)[ \t\u00a0]+|\b[Ll]['’][ \t\u00a0]*)"
_COMPLEMENT = rf"(?:[ \t\u00a0]+{_NOT_COMPLEMENT}(?:[a-zàâçéèêëîïôûùüÿœæ][\w'’-]*|d['’][\w-]+|de[ \t\u00a0]+[A-Z][\w-]*))"
# Before a name: a determiner, the kind noun, one to six words qualifying it, maybe a comma. A kind noun alone ("la
# marque Aigle", "la chanteuse Pomme") is how French text names its own brands and artists; a translated one says
# what it is ("le distributeur américain Cible"). Searched only in the few characters before a translating name.
_KIND_BEFORE = re.compile(rf"{_DET}(?P<kind>{_KINDS}){_COMPLEMENT}{{1,6}}?,?[ \t\u00a0]+$")
# Before a name: a person of it ("Phil Collins, ancien batteur de Genèse").
_ROLE_BEFORE = re.compile(
    rf"(?:,|{_DET})[ \t\u00a0]*(?:(?:ancien|ancienne|ex-)[ \t\u00a0]*)?(?:{_ROLES})(?:[ \t\u00a0]+et[ \t\u00a0]+(?:{_ROLES}))?"
    r"[ \t\u00a0]+(?:du[ \t\u00a0]+groupe[ \t\u00a0]+|de[ \t\u00a0]+)$"
)
# Between a kind noun and the name, another name closing the complement: "la plateforme de streaming de NBC, Paon,".
_OTHER_NAME = re.compile(r"[A-ZÀÂÇÉÈÊÎÔŒ][\w-]*(?:[ \t\u00a0]+[A-ZÀÂÇÉÈÊÎÔŒ][\w-]*)*,[ \t\u00a0]+$")
# After a name in apposition: the end of the apposition or the verb.
_AFTER_APPOSITION = re.compile(r"[ \t\u00a0]*[,.;:)]|[ \t\u00a0]+[a-zàâçéèêîôû]")
# After a name at a clause's start, a kind noun describing it: "Bloc, la société de paiement fondée par...".
_KIND_AFTER = re.compile(rf",[ \t\u00a0]+{_DET}(?:{_KINDS})\b")
# More acts of a company, for a bare name only: bought, fined, about to close or cut, or in the present ("Souhait a été
# racheté", "Bottes va fermer", "Cible annonce").
_MORE_ACTS = re.compile(
    r" (?:a[ \t\u00a0]+été[ \t\u00a0]+(?:racheté|acquis|condamné|valorisé|introduit|sanctionné|poursuivi)e?s?"
    r"|va[ \t\u00a0]+(?:fermer|supprimer|licencier|racheter|lancer|ouvrir|sortir|quitter|investir|céder|vendre|publier)"
    # The present of the same acts, as French news reports them ("Cible annonce la fermeture de neuf magasins").
    r"|(?:annonce|dévoile|présente|lance|licencie|supprime|rachète|ferme|ouvre|recrute|annule|publie|sort|dément|affirme|"
    r"assure|explique|précise|déclare|réclame|poursuit|conteste|revendique|investit|quitte|rejoint|emploie|vend|prévoit|compte))(?![\w-])"
)
_CONNECTORS = frozenset(("de", "d'", "d’", "et"))
# Before a run that opens with a place: "de", "d'", "de l'" closing a kind noun's complement ("le duo de l'Ohio Clés Noires").
_PLACE_BEFORE = re.compile(r"\b(?:de[ \t\u00a0]+(?:l['’][ \t\u00a0]*)?|d['’][ \t\u00a0]*)$")
# Before "de" and a Title-Case run, a post, a unit or a body: French translates the names of departments, offices and
# institutions ("directeur de Confort Passager chez Airbus", "le ministère de Sécurité Intérieure").
_UNIT_BEFORE = re.compile(
    r"(?i)\b(?:directeur|directrice|responsable|chef|cheffe|président|présidente|ministre|ministère|secrétaire|professeur|"
    r"professeure|doyen|doyenne|département|service|division|direction|pôle|bureau|commission|comité|conseil|office|agence|"
    r"institut|université|école|faculté|centre|musée|prix|trophée|coupe|championnat|ligue)[ \t\u00a0]+d(?:e[ \t\u00a0]+|['’][ \t\u00a0]*)$"
)
# After a bare subject, any finite verb: an auxiliary, a modal, a reflexive or a negation opens it ("Vierge de Fer a vendu").
_FINITE = re.compile(
    r"[ \t\u00a0]*,?[ \t\u00a0]+(?:(?:a|ont|avait|avaient|aura|auront|va|vont|est|sont|était|étaient|sera|seront|se|ne|vient|"
    r"viennent|doit|doivent|veut|veulent|peut|peuvent|compte|comptent)(?![\w'’-])|[sn]['’])"
)
# A lowercase word closing a one-word name, maybe after "de": the rest of a name rendered in sentence case.
_TAIL = re.compile(r"[ \t\u00a0]+(?P<words>(?:(?:de|d['’])[ \t\u00a0]*)?(?P<word>[a-zàâçéèêëîïôûùüÿœæ]{3,}))(?![\w'’-])")
# Words before which no name of this check stands: determiners and prepositions other than "de" (see _where_name).
_AFTER_DETERMINER = frozenset(
    "le la les l un une des du au aux à en par pour sur sous avec chez dans vers contre entre sans selon ce cet cette ces "
    "son sa ses leur leurs notre nos votre vos mon ma mes".split()
)
_ARTICLES = frozenset(("le", "la", "les", "l'", "l’"))
# A text that places its subject in France: a French company or artist, not a translated English name.
_FRENCH = re.compile(
    r"(?i)\b(?:français|française|françaises|hexagon\w*|tricolore|parisien\w*|lyonnais\w*|marseillais\w*|rennais\w*|"
    r"dijonnais\w*|rémois\w*|troyen\w*|bordelais\w*|nantais\w*|lillois\w*|toulousain\w*|niçois\w*|strasbourgeois\w*|"
    r"montpelliérain\w*|grenoblois\w*|stéphanois\w*|breton\w*|normand\w*|alsacien\w*|savoyard\w*|belge\w*|bruxellois\w*|"
    r"québécois\w*|montréalais\w*|suisse\w*|genevois\w*|CAC\s+40|SBF\s+120|Euronext\s+Paris)\b"
)
LOOKBACK = 120  # characters before a name searched for its kind noun
# An English-speaking nationality or city in a person's kind noun phrase: "le rappeur américain", "la chanteuse londonienne".
# Not Canadian: Quebec's artists bear French words ("le chanteur canadien Corneille").
_ANGLOPHONE_BEFORE = re.compile(
    r"(?i)\b(?:américain|britannique|anglais|australien|gallois|écossais|irlandais|néo-zélandais|londonien|"
    r"new-yorkais|californien|texan|jamaïcain)"
)


# A French-speaking nationality in a person's kind noun phrase: "le chanteur canadien Garou", "la chanteuse canadienne
# Cœur de pirate", "l'humoriste belge Virginie Hocq". French-speaking artists bear French words as their names.
_FRANCOPHONE_BEFORE = re.compile(
    r"(?i)\b(?:canadien|québécois|belge|suisse|luxembourgeois|monégasque|haïtien|sénégalais|ivoirien|camerounais|"
    r"congolais|malien|burkinabè|burkinabé|guinéen|béninois|togolais|gabonais|rwandais|burundais|malgache|tunisien|"
    r"marocain|algérien|libanais)"
)


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


def _inflected(token: str, words: Mapping[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The row of a feminine or plural adjective whose masculine singular the table keeps as a noun ("Noires" -> noir, black),
    as an adjective; None when there is none."""
    key = token.casefold()
    key = key[:-1] if len(key) > 4 and key[-1] in "sx" else key
    for feminine, masculine in (("ieille", "ieux"), *_FEMININE):
        if key.endswith(feminine) and len(key) > 4 and (row := words.get(key[: -len(feminine)] + masculine)) is not None:
            return row[0], "adj"
    return None


def english_name(tokens: list[str], words: Mapping[str, tuple[str, str]]) -> str | None:
    """The English name the French words render, word by word, or None when a word does not translate."""
    content = [t for t in tokens if t.casefold() not in _CONNECTORS]
    # After the first word, where French puts its adjectives, an inflected one may have only a noun row: "Clés Noires".
    rows = [_word(t, words) or (_inflected(t, words) if i else None) for i, t in enumerate(content)]
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


def name_of_run(run: str, words: Mapping[str, tuple[str, str]], placed: bool = False) -> tuple[int, list[str], str] | None:
    """(offset of the name in the run, its words, the English name) when the run ends with words that all translate, else None.

    A run's leading words that do not translate must be a place after "de" or "d'" ("d'Atlanta Mastodonte"), or, when
    `placed`, any words: the caller checks the run follows "de" ("le groupe de Manchester Nouvel Ordre"); a run
    opening with an article is a French name's ("Le Pain Quotidien", "La Femme").
    """
    last = run.rsplit(None, 1)[-1].rpartition("'")[2].rpartition("’")[2]
    if _word(last, words) is None and (" " not in run or _inflected(last, words) is None):
        return None  # most runs: the last word does not translate, settled without splitting the run
    tokens = _tokens(run)
    if not tokens or tokens[0].casefold() in _ARTICLES:
        return None
    first = len(tokens)
    while first > 0 and (
        tokens[first - 1].casefold() in _CONNECTORS or _word(tokens[first - 1], words) is not None or _inflected(tokens[first - 1], words) is not None
    ):
        first -= 1  # an inflected adjective opening the name is refused by english_name: French puts it after its noun
    while first < len(tokens) and tokens[first].casefold() in _CONNECTORS:
        first += 1
    name = tokens[first:]
    if not name or any(not t[:1].isupper() for t in name if t.casefold() not in _CONNECTORS):
        return None
    if first and not placed and tokens[0].casefold() not in ("d'", "d’", "de"):
        return None  # part of a longer name that does not translate, not a place after "de" ("d'Atlanta Mastodonte")
    english = english_name(name, words)
    if english is None:
        return None
    offset = 0
    for token in tokens[:first]:
        offset = run.index(token, offset) + len(token)
    return run.index(name[0], offset), name, english


def _read(
    run: str,
    words: Mapping[str, tuple[str, str]],
    named: Callable[[str], bool],
    weak: Callable[[str], bool],
    borrowed: Callable[[str], bool] | None = None,
    foreign: Callable[[str], bool] | None = None,
    listed: Callable[[str], bool] | None = None,
) -> tuple[int, str, bool, bool, bool] | None:
    """(offset of the name in the run, English name, vetoed, vetoed after a kind noun, placed) for a run ending with a name,
    else None; `placed` when the run opens with words that do not translate, a place only after a kind noun and "de"."""
    if (lead := _ELIDED_LEAD.match(run)) is not None:
        # A sentence opening on "L'avocat de Piqûre": the capitalised article joined the run, whose name is what follows.
        rest = _read(run[lead.end() :], words, named, weak, borrowed, foreign, listed)
        return None if rest is None else (rest[0] + lead.end(), *rest[1:])
    placed = False
    reading = name_of_run(run, words)
    if reading is None and foreign is not None and " " not in run and (row := _word(run, words)) is not None and row[1] == "adj":
        # One adjective alone names nothing ("Nouveau", "Général"), but for a company or a person the text says is
        # English-speaking: vetoed but there (find_name_words), and by the lists as any word ("le distributeur britannique Suivant").
        if not run[:1].isupper() or weak(run) or borrowed is not None and borrowed(run):
            return None
        return 0, row[0].capitalize(), True, True, False
    if reading is None:
        reading = name_of_run(run, words, placed=True)
        if reading is None or reading[0] == 0:
            return None
        placed = True
    at, tokens, english = reading
    content = [t for t in tokens if t.casefold() not in _CONNECTORS]
    # A French name English text borrows is borrowed whole: one word English writes (Rouge) does not make "Homard Rouge" one.
    if any(weak(t) for t in content) if listed is None or len(content) == 1 else any(listed(t) for t in content) or all(weak(t) for t in content):
        # Vetoed wherever it stands: the weaker veto holds it as a name. In a longer name, a word English writes nearly as
        # often (Massive, Attack) vetoes only with all the others: "Attaque Massive" is no name at home in both languages.
        return None
    if borrowed is not None and all(borrowed(t) for t in content):
        # A surname English speakers bear in its English form far more (Canard: Drake) is vetoed but for a person the text
        # says is English-speaking (find_name_words' `named_person`); any other word English writes, everywhere.
        return (at, english, True, True, placed) if foreign is not None and len(content) == 1 and foreign(content[0]) else None
    # A French surname opens a French company's name, its founder's (Chausson Matériaux); after the first word it is a word
    # like any other ("Homard Rouge"), a given name there vetoed by `weak`.
    return at, english, named(content[0]), False, placed


# An elided article and a lowercase word opening a run: "L'avocat de Piqûre", "L'arrestation de Gâteau".
_ELIDED_LEAD = re.compile(r"[Ll]['’][ \t\u00a0]*[a-zàâçéèêëîïôûùüÿœæ][\w-]*[ \t\u00a0]+")


def _remember(memo: dict[str, tuple[int, str, bool, bool, bool] | None], run: str, reading: tuple[int, str, bool, bool, bool] | None) -> tuple[int, str, bool, bool, bool] | None:
    """Keep a run's reading and return it."""
    memo[run] = reading
    return reading


def find_name_words(
    text: str,
    runs: Iterable[tuple[int, str]],
    words: Mapping[str, tuple[str, str]],
    named: Callable[[str], bool],
    memo: dict[str, tuple[int, str, bool, bool, bool] | None] | None = None,
    named_after_kind: Callable[[str], bool] | None = None,
    texts: frozenset[str] | None = None,
    dead: set[str] | None = None,
    borrowed: Callable[[str], bool] | None = None,
    named_person: Callable[[str], bool] | None = None,
    foreign: Callable[[str], bool] | None = None,
    listed: Callable[[str], bool] | None = None,
) -> list[NameWord]:
    """The names of `text` rendered as common words: bare subjects of an act, appositions after a kind noun, later uses.

    `runs` are the document's runs of capitalised words (offset, text); `memo` keeps each run's reading across documents;
    `named_after_kind` vetoes a name after a company's kind noun and its complement in place of `named` (a French
    surname alone does not name a company the text calls American: "le distributeur américain Paon"). With `texts`,
    the distinct runs, and `dead`, the runs a worker read as no name, a document whose runs are all dead is settled by
    a set difference at C speed. `borrowed` holds the words English text writes: a one-word name it holds is vetoed as
    `named` vetoes, a longer one only when it holds every word. `named_person` replaces `named` for a name after a person's
    kind noun whose complement gives an English-speaking nationality ("le rappeur américain Canard"); `foreign` holds the words
    English writes that may still be such a person's name (a surname the census finds far more often in English).
    `listed`, the lists' part of `named_after_kind`, vetoes each word of a longer name in its place: the rest (a word English
    writes nearly as often) only when it holds every word.
    """
    memo = {} if memo is None else memo
    weak = named if named_after_kind is None else named_after_kind
    if texts is not None and dead is not None:
        for run in texts - dead:
            if run not in memo and _remember(memo, run, _read(run, words, named, weak, borrowed, foreign, listed)) is None:
                dead.add(run)
        live = texts - dead
        if not live:
            return []
        runs = [(offset, run) for offset, run in runs if run in live]
    found: dict[int, NameWord] = {}
    for offset, run in runs:
        reading = memo.get(run, False)
        if reading is False:
            reading = memo[run] = _read(run, words, named, weak, borrowed, foreign, listed)
        if reading is None:
            continue
        at, english, vetoed, vetoed_after_kind, placed = reading
        start, end = offset + at, offset + len(run)
        form = _where_name(text, start, end)
        if vetoed and vetoed_after_kind and form not in ("kind", "person"):
            continue  # vetoed but after an English-speaking kind (an adjective, a surname the census finds in English)
        if placed and (form != "kind" or not _PLACE_BEFORE.search(text, max(0, offset - 8), offset)):
            continue  # a place opening the run stands in a kind noun's complement: "le groupe de Manchester Nouvel Ordre"
        if not form and (tail := _TAIL.match(text, end)) is not None and " " not in text[start:end]:
            # A name rendered in sentence case: "Renard de feu a annoncé", "Boîte de dépôt a levé" (Firefox, Dropbox).
            longer = english_name([text[start:end], *_tokens(tail.group("words"))], words)
            tail_borrowed = borrowed is not None and borrowed(tail.group("word"))
            if longer is not None and not weak(tail.group("word")) and not tail_borrowed:
                form = _where_name(text, start, tail.end())
                english, end = (longer, tail.end()) if form else (english, end)
                vetoed = vetoed or named(tail.group("word"))
        # The nationality in a person's or a company's kind noun phrase, read once.
        phrase = _phrase_before(text, start) if form in ("person", "kind") else ""
        anglophone = bool(phrase) and _ANGLOPHONE_BEFORE.search(phrase) is not None
        if form == "person" and _FRANCOPHONE_BEFORE.search(phrase) and not anglophone:
            continue  # a French-speaking artist's own name, as "le chanteur canadien Garou"; a company keeps its kind path (BlackBerry)
        veto = vetoed_after_kind if form == "kind" else vetoed
        if veto and form in ("person", "kind") and named_person is not None and anglophone:
            # "le rappeur américain Canard": the person's nationality asks the census, not the INSEE list (Drake, not Canard);
            # an adjective alone is a name after an English-speaking company's or person's kind ("le distributeur britannique Suivant").
            first = next(t for t in _tokens(text[start:end]) if t.casefold() not in _CONNECTORS)
            row = _word(first, words) if start == offset and end == offset + len(run) and " " not in run else None
            if row is not None and row[1] == "adj":
                veto = named(first)
            elif form == "person":
                veto = named_person(first)
        if form == "kind" and _LES_BEFORE.search(text, max(0, start - 6), start):
            english = f"The {english}" if english.endswith("s") else f"The {english}s"  # les Tueurs: The Killers
        if form and not veto:
            found.setdefault(start, NameWord(start, end, english, f"'{text[start:end]}' is a common word where French wants a name: the English name {english}, translated"))
    for use in later_uses(text, list(found.values())):
        found.setdefault(use.start, use)
    return sorted(found.values(), key=lambda f: (f.start, f.end))


# After a name used again with an article: the auxiliary and a participle, any act ("le monstre a gagné 4 %", "la puce a raconté").
_LATER_ACT = re.compile(
    r"[ \t\u00a0]*,?[ \t\u00a0]+(?:a(?:vait|urait)?[ \t\u00a0]+(?:[a-zàâçéèêîôû]+[ \t\u00a0]+)?"
    r"[a-zàâçéèêëîïôûùüÿœ]+(?:é|ée|és|ées|i|ie|is|it|u|ue|us|ert|erte|eint|ait)"
    # Or a plan in the future tense, as news announces a company's or a band's ("la piste sortira un album", "jouera").
    r"|[a-zàâçéèêîôû]{2,}(?:era|ira|ra)(?:[ \t\u00a0]+(?:un|une|des|son|sa|ses|à|en)(?![\w'’-])|[ \t\u00a0]*[,.;]))(?![\w-])"
)


def later_uses(text: str, names: Iterable[NameWord]) -> list[NameWord]:
    """The later uses of one-word names after "le", "la" or "l'" acting as persons: the same name ("la cible a annoncé")."""
    out = []
    for hit in names:
        word = text[hit.start : hit.end]
        if " " in word or not word[:1].isupper():
            continue
        later = re.compile(rf"\b(?:[Ll]e|[Ll]a|[Ll]['’])[ \t\u00a0]*({re.escape(word.casefold())})(?![\w-])")
        for use in later.finditer(text, hit.end):
            if _LATER_ACT.match(text, use.end()):
                out.append(NameWord(use.start(), use.end(1), hit.suggestion, f"'{use.group(0)}' acts as a person: the name {hit.suggestion} again"))
    return out


def _where_name(text: str, start: int, end: int) -> str:
    """Why French grammar wants a name at text[start:end]: 'bare' subject or before a kind noun, after a company's 'kind' noun,
    a 'person' kind noun or a 'role'; '' for none."""
    tail = text[max(0, start - 16) : start].rstrip(" \t\u00a0«\"“(")
    previous = tail.rsplit(None, 1)[-1].casefold().rstrip("'’") if tail.strip() else ""
    if previous == "les" and _plural_after_kind(text, start, end):
        return "kind"  # "le groupe de rock de Las Vegas les Tueurs": an English band's "The" (The Killers)
    if previous in _AFTER_DETERMINER:
        return ""  # "la Cour", "du Parlement": a determiner or a preposition other than "de" opens a common noun phrase
    if _clause_start(text, start) and not _after_function_word(text, start):
        # A bare subject of an act, or a name a kind noun then describes.
        act = end + 1 if text[end : end + 1] == "," else end  # the comma closing an apposition: ", Unité, a licencié"
        if _ACT.match(text, act) or _MORE_ACTS.match(text, act) or _KIND_AFTER.match(text, end):
            return "bare"
        # French writes a common noun phrase with its article: a bare Title-Case run before any verb is a name.
        if _FINITE.match(text, end) and _titled(text[start:end]):
            return "bare"
    if not _AFTER_APPOSITION.match(text, end):
        return ""
    opening = text[max(0, start - 12) : start].rstrip(" \t\u00a0«\"“(")
    if not opening or opening[-1] in ".!?\n":
        return ""  # a sentence's first word follows no kind noun: most runs read here, settled without a search
    before = text[max(0, start - LOOKBACK) : start]
    if _ROLE_BEFORE.search(before):
        return "role"
    if previous in ("de", "d") and _titled(text[start:end]) and " et " not in text[start:end] and not _quoted(text, start) and not _UNIT_BEFORE.search(before):
        # "les créanciers de Homard Rouge": a common noun phrase after "de" takes its article ("du homard rouge"); a Title-Case
        # run without one is a name. Not one joined by "et" nor one in quotes: a work's title ("l'auteur de Guerre et Paix").
        return "object"
    if _after_function_word(text, start):
        return ""  # after a kind noun, a name follows its complement, not a preposition ("du groupe des Verts")
    kind = _KIND_BEFORE.search(before)
    if kind is None and (other := _OTHER_NAME.search(before)) is not None:
        kind = _KIND_BEFORE.search(before, 0, other.start())
    if kind is None:
        return ""
    return "person" if kind.group("kind").casefold() in _PERSONS else "kind"


# A kind noun's phrase closed by a lowercase "les" before a capitalised plural: "le groupe de rock de Las Vegas les Tueurs". The
# phrase's words may be capitalised (a place), but no verb, pronoun or other determiner opens another phrase (_NOT_COMPLEMENT).
# Not a political group: parties are named so in French ("le groupe parlementaire les Verts").
_KIND_THEN_LES = re.compile(
    rf"{_DET}(?:{_KINDS})(?![ \t\u00a0]+(?:parlementaire|politique|PPE)\b)(?:[ \t\u00a0]+{_NOT_COMPLEMENT}[\w'’-]+){{0,6}}?[ \t\u00a0]+les[ \t\u00a0]+$"
)
_LES_BEFORE = re.compile(r"(?<![\w'’-])les[ \t\u00a0]+$")


def _plural_after_kind(text: str, start: int, end: int) -> bool:
    """True for one capitalised plural word after "les" closing a kind noun's phrase: French keeps the article of an English
    band's "The" in lowercase before its name ("les Tueurs"), where a common noun phrase would not be capitalised."""
    name = text[start:end]
    if " " in name or name[-1:] not in ("s", "x") or not name[:1].isupper() or not _AFTER_APPOSITION.match(text, end):
        return False
    return _KIND_THEN_LES.search(text, max(0, start - LOOKBACK), start) is not None


def _phrase_before(text: str, start: int) -> str:
    """The text of the clause before `start`, within LOOKBACK characters: a kind noun's phrase, not an earlier clause's."""
    before = text[max(0, start - LOOKBACK) : start]
    return re.split(r"[.;:!?\n]", before)[-1]


def _quoted(text: str, start: int) -> bool:
    """True when a quotation mark opens right before `start`: a title, not a name the text introduces."""
    return text[max(0, start - 3) : start].rstrip(" \t\u00a0")[-1:] in ("«", '"', "“")


def _titled(name: str) -> bool:
    """True when a name has two or more content words, all capitalised: Title Case, which French keeps for names ("Vierge de Fer")."""
    content = [t for t in _tokens(name) if t.casefold() not in _CONNECTORS]
    return len(content) > 1 and all(t[:1].isupper() for t in content)


def _clause_start(text: str, start: int) -> bool:
    """True when only spaces and a clause's opening punctuation precede `start` (or a conjunction)."""
    before = text[max(0, start - 12) : start].rstrip(" \t\u00a0«\"“(")
    return not before or before[-1] in ".!?:;,\n»)" or before.endswith((" et", " mais", " puis"))
