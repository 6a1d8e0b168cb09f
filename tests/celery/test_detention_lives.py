"""Time travel through a detention's whole life under each basis, one sweep a day.

The dates are domain.md's worked example: imported 2020-11-30, presented Wed 2020-12-23, so the
detention decision is due Mon 2021-01-04, the admissibility determination 2021-01-22 and (WRO,
Finding) the proof of admissibility 2021-02-28, a Sunday, rolled to Mon 2021-03-01. Every
reminder, escalation, deemed outcome and window closing must land on exactly the listed day.
"""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group

from cases.models import Deadline, Detention, IloIndicator, Notification
from cases.services import decisions, detentions, protests, rfis, shipments, submissions
from cases.services.sweep import sweep_deadlines
from tests import factories
from tests.cases.helpers import NOTICE, complete_answers

pytestmark = pytest.mark.django_db

D = datetime.date
IMPORTED, PRESENTED = D(2020, 11, 30), D(2020, 12, 23)


class Life:
    """Walks day by day: first the people's acts of the day, then the day's sweep."""

    def __init__(self, officer):
        self.officer = officer
        self.fired: set[tuple] = set()

    def live(self, start: datetime.date, end: datetime.date, acts: dict) -> set[tuple]:
        with time_machine.travel(datetime.datetime.combine(start, datetime.time(12), tzinfo=datetime.UTC),
                                 tick=False) as traveller:
            day = start
            while day <= end:
                traveller.move_to(datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC))
                if day in acts:
                    acts[day]()
                last = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0
                sweep_deadlines()
                for notification in Notification.objects.filter(id__gt=last):
                    self.fired.add((day, notification.kind, _clock_kind(notification)))
                day += datetime.timedelta(days=1)
        return self.fired


def _clock_kind(notification) -> str | None:
    key = notification.idempotency_key
    if key.startswith("deadline-"):
        return Deadline.objects.get(pk=int(key.split("-")[1])).kind
    return None


def _present_and_detain(officer, org, basis, imported=IMPORTED, presented=PRESENTED, **order):
    shipment = shipments.register_shipment(
        actor=officer, entry_number="AB1-1234567-8", importer=org, country_of_origin="MY",
        hts_codes=["4015.19.0510"], description="Nitrile gloves", quantity=100, value=25000, port_code="1001",
        importation_date=imported, presentation_date=presented,
    )
    return detentions.detain_shipment(actor=officer, shipment=shipment, basis=basis, **order)


def _notice(officer):
    return lambda: detentions.issue_notice(actor=officer, detention=Detention.objects.get(), **NOTICE)


def test_wro_life_escalates_the_late_notice_lapses_the_rfi_and_ends_in_abandonment(
        officer, supervisor, importer_a):
    wro = factories.WroFactory(effective_date=D(2020, 7, 15))

    def send_rfi():
        _notice(officer)()
        rfis.send_rfi(actor=officer, detention=Detention.objects.get(), questions="Payroll records, please.")

    def exclude():
        detention = Detention.objects.get()
        decisions.propose_decision(actor=officer, detention=detention, outcome="exclude", reasons="No proof filed.")
        decisions.approve_decision(actor=supervisor, detention=detention)

    fired = Life(officer).live(PRESENTED, D(2021, 5, 4), {
        PRESENTED: lambda: _present_and_detain(officer, importer_a.organisation, "wro", wro=wro),
        D(2021, 1, 6): send_rfi,
        D(2021, 3, 3): exclude,
    })

    assert fired == {
        (D(2020, 12, 31), "clock_reminder", "detention_notice"),
        (D(2021, 1, 5), "clock_escalation", "detention_notice"),
        (D(2021, 1, 14), "clock_reminder", "admissibility_determination"),
        (D(2021, 1, 21), "clock_reminder", "admissibility_determination"),
        # WRO policy: a supervisor alert, not a deemed exclusion; the 3-month window governs.
        (D(2021, 1, 23), "clock_escalation", "admissibility_determination"),
        (D(2021, 1, 29), "clock_reminder", "rfi_response"),
        (D(2021, 2, 4), "clock_reminder", "rfi_response"),
        (D(2021, 2, 6), "rfi_lapsed", None),
        (D(2021, 2, 22), "clock_reminder", "proof_of_admissibility"),
        (D(2021, 2, 26), "clock_reminder", "proof_of_admissibility"),
        (D(2021, 3, 2), "window_lapsed", "proof_of_admissibility"),
        (D(2021, 4, 26), "clock_reminder", "abandonment"),
        (D(2021, 4, 30), "clock_reminder", "abandonment"),
        (D(2021, 5, 3), "abandoned", None),
    }
    detention = Detention.objects.get()
    assert detention.status == "abandoned"
    assert detention.closed_on == D(2021, 5, 3)


def test_finding_life_tells_the_officer_seizure_is_open_when_proof_is_late(officer, supervisor, importer_a):
    finding = factories.FindingFactory(published_date=D(2020, 3, 1))

    fired = Life(officer).live(PRESENTED, D(2021, 3, 3), {
        PRESENTED: lambda: _present_and_detain(officer, importer_a.organisation, "finding", finding=finding),
        D(2020, 12, 28): _notice(officer),
    })

    assert fired == {
        (D(2021, 1, 14), "clock_reminder", "admissibility_determination"),
        (D(2021, 1, 21), "clock_reminder", "admissibility_determination"),
        (D(2021, 1, 23), "clock_escalation", "admissibility_determination"),
        (D(2021, 2, 22), "clock_reminder", "proof_of_admissibility"),
        (D(2021, 2, 26), "clock_reminder", "proof_of_admissibility"),
        (D(2021, 3, 2), "window_lapsed", "proof_of_admissibility"),
    }
    advice = Notification.objects.get(kind="window_lapsed")
    assert advice.recipient == officer
    assert "seizure" in advice.body and "12.44(b)" in advice.body


