"""Structure checks: boilerplate, duplicates, fragments and typography, encoding damage."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checks import CHECKS, Resources, load_all
from auditor.document import Document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
STRUCTURE_RULES = ROOT / "rules" / "fr" / "structure.yaml"

load_all()


def sample(prefix: str) -> str:
    """Return the text of the seed article whose name starts with `prefix`."""
    return next(SAMPLES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def run(check: str, text: str, **params) -> list[tuple[str, tuple[str, ...], str]]:
    """Run one check on `text`; return (flagged text, suggestions, detail) per hit."""
    detect = CHECKS[check].factory(params, Resources())
    return [(text[h.start:h.end], h.suggestions, h.detail) for h in detect(Document(text))]


def spans(check: str, text: str, **params) -> list[tuple[int, int]]:
    """Run one check on `text`; return the hit spans."""
    detect = CHECKS[check].factory(params, Resources())
    return [(h.start, h.end) for h in detect(Document(text))]


def span_of(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """Return the span of the `occurrence`-th `needle` in `text`."""
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


# ------------------------------------------------------------------- the seeds


def test_001_share_button_run_is_one_finding():
    text = sample("001")
    assert spans("share-buttons", text) == [span_of(text, "Facebook\nTwitter\nLinkedIn\nPinterest")]


def test_001_hashtag_line():
    text = sample("001")
    line = next(l for l in text.splitlines() if l.startswith("#Les"))
    assert run("hashtag-line", text) == [(line, (), "13 hashtags")]


def test_001_fragment():
    text = sample("001")
    assert spans("sentence-fragment", text) == [span_of(text, "lui. discussions")]


def test_000_fragments():
    text = sample("000")
    assert spans("sentence-fragment", text) == [
        span_of(text, "personnels. le"),
        span_of(text, "». en"),
    ]


def test_000_unbalanced_guillemets():
    text = sample("000")
    journal = text.index("Journal » a rapporté") + len("Journal ")
    ukraine = text.index("en Ukraine »") + len("en Ukraine ")
    assert spans("unbalanced-quotes", text) == [(journal, journal + 1), (ukraine, ukraine + 1)]


def test_000_reworded_duplicate_lead():
    text = sample("000")
    dup = next(l for l in text.splitlines() if l.startswith("Selon un rapport, Elon Musk"))
    assert run("duplicate-paragraphs", text) == [(dup, (), "repeats line 1 reworded (chrF 89)")]


def test_003_space_before_punctuation():
    text = sample("003")
    hits = run("space-before-punctuation", text)
    assert hits == [(" .", (".",), ""), (" ,", (",",), ""), (" ,", (",",), "")]
    expected = [
        (text.index("Jinping .") + 7, text.index("Jinping .") + 9),
        (text.index("2022 ,") + 4, text.index("2022 ,") + 6),
        (text.index("Newsweek ,") + 8, text.index("Newsweek ,") + 10),
    ]
    assert spans("space-before-punctuation", text) == expected


def test_003_share_label():
    text = sample("003")
    assert run("share-buttons", text) == [("Partager", (), "1 share-button line(s)")]


@pytest.mark.parametrize(
    "check",
    ["share-buttons", "hashtag-line", "sentence-fragment", "unbalanced-quotes", "doubled-words",
     "space-before-punctuation", "english-quotes", "duplicate-paragraphs", "mojibake",
     "replacement-character", "control-character"],
)
def test_human_seed_002_is_clean(check):
    assert run(check, sample("002")) == []


@pytest.mark.parametrize(
    "check",
    ["hashtag-line", "sentence-fragment", "unbalanced-quotes", "doubled-words", "english-quotes",
     "duplicate-paragraphs", "mojibake", "replacement-character", "control-character"],
)
def test_human_seed_003_is_clean_apart_from_leftovers(check):
    assert run(check, sample("003")) == []


# --------------------------------------------------- the rule file on the seeds


def _audit_with_structure_rules(text: str) -> list[tuple[str, str]]:
    """Audit `text` with rules/fr/structure.yaml alone; return (rule id, flagged text)."""
    from auditor.ruleset.loader import load_file
    from auditor.scanner import audit, compile_rules

    rules, _ = load_file(STRUCTURE_RULES)
    compiled = compile_rules(rules, Resources(), {})
    return [(f.rule_id, f.text) for f in audit(Document(text, language="fr"), compiled).findings]


def test_rules_on_003_flag_only_the_leftovers():
    assert _audit_with_structure_rules(sample("003")) == [
        ("fr.locale.english-date-order", "vendredi, octobre 25"),
        ("fr.boilerplate.navigation", "Suivez la couverture complète"),
        ("fr.typography.space-before-punctuation", " ."),
        ("fr.typography.space-before-punctuation", " ,"),
        ("fr.typography.space-before-punctuation", " ,"),
        ("fr.boilerplate.share-buttons", "Partager"),
        ("fr.untranslated.navigation", "Exit mobile version"),
    ]


def test_rules_on_002_flag_nothing():
    assert _audit_with_structure_rules(sample("002")) == []


def test_rules_on_001_flag_the_english_leftovers():
    found = _audit_with_structure_rules(sample("001"))
    assert ("fr.untranslated.comment-form", "Leave a Comment") in found
    assert (
        "fr.untranslated.anti-spam",
        "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
    ) in found


def test_rules_on_000_flag_metadata_and_photo_credits():
    found = _audit_with_structure_rules(sample("000"))
    assert ("fr.boilerplate.metadata-line", "date 2024-10") in found
    assert ("fr.boilerplate.photo-credit", "PA") in found
    assert ("fr.boilerplate.photo-credit", "Getty Images") in found


# ------------------------------------------------------------- boilerplate


def test_share_buttons_across_blank_lines_and_on_one_line():
    text = "Fin.\n\nPartager sur Facebook | Partager sur X\n\nCopier le lien\n\nLa suite de l'article."
    assert run("share-buttons", text) == [
        ("Partager sur Facebook | Partager sur X\n\nCopier le lien", (), "2 share-button line(s)")
    ]


def test_share_buttons_two_runs_split_by_prose():
    text = "Facebook\nTwitter\nUn paragraphe.\nWhatsApp\n"
    assert run("share-buttons", text) == [
        ("Facebook\nTwitter", (), "2 share-button line(s)"),
        ("WhatsApp", (), "1 share-button line(s)"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Imprimer\nE-mail\n",  # weak labels only
        "Facebook a annoncé un nouveau service.",
        "Il a publié sur Facebook, Twitter et LinkedIn.",
    ],
)
def test_share_buttons_pass(text):
    assert run("share-buttons", text) == []


def test_hashtag_line_needs_three_tags_and_a_majority():
    assert run("hashtag-line", "  #Tesla #SpaceX #Starlink  \n") == [("#Tesla #SpaceX #Starlink", (), "3 hashtags")]
    assert run("hashtag-line", "#Tesla #SpaceX\n") == []
    assert run("hashtag-line", "Les mots-clés #Tesla, #SpaceX et #Starlink circulent beaucoup sur le réseau social.") == []
    assert run("hashtag-line", "# Titre Markdown\nTexte & #123 ;") == []


# -------------------------------------------------------------- duplicates


def test_exact_duplicate_names_the_first_line():
    para = "Le gouvernement a présenté mardi son projet de budget pour l'année prochaine."
    text = f"{para}\n\nLes syndicats protestent.\n\n{para}\n"
    assert run("duplicate-paragraphs", text) == [(para, (), "repeats line 1 word for word")]
    assert spans("duplicate-paragraphs", text)[0][0] == text.rindex(para)


def test_duplicates_ignore_short_and_different_paragraphs():
    text = (
        "Partager\n\nPartager\n\n"
        "Le gouvernement a présenté mardi son projet de budget pour l'année prochaine.\n\n"
        "Le gouvernement a présenté mercredi son plan de relance pour les entreprises du secteur.\n"
    )
    assert run("duplicate-paragraphs", text) == []


def test_paragraph_words_are_the_folded_word_runs_of_each_paragraph():
    doc = Document("  L’État a dit : « OUI ».\r\n\n\tX_1 c'est-à-dire 2024\n")
    assert doc.paragraph_words == (["l", "état", "a", "dit", "oui"], ["x_1", "c", "est", "à", "dire", "2024"])
    assert Document("").paragraph_words == ()


def test_duplicates_need_two_paragraphs():
    para = "Le gouvernement a présenté mardi son projet de budget pour l'année prochaine."
    assert run("duplicate-paragraphs", f"  {para} {para}\n") == []
    assert run("duplicate-paragraphs", f"{para}\r\n{para}") == [(para, (), "repeats line 1 word for word")]


def test_duplicates_threshold_param():
    a = "Le gouvernement a présenté mardi son projet de budget pour l'année prochaine devant les députés."
    b = "Le gouvernement a présenté mardi son projet de budget pour l'an prochain devant les sénateurs."
    text = f"{a}\n{b}\n"
    assert len(run("duplicate-paragraphs", text, threshold=60)) == 1
    assert run("duplicate-paragraphs", text, threshold=99) == []



HEADLINE = "Elon Musk a régulièrement communiqué avec Vladimir Poutine depuis deux ans, selon un rapport"
LEAD = (
    "Elon Musk aurait régulièrement communiqué avec le président russe Vladimir Poutine depuis deux ans, "
    "selon un rapport du Wall Street Journal."
)


def test_lead_restating_the_headline_is_not_a_duplicate():
    """Issue #12: a short title without a final full stop, then a lead saying it again in other words."""
    assert run("duplicate-paragraphs", f"{HEADLINE}\n\n{LEAD}") == []
    # A duplicate when the first line is a sentence (chrF 73 with its full stop), or without the headline rule.
    assert run("duplicate-paragraphs", f"{HEADLINE}.\n\n{LEAD}") == [(LEAD, (), "repeats line 1 reworded (chrF 73)")]
    assert run("duplicate-paragraphs", f"{HEADLINE}\n\n{LEAD}", headline_words=5) == [(LEAD, (), "repeats line 1 reworded (chrF 74)")]


