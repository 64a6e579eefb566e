"""Property-based fuzzing of the whole audit: hostile texts, file names, JSON records and rule files never crash it.

Runs with a fixed seed and a small budget by default (CI); set AUDITOR_FUZZ_EXAMPLES=5000
for a longer local run. Properties: nothing raises; every finding's span lies inside the
text and holds its `text`; `line:col` agrees with the offsets (line breaks LF, CRLF, CR);
excerpts are one bounded line; terminal output has no control characters; CSV rows read
back as written; a broken rule file is a RuleError that names the file and line.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.cli import main
from auditor.document import Document
from auditor.reporters.csvfmt import csv_writer, finding_rows
from auditor.reporters.escape import terminal_safe
from auditor.reporters.pretty import PrettyReporter
from auditor.reporters.text import TextReporter
from auditor.ruleset.errors import RuleError
from auditor.ruleset.loader import load_ruleset, parse_file
from auditor.run.pipeline import Options, audit_text
from auditor.scanner import Engine

EXAMPLES = int(os.environ.get("AUDITOR_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
EXCERPT_CONTEXT = 40  # Document.excerpt's width on each side

# Pieces that exercise the rules and the hostile paths: names the rules know, quotes,
# every line break, decomposed accents, invisible and control characters, bidi overrides.
PIECES = [
    "Ilon Musk", "Il\u00adon Musk", "Elon Musk", "Tesla", "StarLink", "SpaceX", "Russes e\u0301leve\u0301s", "Russes élevés",
    "le masque", "Poutine", "Kremlin", "faire du sens", "le le", "de de", "«", "»", "« ", " »", "“", "”", '"', "'", "’",
    "\n", "\r\n", "\r", "\n\n", "\t", " ", "\u00a0", "\u202f", ". ", "! ", "? ", "…", "e\u0301", "\u0301", "\u00ad", "\u200b",
    "\u200d", "\ufeff", "\x1b]0;PWNED\x07", "\x1b[31m", "\x00", "\x7f", "\x85", "\u202e", "\u2066", "=cmd|calc!A0", "+1", "@x",
    "The company said on Monday that", "Der Präsident sagte", "https://example.com/a?b=c", "12,5 %", "1 000", "2021",
]
CHARS = st.characters(categories=["L", "M", "N", "P", "S", "Zs", "Cc", "Cf"], exclude_characters="\ud800")
TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), st.text(CHARS, max_size=6)), max_size=40).map("".join)
_BREAK = re.compile(r"\r\n?|\n")
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@lru_cache(maxsize=1)
def engine() -> Engine:
    """The built-in rules, compiled once for the whole module."""
    return Engine(load_ruleset())


def expected_position(text: str, offset: int) -> tuple[int, int]:
    """Line and column of an offset, computed independently of Document."""
    line, start = 1, 0
    for m in _BREAK.finditer(text, 0, offset):
        if m.end() <= offset:
            line, start = line + 1, m.end()
    return line, offset - start + 1


@FUZZ
@given(text=TEXTS)
def test_any_text_audits_cleanly(text: str) -> None:
    """Audit, score and render any text: spans inside, positions right, excerpts bounded, terminal output inert, CSV round-trips."""
    result = audit_text(text, engine(), Options(language="fr"), "doc.txt", "doc.txt")
    assert not result.error
    doc = Document(text)
    for f in result.findings:
        assert 0 <= f.start < f.end <= len(text), f
        assert f.text == text[f.start : f.end]
        assert (f.line, f.column) == expected_position(text, f.start) == doc.position(f.start)
        assert (f.end_line, f.end_column) == expected_position(text, f.end)
        assert "\n" not in f.excerpt and "\r" not in f.excerpt
        assert len(f.excerpt) <= (f.end - f.start) + 2 * EXCERPT_CONTEXT + 2
    for reporter in (TextReporter(io.StringIO()), PrettyReporter(io.StringIO(), color="never")):
        reporter.document(result, text)
        assert not _UNSAFE.search(reporter.stream.getvalue())
    buf = io.StringIO()
    rows = list(finding_rows(result))
    csv_writer(buf).writerows(rows)
    assert list(csv.reader(io.StringIO(buf.getvalue(), newline=""))) == [[str(c) for c in row] for row in rows]


@FUZZ
@given(name=st.text(st.characters(exclude_categories=["Cs"], exclude_characters="/\x00"), min_size=1, max_size=40))
def test_any_file_name_is_printed_inert(name: str) -> None:
    """A file name of any characters prints without controls and fills one CSV cell."""
    shown = terminal_safe(name)
    assert not _UNSAFE.search(shown) and "\n" not in shown
    buf = io.StringIO()
    csv_writer(buf).writerow([name, "x"])
    assert list(csv.reader(io.StringIO(buf.getvalue(), newline=""))) == [[name, "x"]]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXTS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
RECORDS = st.lists(st.dictionaries(st.sampled_from(["id", "text", "title", "x"]), JSON_VALUES, max_size=4), min_size=1, max_size=4)


@settings(FUZZ, max_examples=max(EXAMPLES // 5, 20))
@given(records=RECORDS, garbage=st.sampled_from(["", "{", "[1, 2]", "\x00\x01", "null", '"just a string"']))
def test_any_jsonl_batch_scans(tmp_path_factory: pytest.TempPathFactory, records: list[dict], garbage: str) -> None:
    """A JSONL file of odd records (and a broken line) gives a report, never a crash: exit 0, 1 or 3."""
    folder = tmp_path_factory.mktemp("jsonl")
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + ([garbage] if garbage else [])
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    out = folder / "out"
    code = main(["scan", str(folder / "batch.jsonl"), "--out", str(out), "-q", "--jobs", "1", "--lang", "fr", "--no-cache"])
    assert code in (0, 1, 4, 5)
    (run,) = [p for p in out.iterdir() if not p.name.startswith(".")]
    assert (run / "run.json").is_file()


RULE_KEYS = ["id", "kind", "category", "severity", "message", "languages", "examples", "pattern", "suggest", "replace", "fix", "context", "ignore_case", "prefilter", "check", "params", "swp"]
REGEX_PIECES = st.sampled_from(["a", "(", ")", "[", "]", "{", "}", "{2}", "{1000}", "{1001}", "*", "+", "?", "|", "\\", "\\b", "\\g<1>", "(?P<span>", "(?i)", "\\p{L}", ".", "^", "$", "[^x]", "(?=", "é"])
PATTERNS = st.lists(REGEX_PIECES, max_size=12).map("".join)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(CHARS, max_size=8), PATTERNS, st.sampled_from(["pattern", "substitution", "check", "minor", "major", "accuracy/entity", "fr", "auto", "fr.user.x"]))
YAML_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(RULE_KEYS + ["flag", "pass", "text"]), inner, max_size=4), max_leaves=12)
VALID_RULE = {
    "id": "fr.user.x", "kind": "pattern", "category": "accuracy/mistranslation", "severity": "minor", "languages": ["fr"],
    "message": "M.", "pattern": "aaa", "examples": {"flag": ["x [[aaa]] x"], "pass": ["x aa x"]},
}


# Raw YAML: anchors and aliases (recursive ones too), flow and block syntax, tags, stray indentation.
YAML_PIECES = st.sampled_from(["rules:", "\n", "\n  ", "- ", "&a ", "*a", "[", "]", "{", "}", ", ", ": ", "id: fr.x.y", "kind: ", "!!str ", "!!python/object ", "'", '"', "#", "---", "...", "pattern", "? "])
RAW_YAML = st.one_of(st.text(CHARS, max_size=60), st.lists(YAML_PIECES, max_size=25).map("".join))


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(RULE_KEYS), YAML_VALUES, max_size=4), pattern=PATTERNS, raw=RAW_YAML)
def test_any_rule_file_loads_or_names_file_and_line(changes: dict, pattern: str, raw: str) -> None:
    """A rule file with mutated keys, a random pattern, or random text either loads or raises a RuleError 'file[:line]: ...'."""
    rule = {**VALID_RULE, "pattern": pattern, **changes}
    for text in (yaml.safe_dump({"rules": [rule]}, allow_unicode=True), raw, "rules:\n  - " + raw):
        try:
            parse_file(text, "fuzz.yaml")
        except RuleError as exc:
            assert re.match(r"^fuzz\.yaml(:\d+)?: ", str(exc)), str(exc)
            assert len(str(exc)) < 2000


@FUZZ
@given(text=st.lists(st.one_of(st.sampled_from(PIECES), st.text(st.characters(categories=["L", "Cs", "Cc", "M"]), max_size=4)), max_size=20).map("".join))
def test_lone_surrogates_audit_and_print(text: str) -> None:
    """The pure API takes any str, lone surrogates included (decoding never makes them, callers may): audit and terminal rendering do not raise."""
    result = audit_text(text, engine(), Options(language="fr"), "doc.txt", "doc.txt")
    for f in result.findings:
        assert 0 <= f.start < f.end <= len(text) and f.text == text[f.start : f.end]
    reporter = TextReporter(io.StringIO())
    reporter.document(result, text)
