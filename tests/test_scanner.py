"""The scanner on small texts: exact spans, positions, normalisation and context conditions."""

from __future__ import annotations

import textwrap
from pathlib import Path

from auditor.document import Document, fold
from auditor.ruleset.loader import load_file
from auditor.scanner import Engine, audit
from auditor.ruleset.loader import RuleSet


def engine_for(tmp_path: Path, rules_yaml: str) -> Engine:
    """Compile an engine from YAML rule text alone (no built-in rules)."""
    path = tmp_path / "r.yaml"
    path.write_text("defaults:\n  languages: [fr]\n  category: accuracy/entity\n  severity: major\n" + textwrap.dedent(rules_yaml), encoding="utf-8")
    rules, entries = load_file(path)
    return Engine(RuleSet(tuple(rules), tuple(entries), (str(path),), "test"))


def spans(engine: Engine, text: str) -> list[tuple[str, int, int, str, tuple[str, ...]]]:
    """Return (rule id, line, column, text, suggestions) for each finding."""
    result = audit(Document(text, language="fr"), engine.for_language("fr"))
    return [(f.rule_id, f.line, f.column, f.text, f.suggestions) for f in result.findings]


SUBST = """\
rules:
  - id: t.star
    kind: substitution
    message: m
    replace: {"lien d'étoile": Starlink}
    examples: {flag: ["[[lien d'étoile]]"], pass: ["x"]}
  - id: t.ilon
    kind: substitution
    message: m
    match_case: true
    replace: {Ilon Musk: Elon Musk}
    examples: {flag: ["[[Ilon Musk]]"], pass: ["x"]}
  - id: t.plain
    kind: substitution
    message: m
    match_accents: false
    replace: {télécom: télécoms}
    examples: {flag: ["[[télécom]]"], pass: ["x"]}
"""


def test_positions_count_characters_not_bytes(tmp_path: Path) -> None:
    """Lines and columns are 1-based and count characters, after accented text."""
    eng = engine_for(tmp_path, SUBST)
    text = "Élection « étonnante » : Ilon Musk\nÀ l’été, Ilon Musk."
    assert spans(eng, text) == [
        ("t.ilon", 1, 26, "Ilon Musk", ("Elon Musk",)),
        ("t.ilon", 2, 10, "Ilon Musk", ("Elon Musk",)),
    ]


def test_apostrophes_are_equivalent_and_reported_verbatim(tmp_path: Path) -> None:
    """' and ’ match each other; the finding shows the document's own characters."""
    eng = engine_for(tmp_path, SUBST)
    assert spans(eng, "Le lien d’étoile et le Lien d'étoile.") == [
        ("t.star", 1, 4, "lien d’étoile", ("Starlink",)),
        ("t.star", 1, 24, "Lien d'étoile", ("Starlink",)),
    ]


def test_whole_words_case_and_accents(tmp_path: Path) -> None:
    """Forms match whole words; match_case and match_accents behave as declared."""
    eng = engine_for(tmp_path, SUBST)
    assert spans(eng, "ilon musk, Ilon Muskovitch, XIlon Musk") == []
    assert spans(eng, "Le telecom et le TÉLÉCOM, pas télécommande.") == [
        ("t.plain", 1, 4, "telecom", ("télécoms",)),
        ("t.plain", 1, 18, "TÉLÉCOM", ("Télécoms",)),  # capitalised like the match
    ]


def test_normalisation_does_not_shift_offsets() -> None:
    """Characters whose lowercase is longer (İ) keep the folded text the same length."""
    text = "İstanbul’da ŒUVRE ﬁn"
    assert len(fold(text)) == len(text)
    assert fold(text) == "İstanbul'da œuvre ﬁn"


def test_pattern_span_group_and_suggestion_template(tmp_path: Path) -> None:
    """A named group `span` narrows the finding; the suggestion expands groups."""
    eng = engine_for(
        tmp_path,
        r"""
        rules:
          - id: t.date
            kind: pattern
            category: locale-convention/date-format
            message: m
            pattern: '\bvendredi,? (?P<span>(?P<m>octobre) (?P<d>\d+))\b'
            suggest: '\g<d> \g<m>'
            examples: {flag: ["vendredi, [[octobre 25]]"], pass: ["x"]}
        """,
    )
    assert spans(eng, "vendredi, octobre 25") == [("t.date", 1, 11, "octobre 25", ("25 octobre",))]


CONTEXT = """\
rules:
  - id: t.masque
    kind: substitution
    message: m
    replace: {masque: Musk}
    context:
      mentions: [SpaceX, Tesla]
      unless: ['porter (?:un|le) masque', 'masque (?:chirurgical|à gaz)']
    examples: {flag: ["Tesla. Le [[masque]] a dit."], pass: ["x"]}
  - id: t.near
    kind: substitution
    message: m
    replace: {missile: fusée}
    context:
      near: [spatial]
      within: 3
    examples: {flag: ["un [[missile]] pour le programme spatial"], pass: ["x"]}
  - id: t.sentence
    kind: substitution
    message: m
    replace: {monde: paix}
    context:
      near: [Trump]
    examples: {flag: ["Trump restaure son [[monde]]."], pass: ["x"]}
"""


def test_mentions_and_antipatterns(tmp_path: Path) -> None:
    """A rule fires only in documents mentioning its terms, and never inside an antipattern."""
    eng = engine_for(tmp_path, CONTEXT)
    assert spans(eng, "Le masque a déclaré que tout allait bien.") == []
    text = "Chez Tesla, il faut porter un masque chirurgical. Le masque a déclaré : non."
    assert spans(eng, text) == [("t.masque", 1, 54, "masque", ("Musk",))]


