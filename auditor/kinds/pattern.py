"""Pattern rules: regular expressions, run only where a required literal occurs."""

from __future__ import annotations

import bisect
import functools
import itertools
import time
import warnings
from collections import defaultdict
from typing import Any, Callable, Iterator, Mapping, Sequence

import ahocorasick_rs
import regex

from auditor.checks import Resources
from auditor.document import LARGE_DOCUMENT, Document, fold
from auditor.kinds import SHARED_HITS, Kind, Match, MatchTimeout, ParamError, boolean, register, shared_forms, str_list
from auditor.model import Rule

try:  # Python >= 3.11 keeps the parser private under a new name.
    import re._parser as _sre_parse  # type: ignore[import-not-found]
    import re._constants as _sre_c  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

DEFAULT_TIMEOUT = 1.0  # seconds per rule per document
# A rule whose matches are at most this wide runs only around its literals, not over the
# whole text (see `match_width`); wider or unbounded patterns scan the whole document.
MAX_WINDOW = 500
LOOKAHEAD_MAX = 64  # widest lookahead of a pattern searched near its literals: the search reads this far past


# Bounds on a user pattern, checked before compiling it (docs/rule-format.md, "Limits on what a rule file may cost").
# The regex module expands counted repeats when it compiles: 'a{1000000000}' asked for
# 19 GB. Memory grows with the expanded size (measured: about 270 bytes per unit), so
# bounding each count and the whole expanded size bounds compile memory and time.
# A character class weighs its length in characters, any other item one.
MAX_PATTERN_LENGTH = 10_000  # characters
MAX_REPEAT = 1_000  # largest count of one {m,n} quantifier
MAX_EXPANDED = 50_000  # pattern items (class characters) once every counted repeat is unrolled
MAX_NESTING = 100  # nested groups
_COUNT_RE = regex.compile(r"\{(\d*)(?:,(\d*))?\}")
_BRACED_ESCAPES = frozenset("pPNxXu")  # \p{L}, \N{NAME}, \x{263a}: braces that are not quantifiers


def pattern_problem(pattern: str) -> str | None:
    """Return why a pattern is too costly to compile (too long, a count too large, too nested, too large once unrolled), or None.

    A conservative scan of the pattern's syntax, never a compile: it may overestimate
    (a brace in a verbose-mode comment counts), never underestimate.
    """
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"pattern is {len(pattern)} characters long, more than {MAX_PATTERN_LENGTH}"
    frames = [[0, 0]]  # per open group: [expanded size so far, size of the last item]
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        size = 1
        if ch == "\\":
            i += 2
            if i < n and pattern[i - 1] in _BRACED_ESCAPES and pattern[i] == "{":
                close = pattern.find("}", i)
                i = n if close == -1 else close + 1
        elif ch == "[":
            # A class costs memory with its length each time a repeat unrolls it.
            start, i = i, _class_end(pattern, i)
            size = i - start
        elif ch == "(":
            if len(frames) > MAX_NESTING:
                return f"pattern nests groups more than {MAX_NESTING} deep"
            frames.append([0, 0])
            i += 1
            continue
        elif ch == ")" and len(frames) > 1:
            size = max(frames.pop()[0], 1)
            i += 1
        elif ch == "{" and (m := _COUNT_RE.match(pattern, i)):
            bounds = [int(b) for b in m.groups() if b]
            if any(b > MAX_REPEAT for b in bounds):
                return f"repeat count {m.group()} exceeds {MAX_REPEAT}"
            count = max(bounds, default=1)
            frame = frames[-1]
            frame[0] += frame[1] * (count - 1)
            frame[1] *= count
            i = m.end()
            size = 0
        elif ch in "*+?|":
            i += 1
            continue  # not unrolled: no size
        else:
            i += 1
        if size:
            frames[-1][0] += size
            frames[-1][1] = size
        if frames[-1][0] > MAX_EXPANDED:
            return f"pattern unrolls to more than {MAX_EXPANDED} items (nested repeat counts multiply)"
    return None


def _class_end(pattern: str, i: int) -> int:
    """Return the index after the character class that starts at `i` ([...], with escapes and [:name:])."""
    n = len(pattern)
    i += 1
    if i < n and pattern[i] == "^":
        i += 1
    if i < n and pattern[i] == "]":  # a leading ] is a member
        i += 1
    while i < n and pattern[i] != "]":
        if pattern[i] == "\\":
            i += 2
        elif pattern.startswith("[:", i) and (close := pattern.find(":]", i + 2)) != -1:
            i = close + 2
        else:
            i += 1
    return i + 1


def compile_pattern(pattern: str, flags: int, key: str) -> Any:
    """Check a user pattern's cost, then compile it; a ParamError names `key`."""
    problem = pattern_problem(pattern)
    if problem is not None:
        raise ParamError(key, f"key '{key}': {problem}")
    try:
        return regex.compile(pattern, flags)
    except (regex.error, OverflowError, RecursionError, ValueError) as exc:
        raise ParamError(key, f"key '{key}': invalid regular expression: {exc}") from None


def check_template(template: str, compiled: Any, key: str) -> None:
    """Raise ParamError unless `template` expands with the groups of `compiled` (checked on an empty stand-in match)."""
    names = {number: name for name, number in compiled.groupindex.items()}
    stand_in = regex.compile("".join(f"(?P<{names[g]}>)" if g in names else "()" for g in range(1, compiled.groups + 1)))
    try:
        stand_in.match("").expand(template)
    except (regex.error, IndexError) as exc:
        raise ParamError(key, f"key '{key}': {exc} (the pattern has {compiled.groups} groups)") from None


