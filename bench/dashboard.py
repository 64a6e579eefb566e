"""Size and write time of the HTML report (dashboard and document pages) for big runs; prints numbers, asserts nothing.

    PYTHONPATH=. python bench/dashboard.py                 # 5,000 and 100,000 documents
    PYTHONPATH=. python bench/dashboard.py --docs 5000 --chromium --keep /tmp/dash5k

The documents are synthetic but realistic: the five sample articles are audited once with
the built-in rules, then repeated under other names over 40 sites, every third one with
its findings dropped (a clean document, which gets no page). With --chromium the script
opens index.html in headless Chromium (as a user would, no network) and prints the time
from navigation start to the first drawn page of the document table (the page writes it
into data-render-ms), next to the wall time of the whole Chromium process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.inputs.discover import Source  # noqa: E402
from auditor.model import RunSummary  # noqa: E402
from auditor.reporters.base import RunInfo  # noqa: E402
from auditor.reporters.html import HtmlReporter  # noqa: E402
from auditor.run.pipeline import Options, audit_source  # noqa: E402
from auditor.ruleset.loader import load_ruleset  # noqa: E402
from auditor.scanner import Engine  # noqa: E402

SITES = 40


def sample_results() -> list[tuple[object, str]]:
    """The sample articles audited with the built-in rules: (result, text) pairs."""
    engine = Engine(load_ruleset([], builtin=True), {})
    options = Options(language="fr")
    out = []
    for path in sorted((ROOT / "samples").glob("*.txt")):
        src = Source(path=path, display=str(path), key=path.name, source=".")
        outcome = audit_source(src, engine, options)
        out.append((outcome.result, path.read_text(encoding="utf-8")))
    return out


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes and number of files below a folder."""
    total = files = 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            total += os.path.getsize(os.path.join(dirpath, name))
            files += 1
    return total, files


def write_report(n: int, samples: list, out: Path) -> float:
    """Write the HTML report of `n` synthetic documents into `out`; return the seconds it took."""
    reporter = HtmlReporter()
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    reporter.start(RunInfo(f"bench-{n}", str(out), {"tool": "bench"}, started))
    verdicts: dict[str, int] = {}
    severities: dict[str, int] = {}
    findings = words = 0
    for i in range(n):
        result, text = samples[i % len(samples)]
        site = f"site-{i % SITES:02d}.example"
        key = f"{site}/article-{i:06d}.txt"
        if i % 3 == 2:  # a clean document: no findings, a passing score
            result = replace(result, findings=(), score=100.0, verdict="pass", penalty=0.0)
        result = replace(result, path=f"corpus/{key}", key=key, source=site)
        reporter.document(result, text)
        verdicts[result.verdict] = verdicts.get(result.verdict, 0) + 1
        findings += len(result.findings)
        words += result.words
        for f in result.findings:
            severities[f.severity.value] = severities.get(f.severity.value, 0) + 1
    summary = RunSummary(n, 0, words, findings, severities, {}, {}, verdicts, 0)
    reporter.finish(summary)
    return time.perf_counter() - t0


def open_in_chromium(index: Path) -> tuple[int, float]:
    """Open the dashboard in headless Chromium: (ms to the first drawn table, in the page; wall seconds of the process)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return -1, -1.0
    with tempfile.TemporaryDirectory() as profile:
        t0 = time.perf_counter()
        done = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run", f"--user-data-dir={profile}", "--dump-dom", index.as_uri()],
            capture_output=True, text=True, timeout=600,
        )
        wall = time.perf_counter() - t0
    head = done.stdout[:400]
    at = head.find('data-render-ms="')
    ms = int(head[at + 16 : head.index('"', at + 16)]) if at >= 0 else -1
    return ms, wall


def main() -> None:
    """Print size and write time for each size asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, action="append", help="number of documents (repeatable; default 5000 and 100000)")
    parser.add_argument("--chromium", action="store_true", help="also time opening index.html in headless Chromium")
    parser.add_argument("--keep", default="", help="write into this folder and keep it (one size only)")
    args = parser.parse_args()
    sizes = args.docs or [5000, 100000]
    samples = sample_results()
    print(f"samples: {len(samples)} articles, {sum(len(r.findings) for r, _ in samples)} findings, {sum(r.words for r, _ in samples)} words")
    for n in sizes:
        out = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="dashbench-"))
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        seconds = write_report(n, samples, out)
        index = (out / "index.html").stat().st_size
        pages, files = folder_size(out / "pages")
        line = (
            f"{n:>7} documents: index.html {index / 1e6:.1f} MB, pages/ {pages / 1e6:.1f} MB in {files} files, "
            f"total {(index + pages) / 1e6:.1f} MB; written in {seconds:.1f} s ({n / seconds:.0f} docs/s)"
        )
        if args.chromium:
            ms, wall = open_in_chromium(out / "index.html")
            line += f"; Chromium: table drawn {ms} ms after navigation start (process wall {wall:.1f} s)"
        print(line, flush=True)
        if not args.keep:
            shutil.rmtree(out)


if __name__ == "__main__":
    main()
