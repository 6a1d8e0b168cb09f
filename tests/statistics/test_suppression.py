"""The public suppression rule on hand-made tables (threshold 5)."""

from decimal import Decimal

import pytest

from cases.statistics.suppression import suppress_matrix, suppress_table


def _table(rows):
    columns = [{"key": k, "label": k} for k in ("a", "b", "c")]
    return {"columns": columns, "rows": [
        {"key": name, "label": name, "counts": dict(zip("abc", counts, strict=True)), "total": sum(counts),
         "value": Decimal(100 * sum(counts))} for name, counts in rows]}


def test_counts_under_the_threshold_are_hidden_and_zero_and_five_are_shown():
    hidden = suppress_matrix([[0, 4, 10], [5, 0, 20]], threshold=5)
    assert hidden[0][0] is False and hidden[1][1] is False  # zeros identify no one
    assert hidden[0][1] is True  # 4 < 5
    assert not any(any(row) for row in suppress_matrix([[5, 10], [20, 30]], threshold=5))  # 5 is publishable


def test_a_single_hidden_cell_in_a_row_gets_a_complement_so_the_total_cannot_reveal_it():
    # Row x: 3 is below 5; with the row total 3 + 40 + 50 = 93 published, 3 = 93 - 40 - 50.
    public = suppress_table(_table([("x", [3, 40, 50]), ("y", [30, 60, 70])]), threshold=5)
    x = public["rows"][0]["counts"]
    hidden_in_row = [k for k, v in x.items() if v is None]
    assert len(hidden_in_row) >= 2
    assert "a" in hidden_in_row


def test_no_hidden_cell_can_be_recovered_from_any_published_row_or_column_total():
    table = _table([("x", [3, 40, 50]), ("y", [30, 2, 70]), ("z", [12, 16, 9])])
    public = suppress_table(table, threshold=5)
    grid = [[public["rows"][r]["counts"][k] for k in "abc"] + [public["rows"][r]["total"]] for r in range(3)]
    grid.append([public["column_totals"][k] for k in "abc"] + [public["total"]])
    lines = [grid[r] for r in range(4)] + [[grid[r][c] for r in range(4)] for c in range(4)]
    for line in lines:
        assert sum(1 for v in line if v is None) != 1, line


def test_a_small_row_total_hides_its_cells_and_its_value():
    public = suppress_table(_table([("x", [1, 1, 1]), ("y", [30, 60, 70]), ("w", [20, 20, 20])]), threshold=5)
    x = public["rows"][0]
    assert x["total"] is None and x["value"] is None
    assert all(v is None for v in x["counts"].values())
    # Its value would follow from the grand value, so another row's value is hidden with it.
    assert sum(1 for row in public["rows"] if row["value"] is None) >= 2


def test_a_one_column_list_hides_a_second_entry_beside_a_small_one():
    columns = [{"key": "n", "label": "n"}]
    table = {"columns": columns, "rows": [
        {"key": k, "label": k, "counts": {"n": n}, "total": n, "value": Decimal(n)} for k, n in
        (("CN", 50), ("VN", 20), ("MY", 2))]}
    public = suppress_table(table, threshold=5)
    shown = {row["key"]: row["total"] for row in public["rows"]}
    assert shown["MY"] is None and shown["VN"] is None and shown["CN"] == 50
    assert public["total"] == 72


@pytest.mark.parametrize("threshold", [3, 10])
def test_the_threshold_decides_what_is_hidden(threshold):
    public = suppress_table(_table([("x", [4, 40, 50]), ("y", [30, 60, 70])]), threshold=threshold)
    assert (public["rows"][0]["counts"]["a"] is None) == (threshold > 4)
