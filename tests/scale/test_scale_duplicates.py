"""Duplicates across Dask tasks, exact and near: the later copies are marked and lose their
events."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq

from tidings.clean.duplicates import Deduplicator
from tidings.records import DocumentResult
from tidings.scale._duplicates import mark_duplicates
from tidings.scale._parquet import PartRows, read_manifest, write_parts
from tidings.scale._regroup import regroup_parts

STORY = (
    "Security forces opened fire on protesters in the northern city on Friday, killing at "
    "least twelve people and wounding dozens more, according to witnesses and hospital staff. "
    "The government said the troops had come under attack and blamed armed groups for the "
    "violence, which followed weeks of demonstrations over rising fuel prices."
)
OTHER = "Parliament passed the budget bill after a long debate over spending on schools today."


def _write(
    out: str,
    key: str,
    docs: list[tuple[str, str]],
    report: Callable[..., DocumentResult],
    texts: dict[str, str] | None = None,
) -> None:
    rows = PartRows()
    for doc_id, digest in docs:
        rows.add_result(report(doc_id), content_hash=digest, source_path=key)
        if texts:  # what the task keeps of each coded text
            signature = Deduplicator().signature(texts[doc_id]).to_bytes()
            rows.signatures.append({"id": doc_id, "signature": signature})
    write_parts(out, key, rows, {"input": key})


def _table(out: str, kind: str) -> list[dict[str, object]]:
    return [
        r for p in sorted(Path(out, kind).glob("*/*.parquet")) for r in pq.read_table(p).to_pylist()
    ]


def test_scale_duplicates_across_tasks_marked_in_input_order(
    tmp_path: Path, riverton_report: Callable[..., DocumentResult]
) -> None:
    out = str(tmp_path / "out")
    _write(out, "b-second", [("b1", "same"), ("b2", "other")], riverton_report)
    _write(out, "a-first", [("a1", "same"), ("a2", "unique")], riverton_report)
    _write(out, "c-third", [("c1", "same"), ("c2", "other")], riverton_report)
    # the run's order is b, a, c (not the keys' order): b1 and b2 are the first copies
    assert mark_duplicates(out, ["b-second", "a-first", "c-third"]) == (3, 3)
    docs = {d["id"]: d for d in _table(out, "documents")}
    assert {k: d["duplicate_of"] for k, d in docs.items()} == {
        "b1": None, "b2": None, "a1": "b1", "a2": None, "c1": "b1", "c2": "b2",
    }  # fmt: skip
    assert docs["a1"]["events"] == 0 and docs["b1"]["events"] == 1
    assert sorted(e["doc_id"] for e in _table(out, "events")) == ["a2", "b1", "b2"]
    full = [r for p in Path(out, "_events").glob("*.parquet") for r in pq.read_table(p).to_pylist()]
    assert sorted(r["doc_id"] for r in full) == ["a2", "b1", "b2"]
    # the manifests still hold (a resumed run skips these tasks) and a second pass is a no-op
    assert all(read_manifest(out, k) is not None for k in ("a-first", "b-second", "c-third"))
    assert mark_duplicates(out, ["b-second", "a-first", "c-third"]).documents == 0
    assert regroup_parts(out) == 0  # the duplicates' copies of the event are gone


def test_scale_duplicates_within_one_task_left_to_the_task(
    tmp_path: Path, riverton_report: Callable[..., DocumentResult]
) -> None:
    out = str(tmp_path / "out")
    _write(out, "only", [("x1", "same"), ("x2", "same")], riverton_report)
    assert mark_duplicates(out, ["only"]).documents == 0


def test_scale_near_duplicates_across_tasks_marked_from_their_signatures(
    tmp_path: Path, riverton_report: Callable[..., DocumentResult]
) -> None:
    out = str(tmp_path / "out")
    texts = {
        "a1": STORY,
        "a2": OTHER,
        "b1": "UPDATE: " + STORY + " Reuters contributed.",  # lightly edited: near
        "b2": "Farmers blocked roads in Lima on Friday to demand higher prices for their crops.",
        "c1": OTHER.upper(),  # the same words: exact by text, though its hash differs
    }
    _write(out, "a", [("a1", "h1"), ("a2", "h2")], riverton_report, texts)
    _write(out, "b", [("b1", "h3"), ("b2", "h4")], riverton_report, texts)
    _write(out, "c", [("c1", "h5")], riverton_report, texts)
    assert mark_duplicates(out, ["a", "b", "c"]) == (0, 0)  # no threshold: exact hashes only
    assert mark_duplicates(out, ["a", "b", "c"], threshold=0.8) == (2, 2)
    docs = {d["id"]: d for d in _table(out, "documents")}
    assert {k: d["duplicate_of"] for k, d in docs.items()} == {
        "a1": None, "a2": None, "b1": "a1", "b2": None, "c1": "a2",
    }  # fmt: skip
    assert sorted(e["doc_id"] for e in _table(out, "events")) == ["a1", "a2", "b2"]
    assert mark_duplicates(out, ["a", "b", "c"], threshold=0.8) == (0, 0)  # a second pass
    assert all(read_manifest(out, k) is not None for k in ("a", "b", "c"))


def test_scale_near_duplicates_within_one_task_left_to_the_task(
    tmp_path: Path, riverton_report: Callable[..., DocumentResult]
) -> None:
    out = str(tmp_path / "out")
    texts = {"x1": STORY, "x2": "UPDATE: " + STORY}
    _write(out, "only", [("x1", "h1"), ("x2", "h2")], riverton_report, texts)
    assert mark_duplicates(out, ["only"], threshold=0.8).documents == 0
