"""The scanner: compiled rules in, findings out. Pure: no I/O."""

from __future__ import annotations

import gc
from array import array
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property
from operator import attrgetter
from typing import Any, Iterable, Iterator, Mapping, Sequence

from auditor.checks import Resources
from auditor.context import CompiledContext, accepts
from auditor.document import Document, OffsetMap
from auditor.fixes import fits_site
from auditor.kinds import Match, Matches, MatchTimeout, Matcher, Steps, load_kinds
from auditor.kinds.regexes import save as save_regexes
from auditor.model import Finding, Rule
from auditor.ruleset.loader import RuleSet


@dataclass(frozen=True)
class CompiledRules:
    """The rules for one language, compiled per kind, with their compiled contexts."""

    matchers: tuple[Matcher, ...]
    contexts: Mapping[str, CompiledContext]

    @cached_property
    def steps(self) -> tuple[Matcher, ...]:
        """The matchers with each `Steps` split into its steps: what `audit_many` runs over a chunk, one at a time."""
        return tuple(step for m in self.matchers for step in (m.steps if isinstance(m, Steps) else (m,)))


@dataclass
class Engine:
    """A rule set compiled once per process and reused for every document."""

    ruleset: RuleSet
    options: Mapping[str, Any] = field(default_factory=dict)
    batch: Any = None  # what a scan learnt from its whole batch (auditor.entities.batchnames.BatchNames)
    _compiled: dict[str, CompiledRules] = field(default_factory=dict, repr=False)

    def for_language(self, language: str) -> CompiledRules:
        """Return the compiled rules that apply to `language` (compiled on first use)."""
        compiled = self._compiled.get(language)
        if compiled is None:
            compiled = self._compiled[language] = compile_rules(
                [r for r in self.ruleset.rules if r.applies_to(language)],
                Resources(gazetteer=self.ruleset.gazetteer, batch=self.batch),
                self.options,
            )
            save_regexes()  # the next process reads the patterns compiled here from the user cache
        return compiled

    def learnt(self, batch: Any) -> None:
        """Take what the batch taught; rules compiled before are compiled again with it (here, so
        that forked workers still inherit them)."""
        self.batch = batch
        languages = sorted(self._compiled)
        self._compiled.clear()
        for language in languages:
            self.for_language(language)

    def check_rule(self, name: str) -> Rule | None:
        """The first rule of the set that switches on the registered check `name`, if any."""
        return next((r for r in self.ruleset.rules if r.kind == "check" and r.params.get("check") == name), None)


    def precompile(self) -> None:
        """Compile the rules of every language the rule set names, so rule errors surface
        before any document is read (and once per worker, not once per document)."""
        for language in sorted({lang for r in self.ruleset.rules for lang in r.languages if lang != "*"}):
            self.for_language(language)


def compile_rules(rules: list[Rule], resources: Resources, options: Mapping[str, Any]) -> CompiledRules:
    """Compile rules kind by kind: one matcher per kind, never one pass per rule."""
    kinds = load_kinds()
    matchers = []
    for name, kind in kinds.items():
        of_kind = [r for r in rules if r.kind == name]
        if of_kind:
            matchers.append(kind.compile(of_kind, resources, options))
    contexts = {r.id: CompiledContext.build(r.context) for r in rules}
    return CompiledRules(tuple(matchers), contexts)


@dataclass(frozen=True)
class Audit:
    """The outcome of auditing one document: findings sorted by position, and notes."""

    findings: tuple[Finding, ...]
    notes: tuple[str, ...]


def to_finding(doc: Document, match: Match) -> Finding:
    """Turn an accepted match into a complete finding with positions and excerpt."""
    line, col = doc.position(match.start)
    end_line, end_col = doc.position(match.end)
    rule = match.rule
    return Finding(
        rule_id=rule.id,
        category=rule.category,
        severity=rule.severity,
        message=rule.message,
        start=match.start,
        end=match.end,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        text=doc.text[match.start : match.end],
        excerpt=doc.excerpt(match.start, match.end),
        suggestions=match.suggestions,
        # A safe fix must leave the sentence grammatical: a suggestion that brings its own determiner
        # after the text's determiner ("son [monde]" -> "son la paix") is shown, never applied.
        fix=rule.fix and len(match.suggestions) == 1 and fits_site(doc.text, match.start, match.suggestions[0]),
        detail=match.detail,
    )


