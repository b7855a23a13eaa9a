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
