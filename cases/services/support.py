"""Shared steps of every service: locking, validation, today's date and the business calendar."""

import contextlib
import contextvars
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from cases.clocks import BusinessCalendar
from cases.errors import StaleObject
from cases.models import Closure

_as_of: contextvars.ContextVar[datetime.date | None] = contextvars.ContextVar("as_of", default=None)


def today() -> datetime.date:
    """The business date acts are recorded on: the real date, unless a historical record is being entered."""
    return _as_of.get() or timezone.localdate()


@contextlib.contextmanager
def as_of(day: datetime.date):
    """Record acts that happened on an earlier `day` (loading historical cases, e.g. the demo data).

    Only the business dates move; audit events still carry the real time they were written.
    """
    if day > timezone.localdate():
        raise ValueError("Historical acts cannot be dated in the future.")
    token = _as_of.set(day)
    try:
        yield
    finally:
        _as_of.reset(token)


def business_calendar() -> BusinessCalendar:
    """Federal holidays and executive-order closures, plus closures entered by an administrator."""
    return BusinessCalendar(closures=frozenset(Closure.objects.values_list("date", flat=True)))


def lock(obj: models.Model) -> models.Model:
    """Re-read `obj` under a row lock (SELECT ... FOR UPDATE) so racing transitions serialise.

    The loser of a race re-reads the winner's state and is refused by the state table.
    """
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def check_version(obj, expected_version: int | None, *, action: str, label: str) -> None:
    """Refuse a form built from an older version of the object (two tabs, two officers)."""
    if expected_version is not None and expected_version != obj.version:
        raise StaleObject(
            action=action, current_state=obj.status, object_label=label,
            reason="it changed since the page was loaded; reload it and try again",
        )


def validated(obj: models.Model, exclude=None) -> models.Model:
    """Run field validators and model constraints; raise ValidationError with per-field messages."""
    obj.full_clean(exclude=exclude)
    return obj


def require_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def require_date_not_before(value, earlier, field: str, message: str) -> None:
    if value is not None and earlier is not None and value < earlier:
        raise ValidationError({field: message})


def require_not_future(value, field: str, what: str) -> None:
    if value is not None and value > today():
        raise ValidationError({field: f"The {what} cannot be in the future."})
