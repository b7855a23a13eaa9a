"""Place names with an administrative unit noun ("Idlib province", "Boone County").

The unit noun says what kind of place is meant: the candidates of that kind are preferred
(:func:`unit_fit`); a city or town phrase never names the state it shares a name with, and a
province or district the gazetteer knows in some countries rules out towns of the same name
elsewhere (:func:`unit_candidates`).
"""

from __future__ import annotations

from tidings.knowledge.gazetteer import GazEntry

UNIT_PREFERENCE = 3.0
_ADMIN_UNITS = frozenset({"ADM1", "ADM2"})


def unit_fit(unit: str, fcode: str) -> float:
    """How well a candidate's feature code fits the unit the mention names."""
    if unit == "ADM1":
        return UNIT_PREFERENCE if fcode == "ADM1" else 0.0
    if unit == "ADM2":
        # a district is usually named after its centre town
        return {"ADM2": UNIT_PREFERENCE, "ADM1": -UNIT_PREFERENCE}.get(
            fcode, UNIT_PREFERENCE / 2 if fcode.startswith("PPL") else 0.0
        )
    return UNIT_PREFERENCE if fcode.startswith("PPL") else 0.0


def unit_candidates(unit: str | None, cands: list[GazEntry]) -> list[GazEntry]:
    """For "X city" / "X town": only populated places, when there are any. For "X province" /
    "X district": only the countries that have an administrative unit
    of the name, when any has one ("Samar province" is the Philippine province, not the
    Russian city of Samara or the Ukrainian town of Samar); towns there stay, since a
    province is often named after its centre town ("Kabul province")."""
    if unit == "PPL":  # "Kansas City", "New York City": the city, never the state
        return [c for c in cands if c.feature_code.startswith("PPL")] or cands
    if unit not in _ADMIN_UNITS:
        return cands
    countries = {c.country_code for c in cands if c.feature_code in _ADMIN_UNITS}
    return [c for c in cands if c.country_code in countries] if countries else cands