def test_a_headline_copied_near_identically_is_still_a_duplicate():
    """Machine duplication of a title repeats it (near-)identically: chrF 90 or more, or word for word."""
    near = HEADLINE.replace("depuis deux ans", "depuis les deux ans")
    text = f"{HEADLINE}\n\nLe Kremlin dément.\n\n{near}"
    assert run("duplicate-paragraphs", text) == [(near, (), "repeats line 1 reworded (chrF 96)")]
    assert run("duplicate-paragraphs", f"{HEADLINE}\n\n{HEADLINE}") == [(HEADLINE, (), "repeats line 1 word for word")]
    assert run("duplicate-paragraphs", text, headline_threshold=99) == []


def test_heading_shape():
    from auditor.checks.typography import is_heading

    assert is_heading("Le « quatuor frugal » veut poursuivre sa coopération", 7, 20)
    assert is_heading("Le gouvernement va-t-il tomber ?", 5, 20)
    assert not is_heading("Il a dit « non. »", 4, 20)
    assert not is_heading("Le gouvernement a démissionné.", 4, 20)
    assert not is_heading("Le gouvernement a démissionné", 4, 3)


@pytest.mark.parametrize("beta", [1, 2])
def test_duplicate_chrf_equals_sacrebleu_to_the_last_bit(beta):
    from sacrebleu.metrics import CHRF

    from auditor.checks.duplicates import _ChrfPairs

    paras = [p for p in sample("004").split("\n") if len(p.split()) >= 8][:8]
    paras += ["x", "Le gouvernement a présenté mardi son projet de budget.", "Le gouvernement présente son budget mardi."]
    pairs = _ChrfPairs(paras, beta)
    metric = CHRF(beta=beta)
    compared = 0
    for i in range(len(paras)):
        for j in range(len(paras)):
            if i != j:
                assert pairs.score(i, j, 0.0) == metric.sentence_score(paras[i], [paras[j]]).score
                compared += 1
    assert compared == 110

