"""`auditor check`: the editor's report on a terminal and in a pipe, stdin, exit codes, --diff."""

from __future__ import annotations

import io
import sys

import pytest
from surfaces import DOC, FIXED, run_cli

from auditor.reporters.pretty import use_color

PLAIN = """\
{p}:1:7: major [t.name.ilon] Garbled name.
  1 | Hier, Ilon Musk a parlé de StarLink avec des dossiers s…
    |       ^^^^^^^^^
    = suggestion: Elon Musk (safe fix)

{p}:1:12: minor [t.cross] Crossing span for the overlap test.
  1 | Hier, Ilon Musk a parlé de StarLink avec des dossiers supercret…
    |            ^^^^^^^^^^^^

{p}:1:28: minor [t.name.starlink] The company writes "Starlink".
  1 | Hier, Ilon Musk a parlé de StarLink avec des dossiers supercrets.
    |                            ^^^^^^^^
    = suggestion: Starlink (safe fix)

{p}:1:55: minor [t.choice.supercrets] Not a French word.
  1 | …k a parlé de StarLink avec des dossiers supercrets.
    |                                          ^^^^^^^^^^
    = suggestions: ultrasecrets | top secret

{p}:2:4: major [t.guess.masque] Maybe a name translated as a noun.
  2 | Le masque a déclaré que StarLink fonctionne.
    |    ^^^^^^
    = suggestion: Musk

{p}:2:25: minor [t.name.starlink] The company writes "Starlink".
  2 | Le masque a déclaré que StarLink fonctionne.
    |                         ^^^^^^^^
    = suggestion: Starlink (safe fix)

{p}: score 94.40/100, verdict FAIL — 6 findings (0 critical, 2 major, 4 minor), 18 words; 3 safe fixes (--diff to review, --write to apply)
"""


@pytest.fixture
def article(tmp_path):
    """An article with safe fixes, a guess and an ambiguous suggestion."""
    path = tmp_path / "article.txt"
    path.write_text(DOC, encoding="utf-8")
    return path


def test_plain_report_in_a_pipe(capsys, article):
    code, out, err = run_cli(capsys, "check", str(article), *FIXED)
    assert out == PLAIN.format(p=article)
    assert "\033[" not in out
    assert (code, err) == (1, "")  # verdict FAIL: exit 1 by default


def test_fail_on_sets_the_exit_code(capsys, article):
    assert run_cli(capsys, "check", str(article), "--fail-on", "major", *FIXED)[0] == 1
    assert run_cli(capsys, "check", str(article), "--fail-on", "never", *FIXED)[0] == 0


def test_color_always_underlines_in_the_severity_colour(capsys, article):
    _, out, _ = run_cli(capsys, "check", str(article), "--color", "always", *FIXED)
    assert "\033[31mmajor\033[0m" in out  # major in red
    assert "      \033[31m^^^^^^^^^\033[0m" in out  # the underline of "Ilon Musk"
    assert "\033[1;31mFAIL\033[0m" in out


class FakeTerminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    "mode, no_color, term, expected",
    [
        ("auto", None, "xterm", True),
        ("auto", "1", "xterm", False),  # https://no-color.org
        ("auto", None, "dumb", False),
        ("always", "1", "xterm", True),  # an explicit flag wins over the environment
        ("never", None, "xterm", False),
    ],
)
def test_colour_decision(monkeypatch, mode, no_color, term, expected):
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    monkeypatch.setenv("TERM", term)
    assert use_color(FakeTerminal(), mode) is expected
    assert use_color(io.StringIO(), "auto") is False  # not a terminal


def test_stdin(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Le service StarLink.\n".encode())))
    code, out, _ = run_cli(capsys, "check", "-", "--stdin-name", "brouillon.txt", *FIXED)
    assert out.splitlines() == [
        "brouillon.txt:1:12: minor [t.name.starlink] The company writes \"Starlink\".",
        "  1 | Le service StarLink.",
        "    |            ^^^^^^^^",
        "    = suggestion: Starlink (safe fix)",
        "",
        "brouillon.txt: score 99.60/100, verdict REVIEW — 1 finding (0 critical, 0 major, 1 minor), 3 words;"
        " 1 safe fix (--diff to review, --write to apply)",
    ]
    assert code == 0


def test_unreadable_input_is_reported_with_exit_4(capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, _ = run_cli(capsys, "check", str(empty), *FIXED)
    assert out == f"{empty}: error: empty file\n"
    assert code == 4


def test_diff_proposes_only_safe_fixes(capsys, article):
    code, out, err = run_cli(capsys, "check", str(article), "--diff", *FIXED)
    rel = str(article).lstrip("/")
    assert out.splitlines() == [
        f"--- a/{rel}",
        f"+++ b/{rel}",
        "@@ -1,2 +1,2 @@",
        "-Hier, Ilon Musk a parlé de StarLink avec des dossiers supercrets.",
        "-Le masque a déclaré que StarLink fonctionne.",
        "+Hier, Elon Musk a parlé de Starlink avec des dossiers supercrets.",
        "+Le masque a déclaré que Starlink fonctionne.",
    ]
    assert article.read_text(encoding="utf-8") == DOC  # --diff writes nothing
    assert code == 1 and err == ""  # the article as it stands fails


def test_diff_on_seed_004_fixes_ilon_musk_and_guesses_nothing(capsys, engine):
    from conftest import SAMPLES

    from auditor.fixes import safe_edits
    from auditor.run.pipeline import Options, audit_text

    path = next(SAMPLES.glob("004_*.txt"))
    code, out, _ = run_cli(capsys, "check", str(path), "--diff", "--no-config", "--lang", "fr")
    removed = [line[1:] for line in out.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert any("Ilon Musk" in line for line in removed)
    assert any("Elon Musk" in line for line in added)
    assert not any("Ilon Musk" in line for line in added)
    # No guess: "masque" (which may or may not mean Musk) is never rewritten.
    assert sum(line.count("masque") for line in removed) == sum(line.count("masque") for line in added)
    text = path.read_text(encoding="utf-8")
    result = audit_text(text, engine, Options(language="fr"))
    edits = safe_edits(result.findings, text)
    fixable = {(f.start, f.end) for f in result.findings if f.fix and len(f.suggestions) == 1}
    assert edits and {(e.start, e.end) for e in edits} <= fixable
    assert ("Ilon Musk", "Elon Musk") in {(e.old, e.new) for e in edits}
