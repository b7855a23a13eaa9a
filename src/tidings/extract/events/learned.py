"""The learned event classifier: PLOVER type (or NONE) and ACLED sub-event type of a sentence.

A linear model over TF-IDF word (1–2) and character (3–5, within words) n-grams of the text
with the names it saw in few countries masked (``NameMask``), trained by
``tidings.extract.events.train`` on ACLED notes, GTD summaries, PLOVER gold sentences, NGEC
stories and tidings' own non-event sentences (see ``docs/events.md``). The model ships as
``data/events/model/`` — a JSON vocabulary and metadata plus a ``.npz`` of arrays — and loads
without pickle. Probabilities are temperature-scaled on held-out rows, so they are calibrated.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from tidings.errors import ConfigError
from tidings.extract.events.vectorize import NgramCounter

__all__ = ["NONE", "EventClassifier", "NameMask", "Prediction", "classifier", "normalise"]

log = logging.getLogger(__name__)

NONE = "NONE"
MODEL_DIR = "data/events/model"

# ACLED notes open with the date ("On 21 March 2020, ..."); news rarely does, so the date is cut
_LEAD_DATE = re.compile(r"^\s*(?:on|between|from)\s+[^,]{0,40}?\b\d{4}\b[^,]{0,20},\s*", re.I)
_SIZE_TAG = re.compile(r"\[[^\]]*\]")
_DIGITS = re.compile(r"\d")
_SPACE = re.compile(r"\s+")
# a word that starts with a capital (any non-ASCII start is checked in ``NameMask._one``)
_CAPITALISED = re.compile(r"(?<![\w'-])(?:[A-Z]|[^\x00-\x7f])[\w'-]*")
_WORD = re.compile(r"(?<![\w'-])[^\W\d_][\w'-]*")
NAME = "Xq"  # what a masked name reads as

Floats = npt.NDArray[np.float32]


def normalise(text: str) -> str:
    """The text the model sees: no leading note date, no ``[size=...]`` tags, digits as 0."""
    text = _LEAD_DATE.sub("", text)
    text = _SIZE_TAG.sub(" ", text)
    text = _DIGITS.sub("0", text)
    return _SPACE.sub(" ", text).strip()


class NameMask:
    """The names a model saw only in some countries' texts, read as one token (``NAME``).

    "Boko Haram", "Donetsk" or "Shabaab" tell the type of an event in the countries a model was
    trained on and nothing in a country it never saw; read as names ("Xq militias attacked the
    Xq villages"), their place in the sentence still counts. A capitalised word stays itself
    where the training texts also use it in lower case ("Police", "Military") or where it is
    one of ``names``: those in the texts of many countries ("Ukraine", "Russian"). On ACLED
    notes of 27 training countries set aside, event-type accuracy 0.867 -> 0.876 (docs/events.md).
    """

    def __init__(self, lower: frozenset[str], names: frozenset[str]):
        self.lower = lower
        self.names = names

    def __call__(self, text: str) -> str:
        return _CAPITALISED.sub(self._one, text) if self.lower else text

    def _one(self, m: re.Match[str]) -> str:
        word = m[0]
        if not word[0].isupper() or word in self.names or word.lower() in self.lower:
            return word
        return NAME

    @classmethod
    def fit(cls, texts: list[tuple[str, str]], min_groups: int) -> NameMask:
        """From (text, group) pairs: the words used in lower case, and the capitalised words
        used in the texts of at least ``min_groups`` groups (countries)."""
        lower: set[str] = set()
        groups: dict[str, set[str]] = {}
        for text, group in texts:
            for word in _WORD.findall(text):
                if word.islower():
                    lower.add(word)
                elif word[0].isupper():
                    groups.setdefault(word, set()).add(group)
        names = {w for w, seen in groups.items() if len(seen) >= min_groups}
        return cls(frozenset(lower), frozenset(names))


@dataclass(frozen=True, slots=True)
class Prediction:
    """One text's calibrated probabilities over the PLOVER head, the ACLED sub-event head and
    (where the model has one) the ACLED event-type head."""

    plover: dict[str, float]
    acled: dict[str, float]
    acled_type: dict[str, float] = field(default_factory=dict)

    @property
    def p_event(self) -> float:
        """Probability that the text reports a political event at all."""
        return 1.0 - self.plover.get(NONE, 0.0)

    def best_plover(self) -> tuple[str, float]:
        label = max(self.plover, key=self.plover.__getitem__)
        return label, self.plover[label]

    def p_acled_type(self, event_type: str) -> float:
        """P(an ACLED event type): the sum over its sub-events, averaged with the event-type
        head's probability where the model has that head (hierarchical: on held-out countries
        0.899 -> 0.908 event-type accuracy)."""
        summed = sum(v for k, v in self.acled.items() if k.split("|", 1)[0] == event_type)
        if not self.acled_type:
            return summed
        return (summed + self.acled_type.get(event_type, 0.0)) / 2.0

    def best_acled_type(self, allowed: set[str] | None = None) -> tuple[str, float]:
        """The likeliest ACLED event type (``p_acled_type``), among ``allowed`` when given, and
        its probability."""
        types = {k.split("|", 1)[0] for k in self.acled}
        if allowed is not None:
            types &= allowed
        best = max(sorted(types), key=self.p_acled_type)
        return best, self.p_acled_type(best)

    def best_acled(self, allowed: set[str] | None = None) -> tuple[str, float]:
        """The likeliest sub-event, among ``allowed`` ACLED event types' when given."""
        keys = [k for k in self.acled if allowed is None or k.split("|", 1)[0] in allowed]
        label = max(keys, key=self.acled.__getitem__)
        return label, self.acled[label]


