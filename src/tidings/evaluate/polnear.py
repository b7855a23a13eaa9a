"""PolNeAR attribution (``dev/attribution/``): quotes and reported claims with their speaker.

Gold: ``text/NAME.txt`` and, per annotator, ``attributions/NAME_ANNOTATOR.ann`` (brat
standoff: ``T`` lines are Source / Cue / Content spans, possibly discontinuous; ``E`` lines
tie one Content to its Source and Cue).

Merging annotators: every annotator's attributions of an article are clustered by content
(two contents are the same attribution when they share at least half the words of each, the
match rule below); a cluster is gold when at least half the article's annotators made it
(``MIN_AGREEMENT``). Its content is the member content that overlaps the others most (the
medoid); its sources are all its members' sources.

Scoring (EVALUATION.md): a predicted quote matches a gold attribution when the two contents
share at least half the words of each (words are ``\\w+`` runs at their positions in the text,
so a common word elsewhere never counts); pairs are matched one-to-one, best overlap first.
Content precision, recall and F1 over quotes; speaker accuracy over matched pairs whose gold
has a source: our speaker phrase overlaps a gold source span, or has the same head (last) word.

Quotes are extracted with the pipeline's spaCy model and ``extract_quotes`` on the article text
as it is, so offsets line up with the gold. textacy's direct-quotation extractor is scored the
same way when textacy is installed (``polnear.textacy_content_f1``); otherwise the published
reference (0.48) is reported as ``polnear.textacy_reference_f1``.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from tidings.errors import EvaluationError
from tidings.extract.quotes import extract_quotes
from tidings.extract.types import QuoteMention

if TYPE_CHECKING:
    from tidings.pipeline import Pipeline

log = logging.getLogger(__name__)

SET_DIR = "attribution"
MIN_AGREEMENT = 0.5  # share of an article's annotators that must make an attribution
MIN_SHARED = 0.5  # share of each content's words two contents must share to match
TEXTACY_REFERENCE_F1 = 0.48  # published in EVALUATION.md for textacy on this set

_WORD = re.compile(r"\w+")
Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution: content and source character spans (sources may be empty)."""

    content: Spans
    sources: Spans


@dataclass(frozen=True, slots=True)
class Article:
    name: str
    text: str
    gold: tuple[Attribution, ...]
    annotators: int


@dataclass(frozen=True, slots=True)
class Predicted:
    """A predicted quote: content span and speaker spans (character offsets)."""

    content: tuple[int, int]
    speaker: Spans


# reading


def _spans(field: str) -> Spans:
    out: list[tuple[int, int]] = []
    for part in field.split(";"):
        start, end = part.split()
        out.append((int(start), int(end)))
    return tuple(out)


def read_ann(text: str) -> list[Attribution]:
    """The attributions of one annotator's ``.ann`` file."""
    spans: dict[str, Spans] = {}
    events: list[dict[str, str]] = []
    for line in text.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label_and_spans = parts[1].split(" ", 1)
            if len(label_and_spans) == 2:
                spans[parts[0]] = _spans(label_and_spans[1])
        elif line.startswith("E") and len(parts) >= 2:
            args = dict(a.split(":", 1) for a in parts[1].split() if ":" in a)
            events.append(args)
    out: list[Attribution] = []
    for args in events:
        content = spans.get(args.get("Content", ""))
        if not content:
            continue
        source = spans.get(args.get("Source", ""), ())
        out.append(Attribution(content=content, sources=source))
    return out


# words and matching


