"""Garbled names of entities no gazetteer holds, anchored on the one closed set: given names.

A pivot through Russian garbles the given name as well as the surname ("Maks", "Liuis"),
and given names are few. A capitalised word before a surname that is no known given name,
is no word wordfreq has seen in French or English, and lies within the transliteration
budget of a known given name is that given name garbled. A known English or French given
name followed by a surname with a strong Russian-romanisation fingerprint ("Khorner",
"Dzhons") is a garbled surname. Nothing here needs a gazetteer entry for the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Sequence
from weakref import WeakKeyDictionary


from auditor.kinds.regexes import compiled as compiled_regex  # start-up patterns come back compiled from the user cache
from auditor.entities.blocking import MAX_LENGTH_GAP, SkeletonBlocks, budget, one_apart
from auditor.entities.gazetteer import PARTICLES, plain
from auditor.entities.openkey import heard_changes
from auditor.entities.pivot import slavic_ending
from auditor.entities.translit import Transliterator

MAX_GIVEN_ZIPF = 2.5  # a garbled given name is rare in French and in English (Kristian, Maks: real names elsewhere, above)
MIN_GIVEN_LENGTH = 3  # shorter words carry no signal ("Li", "Ma")
MAX_GIVEN_ZIPF_WITH_SURNAME = 3.0  # ...and may be commoner when the surname carries a strong pivot fingerprint
GIVEN_SCALE = 1.3  # share of blocking.budget a garbled given name may be from the real one
MIN_WESTERN_ZIPF = 3.0  # an English or French given name is a common word of one of the two languages...
MAX_SURNAME_WORD_ZIPF = 3.0  # ...and a surname this frequent in French is a word, not a name
MIN_UNGARBLED_ZIPF = 2.0  # "Khorner" is garbled when "Horner" is a name or word English knows this well
UNSEEN_ZIPF = 1.0  # a surname below this in French and English is a string wordfreq (almost) never saw
NAME_LIKE_GAP = 1.0  # a name is written alike in French and English text: Zipf values this close (pivot.NAME_LIKE_GAP)
# Letters that no romanisation of Russian or Ukrainian writes (French's own é, è, ï, ç aside):
# a name holding one is spelled in its own Latin alphabet (Spanish, Portuguese, Czech, Polish...).
NATIVE_LATIN = frozenset("áíóúýñãõåøæßčćďěľňřšťůžłńśźżőűğşđ")
# Accents a French or Spanish spelling writes and an English-style romanisation of Cyrillic
# never does (the ï of French "Alexeï" aside): a given name holding one is spelled by its
# own language's rules, so its English-style letter groups ("Ya", "ey") are no pivot gain.
FRENCH_ACCENTS = frozenset("éèêëàâôûùî")
# Both halves respelled (_both): the pivot changes undone in the two words weigh this much at most,
# and one of them is a fingerprint (vowels alone re-spelled are how real names differ).
BOTH_MAX_COST = 1.0
BOTH_MAX_ENGLISH_ZIPF = 3.5  # the first word: rarer than this in English ("Zak" is a name too, far rarer than Zack)
PREVIOUS_WORD_ZIPF = 3.0  # a run word before the given name must be an ordinary word ("Selon"), not a name
PREVIOUS_WORD_EN_ZIPF = 2.5  # ...or one English text writes this often: a company's or a team's name ("Broncos")
MIN_RESPELLED_LENGTH = 5  # a lone word this long at least is judged against the document's surnames
RESPELLED_SCALE = 1.0  # share of blocking.budget a lone word may be from a surname of its document...
# ...and below one plain edit of the table: every difference an equivalence, a respelling
# ("Lindkvist"), not a typing slip ("Lindqist"), which the human press makes too.
MAX_RESPELLED_DISTANCE = 0.9
HEARD_ALONE_MIN_LENGTH = 4  # a heard given name of the table this long at least stands without a heard surname ("Djo" is too short to tell)
MIN_HEARD_CHANGES = 2  # ...or this many pivot changes, each as Russian renders English (openkey.heard_changes), and nothing else

# Spellings English and French never write in a name, but an English-style romanisation of
# Russian does: "dzh" (Dzhon), a final "-iy"/"-yy" (Dmitriy). Kh before a vowel is English H
# through Cyrillic Х, checked by the H-spelling (see surname_fingerprint).
_STRONG_RE = compiled_regex(r"dzh|[iy]y$")
_KH_RE = compiled_regex(r"^kh(?=[aeiouy])")
# The English-style romanisation of Cyrillic Дж: neither French ("Dj") nor English ("J") spells
# a name so, whatever its origin; a surname holding it is garbled after any given name.
_FOREIGN_ONLY_RE = compiled_regex(r"dzh")
# Dj before a vowel at the start is French for J in Serbian or Arabic names (Djokovic,
# Djamel) too: strong only in a surname wordfreq never saw.
_UNSEEN_RE = compiled_regex(r"^dj(?=[aeiouy])|.dj|zh|ts(?=[aeiouy])")
# ...but a Russian surname is one French writes with ts for ц too ("Lobintsev", "Tsvetaïeva").
_UNSEEN_SLAVIC_RE = compiled_regex(r"^dj(?=[aeiouy])|.dj|zh")
# Letter groups an English-style romanisation of Cyrillic writes, and groups Cyrillic cannot
# write at all: a garbled given name gains one of the first or loses one of the second
# ("Maks" for Max, "Kristofer" for Christopher); a misspelling ("Jhonathan") does neither.
# (A final -iy is no gain: it is how the French press writes Ukrainian -ій, "Serhiy", "Andriy".)
_PIVOT_GAINS = ("dzh", "zh", "kh", "ks", "ts", "iu", "yu", "ya", "ey", "dj")
_PIVOT_LOSSES = ("w", "x", "ph", "th", "ch")
_SLAV_RE = compiled_regex(r"sla[vw]$")  # the Slavic name element -slav (Jaroslav, Stanislaw), written V or W by its own language
_SOFT_C_RE = compiled_regex(r"c[eiy]")  # a C read S, which Russian writes С (S), never Ц (Ts)
VOWELS = frozenset("aeiouy")
_LONE_H_RE = compiled_regex(r"(?<![kcsz])h")  # an H of its own, not the Kh, Ch, Sh, Zh of one Cyrillic letter
# The romanisations of one Cyrillic letter a pivot writes for a Western spelling of a name, English or
# French style: Dzh and Dj (Дж), Tch (Ч), Gue and Gui (Г before Е, И, French style). Not Kh: Khmer,
# Vietnamese, Mongolian and Persian names write it natively ("Kaing Khek"), and surname_fingerprint
# judges a Kh for H.
CYRILLIC_GROUPS = ("dzh", "dj", "tch", "gue", "gui")
# Weaker fingerprints, evidence for a given name already found garbled: zh/dj clusters, ts
# before a vowel, a final -iy.
_WEAK_RE = compiled_regex(r"dzh|dj|zh|^kh[aeiouy]|ts[aeiouy]|[iy]y$")


@dataclass(frozen=True)
class Word:
    """One capitalised word of a run: offsets in the run (or text) it was cut from, as written and in plain form."""

    start: int
    end: int
    text: str
    plain: str


@dataclass(frozen=True)
class OpenName:
    """A garbled name found without a gazetteer: its span, a suggestion and why."""

    start: int
    end: int
    suggestion: str
    detail: str


Zipf = Callable[[str, str], float]


_MC_RE = compiled_regex(r"\bMc([a-z])")


def name_title(name: str) -> str:
    """A lowercase name of the tables written as a name: each part capitalised, and Mc's next letter too (McCormack)."""
    return _MC_RE.sub(lambda m: "Mc" + m.group(1).upper(), name.title())


