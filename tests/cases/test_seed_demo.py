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
    GoodsDisposition,
    Investigation,
    SeizurePetition,
    Shipment,
    User,
    WithholdReleaseOrder,
)
from cases.services.support import today

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _evidence(isolated_evidence_storage):
    """The demo's files and letters are stored under the test's own directory."""
    return isolated_evidence_storage


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
    # Entries with lines for list screening and the release-or-detain queue (cases/demo_entries.py): 59
    # entries of one line each, a second line on every third (20) and another on every fourth from the
    # second (15).
    demo_entries = Shipment.objects.filter(entry_number__startswith="DE")
    assert demo_entries.count() == 59
    assert EntryLine.objects.filter(shipment__in=demo_entries).count() == 59 + 20 + 15
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
    # After the decision (docs/seizure.md): a Finding case seized, petitioned and decided; abandoned goods destroyed.
    assert SeizurePetition.objects.filter(status="denied", seizure__detention__basis="finding").exists()
    assert GoodsDisposition.objects.filter(status="destroyed", detention__status="abandoned").exists()
    call_command("verify_audit", verbosity=0)


def test_the_demo_has_a_record_behind_its_cases():
    from evidence.models import EvidenceFile

    call_command("seed_demo", verbosity=0)

    filed = EvidenceFile.objects.filter(submission__status__in=["submitted", "under_review"])
    assert {"audit_report", "supply_chain_map"} <= set(filed.values_list("category", flat=True))
    assert EvidenceFile.objects.filter(rfi__status="answered", content_type__contains="spreadsheet").exists()
    assert EvidenceFile.objects.filter(investigation__isnull=False).count() >= 2
    assert EvidenceFile.objects.filter(wro__isnull=False, content_type="application/pdf").exists()
    from cases.models import Protest

    assert Protest.objects.filter(status="filed").values("organisation").distinct().count() == 2
