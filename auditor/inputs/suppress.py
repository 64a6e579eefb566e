"""Inline suppression: `<!-- auditor: disable RULE -->` comments that silence findings in a region or on a line."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from auditor.document import Document
from auditor.model import UNUSED_SUPPRESSION, Example, Finding, Rule, Severity
from auditor.ruleset.loader import selects

MARK = "auditor:"  # a text without it holds no directive: one `in` test, no parse
UNUSED_CATEGORY = "style/awkward"
UNUSED_MESSAGE = "Suppression comment that silences no finding."
VERBS = ("disable", "enable", "disable-line", "disable-next-line")

# The comment form works in every input; the plain form (no comment) only at the end of a
# line of plain text, where an HTML comment would be shown to the reader.
_COMMENT = regex.compile(r"<!--[ \t]*auditor:[ \t]*(?P<verb>[a-z-]+)(?P<rules>(?:(?!-->)[^\n])*?)[ \t]*-->")
_PLAIN = regex.compile(r"(?<![^ \t\n])auditor:[ \t]*(?P<verb>disable-line|disable-next-line)(?P<rules>(?:[ \t,]+[\w.-]+)*)[ \t\r]*$", regex.MULTILINE)
_RULE_LIST = regex.compile(r"[\w.-]+")


_UNUSED_FLAG = "Rien à signaler. <!-- auditor: disable-line fr.entity -->"
# What `auditor rules show` and docs/rules.md say about the one finding no rule file holds.
UNUSED_SUPPRESSION_RULE = Rule(
    id=UNUSED_SUPPRESSION,
    kind="directive",
    category=UNUSED_CATEGORY,
    severity=Severity.MINOR,
    message=UNUSED_MESSAGE,
    languages=("*",),
    params={},
    description=(
        "An inline `<!-- auditor: disable … -->`, `disable-line` or `disable-next-line` directive that silenced no finding: "
        "the problem it was written for is gone, or the rule id is misspelt. Reported where the directive stands, "
        "never scored (a stale directive alone does not change a verdict); selected and disabled like a rule."
    ),
    flag_examples=(Example(_UNUSED_FLAG, ((17, len(_UNUSED_FLAG)),)),),
    pass_examples=(Example("Ilon Musk a parlé. <!-- auditor: disable-line fr.entity -->", ()),),
    source="auditor/inputs/suppress.py",
)


@dataclass(frozen=True)
class Directive:
    """One suppression comment: its verb, the rule ids or prefixes it names (none: all), and its span."""

    verb: str
    rules: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Region:
    """Where a directive silences its rules: [start, end) of the text; a finding that starts there is silenced."""

    directive: int  # index in the directive list
    rules: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Suppressed:
    """What the directives of a text did: the findings kept, how many were silenced, and the unused directives."""

    findings: tuple[Finding, ...]
    suppressed: int
    unused: tuple[Directive, ...]
    spans: tuple[tuple[int, int], ...]  # the directives' own text, never audited


def parse_directives(text: str, plain: bool) -> tuple[Directive, ...]:
    """The directives of `text` in order; `plain` also reads `auditor: disable-line` at a line's end."""
    if MARK not in text:
        return ()
    found = list(_COMMENT.finditer(text))
    if plain:
        comments = [m.span() for m in found]
        found += [m for m in _PLAIN.finditer(text) if not any(a <= m.start() < b for a, b in comments)]
    out = []
    for m in sorted(found, key=lambda m: m.start()):
        if m.group("verb") not in VERBS:
            continue  # an "auditor:" comment with another word is someone's note, not a directive
        out.append(Directive(m.group("verb"), tuple(_RULE_LIST.findall(m.group("rules"))), m.start(), m.end()))
    return tuple(out)


def regions(doc: Document, directives: tuple[Directive, ...]) -> tuple[Region, ...]:
    """The regions the directives silence.

    A `disable` runs to the first bare `enable`, or to the first `enable` that names all its
    rules, else to the end of the text; a repeated `disable` of the same rules is absorbed.
    """
    text, starts = doc.text, doc.line_starts
    out: list[Region] = []
    open_: dict[tuple[str, ...], tuple[int, int]] = {}  # rules -> (directive index, start)
    for i, d in enumerate(directives):
        if d.verb == "disable":
            open_.setdefault(d.rules, (i, d.end))
        elif d.verb == "enable":
            for key in [k for k in open_ if not d.rules or (k and set(k) <= set(d.rules))]:
                index, start = open_.pop(key)
                out.append(Region(index, key, start, d.start))
        else:
            line = bisect.bisect_right(starts, d.start) - 1 + (d.verb == "disable-next-line")
            if line < len(starts):
                end = starts[line + 1] if line + 1 < len(starts) else len(text)
                out.append(Region(i, d.rules, starts[line], end))
    out += [Region(index, key, start, len(text)) for key, (index, start) in open_.items()]
    return tuple(sorted(out, key=lambda r: (r.start, r.directive)))


def apply_directives(doc: Document, findings: tuple[Finding, ...], plain: bool) -> Suppressed | None:
    """Silence the findings the directives of the document cover; None when it holds no directive."""
    directives = parse_directives(doc.text, plain)
    if not directives:
        return None
    spans = tuple((d.start, d.end) for d in directives)
    areas = regions(doc, directives)
    used = [False] * len(directives)
    kept = []
    silenced = 0
    for f in findings:
        if any(a < f.end and f.start < b for a, b in spans):
            continue  # a finding on the directive's own words: the directive is not prose
        hit = next((r for r in areas if r.start <= f.start < r.end and (not r.rules or any(selects(f.rule_id, s) for s in r.rules))), None)
        if hit is None:
            kept.append(f)
            continue
        used[hit.directive] = True
        silenced += 1
    unused = tuple(d for d, u in zip(directives, used) if not u and d.verb != "enable")
    return Suppressed(tuple(kept), silenced, unused, spans)


def unused_finding(d: Directive, doc: Document) -> Finding:
    """The finding that reports a directive that silenced nothing (minor, and never scored)."""
    text = doc.text
    line, column = doc.position(d.start)
    end_line, end_column = doc.position(d.end)
    named = ", ".join(d.rules) if d.rules else "all rules"
    return Finding(
        rule_id=UNUSED_SUPPRESSION,
        category=UNUSED_CATEGORY,
        severity=Severity.MINOR,
        message=UNUSED_MESSAGE,
        start=d.start,
        end=d.end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        text=text[d.start : d.end],
        excerpt=doc.excerpt(d.start, d.end),
        detail=f"{d.verb} {named}: no finding there to silence",
    )


def with_unused(kept: tuple[Finding, ...], unused: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """The kept findings and the unused-directive findings, in position order."""
    return tuple(sorted((*kept, *unused), key=lambda f: (f.start, f.end, f.rule_id))) if unused else kept

