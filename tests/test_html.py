"""The HTML report, rendered in headless Chromium: highlights in the DOM, escaping, overlaps."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from surfaces import FIXED

from auditor.model import Finding, Severity
from auditor.reporters.html import render_marked

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (Debian: apt-get install -y chromium)"
)

HOSTILE = 'Titre\nTexte <script>alert(1)</script> et <img src=x onerror="alert(2)"> puis StarLink.\n'
OVERLAP = "Hier, Ilon Musk a parlé de StarLink.\nLe masque a déclaré.\n"


class DomSummary(HTMLParser):
    """Collects <mark> attributes, <script> contents and the text of pre.doc from a DOM dump."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[dict[str, str | None]] = []
        self.scripts: list[str] = []
        self.images = 0
        self.doc_text = ""
        self.html_attrs: dict[str, str | None] = {}
        self.raw = ""  # the whole dumped DOM
        self._in_script = self._in_doc = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = attrs
        elif tag == "mark":
            self.marks.append(attrs)
        elif tag == "script":
            self._in_script = True
            self.scripts.append("")
        elif tag == "img":
            self.images += 1
        elif tag == "pre" and attrs.get("class") == "doc":
            self._in_doc = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        elif tag == "pre":
            self._in_doc = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        if self._in_doc:
            self.doc_text += data


def dump_dom(page: Path, profile: Path) -> DomSummary:
    """Load a page in headless Chromium with no network and return its parsed DOM after scripts ran."""
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--dump-dom",
        page.as_uri(),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)
    summary = DomSummary()
    summary.feed(done.stdout)
    summary.raw = done.stdout
    return summary


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """A checked pair of documents written as an HTML report."""
    from auditor.cli import main  # capsys is function-scoped: call main directly here

    root = tmp_path_factory.mktemp("html")
    (root / "in").mkdir()
    (root / "in" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (root / "in" / "overlap.txt").write_text(OVERLAP, encoding="utf-8")
    out = root / "report"
    code = main(["check", str(root / "in" / "hostile.txt"), str(root / "in" / "overlap.txt"), "--out", str(out), "--html", "--format", "jsonl", "--fail-on", "never", *FIXED])
    assert code == 0
    return root, out


def pages(out: Path) -> dict[str, Path]:
    """Map document file names to their pages."""
    return {p.name.removesuffix(".html"): p for p in (out / "pages").rglob("*.html")}


def test_files_are_self_contained(report):
    _, out = report
    for page in [out / "index.html", *pages(out).values()]:
        source = page.read_text(encoding="utf-8")
        assert "http://" not in source and "https://" not in source  # no CDN, no network
        assert "<link" not in source
        assert "default-src 'none'" in source


def test_scraped_markup_is_escaped():
    found = render_marked(HOSTILE, [])
    assert "<script>" not in found and "&lt;script&gt;alert(1)&lt;/script&gt;" in found
    assert "<img" not in found


def test_crossing_findings_split_and_nested_findings_nest():
    def f(start: int, end: int, rule: str) -> Finding:
        return Finding(rule, "fluency/grammar", Severity.MINOR, "m", start, end, 1, start + 1, 1, end + 1, "", "")

    def compact(html: str) -> str:
        return re.sub(r'<mark[^>]*? class="([^"]*)" data-rule="([^"]*)"[^>]*>', r"<\2:\1>", html).replace("</mark>", "</>")

    text = "abcdefghij"
    crossing = render_marked(text, [f(0, 5, "a"), f(3, 8, "b")])
    # "b" starts inside "a" and ends after it: it is split where it leaves "a".
    assert compact(crossing) == "<a:sev-minor>abc<b:sev-minor>de</></><b:sev-minor cont>fgh</>ij"
    nested = render_marked(text, [f(0, 8, "outer"), f(2, 4, "inner")])
    assert compact(nested) == "<outer:sev-minor>ab<inner:sev-minor>cd</>efgh</>ij"
    point = render_marked(text, [f(4, 4, "gap")])
    assert compact(point) == "abcd<gap:sev-minor point></>efghij"


@needs_chromium
def test_document_page_in_chromium(report, tmp_path):
    root, out = report
    dom = dump_dom(pages(out)["overlap.txt"], tmp_path / "profile")
    assert dom.html_attrs.get("data-ready") == "1"  # our script ran under the CSP
    # Ilon Musk (6-15) crosses "Musk a parlé" (11-23): the second is split into two pieces.
    assert [(m["data-rule"], m.get("id")) for m in dom.marks] == [
        ("t.name.ilon", "f-0"),
        ("t.cross", "f-1"),
        ("t.cross", None),
        ("t.name.starlink", "f-2"),
        ("t.guess.masque", "f-3"),
    ]
    assert [m["class"] for m in dom.marks] == ["sev-major", "sev-minor", "sev-minor cont", "sev-minor", "sev-major"]
    assert dom.marks[0]["data-tip"] == "major [t.name.ilon] Garbled name. → Elon Musk"
    assert all(m["tabindex"] == "0" for m in dom.marks)
    assert dom.doc_text == OVERLAP  # highlighting adds no text and loses none


@needs_chromium
def test_script_in_a_document_shows_as_text(report, tmp_path):
    _, out = report
    dom = dump_dom(pages(out)["hostile.txt"], tmp_path / "profile")
    assert dom.html_attrs.get("data-ready") == "1"
    assert "<script>alert(1)</script>" in dom.doc_text
    assert '<img src=x onerror="alert(2)">' in dom.doc_text
    assert len(dom.scripts) == 1 and "alert" not in dom.scripts[0]  # only the report's own script
    assert dom.images == 0
    assert [m["data-rule"] for m in dom.marks] == ["t.script", "t.name.starlink"]
    assert dom.marks[0]["class"] == "sev-critical"


@needs_chromium
def test_index_in_chromium(report, tmp_path):
    root, out = report
    dom = dump_dom(out / "index.html", tmp_path / "profile")
    assert dom.html_attrs.get("data-ready") == "1"
    source = (out / "index.html").read_text(encoding="utf-8")
    # The document table is drawn by the page's script, from the data block, under the CSP.
    assert re.findall(r'<tr><td><a href="(pages/[^"]*)">', dom.raw) == [
        f"pages{root}/in/hostile.txt.html",
        f"pages{root}/in/overlap.txt.html",
    ]
    assert '<tr><td>pages' not in source  # no static copy of the table
    assert (
        '<tr><td><a href="#rule=t.name.starlink"><code>t.name.starlink</code></a></td><td>fluency/spelling</td>'
        '<td class="num">2</td><td class="num">0</td><td class="num">0</td><td class="num">2</td><td class="num">2</td>'
        '<td class="num" data-value="0.5000">50.0 %</td></tr>'
    ) in source
