"""Pattern rules searched only near their literals find exactly what a whole-text search finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.document import Document
from auditor.kinds.pattern import ONE_LINE, WHOLE_TEXT, _parse, _run_one, search_ranges, search_scope
from auditor.model import Rule, Severity

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "pattern, scope",
    [
        (r"\bla liste des Noirs\b", 18),
        (r"(?<!\w)(?:lundi|mardi),?[ \t]+(?:mars|avril)[ \t]+\d+(?![\w,])", ONE_LINE),
        (r"Leave a .+ here", ONE_LINE),
        (r"(?s)Leave a .+ here", WHOLE_TEXT),  # . crosses lines under DOTALL
        (r"dit\s+dans l'air", WHOLE_TEXT),  # \s matches a line break
        (r"dit[^x]+dans l'air", WHOLE_TEXT),  # so does a negated class
        (r"^Partager sur Facebook$", 21),  # anchors are read on the real text
        (r"Facebook(?=" + "x" * 70 + ")", WHOLE_TEXT),  # a lookahead past LOOKAHEAD_MAX
        (r"Facebook(?=\w)", 8),  # lookaheads are read past the match, not counted in it
        (r"\p{Lu}ilon", WHOLE_TEXT),  # syntax the stdlib parser does not know
    ],
)
def test_search_scope(pattern: str, scope: int) -> None:
    assert search_scope(pattern) == scope


def rule(pattern: str, ignore_case: bool = False) -> Rule:
    """A pattern rule with derived literals."""
    params = _parse({"pattern": pattern, "ignore_case": ignore_case})
    return Rule(
        id="t.p", kind="pattern", category="style/boilerplate", severity=Severity.MINOR, message="m",
        languages=("fr",), params=params,
    )


def both_ways(r: Rule, text: str) -> tuple[list, list]:
    """Spans found over the whole text and near the literals only."""
    doc = Document(text)
    whole = [(m.start, m.end, m.suggestions) for m in _run_one(r, doc, 1.0, print)]
    spots = []
    for lit in r.params["prefilter"]:
        i = doc.folded.find(lit)
        while i != -1:
            spots.append((i, i + len(lit)))
            i = doc.folded.find(lit, i + 1)
    near = [] if not spots else [
        (m.start, m.end, m.suggestions) for m in _run_one(r, doc, 1.0, print, search_ranges(doc, spots, r.params["scope"]))
    ]
    return whole, near


PATTERNS = [
    (r"(?<!\w)(?P<day>lundi|mardi|vendredi),?[ \t]+(?P<month>mars|octobre)[ \t]+(?P<num>[0-3]?\d)(?![\w,])", True),
    (r"\b(?:[Rr]esponsables russes|Russes) élevés\b", False),
    (r"aaa[ab]{0,6}", False),  # overlapping candidates: a whole-text search skips past each match
    (r"x{0,5}aaa", False),
    (r"newsletter[^\n]{0,40}", True),
    (r"Leave a [A-Za-z ]+", False),
    (r"(?m)^[ \t]*(?P<span>Leave a (?:Comment|Reply))[ \t\r]*$", False),
    (r"Leave a Comment$", False),  # the end of the text (or before its final line break) only
    (r"\bLeave a Reply\b(?=[ \t]{0,5}\n)", False),
]
TEXTS = [
    "vendredi, octobre 25\n\nmardi mars 3, et lundi  mars 12 puis vendredi octobre 2.",
    "vendredi\noctobre 25 ; mardi, mars 31x ; lundi mars 4,",
    "Les Russes élevés et les responsables russes élevés. Russes élevés",
    "aaaaaaaaaabaaaaaa xaaa xxxxxaaaaaa aaabbbbbbbbaaa",
    "NEWSLETTER de la semaine newsletter\nnewsletter" + " z" * 40,
    "Leave a Comment\nLeave a reply here and Leave a",
    "  Leave a Comment \r\nx Leave a Reply\nLeave a Reply  \nLeave a Comment\n",
    "Leave a Comment",
    "",
]


@pytest.mark.parametrize("pattern, ignore_case", PATTERNS)
def test_near_literals_equals_whole_text(pattern: str, ignore_case: bool) -> None:
    r = rule(pattern, ignore_case)
    assert r.params["scope"] != WHOLE_TEXT
    samples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    found = 0
    for text in TEXTS + samples:
        whole, near = both_ways(r, text)
        assert near == whole, text[:60]
        found += len(whole)
    assert found > 0  # not vacuous: the pattern does match somewhere


def test_builtin_scoped_rules_agree_on_the_samples(builtin_ruleset) -> None:
    scoped = [r for r in builtin_ruleset.rules if r.kind == "pattern" and r.params["scope"] != WHOLE_TEXT]
    assert {r.id for r in scoped} >= {"fr.locale.english-date-order", "fr.literal.liste-des-noirs", "fr.untranslated.anti-spam"}
    found = 0
    for path in sorted((ROOT / "samples").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for r in scoped:
            whole, near = both_ways(r, text)
            assert near == whole, (r.id, path.name)
            found += len(whole)
    assert found >= 3


@pytest.mark.parametrize(
    "pattern, scope",
    [
        (r"(?m)^[ \t]*(?P<span>Leave a (?:Comment|Reply))[ \t\r]*$", ONE_LINE),  # anchors read real text
        (r"(?m)^[ \t]*Lire aussi[^\n]*$", ONE_LINE),  # [^\n] stops at line breaks
        (r"Lire aussi[^x]*", WHOLE_TEXT),  # [^x] does not
        (r"Lire aussi[^\W]+ fin", ONE_LINE),  # [^\W] is \w
        (r"Lire aussi[^\S]+ fin", WHOLE_TEXT),  # [^\S] is \s
        (r"Lire aussi[\W]+ fin", WHOLE_TEXT),
    ],
)
def test_search_scope_of_line_patterns(pattern: str, scope: int) -> None:
    assert search_scope(pattern) == scope
