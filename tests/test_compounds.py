"""English compound names rendered word by word: the generated table and where a phrase stands for the name."""

from __future__ import annotations

from pathlib import Path

from auditor.checks import CHECKS, Resources
from auditor.document import Document
from auditor.entities.compounds import CompoundTable, find_compounds, read_table
from auditor.ruleset.loader import load_ruleset

import auditor.checks.opennouns  # noqa: F401  (registers the checks)

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "rules" / "gazetteer" / "nouns.compounds.generated.tsv"
SMALL = CompoundTable({"pierre": (("pierre de feu", "firestone"),), "paix": (("paix verte", "greenpeace"),)})


def spans(text: str, table: CompoundTable = SMALL) -> list[tuple[str, str]]:
    """Return (phrase, suggestion) for each compound found in `text`."""
    words = Document(text).paragraph_words
    found = find_compounds(text, {w for p in words for w in p}, table)
    return [(text[c.start:c.end], c.suggestion) for c in found]


def test_title_case_phrase_inside_a_sentence_is_found() -> None:
    """Every word but "de" capitalised, inside a sentence: the compound is suggested, capitalised."""
    assert spans("Le fabricant américain Pierre de Feu ferme une usine, et Paix Verte proteste.") == [
        ("Pierre de Feu", "Firestone"),
        ("Paix Verte", "Greenpeace"),
    ]


def test_phrase_as_written_french_passes() -> None:
    """Lowercase words, a sentence start, a longer name or a place word before it: French, rightly written."""
    for text in (
        "Il a vu la pierre de feu au musée.",
        "Pierre de Feu est un roman paru à Paris.",
        "Le roi Richard Pierre de Feu est un personnage de fiction.",
        "La rue Pierre de Feu est fermée.",
    ):
        assert spans(text) == [], text


def test_generated_table_sample() -> None:
    """A sample of the generated rows: brands made of two English words, and set phrases of French left out."""
    table = read_table(TABLE)
    rows = {phrase: compound for pairs in table.by_first.values() for phrase, compound in pairs}
    assert rows["pierre de feu"] == "firestone"
    assert rows["renard de feu"] == "firefox"
    assert rows["paix verte"] == "greenpeace"
    for french in ("pomme de terre", "chemin de fer", "salle de bain", "maison blanche", "coupe du monde", "cœur de lion"):
        assert french not in rows, french


def test_check_needs_the_english_speaking_world() -> None:
    """The check flags a phrase only in a document about the English-speaking world."""
    detect = CHECKS["compound-rendering"].factory({}, Resources(gazetteer=load_ruleset().gazetteer))
    text = "Le navigateur Renard de Feu perd des parts de marché face à Chrome aux États-Unis."
    assert [(text[h.start:h.end], h.suggestions) for h in detect(Document(text))] == [("Renard de Feu", ("Firefox",))]
    assert list(detect(Document("Le roman Renard de Feu paraîtra chez Gallimard à Paris."))) == []


def test_generated_table_is_reproducible(tmp_path: Path) -> None:
    """tools/build_name_compounds.py rebuilds the committed table (needs AUDITOR_FREEDICT, the unpacked FreeDict packages)."""
    import os
    import subprocess
    import sys

    import pytest

    freedict = os.environ.get("AUDITOR_FREEDICT")
    if not freedict:
        pytest.skip("set AUDITOR_FREEDICT (see tools/build_name_compounds.py)")
    out = tmp_path / "compounds.tsv"
    cmd = [sys.executable, str(ROOT / "tools" / "build_name_compounds.py"), "--freedict", freedict, "--out", str(out)]
    subprocess.run(cmd, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True)
    assert out.read_text(encoding="utf-8") == TABLE.read_text(encoding="utf-8")