def _parse(spec: Mapping[str, Any]) -> Mapping[str, Any]:
    """Validate and compile `pattern`; validate `suggest`, `ignore_case` and `prefilter`."""
    pattern = spec.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        raise ParamError("pattern", "key 'pattern': must be a non-empty string")
    ignore_case = boolean(spec.get("ignore_case", False), "ignore_case")
    compiled = compile_pattern(pattern, regex.V0 | (regex.IGNORECASE if ignore_case else 0), "pattern")
    suggest = spec.get("suggest")
    if suggest is not None:
        if not isinstance(suggest, str):
            raise ParamError("suggest", "key 'suggest': must be a string template")
        check_template(suggest, compiled, "suggest")
    scope = WHOLE_TEXT
    anchored = line_anchored(pattern)
    offsets = None
    bounds = (False, False)
    confirm: tuple[tuple[str, ...], ...] = ()
    near: tuple[str, ...] = ()
    if "prefilter" in spec:
        # A given prefilter may name words found anywhere in the document, not inside
        # every match: its hits switch the rule on but say nothing of where a match lies.
        prefilter = tuple(fold(p) for p in str_list(spec["prefilter"], "prefilter"))
        # The pattern's own required literals do: once switched on, the rule searches only near them (`_near_spots`).
        own = required_literals(pattern, ignore_case)
        own_scope = search_scope(pattern) if own else WHOLE_TEXT
        if own_scope != WHOLE_TEXT:
            # Each literal of the set searched costs a find over the whole text: the smallest set costs least.
            near = min((own, *companion_literals(pattern, own)), key=len)
            scope = own_scope
            offsets = literal_offsets(pattern, near)
            confirm = companion_literals(pattern, near)
    else:
        prefilter = required_literals(pattern, ignore_case)
        scope = search_scope(pattern) if prefilter else WHOLE_TEXT
        confirm = companion_literals(pattern, prefilter)
        offsets = literal_offsets(pattern, prefilter)
        bounds = literal_bounds(pattern, prefilter)
        # A rule tried only at its literal's offset costs less than one searched: keep that.
        others = confirm if offsets is None else tuple(lits for lits in confirm if literal_offsets(pattern, lits) is not None)
        rarest = rarest_set(prefilter, others, bounds)
        if rarest != prefilter:
            # The automaton stops at each occurrence of the literals it looks for: the rarest set makes the fewest stops.
            prefilter, confirm = rarest, companion_literals(pattern, rarest)
            offsets = literal_offsets(pattern, prefilter)
            bounds = literal_bounds(pattern, prefilter)
        longer = extended_literals(pattern, prefilter)
        if longer:
            # The automaton looks for the longer literals: each starts where its own did, at the same offset.
            offsets = {lit: offsets[base] for lit, base in longer.items()} if offsets is not None else None
            prefilter = tuple(sorted(longer))
            bounds = (bounds[0], False)  # what follows a longer literal is not what followed its own
    return {
        "pattern": pattern, "regex": compiled, "suggest": suggest, "ignore_case": ignore_case, "prefilter": prefilter, "scope": scope,
        "anchored": anchored, "offsets": offsets, "bounds": bounds, "confirm": confirm, "near": near,
    }


WHOLE_TEXT, ONE_LINE = 0, -1  # search scopes besides a bounded match width


def search_scope(pattern: str) -> int:
    """Return how far from its required literal a match can reach: its widest match (at most
    MAX_WINDOW characters), ONE_LINE when it cannot span a line break, else WHOLE_TEXT.

    Every match contains a required literal, so a bounded pattern can be searched only
    from `width` characters before each literal, and a one-line pattern only in the lines
    holding one. The search reads LOOKAHEAD_MAX characters past the last possible match
    end, so anchors and short lookaheads see the real text; a longer lookahead keeps the
    whole text.
    """
    tree = _stdlib_parse(pattern)
    if tree is None:
        return WHOLE_TEXT
    if not _short_lookaheads(tree):
        return WHOLE_TEXT
    width = tree.getwidth()[1]
    if width <= MAX_WINDOW:
        return width
    return ONE_LINE if not (tree.state.flags & _sre_c.SRE_FLAG_DOTALL) and not _crosses_lines(tree) else WHOLE_TEXT


@functools.lru_cache(maxsize=16)  # each question about one rule's pattern parses it: once is enough (trees are only read)
def _stdlib_parse(pattern: str) -> Any | None:
    """The stdlib parser's tree of a pattern, or None for regex-module syntax it does not know.

    Its FutureWarnings ("possible nested set") speak of the stdlib's own future syntax, not
    of the regex module that runs the pattern: they would only puzzle the rule's author.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return _sre_parse.parse(pattern)
        except Exception:
            pass
        # The regex module lets several groups share a name ("(?P<span>a)|b(?P<span>c)"), the
        # stdlib does not. Names say nothing of literals, widths or bounds: the same pattern
        # with its groups unnamed has the same tree for every question asked of it here.
        unnamed = _NAMED_GROUP_RE.sub("(?:", pattern)
        try:
            return _sre_parse.parse(unnamed) if unnamed != pattern else None
        except Exception:
            return None


_NAMED_GROUP_RE = regex.compile(r"(?<!\\)\(\?P<\w+>")


def _subpatterns(av: Any) -> Iterator[Any]:
    """Yield the parsed subpatterns nested in an opcode's argument."""
    for part in av if isinstance(av, (tuple, list)) else (av,):
        if isinstance(part, _sre_parse.SubPattern):
            yield part
        elif isinstance(part, list):
            yield from (x for x in part if isinstance(x, _sre_parse.SubPattern))


def _short_lookaheads(sub: Any) -> bool:
    """True when every lookahead of a parsed pattern reads at most LOOKAHEAD_MAX characters."""
    for op, av in sub:
        if op in (_sre_c.ASSERT, _sre_c.ASSERT_NOT) and av[0] == 1 and av[1].getwidth()[1] > LOOKAHEAD_MAX:
            return False
        if not all(_short_lookaheads(part) for part in _subpatterns(av)):
            return False
    return True


_NEWLINE_CATEGORIES = {_sre_c.CATEGORY_SPACE, _sre_c.CATEGORY_NOT_WORD, _sre_c.CATEGORY_NOT_DIGIT, _sre_c.CATEGORY_LINEBREAK}


def _crosses_lines(sub: Any) -> bool:
    """True when some item of a parsed pattern may match a line break (conservatively)."""
    for op, av in sub:
        # ANY (.) is not here: without DOTALL, which `search_scope` checks, it stops at line breaks.
        if (op is _sre_c.LITERAL and av == 10) or (op is _sre_c.NOT_LITERAL and av != 10):
            return True
        if op is _sre_c.IN and _class_crosses(av):
            return True
        if op is _sre_c.SUBPATTERN and av[1]:  # scoped inline flags such as (?s:...): not analysed
            return True
        if op not in (_sre_c.ASSERT, _sre_c.ASSERT_NOT) and any(_crosses_lines(part) for part in _subpatterns(av)):
            return True
    return False


def _class_crosses(items: Any) -> bool:
    r"""True when a character class may match a line break: [^\n] and [^\W] cannot, [^x] and [\s] can."""
    negated = any(op is _sre_c.NEGATE for op, _ in items)
    found = [_item_has_newline(op, av) for op, av in items if op is not _sre_c.NEGATE]
    if None in found:  # an item not analysed: assume the worst
        return True
    return any(found) != negated


def _item_has_newline(op: Any, av: Any) -> bool | None:
    """Whether one item of a character class contains the line break; None when not analysed."""
    if op is _sre_c.LITERAL:
        return av == 10
    if op is _sre_c.RANGE:
        return av[0] <= 10 <= av[1]
    if op is _sre_c.CATEGORY:
        return av in _NEWLINE_CATEGORIES  # \s \W \D contain it; \S \w \d do not
    return None


def line_anchored(pattern: str) -> bool:
    """True when every match of a pattern starts at a line start and is not empty: (?m) and a ^ leading every alternative.

    Such a pattern is tried only at the line starts of the text (`_matches`): a search
    that tried every position cost twenty times as much on a news article, for the same
    matches, since no other position can begin one.
    """
    # Unicode properties (regex syntax) stand in as \s: one character, like theirs, which is all the line-start test reads.
    tree = _stdlib_parse(_PROPERTY_RE.sub(r"\1\\s", pattern))
    if tree is None or not tree.state.flags & _sre_c.SRE_FLAG_MULTILINE or tree.getwidth()[0] == 0:
        return False
    return _starts_at_line(list(tree))


