"""Clock arithmetic of domain.md section 3. Expected dates were checked against a printed calendar."""

from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from cases.clocks import (
    CLOCK_RULES,
    DEFAULT_DEEMED_EXCLUSION_POLICY,
    BusinessCalendar,
    DeadlineKind,
    Party,
    Unit,
    add_business_days,
    add_calendar_days,
    add_months,
    business_days_between,
    deemed_exclusion_applies,
    due_date,
    federal_non_working_days,
    importer_window_kind,
    inauguration_day,
    reminder_dates,
    roll_forward,
    subtract_business_days,
)

K = DeadlineKind
CAL = BusinessCalendar()


# --- Worked examples of domain.md -------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "start", "expected"),
    [
        # Dec 24 EO closure, Dec 25, Jan 1 and two weekends skipped.
        (K.DETENTION_DECISION, date(2020, 12, 23), date(2021, 1, 4)),
        (K.ADMISSIBILITY_DETERMINATION, date(2020, 12, 23), date(2021, 1, 22)),
        # Feb 28 2021 is a Sunday: rolled to Monday.
        (K.PROOF_OF_ADMISSIBILITY, date(2020, 11, 30), date(2021, 3, 1)),
    ],
)
def test_worked_examples_of_the_domain_reference_hold(kind, start, expected):
    assert due_date(kind, start) == expected


def test_wro_importation_uses_the_proof_of_admissibility_window():
    assert due_date(importer_window_kind("wro"), date(2020, 11, 30)) == date(2021, 3, 1)


# --- Business days ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 1, 5), True),  # Friday
        (date(2024, 1, 6), False),  # Saturday
        (date(2024, 1, 7), False),  # Sunday
        (date(2024, 1, 8), True),  # Monday
    ],
)
def test_weekends_are_not_business_days(day, expected):
    assert CAL.is_business_day(day) is expected


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2020, 7, 3), "Independence Day (observed)"),  # July 4 2020 is a Saturday
        (date(2021, 7, 5), "Independence Day (observed)"),  # July 4 2021 is a Sunday
        (date(2021, 12, 24), "Christmas Day (observed)"),  # Saturday Christmas
        (date(2022, 12, 26), "Christmas Day (observed)"),  # Sunday Christmas
        (date(2021, 12, 31), "New Year's Day (observed)"),  # Saturday Jan 1 2022, across the year
        (date(2021, 6, 18), "Juneteenth National Independence Day (observed)"),
        (date(2022, 6, 20), "Juneteenth National Independence Day (observed)"),
        (date(2018, 11, 12), "Veterans Day (observed)"),
        (date(2024, 1, 15), "Birthday of Martin Luther King, Jr."),
        (date(2024, 11, 28), "Thanksgiving Day"),
    ],
)
def test_federal_holidays_are_not_business_days_on_their_observed_dates(day, name):
    assert not CAL.is_business_day(day)
    assert CAL.holiday_name(day) == name


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2014, 12, 26), "Day After Christmas"),
        (date(2018, 12, 5), "National Day of Mourning for former President George H. W. Bush"),
        (date(2019, 12, 24), "Christmas Eve"),
        (date(2020, 12, 24), "Christmas Eve"),
        (date(2024, 12, 24), "Christmas Eve"),
        (date(2025, 1, 9), "National Day of Mourning for former President Jimmy Carter"),
    ],
)
def test_executive_order_closures_are_not_business_days(day, name):
    assert not CAL.is_business_day(day)
    assert CAL.holiday_name(day) == name


@pytest.mark.parametrize("day", [date(2009, 12, 24), date(2015, 12, 24)])
def test_half_day_closings_remain_business_days(day):
    assert CAL.is_business_day(day)
    assert CAL.holiday_name(day) is None


@pytest.mark.parametrize(
    "day",
    [
        date(2020, 7, 2),
        date(2020, 12, 23),
        date(2021, 7, 6),
        date(2021, 12, 30),
        date(2022, 1, 3),  # New Year's Day 2022 was observed on Dec 31, not on Monday
    ],
)
def test_weekdays_next_to_holidays_are_business_days(day):
    assert CAL.is_business_day(day)
    assert CAL.holiday_name(day) is None


