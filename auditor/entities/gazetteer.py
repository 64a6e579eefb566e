"""Gazetteer of named entities: strict entry parsing, transliteration keys and a compiled lookup index."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from auditor import usercache


ENTRY_KEYS = frozenset(
    {"id", "type", "canonical", "first_names", "variants", "garbled", "foreign", "nouns", "context"}
)
ENTRY_TYPES = frozenset({"person", "organisation", "product", "place"})
_ID_RE = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")
_LANG_RE = re.compile(r"^[a-z]{2,3}$")

# Name particles: kept in the text of a name but ignored by its transliteration key,
# so "Bachar el-Assad" and "Bashara Assad" compare on their meaningful parts.
PARTICLES = frozenset(
    {
        "el", "al", "ad", "as", "ash", "ar", "at", "az", "an", "bin", "ben", "ibn", "bint", "abu",
        "de", "del", "della", "der", "den", "di", "da", "do", "dos", "du", "des", "van", "von",
        "ter", "ten", "zu", "le", "la", "y", "e",
        "fon",  # "von" through a Russian pivot (фон)
    }
)


class GazetteerError(ValueError):
    """A gazetteer entry is invalid; `key` names the offending key (dotted for nested ones)."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        self.message = message
        super().__init__(f"key '{key}': {message}" if key else message)


def _frozen_map(value: Mapping[str, Any]) -> Mapping[str, Any]:
    """Return a read-only view of a fresh dict, so entries stay immutable."""
    return MappingProxyType(dict(value))


@dataclass(frozen=True)
class Entry:
    """One person, organisation, product or place, with every form of its name."""

    id: str
    type: str
    canonical: Mapping[str, str]
    first_names: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    garbled: tuple[str, ...] = ()
    foreign: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    nouns: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    context: tuple[str, ...] = ()

    def __hash__(self) -> int:
        # Ids are unique within a rule set; hashing by id keeps mapping fields out of the hash.
        return hash(self.id)

    def name(self, language: str = "fr") -> str:
        """Return the canonical form in `language`, else in French, else the first one given."""
        return self.canonical.get(language) or self.canonical.get("fr") or next(iter(self.canonical.values()))

    @property
    def accepted(self) -> tuple[str, ...]:
        """Every form right in some language: canonical forms, variants and foreign forms."""
        forms = [*self.canonical.values(), *self.variants]
        for values in self.foreign.values():
            forms.extend(values)
        return tuple(dict.fromkeys(forms))


def _string(raw: Any, key: str) -> str:
    """Return a non-empty, trimmed string or raise naming `key`."""
    if not isinstance(raw, str) or not raw.strip():
        raise GazetteerError(key, f"must be a non-empty string, got {raw!r}")
    return raw.strip()


