"""`--format github` appends a Markdown summary to $GITHUB_STEP_SUMMARY: GitHub shows only ten annotations of each level."""

from __future__ import annotations

from pathlib import Path

import pytest
from surfaces import DOC, FIXED, run_cli

from auditor.reporters.stepsummary import cell

EXPECTED = """## auditor

3 documents, 36 words: 12 findings (0 critical, 4 major, 8 minor); 1 unreadable; 0 suppressed by inline comments; exit code 5.

| verdict | documents |
|---|---|
| error | 1 |
| fail | 2 |

| severity | findings |
|---|---|
| critical | 0 |
| major | 4 |
| minor | 8 |

### Lowest scores

| score | verdict | findings | document |
|---|---|---|---|
| 94.40 | fail | 6 | {root}/a\\_b\\|c.txt |
| 94.40 | fail | 6 | {root}/b.txt |

### Rules that fired most

| rule | findings |
|---|---|
| `t.name.starlink` | 4 |
| `t.choice.supercrets` | 2 |
| `t.cross` | 2 |
| `t.guess.masque` | 2 |
| `t.name.ilon` | 2 |
"""


def test_github_format_appends_the_step_summary(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "in"
    root.mkdir()
    (root / "a_b|c.txt").write_text(DOC, encoding="utf-8")
    (root / "b.txt").write_text(DOC, encoding="utf-8")
    (root / "empty.txt").write_text("", encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, err = run_cli(capsys, "scan", str(root), "--out", str(tmp_path / "out"), *FIXED, "--format", "github", "--report", "github", "-q")
    assert code == 5, err
    assert out.count("::error ") == 5 and out.count("::warning ") == 8
    # Appended once (the copy in the run folder writes none), after what earlier steps wrote.
    assert summary.read_text(encoding="utf-8") == "earlier step\n" + EXPECTED.format(root=str(root).replace("_", "\\_"))


def test_no_summary_without_the_variable(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    doc = tmp_path / "a.txt"
    doc.write_text(DOC, encoding="utf-8")
    code, out, err = run_cli(capsys, "check", str(doc), *FIXED, "--format", "github")
    assert code == 1 and err == "" and out.startswith("::error file=")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_an_unwritable_summary_is_a_warning(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "missing" / "summary.md"))
    doc = tmp_path / "a.txt"
    doc.write_text(DOC, encoding="utf-8")
    code, _, err = run_cli(capsys, "check", str(doc), *FIXED, "--format", "github")
    assert code == 1
    assert err == f"auditor: warning: cannot append the summary to $GITHUB_STEP_SUMMARY ({tmp_path}/missing/summary.md): No such file or directory\n"


def test_cells_escape_markdown() -> None:
    assert cell("a|b *c* <script>\n[x](y)") == "a\\|b \\*c\\* \\<script\\> \\[x\\]\\(y\\)"
