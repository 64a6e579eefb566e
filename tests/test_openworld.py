"""Open-world garbled names: given names a pivot garbled, and pivot-romanised surnames, with no gazetteer entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checks import CHECKS, Resources
from auditor.document import Document
from auditor.entities.gazetteer import load_gazetteer_dir, plain
from auditor.entities.openworld import GivenNames, PairNames, Respelled, Word, find_open_names, pivot_evidence, surname_fingerprint
from auditor.entities.translit import builtin as builtin_translit
from auditor.lang.frequencies import zipf

import auditor.checks.openworld  # noqa: F401  (registers the check)

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = load_gazetteer_dir(ROOT / "rules" / "gazetteer")


def hits(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """Return (start, end, suggestions) for each hit of the open-world check on `text`."""
    detect = CHECKS["unknown-garbled"].factory({}, Resources(gazetteer=GAZETTEER))
    return [(h.start, h.end, h.suggestions) for h in detect(Document(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Le ministre Dzhon Pekford a parlé.", [(12, 25, ("John Pekford",))]),
        ("Selon Uilyam Gosford, le projet avance.", [(6, 20, ("William Gosford",))]),
        # Losing ph and ch is evidence only with a pivot surname: Kristofer is Scandinavian too.
        ("Le designer Kristofer Dzhanson expose.", [(12, 30, ("Christopher Dzhanson",))]),
        # A rare given name of another language counts only with a pivot surname.
        ("Le patron Kristian Khorner a parlé.", [(10, 26, ("Christian Horner",))]),
        ("La chanteuse Emily Khartwell a chanté.", [(13, 28, ("Emily Hartwell",))]),
        ("Le juge Greg Dzhugashvili a tranché.", [(8, 25, ())]),
        # The pair is the evidence: a pivot change undone gives a common given name, and the surname is listed.
        ("Le réalisateur Uill Harrington tourne.", [(15, 30, ("Will Harrington",))]),
        ("Le sénateur Dzhosh Hawley a voté.", [(12, 25, ("Josh Hawley",))]),
        # Both halves respelled: each one or two pivot changes from a name far better known.
        ("L'investisseur Uorren Baffet a vendu.", [(15, 28, ("Warren Buffet",))]),
        ("Le shérif Vill Khanter enquête.", [(10, 22, ("Will Hunter",))]),
        # Dzh: no French or English spelling, whatever the given name before it.
        ("Le joueur Shlomo Bardzhes a marqué.", [(10, 25, ())]),
    ],
)
def test_flags_exact_spans(text: str, expected: list) -> None:
    assert hits(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Kristian Alfonso joue dans la série depuis trente ans.",
        "Le maire Vitaliy Klitschko et le ministre Heorhiy Tykhyi ont parlé à Kyiv.",  # Ukrainian national romanisation
        "Le gardien Kasper Schmeichel et le ministre Iwan Morgan ont parlé.",  # real names: listed, or no pivot change
        "Sadiq Khan, maire de Londres, et Imran Khan ont parlé.",
        "Le banquier Marc Khalifa a parlé à Jhonathan Florez.",
        "Novak Djokovic a battu Daniel Khalife à Roland-Garros.",
        "Niclas Och, Niclas Saurborn et Sabrina Wölfl ont obtenu un prix.",
        "Marija Sacharowa a parlé ; Aurélien Dupont a répondu.",
        "Le designer Kristofer Malmberg expose ; Toomas Hendrik Ilves et Kristof Tornai aussi.",
        "Le Président Mikhail Petrov et le PDG de l'ONU Maks.",  # one word after Maks: no pair
        "La chanteuse Yarelé Ortiz a déclaré qu'elle partait en tournée.",
        # Real names of other languages, a change or two from English ones: no half restores to a far better known name.
        "Le ministre Karol Nawrocki a reçu Erik Larsen, Sven Kramer et Ivan Kovac.",
        "Les chercheurs Riza Djavad et Shamika Vong ont publié.",
        "Selon Bardzhes, les négociations reprendront.",  # Selon opens the sentence: no given name  # a French accent: no English-style "Ya"
        # A Dj alone: French's own spelling of the J of Arabic, Greek, Azeri, Togolese, Romanian-German names.
        "Le poète Franz Hodjak, la députée Nadia Bendjama et la chanteuse Maria Hadjidakis ont été cités.",
        "Le joueur Michael Radjabov a battu Thomas Bodjona et Hans Radjenovic.",
    ],
)
def test_passes(text: str) -> None:
    assert hits(text) == []


def test_message_detail_names_the_given_name() -> None:
    detect = CHECKS["unknown-garbled"].factory({}, Resources(gazetteer=GAZETTEER))
    (hit,) = detect(Document("Le pilote Maks Brandauer a gagné."))
    assert hit.detail == "'Maks' looks like the given name Max garbled"


def test_a_name_word_before_the_pair_blocks_it() -> None:
    # "Ferdinand Maks Brandauer": Maks is a middle name here, not a garbled first one.
    assert hits("Le pilote Ferdinand Maks Brandauer a gagné.") == []


@pytest.mark.parametrize(
    "garbled, right, expected",
    [
        ("maks", "max", True),
        ("uilyam", "william", True),
        ("jhonathan", "jonathan", False),
        ("marija", "maria", False),
        ("toomas", "thomas", False),
        # Ukrainian romanised from Ukrainian: a final -iy, H for G (Russian writes G for H, not the reverse).
        ("vitaliy", "vitali", False),
        ("heorhiy", "georgi", False),
        ("khiu", "guy", True),  # Kh is one Cyrillic letter, no H of its own
        ("yaroslava", "jaroslaw", False),  # a feminine form: no pivot adds the A
        ("letsile", "cecile", False),  # Russian writes С for a soft C, never Ц
        ("tsintia", "zinta", True),
    ],
)
def test_pivot_evidence(garbled: str, right: str, expected: bool) -> None:
    assert pivot_evidence(garbled, right) is expected


def test_an_accented_given_name_gains_no_english_style_group() -> None:
    assert pivot_evidence("yarele", "ariel") is True
    assert pivot_evidence("yarele", "ariel", accented=True) is False


def test_lost_letters_count_with_a_marked_surname() -> None:
    assert pivot_evidence("kristofer", "christopher", surname_marked=True) is True


@pytest.mark.parametrize(
    "surname, expected",
    [("Khorner", "Horner"), ("Dzhons", "?"), ("Djeits", "?"), ("Khan", ""), ("Djokovic", ""), ("Martin", "")],
)
def test_surname_fingerprint(surname: str, expected: str) -> None:
    assert surname_fingerprint(surname, zipf) == expected


def test_surname_fingerprint_of_real_foreign_surnames() -> None:
    # A Russian surname is written with ts for ц in French too; dj and zh still count there.
    assert surname_fingerprint("Lobintsev", zipf) == ""
    assert surname_fingerprint("Djeitsev", zipf) == "?"
    # A word another language writes (Finnish Metsola) is no unseen word.
    assert surname_fingerprint("Metsola", zipf) == "?"
    assert surname_fingerprint("Metsola", zipf, lambda word: word == "metsola") == ""


def test_find_open_names_on_words() -> None:
    given = GivenNames(["Max", "John"], builtin_translit())
    words = [Word(0, 4, "Maks", plain("Maks")), Word(5, 11, "Pekson", plain("Pekson"))]
    (found,) = find_open_names(words, given, zipf)
    assert (found.start, found.end, found.suggestion) == (0, 11, "Max Pekson")


class FakePair(PairNames):
    """Pair lookups from two fixed tables."""

    def __init__(self, given: dict[str, Respelled], surnames: dict[str, Respelled]) -> None:
        self.given, self.surnames = given, surnames

    def given_respelled(self, word: str) -> Respelled | None:
        return self.given.get(word)

    def surname_respelled(self, word: str) -> Respelled | None:
        return self.surnames.get(word)


@pytest.mark.parametrize(
    "given, surname, expected",
    [
        (Respelled("walter", 0.3, True), Respelled("hunter", 0.4, False), "Walter Hunter"),
        (Respelled("walter", 0.3, False), Respelled("hunter", 0.4, False), None),  # vowels alone: no fingerprint
        (Respelled("walter", 0.4, True), Respelled("hunter", 0.7, True), None),  # too far in all
        (None, Respelled("hunter", 0.4, True), None),
    ],
)
def test_both_halves_respelled(given: Respelled | None, surname: Respelled | None, expected: str | None) -> None:
    pair = FakePair({"voalter": given} if given else {}, {"khanter": surname} if surname else {})
    words = [Word(0, 7, "Voalter", "voalter"), Word(8, 15, "Khanter", "khanter")]
    found = find_open_names(words, GivenNames(["John"], builtin_translit()), zipf, pair)
    assert [f.suggestion for f in found if "both" in f.detail] == ([expected] if expected else [])


def test_census_given_names_table() -> None:
    from auditor.checks.openworld import census_given_ranks

    ranks = census_given_ranks()
    assert (ranks["james"], ranks["mary"], ranks["walter"]) == (1, 1, 41)
    assert len(ranks) == 5163
    header = (ROOT / "rules" / "gazetteer" / "census_given_names.tsv").read_text(encoding="ascii").splitlines()[:4]
    assert "tools/build_pivot_given.py" in header[1] and "public domain" in header[3]


def test_a_dj_alone_after_a_given_name_is_no_fingerprint() -> None:
    """Dj with no other pivot sign is the surname's own spelling; Dzh, or a Kh whose H spelling English knows, still counts."""
    words = [Word(0, 5, "Franz", "franz"), Word(6, 12, "Hodjak", "hodjak")]
    given = GivenNames(["Franz", "John", "Emily"], builtin_translit())
    assert find_open_names(words, given, zipf) == []
    assert [n.suggestion for n in find_open_names([Word(0, 4, "John", "john"), Word(5, 11, "Dzhons", "dzhons")], given, zipf)] == [""]


