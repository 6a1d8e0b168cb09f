"""The keyed, hash-chained audit trail: `verify_audit` finds any altered or missing event, and an audit
write that fails takes the change it records down with it. (Attacks on the chain: test_audit_attacks.py.)"""

import io

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from cases import audit
from cases.models import AuditEvent, Deadline, Detention, ForeignEntity, Notification, ReleaseStatus
from cases.services import detentions
from tests import factories
from tests.cases.audit_support import nth, tampering


def rename_entity_several_times(actor, times=4) -> ForeignEntity:
    entity = factories.ForeignEntityFactory(name="Dandong Garment Works")
    for n in range(1, times + 1):
        with transaction.atomic():
            before = audit.snapshot(entity, ["name"])
            entity.name = f"Dandong Garment Works No. {n}"
            entity.save(update_fields=["name"])
            audit.record_event(
                actor=actor, action="rename_entity", obj=entity, before=before,
                after=audit.snapshot(entity, ["name"]), reason=f"Corrected spelling, round {n}",
            )
    audit.seal_pending()  # what the after-commit hook does outside a test transaction
    return entity


def verify() -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_an_untouched_chain_of_several_events_verifies(officer):
    rename_entity_several_times(officer, times=4)

    assert "4 audit events verified" in verify()


@pytest.mark.django_db
def test_an_empty_audit_trail_verifies():
    assert "0 audit events verified" in verify()


@pytest.mark.django_db
def test_verify_audit_names_the_event_whose_reason_was_changed(officer):
    rename_entity_several_times(officer, times=4)
    with tampering():
        AuditEvent.objects.filter(sequence=nth(2)).update(reason="x")

    with pytest.raises(CommandError, match=rf"#{nth(2)} at chain position 2: its content was altered"):
        verify()


@pytest.mark.django_db
def test_verify_audit_names_the_event_whose_after_values_were_changed_in_sql(officer):
    rename_entity_several_times(officer, times=4)
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    after = connection.ops.quote_name("after")
    placeholder = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    with tampering(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {after} = {placeholder} WHERE sequence = %s", ['{"name": "Someone Else Ltd"}', nth(3)]
        )
    assert AuditEvent.objects.get(sequence=nth(3)).after == {"name": "Someone Else Ltd"}

    with pytest.raises(CommandError, match=rf"#{nth(3)} at chain position 3: its content was altered"):
        verify()


@pytest.mark.django_db
def test_verify_audit_reports_a_deleted_middle_event_as_missing(officer):
    rename_entity_several_times(officer, times=4)
    with tampering():
        AuditEvent.objects.filter(sequence=nth(2)).delete()

    with pytest.raises(CommandError, match=r"chain position 2: missing"):
        verify()


@pytest.mark.django_db
def test_verify_audit_reports_a_deleted_last_event_as_missing(officer):
    rename_entity_several_times(officer, times=4)
    with tampering():
        AuditEvent.objects.filter(sequence=nth(4)).delete()

    with pytest.raises(CommandError, match=r"chain position 4: missing"):
        verify()


@pytest.mark.django_db
def test_verify_audit_counts_the_events_verified_before_the_break(officer):
    rename_entity_several_times(officer, times=4)
    with tampering():
        AuditEvent.objects.filter(sequence=nth(3)).update(action="approve_decision")
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=out)

    assert "2 audit events verified before the break" in out.getvalue()


@pytest.mark.django_db
def test_verify_audit_from_the_command_line_exits_non_zero_and_names_the_event_on_stderr(officer, capsys):
    rename_entity_several_times(officer, times=3)
    audit.seal_pending()
    first = nth(1)
    with tampering():
        AuditEvent.objects.filter(sequence=first).update(reason="x")

    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "verify_audit"]).execute()

    assert exit_info.value.code != 0
    assert f"audit event #{first} at chain position 1: its content was altered" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_record_event_outside_a_transaction_raises(officer):
    entity = factories.ForeignEntityFactory()

    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.record_event(actor=officer, action="rename_entity", obj=entity, after={"name": "x"})
    assert not AuditEvent.objects.exists()


def failing_digest(event):
    raise OSError("audit store unavailable")


@pytest.mark.django_db(transaction=True)
def test_a_failed_audit_write_leaves_neither_the_change_nor_an_audit_row(officer, monkeypatch):
    entity = factories.ForeignEntityFactory(name="Original Name Co.")
    monkeypatch.setattr(audit, "entry_mac", failing_digest)

    with pytest.raises(OSError), transaction.atomic():
        entity.name = "Changed Name Co."
        entity.save(update_fields=["name"])
        audit.record_event(actor=officer, action="rename_entity", obj=entity, after={"name": entity.name})

    assert ForeignEntity.objects.get(pk=entity.pk).name == "Original Name Co."
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_detention_whose_audit_write_fails_leaves_no_detention_clock_or_notification(officer, monkeypatch):
    shipment = factories.ShipmentFactory()
    monkeypatch.setattr(audit, "entry_mac", failing_digest)

    with pytest.raises(OSError):
        detentions.detain_shipment(
            actor=officer, shipment=shipment, basis="caatsa", detained_on=shipment.presentation_date
        )

    shipment.refresh_from_db()
    assert shipment.release_status == ReleaseStatus.PENDING
    assert not Detention.objects.exists()
    assert not Deadline.objects.exists()
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.exists()
