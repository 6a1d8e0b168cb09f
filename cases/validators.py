"""Identifier validators (domain.md section 6). Each error says what the right form looks like."""

import datetime
import re

import pycountry
from django.core.exceptions import ValidationError

ENTRY_NUMBER_RE = re.compile(r"^[A-Z0-9]{3}-\d{7}-\d$")
# HTSUS: 10 digits written NNNN.NN.NNNN; orders may list 4, 6 or 8-digit headings matched by prefix.
HTS_FULL_RE = re.compile(r"^\d{4}\.\d{2}\.\d{4}$")
HTS_HEADING_RE = re.compile(r"^\d{4}(\.\d{2}(\.\d{2}(\d{2})?)?)?$")
PORT_CODE_RE = re.compile(r"^\d{4}$")
IMPORTER_NUMBER_RE = re.compile(r"^(\d{2}-\d{7}[A-Z0-9]{2}|\d{3}-\d{2}-\d{4}|\d{6}-\d{5})$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


def validate_entry_number(value: str) -> None:
    # The check digit's algorithm (CATAIR Appendix E) is not verified, so only the format is checked.
    if not ENTRY_NUMBER_RE.match(value or ""):
        raise ValidationError(
            "Enter the entry number as XXX-NNNNNNN-N: a 3-character filer code, 7 digits, 1 check digit "
            "(for example ABC-1234567-8).",
            code="invalid_entry_number",
        )


def validate_hts_code(value: str) -> None:
    if not HTS_FULL_RE.match(value or ""):
        raise ValidationError(
            f"'{value}' is not a 10-digit HTSUS number; write it as NNNN.NN.NNNN (for example 4015.19.0510).",
            code="invalid_hts_code",
        )


def validate_hts_heading(value: str) -> None:
    if not HTS_HEADING_RE.match(value or ""):
        raise ValidationError(
            f"'{value}' is not an HTSUS heading; use 4, 6, 8 or 10 digits as NNNN, NNNN.NN, NNNN.NN.NN "
            "or NNNN.NN.NNNN.",
            code="invalid_hts_heading",
        )


def validate_hts_codes(values) -> None:
    if not isinstance(values, list | tuple):
        raise ValidationError("HTSUS codes must be a list.", code="invalid_hts_codes")
    for value in values:
        validate_hts_code(value)


def validate_hts_headings(values) -> None:
    if not isinstance(values, list | tuple):
        raise ValidationError("HTSUS headings must be a list.", code="invalid_hts_headings")
    for value in values:
        validate_hts_heading(value)


def validate_country_code(value: str) -> None:
    if not value or len(value) != 2 or pycountry.countries.get(alpha_2=value) is None:
        raise ValidationError(
            f"'{value}' is not an ISO 3166-1 alpha-2 country code (two capital letters, for example CN or MY).",
            code="invalid_country",
        )


def validate_port_code(value: str) -> None:
    if not PORT_CODE_RE.match(value or ""):
        raise ValidationError(
            "Enter the port code as 4 digits DDPP (for example 1001 for New York).", code="invalid_port_code"
        )


def validate_importer_number(value: str) -> None:
    if not IMPORTER_NUMBER_RE.match(value or ""):
        raise ValidationError(
            "Enter the importer of record number as NN-NNNNNNNXX (EIN and suffix), NNN-NN-NNNN, "
            "or YYDDPP-NNNNN.",
            code="invalid_importer_number",
        )


def validate_currency(value: str) -> None:
    if not CURRENCY_RE.match(value or "") or pycountry.currencies.get(alpha_3=value) is None:
        raise ValidationError(
            f"'{value}' is not an ISO 4217 currency code (for example USD).", code="invalid_currency"
        )


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code or "")
    return getattr(country, "common_name", None) or (country.name if country else code)


def hts_matches(code: str, headings) -> bool:
    """An order's heading covers a code when it is a prefix of it (digits only, dots ignored)."""
    digits = code.replace(".", "")
    return any(digits.startswith(h.replace(".", "")) for h in headings)


# Dates a person may enter (API and forms). Nothing in this system predates the Tariff Act of 1930; a
# date more than DATE_HORIZON_YEARS ahead is a typing error (e.g. year 20026), and such dates would also
# push the clock arithmetic of cases.clocks past the calendar.
EARLIEST_DATE = datetime.date(1930, 6, 17)
DATE_HORIZON_YEARS = 5


def latest_date(today: datetime.date | None = None) -> datetime.date:
    today = today or datetime.date.today()
    try:
        return today.replace(year=today.year + DATE_HORIZON_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + DATE_HORIZON_YEARS, day=28)


def date_in_horizon_message() -> str:
    return f"Enter a date between {EARLIEST_DATE:%d %B %Y} and {latest_date():%d %B %Y}."


def validate_date_in_horizon(value: datetime.date) -> None:
    if value is not None and not EARLIEST_DATE <= value <= latest_date():
        raise ValidationError(date_in_horizon_message(), code="date_out_of_range")