class GivenNames:
    """The known given names, blocked for fuzzy lookup, with the spelling each plain form is written in."""

    def __init__(self, names: Iterable[str], translit: Transliterator) -> None:
        self.spelling: dict[str, str] = {}
        for name in sorted(names):
            self.spelling.setdefault(plain(name), name if name[:1].isupper() else name_title(name))
        self.known = frozenset(self.spelling) | frozenset(n.casefold() for n in names)
        self.blocks = SkeletonBlocks(self.spelling, translit)

    def nearest(self, word: str) -> str:
        """Return the spelling of the known given name closest to `word` within budget, or ''."""
        near = self.blocks.nearest(word, GIVEN_SCALE)
        return self.spelling[near[0].name] if near else ""


def surname_fingerprint(surname: str, zipf: Zipf, known: Callable[[str], bool] = lambda word: False) -> str:
    """Return the right spelling hint for a surname with a strong pivot fingerprint ('' for none; '?' for no suggestion).

    `known` tells a word another language writes (a Finnish "Metsola"): no unseen word.
    """
    p = surname.casefold()
    if zipf(p, "en") >= MAX_GIVEN_ZIPF or zipf(p, "fr") >= MAX_GIVEN_ZIPF:
        return ""
    unseen = zipf(p, "en") < UNSEEN_ZIPF and zipf(p, "fr") < UNSEEN_ZIPF
    if _KH_RE.search(p):
        if zipf(p[1:], "en") >= MIN_UNGARBLED_ZIPF:  # Kh -> H
            return "H" + surname[2:]
        # A Russian surname French spells with Kh ("Khatchanov", "Kharitonov"): its own spelling, no English H.
        return "?" if unseen and not slavic_ending(p) else ""
    if _STRONG_RE.search(p) or (unseen and (_UNSEEN_SLAVIC_RE if slavic_ending(p) else _UNSEEN_RE).search(p) and not known(p)):
        return "?"
    return ""


