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


def test_an_english_bands_the_after_a_kind_noun(words):
    # "The Owls" rendered "les Hiboux": French keeps the article in lowercase before the name a kind noun introduces.
    assert _find("Le groupe de rock d'Austin les Hiboux a annulé sa tournée américaine.", words) == [("Hiboux", "The Owls")]
    assert _find("Le groupe a rencontré les Hiboux à Austin ; les Hiboux sont une équipe de baseball.", words) == []


@pytest.mark.parametrize(
    ("french", "english"),
    [("émeute", "riot"), ("jeton", "token"), ("embuscade", "ambush"), ("croisade", "crusade"), ("harcèlement", "harassment"), ("valse", "waltz")],
)
def test_table_gap_rows_from_more_pivot_languages(words, french, english):
    # Nouns no FreeDict pair nor the first pivots gave a row, which Russian, Greek, Bulgarian... bring to MIN_SUPPORT, or
    # which neither FreeDict dictionary holds and two pivot languages agree on.
    assert words[french] == (english, "noun")


@pytest.mark.parametrize("french", ["bourgogne", "bulgarie"])
def test_table_gap_rows_are_no_gazetteer_names(words, french):
    assert french not in words


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


def test_table_takes_adjectives_from_pivot_languages(words):
    # Adjectives the two dictionaries do not agree on: the pivot languages give their English word (build_name_words).
    assert words["épique"] == ("epic", "adj") and words["mouillé"] == ("wet", "adj")


def test_bare_title_case_run_before_any_verb(words):
    # A bare Title-Case run is a name whatever its verb; one word alone needs an act of a company.
    assert _find("Vierge de Fer a vendu les billets de son concert.", words) == [("Vierge de Fer", "Iron Virgin")]
    assert _find("Oiseau a vendu les billets de son concert.", words) == []


def test_title_case_run_after_de(words):
    assert _find("Les créanciers de Homard Rouge ont accepté un plan.", words) == [("Homard Rouge", "Lobster Red")]
    assert _find("Les créanciers de Homard ont accepté un plan.", words) == []  # one word after "de": a place, a person
    assert _find("Il dirige le service de Confort Passager chez Airbus.", words) == []  # a unit: French translates its name
    assert _find("L'auteur de « Homard Rouge » a parlé.", words) == []  # a title in quotes
    assert _find("L'auteur de Guerre et Paix a parlé.", words) == []  # joined by "et": a work's title


def test_longer_names_vetoed_by_borrowed_words_only_when_english_writes_them_all(words):
    borrowed = {"Rouge"}.__contains__
    runs = "Les créanciers de Homard Rouge ont accepté un plan."
    found = find_name_words(runs, document_runs(Document(runs, path="t.txt", language="fr")), words, lambda w: False, borrowed=borrowed)
    assert [runs[f.start : f.end] for f in found] == ["Homard Rouge"]
    text = "Oiseau Rouge a licencié 300 salariés."
    found = find_name_words(text, document_runs(Document(text, path="t.txt", language="fr")), words, lambda w: False, borrowed={"Oiseau", "Rouge"}.__contains__)
    assert found == []


def test_a_french_surname_opening_a_longer_name_vetoes_it(words):
    # A French company bears its founder's surname (Chausson Matériaux); a later word is a word like any other.
    text = "Homard Rouge a annoncé le rachat."
    runs = document_runs(Document(text, path="t.txt", language="fr"))

    def found(surname: str) -> list[str]:
        # The surname lists are `named`'s only: `named_after_kind` (no surnames) vetoes wherever the name stands.
        return [text[f.start : f.end] for f in find_name_words(text, runs, words, lambda w: w == surname, named_after_kind=lambda w: False)]

    assert found("Homard") == [] and found("Rouge") == ["Homard Rouge"]


def test_a_place_opening_the_run_after_a_kind_noun_and_de(words):
    assert _find("Le groupe de Manchester Confiture de Perles a annulé sa tournée.", words) == [("Confiture de Perles", "Pearl Jam")]
    assert _find("Le duo de l'Ohio Oiseau Rouge a annulé sa tournée.", words) == [("Oiseau Rouge", "Bird Red")]
    assert _find("Manchester Oiseau a annulé sa tournée.", words) == []  # no kind noun: a longer name


def test_products_and_services_introduce_names_too(words):
    assert _find("Le transporteur aérien américain Oiseau a supprimé 300 vols.", words) == [("Oiseau", "Bird")]


def test_headquarters_name_a_company(words):
    assert _find("Le fabricant a quitté l'Illinois : le siège de Chenille est installé au Texas.", words) == [("Chenille", "Caterpillar")]


