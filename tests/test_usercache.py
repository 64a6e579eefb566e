"""The user cache of parsed rule files: served when valid, ignored when not, never stale."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from auditor import usercache
from auditor.ruleset.errors import RuleError
from auditor.ruleset.loader import load_file

RULE = """rules:
  - id: t.calque
    kind: substitution
    languages: [fr]
    category: accuracy/overly-literal
    severity: major
    message: calque
    replace:
      {form}: liste noire
    examples:
      flag: ["une [[{form}]] ici"]
      pass: ["rien"]
"""


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh user cache folder for one test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(usercache.CACHE_ENV, str(folder))
    return folder


def write(tmp_path: Path, form: str) -> Path:
    """Write a one-rule file flagging `form`."""
    path = tmp_path / "r.yaml"
    path.write_text(RULE.format(form=form), encoding="utf-8")
    return path


def entries(folder: Path) -> list[Path]:
    """The cached rule-file entries."""
    return sorted((folder / "rules").glob("*.pickle"))


def test_second_load_is_served_from_the_cache_and_equal(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "liste des Noirs")
    first, _ = load_file(path, "r.yaml")
    assert len(entries(cache_dir)) == 1

    def no_parse(text: str, name: str) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr("auditor.ruleset.loader.parse_file", no_parse)
    second, _ = load_file(path, "r.yaml")
    assert second == first
    assert second[0].params["replace"] == {"liste des Noirs": ("liste noire",)}


def test_a_file_of_noun_patches_is_served_from_the_cache(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.entities.gazetteer import NounPatch

    path = tmp_path / "nouns.yaml"
    path.write_text("gazetteer:\n  - id: jean-dupont\n    nouns:\n      fr: [dupont-de-lodi]\n", encoding="utf-8")
    _, first = load_file(path, "nouns.yaml")
    assert first == [NounPatch("jean-dupont", {"fr": ("dupont-de-lodi",)})]

    def no_parse(text: str, name: str) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr("auditor.ruleset.loader.parse_file", no_parse)
    _, second = load_file(path, "nouns.yaml")
    assert second == first


def test_an_edited_file_is_parsed_again(cache_dir: Path, tmp_path: Path) -> None:
    load_file(write(tmp_path, "liste des Noirs"), "r.yaml")
    rules, _ = load_file(write(tmp_path, "Russes élevés"), "r.yaml")
    assert rules[0].params["replace"] == {"Russes élevés": ("liste noire",)}
    assert len(entries(cache_dir)) == 2


def test_a_broken_file_is_never_cached(cache_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("rules:\n  - id: x\n    kind: nope\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RuleError):
            load_file(path, "bad.yaml")
    assert entries(cache_dir) == []


def test_a_corrupt_entry_is_ignored_and_replaced(cache_dir: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "liste des Noirs")
    expected, _ = load_file(path, "r.yaml")
    [entry] = entries(cache_dir)
    entry.write_bytes(b"\x80\x04 not a pickle")
    rules, _ = load_file(path, "r.yaml")
    assert rules == expected
    assert entry.read_bytes()[:2] == b"\x80\x05"  # rewritten by the parse


def test_unusable_or_disabled_cache_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "liste des Noirs")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(usercache.CACHE_ENV, str(blocker / "sub"))  # a folder under a file
    assert load_file(path, "r.yaml")[0][0].id == "t.calque"
    monkeypatch.setenv(usercache.CACHE_ENV, "")
    assert usercache.user_cache_dir() is None
    assert load_file(path, "r.yaml")[0][0].id == "t.calque"


def test_entry_keys_separate_their_parts() -> None:
    assert usercache.entry_key("ab", "c") != usercache.entry_key("a", "bc")
    assert usercache.entry_key("a", b"b") == usercache.entry_key("a", "b")


def test_store_keeps_the_most_recently_used_entries(cache_dir: Path) -> None:
    for i, key in enumerate(["a", "b", "c"]):
        usercache.store("t", key, i, keep=2)
        os.utime(cache_dir / "t" / f"{key}.pickle", ns=(i * 10**9, i * 10**9))  # distinct ages
    assert sorted(p.stem for p in (cache_dir / "t").glob("*.pickle")) == ["b", "c"]
    assert usercache.load("t", "b") == 1  # a hit makes "b" the most recent
    usercache.store("t", "d", 3, keep=2)
    assert sorted(p.stem for p in (cache_dir / "t").glob("*.pickle")) == ["b", "d"]


def test_writable_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(usercache.CACHE_ENV, str(tmp_path / "new" / "cache"))
    assert usercache.writable_dir() == tmp_path / "new" / "cache"  # created on demand
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(usercache.CACHE_ENV, str(blocker / "sub"))
    assert usercache.writable_dir() is None
    monkeypatch.setenv(usercache.CACHE_ENV, "")
    assert usercache.writable_dir() is None


class _RunsCode:
    """What a planted entry would hold: unpickling it calls a function named in the file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (Path.touch, (self.marker,))


