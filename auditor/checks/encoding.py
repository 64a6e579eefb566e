"""Encoding damage: mojibake (found and repaired with ftfy), replacement characters, control characters."""

from __future__ import annotations

import re
from functools import lru_cache
from types import ModuleType
from typing import Any, Iterator, Mapping

import regex

from auditor.checks import Hit, Resources, register
from auditor.document import Document

# A run of non-space characters, optionally continued past one space when the space may
# be a mangled no-break space (UTF-8 "à" read as Latin-1 is "Ã" + U+00A0).
_ENDS_WITH_LEAD_BYTE_RE = regex.compile(r"[ÃÂâ]$")


def _expand(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """Grow [start, end) to whole non-space tokens within [lo, hi)."""
    while start > lo and not text[start - 1].isspace():
        start -= 1
    while end < hi and not text[end].isspace():
        end += 1
    # "voilÃ le": the next token belongs to the damaged run when a lead byte ends this one.
    if _ENDS_WITH_LEAD_BYTE_RE.search(text, start, end) and end + 1 < hi and text[end] in " \u00a0" and not text[end + 1].isspace():
        end += 1
        while end < hi and not text[end].isspace():
            end += 1
    return start, end


# UTF-8 read as Latin-1 or Windows-1252 turns French letters and punctuation into a lead
# byte shown as "Ã" or "Â" (2-byte sequences) or "â€"/"â‚" (3-byte), or leaves C1 controls.
# These substrings are rare in clean French, and substring tests are much cheaper than
# ftfy's heuristic, which then runs only on the paragraphs that contain one.
_SUSPECT_SUBSTRINGS = ("Ã", "Â", "â€", "â‚", "Å", "Ð")
_C1_RE = re.compile("[\x80-\x9f]")


def _suspect(text: str) -> bool:
    """Return True when `text` holds a character sequence typical of mojibake."""
    return any(s in text for s in _SUSPECT_SUBSTRINGS) or _C1_RE.search(text) is not None


_LEFTOVER_RE = regex.compile(r"Ã|Â|â€|Ð|Å")


@lru_cache(maxsize=1)
def _ftfy() -> tuple[ModuleType, ModuleType]:
    """Import ftfy on first need: it costs 35 ms of start-up, and clean text never needs it."""
    import ftfy
    import ftfy.badness

    return ftfy, ftfy.badness


def preload() -> None:
    """Import ftfy now (a process about to fork workers that will need it)."""
    _ftfy()


def _is_clean_repair(damaged: str, fixed: str) -> bool:
    """Return True when ftfy changed the text and left no trace of mojibake behind."""
    return fixed != damaged and not _ftfy()[1].is_bad(fixed) and not _LEFTOVER_RE.search(fixed)


@register("mojibake", params=["suggest"])
def mojibake(params: Mapping[str, Any], resources: Resources):
    """Flag words garbled by a wrong decoding ("rÃ©forme"), suggesting ftfy's repair when it is clean."""
    suggest = bool(params.get("suggest", True))

    def detect(doc: Document) -> Iterator[Hit]:
        text = doc.text
        # One cheap scan clears almost every document; ftfy's heuristic runs only on the
        # paragraphs where a mojibake byte pair occurs.
        if text.isascii() or not _suspect(text):
            return
        ftfy, badness = _ftfy()
        for lo, hi in doc.paragraphs:
            para = text[lo:hi]
            if not _suspect(para) or not badness.is_bad(para):
                continue
            runs: list[list[int]] = []
            for m in badness.BADNESS_RE.finditer(text, lo, hi):
                if runs and m.start() < runs[-1][1]:
                    continue
                start, end = _expand(text, m.start(), m.end(), lo, hi)
                while end > start and text[end - 1].isspace():
                    end -= 1
                # One finding per damaged word, so each repair stays local and checkable.
                runs.append([start, end])
            for start, end in runs:
                damaged = text[start:end]
                # U+FFFD alone is the job of `replacement-character`.
                if not badness.is_bad(damaged.replace("\ufffd", "")):
                    continue
                fixed = ftfy.fix_encoding(damaged)
                suggestions = (fixed,) if suggest and _is_clean_repair(damaged, fixed) else ()
                yield Hit(start, end, suggestions=suggestions)

    return detect


_REPLACEMENT_RE = regex.compile("\ufffd+")


@register("replacement-character", params=[])
def replacement_character(params: Mapping[str, Any], resources: Resources):
    """Flag runs of U+FFFD, the mark of bytes that could not be decoded."""

    def detect(doc: Document) -> Iterator[Hit]:
        if "\ufffd" not in doc.text:
            return
        for m in _REPLACEMENT_RE.finditer(doc.text):
            yield Hit(m.start(), m.end(), detail=f"{m.end() - m.start()} replacement character(s)")

    return detect


# C0 controls except tab, newline and carriage return; DEL; a byte-order mark anywhere
# but at the very start. C1 controls are left to `mojibake`: they are almost always
# Windows-1252 bytes decoded as Latin-1, and ftfy can repair them.
_CONTROL_RE = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+|(?<!^)\ufeff")
# Every character _CONTROL_RE can match: the standard library's search for one character of
# a class runs three times faster than `regex`'s scan with its alternation, and almost no
# text holds one.
_CONTROL_SCREEN_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")


@register("control-character", params=[])
def control_character(params: Mapping[str, Any], resources: Resources):
    """Flag control characters (not tab, newline or carriage return) left in the text."""

    def detect(doc: Document) -> Iterator[Hit]:
        text = doc.text
        if _CONTROL_SCREEN_RE.search(text) is None:
            return
        for m in _CONTROL_RE.finditer(text):
            codes = " ".join(f"U+{ord(c):04X}" for c in m.group()[:4])
            yield Hit(m.start(), m.end(), detail=codes)

    return detect
