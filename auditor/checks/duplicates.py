"""Exact and near-duplicate paragraphs within a document, scored with sacrebleu's chrF."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterator, Mapping

import re

from auditor.checks import Hit, Resources, register
from auditor.document import Document

_WORD_RE = re.compile(r"\w+")


@lru_cache(maxsize=4)
def _chrf(beta: int):
    """Return a sacrebleu CHRF metric; imported lazily because sacrebleu is slow to import."""
    from sacrebleu.metrics import CHRF

    return CHRF(beta=beta)


def _shingles(words: list[str], size: int) -> set[tuple[str, ...]]:
    """Return the set of word `size`-grams of a paragraph."""
    return set(zip(*(words[k:] for k in range(size))))


@register("duplicate-paragraphs", params=["min_words", "threshold", "shingle_size", "min_shared", "max_postings", "beta"])
def duplicate_paragraphs(params: Mapping[str, Any], resources: Resources):
    """Flag a paragraph that repeats, exactly or reworded, an earlier one of the same document."""
    min_words = int(params.get("min_words", 8))
    threshold = float(params.get("threshold", 70.0))
    size = int(params.get("shingle_size", 3))
    min_shared = float(params.get("min_shared", 0.2))
    max_postings = int(params.get("max_postings", 8))
    # chrF with beta 1 weighs precision and recall equally, so the score is symmetric.
    beta = int(params.get("beta", 1))

    def detect(doc: Document) -> Iterator[Hit]:
        text = doc.text
        paras = []  # (index in doc.paragraphs, start, end, normalised words)
        for start, end in doc.paragraphs:
            words = _WORD_RE.findall(doc.folded, start, end)
            if len(words) >= min_words:
                paras.append((start, end, words))
        if len(paras) < 2:
            return
        first_exact: dict[str, int] = {}
        postings: dict[tuple[str, ...], list[int]] = {}
        for i, (start, end, words) in enumerate(paras):
            key = " ".join(words)
            j = first_exact.get(key)
            if j is not None:
                line = doc.position(paras[j][0])[0]
                yield Hit(start, end, detail=f"repeats line {line} word for word")
                continue
            first_exact[key] = i
            shingles = _shingles(words, size)
            # Blocking: only paragraphs sharing enough word n-grams are compared, and an
            # n-gram shared by many paragraphs (a stock phrase) carries no evidence.
            shared: dict[int, int] = {}
            for sh in shingles:
                seen = postings.get(sh)
                if seen is None:
                    postings[sh] = [i]
                elif len(seen) < max_postings:
                    for j in seen:
                        shared[j] = shared.get(j, 0) + 1
                    seen.append(i)
            best: tuple[float, int] | None = None
            for j, count in shared.items():
                # chrF1 is symmetric, so two paragraphs of very different length never
                # reach the threshold: the share is taken of the larger n-gram set.
                if count < max(3, min_shared * max(len(shingles), len(paras[j][2]) - size + 1)):
                    continue
                score = _chrf(beta).sentence_score(text[start:end], [text[paras[j][0]:paras[j][1]]]).score
                if score >= threshold and (best is None or score > best[0]):
                    best = (score, j)
            if best is not None:
                line = doc.position(paras[best[1]][0])[0]
                yield Hit(start, end, detail=f"repeats line {line} reworded (chrF {best[0]:.0f})")

    return detect
