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
# ...or this, for a word MANY_CHANGES pivot changes or more from the name, each as Russian
# renders English ("Moinikhen" for Moynihan: Й for Y, Х for H, Э for A): a real name differs
# from an English one by a vowel or two, seldom by three renderings in a row.
MANY_CHANGES = 3
MANY_CHANGES_DISTANCE = 1.2
# Mc and Mac are Мак in Russian, romanised Mak ("Makilroi" for McIlroy): a change of its own,
# at this weight, the rest of the word matched against the rest of the name.
MC_WEIGHT = 0.3
_MAK_RE = re.compile(r"mak(?=[a-z]{3})")
_MC_RE = re.compile(r"mc|mac(?=[^aeiouy])")
# French-style romanisation of У before a vowel at the start, for an English W ("Ouilson"):
# written as the English-style U it stands for.
_INITIAL_OU_RE = re.compile(r"ou(?=[aeio])")
# Ч, Ж, Ш of a South Slavic name's č/ć, ž, š, romanised Ch (French Tch), Zh, Sh: each keeps its last-but-one letter bare.
_SOUTH_SLAVIC_RE = re.compile(r"tch|[czs]h")
# Endings of Slavic names romanised two ways (Zelenskiy / Zelensky, Oleksii / Oleksiy): two
# spellings of one name, no Western original garbled.
_SLAVIC_END_RE = re.compile(r"(?:sk[iy]+|[iy]y|ii|ij|[oe]v|[oe]va|enko|[oe]vich)$")
# Vowel groups Russian writes for English ones, beyond pivotkey's heard ones, as (written, the
# name's spelling): U for OO (Goodwin / Gudvin), AU for the OU or OW of "Cousins" and "Brown"...
# EI for the AY of "Saylor" (Сейлор), OU for the AW or OW of "Kershaw" (Кершоу), and French
# OU for the U or OO of У.
_HEARD = frozenset({("u", "oo"), ("au", "ou"), ("au", "ow"), ("ei", "ay"), ("ei", "ai"), ("ou", "aw"), ("ou", "ow"), ("ou", "u"), ("ou", "oo")})
# ...and И at the end for an English final -ey, -ee, -ie, -y (Shirley / Shirli).
_FINAL_HEARD = frozenset({("i", "ey"), ("i", "ee"), ("i", "ie"), ("i", "y"), ("i", "ay")})
# How a romanisation of the Russian form writes a consonant spelling of an English name: the
# name's spelling rewritten so, doubled letters aside (Russian keeps some, drops others).
# What the key merges beyond these is no pivot's: F for W ("Faeser" is no Weser), V for PH.
_RENDERED = (("sch", "sh"), ("tch", "ch"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("qu", "kv"), ("wh", "v"), ("tz", "ts"), ("q", "k"), ("x", "ks"), ("w", "v"), ("c", "k"))
# ...and an S between vowels may be heard and written Z (Cousins / Kauzins).
_VOICED = (("s", "z"),)
# Consonant spellings a romanisation writes for one Cyrillic letter where the name writes the
# Western one, as (written, the name's spellings): Kh for the H of Х, Dj or Dzh for the J or G
# of Дж (French, English style), Tch for the Ch of Ч (French style), Gu before E or I for G
# (French "Kiptchogue" for Кипчоге). Not the French Ch for the Sh of Ш: Japanese and Spanish
# names write Ch of their own ("Takaichi" is no Takashi).
_CYRILLIC_LETTERS = (("kh", ("h",)), ("dzh", ("j", "g", "dg", "gg")), ("dj", ("j", "g", "dg", "gg")), ("tch", ("ch", "tch")), ("gue", ("g",)), ("gui", ("g",)))


def _undoubled(spelling: str) -> str:
    """Return a spelling with doubled letters written once."""
    return "".join(c for i, c in enumerate(spelling) if not i or spelling[i - 1] != c)


def rendered(written: str, spelled: str) -> bool:
    """True when a word's spelling of one consonant symbol is how a romanisation of Cyrillic renders the name's spelling of it."""
    if written == spelled:
        return True
    if any(written == ours and _undoubled(spelled) in theirs for ours, theirs in _CYRILLIC_LETTERS):
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


def match(word: str, tables: tuple[KeyTable, ...], translit: Transliterator, min_length: int = MIN_LENGTH) -> Keyed | None:
    """Return the best-known name a plain lowercase word renders by ear through a pivot without a fingerprint, or None.

    The word: MIN_LENGTH letters or more, spelled as a romanisation of Cyrillic, a key of
    MIN_KEY symbols or more. The name: of that key in one of the tables, MIN_NAME_ZIPF or
    more, one pivot change away at least (two for a name below ONE_CHANGE_ZIPF; see
    `changes`) and within MAX_DISTANCE by the transliteration weights. Whether the word
    is a name where it stands is the caller's to tell (`min_length` lowers the length for a
    caller with other evidence).
    """
    if len(word) < min_length or not romanised(word):
        return None
    south_slavic = _south_slavic(word, tables)
    if south_slavic is not None or _SLAVIC_END_RE.search(word):
        return south_slavic
    # French writes Ou for the У English-style romanisations write U: judged as that U, a change.
    written, extra = ("u" + word[2:], 1) if _INITIAL_OU_RE.match(word) else (word, 0)
    keys = [key(word)]
    if _INITIAL_U_RE.match(written):
        keys.append("F" + key(written[1:]))  # the name's W, which the key holds as F
    if _MAK_RE.match(word):
        keys += [key("mc" + word[3:]), key("mac" + word[3:])]
    keys = [k for k in dict.fromkeys(keys) if len(k) >= MIN_KEY]
    best: Keyed | None = None
    for table in tables:
        for keyed in (keyed for k in keys for keyed in table.names(k)):
            if keyed.name == word or keyed.zipf < MIN_NAME_ZIPF or _SLAVIC_END_RE.search(keyed.name):
                continue
            if best is not None and (-keyed.zipf, keyed.name) >= (-best.zipf, best.name):
                continue
            found, distance = _judged(written, keyed.name, translit)
            found = found + extra if found is not None else None
            if found and found >= (1 if keyed.zipf >= ONE_CHANGE_ZIPF else 2) and distance <= (MANY_CHANGES_DISTANCE if found >= MANY_CHANGES else MAX_DISTANCE):
                best = keyed
    return best


def _south_slavic(word: str, tables: tuple[KeyTable, ...]) -> Keyed | None:
    """Return the South Slavic name, as English writes it without its marks, that a word ending in -ich or -itch spells through Russian ("Donchich" for Doncic), or None.

    Russian writes Ч for the č and ć of Serbian, Croatian and Slovenian names, Ж for ž and Ш
    for š, and English text writes them bare (Dončić: Doncic, Дончич: Donchich). A word whose
    Ch, Zh and Sh (French Tch) written bare give a name of the tables is that name; one that
    gives no name (a Russian "Abramovich", whose Ch is English's own) is left to `match`.
    """
    if not word.endswith(("ich", "itch")):
        return None
    bare = _SOUTH_SLAVIC_RE.sub(lambda m: m.group()[-2], word)
    found = [keyed for table in tables for keyed in table.names(key(bare)) if keyed.name == bare and keyed.zipf >= MIN_NAME_ZIPF]
    if found:
        return max(found, key=lambda keyed: keyed.zipf)
    # A name of a short key ("Jokic": GK) is in no table: wordfreq tells it, at the tables' floor.
    from auditor.lang.frequencies import zipf  # lazy: only -ich words get here

    standing = max(zipf(bare, "en"), zipf(bare, "fr"))
    return Keyed(bare, standing) if standing >= MIN_NAME_ZIPF else None


def heard_changes(word: str, name: str) -> int | None:
    """Return `changes` from a name to a word, an Mc or Mac the word writes Mak counted as one more ("Makkaffri": McCaffrey)."""
    mak, mc = _MAK_RE.match(word), _MC_RE.match(name)
    if mak and mc:
        found = changes(word[mak.end() :], name[mc.end() :])
        return found + 1 if found is not None else None
    return changes(word, name)


def _judged(word: str, name: str, translit: Transliterator) -> tuple[int | None, float]:
    """Return the pivot changes from a name to a word (`changes`) and their transliteration weight, an Mc or Mac written Mak counted as one more change."""
    found = heard_changes(word, name)
    if not found:
        return found, 0.0
    mak, mc = _MAK_RE.match(word), _MC_RE.match(name)
    if mak and mc:
        return found, _distance(word[mak.end() :], name[mc.end() :], translit) + MC_WEIGHT
    return found, _distance(word, name, translit)


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
