"""Reading and decoding input files: bytes in, text or a clear reason out."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# A valid multi-byte UTF-8 sequence: if a file holds these but still fails to decode,
# it is damaged UTF-8, not a legacy encoding, and guessing would invent text.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


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
        return Decoded(error="binary file (contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _UTF8_MULTIBYTE.search(data):
        return Decoded(error=f"invalid UTF-8 at byte {first_bad} (the file mixes UTF-8 with other bytes)")
    from charset_normalizer import from_bytes  # lazy: only legacy-encoded files need it

    best = from_bytes(data).best()
    if best is None:
        return Decoded(error=f"cannot decode: not UTF-8 (byte {first_bad}) and no encoding fits")
    return _checked(str(best), best.encoding)


def _checked(text: str, encoding: str) -> Decoded:
    """Reject decoded text that is empty or mostly control characters."""
    if not text.strip():
        return Decoded(encoding=encoding, error="empty file")
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text[:4096]) // 20):
        return Decoded(encoding=encoding, error="binary file (control characters)")
    return Decoded(text=text, encoding=encoding)


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Read and decode one file; every failure becomes a `Decoded` with an error."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Decoded(error=f"file too large: {size} bytes (limit {max_bytes}; see --max-bytes)")
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        return Decoded(error="file vanished before it could be read")
    except PermissionError:
        return Decoded(error="permission denied")
    except IsADirectoryError:
        return Decoded(error="is a directory")
    except OSError as exc:
        return Decoded(error=f"cannot read: {exc.strerror or exc}")
    if not data:
        return Decoded(error="empty file")
    return decode(data)
