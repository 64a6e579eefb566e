"""Rule mining over a batch: unknown name variants proposed as ready-to-review gazetteer YAML."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from auditor.checks import Resources
from auditor.checks.entities import RUSSIAN_FIRST_NAMES, Analyser, _FINGERPRINT, _spelling, _tokens, analyser_for, find_runs
from auditor.document import Document
from auditor.lang.frequencies import zipf
from auditor.entities.batchnames import BatchNames, Variant, known_spellings, learn, name_tokens
from auditor.entities.gazetteer import Entry, plain, word_key
from auditor.inputs.reading import read_file

SUFFIXES = (".txt", ".md")
MIN_WORD = 4  # shorter capitalised words are initials and function words, not names
RARE_ZIPF = 3.0  # wordfreq Zipf frequency under which a capitalised word is taken for a name


@dataclass
class Seen:
    """How often a form occurs in the batch, and in which files."""

    count: int = 0
    files: dict[str, int] = field(default_factory=dict)

    def add(self, path: str) -> None:
        """Count one occurrence in `path`."""
        self.count += 1
        self.files[path] = self.files.get(path, 0) + 1

    def where(self, limit: int = 3) -> str:
        """Return 'N in file (n), file (n)…' for a YAML comment."""
        ranked = sorted(self.files.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = ", ".join(f"{p} ({n})" for p, n in ranked[:limit])
        more = f", +{len(ranked) - limit} files" if len(ranked) > limit else ""
        return f"{self.count}x: {shown}{more}"


def suggest(documents: Iterable[tuple[str, str]], entries: Sequence[Entry]) -> str:
    """Mine (path, text) documents and return gazetteer YAML for a person to review."""
    analyser = analyser_for(Resources(gazetteer=tuple(entries)))
    known = analyser.index.entries
    variants: dict[int, dict[str, Seen]] = defaultdict(dict)
    spellings: dict[str, dict[str, Seen]] = defaultdict(dict)
    fingerprints: dict[str, Seen] = {}
    n_docs = 0
    census: Counter[str] = Counter()  # documents per name token: the statistics of the scan's batch-variant check
    for path, text in documents:
        n_docs += 1
        census.update(name_tokens(text))
        doc = Document(text, path=path)
        for fact in analyser.document_facts(doc):
            if fact.kind in ("garbled", "variant", "foreign") and fact.entries:
                form = " ".join(text[fact.start:fact.end].split())
                variants[fact.entries[0]].setdefault(form, Seen()).add(path)
        for m in find_runs(text):
            for tok in _tokens(m.group()):
                word = tok.text
                if len(word) < MIN_WORD or word.isupper() or " " in word:
                    continue
                spellings[word_key(word)].setdefault(_spelling(word), Seen()).add(path)
                if _FINGERPRINT.search(word) or plain(word) in RUSSIAN_FIRST_NAMES:
                    fingerprints.setdefault(word, Seen()).add(path)
    out = [
        f"# auditor entities suggest: {n_docs} documents.",
        "# Suggestions only: review every entry, fix its type and forms, then move it to a rule file.",
        "gazetteer:",
    ]
    used = {e.id for e in known}
    found = {plain(w) for forms in variants.values() for form in forms for w in form.split()}
    out += _variant_entries(known, variants)
    out += _batch_entries(learn(census, n_docs, known_spellings(known)), used)
    out += _spelling_entries(analyser, spellings, used)
    out += _fingerprint_entries(analyser, {w: s for w, s in fingerprints.items() if plain(w) not in found}, used)
    if out[-1] == "gazetteer:":
        out[-1] = "gazetteer: []"
    return "\n".join(out) + "\n"


def _batch_entries(names: BatchNames, used: set[str]) -> list[str]:
    """Rare spellings of names the batch spells another way, as `scan`'s batch-variant check sees them."""
    if not names.variants:
        return []
    out = ["  # --- Rare spellings the rest of the batch spells another way (the batch-variant statistics). ---"]
    by_frequent: dict[str, list[Variant]] = defaultdict(list)
    for variant in names.variants.values():
        by_frequent[variant.frequent].append(variant)
    for frequent in sorted(by_frequent, key=lambda f: (-by_frequent[f][0].frequent_documents, f)):
        slug = _slug(frequent)
        if slug in used:
            continue
        used.add(slug)
        out += [f"  - id: {slug}", "    type: person  # check", f"    canonical: {{fr: {_q(frequent)}}}", "    garbled:"]
        for v in sorted(by_frequent[frequent], key=lambda v: (v.after, v.spelling)):
            form = f"{v.after} {v.spelling}" if v.after else v.spelling
            out.append(f"      - {_q(form)}  # {v.detail(names.documents)}")
    return out


def _q(text: str) -> str:
    """Quote a string for YAML (JSON strings are valid YAML scalars)."""
    return json.dumps(text, ensure_ascii=False)