def _string_list(raw: Any, key: str) -> tuple[str, ...]:
    """Return a tuple of non-empty strings from a YAML list (None means empty)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise GazetteerError(key, f"must be a list of strings, got {type(raw).__name__}")
    return tuple(dict.fromkeys(_string(item, f"{key}[{i}]") for i, item in enumerate(raw)))


def _lang(raw: Any, key: str) -> str:
    """Return a language code or raise naming `key`."""
    if not isinstance(raw, str) or not _LANG_RE.match(raw):
        raise GazetteerError(key, f"language code must be 2-3 lowercase letters, got {raw!r}")
    return raw


def _lang_lists(raw: Any, key: str) -> Mapping[str, tuple[str, ...]]:
    """Return a read-only mapping language -> tuple of forms."""
    if raw is None:
        return _frozen_map({})
    if not isinstance(raw, dict):
        raise GazetteerError(key, "must be a mapping of language code to a list of forms")
    return _frozen_map({_lang(k, key): _string_list(v, f"{key}.{k}") for k, v in raw.items()})


def parse_entry(raw: object) -> Entry:
    """Validate one gazetteer entry from YAML and return it; raise GazetteerError naming the key."""
    if not isinstance(raw, dict):
        raise GazetteerError("", f"a gazetteer entry must be a mapping, got {type(raw).__name__}")
    for key in raw:
        if key not in ENTRY_KEYS:
            raise GazetteerError(str(key), f"unknown key '{key}' (expected one of {', '.join(sorted(ENTRY_KEYS))})")
    if "id" not in raw:
        raise GazetteerError("id", "required key 'id' is missing")
    entry_id = _string(raw["id"], "id")
    if not _ID_RE.match(entry_id):
        raise GazetteerError("id", f"must be a lowercase slug of [a-z0-9] joined by '-' or '.', got {entry_id!r}")
    kind = raw.get("type")
    if kind not in ENTRY_TYPES:
        raise GazetteerError("type", f"must be one of {', '.join(sorted(ENTRY_TYPES))}, got {kind!r}")
    canonical = raw.get("canonical")
    if not isinstance(canonical, dict) or not canonical:
        raise GazetteerError("canonical", "required: a mapping of language code to the canonical form")
    canon = {_lang(k, "canonical"): _string(v, f"canonical.{k}") for k, v in canonical.items()}
    first_names = _string_list(raw.get("first_names"), "first_names")
    if first_names and kind != "person":
        raise GazetteerError("first_names", f"only persons have first names, this entry is a {kind}")
    return Entry(
        id=entry_id,
        type=kind,
        canonical=_frozen_map(canon),
        first_names=first_names,
        variants=_string_list(raw.get("variants"), "variants"),
        garbled=_string_list(raw.get("garbled"), "garbled"),
        foreign=_lang_lists(raw.get("foreign"), "foreign"),
        nouns=_lang_lists(raw.get("nouns"), "nouns"),
        context=_string_list(raw.get("context"), "context"),
    )


# An item of a gazetteer list with only these keys patches the entry of the same id, wherever
# that entry is: generated noun renderings live in their own file and are overridden by hand.
PATCH_KEYS = frozenset({"id", "nouns", "nouns_exclude"})


@dataclass(frozen=True)
class NounPatch:
    """Noun renderings added to (`nouns`) or removed from (`exclude`) the gazetteer entry of the same id."""

    id: str
    nouns: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    exclude: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))


def parse_item(raw: object) -> Entry | NounPatch:
    """Validate one item of a `gazetteer:` list: a full entry, or a patch of an entry's nouns."""
    if isinstance(raw, dict) and "type" not in raw and "canonical" not in raw and "id" in raw and len(raw) > 1 and set(raw) <= PATCH_KEYS:
        entry_id = _string(raw["id"], "id")
        if not _ID_RE.match(entry_id):
            raise GazetteerError("id", f"must be a lowercase slug of [a-z0-9] joined by '-' or '.', got {entry_id!r}")
        return NounPatch(entry_id, _lang_lists(raw.get("nouns"), "nouns"), _lang_lists(raw.get("nouns_exclude"), "nouns_exclude"))
    return parse_entry(raw)


def layer_entries(items: Iterable[Entry | NounPatch]) -> tuple[Entry, ...]:
    """Resolve items in load order: a later entry replaces one of the same id; patches then apply, exclusions last."""
    entries: dict[str, Entry] = {}
    patches: list[NounPatch] = []
    for item in items:
        if isinstance(item, NounPatch):
            patches.append(item)
        else:
            entries[item.id] = item
    if not patches:
        return tuple(entries.values())
    added: dict[str, dict[str, list[str]]] = {}
    dropped: dict[str, dict[str, set[str]]] = {}
    for patch in patches:  # order-free: adding and excluding commute once exclusions come last
        for lang, forms in patch.nouns.items():
            added.setdefault(patch.id, {}).setdefault(lang, []).extend(forms)
        for lang, forms in patch.exclude.items():
            dropped.setdefault(patch.id, {}).setdefault(lang, set()).update(plain(f) for f in forms)
    for entry_id in sorted(added.keys() | dropped.keys()):
        entry = entries.get(entry_id)
        if entry is None:  # a patch of an entry not loaded (another rule set): nothing to patch
            continue
        nouns = {lang: list(forms) for lang, forms in entry.nouns.items()}
        for lang, forms in added.get(entry_id, {}).items():
            nouns.setdefault(lang, []).extend(forms)
        for lang, gone in dropped.get(entry_id, {}).items():
            nouns[lang] = [f for f in nouns.get(lang, ()) if plain(f) not in gone]
        merged = {lang: tuple(dict.fromkeys(forms)) for lang, forms in nouns.items() if forms}
        entries[entry_id] = replace(entry, nouns=_frozen_map(merged))
    return tuple(entries.values())


def load_gazetteer_dir(path: str | Path, patches: bool = True) -> tuple[Entry, ...]:
    """Load the `gazetteer:` entries of every YAML file under `path` (no rule validation), patches applied."""
    from auditor.ruleset.loader import safe_load  # lazy: avoids an import cycle, and PyYAML at start-up
    root = Path(path)
    files = sorted(root.rglob("*.yaml")) if root.is_dir() else [root]
    items: list[Entry | NounPatch] = []
    for file in files:
        data = safe_load(file.read_text(encoding="utf-8-sig")) or {}
        for raw in data.get("gazetteer") or ():
            item = parse_item(raw)
            if patches or isinstance(item, Entry):
                items.append(item)
    return layer_entries(items)


