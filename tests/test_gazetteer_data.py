"""Integrity checks for the built-in gazetteer data in rules/gazetteer/."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

GAZETTEER_DIR = Path(__file__).resolve().parent.parent / "rules" / "gazetteer"
# transliteration.yaml is the equivalence table of the name matcher, not gazetteer entries.
FILES = sorted(p for p in GAZETTEER_DIR.glob("*.yaml") if p.name != "transliteration.yaml")
FIRST_NAMES = GAZETTEER_DIR / "first_names.txt"

ALLOWED_KEYS = {
    "id", "type", "canonical", "first_names", "variants",
    "garbled", "foreign", "nouns", "context",
}
TYPES = {"person", "organisation", "product", "place"}
LIST_KEYS = ("first_names", "variants", "garbled", "context")
LANG_MAP_KEYS = ("canonical", "foreign", "nouns")

# Garbled forms the entity tests use as *unseen* variants: listing any of them
# would let those tests pass by lookup instead of by detection.
RESERVED_FORMS = (
    "Vladimir Putine", "Putine", "Olaf Scholtz", "Scholtz",
    "Benyamin Netaniahou", "Netaniahou", "Redzhep Erdogan", "Redzhep",
)


def _load(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and set(data) == {"gazetteer"}, path.name
    assert isinstance(data["gazetteer"], list), path.name
    return data["gazetteer"]


PATCH_KEYS = {"id", "nouns", "nouns_exclude"}


def _is_patch(item: dict[str, Any]) -> bool:
    """An item that only adds or removes noun renderings of the entry of its id (nouns.generated.yaml)."""
    return "type" not in item and "canonical" not in item and set(item) <= PATCH_KEYS


ITEMS = [(path.name, item) for path in FILES for item in _load(path)]
ENTRIES = [(name, item) for name, item in ITEMS if not _is_patch(item)]
PATCHES = [(name, item) for name, item in ITEMS if _is_patch(item)]


def _label(item: tuple[str, dict[str, Any]]) -> str:
    return f"{item[0]}:{item[1].get('id')}"


def _forms(entry: dict[str, Any]) -> Iterator[str]:
    """Every string in an entry, whatever key holds it."""
    for key, value in entry.items():
        if key in ("id", "type"):
            continue
        if isinstance(value, dict):
            for items in value.values():
                yield from ([items] if isinstance(items, str) else items)
        else:
            yield from value


def test_files_present() -> None:
    assert {p.name for p in FILES} >= {"people.yaml", "organisations.yaml", "products.yaml"}


def test_total_entry_count() -> None:
    assert len(ENTRIES) >= 300


def _shape_problems(entry: dict[str, Any]) -> list[str]:
    """What is wrong with one entry's keys and value types (empty when valid)."""
    problems = [f"unknown key {k!r}" for k in sorted(set(entry) - ALLOWED_KEYS)]
    if not isinstance(entry.get("id"), str) or not entry["id"]:
        problems.append("missing id")
    if entry.get("type") not in TYPES:
        problems.append(f"bad type {entry.get('type')!r}")
    canonical = entry.get("canonical")
    if not isinstance(canonical, dict) or not isinstance(canonical.get("fr"), str):
        return problems + ["missing canonical.fr"]
    for key in LIST_KEYS:
        value = entry.get(key, ["ok"])  # empty keys must be omitted, not []
        if not isinstance(value, list) or not value:
            problems.append(f"{key} is not a non-empty list")
        elif not all(isinstance(v, str) and v and v.strip() == v for v in value):
            problems.append(f"{key} holds a blank or padded item")
        elif len(set(value)) != len(value):
            problems.append(f"{key} holds a duplicate")
    for key in LANG_MAP_KEYS:
        value = entry.get(key, {"fr": "ok" if key == "canonical" else ["ok"]})
        if not isinstance(value, dict) or not value:
            problems.append(f"{key} is not a non-empty mapping")
            continue
        for lang, forms in value.items():
            want_str = key == "canonical"
            ok = (isinstance(forms, str) and bool(forms)) if want_str else (
                isinstance(forms, list) and bool(forms)
                and all(isinstance(f, str) and f for f in forms))
            if not (isinstance(lang, str) and len(lang) == 2 and ok):
                problems.append(f"bad {key}.{lang}")
    if "first_names" in entry and entry.get("type") != "person":
        problems.append("first_names on a non-person")
    accepted = {canonical["fr"], *entry.get("variants", [])}
    rejected = set(entry.get("garbled", []))
    for forms in entry.get("foreign", {}).values():
        rejected.update(forms)
    problems += [f"{f!r} both accepted and rejected" for f in sorted(accepted & rejected)]
    return problems


def test_entries_well_formed() -> None:
    bad = {_label(item): p for item in ENTRIES if (p := _shape_problems(item[1]))}
    assert bad == {}


def test_patches_well_formed_and_name_existing_entries() -> None:
    ids = {entry["id"] for _, entry in ENTRIES}
    for name, patch in PATCHES:
        assert patch["id"] in ids, (name, patch["id"])
        for key in ("nouns", "nouns_exclude"):
            for lang, forms in patch.get(key, {}).items():
                assert len(lang) == 2 and forms and all(isinstance(f, str) and f.strip() == f and f for f in forms), (name, patch["id"])