def test_federal_non_working_days_of_a_year_include_next_new_years_day_observed_in_it():
    assert federal_non_working_days(2021)[date(2021, 12, 31)] == "New Year's Day (observed)"
    assert all(day.year == 2022 for day in federal_non_working_days(2022))


def test_federal_non_working_days_returns_a_copy_that_cannot_change_the_calendar():
    federal_non_working_days(2024).clear()
    assert not CAL.is_business_day(date(2024, 7, 4))


@pytest.mark.parametrize(
    ("closures", "day", "expected"),
    [
        (frozenset({date(2024, 1, 9)}), date(2024, 1, 9), False),
        (frozenset({date(2024, 1, 9)}), date(2024, 1, 10), True),
        ({date(2024, 1, 9)}, date(2024, 1, 9), False),  # any iterable of dates is accepted
        ([date(2024, 1, 9)], date(2024, 1, 9), False),
    ],
)
def test_admin_closures_are_not_business_days(closures, day, expected):
    assert BusinessCalendar(closures=closures).is_business_day(day) is expected


def test_admin_closures_are_named_closure_unless_already_a_federal_holiday():
    calendar = BusinessCalendar(closures=frozenset({date(2024, 1, 9), date(2024, 1, 15)}))
    assert calendar.holiday_name(date(2024, 1, 9)) == "Closure"
    assert calendar.holiday_name(date(2024, 1, 15)) == "Birthday of Martin Luther King, Jr."


def test_business_calendar_is_hashable_value_object():
    assert BusinessCalendar(closures={date(2024, 1, 9)}) == BusinessCalendar(frozenset({date(2024, 1, 9)}))
    assert hash(BusinessCalendar()) == hash(BusinessCalendar())


@pytest.mark.parametrize("day", [date(2024, 1, 6), date(2024, 1, 7)])
def test_weekends_have_no_holiday_name(day):
    assert CAL.holiday_name(day) is None


# --- Day arithmetic ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2024, 1, 8), 0, date(2024, 1, 8)),
        (date(2024, 1, 8), 1, date(2024, 1, 9)),  # the start day itself never counts
        (date(2024, 1, 5), 1, date(2024, 1, 8)),  # Friday -> Monday
        (date(2024, 1, 6), 1, date(2024, 1, 8)),  # from a Saturday
        (date(2024, 1, 12), 1, date(2024, 1, 16)),  # over MLK Day
        (date(2020, 7, 2), 1, date(2020, 7, 6)),  # over Independence Day observed on Friday
        (date(2021, 12, 30), 1, date(2022, 1, 3)),  # over New Year's Day observed on Dec 31
        (date(2020, 12, 23), 5, date(2021, 1, 4)),
        (date(2024, 1, 4), 5, date(2024, 1, 11)),
    ],
)
def test_add_business_days_counts_only_business_days_after_the_start(start, n, expected):
    assert add_business_days(start, n) == expected


@pytest.mark.parametrize(
    ("closures", "expected"),
    [
        (frozenset(), date(2024, 1, 11)),
        (frozenset({date(2024, 1, 9)}), date(2024, 1, 12)),
        (frozenset({date(2024, 1, 9), date(2024, 1, 12)}), date(2024, 1, 16)),
    ],
)
def test_add_business_days_skips_admin_closures(closures, expected):
    assert add_business_days(date(2024, 1, 4), 5, BusinessCalendar(closures)) == expected


@pytest.mark.parametrize("function", [add_business_days, subtract_business_days])
def test_negative_business_day_counts_are_rejected(function):
    with pytest.raises(ValueError, match="negative"):
        function(date(2024, 1, 8), -1)


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (date(2024, 1, 8), 0, date(2024, 1, 8)),
        (date(2024, 1, 8), 1, date(2024, 1, 5)),  # Monday -> Friday
        (date(2024, 1, 16), 1, date(2024, 1, 12)),  # back over MLK Day
        (date(2022, 1, 3), 1, date(2021, 12, 30)),  # back over New Year's Day observed on Dec 31
        (date(2021, 1, 4), 5, date(2020, 12, 23)),
    ],
)
def test_subtract_business_days_counts_back_over_closed_days(day, n, expected):
    assert subtract_business_days(day, n) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2020, 12, 23), date(2021, 1, 4), 5),
        (date(2024, 1, 5), date(2024, 1, 8), 1),  # Friday to Monday
        (date(2024, 1, 5), date(2024, 1, 7), 0),  # Friday to Sunday
        (date(2024, 1, 12), date(2024, 1, 16), 1),  # over MLK Day
        (date(2024, 1, 8), date(2024, 1, 8), 0),
        (date(2024, 1, 9), date(2024, 1, 8), 0),  # end before start
    ],
)
def test_business_days_between_counts_days_after_start_up_to_end(start, end, expected):
    assert business_days_between(start, end) == expected