def pivot_evidence(garbled: str, right: str, surname_marked: bool = False, accented: bool = False) -> bool:
    """True when a given name differs from the right one as a pivot through Cyrillic makes it differ.

    Losing a letter group alone is no evidence: Estonian and Hungarian names lose them too
    (Toomas, Kristof); it counts only with a surname that shows pivot spellings. An H where
    the right name has G is no pivot either: Russian writes G for H, never H for G; that is
    the Ukrainian name romanised from Ukrainian ("Serhiy", "Heorhiy", "Oleh"). Nor is a final A
    after a name ending in a consonant (a feminine form: "Yaroslava"), nor Ts for a soft C
    (Russian writes С for the C of "Cécile"). A given name
    written with a French accent (`accented`: "Yamilé") gains nothing: no English-style
    romanisation wrote it.
    """
    if len(_LONE_H_RE.findall(garbled)) > len(_LONE_H_RE.findall(right)) and right.count("g") > garbled.count("g"):
        return False
    if garbled.endswith("a") and right[-1:] not in VOWELS:
        return False  # a feminine form of the name ("Yaroslava", Jaroslaw): its own language's, no pivot adds an A
    if "ts" in garbled and _SOFT_C_RE.search(right) and not _SOFT_C_RE.search(garbled):
        return False  # Ts for the C of "Cécile": Russian writes С for an English or French soft C ("Letsile" is Setswana)
    if not accented and any(g in garbled and g not in right for g in _PIVOT_GAINS):
        return True
    return surname_marked and any(right.count(g) > garbled.count(g) for g in _PIVOT_LOSSES)


def french_gain(garbled: str, right: str, zipf: Zipf) -> bool:
    """True when a given name gains a French-style romanisation of Cyrillic over the right one that is no real spelling of its own.

    An initial I for Й before a vowel (Ianet for Janet) English text never writes (it writes
    Romanian "Ioan", Greek "Ioanna" and "Iosif"), or Ou for У (Roupert for Rupert) French text never
    writes (it writes its own Ou in Arabic, Armenian and African names: "Moustafa", "Rouben").
    """
    if garbled[:1] == "i" and garbled[1:2] in VOWELS and right[:1] in "jy" and zipf(garbled, "en") < UNSEEN_ZIPF:
        return True
    return "ou" in garbled and "ou" not in right and "u" in right and zipf(garbled, "fr") < UNSEEN_ZIPF


@dataclass(frozen=True)
class HeardGiven:
    """A listed pivot rendering of an English given name: the name, whether the rendering is a word or name of another language (Toni, Braian), and whether the census or INSEE lists it (Kelli)."""

    name: str
    real: bool
    listed: bool


@dataclass(frozen=True)
class Respelled:
    """A word's pivot changes undone: the name they give, their total weight, and whether one is a pivot fingerprint."""

    name: str
    cost: float
    fingerprint: bool


class PairNames:
    """What the pair evidence asks: the given name a word's pivot changes undone give, and whether a surname is a listed name."""

    def restored_given(self, word: str) -> str:
        """Return the common given name `word` (plain) is a pivot garble of, '' for none."""
        return ""

    def listed(self, word: str) -> bool:
        """True when `word` (plain) is a listed name (a census surname or given name)."""
        return False

    def known(self, word: str) -> bool:
        """True when `word` (casefolded) is a word or name another language writes (the filter of pivot.builtin_known)."""
        return False

    def given_respelled(self, word: str) -> Respelled | None:
        """Return the common given name `word` (plain, itself none) respells by vowels or fingerprints, None for none."""
        return None

    def surname_respelled(self, word: str) -> Respelled | None:
        """Return the known surname, far better known than `word` (plain), that `word` respells by vowels or fingerprints, None for none."""
        return None

    def common_given(self, word: str) -> bool:
        """True when `word` (plain) is a common given name (a listed one, or the census's among its first ranks)."""
        return False

    def given_heard(self, word: str) -> str:
        """Return the common given name `word` (plain, no lexicon's word) renders by ear through a pivot with no fingerprint (entities/openkey.py), '' for none."""
        return ""

    def both_heard(self, given: str, surname: str) -> tuple[str, str] | None:
        """Return the common given name and the well-known surname two words (plain, no lexicon's words) render by ear through a pivot, None unless both do."""
        return None

    def heard_listed(self, word: str) -> HeardGiven | None:
        """Return the common English given name `word` (plain) is a listed pivot rendering of (rules/gazetteer/heard_given.tsv), None for none."""
        return None

    def surname_heard(self, word: str) -> str:
        """Return the surname `word` (plain) renders by ear or respells through a pivot, '' for none."""
        return ""

    def surname_undoubled(self, word: str) -> str:
        """Return the well-known name `word` (plain, no lexicon's, census's or other language's word) writes with its doubled consonants once ("Hidleston": Hiddleston), '' for none."""
        return ""

    def english_surname(self, word: str) -> bool:
        """True when `word` (plain) is a surname of English alone: among the census's commonest, and no other language's word as much."""
        return False

    def native(self, first: str, second: str) -> tuple[str, str, str] | None:
        """Return the two words (plain) in the native spelling of one language with letters of its own, and the language, when one is that language's name heard through the pivot (entities/nativepivot.py), None for none."""
        return None


