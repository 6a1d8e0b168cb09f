"""Writes for webhooks: register, pause, resume and disable endpoints; queue deliveries for an event.

Endpoints belong to an importer organisation; its administrators (is_organisation_admin) manage them.
Each change runs in one transaction with its audit event.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.audit import record_event
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import Detention, Role
from cases.services.support import lock
from cases.webhooks import addresses, delivery, signing
from cases.webhooks.models import EndpointStatus, EventType, WebhookDelivery, WebhookEndpoint

ENDPOINT_FIELDS = ["url", "description", "event_types", "status", "consecutive_failures"]

# What a notification's kind means for an organisation's systems. Only notifications addressed to the
# organisation's own importer users are translated, so nothing internal to the agency is ever sent.
EVENT_FOR_KIND = {
    "notice_of_detention": EventType.NOTICE_ISSUED,
    "rfi_sent": EventType.RFI_SENT,
    "decision": EventType.DECISION_TAKEN,
    "deemed_exclusion": EventType.DECISION_TAKEN,
    "clock_reminder": EventType.DEADLINE_APPROACHING,
    "evidence_shared": EventType.DOCUMENT_SHARED,
    "note": EventType.NOTE_SHARED,
    "protest_decided": EventType.PROTEST_DECIDED,
    "protest_deemed_denied": EventType.PROTEST_DECIDED,
}


# The endpoint's small state table: action -> the states it may start from.
ENDPOINT_ACTIONS = {
    "pause": (EndpointStatus.ACTIVE,),
    "resume": (EndpointStatus.PAUSED,),
    "disable": (EndpointStatus.ACTIVE, EndpointStatus.PAUSED),
}


def allowed_endpoint_actions(actor, endpoint) -> list[str]:
    """What the actor may do to the endpoint now (the page's buttons, the API's 409 answer)."""
    try:
        _require_organisation_admin(actor, endpoint.organisation_id)
    except ActionNotPermitted:
        return []
    return [action for action, states in ENDPOINT_ACTIONS.items() if endpoint.status in states]


def _snapshot(endpoint) -> dict:
    return {field: getattr(endpoint, field) for field in ENDPOINT_FIELDS}


def _require_organisation_admin(actor, organisation_id=None) -> None:
    if not (actor and actor.is_authenticated and actor.role == Role.IMPORTER and actor.is_organisation_admin):
        raise ActionNotPermitted("Only an administrator of the importer organisation may manage its webhooks.")
    if organisation_id is not None and actor.organisation_id != organisation_id:
        raise ActionNotPermitted("This endpoint belongs to another organisation.")


def _clean_event_types(event_types) -> list[str]:
    chosen = sorted(set(event_types or []))
    unknown = [value for value in chosen if value not in EventType.values]
    if not chosen or unknown:
        raise ValidationError({"event_types": "Choose one or more of: " + ", ".join(EventType.values) + "."})
    return chosen


@transaction.atomic
def register_endpoint(*, actor, url: str, event_types, description: str = "") -> WebhookEndpoint:
    """Register an endpoint for the actor's organisation; its secret is generated here."""
    _require_organisation_admin(actor)
    errors = {}
    try:
        addresses.check_target(url)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        event_types = _clean_event_types(event_types)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    endpoint = WebhookEndpoint.objects.create(
        organisation_id=actor.organisation_id, url=url, description=(description or "").strip(),
        secret=signing.new_secret(), event_types=event_types, created_by=actor,
    )
    record_event(actor=actor, action="register_webhook", obj=endpoint, after=_snapshot(endpoint))
    return endpoint


def _transition(actor, endpoint, *, action: str, allowed_from, to: str, reason: str = "") -> WebhookEndpoint:
    endpoint = lock(endpoint)
    _require_organisation_admin(actor, endpoint.organisation_id)
    if endpoint.status not in allowed_from:
        raise InvalidTransition(action=action, current_state=endpoint.status, object_label="webhook endpoint")
    before = _snapshot(endpoint)
    endpoint.status = to
    endpoint.paused_at = timezone.now() if to == EndpointStatus.PAUSED else None
    if to == EndpointStatus.ACTIVE:
        endpoint.consecutive_failures = 0
    endpoint.save(update_fields=["status", "paused_at", "consecutive_failures"])
    record_event(actor=actor, action=f"{action}", obj=endpoint, before=before, after=_snapshot(endpoint),
                 reason=reason)
    return endpoint


