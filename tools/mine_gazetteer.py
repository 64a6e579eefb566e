"""Mine gazetteer entries (people, organisations, places, products) from the French sides of WMT news test sets.

    PYTHONPATH=. python tools/mine_gazetteer.py --source GITDIR-or-DIR [--out rules/gazetteer/mined.yaml]

`--source` is either a bare git directory of Helsinki-NLP/OPUS-MT-testsets (read at HEAD,
testsets/eng-fra/) or a folder holding `NAME.fra` and, optionally, the aligned `NAME.eng`.
Every step is a plain heuristic, so that a reviewer can tell why an entry is there:

1. Documents: the sets are one sentence a line, with no document ids; a line that does not
   end like a sentence (a headline) starts a new document.
2. Candidates: runs of capitalised words (auditor.checks.entities.find_runs), with leading
   titles (M., Mme, président...) and sentence-initial ordinary words (Selon, Mais...) cut
   off, plus organisation heads followed by their lowercase adjectives (Banque centrale
   européenne). Counted by document frequency.
3. Filters: a candidate whose lowercase form the corpus itself uses as often as the
   capitalised one, or that is a common French word (wordfreq Zipf) written lowercase in
   the corpus, is an ordinary word; months, days, titles and demonyms are dropped. A name
   holding a word that no language knows, two swapped letters or one dropped letter away from
   a word of names seen in three times as many documents (or hand-typed), is a misspelling
   ("Marie-Chrsitine", "Steimeier") and is dropped, so that the checks flag it, never accept it.
4. Types: a known first name (rules/gazetteer/first_names.txt) before a surname, or a title
   before the name, is a person; an acronym or an organisation word (Parti, Banque...) an
   organisation; a country, a place word (Golfe, Saint-...) or "à/en/au" before the name a
   place; product words (iPhone, Windows...) a product. The rest is left out.
5. Context: the 3 to 6 words that co-occur with the entity in the most documents, weighted
   by their rarity (idf), for the entity checks' context evidence.
6. English forms: where the aligned English lines consistently hold another spelling of a
   person's name (Viktor / Victor Baranets), it is recorded under `foreign.en`. Places and
   organisations get none: their English forms live on in names the French press keeps
   ("All-Me Hamburg", "Bank of America"), where a foreign form would be flagged.
7. The hand review (tools/mined_review.yaml: drops and type fixes) is applied last, and
   entries whose id or forms an existing hand-typed gazetteer file already holds are dropped.
"""

from __future__ import annotations

import argparse
import math
import re
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.checks.entities import RUSSIAN_FIRST_NAMES, find_runs  # noqa: E402
from auditor.entities.gazetteer import load_gazetteer_dir, name_key, plain  # noqa: E402
from auditor.lang.frequencies import zipf  # noqa: E402

NEWS_SETS = ("news-test2008", "newstest2009", "newstest2010", "newstest2011", "newstest2012", "newstest2013")
GIT_FOLDER = "testsets/eng-fra"
GAZETTEER_DIR = ROOT / "rules" / "gazetteer"
REVIEW_FILE = ROOT / "tools" / "mined_review.yaml"
OUT_NAME = "mined.yaml"

MIN_DF_SINGLE_PERSON = 3  # documents: a lone capitalised word typed a person by cues alone needs more than one look
COMMON_ZIPF = 4.0
LOWER_SHARE = 0.2  # a word's lowercase uses may be at most this share of its capitalised mid-sentence ones
COMMON_LOWER_SHARE = 0.1  # ...and at most this share when it is a common French word (Zipf >= COMMON_ZIPF)
MAX_CONTEXT = 6
MIN_CONTEXT = 3
CONTEXT_SHARE = 0.2  # a context word's documents that must also name the entity

_SENTENCE_END = re.compile(r"[.!?»\"':;)…]\s*$")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9&]{1,5}$")

