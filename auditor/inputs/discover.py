"""Finding input documents under the paths given on the command line."""

from __future__ import annotations

import errno
import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Sequence

DEFAULT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".json")


@dataclass(frozen=True)
class Source:
    """One input document: where it is, how to show it, and where its report goes."""

    path: Path
    display: str  # as the user would type it: root joined with the relative path
    key: str  # relative path used for report file names; unique within a run
    source: str  # top-level folder below the root ("." for files directly in it)
    error: str = ""  # set when the entry cannot even be listed (e.g. a symlink loop)
    text: str | None = None  # set for a JSON record: its text, already extracted
    encoding: str = ""  # how `text` was decoded, for records


def _safe(name: str) -> str:
    """Make a path printable even when the file name is not valid UTF-8 (\\xNN escapes)."""
    if name.isascii():  # the common case, and undecodable bytes are never ASCII
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _is_valid_name(name: str) -> bool:
    """True when a name decoded from the file system holds no undecodable bytes."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _listing_error(path: Path, is_link: bool | None = None) -> str:
    """Say why a listed entry cannot be read before even opening it ("" when it can).

    `is_link` is what the folder listing already says, sparing one lstat per file.
    """
    if not _is_valid_name(str(path)):
        return "file name is not valid UTF-8 (shown with \\x escapes); rename the file to audit it"
    if path.is_symlink() if is_link is None else is_link:
        try:
            path.stat()
        except FileNotFoundError:
            return "broken symbolic link"
        except OSError as exc:
            return "symbolic link loop" if exc.errno == errno.ELOOP else f"cannot follow symbolic link: {exc.strerror}"
    return ""


def _selected(rel: str, include: Sequence[str], exclude: Sequence[str], suffixes: Sequence[str]) -> bool:
    """Apply include/exclude globs (matched against the relative path) and suffixes."""
    if any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(os.path.basename(rel), g) for g in exclude):
        return False
    if include:
        return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(os.path.basename(rel), g) for g in include)
    return rel.lower().endswith(tuple(suffixes))


def discover(
    paths: Iterable[str],
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    suffixes: Sequence[str] = DEFAULT_SUFFIXES,
    skip_dirs: Iterable[Path] = (),
    full_keys: bool = False,
) -> Iterator[Source]:
    """Yield sources under each path in sorted order; files named directly are always taken.

    Hidden folders (`.git`, `.cache`) and the folders in `skip_dirs` (the report folder)
    are not descended into, so a scan of `.` does not audit its own reports. With
    `full_keys` (paths read from stdin) report names keep each path's folders, so that
    two listed files with the same name do not share a report.
    """
    roots = list(paths)
    prefix_roots = len(roots) > 1
    skipped = {os.path.realpath(d) for d in skip_dirs}
    for root_arg in roots:
        root = Path(root_arg)
        label = _safe(root.name or root_arg.strip("/") or ".")
        if full_keys:
            label = _safe(os.path.normpath(root_arg).lstrip("/")) or "."
        if root.is_dir():
            for folder, rel_folder, files in _walk(root, "", skipped):
                for entry in files:
                    rel = _safe(rel_folder + entry.name)
                    if not _selected(rel, include, exclude, suffixes):
                        continue
                    full = folder / entry.name
                    key = f"{label}/{rel}" if prefix_roots else rel
                    top = rel.split("/", 1)[0] if "/" in rel else "."
                    yield Source(full, _safe(str(full)), key, top, _listing_error(full, _is_link(entry)))
        elif root.exists() or root.is_symlink():
            yield Source(root, _safe(root_arg), label, ".", _listing_error(root))
        else:
            yield Source(root, _safe(root_arg), label, ".", "no such file or directory")


def _walk(folder: Path, rel: str, skipped: set[str]) -> Iterator[tuple[Path, str, list[os.DirEntry[str]]]]:
    """Yield (folder, its path relative to the root with "/", its files) top-down, in sorted order.

    What os.walk(followlinks=False) yields, as entries: their type comes with the listing,
    where os.walk's names would cost an lstat per file. Hidden folders, `skipped` ones and
    links to folders are not descended into; an entry whose type cannot be told is a file.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return
    files, folders = [], []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        (folders if is_dir else files).append(entry)
    yield folder, rel, files
    for entry in folders:
        if entry.name.startswith(".") or os.path.realpath(entry.path) in skipped or _is_link(entry):
            continue
        yield from _walk(folder / entry.name, f"{rel}{entry.name}/", skipped)


def _is_link(entry: os.DirEntry[str]) -> bool:
    """True when a listed entry is a symbolic link."""
    try:
        return entry.is_symlink()
    except OSError:
        return False


def paths_from_lines(stream: BinaryIO) -> Iterator[str]:
    """Yield the paths listed one per line (for `auditor scan -`), as file-system strings."""
    for raw in stream:
        line = raw.rstrip(b"\r\n")
        if line.strip():
            yield os.fsdecode(line)
