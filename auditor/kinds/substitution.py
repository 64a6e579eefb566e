"""Substitution rules: known wrong forms and their corrections, found with one automaton."""

from __future__ import annotations

from array import array
from collections import defaultdict
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import ahocorasick

from auditor.checks import Resources
import auditor.document
from auditor.document import Document, deaccent, fold
from auditor.kinds import SHARED_HITS, Kind, Match, Matches, MatchTimeout, ParamError, boolean, register, share_forms
from auditor.model import Rule


def _parse(spec: Mapping[str, Any]) -> Mapping[str, Any]:
    """Validate `replace`, `match_case` and `match_accents`."""
    replace = spec.get("replace")
    if not isinstance(replace, dict) or not replace:
        raise ParamError("replace", "key 'replace': must be a non-empty mapping of wrong form to suggestion(s)")
    forms: dict[str, tuple[str, ...]] = {}
    for wrong, right in replace.items():
        if not isinstance(wrong, str) or not wrong.strip():
            raise ParamError("replace", f"key 'replace': form {wrong!r} must be a non-empty string")
        if right is None:
            forms[wrong] = ()
        elif isinstance(right, str):
            forms[wrong] = (right,)
        elif isinstance(right, list) and all(isinstance(r, str) for r in right):
            forms[wrong] = tuple(right)
        else:
            raise ParamError("replace", f"key 'replace': suggestion for {wrong!r} must be a string, a list or null")
    return {
        "replace": forms,
        "match_case": boolean(spec.get("match_case", False), "match_case"),
        "match_accents": boolean(spec.get("match_accents", True), "match_accents"),
    }


def _adapt_case(suggestion: str, matched: str, wrong: str) -> str:
    """Capitalise a suggestion when the match is capitalised only by its position (sentence start)."""
    if matched[:1].isupper() and wrong[:1].islower() and suggestion[:1].islower():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


def _compile(rules: Sequence[Rule], resources: Resources, options: Mapping[str, Any]) -> Callable:
    """Build one Aho-Corasick automaton per text view (accent-exact and accent-folded)."""
    # Per form: the rule, the wrong form, its suggestions, and the form a case-exact rule
    # compares the match with ("" for the others), all worked out once here, not per match.
    entries: dict[bool, dict[str, list[tuple[Rule, str, tuple[str, ...], str]]]] = {True: defaultdict(list), False: defaultdict(list)}
    for rule in rules:
        exact = rule.params["match_accents"]
        case_form = rule.params["match_case"]
        for wrong, rights in rule.params["replace"].items():
            key = fold(wrong) if exact else deaccent(fold(wrong))
            entries[exact][key].append((rule, wrong, rights, fold_apostrophes(wrong) if case_form else ""))
    automata: dict[bool, Any] = {}
    token = 0
    for exact, table in entries.items():
        if table:
            words = {key: (len(key), tuple(values)) for key, values in table.items()}
            auto = ahocorasick.Automaton()
            for key, value in words.items():
                auto.add_word(key, value)
            auto.make_automaton()
            automata[exact] = auto
            if exact:
                token = share_forms(words)

    def find(doc: Document, on_error: Callable[[MatchTimeout], None]) -> Iterator[Match | Matches]:
        if len(doc.text) >= auditor.document.LARGE_DOCUMENT:  # read here: tests lower it
            return _columns(doc)
        return (Match(rule, start, end, suggestions) for start, end, taken in _found(doc) for rule, suggestions, _, _ in taken)

    def _columns(doc: Document) -> Iterator[Matches]:
        """A large document's matches as columns, one per rule and suggestions, in the order of their first match.

        Among matches of one span, the order of one object each holds: they come from one form,
        whose rules take the same text in the same order at each occurrence and open their
        columns in it.
        """
        columns = []
        for start, end, taken in _found(doc):
            for column in taken:
                if not column[2]:
                    columns.append(column)
                column[2].append(start)
                column[3].append(end)
        for rule, suggestions, starts, ends in columns:
            yield Matches(rule, starts, ends, suggestions)

    def _found(doc: Document) -> Iterator[tuple[int, int, list[tuple[Rule, tuple[str, ...], array, array]]]]:
        """Each form found as a whole word: its span, and the rules that take the text it covers,
        with their suggestions and two columns for its spans, made once per distinct text."""
        text = doc.text
        n = len(text)
        # Which rules take a form, with which suggestions, depends only on the form and the text
        # it covers: a document repeating one mistake thousands of times works it out once.
        made: dict[tuple[int, str], list[tuple[Rule, tuple[str, ...], array, array]]] = {}
        for exact, auto in automata.items():
            haystack = doc.folded if exact else doc.folded_plain
            for last, (length, values) in _hits(doc, auto, haystack, token if exact else 0):
                start, end = last - length + 1, last + 1
                # Whole words only, judged on the original text around the form (is_word_char,
                # inlined: this runs once per form found).
                if start > 0:
                    inside, before = text[start], text[start - 1]
                    if (inside.isalnum() or inside == "_") and (before.isalnum() or before == "_"):
                        continue
                if end < n:
                    inside, after = text[end - 1], text[end]
                    if (inside.isalnum() or inside == "_") and (after.isalnum() or after == "_"):
                        continue
                matched = text[start:end]
                taken = made.get((id(values), matched))
                if taken is None:
                    taken = made[(id(values), matched)] = [(rule, suggestions, array("q"), array("q")) for rule, suggestions in _matching(values, matched)]
                yield start, end, taken

    return find