def test_an_entry_that_would_run_code_is_a_miss_and_runs_nothing(cache_dir: Path, tmp_path: Path) -> None:
    """Only allowlisted types are built: a planted pickle calling Path.touch (or os.system) is never executed."""
    import pickle

    path = write(tmp_path, "liste des Noirs")
    expected, _ = load_file(path, "r.yaml")
    [entry] = entries(cache_dir)
    marker = tmp_path / "pwned"
    entry.write_bytes(pickle.dumps(_RunsCode(marker)))
    os.chmod(entry, 0o600)
    assert usercache.load("rules", entry.stem) is None
    assert not marker.exists()
    rules, _ = load_file(path, "r.yaml")  # rebuilt from the file
    assert rules == expected and not marker.exists()


def test_the_allowlist_builds_what_the_cache_stores(cache_dir: Path) -> None:
    import numpy
    import regex

    from auditor.model import Example, Severity

    value = (numpy.arange(4, dtype=numpy.int32), regex.compile(r"a+b"), Severity.MAJOR, Example("x", ((0, 1),)), {"k": [1.5, None]})
    usercache.store("probe", "k1", value)
    loaded = usercache.load("probe", "k1")
    assert loaded is not None
    assert loaded[0].tolist() == [0, 1, 2, 3] and loaded[1].pattern == "a+b" and loaded[2:] == value[2:]


def test_memo_builds_once_then_serves_the_stored_value(cache_dir: Path) -> None:
    built: list[str] = []

    def build() -> tuple[str, ...]:
        built.append("built")
        return ("kiev", "kyiv")

    def valid(value: object) -> bool:
        return isinstance(value, tuple)

    assert usercache.memo("tables", ("t.tsv", b"kiev kyiv"), build, valid) == ("kiev", "kyiv")
    assert usercache.memo("tables", ("t.tsv", b"kiev kyiv"), build, valid) == ("kiev", "kyiv")
    assert built == ["built"]
    # Other bytes are another entry; an entry `valid` refuses is built again.
    usercache.memo("tables", ("t.tsv", b"kyiv"), build, valid)
    usercache.memo("tables", ("t.tsv", b"kiev kyiv"), build, lambda value: False)
    assert built == ["built", "built", "built"]


