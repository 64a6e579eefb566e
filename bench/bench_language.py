"""Benchmark of the language checks: cascade vs backend on every segment, and false positives on human French.

    PYTHONPATH=. python bench/bench_language.py            # throughput on a generated 20 MB corpus
    PYTHONPATH=. python bench/bench_language.py --fp       # untranslated findings on human French

The corpus is generated in memory, reproducibly (seeded), from French paragraphs of
samples/ and ../shared/corpora (human references and newstest2014), with English
paragraphs (written for this bench) and German paragraphs (WMT21 sources) inserted.
Running langdetect on every segment of 20 MB takes minutes, so by default the baseline
runs on a seeded subset of the documents and its time is extrapolated to the whole corpus;
`--baseline-mb 0` runs it on everything.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Iterator, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.document import Document  # noqa: E402
from auditor.lang import language  # noqa: E402
from auditor.lang.language import Segment, detect_language, foreign_segments  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
REF_DIR = CORPORA / "wmt21-de-fr" / "ref"
SRC_DIR = CORPORA / "wmt21-de-fr" / "src"
NEWSTEST = CORPORA / "newstest2014-fr" / "newstest2014.fr.txt"
SAMPLES = ROOT / "samples"

# Written for this bench: recombined at random into English paragraphs.
ENGLISH_SENTENCES = (
    "The minister said the reform would be voted on before the end of the year.",
    "Critics say the plan has no funding and will never be carried out.",
    "This site uses cookies to improve your experience while you navigate through the website.",
    "The company reported a sharp rise in profits for the third quarter in a row.",
    "Officials have not yet confirmed how many people were affected by the outage.",
    "He told reporters that he had no intention of stepping down from his post.",
    "The talks are expected to resume next week in Geneva, according to diplomats.",
    "Prices of basic goods have risen faster than wages over the past two years.",
    "The court ruled that the law was not compatible with the constitution.",
    "Analysts expect the central bank to keep interest rates unchanged for now.",
    "Several roads were closed after heavy rain flooded parts of the city overnight.",
    "She has been one of the most outspoken critics of the government's policy.",
)


def french_paragraphs() -> list[str]:
    """Return human French paragraphs: reference and sample paragraphs, newstest lines in groups."""
    paras: list[str] = []
    for path in sorted(REF_DIR.glob("*.txt")) + sorted(SAMPLES.glob("00[23]_*.txt")):
        paras += [p.strip() for p in path.read_text(encoding="utf-8-sig").splitlines() if p.strip()]
    lines = [ln.strip() for ln in NEWSTEST.read_text(encoding="utf-8").splitlines() if ln.strip()]
    rng = random.Random(7)
    i = 0
    while i < len(lines):
        n = rng.randint(1, 4)
        paras.append(" ".join(lines[i : i + n]))
        i += n
    return paras


def german_paragraphs() -> list[str]:
    """Return the German source paragraphs of WMT21."""
    out: list[str] = []
    for path in sorted(SRC_DIR.glob("*.txt")):
        out += [p.strip() for p in path.read_text(encoding="utf-8").splitlines() if len(p.strip()) > 60]
    return out


def generate_corpus(megabytes: float, seed: int = 2024) -> list[str]:
    """Return documents of 8-20 paragraphs totalling `megabytes` MB of UTF-8; 3% English, 1% German."""
    rng = random.Random(seed)
    french, german = french_paragraphs(), german_paragraphs()
    docs: list[str] = []
    total, target = 0, int(megabytes * 1_000_000)
    while total < target:
        paras = []
        for _ in range(rng.randint(8, 20)):
            roll = rng.random()
            if roll < 0.03:
                paras.append(" ".join(rng.sample(ENGLISH_SENTENCES, rng.randint(1, 3))))
            elif roll < 0.04:
                paras.append(rng.choice(german))
            else:
                paras.append(rng.choice(french))
        doc = "\n\n".join(paras) + "\n"
        docs.append(doc)
        total += len(doc.encode("utf-8"))
    return docs


BACKEND_CALLS: list[int] = [0]


class _CountedLangdetect(language._LangdetectBackend):
    """langdetect counting its calls (answers from its memo included), screening kept."""

    def screen(self, text: str, ignore: str, floor: float) -> Sequence[tuple[str, float]]:
        """Count the call, then answer as langdetect does."""
        BACKEND_CALLS[0] += 1
        return super().screen(text, ignore, floor)


language.BACKENDS["langdetect-counted"] = _CountedLangdetect


def run(docs: list[str], cascade: bool) -> tuple[float, list[list[Segment]]]:
    """Return the seconds taken and the foreign segments of each document."""
    start = time.perf_counter()
    found = [
        foreign_segments(Document(text, language="fr"), "fr", cascade=cascade, backend="langdetect-counted")
        for text in docs
    ]
    return time.perf_counter() - start, found


def size_mb(docs: list[str]) -> float:
    """Return the UTF-8 size of the documents in MB."""
    return sum(len(d.encode("utf-8")) for d in docs) / 1_000_000


def throughput(args: argparse.Namespace) -> None:
    """Print MB/s with and without the cascade, the speedup, and whether findings agree."""
    t0 = time.perf_counter()
    docs = generate_corpus(args.mb, args.seed)
    mb = size_mb(docs)
    print(f"corpus: {len(docs)} documents, {mb:.1f} MB (seed {args.seed}), generated in {time.perf_counter() - t0:.1f} s")

    run(docs[:5], cascade=False)  # load langdetect's profiles outside the timings
    BACKEND_CALLS[0] = 0
    secs_c, found_c = run(docs, cascade=True)
    print(
        f"cascade:     {secs_c:7.1f} s  {mb / secs_c:6.2f} MB/s  ({sum(map(len, found_c))} segments, "
        f"{BACKEND_CALLS[0]} backend calls)"
    )

    if args.baseline_mb and args.baseline_mb < mb:
        subset_idx = sorted(random.Random(args.seed).sample(range(len(docs)), len(docs)))
        picked, acc = [], 0.0
        for i in subset_idx:
            picked.append(i)
            acc += len(docs[i].encode("utf-8")) / 1_000_000
            if acc >= args.baseline_mb:
                break
        picked.sort()
        sub = [docs[i] for i in picked]
        BACKEND_CALLS[0] = 0
        secs_b, found_b = run(sub, cascade=False)
        sub_mb = size_mb(sub)
        rate_b = sub_mb / secs_b
        print(
            f"no cascade:  {secs_b:7.1f} s  {rate_b:6.2f} MB/s  on a random subset of {len(sub)} documents "
            f"({sub_mb:.1f} MB, {BACKEND_CALLS[0]} backend calls); extrapolated to the whole corpus: "
            f"{mb / rate_b:.0f} s"
        )
        same_docs = [found_c[i] == b for i, b in zip(picked, found_b)]
        compared = f"the {len(sub)} subset documents"
    else:
        secs_b, found_b = run(docs, cascade=False)
        rate_b = mb / secs_b
        print(f"no cascade:  {secs_b:7.1f} s  {rate_b:6.2f} MB/s  ({sum(map(len, found_b))} segments)")
        same_docs = [c == b for c, b in zip(found_c, found_b)]
        compared = f"all {len(docs)} documents"
    print(f"speedup:     {(mb / secs_c) / rate_b:.1f}x (target >= 5x)")
    print(f"identical findings on {compared}: {sum(same_docs)}/{len(same_docs)}")

    start = time.perf_counter()
    languages = Counter(detect_language(text)[0] for text in docs)
    secs = time.perf_counter() - start
    print(f"detect_language on whole documents (cascade): {mb / secs:.2f} MB/s, {dict(languages)}")

    tests = [Document(p.read_text(encoding="utf-8-sig"), str(p), "fr") for p in sorted(SAMPLES.glob("*.txt"))]
    tests += [Document(t, language="fr") for t in _test_documents()]
    same = all(foreign_segments(d, "fr") == foreign_segments(d, "fr", cascade=False) for d in tests)
    print(f"identical findings on the {len(tests)} test documents (seeds + tests/test_language.py): {same}")


def _test_documents() -> Iterator[str]:
    """Yield the texts of the test documents of tests/test_language.py."""
    sys.path.insert(0, str(ROOT / "tests"))
    import test_language

    for doc in test_language.TEST_DOCUMENTS.values():
        yield doc.text


def human_documents() -> Iterator[tuple[str, str]]:
    """Yield (name, text) of the human French: 61 WMT21 references, newstest2014 in 20-line documents."""
    for path in sorted(REF_DIR.glob("*.txt")):
        yield path.name, path.read_text(encoding="utf-8")
    lines = NEWSTEST.read_text(encoding="utf-8").splitlines()
    for i in range(0, len(lines), 20):
        yield f"newstest2014:{i + 1}-{min(i + 20, len(lines))}", "\n".join(lines[i : i + 20]) + "\n"


def false_positives(args: argparse.Namespace) -> None:
    """Print untranslated findings per 10,000 words on human French, with and without the cascade."""
    docs = [(name, Document(text, name, "fr")) for name, text in human_documents()]
    words = sum(d.word_count for _, d in docs)
    print(f"human French: {len(docs)} documents, {words} words")
    for cascade in (True, False):
        found = [(name, d, s) for name, d in docs for s in foreign_segments(d, "fr", cascade=cascade)]
        label = "cascade" if cascade else "no cascade"
        print(f"{label}: {len(found)} untranslated findings, {len(found) / words * 10_000:.2f} per 10,000 words (target < 1)")
        for name, d, s in found:
            line, col = d.position(s.start)
            print(f"  {name}:{line}:{col}: {s.language} p={s.probability:.2f} {d.text[s.start:s.end][:100]!r}")
    others = [(name, detect_language(d.text)) for name, d in docs]
    others = [(name, found) for name, found in others if found[0] != "fr"]
    print(f"whole-document language other than fr: {len(others)} of {len(docs)} documents {others}")


def main(argv: list[str] | None = None) -> int:
    """Run the throughput benchmark, or the false-positive measurement with --fp."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fp", action="store_true", help="measure findings on human French instead")
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--baseline-mb", type=float, default=2.0,
        help="MB of documents for the no-cascade baseline, extrapolated (0: the whole corpus)",
    )
    args = parser.parse_args(argv)
    if args.fp:
        false_positives(args)
    else:
        throughput(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