def audit(doc: Document, compiled: CompiledRules) -> Audit:
    """Run every compiled matcher over `doc`, apply context conditions, dedupe and sort.

    Rules run on the document's matching view when it has one (decomposed accents composed,
    soft hyphens and zero-width characters left out), and every span is mapped back, so
    findings always point into the original text.
    """
    outcome = audit_many((doc,), compiled)[0]
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def audit_many(docs: Sequence[Document], compiled: CompiledRules) -> list[Audit | Exception]:
    """`audit` of each document, or the exception its audit raised, running each step over every document before the next.

    Each document's matches come in the same order as alone, so its audit is the same: the
    checks' memos hold answers, never results that depend on what came before. Step by step,
    a check's tables stay in the CPU's caches while it reads the whole chunk, where document
    by document thirty other checks evicted them (about a fifth of the rules' time on benchsub).
    An exception ends its own document's audit only: the others go on.
    """
    # The cyclic garbage collector is held off while documents are matched: matching makes
    # objects per occurrence (runs, facts, matches) and no cycles, and every collection walked
    # all of them again (5 of 16 s on a 10 MB document repeating one name). Reference counting
    # still frees everything; a cycle made meanwhile waits for the next collection.
    enabled = gc.isenabled()
    gc.disable()
    try:
        audits = [_Audit(doc, compiled.contexts) for doc in docs]
        for step in compiled.steps:
            for one in audits:
                if one.failed is None:
                    try:
                        one.take(step)
                    except Exception as exc:  # a detector bug: this document's error row, not the chunk's
                        one.failed = exc
        return [one.failed if one.failed is not None else one.settled() for one in audits]
    finally:
        if enabled:
            gc.enable()


class _Audit:
    """One document's audit under way: the view rules run on, and the matches accepted so far."""

    __slots__ = ("doc", "seen", "offsets", "contexts", "notes", "found", "failed")

    def __init__(self, doc: Document, contexts: Mapping[str, CompiledContext]) -> None:
        view = doc.matching_view
        self.doc = doc
        self.seen, self.offsets = (doc, None) if view is None else view
        self.contexts = contexts
        self.notes: list[str] = []
        self.found = _Collected()
        self.failed: Exception | None = None

    def on_error(self, err: MatchTimeout) -> None:
        """Note a rule that ran out of time."""
        self.notes.append(str(err))

    def take(self, matcher: Matcher) -> None:
        """Run one matcher (or step) on the document and keep the matches its rules' contexts accept."""
        seen, offsets, contexts, add = self.seen, self.offsets, self.contexts, self.found.add
        # The loop runs once per raw match (hundreds of thousands in a document full of one
        # mistake): rules without context conditions skip the call to `accepts`.
        for match in _one_by_one(matcher(seen, self.on_error), self.found, contexts, offsets):
            context = contexts[match.rule.id]
            if not context.empty and not accepts(context, seen, match.start, match.end):
                continue
            if offsets is not None:
                match = replace(match, start=offsets.start(match.start), end=offsets.end(match.end))
            add(match)

    def settled(self) -> Audit:
        """The document's findings, deduplicated and sorted, and its notes."""
        found, notes, doc = self.found, self.notes, self.doc
        kept = _settle(found.listed, notes) if found.listed is not None else _settle_columns(found, notes)
        findings = sorted((to_finding(doc, m) for m in kept), key=lambda f: (f.start, f.end, f.rule_id))
        return Audit(tuple(findings), tuple(notes))


def _one_by_one(matches: Iterable[Match | Matches], found: "_Collected", contexts: Mapping[str, CompiledContext], offsets: OffsetMap | None) -> Iterator[Match]:
    """The matches to look at one by one: columns of matches (`Matches`) that need no context
    condition and no mapping back from the matching view go to `found` whole, as columns."""
    for match in matches:
        if type(match) is Matches:
            if offsets is None and contexts[match.rule.id].empty:
                found.add_columns(match)
            else:
                yield from match
        else:
            yield match  # type: ignore[misc]


_END, _START, _RULE_ID = attrgetter("end"), attrgetter("start"), attrgetter("rule.id")
# Past this many accepted matches, a document's matches are settled as columns of integers
# (`_settle_columns`), never as one object each: a 10 MB page repeating one name gave
# 1.8 million raw matches, 250 bytes each as objects and dict entries.
MANY_MATCHES = 20_000


