"""Work every audit worker would do on its first documents, done once in the main process instead.

Libraries and tables are loaded on first need, so each forked worker used to load them
again (numpy and the langdetect replay, ftfy, the word-frequency tables, the lexicon's
suggestion pool, the entity checks' name tables: about 0.6 s of CPU per worker). The main process loads them while the
census workers read the batch, when it would otherwise wait, and the audit workers forked
afterwards inherit them. Nothing here changes a result: each loader is the one the checks
call, and what it returns depends only on the installed packages and the user cache.
"""

from __future__ import annotations


def warm_up() -> None:
    """Load, in this process, what auditing French news needs on its first documents."""
    from auditor.checks.encoding import preload as preload_ftfy
    from auditor.lang.frequencies import frequency_table
    from auditor.lang.langdetect_replay import probabilities
    from auditor.lang.lexicon import preload as preload_lexicon

    try:
        for language in ("fr", "en"):
            frequency_table(language)
        # One short detection reads the profiles and checks the replay's random stream, once.
        probabilities("Le gouvernement a présenté son projet de loi mardi.")
        preload_ftfy()
        preload_lexicon()
        _name_tables()
    except Exception:  # a head start only: the checks load the same things again and report any failure
        pass


def _name_tables() -> None:
    """Read the built-in name tables the entity checks read on a worker's first documents."""
    # Each is read once per process, and every worker used to read them all again on its
    # first chunk: about 0.15 s of CPU per worker, most of it compiling the CJK syllable patterns.
    from auditor.checks.cjk import respelled_surnames as cjk_surnames
    from auditor.checks.openworld import census_given_ranks, heard_given_table
    from auditor.entities import cjk, openkey, pairgarble, phonetic, pivot, pivotkey, translit, typos
    from auditor.entities.opennouns import french_given_rank

    for table in cjk.builtin_syllables().values():  # cached properties, compiled on first read
        _ = table.pivot_re
        _ = table.standard_res
    cjk_surnames()
    census_given_ranks()
    heard_given_table()
    french_given_rank("")
    openkey.builtin_table()
    pivotkey.builtin_table()
    pairgarble.builtin_table()
    pairgarble.builtin_given()
    phonetic.builtin_table()
    pivot.builtin_known()
    pivot.builtin_names()
    pivot.builtin_reversals()
    translit.builtin()
    typos.builtin_names()
