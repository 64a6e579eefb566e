"""Names learnt from the batch: folds, pairing of rare and frequent spellings, and the scan-wide census."""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.entities.batchnames import BatchNames, Variant, fold, from_json, keys, learn, name_tokens, to_json

STORY = ("La Première ministre estonienne {first} {last} a rencontré ses homologues à Bruxelles jeudi. "
         "{last} a plaidé pour une aide accrue à l'Ukraine et pour de nouvelles sanctions.\n")


@pytest.mark.parametrize(
    ("a", "b"),
    [("Garris", "Harris"), ("Kalas", "Kallas"), ("Khodorkovski", "Hodorkovski"), ("Zelenskiy", "Zelensky"),
     ("Tsipras", "Tzipras"), ("Djokovic", "Jokovic"), ("Volf", "Wolf"), ("Filip", "Philip")],
)
def test_pivot_equivalences_fold_to_one_key(a: str, b: str) -> None:
    """H/G/Kh, doubled letters, -iy/-y, Ts/Tz, Dj/J, W/V and Ph/F fold to the same key."""
    assert keys(a) & keys(b)


def test_j_is_both_dzh_and_yot() -> None:
    """Kaja/Kaya share a key through J = Й, and Djastin/Jastin through J = Дж."""
    assert keys("Kaya") & keys("Kaja")
    assert fold("Djastin") == fold("Jastin") == "jastin"


def test_name_tokens_skip_short_words_and_keep_elided_names() -> None:
    """Capitalised words of four letters or more, "d'Apple" giving Apple."""
    assert name_tokens("Selon le PDG d'Apple, Tim Cook et Jean-Luc Mélenchon ont parlé à Paris.") == frozenset(
        {"Selon", "Apple", "Cook", "Jean-Luc", "Mélenchon", "Jean-Luc Mélenchon", "Paris"}
    )


def test_a_first_name_vouches_for_a_surname_that_is_also_a_word() -> None:
    """"Sains" is a French word, but after the batch's "Carlos" it is Sainz misspelt; alone it is left."""
    counts = Counter({"Carlos": 5, "Sainz": 4, "Carlos Sainz": 4, "Sains": 1, "Carlos Sains": 1})
    assert learn(counts, 5).variants == {"Carlos Sains": Variant("Sains", "Sainz", 1, 4, "Carlos")}


def test_learn_pairs_rare_spellings_with_frequent_ones() -> None:
    """Only near-variants of a frequent spelling are variants; other names, words and inflections are not."""
    counts = Counter({"Kallas": 5, "Kaja": 5, "Kalas": 1, "Kaya": 1, "Kaja Kallas": 5, "Kaya Kalas": 1,
                      "Harris": 4, "Garris": 1, "Clinton": 6, "Clifton": 1,
                      "Martin": 5, "Marin": 1, "Paris": 9, "Parise": 1, "Handelsblatt": 6, "Handelsblatts": 1,
                      "Gove": 1, "Howie": 5, "Selon": 9, "Selln": 1})
    names = learn(counts, 12)
    assert names.variants == {
        "Garris": Variant("Garris", "Harris", 1, 4),
        "Kalas": Variant("Kalas", "Kallas", 1, 5),
        "Kaya": Variant("Kaya", "Kaja", 1, 5),
    }
    assert names.variants["Kalas"].detail(12) == "'Kallas' in 5 of 12 documents of this batch, 'Kalas' in 1"


def test_known_spellings_and_ratio_protect_real_names() -> None:
    """A gazetteer form is never a variant, and a spelling in 2 of 4 documents is no slip."""
    counts = Counter({"Kallas": 5, "Kalas": 1})
    assert learn(counts, 6, known=["Kalas"]).variants == {}
    assert learn(Counter({"Kallas": 3, "Kalas": 2}), 5).variants == {}


def test_census_memo_round_trips() -> None:
    """What is stored for an unchanged batch is exactly what was learnt."""
    names = BatchNames(7, {"Kalas": Variant("Kalas", "Kallas", 1, 5), "Carlos Sains": Variant("Sains", "Sainz", 1, 4, "Carlos")},
                       frozenset({"s2/b.txt"}))
    assert from_json(to_json(names)) == names