def test_chrf_match_stats_and_totals():
    from auditor.checks.duplicates import _ChrfPairs, _char_ngrams, _match_stats

    pairs = _ChrfPairs(["ab ab a", "ba b", "x"], 1)
    assert [pairs.total(0, n) for n in (1, 2, 5, 6)] == [5, 4, 1, 0]
    assert all(pairs.total(i, n) == sum(_char_ngrams(t, n).values()) for i, t in enumerate(pairs.texts) for n in (1, 2, 6))
    hyp, ref = _char_ngrams("ab ab a", 2), _char_ngrams("ba b", 2)  # ab ba ab ba / ba ab
    assert _match_stats(hyp, ref, 4, 2) == [4, 2, 2]
    assert _match_stats(hyp, _char_ngrams("x", 2), 4, 0) == [0, 0, 0]


# ------------------------------------------------- fragments and typography


@pytest.mark.parametrize(
    "text, flagged",
    [
        ("des relations avec lui. discussions avec le président", ["lui. discussions"]),
        ("la guerre ». en Ukraine", ["». en"]),
        ("Il a dit « non. » puis il est parti. ensuite il a dormi.", ["parti. ensuite"]),
        ("Il a cité l’Ukraine. d’après lui, rien.", ["l’Ukraine. d’après"]),
        # An agency name that does not end the line continues the sentence.
        ("Il a parlé avec lui. afp a confirmé la rencontre.", ["lui. afp"]),
        # A lowercase word closing a parenthesis is no abbreviation.
        ("Il est parti (il était tard.) et il a dormi.", ["tard.) et"]),
        # A common French word ending the line is no signature, however short.
        ("Le texte a été rejeté par les députés. non\nLa suite.", ["députés. non"]),
    ],
)
def test_fragment_flags(text, flagged):
    assert [t for t, _, _ in run("sentence-fragment", text)] == flagged


