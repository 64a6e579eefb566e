"""Benchmark of the batch engine against the targets of the batch issue; prints numbers, asserts nothing.

    PYTHONPATH=. python bench/run.py                  # generates bench/corpus first if missing
    PYTHONPATH=. python bench/run.py --corpus DIR --skip-jobs1

It runs the real command line (`python -m auditor scan`, built-in rules, default
options) in fresh processes and reports:

- cold run on 2 jobs and on 1 job (empty cache): MB/s, docs/s, 1 -> 2 jobs scaling;
- time per stage (read, rules, entities, language, scoring, reporting), summed over
  workers, measured with AUDITOR_TIMINGS=1 (off in normal runs);
- warm re-run (every result from the cache) against the cold run;
- peak RSS of the main process and of the largest worker, on the whole corpus and on a
  quarter of it (memory must not grow with the number of files);
- one article from a cold start (a fresh `auditor scan samples/004...`);
- 1,000 generated pattern rules through the engine, against a loop of plain `re`;
- codespell over the same corpus in one process, as the reference for a Python checker.

With `--baseline TREE` (a checkout of an earlier commit, e.g. `git worktree add /tmp/base e20d424`),
it then prints the throughput before and after: the same 2-job scan by the baseline tree and
by this one, alternated `--pairs` times on the bench corpus and on real text, as medians of CPU
seconds (summed over workers: the figure least disturbed by other load) and wall seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ARTICLE = ROOT / "samples" / "004_444b37314a03c9fa.txt"
# Real French that nobody generated: the WMT21 references and system outputs. The bench
# corpus is built from five articles, so it repeats sentences far more than real news,
# which flatters memoised work; this run shows the speed on text that does not repeat.
REAL_TEXT = ROOT.parent / "shared" / "corpora" / "wmt21-de-fr"
STAGES = {  # bench stage -> timer names recorded by auditor.run.pipeline (census: by scan, wall time)
    "census": ("census",),
    "read": ("read", "cache"),
    "rules": ("rules",),
    "entities": ("entities",),
    "language": ("language", "language-checks"),
    "scoring": ("scoring",),
    "reporting": ("reporting",),
}


def corpus_size(corpus: Path) -> tuple[int, int]:
    """(documents, bytes) of the corpus."""
    files = [p for p in corpus.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


_RUSAGE_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "wall = time.perf_counter() - t\n"
    "sys.stderr.buffer.write(p.stderr)\n"
    "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(wall, p.returncode, use.ru_maxrss, use.ru_utime + use.ru_stime)\n"
)


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of measured runs: bytecode caching on, as in an installed package."""
    env = {**os.environ, **(extra or {})}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> dict:
    """Run `cmd` in a fresh process; return wall time, exit code, peak RSS (MB), CPU seconds (itself and its workers) and stderr."""
    wrapped = subprocess.run([sys.executable, "-c", _RUSAGE_WRAPPER, *cmd], capture_output=True, text=True, env=environment(env), cwd=cwd)
    wall, code, maxrss, cpu = wrapped.stdout.split()
    return {"wall": float(wall), "code": int(code), "rss_mb": int(maxrss) / 1024, "cpu": float(cpu), "stderr": wrapped.stderr}


def compare_corpora(corpus: Path) -> list[tuple[str, Path, list[str], float]]:
    """The corpora of the before/after comparison (label, folder, scan options, MB scanned): the bench corpus, and real text when present."""
    corpora = [("bench corpus", corpus, [], corpus_size(corpus)[1] / 1e6)]
    if REAL_TEXT.is_dir():
        size = corpus_size(REAL_TEXT)[1] - corpus_size(REAL_TEXT / "src")[1]  # the German sources are not scanned
        corpora.append(("real text, WMT21 de-fr refs and MT outputs", REAL_TEXT, ["--include", "ref/*", "--include", "sys/*"], size / 1e6))
    return corpora


