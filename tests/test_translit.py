"""Transliteration equivalences, skeleton blocks, and the garbled names they let the entity checks find."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checks import CHECKS, Resources
from auditor.document import Document
from auditor.entities.blocking import Near, SkeletonBlocks, budget, core, one_apart
from auditor.entities.gazetteer import load_gazetteer_dir
from auditor.entities.translit import TransliterationError, builtin, distance, parse_table, skeleton
from auditor.ruleset.errors import RuleError
from auditor.ruleset.loader import load_file

import auditor.checks.entities  # noqa: F401  (registers the checks)

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = load_gazetteer_dir(ROOT / "rules" / "gazetteer")


def hits(check: str, text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Return (flagged text, suggestions) for each hit of `check` on `text` with the built-in gazetteer."""
    detect = CHECKS[check].factory({}, Resources(gazetteer=GAZETTEER))
    return [(text[h.start:h.end], h.suggestions) for h in detect(Document(text))]


# --- skeletons and distances, one row per equivalence class -----------------------------

@pytest.mark.parametrize(
    "right, garbled, skeleton_right, skeleton_garbled, cost",
    [
        ("Harris", "Garris", "GRS", "GRS", 0.3),  # h ~ g (Russian Г), the first letter changed
        ("Hamas", "Khamas", "GMS", "GMS", 0.3),  # h ~ kh
        ("Bachar", "Bashar", "BSR", "BSR", 0.3),  # ch ~ sh
        ("Scholz", "Sholts", "SLS", "SLS", 0.6),  # sch ~ sh, z ~ ts
        ("Justin", "Djastin", "JSTN", "JSTN", 0.8),  # j ~ dj, English u ~ Russian a
        ("Jair", "Zhaiir", "JR", "JR", 0.5),  # j ~ zh, i ~ ii
        ("Jinping", "Tsinpin", "JNPN", "SNPN", 0.7),  # pinyin j ~ ts, final ng ~ n: skeletons one apart
        ("Xi", "Si", "S", "S", 0.3),  # pinyin x ~ s
        ("Recep", "Redzhep", "RSP", "RJP", 0.4),  # Turkish c ~ dzh
        ("Alexandre", "Aleksandr", "LXNDR", "LXNDR", 0.6),  # x ~ ks, French final e
        ("Nicolas", "Nikolas", "NKLS", "NKLS", 0.3),  # c ~ k
        ("Vladimir", "Wladimir", "FLDMR", "FLDMR", 0.3),  # v ~ w
        ("Ursula von der Leyen", "Ursula fon der Liaien", "RSLFNDRLN", "RSLFNDRLN", 0.9),  # v ~ f, ey ~ iai
        ("Theresa", "Tereza", "TRS", "TRS", 0.5),  # th ~ t, s ~ z
        ("Zelensky", "Zelenskiy", "SLNSK", "SLNSK", 0.1),  # final -sky ~ -skiy
        ("Poutine", "Putin", "PTN", "PTN", 0.6),  # ou ~ u, French final e
        ("Trudeau", "Triudo", "TRD", "TRD", 0.6),  # u ~ iu, eau ~ o
        ("Wilson", "Uilson", "FLSN", "FLSN", 0.3),  # English W before a vowel ~ Russian У
        ("Whitfield", "Uitfild", "FTFLD", "FTFLD", 0.6),  # wh ~ u at the start, ie ~ i
        ("Hoefnagel", "Khufnagel", "GFNGL", "GFNGL", 0.6),  # h ~ kh, Dutch oe ~ u
        ("Haaland", "Holand", "GLND", "GLND", 0.3),  # Nordic aa ~ o
        ("May", "Mei", "M", "M", 0.3),  # ay ~ ei
        ("Keir", "Kir", "KR", "KR", 0.3),  # ei ~ i
        ("Trump", "Tramp", "TRMP", "TRMP", 0.5),  # English u ~ Russian a
        ("Sam", "Sem", "SM", "SM", 0.5),  # English a ~ Russian e
        ("Elon", "Ilon", "LN", "LN", 0.5),  # e ~ i
        ("Milei", "Mileya", "ML", "ML", 0.4),  # a Russian case ending
        ("Harris", "Haris", "GRS", "GRS", 0.2),  # a doubled consonant written single
    ],
)
def test_skeleton_and_distance(right: str, garbled: str, skeleton_right: str, skeleton_garbled: str, cost: float) -> None:
    assert (skeleton(right), skeleton(garbled)) == (skeleton_right, skeleton_garbled)
    assert one_apart(skeleton(right), skeleton(garbled))
    assert distance(right, garbled) == cost
    assert distance(garbled, right) == cost