def test_compiled_patterns_are_read_back_without_compiling_again(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import regex

    from auditor.kinds import regexes

    monkeypatch.setattr(regexes, "_memo", None)  # a fresh process
    monkeypatch.setattr(regexes, "_unsaved", False)
    first = regexes.compiled(r"(?<!\w)kiev(?!\w)", regex.IGNORECASE)
    regexes.save()
    monkeypatch.setattr(regexes, "_memo", None)  # the next process

    def no_compile(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(regex, "compile", no_compile)
    again = regexes.compiled(r"(?<!\w)kiev(?!\w)", regex.IGNORECASE)
    assert again.pattern == first.pattern
    assert again.findall("Kiev, kiev, Kievan") == ["Kiev", "kiev"]


def test_context_terms_compile_to_one_pattern_text_whatever_their_order() -> None:
    # The compiled-pattern cache is keyed by the pattern's text: a text that followed set order
    # (string hashes differ per process) was a miss, and a new entry, in every process.
    from auditor.context import _terms_regex

    terms = ("kremlin", "tass", "urss", "moscou", "RT", "FSB", "ria novosti", "douma")
    texts = {tuple(p.pattern if p is not None else None for p in _terms_regex(order)) for order in (terms, terms[::-1], tuple(sorted(terms)))}
    assert texts == {(r"(?<!\w)(?:ria\ novosti|kremlin|moscou|douma|tass|urss)(?!\w)", r"(?<!\w)(?:FSB|RT)(?!\w)")}


def test_the_given_name_index_read_back_is_the_one_built(cache_dir: Path) -> None:
    """The pair check's given-name index comes back from the user cache with the same names and blocks (order within a block aside)."""
    from auditor.entities import pairgarble

    pairgarble.builtin_given.cache_clear()
    try:
        stored = pairgarble.builtin_given()
        assert list((cache_dir / "given-index").glob("*.pickle"))
        pairgarble.builtin_given.cache_clear()
        read = pairgarble.builtin_given()
        assert read is not stored and not read.blocks
        built = pairgarble._build_given()
        assert read.known == built.known
        assert {k: sorted(v) for k, v in read.by_coarse.items()} == {k: sorted(v) for k, v in built.by_coarse.items()}
    finally:
        pairgarble.builtin_given.cache_clear()


def test_the_analysers_romanised_forms_read_back_are_the_ones_built(cache_dir: Path) -> None:
    """name-variant's tables, kept with the analyser's, are the same read back from the cache as built from the entries."""
    from auditor.checks.entities import Analyser, _cached_analyser, _romanisation_key
    from auditor.ruleset.loader import load_ruleset

    entries = load_ruleset().gazetteer
    _cached_analyser(entries)  # stores
    read = _cached_analyser(entries)
    assert read.romanised_forms == tuple(frozenset(_romanisation_key(f) for f in e.accepted) for e in entries)
    assert read.romanised_words == tuple(frozenset(w for f in e.accepted for w in _romanisation_key(f).split()) for e in entries)
    assert Analyser(read.index).romanised_forms == read.romanised_forms


_PATTERN_TEXTS = """
import json, sys
from auditor import Auditor
from auditor.kinds import regexes
Auditor(language="fr").audit_text("Partager sur Facebook Partager sur Twitter\\nLe patron de Tesla, Ilon Musk, a parlé.")
json.dump(sorted(repr(key) for key in (regexes._memo or {})), sys.stdout)
"""


def test_start_up_pattern_texts_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    # The compiled-pattern entry is keyed by pattern text: a text built in set order differs
    # between processes (string hashes are seeded per process) and grew the entry every run.
    import json
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    texts = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(root), AUDITOR_CACHE_DIR=str(tmp_path / f"cache{seed}"))
        done = subprocess.run([sys.executable, "-c", _PATTERN_TEXTS], env=env, capture_output=True, text=True, timeout=300, check=True)
        texts.append(json.loads(done.stdout))
    assert len(texts[0]) > 100  # the built-in rules' start-up patterns, not an empty memo
    assert set(texts[0]) ^ set(texts[1]) == set()


def test_a_built_frequency_table_leaves_no_wordfreq_list_in_memory(cache_dir: Path) -> None:
    # wordfreq keeps each list it reads for the process's life (some 60 MB a language): a
    # first run building eight tables peaked at 550 MB until the lists were released.
    import wordfreq

    from auditor.lang import frequencies

    table = frequencies._read_table("sv")
    assert table is not None and table.zipf("och") > 6.0
    assert wordfreq.get_frequency_dict.cache_info().currsize == 0
    assert wordfreq.get_frequency_list.cache_info().currsize == 0
    again = frequencies._read_table("sv")  # now served from the user cache, equal
    assert again is not None and again.zipf("och") == table.zipf("och")