def find_open_names(words: Sequence[Word], given: GivenNames, zipf: Zipf, pair: PairNames = PairNames()) -> list[OpenName]:
    """Judge each given-name + surname pair of one run of capitalised words, particles before a surname passed over."""
    words, particles = _without_particles(words)
    found: list[OpenName] = []
    i = 0
    while i + 1 < len(words):
        a, b = words[i], words[i + 1]
        hit = _judge(a, b, words[i - 1] if i else None, given, zipf, pair) or _native(a, b, given, zipf, pair)
        if hit is not None:
            if particles.get(i + 1) and hit.suggestion.count(" ") == 1:
                # The surname's particle back in the suggestion: "Erik ten Hag", not "Erik Hag".
                hit = OpenName(hit.start, hit.end, hit.suggestion.replace(" ", f" {particles[i + 1]} "), hit.detail)
            found.append(hit)
            i += 2
        else:
            i += 1
    return found


def _without_particles(words: Sequence[Word]) -> tuple[list[Word], dict[int, str]]:
    """Return a run's words with the particles before a surname cut off ("ten Khag": Khag; "De", "Breine": Breine), and per surname kept, its particles.

    A name's particles (de, van, ten...) stand between the given name and the surname: the
    pair to judge is the two name words. A particle ending the run, or a word that is all
    particles, is left as it is (no surname follows it).
    """
    out: list[Word] = []
    particles: dict[int, str] = {}
    pending: list[str] = []
    for i, w in enumerate(words):
        parts = w.plain.split(" ")
        cut = 0
        while cut < len(parts) - 1 and parts[cut] in PARTICLES:
            cut += 1
        if len(parts) == 1 and parts[0] in PARTICLES and i + 1 < len(words) and out:
            pending.append(w.text)  # a capitalised particle standing alone ("De Breine"), the surname after it
            continue
        if cut:
            offset = len(" ".join(w.text.split(" ")[:cut])) + 1
            pending += w.text[:offset].split()
            w = Word(w.start + offset, w.end, w.text[offset:], " ".join(parts[cut:]))
        if pending:
            particles[len(out)] = " ".join(pending)
            pending = []
        out.append(w)
    return out, particles


