"""Subcommands of the CLI, each a module with NAME, HELP, add_arguments(parser) and run(args)."""

from __future__ import annotations

import importlib
from types import ModuleType

# Order here is the order of `auditor --help`.
COMMAND_MODULES = ("scan", "merge", "check", "diff", "trend", "rules_cmd", "config_cmd", "entities")


def load_commands() -> list[ModuleType]:
    """Import each subcommand module."""
    return [importlib.import_module(f"auditor.commands.{name}") for name in COMMAND_MODULES]
