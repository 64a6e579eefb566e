"""Entity checks: gazetteer parsing, garbled and unseen name variants, names as nouns, romanisation, consistency, mining."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Iterator

import pytest
import yaml

import os
import subprocess
import sys

import regex

from auditor.checks import CHECKS, Resources
from auditor.checks.entities import RUN_RE, _literal, _literal_finder, analyser_for, find_runs
from auditor.entities.mining import iter_documents, suggest
from auditor.document import Document
from auditor.entities.gazetteer import GazetteerError, load_first_names, load_gazetteer_dir, name_key, parse_entry, plain

import auditor.checks.entities  # noqa: F401  (registers the checks)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_004 = next((ROOT / "samples").glob("004_*.txt"))
GAZETTEER = load_gazetteer_dir(ROOT / "rules" / "gazetteer")
# Literal forms are switched off: every seed artifact must come from the fuzzy matching.
NO_LITERALS = tuple(e.__class__(**{**e.__dict__, "garbled": ()}) for e in GAZETTEER)


def hits(check: str, text: str, gazetteer=GAZETTEER, params=None) -> list[tuple[str, tuple[str, ...]]]:
    """Return (flagged text, suggestions) for each hit of `check` on `text`."""
    detect = CHECKS[check].factory(params or {}, Resources(gazetteer=gazetteer))
    return [(text[h.start:h.end], h.suggestions) for h in detect(Document(text))]


# --- gazetteer entries --------------------------------------------------------------

def test_parse_entry_builds_frozen_entry() -> None:
    entry = parse_entry(
        {"id": "elon-musk", "type": "person", "canonical": {"fr": "Elon Musk"}, "first_names": ["Elon"],
         "variants": ["Musk"], "nouns": {"fr": ["masque"]}, "context": ["SpaceX"]}
    )
    assert (entry.id, entry.name("fr"), entry.first_names, entry.nouns["fr"]) == ("elon-musk", "Elon Musk", ("Elon",), ("masque",))
    assert entry.accepted == ("Elon Musk", "Musk")
    with pytest.raises(TypeError):
        entry.nouns["fr"] = ()  # type: ignore[index]


@pytest.mark.parametrize(
    "raw, key, message",
    [
        ({"id": "x", "type": "person", "canonical": {"fr": "X"}, "swp": 1}, "swp", "unknown key 'swp'"),
        ({"type": "person", "canonical": {"fr": "X"}}, "id", "required key 'id' is missing"),
        ({"id": "Bad Id", "type": "person", "canonical": {"fr": "X"}}, "id", "must be a lowercase slug"),
        ({"id": "x", "type": "robot", "canonical": {"fr": "X"}}, "type", "must be one of"),
        ({"id": "x", "type": "person"}, "canonical", "required"),
        ({"id": "x", "type": "person", "canonical": {"fr": ""}}, "canonical.fr", "non-empty string"),
        ({"id": "x", "type": "person", "canonical": {"fr": "X"}, "variants": "X"}, "variants", "must be a list"),
        ({"id": "x", "type": "person", "canonical": {"fr": "X"}, "garbled": ["ok", 3]}, "garbled[1]", "non-empty string"),
        ({"id": "x", "type": "person", "canonical": {"fr": "X"}, "nouns": {"FR": ["a"]}}, "nouns", "language code"),
        ({"id": "x", "type": "product", "canonical": {"fr": "X"}, "first_names": ["A"]}, "first_names", "only persons"),
    ],
)
def test_parse_entry_names_the_bad_key(raw: dict, key: str, message: str) -> None:
    with pytest.raises(GazetteerError) as err:
        parse_entry(raw)
    assert err.value.key == key
    assert message in err.value.message


def test_first_names_file(tmp_path: Path) -> None:
    path = tmp_path / "names.txt"
    path.write_text("# given names\nSteve\n\nÉlisabeth  # with accent\n", encoding="utf-8")
    assert load_first_names(path) == frozenset({"steve", "élisabeth"})


@pytest.mark.parametrize(
    "a, b",
    [("Isaxon", "Isaacson"), ("Zhaiir", "Jair"), ("Putine", "Poutine"), ("Lukashenko", "Loukachenko"),
     ("Kiriyenko", "Kirienko"), ("Sergey", "Sergueï"), ("Bashar al-Assad", "Bachar el-Assad"), ("Si", "Xi")],
)
def test_transliteration_key_unifies_romanisations(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    "text, expected",
    [("Kim Jong -Un", "kim jong-un"), ("Bachar  el‐Assad", "bachar el-assad"), ("Élisabeth BORNE", "elisabeth borne"),
     ("Straße", "strasse"), ("l’Ukraine", "l'ukraine")],
)
def test_plain_form(text: str, expected: str) -> None:
    assert plain(text) == expected


# --- shared analysis -------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, runs",
    [
        ("Selon d'Emmanuel Macron et Bachar el-Assad, l'abu-Bakr ash-Sharaa.",
         ["Selon d'Emmanuel Macron", "Bachar el-Assad", "abu-Bakr ash-Sharaa"]),
        ("la d'Artagnan, x-Ab, bin-Laden et Oussama ben Laden", ["d'Artagnan", "bin-Laden", "Oussama ben Laden"]),
        ("l'al-Qaïda Kim Jong -in", ["al-Qaïda Kim Jong -in"]),
        ("Eld'Ab ad-Dawla", ["Eld'Ab ad-Dawla"]),
        ("d'A d'B", ["d'A d'B"]),
        ("Vladimir Poutine", ["Vladimir Poutine"]),
        ("rien ici", []),
    ],
)
def test_find_runs_finds_the_runs_of_run_re(text: str, runs: list[str]) -> None:
    """Runs with a prefixed head ("el-Assad", "d'Artagnan") are merged in leftmost first, as RUN_RE.finditer does."""
    assert [m.group() for m in find_runs(text)] == runs
    assert [m.span() for m in find_runs(text)] == [m.span() for m in RUN_RE.finditer(text)]


def test_document_facts_are_computed_once_per_document_and_never_shared() -> None:
    analyser = analyser_for(Resources(gazetteer=GAZETTEER))
    putine = Document("Le président Vladimir Putine a parlé.")
    facts = analyser.document_facts(putine)
    assert [(f.start, f.end, f.kind, f.suggestion, f.surface) for f in facts] == [(13, 28, "variant", "Vladimir Poutine", "Putine")]
    assert analyser.document_facts(putine) is facts  # every check of the document reuses them
    scholtz = Document("Olaf Scholtz a parlé à Berlin.")
    assert [(f.start, f.end, f.kind, f.suggestion) for f in analyser.document_facts(scholtz)] == [
        (0, 12, "variant", "Olaf Scholz"), (23, 29, "mention", ""),  # Berlin: a place of the mined gazetteer
    ]
    again = Document(putine.text)  # another document, even with the same text, has its own
    assert analyser.document_facts(again) == facts
    assert analyser.document_facts(again) is not facts


def test_context_evidence_is_shared_by_the_checks() -> None:
    analyser = analyser_for(Resources(gazetteer=GAZETTEER))
    assert analyser.probe() is analyser.probe()
    assert analyser.probe(names=False) is not analyser.probe()
    musk = next(i for i, e in enumerate(analyser.index.entries) if e.id == "elon-musk")
    doc = Document("Le masque a déclaré que Tesla et SPACEX suivront, selon Musk. TESLA aussi.")
    assert (analyser.probe().evidence(doc, musk), analyser.probe(names=False).evidence(doc, musk)) == (3, 2)


def test_literal_finder_matches_like_the_alternation() -> None:
    forms = [("a b", regex.IGNORECASE), ("b c", regex.IGNORECASE), ("abc", regex.IGNORECASE), ("B", 0), ("x’y", regex.IGNORECASE)]
    alts = "|".join(f"(?i:{_literal(f)})" if flags else _literal(f) for f, flags in forms)
    pattern = regex.compile(rf"(?<![\p{{L}}\d])(?:{alts})(?![\p{{L}}\d])")
    text = "A b c, b C, B, b, ABC, zabc, X'y x’Y"
    found = [(m.start(), m.group()) for m in _literal_finder(pattern, forms)(text)]
    assert found == [(0, "A b"), (7, "b C"), (12, "B"), (18, "ABC"), (29, "X'y"), (33, "x’Y")]
    assert found == [(m.start(), m.group()) for m in pattern.finditer(text)]


def test_wordfreq_is_imported_only_when_a_frequency_is_needed(tmp_path) -> None:
    code = (
        "import sys\n"
        "from auditor.checks import CHECKS, Resources\n"
        "from auditor.document import Document\n"
        "from auditor.entities.gazetteer import load_gazetteer_dir\n"
        "import auditor.checks.entities, auditor.lang.frequencies, auditor.entities.mining\n"
        "resources = Resources(gazetteer=load_gazetteer_dir('rules/gazetteer'))\n"
        "for name in ('name-variant', 'romanisation', 'entity-consistency', 'first-name-common-word', 'name-as-noun'):\n"
        "    list(CHECKS[name].factory({}, resources)(Document('Le chancelier Olaf Scholz a parlé à Berlin.')))\n"
        "print('wordfreq' in sys.modules)\n"
        "list(CHECKS['name-variant'].factory({}, resources)(Document('Le président Vladimir Putine a parlé.')))\n"
        "print(auditor.lang.frequencies.zipf('bonjour'), 'wordfreq' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "AUDITOR_CACHE_DIR": str(tmp_path)}
    run = lambda: subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    # The first run builds the frequency table from wordfreq; the next reads it from the user cache.
    assert run().split("\n") == ["False", "5.12 True", ""]
    assert run().split("\n") == ["False", "5.12 False", ""]


def _wordfreq_samples(language: str) -> list[str]:
    """Words spread over wordfreq's list, words it does not know, and strings outside the table."""
    import wordfreq

    words = [w for w in wordfreq.get_frequency_dict(language) if regex.fullmatch(r"[a-zà-öø-ÿæœ]+", w)]
    pairs = [" ".join(words[i : i + 2]) for i in range(7, len(words), 1009)] + [" ".join(words[i : i + 3]) for i in range(3, len(words), 997)]
    odd = ["zzzzqx", "de trump", "le zzzzqx", "de la maison", "jean-marc", "l'état", "aujourd'hui", "Maison", "straße", "2021", "été", "œuvre",
           # Hyphens and apostrophes, answered by the table in wordfreq's own tokens.
           "maison-blanche", "zzzzqx-blanche", "d'obama", "qu'il", "o'malley", "o'hara", "l’économie", "women’s", "rock'n'roll",
           "jusqu'à", "d'arc-en-ciel", "l'o'neill",
           # Latin Extended-A letters (French and English tables), and words joined by spaces and hyphens.
           "erdoğan", "škoda", "łódź", "téměř", "ıstanbul", "du nord-westfalie", "recherche- l", "de fisher-price", "l'homme - d'arc"]
    return words[::211] + pairs + odd


