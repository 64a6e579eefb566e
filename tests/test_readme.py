"""The README's full rule example is valid and its examples pass."""

from __future__ import annotations

import re
from pathlib import Path

from auditor.ruleset.examples import check_examples
from auditor.ruleset.loader import load_file

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_rule_example_loads_and_passes(tmp_path: Path) -> None:
    """The YAML block after 'one complete rule' is a working rule."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"one\s+complete rule:\s*```yaml\n(.*?)```", text, re.S)
    assert block, "README lost its rule example"
    path = tmp_path / "readme.yaml"
    path.write_text(block.group(1), encoding="utf-8")
    rules, _ = load_file(path)
    assert [r.id for r in rules] == ["fr.entity.known.ilon-musk"]
    assert check_examples(rules[0]) == []