def test_shape_problems_catches_errors() -> None:
    entry = {"id": "x", "type": "thing", "canonical": {"fr": "A"}, "variants": ["B"],
             "garbled": ["B"], "context": [], "colour": "red"}
    assert _shape_problems(entry) == [
        "unknown key 'colour'", "bad type 'thing'", "context is not a non-empty list",
        "'B' both accepted and rejected",
    ]


def test_ids_unique_across_files() -> None:
    counts = Counter(entry["id"] for _, entry in ENTRIES)
    assert [i for i, n in counts.items() if n > 1] == []


def test_reserved_test_forms_appear_nowhere() -> None:
    # Whole-word match, so that e.g. "Raspoutine" would not trip "Putine".
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(map(re.escape, RESERVED_FORMS)) + r")(?!\w)", re.IGNORECASE
    )
    for path in [*FILES, FIRST_NAMES]:
        assert pattern.findall(path.read_text(encoding="utf-8")) == [], path.name


def test_seed_entities_present() -> None:
    ids = {entry["id"] for _, entry in ENTRIES}
    seed = {
        "elon-musk", "vladimir-poutine", "xi-jinping", "dmitri-peskov",
        "serguei-kirienko", "alexandre-loukachenko", "bachar-el-assad",
        "kim-jong-un", "jair-bolsonaro", "javier-milei", "walter-isaacson",
        "ian-bremmer", "tucker-carlson", "starlink", "spacex", "tesla",
        "x-reseau-social", "twitter", "donald-trump", "joe-biden",
        "ramzan-kadyrov", "bill-nelson", "karoline-leavitt", "eurasia-group",
        "nasa", "pentagone", "kremlin", "wall-street-journal", "newsweek",
        "forbes", "telegram", "otan",
    }
    assert seed - ids == set()


def test_kim_jong_in_is_not_a_form_of_kim_jong_un() -> None:
    entry = next(e for _, e in ENTRIES if e["id"] == "kim-jong-un")
    assert "Kim Jong-in" not in set(_forms(entry))
    assert "Kim Jong -in" in entry["garbled"]


def test_x_has_no_garbled_forms() -> None:
    entry = next(e for _, e in ENTRIES if e["id"] == "x-reseau-social")
    assert "garbled" not in entry and "nouns" not in entry


def test_first_names_sorted_and_unique() -> None:
    lines = FIRST_NAMES.read_text(encoding="utf-8").splitlines()
    names = [line for line in lines if line.strip() and not line.startswith("#")]
    assert names == sorted(set(names))
    assert all(name == name.strip() and " " not in name for name in names)
    assert len(names) >= 500
    assert {"Elon", "Vladimir", "Sergueï", "Emmanuel", "Olaf", "Steve", "Marine"} <= set(names)


# ---------------------------------------------------------------------------------------
# The mined gazetteer (rules/gazetteer/mined.yaml, made by tools/mine_gazetteer.py)

ROOT = GAZETTEER_DIR.parent.parent
MINED = GAZETTEER_DIR / "mined.yaml"
MINED_ENTRIES = {entry["id"]: entry for entry in _load(MINED)}
MINING_FIXTURE = ROOT / "tests" / "data" / "mining"


def test_gazetteer_holds_at_least_3000_entries() -> None:
    assert len(ENTRIES) >= 3000
    assert len(MINED_ENTRIES) >= 2000


def test_mined_file_is_loaded_with_the_others() -> None:
    from auditor.entities.gazetteer import load_gazetteer_dir

    loaded = {entry.id: entry for entry in load_gazetteer_dir(GAZETTEER_DIR)}
    assert set(MINED_ENTRIES) <= set(loaded)
    assert loaded["john-mccain"].first_names == ("John",)


@pytest.mark.parametrize(
    ("entry_id", "kind", "canonical"),
    [
        ("john-mccain", "person", "John McCain"),
        ("mario-monti", "person", "Mario Monti"),
        ("mohammed-morsi", "person", "Mohammed Morsi"),
        ("deutsche-bank", "organisation", "Deutsche Bank"),
        ("paul-newman", "person", "Paul Newman"),
        ("lehman-brothers", "organisation", "Lehman Brothers"),
        ("parti-socialiste-hongrois", "organisation", "Parti socialiste hongrois"),
        ("wikileaks", "organisation", "WikiLeaks"),
        ("cdu", "organisation", "CDU"),
        ("prague", "place", "Prague"),
        ("francfort", "place", "Francfort"),
        ("afrique-du-sud", "place", "Afrique du Sud"),
        ("windows-mobile", "product", "Windows Mobile"),
    ],
)
def test_well_known_mined_entries(entry_id: str, kind: str, canonical: str) -> None:
    entry = MINED_ENTRIES[entry_id]
    assert (entry["type"], entry["canonical"]["fr"]) == (kind, canonical)


