"""Names rendered as common nouns for people no gazetteer holds: 'Kate Mousse' (Moss), 'Espoir Hicks' (Hope).

Machine translation renders an English name word that is also a common word as the French
word: a surname after its given name ("Tim Cuisinier"), or a given name before its surname.
The open-world signals, driven by a generated table (rules/gazetteer/nouns.open.generated.txt,
see tools/build_name_nouns.py --open) rather than by gazetteer entries:

  surname  an English given name, then a capitalised French word that renders a frequent
           English surname ("Kate Mousse" -> Kate Moss). The given name is one more frequent
           in English than in French text, so a French person whose surname is a word (Jean
           Moulin, Laurent Berger, Ségolène Royal) never matches; nor does a French word that
           is itself a given name (Sharon Pierre could be a person).
  given    a capitalised French word that renders an English given name, then a surname
           that looks English (more frequent in English text than French, and rare in French),
           with no determiner or preposition before the French word ("la Baie Adams" is a place).
  later    once a surname rendering is found, the same capitalised word later in the document
           used alone as the person: mid-sentence outside a longer name, or as a sentence
           subject before a verb of saying ("Mousse a déclaré").
  speaker  a capitalised surname rendering alone, with no determiner, as the subject of a verb
           of saying ("Mousse a déclaré", "a déclaré Mousse", "selon Mousse"): a French common
           noun takes an article, a person does not.
  introduced  a name introduced by a role and an English-speaking (or Russian) nationality,
           "le chanteur britannique X", "la banque américaine X": a French common noun as X, or
           as the surname after any given name, stands for a foreign person or company whose
           name was translated ("la chanteuse américaine Abeille", "l'ailier gallois Owain Tonnerre").
           The cue is strong enough that the given name need not be English.

  named    the English name standing alone in the document ("Apple a présenté..."), and
           elsewhere a capitalised French word that translates it ("la Pomme dévoile"):
           the same entity, its name translated once.

A given name not in the lists counts as English when it is more frequent in English than in
French text and no French noun (Hamish, Fergus: the lists cannot hold every English name).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import regex

from auditor.kinds.regexes import compiled as compiled_regex  # start-up patterns come back compiled from the user cache
from auditor.entities.gazetteer import plain
from auditor.entities.nouns import _SPEECH, ARTICLE_BEFORE, SUBJECT_AFTER, WINDOW, _inside_name, _sentence_start
from auditor.entities.openworld import Word  # the capitalised word of a run, shared with the garbled-name check

TABLE_NAME = "nouns.open.generated.txt"
MAX_SURNAME_ZIPF_FR = 3.5  # the surname after a rendered given name is rare in French (Hicks, not Martin)
MIN_SURNAME_LEAD = 0.2  # and more English than French, or unknown to both
RARE_ZIPF = 2.0
# One capitalised word of letters: no particle or elision ("Comté D'Altötting"), no initials.
_SURNAME_SHAPE = compiled_regex(r"\p{Lu}\p{Ll}{2,}(?:-\p{Lu}\p{Ll}+)?$")
MIN_GIVEN_LEAD = 0.2  # as tools/build_name_nouns.py: Kate +0.43 is English, Emma +0.11 is shared
MIN_UNLISTED_GIVEN_ZIPF = 2.0  # a given name no list holds is still one English text knows,
MIN_LISTED_GIVEN_ZIPF = 2.5  # a listed given name outside the English lists, frequent enough in English text for its lead to count
MAX_UNLISTED_GIVEN_ZIPF = 4.0  # and no everyday English word (flight 4.9, foreign 4.8; Hamish 3.0)
MAX_UNLISTED_SURNAME_EN = 3.0  # a rendering after such a name or a role is no English word too (office, centre, coco)
MAX_FRENCH_GIVEN_RANK = 1000  # a French given name this common is a French person's (Angélique 146, Noé 243; Espérance 1281)
# Days and months open sentences as dates, capitalised: never a given name rendered.
_DATES = frozenset(
    "lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre".split()
)


@functools.lru_cache(maxsize=1)
def _french_given_ranks() -> dict[str, int]:
    """Plain French given name -> its best INSEE rank (cuedpairs.given_ranks, accents folded: Noé and Noe)."""
    ranks: dict[str, int] = {}
    for name, rank in cuedpairs.given_ranks().items():
        key = plain(name)
        ranks[key] = min(rank, ranks.get(key, rank))
    return ranks


def french_given_rank(word: str) -> int:
    """The rank of a plain word among French given names, or a rank past every list."""
    return _french_given_ranks().get(word, 1 << 30)
_GIVEN_SHAPE = compiled_regex(r"\p{Lu}\p{Ll}{2,}$")
# A verb of saying after a bare name, with its auxiliary: "Mousse a déclaré", ", qui a ajouté";
# without one, too many sentences open on a word and an infinitive ("Pour assurer").
_SPEAKER_AFTER = compiled_regex(
    # Not in the passive ("Printemps a été racheté"): a company or a thing undergoes, a speaker speaks.
    rf"(?:\s*,\s*qui\s+|\s+)(?:a|avait|aurait|a-t-il|a-t-elle|n['’]a|n['’]avait)\s+(?:(?!été\s)\p{{Ll}}+\s+)?(?:{_SPEECH})\b", regex.IGNORECASE
)
# A verb of saying with its auxiliary right before a bare name, its subject inverted ("a confié Mousse"), or "selon".
_SPEAKER_BEFORE = compiled_regex(rf"(?:\b(?:selon|d['’]après)|\b(?:a|avait|aurait)\s+(?:{_SPEECH}))\s+$", regex.IGNORECASE)
# A determiner or preposition before the rendering makes it the word or a place ("la Baie Adams").
_FUNCTION_BEFORE = compiled_regex(r"(?:^|[^\p{L}])(?:le|la|les|l['’]|du|des|de|d['’]|au|aux|un|une|en|à|sur|par|pour|ce|cette|son|sa|ses)\s*$", regex.IGNORECASE)


# Roles that introduce a person or a company by its name ("le chanteur britannique X", "la banque américaine X").
_PERSON_ROLES = (
    r"acteur|actrice|chanteu(?:r|se)|rappeu(?:r|se)|musicien(?:ne)?|guitariste|bassiste|batteu(?:r|se)|pianiste|compositeur|"
    r"compositrice|réalisat(?:eur|rice)|cinéaste|producteur|productrice|écrivaine?|romanci(?:er|ère)|auteure?|autrice|poète|"
    r"joueu(?:r|se)|footballeu(?:r|se)|défenseur|attaquante?|ailier|gardien(?:ne)?|capitaine|entraîneu(?:r|se)|sélectionneur|"
    r"boxeu(?:r|se)|pilote|nageu(?:r|se)|athlète|cycliste|tennisman|golfeu(?:r|se)|skateu(?:r|se)|mannequin|présentat(?:eur|rice)|"
    r"animat(?:eur|rice)|humoriste|comédien(?:ne)?|journaliste|ministre|présidente?|sénat(?:eur|rice)|députée?|gouverneure?|"
    r"diplomate|ambassad(?:eur|rice)|juge|procureure?|avocate?|conseill(?:er|ère)|secrétaire|chef|cheffe|star|vedette|artiste|"
    r"championne?|aventuri(?:er|ère)|explorat(?:eur|rice)|astronaute|milliardaire|entrepreneu(?:r|se)|patronne?|dirigeante?|"
    r"fondat(?:eur|rice)|homme\s+d['’]affaires|femme\s+d['’]affaires|économiste|chercheu(?:r|se)|militante?|opposante?|"
    r"magnat|investisseu(?:r|se)|styliste|photographe|danseu(?:r|se)|"
    # The sports' and the arts' other people, as news introduces them ("le sprinteur X", "le voltigeur des Yankees X"): no
    # word that is also a thing or a place in a team (pivot, arrière, pilier, milieu) nor a translator's (interprète).
    r"sprinteu(?:r|se)|coureu(?:r|se)|marathonien(?:ne)?|perchiste|sauteu(?:r|se)|lanceu(?:r|se)|décathlonien|heptathlonienne|"
    r"rameu(?:r|se)|patineu(?:r|se)|skieu(?:r|se)|snowboardeu(?:r|se)|surfeu(?:r|se)|gymnaste|judoka|lutteu(?:r|se)|"
    r"catcheu(?:r|se)|escrimeu(?:r|se)|jockey|quarterback|voltigeu(?:r|se)|receveu(?:r|se)|meneu(?:r|se)|ailière|talonneur|"
    r"troisième-ligne|demi\s+d['’]ouverture|quilleu(?:r|se)|violoniste|violoncelliste|saxophoniste|trompettiste|claviériste|"
    r"scénariste|dramaturge|metteu(?:r|se)\s+en\s+scène|chorégraphe|peintre|sculpt(?:eur|rice)|architecte|comique|"
    r"magicien(?:ne)?|influenceu(?:r|se)|youtubeu(?:r|se)|physicien(?:ne)?|astrophysicien(?:ne)?|mathématicien(?:ne)?|"
    r"philosophe|historien(?:ne)?|chirurgien(?:ne)?|médecin|prédicat(?:eur|rice)|télévangéliste|paroli(?:er|ère)"
)
_COMPANY_ROLES = (
    r"groupe|société|entreprise|firme|marque|banque|fabricant|constructeur|éditeur|opérateur|écurie|club|géant|start-up|"
    r"compagnie|enseigne|distributeur|navigateur|réseau\s+social|plateforme|application|laboratoire|assureur|fonds|label|"
    r"conglomérat|transporteur|équipementier|brasseur|messagerie|logiciel|gestionnaire|chaîne|multinationale|cimentier|"
    r"sidérurgiste|avionneur|motoriste|armateur|hébergeur|licorne"
)
# Kinds that introduce a brand or a team as much as a company ("le grand magasin X", "l'équipe de X"), only where the name
# goes on with a lowercase word (_brand_phrase): words this broad do not name a company before a bare speaker.
_BRAND_KINDS = rf"{_COMPANY_ROLES}|écurie|studio|magasin|service|site|cabinet|franchise|équipe|fournisseur|spécialiste"
# English-speaking nationalities (a translated English name word) and Russian (a pivot through Russian).
_NATIONALITY = r"(?:américaine?|britannique|anglaise?|canadien(?:ne)?|australien(?:ne)?|galloise?|écossaise?|irlandaise?|néo-zélandaise?|russe)s?"
# Their stems, searched first: a literal alternation in the standard re is far cheaper than the full pattern.
_NATIONALITY_STEM = re.compile("améric|britanni|anglais|canadien|australien|gallois|écossais|irlandais|zélandais|russe")
# Role, then the nationality in the same clause, then only a lowercase complement ("d'engins de chantier") and maybe a comma.
_INTRODUCED = compiled_regex(
    rf"(?<![\p{{L}}])(?i:(?P<person>{_PERSON_ROLES})|(?P<company>{_COMPANY_ROLES}))(?![\p{{L}}])[^.!?;:«»()\n]{{0,60}}?"
    rf"(?<![\p{{L}}])(?i:(?P<nationality>{_NATIONALITY}))"
    rf"(?:(?:\s+(?:de|des|du|en|à|aux)\s+|\s+d['’])[\p{{Ll}}\p{{M}}'’ -]{{1,40}}?)?\s*,?\s*$"
)
# The same in apposition after the name: "X, la marque américaine de cosmétiques, a ...".
_INTRODUCED_AFTER = compiled_regex(
    rf"[ \t\u00a0]*,[ \t\u00a0]*(?:le|la|l['’]|un|une)[ \t\u00a0]*(?i:{_PERSON_ROLES}|{_COMPANY_ROLES})(?![\p{{L}}])"
    rf"(?:[ \t\u00a0]+\p{{Ll}}+){{0,2}}?[ \t\u00a0]+(?i:(?P<nationality>{_NATIONALITY}))(?![\p{{L}}])"
)
# The nationality as a noun right before a name, as sports and culture pages introduce a foreigner ("le Britannique X Y").
_NATIONAL_NOUN = compiled_regex(
    r"(?<![\p{L}])(?:[Ll]e|[Ll]a|[Ll]['’])\s*(?P<nationality>Américaine?|Britannique|Anglaise?|Canadien(?:ne)?|Australien(?:ne)?|"
    r"Galloise?|Écossaise?|Irlandaise?|Néo-Zélandaise?|Russe)\s*,?\s*$"
)
# A role right before a name ("l'actrice Emma X", "le chanteur britannique Paul X"), or in apposition ("le chanteur du groupe, Paul X,").
_ROLE_BEFORE = compiled_regex(rf"(?<![\p{{L}}])(?i:{_PERSON_ROLES})(?![\p{{L}}])(?:\s+[\p{{Ll}}\p{{M}}'’-]+){{0,3}}\s*,?\s*$")
_ROLE_APPOSITION = compiled_regex(rf"(?<![\p{{L}}])(?i:{_PERSON_ROLES})(?![\p{{L}}])[^.!?;:«»()\n,]{{0,60}},\s*$")
_COMMA_AFTER = compiled_regex(r"\s*,")
_COMPLEMENT_AFTER = compiled_regex(r"\s+(?:de|du|des|d['’])\s*\p{Ll}")


def _backward(pattern: regex.Pattern) -> regex.Pattern:
    """The same pattern searched backwards from the window's end (regex's REVERSE flag), for _before."""
    return compiled_regex(pattern.pattern, pattern.flags | regex.REVERSE)


def _before(pattern: regex.Pattern, backward: regex.Pattern, text: str, low: int, high: int) -> regex.Match | None:
    """Return `pattern.search(text, low, high)` for a pattern anchored at the window's end, screened by its `backward` twin.

    A forward search tries the pattern's long alternation (roles, kinds) at every position of the window. The pattern ends
    on `\\s*$` or `\\s+$`, so any match of it can end at the window's end, where the twin (regex's REVERSE flag) matches
    backwards and nowhere else: 3 to 30 times cheaper, and most windows hold no match (tests/test_open_nouns.py compares
    them). The forward search still gives the match: its groups are the leftmost match's (_INTRODUCED's nationality).
    """
    return pattern.search(text, low, high) if backward.match(text, low, high) is not None else None


_INTRODUCED_BACK, _ROLE_BEFORE_BACK, _ROLE_APPOSITION_BACK = map(_backward, (_INTRODUCED, _ROLE_BEFORE, _ROLE_APPOSITION))
MIN_SHARED_GIVEN_LEAD = -0.3  # David +0.25, Emma +0.11, Louis -0.1 are shared; Pierre -1.33, Laurent are French
MAX_SPEAKER_FRENCH_RANK = 1000  # the 1,000 INSEE surnames borne by the most people born in France
MAX_UNKNOWN_GIVEN_ZIPF_FR = 2.5  # a given name no list holds is no French word (Vendée 3.2, Zlatko 1.0)
CUE_WINDOW = 120  # characters before a name looked at for its role and nationality
MAX_EMIGRANT_RANK = 100  # INSEE ranks of the French surnames common among English speakers too (Fontaine 21, Blanc 35)


@dataclass(frozen=True)
class NounTable:
    """The open-world table: French word (plain) -> English names it renders, and the English given names."""

    surnames: Mapping[str, tuple[str, ...]]  # most frequent surname first
    given: Mapping[str, tuple[str, ...]]
    first: frozenset[str]  # plain English given names
    nouns: Mapping[str, str] = field(default_factory=dict)  # French noun (plain) -> the English word it translates
    written: frozenset[str] = frozenset()  # every French word of the table as spelt, casefolded: côte, not cote
    russian: Mapping[str, str] = field(default_factory=dict)  # French noun (plain) -> the Russian word it translates, romanised
    french_surnames: frozenset[str] = frozenset()  # French words (plain) that are common French surnames (INSEE: Rossignol, Caille)
    french_ranks: Mapping[str, int] = field(default_factory=dict)  # their INSEE ranks (1 is Martin)
    word_first: frozenset[str] = frozenset()  # census given names that are English words too (Chase, Miles), casefolded
    # The French words of the surname rows as spelt, casefolded: "fossé" renders Hole, "Fosse" (a
    # pit, and a French surname) renders no surname. Empty for a table made without them (tests).
    surname_written: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    """What the open-world check looks words up in, built once per worker: the table, the known given names
    (of any language; a rendering is never one), word frequencies, common French surnames (casefolded:
    Kevin Boulanger is French, no translation) and, to turn on the named-in-the-document signal, reverse_table."""

    table: NounTable
    given_names: frozenset[str]
    zipf: Callable[..., float]
    french_surnames: frozenset[str] = frozenset()
    reverse: Mapping[str, tuple[str, ...]] | None = None
    english_given: frozenset[str] = frozenset()  # casefolded given names of English-speaking countries, none French (Aled, Ailbhe)
    # French nouns none of whose senses can act (auditor/entities/agentless.py), feelings left out, by plain key: their
    # written forms, casefolded. Only these, rendered lowercase after an article, stand for an English name the document
    # writes (named_lowercase); "le monde", "l'affaire" do not. Empty: that signal is off.
    agentless: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    lowered: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict, compare=False, repr=False)  # see lowercase_renderings
    # Word-level answers remembered by (question, text, plain): the same words come back in every document (see _brand_singular).
    facts: dict[tuple[str, str, str], object] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class OpenNoun:
    """A French word that stands for part of a person's name, with the name it renders."""

    start: int
    end: int
    suggestion: str
    detail: str


