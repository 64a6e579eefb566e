"""`auditor scan --refs`: reference metrics through the whole pipeline, in parity with the sacrebleu CLI."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.metrics import split_segments

SHARED = Path(__file__).resolve().parents[2] / "shared"
WMT = SHARED / "corpora" / "wmt21-de-fr"


def scan_with_refs(tmp_path: Path, hyp: Path, refs: Path, *extra: str) -> Path:
    """Scan a folder against references and return the run folder."""
    out = tmp_path / "reports"
    code = main(["scan", str(hyp), "--refs", str(refs), "--out", str(out), "--run-id", "r", "--lang", "fr", "--fail-on", "never", "-q", "--jobs", "1", *extra])
    assert code == 0
    return out / "r"


def sacrebleu_cli(tmp_path: Path, names: list[Path], metrics: list[str]) -> list[float]:
    """Run the sacrebleu CLI on the documents' concatenated segments, as auditor pairs them.

    Each WMT21 system file is one line, so every document falls back to document level:
    each side's segments joined by one space, one line per document.
    """
    hyp_lines = [" ".join(split_segments(p.read_text(encoding="utf-8"))) for p in names]
    ref_lines = [" ".join(split_segments((WMT / "ref" / p.name).read_text(encoding="utf-8"))) for p in names]
    (tmp_path / "hyp.txt").write_text("\n".join(hyp_lines) + "\n", encoding="utf-8")
    (tmp_path / "ref.txt").write_text("\n".join(ref_lines) + "\n", encoding="utf-8")
    cli = subprocess.run(
        [sys.executable, "-m", "sacrebleu", str(tmp_path / "ref.txt"), "-i", str(tmp_path / "hyp.txt"),
         "-m", *metrics, "--chrf-word-order", "2", "--tokenize", "13a", "-b", "-w", "4", "-f", "text"],
        capture_output=True, text=True, check=True,
    )
    return [float(x) for x in cli.stdout.split()]


@pytest.mark.skipif(not WMT.is_dir(), reason="../shared/corpora/wmt21-de-fr is absent")
def test_scan_refs_matches_sacrebleu_cli_on_a_whole_wmt21_system_folder(tmp_path: Path) -> None:
    """`auditor scan sys/Online-G --refs ref/`: corpus BLEU and chrF++ equal the sacrebleu CLI's.

    TER over the whole folder takes minutes of CPU (document-level segments); it is checked
    on three documents below, and on the whole folder in tests/test_metrics.py when
    AUDITOR_SLOW_TESTS=1 (as CI runs it).
    """
    system = WMT / "sys" / "Online-G"
    run = scan_with_refs(tmp_path, system, WMT / "ref", "--ref-metrics", "bleu,chrf")
    totals = json.loads((run / "run.json").read_text(encoding="utf-8"))["totals"]["references"]
    assert (totals["documents_with_reference"], totals["document_level_fallbacks"]) == (61, 61)
    printed = sacrebleu_cli(tmp_path, sorted(system.glob("*.txt")), ["bleu", "chrf"])
    assert [totals["corpus"][m] for m in ("bleu", "chrf")] == printed
    assert sorted(totals["signatures"]) == ["bleu", "chrf"]
    assert totals["spearman_score_vs"]["ter"] is None


@pytest.mark.skipif(not WMT.is_dir(), reason="../shared/corpora/wmt21-de-fr is absent")
def test_scan_refs_matches_sacrebleu_cli_on_a_wmt21_system(tmp_path: Path) -> None:
    """Corpus BLEU, chrF++ and TER in run.json equal what the sacrebleu CLI prints for the same segments.

    The three shortest documents of one system keep TER (quadratic per segment) fast; the
    whole-folder parity for BLEU and chrF++ is in tests/test_metrics.py.
    """
    system = WMT / "sys" / "Online-G"
    names = sorted(sorted(system.glob("*.txt"), key=lambda p: p.stat().st_size)[:3], key=lambda p: p.name)
    hyp_dir = tmp_path / "hyp"
    hyp_dir.mkdir()
    for path in names:
        shutil.copy(path, hyp_dir / path.name)
    run = scan_with_refs(tmp_path, hyp_dir, WMT / "ref")
    totals = json.loads((run / "run.json").read_text(encoding="utf-8"))["totals"]["references"]
    assert totals["documents_with_reference"] == 3
    printed = sacrebleu_cli(tmp_path, names, ["bleu", "chrf", "ter"])
    assert [totals["corpus"][m] for m in ("bleu", "chrf", "ter")] == printed
    signature = totals["signatures"]
    assert signature["chrf"].startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:2")
    assert signature["bleu"].startswith("nrefs:1|case:mixed|eff:no|tok:13a")


def test_mismatched_and_missing_references_are_noted(tmp_path: Path) -> None:
    """A segment-count mismatch warns and scores at document level; a missing reference is a note."""
    hyp, ref = tmp_path / "hyp", tmp_path / "ref"
    hyp.mkdir()
    ref.mkdir()
    (hyp / "a.txt").write_text("Le chat dort.\n\nLe chien aboie.\n", encoding="utf-8")
    (ref / "a.txt").write_text("Le chat dort.\n\nLe chien aboie.\n", encoding="utf-8")
    (hyp / "b.txt").write_text("Un seul paragraphe ici.\n", encoding="utf-8")
    (ref / "b.txt").write_text("Un seul paragraphe\n\nici.\n", encoding="utf-8")
    (hyp / "c.txt").write_text("Aucune référence pour ce texte.\n", encoding="utf-8")
    run = scan_with_refs(tmp_path, hyp, ref)
    records = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (run / "files").glob("*.json")}
    a, b, c = records["a.txt.json"], records["b.txt.json"], records["c.txt.json"]
    assert (a["extra"]["reference"]["status"], a["extra"]["reference"]["bleu"], a["extra"]["reference"]["chrf"]) == ("aligned", 100.0, 100.0)
    assert b["extra"]["reference"]["status"] == "document-level"
    assert b["notes"] == [
        "segment count mismatch: 1 hypothesis segment(s) vs 2 reference segment(s); "
        "scored at document level (each side joined into one segment)"
    ]
    assert c["extra"]["reference"]["status"] == "missing"
    assert c["notes"] == [f"no reference at {ref / 'c.txt'}: reference metrics not computed for this document"]
    with (run / "summary.csv").open(encoding="utf-8", newline="") as fh:
        rows = {Path(r["path"]).name: r for r in csv.DictReader(fh)}
    assert (rows["a.txt"]["bleu"], rows["a.txt"]["chrf"], rows["a.txt"]["ter"]) == ("100.00", "100.00", "0.00")
    assert (rows["c.txt"]["bleu"], rows["c.txt"]["chrf"], rows["c.txt"]["ter"]) == ("", "", "")
    totals = json.loads((run / "run.json").read_text(encoding="utf-8"))["totals"]["references"]
    assert (totals["documents_with_reference"], totals["document_level_fallbacks"], totals["missing_references"]) == (2, 1, 1)
    assert re.fullmatch(r"nrefs:1\|case:lc\|tok:tercom.*", totals["signatures"]["ter"])
