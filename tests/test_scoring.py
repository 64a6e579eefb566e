"""MQM scoring: exact scores and verdicts from weights, word counts and thresholds."""

from __future__ import annotations

import pytest

from auditor.model import Finding, Severity
from auditor.scoring import ScoringConfig, parse_weights, score


def finding(severity: Severity) -> Finding:
    """A finding whose only relevant field is its severity."""
    return Finding("r", "fluency/grammar", severity, "m", 0, 1, 1, 1, 1, 2, "x", "x")


@pytest.mark.parametrize(
    "severities, words, expected",
    [
        ([], 500, (0.0, 100.0, "pass")),
        ([Severity.MINOR], 500, (1.0, 99.8, "pass")),
        ([Severity.MAJOR], 500, (5.0, 99.0, "pass")),
        ([Severity.MAJOR, Severity.MINOR], 500, (6.0, 98.8, "review")),
        ([Severity.MAJOR] * 5, 500, (25.0, 95.0, "review")),
        ([Severity.MAJOR] * 5 + [Severity.MINOR], 500, (26.0, 94.8, "fail")),
        ([Severity.CRITICAL], 10_000, (25.0, 99.75, "fail")),  # any critical fails
        ([Severity.MAJOR] * 60, 300, (300.0, 0.0, "fail")),  # clamped at 0
        ([Severity.MAJOR] * 30, 100, (150.0, 40.0, "fail")),  # 100 words are scored as 250
    ],
)
def test_score_and_verdict(severities: list[Severity], words: int, expected: tuple[float, float, str]) -> None:
    """score = 100 * (1 - penalty / max(words, 250)); pass >= 99, review >= 95, else fail."""
    result = score([finding(s) for s in severities], words)
    assert (result.penalty, result.score, result.verdict) == expected


@pytest.mark.parametrize(
    "severities, words, min_words, expected",
    [
        ([Severity.MAJOR], 21, 250, (5.0, 98.0, "review")),  # a 21-word message with one slip
        ([Severity.MAJOR], 21, 1, (5.0, 76.19, "fail")),  # the same without a minimum: as 40 slips in 840 words
        ([Severity.MAJOR], 21, 100, (5.0, 95.0, "review")),
        ([Severity.MINOR], 21, 250, (1.0, 99.6, "review")),  # too short to prove a pass
        ([Severity.MINOR], 21, 1, (1.0, 95.24, "review")),
        ([Severity.MAJOR] * 3, 21, 250, (15.0, 94.0, "fail")),
        ([Severity.CRITICAL], 21, 250, (25.0, 90.0, "fail")),
        ([Severity.MINOR], 0, 250, (1.0, 99.6, "review")),  # an empty text is scored as the minimum
        ([Severity.MINOR], 0, 1, (1.0, 0.0, "fail")),  # or, without one, as one word
        ([Severity.MAJOR], 250, 250, (5.0, 98.0, "review")),
        ([Severity.MINOR], 250, 250, (1.0, 99.6, "pass")),  # from min_words on, the score alone decides
        ([Severity.MINOR], 249, 250, (1.0, 99.6, "review")),
        ([], 21, 250, (0.0, 100.0, "pass")),
        ([Severity.MAJOR], 1000, 250, (5.0, 99.5, "pass")),  # longer texts: their own word count
    ],
)
def test_small_documents_are_scored_on_the_minimum_word_count(
    severities: list[Severity], words: int, min_words: int, expected: tuple[float, float, str]
) -> None:
    """A document shorter than min_words is scored as if it had min_words words (MQM evaluation word count),
    and with any finding it is reviewed at least."""
    result = score([finding(s) for s in severities], words, ScoringConfig(min_words=min_words))
    assert (result.penalty, result.words, result.score, result.verdict) == (expected[0], words, *expected[1:])


def test_weights_and_thresholds_are_configurable() -> None:
    """Custom weights and thresholds change the score and the verdict."""
    config = ScoringConfig(weights=parse_weights("major=10"), pass_threshold=90, review_threshold=80, min_words=50)
    result = score([finding(Severity.MAJOR)], 50, config)
    assert (result.penalty, result.score, result.verdict) == (10.0, 80.0, "review")
    assert config.signature() == "weights:minor=1,major=10,critical=25|pass:90|review:80|min_words:50"
    assert ScoringConfig().signature() == "weights:minor=1,major=5,critical=25|pass:99|review:95|min_words:250"


def test_bad_weights_are_rejected() -> None:
    """Unknown severities and negative weights are errors that quote the input."""
    with pytest.raises(ValueError, match="bad weight 'huge=3'"):
        parse_weights("huge=3")
    with pytest.raises(ValueError, match="bad weight 'minor=-1'"):
        parse_weights("minor=-1")
