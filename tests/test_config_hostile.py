"""Hostile configuration (issue 15 item 10): alias bombs and bad values are a fast ConfigError."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tidings.config import load_settings
from tidings.errors import ConfigError
from tidings.extract.events.custom import load_custom_types
from tidings.resolve.actors._registry import load_overrides

# 96 aliases, 3 wide and 32 deep: 3**33 elements once expanded
BOMB = (
    "a0: &a0 [x, x, x]\n"
    + "".join(f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}]\n" for i in range(1, 33))
    + "actors: *a32\ntypes: *a32\n"
)
EXAMPLES = "\n".join(f"    - The council voted on item {n}." for n in range(6))


@pytest.mark.parametrize("loader", [load_custom_types, load_overrides])
def test_yaml_alias_bombs_are_refused_fast(tmp_path: Path, loader: object) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB)
    start = time.perf_counter()
    with pytest.raises(ConfigError, match="alias"):
        loader([path]) if loader is load_custom_types else loader(path)  # type: ignore[operator]
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("types:\n  - just a string\n", "not a mapping"),
        (f"name: VOTE\nquad: seven\nkeywords: [vote]\nexamples:\n{EXAMPLES}\n", "'quad'"),
        (f"name: VOTE\nquad: 9\nkeywords: [vote]\nexamples:\n{EXAMPLES}\n", "'quad'"),
        (f"name: VOTE\nthreshold: [1]\nkeywords: [vote]\nexamples:\n{EXAMPLES}\n", "'threshold'"),
        (f"name: VOTE\nkeywords: vote\nexamples:\n{EXAMPLES}\n", "'keywords'"),
        (f"name: VOTE\nkeywords: [vote]\ncameo: {{a: 1}}\nexamples:\n{EXAMPLES}\n", "'cameo'"),
    ],
)
def test_bad_custom_type_values_are_config_errors(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "types.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=fragment):
        load_custom_types([path])


def test_bad_actor_override_entries_are_config_errors(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text("actors:\n  - just a name\n")
    with pytest.raises(ConfigError, match="not a mapping"):
        load_overrides(path)


@pytest.mark.parametrize(
    "overrides",
    [
        {"serve": {"port": "8000"}},
        {"serve": {"port": 70000}},
        {"serve": {"max_body_bytes": 0}},
        {"serve": {"code_timeout_s": -1}},
        {"events": {"threshold": 1.5}},
        {"nlp": {"batch_size": 0}},
        {"clean": {"remove_chrome": "yes"}},
    ],
)
def test_every_setting_is_validated(overrides: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match="invalid settings"):
        load_settings(overrides=overrides)
