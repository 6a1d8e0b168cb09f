"""The audit trail's canonical forms, keys and checks, from known answers and without a database.

The expected digests are computed here from canonical JSON typed by hand (docs/audit.md), with
`hmac`/`hashlib` directly: a change to what is hashed, in which order or encoding, fails these tests, so
it can only be a deliberate, documented migration. Records are built in memory (nothing is saved), so a
mutation run checks this module in-process before the database-backed tests (docs/mutation.md).
"""

import dataclasses
import datetime
import decimal
import hashlib
import hmac
import uuid
from zoneinfo import ZoneInfo

import django
from django.apps import apps

if not apps.ready:  # run outside pytest (the mutation runner's in-process check): set Django up first
    django.setup()

import pytest  # noqa: E402
from django.test import override_settings  # noqa: E402

from cases import audit  # noqa: E402
from cases.actors import SYSTEM  # noqa: E402
from cases.middleware import current_request_id  # noqa: E402
from cases.models import AuditChainHead, AuditEvent, ForeignEntity, User  # noqa: E402

KEY = "known-answer-key-for-the-audit-trail"
KEYS = override_settings(AUDIT_HMAC_KEYS={"kat-1": KEY, "kat-2": "second-known-answer-key"},
                         AUDIT_HMAC_CURRENT_KEY_ID="kat-1")