def _variant_entries(known: Sequence[Entry], variants: dict[int, dict[str, Seen]]) -> list[str]:
    """Known entities with the off-canonical forms found, most frequent first."""
    if not variants:
        return []
    out = ["  # --- Variants of known entities (garbled: forms to flag). 'known' = already listed. ---"]
    ranked = sorted(variants.items(), key=lambda kv: (-sum(s.count for s in kv[1].values()), known[kv[0]].id))
    for i, forms in ranked:
        entry = known[i]
        out += [
            f"  - id: {entry.id}",
            f"    type: {entry.type}",
            f"    canonical: {{{', '.join(f'{k}: {_q(v)}' for k, v in entry.canonical.items())}}}",
            "    garbled:",
        ]
        for form, seen in sorted(forms.items(), key=lambda kv: (-kv[1].count, kv[0])):
            status = "known" if form in entry.garbled else "foreign form" if _is_foreign(entry, form) else "new"
            out.append(f"      - {_q(form)}  # {status}; {seen.where()}")
    return out


def _is_foreign(entry: Entry, form: str) -> bool:
    """True when `form` is one of the entry's forms in another language."""
    return any(plain(form) == plain(f) for forms in entry.foreign.values() for f in forms)


def _slug(text: str) -> str:
    """Return an id slug for a suggested entry."""
    return "review-" + (re.sub(r"[^a-z0-9]+", "-", plain(text)).strip("-") or "name")


def _spelling_entries(analyser: Analyser, spellings: dict[str, dict[str, Seen]], used: set[str]) -> list[str]:
    """Words written several ways across the batch (same transliteration key), commonest first."""
    groups = []
    for key, forms in spellings.items():
        # Ordinary words ("Argentine", "Interrogée") are not names: keep rare spellings only.
        names = {f: s for f, s in forms.items() if zipf(f.casefold()) < RARE_ZIPF or analyser.index.entry_ids(f)}
        if len(names) > 1:
            groups.append((key, names))
    if not groups:
        return []
    groups.sort(key=lambda kv: (-sum(s.count for s in kv[1].values()), kv[0]))
    out = ["  # --- Names spelled several ways across the batch: pick the right form, flag the others. ---"]
    for key, forms in groups:
        ranked = sorted(forms.items(), key=lambda kv: (-kv[1].count, kv[0]))
        best = ranked[0][0]
        slug = _slug(best)
        if slug in used:
            continue
        used.add(slug)
        entries = {e for f in forms for e in analyser.index.entry_ids(f)}
        near = analyser.index.entries[min(entries)] if entries else None
        out += [
            f"  - id: {slug}" + (f"  # close to gazetteer entry {near.id}" if near else ""),
            f"    type: {near.type if near else 'person'}  # check: person, organisation, product or place",
            f"    canonical: {{fr: {_q(best)}}}  # {ranked[0][1].where()}",
            "    garbled:",
        ]
        out += [f"      - {_q(form)}  # {seen.where()}" for form, seen in ranked[1:]]
    return out


_FRENCH_STYLE = ((re.compile(r"iy$|yy$"), "i"), (re.compile(r"y$"), "i"), (re.compile(r"zh"), "j"), (re.compile(r"Zh"), "J"),
                 (re.compile(r"sh"), "ch"), (re.compile(r"kh"), "kh"), (re.compile(r"(?<=[aeio])ye"), "ïe"), (re.compile(r"^Ye"), "Ie"))


def _french_guess(word: str) -> str:
    """Return a first guess at the French romanisation of an English-style Russian name."""
    known = RUSSIAN_FIRST_NAMES.get(plain(word))
    if known:
        return known
    for pattern, repl in _FRENCH_STYLE:
        word = pattern.sub(repl, word)
    return word


def _fingerprint_entries(analyser: Analyser, fingerprints: dict[str, Seen], used: set[str]) -> list[str]:
    """Capitalised words with pivot or English romanisation fingerprints (-iy, Zh, -ye-, Dmitry)."""
    rows = [(w, s) for w, s in fingerprints.items() if not analyser.index.entry_ids(w)]
    if not rows:
        return []
    out = ["  # --- Romanisation fingerprints: English-style forms whose French form is a guess to check. ---"]
    for word, seen in sorted(rows, key=lambda kv: (-kv[1].count, kv[0])):
        guess = _french_guess(word)
        slug = _slug(guess)
        if slug in used:
            continue
        used.add(slug)
        out += [
            f"  - id: {slug}",
            "    type: person  # check",
            f"    canonical: {{fr: {_q(guess)}}}  # guessed",
            f"    foreign: {{en: [{_q(word)}]}}  # {seen.where()}",
        ]
    return out


def iter_documents(paths: Iterable[Path]) -> Iterable[tuple[str, str]]:
    """Yield (path, text) for every readable .txt/.md file under `paths`, sorted."""
    for root in paths:
        files = sorted(p for p in root.rglob("*") if p.suffix in SUFFIXES and p.is_file()) if root.is_dir() else [root]
        for path in files:
            decoded = read_file(path)
            if decoded.error:
                print(f"{path}: skipped: {decoded.error}", file=sys.stderr)
                continue
            yield str(path), decoded.text
