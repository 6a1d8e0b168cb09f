"""Shipments (entries): list, register, and the release-or-detain decision of 19 U.S.C. 1499(c)(1)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status

from cases import queries
from cases.api import inputs
from cases.api.declared import declared_actions
from cases.api.filters import ShipmentFilter
from cases.api.pagination import Cursor
from cases.api.serializers import DetentionSerializer, ShipmentSerializer
from cases.api.views.base import ReadOnlyResource
from cases.api.views.detentions import DETENTION_PREFETCH
from cases.services import shipments
from cases.services.shipments import STAFF_ROLES


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

    @extend_schema(request=inputs.ShipmentInput, responses={201: ShipmentSerializer},
                   summary="Register a shipment (officers and supervisors)")
    def create(self, request):
        return self.act(
            obj=None, body=inputs.ShipmentInput, roles=STAFF_ROLES, status_code=status.HTTP_201_CREATED,
            call=lambda **data: shipments.register_shipment(actor=request.user, **data),
            answer=lambda shipment: self.get_queryset().get(pk=shipment.pk),
        )
