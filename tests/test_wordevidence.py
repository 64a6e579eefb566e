"""Tests of word evidence for short lines: English headlines and furniture, French lines full of names, and the segment veto."""

from __future__ import annotations

import pytest

from auditor.checks import Resources, load_all
from auditor.document import Document
from auditor.lang.language import foreign_segments
from auditor.lang.wordevidence import (
    Evidence,
    evidence,
    LazyNames,
    names_pattern,
    reads_english,
    reads_english_terse,
    reads_french,
    says_nothing_foreign,
    short_english_lines,
)


@pytest.mark.parametrize(
    "line",
    [
        "Trending Now",
        "Sponsored Content",
        "Recommended for you",
        "Follow us on Facebook",
        "Ukraine war: Zelensky urges allies to…",  # langdetect: Afrikaans 0.71
        "Read more: how to vote",
    ],
)
def test_english_lines(line: str) -> None:
    assert reads_english(line, 3.0)


@pytest.mark.parametrize(
    "line",
    [
        "Elite League : Dundee Stars 5-3 Belfast Giants",  # names used in both languages
        "Elite League: Dundee Stars 5-3 Belfast Giants",
        "Le week-end des start-up du digital",  # accepted loans, French function words
        "Ben Greenman : Dixième anniversaire du New York Comedy Festival : The New Yorker",
        "Wall Street Journal",
        "Star Wars",
        "Un an auparavant, elle était en voyage avec ma famille à Cuba.",  # "an" is French too
        "Hello world",  # too little evidence
        "The Guardian",  # a function word and a name
        "By John Smith",
        '"Bohemian Rhapsody is a song"',  # one quotation: a title cited in its language
    ],
)
def test_lines_that_are_not_english(line: str) -> None:
    assert not reads_english(line, 3.0)


@pytest.mark.parametrize(
    ("line", "terse"),
    [
        ("Video player", True),  # player: lowercase, clearly more frequent in English
        ("Show all", True),  # "all": an English function word
        ("Go back", True),
        ("Black Friday", False),  # capitalised words only: may be a name
        ("Green Deal", False),
        ("Glasgow Warriors", False),  # Glasgow is no common English word (Zipf < 4)
        ("Fake news", False),  # news: 1.0 more frequent in English, not clearly English
        ("Dernières nouvelles", False),
        ("Contact us", False),  # contact is French as much as English
        ("Top 10", False),  # one word
        ("Lire la suite", False),
        ('"Open in app"', False),  # a quoted title
    ],
)
def test_terse_lines(line: str, terse: bool) -> None:
    assert reads_english_terse(line) is terse


def test_terse_lines_only_up_to_terse_words() -> None:
    text = "Fin de l'article.\n\nVideo player\n\nLa suite."
    doc = Document(text, language="fr")
    assert short_english_lines(text, doc.paragraphs, 2, 4, 3.0) == []
    start = text.index("Video")
    assert short_english_lines(text, doc.paragraphs, 2, 4, 3.0, None, 4) == [(start, start + len("Video player"))]
    assert short_english_lines(text, doc.paragraphs, 2, 4, 3.0, None, 1) == []


def test_two_english_function_words_are_no_name() -> None:
    # "The Guardian" has one function word and a name; "Here is the plan" three function words.
    assert reads_english("Here is the plan", 3.0)
    assert reads_english("Where to go", 3.0)
    assert not reads_english("The Guardian", 3.0)


def test_evidence_counts() -> None:
    # "Trending Now" is title case: "Now" is a word, not a name; trending 3.62-2.28, now 6.18-3.88.
    assert evidence("Trending Now") == Evidence(3.64, 0.0, 2, 0, 0, 0, False)
    # Mid-line capitals in a sentence-case line are names; "du" is French, "dixième" too.
    ev = evidence("Ben Greenman : Dixième anniversaire du New York Comedy Festival : The New Yorker")
    assert (ev.english, ev.french_words, ev.french_typography) == (0.0, 2, True)


def test_reads_french_needs_two_french_words_and_few_foreign_ones() -> None:
    assert reads_french("Observez votre enfant quand il dort.")
    assert not reads_french("Der Landtag hat des Weiteren beschlossen.")  # one French-looking word
    assert not reads_french("Les chemins de fer allemands Die Deutsche Bahn möchte besonders neu einstellen.")


def test_says_nothing_foreign() -> None:
    assert says_nothing_foreign("Elite League : Dundee Stars 5-3 Belfast Giants")
    assert not says_nothing_foreign("Der Landtag hat den drei hessischen Regionalversammlungen")


@pytest.mark.parametrize(
    "text",
    [
        "Observez votre enfant quand il dort.",  # langdetect: Catalan, p=1.0
        "Elite League : Dundee Stars 5-3 Belfast Giants",  # langdetect: German
        "Ben Greenman : Dixième anniversaire du New York Comedy Festival : The New Yorker",  # English, p=1.0
    ],
)
def test_segment_check_leaves_short_french_lines(text: str) -> None:
    assert foreign_segments(Document(f"{text}\n", language="fr"), "fr") == []


