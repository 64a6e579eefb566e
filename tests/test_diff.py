"""Night-to-night comparison: identities that survive edits elsewhere, diff.csv, baselines."""

from __future__ import annotations

import csv
import json

import pytest

from surfaces import FIXED, run_cli, scan_run

from auditor.commands.diff import DIFF_COLUMNS, DOCUMENT_COLUMNS
from auditor.run.identity import identify, local_context, match, normalise

ARTICLE = (
    "Hier, Ilon Musk a parlé de StarLink avec des dossiers supercrets.\n"
    "Le masque a déclaré que StarLink fonctionne, et StarLink encore.\n"
)
# The same article a night later: "Ilon Musk" fixed, a paragraph added above, text shifted.
EDITED = (
    "Mise à jour : ce texte a été relu par la rédaction.\n"
    "Hier, Elon Musk a parlé de StarLink avec des dossiers supercrets.\n"
    "Le masque a déclaré que StarLink fonctionne, et StarLink encore.\n"
)
OTHER = "Le service StarLink marche.\n"


def two_runs(capsys, tmp_path):
    """Scan the corpus, edit one article, scan again; return both run folders."""
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "b.txt").write_text(OTHER, encoding="utf-8")
    old = scan_run(capsys, root, tmp_path / "reports", "night1")
    (root / "a.txt").write_text(EDITED, encoding="utf-8")
    new = scan_run(capsys, root, tmp_path / "reports", "night2")
    return root, old, new


