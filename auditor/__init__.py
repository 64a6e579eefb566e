"""auditor: audit machine-translated text in bulk with YAML rules and MQM scoring."""

__version__ = "0.1.0"
SCHEMA_VERSION = 1  # version of the JSON report format
SCORING_VERSION = "mqm-rqs-2"  # changes whenever the scoring formula changes