def _batch(root: Path) -> Path:
    """Six scraped copies of one story; one site garbles the name."""
    for i in range(5):
        (root / f"site{i}").mkdir(parents=True)
        (root / f"site{i}" / "story.txt").write_text(STORY.format(first="Kaja", last="Kallas"), encoding="utf-8")
    (root / "site9").mkdir()
    (root / "site9" / "story.txt").write_text(STORY.format(first="Kaya", last="Kalas"), encoding="utf-8")
    return root


def _batch_findings(run: Path) -> list[tuple[str, str, str, str, str]]:
    with (run / "findings.csv").open(encoding="utf-8", newline="") as fh:
        return [(r["path"].split("/in/")[1], f"{r['line']}:{r['column']}", r["text"], r["suggestion"], r["detail"])
                for r in csv.DictReader(fh) if r["rule_id"] == "fr.entity.batch-variant"]


EXPECTED = [
    ("site9/story.txt", "1:33", "Kaya", "Kaja", "'Kaja' in 5 of 6 documents of this batch, 'Kaya' in 1"),
    ("site9/story.txt", "1:38", "Kalas", "Kallas", "'Kallas' in 5 of 6 documents of this batch, 'Kalas' in 1"),
    ("site9/story.txt", "1:90", "Kalas", "Kallas", "'Kallas' in 5 of 6 documents of this batch, 'Kalas' in 1"),
]


def test_scan_learns_the_spelling_from_the_batch(tmp_path: Path) -> None:
    """The variant is flagged with the batch's spelling and its counts; the same with 1 or 2 jobs, cold or warm."""
    src = _batch(tmp_path / "in")
    out = tmp_path / "o"
    for run, jobs in (("cold1", "1"), ("cold2", "2"), ("warm2", "2"), ("warm1", "1")):
        assert main(["scan", str(src), "--out", str(out), "--run-id", run, "--jobs", jobs, "-q", "--lang", "fr",
                     "--fail-on", "never", "--disable", "fr.entity.name-variant"]) == 0
        assert _batch_findings(out / run) == EXPECTED, run
    reports = {run: sorted((p.relative_to(out / run), p.read_bytes()) for p in (out / run / "files").rglob("*.json"))
               for run in ("cold1", "cold2", "warm2", "warm1")}
    assert reports["cold1"] == reports["cold2"] == reports["warm2"] == reports["warm1"]


def test_a_batch_variant_is_audited_afresh_when_the_batch_changes(tmp_path: Path) -> None:
    """A document cached without a variant is flagged once the batch makes its spelling rare, and back."""
    src = tmp_path / "in"
    for i in range(2):
        (src / f"site{i}").mkdir(parents=True)
        (src / f"site{i}" / "story.txt").write_text(STORY.format(first="Kaja", last="Kallas"), encoding="utf-8")
    (src / "site9").mkdir()
    (src / "site9" / "story.txt").write_text(STORY.format(first="Kaya", last="Kalas"), encoding="utf-8")
    out = tmp_path / "o"
    args = ["--out", str(out), "--jobs", "1", "-q", "--lang", "fr", "--fail-on", "never", "--disable", "fr.entity.name-variant"]
    assert main(["scan", str(src), "--run-id", "small", *args]) == 0
    assert _batch_findings(out / "small") == []  # 2 documents of Kallas are not yet the batch's own spelling
    for i in range(2, 5):
        (src / f"site{i}").mkdir()
        (src / f"site{i}" / "story.txt").write_text(STORY.format(first="Kaja", last="Kallas"), encoding="utf-8")
    assert main(["scan", str(src), "--run-id", "grown", *args]) == 0
    assert _batch_findings(out / "grown") == EXPECTED
    for i in range(2, 5):
        (src / f"site{i}" / "story.txt").unlink()
    assert main(["scan", str(src), "--run-id", "shrunk", *args]) == 0
    assert _batch_findings(out / "shrunk") == []