def _softmax(z: Floats) -> Floats:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: Floats = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
    return out


class Featuriser:
    """Texts -> L2-normalised sublinear TF-IDF rows over a fixed vocabulary (word + char)."""

    def __init__(
        self,
        word_vocab: dict[str, int],
        char_vocab: dict[str, int],
        idf: Floats,
        mask: NameMask | None = None,
    ):
        self.word = NgramCounter(word_vocab, "word", (1, 2))
        self.char = NgramCounter(char_vocab, "char_wb", (3, 5))
        self.idf = idf
        self.mask = mask or NameMask(frozenset(), frozenset())
        # the n-gram columns of the texts of the last call: a document's incidents are read
        # again right after its sentences (``incident_types``), many of them one sentence long
        self._last: dict[str, tuple[list[int], list[int]]] = {}

    def _columns(self, texts: list[str]) -> tuple[list[int], list[int], list[int], list[int]]:
        """Each text's word and char columns, all texts' in one list each, and how many each
        text has (its texts' columns are kept for the next call)."""
        last = self._last
        kept: dict[str, tuple[list[int], list[int]]] = {}
        words: list[int] = []
        chars: list[int] = []
        n_words: list[int] = []
        n_chars: list[int] = []
        for text in texts:
            found = last.get(text) or kept.get(text)
            if found is None:
                norm = self.prepare(text)
                found = (self.word.columns(norm), self.char.columns(norm))
            kept[text] = found
            words.extend(found[0])
            chars.extend(found[1])
            n_words.append(len(found[0]))
            n_chars.append(len(found[1]))
        self._last = kept
        return words, chars, n_words, n_chars

    def prepare(self, text: str) -> str:
        """The text the n-grams are read from: ``normalise``, then the names masked."""
        return self.mask(normalise(text))

    def counts(self, texts: list[str], rest: list[str] | None = None) -> sparse.csr_matrix:
        """Raw n-gram counts of each text, columns ascending; with ``rest``, one more row: the
        counts of ``texts`` and ``rest`` read as one text (a document from its sentences)."""
        # each row's columns counted by one np.unique over (row, column) keys, without scipy's
        # per-call overhead of hstack, sum and vstack
        n_word = len(self.word.vocabulary)
        n_cols = n_word + len(self.char.vocabulary)
        words, chars, n_words, n_chars = self._columns(texts + (rest or []))
        word = np.fromiter(words, np.int64, len(words))
        char = np.fromiter(chars, np.int64, len(chars)) + n_word
        n = len(texts)
        row = np.arange(n, dtype=np.int64) * n_cols
        keys, counts = np.unique(
            np.concatenate(
                [
                    np.repeat(row, n_words[:n]) + word[: sum(n_words[:n])],
                    np.repeat(row, n_chars[:n]) + char[: sum(n_chars[:n])],
                ]
            ),
            return_counts=True,
        )
        rows, col = np.divmod(keys, n_cols)
        indptr = np.searchsorted(rows, np.arange(n + 1))
        if rest is not None:
            whole, whole_counts = np.unique(np.concatenate([word, char]), return_counts=True)
            col = np.concatenate([col, whole])
            counts = np.concatenate([counts, whole_counts])
            indptr = np.append(indptr, len(col))
        return sparse.csr_matrix(
            (counts.astype(np.float32), col.astype(np.int32), indptr.astype(np.int32)),
            shape=(len(indptr) - 1, n_cols),
        )

    def weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        """Counts -> L2-normalised sublinear TF-IDF rows: the same float32 arithmetic as scipy's
        multiply / diags (checked in the tests), on the data array."""
        counts = counts.tocsr()
        if not counts.has_canonical_format:
            counts = counts.copy()
            counts.sum_duplicates()  # and sorts each row's columns
        n_rows = counts.shape[0]
        indptr = counts.indptr.astype(np.int32)
        col = counts.indices.astype(np.int64)
        row = np.repeat(np.arange(n_rows), np.diff(indptr))
        data = (1.0 + np.log(counts.data.astype(np.float32))).astype(np.float32) * self.idf[col]
        # row sums as scipy's ``sum(axis=1)`` makes them (``np.add.reduceat``), bit for bit
        filled = np.flatnonzero(np.diff(indptr))
        squares = np.zeros(n_rows, dtype=np.float32)
        if len(filled):
            squares[filled] = np.add.reduceat(data * data, indptr[filled])
        lengths = np.sqrt(squares)
        lengths[lengths == 0] = 1.0
        data *= (1.0 / lengths).astype(np.float32)[row]
        # each row's columns in descending order, as scipy's sparse products left them in
        # training: ``x @ coef.T`` adds the products in this order, so the sums are the same
        order = indptr[row] + indptr[row + 1] - 1 - np.arange(len(col))
        return sparse.csr_matrix(
            (data[order], col[order].astype(np.int32), indptr), shape=counts.shape
        )

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        return self.weigh(self.counts(texts))


