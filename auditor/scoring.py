"""MQM scoring: severity-weighted penalties normalised per word, and a verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from auditor.model import Finding, Score, Severity

DEFAULT_WEIGHTS: Mapping[Severity, float] = {Severity.MINOR: 1.0, Severity.MAJOR: 5.0, Severity.CRITICAL: 25.0}
# The evaluation word count never goes below this (MQM's minimum sample): per word, one slip in
# a 21-word message would weigh like forty in an 840-word article. 250 words is a short news
# item; with the default weights and thresholds one major finding in a shorter text scores 98
# (review, not fail), and every sample in samples/ (441 words and more) scores as before.
DEFAULT_MIN_WORDS = 250


@dataclass(frozen=True)
class ScoringConfig:
    """Severity weights, verdict thresholds (scores are 0-100, higher is better) and the minimum evaluation word count."""

    weights: Mapping[Severity, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    pass_threshold: float = 99.0
    review_threshold: float = 95.0
    min_words: int = DEFAULT_MIN_WORDS

    def signature(self) -> str:
        """Return a compact string that says how scores were computed."""
        w = ",".join(f"{s.value}={self.weights[s]:g}" for s in Severity)
        return f"weights:{w}|pass:{self.pass_threshold:g}|review:{self.review_threshold:g}|min_words:{self.min_words}"


def score(findings: Iterable[Finding], words: int, config: ScoringConfig = ScoringConfig()) -> Score:
    """Score a document: 100 * (1 - penalty / max(words, min_words)), clamped to [0, 100].

    Any critical finding fails the document whatever its score, as MQM prescribes. A document
    shorter than min_words with any penalty is reviewed at least: its score is computed on a
    sample it does not fill, so it can say "not a fail" but not prove a pass.
    """
    findings = list(findings)
    penalty = sum(config.weights[f.severity] for f in findings)
    evaluated = max(words, config.min_words, 1)
    value = max(0.0, 100.0 * (1.0 - penalty / evaluated))
    value = round(value, 2)
    if any(f.severity is Severity.CRITICAL for f in findings) or value < config.review_threshold:
        verdict = "fail"
    elif value < config.pass_threshold or (penalty > 0 and words < config.min_words):
        verdict = "review"
    else:
        verdict = "pass"
    return Score(penalty=penalty, words=words, score=value, verdict=verdict)


def parse_weights(text: str) -> dict[Severity, float]:
    """Parse 'minor=1,major=5,critical=25' (any subset) into weights; raise ValueError."""
    weights = dict(DEFAULT_WEIGHTS)
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        try:
            weights[Severity(name.strip())] = float(value)
        except ValueError:
            raise ValueError(f"bad weight {part!r}: expected minor=N, major=N or critical=N") from None
        if not sep or float(value) < 0:
            raise ValueError(f"bad weight {part!r}: expected a non-negative number")
    return weights