def load_first_names(path: str | Path) -> frozenset[str]:
    """Read a given-name list: one name per line, '#' starts a comment; returned casefolded."""
    names = set()
    for line in Path(path).read_text(encoding="utf-8-sig").splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            names.add(name.casefold())
    return frozenset(names)


def load_ranks(path: str | Path) -> dict[str, int]:
    """Read a ranked name table: "name<TAB>rank" lines, '#' lines are comments."""
    ranks: dict[str, int] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, rank = line.split("\t")
            ranks[name] = int(rank)
    return ranks


@functools.lru_cache(maxsize=1)
def builtin_first_names() -> frozenset[str]:
    """Return the built-in given-name list, or an empty set when it is not installed."""
    from auditor.ruleset.loader import builtin_rules_dir  # lazy: avoids an import cycle

    path = builtin_rules_dir() / "gazetteer" / "first_names.txt"
    return load_first_names(path) if path.is_file() else frozenset()


# ---------------------------------------------------------------------------------------
# Transliteration keys

_HYPHENS = "‐‑–-"
_NON_LETTER_RE = re.compile(r"[^a-z ]+")
# Ordered rewrites on lowercase ASCII. Each folds spellings that transliteration systems
# (English, French, German, pinyin, pivot MT through Russian) use for one sound.
_KEY_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"chr", "kr"),
        (r"ck", "k"),
        (r"q(?:u)?", "k"),
        (r"dzh|dj|zh|j", "i"),  # Jair / Zhaiir / Djaïr
        (r"tsch|tch|sch|sh|ch", "s"),  # Bachar / Bashar, Loukachenko / Lukashenko
        (r"kh", "h"),
        (r"gh", "g"),
        (r"ph", "f"),
        (r"th", "t"),
        (r"gu(?=[eiy])", "g"),  # Sergueï / Sergei
        (r"c(?=[eiy])", "s"),
        (r"c", "k"),
        (r"ks|x|tz|ts|z", "s"),  # Isaacson / Isaxon, Scholz / Scholtz
        (r"ou", "u"),  # Poutine / Putin
        (r"w", "v"),
        (r"y", "i"),  # Dmitry / Dmitri, Kiriyenko / Kirienko
        (r"(?<=[^aeiou])h", ""),  # silent after a consonant once digraphs are gone
        (r"([a-z])\1+", r"\1"),  # doubled letters
        (r"(?<=[^aeiou])e\b", ""),  # French final -e: Poutine / Putin
    )
)


_HYPHEN_SPACING_RE = re.compile(r"\s*-\s*")


_PLAIN_MEMO: dict[str, str] = {}
MAX_PLAIN_MEMO = 100_000  # bounded memory in long runs; names and their words recur across documents


def plain(text: str) -> str:
    """Casefold, strip accents and unify apostrophes and hyphens; spacing collapsed."""
    # A dict lookup, not lru_cache: the wrapper's overhead is half the cost of an ASCII word.
    out = _PLAIN_MEMO.get(text)
    if out is None:
        if len(_PLAIN_MEMO) >= MAX_PLAIN_MEMO:
            _PLAIN_MEMO.clear()
        out = _PLAIN_MEMO[text] = _plain(text)
    return out


def _plain(text: str) -> str:
    """Compute plain(text)."""
    out = text.casefold()
    # Most names are ASCII once casefolded: decomposing them and dropping combining marks
    # would change nothing, and was the costliest step of the whole entity analysis.
    if not out.isascii():
        out = "".join(c for c in unicodedata.normalize("NFKD", out) if not unicodedata.combining(c))
        out = out.replace("’", "'").replace("‐", "-").replace("‑", "-")
    if "-" in out:
        # Pivot MT writes "Jong -in" and "Jong- un": the hyphen spacing is noise for comparison.
        out = _HYPHEN_SPACING_RE.sub("-", out)
    return " ".join(out.split())


@functools.lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """Return the transliteration key of one word: equal keys sound alike across romanisations."""
    s = _NON_LETTER_RE.sub("", plain(word))
    for pattern, repl in _KEY_REWRITES:
        s = pattern.sub(repl, s)
    return s


_SPLIT_RE = re.compile("[\\s'" + re.escape(_HYPHENS) + "]+")


@functools.lru_cache(maxsize=65536)
def name_key(name: str, drop_particles: bool = True) -> str:
    """Return the transliteration key of a name: word keys joined by spaces, particles dropped."""
    parts = [p for p in _SPLIT_RE.split(plain(name)) if p]
    if drop_particles:
        kept = [p for p in parts if p not in PARTICLES]
        parts = kept or parts
    return " ".join(k for k in (word_key(p) for p in parts) if k)


