"""Native spellings restored from a pivot through Russian (auditor/entities/nativepivot.py) and their filter."""

from __future__ import annotations

import pytest

from auditor.entities.gazetteer import builtin_first_names
from auditor.entities.nativepivot import LANGUAGES, NATIVE_LETTERS, builtin_table, builtin_words, parse_table, partner, restore
from auditor.entities.openworld import GivenNames, Word, find_open_names
from auditor.entities.pivot import builtin_names
from auditor.entities.translit import builtin as builtin_translit
from auditor.checks.openworld import ListedPairNames, run_zipf


def test_filter_header_names_its_source_and_licence() -> None:
    head = open(_path("native_names.b64"), encoding="ascii").read(600)
    assert "tools/build_native_names.py" in head and "wordfreq" in head and "CC-BY-SA 4.0" in head


def _path(name: str) -> str:
    from auditor.ruleset.loader import builtin_rules_dir

    return str(builtin_rules_dir() / "gazetteer" / name)


@pytest.mark.parametrize(
    "entry", ["fi:mäkelä", "fi:mäkinen", "fi:järvinen", "tr:şahin", "tr:küçük", "tr:yıldız", "de:müller", "de:jürgen", "nb:knausgård", "da:jørgensen", "fi:klaus", "tr:mehmet"]
)
def test_filter_holds_sampled_native_words(entry: str) -> None:
    assert entry in builtin_words()


@pytest.mark.parametrize("entry", ["fi:myakelya", "tr:chafak", "de:muller", "fr:mäkelä", "tr:xqzvw"])
def test_filter_leaves_out_garbled_and_unaccented_spellings(entry: str) -> None:
    assert entry not in builtin_words()


def test_table_parses_and_rejects_bad_lines() -> None:
    assert any(r.garbled == "ya" and r.original == "ä" and r.strong for r in builtin_table())
    with pytest.raises(ValueError, match="native_reverse.tsv:1"):
        parse_table("ya\tä\t0.1\tsomewhere\tyes")
    assert set(LANGUAGES) == set(NATIVE_LETTERS)


@pytest.mark.parametrize(
    "word, spelling, language",
    [("myakelya", "mäkelä", "fi"), ("miakelia", "mäkelä", "fi"), ("chakhin", "şahin", "tr"), ("knausgor", "knausgård", "nb"), ("iourgen", "jürgen", "de")],
)
def test_restore_finds_the_native_spelling(word: str, spelling: str, language: str) -> None:
    assert any(n.spelling == spelling and n.language == language for n in restore(word, builtin_table(), builtin_words()))


@pytest.mark.parametrize("word", ["makela", "gundogan", "konken", "edder", "ouchakov"])
def test_restore_needs_a_change_of_the_pivot_own(word: str) -> None:
    # The press's unaccented spelling and a single vowel changed are no pivot.
    assert restore(word, builtin_table(), builtin_words()) == ()


def test_partner_undoes_cheap_changes() -> None:
    assert partner("ouve", "nb", builtin_table(), builtin_words()) == "ove"
    assert partner("klaus", "fi", builtin_table(), builtin_words()) == "klaus"
    assert partner("selon", "tr", builtin_table(), builtin_words()) == ""


def _run(text: str) -> list[str]:
    given = GivenNames(set(builtin_first_names()), builtin_translit())
    pair = ListedPairNames(given, builtin_names())
    words, pos = [], 0
    for part in text.split(" "):
        words.append(Word(pos, pos + len(part), part, part.casefold().replace("ï", "i")))
        pos += len(part) + 1
    return [h.suggestion for h in find_open_names(words, given, run_zipf, pair)]


@pytest.mark.parametrize("text, suggestion", [("Klaus Myakelya", "Klaus Mäkelä"), ("Emre Chakhin", "Emre Şahin"), ("Ilkaï Guiundogan", "Ilkay Gündoğan")])
def test_open_names_flag_both_halves_of_one_language(text: str, suggestion: str) -> None:
    assert _run(text) == [suggestion]


@pytest.mark.parametrize("text", ["Teemu Makinen", "Ilkay Gundogan", "Edder Nelson", "Michael Konken", "Sergueï Choïgou", "Selon Chakhin"])
def test_open_names_leave_real_spellings(text: str) -> None:
    assert _run(text) == []


@pytest.mark.parametrize("word, spelling, language", [("skhouten", "schouten", "nl"), ("khoukstra", "hoekstra", "nl"), ("okesson", "åkesson", "sv")])
def test_restore_finds_letter_groups_and_initials(word: str, spelling: str, language: str) -> None:
    assert any(n.spelling == spelling and n.language == language for n in restore(word, builtin_table(), builtin_words()))


@pytest.mark.parametrize("text, suggestion", [("Dag Pennington", "Doug Pennington"), ("Mett Hutchinson", "Matt Hutchinson")])
def test_heard_given_name_before_an_english_surname(text: str, suggestion: str) -> None:
    assert _run(text) == [suggestion]


@pytest.mark.parametrize("text", ["Mett Larsen", "Braian Ojeda", "Braian Taylor", "Dag Wong", "Mett Novak"])
def test_heard_given_name_before_a_surname_of_other_languages(text: str) -> None:
    assert _run(text) == []
