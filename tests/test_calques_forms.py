"""The calque pack across the whole text pipeline: several rules in one sentence, the forms a
rule's own examples do not show, and legitimate senses of the trigger words that must stay clean."""

from __future__ import annotations

import pytest

from auditor.ruleset.loader import load_ruleset
from auditor.run.pipeline import Options, audit_text
from auditor.scanner import Engine

ENGINE = Engine(load_ruleset(select=["fr.calque"]))
OPTIONS = Options(language="fr")


def calques(text: str) -> list[tuple[str, str]]:
    """(rule id, flagged text) of every calque finding on `text`, in text order."""
    return [(f.rule_id, f.text) for f in audit_text(text, ENGINE, OPTIONS).findings]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # passive voice and participles after an auxiliary
        ("Ces inquiétudes n'ont jamais été adressées par la mairie.", [("fr.calque.adresser-passif", "adressées")]),
        ("La pétition a été supportée par quarante élus.", [("fr.calque.supporter-passif", "supportée")]),
        ("La consultation a été initiée par la région en mai.", [("fr.calque.initier-participe", "initiée")]),
        ("Dans ce plan, l'emphase est mise sur le rail.", [("fr.calque.mettre-l-emphase", "l'emphase est mise")]),
        # passé simple, future and inverted orders
        ("Le parti initia des pourparlers avec les Verts.", [("fr.calque.initier-processus", "initia")]),
        ("Les élus réalisèrent tardivement que le budget manquait.", [("fr.calque.realiser-que", "réalisèrent")]),
        ("Le congrès prendra place à Dakar, selon les organisateurs.", [("fr.calque.prendre-place-date", "prendra place")]),
        ("Ne prenez jamais la victoire pour acquise.", [("fr.calque.prendre-pour-acquis", "prenez jamais la victoire pour acquise")]),
        # two calques in one sentence, each at its own span
        (
            "Le maire a fait application pour une subvention, tel que prévu.",
            [("fr.calque.application-candidature", "fait application"), ("fr.calque.tel-que-participe", "tel que")],
        ),
    ],
)
def test_calque_forms_are_flagged_at_their_span(text: str, expected: list[tuple[str, str]]) -> None:
    """Each construction is found in the form shown, at exactly the expected words."""
    assert calques(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Les habitants supportent mal la chaleur de cet été.",
        "La charpente est supportée par des poutres en chêne.",
        "Leurs griefs ont été adressés au préfet par courrier.",
        "L'avocat a introduit un recours devant le Conseil d'État.",
        "L'agence de location de voitures a fermé ses portes.",
        "L'alternative est simple : accepter ou partir.",
        "La première décade de juillet a été très chaude.",
        "Son plus proche confident l'a trahi.",
        "Un sourire malicieux éclairait son visage.",
        "Le projet vise à relocaliser la production de médicaments.",
        "À l'intérieur du bâtiment, les pompiers ont trouvé deux victimes.",
        "Le représentant légal de la société a signé le contrat.",
        "Ces propos constituent une offense au chef de l'État.",
        "Le général a ordonné l'évacuation de la ville.",
        "La grande corporation des bouchers défilait jadis à Paris.",
        "Le gain en termes de coûts est faible.",
        "Les pompiers sont intervenus sur appel d'un voisin.",
        "Le ministre a noté le rendez-vous dans son agenda.",
        "Les ouvriers ont refait le plancher de la salle.",
        "Tout est parti d'une rumeur sur les réseaux sociaux.",
        "Elle a levé sa main blessée vers le ciel.",
        "Les syndicats sont en demande de garanties.",
        "Les officiels du match ont validé le but.",
        "Il a décliné l'invitation du président.",
        "Les médecins espèrent une issue favorable.",
        "La banque accorde des facilités de paiement.",
        "Les médias nationaux ont relayé l'information.",
        "Le chômage n'est pas une fatalité.",
        "Il a été condamné pour des injures racistes.",
        "Le doute a joué au bénéfice de l'accusé.",
        "Le juge a fait application de l'article 5 du code pénal.",
        "À la fin de la journée, c'est la police qui a évacué la place.",
    ],
)
def test_legitimate_senses_stay_clean(text: str) -> None:
    """The trigger words in their French senses give no calque finding."""
    assert calques(text) == []
