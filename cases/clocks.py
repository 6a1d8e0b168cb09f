"""Statutory and practice clocks of a forced-labor detention (domain.md section 3).

Pure date arithmetic, free of Django and the database, so that every due date the system shows
can be recomputed and tested from its inputs alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from types import MappingProxyType

import holidays
from dateutil.relativedelta import relativedelta


class DeadlineKind(StrEnum):
    ALLEGATION_TRANSMITTAL = "allegation_transmittal"
    DETENTION_DECISION = "detention_decision"
    DETENTION_NOTICE = "detention_notice"
    ADMISSIBILITY_DETERMINATION = "admissibility_determination"
    PROOF_OF_ADMISSIBILITY = "proof_of_admissibility"
    CAATSA_EVIDENCE = "caatsa_evidence"
    UFLPA_RESPONSE = "uflpa_response"
    RFI_RESPONSE = "rfi_response"
    ABANDONMENT = "abandonment"
    PROTEST_FILING = "protest_filing"
    PROTEST_DECISION = "protest_decision"
    COURT_FILING = "court_filing"
    EXCEPTION_REPORT = "exception_report"
    ACCELERATED_DISPOSITION = "accelerated_disposition"
    SEIZURE_ELECTION = "seizure_election"
    SUPPLEMENTAL_PETITION = "supplemental_petition"
    FORFEITURE_PUBLICATION = "forfeiture_publication"
    FORFEITURE_CLAIM = "forfeiture_claim"
    EXPORT_PROOF = "export_proof"
    REDELIVERY = "redelivery"
    REDELIVERY_PROTEST = "redelivery_protest"
    PROTEST_REVIEW = "protest_review"


class Party(StrEnum):
    """Who must act before the clock runs out; reminders go to that party."""

    AGENCY = "agency"
    IMPORTER = "importer"


class Unit(StrEnum):
    BUSINESS_DAYS = "business_days"
    CALENDAR_DAYS = "calendar_days"
    CALENDAR_MONTHS = "calendar_months"


@dataclass(frozen=True)
class ClockRule:
    kind: DeadlineKind
    label: str
    starts_at: str
    length: int
    unit: Unit
    rolled: bool
    party: Party
    on_lapse: str
    citation: str


_DAYS, _AGENCY, _IMPORTER = Unit.CALENDAR_DAYS, Party.AGENCY, Party.IMPORTER

# One rule per row of the clock table in domain.md section 3, in the same order. Fields:
# kind, label, starts_at, length, unit, rolled, party, on_lapse, citation.
# fmt: off
CLOCK_RULES: dict[DeadlineKind, ClockRule] = {
    rule.kind: rule
    for rule in (
        ClockRule(DeadlineKind.ALLEGATION_TRANSMITTAL, "Transmittal of allegation to the Commissioner",
                  "conforming allegation received by a port", 10, _DAYS, False, _AGENCY,
                  "overdue for the port (alert)", "19 CFR 12.42(c)"),
        ClockRule(DeadlineKind.DETENTION_DECISION, "Decision to release or detain",
                  "presentation for examination", 5, Unit.BUSINESS_DAYS, False, _AGENCY,
                  "goods deemed detained (detention date = next day)", "19 U.S.C. 1499(c)(1)"),
        ClockRule(DeadlineKind.DETENTION_NOTICE, "Notice of detention (CBP Form 6051D)",
                  "decision to detain, or the failure to release (the last day of the decision clock)", 5,
                  Unit.BUSINESS_DAYS, False, _AGENCY,
                  "notice overdue: escalate to supervisor", "19 U.S.C. 1499(c)(2); 19 CFR 151.16(c)"),
        ClockRule(DeadlineKind.ADMISSIBILITY_DETERMINATION, "Final admissibility determination",
                  "presentation", 30, _DAYS, False, _AGENCY,
                  "deemed exclusion (per-basis policy)", "19 U.S.C. 1499(c)(5)(A)"),
        ClockRule(DeadlineKind.PROOF_OF_ADMISSIBILITY, "Proof of admissibility or export",
                  "date of importation", 3, Unit.CALENDAR_MONTHS, True, _IMPORTER,
                  "wro: exclusion advice; finding: seizure", "19 CFR 12.43, 12.44"),
        ClockRule(DeadlineKind.CAATSA_EVIDENCE, "Evidence rebutting the North Korean labor presumption",
                  "notice of detention issued", 30, _DAYS, True, _IMPORTER,
                  "seizure may follow", "CBP practice under 22 U.S.C. 9241a (CAATSA sec. 321(b))"),
        ClockRule(DeadlineKind.UFLPA_RESPONSE, "Response to a UFLPA detention",
                  "presentation", 30, _DAYS, True, _IMPORTER,
                  "exclusion", "CBP practice under Pub. L. 117-78 (UFLPA)"),
        ClockRule(DeadlineKind.RFI_RESPONSE, "Response to request for information (CBP Form 28)",
                  "request for information sent", 30, _DAYS, True, _IMPORTER,
                  "decide on the record", "CBP Form 28 practice"),
        ClockRule(DeadlineKind.ABANDONMENT, "Export or protest before deemed abandonment",
                  "written exclusion advice delivered", 60, _DAYS, False, _IMPORTER,
                  "deemed abandoned unless exported or protested", "19 CFR 12.44(a)"),
        ClockRule(DeadlineKind.PROTEST_FILING, "Protest of exclusion (CBP Form 19)",
                  "exclusion decision (or deemed exclusion)", 180, _DAYS, True, _IMPORTER,
                  "exclusion final", "19 U.S.C. 1514(c)(3)"),
        # Decided *before* the 30th day after filing: the last timely day is the 29th; undecided, the
        # protest is deemed denied on the 30th day (the day after the due date).
        ClockRule(DeadlineKind.PROTEST_DECISION, "Decision on protest of exclusion (before the 30th day)",
                  "protest of an exclusion filed", 29, _DAYS, False, _AGENCY,
                  "deemed denied on the 30th day after filing", "19 U.S.C. 1499(c)(5)(B); 19 CFR 174.21(b)"),
        ClockRule(DeadlineKind.COURT_FILING, "Action in the Court of International Trade",
                  "denial mailed, or the deemed denial", 180, _DAYS, True, _IMPORTER,
                  "information only", "28 U.S.C. 2636(a); 19 CFR 174.31"),
        ClockRule(DeadlineKind.EXCEPTION_REPORT, "Report of UFLPA exception to Congress",
                  "exception granted", 30, _DAYS, False, _AGENCY,
                  "report to Congress overdue", "UFLPA sec. 3(c)"),
        # "Within 30 days following the date of mailing ... deemed denied on the thirtieth day following
        # mailing": the agency may still act on the 30th day, and the denial is deemed at its close.
        ClockRule(DeadlineKind.ACCELERATED_DISPOSITION, "Decision after a request for accelerated disposition",
                  "request for accelerated disposition mailed", 30, _DAYS, False, _AGENCY,
                  "deemed denied at the close of the 30th day after mailing", "19 U.S.C. 1515(b); 19 CFR 174.22"),
        # After the decision (docs/seizure.md). The election, publication and export-proof lengths are
        # settings where the regulation lets the officer choose; these are the defaults.
        ClockRule(DeadlineKind.SEIZURE_ELECTION, "Election after the notice of seizure (petition, offer, "
                  "abandonment or claim)", "notice of seizure mailed", 30, _DAYS, True, _IMPORTER,
                  "the forfeiture proceeds: publish the notice of intent to forfeit",
                  "19 U.S.C. 1618; 19 CFR 171.2(b)(1), 162.31"),
        ClockRule(DeadlineKind.SUPPLEMENTAL_PETITION, "Supplemental petition after a petition is denied",
                  "decision on the petition mailed", 60, _DAYS, True, _IMPORTER,
                  "the forfeiture proceeds", "19 CFR 171.61"),
        ClockRule(DeadlineKind.FORFEITURE_PUBLICATION, "Publication of the notice of seizure and intent to forfeit",
                  "first publication", 30, _DAYS, False, _AGENCY,
                  "publication complete", "19 U.S.C. 1607(a); 19 CFR 162.45(b) (CBP Dec. 13-04, 78 FR 6027); "
                  "88 FR 31268 (forfeiture.gov)"),
        ClockRule(DeadlineKind.FORFEITURE_CLAIM, "Claim and cost bond for judicial forfeiture",
                  "first publication of the notice of seizure and intent to forfeit", 20, _DAYS, False, _IMPORTER,
                  "no timely claim: the forfeiture may be declared", "19 U.S.C. 1608, 1609; 19 CFR 162.45(a)(3)"),
        ClockRule(DeadlineKind.EXPORT_PROOF, "Proof of exportation (in-bond movement and export record)",
                  "goods exported under bond", 30, _DAYS, True, _IMPORTER,
                  "no proof: the exportation is not shown; claim on the bond",
                  "CBP practice (setting); in-bond movement under 19 CFR part 18"),
        ClockRule(DeadlineKind.REDELIVERY, "Redelivery to customs custody (CBP Form 4647)",
                  "notice to redeliver", 30, _DAYS, False, _IMPORTER,
                  "not redelivered: claim for liquidated damages on the bond", "19 CFR 141.113, 113.62"),
        ClockRule(DeadlineKind.REDELIVERY_PROTEST, "Protest of the demand for redelivery (CBP Form 19)",
                  "demand for redelivery", 180, _DAYS, True, _IMPORTER,
                  "the demand is final", "19 U.S.C. 1514(a)(4), (c)(3)"),
        # A protest of anything but an exclusion (here: a demand for redelivery) is decided within two years
        # of filing; no deemed denial follows the lapse (only 1515(b) accelerated disposition makes one).
        ClockRule(DeadlineKind.PROTEST_REVIEW, "Decision on a protest of a demand for redelivery (two years)",
                  "protest of a demand for redelivery filed", 24, Unit.CALENDAR_MONTHS, False, _AGENCY,
                  "overdue for the port (alert); accelerated disposition may be requested",
                  "19 U.S.C. 1515(a); 19 CFR 174.21(a)"),
    )
}
# fmt: on

_HALF_DAY_MARK = "half-day closing"


@cache
def _non_working_days(year: int) -> Mapping[date, str]:
    """Read-only cache, so that no caller can alter the calendar every other caller sees."""
    # A Saturday New Year's Day of year + 1 is observed on Dec 31 of `year`, hence both years.
    source = holidays.country_holidays(
        "US", years=(year, year + 1), categories=("public", "government"), observed=True
    )
    return MappingProxyType(
        {
            day: source.get_list(day)[0]  # the 5 U.S.C. 6103 name; the package may add an alias
            for day in sorted(source)
            # Offices open on the morning of a half-day closing, so that day still counts.
            if day.year == year and _HALF_DAY_MARK not in source[day]
        }
    )


def federal_non_working_days(year: int) -> dict[date, str]:
    """Federal holidays of 5 U.S.C. 6103 at their observed dates plus executive-order closures.

    Those are the "holidays" 19 U.S.C. 1499(c) excludes from its five-day counts.
    """
    return dict(_non_working_days(year))


def inauguration_day(year: int) -> date | None:
    """5 U.S.C. 6103(c): January 20 of each fourth year after 1965, or January 21 when the 20th is a Sunday.

    A legal public holiday only for employees in the District of Columbia, Montgomery and Prince George's
    Counties (Maryland), Arlington and Fairfax Counties and the cities of Alexandria and Fairfax
    (Virginia): the calendar of a Washington DC-area port counts it, no other port's does. The statute
    gives no substitute day when January 20 is a Saturday.
    """
    if year <= 1965 or (year - 1965) % 4:
        return None
    day = date(year, 1, 20)
    return day + timedelta(days=1) if day.weekday() == 6 else day


@dataclass(frozen=True)
class BusinessCalendar:
    """Days a port's federal offices are open.

    `closures` are the days an administrator closed this port (or every port) that the holiday tables
    do not list; `dc_area` adds Inauguration Day for the ports of the Washington DC area.
    """

    closures: frozenset[date] = frozenset()
    dc_area: bool = False

    def __post_init__(self) -> None:
        # Accept any iterable of dates (a set, a query's values) while staying hashable.
        object.__setattr__(self, "closures", frozenset(self.closures))

    def holiday_name(self, day: date) -> str | None:
        """Why an otherwise open weekday is closed, for display next to a skipped date."""
        name = _non_working_days(day.year).get(day)
        if name is None and self.dc_area and day == inauguration_day(day.year):
            return "Inauguration Day (Washington DC area, 5 U.S.C. 6103(c))"
        if name is None and day in self.closures:
            return "Closure"
        return name

    def is_business_day(self, day: date) -> bool:
        """1499(c) counts exclude "weekends and holidays"; closed offices cannot receive acts."""
        return day.weekday() < 5 and self.holiday_name(day) is None


_DEFAULT_CALENDAR = BusinessCalendar()


def _step_business_days(day: date, n: int, step: int, calendar: BusinessCalendar | None) -> date:
    if n < 0:
        raise ValueError(f"a number of business days cannot be negative: {n}")
    cal = calendar or _DEFAULT_CALENDAR
    while n:
        day += timedelta(days=step)
        if cal.is_business_day(day):
            n -= 1
    return day


def add_business_days(start: date, n: int, calendar: BusinessCalendar | None = None) -> date:
    """A period "after" an event starts the next day, so the event day itself never counts."""
    return _step_business_days(start, n, 1, calendar)


def subtract_business_days(day: date, n: int, calendar: BusinessCalendar | None = None) -> date:
    """Reminders count back in business days so that they never fall on a closed day."""
    return _step_business_days(day, n, -1, calendar)


def add_calendar_days(start: date, n: int) -> date:
    """Calendar-day periods count every day; only importer windows are rolled afterwards."""
    return start + timedelta(days=n)


def add_months(start: date, n: int) -> date:
    """19 CFR 12.43 counts calendar months; a missing day clamps to the month's end (Feb 28/29)."""
    return start + relativedelta(months=n)


