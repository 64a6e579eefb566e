"""The substitution kind's forms found by the pattern kind's scan give the same matches as its own scan."""

from __future__ import annotations

import pytest

from auditor.checks import Resources
from auditor.document import LARGE_DOCUMENT, Document
from auditor.kinds import KINDS, SHARED_HITS, Matches, load_kinds
from auditor.model import Rule, Severity

load_kinds()


def _rule(rule_id: str, kind: str, spec: dict) -> Rule:
    return Rule(
        id=rule_id, kind=kind, category="fluency/spelling", severity=Severity.MINOR, message="m", languages=("fr",),
        params=KINDS[kind].parse(spec),
    )


SUBSTITUTIONS = [
    # Forms ending at the same place ("gorbatchov" inside "mikhaïl gorbatchov"), one form that is
    # also a pattern literal ("perestroïka"), a case-exact one, one that must be a whole word.
    _rule("t.s1", "substitution", {"replace": {"gorbatchov": "Gorbatchev", "mikhaïl gorbatchov": ["Mikhaïl Gorbatchev"]}}),
    _rule("t.s2", "substitution", {"replace": {"perestroïka": "perestroïka", "Glasnot": "glasnost"}, "match_case": True}),
    _rule("t.s3", "substitution", {"replace": {"rouble": None, "l'oblast": "la région"}}),
]
PATTERNS = [
    _rule("t.p1", "pattern", {"pattern": r"\bla perestroïka\b", "ignore_case": True}),
    _rule("t.p2", "pattern", {"pattern": r"\bmikhaïl\b"}),
]
TEXTS = [
    "",
    "Mikhaïl Gorbatchov a lancé la perestroïka. GORBATCHOV aussi, et Glasnot, pas glasnot.",
    "Le rouble, les roubles et l’oblast de Koursk ; L'OBLAST ; mikhaïl gorbatchovski.",
    "Perestroïka\nla PERESTROÏKA\n\nmikhaïl   gorbatchov et mikhaïl gorbatchov",
]


def _matches(doc: Document, matcher) -> list[tuple]:
    """The matches as tuples, a large document's columns (`Matches`) taken apart."""
    return [(m.rule.id, m.start, m.end, m.suggestions) for found in matcher(doc, print) for m in (found if isinstance(found, Matches) else (found,))]


@pytest.mark.parametrize("text", TEXTS)
def test_substitutions_after_the_pattern_scan_equal_their_own_scan(text: str) -> None:
    resources = Resources()
    substitution = KINDS["substitution"].compile(SUBSTITUTIONS, resources, {})
    pattern = KINDS["pattern"].compile(PATTERNS, resources, {})
    alone = _matches(Document(text), substitution)
    doc = Document(text)
    _matches(doc, pattern)
    assert SHARED_HITS in doc._cache  # the pattern kind's scan found the forms for it
    assert _matches(doc, substitution) == alone
    if text:
        assert alone
        assert doc._cache[SHARED_HITS][1][max(doc._cache[SHARED_HITS][1])]  # the forms came from the pattern kind's scan


def test_the_expected_substitutions_are_found_after_the_pattern_scan() -> None:
    resources = Resources()
    substitution = KINDS["substitution"].compile(SUBSTITUTIONS, resources, {})
    pattern = KINDS["pattern"].compile(PATTERNS, resources, {})
    doc = Document(TEXTS[1])
    assert [(m[0], m[1], m[2]) for m in _matches(doc, pattern)] == [("t.p1", 27, 41)]
    assert _matches(doc, substitution) == [
        ("t.s1", 0, 18, ("Mikhaïl Gorbatchev",)),
        ("t.s1", 8, 18, ("Gorbatchev",)),
        ("t.s2", 30, 41, ("perestroïka",)),
        ("t.s1", 43, 53, ("Gorbatchev",)),
        ("t.s2", 64, 71, ("glasnost",)),
    ]


def test_a_large_document_is_scanned_by_the_substitution_kind_itself() -> None:
    resources = Resources()
    substitution = KINDS["substitution"].compile(SUBSTITUTIONS, resources, {})
    pattern = KINDS["pattern"].compile(PATTERNS, resources, {})
    text = "Gorbatchov et la perestroïka. " * (LARGE_DOCUMENT // 30 + 1)
    doc = Document(text)
    _matches(doc, pattern)
    assert SHARED_HITS not in doc._cache  # no list of every form found
    assert all(isinstance(found, Matches) for found in substitution(doc, print))  # columns, one per rule and suggestions
    found = sorted(_matches(doc, substitution), key=lambda m: (m[1], m[2]))
    assert len(found) == 2 * (LARGE_DOCUMENT // 30 + 1)
    assert found[:2] == [("t.s1", 0, 10, ("Gorbatchev",)), ("t.s2", 17, 28, ("perestroïka",))]


def test_the_pattern_kind_runs_before_the_substitution_kind() -> None:
    # The substitution kind reads the forms the pattern kind's scan found, so its matcher must come later.
    from auditor.scanner import compile_rules

    compiled = compile_rules([*SUBSTITUTIONS, *PATTERNS], Resources(), {})
    modules = [m.__module__ for m in compiled.matchers]
    assert modules.index("auditor.kinds.pattern") < modules.index("auditor.kinds.substitution")
    names = list(load_kinds())
    assert names.index("pattern") < names.index("substitution")


def test_the_kinds_run_in_their_order_whatever_imported_first(monkeypatch: pytest.MonkeyPatch) -> None:
    # A module importing auditor.kinds.substitution alone registers it first: the running order must not follow.
    import auditor.kinds as kinds

    load_kinds()
    reversed_registry = dict(reversed(list(kinds.KINDS.items())))
    monkeypatch.setattr(kinds, "KINDS", reversed_registry)
    assert list(load_kinds())[:3] == ["check", "pattern", "substitution"]
