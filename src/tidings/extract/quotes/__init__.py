"""Quotations and reported claims: who said what, and which medium the story cites."""

from __future__ import annotations

from tidings.extract.quotes._extract import extract_quotes

__all__ = ["extract_quotes"]
