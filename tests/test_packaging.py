"""The wheel carries every built-in rule and data file: a file type package-data misses exists only in a checkout."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def test_package_data_covers_every_file_under_rules() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["auditor._builtin_rules"]
    rules = ROOT / "rules"
    shipped = {path for pattern in patterns for path in rules.glob(pattern) if path.is_file()}
    present = {path for path in rules.rglob("*") if path.is_file() and "__pycache__" not in path.parts}
    assert sorted(str(p.relative_to(rules)) for p in present - shipped) == []
