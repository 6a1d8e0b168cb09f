import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.http import HttpRequest

from cases.demo import DEMO_PASSWORD
from cases.models import (
    AuditEvent,
    Deadline,
    Detention,
    DetentionStatus,
    EntryLine,
    Finding,
    Investigation,
    Shipment,
    User,
    WithholdReleaseOrder,
)
from cases.services.support import today

pytestmark = pytest.mark.django_db


def _counts():
    return {model.__name__: model.objects.count() for model in
            (User, Shipment, Detention, WithholdReleaseOrder, Finding, Investigation, Deadline, AuditEvent)}


def test_seed_demo_twice_adds_nothing():
    call_command("seed_demo", verbosity=0)
    before = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == before


def test_demo_data_set_covers_what_a_demo_needs():
    call_command("seed_demo", verbosity=0)
    for username in ("officer", "officer2", "supervisor", "admin", "importer", "importer2"):
        # django-axes counts sign-ins per client address, so authenticate needs the request.
        assert authenticate(HttpRequest(), username=username, password=DEMO_PASSWORD) is not None, username
    # Detentions in every state, about sixty shipments, every published order.
    assert set(Detention.objects.values_list("status", flat=True)) == set(DetentionStatus.values)
    assert 55 <= Shipment.objects.exclude(entry_number__startswith="DE").count() <= 70
    # Entries with lines for list screening and the release-or-detain queue (cases/demo_entries.py).
    demo_entries = Shipment.objects.filter(entry_number__startswith="DE")
    assert demo_entries.count() == 36
    assert EntryLine.objects.filter(shipment__in=demo_entries).count() == 36 + 12 + 9  # one each, 2nd, 3rd lines
    assert EntryLine.objects.filter(shipment__in=demo_entries, country_of_origin="KP").exists()
    assert WithholdReleaseOrder.objects.count() + Finding.objects.filter(source_wro__isnull=True).count() == 39
    # Clocks due soon and overdue.
    open_clocks = Deadline.objects.filter(state="open")
    assert open_clocks.filter(due_date__lt=today()).exists()
    assert open_clocks.filter(due_date__gte=today()).exists()
    # The seed case: North Korean labor in Dandong PPE factories, under CAATSA.
    investigation = Investigation.objects.get(subject__startswith="North Korean workers")
    assert investigation.suspected_basis == "caatsa"
    assert investigation.indicators.filter(observed=True).count() == 4
    call_command("verify_audit", verbosity=0)
