"""Names English text writes, heard through a Russian pivot with no fingerprint (auditor/entities/openkey.py, tools/build_pivot_keys_english.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checks import CHECKS, Resources
from auditor.document import Document
from auditor.entities.gazetteer import load_gazetteer_dir
from auditor.entities.openkey import builtin_table, changes, heard_changes, match, rendered, table_path, without_initial_w
from auditor.entities.pivotkey import KeyTable, builtin_table as french_english_table, key
from auditor.entities.translit import builtin as builtin_translit

import auditor.checks.openworld  # noqa: F401  (registers the checks)
import auditor.checks.pivot  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = load_gazetteer_dir(ROOT / "rules" / "gazetteer")
TABLES = (builtin_table(), french_english_table())


def hits(check: str, text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Return (flagged text, suggestions) for each hit of `check` on `text`."""
    detect = CHECKS[check].factory({}, Resources(gazetteer=GAZETTEER))
    return [(text[h.start : h.end], h.suggestions) for h in detect(Document(text))]


# --- the match ----------------------------------------------------------------------


def test_rendered_consonants() -> None:
    assert rendered("k", "ck") and rendered("v", "w") and rendered("s", "c") and rendered("z", "s") and rendered("t", "th")
    assert rendered("kk", "cc") and rendered("k", "x") and rendered("s", "")
    assert not rendered("f", "w")  # the key merges F and W; Russian writes W as V, never F
    assert not rendered("s", "t")


def test_without_initial_w() -> None:
    assert without_initial_w("uestbruk", "westbrook") == ("estbruk", "estbrook", 1)
    assert without_initial_w("uitni", "whitney") == ("itni", "itney", 1)
    assert without_initial_w("uolles", "wallace") == ("alles", "allace", 1)  # У-О for the W-A of "wall"
    assert without_initial_w("ueda", "ueda") == ("ueda", "ueda", 0)


def test_changes_count_pivot_changes_only() -> None:
    assert changes("lenkford", "lankford") == 1  # E for A, as Russian hears it
    assert changes("blekmor", "blackmore") == 3  # E for A, K for Ck, the final E dropped
    assert changes("nortman", "northman") == 1
    assert changes("faeser", "weser") is None  # F for W: no pivot's
    assert changes("kalin", "kolin") is None or changes("kalin", "kolin") == 0  # two real names a vowel apart


@pytest.mark.parametrize(
    "word, name",
    [
        ("lenkford", "lankford"),
        ("blumental", "blumenthal"),
        ("bekket", "beckett"),
        ("doroti", "dorothy"),
        ("shirli", "shirley"),
        ("uestbruk", "westbrook"),  # U for an initial W, as Russian У
        ("uelbek", "welbeck"),
    ],
)
def test_match(word: str, name: str) -> None:
    found = match(word, TABLES, builtin_translit())
    assert found is not None and found.name == name


@pytest.mark.parametrize(
    "word",
    [
        "faeser",  # a German name: F for W is no pivot's
        "nortman",  # one change from a name below Zipf 2.0 (a film): a real surname as often
        "zelenskiy",  # two romanisations of one Slavic name
        "oleksii",
        "lankford",  # the name itself
        "djokic",  # no romanisation of Cyrillic (c)
    ],
)
def test_no_match(word: str) -> None:
    assert match(word, TABLES, builtin_translit()) is None


# --- the generated table ----------------------------------------------------------


def test_builtin_table_samples_and_keys() -> None:
    table = builtin_table()
    for sample_key, sample in [("LNKFRD", "lankford"), ("BLMNTL", "blumenthal"), ("BKT", "beckett"), ("FSTBRK", "westbrook")]:
        assert sample in {k.name for k in table.names(sample_key)}
    # Common English words are left out (SCOWL's lower-case words), names kept.
    names = {cell.partition(":")[0] for row in table.rows.values() for cell in row.split(" ")}
    assert {"grossly", "paddock", "flask", "timothy"}.isdisjoint(names)
    # The key column is pivotkey.key's: the file must be rebuilt when the key changes.
    stale = [(k, row) for k, row in table.rows.items() if any(key(cell.partition(":")[0]) != k for cell in row.split(" "))]
    assert stale == []
    header = table_path().read_text(encoding="utf-8").split("\n", 8)[:8]
    assert any("wordfreq" in line and "CC BY-SA 4.0" in line for line in header)
    assert any("build_pivot_keys_english" in line for line in header) and any("SCOWL" in line for line in header)


