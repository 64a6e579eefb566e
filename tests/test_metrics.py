"""Tests for auditor.metrics: alignment, exact scores, CLI parity, notes and rank correlation."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.metrics import (
    Alignment,
    CorpusMetrics,
    align,
    document_metrics,
    document_stats,
    missing_reference_note,
    rank_correlation,
    rule_metric_correlation,
    signatures,
    split_segments,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
WMT21 = SHARED / "corpora" / "wmt21-de-fr"
# The system with the fewest words: TER's shift search on document-length segments is slow.
PARITY_SYSTEM = "Online-G"
CLI_LINE = re.compile(r"^(BLEU|chrF2\+\+|TER)\|(\S+)\s*=\s*([0-9.]+)")
CLI_NAMES = {"BLEU": "bleu", "chrF2++": "chrf", "TER": "ter"}
WIDTH = 17  # enough decimals to pin the double exactly, so every default-width digit follows


def sacrebleu_cli(hyp_file: Path, ref_file: Path, names: tuple[str, ...]) -> subprocess.Popen:
    """Start the sacrebleu command line with auditor's settings, printing text at WIDTH."""
    return subprocess.Popen(
        [sys.executable, "-m", "sacrebleu", str(ref_file), "-i", str(hyp_file),
         "-m", *names, "--chrf-word-order", "2", "--tokenize", "13a",
         "-f", "text", "-w", str(WIDTH)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def parse_cli(process: subprocess.Popen, names: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """Wait for the CLI and return {metric: (printed score, signature)}."""
    out, err = process.communicate()
    assert process.returncode == 0, err
    found = {}
    for line in out.splitlines():
        m = CLI_LINE.match(line.strip())
        if m:
            found[CLI_NAMES[m.group(1)]] = (m.group(3), m.group(2))
    assert set(found) == set(names), out
    return found


def write_concatenation(pairs: list[tuple[str, str]], tmp_path: Path) -> tuple[Path, Path, list[Alignment]]:
    """Align each (hyp, ref) document and write all segments, one per line, in order."""
    alignments = [align(hyp, ref) for hyp, ref in pairs]
    hyp_file, ref_file = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp_file.write_text("".join(s + "\n" for a in alignments for s in a.hyp_segments), encoding="utf-8")
    ref_file.write_text("".join(s + "\n" for a in alignments for s in a.ref_segments), encoding="utf-8")
    return hyp_file, ref_file, alignments


def assert_parity(
    pairs: list[tuple[str, str]], tmp_path: Path, names: tuple[str, ...] = ("bleu", "chrf", "ter")
) -> CorpusMetrics:
    """Run the CLI on the concatenated segments while CorpusMetrics streams them; compare."""
    hyp_file, ref_file, alignments = write_concatenation(pairs, tmp_path)
    process = sacrebleu_cli(hyp_file, ref_file, names)  # runs alongside the in-process scoring
    corpus = CorpusMetrics(names=names)
    for alignment in alignments:
        corpus.add(alignment)
    result = corpus.result()
    printed = parse_cli(process, names)
    for name, (score, signature) in printed.items():
        assert f"{result[name]:.{WIDTH}f}" == score, name
        assert signatures()[name] == signature, name
    return corpus


# --- segmentation and alignment --------------------------------------------------------


def test_split_segments_one_per_nonblank_line_trimmed():
    text = "  Premier paragraphe. \r\n\n\tDeuxième.\n\u00a0\nTroisième\u2028suite\n\n"
    assert split_segments(text) == ["Premier paragraphe.", "Deuxième.", "Troisième\u2028suite"]


def test_split_segments_empty_text():
    assert split_segments("") == []
    assert split_segments("\n \n") == []


def test_align_equal_counts_pairs_segments():
    a = align("Un.\n\nDeux.\n", "Une.\nDeux !\n")
    assert a == Alignment(("Un.", "Deux."), ("Une.", "Deux !"), True, "", 2, 2)


def test_align_mismatched_counts_warns_and_falls_back_to_document_level():
    a = align("Un deux trois.\n", "Un deux.\n\nTrois.\n")
    assert a.aligned is False
    assert a.hyp_segments == ("Un deux trois.",)
    assert a.ref_segments == ("Un deux. Trois.",)
    assert (a.hyp_count, a.ref_count) == (1, 2)
    assert a.warning == (
        "segment count mismatch: 1 hypothesis segment(s) vs 2 reference segment(s); "
        "scored at document level (each side joined into one segment)"
    )
    # Scored exactly as the two joined texts would be, one segment each.
    assert document_metrics(a) == document_metrics(align("Un deux trois.", "Un deux. Trois."))


def test_align_empty_hypothesis_against_reference_is_a_mismatch():
    a = align("", "Texte de référence.")
    assert (a.aligned, a.hyp_segments, a.ref_segments) == (False, ("",), ("Texte de référence.",))
    assert document_metrics(a) == {"bleu": 0.0, "chrf": 0.0, "ter": 100.0}


def test_align_both_empty_scores_one_empty_segment():
    a = align("\n", "")
    assert a == Alignment(("",), ("",), True, "", 0, 0)
    assert document_metrics(a) == {"bleu": 0.0, "chrf": 0.0, "ter": 0.0}


# --- exact per-document values -------------------------------------------------------------

HYP = "le chat noir dort sur le tapis"
REF = "le chat noir dort sur un tapis"


def test_document_metrics_exact_values_on_a_tiny_pair():
    scores = document_metrics(align(HYP, REF))
    # BLEU: matches 6/7, 4/6, 3/5, 2/4 n-grams, equal lengths so no brevity penalty.
    assert scores["bleu"] == pytest.approx(100 * (6 / 7 * 4 / 6 * 3 / 5 * 2 / 4) ** 0.25, rel=1e-12)
    # TER: one substitution (le -> un) over 7 reference words.
    assert scores["ter"] == pytest.approx(100 / 7, rel=1e-12)
    assert f"{scores['chrf']:.10f}" == "77.7713366915"  # = CHRF(word_order=2).sentence_score


def test_document_stats_are_summed_per_segment():
    stats = document_stats(align(f"{HYP}\n{HYP}", f"{REF}\n{REF}"))
    assert stats.segments == 2
    assert stats.stats["bleu"] == (14, 14, 12, 8, 6, 4, 14, 12, 10, 8)
    assert stats.stats["ter"] == (2, 14.0)


def test_corpus_metrics_streams_without_segments_and_reports_documents():
    corpus = CorpusMetrics()
    assert corpus.result() == {}
    first = corpus.add(align(HYP, REF))
    assert first == document_metrics(align(HYP, REF))
    corpus.add(align("Un deux trois.", "Un deux.\n\nTrois."))
    assert (corpus.documents, corpus.segments, corpus.misaligned) == (2, 2, 1)


def test_corpus_metrics_subset_of_metrics():
    corpus = CorpusMetrics(names=["chrf", "bleu"])
    assert set(corpus.add(align(HYP, REF))) == {"bleu", "chrf"}
    with pytest.raises(ValueError, match="unknown metric"):
        CorpusMetrics(names=["meteor"])


def test_signatures_name_every_setting():
    version = __import__("sacrebleu").__version__
    assert signatures() == {
        "bleu": f"nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:{version}",
        "chrf": f"nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:{version}",
        "ter": f"nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:{version}",
    }


def test_missing_reference_is_a_note():
    assert missing_reference_note("refs/a/b.txt") == (
        "no reference at refs/a/b.txt: reference metrics not computed for this document"
    )


# --- CLI parity ------------------------------------------------------------------------------

SYNTHETIC = [
    # aligned, several segments, French typography (NBSP, guillemets, curly apostrophe)
    ("Le président\u00a0a déclaré\u00a0: «\u00a0Nous continuerons.\u00a0»\n\nL’usine ferme.\n",
     "Le président a dit\u00a0: «\u00a0Nous allons continuer.\u00a0»\n\nL'usine ferme ses portes.\n"),
    # mismatched: falls back to one joined segment per side
    ("Il pleut. Le match est reporté à dimanche, 15 h 30.\n",
     "Il pleut.\nLe match est reporté à dimanche à 15\u00a0h\u00a030.\n"),
    # aligned, segment with trailing spaces and a tab inside
    ("Les prix ont augmenté de 3,5 %.   \n", "Les prix ont progressé de 3,5\u00a0%.\t\n"),
]


def test_cli_parity_on_synthetic_documents(tmp_path):
    corpus = assert_parity(SYNTHETIC, tmp_path)
    assert (corpus.documents, corpus.segments, corpus.misaligned) == (3, 4, 1)


NO_SHARED = pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared corpora folder {SHARED} is absent")
SLOW = os.environ.get("AUDITOR_SLOW_TESTS", "") not in ("", "0")


def wmt21_pairs(names: list[str] | None = None) -> list[tuple[str, str]]:
    """(system text, reference text) of PARITY_SYSTEM's documents, in sorted file-name order."""
    files = sorted((WMT21 / "sys" / PARITY_SYSTEM).glob("*.txt"))
    assert len(files) == 61
    if names is not None:
        files = [f for f in files if f.name in names]
    return [
        (f.read_text(encoding="utf-8"), (WMT21 / "ref" / f.name).read_text(encoding="utf-8"))
        for f in files
    ]


@NO_SHARED
def test_cli_parity_on_a_wmt21_system_folder_bleu_chrf(tmp_path):
    corpus = assert_parity(wmt21_pairs(), tmp_path, names=("bleu", "chrf"))
    # Every WMT21 system file is one line while its reference keeps paragraphs.
    assert (corpus.documents, corpus.segments, corpus.misaligned) == (61, 61, 61)


# The eight shortest documents of the system (85-185 words a side): TER parity on real text
# in seconds. The whole folder costs ~7 CPU-minutes of TER shift search in the CLI and as
# much again in auditor, so it runs only on request.
SHORT_DOCUMENTS = [
    "bild.254846.txt", "handelsblatt.com.292682.txt", "haz.de.150747.txt",
    "nw-news.de.146744.txt", "nzz.ch.79514.txt", "oberpfalznetz.de.99395.txt",
    "pnp.de.390035.txt", "sz.151540.txt",
]


@NO_SHARED
def test_cli_parity_on_short_wmt21_documents_all_metrics(tmp_path):
    corpus = assert_parity(wmt21_pairs(SHORT_DOCUMENTS), tmp_path)
    assert (corpus.documents, corpus.misaligned) == (8, 8)


@NO_SHARED
@pytest.mark.skipif(not SLOW, reason="TER over a whole WMT21 folder takes minutes; set AUDITOR_SLOW_TESTS=1")
def test_cli_parity_on_a_wmt21_system_folder_all_metrics(tmp_path):
    corpus = assert_parity(wmt21_pairs(), tmp_path)
    assert (corpus.documents, corpus.misaligned) == (61, 61)


# --- rank correlation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("xs", "ys", "expected"),
    [
        ([1, 2, 3, 4, 5], [5, 6, 7, 8, 7], 8 / math.sqrt(95)),  # tie in ys: ranks 3.5, 3.5
        ([1, 2, 3], [30, 20, 10], -1.0),
        ([1, 1, 2, 3], [1, 2, 2, 3], 0.8333333333333334),  # ties on both sides
        ([0.5, 0.1, 0.9, 0.3], [10, 40, 20, 30], -0.8),
    ],
)
def test_rank_correlation_known_values(xs, ys, expected):
    assert rank_correlation(xs, ys) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("xs", "ys"),
    [([], []), ([1, 2], [2, 1]), ([1, 2, 3], [4, 4, 4]), ([7, 7, 7], [1, 2, 3])],
)
def test_rank_correlation_undefined_is_none(xs, ys):
    assert rank_correlation(xs, ys) is None


def test_rank_correlation_needs_pairs():
    with pytest.raises(ValueError, match="paired"):
        rank_correlation([1, 2, 3], [1, 2])


def test_rule_metric_correlation_takes_pairs():
    assert rule_metric_correlation([(1, 5), (2, 6), (3, 7), (4, 8), (5, 7)]) == pytest.approx(
        8 / math.sqrt(95), rel=1e-12
    )
