"""Hostile inputs: each becomes an error row or a clean report, never a hang, a crash or a lost report.

Every attack of issue #16's input list is here: named pipes, long names, deep nesting, lone
surrogates, deep trees, unreadable folders, links out of the tree, report-key collisions,
UTF-16 without a byte-order mark, malformed reports given to `diff`, hidden run ids. Each
test also checks that the good documents of the same batch are reported.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.inputs.discover import discover
from auditor.reporters.outdir import MAX_COMPONENT_BYTES, relative_report

ROOT = Path(__file__).resolve().parents[1]
GOOD = "Le patron de Tesla, Ilon Musk, a parlé hier soir devant la presse à Paris.\n"
CLEAN = "Le président a parlé hier soir devant la presse à Paris.\n"


def scan(*args: str) -> int:
    """Run `auditor scan` in-process, quietly, with French rules."""
    return main(["scan", *args, "--lang", "fr", "-q", "--jobs", "1"])


def rows(run: Path, name: str = "summary.csv") -> list[dict[str, str]]:
    """A report CSV as dicts."""
    with (run / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def errors(run: Path) -> dict[str, str]:
    """summary.csv's error rows: path -> error."""
    return {r["path"]: r["error"] for r in rows(run) if r["error"]}


def assert_good_reported(run: Path, path: str) -> None:
    """The good document of the batch was audited and its Musk garble found."""
    by_path = {r["path"]: r for r in rows(run)}
    assert by_path[path]["error"] == ""
    assert by_path[path]["major"] == "1"
    assert (run / "run.json").is_file()


def test_named_pipe_is_an_error_row_not_a_hang(tmp_path: Path) -> None:
    """A FIFO in a folder, or named directly, is refused without ever being opened for a blocking read."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(d / "pipe.txt")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "auditor"]
    done = subprocess.run([*cmd, "scan", str(d), "--out", str(tmp_path / "o"), "--run-id", "r", "-q", "--lang", "fr"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 4, done.stderr
    assert errors(tmp_path / "o" / "r") == {f"{d}/pipe.txt": "not a regular file (named pipe)"}
    assert_good_reported(tmp_path / "o" / "r", f"{d}/good.txt")
    done = subprocess.run([*cmd, "check", str(d / "pipe.txt")], env=env, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (4, f"{d}/pipe.txt: error: not a regular file (named pipe)\n")


def test_long_file_name_gets_a_bounded_report_name(tmp_path: Path) -> None:
    """A 240-byte file name (and 80 emoji as a JSONL id) cannot overflow NAME_MAX in the report folder."""
    d = tmp_path / "in"
    d.mkdir()
    long_name = "x" * 236 + ".txt"
    (d / long_name).write_text(GOOD, encoding="utf-8")
    (d / "records.jsonl").write_text(json.dumps({"id": "😀" * 80, "text": GOOD}) + "\n", encoding="utf-8")
    run = tmp_path / "o" / "r"
    assert scan(str(d), "--out", str(tmp_path / "o"), "--run-id", "r") == 0
    assert_good_reported(run, f"{d}/{long_name}")
    assert_good_reported(run, f"{d}/records.jsonl#" + "😀" * 80)
    names = sorted(p.name for p in (run / "files").iterdir())
    assert len(names) == 2 and all(len(n.encode()) <= MAX_COMPONENT_BYTES for n in names)
    record = json.loads((run / "files" / relative_report(long_name)).read_text(encoding="utf-8"))
    assert record["key"] == long_name


@pytest.mark.parametrize("key", ["a/x.txt", "a/../x.txt", "../a/x.txt", "%2E%2E/a/x.txt", "a/.", "é" * 150, "é" * 151])
def test_report_paths_are_distinct_bounded_and_inside(key: str) -> None:
    """relative_report is injective on these neighbours, never climbs out, and fits NAME_MAX."""
    others = {"a/x.txt", "a/../x.txt", "../a/x.txt", "%2E%2E/a/x.txt", "a/.", "é" * 150, "é" * 151} - {key}
    rel = relative_report(key)
    assert rel not in {relative_report(k) for k in others}
    assert ".." not in rel.split("/") and not rel.startswith("/")
    assert all(len(part.encode()) <= MAX_COMPONENT_BYTES for part in rel.split("/"))


def test_deeply_nested_json_is_an_error_row(tmp_path: Path) -> None:
    """JSON nested 100,000 deep, in a .json file or a JSONL line, is malformed input, not a RecursionError."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    deep_line = '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (d / "mixed.jsonl").write_text(deep_line + "\n" + json.dumps({"id": "ok", "text": GOOD}) + "\n", encoding="utf-8")
    run = tmp_path / "o" / "r"
    assert scan(str(d), "--out", str(tmp_path / "o"), "--run-id", "r") == 4
    assert errors(run) == {
        f"{d}/deep.json": "invalid JSON: nested too deeply",
        f"{d}/mixed.jsonl#1": "record 1: invalid JSON: nested too deeply",
    }
    assert_good_reported(run, f"{d}/mixed.jsonl#ok")


