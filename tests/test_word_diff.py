"""`check --diff` and `--word-diff`: the changed words are visible, coloured on a terminal, and long lines are cut around them."""

from __future__ import annotations

from pathlib import Path

import pytest
from surfaces import DOC, FIXED, run_cli

from auditor.reporters.pretty import Style
from auditor.reporters.worddiff import CONTEXT, word_diff, word_ops

RED, GREEN = "\033[1;7;31m", "\033[1;7;32m"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(DOC, encoding="utf-8")
    return path


def test_word_diff_marks_each_changed_word(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    code, out, err = run_cli(capsys, "check", str(article), "--word-diff", *FIXED)
    assert out.splitlines() == [
        f"{article}:1: Hier, [-Ilon-]{{+Elon+}} Musk a parlé de [-StarLink-]{{+Starlink+}} avec des dossiers supercrets.",
        f"{article}:2: Le masque a déclaré que [-StarLink-]{{+Starlink+}} fonctionne.",
    ]
    assert code == 1 and err == "" and article.read_text(encoding="utf-8") == DOC


def test_word_diff_in_colour_drops_the_markers(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    code, out, _ = run_cli(capsys, "check", str(article), "--word-diff", "--color", "always", *FIXED)
    assert out.splitlines()[1] == f"{article}:2: Le masque a déclaré que {RED}StarLink\033[0m{GREEN}Starlink\033[0m fonctionne."


def test_diff_stays_a_plain_patch_off_a_terminal_and_colours_words_on_one(capsys: pytest.CaptureFixture[str], article: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, plain, _ = run_cli(capsys, "check", str(article), "--diff", *FIXED)
    assert "\033" not in plain and plain.splitlines()[3] == "-Hier, Ilon Musk a parlé de StarLink avec des dossiers supercrets."
    code, colored, _ = run_cli(capsys, "check", str(article), "--diff", "--color", "always", *FIXED)
    lines = colored.splitlines()
    assert lines[2] == "\033[36m@@ -1,2 +1,2 @@\033[0m"
    assert lines[6] == f"\033[32m+\033[0m\033[32mLe masque a déclaré que \033[0m{GREEN}Starlink\033[0m\033[32m fonctionne.\033[0m"
    monkeypatch.setenv("NO_COLOR", "1")  # respected as the pretty report respects it
    code, again, _ = run_cli(capsys, "check", str(article), "--diff", "--color", "auto", *FIXED)
    assert again == plain


def test_long_lines_are_cut_around_the_change() -> None:
    before, after = "a" * 100 + " ", " " + "b" * 100
    line = f"{before}Ilon Musk{after}"
    out = word_diff("p.txt", line + "\n", line.replace("Ilon", "Elon") + "\n", Style(False), colored=False)
    assert out == f"p.txt:1: …{before[-CONTEXT:]}[-Ilon-]{{+Elon+}} Musk{after[: CONTEXT - 5]}…\n"


def test_word_ops_compare_words_not_characters() -> None:
    assert word_ops("de le président", "du président") == [("replace", "de le", "du"), ("equal", " président", " président")]


def test_diff_and_write_together_are_refused(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    code, out, err = run_cli(capsys, "check", str(article), "--diff", "--write", *FIXED)
    assert code == 2 and out == ""
    assert "--diff and --word-diff show the fixes without writing them" in err