TITLES = frozenset(
    "m m. mm. mme mmes mlle me dr pr mgr sir lord monsieur madame président présidente premier ministre "
    "sénateur sénatrice général gouverneur maire pape roi reine prince princesse cheikh ayatollah "
    "docteur professeur maître saint sainte chancelier chancelière secrétaire juge colonel capitaine "
    "lieutenant commissaire inspecteur directeur directrice député députée vice ex".split()
)
# Titles that mark the next words as a person's name.
PERSON_TITLES = frozenset("m m. mme mlle mgr monsieur madame dr sir".split())
MONTHS_DAYS = frozenset(
    "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre "
    "lundi mardi mercredi jeudi vendredi samedi dimanche noël noel pâques paques".split()
)
# Capitalised common nouns of French institutional writing, not names of one entity.
INSTITUTIONAL = frozenset(
    "état etat etats états gouvernement président présidente ministre ministère parlement république "
    "constitution église eglise dieu internet web premier première nord sud est ouest centre "
    "moyen-orient occident orient ancien nouvel nouvelle grand grande petit petite mondial coupe "
    "championnat ligue cour tribunal conseil assemblée commission chambre sénat congrès".split()
)
ORG_WORDS = frozenset(
    "parti union banque groupe ministère conseil commission fédération federation association fondation "
    "institut université universite agence organisation office cour tribunal assemblée sénat senat congrès "
    "société societe compagnie corporation inc ltd sa ag gmbh bank group motors airlines airways holding "
    "club fc united olympique front mouvement ligue syndicat confédération comité comite fonds bureau "
    "chambre église eglise armée police parlement gouvernement journal times post news press radio "
    "télévision television tv channel international industries energy oil petroleum airbus entreprise "
    "office department département ministry council committee fund agency authority institute university "
    "party league federal reserve communauté alliance coalition conférence".split()
)
PLACE_WORDS = frozenset(
    "golfe mont monts lac mer océan ocean île îles ile iles rue place avenue boulevard vallée cap "
    "détroit canal baie province région region état-major quartier comté county city street river "
    "fleuve port aéroport aeroport gare pont plage désert forêt".split()
)
PRODUCT_WORDS = frozenset(
    "iphone ipad ipod windows android playstation xbox wii kindle blackberry facebook twitter youtube "
    "skype macbook linux".split()
)
# Countries and regions as the French press writes them (a seed list for the place type).
COUNTRIES = frozenset(
    """Afghanistan Afrique Albanie Algérie Allemagne Amérique Angleterre Angola Arabie Argentine Arménie
    Asie Australie Autriche Azerbaïdjan Bahreïn Bangladesh Belgique Biélorussie Birmanie Bolivie Bosnie
    Brésil Bulgarie Burkina Cambodge Cameroun Canada Chili Chine Chypre Colombie Congo Corée Croatie Cuba
    Danemark Egypte Égypte Équateur Espagne Estonie Éthiopie Europe Finlande France Gabon Géorgie Ghana
    Grèce Guatemala Guinée Haïti Honduras Hongrie Inde Indonésie Irak Iran Irlande Islande Israël Italie
    Jamaïque Japon Jordanie Kazakhstan Kenya Kosovo Koweït Laos Lettonie Liban Libéria Libye Lituanie
    Luxembourg Macédoine Madagascar Malaisie Mali Maroc Mauritanie Mexique Moldavie Monaco Mongolie
    Monténégro Mozambique Namibie Népal Nicaragua Niger Nigeria Norvège Ouganda Ouzbékistan Pakistan
    Palestine Panama Paraguay Pays-Bas Pérou Philippines Pologne Portugal Qatar Roumanie Russie Rwanda
    Salvador Sénégal Serbie Singapour Slovaquie Slovénie Somalie Soudan Suède Suisse Syrie Tadjikistan
    Taïwan Tanzanie Tchad Thaïlande Tibet Togo Tunisie Turquie Ukraine Uruguay Venezuela Vietnam Yémen
    Zambie Zimbabwe États-Unis Etats-Unis Royaume-Uni Tchéquie Slovaquie Écosse Ecosse Bavière
    Californie Floride Texas Sibérie Caucase Balkans Scandinavie Irak Gaza Cisjordanie""".split()
)
# Acronyms of things, not of organisations: units, currencies, taxes, diseases, devices.
COMMON_ACRONYMS = frozenset(
    """PIB VIH PME PMI TVA GPS GMT GBP HUF CZK USD EUR CHF JPY PDG OPA ONG TV SMS ADN OGM IVG SIDA CV PC DVD CD
    TGV RER HLM SDF QI OK UV CO HIV AIDS GDP CEO IPO VAT OTC PR IT TI RTT SMIC SUV VIP EBIT LIBOR EURIBOR
    BTP ISF IRM MRSA SRAS PPP PVC ATM FAQ GSM WC KO HD LCD LED CDD CDI PDF NL""".split()
)
_PLURAL_ACRONYM_RE = re.compile(r"^[A-Z]{2,5}s$")
_PARTY_STATE_RE = re.compile(r"^[RDI]-[A-Z]")
_CENTURY_RE = re.compile(r"^[IVXLC]+(?:e|er|ème)?$")  # centuries and roman numerals: XXe, XXI
# Leading words cut off a run even mid-sentence: articles and prepositions capitalised in headlines.
FUNCTION_WORDS = frozenset(
    "le la les l un une des du de d au aux à a en et ou mais selon pour par sur sous dans avec sans "
    "ce cet cette ces son sa ses leur leurs notre nos votre vos il elle ils elles on nous vous je tu "
    "qui que quand comme si lors après avant depuis pendant chez vers entre contre".split()
)
# Lowercase words that may follow an organisation head and belong to the name.
_ORG_TAIL_STOP = frozenset(FUNCTION_WORDS | {"est", "a", "ont", "sont", "était", "qui", "se", "ne", "n", "s", "y"})
# Lowercase words after an organisation head that read as adjectives (européenne, suprême, socialiste).
_ADJECTIVE_RE = re.compile(
    r"[a-zà-ÿ-]{2,}(?:ais|aise|ien|ienne|ain|aine|al|ale|aux|el|elle|ique|if|ive|ois|oise|aire|iste|éen|éenne"
    r"|ême|uni|unie|ral|rale|ier|ière)s?"
)
ORG_HEADS = ("Banque", "Parti", "Union", "Fonds", "Organisation", "Cour", "Conseil", "Commission",
             "Assemblée", "Agence", "Fédération", "Nations", "Front", "Ligue", "Bureau", "Comité")


