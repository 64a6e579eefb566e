"""auditor's numpy replay of langdetect gives exactly langdetect's own probabilities."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from langdetect import DetectorFactory, detect_langs

from auditor.lang import langdetect_replay as replay
from auditor.lang.language import _langdetect_probabilities

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
TEXTS = [
    "Leave a Comment",
    "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
    "Der Präsident hat am Freitag in Berlin eine Rede über die Wirtschaft gehalten.",
    "Je suis en permanence mes dossiers (Afghanistan, Syrie, ...)",
    "Chez Union Investment Real Estate, M.",
    "À 18 ans, il a subi une vaginoplastie.",
    "Hold on Ukraine",
    "El presidente habló ayer con los periodistas sobre la economía del país.",
    *[line for p in sorted(SAMPLES.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines() if len(line) > 40][:40],
]


@pytest.mark.parametrize("text", TEXTS, ids=[t[:40] for t in TEXTS])
def test_replay_equals_langdetect(text: str) -> None:
    """Same languages, same probabilities to the last bit, with langdetect seeded as auditor seeds it."""
    DetectorFactory.seed = 0
    expected = [(r.lang, r.prob) for r in detect_langs(text)]
    assert _langdetect_probabilities(text) == expected


@pytest.mark.parametrize("text", TEXTS, ids=[t[:40] for t in TEXTS])
def test_screened_replay_is_empty_only_when_the_answer_would_be_dropped(text: str) -> None:
    """With a floor, the replay gives the full answer, or [] when no language but the ignored one reaches it."""
    full = _langdetect_probabilities(text)
    screened = _langdetect_probabilities(text, "fr", 0.9)
    assert screened in ([], full)
    if screened == []:
        assert all(lang == "fr" or prob < 0.9 for lang, prob in full)


def test_screening_settles_a_french_sentence_early() -> None:
    text = "Le gouvernement a présenté mardi son projet de budget pour l'année prochaine."
    assert _langdetect_probabilities(text)[0][0] == "fr"
    assert _langdetect_probabilities(text, "fr", 0.9) == []
    assert _langdetect_probabilities(text, "de", 0.9) == _langdetect_probabilities(text)


def test_profiles_equal_langdetects_own_table() -> None:
    """The profiles read from the package give every n-gram langdetect's own probability row."""
    from langdetect import detector_factory

    detector_factory.init_factory()
    factory = detector_factory._factory
    folder = detector_factory.PROFILES_DIRECTORY
    langs, grams, indptr, cols, probs = replay._read_profiles(folder, os.listdir(folder))
    assert langs == factory.langlist
    assert grams == list(factory.word_lang_prob_map)
    for row, gram in enumerate(grams):
        dense = [0.0] * len(langs)
        for k in range(indptr[row], indptr[row + 1]):
            dense[cols[k]] = float(probs[k])
        assert dense == factory.word_lang_prob_map[gram], gram


def test_word_stream_replays_random() -> None:
    """Draws and Gaussian values taken from the precomputed words are random.Random's own."""
    assert replay._stream_replays_random()
    stream = replay._WordStream(5)
    reference = random.Random(5)
    drawn, places = replay._choices(stream, 0, 300, 1000)
    assert drawn.tolist() == [reference.choice(range(300)) for _ in range(1000)]
    gauss, at, pending = replay._gauss(stream.upto(int(places[-1]) + 5), int(places[-1]) + 1, None)
    assert (gauss, pending is not None) == (reference.gauss(0.0, 1.0), True)
    assert replay._gauss(stream.words, at, pending)[0] == reference.gauss(0.0, 1.0)
    assert replay._choices(stream, at, 7, 1)[0].tolist() == [reference.choice(range(7))]


def test_langdetect_answers_when_the_stream_cannot_replay(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a Python whose random module draws differently, langdetect itself gives the answer."""
    text = TEXTS[1]
    monkeypatch.setattr(replay, "_STREAM_OK", [False])
    monkeypatch.setattr(replay, "_model", lambda: pytest.fail("the replay ran"))
    DetectorFactory.seed = 0
    assert _langdetect_probabilities(text) == [(r.lang, r.prob) for r in detect_langs(text)]