def test_near_within_words_and_same_sentence(tmp_path: Path) -> None:
    """`within` counts words on either side; without it the term must share the sentence."""
    eng = engine_for(tmp_path, CONTEXT)
    assert spans(eng, "acheter un missile pour son spatial") == [("t.near", 1, 12, "missile", ("fusée",))]
    assert spans(eng, "acheter un missile pour son grand et beau programme spatial") == []
    assert spans(eng, "Trump a dit. Il restaure son monde.") == []
    assert spans(eng, "Il restaure son monde, dit Trump.") == [("t.sentence", 1, 17, "monde", ("paix",))]


def test_same_span_keeps_most_severe_rule(tmp_path: Path) -> None:
    """Two rules on one span count once: the more severe wins."""
    eng = engine_for(
        tmp_path,
        """
        rules:
          - id: t.a
            kind: substitution
            message: m
            severity: minor
            replace: {Isaxon: Isaacson}
            examples: {flag: ["[[Isaxon]]"], pass: ["x"]}
          - id: t.b
            kind: substitution
            message: m
            severity: critical
            replace: {Isaxon: Isaacson}
            examples: {flag: ["[[Isaxon]]"], pass: ["x"]}
        """,
    )
    assert [f[0] for f in spans(eng, "Walter Isaxon")] == ["t.b"]


def test_excerpt_is_one_line_with_context() -> None:
    """The excerpt shows the match with surrounding text of its own line only."""
    doc = Document("premier\n" + "a" * 50 + " Ilon Musk " + "b" * 50 + "\nfin")
    start = doc.text.index("Ilon")
    assert doc.excerpt(start, start + 9, width=5) == "…aaaa Ilon Musk bbbb…"


def test_container_of_same_category_gives_way_to_specific_finding(tmp_path: Path) -> None:
    """A broad finding that contains a precise one of the same category and severity is dropped."""
    eng = engine_for(
        tmp_path,
        r"""
        rules:
          - id: t.broad
            kind: pattern
            category: accuracy/untranslated
            message: m
            pattern: 'Leave a Comment\nThis site uses Akismet\.'
            examples: {flag: ["[[Leave a Comment\nThis site uses Akismet.]]"], pass: ["x"]}
          - id: t.precise
            kind: pattern
            category: accuracy/untranslated
            message: m
            pattern: 'This site uses Akismet\.'
            examples: {flag: ["[[This site uses Akismet.]]"], pass: ["x"]}
          - id: t.other
            kind: pattern
            category: style/boilerplate
            message: m
            severity: minor
            pattern: 'Leave a Comment'
            examples: {flag: ["[[Leave a Comment]]"], pass: ["x"]}
        """,
    )
    assert [(f[0], f[3]) for f in spans(eng, "Leave a Comment\nThis site uses Akismet.")] == [
        ("t.other", "Leave a Comment"),
        ("t.precise", "This site uses Akismet."),
    ]


STEP_TEXTS = (
    "Le patron de Tesla, Ilon Musk, a parlé du lien d'étoile.",
    "Un texte propre, sans rien à signaler.",
    "Le te\u0301le\u0301com de Ilon Musk.",  # decomposed accents: matched on the composed view, reported on the text
    "Le patron de Tesla, Ilon Musk, a parlé du lien d'étoile.",
)


def test_audit_many_gives_each_document_its_own_audit(tmp_path: Path) -> None:
    """Step by step over a chunk, each document gets exactly the findings and notes it gets alone."""
    from auditor.scanner import audit_many

    compiled = engine_for(tmp_path, SUBST).for_language("fr")
    alone = [audit(Document(text, language="fr"), compiled) for text in STEP_TEXTS]
    together = audit_many([Document(text, language="fr") for text in STEP_TEXTS], compiled)
    assert together == alone
    assert [[(f.rule_id, f.start, f.end, f.text) for f in a.findings] for a in together] == [
        [("t.ilon", 20, 29, "Ilon Musk"), ("t.star", 42, 55, "lien d'étoile")],
        [],
        [("t.plain", 3, 12, "te\u0301le\u0301com"), ("t.ilon", 16, 25, "Ilon Musk")],
        [("t.ilon", 20, 29, "Ilon Musk"), ("t.star", 42, 55, "lien d'étoile")],
    ]


def test_audit_many_keeps_an_exception_to_its_own_document(tmp_path: Path) -> None:
    """A step that raises on one document ends that document's audit only: the others are audited in full."""
    from auditor.kinds import Steps
    from auditor.scanner import CompiledRules, audit_many

    compiled = engine_for(tmp_path, SUBST).for_language("fr")

    def boom(doc: Document, on_error: object) -> list:
        if "boom" in doc.text:
            raise ValueError("detector bug")
        return []

    failing = CompiledRules((Steps((boom, *compiled.matchers)),), compiled.contexts)
    texts = (STEP_TEXTS[0], "boom: Ilon Musk", STEP_TEXTS[2])
    out = audit_many([Document(text, language="fr") for text in texts], failing)
    assert isinstance(out[1], ValueError) and str(out[1]) == "detector bug"
    assert [out[0], out[2]] == [audit(Document(texts[0], language="fr"), compiled), audit(Document(texts[2], language="fr"), compiled)]
    assert len(out[0].findings) == 2