def test_later_uses_in_the_future_tense():
    text = "Gâteau a publié un disque. Reformé en 2022, le gâteau jouera à Sacramento, et le gâteau sera servi."
    found = later_uses(text, [NameWord(0, 6, "Cake", "")])
    assert [(text[f.start : f.end], f.suggestion) for f in found] == [("le gâteau", "Cake")]


def test_an_english_speaking_person_asks_named_person(words):
    text = "Le rappeur américain Canard a porté plainte. Le rappeur canadien Canard aussi ; le chanteur Canard enfin."
    runs = document_runs(Document(text, path="t.txt", language="fr"))
    found = find_name_words(text, runs, words, lambda word: True, named_after_kind=lambda word: False, named_person=lambda word: False)
    # Only after an English-speaking nationality in the kind noun's own phrase; not Canadian (Quebec's artists bear French words).
    assert [(f.start, text[f.start : f.end]) for f in found] == [(21, "Canard")]


def test_census_surname_table():
    from auditor.entities.censusnames import census_ranks, english_bearer

    ranks = census_ranks()
    assert ranks["knight"] == 155 and ranks["chevalier"] == 5754 and ranks["drake"] == 458 and ranks["plante"] == 3748
    header = (TABLE.parent / "census_surnames.tsv").read_text(encoding="ascii").splitlines()[:3]
    assert "tools/build_census_surnames.py" in header[1] and "US Census Bureau 1990" in header[2] and "public domain" in header[2]
    assert english_bearer("Canard", "drake") and english_bearer("Marais", "marsh")  # Marais: not in the census at all
    assert not english_bearer("Plante", "plant") and not english_bearer("Pape", "pope")


def test_a_persons_events_and_people_name_it(words):
    assert _find("Le procès du meurtre de Décollage s'est ouvert à Houston.", words) == [("Décollage", "Takeoff")]
    # A sentence opening on an elided article: the capitalised "L'" joins the run, the name is what follows "de".
    assert _find("L'avocat de Piqûre a fait appel à Londres.", words) == [("Piqûre", "Sting")]
    assert _find("L'équipe de France a gagné à Londres.", words) == []


def test_one_adjective_names_an_english_speaking_company_only(words):
    text = "Le distributeur britannique de vêtements Suivant a relevé ses prévisions. Le distributeur de vêtements Suivant aussi."
    runs = document_runs(Document(text, path="t.txt", language="fr"))
    found = find_name_words(text, runs, words, lambda word: False, named_person=lambda word: False, foreign=lambda word: False)
    assert [(f.start, text[f.start : f.end], f.suggestion) for f in found] == [(41, "Suivant", "Next")]
    assert _find("Le distributeur britannique de vêtements Suivant a relevé ses prévisions.", words) == []  # not asked for


def test_a_word_english_writes_vetoes_a_longer_name_only_with_all_the_others(words):
    text = "Le duo américain Lapin Massif a annulé sa tournée à Boston."
    runs = document_runs(Document(text, path="t.txt", language="fr"))
    shared = lambda word: word == "Massif"  # noqa: E731  (English writes it nearly as often, as "massive")
    assert find_name_words(text, runs, words, lambda word: False, named_after_kind=shared) == []
    found = find_name_words(text, runs, words, lambda word: False, named_after_kind=shared, listed=lambda word: False)
    assert [(text[f.start : f.end], f.suggestion) for f in found] == [("Lapin Massif", "Massive Rabbit")]


def test_inflected_adjective_after_its_noun(words):
    # noir is kept as a noun (black); its feminine plural after a noun is the adjective, not one refused for its row.
    assert english_name(["Clés", "Noires"], words) == "Black Key"
    assert english_name(["Noires", "Clés"], words) is None  # a French adjective follows its noun


def test_a_french_speaking_artists_own_name_after_a_person_kind_noun(words):
    # Quebec's, Belgium's and Switzerland's artists bear French words: "le chanteur canadien Oiseau" is a name of its own.
    assert _find("Le chanteur canadien Oiseau reprend une comédie musicale à Londres.", words) == []
    assert _find("L'humoriste belge Oiseau joue à New York.", words) == []
    # A company keeps its kind path (BlackBerry as "le groupe canadien Mûre"), and an English-speaking nationality its person path.
    assert _find("Le distributeur canadien Oiseau a reconnu une baisse de ses ventes.", words) == [("Oiseau", "Bird")]
    assert _find("Le chanteur américain Oiseau a annulé sa tournée.", words) == [("Oiseau", "Bird")]
