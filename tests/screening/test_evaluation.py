"""The labelled evaluation set (benchmarks/data/screening_evaluation.csv) meets the goals of the spec."""

import csv
from collections import Counter

from cases.screening.evaluation import EVALUATION_SET, evaluate


def _rows():
    with EVALUATION_SET.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_evaluation_set_has_every_category_and_enough_hard_negatives():
    counts = Counter(row["category"] for row in _rows())
    assert len(_rows()) >= 60
    assert counts["negative"] >= 20
    assert {"exact", "alias", "reordered", "legal-form", "romanisation", "chinese", "typo"} <= set(counts)


def test_recall_is_at_least_095_and_precision_at_least_09():
    result = evaluate()
    assert result.recall >= 0.95
    assert result.precision >= 0.9


def test_every_hard_negative_stays_clear():
    result = evaluate()
    raised = [row["declared_name"] for row, outcome, _ in result.outcomes if outcome == "false_positive"]
    assert raised == []
