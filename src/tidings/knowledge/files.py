"""The one way tidings reads its knowledge files: tab-separated tables and YAML documents.

Every failure is a :class:`~tidings.errors.ConfigError` naming the file. :func:`read_yaml`
refuses documents over a size limit and documents with more aliases than a limit (a few
anchors expanded many times over – a "billion laughs" – would exhaust memory), so it is safe
for files a user supplies as well as the shipped ones.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from tidings.errors import ConfigError

MAX_YAML_BYTES = 8 * 1024 * 1024
MAX_YAML_ALIASES = 100
MAX_YAML_NODES = 1_000_000

Source = Path | Traversable


def data_file(*parts: str) -> Traversable:
    """A file shipped under ``tidings/data`` (``data_file("places", "lexicon.yaml")``)."""
    return resources.files("tidings").joinpath("data", *parts)


def read_text(source: Source, *, max_bytes: int | None = None) -> str:
    """The UTF-8 text of ``source``; a coded error naming it when it cannot be read."""
    try:
        raw = source.read_bytes()
    except (OSError, ModuleNotFoundError) as e:
        raise ConfigError(f"cannot read {source}: {e}") from e
    if max_bytes is not None and len(raw) > max_bytes:
        raise ConfigError(f"{source} is {len(raw)} bytes, over the limit of {max_bytes}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ConfigError(f"{source} is not UTF-8 text: {e}") from e


def read_tsv(source: Source, *, columns: int | None = None) -> list[list[str]]:
    """The rows of a tab-separated table: blank lines and ``#`` comments skipped, cells
    stripped. With ``columns``, short rows are padded with "" and a longer row is an error."""
    rows: list[list[str]] = []
    for number, line in enumerate(read_text(source).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if columns is not None:
            if len(cells) > columns:
                raise ConfigError(
                    f"{source} line {number}: {len(cells)} columns, at most {columns} expected"
                )
            cells += [""] * (columns - len(cells))
        rows.append(cells)
    return rows


class _LimitedLoader(yaml.SafeLoader):
    """A safe loader that counts the aliases it resolves and stops past a limit, and stops
    when the document would expand (aliases followed) past ``max_nodes`` nodes: a few dozen
    aliases nested three deep already expand to billions."""

    max_aliases = MAX_YAML_ALIASES
    max_nodes = MAX_YAML_NODES

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases_seen = 0
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases_seen += 1
            if self.aliases_seen > self.max_aliases:
                raise yaml.YAMLError(f"more than {self.max_aliases} aliases")
        node = super().compose_node(parent, index)
        size = self._sizes.get(id(node))
        if size is None:
            children: list[Any] = []
            if isinstance(node, yaml.SequenceNode):
                children = list(node.value)
            elif isinstance(node, yaml.MappingNode):
                children = [part for pair in node.value for part in pair]
            size = 1 + sum(self._sizes.get(id(c), 1) for c in children)
            self._sizes[id(node)] = size
        if size > self.max_nodes:
            raise yaml.YAMLError(f"expands through aliases to more than {self.max_nodes} nodes")
        return node


_FAST_LOADER: type[Any] | None = getattr(yaml, "CSafeLoader", None)


def _nodes(data: Any, limit: int) -> int:
    """How many YAML nodes ``data`` (loaded without aliases: a tree) holds, counting stops
    past ``limit``."""
    count, todo = 0, [data]
    while todo and count <= limit:
        item = todo.pop()
        count += 1
        if isinstance(item, dict):
            todo.extend(item.keys())
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return count


def read_yaml(
    source: Source,
    *,
    max_bytes: int = MAX_YAML_BYTES,
    max_aliases: int = MAX_YAML_ALIASES,
) -> Any:
    """The YAML document in ``source``, read with the safe loader within the limits.

    A document without anchors (no ``&``, so no alias can be resolved) is read by libyaml's
    ``CSafeLoader`` where PyYAML has it, several times faster than the pure-Python loader,
    and its size in nodes is counted on the result; any other goes through the counting
    loader."""
    text = read_text(source, max_bytes=max_bytes)
    if _FAST_LOADER is not None and "&" not in text:
        try:
            data = yaml.load(text, Loader=_FAST_LOADER)  # libyaml, safe
        except yaml.YAMLError as e:
            raise ConfigError(f"{source} is not valid YAML: {e}") from e
        if _nodes(data, _LimitedLoader.max_nodes) > _LimitedLoader.max_nodes:
            raise ConfigError(
                f"{source} is not valid YAML: more than {_LimitedLoader.max_nodes} nodes"
            )
        return data
    loader = _LimitedLoader(text)
    loader.max_aliases = max_aliases
    try:
        return loader.get_single_data()
    except yaml.YAMLError as e:
        raise ConfigError(f"{source} is not valid YAML: {e}") from e
    finally:
        loader.dispose()