@dataclass
class Candidate:
    """Every mention of one name form: documents, counts and what preceded it."""

    form: str
    docs: set[int] = field(default_factory=set)
    count: int = 0
    initial: int = 0  # mentions at a sentence start
    cues: Counter = field(default_factory=Counter)  # type -> mentions after a cue word of that type
    lines: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Mined:
    """One mined entry, ready to write."""

    id: str
    type: str
    canonical: str
    df: int
    first_names: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    foreign_en: tuple[str, ...] = ()
    context: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------
# Reading


def read_sets(source: Path) -> tuple[list[tuple[str, list[str], list[str]]], str]:
    """Return [(set name, French lines, English lines)] and a description of where they came from."""
    sets = []
    if (source / "HEAD").is_file() and (source / "objects").is_dir():
        commit = _git(source, "rev-parse", "HEAD").strip()
        for name in NEWS_SETS:
            fra = _git(source, "show", f"HEAD:{GIT_FOLDER}/{name}.fra").splitlines()
            eng = _git(source, "show", f"HEAD:{GIT_FOLDER}/{name}.eng").splitlines()
            sets.append((name, fra, eng))
        return sets, f"git commit {commit}"
    for fra_path in sorted(source.glob("*.fra")):
        eng_path = fra_path.with_suffix(".eng")
        eng = eng_path.read_text(encoding="utf-8").splitlines() if eng_path.is_file() else []
        sets.append((fra_path.stem, fra_path.read_text(encoding="utf-8").splitlines(), eng))
    return sets, "folder"


def _undoubled(name: str) -> str:
    """Return a given name's plain form with doubled letters single: Mohamed and Mohammed share it."""
    return re.sub(r"(.)\1+", r"\1", plain(name))