def test_batch_order_does_not_change_the_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths listed on stdin in two orders give the same findings (the census counts, order aside)."""
    import io
    import sys

    src = _batch(tmp_path / "in")
    files = sorted(str(p) for p in src.rglob("*.txt"))
    results = []
    for name, order in (("fwd", files), ("rev", files[::-1])):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(("\n".join(order) + "\n").encode())))
        assert main(["scan", "-", "--out", str(tmp_path / "o"), "--run-id", name, "-q", "--lang", "fr", "--jobs", "2",
                     "--fail-on", "never", "--disable", "fr.entity.name-variant", "--no-cache"]) == 0
        with (tmp_path / "o" / name / "findings.csv").open(encoding="utf-8", newline="") as fh:
            results.append(sorted((r["path"], r["line"], r["column"], r["rule_id"], r["detail"]) for r in csv.DictReader(fh)
                                  if r["rule_id"] == "fr.entity.batch-variant"))
    assert results[0] == results[1] and len(results[0]) == 3


def test_check_uses_the_document_as_its_batch(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Alone, occurrences stand for documents: three Kallas and one Kalas in one text."""
    doc = tmp_path / "a.txt"
    doc.write_text("Kaja Kallas a parlé. Selon Kallas, Tallinn tiendra. Kallas a conclu, puis Kalas est partie.\n", encoding="utf-8")
    main(["check", str(doc), "--format", "json", "--lang", "fr", "--disable", "fr.entity.name-variant"])
    record = json.loads(capsys.readouterr().out)
    found = [(f["text"], f["suggestions"], f["detail"]) for r in record["documents"]
             for f in r["findings"] if f["rule_id"] == "fr.entity.batch-variant"]
    assert found == [("Kalas", ["Kallas"], "'Kallas' 3 times in this document, 'Kalas' 1")]


def test_census_cost_stays_out_of_runs_without_the_rule(tmp_path: Path) -> None:
    """With the rule disabled no census runs: the stderr summary line is absent."""
    src = _batch(tmp_path / "in")
    env_out = tmp_path / "o"
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    base = [sys.executable, "-m", "auditor", "scan", str(src), "--out", str(env_out), "--lang", "fr", "--fail-on", "never"]
    on = subprocess.run([*base, "--run-id", "on"], env=env, capture_output=True, text=True, timeout=300)
    off = subprocess.run([*base, "--run-id", "off", "--disable", "fr.entity.batch-variant"], env=env, capture_output=True,
                         text=True, timeout=300)
    assert "batch: 6 documents, 2 rare name spellings in 1 documents" in on.stderr
    assert "batch:" not in off.stderr


def test_entities_suggest_reports_the_same_statistics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`auditor entities suggest` lists the batch's rare spellings with the counts the scan check uses."""
    src = _batch(tmp_path / "in")
    assert main(["entities", "suggest", str(src)]) == 0
    out = capsys.readouterr().out
    assert ('  - id: review-kallas\n    type: person  # check\n    canonical: {fr: "Kallas"}\n    garbled:\n'
            "      - \"Kalas\"  # 'Kallas' in 5 of 6 documents of this batch, 'Kalas' in 1\n") in out