MAX_FACTS = 200_000  # word answers a lexicon remembers: bounded memory in long nightly runs


_UNSET = object()  # no answer remembered yet (None is an answer: _brand_singular's)


def _word_fact(lexicon: Lexicon, question: str, word: Word, answer: Callable[[Word, Lexicon], Any]) -> Any:
    """`answer(word, lexicon)`, remembered in the lexicon's facts by (question, text, plain): the facts are emptied when full."""
    key = (question, word.text, word.plain)
    found = lexicon.facts.get(key, _UNSET)
    if found is _UNSET:
        if len(lexicon.facts) >= MAX_FACTS:
            lexicon.facts.clear()
        found = lexicon.facts[key] = answer(word, lexicon)
    return found


def read_table(path: Path) -> NounTable:
    """Read the generated table: tab-separated rows `surname|given FRENCH ENGLISH ...`, `noun FRENCH ENGLISH RUSSIAN`,
    `frsurname FRENCH RANK`, `first NAME` and `wordfirst NAME`."""
    surnames: dict[str, list[str]] = {}
    given: dict[str, list[str]] = {}
    first: set[str] = set()
    word_first: set[str] = set()
    nouns: dict[str, str] = {}
    russian: dict[str, str] = {}
    written: set[str] = set()
    french: set[str] = set()
    ranks: dict[str, int] = {}
    surname_written: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        role, *fields = line.split("\t")
        if role in ("surname", "given", "noun"):
            written.add(fields[0].casefold())
        if role in ("surname", "given") and _homographs_only(fields[2:]):
            continue
        if role == "surname":
            surname_written.add(fields[0].casefold())
        if role == "first":
            first.add(plain(fields[0]))
        elif role == "wordfirst":
            word_first.add(fields[0].casefold())
        elif role == "frsurname":
            french.add(plain(fields[0]))
            ranks.setdefault(plain(fields[0]), int(fields[1]))
        elif role == "noun":
            if fields[1] != "-":
                nouns.setdefault(plain(fields[0]), fields[1])
            if len(fields) > 2 and fields[2] != "-":
                russian.setdefault(plain(fields[0]), fields[2])
        elif role in ("surname", "given"):
            table = surnames if role == "surname" else given
            names = table.setdefault(plain(fields[0]), [])
            if fields[1] not in names:
                names.append(fields[1])
    return NounTable(
        {k: tuple(v) for k, v in surnames.items()},
        {k: tuple(v) for k, v in given.items()},
        frozenset(first),
        nouns,
        frozenset(written),
        russian,
        frozenset(french),
        ranks,
        frozenset(word_first),
        frozenset(surname_written),
    )


