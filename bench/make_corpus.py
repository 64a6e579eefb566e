"""Generate the batch benchmark corpus: >= 20,000 scraped-news documents, >= 50 MB, reproducibly.

    PYTHONPATH=. python bench/make_corpus.py [--out bench/corpus] [--docs 21000] [--seed 5]

French paragraphs come from samples/ and, when present, the human corpora in
../shared/corpora (read at generation time, never copied into the repository). Each
document is mutated the way scrapes differ: paragraphs and sentences shuffled, entities
swapped (sometimes for their garbled MT variants), scraper leftovers injected (share
buttons, comment boilerplate, hashtags, repeated paragraphs, mojibake). About 5% of the
documents are English and 3% are pure page boilerplate. 20 "sites" (top-level folders)
hold .txt files, with some .md and .html. The same seed gives byte-identical files.
"""

from __future__ import annotations

import argparse
import html
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"

ENTITIES = [
    ("Elon Musk", ["Ilon Musk", "le masque"]),
    ("Xi Jinping", ["Si Jinping"]),
    ("Walter Isaacson", ["Walter Isaxon"]),
    ("Javier Milei", ["Mileya Argentine"]),
    ("Jair Bolsonaro", ["Zhaiir Bolsonar"]),
    ("Bachar al-Assad", ["Bashara Assad"]),
    ("Dmitri Peskov", ["Dmitry Peskov"]),
    ("Emmanuel Macron", []),
    ("Olaf Scholz", []),
    ("Starlink", ["StarLink", "lien d'étoile"]),
    ("Tucker Carlson", ["talent Carlson"]),
]
LEFTOVERS = [
    "Leave a Comment",
    "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
    "Partager sur Facebook Partager sur Twitter Partager sur WhatsApp",
    "#Musk #Tesla #SpaceX #Trump",
    "Exit mobile version",
    "Lire aussi : notre dossier complet",
    "Cliquez ici pour vous abonner à notre newsletter",
]
MOJIBAKE = [("é", "Ã©"), ("è", "Ã¨"), ("à", "Ã "), ("’", "â€™")]
ENGLISH = [
    "The company said on Tuesday that it would cut its workforce by ten percent over the next year.",
    "Officials declined to comment on the report, citing an ongoing investigation into the matter.",
    "Shares rose sharply in early trading after the announcement, before falling back in the afternoon.",
    "The minister told reporters that negotiations would resume next week in Geneva.",
    "Analysts expect the central bank to keep interest rates unchanged at its next meeting.",
    "Critics argue that the new law gives the government too much power over the press.",
]
BOILERPLATE = [
    "Accueil", "Politique", "Économie", "International", "Culture", "Sport", "Contact",
    "Mentions légales", "Politique de confidentialité", "Tous droits réservés © 2024",
    "Se connecter", "S'abonner", "Newsletter", "Suivez-nous", "Menu", "Rechercher",
]  # fmt: skip


def french_paragraphs() -> list[str]:
    """Paragraphs of French news: the samples, then the shared human corpora if present."""
    paras: list[str] = []
    for path in sorted((ROOT / "samples").glob("*.txt")):
        paras += [p.strip() for p in path.read_text(encoding="utf-8").splitlines() if len(p.strip()) > 40]
    refs = SHARED / "wmt21-de-fr" / "ref"
    if refs.is_dir():
        for path in sorted(refs.glob("*.txt")):
            paras += [p.strip() for p in path.read_text(encoding="utf-8").splitlines() if len(p.strip()) > 40]
    news = SHARED / "newstest2014-fr" / "newstest2014.fr.txt"
    if news.is_file():
        lines = [s.strip() for s in news.read_text(encoding="utf-8").splitlines() if s.strip()]
        paras += [" ".join(lines[i : i + 4]) for i in range(0, len(lines) - 4, 4)]
    return paras


def mutate(para: str, rng: random.Random) -> str:
    """Shuffle sentences, swap entities, sometimes inject mojibake."""
    sentences = para.replace(". ", ".\0").split("\0")
    if len(sentences) > 2 and rng.random() < 0.3:
        rng.shuffle(sentences)
    text = " ".join(sentences)
    for canonical, variants in ENTITIES:
        if canonical in text and variants and rng.random() < 0.3:
            text = text.replace(canonical, rng.choice(variants), 1)
    if rng.random() < 0.2:
        canonical, variants = rng.choice(ENTITIES)
        words = text.split(" ")
        at = rng.randrange(len(words))
        words.insert(at, rng.choice(variants or [canonical]))
        text = " ".join(words)
    if rng.random() < 0.02:
        good, bad = rng.choice(MOJIBAKE)
        text = text.replace(good, bad)
    return text


def french_document(paras: list[str], rng: random.Random) -> list[str]:
    """One article: a headline, 3-7 paragraphs, and scraper leftovers now and then."""
    body = [mutate(p, rng) for p in rng.sample(paras, rng.randint(3, 7))]
    if rng.random() < 0.1:
        body.insert(rng.randrange(len(body)), rng.choice(ENGLISH))  # untranslated paragraph
    if rng.random() < 0.05:
        at = rng.randrange(len(body))
        body.insert(at, body[at])  # repeated paragraph
    if rng.random() < 0.3:
        body += rng.sample(LEFTOVERS, rng.randint(1, 3))
    headline = " ".join(body[0].split(" ")[: rng.randint(5, 10)]).rstrip(",;:")
    return [headline, *body]


def english_document(rng: random.Random) -> list[str]:
    """An English page that slipped into a French scrape."""
    return [" ".join(rng.choices(ENGLISH, k=rng.randint(2, 5))) for _ in range(rng.randint(4, 10))]


def boilerplate_document(rng: random.Random) -> list[str]:
    """A page of navigation and legal furniture only."""
    return rng.sample(BOILERPLATE, rng.randint(6, len(BOILERPLATE))) + rng.sample(LEFTOVERS, 2)


def render(lines: list[str], suffix: str) -> str:
    """Write a document's lines as text, Markdown or HTML."""
    if suffix == ".html":
        body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
        return (
            f"<!doctype html><html><head><title>{html.escape(lines[0])}</title>"
            f"<script>window.dataLayer = [];</script></head><body><h1>{html.escape(lines[0])}</h1>\n{body}\n</body></html>\n"
        )
    if suffix == ".md":
        return f"# {lines[0]}\n\n" + "\n\n".join(lines[1:]) + "\n"
    return "\n".join(lines) + "\n"


def generate(out: Path, docs: int, seed: int) -> tuple[int, int]:
    """Write the corpus; return (documents, bytes)."""
    rng = random.Random(seed)
    paras = french_paragraphs()
    if out.exists():
        shutil.rmtree(out)
    total = 0
    for i in range(docs):
        site = out / f"site{i % 20:02d}"
        if i < 20:
            site.mkdir(parents=True)
        roll = rng.random()
        lines = english_document(rng) if roll < 0.05 else boilerplate_document(rng) if roll < 0.08 else french_document(paras, rng)
        suffix = rng.choices((".txt", ".md", ".html"), weights=(90, 5, 5))[0]
        data = render(lines, suffix).encode("utf-8")
        (site / f"article{i:06d}{suffix}").write_bytes(data)
        total += len(data)
    return docs, total


def main(argv: list[str] | None = None) -> int:
    """Generate the corpus and print its size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "bench" / "corpus"))
    parser.add_argument("--docs", type=int, default=21000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    docs, size = generate(Path(args.out), args.docs, args.seed)
    print(f"{docs} documents, {size / 1e6:.1f} MB in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