@pytest.fixture
def fresh_tables() -> Iterator[ModuleType]:
    """Start with no frequency table read in this process, and put back the tables read before."""
    from auditor.lang import frequencies

    saved = dict(frequencies._TABLES)
    frequencies._TABLES.clear()
    yield frequencies
    frequencies._TABLES.clear()
    frequencies._TABLES.update(saved)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_zipf_from_the_frequency_table_is_wordfreqs(language: str, tmp_path, monkeypatch, fresh_tables) -> None:
    import wordfreq

    frequencies = fresh_tables
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    built = frequencies.frequency_table(language)
    frequencies._TABLES.clear()
    stored = frequencies.frequency_table(language)  # read back from the user cache
    assert stored == built and stored.combines is True
    assert stored.unknown == 0.0 and len(stored.values) == sum(len(c.split()) for c in stored.chunks)
    assert stored.firsts == tuple(c.split()[0] for c in stored.chunks)
    # The first and last words of the table are found; words before the first chunk or unknown are not.
    edge = [stored.firsts[0], stored.chunks[-1].split()[-1]]
    assert [stored.zipf(w) for w in edge] == [wordfreq.zipf_frequency(w, language) for w in edge]
    assert [stored.value(w) for w in ("", "zzzzqx")] == [-1, -1]
    for word in _wordfreq_samples(language):
        assert frequencies.zipf(word, language) == wordfreq.zipf_frequency(word, language), word


