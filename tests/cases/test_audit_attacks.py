"""The audit trail attacked as someone with database access (and, worse, the audit key) would try it.

The expected digests come from the canonical form documented in docs/audit.md, computed outside the
code under test (openssl dgst -sha256 -hmac on the hand-written canonical JSON below).
"""

import datetime
import hashlib
import hmac
import io
import json
import os
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from cases import audit
from cases.actors import SYSTEM
from cases.models import AuditChainHead, AuditEvent
from cases.services import decisions, detentions, protests, seizures, submissions
from tests import factories
from tests.cases import helpers, seizure_builders
from tests.cases.audit_support import nth, tampering

KAT_KEY = "known-answer-test-key-0123456789abcdef"
ON_POSTGRESQL = connection.vendor == "postgresql"
needs_postgresql = pytest.mark.skipif(not ON_POSTGRESQL, reason="the trigger and real concurrency need PostgreSQL")


@pytest.fixture(autouse=True)
def _keys(settings):
    settings.AUDIT_HMAC_KEYS = {"k1": "first-audit-key-for-tests-0123456789abcdef"}
    settings.AUDIT_HMAC_CURRENT_KEY_ID = "k1"


def verify() -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def write_events(actor, times=5):
    entity = factories.ForeignEntityFactory(name="Dandong Garment Works")
    for n in range(1, times + 1):
        with transaction.atomic():
            before = audit.snapshot(entity, ["name"])
            entity.name = f"Dandong Garment Works No. {n}"
            entity.save(update_fields=["name"])
            audit.record_event(actor=actor, action="rename_entity", obj=entity, before=before,
                               after=audit.snapshot(entity, ["name"]), reason=f"Corrected spelling, round {n}")
    audit.seal_pending()
    return entity


def relink_from(position: int) -> None:
    """What an attacker holding the key does after editing an event: re-hash it and every later one."""
    previous = AuditEvent.objects.get(chain_position=position - 1).hash if position > 1 else audit.GENESIS_HASH
    with tampering():
        for event in AuditEvent.objects.filter(chain_position__gte=position).order_by("chain_position"):
            event.entry_mac = audit.entry_mac(event)
            event.previous_hash = previous
            event.hash = audit.seal_hash(event)
            AuditEvent.objects.filter(pk=event.pk).update(
                entry_mac=event.entry_mac, previous_hash=event.previous_hash, hash=event.hash)
            previous = event.hash
        AuditChainHead.objects.filter(id=1).update(last_hash=previous)


# --- Known answer ---------------------------------------------------------------------------------

def test_the_digest_of_a_fixed_event_is_pinned(settings):
    # Changing the canonical form (docs/audit.md) changes these: that must be a deliberate migration.
    settings.AUDIT_HMAC_KEYS = {"kat-1": KAT_KEY}
    event = AuditEvent(
        sequence=12, chain_position=7, previous_hash="a" * 64, key_id="kat-1",
        occurred_at=datetime.datetime(2026, 3, 2, 14, 5, 9, 123, tzinfo=datetime.UTC),
        actor_id=None, actor_label="system", action="rename_entity", object_type="foreignentity", object_id="41",
        detention_id=None, before={"name": "Dandong Garment Works"}, after={"name": "Dandong Garment Works No. 2"},
        reason="Corrected spelling", request_id="req-7", outcome="success",
    )
    # {"action":"rename_entity","actor_id":null,"actor_label":"system","after":{...},"before":{...},
    #  "detention_id":null,"key_id":"kat-1","object_id":"41","object_type":"foreignentity",
    #  "occurred_at":"2026-03-02T14:05:09.000123+00:00","outcome":"success","reason":"Corrected spelling",
    #  "request_id":"req-7"}
    assert audit.entry_mac(event) == "846223cb320c03b8b619d7c0b47f2d458a9852fa5104c0eff4108144f39be669"
    event.entry_mac = audit.entry_mac(event)
    # {"chain_position":7,"entry_mac":"8462...","key_id":"kat-1","previous_hash":"aaa...","sequence":12}
    assert audit.seal_hash(event) == "3aae0f07716402f0d3e262a3a76beb3b8e1c2cbd4f9c7641f0af4f70e886d2f9"


# --- Each hashed field altered in turn --------------------------------------------------------------