@pytest.mark.parametrize("start", [date(2020, 12, 23), date(2021, 12, 29), date(2024, 1, 6)])
@pytest.mark.parametrize("n", [0, 1, 5, 10])
def test_business_days_between_inverts_add_business_days(start, n):
    assert business_days_between(start, add_business_days(start, n)) == n


def test_business_days_between_skips_admin_closures():
    calendar = BusinessCalendar(frozenset({date(2024, 1, 9)}))
    assert business_days_between(date(2024, 1, 8), date(2024, 1, 12), calendar) == 3


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2024, 1, 4), 0, date(2024, 1, 4)),
        (date(2024, 1, 4), 10, date(2024, 1, 14)),
        (date(2024, 2, 20), 10, date(2024, 3, 1)),  # through Feb 29 of a leap year
        (date(2023, 2, 20), 10, date(2023, 3, 2)),
        (date(2020, 12, 23), 30, date(2021, 1, 22)),
    ],
)
def test_add_calendar_days_counts_every_day(start, n, expected):
    assert add_calendar_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2023, 11, 30), 3, date(2024, 2, 29)),  # leap year
        (date(2022, 11, 30), 3, date(2023, 2, 28)),
        (date(2020, 11, 30), 3, date(2021, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 10, 31), 3, date(2025, 1, 31)),  # across the year
        (date(2024, 3, 15), 3, date(2024, 6, 15)),
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(start, n, expected):
    assert add_months(start, n) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 1, 8), date(2024, 1, 8)),  # a business day stays
        (date(2024, 1, 6), date(2024, 1, 8)),  # Saturday -> Monday
        (date(2024, 1, 7), date(2024, 1, 8)),  # Sunday -> Monday
        (date(2024, 1, 13), date(2024, 1, 16)),  # over MLK Day
        (date(2020, 7, 4), date(2020, 7, 6)),
        (date(2020, 12, 24), date(2020, 12, 28)),  # EO closure, Christmas, weekend
        (date(2021, 12, 24), date(2021, 12, 27)),
        (date(2021, 12, 31), date(2022, 1, 3)),
    ],
)
def test_roll_forward_moves_to_the_next_business_day(day, expected):
    assert roll_forward(day) == expected


def test_roll_forward_skips_admin_closures():
    calendar = BusinessCalendar(frozenset({date(2024, 1, 8)}))
    assert roll_forward(date(2024, 1, 6), calendar) == date(2024, 1, 9)


# --- The clock table --------------------------------------------------------------------------

