"""The spaCy ``textcat`` comparison family of ``tidings.extract.events.train``
(``--family textcat``): one bag-of-words classifier per head, compared side by side with the
shipped linear family in ``docs/events.md``; it never ships."""

from __future__ import annotations

import logging
import random

import spacy
from spacy.language import Language
from spacy.training import Example as SpacyExample
from spacy.util import minibatch
from thinc.api import fix_random_seed

from tidings.extract.events.learned import Prediction, normalise

__all__ = ["TextcatModel", "fit_textcat"]

log = logging.getLogger(__name__)


class TextcatModel:
    """spaCy ``textcat`` (exclusive classes, bag-of-words 1-2-grams) per head: a comparison
    family only (``--family textcat``); its probabilities are not temperature-scaled."""

    def __init__(self, plover: Language, acled: Language):
        self.heads = {"plover": plover, "acled": acled}

    def predict(self, texts: list[str]) -> list[Prediction]:
        norm = [normalise(t) for t in texts]
        cats = {
            name: [dict(d.cats) for d in nlp.pipe(norm, batch_size=512)]
            for name, nlp in self.heads.items()
        }
        return [Prediction(plover=p, acled=a) for p, a in zip(*cats.values(), strict=True)]


def fit_textcat(rows: list[tuple[str, str]], epochs: int = 3, seed: int = 13) -> Language:
    """One exclusive ``textcat`` head fitted on (text, label) rows, ``epochs`` passes."""
    fix_random_seed(seed)
    nlp = spacy.blank("en")
    arch = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True}
    arch |= {"ngram_size": 2, "no_output_layer": False, "length": 262144}
    textcat = nlp.add_pipe("textcat", config={"model": arch})
    labels = sorted({y for _, y in rows})
    for label in labels:
        textcat.add_label(label)  # type: ignore[attr-defined]
    examples = [
        SpacyExample.from_dict(
            nlp.make_doc(normalise(t)), {"cats": {lab: float(lab == y) for lab in labels}}
        )
        for t, y in rows
    ]
    optimizer = nlp.initialize(lambda: examples[:2000])
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=256):  # type: ignore[no-untyped-call]
            nlp.update(list(batch), sgd=optimizer, losses=losses)
        log.info("textcat %d labels, epoch %d: loss %.1f", len(labels), epoch, losses["textcat"])
    return nlp
