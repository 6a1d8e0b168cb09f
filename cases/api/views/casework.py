"""The parts of a case with their own life: submissions, RFIs, decisions, protests, clocks, notices."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from cases import queries
from cases.api.declared import declared_actions
from cases.api.filters import (
    DeadlineFilter,
    DecisionFilter,
    NotificationFilter,
    ProtestFilter,
    RfiFilter,
    SubmissionFilter,
)
from cases.api.pagination import PageNumbersOrCursor
from cases.api.serializers import (
    DeadlineSerializer,
    DecisionSerializer,
    NotificationSerializer,
    ProtestSerializer,
    RfiSerializer,
    SubmissionSerializer,
)
from cases.api.views.base import ReadOnlyResource, post_action
from cases.services import notifications


class MarkedRead(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were unread and are now read.")


@declared_actions("submission")
class SubmissionViewSet(ReadOnlyResource):
    """Admissibility submissions (19 CFR 12.43). Drafts are made with POST /detentions/{id}/save-draft/."""

    scoped_query = staticmethod(queries.visible_submissions)
    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilter
    ordering_fields = ["id", "submitted_at", "status"]
    ordering = ["-id"]


@declared_actions("rfi")
class RfiViewSet(ReadOnlyResource):
    """Requests for information; officers send them with POST /detentions/{id}/send-rfi/."""

    scoped_query = staticmethod(queries.visible_rfis)
    serializer_class = RfiSerializer
    filterset_class = RfiFilter
    ordering_fields = ["id", "sent_on", "due_date"]
    ordering = ["-id"]


class DecisionViewSet(ReadOnlyResource):
    """Admissibility decisions; importers see a decision once it took effect."""

    scoped_query = staticmethod(queries.visible_decisions)
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    ordering_fields = ["id", "proposed_at"]
    ordering = ["-id"]


# The acts on a protest, the importer's and the staff's decisions, are declared in cases.actions (with the
# pages' forms) and added here.
@declared_actions("protest")
class ProtestViewSet(ReadOnlyResource):
    """Protests of exclusions (19 U.S.C. 1514); filed with POST /detentions/{id}/file-protest/."""

    scoped_query = staticmethod(queries.visible_protests)
    serializer_class = ProtestSerializer
    filterset_class = ProtestFilter
    ordering_fields = ["id", "filed_on"]
    ordering = ["-id"]

    # The state-table guards read the protest's clocks, the detention's clocks and its decisions.
    prefetch = ("deadlines", "detention__deadlines", "detention__decisions")


def _deadline_rows(actor):
    """The caller's clocks without their joined records: the answer names the detention, entry, RFI and
    protest by id only (read from the clock's own row), so loading them would be work thrown away."""
    return queries.visible_deadlines(actor).select_related(None)


@declared_actions("deadline")
class DeadlineViewSet(ReadOnlyResource):
    """Clocks (domain.md section 3) as rows: kind, due date, citation, state."""

    scoped_query = staticmethod(_deadline_rows)
    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilter
    # ?paging=cursor: a page deep in half a million clocks is an index range read, not an OFFSET sort.
    pagination_class = PageNumbersOrCursor
    ordering_fields = ["id", "due_date"]
    ordering = ["due_date", "id"]


class NotificationViewSet(ReadOnlyResource):
    """The caller's own in-app notifications."""

    scoped_query = staticmethod(queries.visible_notifications)
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    pagination_class = PageNumbersOrCursor
    ordering_fields = ["id", "created_at"]
    ordering = ["-id"]

    @post_action("mark-read", response=NotificationSerializer, summary="Mark the notification read")
    def mark_read(self, request, pk=None):
        notification = self.get_object()
        return self.act(obj=notification,
                        call=lambda: notifications.mark_read(actor=request.user, notification=notification))

    @extend_schema(request=None, responses={200: MarkedRead}, summary="Mark every unread notification read")
    @action(detail=False, methods=["post"], url_path="mark-all-read", filter_backends=[], pagination_class=None)
    def mark_all_read(self, request):
        return Response({"marked": notifications.mark_all_read(actor=request.user)})
