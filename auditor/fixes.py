"""Safe fixes: apply only unambiguous `fix: auto` suggestions, each strictly inside its span."""

from __future__ import annotations

import codecs
import difflib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from auditor.reporters.atomic import write_atomic
from auditor.model import Finding


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] (which must equal `old`) with `new`."""

    start: int
    end: int
    old: str
    new: str
    rule_id: str


def safe_edits(findings: Iterable[Finding], text: str) -> list[Edit]:
    """Return the edits that are safe to apply: `fix` findings, current text, no overlaps.

    Two fixes that touch the same characters are both dropped: picking one would be a
    guess, and a guess is exactly what a safe fix must never be.
    """
    candidates = []
    for f in findings:
        if not f.fix or len(f.suggestions) != 1:
            continue
        if text[f.start : f.end] != f.text or f.suggestions[0] == f.text:
            continue  # stale finding, or nothing to change
        candidates.append(Edit(f.start, f.end, f.text, f.suggestions[0], f.rule_id))
    candidates.sort(key=lambda e: (e.start, e.end))
    keep, reach, prev_start = [], -1, -1  # reach: furthest end of any earlier candidate
    for i, edit in enumerate(candidates):
        after = candidates[i + 1] if i + 1 < len(candidates) else None
        # Same start counts as overlap too: two insertions at one point have no safe order.
        overlaps = reach > edit.start or prev_start == edit.start
        overlaps = overlaps or (after is not None and (edit.end > after.start or after.start == edit.start))
        reach, prev_start = max(reach, edit.end), edit.start
        if not overlaps:
            keep.append(edit)
    return keep


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Return `text` with non-overlapping edits applied; nothing outside their spans changes."""
    out, pos = [], 0
    for edit in sorted(edits, key=lambda e: e.start):
        if edit.start < pos or text[edit.start : edit.end] != edit.old:
            raise ValueError(f"edit at {edit.start} overlaps another or no longer matches the text")
        out.append(text[pos : edit.start])
        out.append(edit.new)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


def unified_diff(path: str, old: str, new: str) -> str:
    """Return a unified diff of two versions of a text, `a/` and `b/` prefixed like git."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{path.lstrip('/')}", f"b/{path.lstrip('/')}"
    )
    out = []
    for line in lines:
        # A last line without a newline would glue onto the next diff line.
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


_BOM_CODECS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class FixError(Exception):
    """A fixed text cannot be written back faithfully."""


def write_fixed(path: Path, text: str, encoding: str) -> None:
    """Write `text` back atomically in the file's own encoding, byte order and line endings.

    Line endings need no work: the text was decoded without newline translation and
    edits never touch characters outside their spans. The file's mode is kept.
    """
    head = path.read_bytes()[:4]
    data, codec = text, encoding
    if encoding in ("utf-16", "utf-32"):
        # Python's generic codecs write the machine's byte order; keep the file's.
        for bom, exact in _BOM_CODECS:
            if head.startswith(bom):
                data, codec = "\ufeff" + text, exact
                break
    try:
        data.encode(codec)
    except UnicodeEncodeError as exc:
        raise FixError(f"{path}: the fix adds {exc.object[exc.start:exc.end]!r}, which {encoding} cannot encode") from None
    mode = path.stat().st_mode
    write_atomic(path, data, encoding=codec)
    os.chmod(path, mode & 0o7777)
