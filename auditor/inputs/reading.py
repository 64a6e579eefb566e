"""Reading and decoding input files: bytes in, text or a clear reason out."""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# A file changed this recently may change again within the same timestamp tick (FAT keeps
# 2-second times, Linux updates them once per clock tick): its stat signature cannot vouch
# for its content yet. The same rule as git's "racily clean" index entries.
RACY_NS = 2_000_000_000

# A valid multi-byte UTF-8 sequence: if a file holds these but still fails to decode,
# it is damaged UTF-8, not a legacy encoding, and guessing would invent text.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Control characters other than \t \n \r \f, as the bytes that encode them in UTF-8: a byte
# below 0x80 is never part of a longer sequence, so deleting these bytes from the encoded text
# (bytes.translate, in C) counts the characters, at a fraction of a regex scan's cost.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)])
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# Characters a Western European (French, Spanish, German...) cp1252 text is made of. When
# the whole file decodes to these, cp1252 is the answer: statistical detectors often pick
# cp1250 for short French text and turn "à" into "ŕ".
_WESTERN = frozenset(
    "\t\n\r\f" + "".join(chr(c) for c in range(32, 127))
    + "\u00a0àâäáãåæçéèêëíìîïñóòôöõøœßúùûüýÿÀÂÄÁÃÅÆÇÉÈÊËÍÌÎÏÑÓÒÔÖÕØŒÚÙÛÜÝŸ"
    + "«»€‘’“”–—…°·§©®™•ºª¡¿£¥¢±×÷½¼¾"
)  # fmt: skip


def _as_western(data: bytes) -> str | None:
    """Decode as cp1252 when that yields only Western European text, else None."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return text if all(ch in _WESTERN for ch in set(text)) else None


@dataclass(frozen=True)
class Decoded:
    """The text of a file and the encoding it was decoded with, or the reason it was not."""

    text: str = ""
    encoding: str = ""
    error: str = ""


def decode(data: bytes) -> Decoded:
    """Decode file bytes: BOMs, then UTF-8, then a detected legacy encoding; never raise."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(codec), codec)
            except UnicodeDecodeError as exc:
                return Decoded(error=f"invalid {codec} after its byte-order mark at byte {exc.start}")
    if b"\x00" in data[:8192]:
        codec = _bomless_utf16(data)
        if codec:
            try:
                return _checked(data.decode(codec), codec)
            except UnicodeDecodeError:
                pass
        return Decoded(error="binary file (contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _UTF8_MULTIBYTE.search(data):
        return Decoded(error=f"invalid UTF-8 at byte {first_bad} (the file mixes UTF-8 with other bytes)")
    western = _as_western(data)
    if western is not None:
        return _checked(western, "cp1252")
    from charset_normalizer import from_bytes  # lazy: only legacy-encoded files need it

    best = from_bytes(data).best()
    if best is None:
        return Decoded(error=f"cannot decode: not UTF-8 (byte {first_bad}) and no encoding fits")
    return _checked(str(best), best.encoding)


def _bomless_utf16(data: bytes) -> str:
    """Name the UTF-16 byte order of text saved without a byte-order mark, or "".

    Latin-script text in UTF-16 has a NUL as the high byte of nearly every character: on
    the odd bytes for little-endian, on the even ones for big-endian. Binary files do not
    keep that pattern, and an odd length cannot be UTF-16 at all.
    """
    head = data[:8192]
    if len(data) % 2 or len(head) < 4:
        return ""
    even, odd = head[0::2], head[1::2]
    pairs = len(head) // 2
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.6 * pairs and other.count(0) <= 0.05 * pairs:
            return codec
    return ""


def _checked(text: str, encoding: str) -> Decoded:
    """Reject decoded text that is empty or mostly control characters."""
    if not text or text.isspace():  # the same test as `not text.strip()`, without copying the text
        return Decoded(encoding=encoding, error="empty file")
    head = text[:4096]
    encoded = head.encode("utf-8", "surrogatepass")
    controls = len(encoded) - len(encoded.translate(None, _CONTROL_BYTES))
    if controls > max(8, len(head) // 20):
        return Decoded(encoding=encoding, error="binary file (control characters)")
    return Decoded(text=text, encoding=encoding)


def read_error(exc: OSError) -> str:
    """Say in a few words why a file could not be read."""
    if isinstance(exc, FileNotFoundError):
        return "file vanished before it could be read"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    return f"cannot read: {exc.strerror or exc}"


def file_type(mode: int) -> str:
    """Name a non-regular file's type for an error row."""
    for test, name in ((stat.S_ISFIFO, "named pipe"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISDIR, "directory")):
        if test(mode):
            return name
    return "special file"


# O_NONBLOCK: opening a named pipe for reading would otherwise wait for a writer forever.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _read_all(fd: int, size: int, limit: int) -> bytes:
    """Read an open regular file to its end, or to `limit` bytes: one read when it still has `size` bytes.

    Asking for one byte more than the stat size and getting exactly `size` back is the end
    of the file: two system calls and a buffer of the file's size, where a buffered reader
    adds four calls and maps a buffer of `limit` bytes (10 MB) for every file. A file that
    grew since the stat, or one whose size the stat does not tell (procfs), is read on.
    """
    data = os.read(fd, min(size + 1, limit))
    if len(data) == size:
        return data
    parts = [data]
    total = len(data)
    while total < limit:
        chunk = os.read(fd, min(limit - total, 1 << 20))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes, str]:
    """Read one regular file's bytes within the size cap; return (data, error) and never raise.

    The type is checked on the opened descriptor, so a file swapped for a named pipe or a
    device after discovery is refused rather than read forever.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return b"", f"not a regular file ({file_type(st.st_mode)})"
            if st.st_size > max_bytes:
                return b"", f"file too large: {st.st_size} bytes (limit {max_bytes}; see --max-bytes)"
            data = _read_all(fd, st.st_size, max_bytes + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        return b"", read_error(exc)
    if len(data) > max_bytes:  # the file grew between stat and read
        return b"", f"file too large: over {max_bytes} bytes (limit {max_bytes}; see --max-bytes)"
    if not data:
        return b"", "empty file"
    return data, ""


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Read and decode one file; every failure becomes a `Decoded` with an error."""
    data, error = read_bytes(path, max_bytes)
    if error:
        return Decoded(error=error)
    return decode(data)


def file_location(path: Path) -> str:
    """Name a file for the cache: absolute, so that runs started from other folders agree."""
    return os.path.abspath(path)


def signature(st: os.stat_result) -> str:
    """What identifies a file's content without reading it: device, inode, size, mtime and ctime.

    ctime cannot be set by users, so a file edited in place and given back its old mtime
    (`touch -d`, an editor keeping times) still gets a new signature; so does a file
    replaced by a rename (new inode).
    """
    return f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def stable_signature(path: Path) -> str:
    """The signature of a regular file about to be read, or "" when it changed too recently to trust.

    Taken before reading: an edit made after this call gets a later timestamp than the
    signature holds, so the signature can never match the edited file.
    """
    now = time.time_ns()
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return ""
    if not stat.S_ISREG(st.st_mode) or now - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS:
        return ""
    return signature(st)