# (kind, length, unit, rolled, party) as in the table of domain.md section 3.
TABLE = [
    (K.ALLEGATION_TRANSMITTAL, 10, Unit.CALENDAR_DAYS, False, Party.AGENCY),
    (K.DETENTION_DECISION, 5, Unit.BUSINESS_DAYS, False, Party.AGENCY),
    (K.DETENTION_NOTICE, 5, Unit.BUSINESS_DAYS, False, Party.AGENCY),
    (K.ADMISSIBILITY_DETERMINATION, 30, Unit.CALENDAR_DAYS, False, Party.AGENCY),
    (K.PROOF_OF_ADMISSIBILITY, 3, Unit.CALENDAR_MONTHS, True, Party.IMPORTER),
    (K.CAATSA_EVIDENCE, 30, Unit.CALENDAR_DAYS, True, Party.IMPORTER),
    (K.UFLPA_RESPONSE, 30, Unit.CALENDAR_DAYS, True, Party.IMPORTER),
    (K.RFI_RESPONSE, 30, Unit.CALENDAR_DAYS, True, Party.IMPORTER),
    (K.ABANDONMENT, 60, Unit.CALENDAR_DAYS, False, Party.IMPORTER),
    (K.PROTEST_FILING, 180, Unit.CALENDAR_DAYS, True, Party.IMPORTER),
    # Decided before the 30th day after filing: the 29th is the last timely day (19 CFR 174.21(b)).
    (K.PROTEST_DECISION, 29, Unit.CALENDAR_DAYS, False, Party.AGENCY),
    (K.COURT_FILING, 180, Unit.CALENDAR_DAYS, True, Party.IMPORTER),
    (K.EXCEPTION_REPORT, 30, Unit.CALENDAR_DAYS, False, Party.AGENCY),
    # Within 30 days following the mailing of the request; deemed denied on the 30th (19 U.S.C. 1515(b)).
    (K.ACCELERATED_DISPOSITION, 30, Unit.CALENDAR_DAYS, False, Party.AGENCY),
    # After the decision (docs/seizure.md): the party's election within 30 days of the notice of seizure
    # (19 U.S.C. 1618; 19 CFR 162.31, 171.2(b)(1)); a supplemental petition within 60 days of the decision
    # (19 CFR 171.61); publication for 30 consecutive days (19 CFR 162.45(b)); a claim and cost bond within
    # 20 days of the first publication (19 U.S.C. 1608); proof of exportation within 30 days (a setting);
    # redelivery within 30 days of the demand (19 CFR 141.113); a protest of the demand within 180 days
    # (19 U.S.C. 1514(c)(3)).
    (K.SEIZURE_ELECTION, 30, Unit.CALENDAR_DAYS, True, Party.IMPORTER),
    (K.SUPPLEMENTAL_PETITION, 60, Unit.CALENDAR_DAYS, True, Party.IMPORTER),
    (K.FORFEITURE_PUBLICATION, 30, Unit.CALENDAR_DAYS, False, Party.AGENCY),
    (K.FORFEITURE_CLAIM, 20, Unit.CALENDAR_DAYS, False, Party.IMPORTER),
    (K.EXPORT_PROOF, 30, Unit.CALENDAR_DAYS, True, Party.IMPORTER),
    (K.REDELIVERY, 30, Unit.CALENDAR_DAYS, False, Party.IMPORTER),
    (K.REDELIVERY_PROTEST, 180, Unit.CALENDAR_DAYS, True, Party.IMPORTER),
    # A protest other than of an exclusion (a demand for redelivery) is decided within two years of filing
    # (19 U.S.C. 1515(a); 19 CFR 174.21(a)); domain.md section 2: "others within 2 years".
    (K.PROTEST_REVIEW, 24, Unit.CALENDAR_MONTHS, False, Party.AGENCY),
]


def test_clock_rules_cover_every_deadline_kind():
    assert set(CLOCK_RULES) == set(DeadlineKind) == {row[0] for row in TABLE}


@pytest.mark.parametrize(("kind", "length", "unit", "rolled", "party"), TABLE)
def test_clock_rules_match_the_domain_table(kind, length, unit, rolled, party):
    rule = CLOCK_RULES[kind]
    assert (rule.kind, rule.length, rule.unit, rule.rolled, rule.party) == (kind, length, unit, rolled, party)


@pytest.mark.parametrize("kind", list(DeadlineKind))
def test_every_clock_rule_states_its_citation_trigger_and_consequence(kind):
    rule = CLOCK_RULES[kind]
    assert rule.citation.strip()
    assert rule.label.strip()
    assert rule.starts_at.strip()
    assert rule.on_lapse.strip()


