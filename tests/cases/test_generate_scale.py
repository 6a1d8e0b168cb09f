"""`manage.py generate_scale` writes a data set the rest of the system accepts: the audit chain verifies, every
stored next clock equals the recomputed one, the rows obey the model's rules, and a second run with the same
seed is refused rather than duplicated."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from cases.models import (
    AdmissibilitySubmission,
    AuditEvent,
    Deadline,
    Decision,
    Detention,
    EntryLine,
    Shipment,
)
from cases.services.deadlines import next_clock_drift

pytestmark = pytest.mark.django_db(transaction=True)


def test_generate_scale_writes_entries_detentions_clocks_and_a_sealed_chain():
    call_command("generate_scale", entries=600, detentions=200, batch=250, verbosity=0)
    entries = Shipment.objects.filter(entry_number__startswith="S13-")
    assert entries.count() == 600
    # Every entry has one to three lines numbered from 1.
    assert EntryLine.objects.filter(shipment__in=entries, line_number=1).count() == 600
    assert 600 <= EntryLine.objects.filter(shipment__in=entries).count() <= 1800
    detentions = Detention.objects.filter(shipment__in=entries)
    assert 120 <= detentions.count() <= 280  # about a third, drawn at random
    # Every detention was presented and decided on time (the database's own checks held) and has its notice
    # clock; every decided one has its approved decision, proposed and approved by two people.
    assert Deadline.objects.filter(detention__in=detentions, kind="detention_notice").count() == detentions.count()
    decided = detentions.filter(decided_on__isnull=False)
    assert Decision.objects.filter(detention__in=decided, status="approved").count() == decided.count()
    assert not Decision.objects.filter(detention__in=decided, reviewed_by=F("proposed_by")).exists()
    assert AdmissibilitySubmission.objects.filter(detention__in=detentions).exists()
    statuses = set(detentions.values_list("status", flat=True))
    assert {"released", "excluded", "notice_issued"} <= statuses
    # Open cases have open clocks, and the stored next clock agrees with the clock rows.
    assert detentions.filter(next_clock_due__isnull=False).exists()
    assert next_clock_drift() == []
    # One event per entry and several per detention, all sealed into a chain that verifies.
    assert AuditEvent.objects.filter(action="register_shipment", object_type="shipment").count() >= 600
    assert not AuditEvent.objects.filter(hash__isnull=True).exists()
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert f"{AuditEvent.objects.count()} audit events verified; the chain is intact" in out.getvalue()


def test_the_same_seed_twice_is_refused_and_another_seed_adds():
    call_command("generate_scale", entries=50, detentions=10, verbosity=0)
    with pytest.raises(CommandError, match="another --seed"):
        call_command("generate_scale", entries=50, detentions=10, verbosity=0)
    call_command("generate_scale", entries=50, detentions=10, seed=2207, verbosity=0)
    assert Shipment.objects.filter(entry_number__startswith="S22-").count() == 50
    assert Shipment.objects.filter(entry_number__startswith="S13-").count() == 50


@pytest.mark.parametrize("arguments, message", [
    ({"entries": 0}, "must be positive"),
    ({"entries": 10, "detentions": 11}, "between 0 and --entries"),
])
def test_bad_sizes_are_refused(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_scale", verbosity=0, **arguments)
    assert not Shipment.objects.exists()
