"""Nouns that a sentence's opening describes as a person or a company (auditor/entities/described.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.entities.agentless import Row, read_table
from auditor.entities.described import find_described

TABLE = Path(__file__).resolve().parents[1] / "rules" / "gazetteer" / "nouns.agentless.generated.tsv"


@pytest.fixture(scope="module")
def table() -> dict[str, Row]:
    return read_table(TABLE)


def _found(text: str, table) -> list[tuple[str, str]]:
    return [(text[f.start : f.end], f.suggestion) for f in find_described(text, table)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A company's life, then a tool: the span takes the article, the suggestion the English word.
        ("Fondée en 2009 à San Francisco, l'enclume a levé 40 millions de dollars.", [("l'enclume", "Anvil")]),
        # A person's life, an animal, a nationality between the noun and a verb no list holds.
        ("Il chante. Marié depuis dix ans à une actrice, le colibri britannique reprend la route.", [("le colibri", "Hummingbird")]),
        # A contest's outcome and a present tense.
        ("Battu aux points à Las Vegas, le marteau réclame une revanche.", [("le marteau", "Hammer")]),
        # A kind noun of a company, ranked, and the noun in apposition between commas.
        ("Premier réseau d'agents immobiliers du pays, la boussole, a licencié 400 salariés.", [("la boussole", "Compass")]),
        # With its article, a kind noun describes a subject set off by commas on both sides.
        ("L'application de paiement des jeunes Londoniens, le marteau, a annoncé une levée de fonds.", [("le marteau", "Hammer")]),
        # A company's kind noun describes no animal: the animal is the company's name.
        ("Premier assureur en ligne du Texas, le hibou a relevé ses tarifs.", [("le hibou", "Owl")]),
        # A relative clause inside the description keeps it one: its verb is the relative's.
        ("Interrogé sur la ligue qu'il a fondée, le sablier a déclaré qu'elle serait rentable.", [("le sablier", "Hourglass")]),
    ],
)
def test_described_nouns_are_flagged(table, text, expected):
    assert _found(text, table) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Né en captivité, le phoque a été relâché en mer.",  # a zoo's animal: no life only a person leads
        "Championne du monde, la jument a remporté le Grand Prix.",  # an animal after a contest: a horse wins too
        "Leader du marché, l'enseigne a annoncé cent fermetures.",  # a shop sign stands for its chain
        "Placé sous pavillon panaméen, le pétrolier a quitté le port.",  # a ship under a flag, and a tanker is its company too
        "La marque est édulcorée, la singularité disparaît.",  # a list of clauses, no description
        "Fondée en 2009, l'enclume de la forge a été restaurée.",  # the noun's phrase goes on: no subject before a verb
        "Interrogé jeudi, le ministre a déclaré que le marteau était une preuve.",  # a person's noun acts
        "Battu par les vents, le sablier a cédé.",  # beaten by winds: no contest
        "Chanteur à ses heures, le hibou du zoo a séduit les visiteurs.",  # an artist's kind noun may be a story's animal
        "Coté à dix contre un, le sablier a gagné.",  # odds, not a listing on a stock exchange
        "Le groupe joue ce soir, le marteau a cédé.",  # a clause, not a description
    ],
)
def test_literal_subjects_stay_clean(table, text):
    assert _found(text, table) == []


def test_description_must_open_its_sentence(table):
    # The description starts its sentence: after a full stop, a line break or the text's start, quotes skipped.
    assert _found("« Fondée en 2009, l'enclume a levé 40 millions. »", table) == [("l'enclume", "Anvil")]
    assert _found("Il a dit que, fondée en 2009, l'enclume a levé 40 millions.", table) == []
