"""Shipments (entries): list, register, and the release-or-detain decision of 19 U.S.C. 1499(c)(1)."""

import datetime

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound

from cases import queries
from cases.api import inputs
from cases.api.declared import declared_actions
from cases.api.filters import ShipmentFilter
from cases.api.middleware import DEPRECATED_ENDPOINT_ATTRIBUTE
from cases.api.pagination import Cursor
from cases.api.serializers import DetentionSerializer, ShipmentSerializer
from cases.api.views.base import ReadOnlyResource
from cases.api.views.detentions import DETENTION_PREFETCH
from cases.services import shipments
from cases.services.shipments import STAFF_ROLES

SINGLE_LINE_DEPRECATED_ON = datetime.date(2026, 12, 7)
SINGLE_LINE_SUNSET = datetime.date(2027, 6, 30)


def _visible_shipments(actor):
    return queries.visible_shipments(actor).select_related("detention")


def _visible_detentions(actor):
    return queries.visible_detentions(actor).prefetch_related(*DETENTION_PREFETCH)


# The release-or-detain acts (presentation, release, detention) are declared in cases.actions, with the entry
# page's forms, and added here.
@declared_actions("shipment", created={"detention": (_visible_detentions, DetentionSerializer)})
class ShipmentViewSet(ReadOnlyResource):
    """Entries presented to the port. Officers register and detain; importers see their own."""

    scoped_query = staticmethod(_visible_shipments)
    serializer_class = ShipmentSerializer
    filterset_class = ShipmentFilter
    pagination_class = Cursor
    ordering_fields = ["id", "importation_date", "entry_number"]

    # Deprecated (docs/api-changelog.md, 2026-12-07): entries are registered with their lines through the entry
    # intake, as the bulk endpoint and the entry page do. Until the sunset this path registers a one-line entry.
    @extend_schema(request=inputs.ShipmentInput, responses={201: ShipmentSerializer}, deprecated=True,
                   summary="Deprecated: register entries with their lines (POST /api/v1/entries/bulk/); "
                           "registers a one-line shipment until 2027-06-30")
    def create(self, request):
        if timezone.now().date() > SINGLE_LINE_SUNSET:  # a UTC date, as its Sunset header
            raise NotFound("This operation was removed; register entries with POST /api/v1/entries/bulk/.")
        setattr(request._request, DEPRECATED_ENDPOINT_ATTRIBUTE, (
            SINGLE_LINE_DEPRECATED_ON, SINGLE_LINE_SUNSET,
            settings.API_CHANGELOG_URL.split("#")[0] + "#single-line-shipments"))
        return self.act(
            obj=None, body=inputs.ShipmentInput, roles=STAFF_ROLES, status_code=status.HTTP_201_CREATED,
            call=lambda **data: shipments.register_shipment(actor=request.user, **data),
            answer=lambda shipment: self.get_queryset().get(pk=shipment.pk),
        )