def _judge(a: Word, b: Word, before: Word | None, given: GivenNames, zipf: Zipf, pair: PairNames) -> OpenName | None:
    """Judge one pair: a garbled given name (part 1), else a known given name with a pivot surname (part 2)."""
    if not _name_like(a) or not _name_like(_first_part(b)) or b.plain in PARTICLES or a.plain in PARTICLES:
        return None
    if "-" in b.text:
        # A double-barrelled surname ("Gildzhes-Aleksander"): its first part is judged, the whole is the span.
        first = _first_part(b)
        parts = b.plain.split("-")
        if len(first.plain) < MIN_GIVEN_LENGTH or not all(_name_like(Word(0, 0, part, part)) for part in b.text.split("-")):
            return None
        if any(slavic_ending(part) for part in parts):
            return None  # a Russian double-barrelled name, spelled as French spells Russian ("Botsane-Khartchenko")
        hit = _judge(a, first, before, given, zipf, pair)
        if hit is None:
            return None
        rest = b.text[len(first.text) :]
        return OpenName(hit.start, b.end, hit.suggestion + rest if hit.suggestion else "", hit.detail)
    if not NATIVE_LATIN.isdisjoint(a.text.casefold()) or not NATIVE_LATIN.isdisjoint(b.text.casefold()):
        return None
    # The pair must open a name: a word before it in the run is an ordinary word, not a name part.
    # (Or a word English text writes often, a team's or a company's: "l'ailier des Broncos Tom Hidleston".)
    if before is not None and (before.plain in given.known or (zipf(before.text.casefold(), "fr") < PREVIOUS_WORD_ZIPF and zipf(before.text.casefold(), "en") < PREVIOUS_WORD_EN_ZIPF)):
        return None
    if a.plain not in given.known and ((hit := _pair(a, b, zipf, pair)) is not None or (hit := _both(a, b, zipf, pair)) is not None):
        return hit
    if zipf(b.text.casefold(), "fr") >= MAX_SURNAME_WORD_ZIPF:
        return None
    if a.plain not in given.known:
        return (
            _garbled_given(a, b, given, zipf, pair.known, pair.common_given)
            or _foreign_only(a, b, zipf)
            or _heard_given(a, b, zipf, pair)
            or _both_heard(a, b, zipf, pair)
            or _heard_listed(a, b, given, zipf, pair)
            or _cyrillic_surname(a, b, zipf, pair, named=False)
        )
    if (hit := _heard_listed(a, b, given, zipf, pair) or _cyrillic_surname(a, b, zipf, pair, named=True)) is not None:
        return hit
    if max(zipf(a.text.casefold(), "en"), zipf(a.text.casefold(), "fr")) < MIN_WESTERN_ZIPF or _WEAK_RE.search(a.plain):
        return None
    hint = surname_fingerprint(b.text, zipf, pair.known)
    if not hint and (undoubled := pair.surname_undoubled(b.plain)):
        right = name_title(undoubled)
        return OpenName(a.start, b.end, f"{a.text} {right}", f"'{b.text}' is the name {right} with its doubled consonants written once, as Russian writes some, after the given name {a.text}")
    # A Dj alone is how French writes the J of Arabic, Balkan, Greek, Turkish or African names ("Bendjama", "Hadjidakis",
    # "Radjabov", "Hodjak"): after a given name the pivot left intact, it is the surname's own spelling, no pivot sign.
    if not hint or (hint == "?" and not surname_fingerprint(b.text.replace("dj", "j").replace("Dj", "J"), zipf, pair.known)):
        return None
    suggestion = f"{a.text} {hint}" if hint != "?" else ""
    return OpenName(a.start, b.end, suggestion, f"'{b.text}' is spelled as a Russian romanisation, after the given name {a.text}")


def _foreign_only(a: Word, b: Word, zipf: Zipf) -> OpenName | None:
    """A surname spelled with a group neither French ("Dj") nor English ("J") writes for Дж, after a name-like word."""
    if not _FOREIGN_ONLY_RE.search(b.plain) or zipf(a.text.casefold(), "fr") >= PREVIOUS_WORD_ZIPF or surname_fingerprint(b.text, zipf) != "?":
        return None
    return OpenName(a.start, b.end, "", f"'{b.text}' is spelled as a Russian romanisation (dzh), which French and English never write")


def _garbled_given(
    a: Word, b: Word, given: GivenNames, zipf: Zipf, known: Callable[[str], bool] = lambda word: False, common: Callable[[str], bool] = lambda word: False
) -> OpenName | None:
    """A given name no list holds, within the transliteration budget of a known one and differing as a pivot makes it differ."""
    folded = a.text.casefold()
    # A real given name of another language (Kristian) is as rare as a garbled one: it
    # counts as garbled when the surname shows a strong pivot fingerprint too.
    hint = surname_fingerprint(b.text, zipf)
    limit = MAX_GIVEN_ZIPF_WITH_SURNAME if hint else MAX_GIVEN_ZIPF
    if not hint and known(a.plain):
        return None  # a name another language writes so (Latin American "Brayan"), before a surname with no pivot sign
    if len(a.plain) < MIN_GIVEN_LENGTH or zipf(folded, "fr") >= limit or zipf(folded, "en") >= limit:
        return None
    # (Not before a Russian surname: a Russian's own name in French spelling, "Iana Petrova".)
    right = ("" if slavic_ending(b.plain) else _french_undone(a.plain, given, zipf, common)) or given.nearest(a.plain)
    sure = bool(hint) or bool(_WEAK_RE.search(b.plain))
    accented = not FRENCH_ACCENTS.isdisjoint(folded)
    if not right or plain(right) == a.plain:
        return None
    if not (french_gain(a.plain, plain(right), zipf) and not accented) and not pivot_evidence(a.plain, plain(right), sure, accented):
        return None
    surname = hint if hint not in ("", "?") else b.text
    detail = f"'{a.text}' looks like the given name {right} garbled" + (", and the surname shows pivot spellings" if sure else "")
    return OpenName(a.start, b.end, f"{right} {surname}", detail)


