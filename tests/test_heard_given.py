"""The heard given names: English given names a Russian pivot writes by ear (tools/build_heard_given.py, entities/openworld.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from auditor.checks.openworld import heard_given_table
from auditor.entities.openworld import GivenNames, HeardGiven, PairNames, Word, find_open_names
from auditor.entities.translit import builtin as builtin_translit

ROOT = Path(__file__).resolve().parents[1]


def _build_module():
    spec = importlib.util.spec_from_file_location("build_heard_given", ROOT / "tools" / "build_heard_given.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_table_sample() -> None:
    """A sample of the generated table: the name each rendering gives back, and which renderings are real names elsewhere."""
    table = heard_given_table()
    assert table["stenli"].name == "stanley" and not table["stenli"].real
    assert table["endriou"].name == "andrew"
    assert table["maikl"].name == "michael"
    assert table["entoni"].name == "anthony"
    assert table["djeimi"].name == "jamie"
    assert table["genri"].name == "henry"
    assert table["kelli"].listed  # an American spelling the census lists
    assert table["toni"].real or table["toni"].listed
    assert table["danil"].real  # a Russian given name (Jörg Michael's dictionary)
    # Slavic women's own names, as Ukrainian passports romanise them, are left out.
    assert "anastasiia" not in table and "viktoriia" not in table


def test_header_names_sources() -> None:
    head = (ROOT / "rules" / "gazetteer" / "heard_given.tsv").read_text(encoding="utf-8").split("\n", 12)[:9]
    text = "\n".join(head)
    assert "tools/build_heard_given.py" in text and "wordfreq" in text and "CC BY-SA 4.0" in text and "nam_dict" in text


def test_spellings_and_romanisations() -> None:
    build = _build_module()
    assert "брайан" in build.cyrillic_spellings("brian")
    assert "энди" in build.cyrillic_spellings("andy")
    assert "ричард" in build.cyrillic_spellings("richard")
    assert {"braian", "brayan", "braïan"} <= set(build.romanisations("брайан"))
    assert {"dzhon", "djon"} <= set(build.romanisations("джон"))


class _Pairs(PairNames):
    def __init__(self, heard: dict[str, HeardGiven], surnames: dict[str, str]) -> None:
        self.heard, self.surnames = heard, surnames

    def heard_listed(self, word: str) -> HeardGiven | None:
        return self.heard.get(word)

    def surname_heard(self, word: str) -> str:
        return self.surnames.get(word, "")


def _words(text: str) -> list[Word]:
    out, start = [], 0
    for part in text.split(" "):
        out.append(Word(start, start + len(part), part, part.casefold()))
        start += len(part) + 1
    return out


def _zipf(word: str, language: str) -> float:
    return 0.0


def test_heard_given_judged() -> None:
    given = GivenNames(["Pierre"], builtin_translit())
    pairs = _Pairs(
        {"stenli": HeardGiven("stanley", False, False), "dag": HeardGiven("doug", True, False), "kelli": HeardGiven("kelly", False, True)},
        {"khopkins": "hopkins"},
    )
    found = find_open_names(_words("Stenli Pekford"), given, _zipf, pairs)
    assert [f.suggestion for f in found] == ["Stanley Pekford"]
    # A real name elsewhere needs the surname heard too, and gets it restored.
    assert find_open_names(_words("Dagny Pekford"), given, _zipf, pairs) == []
    assert [f.suggestion for f in find_open_names(_words("Dag Khopkins"), given, _zipf, pairs)] == ["Doug Hopkins"]
    assert find_open_names(_words("Dag Pekford"), given, _zipf, pairs) == []
    # A listed spelling (the census's Kelli) never; nor before a Russian or South Slavic surname.
    assert find_open_names(_words("Kelli Khopkins"), given, _zipf, pairs) == []
    assert find_open_names(_words("Stenli Petrov"), given, _zipf, pairs) == []
    assert find_open_names(_words("Stenli Mazic"), given, _zipf, pairs) == []
