"""Names rendered as common nouns: generated renderings, gazetteer patches, and where a rendering stands for its entity."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.checks import CHECKS, Resources
from auditor.document import Document
from auditor.entities.gazetteer import Entry, GazetteerError, NounPatch, layer_entries, parse_entry, parse_item, plain
from auditor.ruleset.loader import load_ruleset

import auditor.checks.entities  # noqa: F401  (registers the checks)

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "rules" / "gazetteer" / "nouns.generated.yaml"
GAZETTEER = load_ruleset().gazetteer
BY_ID = {e.id: e for e in GAZETTEER}


def hits(check: str, text: str, params=None) -> list[tuple[str, tuple[str, ...]]]:
    """Return (flagged text, suggestions) for each hit of `check` on `text`."""
    detect = CHECKS[check].factory(params or {}, Resources(gazetteer=GAZETTEER))
    return [(text[h.start:h.end], h.suggestions) for h in detect(Document(text))]


def marked(text: str) -> tuple[str, list[str]]:
    """Return `text` without its [[...]] marks and the marked spans' text."""
    spans = [part.split("]]")[0] for part in text.split("[[")[1:]]
    return text.replace("[[", "").replace("]]", ""), spans


# --- renderings that stand for the entity -------------------------------------------------

@pytest.mark.parametrize(
    "text, suggestion",
    [
        ("Elon Musk, patron de SpaceX et de Tesla, a réagi. Le [[masque]] a écrit sur X qu'il ne céderait pas.", "Musk"),
        ("Le patron de Tesla et de SpaceX est furieux : le [[musc]] a écrit sur X qu'il partirait.", "Musk"),
        ("Le président américain Donald [[Atout]] a reçu les républicains à la Maison-Blanche.", "Trump"),
        ("À la Maison-Blanche, l'[[atout]] a déclaré que le mouvement MAGA gagnerait.", "Trump"),
        ("Chez Apple, Tim [[Cuisinier]] a présenté le nouvel iPhone.", "Cook"),
        ("Apple a vendu moins d'iPhone. Le [[cuisinier]], qui a rappelé que le PDG d'Apple restait, a souri.", "Cook"),
        ("Microsoft et sa fondation : Bill [[Portes]] a expliqué ses choix de milliardaire.", "Gates"),
        ("[[Portes]] a expliqué que Microsoft financerait la fondation.", "Gates"),
        ("À Cupertino, La [[Pomme]] dévoile son nouvel iPhone.", "Apple"),
        ("Le nouvel iPhone est sorti, selon [[Pomme]], à Cupertino.", "Apple"),
        ("Le réseau social a changé de nom : [[Gazouillis]] a annoncé la fin des tweets, selon Musk.", "Twitter"),
        ("L'ancien président républicain George W. [[Buisson]] a défendu la guerre en Irak.", "Bush"),
    ],
)
def test_rendering_standing_for_the_entity_is_flagged(text: str, suggestion: str) -> None:
    plain_text, spans = marked(text)
    assert hits("name-as-noun", plain_text) == [(span, (suggestion,)) for span in spans]


@pytest.mark.parametrize(
    "text",
    [
        "Le milliardaire Elon Musk, patron de Tesla, est venu avec un masque de Dark Vador. La photo du masque a fait le tour de X.",
        "Les ouvriers de Tesla et de SpaceX doivent porter un masque, a rappelé Elon Musk.",
        "Donald Trump, le républicain, a joué l'atout maître à la Maison-Blanche.",
        "Bill Gates et Microsoft ont financé le stade : les portes du stade sont restées fermées.",
        "Tim Cook, PDG d'Apple, mange une tarte aux pommes, préparée par le chef cuisinier.",
        "George W. Bush, ancien président républicain, a planté un buisson au Texas.",
        "Le Pentagone, la Porte Maillot et Atout France : selon Apple, rien de neuf à Cupertino.",
        "Apple et l'iPhone : le directeur général des Services techniques a parlé.",
        "Le masque a déclaré la guerre au carnaval.",  # no context of Musk: not about him
    ],
)
def test_literal_uses_pass(text: str) -> None:
    assert hits("name-as-noun", text) == []


def test_bare_determiner_counts_only_beside_a_sure_rendering() -> None:
    """'le lien d'étoile' alone proves nothing; after 'le masque a déclaré' in the same article, it does."""
    alone = "SpaceX a livré des terminaux à l'armée, qui utilise le lien d'étoile pour ses drones."
    assert hits("name-as-noun", alone) == []
    text = "Le patron de SpaceX et de Tesla a répondu : le masque a déclaré qu'il aiderait l'armée. " + alone
    assert hits("name-as-noun", text) == [("masque", ("Musk",)), ("lien d'étoile", ("Starlink",))]


