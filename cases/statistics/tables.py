"""The figures as plain tables (header + rows), and their CSV and XLSX downloads.

Every text cell that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a
carriage return) is written with a leading apostrophe, so a name typed into a record cannot run as a
formula in the reader's spreadsheet (CSV injection). Numbers stay numbers.
"""

import io
from decimal import Decimal

from openpyxl import Workbook

from cases.csv_safety import SafeWriter, neutralise

SUPPRESSED = "suppressed"


def _cell(value):
    if value is None:
        return SUPPRESSED
    return value


def _breakdown_table(table: dict, dimension: str, with_value: bool = True) -> tuple[list[str], list[list]]:
    header = [dimension] + [column["label"] for column in table["columns"]] + ["Total"]
    if with_value:
        header.append("Value (USD)")
    rows = []
    for row in table["rows"]:
        line = [row["label"]] + [_cell(row["counts"][c["key"]]) for c in table["columns"]] + [_cell(row["total"])]
        if with_value:
            line.append(_cell(row["value"]))
        rows.append(line)
    return header, rows


def _outcomes(figures: dict) -> tuple[list[str], list[list]]:
    totals = figures["totals"]
    if "outcomes" in totals:  # staff figures
        rows = [[o["label"], o["count"], o["value"]] for o in totals["outcomes"]]
        rows.append(["All outcomes", totals["count"], totals["value"]])
        return ["Outcome", "Shipments", "Value (USD)"], rows
    row = totals["rows"][0] if totals["rows"] else None
    rows = [[c["label"], _cell(row["counts"][c["key"]]) if row else 0, ""] for c in totals["columns"]]
    rows.append(["All outcomes", _cell(row["total"]) if row else 0, _cell(row["value"]) if row else 0])
    return ["Outcome", "Shipments", "Value (USD)"], rows


def _clocks(figures):
    header = ["Clock", "Citation", "Met on time", "Met late", "Lapsed", "Total", "On time (%)"]
    return header, [[c["label"], c["citation"], c["on_time"], c["late"], c["lapsed"], c["total"],
                     "" if c["on_time_share"] is None else c["on_time_share"]] for c in figures["clocks"]]


def _orders(figures):
    header = ["Type", "Reference", "Entity or region", "Country", "Merchandise", "Effective", "Status"]
    with_detentions = any("detentions" in o for o in figures["orders"])
    if with_detentions:
        header.append("Detentions in the period")
    rows = []
    for o in figures["orders"]:
        line = [o["kind"], o["reference"], o["entity_name"], o["country"], o["merchandise"],
                o["effective_date"].isoformat(), o["status"]]
        if with_detentions:
            line.append(o["detentions"])
        rows.append(line)
    return header, rows


def _decision_time(figures):
    d = figures["decision_time"]
    return ["Detentions decided", "Median days to decision", "90th percentile days"], [
        [d["decided"], "" if d["median_days"] is None else d["median_days"],
         "" if d["p90_days"] is None else d["p90_days"]]]


def _counts(rows, noun):
    return ["Status", noun], [[r["label"], r["count"]] for r in rows]


TABLES = {
    "outcomes": ("Shipments by outcome", _outcomes),
    "month": ("Shipments by month and outcome", lambda f: _breakdown_table(f["by_month"], "Month")),
    "industry": ("Shipments by industry and outcome", lambda f: _breakdown_table(f["by_industry"], "Industry")),
    "country": ("Shipments by country of origin", lambda f: _breakdown_table(f["by_country"], "Country of origin")),
    "basis": ("Shipments by legal basis", lambda f: _breakdown_table(f["by_basis"], "Basis")),
    "port": ("Shipments by port", lambda f: _breakdown_table(f["by_port"], "Port")),
    "decision-time": ("Time to decision", _decision_time),
    "clocks": ("Statutory clocks: compliance", _clocks),
    "orders": ("WROs and Findings in force", _orders),
    "rfis": ("Requests for information", lambda f: _counts(f["rfis"], "Requests")),
    "protests": ("Protests", lambda f: _counts(f["protests"], "Protests")),
}
PUBLIC_TABLES = ("outcomes", "month", "industry", "country", "orders")


def table(figures: dict, name: str) -> tuple[str, list[str], list[list]]:
    title, build = TABLES[name]
    header, rows = build(figures)
    return title, header, rows


def to_csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(title: str, header: list[str], rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([neutralise(h) for h in header])
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else neutralise(v) for v in row])
    for column in sheet.iter_cols():
        for cell in column:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
