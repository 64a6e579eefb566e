"""Finding input documents under the paths given on the command line."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

DEFAULT_SUFFIXES = (".txt", ".md")


@dataclass(frozen=True)
class Source:
    """One input document: where it is, how to show it, and where its report goes."""

    path: Path
    display: str  # as the user would type it: root joined with the relative path
    key: str  # relative path used for report file names; unique within a run
    source: str  # top-level folder below the root ("." for files directly in it)
    error: str = ""  # set when the entry cannot even be listed (e.g. a symlink loop)


def _safe(name: str) -> str:
    """Make a path printable even when the file name is not valid UTF-8."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


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
) -> Iterator[Source]:
    """Yield sources under each path in sorted order; files named directly are always taken."""
    roots = list(paths)
    prefix_roots = len(roots) > 1
    for root_arg in roots:
        root = Path(root_arg)
        label = _safe(root.name or root_arg.strip("/") or ".")
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames.sort()
                for name in sorted(filenames):
                    full = Path(dirpath) / name
                    rel = _safe(full.relative_to(root).as_posix())
                    if not _selected(rel, include, exclude, suffixes):
                        continue
                    key = f"{label}/{rel}" if prefix_roots else rel
                    top = rel.split("/", 1)[0] if "/" in rel else "."
                    error = ""
                    if full.is_symlink() and not full.exists():
                        error = "broken or looping symbolic link"
                    yield Source(full, _safe(str(full)), key, top, error)
        elif root.exists() or root.is_symlink():
            error = "" if root.exists() else "broken or looping symbolic link"
            yield Source(root, _safe(root_arg), label, ".", error)
        else:
            yield Source(root, _safe(root_arg), label, ".", "no such file or directory")
