"""The seed articles end to end: every listed artifact is found, verdicts and ranking hold."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from auditor.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
S000, S001, S002, S003, S004 = (
    "000_49051934888517fa.txt",
    "001_83d8d660a2d9799c.txt",
    "002_4a125278bd414464.txt",
    "003_547750e8e4d3097b.txt",
    "004_444b37314a03c9fa.txt",
)

# (sample, artifact text as it stands in the sample, occurrence index)
ARTIFACTS = [
    (S004, "Ilon Musk", 0),
    (S004, "Ilon Musk", 1),
    (S004, "Si Jinping", 0),
    (S004, "Isaxon", 0),
    (S004, "Mileya Argentine", 0),
    (S004, "Zhaiir Bolsonar", 0),
    (S004, "Kim Jong -in", 0),
    (S004, "Bashara Assad", 0),
    (S004, "Jan Bremmer", 0),
    (S004, "bammer", 0),
    (S004, "talent Carlson", 0),
    (S004, "lien d'étoile", 0),
    (S004, "StarLink", 0),
    (S004, "non-Yanfa", 0),
    (S004, "supercrets", 0),
    (S004, "la liste des Noirs", 0),
    (S004, "en une seule entreprise avec", 0),
    (S004, "Russes élevés", 0),
    (S004, "l'apologne", 0),
    (S004, "dans l'air", 0),
    (S004, "son monde", 0),
    (S004, "le Eve de l'élection", 0),
    (S004, "négocier un missile", 0),
    (S004, "Dmitry Peskov", 0),
    (S004, "Sergey Kiriyenko", 0),
    (S004, "Alexander Lukashenko", 0),
    (S001, "relations sexuelles avec lui. discussions", 0),
    (S001, "Leave a Comment", 0),
    (S001, "This site uses Akismet", 0),
    (S001, "Facebook\nTwitter\nLinkedIn\nPinterest", 0),
    (S001, "#Les #conversations", 0),
    (S000, "Wall Street Journal »", 0),
    (S000, "la guerre ». en Ukraine »", 0),
    (S003, "Exit mobile version", 0),
]


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Scan the samples once with the built-in rules."""
    out = tmp_path_factory.mktemp("reports")
    assert main(["scan", str(SAMPLES), "--out", str(out), "--run-id", "run", "--fail-on", "never"]) == 0
    return out / "run"


def read(path: Path) -> list[dict[str, str]]:
    """Read a CSV report."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def offset(text: str, line: int, column: int) -> int:
    """Character offset of a 1-based line and column."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return starts[line - 1] + column - 1


@pytest.mark.parametrize("sample, artifact, nth", ARTIFACTS, ids=[f"{s[:3]}:{a[:30]}#{n}" for s, a, n in ARTIFACTS])
def test_artifact_is_in_findings_csv(run_dir: Path, sample: str, artifact: str, nth: int) -> None:
    """Some finding of findings.csv overlaps the artifact's exact place in the sample."""
    text = (SAMPLES / sample).read_text(encoding="utf-8")
    starts = [m.start() for m in re.finditer(re.escape(artifact), text)]
    assert len(starts) > nth, f"{artifact!r} not in {sample}"
    a_start, a_end = starts[nth], starts[nth] + len(artifact)
    hits = []
    for row in read(run_dir / "findings.csv"):
        if not row["path"].endswith(sample):
            continue
        f_start = offset(text, int(row["line"]), int(row["column"]))
        f_end = offset(text, int(row["end_line"]), int(row["end_column"]))
        if f_start < a_end and f_end > a_start:
            hits.append(row["rule_id"])
    assert hits, f"no finding on {artifact!r} in {sample}"


def test_masque_for_musk_is_flagged_about_17_times(run_dir: Path) -> None:
    """In 004 every masque/Mask/Masque stands for Musk; at least 17 of the 18 are flagged."""
    rows = [r for r in read(run_dir / "findings.csv") if r["path"].endswith(S004) and r["text"].lower() in ("masque", "mask")]
    assert len(rows) >= 17


def test_verdicts_and_ranking(run_dir: Path) -> None:
    """004 and 001 fail, 002 passes; 004 scores worst and 002 best."""
    summary = {Path(r["path"]).name: r for r in read(run_dir / "summary.csv")}
    assert summary[S004]["verdict"] == "fail"
    assert summary[S001]["verdict"] == "fail"
    assert summary[S002]["verdict"] == "pass"
    ranked = sorted(summary, key=lambda name: float(summary[name]["score"]))
    assert ranked[0] == S004 and ranked[-1] == S002


def test_human_article_002_is_clean(run_dir: Path) -> None:
    """The human-written 002 has one finding only: its real typo "millardaire"."""
    found = [r for r in read(run_dir / "findings.csv") if r["path"].endswith(S002)]
    assert [(r["line"], r["column"], r["rule_id"], r["text"], r["suggestion"]) for r in found] == [
        ("2", "84", "fr.spelling.garbled-word", "millardaire", "milliardaire")
    ]


ENTITY_ARTIFACTS = [
    "Ilon Musk",
    "Si Jinping",
    "Isaxon",
    "Zhaiir Bolsonar",
    "Mileya",
    "Bashara Assad",
    "Kim Jong -in",
    "Jan Bremmer",
    "lien d'étoile",
    "Dmitry Peskov",
    "Sergey Kiriyenko",
]


def test_entity_artifacts_are_found_without_literal_rules(tmp_path: Path) -> None:
    """With every literal name rule disabled, the gazetteer-driven checks still catch them all."""
    out = tmp_path / "reports"
    args = ["scan", str(SAMPLES / S004), "--out", str(out), "--run-id", "run", "--fail-on", "never"]
    assert main([*args, "--disable", "fr.entity.known", "--disable", "fr.locale.known"]) == 0
    text = (SAMPLES / S004).read_text(encoding="utf-8")
    rows = read(out / "run" / "findings.csv")
    assert not [r for r in rows if r["rule_id"].startswith(("fr.entity.known", "fr.locale.known"))]
    spans = [(offset(text, int(r["line"]), int(r["column"])), offset(text, int(r["end_line"]), int(r["end_column"])), r["rule_id"]) for r in rows]
    for artifact in ENTITY_ARTIFACTS:
        start = text.index(artifact)
        rules = {rule for a, b, rule in spans if a < start + len(artifact) and b > start}
        assert rules & {"fr.entity.name-variant", "fr.entity.name-as-noun", "fr.locale.romanisation"}, artifact
    masques = [r for r in rows if r["text"].lower() in ("masque", "mask") and r["rule_id"] == "fr.entity.name-as-noun"]
    assert len(masques) >= 17
