"""Name normalisation: the keys under which people and organisations are matched.

"Kassym Jomart-Tokayev", "Kassym-Jomart Tokayev" and "KASSYM-JOMART TOKAYEV" share one key;
the surname key (the last word) lets a later bare "Tokayev" find them.
"""

from __future__ import annotations

import re
import unicodedata

_HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "gen",
        "sgt",
        "lt",
        "col",
        "capt",
        "cpt",
        "maj",
        "adm",
        "rev",
        "prof",
        "hon",
        "sheikh",
        "sheik",
        "mullah",
        "maulvi",
        "haji",
    }
)
_SPLIT = re.compile(r"[\s\-‐‑‒–—_/]+")
_DROP = re.compile(r"[.,'’`\"“”()]")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


def fold(text: str) -> str:
    """Lower-case, strip accents, unify apostrophes and hyphens."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace("’", "'").replace("‘", "'").replace("‐", "-").replace("–", "-").lower()


def name_key(text: str) -> tuple[str, ...]:
    """The words of a name, folded, without honorifics or a possessive ending."""
    words: list[str] = []
    for raw in _SPLIT.split(fold(_POSSESSIVE.sub("", text.strip()))):
        word = _DROP.sub("", raw)
        if word and word not in _HONORIFICS:
            words.append(word)
    return tuple(words)


def surname_key(text: str) -> str | None:
    """The last word of a name's key, or None for an empty name."""
    key = name_key(text)
    return key[-1] if key else None
