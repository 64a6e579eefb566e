"""Names English text writes, heard through a Russian pivot with no fingerprint, found by sound key and transliteration weight.

pivotkey.match asks a Dj, Dzh, Kh or Tch of the word: a pivot's spelling no Western name
has. Most names a pivot garbles hold none of those sounds ("Lenkford" for Lankford, "Bekket"
for Beckett, "Barlou" for Barlow), and most are names French text never writes, known only
to English text. A word no lexicon knows, spelled as a romanisation of Cyrillic writes,
that shares the sound key of such a name (rules/gazetteer/pivot_keys_english.tsv, and the
names of pivot_keys.tsv), sounds like it consonant by consonant and vowel group by vowel
group, is one pivot change from it at least (K for C, V for W, A for the U of "Trump"...: see
`changes`) and lies within a small weight of it by the transliteration table
(rules/gazetteer/transliteration.yaml, whose skeleton blocks the document's surnames too)
renders that name. A real rare name (African, Nordic, Slavic...) shares keys with English
names too: the match alone is weak, and the checks ask for evidence beside it (a given name
before it, a person named alone), but for an initial U for W, a pivot's own spelling.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from auditor.entities.pivotkey import MIN_KEY, KeyTable, Keyed, heard_as_other, key, romanised, sounds, vowels_heard
from auditor.entities.translit import Transliterator

MIN_LENGTH = 6  # five-letter words share some English name's key and sound by chance
MIN_NAME_ZIPF = 1.5  # the name: one a newsroom writes (the floor of both tables)
ONE_CHANGE_ZIPF = 2.0  # a name this well known may be one pivot change away; a less known one two ("Nortman" is a real name, Northman a film)
MAX_DISTANCE = 0.8  # the transliteration weight between word and name: two or three swaps of the table
# Endings of Slavic names romanised two ways (Zelenskiy / Zelensky, Oleksii / Oleksiy): two
# spellings of one name, no Western original garbled.
_SLAVIC_END_RE = re.compile(r"(?:sk[iy]+|[iy]y|ii|ij|[oe]v|[oe]va|enko|[oe]vich)$")
# Vowel groups Russian writes for English ones, beyond pivotkey's heard ones, as (written, the
# name's spelling): U for OO (Goodwin / Gudvin), AU for the OU or OW of "Cousins" and "Brown"...
_HEARD = frozenset({("u", "oo"), ("au", "ou"), ("au", "ow")})
# ...and И at the end for an English final -ey, -ee, -ie, -y (Shirley / Shirli).
_FINAL_HEARD = frozenset({("i", "ey"), ("i", "ee"), ("i", "ie"), ("i", "y"), ("i", "ay")})
# How a romanisation of the Russian form writes a consonant spelling of an English name: the
# name's spelling rewritten so, doubled letters aside (Russian keeps some, drops others).
# What the key merges beyond these is no pivot's: F for W ("Faeser" is no Weser), V for PH.
_RENDERED = (("sch", "sh"), ("tch", "ch"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("qu", "kv"), ("wh", "v"), ("tz", "ts"), ("q", "k"), ("x", "ks"), ("w", "v"), ("c", "k"))
# ...and an S between vowels may be heard and written Z (Cousins / Kauzins).
_VOICED = (("s", "z"),)


def _undoubled(spelling: str) -> str:
    """Return a spelling with doubled letters written once."""
    return "".join(c for i, c in enumerate(spelling) if not i or spelling[i - 1] != c)


def rendered(written: str, spelled: str) -> bool:
    """True when a word's spelling of one consonant symbol is how a romanisation of Cyrillic renders the name's spelling of it."""
    if written == spelled:
        return True
    if spelled == "x":
        return written == "k"  # X is two symbols, K then S (pivotkey.sounds): its K...
    if not spelled:
        return written == "s"  # ...and its S, spelled by the K
    target = "s" + spelled[1:] if spelled[0] == "c" and written[0] == "s" else spelled  # C before E, I, Y: Russian С
    for western_form, russian in _RENDERED:
        target = target.replace(western_form, russian)
    ours, theirs = _undoubled(written), _undoubled(target)
    return ours == theirs or any(ours == theirs.replace(a, b) for a, b in _VOICED)


# English W before a vowel is Russian У: "Uilkinson" for Wilkinson, "Uolles" for Wallace (У-О
# for the W-A of "wall"). Such a word's key is the name's less its first F, or the name's key (Wh
# has no symbol of its own).
_INITIAL_U_RE = re.compile(r"u(?=[aeio])")
_INITIAL_W_RE = re.compile(r"wh?(?=[aeio])")
U_FOR_W = 0.3  # its weight: the transliteration table's (wh, w, u at the start)


def without_initial_w(word: str, name: str) -> tuple[str, str, int]:
    """Return a word and a name with the U the word writes for the name's initial W cut off, and 1 for that change; both unchanged and 0 when there is none."""
    w = _INITIAL_W_RE.match(name)
    if w is None or not _INITIAL_U_RE.match(word):
        return word, name, 0
    word, name = word[1:], name[w.end() :]
    if word[:1] == "o" and name[:1] == "a":
        word = "a" + word[1:]  # У-О for the W-A of "Wallace", as heard
    return word, name, 1