def read_given_names(path: Path) -> list[str]:
    """Read the given-name list as written (one a line, '#' starts a comment)."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return [name for name in (line.split("#", 1)[0].strip() for line in lines) if name]


def _git(gitdir: Path, *args: str) -> str:
    """Run a read-only git command on a bare repository and return its output."""
    return subprocess.run(["git", f"--git-dir={gitdir}", *args], check=True, capture_output=True, text=True).stdout


def split_documents(lines: Sequence[str]) -> list[int]:
    """Return the document number of each line: a headline (no sentence end) starts a new document."""
    doc, out, previous_headline = -1, [], False
    for line in lines:
        headline = bool(line.strip()) and not _SENTENCE_END.search(line)
        if doc < 0 or (headline and not previous_headline):
            doc += 1
        previous_headline = headline
        out.append(doc)
    return out


# ---------------------------------------------------------------------------------------
# Candidates


def _nfc(text: str) -> str:
    """Return NFC text with typographic apostrophes straightened."""
    return unicodedata.normalize("NFC", text).replace("’", "'")


def clean_run(run: str, sentence_initial: bool) -> tuple[str, bool]:
    """Cut elisions, leading titles and function words off a run; return the name and whether a person title opened it."""
    words = run.split()
    person_title = False
    while words:
        elided = _ELISION_RE.match(words[0])
        if elided:  # "d'Obama", "L'Allemagne": the name starts after the apostrophe
            words[0] = words[0][elided.end():]
            if not words[0][:1].isupper():
                words.pop(0)
            sentence_initial = False
            continue
        head = words[0].casefold()
        if head in TITLES or head.rstrip(".") in TITLES or all(part in TITLES for part in head.split("-")):
            person_title = person_title or head.rstrip(".") in PERSON_TITLES
            words.pop(0)
        elif head in FUNCTION_WORDS or (sentence_initial and len(words) > 1 and head in COMMON_INITIALS):
            words.pop(0)
        else:
            break
        sentence_initial = False
    while words and (words[-1].casefold() in MONTHS_DAYS | TITLES | FUNCTION_WORDS or len(words[-1]) == 1):
        words.pop()  # a lone capital is an initial cut off by its full stop ("George W.")
    return " ".join(words), person_title


def split_name(name: str, first_names: frozenset[str]) -> list[str]:
    """Split a run holding two names: at "de/du/des" after two words ("Robbie Keane de Los Angeles"), before an inner first name."""
    words = name.split()
    for i in range(2, len(words) - 1):
        if words[i] in ("de", "du", "des"):
            return [*split_name(" ".join(words[:i]), first_names), *split_name(" ".join(words[i + 1:]), first_names)]
    for i in range(1, len(words) - 1):
        if words[i].casefold() in first_names and words[i - 1].casefold() not in first_names and words[i + 1][:1].isupper():
            return [" ".join(words[:i]), " ".join(words[i:])]
    return [name]


_ELISION_RE = re.compile(r"^(?:[dlDLjJsSnNmMcC]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)'")
# The lowercase word before a mention, and the type it points to ("le président Obama", "à Madrid").
CUE_WORDS: Mapping[str, str] = {
    **dict.fromkeys(
        "m. mme mlle dr président présidente ministre chancelier chancelière sénateur sénatrice gouverneur "
        "candidat candidate secrétaire juge général pape roi reine prince acteur actrice chanteur chanteuse "
        "entraîneur joueur joueuse porte-parole directeur directrice patron fondateur écrivain réalisateur "
        "député députée maire avocat professeur monsieur madame leader dirigeant attaquant défenseur".split(),
        "person",
    ),
    **dict.fromkeys("à en au aux".split(), "place?"),  # weak: "à" also stands before people ("dit à Obama")
    **dict.fromkeys("ville capitale région province".split(), "place"),
    **dict.fromkeys(
        "chez groupe société entreprise banque constructeur compagnie quotidien journal chaîne agence firme "
        "géant opérateur club parti équipe hebdomadaire magazine fabricant assureur laboratoire".split(),
        "organisation",
    ),
}
_CUE_RE = re.compile(r"([\w.'-]+)\s*$")


# Ordinary words that open sentences, cut off a run before a name ("Hier Barack Obama").
COMMON_INITIALS = frozenset(
    "hier aujourd'hui demain ainsi alors aussi cependant pourtant enfin toutefois désormais maintenant "
    "puis donc car lorsque lorsqu'il tandis bien déjà encore même tout tous toute toutes plusieurs "
    "certains certaines chaque aucun aucune autre autres cela ceci celui celle ceux".split()
)


def _org_phrases(line: str) -> Iterable[tuple[int, str]]:
    """Yield (offset, text) of organisation heads followed by their lowercase words (Banque centrale européenne)."""
    for head in ORG_HEADS:
        for m in re.finditer(rf"(?<![\w-]){head}((?: [a-zà-ÿ][\w-]*){{1,3}})", line):
            words = m.group(1).split()
            kept = []
            for w in words:
                if w in _ORG_TAIL_STOP or not _ADJECTIVE_RE.fullmatch(w):
                    break
                kept.append(w)
            if kept:
                yield m.start(), head + " " + " ".join(kept)


def collect(sets: Sequence[tuple[str, list[str], list[str]]], first_names: frozenset[str]) -> tuple[dict[str, Candidate], dict, Counter, Counter]:
    """Return the candidates, per-document word sets, lowercase word counts and capitalised mid-sentence counts."""
    candidates: dict[str, Candidate] = {}
    doc_words: dict[int, set[str]] = defaultdict(set)
    lower: Counter[str] = Counter()
    capital_mid: Counter[str] = Counter()
    base, line_no = 0, 0
    for _name, fra, _eng in sets:
        docs = split_documents(fra)
        for raw, doc in zip(fra, docs):
            line = _nfc(raw)
            doc_id = base + doc
            words = _WORD_RE.findall(line)
            for i, w in enumerate(words):
                w = _ELISION_RE.sub("", w)  # "l'inflation" counts as "inflation"
                if w[:1].islower():
                    lower[w] += 1
                    doc_words[doc_id].add(w)
                elif i > 0:
                    capital_mid[w] += 1
            for m in find_runs(line):
                start = m.start()
                initial = not line[:start].strip(" «\"'-–—(")
                cleaned, titled = clean_run(m.group(), initial)
                for k, name in enumerate(split_name(cleaned, first_names) if cleaned else ()):
                    offset = line.find(name, start)
                    _add(candidates, name, doc_id, line_no, initial and offset == m.start(), line[:offset], titled and k == 0)
                    start = offset + len(name)
            for offset, phrase in _org_phrases(line):
                _add(candidates, phrase, doc_id, line_no, offset == 0, line[:offset], False)
            line_no += 1
        base += max(docs, default=-1) + 1
    return candidates, doc_words, lower, capital_mid


def _add(candidates: dict[str, Candidate], name: str, doc: int, line: int, initial: bool, before: str, titled: bool) -> None:
    """Record one mention of `name`."""
    c = candidates.get(name)
    if c is None:
        c = candidates[name] = Candidate(name)
    c.docs.add(doc)
    c.lines.add(line)
    c.count += 1
    c.initial += initial
    if titled:
        c.cues["person"] += 1
    else:
        m = _CUE_RE.search(before)
        cue = CUE_WORDS.get(m.group(1).casefold()) if m else None
        if cue:
            c.cues[cue] += 1


# ---------------------------------------------------------------------------------------
# Filtering and typing


def is_ordinary(c: Candidate, lower: Counter, capital_mid: Counter) -> bool:
    """True when a candidate is an ordinary word capitalised by position or convention, not a name."""
    words = c.form.split()
    if c.form in COUNTRIES:
        return False
    if c.count == c.initial:  # only ever seen opening a sentence
        return True
    if _PARTY_STATE_RE.match(c.form):  # "R-Arizona": a US politician's party and state, not a name
        return True
    if len(words) > 1:
        return all(w.casefold() in MONTHS_DAYS | TITLES | INSTITUTIONAL for w in words)
    w = words[0]
    folded = w.casefold()
    if folded in MONTHS_DAYS or folded in TITLES or folded in INSTITUTIONAL or folded in FUNCTION_WORDS:
        return True
    if len(w) < 2 or (len(w) == 2 and not w.isupper()) or w in COMMON_ACRONYMS or _CENTURY_RE.match(w):
        return True
    if _PLURAL_ACRONYM_RE.match(w):  # "PMEs", "CDs": a common noun's plural
        return True
    if folded in ORG_WORDS or folded in PLACE_WORDS:  # "Bank", "Institute" alone
        return True
    low = lower[folded] + lower[w[:1].lower() + w[1:]]
    if low > LOWER_SHARE * max(capital_mid[w], 1):
        return True
    return zipf(folded) >= COMMON_ZIPF and low > COMMON_LOWER_SHARE * capital_mid[w] and not w.isupper()


def classify(c: Candidate, first_names: frozenset[str]) -> tuple[str | None, tuple[str, ...]]:
    """Return (type, first names) of a candidate by the heuristics of the module docstring; type None when unsure."""
    words = c.form.split()
    folded = [w.casefold() for w in words]
    if any(w in PRODUCT_WORDS for w in folded):
        return "product", ()
    if len(words) == 1 and _ACRONYM_RE.match(words[0]):
        return "organisation", ()
    if any(w in ORG_WORDS for w in folded):
        return "organisation", ()
    if (
        c.form in COUNTRIES or any(w in PLACE_WORDS for w in folded) or folded[0].startswith(("saint-", "sainte-"))
        or (len(words) > 2 and folded[-2] in ("du", "de") and folded[-1] in ("nord", "sud", "est", "ouest"))
    ):
        return "place", ()
    if len(words) >= 2 and (folded[0] in first_names or folded[0].split("-")[0] in first_names) and folded[-1] not in first_names:
        return "person", (words[0],)
    if folded[-1].endswith(PLACE_SUFFIXES):
        return "place", ()
    cues = Counter({k: v for k, v in c.cues.items() if k != "place?"})
    if c.cues["place?"] >= 2 or (c.cues["place?"] and cues["place"]):
        cues["place"] += c.cues["place?"]
    if cues:
        (kind, n), *rest = sorted(cues.items(), key=lambda kv: (-kv[1], kv[0]))
        # The cue must be clear: seen twice as often as any other cue, and on a fair share of the mentions.
        if n >= CUE_SHARE * c.count and (not rest or n >= 2 * rest[0][1]):
            return kind, ()
    if _CAMEL_RE.search(words[0]) and not words[0].startswith("Mc"):
        return "organisation", ()  # a capital inside a word: WikiLeaks, PayPal (not Charente-Maritime)
    if len(words) == 1 and "-" in words[0]:
        return _compound_type(words[0]), ()
    return None, ()


def _compound_type(word: str) -> str | None:
    """Type a hyphenated compound: a French toponym's shape or a country in it makes a place, capitals throughout a brand."""
    parts = word.split("-")
    if _TOPONYM_RE.search(word) or any(p in COUNTRIES for p in parts):
        return "place"  # Aix-en-Provence, Basse-Normandie, Bosnie-Herzégovine
    if all(p[:1].isupper() and len(p) > 1 for p in parts):
        return "organisation"  # Coca-Cola, Rolls-Royce, Hewlett-Packard
    return None


