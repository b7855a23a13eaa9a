"""Transitional: the spaCy factory moved to :mod:`tidings.component` (a face, above the
orchestrator). Installs whose package metadata predates the move still name this module in
their ``spacy_factories`` entry point, and spaCy loads every entry point of that group when it
builds any pipeline, so this module must stay importable until they reinstall
(``pip install -e .``, which ``make`` does whenever pyproject.toml changes). It is not part of
``tidings.nlp``'s code: it hands spaCy the face's factory without importing the orchestrator
into this layer. Delete it once every install has re-read pyproject.toml.
"""

from __future__ import annotations

import importlib
from typing import Any

make_tidings: Any = importlib.import_module("tidings.component").make_tidings