ALTERATIONS = {
    "occurred_at": lambda e: {"occurred_at": e.occurred_at - datetime.timedelta(days=1)},
    "actor": lambda e: {"actor": factories.UserFactory(role="supervisor", username="someone-else")},
    "actor_label": lambda e: {"actor_label": "Someone Else"},
    "action": lambda e: {"action": "approve_decision"},
    "object_type": lambda e: {"object_type": "detention"},
    "object_id": lambda e: {"object_id": "999999"},
    "detention": lambda e: {"detention": helpers.detained(officer=factories.UserFactory(role="officer"))},
    "before": lambda e: {"before": {"name": "Another Name"}},
    "after": lambda e: {"after": {"name": "Another Name"}},
    "reason": lambda e: {"reason": ""},
    "request_id": lambda e: {"request_id": "forged-request"},
    "outcome": lambda e: {"outcome": "refused"},
    "key_id": lambda e: {"key_id": "k0"},
    "entry_mac": lambda e: {"entry_mac": "0" * 64},
    "sequence": lambda e: {"sequence": e.sequence + 1_000_000},
    "chain_position": lambda e: {"chain_position": 1_000},
    "previous_hash": lambda e: {"previous_hash": "f" * 64},
    "hash": lambda e: {"hash": "e" * 64},
}


@pytest.mark.django_db
@pytest.mark.parametrize("field", sorted(ALTERATIONS))
def test_altering_any_hashed_field_of_an_event_is_detected(officer, field):
    write_events(officer, times=4)
    target = AuditEvent.objects.get(chain_position=2)
    change = ALTERATIONS[field](target)
    assert verify()  # intact before
    audit.seal_pending()  # the detention built for the "detention" case writes (and seals) events of its own
    with tampering():
        AuditEvent.objects.filter(pk=target.pk).update(**change)

    with pytest.raises(CommandError, match=r"Audit chain broken at .*(position 2|position 3)"):
        verify()


@pytest.mark.django_db
def test_an_event_rewritten_with_its_own_hashes_recomputed_is_caught_by_the_next_link(officer):
    write_events(officer, times=4)
    event = AuditEvent.objects.get(chain_position=2)
    event.reason = "Approved by the port director"
    event.entry_mac = audit.entry_mac(event)
    event.hash = audit.seal_hash(event)
    with tampering():
        AuditEvent.objects.filter(pk=event.pk).update(reason=event.reason, entry_mac=event.entry_mac, hash=event.hash)

    with pytest.raises(CommandError, match=rf"#{nth(3)} at chain position 3: its link to the previous event"):
        verify()


@pytest.mark.django_db
def test_a_rehashed_chain_without_the_key_fails_its_macs(officer, settings):
    write_events(officer, times=3)
    settings.AUDIT_HMAC_KEYS = {"k1": "a-guessed-key-the-attacker-tried-000000"}
    relink_from(2)  # re-hashed with the wrong key: internally consistent, but not under the real key
    settings.AUDIT_HMAC_KEYS = {"k1": "first-audit-key-for-tests-0123456789abcdef"}

    with pytest.raises(CommandError, match=r"chain position 2: its content was altered"):
        verify()


# --- Checkpoints ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_checkpoint_records_the_sealed_head_and_is_written_only_when_the_chain_grew(officer):
    write_events(officer, times=3)
    name = audit.write_checkpoint()
    body = json.loads(audit.checkpoint_storage().open(name).read())

    assert body["chain_position"] == 3
    assert body["hash"] == AuditEvent.objects.get(chain_position=3).hash
    assert (body["format"], body["key_id"]) == (1, "k1")
    assert set(body) == {"format", "chain_position", "hash", "written_at", "key_id", "signature"}
    written = datetime.datetime.fromisoformat(body["written_at"])
    assert written.utcoffset() == datetime.timedelta(0)
    assert name == f"checkpoint-00000000000000000003-{written:%Y%m%dT%H%M%S%f}Z.json"
    unsigned = json.dumps({k: v for k, v in body.items() if k != "signature"}, sort_keys=True, separators=(",", ":"))
    assert body["signature"] == hmac.new(b"first-audit-key-for-tests-0123456789abcdef", unsigned.encode(),
                                         hashlib.sha256).hexdigest()
    assert audit.write_checkpoint() is None
    assert "matches checkpoint" in verify()