def test_zipf_remembers_one_token_words_on_their_table(tmp_path, monkeypatch, fresh_tables) -> None:
    frequencies = fresh_tables
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(frequencies, "_MEMO_WORDS", 3)
    table = frequencies.frequency_table("fr")
    words = ["bonjour", "zzzzqx", "maison", "de trump", "jean-marc"]
    first = [frequencies.zipf(w) for w in words]
    # Only the one-token words are kept, with the table's own answers; the others are computed each time.
    assert table.memo == {"bonjour": table.zipf("bonjour"), "zzzzqx": 0.0, "maison": table.zipf("maison")}
    assert [frequencies.zipf(w) for w in words] == first
    frequencies.zipf("gouvernement")  # a fourth word: past the limit, the memo starts again
    assert table.memo == {}
    assert frequencies.zipf("bonjour") == first[0] and table.memo == {"bonjour": first[0]}
    # A table read again starts with an empty memo.
    frequencies._TABLES.clear()
    assert frequencies.frequency_table("fr").memo == {} and frequencies.frequency_table("fr") == table


@pytest.mark.parametrize(
    ("word", "tokens"),
    [
        ("maison-blanche", ["maison", "blanche"]),
        ("l'homme", ["l", "homme"]),  # an elision: one or two letters, then a vowel or h
        ("qu'il", ["qu", "il"]),
        ("o'hara", ["o", "hara"]),
        ("o'malley", ["o'malley"]),  # no vowel after the apostrophe: one token
        ("aujourd'hui", ["aujourd'hui"]),  # more than two letters before it
        ("l’économie", ["l'économie"]),  # the curly apostrophe splits nothing, and is uncurled
        ("d'arc-en-ciel", ["d", "arc", "en", "ciel"]),
    ],
)
def test_wordfreq_tokens_are_wordfreqs(word: str, tokens: list[str]) -> None:
    import wordfreq

    from auditor.lang.frequencies import wordfreq_tokens

    assert wordfreq_tokens(word) == tokens == wordfreq.lossy_tokenize(word, "fr")


