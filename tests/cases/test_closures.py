import datetime

import pytest
from django.urls import reverse

from cases.clocks import DeadlineKind
from cases.models import AuditEvent, Closure, Deadline
from cases.services import rfis, shipments
from cases.services.support import as_of
from tests import factories
from tests.cases import helpers

pytestmark = pytest.mark.django_db


def _add_closure(client, admin_user, day):
    client.force_login(admin_user)
    response = client.post(reverse("admin:cases_closure_add"), {"date": day.isoformat(), "reason": "Storm closure"})
    assert response.status_code == 302, response.content
    return Closure.objects.get(date=day)


def test_a_closure_moves_a_running_business_day_clock(client, admin_user, officer):
    # Presented Monday 2 November 2026: the decision is due Monday 9 November (5 business days).
    with as_of(datetime.date(2026, 11, 2)):
        shipment = shipments.register_shipment(
            actor=officer, entry_number="ZZ1-2000001-1", importer=factories.ImporterOrganisationFactory(),
            country_of_origin="CN", hts_codes=["6307.90.9889"], description="Masks", quantity=10, value=100,
            port_code="1001", importation_date=datetime.date(2026, 11, 1), presentation_date=datetime.date(2026, 11, 2),
        )
    clock = Deadline.objects.get(shipment=shipment, kind=DeadlineKind.DETENTION_DECISION)
    assert clock.due_date == datetime.date(2026, 11, 9)

    _add_closure(client, admin_user, datetime.date(2026, 11, 5))

    clock.refresh_from_db()
    assert clock.due_date == datetime.date(2026, 11, 10)
    event = AuditEvent.objects.get(action="recompute_clock")
    assert event.before["due_date"] == "2026-11-09" and event.after["due_date"] == "2026-11-10"


def test_a_closure_on_the_last_day_of_an_importer_window_rolls_it_forward(client, admin_user, officer, importer_a):
    submission = helpers.submitted(officer=officer, importer_user=importer_a)
    rfi = rfis.send_rfi(actor=officer, detention=submission.detention, questions="Payroll for March.")
    last_day = rfi.due_date
    _add_closure(client, admin_user, last_day)
    rfi.refresh_from_db()
    assert rfi.due_date > last_day
    assert Deadline.objects.get(rfi=rfi).due_date == rfi.due_date


def test_a_closure_leaves_agency_calendar_day_clocks_alone(client, admin_user, officer):
    detention = helpers.detained(officer=officer, basis="caatsa")
    clock = Deadline.objects.get(detention=detention, kind=DeadlineKind.ADMISSIBILITY_DETERMINATION)
    due = clock.due_date
    _add_closure(client, admin_user, due)
    clock.refresh_from_db()
    assert clock.due_date == due


def test_only_administrators_reach_the_administration_site(client, supervisor):
    supervisor.is_staff = True
    supervisor.save()
    client.force_login(supervisor)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302  # sent to the admin sign-in, not shown the site