@pytest.mark.django_db
def test_removing_the_newest_events_and_moving_the_head_back_is_caught_by_the_checkpoint(officer):
    write_events(officer, times=5)
    audit.write_checkpoint()
    with tampering():
        AuditEvent.objects.filter(chain_position__gte=4).delete()
    AuditChainHead.objects.filter(id=1).update(last_position=3, last_hash=AuditEvent.objects.get(chain_position=3).hash)

    with pytest.raises(CommandError, match=r"records the chain up to position 5, but the chain ends at position 3"):
        verify()


@pytest.mark.django_db
def test_a_chain_rehashed_with_the_key_after_an_edit_is_caught_by_the_checkpoint(officer):
    write_events(officer, times=5)
    audit.write_checkpoint()
    with tampering():
        AuditEvent.objects.filter(chain_position=2).update(reason="Nothing to see")
    relink_from(2)
    assert list(audit.verify_chain(checkpoint=None))[-1] == 5  # consistent in itself

    with pytest.raises(CommandError, match=r"hash at chain position 5 differs .*: the chain was re-hashed"):
        verify()


@pytest.mark.django_db
def test_an_edited_checkpoint_is_caught_by_its_signature(officer):
    write_events(officer, times=3)
    name = audit.write_checkpoint()
    path = audit.checkpoint_storage().path(name)
    with open(path) as handle:
        body = json.loads(handle.read())
    body["chain_position"] = 2
    body["hash"] = AuditEvent.objects.get(chain_position=2).hash
    os.chmod(path, 0o600)
    with open(path, "w") as handle:
        handle.write(json.dumps(body))

    with pytest.raises(CommandError, match=rf"checkpoint {name}: its signature does not match"):
        verify()


@pytest.mark.django_db
def test_the_checkpoint_store_refuses_to_replace_or_delete_a_checkpoint(officer):
    from cases.checkpoint_storage import AppendOnlyError

    write_events(officer, times=1)
    name = audit.write_checkpoint()

    with pytest.raises(AppendOnlyError):
        audit.checkpoint_storage().delete(name)
    with pytest.raises(AppendOnlyError):
        audit.checkpoint_storage().save(name, io.BytesIO(b"{}"))


# --- Key rotation -----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_key_rotation_is_written_into_the_chain_and_old_events_still_verify(officer, settings):
    write_events(officer, times=2)
    settings.AUDIT_HMAC_KEYS = {"k1": "first-audit-key-for-tests-0123456789abcdef",
                                "k2": "second-audit-key-for-tests-0123456789abcdef"}
    settings.AUDIT_HMAC_CURRENT_KEY_ID = "k2"
    write_events(officer, times=1)

    rotation = AuditEvent.objects.get(chain_position=3)
    assert (rotation.action, rotation.before, rotation.after, rotation.key_id) == (
        "audit_key_rotated", {"key_id": "k1"}, {"key_id": "k2"}, "k2")
    assert AuditEvent.objects.get(chain_position=4).key_id == "k2"
    assert "4 audit events verified; the chain is intact" in verify()


@pytest.mark.django_db
def test_a_key_change_without_a_recorded_rotation_is_caught(officer, settings):
    settings.AUDIT_HMAC_KEYS = {"k1": "first-audit-key-for-tests-0123456789abcdef",
                                "k2": "second-audit-key-for-tests-0123456789abcdef"}
    write_events(officer, times=3)
    with tampering():
        AuditEvent.objects.filter(chain_position=2).update(action="rename_entity")
    event = AuditEvent.objects.get(chain_position=3)
    event.key_id = "k2"
    event.entry_mac = audit.entry_mac(event)
    event.hash = audit.seal_hash(event)
    with tampering():
        AuditEvent.objects.filter(pk=event.pk).update(key_id="k2", entry_mac=event.entry_mac, hash=event.hash)
    AuditChainHead.objects.filter(id=1).update(last_hash=event.hash, last_key_id="k2")

    with pytest.raises(CommandError, match=r"its key changed from 'k1' without a recorded key rotation"):
        verify()


# --- The database refuses edits (PostgreSQL) ----------------------------------------------------------

