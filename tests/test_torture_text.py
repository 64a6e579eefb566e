"""Hostile text: CSV cells that cannot split rows or run formulas, old Mac line ends, and terminal output that cannot act on a terminal or a CI log.

Issue #16 items 4 (CSV formula injection through bare CRs; lone-CR documents) and 9
(terminal and log injection). Each test also checks that the good documents of the
same batch are reported.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.document import Document
from auditor.reporters.csvfmt import csv_writer, safe_cell
from auditor.reporters.escape import terminal_safe

GOOD = "Le patron de Tesla, Ilon Musk, a parlé hier soir devant la presse à Paris.\n"
CR_NAME = "\r=cr.txt"


def report_rows(out: Path, name: str) -> list[list[str]]:
    """The rows of one report CSV of the only run in `out`, as a CSV reader sees them."""
    (run,) = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".") and not p.is_symlink()]
    with (run / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    """A folder with a lone-CR document hiding a formula line, a file whose name starts with CR and '=', and a good document."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "doc.txt").write_bytes("Tesla: Ilon Musk a parlé.\r=cmd|calc!A0\r".encode())
    (folder / CR_NAME).write_text(GOOD, encoding="utf-8")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


def test_csv_cells_with_cr_are_quoted_and_formulas_neutralised(batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No CR in a cell starts a row; a formula after a line break gets its apostrophe; the good document is reported."""
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    assert main(["scan", "in", "--out", "out", "-q", "--jobs", "1", "--lang", "fr", "--fail-on", "never"]) == 0
    summary = report_rows(out, "summary.csv")
    assert [r[0] for r in summary] == ["path", f"in/\r'=cr.txt", "in/doc.txt", "in/good.txt"]
    assert [r[7] for r in summary[1:]] == ["1", "1", "1"]  # one major finding each
    findings = report_rows(out, "findings.csv")
    header = findings[0]
    rows = [dict(zip(header, r)) for r in findings[1:]]
    assert [(r["path"], r["line"], r["column"], r["excerpt"]) for r in rows] == [
        ("in/\r'=cr.txt", "1", "21", "Le patron de Tesla, Ilon Musk, a parlé hier soir devant la presse à P…"),
        ("in/doc.txt", "1", "8", "Tesla: Ilon Musk a parlé."),  # one line: the CR ended it
        ("in/good.txt", "1", "21", "Le patron de Tesla, Ilon Musk, a parlé hier soir devant la presse à P…"),
    ]


def test_csv_writer_quotes_bare_cr_and_keeps_lf_row_ends() -> None:
    """csv's QUOTE_MINIMAL with lineterminator "\\n" leaves a bare CR unquoted; the report writer does not."""
    buf = io.StringIO()
    csv_writer(buf).writerow([safe_cell(v) for v in ("a\r=cmd|calc!A0", "b\n+1", "plain", "-2", 3)])
    assert buf.getvalue() == "\"a\r'=cmd|calc!A0\",\"b\n'+1\",plain,'-2,3\n"
    assert list(csv.reader(io.StringIO(buf.getvalue(), newline=""))) == [["a\r'=cmd|calc!A0", "b\n'+1", "plain", "'-2", "3"]]


@pytest.mark.parametrize(
    ("text", "lines", "paragraphs"),
    [
        ("un\rdeux\r\ntrois\nquatre", ((0, 2), (3, 7), (9, 14), (15, 21)), ((0, 2), (3, 7), (9, 14), (15, 21))),
        ("un\r\rdeux\r", ((0, 2), (3, 3), (4, 8), (9, 9)), ((0, 2), (4, 8))),
        ("un\n\ndeux\n", ((0, 2), (3, 3), (4, 8), (9, 9)), ((0, 2), (4, 8))),
        # Without a CR the lines are cut at each LF without a loop (Document.lines): the edges.
        ("", ((0, 0),), ()),
        ("seul", ((0, 4),), ((0, 4),)),
        ("\n\nx", ((0, 0), (1, 1), (2, 3)), ((2, 3),)),
        (" un \n\t\n deux", ((0, 4), (5, 6), (7, 12)), ((1, 3), (8, 12))),
    ],
)
def test_cr_lf_and_crlf_all_end_lines(text: str, lines: tuple, paragraphs: tuple) -> None:
    """Old Mac (CR), Windows (CRLF) and Unix (LF) line ends split lines and paragraphs alike; offsets stay exact."""
    doc = Document(text)
    assert doc.lines == lines
    assert doc.paragraphs == paragraphs
    for number, (start, end) in enumerate(lines, 1):
        assert doc.position(start) == (number, 1)
        assert doc.line_span(start) == (start, end)


def test_lone_cr_findings_have_their_own_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A finding on the third CR-ended line is reported at line 3, not line 1."""
    path = tmp_path / "mac.txt"
    path.write_bytes("Un titre.\rDeuxième ligne.\rLe patron, Ilon Musk, parle.\r".encode())
    assert main(["scan", str(path), "--format", "text", "-q", "--jobs", "1", "--lang", "fr", "--no-cache"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith(f"{path}:3:12: major [fr.entity.known.ilon-musk] ")


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b]0;PWNED\x07", "\\x1b]0;PWNED\\x07"),
        ("a\n::error::x", "a\\n::error::x"),
        ("tab\tkept\r", "tab\tkept\\r"),
        ("\x7f\x85\x9b", "\\x7f\\x85\\x9b"),
        ("abc\u202edcba\u2066\u2069", "abc\\u202edcba\\u2066\\u2069"),
        ("Élodie « ok » — fin", "Élodie « ok » — fin"),
    ],
)
def test_terminal_safe(raw: str, shown: str) -> None:
    """C0 controls but tab, DEL, C1 and bidi overrides are shown as escapes; everything else is untouched."""
    assert terminal_safe(raw) == shown


HOSTILE = "Le patron, Ilon Musk, \x1b]0;PWNED\x07a parlé.\n"
NEWLINE_NAME = "a\n::error::injected.txt"


@pytest.mark.parametrize("command", [["check", "--color", "never"], ["scan", "--format", "text", "-q", "--jobs", "1", "--no-cache"]])
def test_printed_text_and_names_are_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    """An OSC sequence in the text and a newline in a file name reach the terminal as escapes; the good document is still reported."""
    (tmp_path / NEWLINE_NAME).write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    files = [str(tmp_path / NEWLINE_NAME), str(tmp_path / "good.txt")]
    main([command[0], *files, *command[1:], "--lang", "fr", "--fail-on", "never"])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert not any(line.startswith("::") for line in out.splitlines())
    shown = terminal_safe(str(tmp_path / NEWLINE_NAME))
    assert f"{shown}:1:12: major" in out or f"{shown}:1:12:" in out
    assert f"{tmp_path / 'good.txt'}:1:21:" in out
    if command[0] == "check":
        # The excerpt is escaped, and the underline still sits under "Ilon Musk".
        lines = out.splitlines()
        at = next(i for i, line in enumerate(lines) if "\\x1b]0;PWNED\\x07" in line)
        assert lines[at + 1].index("^") - lines[at].index("Ilon") == 0
        assert lines[at + 1].count("^") == len("Ilon Musk")


NFD = "Les Russes e\u0301leve\u0301s ont vu Il\u00adon Musk hier.\n"


def test_decomposed_accents_and_soft_hyphens_do_not_hide_mistakes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """NFD accents and a soft hyphen inside a name are matched as if composed and absent; spans, columns and texts point into the original."""
    path = tmp_path / "nfd.txt"
    path.write_text(NFD, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    assert main(["scan", str(path), str(good), "--format", "text", "-q", "--jobs", "1", "--lang", "fr", "--no-cache", "--fail-on", "never"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" [")[0] + " [" + line.split(" [")[1].split("]")[0] for line in lines[:3]] == [
        f"{path}:1:5: major [fr.literal.russes-eleves",
        f"{path}:1:28: major [fr.entity.known.ilon-musk",
        f"{good}:1:21: major [fr.entity.known.ilon-musk",
    ]


def test_matching_view_maps_spans_back_exactly() -> None:
    """Findings on the matching view carry the original characters, marks and soft hyphen included."""
    from auditor.ruleset.loader import load_ruleset
    from auditor.scanner import Engine, audit

    result = audit(Document(NFD, language="fr"), Engine(load_ruleset()).for_language("fr"))
    assert [(f.rule_id, f.start, f.end, f.text, f.column) for f in result.findings] == [
        ("fr.literal.russes-eleves", 4, 19, "Russes e\u0301leve\u0301s", 5),
        ("fr.entity.known.ilon-musk", 27, 37, "Il\u00adon Musk", 28),
    ]


@pytest.mark.parametrize(
    ("text", "view"),
    [
        ("e\u0301te\u0301", "été"),
        ("Il\u00adon\u200b Mu\u200d\u2060sk\ufeff", "Ilon Musk"),
        ("déjà composé", None),
        ("\u0301 lone mark", None),
    ],
)
def test_matching_text(text: str, view: str | None) -> None:
    """Composition and removal only where they change something; every view offset maps into the original."""
    from auditor.document import matching_text

    found = matching_text(text)
    if view is None:
        assert found is None
        return
    assert found is not None and found[0] == view
    offsets = found[1]
    for start in range(len(view) + 1):
        for end in range(start, len(view) + 1):
            lo, hi = offsets.start(start), offsets.end(end)
            assert 0 <= lo <= len(text) and 0 <= hi <= len(text)
            if start < end:
                assert lo < hi
    assert text[offsets.start(0) : offsets.end(len(view))].strip("\ufeff") == text.strip("\ufeff")


def test_safe_fix_through_a_soft_hyphen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--write replaces the whole original span, soft hyphen included."""
    path = tmp_path / "a.txt"
    path.write_text(NFD, encoding="utf-8")
    assert main(["check", str(path), "--write", "--lang", "fr", "--fail-on", "never", "--color", "never"]) == 0
    assert path.read_text(encoding="utf-8") == "Les Russes e\u0301leve\u0301s ont vu Elon Musk hier.\n"