# A Unicode property escape of the regex module (\p{Lu}, \P{L}) that is not itself escaped (\\p{L}); the stdlib parser refuses them.
_PROPERTY_RE = regex.compile(r"(?<!\\)((?:\\\\)*)\\[pP]\{[^}]*\}")


def _starts_at_line(items: list) -> bool:
    """True when a parsed sequence begins with ^ on every path (groups without scoped flags, alternatives)."""
    if not items:
        return False
    op, av = items[0]
    if op is _sre_c.AT:
        return av is _sre_c.AT_BEGINNING
    if op is _sre_c.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        return not add_flags and not del_flags and _starts_at_line(list(sub))
    if op is _sre_c.BRANCH:
        return all(_starts_at_line(list(alt)) for alt in av[1])
    return False


def literal_offsets(pattern: str, literals: tuple[str, ...]) -> dict[str, int] | None:
    """How far each required literal lies from the start of every match, when the pattern fixes it; else None.

    Known when the part of the pattern before the literal has a fixed width: a single literal
    inside a run of literal characters, or a set of literals that are the alternatives of
    one group. Every match then starts that many characters before an occurrence of its
    literal, so the pattern is tried only there (`match_starts`, `_matches_at`).
    """
    tree = _stdlib_parse(pattern)
    if tree is None or not literals or "\\G" in pattern:  # \G matches where a search starts: no candidate list mimics it
        return None
    wanted = set(literals)
    at = 0  # width of the items before the current one, while it is fixed
    run: list[str] = []
    for op, av in _flat(tree):
        if op is _sre_c.LITERAL:
            run.append(chr(av))
            at += 1
            continue
        if run:
            found = _in_run(fold("".join(run)), at - len(run), wanted)
            if found is not None:
                return found
            run = []
        if op is _sre_c.BRANCH:
            spelt = [_pure_literal(alt) for alt in av[1]]
            if all(s is not None for s in spelt) and {fold(s) for s in spelt} == wanted:  # type: ignore[arg-type]
                return {lit: at for lit in sorted(wanted)}
        low, high = _sre_parse.SubPattern(tree.state, [(op, av)]).getwidth()
        if low != high:
            return None
        at += low
    if run:
        return _in_run(fold("".join(run)), at - len(run), wanted)
    return None


MAX_EXTENDED = 64  # literals one required literal may grow into (`extended_literals`)
MAX_CLASS = 4  # characters of a class a literal grows through


def extended_literals(pattern: str, literals: tuple[str, ...]) -> dict[str, str] | None:
    """The required literals grown through what follows them in every match, each mapped to the literal it starts with; None when they cannot grow.

    A short literal is found everywhere ("mai" inside "mais", "dans l" in every article), and
    the automaton stops at each occurrence and switches the rule on. What must follow it in
    a match (more letters, a class of a few characters, alternatives spelt in full, one
    occurrence of a repeated one) makes it rarer: "(?:mai|juin)[ \\t]{1,3}" needs "mai " or
    "mai\\t". Only the place `literal_offsets` reads is grown, from its end, so each longer
    literal starts where its literal does and keeps its offset.
    """
    tree = _stdlib_parse(pattern)
    if tree is None or not literals or "\\G" in pattern:
        return None
    wanted = set(literals)
    items = list(_flat(tree))
    run: list[str] = []
    for i, (op, av) in enumerate(items):
        if op is _sre_c.LITERAL:
            run.append(chr(av))
            if i + 1 < len(items) and items[i + 1][0] is _sre_c.LITERAL:
                continue
            text = fold("".join(run))
            run = []
            if all(lit in text for lit in wanted):
                lit = next(iter(wanted))
                if len(wanted) > 1 or text.find(lit) + len(lit) != len(text):
                    return None  # the literals read are inside a longer run: no place to grow from
                return _grown({lit: lit}, items[i + 1 :])
            continue
        if op is _sre_c.BRANCH:
            spelt = [_pure_literal(alt) for alt in av[1]]
            if all(s is not None for s in spelt) and {fold(s) for s in spelt} == wanted:  # type: ignore[arg-type]
                return _grown({lit: lit for lit in wanted}, items[i + 1 :])
    return None


# Characters that are never letters, whatever the case: a class made only of these (or of
# \s and \W) cannot match the letter next to a literal.
_NON_LETTERS = frozenset(" \t\n\r\f\v\u00a0\u202f\u2009.,;:!?'\"’‘«»“”()[]{}-–—/|*+&%$#@~^=<>`\\")
_NON_LETTER_CATEGORIES = {_sre_c.CATEGORY_SPACE, _sre_c.CATEGORY_NOT_WORD}
_WORD_CLASS = [(_sre_c.IN, [(_sre_c.CATEGORY, _sre_c.CATEGORY_WORD)])]  # \w as the stdlib parses it


def literal_bounds(pattern: str, literals: tuple[str, ...]) -> tuple[bool, bool]:
    """Whether, in every match, the required literals stand after a non-letter (or the text start) and before one (or the end).

    "main" in "[ \\t]{1,3}(?:main|bras)\\b" is both: an occurrence inside "maintenant" or
    "demain" cannot be the one a match holds, so the automaton's hit there need not switch
    the rule on (`_compile`). The literals are found as `required_literals` finds them; the
    neighbours of each are the items next to it, out through the groups holding it
    (lookarounds passed over, \\b, ^, (?<!\\w) and (?!\\w) taken as bounds, a class or a
    repeated class of non-letters). (False, False) when unknown or when flags may change
    what a word character is.
    """
    tree = _stdlib_parse(pattern)
    if tree is None or not literals or tree.state.flags & (_sre_c.SRE_FLAG_ASCII | _sre_c.SRE_FLAG_LOCALE):
        return False, False
    if any(op is _sre_c.SUBPATTERN and (av[1] or av[2]) for op, av in _walk(tree)):
        return False, False  # scoped flags such as (?a:...) may change \\b
    found = _seq_bounds(list(tree), _unbounded, _unbounded)
    if found is None or tuple(sorted({fold(lit) for lit in found[0]})) != tuple(sorted(literals)):
        return False, False
    return found[1], found[2]


_Side = Callable[[str], bool]  # whether a sequence's outside neighbour is a non-letter, given the letter next to it


def _unbounded(ch: str) -> bool:
    """The outside of the whole pattern: a search may begin or end next to any character."""
    return False


