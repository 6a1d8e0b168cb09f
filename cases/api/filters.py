"""Filters on the fields the work queues sort and narrow by (status, port, basis, officer, dates)."""

import django_filters as filters

from cases import models


class ShipmentFilter(filters.FilterSet):
    importation_date_after = filters.DateFilter(field_name="importation_date", lookup_expr="gte")
    importation_date_before = filters.DateFilter(field_name="importation_date", lookup_expr="lte")

    class Meta:
        model = models.Shipment
        fields = ["release_status", "port_code", "importer", "country_of_origin", "entry_number"]


class DetentionFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=models.DetentionStatus.choices)
    importer = filters.NumberFilter(field_name="shipment__importer")
    entry_number = filters.CharFilter(field_name="shipment__entry_number")
    detained_after = filters.DateFilter(field_name="detained_on", lookup_expr="gte")
    detained_before = filters.DateFilter(field_name="detained_on", lookup_expr="lte")
    unassigned = filters.BooleanFilter(field_name="assigned_officer", lookup_expr="isnull")

    class Meta:
        model = models.Detention
        fields = ["status", "basis", "port_code", "assigned_officer", "wro", "finding"]


class DeadlineFilter(filters.FilterSet):
    due_after = filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = filters.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = models.Deadline
        fields = ["kind", "state", "party", "detention"]


class SubmissionFilter(filters.FilterSet):
    class Meta:
        model = models.AdmissibilitySubmission
        fields = ["status", "package", "detention", "organisation"]


class RfiFilter(filters.FilterSet):
    class Meta:
        model = models.RequestForInformation
        fields = ["status", "detention"]


class DecisionFilter(filters.FilterSet):
    class Meta:
        model = models.Decision
        fields = ["status", "outcome", "detention"]


class ProtestFilter(filters.FilterSet):
    class Meta:
        model = models.Protest
        fields = ["status", "detention", "organisation"]


class InvestigationFilter(filters.FilterSet):
    class Meta:
        model = models.Investigation
        fields = ["status", "priority", "assigned_officer", "country", "suspected_basis"]


class WroFilter(filters.FilterSet):
    class Meta:
        model = models.WithholdReleaseOrder
        fields = ["status", "country", "entity", "confidence"]


class FindingFilter(filters.FilterSet):
    class Meta:
        model = models.Finding
        fields = ["status", "country", "entity", "confidence"]


class EntityFilter(filters.FilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = models.ForeignEntity
        fields = ["country", "name"]


class NotificationFilter(filters.FilterSet):
    unread = filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = models.Notification
        fields = ["kind", "detention"]
