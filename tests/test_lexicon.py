"""Tests of the lexicon: known words, inflections, suggestions and the garbled-word check."""

from __future__ import annotations

import pytest

from auditor.checks import Resources, load_all
from auditor.document import Document
from auditor.lang import lexicon
from auditor.lang.lexicon import Garble, explained, garbled_words, is_known, suggestions, unknown_words


@pytest.mark.parametrize(
    ("word", "known"),
    [("secrets", True), ("milliardaire", True), ("sponsored", True), ("supercrets", False), ("bammer", False)],
)
def test_is_known(word: str, known: bool) -> None:
    # "bammer" has an English Zipf value of 1.4: junk below KNOWN_EN_ZIPF does not count.
    assert is_known(word) is known


def test_unknown_words_are_distinct_and_sorted() -> None:
    assert unknown_words(["teminaux", "les", "apologne", "teminaux", "ab123", "kwh"]) == ["apologne", "teminaux"]


@pytest.mark.parametrize(
    "word",
    [
        "intenteront",  # future of intenter
        "hessoises",  # feminine plural of hessois
        "collusoires",  # collusion
        "crématisés",  # crémation, through a verb in -iser
        "réitèrerait",  # réitérer, with the accent of the stem changed
        "resservis",  # re- and servis
        "cabotinent",  # cabotin
        "accueillerions",
        "reconstatés",  # re- and constatés: a real verb in -ater is found through -er
        "surdatées",
        "réembauchaient",  # a real ré- word: "reembauchaient" is no French word
        "réexaminerions",
        # A verb wordfreq lacks, known through its -age noun ("ensilage").
        "ensiler", "ensilaient",
        # The passé simple and the imperfect subjunctive (newstest's professional French).
        "conjugua", "traitai", "rétorquèrent", "utilisât", "triomphât", "délégitimassions",
        # Stems that change between forms: -gn- of -indre verbs, -iendr- of -enir verbs, ç before a.
        "rejoignèrent", "soutiendrions", "manigançant",
        # A ré- verb whose unaccented twin the web also writes ("reveiller") is still that verb.
        "réveilleriez", "résilierait",
    ],
)
def test_explained_forms(word: str) -> None:
    assert not is_known(word)
    assert explained(word)


@pytest.mark.parametrize(
    "word",
    [
        "supercrets", "apologne", "millardaire", "teminaux", "bammer", "réalisationde",
        # A verb form built on an -ation noun: "installatés" for "installés".
        "installatés", "manifestatés", "réparatée",
        # The right spelling's twin: an accent on re- ("relancés"), -ible for -able.
        "rélancés", "remarquible", "remarquibles",
        # A one-letter literary ending needs a stem of four letters: "achât" is "achat" misspelt.
        "achât",
        # A short stem's -age noun comes from no verb: "courage" does not make "courer".
        "courer",
        # An action noun with a rival suffix the language uses ("surveillance"), an agent suffix on an agent.
        "surveillement", "développation", "lancage", "hackeristes",
    ],
)
def test_garbles_are_not_explained(word: str) -> None:
    # "supercrets" is not super- and "crets": a prefix needs a common word after it.
    assert not explained(word)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("réalisationde", ("réalisation de",)),  # a missing space
        ("lastagflation", ("la stagflation",)),  # a function word glued to a rarer word
        ("supercrets", ("super secrets",)),  # two words run together, the second garbled
        ("millardaire", ("milliardaire",)),  # a letter lost
        ("teminaux", ("terminaux",)),
        ("silphie", ()),  # nothing close enough
        ("rélancés", ("relancés",)),  # the twin first, before a split ("ré lancés")
        ("remarquible", ("remarquable",)),
        ("surveillement", ("surveillance",)),  # the rival suffix in use
        ("développations", ("développements",)),
        ("hackeristes", ("hackers",)),  # -iste on an agent noun
        ("hackeriste", ("hacker",)),
    ],
)
def test_suggestions(word: str, expected: tuple[str, ...]) -> None:
    assert suggestions(word) == expected