def _seq_bounds(items: list, before: _Side, after: _Side) -> tuple[tuple[str, ...], bool, bool] | None:
    """`_seq_literals` of a sequence, with whether its literals are bounded before and after (by `before`/`after` at the sequence's edges)."""
    best: tuple[tuple[str, ...], bool, bool] | None = None
    best_len = 0

    def consider(cands: tuple[tuple[str, ...], bool, bool] | None) -> None:
        nonlocal best, best_len
        if cands and cands[0]:
            shortest = min(len(c) for c in cands[0])
            if shortest > best_len:
                best, best_len = cands, shortest

    def side(k: int, edge: Callable[..., bool], outer: _Side) -> _Side:
        return lambda ch: edge(items, k, ch, outer)

    first = -1  # index of the current run's first character
    for k, (op, av) in enumerate(items):
        if op is _sre_c.LITERAL:
            if first < 0:
                first = k
            continue
        if first >= 0:
            consider(_run_bounds(items, first, k, before, after))
        first = -1
        if op is _sre_c.SUBPATTERN:
            consider(_seq_bounds(list(av[-1]), side(k, _bound_before, before), side(k, _bound_after, after)))
        elif op is _sre_c.BRANCH:
            alts = [_seq_bounds(list(alt), side(k, _bound_before, before), side(k, _bound_after, after)) for alt in av[1]]
            if alts and all(alts):
                consider((
                    tuple(lit for alt in alts for lit in alt[0]),  # type: ignore[index]
                    all(alt[1] for alt in alts),  # type: ignore[index]
                    all(alt[2] for alt in alts),  # type: ignore[index]
                ))
        elif op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT) and av[0] >= 1:
            # A repeated item's literal may stand next to another of its repeats: bounds unknown.
            consider(_seq_bounds(list(av[2]), _unbounded, _unbounded))
    if first >= 0:
        consider(_run_bounds(items, first, len(items), before, after))
    return best if best_len >= 3 else None


def _run_bounds(items: list, first: int, end: int, before: _Side, after: _Side) -> tuple[tuple[str, ...], bool, bool]:
    """A run of literal characters items[first:end] as a candidate literal, with its bounds."""
    text = "".join(chr(av) for _, av in items[first:end])
    return (text,), _bound_before(items, first, text[0], before), _bound_after(items, end - 1, text[-1], after)


def _walk(items: Any) -> Iterator[tuple[Any, Any]]:
    """Every item of a parsed pattern, nested ones included."""
    for op, av in items:
        yield op, av
        for part in _subpatterns(av):
            yield from _walk(part)


def _bound_before(items: list, at: int, ch: str, outer: _Side) -> bool:
    """True when whatever precedes items[at], whose text starts with `ch`, is always a non-letter or the text start."""
    for op, av in reversed(items[:at]):
        if op is _sre_c.ASSERT_NOT and av[0] == -1 and list(av[1]) == _WORD_CLASS:
            return True  # (?<!\\w)
        if op is _sre_c.AT:
            if av is _sre_c.AT_BOUNDARY:
                return ch.isalpha()  # a letter is a word character: \\b needs a non-word one before it
            return av is _sre_c.AT_BEGINNING  # ^: a line break before, or nothing
        if op in (_sre_c.ASSERT, _sre_c.ASSERT_NOT) or _optional_non_letters(op, av):
            continue  # nothing, or non-letters: the item before it decides
        return _non_letter_item(op, av)
    return outer(ch)


def _bound_after(items: list, at: int, ch: str, outer: _Side) -> bool:
    """True when whatever follows items[at], whose text ends with `ch`, is always a non-letter or the text end."""
    for op, av in items[at + 1 :]:
        if op is _sre_c.ASSERT_NOT and av[0] == 1 and list(av[1]) == _WORD_CLASS:
            return True  # (?!\\w)
        if op is _sre_c.AT:
            if av is _sre_c.AT_BOUNDARY:
                return ch.isalpha()
            return av is _sre_c.AT_END  # $: a line break after, or nothing
        if op in (_sre_c.ASSERT, _sre_c.ASSERT_NOT) or _optional_non_letters(op, av):
            continue
        return _non_letter_item(op, av)
    return outer(ch)


def _optional_non_letters(op: Any, av: Any) -> bool:
    """True for a repeat that may match nothing and otherwise matches non-letters only ([ \\t]{0,3})."""
    return op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT) and av[0] == 0 and len(av[2]) == 1 and _non_letter_item(*av[2][0])


def _non_letter_item(op: Any, av: Any) -> bool:
    """True for a parsed item that consumes at least one character, all non-letters: a character, a class, a repeat of one."""
    if op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT) and av[0] >= 1 and len(av[2]) == 1:
        op, av = av[2][0]
    if op is _sre_c.LITERAL:
        return chr(av) in _NON_LETTERS
    if op is _sre_c.IN:
        return all(
            (item_op is _sre_c.LITERAL and chr(item_av) in _NON_LETTERS) or (item_op is _sre_c.CATEGORY and item_av in _NON_LETTER_CATEGORIES)
            for item_op, item_av in av
        )
    return False


def _grown(spellings: dict[str, str], items: list[tuple[Any, Any]]) -> dict[str, str] | None:
    """Grow each spelling (mapped to the literal it started as) through the items that follow it; None when none grew."""
    grew = False
    for op, av in items:
        if op in (_sre_c.AT, _sre_c.ASSERT, _sre_c.ASSERT_NOT):
            continue  # zero width: the next item's text follows straight on
        last = False
        if op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT) and av[0] >= 1 and len(av[2]) == 1:
            # One occurrence is certain; how many more is not, so growing stops after it.
            step, last = _spellings(*av[2][0]), True
        else:
            step = _spellings(op, av)
        if not step or len(spellings) * len(step) > MAX_EXTENDED:
            break
        spellings = {head + tail: base for head, base in spellings.items() for tail in step}
        grew = True
        if last:
            break
    return spellings if grew else None


def _spellings(op: Any, av: Any) -> set[str] | None:
    """The folded texts one parsed item matches when they are few and fixed (a character, a small class, plain alternatives), else None."""
    if op is _sre_c.LITERAL:
        return {fold(chr(av))}
    if op is _sre_c.IN:
        chars: set[str] = set()
        for item_op, item_av in av:
            if item_op is _sre_c.LITERAL:
                chars.add(chr(item_av))
            elif item_op is _sre_c.RANGE and item_av[1] - item_av[0] < MAX_CLASS:
                chars.update(map(chr, range(item_av[0], item_av[1] + 1)))
            else:
                return None  # a negated class, a category (\s, \w), a wide range
        return {fold(c) for c in chars} if len(chars) <= MAX_CLASS else None
    if op is _sre_c.BRANCH:
        spelt = [_pure_literal(alt) for alt in av[1]]
        return {fold(s) for s in spelt} if all(s is not None and s for s in spelt) else None  # type: ignore[arg-type]
    return None


def _flat(items: Any) -> Iterator[tuple[Any, Any]]:
    """The items of a parsed sequence, with the items of its groups in their place."""
    for op, av in items:
        if op is _sre_c.SUBPATTERN:
            yield from _flat(av[-1])
        else:
            yield op, av


