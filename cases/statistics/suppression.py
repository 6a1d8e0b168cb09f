"""Small-cell suppression for the public figures.

Primary suppression: a count of at least 1 and below the threshold (STATISTICS_SUPPRESSION_THRESHOLD,
default 5) is not published, nor the value that goes with it.

Complementary suppression: a published table shows its row and column totals, so a single hidden cell
in a row or a column could be recovered by subtraction. Each row and each column (the totals included
as members of the lines they close) is therefore checked: where exactly one member is hidden, the
smallest other non-zero member of that line is hidden too, and the check repeats until no line has a
single hidden member. Zeros stay visible: a zero identifies no one. What this does not guarantee: it is
the usual line-by-line rule, not a full linear-programming audit of every combination of lines.
"""

from decimal import Decimal

HIDDEN = None


def suppress_matrix(cells: list[list[int]], threshold: int) -> list[list[bool]]:
    """Which cells of `cells` extended with totals to hide.

    `cells` is R rows by C columns of counts. The answer is (R + 1) by (C + 1): the last column is the
    row totals, the last row the column totals, the corner the grand total.
    """
    rows, cols = len(cells), len(cells[0]) if cells else 0
    grid = [list(row) + [sum(row)] for row in cells]
    grid.append([sum(grid[r][c] for r in range(rows)) for c in range(cols + 1)])
    hidden = [[0 < grid[r][c] < threshold for c in range(cols + 1)] for r in range(rows + 1)]
    # Lines: each row with its total, each column with its total (a single-column table's rows are
    # their own totals, so only the columns are lines).
    lines = [[(r, c) for c in range(cols + 1)] for r in range(rows + 1)] if cols > 1 else []
    lines += [[(r, c) for r in range(rows + 1)] for c in range(cols + 1)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden_members = [cell for cell in line if hidden[cell[0]][cell[1]]]
            if len(hidden_members) != 1:
                continue
            candidates = [cell for cell in line if not hidden[cell[0]][cell[1]] and grid[cell[0]][cell[1]] > 0]
            if not candidates:
                continue
            r, c = min(candidates, key=lambda cell: (grid[cell[0]][cell[1]], cell))
            hidden[r][c] = True
            changed = True
    if cols == 1:
        # The single column's cells are the rows' totals too.
        for r in range(rows + 1):
            hidden[r][1] = hidden[r][0]
    return hidden


def suppress_table(table: dict, threshold: int) -> dict:
    """A public copy of a breakdown (cases.statistics.figures._breakdown): hidden counts and values are None."""
    keys = [column["key"] for column in table["columns"]]
    cells = [[row["counts"][k] for k in keys] for row in table["rows"]]
    if not cells:
        return {**table, "rows": [], "column_totals": dict.fromkeys(keys, 0), "total": 0, "value": Decimal(0)}
    hidden = suppress_matrix(cells, threshold)
    # Values: a row's value is hidden with its total; the values then close on the grand value like a column.
    value_hidden = suppress_matrix([[row["total"]] for row in table["rows"]], threshold)
    value_hidden = [hidden[r][-1] or value_hidden[r][0] for r in range(len(cells))]
    if sum(value_hidden) == 1:
        visible = [r for r in range(len(cells)) if not value_hidden[r] and table["rows"][r]["total"] > 0]
        if visible:
            value_hidden[min(visible, key=lambda r: (table["rows"][r]["total"], r))] = True
    rows = []
    for r, row in enumerate(table["rows"]):
        rows.append({
            "key": row["key"], "label": row["label"],
            "counts": {k: HIDDEN if hidden[r][c] else row["counts"][k] for c, k in enumerate(keys)},
            "total": HIDDEN if hidden[r][-1] else row["total"],
            "value": HIDDEN if value_hidden[r] else row["value"],
        })
    last = len(cells)
    column_totals = {k: HIDDEN if hidden[last][c] else sum(cell[c] for cell in cells) for c, k in enumerate(keys)}
    grand = sum(sum(cell) for cell in cells)
    return {"columns": table["columns"], "rows": rows, "column_totals": column_totals,
            "total": HIDDEN if hidden[last][-1] else grand,
            "value": HIDDEN if 0 < grand < threshold else sum((row["value"] for row in table["rows"]), Decimal(0))}
