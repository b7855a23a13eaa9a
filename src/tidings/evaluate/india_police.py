"""IndiaPoliceEvents (Halterman et al., Findings of ACL 2021): sentence labels from coded events.

Each article (``metadata.jsonl``: ``doc_id``, ``date``, ``full_text``) is coded whole by the
pipeline, dated from the metadata. Events are mapped back to the gold sentences
(``sents.jsonl``) by character offsets: the gold sentences are aligned to the clean text on
their ASCII letters and digits (the cleaner repairs mojibake, so the raw strings differ), and
an event belongs to the gold sentence holding its trigger.

A sentence gets a label when one of its events that took place (asserted or historical) is:

- ARREST: a COERCE event with mode ``arrest`` or a ``size.arrested``;
- FORCE: an ASSAULT whose actor is police (sector COP);
- KILL: such an ASSAULT in which someone died (``size.dead`` > 0, or a trigger that means
  killing when the text gives no count);
- ANY_ACTION: any event whose actor is police.

The actor's sector is the actor resolver's. Only where the resolver left an actor's sector
empty does the scorer look at the actor's words for a police noun, so that the extractor can
be scored before the resolver knows every police force.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import TYPE_CHECKING

from tidings.evaluate._data import read_jsonl
from tidings.records import DocumentResult, Entity, Event, RawDocument

if TYPE_CHECKING:
    from tidings.pipeline import Pipeline

log = logging.getLogger(__name__)

LABELS = ("KILL", "ARREST", "FORCE")
_TOOK_PLACE = frozenset({"asserted", "historical"})
_POLICE = re.compile(
    r"\b(police\w*|cops?|constables?|sub-inspectors?|inspectors?|superintendents?|"
    r"commissioners? of police|crpf|rpf|rapid action force|sp|dsp|dcp|acp|ssp|si)\b",
    re.IGNORECASE,
)


# a trigger that itself says someone died, when the text gives no count ("is killing ram sevaks")
_KILLING = re.compile(r"(kill|murder|massacr|lynch|slay|slain|behead|shot dead)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class GoldSentence:
    doc_id: str
    sent_id: int
    text: str
    labels: frozenset[str]


def load(dev_dir: Path) -> tuple[list[RawDocument], dict[str, list[GoldSentence]]]:
    """The articles as raw documents and their gold sentences, in file order."""
    base = dev_dir / "india_police_events"
    docs = [
        RawDocument(
            id=str(m["doc_id"]),
            text=str(m["full_text"]),
            date=Date.fromisoformat(str(m["date"])) if m.get("date") else None,
        )
        for m in read_jsonl(base / "metadata.jsonl")
    ]
    gold: dict[str, list[GoldSentence]] = {}
    for s in read_jsonl(base / "sents.jsonl"):
        labels = s.get("sent_labels") or []
        assert isinstance(labels, list)
        g = GoldSentence(
            doc_id=str(s["doc_id"]),
            sent_id=int(str(s["sent_id"])),
            text=str(s["sent_text"]),
            labels=frozenset(str(x) for x in labels),
        )
        gold.setdefault(g.doc_id, []).append(g)
    for sents in gold.values():
        sents.sort(key=lambda g: g.sent_id)
    return docs, gold


def _normalise(text: str) -> tuple[str, list[int]]:
    """Lower-case ASCII letters and digits of ``text`` and each one's offset in ``text``.

    Mojibake ("â€™") and its repair ("’") are both non-ASCII, so a raw gold sentence and the
    repaired clean text meet on what is left.
    """
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii() and ch.isalnum():
            chars.append(ch.lower())
            offsets.append(i)
    return "".join(chars), offsets


def align(clean_text: str, sentences: list[str]) -> list[tuple[int, int] | None]:
    """Character span of each gold sentence in the clean text (None where not found)."""
    norm, offsets = _normalise(clean_text)
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for sent in sentences:
        key, _ = _normalise(sent)
        if not key:
            spans.append(None)
            continue
        pos = norm.find(key, cursor)
        if pos < 0:
            pos = norm.find(key)
        length = len(key)
        if pos < 0 and len(key) > 30:  # a cleaner may drop or repair a few characters
            pos = norm.find(key[:30], cursor)
            if pos >= 0:
                tail = norm.find(key[-20:], pos)
                length = (tail + 20 - pos) if tail >= 0 else len(key)
        if pos < 0:
            spans.append(None)
            continue
        end = min(pos + length, len(offsets)) - 1
        spans.append((offsets[pos], offsets[end] + 1))
        cursor = pos + length
    return spans


def _is_police(entity: Entity) -> bool:
    if entity.sector is not None:
        return entity.sector == "COP"
    return bool(_POLICE.search(entity.entity_text))


def event_labels(ev: Event) -> set[str]:
    """The IndiaPoliceEvents labels one event supports."""
    if ev.modality not in _TOOK_PLACE:
        return set()
    labels: set[str] = set()
    police = any(_is_police(a) for a in ev.actor)
    if "COERCE" in ev.event and ("arrest" in ev.mode or ev.size.arrested):
        labels.add("ARREST")
    if police:
        labels.add("ANY_ACTION")
        if "ASSAULT" in ev.event:
            labels.add("FORCE")
            if ev.size.dead or _KILLING.match(ev.trigger or ""):
                labels.add("KILL")
    return labels


def _trigger_offset(ev: Event) -> int:
    start = ev.text_info.start
    if ev.trigger:
        pos = ev.event_text[0].find(ev.trigger)
        if pos >= 0:
            return start + pos
    return start


def predict(result: DocumentResult, sentences: list[GoldSentence]) -> list[set[str]]:
    """Predicted labels for each gold sentence of one coded article."""
    spans = align(result.text, [s.text for s in sentences])
    predicted: list[set[str]] = [set() for _ in sentences]
    for ev in result.events:
        labels = event_labels(ev)
        if not labels:
            continue
        for pos in _positions(result.text, ev):
            best = None
            for i, span in enumerate(spans):
                if span is not None and span[0] <= pos:
                    best = i
                    if pos < span[1]:
                        break
            if best is not None:
                predicted[best] |= labels
    return predicted


def _positions(text: str, ev: Event) -> list[int]:
    """Where the event is reported: its trigger, and each further sentence an incident merge
    added to ``event_text`` (each sentence of one incident keeps its evidence; a mention told
    again may come before the one that stands for the event)."""
    out = [_trigger_offset(ev)]
    for sentence in ev.event_text[1:]:
        pos = text.find(sentence, ev.text_info.start)
        pos = pos if pos >= 0 else text.find(sentence)
        if pos >= 0:
            out.append(pos)
    return out


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(pairs: list[tuple[list[GoldSentence], list[set[str]]]]) -> dict[str, float]:
    """Per-label precision, recall and F1, and macro-F1 over KILL/ARREST/FORCE."""
    out: dict[str, float] = {}
    for label in (*LABELS, "ANY_ACTION"):
        tp = fp = fn = 0
        for gold, pred in pairs:
            for g, p in zip(gold, pred, strict=True):
                has, said = label in g.labels, label in p
                tp += has and said
                fp += said and not has
                fn += has and not said
        prec, rec, f1 = _f1(tp, fp, fn)
        key = label.lower()
        out[f"india.{key}_precision"] = round(prec, 4)
        out[f"india.{key}_recall"] = round(rec, 4)
        out[f"india.{key}_f1"] = round(f1, 4)
    out["india.macro_f1"] = round(sum(out[f"india.{x.lower()}_f1"] for x in LABELS) / 3, 4)
    return out


def evaluate(pipeline: Pipeline, dev_dir: Path, limit: int | None = None) -> dict[str, float]:
    """Code the articles and score sentence labels (metric names ``india.*``)."""
    docs, gold = load(dev_dir)
    if limit is not None:
        docs = docs[:limit]
    pairs: list[tuple[list[GoldSentence], list[set[str]]]] = []
    for raw, result in zip(docs, pipeline.run_many(docs), strict=True):
        sentences = gold.get(raw.id, [])
        if sentences:
            pairs.append((sentences, predict(result, sentences)))
    aligned = sum(len(g) for g, _ in pairs)
    log.info("india: %d articles, %d gold sentences", len(pairs), aligned)
    return score(pairs)
