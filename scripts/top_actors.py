"""The most frequent actors over the development articles, by name, with pronouns and generic
words flagged (issue 13: none should be among the top 50).

Usage: python scripts/top_actors.py [DEV_DIR] [N]

Articles (130 in ``DEV_DIR``, default ``../shared/dev``): the 71 re3d documents (CENTCOM 23,
UK Government 26, US State Department 22), the 54 article-extraction pages' gold articles,
the 4 PolNeAR attribution articles (``attribution/text``) and the 1 seed page. Issue 13 speaks
of 157 dev articles; no count of what the dev folder holds gives 157 (counting each of
PolNeAR's 24 annotation files as an article gives 150, the LGL geoparsing set alone has 589
articles), so the script reads every whole article there is, each once.

Each event's actors and recipients are counted under their name
(:func:`tidings.resolve.actors.actor_name`: the identifier, else the text). A generic phrase
the text ties to no named body ("civilians", "Prosecutors") has no name: it is counted apart,
by its country and sector, the way PLOVER codes "civilians" as CVL with no identifier.

A listed name is flagged, independently of how the resolver decided, when it holds a pronoun
(spaCy tags it PRON), or when no word of it is a name: every word lower-case and no country,
demonym or organisation of the knowledge files in it. A capital on the first word ("Officers")
makes it a name unless that word, lower-cased, is a role word of the knowledge files.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from spacy.language import Language

from tidings.evaluate import default_dev_dir
from tidings.evaluate.re3d import load_documents
from tidings.pipeline import Pipeline
from tidings.records import RawDocument
from tidings.resolve.actors import actor_name
from tidings.resolve.actors._knowledge import knowledge
from tidings.resolve.actors._match import index_document


def articles(dev_dir: Path) -> list[RawDocument]:
    docs = [RawDocument(id=d.id, text=d.text) for d in load_documents(dev_dir / "re3d")]
    with (dev_dir / "article_extraction" / "pages.jsonl").open(encoding="utf-8") as f:
        for n, line in enumerate(f):
            if line.strip():
                docs.append(RawDocument(id=f"page-{n}", text=json.loads(line)["gold_article"]))
    for path in sorted((dev_dir / "attribution" / "text").glob("*.txt")):
        docs.append(RawDocument(id=path.stem, text=path.read_text(encoding="utf-8")))
    seed = sorted((dev_dir.parent / "seed").glob("*.txt"))
    docs.extend(RawDocument(id=p.stem, text=p.read_text(encoding="utf-8")) for p in seed)
    return docs


def flagged(nlp: Language, name: str) -> bool:
    """The name is a pronoun or a generic word (see the module docstring)."""
    doc = nlp(name)
    if any(t.pos_ == "PRON" for t in doc):
        return True
    words = [t for t in doc if t.is_alpha and not (t.is_stop and t.is_lower)]
    if not words or index_document(doc, knowledge()).named:
        return False
    if any(not t.is_lower for t in words[1:]):
        return False
    first = words[0]
    if first.is_lower:
        return True
    if first.is_upper and len(first) > 1:
        return False  # an acronym
    # a capital on the first word: generic when the word, lower-cased, is a role word
    lowered = nlp(name[: first.idx] + first.text.lower() + name[first.idx + len(first) :])
    return any(r.start == first.i for r in index_document(lowered, knowledge()).roles)


def main(argv: list[str]) -> int:
    dev_dir = Path(argv[1]) if len(argv) > 1 else default_dev_dir()
    top = int(argv[2]) if len(argv) > 2 else 50
    pipeline = Pipeline()
    docs = articles(dev_dir)
    counts: Counter[str] = Counter()
    sectors: Counter[str] = Counter()
    codes: dict[str, Counter[str]] = {}
    for result in pipeline.run_many(docs):
        for ev in result.events:
            for e in ev.actor + ev.recipient:
                name = actor_name(e)
                if name is None:
                    sectors[f"{e.code} {e.sector or '-'}"] += 1
                    continue
                counts[name] += 1
                codes.setdefault(name, Counter())[e.code] += 1
    n_flagged = 0
    named, unnamed = sum(counts.values()), sum(sectors.values())
    sys.stdout.write(
        f"{len(docs)} articles, {named + unnamed} actor mentions: {named} by name, "
        f"{unnamed} generic (a sector with no name)\n"
    )
    for rank, (name, n) in enumerate(counts.most_common(top), 1):
        code = codes[name].most_common(1)[0][0]
        generic = flagged(pipeline.nlp, name)
        n_flagged += generic
        mark = "  <- pronoun/generic" if generic else ""
        sys.stdout.write(f"{rank:3d} {n:5d} {code:4s} {name}{mark}\n")
    sys.stdout.write(f"flagged in the top {top}: {n_flagged}\n")
    common = ", ".join(f"{s} {n}" for s, n in sectors.most_common(10))
    sys.stdout.write(f"generic actors by country and sector: {common}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
