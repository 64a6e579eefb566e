"""Shared fixtures: paths to the samples, the shared corpora and a built-in rule set."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The suite must not read entries a developer's own runs left in ~/.cache, nor leave any:
# one fresh user cache folder per test session (tests that check the cache set their own),
# removed when the session's process ends (each run used to leave one behind in /tmp).
os.environ["AUDITOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="auditor-test-cache-")
atexit.register(functools.partial(shutil.rmtree, os.environ["AUDITOR_CACHE_DIR"], ignore_errors=True))

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def builtin_ruleset():
    """The built-in rule set, loaded once for the whole test session."""
    from auditor.ruleset.loader import load_ruleset

    return load_ruleset()


@pytest.fixture(scope="session")
def engine(builtin_ruleset):
    """An engine over the built-in rules."""
    from auditor.scanner import Engine

    return Engine(builtin_ruleset)