@pytest.mark.parametrize(
    "a, b, cost",
    [("Scholz", "Scholz", 0.0), ("Scholz", "Schulz", 0.8), ("Biden", "Bidon", 0.8), ("Ivanka", "Ivana", 1.0), ("Scholz", "Merkel", 5.1)],
)
def test_plain_edits_cost_more_than_equivalences(a: str, b: str, cost: float) -> None:
    assert distance(a, b) == cost


def test_distance_under_a_cutoff_only_says_farther() -> None:
    translit = builtin()
    assert translit.letters_distance("merkel", "scholz", cutoff=1.0) > 1.0
    # The memo holds a lower bound, which a looser cutoff does not take for the answer.
    assert translit.letters_distance("merkel", "scholz") == 5.1
    assert translit.letters_distance("garris", "harris", cutoff=0.1) > 0.1
    assert translit.letters_distance("garris", "harris", cutoff=0.3) == 0.3


def test_distance_memo_does_not_depend_on_the_order_of_cutoffs() -> None:
    """A distance first asked under a tight cutoff is computed again under a looser one, never taken from the memo."""
    translit = builtin()
    assert translit.letters_distance("trudeau", "triudo", cutoff=0.5) > 0.5
    assert translit.letters_distance("trudeau", "triudo", cutoff=0.6) == 0.6
    assert translit.letters_distance("theresa", "tereza", cutoff=0.4) > 0.4
    assert translit.letters_distance("theresa", "tereza", cutoff=0.45) > 0.45
    assert translit.letters_distance("theresa", "tereza", cutoff=1.0) == 0.5


def test_budget_grows_with_length() -> None:
    assert [budget(n) for n in (2, 3, 4, 5, 6, 8, 9, 14)] == [0.5, 0.5, 0.7, 0.7, 1.0, 1.0, 1.5, 1.5]
    assert budget(6, 0.6) == 0.6


# --- the table is data, validated like every rule file ------------------------------------

@pytest.mark.parametrize(
    "raw, key, message",
    [
        ([], "", "must be a mapping"),
        ({"classes": [{"forms": ["a", "b"], "weight": 0.3}], "swap": 1}, "swap", "unknown key 'swap'"),
        ({"classes": []}, "classes", "required"),
        ({"classes": [{"forms": ["a"], "weight": 0.3}]}, "classes.0.forms", "at least two"),
        ({"classes": [{"forms": ["a", "B"], "weight": 0.3}]}, "classes.0.forms", "lowercase letters"),
        ({"classes": [{"forms": ["a", "a"], "weight": 0.3}]}, "classes.0.forms", "twice"),
        ({"classes": [{"forms": ["a", "b"]}]}, "classes.0.weight", "required"),
        ({"classes": [{"forms": ["a", "b"], "weight": 2}]}, "classes.0.weight", "from 0 to 1"),
        ({"classes": [{"forms": ["a", "b"], "weight": 0.3, "at": "middle"}]}, "classes.0.at", "must be one of"),
        ({"classes": [{"forms": ["a", "b"], "weight": 0.3, "key": "kk"}]}, "classes.0.key", "capital letters"),
        ({"classes": [{"forms": ["a", "b"], "weight": 0.3}], "edit": "one"}, "edit", "from 0 to 1"),
    ],
)
def test_table_errors_name_the_key(raw: object, key: str, message: str) -> None:
    with pytest.raises(TransliterationError) as err:
        parse_table(raw)
    assert err.value.key == key
    assert message in err.value.message


