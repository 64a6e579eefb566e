"""Names rendered as common nouns (Musk as 'masque', Trump as 'atout'): find the renderings that stand for their entity.

A rendering is a gazetteer entry's `nouns` form. It stands for the entity, rather than for
the thing it names, when the text treats it as a person or an organisation:

  first-name  it follows the entity's first name or an initial ("Bill Portes", "George W. Buisson");
  person      it is the subject of a verb of saying ("l'atout a déclaré", "le cuisinier, qui a
              rappelé", "selon le cuisinier") or the owner of what only people have ("les
              tweets du masque");
  capital     it is capitalised inside a sentence, alone ("selon Pomme"), not part of a longer
              name ("Porte Maillot", "Atout France").

Each needs the document to be about the entity: its names or context terms appear, or, for a
person, the rendering follows the entity's own first name where that pair is no French person's
name ("Cathie Bois": Cathie is rare in France, and the pair names Cathie Wood by itself). A bare
determiner ("le masque") proves nothing on its own, as "la photo du masque" shows; it counts
only in a document where a rendering already stands for an entity for sure (the translation
makes names nouns) and the rendering is never used in its literal sense (a plural, "porter
un masque").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

import regex

from auditor.kinds.regexes import compiled as compiled_regex  # start-up patterns come back compiled from the user cache
from auditor.document import Document
from auditor.lang.lexicon import document_words
from auditor.entities.gazetteer import Entry

# Verbs whose subject is a person or an organisation: saying, announcing, deciding.
_SPEECH = (
    r"déclar\w*|dit|dis|affirm\w*|écri\w*|tweet\w*|annonc\w*|répon\w*|estim\w*|assur\w*|expliqu\w*|ajout\w*|"
    r"indiqu\w*|soulign\w*|précis\w*|admi[st]\w*|ni[ée]\w*|publi\w*|rappel\w*|dévoil\w*|présent\w*|promi[st]\w*|promet\w*|"
    r"confi[ée]\w*|critiqu\w*|dément\w*|démenti\w*|reconn\w*|insist\w*|averti\w*|prévenu|prévien\w*|raconté|racont[ea]\w*|"
    r"menac\w*|accus\w*|qualifi\w*|jug[ée]\w*|plaid\w*|répliqu\w*|lanc[ée]\w*|rachet\w*|racheté|achet[ée]\w*|refus\w*|"
    r"démissionn\w*|signé|sign[ea]\w*|pos[ée]\w*|posté|confirm\w*|réagi\w*|commenté|comment[ea]\w*|lâché|ironis\w*"
)
_AUX = r"(?:a|avait|aurait|aura|n['’]a|n['’]avait|a-t-il|a-t-elle|ont|avaient|va|vient\s+de|venait\s+d['’]|doit|devrait|est|était)"
# After the rendering: "a déclaré", "a ensuite déclaré", "déclare", ", qui a rappelé", ", lui, a dit".
SUBJECT_AFTER = compiled_regex(
    rf"(?:\s*,\s*(?:qui\s+|lui,\s*|elle,\s*)|\s+)(?:{_AUX}\s+(?:\w+\s+){{0,2}})?(?:{_SPEECH})\b",
    regex.IGNORECASE,
)
# Before it: "selon le cuisinier", "a déclaré l'atout", "les tweets du masque".
PERSON_BEFORE = compiled_regex(
    r"(?:\b(?:selon|d['’]après|a\s+(?:déclaré|dit|affirmé|écrit|tweeté|annoncé|répondu|estimé|assuré|expliqué|ajouté|indiqué|souligné|précisé|rappelé)|"
    r"déclare|affirme|écrit|tweete|annonce|répond|estime|explique|ajoute|souligne|précise)\s+(?:(?:le|la|l['’])\s*)?"
    r"|\b(?:contacts?|dialogue|conversations?|biographie|déclarations?|tweets?|messages?|fortune|porte-parole|avocats?|"
    r"propos|entourage|conseillers?|fondateur|patron|PDG|critiques?|soutien|rachat|demandé|appelé|interrogé|rencontré|remercié|persuadé|convaincu)"
    r"\s+(?:du|de\s+la|de\s+l['’]|au|à\s+la|à\s+l['’]|le|la|l['’])\s*)$",
    regex.IGNORECASE,
)
ARTICLE_BEFORE = compiled_regex(r"(?:^|[^\p{L}])(?:le|la|les|l['’]|du|des|de\s+la|de\s+l['’]|au|aux|un|une)\s*$", regex.IGNORECASE)
DETERMINER_BEFORE = compiled_regex(r"(?:^|[^\p{L}])(?:le|la|du|au|un|une|ce|cette|l['’])\s*$", regex.IGNORECASE)
# Uses that show the noun in its own sense: handled, worn, eaten, made; bare after a preposition.
LITERAL = compiled_regex(
    r"\b(?:port\w*|mett\w*|mis|enfil\w*|retir\w*|ôt\w*|enlev\w*|ajust\w*|distribu\w*|fabriqu\w*|impos\w*|exig\w*|"
    r"mang\w*|cueill\w*|plant\w*|taill\w*|ouvr\w*|ferm\w*|achet\w*|vend\w*|cuis\w*)\s+(?:un|une|le|la|les|son|sa|ses|leur|du|des|ce|cette|l['’])\s*$"
    r"|\b(?:sans|en|aux|à\s+la|de\s+la|tarte\s+aux|jus\s+de|chef)\s+$",
    regex.IGNORECASE,
)
_NEXT_CAPITAL = compiled_regex(r"\s+(?:(?:de|du|des|d['’])\s*)?\p{Lu}")
_PREV_WORD = compiled_regex(r"([\p{L}\p{M}'’.-]+)\s+$")
_WORDS = re.compile(r"\w+")
WINDOW = 60  # characters of context looked at on each side of a rendering
WEAK_RANGE = 2000  # characters around a sure rendering within which a bare determiner counts


@dataclass(frozen=True)
class NounMention:
    """A rendering found in a document, the entity it may stand for and the signals that say it does."""

    start: int
    end: int
    entry: int  # index into the entries the finder was built from
    signals: tuple[str, ...]  # first-name | person | capital | determiner


class NounFinder:
    """Finds the noun renderings of gazetteer entries in a document, with their signals; compiled once per worker."""

    def __init__(self, entries: Sequence[Entry], language: str = "fr", rare_pair: Callable[[str, str], bool] | None = None) -> None:
        self.entries = tuple(entries)
        # (first name as written, rendering folded) -> True when no French person bears that pair: the pair alone is evidence.
        self.rare_pair = rare_pair
        self._own_first: dict[int, Any] = {}
        self.by_form: dict[str, tuple[int, ...]] = {}  # folded form -> entries
        self.by_first_word: dict[str, tuple[str, ...]] = {}  # folded first word -> folded forms
        for i, entry in enumerate(self.entries):
            for form in entry.nouns.get(language, ()):
                folded = _fold(form)
                self.by_form[folded] = (*self.by_form.get(folded, ()), i)
        for folded in sorted(self.by_form, key=len, reverse=True):
            first = _WORDS.match(folded)  # a form that starts with no word character cannot be found
            if first:
                self.by_first_word[first.group()] = (*self.by_first_word.get(first.group(), ()), folded)
        # The words whose presence matters: first words of forms, and plurals of one-word forms.
        self.keys = frozenset(self.by_first_word) | {
            f + suffix for f in self.by_form if " " not in f and not f.endswith(("s", "x")) for suffix in ("s", "x")
        }
        self._patterns: dict[str, Any] = {}
        self._first_names: dict[int, Any] = {}

    def forms_in(self, doc: Document) -> tuple[list[str], frozenset[str]]:
        """Return the folded forms whose first word occurs in `doc`, longest first, and which of the finder's keys occur."""
        if not self.by_first_word:
            return [], frozenset()
        # The document's distinct words are shared with the garbled-word and share-button checks:
        # intersecting that set is one C loop over the smaller side, not one per word occurrence.
        words = self.keys.intersection(document_words(doc))
        if not words:
            return [], words
        present = self.by_first_word.keys() & words
        return sorted((f for w in present for f in self.by_first_word[w]), key=lambda f: (-len(f), f)), words

    def pattern(self, folded: str) -> Any:
        """Return the compiled regex of one form: case-insensitive, whole words, ' and ’ alike."""
        pattern = self._patterns.get(folded)
        if pattern is None:
            body = "['’]".join(regex.escape(part) for part in folded.split("'"))
            pattern = self._patterns[folded] = regex.compile(rf"(?<![\p{{L}}\p{{M}}\d])(?:{body})(?![\p{{L}}\p{{M}}\d])", regex.IGNORECASE)
        return pattern

    def first_name_before(self, entry: int) -> Any:
        """Return a regex for the entity's first name, then initials, ending where the rendering starts."""
        pattern = self._first_names.get(entry)
        if pattern is None:
            names = "|".join(regex.escape(n) for n in self.entries[entry].first_names)
            first = rf"(?:(?<![\p{{L}}])(?:{names})\s+)" if names else r"(?!)"
            pattern = self._first_names[entry] = regex.compile(rf"(?:{first}(?:\p{{Lu}}\.\s*)*|(?<![\p{{L}}])\p{{Lu}}\.\s+)$")
        return pattern

    def mentions(self, doc: Document, evidence: Callable[[int], int], min_context: int = 1) -> list[NounMention]:
        """Return the renderings in `doc` that stand for an entity it is about, with their signals.

        `evidence(entry)` counts the entity's names and context terms in `doc`; `min_context` of
        them make the document about it. A lowercase rendering whose only sign is a verb
        ("le magasin a indiqué": shops and guards speak too) needs one more.
        """
        forms, words = self.forms_in(doc)
        if not forms:  # nearly every document: nothing more to do
            return []
        text = doc.text
        found: list[NounMention] = []
        taken: list[tuple[int, int]] = []
        literal_forms: set[str] = set()
        for folded in forms:
            # The entities' evidence is counted only once the whole form is there ("lien" is
            # common, "lien d'étoile" is not).
            matches = list(self.pattern(folded).finditer(text))
            if not matches:
                continue
            scores = {e: evidence(e) for e in self.by_form[folded]}
            entries = [e for e in self.by_form[folded] if scores[e] >= min_context]
            if not entries:
                # No evidence elsewhere: only the entity's own first name right before a capitalised rendering, as a pair
                # no French person bears, says the document is about it.
                found.extend(self._own_pairs(text, matches, folded, taken))
                continue
            if " " not in folded and not folded.endswith(("s", "x")) and (folded + "s" in words or folded + "x" in words):
                literal_forms.add(folded)  # "les masques": a name is not plural, the thing is
            for m in matches:
                start, end = m.span()
                if any(s < end and start < e for s, e in taken):  # inside a longer form found first
                    continue
                taken.append((start, end))
                signals, literal = self._signals(text, start, end, entries)
                if literal:
                    literal_forms.add(folded)
                entry = next((e for e in entries if self._first_name_of(text, start, e)), entries[0])
                if self._first_name_of(text, start, entry):
                    signals = ("first-name", *signals)
                elif signals == ("person",) and scores[entry] <= min_context:
                    signals = ("determiner",)  # a speaker, but maybe the thing itself: weak
                found.append(NounMention(start, end, entry, signals))
        # A bare determiner counts where the translation already made a name a noun for sure:
        # the same entity anywhere in the document, or any entity nearby (one article); and
        # only where the rendering is never used in its own sense.
        strong = [f for f in found if f.signals and f.signals != ("determiner",)]
        strong_entries = {f.entry for f in strong}
        out = []
        for f in sorted(found, key=lambda f: f.start):
            if f.signals == ("determiner",):
                near = f.entry in strong_entries or any(abs(g.start - f.start) <= WEAK_RANGE for g in strong)
                if not near or _fold(text[f.start:f.end]) in literal_forms:
                    continue
            elif not f.signals:
                continue
            out.append(f)
        return out

    def _own_pairs(self, text: str, matches: Sequence[Any], folded: str, taken: list[tuple[int, int]]) -> list[NounMention]:
        """The matches of `folded` right after a person entry's own first name, capitalised, where rare_pair says no French person bears the pair."""
        if self.rare_pair is None:
            return []
        people = [e for e in self.by_form[folded] if self.entries[e].type == "person" and self.entries[e].first_names]
        out = []
        for m in matches if people else ():
            start, end = m.span()
            if not text[start:start + 1].isupper() or any(s < end and start < e for s, e in taken):
                continue
            for e in people:
                first = self.own_first_before(e).search(text, max(0, start - 40), start)
                if first is not None and self.rare_pair(first.group(1), folded):
                    taken.append((start, end))
                    out.append(NounMention(start, end, e, ("first-name",)))
                    break
        return out

    def own_first_before(self, entry: int) -> Any:
        """Return a regex for the entity's own first name (no initial) ending one space before where the rendering starts."""
        pattern = self._own_first.get(entry)
        if pattern is None:
            names = "|".join(regex.escape(n) for n in self.entries[entry].first_names)
            pattern = self._own_first[entry] = regex.compile(rf"(?<![\p{{L}}\p{{M}}'’-])({names}) $")
        return pattern

    def _first_name_of(self, text: str, start: int, entry: int) -> bool:
        """True when the entity's first name or an initial stands right before `start`."""
        return self.first_name_before(entry).search(text, max(0, start - 40), start) is not None

    def _signals(self, text: str, start: int, end: int, entries: Sequence[int]) -> tuple[tuple[str, ...], bool]:
        """Return the signals at one rendering (without first-name) and whether its context is a literal use."""
        lo = max(0, start - WINDOW)
        before = text[lo:start]
        signals = []
        if SUBJECT_AFTER.match(text, end, min(len(text), end + WINDOW)) or PERSON_BEFORE.search(before):
            signals.append("person")
        word = text[start:end]
        # Capitalised inside a sentence, with no article: "selon Pomme", not "des Services funéraires".
        if word[:1].isupper() and not word.isupper() and not _sentence_start(text, start) and not _inside_name(text, start, end) and not ARTICLE_BEFORE.search(before):
            signals.append("capital")
        if not signals and DETERMINER_BEFORE.search(before):
            signals.append("determiner")
        literal = LITERAL.search(before) is not None
        return tuple(signals), literal