def test_lone_surrogates_in_records_become_replacement_characters(tmp_path: Path) -> None:
    """A JSONL text or id with a lone surrogate (\\ud800) is audited and reported, cache included."""
    d = tmp_path / "in"
    d.mkdir()
    lines = ['{"id": "bad\\ud800id", "text": "Le texte \\ud800 est abîmé ici, dit le rédacteur."}',
             json.dumps({"id": "ok", "text": GOOD})]
    (d / "r.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = tmp_path / "o" / "r"
    assert main(["scan", str(d), "--out", str(tmp_path / "o"), "--run-id", "r", "--lang", "fr", "-q", "--jobs", "2"]) == 0
    assert_good_reported(run, f"{d}/r.jsonl#ok")
    broken = rows(run, "findings.csv")
    hits = [(r["path"], r["rule_id"], r["text"]) for r in broken if r["rule_id"] == "fr.encoding.replacement-character"]
    assert hits == [(f"{d}/r.jsonl#bad\ufffdid", "fr.encoding.replacement-character", "\ufffd")]


def test_directory_tree_1200_levels_deep(tmp_path: Path) -> None:
    """Discovery walks with an explicit stack: a very deep tree is audited, not a RecursionError."""
    d = tmp_path / "in"
    d.mkdir()
    deep = str(d)
    for _ in range(1200):  # one level at a time: pathlib's and os's makedirs recurse too
        deep += "/d"
        os.mkdir(deep)
    deep = Path(deep)
    (deep / "bottom.txt").write_text(GOOD, encoding="utf-8")
    (d / "top.txt").write_text(GOOD, encoding="utf-8")
    run = tmp_path / "o" / "r"
    try:
        found = [s.key for s in discover([str(d)])]
        assert found == ["top.txt", "d/" * 1200 + "bottom.txt"]  # a folder's files, then its sub-folders
        assert scan(str(d), "--out", str(tmp_path / "o"), "--run-id", "r") == 0
        assert_good_reported(run, f"{d}/top.txt")
        assert_good_reported(run, str(deep / "bottom.txt"))
    finally:
        # shutil.rmtree recurses once per level: pytest's own clean-up of old temporary
        # folders would die of RecursionError on these trees, so they go here, bottom up.
        _remove_deep(d)
        _remove_deep(run / "files")


def _remove_deep(root: Path) -> None:
    """Remove a folder tree of any depth without recursion."""
    stack = [str(root)]
    order = []
    while stack:
        folder = stack.pop()
        order.append(folder)
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    os.unlink(entry.path)
    for folder in reversed(order):
        os.rmdir(folder)


def test_unreadable_folder_is_an_error_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A site folder that cannot be listed is reported (exit 4), never skipped silently with exit 0."""
    d = tmp_path / "in"
    (d / "site-a").mkdir(parents=True)
    (d / "site-b").mkdir()
    (d / "site-a" / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "site-b" / "lost.txt").write_text(GOOD, encoding="utf-8")
    real = os.scandir

    def scandir(path: object):  # type: ignore[no-untyped-def]
        # Tests run as root, which mode 000 does not stop: refuse the listing as the OS would.
        if os.fspath(path).endswith("site-b"):  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    run = tmp_path / "o" / "r"
    assert scan(str(d), "--out", str(tmp_path / "o"), "--run-id", "r") == 4
    assert errors(run) == {f"{d}/site-b": "cannot list folder: permission denied"}
    assert {r["path"]: r["source"] for r in rows(run)}[f"{d}/site-b"] == "site-b"
    assert_good_reported(run, f"{d}/site-a/good.txt")


def test_links_out_of_the_tree_are_reported_not_followed(tmp_path: Path) -> None:
    """A link to /etc/passwd is an error row, and its content reaches no report; --follow-symlinks opts in."""
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n" + CLEAN, encoding="utf-8")
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "x.txt").symlink_to(outside)
    (d / "inside.txt").symlink_to(d / "good.txt")  # a link within the scanned folder is followed
    run = tmp_path / "o" / "r"
    assert scan(str(d), "--out", str(tmp_path / "o"), "--run-id", "r") == 4
    assert errors(run) == {
        f"{d}/x.txt": "symbolic link to a file outside the scanned folders, not followed (see --follow-symlinks)"
    }
    assert_good_reported(run, f"{d}/good.txt")
    assert_good_reported(run, f"{d}/inside.txt")
    assert "root:x" not in "".join(p.read_text(encoding="utf-8") for p in run.rglob("*") if p.is_file())
    assert scan(str(d), "--out", str(tmp_path / "o"), "--run-id", "follow", "--follow-symlinks") == 0
    assert errors(tmp_path / "o" / "follow") == {}


def test_files_of_the_same_name_under_two_roots_keep_two_reports(tmp_path: Path) -> None:
    """`scan a/x.txt b/x.txt` and `scan a/site b/site` give one report per document, none overwritten."""
    for top, text in (("a", GOOD), ("b", CLEAN)):
        (tmp_path / top / "site").mkdir(parents=True)
        (tmp_path / top / "x.txt").write_text(text, encoding="utf-8")
        (tmp_path / top / "site" / "p.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "o"
    a, b = tmp_path / "a", tmp_path / "b"
    assert scan(str(a / "x.txt"), str(b / "x.txt"), "--out", str(out), "--run-id", "files") == 0
    assert scan(str(a / "site"), str(b / "site"), "--out", str(out), "--run-id", "folders") == 0
    for run in ("files", "folders"):
        records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / run / "files").rglob("*.json"))]
        assert sorted((r["path"], r["verdict"]) for r in records) == sorted((r["path"], r["verdict"]) for r in rows(out / run))
        assert len(records) == 2 and len({r["key"] for r in records}) == 2
        assert {r["verdict"] for r in records} == {"pass", "review"}  # one major finding in a short text


def test_stdin_paths_that_normalise_alike_keep_two_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`../a/x.txt` and `a/x.txt` on stdin, and the same path listed twice, map to distinct report files."""
    (tmp_path / "w" / "a").mkdir(parents=True)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "w" / "a" / "x.txt").write_text(CLEAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "w")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"../a/x.txt\na/x.txt\na/x.txt\n")))
    assert scan("-", "--out", str(tmp_path / "o"), "--run-id", "r") == 0
    records = [json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "o" / "r" / "files").rglob("*.json")]
    assert sorted(r["key"] for r in records) == ["../a/x.txt", "a/x.txt", "a/x.txt~2"]