_TOPONYM_RE = re.compile(
    r"-(?:sur|sous|en|et|lès|lez|de|du|des|le|la|les)-|^(?:Basse|Haute|Bas|Haut|Nouvelle|Nouveau|Grande|Grand|Petite|Petit|Nord|Sud|Saint|Sainte|Mont)-"
)


_CAMEL_RE = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ]")
PLACE_SUFFIXES = ("ville", "bourg", "burg", "grad", "stan", "polis", "shire")
CUE_SHARE = 0.2


# ---------------------------------------------------------------------------------------
# Context and English forms


def context_terms(entry_docs: set[int], doc_words: Mapping[int, set[str]], df: Counter, n_docs: int, own: str) -> tuple[str, ...]:
    """Return the 3-6 distinctive words seen with an entity in the most documents, weighted by idf; () when fewer than 3 qualify."""
    if len(entry_docs) < 2:  # one document's words are that document's topic, not the entity's
        return ()
    together: Counter[str] = Counter()
    for d in entry_docs:
        together.update(doc_words.get(d, ()))
    own_words = {w.casefold() for w in own.split()}
    scored = []
    for w, n in together.items():
        # Seen with the entity in two documents at least, and in a fair share of the word's own
        # documents: "régulièrement" turns up everywhere, and would vouch for any name.
        if n < 2 or n < CONTEXT_SHARE * df[w] or len(w) < 5 or w.casefold() in own_words or zipf(w) >= 5.0:
            continue
        scored.append((-(n * math.log(n_docs / df[w])), w))
    terms = tuple(w for _s, w in sorted(scored)[:MAX_CONTEXT])
    return terms if len(terms) >= MIN_CONTEXT else ()