def test_zipf_exact_values() -> None:
    from auditor.lang.frequencies import zipf

    assert [zipf(w) for w in ("bonjour", "emplois", "poutine", "de trump", "zzzzqx", "jean-marc")] == [5.12, 4.61, 4.23, 4.4, 0.0, 4.61]
    assert [zipf(w, "en") for w in ("house", "emplois", "de trump")] == [5.71, 0.0, 4.75]


# --- name-variant --------------------------------------------------------------------

SEED_VARIANTS = [
    ("Si Jinping", "Xi Jinping"),
    ("Walter Isaxon", "Walter Isaacson"),
    ("Mileya", "Milei"),
    ("Zhaiir Bolsonar", "Jair Bolsonaro"),
    ("Kim Jong -in", "Kim Jong-un"),
    ("Bashara Assad", "Bachar el-Assad"),
    ("Ilon Musk", "Elon Musk"),
    ("Jan Bremmer", "Ian Bremmer"),
]


def test_seed_004_variants_with_gazetteer() -> None:
    found = set(hits("name-variant", SAMPLE_004.read_text(encoding="utf-8")))
    for form, suggestion in SEED_VARIANTS:
        assert (form, (suggestion,)) in found
    assert ("bammer", ("Bremmer",)) in found
    assert ("talent Carlson", ("Tucker Carlson",)) in found
    # A case-only difference is a spelling slip, not a garbled name: consistency and the
    # minor spelling rule report it, name-variant does not.
    assert not [form for form, _ in found if form == "StarLink"]
    assert ("StarLink", ("Starlink",)) in set(hits("entity-consistency", SAMPLE_004.read_text(encoding="utf-8")))


def test_seed_004_variants_without_literal_forms() -> None:
    """With every `garbled` list emptied, the fuzzy matcher still finds the seed variants."""
    found = sorted(set(hits("name-variant", SAMPLE_004.read_text(encoding="utf-8"), NO_LITERALS)))
    assert found == sorted((form, (suggestion,)) for form, suggestion in SEED_VARIANTS)


