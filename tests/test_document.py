"""Document.word_count: the count from the paragraphs' \\w runs equals WORD_RE's word count."""

from __future__ import annotations

import re
import sys

import pytest

from auditor.document import LARGE_DOCUMENT, WORD_RE, Document, fold

TRICKY = [
    "",
    "   \n\t\n",
    "Le chat dort.",
    "Saint-Denis, Jean‐Pierre et Aix-en-Provence.",
    "Un mot -- puis un autre - et -ici- ou là-.",
    "-début et fin- ; --double-- ; a--b ; a-‐b ; a‐-b",
    "x-1, 2-3-4, 12_000 et snake_case_name_ ; __init__",
    "Chiffres : ² ³ ½ ¾ 10²-3 x²y ٣٤ ۱۲ १२३-४",
    "Décomposé : e\u0301te\u0301, cafe\u0301-bar, \u0301seul, n\u0303-\u0303",
    "İstanbul-İzmir, İİ, ſoleil-ſ, ΣΟΦΟΣ-ΣΑΣ, K-Å",
    "lʼhomme, lʼ-homme, ʼʼ, l’homme, l'homme, l‘a, l`a, l´a",
    "Ligne\r\nsuivante\rencore\u2028sep\u2029par\x0bvt\x0cff\x1cfs\x85nel-fin",
    "日本語-テキスト 中文 한국어-단어 ไทย",
    "emoji 😀-😀 a-😀-b tab\tsé-paré",
    "soft\u00adhyphen zero\u200bwidth join\u200dner a\u00ad-b",
    "- \n-\n a-\n-b \n‐x‐ \n",
]


def _runs_first(text: str) -> int:
    """The word count once the checks have split the paragraphs into words (the shortcut)."""
    doc = Document(text)
    doc.paragraph_words
    return doc.word_count


@pytest.mark.parametrize("text", TRICKY)
def test_word_count_from_the_runs_equals_word_re(text: str) -> None:
    expected = len(WORD_RE.findall(text))
    assert _runs_first(text) == expected
    assert Document(text).word_count == expected  # without the runs: WORD_RE itself


def test_word_count_of_known_texts() -> None:
    assert _runs_first("Saint-Denis, Jean‐Pierre et Aix-en-Provence.") == 4
    assert _runs_first("a--b -c- d-") == 4
    assert _runs_first("lʼhomme et l’homme") == 4  # ʼ is a letter: "lʼhomme" is one word
    assert _runs_first("10²-3 ½") == 2


def test_every_word_character_stays_one_when_folded_but_the_modifier_apostrophe() -> None:
    # The shortcut counts \w runs of the folded text: it is exact because folding changes no
    # character's \w-ness except ʼ's, and the documents holding ʼ take WORD_RE.
    word = re.compile(r"\w")
    changed = [
        hex(cp)
        for cp in range(sys.maxunicode + 1)
        if not 0xD800 <= cp < 0xE000 and bool(word.match(chr(cp))) != bool(word.match(fold(chr(cp))))
    ]
    assert changed == ["0x2bc"]


def test_word_count_of_a_large_document_from_the_runs() -> None:
    text = "Jean-Pierre va à Aix-en-Provence -- puis x_y. " * (LARGE_DOCUMENT // 40)
    assert len(text) >= LARGE_DOCUMENT
    assert _runs_first(text) == Document(text).word_count == len(WORD_RE.findall(text)) == 6 * (LARGE_DOCUMENT // 40)