@needs_postgresql
@pytest.mark.django_db
def test_postgresql_refuses_to_update_or_delete_an_audit_event(officer):
    from django.db import InternalError, ProgrammingError

    write_events(officer, times=2)
    for attempt in (
        lambda: AuditEvent.objects.filter(chain_position=1).update(reason="x"),
        lambda: AuditEvent.objects.filter(chain_position=1).delete(),
        lambda: AuditEvent.objects.filter(chain_position=2).update(hash="e" * 64),
    ):
        with pytest.raises((InternalError, ProgrammingError), match="append-only"), transaction.atomic():
            attempt()
    assert AuditEvent.objects.get(chain_position=1).reason == "Corrected spelling, round 1"


# --- Concurrency: writers do not queue on one row; the order stays provable ---------------------------

@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_writers_append_while_the_chain_head_is_locked_and_ten_concurrent_writers_seal_into_one_chain():
    entities = [factories.ForeignEntityFactory(name=f"Entity {i}").pk for i in range(10)]
    audit.seal_pending()
    holder = connections.create_connection("default")
    holder.set_autocommit(False)
    with holder.cursor() as cursor:
        cursor.execute("SELECT 1 FROM cases_auditchainhead WHERE id = 1 FOR UPDATE")
    barrier = threading.Barrier(10)
    errors = []

    def write(pk):
        try:
            barrier.wait(timeout=10)
            from cases.models import ForeignEntity

            for n in range(5):
                with transaction.atomic():
                    entity = ForeignEntity.objects.get(pk=pk)
                    audit.record_event(actor=SYSTEM, action="rename_entity", obj=entity, after={"n": n})
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(pk,)) for pk in entities]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # Every writer committed while the head was held by another connection.
    assert errors == [] and AuditEvent.objects.filter(action="rename_entity").count() == 50
    holder.rollback()
    holder.close()

    audit.seal_pending()
    assert "50 audit events verified; the chain is intact" in verify()
    positions = list(AuditEvent.objects.order_by("sequence").values_list("chain_position", flat=True))
    assert positions == list(range(1, 51))


# --- What each main service writes, read back from the trail ----------------------------------------

@pytest.mark.django_db
def test_reasons_and_before_after_values_read_back_from_the_trail_after_each_decision_service(officer, supervisor):
    detention = helpers.noticed(officer=officer, basis="uflpa")
    decisions.propose_decision(actor=officer, detention=detention, outcome="release", release_ground="not_subject",
                               reasons="Audit shows no ILO flags.")
    decisions.send_back_decision(actor=supervisor, detention=detention, reason="Attach the auditor's licence.")
    detention.refresh_from_db()
    decisions.propose_decision(actor=officer, detention=detention, outcome="release", release_ground="not_subject",
                               reasons="Licence attached.")
    detention.refresh_from_db()
    decisions.approve_decision(actor=supervisor, detention=detention)
    assert "the chain is intact" in verify()

    trail = list(AuditEvent.objects.filter(detention=detention).order_by("chain_position")
                 .values_list("actor_label", "action", "object_type", "before", "after", "reason"))
    by_action = {}
    for row in trail:
        by_action.setdefault((row[1], row[2]), []).append(row)
    detain = by_action[("detain", "detention")][0]
    assert detain[4]["status"] == "detained"
    proposals = by_action[("propose_decision", "decision")]
    assert [p[4] for p in proposals] == [
        {"outcome": "release", "release_ground": "not_subject", "reasons": "Audit shows no ILO flags.",
         "status": "proposed"},
        {"outcome": "release", "release_ground": "not_subject", "reasons": "Licence attached.", "status": "proposed"},
    ]
    send_back = by_action[("send_back_decision", "decision")][0]
    assert send_back[3] == {"status": "proposed", "send_back_reason": ""}
    assert send_back[4] == {"status": "sent_back", "send_back_reason": "Attach the auditor's licence."}
    assert send_back[5] == "Attach the auditor's licence."
    assert ("approve_decision", "detention") in by_action


def _advertised(p):
    # Published 45 days ago: the claim window (20 days from publication, 19 CFR 162.45) has closed.
    back = helpers.days_ago(80)
    seizure = seizure_builders.record(p, seizure_builders.seized(p, on=back), on=back)
    seizure_builders.publish(p, seizure, on=back + datetime.timedelta(days=35))
    return seizure_builders.fresh(seizure)