@pytest.mark.parametrize("kind", list(DeadlineKind))
def test_agency_clocks_are_never_rolled(kind):
    rule = CLOCK_RULES[kind]
    assert not (rule.party is Party.AGENCY and rule.rolled)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (K.ALLEGATION_TRANSMITTAL, date(2024, 1, 14)),  # Sunday, not rolled
        (K.DETENTION_DECISION, date(2024, 1, 11)),
        (K.DETENTION_NOTICE, date(2024, 1, 11)),
        (K.ADMISSIBILITY_DETERMINATION, date(2024, 2, 3)),  # Saturday, not rolled
        (K.PROOF_OF_ADMISSIBILITY, date(2024, 4, 4)),
        (K.CAATSA_EVIDENCE, date(2024, 2, 5)),  # Saturday rolled to Monday
        (K.UFLPA_RESPONSE, date(2024, 2, 5)),
        (K.RFI_RESPONSE, date(2024, 2, 5)),
        (K.ABANDONMENT, date(2024, 3, 4)),  # through Feb 29
        (K.PROTEST_FILING, date(2024, 7, 2)),
        (K.PROTEST_DECISION, date(2024, 2, 2)),  # the 29th day: decided before the 30th
        (K.COURT_FILING, date(2024, 7, 2)),
        (K.EXCEPTION_REPORT, date(2024, 2, 3)),  # Saturday, not rolled
        (K.ACCELERATED_DISPOSITION, date(2024, 2, 3)),  # Saturday, not rolled
    ],
)
def test_due_date_of_each_kind_from_thursday_2024_01_04(kind, expected):
    assert due_date(kind, date(2024, 1, 4)) == expected
    assert due_date(str(kind), date(2024, 1, 4)) == expected


@pytest.mark.parametrize(
    ("kind", "start", "expected"),
    [
        (K.ADMISSIBILITY_DETERMINATION, date(2024, 1, 4), date(2024, 2, 3)),
        (K.PROTEST_DECISION, date(2024, 1, 5), date(2024, 2, 3)),
        (K.ABANDONMENT, date(2024, 1, 2), date(2024, 3, 2)),
        (K.ALLEGATION_TRANSMITTAL, date(2024, 1, 4), date(2024, 1, 14)),
        (K.EXCEPTION_REPORT, date(2024, 1, 5), date(2024, 2, 4)),
        (K.ADMISSIBILITY_DETERMINATION, date(2021, 6, 5), date(2021, 7, 5)),  # holiday, not rolled
    ],
)
def test_unrolled_clocks_stay_on_a_weekend_or_holiday(kind, start, expected):
    assert not CAL.is_business_day(expected)
    assert due_date(kind, start) == expected


@pytest.mark.parametrize(
    ("kind", "start", "expected"),
    [
        (K.PROTEST_FILING, date(2022, 1, 3), date(2022, 7, 5)),  # Sat Jul 2, then Jul 4 holiday
        (K.COURT_FILING, date(2023, 6, 5), date(2023, 12, 4)),  # Saturday Dec 2
        (K.COURT_FILING, date(2023, 5, 27), date(2023, 11, 24)),  # Thanksgiving
        (K.RFI_RESPONSE, date(2022, 12, 2), date(2023, 1, 3)),  # Sun Jan 1, then Jan 2 observed
        (K.CAATSA_EVIDENCE, date(2021, 6, 5), date(2021, 7, 6)),  # Jul 5 observed holiday
        (K.UFLPA_RESPONSE, date(2024, 1, 5), date(2024, 2, 5)),  # Sunday Feb 4
        (K.PROOF_OF_ADMISSIBILITY, date(2021, 9, 4), date(2021, 12, 6)),  # Saturday Dec 4
        (K.PROOF_OF_ADMISSIBILITY, date(2020, 10, 18), date(2021, 1, 19)),  # MLK Day
    ],
)
def test_importer_windows_roll_forward_to_the_next_business_day(kind, start, expected):
    assert CLOCK_RULES[kind].party is Party.IMPORTER
    assert due_date(kind, start) == expected


@pytest.mark.parametrize(
    ("kind", "start", "closures", "expected"),
    [
        (K.DETENTION_DECISION, date(2024, 1, 4), {date(2024, 1, 10)}, date(2024, 1, 12)),
        (K.RFI_RESPONSE, date(2024, 1, 5), {date(2024, 2, 5)}, date(2024, 2, 6)),
        (K.ADMISSIBILITY_DETERMINATION, date(2024, 1, 4), {date(2024, 2, 3)}, date(2024, 2, 3)),
    ],
)
def test_due_date_honours_admin_closures(kind, start, closures, expected):
    assert due_date(kind, start, calendar=BusinessCalendar(closures)) == expected