def roll_forward(day: date, calendar: BusinessCalendar | None = None) -> date:
    """A filing on the next open day is timely (Thalson Co. v. United States, 28 Cust. Ct. 536)."""
    cal = calendar or _DEFAULT_CALENDAR
    while not cal.is_business_day(day):
        day += timedelta(days=1)
    return day


def business_days_between(start: date, end: date, calendar: BusinessCalendar | None = None) -> int:
    """Counts like add_business_days, so that "issued N business days after" matches its clock."""
    cal = calendar or _DEFAULT_CALENDAR
    return sum(
        cal.is_business_day(start + timedelta(days=offset)) for offset in range(1, (end - start).days + 1)
    )


def due_date(
    kind: DeadlineKind | str,
    start: date,
    *,
    calendar: BusinessCalendar | None = None,
    length: int | None = None,
) -> date:
    """Last day the act is timely under CLOCK_RULES; the consequence takes effect the next day.

    `length` overrides the rule's length, because the RFI window is a setting and UFLPA
    extensions move the clock.
    """
    try:
        rule = CLOCK_RULES[DeadlineKind(kind)]
    except ValueError:
        raise ValueError(f"unknown deadline kind: {kind!r}") from None
    length = rule.length if length is None else length
    if length < 0:
        raise ValueError(f"a clock length cannot be negative: {length}")
    if rule.unit is Unit.BUSINESS_DAYS:
        due = add_business_days(start, length, calendar)
    elif rule.unit is Unit.CALENDAR_MONTHS:
        due = add_months(start, length)
    else:
        due = add_calendar_days(start, length)
    return roll_forward(due, calendar) if rule.rolled else due


