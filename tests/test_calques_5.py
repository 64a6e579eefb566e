"""The fifth calque pack (rules/fr/calques-5.yaml): sourced, example-rich, never auto-fixed, and searched near its literals."""

from __future__ import annotations

import pytest

from auditor.kinds.pattern import WHOLE_TEXT
from auditor.model import Severity
from auditor.ruleset.loader import load_ruleset

PACK = [r for r in load_ruleset().rules if r.source.startswith("rules/fr/calques-5.yaml#")]
SOURCES = ("BDL", "Wiktionary (en)", "Lawless French", "House of Commons")
# Rules whose derived literal was a common word name whole phrases instead (whole-text scope, rare literals).
HAND_PREFILTER = {
    "fr.calque.balle-d-argent",
    "fr.calque.coller-a-ses-fusils",
    "fr.calque.orateur-de-la-chambre",
    "fr.calque.canette-sur-la-route",
    "fr.calque.courir-le-spectacle",
    "fr.calque.marcher-le-discours",
}


def test_pack_holds_at_least_forty_calque_rules() -> None:
    """The brief for the fifth pack asks for at least 40 rules, all under the fr.calque. prefix."""
    assert len(PACK) >= 40
    assert all(r.id.startswith("fr.calque.") for r in PACK)


@pytest.mark.parametrize("rule", PACK, ids=[r.id for r in PACK])
def test_rule_names_its_source_and_needs_an_editor(rule) -> None:
    """Each rule names its source and its address, carries two examples of each kind, and is never applied automatically."""
    assert any(name in rule.description for name in SOURCES), rule.description
    assert rule.link and rule.link.startswith(("https://", "http://"))
    assert len(rule.flag_examples) >= 2 and len(rule.pass_examples) >= 2
    assert not rule.fix


@pytest.mark.parametrize("rule", PACK, ids=[r.id for r in PACK])
def test_rule_runs_only_where_its_literals_occur(rule) -> None:
    """A pattern without literals would run on every document; a derived literal must keep the search near it."""
    assert rule.kind == "pattern"
    assert rule.params["prefilter"], "no required literal: the regex would run on every document"
    assert (rule.params["scope"] == WHOLE_TEXT) == (rule.id in HAND_PREFILTER)


def test_major_severity_is_kept_for_meaning_changing_calques() -> None:
    """Only accuracy errors may be major: the rest of the pack is minor."""
    majors = [r for r in PACK if r.severity is not Severity.MINOR]
    assert all(r.severity is Severity.MAJOR and r.category.startswith("accuracy/") for r in majors)