def _homographs_only(provenance: Sequence[str]) -> bool:
    """True when a row's every leg passes through a pivot word spelt as the French word ("deu bare -> bar -> bar"):
    a homograph carried across (German bar, cash), no translation. The generator drops such legs; this reads older tables."""
    legs = [leg.split(" -> ") for leg in (provenance[0].split("; ") if provenance else ()) if " -> " in leg]
    return bool(legs) and all(len(leg) == 3 and leg[1] == leg[2] for leg in legs)


def reverse_table(table: NounTable) -> dict[str, tuple[str, ...]]:
    """Return English word (plain) -> the French words (plain) of the table that translate it, sorted."""
    out: dict[str, set[str]] = {}
    for french, english in table.nouns.items():
        out.setdefault(plain(english), set()).add(french)
    for rows in (table.surnames, table.given):
        for french, names in rows.items():
            for name in names:
                out.setdefault(plain(name), set()).add(french)
    return {k: tuple(sorted(v)) for k, v in out.items()}


@functools.lru_cache(maxsize=1)
def builtin_table() -> NounTable:
    """Return the built-in table, read once per process (empty when not installed)."""
    from auditor.ruleset.loader import builtin_rules_dir

    path = builtin_rules_dir() / "gazetteer" / TABLE_NAME
    if not path.is_file():
        return NounTable({}, {}, frozenset())
    from auditor import usercache  # the table read once per user, not once per process (0.05 s of a cold start)

    return usercache.memo("tables", (TABLE_NAME, path.read_bytes()), lambda: read_table(path), lambda v: isinstance(v, NounTable))


def _name(word: str) -> str:
    """Capitalise an English name as news spells it."""
    return word[:1].upper() + word[1:]


def _capitalised(text: str) -> bool:
    """True for a word with a capital initial that is not all capitals."""
    return text[:1].isupper() and not text.isupper()


def may_match(words: Sequence[Word], lexicon: Lexicon) -> bool:
    """True when a run of capitalised words can take part in a finding of find_open_nouns, by the word lookups its signals
    need and none of the text around (most runs fail them). An English name alone (english_name) only helps another run."""
    table, written = lexicon.table, lexicon.table.written
    last = words[-1]
    if len(words) == 1:
        return _single_may_match(last, lexicon)  # remembered: find_open_nouns asks again of each one-word run
    # A word of the table ending the run: a surname rendering (the pair signals; the run also vetoes a French person's
    # surname used alone), a translated name, an introduced name, a brand translated word by word.
    if last.text.casefold() in written or last.plain in table.surnames:
        return True
    # A given name rendering opening the run, or a name introduced after a nationality noun ("Le Britannique X Y").
    first = words[0]
    if first.plain in table.given or first.text.casefold() in written:
        return True
    trimmed = _after_nationality(words)
    if trimmed is not words and any(w.text.casefold() in written for w in trimmed[:2]):
        return True
    # A given-name rendering closing a longer run ("Rolling Stones Baleine Richards": givenwords.complement_given).
    return (len(words) > 2 and words[-2].text.casefold() in written) or _may_open_brand(last, lexicon)


def _single_may_match(word: Word, lexicon: Lexicon) -> bool:
    """may_match for a one-word run, remembered per word."""
    return _word_fact(lexicon, "single", word, _lone_may_match)


def _lone_may_match(word: Word, lexicon: Lexicon) -> bool:
    """_single_may_match, asked once per word."""
    # Every signal of a lone word needs a rendering (an introduced name, a translated name, a brand translated word by
    # word), or a surname rendering as a bare speaker.
    if _rendering(word, lexicon) or _bare_speaker(word, lexicon) or _may_open_brand(word, lexicon):
        return True
    elided = _ELIDED.match(word.text)  # "L'Atout": the word after a sentence's opening article
    return elided is not None and _rendering(Word(0, 0, word.text[elided.end() :], plain(word.text[elided.end() :])), lexicon)


def _lone_paths(word: Word, lexicon: Lexicon) -> tuple[bool, bool, bool]:
    """Whether a one-word run passes the word tests of _taken_up, _titled and plurals.introduced_plural, remembered per word."""
    return _word_fact(lexicon, "lone", word, _lone_path_tests)


def _lone_path_tests(word: Word, lexicon: Lexicon) -> tuple[bool, bool, bool]:
    """_lone_paths, asked once per word."""
    table = lexicon.table
    rendering = _rendering(word, lexicon)
    singular = _singular(word, lexicon)
    return (
        rendering and not _common_french_surname(word.plain, table),
        bool(table.surnames.get(word.plain)) and word.plain not in table.french_ranks and rendering,
        singular is not None and singular.text != word.text and _rendering(singular, lexicon) and not _common_french_surname(singular.plain, table),
    )


def _may_open_brand(word: Word, lexicon: Lexicon) -> bool:
    """True for a word that may open a brand translated word by word (_brand_phrase): a table word or its plural, any given name."""
    singular = _singular(word, lexicon)
    return singular is not None and _brand_word(singular, lexicon)


def english_name(word: Word, lexicon: Lexicon) -> bool:
    """True for a lone capitalised English word that a French rendering in the same document may translate (Apple, Twitter)."""
    return _word_fact(lexicon, "english", word, _is_english_name)


def _is_english_name(word: Word, lexicon: Lexicon) -> bool:
    """english_name, asked once per word."""
    return (
        lexicon.reverse is not None
        and word.plain in lexicon.reverse
        and word.text.casefold() not in lexicon.table.written  # no French word (Place, Court)
        and _capitalised(word.text)
        and lexicon.zipf(word.plain, "en") > lexicon.zipf(word.plain)
    )


def _surname_as_written(word: Word, table: NounTable) -> bool:
    """True when a word, accents as MT writes them, is the French word of a surname row: "Fossé" renders Hole, "Fosse" nothing."""
    return word.text.casefold() in (table.surname_written or table.written)


def _bare_speaker(word: Word, lexicon: Lexicon) -> bool:
    """True for a lone word that may render a surname as a bare speaker: no French surname or given name."""
    return _word_fact(lexicon, "speaker", word, _is_bare_speaker)


def _is_bare_speaker(word: Word, lexicon: Lexicon) -> bool:
    """_bare_speaker, asked once per word."""
    return (
        word.text.casefold() in lexicon.table.written  # accents as MT writes them: "The" is no thé, "Mais" no maïs
        and _surname_as_written(word, lexicon.table)
        and word.plain in lexicon.table.surnames
        and word.text.casefold() not in lexicon.french_surnames
        # Alone, no given name says English: a frequent French surname ("Pommier a ajouté") is a French person.
        and not _common_french_surname(word.plain, lexicon.table)
        and word.plain not in lexicon.given_names
        # Nor a word English text writes as it is ("Bar a refusé"): a surname as it stands.
        and lexicon.zipf(word.plain, "en") < MAX_UNLISTED_SURNAME_EN
    )