def _french_undone(word: str, given: GivenNames, zipf: Zipf, common: Callable[[str], bool] = lambda word: False) -> str:
    """Return the known given name a French-style romanisation of Cyrillic gives back when undone (Iessi: Jessie, Roupert: Rupert), '' for none.

    The nearest name by the transliteration weights may be another (a masculine for a feminine);
    undoing the French groups themselves (an initial I for Й before a vowel, Ou for У, and a
    final I for an English -y or -ie) names the one the pivot wrote.
    """
    heads = [word]
    if word[:1] == "i" and word[1:2] in VOWELS:
        heads = ["j" + word[1:], "y" + word[1:]]
    forms = {head.replace("ou", "u") for head in heads} | set(heads)
    forms |= {form[:-1] + end for form in forms if form.endswith("i") for end in ("y", "ie")}
    for form in sorted(forms):
        if form != word and (form in given.spelling or common(form)) and french_gain(word, form, zipf):
            return given.spelling.get(form) or name_title(form)
    return ""


def _heard_given(a: Word, b: Word, zipf: Zipf, pair: PairNames) -> OpenName | None:
    """A given name no lexicon knows that sounds like a common one as Russian writes it, with no fingerprint ("Doroti" for Dorothy), before a surname."""
    folded = a.text.casefold()
    right = pair.given_heard(a.plain) if zipf(folded, "fr") < UNSEEN_ZIPF and zipf(folded, "en") < UNSEEN_ZIPF else ""
    if not right:
        return None
    right = name_title(right)
    return OpenName(a.start, b.end, f"{right} {b.text}", f"'{a.text}' sounds like the given name {right} written by ear through Russian")


def _both_heard(a: Word, b: Word, zipf: Zipf, pair: PairNames) -> OpenName | None:
    """Both halves written by ear through Russian with no fingerprint ("Entoni Edvards" for Anthony Edwards), words no lexicon knows.

    Either half alone may be a real name of a language that writes foreign names by ear
    (Serbian "Entoni", Latvian "Edvards": the other languages' filter knows them), but a
    common English given name and a well-known English surname rendered so together are one
    English name heard through a pivot.
    """
    if any(zipf(w.text.casefold(), language) >= UNSEEN_ZIPF for w in (a, b) for language in ("fr", "en")):
        return None
    found = pair.both_heard(a.plain, b.plain)
    if found is None:
        return None
    right = f"{name_title(found[0])} {name_title(found[1])}"
    return OpenName(a.start, b.end, right, f"'{a.text} {b.text}' sounds like {right} written by ear through Russian, the given name and the surname both")


def _heard_listed(a: Word, b: Word, given: GivenNames, zipf: Zipf, pair: PairNames) -> OpenName | None:
    """A common English given name as a Russian pivot writes it by ear ("Braian", "Endi", "Djeïmi": rules/gazetteer/heard_given.tsv), before a surname.

    A rendering the census or INSEE lists (Kelli, Penni) is a name English or French speakers
    bear: never flagged. One that is a word or name of a language writing names its own way
    (Toni, Pol, Braian), or a given-name list's, is flagged only when the surname is heard through the pivot too
    ("Ostin Batler"); one no lexicon or list knows is flagged before any surname.
    """
    heard = pair.heard_listed(a.plain)
    if heard is None or heard.listed or pair.listed(a.plain) or slavic_ending(b.plain) or b.plain.endswith("ic"):
        # A name the census or INSEE lists is one English or French speakers bear (Kelli); before a Russian or
        # South Slavic surname ("Danil Petrov", "Entoni Mazic"), the given name is a Slav's own, which Serbian writes by ear.
        return None
    surname = pair.surname_heard(b.plain)
    # (Not the other languages' filter: Serbian and Slovene write English names by ear, "Stenli"; the table's own standing leaves them out.)
    real = heard.real or a.plain in given.known or len(a.plain) < HEARD_ALONE_MIN_LENGTH
    real = real or max(zipf(a.text.casefold(), "fr"), zipf(a.text.casefold(), "en")) >= MAX_GIVEN_ZIPF
    # A rendering real elsewhere (Braian, Dag, Mett) before a surname of English alone, which the census
    # lists among its commonest and no other language writes as much ("Braian Kemp"), names an English
    # speaker: the given name was heard through the pivot. (Not before "Ojeda", "Larsen": that language's own.)
    english = real and not surname and pair.english_surname(b.plain)
    if real and not surname and not english:
        return None
    right = name_title(heard.name)
    restored = name_title(surname) if surname and surname != b.plain else b.text
    detail = f"'{a.text}' is the given name {right} as Russian writes it by ear" + (f", and '{b.text}' is heard through the pivot too" if surname else "")
    detail += f", before the English surname {b.text}" if english else ""
    return OpenName(a.start, b.end, f"{right} {restored}", detail)


