"""Scrape leftovers that need line-level heuristics: share-button runs and hashtag lines."""

from __future__ import annotations

import bisect
import re
from typing import Any, Iterator, Mapping

import regex

from auditor.checks import Hit, Resources, register
from auditor.document import Document
from auditor.kinds.regexes import compiled
from auditor.lang.lexicon import document_words

# Network names: a line made only of these is page furniture, never prose.
STRONG_LABELS: tuple[str, ...] = (
    "facebook", "twitter", "linkedin", "pinterest", "whatsapp", "telegram", "reddit", "tumblr",
    "messenger", "flipboard", "viber", "snapchat", "instagram", "youtube", "tiktok", "threads",
    "bluesky", "mastodon", "pocket", "xing", "vk", "partager", "partagez", "partager l'article",
    "partager cet article", "share", "share this", "share this article", "share this story",
    "copier le lien", "lien copié", "copy link", "link copied", "tweet", "tweeter",
    "envoyer par e-mail", "envoyer par email", "envoyer par mail", "envoyer à un ami",
    "send by email", "email this", "sauvegarder", "save",
)
# Labels that are words on their own ("X", "Imprimer"): they join a run but cannot make one.
WEAK_LABELS: tuple[str, ...] = ("x", "e-mail", "email", "mail", "courriel", "imprimer", "print", "commenter", "comment")

_SEPARATORS = r"[ \t]*(?:[|•·,/–-][ \t]*)?"


def _label_alternation(labels: tuple[str, ...]) -> str:
    """Return a regex alternation of labels, longest first, apostrophes unified."""
    # Ties broken by text: a set's order changes with each process's hash seed, and a pattern
    # text that changes is a new entry of the user cache's compiled patterns every run.
    parts = sorted({regex.escape(label).replace("'", "['’]") for label in labels}, key=lambda part: (-len(part), part))
    return "(?:" + "|".join(parts) + ")"


def _share_line_re(strong: tuple[str, ...], weak: tuple[str, ...]) -> regex.Pattern:
    """Compile the regex of a line made only of share labels (used with fullmatch)."""
    network = _label_alternation(strong + weak)
    label = rf"(?:(?:partager|partagez|share)[ \t]+(?:sur|via|on|par|by)[ \t]+{network}|{network})"
    return compiled(rf"[ \t]*{label}(?:{_SEPARATORS}{label})*[ \t]*:?[ \t\r]*", regex.IGNORECASE)


_FIRST_WORD_RE = re.compile(r"\w+")  # the words of Document.paragraph_words
# A superset of the characters `re` takes for word characters and `regex` does not (numbers
# such as "²" and "½", in the blocks below), and of those that IGNORECASE matches to a
# label's letter but str.lower does not ("ſ", "İ"): a text holding none of them shows each
# strong label's first word among its folded words.
_EXOTIC_RE = re.compile(
    "[²³¹¼½¾ſİ\u0900-\u0fff\u1369-\u19ff\u2070-\u209f\u2150-\u218f\u2460-\u24ff\u2776-\u2793"
    "\u2cfd\u3190-\u32ff\ua830-\ua835\U00010100-\U0001ffff]"
)


@register("share-buttons", params=["labels", "weak_labels", "max_gap_lines", "max_line"])
def share_buttons(params: Mapping[str, Any], resources: Resources):
    """Flag each run of lines made only of share-button labels, as one finding per run."""
    strong = tuple(params.get("labels", STRONG_LABELS))
    weak = tuple(params.get("weak_labels", WEAK_LABELS))
    max_gap = int(params.get("max_gap_lines", 1))
    max_line = int(params.get("max_line", 120))
    line_re = _share_line_re(strong, weak)
    strong_re = compiled(r"(?<!\w)" + _label_alternation(strong) + r"(?!\w)", regex.IGNORECASE)
    # A cheap literal screen: no run can exist without one of the network names, and
    # substring tests on the folded text cost far less than a case-insensitive regex.
    screen = tuple({label.lower().replace("’", "'").split()[-1] for label in strong})
    # Cheaper still, and first: a strong label holds a whole word, its first, so that word is
    # among the paragraphs' folded words (already made for other checks) unless a character
    # that `regex` and `re`, or IGNORECASE and str.lower, see differently touches it. A label
    # without a word character ("✉") has no such word: then only the substrings screen.
    heads = [_FIRST_WORD_RE.findall(label.lower().replace("’", "'"))[:1] for label in strong]
    first_words = frozenset(head[0] for head in heads) if all(heads) else None

    def detect(doc: Document) -> Iterator[Hit]:
        text = doc.text
        folded = doc.folded
        if first_words is not None and first_words.isdisjoint(document_words(doc)):
            # Only lines of at most max_line characters can be buttons: the other lines may hold
            # such characters, they touch no label that counts (a whole-text search cost more).
            exotic = _EXOTIC_RE.search
            if not any(exotic(text, start, end) for start, end in doc.lines if end - start <= max_line):
                return  # no strong label in a line short enough: no run can be reported
        if not any(word in folded for word in screen):
            return
        run: list[tuple[int, int]] = []
        for lstart, lend in doc.lines:
            # Button lines are short; testing only those keeps the scan linear and cheap.
            if lend - lstart > max_line or not line_re.fullmatch(text, lstart, lend):
                continue
            line = text[lstart:lend]
            start = lstart + len(line) - len(line.lstrip())
            end = lstart + len(line.rstrip())
            if run:
                gap = text[run[-1][1]:start]
                # Blank lines may separate buttons; anything else ends the run.
                if gap.strip() or gap.count("\n") > max_gap + 1:
                    yield from _run_hit(run, text, strong_re)
                    run = []
            run.append((start, end))
        if run:
            yield from _run_hit(run, text, strong_re)

    return detect


def _run_hit(run: list[tuple[int, int]], text: str, strong_re: regex.Pattern) -> Iterator[Hit]:
    """Yield one hit covering the run when at least one of its lines holds a strong label."""
    if any(strong_re.search(text, s, e) for s, e in run):
        yield Hit(run[0][0], run[-1][1], detail=f"{len(run)} share-button line(s)")


_HASHTAG_RE = regex.compile(r"(?<![\w&#/])#\p{L}[\p{L}\p{N}_]*")
_TOKEN_RE = regex.compile(r"\S+")


@register("hashtag-line", params=["min_tags", "min_ratio"])
def hashtag_line(params: Mapping[str, Any], resources: Resources):
    """Flag a line made mostly of #hashtags (at least `min_tags` of them)."""
    min_tags = int(params.get("min_tags", 3))
    min_ratio = float(params.get("min_ratio", 0.5))

    def detect(doc: Document) -> Iterator[Hit]:
        text = doc.text
        if "#" not in text:
            return
        starts = doc.line_starts
        per_line: dict[int, int] = {}
        for m in _HASHTAG_RE.finditer(text):
            idx = bisect.bisect_right(starts, m.start()) - 1
            per_line[idx] = per_line.get(idx, 0) + 1
        for idx, count in sorted(per_line.items()):
            if count < min_tags:
                continue
            start, end = doc.lines[idx]
            tokens = len(_TOKEN_RE.findall(text, start, end))
            if count / tokens < min_ratio:
                continue
            body = text[start:end]
            lead = len(body) - len(body.lstrip())
            yield Hit(start + lead, start + len(body.rstrip()), detail=f"{count} hashtags")

    return detect