class _Collected:
    """Accepted matches as they come, up to MANY_MATCHES; past it, all of them as columns: start, end,
    rule and (suggestions, detail), each an integer."""

    __slots__ = ("listed", "starts", "ends", "rules", "payloads", "rule_list", "rule_at", "payload_list", "payload_at", "taken")

    def __init__(self) -> None:
        # The objects themselves while they are few (nearly every document): taking them apart
        # into columns and back would cost every document for the sake of a rare huge one.
        self.listed: list[Match] | None = []
        self.starts, self.ends, self.rules, self.payloads = array("q"), array("q"), array("i"), array("i")
        self.rule_list: list[Rule] = []
        self.rule_at: dict[int, int] = {}  # id(rule) -> index in rule_list
        self.payload_list: list[tuple[tuple[str, ...], str]] = []
        self.payload_at: dict[tuple[tuple[str, ...], str], int] = {}
        self.taken: list[tuple[int, int, Rule]] = []  # (first row, rows, rule) of each column of matches taken whole

    def add(self, match: Match) -> None:
        """Keep one accepted match."""
        listed = self.listed
        if listed is not None:
            if len(listed) < MANY_MATCHES:
                listed.append(match)
                return
            self.listed = None  # one too many: every match from now on lives in the columns
            for earlier in listed:
                self._add_column(earlier)
        self._add_column(match)

    def add_columns(self, matches: Matches) -> None:
        """Keep columns of matches, as `add` would keep them one by one, with no object per match."""
        count = len(matches.starts)
        listed = self.listed
        if listed is not None:
            if len(listed) + count <= MANY_MATCHES:
                listed.extend(matches)
                return
            self.listed = None
            for earlier in listed:
                self._add_column(earlier)
        if self._settled_by_earlier(matches):
            return
        self.taken.append((len(self.starts), count, matches.rule))
        self.starts.extend(matches.starts)
        self.ends.extend(matches.ends)
        self.rules.extend(array("i", [self._rule_index(matches.rule)]) * count)
        self.payloads.extend(array("i", [self._payload_index((matches.suggestions, matches.detail))]) * count)

    def _settled_by_earlier(self, matches: Matches) -> bool:
        """True when columns taken before hold exactly the spans of `matches`, which then change no finding.

        At each span the most severe rule wins, then the first rule id, then the first to come
        (`_settle`): between two columns of the same spans the same one wins everywhere, and
        the other's rows are dead weight (three rules flag each of 900,000 names on one page).
        The new columns, when they win, take the earlier rows' places, if no match of their
        rule came before, which the first to come would have preferred.
        """
        import numpy as np

        starts, ends = np.frombuffer(matches.starts, dtype=np.int64), np.frombuffer(matches.ends, dtype=np.int64)
        rule = matches.rule
        for k, (first, count, other) in enumerate(self.taken):
            if count != len(starts):
                continue
            # Views of the columns, let go before they grow again.
            if not (np.array_equal(np.frombuffer(self.starts, dtype=np.int64)[first : first + count], starts) and np.array_equal(np.frombuffer(self.ends, dtype=np.int64)[first : first + count], ends)):
                continue
            if (-rule.severity.rank, rule.id) >= (-other.severity.rank, other.id):
                return True  # the earlier columns win at every span
            if id(rule) in self.rule_at:
                return False
            self.rules[first : first + count] = array("i", [self._rule_index(rule)]) * count
            self.payloads[first : first + count] = array("i", [self._payload_index((matches.suggestions, matches.detail))]) * count
            self.taken[k] = (first, count, rule)
            return True
        return False

    def _rule_index(self, rule: Rule) -> int:
        """The number of `rule` in the rule column."""
        rule_index = self.rule_at.get(id(rule))
        if rule_index is None:
            rule_index = self.rule_at[id(rule)] = len(self.rule_list)
            self.rule_list.append(rule)
        return rule_index

    def _payload_index(self, payload: tuple[tuple[str, ...], str]) -> int:
        """The number of (suggestions, detail) in the payload column."""
        payload_index = self.payload_at.get(payload)
        if payload_index is None:
            payload_index = self.payload_at[payload] = len(self.payload_list)
            self.payload_list.append(payload)
        return payload_index

    def _add_column(self, match: Match) -> None:
        """Keep one match as a row of the columns."""
        rule_index = self.rule_at.get(id(match.rule))
        if rule_index is None:
            rule_index = self.rule_at[id(match.rule)] = len(self.rule_list)
            self.rule_list.append(match.rule)
        payload = (match.suggestions, match.detail)
        payload_index = self.payload_at.get(payload)
        if payload_index is None:
            payload_index = self.payload_at[payload] = len(self.payload_list)
            self.payload_list.append(payload)
        self.starts.append(match.start)
        self.ends.append(match.end)
        self.rules.append(rule_index)
        self.payloads.append(payload_index)

    def match(self, i: int) -> Match:
        """The i-th match of the columns, as it came."""
        return Match(self.rule_list[self.rules[i]], self.starts[i], self.ends[i], *self.payload_list[self.payloads[i]])


