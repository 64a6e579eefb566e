"""Pivot-garbled names of any entity: undo a Russian pivot's spelling changes and ask wordfreq (auditor/entities/pivot.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checks import CHECKS, Resources
from auditor.document import Document
from auditor.entities.gazetteer import load_gazetteer_dir
from auditor.entities.pivot import (
    KnownNames,
    KnownWords,
    Lexicon,
    PivotTableError,
    bloom_positions,
    builtin_known,
    builtin_names,
    builtin_reversals,
    candidates,
    parse_known,
    parse_reversals,
    restore,
    restore_weak,
)

from auditor.entities.openworld import Respelling, respelled_surnames
from auditor.entities.translit import builtin as builtin_translit

import auditor.checks.openworld  # noqa: F401  (registers the checks)
import auditor.checks.pivot  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = load_gazetteer_dir(ROOT / "rules" / "gazetteer")
REVERSALS = builtin_reversals()


def hits(text: str, check: str = "pivot-garbled") -> list[tuple[int, int, str, tuple[str, ...]]]:
    """Return (start, end, flagged text, suggestions) for each hit of a check on `text`."""
    detect = CHECKS[check].factory({}, Resources(gazetteer=GAZETTEER))
    return [(h.start, h.end, text[h.start : h.end], h.suggestions) for h in detect(Document(text))]


# --- a lone surname the document itself spells right -----------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # Dutch oe through Russian У, and H through Х: the full name before says how it is spelled.
        ("L'architecte Gerard Hoefnagel construit un musée. Khufnagel a dessiné la façade.", [(50, 59, "Khufnagel", ("Hoefnagel",))]),
        # English W before a vowel is Russian У; ie is И.
        ("Le chef d'orchestre Howard Whitfield dirige ce soir. Uitfild a choisi Mahler.", [(53, 60, "Uitfild", ("Whitfield",))]),
        # After a common word ("Selon") the surname stands alone too; every lone use is flagged.
        (
            "Le physicien Peter Schoonhoven a reçu le prix. Selon Shunhoven, Shunhoven travaille à Delft.",
            [(53, 62, "Shunhoven", ("Schoonhoven",)), (64, 73, "Shunhoven", ("Schoonhoven",))],
        ),
    ],
)
def test_lone_respelling_of_the_documents_surname(text: str, expected: list) -> None:
    assert hits(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Le physicien Peter Schoonhoven a reçu le prix. Schoonhoven travaille à Delft.",  # same spelling
        "Le physicien Peter Schoonhoven a reçu le prix. Schoonhovens travaille à Delft.",  # an inflection
        "Le physicien Peter Schoonhoven a reçu le prix. Schoonhoben travaille à Delft.",  # a plain edit: a typing slip
        "Shunhoven travaille à Delft. Le physicien Peter Schoonhoven a reçu le prix.",  # the full name comes after
        "Le physicien Peter Schoonhoven a reçu le prix. " + "Il pleut. " * 400 + "Shunhoven travaille à Delft.",  # another article
    ],
)
def test_lone_respelling_passes(text: str) -> None:
    assert hits(text) == []


def test_respelled_surnames_pairs_unseen_words_within_the_table() -> None:
    translit = builtin_translit()
    found = respelled_surnames(["Uitfild", "Khufnagel", "Schoonhoben", "Delft"], ["Whitfield", "Hoefnagel", "Schoonhoven"], translit, lambda key: key != "delft")
    assert found == {
        "Khufnagel": Respelling("Khufnagel", "Hoefnagel", 0.6),
        "Uitfild": Respelling("Uitfild", "Whitfield", 0.6),
    }


# --- the check on text ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Le philosophe Khabermas a publié un essai.", [(14, 23, "Khabermas", ("Habermas",))]),
        # A lone word at the start of a sentence is judged too ("X a déclaré").
        ("Khabermas a déclaré que le débat était clos.", [(0, 9, "Khabermas", ("Habermas",))]),
        ("La ville de Vinnipeg a voté le budget.", [(12, 20, "Vinnipeg", ("Winnipeg",))]),
        # Three fingerprints undone together (ts, iu, k): found past the vowel re-spellings of a long word.
        ("Le livre de Tsiukerman est paru hier.", [(12, 22, "Tsiukerman", ("Zuckerman",))]),
        # A surname the census lists, which wordfreq seldom sees.
        ("Le sénateur Khendershot a voté contre.", [(12, 23, "Khendershot", ("Hendershot",))]),
        # Garbled words side by side in a run are one name: one finding, one suggestion.
        ("Les usines Khenkel-Kharibo ferment.", [(11, 26, "Khenkel-Kharibo", ("Henkel-Haribo",))]),
        ("Le philosophe Gelmut Khabermas a parlé.", [(14, 30, "Gelmut Khabermas", ("Helmut Habermas",))]),
        # Two names apart in one sentence: two findings.
        # (Gelmut Khaider, both halves respelled, is the open-world check's: see below.)
        ("L'ancien chancelier Gelmut Khaider a parlé à Vashington.", [(45, 55, "Vashington", ("Washington",))]),
    ],
)
def test_flags_exact_spans_and_suggestions(text: str, expected: list) -> None:
    assert hits(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Russian and Ukrainian names romanised the French way.
        "Mikhaïl Khodorkovski et Mikhaïl Gorbatchev se sont rencontrés à Moscou.",
        "Iouri Gagarine fut le premier ; on joue Tchaïkovski et Chostakovitch.",
        "Volodymyr Zelensky s'est rendu à Kharkiv puis à Khabarovsk.",
        "Le ministre Sergueï Lavrov et Maria Zakharova ont répondu à Iakovlev.",
        # Real rare names with no pivot fingerprint, and names other languages know.
        "Le maire Bouveroux et l'adjoint Vandermeer ont signé.",
        "Le président roumain Klaus Iohannis a reçu Iulian Popescu à Iasi.",
        "La rédaction de Handelsblatt et le Kommissariat de Salzgitter.",
        # Four letters or fewer: too short to tell.
        "Le groupe Ekho a joué.",
        # Words French or English know are no garbles.
        "Simon Vickers et Anna Karenina ont répondu.",
    ],
)
def test_passes(text: str) -> None:
    assert hits(text) == []


# --- vowels re-spelled and four-letter words: flagged with evidence only ---------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # After a known given name: "Springstin" is Springsteen with ee heard as i.
        ("Le chanteur Bruce Springstin a rempli le stade.", [(18, 28, "Springstin", ("Springsteen",))]),
        # Alone, an unseen word one re-spelled vowel from a well-known name.
        ("Le roman de Hemingwei reste un classique.", [(12, 21, "Hemingwei", ("Hemingway",))]),
        # Four letters: after a known given name, or beside another garbled word.
        ("Le golfeur Mike Vuds a gagné.", [(16, 20, "Vuds", ("Woods",))]),
        # After a word French and English use alike, as a name, though no list holds it; elided too.
        ("Le batteur Ringo Vuds a joué.", [(17, 21, "Vuds", ("Woods",))]),
        ("Le concert d'Ozzy Vuds a ravi.", [(18, 22, "Vuds", ("Woods",))]),
        # The same name flagged elsewhere in the document vouches for it alone.
        (
            "Le golfeur Mike Vuds a gagné le tournoi. Le swing de Vuds reste unique.",
            [(16, 20, "Vuds", ("Woods",)), (53, 57, "Vuds", ("Woods",))],
        ),
    ],
)
def test_weak_restorations_with_evidence(text: str, expected: list) -> None:
    assert hits(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Le swing de Vuds reste unique.",  # four letters and no evidence
        "Le ministre Fally Ipupa a parlé.",  # "fully" is an English word, no name
        "Le général Mark Milley a parlé.",  # doubled letters alone are how real names differ
        "Le ministre Mohammad Saddique Khan a parlé.",
        "Il les a pris sous ses Fittiches.",  # a re-spelled vowel to a common word pays twice
    ],
)
def test_weak_restorations_without_evidence_pass(text: str) -> None:
    assert hits(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # A surname alone, where a person is named, restored to a less famous name by cheap vowel changes.
        ("Interrogé par la presse, Grinspan a refusé de commenter.", [(25, 33, "Grinspan", ("Greenspan",))]),
        ("Selon le chercheur, Gudall a déclaré que tout allait bien.", [(20, 26, "Gudall", ("Goodall",))]),
    ],
)
def test_a_lone_surname_where_a_person_is_named(text: str, expected: list) -> None:
    assert hits(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Le golfeur Grinspan joue demain au club.",  # no verb of saying, no title right before
        "Le ministre Gudall Moreau a déclaré mardi que la loi passerait.",  # a given name before a surname, not a surname alone
    ],
)
def test_a_less_famous_name_needs_a_lone_surname_where_a_person_is_named(text: str) -> None:
    assert hits(text) == []


def test_a_pair_the_open_world_check_claims_is_left_to_it() -> None:
    # "Kol" is a census surname: the pair evidence of unknown-garbled reports "Gelmut Kol".
    text = "L'ancien chancelier Gelmut Kol a parlé."
    assert hits(text) == []
    assert hits(text, "unknown-garbled") == [(20, 30, "Gelmut Kol", ("Helmut Kol",))]


@pytest.mark.parametrize(
    "text, span, suggestion",
    [
        ("L'ancien chancelier Gelmut Khaider a parlé à Vashington.", (20, 34, "Gelmut Khaider"), "Helmut Haider"),
        ("Le golfeur Maik Vuds a gagné.", (11, 20, "Maik Vuds"), "Mike Woods"),
    ],
)
def test_both_halves_respelled_are_left_to_the_open_world_check(text: str, span: tuple[int, int, str], suggestion: str) -> None:
    assert hits(text, "unknown-garbled") == [(*span, (suggestion,))]
    assert not any(h[:2] == span[:2] for h in hits(text))


def test_a_span_the_open_world_check_claims_is_left_to_it() -> None:
    text = "Le fondateur David Tsukerberg a témoigné."
    assert hits(text, "unknown-garbled") == [(13, 29, "David Tsukerberg", ())]
    assert hits(text) == []
    # Alone, the same surname is this check's.
    assert hits("Le fondateur Tsukerberg a témoigné.") == [(13, 23, "Tsukerberg", ("Zuckerberg",))]


# --- the reverse table and the candidates ----------------------------------------------


def test_builtin_table_parses_with_strong_changes() -> None:
    assert len(REVERSALS) > 40
    assert any(r.garbled == "kh" and r.original == "h" and r.at == "start" and r.strong for r in REVERSALS)
    assert all(0 < r.weight <= 1 for r in REVERSALS)


@pytest.mark.parametrize(
    "line, message",
    [
        ("kh\th\t0.1\tstart", "x.tsv:1: expected 5 tab-separated cells"),
        ("kh\tH\t0.1\tstart\tyes", "x.tsv:1: spellings must be lowercase letters a-z"),
        ("kh\th\tcheap\tstart\tyes", "x.tsv:1: weight must be a number, got 'cheap'"),
        ("kh\th\t1.5\tstart\tyes", "x.tsv:1: weight must be above 0 and at most 1, got 1.5"),
        ("kh\th\t0.1\tmiddle\tyes", "x.tsv:1: 'at' must be one of any, end, inner, start, got 'middle'"),
        ("kh\th\t0.1\tstart\tmaybe", "x.tsv:1: 'strong' must be yes or no, got 'maybe'"),
    ],
)
def test_bad_table_lines_name_the_line(line: str, message: str) -> None:
    with pytest.raises(PivotTableError) as err:
        parse_reversals(line, "x.tsv")
    assert str(err.value).startswith(message)


def test_consonant_placeholder_keeps_the_consonant() -> None:
    table = parse_reversals("v\tw\t0.2\tany\tyes\neiC\taCe\t0.3\tany\tno\nC\tCe\t0.2\tend\tno")
    # veik: v (w 0.2, strong), "eik" (ake 0.3), final k (ke 0.2); each candidate has the strong change.
    assert candidates("veik", table) == [(0.2, "weik"), (0.4, "weike"), (0.5, "wake")]


@pytest.mark.parametrize(
    "line",
    ["eiC\ta\t0.3\tany\tno", "ei\taC\t0.3\tany\tno", "CC\tCa\t0.3\tany\tno", "C\tC\t0.3\tany\tno"],
)
def test_bad_consonant_placeholders_name_the_line(line: str) -> None:
    with pytest.raises(PivotTableError, match="x.tsv:1: "):
        parse_reversals(line, "x.tsv")


def test_candidates_cheapest_first_each_once() -> None:
    table = parse_reversals("kh\th\t0.1\tstart\tyes\nkh\tch\t0.3\tany\tyes\nv\tw\t0.2\tany\tyes\ni\ty\t0.3\tany\tno")
    # khavi: kh at the start (h 0.1 or ch 0.3), v (w 0.2), i (y 0.3, weak), at most three changes.
    assert candidates("khavi", table) == [
        (0.1, "havi"),
        (0.2, "khawi"),
        (0.3, "chavi"),
        (0.3, "hawi"),
        (0.4, "havy"),
        (0.5, "chawi"),
        (0.5, "khawy"),
        (0.6, "chavy"),
        (0.6, "hawy"),
        (0.8, "chawy"),
    ]


def test_no_candidate_without_a_strong_change() -> None:
    # Doubled letters and vowel shifts alone are how real names differ: never a candidate.
    assert candidates("bella", REVERSALS) == []
    assert candidates("marie", REVERSALS) == []


def test_changes_are_undone_left_to_right_not_chained() -> None:
    table = parse_reversals("f\tv\t0.2\tany\tyes\nv\tw\t0.2\tany\tyes")
    # f -> v is one change; v -> w is not applied to the v it made (no "wagon"). The other
    # candidates double a consonant (built in, weak) after the strong change.
    assert candidates("fagon", table) == [(0.2, "vagon"), (0.5, "vaggon"), (0.5, "vagonn"), (0.8, "vaggonn")]


# --- restore with a lexicon of known values ---------------------------------------------


class FakeZipf:
    """Zipf values from a table, recording which languages were asked."""

    def __init__(self, values: dict[tuple[str, str], float]) -> None:
        self.values = values
        self.asked: set[str] = set()

    def __call__(self, word: str, language: str) -> float:
        self.asked.add(language)
        return self.values.get((word, language), 0.0)


def lexicon(values: dict[tuple[str, str], float]) -> tuple[Lexicon, FakeZipf]:
    fake = FakeZipf(values)
    return Lexicon(fake, ("en", "fr"), ("de",)), fake


def test_restores_a_name_english_knows() -> None:
    lex, fake = lexicon({("henrik", "en"): 3.0})
    found = restore("khenrik", lex, REVERSALS, frozenset)
    assert (found.name, found.cost, found.name_zipf, found.language) == ("henrik", 0.1, 3.0, "en")


def test_names_tier_only_for_a_sure_fingerprint_the_filter_knows() -> None:
    values = {("henrik", "de"): 4.0, ("walden", "de"): 4.0}
    # kh at the start is a sure fingerprint: German is asked, as the filter knows the candidate.
    lex, fake = lexicon(values)
    assert restore("khenrik", lex, REVERSALS, lambda: frozenset({"henrik"})).language == "de"
    # v is no sure fingerprint: only French and English are asked, and they do not know it.
    lex, fake = lexicon(values)
    assert restore("valden", lex, REVERSALS, lambda: frozenset({"walden"})) is None
    assert fake.asked == {"en", "fr"}


def sieved(values: dict[tuple[str, str], float], lacking: frozenset[str] = frozenset()) -> tuple[Lexicon, FakeZipf]:
    """A lexicon whose sieve holds the words of `values` at each level asked (a superset, as a real sieve), but `lacking`."""
    fake = FakeZipf(values)

    def frequent(languages, level):
        return {w for (w, lang), z in values.items() if lang in languages and z >= level and w not in lacking} | {"zzzzz"}

    return Lexicon(fake, ("en", "fr"), ("de",), frequent), fake


@pytest.mark.parametrize(
    "word, values",
    [
        ("khenrik", {("henrik", "en"): 3.0}),
        ("khenrik", {("henrik", "en"): 1.7, ("khenrik", "fr"): 0.5}),
        ("khuanes", {("huanes", "en"): 2.5, ("juanes", "en"): 5.0}),
        ("khuanes", {("huanes", "fr"): 1.81, ("juanes", "en"): 5.0}),
    ],
)
def test_the_sieve_changes_no_restoration(word: str, values: dict) -> None:
    plain_lex, _ = lexicon(values)
    sieve_lex, _ = sieved(values)
    assert restore(word, sieve_lex, REVERSALS, frozenset) == restore(word, plain_lex, REVERSALS, frozenset)
    assert restore_weak(word, sieve_lex, REVERSALS, frozenset) == restore_weak(word, plain_lex, REVERSALS, frozenset)


def test_a_candidate_the_sieve_lacks_is_never_looked_up() -> None:
    lex, fake = sieved({("henrik", "en"): 3.0}, lacking=frozenset({"henrik"}))
    assert restore("khenrik", lex, REVERSALS, frozenset) is None  # a sieve must hold every frequent word: this one lies
    assert lex.sieve(1.8) is lex.sieve(1.8)  # built once per level


def test_frequent_sieve_holds_every_word_of_the_level() -> None:
    from auditor.lang import frequencies

    sieve = frequencies.frequent_sieve(("en", "fr"), 1.8)
    assert sieve is not None and frequencies.frequent_sieve(("en", "fr"), 1.8) == sieve  # read back from the user cache
    for language in ("en", "fr"):
        table = frequencies.frequency_table(language)
        frequent = list(table.words_at_least(1.8))
        assert frequent and all(word in sieve for word in frequent)
        assert all(table.zipf(word) >= 1.8 for word in frequent[::97])
        assert sum(1 for c in table.chunks for w in c.split() if table.zipf(w) >= 1.8) == len(frequent)
    assert frequencies.frequent_sieve(("en", "xx"), 1.8) is None  # a language with no table


def listed(bands: dict[str, int]) -> KnownNames:
    """A filter of people's names holding `bands` (name -> band), keyed as tools/build_pivot_names.py keys them."""
    bits, hashes = 4096, 7
    table = bytearray(bits // 8)
    for name, band in bands.items():
        for key in [name] + [f"{b}:{name}" for b in range(2, band + 1)]:
            for p in bloom_positions(key, bits, hashes):
                table[p >> 3] |= 1 << (p & 7)
    return KnownNames(KnownWords(bits, hashes, bytes(table)))


def test_restores_a_listed_name_wordfreq_seldom_sees() -> None:
    lex, _ = lexicon({("hendershot", "en"): 1.2})
    assert restore("khendershot", lex, REVERSALS, frozenset) is None  # wordfreq alone: too rare
    found = restore("khendershot", lex, REVERSALS, frozenset, lambda: listed({"hendershot": 1}))
    assert (found.name, found.cost, found.name_zipf, found.language) == ("hendershot", 0.1, 2.0, "names")


def test_a_listed_name_is_no_garble_of_a_name_not_far_better_known() -> None:
    # "Kaspar" is a listed name itself (band 2: counts as Zipf 1.5), so "Caspar" must reach 3.0 + cost.
    lex, _ = lexicon({("caspar", "en"): 2.9})
    assert restore("kaspar", lex, REVERSALS, frozenset) is not None
    assert restore("kaspar", lex, REVERSALS, frozenset, lambda: listed({"kaspar": 2})) is None
    # A common listed name (band 3) is never taken for a garble.
    lex, _ = lexicon({("caspar", "en"): 5.0})
    assert restore("kaspar", lex, REVERSALS, frozenset, lambda: listed({"kaspar": 3})) is None


def test_builtin_names_filter_bands_census_names() -> None:
    names = builtin_names()
    assert [names.band(w) for w in ("holloway", "hendershot", "hinchliffe", "khendershot", "zzyzx")] == [3, 2, 1, 0, 0]
    header = (ROOT / "rules" / "gazetteer" / "pivot_names.b64").read_text(encoding="ascii")[:1000]
    assert "US Census Bureau 1990" in header and "public domain" in header


@pytest.mark.parametrize(
    "word, values, known",
    [
        ("khenrik", {("henrik", "en"): 3.0}, {"khenrik"}),  # another language knows the word itself
        ("khenrik", {("khenrik", "fr"): 2.0, ("henrik", "en"): 5.0}, set()),  # French knows it
        ("khenrik", {("henrik", "en"): 1.8}, set()),  # the name is not known well enough for the cost
        ("khenrik", {("khenrik", "en"): 1.5, ("henrik", "en"): 2.9}, set()),  # not far enough above the word
        ("iakovlev", {("yakovlev", "en"): 4.0, ("jakovlev", "en"): 4.0}, set()),  # a Slavic name romanised another way
        ("khug", {("hug", "en"): 5.0}, set()),  # too short
    ],
)
def test_restore_declines(word: str, values: dict, known: set) -> None:
    lex, _ = lexicon(values)
    assert restore(word, lex, REVERSALS, lambda: frozenset(known)) is None


def test_restore_weak_needs_a_name_like_word_and_a_table_change() -> None:
    table = parse_reversals("ei\tay\t0.3\tany\tno")
    lex, _ = lexicon({("hemingway", "en"): 3.3, ("hemingway", "fr"): 3.0})
    found = restore_weak("hemingwei", lex, table, frozenset)
    assert (found.name, found.cost, found.strong) == ("hemingway", 0.3, False)
    # A word French hardly writes is an English word, not a name.
    lex, _ = lexicon({("hemingway", "en"): 3.3})
    assert restore_weak("hemingwei", lex, table, frozenset) is None
    # Doubled letters alone are how real names differ.
    lex, _ = lexicon({("millay", "en"): 3.0, ("millay", "fr"): 3.0})
    assert restore_weak("milay", lex, table, frozenset) is None
    # The strict restore wants a fingerprint.
    lex, _ = lexicon({("hemingway", "en"): 3.3, ("hemingway", "fr"): 3.0})
    assert restore("hemingwei", lex, table, frozenset) is None
    # A common word of its language, frequent in both ("fake news"), is no name to reach.
    lex, _ = lexicon({("fake", "en"): 4.65, ("fake", "fr"): 3.84})
    assert restore_weak("faki", lex, parse_reversals("i\te\t0.4\tend\tno"), frozenset) is None
    lex, _ = lexicon({("fake", "en"): 4.0, ("fake", "fr"): 3.5})
    assert restore_weak("faki", lex, parse_reversals("i\te\t0.4\tend\tno"), frozenset).name == "fake"


def test_cheapest_qualifying_candidate_wins() -> None:
    # kh -> h (0.1) qualifies, so kh -> j (0.4) is never taken, however frequent.
    lex, _ = lexicon({("huanes", "en"): 2.5, ("juanes", "en"): 5.0})
    assert restore("khuanes", lex, REVERSALS, frozenset).name == "huanes"


# --- the filter of words other languages know -------------------------------------------


def test_filter_file_round_trip_and_errors() -> None:
    import base64

    bits, hashes = 64, 3
    table = bytearray(bits // 8)
    for p in bloom_positions("aktuell", bits, hashes):
        table[p >> 3] |= 1 << (p & 7)
    text = b"# a header\n# another\nbloom 64 3 1\n" + base64.b64encode(bytes(table)) + b"\n"
    known = parse_known(text)
    assert known == KnownWords(64, 3, bytes(table))
    assert "aktuell" in known
    with pytest.raises(ValueError, match="x.b64: expected a line 'bloom BITS HASHES WORDS'"):
        parse_known(b"# header only\n", "x.b64")
    with pytest.raises(ValueError, match="x.b64: 8 bytes of filter for 128 bits"):
        parse_known(b"bloom 128 3 1\n" + base64.b64encode(bytes(table)) + b"\n", "x.b64")


def test_builtin_filter_knows_other_languages_words() -> None:
    known = builtin_known()
    assert known.hashes > 1 and len(known.table) * 8 == known.bits
    for word in ("aktuell", "handelsblatt", "iulian", "kommissariat"):
        assert word in known
    # The header states the source and its licence.
    header = (ROOT / "rules" / "gazetteer" / "pivot_known.b64").read_text(encoding="ascii")[:1000]
    assert "wordfreq" in header and "CC-BY-SA 4.0" in header


def test_one_detector_across_documents_pairs_a_lone_word_with_a_surname_it_saw_before() -> None:
    """A run that only ends a full name says nothing alone, in document after document, until a lone word respells its surname."""
    detect = CHECKS["pivot-garbled"].factory({}, Resources(gazetteer=GAZETTEER))
    full = "L'architecte Gerard Hoefnagel construit un musée."
    text = full + " Khufnagel a dessiné la façade."
    assert list(detect(Document(full))) == []
    assert list(detect(Document(full))) == []
    assert [(h.start, h.end, text[h.start : h.end], h.suggestions) for h in detect(Document(text))] == [(50, 59, "Khufnagel", ("Hoefnagel",))]


@pytest.mark.parametrize("word, expected", [("djerbi", True), ("hadjidakis", True), ("djagger", True), ("dzhons", False), ("khadjian", False), ("horner", False)])
def test_dj_only(word: str, expected: bool) -> None:
    from auditor.entities.pivot import dj_only

    assert dj_only(word) is expected


def test_a_dj_alone_restores_only_to_a_name_english_knows() -> None:
    """Djerbi and Djerad (Algerian, French spelling) restore to Italian and German words only; Djagger to Jagger."""
    assert hits("Le ministre Mohamed Djerbi et Abdelaziz Djerad ont parlé à Alger.") == []
    assert [h[2] for h in hits("Le chanteur Djagger a chanté.")] == ["Djagger"]


def test_a_given_name_before_a_surname_of_another_language_is_that_languages() -> None:
    """Jeison before Spanish Murillo, Djordje before Serbian Petrović: no English name respelled.

    German "allen" is a word, not a surname: Djeremi before Allen stays a pivot's; so does
    a Cyrillic fingerprint before any surname."""
    assert hits("Les défenseurs colombiens Jeison Murillo et Yerry Mina sont rappelés.") == []
    assert hits("Le gardien serbe Djordje Petrović a multiplié les arrêts.") == []
    assert hits("Le défenseur Jeison Smith a marqué.") == [(13, 19, "Jeison", ("Jason",))]
    assert hits("L'acteur Djeremi Allen Ouaït a remporté un Emmy.") == [(9, 16, "Djeremi", ("Jeremy",))]