def before_after(baseline: Path, corpora: list[tuple[str, Path, list[str], float]], out: Path, pairs: int) -> None:
    """Print the throughput of the baseline tree and of this one on each corpus: medians of alternated runs."""
    import tempfile

    trees = {"before": baseline.resolve(), "after": ROOT}
    with tempfile.TemporaryDirectory() as caches:
        # Each tree its own user cache: two versions sharing one would evict each other's entries.
        envs = {name: {"PYTHONPATH": str(tree), "AUDITOR_CACHE_DIR": str(Path(caches) / name)} for name, tree in trees.items()}
        for number, (label, corpus, extra, size) in enumerate(corpora):
            # Unmeasured, each tree once: the bytecode and the user cache an installed tool has
            # after its first nights (the word lists of other languages are built on first need).
            for name in trees:
                warm = [*scan_cmd(corpus, out / f"compare{number}-{name}-warm", f"compare{number}-{name}-warm", 2, "--no-cache", "--fail-on", "never"), *extra]
                subprocess.run(warm, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment(envs[name]), cwd=trees[name])
            runs: dict[str, list[dict]] = {name: [] for name in trees}
            for i in range(pairs):
                for name in trees:
                    # A report folder and run id of its own: a scan resumes a run id it finds unfinished.
                    folder = out / f"compare{number}-{name}-{i}"
                    cmd = [*scan_cmd(corpus, folder, f"compare{number}-{name}-{i}", 2, "--no-cache", "--fail-on", "never"), *extra]
                    # Run from the tree: `python -m` puts the working folder before PYTHONPATH.
                    runs[name].append(measure(cmd, envs[name], cwd=trees[name]))
            cpu = {name: statistics.median(r["cpu"] for r in rs) for name, rs in runs.items()}
            wall = {name: statistics.median(r["wall"] for r in rs) for name, rs in runs.items()}
            rss = {name: max(r["rss_mb"] for r in rs) for name, rs in runs.items()}
            print(f"before/after, {label} ({size:.1f} MB, {pairs} alternated pairs, medians):")
            for name in trees:
                print(f"  {name:6}  {trees[name]}: CPU {cpu[name]:.1f} s ({size / cpu[name]:.2f} MB per CPU second), "
                      f"wall {wall[name]:.1f} s ({size / wall[name]:.2f} MB/s), peak RSS {rss[name]:.0f} MB")
            print(f"  after/before: CPU x{cpu['after'] / cpu['before']:.2f}, wall x{wall['after'] / wall['before']:.2f}")


def scan_cmd(corpus: Path, out: Path, run_id: str, jobs: int, *extra: str) -> list[str]:
    """The default pipeline on the corpus."""
    return [sys.executable, "-m", "auditor", "scan", str(corpus), "--out", str(out), "--run-id", run_id, "--jobs", str(jobs), "-q", *extra]


def timings(stderr: str) -> dict[str, float]:
    """Per-stage seconds printed by a run with AUDITOR_TIMINGS=1."""
    match = re.search(r"auditor: timings (\{.*\})", stderr)
    raw = json.loads(match.group(1)) if match else {}
    return {stage: sum(raw.get(name, 0.0) for name in names) for stage, names in STAGES.items()}


def pattern_bench(corpus: Path, megabytes: float) -> tuple[float, float]:
    """MB/s of 1,000 generated pattern rules in the engine, and of a loop of plain `re` over them."""
    import random

    import yaml

    from auditor.document import Document
    from auditor.ruleset.loader import load_ruleset
    from auditor.scanner import Engine, audit

    rng = random.Random(1)
    words = sorted({w.lower() for p in sorted(corpus.rglob("*.txt"))[:200] for w in re.findall(r"[a-zéèêàç]{6,}", p.read_text("utf-8"))})
    rules = []
    patterns = []
    for i in range(1000):
        word = rng.choice(words)
        pattern = rf"\b{word}(?:s|x)?\s+(?:de|du|des)\s+\w+"
        patterns.append(pattern)
        rules.append(
            {
                "id": f"bench.pattern.p{i:04d}",
                "kind": "pattern",
                "category": "style/awkward",
                "severity": "minor",
                "message": "Generated pattern.",
                "languages": ["fr"],
                "pattern": pattern,
                "examples": {"flag": [f"[[{word} de Paris]]"], "pass": ["rien"]},
            }
        )
    tmp = ROOT / "bench" / "out" / "patterns.yaml"
    tmp.parent.mkdir(parents=True, exist_ok=True)
    tmp.write_text(yaml.safe_dump({"rules": rules}, allow_unicode=True), encoding="utf-8")
    compiled = Engine(load_ruleset([tmp], builtin=False)).for_language("fr")
    texts, size = [], 0
    for path in sorted(corpus.rglob("*.txt")):
        texts.append(path.read_text("utf-8"))
        size += len(texts[-1].encode())
        if size > megabytes * 1e6:
            break
    start = time.perf_counter()
    for text in texts:
        audit(Document(text, language="fr"), compiled)
    engine_rate = size / 1e6 / (time.perf_counter() - start)
    plain = [re.compile(p) for p in patterns]
    sample = texts[:20]
    sample_size = sum(len(t.encode()) for t in sample)
    start = time.perf_counter()
    for text in sample:
        for regex in plain:
            for _ in regex.finditer(text):
                pass
    return engine_rate, sample_size / 1e6 / (time.perf_counter() - start)


