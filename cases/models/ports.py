"""Ports of entry: reference data giving each port its name and the time zone its dates are kept in."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models

from cases.validators import validate_port_code


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"{value!r} is not an IANA time zone (for example America/New_York or Pacific/Honolulu).",
            code="invalid_time_zone",
        ) from None


class Port(models.Model):
    """A CBP port (Schedule D code DDPP). Acts at a port are dated in its local time zone (domain.md section 3)."""

    code = models.CharField(max_length=4, unique=True, validators=[validate_port_code])
    name = models.CharField(max_length=120)
    time_zone = models.CharField(
        max_length=64, validators=[validate_time_zone],
        help_text="IANA time zone: the port's 'today', the last day of a window and the moment a clock lapses "
                  "are local midnight here.",
    )
    dc_area = models.BooleanField(
        default=False,
        help_text="In the Washington DC area: Inauguration Day is a holiday for its offices (5 U.S.C. 6103(c)).",
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