def _protest(p, proposed=False):
    filed = helpers.protest_in("filed", officer=p["officer"], supervisor=p["supervisor"], importer_user=p["importer"])
    if proposed:
        protests.propose_protest_decision(actor=p["officer"], protest=filed, outcome="deny", reasons="Audit.")
        filed.refresh_from_db()
    return filed


def _services_with_a_reason():
    # name -> (arrange(people), act(people, obj, reason), (object type, action) of the event carrying the reason,
    #          (field, before, after) the event must show).
    return {
        "assign_detention": (
            lambda p: helpers.noticed(officer=p["officer"], importer=p["importer"].organisation),
            lambda p, d, r: detentions.assign_detention(actor=p["supervisor"], detention=d, officer=p["officer2"],
                                                        reason=r),
            ("detention", "assign"), ("assigned_officer", "officer", "officer2")),
        "declare_forfeiture": (
            _advertised, lambda p, s, r: seizures.declare_forfeiture(actor=p["supervisor"], seizure=s, reason=r),
            ("seizure", "declare_forfeiture"), ("status", "advertised", "forfeited")),
        "withdraw_submission": (
            lambda p: helpers.submission_in("submitted", officer=p["officer"], supervisor=p["supervisor"],
                                            importer_user=p["importer"]),
            lambda p, s, r: submissions.withdraw_submission(actor=p["importer"], submission=s, reason=r),
            ("admissibilitysubmission", "withdraw_submission"), ("status", "submitted", "withdrawn")),
        "withdraw_protest": (
            _protest, lambda p, pr, r: protests.withdraw_protest(actor=p["importer"], protest=pr, reason=r),
            ("protest", "withdraw_protest"), ("status", "filed", "withdrawn")),
        "send_back_protest_decision": (
            lambda p: _protest(p, proposed=True),
            lambda p, pr, r: protests.send_back_protest_decision(actor=p["supervisor"], protest=pr, reason=r),
            ("protest", "send_back_protest_decision"), ("proposed_outcome", "deny", "")),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("service", ["assign_detention", "declare_forfeiture", "withdraw_submission",
                                     "withdraw_protest", "send_back_protest_decision"])
def test_the_reason_and_the_change_of_each_service_read_back_from_the_trail(officer, officer2, supervisor, importer_a,
                                                                           service):
    people = {"officer": officer, "officer2": officer2, "supervisor": supervisor, "importer": importer_a}
    arrange, act, (object_type, action), (field, before, after) = _services_with_a_reason()[service]
    obj = arrange(people)
    since = helpers.last_sequence()
    reason = f"Reason given for {service}, case 2026-0042."

    act(people, obj, reason)

    event = AuditEvent.objects.get(sequence__gt=since, object_type=object_type, action=action)
    assert event.reason == reason
    expected = {name: people[value].pk if value in people else value for name, value in (("b", before), ("a", after))}
    assert (event.before.get(field), event.after.get(field)) == (expected["b"], expected["a"])
    audit.seal_pending()
    assert "the chain is intact" in verify()


# --- Events sealed before keyed sealing -------------------------------------------------------------

LEGACY_V1 = (
    '{"action":"rename_entity","actor_id":null,"actor_label":"system","after":{"name":"Dandong Garment Works No. 2"},'
    '"before":{"name":"Dandong Garment Works"},"detention_id":null,"object_id":"41","object_type":"foreignentity",'
    '"occurred_at":"2025-11-03T15:00:00+00:00","outcome":"success","previous_hash":"' + "0" * 64 + '",'
    '"reason":"Corrected spelling","request_id":"","sequence":1}'
)


@pytest.mark.django_db
def test_an_event_sealed_before_keyed_sealing_verifies_by_its_legacy_digest_and_an_edit_is_caught(officer):
    digest = hashlib.sha256(LEGACY_V1.encode()).hexdigest()
    with tampering():
        AuditEvent.objects.create(
            sequence=1, chain_position=1, previous_hash="0" * 64, key_id="legacy-sha256", entry_mac="", hash=digest,
            occurred_at=datetime.datetime(2025, 11, 3, 15, 0, tzinfo=datetime.UTC), actor=None, actor_label="system",
            action="rename_entity", object_type="foreignentity", object_id="41", detention=None,
            before={"name": "Dandong Garment Works"}, after={"name": "Dandong Garment Works No. 2"},
            reason="Corrected spelling", request_id="", outcome="success")
        AuditChainHead.objects.create(id=1, last_position=1, last_hash=digest, last_key_id="legacy-sha256")
    assert list(audit.verify_chain(checkpoint=None)) == [1]

    with tampering():
        AuditEvent.objects.filter(sequence=1).update(reason="")
    [broken] = list(audit.verify_chain(checkpoint=None))
    assert str(broken) == "audit event #1 at chain position 1: its content was altered after it was written"


# --- Writing events ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_an_event_is_sealed_after_its_transaction_commits_and_not_before(officer, settings, monkeypatch,
                                                                         django_capture_on_commit_callbacks):
    settings.AUDIT_SEAL_ON_COMMIT = True
    settings.AUDIT_SEAL_COALESCE_SECONDS = 0
    monkeypatch.setattr(audit, "_last_seal_request", 0.0)
    entity = factories.ForeignEntityFactory(name="Dandong Garment Works")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        event = audit.record_event(actor=officer, action="rename_entity", obj=entity, reason="Corrected spelling")
        assert AuditEvent.objects.get(pk=event.pk).hash is None
    assert AuditEvent.objects.get(pk=event.pk).chain_position == 1
    assert list(audit.verify_chain(checkpoint=None)) == [1]


