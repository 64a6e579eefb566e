"""Pattern rules searched only near their literals find exactly what a whole-text search finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.document import Document
from auditor.kinds import KINDS
from auditor.kinds.pattern import (
    ONE_LINE, WHOLE_TEXT, _may_match, _parse, _run_one, companion_literals, extended_literals, line_anchored, literal_bounds, literal_offsets, match_starts,
    rarest_set, required_literals, search_ranges, search_scope,
)
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
        # One name on two groups: the regex module allows it, the stdlib parser reads it unnamed.
        (r"\bintent[a-z]{0,10} (?P<span>un costume)|(?P<span>ce costume) judiciaire", 27),
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
    (r"\bLeave a (?P<span>Comment)|(?P<span>Reply) here", True),  # one name on two groups
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


@pytest.mark.parametrize(
    "pattern, anchored",
    [
        (r"(?m)^[ \t]*(?P<span>Leave a (?:Comment|Reply))[ \t\r]*$", True),
        (r"(?m)(?:^Lire aussi|^Voir aussi)", True),  # every alternative starts at a line
        (r"(?m)(?:^Lire aussi|Voir aussi)", False),  # one does not
        (r"^Lire aussi", False),  # without (?m), ^ is the start of the text only
        (r"(?m)^(?:Lire aussi)?", False),  # may match empty
        (r"(?m)(?-m:^Lire) aussi", False),  # scoped flags are not analysed
        (r"(?m)^\p{Lu}ire aussi", True),  # a Unicode property is one character, whatever the stdlib parser thinks of it
        (r"(?m)(?:^\p{Lu}ire|\P{Lu}oir) aussi", False),
        (r"(?m)^\L<words> aussi", False),  # other syntax the stdlib parser does not know
        (r"(?m)[ \t]*^Lire aussi", False),
    ],
)
def test_line_anchored(pattern: str, anchored: bool) -> None:
    assert line_anchored(pattern) == anchored


ANCHORED = [
    (r"(?m)^[ \t]*(?P<span>Leave a (?:Comment|Reply))[ \t\r]*$", False),
    (r"(?m)^[ \t]*(?P<span>(?:À |A )?(?:Lire|Voir) (?:aussi|également)(?:[ \t]*[:>→»|-][^\n]*?)?)[ \t\r]*$", True),
    (r"(?m)(?:^Leave a \w+|^(?:Lire|Voir) aussi\b)", True),
    (r"(?m)^Leave a", False),  # bounded: searched within a width of its literal
    (r"(?m)^[ \t]*(?P<span>\p{Lu}[\p{Ll}\d]+ (?:aussi|également))[ \t\r]*$", False),  # Unicode properties
]
ANCHORED_TEXTS = [
    "Lire aussi\nLire aussi : la suite\n\nvoir aussi\nIl faut lire aussi ceci.\n  À lire également > X\n",
    "Leave a Comment\rLeave a Reply\u2028Leave a Reply\x0bLeave a Reply\r\nLeave a Comment \r\n",
    "x\nLeave a Reply\nLeave a Reply\nLeave aLeave a Comment\n\nLeave a",
]


@pytest.mark.parametrize("pattern, ignore_case", ANCHORED)
def test_line_anchored_rules_find_what_a_search_of_every_position_finds(pattern: str, ignore_case: bool) -> None:
    r = rule(pattern, ignore_case)
    assert r.params["anchored"]
    compiled = r.params["regex"]
    samples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    found = 0
    for text in TEXTS + ANCHORED_TEXTS + samples:
        every = [m.span("span") if "span" in compiled.groupindex and m.start("span") >= 0 else m.span() for m in compiled.finditer(text)]
        whole, near = both_ways(r, text)
        assert [(s, e) for s, e, _ in whole] == [(s, e) for s, e in every if e > s], text[:60]
        assert near == whole or not r.params["prefilter"], text[:60]
        found += len(every)
    assert found > 0


@pytest.mark.parametrize(
    "text",
    ["", "abc", "\n", "a\nb\n\nc", "x\r\ny\rz\n", "un\nseul " * 40, "long " * 500 + "\n" + "ligne\n" * 5, "\n\nfin"],
)
def test_one_line_ranges_reach_the_regex_line_around_each_spot(text: str) -> None:
    """A spot's ONE_LINE range starts at its \\n-line's start and reads to that line's end (+ lookahead)."""
    from auditor.kinds.pattern import LOOKAHEAD_MAX

    doc = Document(text)
    spots = [(i, min(len(text), i + 1)) for i in range(0, len(text), 7)]
    expected = []
    for s, _ in spots:
        lo = text.rfind("\n", 0, s) + 1
        line_end = text.find("\n", s)
        expected.append((lo, s, min(len(text), (len(text) if line_end == -1 else line_end) + 1 + LOOKAHEAD_MAX)))
    merged: list[tuple[int, int, int]] = []
    for lo, hi, end in sorted(expected):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi), max(merged[-1][2], end))
        else:
            merged.append((lo, hi, end))
    assert search_ranges(doc, spots, ONE_LINE) == merged


