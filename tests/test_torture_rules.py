"""Hostile rule files: each is a rule error naming file, line, rule and key (exit 2, nothing written), never a crash, a hang or a memory blow-up.

Issue #16 items 5 (a repeat count that asks for gigabytes), 6 (a YAML alias bomb) and
14 (a `suggest` template naming a group the pattern lacks).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.cli import main
from auditor.kinds.pattern import MAX_EXPANDED, MAX_REPEAT, pattern_problem
from auditor.ruleset.errors import RuleError, short_repr
from auditor.ruleset.loader import ALIAS_BUDGET, parse_file

GOOD = "Le patron de Tesla, Ilon Musk, a parlé hier soir devant la presse à Paris.\n"

RULE = """\
rules:
  - id: fr.user.x
    kind: pattern
    category: accuracy/mistranslation
    severity: minor
    languages: [fr]
    message: Triple a.
    pattern: '{pattern}'
    suggest: '{suggest}'
    examples:
      flag: ["x [[aaa]] x"]
      pass: ["x aa x"]
"""


def rule_file(tmp_path: Path, pattern: str, suggest: str = "b") -> Path:
    """Write a one-rule file with the given pattern and suggestion template."""
    path = tmp_path / "user.yaml"
    path.write_text(RULE.format(pattern=pattern, suggest=suggest), encoding="utf-8")
    return path


def run_both(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Run `rules test` and `scan --rules` on a broken file: both exit 2, write nothing, and print the same one error line."""
    doc = tmp_path / "in" / "good.txt"
    doc.parent.mkdir(exist_ok=True)
    doc.write_text(GOOD, encoding="utf-8")
    assert main(["rules", "test", str(path)]) == 2
    first = capsys.readouterr()
    out = tmp_path / "out"
    assert main(["scan", str(doc.parent), "--rules", str(path), "--out", str(out), "-q", "--jobs", "1", "--lang", "fr"]) == 2
    second = capsys.readouterr()
    assert not out.exists()  # nothing written
    assert first.out == second.out == ""
    assert first.err == second.err
    return first.err.splitlines()


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("a{1000000000}", "repeat count {1000000000} exceeds 1000"),
        ("(a{1000}){1000}", f"pattern unrolls to more than {MAX_EXPANDED} items (nested repeat counts multiply)"),
        ("(?:a{1,1000}){1,1000}", f"pattern unrolls to more than {MAX_EXPANDED} items (nested repeat counts multiply)"),
        ("(" * 101 + "a" + ")" * 101, "pattern nests groups more than 100 deep"),
        ("a" * 10_001, "pattern is 10001 characters long, more than 10000"),
    ],
)
def test_costly_pattern_is_a_rule_error_before_compiling(tmp_path: Path, capsys: pytest.CaptureFixture[str], pattern: str, reason: str) -> None:
    """A pattern the regex module would unroll into gigabytes is refused by a scan of its syntax: file, line, rule, key, exit 2."""
    path = rule_file(tmp_path, pattern)
    assert run_both(path, tmp_path, capsys) == [f"auditor: error: {path}:8: rule 'fr.user.x': key 'pattern': {reason}"]


def test_pattern_limits_accept_real_patterns() -> None:
    """Every built-in pattern and the largest allowed counts pass the cost check."""
    from auditor.ruleset.loader import load_ruleset

    patterns = [r.params["pattern"] for r in load_ruleset().rules if r.kind == "pattern"]
    assert patterns and [p for p in patterns if pattern_problem(p)] == []
    assert pattern_problem(f"a{{{MAX_REPEAT}}}") is None
    assert pattern_problem(r"\p{L}{2,30}[a-zé]{1000}") is None
    assert pattern_problem(f"a{{{MAX_REPEAT + 1}}}") == f"repeat count {{{MAX_REPEAT + 1}}} exceeds {MAX_REPEAT}"
    # Braces of \p{...} and classes are not quantifiers; a long class weighs its length.
    assert pattern_problem(r"[{]{3}\N{LATIN SMALL LETTER E WITH ACUTE}{5}") is None
    assert pattern_problem("[" + "abcdefghij" * 10 + "]{1000}") == f"pattern unrolls to more than {MAX_EXPANDED} items (nested repeat counts multiply)"


def test_costly_antipattern_is_a_rule_error(tmp_path: Path) -> None:
    """`context.unless` patterns go through the same check."""
    text = RULE.format(pattern="aaa", suggest="b") + "    context:\n      unless: ['x{99999}']\n"
    with pytest.raises(RuleError) as err:
        parse_file(text, "user.yaml")
    assert str(err.value) == "user.yaml:14: rule 'fr.user.x': key 'context.unless': antipattern 1: repeat count {99999} exceeds 1000"


@pytest.mark.parametrize(
    ("suggest", "reason"),
    [
        (r"\g<9>", "invalid group reference at position 5 (the pattern has 1 groups)"),
        (r"\9", "no such group (the pattern has 1 groups)"),
        (r"\g<nom>", "unknown group (the pattern has 1 groups)"),
        (r"x\q", "bad escape \\q at position 3 (the pattern has 1 groups)"),
    ],
)
def test_suggest_naming_a_missing_group_is_a_rule_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], suggest: str, reason: str) -> None:
    """A template the matches could not expand is refused at load time, key `suggest`, instead of turning every matching document into an error row."""
    path = rule_file(tmp_path, "(aaa)", suggest)
    assert run_both(path, tmp_path, capsys) == [f"auditor: error: {path}:9: rule 'fr.user.x': key 'suggest': {reason}"]