def _pure_literal(items: Any) -> str | None:
    """The text a parsed sequence of literal characters (groups included) spells, or None when it holds anything else."""
    chars = []
    for op, av in _flat(items):
        if op is not _sre_c.LITERAL:
            return None
        chars.append(chr(av))
    return "".join(chars)


def _in_run(run: str, start: int, wanted: set[str]) -> dict[str, int] | None:
    """The offsets of the wanted literals in a folded run of literal characters starting at `start`, when the run holds them all."""
    places = {lit: run.find(lit) for lit in sorted(wanted)}
    if min(places.values()) < 0:
        return None
    return {lit: start + at for lit, at in places.items()}


def required_literals(pattern: str, ignore_case: bool = True) -> tuple[str, ...]:
    """Return literals of which one must occur in any match (folded), or () when unknown."""
    tree = _stdlib_parse(pattern)
    if tree is None:  # no prefilter
        return ()
    found = _seq_literals(list(tree))
    if not found:
        return ()
    return tuple(sorted({fold(lit) for lit in found}))


def _seq_literals(items: list) -> tuple[str, ...] | None:
    """Best literal set for a sequence: the longest run of literals, or a required group's set."""
    best: tuple[str, ...] | None = None
    best_len = 0
    for cands in _candidates(items, every=False):
        shortest = min(len(c) for c in cands)
        if shortest > best_len:
            best, best_len = cands, shortest
    # Literals shorter than 3 characters filter almost nothing; treat as unknown.
    return best if best_len >= 3 else None


def _candidates(items: list, every: bool) -> Iterator[tuple[str, ...]]:
    """The literal sets of a sequence that a match must hold one of, in order: each run of literal characters,
    a required group's best set (with `every`, all of its own), an alternation's or a repeat's best set."""
    run: list[str] = []
    for op, av in items:
        if op is _sre_c.LITERAL:
            run.append(chr(av))
            continue
        head = "".join(run)
        if run:
            yield (head,)
        run = []
        if op is _sre_c.SUBPATTERN:
            if every:
                yield from _candidates(list(av[-1]), every)
            elif best := _seq_literals(list(av[-1])):
                yield best
        elif op is _sre_c.BRANCH:
            if every and head:
                # The parser takes the alternatives' common start out ("op" of "opérer|opère"): the
                # characters before them and each one's first characters are read together.
                yield tuple(head + _leading(alt) for alt in av[1])
            alts = [_seq_literals(list(alt)) for alt in av[1]]
            if alts and all(alts):
                yield tuple(lit for alt in alts for lit in alt)  # type: ignore[union-attr]
        elif op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT) and av[0] >= 1 and (best := _seq_literals(list(av[2]))):
            yield best
    if run:
        yield ("".join(run),)


def _leading(items: Any) -> str:
    """The literal characters a parsed sequence starts with (through its groups)."""
    chars = []
    for op, av in _flat(items):
        if op is not _sre_c.LITERAL:
            break
        chars.append(chr(av))
    return "".join(chars)


MAX_COMPANIONS = 4  # literal sets a rule checks besides its own (`companion_literals`)
MAX_COMPANION_SIZE = 24  # literals in one such set