@pytest.mark.parametrize(
    "text",
    [
        "Plusieurs pays (Allemagne, Italie, etc. et la France).",
        "Voir p. 12, cf. chapitre 3, env. trois cents pages, ex. celles-ci.",
        "Il est né en 52 av. J.-C. et mourut jeune.",
        "M. dupont et Mme. durand sont arrivés.",
        "Je sais . . . la raison est simple.",
        "Le site www.lemonde.fr publie. Il est lu, voir lemonde.fr. ou pas.",
        "Il compte 3. les autres non.",
        "Un appareil. iPhone et eBay sont concernés.",
        "Le contact : jean.dupont@exemple.fr. merci.",
        "C’est-à-dire, c.-à-d. que rien ne change.",
        # Agency credits ending a dispatch (issue #12).
        "« Nous n’avons rien à cacher », a-t-il dit ». dpa",
        "« Nous n’avons rien à cacher ». afp\n\nLa suite.",
        "Le gouvernement a démissionné mardi. dpa/ml\r\n",
        "Le gouvernement a démissionné mardi. afp, ats",
        "Le gouvernement a démissionné mardi. (AFP)",
        "Le gouvernement a démissionné mardi. — AFP",
        # A code the list lacks, alone or before a known agency.
        "Le trafic a repris entre Kiel et Lübeck. dts/dpa",
        "La séance est levée à 19 heures. idw\nLa suite.",
        # Abbreviations (issue #12).
        "Le sénateur John McCain (R-Ariz.) a déclaré que rien ne change.",
        "Le sénateur Chuck Schumer (D-N.Y.) a déclaré que rien ne change.",
        "Martin Luther King Jr. a été assassiné, et St. Louis a pleuré.",
        "Il est mort en 44 av. J.-C. après la bataille, p. ex. selon Plutarque.",
    ],
)
def test_fragment_passes(text):
    assert run("sentence-fragment", text) == []


def test_fragment_extra_abbreviations():
    text = "Voir chap. trois et ann. deux."
    assert [t for t, _, _ in run("sentence-fragment", text)] == ["ann. deux"]
    assert run("sentence-fragment", text, extra_abbreviations=["ann."]) == []


def test_unbalanced_marks_of_every_kind():
    text = 'Il a dit « non.\nIl a dit ” oui.\nIl a dit "peut-être" puis "non.\nLe rapport (publié mardi est long.\n'
    assert run("unbalanced-quotes", text) == [
        ("«", (), "no matching »"),
        ("”", (), "no matching “"),
        ('"', (), 'odd number of " in the section'),
        ("(", (), "no matching )"),
    ]
    assert run("unbalanced-quotes", 'Il a dit "peut-être" puis "non.') == [('"', (), 'odd number of " in the paragraph')]


def test_unbalanced_quotes_multi_paragraph_quotation_passes():
    text = "Il a déclaré : « Nous irons jusqu'au bout.\n« Rien ne nous arrêtera », a-t-il ajouté.\n"
    assert run("unbalanced-quotes", text) == []
    text = "Il a déclaré : « Nous irons jusqu'au bout.\nRien ne nous arrêtera », a-t-il ajouté.\n"
    assert run("unbalanced-quotes", text) == []


