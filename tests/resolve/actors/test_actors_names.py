from __future__ import annotations

import pytest

from tidings.knowledge.keys import person_key, surname_key


@pytest.mark.parametrize(
    "variant",
    [
        "Kassym Jomart-Tokayev",
        "Kassym-Jomart Tokayev",
        "KASSYM-JOMART TOKAYEV",
        "Kassym‑Jomart Tokayev's",
    ],
)
def test_names_variants_share_one_key(variant: str) -> None:
    assert person_key(variant) == ("kassym", "jomart", "tokayev")
    assert surname_key(variant) == "tokayev"


def test_names_honorifics_and_accents_dropped() -> None:
    assert person_key("Mr. José Núñez") == ("jose", "nunez")
    assert surname_key("") is None