UNSEEN = [
    ("Le président russe Vladimir Putine a reçu ses ministres au Kremlin.", "Vladimir Putine", "Vladimir Poutine"),
    ("Le chancelier Olaf Scholtz a parlé à Berlin.", "Olaf Scholtz", "Olaf Scholz"),
    ("Le Premier ministre israélien Benyamin Netaniahou a parlé.", "Benyamin Netaniahou", "Benyamin Netanyahou"),
    ("Le président turc Redzhep Erdogan a répondu depuis Ankara.", "Redzhep Erdogan", "Recep Tayyip Erdogan"),
    ("Le président Emmanuel Makron a parlé à l'Élysée.", "Emmanuel Makron", "Emmanuel Macron"),
    ("Il a appelé Joe Baiden depuis Paris.", "Joe Baiden", "Joe Biden"),
    ("Il a rencontré Antony Blinkin à Genève.", "Antony Blinkin", "Antony Blinken"),
]


@pytest.mark.parametrize("text, form, suggestion", UNSEEN)
def test_unseen_variants(text: str, form: str, suggestion: str) -> None:
    assert hits("name-variant", text) == [(form, (suggestion,))]


def test_unseen_variants_are_in_no_rule_file() -> None:
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "rules").rglob("*") if p.is_file())
    for _, form, suggestion in UNSEEN:
        assert form not in corpus
        for word in set(form.split()) - set(suggestion.split()):  # the misspelled words
            assert word not in corpus


@pytest.mark.parametrize(
    "text",
    [
        "Vladimir Poutine, Xi Jinping et Kim Jong-un se sont parlé ; Kim Jong-il est mort en 2011.",
        "Bachar al-Assad et Bachar el-Assad, Benjamin Netanyahou, Recep Tayyip Erdoğan.",
        "La juge Shira Scheindlin a suspendu la décision, selon Arlene Baratz.",
        "Ivana Trump et Hunter Biden étaient présents.",
    ],
)
def test_real_names_pass(text: str) -> None:
    assert hits("name-variant", text) == []


# --- name-as-noun --------------------------------------------------------------------

def test_seed_004_every_musk_masque() -> None:
    text = SAMPLE_004.read_text(encoding="utf-8")
    found = hits("name-as-noun", text)
    nouns = [f for f, _ in found]
    assert nouns.count("masque") + nouns.count("Masque") + nouns.count("Mask") == 18
    assert ("lien d'étoile", ("Starlink",)) in found
    assert all(s == ("Musk",) for f, s in found if f != "lien d'étoile")


MASKS_ARTICLE = """Elon Musk a rouvert l'usine Tesla de Fremont malgré la pandémie.
Les employés doivent porter un masque chirurgical dans les ateliers. Le masque est obligatoire, a précisé la direction, et chaque salarié reçoit un masque FFP2 par jour.
Le port du masque reste la règle. Musk, lui, a critiqué le masque en ligne sur X, où il compte des millions d'abonnés. Sans masque, pas d'accès au site.
Un ouvrier a retiré son masque pendant la pause. Bas les masques : le milliardaire veut relancer la production de SpaceX et de Tesla.
"""


def test_masks_article_passes() -> None:
    assert hits("name-as-noun", MASKS_ARTICLE) == []


def test_masque_as_person_in_mask_topic_article_is_still_flagged() -> None:
    text = MASKS_ARTICLE + "Le masque a déclaré que Tesla ne fermerait pas.\n"
    assert hits("name-as-noun", text) == [("masque", ("Musk",))]


def test_masque_without_context_passes() -> None:
    assert hits("name-as-noun", "Au carnaval, le masque du comédien a fait rire la salle.") == []


# --- first-name-common-word --------------------------------------------------------------

def test_first_name_followed_by_ordinary_word() -> None:
    text = "Steve Travaux a présenté le premier iPhone chez Apple, dont il était le cofondateur."
    assert hits("first-name-common-word", text) == [("Steve Travaux", ("Steve Jobs",))]


def test_first_name_followed_by_a_noun_rendering_is_left_to_name_as_noun() -> None:
    text = "Tim Cuisinier a présenté le nouvel iPhone, a annoncé Apple, dont il est le PDG."
    assert hits("first-name-common-word", text) == []
    assert hits("name-as-noun", text) == [("Cuisinier", ("Cook",))]