def test_mined_person_forms() -> None:
    assert MINED_ENTRIES["mario-monti"]["variants"] == ["Monti"]
    # Another spelling of the first name that the given-name list holds is the press's own.
    assert MINED_ENTRIES["mohammed-morsi"]["variants"] == ["Mohamed Morsi"]


JUNK = (
    "Le", "La", "Les", "Selon", "Mais", "Cela", "Cependant", "Lundi", "Janvier", "Mai", "Décembre",
    "État", "Etat", "Gouvernement", "Président", "Internet", "Union", "Banque", "Parti", "Américains",
    "PIB", "TVA", "XXe", "Cour suprême", "Conseil municipal",
)


def test_mined_holds_no_junk() -> None:
    names = {entry["canonical"]["fr"] for entry in MINED_ENTRIES.values()}
    assert names & set(JUNK) == set()


def test_mined_entries_do_not_repeat_hand_typed_forms() -> None:
    hand = [entry for name, entry in ENTRIES if name != MINED.name]
    forms = {
        form.casefold()
        for entry in hand
        for form in (
            *entry["canonical"].values(), *entry.get("variants", ()), *entry.get("garbled", ()),
            *(f for forms in entry.get("foreign", {}).values() for f in forms),
        )
    }
    repeated = {e["id"] for e in MINED_ENTRIES.values() if e["canonical"]["fr"].casefold() in forms}
    assert repeated == set()
    assert set(MINED_ENTRIES) & {entry["id"] for entry in hand} == set()


def _run_miner(out: Path, *args: str) -> None:
    """Run tools/mine_gazetteer.py in-process with `args`, writing to `out`."""
    spec = importlib.util.spec_from_file_location("mine_gazetteer", ROOT / "tools" / "mine_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    assert module.main(["--out", str(out), *args]) == 0


def test_miner_reproduces_the_fixture_exactly(tmp_path: Path) -> None:
    out = tmp_path / "mined.yaml"
    empty = tmp_path / "no-gazetteer"
    empty.mkdir()
    _run_miner(
        out, "--source", str(MINING_FIXTURE), "--gazetteer", str(empty),
        "--first-names", str(MINING_FIXTURE / "first_names.txt"), "--review", str(tmp_path / "no-review.yaml"),
    )
    assert out.read_text(encoding="utf-8") == (MINING_FIXTURE / "expected.yaml").read_text(encoding="utf-8")


def test_miner_drops_reviewed_and_hand_typed_names(tmp_path: Path) -> None:
    hand = tmp_path / "gazetteer"
    hand.mkdir()
    (hand / "places.yaml").write_text(
        "gazetteer:\n  - id: londres-hand\n    type: place\n    canonical: {fr: Londres}\n", encoding="utf-8"
    )
    review = tmp_path / "review.yaml"
    review.write_text("drop: [Pologne]\ntypes: {Brno: organisation}\n", encoding="utf-8")
    out = tmp_path / "mined.yaml"
    _run_miner(
        out, "--source", str(MINING_FIXTURE), "--gazetteer", str(hand),
        "--first-names", str(MINING_FIXTURE / "first_names.txt"), "--review", str(review),
    )
    mined = {e["id"]: e for e in yaml.safe_load(out.read_text(encoding="utf-8"))["gazetteer"]}
    assert "londres" not in mined and "pologne" not in mined
    assert mined["brno"]["type"] == "organisation"


def _miner_module() -> Any:
    """tools/mine_gazetteer.py as a module."""
    spec = importlib.util.spec_from_file_location("mine_gazetteer_slips", ROOT / "tools" / "mine_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


@pytest.mark.parametrize(
    ("form", "slip"),
    [
        ("Marie-Chrsitine Daubigney", "chrsitine"),  # two letters swapped, against a hand-typed Christine
        ("Frank-Walter Steimeier", "steimeier"),  # a letter dropped
        ("Julia Tymosenko", "tymosenko"),
        ("Afghnistan", "afghnistan"),  # against a mined word in three times the documents
        ("Christophe Colomb", None),  # a given name one letter from Christopher is a name of its own
        ("Tribunal d'Appel", None),  # a word (appel / apple)
        ("Edward Norton", None),  # nothing near: Edwards is one letter in excess, never a slip
        ("Afghanistanx Wolf", None),  # a letter in excess is not looked for
        ("Rousef Tanio", None),  # two letters short of Rousseff: not a slip
    ],
)
def test_miner_drops_names_misspelt_against_a_more_frequent_name(form: str, slip: str | None) -> None:
    miner = _miner_module()
    words = {"christine": float("inf"), "christopher": float("inf"), "steinmeier": float("inf"), "tymoshenko": float("inf"),
             "afghanistan": 3.0, "afghnistan": 1.0, "apple": float("inf"), "edwards": float("inf"), "rousseff": float("inf")}
    assert miner.misspelt_word(form, words, frozenset({"christophe", "christopher", "edward", "marie", "julia"})) == slip


def test_mined_file_holds_none_of_the_slips_it_once_had() -> None:
    names = {entry["canonical"]["fr"] for entry in MINED_ENTRIES.values()}
    assert names & {"Marie-Chrsitine Daubigney", "Frank-Walter Steimeier", "Dilma Rouseff", "Afghnistan"} == set()
