"""Shipments (entries): list, register, and the release-or-detain decision of 19 U.S.C. 1499(c)(1)."""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import status

from cases import queries
from cases.api import inputs
from cases.api.filters import ShipmentFilter
from cases.api.pagination import Cursor
from cases.api.serializers import DetentionSerializer, ShipmentSerializer
from cases.api.views.base import ReadOnlyResource, post_action
from cases.api.views.detentions import DETENTION_PREFETCH
from cases.services import detentions, shipments
from cases.services.shipments import STAFF_ROLES


def _visible_shipments(actor):
    return queries.visible_shipments(actor).select_related("detention")


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

    @post_action("record-presentation", request=inputs.PresentationInput, response=ShipmentSerializer,
                 summary="Record when the goods were presented for examination")
    def record_presentation(self, request, pk=None):
        shipment = self.get_object()
        return self.act(obj=shipment, body=inputs.PresentationInput, roles=STAFF_ROLES,
                        call=lambda **data: shipments.record_presentation(actor=request.user, shipment=shipment,
                                                                          **data))

    @post_action("release", request=inputs.ReleaseInput, response=ShipmentSerializer,
                 summary="Release the goods without detention")
    def release(self, request, pk=None):
        shipment = self.get_object()
        return self.act(obj=shipment, body=inputs.ReleaseInput, roles=STAFF_ROLES,
                        call=lambda **data: shipments.release_shipment(actor=request.user, shipment=shipment, **data))

    @post_action("detain", request=inputs.DetainInput, response=DetentionSerializer, status_code=201,
                 summary="Detain the goods under a legal basis (and order)")
    def detain(self, request, pk=None):
        shipment = self.get_object()

        @transaction.atomic
        def detain(*, presentation_date=None, **data):
            # Presentation and detention in one request: both are recorded, or neither.
            if presentation_date is not None and presentation_date != shipment.presentation_date:
                shipments.record_presentation(actor=request.user, shipment=shipment,
                                              presentation_date=presentation_date)
            return detentions.detain_shipment(actor=request.user, shipment=shipment, **data)

        return self.act(
            obj=shipment, body=inputs.DetainInput, call=detain, roles=STAFF_ROLES, status_code=status.HTTP_201_CREATED,
            answer=lambda detention: queries.visible_detentions(request.user)
            .prefetch_related(*DETENTION_PREFETCH).get(pk=detention.pk),
            answer_serializer=DetentionSerializer,
        )
