"""Withhold Release Orders and Findings (19 CFR 12.42(e), (f)) under /orders/."""

from drf_spectacular.utils import extend_schema
from rest_framework import status

from cases import queries
from cases.api import inputs
from cases.api.filters import FindingFilter, PetitionFilter, WroFilter
from cases.api.permissions import IsAgencyStaff
from cases.api.serializers import FindingSerializer, PetitionSerializer, WroDetailSerializer, WroSerializer
from cases.api.views.base import ReadOnlyResource, post_action
from cases.models import Role
from cases.services import orders
from cases.services.shipments import STAFF_ROLES


class WroViewSet(ReadOnlyResource):
    """WROs: drafts are internal; importers see the published ones."""

    scoped_query = staticmethod(queries.visible_wros)
    filterset_class = WroFilter
    ordering_fields = ["id", "effective_date", "reference"]
    ordering = ["-id"]

    def get_serializer_class(self):
        # allowed_actions reads whether a Finding exists per order: on one object, not on a list.
        return WroSerializer if self.action == "list" else WroDetailSerializer

    @extend_schema(request=inputs.WroInput, responses={201: WroDetailSerializer},
                   summary="Draft a Withhold Release Order (staff)")
    def create(self, request):
        return self.act(obj=None, body=inputs.WroInput, roles=STAFF_ROLES, status_code=status.HTTP_201_CREATED,
                        call=lambda **data: orders.create_wro(actor=request.user, **data),
                        answer=lambda wro: self.get_queryset().get(pk=wro.pk))

    def _service(self, service, body):
        wro = self.get_object()
        return self.act(obj=wro, body=body, call=lambda **data: service(actor=self.request.user, wro=wro, **data))

    @post_action("activate", request=inputs.ActivationInput, response=WroDetailSerializer,
                 summary="Activate a draft order (supervisors)")
    def activate(self, request, pk=None):
        return self._service(orders.activate_wro, inputs.ActivationInput)

    @post_action("modify", request=inputs.ModificationInput, response=WroDetailSerializer,
                 summary="Modify the order for a named producer or importer")
    def modify(self, request, pk=None):
        return self._service(orders.modify_wro, inputs.ModificationInput)

    @post_action("revoke", request=inputs.EndInput, response=WroDetailSerializer, summary="Revoke the order")
    def revoke(self, request, pk=None):
        return self._service(orders.revoke_wro, inputs.EndInput)

    @post_action("convert-to-finding", request=inputs.ConversionInput, response=FindingSerializer, status_code=201,
                 summary="Publish a Finding converting this order (19 CFR 12.42(f))")
    def convert_to_finding(self, request, pk=None):
        wro = self.get_object()
        return self.act(
            obj=wro, body=inputs.ConversionInput, status_code=status.HTTP_201_CREATED,
            call=lambda **data: orders.publish_finding(actor=request.user, source_wro=wro, **data),
            answer=lambda finding: queries.visible_findings(request.user).get(pk=finding.pk),
            answer_serializer=FindingSerializer,
        )


class FindingViewSet(ReadOnlyResource):
    """Findings published in the Federal Register (19 CFR 12.42(f)); public record, read by importers too."""

    scoped_query = staticmethod(queries.visible_findings)
    serializer_class = FindingSerializer
    filterset_class = FindingFilter
    ordering_fields = ["id", "published_date", "reference"]
    ordering = ["-id"]

    @extend_schema(request=inputs.FindingInput, responses={201: FindingSerializer},
                   summary="Record a published Finding (supervisors)")
    def create(self, request):
        return self.act(obj=None, body=inputs.FindingInput, roles=(Role.SUPERVISOR,),
                        status_code=status.HTTP_201_CREATED,
                        call=lambda **data: orders.publish_finding(actor=request.user, **data),
                        answer=lambda finding: self.get_queryset().get(pk=finding.pk))

    def _service(self, service, body):
        finding = self.get_object()
        return self.act(obj=finding, body=body,
                        call=lambda **data: service(actor=self.request.user, finding=finding, **data))

    @post_action("modify", request=inputs.ModificationInput, response=FindingSerializer,
                 summary="Modify the Finding for a named producer or importer")
    def modify(self, request, pk=None):
        return self._service(orders.modify_finding, inputs.ModificationInput)

    @post_action("mark-no-longer-necessary", request=inputs.EndInput, response=FindingSerializer,
                 summary="Mark the Finding no longer necessary")
    def mark_no_longer_necessary(self, request, pk=None):
        return self._service(orders.mark_finding_no_longer_necessary, inputs.EndInput)


class PetitionViewSet(ReadOnlyResource):
    """Petitions to modify or revoke a WRO or Finding, as received by the Forced Labor Division (staff)."""

    scoped_query = staticmethod(queries.visible_petitions)
    permission_classes = [IsAgencyStaff]
    serializer_class = PetitionSerializer
    filterset_class = PetitionFilter
    ordering_fields = ["id", "submitted_on"]
    ordering = ["-id"]

    @extend_schema(request=inputs.PetitionInput, responses={201: PetitionSerializer},
                   summary="Record a petition to modify or revoke an order in force (staff)")
    def create(self, request):
        return self.act(obj=None, body=inputs.PetitionInput, roles=STAFF_ROLES, status_code=status.HTTP_201_CREATED,
                        call=lambda **data: orders.submit_petition(actor=request.user, **data),
                        answer=lambda petition: self.get_queryset().get(pk=petition.pk))