def changes(word: str, name: str) -> int | None:
    """Return how many pivot changes turn the name into the word, None when they sound unalike.

    Alike: the same consonant symbols and vowel groups in order, each consonant of the word
    the name's as a romanisation of Cyrillic renders it (`rendered`), each vowel group one
    the name's may be heard as (pivotkey.vowels_heard, U for OO, a final I for -ey...); a
    final E of the name (silent, "Blackmore") may be dropped. A change: a consonant
    respelled (K for C, V for W, T for Th: doubled letters aside), a vowel as Russian hears
    English (A for U, I for Y or EE...) or without the W or Y Cyrillic cannot write, the
    final E dropped, U for an initial W (`without_initial_w`). Two vowels that merely share a
    letter ("Aert", "Art") are alike but no change: real names differ so.
    """
    word, name, count = without_initial_w(word, name)
    ours, theirs = sounds(word), sounds(name)
    if len(theirs) == len(ours) + 1 and theirs[-1] == ("", "e"):
        theirs.pop()
        count += 1
    if len(ours) != len(theirs):
        return None
    last = len(ours) - 1
    for i, ((symbol, written), (other, spelled)) in enumerate(zip(ours, theirs)):
        if symbol != other:
            return None
        if symbol:
            if not rendered(written, spelled):
                return None
            count += _undoubled(written) != _undoubled(spelled)
        elif (written, spelled) in _HEARD or (i == last and (written, spelled) in _FINAL_HEARD):
            count += 1
        elif vowels_heard(written, spelled, theirs[i + 1][1][:1] if i < last else ""):
            # A W or Y of the name's group, which Cyrillic cannot write (Barlow / Barlou), is a change too.
            count += heard_as_other(written, spelled) or any(c in spelled and c not in written for c in "wy")
        else:
            return None
    return count


def match(word: str, tables: tuple[KeyTable, ...], translit: Transliterator) -> Keyed | None:
    """Return the best-known name a plain lowercase word renders by ear through a pivot without a fingerprint, or None.

    The word: MIN_LENGTH letters or more, spelled as a romanisation of Cyrillic, a key of
    MIN_KEY symbols or more. The name: of that key in one of the tables, MIN_NAME_ZIPF or
    more, one pivot change away at least (two for a name below ONE_CHANGE_ZIPF; see
    `changes`) and within MAX_DISTANCE by the transliteration weights. Whether the word
    is a name where it stands is the caller's to tell.
    """
    if len(word) < MIN_LENGTH or not romanised(word):
        return None
    word_key = key(word)
    if len(word_key) < MIN_KEY or _SLAVIC_END_RE.search(word):
        return None
    keys = (word_key, "F" + key(word[1:])) if _INITIAL_U_RE.match(word) else (word_key,)
    best: Keyed | None = None
    for table in tables:
        for keyed in (keyed for k in keys for keyed in table.names(k)):
            if keyed.name == word or keyed.zipf < MIN_NAME_ZIPF or _SLAVIC_END_RE.search(keyed.name):
                continue
            if best is not None and (-keyed.zipf, keyed.name) >= (-best.zipf, best.name):
                continue
            found = changes(word, keyed.name)
            if found and found >= (1 if keyed.zipf >= ONE_CHANGE_ZIPF else 2) and _distance(word, keyed.name, translit) <= MAX_DISTANCE:
                best = keyed
    return best


def _distance(word: str, name: str, translit: Transliterator) -> float:
    """Return the transliteration weight between a word and a name, an initial W written U counted at the table's weight."""
    trimmed, rest, swapped = without_initial_w(word, name)
    return translit.letters_distance(trimmed, rest, MAX_DISTANCE) + U_FOR_W * swapped


def table_path() -> Path:
    """Return the path of the built-in table of English names' keys."""
    from auditor.ruleset.loader import builtin_rules_dir  # lazy: avoids an import cycle

    return builtin_rules_dir() / "gazetteer" / "pivot_keys_english.tsv"


@functools.lru_cache(maxsize=1)
def builtin_table() -> KeyTable:
    """Return the built-in table (read once per process, when a word first gets that far)."""
    path = table_path()
    return KeyTable(path.read_text(encoding="utf-8"), path.name)
