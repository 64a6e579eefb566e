"""Integrity checks for the built-in gazetteer data in rules/gazetteer/."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import yaml

GAZETTEER_DIR = Path(__file__).resolve().parent.parent / "rules" / "gazetteer"
FILES = sorted(GAZETTEER_DIR.glob("*.yaml"))
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
