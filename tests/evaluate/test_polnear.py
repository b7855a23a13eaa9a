"""The PolNeAR scorer: brat parsing, merging annotators, matching, and the whole-set floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.evaluate.polnear import (
    Article,
    Attribution,
    Predicted,
    Tally,
    load_articles,
    merge_annotators,
    read_ann,
    score_docs,
    tidings_predictions,
)

ANN = """T1\tSource 0 6\tPutin
T2\tCue 7 11\tsaid
T3\tContent 12 20;25 30\twe will … peace
T4\tAttribution 7 11\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tContent 40 50\tno source
T6\tAttribution 35 39\tnote
E2\tAttribution:T6 Content:T5
T7\tCue 60 64\tlone
"""

TEXT = "alpha beta gamma delta. epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi."


def test_polnear_read_ann_links_content_source_and_discontinuous_spans() -> None:
    atts = read_ann(ANN)
    assert atts == [
        Attribution(content=((12, 20), (25, 30)), sources=((0, 6),)),
        Attribution(content=((40, 50),), sources=()),
    ]


def _att(start: int, end: int, source: tuple[int, int] | None = None) -> Attribution:
    return Attribution(content=((start, end),), sources=(source,) if source else ())


def test_polnear_merge_keeps_what_half_the_annotators_agree_on() -> None:
    common = _att(24, 46, (0, 5))  # "epsilon zeta eta theta"
    near = _att(24, 40, (6, 10))  # "epsilon zeta eta" shares 3 of 4 words
    lone = _att(58, 81)  # one annotator only
    merged = merge_annotators(TEXT, [[common, lone], [near], [], []])
    assert len(merged) == 1
    assert merged[0].content in (common.content, near.content)
    assert set(merged[0].sources) == {(0, 5), (6, 10)}


def test_polnear_merge_drops_a_minority_attribution() -> None:
    assert merge_annotators(TEXT, [[_att(0, 22)], [], [], [], []]) == []


def test_polnear_tally_matches_half_the_words_one_to_one() -> None:
    article = Article("a", TEXT, (_att(24, 46, (0, 5)), _att(58, 81, (6, 10))), 1)
    tally = Tally()
    tally.add(
        article,
        [
            Predicted((24, 40), ((0, 5),)),  # 3 of 4 words: a match, speaker right
            Predicted((24, 36), ()),  # would match the same gold again: not counted
            Predicted((52, 57), ()),  # "kappa": no gold
        ],
    )
    metrics = tally.metrics("x.")
    assert metrics["x.precision"] == pytest.approx(1 / 3)
    assert metrics["x.recall"] == pytest.approx(1 / 2)
    assert metrics["x.speaker_acc"] == 1.0


def test_polnear_tally_speaker_wrong_when_disjoint_and_other_head() -> None:
    article = Article("a", TEXT, (_att(24, 46, (0, 5)),), 1)
    tally = Tally()
    tally.add(article, [Predicted((24, 46), ((6, 10),))])
    assert tally.metrics("x.")["x.speaker_acc"] == 0.0


@pytest.mark.slow
def test_polnear_whole_set_meets_targets(dev_dir: Path) -> None:
    from tidings.nlp import load_model

    articles = load_articles(dev_dir)
    docs = list(load_model().pipe(a.text for a in articles))
    metrics = score_docs(articles, docs, tidings_predictions).metrics("polnear.")
    assert metrics["polnear.content_f1"] >= 0.65
    assert metrics["polnear.speaker_acc"] >= 0.85


@pytest.mark.slow
def test_polnear_evaluate_reports_all_metrics(pipeline, dev_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from tidings.evaluate.polnear import evaluate

    scores = evaluate(pipeline, dev_dir)
    for name in ("content_f1", "precision", "recall", "speaker_acc"):
        assert 0.0 <= scores[f"polnear.{name}"] <= 1.0
    assert "polnear.textacy_content_f1" in scores or "polnear.textacy_reference_f1" in scores