@pytest.mark.parametrize(
    "text",
    [
        # Issue #12: a quotation over several paragraphs, in each French convention.
        "Il a déclaré : « Nous irons jusqu'au bout.\n\n« Rien ne nous arrêtera.\n\n« Jamais. »\n\nLa suite.",
        "Il a déclaré : « Nous irons jusqu'au bout.\n\n» Rien ne nous arrêtera.\n\n» Jamais », a-t-il dit.",
        "Il a déclaré : « Nous irons jusqu'au bout.\n\nUn.\n\nDeux.\n\nTrois.\n\nRien ne nous arrêtera », a-t-il ajouté.",
        "Il a déclaré : « Nous irons jusqu'au bout\n», a-t-il dit.",
        "He said: “We will win.\n\n“Nothing will stop us.”",
        'Il a dit : "Nous irons jusqu\'au bout.\n\n"Rien ne nous arrêtera."',
        # Nesting, with the closing marks fused (French writes one » for two quotations).
        "« Je le dis en père qui devra répondre à sa fille : « Qu’as-tu fait ? », écrit-il ; « Se retirer peut être une forme de leadership ».",
        "Il a dit : « C’est “absurde”, vraiment. » Puis : « Il a dit “non ! » Enfin : « Il a parlé du \"plan B ».",
        "Le « quatuor frugal » veut poursuivre sa coopération\n\n« Au sein du groupe des « Frugaux », nous allons continuer », a déclaré Kurz.",
    ],
)
def test_unbalanced_quotes_correct_french_passes(text):
    assert run("unbalanced-quotes", text) == []


def test_unbalanced_quotes_balance_within_a_section():
    """A heading or an unusually long gap ends a section: marks do not balance across it."""
    text = "Il a dit « non.\n\nUn titre sans point final\n\nIl a dit » oui."
    assert run("unbalanced-quotes", text) == [("«", (), "no matching »"), ("»", (), "no matching «")]
    assert spans("unbalanced-quotes", text) == [(9, 10), (text.index("» oui"), text.index("» oui") + 1)]
    text = "Il a dit « non.\n\nUn.\n\n\n\nIl a dit » oui."
    assert run("unbalanced-quotes", text) == [("«", (), "no matching »"), ("»", (), "no matching «")]
    assert run("unbalanced-quotes", text.replace("\n\n\n\n", "\n\n")) == []
    assert run("unbalanced-quotes", text.replace("\n\n\n\n", "\n\n"), heading_words=0) == []


def test_unbalanced_quotes_machine_translation_artifacts_are_still_found():
    """« typed for a closing mark (a German “ turned around), a stray closing mark, an opener left open."""
    text = "« Nous n’avons pas encore franchi la montagne « , explique l’économiste. « Rien ne va «."
    assert run("unbalanced-quotes", text) == [("«", (), "« where » is expected")] * 2
    assert spans("unbalanced-quotes", text) == [(text.index("« ,"), text.index("« ,") + 1), (len(text) - 2, len(text) - 1)]
    # At the end of a line, « may be a line break inside the quotation.
    assert run("unbalanced-quotes", "Il a dit : «\nNous irons jusqu’au bout », a-t-il ajouté.") == []
    # A straight quote standing for an apostrophe, balanced or not.
    text = 'Le ministère de l"économie, jusqu "à présent, et les chefs d" État disent "non".'
    assert run("unbalanced-quotes", text) == [('"', (), '" where an apostrophe is expected')] * 3
    assert spans("unbalanced-quotes", text) == [(text.index('"é'), text.index('"é') + 1), (text.index('"à'), text.index('"à') + 1), (text.index('" É'), text.index('" É') + 1)]
    assert run("unbalanced-quotes", text, elisions=[]) == [('"', (), 'odd number of " in the paragraph')]
    text = "Il a dit que le vaccin sera un bien public », a expliqué le ministère.\n\nLa suite."
    assert run("unbalanced-quotes", text) == [("»", (), "no matching «")]
    text = "Il a dit « non.\nUn.\nDeux.\nTrois.\nQuatre.\n"
    assert spans("unbalanced-quotes", text) == [(9, 10)]


