"""The gazetteer cache: only files this install signed are unpickled; bad ones are rebuilt."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from tidings.knowledge.gazetteer import cache

_INDEX = ([(1, "Kabul", 34.5, 69.2, "AF", None, "PPLC", 1)], {"kabul": [0]}, {"x": 1})


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIDINGS_CACHE", str(tmp_path))
    return tmp_path


def test_gazetteer_cache_round_trip(cache_home: Path) -> None:
    path = cache_home / "gazetteer-test.gaz"
    cache.write_cache(path, _INDEX)  # type: ignore[arg-type]
    assert cache.read_cache(path) == _INDEX
    assert (cache_home / "gazetteer.key").stat().st_mode & 0o077 == 0


def test_gazetteer_cache_unsigned_pickle_is_never_loaded(cache_home: Path) -> None:
    path = cache_home / "gazetteer-test.gaz"
    cache.write_cache(path, _INDEX)  # type: ignore[arg-type]
    marker = cache_home / "pwned"

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (marker.write_text, ("yes",))

    forged = pickle.dumps(Evil())
    path.write_bytes(b"\0" * 32 + forged)
    assert cache.read_cache(path) is None
    assert not marker.exists()


def test_gazetteer_cache_other_key_is_refused(cache_home: Path) -> None:
    path = cache_home / "gazetteer-test.gaz"
    cache.write_cache(path, _INDEX)  # type: ignore[arg-type]
    (cache_home / "gazetteer.key").write_bytes(b"k" * 32)
    assert cache.read_cache(path) is None


def test_gazetteer_cache_wrong_shape_is_rebuilt(cache_home: Path) -> None:
    path = cache_home / "gazetteer-test.gaz"
    cache.write_cache(path, ["not", "an", "index"])  # type: ignore[arg-type]
    assert cache.read_cache(path) is None


def test_gazetteer_cache_bad_file_rebuilds(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[int] = []

    def fake_build() -> object:
        built.append(1)
        return ([], {}, _META)

    _META = {
        k: {}
        for k in (
            "countries", "capitals", "neighbours", "admin1", "us_states", "skeletons", "areas",
            "counties", "bare_counties", "city_countries", "region_countries",
        )
    }  # fmt: skip
    monkeypatch.setattr(cache, "build_index", fake_build)
    path = cache.cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"garbage")
    cache.get_gazetteer.cache_clear()
    try:
        gazetteer = cache.get_gazetteer()
        assert built == [1] and len(gazetteer) == 0
        assert cache.read_cache(path) == ([], {}, _META)  # rebuilt and signed
    finally:
        cache.get_gazetteer.cache_clear()