def _settle(matches: list[Match], notes: list[str]) -> list[Match]:
    """Dedupe spans, drop nested and container matches, cap each rule: the matches to report."""
    best: dict[tuple[int, int], Match] = {}
    for match in matches:
        rule = match.rule
        span = (match.start, match.end)
        other = best.get(span)
        # Two rules on the same span would count one problem twice: keep the most
        # severe, and among equals the first rule id, so the choice is deterministic.
        if other is None:
            best[span] = match
        elif other.rule is not rule and (-rule.severity.rank, rule.id) < (-other.rule.severity.rank, other.rule.id):
            best[span] = match
    kept = _drop_nested(_by_position(best.values()))
    return _cap_per_rule(_drop_containers(kept), notes)


def _settle_columns(found: _Collected, notes: list[str]) -> list[Match]:
    """What `_settle` returns, worked out on columns of integers: only the matches reported become objects."""
    import numpy as np  # imported here: only documents with very many matches need it

    rules = found.rule_list
    starts = np.frombuffer(found.starts, dtype=np.int64)
    ends = np.frombuffer(found.ends, dtype=np.int64)
    rule_of = np.frombuffer(found.rules, dtype=np.int32)
    # Same span: the most severe rule, then the first rule id, then the first to come (a
    # stable sort keeps arrival order among equals), as `_settle`'s dict keeps it.
    preference = sorted(range(len(rules)), key=lambda r: (-rules[r].severity.rank, rules[r].id))
    rank = np.empty(len(rules), dtype=np.int32)
    rank[preference] = np.arange(len(rules), dtype=np.int32)
    order = np.lexsort((rank[rule_of], ends, starts))
    # One copy of a column at a time (millions of rows each): the peak of memory is here.
    first = np.ones(len(order), dtype=bool)
    s = starts[order]
    first[1:] = s[1:] != s[:-1]
    del s
    e = ends[order]
    first[1:] |= e[1:] != e[:-1]
    del e
    spans = order[first]
    del order, first
    # By position: start, then the longest first (`_by_position`).
    spans = spans[np.lexsort((-ends[spans], starts[spans]))]
    # Nested in a longer match of the same rule (`_drop_nested`): grouped by rule in position
    # order, a match ends no later than the running furthest end of its rule's earlier ones.
    by_rule = spans[np.argsort(rule_of[spans], kind="stable")]
    reach = rule_of[by_rule].astype(np.int64) * (1 << 40) + ends[by_rule]  # rules apart: each rule's ends above the last's
    furthest = np.maximum.accumulate(reach)
    nested = np.zeros(len(by_rule), dtype=bool)
    nested[1:] = reach[1:] <= furthest[:-1]
    outside = np.zeros(len(starts), dtype=bool)
    outside[by_rule[~nested]] = True
    spans = spans[outside[spans]]
    del by_rule, reach, furthest, nested, outside
    kept = _drop_containers_columns(found, array("q", spans.tobytes()))
    # Each rule's first MAX_FINDINGS_PER_RULE by position (`_cap_per_rule`), the rest counted.
    kept_np = np.frombuffer(kept, dtype=np.int64)
    kept_rules = rule_of[kept_np]
    grouped = np.argsort(kept_rules, kind="stable")
    sorted_rules = kept_rules[grouped]
    place = np.arange(len(grouped)) - np.searchsorted(sorted_rules, sorted_rules, side="left")
    within = np.empty(len(grouped), dtype=bool)
    within[grouped] = place < MAX_FINDINGS_PER_RULE
    counts = np.bincount(kept_rules, minlength=len(rules))
    for rule_id, count in sorted((rules[r].id, int(n)) for r, n in enumerate(counts) if n > MAX_FINDINGS_PER_RULE):
        notes.append(
            f"rule {rule_id}: {count - MAX_FINDINGS_PER_RULE} more findings not reported "
            f"(at most {MAX_FINDINGS_PER_RULE} per rule per document)"
        )
    return [found.match(i) for i in kept_np[within].tolist()]


