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
from surfaces import script_module

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


# --- the generator on a miniature FreeDict ---------------------------------------------------

def _load_generator():
    """Import tools/build_name_nouns.py, which is a script, not a package module."""
    return script_module("tools/build_name_nouns.py")


def _write_dictd(folder: Path, pair: str, entries: list[str]) -> None:
    """Write a dictd dictionary (.index with base64 offsets, gzip .dict.dz) holding `entries`."""
    import gzip

    digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    def b64(n: int) -> str:
        out = ""
        while True:
            out = digits[n % 64] + out
            n //= 64
            if not n:
                return out

    body, index, offset = b"", [], 0
    for entry in entries:
        data = entry.encode("utf-8")
        index.append(f"{entry.split(' ')[0].split(chr(10))[0]}\t{b64(offset)}\t{b64(len(data))}")
        body += data
        offset += len(data)
    (folder / f"freedict-{pair}.index").write_text("\n".join(index) + "\n", encoding="utf-8")
    with gzip.open(folder / f"freedict-{pair}.dict.dz", "wb") as f:
        f.write(body)


def test_generator_on_a_miniature_freedict(tmp_path: Path) -> None:
    """Each path of the generator on a few entries: eng-fra/fra-eng, German pivot with a plural, Russian pivot."""
    freedict = tmp_path / "freedict"
    freedict.mkdir()
    _write_dictd(freedict, "eng-fra", ["trump /trʌmp/\natout\n", "cook /kuk/\n1. cuire, cuisiner\n2. cuisinier\n"])
    _write_dictd(freedict, "fra-eng", ["atout /atu/ <n, masc>\ntrump\n", "cuisinier /kɥizinje/ <n, masc>\ncook, male cook\n"])
    _write_dictd(freedict, "fra-rus", ["masque /mask/ <n, masc>\nмаска\nObjet qui couvre le visage\n"])
    _write_dictd(freedict, "eng-deu", ["gate /ɡˈeɪt/\nTor <neut>, Pforte <fem>\n", "musk /mˈʌsk/\nBisam <masc>\n"])
    _write_dictd(freedict, "deu-fra", ["Tor /toːɐ̯/ <n, neut>\n1. porte, but\nÖffnung in einer Mauer\n", "Pforte <n, fem>\nporte, portillon\nkleine Tür\n"])
    gazetteer = tmp_path / "gazetteer"
    gazetteer.mkdir()
    (gazetteer / "first_names.txt").write_text("Bill\nDonald\nElon\nTim\n", encoding="utf-8")
    (gazetteer / "people.yaml").write_text(
        "gazetteer:\n"
        "  - {id: donald-trump, type: person, canonical: {fr: Donald Trump}, first_names: [Donald]}\n"
        "  - {id: bill-gates, type: person, canonical: {fr: Bill Gates}, first_names: [Bill]}\n"
        "  - {id: elon-musk, type: person, canonical: {fr: Elon Musk}, first_names: [Elon]}\n"
        "  - {id: tim-cook, type: person, canonical: {fr: Tim Cook}, first_names: [Tim]}\n"
        "  - {id: mer-noire, type: place, canonical: {fr: mer Noire, en: Black Sea}}\n",
        encoding="utf-8",
    )
    generator = _load_generator()
    out = tmp_path / "nouns.yaml"
    args = ["--freedict", str(freedict), "--gazetteer", str(gazetteer), "--out", str(out)]
    assert generator.main(args) == 0
    first = out.read_text(encoding="utf-8")
    body = first[first.index("gazetteer:\n"):]
    assert body == (
        "gazetteer:\n"
        "  - id: bill-gates\n"
        "    # portes: gates: german gate (plural) -> pforte/tor -> porte\n"
        "    nouns: {fr: [portes]}\n"
        "  - id: donald-trump\n"
        "    # atout: trump: eng-fra trump -> atout; fra-eng trump -> atout\n"
        "    nouns: {fr: [atout]}\n"
        "  - id: elon-musk\n"
        "    # masque: musk: russian маск -> маска -> masque\n"
        "    nouns: {fr: [masque]}\n"
        "  - id: tim-cook\n"
        "    # cuisinier: cook: eng-fra cook -> cuisinier; fra-eng cook -> cuisinier\n"
        "    nouns: {fr: [cuisinier]}\n"
    )
    assert "FreeDict fra-rus: CC-BY-SA-3.0" in first and "Command: PYTHONPATH=. python tools/build_name_nouns.py" in first
    assert generator.main(args) == 0
    assert out.read_text(encoding="utf-8") == first  # reproducible
    (entry,) = [e for e in layer_entries([*load_gazetteer_items(gazetteer / "people.yaml"), *load_gazetteer_items(out)]) if e.id == "bill-gates"]
    assert entry.nouns["fr"] == ("portes",)


def load_gazetteer_items(path: Path) -> list:
    """Parse every item of one gazetteer file (entries and patches), in order."""
    import yaml

    return [parse_item(raw) for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["gazetteer"]]


# --- the finder itself ---------------------------------------------------------------------

def test_finder_reports_each_signal() -> None:
    from auditor.entities.nouns import NounFinder

    trump = parse_entry({"id": "donald-trump", "type": "person", "canonical": {"fr": "Donald Trump"},
                         "first_names": ["Donald"], "nouns": {"fr": ["atout", "-atout"]}})
    finder = NounFinder([trump])
    text = "Donald Atout a déclaré non. Selon Atout, oui. L'atout reste. Atout France aussi."
    found = finder.mentions(Document(text), lambda entry: 3)
    assert [(text[m.start:m.end], m.signals) for m in found] == [
        ("Atout", ("first-name", "person", "capital")),  # "Donald" opens the sentence: capitalised for that
        ("Atout", ("person", "capital")),
        ("atout", ("determiner",)),  # beside sure renderings of the same entity
    ]
    assert finder.mentions(Document(text), lambda entry: 0) == []  # a document not about Trump


def test_own_rare_first_name_is_evidence_by_itself() -> None:
    """A rendering after the entity's own first name, rare in France, needs no other sign the document is about it."""
    assert hits("name-as-noun", "Le meneur Omar Cuisinier a signé un contrat de deux ans.") == [("Cuisinier", ("Cook",))]
    # Common French first names (Kevin, Alex), a lowercase word, or a pair French people bear stay clean.
    for text in ("Le maire Kevin Moine a parlé.", "Le pêcheur Alex Carpe a gagné.", "Omar cuisinier de métier, a ouvert.", "Stephen Meunier a parlé."):
        assert hits("name-as-noun", text) == [], text


def test_rare_pair_uses_both_ranks() -> None:
    """_rare_pair: a first name past MIN_RARE_GIVEN_RANK, and the product of both INSEE ranks past MIN_RANK_PRODUCT."""
    from auditor.checks.entities import _rare_pair

    assert _rare_pair("Cathie", "bois") and _rare_pair("Sharon", "pierre")
    assert not _rare_pair("Jean", "pierre") and not _rare_pair("Michel", "berger") and not _rare_pair("Stephen", "meunier")
