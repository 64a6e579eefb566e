"""Finding input documents under the paths given on the command line."""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Sequence

from auditor.inputs.reading import file_type, read_error

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
    fields: tuple[tuple[str, str], ...] = ()  # a record's --keep-field values


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


def _listing_error(path: Path, is_link: bool | None = None, roots: Sequence[str] | None = None) -> str:
    """Say why a listed entry cannot be read before even opening it ("" when it can).

    `is_link` is what the folder listing already says, sparing one lstat per file. With
    `roots` (the real paths of the scanned folders), a link that leads outside all of them
    is reported instead of followed: a scraped folder must not make auditor read, and copy
    into its reports, files the user never asked it to read.
    """
    if not _is_valid_name(str(path)):
        return "file name is not valid UTF-8 (shown with \\x escapes); rename the file to audit it"
    if not (path.is_symlink() if is_link is None else is_link):
        return ""
    try:
        st = path.stat()
    except FileNotFoundError:
        return "broken symbolic link"
    except OSError as exc:
        return "symbolic link loop" if exc.errno == errno.ELOOP else f"cannot follow symbolic link: {exc.strerror}"
    if roots is not None and not _inside(os.path.realpath(path), roots):
        return "symbolic link to a file outside the scanned folders, not followed (see --follow-symlinks)"
    if not stat.S_ISREG(st.st_mode):
        return f"not a regular file ({file_type(st.st_mode)})"
    return ""


def _inside(real: str, roots: Sequence[str]) -> bool:
    """True when the real path `real` lies in one of the real folders `roots`."""
    return any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def _entry_error(entry: os.DirEntry[str], full: Path, roots: Sequence[str] | None) -> str:
    """The listing error of a folder entry; special files (FIFOs, sockets) are never opened."""
    link = _is_link(entry)
    if not link:
        try:
            if not entry.is_file(follow_symlinks=False):
                return f"not a regular file ({file_type(entry.stat(follow_symlinks=False).st_mode)})"
        except OSError as exc:
            return read_error(exc)
    return _listing_error(full, link, roots)


def _selected(rel: str, include: Sequence[str], exclude: Sequence[str], suffixes: Sequence[str]) -> bool:
    """Apply include/exclude globs (matched against the relative path) and suffixes."""
    if any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(os.path.basename(rel), g) for g in exclude):
        return False
    if include:
        return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(os.path.basename(rel), g) for g in include)
    return rel.lower().endswith(tuple(suffixes))


def root_labels(roots: Sequence[str], full_keys: bool) -> list[str]:
    """Name each root in report keys: its last component, or its whole path when two would share one."""
    short = [_safe(Path(r).name or r.strip("/") or ".") for r in roots]
    full = [_safe(os.path.normpath(r).lstrip("/")) or "." for r in roots]
    if full_keys:
        return full
    clash = {label for label in short if short.count(label) > 1}
    return [f if s in clash else s for s, f in zip(short, full)]


def discover(
    paths: Iterable[str],
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    suffixes: Sequence[str] = DEFAULT_SUFFIXES,
    skip_dirs: Iterable[Path] = (),
    full_keys: bool = False,
    follow_symlinks: bool = False,
) -> Iterable[Source]:
    """Yield sources under each path in sorted order; files named directly are always taken.

    Hidden folders (`.git`, `.cache`) and the folders in `skip_dirs` (the report folder)
    are not descended into, so a scan of `.` does not audit its own reports. With
    `full_keys` (paths read from stdin) report names keep each path's folders, so that
    two listed files with the same name do not share a report. A folder that cannot be
    listed is an error row, never a silent gap. Links found in folders are followed only
    when they stay inside the scanned folders, unless `follow_symlinks`.
    """
    roots = list(paths)
    prefix_roots = len(roots) > 1
    found = _sources(roots, prefix_roots, include, exclude, suffixes, skip_dirs, full_keys, follow_symlinks)
    # Keys are unique within one folder; only several roots (or a path listed twice on
    # stdin) can repeat one, so only then is the memory of every key worth keeping.
    return unique_keys(found) if prefix_roots or full_keys else found


def unique_keys(sources: Iterable[Source]) -> Iterator[Source]:
    """Suffix a repeated key (`key~2`, `key~3`, skipping any already taken) so no report overwrites another."""
    seen: set[str] = set()
    for src in sources:
        key, n = src.key, 1
        while key in seen:
            n += 1
            key = f"{src.key}~{n}"
        seen.add(key)
        yield src if key == src.key else replace(src, key=key)


def _sources(
    roots: Sequence[str],
    prefix_roots: bool,
    include: Sequence[str],
    exclude: Sequence[str],
    suffixes: Sequence[str],
    skip_dirs: Iterable[Path],
    full_keys: bool,
    follow_symlinks: bool,
) -> Iterator[Source]:
    """Yield the sources of every root, in order, before keys are made unique."""
    skipped = {os.path.realpath(d) for d in skip_dirs}
    labels = root_labels(roots, full_keys)
    inside = None if follow_symlinks else [os.path.realpath(r) for r in roots if os.path.isdir(r)]
    for root_arg, label in zip(roots, labels):
        root = Path(root_arg)
        if root.is_dir():
            for folder, rel_folder, files, error in _walk(root, skipped):
                if error:
                    rel = _safe(rel_folder.rstrip("/")) or "."
                    key = f"{label}/{rel}" if prefix_roots and rel != "." else (label if rel == "." else rel)
                    top = rel.split("/", 1)[0] if rel != "." else "."
                    yield Source(folder, _safe(str(folder)), key, top, error)
                    continue
                for entry in files:
                    rel = _safe(rel_folder + entry.name)
                    if not _selected(rel, include, exclude, suffixes):
                        continue
                    full = folder / entry.name
                    key = f"{label}/{rel}" if prefix_roots else rel
                    top = rel.split("/", 1)[0] if "/" in rel else "."
                    yield Source(full, _safe(str(full)), key, top, _entry_error(entry, full, inside))
        elif root.exists() or root.is_symlink():
            yield Source(root, _safe(root_arg), label, ".", _listing_error(root))
        else:
            yield Source(root, _safe(root_arg), label, ".", "no such file or directory")


def _walk(root: Path, skipped: set[str]) -> Iterator[tuple[Path, str, list[os.DirEntry[str]], str]]:
    """Yield (folder, its path relative to the root with "/", its files, error) top-down, sorted.

    What os.walk(followlinks=False) yields, as entries: their type comes with the listing,
    where os.walk's names would cost an lstat per file. Hidden folders, `skipped` ones and
    links to folders are not descended into; an entry whose type cannot be told is a file.
    A folder that cannot be listed comes with its error and no files. An explicit stack,
    not recursion: a tree thousands of levels deep must not exhaust Python's stack.
    """
    stack: list[tuple[Path, str]] = [(root, "")]
    while stack:
        folder, rel = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            yield folder, rel, [], f"cannot list folder: {read_error(exc)}"
            continue
        files, folders = [], []
        for entry in entries:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            (folders if is_dir else files).append(entry)
        yield folder, rel, files, ""
        # Pushed in reverse, so that sub-folders come out in sorted order, each one's whole
        # subtree before the next: the same order as the recursive walk.
        for entry in reversed(folders):
            if entry.name.startswith(".") or os.path.realpath(entry.path) in skipped:
                continue
            stack.append((folder / entry.name, f"{rel}{entry.name}/"))


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