def test_bad_table_in_a_rule_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "translit.yaml"
    path.write_text(
        "transliteration:\n  classes:\n    - {forms: [h, g], weight: 0.3}\n    - forms: [ts, c]\n      weight: 3\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as err:
        load_file(path, "translit.yaml")
    assert str(err.value) == "translit.yaml:5: key 'classes.1.weight': must be a number from 0 to 1, got 3"


def test_builtin_table_loads() -> None:
    table = builtin().table
    assert (table.edit, table.doubled, table.vowel) == (1.0, 0.2, 0.8)
    assert len(table.classes) >= 25


# --- blocks: across first letters, one consonant apart, and nothing unrelated ------------

def test_blocks_find_names_whatever_their_first_letter() -> None:
    blocks = SkeletonBlocks(["harris", "trump", "jinping", "le pen", "merkel"], builtin())
    assert blocks.nearest("garris") == [Near("harris", 0.3)]
    assert blocks.nearest("tramp") == [Near("trump", 0.5)]
    assert blocks.nearest("tsinpin") == [Near("jinping", 0.7)]  # one skeleton symbol apart
    assert blocks.nearest("scholz") == []
    # Blocks hold only names of the same skeleton or one symbol apart: never the whole list.
    assert blocks.candidates("garris") == {"harris"}
    assert blocks.candidates("pen") == {"le pen"}  # particles aside, one skeleton
    assert blocks.candidates("scholz") == set()


def test_core_drops_particles() -> None:
    assert [core(n) for n in ("fon der Liaien", "Bachar el-Assad", "Le Pen", "Jong -in")] == ["liaien", "bachar assad", "pen", "jong in"]


# --- the checks: garbled names the pivot really produces -------------------------------

PIVOT_GARBLES = [
    ("Le président américain Donald Tramp a parlé depuis la Maison-Blanche.", "Donald Tramp", "Donald Trump"),
    ("La vice-présidente Kamala Garris, candidate démocrate, a répondu.", "Kamala Garris", "Kamala Harris"),
    ("Le président chinois Si Tsinpin a reçu son homologue à Pékin.", "Si Tsinpin", "Xi Jinping"),
    ("À Downing Street, le chef du Labour Kir Starmer a répondu.", "Kir Starmer", "Keir Starmer"),
    ("Le patron d'OpenAI, Sem Altman, a présenté une nouvelle version de ChatGPT.", "Sem Altman", "Sam Altman"),
    ("Marin Le Pen, la dirigeante du RN, a réagi.", "Marin Le Pen", "Marine Le Pen"),
    ("Le Premier ministre canadien Djastin Triudo a parlé à Ottawa.", "Djastin Triudo", "Justin Trudeau"),
    ("L'ancienne Première ministre Tereza Mei a parlé du Brexit.", "Tereza Mei", "Theresa May"),
    ("Ursula fon der Liaien, présidente de la Commission européenne, a parlé à Bruxelles.", "Ursula fon der Liaien", "Ursula von der Leyen"),
]


@pytest.mark.parametrize("text, form, suggestion", PIVOT_GARBLES)
def test_pivot_garbles_are_flagged(text: str, form: str, suggestion: str) -> None:
    assert hits("name-variant", text) == [(form, (suggestion,))]


def test_pivot_garbles_are_in_no_gazetteer_file() -> None:
    """Found by the matcher, not looked up: no gazetteer list holds them."""
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "rules" / "gazetteer").rglob("*") if p.is_file())
    for _, form, _ in PIVOT_GARBLES:
        assert form not in corpus


def test_english_romanisation_ending_in_iy() -> None:
    text = "Le président ukrainien Volodymyr Zelenskiy a parlé depuis Kiev. Zelenskiy a remercié l'Ukraine."
    assert hits("romanisation", text) == [("Volodymyr Zelenskiy", ("Volodymyr Zelensky",)), ("Zelenskiy", ("Zelensky",))]
    assert hits("romanisation", "Le président Volodymyr Zelensky a parlé depuis Kiev.") == []


def test_first_name_that_is_a_word_needs_the_context_not_a_veto() -> None:
    """'Kir' and 'Marin' are French words: with the surname and the context they are garbles, without the context not."""
    assert hits("name-variant", "Kir Starmer a parlé à Downing Street.") == [("Kir Starmer", ("Keir Starmer",))]
    assert hits("name-variant", "Kir Starmer a parlé hier soir.") == []
    assert hits("name-variant", "Marin Le Pen a parlé hier soir.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Le marin a déclaré qu'il rentrait au port de Brest.",
        "Un kir royal, s'il vous plaît, a demandé le client.",
        "Kir Royal est le nom du cocktail servi au Labour Party.",
        "Marine Le Pen et Jean-Marie Le Pen, au RN, ont parlé ; Marion Maréchal aussi.",
        "Donald Tusk et Donald Trump se sont parlé à la Maison-Blanche.",
        "Ivana Trump et Ivanka Trump étaient à la Maison-Blanche.",
        "Kim Jong-il et Kim Jong-un ont dirigé la Corée du Nord.",
        "Sam Altman et Sam Bankman-Fried ont parlé d'OpenAI.",
        "Justin Trudeau et Justin Bieber étaient au Canada.",
    ],
)
def test_real_names_and_words_near_a_name_pass(text: str) -> None:
    assert hits("name-variant", text) == []


@pytest.mark.parametrize(
    "text, form, suggestion",
    [
        ("Le chancelier Olaf Scholz est à Berlin. Sholts a également déclaré que l'Allemagne aiderait.", "Sholts", "Scholz"),
        ("Rishi Sunak a parlé hier. Sounak a présenté son budget.", "Sounak", "Sunak"),
        ("La présidente de la Commission européenne a parlé. Liaien a ensuite répondu.", "Liaien", "von der Leyen"),
    ],
)
def test_lone_surname_with_the_entity_in_the_document(text: str, form: str, suggestion: str) -> None:
    assert hits("name-variant", text) == [(form, (suggestion,))]


def test_lone_surname_without_the_entity_passes() -> None:
    assert hits("name-variant", "Sholts a également déclaré que la ville aiderait.") == []