def test_repeated_jsonl_ids_never_share_a_name(tmp_path: Path) -> None:
    """Ids `dup`, `dup`, `dup~2` give three rows and three files (the third is `dup~2~2`)."""
    d = tmp_path / "in"
    d.mkdir()
    lines = [json.dumps({"id": i, "text": GOOD}) for i in ("dup", "dup", "dup~2")]
    (d / "r.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = tmp_path / "o" / "r"
    assert scan(str(d), "--out", str(tmp_path / "o"), "--run-id", "r") == 0
    assert [r["path"] for r in rows(run)] == [f"{d}/r.jsonl#dup", f"{d}/r.jsonl#dup~2", f"{d}/r.jsonl#dup~2~2"]
    assert len(list((run / "files").rglob("*.json"))) == 3


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text_not_binary(tmp_path: Path, codec: str) -> None:
    """UTF-16 saved without a byte-order mark is decoded (and says how), not reported as binary."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "u.txt").write_bytes(GOOD.encode(codec))
    run = tmp_path / "o" / "r"
    assert scan(str(d), "--out", str(tmp_path / "o"), "--run-id", "r") == 0
    assert_good_reported(run, f"{d}/u.txt")
    assert rows(run)[0]["encoding"] == codec


@pytest.mark.parametrize(
    ("finding", "problem"),
    [
        ("not a finding", "finding 0: not an object"),
        ({"rule_id": "x"}, "finding 0: 'text' is missing or not a str"),
        ({"rule_id": "x", "text": "t", "excerpt": "t", "column": "1", "line": 1, "severity": "minor", "message": "m",
          "category": "c"}, "finding 0: 'column' is missing or not a int"),
    ],
)
def test_diff_refuses_a_malformed_record_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], finding: object, problem: str
) -> None:
    """`diff` on a damaged per-file record exits 2 naming the file and the problem, no traceback."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "o"
    assert scan(str(d), "--out", str(out), "--run-id", "old") == 0
    assert scan(str(d), "--out", str(out), "--run-id", "new") == 0
    report = out / "new" / "files" / "a.txt.json"
    record = json.loads(report.read_text(encoding="utf-8"))
    record["findings"] = [finding]
    report.unlink()  # it may be a hard link to the old run's identical file
    report.write_text(json.dumps(record), encoding="utf-8")
    capsys.readouterr()
    assert main(["diff", str(out / "old"), str(out / "new")]) == 2
    assert capsys.readouterr().err == f"auditor: error: {report}: malformed per-file record: {problem}\n"


@pytest.mark.parametrize("run_id", [".cache", ".", "..", "a/b", ".hidden"])
def test_hidden_or_nested_run_ids_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], run_id: str) -> None:
    """`--run-id .cache` would write the run into the cache folder: refused, exit 2, nothing written."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(GOOD, encoding="utf-8")
    assert scan(str(d), "--out", str(tmp_path / "o"), "--run-id", run_id) == 2
    assert "must be a plain folder name" in capsys.readouterr().err
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").rglob("*.json"))
