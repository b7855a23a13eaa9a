"""The keys under which names are matched: one for places, one for people and organisations.

* :func:`place_key` – a place name ASCII-folded, lower case, without full stops or a leading
  "the" ("Kandahār" and "KANDAHAR" share one key);
* :func:`person_key` – the words of a person's or organisation's name, folded, without
  honorifics or a possessive ending ("Kassym Jomart-Tokayev" and "Kassym-Jomart Tokayev"
  share one key); :func:`surname_key` is its last word;
* :func:`skeleton_key` – the consonants of a place name, for transliteration variants;
* :func:`fold` – lower case without accents, apostrophes and hyphens unified.
"""

from __future__ import annotations

import re
import unicodedata

from tidings.knowledge.words import honorifics

_SPLIT = re.compile(r"[\s\-‐‑‒–—_/]+")
_DROP = re.compile(r"[.,'’`\"“”()]")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


def fold(text: str) -> str:
    """Lower-case, strip accents, unify apostrophes and hyphens."""
    if text.isascii():  # nothing to decompose or unify (most names: 5x faster)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace("’", "'").replace("‘", "'").replace("‐", "-").replace("–", "-").lower()


def person_key(text: str) -> tuple[str, ...]:
    """The words of a name, folded, without honorifics or a possessive ending."""
    dropped = honorifics().in_person_key
    words: list[str] = []
    for raw in _SPLIT.split(fold(_POSSESSIVE.sub("", text.strip()))):
        word = _DROP.sub("", raw)
        if word and word not in dropped:
            words.append(word)
    return tuple(words)


def surname_key(text: str) -> str | None:
    """The last word of a name's key, or None for an empty name."""
    key = person_key(text)
    return key[-1] if key else None


def place_key(text: str) -> str:
    """The lookup key of a place name: ASCII-folded, lower case, no full stops, single spaces."""
    folded = text
    if not text.isascii():
        folded = unicodedata.normalize("NFKD", text)
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = re.sub("[\u2018\u02bb\u02bc\u02be\u02bf`]", "", folded)
    folded = folded.replace("\u2019", "'").replace(".", "").lower()
    folded = re.sub(r"^the\s+", "", folded.strip())
    return re.sub(r"[\s\-]+", " ", folded).strip()


def skeleton_key(text: str) -> str:
    """Consonants of a name without spaces, hyphens or the Persian "-e-" linker."""
    key = place_key(text).replace("'", "")
    key = re.sub(r"\b(e|i|ye|-e)\b", "", key)
    key = re.sub(r"[^a-z]", "", key)
    key = re.sub(r"[aeiouyw]", "", key[1:]).replace("h", "") if key else key
    key = re.sub(r"(.)\1+", r"\1", key)
    return (place_key(text)[:1] + key) if key else ""