def companion_literals(pattern: str, literals: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Other sets of literals every match holds one of, besides the required ones (folded): at most MAX_COMPANIONS, smallest first.

    "tel(?:le)?s?[ \\t]{1,3}qu(?:e|')[ \\t]{0,3}(?:annoncée?s?|prévue?s?)" is switched on by
    "annoncé", frequent in news; a match also holds "tel". Where a match may lie near a
    required literal (`search_ranges`, `match_starts`), the search is left out unless each
    companion set has a literal there too: most searches of such rules found nothing.
    """
    tree = _stdlib_parse(pattern)
    if tree is None or not literals:
        return ()
    own = set(literals)
    found = {lits for lits in _literal_sets(list(tree)) if set(lits) != own and len(lits) <= MAX_COMPANION_SIZE}
    return tuple(sorted(found, key=lambda lits: (len(lits), -min(map(len, lits)), lits))[:MAX_COMPANIONS])


BOUND_GAIN = 2.0  # how much rarer each side bounded by a non-letter (`literal_bounds`) makes a rule's longest literals
RARER = 2.0  # how many times less common than a rule's longest literals another required set must seem to replace them
COMMON_WORDS = 30_000  # the commonest French words whose substrings weigh literals (`_substring_weights`)
_WORD_RE = regex.compile(r"\w+")


def rarest_set(own: tuple[str, ...], others: tuple[tuple[str, ...], ...], bounds: tuple[bool, bool] = (False, False)) -> tuple[str, ...]:
    """Among a rule's required literal sets, the one expected to occur least in French text: `own` unless
    another seems at least RARER times less common (`set_weight`); `own` when either cannot be weighed.

    `required_literals` picks the set with the longest shortest literal, which may be a
    common word ("conseil") where the match also needs a rare one ("léga"): every
    occurrence of the set in a document stops the automaton and switches the rule on.
    """
    base = set_weight(own)
    if base is None:
        return own
    best, limit = own, base / (RARER * BOUND_GAIN ** sum(bounds))
    for lits in others:
        weight = set_weight(lits)
        if weight is not None and weight < limit:
            best, limit = lits, weight
    return best


def set_weight(literals: tuple[str, ...]) -> float | None:
    """How often one of the literals occurs in French, roughly (the sum of `literal_weight`); None when one cannot be weighed."""
    total = 0.0
    for lit in literals:
        weight = literal_weight(lit)
        if weight is None:
            return None
        total += weight
    return total


def literal_weight(literal: str) -> float | None:
    """How often a folded literal occurs in French, roughly: the frequency of the words holding its rarest word
    of 3 letters or more, digits aside (by its rarest 4 letters when longer), divided by 10 for each further word;
    None when it has no such word.
    """
    words = _WORD_RE.findall(literal)
    # Numbers are common in news but absent from a word list: a literal weighed by one would seem rare.
    long = [w for w in words if len(w) >= 3 and not any(c.isdigit() for c in w)]
    if not long:
        return None
    table = _substring_weights()
    rarest = min(table.get(w, 0.0) if len(w) <= 4 else min(table.get(w[i : i + 4], 0.0) for i in range(len(w) - 3)) for w in long)
    # Words side by side ("la bouche", "dans l'") occur together far less often than the rarest alone.
    return rarest / 10 ** (len(words) - 1)


@functools.lru_cache(maxsize=1)
def _substring_weights() -> dict[str, float]:
    """Each substring of 3 or 4 characters of the COMMON_WORDS commonest French words (wordfreq), with the summed
    frequency of the words holding it (once per occurrence); empty without wordfreq. Built once per process, only
    when rules are parsed: parsed rule files are kept in the user cache.
    """
    table: dict[str, float] = {}
    try:
        import wordfreq
    except ImportError:  # pragma: no cover - a declared dependency
        return table
    # The dictionary runs from the commonest word down, in a fixed order: the sums are the same in every run.
    for word, freq in itertools.islice(wordfreq.get_frequency_dict("fr").items(), COMMON_WORDS):
        for n in (3, 4):
            for i in range(len(word) - n + 1):
                piece = word[i : i + n]
                table[piece] = table.get(piece, 0.0) + freq
    return table


def _literal_sets(items: list) -> list[tuple[str, ...]]:
    """Every literal set of a sequence that a match must hold one of (folded, sorted), but those with a literal shorter than 3 characters."""
    return [tuple(sorted({fold(c) for c in cands})) for cands in _candidates(items, every=True) if min(len(c) for c in cands) >= 3]


def _with_companions(
    doc: Document, spots: list[tuple[int, int]], companions: tuple[tuple[str, ...], ...], scope: int, offsets: Mapping[str, int] | None
) -> list[tuple[int, int]]:
    """The spots of a rule of bounded scope with a literal of each companion set within reach: where a match holding
    the literal there may lie (from its start, `match_starts`, or around it, `search_ranges`).

    Spots are dropped before their ranges are merged: a merged range's matches each start
    within the reach of one of its spots, so they are the matches of the spots kept.
    """
    folded = doc.folded
    find = folded.find
    size = len(folded)
    reach = scope + LOOKAHEAD_MAX
    kept = []
    for spot in spots:
        start, end = spot
        if offsets:
            lo = start - offsets[folded[start:end]]  # a match starting at `lo` ends by lo + scope
            if lo < 0:
                continue
            hi = lo + scope
        else:
            lo, hi = end - scope if end > scope else 0, min(size, start + reach)
        # _confirmed, inlined: this runs once per spot of every rule switched on, and most fail.
        for lits in companions:
            for lit in lits:
                if find(lit, lo, hi) >= 0:
                    break
            else:
                break
        else:
            kept.append(spot)
    return kept


def _confirmed(folded: str, companions: tuple[tuple[str, ...], ...], start: int, end: int) -> bool:
    """True when folded[start:end] holds a literal of each companion set."""
    find = folded.find
    for lits in companions:  # loops, not all(any(...)): generators cost more than the finds
        for lit in lits:
            if find(lit, start, end) >= 0:
                break
        else:
            return False
    return True


def _compile(rules: Sequence[Rule], resources: Resources, options: Mapping[str, Any]) -> Callable:
    """Group pattern rules behind one literal automaton; rules without literals always run."""
    timeout = float(options.get("regex_timeout", DEFAULT_TIMEOUT))
    always = tuple(r.id for r in rules if not r.params["prefilter"])
    gated: dict[str, list[Rule]] = {}
    for rule in rules:
        for lit in rule.params["prefilter"]:
            gated.setdefault(lit, []).append(rule)
    values = _literal_values(rules, gated)
    built: list[Any] = [None, None]  # the shared forms' version the automaton was built for, and the automaton
    order = {r.id: i for i, r in enumerate(rules)}
    # What the loop over switched-on rules reads of each, looked up once here rather than per document.
    plans = {r.id: (r, r.params.get("near"), r.params.get("offsets"), r.params.get("confirm"), r.params["scope"]) for r in rules}

    def find(doc: Document, on_error: Callable[[MatchTimeout], None]) -> Iterator[Match]:
        active = set(always)
        spots: dict[str, list[tuple[int, int]]] = defaultdict(list)  # scoped rule -> (start, end) of its literals
        version, forms = shared_forms()
        if built[0] != version:
            built[:] = version, _automaton(values, forms)
        if built[1] is not None:
            auto, table, longest = built[1]
            # The hot loop of the pattern kind: one iteration per literal found in the text.
            update = active.update
            folded = doc.folded
            # Not for a large document: a list of every form found could be millions long, where
            # the substitution kind's own scan keeps none.
            shared: dict[int, list] = {token: [] for token in forms} if len(folded) < LARGE_DOCUMENT else {}
            text = doc.text
            size = len(text)
            for hits in _literal_hits(auto, longest, folded):
                for number, start, end in hits:
                    ids, scoped, bounded, companions = table[number]
                    if bounded:
                        # A letter next to the literal: the rules that need a non-letter there cannot match here (`literal_bounds`).
                        before = start > 0 and text[start - 1].isalpha()
                        after = end < size and text[end].isalpha()
                        for left, right, bounded_ids, bounded_scoped in bounded:
                            if not ((left and before) or (right and after)):
                                if bounded_ids:
                                    update(bounded_ids)
                                for rule_id in bounded_scoped:
                                    spots[rule_id].append((start, end))
                    if ids:
                        update(ids)
                    if scoped:
                        span = (start, end)
                        for rule_id in scoped:
                            spots[rule_id].append(span)
                    if companions and shared:
                        for token, value in companions:
                            shared[token].append((end - 1, start, value))
            if shared:
                # The substitution kind reads its forms' hits as pyahocorasick gave them: by end, the longest first.
                doc._cache[SHARED_HITS] = (folded, {token: [(last, value) for last, _, value in sorted(found, key=_by_end)] for token, found in shared.items()})
            update(spots)  # the scoped rules that got a spot
        for rule_id in sorted(active, key=order.__getitem__):
            rule, near, offsets, confirm, scope = plans[rule_id]
            found = spots.get(rule_id)
            if near:
                found = _near_spots(doc.folded, near)
                if not found:
                    continue  # every match holds one of these literals
            # Where no match can hold a literal of each companion set, none can start (`companion_literals`).
            if found is not None and confirm and scope > 0:
                found = _with_companions(doc, found, confirm, scope, offsets)
                if not found:
                    continue
            if found is not None and offsets:
                starts = match_starts(doc, found, offsets)
                if _may_match(rule, doc, timeout, None, starts):
                    yield from _run_one(rule, doc, timeout, on_error, starts=starts)
            else:
                ranges = search_ranges(doc, found, scope) if found is not None else None
                if ranges is not None and confirm and scope == ONE_LINE:  # a match starting in a range ends before its read end
                    ranges = [r for r in ranges if _confirmed(doc.folded, confirm, r[0], r[2])]
                    if not ranges:
                        continue
                if _may_match(rule, doc, timeout, ranges):
                    yield from _run_one(rule, doc, timeout, on_error, ranges)

    return find


def _switches(rules: Sequence[Rule], bounds: tuple[bool, bool]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ids of the rules with these literal bounds, and those of them that search only near their literal."""
    chosen = [r for r in rules if r.params.get("bounds", (False, False)) == bounds]
    # A rule with a given prefilter finds its spots itself (`_near_spots`): its prefilter's hits are not in its matches.
    scoped = tuple(r.id for r in chosen if (r.params["scope"] != WHOLE_TEXT or r.params.get("offsets")) and not r.params.get("near"))
    return tuple(r.id for r in chosen), scoped


def _near_spots(folded: str, literals: tuple[str, ...]) -> list[tuple[int, int]]:
    """Every (start, end) of the literals in the folded text, overlapping ones included, as the automaton finds them (in no order)."""
    out = []
    find = folded.find
    for lit in literals:
        size = len(lit)
        at = find(lit)
        while at >= 0:
            out.append((at, at + size))
            at = find(lit, at + 1)
    return out


# The literals' values of a list of pattern rules, by the rules' identities. A scan compiles its
# rules again once the census has taught it the batch (Engine.learnt), and pattern rules read no
# batch: their values are the same, and computing them again cost about 0.02 s a language before
# the workers fork. Entries hold their rules, so no id is reused while they live.
_VALUES_KEPT: dict[tuple[int, ...], tuple[tuple[Rule, ...], dict[str, tuple]]] = {}
_VALUES_KEPT_MAX = 8  # a few languages' rule lists; a long-lived process compiling many rule sets starts over


def _literal_values(rules: Sequence[Rule], gated: Mapping[str, list[Rule]]) -> dict[str, tuple]:
    """Per literal: the ids it switches on, and those that search only near it; apart, per (bounded
    before, bounded after), the rules whose literal stands between non-letters. A scoped rule is
    switched on by the spots it gets, so the ids a hit switches on leave it out (`_unscoped`)."""
    key = tuple(map(id, rules))
    kept = _VALUES_KEPT.get(key)
    if kept is not None:
        return kept[1]
    values = {lit: (*_unscoped(*_switches(lit_rules, (False, False))), _unscoped_bounded(_bounded(lit_rules))) for lit, lit_rules in gated.items()}
    if len(_VALUES_KEPT) >= _VALUES_KEPT_MAX:
        _VALUES_KEPT.clear()
    _VALUES_KEPT[key] = (tuple(rules), values)
    return values


def _unscoped(ids: tuple[str, ...], scoped: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`_switches` for the hit loop: the ids switched on without a spot, and the scoped ids."""
    if not scoped:  # most literals: no rule of theirs searches near it
        return ids, scoped
    return tuple(i for i in ids if i not in scoped), scoped


def _unscoped_bounded(bounded: tuple[tuple[bool, bool, tuple[str, ...], tuple[str, ...]], ...]) -> tuple[tuple[bool, bool, tuple[str, ...], tuple[str, ...]], ...]:
    """`_bounded` for the hit loop, each group's ids split as `_unscoped` does."""
    return tuple((left, right, *_unscoped(ids, scoped)) for left, right, ids, scoped in bounded)


def _bounded(rules: Sequence[Rule]) -> tuple[tuple[bool, bool, tuple[str, ...], tuple[str, ...]], ...]:
    """Per bounds other than (False, False): (bounded before, bounded after, rule ids, scoped rule ids)."""
    kinds = sorted({r.params.get("bounds", (False, False)) for r in rules} - {(False, False)})
    return tuple((left, right, *_switches(rules, (left, right))) for left, right in kinds)


def _automaton(values: Mapping[str, tuple], forms: Mapping[int, Mapping[str, Any]]) -> tuple[Any, tuple[tuple, ...], int] | None:
    """One automaton of the pattern literals and the shared substitution forms, the values of its words by number, and
    the longest word: each value is (rule ids, scoped rule ids, bounded rules (`_bounded`), ((token, substitution
    value), ...)); None when there is no word."""
    words: dict[str, tuple] = {lit: (*value, ()) for lit, value in values.items()}
    for token, table in forms.items():
        for form, value in table.items():
            ids, scoped, bounded, companions = words.get(form, ((), (), (), ()))
            words[form] = (ids, scoped, bounded, (*companions, (token, value)))
    if not words:
        return None
    keys = list(words)
    # The scan of every document's text, the pattern kind's largest fixed cost, runs in Rust and gives
    # the hits back as one list instead of one Python step each. A contiguous NFA, not a DFA: alone the
    # DFA scans faster, but between two scans the other checks evict its larger table from the CPU's
    # caches, and in a real run the NFA's scan costs about a third less (bench/corpus: 1.1 s against 1.6 s).
    auto = ahocorasick_rs.AhoCorasick(keys, matchkind=ahocorasick_rs.MatchKind.Standard, implementation=ahocorasick_rs.Implementation.ContiguousNFA)
    return auto, tuple(words[key] for key in keys), max(map(len, keys))


# Characters of a large document the automaton reads at a time: its hits come back as a list, which
# for a whole 10 MB page repeating one word could hold millions.
_LITERAL_PIECE = 1 << 20
# The automaton reads UTF-8, which cannot encode a lone surrogate: each is read as U+FFFD instead.
_LONE_SURROGATE_RE = regex.compile("[\ud800-\udfff]")


def _literal_hits(auto: Any, longest: int, folded: str) -> Iterator[list[tuple[int, int, int]]]:
    """(word number, start, end) of every word of `auto` in `folded`, overlapping, in lists: a large text a piece at a time.

    Each piece starts a longest word early, so a word ending in it is found whole; only the
    words ending in it are taken, so each hit comes once, in the same order.
    """
    size = len(folded)
    if size <= _LITERAL_PIECE:
        try:
            hits = auto.find_matches_as_indexes(folded, overlapping=True)
        except UnicodeEncodeError:  # a lone surrogate (undecodable bytes kept as such), which no word holds
            hits = auto.find_matches_as_indexes(_LONE_SURROGATE_RE.sub("\ufffd", folded), overlapping=True)
        yield hits
        return
    folded = _LONE_SURROGATE_RE.sub("\ufffd", folded)  # one character for one: the offsets hold
    done = 0
    while done < size:
        start, end = max(0, done - longest + 1), min(size, done + _LITERAL_PIECE)
        yield [(number, a + start, b + start) for number, a, b in auto.find_matches_as_indexes(folded[start:end], overlapping=True) if b + start > done]
        done = end


def _by_end(hit: tuple[int, int, Any]) -> tuple[int, int]:
    """pyahocorasick's order of hits (last character, start, value): by end, then the longest (the earliest start) first."""
    return hit[0], hit[1]


def match_starts(doc: Document, spots: list[tuple[int, int]], offsets: Mapping[str, int]) -> list[int]:
    """The positions where a match may start: each literal found, less its offset in the pattern (`literal_offsets`), sorted."""
    if len(set(offsets.values())) == 1:
        offset = next(iter(offsets.values()))
        starts = {s - offset for s, _ in spots}
    else:
        folded = doc.folded
        starts = {s - offsets[folded[s:e]] for s, e in spots}
    return sorted(p for p in starts if p >= 0)


def search_ranges(doc: Document, spots: list[tuple[int, int]], scope: int) -> list[tuple[int, int, int]]:
    """Return merged (first start, last start, read end) ranges where matches may lie.

    A match containing the literal at [s, e) starts no later than s, and no earlier than
    e - width (bounded scope) or the start of the literal's line (ONE_LINE scope); it ends
    within width of its start or at its line's end. The search reads LOOKAHEAD_MAX further.
    """
    size = len(doc.text)
    if scope == ONE_LINE:
        # Regex lines end at \n only (`.` matches a lone \r), unlike the document's lines. Their
        # starts are bisected, not searched: find/rfind per spot was quadratic on one long line.
        # A line ends just before the next line's start, where the search reads LOOKAHEAD_MAX further.
        starts = line_starts(doc)
        count = len(starts)
        out = []
        for s, _ in spots:
            at = bisect.bisect_right(starts, s)
            out.append((starts[at - 1], s, min(size, starts[at] + LOOKAHEAD_MAX) if at < count else size))
    else:
        reach = scope + LOOKAHEAD_MAX
        out = [(e - scope if e > scope else 0, s, min(size, s + reach)) for s, e in spots]
    if len(out) == 1:  # most rules find their literal once in a document
        return out
    out.sort()
    merged: list[tuple[int, int, int]] = []
    for lo, hi, end in out:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi), max(merged[-1][2], end))
        else:
            merged.append((lo, hi, end))
    return merged


