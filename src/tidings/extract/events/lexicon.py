"""The trigger lexicon and word lists (``tidings/data/events``), read once per process."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from tidings.errors import ConfigError
from tidings.knowledge.files import data_file, read_yaml
from tidings.ontology import plover_types

__all__ = ["Entry", "Words", "entries_for", "lexicon", "words"]

_SIZE_FIELDS = {"dead", "injured", "arrested", "participants"}
_PATIENT_ROLES = {"recipient", "theme", "none", "victim-subject"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry: what a trigger word codes as, and when it applies."""

    id: str
    lemma: str
    rest: tuple[str, ...]
    type: str
    pos: frozenset[str] = frozenset()
    mode: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    cameo: str | None = None
    acled: tuple[str, str] | None = None
    strength: float = 0.5
    size: str | None = None
    patient: str = "recipient"
    casualty: bool = False
    speech: bool = False
    obj: frozenset[str] = frozenset()
    obj_any: frozenset[str] = frozenset()
    prt: frozenset[str] = frozenset()
    prep_obj: tuple[frozenset[str], frozenset[str]] | None = None
    prev: frozenset[str] = frozenset()
    mod: frozenset[str] = frozenset()
    not_mod: frozenset[str] = frozenset()
    neg: bool = False
    passive: bool | None = None
    person: str | None = None  # "strict": needs a person object; "soft": only if any
    subj_any: frozenset[str] = frozenset()
    place: bool = False  # needs a place object: a named place, or a place or target noun


@dataclass(frozen=True, slots=True)
class Words:
    """The word lists of ``words.yaml`` as sets and maps."""

    lists: dict[str, frozenset[str]] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    multipliers: dict[str, int] = field(default_factory=dict)
    vague: dict[str, int] = field(default_factory=dict)
    mode_cues: dict[str, frozenset[str]] = field(default_factory=dict)
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.lists[name]


def _read_yaml(name: str) -> dict[str, Any]:
    """A shipped ``data/events`` file; a coded error naming the file when it is unreadable,
    not YAML, or not a mapping."""
    source = data_file("events", name)
    data = read_yaml(source)
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping, not {type(data).__name__}")
    return data


def _fs(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset({value.lower()})
    if any(isinstance(v, bool) for v in value):
        # YAML reads bare on/off/yes/no as booleans: quote them in word lists
        raise ConfigError(f"a word list holds a boolean (quote on/off/yes/no): {value!r}")
    return frozenset(str(v).lower() for v in value)


def _person_rule(value: Any) -> str | None:
    if value is None or value is False:
        return None
    if value is True or value == "strict":
        return "strict"
    if value == "soft":
        return "soft"
    raise ConfigError(f"person must be true, 'soft' or absent, not {value!r}")


def _flag(spec: dict[str, Any], key: str) -> bool:
    value = spec.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(f"trigger entry {spec.get('id')!r}: {key} must be true or false")
    return value


def _entry(spec: dict[str, Any], lemma: str) -> Entry:
    words = lemma.lower().split()
    etype = str(spec["type"])
    if etype not in plover_types():
        raise ConfigError(f"trigger entry {spec.get('id')!r}: unknown type {etype!r}")
    size = spec.get("size")
    if size is not None and size not in _SIZE_FIELDS:
        raise ConfigError(f"trigger entry {spec['id']!r}: unknown size field {size!r}")
    patient = str(spec.get("patient", "recipient"))
    if patient not in _PATIENT_ROLES:
        raise ConfigError(f"trigger entry {spec['id']!r}: unknown patient role {patient!r}")
    acled = spec.get("acled")
    prep_obj = spec.get("prep_obj")
    return Entry(
        id=str(spec["id"]),
        lemma=words[0],
        rest=tuple(words[1:]),
        type=etype,
        pos=frozenset(str(p).upper() for p in _fs(spec.get("pos")) if p != "any"),
        mode=tuple(spec.get("mode") or ()),
        context=tuple(spec.get("context") or ()),
        cameo=spec.get("cameo"),
        acled=(str(acled[0]), str(acled[1])) if acled else None,
        strength=float(spec.get("strength", 0.5)),
        size=size,
        patient=patient,
        casualty=bool(spec.get("casualty", False)),
        speech=bool(spec.get("speech", False)),
        obj=_fs(spec.get("obj")),
        obj_any=_fs(spec.get("obj_any")),
        prt=_fs(spec.get("prt")),
        prep_obj=(_fs(prep_obj["prep"]), _fs(prep_obj["obj"])) if prep_obj else None,
        prev=_fs(spec.get("prev")),
        mod=_fs(spec.get("mod")),
        not_mod=_fs(spec.get("not_mod")),
        neg=bool(spec.get("neg", False)),
        passive=spec.get("passive"),
        person=_person_rule(spec.get("person")),
        subj_any=_fs(spec.get("subj_any")),
        place=_flag(spec, "place"),
    )


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[Entry, ...]]:
    """Lemma -> the entries it may trigger, in file order (first match wins)."""
    index: dict[str, list[Entry]] = {}
    for spec in _read_yaml("triggers.yaml")["entries"]:
        for lemma in spec["lemmas"]:
            e = _entry(spec, str(lemma))
            index.setdefault(e.lemma, []).append(e)
    # a multi-word entry is the more specific reading of its first word ("back down" before
    # "back", "gun down" before "gun"): it is tried first, otherwise in file order
    return {k: tuple(sorted(v, key=lambda e: not e.rest)) for k, v in index.items()}


def entries_for(lemma: str) -> tuple[Entry, ...]:
    return lexicon().get(lemma, ())


@functools.lru_cache(maxsize=1)
def words() -> Words:
    """The word lists of ``data/events/words.yaml``."""
    data = _read_yaml("words.yaml")
    lists: dict[str, frozenset[str]] = {}
    phrases: dict[str, tuple[str, ...]] = {}
    for key, value in data.items():
        if isinstance(value, list):
            lists[key] = _fs(value)
            phrases[key] = tuple(str(v).lower() for v in value if " " in str(v))
    return Words(
        lists=lists,
        numbers={str(k).lower(): int(v) for k, v in data["number_words"].items()},
        multipliers={str(k).lower(): int(v) for k, v in data["multipliers"].items()},
        vague={str(k).lower(): int(v) for k, v in data["vague_quantities"].items()},
        mode_cues={str(k): _fs(v) for k, v in data["mode_cues"].items()},
        phrases=phrases,
    )


def names_security_force(
    phrases: list[str], lists: tuple[str, ...] = ("armed_nouns", "police_nouns")
) -> bool:
    """Whether any phrase names an armed or police side ("troops", "the police", "a constable");
    ``lists`` names the ``words.yaml`` lists to look in."""
    w = words()
    armed = frozenset().union(*(w[name] for name in lists))
    for text in phrases:
        forms = {t.strip(".,;:'\"").lower() for t in text.split()}
        if (forms | {f[:-1] for f in forms if f.endswith("s")}) & armed:
            return True
    return False
