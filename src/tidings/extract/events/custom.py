"""User-defined event types learned from a YAML file of keywords and example sentences.

Each type gets a logistic-regression classifier over word uni- and bigrams (hashed, so the
model is tiny), trained on its own examples against shipped background sentences and the
other custom types' examples. A sentence is coded as the type when it holds one of the
type's keywords and the classifier gives it at least ``threshold`` (default 0.5), or when the
classifier alone is very sure (0.85). See ``docs/custom_types.md``.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, Span, Token

from tidings.errors import ConfigError
from tidings.extract.events.arguments import arguments, heads_to_mentions, span_mention
from tidings.extract.events.lexicon import Entry
from tidings.extract.events.match import Trigger
from tidings.extract.events.modality import modality
from tidings.extract.types import EventMention, Mention
from tidings.knowledge.files import data_file, read_tsv, read_yaml
from tidings.ontology import register_custom_type

log = logging.getLogger(__name__)

_WORD = re.compile(r"[a-z][a-z'-]*|\d+")
_NAME = re.compile(r"^[A-Z][A-Z0-9_]{1,40}$")
_SURE = 0.85
_N_FEATURES = 2**14


def _stem(w: str) -> str:
    """A crude, deterministic stem so "protests", "protesting" and "protested" meet."""
    for suffix in ("ing", "ers", "ed", "es", "er", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


def _features(text: str) -> list[str]:
    toks = [_stem(w) for w in _WORD.findall(text.lower())]
    return toks + [f"{a}_{b}" for a, b in itertools.pairwise(toks)]


def _vectorize(texts: Iterable[str]) -> np.ndarray[Any, np.dtype[np.float64]]:
    rows = list(texts)
    x = np.zeros((len(rows), _N_FEATURES), dtype=np.float64)
    for i, text in enumerate(rows):
        for f in _features(text):
            x[i, hash_feature(f)] += 1.0
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out: np.ndarray[Any, np.dtype[np.float64]] = x / norms
    return out


def hash_feature(f: str) -> int:
    """A stable hash (Python's own is salted per process)."""
    h = 2166136261
    for ch in f.encode("utf-8"):
        h = ((h ^ ch) * 16777619) & 0xFFFFFFFF
    return h % _N_FEATURES


@dataclass(slots=True)
class CustomType:
    """One user-defined event type and its trained classifier."""

    name: str
    description: str
    keywords: list[str]
    examples: list[str]
    quad: int
    cameo: str | None
    source: str
    threshold: float = 0.5
    coef: np.ndarray[Any, np.dtype[np.float64]] = field(
        default_factory=lambda: np.zeros(_N_FEATURES)
    )
    intercept: float = 0.0

    def probability(self, texts: list[str]) -> np.ndarray[Any, np.dtype[np.float64]]:
        z = _vectorize(texts) @ self.coef + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)

    def keyword_in(self, sent: Span) -> Token | None:
        stems = {_stem(t.lower_): t for t in sent}
        lemmas = {t.lemma_.lower(): t for t in sent}
        low = sent.text.lower()
        for kw in self.keywords:
            k = kw.lower()
            if " " in k:
                pos = low.find(k)
                if pos >= 0:
                    tok = sent.doc.char_span(
                        sent.start_char + pos,
                        sent.start_char + pos + len(k),
                        alignment_mode="expand",
                    )
                    if tok is not None:
                        return tok.root
                continue
            hit = lemmas.get(k) or stems.get(_stem(k))
            if hit is not None:
                return hit
        return None


def _background() -> list[str]:
    return [row[0] for row in read_tsv(data_file("events", "training", "background.txt"))]


def _train(ct: CustomType, negatives: list[str]) -> None:
    from sklearn.linear_model import LogisticRegression

    texts = ct.examples + negatives
    y = np.array([1] * len(ct.examples) + [0] * len(negatives))
    model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=1000)
    model.fit(_vectorize(texts), y)
    ct.coef = np.asarray(model.coef_[0], dtype=np.float64)
    ct.intercept = float(model.intercept_[0])


def _parse_file(path: Path) -> list[dict[str, Any]]:
    data = read_yaml(path)  # size- and alias-limited: an alias bomb is a ConfigError
    items = data.get("types", [data]) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ConfigError(f"{path}: expected a mapping or a list of event types")
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ConfigError(f"{path}: event type {n} is a {type(item).__name__}, not a mapping")
    return [dict(x) for x in items]


def _strings(spec: dict[str, Any], key: str, source: str) -> list[str]:
    value = spec.get(key) or []
    if not isinstance(value, list) or not all(isinstance(x, str | int | float) for x in value):
        raise ConfigError(f"{source}: {key!r} must be a list of sentences or words")
    return [str(x) for x in value]


