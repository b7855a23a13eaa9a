"""Settings: the shipped ``default.toml``, then a user file, then explicit overrides."""

from __future__ import annotations

import os
import tomllib
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tidings.errors import ConfigError


class _Section(BaseModel):
    # strict: a value of the wrong type ("8000" for a port) is an error, never coerced
    model_config = ConfigDict(extra="forbid", strict=True)


Share = Annotated[float, Field(ge=0.0, le=1.0)]
Positive = Annotated[int, Field(ge=1)]


class NlpSettings(_Section):
    model: Annotated[str, Field(min_length=1)]
    batch_size: Positive


class EventSettings(_Section):
    threshold: Share
    custom_types: list[str]
    merge_incidents: bool = True


class CleanSettings(_Section):
    languages: list[str]
    remove_chrome: bool
    near_duplicate_threshold: Share


class StoreSettings(_Section):
    path: str


class ActorSettings(_Section):
    overrides: str
    learn: bool


class ServeSettings(_Section):
    host: str
    port: Annotated[int, Field(ge=0, le=65535)]
    api_key: str
    max_body_bytes: Positive
    allow_fetch: bool
    allowed_hosts: list[str]
    code_workers: Annotated[int, Field(ge=0)]
    code_queue_limit: Positive
    code_timeout_s: Annotated[float, Field(gt=0)]


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
