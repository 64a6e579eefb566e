"""Names heard through a Russian pivot, found by a sound key (auditor/entities/pivotkey.py, tools/build_pivot_keys.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checks import CHECKS, Resources
from auditor.document import Document
from auditor.entities.gazetteer import load_gazetteer_dir
from auditor.entities.pivotkey import KeyTable, KeyTableError, Keyed, builtin_table, by_ear, key, match, pivot_marks, romanised, sounds, table_path

import auditor.checks.pivot  # noqa: F401  (registers the check)

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = load_gazetteer_dir(ROOT / "rules" / "gazetteer")


def hits(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Return (flagged text, suggestions) for each pivot-garbled hit on `text`."""
    detect = CHECKS["pivot-garbled"].factory({}, Resources(gazetteer=GAZETTEER))
    return [(text[h.start : h.end], h.suggestions) for h in detect(Document(text))]


# --- the key -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "garbled, name",
    [
        ("barridzh", "burridge"),  # dzh / dg, vowels dropped, the doubled r one
        ("khaddersfild", "huddersfield"),  # kh / h
        ("ritchmond", "richmond"),  # tch / ch
        ("djupiter", "jupiter"),  # dj / j
    ],
)
def test_a_garble_and_its_name_share_a_key(garbled: str, name: str) -> None:
    assert key(garbled) == key(name)


def test_sounds() -> None:
    assert sounds("hathrow") == [("H", "h"), ("", "a"), ("T", "th"), ("R", "r"), ("", "ow")]  # W after a vowel is the vowel's
    assert sounds("wilson")[0] == ("F", "w")  # W before a vowel: a consonant
    assert sounds("cecil")[0] == ("S", "c") and sounds("carl")[0] == ("K", "c")
    assert key("rhodes") == "RDS"  # H after a consonant: silent


def test_romanised() -> None:
    assert romanised("barridzh") and romanised("khaddersfild") and romanised("ritchmond")
    assert not romanised("wilson") and not romanised("hodges") and not romanised("maxwell")


def test_pivot_marks() -> None:
    assert pivot_marks("barridzh", "burridge") == 1  # dzh for dg; a for u as heard; the silent final e aside
    assert pivot_marks("dzhekson", "jackson") == 1  # e for a: heard so
    assert pivot_marks("barridzh", "berridge") == 0  # a for e: not (one way only)
    assert pivot_marks("barridzh", "barrage") == 0  # i for a: not
    assert pivot_marks("baridzh", "burridge") == 1  # the doubled letter is one consonant
    assert pivot_marks("barriddzh", "bardzh") == 0  # another shape: the vowels do not line up
    assert pivot_marks("borridzh", "burridge") == 0  # o for u: not heard so
    assert pivot_marks("barridg", "burridge") == 0  # no pivot spelling: a mere variant
    assert pivot_marks("ikhrata", "hirata") == 0  # a vowel before the first consonant the name does not have


def test_match_takes_the_best_known_name_of_the_key() -> None:
    table = KeyTable("BRG\tbarrage:3.5 berridge:2.2 burridge:2.06 burrage:2.0 borrego:2.5\n", "t.tsv")
    # burridge is better known than burrage; barrage, berridge and borrego do not sound alike.
    assert match("barridzh", table) == Keyed("burridge", 2.06)
    assert match("burridge", table) is None  # written as the West writes
    assert match("bardzh", table) is None  # one vowel group fewer
    assert match("dzhe", table) is None  # too short


def test_one_french_spelling_needs_english_ears() -> None:
    # Dj, Kh and Tch are how French writes Arabic or Slavic names: one of them, with vowels any
    # romanisation writes, is no garble ("Djemal" for Jamal); two of them, or A for U, are.
    table = KeyTable("GML\tjamal:3.5\nGRG\tgeorge:5.04\n", "t.tsv")
    assert by_ear("djemal", "jamal") == 0 and match("djemal", table) is None
    assert pivot_marks("djordj", "george") == 2 and match("djordj", table) == Keyed("george", 5.04)
    assert by_ear("khaddersfild", "huddersfield") == 1


def test_table_errors_name_the_file_and_key() -> None:
    with pytest.raises(KeyTableError, match="t.tsv: key BRG"):
        KeyTable("BRG\tburridge:many\n", "t.tsv").names("BRG")
    assert KeyTable("BRG\tburridge:2.06\n", "t.tsv").names("KRG") == []


# --- the generated table ----------------------------------------------------------


def test_builtin_table_samples_and_keys() -> None:
    table = builtin_table()
    for sample_key, sample in [("RCMND", "richmond"), ("GPTR", "jupiter"), ("BRG", "burridge"), ("HDRSFLD", "huddersfield")]:
        assert sample in {k.name for k in table.names(sample_key)}
    # The key column is pivotkey.key's: the file must be rebuilt when the key changes.
    stale = [(k, names) for k, names in table.rows.items() if any(key(cell.partition(":")[0]) != k for cell in names.split(" "))]
    assert stale == []
    header = table_path().read_text(encoding="utf-8").split("\n", 8)[:8]
    assert any("wordfreq" in line and "CC BY-SA 4.0" in line for line in header) and any("build_pivot_keys" in line for line in header)


# --- the check ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # A well-known name: flagged alone.
        ("Le club de Khaddersfild a gagné samedi.", [("Khaddersfild", ("Huddersfield",))]),
        # A less known one, where a person is named.
        ("Selon Barridzh, la loi passera.", [("Barridzh", ("Burridge",))]),
        ("Barridzh n'a pas répondu aux questions.", [("Barridzh", ("Burridge",))]),
    ],
)
def test_flags_a_name_heard_through_a_pivot(text: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    assert hits(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # A less known name with nothing around it that names a person.
        "Les touristes visitent Barridzh chaque été.",
        # Real names written with Kh, Dj or Tch as French writes them.
        "Le chef Tchakaloff, la joueuse Khadija Bensaïd et le maire Djermoune ont parlé à N'Djamena.",
        # Spelled right.
        "Le club de Huddersfield a gagné ; Richmond et Burridge aussi.",
    ],
)
def test_passes(text: str) -> None:
    assert hits(text) == []