@pytest.mark.parametrize(
    ("kind", "length", "expected"),
    [
        (K.RFI_RESPONSE, 14, date(2024, 1, 18)),
        (K.RFI_RESPONSE, 10, date(2024, 1, 16)),  # Sunday, then MLK Day
        (K.RFI_RESPONSE, 0, date(2024, 1, 4)),
        (K.UFLPA_RESPONSE, 60, date(2024, 3, 4)),  # extension granted
        (K.DETENTION_NOTICE, 1, date(2024, 1, 5)),
    ],
)
def test_length_overrides_the_rules_length(kind, length, expected):
    assert due_date(kind, date(2024, 1, 4), length=length) == expected


@pytest.mark.parametrize("kind", ["nonsense", "", "RFI_RESPONSE"])
def test_unknown_kind_raises(kind):
    with pytest.raises(ValueError, match="unknown deadline kind"):
        due_date(kind, date(2024, 1, 4))


def test_negative_length_raises():
    with pytest.raises(ValueError, match="negative"):
        due_date(K.RFI_RESPONSE, date(2024, 1, 4), length=-1)


# --- Reminders --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (date(2024, 1, 12), [date(2024, 1, 5), date(2024, 1, 11)]),  # over a weekend
        (date(2024, 1, 16), [date(2024, 1, 8), date(2024, 1, 12)]),  # over MLK Day
        (date(2024, 1, 19), [date(2024, 1, 11), date(2024, 1, 18)]),
        (date(2021, 1, 4), [date(2020, 12, 23), date(2020, 12, 31)]),  # EO closure and holidays
        (date(2024, 2, 3), [date(2024, 1, 29), date(2024, 2, 2)]),  # unrolled Saturday due date
    ],
)
def test_reminders_fall_5_and_1_business_days_before_the_due_date(due, expected):
    assert reminder_dates(due) == expected


def test_reminders_skip_admin_closures():
    calendar = BusinessCalendar(frozenset({date(2024, 1, 11)}))
    assert reminder_dates(date(2024, 1, 12), calendar) == [date(2024, 1, 4), date(2024, 1, 10)]


@pytest.mark.parametrize(
    ("offsets", "expected"),
    [
        ((1, 5), [date(2024, 1, 5), date(2024, 1, 11)]),
        ((3,), [date(2024, 1, 9)]),
        ((1, 1), [date(2024, 1, 11)]),
        ((), []),
    ],
)
def test_reminder_offsets_are_configurable_and_returned_in_date_order(offsets, expected):
    assert reminder_dates(date(2024, 1, 12), offsets=offsets) == expected


# --- Legal bases ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("basis", "expected"),
    [
        ("wro", K.PROOF_OF_ADMISSIBILITY),
        ("finding", K.PROOF_OF_ADMISSIBILITY),
        ("caatsa", K.CAATSA_EVIDENCE),
        ("uflpa", K.UFLPA_RESPONSE),
    ],
)
def test_importer_window_kind_follows_the_basis(basis, expected):
    assert importer_window_kind(basis) is expected


@pytest.mark.parametrize("basis", ["", "WRO", "other"])
def test_importer_window_kind_rejects_an_unknown_basis(basis):
    with pytest.raises(ValueError, match="unknown detention basis"):
        importer_window_kind(basis)


@pytest.mark.parametrize(
    ("basis", "expected"),
    [("wro", False), ("finding", False), ("caatsa", True), ("uflpa", True)],
)
def test_deemed_exclusion_by_default_only_for_presumption_bases(basis, expected):
    assert DEFAULT_DEEMED_EXCLUSION_POLICY[basis] is expected
    assert deemed_exclusion_applies(basis) is expected


@pytest.mark.parametrize(
    ("policy", "basis", "expected"),
    [
        ({"wro": True}, "wro", True),
        ({"wro": True}, "finding", False),  # bases left out keep the default
        ({"wro": True}, "caatsa", True),
        ({"uflpa": False}, "uflpa", False),
        ({}, "caatsa", True),
    ],
)
def test_deemed_exclusion_policy_can_be_overridden_per_basis(policy, basis, expected):
    assert deemed_exclusion_applies(basis, policy) is expected


