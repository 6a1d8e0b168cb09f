"""Shared steps of every service: locking, validation, today's date and the business calendar."""

import contextlib
import contextvars
import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cases.clocks import BusinessCalendar
from cases.errors import StaleObject
from cases.models import Closure, Port

_as_of: contextvars.ContextVar[datetime.date | None] = contextvars.ContextVar("as_of", default=None)
# The zone furthest ahead of UTC (UTC+14): no place on earth has reached a later date than this one.
_EARLIEST_ZONE = zoneinfo.ZoneInfo("Etc/GMT-14")


def port_time_zone(port_code: str | None) -> zoneinfo.ZoneInfo:
    """The IANA zone a port keeps its dates in; ports missing from the reference data use the default zone."""
    name = None
    if port_code:
        name = Port.objects.filter(code=port_code).values_list("time_zone", flat=True).first()
    return zoneinfo.ZoneInfo(name or settings.CASES_DEFAULT_PORT_TIME_ZONE)


def today(port_code: str | None = None) -> datetime.date:
    """The business date acts are recorded on: the port's local date (midnight local, domain.md section 3).

    Without a port, the date in the default port zone. A historical record being entered (as_of) gives
    its own date instead.
    """
    override = _as_of.get()
    if override is not None:
        return override
    return timezone.now().astimezone(port_time_zone(port_code)).date()


def latest_local_date() -> datetime.date:
    """The latest date any port can have reached now: the sweep's first filter, refined per port."""
    return timezone.now().astimezone(_EARLIEST_ZONE).date()


@contextlib.contextmanager
def as_of(day: datetime.date):
    """Record acts that happened on an earlier `day` (loading historical cases, e.g. the demo data).

    Only the business dates move; audit events still carry the real time they were written.
    """
    if day > latest_local_date():
        raise ValueError("Historical acts cannot be dated in the future.")
    token = _as_of.set(day)
    try:
        yield
    finally:
        _as_of.reset(token)


def business_calendar(port_code: str | None = None) -> BusinessCalendar:
    """A port's calendar: federal holidays and executive-order closures, the closures an administrator
    entered for every port or for this one, and Inauguration Day at Washington DC-area ports.

    Without a port: the closures of every port only (agency-wide acts).
    """
    closures = Closure.objects.filter(ports__isnull=True)
    dc_area = False
    if port_code:
        closures = Closure.objects.filter(Q(ports__isnull=True) | Q(ports__code=port_code))
        dc_area = Port.objects.filter(code=port_code, dc_area=True).exists()
    return BusinessCalendar(closures=frozenset(closures.values_list("date", flat=True)), dc_area=dc_area)


class PortBook:
    """Many ports' local dates and business calendars at once, for work spanning ports (the sweep's batches).

    `load` reads any number of ports in two queries (their zones and DC-area flags, the closures that
    apply to them) and keeps them; `today` and `calendar` then answer exactly as today(port) and
    business_calendar(port) would, without a query.
    """

    def __init__(self) -> None:
        self._zones: dict[str, zoneinfo.ZoneInfo] = {}
        self._calendars: dict[str, BusinessCalendar] = {}

    def load(self, port_codes) -> None:
        missing = {code or "" for code in port_codes} - self._calendars.keys()
        if not missing:
            return
        named = sorted(code for code in missing if code)
        zones, dc_area = {}, set()
        for code, zone, in_dc in Port.objects.filter(code__in=named).values_list("code", "time_zone", "dc_area"):
            zones[code] = zone
            if in_dc:
                dc_area.add(code)
        everywhere, by_port = set(), {}
        for day, code in Closure.objects.filter(Q(ports__isnull=True) | Q(ports__code__in=named)).values_list(
                "date", "ports__code"):
            if code is None:
                everywhere.add(day)
            else:
                by_port.setdefault(code, set()).add(day)
        for code in missing:
            self._zones[code] = zoneinfo.ZoneInfo(zones.get(code) or settings.CASES_DEFAULT_PORT_TIME_ZONE)
            self._calendars[code] = BusinessCalendar(closures=everywhere | by_port.get(code, set()),
                                                     dc_area=code in dc_area)

    def today(self, port_code: str) -> datetime.date:
        """The port's local date (a loaded port), or the date of the historical record being entered."""
        override = _as_of.get()
        if override is not None:
            return override
        return timezone.now().astimezone(self._zones[port_code or ""]).date()

    def calendar(self, port_code: str) -> BusinessCalendar:
        return self._calendars[port_code or ""]


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


def require_not_future(value, field: str, what: str, port_code: str | None = None) -> None:
    if value is not None and value > today(port_code):
        raise ValidationError({field: f"The {what} cannot be in the future."})


def is_uflpa_exception_approver(actor) -> bool:
    """The Commissioner, or the senior official designated by the setting's group (UFLPA sec. 3(b))."""
    return bool(getattr(actor, "pk", None)) and getattr(actor, "role", None) == "supervisor" and actor.groups.filter(
        name=settings.CASES_UFLPA_EXCEPTION_APPROVER_GROUP).exists()
