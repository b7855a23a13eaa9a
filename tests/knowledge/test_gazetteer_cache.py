"""The gazetteer index file: only files this install signed are opened; bad ones are rebuilt."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

from tidings.knowledge.gazetteer import cache
from tidings.knowledge.gazetteer.index import Gazetteer

_META: dict[str, Any] = {
    "countries": {"AF": 0}, "capitals": {"AF": 1}, "neighbours": {"AF": ["PK"]},
    "admin1": {"AF|kabul": 2}, "us_states": {}, "areas": {"AF": 652230.0},
    "counties": {3: "barrow county"}, "bare_counties": {"barrow": [3]},
    "city_countries": {"kabul": "AFG", "springfield": None}, "region_countries": {},
    "skeletons": {"kbl": [1]},
}  # fmt: skip
_ROWS = [
    (1149361, "Afghanistan", 33.0, 66.0, "AF", None, "PCLI", 37172386),
    (1138958, "Kabul", 34.5, 69.2, "AF", "Kabul", "PPLC", 3043532),
    (1138957, "Kabul Province", 34.5, 69.2, "AF", "Kabul", "ADM1", 0),
    (None, "Barrow County", 34.0, -83.7, "US", "Georgia", "ADM2", 69367),
]
_INDEX = (_ROWS, {"afghanistan": [0], "kabul": [1, 2], "saint louis": [1]}, _META)
_STEM = "gazetteer-test"


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIDINGS_CACHE", str(tmp_path))
    return tmp_path


def test_gazetteer_index_round_trip(cache_home: Path) -> None:
    path = cache.write_cache(cache_home, _STEM, _INDEX)  # type: ignore[arg-type]
    assert path.parent == cache_home and path.name.startswith(_STEM + ".")
    gaz = cache.open_cache(cache_home, _STEM)
    assert gaz is not None and len(gaz) == 4
    assert [e.name for e in gaz.lookup("KABUL")] == ["Kabul", "Kabul Province"]
    assert [e.name for e in gaz.lookup("St. Louis")] == ["Kabul"]  # "st" read as "saint"
    assert gaz.has("Afghanistan") and not gaz.has("Atlantis")
    assert gaz.country("AF") == gaz.entry(0) and gaz.capital("AF") == gaz.entry(1)
    assert gaz.admin1_entry("AF", "Kabul") == gaz.entry(2)
    barrow = gaz.bare_counties("Barrow")
    assert [e.geonameid for e in barrow] == [None] and gaz.county(barrow[0]) == "barrow county"
    assert gaz.city_countries == {"kabul": "AFG", "springfield": None}
    assert gaz.neighbours == {"AF": ["PK"]} and gaz.areas == {"AF": 652230.0}
    assert (cache_home / "gazetteer.key").stat().st_mode & 0o077 == 0


def test_gazetteer_index_tampered_file_is_never_opened(cache_home: Path) -> None:
    path = cache.write_cache(cache_home, _STEM, _INDEX)  # type: ignore[arg-type]
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF
    path.write_bytes(bytes(data))
    assert cache.open_cache(cache_home, _STEM) is None
    assert not path.exists()  # removed, so the next process rebuilds


def test_gazetteer_index_other_key_is_refused(cache_home: Path) -> None:
    cache.write_cache(cache_home, _STEM, _INDEX)  # type: ignore[arg-type]
    (cache_home / "gazetteer.key").write_bytes(b"k" * 32)
    assert cache.open_cache(cache_home, _STEM) is None


def test_gazetteer_index_signed_but_not_an_index_is_refused(cache_home: Path) -> None:
    other = cache_home / "other.db"
    import sqlite3

    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    key = cache._install_key(cache_home)
    forged = cache_home / f"{_STEM}.{cache.file_signature(key, other)}.sqlite"
    other.rename(forged)
    assert cache.open_cache(cache_home, _STEM) is None


def test_gazetteer_index_other_versions_removed(cache_home: Path) -> None:
    old = cache_home / "gazetteer-v1-abc.0123.sqlite"
    old.write_bytes(b"old")
    cache.write_cache(cache_home, _STEM, _INDEX)  # type: ignore[arg-type]
    assert not old.exists()


def test_gazetteer_index_per_thread_and_per_process(cache_home: Path) -> None:
    gaz = Gazetteer(cache.write_cache(cache_home, _STEM, _INDEX))  # type: ignore[arg-type]
    found: list[list[str]] = []
    worker = threading.Thread(target=lambda: found.append([e.name for e in gaz.lookup("kabul")]))
    worker.start()
    worker.join()
    assert found == [["Kabul", "Kabul Province"]]
    if hasattr(os, "fork"):
        pid = os.fork()
        if pid == 0:  # the child opens its own connection
            os._exit(0 if gaz.lookup_variant("Kabool") == [] and gaz.has("kabul") else 1)
        assert os.waitpid(pid, 0)[1] == 0


def test_gazetteer_index_bad_file_rebuilds(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[int] = []

    def fake_build() -> object:
        built.append(1)
        return _INDEX

    monkeypatch.setattr(cache, "build_index", fake_build)
    stem = cache.cache_stem()
    (cache_home / f"{stem}.{'0' * 64}.sqlite").write_bytes(b"garbage")
    cache.get_gazetteer.cache_clear()
    try:
        gazetteer = cache.get_gazetteer()
        assert built == [1] and len(gazetteer) == 4
        assert cache.open_cache(cache_home, stem) is not None  # rebuilt and signed
    finally:
        cache.get_gazetteer.cache_clear()
