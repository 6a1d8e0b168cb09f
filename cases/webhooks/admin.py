"""Webhook endpoints and deliveries in the administration site: read-only, written only by the services."""

from django.contrib import admin

from cases.admin import ReadOnlyAdmin
from cases.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyAdmin):
    list_display = ("url", "organisation", "status", "consecutive_failures", "created_at")
    list_filter = ("status",)
    search_fields = ("url", "organisation__name")
    list_select_related = ("organisation",)
    exclude = ("secret",)  # signs deliveries; never shown after registration


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("event_type", "endpoint", "status", "attempts", "next_attempt_at", "created_at", "delivered_at")
    list_filter = ("status", "event_type")
    search_fields = ("event_id", "event_key", "endpoint__url")
    list_select_related = ("endpoint",)
    # An outbox grows without bound; skip the unfiltered COUNT(*) on every page.
    show_full_result_count = False


@admin.register(WebhookAttempt)
class WebhookAttemptAdmin(ReadOnlyAdmin):
    list_display = ("delivery", "number", "attempted_at", "response_status", "error", "duration_ms")
    list_select_related = ("delivery",)
    show_full_result_count = False
