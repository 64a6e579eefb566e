"""Work every audit worker would do on its first documents, done once in the main process instead.

Libraries and tables are loaded on first need, so each forked worker used to load them
again (numpy and the langdetect replay, ftfy, the word-frequency tables, the lexicon's
suggestion pool: about 0.5 s of CPU per worker). The main process loads them while the
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
    except Exception:  # a head start only: the checks load the same things again and report any failure
        pass