def hmac_of(text: str, key: str = KEY) -> str:
    return hmac.new(key.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()


def fixed_event(**changes) -> AuditEvent:
    values = dict(
        sequence=12, chain_position=7, previous_hash="a" * 64, key_id="kat-1",
        # 09:05:09 in New York in March (EST) is 14:05:09 UTC: the canonical form is in UTC.
        occurred_at=datetime.datetime(2026, 3, 2, 9, 5, 9, 123, tzinfo=ZoneInfo("America/New_York")),
        actor_id=None, actor_label="system", action="rename_entity", object_type="foreignentity", object_id=41,
        detention_id=5, before={"name": "Dandong Garment Works"}, after={"name": "Dandong Garment Works No. 2"},
        reason="Corrected spelling", request_id="req-7", outcome="success",
    )
    values.update(changes)
    return AuditEvent(**values)


CONTENT = (
    '{"action":"rename_entity","actor_id":null,"actor_label":"system",'
    '"after":{"name":"Dandong Garment Works No. 2"},"before":{"name":"Dandong Garment Works"},'
    '"detention_id":5,"key_id":"kat-1","object_id":"41","object_type":"foreignentity",'
    '"occurred_at":"2026-03-02T14:05:09.000123+00:00","outcome":"success","reason":"Corrected spelling",'
    '"request_id":"req-7"}'
)


def test_the_genesis_hash_is_sixty_four_zeros():
    assert audit.GENESIS_HASH == "0000000000000000000000000000000000000000000000000000000000000000"


def test_values_are_recorded_as_json_the_column_gives_back():
    entity = ForeignEntity(pk=41, name="Dandong Garment Works")
    recorded = audit.normalise({
        "seized_at": datetime.datetime(2026, 3, 2, 14, 5, tzinfo=datetime.UTC),
        "due": datetime.date(2026, 4, 1),
        "duty": decimal.Decimal("1250.50"),
        "entity": entity,
        "token": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "count": 3,
    })
    assert recorded == {
        "seized_at": "2026-03-02T14:05:00+00:00",
        "due": "2026-04-01",
        "duty": "1250.50",
        "entity": 41,
        "token": "12345678-1234-5678-1234-567812345678",
        "count": 3,
    }


def test_no_values_are_recorded_as_an_empty_object():
    assert audit.normalise(None) == {}
    assert audit.normalise({}) == {}
    assert audit.normalise({"name": "Camel"}) == {"name": "Camel"}


def test_a_snapshot_records_foreign_keys_by_id_and_other_attributes_by_value():
    event = AuditEvent(detention_id=5, reason="Corrected spelling", sequence=12)
    assert audit.snapshot(event, ["detention", "reason", "pk"]) == {
        "detention": 5, "reason": "Corrected spelling", "pk": 12}


def test_the_canonical_form_is_sorted_compact_utf8_json():
    assert audit._canonical({"b": "Ürümqi", "a": [1, 2], "c": None}) == (
        '{"a":[1,2],"b":"Ürümqi","c":null}'.encode())


@KEYS
def test_an_audit_key_is_read_from_the_settings_by_its_id():
    assert audit.audit_key("kat-1") == KEY.encode()
    with pytest.raises(audit.UnknownAuditKey, match="no audit key named 'kat-9'"):
        audit.audit_key("kat-9")


@KEYS
def test_the_content_mac_of_a_fixed_event_is_the_hmac_of_its_canonical_content():
    assert audit.entry_mac(fixed_event()) == hmac_of(CONTENT)


@KEYS
def test_the_content_mac_is_taken_with_the_events_own_key():
    event = fixed_event(key_id="kat-2")
    assert audit.entry_mac(event) == hmac_of(CONTENT.replace('"kat-1"', '"kat-2"'), "second-known-answer-key")


@KEYS
def test_the_chain_link_of_a_fixed_event_binds_position_sequence_key_mac_and_previous_hash():
    event = fixed_event(entry_mac="b" * 64)
    expected = hmac_of('{"chain_position":7,"entry_mac":"' + "b" * 64 + '","key_id":"kat-1","previous_hash":"'
                       + "a" * 64 + '","sequence":12}')
    assert audit.seal_hash(event) == expected


def test_the_legacy_digest_is_the_sha256_of_the_version_1_canonical_form():
    event = fixed_event(key_id="legacy-sha256")
    text = (
        '{"action":"rename_entity","actor_id":null,"actor_label":"system",'
        '"after":{"name":"Dandong Garment Works No. 2"},"before":{"name":"Dandong Garment Works"},'
        '"detention_id":5,"object_id":"41","object_type":"foreignentity",'
        '"occurred_at":"2026-03-02T14:05:09.000123+00:00","outcome":"success","previous_hash":"' + "a" * 64 + '",'
        '"reason":"Corrected spelling","request_id":"req-7","sequence":7}'
    )
    assert audit.legacy_digest(event) == hashlib.sha256(text.encode()).hexdigest()


@KEYS
def test_a_new_event_records_who_what_why_and_its_mac_under_the_current_key():
    entity = ForeignEntity(pk=41, name="Dandong Garment Works No. 2")
    officer = User(pk=3, username="oreyes", first_name="Olivia", last_name="Reyes", role="officer")
    token = current_request_id.set("req-7")
    try:
        started = datetime.datetime.now(datetime.UTC)
        event = audit._new_event(
            actor=officer, action="rename_entity", obj=entity, before={"name": "Dandong Garment Works"},
            after={"name": entity.name, "duty": decimal.Decimal("3.10")}, reason="Corrected spelling",
            detention=None, outcome="refused")
    finally:
        current_request_id.reset(token)
    assert started <= event.occurred_at <= datetime.datetime.now(datetime.UTC)
    assert (event.actor_id, event.actor_label) == (3, "Officer Olivia Reyes")
    assert (event.action, event.object_type, event.object_id) == ("rename_entity", "foreignentity", "41")
    assert event.detention_id is None
    assert event.before == {"name": "Dandong Garment Works"}
    assert event.after == {"name": "Dandong Garment Works No. 2", "duty": "3.10"}
    assert (event.reason, event.request_id, event.outcome, event.key_id) == (
        "Corrected spelling", "req-7", "refused", "kat-1")
    occurred = event.occurred_at.astimezone(datetime.UTC).isoformat()
    assert event.entry_mac == hmac_of(
        '{"action":"rename_entity","actor_id":3,"actor_label":"Officer Olivia Reyes",'
        '"after":{"duty":"3.10","name":"Dandong Garment Works No. 2"},"before":{"name":"Dandong Garment Works"},'
        '"detention_id":null,"key_id":"kat-1","object_id":"41","object_type":"foreignentity",'
        '"occurred_at":"' + occurred + '","outcome":"refused","reason":"Corrected spelling","request_id":"req-7"}')
    assert event.hash is None and event.chain_position is None


@KEYS
def test_an_event_by_the_system_or_nobody_has_no_person_and_an_empty_reason_when_none_is_given():
    entity = ForeignEntity(pk=41, name="Dandong Garment Works")
    for actor in (SYSTEM, None):
        event = audit._new_event(actor=actor, action="clock_expired", obj=entity, before=None, after=None,
                                 reason=None, detention=None, outcome="success")
        assert (event.actor_id, event.actor_label, event.reason, event.before, event.after) == (
            None, "system", "", {}, {})


@KEYS
def test_sealing_an_event_links_it_after_the_head_and_moves_the_head():
    head = AuditChainHead(id=1, last_position=6, last_hash="a" * 64, last_key_id="kat-1")
    event = fixed_event(chain_position=None, previous_hash="", entry_mac="b" * 64, key_id="kat-2")
    audit._seal(event, head)
    expected = hmac_of('{"chain_position":7,"entry_mac":"' + "b" * 64 + '","key_id":"kat-2","previous_hash":"'
                       + "a" * 64 + '","sequence":12}', "second-known-answer-key")
    assert (event.chain_position, event.previous_hash, event.hash) == (7, "a" * 64, expected)
    assert (head.last_position, head.last_hash, head.last_key_id) == (7, expected, "kat-2")


CHECKPOINT_TEXT = ('{"chain_position":9,"format":1,"hash":"' + "c" * 64 + '","key_id":"kat-1",'
                   '"written_at":"2026-03-02T14:05:09+00:00"}')


def checkpoint_body(**changes) -> dict:
    body = {"format": 1, "chain_position": 9, "hash": "c" * 64, "written_at": "2026-03-02T14:05:09+00:00",
            "key_id": "kat-1", "signature": hmac_of(CHECKPOINT_TEXT)}
    body.update(changes)
    return body


@KEYS
def test_a_checkpoint_is_signed_over_everything_but_its_signature():
    assert audit._checkpoint_signature(checkpoint_body()) == hmac_of(CHECKPOINT_TEXT)
    assert audit._checkpoint_signature(checkpoint_body(signature="forged")) == hmac_of(CHECKPOINT_TEXT)


@KEYS
def test_a_checkpoint_matching_the_chain_passes_whether_the_chain_ends_there_or_grew_since():
    assert audit._check_checkpoint(("cp.json", checkpoint_body()), 9, "c" * 64) is None
    assert audit._check_checkpoint(("cp.json", checkpoint_body()), 12, "c" * 64) is None


@KEYS
@pytest.mark.parametrize(("body", "last", "hash_there", "problem"), [
    (checkpoint_body(), 8, None, "it records the chain up to position 9, but the chain ends at position 8: "
                                 "sealed events were removed from the end"),
    (checkpoint_body(), 9, "d" * 64, "the hash at chain position 9 differs from the one it records: "
                                     "the chain was re-hashed"),
    (checkpoint_body(chain_position=8), 9, "c" * 64, "its signature does not match (the checkpoint was edited "
                                                     "or forged)"),
    ({k: v for k, v in checkpoint_body().items() if k != "signature"}, 9, "c" * 64,
     "its signature does not match (the checkpoint was edited or forged)"),
    ({k: v for k, v in checkpoint_body().items() if k != "chain_position"}, 9, "c" * 64,
     "it is unreadable or incomplete (the checkpoint was edited)"),
    ({k: v for k, v in checkpoint_body().items() if k != "hash"}, 9, "c" * 64,
     "it is unreadable or incomplete (the checkpoint was edited)"),
    (checkpoint_body(key_id=["kat-1"]), 9, "c" * 64, "it is unreadable or incomplete (the checkpoint was edited)"),
    (checkpoint_body(key_id="kat-9"), 9, "c" * 64,
     "it is signed with an unknown key: no audit key named 'kat-9' is configured (AUDIT_HMAC_KEYS)"),
])
def test_a_checkpoint_that_does_not_match_the_chain_is_a_break(body, last, hash_there, problem):
    broken = audit._check_checkpoint(("checkpoint-9.json", body), last, hash_there)
    assert (broken.where, broken.problem) == ("checkpoint checkpoint-9.json", problem)


def test_a_break_names_the_event_by_sequence_and_position():
    broken = audit._event_break(fixed_event(), "its content was altered after it was written")
    assert str(broken) == "audit event #12 at chain position 7: its content was altered after it was written"


def test_breaks_and_unsealed_marks_are_values_that_cannot_be_altered():
    assert {audit.ChainBreak("a", "b"), audit.ChainBreak("a", "b")} == {audit.ChainBreak("a", "b")}
    assert {audit.Unsealed(3), audit.Unsealed(3)} == {audit.Unsealed(3)}
    with pytest.raises(dataclasses.FrozenInstanceError):
        audit.ChainBreak("a", "b").problem = "c"
    with pytest.raises(dataclasses.FrozenInstanceError):
        audit.Unsealed(3).sequence = 4