def line_starts(doc: Document) -> list[int]:
    """The positions where a regex line begins in the document's text (0, and after each \\n), once per document."""
    starts = doc._cache.get("regex-line-starts")
    if starts is None:
        find = doc.text.find
        starts = [0]
        at = find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = find("\n", at + 1)
        doc._cache["regex-line-starts"] = starts
    return starts


def _matches(
    compiled: Any, text: str, ranges: list[tuple[int, int, int]] | None, timeout: float, starts: list[int] | None = None
) -> Iterator[Any]:
    """finditer over the whole text, or only over the given ranges with the same results.

    Each range is searched from its first start (or the end of the previous match, as a
    whole-text search would go on) up to its read end, keeping matches that start in range.
    With `starts` (the text's line starts, for a `line_anchored` pattern), the pattern is
    tried only there: the same matches, since no other position can begin one.
    """
    if starts is not None:
        yield from _anchored_matches(compiled, text, ranges, timeout, starts)
        return
    if ranges is None:
        yield from compiled.finditer(text, timeout=timeout)
        return
    deadline = time.monotonic() + timeout
    last_end = 0
    for lo, hi, end in ranges:
        pos = max(lo, last_end)
        if pos > hi:
            continue
        for m in compiled.finditer(text, pos, end, timeout=max(deadline - time.monotonic(), 0.001)):
            if m.start() > hi:
                break
            last_end = m.end()
            yield m


