"""Every error tidings raises, with a stable code.

Hierarchy::

    TidingsError
     ├── InputError        (E1xx) a document or path cannot be read
     ├── ConfigError       (E2xx) a setting or settings file is wrong
     ├── ModelError        (E3xx) a spaCy model or learned model cannot be loaded
     ├── StoreError        (E4xx) the database cannot be opened or written
     └── EvaluationError   (E5xx) a development set is missing or malformed
"""

from __future__ import annotations


class TidingsError(Exception):
    """Base class; ``code`` is stable across versions and appears in messages."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class InputError(TidingsError):
    code = "E100"


class ConfigError(TidingsError):
    code = "E200"


class ModelError(TidingsError):
    code = "E300"


class StoreError(TidingsError):
    code = "E400"


class EvaluationError(TidingsError):
    code = "E500"


# Codes of the problems recorded on one document (``DocumentError.code``); a document with
# one of NOT_CODED was read but deliberately not coded, and is recorded as skipped.
DOC_INPUT = "E100"  # the reader had a problem with the document (it is still coded)
DOC_EMPTY = "E101"  # no text left to code
DOC_CLEAN = "E110"  # a cleaning step had a problem
DOC_LANGUAGE = "E120"  # a language tidings does not code
DOC_PARSE = "E300"  # spaCy failed on it
DOC_STAGE_FAILED = "E900"  # a stage raised; the rest of the document went on
DOC_TIMEOUT = "E910"  # coding ran past the per-document time limit
DOC_WORKER_DIED = "E920"  # the worker process coding it died
NOT_CODED = frozenset({DOC_EMPTY, DOC_LANGUAGE})