@pytest.mark.parametrize(
    "pattern, offsets",
    [
        (r"\bSpoutnik\b", {"spoutnik": 0}),
        (r"(?<!\w)(?:lundi|mardi|jeudi)[ \t]+\d+", {"jeudi": 0, "lundi": 0, "mardi": 0}),  # the alternatives of one group
        (r"x{2}[ab]Vostok", {"vostok": 3}),  # a fixed-width prefix
        (r"(?P<span>Baïkonour)(?: est)?", {"baïkonour": 0}),  # groups are read through
        (r"\d+ Vostok", None),  # a prefix of varying width
        (r"[ \t]{1,3}Vostok", None),
        (r"(?:Vostok|Soyouz) \d+", {"soyouz": 0, "vostok": 0}),
        (r"(?:Vostok 1|Soyouz(?: \d)?) lancé", None),  # an alternative that is not plain text
        (r"\GVostok", None),  # \G depends on where a search starts
        (r"\p{Lu}ostok", None),  # syntax the stdlib parser does not know
    ],
)
def test_literal_offsets(pattern: str, offsets: dict[str, int] | None) -> None:
    assert literal_offsets(pattern, required_literals(pattern)) == offsets


OFFSET_PATTERNS = [
    (r"(?<!\w)(?P<day>lundi|mardi|vendredi),?[ \t]+(?P<month>mars|octobre)[ \t]+(?P<num>[0-3]?\d)(?![\w,])", True),
    (r"aaa[ab]{0,6}", False),  # overlapping candidates: a whole-text search skips past each match
    (r"xaaa[ab]*", False),
    (r"(?:aaa|aab|baa)a", False),
    (r"Leave a (?:Comment|Reply)", True),
    (r"\bRusses élevés\b", False),
]


@pytest.mark.parametrize("pattern, ignore_case", OFFSET_PATTERNS)
def test_tried_at_literal_offsets_finds_what_a_whole_text_search_finds(pattern: str, ignore_case: bool) -> None:
    r = rule(pattern, ignore_case)
    offsets = r.params["offsets"]
    assert offsets
    samples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    found = 0
    for text in TEXTS + samples:
        doc = Document(text)
        whole = [(m.start, m.end, m.suggestions) for m in _run_one(r, doc, 1.0, print)]
        spots = [(i, i + len(lit)) for lit in r.params["prefilter"] for i in range(len(text)) if doc.folded.startswith(lit, i)]
        starts = match_starts(doc, spots, offsets)
        assert [(m.start, m.end, m.suggestions) for m in _run_one(r, doc, 1.0, print, starts=starts)] == whole, text[:60]
        found += len(whole)
    assert found > 0


def test_builtin_pattern_matcher_finds_what_whole_text_searches_find(builtin_ruleset) -> None:
    """The compiled matcher (literal automaton, search ranges, literal offsets) against each rule run over the whole text."""
    rules = [r for r in builtin_ruleset.rules if r.kind == "pattern" and r.applies_to("fr")]
    assert sum(1 for r in rules if r.params["offsets"]) >= 20
    find = KINDS["pattern"].compile(rules, None, {})
    found = 0
    for path in sorted((ROOT / "samples").glob("*.txt")):
        doc = Document(path.read_text(encoding="utf-8"))
        expected = [
            (r.id, m.start, m.end, m.suggestions)
            for r in rules
            if not r.params["prefilter"] or any(lit in doc.folded for lit in r.params["prefilter"])
            for m in _run_one(r, doc, 1.0, print)
        ]
        assert [(m.rule.id, m.start, m.end, m.suggestions) for m in find(doc, print)] == expected, path.name
        found += len(expected)
    assert found >= 3


@pytest.mark.parametrize(
    "pattern, grown",
    [
        # A class of a few characters, then one occurrence of a repeated one: growing stops after it.
        (r"(?<!\w)(?:mai|juin)[ \t]{1,3}\d", {"juin ": "juin", "juin\t": "juin", "mai ": "mai", "mai\t": "mai"}),
        # Through a class whose characters fold alike, and more letters; a zero-width \b is passed over.
        (r"\bdit[^\S\n]{1,3}(?P<span>dans l['’]air)\b", {"dans l'air": "dans l"}),
        (r"Vostok[ab]\b", {"vostoka": "vostok", "vostokb": "vostok"}),
        (r"\bSpoutnik\b", None),  # nothing follows
        (r"Vostok[ab]{0,2}", None),  # an optional item may be absent
        (r"Vostok\s+\d", None),  # a category is too wide
        (r"\p{Lu}ostok[ab]", None),  # syntax the stdlib parser does not know
    ],
)
def test_extended_literals(pattern: str, grown: dict[str, str] | None) -> None:
    assert extended_literals(pattern, required_literals(pattern)) == grown