def find_open_nouns(
    text: str,
    runs: Iterable[tuple[int, Sequence[Word]]],
    lexicon: Lexicon,
    singles: Iterable[tuple[int, Word]] = (),
) -> list[OpenNoun]:
    """Return the name renderings of a document: surname and given-name renderings in runs, then later lone surnames.

    `runs` are the document's runs of capitalised words as (offset, words), the words' offsets
    relative to the run (runs recur across documents, their words are kept); `singles` are the
    document's one-word runs that are renderings or English words, as (offset, word).
    """
    runs, singles = list(runs), list(singles)
    # The one-word runs that may take part in a finding themselves (may_match): the others, English names, only serve _named.
    able = [(offset, w) for offset, w in singles if _single_may_match(w, lexicon)]
    found: list[OpenNoun] = []
    lone: dict[str, str] = {}  # rendering as written -> English surname, for later mentions
    for offset, words in runs:
        for a, b in zip(words, words[1:]):
            if not (_capitalised(a.text) and _capitalised(b.text)):
                continue
            surnames = lexicon.table.surnames.get(b.plain)
            # The rendering ends the run: "Tom Pierre Martin" has a middle name, not a surname.
            # The given name as written, accents kept: "Stéphanie" is French, "Stephanie" English.
            if (
                surnames
                and b is words[-1]
                # Accents as MT writes them, and of a surname row: Cote is no côte, and "Fosse" (a pit; Jon Fosse) no
                # "fossé" (Hole), though both read fosse unaccented.
                and _surname_as_written(b, lexicon.table)
                and b.plain not in lexicon.given_names
                and b.text.casefold() not in lexicon.french_surnames
                and _COMPLEMENT_AFTER.match(text, offset + b.end) is None  # "Carlson Chambre de commerce": an institution
                and (
                    _english_given(a.text, lexicon, lexicon.zipf(b.plain, "en") < MAX_UNLISTED_SURNAME_EN)
                    or _shared_person(text, offset + a.start, offset + b.end, a.text, b.plain, lexicon)
                )
            ):
                found.append(OpenNoun(offset + a.start, offset + b.end, f"{a.text} {_name(surnames[0])}", f"'{b.text}' renders the surname {_name(surnames[0])}"))
                lone.setdefault(b.text, surnames[0])
                continue
            english = ""
            if b is words[-1] and b.text.casefold() in lexicon.table.written:
                english = (
                    _person_noun(text, offset, words, lexicon)
                    or _unknown_given_pair(text, offset, words, lexicon)
                    or _anglophone_pair(text, offset, words, lexicon)
                    or cuedpairs.french_surname_pair(text, offset, words, lexicon)
                )
            if english:
                found.append(OpenNoun(offset + a.start, offset + b.end, f"{a.text} {_name(english)}", f"'{b.text}' renders the surname {_name(english)}"))
                lone.setdefault(b.text, english)
                continue
            # The word tests first; the role before the word (_given_by_role) is a search.
            if (
                a is words[0]
                and a.plain not in lexicon.given_names  # Ange, Aurore: a French person's own given name
                and french_given_rank(a.plain) > MAX_FRENCH_GIVEN_RANK  # Angélique Kidjo, Noé: common in France
                and a.plain not in _DATES  # "Dimanche Gebrselassie, précédé par…": a sentence opening on its date
                and _english_surname(b, lexicon)
            ):
                names = lexicon.table.given.get(a.plain) or _given_by_role(text, offset, words, lexicon)
                if names and not _FUNCTION_BEFORE.search(text, max(0, offset + a.start - 20), offset + a.start):
                    found.append(OpenNoun(offset + a.start, offset + b.end, f"{_name(names[0])} {b.text}", f"'{a.text}' renders the given name {_name(names[0])}"))
    for offset, words in runs:  # "le guitariste des Rolling Stones Baleine Richards": a band's name, then the person's
        hit = givenwords.complement_given(text, offset, words, lexicon) if len(words) > 2 else None
        if hit is not None and not any(f.start < hit.end and hit.start < f.end for f in found):
            found.append(hit)
    spans = [(f.start, f.end) for f in found]
    for offset, words in [*runs, *((o, (w,)) for o, w in able)]:
        # "Le Britannique Kate X": the nationality noun, capitalised, opens the run of the name it introduces.
        trimmed = _after_nationality(words) if len(words) > 1 else words
        national, words = trimmed is not words, trimmed
        # Cheap tests first: a French word where a name is introduced, and a nationality before it.
        if not words:
            continue
        if words[0].text.casefold() not in lexicon.table.written and (len(words) != 2 or words[1].text.casefold() not in lexicon.table.written):
            continue
        start = offset + words[0].start
        end = offset + words[-1].end
        if not national:
            low = max(0, start - CUE_WINDOW)
            # One search over both windows and the run between them first: a stem in neither finds nothing there.
            if _NATIONALITY_STEM.search(text, low, end + 60) is None:
                continue
            if _NATIONALITY_STEM.search(text, low, start) is None and _NATIONALITY_STEM.search(text, end, end + 60) is None:
                continue
        hit = _introduced(text, offset, words, lexicon) or givenwords.introduced_given_word(text, offset, words, lexicon)
        if hit is not None and not any(s < hit.end and hit.start < e for s, e in spans):
            found.append(hit)
            # A surname, or a bare name: its later lone uses are the person or the company too.
            if hit.end == offset + words[-1].end and len(words) <= 2:
                lone.setdefault(words[-1].text, hit.suggestion.split()[-1])
    for offset, w in able:
        taken, titled, plural = _lone_paths(w, lexicon)  # each signal's word tests, asked once per word
        hit = (
            (_taken_up(text, offset + w.start, offset + w.end, w, lexicon) if taken else None)
            or (_titled(text, offset + w.start, offset + w.end, w, lexicon) if titled else None)
            or (plurals.introduced_plural(text, offset + w.start, offset + w.end, w, lexicon) if plural else None)
        )
        if hit is not None and not any(f.start < hit.end and hit.start < f.end for f in found):
            found.append(hit)
            lone.setdefault(w.text, hit.suggestion)
    if lexicon.reverse:
        spans = [(f.start, f.end) for f in found]
        found += [f for f in _named(text, runs, singles, lexicon) if not any(s < f.end and f.start < e for s, e in spans)]
    if lone:
        found += _later(text, lone, [(f.start, f.end) for f in found])
    # A one-word run, or the last word of a run that opens on its kind ("L'écurie X rouge").
    for offset, w in [*able, *((o, ws[-1]) for o, ws in runs)]:
        hit = _brand_phrase(text, offset + w.start, offset + w.end, w, lexicon)
        if hit is not None and not any(f.start < hit.end and hit.start < f.end for f in found):
            found.append(hit)
    taken = {f.start for f in found}
    # A word the document also writes after a French given name ("Yannick Colline") is that French person's surname.
    french_named = {
        words[-1].text for _, words in runs if words[-2].plain in lexicon.given_names and not _english_given(words[-2].text, lexicon)
    } if able else set()
    owned: dict[str, bool] = {}  # _own_name's answers, one per word of the document
    for offset, w in able:
        start, end = offset + w.start, offset + w.end
        if (
            start not in taken
            and w.text not in french_named
            and _bare_speaker(w, lexicon)
            and _speaker(text, start, end)
            # "le groupe Rubis a racheté": a company named after its kind, no person; a translated company shows by its nationality.
            and _before(_COMPANY_BEFORE, _COMPANY_BEFORE_BACK, text, max(0, start - CUE_WINDOW), start) is None
            # The document has translated a name before ("le chancelier Sebastian Court ... a déclaré Bref"), or introduces someone.
            and (any(f.start < start for f in found) or _introduced_before(text, start))
            and not _own_name(text, w.text, singles, owned)
        ):
            surname = lexicon.table.surnames[w.plain][0]
            found.append(OpenNoun(start, end, _name(surname), f"'{w.text}' renders the surname {_name(surname)}"))
    return sorted(found, key=lambda f: f.start)


# A bare word as a speaker is a person the document has introduced: by a role or a kind before it ("Le chanteur canadien a
# annulé sa tournée. Jeune a expliqué", "Le pétrolier Coquille a annoncé"). A sentence that opens on a bare French noun in a
# document that introduces nobody ("Interrogé par l'AFP, Ligne a refusé", a list of French firms) names someone French.
SPEAKER_CUE_WINDOW = 400  # characters before the word: its sentence and the one or two before
_ROLE_ANYWHERE = compiled_regex(rf"(?<![\p{{L}}])(?i:{_PERSON_ROLES})(?![\p{{L}}])")
# A role that names its person right after it, adjectives aside ("le ministre Jean Castex", "le chanteur britannique Paul X"),
# is that person's: it introduces no one for a bare word later ("Le chanteur canadien a annulé", "l'ancien chanteur de Led Zeppelin").
_ROLE_NAMED = compiled_regex(
    r"(?:[ \t\u00a0]+(?!(?:de|du|des|à|au|aux|en|et|ou|pour|par|sur|a|est|qui|que)(?![\p{L}]))\p{Ll}[\p{Ll}\p{M}'’-]*){0,2}+[ \t\u00a0]*,?[ \t\u00a0]*\p{Lu}"
)
_KIND_RIGHT_BEFORE = compiled_regex(r"(?<![\p{L}])(?:[Ll]e|[Ll]a|[Ll]['’])[ \t\u00a0]*\p{Ll}{3,}[ \t\u00a0]+$")
# A particle between a given name and a surname: "Edouard de Ligne", "Jan van Eik".
_PARTICLE = r"[ \t\u00a0]+(?:(?:de|du|des|van|von|der|den|ter|ten)[ \t\u00a0]+|d['’])"


def _introduced_before(text: str, start: int) -> bool:
    """True when a kind right before the bare word at `start` introduces it, or a person's role that names no one after it does, in the sentences before."""
    if _KIND_RIGHT_BEFORE.search(text, max(0, start - 40), start) is not None:
        return True
    return any(_ROLE_NAMED.match(text, m.end(), start + 1) is None for m in _ROLE_ANYWHERE.finditer(text, max(0, start - SPEAKER_CUE_WINDOW), start))


def _own_name(text: str, written: str, singles: Sequence[tuple[int, Word]], owned: dict[str, bool]) -> bool:
    """True when the document writes the word right after a company's kind ("la marque Aigle") or after a given name and a
    particle ("Edouard de Ligne"): that company's or that person's own name, whoever it speaks for elsewhere."""
    found = owned.get(written)
    if found is None:
        found = owned[written] = any(
            w.text == written and _before(_COMPANY_BEFORE, _COMPANY_BEFORE_BACK, text, max(0, offset + w.start - CUE_WINDOW), offset + w.start) is not None
            for offset, w in singles
        ) or regex.search(rf"\p{{Lu}}\p{{Ll}}+{_PARTICLE}{regex.escape(written)}(?![\p{{L}}])", text) is not None
    return found


_ARTICLES = frozenset({"le", "la", "les", "l'", "l’"})
_ELIDED = compiled_regex(r"[Ll]['’](?=\p{Lu})")
_CLAUSE_END = compiled_regex(r"[ \t\u00a0]*[,.;:!?»)]")