def _cyrillic_surname(a: Word, b: Word, zipf: Zipf, pair: PairNames, named: bool) -> OpenName | None:
    """A surname heard through the pivot that writes a Cyrillic letter's romanisation where the name has the Western spelling ("Ritchardson" for Richardson: Tch for Ch), after a given name.

    The sound match alone is weak (openkey.py), a real rare name shares keys with English ones,
    but a Dj, Dzh, Tch or Gu that the name it sounds like lacks is the pivot's own letter,
    and a given name before it says a person is named (`named`: a known one; else a word no ordinary French one).
    """
    if not named and zipf(a.text.casefold(), "fr") >= PREVIOUS_WORD_ZIPF:
        return None  # an ordinary word opening the sentence ("Selon"), no given name
    if surname_fingerprint(b.text, zipf, pair.known):
        return None  # a fingerprint of its own: the given name's standing decides (_judge, part 2)
    surname = pair.surname_heard(b.plain)
    if not surname or not any(group in b.plain and group not in surname for group in CYRILLIC_GROUPS):
        return None
    right = name_title(surname)
    return OpenName(a.start, b.end, f"{a.text} {right}", f"'{b.text}' sounds like {right} written through Russian ({', '.join(g for g in CYRILLIC_GROUPS if g in b.plain and g not in surname)})")


def _first_part(w: Word) -> Word:
    """Return the part of a word before its first hyphen, as a word of its own (the word itself when it has none)."""
    if "-" not in w.text:
        return w
    text = w.text.split("-", 1)[0]
    return Word(w.start, w.start + len(text), text, w.plain.split("-", 1)[0])


def _name_like(w: Word) -> bool:
    """True for a capitalised word that may be part of a person's name (not an acronym, no digits)."""
    return w.text[:1].isupper() and not w.text.isupper() and w.text.isalpha()


@dataclass(frozen=True)
class Respelling:
    """A lone word of a document and the surname it respells: the document writes that surname after a given name."""

    word: str
    surname: str
    distance: float


def respelled_surnames(lone: Iterable[str], surnames: Iterable[str], translit: Transliterator, unseen: Callable[[str], bool]) -> dict[str, Respelling]:
    """Pair each lone word no lexicon knows with the surname of its document it is a pivot respelling of.

    A translation names a person in full once ("Anna Lindqvist"), then by the surname alone,
    and a pivot through Russian garbles the lone mentions on their own ("Lindkvist"): the
    document itself holds the right spelling. The lone word must be one wordfreq and the
    other languages' filter do not know (`unseen`), written with no French accent, within
    the transliteration budget of the surname (rules/gazetteer/transliteration.yaml), every
    difference an equivalence of the table, or MIN_HEARD_CHANGES pivot changes from it as
    Russian renders English and no other difference (openkey.heard_changes: Mak for Mc too),
    and no inflection of it.
    """
    pairs = sorted({(plain(s), s) for s in surnames})
    out: dict[str, Respelling] = {}
    for word in sorted(set(lone)):
        key = plain(word)
        if len(key) < MIN_RESPELLED_LENGTH or not key.isalpha() or not unseen(key) or not FRENCH_ACCENTS.isdisjoint(word.casefold()):
            continue  # (a French accent: French's own spelling, "Tchéquie" beside "Tchèque", which no lexicon knows unaccented)
        best: Respelling | None = None
        for other, surname in pairs:
            d = _respelled_distance(key, other, translit)
            if d is not None and (best is None or d < best.distance):
                best = Respelling(word, surname, d)
        if best is not None:
            out[word] = best
    return out


# Per transliteration table: (lone word, surname) -> _respelled_distance. The same pairs come back in
# document after document of a batch (a story's names), and each answer costs skeletons and a distance.
_RESPELLED_MEMO: WeakKeyDictionary[Transliterator, dict[tuple[str, str], float | None]] = WeakKeyDictionary()
MAX_RESPELLED_MEMO = 200_000  # pairs remembered per table: bounded memory in long nightly runs


def _respelled_distance(key: str, other: str, translit: Transliterator) -> float | None:
    """The distance at which a plain lone word respells a plain surname (respelled_surnames), or None when it does not; memoised."""
    memo = _RESPELLED_MEMO.get(translit)
    if memo is None:
        memo = _RESPELLED_MEMO[translit] = {}
    pair = (key, other)
    if pair in memo:
        return memo[pair]
    if len(memo) > MAX_RESPELLED_MEMO:
        memo.clear()
    found = memo[pair] = _respelling(key, other, translit)
    return found


def _respelling(key: str, other: str, translit: Transliterator) -> float | None:
    """`_respelled_distance`, computed."""
    if other == key or abs(len(other) - len(key)) > MAX_LENGTH_GAP or _inflected(key, other):
        return None
    if not one_apart(translit.skeleton(key), translit.skeleton(other)):
        return None
    allowed = min(budget(max(len(key), len(other)), RESPELLED_SCALE), MAX_RESPELLED_DISTANCE)
    d = translit.letters_distance(key, other, allowed)
    if d > allowed and (heard_changes(key, other) or 0) >= MIN_HEARD_CHANGES:
        # Further by the table's weights, but the surname as Russian hears and writes it,
        # change for change (openkey.heard_changes: "Kauzins" for Cousins): the document's own name.
        d = allowed
    return d if d <= allowed else None


