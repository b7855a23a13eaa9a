"""The spaCy textcat comparison family (``extract/events/textcat.py``)."""

from __future__ import annotations

from tidings.extract.events.textcat import TextcatModel, fit_textcat


def test_textcat_comparison_family_predicts_both_heads() -> None:
    rows = [("Troops shelled the village.", "ASSAULT"), ("The team won the cup.", "NONE")] * 8
    acled = [("Troops shelled the village.", "Battles|Armed clash")] * 8
    acled += [("Rioters burned a shop.", "Riots|Mob violence")] * 8
    model = TextcatModel(fit_textcat(rows, 2), fit_textcat(acled, 2))
    (p,) = model.predict(["Soldiers shelled the town."])
    assert set(p.plover) == {"ASSAULT", "NONE"} and len(p.acled) == 2
    assert abs(sum(p.plover.values()) - 1.0) < 1e-3
