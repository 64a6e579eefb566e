"""What of a Markdown text is not prose: code, URLs and comments, never audited nor rewritten."""

from __future__ import annotations

from pathlib import PurePath

import regex

MARKDOWN_SUFFIXES = (".md", ".markdown")
MARKDOWN_NOTE = "Markdown: code, URLs and comments are not audited"

_NOT_PROSE = regex.compile(
    r"""
      ^[ ]{0,3}(?P<fence>`{3,}|~{3,})[^\n]*\n(?:.*?\n)??[ ]{0,3}(?P=fence)[`~]*[ \t]*(?:\n|\Z)  # fenced code block
    | ^[ ]{0,3}(?:`{3,}|~{3,}).*\Z                          # a fence never closed: code to the end
    | <!--.*?(?:-->|\Z)                                      # HTML comment
    | (?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)             # inline code, on one line
    | \]\([^)\n]*\)                                          # a link's target: ](url "title")
    | ^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S+[^\n]*                 # a reference definition: [id]: url
    | <[a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*>                      # autolink <https://…>
    | \b(?:https?|ftp)://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'"»]  # bare URL, without the sentence's last stop
    """,
    regex.VERBOSE | regex.MULTILINE | regex.DOTALL,
)


def markup_of(path: str | PurePath) -> str:
    """The markup a file's name announces: "markdown", or "text" for everything else."""
    # A path object already knows its suffix: building another from it parses it again.
    suffix = path.suffix if isinstance(path, PurePath) else PurePath(path).suffix
    return "markdown" if suffix.lower() in MARKDOWN_SUFFIXES else "text"


def not_prose(text: str, markup: str) -> tuple[tuple[int, int], ...]:
    """The (start, end) spans of `text` that are code, URLs or comments, in order; none for plain text."""
    if markup != "markdown" or not any(c in text for c in "`~<]:/"):
        return ()
    return tuple(m.span() for m in _NOT_PROSE.finditer(text))


def outside(spans: tuple[tuple[int, int], ...], start: int, end: int) -> bool:
    """Whether [start, end) touches none of the sorted `spans` (an empty finding at a span's edge is outside)."""
    for a, b in spans:
        if a >= end and not (start == end == a):
            break
        if start < b and a < end or (start == end and a < start < b):
            return False
    return True