@pytest.mark.parametrize(("word", "max_distance"), [("teminaux", 2), ("millardaire", 3), ("remarquible", 3), ("zzzzqxw", 2), ("eu", 2)])
def test_nearest_reads_only_words_of_a_near_length(word: str, max_distance: int) -> None:
    from rapidfuzz.distance import Indel

    near = lexicon._pool_near(len(word) - 1, len(word) + max_distance)
    assert near and all(-1 <= len(w) - len(word) <= max_distance for w in near)
    # Every pool word within max_distance of a trusted shape (letters lost, one wrong, one too
    # many: never two letters shorter) is among them, so the nearest word is the whole pool's.
    def trusted(w: str, d: int) -> bool:
        return d == len(w) - len(word) or d == 1 or (d == 2 and len(w) == len(word))

    within = [(w, Indel.distance(word, w)) for w in lexicon._pool().words]
    assert sorted(w for w, d in within if d <= max_distance and trusted(w, d)) == sorted(
        w for w in near if trusted(w, Indel.distance(word, w)) and Indel.distance(word, w) <= max_distance
    )
    assert len(near) == len(set(near))


def test_document_words_are_the_distinct_words_of_the_paragraphs() -> None:
    doc = Document("Le chat dort.\n\nLe chien dort aussi, 2 fois.\n")
    assert lexicon.document_words(doc) == frozenset({"le", "chat", "dort", "chien", "aussi", "2", "fois"})
    assert lexicon.document_words(doc) is lexicon.document_words(doc)  # kept for the share-button check
    assert lexicon.document_words(Document("")) == frozenset()


def test_garbled_words_spans_and_excuses() -> None:
    text = (
        "Le millardaire a vu www.verbraucherzentrale.de et #watchdisneyjunior, le code ab12cd, "
        "la station Bad-Schwartau, le mot « flygskam » et la köpskam. Il parle de l'apologne, "
        "puis de l'apologne encore."
    )
    found = garbled_words(text)
    assert [(text[g.start : g.end], g.count) for g in found] == [("millardaire", 1), ("apologne", 2)]
    assert found[0] == Garble(3, 14, "millardaire", ("milliardaire",), 1)
    # The first use of a repeated word is reported.
    assert found[1].start == text.index("apologne")


def test_capitalised_and_short_words_are_left_alone() -> None:
    assert garbled_words("Supercrets et Zorglub sont des noms ; bpj et kwh des sigles.") == []


def test_check_reports_suggestion_and_count() -> None:
    detect = load_all()["garbled-word"].factory({}, Resources())
    text = "Les teminaux 2 et 3, puis les teminaux 4 et 5, et la réalisationde l'opération."
    hits = list(detect(Document(text, language="fr")))
    assert [(text[h.start : h.end], h.suggestions, h.detail) for h in hits] == [
        ("teminaux", ("terminaux",), "in neither the French nor the English word list; used 2 times, reported once"),
        ("réalisationde", ("réalisation de",), "in neither the French nor the English word list"),
    ]


def test_word_at_the_very_start_or_end_is_judged() -> None:
    assert [(g.start, g.end) for g in garbled_words("teminaux 2 et 3")] == [(0, 8)]
    assert [(g.start, g.end) for g in garbled_words("les teminaux")] == [(4, 12)]
    assert garbled_words('le mot « flygskam » et "nuking"') == []


def test_prefixed_unknown_name_is_garbled() -> None:
    text = "aux opérateurs de satellites non-Yanfa. Les pro-Trump et anti-Morsi, les non-Yanfa."
    assert garbled_words(text) == [Garble(29, 38, "non-Yanfa", (), 2)]


def test_unknown_words_side_by_side_are_one_finding() -> None:
    text = "On plante la bergénie guayule depuis peu. Après quelques années, la bergénie a fleuri."
    assert garbled_words(text) == [Garble(13, 29, "bergénie guayule", (), 1)]
    # Apart, they are two doubts; a word's own suggestion stays with it.
    text = "Les teminaux ferment ; la silphie fleurit."
    assert [(g.word, g.suggestions) for g in garbled_words(text)] == [("teminaux", ("terminaux",)), ("silphie", ())]


