"""Withhold Release Orders and Findings (19 CFR 12.42(e), (f)) under /orders/."""

from cases import queries
from cases.api.declared import declared_actions
from cases.api.filters import FindingFilter, PetitionFilter, WroFilter
from cases.api.permissions import IsAgencyStaff
from cases.api.serializers import FindingSerializer, PetitionSerializer, WroDetailSerializer, WroSerializer
from cases.api.views.base import ReadOnlyResource


# The acts on an order are declared in cases.actions (with the order page's forms) and added here.
@declared_actions("wro", response=WroDetailSerializer,
                  created={"finding": (queries.visible_findings, FindingSerializer)})
class WroViewSet(ReadOnlyResource):
    """WROs: drafts are internal; importers see the published ones."""

    scoped_query = staticmethod(queries.visible_wros)
    filterset_class = WroFilter
    ordering_fields = ["id", "effective_date", "reference"]
    ordering = ["-id"]

    def get_serializer_class(self):
        # allowed_actions reads whether a Finding exists per order: on one object, not on a list.
        return WroSerializer if self.action == "list" else WroDetailSerializer


@declared_actions("finding")
class FindingViewSet(ReadOnlyResource):
    """Findings published in the Federal Register (19 CFR 12.42(f)); public record, read by importers too."""

    scoped_query = staticmethod(queries.visible_findings)
    serializer_class = FindingSerializer
    filterset_class = FindingFilter
    ordering_fields = ["id", "published_date", "reference"]
    ordering = ["-id"]


@declared_actions("order_petition")
class PetitionViewSet(ReadOnlyResource):
    """Petitions to modify or revoke a WRO or Finding, as received by the Forced Labor Division (staff)."""

    scoped_query = staticmethod(queries.visible_petitions)
    permission_classes = [IsAgencyStaff]
    serializer_class = PetitionSerializer
    filterset_class = PetitionFilter
    ordering_fields = ["id", "submitted_on"]
    ordering = ["-id"]