def test_caatsa_life_records_deemed_exclusion_on_day_31_and_deemed_denial_of_the_protest(
        officer, supervisor, importer_a):
    def protest():
        detention = Detention.objects.get()
        protests.file_protest(
            actor=importer_a, detention=detention, protestant_name="Alpha Imports LLC",
            protestant_address="1 Dock St", importer_number=importer_a.organisation.importer_number,
            entry_number="AB1-1234567-8", merchandise="Gloves", objections="The workers were not North Korean.",
        )

    fired = Life(officer).live(PRESENTED, D(2021, 3, 5), {
        PRESENTED: lambda: _present_and_detain(officer, importer_a.organisation, "caatsa"),
        D(2020, 12, 28): _notice(officer),
        D(2021, 2, 1): protest,
    })

    assert fired == {
        (D(2021, 1, 14), "clock_reminder", "admissibility_determination"),
        (D(2021, 1, 20), "clock_reminder", "caatsa_evidence"),
        (D(2021, 1, 21), "clock_reminder", "admissibility_determination"),
        (D(2021, 1, 23), "deemed_exclusion", None),
        # The deemed exclusion ends nothing else (1499(c)(5)(A)): the evidence window of the notice of
        # Mon 28 December still runs to Wed 2021-01-27, with its 1-business-day reminder, then closes.
        (D(2021, 1, 26), "clock_reminder", "caatsa_evidence"),
        (D(2021, 1, 28), "window_lapsed", "caatsa_evidence"),
        # Filed Feb 1: decided before the 30th day (by Mar 2) or deemed denied on it, Mar 3 (174.21(b)).
        (D(2021, 2, 23), "clock_reminder", "protest_decision"),
        (D(2021, 3, 1), "clock_reminder", "protest_decision"),
        (D(2021, 3, 3), "protest_deemed_denied", None),
    }
    detention = Detention.objects.get()
    assert detention.status == "deemed_excluded" and detention.deemed_excluded_on == D(2021, 1, 23)
    court = Deadline.objects.get(kind="court_filing", state="open")
    assert court.starts_on == D(2021, 3, 3) and court.due_date == D(2021, 8, 30)


# UFLPA covers goods entered on or after 2022-06-21, so its lives run a year-end of their own: imported
# Tue 2023-12-19, presented and detained Wed 2023-12-20 at New York. Hand-computed: the admissibility
# determination and the UFLPA response are due Fri 2024-01-19 (30 days); 5 business days before it is
# Thu 2024-01-11 (Mon 15 January is Martin Luther King Jr. Day), 1 business day before is Thu 2024-01-18.
U_IMPORTED, U_PRESENTED = D(2023, 12, 19), D(2023, 12, 20)


def test_uflpa_life_with_an_exception_escalates_the_overdue_report_to_congress(officer, supervisor, importer_a):
    Group.objects.get_or_create(name="Commissioner")[0].user_set.add(supervisor)

    def submit():
        detention = Detention.objects.get()
        draft = submissions.save_draft(
            actor=importer_a, detention=detention, package="uflpa_exception", summary="No XUAR nexus.",
            answers=complete_answers("uflpa_exception"),
            ilo_statements={i.value: "Addressed by audits." for i in IloIndicator},
        )
        submissions.submit_submission(actor=importer_a, submission=draft)

    def release():
        detention = Detention.objects.get()
        submissions.start_review(actor=officer, detention=detention)
        decisions.propose_decision(actor=officer, detention=detention, outcome="release", release_ground="exception",
                                   reasons="Exception met.")
        decisions.approve_decision(actor=supervisor, detention=detention)

    fired = Life(officer).live(U_PRESENTED, D(2024, 2, 13), {
        U_PRESENTED: lambda: _present_and_detain(officer, importer_a.organisation, "uflpa", U_IMPORTED, U_PRESENTED),
        D(2023, 12, 22): _notice(officer),
        D(2024, 1, 4): submit,
        D(2024, 1, 12): release,
    })

    # The package filed on 4 January met the importer's window, so only the agency is reminded. The
    # exception granted on Fri 2024-01-12 is reported by Sun 2024-02-11 (30 days, an agency clock: not
    # rolled); reminders 5 and 1 business days before (Mon 5 and Fri 9 February), escalation Mon 12.
    assert fired == {
        (D(2024, 1, 11), "clock_reminder", "admissibility_determination"),
        (D(2024, 2, 5), "clock_reminder", "exception_report"),
        (D(2024, 2, 9), "clock_reminder", "exception_report"),
        (D(2024, 2, 12), "clock_escalation", "exception_report"),
    }
    report = Deadline.objects.get(kind="exception_report")
    assert report.state == "open" and report.escalated_on == D(2024, 2, 12)


def test_uflpa_window_closing_tells_the_officer_to_propose_exclusion_when_policy_withholds_deemed_exclusion(
        officer, supervisor, importer_a, settings):
    settings.CASES_DEEMED_EXCLUSION_POLICY = {**settings.CASES_DEEMED_EXCLUSION_POLICY, "uflpa": False}

    fired = Life(officer).live(U_PRESENTED, D(2024, 1, 21), {
        U_PRESENTED: lambda: _present_and_detain(officer, importer_a.organisation, "uflpa", U_IMPORTED, U_PRESENTED),
    })

    assert (D(2024, 1, 20), "window_lapsed", "uflpa_response") in fired
    assert (D(2024, 1, 20), "clock_escalation", "admissibility_determination") in fired
    assert Detention.objects.get().status == "detained"
    advice = Notification.objects.get(kind="window_lapsed")
    assert "propose an exclusion" in advice.body
