"""The agentless-noun check: nouns that cannot act, acting as persons (auditor/entities/agentless.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.entities.agentless import Row, abroad, find_agentless, read_table

TABLE = Path(__file__).resolve().parents[1] / "rules" / "gazetteer" / "nouns.agentless.generated.tsv"


@pytest.fixture(scope="module")
def table() -> dict[str, Row]:
    return read_table(TABLE)


def test_table_header_names_sources_and_licences():
    header = [line for line in TABLE.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    text = "\n".join(header)
    assert "tools/build_agentless_nouns.py" in text and "WordNet 3.0" in text and "FreeDict" in text and "GPL-2+" in text


@pytest.mark.parametrize(
    ("french", "english", "kind"),
    [
        ("puce", "flea", "animal"), ("limonade", "lemonade", "food"), ("peur", "fright", "feeling"),
        # An English word whose first sense, none tagged, is a proper noun's (a Badger is a Wisconsinite, a WASP a White
        # Anglo-Saxon Protestant): its first common sense.
        ("blaireau", "badger", "animal"), ("guêpe", "wasp", "animal"),
    ],
)
def test_table_holds_nouns_that_cannot_act(table, french, english, kind):
    assert table[french].english.casefold() == english
    assert table[french].animal == (kind == "animal")


@pytest.mark.parametrize("french", ["président", "gouvernement", "journal", "rapport", "site", "ministère", "orange", "cousin", "octobre", "après"])
def test_table_leaves_out_agents_names_months_and_function_words(table, french):
    # People, groups, media and places act or stand for those who do; Orange is a name too (fra-eng);
    # months open sentences bare; function words are no nouns.
    assert french not in table


def _find(text: str, table, named=lambda word: False) -> list[str]:
    return [text[f.start : f.end] for f in find_agentless(text, table, named)]


def test_bare_capitalised_noun_acting_is_a_name(table):
    assert _find("Puce a annoncé une tournée européenne.", table) == ["Puce"]
    assert _find("Le bassiste du groupe, Puce, a confié qu'il partait.", table) == ["Puce"]


def test_article_form_needs_lowercase_a_clause_start_and_a_strong_act(table):
    assert _find("Interrogée, la peur a déclaré qu'elle partait.", table) == ["la peur"]
    assert _find("La peur a gagné les marchés.", table) == []  # no act of a person
    assert _find("Le prix de la limonade a annoncé la couleur.", table) == []  # no clause start
    assert _find("Selon eux, La Peur a déclaré forfait.", table) == []  # capitalised after an article: a French name


def test_lists_veto_bare_names(table):
    assert _find("Puce a annoncé une tournée.", table, named=lambda word: word == "Puce") == []


def test_two_speaking_animals_make_a_story(table):
    text = "Le matin, le hérisson a déclaré qu'il partait. Le soir, le papillon a annoncé qu'il restait."
    assert "hérisson" in table and "papillon" in table
    assert _find("Le matin, le hérisson a déclaré qu'il partait.", table) == ["le hérisson"]
    assert _find(text, table) == []
    assert _find("Dans la fable, le hérisson a déclaré qu'il partait.", table) == []


def test_abroad_reads_the_english_speaking_world():
    def zipf(word: str, lang: str) -> float:
        return {("peppers", "en"): 3.5, ("peppers", "fr"): 1.0}.get((word, lang), 3.0)

    assert abroad("Le groupe a joué à Los Angeles.", [], zipf)
    assert abroad("La société a perdu 3 millions de dollars.", [], zipf)
    assert abroad("Le bassiste des Red Hot Chili Peppers a parlé.", ["Red", "Hot", "Chili", "Peppers"], zipf)
    assert not abroad("La chanteuse a remporté une Victoire de la musique à Lyon.", ["Victoire", "Lyon"], zipf)