@pytest.mark.parametrize(
    "text",
    [
        # A rare term defined after a dash or in brackets, then used again without it.
        "La bergénie – une vivace aux feuilles persistantes – fleurit en mars. La bergénie résiste au gel.",
        "Le kénaf (une plante à fibres) pousse vite.",
        "Le guayule - un arbuste du désert - donne du caoutchouc.",
        # Its adjective may stand between the term and the definition, and be unknown too.
        "La bergénie guayule – une vivace – fleurit.",
        "La bergénie pourpre – une vivace – fleurit.",
    ],
)
def test_term_defined_by_its_author_is_no_garble(text: str) -> None:
    assert garbled_words(text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # A comma is no definition: ", une fois" follows any word.
        ("Le guayule, un arbuste du désert, donne du caoutchouc.", (3, 10)),
        ("Les teminaux, une fois évacués, ferment.", (4, 12)),
        # Nor is an adverbial phrase between dashes.
        ("Les teminaux – une fois de plus – ont été évacués.", (4, 12)),
        # Two words between the garble and the dash: it is no term being defined.
        ("Les teminaux des aéroports – un chaos.", (4, 12)),
    ],
)
def test_garble_before_other_dashes_and_commas_is_found(text: str, span: tuple[int, int]) -> None:
    assert [(g.start, g.end) for g in garbled_words(text)] == [span]


def test_many_unknown_words_are_found_in_one_pass_with_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past _ONE_PASS_WORDS candidates the uses come from one scan of the text's words, not one regex scan per word: the same garbles, starts and counts."""
    import auditor.lang.lexicon as lexicon

    stems = ["zorvaqu", "plimbret", "quastuvel", "drenikof", "moxtaval", "vurplenic"]
    invented = [f"{stem}{end}" for stem in stems for end in ("ahe", "ixo", "umbe", "essi", "orvu", "atti", "enki")]
    sentences = []
    for i, word in enumerate(invented):
        # Whole uses, a plural (a word of its own), a capitalised use, one beside a digit
        # (excused) and one quoted alone (excused): only the whole lowercase unexcused uses count.
        sentences.append(f"Le {word} et les {word}s, {word.capitalize()} puis {word}{i} et « {word} », encore {word}.")
    text = " ".join(sentences)
    one_pass = garbled_words(text)
    assert len(invented) > lexicon._ONE_PASS_WORDS and len(one_pass) == 2 * len(invented)
    assert [(g.start, g.end, g.word, g.count) for g in one_pass[:2]] == [(3, 13, "zorvaquahe", 2), (21, 32, "zorvaquahes", 1)]
    monkeypatch.setattr(lexicon, "_ONE_PASS_WORDS", 10**9)
    assert garbled_words(text) == one_pass


@pytest.mark.parametrize(
    "word",
    ["ranitidine", "sémaglutide", "tirzépatide", "adalimumab", "rosuvastatine", "apixaban", "ondansétron", "sitagliptine", "énoxaparine", "montélukast"],
)
def test_medicine_names_built_on_inn_stems_are_words(word: str) -> None:
    # Each is unknown to wordfreq (so it would be a garble) but ends in the French form of a WHO INN stem.
    assert unknown_words([word]) == [word]
    assert garbled_words(f"Le patient a reçu du {word} hier.") == []


@pytest.mark.parametrize("word", ["tide", "mab", "ovir"])
def test_a_short_word_ending_like_a_stem_is_still_judged(word: str) -> None:
    from auditor.lang.drugnames import is_medicine_name

    # Too short for a medicine: "xtide" and "glomab" end like a stem but stay garbles.
    assert not is_medicine_name("x" + word)
    assert is_medicine_name("exénatide" if word == "tide" else "infliximab" if word == "mab" else "aciclovir")


def test_garbles_ending_in_no_stem_are_still_found() -> None:
    text = "Il parle des supercrets du bammer."
    assert [(g.start, g.end, g.word) for g in garbled_words(text)] == [(13, 23, "supercrets"), (27, 33, "bammer")]


@pytest.mark.parametrize(
    "word",
    [
        # A rare derivation whose rivals are no common word is still a derivation.
        "réenchantement", "surchauffement",
        # A stem of three letters meets endings that are no rivals (ch-ance, vis-age).
        "visement",
    ],
)
def test_rival_suffix_needs_a_common_rival_and_a_stem_of_four_letters(word: str) -> None:
    assert lexicon._rival(word) == ""
