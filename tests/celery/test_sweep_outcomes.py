"""What each lapse records through the law's service, and what the sweep reports when the service refuses.

A refused outcome keeps the clock's lapse and alerts the supervisor (cases/services/sweep.py,
_through_service). Expected states and dates come from the regulations cited, not from the code.
"""

import datetime

import pytest
import time_machine

from cases.errors import InvalidTransition
from cases.models import Deadline, Detention, Notification, Protest
from cases.services import decisions, protests, rfis, seizures, sweep
from tests.cases import helpers

pytestmark = pytest.mark.django_db
D = datetime.date


def _on(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(15), tzinfo=datetime.UTC), tick=False)


def _notes(clock, suffix):
    return Notification.objects.filter(idempotency_key__startswith=f"deadline-{clock.pk}-{suffix}")


def _admissibility_clock(officer, supervisor, importer_user):
    # 19 U.S.C. 1499(c)(5)(A): no final decision within 30 days of presentation; under UFLPA the policy deems
    # the goods excluded (domain.md, deemed-exclusion policy).
    with helpers.as_of(helpers.days_ago(40)):
        detention = helpers.noticed(officer=officer, importer=importer_user.organisation, basis="uflpa")
    return Deadline.objects.get(detention=detention, kind="admissibility_determination")


def _rfi_clock(officer, supervisor, importer_user):
    with helpers.as_of(helpers.days_ago(40)):
        detention = helpers.noticed(officer=officer, importer=importer_user.organisation, basis="uflpa")
        rfi = rfis.send_rfi(actor=officer, detention=detention, questions="Provide the payroll for March.")
    return Deadline.objects.get(rfi=rfi, kind="rfi_response")


def _abandonment_clock(officer, supervisor, importer_user):
    # 19 CFR 12.44(a): excluded under a WRO 70 days ago, neither exported nor protested.
    detention = helpers.in_state("excluded", officer=officer, supervisor=supervisor, importer_user=importer_user,
                                 basis="wro", on=helpers.days_ago(70))
    return Deadline.objects.get(detention=detention, kind="abandonment", state="open")


def _protest_clock(officer, supervisor, importer_user):
    with helpers.as_of(helpers.days_ago(45)):
        detention = helpers.in_state("excluded", officer=officer, supervisor=supervisor, importer_user=importer_user)
        protest = helpers.file_protest(importer_user=importer_user, detention=detention)
    return Deadline.objects.get(protest=protest, kind="protest_decision")


def _redelivery_clock(officer, supervisor, importer_user):
    with helpers.as_of(helpers.days_ago(40)):
        detention = helpers.in_state("released", officer=officer, supervisor=supervisor, importer_user=importer_user)
        seizures.demand_redelivery(actor=officer, detention=detention, reason="Finding covers the goods.",
                                   bond_number="BOND-99-001", goods_value="8000.00")
    return Deadline.objects.get(detention=detention, kind="redelivery")


LAPSES = {
    # clock builder, handler, service, what the service leaves recorded
    "admissibility": (_admissibility_clock, "_admissibility_lapsed", "record_deemed_exclusion",
                      lambda clock: clock.detention.status == "deemed_excluded"),
    "rfi": (_rfi_clock, "_rfi_lapsed", "lapse_rfi", lambda clock: clock.rfi.status == "lapsed"),
    "abandonment": (_abandonment_clock, "_abandoned", "record_abandonment",
                    lambda clock: clock.detention.status == "abandoned"),
    "protest": (_protest_clock, "_protest_deemed_denied", "record_deemed_denial",
                lambda clock: clock.protest.status == "deemed_denied"),
    "redelivery": (_redelivery_clock, "_not_redelivered", "record_not_redelivered",
                   lambda clock: clock.detention.redeliveries.get().status == "not_redelivered"),
}


def _fresh_clock(clock):
    return Deadline.objects.select_related("rfi", "detention", "protest").get(pk=clock.pk)


@pytest.mark.parametrize("lapse", list(LAPSES))
def test_a_lapse_whose_outcome_is_recorded_reports_it_recorded(lapse, officer, supervisor, importer_a):
    build, handler, _, recorded = LAPSES[lapse]
    clock = build(officer, supervisor, importer_a)

    outcome = getattr(sweep, handler)(_fresh_clock(clock), helpers.days_ago(0))

    assert outcome == "recorded"
    assert recorded(_fresh_clock(clock))
    assert not _notes(clock, "not-recorded").exists()


@pytest.mark.parametrize("lapse", list(LAPSES))
def test_a_lapse_whose_outcome_the_service_refuses_is_reported_lapsed(lapse, officer, supervisor, importer_a,
                                                                     monkeypatch):
    build, handler, service, recorded = LAPSES[lapse]
    clock = build(officer, supervisor, importer_a)

    def refuse(**kwargs):
        raise InvalidTransition(action=service, current_state="decided", object_label="case")

    monkeypatch.setattr(sweep, service, refuse)

    assert getattr(sweep, handler)(_fresh_clock(clock), helpers.days_ago(0)) == "lapsed"
    assert _fresh_clock(clock).state == "lapsed"
    assert not recorded(_fresh_clock(clock))
    [alert] = _notes(clock, "not-recorded")
    assert (alert.recipient, alert.kind) == (supervisor, "clock_escalation")


def test_after_a_request_for_accelerated_disposition_the_protest_is_deemed_denied_on_the_30th_day(
        officer, officer2, supervisor, importer_a):
    # 19 U.S.C. 1515(b); 19 CFR 174.22: mailed Tuesday 31 December 2024, more than 90 days after the filing on
    # 30 September; undecided, the protest is deemed denied at the close of the 30th day, Thursday 30 January 2025.
    with _on(D(2024, 9, 16)):
        detention = helpers.proposed(officer=officer, basis="uflpa", outcome="exclude",
                                     importer=importer_a.organisation)
        decisions.approve_decision(actor=supervisor, detention=detention)
    with _on(D(2024, 9, 30)):
        protest = helpers.file_protest(importer_user=importer_a, detention=Detention.objects.get(pk=detention.pk))
    # The 30 days of 174.21(b) are set aside here: a protest still pending after 90 days.
    Deadline.objects.filter(protest=protest, kind="protest_decision").update(state="cancelled")
    with _on(D(2024, 12, 31)):
        protests.request_accelerated_disposition(actor=importer_a, protest=Protest.objects.get(pk=protest.pk))
    clock = Deadline.objects.get(protest=protest, kind="accelerated_disposition")
    assert clock.due_date == D(2025, 1, 30)

    with _on(D(2025, 1, 31)):
        assert sweep._protest_deemed_denied(_fresh_clock(clock), D(2025, 1, 31)) == "recorded"

    protest.refresh_from_db()
    assert (protest.status, protest.decided_on) == ("deemed_denied", D(2025, 1, 30))
