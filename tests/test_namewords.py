"""Names rendered as common words where French wants a name (auditor/entities/namewords.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checks.entities import document_runs
from auditor.document import Document
from auditor.entities.namewords import NameWord, english_name, find_name_words, french_subject, later_uses, read_words

TABLE = Path(__file__).resolve().parents[1] / "rules" / "gazetteer" / "nouns.names.generated.tsv"


@pytest.fixture(scope="module")
def words() -> dict[str, tuple[str, str]]:
    return read_words(TABLE)


def test_table_header_names_sources_and_licences():
    header = "\n".join(line for line in TABLE.read_text(encoding="utf-8").splitlines() if line.startswith("#"))
    assert "tools/build_name_words.py" in header and "FreeDict" in header and "GPL-2+" in header and "CC-BY-SA-3.0" in header


@pytest.mark.parametrize(
    ("french", "english", "pos"),
    [("cible", "goal", "noun"), ("oiseau", "bird", "noun"), ("soupape", "valve", "noun"), ("confiture", "jam", "noun"), ("massif", "massive", "adj")],
)
def test_table_sample(words, french, english, pos):
    assert words[french] == (english, pos)


@pytest.mark.parametrize("french", ["orange", "casino", "air", "justice", "après"])
def test_table_leaves_out_words_english_writes_alike_and_function_words(words, french):
    # orange, casino, air, justice: a name in both languages; après: a function word.
    assert french not in words


def _find(text: str, words, named=lambda word: False) -> list[tuple[str, str]]:
    runs = document_runs(Document(text, path="t.txt", language="fr"))
    return [(text[f.start : f.end], f.suggestion) for f in find_name_words(text, runs, words, named)]


def test_bare_subject_and_later_article_use(words):
    text = "Oiseau a licencié 300 salariés à Miami. Un an plus tard, l'oiseau a annoncé sa faillite."
    assert _find(text, words) == [("Oiseau", "Bird"), ("l'oiseau", "Bird")]


def test_apposition_after_a_kind_noun_and_multi_word_names(words):
    assert _find("Le groupe de metal d'Atlanta Confiture de Perles a annulé sa tournée.", words) == [("Confiture de Perles", "Pearl Jam")]
    assert _find("Le distributeur américain Oiseau a reconnu une baisse de ses ventes.", words) == [("Oiseau", "Bird")]
    assert _find("Phil Collins, ancien batteur de Soupape, a confié qu'il arrêtait.", words) == [("Soupape", "Valve")]


def test_later_uses_take_any_act_of_a_name_found_earlier():
    text = "Monstre a racheté un brasseur. En Bourse, le monstre a gagné 4 %, mais le phoque a dormi."
    found = later_uses(text, [NameWord(0, 7, "Monster", "")])
    assert [(text[f.start : f.end], f.suggestion) for f in found] == [("le monstre", "Monster")]


def test_sentence_case_multi_word_name(words):
    assert _find("Hier, Renard de feu a annoncé une mise à jour.", words) == [("Renard de feu", "Fire Fox")]
    assert _find("Oiseau annonce la fermeture de neuf magasins.", words) == [("Oiseau", "Bird")]  # no tail where the word alone acts


def test_present_tense_and_company_parts(words):
    assert _find("Hier, Oiseau annonce la fermeture de neuf magasins.", words) == [("Oiseau", "Bird")]
    assert _find("Les salariés de Soupape ont manifesté devant le siège.", words) == [("Soupape", "Valve")]


def test_no_name_where_grammar_wants_none(words):
    assert _find("Le président du groupe des Verts a annoncé sa démission.", words) == []  # after "des": a complement
    assert _find("La société ne supporte pas une TVA de 25 %.", words) == []  # a verb ends the kind noun's complement
    assert _find("Selon Oiseau a annoncé rien.", words) == []  # a word that does not translate opens the name
    assert _find("Oiseau a annoncé une tournée.", words, named=lambda word: word == "Oiseau") == []  # a listed name


def test_english_name_word_order(words):
    assert english_name(["Confiture", "de", "Perles"], words) == "Pearl Jam"
    assert english_name(["Massive"], words) is None  # an adjective alone names nothing


def test_french_subject():
    assert french_subject("La marque dijonnaise a ouvert à New York.")
    assert not french_subject("Le groupe de Seattle a annulé sa tournée.")
