"""The one knowledge-file reader: coded errors naming the file, YAML within limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.errors import ConfigError
from tidings.knowledge import files
from tidings.knowledge.files import data_file, read_tsv, read_yaml


def test_files_tsv_skips_comments_and_pads(tmp_path: Path) -> None:
    path = tmp_path / "t.tsv"
    path.write_text("# comment\n\na\tb\nc\n", encoding="utf-8")
    assert read_tsv(path, columns=2) == [["a", "b"], ["c", ""]]


def test_files_tsv_too_many_columns_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "wide.tsv"
    path.write_text("a\tb\tc\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"wide\.tsv line 1"):
        read_tsv(path, columns=2)


def test_files_missing_file_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"missing\.yaml") as info:
        read_yaml(tmp_path / "missing.yaml")
    assert info.value.code == "E200"


def test_files_yaml_alias_bomb_refused(tmp_path: Path) -> None:
    # nine levels of a dozen references: 12**9 strings once expanded
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 12)}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bomb\.yaml.*aliases"):
        read_yaml(path)


def test_files_yaml_few_aliases_allowed(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("base: &b {x: 1}\none: *b\ntwo: *b\n", encoding="utf-8")
    assert read_yaml(path) == {"base": {"x": 1}, "one": {"x": 1}, "two": {"x": 1}}


def test_files_yaml_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("k: " + "x" * 200 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"big\.yaml.*over the limit"):
        read_yaml(path, max_bytes=100)


def test_files_yaml_unsafe_tags_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("!!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"evil\.yaml"):
        read_yaml(path)


def test_files_shipped_yaml_reads() -> None:
    assert "directions" in read_yaml(data_file("places", "lexicon.yaml"))


def test_files_yaml_without_anchors_node_limit(tmp_path: Path) -> None:
    # no anchors: libyaml reads it, and the node count still applies
    path = tmp_path / "wide.yaml"
    path.write_text("k: [" + ", ".join(["1"] * 2000) + "]\n", encoding="utf-8")
    limited = files._LimitedLoader.max_nodes
    files._LimitedLoader.max_nodes = 1000
    try:
        with pytest.raises(ConfigError, match=r"wide\.yaml.*1000 nodes"):
            read_yaml(path)
    finally:
        files._LimitedLoader.max_nodes = limited
    assert read_yaml(path) == {"k": [1] * 2000}


@pytest.mark.parametrize(
    ("directory", "name"),
    [("places", "lexicon.yaml"), ("events", "triggers.yaml"), ("events", "words.yaml")],
)
def test_files_fast_and_counting_loaders_agree(directory: str, name: str) -> None:
    import yaml

    source = data_file(directory, name)
    assert read_yaml(source) == yaml.load(source.read_text("utf-8"), Loader=yaml.SafeLoader)
