"""The most frequent actors over the development articles, with pronouns and generic words
flagged (issue 13: none should be among the top 50).

Usage: python scripts/top_actors.py [DEV_DIR] [N]

Articles: every re3d document, every article-extraction page's gold article, every PolNeAR
article and the seed page (``DEV_DIR`` defaults to ``../shared/dev``). Each event's actors
and recipients are counted under their display name (``identifier_text``, else the text).
A name is flagged when it is a pronoun (spaCy tags it PRON) or a lower-case word or phrase
with no country ("officials", "the police" with code ---).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from tidings.evaluate import default_dev_dir
from tidings.evaluate.re3d import load_documents
from tidings.pipeline import Pipeline
from tidings.records import RawDocument


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


def main(argv: list[str]) -> int:
    dev_dir = Path(argv[1]) if len(argv) > 1 else default_dev_dir()
    top = int(argv[2]) if len(argv) > 2 else 50
    pipeline = Pipeline()
    docs = articles(dev_dir)
    counts: Counter[str] = Counter()
    codes: dict[str, Counter[str]] = {}
    for result in pipeline.run_many(docs):
        for ev in result.events:
            for e in ev.actor + ev.recipient:
                name = e.identifier_text or e.entity_text
                counts[name] += 1
                codes.setdefault(name, Counter())[e.code] += 1
    flagged = 0
    sys.stdout.write(f"{len(docs)} articles, {sum(counts.values())} actor mentions\n")
    for rank, (name, n) in enumerate(counts.most_common(top), 1):
        code = codes[name].most_common(1)[0][0]
        pron = any(t.pos_ == "PRON" for t in pipeline.nlp(name))
        generic = pron or (name == name.lower() and code == "---")
        flagged += generic
        mark = "  <- pronoun/generic" if generic else ""
        sys.stdout.write(f"{rank:3d} {n:5d} {code:4s} {name}{mark}\n")
    sys.stdout.write(f"flagged in the top {top}: {flagged}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
