"""Reads for webhooks, scoped to the actor: an importer's users see their organisation's endpoints only."""

from django.db.models import QuerySet

from cases.models import Role
from cases.webhooks.models import WebhookDelivery, WebhookEndpoint


def _organisation_id(actor):
    if actor and actor.is_authenticated and actor.is_active and actor.role == Role.IMPORTER:
        return actor.organisation_id
    return None


def visible_endpoints(actor) -> QuerySet[WebhookEndpoint]:
    organisation_id = _organisation_id(actor)
    if organisation_id is None:
        return WebhookEndpoint.objects.none()
    return WebhookEndpoint.objects.filter(organisation_id=organisation_id)


def visible_deliveries(actor) -> QuerySet[WebhookDelivery]:
    organisation_id = _organisation_id(actor)
    if organisation_id is None:
        return WebhookDelivery.objects.none()
    return WebhookDelivery.objects.filter(endpoint__organisation_id=organisation_id).select_related("endpoint")
