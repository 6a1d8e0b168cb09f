"""Investigations opened on allegations (19 CFR 12.42(a)-(e)); agency staff only."""

from drf_spectacular.utils import extend_schema
from rest_framework import status

from cases import queries
from cases.api import inputs
from cases.api.filters import InvestigationFilter
from cases.api.permissions import IsAgencyStaff
from cases.api.serializers import InvestigationDetailSerializer, InvestigationSerializer, WroDetailSerializer
from cases.api.views.base import ReadOnlyResource, post_action
from cases.services import investigations
from cases.services.shipments import STAFF_ROLES


class InvestigationViewSet(ReadOnlyResource):
    """Forced-labor investigations, from the allegation to a WRO recommendation (19 CFR 12.42(a)-(e); staff)."""

    scoped_query = staticmethod(queries.visible_investigations)
    permission_classes = [IsAgencyStaff]
    filterset_class = InvestigationFilter
    ordering_fields = ["id", "allegation_received_on", "priority"]
    ordering = ["-id"]

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.action == "list" else queryset.prefetch_related("indicators")

    def get_serializer_class(self):
        return InvestigationSerializer if self.action == "list" else InvestigationDetailSerializer

    @extend_schema(request=inputs.AllegationInput, responses={201: InvestigationDetailSerializer},
                   summary="Log an allegation (19 CFR 12.42(a)-(b))")
    def create(self, request):
        return self.act(obj=None, body=inputs.AllegationInput, roles=STAFF_ROLES, status_code=status.HTTP_201_CREATED,
                        call=lambda **data: investigations.receive_allegation(actor=request.user, **data),
                        answer=lambda investigation: self.get_queryset().get(pk=investigation.pk))

    def _service(self, service, body=None, transition=None):
        investigation = self.get_object()
        return self.act(obj=investigation, body=body, transition=transition,
                        call=lambda **data: service(actor=self.request.user, investigation=investigation, **data))

    @post_action("return-nonconforming", request=inputs.AdviceInput, response=InvestigationDetailSerializer,
                 summary="Return a non-conforming allegation with written advice (12.42(b))")
    def return_nonconforming(self, request, pk=None):
        return self._service(investigations.return_nonconforming, inputs.AdviceInput)

    @post_action("open", request=None, response=InvestigationDetailSerializer, summary="Open the investigation")
    def open(self, request, pk=None):
        return self._service(investigations.open_investigation, transition="open_investigation")

    @post_action("assign", request=inputs.InvestigationAssignInput, response=InvestigationDetailSerializer,
                 summary="Assign the investigating officer (supervisors)")
    def assign(self, request, pk=None):
        return self._service(investigations.assign_investigation, inputs.InvestigationAssignInput)

    @post_action("assess-indicator", request=inputs.IndicatorInput, response=InvestigationDetailSerializer,
                 summary="Record the finding on one ILO indicator")
    def assess_indicator(self, request, pk=None):
        return self._service(investigations.assess_indicator, inputs.IndicatorInput, transition="assess_indicators")

    @post_action("close", request=inputs.CloseInput, response=InvestigationDetailSerializer,
                 summary="Close with no action")
    def close(self, request, pk=None):
        return self._service(investigations.close_investigation, inputs.CloseInput, transition="close_no_action")

    @post_action("recommend-wro", request=inputs.RecommendationInput, response=WroDetailSerializer, status_code=201,
                 summary="Recommend a Withhold Release Order (a draft for a supervisor)")
    def recommend_wro(self, request, pk=None):
        investigation = self.get_object()
        return self.act(
            obj=investigation, body=inputs.RecommendationInput, status_code=status.HTTP_201_CREATED,
            call=lambda **data: investigations.recommend_wro(actor=request.user, investigation=investigation, **data),
            answer=lambda wro: queries.visible_wros(request.user).get(pk=wro.pk),
            answer_serializer=WroDetailSerializer,
        )
