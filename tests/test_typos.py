"""Names misspelled by one letter, dropped or swapped (auditor/entities/typos.py, check misspelled-name)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checks import CHECKS, Resources
from auditor.document import Document
from auditor.entities.gazetteer import load_gazetteer_dir
from auditor.entities.typos import DROPPED, SWAPPED, Misspelled, builtin_names, edits, misspelled, name_list

import auditor.checks.pivot  # noqa: F401  (registers the check)

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = load_gazetteer_dir(ROOT / "rules" / "gazetteer")

# A lexicon of its own: the search is judged apart from wordfreq's values.
TABLE = {
    ("hitchcock", "fr"): 3.1,
    ("hitchcock", "en"): 3.3,
    ("dimanche", "fr"): 4.5,
    ("dimanche", "en"): 1.5,
    ("kubrick", "fr"): 3.0,
    ("kubrick", "en"): 2.9,
    ("kubrack", "fr"): 2.7,
    ("kubrack", "en"): 2.7,
    ("rockefeller", "fr"): 2.9,
    ("rockefeller", "en"): 3.4,
}


TABLE_WORDS = sorted({w for w, _ in TABLE})


def table_zipf(word: str, language: str) -> float:
    return TABLE.get((word, language), 0.0)


def hits(text: str) -> list[tuple[int, int, str, tuple[str, ...], str]]:
    """Return (start, end, flagged text, suggestions, detail) for each hit of misspelled-name on `text`."""
    detect = CHECKS["misspelled-name"].factory({}, Resources(gazetteer=GAZETTEER))
    return [(h.start, h.end, text[h.start : h.end], h.suggestions, h.detail) for h in detect(Document(text))]


def test_edits_keep_the_first_letter_and_skip_doubled_letters() -> None:
    found = edits("abba")
    # Swaps: never the first two letters; "bb" swapped is itself.
    assert [s for e, s in found if e == SWAPPED] == ["abab"]
    dropped = [s for e, s in found if e == DROPPED]
    assert len(dropped) == len(set(dropped))
    assert not any(s[0] != "a" for s in dropped)
    # A letter put back beside the same letter is a doubled letter: never an edit.
    assert "abbba" not in dropped and "aabba" not in dropped and "abbaa" not in dropped
    assert "abxba" in dropped and "abbax" in dropped


@pytest.mark.parametrize(
    "word, expected",
    [
        ("hitchock", Misspelled("hitchock", "hitchcock", DROPPED, 3.1)),
        ("kubirck", Misspelled("kubirck", "kubrick", SWAPPED, 2.9)),
        # Two names one edit away: the better known wins.
        ("kubrck", Misspelled("kubrck", "kubrick", DROPPED, 2.9)),
        ("kubric", Misspelled("kubric", "kubrick", DROPPED, 2.9)),
        ("dimacnhe", None),  # a French word, no name: French and English differ by 3.0
        ("rockefeler", None),  # a doubled letter written single
        ("ubrick", None),  # the first letter is never put back
        ("kubrk", None),  # five letters: too short to judge
    ],
)
def test_misspelled(word: str, expected: Misspelled | None) -> None:
    assert misspelled(word, table_zipf) == expected


def test_listed_names_count_whatever_wordfreq_says() -> None:
    # No name-like word: French text uses "dimanche" far more than English.
    assert misspelled("dimacnhe", table_zipf) is None
    assert misspelled("dimacnhe", table_zipf, listed={"dimanche"}) == Misspelled("dimacnhe", "dimanche", SWAPPED, 1.5, False)
    # A name-like word wins over a listed one.
    assert misspelled("kubrck", table_zipf, listed={"kubrack"}) == Misspelled("kubrck", "kubrick", DROPPED, 2.9)


def test_name_list_rules_out_only_edits_no_listed_word_has() -> None:
    listed = name_list(["kubrick", "hitchcock", "scorsese", "abandon"])
    for word in ["kubirck", "kubrck", "hitchock", "scorsees", "scorese", "abadnon", "zzzzzzz", "kubzzzz", "zzzrick"]:
        pruned = [e for e in edits(word, listed) if e[1] in listed.words]
        assert pruned == [e for e in edits(word) if e[1] in listed.words]
        assert misspelled(word, table_zipf, listed) == misspelled(word, table_zipf, name_list(TABLE_WORDS))
    # A word whose ends no listed word has is only edited at its ends: nothing for seven letters.
    assert edits("zzzzzzz", listed) == []


def test_builtin_names_sample() -> None:
    """The generated list (tools/build_typo_names.py): names and words French and English share, not one-language words."""
    names = builtin_names().words
    assert len(names) > 5000
    assert {"hitchcock", "kubrick", "scorsese", "schumacher", "spielberg", "beckham"} <= names
    assert not {"dimanche", "because", "toujours", "kubirck", "hitchock"} & names
    assert all(len(w) >= 6 and w.isascii() and w.isalpha() and w.islower() for w in names)


@pytest.mark.parametrize(
    "text, expected",
    [
        # Well known: flagged wherever it stands.
        (
            "Le dernier film d'Hitchock ressort.",
            [(18, 26, "Hitchock", ("Hitchcock",), "'Hitchock' looks like Hitchcock with a letter dropped")],
        ),
        # Less known: after a known given name...
        (
            "Le peintre Paul Pollcok expose.",
            [(16, 23, "Pollcok", ("Pollock",), "'Pollcok' looks like Pollock with two letters swapped (after the given name Paul)")],
        ),
        # A gazetteer name counts whatever wordfreq says of it (French and English differ on Macron)...
        (
            "Le président Emmanuel Macorn a parlé.",
            [(22, 28, "Macorn", ("Macron",), "'Macorn' looks like Macron with two letters swapped (after the given name Emmanuel)")],
        ),
        # ...and one the gazetteer checks report already (name-variant: Martin Scorsese) is theirs.
        ("Le réalisateur Martin Scorsees prépare un film.", []),
        # ...or alone where a person is named.
        (
            "Selon Kubirck, le cadre précède le récit.",
            [(6, 13, "Kubirck", ("Kubrick",), "'Kubirck' looks like Kubrick with two letters swapped (a surname alone that stands for a person)")],
        ),
        ("Le dossier Kubirck reste ouvert.", []),
        # Flagged once, flagged wherever the document writes it again.
        (
            "Selon Kubirck, le cadre compte. Le dossier Kubirck reste ouvert.",
            [
                (6, 13, "Kubirck", ("Kubrick",), "'Kubirck' looks like Kubrick with two letters swapped (a surname alone that stands for a person)"),
                (43, 50, "Kubirck", ("Kubrick",), "'Kubirck' looks like Kubrick with two letters swapped (as elsewhere in the document)"),
            ],
        ),
        # Beside another rare word: part of another name, no evidence.
        ("Le peintre Ovidiu Kubirck a parlé.", []),
        # Real names and spellings left alone: listed by the census, known words, doubled letters.
        ("Le banquier Philipe Rockefeler et la productrice Helena Nortman ont parlé à Hastor.", []),
        ("Wopke Hoekstra a reçu Kyriakos Mitsotakis ; Dimacnhe, le musée ferme.", []),
    ],
)
def test_check(text: str, expected: list) -> None:
    assert hits(text) == expected