def _fold(text: str) -> str:
    """Lowercase with one apostrophe, as Document.folded does."""
    return text.lower().replace("’", "'")


def _inside_name(text: str, start: int, end: int) -> bool:
    """True when a capitalised word before or after makes the rendering part of a longer name."""
    if _NEXT_CAPITAL.match(text, end, min(len(text), end + 40)):
        return True
    prev = _PREV_WORD.search(text, max(0, start - 40), start)
    return prev is not None and prev.group(1)[:1].isupper() and not _sentence_start(text, prev.start(1))


def _sentence_start(text: str, start: int) -> bool:
    """True when only spaces, quotes or nothing separate `start` from a sentence end or line start."""
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0«\"“'(":
        i -= 1
    return i < 0 or text[i] in ".!?…\n:»"


# Titles and roles that make the name after them a person's ("le PDG Steve Emplois").
TITLE_BEFORE = compiled_regex(
    r"\b(?:président\w*|ministre|PDG|patron\w*|directeur|directrice|fondat\w*|cofondat\w*|porte-parole|chanteu\w*|acteur|actrice|"
    r"sénat\w*|député\w*|entrepreneu\w*|milliardaire|M\.|Mme|dirigeant\w*|avocat\w*|journaliste|écrivain\w*|joueur|joueuse|entraîneur)"
    r"(?:\s+[\p{Ll}\p{M}-]+){0,3}\s*,?\s*$",
)


def person_context(text: str, start: int, end: int) -> bool:
    """True when the name at [start, end) is the subject of a verb of saying or follows a title."""
    if SUBJECT_AFTER.match(text, end, min(len(text), end + WINDOW)):
        return True
    return TITLE_BEFORE.search(text, max(0, start - WINDOW), start) is not None


def compile_finder(entries: Iterable[Entry], language: str = "fr", rare_pair: Callable[[str, str], bool] | None = None) -> NounFinder:
    """Return a finder over the renderings of `entries` in `language` (rare_pair: see NounFinder)."""
    return NounFinder(tuple(entries), language, rare_pair)


def find_mentions(finder: NounFinder, doc: Document, evidence: Callable[[int], int], min_context: int = 1) -> list[NounMention]:
    """Return the renderings of `doc` that stand for an entity it is about (see NounFinder.mentions)."""
    return finder.mentions(doc, evidence, min_context)
