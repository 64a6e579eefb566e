"""English names written by ear through a Russian pivot (auditor/entities/phonetic.py, tools/build_pivot_phonetic.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checks import CHECKS, Resources
from auditor.document import Document
from auditor.entities.gazetteer import load_gazetteer_dir
from auditor.entities.phonetic import Heard, PhoneticTable, PhoneticTableError, builtin_table, hear, table_path
from auditor.entities.translit import builtin as builtin_translit
from surfaces import script_module

import auditor.checks.pivot  # noqa: F401  (registers the check)

_BUILDER = script_module("tools/build_pivot_phonetic.py")  # a script of the checkout, not an installed module
latin, spelled_vowels, transcribe = _BUILDER.latin, _BUILDER.spelled_vowels, _BUILDER.transcribe

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = load_gazetteer_dir(ROOT / "rules" / "gazetteer")
TRANSLIT = builtin_translit()


def hits(text: str) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """Return (start, end, flagged text, suggestions) for each pivot-garbled hit on `text`."""
    detect = CHECKS["pivot-garbled"].factory({}, Resources(gazetteer=GAZETTEER))
    return [(h.start, h.end, text[h.start : h.end], h.suggestions) for h in detect(Document(text))]


# --- the transcription the table is built with -------------------------------------


@pytest.mark.parametrize(
    "word, phones, expected",
    [
        ("taylor", ["T", "EY1", "L", "ER0"], ["тейлор"]),  # unstressed ER after its spelling: -or
        ("matthews", ["M", "AE1", "TH", "Y", "UW0", "Z"], ["метюз"]),  # TH as т, Y + UW one letter
        ("hurley", ["HH", "ER1", "L", "IY0"], ["хёрли"]),  # stressed ER after a consonant: ёр
        ("wilson", ["W", "IH1", "L", "S", "AH0", "N"], ["уилсон", "вилсон"]),  # W before a vowel: у or в
        ("woodward", ["W", "UH1", "D", "W", "ER0", "D"], ["вудуард", "вудвард"]),  # W before u: в
        ("morrow", ["M", "AA1", "R", "OW0"], ["мороу"]),  # AA spelled o: о; a final spelled -ow: оу
    ],
)
def test_transcribe(word: str, phones: list[str], expected: list[str]) -> None:
    assert transcribe(word, phones) == expected


def test_latin_and_spelled_vowels() -> None:
    assert latin("хьюстон".replace("ь", "")) == "khiuston"
    assert latin("джексон") == "dzhekson"
    assert spelled_vowels("blake") == ["a"]  # final silent e left out
    assert spelled_vowels("lynch") == ["y"]  # y between consonants: a vowel
    assert spelled_vowels("yale") == ["a"]  # y before a vowel: a consonant


# --- the generated table ----------------------------------------------------------


def test_builtin_table_samples_and_skeletons() -> None:
    table = builtin_table()
    rows = {(r, n) for line in table.lines for r, n in [line.split("\t")[1:3]]}
    for sample in [("merfi", "murphy"), ("teilor", "taylor"), ("maikrosoft", "microsoft"), ("uoshington", "washington"), ("khiuston", "houston")]:
        assert sample in rows
    # The skeleton column is the transliteration table's: the file must be rebuilt when that changes.
    stale = [line for line in table.lines if line.split("\t")[0] != TRANSLIT.skeleton(line.split("\t")[1])]
    assert stale == []
    header = table_path().read_text(encoding="utf-8").split("\n", 12)[:12]
    assert any("cmudict" in line for line in header) and any("Census" in line for line in header)


def test_table_errors_name_the_file_and_line() -> None:
    with pytest.raises(PhoneticTableError, match="sorted"):
        PhoneticTable("T\ttut\ttott\tтут\t3.0\nB\tbab\tbubb\tбаб\t2.5\n", "x.tsv")
    table = PhoneticTable("T\ttut\ttott\t3.0\n", "x.tsv")
    with pytest.raises(PhoneticTableError, match="x.tsv: line"):
        table.rows("T")
    with pytest.raises(PhoneticTableError, match="standing must be a number"):
        PhoneticTable("T\ttut\ttott\tтут\tmany\n", "x.tsv").rows("T")


def test_hear() -> None:
    table = PhoneticTable("KRSFT\tkrosoft\tcrossoft\tкрософт\t2.5\nLR\tteilor\ttaylor\tтейлор\t4.65\n".replace("LR\tteilor", TRANSLIT.skeleton("teilor") + "\tteilor"), "t.tsv")
    assert hear("teilor", table, TRANSLIT) == Heard("teilor", "taylor", "teilor", 0.0, 4.65)
    assert hear("teylor", table, TRANSLIT) == Heard("teylor", "taylor", "teilor", 0.3, 4.65)  # ei / ey: one equivalence
    assert hear("toilor", table, TRANSLIT) is None  # a vowel written for another: beyond the distance
    assert hear("teil", table, TRANSLIT) is None  # too short to say anything


# --- the check ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # The rendering of a well-known name, exactly: flagged alone, with the English spelling.
        ("Le groupe [[Maikrosoft]] a publié ses résultats trimestriels.", ("Maikrosoft", ("Microsoft",))),
        ("La chanteuse Teilor Svift a rempli le stade. [[Teilor]] a salué la foule.", ("Teilor", ("Taylor",))),
        ("L'ailier [[Metiuz]] est blessé.", ("Metiuz", ("Matthews",))),
        # A lesser-known name, exactly rendered, where a person is named.
        ("Le pilote [[Khevort]] a déclaré qu'il quittait l'écurie.", ("Khevort", ("Haworth",))),
    ],
)
def test_flags_a_name_written_by_ear(text: str, expected: tuple[str, tuple[str, ...]]) -> None:
    start = text.index("[[")
    plain = text.replace("[[", "").replace("]]", "")
    found = [(s, e, t, sugg) for s, e, t, sugg in hits(plain) if t == expected[0]]
    assert found and found[0][:2] == (start, start + len(expected[0])) and found[0][3] == expected[1]


def test_the_same_word_is_flagged_at_every_use_once_evidence_is_found() -> None:
    text = "Le pilote Khevort a déclaré qu'il partait. Pour Khevort, la saison est finie."
    assert [(s, e, t) for s, e, t, _ in hits(text)] == [(10, 17, "Khevort"), (48, 55, "Khevort")]


@pytest.mark.parametrize(
    "text",
    [
        # A real German surname a cheap step or two from a rendering, after a given name: no evidence enough.
        "La ministre Nancy Faeser a présenté son projet de loi.",
        # A lesser-known name's rendering with nothing around it that names a person.
        "Les touristes visitent Khevort chaque été.",
        # Spelled right: nothing to hear.
        "Le groupe Microsoft et la chanteuse Taylor Swift.",
    ],
)
def test_passes(text: str) -> None:
    assert hits(text) == []


# --- letters only a romanisation of Cyrillic writes, no name to restore -------------


@pytest.mark.parametrize(
    "text, span",
    [
        # ("Khozeiny" no more: its sound key gives Hosseini, entities/pivotkey.py.)
        ("Le sénateur a quitté la salle. Khozbeiny n'exclut pas de revenir.", "Khozbeiny"),
        ("Le ministre a parlé. Pour Khozbeiny, la loi passera.", "Khozbeiny"),
        ("Interrogé hier, Dzhorbani a déclaré qu'il partait.", "Dzhorbani"),
    ],
)
def test_a_surname_alone_with_letters_only_cyrillic_writes(text: str, span: str) -> None:
    start = text.index(span)
    found = hits(text)
    assert [(s, e, t, sugg) for s, e, t, sugg in found] == [(start, start + len(span), span, ())]


@pytest.mark.parametrize(
    "text",
    [
        "Les touristes visitent Khozbeiny chaque été.",  # nothing says it is a person
        "Le maire Djermoune a déclaré que la ville paierait.",  # Dj: how French writes Дж and Arabic ج
        "Interrogé hier, Kvartchia a déclaré qu'il partait.",  # Kv: Georgian as French writes it
        "Le coureur Abramovitch a déclaré qu'il partait.",  # -itch: the French spelling of -ич
    ],
)
def test_letters_french_writes_too_pass(text: str) -> None:
    assert hits(text) == []


def test_a_russian_surname_with_kh_is_no_pivot_garble() -> None:
    # French writes Russian х as Kh too: a Slavic surname with it is a Russian name, whatever its spelling.
    assert hits("Interrogée hier, Lokhanova a déclaré qu'elle partait.") == []