@dataclass(frozen=True, slots=True)
class _Head:
    labels: list[str]
    coef: Floats  # (n_labels, n_features)
    intercept: Floats
    temperature: float

    def proba(self, x: sparse.csr_matrix) -> Floats:
        return self.scaled(np.asarray(x @ self.coef.T, dtype=np.float32))

    def scaled(self, scores: Floats) -> Floats:
        """Probabilities from the raw scores ``x @ coef.T``."""
        return _softmax((scores + self.intercept) / self.temperature)


def _side_by_side(coefs: list[Floats]) -> Floats:
    """The heads' weights as one C-ordered (n_features, n_labels of all heads) array: a text's
    feature reads every head's weights for it from one place. ``x @`` it gives each head's
    scores bit for bit as ``x @ head.coef.T`` (the same products summed in the same order)."""
    out = np.empty((coefs[0].shape[1], sum(c.shape[0] for c in coefs)), dtype=np.float32)
    at = 0
    for c in coefs:
        out[:, at : at + c.shape[0]] = c.T
        at += c.shape[0]
    return out


class EventClassifier:
    """The shipped model: ``predict(texts)`` gives one :class:`Prediction` per text."""

    def __init__(
        self,
        features: Featuriser,
        plover: _Head,
        acled: _Head,
        meta: dict[str, Any],
        acled_type: _Head | None = None,
    ):
        self.features = features
        self.meta = meta
        heads = [h for h in (plover, acled, acled_type) if h is not None]
        self._weights = _side_by_side([h.coef for h in heads])
        # each head's coef becomes a view of its columns (no second copy of the weights)
        ends = np.cumsum([len(h.labels) for h in heads]).tolist()
        self._columns = [(end - len(h.labels), end) for h, end in zip(heads, ends, strict=True)]
        viewed = [
            dataclasses.replace(h, coef=self._weights.T[a:b])
            for h, (a, b) in zip(heads, self._columns, strict=True)
        ]
        self._heads = viewed
        self.plover, self.acled = viewed[0], viewed[1]
        self.acled_type = viewed[2] if acled_type is not None else None

    @classmethod
    def load(cls, directory: Path) -> EventClassifier:
        try:
            meta = json.loads((directory / "meta.json").read_text("utf-8"))
            vocab = json.loads((directory / "vocab.json").read_text("utf-8"))
            with np.load(directory / "weights.npz", allow_pickle=False) as arrays:
                data = {k: arrays[k] for k in arrays.files}
        except (OSError, ValueError, KeyError) as e:
            raise ConfigError(f"cannot load the event model in {directory}: {e}") from e
        mask = NameMask(frozenset(vocab.get("lower", ())), frozenset(vocab.get("names", ())))
        features = Featuriser(vocab["word"], vocab["char"], data["idf"].astype(np.float32), mask)
        heads = {
            name: _Head(
                labels=list(meta["heads"][name]["labels"]),
                # as stored: the classifier copies it, as float32, into its side-by-side weights
                coef=data[f"{name}_coef"],
                intercept=data[f"{name}_intercept"].astype(np.float32),
                temperature=float(meta["heads"][name]["temperature"]),
            )
            for name in ("plover", "acled", "acled_type")
            if name in meta["heads"]
        }
        if "plover" not in heads or "acled" not in heads:
            raise ConfigError(f"the event model in {directory} lacks its plover or acled head")
        return cls(features, heads["plover"], heads["acled"], meta, heads.get("acled_type"))

    def predict(self, texts: list[str]) -> list[Prediction]:
        if not texts:
            return []
        return self._predict_rows(self.features.transform(texts))

    def predict_with_whole(
        self, texts: list[str], rest: list[str]
    ) -> tuple[list[Prediction], Prediction]:
        """One prediction per text of ``texts``, and one for ``texts`` and ``rest`` read as one
        text (their n-gram counts summed: a document from its sentences, counted once)."""
        rows = self.features.counts(texts, rest)
        preds = self._predict_rows(self.features.weigh(rows))
        return preds[:-1], preds[-1]

    def _predict_rows(self, x: sparse.csr_matrix) -> list[Prediction]:
        z = np.asarray(x @ self._weights, dtype=np.float32)  # every head's scores at once
        # ``tolist`` gives each row's Python floats at once (the same values as float() of each)
        rows_p, rows_a, *rest = [
            h.scaled(z[:, a:b]).tolist()
            for h, (a, b) in zip(self._heads, self._columns, strict=True)
        ]
        head = self.acled_type
        rows_t = rest[0] if rest else [[] for _ in rows_p]
        type_labels = head.labels if head is not None else []
        return [
            Prediction(
                plover=dict(zip(self.plover.labels, p, strict=True)),
                acled=dict(zip(self.acled.labels, a, strict=True)),
                acled_type=dict(zip(type_labels, t, strict=True)),
            )
            for p, a, t in zip(rows_p, rows_a, rows_t, strict=True)
        ]


@functools.cache
def classifier() -> EventClassifier:
    """The shipped model, loaded once per process."""
    root = resources.files("tidings").joinpath(MODEL_DIR)
    return EventClassifier.load(Path(str(root)))