def cold_start(out: Path) -> tuple[float, list[float], dict[str, float]]:
    """Wall seconds of a fresh `auditor scan` of one article: once with an empty user cache
    (parsed rules and language profiles are built and stored), then three times with it,
    then once for each sample article.

    One unmeasured run first writes the bytecode caches an install would have.
    """
    import tempfile

    def once(article: Path, run_id: str, cache_dir: str) -> float:
        cmd = [sys.executable, "-m", "auditor", "scan", str(article), "--out", str(out), "--run-id", run_id, "--no-cache", "-q"]
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment({"PYTHONPATH": str(ROOT), "AUDITOR_CACHE_DIR": cache_dir}))
        return time.perf_counter() - start

    with tempfile.TemporaryDirectory() as warmup, tempfile.TemporaryDirectory() as cache_dir:
        once(ARTICLE, "cold-bytecode", warmup)
        first = once(ARTICLE, "cold-empty-cache", cache_dir)
        repeated = [once(ARTICLE, f"cold{i}", cache_dir) for i in range(3)]
        samples = {p.name[:3]: once(p, f"cold-{p.stem}", cache_dir) for p in sorted(ARTICLE.parent.glob("*.txt"))}
        return first, repeated, samples


def _spin(n: int) -> int:
    """Pure CPU work for the machine check."""
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_scaling() -> float:
    """How much faster 2 processes finish pure-Python work than 1, on this machine, now.

    On a machine shared with other busy processes this is well below 2, and no program
    can scale better than it: it says whether the 1 -> 2 jobs figure means anything.
    """
    from concurrent.futures import ProcessPoolExecutor

    walls = []
    for jobs in (1, 2):
        start = time.perf_counter()
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(_spin, [3_000_000] * 8))
        walls.append(time.perf_counter() - start)
    return walls[0] / walls[1]


def find_codespell() -> str | None:
    """codespell from PATH or beside this Python."""
    return shutil.which("codespell") or next((str(p) for p in [Path(sys.executable).parent / "codespell"] if p.exists()), None)


