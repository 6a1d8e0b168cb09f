"""/api/v1/webhooks/: an organisation's endpoints (register, pause, resume, disable) and their deliveries.

Wired in config/urls.py (before the API's catch-all); reuses the API's base resource, error format and
filters. Importer users see their organisation's endpoints; its administrators manage them.
"""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.routers import SimpleRouter

from cases.api.filters import FilterSet
from cases.api.views.base import ReadOnlyResource, post_action
from cases.models import Role
from cases.webhooks import queries, services
from cases.webhooks.models import EventType, WebhookAttempt, WebhookDelivery, WebhookEndpoint


class EndpointSerializer(serializers.ModelSerializer):
    event_types = serializers.ListField(child=serializers.ChoiceField(choices=EventType.choices))

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "description", "event_types", "status", "consecutive_failures", "paused_at",
                  "created_at"]


class RegisteredEndpointSerializer(EndpointSerializer):
    secret = serializers.CharField(help_text="Signs every delivery; shown only in this answer. Keep it safe.")

    class Meta(EndpointSerializer.Meta):
        fields = [*EndpointSerializer.Meta.fields, "secret"]


class EndpointInput(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    event_types = serializers.ListField(child=serializers.ChoiceField(choices=EventType.choices), min_length=1)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["number", "attempted_at", "response_status", "error", "duration_ms"]


class DeliverySerializer(serializers.ModelSerializer):
    attempt_log = AttemptSerializer(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = ["id", "endpoint", "event_id", "event_type", "detention", "payload", "status", "attempts",
                  "next_attempt_at", "last_error", "created_at", "delivered_at", "attempt_log"]


class EndpointFilter(FilterSet):
    class Meta:
        model = WebhookEndpoint
        fields = ["status"]


class DeliveryFilter(FilterSet):
    event_type = filters.ChoiceFilter(choices=EventType.choices)

    class Meta:
        model = WebhookDelivery
        fields = ["endpoint", "status", "event_type", "detention"]


class WebhookEndpointViewSet(ReadOnlyResource):
    """The organisation's webhook endpoints."""

    scoped_query = staticmethod(queries.visible_endpoints)
    serializer_class = EndpointSerializer
    filterset_class = EndpointFilter
    ordering_fields = ["id", "created_at"]
    ordering = ["-id"]

    @extend_schema(request=EndpointInput, responses={201: RegisteredEndpointSerializer},
                   summary="Register an endpoint (organisation administrators); the answer holds its secret")
    def create(self, request):
        return self.act(obj=None, body=EndpointInput, roles=(Role.IMPORTER,), status_code=status.HTTP_201_CREATED,
                        call=lambda **data: services.register_endpoint(actor=request.user, **data),
                        answer=lambda endpoint: endpoint, answer_serializer=RegisteredEndpointSerializer)

    def current_actions(self, obj) -> list[str]:
        return services.allowed_endpoint_actions(self.request.user, WebhookEndpoint.objects.get(pk=obj.pk))

    def _service(self, service):
        endpoint = self.get_object()
        return self.act(obj=endpoint, call=lambda: service(actor=self.request.user, endpoint=endpoint))

    @post_action("pause", response=EndpointSerializer, summary="Pause deliveries (they keep queueing)")
    def pause(self, request, pk=None):
        return self._service(services.pause_endpoint)

    @post_action("resume", response=EndpointSerializer, summary="Resume deliveries; those waiting go out at once")
    def resume(self, request, pk=None):
        return self._service(services.resume_endpoint)

    @post_action("disable", response=EndpointSerializer, summary="Disable the endpoint for good")
    def disable(self, request, pk=None):
        return self._service(services.disable_endpoint)


class WebhookDeliveryViewSet(ReadOnlyResource):
    """Deliveries to the organisation's endpoints, each with its attempts."""

    scoped_query = staticmethod(queries.visible_deliveries)
    prefetch = ("attempt_log",)
    serializer_class = DeliverySerializer
    filterset_class = DeliveryFilter
    ordering_fields = ["id", "created_at"]
    ordering = ["-id"]


router = SimpleRouter(trailing_slash=True)
router.register("endpoints", WebhookEndpointViewSet, basename="webhook-endpoint")
router.register("deliveries", WebhookDeliveryViewSet, basename="webhook-delivery")
urlpatterns = router.urls