def test_grown_literals_keep_their_offsets_and_find_what_a_whole_text_search_finds() -> None:
    r = rule(r"(?<!\w)(?:lundi|mardi)[ \t]+(?P<num>\d+)", ignore_case=True)
    assert r.params["prefilter"] == ("lundi\t", "lundi ", "mardi\t", "mardi ")
    assert r.params["offsets"] == {"lundi\t": 0, "lundi ": 0, "mardi\t": 0, "mardi ": 0}
    find = KINDS["pattern"].compile([r], None, {})
    text = "Lundi 3 et mardi\t4, puis lundis 5 ; Mardi 12. Un samedi 6."
    doc = Document(text)
    assert [(m.start, m.end) for m in find(doc, print)] == [(m.start, m.end) for m in _run_one(r, doc, 1.0, print)] == [(0, 7), (11, 18), (36, 44)]


@pytest.mark.parametrize(
    "pattern, bounds",
    [
        (r"[ \t]{1,3}(?:main|bras)\b", (True, True)),  # a class of non-letters before, \b after a letter
        (r"\bmain", (True, False)),
        (r"(?<!\w)(?:lundi|mardi),?[ \t]+\d", (True, True)),  # an optional comma, then blanks
        (r"\b(?:à|a)[ \t]+la[ \t]+fin[ \t]+(?:de[ \t]+la[ \t]+journée|du[ \t]+jour)[ \t]{0,3},", (True, True)),  # out through groups
        (r"(?m)^Lire aussi$", (True, True)),
        (r"xmain\b", (False, True)),  # the pattern's start: the search may begin after a letter
        (r"(?:foo )+main\b", (False, False)),  # a repeat's literal may follow another repeat
        (r"(?a)\bmain\b", (False, False)),  # ASCII: "é" is no word character, so "émain" has a \b
        (r"(?i:\bmain\b)", (False, False)),  # scoped flags are not analysed
        (r"\p{Lu}main\b", (False, False)),  # syntax the stdlib parser does not know
    ],
)
def test_literal_bounds(pattern: str, bounds: tuple[bool, bool]) -> None:
    assert literal_bounds(pattern, required_literals(pattern)) == bounds


@pytest.mark.parametrize(
    "pattern, companions",
    [
        (r"\btel(?:le)?s?[ \t]{1,3}qu(?:e|['’])[ \t]{0,3}(?:annoncée?s?|prévue?s?)\b", (("tel",),)),
        (r"\b(?:Lire|Voir) (?:aussi|également)", ((" aussi", " également"), ("lire", "voir"))),  # the space read with what follows
        # The run before an alternation read with each alternative's start, as when the parser takes a common start out.
        (r"\bopér(?:er|é)[ \t]+(?:une|des)[ \t]+usines?\b", (("opér",), ("opérer", "opéré"), ("des", "une"))),
        (r"\b(?:opérer|opère)[ \t]+(?:une|des)[ \t]+usines?\b", (("opère", "opérer"), ("des", "une"), ("ère", "érer"))),
        (r"(?:foo )+main\b", (("main",),)),
        (r"\bmain\b", ()),  # nothing else is required
        (r"(?:x|main)[ \t]+bras\b(?=[ \t]+levé)", ()),  # an alternative without a literal; a lookahead is not in the match
    ],
)
def test_companion_literals(pattern: str, companions: tuple[tuple[str, ...], ...]) -> None:
    assert companion_literals(pattern, required_literals(pattern)) == companions


