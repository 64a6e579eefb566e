"""Turning scraped inputs into documents: HTML to text, JSON and JSON Lines to records."""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import Any, BinaryIO, Iterable, Iterator

from auditor.inputs.discover import Source
from auditor.inputs.reading import decode, read_bytes, read_error
from auditor.inputs.suppress import MARK as SUPPRESSION_MARK, parse_directives

HTML_SUFFIXES = (".html", ".htm")
RECORD_SUFFIXES = (".jsonl", ".json")

# Elements whose content is never prose a reader sees.
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object"})
# Elements that start a new line of text: one paragraph per line, as the checks expect.
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th",
        "title", "tr", "ul",
    }
)  # fmt: skip
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]*\n[ \t\r\f\v\n\u00a0]*")
_WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")
_RUNS = re.compile(r"[ \t\r\f\v]+")
_BAD_KEY_CHARS = re.compile(r"[\x00-\x1f\x7f/\\]")
MAX_ID_CHARS = 80
_SURROGATE = re.compile("[\ud800-\udfff]")
NESTING_ERROR = "nested too deeply"


class _TextCollector(HTMLParser):
    """Collect visible text, skipping script/style and breaking lines at block elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.preformatted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")
        if tag == "pre":
            self.preformatted += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")
        if tag == "pre":
            self.preformatted = max(0, self.preformatted - 1)

    def handle_comment(self, data: str) -> None:
        # Inline suppression directives stay in the text, in place, so that they work on HTML
        # as on text and Markdown; every other comment is markup nobody reads.
        if not self.skipping and data.lstrip().startswith(SUPPRESSION_MARK):
            comment = f"<!--{_WHITESPACE.sub(' ', data)}-->"
            if parse_directives(comment, plain=False):
                self.parts.append(comment)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            # Line breaks in HTML source are spaces, except inside <pre>.
            self.parts.append(data if self.preformatted else _WHITESPACE.sub(" ", data))


def html_to_text(html: str) -> str:
    """Return the visible text of an HTML page, one block element per line.

    Findings on an HTML input are positioned in this text, not in the markup: the
    extracted text is what a reader sees and what the report's excerpts quote.
    """
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = "".join(collector.parts)
    lines = (_RUNS.sub(" ", line).strip() for line in _SPACES.sub("\n", text).split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


@dataclass(frozen=True)
class Record:
    """One JSON record as a document: its id, its text, or why it cannot be audited."""

    index: int  # 1-based position of the record in its file
    id: str
    text: str = ""
    error: str = ""
    fields: tuple[tuple[str, str], ...] = ()  # --keep-field values, in the order asked
    site: str = ""  # the --source-field value: the record's source instead of its file's folder


@dataclass(frozen=True)
class RecordFields:
    """Which record fields a run keeps for the summary (--keep-field) and names its source by (--source-field)."""

    keep: tuple[str, ...] = ()
    source: str = ""


NO_FIELDS = RecordFields()


def field_text(value: Any) -> str:
    """A kept field's value as one cell: strings as they are, other JSON values as JSON, missing as empty."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


def without_surrogates(text: str) -> str:
    """Replace the lone surrogates that JSON's \\ud800 escapes can produce with U+FFFD.

    They are not characters: no encoder writes them, so a report holding one could not be
    saved. U+FFFD keeps offsets and is flagged as a replacement character.
    """
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def record_id(value: Any, index: int) -> str:
    """Make a record id safe for a report file name; fall back to the record's position."""
    if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
        safe = without_surrogates(_BAD_KEY_CHARS.sub("_", str(value).strip()))
        if safe in (".", ".."):
            safe = safe.replace(".", "_")
        return safe[:MAX_ID_CHARS]
    return str(index)


def parse_record(obj: Any, index: int, text_field: str, id_field: str, wanted: RecordFields = NO_FIELDS) -> Record:
    """Turn one decoded JSON value into a `Record`, with the fields a run wants; a missing text field is an error."""
    rec = _text_record(obj, index, text_field, id_field)
    if wanted is NO_FIELDS or not isinstance(obj, dict):
        return rec
    site = obj.get(wanted.source) if wanted.source else None
    return replace(rec, fields=tuple((name, field_text(obj.get(name))) for name in wanted.keep), site=site if isinstance(site, str) else "")


