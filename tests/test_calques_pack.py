"""The calque packs (rules/fr/calques.yaml, calques-2.yaml): sourced, example-rich, never auto-fixed, and cheap to run."""

from __future__ import annotations

import pytest

from auditor.kinds.pattern import WHOLE_TEXT
from auditor.model import Severity
from auditor.ruleset.loader import load_ruleset

PACK = [r for r in load_ruleset().rules if r.source.startswith(("rules/fr/calques.yaml#", "rules/fr/calques-2.yaml#"))]
PACK_2 = [r for r in PACK if r.source.startswith("rules/fr/calques-2.yaml#")]
SOURCES = ("BDL", "Académie française", "TERMIUM")


def test_pack_holds_at_least_sixty_calque_rules() -> None:
    """Issue #12 asks for a pack of at least 60 rules, all under the fr.calque. prefix."""
    assert len(PACK) >= 60
    assert all(r.id.startswith("fr.calque.") for r in PACK)


@pytest.mark.parametrize("rule", PACK, ids=[r.id for r in PACK])
def test_rule_names_its_source_and_needs_an_editor(rule) -> None:
    """Each rule cites a published source, carries two examples of each kind, and is never applied automatically."""
    assert any(name in rule.description for name in SOURCES), rule.description
    assert len(rule.flag_examples) >= 2 and len(rule.pass_examples) >= 2
    assert not rule.fix


@pytest.mark.parametrize("rule", PACK, ids=[r.id for r in PACK])
def test_rule_runs_only_around_its_literals(rule) -> None:
    """A pattern without literals, or with a hand-written prefilter (whole-text scope), would slow every document."""
    assert rule.kind == "pattern"
    assert rule.params["prefilter"], "no required literal: the regex would run on every document"
    assert rule.params["scope"] != WHOLE_TEXT


def test_major_severity_is_kept_for_meaning_changing_calques() -> None:
    """Major findings count against the human-text budget: only accuracy errors may be major."""
    majors = [r for r in PACK if r.severity is not Severity.MINOR]
    assert all(r.severity is Severity.MAJOR and r.category.startswith("accuracy/") for r in majors)


@pytest.mark.parametrize("rule", PACK_2, ids=[r.id for r in PACK_2])
def test_second_pack_gives_the_address_of_the_entry_it_was_written_from(rule) -> None:
    """calques-2 rules name the entry they were written from and its address, in the description and as the link."""
    assert rule.link and rule.link.startswith("https://"), rule.id
    assert rule.link in rule.description


LATER_PACKS = ("rules/fr/calques-3.yaml#", "rules/fr/calques-4.yaml#", "rules/fr/calques-5.yaml#", "rules/fr/calques-6.yaml#", "rules/fr/calques-7.yaml#", "rules/fr/calques-8.yaml#")
LATER = [r for r in load_ruleset().rules if r.source.startswith(LATER_PACKS)]


def test_later_packs_hold_their_rules() -> None:
    """calques-3 to -8 add at least 150 rules between them, all under the fr.calque. prefix."""
    assert len(LATER) >= 150
    assert all(r.id.startswith("fr.calque.") for r in LATER)


@pytest.mark.parametrize("rule", LATER, ids=[r.id for r in LATER])
def test_later_pack_rule_links_its_source_and_needs_an_editor(rule) -> None:
    """Each rule names the entry it was written from or its address, carries examples of both kinds, needs a
    literal to run, and is never applied automatically."""
    named = (rule.link or "") + rule.description
    assert "http" in named or any(name in named for name in (*SOURCES, "Translation Bureau")), rule.id
    assert rule.flag_examples and rule.pass_examples
    assert not rule.fix
    assert rule.kind == "pattern" and rule.params["prefilter"], "no required literal: the regex would run on every document"
    # Major for a changed meaning, or for a construction French grammar rejects ("elle a été offerte un poste").
    assert rule.severity is Severity.MINOR or rule.category.startswith(("accuracy/", "fluency/grammar"))