def _named(text: str, runs: Sequence[tuple[int, Sequence[Word]]], singles: Sequence[tuple[int, Word]], lexicon: Lexicon) -> list[OpenNoun]:
    """Return the capitalised French words that translate an English name the document also writes alone ('Apple' ... 'la Pomme')."""
    # The English name: a one-word run, an English word and no French one (Apple, Twitter; not Place or Court).
    named: dict[str, str] = {}
    for _, w in singles:
        if english_name(w, lexicon):
            for french in lexicon.reverse[w.plain]:
                named.setdefault(french, w.text)
    out = named_lowercase(text, (r for _, w in singles for r in lowercase_renderings(w, lexicon)), lexicon)
    if not named:
        return out
    for offset, words in [*runs, *((o, (w,)) for o, w in singles)]:
        word = words[-1]
        # "L'Atout a déclaré": the opening article is written with the word (its apostrophe looked at first, without a match).
        elided = _ELIDED.match(word.text) if word.text[1:2] in ("'", "’") else None
        if elided:
            cut = elided.end()
            word = Word(word.start + cut, word.end, word.text[cut:], plain(word.text[cut:]))
        english = named.get(word.plain)
        if english is None or not _rendering(word, lexicon):
            continue
        start, end = offset + word.start, offset + word.end
        if elided and (len(words) > 1 or not _sentence_start(text, start - cut)):
            continue  # "d'Atout", or "L'Atout" inside a longer name
        if len(words) > 1:
            # Only a sentence's opening article before it ("La Pomme dévoile"); "selon Le Monde" is a title.
            if any(w.plain not in _ARTICLES for w in words[:-1]) or not _sentence_start(text, offset + words[0].start):
                continue
        speaks = SUBJECT_AFTER.match(text, end, min(len(text), end + WINDOW)) is not None
        if len(words) == 1 and not elided and _sentence_start(text, start) and not speaks:
            continue  # a sentence may open on a noun; as the subject of a verb of saying it is the name
        # An institution goes on with its complement ("la République démocratique", "la Chambre de
        # commerce"); the name stands alone before a verb of its own or a punctuation mark.
        if not speaks and _CLAUSE_END.match(text, end) is None:
            continue
        out.append(OpenNoun(start, end, english, f"'{word.text}' translates {english}, named in the same document"))
    return out


# A one-word name of two words joined in camel case or by a dot ("SharkNinja", "Otter.ai"); its capitalised parts are read.
_JOINED_NAME = compiled_regex(r"(?<![\p{L}\p{M}])(?P<first>\p{Lu}\p{Ll}{2,})(?:\.\p{Ll}{2,3}|(?P<second>\p{Lu}\p{Ll}{2,}))(?![\p{L}\p{M}])")


def joined_parts(text: str, lexicon: Lexicon) -> list[Word]:
    """The parts of a one-word name joined in camel case or by a dot that are English names ("SharkNinja": Shark)."""
    joined = _JOINED_NAME.fullmatch(text)
    if joined is None:
        return []
    parts = (Word(0, len(p), p, plain(p)) for p in joined.group("first", "second") if p)
    return [w for w in parts if english_name(w, lexicon)]


# After it, maybe a nationality, then an auxiliary, a negation or a reflexive opening the verb it is the subject of; not a
# copula ("que l'ennui était un phénomène récent": a thing is described, it does not act).
_LOWER_ACTS = compiled_regex(
    rf"(?:[ \t\u00a0]+(?i:{_NATIONALITY}))?[ \t\u00a0]*,?[ \t\u00a0]+(?:a|avait|aurait|aura|ont|va|vient|doit|devrait|"
    r"n['’]a|s['’]est|se|ne)(?![\p{L}'’-])"
)
# Before a subject: the text's or a sentence's start, a comma, a colon, "que", "et" or "mais".
_CLAUSE_BEFORE = compiled_regex(r"(?:^|[.!?;:,«\"“(]|\bque|\bet|\bmais)[ \t\u00a0]*$")
# Before it, "selon" or "d'après": "Selon la loutre", quoted as a source.
_LOWER_SPEAKS_BEFORE = compiled_regex(r"(?i:\b(?:selon|d['’]après)[ \t\u00a0]+)$")


def lowercase_renderings(name: Word, lexicon: Lexicon) -> tuple[tuple[str, str], ...]:
    """The (written French noun, English name) pairs a one-word run may be rendered as, lowercase after an article: the
    nouns that cannot act (Lexicon.agentless) translating the run or a part of a joined name ("SharkNinja": requin, Shark)."""
    if not lexicon.agentless:
        return ()
    # Kept apart from the facts: one entry per English name of every document would empty them the more often.
    found = lexicon.lowered.get(name.text)
    if found is None:
        if len(lexicon.lowered) >= MAX_FACTS:
            lexicon.lowered.clear()
        found = lexicon.lowered[name.text] = _lowercase_renderings(name, lexicon)
    return found


def _lowercase_renderings(name: Word, lexicon: Lexicon) -> tuple[tuple[str, str], ...]:
    """lowercase_renderings, asked once per word."""
    # Not a run's last word: "Wall Street", "World Bank" name no street and no world.
    out: list[tuple[str, str]] = []
    for word in (name, *joined_parts(name.text, lexicon)) if _JOINED_NAME.fullmatch(name.text) else (name,):
        if english_name(word, lexicon):
            out += [(form, word.text) for french in lexicon.reverse[word.plain] for form in lexicon.agentless.get(french, ())]
    return tuple(out)


def named_lowercase(text: str, renderings: Iterable[tuple[str, str]], lexicon: Lexicon) -> list[OpenNoun]:
    """Return the lowercase French nouns after an article that translate an English name the document writes alone
    (`renderings`, see lowercase_renderings: 'Otter.ai' ... 'selon la loutre'), acting as its subject or quoted after "selon"."""
    out: list[OpenNoun] = []
    seen: set[str] = set()
    for form, english in renderings:
        if form in seen or form not in text:  # most documents: the noun is not written at all
            continue
        seen.add(form)
        for m in _lower_pattern(form).finditer(text):
            start, end = m.start(), m.end()
            quoted = _LOWER_SPEAKS_BEFORE.search(text, max(0, start - 20), start) is not None
            # A subject opens its clause: "conduire à l'ennui, a déclaré X" is an object.
            if not quoted and _CLAUSE_BEFORE.search(text, max(0, start - 12), start) is None:
                continue
            if quoted or SUBJECT_AFTER.match(text, end, min(len(text), end + WINDOW)) is not None or _LOWER_ACTS.match(text, end) is not None:
                out.append(OpenNoun(start, end, english, f"'{text[start:end]}' translates {english}, named in the same document"))
    return sorted(out, key=lambda f: f.start)


@functools.lru_cache(maxsize=1 << 12)
def _lower_pattern(form: str) -> "regex.Pattern[str]":
    """The lowercase word after "le", "la" or "l'"."""
    return regex.compile(rf"(?<![\p{{L}}\p{{M}}'’-])(?:[Ll]e|[Ll]a|[Ll]['’])[ \t\u00a0]*{regex.escape(form)}(?![\p{{L}}\p{{M}}'’-])")


def _english(word: str, table: NounTable) -> str:
    """Return the English word a French word (plain) renders: the surname, given name or noun it translates."""
    names = table.surnames.get(word) or table.given.get(word)
    return names[0] if names else table.nouns.get(word, "")


def _rendering(word: Word, lexicon: Lexicon) -> bool:
    """True for a capitalised French common word that translates an English name or noun: no given name, French surname or English word."""
    return _word_fact(lexicon, "rendering", word, _is_rendering)


def _is_rendering(word: Word, lexicon: Lexicon) -> bool:
    """_rendering, asked once per word."""
    return (
        _capitalised(word.text)
        and word.text.casefold() in lexicon.table.written
        and word.plain not in lexicon.given_names
        and word.text.casefold() not in lexicon.french_surnames
        and lexicon.zipf(word.plain, "en") < MAX_UNLISTED_SURNAME_EN  # Rose Byrne, Lou Reed: a name in English text too
    )


def _introduced(text: str, offset: int, words: Sequence[Word], lexicon: Lexicon) -> OpenNoun | None:
    """Return the rendering in a run introduced by a role and a foreign nationality ('la chanteuse américaine Abeille'), or None."""
    start = offset + words[0].start
    low = max(0, start - CUE_WINDOW)
    # "le ministre britannique de la Défense", "le secrétaire américain au Trésor": the word is the complement.
    if _FUNCTION_BEFORE.search(text, max(0, start - 20), start):
        return None
    cue = _NATIONAL_NOUN.search(text, max(0, start - 30), start) or _before(_INTRODUCED, _INTRODUCED_BACK, text, low, start)
    # In apposition after it, the run must be the name alone: "Selon Kate X, la chanteuse..." opens on another word.
    if cue is None and (len(words) == 1 or (len(words) == 2 and not _rendering(words[0], lexicon))):
        cue = _INTRODUCED_AFTER.match(text, offset + words[-1].end)
    if cue is None:
        return None
    # Through Russian, the name was a Russian word: suggest it romanised (Grom), and a given name
    # before it is Russian, not French (Sergueï).
    russian = cue.group("nationality").casefold().startswith("russe")
    first = words[0]
    # A person's given name rendered before a surname ("l'acteur britannique Tome Hardy"): the cue licenses it whatever the
    # surname, where the word tests (_given_before_surname) could not; a company's cue names no given name.
    if len(words) == 2 and (cue.re is _NATIONAL_NOUN or cue.groupdict().get("person")) and _given_before_surname(first, words[1], lexicon):
        names = lexicon.table.given[first.plain]
        # The given name alone: the surname is the person's own, for no later lone use to take up (find_open_nouns' `lone`).
        return OpenNoun(start, offset + first.end, _name(names[0]), f"'{first.text}' renders the given name {_name(names[0])}")
    if _rendering(first, lexicon):
        # French-speaking Canada names companies and artists with French nouns (Cascades, the singer Corneille).
        source = _source(first.plain, lexicon.table, russian)
        if not source or cue.group("nationality").casefold().startswith("canad"):
            return None
        return OpenNoun(start, offset + first.end, source, f"'{first.text}' renders the word {source}")
    if len(words) == 2 and _rendering(words[1], lexicon):
        # Any given name but a French one: "Roch Voisine" is a French-Canadian singer.
        given = first.text
        if not russian and given.casefold() in lexicon.given_names and not _english_given(given, lexicon):
            if not _shared_given(given, lexicon) or words[1].plain in lexicon.table.french_surnames:
                return None
        source = _source(words[1].plain, lexicon.table, russian)
        if not source:
            return None
        return OpenNoun(start, offset + words[1].end, f"{first.text} {source}", f"'{words[1].text}' renders the surname {source}")
    return None


