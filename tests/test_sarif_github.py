"""SARIF checked as GitHub code scanning ingests it: the OASIS 2.1.0 schema plus the rules of sarif-multitool's GitHub set (GH1001-GH1007) and GitHub's documented limits.

`sarif-multitool` needs .NET, which CI lacks; this is the equivalent check, in Python.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import jsonschema
import pytest
from surfaces import DOC, FIXED, run_cli

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
LEVELS = {"none", "note", "warning", "error"}
# GitHub's documented limits of an uploaded SARIF file (beyond them, data is dropped or the upload fails).
MAX_RUNS, MAX_RESULTS, MAX_RULES, MAX_LOCATIONS, MAX_TAGS = 20, 25_000, 25_000, 1_000, 20
SEMVER = re.compile(r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?")


def _text(node: Any) -> str:
    """The non-empty `text` of a message-like object, or ''."""
    return node.get("text", "") if isinstance(node, dict) and isinstance(node.get("text"), str) else ""


def _absolute_url(value: str) -> bool:
    """True for an absolute http(s) URL."""
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def github_problems(log: dict[str, Any]) -> list[str]:
    """What GitHub's ingestion would reject or drop in a SARIF log, as 'RULE: where: what' lines."""
    problems: list[str] = []
    add = problems.append
    if log.get("version") != "2.1.0":
        add("version: must be 2.1.0")
    runs = log.get("runs", [])
    if not 1 <= len(runs) <= MAX_RUNS:
        add(f"runs: {len(runs)} runs, GitHub takes 1 to {MAX_RUNS}")
    for r, run in enumerate(runs):
        driver = run.get("tool", {}).get("driver", {})
        where = f"runs[{r}].tool.driver"
        if not driver.get("name"):
            add(f"driver: {where}.name missing")
        if not (driver.get("version") or driver.get("semanticVersion")):
            add(f"driver: {where} has neither version nor semanticVersion")
        if "semanticVersion" in driver and not SEMVER.fullmatch(driver["semanticVersion"]):
            add(f"driver: {where}.semanticVersion {driver['semanticVersion']!r} is not semantic")
        if "informationUri" in driver and not _absolute_url(driver["informationUri"]):
            add(f"driver: {where}.informationUri is not an absolute URL")
        rules = driver.get("rules", [])
        if len(rules) > MAX_RULES:
            add(f"GH1004: {where}.rules: more than {MAX_RULES}")
        ids = [d.get("id") for d in rules]
        if len(set(ids)) != len(ids):
            add(f"rules: {where}.rules: duplicate ids")
        for i, d in enumerate(rules):
            at = f"{where}.rules[{i}] ({d.get('id')})"
            for part in ("shortDescription", "fullDescription", "help"):
                if not _text(d.get(part)).strip():
                    add(f"rules: {at}.{part}.text missing")
            if "helpUri" in d and not _absolute_url(d["helpUri"]):
                add(f"rules: {at}.helpUri is not an absolute URL")
            if d.get("defaultConfiguration", {}).get("level", "warning") not in LEVELS:
                add(f"rules: {at}.defaultConfiguration.level is not a SARIF level")
            tags = d.get("properties", {}).get("tags", [])
            if len(tags) > MAX_TAGS or not all(isinstance(t, str) for t in tags):
                add(f"GH1004: {at}.properties.tags: at most {MAX_TAGS} strings")
        results = run.get("results", [])
        if len(results) > MAX_RESULTS:
            add(f"GH1004: runs[{r}].results: more than {MAX_RESULTS}")
        for k, res in enumerate(results):
            at = f"runs[{r}].results[{k}]"
            index = res.get("ruleIndex")
            if not res.get("ruleId"):
                add(f"results: {at}.ruleId missing")
            elif index is not None and (not 0 <= index < len(rules) or ids[index] != res["ruleId"]):
                add(f"results: {at}.ruleIndex does not point at rule {res['ruleId']}")
            if res.get("level", "warning") not in LEVELS:
                add(f"results: {at}.level is not a SARIF level")
            message = _text(res.get("message"))
            if not message.strip():
                add(f"GH1007: {at}.message.text missing (GitHub shows only fully formatted text)")
            elif re.search(r"\{\d+\}", message):
                add(f"GH1007: {at}.message.text has unformatted placeholders")
            elif not message.rstrip().endswith((".", "!", "?", "…")):
                add(f"SARIF2001: {at}.message.text does not end with a period")
            if not isinstance(res.get("partialFingerprints"), dict) or not res["partialFingerprints"]:
                add(f"fingerprints: {at}.partialFingerprints missing (alerts would not be tracked across runs)")
            locations = res.get("locations", [])
            if not 1 <= len(locations) <= MAX_LOCATIONS:
                add(f"GH1004: {at}.locations: 1 to {MAX_LOCATIONS} expected")
            for n, loc in enumerate(locations):
                problems += _location_problems(loc, f"{at}.locations[{n}]")
    return problems


