"""Detentions: the case, its clocks, the actions open to the caller, and the audit timeline."""

import datetime

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound

from cases import queries
from cases.api import inputs
from cases.api.declared import declared_actions
from cases.api.filters import DetentionFilter
from cases.api.middleware import DEPRECATED_ENDPOINT_ATTRIBUTE
from cases.api.pagination import Cursor, TimelineCursor
from cases.api.permissions import IsAgencyStaff
from cases.api.serializers import (
    DetentionSerializer,
    NoteSerializer,
    ProtestSerializer,
    SubmissionSerializer,
    TimelineEventSerializer,
)
from cases.api.views.base import ReadOnlyResource, post_action
from cases.later_findings import attach_findings_in_force
from cases.services import protests, submissions

# docs/api-changelog.md "Seizure shortcuts": deprecated on the first day, answered as removed after the sunset.
SEIZURE_SHORTCUTS_DEPRECATED_ON = datetime.date(2026, 12, 7)
SEIZURE_SHORTCUTS_SUNSET = datetime.date(2027, 6, 30)

# The state-table guards read a detention's decisions, protests and filed packages; its clocks are part of the answer.
DETENTION_PREFETCH = ("deadlines", "decisions", "protests", "submissions")


# The acts cases.actions declares for a detention are added as endpoints by `declared_actions`.
@declared_actions("detention", created={"note": (queries.visible_notes, NoteSerializer)})
class DetentionViewSet(ReadOnlyResource):
    """Detained entries (19 U.S.C. 1499(c)), with `allowed_actions` and their `deadlines`."""

    scoped_query = staticmethod(queries.visible_detentions)
    prefetch = DETENTION_PREFETCH
    serializer_class = DetentionSerializer
    filterset_class = DetentionFilter
    pagination_class = Cursor
    ordering_fields = ["id", "detained_on", "presented_on", "status"]

    def paginate_queryset(self, queryset):
        # The seizure-under-a-later-Finding guard reads the Findings in force for each excluded case: read them once
        # for the page, so that `allowed_actions` runs a bounded number of queries whatever the number of cases.
        page = super().paginate_queryset(queryset)
        if page is not None and self.action == "list":  # the timeline pages audit events, not cases
            attach_findings_in_force(page)
        return page

    def _transition(self, service, body=None, **fixed):
        detention = self.get_object()
        return self.act(obj=detention, body=body,
                        call=lambda **data: service(actor=self.request.user, detention=detention, **fixed, **data))

    # Deprecated (docs/api-changelog.md, 2026-12-07): the seizure record is the one way to forfeit or release
    # seized goods. Until the sunset these paths answer as that record's acts would, with Deprecation headers.
    def _deprecated(self):
        if timezone.now().date() > SEIZURE_SHORTCUTS_SUNSET:  # a UTC date, as its Sunset header
            raise NotFound("This operation was removed; act on the seizure record (/api/v1/seizures/).")
        setattr(self.request._request, DEPRECATED_ENDPOINT_ATTRIBUTE, (
            SEIZURE_SHORTCUTS_DEPRECATED_ON, SEIZURE_SHORTCUTS_SUNSET,
            settings.API_CHANGELOG_URL.split("#")[0] + "#seizure-shortcuts"))

    @extend_schema(deprecated=True)
    @post_action("record-forfeiture", request=inputs.Reasoned, response=DetentionSerializer,
                 summary="Deprecated: declare the forfeiture on the detention's seizure record "
                         "(POST /api/v1/seizures/{id}/declare-forfeiture/)")
    def deprecated_record_forfeiture(self, request, pk=None):
        self._deprecated()
        from cases.services import seizures  # noqa: PLC0415

        return self._transition(seizures.declare_forfeiture_of_detention, inputs.Reasoned)

    @extend_schema(deprecated=True)
    @post_action("release-from-seizure", request=inputs.Reasoned, response=DetentionSerializer,
                 summary="Deprecated: seized goods are released by the approved petition decision "
                         "(POST /api/v1/seizure-petitions/{id}/approve-decision/); always refused")
    def deprecated_release_from_seizure(self, request, pk=None):
        self._deprecated()
        from cases.services import seizures  # noqa: PLC0415

        return self._transition(seizures.refuse_release_outside_petition, inputs.Reasoned)

    @post_action("save-draft", request=inputs.DraftInput, response=SubmissionSerializer,
                 summary="Create or update the importer's draft admissibility submission (19 CFR 12.43)")
    def save_draft(self, request, pk=None):
        detention = self.get_object()
        return self.act(
            obj=detention, body=inputs.DraftInput,
            call=lambda **data: submissions.save_draft(actor=request.user, detention=detention, **data),
            answer=lambda draft: queries.visible_submissions(request.user).filter(pk=draft.pk).first() or draft,
            answer_serializer=SubmissionSerializer,
        )

    @post_action("file-protest", request=inputs.ProtestInput, response=ProtestSerializer, status_code=201,
                 summary="Protest the exclusion (CBP Form 19; 19 U.S.C. 1514)")
    def file_protest(self, request, pk=None):
        detention = self.get_object()
        return self.act(
            obj=detention, body=inputs.ProtestInput, status_code=status.HTTP_201_CREATED,
            call=lambda **data: protests.file_protest(actor=request.user, detention=detention, **data),
            answer=lambda protest: queries.visible_protests(request.user).get(pk=protest.pk),
            answer_serializer=ProtestSerializer,
        )

    @extend_schema(responses=TimelineEventSerializer(many=True), summary="The case's audit trail (staff only)")
    @action(detail=True, methods=["get"], permission_classes=[IsAgencyStaff], pagination_class=TimelineCursor,
            filter_backends=[], serializer_class=TimelineEventSerializer)
    def timeline(self, request, pk=None):
        detention = self.get_object()
        events = queries.visible_audit_events(request.user).filter(detention=detention)
        page = self.paginate_queryset(events)
        return self.get_paginated_response(TimelineEventSerializer(page, many=True).data)