# Titles and ranks written before a name ("la chanteuse britannique Dame Shirley Bassey"): no rendered given name.
_TITLES = frozenset("dame reine roi princesse prince comte doyen commandant major mademoiselle demoiselle".split())


def _given_before_surname(first: Word, second: Word, lexicon: Lexicon) -> bool:
    """True when a capitalised French word renders an English given name (the table's given rows) before a capitalised surname,
    and is no given name, common French given name, date or title itself (Ange, Aurore, Dame), the surname no rendering."""
    return (
        first.plain in lexicon.table.given
        and first.plain not in lexicon.given_names
        and first.plain not in _DATES
        and first.plain not in _TITLES
        and french_given_rank(first.plain) > MAX_FRENCH_GIVEN_RANK
        and _SURNAME_SHAPE.match(second.text) is not None
        and second.text.casefold() not in lexicon.table.written
    )


# Head nouns of institutions' own names ("la banque Société générale", "l'enseigne Maisons du monde"): French names, not translations.
_INSTITUTION_HEADS = frozenset(
    "societe banque caisse credit mutuelle maison maisons galeries compagnie groupe office agence institut fondation union "
    "association federation comite conseil centre syndicat chambre assurance assurances cabinet atelier ateliers comptoir "
    "manufacture etablissements fonderie imprimerie laboratoires cooperative stade olympique entente etoile avenir racing sporting".split()
)
# A verb after the name, in the future or the imperfect ("X reviendra"), is no part of it.
_VERB_ENDING = re.compile(r"(?:ra|ront|rait|raient|aient)$")
# A modifier naming a people or a region ("Stade français", "Olympique lyonnais") makes a French name, not a translation.
_DEMONYM = re.compile(r"(?:ais|aise|ois|oise|ien|ienne|ain|aine|in|ine)s?$")
# A company introduced by its kind, with a lowercase complement ("l'éditeur de logiciels", "la marque de cosmétiques", "son navigateur").
_KIND_COMPLEMENT = r"(?![\p{L}])(?:\s+(?:de|des|du|en)\s+[\p{Ll}\p{M}'’ -]{1,40}?|\s+d['’][\p{Ll}\p{M}'’ -]{1,40}?)?(?:\s+\p{Ll}+)?\s+$"
_COMPANY_BEFORE = compiled_regex(rf"(?<![\p{{L}}])(?i:{_COMPANY_ROLES}|écurie|studio){_KIND_COMPLEMENT}")
# The same for the brands of _brand_phrase, with more kinds.
_BRAND_KIND_BEFORE = compiled_regex(rf"(?<![\p{{L}}])(?i:{_BRAND_KINDS}){_KIND_COMPLEMENT}")
_COMPANY_BEFORE_BACK, _BRAND_KIND_BEFORE_BACK = _backward(_COMPANY_BEFORE), _backward(_BRAND_KIND_BEFORE)
# The lowercase rest of a name translated word by word: an adjective or a "de" complement ("Taureau rouge", "Flocon de neige").
_MODIFIER_AFTER = compiled_regex(
    r"[ \t\u00a0]+(?:(?:de|du|des)[ \t\u00a0]+|d['’])?(?!(?:de|du|des|et|ou|a|est|sont|qui|que|dont|ont|se|sa|son|ses|le|la|les|un|une|pour|par|sur|dans|avec|frères|fils|associés|cie)(?![\p{L}]))\p{Ll}{3,}(?![\p{L}\p{M}'’-])"
)


def _brand_phrase(text: str, start: int, end: int, word: Word, lexicon: Lexicon) -> OpenNoun | None:
    """Return a company's or product's name translated word by word after its kind ("l'écurie Taureau rouge"), or None.

    The name is a capitalised French noun of the table and a lowercase adjective or complement:
    French companies named with common words take their own (Safran, Carrefour) alone, and
    institutions' names open on their head noun (Société générale, Caisse d'épargne).
    """
    # The cheapest tests first: a lowercase word after it, and a word of the table (a plural by its singular: "Cloches").
    if not text[end + 1 : end + 2].islower():
        return None
    word = _brand_singular(word, lexicon)
    if word is None:
        return None
    # "la Société d'art lyrique du Royaume": after a preposition the word is a complement, no name; but right after
    # its kind, "de" joins the kind to the name ("l'écurie de Loup gris", as "l'équipe de France").
    cue_end = start
    preposition = _DE_BEFORE.search(text, max(0, start - 5), start)
    if preposition is not None:
        cue_end = preposition.start()
    # The kind before it first: the test that fails most often, and cheap backwards.
    if _before(_BRAND_KIND_BEFORE, _BRAND_KIND_BEFORE_BACK, text, max(0, cue_end - CUE_WINDOW), cue_end) is None:
        return None
    if preposition is None and _FUNCTION_BEFORE.search(text, max(0, start - 20), start):
        return None
    tail = _MODIFIER_AFTER.match(text, end)
    if tail is None or _DEMONYM.search(text, tail.start(), tail.end()) or _VERB_ENDING.search(text, tail.start(), tail.end()):
        return None
    english = _english(word.plain, lexicon.table)
    return OpenNoun(start, tail.end(), "", f"'{text[start:tail.end()]}' translates a name word by word ({word.text}: {english})")


_DE_BEFORE = compiled_regex(r"(?<![\p{L}])(?:de[ \t\u00a0]+|d['’])$")


def _brand_singular(word: Word, lexicon: Lexicon) -> Word | None:
    """Return the word as the table spells it when it may open a brand translated word by word (_brand_phrase's word
    tests: a table word or its plural, no institution's head noun, no common French surname), else None.

    Remembered per word as written: its offsets are those of the word first asked, and only its text and plain are read.
    """
    return _word_fact(lexicon, "brand", word, _brand_word_singular)


def _brand_word_singular(word: Word, lexicon: Lexicon) -> Word | None:
    """_brand_singular, asked once per word."""
    singular = _singular(word, lexicon)
    # A rarer French surname may name a family firm, but then with no adjective ("Renard frères" is vetoed after).
    # A given name is no veto here: a person's name takes no lowercase adjective ("Rose noire" is no Rose).
    if singular is None or not _brand_word(singular, lexicon) or singular.plain in _INSTITUTION_HEADS or _common_french_surname(singular.plain, lexicon.table):
        return None
    return singular


def _singular(word: Word, lexicon: Lexicon) -> Word | None:
    """Return the word as the table spells it: itself, or a plural's singular ("Cloches" -> "Cloche", "Oiseaux" -> "Oiseau"); else None.

    "Paris" is no plural of pari, nor "Cannes" of canne: names English text knows too.
    """
    written = lexicon.table.written
    if word.text.casefold() in written:
        return word
    for suffix in ("s", "x"):
        if word.text.endswith(suffix) and word.text[: -len(suffix)].casefold() in written:
            text = word.text[: -len(suffix)]
            # A noun's plural, no people's ("Américains") and no name of English text ("Paris", "Cannes", "Glass").
            if plain(text) not in lexicon.table.nouns or _DEMONYM.search(text) or lexicon.zipf(word.plain, "en") >= MAX_UNLISTED_SURNAME_EN:
                return None
            return Word(word.start, word.end - len(suffix), text, plain(text))
    return None


def _brand_word(word: Word, lexicon: Lexicon) -> bool:
    """True for a capitalised French word of the table that may open a brand translated word by word: _rendering without its given-name veto."""
    return (
        _capitalised(word.text)
        and word.text.casefold() not in lexicon.french_surnames
        and lexicon.zipf(word.plain, "en") < MAX_UNLISTED_SURNAME_EN
    )


_NATIONAL_WORDS = frozenset(
    f"{article}{word}"
    for word in "Américain Américaine Britannique Anglais Anglaise Canadien Canadienne Australien Australienne Gallois Galloise "
    "Écossais Écossaise Irlandais Irlandaise Néo-Zélandais Néo-Zélandaise Russe".split()
    for article in ("", "l'", "L'", "l’", "L’")
)


def _after_nationality(words: Sequence[Word]) -> Sequence[Word]:
    """Return the words after a nationality noun that opens a run, past its article ("Le Britannique Kate X" -> Kate X), else the run."""
    for i, word in enumerate(words[:2]):
        if word.text in _NATIONAL_WORDS:
            return words[i + 1 :]
        if word.plain not in _ARTICLES:
            break
    return words


def _source(word: str, table: NounTable, russian: bool) -> str:
    """Return the name a French word (plain) translates, capitalised: the Russian word after a Russian cue, else the English one."""
    source = (table.russian.get(word, "") if russian else "") or _english(word, table)
    return _name(source) if source else ""


def _speaker(text: str, start: int, end: int) -> bool:
    """True when the bare capitalised word at [start, end) is the subject of a verb of saying: no determiner, in no longer name."""
    if not _capitalised(text[start:end]):
        return False
    before = text[max(0, start - WINDOW) : start]
    # The anchored match after the word is cheap; the search before it only runs where its words are.
    if _SPEAKER_AFTER.match(text, end, min(len(text), end + WINDOW)) is None:
        tail = before[-30:].lower()
        if not ("selon" in tail or "après" in tail or "a " in tail or "avait" in tail) or _SPEAKER_BEFORE.search(before) is None:
            return False
    return not _FUNCTION_BEFORE.search(before) and not _inside_name(text, start, end)


def _given_by_role(text: str, offset: int, words: Sequence[Word], lexicon: Lexicon) -> tuple[str, ...]:
    """Return the English word a capitalised French noun renders when it opens a two-word name right after a role, else ().

    "l'acteur et réalisateur Grenouille Hughes": the census holds no given name for every noun MT
    may write, but a role before a noun and an English-looking surname make it a given name.
    Given names that are French nouns (Aurore, Fleur) are in the lexicon's given names and never count.
    """
    first = words[0]
    if len(words) != 2 or not _rendering(first, lexicon):
        return ()
    start = offset + first.start
    if _before(_ROLE_BEFORE, _ROLE_BEFORE_BACK, text, max(0, start - CUE_WINDOW), start) is None:
        return ()
    english = _english(first.plain, lexicon.table)
    return (english,) if english else ()