def test_a_russian_surname_with_kh_after_a_given_name_is_its_own_spelling() -> None:
    # French spells Хачанов "Khatchanov": a Slavic ending, no English H behind the Kh.
    assert surname_fingerprint("Khatchanov", zipf) == ""
    assert surname_fingerprint("Khorner", zipf) == "Horner"


def test_particles_before_the_surname_are_passed_over() -> None:
    given = GivenNames(["Max", "Erik"], builtin_translit())
    text = "Maks van Pekson"
    words = [Word(0, 4, "Maks", "maks"), Word(5, 15, "van Pekson", "van pekson")]
    (found,) = find_open_names(words, given, zipf)
    assert (text[found.start : found.end], found.suggestion) == ("Maks van Pekson", "Max van Pekson")
    # A capitalised particle is a word of its own: "Maks De Pekson".
    words = [Word(0, 4, "Maks", "maks"), Word(5, 7, "De", "de"), Word(8, 14, "Pekson", "pekson")]
    (found,) = find_open_names(words, given, zipf)
    assert (found.start, found.end, found.suggestion) == (0, 14, "Max De Pekson")


class HeardPair(PairNames):
    """Both halves heard from one fixed table."""

    def both_heard(self, given: str, surname: str) -> tuple[str, str] | None:
        return ("anthony", "edwards") if (given, surname) == ("entoni", "edvards") else None