def test_table_parses_as_a_key_table() -> None:
    assert [k.name for k in KeyTable("LNKFRD\tlankford:2.22\n").names("LNKFRD")] == ["lankford"]


# --- the checks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Le sénateur James Lenkford a voté contre le texte.", [("Lenkford", ("Lankford",))]),
        ("Le sénateur Lenkford a déclaré qu'il voterait contre.", [("Lenkford", ("Lankford",))]),
        # A given name no list holds that French and English both write, rarer in French ("Anil").
        ("Le chercheur Anil Lenkford a parlé.", [("Lenkford", ("Lankford",))]),
    ],
)
def test_pivot_garbled_with_evidence(text: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    assert hits("pivot-garbled", text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Lenkford est un village du Kentucky.",  # no name evidence: never alone
        "Le réalisateur Daniel Nortman a parlé.",
        "La ministre Nancy Faeser a parlé.",
        "Le ministre Oleksii Reznikov et Volodymyr Zelenskiy ont parlé.",
    ],
)
def test_pivot_garbled_passes(text: str) -> None:
    assert hits("pivot-garbled", text) == []


def test_heard_given_name() -> None:
    assert hits("unknown-garbled", "La romancière Doroti Sayers a publié un recueil.") == [("Doroti Sayers", ("Dorothy Sayers",))]
    assert hits("unknown-garbled", "La romancière Dorothy Sayers a publié un recueil.") == []
    # A word another language writes is a real given name there: Portuguese Sidnei is no Sydney.
    assert hits("unknown-garbled", "Le défenseur Sidnei Moura a marqué.") == []


def test_lone_word_heard_as_the_documents_surname() -> None:
    text = "Le joueur Kirk Cousins a signé à Atlanta. Kauzins touchera cent millions de dollars."
    assert hits("pivot-garbled", text) == [("Kauzins", ("Cousins",))]
    # Unalike (a vowel no ear explains): another person.
    assert hits("pivot-garbled", "Le joueur Kirk Cousins a signé à Atlanta. Kauzons viendra aussi.") == []
    # Mak for the Mc of the document's surname (heard_changes): "Makkormik" after Dan McCormick.
    text = "Le sénateur Dan McCormick a voté la loi. Makkormik a défendu le texte."
    assert hits("pivot-garbled", text) == [("Makkormik", ("McCormick",))]
    assert heard_changes("makkormik", "mccormick") == 3 and heard_changes("makkormik", "mccormack") is None


def test_cyrillic_letters_and_heard_vowels_are_changes() -> None:
    assert rendered("kh", "h") and rendered("dzh", "j") and rendered("dj", "g") and rendered("tch", "ch") and rendered("gue", "g")
    assert not rendered("ch", "sh")  # Japanese and Spanish names write Ch of their own ("Takaichi")
    assert changes("kharris", "harris") == 1
    assert changes("seilor", "saylor") == 1  # EI for AY: Сейлор
    assert changes("kiptchogue", "kipchoge") == 3  # French Tch, Gue, the final E dropped


@pytest.mark.parametrize(
    "word, name",
    [
        ("moinikhen", "moynihan"),  # three changes: up to 1.2 of the table's weights
        ("makilroi", "mcilroy"),  # Mak for Mc
        ("ouilson", "wilson"),  # French Ou for an initial W
        ("donchich", "doncic"),  # a South Slavic -ić through Russian
        ("kovachich", "kovacic"),
        ("perishich", "perisic"),  # Sh for the š of Perišić
    ],
)
def test_match_renderings(word: str, name: str) -> None:
    found = match(word, TABLES, builtin_translit())
    assert found is not None and found.name == name


def test_no_match_for_names_spelled_their_own_way() -> None:
    assert match("takaichi", TABLES, builtin_translit()) is None
    assert match("heinrich", TABLES, builtin_translit()) is None  # no South Slavic name behind its Ch