def _anchored_matches(compiled: Any, text: str, ranges: list[tuple[int, int, int]] | None, timeout: float, starts: list[int]) -> Iterator[Any]:
    """_matches of a line-anchored pattern: one anchored attempt per line start in range, past the last match."""
    deadline = time.monotonic() + timeout
    last_end = 0
    count = len(starts)
    for lo, hi, end in ((0, len(text), len(text)),) if ranges is None else ranges:
        i = bisect.bisect_left(starts, max(lo, last_end))
        while i < count and starts[i] <= hi:
            m = compiled.match(text, starts[i], end, timeout=max(deadline - time.monotonic(), 0.001))
            i += 1
            if m is not None:
                last_end = m.end()
                yield m
                i = max(i, bisect.bisect_left(starts, last_end))


def _matches_at(compiled: Any, text: str, starts: list[int], timeout: float) -> Iterator[Any]:
    """The matches a whole-text finditer finds, given a sorted list holding every position where one may start.

    A search tries each position in turn from the end of the last match; trying only the
    given ones, in order and past the last match, finds the same matches when no other
    position can begin one.
    """
    deadline = time.monotonic() + timeout
    last_end = 0
    match = compiled.match
    for start in starts:
        if start < last_end:
            continue
        m = match(text, start, timeout=max(deadline - time.monotonic(), 0.001))
        if m is not None:
            last_end = m.end()
            yield m


def _may_match(rule: Rule, doc: Document, timeout: float, ranges: list[tuple[int, int, int]] | None = None, starts: list[int] | None = None) -> bool:
    """False when `_run_one` with these ranges or starts would find no match; True when it may (or the time bound ran out here).

    Most rules switched on find nothing: trying for the first match that `_matches`,
    `_anchored_matches` or `_matches_at` would give, with no generator around the regex
    calls, costs less. Until a first match, each of them searches every range from its
    first start (or tries every start), which is what is done here.
    """
    compiled = rule.params["regex"]
    text = doc.text
    deadline = time.monotonic() + timeout
    try:
        if ranges is not None and len(ranges) == 1 and not rule.params.get("anchored"):  # the commonest case, made short
            lo, hi, end = ranges[0]
            m = compiled.search(text, lo, end, timeout=timeout)
            return m is not None and m.start() <= hi
        if starts is not None:
            match = compiled.match
            for start in starts:
                if match(text, start, timeout=max(deadline - time.monotonic(), 0.001)) is not None:
                    return True
            return False
        if rule.params.get("anchored"):
            lines = line_starts(doc)
            match = compiled.match
            for lo, hi, end in ((0, len(text), len(text)),) if ranges is None else ranges:
                i = bisect.bisect_left(lines, lo)
                while i < len(lines) and lines[i] <= hi:
                    if match(text, lines[i], end, timeout=max(deadline - time.monotonic(), 0.001)) is not None:
                        return True
                    i += 1
            return False
        if ranges is None:
            return compiled.search(text, timeout=timeout) is not None
        search = compiled.search
        for lo, hi, end in ranges:
            if lo <= hi:
                m = search(text, lo, end, timeout=max(deadline - time.monotonic(), 0.001))
                if m is not None and m.start() <= hi:
                    return True
        return False
    except TimeoutError:
        return True  # the search proper reports it


def _run_one(
    rule: Rule,
    doc: Document,
    timeout: float,
    on_error: Callable[[MatchTimeout], None],
    ranges: list[tuple[int, int, int]] | None = None,
    starts: list[int] | None = None,
) -> Iterator[Match]:
    """Run one rule's regex over the document (or only in `ranges`, or only at the given match `starts`) within the time bound."""
    compiled = rule.params["regex"]
    template = rule.params["suggest"]
    if starts is not None:
        found = _matches_at(compiled, doc.text, starts, timeout)
    else:
        found = _matches(compiled, doc.text, ranges, timeout, line_starts(doc) if rule.params.get("anchored") else None)
    try:
        for m in found:
            start, end = m.span("span") if "span" in compiled.groupindex and m.start("span") >= 0 else m.span()
            if end <= start:
                continue
            suggestions = (m.expand(template),) if template is not None else ()
            yield Match(rule, start, end, suggestions)
    except TimeoutError:
        on_error(MatchTimeout(rule.id, timeout))


register(
    Kind(
        name="pattern",
        keys=frozenset({"pattern", "suggest", "ignore_case", "prefilter"}),
        required=frozenset({"pattern"}),
        parse=_parse,
        compile=_compile,
    )
)