def test_rendering_outside_a_document_about_its_entity_is_an_ordinary_word() -> None:
    """No Microsoft, no fondation: 'Portes' after Bill, a first name rare in France, is still Gates's (name-as-noun, one finding);
    after Robert, common in France, name-as-noun is silent and first-name-common-word flags the pair unlinked."""
    assert hits("name-as-noun", "Bill Portes a expliqué ses choix.") == [("Portes", ("Gates",))]
    assert hits("first-name-common-word", "Bill Portes a expliqué ses choix.") == []
    assert hits("name-as-noun", "Robert Portes a expliqué ses choix.") == []
    assert hits("first-name-common-word", "Bill Portes a expliqué ses choix chez Microsoft.") == []


def test_first_name_followed_by_ordinary_word_unlinked() -> None:
    """Unlinked: a very frequent French word after an English-style first name, with a title or a verb of saying."""
    text = "Le PDG Mark Sucre a présenté ses résultats. Bill Maison a déclaré qu'il viendrait. Marie Maison et Paul Jardin sont venus."
    assert hits("first-name-common-word", text) == [("Mark Sucre", ()), ("Bill Maison", ())]
    assert hits("first-name-common-word", text, params={"unlinked_min_zipf": None}) == []


def test_unlinked_needs_a_person_and_an_english_first_name() -> None:
    text = "Mark Sucre et Bill Maison sont venus. Le ministre Paul Jardin a déclaré que Marie Boulanger viendrait."
    assert hits("first-name-common-word", text) == []


def test_real_names_that_are_words_pass() -> None:
    text = "Larry Page, cofondateur de Google, Marine Le Pen et Jean Castex ont parlé d'Alphabet et du RN."
    assert hits("first-name-common-word", text) == []


# --- romanisation --------------------------------------------------------------------

def test_seed_004_romanisation() -> None:
    found = hits("romanisation", SAMPLE_004.read_text(encoding="utf-8"))
    assert found == [
        ("Dmitry Peskov", ("Dmitri Peskov",)),
        ("Alexander Lukashenko", ("Alexandre Loukachenko",)),
        ("Sergey Kiriyenko", ("Sergueï Kirienko",)),
        ("Kiriyenko", ("Kirienko",)),
    ]


def test_romanisation_of_unlisted_forms() -> None:
    text = "Le ministre Sergey Lavrov a rencontré Dmitry Ivanenko à Moscou."
    assert hits("romanisation", text) == [("Sergey Lavrov", ("Sergueï Lavrov",)), ("Dmitry Ivanenko", ("Dmitri Ivanenko",))]


def test_french_forms_pass_romanisation() -> None:
    assert hits("romanisation", "Sergueï Lavrov, Dmitri Peskov et Alexandre Loukachenko. Vladimir Poutine.") == []


# --- consistency --------------------------------------------------------------------

def test_consistency_flags_once_at_minority_spelling() -> None:
    text = "Walter Isaacson écrit. Isaacson insiste. Selon Isaxon, rien. Isaacson conclut."
    assert hits("entity-consistency", text) == [("Isaxon", ("Isaacson",))]


def test_consistency_when_minority_is_canonical_flags_the_other_spelling() -> None:
    text = "Le service StarLink fonctionne. StarLink couvre l'Ukraine. Starlink est de SpaceX."
    assert hits("entity-consistency", text) == [("StarLink", ("Starlink",))]


def test_consistency_ignores_accents_and_particles() -> None:
    assert hits("entity-consistency", "Bachar el-Assad parle. Assad insiste. Al-Qaïda et Al-Qaida.") == []


# --- suggest ---------------------------------------------------------------------------

def test_suggest_on_samples_loads_and_holds_seed_variants() -> None:
    out = suggest(iter_documents([ROOT / "samples"]), GAZETTEER)
    entries = [parse_entry(raw) for raw in yaml.safe_load(out)["gazetteer"]]
    assert len({e.id for e in entries}) == len(entries)
    proposed = {form for e in entries for form in e.garbled}
    for form, _ in SEED_VARIANTS:
        assert form in proposed or f"Walter {form}" in proposed or form.split()[-1] in proposed
    assert {"StarLink", "Isaxon", "bammer", "Dmitry Peskov", "Sergey Kiriyenko"} <= proposed


