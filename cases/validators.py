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
# Manufacturer identification code (CBP Form 7501 instructions, appendix 2): ISO country, up to 6 letters
# of the name, up to 4 digits of the street address, up to 3 letters of the city; 15 characters at most.
MID_RE = re.compile(r"^[A-Z]{2}[A-Z]{1,6}\d{0,4}[A-Z]{0,3}$")


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


def validate_manufacturer_id(value: str) -> None:
    if value and (len(value) > 15 or not MID_RE.match(value)):
        raise ValidationError(
            f"'{value}' is not a manufacturer ID (MID): the country code, up to 6 letters of the name, up to 4 "
            "digits of the street address and up to 3 letters of the city, 15 characters at most "
            "(for example MYTOPGLO1234KLA).",
            code="invalid_manufacturer_id",
        )
    if value and pycountry.countries.get(alpha_2=value[:2]) is None:
        raise ValidationError(
            f"'{value}' does not start with an ISO 3166-1 country code.", code="invalid_manufacturer_id"
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


# ISO 6346 freight container number: owner code (3 letters), category (U, J, Z or R), 6-digit serial,
# check digit. Letters count 10..38 skipping multiples of 11; weights are powers of 2; sum mod 11 mod 10.
CONTAINER_RE = re.compile(r"^[A-Z]{3}[UJZR]\d{7}$")
_CONTAINER_LETTERS = [v for v in range(10, 39) if v % 11][:26]
# A bill of lading number: the carrier's SCAC prefix and serial, letters and digits (UN/EDIFACT an..35).
BILL_OF_LADING_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,34}$")
PHONE_RE = re.compile(r"^\+?[0-9 ().-]+(\s*(ext\.?|x)\s*\d{1,6})?$", re.IGNORECASE)


def container_check_digit(value: str) -> int:
    total = 0
    for position, char in enumerate(value[:10]):
        number = _CONTAINER_LETTERS[ord(char) - ord("A")] if char.isalpha() else int(char)
        total += number * 2**position
    return total % 11 % 10


def validate_container_number(value: str) -> None:
    if not CONTAINER_RE.match(value or ""):
        raise ValidationError(
            f"'{value}' is not a container number; write it as 4 letters and 7 digits (ISO 6346, for example "
            "CSQU3054383).", code="invalid_container_number",
        )
    if container_check_digit(value) != int(value[-1]):
        raise ValidationError(
            f"'{value}' fails the ISO 6346 check digit; check the number on the container or the bill of lading.",
            code="invalid_container_check_digit",
        )


def validate_container_numbers(values) -> None:
    if not isinstance(values, list | tuple):
        raise ValidationError("Container numbers must be a list.", code="invalid_container_numbers")
    for value in values:
        validate_container_number(value)


def validate_bill_of_lading(value: str) -> None:
    if value and not BILL_OF_LADING_RE.match(value):
        raise ValidationError(
            "Enter the bill of lading number in capital letters and digits as printed on it, up to 35 characters "
            "(for example MAEU123456789).", code="invalid_bill_of_lading",
        )


def validate_phone_number(value: str) -> None:
    number = re.split(r"(?i)\s*(?:ext\.?|x)\s*\d", value or "")[0]
    digits = sum(c.isdigit() for c in number)
    if value and (not PHONE_RE.match(value) or not 7 <= digits <= 15):
        raise ValidationError(
            "Enter a telephone number of 7 to 15 digits, optionally with +, spaces, brackets, hyphens and an "
            "extension (for example +1 305 555 0142 ext. 12).", code="invalid_phone_number",
        )