def _drop_containers_columns(found: _Collected, spans: array) -> array:
    """`_drop_containers` on indexes into `found`'s columns, sorted by start, longest first."""
    import numpy as np

    at = np.frombuffer(spans, dtype=np.int64)
    starts, ends = np.frombuffer(found.starts, dtype=np.int64)[at], np.frombuffer(found.ends, dtype=np.int64)[at]
    categories = sorted({r.category for r in found.rule_list})
    rule_of = np.frombuffer(found.rules, dtype=np.int32)[at]
    category = np.array([categories.index(r.category) for r in found.rule_list], dtype=np.int64)[rule_of]
    severity = np.array([r.severity.rank for r in found.rule_list], dtype=np.int64)[rule_of]
    # Python's own integers for the short looks below: a numpy scalar costs more to read.
    starts_of, ends_of = array("q", starts.tobytes()), array("q", ends.tobytes())
    category_of, severity_of = array("q", category.tobytes()), array("q", severity.tobytes())
    keep = np.ones(len(at), dtype=bool)
    # Only a match that the next one starts inside may contain another: the rest are kept
    # without a look (nearly all of them, in a page repeating one name).
    for i in np.flatnonzero(starts[1:] < ends[:-1]).tolist():
        outer_start, outer_end, outer_category, outer_severity = starts_of[i], ends_of[i], category_of[i], severity_of[i]
        last = int(np.searchsorted(starts, outer_end, side="left"))  # the matches from i + 1 on start inside this one
        if last - i > 64:
            # Many at once with numpy: a match over a whole page (its language) holds every other.
            inner = slice(i + 1, last)
            keep[i] = not (
                (ends[inner] <= outer_end)
                & ((starts[inner] != outer_start) | (ends[inner] != outer_end))
                & (category[inner] == outer_category)
                & (severity[inner] >= outer_severity)
            ).any()
            continue
        for j in range(i + 1, last):
            inner_end = ends_of[j]
            if (
                inner_end <= outer_end
                and (starts_of[j], inner_end) != (outer_start, outer_end)
                and category_of[j] == outer_category
                and severity_of[j] >= outer_severity
            ):
                keep[i] = False
                break
    return array("q", at[keep].tobytes())


def _by_position(matches: Iterable[Match]) -> list[Match]:
    """Return matches sorted by start, longest first (the matches of `best`: no two share a span).

    Two stable sorts on C-level keys, not one sort on a Python key: the order of the key
    (start, -end, rule id), with no Python call per match, which told on a document with
    hundreds of thousands of them.
    """
    ordered = sorted(matches, key=_END, reverse=True)
    ordered.sort(key=_START)
    return ordered


# A document that repeats one mistake 300,000 times says nothing more after the first
# ten thousand, while each finding costs a report row, a fingerprint and an excerpt.
MAX_FINDINGS_PER_RULE = 10_000


def _cap_per_rule(matches: list[Match], notes: list[str]) -> list[Match]:
    """Keep each rule's first MAX_FINDINGS_PER_RULE matches (by position); note how many more each rule had."""
    counts = Counter(map(_RULE_ID, matches))
    over = {rule_id for rule_id, n in counts.items() if n > MAX_FINDINGS_PER_RULE}
    if not over:
        return matches
    seen: dict[str, int] = {}
    kept = []
    for m in matches:
        n = seen[m.rule.id] = seen.get(m.rule.id, 0) + 1
        if n <= MAX_FINDINGS_PER_RULE:
            kept.append(m)
    for rule_id in sorted(over):
        notes.append(
            f"rule {rule_id}: {counts[rule_id] - MAX_FINDINGS_PER_RULE} more findings not reported "
            f"(at most {MAX_FINDINGS_PER_RULE} per rule per document)"
        )
    return kept


def _drop_containers(matches: list[Match]) -> list[Match]:
    """Drop a match that contains a more specific match of the same MQM category and at least
    its severity (a whole untranslated paragraph around a flagged English boilerplate line):
    one problem, counted once, reported by the most precise rule. Sorted by start, longest first."""
    dropped = set()
    count = len(matches)
    for i, outer in enumerate(matches):
        # Indexes, not a slice: copying the rest of the list for every match was quadratic.
        for j in range(i + 1, count):
            inner = matches[j]
            if inner.start >= outer.end:
                break
            if (
                inner.end <= outer.end
                and (inner.start, inner.end) != (outer.start, outer.end)
                and inner.rule.category == outer.rule.category
                and inner.rule.severity.rank >= outer.rule.severity.rank
            ):
                dropped.add(i)
                break
    return [m for i, m in enumerate(matches) if i not in dropped]


def _drop_nested(matches: list[Match]) -> list[Match]:
    """Drop a rule's match that lies inside a longer match of the same rule ("Kiriyenko" in
    "Sergey Kiriyenko"): one problem, one finding. `matches` is sorted by start, longest first."""
    reach: dict[str, int] = {}
    kept = []
    for m in matches:
        if m.end <= reach.get(m.rule.id, -1):
            continue
        reach[m.rule.id] = max(reach.get(m.rule.id, -1), m.end)
        kept.append(m)
    return kept