def english_forms(c: Candidate, english_runs: Mapping[int, set[str]], en_count: Counter) -> tuple[str, ...]:
    """Return the English spelling that the aligned lines consistently hold instead of the French one (Dice >= 0.6)."""
    if len(c.lines) < 2:
        return ()
    together: Counter[str] = Counter()
    for line in c.lines:
        together.update(english_runs.get(line, ()))
    if not together or any(c.form in runs for runs in (english_runs.get(line, set()) for line in c.lines)):
        return ()
    best, n = min(together.items(), key=lambda kv: (-kv[1], kv[0]))  # ties by name: sets iterate by hash
    dice = 2 * n / (len(c.lines) + en_count[best])
    if dice < 0.6 or n < 2 or best == c.form or len(best.split()) != len(c.form.split()):
        return ()
    # The same initial letter: a guard against aligning a name with its neighbour.
    return (best,) if plain(best)[:1] == plain(c.form)[:1] else ()


_POSSESSIVE_RE = re.compile(r"'s\b")


def english_index(sets: Sequence[tuple[str, list[str], list[str]]]) -> tuple[dict[int, set[str]], Counter]:
    """Return the capitalised runs of each English line (numbered like the French ones) and their line counts."""
    runs: dict[int, set[str]] = {}
    count: Counter[str] = Counter()
    line_no = 0
    for _name, fra, eng in sets:
        for i in range(len(fra)):
            if i < len(eng):
                line = _POSSESSIVE_RE.sub("", _nfc(eng[i]))
                found = {clean_run(m.group(), False)[0] for m in find_runs(line)} - {""}
                runs[line_no] = found
                count.update(found)
            line_no += 1
    return runs, count


# ---------------------------------------------------------------------------------------
# Building the entries


