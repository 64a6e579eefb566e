"""One escaping for everything printed to a terminal or a text log: document text and file names are data, never commands."""

from __future__ import annotations

import re

# C0 controls except tab, DEL, C1 controls, and the bidirectional overrides and isolates
# that reorder what a reader sees (U+202A-U+202E, U+2066-U+2069). An escape sequence
# (ESC, CSI, OSC) could retitle or reprogram a terminal; a line break in a file name
# would start a line that CI logs read as a command (GitHub Actions' "::error::").
_UNSAFE_RE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape_char(m: re.Match[str]) -> str:
    """The visible escape of one unsafe character: \\n, \\r, \\x1b or \\u202e."""
    ch = m.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """Return `text` with control characters and bidi overrides shown as escapes, so printing it cannot act on a terminal or log."""
    if _UNSAFE_RE.search(text) is None:  # the common case: one C-speed scan, no copy
        return text
    return _UNSAFE_RE.sub(_escape_char, text)
