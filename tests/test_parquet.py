"""--parquet: summary.parquet and findings.parquet hold the CSVs' rows with typed columns."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from auditor.cli import main
from auditor.reporters.csvfmt import FINDING_COLUMNS, RUN_COLUMNS, SUMMARY_COLUMNS

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def make_inputs(root: Path) -> Path:
    folder = root / "in"
    folder.mkdir()
    for sample in sorted(SAMPLES.glob("*.txt"))[:3]:
        (folder / sample.name).write_bytes(sample.read_bytes())
    (folder / "musk.txt").write_text("Le patron de Tesla, Ilon Musk, a fait des déclarations.\n", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\xff\xfe\x00\x00")
    return folder


def scan(folder: Path, out: Path, *extra: str) -> int:
    return main(["scan", str(folder), "--out", str(out), "--run-id", "r", "-q", "--fail-on", "never", "--jobs", "1", "--format", "jsonl", *extra])


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def as_cell(value: object) -> str:
    """A typed Parquet value as the CSV writes it (numbers compared as numbers below)."""
    return "" if value is None else str(value)


@pytest.mark.parametrize("name, columns", [("summary", SUMMARY_COLUMNS), ("findings", FINDING_COLUMNS)])
def test_parquet_holds_the_csv_rows_typed(tmp_path: Path, name: str, columns: tuple[str, ...], capsys: pytest.CaptureFixture[str]):
    assert scan(make_inputs(tmp_path), tmp_path / "out", "--parquet") == 4  # bad.txt cannot be read
    run = tmp_path / "out" / "r"
    table = pq.read_table(run / f"{name}.parquet")
    header, *rows = csv_rows(run / f"{name}.csv")
    assert tuple(table.column_names) == (*columns, *RUN_COLUMNS) == tuple(header)
    types = dict(zip(table.column_names, table.schema.types))
    assert types["path"] == pa.string()
    if name == "summary":
        assert (types["words"], types["score"], types["bleu"], types["suppressed"]) == (pa.int64(), pa.float64(), pa.float64(), pa.int64())
    else:
        assert (types["line"], types["end_column"], types["severity"]) == (pa.int64(), pa.int64(), pa.string())
    assert table.num_rows == len(rows) > 0
    for cells, record in zip(rows, table.to_pylist()):
        for column, cell in zip((*columns, *RUN_COLUMNS), cells):
            value = record[column]
            if types[column] == pa.float64():
                assert (value is None and cell == "") or value == float(cell), (column, cell, value)
            else:
                assert as_cell(value) == cell, (column, cell, value)
    if name == "summary":
        by_path = {r["path"]: r for r in table.to_pylist()}
        bad = by_path[str(tmp_path / "in" / "bad.txt")]
        assert (bad["words"], bad["score"], bad["verdict"]) == (None, None, "error")
        assert by_path[str(tmp_path / "in" / "musk.txt")]["findings"] == 1


def test_merge_writes_the_same_parquet(tmp_path: Path):
    folder = make_inputs(tmp_path)
    scan(folder, tmp_path / "single", "--parquet")
    for i in (1, 2):
        scan(folder, tmp_path / f"s{i}", "--shard", f"{i}/2")
    assert main(["merge", str(tmp_path / "s1" / "r"), str(tmp_path / "s2" / "r"), "--out", str(tmp_path / "m"), "--parquet"]) == 4
    for name in ("summary.parquet", "findings.parquet"):
        merged, single = (pq.read_table(path).drop_columns(list(RUN_COLUMNS)) for path in (tmp_path / "m" / name, tmp_path / "single" / "r" / name))
        assert merged.equals(single)
        assert set(pq.read_table(tmp_path / "m" / name).column("run_id").to_pylist()) == {"m"}


def test_without_pyarrow_parquet_exits_2_with_the_install_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    assert scan(make_inputs(tmp_path), tmp_path / "out", "--parquet") == 2
    assert capsys.readouterr().err.strip() == "auditor: error: --parquet needs pyarrow: pip install 'auditor[data]'"
    assert not (tmp_path / "out").exists()