def test_suggest_without_literal_forms_still_proposes_variants() -> None:
    docs = [("a.txt", SAMPLE_004.read_text(encoding="utf-8")), ("b.txt", "Le président Vladimir Putine a parlé au Kremlin.")]
    out = suggest(docs, NO_LITERALS)
    by_id = {e.id: e for e in (parse_entry(raw) for raw in yaml.safe_load(out)["gazetteer"])}
    assert "Vladimir Putine" in by_id["vladimir-poutine"].garbled
    assert "Ilon Musk" in by_id["elon-musk"].garbled
    assert "# new; 1x: b.txt (1)" in out


def test_suggest_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from auditor.commands import entities

    parser = argparse.ArgumentParser()
    entities.add_arguments(parser)
    (tmp_path / "doc.md").write_text("Le chancelier Olaf Scholtz a parlé à Berlin.", encoding="utf-8")
    target = tmp_path / "out.yaml"
    assert entities.run(parser.parse_args(["suggest", str(tmp_path), "--output", str(target)])) == 0
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert [parse_entry(raw).garbled for raw in data["gazetteer"] if raw["id"] == "olaf-scholz"] == [("Olaf Scholtz",)]
    assert entities.run(parser.parse_args(["suggest", str(tmp_path / "missing")])) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_zipf_without_user_cache_uses_wordfreq(monkeypatch, fresh_tables) -> None:
    frequencies = fresh_tables
    monkeypatch.setenv("AUDITOR_CACHE_DIR", "")
    # No table is built when it cannot be stored: building one costs more than wordfreq's own load.
    assert [frequencies.zipf(w) for w in ("bonjour", "de trump", "zzzzqx")] == [5.12, 4.4, 0.0]
    assert frequencies._TABLES == {"fr": None}
    assert frequencies.loaded_zipf("bonjour") is None


def test_loaded_zipf_answers_only_from_a_table_already_read(tmp_path, monkeypatch, fresh_tables) -> None:
    frequencies = fresh_tables
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    assert frequencies.loaded_zipf("bonjour") is None
    frequencies.frequency_table("fr")
    assert [frequencies.loaded_zipf(w) for w in ("bonjour", "zzzzqx", "de trump", "jean-marc")] == [5.12, 0.0, None, None]


def test_plain_memo_gives_the_computed_form(monkeypatch) -> None:
    from auditor.entities import gazetteer

    monkeypatch.setattr(gazetteer, "_PLAIN_MEMO", {})
    monkeypatch.setattr(gazetteer, "MAX_PLAIN_MEMO", 2)
    forms = [gazetteer.plain(w) for w in ("Zelensky", "Jong -un", "Zelensky", "Sergueï  Lavrov", "L’État")]
    assert forms == ["zelensky", "jong-un", "zelensky", "serguei lavrov", "l'etat"]
    assert gazetteer._PLAIN_MEMO == {"Sergueï  Lavrov": "serguei lavrov", "L’État": "l'etat"}  # cleared when full: bounded memory


def test_analyser_tables_are_read_back_from_the_user_cache(tmp_path, monkeypatch) -> None:
    from auditor.checks import entities
    from auditor.entities import gazetteer

    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    built = entities._cached_analyser(GAZETTEER)  # compiled, then stored
    assert len(list((tmp_path / "analyser").glob("*.pickle"))) == 1

    def no_compile(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(gazetteer.GazetteerIndex, "__init__", no_compile)
    monkeypatch.setattr(entities.SkeletonBlocks, "__init__", no_compile)
    read = entities._cached_analyser(GAZETTEER)  # the next process
    assert read.index.entries is GAZETTEER
    assert read.tables() == built.tables() and read.index.tables() == built.index.tables()
    runs = ("Ilon Musk", "Vladimir Poutine", "Bashara Assad", "Dmitry Peskov", "Steve Emplois", "Zelenskiy")
    assert [read.analyse_run(r) for r in runs] == [built.analyse_run(r) for r in runs]
    assert any(read.analyse_run(r) for r in runs)
    # Another gazetteer is another entry, compiled for itself.
    monkeypatch.undo()
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    assert entities._cached_analyser(NO_LITERALS).index.garbled == {}
    assert len(list((tmp_path / "analyser").glob("*.pickle"))) == 2