def test_both_halves_heard() -> None:
    given = GivenNames(["John"], builtin_translit())
    words = [Word(0, 6, "Entoni", "entoni"), Word(7, 14, "Edvards", "edvards")]
    (found,) = find_open_names(words, given, zipf, HeardPair())
    assert (found.start, found.end, found.suggestion) == (0, 14, "Anthony Edwards")
    # A half some lexicon knows is no word heard: "Tony" is a word of English text.
    assert find_open_names([Word(0, 4, "Tony", "tony"), Word(5, 12, "Edvards", "edvards")], given, zipf, HeardPair()) == []


def test_both_heard_in_the_check() -> None:
    detect = CHECKS["unknown-garbled"].factory({}, Resources(gazetteer=load_gazetteer_dir(Path(__file__).resolve().parents[1] / "rules" / "gazetteer")))
    text = "L'arbitre Entoni Edvards a sifflé la fin ; le chanteur Entoni Mazic a chanté."
    assert [(text[h.start : h.end], h.suggestions) for h in detect(Document(text))] == [("Entoni Edvards", ("Anthony Edwards",))]


def test_a_double_barrelled_surname_is_judged_by_its_first_part() -> None:
    given = GivenNames(["Emily", "Nicolas"], builtin_translit())
    words = [Word(0, 5, "Emily", "emily"), Word(6, 20, "Khartwell-Smith", "khartwell-smith")]
    (found,) = find_open_names(words, given, zipf)
    assert (found.start, found.end, found.suggestion) == (0, 20, "Emily Hartwell-Smith")
    words = [Word(0, 7, "Nicolas", "nicolas"), Word(8, 21, "Dupont-Aignan", "dupont-aignan")]
    assert find_open_names(words, given, zipf) == []


