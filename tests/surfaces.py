"""Helpers shared by the tests of the editor and QA surfaces (check, reports, diff, formats)."""

from __future__ import annotations

from pathlib import Path

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