def read_csv(path):
    """Return the rows of a CSV file."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_identity_ignores_offsets_and_keeps_local_context():
    assert local_context("…ier, Ilon Musk a parlé de StarLink avec des dossiers s…", "StarLink", 28) == "a parlé de|avec des dossiers"
    assert local_context("Le masque a déclaré.", "masque", 4) == "le|a déclaré"
    base = {"rule_id": "r", "text": "StarLink", "excerpt": "le service StarLink marche", "column": 12}
    moved = dict(base, column=12)  # same line content, other line number: same identity
    assert identify([base]) == identify([moved])
    twice = identify([base, base])
    assert [i.occurrence for i in twice] == [0, 1] and twice[0].fingerprint != twice[1].fingerprint


@pytest.mark.parametrize(
    "text, normal",
    [
        ("Elon  MUSK", "elon musk"),  # ASCII: lower case, one space
        ("l`Etat\t X", "l'etat x"),  # the backtick is ASCII's one apostrophe
        ("L’ÉTAT  Straße", "l'état strasse"),  # beyond ASCII: casefold (ß -> ss), apostrophes unified
        ("e\u0301te\u0301", "\u00e9t\u00e9"),  # NFC: combining accents composed
    ],
)
def test_normalise_folds_case_apostrophes_and_spaces(text, normal):
    """Identities compare text after casefolding, apostrophe unification, NFC and space collapsing."""
    assert normalise(text) == normal


def test_match_pairs_exactly_then_by_rule_and_text():
    old = identify(
        [
            {"rule_id": "r", "text": "x", "excerpt": "a b c x d e f", "column": 7},
            {"rule_id": "r", "text": "y", "excerpt": "g h i y j k l", "column": 7},
        ]
    )
    new = identify(
        [
            {"rule_id": "r", "text": "y", "excerpt": "CHANGED i y j k l", "column": 11},  # context edited
            {"rule_id": "r", "text": "z", "excerpt": "z", "column": 1},
        ]
    )
    m = match(old, new)
    assert (m.pairs, m.resolved, m.new) == (((1, 0),), (0,), (1,))


def test_one_fix_elsewhere_shifted_gives_one_resolved_nothing_new(capsys, tmp_path):
    root, old, new = two_runs(capsys, tmp_path)
    code, out, err = run_cli(capsys, "diff", str(old), str(new), "--no-config")
    assert out.splitlines() == [
        f"{root / 'a.txt'}: score 94.00 -> 96.00 (+2.00), fail -> review: 0 new, 1 resolved, 6 unchanged",
        '  resolved  1:7 major [t.name.ilon] "Ilon Musk"',
        "2 documents compared with the old run (0 added, 0 removed): 0 new, 1 resolved, 7 unchanged findings",
    ]
    assert err == f"diff: {new / 'diff.csv'}\n" and code == 0
    rows = read_csv(new / "diff.csv")
    assert tuple(rows[0]) == DIFF_COLUMNS
    changes = [(r[0], r[1], r[2], r[6], r[7], r[8], r[9]) for r in rows[1:]]
    assert changes[0] == (str(tmp_path / "corpus" / "a.txt"), "resolved", "t.name.ilon", "1", "7", "", "")
    # Unchanged findings moved down a line; the diff still knows them.
    assert ("unchanged", "t.guess.masque", "2", "4", "3", "4") in {c[1:] for c in changes}
    assert [c[1] for c in changes].count("unchanged") == 7
    documents = read_csv(new / "diff-documents.csv")
    assert tuple(documents[0]) == DOCUMENT_COLUMNS
    assert documents[1][1:] == ["both", "94.00", "96.00", "2.0", "fail", "review", "0", "1", "6"]


def test_baseline_accepts_known_findings(capsys, tmp_path):
    root, old, new = two_runs(capsys, tmp_path)
    baseline = tmp_path / "baseline.json"
    code, _, err = run_cli(capsys, "diff", str(old), "--write-baseline", str(baseline), "--no-config")
    assert (code, err) == (0, f"baseline: 8 findings -> {baseline}\n")
    entries = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert entries[0] == {
        "key": "a.txt",
        "rule_id": "t.name.ilon",
        "text": "Ilon Musk",
        "context": "hier|a parlé de",
        "occurrence": 0,
        "fingerprint": entries[0]["fingerprint"],
    }
    # Against the baseline, the new night has nothing new: exit 0 even with --fail-on minor.
    code, out, _ = run_cli(capsys, "diff", str(new), "--baseline", str(baseline), "--fail-on", "minor", "--no-config")
    assert out.splitlines()[-1] == (
        f"2 documents compared with baseline {baseline} (0 added, 0 removed): 0 new, 1 resolved, 7 unchanged findings"
    )
    assert code == 0
    # A third night adds a finding the baseline does not know: it alone counts.
    (root / "b.txt").write_text(OTHER + "Puis Ilon Musk est venu.\n", encoding="utf-8")
    third = scan_run(capsys, root, tmp_path / "reports", "night3")
    code, out, _ = run_cli(capsys, "diff", str(third), "--baseline", str(baseline), "--fail-on", "major", "--no-config")
    assert '  new       2:6 major [t.name.ilon] "Ilon Musk"' in out.splitlines()
    assert code == 1
    # Between two runs, a new finding the baseline accepts does not fail the diff.
    code, out, _ = run_cli(capsys, "diff", str(old), str(third), "--baseline", str(baseline), "--fail-on", "major", "--no-config")
    assert code == 1  # "Ilon Musk" in b.txt is not in the baseline
    code, _, _ = run_cli(capsys, "diff", str(old), str(third), "--fail-on", "critical", "--no-config")
    assert code == 0


def test_check_with_a_baseline_counts_only_new_findings(capsys, tmp_path):
    _, old, _ = two_runs(capsys, tmp_path)
    baseline = tmp_path / "baseline.csv"
    run_cli(capsys, "diff", str(old), "--write-baseline", str(baseline), "--no-config")
    assert read_csv(baseline)[0] == ["key", "rule_id", "text", "context", "occurrence", "fingerprint"]
    article = tmp_path / "corpus" / "b.txt"
    assert run_cli(capsys, "check", str(article), "--fail-on", "minor", *FIXED)[0] == 1
    assert run_cli(capsys, "check", str(article), "--fail-on", "minor", "--baseline", str(baseline), *FIXED)[0] == 0
    # The same baseline saved by a French spreadsheet: semicolons, a BOM, CRLF line ends.
    rows = read_csv(baseline)
    french = tmp_path / "baseline-fr.csv"
    with french.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";", lineterminator="\r\n").writerows(rows)
    assert french.read_bytes().startswith(b"\xef\xbb\xbfkey;rule_id;text;context;occurrence;fingerprint\r\n")
    assert run_cli(capsys, "check", str(article), "--fail-on", "minor", "--baseline", str(french), *FIXED)[0] == 0


def test_diff_usage_errors(capsys, tmp_path):
    code, _, err = run_cli(capsys, "diff", str(tmp_path), "--no-config")
    assert (code, err) == (2, "auditor: error: one run given: add OLD_RUN, --baseline FILE or --write-baseline FILE\n")
    code, _, err = run_cli(capsys, "diff", str(tmp_path), str(tmp_path), "--no-config")
    assert (code, err) == (2, f"auditor: error: {tmp_path}: not a report folder (no files/ inside)\n")