def _inflected(a: str, b: str) -> bool:
    """True when one word is the other with a plural or genitive ending ("Lindqvists")."""
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return long_.startswith(short) and long_[len(short) :] in ("s", "es", "n", "en")


def _both(a: Word, b: Word, zipf: Zipf, pair: PairNames) -> OpenName | None:
    """Both halves respelled: a word whose pivot changes undone give a common given name, before one whose changes give a known surname ("Uill Garrisson").

    Either half alone is weak evidence (real names differ from famous ones by a vowel, and a
    French word may stand for the given name: "Mur"), but a real name seldom has both halves
    one or two pivot changes from a given name and a surname that are far better known.
    """
    # A word French text uses often opens the sentence ("Selon"); English ones are rarer in French text.
    if zipf(a.text.casefold(), "fr") >= MAX_GIVEN_ZIPF_WITH_SURNAME or zipf(a.text.casefold(), "en") >= BOTH_MAX_ENGLISH_ZIPF:
        return None
    given = pair.given_respelled(a.plain)
    if given is None:
        return None
    surname = pair.surname_respelled(b.plain)
    if surname is None or given.cost + surname.cost > BOTH_MAX_COST or not (given.fingerprint or surname.fingerprint):
        return None
    right = f"{name_title(given.name)} {name_title(surname.name)}"
    return OpenName(a.start, b.end, right, f"'{a.text} {b.text}' looks like {right} spelled through Russian, the given name and the surname both")


def _native(a: Word, b: Word, given: GivenNames, zipf: Zipf, pair: PairNames) -> OpenName | None:
    """A name of a language with letters of its own heard through the pivot, both halves that language's ("Klaus Myakelya": Klaus Mäkelä, Finnish).

    One word no French or English text writes restores to a native spelling its language's
    word list knows, by one change of the pivot's own at least (Ya for Ä, Ch for Ş, O for Å);
    the word beside it is a word of the same language as written or with cheap changes undone
    (Ouve: Ove). A name written with its native letters, or the press's unaccented spelling
    ("Gundogan"), is no garble; nor a Russian surname (-ov, -enko).
    """
    # The restoration first: remembered per word, and nothing for almost every pair of real names.
    found = pair.native(a.plain, b.plain)
    if found is None or not (_name_like(a) and _name_like(b)) or not NATIVE_LATIN.isdisjoint(a.text.casefold()) or not NATIVE_LATIN.isdisjoint(b.text.casefold()):
        return None
    if a.plain in PARTICLES or b.plain in PARTICLES or slavic_ending(a.plain) or slavic_ending(b.plain):
        return None
    if any(zipf(w.text.casefold(), "fr") >= PREVIOUS_WORD_ZIPF and w.plain not in given.known for w in (a, b)):
        return None  # an ordinary French word opening the sentence ("Selon"), no name part
    first, second, language = found
    right = f"{name_title(first) if first != a.plain else a.text} {name_title(second) if second != b.plain else b.text}"
    return OpenName(a.start, b.end, right, f"'{a.text} {b.text}' looks like {right} ({language}) spelled through Russian")


def _pair(a: Word, b: Word, zipf: Zipf, pair: PairNames) -> OpenName | None:
    """The pair as evidence: a word no list holds whose pivot changes undone give a common given name, before a listed surname ("Uill Harrington")."""
    folded, surname = a.text.casefold(), b.text.casefold()
    if zipf(folded, "fr") >= MAX_GIVEN_ZIPF_WITH_SURNAME or zipf(folded, "en") >= MAX_GIVEN_ZIPF_WITH_SURNAME or not pair.listed(b.plain):
        return None
    # A surname that is a common French word is one only where English text uses it as much.
    if zipf(surname, "fr") >= MAX_SURNAME_WORD_ZIPF and abs(zipf(surname, "fr") - zipf(surname, "en")) > NAME_LIKE_GAP:
        return None
    restored = pair.restored_given(a.plain)
    if not restored or _SLAV_RE.search(a.plain) and _SLAV_RE.search(restored):
        return None  # Czech "Jaroslav", Polish Jaroslaw: one Slavic name in two alphabets' spellings, no pivot
    right = name_title(restored)
    return OpenName(a.start, b.end, f"{right} {b.text}", f"'{a.text}' looks like the given name {right} spelled through Russian, before the surname {b.text}")
