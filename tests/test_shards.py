"""`scan --shard I/N` and `merge`: shards chosen by key hash, merged back into the single run's reports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.run.shards import Shard, parse_shard
from surfaces import without_run_columns

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
TIMES = ("run_id", "started", "finished")


def make_batch(root: Path) -> Path:
    """Two sites of real samples, a name spelled two ways across documents, an undecodable and an empty file."""
    folder = root / "in"
    for site in ("site-a", "site-b"):
        shutil.copytree(SAMPLES, folder / site)
    (folder / "site-b" / "bad.txt").write_bytes(b"\xff\xfe\x00\x00")
    (folder / "empty.txt").write_bytes(b"")
    for i in range(4):
        (folder / f"kovalenko-{i}.txt").write_text(f"Le ministre Kovalenko a parlé mardi à Kiev ({i}).\n", encoding="utf-8")
    (folder / "kovalenco.txt").write_text("Le ministre Kovalenco a parlé mardi à Kiev.\n", encoding="utf-8")
    return folder


def report_files(run: Path) -> dict[str, bytes]:
    """Every report file of a run by relative path; run.json without its run id and times, CSVs with their run cells blanked."""
    out = {}
    for path in sorted(run.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name == "run.json":
                record = json.loads(data)
                data = json.dumps({k: v for k, v in record.items() if k not in TIMES}).encode()
            elif path.suffix == ".csv":
                data = without_run_columns(data)
            out[str(path.relative_to(run))] = data
    return out


def scan(folder: Path, out: Path, run_id: str, *extra: str) -> int:
    return main(["scan", str(folder), "--out", str(out), "--run-id", run_id, "-q", "--fail-on", "never", "--jobs", "1", "--format", "jsonl", *extra])


def test_three_shards_merged_are_the_single_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder = make_batch(tmp_path)
    out = tmp_path / "reports"
    assert scan(folder, out, "single") == 4  # the bad and empty files: inputs that could not be read
    every_key = sorted(json.loads(line)["key"] for line in capsys.readouterr().out.splitlines())
    codes = [scan(folder, out, f"s{i}", "--shard", f"{i}/3") for i in (1, 2, 3)]
    manifests = [json.loads((out / f"s{i}" / "shard.json").read_text(encoding="utf-8")) for i in (1, 2, 3)]
    keys = [[k for _, k in m["documents"]] for m in manifests]
    assert sorted(k for part in keys for k in part) == every_key and all(keys)
    assert codes == [4 if {"empty.txt", "site-b/bad.txt"} & set(part) else 0 for part in keys]
    # The shards are given in another order than their numbers: merge orders by position, not by argument.
    assert main(["merge", str(out / "s3"), str(out / "s1"), str(out / "s2"), "--out", str(tmp_path / "merged")]) == 4
    single, merged = report_files(out / "single"), report_files(tmp_path / "merged")
    assert set(single) == set(merged)
    assert {"summary.csv", "findings.csv", "rules.csv", "sources.csv", "run.json", "files/kovalenco.txt.json"} <= set(single)
    assert [name for name in single if single[name] != merged[name]] == []
    # The batch-variant finding needs the whole batch: every shard took the census of all inputs.
    variant = json.loads(single["files/kovalenco.txt.json"])["findings"]
    assert [f["rule_id"] for f in variant] == ["fr.entity.batch-variant"]


@pytest.mark.parametrize(
    ("text", "error"),
    [("0/3", "between 1 and N"), ("4/3", "between 1 and N"), ("3", "expected I/N"), ("a/b", "expected I/N"), ("1/0", "between 1 and N")],
)
def test_bad_shard_values_are_refused(text: str, error: str):
    with pytest.raises(ValueError, match=error):
        parse_shard(text)


def test_shards_partition_keys_by_hash_whatever_the_order():
    keys = [f"site/{i:04d}.txt" for i in range(300)]
    owners = {k: [i for i in (1, 2, 3) if Shard(i, 3).holds(k)] for k in keys}
    assert all(len(v) == 1 for v in owners.values())
    sizes = [sum(1 for v in owners.values() if v == [i]) for i in (1, 2, 3)]
    assert sum(sizes) == 300 and min(sizes) > 70  # a hash spreads keys: no shard is starved
    reordered = {k: [i for i in (1, 2, 3) if Shard(i, 3).holds(k)] for k in reversed(keys)}
    assert reordered == owners
    assert [i for i in (1, 2, 3) if Shard(i, 3).holds("site/0000.txt")] == [owners["site/0000.txt"][0]]


def test_merge_refuses_a_missing_shard_and_mixed_settings(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder = make_batch(tmp_path)
    out = tmp_path / "reports"
    scan(folder, out, "s1", "--shard", "1/3")
    scan(folder, out, "s2", "--shard", "2/3")
    scan(folder, out, "t3", "--shard", "3/3", "--min-words", "1")
    capsys.readouterr()
    assert main(["merge", str(out / "s1"), str(out / "s2"), "--out", str(tmp_path / "m")]) == 2
    assert capsys.readouterr().err.strip() == "auditor: error: cannot merge: missing shard 3/3"
    assert main(["merge", str(out / "s1"), str(out / "s2"), str(out / "t3"), "--out", str(tmp_path / "m")]) == 2
    assert "run.json signatures differ" in capsys.readouterr().err
    assert main(["merge", str(out / "s1"), str(out / "s1"), str(out / "s2"), "--out", str(tmp_path / "m")]) == 2
    assert capsys.readouterr().err.strip() == "auditor: error: cannot merge: missing shard 3/3; shard 1/3 given twice"
    assert not (tmp_path / "m").exists()


def test_shard_with_refs_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder = make_batch(tmp_path)
    assert scan(folder, tmp_path / "r", "x", "--shard", "1/2", "--refs", str(folder)) == 2
    assert "--shard cannot be combined with --refs" in capsys.readouterr().err


def test_shards_in_the_excel_fr_dialect_merge_into_the_same_dialect(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """The CSV dialect travels in the manifest: a merge of excel-fr shards writes what a single excel-fr run writes."""
    folder = make_batch(tmp_path)
    out = tmp_path / "reports"
    assert scan(folder, out, "single", "--csv-dialect", "excel-fr") == 4
    for i in (1, 2):
        scan(folder, out, f"s{i}", "--shard", f"{i}/2", "--csv-dialect", "excel-fr")
    assert main(["merge", str(out / "s1"), str(out / "s2"), "--out", str(tmp_path / "merged")]) == 4
    single, merged = report_files(out / "single"), report_files(tmp_path / "merged")
    assert single["summary.csv"].startswith("path;source;".encode())
    assert [name for name in single if single[name] != merged[name]] == []


def test_shard_with_keep_field_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """Kept record fields are not in the per-file records that merge reads, so a shard run cannot keep them."""
    folder = make_batch(tmp_path)
    assert scan(folder, tmp_path / "out", "s1", "--shard", "1/2", "--keep-field", "url") == 2
    assert "--shard cannot be combined with --keep-field" in capsys.readouterr().err
    assert not (tmp_path / "out" / "s1").exists()