def slug(text: str) -> str:
    """Return a gazetteer id for a name: ASCII, lowercase, words joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text))


@dataclass(frozen=True)
class Known:
    """What the hand-typed gazetteer already holds, so that its entries win over mined ones."""

    ids: frozenset[str]
    forms: frozenset[str]  # plain accepted and garbled forms
    keys: frozenset[str]  # transliteration keys of those forms of two words or more ("Bashar El Assad")
    surnames: frozenset[str]  # plain last words of people's names: a bare one is left ambiguous (Bush)

    def holds(self, form: str) -> bool:
        """True when `form` is one of the known forms, as written or as a transliteration of a longer name."""
        return plain(form) in self.forms or (" " in form.strip() and name_key(form) in self.keys)


def known_entries(entries: Iterable) -> Known:
    """Return the ids, forms, keys and surnames of hand-typed gazetteer entries."""
    ids, forms, keys, surnames = set(), set(), set(), set()
    for e in entries:
        ids.add(e.id)
        every = (*e.accepted, *e.garbled)
        forms.update(plain(f) for f in every)
        keys.update(name_key(f) for f in every if len(_SPLIT_NAME_RE.split(f.strip())) > 1)
        if e.type == "person":
            surnames.update(plain(f).split()[-1] for f in e.accepted if " " in f.strip())
    return Known(frozenset(ids), frozenset(forms), frozenset(keys), frozenset(surnames))


_SPLIT_NAME_RE = re.compile(r"[\s'-]+")


def mine(sets, given_names: Sequence[str], known: Known, review: Mapping) -> list[Mined]:
    """Return the mined entries, sorted by document frequency then name."""
    first_names = frozenset(n.casefold() for n in given_names)
    candidates, doc_words, lower, capital_mid = collect(sets, first_names)
    n_docs = max(doc_words, default=0) + 1
    df: Counter[str] = Counter()
    for words in doc_words.values():
        df.update(words)
    en_runs, en_count = english_index(sets)
    drop = {str(x) for x in review.get("drop") or ()}
    types = {str(k): str(v) for k, v in (review.get("types") or {}).items()}
    typed: list[tuple[Candidate, str, tuple[str, ...]]] = []
    for c in candidates.values():
        if c.form in drop or is_ordinary(c, lower, capital_mid):
            continue
        kind, firsts = classify(c, first_names)
        kind = types.get(c.form, kind)
        if kind is None or kind == "drop":
            continue
        if kind != "person":
            firsts = ()
        if firsts and firsts[0].casefold() in RUSSIAN_FIRST_NAMES:
            continue  # "Dmitry Kislov": an English romanisation the romanisation check flags, not the press's form
        typed.append((c, kind, firsts))
    # A bare surname is a variant when exactly one mined person ends with it and it is no other name.
    surname_owners: Counter[str] = Counter(c.form.split()[-1] for c, kind, _f in typed if kind == "person" and len(c.form.split()) > 1)
    # Lone words typed a person stand for a full name mined elsewhere, or need several documents:
    # as one-word persons they are matched fuzzily on their own, where a false alarm is likeliest.
    typed = [
        (c, kind, firsts) for c, kind, firsts in typed
        if " " in c.form or c.form in COUNTRIES
        or (c.form not in surname_owners and (kind != "person" or (len(c.docs) >= MIN_DF_SINGLE_PERSON and c.form.casefold() not in first_names)))
    ]
    typed = [t for t in typed if misspelt_word(t[0].form, name_words, first_names) is None] if (name_words := _name_word_documents(typed, known)) else typed
    forms_taken = {plain(c.form) for c, _k, _f in typed}
    spellings: dict[str, list[str]] = defaultdict(list)
    for name in sorted(set(given_names)):
        if name.casefold() not in RUSSIAN_FIRST_NAMES:  # English romanisations the French press does not use
            spellings[_undoubled(name)].append(name)
    out: list[Mined] = []
    seen_ids: set[str] = set()
    for c, kind, firsts in sorted(typed, key=lambda t: (-len(t[0].docs), t[0].form)):
        entry_id = slug(c.form)
        if not entry_id or entry_id in known.ids or entry_id in seen_ids or known.holds(c.form):
            continue
        seen_ids.add(entry_id)
        words = c.form.split()
        # Other spellings of the first name that the given-name list holds, differing only in a
        # doubled letter (Mohamed / Mohammed), are the press's own, not garbles.
        variants: tuple[str, ...] = tuple(
            f"{alt} {' '.join(words[1:])}" for alt in spellings.get(_undoubled(words[0]), ()) if plain(alt) != plain(words[0])
        ) if firsts else ()
        if kind == "person" and len(words) > 1:
            surname = words[-1]
            bare = candidates.get(surname)
            if (
                surname_owners[surname] == 1 and bare is not None and len(surname) >= 4
                and plain(surname) not in known.forms and plain(surname) not in known.surnames
                and surname.casefold() not in first_names
                and not is_ordinary(bare, lower, capital_mid)
                and classify(bare, first_names)[0] in (None, "person")
            ):
                variants += (surname,)
        # English forms of places and organisations live on in names the French press keeps
        # ("All-Me Hamburg", "Bank of America"): as foreign forms they would be flagged there.
        foreign = english_forms(c, en_runs, en_count) if kind == "person" else ()
        if any(known.holds(f) or plain(f) in forms_taken or plain(f) in {plain(v) for v in (c.form, *variants)} for f in foreign):
            foreign = ()
        context = context_terms(c.docs, doc_words, df, n_docs, c.form)
        out.append(Mined(entry_id, kind, c.form, len(c.docs), firsts, variants, foreign, context))
    return out


MIN_TYPO_WORD = 5  # letters: shorter names differ by one letter from too many other real names
TYPO_DOCUMENT_RATIO = 3  # the right spelling's documents, at least, for each of the misspelling's
TYPO_MAX_ZIPF = 2.0  # wordfreq, French or English: a word this frequent is a word or a name of its own


def _name_word_documents(typed: Sequence[tuple[Candidate, str, tuple[str, ...]]], known: Known) -> dict[str, float]:
    """Documents per word of a mined name ("Steinmeier": every document of every name holding it);
    words of hand-typed forms count as seen everywhere."""
    words: dict[str, float] = defaultdict(float)
    for c, _kind, _firsts in typed:
        for word in set(_SPLIT_NAME_RE.split(plain(c.form))):
            words[word] += len(c.docs)
    for form in known.forms:
        for word in _SPLIT_NAME_RE.split(form):
            words[word] = math.inf
    return words


def _near_spellings(word: str) -> Iterable[str]:
    """What two adjacent letters swapped back or one dropped letter restored could make of `word`
    (the slips of hurried typing: "Chrsitine", "Steimeier"). A letter changed or one in excess is
    left out: real names and forms differ that way (Jansen and Hansen, Edwards and Edward).

    Wider than auditor.entities.typos.edits on purpose: that one keeps the first letter and
    never restores a doubled letter, but a source's slips include both ("Rouseff").
    """
    for i in range(len(word) - 1):
        if word[i] != word[i + 1]:
            yield word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for i in range(len(word) + 1):
            yield word[:i] + letter + word[i:]


def misspelt_word(form: str, name_words: Mapping[str, float], first_names: frozenset[str]) -> str | None:
    """The word of a mined name that is a slip for a word of names in TYPO_DOCUMENT_RATIO times as
    many documents, or None: "Marie-Chrsitine" for Christine, "Steimeier" for Steinmeier.

    Only a word that no language knows can be a slip: a given name or a French or English word
    one letter from a name is a name or word of its own (Christophe and Christopher, Appel and Apple).
    """
    for word in _SPLIT_NAME_RE.split(plain(form)):
        seen = name_words.get(word, 0.0)
        if len(word) < MIN_TYPO_WORD or seen == math.inf or word in first_names or max(zipf(word), zipf(word, "en")) >= TYPO_MAX_ZIPF:
            continue
        if any(near != word and name_words.get(near, 0.0) >= TYPO_DOCUMENT_RATIO * max(seen, 1.0) for near in _near_spellings(word)):
            return word
    return None


# ---------------------------------------------------------------------------------------
# Writing


def _q(text: str) -> str:
    """Quote a YAML flow scalar when plain style would misread it."""
    return yaml.safe_dump(text, default_flow_style=True, allow_unicode=True, width=1000).strip().removesuffix("...").strip()


def _flow(items: Sequence[str]) -> str:
    """Return a YAML flow list."""
    return "[" + ", ".join(_q(i) for i in items) + "]"


def render(entries: Sequence[Mined], header: str) -> str:
    """Return the YAML text of the mined gazetteer."""
    lines = [header.rstrip("\n"), "gazetteer:"]
    for e in entries:
        canonical = f"{{fr: {_q(e.canonical)}" + (f", en: {_q(e.foreign_en[0])}" if e.foreign_en else "") + "}"
        lines += [f"  - id: {e.id}", f"    type: {e.type}", f"    canonical: {canonical}"]
        if e.first_names:
            lines.append(f"    first_names: {_flow(e.first_names)}")
        if e.variants:
            lines.append(f"    variants: {_flow(e.variants)}")
        if e.foreign_en:
            lines.append(f"    foreign: {{en: {_flow(e.foreign_en)}}}")
        if e.context:
            lines.append(f"    context: {_flow(e.context)}")
    return "\n".join(lines) + "\n"


HEADER = """\
# Mined gazetteer: names of people, organisations, places and products as the French press writes them.
# GENERATED by tools/mine_gazetteer.py; edit tools/mined_review.yaml and re-run, never this file by hand.
# Command: PYTHONPATH=. python tools/mine_gazetteer.py --source {source_arg}
# Source: {source}, {files}
#   (French sides of WMT news-test2008 and newstest2009-2013, English sides for foreign.en forms).
# Licence: the WMT news test sets are distributed by the WMT shared tasks (statmt.org) for research and
#   evaluation use; OPUS-MT-testsets redistributes them as they are and names no other licence for them.
#   Only names (facts) and short co-occurring words are kept here, no sentence of the sources.
# Review: {review}
# Hand-typed files win: entries whose id or forms they already hold were dropped.
"""


def main(argv: list[str] | None = None) -> int:
    """Mine the sources and write the YAML file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, required=True, help="bare git dir of OPUS-MT-testsets, or a folder of NAME.fra/NAME.eng")
    parser.add_argument("--out", type=Path, default=GAZETTEER_DIR / OUT_NAME)
    parser.add_argument("--gazetteer", type=Path, default=GAZETTEER_DIR, help="hand-typed gazetteer files whose entries win")
    parser.add_argument("--first-names", type=Path, default=GAZETTEER_DIR / "first_names.txt")
    parser.add_argument("--review", type=Path, default=REVIEW_FILE)
    args = parser.parse_args(argv)
    sets, origin = read_sets(args.source)
    if not sets:
        print(f"no news sets found in {args.source}", file=sys.stderr)
        return 2
    skip = {OUT_NAME, args.out.name}  # the mined file itself is no hand-typed entry
    hand = [e for f in sorted(args.gazetteer.glob("*.yaml")) if f.name not in skip for e in load_gazetteer_dir(f)]
    known = known_entries(hand)
    review = yaml.safe_load(args.review.read_text(encoding="utf-8")) if args.review.is_file() else {}
    entries = mine(sets, read_given_names(args.first_names), known, review or {})
    files = "files " + ", ".join(f"{GIT_FOLDER}/{name}.fra" if origin.startswith("git") else f"{name}.fra" for name, _f, _e in sets)
    header = HEADER.format(
        source_arg="GITDIR" if origin.startswith("git") else args.source.name,
        source=f"github.com/Helsinki-NLP/OPUS-MT-testsets {origin}" if origin.startswith("git") else f"folder {args.source.name}",
        files=files,
        review=(review or {}).get("status", "none"),
    )
    args.out.write_text(render(entries, header), encoding="utf-8")
    print(f"{len(entries)} entries written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