def _location_problems(loc: dict[str, Any], at: str) -> list[str]:
    """GH1001, GH1003, GH1005 on one result location."""
    out = []
    physical = loc.get("physicalLocation", {})
    uri = physical.get("artifactLocation", {}).get("uri", "")
    if not uri:
        out.append(f"GH1001: {at}.physicalLocation.artifactLocation.uri missing")
    else:
        scheme = urlsplit(uri).scheme
        if scheme not in ("", "file") or (scheme == "file" and not uri.startswith("file:///")):
            out.append(f"GH1005: {at}: uri {uri!r} is neither relative nor a file:/// path")
    region = physical.get("region")
    if not isinstance(region, dict) or not isinstance(region.get("startLine"), int) or region["startLine"] < 1:
        out.append(f"GH1003: {at}.physicalLocation.region.startLine missing or < 1")
        return out
    start_col, end_line, end_col = region.get("startColumn", 1), region.get("endLine", region["startLine"]), region.get("endColumn")
    if start_col < 1 or end_line < region["startLine"] or (end_col is not None and (end_col < 1 or end_line == region["startLine"] and end_col < start_col)):
        out.append(f"GH1003: {at}.physicalLocation.region: columns or end line out of order")
    return out


def sarif_of(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    """Run the CLI with --format sarif; return the parsed log, validated against the OASIS schema."""
    _, out, _ = run_cli(capsys, *argv, "--format", "sarif")
    log = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(log)
    return log


def test_builtin_rules_on_the_samples_pass_githubs_rules(capsys: pytest.CaptureFixture[str]) -> None:
    log = sarif_of(capsys, "check", *sorted(str(p) for p in (ROOT / "samples").glob("*.txt")), "--no-config", "--fail-on", "never")
    run = log["runs"][0]
    assert len(run["results"]) > 50 and len(run["tool"]["driver"]["rules"]) > 10  # real rules, real findings
    assert github_problems(log) == []
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["semanticVersion"]) == ("auditor", driver["version"])
    assert "informationUri" not in driver  # the project has no public home page yet: none is invented


def test_fixed_rules_messages_are_sentences(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(DOC, encoding="utf-8")
    log = sarif_of(capsys, "check", str(doc), *FIXED)
    assert github_problems(log) == []
    messages = [r["message"]["text"] for r in log["runs"][0]["results"]]
    assert messages[0] == "Garbled name. Suggestion: Elon Musk."
    assert messages[3] == "Not a French word. Suggestion: ultrasecrets | top secret."


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    """A mutation that deletes the key at a dotted path (numbers index lists)."""

    def mutate(log: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = log
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        del node[int(last) if last.isdigit() else last]

    return mutate


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation that sets the key at a dotted path."""

    def mutate(log: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = log
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[last] = value

    return mutate


RESULT = "runs.0.results.0"
LOCATION = f"{RESULT}.locations.0.physicalLocation"


@pytest.mark.parametrize(
    "mutate, rule",
    [
        (_drop("runs.0.tool.driver.rules.0.help"), "rules"),
        (_drop("runs.0.tool.driver.rules.0.fullDescription"), "rules"),
        (_set("runs.0.tool.driver.rules.0.helpUri", "docs/rules.md"), "rules"),
        (_set("runs.0.tool.driver.informationUri", "example"), "driver"),
        (_set("runs.0.tool.driver.semanticVersion", "1.0"), "driver"),
        (_set(f"{RESULT}.message", {"text": "Garbled name (→ Elon Musk)"}), "SARIF2001"),
        (_set(f"{RESULT}.message", {"id": "default"}), "GH1007"),
        (_drop(f"{RESULT}.partialFingerprints"), "fingerprints"),
        (_drop(f"{LOCATION}.artifactLocation"), "GH1001"),
        (_set(f"{LOCATION}.artifactLocation", {"uri": "https://example.org/a.txt"}), "GH1005"),
        (_drop(f"{LOCATION}.region"), "GH1003"),
        (_set(f"{LOCATION}.region", {"startLine": 0}), "GH1003"),
        (_set(f"{LOCATION}.region", {"startLine": 2, "startColumn": 5, "endColumn": 3}), "GH1003"),
        (_set(f"{RESULT}.ruleIndex", 3), "results"),
    ],
)
def test_each_check_bites(capsys: pytest.CaptureFixture[str], tmp_path: Path, mutate: Callable[[dict[str, Any]], None], rule: str) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(DOC, encoding="utf-8")
    log = sarif_of(capsys, "check", str(doc), *FIXED)
    broken = copy.deepcopy(log)
    mutate(broken)
    found = github_problems(broken)
    assert len(found) == 1 and found[0].startswith(f"{rule}: "), found
