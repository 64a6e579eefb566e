"""auditor: audit machine-translated text in bulk with YAML rules and MQM scoring.

The public API (docs/api.md): `Auditor(...)` with `audit_text`, `audit_file` and
`fix_text`, returning `DocumentResult`s whose `to_dict()` is the per-file JSON record.
"""

__version__ = "0.1.0"
SCHEMA_VERSION = 1  # version of the JSON report format
SCORING_VERSION = "mqm-rqs-2"  # changes whenever the scoring formula changes

# The API is imported lazily, by name: `import auditor` (every CLI run, every worker) stays cheap,
# and auditor.api's imports need SCHEMA_VERSION above to exist first.
_API = {
    "Auditor": "auditor.api",
    "audit_text": "auditor.api",
    "result_record": "auditor.api",
    "DocumentResult": "auditor.model",
    "Finding": "auditor.model",
    "Severity": "auditor.model",
    "Edit": "auditor.fixes",
    "RuleError": "auditor.ruleset.errors",
    "UsageError": "auditor.commands.common",
    "ConfigError": "auditor.config",
}
__all__ = ["SCHEMA_VERSION", "SCORING_VERSION", "__version__", *_API]


def __getattr__(name: str) -> object:
    """Import a public name on first use (PEP 562)."""
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'auditor' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """List the public names, including those not imported yet."""
    return sorted(__all__)
