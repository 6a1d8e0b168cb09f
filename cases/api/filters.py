"""Filters on the fields the work queues sort and narrow by (status, port, basis, officer, dates)."""

import django_filters as filters
from django import forms

from cases import models

# Ids are 64-bit integers in the database; a larger number is refused as a bad value (400), never
# sent to the database (where it would overflow).
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class IdFilter(filters.NumberFilter):
    field_class = IdField


class FilterSet(filters.FilterSet):
    """Filters on a relation or an id take a bounded integer id."""

    @classmethod
    def filter_for_lookup(cls, field, lookup_type):
        if field.is_relation or field.primary_key:
            return IdFilter, {}
        return super().filter_for_lookup(field, lookup_type)


class ShipmentFilter(FilterSet):
    importation_date_after = filters.DateFilter(field_name="importation_date", lookup_expr="gte")
    importation_date_before = filters.DateFilter(field_name="importation_date", lookup_expr="lte")

    class Meta:
        model = models.Shipment
        fields = ["release_status", "port_code", "importer", "country_of_origin", "entry_number"]


class DetentionFilter(FilterSet):
    status = filters.MultipleChoiceFilter(choices=models.DetentionStatus.choices)
    importer = IdFilter(field_name="shipment__importer")
    entry_number = filters.CharFilter(field_name="shipment__entry_number")
    detained_after = filters.DateFilter(field_name="detained_on", lookup_expr="gte")
    detained_before = filters.DateFilter(field_name="detained_on", lookup_expr="lte")
    unassigned = filters.BooleanFilter(field_name="assigned_officer", lookup_expr="isnull")

    class Meta:
        model = models.Detention
        fields = ["status", "basis", "port_code", "assigned_officer", "wro", "finding"]


class DeadlineFilter(FilterSet):
    due_after = filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = filters.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = models.Deadline
        fields = ["kind", "state", "party", "detention"]


class SubmissionFilter(FilterSet):
    class Meta:
        model = models.AdmissibilitySubmission
        fields = ["status", "package", "detention", "organisation"]


class RfiFilter(FilterSet):
    class Meta:
        model = models.RequestForInformation
        fields = ["status", "detention"]


class DecisionFilter(FilterSet):
    class Meta:
        model = models.Decision
        fields = ["status", "outcome", "detention"]


class ProtestFilter(FilterSet):
    class Meta:
        model = models.Protest
        fields = ["status", "detention", "organisation"]


class InvestigationFilter(FilterSet):
    class Meta:
        model = models.Investigation
        fields = ["status", "priority", "assigned_officer", "country", "suspected_basis"]


class WroFilter(FilterSet):
    class Meta:
        model = models.WithholdReleaseOrder
        fields = ["status", "country", "entity", "confidence"]


class FindingFilter(FilterSet):
    class Meta:
        model = models.Finding
        fields = ["status", "country", "entity", "confidence"]


class EntityFilter(FilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = models.ForeignEntity
        fields = ["country", "name"]


class PetitionFilter(FilterSet):
    class Meta:
        model = models.ModificationPetition
        fields = ["status", "wro", "finding", "full_revocation"]


class NotificationFilter(FilterSet):
    unread = filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = models.Notification
        fields = ["kind", "detention"]