def test_census_with_workers_finishes_and_matches_one_process(tmp_path: Path) -> None:
    """More documents than one census task: the census pool runs, exits cleanly, and agrees with one process."""
    import subprocess
    import sys

    src = tmp_path / "in"
    for i in range(150):
        (src / f"site{i % 7}").mkdir(parents=True, exist_ok=True)
        first, last = ("Kaya", "Kalas") if i == 77 else ("Kaja", "Kallas")
        (src / f"site{i % 7}" / f"story{i:03d}.txt").write_text(STORY.format(first=first, last=last), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    runs = {}
    for jobs in ("1", "2"):
        done = subprocess.run([sys.executable, "-m", "auditor", "scan", str(src), "--out", str(tmp_path / "o"), "--run-id", jobs,
                               "--jobs", jobs, "--lang", "fr", "--fail-on", "never", "--no-cache", "-q",
                               "--disable", "fr.entity.name-variant"], env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        runs[jobs] = [(p, t, d) for p, _c, t, _s, d in _batch_findings(tmp_path / "o" / jobs)]
    assert runs["1"] == runs["2"] == [
        ("site0/story077.txt", "Kaya", "'Kaja' in 149 of 150 documents of this batch, 'Kaya' in 1"),
        ("site0/story077.txt", "Kalas", "'Kallas' in 149 of 150 documents of this batch, 'Kalas' in 1"),
        ("site0/story077.txt", "Kalas", "'Kallas' in 149 of 150 documents of this batch, 'Kalas' in 1"),
    ]


def test_census_runs_meanwhile_once_while_its_workers_read(tmp_path: Path) -> None:
    """The main process's head start (auditor.run.warmup) runs once with census workers, never without, and changes no count."""
    from auditor.inputs.discover import discover
    from auditor.run.census import CHUNK, take_census

    for i in range(6 * CHUNK):
        first, last = ("Kaya", "Kalas") if i == 77 else ("Kaja", "Kallas")
        (tmp_path / f"story{i:03d}.txt").write_text(STORY.format(first=first, last=last), encoding="utf-8")
    sources = list(discover([str(tmp_path)]))
    calls: list[int] = []
    alone = take_census(sources, 1_000_000, 1, meanwhile=lambda: calls.append(1))
    assert calls == []  # one process: nobody to wait for
    pooled = take_census(sources, 1_000_000, 2, meanwhile=lambda: calls.append(2))
    assert calls == [2]
    assert pooled == alone and alone.documents == 6 * CHUNK and sorted(alone.variants) == ["Kalas", "Kaya"]


def test_two_given_names_are_two_people_unless_one_surname_follows_both() -> None:
    """A batch of unrelated stories: Garry (Kasparov) is no Harry (Kane), but Kristofer Nolan is Christopher Nolan."""
    counts = Counter({"Harry": 6, "Harry Kane": 6, "Kane": 6, "Garry": 1, "Garry Kasparov": 1, "Kasparov": 1,
                      "Christopher": 4, "Christopher Nolan": 4, "Nolan": 5, "Kristofer": 1, "Kristofer Nolan": 1,
                      "Rickard": 1, "Ricardo": 5, "Ricardo Pérez": 5, "Rickard Olsson": 1})
    assert learn(counts, 12).variants == {"Kristofer": Variant("Kristofer", "Christopher", 1, 4)}


def test_a_first_letter_dropped_makes_another_name() -> None:
    """Galice is no Alice, Zelena no Elena: the one-letter test never drops the first letter."""
    counts = Counter({"Alice": 5, "Galice": 1, "Elena": 6, "Zelena": 1, "Afghanistan": 5, "Afghnistan": 1})
    assert learn(counts, 12).variants == {"Afghnistan": Variant("Afghnistan", "Afghanistan", 1, 5)}


def test_a_word_another_language_writes_is_no_garble_unless_its_surname_agrees() -> None:
    """Vitoria (Spanish city) is no Victoria garbled; Landon before Norris is Lando Norris."""
    counts = Counter({"Victoria": 6, "Vitoria": 1, "Lando": 5, "Norris": 5, "Lando Norris": 5, "Landon": 1, "Landon Norris": 1})
    assert learn(counts, 12).variants == {"Landon": Variant("Landon", "Lando", 1, 5)}
    assert "Vitoria" in learn(counts, 1).variants  # one document is one story: beside Victoria it is a slip


def test_endings_on_one_stem_are_grammar() -> None:
    """A feminine or a German adjective's ending is grammar (Mexicaines, Deutscher); Robbi for Robbie is the pivot's."""
    counts = Counter({"Mexicains": 6, "Mexicaines": 1, "Deutsche": 6, "Deutscher": 1,
                      "Robbie": 5, "Margot Robbie": 5, "Margot": 5, "Robbi": 1, "Margo Robbi": 1, "Margo": 1})
    assert learn(counts, 12).variants == {"Margo": Variant("Margo", "Margot", 1, 5), "Robbi": Variant("Robbi", "Robbie", 1, 5)}


def test_after_the_pairs_first_word_a_letter_dropped_in_writing_is_a_slip() -> None:
    """Florian Wirz is Florian Wirtz (keys virs and virc: the fold hides the dropped t); Barac alone is a name."""
    counts = Counter({"Florian": 5, "Wirtz": 4, "Florian Wirtz": 4, "Wirz": 1, "Florian Wirz": 1,
                      "Barack": 6, "Barack Obama": 6, "Obama": 6, "Barac": 1})
    assert learn(counts, 12).variants == {"Florian Wirz": Variant("Wirz", "Wirtz", 1, 4, "Florian")}


def test_a_consonant_added_makes_another_name_unless_the_neighbours_agree() -> None:
    """Crolles is no Coles, Spacek no Space; an added vowel or doubled letter is a slip (Americaa);
    Landon before Norris is Lando Norris, whatever letter was added."""
    counts = Counter({"Coles": 3, "Crolles": 1, "Space": 3, "Spacek": 1, "American": 5, "Americaa": 1,
                      "Lando": 5, "Norris": 5, "Lando Norris": 5, "Landon": 1, "Landon Norris": 1})
    assert learn(counts, 12).variants == {"Americaa": Variant("Americaa", "American", 1, 5), "Landon": Variant("Landon", "Lando", 1, 5)}


def test_known_spellings_of_one_gazetteer_tuple_are_worked_out_once() -> None:
    """A scan asks three times of one gazetteer: the same frozenset each time; another gazetteer gets its own."""
    from auditor.entities.batchnames import known_spellings
    from auditor.entities.gazetteer import Entry

    kallas = (Entry("kallas", "person", {"fr": "Kaja Kallas"}, variants=("Kaja Kallasová",)),)
    first = known_spellings(kallas)
    assert first == frozenset({"Kaja", "Kallas", "Kallasová"})
    assert known_spellings(kallas) is first
    other = (Entry("musk", "person", {"fr": "Elon Musk"}),)
    assert known_spellings(other) == frozenset({"Elon", "Musk"})
    assert known_spellings(list(kallas)) == first  # a list may change: worked out again, same words


def test_census_workers_with_the_cache_match_a_fresh_run(tmp_path: Path) -> None:
    """Census workers reading a batch the cache half knows (cold run, then a document added) count as a run without cache."""
    import subprocess
    import sys

    src = tmp_path / "in"
    for i in range(150):
        (src / f"site{i % 7}").mkdir(parents=True, exist_ok=True)
        (src / f"site{i % 7}" / f"story{i:03d}.txt").write_text(STORY.format(first="Kaja", last="Kallas"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "AUDITOR_CACHE_DIR": str(tmp_path / "cache")}

    def scan(run: str, *extra: str) -> None:
        done = subprocess.run([sys.executable, "-m", "auditor", "scan", str(src), "--out", str(tmp_path / "o"), "--run-id", run,
                               "--jobs", "2", "--lang", "fr", "--fail-on", "never", "-q", "--disable", "fr.entity.name-variant", *extra],
                              env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr

    scan("cold")
    assert _batch_findings(tmp_path / "o" / "cold") == []
    (src / "site0" / "story150.txt").write_text(STORY.format(first="Kaya", last="Kalas"), encoding="utf-8")
    scan("warm")
    scan("fresh", "--no-cache")
    expected = [
        ("site0/story150.txt", "Kaya", "'Kaja' in 150 of 151 documents of this batch, 'Kaya' in 1"),
        ("site0/story150.txt", "Kalas", "'Kallas' in 150 of 151 documents of this batch, 'Kalas' in 1"),
        ("site0/story150.txt", "Kalas", "'Kallas' in 150 of 151 documents of this batch, 'Kalas' in 1"),
    ]
    for run in ("warm", "fresh"):
        assert [(p, t, d) for p, _c, t, _s, d in _batch_findings(tmp_path / "o" / run)] == expected, run
    reports = {run: sorted((p.relative_to(tmp_path / "o" / run), p.read_bytes()) for p in (tmp_path / "o" / run / "files").rglob("*.json"))
               for run in ("warm", "fresh")}
    assert reports["warm"] == reports["fresh"]