def test_suggest_with_existing_groups_still_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Valid group references by number and name pass validation and expand in the examples."""
    path = tmp_path / "ok.yaml"
    path.write_text(RULE.format(pattern="(?P<x>a)(aa)", suggest=r"\g<x>-\2").replace('"x [[aaa]] x"', '{text: "x [[aaa]] x", suggestion: "a-aa"}'), encoding="utf-8")
    assert main(["rules", "test", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "ok   fr.user.x (1 flag, 1 pass)"


def alias_bomb(depth: int, key: str) -> str:
    """A rule whose `key` is a list of lists of aliases, 9 wide and `depth` deep: 9**(depth+1) strings once expanded."""
    lines = ["rules:", "  - id: fr.x.y", "    message: m", f"    {key}: &a{depth} ["]
    body = ["    x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, depth):
        body.append(f"    x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines[-1] += ", ".join([f"*a{depth - 1}"] * 9) + "]"
    return "\n".join(lines[:3] + body + lines[3:]) + "\n"


@pytest.mark.parametrize("key", ["kind", "severity", "fix"])
def test_alias_bomb_is_refused_by_its_size(tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str) -> None:
    """A few hundred bytes of nested aliases (9**10 strings) are refused before anything expands them."""
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb(9, key), encoding="utf-8")
    assert len(path.read_bytes()) < 700
    assert run_both(path, tmp_path, capsys) == [
        f"auditor: error: {path}:5: YAML aliases expand this file by more than {ALIAS_BUDGET} nodes; write the values out instead"
    ]


def test_small_alias_structure_gives_a_bounded_message(tmp_path: Path) -> None:
    """Within the alias budget, a wrong value is quoted in at most 80 characters, computed without expanding it."""
    with pytest.raises(RuleError) as err:
        parse_file(alias_bomb(3, "kind").replace("rules:\n", "rules:\n", 1), "bomb.yaml")
    message = str(err.value)
    assert message.startswith("bomb.yaml:7: rule 'fr.x.y': key 'kind': must be one of check, pattern, substitution, got [[[['lol', 'lol'")
    assert message.endswith("…")
    assert len(message) < 200


def test_recursive_alias_is_a_rule_error() -> None:
    """An anchor used inside its own value is refused, not walked forever."""
    with pytest.raises(RuleError) as err:
        parse_file("rules: &r\n  - *r\n", "loop.yaml")
    assert str(err.value) == "loop.yaml:2: a YAML alias refers to a value that contains it (recursive alias)"


def test_aliases_within_budget_and_stars_in_patterns_load() -> None:
    """Ordinary anchors and the `*` of regular expressions do not trip the check."""
    text = RULE.format(pattern="a+b*", suggest="b").replace("    severity: minor\n", "    severity: &sev minor\n")
    text += "  - id: fr.user.z\n    kind: pattern\n    category: accuracy/mistranslation\n    severity: *sev\n"
    text += "    languages: [fr]\n    message: Z.\n    pattern: 'zzz'\n    examples:\n      flag: ['[[zzz]]']\n      pass: ['zz']\n"
    rules, _ = parse_file(text, "ok.yaml")
    assert [(r.id, r.severity.value) for r in rules] == [("fr.user.x", "minor"), ("fr.user.z", "minor")]


def test_short_repr_never_expands() -> None:
    """A 9**10-leaf shared structure is quoted in 81 characters; recursive structures end too."""
    value: list = ["x"] * 9
    for _ in range(9):
        value = [value] * 9
    assert short_repr(value) == ("[" * 8 + repr([["x"] * 9] * 9))[:80] + "…"
    loop: list = []
    loop.append(loop)
    assert short_repr(loop) == "[" * 80 + "…"
    assert short_repr({"a": [1, None]}) == "{'a': [1, None]}"


class _Plant:
    """Unpickling this creates a marker folder: proof that a planted entry ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        import os

        return (os.mkdir, (str(self.marker),))


@pytest.mark.parametrize("case", ["wrong-type", "group-writable", "other-owner", "symlink"])
def test_user_cache_entry_that_is_malformed_or_not_ours_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    """A cached rule file of the wrong shape, or one another user could have written, is never used (nor unpickled): the file is parsed again."""
    import os
    import pickle

    from auditor import usercache
    from auditor.ruleset.loader import load_file

    if case == "other-owner" and os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")
    monkeypatch.setenv(usercache.CACHE_ENV, str(tmp_path / "cache"))
    path = rule_file(tmp_path, "aaa")
    entry = tmp_path / "cache" / "rules" / f"{usercache.entry_key('rule-file', str(path), path.read_bytes())}.pickle"
    entry.parent.mkdir(parents=True)
    marker = tmp_path / "ran"
    payload = ([1], "not rules") if case == "wrong-type" else _Plant(marker)
    planted = entry if case != "symlink" else tmp_path / "elsewhere.pickle"
    planted.write_bytes(pickle.dumps(payload))
    if case == "group-writable":
        os.chmod(entry, 0o664)
    elif case == "other-owner":
        os.chown(entry, 4321, 4321)
    elif case == "symlink":
        entry.symlink_to(planted)
    rules, entries = load_file(path)
    assert [r.id for r in rules] == ["fr.user.x"] and entries == []
    assert not marker.exists()
