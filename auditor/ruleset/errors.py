"""The one error type of rule loading: it always names the file, line, rule and key."""

from __future__ import annotations


class RuleError(Exception):
    """A rule file is broken; the message says where and why."""

    def __init__(self, file: str, line: int | None, message: str, rule_id: str = "", key: str = "") -> None:
        self.file = file
        self.line = line
        self.rule_id = rule_id
        self.key = key
        self.detail = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        rule = f" rule '{self.rule_id}':" if self.rule_id else ""
        return f"{where}:{rule} {self.detail}"