def _person_noun(text: str, offset: int, words: Sequence[Word], lexicon: Lexicon) -> str:
    """Return the English word the second word of a two-word name renders when its context makes the pair a person, else ''.

    Two pairs the surname signal leaves out: an English given name before a French noun of the
    table that no census surname gives ("Megan Grenouille", a surname the census lacks), and a given
    name that is an English word as much as a name before a surname rendering ("Chase Colline").
    Either needs a person around it (a role before, a verb after) and a word no common French
    surname: the pair alone is too weak.
    """
    pair = _name_pair(text, offset, words)
    if pair is None:
        return ""
    a, b = pair
    table = lexicon.table
    if (
        b.text.casefold() not in table.written
        or b.plain in lexicon.given_names
        or b.text.casefold() in lexicon.french_surnames
        or _common_french_surname(b.plain, table)
    ):
        return ""
    given = a.text.casefold()
    if given in table.word_first and b.plain in table.surnames:
        english = table.surnames[b.plain][0]
    elif (
        b.plain not in table.surnames
        and b.plain not in table.french_ranks  # no French surname at all: a noun is no English surname of the census
        and (given in table.first or given in lexicon.english_given)
        and lexicon.zipf(b.plain, "en") < MAX_UNLISTED_SURNAME_EN
    ):
        english = table.nouns.get(b.plain, "")
    else:
        return ""
    start, end = offset + a.start, offset + b.end
    if not english or _inside_phrase(text, start, end):
        return ""
    return english if _person_around(text, start, end) else ""


def _unknown_given_pair(text: str, offset: int, words: Sequence[Word], lexicon: Lexicon) -> str:
    """Return the English word the second word of a two-word name renders when a given name no list holds comes before it and
    the document uses the word alone as the person later ("Zlatko Grenouille ... Grenouille a marqué"), or a role introduces it; else ''.

    Athletes' and artists' given names come from every language, so no list can vouch for them;
    the translation shows in the document itself, which goes on calling the person by the noun.
    """
    pair = _name_pair(text, offset, words)
    if pair is None:
        return ""
    a, b = pair
    table = lexicon.table
    if (
        b.text.casefold() not in table.written
        or not _GIVEN_SHAPE.match(a.text)
        or a.plain in lexicon.given_names
        or a.text.casefold() in lexicon.given_names  # the lists spell given names with their accents (Françoise)
        or a.text.casefold() in table.written
        or lexicon.zipf(a.text.casefold()) >= MAX_UNKNOWN_GIVEN_ZIPF_FR
        or not _rendering(b, lexicon)
        or _common_french_surname(b.plain, table)
    ):
        return ""
    english = _english(b.plain, table)
    start, end = offset + a.start, offset + b.end
    if not english or _inside_phrase(text, start, end):
        return ""
    if _before(_ROLE_BEFORE, _ROLE_BEFORE_BACK, text, max(0, start - CUE_WINDOW), start) or _later(text, {b.text: english}, [(start, end)]):
        return english
    return ""


# English-speaking nationalities that vouch for a translated English name: not Canadian (French Canada bears French
# surnames, Blanc and Rocher, with English given names) and not Russian (its names come through the pivot).
_ANGLOPHONE = r"(?:américaine?|britannique|anglaise?|australien(?:ne)?|galloise?|écossaise?|irlandaise?|néo-zélandaise?)s?"
_ANGLOPHONE_WORD = compiled_regex(rf"(?i:{_ANGLOPHONE})$")
# The next sentence taking the person up by a nationality, as news writing does: "... . Le golfeur américain, ...",
# "... . L'Australienne a ...". Only the sentence right after the name, and only its opening words...
_NEXT_SENTENCE_ANGLOPHONE = compiled_regex(
    rf"[^.!?\n]{{0,200}}[.!?][ \t\u00a0]+(?:[Ll]e|[Ll]a|[Ll]['’])[ \t\u00a0]*(?:(?i:{_PERSON_ROLES}|{_COMPANY_ROLES})[ \t\u00a0]+)?"
    # ...and names nobody new: "Le distributeur américain Walmart", "le fabricant américain de skis Burton" is another.
    rf"(?i:{_ANGLOPHONE})(?![\p{{L}}])(?![ \t\u00a0]+(?:(?:de|des|du)[ \t\u00a0]+\p{{Ll}}+[ \t\u00a0]+|d['’]\p{{Ll}}+[ \t\u00a0]+)?\p{{Lu}})"
)


def _anglophone_pair(text: str, offset: int, words: Sequence[Word], lexicon: Lexicon) -> str:
    """Return the English surname a two-word name renders when an English-speaking nationality introduces its person, else ''.

    "le golfeur américain Mark Colline", "Mark Colline, l'ailier britannique, ...", "Mark Colline a signé. L'Américain ...":
    with that cue the surname rendering counts even where a French person could bear it (Blanc, Rocher: the INSEE
    veto) or English text knows the word too, and the given name may be one no list holds; a French given name
    still vetoes ("Laurent Bois" is French whatever he plays for), and so does a rendering that is itself a given name.
    """
    # "Le Britannique Mark Colline": the nationality noun opening the run is the cue, and the name is the rest.
    trimmed = _after_nationality(words)
    pair = _name_pair(text, offset, trimmed) if trimmed is words else (tuple(trimmed) if len(trimmed) == 2 else None)
    if pair is None:
        return ""
    a, b = pair
    table = lexicon.table
    surnames = table.surnames.get(b.plain)
    if (
        not surnames
        or b.text.casefold() not in table.written
        or b.plain in lexicon.given_names
        # The commonest French surnames travelled with emigrants (Joan Fontaine, Mel Blanc): English speakers bear them.
        or table.french_ranks.get(b.plain, MAX_EMIGRANT_RANK + 1) <= MAX_EMIGRANT_RANK
        or not _GIVEN_SHAPE.match(a.text)
        or a.text.casefold() in table.written  # a noun before it: a given-name rendering or a phrase, not this signal
    ):
        return ""
    given = a.text.casefold()
    if (given in lexicon.given_names or a.plain in lexicon.given_names) and not _english_given(a.text, lexicon):
        return ""
    start, end = offset + a.start, offset + b.end
    if _inside_phrase(text, start, end):
        return ""
    if trimmed is not words:
        nationality = words[len(words) - len(trimmed) - 1].text
        return surnames[0] if _ANGLOPHONE_WORD.search(nationality) else ""
    low = max(0, start - CUE_WINDOW)
    cue = _NATIONAL_NOUN.search(text, max(0, start - 30), start) or _before(_INTRODUCED, _INTRODUCED_BACK, text, low, start) or _INTRODUCED_AFTER.match(text, end)
    if cue is not None:
        return surnames[0] if _ANGLOPHONE_WORD.fullmatch(cue.group("nationality")) else ""
    return surnames[0] if _NEXT_SENTENCE_ANGLOPHONE.match(text, end) else ""


def _taken_up(text: str, start: int, end: int, word: Word, lexicon: Lexicon) -> OpenNoun | None:
    """Return a lone rendering that acts as a subject ("Colombe a renoncé à ...") and that the next sentence takes up by an
    English-speaking nationality ("La marque américaine ...", "L'Australienne ..."): a name translated; else None.

    A French common noun opens a clause with its article; bare, before a verb, it is a name, and the next sentence
    says whose. A common French surname (INSEE) is a French person's, whoever the next sentence is about.
    """
    # The word lookups first: most lone words kept for other signals (a brand's plural) are no rendering.
    if not _rendering(word, lexicon) or _common_french_surname(word.plain, lexicon.table):
        return None
    if _ACTS_AFTER.match(text, end, min(len(text), end + WINDOW)) is None:
        return None
    if _FUNCTION_BEFORE.search(text, max(0, start - 20), start) or _inside_name(text, start, end):
        return None
    if _NEXT_SENTENCE_ANGLOPHONE.match(text, end) is None:
        return None
    source = _source(word.plain, lexicon.table, False)
    return OpenNoun(start, end, source, f"'{word.text}' renders the word {source}") if source else None


# A title right before a bare surname, as the news names a person it has introduced ("le président X", "la sénatrice X").
_TITLE_BEFORE = compiled_regex(
    r"(?<![\p{L}])(?:[Ll]e|[Ll]a|[Ll]['’])[ \t\u00a0]*(?:(?:ancien(?:ne)?|nouveau|nouvelle|futur(?:e)?)[ \t\u00a0]+)?"
    r"(?i:présidente?|PDG|patronne?|sénat(?:eur|rice)|gouverneure?|juge|ministre|députée?|maire|chancel(?:ier|ière)|procureure?|"
    r"candidate?|directeur|directrice|entraîneu(?:r|se)|sélectionneu(?:r|se))[ \t\u00a0]+$"
)


def _titled(text: str, start: int, end: int, word: Word, lexicon: Lexicon) -> OpenNoun | None:
    """Return a surname rendering right after a title and before its verb ("le président Colline s'est rendu ..."), or None.

    A title before a bare surname names a person, and a French common noun takes no title: the word is a surname
    translated, unless French people bear it (any INSEE surname: "le président Poisson" may be French).
    """
    surnames = lexicon.table.surnames.get(word.plain)
    if not surnames or word.plain in lexicon.table.french_ranks or not _rendering(word, lexicon):
        return None
    if _TITLE_BEFORE.search(text, max(0, start - 40), start) is None or _COMPLEMENT_AFTER.match(text, end) is not None:
        return None
    after = min(len(text), end + WINDOW)
    if SUBJECT_AFTER.match(text, end, after) is None and _VERB_AFTER.match(text, end, after) is None and _PERFECT_AFTER.match(text, end, after) is None:
        return None
    return OpenNoun(start, end, _name(surnames[0]), f"'{word.text}' renders the surname {_name(surnames[0])}")