def test_unbalanced_quotes_make_sections_only_for_a_mark_open_past_its_paragraph(monkeypatch: pytest.MonkeyPatch):
    """Quotations closed in their own paragraph balance the same over the whole document as over
    its sections: the sections are made only when a mark is still open where a paragraph begins,
    or a straight quote is left open (its message names a paragraph or a section)."""
    import auditor.checks.typography as typography

    made = []
    real = typography.sections
    monkeypatch.setattr(typography, "sections", lambda doc, words: made.append(1) or real(doc, words))
    closed = "Il a dit « non » (deux fois).\n\nUn titre sans point final\n\nIl a dit « oui », puis » encore."
    assert run("unbalanced-quotes", closed) == [("»", (), "no matching «")] and made == []
    assert run("unbalanced-quotes", 'Il a dit "oui" et "non".\n\nLa suite.') == [] and made == []
    text = "Il a dit « non.\n\nUn titre sans point final\n\nIl a dit » oui."
    assert run("unbalanced-quotes", text) == [("«", (), "no matching »"), ("»", (), "no matching «")] and made == [1]
    assert run("unbalanced-quotes", 'Il a dit "non.\n\nLa suite.') == [('"', (), 'odd number of " in the section')]
    assert run("unbalanced-quotes", 'Il a dit "non.\n\nUn titre\n\nLa suite.') == [('"', (), 'odd number of " in the paragraph')]
    assert made == [1, 1, 1]


def test_unbalanced_quotes_list_markers_and_marks_param():
    assert run("unbalanced-quotes", "1) Le premier ; 2) le second ; b) le troisième.") == []
    assert run("unbalanced-quotes", 'Il a dit "oui.', marks=["guillemets"]) == []
    with pytest.raises(ValueError, match="unknown marks"):
        CHECKS["unbalanced-quotes"].factory({"marks": ["braces"]}, Resources())


@pytest.mark.parametrize(
    "text, flagged, suggestion",
    [
        ("Il a rencontré le le président.", "le le", "le"),
        ("Le le président est arrivé.", "Le le", "Le"),
        ("Il est est parti.", "est est", "est"),
        ("Nous nous sommes dit que le le projet tiendrait.", "le le", "le"),  # after an allowed doubling
        # Only the paragraphs holding a doubled word are searched: a later, indented one.
        ("Nous nous sommes vus.\n\n  Puis est est venu le soir.", "est est", "est"),
        ("Il a dit le\nle lendemain que que tout allait bien.", "que que", "que"),
    ],
)
def test_doubled_words_flag(text, flagged, suggestion):
    assert run("doubled-words", text) == [(flagged, (suggestion,), "")]


@pytest.mark.parametrize(
    "text",
    [
        "Nous nous sommes vus et vous vous êtes parlé.",
        "Il a visité Bora Bora.",
        "Le laboratoire de R&D d'Accenture.",
        "Il a dit le\nle lendemain.",  # across a line break: two paragraphs
        "Il a dit le\n\nle lendemain et\net il est parti.",  # equal neighbours only across lines
        "Le 10 10 est un numéro.",
    ],
)
def test_doubled_words_pass(text):
    assert run("doubled-words", text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Je sais . . . la raison est simple.",
        "Le framework .NET et la version 3.5 sont concernés.",
        "Il a dit : « Non ! » Puis, il est parti.",
        "Un fichier .txt est joint.",
    ],
)
def test_space_before_punctuation_passes(text):
    assert run("space-before-punctuation", text) == []


def test_english_curly_quotes_outside_guillemets():
    text = "“J’ai une autorisation top secrète”, a déclaré Musk. Il a dit « c’est “absurde”, vraiment »."
    assert run("english-quotes", text) == [
        ("“J’ai une autorisation top secrète”", ("« J’ai une autorisation top secrète »",), "")
    ]


def test_english_straight_quotes_policy():
    mixed = 'Il l\'appelle le «despote» et le "tueur".'
    alone = 'Il a dit "c\'est absurde" hier.'
    nested = '« Les déclarations sur les "étrangers" sont un retour en arrière », dit-il.'
    assert run("english-quotes", mixed) == [('"tueur"', ("« tueur »",), "")]
    assert run("english-quotes", alone) == []
    assert run("english-quotes", nested) == []
    assert run("english-quotes", alone, straight="always") == [('"c\'est absurde"', ("« c'est absurde »",), "")]
    assert run("english-quotes", mixed, straight="never") == []
    with pytest.raises(ValueError, match="straight must be"):
        CHECKS["english-quotes"].factory({"straight": "sometimes"}, Resources())