# ---------------------------------------------------------------------------------------
# Compiled index

@dataclass(frozen=True)
class NamePair:
    """A person's first name and surname as one accepted form splits them."""

    entry: int  # index into GazetteerIndex.entries
    first: str  # plain text of the first name
    first_key: str
    surname: str  # plain text of the rest of the name
    surname_key: str


class GazetteerIndex:
    """Lookup structures over a gazetteer, compiled once per worker."""

    def __init__(self, entries: Iterable[Entry], first_names: Iterable[str] = ()) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        # plain form -> entry indexes, for accepted forms (any language) and known garbled forms
        self.accepted: dict[str, set[int]] = {}
        self.french: dict[str, set[int]] = {}  # plain form -> entries whose French forms include it
        self.garbled: dict[str, int] = {}
        self.acronyms: dict[str, set[int]] = {}
        self.max_words = 1
        pairs: list[NamePair] = []
        singles: dict[str, set[int]] = {}  # word key -> entries with that one-word form
        given = {n.casefold() for n in first_names}
        for i, entry in enumerate(self.entries):
            french = [entry.canonical.get("fr", ""), *entry.variants] if "fr" in entry.canonical else [*entry.canonical.values(), *entry.variants]
            for form in entry.accepted:
                if form.isupper() and len(form) <= 6:
                    # Acronyms match as written: "UN" must not match the word "Un".
                    self.acronyms.setdefault(form, set()).add(i)
                    continue
                self.accepted.setdefault(plain(form), set()).add(i)
                self.max_words = max(self.max_words, len(form.split()))
            for form in french:
                if form and not (form.isupper() and len(form) <= 6):
                    self.french.setdefault(plain(form), set()).add(i)
            for form in entry.garbled:
                self.garbled.setdefault(plain(form), i)
                self.max_words = max(self.max_words, len(form.split()))
            given.update(n.casefold() for n in entry.first_names)
            if entry.type != "person":
                continue
            firsts = {plain(n) for n in entry.first_names}
            for form in entry.accepted:
                words = plain(form).split()
                if len(words) >= 2:  # also "Xi Jinping", "Kim Jong-un": family name first
                    rest = " ".join(words[1:])
                    pairs.append(NamePair(i, words[0], word_key(words[0]), rest, name_key(rest)))
                elif len(words) == 1 and words[0] not in firsts and len(words[0]) >= 3:
                    singles.setdefault(name_key(words[0]), set()).add(i)
            for first in firsts:  # a first name + any one-word surname variant is a pair too
                for form in entry.accepted:
                    words = plain(form).split()
                    if len(words) == 1 and words[0] not in firsts:
                        pairs.append(NamePair(i, first, word_key(first), words[0], name_key(words[0])))
        self.given_names = frozenset(given)
        self.pairs_by_surname: dict[str, tuple[NamePair, ...]] = {}
        for pair in dict.fromkeys(pairs):
            if pair.surname_key:
                self.pairs_by_surname[pair.surname_key] = (*self.pairs_by_surname.get(pair.surname_key, ()), pair)
        self.singles = {k: tuple(sorted(v)) for k, v in singles.items() if k}
        # Fuzzy search blocks on what survives a pivot: see auditor/entities/blocking.py.

    def tables(self) -> dict[str, Any]:
        """Return the lookup tables (all but the entries), for the user cache."""
        return usercache.state_of(self, "entries")

    @classmethod
    def restored(cls, entries: tuple[Entry, ...], tables: Mapping[str, Any]) -> "GazetteerIndex":
        """Return the index of `entries` from the `tables()` it had, without compiling it again."""
        return usercache.restored(cls, tables, entries=entries)

    def entry_ids(self, form: str) -> set[int]:
        """Return the entries that accept `form` (any language): acronyms as written, else by plain form."""
        return self.acronyms.get(form) or self.accepted.get(plain(form), set())


_INDEXES: dict[tuple[int, int], tuple[tuple[Entry, ...], GazetteerIndex]] = {}


def compile_index(entries: tuple[Entry, ...], first_names: frozenset[str] | None = None) -> GazetteerIndex:
    """Return the index of `entries`, built once per worker and shared by every entity check."""
    names = builtin_first_names() if first_names is None else first_names
    cache_key = (id(entries), id(names))
    hit = _INDEXES.get(cache_key)
    if hit is not None and hit[0] is entries:
        return hit[1]
    index = GazetteerIndex(entries, names)
    if len(_INDEXES) > 8:
        _INDEXES.clear()
    _INDEXES[cache_key] = (entries, index)
    return index