def _matching(values: tuple, matched: str) -> Iterator[tuple[Rule, tuple[str, ...]]]:
    """The rules of one form that take `matched` (the text it covers), with their suggestions, in order."""
    exact_form = ""
    for rule, wrong, rights, case_form in values:
        if case_form:
            exact_form = exact_form or fold_apostrophes(matched)
            if exact_form != case_form:
                continue
        yield rule, tuple(_adapt_case(r, matched, wrong) for r in rights)


def _hits(doc: Document, auto: Any, haystack: str, token: int) -> Iterable[tuple[int, tuple[int, tuple]]]:
    """The automaton's hits in `haystack`: those the pattern kind's scan of the same text left for `token`, else a scan."""
    shared = doc._cache.get(SHARED_HITS)
    if token and shared is not None and shared[0] is haystack:
        found = shared[1].get(token)
        if found is not None:
            return found
    if len(haystack) <= _AUTOMATON_PIECE:
        return auto.iter(haystack)
    return _pieces(auto, haystack)


# Characters the automaton reads at a time from a large document: it copies what it reads at
# four bytes a character (40 MB for a 10 MB page, at the peak of the run's memory).
_AUTOMATON_PIECE = 1 << 20


def _pieces(auto: Any, haystack: str) -> Iterator[tuple[int, tuple[int, tuple]]]:
    """auto.iter(haystack), the same hits in the same order, read a piece at a time.

    Each piece starts a longest form early, so a hit ending in it is found whole, with the
    automaton in the state the whole text gives at that point; only those hits are taken.
    """
    longest = max((len(key) for key in auto.keys()), default=1)
    done = 0  # the hits that end before this were given
    while done < len(haystack):
        start, end = max(0, done - longest + 1), min(len(haystack), done + _AUTOMATON_PIECE)
        for last, value in auto.iter(haystack[start:end]):
            if last + start >= done:
                yield last + start, value
        done = end


def fold_apostrophes(text: str) -> str:
    """Unify apostrophes without changing case, for case-exact comparison."""
    return text.replace("’", "'").replace("‘", "'").replace("ʼ", "'")


register(
    Kind(
        name="substitution",
        keys=frozenset({"replace", "match_case", "match_accents"}),
        required=frozenset({"replace"}),
        parse=_parse,
        compile=_compile,
    )
)