# ---------------------------------------------------------- encoding damage


def test_mojibake_with_repairs():
    text = "La rÃ©forme de lâ€™Ã¢ge. VoilÃ le travail. Un Ã‰tat et \x92 aussi."
    assert run("mojibake", text) == [
        ("rÃ©forme", ("réforme",), ""),
        ("lâ€™Ã¢ge.", ("l’âge.",), ""),
        ("VoilÃ le", ("Voilà le",), ""),
        ("Ã‰tat", ("État",), ""),
        ("\x92", ("’",), ""),
    ]


def test_mojibake_suggestion_can_be_turned_off():
    assert run("mojibake", "La rÃ©forme.", suggest=False) == [("rÃ©forme.", (), "")]


@pytest.mark.parametrize(
    "text",
    [
        "La réforme de l’âge légal, « voilà » tout. Ça coûte 5 € à Zürich, à 20 °C.",
        "ÂGE LÉGAL : la réforme. Ångström et Ðakovo.",
        "Plain ASCII text.",
    ],
)
def test_mojibake_passes(text):
    assert run("mojibake", text) == []


def test_replacement_and_control_characters():
    text = "La r\ufffd\ufffdforme\x00\x01 des\x0cretraites.\tFin\r\n\ufeffBOM"
    assert run("replacement-character", text) == [("\ufffd\ufffd", (), "2 replacement character(s)")]
    assert run("control-character", text) == [
        ("\x00\x01", (), "U+0000 U+0001"),
        ("\x0c", (), "U+000C"),
        ("\ufeff", (), "U+FEFF"),
    ]
    assert run("control-character", "\ufeffDébut du texte.") == []
    assert run("mojibake", text) == []


def test_a_short_line_said_again_with_more_words_is_no_duplicate():
    """newstest2014 (human): a speaker's 9-word line comes back 7 lines later with a phrase more (chrF 78)."""
    first = "Je ressens sa présence et cela me rend heureuse."
    again = "Dans toutes les pièces je ressens sa présence et cela me rend heureuse."
    text = f"{first}\nElle a gardé la maison de ses parents.\n{again}\n"
    assert run("duplicate-paragraphs", text) == []
    assert run("duplicate-paragraphs", text, reworded_min_words=8) == [(again, (), "repeats line 1 reworded (chrF 78)")]
    # Said again word for word, or near-identically (a short line duplicated by the machine), it is still a duplicate.
    assert run("duplicate-paragraphs", f"{first}\n{first}\n") == [(first, (), "repeats line 1 word for word")]
    short = "Le gouvernement annonce une hausse des retraites pour le mois prochain."
    near = "Le gouvernement annonce une hausse des retraites Dupont pour le mois prochain."
    assert run("duplicate-paragraphs", f"{short}\nElle sourit.\n{near}\n") == [(near, (), "repeats line 1 reworded (chrF 91)")]
    assert run("duplicate-paragraphs", f"{short}\nElle sourit.\n{near}\n", headline_threshold=95) == []


def test_duplicates_with_ngram_counts_let_go_find_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past NGRAM_BUDGET characters, the least recently used paragraph's n-gram counts are dropped and counted again: the same hits and scores."""
    import auditor.checks.duplicates as duplicates

    council = "Le conseil municipal a voté mardi soir un budget de deux millions d'euros pour rénover les écoles primaires de la ville."
    council_again = "Mardi soir, le conseil municipal a voté un budget de deux millions d'euros afin de rénover les écoles primaires de la commune."
    train = "La compagnie ferroviaire annonce que les trains régionaux circuleront de nouveau normalement à partir de lundi matin dans toute la région."
    train_again = "La compagnie ferroviaire a annoncé que les trains régionaux circuleront à nouveau normalement dès lundi matin dans toute la région."
    text = "\n\n".join([council, train, council_again, "Il fait beau et chaud ce week-end sur toute la côte atlantique, selon les prévisionnistes.", train_again, council])
    held = run("duplicate-paragraphs", text)
    assert held == [
        (council_again, (), "repeats line 1 reworded (chrF 79)"),
        (train_again, (), "repeats line 3 reworded (chrF 85)"),
        (council, (), "repeats line 1 word for word"),
    ]
    monkeypatch.setattr(duplicates, "NGRAM_BUDGET", 1)
    assert run("duplicate-paragraphs", text) == held