def _text_record(obj: Any, index: int, text_field: str, id_field: str) -> Record:
    """A record's id and text, or why it has none."""
    if not isinstance(obj, dict):
        return Record(index, str(index), error=f"record {index}: not a JSON object")
    rid = record_id(obj.get(id_field), index)
    text = obj.get(text_field)
    if not isinstance(text, str):
        what = "missing" if text is None else f"not a string ({type(text).__name__})"
        return Record(index, rid, error=f"record {index}: text field '{text_field}' is {what}")
    if not text.strip():
        return Record(index, rid, error=f"record {index}: empty text")
    return Record(index, rid, text=without_surrogates(text))


def jsonl_records(stream: BinaryIO, text_field: str, id_field: str, max_bytes: int, wanted: RecordFields = NO_FIELDS) -> Iterator[Record]:
    """Read JSON Lines one line at a time (memory bounded by `max_bytes` per line)."""
    index = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the oversized line
                raw = stream.readline(1 << 20)
            index += 1
            yield Record(index, str(index), error=f"record {index}: larger than {max_bytes} bytes (see --max-bytes)")
            continue
        if index == 0 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        if not raw.strip():
            continue
        index += 1
        try:
            obj = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield Record(index, str(index), error=f"record {index}: invalid UTF-8 at byte {exc.start} of its line")
        except ValueError as exc:
            yield Record(index, str(index), error=f"record {index}: invalid JSON: {exc}")
        except RecursionError:  # json's decoder recurses once per nesting level
            yield Record(index, str(index), error=f"record {index}: invalid JSON: {NESTING_ERROR}")
        else:
            yield parse_record(obj, index, text_field, id_field, wanted)


def json_records(text: str, text_field: str, id_field: str, wanted: RecordFields = NO_FIELDS) -> Iterator[Record]:
    """Parse a JSON file: a list of records, or one record; anything else is an error."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        yield Record(0, "", error=f"invalid JSON: {exc}")
        return
    except RecursionError:  # json's decoder recurses once per nesting level
        yield Record(0, "", error=f"invalid JSON: {NESTING_ERROR}")
        return
    items = data if isinstance(data, list) else [data]
    for index, obj in enumerate(items, 1):
        yield parse_record(obj, index, text_field, id_field, wanted)


def unique_ids(records: Iterator[Record]) -> Iterator[Record]:
    """Suffix repeated ids (`id~2`, `id~3`) so that no record's report overwrites another's."""
    seen: set[str] = set()
    for rec in records:
        rid, n = rec.id, 1
        while rid in seen:  # "dup", "dup", "dup~2": the third must not take the second's name
            n += 1
            rid = f"{rec.id}~{n}"
        seen.add(rid)
        yield rec if rid == rec.id else replace(rec, id=rid)


def _record_source(src: Source, rec: Record) -> Source:
    """A record as a document of its own, reported as `<file>#<id>`."""
    suffix = f"#{rec.id}" if rec.id else ""
    return replace(
        src, display=src.display + suffix, key=src.key + suffix, error=rec.error, text=rec.text, encoding="utf-8",
        source=rec.site or src.source, fields=rec.fields,
    )


def expand_records(
    sources: Iterable[Source], text_field: str, id_field: str, max_bytes: int, wanted: RecordFields = NO_FIELDS
) -> Iterator[Source]:
    """Replace each `.jsonl`/`.json` source by one source per record; pass others through.

    Records are split here, in the main process, so that the records of one big file are
    audited in parallel and memory stays bounded by one line, not by the file.
    """
    for src in sources:
        suffix = src.path.suffix.lower()
        if src.error or suffix not in RECORD_SUFFIXES:
            yield src
            continue
        if suffix == ".json":
            data, error = read_bytes(src.path, max_bytes)
            decoded = decode(data) if not error else None
            if decoded is None or decoded.error:
                yield replace(src, error=error or decoded.error)  # type: ignore[union-attr]
                continue
            records: Iterator[Record] = json_records(decoded.text, text_field, id_field, wanted)
            yield from (_record_source(src, rec) for rec in unique_ids(records))
            continue
        count = 0
        try:
            with src.path.open("rb") as fh:
                for rec in unique_ids(jsonl_records(fh, text_field, id_field, max_bytes, wanted)):
                    count += 1
                    yield _record_source(src, rec)
        except OSError as exc:  # unreadable, or vanished while being read: the rest is lost
            yield replace(src, error=read_error(exc) + (f" (after record {count})" if count else ""))
            continue
        if not count:
            yield replace(src, error="empty file (no records)")
