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


REPR_LIMIT = 80  # characters of a user value quoted in an error message


def short_repr(value: object, limit: int = REPR_LIMIT) -> str:
    """Return repr(value) cut to about `limit` characters, built without expanding the whole value.

    A rule file's value may be a structure of YAML aliases whose full repr runs to
    gigabytes (an alias bomb); this stops reading as soon as the limit is reached.
    """
    parts: list[str] = []
    budget = [limit + 1]

    def emit(text: str) -> bool:
        parts.append(text[: budget[0]])
        budget[0] -= len(text)
        return budget[0] > 0

    def walk(item: object) -> bool:
        if isinstance(item, (list, tuple)):
            opening, closing = ("[", "]") if isinstance(item, list) else ("(", ")")
            if not emit(opening):
                return False
            for i, sub in enumerate(item):
                if (i and not emit(", ")) or not walk(sub):
                    return False
            return emit(closing)
        if isinstance(item, dict):
            if not emit("{"):
                return False
            for i, (key, sub) in enumerate(item.items()):
                if (i and not emit(", ")) or not walk(key) or not emit(": ") or not walk(sub):
                    return False
            return emit("}")
        if isinstance(item, str):
            return emit(repr(item[: budget[0] + 1]))
        return emit(repr(item)[: budget[0] + 1])  # other YAML scalars: numbers, dates, None

    if walk(value):
        return "".join(parts)
    return "".join(parts)[:limit] + "…"
