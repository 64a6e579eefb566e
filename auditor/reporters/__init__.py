"""Reporters: output formats registered by name, all fed the same results."""

from auditor.reporters.base import REPORTERS, Reporter, RunInfo, register


def load_reporters() -> dict:
    """Import the built-in reporters so they register, then return the registry."""
    from auditor.reporters import formats, html, pretty, text, xlsx  # noqa: F401

    return REPORTERS


__all__ = ["REPORTERS", "Reporter", "RunInfo", "register", "load_reporters"]