def test_segment_check_still_flags_a_short_foreign_sentence() -> None:
    text = "Observeu el vostre fill quan dorm a la nit."
    found = foreign_segments(Document(f"{text}\n", language="fr"), "fr")
    assert [(s.start, s.end, s.language, round(s.probability, 2)) for s in found] == [(0, len(text), "ca", 1.0)]


def test_short_english_lines_spans() -> None:
    text = "Fin de l'article.\n\nTrending Now\n  Recommended for you  \nLe Monde\nUkraine war: Zelensky urges allies to…\n"
    doc = Document(text, language="fr")
    spans = short_english_lines(text, doc.paragraphs, 2, 4, 3.0)
    assert [text[s:e] for s, e in spans] == ["Trending Now", "Recommended for you"]
    spans = short_english_lines(text, doc.paragraphs, 5, 12, 3.0)
    assert [text[s:e] for s, e in spans] == ["Ukraine war: Zelensky urges allies to…"]


def test_short_line_check_leaves_lines_inside_a_foreign_segment() -> None:
    check = load_all()["short-english-line"].factory({"min_words": 5, "max_words": 12}, Resources())
    headline = "Read more: Zelensky urges allies to act"  # the segment check reports it
    alone = "Read more: how to vote"  # too short for the segment check
    text = f"Fin de l'article.\n{headline}\n\nLa suite.\n{alone}\n"
    hits = list(check(Document(text, language="fr")))
    assert [(text[h.start : h.end], h.detail) for h in hits] == [(alone, "English word evidence 10.7")]


def test_short_line_check_rejects_bad_params() -> None:
    with pytest.raises(ValueError, match=r"param 'min_evidence' must be float, got 'x'"):
        load_all()["short-english-line"].factory({"min_evidence": "x"}, Resources())


def test_gazetteer_names_are_taken_out_before_judging() -> None:
    text = "Fin.\nThe New York Times\nThe New Statesman\n"
    doc = Document(text, language="fr")
    assert [text[s:e] for s, e in short_english_lines(text, doc.paragraphs, 2, 4, 3.0)] == [
        "The New York Times",
        "The New Statesman",
    ]
    names = names_pattern(["New York Times", "NYT", "Ny"])  # names shorter than 3 characters are left out
    assert names is not None and names.pattern == r"(?<!\w)(?:New\ York\ Times|NYT)(?!\w)"
    assert [text[s:e] for s, e in short_english_lines(text, doc.paragraphs, 2, 4, 3.0, names)] == ["The New Statesman"]
    assert names_pattern([]) is None


def test_lazy_names_cut_like_the_pattern() -> None:
    names = LazyNames(["New York Times", "Ny"])
    assert names.sub("", "The New York Times, Ny") == "The , Ny"
    assert names.sub("", "New York Times") == ""  # compiled once, used again
    assert LazyNames([]).sub("", "The Guardian") == "The Guardian"


@pytest.mark.parametrize(
    "line",
    [
        "New York Times and New York",  # the longest name at a position wins
        "New Yorker, NYTimes, _NYT, NYT_, NYT2, éNYT, NYT-NYT",  # whole names only: \\w around a name blocks it
        "NYTNYT NYT",
        "Le New York Times : New York",
    ],
)
def test_lazy_names_cut_what_the_pattern_cuts(line: str) -> None:
    names = ["New York Times", "New York", "NYT", "Ny", "York Times"]
    assert LazyNames(names).sub("", line) == names_pattern(names).sub("", line)


def test_a_name_cut_before_a_colon_leaves_no_french_spacing() -> None:
    text = "Fin.\nUkraine: what we know so far\n"
    doc = Document(text, language="fr")
    names = names_pattern(["Ukraine"])
    assert [text[s:e] for s, e in short_english_lines(text, doc.paragraphs, 2, 12, 3.0, names)] == ["Ukraine: what we know so far"]


def test_short_line_check_uses_the_gazetteer(builtin_ruleset) -> None:
    check = load_all()["short-english-line"].factory({"max_words": 4}, Resources(builtin_ruleset.gazetteer))
    text = "Fin de l'article.\nThe New York Times\nTrending Now\n"
    assert [text[h.start : h.end] for h in check(Document(text, language="fr"))] == ["Trending Now"]


def test_function_word_inside_a_name_is_part_of_it() -> None:
    # "of" between two capitalised words of a sentence-case line belongs to the name.
    assert evidence("La Bank of England relève son taux directeur.").english == 0.0
    assert reads_french("La Bank of England relève son taux directeur.")
    # In a title-case line capitals mark no name, and "of" counts.
    assert evidence("Best of the Web").english_function_words == 2


def test_french_typography_counts_for_french() -> None:
    # "Premiership" (English, 3) against s' and à (French, 6): the space before the colon decides.
    assert reads_french("Premiership : Glasgow Rangers s'impose face à Heart of Midlothian")
    assert not reads_french("Premiership: Glasgow Rangers s'impose face à Heart of Midlothian")