def test_bounds_and_companions_find_what_a_whole_text_search_finds() -> None:
    """Hits inside longer words, and hits with no companion near, switch nothing on; the matches are unchanged."""
    rules = [
        rule(r"\b(?P<span>lev(?:er|é|ait))[ \t]{1,3}(?:sa|ses|son)[ \t]{1,3}(?:main|mains|bras)\b", ignore_case=True),
        rule(r"\btel(?:le)?s?[ \t]{1,3}qu(?:e|['’])[ \t]{0,3}(?:annoncée?s?|prévue?s?)\b"),
        rule(r"(?<!\w)(?:Lire|Voir) (?:aussi|également)\b"),
    ]
    rules = [Rule(**{**r.__dict__, "id": f"t.p{i}"}) for i, r in enumerate(rules)]
    # The first rule looks for "lev..." (rarer in French than "main", `rarest_set`): "main" is its companion.
    assert [r.params["bounds"] for r in rules] == [(False, False), (False, False), (True, True)]
    assert rules[0].params["prefilter"] == ("levait", "lever", "levé") and ("bras", "main", "mains") in rules[0].params["confirm"]
    assert all(r.params["confirm"] for r in rules)
    find = KINDS["pattern"].compile(rules, None, {})
    text = (
        "Demain, maintenant, il lève la main. Il a levé sa main et levait ses bras. Telle qu'annoncée, la réforme "
        "est annoncée ; les mesures telles que prévues. Voir aussi : la suite. Il faut aussi voir. Revoir également."
    )
    doc = Document(text)
    expected = [(r.id, m.start, m.end) for r in rules for m in _run_one(r, doc, 1.0, print)]
    assert len(expected) == 4  # "Telle" is capitalised: the second rule is case-sensitive
    assert [(m.rule.id, m.start, m.end) for m in find(doc, print)] == expected


@pytest.mark.parametrize(
    "own, others, bounds, chosen",
    [
        (("conseil",), (("léga",),), (False, False), ("léga",)),  # a common word gives way to a rare stem
        (("léga",), (("conseil",),), (False, False), ("léga",)),
        (("jour",), (("fin",),), (False, False), ("jour",)),  # not rare enough
        (("main",), (("conseil",),), (False, False), ("conseil",)),
        (("main",), (("conseil",),), (True, True), ("main",)),  # not rare enough once bounded on both sides
        (("ue au",), (("léga",),), (False, False), ("ue au",)),  # a literal without a word of 3 letters is not weighed
        (("conseil",), (("ue au",),), (False, False), ("conseil",)),
        (("conseil",), (("2019",),), (False, False), ("conseil",)),  # a number is not weighed: no word list holds it
    ],
)
def test_rarest_set(own: tuple[str, ...], others: tuple[tuple[str, ...], ...], bounds: tuple[bool, bool], chosen: tuple[str, ...]) -> None:
    assert rarest_set(own, others, bounds) == chosen


def test_given_prefilter_switches_a_rule_on_and_its_own_literals_say_where_to_search() -> None:
    """A rule with a given prefilter runs only where that prefilter occurs, and then only near its pattern's own literals."""
    pattern = r"\b(?P<span>au-delà[ \t]{1,3}de[ \t]{1,3}(?:notre|leur)[ \t]{1,3}contrôle)\b"
    params = _parse({"pattern": pattern, "prefilter": ["ministre"]})
    assert params["prefilter"] == ("ministre",) and params["near"] == required_literals(pattern) and params["scope"] != WHOLE_TEXT
    r = Rule(id="t.g", kind="pattern", category="style/boilerplate", severity=Severity.MINOR, message="m", languages=("fr",), params=params)
    find = KINDS["pattern"].compile([r], None, {})
    for text in (
        "Le ministre : c'est au-delà de notre contrôle. Au-delà  de leur\tcontrôle !",
        "au-delà de notre contrôle (ministre)",
        "Ministre. Au-delà de notre Contrôle, au-delà de leur controle.",
        "Le ministre. Au-delà de notre pouvoir ; un contrôle.",
    ):
        doc = Document(text)
        expected = [(m.start, m.end) for m in _run_one(r, doc, 1.0, print)]
        assert [(m.start, m.end) for m in find(doc, print)] == expected, text
    assert list(find(Document("Au-delà de notre contrôle."), print)) == []  # matches, but the given prefilter is absent


@pytest.mark.parametrize("pattern, ignore_case", PATTERNS + OFFSET_PATTERNS + [(r"(?m)^Leave a (?:Comment|Reply)$", False)])
def test_may_match_is_false_only_where_the_search_finds_nothing(pattern: str, ignore_case: bool) -> None:
    """The cheap first-match test agrees with the search it spares, over the whole text, near the literals and at their offsets."""
    r = rule(pattern, ignore_case)
    seen = {True: 0, False: 0}
    for text in TEXTS + ["", "Leave a\nComment", "x" * 30]:
        doc = Document(text)
        spots = [(i, i + len(lit)) for lit in r.params["prefilter"] for i in range(len(text)) if doc.folded.startswith(lit, i)]
        ways: list[dict] = [{}, {"ranges": search_ranges(doc, spots, r.params["scope"])}] if spots else [{}]
        if spots and r.params["offsets"]:
            ways.append({"starts": match_starts(doc, spots, r.params["offsets"])})
        for way in ways:
            found = any(True for _ in _run_one(r, doc, 1.0, print, **way))
            may = _may_match(r, doc, 1.0, **way)
            assert may or not found, (text[:40], way)
            seen[may] += 1
    assert seen[True] and seen[False]
