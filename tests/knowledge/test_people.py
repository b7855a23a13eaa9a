"""The people knowledge base: dated roles chosen by publication date, ambiguity, CAMEO codes."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from tidings.knowledge.people import PeopleBase, Role, cameo_role, people_base


def _role(code: str, start: str | None, end: str | None, curated: bool = True) -> Role:
    return Role(
        code=code,
        sector="GOV",
        start=date.fromisoformat(start) if start else None,
        end=date.fromisoformat(end) if end else None,
        office="head_of_government",
        source="test",
        curated=curated,
    )


def test_role_is_chosen_by_date_and_curated_beats_phoenix() -> None:
    base = PeopleBase(
        [
            (["Mark Rutte", "Rutte"], _role("NLD", "2010-10-14", "2024-07-02")),
            (["Mark Rutte", "Rutte"], _role("IGO", "2024-10-01", None)),
            (["MARK RUTTE"], _role("BEL", None, None, curated=False)),
        ]
    )
    found = base.lookup("Mark Rutte", date(2023, 6, 1))
    assert found is not None and found.role.code == "NLD" and found.exact
    found = base.lookup("Rutte", date(2025, 6, 1))
    assert found is not None and found.role.code == "IGO" and found.surname_only
    # between the two roles: the nearest in time, flagged as not exact
    found = base.lookup("Mark Rutte", date(2024, 8, 1))
    assert found is not None and found.role.code == "NLD" and not found.exact


def test_conflicting_people_and_shared_surnames_match_nothing() -> None:
    base = PeopleBase(
        [
            (["Ali Khan"], _role("PAK", None, None, curated=False)),
            (["ALI KHAN"], _role("AFG", None, None, curated=False)),
            (["Kamala Harris", "Harris"], _role("USA", "2021-01-20", "2025-01-20")),
            (["Simon Harris"], _role("IRL", "2024-04-09", "2025-01-23")),
        ]
    )
    assert base.lookup("Ali Khan", date(2020, 1, 1)) is None
    assert base.lookup("Harris", date(2024, 6, 1)) is None  # two people end in "Harris"
    found = base.lookup("Kamala Harris", date(2024, 6, 1))
    assert found is not None and found.role.code == "USA"


@pytest.mark.parametrize(
    ("cameo", "code", "sector"),
    [
        ("USAGOV", "USA", "GOV"),
        ("AFGREB", "AFG", "REB"),
        ("IGOUNO", "IGO", None),
        ("KORGOVBUS", "KOR", "GOV"),
        ("USAMED", "USA", "PRE"),
        ("IMGMUSALQ", "---", None),
    ],
)
def test_cameo_codes(cameo: str, code: str, sector: str | None) -> None:
    assert cameo_role(cameo) == (code, sector)


def test_shipped_tables_know_leaders_by_date() -> None:
    base = people_base()
    for name, day, code, sector in [
        ("Joe Biden", date(2023, 11, 15), "USA", "GOV"),
        ("Emmanuel Macron", date(2024, 2, 20), "FRA", "GOV"),
        ("Vladimir Putin", date(2024, 2, 20), "RUS", "GOV"),
        ("Zabihullah Mujahid", date(2019, 2, 5), "AFG", "REB"),
        ("Zabihullah Mujahid", date(2023, 3, 5), "AFG", "GOV"),
        ("Ban Ki-moon", date(2012, 1, 1), "IGO", "GOV"),
        ("Hamid Karzai", date(2005, 1, 1), "AFG", "GOV"),  # from Phoenix
    ]:
        found = base.lookup(name, day)
        assert found is not None, name
        assert (found.role.code, found.role.sector) == (code, sector), (name, found)


def test_build_script_is_reproducible(tmp_path: Path) -> None:
    phoenix = Path(__file__).parent / "fixtures" / "phoenix"
    sys.path.insert(0, str(Path(__file__).parents[2] / "scripts"))
    try:
        import build_people
    finally:
        sys.path.pop(0)
    lines = build_people.build(phoenix)
    assert lines == build_people.build(phoenix)
    by_name = {line.split("\t")[0]: line.split("\t") for line in lines}
    assert by_name["BARACK OBAMA"][2] == "USAELI@1978-01-01..2000-01-01;USAGOV@2009-01-20.."
    assert "PRESIDENT OBAMA" in by_name["BARACK OBAMA"][1].split("|")
    # names without codes share the next code block; a country-only entry is left out
    assert by_name["AMERICAN VICE PRESIDENT"][1] == "US VICE PRESIDENT|AMERICAN VICE-PRESIDENT"
    assert "AFGHANISTAN" not in by_name
    assert by_name["ABU NIDAL ORGANIZATION"][2] == "IMGMUSALQ@.."