def main(argv: list[str] | None = None) -> int:
    """Run every measurement and print a report against the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT / "bench" / "corpus"))
    parser.add_argument("--out", default=str(ROOT / "bench" / "out"))
    parser.add_argument("--skip-jobs1", action="store_true", help="skip the 1-job cold run (no scaling figure)")
    parser.add_argument("--baseline", metavar="TREE", help="a checkout of an earlier commit: print throughput before and after")
    parser.add_argument("--pairs", type=int, default=3, help="alternated runs of each tree with --baseline (default 3)")
    parser.add_argument("--only-baseline", action="store_true", help="with --baseline, skip every other measurement")
    args = parser.parse_args(argv)
    corpus, out = Path(args.corpus), Path(args.out)
    if not corpus.is_dir():
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), "--out", str(corpus)], check=True)
    docs, size = corpus_size(corpus)
    mb = size / 1e6
    print(f"corpus: {docs} documents, {mb:.1f} MB ({corpus})")
    print(f"cores available: {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()}")
    if args.baseline and args.only_baseline:
        shutil.rmtree(out, ignore_errors=True)
        before_after(Path(args.baseline), compare_corpora(corpus), out, args.pairs)
        return 0
    env = {"PYTHONPATH": str(ROOT), "AUDITOR_TIMINGS": "1"}
    shutil.rmtree(out, ignore_errors=True)
    # Unmeasured: writes the bytecode and the user cache (parsed rules, language profiles,
    # word frequencies) that an installed tool has after its first run; the cost of a first
    # run with an empty user cache is measured with the one-article start-up below.
    subprocess.run(scan_cmd(ROOT / "samples", out / "setup", "setup", 1, "--no-cache"), stdout=subprocess.DEVNULL, env=environment({"PYTHONPATH": str(ROOT)}))
    before = machine_scaling()

    cold2 = measure(scan_cmd(corpus, out, "cold2", 2), env)
    warm = measure(scan_cmd(corpus, out, "warm2", 2), env)
    # Its own report folder: reports identical to an earlier run's are hard-linked from it, which
    # would make the 1-job run cheaper than a true cold run.
    cold1 = None if args.skip_jobs1 else measure(scan_cmd(corpus, out / "solo", "cold1", 1, "--no-cache"), env)
    quarter_dirs = sorted(p for p in corpus.iterdir() if p.is_dir())[: max(1, len(list(corpus.iterdir())) // 4)]
    quarter = measure([*scan_cmd(quarter_dirs[0].parent, out, "quarter", 2, "--no-cache"), *[a for d in quarter_dirs for a in ("--include", f"{d.name}/*")]], env)
    real = None
    if REAL_TEXT.is_dir():
        real_size = corpus_size(REAL_TEXT)[1]
        real_cmd = [*scan_cmd(REAL_TEXT, out, "real", 2, "--no-cache"), "--include", "ref/*", "--include", "sys/*"]
        real = (measure(real_cmd, {"PYTHONPATH": str(ROOT)}), real_size - corpus_size(REAL_TEXT / "src")[1])
    first_start, starts, per_sample = cold_start(out)
    codespell = find_codespell()
    spell = measure([codespell, str(corpus)]) if codespell else None
    engine_rate, plain_rate = pattern_bench(corpus, 5.0)
    after = machine_scaling()
    print(f"machine check: pure-Python work on 2 processes vs 1: {before:.2f}x before, {after:.2f}x after the runs (2.0 on an idle machine)")

    def rate(run: dict) -> str:
        return f"{run['wall']:.1f} s, {mb / run['wall']:.2f} MB/s, {docs / run['wall']:.0f} docs/s, exit {run['code']}, peak RSS {run['rss_mb']:.0f} MB"

    print(f"cold, 2 jobs:      {rate(cold2)}")
    if cold1:
        print(f"cold, 1 job:       {rate(cold1)}")
    reuse = next((line for line in warm["stderr"].splitlines() if line.startswith("cache:")), "")
    print(f"warm, 2 jobs:      {rate(warm)}" + (f"  ({reuse})" if reuse else ""))
    print(f"quarter, 2 jobs:   {quarter['wall']:.1f} s, peak RSS {quarter['rss_mb']:.0f} MB")
    if real:
        print(f"real text (WMT21 de-fr refs and MT outputs, {real[1] / 1e6:.1f} MB), cold, 2 jobs: "
              f"{real[0]['wall']:.1f} s, {real[1] / 1e6 / real[0]['wall']:.2f} MB/s (start-up included)")
    print(f"one article cold start: {', '.join(f'{s:.2f}' for s in starts)} s (median {statistics.median(starts):.2f} s); "
          f"{first_start:.2f} s the first time, with an empty user cache; each sample: "
          + ", ".join(f"{name} {wall:.2f} s" for name, wall in per_sample.items()))
    print(f"1,000 pattern rules: engine {engine_rate:.2f} MB/s; plain `re` loop {plain_rate:.3f} MB/s")
    stages = timings((cold1 or cold2)["stderr"])
    total = sum(stages.values()) or 1.0
    label = "1 job" if cold1 else "2 jobs, summed over workers"
    print(f"time per stage ({label}): " + ", ".join(f"{k} {v:.1f} s ({100 * v / total:.0f}%)" for k, v in stages.items()))
    if spell:
        print(f"codespell (1 process): {spell['wall']:.1f} s, {mb / spell['wall']:.2f} MB/s")
    else:
        print("codespell: NOT INSTALLED (pip install codespell) - no reference speed, ratio target not measured")

    print("\ntargets:")
    if spell:
        ratio = spell["wall"] / cold2["wall"]
        print(f"  2-core pipeline / codespell speed >= 1.0:   {ratio:.2f}  {'met' if ratio >= 1 else 'NOT met'}")
    if cold1:
        scaling = cold1["wall"] / cold2["wall"]
        print(f"  1 -> 2 jobs scaling >= 1.7x:                 {scaling:.2f}x  {'met' if scaling >= 1.7 else 'NOT met'}")
    print(f"  peak RSS < 300 MB:                           {cold2['rss_mb']:.0f} MB  {'met' if cold2['rss_mb'] < 300 else 'NOT met'}")
    print(f"  RSS flat with file count (quarter vs all):   {quarter['rss_mb']:.0f} vs {cold2['rss_mb']:.0f} MB")
    share = warm["wall"] / cold2["wall"]
    print(f"  warm re-run < 10% of cold:                   {100 * share:.1f}%  {'met' if share < 0.1 else 'NOT met'}")
    median = statistics.median(starts)
    print(f"  one article cold start < 0.5 s:              {median:.2f} s  {'met' if median < 0.5 else 'NOT met'}"
          f" (slowest sample {max(per_sample.values()):.2f} s)")
    if args.baseline:
        print()
        before_after(Path(args.baseline), compare_corpora(corpus), out, args.pairs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
