"""Safe fixes: apply only unambiguous `fix: auto` suggestions, each strictly inside its span."""

from __future__ import annotations

import codecs
import difflib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from auditor.reporters.atomic import deferred_signals
from auditor.model import Finding


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] (which must equal `old`) with `new`."""

    start: int
    end: int
    old: str
    new: str
    rule_id: str


# French determiners: a suggestion that starts with one replaces the determiner before the
# span, never follows it ("son [monde]" -> "son la paix"). "de"/"à" contract with le/les.
_DETERMINERS = frozenset(
    "le la les l' un une des du au aux son sa ses leur leurs mon ma mes ton ta tes notre nos votre vos ce cet cette ces".split()
)
_CONTRACTING = {"de": ("le", "les"), "à": ("le", "les")}
_WORD_BEFORE = re.compile(r"(\w+['’]?)\s*$")
_FIRST_WORD = re.compile(r"\w+['’]?|\S")


def fits_site(text: str, start: int, suggestion: str) -> bool:
    """False when `suggestion`, put at `start`, would follow a determiner with another ("son la paix") or need a
    contraction ("de le président"): such a fix must take the word before it into its span, or not be applied."""
    first = _FIRST_WORD.match(suggestion)
    if first is None:
        return True
    head = first.group().lower().replace("’", "'")
    if head not in _DETERMINERS:
        return True
    before = _WORD_BEFORE.search(text, max(0, start - 20), start)
    if before is None:
        return True
    prev = before.group(1).lower().replace("’", "'")
    return prev not in _DETERMINERS and head not in _CONTRACTING.get(prev, ())


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
    """A fixed text cannot be written back faithfully, or the file changed or cannot be written."""


_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _signature(st: os.stat_result) -> tuple[int, ...]:
    """What changes when a file is edited or replaced: device, inode, size, modification time."""
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def write_fixed(path: Path, text: str, encoding: str, original: str | None = None) -> None:
    """Write `text` back in the file's own encoding, byte order and line endings; raise FixError when it cannot be done faithfully.

    Line endings need no work: the text was decoded without newline translation and
    edits never touch characters outside their spans. `original` is the text that was
    checked: a file that no longer holds it was edited meanwhile and is left alone. A
    symbolic link is written through (the link stays, its target is fixed). A file with
    other hard links, or owned by another user, is rewritten in place, as black and ruff
    do, so that its links, owner and mode stay; any other file is replaced atomically by
    a temporary file that has the file's mode before it holds a byte.
    """
    target = os.path.realpath(path)
    try:
        with open(target, "rb") as fh:
            before = os.fstat(fh.fileno())
            current = fh.read()
    except OSError as exc:
        raise FixError(f"{path}: cannot read it again: {exc.strerror or exc}") from None
    if original is not None:
        from auditor.inputs.reading import decode  # the same decoding as the check

        if decode(current).text != original:
            raise FixError(f"{path}: changed since it was checked")
    data, codec = text, encoding
    if encoding in ("utf-16", "utf-32"):
        # Python's generic codecs write the machine's byte order; keep the file's.
        for bom, exact in _BOM_CODECS:
            if current.startswith(bom):
                data, codec = "\ufeff" + text, exact
                break
    try:
        payload = data.encode(codec)
    except UnicodeEncodeError as exc:
        raise FixError(f"{path}: the fix adds {exc.object[exc.start:exc.end]!r}, which {encoding} cannot encode") from None
    try:
        with deferred_signals():
            if before.st_nlink > 1 or before.st_uid != os.geteuid():
                _rewrite_in_place(target, payload, before)
            else:
                _replace(target, payload, before)
    except _Changed:
        raise FixError(f"{path}: changed since it was checked") from None
    except OSError as exc:
        raise FixError(f"{path}: cannot write: {exc.strerror or exc}") from None


class _Changed(Exception):
    """The file's signature changed between reading and writing."""


def _rewrite_in_place(target: str, payload: bytes, before: os.stat_result) -> None:
    """Overwrite the file's own inode: links, owner and mode stay (not atomic; an interruption can leave it cut)."""
    fd = os.open(target, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    try:
        if _signature(os.fstat(fd)) != _signature(before):
            raise _Changed()
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
        os.ftruncate(fd, len(payload))
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace(target: str, payload: bytes, before: os.stat_result) -> None:
    """Write a temporary file beside the target with its mode (and group) set first, then rename it over the target if unchanged."""
    folder, name = os.path.split(target)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.fix.tmp")
    fd = os.open(tmp, _TEMP_FLAGS, 0o600)  # never readable by others, even for an instant
    try:
        try:
            os.fchmod(fd, stat.S_IMODE(before.st_mode))
            if before.st_gid != os.getegid():
                try:
                    os.fchown(fd, -1, before.st_gid)
                except OSError:  # not a member of the group: the folder's default stays
                    pass
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        # An edit made while the fixes were computed would be lost by the rename.
        if _signature(os.stat(target)) != _signature(before):
            raise _Changed()
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
