"""A per-user folder for data derived at start-up that is costly to rebuild: parsed rule files.

Everything here is an optimisation: a folder that cannot be created, read or written is
ignored and the data is rebuilt, never reported as an error. Entries are keyed by a hash
of their inputs and of the package's own source, so a stale entry is never served.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import importlib
import os
import pickle
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping, TypeVar

T = TypeVar("T")

CACHE_ENV = "AUDITOR_CACHE_DIR"  # a folder, or empty to switch the user cache off
# Entries kept per kind, most recently used first: every code change or rule edit writes
# new entries, and the old ones would otherwise pile up. Callers storing large entries
# keep fewer (see `store`). The parsed rule files, some 30 small entries per version of the
# package, are kept for about eight versions: at 64, two checkouts of other versions run in
# turn (a bisection, worktrees, CI runners of several branches) evicted each other's, and
# every run parsed its rules again (1.7 s of CPU, three times a one-article check).
KEEP_DEFAULT = 256


def user_cache_dir() -> Path | None:
    """Return the cache folder: $AUDITOR_CACHE_DIR, else $XDG_CACHE_HOME/auditor, else ~/.cache/auditor."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "auditor"


def writable_dir() -> Path | None:
    """Return the cache folder when it exists or can be made and is writable, else None.

    For data worth building only if it can be kept: without a usable folder, every
    process would pay the build again.
    """
    folder = user_cache_dir()
    return folder if folder is not None and _usable(str(folder)) else None


@lru_cache(maxsize=8)
def _usable(folder: str) -> bool:
    """Whether a folder exists or can be created, and can be written (checked once per process)."""
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


@lru_cache(maxsize=1)
def package_digest() -> str:
    """Hash the package's own source, so that edited code never reads an entry written by older code."""
    root = Path(__file__).resolve().parent
    hasher = hashlib.blake2b(digest_size=16)
    for path in sorted(root.rglob("*.py")):
        hasher.update(path.relative_to(root).as_posix().encode() + b"\0")
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def entry_key(*parts: bytes | str) -> str:
    """Hash the inputs of an entry together with the package source."""
    return _hashed(package_digest(), parts)


def _hashed(source_digest: str, parts: tuple[bytes | str, ...]) -> str:
    """Hash the parts of an entry's key after the digest of the code that makes the entry."""
    hasher = hashlib.blake2b(source_digest.encode(), digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        # Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
        hasher.update(len(data).to_bytes(8, "little") + data)
    return hasher.hexdigest()


@lru_cache(maxsize=8)
def _source_digest(path: str) -> str:
    """Hash one module's source (read once per process)."""
    return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()


def module_entry_key(module_file: str, *parts: bytes | str) -> str:
    """Hash the inputs of an entry together with the source of the one module that builds and reads it.

    For a large entry that depends on no other code of the package: keyed by the whole
    package, every version (each checkout, each edit) would write its own copy.
    """
    return _hashed(_source_digest(module_file), parts)


def _entry_path(kind: str, key: str) -> Path | None:
    """Where an entry of `kind` lives, or None when the user cache is off."""
    folder = user_cache_dir()
    return None if folder is None else folder / kind / f"{key}.pickle"


def load(kind: str, key: str) -> Any | None:
    """Return the stored entry, or None when it is absent, unsafe to read or malformed.

    Plain unpickling runs code named in the file, and the folder may come from an
    environment variable: so the unpickler builds only allowlisted types (`_Restricted`),
    and an entry is read only when it is a regular file (not a link) owned by the user
    running the tool and writable by nobody else. Anything else, and any entry that fails
    to load, is a miss: the data is rebuilt.
    """
    path = _entry_path(kind, key)
    if path is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as fh:
            if not _trusted(os.fstat(fh.fileno())):
                return None
            value = _Restricted(fh).load()  # noqa: S301 - allowlisted types only, written by this user only
        os.utime(path)  # recently used: kept when older entries are pruned
        return value
    except Exception:  # a damaged or foreign entry of any shape is a miss, never a crash
        return None


# What an entry may construct besides plain values: numpy arrays, compiled regexes, and
# auditor's own frozen dataclasses and enums (Rule, Example, Context, Severity, gazetteer
# Entry...). Nothing else is ever looked up, so loading an entry cannot call os.system & co.
_ALLOWED = frozenset(
    {
        ("numpy", "dtype"),
        ("numpy._core.numeric", "_frombuffer"),
        ("numpy.core.numeric", "_frombuffer"),  # numpy < 2
        ("regex._regex", "compile"),
        ("auditor.model", "_proxy"),
    }
)


class _Restricted(pickle.Unpickler):
    """An unpickler that builds only the types the cache stores: a foreign entry is a miss, not code run."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED or (module.split(".")[0] == "auditor" and _data_type(module, name)):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a type the user cache stores")


def _data_type(module: str, name: str) -> bool:
    """Whether auditor's `module.name` is a dataclass or an enum (a constructor of data, not a function)."""
    try:
        obj = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return False
    return isinstance(obj, type) and (dataclasses.is_dataclass(obj) or issubclass(obj, enum.Enum))


def _trusted(st: os.stat_result) -> bool:
    """A regular file owned by the current user that no group or other user may write."""
    owner = os.geteuid() if hasattr(os, "geteuid") else st.st_uid
    return stat.S_ISREG(st.st_mode) and st.st_uid == owner and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def store(kind: str, key: str, value: Any, keep: int = KEEP_DEFAULT) -> None:
    """Store an entry atomically (private temporary file, rename), keep the `keep` most recently used of its kind; never raise."""
    path = _entry_path(kind, key)
    if path is None:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), 0o600)  # a leftover temporary file may have had another mode
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        return
    prune(path.parent, keep)


def memo(kind: str, parts: tuple[bytes | str, ...], build: Callable[[], T], valid: Callable[[Any], bool], keep: int = 4) -> T:
    """Return the value `build` makes from the inputs `parts` (a file's name and bytes), kept in the user cache.

    For tables that every process reads at start-up: an entry read back is used only when
    `valid` accepts it; anything else is built again (and stored, when the cache is usable).
    """
    key = entry_key(kind, *parts)
    cached = load(kind, key)
    if cached is not None and valid(cached):
        return cached
    value = build()
    store(kind, key, value, keep=keep)
    return value


def state_of(obj: Any, *skip: str) -> dict[str, Any]:
    """Return an object's attributes but `skip`: the tables of a compiled structure, for `store`."""
    return {k: v for k, v in vars(obj).items() if k not in skip}


def restored(cls: type[T], state: Mapping[str, Any], **attributes: Any) -> T:
    """Return a `cls` made from `state_of` attributes and `attributes`, without running its constructor again."""
    obj = cls.__new__(cls)
    vars(obj).update(state, **attributes)
    return obj


def prune(folder: Path, keep: int) -> None:
    """Delete all but the `keep` most recently used entries of a folder; failures are ignored."""
    try:
        entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[keep:]:
            old.unlink(missing_ok=True)
    except OSError:  # another process pruned or wrote meanwhile: the next store tries again
        pass
