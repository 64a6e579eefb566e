"""Run any stream format into a file of the run folder (`--report sarif` -> report.sarif)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from auditor.reporters.atomic import open_atomic
from auditor.model import DocumentResult, RunSummary
from auditor.reporters.base import Reporter, RunInfo

if TYPE_CHECKING:
    from auditor.reporters.rendered import Rendered

# Formats that write their own files into the run folder instead of a stream.
FOLDER_FORMATS = frozenset({"html", "xlsx"})
FILE_NAMES = {
    "text": "report.txt",
    "pretty": "report.txt",
    "json": "report.json",
    "jsonl": "report.jsonl",
    "csv": "report.csv",
    "sarif": "report.sarif",
    "github": "report.github.txt",
}


class FileReporter(Reporter):
    """Feeds a stream reporter whose stream is a temporary file, renamed into place at finish."""

    def __init__(self, factory: type[Reporter], path: Path) -> None:
        super().__init__()
        self.factory = factory
        self.path = path
        self.handle: open_atomic | None = None
        self.inner: Reporter | None = None

    def start(self, run: RunInfo) -> None:
        """Open the temporary file and start the inner reporter on it."""
        self.handle = open_atomic(self.path)
        self.inner = self.factory(self.handle.__enter__())
        self.inner.start(run)

    @property
    def wants_text(self) -> bool:  # type: ignore[override]
        """True when the inner format uses the text."""
        return bool(self.factory.wants_text)

    @property
    def kept(self) -> dict[str, tuple[tuple[str, str], ...]] | None:  # type: ignore[override]
        """The inner format's --keep-field values by key, if it shows them."""
        return self.inner.kept if self.inner is not None else None

    def document(self, result: DocumentResult, text: str | None) -> None:
        """Pass the document on."""
        assert self.inner is not None
        self.inner.document(result, text)

    def document_rendered(self, result: DocumentResult, text: str | None, rendered: Rendered | None) -> None:
        """Pass the document and its rendering on."""
        assert self.inner is not None
        self.inner.document_rendered(result, text, rendered)

    def finish(self, summary: RunSummary) -> None:
        """Finish the inner reporter and move the file into place."""
        assert self.inner is not None and self.handle is not None
        self.inner.finish(summary)
        self.handle.commit()

    def abort(self) -> None:
        """Delete the temporary file."""
        if self.inner is not None:
            self.inner.abort()
        if self.handle is not None:
            self.handle.abort()


def folder_reporter(name: str, run_dir: Path, registry: dict) -> Reporter:
    """Return a reporter that writes format `name` into `run_dir`."""
    if name in FOLDER_FORMATS:
        return registry[name]()
    return FileReporter(registry[name], run_dir / FILE_NAMES.get(name, f"report.{name}"))
