"""Settings: the shipped ``default.toml``, then a user file, then explicit overrides."""

from __future__ import annotations

import os
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from tidings.errors import ConfigError


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NlpSettings(_Section):
    model: str
    batch_size: int


class EventSettings(_Section):
    threshold: float
    custom_types: list[str]
    merge_incidents: bool = True


class CleanSettings(_Section):
    languages: list[str]
    remove_chrome: bool
    near_duplicate_threshold: float


class StoreSettings(_Section):
    path: str


class ActorSettings(_Section):
    overrides: str
    learn: bool


class ServeSettings(_Section):
    host: str
    port: int
    api_key: str
    max_body_bytes: int
    allow_fetch: bool


class Settings(_Section):
    nlp: NlpSettings
    events: EventSettings
    clean: CleanSettings
    store: StoreSettings
    actors: ActorSettings
    serve: ServeSettings


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def default_settings_dict() -> dict[str, Any]:
    text = resources.files("tidings").joinpath("default.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_settings(
    path: str | Path | None = None, overrides: dict[str, Any] | None = None
) -> Settings:
    """Defaults, overridden by a user TOML file (or $TIDINGS_CONFIG), then by ``overrides``."""
    data = default_settings_dict()
    user = path if path is not None else os.environ.get("TIDINGS_CONFIG")
    if user:
        try:
            data = _merge(data, tomllib.loads(Path(user).read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"cannot read settings file {user}: {e}") from e
    env_db = os.environ.get("TIDINGS_DB")
    if env_db:
        data = _merge(data, {"store": {"path": env_db}})
    if overrides:
        data = _merge(data, overrides)
    try:
        return Settings.model_validate(data)
    except ValidationError as e:
        raise ConfigError(f"invalid settings: {e}") from e
