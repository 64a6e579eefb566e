"""auditor's numpy replay of langdetect gives exactly langdetect's own probabilities."""

from __future__ import annotations

from pathlib import Path

import pytest
from langdetect import DetectorFactory, detect_langs

from auditor.language import _langdetect_probabilities

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
