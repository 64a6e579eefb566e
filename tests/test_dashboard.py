"""The dashboard (index.html) of a generated run over several sites, checked against summary.csv, in headless Chromium."""

from __future__ import annotations

import csv
import re
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from surfaces import FIXED
from test_html import CHROMIUM, needs_chromium

from auditor.cli import main
from auditor.reporters.dashboard import BANDS, band_of, json_block

SITES = ("site-a", "site-b", "site-c", "site-d")
DOCS = 240
FILLER = " ".join(["Le conseil municipal a voté le budget de la ville pour l'année prochaine."] * 4)


def text_of(i: int) -> str:
    """Document i: every third has a garbled name (major, three times in every eleventh: a failing score), every fifth a misspelt company (minor)."""
    parts = [f"Dépêche {i:04d}. {FILLER}"]
    if i % 3 == 0:
        parts.append("Hier, Ilon Musk a parlé.")
    if i % 11 == 0:
        parts.append("Ilon Musk a répondu. Ilon Musk a conclu.")
    if i % 5 == 0:
        parts.append("Le service StarLink marche.")
    if i % 7 == 0:
        parts.append("Le masque a déclaré.")
    return " ".join(parts) + "\n"


class Dom(HTMLParser):
    """Rows of every table with an id (cell texts, and the first link of each row), and the text of elements with an id."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.links: dict[str, list[str | None]] = {}
        self.text: dict[str, str] = {}
        self.attrs: dict[str, dict[str, str | None]] = {}
        self._table: list[str] = []
        self._open: list[str] = []  # ids of elements whose text is being collected
        self._stack: list[tuple[str, str | None]] = []
        self._cell: str | None = None
        self._row_link: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.attrs[a["id"]] = a
        if tag in ("br", "img", "input", "meta", "link", "line", "rect"):
            return
        self._stack.append((tag, a.get("id")))
        if a.get("id"):
            self._open.append(a["id"])
            self.text.setdefault(a["id"], "")
        if tag == "table" and a.get("id"):
            self._table.append(a["id"])
            self.tables[a["id"]] = []
            self.links[a["id"]] = []
        elif tag == "tr" and self._table:
            self.tables[self._table[-1]].append([])
            self._row_link = None
        elif tag in ("td", "th") and self._table:
            self._cell = ""
        elif tag == "a" and self._table and self._row_link is None and self._cell is not None:
            self._row_link = a.get("href")

    def handle_endtag(self, tag):
        while self._stack:
            open_tag, ident = self._stack.pop()
            if ident:
                self._open.remove(ident)
            if open_tag == "table" and ident in self.tables:
                self._table.pop()
            if open_tag == "tr" and self._table:
                self.links[self._table[-1]].append(self._row_link)
            if open_tag in ("td", "th") and self._table and self._cell is not None:
                self.tables[self._table[-1]][-1].append(self._cell.strip())
                self._cell = None
            if open_tag == tag:
                break

    def handle_data(self, data):
        for ident in self._open:
            self.text[ident] += data
        if self._cell is not None:
            self._cell += data


def dom_of(url: str, profile: Path) -> Dom:
    """Load a URL (fragment included) in headless Chromium and parse the DOM after the page's script ran."""
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True, text=True, timeout=120, check=True,
    )
    dom = Dom()
    dom.feed(done.stdout)
    assert 'data-ready="1"' in done.stdout.split(">", 2)[1] or 'data-ready="1"' in done.stdout[:500], done.stdout[:300]
    return dom


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A run of 240 generated documents over four sites, with its summary.csv rows in run order."""
    root = tmp_path_factory.mktemp("dash")
    for i in range(DOCS):
        folder = root / "in" / SITES[i % len(SITES)]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"doc{i:04d}.txt").write_text(text_of(i), encoding="utf-8")
    code = main(["scan", str(root / "in"), "--out", str(root / "out"), "--run-id", "r", "--html", "-q", "--fail-on", "never", *FIXED])
    assert code == 0
    with (root / "out" / "r" / "summary.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return root / "out" / "r", rows


def test_only_documents_with_findings_get_a_page(run):
    out, rows = run
    pages = {p.name.removesuffix(".txt.html") for p in (out / "pages").rglob("*.html")}
    assert pages == {Path(r["path"]).stem for r in rows if r["findings"] != "0"}
    assert 0 < len(pages) < DOCS


def test_histogram_counts_scores_by_band_with_a_text_alternative(run):
    out, rows = run
    source = (out / "index.html").read_text(encoding="utf-8")
    expected = Counter(band_of(float(r["score"])) for r in rows)
    for i, (label, _, _) in enumerate(BANDS):
        assert f"<title>score {label}: {expected[i]} documents</title>" in source
    assert f'<title id="histogram-title">Score distribution of {DOCS} scored documents</title>' in source
    assert re.search(r'<desc id="histogram-desc">[^<]*\d+ scored 99–100[^<]*</desc>', source)
    assert 'aria-labelledby="histogram-title histogram-desc"' in source


def test_a_name_cannot_close_the_data_block():
    block = json_block("d", {"path": "a</script><script>alert(1)</script>\u2028"})
    assert block.count("</script>") == 1 and "\\u003c/script>" in block and "\\u2028" in block


@needs_chromium
def test_verdict_counts_and_site_table(run, tmp_path):
    out, rows = run
    dom = dom_of((out / "index.html").as_uri(), tmp_path / "p")
    verdicts = Counter(r["verdict"] for r in rows)
    assert set(verdicts) == {"pass", "review", "fail"}  # the corpus exercises every verdict
    for v in ("pass", "review", "fail", "error"):
        assert dom.text[f"count-{v}"].startswith(f"{verdicts.get(v, 0)}{v} ("), dom.text[f"count-{v}"]
    table = dom.tables["sites"]
    assert table[0][:7] == ["site", "documents", "pass", "review", "fail", "error", "failing"]
    for row, link in zip(table[1:], dom.links["sites"][1:]):
        mine = [r for r in rows if r["source"] == row[0]]
        counts = Counter(r["verdict"] for r in mine)
        failing = f"{100 * counts['fail'] / len(mine):.1f} %"
        assert row[1:7] == [str(len(mine)), str(counts["pass"]), str(counts["review"]), str(counts["fail"]), "0", failing]
        assert row[7:10] == [str(sum(int(r[s]) for r in mine)) for s in ("critical", "major", "minor")]
        assert link == f"#site={row[0]}"
    assert [r[0] for r in table[1:]] == list(SITES)
    assert dom.text["doc-status"] == f"{DOCS} of {DOCS} documents match; showing 1–50"
    assert len(dom.tables["documents"]) == 51  # header and the first page


@needs_chromium
def test_filter_by_verdict_and_site(run, tmp_path):
    out, rows = run
    failing = [r for r in rows if r["verdict"] == "fail"]
    dom = dom_of((out / "index.html").as_uri() + "#verdict=fail", tmp_path / "p")
    shown = dom.tables["documents"][1:]
    assert dom.text["doc-status"].startswith(f"{len(failing)} of {DOCS} documents match")
    assert [r[0] for r in shown] == [r["path"] for r in failing][:50]
    assert {r[4] for r in shown} == {"fail"}
    dom = dom_of((out / "index.html").as_uri() + "#site=site-c&verdict=review", tmp_path / "p")
    expected = [r["path"] for r in rows if r["source"] == "site-c" and r["verdict"] == "review"]
    assert expected and [r[0] for r in dom.tables["documents"][1:]] == expected[:50]
    assert {r[1] for r in dom.tables["documents"][1:]} == {"site-c"}
    assert dom.attrs["filters"]  # the form shows the filter it applies
    dom = dom_of((out / "index.html").as_uri() + "#site=nowhere", tmp_path / "p")
    assert dom.text["doc-status"] == f"0 of {DOCS} documents match"


@needs_chromium
def test_filter_by_rule_search_and_paging(run, tmp_path):
    out, rows = run
    dom = dom_of((out / "index.html").as_uri() + "#q=DOC001", tmp_path / "p")  # case-insensitive
    assert [r[0] for r in dom.tables["documents"][1:]] == [r["path"] for r in rows if "doc001" in r["path"]]
    assert len(dom.tables["documents"]) == 11
    dom = dom_of((out / "index.html").as_uri() + "#rule=t.guess.masque", tmp_path / "p")
    masque = [r["path"] for r in rows if int(Path(r["path"]).stem[3:]) % 7 == 0]
    assert [r[0] for r in dom.tables["documents"][1:]] == masque[:50] and len(masque) == 35
    dom = dom_of((out / "index.html").as_uri() + "#page=3", tmp_path / "p")
    assert [r[0] for r in dom.tables["documents"][1:]] == [r["path"] for r in rows[100:150]]
    assert dom.text["doc-status"] == f"{DOCS} of {DOCS} documents match; showing 101–150"
    assert dom.text["page-of"] == "page 3 of 5"
    dom = dom_of((out / "index.html").as_uri() + "#page=99&sort=-score", tmp_path / "p")  # past the end: the last page
    assert dom.text["page-of"] == "page 5 of 5"
    worst_last = sorted(rows, key=lambda r: -float(r["score"]))  # stable: run order among equal scores
    assert [r[0] for r in dom.tables["documents"][1:]] == [r["path"] for r in worst_last[200:]]
    links = [link for link in dom.links["documents"][1:]]
    assert all((link is None) == (r["findings"] == "0") for link, r in zip(links, worst_last[200:]))


@needs_chromium
def test_document_page_links_previous_and_next(run, tmp_path):
    out, rows = run
    with_pages = [Path(r["path"]) for r in rows if r["findings"] != "0"]
    middle = with_pages[1]
    page = out / "pages" / middle.parent.name / f"{middle.name}.html"
    dom = dom_of(page.as_uri(), tmp_path / "p")
    assert dom.attrs["prev"]["href"] == f"{with_pages[0].name}.html"  # the same site: the same folder
    assert dom.attrs["next"]["href"] == f"{with_pages[2].name}.html"
    site_end = max(i for i, p in enumerate(with_pages) if p.parent.name == "site-a")
    across = out / "pages" / "site-a" / f"{with_pages[site_end].name}.html"
    nxt = with_pages[site_end + 1]
    assert f'<a id="next" rel="next" href="../site-b/{nxt.name}.html">' in across.read_text(encoding="utf-8")
    first = out / "pages" / with_pages[0].parent.name / f"{with_pages[0].name}.html"
    assert '<a id="prev" aria-disabled="true">' in first.read_text(encoding="utf-8")
    last = out / "pages" / with_pages[-1].parent.name / f"{with_pages[-1].name}.html"
    assert '<a id="next" aria-disabled="true">' in last.read_text(encoding="utf-8")
    assert (page.parent / dom.attrs["next"]["href"]).is_file()


def test_baseline_shows_new_and_resolved_findings_per_site(tmp_path, capsys):
    """With --baseline, the site table counts findings the baseline lacks (new) and baseline findings now gone (resolved)."""
    for name, text in (("a/one.txt", "Hier, Ilon Musk a parlé.\n"), ("b/two.txt", "Le service StarLink marche.\n")):
        (tmp_path / "in" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "in" / name).write_text(text, encoding="utf-8")
    assert main(["scan", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--run-id", "old", "-q", "--fail-on", "never", *FIXED]) == 0
    assert main(["diff", str(tmp_path / "out" / "old"), "--write-baseline", str(tmp_path / "base.json")]) == 0
    (tmp_path / "in" / "a" / "one.txt").write_text("Hier, Ilon Musk a parlé. Le masque a déclaré.\n", encoding="utf-8")
    (tmp_path / "in" / "b" / "two.txt").write_text("Le service Starlink marche.\n", encoding="utf-8")
    assert main(["scan", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--run-id", "new", "-q", "--html", "--fail-on", "never",
                 "--baseline", str(tmp_path / "base.json"), *FIXED]) == 0
    capsys.readouterr()
    source = (tmp_path / "out" / "new" / "index.html").read_text(encoding="utf-8")
    assert '<p id="changes">Since the baseline: 1 new findings, 1 resolved' in source
    rows = re.findall(r'<tr><td><a href="#site=(\w)">.*?</tr>', source)
    assert rows == ["a", "b"]
    cells = {site: re.findall(r'<td class="num">(\d+)</td>', row)[-2:] for site, row in re.findall(r'<tr><td><a href="#site=(\w)">(.*?)</tr>', source)}
    assert cells == {"a": ["1", "0"], "b": ["0", "1"]}


@pytest.mark.parametrize(
    "target, page",
    [
        ("index.html", "pages/a/b.html"),
        ("pages/a/c.html", "pages/a/b.html"),
        ("pages/x/y/c.html", "pages/a/b.html"),
        ("pages/c.html", "pages/a/b/d.html"),
        ("pages/a/b/c.html", "pages/a.html"),
        ("pages/a.html", "pages/a/b.html"),
    ],
)
def test_page_links_are_relative_to_the_page(target, page):
    import posixpath

    from auditor.reporters.html import relative_href

    assert relative_href(target, page.split("/")[:-1]) == posixpath.relpath(target, posixpath.dirname(page))