def test_deemed_exclusion_rejects_an_unknown_basis():
    with pytest.raises(ValueError, match="unknown detention basis"):
        deemed_exclusion_applies("other")


# --- Names the system stores, and Inauguration Day --------------------------------------------------


def test_the_stored_names_of_the_clocks_are_those_of_the_domain_table():
    # domain.md section 3, column "Kind (the system's name)", and accelerated_disposition (docs/protests.md).
    assert {k.value for k in DeadlineKind} == {
        "allegation_transmittal", "detention_decision", "detention_notice", "admissibility_determination",
        "proof_of_admissibility", "caatsa_evidence", "uflpa_response", "rfi_response", "abandonment",
        "protest_filing", "protest_decision", "court_filing", "exception_report", "accelerated_disposition",
        # After the decision (docs/seizure.md).
        "seizure_election", "supplemental_petition", "forfeiture_publication", "forfeiture_claim", "export_proof",
        "redelivery", "redelivery_protest",
        # The decision on a protest of a demand for redelivery, two years (docs/seizure.md).
        "protest_review",
    }


def test_the_parties_that_must_act_are_the_agency_and_the_importer():
    assert {p.value for p in Party} == {"agency", "importer"}


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (1965, None),  # 5 U.S.C. 6103(c): each fourth year *after* 1965
        (1969, date(1969, 1, 20)),
        (2013, date(2013, 1, 21)),  # January 20 was a Sunday
        (2017, date(2017, 1, 20)),
        (2026, None),
        (2027, None),
        (2029, date(2029, 1, 20)),  # a Saturday: the statute gives no substitute day
    ],
)
def test_inauguration_day_falls_every_fourth_year_after_1965(year, expected):
    assert inauguration_day(year) == expected


def test_inauguration_day_closes_only_washington_area_ports():
    # Friday 2017-01-20: a business day everywhere else.
    dc = BusinessCalendar(dc_area=True)
    assert not dc.is_business_day(date(2017, 1, 20))
    assert "Inauguration Day" in dc.holiday_name(date(2017, 1, 20))
    assert CAL.is_business_day(date(2017, 1, 20))
    assert BusinessCalendar(closures={date(2017, 1, 19)}).is_business_day(date(2017, 1, 20))
    assert add_business_days(date(2017, 1, 19), 1, dc) == date(2017, 1, 23)
    assert add_business_days(date(2017, 1, 19), 1) == date(2017, 1, 20)


def test_a_calendar_built_from_a_list_of_closures_is_the_same_value_as_from_a_set():
    listed = BusinessCalendar(closures=[date(2024, 1, 9), date(2024, 1, 9)])
    assert listed == BusinessCalendar(closures={date(2024, 1, 9)})
    assert isinstance(listed.closures, frozenset)
    assert hash(listed) == hash(BusinessCalendar(closures={date(2024, 1, 9)}))


def test_no_caller_can_change_a_clock_rule():
    with pytest.raises(FrozenInstanceError):
        CLOCK_RULES[K.PROTEST_FILING].length = 365


@pytest.mark.parametrize(
    ("kind", "starts", "lapses"),
    [
        # domain.md section 3, columns "Starts at" and "When it lapses".
        (K.DETENTION_DECISION, "presentation", "deemed detained"),
        (K.ADMISSIBILITY_DETERMINATION, "presentation", "deemed exclusion"),
        (K.UFLPA_RESPONSE, "presentation", "exclusion"),
        (K.PROOF_OF_ADMISSIBILITY, "importation", "seizure"),
        (K.ABANDONMENT, "exclusion advice", "abandoned"),
    ],
)
def test_clock_rules_state_the_trigger_and_consequence_of_the_domain_table(kind, starts, lapses):
    assert starts in CLOCK_RULES[kind].starts_at
    assert lapses in CLOCK_RULES[kind].on_lapse


def test_clocks_that_start_at_presentation_say_so_in_the_words_of_the_domain_table():
    assert CLOCK_RULES[K.ADMISSIBILITY_DETERMINATION].starts_at == "presentation"
    assert CLOCK_RULES[K.UFLPA_RESPONSE].starts_at == "presentation"
    assert CLOCK_RULES[K.UFLPA_RESPONSE].on_lapse == "exclusion"
