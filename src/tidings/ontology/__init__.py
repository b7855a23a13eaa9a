"""PLOVER, CAMEO and ACLED: the event ontologies as data (``tidings/data/ontology``) + thin code.

>>> quad_code("ASSAULT")
4
>>> cameo_root("ACCUSE", ["investigate"])
'09'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from tidings.errors import ConfigError
from tidings.knowledge.files import data_file, read_tsv, read_yaml

__all__ = [
    "CameoEntry",
    "PloverType",
    "acled_for",
    "acled_plover_consistent",
    "cameo_entry",
    "cameo_root",
    "contexts",
    "plover_types",
    "quad_code",
    "register_custom_type",
]


@dataclass(frozen=True, slots=True)
class PloverType:
    """One PLOVER event type with its quad class, modes and mappings."""

    name: str
    quad: int
    cameo: str | None
    modes: tuple[str, ...] = ()
    mode_cameo: dict[str, str] = field(default_factory=dict)
    acled: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CameoEntry:
    """One row of the CAMEO-to-PLOVER table."""

    code: str
    plover: str
    mode: str
    contexts: tuple[str, ...]
    description: str


@functools.lru_cache(maxsize=1)
def _plover() -> dict[str, Any]:
    data = read_yaml(data_file("ontology", "plover.yaml"))
    if not isinstance(data, dict):
        raise ConfigError("data/ontology/plover.yaml: expected a mapping at the top")
    return data


@functools.lru_cache(maxsize=1)
def plover_types() -> dict[str, PloverType]:
    """The 16 PLOVER types by name."""
    out: dict[str, PloverType] = {}
    for name, spec in _plover()["types"].items():
        acled = {str(k or ""): (str(v[0]), str(v[1])) for k, v in (spec.get("acled") or {}).items()}
        out[name] = PloverType(
            name=name,
            quad=int(spec["quad"]),
            cameo=spec.get("cameo"),
            modes=tuple(spec.get("modes") or ()),
            mode_cameo=dict(spec.get("mode_cameo") or {}),
            acled=acled,
        )
    return out


_CUSTOM: dict[str, PloverType] = {}


def register_custom_type(name: str, quad: int, cameo: str | None = None) -> None:
    """Make a user-defined event type known to :func:`quad_code` and :func:`cameo_root`."""
    if quad not in (1, 2, 3, 4):
        raise ConfigError(f"custom event type {name!r}: quad must be 1..4, not {quad}")
    _CUSTOM[name] = PloverType(name=name, quad=quad, cameo=cameo)


def _lookup(event_type: str) -> PloverType:
    t = plover_types().get(event_type) or _CUSTOM.get(event_type)
    if t is None:
        raise ConfigError(f"unknown event type {event_type!r}")
    return t


def quad_code(event_type: str) -> int:
    """PLOVER quad: 1 verbal / 2 material cooperation, 3 verbal / 4 material conflict."""
    return _lookup(event_type).quad


def cameo_root(event_type: str, modes: list[str] | tuple[str, ...] = ()) -> str | None:
    """The two-digit CAMEO root code for a type and its modes (the first mode that has one wins)."""
    t = _lookup(event_type)
    for m in modes:
        if m in t.mode_cameo:
            return t.mode_cameo[m]
    return t.cameo


def acled_for(event_type: str, modes: list[str] | tuple[str, ...] = ()) -> tuple[str, str] | None:
    """The default ACLED (event_type, sub_event_type) of a PLOVER type and modes, if one fits."""
    t = plover_types().get(event_type)
    if t is None:
        return None
    for m in modes:
        if m in t.acled:
            return t.acled[m]
    return t.acled.get("")


def acled_plover_consistent(acled_event_type: str, plover_type: str) -> bool:
    """Whether a PLOVER type is a fair coding of an event of the given ACLED event type."""
    allowed = _plover()["acled_plover"].get(acled_event_type, [])
    return plover_type in allowed


@functools.lru_cache(maxsize=1)
def contexts() -> frozenset[str]:
    """The PLOVER context labels."""
    return frozenset(_plover()["contexts"])


@functools.lru_cache(maxsize=1)
def _cameo_table() -> dict[str, CameoEntry]:
    out: dict[str, CameoEntry] = {}
    for code, plover, mode, ctx, desc in read_tsv(
        data_file("ontology", "cameo2plover.tsv"), columns=5
    ):
        if code == "cameo":  # the header row
            continue
        out[code] = CameoEntry(code, plover, mode, tuple(c for c in ctx.split(";") if c), desc)
    return out


def cameo_entry(code: str) -> CameoEntry | None:
    """The PLOVER coding of a (3- or 4-digit) CAMEO code, from the CAMEO-to-PLOVER table."""
    return _cameo_table().get(code)
