"""Every CSV the system writes goes through here: a cell that a spreadsheet would run as a formula is
neutralised (OWASP "CSV injection"): text starting with =, +, -, @, a tab or a carriage return gets a
leading apostrophe, so the spreadsheet shows it as text. Numbers, dates and empty cells are untouched.
"""

import csv

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer whose rows are neutralised cell by cell."""

    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([neutralise(value) for value in row])


class Echo:
    """A file-like object that hands back what is written: for streaming CSV responses."""

    def write(self, value):
        return value
