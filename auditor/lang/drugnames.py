"""Medicine names: a lowercase word built on an International Nonproprietary Name stem is a real word.

Health news names medicines by their INN ("la ranitidine", "le sémaglutide", "l'adalimumab"),
and wordfreq lists only the commonest of them: the others would be reported as garbled words.
The WHO gives each pharmacological class a common stem, nearly always the word's ending
(*The use of stems in the selection of International Nonproprietary Names (INN) for
pharmaceutical substances*, WHO/EMP/RHT/TSN/2018.1, Part II). The endings below are the
French forms of those stems ("-statin" is "-statine" in French INN lists), written without
accents: a word is compared with its accents removed ("ondansétron" ends in "setron").
Each ending has a minimum word length, so that a short French word or a garble that merely
ends the same way ("servir") is not taken for a medicine.
"""

from __future__ import annotations

from auditor.entities.gazetteer import plain

# (ending, shortest word): the WHO stem of a class, in its French spelling. Only stems that no
# French word of that length ends with: "-vir" is kept as its vowel-led forms, since "servir",
# "asservir" end in "rvir"; "-caïne" is left out, since "américaine" ends the same way.
_STEMS: tuple[tuple[str, int], ...] = (
    ("mab", 8),  # monoclonal antibodies: adalimumab, pembrolizumab
    ("tinib", 7), ("fenib", 8), ("ciclib", 8), ("parib", 7), ("lisib", 8),  # enzyme inhibitors: imatinib, olaparib
    ("ovir", 7), ("uvir", 8), ("ivir", 8), ("avir", 8), ("lvir", 8),  # antivirals: ténofovir, sofosbuvir, ritonavir
    ("vudine", 9),  # antivirals: zidovudine
    ("idine", 9),  # ranitidine, clonidine, trimétazidine
    ("tide", 8),  # peptides: sémaglutide, tirzépatide, exénatide
    ("statine", 9),  # rosuvastatine
    ("floxacine", 11), ("cilline", 9), ("mycine", 9), ("cycline", 9), ("penem", 8), ("bactam", 9),  # antibacterials
    ("gliptine", 10), ("gliflozine", 11), ("formine", 9), ("glitazone", 11),  # antidiabetics
    ("sartan", 8), ("pril", 7), ("olol", 7), ("dipine", 9),  # cardiovascular
    ("azole", 8),  # oméprazole, fluconazole
    ("xaban", 8), ("gatran", 9), ("parine", 9),  # anticoagulants: apixaban, énoxaparine
    ("lukast", 9), ("triptan", 10), ("setron", 10), ("azepam", 9), ("azolam", 10),
    ("profene", 10), ("oxetine", 10), ("triptyline", 12), ("afil", 9),
    ("platine", 10), ("rubicine", 10), ("tecan", 9), ("lutamide", 11), ("relix", 9),
    ("dronate", 10), ("semide", 10), ("barbital", 11), ("fungine", 11),
)
_BY_ENDING = dict(_STEMS)
_LONGEST = max(len(ending) for ending, _ in _STEMS)


def is_medicine_name(word: str) -> bool:
    """True when a lowercase word ends in the French form of an INN stem and is long enough to be such a name."""
    bare = plain(word)  # without accents: "ondansétron" ends in "setron"
    for size in range(3, min(_LONGEST, len(bare)) + 1):
        shortest = _BY_ENDING.get(bare[-size:])
        if shortest is not None and len(bare) >= shortest:
            return True
    return False
