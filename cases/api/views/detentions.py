"""Detentions: the case, its clocks, the actions open to the caller, and the audit timeline."""

import datetime

from django.conf import settings
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
from cases.services import decisions, detentions, protests, rfis, submissions

# docs/api-changelog.md "Seizure shortcuts": deprecated on the first day, answered as removed after the sunset.
SEIZURE_SHORTCUTS_DEPRECATED_ON = datetime.date(2026, 12, 7)
SEIZURE_SHORTCUTS_SUNSET = datetime.date(2027, 6, 30)

# The state-table guards read a detention's decisions and protests; its clocks are part of the answer.
DETENTION_PREFETCH = ("deadlines", "decisions", "protests")


# The acts cases.actions declares for a detention are added as endpoints by `declared_actions`.
@declared_actions("detention")
class DetentionViewSet(ReadOnlyResource):
    """Detained entries (19 U.S.C. 1499(c)), with `allowed_actions` and their `deadlines`."""

    scoped_query = staticmethod(queries.visible_detentions)
    prefetch = DETENTION_PREFETCH
    serializer_class = DetentionSerializer
    filterset_class = DetentionFilter
    pagination_class = Cursor
    ordering_fields = ["id", "detained_on", "presented_on", "status"]

    def _transition(self, service, body=None, **fixed):
        detention = self.get_object()
        return self.act(obj=detention, body=body,
                        call=lambda **data: service(actor=self.request.user, detention=detention, **fixed, **data))

    @post_action("issue-notice", request=inputs.NoticeInput, response=DetentionSerializer,
                 summary="Issue the notice of detention (CBP Form 6051D; 1499(c)(2))")
    def issue_notice(self, request, pk=None):
        return self._transition(detentions.issue_notice, inputs.NoticeInput)

    @post_action("take", request=inputs.Versioned, response=DetentionSerializer, summary="Take the case")
    def take(self, request, pk=None):
        return self._transition(detentions.take_detention, inputs.Versioned)

    @post_action("assign", request=inputs.AssignInput, response=DetentionSerializer,
                 summary="Assign or reassign the officer (supervisors)")
    def assign(self, request, pk=None):
        return self._transition(detentions.assign_detention, inputs.AssignInput)

    @post_action("start-review", request=inputs.Versioned, response=DetentionSerializer,
                 summary="Start reviewing the filed package")
    def start_review(self, request, pk=None):
        return self._transition(submissions.start_review, inputs.Versioned)

    @post_action("send-rfi", request=inputs.RfiInput, response=DetentionSerializer,
                 summary="Send a request for information (CBP Form 28 practice)")
    def send_rfi(self, request, pk=None):
        return self._transition(rfis.send_rfi, inputs.RfiInput)

    @post_action("propose-decision", request=inputs.ProposalInput, response=DetentionSerializer,
                 summary="Propose release, exclusion or seizure (a supervisor approves)")
    def propose_decision(self, request, pk=None):
        return self._transition(decisions.propose_decision, inputs.ProposalInput)

    @post_action("approve-decision", request=inputs.Versioned, response=DetentionSerializer,
                 summary="Approve the proposed decision (four eyes)")
    def approve_decision(self, request, pk=None):
        return self._transition(decisions.approve_decision, inputs.Versioned)

    @post_action("send-back-decision", request=inputs.Reasoned, response=DetentionSerializer,
                 summary="Send the proposed decision back with a reason")
    def send_back_decision(self, request, pk=None):
        return self._transition(decisions.send_back_decision, inputs.Reasoned)

    @post_action("elect-export", request=inputs.ExportInput, response=DetentionSerializer,
                 summary="Elect to export the goods (19 CFR 12.44(a))")
    def elect_export(self, request, pk=None):
        return self._transition(detentions.elect_export, inputs.ExportInput)

    # Deprecated (docs/api-changelog.md, 2026-12-07): the seizure record is the one way to forfeit or release
    # seized goods. Until the sunset these paths answer as that record's acts would, with Deprecation headers.
    def _deprecated(self):
        if datetime.date.today() > SEIZURE_SHORTCUTS_SUNSET:
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

    @post_action("add-note", request=inputs.NoteInput, response=NoteSerializer, status_code=201,
                 summary="Add a case note, internal or shared with the importer")
    def add_note(self, request, pk=None):
        detention = self.get_object()
        return self.act(obj=detention, body=inputs.NoteInput, status_code=status.HTTP_201_CREATED,
                        call=lambda **data: detentions.add_note(actor=request.user, detention=detention, **data),
                        answer=lambda note: note, answer_serializer=NoteSerializer)

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
