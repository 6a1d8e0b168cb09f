"""What every list page shares: the countdown beside a due date, sort keys from a whitelist, the range a
page shows ("51–100 of 1,204") and filters that do not parse, reported instead of silently dropped.

A list declares its sort keys as a dict {key: ordering}; a key that is not in it is refused with a
message naming the keys it accepts (the page still answers with its default order, status 400).
"""

import datetime
import decimal

import pycountry
from django.http import QueryDict

from cases import paging


def day_count(due: datetime.date | None, today: datetime.date) -> str:
    """"3 days overdue", "1 day overdue", "due today", "due in 1 day", "due in 2 days" for `due` seen on `today`.

    `today` is the port's local date (cases.services.support.today(port)); the count is in calendar days.
    """
    if due is None:
        return ""
    days = (due - today).days
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} overdue"
    if days == 0:
        return "due today"
    return f"due in {days} day{'s' if days != 1 else ''}"


def parse_sort(params: QueryDict, allowed, default: str) -> tuple[str, str | None]:
    """(sort key, error message or None) from the `sort` parameter, checked against `allowed`."""
    value = params.get("sort")
    if value is None or value == "":
        return default, None
    if value in allowed:
        return value, None
    shown = value[:40]
    keys = ", ".join(sorted({k.lstrip("-") for k in allowed}))
    return default, (f"“{shown}” is not a column this list can be sorted by; use one of: {keys} "
                     "(a leading “-” reverses).")


def filter_errors(form) -> list[str]:
    """One sentence per filter that does not parse: "Port code: A port code is 4 digits, e.g. 1001."."""
    if not form.is_bound or form.is_valid():
        return []
    out = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = (field.label or name.replace("_", " ").capitalize()) if field is not None else ""
        for error in errors:
            out.append(f"{label}: {error}" if label else str(error))
    return out


def valid_filters(form) -> dict:
    """The cleaned values of the filters that parsed; the ones with an error are left out (and reported)."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return {k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors}


def page_range(page) -> str:
    """"51–100 of 1,204" for a numbered page; "1–25 of more than 1,000" for a keyset page past the count cap;
    "" for an empty page."""
    if isinstance(page, paging.KeysetPage):
        if not page.object_list:
            return ""
        start = page.offset + 1
        end = page.offset + len(page.object_list)
        if page.count is None:
            return f"{start:,}–{end:,}"
        if page.count_capped:
            return f"{start:,}–{end:,} of more than {paging.COUNT_CAP:,}"
        return f"{start:,}–{end:,} of {page.count:,}"
    total = page.paginator.count
    if not total:
        return ""
    return f"{page.start_index():,}–{page.end_index():,} of {total:,}"


def sort_query(params: QueryDict, key: str) -> str:
    """The query string of the list sorted by `key`, back to the first page."""
    params = params.copy()
    for name in ("page", "cursor"):
        params.pop(name, None)
    params["sort"] = key
    return params.urlencode()


def country_name(code: str | None) -> str:
    """"China" for "CN" (ISO 3166-1, pycountry's common name where it has one); an unknown code as given."""
    if not code:
        return ""
    found = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    if found is None:
        return code
    return getattr(found, "common_name", None) or found.name


def money(value, currency: str = "USD") -> str:
    """"$182,673.00" for 182673 in US dollars (two decimals, thousands separated, minus before the sign);
    another currency as "182,673.00 EUR"; "" for no value."""
    if value is None or value == "":
        return ""
    try:
        amount = decimal.Decimal(str(value)).quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)
    except decimal.InvalidOperation:
        return str(value)
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):,.2f}"
    if (currency or "USD").upper() == "USD":
        return f"{sign}${text}"
    return f"{sign}{text} {currency.upper()}"