def _number(spec: dict[str, Any], key: str, default: float, low: float, high: float,
            source: str) -> float:  # fmt: skip
    value = spec.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ConfigError(f"{source}: {key!r} must be a number from {low:g} to {high:g}, "
                          f"not {value!r}")  # fmt: skip
    return float(value)


def _custom_type(spec: dict[str, Any], source: str) -> CustomType:
    name = str(spec.get("name", ""))
    if not _NAME.match(name):
        raise ConfigError(f"{source}: event type name {name!r} must be UPPER_SNAKE_CASE")
    examples = _strings(spec, "examples", source)
    keywords = _strings(spec, "keywords", source)
    if len(examples) < 5:
        raise ConfigError(f"{source}: {name} needs at least 5 example sentences (10-30 advised)")
    if not keywords:
        raise ConfigError(f"{source}: {name} needs at least one keyword")
    quad = _number(spec, "quad", 4, 1, 4, source)
    if quad != int(quad):
        raise ConfigError(f"{source}: 'quad' must be 1, 2, 3 or 4, not {quad:g}")
    cameo = spec.get("cameo")
    if cameo is not None and not isinstance(cameo, str | int):
        raise ConfigError(f"{source}: 'cameo' must be a CAMEO code, not {cameo!r}")
    return CustomType(
        name=name,
        description=str(spec.get("description", "")),
        keywords=keywords,
        examples=examples,
        quad=int(quad),
        cameo=str(cameo) if cameo is not None else None,
        source=source,
        threshold=_number(spec, "threshold", 0.5, 0.0, 1.0, source),
    )


@dataclass(slots=True)
class CustomTypes:
    """The loaded custom types; :meth:`extract` codes a parsed ``Doc`` with them."""

    types: list[CustomType]

    def extract(self, doc: Doc, existing: list[EventMention] | None = None) -> list[EventMention]:
        sents = list(doc.sents)
        if not sents or not self.types:
            return []
        texts = [s.text for s in sents]
        out: list[EventMention] = []
        for ct in self.types:
            probs = ct.probability(texts)
            for index, (sent, p) in enumerate(zip(sents, probs, strict=True)):
                kw = ct.keyword_in(sent)
                if (kw is None or p < ct.threshold) and p < _SURE:
                    continue
                out.append(_event(ct, doc, sent, index, float(p), kw))
        return out


def _event(
    ct: CustomType, doc: Doc, sent: Span, index: int, p: float, kw: Token | None
) -> EventMention:
    anchor = kw if kw is not None else sent.root
    pred = anchor if anchor.pos_ in ("VERB", "AUX") else sent.root
    entry = Entry(
        id=f"custom:{ct.name}", lemma=anchor.lemma_.lower(), rest=(), type=ct.name, strength=p
    )
    args = arguments(Trigger(pred, entry))
    mod, why = modality(pred, pred)
    conf = round(min(0.99, p * (0.9 if kw is not None else 0.75)), 3)
    why_kw = f"keyword '{kw.text}'" if kw is not None else "no keyword"
    explanation = (
        f"custom type {ct.name} from {ct.source}: {why_kw}, classifier p={p:.2f} (logistic "
        f"regression over word n-grams, {len(ct.examples)} examples)"
        + (f"; modality {mod}: {why}" if mod != "asserted" else "")
        + f"; confidence {conf}"
    )
    return EventMention(
        event_type=ct.name,
        trigger=Mention(anchor.text, anchor.idx, anchor.idx + len(anchor.text)),
        sentence=Mention(sent.text, sent.start_char, sent.end_char),
        sentence_index=index,
        actors=heads_to_mentions(args.actors),
        recipients=heads_to_mentions(args.recipients),
        place=span_mention(doc, args.place),
        time=span_mention(doc, args.time),
        modality=mod,
        confidence=conf,
        cameo=ct.cameo,
        explanation=explanation,
    )


def load_custom_types(paths: Iterable[str | Path]) -> CustomTypes:
    """Read, validate and train the custom event types in the given YAML files."""
    specs = [(spec, str(p)) for p in paths for spec in _parse_file(Path(p))]
    types = [_custom_type(spec, src) for spec, src in specs]
    names = [t.name for t in types]
    if len(set(names)) != len(names):
        raise ConfigError(f"custom event types defined twice: {sorted(names)}")
    background = _background()
    for ct in types:
        others = [x for o in types if o is not ct for x in o.examples]
        _train(ct, background + others)
        register_custom_type(ct.name, ct.quad, ct.cameo)
        log.info("custom event type %s trained on %d examples", ct.name, len(ct.examples))
    return CustomTypes(types)