@transaction.atomic
def pause_endpoint(*, actor, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Stop sending for now; deliveries keep queueing and go out when the endpoint is resumed."""
    return _transition(actor, endpoint, action="pause_webhook", allowed_from=ENDPOINT_ACTIONS["pause"],
                       to=EndpointStatus.PAUSED)


@transaction.atomic
def resume_endpoint(*, actor, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Send again: the deliveries waiting are due at once, the failure count starts over."""
    endpoint = _transition(actor, endpoint, action="resume_webhook", allowed_from=ENDPOINT_ACTIONS["resume"],
                           to=EndpointStatus.ACTIVE)
    due = list(endpoint.deliveries.filter(status="pending").values_list("pk", flat=True))
    endpoint.deliveries.filter(pk__in=due).update(next_attempt_at=timezone.now())
    if due:
        transaction.on_commit(lambda ids=tuple(due): delivery.enqueue(ids))
    return endpoint


@transaction.atomic
def disable_endpoint(*, actor, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Stop for good (the record and its deliveries stay); nothing more is queued for it."""
    return _transition(actor, endpoint, action="disable_webhook",
                       allowed_from=ENDPOINT_ACTIONS["disable"], to=EndpointStatus.DISABLED)


def queue_event(*, kind: str, key: str, detention: Detention | None, subject: str, body: str, recipients) -> list[int]:
    """Write one delivery per subscribed endpoint of the organisation the event concerns (same transaction).

    Sent only when the event is about a detention of that organisation and was addressed to its own
    importer users: the organisation's systems learn exactly what its people were told.
    """
    event_type = EVENT_FOR_KIND.get(kind)
    if event_type is None or detention is None:
        return []
    organisation_id = detention.shipment.importer_id
    told_importers = [user for user in recipients
                      if user.role == Role.IMPORTER and user.organisation_id == organisation_id]
    if not told_importers:
        return []
    now = timezone.now()
    created = []
    endpoints = WebhookEndpoint.objects.filter(organisation_id=organisation_id).exclude(
        status=EndpointStatus.DISABLED)
    for endpoint in endpoints:
        if event_type not in endpoint.event_types:
            continue
        delivery, was_created = WebhookDelivery.objects.get_or_create(
            endpoint=endpoint, event_key=key,
            defaults={"event_type": event_type, "detention": detention, "next_attempt_at": now, "payload": {}},
        )
        if not was_created:
            continue
        delivery.payload = _payload(delivery.event_id, event_type, now, detention, subject, body)
        delivery.save(update_fields=["payload"])
        if endpoint.status == EndpointStatus.ACTIVE:
            created.append(delivery.pk)
    return created


def _payload(event_id, event_type: str, now, detention: Detention, subject: str, body: str) -> dict:
    return {
        "id": str(event_id),
        "type": event_type,
        "created_at": now.isoformat(),
        "data": {
            "detention": {"id": detention.pk, "entry_number": detention.shipment.entry_number,
                          "status": detention.status},
            "subject": subject,
            "message": body,
        },
    }


def queue_events(events: list[dict]) -> list[int]:
    """queue_event for a batch of events (dicts of its keywords): the same deliveries in three queries at most.

    Used by the batched deadline sweep through notify_many; an event already queued for an endpoint is skipped.
    """
    wanted = []
    for event in events:
        event_type, detention = EVENT_FOR_KIND.get(event["kind"]), event["detention"]
        if event_type is None or detention is None:
            continue
        organisation_id = detention.shipment.importer_id
        if any(user.role == Role.IMPORTER and user.organisation_id == organisation_id for user in event["recipients"]):
            wanted.append((event, event_type, organisation_id))
    if not wanted:
        return []
    endpoints = {}
    for endpoint in WebhookEndpoint.objects.filter(organisation_id__in={w[2] for w in wanted}).exclude(
            status=EndpointStatus.DISABLED).order_by("pk"):
        endpoints.setdefault(endpoint.organisation_id, []).append(endpoint)
    candidates = [(endpoint, event, event_type) for event, event_type, organisation_id in wanted
                  for endpoint in endpoints.get(organisation_id, []) if event_type in endpoint.event_types]
    if not candidates:
        return []
    queued = set(WebhookDelivery.objects.filter(
        endpoint__in=[c[0] for c in candidates], event_key__in={c[1]["key"] for c in candidates},
    ).values_list("endpoint_id", "event_key"))
    now = timezone.now()
    rows = []
    for endpoint, event, event_type in candidates:
        if (endpoint.pk, event["key"]) in queued:
            continue
        queued.add((endpoint.pk, event["key"]))
        event_id = uuid.uuid4()
        rows.append(WebhookDelivery(
            endpoint=endpoint, event_id=event_id, event_key=event["key"], event_type=event_type,
            detention=event["detention"], next_attempt_at=now,
            payload=_payload(event_id, event_type, now, event["detention"], event["subject"], event["body"]),
        ))
    WebhookDelivery.objects.bulk_create(rows)
    return [row.pk for row in rows if row.endpoint.status == EndpointStatus.ACTIVE]
