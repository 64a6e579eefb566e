"""Names rendered as nouns that cannot act: 'Glaçon a annoncé' (Ice Cube), 'la discorde a annoncé' (Discord).

An animal, a plant, a food, a feeling or a tool does not declare, announce a takeover or lay off
staff. Such a noun (rules/gazetteer/nouns.agentless.generated.tsv, see tools/build_agentless_nouns.py)
as the subject of an act only persons and companies perform stands for a name machine translation
rendered as the common word: the company, the band or the artist whose English name is that word.

Two forms count, each at a clause's start (a sentence, or after a comma or a conjunction):
  bare     the capitalised noun with no determiner ("Glaçon a annoncé", ", Puce, a confié"):
           French writes a common noun with an article; no given name, no French surname (INSEE),
           no name of the gazetteer (Safran), no word English text writes nearly as often (Khan,
           Bombardier) and no word inside a longer capitalised name (Petit Bateau).
  article  the noun in lowercase after "le", "la" or "l'" ("la discorde a annoncé"; "Le Seuil", "La
           Poste" are French names), before a narrower list of acts: statements to the press and
           company acts, no verb a story's animal or a storm performs ("le coq a chanté", "le loup a
           attaqué", "la tempête a frappé"). No made thing: "la plateforme", "l'enseigne", "le
           laboratoire a annoncé" stand for their people.
Animals that speak with an article are a story's when the text says so (a fable, a tale) or
when two of them speak. The bare form counts only in a document about the English-speaking
world (or Russia): a nationality, its currency or countries, or a name English text writes far more
than French ("Red Hot Chili Peppers"); French companies and artists bear French nouns ("la chanteuse
Pomme", "la marque Aigle").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping

from auditor.entities.gazetteer import plain

TABLE_NAME = "nouns.agentless.generated.tsv"

# Adverbs that may sit between the auxiliary and the participle.
_ADVERB = r"(?:(?:aussi|également|déjà|encore|finalement|officiellement|notamment|récemment|ensuite|enfin|pourtant|toutefois|même)\s+)?"
# Acts of a person or a company reported to the press, with their auxiliary. Levying funds, releasing
# a record, signing a deal need their object: "la pluie a levé", "le soleil est sorti" are literal.
_ACTS = (
    r"déclaré|annoncé|affirmé|confié|tweeté|twitté|expliqué|précisé|assuré|démenti|dénoncé|racheté|licencié|embauché|"
    r"levé\s+(?:\d|des\s+fonds|plus\s+de\s+\d)|sorti\s+(?:un|une|son|sa|ses|ce|cette)\s+(?:\w+\s+)?(?:album|single|titre|disque|EP|mixtape)|"
    r"signé\s+(?:un|une|avec)\s|conclu\s+un\s+accord|fait\s+son\s+entrée\s+en\s+Bourse|supprimé\s+(?:\d|des\s+postes|des\s+emplois)"
)
# The bare form is evidence enough for any act a press article reports of a company or an artist.
_BARE_ACTS = (
    rf"{_ACTS}|dévoilé|présenté|publié|lancé|annulé|ajouté|promis|reconnu|rejoint|quitté|remporté|cessé|renoncé|porté\s+plainte|"
    r"ouvert|fermé|investi|acquis|fusionné|recruté|supprimé|commercialisé|sorti|signé|levé|répondu|réagi|refusé|menacé|poursuivi"
)
# The auxiliary opens the pattern with a literal the standard re finds fast, then the act: most documents have
# a few hundred auxiliaries and a few acts, and only the word before each act is looked at.
_ACT = re.compile(rf" a(?:vait|urait)? [ \t\u00a0]*{_ADVERB}(?:(?P<strong>{_ACTS})|(?:{_BARE_ACTS}))(?![\w-])")
# The subject before the act: a clause start, maybe a determiner, the noun, maybe the comma closing an apposition.
_SUBJECT = re.compile(
    r"(?:(?P<lead>[.!?:;,«»()\n\"“”]|\bet|\bmais|\bpuis)[ \t\u00a0]*)?"
    r"(?P<det>(?:[Ll]e|[Ll]a)[ \t\u00a0]+|[Ll]['’][ \t\u00a0]*)?(?P<noun>[^\W\d_][\w-]*)[ \t\u00a0]*,?[ \t\u00a0]*$"
)
LOOKBACK = 80  # characters before an act searched for its subject


@dataclass(frozen=True)
class Agentless:
    """A noun that cannot act found acting, with the English word it translates."""

    start: int
    end: int
    suggestion: str
    detail: str
    capitalised: bool = True  # bare: a French name unless the document is about the English-speaking world


@dataclass(frozen=True)
class Row:
    """A noun of the table: the English word it translates, whether it is an animal, whether a tool or a made thing."""

    english: str
    animal: bool
    artifact: bool
    feeling: bool = False  # a feeling's noun acts in French's own figures ("la peur a gagné les marchés")


def read_table(path: Path) -> dict[str, Row]:
    """French noun (casefolded) -> its row, from the generated table."""
    out: dict[str, Row] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            french, english, classes = line.split("\t")
            names = classes.split(",")
            out[french.casefold()] = Row(english, "animal" in names, "artifact" in names, "feeling" in names)
    return out


@functools.lru_cache(maxsize=1)
def builtin_table() -> Mapping[str, Row]:
    """The built-in table, read once per process (empty when absent): the agentless and the open-noun checks both read it."""
    from auditor.ruleset.loader import builtin_rules_dir

    path = builtin_rules_dir() / "gazetteer" / TABLE_NAME
    return read_table(path) if path.is_file() else {}


# A fable or a children's story, where animals speak ("le corbeau a dit au renard").
_STORY = re.compile(r"(?i)\b(?:fables?|contes?|album\s+jeunesse|livres?\s+pour\s+enfants|dessin\s+animé|histoire\s+pour\s+enfants|il\s+était\s+une\s+fois)\b")


def find_agentless(text: str, table: Mapping[str, Row], named: Callable[[str], bool]) -> list[Agentless]:
    """The agentless nouns of `text` acting as persons; `named(word)` vetoes a capitalised word some list holds as a name."""
    found: list[tuple[Agentless, str, bool]] = []
    for act in _ACT.finditer(text):
        start = act.start() + 1
        # The word before the act, cut out at C speed: the subject's pattern runs only for a word of the table.
        words = text[max(0, start - LOOKBACK) : start].rstrip(" \t\u00a0,").rsplit(None, 1)
        if not words or words[-1].rpartition("'")[2].rpartition("’")[2].lstrip("«\"“(").casefold() not in table:
            continue
        subject = _SUBJECT.search(text, max(0, start - LOOKBACK), start)
        if subject is None:
            continue
        noun = subject.group("noun")
        row = table.get(noun.casefold())
        if row is None:
            continue
        english, animal = row.english, row.animal
        det = subject.group("det")
        capital = noun[:1].isupper()
        if det is None:
            # Bare: only a capitalised word, a name no list holds, at the start of its clause.
            if not capital or named(noun) or _after_function_word(text, subject.start("noun")):
                continue
        elif capital or row.artifact or act.group("strong") is None or subject.group("lead") is None and subject.start() != 0:
            # With an article only a lowercase word: "Le Seuil", "La Poste" are French names. Never a made thing:
            # "la plateforme", "l'enseigne", "le laboratoire" stand for their people in French.
            continue
        if capital and _after_capital(text, subject.start("noun")):
            continue
        name = english[:1].upper() + english[1:]
        start = subject.start("det") if det else subject.start("noun")
        hit = Agentless(start, subject.end("noun"), name, f"'{noun}' does not act; here it stands for a name ({name})", det is None)
        found.append((hit, noun.casefold(), animal and det is not None))
    # Animals that speak with an article are a story's characters when the text says so or when two of them speak.
    speaking = {noun for _, noun, animal in found if animal}
    story = len(speaking) > 1 or bool(speaking) and _STORY.search(text) is not None
    return [hit for hit, _, animal in found if not (animal and story)]


# Words after which a capitalised noun is an object or a complement, not a subject ("la guerre de Troie a", "chez Orange a").
_FUNCTION = frozenset(
    "de du des d à au aux en par pour sur sous avec chez dans vers contre entre sans selon le la les l un une ce cet cette "
    "son sa ses leur leurs notre nos votre vos mon ma mes".split()
)


def _after_function_word(text: str, start: int) -> bool:
    """True when the word right before `start` is a preposition or a determiner."""
    prev = _PREVIOUS.search(text, max(0, start - 40), start)
    if prev is None:
        return text[max(0, start - 2) : start].rstrip(" \t\u00a0")[-1:] in ("'", "’")
    return prev.group(1).casefold().rstrip("'’") in _FUNCTION


_PREVIOUS = re.compile(r"([^\W\d_][\w'’-]*)[ \t\u00a0]+$")


def _after_capital(text: str, start: int) -> bool:
    """True when a capitalised word right before `start`, other than a determiner, makes the noun part of a longer name."""
    prev = _PREVIOUS.search(text, max(0, start - 40), start)
    if prev is None or not prev.group(1)[:1].isupper():
        return False
    # Even at a sentence's start a capitalised word other than a determiner opens the name ("Petit Bateau a"),
    # where "La Discorde", "Le Phoque" have theirs.
    return prev.group(1).casefold().rstrip("'’") not in _FUNCTION


# Words that place a document in the English-speaking world (or in Russia, whence pivot translations come).
_ABROAD = re.compile(
    r"\b(?:[Aa]méricain|[Bb]ritannique|[Aa]nglais|[Aa]ustralien|[Gg]allois|[Éé]cossais|[Ii]rlandais|[Nn]éo-[Zz]élandais|[Cc]anadien|[Rr]usse"
    # The people of its cities and states, and the phrases French news uses for it ("outre-Manche": in Britain).
    r"|[Ll]ondonien|[Nn]ew-[Yy]orkais|[Cc]alifornien|[Tt]exan|[Ff]loridien|[Bb]ostonien|[Hh]ollywoodien|[Mm]ancunien|[Jj]amaïcain|"
    r"[Aa]nglophone|[Aa]nglo-saxon|[Oo]utre-[Mm]anche|[Oo]utre-[Aa]tlantique)"
    r"|\bdollars?\b|\blivres\s+sterling|\bRussie\b"
    # Countries, states, cities and institutions French news names for them: general knowledge, not a gazetteer.
    r"|\b(?:États-Unis|Royaume-Uni|Angleterre|Écosse|Irlande|pays\s+de\s+Galles|Australie|Nouvelle-Zélande|Amérique\s+du\s+Nord|"
    r"Californie|Texas|Floride|Nevada|Massachusetts|Pennsylvanie|Ohio|Michigan|Illinois|Tennessee|Oregon|Arizona|Colorado|"
    r"New\s+York|Los\s+Angeles|San\s+Francisco|Chicago|Washington|Boston|Seattle|Atlanta|Miami|Houston|Dallas|Las\s+Vegas|"
    r"Nashville|Detroit|Philadelphie|Austin|Denver|Londres|Manchester|Liverpool|Birmingham|Glasgow|Édimbourg|Dublin|Sydney|"
    r"Melbourne|Toronto|Vancouver|Hollywood|Broadway|Wall\s+Street|Silicon\s+Valley|Manhattan|Brooklyn|Bronx|Wembley|Westminster|"
    r"Downing\s+Street|New\s+Jersey|Virginie|Minnesota|Minneapolis|Pittsburgh|Baltimore|San\s+Diego|Portland|Sheffield|Bristol|Leeds|"
    r"Newcastle|Cardiff|Belfast|Auckland|Brisbane|Ottawa|Calgary|Nasdaq|NBA|NFL|NHL|MLB|Grammy|Billboard|"
    r"Premier\s+League|Maison-Blanche|Maison\s+Blanche|Congrès\s+américain)\b"
)
MIN_ENGLISH_LEAD = 1.0  # Zipf by which English text writes a capitalised word more than French: an English name
MIN_LENGTH = 4  # shorter capitalised words are initials and acronyms as often as names


def abroad(text: str, capitalised_words: Iterable[str], zipf: Callable[[str, str], float]) -> bool:
    """True when the document speaks of the English-speaking world: a nationality, its currency or countries, or an English name."""
    if _ABROAD.search(text):
        return True
    return any(len(w) >= MIN_LENGTH and zipf(w.casefold(), "en") - zipf(w.casefold(), "fr") >= MIN_ENGLISH_LEAD for w in capitalised_words)


def is_name(word: str, given: frozenset[str], surnames: frozenset[str], gazetteer: frozenset[str]) -> bool:
    """True when a list holds the word as a name: a given name, a common French surname or a gazetteer name."""
    key = plain(word)
    return word.casefold() in given or key in given or key in surnames or key in gazetteer
