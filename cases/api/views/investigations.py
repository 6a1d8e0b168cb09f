"""Investigations opened on allegations (19 CFR 12.42(a)-(e)); agency staff only."""

from cases import queries
from cases.api.declared import declared_actions
from cases.api.filters import InvestigationFilter
from cases.api.permissions import IsAgencyStaff
from cases.api.serializers import InvestigationDetailSerializer, InvestigationSerializer, WroDetailSerializer
from cases.api.views.base import ReadOnlyResource


# The acts on an investigation are declared in cases.actions (with the investigation page's forms) and added
# here; the indicator checklist of the page records each indicator through the same service as this API.
@declared_actions("investigation", response=InvestigationDetailSerializer,
                  created={"wro": (queries.visible_wros, WroDetailSerializer)})
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