def test_a_russian_double_barrelled_surname_is_its_own_spelling() -> None:
    given = GivenNames(["Alexander"], builtin_translit())
    words = [Word(0, 9, "Alexander", "alexander"), Word(10, 29, "Botsane-Khartchenko", "botsane-khartchenko")]
    assert find_open_names(words, given, zipf) == []


def test_a_slavic_slav_name_is_no_garbled_slaw() -> None:
    detect = CHECKS["unknown-garbled"].factory({}, Resources(gazetteer=load_gazetteer_dir(Path(__file__).resolve().parents[1] / "rules" / "gazetteer")))
    text = "Le gardien Miroslav Horak et le maire Jaroslav Dvorak ont parlé ; le réalisateur Uill Harrington aussi."
    assert [text[h.start : h.end] for h in detect(Document(text))] == ["Uill Harrington"]


def test_a_restored_name_keeps_the_capital_after_mc() -> None:
    """Suggestions write McCormack, not Mccormack; other names as title() writes them."""
    from auditor.entities.openworld import name_title
    from auditor.entities.pivot import name_case

    assert name_title("mccormack") == "McCormack"
    assert name_title("o'brien") == "O'Brien"
    assert name_title("smith-jones") == "Smith-Jones"
    assert name_case("mccormack", "Makkormak") == "McCormack"
    assert name_case("macron", "Makron") == "Macron"
    assert name_case("mccormack", "makkormak") == "mccormack"


@pytest.mark.parametrize(
    "text, suggestion",
    [
        # French-style romanisations of Cyrillic undone: an initial I for Й, Ou for У (a final I for -ie too).
        ("Le ministre Iessi Pekford a parlé.", "Jessie Pekford"),
        ("Le ministre Roupert Pekford a parlé.", "Rupert Pekford"),
    ],
)
def test_a_french_style_given_name_is_undone(text: str, suggestion: str) -> None:
    assert [h[2] for h in hits(text)] == [(suggestion,)]


@pytest.mark.parametrize(
    "text",
    [
        # French's own Ou (Arabic, Armenian names) and real spellings English text writes (Romanian Ioan, Greek Ioanna).
        "Le ministre Moustafa Kamel et l'homme d'affaires Rouben Vardanyan ont parlé.",
        "Le député Ioan Rus et la chercheuse Ioanna Kotsiou ont parlé.",
        # A Russian's own name in French spelling, before a Russian surname.
        "La patineuse Iana Petrova a gagné.",
    ],
)
def test_french_own_spellings_pass(text: str) -> None:
    assert hits(text) == []


def test_french_gain() -> None:
    from auditor.entities.openworld import french_gain

    assert french_gain("iessi", "jessie", zipf) and french_gain("roupert", "rupert", zipf)
    assert not french_gain("ioan", "joan", zipf)  # English text writes Romanian Ioan
    assert not french_gain("moustafa", "mustafa", zipf)  # French text writes its own Ou


def test_a_surname_heard_with_a_cyrillic_letter_after_a_given_name() -> None:
    # Tch for Ch: the French-style letter of Ч, where the name has none; after a known given name or a rare one.
    assert [h[2] for h in hits("Le joueur Paul Ritchardson a marqué.")] == [("Paul Richardson",)]
    assert [h[2] for h in hits("Le coureur Kamau Butchanan a gagné.")] == [("Kamau Buchanan",)]
    # Not after an ordinary word opening the sentence; Kh is native to Khmer, Vietnamese, Persian names.
    assert hits("Selon Butchanan, il pleut.") == []
    assert hits("Le tribunal a jugé Kaing Khek Ieu pour crimes contre l'humanité.") == []


def test_a_surname_with_doubled_consonants_written_once() -> None:
    assert [h[2] for h in hits("Le joueur Tom Hidleston a parlé.")] == [("Tom Hiddleston",)]
    # A spelling wordfreq or the census knows is a name (or a brand) of its own.
    assert hits("Le patron Mark Philips et l'acteur Tom Hanks ont parlé.") == []


def test_an_english_word_before_the_pair_is_no_name_part() -> None:
    # A team's or a company's name before the person ("l'ailier des Broncos Tom Hidleston").
    assert [h[2] for h in hits("L'ailier des Broncos Tom Hidleston a marqué.")] == [("Tom Hiddleston",)]