def _word_index(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def _words(index: list[tuple[int, int]], spans: Iterable[tuple[int, int]]) -> frozenset[int]:
    spans = list(spans)
    return frozenset(
        n for n, (ws, we) in enumerate(index) if any(a <= ws and we <= b for a, b in spans)
    )


def _overlap(a: frozenset[int], b: frozenset[int]) -> float:
    """Shared words as a share of the longer content; ≥ ``MIN_SHARED`` is a match."""
    if not a or not b:
        return 0.0
    return len(a & b) / max(len(a), len(b))


def merge_annotators(
    text: str, per_annotator: Sequence[Sequence[Attribution]], min_agreement: float = MIN_AGREEMENT
) -> list[Attribution]:
    """Attributions enough annotators agree on (see the module docstring)."""
    index = _word_index(text)
    clusters: list[list[tuple[int, Attribution, frozenset[int]]]] = []
    for who, attributions in enumerate(per_annotator):
        for att in attributions:
            words = _words(index, att.content)
            best, best_score = None, MIN_SHARED
            for cluster in clusters:
                score = max(_overlap(words, w) for _, _, w in cluster)
                if score >= best_score:
                    best, best_score = cluster, score
            if best is None:
                clusters.append([(who, att, words)])
            else:
                best.append((who, att, words))
    need = max(1, math.ceil(min_agreement * len(per_annotator)))
    gold: list[Attribution] = []
    for cluster in clusters:
        if len({who for who, _, _ in cluster}) < need:
            continue
        medoid = max(cluster, key=lambda m: sum(_overlap(m[2], o[2]) for o in cluster))
        sources = tuple(s for _, att, _ in cluster for s in att.sources)
        gold.append(Attribution(content=medoid[1].content, sources=sources))
    return sorted(gold, key=lambda a: a.content[0])


def load_articles(dev_dir: Path, limit: int | None = None) -> list[Article]:
    """The set's articles with their merged gold attributions."""
    base = dev_dir / SET_DIR
    texts = sorted((base / "text").glob("*.txt"))
    if not texts:
        raise EvaluationError(f"no PolNeAR texts under {base / 'text'}")
    articles: list[Article] = []
    for path in texts[:limit] if limit is not None else texts:
        text = path.read_text("utf-8")
        anns = sorted((base / "attributions").glob(f"{path.stem}_*.ann"))
        if not anns:
            raise EvaluationError(f"no annotations for {path.name}")
        per_annotator = [read_ann(a.read_text("utf-8")) for a in anns]
        gold = merge_annotators(text, per_annotator)
        articles.append(Article(path.stem, text, tuple(gold), len(anns)))
    return articles


def _speaker_ok(text: str, predicted: Spans, gold: Spans) -> bool:
    for a, b in predicted:
        for c, d in gold:
            if a < d and c < b:
                return True
    heads = {m.group().lower() for c, d in gold for m in list(_WORD.finditer(text[c:d]))[-1:]}
    return any(
        m.group().lower() in heads
        for a, b in predicted
        for m in list(_WORD.finditer(text[a:b]))[-1:]
    )


@dataclass(slots=True)
class Tally:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    speaker_scored: int = 0
    speaker_right: int = 0

    def add(self, article: Article, predictions: Sequence[Predicted]) -> None:
        index = _word_index(article.text)
        gold_words = [_words(index, g.content) for g in article.gold]
        pred_words = [_words(index, [p.content]) for p in predictions]
        pairs = sorted(
            (
                (_overlap(pw, gw), i, j)
                for i, pw in enumerate(pred_words)
                for j, gw in enumerate(gold_words)
            ),
            reverse=True,
        )
        used_p: set[int] = set()
        used_g: set[int] = set()
        for score, i, j in pairs:
            if score < MIN_SHARED:
                break
            if i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            if article.gold[j].sources:
                self.speaker_scored += 1
                self.speaker_right += _speaker_ok(
                    article.text, predictions[i].speaker, article.gold[j].sources
                )
        self.predicted += len(predictions)
        self.gold += len(article.gold)
        self.matched += len(used_p)

    def metrics(self, prefix: str) -> dict[str, float]:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        acc = self.speaker_right / self.speaker_scored if self.speaker_scored else 0.0
        return {
            f"{prefix}content_f1": f,
            f"{prefix}precision": p,
            f"{prefix}recall": r,
            f"{prefix}speaker_acc": acc,
        }


# predictors


def tidings_predictions(doc: Doc) -> list[Predicted]:
    """Our quotes; those made with one cue (“A,” she said. “B.”) are one attribution."""
    by_cue: dict[tuple[int, int] | int, list[QuoteMention]] = {}
    for n, q in enumerate(extract_quotes(doc)):
        key: tuple[int, int] | int = (q.cue.start, q.cue.end) if q.cue else n
        by_cue.setdefault(key, []).append(q)
    out: list[Predicted] = []
    for quotes in by_cue.values():
        start = min(q.content.start for q in quotes)
        end = max(q.content.end for q in quotes)
        speakers = tuple((q.speaker.start, q.speaker.end) for q in quotes if q.speaker)
        out.append(Predicted(content=(start, end), speaker=speakers))
    return out


def _textacy_predictor() -> Callable[[Doc], list[Predicted]] | None:
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        return None

    def predict(doc: Doc) -> list[Predicted]:
        out: list[Predicted] = []
        try:
            triples = list(direct_quotations(doc))
        except ValueError as e:  # textacy gives up on a whole document with an odd mark count
            log.info("textacy found no quotes: %s", e)
            return out
        for triple in triples:
            content = triple.content
            speaker = tuple((t.idx, t.idx + len(t.text)) for t in triple.speaker)
            out.append(Predicted((content.start_char, content.end_char), speaker))
        return out

    return predict


def score_docs(
    articles: Sequence[Article], docs: Sequence[Doc], predict: Callable[[Doc], list[Predicted]]
) -> Tally:
    tally = Tally()
    for article, doc in zip(articles, docs, strict=True):
        tally.add(article, predict(doc))
    return tally


def evaluate(pipeline: Pipeline, dev_dir: Path, limit: int | None = None) -> dict[str, float]:
    """Content F1, precision, recall and speaker accuracy on PolNeAR, with textacy beside."""
    articles = load_articles(dev_dir, limit)
    docs = list(pipeline.nlp.pipe(a.text for a in articles))
    scores = score_docs(articles, docs, tidings_predictions).metrics("polnear.")
    textacy = _textacy_predictor()
    if textacy is None:
        log.info("textacy is not installed; reporting its published reference score")
        scores["polnear.textacy_reference_f1"] = TEXTACY_REFERENCE_F1
    else:
        theirs = score_docs(articles, docs, textacy).metrics("polnear.textacy_")
        scores["polnear.textacy_content_f1"] = theirs["polnear.textacy_content_f1"]
    return scores
