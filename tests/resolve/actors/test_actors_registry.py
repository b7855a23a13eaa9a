from __future__ import annotations

from pathlib import Path

import pytest

from tidings.errors import ConfigError
from tidings.records import ActorProfile
from tidings.resolve.actors import ActorRegistry, _registry, load_overrides


def _p(name: str, code: str, **kw: object) -> ActorProfile:
    return ActorProfile(name=name, code=code, sector="GOV", **kw)  # type: ignore[arg-type]


def test_registry_lookup_by_variant_and_surname() -> None:
    reg = ActorRegistry()
    reg.add(_p("Kassym Jomart-Tokayev", "KAZ", office="President", doc_ids=["a", "b"]))
    for text in ("Kassym-Jomart Tokayev", "Tokayev", "Tokayev's"):
        found = reg.lookup(text)
        assert found is not None and found.code == "KAZ", text
    assert reg.lookup("Nazarbayev") is None


def test_registry_ambiguous_surname_is_not_guessed() -> None:
    reg = ActorRegistry()
    reg.add(_p("Kim Jong Un", "PRK", doc_ids=["a", "b"]))
    reg.add(_p("Moon Un", "KOR", doc_ids=["a", "c"]))
    assert reg.lookup("Un") is None
    found = reg.lookup("Kim Jong Un")
    assert found is not None and found.code == "PRK"


def test_registry_pinned_wins_over_learned() -> None:
    reg = ActorRegistry()
    reg.add(_p("Ivan Petrov", "RUS", doc_ids=["a", "b"]))
    reg.add(_p("Ivan Petrov", "UKR", pinned=True))
    found = reg.lookup("Petrov")
    assert found is not None and found.code == "UKR" and found.pinned
    reg.add(_p("Ivan Petrov", "RUS", doc_ids=["c"]))
    found = reg.lookup("Ivan Petrov")
    assert found is not None and found.code == "UKR"


def test_registry_too_few_sightings_kept_not_reused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_registry, "MIN_SIGHTINGS", 2)
    reg = ActorRegistry()
    reg.add(_p("Liu Xiaoming", "GBR", evidence=["s1"], doc_ids=["a"]))
    assert reg.lookup("Liu Xiaoming") is None and reg.lookup("Xiaoming") is None
    reg.add(_p("Liu Xiaoming", "GBR", evidence=["s2"], doc_ids=["b"]))
    found = reg.lookup("Liu Xiaoming")
    assert found is not None and found.code == "GBR"


def test_registry_merge_keeps_evidence_and_docs() -> None:
    reg = ActorRegistry()
    reg.add(_p("Joe Biden", "USA", evidence=["s1"], doc_ids=["a"]))
    reg.add(_p("Joseph Biden", "USA", variants=["Joe Biden"], evidence=["s2"], doc_ids=["b"]))
    (only,) = reg.profiles()
    assert only.doc_ids == ["a", "b"] and only.evidence == ["s1", "s2"]
    assert "Joseph Biden" in only.variants


def test_registry_overrides_yaml(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text(
        "actors:\n  - name: Kassym-Jomart Tokayev\n    variants: [Tokayev]\n"
        "    code: KAZ\n    sector: GOV\n    office: President\n",
        encoding="utf-8",
    )
    (profile,) = load_overrides(path)
    assert profile.pinned and profile.code == "KAZ" and profile.evidence


def test_registry_overrides_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("actors:\n  - name: X\n    colour: red\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_overrides(path)
    with pytest.raises(ConfigError):
        load_overrides(tmp_path / "missing.yaml")