@pytest.mark.parametrize("beta", [1, 2])
def test_duplicate_chrf_as_integer_arrays_equals_sacrebleu_to_the_last_bit(beta, monkeypatch: pytest.MonkeyPatch):
    """A large document's n-grams are integers in numpy arrays (_ChrfCodes), every order matched at once: the same scores as sacrebleu's."""
    from sacrebleu.metrics import CHRF

    import auditor.document as document
    from auditor.checks.duplicates import _ChrfCodes, _chrf_pairs

    paras = [p for p in sample("004").split("\n") if len(p.split()) >= 8][:8]
    paras += ["x", "ab", "Le gouvernement a présenté mardi son projet de budget.", "Le gouvernement présente son budget mardi."]
    monkeypatch.setattr(document, "LARGE_DOCUMENT", 1)
    pairs = _chrf_pairs(Document("\n".join(paras)), paras, beta)
    assert isinstance(pairs, _ChrfCodes) and pairs.bits == (len(set("".join(paras))) - 1).bit_length()
    metric = CHRF(beta=beta)
    scores = [(pairs.score(i, j, 100.0), metric.sentence_score(paras[i], [paras[j]]).score) for i in range(len(paras)) for j in range(len(paras)) if i != j]
    assert len(scores) == 132 and all(ours == theirs for ours, theirs in scores)


def test_duplicate_chrf_of_a_large_document_with_too_many_characters_counts_strings(monkeypatch: pytest.MonkeyPatch):
    """Past 1,024 distinct characters six of them no longer fit in 60 bits: the Counters of strings score the pairs."""
    import auditor.document as document
    from auditor.checks.duplicates import _ChrfCodes, _ChrfPairs, _chrf_pairs

    monkeypatch.setattr(document, "LARGE_DOCUMENT", 1)
    wide = ["".join(map(chr, range(0x4E00, 0x4E00 + 1025))), "漢字 漢字"]
    assert type(_chrf_pairs(Document("\n".join(wide)), wide, 1)) is _ChrfPairs
    assert isinstance(_chrf_pairs(Document("\n".join(wide)), wide[:1][0][:1024].split(), 1), _ChrfCodes)


def test_duplicates_of_a_large_document_find_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """The integer n-grams of a large document, let go past their budget and counted again, find the same hits and scores as the Counters."""
    import auditor.checks.duplicates as duplicates
    import auditor.document as document

    council = "Le conseil municipal a voté mardi soir un budget de deux millions d'euros pour rénover les écoles primaires de la ville."
    council_again = "Mardi soir, le conseil municipal a voté un budget de deux millions d'euros afin de rénover les écoles primaires de la commune."
    council_third = "Le conseil municipal a voté mardi un budget de deux millions d'euros pour rénover les écoles primaires de la commune."
    train = "La compagnie ferroviaire annonce que les trains régionaux circuleront de nouveau normalement à partir de lundi matin dans toute la région."
    train_again = "La compagnie ferroviaire a annoncé que les trains régionaux circuleront à nouveau normalement dès lundi matin dans toute la région."
    text = "\n\n".join([council, train, council_again, "Il fait beau et chaud ce week-end sur toute la côte atlantique, selon les prévisionnistes.", train_again, council_third, council])
    held = run("duplicate-paragraphs", text)
    assert held == [
        (council_again, (), "repeats line 1 reworded (chrF 79)"),
        (train_again, (), "repeats line 3 reworded (chrF 85)"),
        (council_third, (), "repeats line 1 reworded (chrF 89)"),
        (council, (), "repeats line 1 word for word"),
    ]
    monkeypatch.setattr(document, "LARGE_DOCUMENT", 1)
    assert run("duplicate-paragraphs", text) == held
    monkeypatch.setattr(duplicates, "CODES_BUDGET", 1)
    assert run("duplicate-paragraphs", text) == held
