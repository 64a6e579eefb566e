"""Helpers shared by the tests of the editor and QA surfaces (check, reports, diff, formats), and of the repository's scripts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from auditor.cli import main

DATA = Path(__file__).resolve().parent / "data" / "surfaces"
RULES = DATA / "rules.yaml"
# The fixed test rules only, French declared, and no configuration file from the machine.
FIXED = ["--no-config", "--no-builtin", "--rules", str(RULES), "--lang", "fr"]

DOC = "Hier, Ilon Musk a parlé de StarLink avec des dossiers supercrets.\nLe masque a déclaré que StarLink fonctionne.\n"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return exit code, stdout and stderr."""
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def scan_run(capsys, root: Path, out: Path, run_id: str, *extra: str) -> Path:
    """Scan `root` with the fixed rules into out/run_id and return the run folder."""
    code, _, err = run_cli(capsys, "scan", str(root), "--out", str(out), "--run-id", run_id, *FIXED, *extra)
    assert code in (0, 1, 4, 5), err  # 4: the corpus may hold an unreadable file on purpose
    return out / run_id


def without_run_columns(data: bytes) -> bytes:
    """A report CSV with its run_id and run_started cells blanked: the only cells that differ between runs."""
    import csv
    import io

    text = data.decode("utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    at = [i for i, name in enumerate(rows[0]) if name in ("run_id", "run_started")] if rows else []
    assert len(at) == 2, rows[:1]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    for row in rows:
        writer.writerow(["" if i in at and row is not rows[0] else v for i, v in enumerate(row)])
    return out.getvalue().encode("utf-8")


def script_module(relative: str) -> ModuleType:
    """Import a script of the checkout (tools/, bench/) from its path: no installed package holds it, and CI runs the suite from an install."""
    path = Path(__file__).resolve().parents[1] / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[spec.name] = module  # type: ignore[union-attr]  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module
