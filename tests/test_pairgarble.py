"""Garbled name pairs, a respelled given name before a surname (auditor/entities/pairgarble.py, tools/build_pair_surnames.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checks import CHECKS, Resources
from auditor.document import Document
from auditor.entities.gazetteer import load_gazetteer_dir
from auditor.entities.pairgarble import builtin_given, builtin_table, coarse_key, garbled_given, respellings, table_path
from auditor.entities.pivotkey import key
from auditor.lang.frequencies import letters_zipf

import auditor.checks.pivot  # noqa: F401  (registers the check)

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = load_gazetteer_dir(ROOT / "rules" / "gazetteer")


def hits(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Return (flagged text, suggestions) for each pivot-garbled hit on `text`."""
    detect = CHECKS["pivot-garbled"].factory({}, Resources(gazetteer=GAZETTEER))
    return [(text[h.start : h.end], h.suggestions) for h in detect(Document(text))]


def zipfs(word: str) -> tuple[float, float]:
    return letters_zipf(word, "en"), letters_zipf(word, "fr")


@pytest.mark.parametrize(
    "word, name, changed",
    [
        ("fil", "phil", 1),  # F for Ph
        ("vogn", "vaughn", 2),  # O for AU, G for GH
        ("kalkin", "culkin", 2),  # K for C, A for U
        ("fil", "will", None),  # F is never W
        ("marko", "mark", None),  # a vowel group more
        ("iulian", "ilan", None),  # no vowel a pivot writes so: a Romanian name
    ],
)
def test_respellings(word: str, name: str, changed: int | None) -> None:
    assert respellings(word, name) == changed
    if changed is not None:
        assert coarse_key(word) == coarse_key(name)  # the index's blocking key never parts two names alike


def test_coarse_key_blocks_every_name_alike() -> None:
    for word, name in [("khaisam", "haisam"), ("dzhek", "jack"), ("aleks", "alex"), ("tchaikovski", "chaikovski")]:
        assert respellings(word, name) is not None and coarse_key(word) == coarse_key(name)


def test_garbled_given_needs_a_pivot_spelling_and_no_name() -> None:
    assert garbled_given("deniel", builtin_given, zipfs) == "daniel"
    assert garbled_given("daniel", builtin_given, zipfs) == ""  # a given name itself
    assert garbled_given("kiran", builtin_given, zipfs) == ""  # wordfreq sees it as a name
    assert garbled_given("jhonathan", builtin_given, zipfs) == ""  # no pivot writes Jh
    assert garbled_given("heat", builtin_given, zipfs) == ""  # a common word


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Le joueur Entoni Hopkins et le Belge Deniel van Kalvin ont gagné.", [("Entoni Hopkins", ("Antoni Hopkins",))]),
        # A span the open-world check reports (fr.entity.unknown-garbled) is left to it: "Deniel van
        # Kalvin" above (judged as Deniel Kalvin there, the particle passed over), and this one.
        ("Le cinéaste Metiu Vogn tourne son premier long métrage.", []),
        ("L'acteur Entoni Hopkins a reçu un prix d'honneur.", [("Entoni Hopkins", ("Antoni Hopkins",))]),
    ],
)
def test_pairs_flagged(text: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    assert hits(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "La romancière Kiran Desai a publié un roman.",
        "Le commandant Naser Orić a été acquitté.",
        "Le président serbe Aleksandar Vučić a reçu la délégation.",
        "Le président du PSG Nasser Al-Khelaïfi et Karim Benzema ont parlé.",
        "Le milieu Jhonathan Florez a marqué.",
        "Le Heat de Miami reçoit ce soir ; New York attend.",
        "Le directeur Stevan Hopkins et le maire Metiu ont parlé.",  # a given name; a word alone
        "Le groupe Zorbak Metiu Vogn joue.",  # a name's word before the pair
    ],
)
def test_real_names_pass(text: str) -> None:
    assert [h for h in hits(text) if " " in h[0]] == []


def test_builtin_table_samples_and_keys() -> None:
    table = builtin_table()
    for sample_key, sample in [("KLKN", "culkin"), ("FNDRS", "wenders"), ("FGN", "vaughn")]:
        assert sample in {k.name for k in table.names(sample_key)}
    stale = [(k, names) for k, names in table.rows.items() if any(key(cell.partition(":")[0]) != k for cell in names.split(" "))]
    assert stale == []
    header = table_path().read_text(encoding="utf-8").split("\n", 8)[:8]
    assert any("wordfreq" in line and "CC BY-SA 4.0" in line for line in header) and any("build_pair_surnames" in line for line in header)