_IMPORTER_WINDOWS: dict[str, DeadlineKind] = {
    "wro": DeadlineKind.PROOF_OF_ADMISSIBILITY,
    "finding": DeadlineKind.PROOF_OF_ADMISSIBILITY,
    "caatsa": DeadlineKind.CAATSA_EVIDENCE,
    "uflpa": DeadlineKind.UFLPA_RESPONSE,
}


def importer_window_kind(basis: str) -> DeadlineKind:
    """Each legal basis gives the importer a different window to prove admissibility."""
    try:
        return _IMPORTER_WINDOWS[basis]
    except KeyError:
        raise ValueError(f"unknown detention basis: {basis!r}") from None


# Whether Part 12's 3-month window is the "longer period authorized by law" of 1499(c)(5)(A)
# is unsettled [U]: WRO and Finding detentions raise a supervisor alert instead.
DEFAULT_DEEMED_EXCLUSION_POLICY: dict[str, bool] = {
    "wro": False,
    "finding": False,
    "caatsa": True,
    "uflpa": True,
}


def deemed_exclusion_applies(basis: str, policy: Mapping[str, bool] | None = None) -> bool:
    """Whether a lapsed 30-day determination is recorded as a deemed exclusion for this basis.

    The policy is a per-basis setting; bases it leaves out keep the default.
    """
    if basis not in DEFAULT_DEEMED_EXCLUSION_POLICY:
        raise ValueError(f"unknown detention basis: {basis!r}")
    return {**DEFAULT_DEEMED_EXCLUSION_POLICY, **(policy or {})}[basis]


def reminder_dates(
    due: date, calendar: BusinessCalendar | None = None, offsets: Iterable[int] = (5, 1)
) -> list[date]:
    """Reminders go out 5 and 1 business days before a due date, to whoever must act."""
    return sorted({subtract_business_days(due, offset, calendar) for offset in offsets})