@pytest.mark.django_db
def test_bulk_events_are_written_one_per_change_with_the_reason_and_sealed_after_commit(
        officer, settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.AUDIT_SEAL_ON_COMMIT = True
    settings.AUDIT_SEAL_COALESCE_SECONDS = 0
    monkeypatch.setattr(audit, "_last_seal_request", 0.0)
    first = factories.ForeignEntityFactory(name="Dandong Garment Works")
    second = factories.ForeignEntityFactory(name="Hetian Taida Apparel")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        written = audit.record_events(actor=officer, action="import_entity", reason="Entity list of 3 March",
                                      changes=[(first, {"name": first.name}), (second, {"name": second.name})])
    assert written == 2
    rows = list(AuditEvent.objects.order_by("chain_position").values_list(
        "object_id", "after", "reason", "chain_position"))
    assert rows == [(str(first.pk), {"name": "Dandong Garment Works"}, "Entity list of 3 March", 1),
                    (str(second.pk), {"name": "Hetian Taida Apparel"}, "Entity list of 3 March", 2)]
    assert list(audit.verify_chain(checkpoint=None)) == [1, 2]


@pytest.mark.django_db
def test_bulk_events_with_no_change_write_nothing(officer):
    with transaction.atomic():
        assert audit.record_events(actor=officer, action="import_entity", changes=[]) == 0
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_bulk_events_outside_a_transaction_are_refused(officer):
    entity = factories.ForeignEntityFactory(name="Dandong Garment Works")
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.record_events(actor=officer, action="import_entity", changes=[(entity, {"name": entity.name})])
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_batch_of_events_keeps_each_ones_before_after_reason_case_and_outcome_and_seals_into_the_chain(officer):
    entity = factories.ForeignEntityFactory(name="Dandong Garment Works")
    detention = helpers.detained(officer=officer)
    audit.seal_pending()
    already = AuditEvent.objects.count()
    with transaction.atomic():
        rows = audit.record_many(actor=SYSTEM, events=[
            {"action": "escalate_clock", "obj": entity, "before": {"escalated_on": None},
             "after": {"escalated_on": datetime.date(2024, 3, 8)}, "detention": detention},
            {"action": "rename_entity", "obj": entity, "reason": "why", "outcome": "denied"},
        ])
        assert audit.record_many(actor=officer, events=[]) == []
    stored = list(AuditEvent.objects.filter(sequence__in=[e.pk for e in rows]).order_by("sequence"))
    assert [(e.action, e.object_type, e.object_id, e.detention_id, e.before, e.after, e.reason, e.outcome,
             e.actor_id, e.actor_label, e.hash) for e in stored] == [
        ("escalate_clock", "foreignentity", str(entity.pk), detention.pk, {"escalated_on": None},
         {"escalated_on": "2024-03-08"}, "", "success", None, "system", None),
        ("rename_entity", "foreignentity", str(entity.pk), None, {}, {}, "why", "denied", None, "system", None),
    ]
    audit.seal_pending()
    assert list(audit.verify_chain(checkpoint=None))[-1] == already + 2


@pytest.mark.django_db(transaction=True)
def test_a_batch_of_events_outside_a_transaction_is_refused(officer):
    entity = factories.ForeignEntityFactory(name="Dandong Garment Works")
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.record_many(actor=officer, events=[{"action": "rename_entity", "obj": entity}])
    assert not AuditEvent.objects.exists()


def _commit_one_event(actor, entity, captured):
    with captured(execute=True), transaction.atomic():
        return audit.record_event(actor=actor, action="rename_entity", obj=entity, reason="Corrected spelling")


@pytest.mark.django_db
def test_sealing_requests_are_coalesced_to_one_per_interval(officer, settings, monkeypatch,
                                                            django_capture_on_commit_callbacks):
    settings.AUDIT_SEAL_ON_COMMIT = True
    settings.AUDIT_SEAL_COALESCE_SECONDS = 3600
    monkeypatch.setattr(audit, "_last_seal_request", 0.0)
    entity = factories.ForeignEntityFactory(name="Dandong Garment Works")
    first = _commit_one_event(officer, entity, django_capture_on_commit_callbacks)
    second = _commit_one_event(officer, entity, django_capture_on_commit_callbacks)
    assert AuditEvent.objects.get(pk=first.pk).chain_position == 1
    assert AuditEvent.objects.get(pk=second.pk).hash is None  # left to the scheduled sealing


@pytest.mark.django_db
def test_a_sealing_request_expires_after_30_seconds(officer, settings, monkeypatch, django_capture_on_commit_callbacks):
    from cases import tasks

    settings.AUDIT_SEAL_ON_COMMIT = True
    settings.AUDIT_SEAL_COALESCE_SECONDS = 0
    monkeypatch.setattr(audit, "_last_seal_request", 0.0)
    requests = []
    monkeypatch.setattr(tasks.seal_audit_events, "apply_async", lambda **kwargs: requests.append(kwargs))
    _commit_one_event(officer, factories.ForeignEntityFactory(), django_capture_on_commit_callbacks)
    assert requests == [{"expires": 30}]


@pytest.mark.django_db
def test_a_failed_sealing_request_keeps_the_change_and_is_logged(officer, settings, monkeypatch, caplog,
                                                                 django_capture_on_commit_callbacks):
    from cases import tasks

    def broker_down(**kwargs):
        raise ConnectionError("broker unreachable")

    settings.AUDIT_SEAL_ON_COMMIT = True
    settings.AUDIT_SEAL_COALESCE_SECONDS = 0
    monkeypatch.setattr(audit, "_last_seal_request", 0.0)
    monkeypatch.setattr(tasks.seal_audit_events, "apply_async", broker_down)
    event = _commit_one_event(officer, factories.ForeignEntityFactory(), django_capture_on_commit_callbacks)
    assert AuditEvent.objects.get(pk=event.pk).hash is None
    assert "Requesting an audit sealing run failed" in caplog.text


@pytest.mark.django_db
def test_a_checkpoint_seals_the_pending_events_first(officer):
    entity = factories.ForeignEntityFactory(name="Dandong Garment Works")
    with transaction.atomic():
        for n in (1, 2):
            audit.record_event(actor=officer, action="rename_entity", obj=entity, reason=f"Round {n}")
    assert not AuditEvent.objects.filter(hash__isnull=False).exists()
    name = audit.write_checkpoint()
    body = json.loads(audit.checkpoint_storage().open(name).read())
    assert body["chain_position"] == 2
    assert body["hash"] == AuditEvent.objects.get(chain_position=2).hash


@pytest.mark.django_db
def test_events_sealed_after_the_check_read_the_head_are_left_for_the_next_check(officer):
    write_events(officer, times=3)
    # As if the third event was sealed between the check reading the head and reading the events.
    AuditChainHead.objects.filter(id=1).update(last_position=2, last_hash=AuditEvent.objects.get(chain_position=2).hash)
    assert list(audit.verify_chain(checkpoint=None)) == [1, 2]


@pytest.mark.django_db
def test_sealing_returns_how_many_events_it_linked(officer):
    entity = factories.ForeignEntityFactory(name="Dandong Garment Works")
    with transaction.atomic():
        for n in (1, 2, 3):
            audit.record_event(actor=officer, action="rename_entity", obj=entity, reason=f"Round {n}")
    assert audit.seal_pending() == 3
    assert audit.seal_pending() == 0
    assert audit.seal_pending(wait=False) == 0


@pytest.mark.django_db
def test_no_checkpoint_is_written_for_an_empty_trail():
    assert audit.write_checkpoint() is None
    assert audit.latest_checkpoint() is None
    assert audit.write_checkpoint() is None  # the chain head now exists, still at position 0
    assert audit.latest_checkpoint() is None


@pytest.mark.django_db
def test_a_committed_event_not_yet_sealed_is_checked_by_its_content_mac(officer):
    entity = factories.ForeignEntityFactory(name="Dandong Garment Works")
    with transaction.atomic():
        event = audit.record_event(actor=officer, action="rename_entity", obj=entity, reason="Corrected spelling")
    assert list(audit.verify_chain(checkpoint=None)) == [audit.Unsealed(event.sequence)]

    with tampering():
        AuditEvent.objects.filter(pk=event.pk).update(reason="")
    [broken] = list(audit.verify_chain(checkpoint=None))
    assert str(broken) == (f"audit event #{event.sequence} (not yet sealed): "
                           "its content was altered after it was written")


def _five_unsealed_events(actor):
    entity = factories.ForeignEntityFactory(name="Dandong Garment Works")
    with transaction.atomic():
        for n in range(1, 6):
            audit.record_event(actor=actor, action="rename_entity", obj=entity, reason=f"Round {n}")


@pytest.mark.django_db
def test_sealing_in_small_batches_goes_on_until_every_pending_event_is_linked(officer):
    _five_unsealed_events(officer)
    assert audit.seal_pending(batch=2) == 5
    assert list(audit.verify_chain(checkpoint=None)) == [1, 2, 3, 4, 5]


@pytest.mark.django_db
def test_a_sealer_that_does_not_wait_also_seals_every_batch_and_stops_after_a_short_one(officer):
    _five_unsealed_events(officer)
    assert audit.seal_pending(wait=False, batch=2) == 5
    assert audit.seal_pending(wait=False) == 0
    assert list(audit.verify_chain(checkpoint=None)) == [1, 2, 3, 4, 5]


@pytest.mark.django_db
def test_files_in_the_checkpoint_store_that_are_not_checkpoints_are_ignored(officer):
    write_events(officer, times=2)
    name = audit.write_checkpoint()
    storage = audit.checkpoint_storage()
    storage.save("zz-operator-notes.json", io.BytesIO(b"{}"))
    storage.save("checkpoint-99999999999999999999-draft.txt", io.BytesIO(b"{}"))
    latest_name, body = audit.latest_checkpoint()
    assert latest_name == name and body["chain_position"] == 2


@pytest.mark.django_db
@pytest.mark.parametrize(("before", "after"), [
    ({"key_id": "k0"}, {"key_id": "k2"}),  # names a key the chain never used
    ({"key_id": "k1"}, {"key_id": "k3"}),  # names a key other than the one that follows
])
def test_a_rotation_event_that_does_not_name_the_keys_it_joins_is_caught(officer, settings, before, after):
    settings.AUDIT_HMAC_KEYS = {"k1": "first-audit-key-for-tests-0123456789abcdef",
                                "k2": "second-audit-key-for-tests-0123456789abcdef"}
    write_events(officer, times=2)
    settings.AUDIT_HMAC_CURRENT_KEY_ID = "k2"
    write_events(officer, times=1)
    assert AuditEvent.objects.get(chain_position=3).action == "audit_key_rotated"
    with tampering():
        AuditEvent.objects.filter(chain_position=3).update(before=before, after=after)
    relink_from(3)  # an attacker holding the keys makes every MAC and link match again

    assert list(audit.verify_chain(checkpoint=None))[-1] == audit.ChainBreak(
        f"audit event #{nth(3)} at chain position 3", "its key changed from 'k1' without a recorded key rotation")
