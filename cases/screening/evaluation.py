"""Precision and recall of the name matcher on the labelled evaluation set (benchmarks/data/).

Each row is a declared manufacturer name and the entity of the shipped UFLPA Entity List it should
raise (blank for a hard negative). A row counts as:

- true positive: a listed entity is expected and the best hit is that entity;
- wrong entity: an entity is expected and the best hit is another one (a false positive and a miss);
- false negative: an entity is expected and nothing is raised;
- false positive: a hard negative raises a hit;
- true negative: a hard negative raises nothing.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from cases.screening.lists import parse_list_file
from cases.screening.matcher import DEFAULT_THRESHOLD, BlockingIndex

ROOT = Path(__file__).resolve().parents[2]
EVALUATION_SET = ROOT / "benchmarks" / "data" / "screening_evaluation.csv"
SHIPPED_LIST = Path(__file__).resolve().parent / "data" / "uflpa_entity_list.csv"


@dataclass
class Evaluation:
    outcomes: list[tuple[dict, str, str]] = field(default_factory=list)  # (row, outcome, best hit)

    @property
    def counts(self) -> Counter:
        return Counter(outcome for _row, outcome, _hit in self.outcomes)

    @property
    def precision(self) -> float:
        c = self.counts
        raised = c["true_positive"] + c["false_positive"] + c["wrong_entity"]
        return c["true_positive"] / raised if raised else 1.0

    @property
    def recall(self) -> float:
        c = self.counts
        expected = c["true_positive"] + c["false_negative"] + c["wrong_entity"]
        return c["true_positive"] / expected if expected else 1.0

    def by_category(self) -> dict[str, Counter]:
        table: dict[str, Counter] = {}
        for row, outcome, _hit in self.outcomes:
            table.setdefault(row["category"], Counter())[outcome] += 1
        return table


def shipped_index() -> BlockingIndex:
    index = BlockingIndex()
    for row in parse_list_file(SHIPPED_LIST.read_bytes(), "entities"):
        index.add(row["name"], row["name"], row["aliases"])  # entity id: its listed name
    return index


def evaluate(index: BlockingIndex | None = None, threshold: float = DEFAULT_THRESHOLD,
             path: Path = EVALUATION_SET) -> Evaluation:
    index = index or shipped_index()
    result = Evaluation()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            matches = index.search(row["declared_name"], threshold)
            best = matches[0].entity_id if matches else ""
            expected = row["expected_entity"].strip()
            if expected:
                outcome = "true_positive" if best == expected else ("wrong_entity" if best else "false_negative")
            else:
                outcome = "false_positive" if best else "true_negative"
            result.outcomes.append((row, outcome, best))
    return result
