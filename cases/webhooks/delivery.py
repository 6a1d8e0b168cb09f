"""Sending deliveries: claim, sign, POST, keep the attempt; retry with backoff; pause a failing endpoint.

The same guarantees as the notification outbox (cases.outbox): a delivery row commits with its event
and stays until a 2xx answer; a compare-and-swap claim with a lease means two workers never send it at
once; a worker that dies mid-send leaves a claim that lapses and the relay sends again. So an event is
delivered at least once, and every attempt carries the same `webhook-id`, by which the receiver keeps
it once. Redirects are not followed (a redirect could lead to an address the URL check refused).
"""

import datetime
import json
import logging
import time
import urllib.error
import urllib.request

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cases.actors import SYSTEM
from cases.audit import record_event
from cases.models import Role, User
from cases.services.notifications import notify
from cases.webhooks import addresses, signing
from cases.webhooks.models import DeliveryStatus, EndpointStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

DELIVER_TASK = "cases.deliver_webhook"
RELAY_TASK = "cases.relay_webhook_deliveries"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the 3xx answer is kept as the attempt's outcome


_opener = urllib.request.build_opener(_NoRedirects)


def backoff(attempt: int) -> datetime.timedelta:
    """Wait before attempt `attempt + 1`: the base doubled per failure, capped (1, 2, 4 ... minutes)."""
    seconds = settings.WEBHOOKS_RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.WEBHOOKS_RETRY_MAX_SECONDS))


def enqueue(delivery_ids) -> None:
    """Hand each row to the worker; if the broker is down the row stays pending for the relay."""
    for delivery_id in delivery_ids:
        if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
            deliver(delivery_id)
            continue
        try:
            current_app.send_task(DELIVER_TASK, args=[delivery_id])
        except Exception:
            logger.warning("Broker unavailable; webhook delivery %s left pending for the relay", delivery_id)


def _due(now) -> Q:
    return Q(endpoint__status=EndpointStatus.ACTIVE) & (
        Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        | Q(status=DeliveryStatus.DELIVERING, claimed_until__lt=now)
    )


def _claim(delivery_id: int, now) -> bool:
    lease = datetime.timedelta(seconds=settings.WEBHOOKS_TIMEOUT_SECONDS * 3)
    claimed = WebhookDelivery.objects.filter(_due(now), pk=delivery_id).update(
        status=DeliveryStatus.DELIVERING, claimed_until=now + lease, attempts=F("attempts") + 1,
    )
    return claimed == 1


def _post(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> tuple[int | None, str]:
    """One HTTP attempt: (status, error); status None when no answer came."""
    try:
        addresses.check_target(endpoint.url)
    except ValidationError as error:
        return None, " ".join(error.message_dict.get("url", error.messages))
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    headers = signing.headers(endpoint.secret, str(delivery.event_id), int(time.time()), body)
    headers["User-Agent"] = "forced-labor-case-manager-webhooks/1"
    request = urllib.request.Request(endpoint.url, data=body, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=settings.WEBHOOKS_TIMEOUT_SECONDS) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return None, str(getattr(error, "reason", error))[:500]


def deliver(delivery_id: int) -> bool:
    """Claim the delivery, send it once, keep the attempt; True when the receiver answered 2xx."""
    now = timezone.now()
    with transaction.atomic():
        if not _claim(delivery_id, now):
            return False
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    started = time.monotonic()
    status, error = _post(endpoint, delivery)
    elapsed_ms = int((time.monotonic() - started) * 1000)
    succeeded = status is not None and 200 <= status < 300
    if not succeeded and not error:
        error = f"HTTP {status}"
    with transaction.atomic():
        WebhookAttempt.objects.create(delivery=delivery, number=delivery.attempts, attempted_at=now,
                                      response_status=status, error=error, duration_ms=elapsed_ms)
        rows = WebhookDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.DELIVERING)
        if succeeded:
            rows.update(status=DeliveryStatus.DELIVERED, delivered_at=timezone.now(), claimed_until=None,
                        last_error="")
            WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
            return True
        if delivery.attempts >= settings.WEBHOOKS_MAX_ATTEMPTS:
            rows.update(status=DeliveryStatus.FAILED, claimed_until=None, last_error=error)
        else:
            rows.update(status=DeliveryStatus.PENDING, claimed_until=None, last_error=error,
                        next_attempt_at=timezone.now() + backoff(delivery.attempts))
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=F("consecutive_failures") + 1)
        _pause_if_failing(endpoint.pk)
    logger.info("Webhook delivery %s attempt %s failed: %s", delivery_id, delivery.attempts, error)
    return False


def _pause_if_failing(endpoint_id: int) -> None:
    """Pause an endpoint after WEBHOOKS_PAUSE_AFTER_FAILURES failed attempts in a row, and tell its owners."""
    limit = settings.WEBHOOKS_PAUSE_AFTER_FAILURES
    paused = WebhookEndpoint.objects.filter(
        pk=endpoint_id, status=EndpointStatus.ACTIVE, consecutive_failures__gte=limit,
    ).update(status=EndpointStatus.PAUSED, paused_at=timezone.now())
    if paused != 1:
        return
    endpoint = WebhookEndpoint.objects.select_related("created_by").get(pk=endpoint_id)
    record_event(actor=SYSTEM, action="pause_webhook", obj=endpoint, before={"status": EndpointStatus.ACTIVE},
                 after={"status": EndpointStatus.PAUSED, "consecutive_failures": endpoint.consecutive_failures},
                 reason=f"{limit} failed attempts in a row")
    admins = User.objects.filter(organisation_id=endpoint.organisation_id, role=Role.IMPORTER,
                                 is_organisation_admin=True, is_active=True)
    notify(
        recipients=[*admins, endpoint.created_by], kind="webhook_paused",
        subject=f"Webhook endpoint paused: {endpoint.url}"[:200],
        body=(f"The last {limit} attempts to deliver to {endpoint.url} failed, so deliveries to it are paused. "
              "Nothing is lost: events keep queueing. Fix the receiver, then resume the endpoint on the "
              f"Webhooks page of the portal or with POST /api/v1/webhooks/endpoints/{endpoint.pk}/resume/."),
        key=f"webhook-{endpoint.pk}-paused-{endpoint.paused_at:%Y%m%dT%H%M%S%f}",
    )


def relay_due(limit: int = 200) -> int:
    """Send the deliveries due now (retries whose wait is over, claims that lapsed); returns how many arrived.

    Oldest first, a bounded batch per run; reads the partial index webhook_delivery_due.
    """
    now = timezone.now()
    ids = list(WebhookDelivery.objects.filter(_due(now)).order_by("next_attempt_at", "id")
               .values_list("id", flat=True)[:limit])
    return sum(deliver(delivery_id) for delivery_id in ids)
