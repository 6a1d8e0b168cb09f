"""Browser forms: they parse and label input; the services decide what is allowed and valid."""

from django import forms

from cases.models import (
    Basis,
    DetentionStatus,
    FindingStatus,
    IloIndicator,
    InvestigationStatus,
    Role,
    User,
    WroStatus,
)
from cases.validators import validate_date_in_horizon

DATE = forms.DateInput(attrs={"type": "date"})


class SaneDateField(forms.DateField):
    """A date field refusing years before 1930 or more than a few years ahead (cases.validators)."""

    default_validators = [validate_date_in_horizon]


def _blank(choices, label="Any"):
    return [("", label), *choices]


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(required=False, choices=_blank(DetentionStatus.choices))
    port = forms.RegexField(required=False, regex=r"^\d{4}$", max_length=4, label="Port code",
                            error_messages={"invalid": "A port code is 4 digits, e.g. 1001."})
    basis = forms.ChoiceField(required=False, choices=_blank(Basis.choices))
    order = forms.CharField(required=False, max_length=40, label="Order reference")
    country = forms.RegexField(required=False, regex=r"^[A-Za-z]{2}$", max_length=2, label="Country of origin",
                               error_messages={"invalid": "Use the two-letter country code, e.g. CN."})
    hts = forms.RegexField(required=False, regex=r"^[0-9.]{2,12}$", max_length=12, label="HTS code starts with",
                           error_messages={"invalid": "Digits and dots only, e.g. 4015.19."})
    importer = forms.CharField(required=False, max_length=100, label="Importer name contains")
    officer = forms.ChoiceField(required=False, label="Assigned officer")
    detained_from = SaneDateField(required=False, widget=DATE, label="Detained from")
    detained_to = SaneDateField(required=False, widget=DATE, label="Detained to")
    presented_from = SaneDateField(required=False, widget=DATE, label="Presented from")
    presented_to = SaneDateField(required=False, widget=DATE, label="Presented to")

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [("", "Anyone"), ("none", "Nobody (unassigned)")] + [
            (str(o.pk), o.display_name) for o in officers
        ]


class SavedFilterForm(forms.Form):
    name = forms.CharField(max_length=80, label="Name for this filter")
    query_string = forms.CharField(max_length=1000, required=False, widget=forms.HiddenInput)


def officer_choices():
    return User.objects.filter(role=Role.OFFICER, is_active=True).order_by("last_name", "first_name", "username")


class BulkAssignForm(forms.Form):
    officer = forms.ModelChoiceField(queryset=User.objects.none(), label="Assign the selected detentions to",
                                     empty_label="Choose an officer")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officer_choices()


class OrderFilterForm(forms.Form):
    KINDS = [("wro", "Withhold Release Orders"), ("finding", "Findings")]
    kind = forms.ChoiceField(choices=KINDS, required=False, label="Kind of order")
    q = forms.CharField(required=False, max_length=100, label="Reference, entity or merchandise contains")
    status = forms.ChoiceField(required=False, label="Status")
    country = forms.RegexField(required=False, regex=r"^[A-Za-z]{2}$", max_length=2, label="Country",
                               error_messages={"invalid": "Use the two-letter country code, e.g. CN."})
    merchandise = forms.CharField(required=False, max_length=100, label="Merchandise contains")
    entity = forms.CharField(required=False, max_length=100, label="Entity contains")
    date_from = SaneDateField(required=False, widget=DATE, label="Effective from")
    date_to = SaneDateField(required=False, widget=DATE, label="Effective to")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        statuses = {"wro": WroStatus.choices, "finding": FindingStatus.choices}
        kind = (self.data.get("kind") or "wro") if self.is_bound else "wro"
        self.fields["status"].choices = _blank(statuses.get(kind, WroStatus.choices))


class InvestigationFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=_blank(InvestigationStatus.choices))
    q = forms.CharField(required=False, max_length=100, label="Reference, subject or merchandise contains")
    mine = forms.BooleanField(required=False, label="Only investigations assigned to me")


class IndicatorChecklistForm(forms.Form):
    """The 11 ILO indicators, each observed or not, with notes."""

    def __init__(self, *args, assessments=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = {a.indicator: a for a in assessments or ()}
        for value, label in IloIndicator.choices:
            existing = current.get(value)
            self.fields[f"{value}__observed"] = forms.BooleanField(
                required=False, label=f"{label}: observed", initial=bool(existing and existing.observed))
            self.fields[f"{value}__notes"] = forms.CharField(
                required=False, label=f"{label}: notes", widget=forms.Textarea(attrs={"rows": 2}),
                initial=existing.notes if existing else "")

    def rows(self):
        return [(value, label, self[f"{value}__observed"], self[f"{value}__notes"])
                for value, label in IloIndicator.choices]