def test_bare_determiner_does_not_count_where_the_noun_is_used_literally() -> None:
    text = ("Le patron de SpaceX et de Tesla a répondu. Le masque a déclaré qu'il restait. "
            "Les masques sont obligatoires ; le masque sanitaire aussi.")
    assert hits("name-as-noun", text) == [("masque", ("Musk",))]


def test_speaker_that_is_also_a_thing_needs_more_context() -> None:
    """'le cuisinier a déclaré' with one context term may be a cook; with two, it is Tim Cook."""
    assert hits("name-as-noun", "Chez Apple, le cuisinier a déclaré que la cantine fermait.") == []
    assert hits("name-as-noun", "Chez Apple, le cuisinier a déclaré que l'iPhone sortait.") == [("cuisinier", ("Cook",))]


# --- generated data ----------------------------------------------------------------------

def test_generated_renderings_sample() -> None:
    """The dictionary-derived renderings hold the known cases and none of the junk the filters remove."""
    nouns = {e.id: set(e.nouns.get("fr", ())) for e in GAZETTEER}
    assert "atout" in nouns["donald-trump"]
    assert {"cuisinier", "cuisinière"} <= nouns["tim-cook"]
    assert "pomme" in nouns["apple"]
    assert "portes" in nouns["bill-gates"]
    assert "buisson" in nouns["george-w-bush"]
    assert "gazouillis" in nouns["twitter"]
    assert {"masque", "musc"} <= nouns["elon-musk"]
    names = {plain(form) for e in GAZETTEER for form in e.accepted}
    for entry in GAZETTEER:
        for noun in entry.nouns.get("fr", ()):
            assert plain(noun) not in names, (entry.id, noun)  # "poutine" is Putin's French name
            assert len(noun) >= 4, (entry.id, noun)
            assert not any(plain(w) in plain(entry.name("fr")).split() for w in noun.split()), (entry.id, noun)
    assert "vladimir-poutine" not in {line.split("id: ")[1] for line in GENERATED.read_text(encoding="utf-8").splitlines() if "- id: " in line}


def test_generated_file_is_reproducible(tmp_path: Path) -> None:
    """The generator re-run on the same dictionaries and gazetteer writes the committed file byte for byte."""
    freedict = os.environ.get("AUDITOR_FREEDICT")
    if not freedict or not Path(freedict).is_dir():
        pytest.skip("set AUDITOR_FREEDICT to the unpacked dict-freedict packages (see tools/build_name_nouns.py)")
    out = tmp_path / "nouns.yaml"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, str(ROOT / "tools" / "build_name_nouns.py"), "--freedict", freedict, "--out", str(out)], check=True, env=env, capture_output=True)
    assert out.read_text(encoding="utf-8") == GENERATED.read_text(encoding="utf-8")


# --- patches -----------------------------------------------------------------------------

MUSK = {"id": "elon-musk", "type": "person", "canonical": {"fr": "Elon Musk"}, "nouns": {"fr": ["masque"]}}


def test_patch_adds_and_excludes_nouns_whatever_the_order() -> None:
    add = parse_item({"id": "elon-musk", "nouns": {"fr": ["musc", "masque"]}})
    drop = parse_item({"id": "elon-musk", "nouns_exclude": {"fr": ["Masque"]}})
    assert add == NounPatch("elon-musk", {"fr": ("musc", "masque")}, {})
    for items in ([add, drop, parse_entry(MUSK)], [parse_entry(MUSK), drop, add]):
        (entry,) = layer_entries(items)
        assert isinstance(entry, Entry) and entry.nouns["fr"] == ("musc",)


def test_patch_of_an_absent_entry_is_ignored_and_entries_layer() -> None:
    later = parse_entry({**MUSK, "nouns": {"fr": ["mask"]}})
    entries = layer_entries([parse_entry(MUSK), parse_item({"id": "nobody", "nouns": {"fr": ["x"]}}), later])
    assert [(e.id, e.nouns["fr"]) for e in entries] == [("elon-musk", ("mask",))]


def test_patch_with_bad_id_or_key_is_an_error() -> None:
    with pytest.raises(GazetteerError, match="lowercase slug"):
        parse_item({"id": "Elon Musk", "nouns": {"fr": ["masque"]}})
    with pytest.raises(GazetteerError, match="unknown key 'noun'"):
        parse_item({"id": "elon-musk", "noun": {"fr": ["masque"]}})
