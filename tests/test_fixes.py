"""Safe fixes: only unambiguous `fix: auto` suggestions, never overlapping, nothing outside spans,
written back atomically in the file's own encoding and line endings."""

from __future__ import annotations

import codecs
import os

import pytest
from surfaces import FIXED, run_cli

from auditor.fixes import Edit, apply_edits, safe_edits, write_fixed
from auditor.model import Finding, Severity


def finding(start: int, end: int, text: str, suggestions: tuple[str, ...], fix: bool = True, rule: str = "r") -> Finding:
    """A minimal finding for the fix logic."""
    return Finding(rule, "accuracy/entity", Severity.MAJOR, "m", start, end, 1, start + 1, 1, end + 1, text, text, suggestions, fix)


def test_only_fix_findings_with_one_suggestion_become_edits():
    text = "Ilon Musk et le masque et supercrets"
    findings = [
        finding(0, 9, "Ilon Musk", ("Elon Musk",)),
        finding(16, 22, "masque", ("Musk",), fix=False),  # a guess stays a suggestion
        finding(26, 36, "supercrets", ("ultrasecrets", "top secret")),  # ambiguous
    ]
    assert safe_edits(findings, text) == [Edit(0, 9, "Ilon Musk", "Elon Musk", "r")]


def test_overlapping_fixes_are_both_dropped_and_others_kept():
    text = "abcdefghij"
    findings = [
        finding(0, 4, "abcd", ("X",), rule="a"),
        finding(2, 6, "cdef", ("Y",), rule="b"),
        finding(1, 2, "b", ("Z",), rule="c"),  # inside the first
        finding(8, 9, "i", ("I",), rule="d"),
    ]
    assert [e.rule_id for e in safe_edits(findings, text)] == ["d"]


def test_two_insertions_at_one_point_have_no_safe_order():
    findings = [finding(3, 3, "", ("x",), rule="a"), finding(3, 3, "", ("y",), rule="b")]
    assert safe_edits(findings, "abcdef") == []


def test_stale_findings_are_not_applied():
    assert safe_edits([finding(0, 4, "Ilon", ("Elon",))], "Elon Musk") == []


def test_apply_changes_nothing_outside_the_spans():
    text = "« Ilon Musk », dit-il.\r\nIlon Musk\r\n"
    edits = safe_edits([finding(2, 11, "Ilon Musk", ("Elon Musk",)), finding(24, 33, "Ilon Musk", ("Elon Musk",))], text)
    assert apply_edits(text, edits) == "« Elon Musk », dit-il.\r\nElon Musk\r\n"
    with pytest.raises(ValueError):
        apply_edits(text, [Edit(0, 4, "nope", "x", "r")])


@pytest.mark.parametrize(
    "encoding, raw_prefix",
    [
        ("utf-8", b""),
        ("utf-8-sig", codecs.BOM_UTF8),
        ("utf-16", codecs.BOM_UTF16_BE),  # big-endian must stay big-endian on any machine
        ("utf-16", codecs.BOM_UTF16_LE),
    ],
)
def test_write_keeps_encoding_bom_and_crlf(tmp_path, encoding, raw_prefix):
    codec = {codecs.BOM_UTF16_BE: "utf-16-be", codecs.BOM_UTF16_LE: "utf-16-le"}.get(raw_prefix, "utf-8")
    path = tmp_path / "a.txt"
    path.write_bytes(raw_prefix + "Le service StarLink.\r\nFin é.\r\n".encode(codec))
    os.chmod(path, 0o640)
    write_fixed(path, "Le service Starlink.\r\nFin é.\r\n", encoding)
    assert path.read_bytes() == raw_prefix + "Le service Starlink.\r\nFin é.\r\n".encode(codec)
    assert oct(path.stat().st_mode & 0o777) == oct(0o640)


def test_check_write_applies_fixes_and_reports_what_remains(capsys, tmp_path):
    path = tmp_path / "crlf.txt"
    original = "Hier, Ilon Musk a parlé.\r\nLe masque et StarLink.\r\n".encode("cp1252")
    path.write_bytes(original)
    code, out, err = run_cli(capsys, "check", str(path), "--write", *FIXED)
    assert path.read_bytes() == "Hier, Elon Musk a parlé.\r\nLe masque et Starlink.\r\n".encode("cp1252")
    assert err == f"{path}: applied 2 safe fixes\n"
    # What remains: findings without a safe fix (a guess, a finding with no suggestion).
    assert [line for line in out.splitlines() if "[" in line] == [
        f"{path}:1:12: minor [t.cross] Crossing span for the overlap test.",
        f"{path}:2:4: major [t.guess.masque] Maybe a name translated as a noun.",
    ]
    assert code == 0
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind
