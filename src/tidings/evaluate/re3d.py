"""re3d (DSTL): named-entity spans scored against the document's ``entities``.

Gold: every annotation of type Person, Organisation, Location or Nationality in the three
source folders under ``dev/re3d`` (``documents.json`` and ``entities.json``, one JSON object
per line, character offsets into the document text). Our labels map PERSON -> Person,
ORG -> Organisation, GPE/LOC/FAC -> Location, NORP -> Nationality.

Metrics: ``re3d.precision``/``re3d.recall``/``re3d.f1`` count a prediction correct when its
span and type equal a gold annotation's exactly; ``re3d.f1_overlap`` counts same-type
overlapping spans (lenient). ``re3d.f1_<type>`` is the exact F1 per type and
``re3d.text_changed`` the share of documents whose cleaned text differed from the original
(their offsets are mapped back by alignment).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from tidings.errors import EvaluationError
from tidings.evaluate._data import read_jsonl
from tidings.pipeline import Pipeline
from tidings.records import DocumentResult, RawDocument

log = logging.getLogger(__name__)

TYPES = ("Person", "Organisation", "Location", "Nationality")
LABEL_TO_TYPE = {
    "PERSON": "Person",
    "ORG": "Organisation",
    "GPE": "Location",
    "LOC": "Location",
    "FAC": "Location",
    "NORP": "Nationality",
}

Span = tuple[str, int, int, str]  # doc id, start, end, type


@dataclass(frozen=True, slots=True)
class Re3dDocument:
    id: str
    text: str
    gold: frozenset[Span]


def load_documents(re3d_dir: Path) -> list[Re3dDocument]:
    """Every document of every source folder, in a stable order, with its gold spans."""
    folders = sorted(p for p in re3d_dir.iterdir() if (p / "documents.json").is_file())
    if not folders:
        raise EvaluationError(f"no re3d source folders with documents.json under {re3d_dir}")
    docs: list[Re3dDocument] = []
    for folder in folders:
        gold: dict[str, set[Span]] = {}
        for e in read_jsonl(folder / "entities.json"):
            if e.get("type") in TYPES:
                doc_id = str(e["documentId"])
                span = (doc_id, int(str(e["begin"])), int(str(e["end"])), str(e["type"]))
                gold.setdefault(doc_id, set()).add(span)
        for d in sorted(read_jsonl(folder / "documents.json"), key=lambda d: str(d["_id"])):
            doc_id = str(d["_id"])
            docs.append(Re3dDocument(doc_id, str(d["text"]), frozenset(gold.get(doc_id, set()))))
    return docs


def _offset_map(clean: str, original: str) -> list[int | None]:
    """For each character of ``clean``, its position in ``original`` (None where changed)."""
    out: list[int | None] = [None] * (len(clean) + 1)
    matcher = SequenceMatcher(None, clean, original, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            out[a + k] = b + k
    out[len(clean)] = len(original)
    return out


def predicted_spans(doc: Re3dDocument, result: DocumentResult) -> set[Span]:
    """Our entities as gold-style spans, with offsets mapped back to the original text."""
    same = result.text == doc.text
    mapping = None if same else _offset_map(result.text, doc.text)
    spans: set[Span] = set()
    for ent in result.entities:
        kind = LABEL_TO_TYPE.get(ent.label)
        if kind is None:
            continue
        start, end = ent.start, ent.end
        if mapping is not None:
            s, e = mapping[start], mapping[end - 1] if end > start else None
            if s is None or e is None:
                found = doc.text.find(ent.text)
                if found < 0:
                    continue
                s, e = found, found + len(ent.text) - 1
            start, end = s, e + 1
        spans.add((doc.id, start, end, kind))
    return spans


def _prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] == b[0] and a[3] == b[3] and a[1] < b[2] and b[1] < a[2]


def score(gold: set[Span], pred: set[Span]) -> dict[str, float]:
    """Exact and overlap precision/recall/F1 (plus exact F1 per type)."""
    tp = len(gold & pred)
    p, r, f = _prf(tp, len(pred), tp, len(gold))
    by_doc: dict[str, list[Span]] = {}
    for g in gold:
        by_doc.setdefault(g[0], []).append(g)
    pred_hit = sum(any(_overlaps(x, g) for g in by_doc.get(x[0], [])) for x in pred)
    pred_by_doc: dict[str, list[Span]] = {}
    for x in pred:
        pred_by_doc.setdefault(x[0], []).append(x)
    gold_hit = sum(any(_overlaps(g, x) for x in pred_by_doc.get(g[0], [])) for g in gold)
    _, _, f_overlap = _prf(pred_hit, len(pred), gold_hit, len(gold))
    out = {"re3d.precision": p, "re3d.recall": r, "re3d.f1": f, "re3d.f1_overlap": f_overlap}
    for kind in TYPES:
        g_k = {s for s in gold if s[3] == kind}
        p_k = {s for s in pred if s[3] == kind}
        hit = len(g_k & p_k)
        out[f"re3d.f1_{kind.lower()}"] = _prf(hit, len(p_k), hit, len(g_k))[2]
    return out


def evaluate(pipeline: Pipeline, dev_dir: Path, limit: int | None = None) -> dict[str, float]:
    """Code the re3d documents and score their entities against the gold spans."""
    re3d_dir = dev_dir / "re3d"
    if not re3d_dir.is_dir():
        raise EvaluationError(f"re3d data not found at {re3d_dir}")
    docs = load_documents(re3d_dir)[:limit] if limit else load_documents(re3d_dir)
    raws = [RawDocument(id=d.id, text=d.text) for d in docs]
    gold: set[Span] = set()
    pred: set[Span] = set()
    changed = 0
    for doc, result in zip(docs, pipeline.run_many(raws), strict=True):
        gold |= doc.gold
        pred |= predicted_spans(doc, result)
        changed += result.text != doc.text
    scores = score(gold, pred)
    scores["re3d.text_changed"] = changed / len(docs) if docs else 0.0
    log.info("re3d: %d documents, %d gold spans, %d predicted", len(docs), len(gold), len(pred))
    return scores