def _name_pair(text: str, offset: int, words: Sequence[Word]) -> tuple[Word, Word] | None:
    """The two words of a two-word name: alone, or after the word opening the sentence ("L'acteur Chase Colline"); else None."""
    if len(words) == 2 or (len(words) == 3 and _sentence_start(text, offset + words[0].start)):
        return words[-2], words[-1]
    return None


def _common_french_surname(plain_word: str, table: NounTable) -> bool:
    """True when a word is among the commonest French surnames (INSEE ranks): a French person, no rendering."""
    return table.french_ranks.get(plain_word, MAX_SPEAKER_FRENCH_RANK + 1) <= MAX_SPEAKER_FRENCH_RANK


def _inside_phrase(text: str, start: int, end: int) -> bool:
    """True when the pair at [start, end) is part of a noun phrase: a "de" complement follows or a function word comes before."""
    return _COMPLEMENT_AFTER.match(text, end) is not None or _FUNCTION_BEFORE.search(text, max(0, start - 20), start) is not None


def _person_around(text: str, start: int, end: int) -> bool:
    """True when a role introduces the name at [start, end) ("l'acteur X", "l'économiste de la banque, X,") or a verb follows it."""
    after = min(len(text), end + WINDOW)
    if SUBJECT_AFTER.match(text, end, after) or _VERB_AFTER.match(text, end, after):
        return True
    low = max(0, start - CUE_WINDOW)
    if _before(_ROLE_BEFORE, _ROLE_BEFORE_BACK, text, low, start):
        return True
    return _before(_ROLE_APPOSITION, _ROLE_APPOSITION_BACK, text, low, start) is not None and _COMMA_AFTER.match(text, end) is not None


def _shared_given(written: str, lexicon: Lexicon) -> bool:
    """True for a listed given name English and French share (Emma, David, Paul), not a mostly French one (Pierre, Laurent)."""
    name = written.casefold()
    return name in lexicon.given_names and lexicon.zipf(name, "en") - lexicon.zipf(name) > MIN_SHARED_GIVEN_LEAD


def _shared_person(text: str, start: int, end: int, given: str, surname: str, lexicon: Lexicon) -> bool:
    """True when a shared given name and a surname rendering at [start, end) are a person by strong evidence.

    The rendering is rare in English text and no common French surname (INSEE), and the name is introduced by a role ("l'acteur
    David Colline", "le chanteur du groupe, Paul Forgeron,") or speaks ("Emma Forgeron a
    déclaré"): a French person named Moulin or Berger is vetoed by the French surnames before.
    """
    if not _shared_given(given, lexicon) or lexicon.zipf(surname, "en") >= MAX_UNLISTED_SURNAME_EN:
        return False
    if surname in lexicon.table.french_surnames:  # rare as a French surname: Paul Rossignol is French
        return False
    if SUBJECT_AFTER.match(text, end, min(len(text), end + WINDOW)):
        return True
    low = max(0, start - CUE_WINDOW)
    if _before(_ROLE_BEFORE, _ROLE_BEFORE_BACK, text, low, start):
        return True
    return _before(_ROLE_APPOSITION, _ROLE_APPOSITION_BACK, text, low, start) is not None and _COMMA_AFTER.match(text, end) is not None


def _census_given(written: str, lexicon: Lexicon) -> bool:
    """True for a given name of the English-speaking lists: the census's English names or gender-guesser's (Aled, Ailbhe)."""
    name = written.casefold()
    return name in lexicon.table.first or name in lexicon.english_given


def _english_given(written: str, lexicon: Lexicon, unlisted: bool = False) -> bool:
    """True for an English given name: in the table's census names, a listed given name English text knows and uses more
    than French, or with `unlisted` a name-shaped word no list holds that English text knows as a name rather than a word."""
    if "-" in written:
        return _hyphenated_english(written, lexicon)
    name = written.casefold()
    if _census_given(written, lexicon):
        return True
    if name not in lexicon.given_names:
        # Hamish or Fergus, but no English word before an English word ("Flight Centre",
        # "Foreign Office": the caller asks that the rendering be rare in English text).
        en = lexicon.zipf(name, "en")
        if not unlisted or not _GIVEN_SHAPE.match(written) or name in lexicon.table.written or not MIN_UNLISTED_GIVEN_ZIPF <= en <= MAX_UNLISTED_GIVEN_ZIPF:
            return False
    elif lexicon.zipf(name, "en") < MIN_LISTED_GIVEN_ZIPF:
        # A name of the general lists that English text hardly knows (Hebrew "Ronen", 1.98): its lead over French is noise.
        return False
    return lexicon.zipf(name, "en") - lexicon.zipf(name) >= MIN_GIVEN_LEAD


MAX_HYPHENATED_FRENCH_RANK = 100  # a hyphenated name opening on a given name this common in France is French (Jean-Anthony)


def _hyphenated_english(written: str, lexicon: Lexicon) -> bool:
    """True for a hyphenated English given name ("Karl-Anthony", "Mary-Kate"): its last part an English given name, its first
    a given name of some list that is English too or none of France's commonest (Jean-Paul, Marie-Kate are French)."""
    first, _, last = written.partition("-")
    if not (_GIVEN_SHAPE.match(first) and _GIVEN_SHAPE.match(last)) or not _english_given(last, lexicon):
        return False
    if _english_given(first, lexicon):
        return True
    return first.casefold() in lexicon.given_names and french_given_rank(plain(first)) > MAX_HYPHENATED_FRENCH_RANK


def _english_surname(word: Word, lexicon: Lexicon) -> bool:
    """True when a capitalised word looks like an English surname: rare in French, and more English or rare in both."""
    if word.plain in lexicon.given_names or not _SURNAME_SHAPE.match(word.text):
        return False
    fr = lexicon.zipf(word.plain)
    if fr >= MAX_SURNAME_ZIPF_FR:
        return False
    en = lexicon.zipf(word.plain, "en")
    return en - fr >= MIN_SURNAME_LEAD or max(en, fr) < RARE_ZIPF


# After a lone surname opening a sentence, its verb: an auxiliary, a clitic, or a verb in the present or past
# ("Mousse a remporté", "Mousse reproche", "Mousse s'est imposé"): a sentence opening on the noun goes on
# with an adjective or a complement ("Mousse de lait", "Coton bio").
_VERB_AFTER = compiled_regex(
    r"[ \t\u00a0]+(?:(?:ne|n['’]|s['’]|se|lui|leur|y)\s*)?"
    r"(?:a|avait|aura|aurait|ont|est|était|sera|serait|va|allait|doit|devait|peut|pouvait|fait|faisait|vient|venait|"
    r"\p{Ll}{3,}(?<!é)(?:e|ent|it|ait|era|ra))(?![\p{L}\p{M}'’-])"
)
# After the rendering written lowercase with its article ("le majordome a marqué"): an auxiliary and a participle.
_PERFECT_AFTER = compiled_regex(r"[ \t\u00a0]+(?:a|avait|aura|aurait|n['’]a|n['’]avait)\s+(?:\p{Ll}+\s+)?\p{Ll}+(?:é|i|u|is|it|ert|eint)(?![\p{L}\p{M}])")
# Either, in one match where both are asked (_taken_up): SUBJECT_AFTER's pattern with its IGNORECASE flag scoped to it.
_ACTS_AFTER = compiled_regex(rf"(?:{_PERFECT_AFTER.pattern})|(?i:{SUBJECT_AFTER.pattern})")
_DEFINITE_BEFORE = compiled_regex(r"(?:^|[^\p{L}])(?:[Ll]e|[Ll]a|[Ll]['’])\s*$")


def _later(text: str, lone: Mapping[str, str], taken: Sequence[tuple[int, int]]) -> list[OpenNoun]:
    """Return the later uses of found surname renderings that stand for the person alone: capitalised with no article,
    mid-sentence or as the subject of a verb, or lowercase after a definite article as the subject of a verb ("le majordome a marqué")."""
    out: list[OpenNoun] = []
    first_end = min(e for _, e in taken)
    for written, surname in sorted(lone.items()):
        lower = written[:1].lower() + written[1:]
        pattern = regex.compile(rf"(?<![\p{{L}}\p{{M}}\d-])(?:{regex.escape(written)}|{regex.escape(lower)})(?![\p{{L}}\p{{M}}\d-])")
        for m in pattern.finditer(text, first_end):
            start, end = m.span()
            if any(s <= start < e for s, e in taken):
                continue
            after = min(len(text), end + WINDOW)
            if m.group().startswith(lower[:1]):
                # The word itself, once the translation made it the person: only as a subject, after "le" or "la".
                if not _DEFINITE_BEFORE.search(text, max(0, start - 5), start):
                    continue
                if SUBJECT_AFTER.match(text, end, after) is None and _PERFECT_AFTER.match(text, end, after) is None:
                    continue
            else:
                if _inside_name(text, start, end) or ARTICLE_BEFORE.search(text, max(0, start - WINDOW), start):
                    continue
                if _sentence_start(text, start) and SUBJECT_AFTER.match(text, end, after) is None and _VERB_AFTER.match(text, end, after) is None:
                    continue  # "Mousse, la..." opens a sentence with the word; "Mousse a déclaré" is the person
            out.append(OpenNoun(start, end, _name(surname), f"'{written}' renders the surname {_name(surname)}"))
    return out


# At the end, as modules: they build on this one's helpers (a French-surname rendering after an English given name,
# a plural name introduced by a nationality, a given name English text writes too).
from auditor.entities import cuedpairs, givenwords, plurals  # noqa: E402
